"""Cross-references in rendered prose become links showing the target's current title.

Prose is escaped before it reaches a page: in Markdown text (``md_escape``) ``[[kind/id]]`` arrives as
``\\[\\[kind/id\\]\\]`` and becomes a Markdown link; in raw HTML (the ``h`` filter, on checklists) it arrives
as written and becomes an ``<a>``. ``kb check`` has made sure every id has an item and that no title or
attribute holds one, so only known targets are replaced here; anything else is left as the escaped text.
"""

from __future__ import annotations

import html
import re
from typing import Callable

from ..rules.normalize import display_text
from ..validate.knowledge import KnowledgeBase
from .blocks import md_escape

_ESCAPED = re.compile(r"\\\[\\\[([a-z]+)/([a-z0-9][a-z0-9-]*)\\\]\\\]")
_RAW = re.compile(r"\[\[([a-z]+)/([a-z0-9][a-z0-9-]*)\]\]")


def resolve_refs(text: str, kb: KnowledgeBase, page_href: Callable[[str, str], str]) -> str:
    """``text`` (a rendered page) with each cross-reference replaced by a link to its target.

    ``page_href(kind, id)`` is the page-relative Markdown address of an item's page."""
    if "[[" not in text and "\\[\\[" not in text:
        return text

    def markdown(match: re.Match) -> str:
        item = kb.items.get(match[1], {}).get(match[2])
        if item is None:
            return match[0]
        return f"[{md_escape(item.title)}]({page_href(match[1], match[2])})"

    def raw_html(match: re.Match) -> str:
        item = kb.items.get(match[1], {}).get(match[2])
        if item is None:
            return html.escape(match[0])
        address = page_href(match[1], match[2]).replace(".md", ".html", 1)
        return f'<a href="{html.escape(address)}">{html.escape(display_text(item.title))}</a>'

    return _RAW.sub(raw_html, _ESCAPED.sub(markdown, text))
