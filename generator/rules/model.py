"""The rule model: rules, rule sets, misspelling repair and what the cleaner reports.

A rule file is a mapping with a ``rules`` list and, optionally, an
``allowlist`` of authority domains that links may point to. Every rule has an
``id``, a ``description``, a ``kind`` (how the cleaner applies it, see
``KINDS``), regex ``patterns`` and ``examples`` (``positive`` texts it must
catch, ``negative`` texts it must leave alone). Bad rule files give located
diagnostics, never exceptions; a broken rule is skipped, the others load.

Loading lives in ``loader``, the cleaner in ``cleaner`` and the content lint in ``lint``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .advice import AdviceRules
from .links import find_links
from .normalize import normalize
from .phones import PhoneEntry
from .pinyin import PINYIN_RULE, PinyinWords, filtered_words, may_have_pinyin
from .regex import Hit, Pattern
from .said_once import SaidTwice


@dataclass(frozen=True)
class RuleKind:
    """What one kind of rule does in the cleaner, and how the content lint words its hits by default."""

    action: str
    """What the cleaner records for a hit: ``removed``, ``repaired`` or ``flagged``."""
    does: str
    """What a rule of the kind matches and what the cleaner drops."""
    label: str
    """Lint messages: what was found. A rule's own 'label', 'expected' and 'hint' replace these three."""
    expected: str
    hint: str
    lint: bool = True
    """Whether lint_text applies the kind to content text unless the rule says 'lint: false'."""
    patterns: bool = True
    """Whether a rule of the kind has regex 'patterns'; without them the cleaner or links.py finds the hits."""
    family: str = field(kw_only=True)
    """What an article page tells readers was removed by rules of the kind (in Chinese; several kinds may share one)."""


_PITCH = ("promotional wording", "plain advice", "remove the sales pitch")

#: kind -> what it does. Order is the cleaner's pass order.
KINDS: dict[str, RuleKind] = {
    "block": RuleKind("removed", "a heading line (full match) that starts a promotional block; the heading and "
                      "everything after it are dropped", "promotional block", "plain advice", "remove the block",
                      lint=False, family="“相关文章”列表"),
    "toc": RuleKind("removed", "a table-of-contents heading (full match); it and the numbered list right after it "
                    "are dropped", "table of contents residue", "plain advice", "remove it", lint=False, family="目录残留"),
    "placeholder": RuleKind("removed", "a template placeholder line (full match); dropped with the short heading "
                            "above it", "template placeholder", "real text", "write the text or delete the placeholder",
                            family="模板占位文字"),
    "furniture": RuleKind("removed", "page furniture of a scraped page (search; patterns anchor themselves with ^ "
                          "and $ where needed): the line is dropped before the title is read", "page furniture",
                          "plain advice", "remove the leftover of the scraped page", family="网页杂项（导航、署名、浏览数等）"),
    "repeated-title": RuleKind("removed", "a line repeating the article's title; no patterns", "repeated title",
                               "the title once", "remove the repetition", lint=False, patterns=False, family="重复的标题"),
    "paragraph": RuleKind("removed", "a promotional phrase (search); the whole paragraph (line) is dropped", *_PITCH,
                          family="广告推广"),
    "list": RuleKind("removed", "a pitch heading (search, on a heading-like line); it and the numbered list after "
                     "it are dropped", "product pitch", "plain advice", "remove the sales pitch", lint=False,
                     family="广告推广"),
    "sentence": RuleKind("removed", "a phrase (search); the sentence containing it is dropped", *_PITCH, family="广告推广"),
    "phone": RuleKind("removed", "a phone number (search; the group named 'hit' if any) not on a 'phones' "
                      "allowlist; the sentence containing it is dropped", "phone number",
                      "only the numbers allowlisted in rules/ with their facts.md reference",
                      "remove the number and tell readers where to find the right one (card, slip, terminal, "
                      "official app)", family="电话号码"),
    "encoded": RuleKind("removed", "a base64-looking run of 16 or more letters, digits, '+' and '/' that mixes upper "
                        "case, lower case and digits (or '+', '/'), found by generator/rules/spans.py (no "
                        "patterns); the sentence containing it is dropped", "encoded text", "readable text",
                        "remove the encoded string; readers cannot read it and the rules cannot check it",
                        patterns=False, family="无法阅读的编码"),
    "flag": RuleKind("flagged", "garbled wording that cannot be repaired (search); the sentence is dropped and "
                     "flagged", "garbled wording", "a readable sentence",
                     "the original word cannot be recovered; rewrite the sentence from a reliable source",
                     family="无法辨认的词句"),
    "clause": RuleKind("removed", "an inline spam phrase that is a whole clause (full match); only the clause is "
                       "cut", *_PITCH, family="广告推广"),
    "link": RuleKind("removed", "a URL, bare domain, IPv4 address or e-mail host not on the allowlist, found and "
                     "parsed by generator/links.py (no patterns); the clause holding it is cut", "link",
                     "links only to allowlisted authorities", "remove the link or cite an allowlisted authority",
                     patterns=False, family="外部链接"),
    "repair": RuleKind("repaired", "a misspelling (search) replaced by 'replacement'", "misspelling", "", "",
                       family="错别字（已改正）"),
}


@dataclass(frozen=True)
class Removal:
    """One thing the cleaner removed, repaired or flagged in an article."""

    rule_id: str
    line: int
    """1-based line in the raw article."""
    text: str
    """The raw text that was removed, repaired or flagged."""
    action: str
    """``removed`` | ``repaired`` | ``flagged``."""
    column: int = 1
    """1-based column of ``text`` in the raw line."""
    replacement: str = ""
    """For ``repaired``: what ``text`` became."""


@dataclass(frozen=True)
class CleanResult:
    """A cleaned article and the audit of what changed."""

    text: str
    removals: tuple[Removal, ...] = ()


@dataclass(frozen=True)
class Finding:
    """A rule hit inside a piece of content text (offsets into that text)."""

    rule_id: str
    offset: int
    length: int
    message: str


@dataclass(frozen=True)
class Example:
    """A rule example: ``text`` and, optionally, the exact cleaned text expected."""

    text: str
    cleaned: str | None = None
    line: int = 0


@dataclass(frozen=True)
class Rule:
    """One spam rule from rules/*.yaml."""

    id: str
    description: str
    kind: str
    patterns: tuple[Pattern, ...] = ()
    """Compiled with RE2 (``regex.py``): linear time, no lookaround."""
    replacement: str | None = None
    context: Pattern | None = None
    """repair only: the rule applies only if this matches earlier in the same line."""
    lint: bool = True
    label: str = ""
    expected: str = ""
    hint: str = ""
    positive: tuple[Example, ...] = ()
    negative: tuple[Example, ...] = ()
    path: str = ""
    line: int = 0

    @property
    def action(self) -> str:
        return KINDS[self.kind].action

    def search(self, text: str, pos: int = 0) -> Hit | None:
        """The earliest match of any pattern at or after ``pos``."""
        best = None
        for pattern in self.patterns:
            m = pattern.search(text, pos)
            if m and m.end() > m.start() and (best is None or m.start() < best.start()):
                best = m
        return best

    def finditer(self, text: str) -> list[Hit]:
        """All non-empty matches of all patterns, by position."""
        found = [m for p in self.patterns for m in p.finditer(text) if m.end() > m.start()]
        return sorted(found, key=lambda m: (m.start(), -m.end()))

    def fullmatch(self, text: str) -> bool:
        return any(p.fullmatch(text) for p in self.patterns)

    def message(self, found: str, detail: str = "") -> str:
        """A lint message: what was found (and why it is refused), what is expected, and a hint."""
        kind = KINDS[self.kind]
        label, expected, hint = kind.label, kind.expected, kind.hint
        if self.kind == "repair":
            expected, hint = f"'{self.replacement}'", f"write '{self.replacement}' instead"
        detail = f" {detail}:" if detail else ""
        return (f"{self.label or label} '{found}' (rule {self.id}):{detail} expected {self.expected or expected}; "
                f"hint: {self.hint or hint}")


@dataclass(frozen=True)
class Repaired:
    """A text with its misspellings repaired, and the way back to raw offsets."""

    raw: str
    text: str
    edits: tuple[tuple[int, int, int, int, Rule], ...] = ()
    """(start, end) in ``text``, (start, end) in ``raw``, and the repair rule, by position."""

    def to_raw(self, pos: int, end: bool = False) -> int:
        """Map an offset in ``text`` to ``raw``; inside a repair, to its start (or its end if ``end``)."""
        shift = 0
        for new_start, new_end, raw_start, raw_end, _rule in self.edits:
            if pos <= new_start:
                break
            if pos < new_end:
                return raw_end if end else raw_start
            shift = raw_end - new_end
        return pos + shift


@dataclass(frozen=True)
class RuleSet:
    """All rules loaded from rules/, in pass order within each kind (file order)."""

    rules: tuple[Rule, ...] = ()
    allowlist: tuple[str, ...] = ()
    """Domains links may point to (a subdomain of one is allowed too)."""
    phones: tuple[PhoneEntry, ...] = ()
    """Phone numbers the content may print, each with the reference that verifies it."""
    advice: AdviceRules = field(default_factory=AdviceRules)
    """How steps' preconditions relate to what a situation knows (rules/advice.yaml)."""
    said_twice: tuple[SaidTwice, ...] = ()
    """Clauses typed in two files on purpose, each with its reason (rules/said-once.yaml)."""
    _by_kind: dict = field(default_factory=dict, compare=False, repr=False)
    _pinyin: list = field(default_factory=list, compare=False, repr=False)
    """The rule set's PinyinWords, built on first use."""

    def __post_init__(self) -> None:
        for rule in self.rules:
            self._by_kind.setdefault(rule.kind, []).append(rule)

    def of_kind(self, kind: str) -> list[Rule]:
        return self._by_kind.get(kind, [])

    def ids(self) -> tuple[str, ...]:
        return tuple(rule.id for rule in self.rules)

    def get(self, rule_id: str) -> Rule:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)

    def subset(self, ids: list[str] | tuple[str, ...]) -> RuleSet:
        """Only the given rules (with the same allowlist): to test a rule on its own."""
        return RuleSet(tuple(r for r in self.rules if r.id in set(ids)), self.allowlist, self.phones, self.advice)

    def is_allowed(self, link: str) -> bool:
        """True if a URL or bare domain points to an allowlisted domain or a subdomain of one."""
        found = find_links(normalize(link).plain, self.allowlist)
        return bool(found) and all(item.allowed for item in found)

    def pinyin_words(self) -> PinyinWords:
        """Every filtered word (the Chinese words of the patterns), to find them written in pinyin."""
        if not self._pinyin:
            sources = [p.pattern for rule in self.rules if rule.kind != "repair" for p in rule.patterns]
            self._pinyin.append(PinyinWords(filtered_words(sources)))
        return self._pinyin[0]

    def repaired(self, text: str) -> Repaired:
        """Repair misspellings found in the normalised text, and read filtered words written partly in pinyin
        as the words (``pinyin.py``), keeping the offset map back to the raw text."""
        rules = self.of_kind("repair")
        norm = normalize(text)
        view = norm.text
        hits: list[tuple[int, int, int, Rule]] = []
        for order, rule in enumerate(rules):
            for m in rule.finditer(view):
                if rule.context is not None and not rule.context.search(view, 0, m.start()):
                    continue
                start, end = norm.span(m.start(), m.end())
                hits.append((start, -end, order, rule))
        if may_have_pinyin(view):
            taken = [(s, -e) for s, e, _o, _r in hits] + [norm.span(link.start, link.end, "plain")
                                                         for link in find_links(norm.plain, self.allowlist)]
            for p_start, p_end, word in self.pinyin_words().find(view):
                start, end = norm.span(p_start, p_end)
                if not any(s < end and start < e for s, e in taken):
                    hits.append((start, -end, len(rules), Rule(PINYIN_RULE, "pinyin for " + word, "repair",
                                                                 replacement=word, lint=False)))
        if not hits:
            return Repaired(text, text)
        hits.sort(key=lambda h: (h[0], h[1], h[2]))
        out: list[str] = []
        edits = []
        last = 0
        new_len = 0
        for start, neg_end, _order, rule in hits:
            end = -neg_end
            if start < last:
                continue
            out.append(text[last:start])
            new_len += start - last
            replacement = rule.replacement or ""
            out.append(replacement)
            edits.append((new_len, new_len + len(replacement), start, end, rule))
            new_len += len(replacement)
            last = end
        out.append(text[last:])
        return Repaired(text, "".join(out), tuple(edits))

    def repair(self, text: str) -> str:
        """Repair misspellings only."""
        return self.repaired(text).text
