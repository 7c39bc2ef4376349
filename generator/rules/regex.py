"""Rule patterns compiled with RE2, a linear-time engine: a rule file cannot make the check hang.

Rules come from pull requests like content does. Python's ``re`` backtracks, so a nested
quantifier such as ``(a+)+$`` takes exponential time on ordinary text; RE2 (``google-re2``)
runs every pattern in time linear in the text, and refuses at compile time what it cannot
run that way (lookahead, lookbehind, backreferences, possessive quantifiers, atomic groups).

A rule that needs context around what it reports matches the context and names the
reported part with a group ``hit``: ``(?:^|[^0-9])(?P<hit>95\\d{3})(?:$|[^0-9])``. Every
match a rule returns is that group's span (the whole match without one).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

HIT = "hit"
"""The group whose span a match reports, when a pattern has one."""


@lru_cache(maxsize=1)
def _options():
    import re2

    options = re2.Options()
    options.log_errors = False  # a refused pattern is a located diagnostic, not a log line
    return options


class PatternError(ValueError):
    """A pattern RE2 does not compile: ``reason`` says why, in RE2's words."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason

    @property
    def unsupported(self) -> bool:
        """True when the pattern is valid for Python's ``re`` but needs backtracking (RE2 refuses it)."""
        return self.reason.startswith(("invalid perl operator", "invalid escape sequence: \\", "bad repetition "
                                       "operator: *+", "bad repetition operator: ++", "bad repetition operator: ?+"))


@dataclass(frozen=True)
class Hit:
    """One match of a rule pattern: the span it reports (its ``hit`` group, or the whole match)."""

    begin: int
    stop: int
    text: str

    def start(self) -> int:
        return self.begin

    def end(self) -> int:
        return self.stop

    def span(self) -> tuple[int, int]:
        return self.begin, self.stop

    def group(self) -> str:
        return self.text


class Pattern:
    """A rule pattern compiled with RE2. ``pattern`` is its source."""

    def __init__(self, source: str):
        import re2

        try:
            self._re = re2.compile(source, _options())
        except re2.error as exc:
            reason = exc.args[0].decode("utf-8", "replace") if exc.args and isinstance(exc.args[0], bytes) \
                else str(exc)
            raise PatternError(reason) from None
        self.pattern = source
        self._hit = self._re.groupindex.get(HIT)

    def __repr__(self) -> str:
        return f"Pattern({self.pattern!r})"

    def _hit_of(self, m) -> Hit | None:
        if self._hit is None:
            return Hit(m.start(), m.end(), m.group())
        start, end = m.span(self._hit)
        return None if start < 0 else Hit(start, end, m.group(self._hit))

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> Hit | None:
        """The first match at or after ``pos`` (and before ``endpos``)."""
        while pos <= len(text):
            m = self._re.search(text, pos, len(text) if endpos is None else endpos)
            if m is None:
                return None
            hit = self._hit_of(m)
            if hit is not None:
                return hit
            pos = m.end() + 1 if m.end() == m.start() else m.end()
        return None

    def finditer(self, text: str) -> list[Hit]:
        """Every match, left to right; the next search starts where the last reported span ends, so the
        context one match consumed after its hit can be the context of the next."""
        found = []
        pos = 0
        while pos <= len(text):
            m = self._re.search(text, pos)
            if m is None:
                break
            hit = self._hit_of(m)
            if hit is not None:
                found.append(hit)
            nxt = hit.end() if hit is not None and hit.end() > pos else m.end()
            pos = nxt if nxt > pos else pos + 1
        return found

    def fullmatch(self, text: str) -> bool:
        return self._re.fullmatch(text) is not None


def compile_pattern(source: str) -> Pattern:
    """A rule pattern in RE2 syntax, or PatternError saying what RE2 refused."""
    return Pattern(source)


_GROUP_NAME = re.compile(r"\(\?P<\w+>")


class Screen:
    """Can any of a collection of patterns match a text? One RE2 search of their union answers.

    Most content strings are clean; one search of the alternation of every pattern (group names
    dropped, so a name may repeat) costs about what one pattern costs, where searching each
    pattern in turn costs one call per pattern. It says True whenever some pattern matches (and
    rarely when none does: a match whose ``hit`` group took no part), so it is a sound screen."""

    def __init__(self, patterns: list[Pattern]):
        import re2

        self.patterns = tuple(patterns)
        union = "|".join(f"(?:{_GROUP_NAME.sub('(?:', p.pattern)})" for p in patterns)
        options = re2.Options()
        options.log_errors = False
        options.max_mem = 64 << 20  # the union's DFA needs more than the default 8 MB, or RE2 falls back to its NFA
        try:
            self._re = re2.compile(union, options) if patterns else None
        except re2.error:  # pragma: no cover - each part compiled alone; then search them one by one
            self._re = None

    def search(self, text: str) -> bool:
        if self._re is not None:
            return self._re.search(text) is not None
        return any(p.search(text) for p in self.patterns)
