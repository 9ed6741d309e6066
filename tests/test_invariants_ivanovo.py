"""Ivanovo invariants for any survey answers, checked with hypothesis through the public pipeline.

A respondent is satisfied when his overall score is 4 or 5 (ivanovo.yaml); Ду = satisfied / asked ×
100 % per service; Усз = the mean of Ду over the organ's socially significant services that were
asked (the city's: over all of them); organs are ranked by Усз.
"""
from fractions import Fraction

from hypothesis import assume, given
from hypothesis import strategies as st

from tests.strategies import (assert_banded, assert_calculations, assert_places, examples, own_figures, published,
                              run, shuffled)

HEADER = ["respondent", "service_id", "channel", "date", "overall", "information", "waiting", "staff", "comfort"]
RESPONSES = "periods/2025/responses.csv"
CHANNELS = ("in_person", "phone", "website", "mfc")
DATES = ("15.03.2025", "2025-06-01", "30.12.2025")


@st.composite
def organ(draw, organ_id: str):
    """An organ, its services (id, socially significant) and the answers: (service, overall, other scores)."""
    services = [(f"{organ_id}s{n}", draw(st.booleans())) for n in range(draw(st.integers(1, 3)))]
    answers = draw(st.lists(st.tuples(st.sampled_from([s for s, _ in services]), st.integers(1, 5),
                                      st.lists(st.one_of(st.none(), st.integers(1, 5)), min_size=4, max_size=4)),
                            max_size=8))
    return {"id": organ_id, "services": services, "answers": answers}


@st.composite
def years(draw, organs=(1, 4)):
    return {"organs": [draw(organ(f"o{n}")) for n in range(draw(st.integers(*organs)))]}


def tables(data) -> tuple[list[dict], list[list], dict]:
    organizations = [{"id": o["id"], "name": f"Комитет {o['id']}", "sector": "Сфера"} for o in data["organs"]]
    services = [["service_id", "organization_id", "name", "socially_significant"]] + [
        [s, o["id"], f"Услуга {s}", "да" if significant else "нет"]
        for o in data["organs"] for s, significant in o["services"]]
    answers = [a for o in data["organs"] for a in o["answers"]]
    responses = [HEADER] + [[n, service, CHANNELS[n % len(CHANNELS)], DATES[n % len(DATES)], overall,
                             *("" if s is None else s for s in others)]
                            for n, (service, overall, others) in enumerate(answers, start=1)]
    return organizations, services, {RESPONSES: responses}


def compute(data, responses=None):
    organizations, services, files = tables(data)
    return run("ivanovo", organizations, services, {RESPONSES: responses or files[RESPONSES]})


def share(overall_scores) -> Fraction | None:
    """The act's reading: satisfied = 4 or 5, exactly on the edge 4 included."""
    scores = list(overall_scores)
    return Fraction(100 * sum(1 for s in scores if s >= 4), len(scores)) if scores else None


def mean(values):
    values = [v for v in values if v is not None]
    return sum(values, Fraction(0)) / len(values) if values else None


@examples(20)
@given(years())
def test_every_figure_is_its_formula_within_the_range_and_the_rating_by_places(data):
    results = compute(data)
    services = {a.service_id: a for a in results.services}
    organs = {a.organization.id: a for a in results.organs}
    all_significant = []
    for o in data["organs"]:
        significant = []
        for service, is_significant in o["services"]:
            want = share(overall for s, overall, _ in o["answers"] if s == service)
            got = services[service]
            assert got.value("sat") == want and got.monitored == (want is not None), service
            assert want is None or 0 <= got.value("sat") <= 100
            if is_significant:
                significant.append(want)
        all_significant += significant
        assert organs[o["id"]].value("usz") == mean(significant), o["id"]
        assert organs[o["id"]].monitored == bool(o["answers"])
    municipal = results.municipal["2025"]
    answers = [a for o in data["organs"] for a in o["answers"]]
    assert municipal["usz"].value == mean(all_significant)
    assert municipal["sat"].value == share(overall for _, overall, _ in answers)
    assert municipal["respondents"].value == len(answers)
    assert municipal["services_asked"].value == len({s for s, _, _ in answers})
    assert_banded("ivanovo", results.assessments)
    assert_calculations(results.assessments, results.municipal)
    rated = [a for a in organs.values() if a.monitored and a.value("usz") is not None]
    assert all(a.rank is None for a in results.assessments if a not in rated)
    assert_places(rated, lambda x, y: x.value("usz") > y.value("usz"))


@examples(8)
@given(years(), st.randoms(use_true_random=False))
def test_row_order_changes_no_figure_and_no_place(data, random):
    _, _, files = tables(data)
    assert published(compute(data)) == published(compute(data, shuffled(files[RESPONSES], random)))


@examples(8)
@given(years(), st.data())
def test_a_higher_overall_score_never_lowers_a_share_nor_the_organs_place(data, draw):
    """One more satisfied answer (or any better one): Ду, the organ's Усз and its place do not get worse."""
    answers = [(o, i) for o in data["organs"] for i, (_, overall, _) in enumerate(o["answers"]) if overall < 5]
    assume(answers)
    o, index = draw.draw(st.sampled_from(answers))
    service, overall, others = o["answers"][index]
    better = (service, draw.draw(st.integers(overall + 1, 5)), others)
    changed = [*o["answers"][:index], better, *o["answers"][index + 1:]]
    before = compute(data)
    after = compute({**data, "organs": [{**x, "answers": changed} if x is o else x for x in data["organs"]]})
    then, now = (next(a for a in r.services if a.service_id == service) for r in (before, after))
    assert now.value("sat") >= then.value("sat")
    then, now = (next(a for a in r.organs if a.organization.id == o["id"]) for r in (before, after))
    if then.value("usz") is not None:
        assert now.value("usz") >= then.value("usz") and now.rank <= then.rank


@examples(10)
@given(st.lists(st.sampled_from([3, 4]), min_size=1, max_size=6))
def test_an_overall_score_of_exactly_four_is_satisfied_and_three_is_not(scores):
    data = {"organs": [{"id": "o0", "services": [("o0s0", True)],
                                         "answers": [("o0s0", s, [None] * 4) for s in scores]}]}
    service = compute(data).services[0]
    assert service.value("sat") == Fraction(100 * scores.count(4), len(scores))


@examples(10)
@given(years(organs=(1, 3)), organ("new"))
def test_adding_an_organ_changes_no_other_subjects_own_figures(data, newcomer):
    before = own_figures(compute(data))
    after = own_figures(compute({**data, "organs": [*data["organs"], newcomer]}))
    for subject, figures in before.items():
        assert after[subject] == figures, subject
