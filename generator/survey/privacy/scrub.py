"""All layers together: every piece of personal data in a comment, and the comment without it."""
from __future__ import annotations

import bisect
import functools
import re

from generator.survey.privacy.base import MARKS, Found
from generator.survey.privacy.names import person_names
from generator.survey.privacy.patterns import bare_addresses, card_numbers, shaped_identifiers
from generator.survey.privacy.phones import phone_numbers


def find(text: str) -> list[Found]:
    """Every piece of personal data found, left to right, without overlaps.

    Shaped identifiers come first (a passport number is not a phone number); overlapping
    spans of one kind are joined, so a name found in part by one layer and in full by
    another is removed in full."""
    return list(_find(text)) if text else []


@functools.lru_cache(maxsize=4096)
def _find(text: str) -> tuple[Found, ...]:
    # cached: a build scrubs one comment for its page, its quotes and its open data
    taken: list[Found] = []
    phones = phone_numbers(text)
    shaped = shaped_identifiers(text) + _cards_beside_phones(card_numbers(text), _joined(phones))
    for layer in (shaped, phones, bare_addresses(text), person_names(_without_marks(text))):
        for found in _joined(layer):
            overlapping = [t for t in taken if found.start < t.end and t.start < found.end]
            if not overlapping:
                taken.append(found)
            elif all(t.kind == found.kind for t in overlapping):
                # «Ленина 5 кв 12»: the flat found first, the street and house later — one address
                taken = [t for t in taken if t not in overlapping]
                taken.append(Found(found.kind, min(found.start, *(t.start for t in overlapping)),
                                   max(found.end, *(t.end for t in overlapping)), ""))
    return tuple(Found(f.kind, f.start, f.end, text[f.start:f.end]) for f in sorted(taken, key=lambda f: f.start))


_MARK = re.compile("|".join(re.escape(mark) for mark in MARKS.values()))


def _without_marks(text: str) -> str:
    """The text with every mark written over by zeros, the same length: the names are looked for in
    it so that a mark does not make the next word look like a name («[телефон скрыт] Талон» — a
    bracket then a capital), and a scrubbed text has no name left for a second scrub to find. Zeros
    read as the digits of the phone or card the mark stands for most often."""
    return _MARK.sub(lambda m: "0" * len(m.group()), text)


def _cards_beside_phones(cards: list[Found], phones: list[Found]) -> list[Found]:
    """The readings of card numbers that, with the phone numbers they leave whole, hide the most text.

    Phone and card are both runs of digit groups, and written one after the other they make one run:
    «+7 900 000 00 00 2000000000000006» reads as a phone and a card, or as «00 2000000000000006», a card
    (the leading zeros pass the Luhn check too) leaving most of the phone. Of such readings the one
    hiding the most wins, a card on a tie (cards come before phones, as before); every identifier is
    then hidden whole, and a scrubbed text has no card left for a second scrub to find."""
    if not cards:
        return []
    spans = sorted(cards + phones, key=lambda f: (f.end, f.start))
    ends = [f.end for f in spans]
    # best[i]: (characters hidden, of them in cards) by the first i spans; took[i]: with span i - 1
    best, took, before = [(0, 0)], [False], []
    for index, span in enumerate(spans):
        before.append(bisect.bisect_right(ends, span.start, 0, index))  # the spans ending before it starts
        length = span.end - span.start
        hidden, in_cards = best[before[-1]]
        with_span = (hidden + length, in_cards + (length if span.kind == "card" else 0))
        took.append(with_span > best[index])
        best.append(max(best[index], with_span))
    chosen, index = [], len(spans)
    while index:
        if took[index]:
            chosen.append(spans[index - 1])
            index = before[index - 1]
        else:
            index -= 1
    return [f for f in reversed(chosen) if f.kind == "card"]


def _joined(found: list[Found]) -> list[Found]:
    """Overlapping spans of the same kind joined into one; of different kinds, the first listed wins."""
    order = {kind: i for i, kind in enumerate(dict.fromkeys(f.kind for f in found))}
    out: list[Found] = []
    for item in sorted(found, key=lambda f: (f.start, -f.end)):
        last = out[-1] if out else None
        if last and item.start < last.end:
            if item.kind == last.kind:
                out[-1] = Found(last.kind, last.start, max(last.end, item.end), "")
            elif order[item.kind] < order[last.kind] and item.end - item.start > last.end - last.start:
                out[-1] = item
            continue
        out.append(item)
    return out


def scrub(text: str | None) -> str:
    """The text with every piece of personal data replaced by its mark."""
    if not text:
        return ""
    out, last = [], 0
    for found in find(text):
        out.append(text[last:found.start])
        out.append(MARKS[found.kind])
        last = found.end
    out.append(text[last:])
    return "".join(out)


def has_personal_data(text: str | None) -> bool:
    return bool(text) and bool(find(text))
