"""Stage 2: check the raw input against the schemas and turn it into a typed Dataset.

Every problem is recorded (never raised), so one run reports all of them.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

import pandas as pd
from pydantic import ValidationError

from generator.config import Organization, PeriodConfig, SiteConfig
from generator.dataset import Dataset, PeriodData
from generator.load import RawDataset
from generator.periods import PERIOD_NAME_HELP, YEARS, parse_period, year_in_range
from generator.problems import Report
from generator.validate.common import SERVICES
from generator.validate.measures import check_measures
from generator.validate.period_tables import period_tables
from generator.validate.schema import TableSchema
from generator.validate.synonyms import synonym_groups
from generator.validate.tables import IdList, check_references, column_position, names_to_ids, typed_table
from generator.validate.yaml_models import model_problems

# site.yaml fields read by the loader itself, before the model sees the file
LOADER_FIELDS = ("encoding",)


class Methodology(Protocol):
    """What validation needs of a methodology plugin (generator.methods.base.Methodology has it)."""

    code: str
    inputs: tuple[TableSchema, ...]  # the tables of each period
    period_kinds: tuple[str, ...]
    uses_survey_dates: bool

    def check(self, dataset: Dataset, periods: list[PeriodData], report: Report) -> None: ...


Registry = Mapping[str, Methodology]  # code → methodology: generator.methods.METHODOLOGIES


def validate(raw: RawDataset, report: Report, methodologies: Registry) -> Dataset | None:
    """The typed dataset, or None when the report has errors. `methodologies` are the plugins a
    site.yaml or period.yaml may name; the caller passes them in, so validation imports none."""
    site = _site(raw, report, methodologies)
    organizations = _organizations(raw, report)
    declared = _declared_ids(raw) | set(organizations) if _organizations_readable(raw) else None
    organs = IdList(declared, "organizations.yaml", _organization_names(raw))
    services = _services(raw, organs, report)
    # a mistake elsewhere in site.yaml must not hide the tables' errors: the methodology it names
    # is enough to check them
    methodology = methodologies.get(site.methodology) if site else _methodology_named(raw, methodologies)
    if methodology is not None:
        known = {"organizations": organs,
                 "services": IdList(_declared_services(raw, services), _services_file(raw), _service_names(raw))}
        _note_unchecked_references(raw, known, report)
        periods = _periods(raw, methodology, known, report, methodologies)
        check_measures(periods, declared, report, raw.period_yaml)  # every methodology's measures.yaml (the press release)
    else:
        periods = []
        if raw.periods:
            report.add("site.yaml", None, None, "tables-not-checked",
                       "таблицы периодов не проверены, потому что методика не определена: исправьте site.yaml "
                       "и запустите проверку снова", severity="warning")
    synonyms = synonym_groups(raw.synonyms, report)
    if site is None or methodology is None or services is None:
        return None
    dataset = Dataset(raw.root, site, organizations, services, periods, _services_file(raw), synonyms)
    if report.ok:  # cross-table checks on broken tables would only echo the first problem
        for code in dict.fromkeys(p.methodology for p in periods):
            methodologies[code].check(dataset, [p for p in periods if p.methodology == code], report)
    return dataset if report.ok else None


def _site(raw: RawDataset, report: Report, methodologies: Registry) -> SiteConfig | None:
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
    if site.methodology not in methodologies:
        valid = ", ".join(f"«{code}»" for code in methodologies)
        report.add(raw.site.path, None, "methodology", "methodology-unknown",
                   f"методика «{site.methodology}» не поддерживается: допустимые значения {valid}")
        return None
    return site


def _site_fields(data: dict) -> dict:
    """site.yaml without the fields the loader has already used (`encoding`), unless the model
    declares them itself."""
    return {k: v for k, v in data.items() if k not in LOADER_FIELDS or k in SiteConfig.model_fields}


def _methodology_named(raw: RawDataset, methodologies: Registry) -> Methodology | None:
    """The methodology site.yaml names, when the file is readable but wrong elsewhere."""
    data = raw.site.data if raw.site is not None else None
    code = data.get("methodology") if isinstance(data, dict) else None
    return methodologies.get(code) if isinstance(code, str) else None


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


def _organization_names(raw: RawDataset) -> dict[str, set[str]]:
    """The names and short names written in organizations.yaml → the ids of their organs."""
    items = raw.organizations.data if _organizations_readable(raw) else []
    return names_to_ids((str(item.get(name) or ""), str(item.get("id") or "")) for item in items
                        if isinstance(item, dict) for name in ("name", "short_name"))


def _service_names(raw: RawDataset) -> dict[str, set[str]]:
    """The names written in services.csv → the ids of their services."""
    if raw.services is None:
        return {}
    ids = column_position(raw.services, SERVICES.column("service_id"))
    names = column_position(raw.services, SERVICES.column("name"))
    if ids is None or names is None:
        return {}
    return names_to_ids((cells[names], cells[ids]) for cells in raw.services.rows if max(ids, names) < len(cells))


def _services_file(raw: RawDataset) -> str:
    """The list of services as given (services.xlsx), for messages; services.csv when there is none."""
    if raw.services is not None:
        return raw.services.origin.path
    return raw.unreadable_file("services") or "services.csv"


def _note_unchecked_references(raw: RawDataset, known: dict[str, IdList], report: Report) -> None:
    """One note per list that could not be read, instead of every reference to it reported unknown."""
    if not raw.periods:
        return
    if known["services"].ids is None:
        file = known["services"].file
        report.add(file, None, None, "references-not-checked",
                   f"идентификаторы услуг в таблицах периодов не проверены, потому что {file} не удалось "
                   "прочитать (см. ошибку выше): исправьте его и запустите проверку снова", severity="warning")
    if known["organizations"].ids is None:
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


def _services(raw: RawDataset, organs: IdList, report: Report) -> pd.DataFrame | None:
    if raw.services is None:
        return None
    frame = typed_table(raw.services, SERVICES, report)
    if frame is None:
        return None
    frame = check_references(raw.services.path, frame, "organization_id", organs, report)
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


def _period_methodology(config: PeriodConfig, path: str, default: Methodology, report: Report,
                        methodologies: Registry) -> Methodology | None:
    """The methodology in force for a period: period.yaml may name another edition."""
    if config.methodology is None:
        return default
    if config.methodology not in methodologies:
        valid = ", ".join(f"«{code}»" for code in methodologies)
        report.add(path, None, "methodology", "methodology-unknown",
                   f"методика «{config.methodology}» не поддерживается: допустимые значения {valid}")
        return None
    return methodologies[config.methodology]


def _periods(raw: RawDataset, default: Methodology, known: dict[str, IdList], report: Report,
             methodologies: Registry) -> list[PeriodData]:
    """`known`: the ids references may name, by list (`ids` None for a list that could not be read)."""
    result = []
    if not raw.periods:
        report.add("periods/", None, None, "period-missing",
                   "в папке periods/ нет ни одного периода: создайте папку, например periods/2025/")
    for name in raw.periods:
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
        methodology = _period_methodology(config, f"periods/{name}/period.yaml", default, report, methodologies)
        if methodology is None:
            continue
        if period.kind not in methodology.period_kinds:
            report.add(f"periods/{name}/", None, None, "period-kind-not-allowed",
                       f"методика «{methodology.code}» не предусматривает такой период: допустимы "
                       + ", ".join(_KIND_NAMES[k] for k in methodology.period_kinds))
            continue
        typed, origins = period_tables(raw, name, methodology.inputs, methodology.code, known, report)
        extras = {k: v.data for k, v in raw.period_yaml.get(name, {}).items() if k != "period"}
        if config.survey is not None and not methodology.uses_survey_dates:
            report.add(f"periods/{name}/period.yaml", None, "survey", "survey-dates-unused",
                       f"даты опроса (survey) методикой «{methodology.code}» не используются и будут пропущены: "
                       "удалите раздел survey", severity="warning")
        result.append(PeriodData(period, methodology.code, typed, extras, config.published, config.survey,
                                 origins))
    return sorted(result, key=lambda p: p.period)


def _printable(name: str) -> str:
    """A folder name as it can be read in a report: a line break or other control character shown
    as its escape, not printed (a name «2023\\n» must not look like «2023»)."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in name)
