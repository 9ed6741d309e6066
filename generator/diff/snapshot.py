"""The flat table of what a reader of the site sees in figures: a pure function of the data.

Keyed by period, subject (the municipality, an organ, a service of an organ) and figure code, each
figure is kept as the site prints it — its label, its value rounded by text_ru's one rule, its band —
so two tables differ exactly where two sites would. Places in the ratings, the organs, services and
periods, and the data's warnings come with it. Written into every built site as JSON (FIGURES_FILE).
"""
from __future__ import annotations

import json
from pathlib import Path

from generator import text_ru
from generator.dataset import Dataset
from generator.methods import METHODOLOGIES
from generator.problems import Problem
from generator.results import Assessment, Figure, Results

FORMAT = 1  # raised whenever what is kept changes: an older table is then not compared at all
MUNICIPAL = ""  # the subject key of the municipality's own figures
MUNICIPAL_NAME = "Муниципальное образование в целом"
NOT_EVALUATED = "не оценивается"
POINTS = "п.\u00a0п."


def subject_key(assessment: Assessment) -> str:
    organ = assessment.organization.id
    return organ if assessment.service_id is None else f"{organ}/{assessment.service_id}"


def subject_name(assessment: Assessment) -> str:
    """As the rating names it: an organ by its full name, a service in quotes with its organ."""
    if assessment.service_id is None:
        return assessment.organization.name
    return f"«{assessment.service_name}» ({assessment.organization.display_name})"


def _stem(method, code: str):
    stems = [c for c in method.indicators if code == c or code.startswith(c + "_")]
    return method.indicators[max(stems, key=len)] if stems else None


def _value(value, unit: str) -> str:
    """As the pages print a value of this unit: percent with one decimal, counts whole, points with two."""
    if value is None:
        return NOT_EVALUATED
    if unit == "%":
        return text_ru.percent(value)
    return text_ru.number(value) if unit == "count" else text_ru.number(value, 2)


def printed(method, code: str, figure: Figure, assessment: Assessment | None) -> tuple[str, str]:
    """(label, value) of a figure as the site prints them: the indicator's symbol (a member of a family,
    `kud_phone`, with the member's Russian name from the plugin; a change, `kef_change`, as ΔКэф with its
    sign), the value in its unit."""
    base = method.indicators.get(code.removesuffix("_change")) if code.endswith("_change") else None
    if base is not None:  # whether or not the act names the change (Ivanovo's ΔУсз in «п. п.»), pages sign it
        if figure.value is None:
            return f"Δ{base.symbol}", NOT_EVALUATED
        percent = base.unit == "%"
        return f"Δ{base.symbol}", text_ru.signed(figure.value, 1 if percent else 2, POINTS if percent else "")
    indicator = method.indicator_of(assessment, code) if assessment is not None else method.indicators.get(code)
    indicator = indicator or _stem(method, code)
    if indicator is None:
        return code, NOT_EVALUATED if figure.value is None else text_ru.decimal(figure.value)
    label = indicator.symbol
    if code != indicator.code and code.startswith(indicator.code + "_"):
        label = f"{label} ({method.member_label(indicator, code.removeprefix(indicator.code + '_'), assessment)})"
    return label, _value(figure.value, indicator.unit)


def _ordered(method, figures: dict[str, Figure]) -> list[str]:
    """The headline first, then the other figures of the summary, then the rest as computed."""
    first = [c for c in (method.headline, *method.summary) if c in figures]
    return list(dict.fromkeys([*first, *figures]))


def _figures(method, figures: dict[str, Figure], assessment: Assessment | None, part: str = "") -> dict:
    table = {}
    for code in _ordered(method, figures):
        figure = figures[code]
        label, value = printed(method, code, figure, assessment)
        if part:
            key, label = f"{code}@{part}", f"{label} ({method.part_label(assessment, part)})"
        else:
            key = code
        table[key] = [label, value, figure.band.label if figure.band else ""]
    return table


def snapshot(dataset: Dataset, results: Results, warnings: list[Problem]) -> dict:
    """The table of one data folder's site (see the module's docstring), as plain JSON values."""
    subjects = {MUNICIPAL: MUNICIPAL_NAME}
    figures: dict[str, dict] = {}
    places: dict[str, dict] = {}
    for period in results.periods:
        method = METHODOLOGIES[results.methodology_of[period.name]]
        figures[period.name] = {MUNICIPAL: _figures(method, results.municipal.get(period.name, {}), None)}
        places[period.name] = {}
    counts = {period.name: results.count_ranked(period) for period in results.periods}
    for assessment in results.assessments:
        method, key, period = METHODOLOGIES[assessment.methodology], subject_key(assessment), assessment.period.name
        subjects.setdefault(key, subject_name(assessment))
        table = _figures(method, assessment.figures, assessment)
        for part, part_figures in assessment.parts.items():
            table.update(_figures(method, part_figures, assessment, part))
        figures[period][key] = table
        if assessment.rank is not None:
            places[period][key] = [assessment.rank, counts[period]]
    services = dataset.services
    return {
        "format": FORMAT,
        "periods": [[p.name, p.label] for p in results.periods],
        "headline": {p.name: METHODOLOGIES[results.methodology_of[p.name]].headline for p in results.periods},
        "organs": [[o.id, o.name] for o in dataset.organizations.values()],
        "services": [[str(s), str(o), str(n)] for s, o, n in
                     zip(services["service_id"], services["organization_id"], services["name"])],
        "subjects": subjects,
        "figures": figures,
        "places": places,
        "warnings": [[p.code, p.file, p.row, p.column, p.message] for p in warnings],
    }


def snapshot_text(dataset: Dataset, results: Results, warnings: list[Problem]) -> str:
    """The table as the site carries it: the same bytes for the same data."""
    return json.dumps(snapshot(dataset, results, warnings), ensure_ascii=False, separators=(",", ":")) + "\n"


def read_snapshot(path: Path) -> dict | None:
    """The table a site carries, or None: no such file, an older format, or not a table at all."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and data.get("format") == FORMAT else None
