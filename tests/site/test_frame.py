"""Escalation and the page frame (issue 23, part 7): problem pages name the escalation steps, the police
branch says when to take it, the edit link sits at the page foot, and Chinese prose has Chinese punctuation."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from support import REPO
from generator.pipeline import check

EDIT_BASE = "https://github.com/pos-kb/pos-kb/edit/main/"
EDIT_LINK = re.compile(r'<p class="kb-edit" data-pagefind-ignore>内容有误？<a href="([^"]+)" rel="edit">'
                       r"在 GitHub 上修改这一页</a></p>")
_CJK = "\u3400-\u4dbf\u4e00-\u9fff\u3000-\u303f\uff00-\uffef“”"
ASCII_IN_CHINESE = re.compile(f'(?<=[{_CJK}])[ "]*[,;:()?!"]|[,;:()?!"](?=[ "]*[{_CJK}])')


@pytest.fixture(scope="module")
def kb():
    return check(REPO).kb


def read(site: Path, rel: str) -> str:
    return (site / rel).read_text(encoding="utf-8")


def visible(page: str) -> str:
    """The text a reader sees, without scripts, styles and drawings, whitespace collapsed."""
    page = re.sub(r"<(script|style|svg)\b.*?</\1>", " ", page, flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))


def test_problem_pages_name_the_escalation_steps_in_order_and_the_police_branch_by_when(real_site, kb) -> None:
    police = kb.get("escalation", "police-report")
    assert police.title == "卡被盗刷或被骗：马上报警"
    for problem_id, problem in kb.items["problems"].items():
        page = read(real_site, f"problems/{problem_id}.html")
        start = page.index(">还是解决不了？</h2>")
        part = page[start:page.index('<h2 id="', start)]
        ladder = [s for s in problem.escalation if kb.get("escalation", s).path == "ladder"]
        [steps] = re.findall(r"<ol>\n(.*?)</ol>", part, re.S)
        assert re.findall(r'<li><a href="\.\./escalation/index\.html#([a-z-]+)">([^<]+)</a></li>', steps) == \
            [(s, kb.get("escalation", s).title) for s in ladder], problem_id
        assert not re.search(r"第\s*\d+\s*级", visible(page)), problem_id
        if "police-report" in problem.escalation:
            assert '<p class="admonition-title">卡被盗刷或被骗：马上报警</p>' in part
            assert 'href="../escalation/index.html#police-report">去哪里报、带什么</a>' in part
    assert "只有涉嫌盗刷或诈骗时才报警" not in visible(read(real_site, "escalation/index.html"))
    assert re.search(r'<h2 id="police-report">卡被盗刷或被骗：马上报警</h2>',
                     read(real_site, "escalation/index.html"))


def test_edit_link_is_at_the_page_foot_never_beside_the_title(real_site) -> None:
    pages = {"problems/overcharged.html": EDIT_BASE + "content/problems/overcharged.yaml",
             "evidence/sales-slip.html": EDIT_BASE + "content/evidence/sales-slip.yaml",
             "glossary/index.html": EDIT_BASE.replace("/edit/", "/tree/") + "content/glossary/",
             "checklists/overcharged/cardholder/index.html":  # its main situation's steps and blanks
                 EDIT_BASE + "content/outcomes/cardholder-overcharged-unsure.yaml"}
    for rel, target in pages.items():
        page = read(real_site, rel)
        assert EDIT_LINK.findall(page) == [target], rel
        assert "md-content__button" not in page and 'rel="edit"' not in page[:page.index("<h1")], rel
        foot = page.index('<p class="kb-edit"')
        assert foot > page.rindex("</h2>") and foot > page.rindex("<h1"), rel  # after all of the page's text
        assert page.index("</article>") > foot  # still in the page, not in the site footer


def test_chinese_prose_on_every_page_has_chinese_punctuation(real_site) -> None:
    found = []
    for path in sorted(real_site.rglob("*.html")):
        rel = path.relative_to(real_site).as_posix()
        if re.fullmatch(r"sources/a\d+\.html", rel):
            continue  # the source articles, shown as they were written
        page = path.read_text(encoding="utf-8")
        # Quotes from the articles keep the article's punctuation.
        page = re.sub(r'<a href="[^"]*sources/a\d+\.html">[^<]*</a>：“.*?”</li>', "", page, flags=re.S)
        text = visible(page)
        found += [f"{rel}: {text[max(m.start() - 10, 0):m.end() + 10]}" for m in ASCII_IN_CHINESE.finditer(text)]
    assert found == []
