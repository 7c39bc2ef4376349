"""Plain words and the slip (issue 23, part 6): the glossary in pinyin order, the trade words of the
triage questions explained, and the sales slip drawing made from the evidence items."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest

import generator
from support import edit
from generator.model.prose import with_titles
from generator.pipeline import check


def shown(kb, text: str) -> str:
    """A text as the page shows it: each cross-reference as its target's title."""
    return with_titles(text, lambda kind, item_id: getattr(kb.items.get(kind, {}).get(item_id), "title", None))


PINYIN_ORDER = ["不当得利", "参考号", "差错处理", "撤销", "冲正", "盗刷", "调单", "发卡银行", "挂失", "结算", "批次",
                "凭证号", "签购单", "清算", "商户编号", "收单机构", "授权码", "退单", "退货", "再请款", "终端",
                "终端编号"]
"""The glossary's terms in dictionary order, read by hand: bù, cān, chā, chè, chōng, dào, diào (调单, not
tiáo), fā, guà, jié, pī, píng, qiān, qīng, shāng, shōu, shòu, tuì dān before tuì huò, zài, zhōng."""
SLIP_NUMBERS = ["商户编号", "终端编号", "批次号", "凭证号", "参考号", "授权码"]


@pytest.fixture(scope="module")
def kb():
    return check(Path(__file__).resolve().parents[2]).kb


def read(site: Path, rel: str) -> str:
    return (site / rel).read_text(encoding="utf-8")


def text_of(html: str) -> str:
    return re.sub(r"\s+", "", unescape(re.sub(r"<[^>]+>", "", html)))


def figures(html: str) -> list[str]:
    return re.findall(r'<figure class="kb-slip[^"]*" data-pagefind-ignore>.*?</figure>', html, re.S)


def framed(figure: str) -> list[str]:
    """The labels a drawing marks (bold), and the labels it draws plainly."""
    return re.findall(r'<text [^>]*font-weight="700"[^>]*>([^<]+)</text>', figure)


def drawn(figure: str) -> list[str]:
    return re.findall(r"<text [^>]*>([^<]+)</text>", figure)


def test_glossary_is_in_pinyin_order_with_the_slip_numbers(real_site) -> None:
    titles = re.findall(r'<h2 id="[a-z-]+">([^<]+)<', read(real_site, "glossary/index.html"))
    assert [t for t in titles if t in PINYIN_ORDER] == PINYIN_ORDER
    assert {"授权码", "商户编号", "终端编号"} <= set(titles)


def test_trade_words_of_the_triage_questions_are_explained_on_their_pages(real_site, kb) -> None:
    for question_id, words in {"merchant-overcharged": ["结算"], "merchant-wrong-swipe": ["结算"],
                               "merchant": ["调单", "结算"], "cardholder": ["终端", "签购单"]}.items():
        html = read(real_site, f"triage/{question_id}.html")
        terms = html[html.index('id="terms"'):]
        for word in words:
            term = next(t for t in kb.items["glossary"].values() if t.title == word)
            assert f'id="term-{term.id}"' in terms, (question_id, word)
            assert text_of(shown(kb, term.definition)) in text_of(terms), (question_id, word)


def test_evidence_pages_with_slip_fields_show_the_drawing_marking_their_own(real_site, kb) -> None:
    every = [f.label for e in kb.items["evidence"].values() for f in e.on_slip]
    assert set(SLIP_NUMBERS) <= set(every)
    for evidence_id, evidence in kb.items["evidence"].items():
        html = read(real_site, f"evidence/{evidence_id}.html")
        if not evidence.on_slip:
            assert figures(html) == [], evidence_id
            continue
        [figure] = figures(html)
        assert sorted(drawn(figure)) == sorted(every + ["签购单", "持卡人签名"]), evidence_id
        own = [f.label for f in sorted(evidence.on_slip, key=lambda f: f.line)]
        assert framed(figure) == ["签购单", *own], evidence_id
        assert f"粗框是{'、'.join(own)}在签购单上的位置。" in text_of(figure)


def test_checklists_show_the_drawing_marking_the_slip_numbers_they_ask_for(real_site, kb) -> None:
    pages = sorted(p for p in real_site.glob("checklists/**/index.html") if p.parent.name != "checklists")
    assert len(pages) >= 30  # per problem and reader, and per situation
    for page in pages:
        html = page.read_text(encoding="utf-8")
        listed = re.findall(r'name="evidence-[a-z0-9-]+"> <span>([^<]+)</span>', html)
        labels = [f.label for e in kb.items["evidence"].values() if unescape(e.checklist_label) in
                  map(unescape, listed) for f in e.on_slip]
        if not labels:  # a checklist without a slip has no drawing to point at
            assert figures(html) == [], page
            continue
        [figure] = figures(html)
        assert "kb-slip--compact" in figure
        assert sorted(framed(figure)) == sorted(["签购单", *labels]), page
    overcharged = read(real_site, "checklists/not-credited/merchant/index.html")  # a checklist with every number
    assert set(SLIP_NUMBERS) <= set(framed(figures(overcharged)[0]))


def test_the_drawing_is_greyscale_and_its_labels_are_real_text(real_site) -> None:
    [figure] = figures(read(real_site, "evidence/sales-slip.html"))
    colours = set(re.findall(r'(?:fill|stroke)="(#[0-9a-f]+|[a-z]+)"', figure))
    assert colours and all(c == "none" or (len(c) == 4 and c[1] == c[2] == c[3]) for c in colours), colours
    assert re.search(r"font-family=\"'Noto Sans CJK SC',[^\"]*,sans-serif\"", figure)
    assert "<image" not in figure and "<foreignObject" not in figure


def test_the_drawing_is_made_from_the_evidence_files(small_kb: Path) -> None:
    site_url = "https://example.org/kb/"
    generator.generate(small_kb, site_url)
    page = (small_kb / "build/docs/evidence/slip.md").read_text(encoding="utf-8")
    assert drawn(figures(page)[0]) == ["签购单", "凭证号", "参考号", "持卡人签名"]
    edit(small_kb / "content/evidence/slip.yaml", "  - {label: 参考号, line: 2}\n", "  - {label: 检索参考号, line: 1}\n")
    generator.generate(small_kb, site_url)
    page = (small_kb / "build/docs/evidence/slip.md").read_text(encoding="utf-8")
    assert drawn(figures(page)[0]) == ["签购单", "凭证号", "检索参考号", "持卡人签名"]
    checklist = (small_kb / "build/docs/checklists/charged-twice/cardholder/index.md").read_text(encoding="utf-8")
    assert framed(figures(checklist)[0]) == ["签购单", "凭证号", "检索参考号"]
