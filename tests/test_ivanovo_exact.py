"""Ivanovo on exact values: shares and their mean are exact fractions, equal organs share a place,
the order of questionnaires changes nothing, and «не изменился» stops exactly at 0,05 п. п."""
from fractions import Fraction

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.config import Organization
from generator.methods import METHODOLOGIES
from generator.methods.ivanovo import direction
from generator.periods import parse_period
from generator.results import assign_ranks

IVANOVO = METHODOLOGIES["ivanovo"]
PERIOD = parse_period("2025")
answers = st.lists(st.integers(1, 5), min_size=0, max_size=12)


def rows(service_id: str, scores: list[int]) -> pd.DataFrame:
    return pd.DataFrame([{"respondent": n, "service_id": service_id, "channel": "in_person", "overall": s}
                         for n, s in enumerate(scores, start=1)],
                        columns=["respondent", "service_id", "channel", "overall"])


def organ(name: str, services: dict[str, list[int]]):
    organization = Organization(id=name, name=name, sector="С")
    assessed = [IVANOVO.service(PERIOD, organization, {"service_id": sid, "name": sid, "socially_significant": True},
                                rows(sid, scores)) for sid, scores in services.items()]
    return IVANOVO.organ(PERIOD, organization, assessed)


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(st.sampled_from(["a", "b", "c"]), answers, min_size=1), st.randoms(use_true_random=False))
def test_usz_is_the_exact_mean_of_shares_and_twins_share_a_place(services, random):
    first = organ("first", services)
    asked = [s for s in services.values() if s]
    by_hand = (sum((Fraction(100 * sum(1 for x in s if x >= 4), len(s)) for s in asked), Fraction(0)) / len(asked)
               if asked else None)
    assert first.value("usz") == by_hand
    shuffled = {sid: random.sample(scores, len(scores)) for sid, scores in reversed(list(services.items()))}
    twin = organ("twin", shuffled)
    assert twin.value("usz") == first.value("usz")
    assign_ranks([first, twin], "usz")
    assert first.rank == twin.rank


def test_a_mean_of_two_thirds_and_one_third_is_exactly_fifty():
    assert organ("x", {"a": [5, 5, 1], "b": [4, 1, 2]}).value("usz") == 50


def test_unchanged_stops_exactly_at_five_hundredths():
    assert direction(Fraction(499, 10000)) == "не изменился"
    assert direction(Fraction(5, 100)) == "возрос"  # prints as +0,1 п. п.: it did change
    assert direction(Fraction(-5, 100)) == "снизился"
