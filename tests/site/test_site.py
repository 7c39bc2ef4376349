"""Whole-site tests on a real build of the real content (`kb build`)."""

from __future__ import annotations

import gzip
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from support import REPO, run_kb
from generator.model.kindspec import KIND_SPECS, page_path
from generator.model.prose import with_titles
from generator.pipeline import check
from generator.rules.lint import lint_text

SITE_PREFIX = "/pos-kb/"
"""Path of site_url in mkdocs.yml."""
SPAM = ["qianpos", "ttpos", "mepos", "lovepos", "ka卡", "KA卡", "炸骗", "七咋", "积芬", "POSS", "信xi息",
        "微信复制成功", "免费申请", "办理入口", "官网申请", "点击网址", "一清机", "激活", "在此处"]


class Page(HTMLParser):
    """Collects links, ids and visible text of one HTML page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.text: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "style", "svg"):
            self._skip += 1
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        for key in ("href", "src"):
            if attrs.get(key):
                self.links.append(attrs[key])

    def handle_endtag(self, tag):
        if tag in ("script", "style", "svg") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.text.append(data)


@pytest.fixture(scope="module")
def pages(real_site: Path) -> dict[Path, Page]:
    parsed = {}
    for path in sorted(real_site.rglob("*.html")):
        page = Page()
        page.feed(path.read_text(encoding="utf-8"))
        parsed[path] = page
    return parsed


@pytest.fixture(scope="module")
def kb():
    result = check(REPO)
    assert not result.errors, "\n".join(map(str, result.errors))
    return result.kb


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_real_content_passes_check() -> None:
    result = run_kb("check")
    assert result.returncode == 0, result.stderr
    assert "error" not in result.stderr


def test_every_internal_link_and_anchor_resolves(real_site: Path, pages: dict[Path, Page]) -> None:
    external, broken = set(), []
    for path, page in pages.items():
        for link in page.links:
            parts = urlsplit(link)
            if parts.scheme in ("http", "https", "mailto") or link.startswith("//"):
                external.add(f"{parts.scheme}://{parts.netloc}")
                continue
            if parts.scheme:  # javascript:, data: ... never generated
                broken.append(f"{path.relative_to(real_site)}: {link}")
                continue
            if parts.path.startswith(SITE_PREFIX):  # 404.html uses absolute paths under site_url
                target = real_site / unquote(parts.path[len(SITE_PREFIX):])
            else:
                target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                broken.append(f"{path.relative_to(real_site)}: {link}")
            elif parts.fragment and target.suffix == ".html" and parts.fragment not in pages[target].ids:
                broken.append(f"{path.relative_to(real_site)}: {link} (missing anchor)")
    assert broken == []
    # Outside links: "edit this page" (the repository), canonical links to the published site itself, and the
    # official texts that the reference pages link (each checked against the allowlist by kb check).
    assert external == {"https://github.com", "https://pos-kb.github.io", "http://www.gov.cn", "https://flk.npc.gov.cn",
                        "https://www.qinghai.gov.cn", "https://www.nfra.gov.cn", "https://www.pbc.gov.cn"}


def test_every_page_exists(real_site: Path, kb) -> None:
    expected = ["index.html", "escalation/index.html", "sources/index.html", "checklists/index.html",
                "glossary/index.html", "404.html"]
    expected += [f"{spec.kind}/index.html" for spec in KIND_SPECS if spec.section]
    expected += [page_path(spec.kind, item_id).replace(".md", ".html") for spec in KIND_SPECS if spec.own_page
                 for item_id in kb.items[spec.kind]]
    expected += [f"checklists/{p}/{role}/index.html" for p in kb.items["problems"] for role in kb.roles_of(kb.get("problems", p))]
    expected += [f"checklists/{o}/index.html" for o in kb.items["outcomes"]]
    expected += [f"sources/{a}.html" for a in kb.items["articles"]]
    expected += ["method.html"]
    assert [p for p in expected if not (real_site / p).is_file()] == []


def full_texts(kb) -> list[tuple[str, str]]:
    """(item, text) for every long text that must be rendered exactly once."""
    fields = {"problems": ["description"], "causes": ["explanation"], "remedies": ["how", "caution"],
              "escalation": ["when", "move_on", "expect"], "evidence": ["description"],
              "prevention": ["tip"]}
    out = []

    def title(kind: str, item_id: str) -> str | None:
        item = kb.items.get(kind, {}).get(item_id)
        return item.title if item else None

    for kind, names in fields.items():
        for item_id, item in kb.items[kind].items():
            for name in names:
                value = getattr(item, name)
                for text in (value if isinstance(value, tuple) else (value,)):
                    if text and len(squash(text)) >= 8:
                        out.append((f"{kind}/{item_id}.{name}", squash(with_titles(text, title))))
            for n, claim in enumerate(item.claims):
                if claim.text:  # a claim without text shows its references' statements, which are shown where cited
                    out.append((f"{kind}/{item_id}.claims[{n}]", squash(with_titles(claim.text, title))))
    return out


def is_letter(path: Path, kb) -> bool:
    """A letter page (checklists/<problem>/<role>/<letter>.html or letters/<letter>.html)."""
    return path.stem in kb.items["letters"] and path.parent.name in ("letters", "cardholder", "merchant")


def test_each_full_text_appears_exactly_once(pages: dict[Path, Page], kb) -> None:
    # A letter is sent on paper, so it carries the verified statements it cites (README, "Filling in
    # on the device"); every other page links them.
    corpus = [squash("".join(page.text)) for path, page in pages.items() if not is_letter(path, kb)]
    texts = full_texts(kb)
    assert len(texts) > 50
    wrong = {label: sum(body.count(text) for body in corpus) for label, text in texts}
    assert {label: n for label, n in wrong.items() if n != 1} == {}


def test_a_reference_statement_has_its_anchor_and_is_shown_where_it_is_cited(real_site: Path,
                                                                           pages: dict[Path, Page], kb) -> None:
    """A statement has one home, its reference's page (an anchor per statement); each item that cites it shows
    its text and links that anchor."""
    wrong = []
    for ref_id, ref in kb.items["references"].items():
        page = pages[real_site / f"references/{ref_id}.html"]
        text = squash("".join(page.text))
        wrong += [f"{ref_id}#{s.id}" for s in ref.statements if s.id not in page.ids or squash(s.text) not in text]
    cited = 0
    for kind in ("problems", "causes", "remedies", "evidence", "prevention"):
        for item_id, item in kb.items[kind].items():
            path = real_site / f"{kind}/{item_id}.html"
            raw = path.read_text(encoding="utf-8")
            text = squash("".join(pages[path].text))
            for src in item.sources:
                if src.statement_id:
                    cited += 1
                    statement = kb.statement_of(src)
                    if squash(statement.text) not in text or \
                            f'references/{src.reference_id}.html#{src.statement_id}"' not in raw:
                        wrong.append(f"{kind}/{item_id}: {src.reference}")
    assert wrong == []
    assert cited >= 20


def search_fragments(real_site: Path) -> dict[str, dict]:
    """Pagefind's per-page records (gzip, a signature, then JSON): what search shows and searches.
    Pagefind marks the word breaks it found in Chinese text with U+200B; they are removed here."""
    out = {}
    for path in sorted((real_site / "pagefind" / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(path.read_bytes())
        record = json.loads(data[data.index(b"{"):])
        record["content"] = record["content"].replace("\u200b", "")
        out[str(path.relative_to(real_site))] = record
    return out


def site_texts(real_site: Path, pages: dict[Path, Page]) -> dict[str, str]:
    texts = {str(p.relative_to(real_site)): "".join(page.text) for p, page in pages.items()}
    for name, record in search_fragments(real_site).items():
        texts[name] = json.dumps(record, ensure_ascii=False)
    return texts


def test_no_forbidden_string_reaches_the_site(real_site: Path, pages: dict[Path, Page], kb) -> None:
    from generator.rules.loader import load_rules

    from generator.rules.model import RuleSet

    loaded, _ = load_rules(REPO)
    own_host = "pos-kb.github.io"  # links to the guide itself are allowed
    rules = RuleSet(loaded.rules, loaded.allowlist + (own_host,), loaded.phones)
    hits = []
    for name, text in site_texts(real_site, pages).items():
        for finding in lint_text(text, rules):
            hits.append(f"{name}: {finding.rule_id}: {text[finding.offset:finding.offset + finding.length]!r}")
        raw = text if name.endswith(".pf_fragment") else (real_site / name).read_text(encoding="utf-8")
        hits += [f"{name}: {word}" for word in SPAM if word.lower() in raw.lower()]
    assert hits == []


def test_search_indexes_reader_pages_only(real_site: Path, kb) -> None:
    """Problems, causes, remedies, evidence, prevention, the escalation ladder and triage outcomes; no
    article, source, section index, checklist, triage question or home page."""
    indexed = sorted(record["url"].lstrip("/") for record in search_fragments(real_site).values())
    expected = sorted([f"{spec.kind}/{item_id}.html" for spec in KIND_SPECS if spec.section
                       for item_id in kb.items[spec.kind]] + ["escalation/index.html"]
                      + [f"triage/{outcome_id}.html" for outcome_id in kb.items["outcomes"]])
    assert indexed == expected


def test_search_records_hold_the_page_text_and_hidden_search_terms(real_site: Path, kb) -> None:
    records = {r["url"]: r for r in search_fragments(real_site).values()}
    terms = kb.get("causes", "fraud-or-unauthorized").search_terms
    fraud = records["/causes/fraud-or-unauthorized.html"]
    # The terms also as metadata, space-separated: Pagefind indexes that whole, word by word,
    # where it would split the page text (被盗刷 into 被盗 + 刷).
    assert fraud["meta"] == {"title": kb.get("causes", "fraud-or-unauthorized").title, "kind": "可能原因",
                             "terms": " ".join(terms)}
    for term in terms:
        assert term in fraud["content"]
    html = (real_site / "causes/fraud-or-unauthorized.html").read_text(encoding="utf-8")
    assert (f'<div hidden data-pagefind-weight="5" data-pagefind-meta="terms:{" ".join(terms)}">'
            f'{"，".join(terms)}</div>') in html
    # The sources and backlinks at the foot of a page are not searched.
    overcharged = records["/problems/overcharged.html"]["content"]
    assert "被以下内容引用" not in overcharged and "由于各种原因导致重复扣费或异常扣费的情况" not in overcharged


def test_every_page_has_an_edit_link_to_its_source(real_site: Path) -> None:
    missing, wrong = [], []
    edit = re.compile(r'<a href="https://github\.com/pos-kb/pos-kb/(edit|tree)/main/([^"]+)"[^>]*rel="edit"')
    for path in sorted(real_site.rglob("*.html")):
        if path.name == "404.html":
            continue
        match = edit.search(path.read_text(encoding="utf-8"))
        if not match:
            missing.append(str(path.relative_to(real_site)))
            continue
        mode, source = match.groups()
        target = REPO / source
        if (mode == "edit" and not (target.is_file() and target.suffix == ".yaml")) or \
                (mode == "tree" and not target.is_dir()):
            wrong.append(f"{path.relative_to(real_site)} -> {mode} {source}")
    assert missing == [] and wrong == []
    item = (real_site / "causes/network-timeout.html").read_text(encoding="utf-8")
    assert "edit/main/content/causes/network-timeout.yaml" in item


_SEE = re.compile(r"见“(?!<a )([^”<]{1,40})”")
"""'见“…”' whose quoted words are not a link: a pointer to another page by its title alone."""


def test_every_see_also_pointer_is_a_link(real_site: Path) -> None:
    """Prose points to another page with a cross-reference ('[[kind/id]]'), which renders as a link with
    the target's current title; a quoted title alone would go stale when that title changes."""
    unlinked = [f"{path.relative_to(real_site)}: 见“{m[1]}”" for path in sorted(real_site.rglob("*.html"))
                for m in _SEE.finditer(path.read_text(encoding="utf-8"))]
    assert unlinked == []
    page = (real_site / "remedies" / "void-transaction.html").read_text(encoding="utf-8")
    assert '只能改为“<a href="refund-transaction.html">已经结算：办理退货（可以部分退款）</a>”' in page
