"""Sources, references and their statements: the provenance half of the validator.

``SourceChecks`` is mixed into ``validator.Validator``, which gives it ``kb``, ``rules`` and ``report``.
Each check is one pass over the items (statements are found by id through their reference).
"""

from __future__ import annotations

import difflib
import re
from typing import Any

from ..diagnostics import qt
from ..load.corpus import Document
from ..model.kinds import ID_PATTERN
from ..model.records import STATEMENT_MARK
from ..rules.normalize import normalized_text
from .schema import path_name


def close_hint(target: str, candidates: list[str], otherwise: str) -> str:
    """The hint of an unknown id: the closest of ``candidates``, or ``otherwise``."""
    close = difflib.get_close_matches(target, candidates, n=1)
    return f"did you mean '{close[0]}'?" if close else otherwise


class SourceChecks:
    """Status, sources and provenance of every item; references, their urls and their statements."""

    def check_sources(self) -> None:
        for kind, items in self.kb.items.items():
            for item_id, item in items.items():
                doc = self.kb.documents[(kind, item_id)]
                if not hasattr(item, "sources"):
                    continue  # articles, questions and outcomes
                if kind == "references":
                    self.check_reference(doc, item)
                else:
                    self.check_item_sources(doc, item)
                for c, claim in enumerate(item.claims):
                    self.check_item_sources(doc, claim, ("claims", c))
                    self.check_claim_text(doc, claim, ("claims", c))

    def check_reference(self, doc: Document, ref: Any) -> None:
        """A reference rests on its official text: no article quotes, and a url on the allowlist."""
        self.check_item_sources(doc, ref, need_reference=False)
        for i, src in enumerate(ref.sources):
            if src.article:
                self.report(doc, ("sources", i, "article"), f"key 'sources[{i}].article': a reference cannot rest on "
                                                           f"an article quote, got article {qt(src.article)}; hint: "
                                                           "quote the article in the item that makes the claim, "
                                                           "and give the reference's 'url'", "provenance")
        if ref.url is not None:
            self.check_url(doc, ref.url)
        if ref.url is None and ref.url_label is not None:
            self.report(doc, ("url_label",), "key 'url': missing beside 'url_label': expected both or neither; "
                                             "hint: add 'url:' or remove 'url_label:'", "required")
        seen: set[str] = set()
        for i, statement in enumerate(ref.statements):
            if not ID_PATTERN.match(statement.id):
                self.report(doc, ("statements", i, "id"), f"key 'statements[{i}].id': expected lowercase ASCII words "
                                                         f"joined by '-', got {qt(statement.id)}; hint: e.g. "
                                                         "'burden-of-proof'", "id")
            elif statement.id in seen:
                self.report(doc, ("statements", i, "id"), f"key 'statements[{i}].id': statement '{statement.id}' "
                                                         "is already an id of this reference: expected each id "
                                                         "once; hint: rename one of them", "id")
            seen.add(statement.id)

    def check_url_labels(self) -> None:
        """An address is labelled once: of the references that share a url, exactly one gives url_label
        (the first in id order that does); the others show it."""
        labelled: dict[str, str] = {}
        refs = self.kb.items["references"]
        for ref_id in sorted(refs):
            ref = refs[ref_id]
            if ref.url is None or ref.url_label is None:
                continue
            if ref.url in labelled:
                self.report(self.kb.documents[("references", ref_id)], ("url_label",),
                            f"key 'url_label': {qt(ref.url)} is labelled in "
                            f"{self.kb.source_path('references', labelled[ref.url])} already: expected each "
                            "address labelled once; hint: remove 'url_label:' here (the page shows that label)",
                            "url-label")
            else:
                labelled[ref.url] = ref_id
        for ref_id in sorted(refs):
            ref = refs[ref_id]
            if ref.url is not None and ref.url_label is None and ref.url not in labelled:
                self.report(self.kb.documents[("references", ref_id)], ("url",),
                            "key 'url_label': missing beside 'url': expected both, or another reference with "
                            "the same url that labels it; hint: add 'url_label:' or remove 'url:'",
                            "required")

    def check_statements(self) -> None:
        """Each source naming a statement ('<reference>#<statement>') names one its reference has; an unknown
        reference is check_links' error."""
        refs = self.kb.items["references"]
        for kind, items in self.kb.items.items():
            for item_id, item in items.items():
                if not hasattr(item, "sources"):
                    continue
                doc = self.kb.documents[(kind, item_id)]
                cited = [(("sources", i), src) for i, src in enumerate(item.sources)]
                cited += [(("claims", c, "sources", i), src) for c, claim in enumerate(item.claims)
                          for i, src in enumerate(claim.sources)]
                for keys, src in cited:
                    if not src.reference or STATEMENT_MARK not in src.reference or src.reference_id not in refs:
                        continue
                    ref = refs[src.reference_id]
                    if src.statement_id and ref.statement(src.statement_id):
                        continue
                    ids = [s.id for s in ref.statements]
                    where = keys + ("reference",)
                    hint = close_hint(src.statement_id or "", ids, "its statements are " + ", ".join(ids))
                    self.report(doc, where, f"key '{path_name(where)}': unknown statement "
                                            f"{qt(src.statement_id or '')} of reference '{ref.id}': expected the id "
                                            f"of one of its statements in {self.kb.source_path('references', ref.id)}; "
                                            f"hint: {hint}", "reference",
                                doc.char_pos(where, src.reference, src.reference.index(STATEMENT_MARK) + 1))

    def check_url(self, doc: Document, url: str) -> None:
        if not re.fullmatch(r"https?://[a-z0-9.-]+\.[a-z]{2,}(?::\d+)?(?:/[^\s]*)?", url, re.IGNORECASE):
            self.report(doc, ("url",), f"key 'url': expected an address starting with https:// or http://, got "
                                       f"{qt(url)}; hint: copy the address of the official text from "
                                       "shared/facts.md", "url")
        elif not self.rules.is_allowed(url):
            self.report(doc, ("url",), f"key 'url': {qt(url)} is not on the link allowlist: expected a domain from "
                                       f"rules/links.yaml ({', '.join(self.rules.allowlist)}); hint: link the "
                                       "official text on a government or standards site, or add its domain to "
                                       "the allowlist with a comment naming the authority", "url")

    def check_claim_text(self, doc: Document, claim: Any, keys: tuple) -> None:
        """A claim without text shows the reference statements it cites: only a verified one, citing some."""
        if claim.text:
            return
        at = path_name(keys)
        if claim.status != "verified":
            self.report(doc, keys + ("status",), f"key '{at}.text': missing for status {qt(claim.status)}: only a "
                                                 "verified claim can show the statements it cites instead; hint: "
                                                 "add 'text:'", "required")
        elif not any(src.statement_id for src in claim.sources):
            self.report(doc, keys + ("status",), f"key '{at}.text': missing, and no source names a statement to "
                                                 "show instead: expected 'text:' or a source 'reference: "
                                                 "<id>#<statement>'; hint: cite the statement that says it",
                        "required")

    def check_item_sources(self, doc: Document, item: Any, prefix: tuple = (), need_reference: bool = True) -> None:
        """Sources and status of an item, or of one of its claims (``prefix`` = ('claims', n))."""
        at = path_name(prefix) + "." if prefix else ""
        if item.status == "corrected" and not item.correction:
            self.report(doc, prefix + ("status",), f"key '{at}correction': missing for status corrected: expected "
                                                   "what is true instead; hint: add 'correction:' or change the "
                                                   "status", "required")
        if item.status != "corrected" and item.correction:
            self.report(doc, prefix + ("correction",), f"key '{at}correction': only allowed with status corrected, "
                                                       f"got status {qt(item.status)}; hint: set 'status: "
                                                       "corrected' or remove it", "schema")
        if need_reference and item.status == "verified" and not any(s.reference for s in item.sources):
            self.report(doc, prefix + ("status",), f"key '{at}status': verified, but no source is an outside "
                                                   "reference: expected at least one 'reference:' from "
                                                   "content/references/ among the sources; hint: add the "
                                                   "reference that shared/facts.md gives, or set 'status: "
                                                   "unverified'", "verified-without-reference")
        for i, src in enumerate(item.sources):
            keys = prefix + ("sources", i)
            if bool(src.article) == bool(src.reference):
                self.report(doc, keys, f"key '{path_name(keys)}': expected exactly one of 'article' or "
                                       "'reference'; hint: split it into two sources", "schema")
                continue
            if src.article and not src.quote:
                self.report(doc, keys, f"key '{path_name(keys)}.quote': missing: expected a verbatim quote from "
                                       f"article '{src.article}'; hint: copy a short passage from "
                                       f"'kb clean content/articles/{src.article}.txt'", "required")
            if src.reference and src.quote:
                self.report(doc, keys + ("quote",), f"key '{path_name(keys)}.quote': quotes belong to article "
                                                    "sources: expected a reference alone, or one of its statements; "
                                                    "hint: remove 'quote', or cite the statement that says it as "
                                                    "'reference: <id>#<statement>'", "schema")
            cleaned = self.kb.articles_clean.get(src.article or "")
            if src.article and src.quote and cleaned is not None and \
                    normalized_text(src.quote) not in normalized_text(cleaned.text):
                self.report(doc, keys + ("quote",), f"key '{path_name(keys)}.quote': not found in article "
                                                    f"'{src.article}': expected a verbatim excerpt of the cleaned "
                                                    f"article, got {qt(src.quote)}; hint: copy it exactly from "
                                                    f"'kb clean content/articles/{src.article}.txt'", "provenance")
