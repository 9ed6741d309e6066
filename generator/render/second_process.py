"""The organs' pages of a large site rendered in two processes: a forked copy of the renderer renders
a share of them while this one renders the rest of the site, and hands back what the bundle keeps.

Only when it cannot change the output or slow a build down:
- the pages are written as they are rendered (SiteBundle.writer): the copy writes its own pages into
  the same docs/ and hands back their names and hashes, not their text;
- its charts are only recorded (path and spec, in order) and handed to this process's drawing when
  it is joined, so it is used only when the charts so far were mostly cached (Drawing.mostly_cached)
  and no drawing process has been started (a process with threads is never forked);
- the pages do not depend on one another: nothing of the renderer is read back but the bundle's
  names, hashes, chart count, count of pages taken from the render cache (render/reuse.py: the copy
  reads and writes its records itself) and kept specs (each file is written by its name: the order they are
  merged in changes nothing; tests/test_second_process.py builds both ways and compares the bytes).
"""
from __future__ import annotations

import gc
import os
import pickle
import signal
import sys
import traceback
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from generator.chart_png import PNG_SCALE
from generator.resources import worker_count

if TYPE_CHECKING:
    from generator.render.site import SiteRenderer

# Fewer organs than this are rendered in one process: forking and merging cost about as much.
MIN_ORGANS = 40
# The copy renders three organs of every four: this process renders the rest of the site meanwhile.
SHARE = 4


class _Recorder:
    """Stands for the drawing in the copy: the charts, in the order they were added."""

    def __init__(self):
        self.added: list[tuple[str, dict, float]] = []  # (path, spec, the largest scale of its PNG)

    def add(self, path: str, spec: dict, largest: float = PNG_SCALE) -> None:
        self.added.append((path, spec, largest))


def possible(site: SiteRenderer, count: int) -> bool:
    return (site.bundle.writer is not None and count >= MIN_ORGANS and worker_count() > 1
            and hasattr(os, "fork") and sys.platform.startswith("linux") and site.drawing.mostly_cached)


@contextmanager
def in_two(site: SiteRenderer, items: list, render_one: Callable[[object], None]) -> Iterator[None]:
    """Renders every item (render_one), part in a forked copy when `possible`, then the body of the
    `with` in this process; the copy's part is joined into the bundle at its end (on a failure, the
    copy is stopped)."""
    if not possible(site, len(items)):
        for item in items:
            render_one(item)
        yield
        return
    theirs = [item for i, item in enumerate(items) if i % SHARE]
    reader, writer = os.pipe()
    held = gc.get_freeze_count() > 0  # by the build until it ends (collector.held_out_of_collections): kept so
    gc.freeze()  # the copy's collections leave the objects it shares with this process untouched (not copied)
    pid = os.fork()
    if pid == 0:  # the copy: never returns
        os.close(reader)
        _render_share(site, theirs, render_one, writer)
    if not held:
        gc.unfreeze()
    os.close(writer)
    files, site.bundle.files = site.bundle.files, _WriteOnly()
    try:
        for i, item in enumerate(items):
            if not i % SHARE:
                render_one(item)
        yield
    except BaseException:
        _stop(pid, reader)
        raise
    finally:
        site.bundle.files = {**files, **site.bundle.files.written}
    _merge(site, _received(pid, reader))


class _WriteOnly(dict):
    """The bundle's files while the copy renders its share: a page that looked at them (which pages
    exist) would miss the copy's, so looking fails loudly instead."""

    def __init__(self):
        super().__init__()
        self.written: dict = {}

    def __setitem__(self, path, content) -> None:
        self.written[path] = content

    def _refused(self, *_, **__):
        raise RuntimeError("bundle.files read while the organs' pages are rendered in a second process: "
                           "render this page after them (SiteRenderer.all_pages)")

    __getitem__ = __contains__ = __iter__ = __len__ = get = keys = values = items = _refused
    setdefault = update = pop = _refused


def _render_share(site: SiteRenderer, items: Iterable, render_one, writer: int) -> None:
    bundle = site.bundle
    code = 0
    try:
        site.drawing = _Recorder()
        bundle.files, bundle.digests, bundle.charts, bundle.reused, site.specs = {}, {}, 0, [], {}
        for item in items:
            render_one(item)
        payload = ("ok", list(bundle.files), bundle.digests, bundle.charts, bundle.reused, site.specs,
                   site.drawing.added)
    except BaseException:  # noqa: BLE001 — said by the build's process
        payload, code = ("failed", traceback.format_exc()), 1
    try:
        with os.fdopen(writer, "wb") as pipe:
            pickle.dump(payload, pipe, protocol=pickle.HIGHEST_PROTOCOL)
    finally:
        os._exit(code)  # nothing of the parent's (its exit handlers, its pools) runs here


def _received(pid: int, reader: int) -> tuple:
    try:
        with os.fdopen(reader, "rb") as pipe:
            payload = pickle.load(pipe)
    except (EOFError, pickle.UnpicklingError) as error:
        payload = ("failed", f"the second page process ended without its result ({error!r})")
    finally:
        os.waitpid(pid, 0)
    if payload[0] != "ok":
        raise RuntimeError(f"the second page process failed:\n{payload[1]}")
    return payload[1:]


def _merge(site: SiteRenderer, received: tuple) -> None:
    files, digests, charts, reused, specs, added = received
    bundle = site.bundle
    for path in files:
        bundle.files.setdefault(path, "")
    bundle.digests.update(digests)
    bundle.charts += charts
    bundle.reused += reused
    site.specs.update(specs)
    for path, spec, largest in added:
        site.drawing.add(path, spec, largest)


def _stop(pid: int, reader: int) -> None:
    """This process failed first: the copy is ended and waited for."""
    try:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    except OSError:
        pass
    os.close(reader)
