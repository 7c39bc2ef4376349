"""Extra whole-knowledge-base checks that produce warnings or errors beyond the schema.

Each check is a function ``(kb, rules) -> list[Diagnostic]``. Register it in
``EXTRA_CHECKS``; ``build.check`` runs them all after validation succeeds.
"""

from __future__ import annotations

from typing import Callable

from .errors import Diagnostic
from .rules import RuleSet
from .validator import KnowledgeBase

Check = Callable[[KnowledgeBase, RuleSet], list[Diagnostic]]

EXTRA_CHECKS: list[Check] = []


def run_extra_checks(kb: KnowledgeBase, rules: RuleSet) -> list[Diagnostic]:
    """Run every registered check; each returns located diagnostics."""
    found: list[Diagnostic] = []
    for check in EXTRA_CHECKS:
        found += check(kb, rules)
    return found

from .modeline import check_modelines  # noqa: E402  (contributor workflow, issue 5)
from .neardup import check_near_duplicates  # noqa: E402

EXTRA_CHECKS += [check_modelines, check_near_duplicates]

from .budget import check_checklist_budget  # noqa: E402  (printable checklists, issue 4)

EXTRA_CHECKS += [check_checklist_budget]

from .style import check_punctuation  # noqa: E402  (reader-facing Chinese prose)

EXTRA_CHECKS += [check_punctuation]
