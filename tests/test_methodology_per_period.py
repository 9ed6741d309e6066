"""A municipality changes its act: one period computed under another methodology."""
import csv
import io

from generator.build import check, prepare
from generator.compute import compute

RESPONSES_2026 = """respondent,service_id,channel,date,overall,information,waiting,staff,comfort,comment,publish
1,a1,in_person,10.02.2026,5,5,5,5,5,,
2,a1,in_person,11.02.2026,3,4,4,4,4,,
3,b1,in_person,12.02.2026,4,4,4,4,4,,
"""


def switch_2026_to_ivanovo(data):
    period = data / "periods" / "2026"
    period.mkdir()
    (period / "period.yaml").write_text("methodology: ivanovo\npublished: 2026-03-01\n", encoding="utf-8")
    (period / "responses.csv").write_text(RESPONSES_2026, encoding="utf-8")


def test_each_period_is_computed_under_its_own_methodology(minimal_copy):
    switch_2026_to_ivanovo(minimal_copy)
    report, dataset = check(minimal_copy)
    assert report.ok, report.as_text()
    assert [(p.period.name, p.methodology) for p in dataset.periods] == [
        ("2024", "kaluga"), ("2025", "kaluga"), ("2026", "ivanovo")]
    assert dataset.periods[-1].published.isoformat() == "2026-03-01"
    results = compute(dataset)
    assert results.methodology_of == {"2024": "kaluga", "2025": "kaluga", "2026": "ivanovo"}
    alpha_2026 = results.get(dataset.periods[-1].period, "alpha")
    assert alpha_2026.methodology == "ivanovo"
    assert "kef" not in alpha_2026.figures


def test_open_data_says_which_edition_each_figure_was_computed_under(minimal_copy):
    switch_2026_to_ivanovo(minimal_copy)
    bundle = prepare(minimal_copy).bundle
    rows = list(csv.DictReader(io.StringIO(bundle.files["opendata/results.csv"])))
    by_period = {}
    for row in rows:
        by_period.setdefault(row["period"], set()).add(row["methodology"])
    assert by_period == {"2024": {"kaluga"}, "2025": {"kaluga"}, "2026": {"ivanovo"}}
    # both methodology pages are published, the site's own at methodology.md
    assert "methodology.md" in bundle.files and "methodology-ivanovo.md" in bundle.files
    # trends compare like with like: the 2026 organ page shows no Kaluga history
    assert "Кэф" not in bundle.files["organs/alpha/2026.md"]


def test_an_unknown_methodology_in_period_yaml_is_reported(minimal_copy):
    switch_2026_to_ivanovo(minimal_copy)
    (minimal_copy / "periods" / "2026" / "period.yaml").write_text("methodology: ivanov\n", encoding="utf-8")
    report, _ = check(minimal_copy)
    assert [(p.file, p.code) for p in report.errors] == [("periods/2026/period.yaml", "methodology-unknown")]


def test_survey_dates_under_a_methodology_without_them_are_a_warning(minimal_copy):
    (minimal_copy / "periods" / "2025" / "period.yaml").write_text(
        "survey:\n  completed: 2025-12-01\n", encoding="utf-8")
    report, dataset = check(minimal_copy)
    assert [(p.code, p.file, p.column) for p in report.warnings] == [
        ("survey-dates-unused", "periods/2025/period.yaml", "survey")]
    assert dataset is not None
