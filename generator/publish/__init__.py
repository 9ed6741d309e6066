"""Stage 5: the site project is written and built into a temporary folder, which then replaces out_dir.

One path for every engine: `project.py` writes a plain site project (pages, assets, theme
overrides and a generated mkdocs.yml), `engines.py` builds it with mkdocs or Zensical, and the
result is swapped in (`swap.py`). `transparency export` swaps in the project itself instead.

Never destroy anything:
- the output folder is refused (as problem records, together with the data checks) when it
  is, holds or lies inside the data folder, is a system folder, is a file, or holds files this
  generator did not write; only an empty folder or one carrying SITE_STAMP is replaced (`folder.py`);
- the new site is built in a folder beside the output with a unique name
  (`.<name>-new-XXXXXXXX`, locked while the build runs), so two builds at once cannot cross;
- the new site trades places with the old one in one step where the system can (Linux), else
  the old site is set aside into that folder first; it is removed only after the new one is in
  place, a failure in between puts it back, and the leftovers of a killed build are cleaned (the
  old site put back first) at the start of the next run;
- a failure to write (no rights, full disk, file-size limit) or of the engine is a Russian error,
  not a traceback, and leaves the old site as it was.
"""
from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from generator.diff import FIGURES_FILE
from generator.publish.engines import DEFAULT_ENGINE, ENGINES, build_project, engine_problem
from generator.publish.incremental import MANIFEST, build_incrementally, read_manifest, unchanged
from generator.publish.folder import (SITE_STAMP, STAMP_TEXT, PublishError, check_output_folder,
                                      write_failure)
from generator.publish.project import DOCS, SITE, BuildWriter, DocsWriter, write_project
from generator.publish.swap import WORK_MARKER, discard, remove_leftovers, swap_in, work_folder
from generator.resources import MKDOCS_CONFIG, worker_count

if TYPE_CHECKING:  # rendering is not needed to check or replace the output folder
    from generator.render import SiteBundle

# What is published: a rendered bundle, or what renders one, writing each file into the docs/ folder
# it is given as soon as it is made (DocsWriter), inside the build's temporary folder.
Rendering = Callable[[DocsWriter], "SiteBundle"]

# The mkdocs.yml of `mkdocs serve` (transparency serve): its `transparency` plugin runs the pipeline.
CONFIG_FILE = MKDOCS_CONFIG

__all__ = ["CONFIG_FILE", "DEFAULT_ENGINE", "ENGINES", "MANIFEST", "SITE_STAMP", "STAMP_TEXT", "WORK_MARKER",
           "PublishError", "build_site", "check_output_folder", "discard", "engine_problem", "export",
           "publish", "recover_output_folder", "unchanged"]


def publish(bundle: SiteBundle | Rendering, out_dir: Path, engine: str = DEFAULT_ENGINE,
            inputs: str = "", figures: str | None = None) -> int | None:
    """The site built by the engine replaces out_dir; with mkdocs, the pages that have not changed since
    the site in out_dir was built are taken from it (`inputs`: the fingerprint of what was read).
    `figures`: the table of the data's figures (generator/diff), kept in the site for the next build.
    Returns how many pages mkdocs converted (None: the engine built them all)."""
    previous = Path(os.path.abspath(out_dir))
    converted = []

    def make(target: Path) -> None:
        converted.append(build_site(bundle, target, engine, previous, inputs))
        if figures is not None:  # beside the manifest, out of it (NOT_LISTED): swapped in with the site
            (target / FIGURES_FILE).write_text(figures, encoding="utf-8")

    replace_folder(out_dir, make)
    return converted[0] if converted else None


def export(bundle: SiteBundle | Rendering, out_dir: Path) -> None:
    """The site project itself replaces out_dir: `mkdocs build -f OUT/mkdocs.yml` builds it."""
    replace_folder(out_dir, lambda target: write_project(rendered(bundle, target / DOCS), target))


def rendered(bundle: SiteBundle | Rendering, docs: Path, writer: DocsWriter | None = None) -> SiteBundle:
    """The bundle, rendered now with its files streamed into docs/ (by `writer`) when it is not rendered yet."""
    return bundle(writer or DocsWriter(docs)) if callable(bundle) else bundle


def build_writer(docs: Path, previous: Path | None) -> BuildWriter:
    """The writer into the build's own project: the files the site in `previous` has the same are linked
    from it, not written, and the render cache keeps its pages (BuildWriter)."""
    manifest = read_manifest(previous)
    return BuildWriter(docs, previous, manifest.files) if manifest else BuildWriter(docs)


def build_site(bundle: SiteBundle | Rendering, site_dir: Path, engine: str = DEFAULT_ENGINE,
               previous: Path | None = None, inputs: str = "") -> int | None:
    """The project is written beside site_dir and built into site_dir: by mkdocs in several
    processes and only the pages that changed since `previous` (incremental.py; returns how many it
    converted), by Zensical whole (returns None)."""
    project = site_dir.parent / "project"
    bundle = rendered(bundle, project / DOCS, build_writer(project / DOCS, previous))
    config_file = write_project(bundle, project)
    bundle.forget_contents()  # on disk now: the engine's processes need the memory more
    if engine == "mkdocs":
        return build_incrementally(config_file, site_dir, previous, inputs, worker_count(), bundle.digests)
    build_project(engine, config_file)
    (project / SITE).rename(site_dir)
    return None


def replace_folder(out_dir: Path, make: Callable[[Path], None]) -> None:
    """make(folder) fills a new folder, which then replaces out_dir (see the module's docstring)."""
    out_dir = Path(os.path.abspath(out_dir))
    workdir = None
    try:
        out_dir = out_dir.resolve()
        out_dir.parent.mkdir(parents=True, exist_ok=True)
        remove_leftovers(out_dir)
        with work_folder(out_dir) as workdir:
            built = workdir / "site"
            make(built)
            stamp(built)
            swap_in(built, out_dir, workdir)
    except OSError as error:
        # discard() has put the old site back, unless it had to keep it in workdir
        kept_aside = sorted(workdir.glob("old-*")) if workdir is not None else []
        raise PublishError(write_failure(error, out_dir, kept_aside), site_kept=not kept_aside) from error


def stamp(site_dir: Path) -> None:
    (site_dir / SITE_STAMP).write_text(STAMP_TEXT, encoding="utf-8")


def recover_output_folder(out_dir: Path) -> None:
    """Run first by every build, even one whose data has errors: a killed build may have left the
    published site set aside, and the web server shows nothing until it is put back. A failure
    here is left for publish() to report."""
    try:
        remove_leftovers(Path(os.path.abspath(out_dir)).resolve())
    except (OSError, RuntimeError, ValueError):
        pass
