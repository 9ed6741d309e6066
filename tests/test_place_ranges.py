"""Ranges of places (generator/compute_ranges.py) and the rating page's sections on the survey error
(generator/render/places.py, generator/chart_places.py): the places a subject could take given its
figure's interval, beside the place the act defines, and the funnel plot of the survey figure."""
from __future__ import annotations

import csv
import html
import io
import random
import re
from fractions import Fraction as F
from pathlib import Path

import pytest

from generator.chart_places import places_text
from generator.cli import main
from generator.compute_ranges import add_place_ranges, ranges_of, rating_groups
from generator.config import Organization
from generator.figures import Figure
from generator.methods import METHODOLOGIES
from generator.periods import parse_period
from generator.render.places import _position, _range_section, funnel_scale
from generator.results import Assessment, Results, assign_ranks
from generator.stats.funnel import funnel_limits
from generator.stats.intervals import wilson_share
from generator.stats.propagation import carried
from tests.test_control_and_dates import prepared_without_charts

IVANOVO = Path(__file__).parent / "fixtures" / "ivanovo"
DZERZHINSK = Path(__file__).parent / "fixtures" / "dzerzhinsk"
PERIOD = parse_period("2025")


def organ(key: str, value, se: float | None, sector: str = "Сфера") -> Assessment:
    """A monitored organ whose Kaluga headline (Кэф) is `value` ± 1,96·se (no interval for se None)."""
    figure = Figure("kef", F(value), interval=None if se is None else carried(F(value), se))
    return Assessment(PERIOD, Organization(id=key, name=f"Орган {key}", sector=sector), "kaluga", True,
                      figures={"kef": figure})


def ranged(organs: list[Assessment], methodology: str = "kaluga") -> dict[str, tuple[int, int] | None]:
    assign_ranks(organs, "kef")
    add_place_ranges(Results([PERIOD], organs, {PERIOD.name: methodology}))
    return {o.organization.id: o.place_range for o in organs}


# ---- the ranges --------------------------------------------------------------------------------

def test_three_organs_one_with_a_wide_interval():
    # Differences against z·√(se₁² + se₂²), z = 1,96: a − b = 5 > 1,96·√2 = 2,77 (certain);
    # a − c = 20 > 1,96·√101 = 19,70 (certain); b − c = 15 < 19,70 (not certain).
    # a: nobody may be above → 1–1; b: a certainly above, c may be → 2–3; c: a certainly above, b may be → 2–3.
    found = ranged([organ("a", 90, 1.0), organ("b", 85, 1.0), organ("c", 70, 10.0)])
    assert found == {"a": (1, 1), "b": (2, 3), "c": (2, 3)}


def test_the_place_itself_stays_and_is_in_its_range():
    organs = [organ("a", 90, 1.0), organ("b", 85, 1.0), organ("c", 70, 10.0)]
    ranged(organs)
    assert [o.rank for o in organs] == [1, 2, 3]
    assert all(o.place_range[0] <= o.rank <= o.place_range[1] for o in organs)


@pytest.mark.parametrize("seed", range(5))
def test_the_same_organs_in_any_order_get_the_same_ranges(seed):
    values = [(f"o{i}", 50 + 3 * i, 0.5 + i % 3) for i in range(9)]
    expected = ranged([organ(*v) for v in values])
    shuffled = values[:]
    random.Random(seed).shuffle(shuffled)
    assert ranged([organ(*v) for v in shuffled]) == expected


def test_equal_figures_share_the_place_and_the_range():
    found = ranged([organ("a", 80, 1.0), organ("b", 80, 1.0), organ("c", 60, 1.0)])
    assert found == {"a": (1, 2), "b": (1, 2), "c": (3, 3)}


def test_equal_figures_without_error_stay_tied_for_certain():
    # a fixed figure (a complete count) has no error: a and b stay tied, c certainly below them; only d's
    # survey error (margin 1,96·5 = 9,8 against any of them) moves anything: d may be above a, b and c
    found = ranged([organ("a", 80, None), organ("b", 80, None), organ("c", 70, None), organ("d", 75, 5.0)])
    assert found == {"a": (1, 2), "b": (1, 2), "c": (3, 4), "d": (1, 4)}


def test_no_interval_in_the_rating_leaves_no_range():
    assert ranged([organ("a", 90, None), organ("b", 85, None)]) == {"a": None, "b": None}


def test_places_by_a_rule_the_methodology_does_not_declare_get_no_range():
    organs = [organ("a", 90, 1.0), organ("b", 85, 1.0)]
    organs[0].rank, organs[1].rank = 2, 1  # not what Kaluga's headline gives, and Kaluga declares no other rule
    assert [r for _, r in ranges_of(organs, METHODOLOGIES["kaluga"])] == [None, None]


def test_a_rating_within_sectors_ranges_each_sector_apart():
    # a and b are 1 point apart in one sector, within 1,96 · √(1² + 1²) = 2,77: either may be first;
    # c, alone in its sector and as close to them, is first there for certain
    organs = [organ("a", 90, 1.0, "Образование"), organ("b", 89, 1.0, "Образование"),
              organ("c", 89, 1.0, "Культура")]
    groups = rating_groups(organs, within_sectors=True)
    assert [[o.organization.id for o in g] for g in groups] == [["c"], ["a", "b"]]
    for group in groups:
        assign_ranks(group, "kef")
        for assessment, found in ranges_of(group, METHODOLOGIES["kaluga"]):
            assessment.place_range = found
    assert [o.place_range for o in organs] == [(1, 2), (1, 2), (1, 1)]


# ---- Dzerzhinsk: places by its own rule from complete records --------------------------------------

def counted(key: str, complaints: int, violations: int, summary: str, sector: str = "Образование") -> Assessment:
    """An organisation of Dzerzhinsk: its three criteria are complete records, with no interval."""
    figures = {code: Figure(code, F(value)) for code, value in
               (("complaints", complaints), ("violations", violations), ("summary", summary))}
    return Assessment(PERIOD, Organization(id=key, name=f"Организация {key}", sector=sector), "dzerzhinsk", True,
                      figures=figures)


def test_dzerzhinsk_places_from_complete_records_are_certain():
    # п. 6.6 by hand: complaints 0, 2, 1 → 1, 3, 2; violations 1, 0, 0 → 3, 1, 1; summary 0,9 0,7 0,8 → 1, 3, 2;
    # means 5/3, 7/3, 5/3: a and c tie on the mean, a has the larger summary → a 1, c 2, b 3
    organs = [counted("a", 0, 1, "0.9"), counted("b", 2, 0, "0.7"), counted("c", 1, 0, "0.8"),
              counted("d", 0, 0, "0.5", sector="Культура")]
    for sector in ("Образование", "Культура"):
        METHODOLOGIES["dzerzhinsk"].rank(PERIOD, [o for o in organs if o.organization.sector == sector])
    add_place_ranges(Results([PERIOD], organs, {PERIOD.name: "dzerzhinsk"}))
    assert [(o.rank, o.place_range) for o in organs] == [(1, (1, 1)), (3, (3, 3)), (2, (2, 2)), (1, (1, 1))]


def test_dzerzhinsk_gives_no_range_if_a_criterion_were_a_survey_figure():
    organs = [counted("a", 0, 1, "0.9"), counted("b", 2, 0, "0.7")]
    METHODOLOGIES["dzerzhinsk"].rank(PERIOD, organs)
    organs[1].figures["summary"] = Figure("summary", F("0.7"), interval=carried(F("0.7"), 0.05))
    assert [r for _, r in ranges_of(organs, METHODOLOGIES["dzerzhinsk"])] == [None, None]


@pytest.fixture(scope="module")
def dzerzhinsk():
    """The fixture computed and its pages written, the charts left undrawn (a build's slowest part)."""
    return prepared_without_charts(DZERZHINSK)


def test_every_ranked_organisation_of_dzerzhinsk_has_its_place_as_its_range(dzerzhinsk):
    ranked = [a for a in dzerzhinsk.results.assessments if a.rank is not None]
    assert ranked and all(a.place_range == (a.rank, a.rank) for a in ranked)
    assert all(a.place_range is None for a in dzerzhinsk.results.assessments if a.rank is None)


def test_dzerzhinsk_rating_says_why_the_possible_places_are_the_place(dzerzhinsk):
    for name in ("rating/2025-Q1.md", "rating/2025-Q3.md"):
        page = _text(dzerzhinsk.bundle.files[name])
        assert ("Диапазон возможных мест, который сайт указывает для рейтингов по опросам, здесь равен самому месту: "
                "все три критерия — полный учёт") in page, name
    methodology = _text(dzerzhinsk.bundle.files["methodology.md"])
    assert "у которых ошибки выборки нет, поэтому диапазон мест равен самому месту" in methodology


def test_open_data_of_dzerzhinsk_carries_the_place_as_its_range(dzerzhinsk):
    organs = list(csv.DictReader(io.StringIO(dzerzhinsk.bundle.files["opendata/organizations.csv"])))
    ranked = [o for o in organs if o["rank"]]
    assert ranked and all(o["place_low"] == o["place_high"] == o["rank"] for o in ranked)
    assert all(o["place_low"] == "" for o in organs if not o["rank"])


def test_the_range_chart_is_left_out_when_every_range_is_the_place_alone():
    class Site:  # only a chart that is drawn reaches the site
        def chart(self, chart):
            return chart

    organs = [organ("a", 90, None), organ("b", 70, None)]
    organs[0].rank, organs[0].place_range, organs[1].rank, organs[1].place_range = 1, (1, 1), 2, (2, 2)
    assert _range_section(Site(), METHODOLOGIES["kaluga"], PERIOD, organs) is None
    organs[1].place_range = (1, 2)
    chart = _range_section(Site(), METHODOLOGIES["kaluga"], PERIOD, organs)
    assert chart.rows == (("Орган a", "1", "1"), ("Орган b", "2", "1–2"))

def test_places_text():
    assert places_text((3, 7)) == "3\u20137"
    assert places_text((6, 6)) == "6"


# ---- the funnel --------------------------------------------------------------------------------

def test_shares_of_one_survey_get_a_share_funnel_other_figures_the_widest_one_of_their_scale():
    shares = [Figure("sat", F(80), interval=wilson_share(80, 100)), Figure("sat", F(60), interval=wilson_share(60, 50))]
    assert funnel_scale(METHODOLOGIES["ivanovo"], "sat", shares) == ("share", 0, 100)
    means = [Figure("score", F(4), interval=carried(F(4), 0.1)), Figure("score", F(3), interval=carried(F(3), 0.1))]
    # Baikonur's five-point scale: bands from 1, axis to 5
    assert funnel_scale(METHODOLOGIES["baikonur"], "score", means) == ("mean", 1, 5)


def test_a_figure_is_outside_the_widest_limits_it_passes():
    # target 75 %, n = 100: 95 % limits 75 ± 1,96·√(75·25/100) = 75 ± 8,49; 99,8 % ± 3,09·4,33 = ± 13,38
    limits = funnel_limits(F(75), [100])
    assert _position(F(85), limits) == ("above", F(95))
    assert _position(F(60), limits) == ("below", F(998, 10))
    assert _position(F(70), limits) == ("inside", None)


# ---- the page of a built site -------------------------------------------------------------------

@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("places") / "site"
    assert main(["build", "--data", str(IVANOVO), "--out", str(out), "--quiet"]) == 0
    return out


def _text(fragment: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", fragment))).strip()


def test_the_rating_shows_the_ranges_and_both_charts_with_their_tables(site):
    page = (site / "rating" / "2025.html").read_text(encoding="utf-8")
    table = page[page.index("<table"):page.index("</table>")]
    assert "<th scope=\"col\">Возможные места</th>" in table
    assert re.search(r'data-label="Возможные места">1–2</td>', table)
    for heading, chart, columns in (
            ("Возможные места", "rating-2025-places.svg", ("Место", "Возможные места")),
            ("Усз и число опрошенных", "rating-2025-funnel.svg",
             ("Опрошено", "Границы 95 %", "Границы 99,8 %", "За пределами 95 % / 99,8 %"))):
        assert re.search(rf"<h2[^>]*>{heading}", page), heading
        figure = page.index(f'charts/{chart}"')
        data = page[figure:page.index("</details>", figure)]
        headers = [_text(h) for h in re.findall(r'<th scope="col">(.*?)</th>', data)]
        assert all(c in headers for c in columns), headers
        assert (site / "charts" / chart).read_text(encoding="utf-8").startswith("<svg")
    words = _text(page)
    assert "Точка — место по методике, линия — места, которые органы могли бы занять" in words
    assert "среднее по всем опрошенным" in words


def test_the_verdict_says_the_possible_places(site):
    pages = [p.read_text(encoding="utf-8") for p in (site / "organs").glob("*/2025.html")]
    assert any(re.search(r"Место в рейтинге: <strong>\d из 2 \(возможные места: 1–2\)</strong>", p) for p in pages)


def test_open_data_carries_the_ranges(site):
    rows = list(csv.DictReader(io.StringIO((site / "opendata" / "results.csv").read_text(encoding="utf-8"))))
    ranks = [r for r in rows if r["indicator"] == "rank" and r["period"] == "2025"]
    assert ranks and all((r["place_low"], r["place_high"]) == ("1", "2") for r in ranks)
    assert all(r["place_low"] == "" for r in rows if r["indicator"] != "rank")
    organs = list(csv.DictReader(io.StringIO((site / "opendata" / "organizations.csv").read_text(encoding="utf-8"))))
    assert {(o["rank"], o["place_low"], o["place_high"]) for o in organs if o["period"] == "2025" and o["rank"]} \
        == {("1", "1", "2"), ("2", "1", "2")}


def test_a_difference_equal_to_its_margin_up_to_the_last_bits_of_a_float_is_not_certain():
    """places._pairwise compared floats unrounded: the same data could be «certainly above» on one machine
    and «maybe» on another. Both are «maybe» now (9 decimals, as the p-values)."""
    import numpy as np

    from generator.stats.common import z_value
    from generator.stats.places import _pairwise

    errors = np.array([1.0, 1.0])
    margin = z_value(95) * np.sqrt(2.0)
    for nudge in (0.0, 1e-15, -1e-15):
        low, high = _pairwise(np.array([0.0, margin * (1 + nudge)]), errors, 95)
        assert list(low) == [1, 1] and list(high) == [2, 2], nudge
