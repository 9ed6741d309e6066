"""Kaluga on exact values: figures built onto every edge of Куд and Кэф take the band the scale's
closed side names; equal organs share a place; the order of rows changes nothing."""
from fractions import Fraction

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.config import Organization
from generator.methods import METHODOLOGIES
from generator.methods.kaluga import efficiency_figure, satisfaction_figures
from generator.periods import parse_period
from generator.results import Figure, assign_ranks
from tests.test_invariants import organ_tables

KALUGA = METHODOLOGIES["kaluga"]
PERIOD = parse_period("2025")
CHANNELS = KALUGA.channels
hundredths = st.integers(100, 500).map(lambda n: Fraction(n, 100))  # a score 1,00–5,00 as typed


def feedback(channel_scores: dict[str, list[Fraction]]) -> pd.DataFrame:
    rows = [{"organization_id": "x", "channel": channel, "criterion": criterion, "respondents": 10, "score": score}
            for channel, scores in channel_scores.items() for criterion, score in zip(KALUGA.criteria, scores)]
    return pd.DataFrame(rows, columns=["organization_id", "channel", "criterion", "respondents", "score"])


NO_EPGU = pd.DataFrame(columns=["service_id", "csi", "ratings"])
KUD_EDGES = sorted({b.lower for b in KALUGA.scales["kud"].bands if b.lower} |
                   {b.upper for b in KALUGA.scales["kud"].bands if b.upper})


@settings(max_examples=60, deadline=None)
@given(st.sampled_from([e for e in KUD_EDGES if 20 <= e <= 100]), hundredths, st.data())
def test_kud_built_onto_an_edge_takes_the_closed_side(edge, a, data):
    csi = edge / 20  # Куд = CSI / 5 × 100
    low, high = max(Fraction(1), 3 * csi - a - 5), min(Fraction(5), 3 * csi - a - 1)
    if low > high:
        return  # no two scores of 1–5 complete `a` to this CSI
    b = data.draw(st.integers(int(low * 100), int(high * 100)).map(lambda n: Fraction(n, 100)))
    c = 3 * csi - a - b  # the third criterion that puts the channel's CSI exactly on the edge
    kud = KALUGA.with_band(satisfaction_figures(feedback({"in_person": [a, b, c]}), NO_EPGU, CHANNELS)["kud"])
    assert kud.value == edge
    assert kud.band == KALUGA.scales["kud"].band_for(edge) and kud.band.contains(edge)


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(st.sampled_from([c for c in CHANNELS if c != "epgu"]), st.lists(hundredths, min_size=3,
                                                                                    max_size=3), min_size=1))
def test_kud_is_the_exact_mean_of_channel_means(channels):
    got = satisfaction_figures(feedback(channels), NO_EPGU, CHANNELS)["kud"].value
    by_hand = sum((sum(s, Fraction(0)) / 3 / 5 * 100 for s in channels.values()), Fraction(0)) / len(channels)
    assert got == by_hand


def test_kef_on_each_edge_of_table_1_6():
    for band in KALUGA.scales["kef"].bands:
        if band.lower is None:
            continue
        kud = Figure("kud", band.lower - Fraction(1, 10))
        kpr = Figure("kpr", band.lower + Fraction(1, 10))
        kef = KALUGA.with_band(efficiency_figure(kud, kpr))
        assert kef.value == band.lower and kef.band == band


@settings(max_examples=40, deadline=None)
@given(organ_tables(), st.randoms(use_true_random=False))
def test_reordering_rows_changes_no_figure_and_twins_share_a_place(tables, random):
    first = KALUGA.organ(PERIOD, Organization(id="x", name="Первый", sector="С"), tables)
    shuffled = {name: table.sample(frac=1, random_state=random.randint(0, 10**6)) for name, table in tables.items()}
    twin = KALUGA.organ(PERIOD, Organization(id="x", name="Второй", sector="С"), shuffled)
    assert {k: f.value for k, f in first.figures.items()} == {k: f.value for k, f in twin.figures.items()}
    assign_ranks([first, twin], "kef")
    assert first.rank == twin.rank
