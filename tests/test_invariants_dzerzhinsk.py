"""Dzerzhinsk invariants for any assessment sheets, checked with hypothesis through the public pipeline.

A sheet's section scores are means of its positions, its summary СО = (О1 + О2) / 2 of the sections
that have positions; the quarter counts the latest inspection, else the latest self-report; violations
are positions below 0,5 on the inspection sheets; organisations are placed within their sector by the
mean of three competition ranks (complaints, violations: fewer is better; СО: higher is better), an
equal mean ordered by СО (METHODS.md, «Dzerzhinsk»).
"""
from fractions import Fraction

from hypothesis import assume, given
from hypothesis import strategies as st

from tests.strategies import (assert_banded, assert_calculations, assert_places, decimal_text, decimals, examples,
                              own_figures, published, run, shuffled)

HEADER = ["organization_id", "source", "inspection_kind", "act_date", "section", "indicator", "compliance"]
ASSESSMENTS, COMPLAINTS = "periods/2025-Q1/assessments.csv", "periods/2025-Q1/complaints.csv"
SECTORS = ("Образование", "Культура")
# inspections inside the quarter, self-reports at its end or just after it (as organisations send them)
INSPECTION_DATES = ("2025-02-10", "2025-03-20")
SELF_DATES = ("2025-03-31", "2025-04-03")
HALF = Fraction(1, 2)
# round values make equal summaries and ranks (shared places, ties broken by СО) common
COMPLIANCE = st.one_of(st.sampled_from([Fraction(0), Fraction(1, 4), HALF, Fraction(17, 20), Fraction(1)]),
                       decimals(0, 1))


@st.composite
def sheet(draw):
    """A sheet: its positions as (section, compliance); every sheet has at least one position."""
    positions = draw(st.lists(st.tuples(st.sampled_from(["1.1", "1.2", "2"]), COMPLIANCE), min_size=1, max_size=5))
    return positions


@st.composite
def organisation(draw, org_id: str):
    inspections = draw(st.lists(st.sampled_from(INSPECTION_DATES), unique=True, max_size=2))
    reports = draw(st.lists(st.sampled_from(SELF_DATES), unique=True, max_size=1 if inspections else 2))
    sheets = [("проверка", d, draw(sheet())) for d in inspections] + [("самооценка", d, draw(sheet())) for d in reports]
    complaints = draw(st.one_of(st.none(), st.integers(0, 3))) if sheets else None
    return {"id": org_id, "sector": draw(st.sampled_from(SECTORS)), "sheets": sheets, "complaints": complaints}


@st.composite
def quarters(draw, count=(1, 5)):
    organisations = [draw(organisation(f"org{n}")) for n in range(draw(st.integers(*count)))]
    return {"organisations": organisations, "comma": draw(st.booleans())}


def tables(data) -> tuple[list[dict], list[list], dict]:
    organisations = data["organisations"]
    organizations = [{"id": o["id"], "name": f"МБУ «{o['id']}»", "sector": o["sector"]} for o in organisations]
    services = [["service_id", "organization_id", "name"]] + [[f"{o['id']}-s", o["id"], "Услуга"]
                                                              for o in organisations]
    sheets = [HEADER] + [
        [o["id"], source, "плановая" if source == "проверка" else "", date, section, f"Позиция {n}",
         decimal_text(value, data["comma"])]
        for o in organisations for source, date, positions in o["sheets"]
        for n, (section, value) in enumerate(positions, start=1)]
    complaints = [["organization_id", "complaints"]] + [[o["id"], o["complaints"]] for o in organisations
                                                        if o["complaints"] is not None]
    return organizations, services, {ASSESSMENTS: sheets, COMPLAINTS: complaints}


def compute(data, **replaced):
    organizations, services, files = tables(data)
    return run("dzerzhinsk", organizations, services, {**files, **replaced})


# ---- the act's reading, written out ----------------------------------------------------

def mean(values):
    values = [v for v in values if v is not None]
    return sum(values, Fraction(0)) / len(values) if values else None


def sheet_scores(positions) -> dict:
    of = lambda *sections: [v for s, v in positions if s in sections]  # noqa: E731
    s1, s2 = mean(of("1.1", "1.2")), mean(of("2"))
    return {"s1_1": mean(of("1.1")), "s1_2": mean(of("1.2")), "s1": s1, "s2": s2, "summary": mean([s1, s2])}


def expected_organisation(o) -> dict | None:
    if not o["sheets"]:
        return None
    inspections = sorted((s for s in o["sheets"] if s[0] == "проверка"), key=lambda s: s[1], reverse=True)
    reports = sorted((s for s in o["sheets"] if s[0] == "самооценка"), key=lambda s: s[1], reverse=True)
    counted = (inspections or reports)[0]
    violations = sum(1 for _, _, positions in inspections for _, v in positions if v < HALF)
    below_counted = sum(1 for _, v in counted[2] if v < HALF)
    violated = violations > 0 if inspections else below_counted > 0
    return {**sheet_scores(counted[2]), "violations": violations, "violated": int(violated),
            "complaints": o["complaints"]}


def competition(values: dict, higher_is_better: bool) -> dict:
    known = {k: v for k, v in values.items() if v is not None}
    return {k: None if v is None else
            1 + sum(1 for w in known.values() if (w > v if higher_is_better else w < v))
            for k, v in values.items()}


def expected_places(expected: dict[str, dict]) -> dict[str, tuple]:
    """Within one sector: id → (mean of the criteria's places, place)."""
    ranks = [competition({k: e["complaints"] for k, e in expected.items()}, False),
             competition({k: e["violations"] for k, e in expected.items()}, False),
             competition({k: e["summary"] for k, e in expected.items()}, True)]
    means = {k: mean([r[k] for r in ranks]) for k in expected}
    order = {k: (means[k], -expected[k]["summary"]) for k in expected}
    return {k: (means[k], 1 + sum(1 for other in order.values() if other < order[k])) for k in expected}


@examples(20)
@given(quarters())
def test_every_figure_is_its_formula_within_the_scale_and_its_place_is_the_acts(data):
    results = compute(data)
    got = {a.organization.id: a for a in results.organs}
    expected = {o["id"]: expected_organisation(o) for o in data["organisations"]}
    for org_id, want in expected.items():
        assessment = got[org_id]
        assert assessment.monitored == (want is not None)
        if want is None:
            assert assessment.rank is None
            continue
        for code, value in want.items():
            assert assessment.value(code) == value, (org_id, code, assessment.value(code), value)
        for code in ("s1_1", "s1_2", "s1", "s2", "summary"):
            assert assessment.value(code) is None or 0 <= assessment.value(code) <= 1
    for sector in SECTORS:
        rated = {k: e for k, e in expected.items() if e is not None
                 and next(o for o in data["organisations"] if o["id"] == k)["sector"] == sector}
        for org_id, (rank_mean, place) in expected_places(rated).items():
            assert (got[org_id].value("rank_mean"), got[org_id].rank) == (rank_mean, place), org_id
    assert_banded("dzerzhinsk", results.assessments)
    assert_calculations(results.assessments, results.municipal)
    for sector in SECTORS:  # and so: one more than those strictly better by (Р, then СО), within the sector
        rated = [a for a in got.values() if a.monitored and a.organization.sector == sector]
        assert_places(rated, lambda x, y: (x.value("rank_mean"), -x.value("summary"))
                      < (y.value("rank_mean"), -y.value("summary")))


@examples(8)
@given(quarters(), st.randoms(use_true_random=False))
def test_row_order_changes_no_figure_and_no_place(data, random):
    _, _, files = tables(data)
    again = compute(data, **{name: shuffled(table, random) for name, table in files.items()})
    assert published(compute(data)) == published(again)


@examples(8)
@given(quarters(), st.data())
def test_a_higher_compliance_never_lowers_the_summary_nor_worsens_the_place(data, draw):
    """One violation fewer (a position raised to 0,5 or above) or any better position: СО does not fall,
    Н does not grow, and the organisation's place in its sector is not worse."""
    positions = [(o, s, p) for o in data["organisations"] for s, sheet_ in enumerate(o["sheets"])
                 for p, (_, value) in enumerate(sheet_[2]) if value < 1]
    assume(positions)
    o, s, p = draw.draw(st.sampled_from(positions))
    source, date, sheet_positions = o["sheets"][s]
    section, value = sheet_positions[p]
    higher = draw.draw(decimals(value + Fraction(1, 100), 1))
    changed = [*sheet_positions[:p], (section, higher), *sheet_positions[p + 1:]]
    better = {**o, "sheets": [*o["sheets"][:s], (source, date, changed), *o["sheets"][s + 1:]]}
    before = next(a for a in compute(data).organs if a.organization.id == o["id"])
    after = next(a for a in compute({**data, "organisations": [better if x is o else x for x in data["organisations"]]}
                                    ).organs if a.organization.id == o["id"])
    assert after.value("summary") >= before.value("summary")
    assert after.value("violations") <= before.value("violations")
    assert after.value("violated") <= before.value("violated")
    assert after.rank <= before.rank


@examples(8)
@given(st.sampled_from([(Fraction(17, 20), "complies"), (Fraction(13, 20), "mostly"), (Fraction(1, 4), "violations")]),
       st.data(), st.booleans())
def test_a_summary_exactly_on_an_edge_takes_the_band_above(edge_band, draw, comma):
    """(О1 + О2) / 2 lands exactly on an edge of п. 3.21 from two decimal scores, as (0,82 + 0,88) / 2 = 0,85."""
    edge, band = edge_band
    step = draw.draw(decimals(0, min(edge, 1 - edge)))
    first, second = draw.draw(st.permutations([edge - step, edge + step]))
    sheets = [("самооценка", SELF_DATES[0], [("1.1", first), ("2", second)])]
    data = {"comma": comma, "organisations": [{"id": "org0", "sector": SECTORS[0], "complaints": 0, "sheets": sheets}]}
    organisation_ = next(a for a in compute(data).organs if a.organization.id == "org0")
    assert organisation_.value("summary") == edge
    assert organisation_.figures["summary"].band.code == band


@examples(8)
@given(st.lists(st.sampled_from([HALF, Fraction(1)]), min_size=1, max_size=4), st.booleans())
def test_a_position_of_exactly_one_half_is_not_a_violation(values, comma):
    """«ниже 0,5» (п. 3.22, 4.7): 0,5 itself violates nothing."""
    positions = [("1.1", v) for v in values] + [("2", HALF)]
    data = {"comma": comma, "organisations": [{"id": "org0", "sector": SECTORS[0], "complaints": 0,
                                               "sheets": [("проверка", INSPECTION_DATES[0], positions)]}]}
    organisation_ = next(a for a in compute(data).organs if a.organization.id == "org0")
    assert (organisation_.value("violations"), organisation_.value("violated")) == (0, 0)


@examples(10)
@given(quarters(count=(1, 4)), organisation("new"))
def test_adding_an_organisation_changes_no_other_organisations_own_figures(data, newcomer):
    """Nor any place in another sector: places are given within a sector (п. 6.6)."""
    before, after = (compute(d) for d in (data, {**data, "organisations": [*data["organisations"], newcomer]}))
    mine, theirs = own_figures(before), own_figures(after)
    places = {k: v["rank"] for k, v in published(after).items()}
    for subject, figures in mine.items():
        assert theirs[subject] == figures, subject
        sector = next(o["sector"] for o in data["organisations"] if o["id"] == subject[1])
        if sector != newcomer["sector"] or not newcomer["sheets"]:
            assert places[subject] == published(before)[subject]["rank"], subject
