"""Open-data exports. The column names here are a published contract: keep them."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from fractions import Fraction
from json.encoder import encode_basestring

import pandas as pd

from generator.collector import without_cycle_collection
from generator.exact import OPEN_DATA_DECIMALS

from generator.dataset import Dataset
from generator.opendata_schema import Table, input_table, organizations_table, results_table
from generator.opendata_xlsx import NumberTexts, column_values, columns_workbook, converted, number_text
from generator.passport import FOLDER, DataSet, Version, labelled, meta_rows, period_date, structure_rows
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
    "ci_low": ("Нижняя граница 95-процентного доверительного интервала показателя опроса или показателя, "
               "рассчитанного из показателей опроса, — в единицах показателя и той же записью, что value; пусто "
               "для показателей полного учёта (заявления, жалобы), изменений, мест и неоцениваемых показателей"),
    "ci_high": "Верхняя граница того же доверительного интервала; пусто, когда пуст ci_low",
    "place_low": ("В строке места (rank): лучшее место, которое орган или услуга могли бы занять при другой "
                  "выборке опрошенных (как оно найдено — на странице методики, «Точность результатов опроса»); равно "
                  "месту, если место определяют только показатели полного учёта; пусто, если погрешность "
                  "показателя, по которому присваивается место, не известна"),
    "place_high": "В строке места (rank): худшее из таких мест; пусто, когда пуст place_low",
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
    "place_low": ("Лучшее место, возможное при другой выборке опрошенных; равно месту, если место определяют только показатели "
                  "полного учёта; пусто, если погрешность показателя, по которому присваивается место, не известна"),
    "place_high": "Худшее место, возможное при другой выборке опрошенных; пусто, когда пуст place_low",
}


def _row(period: str, organization_id: str, service_id: str, part: str, methodology: str, code: str,
         figure) -> dict:
    return {"period": period, "organization_id": organization_id, "service_id": service_id, "part": part,
            "methodology": methodology, "indicator": code, "value": figure.value,
            "band": figure.band.code if figure.band else "", "band_label": figure.band.label if figure.band else "",
            **_interval_cells(figure), "place_low": None, "place_high": None}


def _interval_cells(figure) -> dict:
    """ci_low, ci_high: the ends of a survey figure's interval (issue 15), exact like `value`."""
    interval = figure.interval if figure.value is not None else None
    return {"ci_low": interval.low if interval else None, "ci_high": interval.high if interval else None}


RESULTS_CSV = "opendata/results.csv"
RANK = "rank"  # the place in the period's rating, published as a row of its own
NUMBERS = ("value", "ci_low", "ci_high")  # the columns of results written as exact decimals


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
            rows.append({**_row(*where, "", organ.methodology, RANK, Figure(RANK, organ.rank)), **_places(organ)})
        for part, figures in organ.parts.items():
            for code, figure in figures.items():
                rows.append(_row(*where, part, organ.methodology, code, figure))
    return rows


def organization_rows(results: Results) -> list[dict]:
    return [{"period": o.period.name, "organization_id": o.organization.id, "name": o.organization.name,
             "sector": o.organization.sector, "monitored": o.monitored, "reason": o.reason,
             "requests": o.detail.get("total_requests", 0), "rank": o.rank, **_places(o)}
            for o in results.organs]


def _places(assessment) -> dict:
    """place_low, place_high: the range of places its survey error allows (compute_ranges.py)."""
    low, high = assessment.place_range or (None, None)
    return {"place_low": low, "place_high": high}


def to_csv(rows: list[dict], columns) -> str:
    return columns_csv(columns, column_values(rows, columns), NumberTexts())


def columns_csv(columns, values: list[list], numbers: NumberTexts) -> str:
    """to_csv() of a table by column (column_values); `numbers` writes a figure's digits (see NumberTexts)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows(zip(*[converted(column, _cell, numbers.text) for column in values]))
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
    if not text.startswith(FORMULA_START) and "\r" not in text:  # nearly every cell: nothing to do
        return text
    if text.startswith(FORMULA_START) and not _PLAIN_NUMBER.fullmatch(text):
        text = "'" + text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _cell(value) -> str:
    kind = type(value)  # the kinds a table is made of first: a region's results have a million cells
    if kind is str:
        return neutralised(value)
    if kind is Fraction:
        return number_text(value)
    if kind is int:
        return str(value)
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (Fraction, float)):
        return number_text(value)
    if isinstance(value, str):  # numbers, dates and the like keep their own text
        return neutralised(value)
    return str(value)


def results_json(rows: list[dict], values: list[list], numbers: NumberTexts) -> str:
    """results.json: the rows of results.csv (`values`: column_values of them under RESULT_COLUMNS), each
    figure (NUMBERS) a JSON number of the CSV's digits. The text of json.dumps(..., ensure_ascii=False,
    indent=1) + "\n", written a column at a time: json's indenting encoder is pure Python and took seconds
    for a region's results."""
    keys = list(RESULT_COLUMNS)
    if not rows or any(list(row) != keys for row in rows):  # not the one shape: json's own way
        return json.dumps([{**r, **{k: _json_number(r[k]) for k in NUMBERS}} for r in rows],
                          ensure_ascii=False, indent=1) + "\n"
    columns = []
    for key, column in zip(keys, values):
        prefix = f"  {encode_basestring(key)}: "
        if key in NUMBERS:
            columns.append(converted(column, lambda value: prefix + json.dumps(_json_number(value)),
                                     lambda figure: prefix + numbers.shown(figure)))
        else:
            columns.append(converted(column, lambda value: prefix + json.dumps(value, ensure_ascii=False)))
    return "[\n" + ",\n".join([" {\n" + ",\n".join(cells) + "\n }" for cells in zip(*columns)]) + "\n]\n"


def _json_number(value):
    """The same decimal text as the CSV, as a JSON number (shortest float form prints the same digits)."""
    if value is None:
        return None
    text = number_text(value)
    return int(text) if "." not in text else float(text)


def _frame_values(frame: pd.DataFrame, schema) -> list[list]:
    """An input table by the schema's columns (column_values): the same Python values as its records
    (to_dict), read a column at a time."""
    return [frame[c.name].tolist() for c in schema.columns]


def _table_csv(frame: pd.DataFrame, schema) -> str:
    """An input table's CSV as the export writes it (its rows by the schema's columns)."""
    return columns_csv([c.name for c in schema.columns], _frame_values(frame, schema), NumberTexts())


def published_tables(dataset: Dataset, results: Results, methodologies: list,
                     results_rows: list[dict]) -> dict[str, tuple[Table, list[list]]]:
    """Every open-data table by its CSV's path in the site: its description and its values by column
    (column_values)."""
    by_code = {m.code: m for m in methodologies}
    codes = sorted({p.methodology for p in dataset.periods} | {r["methodology"] for r in results_rows})
    results_described, organizations = results_table(RESULT_COLUMNS, codes), organizations_table(ORGANIZATION_COLUMNS)
    tables = {RESULTS_CSV: (results_described, column_values(results_rows, results_described.columns)),
              "opendata/organizations.csv": (organizations, column_values(organization_rows(results),
                                                                          organizations.columns)),
              "opendata/services.csv": (input_table(SERVICES, None), _frame_values(dataset.services, SERVICES))}
    for period in dataset.periods:
        for schema in (s for s in by_code[period.methodology].inputs if s.open_data):
            frame = by_code[period.methodology].open_data_table(dataset, period, schema)
            tables[f"opendata/{period.period.name}/{schema.filename}"] = (input_table(schema, period.period.name),
                                                                          _frame_values(frame, schema))
    return tables


def export(dataset: Dataset, results: Results, methodologies: list) -> dict[str, str | bytes]:
    """Every open-data file, by its path in the site: each table as CSV and as a workbook, results.json,
    datapackage.json and the passport of every set."""
    # a million strings, lists and tuples and no reference cycle: the collector would only scan the whole
    # build's objects again and again (a third of the export at 400 organs)
    with without_cycle_collection():
        return _export(dataset, results, methodologies)


def _export(dataset: Dataset, results: Results, methodologies: list) -> dict[str, str | bytes]:
    results_rows = result_rows(results)
    tables = published_tables(dataset, results, methodologies, results_rows)
    when = max((period_date(p) for p in dataset.periods), default=dt.date(2000, 1, 1))
    files: dict[str, str | bytes] = {}
    numbers = NumberTexts()  # each figure's digits once for the CSV, the workbook and results.json
    for path, (table, values) in tables.items():
        files[path] = columns_csv(table.columns, values, numbers)
        title = path.removeprefix("opendata/").removesuffix(".csv").replace("/", " ")
        files[path.removesuffix(".csv") + ".xlsx"] = columns_workbook(title, table.columns, table.titles,
                                                                      table.types(), values, when, numbers)
    files["opendata/results.json"] = results_json(results_rows, tables[RESULTS_CSV][1], numbers)
    by_code = {m.code: m for m in methodologies}
    files["opendata/datapackage.json"] = datapackage(
        {p: t for p, (t, _) in tables.items()}, dataset.site.license,
        indicator_dictionary(results_rows, by_code))
    for data_set in data_sets(dataset, tables, methodologies):
        folder = f"{FOLDER}/{data_set.name}/"
        files[folder + "meta.csv"] = to_csv([dict(zip(("property", "value"), r))
                                             for r in meta_rows(dataset.site, data_set)], ("property", "value"))
        files[folder + "structure.csv"] = to_csv([dict(zip(STRUCTURE, r)) for r in structure_rows(data_set.table)],
                                                 STRUCTURE)
    return files


STRUCTURE = ("field name", "english description", "russian description", "format")
SET_TITLES = {
    "results": ("Результаты мониторинга качества муниципальных услуг",
                "Все рассчитанные показатели по периодам: муниципального образования, органов и услуг, их уровни "
                "и места в рейтинге"),
    "organizations": ("Органы, участвовавшие в мониторинге",
                      "Органы по периодам: проводился ли мониторинг и почему нет, число заявлений, место в рейтинге"),
}


def data_sets(dataset: Dataset, tables: dict, methodologies: list) -> list[DataSet]:
    """The published sets of the passport: results, organizations and services (the whole history, first
    published with the first period) and each input table, whose earlier periods' files are its earlier
    versions."""
    dates = {p.period.name: (period_date(p), p.period.label) for p in dataset.periods}
    latest = max(dates.values(), default=(dt.date(2000, 1, 1), ""))
    first = min(dates.values(), default=latest)[0]
    schemas = {s.name: s for s in (SERVICES, *(s for m in methodologies for s in m.inputs))}
    grouped: dict[str, tuple[Table, list[Version]]] = {}
    for path, (table, _) in tables.items():
        period, _, base = path.removeprefix("opendata/").rpartition("/")
        date, label = dates[period] if period else latest
        grouped.setdefault(base.removesuffix(".csv"), (table, []))[1].append(Version(date, path, label))
    out = []
    for name, (table, versions) in grouped.items():
        versions.sort(key=lambda v: v.date)
        if name in SET_TITLES:
            title, description = SET_TITLES[name]
        else:
            schema = schemas[name]
            title = schema.title
            description = f"{schema.title} ({schema.seed_table}) в том виде, в каком таблица использована в расчёте"
        created = first if len(versions) == 1 else versions[0].date
        out.append(DataSet(name, f"{title} — {dataset.site.municipality}", description, table, tuple(versions),
                           created))
    return out


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


def datapackage(tables: dict[str, Table], license, indicators: list[dict] = ()) -> str:
    """A Frictionless data package: the machine-readable data dictionary of the CSV files, with each
    table's types, constraints and keys, and the licence of them all."""
    resources = []
    for path in sorted(tables):
        name = path.removeprefix("opendata/")
        # a resource's name is lower case (Frictionless): 2025-q1-requests
        resource = {"name": name.removesuffix(".csv").replace("/", "-").lower(), "path": name,
                    "format": "csv", "mediatype": "text/csv", "encoding": "utf-8", "schema": tables[path].schema}
        if name == "results.csv":
            resource["indicators"] = list(indicators)  # the meaning of every code in its `indicator` column
        resources.append(resource)
    licenses = [{"name": license.id, "title": license.title, "path": license.url}]
    return json.dumps({"name": "monitoring-results", "licenses": licenses, "resources": resources},
                      ensure_ascii=False, indent=1) + "\n"


def page_context(files: dict, license) -> dict:
    """What the open-data page shows beyond the file list: the licence, the passport of the results
    (read back from its meta.csv) and the sets that have one."""
    meta = files.get(f"{FOLDER}/results/meta.csv", "property,value\n")
    rows = [(r["property"], r["value"]) for r in csv.DictReader(io.StringIO(meta))]
    sets = sorted({p.split("/")[2] for p in files if p.startswith(FOLDER + "/")})
    return {"license": license, "passport": labelled(rows), "passport_sets": sets, "passport_folder": FOLDER}
