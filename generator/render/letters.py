"""Letters (content/letters/): their pages and their text with blanks.

Each letter is rendered once per checklist (``checklists/<problem>/<role>/<letter>.md``), reading
the facts kept for that situation on the device, and once on its own (``letters/<letter>.md``,
linked from its escalation rung) with a set of facts of its own. A ``{key}`` in a letter text
becomes an empty blank (kb-fill.js fills it; print shows a line where it stays empty). A part that
includes a named part of another letter shows that part's text (``validate.fill.letter_parts``).
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup, escape

from ..model.kindspec import BY_KIND, page_path
from ..validate.fill import BLANK, letter_parts
from .checklist import checklist_items

GENERAL = "general"
"""The facts id of the letters that belong to no situation (letters/<id>.html)."""


def facts_id(problem_id: str, role: str) -> str:
    """The id the facts of a problem and reader are kept under on the device (kb-fill.js): the same on
    each of its checklists (one per situation) and its letters, so what is typed on one is on all."""
    return f"{problem_id}/{role}"


def letter_text(text: str, kinds: dict[str, str]) -> Markup:
    """A letter text as HTML: escaped, with each {key} an empty blank of its fact's kind (``kinds``:
    validate.fill.fact_kinds)."""
    out, last = [], 0
    for match in BLANK.finditer(text):
        out.append(escape(text[last:match.start()]))
        out.append(Markup('<span class="kb-blank" data-kb-blank="{}" data-kb-field="{}" data-kb-label="{}">'
                          '</span>').format(kinds[match[1]], match[1], match[1]))
        last = match.end()
    out.append(escape(text[last:]))
    return Markup("").join(out)


def grounds(kb: Any, problem: Any, steps: list[Any]) -> list[tuple[str, str]]:
    """The verified statements that apply to a situation, each with its references: the verified
    claims of the problem's causes and of the situation's ``steps`` (its checklist's), as
    (text, 《title》pinpoint; ...)."""
    items = [kb.get("causes", c) for c in problem.causes] + steps
    found = []
    for item in items:
        for claim in item.claims:
            cited: dict[str, dict[str, None]] = {}
            for src in claim.sources:
                if src.reference:
                    cited.setdefault(src.reference_id, {})[kb.pinpoint_of(src)] = None
            if claim.status == "verified" and cited:
                cite = "；".join(f"《{kb.get('references', ref_id).title}》{'、'.join(p for p in pins if p)}"
                                for ref_id, pins in cited.items())
                found.append((kb.claim_text(claim), cite))
    return list(dict.fromkeys(found))


def letter_jobs(kb: Any, situations: list[tuple[Any, str, str, Any]]) -> list[tuple[str, str, dict[str, Any]]]:
    """One page per letter and problem and reader (in its checklist's folder, with the main situation's
    grounds and evidence), and one per letter alone. Every checklist of a problem and reader keeps its
    facts under the same id, so its letters read what was filled on any of them."""
    shared = []  # what every letter of a problem and reader shows, worked out once for all the letters
    for problem, role, folder, situation in sorted(situations, key=lambda s: s[2]):
        parts = checklist_items(kb, problem, role, situation)
        shared.append((folder, {"problem": problem, "role": role, "facts_id": facts_id(problem.id, role),
                                "grounds": grounds(kb, problem, parts["steps"]), "evidence": parts["evidence"]}))
    jobs = []
    letters = kb.items.get("letters", {})
    for letter_id in sorted(letters):
        letter = kb.get("letters", letter_id)
        own = {"item": letter, "parts": letter_parts(letters, letter), "source": kb.source_path("letters", letter_id)}
        template = BY_KIND["letters"].template
        jobs.append((template, page_path("letters", letter_id),
                     {**own, "problem": None, "role": None, "facts_id": GENERAL, "evidence": [], "grounds": []}))
        for folder, context in shared:
            jobs.append((template, f"{folder}/{letter_id}.md", {**own, **context}))
    return jobs
