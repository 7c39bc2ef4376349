"""Cross-references in prose (``[[kind/id]]``, see ``model/prose.py``): each must name an item that has a
file, and each becomes a generated "referenced by" link of its target, like a reference field.

Every text of every file is read, those that failed the schema too, so a dangling id is reported at once.
"""

from __future__ import annotations

import difflib
from typing import Callable

from ..diagnostics import Diagnostic
from ..load.corpus import Document
from ..model.kindspec import KINDS
from ..model.prose import NO_REFS, prose_refs
from .knowledge import KnowledgeBase, Link
from .schema import path_name, strings_of

_EXEMPT = frozenset({"quote", "url", "id"})


def check_prose_refs(kb: KnowledgeBase, documents: list[Document], known: set[tuple[str, str]],
                     unknown: Callable[[str, str], str]) -> list[Diagnostic]:
    """One error per malformed or dangling cross-reference; backlinks for the others."""
    found = []

    def report(doc: Document, keys: tuple, text: str, offset: int, message: str) -> None:
        pos = doc.char_pos(keys, text, offset)
        found.append(Diagnostic(doc.path, pos.line, pos.column, message, "prose-reference"))

    for doc in documents:
        if doc.kind == "articles" or not isinstance(doc.data, dict):
            continue
        for keys, text in strings_of(doc.data, _EXEMPT):
            for ref in prose_refs(text):
                name = path_name(keys)
                field = next((k for k in reversed(keys) if isinstance(k, str)), "")
                if field in NO_REFS:
                    report(doc, keys, text, ref.offset, f"key '{name}': cross-reference '[[{ref.written}]]' in "
                           f"'{field}': expected plain words there; hint: name the page in the text that "
                           "shows this item, not in its title or search words")
                elif not ref.kind:
                    report(doc, keys, text, ref.offset, f"key '{name}': cross-reference '[[{ref.written}]]' "
                           "cannot be read: expected '[[kind/id]]', such as '[[remedies/refund-transaction]]'; "
                           "hint: write the folder under content/ and the file name without .yaml")
                elif ref.kind not in KINDS:
                    close = difflib.get_close_matches(ref.kind, list(KINDS), n=1)
                    hint = f"did you mean '{close[0]}'?" if close else "use one of " + ", ".join(KINDS)
                    report(doc, keys, text, ref.offset, f"key '{name}': cross-reference '[[{ref.written}]]' "
                           f"names no kind '{ref.kind}': expected a folder of content/; hint: {hint}")
                elif (ref.kind, ref.target) not in known:
                    report(doc, keys, text, ref.offset, f"key '{name}': cross-reference '[[{ref.written}]]' "
                           f"names an {unknown(ref.kind, ref.target)}")
                elif ref.target in kb.items[ref.kind] and (doc.kind, doc.stem) in kb.documents:
                    kb.backlinks[(ref.kind, ref.target)].append(Link(doc.kind, doc.stem, str(keys[0]), ref.kind,
                                                                      ref.target))
    return found

