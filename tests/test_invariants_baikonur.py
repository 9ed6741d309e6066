"""Baikonur invariants for any survey results, checked with hypothesis through the public pipeline.

A criterion's mean Оj is the respondent-weighted mean of the channels' means (channels with 0 asked
left out), the service's О the mean of its rated criteria, the rating ranks services by О; the score
scale puts a value on an edge into the band above («4,5 — отлично», baikonur.yaml).
"""
from fractions import Fraction

from hypothesis import assume, given
from hypothesis import strategies as st

from tests.strategies import (assert_banded, assert_calculations, assert_places, decimal_text, decimals, examples,
                              own_figures, published, run, shuffled)

CHANNELS = ("phone", "terminal", "internet", "questionnaire")
CRITERIA = ("time", "queue", "politeness", "comfort", "information")
HEADER = ["organization_id", "service_id", "channel", "criterion", "respondents", "score"]
SURVEY = "periods/2025-Q1/survey.csv"
# a few round scores make equal О (shared places) common; the rest are any two-decimal score
SCORES = st.one_of(st.sampled_from([Fraction(n, 2) for n in range(2, 11)]), decimals(1, 5))


@st.composite
def organ(draw, organ_id: str):
    """An organ, its services and its survey rows: (service, channel, criterion, asked, score)."""
    services = [f"{organ_id}s{n}" for n in range(draw(st.integers(1, 2)))]
    cells = []
    for service in services:
        pairs = draw(st.lists(st.tuples(st.sampled_from(CHANNELS), st.sampled_from(CRITERIA)), unique=True,
                              max_size=6))
        for channel, criterion in pairs:
            asked = draw(st.integers(0, 30))
            cells.append((service, channel, criterion, asked, draw(SCORES) if asked else None))
    return {"id": organ_id, "services": services, "cells": cells}


@st.composite
def quarters(draw, organs=(1, 3)):
    count = draw(st.integers(*organs))
    return {"organs": [draw(organ(f"o{n}")) for n in range(count)], "comma": draw(st.booleans())}


def tables(data) -> tuple[list[dict], list[list], dict]:
    organizations = [{"id": o["id"], "name": f"Отдел {o['id']}", "sector": "Сфера"} for o in data["organs"]]
    services = [["service_id", "organization_id", "name"]] + [
        [s, o["id"], f"Услуга {s}"] for o in data["organs"] for s in o["services"]]
    survey = [HEADER] + [[o["id"], s, ch, cr, n, "" if score is None else decimal_text(score, data["comma"])]
                         for o in data["organs"] for s, ch, cr, n, score in o["cells"]]
    return organizations, services, {SURVEY: survey}


def compute(data, survey=None):
    organizations, services, files = tables(data)
    return run("baikonur", organizations, services, {SURVEY: survey or files[SURVEY]})


# ---- the formulas, written out from the act's reading ---------------------------------

def expected_service(cells) -> dict:
    criteria = {}
    for criterion in CRITERIA:
        answered = [(n, score) for _, _, cr, n, score in cells if cr == criterion and n > 0]
        total = sum(n for n, _ in answered)
        criteria[criterion] = sum(n * score for n, score in answered) / total if total else None
    rated = [v for v in criteria.values() if v is not None]
    channels = {ch for _, ch, *_ in cells}
    asked = sum(max(n for _, c, _, n, _ in cells if c == ch) for ch in channels)
    return {"criteria": criteria, "score": sum(rated) / len(rated) if rated else None, "asked": asked}


def mean(values):
    values = [v for v in values if v is not None]
    return sum(values) / len(values) if values else None


@examples(20)
@given(quarters())
def test_every_figure_is_its_formula_within_the_scale_and_in_its_band(data):
    results = compute(data)
    services = {a.service_id: a for a in results.services}
    organs = {a.organization.id: a for a in results.organs}
    expected = {}
    for o in data["organs"]:
        for service in o["services"]:
            cells = [c for c in o["cells"] if c[0] == service]
            if not cells:
                assert service not in services  # no row at all: listed as missing on the organ's page
                continue
            expected[service] = want = expected_service(cells)
            got = services[service]
            for criterion, value in want["criteria"].items():
                assert got.value(f"criterion_{criterion}") == value, (service, criterion)
            assert got.value("score") == want["score"] and got.value("respondents") == want["asked"]
            for code, figure in got.figures.items():
                if figure.band is not None:
                    assert 1 <= figure.value <= 5, (service, code, figure.value)
        own = [expected[s]["score"] for s in o["services"] if s in expected]
        assert organs[o["id"]].monitored == bool(o["cells"])
        if o["cells"]:
            assert organs[o["id"]].value("score") == mean(own)
            assert organs[o["id"]].value("respondents") == sum(expected[s]["asked"] for s in o["services"]
                                                               if s in expected)
        assert organs[o["id"]].rank is None  # the rating ranks services, not organs
    municipal = results.municipal["2025-Q1"]
    assert municipal["score"].value == mean(e["score"] for e in expected.values())
    assert municipal["services_rated"].value == sum(1 for e in expected.values() if e["score"] is not None)
    assert_banded("baikonur", results.assessments)
    assert_calculations(results.assessments, results.municipal)
    rated = [a for a in services.values() if a.value("score") is not None]
    assert all(a.rank is None for a in services.values() if a.value("score") is None)
    assert_places(rated, lambda x, y: x.value("score") > y.value("score"))


@examples(8)
@given(quarters(), st.data())
def test_equal_scores_share_the_smallest_place(data, draw):
    """A service answered exactly like another (in another organ) gets its О and its place."""
    answered = [(o, s) for o in data["organs"] for s in o["services"] if any(c[0] == s and c[3] for c in o["cells"])]
    assume(answered)
    o, service = draw.draw(st.sampled_from(answered))
    twin = {"id": "twin", "services": ["twins"], "cells": [("twins", *c[1:]) for c in o["cells"] if c[0] == service]}
    results = compute({**data, "organs": [*data["organs"], twin]})
    first, second = (next(a for a in results.services if a.service_id == s) for s in (service, "twins"))
    assert first.value("score") == second.value("score") and first.rank == second.rank
    rated = [a for a in results.services if a.value("score") is not None]
    assert_places(rated, lambda x, y: x.value("score") > y.value("score"))


@examples(8)
@given(quarters(), st.randoms(use_true_random=False))
def test_row_order_changes_no_figure_and_no_place(data, random):
    _, _, files = tables(data)
    assert published(compute(data)) == published(compute(data, shuffled(files[SURVEY], random)))


@examples(8)
@given(quarters(), st.data())
def test_a_higher_score_never_lowers_the_service_or_its_place(data, draw):
    answered = [(o, i) for o in data["organs"] for i, cell in enumerate(o["cells"]) if cell[3] > 0 and cell[4] < 5]
    assume(answered)
    o, index = draw.draw(st.sampled_from(answered))
    service, channel, criterion, asked, score = o["cells"][index]
    higher = draw.draw(decimals(score + Fraction(1, 100), 5))
    cells = [*o["cells"][:index], (service, channel, criterion, asked, higher), *o["cells"][index + 1:]]
    before = compute(data)
    after = compute({**data, "organs": [{**x, "cells": cells} if x is o else x for x in data["organs"]]})
    then, now = (next(a for a in r.services if a.service_id == service) for r in (before, after))
    assert now.value(f"criterion_{criterion}") > then.value(f"criterion_{criterion}")
    assert now.value("score") > then.value("score")
    assert now.rank <= then.rank


@examples(8)
@given(st.sampled_from([Fraction(3, 2), Fraction(5, 2), Fraction(7, 2), Fraction(9, 2)]),
       st.integers(1, 40), st.integers(1, 40), st.booleans(), st.data())
def test_a_mean_exactly_on_an_edge_takes_the_band_above(edge, first, second, comma, draw):
    """(o1·n1 + o2·n2) / (n1 + n2) = edge exactly, with o1 = edge − step·n2/100 and o2 = edge + step·n1/100:
    the weighted mean of two decimal scores lands on the edge, as (4 × 3,90 + 40 × 4,56) / 44 = 4,5 does."""
    step = draw.draw(st.integers(0, int(min((edge - 1) * 100 / second, (5 - edge) * 100 / first))))
    low, high = edge - Fraction(step * second, 100), edge + Fraction(step * first, 100)
    data = {"comma": comma, "organs": [{"id": "o1", "services": ["s1"], "cells": [
        ("s1", "phone", "time", first, low), ("s1", "terminal", "time", second, high)]}]}
    service = next(a for a in compute(data).services if a.service_id == "s1")
    above = {Fraction(3, 2): "poor", Fraction(5, 2): "fair", Fraction(7, 2): "good", Fraction(9, 2): "excellent"}
    for code in ("criterion_time", "score"):
        assert service.value(code) == edge
        assert service.figures[code].band.code == above[edge], (code, service.figures[code].band)


@examples(8)
@given(quarters(organs=(1, 2)), organ("new"))
def test_adding_an_organ_changes_no_other_subjects_own_figures(data, newcomer):
    before = own_figures(compute(data))
    after = own_figures(compute({**data, "organs": [*data["organs"], newcomer]}))
    for subject, figures in before.items():
        assert after[subject] == figures, subject
    assert {k for k in after if k[1] != "new"} == set(before)
