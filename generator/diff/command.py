"""`transparency diff` and the closing list of `transparency build`: the stages run on each data folder
(load → validate → compute, as `check` and `build` run them), then the two tables compared."""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from generator import text_ru
from generator.diff import FIGURES_FILE
from generator.diff.changes import as_markdown, as_text, changes, markdown_escaped, short_list
from generator.diff.git import GitError, data_at
from generator.diff.snapshot import read_snapshot, snapshot
from generator.problems import Report

USAGE = ("укажите две папки (transparency diff СТАРЫЕ_ДАННЫЕ НОВЫЕ_ДАННЫЕ) или коммит, с которым сравнить "
         "папку данных (transparency diff --against HEAD --data data)")


def figures_of(folder: Path) -> tuple[dict | None, Report]:
    """The table of the site the folder's data would make, with the data's report; no table when the
    data has errors. A built site's folder (it carries FIGURES_FILE) gives the table it was built from."""
    from generator.build import check
    from generator.compute import compute

    if (folder / FIGURES_FILE).is_file() and not (folder / "site.yaml").exists():
        return read_snapshot(folder / FIGURES_FILE), Report()
    report, dataset = check(folder.resolve())
    if dataset is None or not report.ok:
        return None, report
    return snapshot(dataset, compute(dataset), report.warnings), report


def run_diff(args) -> int:
    folders = list(args.folders)
    if args.against is not None:
        if folders:
            return _refused(f"с --against папки не перечисляются: новые данные — папка --data ({args.data}); {USAGE}")
        with tempfile.TemporaryDirectory(prefix="transparency-diff-") as temporary:
            try:
                old = data_at(args.against, args.data, Path(temporary))
            except GitError as error:
                return _refused(str(error))
            return compare(old, args.data, args.format, f"{args.data} в коммите «{args.against}»")
    if len(folders) != 2:
        return _refused(USAGE)
    return compare(folders[0], folders[1], args.format, str(folders[0]))


def _site_of_another_version(folder: Path) -> bool:
    """A built site (its figures file, no site.yaml) whose figures file this version cannot read."""
    built = (folder / FIGURES_FILE).is_file() and not (folder / "site.yaml").exists()
    return built and read_snapshot(folder / FIGURES_FILE) is None


def _refused(message: str) -> int:
    print(f"transparency diff: {message}", file=sys.stderr)
    return 2


def compare(old_dir: Path, new_dir: Path, form: str, old_name: str) -> int:
    for folder in (old_dir, new_dir):
        if _site_of_another_version(folder):
            return _refused(f"сайт в {folder} собран другой версией генератора, его показатели не прочитать: "
                            "сравните с папкой данных, из которой он собран, или соберите его заново")
    new, new_report = figures_of(new_dir)
    if new is None:
        print(_errors(new_report, f"В новых данных ({new_dir}) есть ошибки: сайт из них не собрать, сравнивать "
                                  f"нечего. Исправьте их (transparency check --data {new_dir}):", form))
        return 1
    old, old_report = figures_of(old_dir)
    if old is None:
        count = text_ru.agree(len(old_report.errors), "ошибка") if old_report.errors else "ошибки"
        note = (f"В прежних данных ({old_name}) {count}: сайт из них не собрался бы, сравнивать показатели "
                f"не с чем. В новых данных ошибок нет.")
        print(f"**{note}**" if form == "markdown" else note)
        return 0
    lines = changes(old, new)
    print(as_markdown(lines) if form == "markdown" else as_text(lines))
    return 0


def _errors(report: Report, title: str, form: str) -> str:
    problems = [p.as_text() for p in report.sorted() if p.severity == "error"]
    if form != "markdown":
        return "\n".join([title, *problems])
    return "\n".join([f"**{title}**", "", *(f"- {markdown_escaped(p)}" for p in problems)])


# ---- the end of `transparency build` --------------------------------------------------------

def published_figures(out_dir: Path) -> dict | None:
    """The table of the site in out_dir, read before the build replaces it; None: no site, or one
    built before sites carried it."""
    return read_snapshot(Path(out_dir) / FIGURES_FILE)


def closing_list(previous: dict | None, prepared, out_dir: Path, data_dir: Path) -> str:
    """What the build changed on the site, at most ten lines; empty when there was no table to compare
    with, or when nothing was built (nothing had changed)."""
    if previous is None or prepared.unchanged:
        return ""
    # the table the build has just put into the site (a second of work at 400 organs), else made again
    new = published_figures(out_dir) or snapshot(prepared.dataset, prepared.results, prepared.report.warnings)
    lines = changes(previous, new)
    if not lines:
        return "Показатели, места и предупреждения на сайте не изменились."
    more = f"полный список до сборки: transparency diff --against HEAD --data {data_dir}"
    return "\n".join(["Что изменилось на сайте:", *short_list(lines, more)])
