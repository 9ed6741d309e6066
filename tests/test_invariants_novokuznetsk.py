"""Novokuznetsk invariants for any assessment of services at points, checked with hypothesis through
the public pipeline.

Приложение № 2: parameter I is the mean of the rated requirements, parameters 2–8 score 5/2/0 as
answered (5 «не требуется»: left out), parameter 9 scores 5…1 by the share of satisfied on
[80; 100] · [50; 80) · [35; 50) · [20; 35) · [0; 20); Соку = the mean of the scored parameters,
И = the mean of Соку over the points; every row of the И scale is «> lower edge», so a value on an
edge belongs to the row below (METHODS.md, novokuznetsk.yaml). Services are ranked by И.
"""
import itertools
from fractions import Fraction

from hypothesis import assume, given
from hypothesis import strategies as st

from tests.strategies import (assert_banded, assert_calculations, assert_places, decimal_text, decimals, examples,
                              own_figures, published, run, shuffled)

REQUIREMENTS = ("r_procedures", "r_total_time", "r_other_bodies", "r_informing", "r_queue_apply", "r_queue_receive",
                "r_comfort", "r_fee", "r_other")
ANSWERS = {"p2_informal_payments": (5, 0), "p3_intermediaries": (5, 0), "p4_internet": (5, 2, 0),
           "p5_interagency": (5, 2, 0, None), "p6_one_window": (5, 2, 0), "p7_complaints": (5, 0),
           "p8_electronic": (5, 2, 0)}
HEADER = ["service_id", "point_id", *REQUIREMENTS, *ANSWERS, "p9_satisfied_share"]
ASSESSMENTS = "periods/2025-H1/assessments.csv"
NOT_RATED, NOT_NEEDED = "не оценивается", "не требуется"
P9_EDGES = (Fraction(0), Fraction(20), Fraction(35), Fraction(50), Fraction(80), Fraction(100))
SHARES = st.one_of(st.sampled_from(P9_EDGES), decimals(0, 100, 1))


def p9_points(share: Fraction) -> int:
    return 5 if share >= 80 else 4 if share >= 50 else 3 if share >= 35 else 2 if share >= 20 else 1


@st.composite
def assessment(draw):
    """One service at one point: requirement scores (None: blank, 0: «не оценивается»), answers, share."""
    return {"requirements": draw(st.lists(st.one_of(st.integers(1, 5), st.sampled_from([None, 0])),
                                          min_size=len(REQUIREMENTS), max_size=len(REQUIREMENTS))),
            "answers": {code: draw(st.sampled_from(choices)) for code, choices in ANSWERS.items()},
            "share": draw(SHARES)}


@st.composite
def organ(draw, organ_id: str):
    points = [f"{organ_id}p{n}" for n in range(draw(st.integers(1, 2)))]
    services = {}
    for n in range(draw(st.integers(1, 2))):
        assessed = draw(st.lists(st.sampled_from(points), unique=True, max_size=len(points)))
        services[f"{organ_id}s{n}"] = {point: draw(assessment()) for point in assessed}
    return {"id": organ_id, "points": points, "services": services}


@st.composite
def halves(draw, organs=(1, 3)):
    return {"organs": [draw(organ(f"o{n}")) for n in range(draw(st.integers(*organs)))], "comma": draw(st.booleans())}


def cell(value) -> str:
    return "" if value is None else NOT_RATED if value == 0 else str(value)


def row(service: str, point: str, a: dict, comma: bool) -> list:
    return [service, point, *(cell(r) for r in a["requirements"]),
            *(NOT_NEEDED if v is None else str(v) for v in a["answers"].values()), decimal_text(a["share"], comma)]


def tables(data) -> tuple[list[dict], list[list], dict]:
    organizations = [{"id": o["id"], "name": f"Управление {o['id']}", "sector": "Сфера",
                      "points": [{"id": p, "name": f"Приёмная {p}"} for p in o["points"]]} for o in data["organs"]]
    services = [["service_id", "organization_id", "name"]] + [
        [s, o["id"], f"Услуга {s}"] for o in data["organs"] for s in o["services"]]
    rows = [HEADER] + [row(s, p, a, data["comma"]) for o in data["organs"] for s, points in o["services"].items()
                       for p, a in points.items()]
    return organizations, services, {ASSESSMENTS: rows}


def compute(data, rows=None):
    organizations, services, files = tables(data)
    return run("novokuznetsk", organizations, services, {ASSESSMENTS: rows or files[ASSESSMENTS]})


# ---- Приложение № 2, written out ----------------------------------------------------------

def mean(values):
    values = [v for v in values if v is not None]
    return sum(values, Fraction(0)) / len(values) if values else None


def soku(a: dict) -> Fraction:
    p1 = mean(r for r in a["requirements"] if r)  # blank and «не оценивается» are not rated
    return mean([p1, *a["answers"].values(), p9_points(a["share"])])


@examples(20)
@given(halves())
def test_every_figure_is_its_formula_within_the_scale_and_services_are_placed_by_it(data):
    results = compute(data)
    services = {a.service_id: a for a in results.services}
    organs = {a.organization.id: a for a in results.organs}
    indices = {}
    for o in data["organs"]:
        for service, points in o["services"].items():
            if not points:
                assert service not in services
                continue
            got = services[service]
            for point, a in points.items():
                assert got.value(f"p9_{point}") == p9_points(a["share"]), (service, point)
                assert got.value(f"soku_{point}") == soku(a), (service, point)
                assert 0 <= got.value(f"soku_{point}") <= 5
            indices[service] = mean(soku(a) for a in points.values())
            assert got.value("index") == indices[service]
        own = [indices[s] for s in o["services"] if s in indices]
        assert organs[o["id"]].monitored == bool(own) and organs[o["id"]].rank is None
        if own:
            assert organs[o["id"]].value("index") == mean(own)
    assert results.municipal["2025-H1"]["index"].value == mean(indices.values())
    assert_banded("novokuznetsk", results.assessments)
    assert_calculations(results.assessments, results.municipal)
    assert_places(list(services.values()), lambda x, y: x.value("index") > y.value("index"))


@examples(8)
@given(halves(), st.randoms(use_true_random=False))
def test_row_order_changes_no_figure_and_no_place(data, random):
    _, _, files = tables(data)
    assert published(compute(data)) == published(compute(data, shuffled(files[ASSESSMENTS], random)))


def _raised(a: dict, draw) -> dict | None:
    """The assessment with one rated value made better, or None when nothing can be."""
    choices = [("requirement", i) for i, r in enumerate(a["requirements"]) if r and r < 5]
    choices += [("answer", code) for code, v in a["answers"].items() if v is not None and v < 5]
    choices += [("share", None)] if a["share"] < 100 else []
    if not choices:
        return None
    kind, which = draw.draw(st.sampled_from(choices))
    if kind == "requirement":
        scores = list(a["requirements"])
        scores[which] = draw.draw(st.integers(scores[which] + 1, 5))
        return {**a, "requirements": scores}
    if kind == "answer":
        better = [v for v in ANSWERS[which] if v is not None and v > a["answers"][which]]
        return {**a, "answers": {**a["answers"], which: draw.draw(st.sampled_from(better))}}
    return {**a, "share": draw.draw(decimals(a["share"] + Fraction(1, 10), 100, 1))}


@examples(8)
@given(halves(), st.data())
def test_a_better_answer_never_lowers_the_index_nor_worsens_the_place(data, draw):
    assessed = [(o, s, p) for o in data["organs"] for s, points in o["services"].items() for p in points]
    assume(assessed)
    o, service, point = draw.draw(st.sampled_from(assessed))
    better = _raised(o["services"][service][point], draw)
    assume(better is not None)
    changed = {**o, "services": {**o["services"], service: {**o["services"][service], point: better}}}
    before = compute(data)
    after = compute({**data, "organs": [changed if x is o else x for x in data["organs"]]})
    then, now = (next(a for a in r.services if a.service_id == service) for r in (before, after))
    assert now.value(f"soku_{point}") >= then.value(f"soku_{point}")
    assert now.value("index") >= then.value("index") and now.rank <= then.rank


@examples(10)
@given(st.sampled_from(P9_EDGES), st.booleans())
def test_a_share_on_an_edge_of_parameter_9_takes_the_row_above(share, comma):
    """«80–100 %» holds 80, «50–79 %» holds 50, «35–49 %» 35, «20–35 %» 20 (novokuznetsk.yaml)."""
    a = {"requirements": [5] * 9, "answers": {code: 5 for code in ANSWERS}, "share": share}
    data = {"comma": comma, "organs": [{"id": "o0", "points": ["o0p0"], "services": {"o0s0": {"o0p0": a}}}]}
    service = compute(data).services[0]
    expected = {0: 1, 20: 2, 35: 3, 50: 4, 80: 5, 100: 5}[share]
    assert service.value("p9_o0p0") == expected and service.figures["p9_share_o0p0"].band.code == f"p{expected}"


def _edge_cases(edge: Fraction) -> list[tuple]:
    """Answers to parameters 2–8 and a p9 score with which a parameter I of whole or half points makes
    Соку exactly `edge`: (answers, p9 points, parameter I)."""
    cases = []
    for values in itertools.product(*ANSWERS.values()):
        for p9 in range(1, 6):
            scored = [v for v in values if v is not None] + [p9]
            p1 = edge * (len(scored) + 1) - sum(scored)
            if 1 <= p1 <= 5 and (2 * p1).denominator == 1:
                cases.append((dict(zip(ANSWERS, values)), p9, p1))
    return cases


INDEX_EDGES = {Fraction(2): "below_scale", Fraction(5, 2): "very_bad", Fraction(3): "bad",
               Fraction(7, 2): "worrying", Fraction(4): "satisfactory", Fraction(5): "good"}
EDGE_CASES = {edge: _edge_cases(edge) for edge in INDEX_EDGES}
P9_SHARE = {1: Fraction(10), 2: Fraction(20), 3: Fraction(40), 4: Fraction(79), 5: Fraction(80)}


@examples(15)
@given(st.sampled_from(sorted(INDEX_EDGES)).flatmap(lambda e: st.tuples(st.just(e), st.sampled_from(EDGE_CASES[e]))),
       st.integers(1, 4), st.booleans())
def test_an_index_exactly_on_an_edge_takes_the_row_below(case, pairs, comma):
    """И = 4,0 is «удовлетворительно», 5,0 «хорошо», 2,0 «ниже шкалы»: every row says «>»."""
    edge, (answers, p9, p1) = case
    # a whole parameter I as equal scores, a half one as pairs of neighbouring scores (3 and 4 for 3,5)
    pair = [int(p1), int(p1)] if p1.denominator == 1 else [int(p1 - Fraction(1, 2)), int(p1 + Fraction(1, 2))]
    requirements = pair * pairs
    a = {"requirements": requirements + [None] * (9 - len(requirements)), "answers": answers, "share": P9_SHARE[p9]}
    data = {"comma": comma, "organs": [{"id": "o0", "points": ["o0p0"], "services": {"o0s0": {"o0p0": a}}}]}
    service = compute(data).services[0]
    assert service.value("index") == edge
    assert service.figures["index"].band.code == INDEX_EDGES[edge]


@examples(10)
@given(halves(organs=(1, 2)), organ("new"))
def test_adding_an_organ_changes_no_other_subjects_own_figures(data, newcomer):
    before = own_figures(compute(data))
    after = own_figures(compute({**data, "organs": [*data["organs"], newcomer]}))
    for subject, figures in before.items():
        assert after[subject] == figures, subject
