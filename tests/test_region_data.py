"""The benchmark's synthetic municipality (tools/make_region_data.py): reproducible and valid.

The benchmark's figures are only comparable from run to run if the same size gives the same data,
and only meaningful if that data is a municipality the generator accepts without a complaint.
"""
import importlib.util
from pathlib import Path

from generator.build import check

TOOL = Path(__file__).resolve().parent.parent / "tools" / "make_region_data.py"


def load_tool():
    spec = importlib.util.spec_from_file_location("make_region_data", TOOL)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_same_seed_same_bytes_other_seed_other_figures(tmp_path):
    tool = load_tool()
    first = files(tool.generate(tmp_path / "a", 3))
    again = files(tool.generate(tmp_path / "b", 3))
    other = files(tool.generate(tmp_path / "c", 3, seed=7))
    assert first == again
    assert first.keys() == other.keys()
    assert first["periods/2025/requests.csv"] != other["periods/2025/requests.csv"]


def test_small_municipality_passes_the_check_with_five_periods_of_ten_services_an_organ(tmp_path):
    report, dataset = check(load_tool().generate(tmp_path / "data", 3))
    assert report.problems == [], report.as_text()
    assert dataset is not None
    assert [p.name for p in sorted((tmp_path / "data" / "periods").iterdir())] == [
        "2021", "2022", "2023", "2024", "2025"]
    services = (tmp_path / "data" / "services.csv").read_text(encoding="utf-8").splitlines()
    assert len(services) == 1 + 3 * 10
