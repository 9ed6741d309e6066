"""How fast the site search answers in a real browser on a phone (issue 12: «results within a second of
typing, also at 400 organs»), printed by `make benchmark`, never asserted in a test.

The built site is served over HTTP (the search index is fetched, as on the official site); Chromium opens
the home page at 360 × 740, the search box is opened and an organ's name is typed letter by letter
(60 ms a letter, as a person types). Two moments are measured from the last letter to the first result
naming the organ: right after the page loaded (the search index still being read by the browser) and
once it has been read (`settled` seconds later). Usage:

    .venv/bin/python tools/bench_search.py SITE "Комитет по делам молодёжи № 104"
"""
from __future__ import annotations

import functools
import http.server
import shutil
import sys
import threading
import time
from pathlib import Path

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # the benchmark prints its own lines
        pass


def search_seconds(site: Path, organ: str, settled: float = 6.0) -> dict[str, float] | None:
    """{"just loaded": s, "index read": s} from the last letter typed to a result naming `organ`; None
    when no browser is installed (the benchmark then says so)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    if not Path(CHROMIUM).exists():
        return None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/index.html"
    query = " ".join(organ.replace("№", "").split()[-2:])  # the name's last two words: «молодёжи 104»
    times = {}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM)
            for label, wait in (("just loaded", 0.0), ("index read", settled)):
                page = browser.new_page(viewport={"width": 360, "height": 740})
                page.goto(url)
                page.wait_for_timeout(wait * 1000)
                page.locator("label.md-header__button[for=__search]").click()
                page.locator(".md-search__input").press_sequentially(query, delay=60)
                typed = time.monotonic()
                page.locator(".md-search-result__item", has_text=organ).first.wait_for(timeout=30_000)
                times[label] = time.monotonic() - typed
                page.close()
            browser.close()
    finally:
        server.shutdown()
    return times


def main() -> None:
    site, organ = Path(sys.argv[1]), sys.argv[2]
    times = search_seconds(site, organ)
    if times is None:
        sys.exit("нет Chromium или playwright: make chromium")
    print(", ".join(f"{label}: {value:.2f} s" for label, value in times.items()))


if __name__ == "__main__":
    main()
