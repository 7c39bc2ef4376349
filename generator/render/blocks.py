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

from ..model.kinds import KIND_LABELS
from ..rules.normalize import display_text
from ..validate.knowledge import KnowledgeBase, Link

BACKLINK_LIMIT = 40
"""Most items listed under "referenced by" on an item page; a hub (an article cited by thousands of
items) says how many there are instead of listing all, so no page grows with the whole knowledge base."""

_MD_SPECIAL = re.compile(r"([\\`*_\[\]{}#|])")
_BLOCK_START = re.compile(r"^(?:([-+=:!?~])|(\d+)([.)]))(?=.)")
"""A value starting like a list item, rule, admonition (!!!) or details block (???) is neutralised;
a bare marker printed by a template ("-", "1.") is left alone."""
_KIND_ORDER = {kind: i for i, kind in enumerate(KIND_LABELS)}


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


class PageBlocks:
    """The recurring blocks of one page; ``link(kind, id)`` gives a page-relative Markdown link."""

    def __init__(self, kb: KnowledgeBase, link: Callable[[str, str], Markup]):
        self.kb = kb
        self.link = link

    def links(self, kind: str, ids: Iterable[str], ordered: bool = False) -> Markup:
        """A bullet (or numbered) list of links to items of one kind, a line each."""
        link = self.link
        return Markup("".join(f"{f'{n}.' if ordered else '-'} {link(kind, item_id)}\n"
                              for n, item_id in enumerate(ids, 1)))

    def sources(self, item: Any, level: str = "##") -> Markup:
        """The "来源" section: each article quote or outside reference with its note."""
        out = [f"{level} 来源\n\n"]
        for src in item.sources:
            if src.article:
                out.append(f"- {self.link('articles', src.article)}：“{md_escape(src.quote)}”\n")
            else:
                note = f"：{md_escape(src.note)}" if src.note else ""
                out.append(f"- {self.link('references', src.reference)}{note}\n")
        return Markup("".join(out))

    def referenced_count(self, kind: str, item_id: str) -> int:
        """How many distinct items link to this one."""
        return backlink_total(self.kb.backlinks.get((kind, item_id), []))

    def referenced_by(self, kind: str, item_id: str, level: str = "##", limit: int | None = None) -> Markup:
        """The "被以下内容引用" section (empty if nothing links here), at most ``limit`` entries."""
        shown = limit or BACKLINK_LIMIT
        links = self.kb.backlinks.get((kind, item_id), [])
        groups = backlink_groups(links, shown)
        if not groups:
            return Markup("")
        out = [f"{level} 被以下内容引用\n\n"]
        for source_kind, entries in groups:
            out.append(f"- {KIND_LABELS[source_kind]}：{'、'.join(self.link(k, i) for k, i in entries)}\n")
        total = backlink_total(links)
        if total > shown:
            out.append(f"共有 {total} 个条目引用了这里，以上只列出前 {shown} 个。\n\n")
        return Markup("".join(out))

    def footer(self, kind: str, item: Any, level: str = "##", limit: int | None = None) -> Markup:
        """Sources, then the backlinks: the end of every item page, left out of the search index."""
        return Markup(f'<div data-pagefind-ignore="all" markdown>\n\n{self.sources(item, level)}\n\n'
                      f'{self.referenced_by(kind, item.id, level, limit)}\n\n</div>')
