"""Dzerzhinsk: properties of the exact arithmetic (issue 8), on data built to hit every edge and tie.

- a summary that lies exactly on an edge of the scale of п. 3.21 lands in the band whose side is closed
  there (the scale is written in half-intervals: [0,85; 1,0], [0,65; 0,85), …);
- equal inputs give equal places in the sector ranking of п. 6.6;
- reordering the rows of a sheet, or the organisations of a sector, changes nothing.
"""
from fractions import Fraction

import pandas as pd
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from generator.methods import METHODOLOGIES
from generator.methods.dzerzhinsk import rank_sector, sheet_figures, split_sheets

DZ = METHODOLOGIES["dzerzhinsk"]
SCALE = DZ.scales["summary"]
FAST = settings(max_examples=50, deadline=None)

# a compliance value as a sheet gives it: 0 to 1 with two decimals
compliance = st.integers(0, 100).map(lambda n: Fraction(n, 100))
EDGES = sorted({b.lower for b in SCALE.bands if b.lower is not None and b.lower > 0}
               | {b.upper for b in SCALE.bands if b.upper is not None and b.upper < 1})


def closed_band_at(edge: Fraction) -> str:
    """The band whose side is closed at `edge`, read from the scale's own definition."""
    return next(b.code for b in SCALE.bands
                if (b.lower == edge and b.lower_inclusive) or (b.upper == edge and b.upper_inclusive))


def rows(section: str, values) -> list[dict]:
    return [{"section": section, "indicator": f"и{i}", "compliance": v} for i, v in enumerate(values)]


def test_the_edges_are_those_of_the_act():
    assert EDGES == [Fraction(25, 100), Fraction(65, 100), Fraction(85, 100)]
    assert [closed_band_at(e) for e in EDGES] == ["violations", "mostly", "complies"]


@FAST
@given(edge=st.sampled_from(EDGES), section_1=st.lists(compliance, min_size=1, max_size=6),
       split=st.sampled_from(["1.1", "1.2", "mixed"]))
def test_a_summary_exactly_on_an_edge_takes_the_band_of_the_closed_side(edge, section_1, split):
    mean_1 = sum(section_1, Fraction(0)) / len(section_1)
    section_2 = 2 * edge - mean_1          # СО = (О1 + О2) / 2 = edge exactly
    assume(0 <= section_2 <= 1)
    first = (rows("1.1", section_1) if split == "1.1" else rows("1.2", section_1) if split == "1.2"
             else rows("1.1", section_1[:1]) + rows("1.2", section_1[1:]))
    figures = sheet_figures(first + rows("2", [section_2]), scale=SCALE)
    assert figures["summary"].value == edge
    assert figures["summary"].band.code == closed_band_at(edge)


@FAST
@given(edge=st.sampled_from(EDGES), below=st.integers(1, 10 ** 6))
def test_a_summary_just_below_an_edge_takes_the_lower_band(edge, below):
    figures = sheet_figures(rows("1.1", [edge - Fraction(1, below * 1000)]), scale=SCALE)
    assert figures["summary"].band.code != closed_band_at(edge)
    assert figures["summary"].band == SCALE.band_for(figures["summary"].value)


@FAST
@given(values=st.lists(compliance, min_size=1, max_size=8))
def test_a_position_at_one_half_is_not_a_violation_and_below_it_is(values):
    figures = sheet_figures(rows("1.1", values))
    below = sum(1 for v in values if v < Fraction(1, 2))
    assert figures["positions_below"].value == below
    assert figures["violated"].value == (1 if below else 0)


entry = st.fixed_dictionaries({
    "complaints": st.one_of(st.none(), st.integers(0, 4)), "violations": st.integers(0, 4),
    "summary": compliance})


@FAST
@given(entries=st.lists(entry, min_size=1, max_size=6), copies=st.integers(2, 3), data=st.data())
def test_equal_inputs_share_the_smallest_place(entries, copies, data):
    twin = data.draw(st.sampled_from(entries))
    sector = [{"id": f"o{i}", **e} for i, e in enumerate(entries)]
    sector += [{"id": f"twin{k}", **twin} for k in range(copies)]
    out = rank_sector(sector)
    twins = [out[e["id"]] for e in sector if e["complaints"] == twin["complaints"]
             and e["violations"] == twin["violations"] and e["summary"] == twin["summary"]]
    assert len({t["place"] for t in twins}) == 1
    assert all(t["tie"] == "shared" for t in twins)
    place = twins[0]["place"]
    assert place == 1 + sum(1 for r in out.values()  # the smallest: one more than the strictly better
                            if (r["mean"], -r["summary"]) < (twins[0]["mean"], -twins[0]["summary"]))


@FAST
@given(entries=st.lists(entry, min_size=1, max_size=6), data=st.data())
def test_the_order_of_organisations_changes_no_place(entries, data):
    sector = [{"id": f"o{i}", **e} for i, e in enumerate(entries)]
    shuffled = data.draw(st.permutations(sector))
    first, second = rank_sector(sector), rank_sector(shuffled)
    assert {k: (v["place"], v["mean"]) for k, v in first.items()} == \
        {k: (v["place"], v["mean"]) for k, v in second.items()}


sheet_row = st.tuples(st.sampled_from(["проверка", "самооценка"]), st.sampled_from(["2025-09-10", "2025-09-25"]),
                      st.sampled_from(["1.1", "1.2", "2"]), compliance)


@FAST
@given(table=st.lists(sheet_row, min_size=1, max_size=12), data=st.data())
def test_the_order_of_sheet_rows_changes_no_figure(table, data):
    def figures_of(records):
        frame = pd.DataFrame([{"source": s, "inspection_kind": None, "act_date": d, "section": sec,
                               "indicator": f"и{i}", "compliance": v, "published": None, "_row": i + 2}
                              for i, (s, d, sec, v) in records])
        return {s["id"]: {code: (f.value, f.band) for code, f in sheet_figures(s["rows"], scale=SCALE).items()}
                for s in split_sheets(frame, Fraction(1, 2))}

    numbered = list(enumerate(table))  # a row keeps its indicator name and spreadsheet row when moved
    assert figures_of(numbered) == figures_of(data.draw(st.permutations(numbered)))
