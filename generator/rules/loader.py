"""Loading rules/*.yaml into a RuleSet, with located diagnostics for bad files.

``load_rules(root)`` is the entry point. A broken rule is reported and skipped; the others load.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ..diagnostics import Diagnostic, Pos, qt
from ..load.files import decode
from ..load.parse import deepest_pos, parse_yaml
from ..model.kinds import ID_PATTERN
from .advice import ADVICE_KEYS, AdviceRules, load_advice, merge
from .model import KINDS, Example, Rule, RuleSet
from .phones import PhoneEntry
from .regex import Pattern, PatternError, compile_pattern
from .said_once import SAID_ONCE_KEYS, SaidTwice, load_said_twice

_DOMAIN = re.compile(r"^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,}$")
_FILE_KEYS = {"rules", "allowlist", "phones"} | ADVICE_KEYS | SAID_ONCE_KEYS
_PHONE_KEYS = {"number", "reference", "note"}
_RULE_KEYS = {"id", "description", "kind", "patterns", "replacement", "context", "lint", "label", "expected",
              "hint", "examples"}


class _RuleFile:
    """Validates one rule file's plain data, collecting located diagnostics."""

    def __init__(self, rel: str, positions: dict[tuple, Pos]):
        self.rel = rel
        self.positions = positions
        self.diagnostics: list[Diagnostic] = []

    def pos(self, *keys: Any) -> Pos:
        return deepest_pos(self.positions, keys)

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
            self.error(keys + (name,), f"'{name}' must be text: expected {hint}, got {qt(value)}; "
                                       "hint: write it as a quoted string")
            return None
        return value

    def regex(self, source: Any, keys: tuple) -> Pattern | None:
        if not isinstance(source, str) or not source:
            self.error(keys, f"pattern must be text: expected a regular expression, got {qt(source)}; "
                             "hint: write it in single quotes")
            return None
        try:
            return compile_pattern(source)
        except PatternError as exc:
            if exc.unsupported:
                self.error(keys, f"pattern {qt(source)} uses a construct the linear-time engine (RE2) does not "
                                 f"run: {exc.reason}; expected RE2 syntax: no lookahead, lookbehind, "
                                 "backreferences, possessive quantifiers or atomic groups; hint: match the context "
                                 "too and name the part to report '(?P<hit>...)' (CONTRIBUTING.md, 'Spam rules')")
            else:
                self.error(keys, f"bad regular expression {qt(source)}: {exc.reason}; expected an RE2 regular "
                                 "expression; hint: escape special characters with a backslash and quote the "
                                 "pattern with single quotes")
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
                    self.error(keys + (name, i), f"bad example {qt(item)}: expected a text or a mapping with "
                                                 "'text' and optional 'cleaned'; hint: quote the example")
                    ok = False
            result.append(tuple(parsed))
        for extra in sorted(set(data) - {"positive", "negative"}):
            self.error(keys + (extra,), f"unknown key '{extra}' in examples: expected 'positive' or 'negative'; "
                                        "hint: check the spelling", key=True)
            ok = False
        return (result[0], result[1]) if ok else None

    def patterns(self, data: dict, keys: tuple, kind: str | None) -> list[Pattern]:
        """The compiled 'patterns' of a rule (none for repeated-title and link), reporting bad ones."""
        patterns: list[Pattern] = []
        raw_patterns = data.get("patterns")
        if kind in KINDS and not KINDS[kind].patterns:
            if raw_patterns is not None:
                self.error(keys + ("patterns",), f"kind '{kind}' takes no patterns: expected none; "
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
        return patterns

    def repair(self, data: dict, keys: tuple, kind: str | None) -> tuple[Any, Pattern | None]:
        """(replacement, context) of a repair rule; both are refused on other kinds."""
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
        return replacement, context

    def rule(self, data: Any, keys: tuple) -> Rule | None:
        if not isinstance(data, dict):
            self.error(keys, f"rule must be a mapping: expected keys such as 'id' and 'kind', got {qt(data)}; "
                             "hint: start the rule with '- id: ...'")
            return None
        errors_before = len(self.diagnostics)
        for extra in sorted(set(data) - _RULE_KEYS):
            self.error(keys + (extra,), f"unknown key '{extra}': expected one of {', '.join(sorted(_RULE_KEYS))}; "
                                        "hint: check the spelling", key=True)
        rule_id = self.text(data, keys, "id", "an id of lowercase words joined by '-'")
        if rule_id is not None and not ID_PATTERN.match(rule_id):
            self.error(keys + ("id",), f"bad rule id {qt(rule_id)}: expected lowercase ASCII words joined by "
                                       "'-'; hint: e.g. 'promo-apply'")
        description = self.text(data, keys, "description", "one sentence saying what the rule removes")
        kind = self.text(data, keys, "kind", f"one of {', '.join(KINDS)}")
        if kind is not None and kind not in KINDS:
            self.error(keys + ("kind",), f"unknown kind {qt(kind)}: expected one of {', '.join(KINDS)}; "
                                         "hint: see KINDS in generator/rules/model.py")
            kind = None
        patterns = self.patterns(data, keys, kind)
        replacement, context = self.repair(data, keys, kind)
        lint = data.get("lint", kind is not None and KINDS[kind].lint)
        if not isinstance(lint, bool):
            self.error(keys + ("lint",), f"'lint' must be true or false, got {qt(lint)}; hint: write true or false")
        wording = {}
        for name in ("label", "expected", "hint"):
            wording[name] = self.text(data, keys, name, "text for lint messages", required=False) or ""
        examples = self.examples(data.get("examples"), keys + ("examples",))
        if len(self.diagnostics) > errors_before or examples is None or kind is None:
            return None
        where = self.pos(*keys)
        return Rule(rule_id, description, kind, tuple(patterns), replacement, context, lint, wording["label"],
                    wording["expected"], wording["hint"], examples[0], examples[1], self.rel, where.line)


    def allowlist(self, entries: Any) -> list[str]:
        """The valid domains of the file's 'allowlist', reporting bad entries."""
        if not isinstance(entries, list):
            self.error(("allowlist",), "'allowlist' must be a list: expected domains such as 'pbc.gov.cn'; "
                                       "hint: write one '- domain' per line")
            return []
        domains = []
        for i, entry in enumerate(entries):
            if not isinstance(entry, str) or not _DOMAIN.match(entry):
                self.error(("allowlist", i), f"bad allowlist entry {qt(entry)}: expected a lowercase domain "
                                             "such as 'pbc.gov.cn' without scheme or path; hint: remove "
                                             "'http://' and anything after the domain")
            else:
                domains.append(entry)
        return domains

    def phones(self, entries: Any) -> list[PhoneEntry]:
        """The valid entries of the file's 'phones' allowlist, reporting bad ones."""
        if not isinstance(entries, list):
            self.error(("phones",), "'phones' must be a list: expected entries such as "
                                    "'- {number: \"12363\", reference: pboc-12363-notice}'; "
                                    "hint: write one '- number: ...' entry per number")
            return []
        found = []
        for i, entry in enumerate(entries):
            keys = ("phones", i)
            if not isinstance(entry, dict):
                self.error(keys, f"bad phone entry {qt(entry)}: expected a mapping with 'number' and "
                                 "'reference'; hint: write '- number: \"12363\"' and 'reference: <id>'")
                continue
            before = len(self.diagnostics)
            for extra in sorted(set(entry) - _PHONE_KEYS):
                self.error(keys + (extra,), f"unknown key '{extra}' in phone entry: expected one of "
                                            f"{', '.join(sorted(_PHONE_KEYS))}; hint: check the spelling", key=True)
            number, reference = entry.get("number"), entry.get("reference")
            if not isinstance(number, str) or not number.isdigit() or not number.isascii():
                self.error(keys + ("number",) if "number" in entry else keys,
                           f"bad phone number {qt(number)}: expected the digits only, in quotes, e.g. "
                           "'\"12363\"'; hint: quote the number and drop spaces and dashes")
            if not isinstance(reference, str) or not ID_PATTERN.match(reference):
                self.error(keys + ("reference",) if "reference" in entry else keys,
                           f"bad phone reference {qt(reference)}: expected the id of the file in "
                           "content/references/ that verifies the number (from shared/facts.md); "
                           "hint: e.g. 'reference: pboc-12363-notice'")
            note = entry.get("note", "")
            if len(self.diagnostics) == before:
                where = self.pos(*keys)
                found.append(PhoneEntry(number, reference, note if isinstance(note, str) else "", self.rel,
                                        where.line, where.column))
        return found

    def rules(self, data: dict, seen: dict[str, Rule]) -> list[Rule]:
        """The valid rules of the file; ``seen`` (id -> rule, across files) refuses repeated ids."""
        items = data.get("rules", [])
        if not isinstance(items, list):
            self.error(("rules",), "'rules' must be a list: expected one '- id: ...' entry per rule; "
                                   "hint: indent each rule under 'rules:' with '- '")
            items = []
        rules = []
        for i, item in enumerate(items):
            rule = self.rule(item, ("rules", i))
            if rule is None:
                continue
            if rule.id in seen:
                first = seen[rule.id]
                self.error(("rules", i, "id"), f"duplicate rule id '{rule.id}': expected each id once; "
                                               f"hint: it is already defined at {first.path}:{first.line}")
                continue
            seen[rule.id] = rule
            rules.append(rule)
        return rules


def _parsed(path: Path, rel: str) -> tuple[Any, _RuleFile | None, list[Diagnostic]]:
    """(data, checker, diagnostics) of one rule file; no checker if it cannot be read or parsed."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, None, [Diagnostic(rel, 1, 1, f"cannot read file: {exc.strerror}; hint: check permissions",
                                       "rules")]
    text, diagnostics = decode(raw, rel)
    if text is None:
        return None, None, diagnostics
    data, positions, diags = parse_yaml(text, rel)
    diagnostics += diags
    if data is None and diags:
        return None, None, diagnostics
    return data, _RuleFile(rel, positions), diagnostics


def load_rules(root: Path) -> tuple[RuleSet, list[Diagnostic]]:
    """Load ``root/rules/*.yaml``. Returns the rules and any located errors; never raises for bad files."""
    root = Path(root)
    folder = root / "rules"
    if not folder.is_dir():
        return RuleSet(), [Diagnostic("rules", 1, 1, "folder not found: expected rules/ under the root; "
                                                     "hint: pass --root DIR", "rules")]
    diagnostics: list[Diagnostic] = []
    rules: list[Rule] = []
    allowlist: list[str] = []
    phones: list[PhoneEntry] = []
    seen: dict[str, Rule] = {}
    advice: list[AdviceRules] = []
    said_twice: list[SaidTwice] = []
    for path in sorted(folder.glob("*.yaml")):
        data, checker, diags = _parsed(path, path.relative_to(root).as_posix())
        diagnostics += diags
        if checker is None:
            continue
        if not isinstance(data, dict):
            checker.error((), f"rule file must be a mapping: expected 'rules:' and optionally 'allowlist:' or "
                              f"'phones:', got "
                              f"{qt(data)}; hint: start the file with 'rules:'")
        else:
            for extra in sorted(set(data) - _FILE_KEYS):
                checker.error((extra,), f"unknown key '{extra}': expected 'rules', 'allowlist', 'phones', "
                                        "'facts', 'first_step', 'role_words', 'checklist_blanks' or 'said_twice'; "
                                        "hint: check the spelling", key=True)
            allowlist += checker.allowlist(data.get("allowlist", []))
            phones += checker.phones(data.get("phones", []))
            rules += checker.rules(data, seen)
            if ADVICE_KEYS & set(data):
                advice.append(load_advice(data, checker.rel, checker.error))
            said_twice += load_said_twice(data, checker.rel, checker.error, checker.pos)
        diagnostics += checker.diagnostics
    order = list(KINDS)
    rules.sort(key=lambda r: order.index(r.kind))  # stable: file order within a kind
    return RuleSet(tuple(rules), tuple(dict.fromkeys(allowlist)), _unique(phones, diagnostics),
                   merge(advice), tuple(said_twice)), diagnostics


def _unique(phones: list[PhoneEntry], diagnostics: list[Diagnostic]) -> tuple[PhoneEntry, ...]:
    """The phone allowlist with each number once; a repeated number is a located error."""
    numbers: dict[str, PhoneEntry] = {}
    for entry in phones:
        if entry.number in numbers:
            first = numbers[entry.number]
            diagnostics.append(Diagnostic(entry.path, entry.line, entry.column, f"duplicate phone number "
                                          f"'{entry.number}': expected each number once; hint: it is already "
                                          f"listed at {first.path}:{first.line}", "rules"))
        numbers.setdefault(entry.number, entry)
    return tuple(numbers.values())
