"""«Для прессы»: the press release of every period (page and plain text), measures.yaml and site.yaml
`press:` for every methodology, and the Atom feed — as a reader (or a feed reader) gets them."""
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

from generator.build import check, computed
from generator.methods import METHODOLOGIES
from generator.methods.base import Indicator
from generator.render import feed, press
from generator.render.site import SiteRenderer

FIXTURES = Path(__file__).parent / "fixtures"
ATOM = "{http://www.w3.org/2005/Atom}"
HOSTILE = "</summary><script>alert(1)</script> & «x»"


def site_of(data: Path) -> SiteRenderer:
    """The renderer of a data folder, without charts: the press pages need none."""
    prepared = computed(data)
    return SiteRenderer(prepared.dataset, prepared.results, METHODOLOGIES[prepared.dataset.site.methodology], None)


def copy_of(name: str, tmp_path: Path) -> Path:
    return Path(shutil.copytree(FIXTURES / name, tmp_path / name))


def edit_yaml(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else {}
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


@pytest.mark.parametrize("fixture", ["minimal", "baikonur", "dzerzhinsk", "ivanovo", "novokuznetsk"])
def test_every_methodology_gets_a_release_per_period(fixture):
    site = site_of(FIXTURES / fixture)
    releases = press.pages(site)
    method = site.method_for(site.latest)
    assert [r.period for r in releases] == list(reversed(site.periods))
    latest = releases[0]
    name = press.short_name(method.indicators[method.headline])
    assert latest.headline.startswith(name)
    assert any(verb in latest.headline for verb in ("вырос", "снизил", "не изменил", "составил", "остал"))
    assert "лучший результат" in latest.lead and "В рейтинге" in latest.lead
    assert 1 <= len(latest.facts) <= press.FACTS
    page = site.bundle.files[latest.path]
    assert "Текст для копирования" in page and "Контакт для прессы" in page
    text = site.bundle.files[latest.text_path]
    assert latest.headline in text and latest.lead in text
    assert "press/index.md" in site.bundle.files
    assert {f"press/{p.name}.md" for p in site.periods} <= set(site.bundle.files)


@pytest.mark.parametrize("name, delta, expected", [
    ("Удовлетворённость качеством услуг", 2, "Удовлетворённость качеством услуг выросла до 81,0 %"),
    ("Удовлетворённость качеством услуг", -1, "Удовлетворённость качеством услуг снизилась до 81,0 %"),
    ("Удовлетворённость качеством услуг", 0.04, "Удовлетворённость качеством услуг не изменилась и составила 81,0 %"),
    ("Средний уровень удовлетворённости (Усз)", 3, "Средний уровень удовлетворённости вырос до 81,0 %"),
    ("Число обращений", None, "Число обращений составило 81,0 %"),
])
def test_the_headline_says_the_change_in_words(name, delta, expected):
    from fractions import Fraction

    indicator = Indicator("x", "X", name, None, "", "")
    value = Fraction(81)
    change = None if delta is None else Fraction(str(delta))
    assert press.change_headline(indicator, value, change) == expected.replace(" %", "\u00a0%")


def test_measures_quotes_and_press_contact(tmp_path):
    data = copy_of("minimal", tmp_path)
    latest = sorted(p.name for p in (data / "periods").iterdir())[-1]
    (data / "periods" / latest / "measures.yaml").write_text(yaml.safe_dump({
        "published": "2026-02-16",
        "measures": [{"text": "введена предварительная запись", "organ": "beta"}],
        "quotes": [{"author": "И. И. Иванов", "text": "Слова для печати", "publish": "да"},
                   {"author": "П. П. Петров", "text": "Не для печати", "publish": "нет"}]},
        allow_unicode=True), encoding="utf-8")
    edit_yaml(data / "site.yaml", lambda d: d.update(press={"name": "Пресс-служба", "phone": "+7 000",
                                                            "email": "press@example.org"}))
    site = site_of(data)
    item = press.pages(site)[0]
    page, text = site.bundle.files[item.path], site.bundle.files[item.text_path]
    for shown in (page, text):
        assert "введена предварительная запись (Комитет по делам Беты)" in shown
        assert "Слова для печати" in shown and "И. И. Иванов" in shown and "Не для печати" not in shown
        assert "Контакт для прессы: Пресс-служба" in shown and "press@example.org" in shown
    assert "16.02.2026" in page and text.splitlines()[1] == "16.02.2026"


def test_broken_measures_and_press_are_reported(tmp_path):
    data = copy_of("minimal", tmp_path)
    latest = sorted(p.name for p in (data / "periods").iterdir())[-1]
    (data / "periods" / latest / "measures.yaml").write_text(
        "quotes:\n  - author: А\n    text: Б\n    publish: может\nmeasures:\n  - text: В\n    organ: nobody\n",
        encoding="utf-8")
    edit_yaml(data / "site.yaml", lambda d: d.update(press={"name": "Пресс-служба", "email": "не адрес"}))
    report, dataset = check(data)
    found = {(p.file, p.column, p.code) for p in report.problems}
    assert ("site.yaml", "press.email", "yaml-invalid") in found
    assert (f"periods/{latest}/measures.yaml", "quotes[0].publish", "measures-invalid") in found
    assert dataset is None and all("Traceback" not in p.message for p in report.problems)


def test_feed_lists_periods_and_releases_newest_first_and_keeps_text_as_text(tmp_path):
    data = copy_of("minimal", tmp_path)
    edit_yaml(data / "site.yaml", lambda d: d.update(municipality="Округ " + HOSTILE))
    (data / "organizations.yaml").write_text(
        (data / "organizations.yaml").read_text(encoding="utf-8").replace('name: "Отдел Гамма"',
                                                                        'name: "Отдел Гамма </summary><b>"'),
        encoding="utf-8")
    site = site_of(data)
    xml = feed.feed(site, press.pages(site))
    root = ET.fromstring(xml)
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == 2 * len(site.periods)
    ids = [e.find(f"{ATOM}id").text for e in entries]
    assert len(set(ids)) == len(ids) and all(i.startswith("https://example.org/test/") for i in ids)
    newest = site.periods[-1].name
    assert {ids[0], ids[1]} == {f"https://example.org/test/press/{newest}.html",
                                f"https://example.org/test/rating/{newest}.html"}
    updated = [e.find(f"{ATOM}updated").text for e in entries]
    assert updated == sorted(updated, reverse=True)
    assert all(e.find(f"{ATOM}link").get("href") == e.find(f"{ATOM}id").text for e in entries)
    assert HOSTILE in root.find(f"{ATOM}subtitle").text  # text, not markup
    assert "<script>" not in xml and "&lt;script&gt;" in xml
    summaries = " ".join(e.find(f"{ATOM}summary").text for e in entries)
    assert "Управление «Альфа» & <b>партнёры</b>" in summaries or "Отдел Гамма </summary><b>" in summaries


def test_the_feed_is_linked_from_the_page_head():
    head = (Path(__file__).parent.parent / "site_templates" / "overrides" / "main.html").read_text(encoding="utf-8")
    assert '<link rel="alternate feed" type="application/atom+xml"' in head and "'feed.xml' | url" in head


def test_ivanovo_news_headline_names_the_figure_and_its_lead_the_best_organ():
    """Issue 12: the title says the figure and its change in a line or two; the best organ and what qualifies
    the change are the lead's (the title ran 12 lines at 360 px)."""
    site = site_of(FIXTURES / "ivanovo")
    method = site.methods["ivanovo"]
    posts = method.news_posts(site)
    method.extra_pages(site)  # the news pages
    assert posts
    for post in posts:
        assert "удовлетворённости" in post["title"] and "лучший результат" not in post["title"].lower()
        assert "(" not in post["title"] and "погрешност" not in post["title"]
        assert "Лучший результат" in post["lead"]
        page = site.bundle.files[f"news/{post['period'].name}.md"]
        assert f"# {post['title']}\n" in page and f'<p class="tp-lead">{post["lead"]}</p>' in page


def test_a_headline_keeps_its_figure_and_leaves_its_caveat_to_the_lead():
    """Issue 12 (Novokuznetsk's «… составила 3,63 (значимость изменения не проверена: …)» took 10 lines at
    360 px): the title says the figure, the lead's first sentence the caveat; the feed's one line keeps both."""
    site = site_of(FIXTURES / "novokuznetsk")
    item = next(r for r in press.pages(site) if r.period.name == "2025-H2")
    assert item.caveat.startswith("значимость изменения не проверена")
    assert "(" not in item.headline and "составила 3," in item.headline and "не проверена" not in item.headline
    assert ": значимость изменения не проверена" in item.lead.split(".")[0] and "лучший результат" in item.lead
    assert item.summary == f"{item.headline} ({item.caveat})."
    page = site.bundle.files[item.path]
    assert f"# {item.headline}" in page and f'<p class="tp-lead">{item.lead}</p>' in page


def test_a_change_within_the_error_is_said_in_the_lead_not_the_title():
    from fractions import Fraction
    from types import SimpleNamespace

    indicator = Indicator("x", "X", "Удовлетворённость качеством услуг", None, "%", "")
    within = SimpleNamespace(direction="up", significant=False, wording="изменение в пределах погрешности")
    headline, caveat = press.headline_and_caveat(indicator, Fraction(81), Fraction(1, 2), within)
    assert headline == "Удовлетворённость качеством услуг осталась на уровне 81,0\u00a0%"
    assert caveat == "изменение в пределах погрешности"
    assert press.caveat_sentence(caveat, indicator) == "Удовлетворённость качеством услуг: изменение в пределах погрешности."
    assert press.headline_and_caveat(indicator, Fraction(81), Fraction(2), None) == \
        ("Удовлетворённость качеством услуг выросла до 81,0\u00a0%", "")


# ---- how many people were asked ------------------------------------------------------------

@pytest.mark.parametrize("fixture, period, asked", [
    ("minimal", "2025", 370),  # Kaluga: each channel's most asked criterion (40 + 10 + 20) and 300 portal ratings
    ("minimal", "2024", 50),  # 30 + 15 + 5, no portal ratings
    ("baikonur", "2025-Q2", 28),  # the services' «Количество опрошенных», as the city's Nср
    ("dzerzhinsk", "2025-Q3", 6),  # the questionnaires of responses.csv
    ("dzerzhinsk", "2025-Q1", None),  # no survey in the quarter
    ("ivanovo", "2025", 9),
    ("ivanovo", "2024", 11),  # more than the rated organs' 9: a service outside their averages was asked too
    ("novokuznetsk", "2025-H1", 14),
    ("novokuznetsk", "2025-H2", None),  # every share typed in: nobody counted
])
def test_the_lead_says_how_many_people_were_asked(fixture, period, asked):
    site = site_of(FIXTURES / fixture)
    item = next(r for r in press.pages(site) if r.period.name == period)
    if asked is None:
        assert "опрошен" not in item.lead
    else:
        assert f"опрошено {asked}\u00a0человек" in item.lead  # 370 человек, 28 человек, 6 человек, 11 человек
        assert item.lead in site.bundle.files[item.text_path]


@pytest.mark.parametrize("fixture", ["baikonur", "ivanovo"])
def test_people_are_counted_once_where_an_organ_sums_its_services(fixture):
    """Where the methodology has a city's count of its own, the release's is the same number."""
    site = site_of(FIXTURES / fixture)
    for period in site.periods:
        city = site.results.municipal[period.name]["respondents"].value
        assert press.people_asked(site.results, site.method_for(period), period) == city



@pytest.mark.parametrize("written, says", [
    ("yes", ["«да/истина»", "pdf: all"]), ("true", ["«да/истина»", "pdf: all"]),
    ("no", ["«нет/ложь»", "pdf: none"]), ("да", ["«да» — не выбор PDF-отчётов"]),
])
def test_pdf_yes_says_which_values_are_allowed(tmp_path, written, says):
    data = copy_of("minimal", tmp_path)
    with (data / "site.yaml").open("a", encoding="utf-8") as site_yaml:
        site_yaml.write(f"pdf: {written}\n")
    report, dataset = check(data)
    [problem] = report.problems
    assert (problem.file, problem.column, problem.code, dataset) == ("site.yaml", "pdf", "yaml-invalid", None)
    for words in ("all (все отчёты)", "latest (только за последний период)", "none (без PDF)", *says):
        assert words in problem.message


def test_serve_says_pdfs_are_made_by_build_only(tmp_path, capsys):
    """`transparency serve` makes no PDF (seconds a report, at every saved change): it says so once."""
    from mkdocs.config.defaults import MkDocsConfig

    from generator import mkdocs_plugin
    from generator.render.bundle import SiteBundle

    # as site.yaml `pdf: latest` gives it (tests/test_pdf.py): the pages whose PDFs a build makes
    bundle = SiteBundle("Мониторинг", "https://example.org/test/", "Округ", [],
                        pdfs=["rating/2025.md", "organs/alpha/2025.md"])
    plugin = mkdocs_plugin.TransparencyPlugin()
    plugin.load_config({})
    mkdocs_plugin._TOLD.clear()
    for _ in range(2):  # a rebuild of serve
        config = MkDocsConfig(config_file_path=str(tmp_path / "mkdocs.yml"))
        config.load_dict({"site_name": "x"})
        config.validate()
        plugin.bundle = bundle
        plugin.on_config(config)
    said = capsys.readouterr().err.splitlines()
    assert len(said) == 1 and "2\u00a0отчёта" in said[0] and "transparency build" in said[0]
    assert "Скачать отчёт (PDF)" in said[0]
    assert mkdocs_plugin.pdf_note([]) == ""
