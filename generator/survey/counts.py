"""Counting answers a column at a time: how many respondents gave each score, per group.

A table of answers may hold millions of rows (load/big_csv.py), and a score is one of a handful of
values. So a column is numbered once (each distinct value made exact once, every row given the
number of its value), and what the methodologies compute — who rated, the satisfied, the sum of
scores — is integer counts per group and score, times the exact value of each score: exact figures
(Fractions, never floats) from integer work in numpy instead of a Fraction per row.
"""
from __future__ import annotations

from fractions import Fraction

import numpy as np
import pandas as pd

from generator.exact import exact


def numbered(values: pd.Series) -> tuple[np.ndarray, list]:
    """(the number of each row's value, -1 where it is missing; the distinct values, sorted as
    groupby(sort=True) sorts them). A categorical column is numbered already."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        codes = values.cat.codes.to_numpy(dtype=np.int64)
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
    codes, uniques = numbered(values)
    scores = [exact(value) for value in uniques]
    if any(score is None for score in scores):  # NaN among the uniques of an object column
        keep = [i for i, score in enumerate(scores) if score is not None]
        renumber = np.full(len(scores) + 1, -1, dtype=np.int64)
        renumber[[i + 1 for i in keep]] = np.arange(len(keep))
        codes, scores = renumber[codes + 1], [scores[i] for i in keep]
    return codes, scores


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
    missing = np.zeros(len(frame), dtype=bool)
    for codes, uniques in numbering:
        missing |= codes < 0
        combined = combined * max(len(uniques), 1) + np.maximum(codes, 0)
    space = int(np.prod([max(len(uniques), 1) for _, uniques in numbering], dtype=object))
    row_group = np.full(len(frame), -1, dtype=np.int64)
    if space <= 1 << 24:  # the usual: organs × channels × … — counted, not sorted
        present = np.flatnonzero(np.bincount(combined[~missing], minlength=space))
        number = np.full(space, -1, dtype=np.int64)
        number[present] = np.arange(len(present))
        row_group[~missing] = number[combined[~missing]]
    else:
        present, group = np.unique(combined[~missing], return_inverse=True)
        row_group[~missing] = group.ravel()
    names = []
    for value in present.tolist():
        parts = []
        for codes, uniques in reversed(numbering):
            value, code = divmod(value, max(len(uniques), 1))
            parts.append(uniques[code])
        names.append(tuple(reversed(parts)))
    return row_group, names


def rated_and_sums(row_group: np.ndarray, count: int, values: pd.Series) -> list[tuple[int, Fraction]]:
    """Per group: (respondents who gave a score, the exact sum of their scores)."""
    codes, scores = exact_scores(values)
    given = (codes >= 0) & (row_group >= 0)
    table = np.bincount(row_group[given] * max(len(scores), 1) + codes[given],
                        minlength=count * len(scores)).reshape(count, len(scores))
    return [(int(row.sum()), sum((score * int(n) for score, n in zip(scores, row) if n), Fraction(0)))
            for row in table]
