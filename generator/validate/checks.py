"""Extra whole-knowledge-base checks that produce warnings or errors beyond the schema.

Each check is a function ``(kb, rules) -> list[Diagnostic]``. Add a new one to
``EXTRA_CHECKS``; ``pipeline.check`` runs them all after validation (with the render stage's audit
of the printed checklists, ``pipeline.CHECKS``), over the items that are valid, even when others
have errors (``kb check`` and ``kb build --strict``). A check must therefore skip a reference to an
item that is not in the knowledge base.
"""

from __future__ import annotations

from typing import Callable

from ..diagnostics import Diagnostic
from ..forking import map_parts
from ..rules.model import RuleSet
from .fill import check_fill
from .knowledge import KnowledgeBase
from .modeline import check_modelines
from .neardup import check_near_duplicates
from .said_once import check_said_once
from .slip import check_slip_fields
from .style import check_punctuation

Check = Callable[[KnowledgeBase, RuleSet], list[Diagnostic]]

EXTRA_CHECKS: list[Check] = [
    check_modelines,  # contributor workflow, issue 5
    check_near_duplicates,
    check_said_once,  # each statement typed in one file, issues 16 and 25
    check_punctuation,  # reader-facing Chinese prose
    check_slip_fields,  # the sales slip drawing, issue 23
    check_fill,  # letter blanks and deadline days, issue 30
]


def run_extra_checks(kb: KnowledgeBase, rules: RuleSet, checks: list[Check]) -> list[Diagnostic]:
    """Run these checks (EXTRA_CHECKS and any of a later stage); each returns located diagnostics (in no
    particular order: the pipeline sorts them). Checks are independent and read only the knowledge base,
    so a large one runs them in forked workers, dealt out in turn (the two near-duplicate checks, the
    costly ones — whole items and said-once clauses — go to different workers)."""
    size = sum(len(items) for items in kb.items.values())
    parts = map_parts(lambda some: [d for check in some for d in check(kb, rules)], checks,
                      interleaved=True, size=size)
    return [d for found in parts for d in found]
