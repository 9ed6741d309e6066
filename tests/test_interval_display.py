"""Issue 15 as a reader meets it: a survey figure's interval written the site's way, a change worded by
its test (the verdict, the press release), and the interval's ends in open data."""
from __future__ import annotations

import csv
import io
import json
from fractions import Fraction
from types import SimpleNamespace

import pytest

from tests.test_control_and_dates import NoDrawing
from openpyxl import load_workbook

from generator import charts
from generator.build import prepare
from generator.exact import decimal_text
from generator.methods import METHODOLOGIES
from generator.methods.base import Indicator
from generator.periods import parse_period
from generator.render import press
from generator.render.verdict import change_words
from generator.stats.changes import ChangeTest
from generator.stats.intervals import Interval
from generator.text_ru import interval_margin, interval_range, p_value
from tests.helpers import FIXTURES

NB = "\u00a0"


def _interval(low, high, value, method="wilson") -> Interval:
    return Interval(low=Fraction(low), high=Fraction(high), level=Fraction(95), method=method, how="",
                    value=Fraction(value), n=120)


def _test(difference, significant: bool) -> ChangeTest:
    difference = Fraction(difference)
    direction = ("up" if difference > 0 else "down") if significant else "none"
    wording = {"up": "рост значим", "down": "снижение значимо", "none": "изменение в пределах погрешности"}
    return ChangeTest(difference, 0.01 if significant else 0.4, significant, direction, wording[direction])


# ---- the text forms --------------------------------------------------------------------------------

def test_an_interval_is_written_with_the_decimals_of_its_value():
    share = _interval("77.94", "83.85", 81)  # 83,85 rounds half away from zero: 83,9
    assert interval_range(share) == f"от 77,9 до 83,9{NB}%"
    assert interval_margin(share) == f"±{NB}3,0{NB}п.{NB}п."  # (83,85 − 77,94) / 2 = 2,955
    score = _interval("4.1149", "4.485", "4.3", method="t")
    assert interval_range(score, "") == "от 4,11 до 4,49"
    assert interval_margin(score, "", "балла") == f"±{NB}0,19{NB}балла"  # 0,18505
    assert interval_margin(score, "") == f"±{NB}0,19"
    assert interval_range(_interval(0, "2.5", 0), "%") == f"от 0,0 до 2,5{NB}%"


def test_a_p_value_is_written_to_three_decimals():
    assert p_value(0.03149) == f"p{NB}={NB}0,031"
    assert p_value(0.0004) == f"p{NB}<{NB}0,001"


# ---- the change in words: the verdict and the home page ------------------------------------------------

SHARE = Indicator("kef", "Кэф", "Коэффициент", None, "", "")
SCORE = Indicator("score", "О", "Оценка", None, "", "", unit="")


@pytest.mark.parametrize("delta, significant, expected", [
    ("3.2", True, "Лучше, чем в 2024 году: +3,2 п. п. — рост значим"),
    ("-1.04", True, "Хуже, чем в 2024 году: −1,0 п. п. — снижение значимо"),
    ("0.4", False, "+0,4 п. п. по сравнению с 2024 годом — изменение в пределах погрешности"),
    ("-2.5", False, "−2,5 п. п. по сравнению с 2024 годом — изменение в пределах погрешности"),
    ("0.04", False, "Без изменений по сравнению с 2024 годом"),  # rounds to zero where printed
])
def test_a_tested_change_is_worded_by_its_test(delta, significant, expected):
    words = change_words(Fraction(delta), parse_period("2024"), SHARE, "", _test(delta, significant))
    assert words == expected.replace(" п. п.", f"{NB}п.{NB}п.")


def test_a_change_without_test_reads_as_before():
    """Complete counts have no sampling error: their change is better or worse as it is."""
    assert change_words(Fraction("3.2"), parse_period("2024"), SHARE) == f"Лучше, чем в 2024 году: +3,2{NB}п.{NB}п."
    assert change_words(Fraction("-0.25"), parse_period("2025-Q3"), SCORE, "балла", _test("-0.25", False)) == \
        f"\u22120,25{NB}балла по сравнению с III кварталом 2025 года — изменение в пределах погрешности"


# ---- the press release --------------------------------------------------------------------------------

NAME = Indicator("x", "X", "Удовлетворённость качеством услуг", None, "", "")


@pytest.mark.parametrize("delta, test, expected", [
    ("2", _test(2, True), "Удовлетворённость качеством услуг выросла до 81,0 %"),
    ("-3", _test(-3, True), "Удовлетворённость качеством услуг снизилась до 81,0 %"),
    ("0.6", _test("0.6", False),
     "Удовлетворённость качеством услуг осталась на уровне 81,0 % (изменение в пределах погрешности)"),
    ("-0.6", _test("-0.6", False),
     "Удовлетворённость качеством услуг осталась на уровне 81,0 % (изменение в пределах погрешности)"),
    ("0.6", None, "Удовлетворённость качеством услуг выросла до 81,0 %"),  # administrative: as it is
])
def test_a_headline_never_calls_a_change_within_the_error_a_rise_or_a_fall(delta, test, expected):
    assert press.change_headline(NAME, Fraction(81), Fraction(delta), test) == expected.replace(" %", f"{NB}%")


def _subject(name: str, delta, test):
    change = SimpleNamespace(value=Fraction(delta), test=test)
    return SimpleNamespace(figures={"kef_change": change}, service_id=None,
                           organization=SimpleNamespace(name=name, display_name=name))


def test_the_largest_changes_named_are_significant_ones():
    method = METHODOLOGIES["kaluga"]
    ranked = [_subject("Шумный рост", 9, _test(9, False)), _subject("Значимый рост", 4, _test(4, True)),
              _subject("Шумное снижение", -7, _test(-7, False))]
    assert press.largest_changes(method, ranked) == [f"Наибольший значимый рост: Значимый рост, +4,0{NB}п.{NB}п."]
    untested = [_subject("Орган А", 9, None), _subject("Орган Б", -2, None)]
    assert press.largest_changes(method, untested) == [
        f"Больше всего улучшил результат: Орган А, +9,0{NB}п.{NB}п.",
        f"Больше всего снизился результат: Орган Б, \u22122,0{NB}п.{NB}п."]


# ---- a small built site: pages and open data ---------------------------------------------------------

@pytest.fixture(scope="module")
def minimal():
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(charts, "Drawing", NoDrawing)
        return prepare(FIXTURES / "minimal")


def _municipal(prepared, code):
    return prepared.results.municipal[prepared.results.periods[-1].name][code]


def test_open_data_carries_the_ends_of_every_interval(minimal):
    files = minimal.bundle.files
    rows = list(csv.DictReader(io.StringIO(files["opendata/results.csv"])))
    assert {"ci_low", "ci_high"} <= set(rows[0])
    latest = minimal.results.periods[-1].name
    kud = _municipal(minimal, "kud")
    assert kud.interval is not None
    row = next(r for r in rows if r["period"] == latest and not r["organization_id"] and r["indicator"] == "kud")
    assert (row["ci_low"], row["ci_high"]) == (decimal_text(kud.interval.low), decimal_text(kud.interval.high))
    assert Fraction(row["ci_low"]) <= Fraction(row["value"]) <= Fraction(row["ci_high"])
    # complete counts (Кпр), changes and places have none
    for r in rows:
        if r["indicator"] in ("kpr", "rank") or r["indicator"].endswith("_change"):
            assert r["ci_low"] == r["ci_high"] == "", r
    assert sum(1 for r in rows if r["ci_low"]) == sum(
        1 for a in minimal.results.assessments for f in a.figures.values() if f.interval and f.value is not None
    ) + sum(1 for p in minimal.results.municipal.values() for f in p.values() if f.interval and f.value is not None)
    as_json = next(r for r in json.loads(files["opendata/results.json"])
                   if (r["period"], r["organization_id"], r["indicator"]) == (latest, "", "kud"))
    assert as_json["ci_low"] == float(row["ci_low"])


def test_the_interval_columns_are_described_everywhere(minimal):
    files = minimal.bundle.files
    package = json.loads(files["opendata/datapackage.json"])
    results = next(r for r in package["resources"] if r["path"] == "results.csv")
    fields = {f["name"]: f for f in results["schema"]["fields"]}
    assert fields["ci_low"]["type"] == fields["ci_high"]["type"] == "number"
    assert "доверительного интервала" in fields["ci_low"]["description"]
    structure = files["opendata/passport/results/structure.csv"]
    assert "ci_low,lower end of the 95 % confidence interval,Доверительный интервал: от,number" in structure
    sheet = load_workbook(io.BytesIO(files["opendata/results.xlsx"])).active
    header = [c.value for c in next(sheet.iter_rows(max_row=1))]
    assert {"Доверительный интервал: от", "Доверительный интервал: до"} <= set(header)
    assert "<code>ci_low</code>" in files["opendata.md"]


def test_pages_show_the_interval_beside_the_value_and_in_the_trail(minimal):
    files = minimal.bundle.files
    latest = minimal.results.periods[-1]
    organ = next(a for a in minimal.results.organs if a.period == latest and a.monitored
                 and a.figures["kud"].interval is not None)
    page = files[organ.page]
    kud = organ.figures["kud"]
    shown = interval_range(kud.interval, "%")
    assert f'<p class="tp-figure__interval">Доверительный интервал 95&nbsp;%: {shown}</p>' in page
    assert f"<p>Доверительный интервал: {shown} ({kud.interval.how})." in page
    assert "tp-verdict__margin" in page
    # a figure of complete counts prints as before: no interval line in its box
    kpr_box = page.split('id="figure-kpr"', 1)[1].split("</details>", 1)[0]
    assert "tp-figure__interval" not in kpr_box and "Доверительный интервал" not in kpr_box
    assert "## Точность результатов опроса {#precision}" in files["methodology.md"]


def test_a_p_value_at_the_5_percent_edge_never_reads_as_the_other_side():
    assert p_value(0.0499) == f"p{NB}<{NB}0,05" and p_value(0.0504) == f"p{NB}≥{NB}0,05"
