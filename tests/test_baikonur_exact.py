"""Baikonur on exact numbers: edges of the score scale, ties in the availability rating (п. 5.1), and
the order of the input rows.

The inputs are built so that a figure lands exactly on an edge of the five-point scale: scores are
two-decimal numbers, as an organ types them into its workbook, and are passed as the exact
fractions the table reader makes of them. The band expected at each edge is written out from the
reading of the scale («от 4,5 до 5 — отлично … граница относится к строке выше»), not taken from
the scale object under test.
"""
from __future__ import annotations

from fractions import Fraction as F
from types import SimpleNamespace

import pandas as pd
import pytest
from hypothesis import assume, example, given, settings, strategies as st

from generator.config import Organization
from generator.dataset import PeriodData
from generator.methods import METHODOLOGIES
from generator.methods.baikonur import criterion_mean, service_score
from generator.methods.baikonur.inputs import CHANNELS, CRITERIA
from generator.periods import parse_period
from generator.results import Assessment, Figure, reference_mean

BAIKONUR = METHODOLOGIES["baikonur"]
FAST = settings(max_examples=50, deadline=None)

# Each edge of the scale and the band its closed side names: [from, to), the top band closed at 5 too.
EDGES = {F(1): "very_poor", F(3, 2): "poor", F(5, 2): "fair", F(7, 2): "good", F(9, 2): "excellent",
         F(5): "excellent"}
LOWEST, HIGHEST = F(1), F(5)


def on_scale(*scores: F) -> bool:
    return all(LOWEST <= s <= HIGHEST for s in scores)


# ---- a criterion's weighted mean exactly on an edge ------------------------------------------

@st.composite
def two_channels_averaging_to(draw, edge: F) -> tuple[int, F, int, F]:
    """(n1, o1, n2, o2): two channels with two-decimal scores whose weighted mean is exactly `edge`.
    o1 = e + D/100 and o2 = e − n1·D / (100·n2), with n2 a divisor of n1·D so that o2 has two decimals
    too — the issue's 4 × 3,90 and 40 × 4,56 is e = 4,5, D = −60, n2 = 40."""
    n1 = draw(st.integers(1, 60))
    shift = draw(st.integers(int((LOWEST - edge) * 100), int((HIGHEST - edge) * 100)))
    divisors = [d for d in range(1, 61) if shift == 0 or (n1 * shift) % d == 0]
    n2 = draw(st.sampled_from(divisors))
    o1, o2 = edge + F(shift, 100), edge - F(n1 * shift, 100 * n2)
    assume(on_scale(o2))
    return n1, o1, n2, o2


@FAST
@example(edge=F(9, 2), channels=(4, F("3.90"), 40, F("4.56")))
@given(edge=st.sampled_from(sorted(EDGES)), channels=st.data())
def test_weighted_criterion_mean_on_an_edge_gets_the_band_of_the_closed_side(edge, channels):
    n1, o1, n2, o2 = channels if isinstance(channels, tuple) else channels.draw(two_channels_averaging_to(edge))
    figure = BAIKONUR.with_band(criterion_mean("criterion_time", "Время",
                                               [("Телефон", n1, o1), ("Терминал", n2, o2)]))
    assert figure.value == edge
    assert figure.band.code == EDGES[edge]


def test_the_issue_example_hand_computed():
    # (4 × 3,90 + 40 × 4,56) / 44 = (15,6 + 182,4) / 44 = 198 / 44 = 4,5 — «отлично» (4,5 ≤ Оj ≤ 5)
    figure = BAIKONUR.with_band(criterion_mean("criterion_time", "Время",
                                               [("Телефон", 4, F("3.90")), ("Терминал", 40, F("4.56"))]))
    assert figure.value == F(9, 2) and figure.band.code == "excellent"


# ---- the service score О and the reference means exactly on an edge ------------------------------

@st.composite
def criteria_averaging_to(draw, edge: F) -> list[F]:
    """k criterion means (1 ≤ k ≤ 5), two-decimal, whose mean is exactly `edge`."""
    k = draw(st.integers(1, 5))
    free = [F(draw(st.integers(100, 500)), 100) for _ in range(k - 1)]
    last = edge * k - sum(free, F(0))
    return free + [last] if on_scale(last) else [edge] * k


@FAST
@given(data=st.data(), edge=st.sampled_from(sorted(EDGES)))
def test_service_score_on_an_edge_gets_the_band_of_the_closed_side(data, edge):
    means = data.draw(criteria_averaging_to(edge))
    criteria = [(title, Figure(f"criterion_{code}", value)) for (code, title), value in zip(CRITERIA.items(), means)]
    criteria += [(title, Figure(f"criterion_{code}", None)) for code, title in list(CRITERIA.items())[len(means):]]
    score = BAIKONUR.with_band(service_score(criteria))
    assert score.value == edge and score.band.code == EDGES[edge]


@FAST
@given(data=st.data(), edge=st.sampled_from(sorted(EDGES)))
def test_organ_and_city_means_on_an_edge_get_the_band_of_the_closed_side(data, edge):
    scores = data.draw(criteria_averaging_to(edge))
    services = [Assessment(None, None, "baikonur", True, service_name=f"Услуга {i}",
                           figures={"score": Figure("score", s)}) for i, s in enumerate(scores)]
    figure = BAIKONUR.with_band(reference_mean("score", "Оорг", services, "score", "", "О"))
    assert figure.value == edge and figure.band.code == EDGES[edge]


@pytest.mark.parametrize("value, band", [
    (F(449, 100), "good"), (F(9, 2), "excellent"), (F(349, 100), "fair"), (F(7, 2), "good"),
    (F(249, 100), "poor"), (F(5, 2), "fair"), (F(149, 100), "very_poor"), (F(3, 2), "poor")])
def test_just_below_each_edge_is_the_band_below(value, band):
    assert BAIKONUR.scales["score"].band_for(value).code == band


# ---- ties and row order in the availability rating ---------------------------------------------

ORGANS = {"alpha": Organization(id="alpha", name="Орган А", sector="Сфера"),
          "beta": Organization(id="beta", name="Орган Б", sector="Сфера")}
COLUMNS = ["organization_id", "service_id", "channel", "criterion", "respondents", "score", "_row"]


def quarter(rows: list[dict]) -> tuple[SimpleNamespace, PeriodData]:
    """A dataset of one quarter given as a survey table with `rows` (in that order)."""
    services = sorted({(r["service_id"], r["organization_id"]) for r in rows})
    dataset = SimpleNamespace(
        services=pd.DataFrame([{"service_id": s, "organization_id": o, "name": f"Услуга {s}"} for s, o in services]),
        organizations=ORGANS)
    survey = pd.DataFrame([{**r, "_row": i} for i, r in enumerate(rows, start=2)], columns=COLUMNS)
    survey["score"] = survey["score"].astype(object)
    empty = {name: pd.DataFrame(columns=["service_id", "_row"]) for name in ("responses", "proposals")}
    return dataset, PeriodData(parse_period("2025-Q1"), "baikonur", {"survey": survey, **empty})


score_text = st.integers(100, 500).map(lambda c: F(c, 100))


@st.composite
def service_rows(draw, service_id: str, organization_id: str) -> list[dict]:
    """The survey rows of one service: some channels × some criteria, 1–60 respondents each."""
    channels = draw(st.lists(st.sampled_from(list(CHANNELS)), min_size=1, max_size=4, unique=True))
    criteria = draw(st.lists(st.sampled_from(list(CRITERIA)), min_size=1, max_size=5, unique=True))
    return [{"organization_id": organization_id, "service_id": service_id, "channel": c, "criterion": k,
             "respondents": draw(st.integers(1, 60)), "score": draw(score_text)} for c in channels for k in criteria]


def computed(rows: list[dict]):
    dataset, period = quarter(rows)
    return BAIKONUR.compute(dataset, [period])


def published(results) -> dict:
    """Everything the quarter publishes about services and organs: exact value, band, place, calculation."""
    return {(a.organization.id, a.service_id, code): (f.value, f.band.code if f.band else None, a.rank,
                                                      f.symbolic, tuple(i.value for i in f.inputs))
            for a in results.assessments for code, f in a.figures.items()} | {
        ("city", None, code): (f.value, f.symbolic) for code, f in results.municipal["2025-Q1"].items()}


@FAST
@given(data=st.data(), factor=st.integers(2, 5))
def test_equal_exact_scores_share_the_smallest_place(data, factor):
    own = data.draw(service_rows("s1", "alpha"))
    others = data.draw(st.lists(st.sampled_from(["s3", "s4", "s5"]), unique=True, max_size=3))
    rows = own + [r for s in others for r in data.draw(service_rows(s, "beta"))]
    # a twin of s1 in another organ: every channel asked `factor` times as many people with the same
    # means, in another row order — the same exact weighted means, so the same О
    twin = [{**r, "service_id": "s2", "organization_id": "beta", "respondents": r["respondents"] * factor}
            for r in reversed(own)]
    results = computed(data.draw(st.permutations(rows + twin)))
    services = {a.service_id: a for a in results.services}
    assert services["s1"].value("score") == services["s2"].value("score")
    assert services["s1"].rank == services["s2"].rank
    for service in services.values():  # the place is one more than the number of strictly better services
        better = sum(1 for other in services.values() if other.value("score") > service.value("score"))
        assert service.rank == better + 1


def test_hand_computed_tie_from_different_inputs():
    # С1: время (4 × 3,90 + 40 × 4,56) / 44 = 4,5; С2: время 1 × 4,5 / 1 = 4,5; С3: 4,49 — третье место
    rows = [{"organization_id": "alpha", "service_id": "s1", "channel": "phone", "criterion": "time",
             "respondents": 4, "score": F("3.90")},
            {"organization_id": "alpha", "service_id": "s1", "channel": "terminal", "criterion": "time",
             "respondents": 40, "score": F("4.56")},
            {"organization_id": "beta", "service_id": "s2", "channel": "internet", "criterion": "time",
             "respondents": 1, "score": F("4.5")},
            {"organization_id": "beta", "service_id": "s3", "channel": "internet", "criterion": "time",
             "respondents": 7, "score": F("4.49")}]
    ranks = {a.service_id: (a.rank, a.figures["score"].band.code) for a in computed(rows).services}
    assert ranks == {"s1": (1, "excellent"), "s2": (1, "excellent"), "s3": (3, "good")}


@FAST
@given(data=st.data())
def test_reordering_the_rows_changes_nothing(data):
    rows = [r for s, o in (("s1", "alpha"), ("s2", "alpha"), ("s3", "beta"))
            for r in data.draw(service_rows(s, o))]
    shuffled = data.draw(st.permutations(rows))
    assert published(computed(shuffled)) == published(computed(rows))


# ---- the page of the issue's example -------------------------------------------------------------

def test_the_page_prints_the_band_of_the_exact_value(tmp_path):
    """(4 × 3,90 + 40 × 4,56) / 44 = 4,5 and О = (4,5 + 2,5) / 2 = 3,5: in floats these were 4,4999… and
    3,4999…, printed as «4,50 — Хорошо» and «3,50 · 2,5 ≤ О < 3,5 — Удовлетворительно»."""
    import shutil
    from pathlib import Path

    from generator.build import prepare

    fixture = Path(__file__).parent / "fixtures" / "baikonur"
    data = tmp_path / "data"
    (data / "periods" / "2025-Q1" / "survey").mkdir(parents=True)
    for name in ("site.yaml", "organizations.yaml"):
        shutil.copy(fixture / name, data / name)
    (data / "services.csv").write_text("service_id,organization_id,name,socially_significant\n"
                                       "s1,alpha,Услуга С1,да\n", encoding="utf-8")
    (data / "periods" / "2025-Q1" / "survey" / "alpha.csv").write_text(
        "service_id,channel,criterion,respondents,score\n"
        's1,phone,time,4,"3,90"\ns1,terminal,time,40,"4,56"\ns1,phone,queue,4,"2,5"\n', encoding="utf-8")
    page = prepare(data).bundle.files["services/s1/2025-Q1.md"]
    assert "<code>(3,9 × 4 + 4,56 × 40) / (4 + 40) = 4,50</code>" in page
    assert "Интерпретация: 4,5 ≤ Оj ≤ 5 — Отлично" in page
    assert "<code>(4,5 + 2,5) / 2 = 3,50</code>" in page
    assert "Интерпретация: 3,5 ≤ О &lt; 4,5 — Хорошо" in page
    assert "Удовлетворительно" not in page.split('id="figure-score"')[1]
    assert "Опрошено заявителей: 44." in page  # 4 by phone + 40 at the terminal, not 4 + 4 + 40 answers
