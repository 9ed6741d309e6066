"""Real-browser checks: Debian's Chromium driven by playwright (no browser download).

Every demo site (data/ and examples/*/) is built once per test run (the pytest-xdist workers share
the builds), served from a subfolder of a local HTTP server (as on an official site under a path),
and opened at a phone and a desktop viewport. Its cases are the page kinds its methodologies declare
(COMMON_PAGE_KINDS and each methodology's `page_kinds`): a declared kind the built site lacks fails.
With SCREENSHOTS=1 every page checked is also saved to tests/artifacts/screenshots/ for people to
look at (ignored by git; off by default, as they cost time and only people read them).
"""
from __future__ import annotations

import functools
import http.server
import shutil
import threading
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest
import yaml

from tests.run_folder import made_once, run_folder

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = ROOT / "tests" / "artifacts" / "screenshots"
VIEWPORTS = {"phone": {"width": 360, "height": 740}, "desktop": {"width": 1366, "height": 768}}
SUBFOLDER = "municipality/monitoring"
# the sites the selected tests use, in order (read by each worker after its collection)
SELECTED_SITES = pytest.StashKey[list]()


def demo_sites() -> dict[str, Path]:
    sites = {"demo": ROOT / "data"}
    examples = ROOT / "examples"
    if examples.is_dir():
        sites.update({p.name: p for p in sorted(examples.iterdir()) if (p / "site.yaml").exists()})
    return sites


def methodologies_of(data: Path) -> list[str]:
    """The codes of the methodologies a data folder uses: site.yaml's and any period.yaml's."""
    codes = [yaml.safe_load((data / "site.yaml").read_text(encoding="utf-8"))["methodology"]]
    for period in sorted((data / "periods").glob("*/period.yaml")):
        codes.append((yaml.safe_load(period.read_text(encoding="utf-8")) or {}).get("methodology"))
    return list(dict.fromkeys(c for c in codes if c))


def declared_kinds(data: Path) -> list[str]:
    """The page kinds a site must have: those of every site and those its methodologies add."""
    from generator.methods import METHODOLOGIES
    from generator.methods.base import COMMON_PAGE_KINDS

    added = [kind for code in methodologies_of(data) for kind in METHODOLOGIES[code].page_kinds]
    return list(dict.fromkeys([*COMMON_PAGE_KINDS, *added]))


# Kinds every methodology writes with the same template and nothing of its own (the list of organs, an
# organ's overview, open data, the finder, the press release, the data format): looked at on two demos of
# different shape — Kaluga's organs and Novokuznetsk's rated services — rather than on all five, which
# cost the suite a minute of visits that found nothing the two did not. Every other kind (a methodology's
# own templates, the home page, ratings, comparisons, the control page with its own sections) on every demo;
# every declared kind must still exist on every demo (test_every_page_kind_a_site_has_is_declared…).
SHARED_KINDS = ("organs", "organ overview", "open data", "finder", "press", "data format")
SHARED_ON = ("demo", "novokuznetsk")


def cases() -> list[tuple[str, str]]:
    """(site name, page kind) for the page kinds the demo sites declare, known before building."""
    return [(name, kind) for name, data in demo_sites().items() for kind in declared_kinds(data)
            if kind not in SHARED_KINDS or name in SHARED_ON]


def page_types(site: Path) -> dict[str, str]:
    """One page of each kind the built site has, by kind: the path inside the site."""
    found = {"home": "index.html", "methodology": "methodology.html", "open data": "opendata.html",
             "data format": "data-format.html", "organs": "organs/index.html", "control": "control.html",
             "finder": "services.html"}
    found = {kind: path for kind, path in found.items() if (site / path).exists()}
    ratings = sorted(site.glob("rating/*.html"))
    if ratings:
        found["rating"] = ratings[-1].relative_to(site).as_posix()
    comparisons = sorted(site.glob("compare/*.html"))
    if comparisons:
        found["compare"] = comparisons[-1].relative_to(site).as_posix()
    for kind, pattern in (("organ", "organs/*/*.html"), ("service", "services/*/*.html"), ("news", "news/*.html"),
                          ("survey", "surveys/*.html"), ("generalized", "generalized/*.html"),
                          ("press", "press/*.html")):  # the latest period's release, press/<period>.html
        pages = sorted(p for p in site.glob(pattern) if p.name != "index.html")
        if pages:
            found[kind] = pages[-1].relative_to(site).as_posix()
    overviews = sorted(site.glob("organs/*/index.html"))
    if overviews:
        found["organ overview"] = overviews[0].relative_to(site).as_posix()
    return found


def pytest_collection_modifyitems(config, items):
    sites = []
    for item in items:
        if "built_sites" in getattr(item, "fixturenames", ()):
            callspec = getattr(item, "callspec", None)
            sites.append(callspec.params.get("site_name", "demo") if callspec else "demo")
    config.stash[SELECTED_SITES] = list(dict.fromkeys(sites))


class BuiltSites(Mapping):
    """name → the built site, at <served>/<name>/municipality/monitoring/, built on first use.

    The first use in a worker builds every site the selected tests use that no other worker is
    building at that moment, then waits for the others: the workers share the builds between them."""

    def __init__(self, served: Path, selected: list[str]):
        self.served, self.selected, self.data = served, selected, demo_sites()
        self._shared = False

    def _build(self, name: str, wait: bool = True) -> Path | None:
        def make(folder: Path) -> None:
            from generator.cli import main

            assert main(["build", "--data", str(self.data[name]), "--out", str(folder / SUBFOLDER), "--quiet"]) == 0, name

        return made_once(self.served / name, make, wait)

    def __getitem__(self, name: str) -> Path:
        if name not in self.data:
            raise KeyError(name)
        if not self._shared:
            self._shared = True
            for other in self.selected:
                self._build(other, wait=False)
        return self._build(name) / SUBFOLDER

    def all_selected(self) -> None:
        """Every site the selected tests use, built: a test that only visits a URL of the server never
        asks for its site by name (run alone, it found nothing served)."""
        for name in self.selected:
            self[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self.data)

    def __len__(self) -> int:
        return len(self.data)


@pytest.fixture(scope="session")
def built_sites(request, tmp_path_factory) -> BuiltSites:
    return BuiltSites(run_folder(tmp_path_factory) / "served", request.config.stash.get(SELECTED_SITES, []))


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def server(built_sites) -> str:
    """A local HTTP server on the loopback address, serving every built site; returns its origin."""
    built_sites.served.mkdir(parents=True, exist_ok=True)
    built_sites.all_selected()
    handler = functools.partial(_QuietHandler, directory=str(built_sites.served))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is not installed: `make test` installs Debian's chromium package")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"])
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def page_context(browser):
    """The context of this worker's visits with JavaScript that store nothing (test_pages, test_charts), a
    new page each: no switch is pressed, and the sites' shared files come from its cache after the first
    visit instead of a new context's cold start each."""
    context = browser.new_context(viewport=VIEWPORTS["phone"])
    yield context
    context.close()


@pytest.fixture(scope="session")
def no_script_context(browser):
    """The context of this worker's visits without JavaScript, a new page each."""
    context = browser.new_context(viewport=VIEWPORTS["desktop"], java_script_enabled=False)
    yield context
    context.close()
