"""Finding the installed methodologies: the entry-point group `transparency.methodologies`.

Each entry point is named after the methodology's code and points at its class; the five built in
are registered in this project's pyproject.toml exactly as an outside package registers its own.
The registry is read on first use, not on import, so that a broken plugin is reported by the command
that needs it — as one Russian report naming every broken plugin — instead of as a traceback.
"""
from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from importlib.metadata import EntryPoint, entry_points

from generator.methods.base import Methodology
from generator.methods.spec import SpecError
from generator.problems import InputError, Report

GROUP = "transparency.methodologies"
# A code names the plugin's templates (`<code>/organ.md.j2`) beside the shared folders: it may not be one.
_SHARED_FOLDERS = frozenset({"pages", "partials", "overrides", "assets"})
_CODE = re.compile(r"[a-z][a-z0-9_]*")

# What these codes mean. They concern the installation, not the data, so they are not on «Формат данных».
PLUGIN_PROBLEM_CODES = {
    "plugin-import-failed": "модуль методики не загружается (ошибка в пакете методики или он установлен не полностью)",
    "plugin-invalid": "точка входа методики указывает не на подкласс Methodology, или код методики не совпадает "
                      "с именем точки входа, или код недопустим",
    "plugin-duplicate-code": "две установленные методики с одним кодом",
    "plugin-yaml-invalid": "YAML-файл методики не соответствует её модели",
    "plugin-none-installed": "не установлено ни одной методики",
}


class PluginError(InputError):
    """The installed methodologies cannot be used; the report names each plugin and what is wrong."""


def _source(entry: EntryPoint) -> str:
    package = f", пакет {entry.dist.name}" if entry.dist is not None else ""
    return f"методика «{entry.name}» ({entry.value}{package})"


def _spec_problems(exc: SpecError, where: str, report: Report) -> None:
    for field, message in exc.errors:
        report.add(str(exc.file), None, field, "plugin-yaml-invalid", f"{where}: {message}")


def _load(entry: EntryPoint, report: Report) -> Methodology | None:
    where = _source(entry)
    try:
        cls = entry.load()
    except SpecError as exc:  # a plugin whose modules read its YAML when imported
        _spec_problems(exc, where, report)
        return None
    except Exception as exc:  # noqa: BLE001 — any failure of foreign code is reported, not raised
        report.add(where, None, None, "plugin-import-failed",
                   f"не загружается: {type(exc).__name__}: {exc}; исправьте пакет методики или переустановите его")
        return None
    if not (isinstance(cls, type) and issubclass(cls, Methodology)):
        report.add(where, None, None, "plugin-invalid", "точка входа должна указывать на подкласс "
                   "generator.methods.Methodology")
        return None
    if cls.code != entry.name or not _CODE.fullmatch(cls.code) or cls.code in _SHARED_FOLDERS:
        report.add(where, None, None, "plugin-invalid",
                   f"код методики в классе — «{cls.code}»: он должен совпадать с именем точки входа, состоять из "
                   "строчных латинских букв, цифр и «_» и не совпадать с папками общих шаблонов "
                   f"({', '.join(sorted(_SHARED_FOLDERS))})")
        return None
    try:
        method = cls()
        method.spec  # read and check the YAML now: a wrong field is reported before any data is read
    except SpecError as exc:
        _spec_problems(exc, where, report)
        return None
    except Exception as exc:  # noqa: BLE001
        report.add(where, None, None, "plugin-import-failed", f"не создаётся: {type(exc).__name__}: {exc}")
        return None
    return method


def discover(group: str = GROUP) -> dict[str, Methodology]:
    """code → methodology, in the order of the codes; PluginError with every problem found."""
    report = Report()
    found: dict[str, Methodology] = {}
    origin: dict[str, EntryPoint] = {}
    for entry in sorted(entry_points(group=group), key=lambda e: (e.name, e.value)):
        if entry.name in origin:
            first = origin[entry.name]
            report.add(_source(entry), None, None, "plugin-duplicate-code",
                       f"код «{entry.name}» уже занят: {_source(first)}; удалите один из пакетов или "
                       "измените код одной из методик")
            found.pop(entry.name, None)
            continue
        origin[entry.name] = entry
        method = _load(entry, report)
        if method is not None:
            found[entry.name] = method
    if not origin:
        report.add(f"группа точек входа «{group}»", None, None, "plugin-none-installed",
                   "не установлено ни одной методики: установите генератор (make site или "
                   "pip install -e .), тогда встроенные методики зарегистрируются")
    if report.problems:
        raise PluginError(report)
    return found


class Registry(Mapping[str, Methodology]):
    """code → Methodology of every installed plugin, discovered on first use."""

    def __init__(self, group: str = GROUP):
        self.group = group
        self._found: dict[str, Methodology] | None = None
        self._error: PluginError | None = None

    def _methods(self) -> dict[str, Methodology]:
        if self._error is not None:
            raise self._error
        if self._found is None:
            try:
                self._found = discover(self.group)
            except PluginError as exc:
                self._error = exc
                raise
        return self._found

    def __getitem__(self, code: str) -> Methodology:
        return self._methods()[code]

    def __iter__(self) -> Iterator[str]:
        return iter(self._methods())

    def __len__(self) -> int:
        return len(self._methods())

    def __repr__(self) -> str:
        return f"Registry({self.group!r})"
