"""Chinese words in dictionary order: by the pinyin of each character in turn, then its tone.

The readings come from pypinyin's phrase dictionary, so a character read differently in different
words (调单 diào, 结算 jié) sorts by its reading in the word. Letters and digits sort as themselves.
"""

from __future__ import annotations

from pypinyin import Style, lazy_pinyin


def pinyin_key(text: str) -> tuple[tuple[str, str, str], ...]:
    """Sort key of a Chinese word: per character (syllable without tone, tone 1-5, character)."""
    # errors=list: a character without a reading (a letter, a digit) stands for itself.
    syllables = lazy_pinyin(text, style=Style.TONE3, neutral_tone_with_five=True, errors=list)
    return tuple((s.rstrip("12345").lower(), s[-1] if s[-1].isdigit() else "0", char)
                 for s, char in zip(syllables, text))
