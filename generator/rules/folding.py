"""The folding steps of the normal form: spellings that read the same to a person fold to one.

Each step is a ``Step``: a regular expression and what each match becomes. ``normalize.py``
applies a step either fast (``Step.apply``: one ``re.sub``) or traced (``Step.trace``: the
same substitution, keeping for each output character the original span it comes from), so
rules match the folded text and messages still point at what the contributor typed.

The steps (in the order ``normalize.py`` runs them):

- ``ENTITIES``: HTML character references (``&#21345;``, ``&#x5361;``, ``&amp;``) decoded with
  ``html.unescape``; the page shows them escaped, a rule reads what they stand for.
- ``DOT_WORDS``: ``点``, ``dot``, ``(dot)``, ``[.]`` between the labels of a host name read
  as ``.`` (``mepos点cn`` -> ``mepos.cn``), so hosts are found by their shape.
- ``confusable_table``: letters and digits that look like an ASCII one (Cyrillic, Greek,
  Latin variants; the Unicode confusables data of ``confusable-homoglyphs``) folded to it.
- ``ZERO_IN_WORD``: a digit ``0`` inside a Latin word read as the letter ``o`` (``p0s``).
- ``NUMBER_RUNS``: in a run of 7 or more digits, Chinese numerals (``〇一二…``, ``幺``, the
  financial ``壹贰…``) and look-alike letters (``O``, ``o``, ``I``, ``l`` standing alone) read as
  ASCII digits and any dash, space, middle dot or bullet, keycap, arrow or emoji between the groups dropped:
  ``138—〇〇13 8OOO`` -> ``13800138000``. A run that starts with a date or a year range is left alone.
- ``SYMBOLS``: emoji and other pictographs (Unicode categories So and Sk) between two Han characters, or a
  Han character and a Latin letter or digit (pinyin: ``mian🔥费``), removed;
  arithmetic signs and arrows (Sm: ``首页 > 资讯``) stay.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable

Span = tuple[int, int]


@dataclass(frozen=True)
class Step:
    """One substitution of the normal form: each match of ``pattern`` becomes ``replace(match)``."""

    pattern: re.Pattern
    replace: Callable[[re.Match], str]

    def apply(self, text: str) -> str:
        return self.pattern.sub(self.replace, text)

    def trace(self, text: str, src: list[Span]) -> tuple[str, list[Span]]:
        """``apply`` with the origin of each output character: a replacement comes from the whole match."""
        out: list[str] = []
        out_src: list[Span] = []
        last = 0
        for m in self.pattern.finditer(text):
            out.append(text[last:m.start()])
            out_src.extend(src[last:m.start()])
            value = self.replace(m)
            if value == m.group():
                out.append(value)
                out_src.extend(src[m.start():m.end()])
            elif value:
                origin = (src[m.start()][0], src[m.end() - 1][1])
                out.append(value)
                out_src.extend(_spread(origin, value, m, src))
            last = m.end()
        out.append(text[last:])
        out_src.extend(src[last:])
        return "".join(out), out_src


def _spread(origin: Span, value: str, m: re.Match, src: list[Span]) -> list[Span]:
    """Origins of a replacement: character by character when it keeps the length, else the whole match."""
    if len(value) == m.end() - m.start():
        return src[m.start():m.end()]
    return [origin] * len(value)


# ------------------------------------------------------------------ entities and host names

_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});?")


def _entity(m: re.Match) -> str:
    return html.unescape(m.group())


ENTITIES = Step(_ENTITY, _entity)
DOT_WORDS = Step(re.compile(r"(?<=[A-Za-z0-9])\s*(?:点|[(\[{]\s*(?:(?i:dot)|点|\.)\s*[)\]}]|(?<![A-Za-z])(?i:dot)"
                            r"(?![A-Za-z]))\s*(?=[A-Za-z])"), lambda m: ".")


# ------------------------------------------------------------------ look-alike letters


@lru_cache(maxsize=1)
def confusable_table() -> dict[int, str]:
    """Non-ASCII letters and digits (outside the CJK blocks) that look like an ASCII one, mapped to it
    (lowercase), from the Unicode confusables data bundled with ``confusable-homoglyphs``."""
    import confusable_homoglyphs

    data = json.loads((Path(confusable_homoglyphs.__file__).parent / "confusables.json").read_text("utf-8"))
    table: dict[int, str] = {}
    for char, homoglyphs in data.items():
        if len(char) != 1 or char.isascii() or not char.isalnum() or ord(char) >= 0x2E80:
            continue
        for entry in homoglyphs:
            target = entry.get("c", "")
            if len(target) == 1 and target.isascii() and target.isalnum():
                table[ord(char)] = target.lower()
                break
    return table


ODD_LETTER = re.compile(r"[\u00c0-\u2e7f]")
"""A character the confusables table may fold: nothing else is looked up."""
ZERO_IN_WORD = Step(re.compile(r"(?<=[A-Za-z])0+(?=[A-Za-z])"), lambda m: "o" * len(m.group()))


# ------------------------------------------------------------------ numbers

_CHINESE_DIGITS = "零〇一二三四五六七八九幺壹贰叁肆伍陆柒捌玖"
_DIGIT_VALUES = str.maketrans(_CHINESE_DIGITS + "OoIl", "001234567891123456789" + "0011")
_NOT_LOOKALIKE = "A-HJ-NP-Za-km-np-z"  # Latin letters other than O, o, I, l


@lru_cache(maxsize=1)
def _dashes() -> str:
    """Every dash (Unicode category Pd) of the Basic Multilingual Plane, for a character class."""
    return "".join(re.escape(chr(c)) for c in range(0x10000) if unicodedata.category(chr(c)) == "Pd")


_DIGIT = f"(?:[0-9{_CHINESE_DIGITS}]|(?<![{_NOT_LOOKALIKE}])[OoIl](?![{_NOT_LOOKALIKE}]))"
PICTOGRAPHS = "\u2190-\u21ff\u2600-\u27bf\u2b00-\u2bff\U0001f000-\U0001faff"
"""Arrows, miscellaneous symbols, dingbats and emoji: noise between the digit groups of a number."""
_GAP = f"[\\s\u00b7\u2022\u20dd-\u20e4\u2212{_dashes()}{PICTOGRAPHS}]*"
_RUN = re.compile(f"{_DIGIT}(?:{_GAP}{_DIGIT})+")
_DATE_LIKE = re.compile(r"(?:19|20)\d\d(?:\D{1,3}(?:0?[1-9]|1[0-2])(?:\D{1,3}(?:0?[1-9]|[12]\d|3[01]))?"
                        r"|\D{1,3}(?:19|20)\d\d)")
MIN_DIGITS = 7
"""Digits in a run before it reads as a phone number."""


def _number_run(m: re.Match) -> str:
    run = m.group()
    digits = [c for c in run if c.isdigit() or c in _CHINESE_DIGITS or c in "OoIl"]
    real = sum(1 for c in digits if c not in "OoIl")
    if len(digits) < MIN_DIGITS or real < 3 or run.isdigit() and run.isascii() or _DATE_LIKE.match(run):
        return run
    return "".join(digits).translate(_DIGIT_VALUES)


NUMBER_RUNS = Step(_RUN, _number_run)


# ------------------------------------------------------------------ symbols between Han characters

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"


def _symbols(m: re.Match) -> str:
    gap, text = m.group(), m.string
    beside = text[m.start() - 1] + text[m.end()]
    kinds = {unicodedata.category(c) for c in gap if not c.isspace() and not _SEPARATOR.match(c)}
    pictographs = bool(kinds) and kinds <= {"So", "Sk", "Pd"} and kinds & {"So", "Sk"}
    return "" if pictographs and any(_HAN_CHAR.match(c) for c in beside) else gap


_HAN_CHAR = re.compile(f"[{_HAN}]")
SEPARATORS = r"\s\-\u2010-\u2015\u2212\u2e3a\u2e3b.\u00b7\u2022\u2027\u2219\u22c5\u30fb\u2024_*~|/\\"
"""Whitespace, hyphens and dashes, dots and bullets, ``_ * ~ | / \\``, as they are after NFKC: what normalize.py
collapses between Han characters, and what may stand beside a pictograph in a gap here."""
_SEPARATOR = re.compile(f"[{SEPARATORS}]")
_PUNCTUATION = ",;:!?()\u3001-\u3003\u300a-\u3011\uff01-\uff1f"
_SIDE = f"[{_HAN}A-Za-z0-9]"
SYMBOLS = Step(re.compile(f"(?<={_SIDE})[{SEPARATORS}]*[^\\w{SEPARATORS}{_PUNCTUATION}]"
                          f"(?:[^\\w{_PUNCTUATION}]|_)*(?={_SIDE})"), _symbols)
"""A gap with at least one character that is neither a word character, a separator nor punctuation."""
