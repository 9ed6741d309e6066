"""The verdict at the top of organ and service pages (render/verdict.py), the plain words of every
methodology's YAML, and changes said in words: built from the exact figures, never a second calculation."""
from __future__ import annotations

import re
from fractions import Fraction

import pytest

from generator.build import check
from generator.compute import compute
from generator.methods import METHODOLOGIES
from generator.periods import parse_period
from generator.render.environment import measure
from generator.render.site import SiteRenderer
from generator.render.verdict import headline_of, make_verdict
from generator.text_ru import change_in_words
from tests.helpers import FIXTURES

BUILT_IN = ("kaluga", "baikonur", "dzerzhinsk", "ivanovo", "novokuznetsk")


# ---- words -----------------------------------------------------------------------------------

@pytest.mark.parametrize("name, words", [
    ("2024", "в 2024 году"), ("2025-H1", "в I полугодии 2025 года"), ("2025-Q3", "в III квартале 2025 года")])
def test_a_period_is_named_in_the_prepositional(name, words):
    assert parse_period(name).label_prepositional == words


def test_a_change_is_better_worse_or_none_as_printed():
    before = parse_period("2024")
    assert change_in_words(Fraction(32, 10), before, "п.\u00a0п.") == "лучше, чем в 2024 году: +3,2\u00a0п.\u00a0п."
    assert change_in_words(Fraction(-1), parse_period("2025-Q3"), "балла", 2) == \
        "хуже, чем в III квартале 2025 года: \u22121,00\u00a0балла"
    # rounds to zero where it is printed: no «лучше» beside «+0,0»
    assert change_in_words(Fraction(1, 100), before, "п.\u00a0п.", 1) == "без изменений по сравнению с 2024 годом"
    assert change_in_words(Fraction(-2), before).startswith("хуже, чем в 2024 году")


@pytest.mark.parametrize("code", BUILT_IN)
def test_every_band_of_a_level_scale_and_every_indicator_has_plain_words(code):
    method = METHODOLOGIES[code]
    for indicator in method.indicators.values():
        assert indicator.plain, f"{code}: indicator {indicator.code} has no `plain:` explanation"
    # the scales of the figures a verdict or a home card names; a scale of one band sets no levels (Ivanovo)
    scales = {method.indicators[c].scale for c in (method.headline, *method.summary)} - {None}
    for scale in (method.scales[s] for s in scales if len(method.scales[s].bands) > 1):
        for band in scale.bands:
            assert band.plain and len(band.plain.split()) <= 3, f"{code}: {scale.code}/{band.code}: «{band.plain}»"


@pytest.mark.parametrize("code", BUILT_IN)
def test_components_named_in_the_yaml_are_figures_the_methodology_computes(code):
    """A typo in `verdict:` would silently name no strongest or weakest part."""
    method = METHODOLOGIES[code]
    spec = method.spec.verdict
    stems = set(method.indicators)
    for part in (*spec.organ_components, *spec.service_components, *filter(None, [spec.service_headline])):
        assert part in stems or any(part.startswith(s + "_") for s in stems), f"{code}: {part}"


# ---- the verdict from the figures ----------------------------------------------------------------

def _site(name: str) -> SiteRenderer:
    report, dataset = check(FIXTURES / name)
    assert report.ok, report.as_text()
    results = compute(dataset)
    method = METHODOLOGIES[dataset.site.methodology]
    return SiteRenderer(dataset, results, method, None)


@pytest.mark.parametrize("fixture", ["minimal", "baikonur", "dzerzhinsk", "ivanovo", "novokuznetsk"])
def test_the_verdict_says_what_the_figures_say(fixture):
    site = _site(fixture)
    seen = 0
    for subject in site.results.assessments:
        method = site.method_for(subject.period)
        verdict = make_verdict(site, method, subject)
        if not subject.monitored:
            assert verdict is None
            continue
        seen += 1
        figure = subject.figures.get(headline_of(method, subject))
        if figure is not None and figure.value is not None:
            assert str(verdict.value) == str(measure(figure.value, method.indicator_of(subject, figure.indicator)
                                                     or method.indicators[figure.indicator]))
            band = figure.band  # the plain word (or the act's, without one); none on a scale of one band
            assert verdict.level == (band.word if band and band.levels > 1 else "")
        else:
            assert str(verdict.value) == "не оценивается"
        if subject.rank:
            assert verdict.place.startswith(f"{subject.rank} из ")
        else:
            assert verdict.place == ""
        change = subject.figures.get(f"{headline_of(method, subject)}_change")
        if change is not None and change.value is not None and change.test is not None:
            # a change of a survey figure is worded by its test (issue 15), never «лучше» for noise
            assert verdict.change.startswith("Без изменений") or verdict.change.endswith(f" — {change.test.wording}.")
        elif change is not None and change.value is not None:
            assert verdict.change.split(",")[0] in ("Лучше", "Хуже") or verdict.change.startswith("Без изменений")
            assert verdict.change.startswith("Лучше") == (change.value > 0 and not verdict.change.startswith("Без"))
        else:
            assert verdict.change.startswith("Сравнить не с чем")
        assert bool(verdict.strongest) == bool(verdict.weakest)
    assert seen


def test_the_strongest_and_the_weakest_part_are_the_highest_and_lowest_of_the_named_components():
    site = _site("minimal")
    method = METHODOLOGIES["kaluga"]
    names = method.spec.verdict.organ_components
    for organ in (a for a in site.results.organs if a.monitored):
        verdict = make_verdict(site, method, organ)
        values = {names[c]: organ.value(c) for c in names if organ.value(c) is not None}
        if len(set(values.values())) < 2:
            assert not verdict.strongest
            continue
        assert {p.name for p in verdict.strongest} == {n for n, v in values.items() if v == max(values.values())}
        assert {p.name for p in verdict.weakest} == {n for n, v in values.items() if v == min(values.values())}


def test_places_per_sector_count_the_sector():
    site = _site("dzerzhinsk")
    method = METHODOLOGIES["dzerzhinsk"]
    for organ in (a for a in site.results.organs if a.rank):
        peers = [a for a in site.results.ranked(organ.period)
                 if a.service_id is None and a.organization.sector == organ.organization.sector]
        assert make_verdict(site, method, organ).place == \
            f"{organ.rank} из {len(peers)} в сфере «{organ.organization.sector}»"


# ---- the parts where the headline is a mean of services or points ---------------------------------

def _expected_parts(method, subject) -> dict[str, object]:
    """The parts the act gives the subject's headline, read straight from the results."""
    spec = method.spec.verdict
    if subject.service_id:
        values = {p.name: subject.value(f"{spec.service_points}_{p.id}")
                  for p in subject.organization.points} if spec.service_points else {}
        values.update({name: subject.value(code) for code, name in spec.service_components.items()})
    else:
        values = {s.service_name: s.value(headline_of(method, s))
                  for s in subject.detail.get(spec.organ_services) or ()} if spec.organ_services else {}
        values.update({name: subject.value(code) for code, name in spec.organ_components.items()})
    return {name: value for name, value in values.items() if value is not None}


@pytest.mark.parametrize("fixture", ["minimal", "baikonur", "dzerzhinsk", "ivanovo", "novokuznetsk"])
def test_the_strongest_and_weakest_are_the_extremes_of_the_acts_parts(fixture):
    """Kaluga's parts of Кэф, Baikonur's criteria, Dzerzhinsk's sections, and an organ's services or a
    service's points of service where the headline is their mean (Baikonur, Ivanovo, Novokuznetsk)."""
    site = _site(fixture)
    named = 0
    for subject in (a for a in site.results.assessments if a.monitored):
        method = site.method_for(subject.period)
        verdict = make_verdict(site, method, subject)
        values = _expected_parts(method, subject)
        if len(set(values.values())) < 2:
            assert not verdict.strongest and not verdict.weakest
            continue
        named += 1
        assert {p.name for p in verdict.strongest} == {n for n, v in values.items() if v == max(values.values())}
        assert {p.name for p in verdict.weakest} == {n for n, v in values.items() if v == min(values.values())}
    assert named, f"{fixture}: no page names a strongest and a weakest part"


@pytest.mark.parametrize("code", BUILT_IN)
def test_the_methodology_page_says_what_the_parts_are(code):
    spec = METHODOLOGIES[code].spec.verdict
    assert spec.parts and "\n" not in spec.parts.strip(), f"{code}: `verdict.parts` is one line"
    assert bool(spec.organ_components or spec.organ_services or spec.service_components or spec.service_points)


# ---- the pages: one summary, the home's first screen, the data's dates ------------------------------

def _bundle(name: str):
    from generator import charts
    from tests.test_control_and_dates import NoDrawing

    report, dataset = check(FIXTURES / name)
    site = SiteRenderer(dataset, compute(dataset), METHODOLOGIES[dataset.site.methodology], None)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(charts, "Drawing", NoDrawing)
        return site.build()


def _subject_pages(bundle) -> dict[str, str]:
    return {path: text for path, text in bundle.files.items()
            if re.fullmatch(r"(organs|services)/[^/]+/(?!index)[^/]+\.md", path)}


@pytest.mark.parametrize("fixture", ["minimal", "baikonur", "dzerzhinsk", "ivanovo", "novokuznetsk"])
def test_an_organ_or_service_page_has_one_summary_the_verdict(fixture):
    """What the methodology's summary added joins the verdict's list; nothing repeats it in a second box."""
    pages = _subject_pages(_bundle(fixture))
    assert pages
    for path, text in pages.items():
        assert text.count('class="tp-summary"') <= 1, path
        if 'class="tp-summary"' not in text:
            continue
        box = text.split('<div class="tp-summary">', 1)[1]
        verdict, rest = box.split("</ul>\n</div>", 1)
        assert verdict.lstrip().startswith('<div class="tp-verdict">'), path
        assert rest.lstrip().startswith("</div>"), f"{path}: the summary box holds more than the verdict"
        value = re.search(r'class="tp-verdict__value">[^<]*<strong>([^<]+)</strong>', verdict).group(1)
        assert verdict.count(value) == 1 or value == "не оценивается", f"{path}: {value} said twice"


@pytest.mark.parametrize("fixture", ["minimal", "baikonur", "dzerzhinsk", "ivanovo", "novokuznetsk"])
def test_an_organs_overview_opens_with_the_latest_periods_verdict(fixture):
    """Issue 12: the overview of an organ (organs/<id>/index.md) had no verdict. It opens, under its title,
    with the verdict of the organ's latest period — the same block as that period's own page — and a link to
    that page; an organ not monitored then says so and why."""
    report, dataset = check(FIXTURES / fixture)
    site = SiteRenderer(dataset, compute(dataset), METHODOLOGIES[dataset.site.methodology], None)
    bundle = _bundle(fixture)
    overviews = {path: text for path, text in bundle.files.items() if re.fullmatch(r"organs/[^/]+/index\.md", path)}
    assert overviews
    for path, text in overviews.items():
        organ_id = path.split("/")[1]
        newest = site.results.history(organ_id)[-1]
        title, rest = text.split("\n# ", 1)[1].split("\n", 1)
        opening = rest.split("## ", 1)[0]
        report_link = f'href="{newest.page.split("/")[-1].removesuffix(".md")}.html"'
        if newest.monitored:
            verdict = make_verdict(site, site.method_for(newest.period), newest)
            assert '<div class="tp-verdict">' in opening and f"Итоги {newest.period.label_genitive}" in opening, path
            assert f"<strong>{verdict.value}</strong>" in opening and verdict.change in opening, path
            assert f'{report_link}>Полный отчёт {newest.period.label_genitive}</a>' in opening, path
        else:
            assert 'class="tp-notice"' in opening and newest.reason in opening and report_link in opening, path


def test_the_home_opens_with_the_headline_its_change_and_the_best_and_worst():
    bundle = _bundle("minimal")
    home = bundle.files["index.md"]
    top, best, intro = home.index('class="tp-home-top"'), home.index("## Лучшие и отстающие"), \
        home.index('class="tp-lead"')
    assert top < best < intro
    block = home[top:best]
    assert "Кэф <strong>" in block and re.search(r"(Лучше|Хуже), чем в 2024 году|Без изменений|"
                                                  r"по сравнению с 2024 годом — (рост|снижение|изменение)", block)
    assert ('href="services.html">Найти свою услугу</a>' in block) == ("services.md" in bundle.files)
    assert home.count("tp-card__value") == 3  # Куд, Кпр and the coverage below; Кэф is at the top, not twice


def test_a_rebuild_on_another_day_changes_nothing(tmp_path, monkeypatch):
    """No page prints the day of the build (Ivanovo's 2025 news, without a date of its own, once took
    it; mkdocs stamps sitemap.xml.gz with it): a build on another day finds nothing changed, and a
    cold build that day gives the same bytes."""
    from generator.build import build

    first = tmp_path / "site"
    build(FIXTURES / "ivanovo", first)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(1795392000 + 100 * 86400))
    again, _ = build(FIXTURES / "ivanovo", first)
    assert again.unchanged, "a new day alone made the build start again"
    later = tmp_path / "later"
    build(FIXTURES / "ivanovo", later)
    files = sorted(p.relative_to(first).as_posix() for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(later).as_posix() for p in later.rglob("*") if p.is_file())
    assert [f for f in files if (first / f).read_bytes() != (later / f).read_bytes()] == []
    news = (first / "news" / "2025.html").read_text(encoding="utf-8")
    assert "23.11.2026" not in news and "Итоги за 2025 год. Разместил" in news
