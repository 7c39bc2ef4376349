"""Style warnings: Chinese prose uses full-width punctuation.

Quotes are exempt: they must match the article verbatim, and the articles use
ASCII commas. Everything else a reader sees should read as written Chinese.
"""

from __future__ import annotations

import re
from typing import Any

from ..diagnostics import Diagnostic
from .knowledge import KnowledgeBase
from .schema import path_name, strings_of

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\u3000-\u303f\uff00-\uffef“”"
_FULL = {",": "，", ";": "；", ":": "：", "(": "（", ")": "）", "?": "？", "!": "！", '"': "“ or ”"}
_ASCII_IN_CJK = re.compile(f'(?<=[{_CJK}])[ "]*[,;:()?!"]|[,;:()?!"](?=[ "]*[{_CJK}])')
"""An ASCII mark next to a Chinese character, looking past spaces and ASCII quotes (按"未结算", 说明);
never between letters and digits, so URLs, ids, times and numbers (12:30, 1,000) are left alone."""
_EXEMPT = {"quote", "id", "article", "reference", "phone", "phone_status", "status", "seed"}


def check_punctuation(kb: KnowledgeBase, _rules: Any = None) -> list[Diagnostic]:
    """A warning for each ASCII punctuation mark in Chinese prose."""
    found = []
    for (kind, _item_id), doc in sorted(kb.documents.items()):
        if kind == "articles":
            continue
        for keys, text in strings_of(doc.data, _EXEMPT):
            for match in _ASCII_IN_CJK.finditer(text):
                char = match.group()[-1]
                pos = doc.char_pos(keys, text, match.end() - 1)
                found.append(Diagnostic(doc.path, pos.line, pos.column,
                                        f"key '{path_name(keys)}': ASCII '{char}' in Chinese text: expected "
                                        f"'{_FULL[char]}'; hint: use full-width punctuation in Chinese prose",
                                        "style-punctuation", "warning"))
    return found
