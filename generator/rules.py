"""Spam rules: loading rules/*.yaml, repairing misspellings, the public API.

A rule file is a mapping with a ``rules`` list and, optionally, an
``allowlist`` of authority domains that links may point to. Every rule has an
``id``, a ``description``, a ``kind`` (how the cleaner applies it, see
``KINDS``), regex ``patterns`` and ``examples`` (``positive`` texts it must
catch, ``negative`` texts it must leave alone). Bad rule files give located
diagnostics, never exceptions; a broken rule is skipped, the others load.

The cleaner itself (``clean_article``, ``lint_text``) lives in
``generator.cleaner``; both are re-exported here because this module is the
public entry point.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import Diagnostic, Pos
from .loader import ID_PATTERN, _decode, parse_yaml

#: kind -> (action recorded by the cleaner, what the kind does). Order is the cleaner's pass order.
KINDS: dict[str, tuple[str, str]] = {
    "block": ("removed", "a heading line (full match) that starts a promotional block; "
                         "the heading and everything after it are dropped"),
    "toc": ("removed", "a table-of-contents heading (full match); it and the numbered list right after it are dropped"),
    "placeholder": ("removed", "a template placeholder line (full match); dropped with the short heading above it"),
    "repeated-title": ("removed", "a line repeating the article's title; no patterns"),
    "paragraph": ("removed", "a promotional phrase (search); the whole paragraph (line) is dropped"),
    "list": ("removed", "a pitch heading (search, on a heading-like line); it and the numbered list after it "
                        "are dropped"),
    "sentence": ("removed", "a phrase (search); the sentence containing it is dropped"),
    "flag": ("flagged", "garbled wording that cannot be repaired (search); the sentence is dropped and flagged"),
    "clause": ("removed", "an inline spam phrase that is a whole clause (full match); only the clause is cut"),
    "link": ("removed", "a URL or bare domain (search) not on the allowlist; the clause holding it is cut"),
    "repair": ("repaired", "a misspelling (search) replaced by 'replacement'"),
}

#: Kinds that lint_text applies to content text by default.
LINT_KINDS = frozenset({"paragraph", "sentence", "flag", "clause", "link", "repair", "placeholder"})

_DEFAULT_WORDING: dict[str, tuple[str, str, str]] = {
    # kind -> (label, expected, hint)
    "paragraph": ("promotional wording", "plain advice", "remove the sales pitch"),
    "sentence": ("promotional wording", "plain advice", "remove the sales pitch"),
    "clause": ("promotional wording", "plain advice", "remove the sales pitch"),
    "placeholder": ("template placeholder", "real text", "write the text or delete the placeholder"),
    "flag": ("garbled wording", "a readable sentence",
             "the original word cannot be recovered; rewrite the sentence from a reliable source"),
    "link": ("link", "links only to allowlisted authorities", "remove the link or cite an allowlisted authority"),
    "repair": ("misspelling", "", ""),
    "block": ("promotional block", "plain advice", "remove the block"),
    "toc": ("table of contents residue", "plain advice", "remove it"),
    "list": ("product pitch", "plain advice", "remove the sales pitch"),
    "repeated-title": ("repeated title", "the title once", "remove the repetition"),
}

_RULE_KEYS = {"id", "description", "kind", "patterns", "replacement", "context", "lint", "label", "expected",
              "hint", "examples"}
_FILE_KEYS = {"rules", "allowlist"}
_DOMAIN = re.compile(r"^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,}$")


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
    patterns: tuple[re.Pattern, ...] = ()
    replacement: str | None = None
    context: re.Pattern | None = None
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
        return KINDS[self.kind][0]

    def search(self, text: str, pos: int = 0) -> re.Match | None:
        """The earliest match of any pattern at or after ``pos``."""
        best = None
        for pattern in self.patterns:
            m = pattern.search(text, pos)
            if m and m.end() > m.start() and (best is None or m.start() < best.start()):
                best = m
        return best

    def finditer(self, text: str) -> list[re.Match]:
        """All non-empty matches of all patterns, by position."""
        found = [m for p in self.patterns for m in p.finditer(text) if m.end() > m.start()]
        return sorted(found, key=lambda m: (m.start(), -m.end()))

    def fullmatch(self, text: str) -> bool:
        return any(p.fullmatch(text) for p in self.patterns)

    def message(self, found: str) -> str:
        """A lint message: what was found, what is expected, and a hint."""
        label, expected, hint = _DEFAULT_WORDING[self.kind]
        if self.kind == "repair":
            expected, hint = f"'{self.replacement}'", f"write '{self.replacement}' instead"
        return (f"{self.label or label} '{found}' (rule {self.id}): expected {self.expected or expected}; "
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
    _by_kind: dict = field(default_factory=dict, compare=False, repr=False)

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
        return RuleSet(tuple(r for r in self.rules if r.id in set(ids)), self.allowlist)

    def is_allowed(self, link: str) -> bool:
        """True if a URL or bare domain points to an allowlisted domain or a subdomain of one."""
        host = re.sub(r"^[a-z][a-z0-9+.-]*://", "", link.strip().lower())
        host = re.split(r"[/:?#]", host, maxsplit=1)[0].rstrip(".")
        return any(host == d or host.endswith("." + d) for d in self.allowlist)

    def repaired(self, text: str) -> Repaired:
        """Repair misspellings, keeping the offset map back to the raw text."""
        rules = self.of_kind("repair")
        if not rules:
            return Repaired(text, text)
        hits: list[tuple[int, int, int, Rule]] = []
        for order, rule in enumerate(rules):
            for m in rule.finditer(text):
                if rule.context is not None:
                    line_start = text.rfind("\n", 0, m.start()) + 1
                    if not rule.context.search(text, line_start, m.start()):
                        continue
                hits.append((m.start(), -m.end(), order, rule))
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


def rule_ids(rules: RuleSet) -> tuple[str, ...]:
    """Ids of all rules, in file order (for counting removals by rule)."""
    return rules.ids()


# ---------------------------------------------------------------- loading


class _RuleFile:
    """Validates one rule file's plain data, collecting located diagnostics."""

    def __init__(self, rel: str, positions: dict[tuple, Pos]):
        self.rel = rel
        self.positions = positions
        self.diagnostics: list[Diagnostic] = []

    def pos(self, *keys: Any) -> Pos:
        for end in range(len(keys), -1, -1):
            found = self.positions.get(tuple(keys[:end]))
            if found:
                return found
        return Pos(1, 1)

    def error(self, keys: tuple, message: str, *, key: bool = False) -> None:
        where = self.positions.get(keys + ("<key>",)) if key else None
        where = where or self.pos(*keys)
        self.diagnostics.append(Diagnostic(self.rel, where.line, where.column, message, "rules"))

    def text(self, data: dict, keys: tuple, name: str, hint: str, required: bool = True) -> str | None:
        value = data.get(name)
        if value is None:
            if required:
                self.error(keys, f"rule is missing '{name}': expected {hint}; hint: add '{name}:' to the rule")
            return None
        if not isinstance(value, str) or not value.strip():
            self.error(keys + (name,), f"'{name}' must be text: expected {hint}, got {_show(value)}; "
                                       "hint: write it as a quoted string")
            return None
        return value

    def regex(self, source: Any, keys: tuple) -> re.Pattern | None:
        if not isinstance(source, str) or not source:
            self.error(keys, f"pattern must be text: expected a regular expression, got {_show(source)}; "
                             "hint: write it in single quotes")
            return None
        try:
            return re.compile(source)
        except re.error as exc:
            self.error(keys, f"bad regular expression {_show(source)}: {exc.msg} at position {exc.pos}; "
                             "expected a Python regular expression; hint: escape special characters with a "
                             "backslash and quote the pattern with single quotes")
            return None

    def examples(self, data: Any, keys: tuple) -> tuple[tuple[Example, ...], tuple[Example, ...]] | None:
        if not isinstance(data, dict):
            self.error(keys, "rule is missing 'examples': expected a mapping with 'positive' and 'negative' lists; "
                             "hint: add examples the rule must catch and must leave alone")
            return None
        ok = True
        result = []
        for name in ("positive", "negative"):
            items = data.get(name)
            if not isinstance(items, list) or not items:
                self.error(keys, f"examples need a non-empty '{name}' list: expected at least one text; "
                                 f"hint: add '{name}:' with one or more examples")
                ok = False
                result.append(())
                continue
            parsed = []
            for i, item in enumerate(items):
                where = self.pos(*keys, name, i)
                if isinstance(item, str) and item:
                    parsed.append(Example(item, None, where.line))
                elif isinstance(item, dict) and isinstance(item.get("text"), str) and set(item) <= {"text",
                                                                                                     "cleaned"}:
                    cleaned = item.get("cleaned")
                    if cleaned is not None and not isinstance(cleaned, str):
                        self.error(keys + (name, i, "cleaned"), "'cleaned' must be text: expected the exact "
                                   "cleaned output; hint: use '' for an empty result")
                        ok = False
                        continue
                    parsed.append(Example(item["text"], cleaned, where.line))
                else:
                    self.error(keys + (name, i), f"bad example {_show(item)}: expected a text or a mapping with "
                                                 "'text' and optional 'cleaned'; hint: quote the example")
                    ok = False
            result.append(tuple(parsed))
        for extra in sorted(set(data) - {"positive", "negative"}):
            self.error(keys + (extra,), f"unknown key '{extra}' in examples: expected 'positive' or 'negative'; "
                                        "hint: check the spelling", key=True)
            ok = False
        return (result[0], result[1]) if ok else None

    def rule(self, data: Any, keys: tuple) -> Rule | None:
        if not isinstance(data, dict):
            self.error(keys, f"rule must be a mapping: expected keys such as 'id' and 'kind', got {_show(data)}; "
                             "hint: start the rule with '- id: ...'")
            return None
        errors_before = len(self.diagnostics)
        for extra in sorted(set(data) - _RULE_KEYS):
            self.error(keys + (extra,), f"unknown key '{extra}': expected one of {', '.join(sorted(_RULE_KEYS))}; "
                                        "hint: check the spelling", key=True)
        rule_id = self.text(data, keys, "id", "an id of lowercase words joined by '-'")
        if rule_id is not None and not ID_PATTERN.match(rule_id):
            self.error(keys + ("id",), f"bad rule id {_show(rule_id)}: expected lowercase ASCII words joined by "
                                       "'-'; hint: e.g. 'promo-apply'")
        description = self.text(data, keys, "description", "one sentence saying what the rule removes")
        kind = self.text(data, keys, "kind", f"one of {', '.join(KINDS)}")
        if kind is not None and kind not in KINDS:
            self.error(keys + ("kind",), f"unknown kind {_show(kind)}: expected one of {', '.join(KINDS)}; "
                                         "hint: see KINDS in generator/rules.py")
            kind = None
        patterns: list[re.Pattern] = []
        raw_patterns = data.get("patterns")
        if kind == "repeated-title":
            if raw_patterns is not None:
                self.error(keys + ("patterns",), "kind 'repeated-title' takes no patterns: expected none; "
                                                 "hint: remove 'patterns'", key=True)
        elif not isinstance(raw_patterns, list) or not raw_patterns:
            self.error(keys + ("patterns",) if raw_patterns is not None else keys,
                       "rule needs 'patterns': expected a non-empty list of regular expressions; "
                       "hint: add 'patterns:' with one pattern per line")
        else:
            for i, source in enumerate(raw_patterns):
                compiled = self.regex(source, keys + ("patterns", i))
                if compiled is not None:
                    patterns.append(compiled)
        replacement = data.get("replacement")
        context = None
        if kind == "repair":
            if not isinstance(replacement, str):
                self.error(keys + ("replacement",) if "replacement" in data else keys,
                           "repair rule needs 'replacement': expected the correct spelling as text; "
                           "hint: add 'replacement: 卡'")
            if "context" in data:
                context = self.regex(data["context"], keys + ("context",))
        else:
            for name in ("replacement", "context"):
                if name in data:
                    self.error(keys + (name,), f"'{name}' is only for kind 'repair': expected no '{name}' on a "
                                               f"{kind or 'non-repair'} rule; hint: remove it", key=True)
        lint = data.get("lint", kind in LINT_KINDS)
        if not isinstance(lint, bool):
            self.error(keys + ("lint",), f"'lint' must be true or false, got {_show(lint)}; hint: write true or false")
        wording = {}
        for name in ("label", "expected", "hint"):
            wording[name] = self.text(data, keys, name, "text for lint messages", required=False) or ""
        examples = self.examples(data.get("examples"), keys + ("examples",))
        if len(self.diagnostics) > errors_before or examples is None or kind is None:
            return None
        where = self.pos(*keys)
        return Rule(rule_id, description, kind, tuple(patterns), replacement, context, lint, wording["label"],
                    wording["expected"], wording["hint"], examples[0], examples[1], self.rel, where.line)


def _show(value: Any) -> str:
    text = "'" + value + "'" if isinstance(value, str) else repr(value)
    return text if len(text) <= 60 else text[:57] + "...'"


def load_rules(root: Path) -> tuple[RuleSet, list[Diagnostic]]:
    """Load ``root/rules/*.yaml``. Returns the rules and any located errors; never raises for bad files."""
    root = Path(root)
    folder = root / "rules"
    diagnostics: list[Diagnostic] = []
    if not folder.is_dir():
        return RuleSet(), [Diagnostic("rules", 1, 1, "folder not found: expected rules/ under the root; "
                                                     "hint: pass --root DIR", "rules")]
    rules: list[Rule] = []
    allowlist: list[str] = []
    seen: dict[str, Rule] = {}
    for path in sorted(folder.glob("*.yaml")):
        rel = path.relative_to(root).as_posix()
        try:
            raw = path.read_bytes()
        except OSError as exc:
            diagnostics.append(Diagnostic(rel, 1, 1, f"cannot read file: {exc.strerror}; hint: check permissions",
                                          "rules"))
            continue
        text, diags = _decode(raw, rel)
        diagnostics.extend(diags)
        if text is None:
            continue
        data, positions, diags = parse_yaml(text, rel)
        diagnostics.extend(diags)
        if data is None and diags:
            continue
        checker = _RuleFile(rel, positions)
        if not isinstance(data, dict):
            checker.error((), f"rule file must be a mapping: expected 'rules:' and optionally 'allowlist:', got "
                              f"{_show(data)}; hint: start the file with 'rules:'")
            diagnostics.extend(checker.diagnostics)
            continue
        for extra in sorted(set(data) - _FILE_KEYS):
            checker.error((extra,), f"unknown key '{extra}': expected 'rules' or 'allowlist'; "
                                    "hint: check the spelling", key=True)
        entries = data.get("allowlist", [])
        if not isinstance(entries, list):
            checker.error(("allowlist",), "'allowlist' must be a list: expected domains such as 'pbc.gov.cn'; "
                                          "hint: write one '- domain' per line")
            entries = []
        for i, entry in enumerate(entries):
            if isinstance(entry, str) and _DOMAIN.match(entry):
                allowlist.append(entry)
            else:
                checker.error(("allowlist", i), f"bad allowlist entry {_show(entry)}: expected a lowercase domain "
                                                "such as 'pbc.gov.cn' without scheme or path; hint: remove "
                                                "'http://' and anything after the domain")
        items = data.get("rules", [])
        if not isinstance(items, list):
            checker.error(("rules",), "'rules' must be a list: expected one '- id: ...' entry per rule; "
                                      "hint: indent each rule under 'rules:' with '- '")
            items = []
        for i, item in enumerate(items):
            rule = checker.rule(item, ("rules", i))
            if rule is None:
                continue
            if rule.id in seen:
                first = seen[rule.id]
                checker.error(("rules", i, "id"), f"duplicate rule id '{rule.id}': expected each id once; "
                                                  f"hint: it is already defined at {first.path}:{first.line}")
                continue
            seen[rule.id] = rule
            rules.append(rule)
        diagnostics.extend(checker.diagnostics)
    order = list(KINDS)
    rules.sort(key=lambda r: order.index(r.kind))  # stable: file order within a kind
    return RuleSet(tuple(rules), tuple(dict.fromkeys(allowlist))), diagnostics


# ---------------------------------------------------------------- re-exports


def clean_article(text: str, rules: RuleSet) -> CleanResult:
    """Clean one article: drop spam, cut inline spam, flag garbled sentences, repair misspellings."""
    from .cleaner import clean_article as _clean

    return _clean(text, rules)


def lint_text(text: str, rules: RuleSet) -> list[Finding]:
    """Find links off the allowlist, promotional wording, garbled wording and misspellings in content text."""
    from .cleaner import lint_text as _lint

    return _lint(text, rules)

