"""Real-browser checks: Debian's Chromium driven by playwright (no browser download).

Every demo site (data/ and examples/*/) is built once, served from a subfolder of a
local HTTP server (as on an official site under a path), and opened at a phone and a
desktop viewport. Screenshots go to tests/artifacts/screenshots/ for people to look at.
"""
from __future__ import annotations

import functools
import http.server
import shutil
import threading
from pathlib import Path

import pytest

from generator.cli import main

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = ROOT / "tests" / "artifacts" / "screenshots"
VIEWPORTS = {"phone": {"width": 360, "height": 740}, "desktop": {"width": 1366, "height": 768}}
SUBFOLDER = "municipality/monitoring"


def demo_sites() -> dict[str, Path]:
    sites = {"demo": ROOT / "data"}
    examples = ROOT / "examples"
    if examples.is_dir():
        sites.update({p.name: p for p in sorted(examples.iterdir()) if (p / "site.yaml").exists()})
    return sites


@pytest.fixture(scope="session")
def built_sites(tmp_path_factory) -> dict[str, Path]:
    """name → the built site, each at <server root>/<name>/municipality/monitoring/."""
    root = tmp_path_factory.mktemp("served")
    built = {}
    for name, data in demo_sites().items():
        out = root / name / SUBFOLDER
        assert main(["build", "--data", str(data), "--out", str(out), "--quiet"]) == 0, name
        built[name] = out
    return built


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def server(built_sites) -> str:
    """A local HTTP server on the loopback address; returns its origin."""
    root = next(iter(built_sites.values())).parents[2]
    handler = functools.partial(_QuietHandler, directory=str(root))
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


def page_types(site: Path) -> dict[str, str]:
    """One page of each type the site has, by type: the path inside the site."""
    found = {"home": "index.html", "methodology": "methodology.html", "open data": "opendata.html",
             "data format": "data-format.html", "organs": "organs/index.html"}
    ratings = sorted(site.glob("rating/*.html"))
    if ratings:
        found["rating"] = ratings[-1].relative_to(site).as_posix()
    for kind, pattern in (("organ", "organs/*/*.html"), ("service", "services/*/*.html"), ("news", "news/*.html"),
                          ("survey", "surveys/*.html"), ("generalized", "generalized/*.html")):
        pages = sorted(p for p in site.glob(pattern) if p.name != "index.html")
        if pages:
            found[kind] = pages[-1].relative_to(site).as_posix()
    overviews = sorted(site.glob("organs/*/index.html"))
    if overviews:
        found["organ overview"] = overviews[0].relative_to(site).as_posix()
    return found


def cases() -> list[tuple[str, str]]:
    """(site name, page type) for every page type of every demo site, known before building."""
    return [(name, kind) for name in demo_sites() for kind in (
        "home", "rating", "organs", "organ overview", "organ", "service", "news", "survey", "generalized",
        "methodology", "open data", "data format")]
