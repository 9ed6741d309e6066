"""A region's portal (issue 11): tests/fixtures/region_two/region holds region.yaml and two municipalities of
different methodologies (testovy: a copy of tests/fixtures/minimal, Kaluga; zvezdny: of tests/fixtures/baikonur).

The portal is built once with processes of this machine and once on a local Dask cluster; both must give
the same files, and each municipality's folder must be what a single build of its data gives. The
comparison figures are checked against the municipalities' own results; region.yaml's text is escaped;
each defect of region.yaml (tests/fixtures/region_two/defects/<defect>/, laid over the region) is reported
exactly as its expected.txt says.
"""
from __future__ import annotations

import csv
import io
import os
import re
import shutil
from fractions import Fraction
from pathlib import Path

import pytest

from generator.build import build, prepare
from generator.cli import main
from generator.exact import decimal_text
from generator.problems import Report
from generator.publish import SITE_STAMP
from generator.region import REGION_PROBLEM_CODES
from generator.region.config import load_region
from generator.region.portal import places
from generator.region.summary import Method, ServiceFigure, Shown, Summary

FIXTURE = Path(__file__).parent / "fixtures" / "region_two"
REGION = FIXTURE / "region"
DEFECTS = FIXTURE / "defects"
FOLDERS = ("testovy", "zvezdny")
BUILD_DATE = "1795392000"  # 23.11.2026, as every test pins it (conftest.fixed_build_date)
# Files a build writes about itself rather than for a reader: the stamp and the incremental build's
# manifest (it names the folder the site was built in).
NOT_PAGES = re.compile(r"(^|/)\.transparency-[^/]*$")


@pytest.fixture(scope="module")
def pinned_date():
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", BUILD_DATE)  # before any worker process starts: they inherit it
        yield


@pytest.fixture(scope="module")
def work(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("region")


@pytest.fixture(scope="module")
def cluster(pinned_date):
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=":0") as running:
        yield running


@pytest.fixture(scope="module")
def with_processes(pinned_date, work) -> Path:
    out = work / "processes"
    assert main(["build", "--data", str(REGION), "--out", str(out), "--quiet"]) == 0
    return out


@pytest.fixture(scope="module")
def on_cluster(cluster, work) -> Path:
    out = work / "dask"
    assert main(["build", "--data", str(REGION), "--out", str(out), "--quiet",
                 "--scheduler", cluster.scheduler_address]) == 0
    return out


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and not NOT_PAGES.search(p.relative_to(folder).as_posix())}


def text(page: Path) -> str:
    """What a reader reads of a page's article: tags dropped, entities left as they are."""
    html = page.read_text(encoding="utf-8")
    article = html[html.index("<article"):html.index("</article>")]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", article))


def table(path: Path) -> list[dict]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


# --- the build ------------------------------------------------------------------------------------

def test_processes_and_a_dask_cluster_build_the_same_portal(with_processes, on_cluster):
    built, clustered = files(with_processes), files(on_cluster)
    assert sorted(built) == sorted(clustered)
    assert [path for path in built if built[path] != clustered[path]] == []
    assert (with_processes / SITE_STAMP).is_file() and (on_cluster / SITE_STAMP).is_file()
    for page in ("index.html", "opendata.html", "municipalities/testovy.html", "municipalities/zvezdny.html",
                 "compare/spravki.html", "compare/zayavleniya.html", "opendata/region-results.csv",
                 "opendata/comparison.csv"):
        assert page in built, page


@pytest.mark.parametrize("folder", FOLDERS)
def test_each_municipality_is_what_its_single_build_gives(with_processes, work, folder):
    single = work / f"single-{folder}"
    build(REGION / folder, single)
    assert files(with_processes / folder) == files(single)
    assert (with_processes / folder / SITE_STAMP).is_file()  # a single build could replace it later


def test_the_portal_lists_every_municipality_with_its_headline(with_processes):
    home = text(with_processes / "index.html")
    assert home.index("Тестовый городской округ") < home.index("Тестовый город Звёздный")  # region.yaml's order
    assert "Кэф" in home and "70,2 %" in home and "Уровень эффективности выше среднего" in home
    assert "4,00" in home and "Хорошо" in home  # Baikonur's О is in points, not percent
    assert "между собой не сравниваются" in home
    html = (with_processes / "index.html").read_text(encoding="utf-8")
    assert 'href="testovy/index.html"' in html and 'href="zvezdny/index.html"' in html
    page = text(with_processes / "municipalities" / "zvezdny.html")
    assert "II квартал 2025 года" in page and "Байконур" in page


# --- the comparison -------------------------------------------------------------------------------

def test_comparison_figures_are_each_municipality_s_own(with_processes):
    kaluga = prepare(REGION / "testovy").results
    baikonur = prepare(REGION / "zvezdny").results
    alpha = next(a for a in kaluga.for_period(kaluga.periods[-1]) if a.organization.id == "alpha")
    s1 = next(a for a in baikonur.services_in(baikonur.periods[-1]) if a.service_id == "s1")
    rows = {(r["service_code"], r["municipality"]): r for r in table(with_processes / "opendata" / "comparison.csv")}
    kaluga_row, baikonur_row = rows["spravki", "testovy"], rows["spravki", "zvezdny"]
    # Kaluga rates organs: the service's figure is its organ's Кэф; Baikonur rates the service itself
    assert (kaluga_row["subject"], kaluga_row["indicator"], kaluga_row["value"]) == (
        "organization", "kef", decimal_text(alpha.value("kef")))
    assert (baikonur_row["subject"], baikonur_row["indicator"], baikonur_row["value"]) == (
        "service", "score", decimal_text(s1.value("score")))
    assert (kaluga_row["methodology"], kaluga_row["period"]) == ("kaluga", "2025")
    assert (baikonur_row["methodology"], baikonur_row["period"]) == ("baikonur", "2025-Q2")
    # each alone in its methodology: first of one, never ranked against the other
    assert (kaluga_row["place"], kaluga_row["of"], baikonur_row["place"], baikonur_row["of"]) == ("1", "1", "1", "1")
    no_figure = rows["zayavleniya", "zvezdny"]
    assert (no_figure["value"], no_figure["place"], no_figure["subject"]) == ("", "", "service")
    page = text(with_processes / "compare" / "spravki.html")
    assert "Методика: Калуга, 2025" in page and "Методика: Байконур, 2021" in page
    assert "79,7 %" in page and "4,50" in page and "Отлично" in page
    assert "места присвоены только внутри одной методики" in page
    assert "не оценивается" in text(with_processes / "compare" / "zayavleniya.html")


def _summary(folder: str, method: str, period: str, value) -> tuple[Summary, ServiceFigure]:
    shown = Shown("x", "X", "X", "%", None if value is None else Fraction(value))
    summary = Summary(folder, folder, folder, "", Method(method, method, method, ""), period, period, (period,),
                      shown, (shown,), 1, 1, 1)
    return summary, ServiceFigure("s", "s", "s", "o", "service", shown, "")


def test_places_are_given_only_within_a_methodology_and_period():
    entries = [_summary("a", "kaluga", "2025", "80"), _summary("b", "kaluga", "2025", "70.5"),
               _summary("c", "kaluga", "2025", "80"), _summary("d", "baikonur", "2025-Q2", "3"),
               _summary("e", "kaluga", "2024", "99"), _summary("f", "kaluga", "2025", None)]
    assert places(entries) == {"a": (1, 3), "c": (1, 3), "b": (3, 3), "d": (1, 1), "e": (1, 1), "f": (None, 0)}


# --- what a reader sees of region.yaml's text ------------------------------------------------------

def test_region_yaml_text_is_escaped(with_processes):
    for page in ("index.html", "compare/spravki.html", "municipalities/testovy.html", "opendata.html"):
        html = (with_processes / page).read_text(encoding="utf-8")
        assert "<b>Юг</b>" not in html and "<i>цифрового</i>" not in html and "<script>alert" not in html, page
    home = (with_processes / "index.html").read_text(encoding="utf-8")
    assert "Тестовая область «Север» &amp; &lt;b&gt;Юг&lt;/b&gt;" in home
    assert "Министерство &lt;i&gt;цифрового&lt;/i&gt; развития" in home
    assert "Выдача справок &lt;script&gt;alert(1)&lt;/script&gt;" in home
    # the theme prints page titles unescaped: they carry look-alikes instead (generator/publish/project.py)
    page = (with_processes / "compare" / "spravki.html").read_text(encoding="utf-8")
    title = re.search(r"<title>(.*?)</title>", page)
    assert title.group(1).startswith("Выдача справок ‹script›alert(1)‹/script›")


# --- problems -------------------------------------------------------------------------------------

def laid_over(defect: Path, target: Path) -> Path:
    shutil.copytree(REGION, target)
    for path in defect.rglob("*"):
        if path.is_file() and path.name != "expected.txt":
            destination = target / path.relative_to(defect)
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, destination)
    return target


@pytest.mark.parametrize("defect", sorted(p.name for p in DEFECTS.iterdir() if p.is_dir()))
def test_each_defect_of_region_yaml_is_a_problem_record(defect, tmp_path):
    region = laid_over(DEFECTS / defect, tmp_path / "region")
    report = Report()
    config = load_region(region, report)
    expected = DEFECTS / defect / "expected.txt"
    if os.environ.get("UPDATE_EXPECTED"):
        expected.write_text(report.as_text() + "\n", encoding="utf-8")
    assert report.as_text() + "\n" == expected.read_text(encoding="utf-8")
    assert not report.ok and all(p.code.startswith("region-") for p in report.problems)
    assert config is None or report.errors


def test_the_good_region_yaml_has_no_problem():
    report = Report()
    assert load_region(REGION, report) is not None and report.problems == []


def test_check_reports_region_and_municipality_problems_at_once(tmp_path, capsys):
    region = laid_over(DEFECTS / "service_too_few", tmp_path / "region")
    (region / "region.yaml").write_text((region / "region.yaml").read_text(encoding="utf-8").replace(
        "zvezdny: s1", "zvezdny: s9"), encoding="utf-8")
    services = region / "testovy" / "services.csv"
    services.write_text(services.read_text(encoding="utf-8").replace("b2,beta", "b2,omega"), encoding="utf-8")
    assert main(["check", "--data", str(region)]) == 1
    said = capsys.readouterr().out
    assert "region.yaml: services[1].municipalities (строка 18): [region-service-too-few]" in said
    assert "testovy/services.csv, строка 6, столбец «organization_id»: [id-unknown]" in said  # named from the region
    assert "region.yaml: services.spravki.municipalities.zvezdny (строка 15): [region-service-unknown]" in said
    assert "zvezdny/periods/2025-Q2/survey/: [baikonur-report-missing] предупреждение" in said


def test_a_failed_municipality_publishes_nothing(cluster, tmp_path, capsys):
    region = shutil.copytree(REGION, tmp_path / "region")
    (region / "zvezdny" / "services.csv").write_text("service_id,organization_id,name\ns1,nobody,С1\n",
                                                     encoding="utf-8")
    out = tmp_path / "portal"
    out.mkdir()
    (out / SITE_STAMP).write_text("the published portal\n", encoding="utf-8")
    assert main(["build", "--data", str(region), "--out", str(out), "--quiet",
                 "--scheduler", cluster.scheduler_address]) == 1
    said = capsys.readouterr().err
    assert "zvezdny/services.csv, строка 2, столбец «organization_id»: [id-unknown]" in said
    assert "Портал не собран; " in said
    assert sorted(p.name for p in out.iterdir()) == [SITE_STAMP]
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".portal-new-")] == []


@pytest.mark.parametrize(("arguments", "code"), [
    (["--scheduler", "not an address"], "region-scheduler-invalid"),
    (["--scheduler", "tcp://127.0.0.1:1"], "region-scheduler-unreachable"),
])
def test_a_bad_scheduler_is_a_problem_record(arguments, code, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr("generator.region.runner.CONNECT_SECONDS", 1)
    assert main(["build", "--data", str(REGION), "--out", str(tmp_path / "portal"), "--quiet", *arguments]) == 1
    said = capsys.readouterr().err
    assert f"--scheduler: [{code}] ошибка:" in said and "Traceback" not in said
    assert not (tmp_path / "portal").exists()


def test_scheduler_without_a_region_and_export_of_a_region_are_refused(tmp_path, capsys):
    assert main(["build", "--data", str(REGION / "testovy"), "--out", str(tmp_path / "site"),
                 "--scheduler", "processes"]) == 1
    assert "[region-scheduler-without-region]" in capsys.readouterr().err
    assert main(["export", "--data", str(REGION), "--out", str(tmp_path / "project")]) == 1
    assert "[region-command-unsupported]" in capsys.readouterr().err


def test_every_region_code_is_reported_somewhere():
    source = "\n".join(p.read_text(encoding="utf-8") for p in (Path(__file__).parent.parent / "generator" / "region")
                       .glob("*.py") if p.name != "__init__.py")
    assert [code for code in REGION_PROBLEM_CODES if f'"{code}"' not in source] == []


def test_a_defect_of_the_generator_in_a_worker_is_a_record_not_a_traceback(monkeypatch):
    from generator.region import worker

    def broken(task):
        raise KeyError("kef")

    monkeypatch.setattr(worker, "_build", broken)
    outcome = worker.build_municipality(worker.Task("testovy", REGION / "testovy", None))
    assert outcome.summary is None and [p.code for p in outcome.problems] == ["region-municipality-failed"]
    assert outcome.problems[0].file == "testovy/" and "KeyError: 'kef'" in outcome.problems[0].message


def test_builds_at_once_in_one_worker_keep_one_process_each_until_the_last_ends(monkeypatch):
    """A Dask worker runs its tasks in threads: the first build sets TRANSPARENCY_WORKERS=1, the
    last puts it back, and none sees it change while it runs."""
    import threading
    import time

    from generator.region.worker import one_process_per_site

    monkeypatch.delenv("TRANSPARENCY_WORKERS", raising=False)
    seen = []

    def build(seconds):
        with one_process_per_site():
            time.sleep(seconds)
            seen.append(os.environ.get("TRANSPARENCY_WORKERS"))

    threads = [threading.Thread(target=build, args=(s,)) for s in (0.05, 0.2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert seen == ["1", "1"] and "TRANSPARENCY_WORKERS" not in os.environ
