"""Pages taken from the render cache are not titled and written again: the page as the build's own project
got it (titled) is kept beside its record, and the next build links it back (render/reuse.py,
publish/project.py BuildWriter), as long as the nav gives it the same title. What must hold:

- a rebuild with one number changed links the pages it replays, and is byte for byte a cold build;
- without the kept pages (a cache cleaned by hand) the pages are titled and written, with the same site;
- a kept page is never linked under another title, and the kept pages of a record are only those it names
  (a page that changed leaves no old copy behind);
- an exported project is never linked from the cache (its pages are there to be edited).
"""
from __future__ import annotations

import json
from pathlib import Path

from generator.cli import main
from generator.publish import project
from generator.render import reuse
from generator.resources import cache_dir
from tests.test_incremental import change_one_number, snapshot


def build(data: Path, out: Path) -> None:
    assert main(["build", "--data", str(data), "--out", str(out), "--quiet"]) == 0


def records(data: Path) -> Path:
    return reuse.records_folder(cache_dir(), data)


def named_by_records(folder: Path) -> set[str]:
    named = set()
    for record in folder.glob("*.json"):
        kept = json.loads(record.read_text(encoding="utf-8").split("\n")[2])
        named |= {entry["file"] for entry in kept.values()}
    return named


def counted_places(monkeypatch) -> list[bool]:
    placed, real = [], project.BuildWriter.place

    def counting(self, *arguments):
        placed.append(real(self, *arguments))
        return placed[-1]

    monkeypatch.setattr(project.BuildWriter, "place", counting)
    return placed


def test_a_rebuild_links_the_pages_it_replays_and_equals_a_cold_build(minimal_copy, tmp_path, monkeypatch):
    published = tmp_path / "site"
    build(minimal_copy, published)
    kept = sorted(p.name for p in records(minimal_copy).glob("*.md"))
    assert kept and set(kept) == named_by_records(records(minimal_copy))
    change_one_number(minimal_copy)
    placed = counted_places(monkeypatch)
    build(minimal_copy, published)
    assert placed and all(placed)
    assert sorted(p.name for p in records(minimal_copy).glob("*.md")) != kept  # the changed pages' copies replaced
    assert {p.name for p in records(minimal_copy).glob("*.md")} == named_by_records(records(minimal_copy))
    monkeypatch.setenv(reuse.CHECK_VARIABLE, "1")
    build(minimal_copy, tmp_path / "cold")
    assert snapshot(published) == snapshot(tmp_path / "cold")


def test_without_the_kept_pages_the_replayed_pages_are_written(minimal_copy, tmp_path, monkeypatch):
    published = tmp_path / "site"
    build(minimal_copy, published)
    for page in records(minimal_copy).glob("*.md"):
        page.unlink()
    change_one_number(minimal_copy)
    placed = counted_places(monkeypatch)
    build(minimal_copy, published)
    assert placed and not any(placed)
    build(minimal_copy, tmp_path / "cold")
    assert snapshot(published) == snapshot(tmp_path / "cold")


def test_a_kept_page_is_linked_only_under_the_title_it_was_given(tmp_path):
    kept = tmp_path / "kept.md"
    kept.write_text("---\ntitle: Старое\n---\n\n# Страница\n", encoding="utf-8")
    writer = project.BuildWriter(tmp_path / "docs")
    nav = [{"Новое": "page.md"}]
    assert not writer.place("page.md", kept, "Старое", nav)
    assert not (tmp_path / "docs" / "page.md").exists()
    assert writer.place("page.md", kept, "Новое", nav)
    assert (tmp_path / "docs" / "page.md").stat().st_ino == kept.stat().st_ino


def test_an_exported_project_keeps_nothing_in_the_cache(minimal_copy, tmp_path):
    assert main(["export", "--data", str(minimal_copy), "--out", str(tmp_path / "project"), "--quiet"]) == 0
    assert list(records(minimal_copy).glob("*.json"))
    assert not list(records(minimal_copy).glob("*.md"))
    assert all(p.stat().st_nlink == 1 for p in (tmp_path / "project").rglob("*") if p.is_file())
