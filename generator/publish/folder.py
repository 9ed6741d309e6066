"""The output folder: may the site be written there, and what to say when writing fails.

Checked before anything is written (with the data checks) and once more right before the swap:
only an empty folder or one carrying SITE_STAMP is ever replaced.
"""
from __future__ import annotations

import errno
import os
from pathlib import Path

from generator import PROJECT_ROOT
from generator.problems import InputError, Report

# Written into every site (and exported project) this generator builds: a folder carrying it may be replaced.
SITE_STAMP = ".transparency-site"
STAMP_TEXT = ("Этот сайт собран генератором сайта мониторинга качества муниципальных услуг (transparency).\n"
              "Сборка заменяет папку сайта, только если в ней есть этот файл или она пуста.\n")


class PublishError(InputError):
    """Writing the site failed or the output folder may not be replaced; carries a Russian report.

    site_kept is False only when the old site could not be put back in place (the report says
    where it is)."""

    def __init__(self, report: Report, site_kept: bool = True):
        super().__init__(report)
        self.site_kept = site_kept


# --- the output folder, checked before anything is written ---------------------------------

def check_output_folder(out_dir: Path, data_dir: Path, report: Report) -> None:
    """Adds at most one error: why the site may not be written to out_dir."""
    shown = str(out_dir)
    try:
        out_real = Path(os.path.realpath(out_dir))
        data_real = Path(os.path.realpath(data_dir))
    except (OSError, RuntimeError, ValueError) as error:  # a symlink loop, a NUL in the name
        report.add(shown, None, None, "output-path-invalid",
                   f"путь к папке сайта не разбирается ({error}): укажите в --out обычную папку, например site.")
        return
    for check in (system_folder_problem, data_folder_problem, file_in_the_way_problem,
                  foreign_folder_problem, not_writable_problem):
        problem = check(out_real, data_real)
        if problem:
            code, message = problem
            report.add(shown, None, None, code, message)
            return


def system_folder_problem(out: Path, data: Path) -> tuple[str, str] | None:
    """The root, the home folder (and the folders above it) and the generator's own folder are
    never replaced, even when empty of data: replacing them would wipe a whole computer's files."""
    protected = {parent: "папка, в которой лежит генератор" for parent in PROJECT_ROOT.parents}
    try:
        home = Path.home().resolve()
        protected.update({parent: "папка, в которой лежат домашние папки" for parent in home.parents})
        protected[home] = "домашняя папка"
    except (RuntimeError, KeyError, OSError):  # no home known: nothing to protect there
        pass
    protected[PROJECT_ROOT] = "папка самого генератора"
    protected[Path(out.anchor)] = "корень файловой системы"  # the most telling name wins: set last
    what = protected.get(out)
    if what is None:
        return None
    return ("output-is-system-folder",
            f"папка для сайта {out} — {what}: сборка заменила бы её целиком. "
            "Укажите в --out отдельную папку для сайта, например site.")


def data_folder_problem(out: Path, data: Path) -> tuple[str, str] | None:
    """Paths compared after resolving symlinks, and folders by their identity on disk too, so a
    link, a bind mount or another spelling of the data folder (Data on a case-blind disk) is caught."""
    data_id, out_id = identity(data), identity(out)
    if out == data or (data_id is not None and data_id == out_id):
        return ("output-is-data-folder",
                f"папка для сайта совпадает с папкой данных {data}: сборка стёрла бы данные. "
                "Укажите в --out другую папку, например site рядом с папкой данных.")
    if data in out.parents or (data_id is not None and data_id in map(identity, out.parents)):
        return ("output-inside-data-folder",
                f"папка для сайта {out} находится внутри папки данных {data}: сайт смешался бы с данными. "
                "Укажите в --out папку вне папки данных, например site рядом с ней.")
    if out in data.parents or (out_id is not None and out_id in map(identity, data.parents)):
        return ("output-contains-data-folder",
                f"папка для сайта {out} содержит папку данных {data}: сборка стёрла бы её вместе с данными. "
                "Укажите в --out отдельную папку, например site рядом с папкой данных.")
    return None


def identity(path: Path) -> tuple[int, int] | None:
    """The device and inode of an existing folder; None when there is nothing there."""
    try:
        status = os.stat(path)
    except (OSError, ValueError):
        return None
    return status.st_dev, status.st_ino


def file_in_the_way_problem(out: Path, data: Path) -> tuple[str, str] | None:
    blocker = next((p for p in (out, *out.parents) if p.exists() and not p.is_dir()), None)
    if blocker is None:
        return None
    where = "по пути к папке для сайта" if blocker != out else "вместо папки для сайта"
    return ("output-is-a-file",
            f"{where} находится файл {blocker}, а не папка: сайт не собирается поверх файлов. "
            "Переименуйте или уберите этот файл либо укажите в --out другую папку.")


def foreign_folder_problem(out: Path, data: Path) -> tuple[str, str] | None:
    if not out.is_dir() or replaceable(out):
        return None
    try:
        names = sorted(entry.name for entry in out.iterdir())
    except OSError as error:
        return ("output-not-readable",
                f"папку для сайта {out} не прочитать ({error.strerror}): не видно, можно ли её заменить. "
                "Дайте права на чтение этой папки или укажите в --out другую.")
    shown = ", ".join(names[:3]) + (" …" if len(names) > 3 else "")
    return ("output-folder-foreign",
            f"папка для сайта {out} не пуста и собрана не этим генератором (в ней нет файла {SITE_STAMP}; "
            f"в ней есть: {shown}): сборка удалила бы её содержимое. Укажите в --out новую или пустую папку; "
            "если в этой папке только старый сайт, удалите её вручную.")


def not_writable_problem(out: Path, data: Path) -> tuple[str, str] | None:
    """Replacing a folder renames it, which needs the right to write into it and into its parent."""
    existing = next(p for p in (out, *out.parents) if p.exists())
    folders = [out, out.parent] if existing == out else [existing]
    locked = next((folder for folder in folders if not os.access(folder, os.W_OK | os.X_OK)), None)
    if locked is None:
        return None
    return ("output-not-writable",
            f"нет прав на запись в папку {locked}: сайт туда не записать. "
            "Дайте права на запись в эту папку или укажите в --out другую.")


def replaceable(folder: Path) -> bool:
    """An empty folder or a site this generator built (it carries the stamp)."""
    marker = folder / SITE_STAMP
    try:
        return (marker.is_file() and not marker.is_symlink()) or not any(folder.iterdir())
    except OSError:  # cannot be listed: cannot be known to be ours
        return False


# --- failures while writing -----------------------------------------------------------------

NO_SPACE = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}
NO_RIGHTS = {errno.EACCES, errno.EPERM, errno.EROFS}


def write_failure(error: OSError, out_dir: Path, kept_aside: list[Path]) -> Report:
    # a failed copy names its source first and the file being written second
    written = error.filename2 or error.filename
    where = f" (файл {written})" if written else ""
    if error.errno in NO_SPACE:
        code, what = "output-disk-full", f"при записи сайта на диске кончилось место{where}: освободите место"
    elif error.errno == errno.EFBIG:
        code, what = ("output-file-too-large",
                      f"при записи сайта файл превысил разрешённый размер{where}; это ограничение ulimit -f "
                      "или файловой системы: снимите его")
    elif error.errno in NO_RIGHTS:
        code, what = ("output-not-writable",
                      f"при записи сайта не хватило прав{where}: дайте права на запись в папку сайта и папку "
                      "над ней или укажите в --out другую папку")
    else:
        name = errno.errorcode.get(error.errno, "") if error.errno else ""
        code, what = ("output-write-failed",
                      f"при записи сайта произошла ошибка системы {name or type(error).__name__}{where}: "
                      "устраните её")
    if kept_aside:
        outcome = (f"и соберите сайт снова; прежний сайт сохранён в {kept_aside[0]}: "
                   f"переименуйте эту папку обратно в {out_dir}.")
    else:
        outcome = f"и соберите сайт снова; папка {out_dir} осталась как была."
    report = Report()
    report.add(str(out_dir), None, None, code, f"{what} {outcome}")
    return report
