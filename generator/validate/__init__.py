"""Stage 2: check the raw input against the schemas and turn it into a typed Dataset.

Every problem is recorded (never raised), so one run reports all of them.
"""
from __future__ import annotations

import pandas as pd
from pydantic import ValidationError

from generator.config import Organization, PeriodConfig, SiteConfig
from generator.dataset import Dataset, PeriodData
from generator.load import RawDataset
from generator.periods import PERIOD_NAME_HELP, YEARS, parse_period, year_in_range
from generator.problems import Report
from generator.validate.common import SERVICES
from generator.validate.tables import check_references, column_position, typed_table
from generator.validate.yaml_models import model_problems

# site.yaml fields read by the loader itself, before the model sees the file
LOADER_FIELDS = ("encoding",)


def validate(raw: RawDataset, report: Report) -> Dataset | None:
    from generator.methods import METHODOLOGIES  # methods import the schemas of this package

    site = _site(raw, report)
    organizations = _organizations(raw, report)
    declared = _declared_ids(raw) | set(organizations) if _organizations_readable(raw) else None
    services = _services(raw, declared, report)
    # a mistake elsewhere in site.yaml must not hide the tables' errors: the methodology it names
    # is enough to check them
    methodology = METHODOLOGIES.get(site.methodology) if site else _methodology_named(raw)
    if methodology is not None:
        known = {"organizations": declared, "services": _declared_services(raw, services)}
        _note_unchecked_references(raw, known, report)
        periods = _periods(raw, methodology, known, report)
    else:
        periods = []
        if raw.periods:
            report.add("site.yaml", None, None, "tables-not-checked",
                       "таблицы периодов не проверены, потому что методика не определена: исправьте site.yaml "
                       "и запустите проверку снова", severity="warning")
    if site is None or methodology is None or services is None:
        return None
    dataset = Dataset(raw.root, site, organizations, services, periods)
    if report.ok:  # cross-table checks on broken tables would only echo the first problem
        for code in dict.fromkeys(p.methodology for p in periods):
            METHODOLOGIES[code].check(dataset, [p for p in periods if p.methodology == code], report)
    return dataset if report.ok else None


def _site(raw: RawDataset, report: Report) -> SiteConfig | None:
    from generator.methods import METHODOLOGIES

    if raw.site is None:
        return None
    if not isinstance(raw.site.data, dict):
        report.add(raw.site.path, None, None, "yaml-invalid",
                   "ожидается набор полей «имя: значение» (municipality, site_url, methodology, publisher)")
        return None
    try:
        site = SiteConfig.model_validate(_site_fields(raw.site.data))
    except ValidationError as exc:
        model_problems(raw.site, exc, SiteConfig, report)
        return None
    if site.methodology not in METHODOLOGIES:
        valid = ", ".join(f"«{code}»" for code in METHODOLOGIES)
        report.add(raw.site.path, None, "methodology", "methodology-unknown",
                   f"методика «{site.methodology}» не поддерживается: допустимые значения {valid}")
        return None
    return site


def _site_fields(data: dict) -> dict:
    """site.yaml without the fields the loader has already used (`encoding`), unless the model
    declares them itself."""
    return {k: v for k, v in data.items() if k not in LOADER_FIELDS or k in SiteConfig.model_fields}


def _methodology_named(raw: RawDataset):
    """The methodology site.yaml names, when the file is readable but wrong elsewhere."""
    from generator.methods import METHODOLOGIES

    data = raw.site.data if raw.site is not None else None
    code = data.get("methodology") if isinstance(data, dict) else None
    return METHODOLOGIES.get(code) if isinstance(code, str) else None


def _organizations_readable(raw: RawDataset) -> bool:
    return raw.organizations is not None and isinstance(raw.organizations.data, list)


def _declared_services(raw: RawDataset, services: pd.DataFrame | None) -> set[str] | None:
    """Every service_id written in services.csv, valid row or not (a problem in one row is reported
    once, not again at every reference); None when the file could not be read or has no such column."""
    if raw.services is None:
        return None
    position = column_position(raw.services, SERVICES.column("service_id"))
    if position is None:
        return None
    written = {cells[position] for cells in raw.services.rows if position < len(cells) and cells[position]}
    return written | (set(services["service_id"]) if services is not None else set())


def _note_unchecked_references(raw: RawDataset, known: dict, report: Report) -> None:
    """One note per list that could not be read, instead of every reference to it reported unknown."""
    if not raw.periods:
        return
    if known["services"] is None:
        report.add("services.csv", None, None, "references-not-checked",
                   "идентификаторы услуг в таблицах периодов не проверены, потому что services.csv не удалось "
                   "прочитать (см. ошибку выше): исправьте его и запустите проверку снова", severity="warning")
    if known["organizations"] is None:
        report.add("organizations.yaml", None, None, "references-not-checked",
                   "идентификаторы органов в таблицах периодов не проверены, потому что organizations.yaml "
                   "не удалось прочитать (см. ошибку выше): исправьте его и запустите проверку снова", severity="warning")


def _organizations(raw: RawDataset, report: Report) -> dict[str, Organization]:
    source = raw.organizations
    if source is None:
        return {}
    if not isinstance(source.data, list):
        report.add(source.path, None, None, "yaml-invalid",
                   "ожидается список органов, каждый начинается с «- id: …»")
        return {}
    organizations: dict[str, Organization] = {}
    for index, item in enumerate(source.data):
        try:
            organization = Organization.model_validate(item)
        except ValidationError as exc:
            _shift_loc(exc, index, source, report)
            continue
        if organization.id in organizations:
            report.add(source.path, source.item_lines[index], f"[{index}].id", "id-duplicate",
                       f"орган «{organization.id}» уже описан выше: идентификаторы не должны повторяться")
            continue
        organizations[organization.id] = organization
    return organizations


def _declared_ids(raw: RawDataset) -> set[str]:
    """Every id written in organizations.yaml, valid entry or not, so that a problem in
    one entry is reported once and not again at every reference to it."""
    items = raw.organizations.data if raw.organizations and isinstance(raw.organizations.data, list) else []
    return {str(item["id"]) for item in items if isinstance(item, dict) and item.get("id")}


def _shift_loc(exc: ValidationError, index: int, source, report: Report) -> None:
    """Report an item's errors at `[index].field`, as the maintainer sees the list."""
    from generator.validate.yaml_models import code_of, location, russian_message

    row = source.item_lines[index] if index < len(source.item_lines) else None
    for error in exc.errors():
        where = location((index, *error["loc"]))
        report.add(source.path, row, where, code_of(error), russian_message(error, Organization))


def _services(raw: RawDataset, organization_ids: set[str] | None, report: Report) -> pd.DataFrame | None:
    if raw.services is None:
        return None
    frame = typed_table(raw.services, SERVICES, report)
    if frame is None:
        return None
    frame = check_references(raw.services.path, frame, "organization_id", organization_ids, report)
    frame["socially_significant"] = frame["socially_significant"].fillna(False).astype(bool)
    return frame


_KIND_NAMES = {"year": "год (2025)", "half": "полугодие (2025-H1)", "quarter": "квартал (2025-Q3)"}


def _period_config(raw: RawDataset, name: str, report: Report) -> PeriodConfig | None:
    """periods/<name>/period.yaml, parsed once (an empty config when there is none; None if invalid)."""
    source = raw.period_yaml.get(name, {}).get("period")
    if source is None:
        return PeriodConfig()
    try:
        return PeriodConfig.model_validate(source.data or {})
    except ValidationError as exc:
        model_problems(source, exc, PeriodConfig, report)
        return None


def _period_methodology(config: PeriodConfig, path: str, default, report: Report):
    """The methodology in force for a period: period.yaml may name another edition."""
    from generator.methods import METHODOLOGIES

    if config.methodology is None:
        return default
    if config.methodology not in METHODOLOGIES:
        valid = ", ".join(f"«{code}»" for code in METHODOLOGIES)
        report.add(path, None, "methodology", "methodology-unknown",
                   f"методика «{config.methodology}» не поддерживается: допустимые значения {valid}")
        return None
    return METHODOLOGIES[config.methodology]


def _periods(raw: RawDataset, default, known: dict, report: Report) -> list[PeriodData]:
    """`known`: the ids references may name, by list; None for a list that could not be read."""
    result = []
    if not raw.periods:
        report.add("periods/", None, None, "period-missing",
                   "в папке periods/ нет ни одного периода: создайте папку, например periods/2025/")
    for name, tables in raw.periods.items():
        period = parse_period(name)
        if not year_in_range(name):
            report.add(f"periods/{name}/", None, None, "period-year-out-of-range",
                       f"год периода «{name}» вне допустимого диапазона {YEARS.start}–{YEARS.stop - 1}: "
                       "проверьте имя папки")
            continue
        if period is None:
            report.add(f"periods/{_printable(name)}/", None, None, "period-name-invalid",
                       f"папка «{_printable(name)}» не похожа на отчётный период: назовите её как {PERIOD_NAME_HELP}")
            continue
        config = _period_config(raw, name, report)
        if config is None:
            continue
        methodology = _period_methodology(config, f"periods/{name}/period.yaml", default, report)
        if methodology is None:
            continue
        if period.kind not in methodology.period_kinds:
            report.add(f"periods/{name}/", None, None, "period-kind-not-allowed",
                       f"методика «{methodology.code}» не предусматривает такой период: допустимы "
                       + ", ".join(_KIND_NAMES[k] for k in methodology.period_kinds))
            continue
        typed = {}
        for schema in methodology.inputs:
            unreadable = f"periods/{name}/{schema.filename}" in raw.unreadable
            typed[schema.name] = _period_table(name, schema, tables, known, report, unreadable)
            typed[schema.name].attrs["given"] = schema.name in tables or any(
                t.startswith(schema.name + "/") for t in tables) or bool(_sheet_parts(schema, tables))
        _report_unused(tables, methodology, report)
        extras = {k: v.data for k, v in raw.period_yaml.get(name, {}).items() if k != "period"}
        if config.survey is not None and not methodology.uses_survey_dates:
            report.add(f"periods/{name}/period.yaml", None, "survey", "survey-dates-unused",
                       f"даты опроса (survey) методикой «{methodology.code}» не используются и будут пропущены: "
                       "удалите раздел survey", severity="warning")
        result.append(PeriodData(period, methodology.code, typed, extras, config.published, config.survey))
    return sorted(result, key=lambda p: p.period)


def _printable(name: str) -> str:
    """A folder name as it can be read in a report: a line break or other control character shown
    as its escape, not printed (a name «2023\\n» must not look like «2023»)."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in name)


def _split_table(parts: dict, schema, known, report: Report) -> pd.DataFrame:
    """One table from files named after a column's value (e.g. a workbook per organ)."""
    from generator.load.tables import RawTable

    frames = []
    for value, raw in sorted(parts.items()):
        if schema.split_by not in raw.header:
            width = len(raw.header)  # the value goes in a column of its own, after the header's last
            raw = RawTable(raw.path, [*raw.header, schema.split_by],
                           [[*r[:width], *[""] * (width - len(r)), value] for r in raw.rows], raw.row_numbers)
        frame = typed_table(raw, schema, report)
        if frame is not None:
            for column in schema.columns:
                if column.ref:
                    frame = check_references(raw.path, frame, column.name, known[column.ref], report)
            frames.append(frame)
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=[c.name for c in schema.columns] + ["_row"])


# Workbooks the generator itself writes into a period folder for a person to fill in (the review
# of comments, `transparency comments`, generator/review.py): read by their own reader, not tables.
OWN_WORKBOOKS = frozenset({"comments_review"})


def _report_unused(tables: dict, methodology, report: Report) -> None:
    used = {s.name for s in methodology.inputs} | OWN_WORKBOOKS
    titles = {t for s in methodology.inputs for t in s.sheet_titles}
    named = ", ".join(f"«{s.sheet_titles[0].capitalize()}»" for s in methodology.inputs if s.sheet_titles)
    for key in sorted(tables):
        if "#" in key:
            if _sheet_title(key) not in titles:
                report.add(tables[key].path, None, None, "sheet-unknown",
                           f"лист «{key.split('#', 1)[1]}» не используется методикой «{methodology.code}» и будет "
                           "пропущен; читается первый лист книги" + (f" и лист {named}" if named else ""),
                           severity="warning")
        elif key not in used and key.split("/")[0] not in used:
            report.add(tables[key].path, None, None, "file-unknown",
                       f"таблица «{key}» не используется методикой «{methodology.code}» и будет пропущена",
                       severity="warning")


def _sheet_parts(schema, tables) -> dict:
    """Sheets titled for this table in other workbooks of the period, by the workbook's stem
    (`survey/uzhkh#Предложения` → `uzhkh`); only for tables split one file per value."""
    if not (schema.split_by and schema.sheet_titles):
        return {}
    return {key.split("#", 1)[0].rsplit("/", 1)[-1]: table for key, table in tables.items()
            if "#" in key and _sheet_title(key) in schema.sheet_titles}


def _sheet_title(key: str) -> str:
    return key.split("#", 1)[1].strip().lower()


def _period_table(period_name, schema, tables, known, report: Report, unreadable: bool) -> pd.DataFrame:
    empty = pd.DataFrame(columns=[c.name for c in schema.columns] + ["_row"])
    raw = tables.get(schema.name)
    parts = {k.split("/", 1)[1]: t for k, t in tables.items() if k.startswith(schema.name + "/") and "#" not in k}
    for value, sheet in _sheet_parts(schema, tables).items():
        if value in parts:
            report.add(sheet.path, None, None, "table-given-twice",
                       f"{schema.title} органа «{value}» даны дважды — на этом листе и в файле "
                       f"{parts[value].path}: оставьте одно")
            continue
        parts[value] = sheet
    if schema.split_by and parts and raw is None:
        return _split_table(parts, schema, known, report)
    if raw is None:
        if schema.required and not unreadable:
            report.add(f"periods/{period_name}/{schema.filename}", None, None, "file-missing",
                       f"нет таблицы {schema.filename} ({schema.title}) за период {period_name}: добавьте её")
        return empty
    frame = typed_table(raw, schema, report)
    if frame is None:
        return empty
    for column in schema.columns:
        if column.ref:
            frame = check_references(raw.path, frame, column.name, known[column.ref], report)
    frame.attrs["path"] = raw.path  # the file as given (responses.xlsx), for the methodology's messages
    return frame
