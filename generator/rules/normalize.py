"""One normalised view of a text, shared by the lint, the cleaner, the renderer and the provenance check.

Spam gets past a rule when it is spelt differently: full-width letters, invisible
characters, Traditional characters, spaces or hyphens between the characters of a
phrase, a folded YAML line broken inside it. ``normalize`` builds the one view that
every rule matches, in these steps:

1. ``display_text``: what the page shows. Invisible and format characters are removed
   (``INVISIBLE``: every Unicode Cf character such as the soft hyphen, U+061C or the tag
   characters, plus the combining grapheme joiner, variation selectors, Mongolian free
   variation selectors, Hangul fillers and the blank Braille pattern; ``Normalized.invisible``
   names them, for a warning), the lines of a value are joined and spaces between CJK
   characters dropped. The renderer prints every value through this same function, so
   the lint sees what the reader sees.
2. HTML character references decoded (``folding.ENTITIES``), then Unicode NFKC, character by
   character: full-width forms become ASCII (``ｍｅｐｏｓ`` -> ``mepos``, ``，`` -> ``,``), circled
   digits become digits, compatibility ideographs become unified ones; then 点 / dot between
   the labels of a host name read as a dot (``folding.DOT_WORDS``). This is ``Normalized.plain``;
   links are parsed from it.
3. Traditional -> Simplified with OpenCC (``t2s``): 免費申請 -> 免费申请; look-alike letters to
   ASCII (``folding.confusable_table``).
4. The folding steps of ``folding.py``: a zero inside a Latin word, number runs (Chinese
   numerals, look-alike letters and separators between digit groups), emoji between Han
   characters.
5. Separators between two Han characters, or a Han character and a Latin letter, removed
   (``SEPARATORS``: spaces, hyphens and dashes, dots and bullets, ``_ * ~ | / \\``):
   免 费-申·请 -> 免费申请, POS 机 -> POS机; between a Han character and a digit only spaces; and one
   separator between single letters spelt out in a run of three or more (P O S 机 -> POS机).

The result is ``Normalized.text``. Every character of ``plain`` and ``text`` comes from a
span of the original (one character, or a whole character reference or number run), so a
match maps back to original offsets (``span``) and
messages keep the original file:line:col. The maps are built only when asked for:
most strings have no finding, and for them normalising costs a few C-level passes.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from dataclasses import dataclass
from functools import cached_property, lru_cache

from .folding import (DOT_WORDS, ENTITIES, NUMBER_RUNS, ODD_LETTER, SEPARATORS, SYMBOLS, ZERO_IN_WORD, Span, Step,
                      confusable_table)

_CJK = "\u3000-\u303f\u4e00-\u9fff\uff00-\uffef"
_CJK_GAP = re.compile(f"(?<=[{_CJK}]) +(?=[{_CJK}])")
"""Spaces between two CJK characters, left by folded YAML lines (the renderer drops them)."""
_LINE_BREAK = re.compile(r"\s*\n\s*")

_FORMAT_RANGES = (  # Unicode general category Cf (format characters), Unicode 14
    (0x00AD, 0x00AD), (0x0600, 0x0605), (0x061C, 0x061C), (0x06DD, 0x06DD), (0x070F, 0x070F),
    (0x0890, 0x0891), (0x08E2, 0x08E2), (0x180E, 0x180E), (0x200B, 0x200F), (0x202A, 0x202E),
    (0x2060, 0x2064), (0x2066, 0x206F), (0xFEFF, 0xFEFF), (0xFFF9, 0xFFFB), (0x110BD, 0x110BD),
    (0x110CD, 0x110CD), (0x13430, 0x1343F), (0x1BCA0, 0x1BCA3), (0x1D173, 0x1D17A), (0xE0001, 0xE0001),
    (0xE0020, 0xE007F),
)
_OTHER_INVISIBLE = (
    (0x034F, 0x034F),  # combining grapheme joiner
    (0x115F, 0x1160), (0x3164, 0x3164), (0xFFA0, 0xFFA0),  # Hangul fillers
    (0x180B, 0x180D), (0x180F, 0x180F),  # Mongolian free variation selectors
    (0x2800, 0x2800),  # Braille pattern blank
    (0xFE00, 0xFE0F), (0xE0100, 0xE01EF),  # variation selectors
)
INVISIBLE_RANGES = _FORMAT_RANGES + _OTHER_INVISIBLE
INVISIBLE = re.compile("[" + "".join(f"\\U{a:08x}-\\U{b:08x}" for a, b in INVISIBLE_RANGES) + "]")
"""Characters that show nothing (or nothing a reader notices) and are removed before matching."""

HAN = ("\u2e80-\u2fdf\u3005-\u3007\u3021-\u3029\u3038-\u303b\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
       "\U00020000-\U0003134f")
"""Han ideographs and radicals: the characters between which separators are collapsed."""
_HAN_GAPS = (f"(?<=[{HAN}])[{SEPARATORS}]+(?=[{HAN}A-Za-z])|(?<=[A-Za-z])[{SEPARATORS}]+(?=[{HAN}])"
             f"|(?<=[{HAN}])\\s+(?=[0-9])|(?<=[0-9])\\s+(?=[{HAN}])")
"""Separators between two Han characters or between a Han character and a Latin letter (POS 机, 加 V);
only whitespace between a Han character and a digit (so '1. 甲' keeps its list number)."""
_SEP1 = f"[{SEPARATORS}]"
_SPACED_LETTERS = (f"(?<=(?<![A-Za-z0-9])[A-Za-z]){_SEP1}(?=[A-Za-z](?![A-Za-z0-9]))"
                   f"(?:(?<=[A-Za-z]{_SEP1}[A-Za-z]{_SEP1})|(?=[A-Za-z]{_SEP1}[A-Za-z](?![A-Za-z0-9])))")
"""One separator between single letters in a run of three or more (P O S, P.O.S, P-O-S): a word spelt out
letter by letter reads as the word."""
_COLLAPSE = re.compile(f"{_HAN_GAPS}|{_SPACED_LETTERS}")
"""Step 5, on text that is not all ASCII (ASCII alone, such as 'a b c', is left as written)."""


def display_text(text: str) -> str:
    """A content value as a page shows it: no invisible characters, trimmed, lines joined, no spaces between
    CJK characters. The renderer prints every value through this function."""
    if INVISIBLE.search(text):
        text = INVISIBLE.sub("", text)
    if "\n" in text:
        text = _LINE_BREAK.sub("", text.strip())
    elif text[:1].isspace() or text[-1:].isspace():
        text = text.strip()
    return _CJK_GAP.sub("", text) if " " in text else text


class _NFKCTable(dict):
    """str.translate table: invisible characters dropped, every other character NFKC-normalised alone."""

    def __missing__(self, code: int) -> str | None:
        char = chr(code)
        value = None if INVISIBLE.match(char) else unicodedata.normalize("NFKC", char)
        self[code] = value
        return value


class _T2STable(dict):
    """str.translate table: each character as OpenCC's t2s converts it alone (if that keeps one character)."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        value = char
        if code >= 0x2E80:
            converted = _opencc().convert(char)
            value = converted if len(converted) == 1 else char
        self[code] = value
        return value


_NFKC = _NFKCTable()
_T2S = _T2STable()


@lru_cache(maxsize=1)
def _opencc():
    import opencc  # imported on first use: most runs meet few Traditional characters

    return opencc.OpenCC("t2s")


def _to_simplified(text: str) -> str:
    """OpenCC t2s of the whole text (phrases first) when it keeps the length; per character otherwise."""
    quick = text.translate(_T2S)
    if quick == text:
        return text
    whole = _opencc().convert(text)
    return whole if len(whole) == len(text) else quick


# ------------------------------------------------------------------ the steps, fast and traced

_PLAIN_STEPS = (ENTITIES,)
"""Before NFKC: what a reference stands for is normalised like any other character."""
_HOST_STEPS = (DOT_WORDS,)
"""After NFKC, still in ``plain``: host names written with 点 or 'dot' read with a dot."""
_TEXT_STEPS = (ZERO_IN_WORD, NUMBER_RUNS, SYMBOLS)
"""After the Traditional characters and look-alike letters are folded, before separators are collapsed."""


def _fold(text: str) -> str:
    """Look-alike letters to ASCII: same length, so offsets are shared."""
    return text.translate(confusable_table()) if ODD_LETTER.search(text) else text


def _trace_delete(text: str, src: list[Span], pattern: re.Pattern) -> tuple[str, list[Span]]:
    keep = [True] * len(text)
    for m in pattern.finditer(text):
        for i in range(m.start(), m.end()):
            keep[i] = False
    return "".join(c for c, k in zip(text, keep) if k), [s for s, k in zip(src, keep) if k]


def _trace_display(text: str) -> tuple[str, list[Span]]:
    text, src = _trace_delete(text, [(i, i + 1) for i in range(len(text))], INVISIBLE)
    start, end = 0, len(text)
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    text, src = text[start:end], src[start:end]
    if "\n" in text:
        text, src = _trace_delete(text, src, _LINE_BREAK)
    return _trace_delete(text, src, _CJK_GAP)


def _trace_nfkc(text: str, src: list[Span]) -> tuple[str, list[Span]]:
    out: list[str] = []
    out_src: list[Span] = []
    for char, origin in zip(text, src):
        value = _NFKC[ord(char)]
        if value:
            out.append(value)
            out_src.extend([origin] * len(value))
    return "".join(out), out_src


def _trace_steps(text: str, src: list[Span], steps: tuple[Step, ...]) -> tuple[str, list[Span]]:
    for step in steps:
        text, src = step.trace(text, src)
    return text, src


def _apply_steps(text: str, steps: tuple[Step, ...]) -> str:
    for step in steps:
        text = step.apply(text)
    return text


@dataclass(frozen=True)
class Normalized:
    """A text, its normalised views, and the way back to original offsets."""

    original: str
    plain: str
    """Display view, invisible characters removed, references decoded, NFKC, dot words read as dots: what
    links are parsed from."""
    text: str
    """``plain`` in Simplified characters, look-alikes and numbers folded, separators between CJK characters
    collapsed: what rules match."""
    invisible: tuple[tuple[int, str], ...] = ()
    """(offset in the original, character) of every invisible character removed."""

    @cached_property
    def _maps(self) -> tuple[list[Span], list[Span]]:
        """For each character of ``plain`` and of ``text``, the span of the original it comes from."""
        display, src = _trace_display(self.original)
        display, src = _trace_steps(display, src, _PLAIN_STEPS)
        plain, plain_src = _trace_steps(*_trace_nfkc(display, src), _HOST_STEPS)
        folded = _fold(_to_simplified(plain))
        folded, text_src = _trace_steps(folded, plain_src, _TEXT_STEPS)
        text, text_src = (folded, text_src) if folded.isascii() else _trace_delete(folded, text_src, _COLLAPSE)
        assert plain == self.plain and text == self.text, "traced and fast normalisation differ"
        return plain_src, text_src

    def _same(self, view: str) -> bool:
        return self.original == (self.plain if view == "plain" else self.text)

    def span(self, start: int, end: int, view: str = "text") -> tuple[int, int]:
        """Original (start, end) of ``text[start:end]`` (or of ``plain[start:end]`` with ``view='plain'``)."""
        if self._same(view):
            return start, end
        src = self._maps[0] if view == "plain" else self._maps[1]
        if not src:
            return 0, 0
        begin = src[start][0] if start < len(src) else len(self.original)
        stop = src[end - 1][1] if end > start else begin
        return begin, max(begin, stop)

    def view_span(self, start: int, end: int, view: str = "text") -> tuple[int, int]:
        """The (start, end) in ``text`` (or ``plain``) of the characters that come from ``original[start:end]``."""
        if self._same(view):
            return start, end
        starts = [s for s, _e in (self._maps[0] if view == "plain" else self._maps[1])]
        return bisect_left(starts, start), bisect_left(starts, end)

    def plain_to_text(self, start: int, end: int) -> tuple[int, int]:
        """A span of ``plain`` as a span of ``text``."""
        return self.view_span(*self.span(start, end, "plain"))

    def offset(self, pos: int, view: str = "text") -> int:
        """Original offset of ``text[pos]`` (or ``plain[pos]``)."""
        return self.span(pos, pos + 1, view)[0]


def _normalize(text: str) -> Normalized:
    display = display_text(text)
    invisible = tuple((m.start(), m.group()) for m in INVISIBLE.finditer(text))
    if "&" in display:
        display = _apply_steps(display, _PLAIN_STEPS)
    plain = display if display.isascii() else display.translate(_NFKC)
    plain = _apply_steps(plain, _HOST_STEPS)
    folded = plain if plain.isascii() else _fold(_to_simplified(plain))
    folded = _apply_steps(folded, _TEXT_STEPS)
    collapsed = folded if folded.isascii() else _COLLAPSE.sub("", folded)
    return Normalized(text, plain, collapsed, invisible)


_normalize_cached = lru_cache(maxsize=1 << 14)(_normalize)


def normalize(text: str) -> Normalized:
    """The normalised views of ``text`` (cached: titles and labels are checked many times)."""
    return _normalize_cached(text)


def normalized_text(text: str) -> str:
    """Only the view rules match: for comparisons that need no positions (provenance quotes)."""
    return normalize(text).text


def describe_char(char: str) -> str:
    """'U+00AD SOFT HYPHEN': a character named by code point, for messages."""
    return f"U+{ord(char):04X} {unicodedata.name(char, 'unnamed character')}"
