"""Pinyin written next to or in place of the characters of a filtered word: 免fei申请, 养ka卡, tao现.

Spam sites dodge keyword filters by writing a character's pinyin instead of it, or beside it.
The filtered words are the literal runs of Chinese characters in the rule patterns (outside
character classes), so every word a rule matches is covered without a list of spellings.
Each character's readings come from ``pypinyin``'s dictionary (all heteronyms, without tones;
``ü`` as ``u`` and ``v``). A match is a word whose characters are each written as the character,
its pinyin, or both (in either order), with at least one pinyin and at least one character in or
right beside the match; the pinyin must be whole Latin tokens. ``RuleSet.repaired`` reads each
match as the word, so the rules match it and messages point at what was written.
"""

from __future__ import annotations

import importlib.util
import json
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

from .folding import PICTOGRAPHS

_CLASS = re.compile(r"\[(?:\\.|[^\]\\])*\]")
_HAN_WORD = re.compile(r"[\u4e00-\u9fff]{2,}")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]")
_TOKEN = re.compile(r"[A-Za-z]+")
_GAP = f"[\\s\\-_.·\u2010-\u2015\u2212\u2e3a\u2e3b\ufe58\ufe63\uff0d{PICTOGRAPHS}]*"
"""What may stand between the characters and syllables of a word: spaces, dashes, emoji."""


PINYIN_RULE = "pinyin-for-character"
"""The id the cleaner's report gives a word read from pinyin (the lint reports the rule the word then meets)."""
_MAY = re.compile(r"[A-Za-z][\s\-_.·]*[\u4e00-\u9fff]|[\u4e00-\u9fff][\s\-_.·]*[A-Za-z]")


def may_have_pinyin(text: str) -> bool:
    """False if no Latin letter stands next to a Chinese character: no pinyin word can be read."""
    return _MAY.search(text) is not None


def filtered_words(sources: list[str]) -> tuple[str, ...]:
    """The literal runs of two or more Chinese characters in regex sources, outside character classes."""
    words = {w for source in sources for w in _HAN_WORD.findall(_CLASS.sub(" ", source))}
    return tuple(sorted(words, key=lambda w: (-len(w), w)))


@lru_cache(maxsize=1)
def _dictionary() -> dict[str, str]:
    """pypinyin's single-character dictionary (code point -> readings with tones), read from the JSON file
    it ships: a tenth of the time of importing the package, which also loads its phrase dictionary."""
    spec = importlib.util.find_spec("pypinyin")
    folder = Path(next(iter(spec.submodule_search_locations)))
    return json.loads((folder / "pinyin_dict.json").read_text("utf-8"))


@lru_cache(maxsize=4096)
def readings(char: str) -> tuple[str, ...]:
    """A character's pinyin readings without tones (``ü`` written both ``u`` and ``v``), longest first."""
    found: set[str] = set()
    for reading in _dictionary().get(str(ord(char)), "").split(","):
        decomposed = unicodedata.normalize("NFD", reading)
        plain = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
        if plain.isascii() and plain.isalpha():
            found.add(plain)
            if "u\u0308" in decomposed:
                found.add(plain.replace("u", "v"))
    return tuple(sorted(found, key=lambda r: (-len(r), r)))


@lru_cache(maxsize=1024)
def _word_pattern(word: str) -> re.Pattern:
    """A word whose characters are each written as the character, its pinyin, or both."""
    positions = []
    for char in word:
        spoken = "(?i:" + "|".join(readings(char)) + ")"
        positions.append(f"(?:{char}(?:{_GAP}{spoken})?|{spoken}(?:{_GAP}{char})?)")
    return re.compile(_GAP.join(positions))


class PinyinWords:
    """Finds filtered words written partly in pinyin; built once per rule set, on first use."""

    def __init__(self, words: tuple[str, ...]):
        self.by_syllable: dict[str, list[str]] = {}
        """Syllable -> the filtered words that have a character read that way."""
        for word in words:
            if all(readings(c) for c in word):
                for reading in {r for char in word for r in readings(char)}:
                    self.by_syllable.setdefault(reading, []).append(word)

    def _spoken(self, token: str) -> set[str]:
        """The syllables of a Latin token made only of syllables of the filtered words (else none)."""
        token = token.lower()
        ways: list[set[str] | None] = [set()] + [None] * len(token)
        for end in range(1, len(token) + 1):
            for start in range(max(0, end - 6), end):
                if ways[start] is not None and token[start:end] in self.by_syllable:
                    ways[end] = (ways[end] or set()) | ways[start] | {token[start:end]}
        return ways[-1] or set()

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, word) of every filtered word written partly in pinyin in ``text``, by position."""
        syllables: set[str] = set()
        for token in _TOKEN.findall(text):
            syllables |= self._spoken(token)
        candidates = sorted({w for s in syllables for w in self.by_syllable[s]}, key=lambda w: (-len(w), w))
        hits = sorted((m.start(), -m.end(), word) for word in candidates for m in _word_pattern(word).finditer(text))
        chosen: list[tuple[int, int, str]] = []
        for start, neg_end, word in hits:
            if not chosen or start >= chosen[-1][1]:
                chosen.append((start, -neg_end, word))
        found: list[tuple[int, int, str]] = []
        chain: list[tuple[int, int, str]] = []
        for hit in chosen + [(-1, -1, "")]:
            if chain and hit[0] != chain[-1][1]:  # a chain of touching words ends: judge it whole
                start, end = chain[0][0], chain[-1][1]
                beside = text[max(0, start - 1):start] + text[end:end + 1]
                if _LATIN.search(text[start:end]) and (_HAN.search(text[start:end]) or _HAN.search(beside)) \
                        and not _cuts_a_token(text, start, end):
                    found += chain
                chain = []
            chain.append(hit)
        return found


def _cuts_a_token(text: str, start: int, end: int) -> bool:
    """True if the match starts or ends in the middle of a Latin token."""
    def letter(i: int) -> bool:
        return 0 <= i < len(text) and text[i].isascii() and text[i].isalpha()

    return letter(start) and letter(start - 1) or letter(end - 1) and letter(end)
