"""Stage 5: mkdocs builds the site into a temporary folder, which then replaces out_dir."""
from __future__ import annotations

import logging
import shutil
import tempfile
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config

from generator import PROJECT_ROOT
from generator.render import SiteBundle

CONFIG_FILE = PROJECT_ROOT / "mkdocs.yml"


def publish(bundle: SiteBundle, out_dir: Path) -> None:
    out_dir = out_dir.resolve()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    workdir = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}-new-", dir=out_dir.parent))
    try:
        built = workdir / "site"
        build_with_mkdocs(bundle, built)
        swap_in(built, out_dir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def build_with_mkdocs(bundle: SiteBundle, site_dir: Path) -> None:
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    config = load_config(str(CONFIG_FILE), site_dir=str(site_dir), strict=True)
    config.plugins["transparency"].bundle = bundle
    config.plugins.on_startup(command="build", dirty=False)
    try:
        mkdocs_build(config)
    finally:
        config.plugins.on_shutdown()


def swap_in(built: Path, out_dir: Path) -> None:
    """Replace out_dir by built with two renames; the old site is removed only afterwards."""
    old = None
    if out_dir.exists():
        old = out_dir.with_name(f".{out_dir.name}-old")
        shutil.rmtree(old, ignore_errors=True)
        out_dir.rename(old)
    try:
        built.rename(out_dir)
    except OSError:
        if old is not None:
            old.rename(out_dir)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
