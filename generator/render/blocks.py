"""Escaping, and the Markdown blocks that recur on every item page.

Link lists and the footer (sources, then "referenced by") appear on thousands of
pages. They are built here with plain string work rather than Jinja macros, which
cost several times more per call. Every content value printed here goes through
md_escape, exactly as template output does through the environment's finalize.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache
from typing import Any, Callable, Iterable

from markupsafe import Markup

from ..model.kindspec import BY_KIND
from ..rules.normalize import display_text
from ..validate.knowledge import KnowledgeBase, Link

BACKLINK_LIMIT = 40
"""Most items listed under "referenced by" on an item page; a hub (an article cited by thousands of
items) says how many there are instead of listing all, so no page grows with the whole knowledge base."""

_MD_SPECIAL = re.compile(r"([\\`*_\[\]{}#|])")
_BLOCK_START = re.compile(r"^(?:([-+=:!?~])|(\d+)([.)]))(?=.)")
"""A value starting like a list item, rule, admonition (!!!) or details block (???) is neutralised;
a bare marker printed by a template ("-", "1.") is left alone."""
_KIND_ORDER = {kind: i for i, kind in enumerate(BY_KIND)}


def md_escape(value: Any) -> str:
    """Escape a content value for Markdown: no HTML, no emphasis, no links, one line."""
    return _md_escape_text(str(value))


@lru_cache(maxsize=1 << 16)
def _md_escape_text(text: str) -> str:
    """md_escape for a text; cached, since titles are printed on every page that links to them.

    The text is first what the lint checked (``display_text``: lines joined, no spaces between CJK
    characters, no invisible characters), then escaped."""
    text = html.escape(display_text(text), quote=False)
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return _BLOCK_START.sub(lambda m: f"&#{ord(m[1])};" if m[1] else f"{m[2]}\\{m[3]}", text)


def backlink_total(links: Iterable[Link]) -> int:
    """How many distinct items link here."""
    return len({(link.source_kind, link.source_id) for link in links})


def backlink_groups(links: Iterable[Link], limit: int | None = None) -> list[tuple[str, list[tuple[str, str]]]]:
    """Group backlinks by source kind, deduplicated, in a stable order; at most ``limit`` items in all."""
    groups: dict[str, list[tuple[str, str]]] = {}
    seen: set[tuple[str, str]] = set()
    for link in links:
        entry = (link.source_kind, link.source_id)
        if entry in seen:
            continue
        seen.add(entry)
        if limit is None or len(seen) <= limit:
            groups.setdefault(link.source_kind, []).append(entry)
    return sorted(groups.items(), key=lambda kv: _KIND_ORDER[kv[0]])


STATUS_LABELS = {"verified": "已核实", "unverified": "未经核实", "corrected": "已更正"}
"""The box title of each status; plain advice ("advice") has no box."""
_BOX = {"verified": "success", "unverified": "warning", "corrected": "danger"}
METHOD_PAGE = "method.md"
"""The reader's note on method, linked from every status box."""
_UNVERIFIED_ITEM = "上面的说明只见于网络文章，还没有找到权威来源证实，请以银行或支付机构的答复为准。"
_UNVERIFIED_CLAIM = "这一说法只见于网络文章，还没有找到权威来源证实。"


class PageBlocks:
    """The recurring blocks of one page; ``link(kind, id)`` gives a page-relative Markdown link,
    ``url(docs path)`` a page-relative address."""

    def __init__(self, kb: KnowledgeBase, link: Callable[[str, str], Markup], url: Callable[[str], str]):
        self.kb = kb
        self.link = link
        self.url = url

    def cites(self, sources: Iterable[Any], articles: bool = False) -> Markup:
        """The outside references of some sources, each once, linked (to the statement cited, when one is),
        followed by the pinpoints of the statements cited: 《A》第四条、第七条；《B》; then, with ``articles``,
        the articles quoted."""
        cited: dict[str, list[Any]] = {}
        quoted: dict[str, None] = {}
        for src in sources:
            if src.reference:
                cited.setdefault(src.reference_id, []).append(src)
            elif src.article:
                quoted[src.article] = None
        out = []
        for ref_id, srcs in cited.items():
            named = list(dict.fromkeys(src.reference for src in srcs if src.statement_id))
            target = named[0] if len(named) == 1 and len(srcs) == 1 else ref_id
            pins = dict.fromkeys(pin for pin in map(self.kb.pinpoint_of, srcs) if pin)
            out.append(f"{self.link('references', target)}{md_escape('、'.join(pins))}")
        out += [self.link("articles", article) for article in quoted] if articles else []
        return Markup("；".join(out))

    def cites_claims(self, claims: list[Any]) -> Markup:
        """The 依据 of claims in a row that rest on one reference alone, shown once after the last of them: the
        reference, then each claim's pinpoints in turn (《A》第十八条、第四十三条；第二十条). One claim: ``cites``."""
        if len(claims) == 1:
            return self.cites(claims[0].sources, articles=True)
        pins = ["、".join(dict.fromkeys(pin for pin in map(self.kb.pinpoint_of, claim.sources) if pin))
                for claim in claims]
        return Markup(f"{self.link('references', claims[0].sources[0].reference_id)}"
                      f"{md_escape('；'.join(pin for pin in pins if pin))}")

    def basis(self, sources: Iterable[Any]) -> str:
        """The "依据" line: each outside reference, linked to its page, with the part that says it."""
        cites = self.cites(sources)
        return f"依据：{cites}" if cites else ""

    def origin(self, sources: Iterable[Any]) -> str:
        """The "出处" line: the articles a statement was taken from (never its basis)."""
        ids = list(dict.fromkeys(src.article for src in sources if src.article))
        return f"出处：{'、'.join(self.link('articles', a) for a in ids)}" if ids else ""

    def box(self, status: str, lines: list[str]) -> str:
        """One status box (a Markdown admonition) holding the given paragraphs and the method link."""
        method = f"[“{STATUS_LABELS[status]}”是什么意思？]({self.url(METHOD_PAGE)})"
        body = "\n\n".join(f"    {line}" for line in [*lines, method] if line)
        return f'!!! {_BOX[status]} "{STATUS_LABELS[status]}"\n{body}\n\n'

    def statement(self, status: str, sources: tuple, text: str | None, correction: str | None) -> str:
        """The box of one statement: its own text (claims), then 依据 or 出处, then the method link."""
        lines = [md_escape(text)] if text else []
        if status == "corrected":
            lines += [f"更正：{md_escape(correction)}", self.basis(sources)]
        elif status == "verified":
            lines.append(self.basis(sources))
        else:
            lines += [_UNVERIFIED_CLAIM if text else _UNVERIFIED_ITEM, self.origin(sources)]
        return self.box(status, lines)

    def status(self, item: Any, claims: bool = True) -> Markup:
        """The item's own box (none for plain advice), then one box per claim (unless the page shows
        the claims itself, as the escalation rungs do)."""
        out = []
        if item.status != "advice":
            out.append(self.statement(item.status, item.sources, None, item.correction))
        for claim in item.claims if claims else ():
            out.append(self.statement(claim.status, claim.sources, self.kb.claim_text(claim), claim.correction))
        return Markup("".join(out))

    def links(self, kind: str, ids: Iterable[str], ordered: bool = False) -> Markup:
        """A bullet (or numbered) list of links to items of one kind, a line each."""
        link = self.link
        return Markup("".join(f"{f'{n}.' if ordered else '-'} {link(kind, item_id)}\n"
                              for n, item_id in enumerate(ids, 1)))

    def sources(self, item: Any, level: str = "##") -> Markup:
        """The "来源" section: outside references (依据) apart from article quotes (出处)."""
        refs = [s for s in item.sources if s.reference]
        quotes = [s for s in item.sources if s.article]
        if not refs and not quotes:
            return Markup("")
        out = [f"{level} 来源\n\n"]
        if refs:
            out.append("**依据**（外部资料）：\n\n")
            for src in refs:
                # a cited statement is shown from its reference: its pinpoint and its text
                statement = self.kb.statement_of(src)
                pin = md_escape(statement.pinpoint or "") if statement else ""
                text = f"：{md_escape(statement.text)}" if statement else ""
                out.append(f"- {self.link('references', src.reference)}{pin}{text}\n")
            out.append("\n")
        if quotes:
            out.append("**出处**（原始文章中的说法，不是依据）：\n\n")
            for src in quotes:
                out.append(f"- {self.link('articles', src.article)}：“{md_escape(src.quote)}”\n")
        return Markup("".join(out))

    def referenced_count(self, kind: str, item_id: str) -> int:
        """How many distinct items link to this one."""
        return backlink_total(self.kb.backlinks.get((kind, item_id), []))

    def referenced_by(self, kind: str, item_id: str, level: str = "##", limit: int | None = None,
                      title: str = "提到本条的页面") -> Markup:
        """The "提到本条的页面" section (empty if nothing links here), at most ``limit`` entries."""
        shown = limit or BACKLINK_LIMIT
        links = self.kb.backlinks.get((kind, item_id), [])
        groups = backlink_groups(links, shown)
        if not groups:
            return Markup("")
        out = [f"{level} {title}\n\n"]
        for source_kind, entries in groups:
            out.append(f"- {BY_KIND[source_kind].label}：{'、'.join(self.link(k, i) for k, i in entries)}\n")
        total = backlink_total(links)
        if total > shown:
            out.append(f"共有 {total} 个条目引用了这里，以上只列出前 {shown} 个。\n\n")
        return Markup("".join(out))

    def footer(self, kind: str, item: Any, level: str = "##", limit: int | None = None) -> Markup:
        """Sources, then the backlinks: the end of every item page, left out of the search index."""
        return Markup(f'<div data-pagefind-ignore="all" markdown>\n\n{self.sources(item, level)}\n\n'
                      f'{self.referenced_by(kind, item.id, level, limit)}\n\n</div>')
