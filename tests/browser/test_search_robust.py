"""The search box when things go wrong or text is pasted: pasted bank SMS and scam messages, missing
optional files and index chunks, a failed older search, keyboard shortcuts and result names."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from browser_support import DESKTOP, PHONE, open_search, search, wait_for_results, watched_page

SMS = "【某某银行】您尾号1234的信用卡于12月03日21:47消费人民币3,280.00元，商户：某某商贸。"
SCAM = "您好，我是银行客服，您的卡有风险，请把验证码发给我，我帮您把钱转到安全账户"
FAILED = "搜索暂时无法使用，请刷新页面后再试。"


def note(page) -> str | None:
    """The one-line note above the results, or None when it is hidden."""
    return page.evaluate("() => { const n = document.getElementById('kb-search-note'); "
                         "return n.hidden ? null : n.textContent; }")


@pytest.mark.parametrize("how", ["paste", "type"])
def test_a_pasted_bank_sms_puts_the_unknown_charge_situation_first_with_its_note(browser, site_url, how):
    context, watch, page = watched_page(browser, PHONE)
    page.goto(site_url + "index.html")
    assert search(page, SMS, how)[0] == "triage/unknown-charge-sms.html"
    assert note(page) == "看起来是一条扣款短信：不是你做的，先冻结这张卡"
    # An ordinary question afterwards shows no note.
    search(page, "刷错卡了能退吗", how)
    assert note(page) is None
    assert watch.problems() == []  # no request left the site
    context.close()


def test_a_pasted_scam_message_puts_the_scam_warning_first(browser, site_url):
    context, watch, page = watched_page(browser, PHONE)
    page.goto(site_url + "index.html")
    assert search(page, SCAM, "paste")[0] == "prevention/beware-scams.html"
    assert note(page) == "看起来像诈骗：别给验证码，别转账，挂断后打卡背面的官方电话"
    assert watch.problems() == []
    context.close()


def test_without_the_optional_settings_file_the_search_still_finds_pages(browser, site_url):
    """pagefind/kb-search.json only tunes the ranking: a 404 for it leaves a working search."""
    context, watch, page = watched_page(browser, PHONE)
    context.route("**/pagefind/kb-search.json", lambda route: route.fulfill(status=404, body="missing"))
    page.goto(site_url + "index.html")
    assert "problems/wrong-swipe-refund.html" in search(page, "刷错卡了能退吗", "paste")[:3]
    assert page.locator("#kb-search-status").inner_text() != FAILED
    assert watch.problems() == [f"HTTP error: {site_url}pagefind/kb-search.json (404)",  # that file, nothing else
                                "console error: Failed to load resource: the server responded with a status of 404 (Not Found)"]
    context.close()


def test_a_failed_index_chunk_leaves_the_other_pieces_to_rank(browser, site_url):
    """One chunk of the index that cannot be fetched loses its pieces' matches, not the search."""
    context, watch, page = watched_page(browser, PHONE)
    failed = []

    def fail_the_first_chunk(route) -> None:
        if not failed:
            failed.append(route.request.url)
            route.abort("failed")
        else:
            route.continue_()

    context.route("**/pagefind/index/*.pf_index", fail_the_first_chunk)
    page.goto(site_url + "index.html")
    found = search(page, "商户说没收到钱但我这边扣了", "paste")
    assert failed and found  # a chunk failed, and pages were still found
    assert page.locator("#kb-search-status").inner_text() != FAILED
    chunk = urlsplit(failed[0]).path
    assert sorted(watch.problems()) == sorted([  # that chunk's request and Pagefind's report of it, nothing else
        f"failed request: {failed[0]} (net::ERR_FAILED)",
        "console error: Failed to load resource: net::ERR_FAILED",
        f"console error: Failed to load the index chunk {chunk}:\nTypeError: Failed to fetch"])
    context.close()


def test_an_older_search_that_fails_late_does_not_replace_newer_results(browser, site_url):
    """The first search's page records are held back and then fail, after a second search has shown
    its results: the list keeps the second search's results and no failure message is shown."""
    context, watch, page = watched_page(browser, PHONE)
    page.add_init_script("""(() => {
      const original = window.fetch;
      window.kbHeld = [];
      window.kbHold = false;
      window.fetch = function (url, options) {
        if (window.kbHold && String(url).includes('.pf_fragment')) {
          return new Promise((resolve, reject) => window.kbHeld.push(() => reject(new TypeError('held back'))));
        }
        return original.call(this, url, options);
      };
    })()""")
    page.goto(site_url + "index.html")
    box = open_search(page)
    search(page, "退款", "paste")  # Pagefind and its metadata are loaded
    page.evaluate("() => { window.kbHold = true; }")
    box.fill("12363")
    page.wait_for_function("() => window.kbHeld.length > 0")
    page.evaluate("() => { window.kbHold = false; }")
    box.fill("刷错卡了能退吗")
    newer = wait_for_results(page, "刷错卡了能退吗")
    with page.expect_console_message(lambda m: "an older search failed" in m.text):
        page.evaluate("() => window.kbHeld.forEach((fail) => fail())")
    assert wait_for_results(page, "刷错卡了能退吗") == newer
    assert page.locator("#kb-search-status").inner_text() != FAILED
    assert watch.problems() == []
    context.close()


def test_single_key_shortcuts_only_when_no_field_has_focus_and_are_listed(browser, site_url):
    context, watch, page = watched_page(browser, DESKTOP)
    page.goto(site_url + "index.html")
    # A field on the page has the focus: "s" and "/" are typed into it, the search stays closed.
    page.evaluate("""() => { const f = document.createElement('input'); f.id = 'kb-test-field';
                             document.querySelector('article').prepend(f); f.focus(); }""")
    page.keyboard.type("s/")
    assert page.input_value("#kb-test-field") == "s/"
    assert page.evaluate("() => document.getElementById('kb-search').open") is False
    # No field has the focus: "s" opens the search.
    page.evaluate("() => document.activeElement.blur()")
    page.keyboard.press("s")
    page.wait_for_function("() => document.activeElement.id === 'kb-search-input'")
    keys = page.locator(".kb-search__keys")
    assert keys.is_visible()
    assert keys.inner_text() == "快捷键：没有在输入框里打字时，按 / 或 s 打开搜索；↑ ↓ 在结果间移动，回车打开，Esc 关闭。"
    assert watch.problems() == []
    context.close()


def test_each_result_is_named_by_its_title(browser, site_url):
    context, watch, page = watched_page(browser, PHONE)
    page.goto(site_url + "index.html")
    search(page, "刷错卡了能退吗", "paste")
    titles = page.eval_on_selector_all("li.kb-search__item .kb-search__title", "spans => spans.map(s => s.textContent)")
    assert titles
    results = page.locator("#kb-search-results")
    for title in titles:
        assert results.get_by_role("link", name=title, exact=True).count() >= 1, title
    assert watch.problems() == []
    context.close()
