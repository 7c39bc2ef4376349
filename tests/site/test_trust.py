"""Trust on the built site: every status box is about one statement and shows why.

Checked on a real build of the real content: a verified box holds only verified statements and
links the references they rest on; every box links the note on method; reference pages link the
official texts; article pages count what was removed without showing it or naming rules or paths.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from support import REPO
from generator.pipeline import check
from generator.model.kindspec import page_path

BOX = re.compile(r'<div class="admonition (success|warning|danger)">\s*<p class="admonition-title">([^<]*)</p>(.*?)</div>',
                 re.S)
STATUS_OF_BOX = {"已核实": "verified", "未经核实": "unverified", "已更正": "corrected"}
TAG = re.compile(r"<[^>]+>")


@pytest.fixture(scope="module")
def kb():
    result = check(REPO)
    assert not result.errors, "\n".join(map(str, result.errors))
    return result.kb


def squash(text: str) -> str:
    return re.sub(r"\s+", "", html.unescape(TAG.sub("", text)))


def statements(kb):
    """(kind, id, claim or None, status, sources, text) of every item's own text and every claim."""
    for kind, items in kb.items.items():
        if kind in ("articles", "references"):
            continue
        for item_id, item in items.items():
            if not hasattr(item, "status"):
                continue  # triage questions and outcomes state no fact of their own
            yield kind, item_id, None, item.status, item.sources, None
            for claim in item.claims:  # a claim without text shows the statements it cites
                yield kind, item_id, claim, claim.status, claim.sources, kb.claim_text(claim)


def boxes(site: Path):
    """(page, status, body html) of every status box on the site (caution boxes are not status boxes)."""
    for path in sorted(site.rglob("*.html")):
        for css, title, body in BOX.findall(path.read_text(encoding="utf-8")):
            if title in STATUS_OF_BOX:
                yield path.relative_to(site).as_posix(), STATUS_OF_BOX[title], body


def linked_references(body: str) -> set[str]:
    return {m for m in re.findall(r'href="(?:\.\./)*references/([a-z0-9-]+)\.html(?:#[a-z0-9-]+)?"', body)}


def test_each_verified_box_holds_one_verified_statement_and_links_its_references(real_site: Path, kb) -> None:
    claims = {squash(text): (k, i, c) for k, i, c, *_r, text in statements(kb) if c is not None}
    unverified = [squash(text) for *_r, status, _s, text in statements(kb) if text and status != "verified"]
    checked, wrong = 0, []
    for page, status, body in boxes(real_site):
        if status != "verified":
            continue
        checked += 1
        paragraphs = [squash(p) for p in re.findall(r"<p>(.*?)</p>", body, re.S)]
        refs = linked_references(body)
        if paragraphs and paragraphs[0] in claims:
            kind, item_id, claim = claims[paragraphs[0]]
            expected = {s.reference_id for s in claim.sources if s.reference}
            if claim.status != "verified" or refs != expected or not expected:
                wrong.append(f"{page}: claim of {kind}/{item_id} is {claim.status}, links {sorted(refs)}")
        else:
            # The item's own box: an item shown on this page, verified, resting on exactly these references.
            owners = [(k, i) for k, i, c, st, src, _t in statements(kb) if c is None and st == "verified"
                      and page_path(k, i).split("#")[0].replace(".md", ".html") == page
                      and refs == {s.reference_id for s in src if s.reference}]
            if not refs or not owners:
                wrong.append(f"{page}: verified box linking {sorted(refs)} belongs to no verified item here")
        text = squash(body)
        wrong += [f"{page}: unverified statement inside a verified box: {u[:20]}" for u in unverified if u in text]
        if "出处：" in text:
            wrong.append(f"{page}: an article quote is given as the basis of a verified box")
    assert wrong == []
    assert checked >= 10


def test_every_status_box_links_the_note_on_method(real_site: Path) -> None:
    found = list(boxes(real_site))
    assert len(found) >= 20
    missing = [page for page, _status, body in found if not re.search(r'href="(?:\.\./)*method\.html"', body)]
    assert missing == []


def test_plain_advice_has_no_box(real_site: Path, kb) -> None:
    advice = [(k, i) for k, i, c, st, *_ in statements(kb) if c is None and st == "advice" and k != "escalation"]
    assert ("prevention", "beware-scams") in advice  # the scam warning facts.md asks for is advice, not a doubt
    for kind, item_id in advice:
        page = (real_site / page_path(kind, item_id).replace(".md", ".html")).read_text(encoding="utf-8")
        titles = [t for _c, t, _b in BOX.findall(page) if t in STATUS_OF_BOX]
        assert len(titles) == len(kb.get(kind, item_id).claims), f"{kind}/{item_id}: {titles}"


def test_reference_pages_link_at_least_four_official_sources(real_site: Path, kb) -> None:
    official = set()
    for ref_id, ref in kb.items["references"].items():
        page = (real_site / f"references/{ref_id}.html").read_text(encoding="utf-8")
        links = re.findall(r'<a class="kb-official" href="([^"]+)"', page) + \
            re.findall(r'<a href="([^"]+)" class="kb-official"', page)
        if ref.url:
            assert links == [ref.url], ref_id
            official.add(ref.url)
        else:
            assert links == [] and "没有可以直接链接的官方全文" in page, ref_id
    hosts = {urlsplit(u).hostname for u in official}
    assert all(h == "gov.cn" or h.endswith(".gov.cn") for h in hosts), hosts
    assert len(official) >= 4 and len(hosts) >= 4, official


def test_basis_line_names_the_article_of_the_regulation(real_site: Path) -> None:
    page = (real_site / "escalation/index.html").read_text(encoding="utf-8")
    assert ('依据：<a href="../references/complaint-rules-2020.html">银行业保险业消费投诉处理管理办法（2020年）</a>'
            '第十八条、第四十三条') in page


REPO_PATH = re.compile(r"content/|\.ya?ml\b|\.txt\b|generator/|rules/")


def visible(page_html: str) -> str:
    body = re.sub(r"<(script|style|svg)\b.*?</\1>", "", page_html, flags=re.S)
    attrs = " ".join(re.findall(r'(?:title|alt|aria-label)="([^"]*)"', body))
    return html.unescape(TAG.sub(" ", body)) + " " + attrs


def test_no_page_shows_a_repository_path_a_rule_id_or_a_removed_passage(real_site: Path, kb) -> None:
    from generator.rules.loader import load_rules

    rules, _ = load_rules(REPO)
    rule_ids = [r.id for r in rules.rules]
    removed = [r.text.strip() for result in kb.articles_clean.values() for r in result.removals
               if r.action != "repaired" and len(r.text.strip()) >= 6]
    assert len(removed) > 50
    hits = []
    for path in sorted(real_site.rglob("*.html")):
        text = visible(path.read_text(encoding="utf-8"))
        name = path.relative_to(real_site).as_posix()
        hits += [f"{name}: path {m!r}" for m in REPO_PATH.findall(text)]
        hits += [f"{name}: rule id {r}" for r in rule_ids if re.search(rf"(?<![a-z-]){re.escape(r)}(?![a-z-])", text)]
        squashed = re.sub(r"\s+", "", text)
        hits += [f"{name}: removed passage {p[:20]!r}" for p in removed if re.sub(r"\s+", "", p) in squashed]
    assert hits == []


def test_article_page_counts_what_was_removed_by_family(real_site: Path) -> None:
    page = (real_site / "sources/a001.html").read_text(encoding="utf-8")
    rows = dict(re.findall(r"<tr>\s*<td>([^<]+)</td>\s*<td>(\d+)</td>\s*</tr>", page))
    assert set(rows) >= {"广告推广", "错别字（已改正）", "目录残留"}
    assert all(int(n) > 0 for n in rows.values())
    assert "本指南从这篇文章采用的内容" in page and 'href="../remedies/contact-acquirer.html"' in page
