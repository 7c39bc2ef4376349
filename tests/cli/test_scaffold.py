"""`kb new KIND ID`: a template that fails `kb check` at each placeholder and passes once filled in."""

from __future__ import annotations

import io
from dataclasses import fields
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from support import run_kb, without_modelines
from generator.model.fields import choices_of
from generator.model.kindspec import BY_KIND, KINDS

EXISTING = {"problems": "charged-twice", "causes": "repeat-press", "remedies": "check-records",
            "escalation": "call-bank", "evidence": "slip", "prevention": "keep-slips", "references": "slip-spec",
            "articles": "t001"}
"""One id of each kind in the small fixture."""
QUOTE = "仔细检查交易记录和对账单"
"""A verbatim quote of the fixture article t001."""
LINK_FROM_PROBLEM = {"causes": "causes", "remedies": "merchant_steps", "escalation": "escalation", "evidence": "evidence",
                     "prevention": "prevention"}


def round_trip() -> YAML:
    yaml = YAML()  # round-trip: keeps the template's comments when the test fills it in
    yaml.width = 4096
    return yaml


def fill(path: Path, kind: str) -> None:
    """Fill every placeholder of a new item with valid, distinct values, as a contributor would."""
    yaml = round_trip()
    data = yaml.load(path.read_text(encoding="utf-8"))
    specs = {spec.name: spec for spec in fields(KINDS[kind])}
    for n, (key, value) in enumerate(list(data.items())):
        spec = specs[key]
        choices, ref = choices_of(spec), spec.metadata["ref"]
        if key == "sources":
            data[key] = [{"article": "t001", "quote": QUOTE}]
        elif key == "statements":
            data[key] = [{"id": "fresh-statement", "text": "新条目的一条陈述，用于脚手架测试。"}]
        elif key == "contacts":
            data[key] = [{"name": "收单机构客服", "how_to_find": "查看终端机身上印的电话"}]
        elif value is None:
            data[key] = choices[1] if choices else f"新条目第{n}项填写的说明文字，用于脚手架测试"[: spec.metadata["max_len"] or 60]
        elif value == []:
            data[key] = [choices[0]] if choices else [EXISTING[ref]] if ref else [f"新条目第{n}项的分步说明"]
    if kind == "problems":  # the steps of each reader are optional fields: a contributor adds at least one list
        data["cardholder_steps"] = [EXISTING["remedies"]]
    out = io.StringIO()
    yaml.dump(data, out)
    path.write_text(out.getvalue(), encoding="utf-8")


def link(root: Path, kind: str, item_id: str) -> None:
    """Make the problem of the fixture point at the new item, so that it is not an orphan."""
    if BY_KIND[kind].root:  # nothing needs to link to it
        return
    problem = root / "content/problems/charged-twice.yaml"
    yaml = round_trip()
    data = yaml.load(problem.read_text(encoding="utf-8"))
    if kind == "references":
        data["sources"].append({"reference": item_id})
    else:
        data.setdefault(LINK_FROM_PROBLEM[kind], []).append(item_id)
    out = io.StringIO()
    yaml.dump(data, out)
    problem.write_text(out.getvalue(), encoding="utf-8")


@pytest.mark.slow  # kb new and kb check per kind
@pytest.mark.parametrize("kind", ["problems", "causes", "remedies", "escalation", "evidence", "prevention",
                                  "glossary", "references"])
def test_filled_template_passes_check(small_kb: Path, kind: str) -> None:
    result = run_kb("--root", str(small_kb), "new", kind, "fresh-item")
    assert result.returncode == 0, result.stderr
    assert result.stderr == (f"created content/{kind}/fresh-item.yaml: fill in the empty values, link it from "
                             "another item, then run 'kb check'\n")
    path = small_kb / f"content/{kind}/fresh-item.yaml"
    assert path.read_text(encoding="utf-8").startswith(
        f"# yaml-language-server: $schema=../../schemas/{kind}.schema.json\n")

    unfilled = run_kb("--root", str(small_kb), "check")
    assert unfilled.returncode == 1
    assert f"content/{kind}/fresh-item.yaml:6:7: key 'title': expected a non-empty text, got nothing (null)" \
           in unfilled.stderr

    fill(path, kind)
    link(small_kb, kind, "fresh-item")
    filled = run_kb("--root", str(small_kb), "check")
    assert filled.returncode == 0, filled.stderr
    assert "fresh-item" not in filled.stderr
    assert filled.stderr.splitlines()[-1].startswith("ok: 9 items checked in ")


def test_unfilled_remedy_points_at_every_placeholder(small_kb: Path) -> None:
    assert run_kb("--root", str(small_kb), "new", "remedies", "new-step").returncode == 0
    result = run_kb("--root", str(small_kb), "check")
    assert result.returncode == 1
    assert without_modelines(result.stderr.splitlines()) == [
        "content/remedies/new-step.yaml:6:7: key 'title': expected a non-empty text, got nothing (null); hint: Short "
        "title in Simplified Chinese, shown wherever the item is linked.",
        "content/remedies/new-step.yaml:8:8: key 'status': expected a non-empty text, got nothing (null); hint: "
        "The status of the item's own text: advice (plain guidance that asserts no fact; shown without a box), "
        "verified (an outside reference confirms it: at least one source must be a reference), unverified (only "
        "the articles say it) or corrected (an article said something wrong; 'correction' says what is true). "
        "Put a factual statement that differs from the rest in 'claims'.",
        "content/remedies/new-step.yaml:21:17: key 'checklist_label': expected a non-empty text, got nothing "
        "(null); hint: The step as a short checklist line (at most 30 characters).",
        "content/remedies/new-step.yaml:23:6: key 'role': expected a non-empty text, got nothing (null); hint: Who "
        "does it: cardholder, merchant or both.",
        "content/remedies/new-step.yaml:25:13: key 'instruction': expected a non-empty text, got nothing (null); "
        "hint: The step in one line, shown under its title on problem pages and in triage outcomes: what to do, so "
        "a reader can act without opening the remedy page.",
        "content/remedies/new-step.yaml:27:6: key 'how': expected at least 1 entries, got 0; hint: How to do it, "
        "as ordered sub-steps.",
        "6 error(s), 7 warning(s) in 8 file(s)",
    ]


def test_new_refuses_to_overwrite(small_kb: Path) -> None:
    path = small_kb / "content/remedies/check-records.yaml"
    before = path.read_bytes()
    result = run_kb("--root", str(small_kb), "new", "remedies", "check-records")
    assert result.returncode == 1
    assert result.stderr == ("kb new: content/remedies/check-records.yaml already exists: expected a new id; hint: "
                             "edit the existing file or choose another id\n")
    assert path.read_bytes() == before


@pytest.mark.parametrize("bad_id", ["New_Step", "new--step", "step-", "步骤", "../escape"])
def test_new_validates_the_id(small_kb: Path, bad_id: str) -> None:
    result = run_kb("--root", str(small_kb), "new", "causes", bad_id)
    assert result.returncode == 1
    assert result.stderr == (f"kb new: bad id {bad_id!r}: expected lowercase ASCII letters and digits joined by "
                             "'-'; hint: e.g. 'network-delay'\n")
    assert sorted(p.name for p in (small_kb / "content/causes").iterdir()) == ["repeat-press.yaml"]


def test_new_refuses_articles(small_kb: Path) -> None:
    result = run_kb("--root", str(small_kb), "new", "articles", "t002")
    assert result.returncode == 2
    assert result.stderr.splitlines()[-1] == (
        "kb new: error: argument KIND: invalid choice: 'articles' (choose from 'problems', 'causes', 'remedies', "
        "'escalation', 'evidence', 'prevention', 'glossary', 'references', 'letters', 'questions', 'outcomes')")
