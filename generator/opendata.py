"""Open-data exports. The column names here are a published contract: keep them."""
from __future__ import annotations

import csv
import io
import json
import re
from fractions import Fraction

import pandas as pd

from generator.exact import OPEN_DATA_DECIMALS, decimal_text

from generator.dataset import Dataset
from generator.results import Figure, Results
from generator.validate.common import SERVICES

RESULT_COLUMNS = {
    "period": "Отчётный период (имя папки: 2025, 2025-H1, 2025-Q3)",
    "organization_id": "Идентификатор органа; пусто для показателей муниципального образования в целом",
    "service_id": "Идентификатор услуги (пусто для показателей органа и муниципального образования)",
    "part": ("Документ внутри периода, к которому относится значение (у Дзержинска — ведомость: "
             "inspection-ГГГГ-ММ-ДД — проверка, self-ГГГГ-ММ-ДД — самооценка); пусто для значения за период"),
    "methodology": "Код методики, по которой рассчитан показатель",
    "indicator": "Код показателя (см. страницу «Методика»)",
    "value": (f"Значение в единицах показателя (проценты, баллы или штуки — см. страницу методики): десятичная "
              f"запись с точкой, не более {OPEN_DATA_DECIMALS} знаков после точки (округление половины от нуля, "
              "лишние нули отброшены); расчёт, уровень и место определены по точному значению; пусто, если "
              "показатель не оценивается"),
    "band": "Код уровня по шкале интерпретации",
    "band_label": "Уровень по шкале интерпретации, словами",
}
ORGANIZATION_COLUMNS = {
    "period": "Отчётный период",
    "organization_id": "Идентификатор органа",
    "name": "Наименование органа",
    "sector": "Сфера деятельности",
    "monitored": "Проводился ли мониторинг (true/false)",
    "reason": "Почему мониторинг не проводился",
    "requests": "Заявлений за период",
    "rank": "Место в рейтинге по итоговому показателю",
}


def _row(period: str, organization_id: str, service_id: str, part: str, methodology: str, code: str,
         figure) -> dict:
    return {"period": period, "organization_id": organization_id, "service_id": service_id, "part": part,
            "methodology": methodology, "indicator": code, "value": figure.value,
            "band": figure.band.code if figure.band else "", "band_label": figure.band.label if figure.band else ""}


RANK = "rank"  # the place in the period's rating, published as a row of its own


def result_rows(results: Results) -> list[dict]:
    """Municipal rows first (empty organization_id), then every organ and service with its place."""
    rows = []
    for period in results.periods:
        for code, figure in results.municipal.get(period.name, {}).items():
            rows.append(_row(period.name, "", "", "", results.methodology_of[period.name], code, figure))
    for organ in results.assessments:
        where = (organ.period.name, organ.organization.id, organ.service_id or "")
        for code, figure in organ.figures.items():
            rows.append(_row(*where, "", organ.methodology, code, figure))
        if organ.rank is not None:
            rows.append(_row(*where, "", organ.methodology, RANK, Figure(RANK, organ.rank)))
        for part, figures in organ.parts.items():
            for code, figure in figures.items():
                rows.append(_row(*where, part, organ.methodology, code, figure))
    return rows


def organization_rows(results: Results) -> list[dict]:
    return [{"period": o.period.name, "organization_id": o.organization.id, "name": o.organization.name,
             "sector": o.organization.sector, "monitored": o.monitored, "reason": o.reason,
             "requests": o.detail.get("total_requests", 0), "rank": o.rank}
            for o in results.organs]


def to_csv(rows: list[dict], columns) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _cell(row.get(k)) for k in columns})
    return out.getvalue()


# A spreadsheet opening the CSV runs a cell that starts with one of these as a formula
# (CSV injection, OWASP): such a text cell is published with a leading apostrophe.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# A text that is a plain number is read as that number, never as a formula: it stays as it is.
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)")


def neutralised(text: str) -> str:
    """A text cell as open data publishes it: `'` before a formula start (OWASP); a carriage return
    becomes a line feed, because the writer (lineterminator "\n") quotes a cell only for the latter
    and a bare CR in an unquoted cell would split the row for a reader."""
    if text.startswith(FORMULA_START) and not _PLAIN_NUMBER.fullmatch(text):
        text = "'" + text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _cell(value) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (Fraction, float)):
        return decimal_text(value)
    if isinstance(value, str):  # numbers, dates and the like keep their own text
        return neutralised(value)
    return str(value)


def _json_number(value):
    """The same decimal text as the CSV, as a JSON number (shortest float form prints the same digits)."""
    if value is None:
        return None
    text = decimal_text(value)
    return int(text) if "." not in text else float(text)


def _table_csv(frame: pd.DataFrame, schema) -> str:
    columns = [c.name for c in schema.columns]
    return to_csv(frame[columns].to_dict("records"), columns)


def export(dataset: Dataset, results: Results, methodologies: list) -> dict[str, str]:
    """Every open-data file, by its path in the site."""
    results_rows = result_rows(results)
    files = {
        "opendata/results.csv": to_csv(results_rows, RESULT_COLUMNS),
        "opendata/results.json": json.dumps([{**r, "value": _json_number(r["value"])} for r in results_rows],
                                            ensure_ascii=False, indent=1) + "\n",
        "opendata/organizations.csv": to_csv(organization_rows(results), ORGANIZATION_COLUMNS),
        "opendata/services.csv": _table_csv(dataset.services, SERVICES),
    }
    by_code = {m.code: m for m in methodologies}
    for period in dataset.periods:
        for schema in (s for s in by_code[period.methodology].inputs if s.open_data):
            table = by_code[period.methodology].open_data_table(dataset, period, schema)
            files[f"opendata/{period.period.name}/{schema.filename}"] = _table_csv(table, schema)
    files["opendata/datapackage.json"] = datapackage(files, methodologies, indicator_dictionary(results_rows, by_code))
    return files


UNIT_NAMES = {"%": "проценты", "": "баллы", "count": "штуки"}


def describe_indicator(method, code: str) -> dict | None:
    """What a code of results.csv means under `method`: its own indicator, a suffixed member of an
    indicator family (`kud_phone` of `kud`), a change (`kef_change`) or the place (`rank`)."""
    if code == RANK:
        return {"name": "Место в рейтинге за период; равные точные значения делят наименьшее место", "unit": "место"}
    if code.endswith("_change") and code.removesuffix("_change") in method.indicators:
        base = method.indicators[code.removesuffix("_change")]
        unit = "процентные пункты" if base.unit == "%" else UNIT_NAMES.get(base.unit, base.unit)
        return {"name": f"Изменение показателя «{base.name}» ({base.symbol}) к прошлому периоду того же вида",
                "unit": unit}
    stems = [c for c in method.indicators if code == c or code.startswith(c + "_")]
    if not stems:
        return None
    indicator = method.indicators[max(stems, key=len)]
    return {"name": indicator.name, "symbol": indicator.symbol, "unit": UNIT_NAMES.get(indicator.unit, indicator.unit),
            "clause": indicator.clause}


def indicator_dictionary(rows: list[dict], methodologies: dict) -> list[dict]:
    """Every (methodology, indicator) pair that occurs in results.csv, with what it means."""
    pairs = dict.fromkeys((r["methodology"], r["indicator"]) for r in rows)
    out = []
    for method_code, code in sorted(pairs):
        described = describe_indicator(methodologies[method_code], code) or {"name": code, "unit": ""}
        out.append({"methodology": method_code, "indicator": code, **described})
    return out


def datapackage(files: dict[str, str], methodologies: list, indicators: list[dict] = ()) -> str:
    """A Frictionless data package: the machine-readable data dictionary of the files."""
    schemas = {s.filename: s for s in (SERVICES, *(i for m in methodologies for i in m.inputs))}
    resources = []
    for path in sorted(files):
        name = path.removeprefix("opendata/")
        if not name.endswith(".csv"):
            continue
        base = name.rsplit("/", 1)[-1]
        if base == "results.csv":
            fields = [{"name": k, "description": v} for k, v in RESULT_COLUMNS.items()]
        elif base == "organizations.csv":
            fields = [{"name": k, "description": v} for k, v in ORGANIZATION_COLUMNS.items()]
        else:
            fields = [{"name": c.name, "title": c.title, "description": c.description}
                      for c in schemas[base].columns]
        resource = {"name": name.removesuffix(".csv").replace("/", "-"), "path": name,
                    "format": "csv", "encoding": "utf-8", "schema": {"fields": fields}}
        if base == "results.csv":
            resource["indicators"] = list(indicators)  # the meaning of every code in its `indicator` column
        resources.append(resource)
    return json.dumps({"name": "monitoring-results", "resources": resources}, ensure_ascii=False, indent=1) + "\n"
