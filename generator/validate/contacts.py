"""Phone numbers of escalation contacts, checked against the phone allowlist in rules/.

The lint (``rules.lint``) catches anything that reads as a phone number in any text. Here
the ``phone`` field itself is checked: its number must be on the allowlist (a ``phones``
list in ``rules/*.yaml``), and ``phone_status: verified`` needs the allowlist's reference
for it to exist in ``content/references/`` and to be cited in the stage's sources. Every problem is a located error at the key it is about.
"""

from __future__ import annotations

from ..diagnostics import Diagnostic
from ..load.corpus import Document
from ..rules.model import RuleSet
from ..rules.phones import PhoneEntry, allowlisted
from .knowledge import KnowledgeBase


def _error(doc: Document, keys: tuple, message: str) -> Diagnostic:
    pos = doc.pos(*keys)
    return Diagnostic(doc.path, pos.line, pos.column, message, "contact-phone")


def _listed(rules: RuleSet) -> str:
    return ", ".join(entry.number for entry in rules.phones) or "none"


def _check_number(doc: Document, keys: tuple, phone: str, status: str | None, cited: set[str],
                  entry: PhoneEntry | None, kb: KnowledgeBase, rules: RuleSet) -> list[Diagnostic]:
    name = f"contacts[{keys[1]}]"
    if entry is None:
        found = [_error(doc, keys + ("phone",), f"key '{name}.phone': phone number '{phone}' is not on the phone "
                        f"allowlist: expected one of {_listed(rules)} (rules/contacts.yaml, each with its facts.md "
                        "reference); hint: remove 'phone' and say in 'how_to_find' where readers find the right "
                        "number, or add it to rules/contacts.yaml with the reference that verifies it")]
        if status == "verified":
            found.append(_error(doc, keys + ("phone_status",), f"key '{name}.phone_status': 'verified' for "
                                f"phone number '{phone}', which no allowlisted reference verifies: expected "
                                "'unverified' or an allowlisted number; hint: only numbers in rules/contacts.yaml "
                                "are verified"))
        return found
    if status != "verified":
        return []
    if entry.reference not in kb.items["references"]:
        return [_error(doc, keys + ("phone_status",), f"key '{name}.phone_status': 'verified' for phone number "
                       f"'{phone}', allowlisted at "
                       f"{entry.path}:{entry.line} with reference '{entry.reference}', but content/references/"
                       f"{entry.reference}.yaml does not exist: expected the reference that verifies the number; "
                       "hint: add the reference from shared/facts.md, or fix the id in the allowlist")]
    if entry.reference not in cited:
        return [_error(doc, keys + ("phone_status",), f"key '{name}.phone_status': 'verified' for phone number "
                       f"'{phone}' but the stage does not cite its reference '{entry.reference}': expected a "
                       f"source with 'reference: {entry.reference}'; hint: add it to 'sources'")]
    return []


def check_contact_phones(kb: KnowledgeBase, rules: RuleSet) -> list[Diagnostic]:
    """Located errors for every escalation contact whose phone is not allowed as written."""
    found: list[Diagnostic] = []
    for stage_id, stage in kb.items["escalation"].items():
        doc = kb.documents[("escalation", stage_id)]
        cited = {src.reference_id for src in stage.sources if src.reference}
        for i, contact in enumerate(stage.contacts):
            if contact.phone is None:
                continue
            entry = allowlisted(contact.phone, rules.phones)
            found += _check_number(doc, ("contacts", i), contact.phone, contact.phone_status, cited, entry, kb,
                                   rules)
    return found
