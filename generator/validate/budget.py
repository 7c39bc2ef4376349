"""Checklist budget: warn before a problem's checklist stops fitting on one A4 page.

The printed checklist (generator/render/templates/checklist.md.j2, overrides/assets/
stylesheets/print.css) has room for a fixed number of text lines. The figures
below were calibrated with the browser print test (tests/browser/test_print.py):
with 30-character labels, 10 steps + 8 evidence items + 4 stages (22 items,
22 estimated lines) print on one page; 12 steps + 8 + 4, or 10 + 10 + 4,
spill onto a second. The budget sits just below what fits.
"""

from __future__ import annotations

from math import ceil
from typing import Any

from ..diagnostics import Diagnostic

MAX_ITEMS = 22
"""Steps + evidence items + escalation stages on one checklist."""
MAX_LINES = 21
"""Estimated printed lines of those items."""
LINE_CHARS = 44
"""Characters per full-width line at the print size."""
COLUMN_CHARS = 21
"""Characters per line in the two-column evidence list."""


def stage_text(stage: Any) -> str:
    """What a checklist prints for an escalation stage: its label and any phone numbers."""
    phones = "".join(f"（{c.name} {c.phone}{'' if c.phone_status == 'verified' else '，未经官方确认'}）"
                     for c in stage.contacts if c.phone)
    return stage.checklist_label + phones


def estimate(kb: Any, problem: Any) -> tuple[int, int, int]:
    """(items, estimated lines, characters) of a problem's printed checklist."""
    steps = [kb.get("remedies", r).checklist_label for r in problem.steps]
    evidence = [kb.get("evidence", e).checklist_label for e in problem.evidence]
    stages = [stage_text(kb.get("escalation", s)) for s in problem.escalation]
    half = ceil(len(evidence) / 2)
    columns = (evidence[:half], evidence[half:])
    evidence_lines = max(sum(ceil(len(t) / COLUMN_CHARS) for t in column) for column in columns)
    lines = sum(ceil(len(t) / LINE_CHARS) for t in steps + stages) + evidence_lines
    chars = sum(len(t) for t in steps + evidence + stages)
    return len(steps) + len(evidence) + len(stages), lines, chars


def check_checklist_budget(kb: Any, _rules: Any = None) -> list[Diagnostic]:
    """A warning at each problem whose checklist would not fit on one A4 page."""
    found = []
    for problem_id, problem in sorted(kb.items["problems"].items()):
        if not all(r in kb.items[kind] for kind, refs in (("remedies", problem.steps), ("evidence", problem.evidence),
                                                           ("escalation", problem.escalation)) for r in refs):
            continue  # a reference error, reported already: the checklist cannot be estimated
        items, lines, chars = estimate(kb, problem)
        if items <= MAX_ITEMS and lines <= MAX_LINES:
            continue
        pos = kb.documents[("problems", problem_id)].pos("steps")
        found.append(Diagnostic(
            kb.source_path("problems", problem_id), pos.line, pos.column,
            f"checklist of problem '{problem_id}' will not fit on one A4 page: expected at most {MAX_ITEMS} items "
            f"and {MAX_LINES} printed lines, got {items} items ({len(problem.steps)} steps, "
            f"{len(problem.evidence)} evidence, {len(problem.escalation)} stages), {lines} lines, {chars} characters; "
            "hint: merge steps or shorten their checklist_label texts", "checklist-budget", "warning"))
    return found
