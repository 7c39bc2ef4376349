"""Whole-knowledge-base checks. Returns every diagnostic at once; never raises.

Steps, each over all items: per-file schema (schema.py), unsafe text, spam
rules, references, orphans, escalation loops; and (sources.py) the statements a source
names, provenance quotes (against the articles cleaned before validation), corrections,
one label per reference url.
All work is linear in the number of items and references: lookups go through
dictionaries built once.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from ..diagnostics import Diagnostic, Pos, qt
from ..forking import map_parts
from ..load.corpus import Corpus, Document
from ..model.fields import referable_kinds, specs_of
from ..model.kinds import NESTED
from ..model.kindspec import BY_KIND, KINDS, TRIAGE_KINDS
from ..model.records import STATEMENT_MARK
from ..rules.lint import lint_split, lint_text
from ..rules.model import CleanResult, RuleSet
from ..rules.normalize import describe_char, normalize
from .advice import check_advice
from .contacts import check_contact_phones
from .graph import closing_edges
from .knowledge import KnowledgeBase, Link
from .prose import check_prose_refs
from .roles import check_roles, check_terms
from .schema import FileChecker, path_name, text_findings
from .sources import SourceChecks, close_hint
from .triage import check_triage

SUGGESTION_LIMIT = 100
"""'Did you mean' hints for the first unknown references only: each costs a pass over the ids."""


def references_of(item: Any, single: bool = True, prefix: tuple = ()) -> list[tuple[tuple, str, str]]:
    """Every outgoing reference of an item, in field order: (key path, target kind, target id) of each field
    with a ``ref``, and of the records nested in it (sources, claims, deadlines ...). Without ``single``,
    only the lists of ids, not the fields that hold one id."""
    out = []
    for spec in specs_of(type(item)).values():
        value = getattr(item, spec.name)
        kind = spec.metadata.get("ref")
        here = prefix + (spec.name,)
        if kind and isinstance(value, str):
            # '<id>#<statement>': the item is the reference; check_statements checks the statement
            target = value.partition(STATEMENT_MARK)[0] if spec.metadata.get("statement") else value
            out += [(here, kind, target)] if single else []
        elif kind and isinstance(value, tuple):
            out += [(here + (i,), kind, target) for i, target in enumerate(value)]
        elif spec.name in NESTED and isinstance(value, tuple):
            for i, record in enumerate(value):
                out += references_of(record, single, here + (i,))
        elif spec.name in NESTED and value is not None:
            out += references_of(value, single, here)
    return out


class Validator(SourceChecks):
    """Runs every check and collects diagnostics."""

    def __init__(self, corpus: Corpus, rules: RuleSet, cleaned: dict[str, CleanResult]):
        self.corpus = corpus
        self.rules = rules
        self.kb = KnowledgeBase(root=corpus.root, articles_raw=dict(corpus.articles), articles_clean=dict(cleaned))
        self.diagnostics: list[Diagnostic] = list(corpus.diagnostics)
        self.unreadable = {d.path for d in corpus.diagnostics if d.is_error}
        self.invalid_refs: list[tuple[Document, list]] = []
        """References written in files that failed the schema, still checked for dangling ids."""
        self.known: set[tuple[str, str]] = set()
        """Every (kind, id) that has a file, valid or not."""

    def report(self, doc: Document, keys: tuple, message: str, code: str, pos: Pos | None = None,
               severity: str = "error") -> None:
        pos = pos or doc.pos(*keys)
        self.diagnostics.append(Diagnostic(doc.path, pos.line, pos.column, message, code, severity))

    def run(self) -> KnowledgeBase:
        self.check_files()
        self.check_articles()
        self.check_links()
        self.diagnostics += check_prose_refs(self.kb, self.corpus.documents, self.known, self.unknown_target)
        self.check_orphans()
        self.check_loops()
        self.check_sources()
        self.check_statements()
        self.check_url_labels()
        self.diagnostics += check_contact_phones(self.kb, self.rules)
        self.diagnostics += check_triage(self.kb, self.known, self.unknown_message)
        self.diagnostics += check_roles(self.kb) + check_terms(self.kb)
        self.diagnostics += check_advice(self.kb, self.rules)
        return self.kb

    def check_files(self) -> None:
        """Every file on its own (schema, text, spam rules); many files in forked workers
        (forking.map_parts), each checking a contiguous part; what every part found is merged here,
        in file order."""
        parts = map_parts(self._check_part, self.corpus.documents)
        for doc, (item, diagnostics, raw_refs) in zip(self.corpus.documents, [f for found in parts for f in found]):
            self.known.add((doc.kind, doc.stem))
            self.diagnostics += diagnostics
            if item is not None:
                self.kb.items[doc.kind][doc.stem] = item
                self.kb.documents[(doc.kind, doc.stem)] = doc
            elif raw_refs is not None:
                self.invalid_refs.append((doc, raw_refs))

    def _check_part(self, docs: list[Document]) -> list:
        """Check a part of the files, here or in a worker; per file, the item or None, its diagnostics,
        and the references of a file that failed the schema (or None). What check_file recorded is taken
        back out, so that check_files merges every part the same way wherever it ran."""
        found = []
        for doc in docs:
            before, refs = len(self.diagnostics), len(self.invalid_refs)
            self.check_file(doc)
            item = self.kb.items[doc.kind].pop(doc.stem, None)
            self.kb.documents.pop((doc.kind, doc.stem), None)
            raw = self.invalid_refs[refs][1] if len(self.invalid_refs) > refs else None
            found.append((item, self.diagnostics[before:], raw))
            del self.diagnostics[before:], self.invalid_refs[refs:]
        return found

    def check_file(self, doc: Document) -> None:
        self.known.add((doc.kind, doc.stem))
        if doc.path in self.unreadable:
            return  # YAML-level errors are already reported; schema errors would only repeat them
        checker = FileChecker(doc)
        item = checker.check()
        self.diagnostics += checker.diagnostics
        for keys, text in checker.strings:
            self.check_text(doc, keys, text)
        self.check_split(doc, checker.strings)
        if item is not None:
            self.kb.items[doc.kind][doc.stem] = item
            self.kb.documents[(doc.kind, doc.stem)] = doc
        else:
            self.invalid_refs.append((doc, checker.raw_refs))

    def check_text(self, doc: Document, keys: tuple, text: str) -> None:
        name = path_name(keys)
        unsafe = text_findings(text)
        for offset, _code, what, hint in unsafe:
            self.report(doc, keys, f"key '{name}': {what} is not allowed: expected plain text, got "
                                   f"{qt(text[offset:offset + 20])}; hint: {hint}", "unsafe-text",
                        doc.char_pos(keys, text, offset))
        invisible = normalize(text).invisible
        if invisible and not any(code == "control-character" for _o, code, _w, _h in unsafe):
            names = ", ".join(dict.fromkeys(describe_char(char) for _offset, char in invisible))
            self.report(doc, keys, f"key '{name}': invisible characters {names}: the spam rules read the text "
                                   "without them: expected visible text only; hint: delete them (most editors do "
                                   "not show them)", "invisible-text", doc.char_pos(keys, text, invisible[0][0]),
                        severity="warning")
        if keys and keys[-1] in ("quote", "url"):
            return  # quotes are checked against the cleaned article, urls against the allowlist
        for finding in lint_text(text, self.rules):
            self.report(doc, keys, f"key '{name}': {finding.message}", finding.rule_id,
                        doc.char_pos(keys, text, finding.offset))

    def check_split(self, doc: Document, strings: list[tuple[tuple, str]]) -> None:
        """A phone number split across two adjacent entries of one list (each half too short to be one)."""
        for (keys, text), (next_keys, next_text) in zip(strings, strings[1:]):
            if keys[:-1] != next_keys[:-1] or not isinstance(keys[-1], int) or next_keys[-1] != keys[-1] + 1:
                continue
            for finding in lint_split(text, next_text, self.rules):
                self.report(doc, keys, f"key '{path_name(keys)}' and '{path_name(next_keys)}': {finding.message}",
                            finding.rule_id, doc.char_pos(keys, text, finding.offset))

    def check_articles(self) -> None:
        metas = self.kb.items["articles"]
        for article_id in sorted(set(metas) - set(self.kb.articles_raw)):
            self.report(self.kb.documents[("articles", article_id)], ("id",),
                        f"article '{article_id}' has no text: expected content/articles/{article_id}.txt beside "
                        "its .yaml; hint: add the article text unchanged", "article")
        for article_id in sorted(set(self.kb.articles_raw) - set(metas)):
            self.diagnostics.append(Diagnostic(f"content/articles/{article_id}.txt", 1, 1,
                                               f"article '{article_id}' has no metadata: expected content/articles/"
                                               f"{article_id}.yaml with id, title and seed; hint: add it", "article"))

    def check_links(self) -> None:
        for kind, items in self.kb.items.items():
            for item_id, item in items.items():
                doc = self.kb.documents[(kind, item_id)]
                # a triage item's single ids (problem, cause, next question or outcome) place it in the
                # triage graph: validate/triage.py checks them
                for keys, target_kind, target in references_of(item, single=kind not in TRIAGE_KINDS):
                    if target in self.kb.items[target_kind]:
                        if target_kind == kind and target == item_id:
                            self.report(doc, keys, f"key '{path_name(keys)}': {BY_KIND[kind].singular} '{item_id}' refers "
                                                   "to itself: expected another item's id; hint: remove the "
                                                   "entry", "reference")
                            continue
                        self.kb.backlinks[(target_kind, target)].append(
                            Link(kind, item_id, str(keys[0]), target_kind, target))
                        continue
                    if (target_kind, target) not in self.known:
                        self.report(doc, keys, self.unknown_message(keys, target_kind, target), "reference")

        for doc, refs in self.invalid_refs:
            for keys, target_kind, target in refs:
                if (target_kind, target) not in self.known:
                    self.report(doc, keys, self.unknown_message(keys, target_kind, target), "reference")

    def unknown_message(self, keys: tuple, kind: str, target: str) -> str:
        return f"key '{path_name(keys)}': {self.unknown_target(kind, target)}"

    def unknown_target(self, kind: str, target: str) -> str:
        """'unknown <kind> <id>', what was expected and a hint (the closest id, for the first ones)."""
        if not hasattr(self, "_ids"):  # built once: the check stays linear in the number of items
            self._ids: dict[str, list[str]] = defaultdict(list)
            for known_kind, item_id in sorted(self.known):
                self._ids[known_kind].append(item_id)
            self._suggestions = 0
        ids = self._ids[kind] if len(self.known) < 5000 and self._suggestions < SUGGESTION_LIMIT else []
        self._suggestions += 1
        hint = close_hint(target, ids, f"create content/{kind}/{target}.yaml or fix the id")
        return f"unknown {BY_KIND[kind].singular} {qt(target)}: expected the id of a file in content/{kind}/; hint: {hint}"

    def check_orphans(self) -> None:
        # An item linked only from a file with errors is not an orphan: fixing that file links it.
        linked_from_invalid = {(kind, target) for _doc, refs in self.invalid_refs for _keys, kind, target in refs}
        # A file that could not be read at all (too large, unreadable, bad YAML) may link any item of
        # the kinds it can refer to: one error for that file, none about the items it may link.
        unknown = {kind for doc in self.corpus.documents if doc.data is None and doc.path in self.unreadable
                   for kind in referable_kinds(KINDS[doc.kind])}
        for kind, items in self.kb.items.items():
            if BY_KIND[kind].root or kind in unknown:
                continue
            for item_id in items:
                if not self.kb.backlinks.get((kind, item_id)) and (kind, item_id) not in linked_from_invalid:
                    doc = self.kb.documents[(kind, item_id)]
                    self.report(doc, ("id",), f"{BY_KIND[kind].singular} '{item_id}' is not referenced by anything: "
                                              "expected at least one item to link to it; hint: link it from "
                                              "another item, or delete the file", "orphan")

    def check_loops(self) -> None:
        stages = self.kb.items["escalation"]

        def nexts(stage_id: str) -> list[str]:
            return [n for n in stages[stage_id].next if n in stages and n != stage_id]

        for node, target, loop in closing_edges(stages, nexts, lambda n: n):
            self.report(self.kb.documents[("escalation", node)], ("next", stages[node].next.index(target)),
                        f"key 'next': escalation loop {' -> '.join(loop)}: expected the ladder to move "
                        "forward only; hint: remove one of these 'next' links", "loop")



def validate(corpus: Corpus, rules: RuleSet, cleaned: dict[str, CleanResult]) -> tuple[KnowledgeBase,
                                                                                      list[Diagnostic]]:
    """Check everything; return the knowledge base and all diagnostics, sorted.

    ``cleaned`` holds the cleaned articles (``pipeline.clean_articles``): provenance quotes are
    checked against them."""
    validator = Validator(corpus, rules, cleaned)
    kb = validator.run()
    return kb, sorted(set(validator.diagnostics))
