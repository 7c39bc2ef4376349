"""Said once: a clause typed in two files is a warning that names the item to cite instead.

Every text value of every item is compared: titles, instructions, how-to lines, definitions, claims,
notes, triage labels, call scripts and letter parts, nested records included. Left out are what is not
our statement: ids and references (``ref`` fields), fixed choices, names (fact names), urls, the articles' provenance quotes
and the articles themselves. Page furniture is in the templates, not in content, so it is not compared.

A value is split into clauses at 。！？；，：and line ends, after its cross-references (``[[kind/id]]``) are taken
out: two pointers to one page restate nothing. A clause counts when its normalised text
(Latin letters lowercased; anything but letters, digits and Chinese characters dropped) has at least
``MIN_CHARS`` characters, and two clauses are the same statement when the Jaccard index of their
character trigrams is at least ``THRESHOLD``. Clauses of one file are not compared with each other.
Pairs come from ``neardup.similar_pairs`` (an inverted index over rare trigrams), so the check grows
with the number of clauses, not with its square.

Two items of one kind that are near-duplicates as a whole get the whole-item warning of
``neardup`` instead of one warning per clause, and a pair kept apart with ``not_duplicate_of`` is kept
apart clause by clause too. Any other pair is reported once, at the copy, with both locations. The home is the reference when one side is
a reference (cite its statement as ``reference: <id>#<statement>``); otherwise it is the file that
sorts first, and the copy links to it with ``[[kind/id]]``. A pair that must stay is listed under
``said_twice:`` in rules/said-once.yaml with its reason (``generator.rules.said_once``).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, fields, is_dataclass
from typing import Any, Iterator

from ..diagnostics import Diagnostic
from ..model.fields import specs_of
from ..model.kindspec import BY_KIND, KINDS
from ..model.prose import REF
from ..model.records import STATEMENT_MARK
from .knowledge import KnowledgeBase
from .neardup import THRESHOLD as WHOLE_THRESHOLD
from .neardup import NOT_TEXT, item_text, jaccard, shingles, similar_pairs

THRESHOLD = 0.6
"""Character-trigram Jaccard index from which two clauses are one statement typed twice."""
MIN_CHARS = 8
"""Shorter clauses (a few words) are not compared."""
SIGNATURE_CAP = 50
"""A trigram found in more clauses than this is too common to bring two clauses together."""
_NOT_STATEMENT = frozenset({"id", "quote", "url"})
"""Fields that are identifiers or provenance, not statements."""
_IDENTIFIER = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
"""A value that is a name, not prose: a fact name under 'known' or 'only_when'."""
_CLAUSE = re.compile(r"[^。！？；，：!?;,:\n]+")
"""A clause: a run between 。！？；，：(or their ASCII forms) and line ends."""
_HOME = "references"
"""The kind that is the home of any statement it shares with another item."""


@dataclass(frozen=True)
class Clause:
    """One clause of one item's text."""

    kind: str
    """The item's kind."""
    item_id: str
    """The item's id."""
    keys: tuple
    """The key path of the text value inside the item, for its position."""
    text: str
    """The clause as written."""
    compared: str
    """The clause as compared: its cross-references blanked out."""


def _plain(text: str) -> str:
    """The clause as compared: NFKC, lowercased, only letters, digits and Chinese characters (neardup's)."""
    return NOT_TEXT.sub("", unicodedata.normalize("NFKC", text).lower())


def trigrams(text: str) -> frozenset[str]:
    """Distinct character trigrams of the normalised clause."""
    norm = _plain(text)
    return frozenset(norm[i:i + 3] for i in range(len(norm) - 2))


def texts_of(value: Any, keys: tuple = ()) -> Iterator[tuple[tuple, str]]:
    """(key path, text) for every statement text of a record, nested records included."""
    for spec in fields(value):
        if spec.name in _NOT_STATEMENT or spec.metadata.get("ref") or spec.metadata.get("choices"):
            continue
        field_value = getattr(value, spec.name)
        if isinstance(field_value, str):
            yield keys + (spec.name,), field_value
        elif is_dataclass(field_value):
            yield from texts_of(field_value, keys + (spec.name,))
        elif isinstance(field_value, tuple):
            for i, entry in enumerate(field_value):
                if isinstance(entry, str):
                    yield keys + (spec.name, i), entry
                elif is_dataclass(entry):
                    yield from texts_of(entry, keys + (spec.name, i))


def clauses_of(kb: KnowledgeBase) -> list[Clause]:
    """Every comparable clause of the knowledge base, in kind and id order."""
    out = []
    for kind, items in kb.items.items():
        if not BY_KIND[kind].statements:
            continue  # the articles are the sources themselves
        for item_id in sorted(items):
            for keys, text in texts_of(items[item_id]):
                if _IDENTIFIER.fullmatch(text):
                    continue
                masked = REF.sub(lambda ref: " " * len(ref.group()), text)  # same offsets, no pointer text
                for part in _CLAUSE.finditer(masked):
                    if len(_plain(part.group())) >= MIN_CHARS:
                        out.append(Clause(kind, item_id, keys, text[part.start():part.end()].strip(),
                                          part.group().strip()))
    return out


def said_twice_pairs(clauses: list[Clause]) -> list[tuple[int, int, float]]:
    """(i, j, similarity) for every two clauses of different items at or above THRESHOLD."""
    sets = [trigrams(c.compared) for c in clauses]
    return [(i, j, sim) for i, j, sim in similar_pairs(sets, THRESHOLD, bitmasks=False, cap=SIGNATURE_CAP,
                                                         min_size=1)  # clauses are chosen by length already
            if (clauses[i].kind, clauses[i].item_id) != (clauses[j].kind, clauses[j].item_id)]


def check_said_once(kb: KnowledgeBase, rules: Any = None) -> list[Diagnostic]:
    """A warning at the copy of each clause typed in two files; located errors for bad exceptions."""
    clauses = clauses_of(kb)
    exceptions = list(getattr(rules, "said_twice", ()))
    diags = _unknown_items(kb, exceptions)
    used: set[int] = set()
    whole = _WholeItems(kb)
    for i, j, sim in said_twice_pairs(clauses):
        if whole.covers(clauses[i], clauses[j]):
            continue
        home, copy = _home_and_copy(kb, clauses[i], clauses[j])
        listed = _listed(exceptions, home, copy)
        if listed is not None:
            used.add(listed)
            continue
        diags.append(_warning(kb, home, copy, sim))
    for n, entry in enumerate(exceptions):
        if n not in used and not _unknown(kb, entry):
            diags.append(Diagnostic(entry.path, entry.pos.line, entry.pos.column,
                                    f"said_twice[{n}]: '{_short(entry.clause)}' is no longer typed in both "
                                    f"{entry.between[0]} and {entry.between[1]}: expected an exception to match a "
                                    "clause typed in two files; hint: remove the entry", "said-once", "warning"))
    return diags


class _WholeItems:
    """Two items of one kind that the whole-item check answers for: near-duplicates as a whole (it warns
    once for the pair) or kept apart on purpose with not_duplicate_of (its reason covers their clauses).
    Each item's bigrams and each pair's verdict are computed once."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.sets: dict[tuple[str, str], frozenset[str]] = {}
        self.verdicts: dict[frozenset, bool] = {}

    def compared(self, kind: str) -> bool:
        """Whether the whole-item check compares this kind (the kinds with not_duplicate_of)."""
        return "not_duplicate_of" in specs_of(KINDS[kind])

    def _set(self, key: tuple[str, str]) -> frozenset[str]:
        if key not in self.sets:
            self.sets[key] = shingles(item_text(self.kb.items[key[0]][key[1]]))
        return self.sets[key]

    def covers(self, a: Clause, b: Clause) -> bool:
        if a.kind != b.kind or not self.compared(a.kind):
            return False
        x, y = (a.kind, a.item_id), (b.kind, b.item_id)
        pair = frozenset((x, y))
        if pair not in self.verdicts:
            kept = any(entry.id == other[1] for here, other in ((x, y), (y, x))
                       for entry in getattr(self.kb.items[here[0]][here[1]], "not_duplicate_of", ()))
            self.verdicts[pair] = kept or jaccard(self._set(x), self._set(y)) >= WHOLE_THRESHOLD
        return self.verdicts[pair]


def _home_and_copy(kb: KnowledgeBase, a: Clause, b: Clause) -> tuple[Clause, Clause]:
    def rank(c: Clause) -> tuple:
        return c.kind != _HOME, kb.source_path(c.kind, c.item_id)
    return (a, b) if rank(a) <= rank(b) else (b, a)


def _warning(kb: KnowledgeBase, home: Clause, copy: Clause, sim: float) -> Diagnostic:
    doc = kb.documents[(copy.kind, copy.item_id)]
    pos = doc.pos(*copy.keys)
    there = kb.documents[(home.kind, home.item_id)].pos(*home.keys)
    target = f"{home.kind}/{home.item_id}"
    cite = (f"cite the reference's statement (reference: {home.item_id}{STATEMENT_MARK}{_statement(kb, home)})"
            if home.kind == _HOME else f"keep it in {target} and link to it here with [[{target}]]")
    return Diagnostic(
        doc.path, pos.line, pos.column,
        f"said twice: '{_short(copy.text)}' is {sim:.0%} alike to '{_short(home.text)}' in {target} "
        f"({kb.source_path(home.kind, home.item_id)}:{there.line}:{there.column}): expected each statement "
        f"typed in one file; hint: {cite}, or list the pair under 'said_twice:' in rules/said-once.yaml "
        "with a reason", "said-once", "warning")


def _statement(kb: KnowledgeBase, clause: Clause) -> str:
    """The id of the reference statement a clause is in, or a placeholder for any other field."""
    if clause.keys[0] == "statements":
        return kb.items[clause.kind][clause.item_id].statements[clause.keys[1]].id
    return "<statement>"


def _listed(exceptions: list, home: Clause, copy: Clause) -> int | None:
    """The index of the exception that covers this pair, if any."""
    pair = {f"{home.kind}/{home.item_id}", f"{copy.kind}/{copy.item_id}"}
    for n, entry in enumerate(exceptions):
        if set(entry.between) == pair:
            listed = trigrams(entry.clause)
            if jaccard(listed, trigrams(home.compared)) >= THRESHOLD or \
                    jaccard(listed, trigrams(copy.compared)) >= THRESHOLD:
                return n
    return None


def _unknown(kb: KnowledgeBase, entry: Any) -> str | None:
    for name in entry.between:
        kind, _, item_id = name.partition("/")
        if item_id not in kb.items.get(kind, {}):
            return name
    return None


def _unknown_items(kb: KnowledgeBase, exceptions: list) -> list[Diagnostic]:
    diags = []
    for n, entry in enumerate(exceptions):
        name = _unknown(kb, entry)
        if name:
            diags.append(Diagnostic(entry.path, entry.pos.line, entry.pos.column,
                                    f"said_twice[{n}].between: unknown item '{name}': expected kind/id of a file "
                                    "in content/; hint: fix the id or remove the entry", "reference"))
    return diags


def _short(text: str) -> str:
    return text if len(text) <= 30 else text[:29] + "…"
