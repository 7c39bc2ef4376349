"""The advice checker: every situation's steps against what it knows, by the rules in rules/advice.yaml.

A situation (content/outcomes/) owns the one ordered list of steps for its reader. Checked here,
from data only (no remedy id is named in code):

- every fact a situation knows, and every fact a remedy's ``only_when`` names, is defined;
- a situation does not know two facts that exclude each other;
- each step is done by the situation's reader (remedy role: that role or both), and so is each stage of
  its own ``escalation`` (stage role);
- no step needs a fact that a known fact excludes (a void, only_when unsettled, in a settled situation);
- an immediate step is the first step wherever it is listed, and a situation that knows a fact named
  under ``first_step`` starts with a step of that urgency (freeze the card first);
- two situations of one problem and role that know the same facts list the same steps;
- each problem and role with situations has exactly one shown as main;
- a situation lists only its reader's evidence, whose blanks include every ``checklist_blanks`` label;
- a remedy both readers do never names one reader's tools (``role_words``) in a text the other
  reader is shown: its title, common how lines and caution, its instruction unless the other reader
  has their own, and each reader's own wording (``per_role``) never names the other's tools.
"""

from __future__ import annotations

from typing import Any

from ..diagnostics import Diagnostic, qt
from ..model.kinds import blanks_of
from ..model.kindspec import BY_KIND
from ..model.roles import BY_ID, covers
from ..model.roles import READER_ROLES as READERS
from ..rules.advice import AdviceRules



class AdviceChecker:
    """Collects the advice diagnostics of one knowledge base."""

    def __init__(self, kb: Any, rules: AdviceRules):
        self.kb = kb
        self.rules = rules
        self.diagnostics: list[Diagnostic] = []

    def report(self, kind: str, item_id: str, keys: tuple, message: str) -> None:
        doc = self.kb.documents[(kind, item_id)]
        pos = doc.pos(*keys)
        self.diagnostics.append(Diagnostic(doc.path, pos.line, pos.column, message, "advice"))

    def where(self, kind: str, item_id: str, keys: tuple) -> str:
        doc = self.kb.documents[(kind, item_id)]
        pos = doc.pos(*keys)
        return f"{doc.path}:{pos.line}:{pos.column}"

    def run(self) -> list[Diagnostic]:
        for remedy_id, remedy in sorted(self.kb.items["remedies"].items()):
            for i, name in enumerate(remedy.only_when):
                self.fact_defined("remedies", remedy_id, ("only_when", i), name)
        for oid, outcome in sorted(self.kb.items["outcomes"].items()):
            self.check_known(oid, outcome)
            for i, remedy_id in enumerate(outcome.steps):
                remedy = self.kb.items["remedies"].get(remedy_id)
                if remedy is not None:
                    self.check_step(oid, outcome, i, remedy)
            for i, stage_id in enumerate(outcome.escalation):
                stage = self.kb.items["escalation"].get(stage_id)
                if stage is not None and not covers(stage.role, outcome.role):
                    self.report("outcomes", oid, ("escalation", i), f"key 'escalation[{i}]': escalation stage "
                                f"{qt(stage_id)} is for {BY_ID[stage.role].the} (role {stage.role}): expected a "
                                f"stage with role {outcome.role} or both in a situation for "
                                f"{BY_ID[outcome.role].the}; hint: remove it here")
            self.check_first(oid, outcome)
            self.check_blanks(oid, outcome)
        self.check_same_facts()
        self.check_main()
        for remedy_id, remedy in sorted(self.kb.items["remedies"].items()):
            if remedy.role == "both":
                self.check_wording("remedies", remedy_id, self.texts(remedy))
        for stage_id, stage in sorted(self.kb.items["escalation"].items()):
            self.check_stage_wording(stage_id, stage)
        return self.diagnostics

    def fact_defined(self, kind: str, item_id: str, keys: tuple, name: str) -> bool:
        if name in self.rules.facts:
            return True
        self.report(kind, item_id, keys, f"key '{keys[0]}[{keys[1]}]': unknown fact {qt(name)}: expected one of "
                    f"{', '.join(self.rules.facts) or '(none defined)'}; hint: use a fact defined under 'facts:' in "
                    f"{self.rules.path}, or define it there")
        return False

    def check_known(self, oid: str, outcome: Any) -> None:
        defined = [name for i, name in enumerate(outcome.known)
                   if self.fact_defined("outcomes", oid, ("known", i), name)]
        excluded = self.rules.excluded_by(tuple(defined))
        for i, name in enumerate(outcome.known):
            if name in excluded:
                self.report("outcomes", oid, ("known", i), f"key 'known[{i}]': fact {qt(name)} contradicts "
                            f"{qt(excluded[name])}, also known here: expected facts that can hold together; "
                            "hint: keep the one that is true on this path")

    def check_step(self, oid: str, outcome: Any, i: int, remedy: Any) -> None:
        keys = ("steps", i)
        if not covers(remedy.role, outcome.role):
            self.report("outcomes", oid, keys, f"key 'steps[{i}]': remedy {qt(remedy.id)} is done by "
                        f"{BY_ID[remedy.role].the} (role {remedy.role}): expected a remedy with role {outcome.role} "
                        f"or both in a situation for {BY_ID[outcome.role].the}; hint: remove it, or set the "
                        f"remedy's role to both if {BY_ID[outcome.role].the} does it too")
        excluded = self.rules.excluded_by(outcome.known)
        for need in remedy.only_when:
            if need in excluded:
                self.report("outcomes", oid, keys, f"key 'steps[{i}]': remedy {qt(remedy.id)} only works when "
                            f"{need}, but this situation knows {excluded[need]}: expected no step whose only_when a "
                            f"known fact excludes; hint: remove it here, or drop '{excluded[need]}' from 'known' if "
                            "it is not certain on this path")
        if i > 0 and remedy.urgency == "immediate":
            self.report("outcomes", oid, keys, f"key 'steps[{i}]': remedy {qt(remedy.id)} is immediate (urgency "
                        f"immediate) but is step {i + 1}: expected it first wherever it is listed; hint: move it to "
                        "the top of 'steps'")

    def check_first(self, oid: str, outcome: Any) -> None:
        first = self.kb.items["remedies"].get(outcome.steps[0]) if outcome.steps else None
        if first is None:
            return
        for rule in self.rules.first_step:
            if rule.when in outcome.known and first.urgency != rule.urgency:
                self.report("outcomes", oid, ("steps", 0), f"key 'steps[0]': situation {qt(oid)} knows "
                            f"{rule.when}, so its first step must be {rule.urgency}: got {qt(first.id)} (urgency "
                            f"{first.urgency}); hint: {rule.hint}")

    def check_blanks(self, oid: str, outcome: Any) -> None:
        items = [self.kb.items["evidence"].get(evidence_id) for evidence_id in outcome.evidence]
        if None in items:
            return  # an unknown evidence id, reported already
        for i, item in enumerate(items):
            if not covers(item.role, outcome.role):
                self.report("outcomes", oid, ("evidence", i), f"key 'evidence[{i}]': evidence {qt(item.id)} is "
                            f"kept by {BY_ID[item.role].the} (role {item.role}): expected evidence with role "
                            f"{outcome.role} or both; hint: remove it, or set its role to both")
        evidence = [item for item in items if covers(item.role, outcome.role)]
        labels = {blank.label for blank in blanks_of(evidence, outcome.role)}
        missing = [label for label in self.rules.checklist_blanks if label not in labels]
        if missing:
            self.report("outcomes", oid, ("evidence",), f"key 'evidence': the checklist of situation {qt(oid)} has "
                        f"no blank for {', '.join(missing)}: expected the evidence it lists to give every blank "
                        f"under 'checklist_blanks' in {self.rules.path}; hint: list an evidence item with such a "
                        "blank (the communication records), or add the blank to one of its items")

    def check_same_facts(self) -> None:
        seen: dict[tuple, str] = {}
        for oid, outcome in sorted(self.kb.items["outcomes"].items()):
            key = (outcome.problem, outcome.role, frozenset(outcome.known))
            other = seen.setdefault(key, oid)
            if other == oid:
                continue
            steps = self.kb.items["outcomes"][other].steps
            if outcome.steps != steps:
                facts = ", ".join(sorted(outcome.known)) or "no facts"
                self.report("outcomes", oid, ("steps",), f"key 'steps': situation {qt(oid)} knows the same "
                            f"({facts}) as {qt(other)} ({self.where('outcomes', other, ('steps',))}) for problem "
                            f"{qt(outcome.problem)} and {BY_ID[outcome.role].the}, but lists other steps: expected "
                            f"{', '.join(steps)}; hint: give both the same steps, or add the fact that tells them "
                            "apart to 'known'")

    def check_main(self) -> None:
        groups: dict[tuple[str, str], list[str]] = {}
        for oid, outcome in sorted(self.kb.items["outcomes"].items()):
            groups.setdefault((outcome.problem, outcome.role), []).append(oid)
        for (problem, role), ids in groups.items():
            main = [oid for oid in ids if self.kb.items["outcomes"][oid].shown_as == "main"]
            if not main:
                self.report("outcomes", ids[0], ("id",), f"no situation of problem {qt(problem)} for "
                            f"{BY_ID[role].the} is shown as main: expected exactly one with 'shown_as: main' among "
                            f"{', '.join(ids)}; hint: mark the most general one, whose steps the problem page shows")
            for oid in main[1:]:
                self.report("outcomes", oid, ("shown_as",), f"key 'shown_as': situation {qt(main[0])} is already "
                            f"the main one of problem {qt(problem)} for {BY_ID[role].the}: expected exactly one; "
                            "hint: set this one to variant")

    def texts(self, remedy: Any) -> list[tuple[tuple, str, tuple[str, ...]]]:
        """(keys, text, readers shown it) of every text of a shared remedy."""
        out: list[tuple[tuple, str, tuple[str, ...]]] = [(("title",), remedy.title, READERS)]
        out.append((("instruction",), remedy.instruction,
                    tuple(r for r in READERS if not (remedy.wording(r) and remedy.wording(r).instruction))))
        out += [(("how", i), line, READERS) for i, line in enumerate(remedy.how)]
        if remedy.caution:
            out.append((("caution",), remedy.caution, READERS))
        for k, own in enumerate(remedy.per_role):
            if own.instruction:
                out.append((("per_role", k, "instruction"), own.instruction, (own.role,)))
            out += [(("per_role", k, "how", i), line, (own.role,)) for i, line in enumerate(own.how)]
        return out + self.labels(remedy)

    @staticmethod
    def labels(item: Any) -> list[tuple[tuple, str, tuple[str, ...]]]:
        """(keys, text, readers shown it) of the checklist lines of an item both readers' checklists print."""
        out = [(("checklist_label",), item.checklist_label,
                tuple(r for r in READERS if not (item.wording(r) and item.wording(r).checklist_label)))]
        return out + [(("per_role", k, "checklist_label"), own.checklist_label, (own.role,))
                      for k, own in enumerate(item.per_role) if own.checklist_label]

    def check_stage_wording(self, stage_id: str, stage: Any) -> None:
        """A stage both readers go to prints its checklist line on both readers' checklists; its own wording
        for one reader is that line only (a stage has no instruction or how lines)."""
        for k, own in enumerate(stage.per_role):
            for field in ("instruction", "how"):
                if getattr(own, field):
                    self.report("escalation", stage_id, ("per_role", k, field), f"key 'per_role[{k}].{field}': "
                                f"escalation stage {qt(stage_id)} has no {field} to word per reader: expected only "
                                "checklist_label here; hint: remove it, or write it in the stage's own fields")
        if stage.role == "both":
            self.check_wording("escalation", stage_id, self.labels(stage))

    def check_wording(self, kind: str, item_id: str, texts: list[tuple[tuple, str, tuple[str, ...]]]) -> None:
        what = BY_KIND[kind].singular
        for keys, text, readers in texts:
            for word in self.rules.role_words:
                others = [r for r in readers if r != word.role]
                if word.word not in text or not others:
                    continue
                name = "".join(f"[{k}]" if isinstance(k, int) else f".{k}" for k in keys).lstrip(".")
                self.report(kind, item_id, keys, f"key '{name}': {what} {qt(item_id)} is shown to "
                            f"{BY_ID[others[0]].the}, but this text names {qt(word.word)}, a word of "
                            f"{BY_ID[word.role].the}'s: expected words {BY_ID[others[0]].the} can act on; hint: "
                            f"{word.hint}")


def check_advice(kb: Any, rules: Any) -> list[Diagnostic]:
    """Every advice error at once."""
    return AdviceChecker(kb, rules.advice).run()
