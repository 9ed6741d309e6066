"""The temporary folder of a build and the swap that puts its result in place of the output.

- the new folder is made in a folder beside the output with a unique name
  (`.<name>-new-XXXXXXXX`, locked while the build runs), so two builds at once cannot cross;
- on Linux the new and the published folder trade places in one step (renameat2 with
  RENAME_EXCHANGE), so there is no moment without a site; where the system cannot do that, the
  old site is moved into the build's folder and the new one renamed into place (two renames);
- the old site is removed only with the build's folder; a failure between the two renames puts
  it back, and the leftovers of a killed build are cleaned (the old site put back first) at the
  start of the next run.
"""
from __future__ import annotations

import ctypes
import errno
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from generator.problems import Report
from generator.publish.folder import PublishError, foreign_folder_problem, replaceable

# Written into the temporary folder of a running build; only folders carrying it are cleaned.
WORK_MARKER = ".transparency-build"
MARKER_TEXT = "Временная папка сборки сайта; удаляется по окончании сборки или при следующей сборке.\n"
# tempfile.mkdtemp appends 8 characters of this alphabet to the prefix.
WORK_SUFFIX = "[a-z0-9_]{8}"
# What renameat2 answers where the system or the file system cannot exchange two folders.
EXCHANGE_UNSUPPORTED = {errno.EINVAL, errno.ENOSYS, errno.EXDEV, errno.ENOTSUP, errno.EOPNOTSUPP}


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


# --- the swap -------------------------------------------------------------------------------

def swap_in(built: Path, out_dir: Path, workdir: Path) -> None:
    """Replace out_dir by built. The old site ends up inside workdir and goes with it. Another
    build may swap its site in meanwhile: the last build's site stays, never a mix of two."""
    for attempt in range(3):
        if out_dir.is_dir():
            check_still_ours(out_dir)  # files may have been put into it while the site was built
            try:
                exchange(built, out_dir)
                return  # built now holds the old site, removed with workdir
            except FileNotFoundError:  # another build set the published site aside just now
                pass
            except OSError as error:
                if error.errno not in EXCHANGE_UNSUPPORTED:
                    raise
        try:
            swap_by_renames(built, out_dir, workdir / f"old-{attempt}")
            return
        except OSError as error:
            if error.errno not in (errno.EEXIST, errno.ENOTEMPTY) or attempt == 2:
                raise


def swap_by_renames(built: Path, out_dir: Path, old: Path) -> None:
    """Where folders cannot be exchanged: the old site is set aside, then the new one renamed
    into place; the output is missing for the moment between the two renames."""
    set_aside = move_old_site(out_dir, old)
    try:
        built.rename(out_dir)
    except OSError:
        if set_aside:
            try:
                old.rename(out_dir)
            except OSError:
                pass  # discard() puts it back, or keeps it and the report says where
        raise


def move_old_site(out_dir: Path, old: Path) -> bool:
    """Sets the published site aside into the build's folder."""
    if not out_dir.is_dir():
        return False
    check_still_ours(out_dir)
    try:
        out_dir.rename(old)
    except FileNotFoundError:  # another build set it aside in the meantime
        return False
    return True


def check_still_ours(out_dir: Path) -> None:
    """The output is checked once more right before it is replaced, not only at the start."""
    if not replaceable(out_dir):
        report = Report()
        code, message = foreign_folder_problem(out_dir, out_dir)
        report.add(str(out_dir), None, None, code, message)
        raise PublishError(report)


def _renameat2():
    """glibc's renameat2 (2.28 and later), or None on other systems."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return None
    function.argtypes = (ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint)
    function.restype = ctypes.c_int
    return function


_RENAMEAT2 = _renameat2()
AT_FDCWD = -100
RENAME_EXCHANGE = 2


def exchange(first: Path, second: Path) -> None:
    """The two folders trade names in one step; OSError(ENOSYS) where the system has no renameat2."""
    if _RENAMEAT2 is None:
        raise OSError(errno.ENOSYS, "renameat2 is not available", str(first))
    if _RENAMEAT2(AT_FDCWD, os.fsencode(first), AT_FDCWD, os.fsencode(second), RENAME_EXCHANGE) != 0:
        code = ctypes.get_errno()
        raise OSError(code, os.strerror(code), str(first), None, str(second))


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
