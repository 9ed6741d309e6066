"""Read a whole data folder: site.yaml, organizations.yaml, services.csv, periods/<name>/*.

Only what is inside the data folder is read: a symbolic link that leads out of it is reported
and never followed (its target is never opened, so its contents cannot reach the report), and a
link back to a folder being walked is not walked again.
"""
from __future__ import annotations

import codecs
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from generator.load.big_csv import BIG_TABLES, EngineTable, read_big_csv
from generator.load.tables import ACCEPTED_ENCODINGS, RawTable, UnreadableFile, read_table
from generator.load.yaml_files import RawYaml, read_yaml
from generator.problems import Report

TABLE_SUFFIXES = (".csv", ".xlsx")


class TableKey(NamedTuple):
    """Where a table is in its period folder: `survey/uzhkh.xlsx`, its sheet «Предложения» →
    (("survey",), "uzhkh", "Предложения")."""

    folders: tuple[str, ...]  # subfolders of the period folder, outermost first
    stem: str  # the file's name without its extension
    sheet: str | None = None  # the title of a workbook's sheet other than its first

    @property
    def name(self) -> str:
        """The table as the maintainer names it, without extension and sheet: `survey/uzhkh`."""
        return "/".join((*self.folders, self.stem))

    @property
    def top(self) -> str:
        """The entry of the period folder it is in: its subfolder, or its own stem."""
        return self.folders[0] if self.folders else self.stem


@dataclass
class RawDataset:
    root: Path
    site: RawYaml | None = None
    organizations: RawYaml | None = None
    services: RawTable | None = None
    synonyms: RawYaml | None = None  # synonyms.yaml, optional: words citizens look for services by
    # period folder name → where the table is in it → table (a workbook's other sheets as tables of their own)
    periods: dict[str, dict[TableKey, RawTable]] = field(default_factory=dict)
    # period folder name → YAML stem → data (e.g. measures.yaml in later methodologies)
    period_yaml: dict[str, dict[str, RawYaml]] = field(default_factory=dict)
    unreadable: set[str] = field(default_factory=set)  # tables' files that exist but could not be read, as shown
    encoding: str | None = None  # `encoding:` of site.yaml: the encoding of every CSV and YAML file

    def unreadable_file(self, table: str) -> str | None:
        """The file of `table` (`services`, `periods/2025/responses`) when it exists but could not be read."""
        return next((table + suffix for suffix in TABLE_SUFFIXES if table + suffix in self.unreadable), None)


@dataclass
class _Folder:
    """What every reader of one data folder shares."""

    root: Path  # resolved
    report: Report
    unreadable: set[str]  # the RawDataset's: files that could not be read, as shown
    encoding: str | None = None

    def shown(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    def escapes(self, path: Path) -> bool:
        """True (and reported) when `path` is a link leading out of the data folder."""
        try:
            target = path.resolve(strict=True)
        except (OSError, RuntimeError):  # a dangling link or a loop of links
            return False  # not a file nor a folder: treated as absent
        if target.is_relative_to(self.root):
            return False
        self.report.add(self.shown(path), None, None, "link-outside-data",
                        "это ссылка на файл или папку вне папки данных; такие ссылки не читаются: "
                        "положите в папку данных сам файл (или папку) вместо ссылки")
        return True


def load_folder(root: Path, report: Report) -> RawDataset:
    dataset = RawDataset(root=root)
    if not root.is_dir():
        report.add(str(root), None, None, "data-folder-missing",
                   "папка с данными не найдена: укажите существующую папку в --data")
        return dataset
    folder = _Folder(root.resolve(), report, dataset.unreadable)
    dataset.site = _yaml(folder, "site.yaml")
    folder.encoding = dataset.encoding = _declared_encoding(folder, dataset.site)
    if folder.encoding and dataset.site is not None:
        dataset.site = _yaml(folder, "site.yaml")  # read again in the encoding it declares
    dataset.organizations = _yaml(folder, "organizations.yaml")
    dataset.services = _table(folder, "services")
    if (folder.root / "synonyms.yaml").is_file():
        dataset.synonyms = _yaml(folder, "synonyms.yaml")
    periods_dir = folder.root / "periods"
    if folder.escapes(periods_dir):
        return dataset
    if not periods_dir.is_dir():
        report.add("periods/", None, None, "file-missing",
                   "нет папки periods/: создайте в ней папку для каждого отчётного периода, например periods/2025/")
        return dataset
    for period in sorted(p for p in periods_dir.iterdir() if not folder.escapes(p) and p.is_dir()):
        dataset.periods[period.name] = _period_tables(folder, period, frozenset())
        dataset.period_yaml[period.name] = {
            f.stem: y for f in sorted(period.glob("*.yaml"))
            if (y := _yaml(folder, folder.shown(f))) is not None}
    return dataset


def _declared_encoding(folder: _Folder, site: RawYaml | None) -> str | None:
    """`encoding:` of site.yaml, when it names an encoding the tables may be in (else reported)."""
    value = site.data.get("encoding") if site is not None and isinstance(site.data, dict) else None
    if value is None:
        return None
    accepted = {codecs.lookup(name).name for name in ACCEPTED_ENCODINGS}
    try:
        name = codecs.lookup(str(value)).name
    except LookupError:
        name = None
    if name not in accepted:
        folder.report.add(site.path, None, "encoding", "encoding-unknown",
                          f"кодировка «{value}» не поддерживается: укажите одну из "
                          + ", ".join(ACCEPTED_ENCODINGS) + " или удалите поле, чтобы кодировка определялась сама")
        return None
    return str(value)


def _period_tables(folder: _Folder, path: Path, walked: frozenset[Path]) -> dict[TableKey, RawTable]:
    """Tables of a period by where they are in its folder (a subfolder holds one file per organ, …)."""
    walked = walked | {path.resolve()}
    tables: dict[TableKey, RawTable] = {}
    entries = sorted(p for p in path.iterdir() if not p.name.startswith((".", "~$")))
    for sub in (p for p in entries if p.is_dir() and not folder.escapes(p)):
        if sub.resolve() in walked:
            folder.report.add(folder.shown(sub), None, None, "link-loop",
                              "ссылка на папку, в которой она сама лежит: удалите ссылку")
            continue
        for key, table in _period_tables(folder, sub, walked).items():
            tables[key._replace(folders=(sub.name, *key.folders))] = table
    for file in (p for p in entries if p.suffix.lower() in TABLE_SUFFIXES):
        if not file.is_file() or folder.escapes(file):
            continue
        if TableKey((), file.stem) in tables:
            folder.report.add(folder.shown(file), None, None, "file-duplicate",
                              f"таблица «{file.stem}» дана дважды (CSV и XLSX): оставьте один файл")
            continue
        table = _read(folder, file, big=len(walked) == 1 and file.stem in BIG_TABLES)  # the period's own
        if table is not None:
            tables[TableKey((), file.stem)] = table
            for title, sheet in table.sheets.items():
                tables[TableKey((), file.stem, title)] = sheet
    return tables


def _read(folder: _Folder, path: Path, big: bool = False) -> RawTable | EngineTable | None:
    """The table, or None (reported) when it cannot be read. `big`: a table of a row per respondent,
    which DuckDB reads when the file is big (load/big_csv.py)."""
    shown = folder.shown(path)
    try:
        table = (read_big_csv(path, shown, folder.encoding) if big else None) or read_table(path, shown, folder.encoding)
    except UnreadableFile as exc:
        _report_file_problems(folder.report, shown, exc.problems)
        folder.unreadable.add(shown)
        return None
    except OSError as exc:
        folder.report.add(shown, None, None, "file-unreadable",
                          f"файл не читается ({exc.strerror}): проверьте права доступа")
        folder.unreadable.add(shown)
        return None
    _report_file_problems(folder.report, shown, table.problems)
    return table


def _report_file_problems(report: Report, shown: str, problems) -> None:
    for problem in problems:
        report.add(shown, problem.row, None, problem.code, problem.message, severity=problem.severity)


def _table(folder: _Folder, stem: str) -> RawTable | None:
    for suffix in TABLE_SUFFIXES:
        path = folder.root / f"{stem}{suffix}"
        if folder.escapes(path):
            return None
        if path.is_file():
            return _read(folder, path)
    folder.report.add(f"{stem}.csv", None, None, "file-missing",
                      f"файл {stem}.csv не найден в папке данных: создайте его (см. страницу «Формат данных»)")
    return None


def _yaml(folder: _Folder, name: str) -> RawYaml | None:
    path = folder.root / name
    if folder.escapes(path):
        return None
    if not path.is_file():
        folder.report.add(name, None, None, "file-missing",
                          f"файл {name} не найден в папке данных: создайте его (см. страницу «Формат данных»)")
        return None
    try:
        return read_yaml(path, name, folder.encoding)
    except UnreadableFile as exc:
        _report_file_problems(folder.report, name, exc.problems)
    except OSError as exc:
        folder.report.add(name, None, None, "file-unreadable",
                          f"файл не читается ({exc.strerror}): проверьте права доступа")
    return None
