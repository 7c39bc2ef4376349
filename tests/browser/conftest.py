"""Browser fixtures: the real site served over HTTP on localhost, and Debian's chromium driven by Playwright."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

import pytest

from browser_support import PHONE, Watch


@pytest.fixture(scope="session")
def site_url(real_site: Path):
    """Serve the built real site on a free localhost port for browser tests; yields the base URL."""
    import functools
    import http.server
    import threading

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:  # keep test output readable
            pass

    handler = functools.partial(Quiet, directory=str(real_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium driven by Playwright (Playwright cannot download its own browser here)."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (.ci/run does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture(scope="session")
def phone_page(browser):
    """Opens a watched 360×740 touch phone page: ``with phone_page(**context_options) as page:``.

    Leaving the block closes the page's context and fails if it made a third-party or failed
    request, got an HTTP error or logged a console error. Options go to ``browser.new_context``
    (e.g. ``java_script_enabled=False``)."""

    @contextmanager
    def open_page(**options):
        context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True,
                                      **options)
        watch = Watch(context)
        page = context.new_page()
        watch.attach(page)
        try:
            yield page
            problems = watch.problems()
        finally:
            context.close()
        assert problems == []

    return open_page
