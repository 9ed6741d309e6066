"""The Table Schema of every open-data table (Frictionless): types, constraints, keys, Russian titles.

One description per column serves datapackage.json, the workbooks' Russian headers and the passport's
structure.csv, so the three cannot drift apart.
"""
from __future__ import annotations

from dataclasses import dataclass

from generator.validate.schema import TableSchema

RESULT_TITLES = {
    "period": "Отчётный период",
    "organization_id": "Идентификатор органа",
    "service_id": "Идентификатор услуги",
    "part": "Документ внутри периода",
    "methodology": "Методика",
    "indicator": "Код показателя",
    "value": "Значение",
    "band": "Код уровня",
    "band_label": "Уровень",
    "ci_low": "Доверительный интервал: от",
    "ci_high": "Доверительный интервал: до",
    "place_low": "Возможные места: от",
    "place_high": "Возможные места: до",
}
ORGANIZATION_TITLES = {
    "period": "Отчётный период",
    "organization_id": "Идентификатор органа",
    "name": "Наименование органа",
    "sector": "Сфера деятельности",
    "monitored": "Проводился мониторинг",
    "reason": "Почему мониторинг не проводился",
    "requests": "Заявлений за период",
    "rank": "Место в рейтинге",
    "place_low": "Возможные места: от",
    "place_high": "Возможные места: до",
}
# structure.csv of the passport asks for an English description of every field
ENGLISH = {
    "period": "reporting period", "organization_id": "organ identifier", "service_id": "service identifier",
    "part": "document within the period", "methodology": "methodology code", "indicator": "indicator code",
    "value": "value", "band": "band code", "band_label": "band", "name": "name", "sector": "sector",
    "monitored": "monitored", "reason": "reason not monitored", "requests": "requests in the period",
    "rank": "place in the rating",
    "ci_low": "lower end of the 95 % confidence interval", "ci_high": "upper end of the 95 % confidence interval",
    "place_low": "best place the survey error allows", "place_high": "worst place the survey error allows",
}

# the schema's kinds of column as Table Schema types
_TYPES = {"id": "string", "ref": "string", "text": "string", "enum": "string", "int": "integer",
          "number": "number", "bool": "boolean"}
_BOOLEAN = {"trueValues": ["true"], "falseValues": ["false"]}  # as the CSV writes them (opendata._cell)


@dataclass(frozen=True)
class Table:
    """One published table: its columns in order, their Russian titles, and its Table Schema."""

    columns: tuple[str, ...]
    titles: dict[str, str]
    schema: dict

    def types(self) -> dict[str, str]:
        return {f["name"]: f["type"] for f in self.schema["fields"]}


def _field(name: str, kind: str, title: str, description: str, required: bool = False, **constraints) -> dict:
    field = {"name": name, "type": kind, "title": title, "description": description}
    if kind == "boolean":
        field.update(_BOOLEAN)
    wanted = {"required": True} if required else {}
    wanted.update({k: v for k, v in constraints.items() if v is not None})
    if wanted:
        field["constraints"] = wanted
    return field


def results_table(descriptions: dict[str, str], methodologies: list[str]) -> Table:
    kinds = {"value": "number", "ci_low": "number", "ci_high": "number", "place_low": "integer",
             "place_high": "integer"}
    required = {"period", "methodology", "indicator"}
    fields = [_field(n, kinds.get(n, "string"), RESULT_TITLES[n], d, n in required,
                     enum=sorted(methodologies) if n == "methodology" else None)
              for n, d in descriptions.items()]
    # a municipal row has no organ, and a key of two fields with one empty is never found: the organ alone
    keys = [{"fields": ["organization_id"], "reference": {"resource": "organizations", "fields": ["organization_id"]}},
            {"fields": ["service_id"], "reference": {"resource": "services", "fields": ["service_id"]}}]
    return Table(tuple(descriptions), RESULT_TITLES, {"fields": fields, "foreignKeys": keys})


def organizations_table(descriptions: dict[str, str]) -> Table:
    kinds = {"monitored": "boolean", "requests": "integer", "rank": "integer", "place_low": "integer",
             "place_high": "integer"}
    minimum = {"requests": 0, "rank": 1, "place_low": 1, "place_high": 1}
    fields = [_field(n, kinds.get(n, "string"), ORGANIZATION_TITLES[n], d,
                     n in ("period", "organization_id", "name", "monitored"), minimum=minimum.get(n))
              for n, d in descriptions.items()]
    return Table(tuple(descriptions), ORGANIZATION_TITLES,
                 {"fields": fields, "primaryKey": ["period", "organization_id"]})


# a reference column holds the identifier, though the seed's header may name what it identifies
_REF_TITLES = {"services": "Идентификатор услуги", "organizations": "Идентификатор органа"}


def input_table(schema: TableSchema, period: str | None) -> Table:
    """An input table as used; `period` None for services.csv, which every period shares."""
    fields, keys = [], []
    for c in schema.columns:
        kind = _TYPES.get(c.kind, "string")
        minimum = 0 if c.kind == "int" else c.minimum
        fields.append(_field(c.name, kind, _REF_TITLES.get(c.ref, c.title), c.description, c.required,
                             minimum=minimum, maximum=c.maximum, enum=list(c.choices) or None))
        if c.ref == "services":
            keys.append({"fields": [c.name], "reference": {"resource": "services", "fields": ["service_id"]}})
        elif c.ref == "organizations" and period is not None:
            # an organ of a period's table is one of that period's organs (organizations.csv)
            keys.append({"fields": [c.name], "reference": {"resource": "organizations",
                                                           "fields": ["organization_id"]}})
    described = {"fields": fields}
    if all(c.required for c in schema.columns if c.name in schema.key):  # a key may leave a cell empty
        described["primaryKey"] = list(schema.key)
    if keys:
        described["foreignKeys"] = keys
    return Table(tuple(c.name for c in schema.columns), {f["name"]: f["title"] for f in fields}, described)
