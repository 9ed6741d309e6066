"""«Сравнение органов» (compare/<period>.md): what a period's rating ranks, two at a time.

One page per period, not per pair (400 organs would make 80 000 pairs): the page holds the table of
every ranked subject with its place, level, headline and summary figures and change in words, which
is the whole comparison without JavaScript; a small script (assets/compare.js) reads the same
subjects, with every indicator of each, from JSON in the page and shows two side by side.
Subjects are what the rating compares: organs, or services where the methodology rates services.

Every value is printed here, as the reports print it (exact figures, Russian formatting), so the
script only places text and never formats a number. The JSON is the value of an attribute of the
page (`data-compare`), escaped by the template like any text from the data: no script element holds
data, so no name can end one."""
from __future__ import annotations

import json
from dataclasses import dataclass

from markupsafe import Markup

from generator.periods import Period
from generator.render.environment import figure_value, relative
from generator.render.verdict import indicator_for, make_verdict
from generator.results import Assessment

SCRIPT = "assets/compare.js"


def page_path(period: Period) -> str:
    return f"compare/{period.name}.md"


def subject_key(assessment: Assessment) -> str:
    """What the address names (#a=…&b=…): a service's id where services are compared, else the organ's."""
    return assessment.service_id or assessment.organization.id


@dataclass(frozen=True)
class Cell:
    """One figure as printed: its value and its level (the band's plain word; empty without a scale)."""

    value: Markup
    level: str = ""
    tone: str = ""


@dataclass(frozen=True)
class Row:
    subject: Assessment
    key: str
    place: str  # «6 из 13», «2 из 4 в сфере «Образование»»
    level: str
    tone: str
    change: str  # in words, or why there is nothing to compare
    cells: dict[str, Cell]  # indicator code → its figure as printed, for every compared indicator


def components_of(method, subjects: list[Assessment]) -> dict[str, str]:
    """The parts of the whole the verdict names (code → words), for organs or for services."""
    verdict = method.spec.verdict
    return verdict.service_components if subjects and subjects[0].service_id else verdict.organ_components


def compared_codes(method, subjects: list[Assessment]) -> list[str]:
    """The indicators a comparison shows: the headline and the summary first (the table's columns), then
    the parts the verdict names (`criterion_time` is one of a family of figures), then every other
    indicator the subjects have a figure of. Changes are left out: each subject's change is said in words."""
    components = components_of(method, subjects)
    order = [method.headline, *method.summary, *components, *method.indicators]
    present = {code for s in subjects for code in s.figures}
    return [code for code in dict.fromkeys(order) if code in present and not code.endswith("_change")
            and (code in method.indicators or code in components)]


def describe(method, sample: Assessment | None, code: str, components: dict[str, str]) -> dict[str, str]:
    """What the script prints above a figure: its symbol and name, and the plain line that explains it. A
    part of a family (one criterion of several) is named by the verdict's words for it."""
    ind = indicator_for(method, sample, code) if sample else method.indicators.get(code)
    if code in components and code not in method.indicators:
        name = components[code]
        return {"symbol": "", "name": name[:1].upper() + name[1:], "plain": ind.plain if ind else ""}
    return {"symbol": ind.symbol, "name": ind.name, "plain": ind.plain}


def ordered(method, ranked: list[Assessment]) -> list[Assessment]:
    """In the rating's order; where places are given within a sector (Dzerzhinsk), sector by sector."""
    if method.spec.ranks_within_sectors:
        return sorted(ranked, key=lambda a: (a.organization.sector, a.rank, a.subject_name))
    return ranked


def make_rows(site, method, period: Period) -> tuple[list[Row], list[str]]:
    subjects = ordered(method, site.results.ranked(period))
    codes = compared_codes(method, subjects)
    rows = []
    for subject in subjects:
        verdict = make_verdict(site, method, subject)
        cells = {}
        for code in codes:
            figure = subject.figures.get(code)
            band = figure.band if figure else None
            cells[code] = Cell(figure_value(figure, missing_reason(figure), indicator_for(method, subject, code)),
                               band.word if band else "", band.tone if band else "")
        rows.append(Row(subject, subject_key(subject), verdict.place if verdict else "",
                        verdict.level if verdict else "", verdict.tone if verdict else "",
                        verdict.change if verdict else "", cells))
    return rows, codes


def missing_reason(figure) -> str:
    """What a cell says where there is no value: why, in words (a figure the methodology did not make at all
    for this subject, e.g. Дусл of a service without questionnaires, had nothing to be made from)."""
    if figure is None:
        return "не рассчитан: нет исходных данных"
    return f"не оценивается: {figure.reason}" if figure.reason else "не оценивается"


def script_data(path: str, method, rows: list[Row], codes: list[str]) -> str:
    """The subjects for the script, as JSON: the template puts it into an attribute, escaped like any
    text (never into a script element, where a name could end the element)."""
    sample = rows[0].subject if rows else None
    components = components_of(method, [sample] if sample else [])
    indicators = [{"code": code, **describe(method, sample, code, components)} for code in codes]
    subjects = [{
        "key": r.key, "name": r.subject.subject_name, "sector": r.subject.organization.sector,
        "organ": r.subject.organization.name if r.subject.service_id else "",
        "url": relative(path, r.subject.page), "place": r.place, "level": r.level, "tone": r.tone,
        "change": r.change,
        "values": [[str(r.cells[c].value), r.cells[c].level, r.cells[c].tone] for c in codes],
    } for r in rows]
    return json.dumps({"indicators": indicators, "subjects": subjects}, ensure_ascii=False, separators=(",", ":"))


def comparison_page(site, period: Period) -> None:
    """compare/<period>.md, for the methodology the period was computed under."""
    method = site.method_for(period)
    path = page_path(period)
    rows, codes = make_rows(site, method, period)
    sectors = sorted({r.subject.organization.sector for r in rows})
    site.page(path, "pages/compare.md.j2", method=method, period=period, rows=rows, codes=codes,
              sectors=sectors, data=script_data(path, method, rows, codes), script=SCRIPT,
              sample=rows[0].subject if rows else None, indicator_for=indicator_for)
