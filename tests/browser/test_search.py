"""Search in a real browser: readers' Chinese wording finds the right page, over HTTP and from file://."""

from __future__ import annotations

import pytest

from browser_support import DESKTOP, PHONE, search, watched_page

# What a worried reader types, and the page that must be among the first three results.
EXPECTED = [
    ("到账", "problems/not-credited.html"),
    ("没到账", "problems/not-credited.html"),
    ("扣款未到账", "problems/not-credited.html"),
    ("重复扣款", "problems/overcharged.html"),
    ("扣了两次", "problems/overcharged.html"),
    ("多扣", "problems/overcharged.html"),
    ("退款", "problems/wrong-swipe-refund.html"),
    ("刷错", "problems/wrong-swipe-refund.html"),
    ("撤销", "problems/wrong-swipe-refund.html"),
    ("金额不对", "problems/amount-mismatch.html"),
    ("金额不一致", "problems/amount-mismatch.html"),
    ("12363", "escalation/index.html"),
    # Our own, in readers' words.
    ("交易失败", "problems/not-credited.html"),
    ("钱被扣了两次", "problems/overcharged.html"),
    ("退钱", "problems/wrong-swipe-refund.html"),
    ("投诉", "escalation/index.html"),
    ("盗刷", "causes/fraud-or-unauthorized.html"),
    ("冲正", "remedies/wait-for-reversal.html"),
    ("客服电话", "prevention/beware-scams.html"),
    ("手续费", "causes/fees-and-merchant-category.html"),
]


@pytest.fixture(scope="module")
def search_page(browser, site_url):
    context, watch, page = watched_page(browser, DESKTOP)
    page.goto(site_url + "index.html")
    yield page
    assert watch.problems() == []
    context.close()


@pytest.mark.parametrize("query,target", EXPECTED, ids=[q for q, _ in EXPECTED])
def test_query_finds_page_in_top_three(search_page, query, target):
    results = search(search_page, query)
    assert target in results[:3], f"{query!r}: top results {results[:5]}"


def test_search_works_from_file_url_without_network(browser, real_site):
    """site/ opened from disk: the local worker shim runs search; nothing leaves the machine."""
    context, watch, page = watched_page(browser, PHONE)
    page.goto((real_site / "problems" / "overcharged.html").as_uri())
    assert page.evaluate("() => location.protocol") == "file:"
    assert page.evaluate("() => typeof window.IFrameWorker") == "function"
    assert "problems/not-credited.html" in search(page, "没到账")[:3]
    assert "escalation/index.html" in search(page, "12363")[:3]
    assert watch.problems() == []
    context.close()


def test_no_third_party_polyfill_in_pages(real_site):
    """The offline plugin's unpkg.com polyfill is replaced by our local shim on every page."""
    for path in real_site.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        assert "unpkg.com" not in html, path
        assert 'assets/javascripts/iframe-worker.js"' in html, path
