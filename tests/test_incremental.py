"""Incremental and sharded builds give exactly what a cold build in one process gives.

- one number changed in one requests.csv: the build over the published site reuses the pages that did
  not change, converts the others, and the site is byte for byte a cold build of the same data;
- nothing changed: no page is written again (the site's files keep their times);
- a page changed by hand in the published site is never reused;
- the pages converted in several processes equal those converted in one;
- the render cache (render/reuse.py): one number changed (a value, a rank, who gets a place; in the
  oldest and the latest period), only the pages that read it are rendered again, the rest replayed
  from their records, and the site is byte for byte a cold one; with TRANSPARENCY_RENDER_CHECK=1 every
  page is rendered anyway and compared with its record, which catches a declaration missing a read;
- the digests (generator/digests.py) are the same in another process and for equal values only.
"""
from __future__ import annotations

import copy
import json
import os
import shutil
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import example, given, strategies as st

from generator.build import computed
from generator.cli import main
from generator.digests import Digests, digest
from generator.methods import METHODOLOGIES
from generator.publish import MANIFEST, incremental, shards
from generator.render import render, reuse
from generator.resources import cache_dir

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
    monkeypatch.setenv(reuse.CHECK_VARIABLE, "1")  # cold: every page rendered, none taken from the render cache
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


# ---- the render cache: pages whose inputs did not change are not rendered (render/reuse.py) ----------

# One number of one requests.csv each: (period, service, column, new value), named after what it moves.
CHANGES = {
    "a value in the latest period": ("2025", "a1", "complaints", "7"),  # alpha's figures, no place moves
    "a value in the oldest period": ("2024", "a2", "complaints", "3"),  # and so alpha's changes in 2025
    "a rank in the oldest period": ("2024", "g1", "on_time", "30"),  # gamma falls below beta: 2 ↔ 3
    "who gets a place in the latest period": ("2025", "g1", "requests", "300"),  # gamma monitored: «из 3»
}
# Pages each change must leave alone (taken from the render cache) and pages it must render again.
UNTOUCHED = {
    "a value in the latest period": {"organs/alpha/2024.md", "organs/beta/2025.md", "organs/beta/index.md",
                                     "rating/2024.md", "compare/2024.md"},
    "a value in the oldest period": {"organs/beta/2025.md", "organs/gamma/2024.md", "organs/gamma/index.md"},
    "a rank in the oldest period": {"organs/alpha/2025.md"},
    "who gets a place in the latest period": {"organs/alpha/2024.md", "organs/beta/2024.md", "rating/2024.md"},
}
TOUCHED = {
    "a value in the latest period": {"organs/alpha/2025.md", "organs/alpha/index.md", "rating/2025.md"},
    "a value in the oldest period": {"organs/alpha/2024.md", "organs/alpha/2025.md", "rating/2024.md"},
    "a rank in the oldest period": {"organs/beta/2024.md", "organs/gamma/2024.md", "organs/gamma/index.md"},
    "who gets a place in the latest period": {"organs/alpha/2025.md", "organs/beta/2025.md",
                                              "organs/gamma/2025.md"},  # «место 1 среди 3 органов»
}


def set_cell(data: Path, period: str, service: str, column: str, value: str) -> None:
    table = data / "periods" / period / "requests.csv"
    lines = table.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    rows = [line.split(",") for line in lines[1:]]
    row = next(r for r in rows if r[0] == service)
    assert row[header.index(column)] != value
    row[header.index(column)] = value
    table.write_text("\n".join([lines[0], *(",".join(r) for r in rows)]) + "\n", encoding="utf-8")


def rendered(data: Path, reusing: bool = True):
    """The site's files as render() makes them (no engine), with the render cache or without it."""
    prepared = computed(data)
    dataset = prepared.dataset
    return render(dataset, prepared.results, METHODOLOGIES[dataset.site.methodology], cache_dir(),
                  warnings=prepared.report.warnings, digests=prepared.digests if reusing else None)


@pytest.mark.parametrize("change", CHANGES, ids=list(CHANGES))
def test_one_number_changed_renders_only_the_pages_that_read_it(data, monkeypatch, change):
    first = rendered(data)  # records every declared page
    assert first.reused == []
    set_cell(data, *CHANGES[change])
    again = rendered(data)
    cold = rendered(data, reusing=False)
    assert again.files == cold.files  # every page, chart, picture and file, byte for byte
    assert 0 < len(again.reused) < again.pages
    assert UNTOUCHED[change] <= set(again.reused), sorted(again.reused)
    assert not TOUCHED[change] & set(again.reused), sorted(again.reused)
    # the guard: every page rendered anyway, and those whose record was found (nothing they declare
    # changed) compared with it — StaleEntry if a declaration misses something the page reads
    monkeypatch.setenv(reuse.CHECK_VARIABLE, "1")
    checked = rendered(data)
    assert checked.files == cold.files and checked.reused == []


def test_a_declaration_that_misses_a_read_is_caught_by_the_check(data, monkeypatch):
    """Organ pages declared without the count of ranked organs they print («среди 3 органов»)."""
    declared = reuse.organ_reads

    def without_the_count(site, method, organ):
        found = declared(site, method, organ)
        return found and reuse.Reads(assessments=found.assessments)

    monkeypatch.setattr(reuse, "organ_reads", without_the_count)
    rendered(data)
    set_cell(data, *CHANGES["who gets a place in the latest period"])
    assert rendered(data).files != rendered(data, reusing=False).files  # what the check is there for
    monkeypatch.setenv(reuse.CHECK_VARIABLE, "1")
    with pytest.raises(reuse.StaleEntry, match="organs/alpha/2025.md"):
        rendered(data)


def test_a_damaged_record_is_rendered_again(data):
    first = rendered(data)
    folder = reuse.records_folder(cache_dir(), data)
    records = [p for p in folder.rglob("*.json") if '"page": "organs/beta/2025.md"' in p.read_text(encoding="utf-8")]
    assert len(records) == 1
    head, _ = records[0].read_text(encoding="utf-8").split("\n", 1)
    records[0].write_text(head + "\n[[\"file\", \"organs/beta/2025.md\", \"подделка", encoding="utf-8")  # cut short
    again = rendered(data)
    assert "organs/beta/2025.md" not in again.reused and again.files == first.files


def test_another_pages_picture_is_drawn_from_a_record_only_when_the_page_reads_what_it_shows():
    organ = reuse.Reads(assessments=(("2025", "alpha", None),), ranked=("2025",))
    assert organ.covers_picture("share/organs/alpha/2025.png")
    assert not organ.covers_picture("share/organs/alpha/2024.png")
    assert not organ.covers_picture("share/rating/2025.png")  # the municipality's figure: the rating's
    assert not organ.covers_picture("share/index.png")
    assert reuse.Reads(periods=("2024", "2025")).covers_picture("share/rating/2025.png")


def test_the_digests_do_not_depend_on_the_process(data):
    """Another process (another hash seed, other objects) digests the same data alike: a build reuses
    what the build before it recorded."""
    here = computed(data).digests
    script = ("import sys, json; from pathlib import Path; from generator.build import computed; "
              "d = computed(Path(sys.argv[1])).digests; "
              "print(json.dumps([d.site, sorted(map(list, d.assessments.items())), d.municipal, d.ranked]))")
    child = subprocess.run([sys.executable, "-c", script, str(data)], capture_output=True, text=True, check=True,
                           env={**os.environ, "PYTHONHASHSEED": "12345"})
    there = json.loads(child.stdout)
    assert there == json.loads(json.dumps([here.site, sorted(map(list, here.assessments.items())), here.municipal,
                                           here.ranked]))


values = st.recursive(st.fractions() | st.text(max_size=3) | st.none(),
                      lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=2), inner, max_size=3),
                      max_leaves=12)


def in_order(value):
    """The value with its dicts as lists of items: a page prints a dict in its order, so two dicts in
    different orders are different inputs of a page."""
    if isinstance(value, dict):
        return ("dict", [[key, in_order(item)] for key, item in value.items()])
    return [in_order(item) for item in value] if isinstance(value, list) else value


@example({"a": Fraction(1, 3), "b": None}, {"b": None, "a": Fraction(1, 3)})
@example([Fraction(1, 3)], [Fraction(33333, 100000)])
@given(values, values)
def test_two_values_have_the_same_digest_exactly_when_they_are_equal_in_order(one, other):
    assert (digest(one) == digest(other)) == (in_order(one) == in_order(other))


@given(values)
def test_a_digest_does_not_depend_on_how_the_objects_are_shared(value):
    assert digest([value, value]) == digest([value, copy.deepcopy(value)]) == digest(copy.deepcopy([value, value]))


def test_what_cannot_be_digested_has_no_digest_and_its_pages_are_rendered():
    assert digest({"how": lambda: 1}) is None
    assert reuse.Reads(periods=("2025",)).digest(Digests("site", {}, {}, {}, {"2025": None})) is None
