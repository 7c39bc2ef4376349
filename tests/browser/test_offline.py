"""Offline and private: with every non-local request blocked, each page renders completely.
Also: every problem is at most two clicks from the home page, and what a first visit costs in bytes."""

from __future__ import annotations

import json
from urllib.parse import urlsplit

import pytest

from browser_support import gzip_size, NOT_FOUND_PAGE, PHONE, problem_ids, site_pages, watched_page

COMPLETE_JS = """() => ({
  js: document.documentElement.classList.contains('js'),
  fonts: document.fonts.status,
  images: [...document.images].filter(i => !i.complete || i.naturalWidth === 0).map(i => i.src),
  sheets: [...document.querySelectorAll('link[rel=stylesheet]')].filter(l => !l.sheet).map(l => l.href),
  title: document.querySelector('article h1') ? document.querySelector('article h1').textContent.trim() : '',
  text: document.querySelector('article').innerText.trim().length,
})"""


def test_every_page_renders_completely_offline(browser, site_url, real_site):
    context, watch, page = watched_page(browser, PHONE)
    incomplete = {}
    for rel in site_pages(real_site):
        page.goto(site_url + rel, wait_until="networkidle")
        state = page.evaluate(COMPLETE_JS)
        if not (state["js"] and state["fonts"] == "loaded" and not state["images"] and not state["sheets"]
                and state["title"] and state["text"] > 20):
            incomplete[rel] = state
    context.close()
    assert incomplete == {}
    assert watch.problems() == []


def test_not_found_page_links_stay_on_the_site(real_site):
    """404.html is served at any missing URL, so it uses links under the site_url path, never another host."""
    html = (real_site / NOT_FOUND_PAGE).read_text(encoding="utf-8")
    assert "unpkg.com" not in html
    assert 'src="/pos-kb/assets/javascripts/iframe-worker.js"' in html
    assert 'href="/pos-kb/assets/stylesheets/kb.css"' in html


def test_whole_site_opens_from_disk(browser, real_site):
    """file:// with everything but local files blocked: the home page and a problem page load fully."""
    context, watch, page = watched_page(browser, PHONE)
    for rel in ("index.html", "problems/not-credited.html", "escalation/index.html"):
        page.goto((real_site / rel).as_uri(), wait_until="networkidle")
        state = page.evaluate(COMPLETE_JS)
        assert state["js"] and not state["sheets"] and state["title"], (rel, state)
    page.goto((real_site / "index.html").as_uri())
    page.locator(".kb-card a[href$='problems/overcharged.html']").first.click()
    assert page.url.endswith("problems/overcharged.html")
    assert watch.problems() == []
    context.close()


@pytest.mark.parametrize("problem_id", problem_ids())
def test_problem_within_two_clicks_of_home(browser, site_url, problem_id):
    """Click through from the home page, as a reader would: one click, or two via a listed page."""
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    target = f"problems/{problem_id}.html"
    selector = f"article a[href$='{target}']"
    page.goto(site_url + "index.html")
    if page.locator(selector).count() == 0:
        hubs = page.eval_on_selector_all("article a[href$='.html']", "as => as.map(a => a.getAttribute('href'))")
        for hub in hubs:
            page.goto(site_url + "index.html")
            page.locator(f"article a[href='{hub}']").first.click()
            if page.locator(selector).count():
                break
    link = page.locator(selector).first
    link.scroll_into_view_if_needed()
    link.click()
    page.wait_for_load_state()
    assert urlsplit(page.url).path.endswith(target)
    assert page.locator("article h1").inner_text() == _problem_title(problem_id)
    context.close()


def _problem_title(problem_id: str) -> str:
    from ruamel.yaml import YAML

    from browser_support import REPO

    return YAML(typ="safe").load((REPO / "content" / "problems" / f"{problem_id}.yaml").read_text("utf-8"))["title"]


def _first_visit(browser, url: str, block_search: bool) -> dict[str, int]:
    """Bytes on the wire for a first, uncached visit, by resource, from the browser's own timing entries."""
    context = browser.new_context(viewport=PHONE)
    if block_search:
        context.route("**/search/search_index.json", lambda route: route.abort())
        context.route("**/workers/**", lambda route: route.abort())
        context.route("**/lunr/**", lambda route: route.abort())
    page = context.new_page()
    page.goto(url, wait_until="networkidle")
    entries = page.evaluate("""() => [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')]
                                     .map(e => [e.name, e.transferSize])""")
    context.close()
    return {urlsplit(name).path: size for name, size in entries if size}


def test_report_first_visit_bytes(browser, site_url, real_site, capsys):
    """Measured transfer for a first visit to the home page and a problem page (raw, this server sends no gzip)."""
    report = {}
    for rel in ("index.html", "problems/overcharged.html"):
        full = _first_visit(browser, site_url + rel, block_search=False)
        lean = _first_visit(browser, site_url + rel, block_search=True)
        gz = sum(gzip_size(real_site / path.lstrip("/")) for path in full if (real_site / path.lstrip("/")).is_file())
        report[rel] = {"with_search_bytes": sum(full.values()), "without_search_bytes": sum(lean.values()),
                       "with_search_gzip_bytes": gz, "html_bytes": full.get("/" + rel, 0),
                       "search_index_bytes": full.get("/search/search_index.json", 0)}
        assert "/search/search_index.json" in full and "/search/search_index.json" not in lean
        assert sum(lean.values()) < sum(full.values())
    with capsys.disabled():
        print("\nfirst-visit transfer:", json.dumps(report, indent=1))
