"""What a printed checklist (one situation, or one problem and reader) shows, and the budget that keeps it on one
A4 page.

``checklist_items`` decides what a checklist lists for its reader and ``stage_text`` / ``script_text`` how it
words a stage or a call script; the checklist pages (templates/checklist.md.j2) and the letters print exactly
that. ``check_checklist_budget`` is the render stage's audit: ``kb check`` runs it with the validator's
whole-base checks (pipeline.CHECKS), so a checklist that would spill onto a second page is reported before
any page is made. This module imports no template engine, so ``kb check`` stays light.

The printed checklist (templates/checklist.md.j2, overrides/assets/stylesheets/print.css) has a fixed part (the
QR code) and rows of blanks and contacts, and room for a number of text lines. The figures below were
calibrated with the browser print test (tests/browser/test_print.py): with 30-character labels, 19 steps + 1
evidence item + 1 stage (21 items, 21 estimated lines) print on one page; 20 steps + 1 + 1 spill onto a
second. The budget sits just below what fits.
"""

from __future__ import annotations

from math import ceil
from typing import Any

from ..diagnostics import Diagnostic
from ..model.kinds import blanks_of
from ..model.roles import covers

MAX_CHECKLIST_ITEMS = 21
"""Steps + evidence items + escalation stages on one checklist."""
MAX_LINES = 20
"""Estimated printed lines of those items."""
LINE_CHARS = 44
"""Characters per full-width line at the print size."""
COLUMN_CHARS = 21
"""Characters per line in the two-column evidence list."""
CONTACT_ROWS = (3, 6)
"""Fewest and most empty rows of the contact table: a checklist fills its page with them."""
CALIBRATED_BLANK_ROWS = 7
"""Rows of blanks (two per row) when the figures above were calibrated."""
CALIBRATED_CONTACT_ROWS = 3
"""Contact rows when the figures above were calibrated. Checked again with situation checklists: an
estimate of 21 lines (blank and contact rows counted) prints on one page, 22 spill."""
ROW_LINES = 1.3
"""Printed text lines one table row takes (19 pt cells against 11 pt lines at 1.35)."""


def stage_text(stage: Any, role: str) -> str:
    """What this reader's checklist prints for an escalation stage: its line and any phone numbers."""
    phones = "".join(f"（{c.name} {c.phone}{'' if c.phone_status == 'verified' else '，未经官方确认'}）"
                     for c in stage.contacts if c.phone)
    return stage.label_for(role) + phones


def checklist_items(kb: Any, problem: Any, role: str, situation: Any = None) -> dict[str, Any]:
    """What a printed checklist lists, for whom: the reader, steps, evidence, stages, call scripts and blanks. A
    situation's checklist takes its steps and evidence; a problem's, its main situation's (or, without
    situations, the problem's own lists)."""
    situation = situation or kb.main_situation(problem.id, role)
    steps = [kb.get("remedies", r) for r in (situation.steps if situation else kb.steps_of(problem, role))]
    evidence_ids = situation.evidence if situation else problem.evidence
    evidence = [e for e in (kb.get("evidence", i) for i in evidence_ids) if covers(e.role, role)]
    return {
        "role": role,
        "steps": steps,
        "evidence": evidence,
        "stages": [kb.get("escalation", i) for i in kb.escalation_of(problem, role, situation)],
        "scripts": [r.script for r in steps if r.script],
        "blanks": blanks_of(evidence, role),
    }


def script_text(script: Any) -> str:
    """What a checklist prints for a call script: whom to call, what to say and what to ask for."""
    return f"{script.contact}：{script.say}要求：{'；'.join(script.ask_for)}。"


def estimate(parts: dict[str, Any]) -> tuple[int, int, int]:
    """(items, estimated lines, characters) of one printed checklist, from what it lists (checklist_items)."""
    steps = [r.label_for(parts["role"]) for r in parts["steps"]]
    evidence = [e.checklist_label for e in parts["evidence"]]
    stages = [stage_text(s, parts["role"]) for s in parts["stages"]]
    scripts = [script_text(s) for s in parts["scripts"]]
    half = ceil(len(evidence) / 2)
    columns = (evidence[:half], evidence[half:])
    evidence_lines = max(sum(ceil(len(t) / COLUMN_CHARS) for t in column) for column in columns)
    lines = sum(ceil(len(t) / LINE_CHARS) for t in steps + stages + scripts) + evidence_lines
    rows = ceil(len(parts["blanks"]) / 2) - CALIBRATED_BLANK_ROWS + CONTACT_ROWS[0] - CALIBRATED_CONTACT_ROWS
    chars = sum(len(t) for t in steps + evidence + stages + scripts)
    return len(steps) + len(evidence) + len(stages), ceil(lines + rows * ROW_LINES), chars


def contact_rows(parts: dict[str, Any]) -> int:
    """How many contact rows a checklist that lists ``parts`` (checklist_items) prints: as many as still fit
    in the budget, at least the fewest."""
    _items, lines, _chars = estimate(parts)
    fewest, most = CONTACT_ROWS
    spare = [n for n in range(fewest, most + 1) if ceil(lines + (n - fewest) * ROW_LINES) <= MAX_LINES]
    return max(spare, default=fewest)


def check_checklist_budget(kb: Any, _rules: Any = None) -> list[Diagnostic]:
    """A warning at each situation (or problem and reader without one) whose checklist would not fit on
    one A4 page."""
    found = []
    printed = [(kb.get("problems", o.problem), o.role, o, ("outcomes", oid, "steps"))
               for oid, o in sorted(kb.items["outcomes"].items()) if o.problem in kb.items["problems"]]
    for problem_id, problem in sorted(kb.items["problems"].items()):
        printed += [(problem, role, None, ("problems", problem_id, f"{role}_steps")) for role in kb.roles_of(problem)
                    if kb.main_situation(problem_id, role) is None]
    for problem, role, situation, (kind, item_id, key) in printed:
        refs = {"remedies": situation.steps if situation else kb.steps_of(problem, role),
                "evidence": (situation or problem).evidence,
                "escalation": (situation.escalation if situation else ()) + problem.escalation}
        if not all(r in kb.items[k] for k, ids in refs.items() for r in ids):
            continue  # a reference error, reported already: the checklist cannot be estimated
        counted = checklist_items(kb, problem, role, situation)
        items, lines, chars = estimate(counted)
        if items <= MAX_CHECKLIST_ITEMS and lines <= MAX_LINES:
            continue
        pos = kb.documents[(kind, item_id)].pos(key)
        what = f"situation '{item_id}'" if situation else f"{role} checklist of problem '{item_id}'"
        found.append(Diagnostic(
            kb.source_path(kind, item_id), pos.line, pos.column,
            f"{what} will not fit on one A4 page: expected at most "
            f"{MAX_CHECKLIST_ITEMS} items and {MAX_LINES} printed lines, got {items} items ({len(counted['steps'])} steps, "
            f"{len(counted['evidence'])} evidence, {len(counted['stages'])} stages, {len(counted['blanks'])} blanks), "
            f"{lines} lines, {chars} characters; hint: merge steps or shorten their checklist_label texts",
            "checklist-budget", "warning"))
    return found
