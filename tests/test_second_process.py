"""The organs' pages rendered partly in a forked second process (render/second_process.py) give the
very site and project that one process gives, byte for byte; a failure in either process is a failure."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator import publish
from generator.cli import main
from generator.render import second_process

MINIMAL = Path(__file__).parent / "fixtures" / "minimal"


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def forks(monkeypatch, tmp_path) -> list[int]:
    """Every fork of the build, counted; the chart cache warm (the copy is used only then)."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795392000")
    monkeypatch.setenv("TRANSPARENCY_CACHE_DIR", str(tmp_path / "charts"))
    monkeypatch.setenv("TRANSPARENCY_WORKERS", "2")
    assert main(["build", "--data", str(MINIMAL), "--out", str(tmp_path / "one"), "--quiet"]) == 0  # fills the cache
    counted, real = [], os.fork

    def fork():
        counted.append(1)
        return real()

    monkeypatch.setattr(second_process.os, "fork", fork)
    monkeypatch.setattr(second_process, "MIN_ORGANS", 1)
    return counted


@pytest.mark.skipif(not hasattr(os, "fork"), reason="fork: Linux only")
def test_a_site_rendered_in_two_processes_equals_one_rendered_in_one(forks, tmp_path):
    assert main(["build", "--data", str(MINIMAL), "--out", str(tmp_path / "two"), "--quiet"]) == 0
    assert forks, "the second process was not used"
    assert files(tmp_path / "two") == files(tmp_path / "one")
    assert main(["export", "--data", str(MINIMAL), "--out", str(tmp_path / "project-two"), "--quiet"]) == 0
    second_process.MIN_ORGANS = 10 ** 6  # (restored by monkeypatch)
    assert main(["export", "--data", str(MINIMAL), "--out", str(tmp_path / "project-one"), "--quiet"]) == 0
    assert len(forks) == 2
    assert files(tmp_path / "project-two") == files(tmp_path / "project-one")


@pytest.mark.skipif(not hasattr(os, "fork"), reason="fork: Linux only")
def test_a_failure_in_the_second_process_fails_the_build_and_keeps_the_site(forks, tmp_path, monkeypatch):
    from generator.render.site import SiteRenderer

    published = tmp_path / "one"
    before = files(published)
    real, parent = SiteRenderer.organ_overview, os.getpid()

    def broken(self, organization):
        if os.getpid() != parent:
            raise ValueError("сломано во втором процессе")
        return real(self, organization)

    monkeypatch.setattr(SiteRenderer, "organ_overview", broken)
    monkeypatch.setenv("TRANSPARENCY_RENDER_CHECK", "1")  # rendered, not taken from the render cache (render/reuse.py)
    monkeypatch.setattr(publish, "unchanged", lambda *_: False)  # the same inputs, built again
    with pytest.raises(RuntimeError, match="сломано во втором процессе"):
        main(["build", "--data", str(MINIMAL), "--out", str(published), "--quiet"])
    assert forks
    assert files(published) == before
