"""What a reader's browser downloads: a first visit to a page, then one search, measured in chromium.

Bytes are the uncompressed bodies (Content-Length of the local test server, which sends no
compression), counted for every response of the browser context, workers included. The browser
tests (tests/browser/test_offline.py) and the benchmark (bench/run.py) both use this.

``python bench/transfer.py SITE_DIR PAGE QUERY`` prints one JSON line.
"""

from __future__ import annotations

import functools
import http.server
import json
import sys
import threading
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PHONE = {"width": 360, "height": 740}
SEARCH_DIR = "/pagefind/"


@contextmanager
def served(site: Path):
    """The folder served on a free localhost port; yields the base URL."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def transfer(browser, base_url: str, page: str, query: str) -> dict:
    """Open ``page`` in a fresh context (empty cache), then search ``query`` in its search box.

    Returns bytes and URL paths per phase: ``visit`` (the page and all it loads) and ``search``
    (everything the search box fetched, from opening it to showing the results)."""
    context = browser.new_context(viewport=PHONE)
    phases: dict[str, dict[str, int]] = {"visit": {}, "search": {}}
    current = ["visit"]

    def on_response(response) -> None:
        size = int(response.headers.get("content-length") or 0)
        path = urlsplit(response.url).path
        phases[current[0]][path] = phases[current[0]].get(path, 0) + size

    context.on("response", on_response)
    tab = context.new_page()
    tab.goto(base_url + page, wait_until="networkidle")
    current[0] = "search"
    tab.locator("button.kb-search-open").click()
    tab.wait_for_function("() => document.activeElement.id === 'kb-search-input'")
    tab.keyboard.insert_text(query)
    tab.wait_for_function("q => document.getElementById('kb-search-results').dataset.query === q",
                          arg=query, timeout=120_000)
    results = tab.eval_on_selector_all("li.kb-search__item a", "links => links.map(a => a.href)")
    context.close()
    return {"visit_bytes": sum(phases["visit"].values()), "search_bytes": sum(phases["search"].values()),
            "visit": phases["visit"], "search": phases["search"], "results": len(results)}


def measure(site: Path, page: str, query: str) -> dict:
    """Serve ``site``, launch Debian's chromium, and measure one visit and one search."""
    from playwright.sync_api import sync_playwright

    with served(site) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            return transfer(browser, url, page, query)
        finally:
            browser.close()


if __name__ == "__main__":
    print(json.dumps(measure(Path(sys.argv[1]), sys.argv[2], sys.argv[3]), ensure_ascii=False))
