"""A methodology from outside the generator — tests/plugins/satisfied_share, a package of its own with its
own pyproject.toml, YAML and templates — is found through its entry point and builds a whole site.

The figures are worked out by hand from the example's answers (tests/plugins/satisfied_share/example):
satisfied = 4 or 5 of 5; a service with fewer than 3 answers in a year is not evaluated.
"""
from __future__ import annotations

import csv
import html
import re
from importlib.metadata import PackageNotFoundError, distribution
from pathlib import Path

import pytest

from generator.cli import main

PLUGIN = Path(__file__).parent / "plugins" / "satisfied_share"
EXAMPLE = PLUGIN / "example"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    try:
        distribution("transparency-satisfied-share")
    except PackageNotFoundError:
        pytest.fail("the outside methodology tests/plugins/satisfied_share is not installed: `make test` installs "
                    "it (pip install --no-deps -e tests/plugins/satisfied_share)")
    out = tmp_path_factory.mktemp("satisfied_share") / "site"
    assert main(["build", "--data", str(EXAMPLE), "--out", str(out), "--quiet"]) == 0
    return out


def text(page: Path) -> str:
    """What a reader sees of a page's article: tags dropped, entities read, spaces collapsed."""
    source = page.read_text(encoding="utf-8").split('<article', 1)[1].split("</article>", 1)[0]
    source = re.sub(r"(?s)<script.*?</script>", " ", source)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", source)).replace("\u00a0", " "))


def results(site: Path) -> dict[tuple[str, str, str, str], str]:
    with (site / "opendata" / "results.csv").open(encoding="utf-8") as file:
        return {(r["period"], r["organization_id"], r["service_id"], r["indicator"]): r["value"]
                for r in csv.DictReader(file)}


def test_the_plugin_is_registered_like_the_built_in_ones():
    from generator.methods import METHODOLOGIES

    assert "satisfied_share" in METHODOLOGIES, ("the outside methodology is not installed: `make test` installs it "
                                                "(pip install --no-deps -e tests/plugins/satisfied_share)")
    method = METHODOLOGIES["satisfied_share"]
    assert method.folder() == (PLUGIN / "satisfied_share").resolve()
    assert method.spec.minimum_answers == 3  # its own typed field of methodology.yaml
    assert method.template("organ") == "satisfied_share/organ.md.j2"
    assert method.rating_title == "Рейтинг услуг" and method.rated_label == "Услуга"


def test_its_figures_are_the_hand_computed_ones(site):
    values = results(site)
    expected = {
        # 2024: a1 5,4,3,5,2 → 3 of 5; a2 5,5,4,4 → 4 of 4; b1 1,2,4,3 → 1 of 4; b2 two answers → not evaluated
        ("2024", "alpha", "a1", "share"): "60", ("2024", "alpha", "a2", "share"): "100",
        ("2024", "beta", "b1", "share"): "25", ("2024", "beta", "b2", "share"): "",
        ("2024", "", "", "share"): "66.666667",  # 10 of the 15 answers
        ("2024", "alpha", "", "share"): "80", ("2024", "beta", "", "share"): "25",  # the mean of evaluated services
        # 2025: a1 5,5,4,3 → 3 of 4; a2 4,2,2 → 1 of 3; b1 4,4,5,5,3 → 4 of 5; b2 5,4,4 → 3 of 3
        ("2025", "alpha", "a1", "share"): "75", ("2025", "alpha", "a2", "share"): "33.333333",
        ("2025", "beta", "b1", "share"): "80", ("2025", "beta", "b2", "share"): "100",
        ("2025", "", "", "share"): "73.333333",  # 11 of 15
        ("2025", "alpha", "", "share"): "54.166667", ("2025", "beta", "", "share"): "90",  # (75 + 33⅓) / 2 = 325/6
        ("2025", "alpha", "", "share_change"): "-25.833333",
        ("2025", "beta", "b2", "rank"): "1", ("2025", "beta", "b1", "rank"): "2",
        ("2025", "alpha", "a1", "rank"): "3", ("2025", "alpha", "a2", "rank"): "4",
    }
    assert {key: values.get(key) for key in expected} == expected


def test_its_own_templates_and_yaml_texts_reach_the_pages(site):
    organ = text(site / "organs" / "alpha" / "2025.html")
    # its organ template (which extends the shared organ page) …
    assert "Удовлетворённость получателей услугами органа за 2025 год — по анкетам." in organ
    assert "Доля удовлетворённых получателей по услугам органа" in organ
    assert "Выдача справки о зачислении 3 1 33,3 % Низкая удовлетворённость 4" in organ
    assert "Запись в первый класс 4 3 75,0 % Средняя удовлетворённость 3" in organ
    # … the shared base's links, and the figure with its calculation from the YAML's indicator
    assert "Все периоды · Рейтинг услуг за 2025 год" in organ
    assert "Ду орг = сумма Ду оценённых услуг органа / их количество" in organ
    assert "Расчёт: (33,3 % + 75,0 %) / 2 = 54,2 %" in organ
    home = text(site / "index.html")
    assert "Доля удовлетворённых получателей муниципальных услуг (пример методики)" in home  # YAML title
    assert "2025 год, по всем анкетам города Ду 73,3 %" in home  # YAML municipal_caption, the headline first
    assert "2 органа" in home  # word forms from the noun, not written by hand
    rating = text(site / "rating" / "2025.html")
    assert re.search(r"1 Выписка из реестра земель .*2 Разрешение на строительство .*3 Запись в первый класс "
                     r".*4 Выдача справки о зачислении", rating)
    service = text(site / "services" / "b1" / "2025.html")
    assert "Доля удовлетворённых получателей услуги: 80,0 % Высокая удовлетворённость" in service  # the edge row
    assert "Другие периоды" in service and "2024 год : Ду 25,0 %" in service  # the shared base's history


def test_its_methodology_page_prints_its_scale_and_readings(site):
    page = text(site / "methodology.html")
    assert "Шкала 1. Уровень удовлетворённости получателей услуги" in page
    assert "1 80 % ≤ Ду ≤ 100 % Высокая удовлетворённость" in page
    assert "2 50 % ≤ Ду < 80 % Средняя удовлетворённость" in page
    assert "3 0 % ≤ Ду < 50 % Низкая удовлетворённость" in page
    assert "Доля по услуге оценивается, если о ней за период 3 анкеты или больше." in page  # its rules block
    assert "Мало анкет" in page  # a reading of its YAML


def test_its_own_check_reports_with_a_documented_code():
    from generator.build import check
    from generator.methods import METHODOLOGIES

    report, _ = check(EXAMPLE)
    codes = [(p.file, p.row, p.code) for p in report.problems]
    assert codes == [("periods/2024/responses.csv", 15, "satisfied-share-few-answers")]
    assert "satisfied-share-few-answers" in METHODOLOGIES["satisfied_share"].problem_codes


def test_a_scale_without_plain_words_gives_its_verdict_the_acts_wording(site):
    """A city's scale may give no `plain:` words (this plugin's does not): the verdict's level is then the act's
    wording itself, never an empty «» по шкале методики — «…» line."""
    pages = [p for p in site.rglob("*.html") if "tp-verdict__head" in p.read_text(encoding="utf-8")]
    assert pages
    for page in pages:
        seen = text(page)
        assert "«» по шкале" not in seen, page
    assert any("tp-verdict__level" in p.read_text(encoding="utf-8") for p in pages)
