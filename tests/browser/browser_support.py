"""Helpers shared by the browser tests: page lists, request blocking, the search box, artefacts."""

from __future__ import annotations

import gzip
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts"
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 800}
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
LOCAL_SCHEMES = {"file", "data", "blob", "about"}


NOT_FOUND_PAGE = "404.html"


def site_pages(site: Path) -> list[str]:
    """Every HTML page a reader opens, as site-relative paths.

    404.html is left out: the host serves it at any missing URL, so its links are
    absolute under the site_url path and only resolve on the published site
    (test_browser_offline checks it separately).
    """
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html")
                  if p.relative_to(site).as_posix() != NOT_FOUND_PAGE)


def problem_ids() -> list[str]:
    """The problems of the real guide, from content/problems/."""
    return sorted(p.stem for p in (REPO / "content" / "problems").glob("*.yaml"))


def checklist_ids() -> list[str]:
    """Every printable checklist of the real guide: '<problem>/<role>' (one per problem and reader role,
    its main situation's) and '<situation>' (one per triage situation)."""
    from generator.pipeline import check

    kb = check(REPO, extra_checks=False).kb
    return [f"{pid}/{role}" for pid in sorted(kb.items["problems"]) for role in kb.roles_of(kb.get("problems", pid))] \
        + sorted(kb.items["outcomes"])


def is_local(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in LOCAL_SCHEMES or parts.hostname in LOCAL_HOSTS


class Watch:
    """Blocks every request that leaves localhost and records it, with failed requests and errors."""

    def __init__(self, context) -> None:
        self.blocked: list[str] = []
        self.failed: list[str] = []
        self.errors: list[str] = []
        self.bad_status: list[str] = []
        context.route("**/*", self._route)
        context.on("requestfailed", lambda r: self.failed.append(f"{r.url} ({r.failure})"))
        context.on("response", self._response)

    def _route(self, route) -> None:
        if is_local(route.request.url):
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort("blockedbyclient")

    def _response(self, response) -> None:
        if response.status >= 400:
            self.bad_status.append(f"{response.url} ({response.status})")

    def attach(self, page) -> None:
        """Record console errors and uncaught exceptions of a page."""
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)

    def problems(self) -> list[str]:
        return ([f"blocked third-party request: {u}" for u in self.blocked]
                + [f"failed request: {u}" for u in self.failed]
                + [f"HTTP error: {u}" for u in self.bad_status]
                + [f"console error: {e}" for e in self.errors])


def read_pdf(pdf: bytes, name: str) -> tuple[int, str]:
    """A printed PDF kept in test-artifacts/<name>.pdf: (pages, text)."""
    import io

    from pypdf import PdfReader

    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / f"{name}.pdf").write_bytes(pdf)
    reader = PdfReader(io.BytesIO(pdf))
    return len(reader.pages), "".join(p.extract_text() for p in reader.pages)


def watched_page(browser, viewport: dict):
    """A fresh context (no cache) whose requests are watched; returns (context, watch, page)."""
    context = browser.new_context(viewport=viewport)
    watch = Watch(context)
    page = context.new_page()
    watch.attach(page)
    return context, watch, page


SEARCH_INPUT = "#kb-search-input"
SEARCH_OPENER = "button.kb-search-open"


def open_search(page):
    """Open the real search box as a reader does: the header's search button (an icon on a phone,
    a field-like button on a desktop); the box then has the keyboard focus."""
    box = page.locator(SEARCH_INPUT)
    if not page.evaluate("() => document.getElementById('kb-search').open"):
        page.locator(SEARCH_OPENER).click()
    page.wait_for_function("sel => document.activeElement.matches(sel)", arg=SEARCH_INPUT)
    return box


def clear_search(page, box) -> None:
    """Empty the box (one input event) and wait until the list is back to its placeholder."""
    box.fill("")
    page.wait_for_function("() => document.getElementById('kb-search-results').dataset.query === ''")


def wait_for_results(page, query: str) -> list[str]:
    """Wait until the result list shows ``query``; return result pages (site-relative paths), best first."""
    page.wait_for_function(
        """q => document.getElementById('kb-search-input').value === q
                && document.getElementById('kb-search-results').dataset.query === q""", arg=query, timeout=15000)
    hrefs = page.eval_on_selector_all("li.kb-search__item a", "links => links.map(a => a.href)")
    # The header logo links to the site's home page, whichever page or scheme we are on.
    root = page.evaluate("() => document.querySelector('a.md-header__button.md-logo').href")
    root_dir = root.rsplit("/", 1)[0] + "/"
    return [h.split("?")[0].split("#")[0].replace(root_dir, "") for h in hrefs]


def search(page, query: str, how: str = "type") -> list[str]:
    """Enter a query into the real search box and return the result pages, best first.

    ``how``: "type" presses one key per character; "paste" inserts the whole text with a
    single input event and no key events, as a paste or an input method's commit does."""
    box = open_search(page)
    clear_search(page, box)
    if how == "type":
        box.press_sequentially(query, delay=15)
    elif how == "paste":
        page.keyboard.insert_text(query)
    else:
        raise ValueError(how)
    return wait_for_results(page, query)


def transferred(entries: list[dict]) -> int:
    return sum(e["size"] for e in entries)


def gzip_size(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), 9))


def save_screenshot(page, name: str, full_page: bool = False) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path
