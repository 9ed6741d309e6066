"""Folders made once per test run, however many pytest-xdist workers run it (no generator imports:
conftest uses this before any test runs)."""
from __future__ import annotations

import fcntl
import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path


def run_folder(tmp_path_factory) -> Path:
    """A temporary folder of this test run that every pytest-xdist worker shares (with one process,
    the run's own temporary folder): what one worker builds, the others reuse."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@contextmanager
def locked(path: Path, wait: bool = True) -> Iterator[bool]:
    """Held by one process of the run at a time (an advisory lock on `path`); without `wait`, yields
    False at once when another process holds it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def made_once(folder: Path, make: Callable[[Path], None], wait: bool = True) -> Path | None:
    """`folder`, made by `make(folder)` by whichever worker of the run gets there first; the others wait
    for it and reuse it (without `wait`: None while another worker is making it). A failed `make` leaves
    no half-made folder behind to be reused."""
    done = folder.with_name(folder.name + ".done")
    with locked(folder.with_name(folder.name + ".lock"), wait) as mine:
        if not mine:
            return None
        if not done.exists():
            shutil.rmtree(folder, ignore_errors=True)
            make(folder)
            done.touch()
    return folder
