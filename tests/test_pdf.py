"""PDF reports (issue 13): each organ report and each period's rating as a PDF beside its page, linked
from it; what a reader finds in the PDF: the organ's name, a sane number of pages, the last column of
the page's widest table inside the page (nothing cut), hostile names as text."""
import re
import shutil
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from generator.build import check, prepare
from generator.cli import main
from generator.publish import pdf
from generator.resources import PDF_VARIABLE

FIXTURES = Path(__file__).parent / "fixtures"
MINIMAL = FIXTURES / "minimal"
HOSTILE = "Управление «Альфа» & <b>партнёры</b>"  # organizations.yaml of the fixture
MAX_PAGES = 40
# one worker builds the PDFs (seconds each) and runs every test of them
pytestmark = pytest.mark.xdist_group("pdf")


@pytest.fixture(autouse=True)
def as_site_yaml_says(monkeypatch):
    """The tests here make the PDFs site.yaml asks for: the run's TRANSPARENCY_PDF=none (conftest) is lifted."""
    monkeypatch.delenv(PDF_VARIABLE, raising=False)


def built_with_pdfs(data: Path, choice: str, command: str = "build") -> Path:
    """The data folder built (or exported: the site project, its PDFs made, without the engine's seconds)
    with site.yaml `pdf: choice` (the default is none: seconds a report)."""
    site_yaml = data / "site.yaml"
    site_yaml.write_text(site_yaml.read_text(encoding="utf-8") + f"pdf: {choice}\n", encoding="utf-8")
    out = data.parent / "site"
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv(PDF_VARIABLE, raising=False)
        if command == "export":  # in this process: WeasyPrint loaded once for every export, no pool to start
            patch.setenv("TRANSPARENCY_WORKERS", "1")
        assert main([command, "--data", str(data), "--out", str(out)] + ["--quiet"] * (command == "build")) == 0
    return out if command == "build" else out / "docs"


@pytest.fixture(scope="session")  # one build of PDFs (seconds each) for the whole run
def site(tmp_path_factory) -> Path:
    data = tmp_path_factory.mktemp("pdf") / "data"
    shutil.copytree(MINIMAL, data)
    (data / "periods" / "2025" / "period.yaml").write_text("published: 2026-01-20\n", encoding="utf-8")
    return built_with_pdfs(data, "all")


class _Tables(HTMLParser):
    """The header cells of each table of the page's article: [[header, …], …]."""

    def __init__(self):
        super().__init__()
        self.tables, self.cell, self.in_head = [], None, False

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append([])
        elif tag == "thead":
            self.in_head = True
        elif tag == "th" and self.in_head:
            self.cell = ""

    def handle_endtag(self, tag):
        if tag == "thead":
            self.in_head = False
        elif tag == "th" and self.cell is not None:
            self.tables[-1].append(self.cell)
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell += data


def widest_table_last_header(page_html: str) -> str:
    parser = _Tables()
    parser.feed(page_html)
    widest = max(parser.tables, key=len)
    return widest[-1]


def squeezed(text: str) -> str:
    """Text compared across line breaks and the hyphens WeasyPrint adds where it breaks a word."""
    return re.sub(r"[\s\u2010\u00ad-]", "", text)


def pdf_text_and_positions(path: Path) -> tuple[str, list[tuple[float, float]]]:
    reader = PdfReader(path)
    assert 0 < len(reader.pages) <= MAX_PAGES
    text, outside = [], []
    for page in reader.pages:
        width = float(page.mediabox.width)

        def seen(part, cm, tm, *_):
            x = cm[0] * tm[4] + cm[2] * tm[5] + cm[4]
            if part.strip() and not 0 <= x < width:
                outside.append((x, width))

        text.append(page.extract_text(visitor_text=seen))
    return "\n".join(text), outside


def reports(site: Path) -> list[Path]:
    return sorted([*site.glob("organs/*/*.pdf"), *site.glob("rating/*.pdf")])


def test_every_report_and_rating_has_its_pdf_linked_from_the_page(site):
    made = {p.relative_to(site).as_posix() for p in reports(site)}
    wanted = {p.relative_to(site).with_suffix(".pdf").as_posix()
              for p in [*site.glob("organs/*/*.html"), *site.glob("rating/*.html")] if p.stem != "index"}
    assert made == wanted and len(made) == 8  # 3 organs and the rating, 2 periods
    for name in made:
        html = (site / name).with_suffix(".html").read_text(encoding="utf-8")
        assert f'<a href="{Path(name).name}" download>Скачать отчёт (PDF)</a>' in html
    assert "Скачать отчёт (PDF)" not in (site / "organs" / "alpha" / "index.html").read_text(encoding="utf-8")


def test_a_reader_finds_the_organ_and_the_widest_tables_last_column_inside_the_page(site):
    for path in reports(site):
        text, outside = pdf_text_and_positions(path)
        html = path.with_suffix(".html").read_text(encoding="utf-8")
        assert not outside, f"{path.name}: text drawn past the page's edge {outside[:3]}"
        assert squeezed(widest_table_last_header(html)) in squeezed(text), path
        assert "Тестовый городской округ" in text and "Страница 1 из" in text
        if path.parent.name == "alpha":
            assert squeezed(HOSTILE) in squeezed(text)  # the name's markup is printed as text
        if path.stem == "2025":
            assert "опубликовано 20.01.2026" in text


def test_the_ratings_pdf_has_the_municipal_headline_and_its_chart(site):
    reader = PdfReader(site / "rating" / "2025.pdf")
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert squeezed("(среднее по органам): Кэф") in squeezed(text)
    assert any("/XObject" in (page.get("/Resources") or {}) for page in reader.pages)  # the chart


def test_links_in_a_pdf_point_to_the_published_site(site):
    reader = PdfReader(site / "organs" / "alpha" / "2025.pdf")
    uris = [a.get_object()["/A"].get("/URI") for page in reader.pages for a in page.get("/Annots") or []
            if "/A" in a.get_object()]
    assert uris and all(str(u).startswith("https://example.org/test/") for u in uris)


def test_nothing_is_fetched_but_the_sites_files_and_the_fonts(tmp_path):
    fetcher = pdf._local_only(tmp_path)
    for url in ("https://example.org/x.css", "file:///etc/passwd", "data:text/plain,x"):
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    (tmp_path / "a.css").write_text("p{}", encoding="utf-8")
    assert fetcher.fetch((tmp_path / "a.css").as_uri()) is not None


def test_the_pdf_converts_markdown_as_the_site_does():
    config = (Path(__file__).parent.parent / "mkdocs.yml").read_text(encoding="utf-8")
    section = config.split("markdown_extensions:\n")[1].split("\nplugins:")[0]
    names = [line.strip()[2:].rstrip(":") for line in section.splitlines() if line.strip().startswith("- ")]
    assert tuple(names) == pdf.EXTENSIONS


@pytest.mark.parametrize("value, pdfs", [
    ("none", []),
    ("latest", ["organs/alpha/2025.md", "organs/beta/2025.md", "organs/gamma/2025.md", "rating/2025.md"])])
def test_site_yaml_chooses_which_reports_become_pdfs(minimal_copy, value, pdfs):
    site_yaml = minimal_copy / "site.yaml"
    site_yaml.write_text(site_yaml.read_text(encoding="utf-8") + f"pdf: {value}\n", encoding="utf-8")
    bundle = prepare(minimal_copy).bundle
    assert sorted(bundle.pdfs) == pdfs
    linked = [path for path, text in bundle.files.items() if "Скачать отчёт (PDF)" in str(text)]
    assert sorted(linked) == pdfs


def test_a_wrong_choice_is_a_record(minimal_copy):
    site = yaml.safe_load((minimal_copy / "site.yaml").read_text(encoding="utf-8"))
    (minimal_copy / "site.yaml").write_text(yaml.safe_dump({**site, "pdf": "<всё>"}, allow_unicode=True),
                                            encoding="utf-8")
    report, _ = check(minimal_copy)
    [problem] = report.errors
    assert (problem.file, problem.column, problem.code) == ("site.yaml", "pdf", "yaml-invalid")
    assert "all" in problem.message and "none" in problem.message and "«<всё>»" in problem.message


def organ_names(data: Path) -> dict[str, str]:
    return {organ["id"]: organ["name"]
            for organ in yaml.safe_load((data / "organizations.yaml").read_text(encoding="utf-8"))}


def page_title(page_html: str) -> str:
    """The page's level-1 heading as a reader sees it."""
    heading = re.search(r"<h1[^>]*>(.*?)</h1>", page_html, re.DOTALL)[1]
    return unescape(re.sub(r"<[^>]+>", "", heading)).strip()


@pytest.mark.parametrize("name", ["minimal", "baikonur", "dzerzhinsk", "ivanovo", "novokuznetsk"])
def test_every_methodologys_reports_of_the_latest_period_read_whole(name, site, tmp_path, capsys):
    """Per methodology (its small fixture, pdf: latest): every organ's report and the rating of the latest
    period is a PDF that names the organ (the rating: its title), has 1 to MAX_PAGES pages and holds the
    last column of the page's widest table, nothing drawn past the page's edge. The Kaluga fixture is the
    session's build (pdf: all, so its latest period too); the others are exported (the PDFs are made as a
    build makes them, the site engine is not needed), and their pages read as WeasyPrint received them."""
    if name == "minimal":
        built, page_html = site, lambda path: path.with_suffix(".html").read_text(encoding="utf-8")
    else:
        built = built_with_pdfs(shutil.copytree(FIXTURES / name, tmp_path / "data"), "latest", "export")
        site_url = yaml.safe_load((FIXTURES / name / "site.yaml").read_text(encoding="utf-8"))["site_url"]
        page_html = lambda path: pdf.html_document(built, path.relative_to(built).with_suffix(".md").as_posix(),
                                                   site_url)
    capsys.readouterr()  # export's progress
    latest = max(p.stem for p in built.glob("rating/*.pdf"))
    organs = organ_names(FIXTURES / name)
    made = [p for p in reports(built) if p.stem == latest]
    assert {p.parent.name for p in made if p.parent.name != "rating"} <= set(organs)
    assert len(made) >= 2 and any(p.parent.name == "rating" for p in made)
    for path in made:
        text, outside = pdf_text_and_positions(path)  # asserts 1 to MAX_PAGES pages
        html = page_html(path)
        assert not outside, f"{path}: text drawn past the page's edge {outside[:3]}"
        wanted = page_title(html) if path.parent.name == "rating" else organs[path.parent.name]
        assert squeezed(wanted) in squeezed(text), (path, wanted)
        if "<table" in html:
            assert squeezed(widest_table_last_header(html)) in squeezed(text), path


def test_the_environment_overrides_site_yaml(minimal_copy, monkeypatch):
    monkeypatch.setenv(PDF_VARIABLE, "latest")  # site.yaml of the fixture says nothing: none
    assert sorted(prepare(minimal_copy).bundle.pdfs) == [
        "organs/alpha/2025.md", "organs/beta/2025.md", "organs/gamma/2025.md", "rating/2025.md"]
    site_yaml = minimal_copy / "site.yaml"
    site_yaml.write_text(site_yaml.read_text(encoding="utf-8") + "pdf: all\n", encoding="utf-8")
    monkeypatch.setenv(PDF_VARIABLE, "none")
    assert prepare(minimal_copy).bundle.pdfs == []


def test_a_wrong_override_is_a_record_before_anything_is_built(minimal_copy, monkeypatch, capsys):
    monkeypatch.setenv(PDF_VARIABLE, "всё")
    out = minimal_copy.parent / "site"
    assert main(["build", "--data", str(minimal_copy), "--out", str(out), "--quiet"]) == 1
    err = capsys.readouterr().err
    assert f"{PDF_VARIABLE}: [pdf-invalid] ошибка" in err and "«всё»" in err and "Traceback" not in err
    assert not out.exists()


def test_the_cache_keeps_the_files_each_pdf_read_and_misses_when_one_changes(site, chart_cache, tmp_path):
    lists = [yaml.safe_load(path.read_text(encoding="utf-8")) for path in (chart_cache / "pdf").glob("*.json")]
    assert lists and all({"assets/transparency.css", "assets/print.css"} <= set(files) for files in lists)
    assert any(any(path.endswith(".svg") for path in files) for files in lists)  # the rating's chart
    docs, store = tmp_path / "docs", tmp_path / "store"
    (docs / "assets").mkdir(parents=True)
    store.mkdir()
    (docs / "assets" / "print.css").write_text("p{}", encoding="utf-8")
    entry = store / pdf.document_key("rating/2025.md", "<p>документ</p>")
    Path(f"{entry}.json").write_text('["assets/print.css", "charts/gone.svg"]', encoding="utf-8")
    made = store / (pdf.content_key(entry.name, docs, ["assets/print.css", "charts/gone.svg"]) + ".pdf")
    made.write_bytes(b"%PDF")
    assert pdf.cached_pdf(docs, str(entry), {}) == made
    (docs / "assets" / "print.css").write_text("p{color:red}", encoding="utf-8")
    assert pdf.cached_pdf(docs, str(entry), {}) is None  # a stylesheet changed
    (docs / "assets" / "print.css").write_text("p{}", encoding="utf-8")
    (docs / "charts").mkdir()
    (docs / "charts" / "gone.svg").write_text("<svg/>", encoding="utf-8")
    assert pdf.cached_pdf(docs, str(entry), {}) is None  # a file it looked for and did not find is there now
    assert pdf.document_key("rating/2025.md", "<p>документ</p>") != pdf.document_key("rating/2025.md", "<p>иной</p>")
