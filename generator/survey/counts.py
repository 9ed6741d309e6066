"""Counting answers a column at a time: how many respondents gave each score, per group.

A table of answers may hold millions of rows (load/big_csv.py), and a score is one of a handful of
values. So a column is numbered once (each distinct value made exact once, every row given the
number of its value), and what the methodologies compute — who rated, the satisfied, the sum of
scores — is integer counts per group and score, times the exact value of each score: exact figures
(Fractions, never floats) from integer work in numpy instead of a Fraction per row.
"""
from __future__ import annotations

import math
from fractions import Fraction
from functools import partial

import numpy as np
import pandas as pd

from generator.exact import exact
from generator.resources import in_threads


def numbered(values: pd.Series) -> tuple[np.ndarray, list]:
    """(the number of each row's value, -1 where it is missing; the distinct values, sorted as
    groupby(sort=True) sorts them). A categorical column is numbered already."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        codes = values.cat.codes.to_numpy()  # small integers (int8, int16): 8 bytes a row saved on millions
        categories = list(values.cat.categories)
        if values.cat.ordered or categories == sorted(categories):
            return codes, categories
        order = sorted(range(len(categories)), key=categories.__getitem__)
        renumber = np.empty(len(categories) + 1, dtype=np.int64)
        renumber[[i + 1 for i in order]] = np.arange(len(order))
        renumber[0] = -1
        return renumber[codes + 1], [categories[i] for i in order]
    codes, uniques = pd.factorize(values, sort=True)
    return codes.astype(np.int64), list(uniques)


def exact_scores(values: pd.Series) -> tuple[np.ndarray, list[Fraction]]:
    """(the number of each row's score, -1 where none was given; the exact distinct scores)."""
    counted = _whole_numbers(values)
    if counted is not None:
        return counted
    codes, uniques = numbered(values)
    scores = [exact(value) for value in uniques]
    if any(score is None for score in scores):  # NaN among the uniques of an object column
        keep = [i for i, score in enumerate(scores) if score is not None]
        renumber = np.full(len(scores) + 1, -1, dtype=np.int64)
        renumber[[i + 1 for i in keep]] = np.arange(len(keep))
        codes, scores = renumber[codes + 1], [scores[i] for i in keep]
    return codes, scores


_SPAN = 1 << 16  # whole scores spread wider than this are numbered by sorting
_BINS = 1 << 22  # groups × scores of every column: counted at once up to this many bins (32 MB)


def _whole_numbers(values: pd.Series) -> tuple[np.ndarray, list[Fraction]] | None:
    """exact_scores of a number column whose scores are whole numbers close together (1–5 points,
    NaN where none was given): each score's number comes from its distance to the least, without
    sorting or hashing millions of floats. None for any other column."""
    if values.dtype.kind not in "if" or not len(values):
        return None
    array = values.to_numpy()
    low, high = np.fmin.reduce(array), np.fmax.reduce(array)  # NaN left out (all NaN: NaN), and no warning
    if np.isnan(low):
        return np.full(len(array), -1, dtype=np.int64), []
    if not (np.isfinite(low) and np.isfinite(high) and high - low < _SPAN):
        return None
    shifted = array - (low - 1)  # the least score → 1; no score (NaN) → 0 below
    if array.dtype.kind == "f":
        shifted[np.isnan(array)] = 0  # a mask of a byte a row: twice as quick as nan_to_num over floats
    small = np.int8 if high - low < 120 else np.int32  # a byte a row for points 1–5
    slots = shifted.astype(small)
    if not bool(np.equal(slots, shifted).all()):  # compared as they are read, no float copy of the slots
        return None  # a fraction of a point somewhere
    seen = np.bincount(slots)[1:] > 0
    if seen.all():
        slots -= 1
        codes = slots
    else:
        number = np.concatenate(([-1], np.cumsum(seen) - 1)).astype(small)
        codes = number[slots]
    return codes, [exact(int(low) + int(offset)) for offset in np.flatnonzero(seen)]


def score_counts(values: pd.Series) -> dict[Fraction, int]:
    """Exact score → how many respondents gave it (empty cells left out)."""
    codes, scores = exact_scores(values)
    counts = np.bincount(codes[codes >= 0], minlength=len(scores))
    return {score: int(count) for score, count in zip(scores, counts) if count}


def groups(frame: pd.DataFrame, keys: list[str]) -> tuple[np.ndarray, list[tuple]]:
    """(each row's group, -1 where a key is missing; the groups' keys) in the order of
    frame.groupby(keys, sort=True), which leaves out the rows with a missing key as this does."""
    numbering = [numbered(frame[key]) for key in keys]
    combined = np.zeros(len(frame), dtype=np.int64)
    missing = None
    for codes, uniques in numbering:
        if (codes < 0).any():
            missing = (codes < 0) if missing is None else missing | (codes < 0)
            codes = np.maximum(codes, 0)
        combined *= max(len(uniques), 1)
        combined += codes  # in place: the small codes widen as they are added
    space = int(np.prod([max(len(uniques), 1) for _, uniques in numbering], dtype=object))
    given = combined if missing is None else combined[~missing]
    if space <= 1 << 24:  # the usual: organs × channels × … — counted, not sorted
        present = np.flatnonzero(np.bincount(given, minlength=space))
        number = np.full(space, -1, dtype=np.int64)
        number[present] = np.arange(len(present))
        row_group = number[combined]
    else:
        present, group = np.unique(given, return_inverse=True)
        row_group = group.ravel() if missing is None else np.full(len(frame), -1, dtype=np.int64)
        if missing is not None:
            row_group[~missing] = group.ravel()
    if missing is not None:
        row_group[missing] = -1
    names = []
    for value in present.tolist():
        parts = []
        for codes, uniques in reversed(numbering):
            value, code = divmod(value, max(len(uniques), 1))
            parts.append(uniques[code])
        names.append(tuple(reversed(parts)))
    return row_group, names


class Tally:
    """Answers counted per group of `keys` (organ × channel, say): how many rows each group has and,
    per score column, how many of its rows gave each score. The groups are numbered as groupby(keys,
    sort=True) walks them, rows with a missing key left out."""

    def __init__(self, frame: pd.DataFrame, keys: list[str], columns) -> None:
        row_group, self.names = groups(frame, keys)
        present = [column for column in columns if column in frame]
        scored = in_threads([partial(exact_scores, frame[column]) for column in present])  # a column a thread
        self.scores = {column: scores for column, (_, scores) in zip(present, scored)}
        count, widths = len(self.names) + 1, [len(scores) + 1 for _, scores in scored]  # 0: no key / no score
        if count * math.prod(widths) <= _BINS:  # every column counted in one pass: group × score × score …
            # 4 bytes a row (the bins fit): the slots of millions of rows are worked out through half the memory
            slot = row_group.astype(np.int32)
            slot += 1
            for (codes, _), width in zip(scored, widths):
                slot *= width
                slot += codes
                slot += 1
            table = np.bincount(slot, minlength=count * math.prod(widths)).reshape(count, *widths)
            axes = range(1, len(widths) + 1)
            self.rows = table.sum(axis=tuple(axes))[1:]
            self.counts = {column: table.sum(axis=tuple(a for a in axes if a != axis))[1:, 1:]
                           for axis, column in zip(axes, present)}
            return
        slot = row_group + 1
        self.rows = np.bincount(slot, minlength=count)[1:]
        self.counts = {}
        for column, (codes, _), width in zip(present, scored, widths):
            table = np.bincount(slot * width + (codes + 1), minlength=count * width).reshape(count, width)
            self.counts[column] = table[1:, 1:]

    def by_first_key(self) -> Tally:
        """The same answers per value of the first key alone, the groups summed: right when no row
        has the first key and misses another (they are in no group here)."""
        merged = object.__new__(Tally)
        first = [name[0] for name in self.names]
        merged.names = [(key,) for key in dict.fromkeys(first)]
        index = {key: i for i, (key,) in enumerate(merged.names)}
        into = np.array([index[key] for key in first], dtype=np.int64)
        merged.rows = np.zeros(len(index), dtype=self.rows.dtype)
        np.add.at(merged.rows, into, self.rows)
        merged.scores = self.scores
        merged.counts = {}
        for column, table in self.counts.items():
            summed = np.zeros((len(index), table.shape[1]), dtype=table.dtype)
            np.add.at(summed, into, table)
            merged.counts[column] = summed
        return merged

    def score_counts(self, group: int, column: str) -> dict[Fraction, int]:
        """Exact score → how many of the group's rows gave it in `column` (scores nobody gave left out)."""
        if column not in self.counts:
            return {}
        return {score: int(n) for score, n in zip(self.scores[column], self.counts[column][group]) if n}

    def rated_and_sum(self, group: int, column: str) -> tuple[int, Fraction]:
        """(rows of the group that gave a score in `column`, the exact sum of their scores)."""
        counts = self.score_counts(group, column)
        return sum(counts.values()), sum((score * n for score, n in counts.items()), Fraction(0))
