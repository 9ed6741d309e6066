"""Pages taken from the render cache instead of rendered again, when nothing they read has changed.

A page kind that can be reused declares what it reads of the results (`Reads`: assessments, periods'
counts of ranked subjects, whole periods), in the units generator/digests.py digests after compute;
everything else a page sees is in the site digest. Rendering such a page records what it did to the
site (`Journal`): its Markdown, the files and charts it added, the share pictures it drew or pointed
to. That record is kept in the render cache (`pages/` beside the charts, one file per page holding its
key: the page, the site digest and the digests of what it declared). The next build finds the same
key and replays the record — the same calls on the bundle, the drawing and the pictures, in the same
order — instead of rendering; the charts come from the chart cache as before. When the pages are written
into the build's own project (publish/project.py BuildWriter), the page as written there, titled, is
kept beside its record (a hard link, `<record>-<sha256>.md`) and a replay links it back instead of
titling and writing the page again, as long as the nav gives it the same title. A share picture another
page owns (the period's, on an organ's page of an earlier period) is recorded by its name only: the
record is replayed only once that page has drawn it (the ratings come first: SiteRenderer.all_pages).

The kinds declared (any other page is rendered every time):
- an organ's overview: every period of the organ (its verdict, table, trend, badge and share picture)
  and how many got a place in the latest period (its verdict's «6 из 13»);
- a Kaluga organ's page of a period: the organ's assessments up to that period (the page, its
  history, the change, the trend) and how many organs got a place in it («место … среди 13»);
- a period's rating (the shared one: the base `rating_page` and template) and comparison: every
  period up to it, whole (a subject's previous period, the municipal figures, places and changes).

The digests cover values, not who computed them: a declaration must name every unit the page's builder
and templates read (through `site.results`, the assessments handed in, the renderer's memos), and a
new read in a template or a builder needs its declaration extended. TRANSPARENCY_RENDER_CHECK=1
renders every page anyway and fails (StaleEntry) when a page whose record was found renders
differently: how a read the declaration misses is caught (tests/test_incremental.py changes one number
of each kind and builds so).
"""
from __future__ import annotations

import base64
import dataclasses
import hashlib
import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from generator.chart_png import PNG_SCALE
from generator.charts import write_atomically
from generator.digests import Digests, combined

if TYPE_CHECKING:
    from generator.render.site import SiteRenderer

CHECK_VARIABLE = "TRANSPARENCY_RENDER_CHECK"
FOLDER = "pages"  # inside the chart cache folder
FORMAT = 3  # of a record; a record of another format is not read (3: a chart with the period it belongs to)


class StaleEntry(RuntimeError):
    """With TRANSPARENCY_RENDER_CHECK=1: a page rendered otherwise than its record says, though nothing
    it declared it reads has changed: its declaration (Reads) misses something it reads."""


@dataclass(frozen=True)
class Reads:
    """What a page reads of the results besides what every page sees."""

    assessments: tuple[tuple[str, str, str | None], ...] = ()  # (period, organ id, service id)
    ranked: tuple[str, ...] = ()  # periods whose ranked subjects it counts (by sector)
    periods: tuple[str, ...] = ()  # periods read whole

    def digest(self, digests: Digests) -> str | None:
        parts = ([digests.assessments.get(unit) for unit in self.assessments]
                 + [digests.ranked.get(name) for name in self.ranked]
                 + [digests.periods.get(name) for name in self.periods])
        return combined(json.dumps(dataclasses.astuple(self)), *parts)

    def covers_picture(self, path: str) -> bool:
        """Whether the share picture `path` says only what this page reads: then its record may draw
        it; another page's picture must have been drawn by that page already (render/pictures.py)."""
        parts = path.removesuffix(".png").split("/")
        if parts[:2] == ["share", "rating"] and len(parts) == 3:  # the period's municipal headline
            return parts[2] in self.periods
        if parts[:2] == ["share", "organs"] and len(parts) == 4:  # the organ's headline in the period
            return parts[3] in self.periods or (parts[3], parts[2], None) in self.assessments
        return False


# ---- what each page kind reads --------------------------------------------------------------------

def overview_reads(history: list) -> Reads:
    """organs/<id>/index.md (SiteRenderer.organ_overview): the organ in every period, and how many got a
    place in the latest («6 из 13» in its verdict)."""
    return Reads(assessments=tuple((a.period.name, a.organization.id, a.service_id) for a in history),
                 ranked=(history[-1].period.name,) if history else ())


def organ_reads(site: SiteRenderer, method, organ) -> Reads | None:
    """The organ's page of a period, for the methodologies whose organ page is declared (exactly them:
    a subclass may render it otherwise)."""
    from generator.methods.kaluga import Kaluga

    if type(method) is not Kaluga:
        return None
    history = [a for a in site.results.history(organ.organization.id) if a.period <= organ.period]
    return Reads(assessments=tuple((a.period.name, a.organization.id, None) for a in history),
                 ranked=(organ.period.name,))


def rating_reads(site: SiteRenderer, method, period) -> Reads | None:
    """rating/<period>.md when it is the shared rating (Methodology.rating_page → generic_rating with
    pages/rating.md.j2): everything up to the period."""
    from generator.methods.base import Methodology

    if type(method).rating_page is not Methodology.rating_page or method.template("rating") != "pages/rating.md.j2":
        return None
    return up_to(site, period)


def up_to(site: SiteRenderer, period) -> Reads:
    """Every period up to `period`, whole (compare/<period>.md reads these too: render/compare.py)."""
    return Reads(periods=tuple(p.name for p in site.periods if p <= period))


# ---- the cache ---------------------------------------------------------------------------------

def records_folder(cache_dir: Path, data_root: Path) -> Path:
    """Where the records of the pages built from `data_root` are: each data folder its own (the same
    page of two municipalities is two pages)."""
    root = str(Path(data_root).resolve())
    return Path(cache_dir) / FOLDER / hashlib.sha256(root.encode()).hexdigest()[:16]


class Reuse:
    """The render cache of one build (SiteRenderer.reuse); without digests or a cache folder every page
    is rendered."""

    def __init__(self, site: SiteRenderer, digests: Digests | None, cache_dir: Path | None):
        self.site, self.digests = site, digests
        self.folder = records_folder(cache_dir, site.dataset.root) if digests is not None and cache_dir else None
        self.check = os.environ.get(CHECK_VARIABLE, "").strip() == "1"

    def page(self, path: str, reads: Reads | None, render: Callable[[], None]) -> None:
        """The page `path` (with what it adds to the site) from its record if its key is unchanged, else
        rendered by `render` and recorded."""
        key = self.key(path, reads)
        if key is None:
            render()
            return
        record, kept = self.read(path, key)
        if record is not None and not self.check and self.replay(path, record, kept):
            return
        with Journal(self.site, reads) as journal:
            render()
        if not journal.complete:
            return
        try:
            text = json.dumps(journal.events, ensure_ascii=False)
        except (TypeError, ValueError):  # something JSON cannot hold: rendered every time
            return
        kept_now = self.keep(path, journal.events)
        if record is not None:
            events = json.loads(text)  # as a record holds them (lists for tuples)
            if record == events and kept == kept_now:
                return
            if self.check and record != events:
                raise StaleEntry(f"{path}: rendered otherwise than its record though nothing it declares it reads "
                                 f"changed; its Reads miss something it reads. First difference: "
                                 f"{_first_difference(record, events)}")
        self.write(path, key, text, kept_now)
        stem = self.file(path).stem
        for name in _kept_files(kept, stem) - _kept_files(kept_now, stem):  # the page as it was: not read again
            (self.folder / name).unlink(missing_ok=True)

    def key(self, path: str, reads: Reads | None) -> str | None:
        if reads is None or self.folder is None:
            return None
        return combined(self.digests.site, hashlib.sha256(path.encode()).hexdigest(), reads.digest(self.digests))

    def file(self, path: str) -> Path:
        return self.folder / f"{hashlib.sha256(path.encode()).hexdigest()[:40]}.json"

    def read(self, path: str, key: str) -> tuple[list | None, dict]:
        """The record's events (None: no record of this key), and the pages it kept (page → file, title,
        sha256; also of a record of another key: they go when the page is recorded anew)."""
        try:
            with open(self.file(path), encoding="utf-8") as file:
                head = json.loads(file.readline())
                if head.get("format") != FORMAT or head.get("page") != path:
                    return None, {}
                line = file.readline()
                events = json.loads(line) if head.get("key") == key else None
                kept = json.loads(file.readline() or "{}")
                return events, kept if isinstance(kept, dict) else {}
        except (OSError, ValueError, UnicodeDecodeError, AttributeError):
            return None, {}

    def write(self, path: str, key: str, events: str, kept: dict) -> None:
        head = json.dumps({"format": FORMAT, "key": key, "page": path}, ensure_ascii=False)
        lines = [head, events, json.dumps(kept, ensure_ascii=False)]
        try:
            write_atomically(self.file(path), "\n".join(lines).encode("utf-8"))
        except OSError:  # a cache that cannot be written costs the next build time, not this one
            pass

    def keep(self, path: str, events: list) -> dict:
        """The pages of the record as the writer wrote them into the build's own project, each kept beside
        the record (BuildWriter.keep), for a replay to link back: page → file, nav title, sha256."""
        keep = getattr(self.site.bundle.writer, "keep", None)
        if keep is None:
            return {}
        stem, kept = self.file(path).stem, {}
        for kind, name, *_ in events:
            sha = self.site.bundle.digests.get(name)
            if kind == "file" and name.endswith(".md") and sha:
                title = keep(name, self.folder / f"{stem}-{sha}.md")
                if title is not False:
                    kept[name] = {"file": f"{stem}-{sha}.md", "title": title, "sha": sha}
        return kept

    def replay(self, page: str, events: list, kept: dict) -> bool:
        """Does to the site what rendering the page did; False (nothing done) when the record cannot be
        replayed: a picture of another page not drawn yet, or a record it does not understand."""
        from generator.render.pictures import SHARE, Headline

        site, stem = self.site, self.file(page).stem
        actions = []
        try:
            for event in events:
                kind, path, *rest = event
                if kind not in _CONTENT or not isinstance(path, str) or len(rest) > (2 if kind == "chart" else 1):
                    return False
                if not rest:
                    if kind != "picture" or f"{SHARE}/{path}" not in site.pictures.drawn:
                        return False  # another page's picture, which that page has not drawn yet
                    continue  # drawn already: nothing to do
                if not isinstance(rest[0], _CONTENT[kind]):
                    return False
                if kind == "file" and _well_kept(found := kept.get(path), stem):
                    actions.append(partial(site.bundle.add_kept, path, rest[0], self.folder / found["file"],
                                           found["title"], found["sha"]))
                elif kind == "file":
                    actions.append(partial(site.bundle.add, path, rest[0]))
                elif kind == "bytes":
                    actions.append(partial(site.bundle.add, path, base64.b64decode(rest[0], validate=True)))
                elif kind == "chart":  # its spec and the period it belongs to (the size of its PNG)
                    if len(rest) != 2 or not isinstance(rest[1], (str, type(None))):
                        return False
                    actions.append(partial(site.add_chart, path, rest[0], rest[1]))
                else:
                    actions.append(partial(site.pictures.draw, path, Headline(**rest[0])))
        except (TypeError, ValueError):  # binascii.Error is a ValueError
            return False
        for action in actions:
            action()
        site.bundle.reused += [event[1] for event in events if event[0] == "file" and event[1].endswith(".md")]
        return True


_CONTENT = {"file": str, "bytes": str, "chart": dict, "picture": dict}  # what each kind of event carries
_SHA256 = re.compile(r"[0-9a-f]{64}")


def _well_kept(entry, stem: str) -> bool:
    """A kept page as a record holds it: its file, named by the record and the page's sha256, and its title."""
    return (isinstance(entry, dict) and isinstance(entry.get("sha"), str) and _SHA256.fullmatch(entry["sha"]) is not None
            and entry.get("file") == f"{stem}-{entry['sha']}.md" and isinstance(entry.get("title"), (str, type(None))))


def _kept_files(kept: dict, stem: str) -> set[str]:
    return {entry["file"] for entry in kept.values() if _well_kept(entry, stem)}


class Journal:
    """While one page renders: every file it adds to the bundle, chart it makes and share picture it
    draws or points to, in order; a picture with what it shows only when the page reads that
    (Reads.covers_picture), else by its name: then the picture is another page's, drawn by that page.
    `complete` is False when something reached the drawing another way: such a page is not recorded
    (it is rendered every time)."""

    def __init__(self, site: SiteRenderer, reads: Reads):
        self.site, self.reads = site, reads
        self.events: list[list] = []
        self.expected: list[str] = []  # what the drawing should see: the charts, the pictures drawn anew
        self.seen: list[str] = []  # what it saw

    @property
    def complete(self) -> bool:
        return self.seen == self.expected

    def __enter__(self) -> Journal:
        site, journal = self.site, self
        add, chart, draw, drawing = site.bundle.add, site.add_chart, site.pictures.draw, site.drawing

        def added(path: str, content) -> None:
            if isinstance(content, bytes):
                journal.events.append(["bytes", path, base64.b64encode(content).decode("ascii")])
            else:
                journal.events.append(["file", path, content])
            add(path, content)

        def charted(path: str, spec: dict, period: str | None = None) -> None:
            journal.events.append(["chart", path, spec, period])  # the period: how large its PNG is drawn
            journal.expected.append(path)
            chart(path, spec, period)

        def drawn(name: str, headline) -> str:
            before = len(site.pictures.drawn)
            path = draw(name, headline)
            own = journal.reads.covers_picture(path)
            journal.events.append(["picture", name, dataclasses.asdict(headline)] if own else ["picture", name])
            if len(site.pictures.drawn) != before:
                journal.expected.append(path)
            return path

        site.bundle.add, site.add_chart, site.pictures.draw = added, charted, drawn
        site.drawing = _Watched(drawing, self.seen)
        self.drawing = drawing
        return self

    def __exit__(self, *_) -> None:
        site = self.site
        del site.bundle.add, site.add_chart, site.pictures.draw  # the classes' own methods again
        site.drawing = self.drawing


class _Watched:
    """The drawing, noting the path of everything added to it."""

    def __init__(self, drawing, seen: list[str]):
        self.drawing, self.seen = drawing, seen

    def add(self, path: str, spec, largest: float = PNG_SCALE) -> None:
        self.seen.append(path)
        self.drawing.add(path, spec, largest)

    def __getattr__(self, name: str):
        return getattr(self.drawing, name)


def _first_difference(record: list, events: list) -> str:
    for i, (old, new) in enumerate(zip(record, events)):
        if old != new:
            return f"event {i} ({old[0]} {old[1]}): {str(old)[:300]} ≠ {str(new)[:300]}"
    return f"{len(record)} events recorded, {len(events)} rendered"
