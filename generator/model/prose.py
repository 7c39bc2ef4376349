"""Cross-references in prose: ``[[kind/id]]`` names another item by its id.

A text that points the reader to another page writes the page's id, never its title
(``撤销不了的，见“[[remedies/refund-transaction]]”。``). ``kb check`` rejects an id that has no file, and the
page shows the target's current title as a link, so renaming a title never leaves a stale pointer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

REF = re.compile(r"\[\[([^\[\]\n]*)\]\]")
"""A cross-reference as written: anything between double square brackets (checked by ``parse``)."""
_TARGET = re.compile(r"([a-z]+)/([a-z0-9][a-z0-9-]*)")
NO_REFS = frozenset({"title", "search_terms", "aliases", "quote", "url", "id"})
"""Fields where a cross-reference is refused: titles and readers' words are shown in page heads and
attributes, where a link cannot go; quotes and urls are matched verbatim."""


@dataclass(frozen=True)
class ProseRef:
    """One ``[[...]]`` in a text."""

    offset: int
    """Where the opening brackets are, in characters from the start of the text."""
    written: str
    """What is between the brackets, as written."""
    kind: str
    """The target's kind (its folder under content/), or '' if ``written`` is not ``kind/id``."""
    target: str
    """The target's id (its file name without .yaml), or '' if ``written`` is not ``kind/id``."""


def prose_refs(text: str) -> list[ProseRef]:
    """Every cross-reference in a text, in order."""
    if "[[" not in text:
        return []
    found = []
    for match in REF.finditer(text):
        target = _TARGET.fullmatch(match[1])
        kind, item_id = (target[1], target[2]) if target else ("", "")
        found.append(ProseRef(match.start(), match[1], kind, item_id))
    return found


def with_titles(text: str, title: Callable[[str, str], str | None]) -> str:
    """``text`` as a reader sees it: each cross-reference replaced by its target's title
    (``title(kind, id)``; a reference it does not know is left as written)."""
    if "[[" not in text:
        return text

    def shown(match: re.Match) -> str:
        target = _TARGET.fullmatch(match[1])
        found = title(target[1], target[2]) if target else None
        return found if found is not None else match[0]

    return REF.sub(shown, text)
