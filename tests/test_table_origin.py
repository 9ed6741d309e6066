"""Each table of a period says where it came from (PeriodData.origins), for the messages a
methodology words: the file as the maintainer named it, the folder of a table given one file per
organ, the sheet of a table given as sheets, or the CSV it would be when it was not given."""
import shutil
from pathlib import Path

from openpyxl import Workbook

from generator.build import check
from generator.dataset import PeriodData, TableOrigin
from generator.periods import parse_period

FIXTURES = Path(__file__).parent / "fixtures"


def _copy(name: str, tmp_path: Path) -> Path:
    return Path(shutil.copytree(FIXTURES / name, tmp_path / "data"))


def _period(dataset, name: str) -> PeriodData:
    return next(p for p in dataset.periods if p.period.name == name)


def test_a_workbook_is_named_as_given_and_a_missing_table_as_its_csv(tmp_path):
    data = _copy("minimal", tmp_path)
    requests = data / "periods/2025/requests.csv"
    book = Workbook()
    for line in requests.read_text(encoding="utf-8").splitlines():
        book.active.append([int(c) if c.isdigit() else c for c in line.split(",")])
    book.save(data / "periods/2025/requests.xlsx")
    requests.unlink()
    report, dataset = check(data)
    assert report.ok, report.as_text()
    period = _period(dataset, "2025")
    assert period.origins["requests"] == TableOrigin("periods/2025/requests.xlsx")
    assert period.given("requests") and period.file("requests") == "periods/2025/requests.xlsx"
    assert not period.given("responses") and period.file("responses") == "periods/2025/responses.csv"
    assert dataset.services_file == "services.csv"


def test_a_table_split_by_organ_is_named_by_its_folder_or_its_sheet(tmp_path):
    data = _copy("baikonur", tmp_path)
    shutil.rmtree(data / "periods/2025-Q1/proposals")  # proposals now only on the sheet of alpha.xlsx
    report, dataset = check(data)
    assert report.ok, report.as_text()
    period = _period(dataset, "2025-Q1")
    assert period.origins["survey"] == TableOrigin("periods/2025-Q1/survey/")
    assert period.origins["proposals"] == TableOrigin("periods/2025-Q1/survey/", "Предложения")
    assert period.given("proposals") and period.file("proposals") == "periods/2025-Q1/survey/, лист «Предложения»"


def test_a_period_built_by_hand_has_no_table_given():
    period = PeriodData(parse_period("2025"), "kaluga", {})
    assert not period.given("responses") and period.file("responses") == "periods/2025/responses.csv"


def test_a_message_names_the_workbook_the_maintainer_gave_not_its_csv(tmp_path):
    """«услуги нет в requests.csv» was printed when the table was requests.xlsx."""
    data = _copy("minimal", tmp_path)
    requests = data / "periods/2025/requests.csv"
    lines = [line for line in requests.read_text(encoding="utf-8").splitlines() if not line.startswith("a3,")]
    book = Workbook()
    for line in lines:
        book.active.append([int(c) if c.isdigit() else c for c in line.split(",")])
    book.save(data / "periods/2025/requests.xlsx")
    requests.unlink()
    with (data / "periods/2025/regulations.csv").open("a", encoding="utf-8") as table:
        table.write("a3,да,да,в_срок\n")
    report, _ = check(data)
    [warning] = [p for p in report.warnings if p.code == "service-not-in-period"]
    assert warning.file == "periods/2025/regulations.csv"
    assert "нет в requests.xlsx за этот период" in warning.message and ".csv" not in warning.message
