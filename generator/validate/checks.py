"""Extra whole-knowledge-base checks that produce warnings or errors beyond the schema.

Each check is a function ``(kb, rules) -> list[Diagnostic]``. Add a new one to
``EXTRA_CHECKS``; ``pipeline.check`` runs them all after validation, over the items that
are valid, even when others have errors (``kb check`` and ``kb build --strict``). A check
must therefore skip a reference to an item that is not in the knowledge base.
"""

from __future__ import annotations

from typing import Callable

from ..diagnostics import Diagnostic
from ..rules.model import RuleSet
from .budget import check_checklist_budget
from .knowledge import KnowledgeBase
from .modeline import check_modelines
from .neardup import check_near_duplicates
from .neardup_sentences import check_near_duplicate_sentences
from .style import check_punctuation

Check = Callable[[KnowledgeBase, RuleSet], list[Diagnostic]]

EXTRA_CHECKS: list[Check] = [
    check_modelines,  # contributor workflow, issue 5
    check_near_duplicates,
    check_near_duplicate_sentences,  # each fact said once, issue 16
    check_checklist_budget,  # printable checklists, issue 4
    check_punctuation,  # reader-facing Chinese prose
]


def run_extra_checks(kb: KnowledgeBase, rules: RuleSet) -> list[Diagnostic]:
    """Run every registered check; each returns located diagnostics."""
    found: list[Diagnostic] = []
    for check in EXTRA_CHECKS:
        found += check(kb, rules)
    return found
