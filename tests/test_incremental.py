"""Incremental and sharded builds give exactly what a cold build in one process gives.

- one number changed in one requests.csv: the build over the published site reuses the pages that did
  not change, converts the others, and the site is byte for byte a cold build of the same data;
- nothing changed: no page is written again (the site's files keep their times);
- a page changed by hand in the published site is never reused;
- the pages converted in several processes equal those converted in one.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import given, strategies as st

from generator.cli import main
from generator.publish import MANIFEST, incremental, shards

MINIMAL = Path(__file__).parent / "fixtures" / "minimal"


def build(data: Path, out: Path) -> int:
    return main(["build", "--data", str(data), "--out", str(out), "--quiet"])


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def times(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}


def change_one_number(data: Path) -> None:
    """The first figure of the last row of one period's requests.csv, one more."""
    table = sorted(data.glob("periods/*/requests.csv"))[-1]
    lines = table.read_text(encoding="utf-8").splitlines()
    header, last = lines[0].split(","), lines[-1].split(",")
    column = next(i for i, value in enumerate(last) if value.isdigit() and header[i] not in ("staff",))
    last[column] = str(int(last[column]) + 1)
    table.write_text("\n".join([*lines[:-1], ",".join(last)]) + "\n", encoding="utf-8")


@pytest.fixture
def data(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795392000")
    copied = tmp_path / "data"
    shutil.copytree(MINIMAL, copied)
    return copied


def test_one_number_changed_rebuilds_what_depends_on_it_and_equals_a_cold_build(data, tmp_path, monkeypatch):
    published = tmp_path / "site"
    assert build(data, published) == 0
    before = snapshot(published)
    change_one_number(data)
    converted = []
    real = shards.build_shard

    def counting(config_file, site_dir, pages, with_static):
        converted.append(pages)
        return real(config_file, site_dir, pages, with_static)

    monkeypatch.setattr(shards, "build_shard", counting)
    assert build(data, published) == 0
    pages = [p for p in before if p.endswith(".html")]
    assert converted and converted[0] is not None and 0 < len(converted[0]) < len(pages) / 2, converted
    assert build(data, tmp_path / "cold") == 0
    assert snapshot(published) == snapshot(tmp_path / "cold")
    assert snapshot(published) != before


def test_nothing_changed_writes_nothing(data, tmp_path, capsys):
    published = tmp_path / "site"
    assert build(data, published) == 0
    written = times(published)
    assert main(["build", "--data", str(data), "--out", str(published)]) == 0
    assert "ничего не изменилось" in capsys.readouterr().err
    assert times(published) == written


def test_a_page_changed_by_hand_is_built_again(data, tmp_path):
    published = tmp_path / "site"
    assert build(data, published) == 0
    cold = snapshot(published)
    page = published / "about.html"
    page.write_text(page.read_text(encoding="utf-8").replace("</h1>", "</h1><p>чужая вставка</p>", 1),
                    encoding="utf-8")
    assert build(data, published) == 0  # the site is no longer what was built: not «unchanged»
    assert snapshot(published) == cold


def test_a_changed_input_is_never_unchanged_and_another_day_is(data, tmp_path, monkeypatch):
    published = tmp_path / "site"
    assert build(data, published) == 0
    from generator.build import inputs_fingerprint

    first = inputs_fingerprint(data, "mkdocs")
    assert incremental.unchanged(published, first)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795478400")  # the next day: no page prints it
    assert inputs_fingerprint(data, "mkdocs") == first
    (data / "site.yaml").write_text((data / "site.yaml").read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert inputs_fingerprint(data, "mkdocs") != first


def test_pages_converted_in_several_processes_equal_one_process(data, tmp_path, monkeypatch):
    assert build(data, tmp_path / "one") == 0
    monkeypatch.setenv("TRANSPARENCY_WORKERS", "2")
    monkeypatch.setattr(shards, "PAGES_PER_PROCESS", 2)
    assert build(data, tmp_path / "two") == 0
    one, two = snapshot(tmp_path / "one"), snapshot(tmp_path / "two")
    assert one.keys() == two.keys()
    assert [p for p in one if one[p] != two[p]] == []
    assert MANIFEST in one


@given(st.lists(st.text(min_size=1, max_size=5), unique=True, max_size=60), st.integers(1, 8))
def test_every_page_falls_to_exactly_one_process(pages, workers):
    shares = shards.split(pages, workers)
    assert sorted(p for share in shares for p in share) == sorted(pages)
    assert 1 <= len(shares) <= workers


def test_a_search_index_changed_by_hand_gives_no_page_to_reuse(data, tmp_path):
    """The reused pages' search entries are taken from the published index: if it is not as it was
    written, every page is converted again, and the site is still what a cold build gives."""
    published = tmp_path / "site"
    assert build(data, published) == 0
    change_one_number(data)
    index = published / "search" / "search_index.json"
    index.write_text(index.read_text(encoding="utf-8").replace('"title":"', '"title":"ЧУЖОЕ ', 1), encoding="utf-8")
    assert build(data, published) == 0
    assert build(data, tmp_path / "cold") == 0
    assert snapshot(published) == snapshot(tmp_path / "cold")


def test_a_wrong_setting_is_said_even_when_nothing_changed(data, tmp_path, monkeypatch, capsys):
    published = tmp_path / "site"
    assert build(data, published) == 0
    written = times(published)
    monkeypatch.setenv("TRANSPARENCY_WORKERS", "два")
    assert build(data, published) == 1
    assert "[workers-invalid]" in capsys.readouterr().err
    assert times(published) == written
