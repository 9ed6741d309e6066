"""Issue 12, part D: the maintainers' alerts on «Контроль публикации» (linked from every footer),
«Оценить услугу» from site.yaml, and the dates a reader sees taken from the data, not the build."""
import re
from pathlib import Path

import pytest
import yaml

from generator import charts
from generator.build import check, prepare
from generator.cli import main
from generator.publish.project import project_config

ROOT = Path(__file__).resolve().parent.parent
DEMOS = {"kaluga": ROOT / "data", **{p.name: p for p in sorted((ROOT / "examples").iterdir())
                                     if (p / "site.yaml").is_file()}}
# what the maintainers' alerts said on Dzerzhinsk's rating and organ pages before they moved
ALERTS = ("Срок публикации нарушен", "с нарушением срока", "Пропущенные кварталы", "Сроки размещения ведомостей",
          "дата публикации не указана", "Публикация результатов", "Публикация итогов")
NOTE = "Сведения о сроках публикации — на странице"
BUILD_DATE = "23.11.2026"  # conftest pins the build date


class NoDrawing:
    """The charts are not what these tests look at: each stays an empty file (drawing them takes most of a build)."""

    def __init__(self, cache_dir):
        self.paths = []

    def __enter__(self):
        return self

    def __exit__(self, *_):
        return None

    def add(self, path, spec, largest=None):
        self.paths.append(path)

    def finish(self):
        return dict.fromkeys(self.paths, b"")

    def files(self):
        return ((path, b"") for path in self.paths)


def prepared_without_charts(data: Path):
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(charts, "Drawing", NoDrawing)
        return prepare(data)


@pytest.fixture(scope="module")
def demo_bundles():
    return {}


@pytest.fixture(params=sorted(DEMOS))
def demo(request, demo_bundles):
    name = request.param
    if name not in demo_bundles:
        demo_bundles[name] = prepared_without_charts(DEMOS[name]).bundle
    return name, demo_bundles[name]


def with_site_yaml(data: Path, **fields) -> None:
    site = yaml.safe_load((data / "site.yaml").read_text(encoding="utf-8"))
    (data / "site.yaml").write_text(yaml.safe_dump({**site, **fields}, allow_unicode=True), encoding="utf-8")


def with_published(data: Path, period: str, date: str) -> None:
    (data / "periods" / period / "period.yaml").write_text(f"published: {date}\n", encoding="utf-8")


# --- «Контроль публикации» ---------------------------------------------------------------------

def test_every_demo_has_the_control_page_and_its_footer_link(demo):
    name, bundle = demo
    page = bundle.files["control.md"]
    assert "# Контроль публикации" in page and "## Замечания проверки данных" in page
    assert bundle.theme_extra["control_page"] == "control.html"  # overrides/main.html links it in the footer
    assert project_config(bundle)["extra"]["control_page"] == "control.html"
    assert project_config(bundle)["extra"]["polyfills"]  # the generator's own extra is kept


def test_dzerzhinsk_deadlines_are_on_the_control_page_not_the_rating():
    bundle = prepared_without_charts(DEMOS["dzerzhinsk"]).bundle
    control = bundle.files["control.md"]
    for said in ("## Сроки публикации результатов", "с нарушением срока", "Пропущенные кварталы",
                 "## Сроки размещения ведомостей проверок", "опубликовано 29.04.2025 — с опозданием на"):
        assert said in control, said
    shown = [p for p in bundle.files if re.fullmatch(r"(rating|organs/[^/]+|surveys)/[^/]+\.md", p)]
    assert any(p.startswith("rating/") for p in shown) and any(p.startswith("organs/") for p in shown)
    for path in shown:
        page = bundle.files[path]
        assert not [a for a in ALERTS if a in page], path
        if not path.endswith("index.md"):
            assert NOTE in page and re.search(r'href="(\.\./)+control\.html"', page), path


def test_warnings_of_the_check_are_on_the_control_page(minimal_copy):
    # a file the methodology does not read: a warning, whose text names it as the maintainer did
    (minimal_copy / "periods" / "2025" / "notes <i>x.csv").write_text("a,b\n", encoding="utf-8")
    prepared = prepared_without_charts(minimal_copy)
    assert [w.code for w in prepared.report.warnings] == ["file-unknown"]
    page = prepared.bundle.files["control.md"]
    assert "<code>file-unknown</code>" in page and "periods/2025/notes &lt;i&gt;x.csv" in page
    assert "<i>" not in page


def test_without_warnings_the_control_page_says_so():
    page = prepared_without_charts(ROOT / "tests" / "fixtures" / "minimal").bundle.files["control.md"]
    assert "Замечаний нет" in page and "## Сроки публикации" not in page  # kaluga adds no section


# --- «Оценить услугу» ---------------------------------------------------------------------------

def test_organ_and_service_pages_link_where_to_rate(demo):
    name, bundle = demo
    organ_pages = [p for p in bundle.files if re.fullmatch(r"organs/[^/]+/(?!index)[^/]+\.md", p)]
    service_pages = [p for p in bundle.files if re.fullmatch(r"services/[^/]+/[^/]+\.md", p)]
    for path in organ_pages + service_pages:
        page = bundle.files[path]
        assert '<nav class="tp-rate" aria-label="Оценить услугу">' in page, path
        assert '<a href="https://vashkontrol.ru/" rel="noopener">Ваш контроль</a>' in page, path
        assert "target=" not in page.split('class="tp-rate"', 1)[1].split("</nav>", 1)[0]
    assert organ_pages


def test_without_rate_service_there_is_no_rate_box():
    bundle = prepared_without_charts(ROOT / "tests" / "fixtures" / "minimal").bundle
    assert not any('class="tp-rate"' in text for path, text in bundle.files.items() if path.endswith(".md"))


def test_a_hostile_channel_title_is_escaped(minimal_copy):
    with_site_yaml(minimal_copy, rate_service=[
        {"title": 'Госуслуги"><script>alert(1)</script>', "url": "https://www.gosuslugi.ru/?a=1&b=2"}])
    page = prepared_without_charts(minimal_copy).bundle.files["organs/alpha/2025.md"]
    assert "<script>alert(1)" not in page
    assert ('<a href="https://www.gosuslugi.ru/?a=1&amp;b=2" rel="noopener">'
            "Госуслуги&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;</a>") in page


@pytest.mark.parametrize("entry, field, code", [
    ({"title": "Госуслуги", "url": "javascript:alert(document.cookie)"}, "rate_service[0].url", "url-invalid"),
    ({"title": "Госуслуги", "url": 'https://x.ru/"><b>'}, "rate_service[0].url", "url-invalid"),
    ({"title": "", "url": "https://www.gosuslugi.ru/"}, "rate_service[0].title", "yaml-invalid"),
    ({"title": "Госуслуги"}, "rate_service[0].url", "yaml-invalid"),
    ({"title": "Госуслуги", "url": "https://www.gosuslugi.ru/", "link": "x"}, "rate_service[0].link", "yaml-invalid"),
])
def test_a_bad_channel_is_a_record(minimal_copy, entry, field, code):
    with_site_yaml(minimal_copy, rate_service=[entry])
    report, dataset = check(minimal_copy)
    assert dataset is None or not report.ok
    [problem] = report.errors
    assert (problem.file, problem.column, problem.code) == ("site.yaml", field, code)
    assert re.search("[а-я]", problem.message)
    if field.endswith(".link"):
        assert problem.message.endswith("допустимые поля: title, url")


# --- dates from the data ------------------------------------------------------------------------

def test_the_footer_dates_the_latest_periods_publication(minimal_copy):
    with_published(minimal_copy, "2024", "2025-02-01")
    with_published(minimal_copy, "2025", "2026-01-20")
    bundle = prepared_without_charts(minimal_copy).bundle
    assert bundle.copyright.endswith("Сведения обновлены 20.01.2026.")
    assert bundle.theme_extra["updated"] == "2026-01-20"


def test_without_a_publication_date_the_footer_names_the_period(minimal_copy):
    with_published(minimal_copy, "2024", "2025-02-01")  # an earlier period's date says nothing of the latest
    bundle = prepared_without_charts(minimal_copy).bundle
    assert bundle.copyright.endswith("Данные за 2025 год.")
    assert "обновлены" not in bundle.copyright and BUILD_DATE not in bundle.copyright
    assert "updated" not in bundle.theme_extra


def built(data: Path, out: Path) -> Path:
    assert main(["build", "--data", str(data), "--out", str(out), "--quiet"]) == 0
    return out


def test_built_site_sitemap_footer_and_reproducibility(minimal_copy, tmp_path):
    with_published(minimal_copy, "2025", "2026-01-20")
    first, second = built(minimal_copy, tmp_path / "one"), built(minimal_copy, tmp_path / "two")
    sitemap = (first / "sitemap.xml").read_text(encoding="utf-8")
    assert sitemap.count("<url>") > 10
    assert sitemap.count("<lastmod>2026-01-20</lastmod>") == sitemap.count("<url>")
    assert re.findall(r"<lastmod>([^<]*)</lastmod>", sitemap) == ["2026-01-20"] * sitemap.count("<url>")
    for page in ("index.html", "organs/alpha/2025.html", "rating/2025.html"):
        html = (first / page).read_text(encoding="utf-8")
        footer = html.split('<footer class="md-footer">', 1)[1]
        link = re.search(r'<a href="([^"]+)">Контроль публикации</a>', footer).group(1)
        assert (first / page).parent.joinpath(link).resolve() == (first / "control.html").resolve()
        assert "Сведения обновлены 20.01.2026." in footer and BUILD_DATE not in footer
        assert html == (second / page).read_text(encoding="utf-8")
    assert sitemap == (second / "sitemap.xml").read_text(encoding="utf-8")
    control = (first / "control.html").read_text(encoding="utf-8")
    assert "<h1" in control and "Контроль публикации" in control


def test_an_undated_site_has_an_undated_sitemap(minimal_copy, tmp_path):
    site = built(minimal_copy, tmp_path / "site")
    assert "<lastmod>" not in (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "Данные за 2025 год." in (site / "index.html").read_text(encoding="utf-8")
