"""Each site in tests/fixtures/<name>/ rendered and compared, as its reader gets it, with tests/golden/<name>/.

What is stored (tests/golden_form.py writes the normalised forms):
- `<page>.md.txt`: each page as the outline of its HTML (Markdown converted with the site's extensions;
  indentation, blank lines and attribute order do not count; a figure, label, link or cell does);
- `charts/<name>.vl.json`: each chart's Vega-Lite spec (data, encodings, scales, sort, titles);
- `nav.json` and `site.json` (site name, address, copyright); open data files exactly as published.
A file identical in every fixture site (today the hand-written pages of content/) is stored once in
`_shared/` and compared once.
Chart SVGs are left out (their text metrics depend on the machine's fonts: the spec says what is drawn);
assets are copies.

Regenerate on purpose only, and say so in the commit:  make golden
"""
from __future__ import annotations

import copy
import json
import os
import re
import shutil
from functools import cache
from pathlib import Path

import pytest

from generator.build import check
from generator.compute import compute
from generator.methods import METHODOLOGIES
from generator.render import render
from generator.resources import CONTENT, cache_dir
from tests.golden_form import page_outline, short_diff, spec_json

GOLDEN = Path(__file__).parent / "golden"
FIXTURES = Path(__file__).parent / "fixtures"
SHARED = "_shared"
SITES = sorted(p.name for p in FIXTURES.iterdir() if (p / "site.yaml").exists())
UPDATE = bool(os.environ.get("UPDATE_GOLDEN"))
# one worker renders the fixture sites once for every test here (pytest-xdist, --dist loadgroup)
pytestmark = pytest.mark.xdist_group("golden")


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, indent=1) + "\n"


@cache
def bundle_of(name: str):
    """The fixture site as build.prepare renders it, keeping each chart's spec (a build does not)."""
    report, dataset = check(FIXTURES / name)
    assert dataset is not None and report.ok, report.as_text()
    return render(dataset, compute(dataset), METHODOLOGIES[dataset.site.methodology], cache_dir(),
                  keep_specs=True)


def view_of(bundle) -> dict[str, str | bytes]:
    """Golden path → what the golden keeps of that file of a rendered site."""
    view: dict[str, str | bytes] = {}
    for path, content in bundle.files.items():
        # drawings (compared as their specs; PNGs drawn from them), and workbooks (the CSV beside each
        # is compared; tests/test_opendata_package.py holds each workbook equal to its CSV)
        if path.startswith("assets/") or path.endswith((".svg", ".png", ".xlsx", ".pdf")):
            continue
        if path.endswith(".md"):
            view[path + ".txt"] = page_outline(content)
        else:
            view[path] = content  # open data: published as it is, compared as it is
    for path, spec in bundle.specs.items():
        view[path.removesuffix(".svg") + ".vl.json"] = spec_json(spec)
    for page in sorted(CONTENT.rglob("*.md")):  # the hand-written pages every site has
        view[page.relative_to(CONTENT).as_posix() + ".txt"] = page_outline(page.read_text(encoding="utf-8"))
    view["nav.json"] = _json(bundle.nav)
    view["site.json"] = _json({"site_name": bundle.site_name, "site_url": bundle.site_url,
                               "copyright": bundle.copyright})
    return view


@cache
def reader_view(name: str) -> dict[str, str | bytes]:
    return view_of(bundle_of(name))


def stored(folder: Path) -> dict[str, str | bytes]:
    if not folder.is_dir():
        return {}
    return {p.relative_to(folder).as_posix(): _read(p) for p in sorted(folder.rglob("*")) if p.is_file()}


def _read(path: Path) -> str | bytes:
    data = path.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data


def shared_paths(views: dict[str, dict]) -> set[str]:
    """Files present and identical in every site."""
    first, *others = views.values()
    return {path for path, content in first.items() if all(v.get(path) == content for v in others)}


def regenerate() -> None:
    views = {name: reader_view(name) for name in SITES}
    shared = shared_paths(views) if len(views) > 1 else set()
    shutil.rmtree(GOLDEN, ignore_errors=True)
    for folder, files in [(SHARED, {p: views[SITES[0]][p] for p in shared}),
                          *((name, {p: c for p, c in view.items() if p not in shared}) for name, view in views.items())]:
        for path, content in files.items():
            target = GOLDEN / folder / path
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                target.write_bytes(content)
            else:
                target.write_text(content, encoding="utf-8")


@pytest.fixture(autouse=True)
def regenerated_on_request(fixed_build_date):
    """With UPDATE_GOLDEN, the whole golden is written again before the first test here compares it."""
    if UPDATE and not _regenerated:
        assert not os.environ.get("PYTEST_XDIST_WORKER"), "regenerate with one process: make golden"
        regenerate()
        _regenerated.append(True)


_regenerated: list[bool] = []


def differences(expected: dict, actual: dict, where: str) -> list[str]:
    """Readable messages: each missing, extra or changed file with a short diff of its normalised form."""
    problems = [f"{where}/{p}: in the golden, not rendered" for p in sorted(set(expected) - set(actual))]
    problems += [f"{where}/{p}: rendered, not in the golden" for p in sorted(set(actual) - set(expected))]
    for path in sorted(set(expected) & set(actual)):
        want, got = expected[path], actual[path]
        if want == got:
            continue
        if isinstance(want, str) and isinstance(got, str):
            problems.append(f"{where}/{path} differs:\n{short_diff(want, got, f'{where}/{path}')}")
        else:
            problems.append(f"{where}/{path} differs (binary)")
    return problems


def fail_on(problems: list[str]) -> None:
    if problems:
        pytest.fail("\n\n".join(problems[:8] + ([f"… and {len(problems) - 8} more"] if len(problems) > 8 else []))
                    + "\n\n(if the change is meant: make golden, and say so in the commit)", pytrace=False)


@pytest.mark.parametrize("name", SITES)
def test_rendered_site_matches_golden(name):
    shared = stored(GOLDEN / SHARED)
    view = reader_view(name)
    missing_shared = [f"{name}/{p}: stored in {SHARED}/, not rendered" for p in sorted(set(shared) - set(view))]
    own = {p: c for p, c in view.items() if p not in shared}
    fail_on(missing_shared + differences(stored(GOLDEN / name), own, name))


def test_files_shared_by_every_site_match_golden_once():
    shared = stored(GOLDEN / SHARED)
    problems = []
    for path, expected in shared.items():
        changed = [name for name in SITES if reader_view(name).get(path, expected) != expected]
        if changed:
            problems += differences({path: expected}, {path: reader_view(changed[0])[path]}, SHARED)
            problems[-1] += f"\n(rendered so in: {', '.join(changed)})"
    fail_on(problems)


# ---- the comparison catches what a reader would see, and nothing else ------------------------

def altered(change) -> list[str]:
    """The differences the golden comparison reports after `change(bundle)` on the minimal site."""
    bundle = copy.deepcopy(bundle_of("minimal"))
    change(bundle)
    return differences(reader_view("minimal"), view_of(bundle), "minimal")


def test_a_reversed_chart_axis_is_caught():
    def reverse_axes(bundle):
        for spec in bundle.specs.values():
            for layer in spec.get("layer", [spec]):
                encoding = layer.get("encoding", {})  # a funnel's limit lines and labels may lack one axis
                if "x" in encoding:
                    encoding["x"].setdefault("scale", {})["reverse"] = True
                if "y" in encoding:
                    encoding["y"]["sort"] = "descending"

    problems = altered(reverse_axes)
    assert any(p.startswith("minimal/charts/rating-2025.vl.json differs") and '+      "reverse": true' in p
               for p in problems), problems
    assert len(problems) == len(bundle_of("minimal").specs)


def test_a_changed_figure_in_a_page_is_caught():
    def change_figure(bundle):
        bundle.files["rating/2025.md"] = bundle.files["rating/2025.md"].replace("79,7\u00a0%", "79,8\u00a0%", 1)

    [problem] = altered(change_figure)
    assert problem.startswith("minimal/rating/2025.md.txt differs")
    assert '-        <td class="tp-headline tp-num" data-label="Кэф"> "79,7\u00a0%"' in problem
    assert '+        <td class="tp-headline tp-num" data-label="Кэф"> "79,8\u00a0%"' in problem


def test_a_changed_link_or_escaping_is_caught():
    def change(bundle):
        page = bundle.files["rating/2025.md"]
        bundle.files["rating/2025.md"] = page.replace("../organs/beta/2025.html", "../organs/beta/2024.html") \
            .replace("&lt;b&gt;партнёры&lt;/b&gt;", "<b>партнёры</b>")

    [problem] = altered(change)
    assert "organs/beta/2024.html" in problem and '<b> "партнёры"' in problem


def test_blank_lines_and_indentation_are_not_differences():
    def relayout(bundle):
        for path, page in bundle.files.items():
            if path.endswith(".md"):
                page = re.sub(r"^(#+ .*)$", r"\1\n", page, flags=re.M)  # a blank line after each heading
                page = page.replace("\n<tr>", "\n\n    <tr>").replace("\n<th", "\n  <th")  # re-indented rows
                bundle.files[path] = page.replace("><td", ">\n      <td")

    assert altered(relayout) == []
