"""Checklist budget: warn before a checklist (one problem, one reader) stops fitting on one A4 page.

The printed checklist (generator/render/templates/checklist.md.j2, overrides/assets/
stylesheets/print.css) has a fixed part (eight rows of fill-in blanks, three contact
rows, 16 pt high each; the QR code) and room for a number of text lines. The figures
below were calibrated with the browser print test (tests/browser/test_print.py): with
30-character labels, 19 steps + 1 evidence item + 1 stage (21 items, 21 estimated
lines) print on one page; 20 steps + 1 + 1 spill onto a second (measured again when
the date row was added, issue 30). The budget sits just below what fits.
"""

from __future__ import annotations

from math import ceil
from typing import Any

from ..diagnostics import Diagnostic

MAX_CHECKLIST_ITEMS = 21
"""Steps + evidence items + escalation stages on one checklist."""
MAX_LINES = 20
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


def fits(role: str, item: Any) -> bool:
    """Whether a step, stage, contact or evidence item is for this reader."""
    return item.role in (role, "both")


def checklist_items(kb: Any, problem: Any, role: str) -> dict[str, list[Any]]:
    """What the printed checklist of one problem and reader lists: steps, evidence, stages, call scripts."""
    steps = [kb.get("remedies", r) for r in problem.steps_for(role)]
    return {
        "steps": steps,
        "evidence": [e for e in (kb.get("evidence", i) for i in problem.evidence) if fits(role, e)],
        "stages": [s for s in (kb.get("escalation", i) for i in problem.escalation) if fits(role, s)],
        "scripts": [r.script for r in steps if r.script],
    }


def script_text(script: Any) -> str:
    """What a checklist prints for a call script: whom to call, what to say and what to ask for."""
    return f"{script.contact}：{script.say}要求：{'；'.join(script.ask_for)}。"


def estimate(kb: Any, problem: Any, role: str) -> tuple[int, int, int]:
    """(items, estimated lines, characters) of one printed checklist."""
    parts = checklist_items(kb, problem, role)
    steps = [r.checklist_label for r in parts["steps"]]
    evidence = [e.checklist_label for e in parts["evidence"]]
    stages = [stage_text(s) for s in parts["stages"]]
    scripts = [script_text(s) for s in parts["scripts"]]
    half = ceil(len(evidence) / 2)
    columns = (evidence[:half], evidence[half:])
    evidence_lines = max(sum(ceil(len(t) / COLUMN_CHARS) for t in column) for column in columns)
    lines = sum(ceil(len(t) / LINE_CHARS) for t in steps + stages + scripts) + evidence_lines
    chars = sum(len(t) for t in steps + evidence + stages + scripts)
    return len(steps) + len(evidence) + len(stages), lines, chars


def check_checklist_budget(kb: Any, _rules: Any = None) -> list[Diagnostic]:
    """A warning at each problem and reader whose checklist would not fit on one A4 page."""
    found = []
    for problem_id, problem in sorted(kb.items["problems"].items()):
        steps = problem.cardholder_steps + problem.merchant_steps
        if not all(r in kb.items[kind] for kind, refs in (("remedies", steps), ("evidence", problem.evidence),
                                                           ("escalation", problem.escalation)) for r in refs):
            continue  # a reference error, reported already: the checklist cannot be estimated
        for role in problem.roles:
            items, lines, chars = estimate(kb, problem, role)
            if items <= MAX_CHECKLIST_ITEMS and lines <= MAX_LINES:
                continue
            pos = kb.documents[("problems", problem_id)].pos(f"{role}_steps")
            parts = checklist_items(kb, problem, role)
            found.append(Diagnostic(
                kb.source_path("problems", problem_id), pos.line, pos.column,
                f"{role} checklist of problem '{problem_id}' will not fit on one A4 page: expected at most "
                f"{MAX_CHECKLIST_ITEMS} items and {MAX_LINES} printed lines, got {items} items "
                f"({len(parts['steps'])} steps, {len(parts['evidence'])} evidence, {len(parts['stages'])} stages), "
                f"{lines} lines, {chars} characters; "
                f"hint: merge steps or shorten their checklist_label texts", "checklist-budget", "warning"))
    return found
