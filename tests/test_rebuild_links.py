"""A rebuild takes what the published site already has by hard links instead of writing it again: the
files of docs/ that the site has the same byte for byte (publish/project.py DocsWriter), the pages' HTML
that need no converting (publish/incremental.py reuse) and the static files mkdocs puts into the new site
(publish/shards.py _place). Nothing is written then, and removing the old site after the swap frees
nothing of them. What must hold:

- no build ever writes into a file of the published site (a second name of each file keeps its bytes);
- the rebuilt site is byte for byte a cold build of the same data, with hard links and without them
  (a file system that has none), and when a published chart was changed by hand;
- what the build holds is out of the collector's full collections only while it builds (build.py).
"""
from __future__ import annotations

import gc
import os
from pathlib import Path

import pytest

from generator.cli import main
from generator.collector import held_out_of_collections
from generator.render import site as site_module
from tests.test_incremental import change_one_number, snapshot


def build(data: Path, out: Path) -> None:
    assert main(["build", "--data", str(data), "--out", str(out), "--quiet"]) == 0


def second_names(site: Path, folder: Path) -> dict[Path, bytes]:
    """A hard link to every file of the site, with its bytes now."""
    kept = {}
    for number, path in enumerate(sorted(p for p in site.rglob("*") if p.is_file())):
        name = folder / str(number)
        name.parent.mkdir(parents=True, exist_ok=True)
        os.link(path, name)
        kept[name] = path.read_bytes()
    return kept


def inodes(site: Path) -> dict[str, int]:
    return {p.relative_to(site).as_posix(): p.stat().st_ino for p in site.rglob("*") if p.is_file()}


def test_a_rebuild_links_what_the_site_has_and_never_writes_into_a_published_file(minimal_copy, tmp_path):
    published = tmp_path / "site"
    build(minimal_copy, published)
    kept = second_names(published, tmp_path / "kept")
    before = inodes(published)
    change_one_number(minimal_copy)
    build(minimal_copy, published)
    assert [name for name, content in kept.items() if name.read_bytes() != content] == []
    after = inodes(published)
    shared = {path for path, inode in after.items() if before.get(path) == inode}
    assert any(p.startswith("charts/") and p.endswith(".svg") for p in shared), sorted(shared)
    assert any(p.startswith("charts/") and p.endswith(".png") for p in shared), sorted(shared)
    assert any(p.startswith("organs/") and p.endswith(".html") for p in shared), sorted(shared)
    build(minimal_copy, tmp_path / "cold")
    assert snapshot(published) == snapshot(tmp_path / "cold")


def test_a_chart_changed_by_hand_in_the_published_site_is_not_taken_from_it(minimal_copy, tmp_path):
    published = tmp_path / "site"
    build(minimal_copy, published)
    chart = sorted((published / "charts").rglob("*.svg"))[0]
    with open(chart, "r+b") as file:  # in place: the file a link from the site would share
        file.write(b"<!-- ")
    change_one_number(minimal_copy)
    build(minimal_copy, published)
    build(minimal_copy, tmp_path / "cold")
    assert snapshot(published) == snapshot(tmp_path / "cold")


def test_without_hard_links_a_rebuild_copies_and_gives_the_same_site(minimal_copy, tmp_path, monkeypatch):
    published = tmp_path / "site"
    build(minimal_copy, published)
    change_one_number(minimal_copy)

    def no_links(*_, **__):
        raise OSError(1, "Operation not permitted")

    with monkeypatch.context() as patch:
        patch.setattr(os, "link", no_links)
        build(minimal_copy, published)
    assert all(p.stat().st_nlink == 1 for p in published.rglob("*") if p.is_file())
    build(minimal_copy, tmp_path / "cold")
    assert snapshot(published) == snapshot(tmp_path / "cold")


def test_what_the_build_holds_is_out_of_full_collections_only_while_it_builds(minimal_copy, tmp_path, monkeypatch):
    seen, real = [], site_module.SiteRenderer.build

    def noting(self):
        seen.append(gc.get_freeze_count())
        return real(self)

    monkeypatch.setattr(site_module.SiteRenderer, "build", noting)
    assert gc.get_freeze_count() == 0
    build(minimal_copy, tmp_path / "site")
    assert seen and seen[0] > 0
    assert gc.get_freeze_count() == 0
    with pytest.raises(RuntimeError), held_out_of_collections():
        raise RuntimeError("a failed build")
    assert gc.get_freeze_count() == 0
