"""Open-data exports. The column names here are a published contract: keep them."""
from __future__ import annotations

import csv
import io
import json

import pandas as pd

from generator.dataset import Dataset
from generator.results import Results
from generator.validate.common import SERVICES

RESULT_COLUMNS = {
    "period": "Отчётный период (имя папки: 2025, 2025-H1, 2025-Q3)",
    "organization_id": "Идентификатор органа",
    "service_id": "Идентификатор услуги (пусто для показателей органа)",
    "methodology": "Код методики, по которой рассчитан показатель",
    "indicator": "Код показателя (см. страницу «Методика»)",
    "value": ("Значение без округления, в единицах показателя (проценты или баллы — см. страницу методики); "
              "пусто, если показатель не оценивается"),
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


def result_rows(results: Results) -> list[dict]:
    rows = []
    for organ in results.assessments:
        for code, figure in organ.figures.items():
            rows.append({
                "period": organ.period.name, "organization_id": organ.organization.id,
                "service_id": organ.service_id or "",
                "methodology": organ.methodology, "indicator": code,
                "value": figure.value, "band": figure.band.code if figure.band else "",
                "band_label": figure.band.label if figure.band else ""})
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


def _cell(value) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value) if isinstance(value, float) else str(value)


def _table_csv(frame: pd.DataFrame, schema) -> str:
    columns = [c.name for c in schema.columns]
    return to_csv(frame[columns].to_dict("records"), columns)


def export(dataset: Dataset, results: Results, methodologies: list) -> dict[str, str]:
    """Every open-data file, by its path in the site."""
    results_rows = result_rows(results)
    files = {
        "opendata/results.csv": to_csv(results_rows, RESULT_COLUMNS),
        "opendata/results.json": json.dumps(results_rows, ensure_ascii=False, indent=1) + "\n",
        "opendata/organizations.csv": to_csv(organization_rows(results), ORGANIZATION_COLUMNS),
        "opendata/services.csv": _table_csv(dataset.services, SERVICES),
    }
    by_code = {m.code: m for m in methodologies}
    for period in dataset.periods:
        for schema in (s for s in by_code[period.methodology].inputs if s.open_data):
            files[f"opendata/{period.period.name}/{schema.filename}"] = _table_csv(period.tables[schema.name], schema)
    files["opendata/datapackage.json"] = datapackage(files, methodologies)
    return files


def datapackage(files: dict[str, str], methodologies: list) -> str:
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
        resources.append({"name": name.removesuffix(".csv").replace("/", "-"), "path": name,
                          "format": "csv", "encoding": "utf-8", "schema": {"fields": fields}})
    return json.dumps({"name": "monitoring-results", "resources": resources}, ensure_ascii=False, indent=1) + "\n"
