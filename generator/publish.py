"""Stage 5: mkdocs builds the site into a temporary folder, which then replaces out_dir.

Never destroy anything:
- the output folder is refused (as problem records, together with the data checks) when it
  is, holds or lies inside the data folder, is a system folder, is a file, or holds files this
  generator did not write; only an empty folder or one carrying SITE_STAMP is replaced;
- the new site is built in a folder beside the output with a unique name
  (`.<name>-new-XXXXXXXX`, locked while the build runs), so two builds at once cannot cross;
- the old site is moved into that folder and removed only after the new one is in place; a
  failure in between puts it back, and the leftovers of a killed build are cleaned (the old
  site put back first) at the start of the next run;
- a failure to write (no rights, full disk, file-size limit) is a Russian error, not a traceback.
"""
from __future__ import annotations

import errno
import logging
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, TYPE_CHECKING

from generator import PROJECT_ROOT
from generator.problems import InputError, Report
from generator.resources import MKDOCS_CONFIG

if TYPE_CHECKING:  # rendering is not needed to check or replace the output folder
    from generator.render import SiteBundle

CONFIG_FILE = MKDOCS_CONFIG

# Written into every site this generator builds: a folder carrying it may be replaced.
SITE_STAMP = ".transparency-site"
STAMP_TEXT = ("Этот сайт собран генератором сайта мониторинга качества муниципальных услуг (transparency).\n"
              "Сборка заменяет папку сайта, только если в ней есть этот файл или она пуста.\n")
# Written into the temporary folder of a running build; only folders carrying it are cleaned.
WORK_MARKER = ".transparency-build"
MARKER_TEXT = "Временная папка сборки сайта; удаляется по окончании сборки или при следующей сборке.\n"
# tempfile.mkdtemp appends 8 characters of this alphabet to the prefix.
WORK_SUFFIX = "[a-z0-9_]{8}"


class PublishError(InputError):
    """Writing the site failed or the output folder may not be replaced; carries a Russian report.

    site_kept is False only when the old site could not be put back in place (the report says
    where it is)."""

    def __init__(self, report: Report, site_kept: bool = True):
        super().__init__(report)
        self.site_kept = site_kept


def publish(bundle: SiteBundle, out_dir: Path) -> None:
    out_dir = Path(os.path.abspath(out_dir))
    workdir = None
    try:
        out_dir = out_dir.resolve()
        out_dir.parent.mkdir(parents=True, exist_ok=True)
        remove_leftovers(out_dir)
        with work_folder(out_dir) as workdir:
            built = workdir / "site"
            build_with_mkdocs(bundle, built)
            stamp(built)
            swap_in(built, out_dir, workdir)
    except OSError as error:
        # discard() has put the old site back, unless it had to keep it in workdir
        kept_aside = sorted(workdir.glob("old-*")) if workdir is not None else []
        raise PublishError(write_failure(error, out_dir, kept_aside), site_kept=not kept_aside) from error


def build_with_mkdocs(bundle: SiteBundle, site_dir: Path) -> None:
    from mkdocs.commands.build import build as mkdocs_build  # imported here: `check` needs no mkdocs
    from mkdocs.config import load_config

    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    config = load_config(str(CONFIG_FILE), site_dir=str(site_dir), strict=True)
    config.plugins["transparency"].bundle = bundle
    config.plugins.on_startup(command="build", dirty=False)
    try:
        mkdocs_build(config)
    finally:
        config.plugins.on_shutdown()


def stamp(site_dir: Path) -> None:
    (site_dir / SITE_STAMP).write_text(STAMP_TEXT, encoding="utf-8")


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


# --- the temporary folder and the swap ----------------------------------------------------

def work_prefix(out_dir: Path) -> str:
    return f".{out_dir.name}-new-"


def work_folders(out_dir: Path) -> Iterator[Path]:
    """The temporary folders of builds into out_dir (running or killed): named by mkdtemp with
    our prefix and carrying our marker; nothing else beside the output is ever touched."""
    pattern = re.compile(re.escape(work_prefix(out_dir)) + WORK_SUFFIX)
    if not out_dir.parent.is_dir():
        return
    for entry in out_dir.parent.iterdir():
        if (pattern.fullmatch(entry.name) and entry.is_dir() and not entry.is_symlink()
                and (entry / WORK_MARKER).is_file()):
            yield entry


@contextmanager
def work_folder(out_dir: Path) -> Iterator[Path]:
    """A uniquely named folder beside out_dir, locked for as long as this build runs."""
    workdir = Path(tempfile.mkdtemp(prefix=work_prefix(out_dir), dir=out_dir.parent))
    try:
        with open(workdir / WORK_MARKER, "x", encoding="utf-8") as marker:
            lock(marker, wait=True)
            marker.write(MARKER_TEXT)
            marker.flush()
            yield workdir
    finally:
        discard(workdir, out_dir)


def recover_output_folder(out_dir: Path) -> None:
    """Run first by every build, even one whose data has errors: a killed build may have left the
    published site set aside, and the web server shows nothing until it is put back. A failure
    here is left for publish() to report."""
    try:
        remove_leftovers(Path(os.path.abspath(out_dir)).resolve())
    except (OSError, RuntimeError, ValueError):
        pass


def remove_leftovers(out_dir: Path) -> None:
    """The temporary folders of killed builds; a running build holds its lock and is left alone."""
    for workdir in list(work_folders(out_dir)):
        try:
            with open(workdir / WORK_MARKER, encoding="utf-8") as marker:
                # an unlocked marker without its text belongs to a build that is just starting
                if not lock(marker, wait=False) or marker.read() != MARKER_TEXT:
                    continue
        except OSError:
            continue
        discard(workdir, out_dir)


def discard(workdir: Path, out_dir: Path) -> None:
    """Removes a temporary folder; an old site set aside in it is first put back when the output
    is missing (the build died between the two renames), and kept if that fails."""
    old_sites = sorted(workdir.glob("old-*"))
    if old_sites and not out_dir.exists():
        try:
            old_sites[0].rename(out_dir)
        except OSError:
            if not out_dir.exists():
                return  # keep it: the old site is all there is
            # another build put its site in place meanwhile: the old one is no longer needed
    shutil.rmtree(workdir, ignore_errors=True)


def swap_in(built: Path, out_dir: Path, workdir: Path) -> None:
    """Replace out_dir by built with two renames; the old site is removed only afterwards, with
    workdir. Another build may swap its site in between: then its site is set aside as well, and
    the last build's site stays, never a mix of two."""
    for attempt in range(3):
        old = workdir / f"old-{attempt}"
        set_aside = move_old_site(out_dir, old)
        try:
            built.rename(out_dir)
            return
        except OSError as error:
            if set_aside:
                try:
                    old.rename(out_dir)
                except OSError:
                    pass  # discard() puts it back, or keeps it and the report says where
            if error.errno not in (errno.EEXIST, errno.ENOTEMPTY) or attempt == 2:
                raise


def move_old_site(out_dir: Path, old: Path) -> bool:
    """Sets the published site aside into the build's folder; checked once more right before,
    since files may have been put into the output folder while the site was being built."""
    if not out_dir.is_dir():
        return False
    if not replaceable(out_dir):
        report = Report()
        code, message = foreign_folder_problem(out_dir, out_dir)
        report.add(str(out_dir), None, None, code, message)
        raise PublishError(report)
    try:
        out_dir.rename(old)
    except FileNotFoundError:  # another build set it aside in the meantime
        return False
    return True


def lock(handle: IO[str], wait: bool) -> bool:
    """An exclusive lock on an open file, released by the OS when the process ends however it
    ends: this is what tells a killed build's folder from a running one."""
    try:
        import fcntl
    except ImportError:  # Windows
        import msvcrt

        try:
            msvcrt.locking(handle.fileno(), msvcrt.LK_LOCK if wait else msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
    except OSError:
        return False
    return True


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
