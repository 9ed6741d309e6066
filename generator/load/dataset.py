"""Read a whole data folder: site.yaml, organizations.yaml, services.csv, periods/<name>/*."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from generator.load.tables import RawTable, UnreadableFile, read_table
from generator.load.yaml_files import RawYaml, read_yaml
from generator.problems import Report

TABLE_SUFFIXES = (".csv", ".xlsx")


@dataclass
class RawDataset:
    root: Path
    site: RawYaml | None = None
    organizations: RawYaml | None = None
    services: RawTable | None = None
    # period folder name → table name (file stem; `<stem>#<sheet title>` for a workbook's other sheets) → table
    periods: dict[str, dict[str, RawTable]] = field(default_factory=dict)
    # period folder name → YAML stem → data (e.g. measures.yaml in later methodologies)
    period_yaml: dict[str, dict[str, RawYaml]] = field(default_factory=dict)
    unreadable: set[str] = field(default_factory=set)  # shown paths that exist but could not be read


def load_folder(root: Path, report: Report) -> RawDataset:
    dataset = RawDataset(root=root)
    if not root.is_dir():
        report.add(str(root), None, None, "data-folder-missing",
                   "папка с данными не найдена: укажите существующую папку в --data")
        return dataset
    dataset.site = _yaml(root, "site.yaml", report)
    dataset.organizations = _yaml(root, "organizations.yaml", report)
    dataset.services = _table(root, "services", report)
    periods_dir = root / "periods"
    if not periods_dir.is_dir():
        report.add("periods/", None, None, "file-missing",
                   "нет папки periods/: создайте в ней папку для каждого отчётного периода, например periods/2025/")
        return dataset
    for folder in sorted(p for p in periods_dir.iterdir() if p.is_dir()):
        dataset.periods[folder.name] = _period_tables(root, folder, report, dataset.unreadable)
        dataset.period_yaml[folder.name] = {
            f.stem: y for f in sorted(folder.glob("*.yaml"))
            if (y := _yaml(root, str(f.relative_to(root)), report)) is not None}
    return dataset


def _period_tables(root: Path, folder: Path, report: Report, unreadable: set[str]) -> dict[str, RawTable]:
    """Tables of a period by stem; a subfolder's files as `<subfolder>/<stem>` (one file per organ, …)."""
    tables: dict[str, RawTable] = {}
    for sub in sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith(".")):
        for stem, table in _period_tables(root, sub, report, unreadable).items():
            tables[f"{sub.name}/{stem}"] = table
    for path in sorted(p for p in folder.iterdir() if p.is_file()):
        if path.suffix.lower() not in TABLE_SUFFIXES or path.name.startswith(("~$", ".")):
            continue
        if path.stem in tables:
            report.add(_shown(root, path), None, None, "file-duplicate",
                       f"таблица «{path.stem}» дана дважды (CSV и XLSX): оставьте один файл")
            continue
        table = _read(root, path, report)
        if table is not None:
            tables[path.stem] = table
            for title, sheet in table.sheets.items():
                tables[f"{path.stem}#{title}"] = sheet  # `survey/uzhkh#Предложения`
        else:
            unreadable.add(f"{_shown(root, folder)}/{path.stem}.csv")
    return tables


def _shown(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()


def _read(root: Path, path: Path, report: Report) -> RawTable | None:
    try:
        return read_table(path, _shown(root, path))
    except UnreadableFile as exc:
        report.add(_shown(root, path), None, None, "file-unreadable", str(exc))
    except OSError as exc:
        report.add(_shown(root, path), None, None, "file-unreadable",
                   f"файл не читается ({exc.strerror}): проверьте права доступа")
    return None


def _table(root: Path, stem: str, report: Report) -> RawTable | None:
    for suffix in TABLE_SUFFIXES:
        if (root / f"{stem}{suffix}").is_file():
            return _read(root, root / f"{stem}{suffix}", report)
    report.add(f"{stem}.csv", None, None, "file-missing",
               f"файл {stem}.csv не найден в папке данных: создайте его (см. страницу «Формат данных»)")
    return None


def _yaml(root: Path, name: str, report: Report) -> RawYaml | None:
    path = root / name
    if not path.is_file():
        report.add(name, None, None, "file-missing",
                   f"файл {name} не найден в папке данных: создайте его (см. страницу «Формат данных»)")
        return None
    try:
        return read_yaml(path, name)
    except UnreadableFile as exc:
        report.add(name, None, None, "file-unreadable", str(exc))
    return None
