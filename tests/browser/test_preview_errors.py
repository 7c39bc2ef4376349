"""`kb serve` in a real browser: a content error appears in a banner on the open page (as text, never
as markup), the page keeps its last good content, and the banner goes once the error is fixed."""

from __future__ import annotations

from pathlib import Path

from browser_support import PHONE
from support import Preview, edit

PAGE = "causes/repeat-press.html"
CAUSE = "content/causes/repeat-press.yaml"
BAD = '"<img src=x onerror=window.hacked=1>"'
ERROR = (f"{CAUSE}:3:9: key 'status': expected one of verified, unverified, corrected, got "
         "'<img src=x onerror=window.hacked=1>'; hint: verified (an outside reference confirms it), unverified (only "
         "the articles say it) or corrected (an article said something wrong; 'correction' says what is true).")


def test_a_content_error_shows_in_the_open_page_until_fixed(browser, small_kb: Path, tmp_path: Path) -> None:
    preview = Preview(small_kb, tmp_path / "serve.log")
    try:
        preview.wait_for(PAGE, "收银员重复操作")
        context = browser.new_context(viewport=PHONE)
        page = context.new_page()
        page.goto(preview.url(PAGE))
        assert page.locator("#kb-preview-errors").count() == 0
        edit(small_kb / CAUSE, "status: unverified", f"status: {BAD}")
        banner = page.locator("#kb-preview-errors")
        banner.wait_for(timeout=120_000)  # the preview reloads the page after the rebuild
        lines = banner.locator("div").all_inner_texts()
        assert lines == [ERROR]
        assert banner.get_attribute("role") == "alert"
        assert banner.locator("img").count() == 0
        assert page.evaluate("window.hacked") is None
        assert page.locator("article h1").inner_text().strip() == "收银员重复操作"  # the last good page
        edit(small_kb / CAUSE, f"status: {BAD}", "status: unverified")
        banner.wait_for(state="detached", timeout=120_000)
        assert page.locator("article h1").inner_text().strip() == "收银员重复操作"
        context.close()
    finally:
        preview.stop()
