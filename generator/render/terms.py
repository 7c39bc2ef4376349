"""Plain words where they are used: the first use of a glossary term on a page links to its explanation.

Each page gets a ``PageTerms``. Templates pass prose through it (``{{ t(item.description) }}``): the
text is escaped exactly as ``md_escape`` does, and the first occurrence of each term on the page becomes
a link to the page's own "本页用到的词" list, which ``block()`` renders at the end. The list is on the
page, visible, and works on a phone: no tooltip, no script. A cross-reference to a term in prose
(``[[glossary/void]]``) is a use of the term like its word: it shows the term's title, and its first use
on the page links to the list.
"""

from __future__ import annotations

import re
from typing import Any

from markupsafe import Markup

from .blocks import md_escape

_TERM_REF = re.compile(r"\\\[\\\[glossary/([a-z0-9][a-z0-9-]*)\\\]\\\]")
"""A cross-reference to a glossary term, as md_escape leaves it: \\[\\[glossary/id\\]\\]."""


class Glossary:
    """Every term and alias of content/glossary/, matched longest first."""

    def __init__(self, terms: dict[str, Any]):
        self.terms = terms
        self.words: dict[str, str] = {}
        for term_id in sorted(terms):
            term = terms[term_id]
            for word in (term.title, *term.aliases):
                self.words.setdefault(word, term_id)
        alternatives = sorted(self.words, key=lambda w: (-len(w), w))
        self.pattern = re.compile("|".join(map(re.escape, alternatives))) if alternatives else None

    def page(self) -> PageTerms:
        return PageTerms(self)


class PageTerms:
    """The terms one page has used so far, in order of first use."""

    def __init__(self, glossary: Glossary):
        self.glossary = glossary
        self.used: list[str] = []
        self.unlinked: set[str] = set()
        """Terms listed without a link in the text (``note``): their entries have no way back."""

    def __call__(self, value: Any) -> Markup:
        """Escaped prose with the page's first use of each term linked to its explanation."""
        text = md_escape(value)
        pattern = self.glossary.pattern
        if pattern is None:
            return Markup(text)
        if "glossary/" in text:
            terms = self.glossary.terms
            text = _TERM_REF.sub(lambda m: md_escape(terms[m[1]].title) if m[1] in terms else m[0], text)

        def link(match: re.Match) -> str:
            term_id = self.glossary.words[match[0]]
            if term_id in self.used:
                return match[0]
            self.used.append(term_id)
            return f"[{match[0]}](#term-{term_id}){{ #use-{term_id} .kb-term }}"

        return Markup(pattern.sub(link, text))

    def note(self, value: Any) -> Markup:
        """Lists the terms of a text that cannot hold links (a heading, the label of a link) in the
        page's word list, in order of first use, and prints nothing."""
        pattern = self.glossary.pattern
        for match in pattern.finditer(str(value)) if pattern else ():
            term_id = self.glossary.words[match[0]]
            if term_id not in self.used:
                self.used.append(term_id)
                self.unlinked.add(term_id)
        return Markup("")

    def block(self, level: str = "##", compact: bool = False) -> Markup:
        """The on-page list of the terms used, each with its definition and a link back to the text.

        ``compact``: the words on one line; a definition shows when its word is tapped (CSS
        ``:target``, no script), for pages that must stay short. Printing shows every definition."""
        if not self.used:
            return Markup("")
        out = [f"{level} 本页用到的词 {{ #terms }}\n\n<div class=\"kb-terms{' kb-terms--compact' if compact else ''}\" "
               "markdown>\n\n"]
        if compact:
            words = " · ".join(f"[{md_escape(self.glossary.terms[i].title)}](#term-{i})" for i in self.used)
            out.append(f"点一个词看解释：{words}\n\n")
        for term_id in self.used:
            term = self.glossary.terms[term_id]
            also = f"（也叫{'、'.join(md_escape(a) for a in term.aliases)}）" if term.aliases else ""
            back = "" if term_id in self.unlinked else f" [回到正文](#use-{term_id}){{ .kb-back }}"
            out.append(f"- **{md_escape(term.title)}**{{ #term-{term_id} }}{also}：{md_escape(term.definition)}{back}\n")
        out.append("\n</div>\n")
        return Markup("".join(out))
