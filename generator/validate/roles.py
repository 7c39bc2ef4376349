"""Whole-knowledge-base checks of who does what: role sections of problems, and glossary terms.

A problem page has a section per reader role (如果你是持卡人 / 如果你是商户); each step listed there
must be one that reader does. A glossary term is explained once, so no term or alias may be defined
in two files.
"""

from __future__ import annotations

from typing import Any

from ..diagnostics import Diagnostic, qt
from ..model.roles import BY_ID, READER_ROLES, covers, other

ROLE_FIELDS = {role: f"{role}_steps" for role in READER_ROLES}


def _at(kb: Any, kind: str, item_id: str, keys: tuple, message: str, code: str) -> Diagnostic:
    doc = kb.documents[(kind, item_id)]
    pos = doc.pos(*keys)
    return Diagnostic(doc.path, pos.line, pos.column, message, code)


def check_roles(kb: Any) -> list[Diagnostic]:
    """Errors for problems without steps and for steps listed under the wrong reader."""
    found = []
    remedies = kb.items["remedies"]
    for problem_id, problem in kb.items["problems"].items():
        if not kb.roles_of(problem):
            found.append(_at(kb, "problems", problem_id, ("id",),
                             f"problem '{problem_id}' has no steps: expected at least one remedy in "
                             "cardholder_steps or merchant_steps; hint: list what each reader does, in order",
                             "required"))
        for role, name in ROLE_FIELDS.items():
            other_field = ROLE_FIELDS[other(role)]
            own = getattr(problem, name)
            main = kb.main_situation(problem_id, role)
            if own and main is not None:
                found.append(_at(kb, "problems", problem_id, (name,),
                                 f"key '{name}': problem {qt(problem_id)} has situations for {BY_ID[role].a} "
                                 f"({kb.source_path('outcomes', main.id)}): expected the steps only in the "
                                 f"situations, which the page shows; hint: remove '{name}' and edit the steps "
                                 "of the situations in content/outcomes/", "role"))
            for i, remedy_id in enumerate(own):
                remedy = remedies.get(remedy_id)
                if remedy is None or covers(remedy.role, role):
                    continue
                found.append(_at(kb, "problems", problem_id, (name, i),
                                 f"key '{name}[{i}]': remedy {qt(remedy_id)} is done by {BY_ID[remedy.role].a} "
                                 f"(role {remedy.role}): expected a remedy with role {role} or both under "
                                 f"{BY_ID[role].heading}; hint: move it to {other_field}, or set its role to both "
                                 f"if {BY_ID[role].a} does it too", "role"))
    return found


def check_terms(kb: Any) -> list[Diagnostic]:
    """Errors for a term or alias explained in more than one glossary file (or twice in one)."""
    found = []
    seen: dict[str, str] = {}
    for term_id in sorted(kb.items["glossary"]):
        term = kb.items["glossary"][term_id]
        for keys, word in [(("title",), term.title)] + [(("aliases", i), a) for i, a in enumerate(term.aliases)]:
            if word in seen:
                where = kb.source_path("glossary", seen[word])
                found.append(_at(kb, "glossary", term_id, keys,
                                 f"key '{keys[0]}{f'[{keys[1]}]' if len(keys) > 1 else ''}': term {qt(word)} is "
                                 f"already explained in {where}: expected each term in one place only; hint: remove "
                                 "it here, or merge the two entries", "glossary"))
            else:
                seen[word] = term_id
    return found
