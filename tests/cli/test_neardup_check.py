"""Near-duplicate warnings of `kb check`: reported with both items, suppressible with a reason, found at 10,000.

The similarity search itself is tested in tests/unit/validate/test_neardup.py; its speed is measured in bench/.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from bench.synth import generate
from support import REPO, edit, run_kb

pytestmark = pytest.mark.slow  # checks of the real content and of 10,000 items


@pytest.fixture
def real_kb(tmp_path: Path) -> Path:
    """A writable copy of the real content and rules."""
    root = tmp_path / "kb"
    shutil.copytree(REPO / "content", root / "content")
    shutil.copytree(REPO / "rules", root / "rules")
    return root


def add_copied_remedy(root: Path, link: bool = True) -> Path:
    """A contributor re-adds 'contact-acquirer' under a new id with a reworded title and step
    (and lists it in a situation, unless not ``link``)."""
    lines = (root / "content/remedies/contact-acquirer.yaml").read_text(encoding="utf-8").splitlines()
    new = root / "content/remedies/acquirer-hotline.yaml"
    reworded = {"id": "id: acquirer-hotline", "title": "title: 商户：打电话给POS机所属的支付公司",
                "  - 客服解决不了": "  - 如果客服解决不了，就要求转为正式投诉。"}
    for i, line in enumerate(lines):
        for start, replacement in reworded.items():
            if line.startswith(start):
                lines[i] = replacement
    new.write_text("\n".join(lines) + "\n", encoding="utf-8")
    if link:
        edit(root / "content/outcomes/merchant-unauthorized.yaml", "  - contact-acquirer\n",
             "  - contact-acquirer\n  - acquirer-hotline\n")
    return new


HINT = "expected each item once; hint: merge the two items, or add 'not_duplicate_of: [{id: %s, reason: ...}]' if " \
       "both must stay"


def test_copied_remedy_is_reported_naming_the_existing_item(real_kb: Path) -> None:
    add_copied_remedy(real_kb)
    result = run_kb("--root", str(real_kb), "check")
    assert result.returncode == 0
    assert result.stderr.splitlines()[:3] == [
        "content/remedies/acquirer-hotline.yaml:2:5: warning: near-duplicate: remedy 'acquirer-hotline' is 80% "
        "similar to remedy 'contact-acquirer' (content/remedies/contact-acquirer.yaml:2:5): "
        + HINT % "contact-acquirer",
        "content/remedies/contact-acquirer.yaml:2:5: warning: near-duplicate: remedy 'contact-acquirer' is 80% "
        "similar to remedy 'acquirer-hotline' (content/remedies/acquirer-hotline.yaml:2:5): "
        + HINT % "acquirer-hotline",
        "0 error(s), 2 warning(s) in 2 file(s)",
    ]
    strict = run_kb("--root", str(real_kb), "check", "--strict")
    assert strict.returncode == 1


NEAR_DUPLICATES = [
    "content/remedies/acquirer-hotline.yaml:2:5: warning: near-duplicate: remedy 'acquirer-hotline' is 80% similar "
    "to remedy 'contact-acquirer' (content/remedies/contact-acquirer.yaml:2:5): " + HINT % "contact-acquirer",
    "content/remedies/contact-acquirer.yaml:2:5: warning: near-duplicate: remedy 'contact-acquirer' is 80% similar "
    "to remedy 'acquirer-hotline' (content/remedies/acquirer-hotline.yaml:2:5): " + HINT % "acquirer-hotline",
]
ORPHAN = ("remedy 'acquirer-hotline' is not referenced by anything: expected at least one item to link to it; hint: "
          "link it from another item, or delete the file")


def test_a_copy_that_is_also_an_orphan_gets_the_error_and_the_warning_in_one_run(real_kb: Path) -> None:
    add_copied_remedy(real_kb, link=False)
    human = run_kb("--root", str(real_kb), "check")
    assert human.returncode == 1
    assert human.stderr.splitlines() == [NEAR_DUPLICATES[0], "content/remedies/acquirer-hotline.yaml:2:5: " + ORPHAN,
                                         NEAR_DUPLICATES[1], "1 error(s), 2 warning(s) in 2 file(s)"]
    doc = json.loads(run_kb("--root", str(real_kb), "check", "--format", "json").stdout)
    assert [(d["path"], d["severity"], d["code"]) for d in doc["diagnostics"]] == [
        ("content/remedies/acquirer-hotline.yaml", "warning", "near-duplicate"),
        ("content/remedies/acquirer-hotline.yaml", "error", "orphan"),
        ("content/remedies/contact-acquirer.yaml", "warning", "near-duplicate")]
    assert doc["diagnostics"][1]["message"] == ORPHAN
    github = run_kb("--root", str(real_kb), "check", "--format", "github")
    assert [line.split("::")[1] for line in github.stdout.splitlines()[:3]] == [
        "warning file=content/remedies/acquirer-hotline.yaml,line=2,col=5,title=near-duplicate",
        "error file=content/remedies/acquirer-hotline.yaml,line=2,col=5,title=orphan",
        "warning file=content/remedies/contact-acquirer.yaml,line=2,col=5,title=near-duplicate"]


def test_suppression_with_reason_silences_the_pair(real_kb: Path) -> None:
    new = add_copied_remedy(real_kb)
    new.write_text(new.read_text(encoding="utf-8") + "not_duplicate_of:\n  - id: contact-acquirer\n"
                   "    reason: 测试用：两条措辞不同，分别面向电话和在线渠道。\n", encoding="utf-8")
    result = run_kb("--root", str(real_kb), "check", "--strict")
    assert result.returncode == 0, result.stderr
    items = sum(1 for path in (real_kb / "content").rglob("*.yaml"))
    assert result.stderr.startswith(f"ok: {items} items checked in ")


def test_suppression_needs_a_reason(real_kb: Path) -> None:
    new = add_copied_remedy(real_kb)
    new.write_text(new.read_text(encoding="utf-8") + "not_duplicate_of:\n  - id: contact-acquirer\n",
                   encoding="utf-8")
    result = run_kb("--root", str(real_kb), "check")
    assert result.returncode == 1
    line = len(new.read_text(encoding="utf-8").splitlines())  # the entry without a reason, the last line
    assert result.stderr.splitlines() == [
        f"content/remedies/acquirer-hotline.yaml:{line}:5: missing required key 'not_duplicate_of[0].reason': expected a "
        "text in every allowed duplicate (Why both items are kept although their texts are similar); hint: add "
        "'reason:'",
        "1 error(s), 0 warning(s) in 1 file(s)",
    ]


def test_unknown_and_stale_suppressions(real_kb: Path) -> None:
    path = real_kb / "content/remedies/contact-issuing-bank.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "not_duplicate_of:\n  - id: contact-acquirer\n"
                    "    reason: 测试用：一个面向商户，一个面向持卡人。\n  - id: contact-aquirer\n    reason: 拼错的id。\n",
                    encoding="utf-8")
    result = run_kb("--root", str(real_kb), "check")
    assert result.returncode == 1
    line = len(path.read_text(encoding="utf-8").splitlines()) - 1
    assert result.stderr.splitlines() == [
        f"content/remedies/contact-issuing-bank.yaml:{line - 2}:9: warning: key 'not_duplicate_of[0]': remedy "
        "'contact-acquirer' is only 8% similar: expected 40% or more for a suppression; hint: remove the entry",
        f"content/remedies/contact-issuing-bank.yaml:{line}:9: key 'not_duplicate_of[1].id': unknown remedy "
        "'contact-aquirer': expected the id of another file in content/remedies/; hint: fix the id or remove the "
        "entry",
        "1 error(s), 1 warning(s) in 1 file(s)",
    ]


def test_strict_fails_on_a_clause_typed_in_two_files(real_kb: Path) -> None:
    """The said-once check (issue 25) warns; CI's --strict turns the warning into a failure."""
    path = real_kb / "content/remedies/contact-issuing-bank.yaml"
    letter = real_kb / "content/letters/complaint.yaml"
    clean = run_kb("--root", str(real_kb), "check", "--strict")
    edit(path, "how:\n", "how:\n  - 请在收到处理决定之日起三十日内书面申请核查。\n")
    edit(letter, "parts:\n", "parts:\n  - text: 请在收到处理决定之日起三十日内书面申请核查。\n")
    result = run_kb("--root", str(real_kb), "check", "--strict")
    assert result.returncode == 1
    line = path.read_text(encoding="utf-8").splitlines().index("  - 请在收到处理决定之日起三十日内书面申请核查。") + 1
    there = letter.read_text(encoding="utf-8").splitlines().index("  - text: 请在收到处理决定之日起三十日内书面申请核查。") + 1
    copied = [x for x in result.stderr.splitlines() if "said twice: '请在收到" in x]
    assert copied == [
        f"content/remedies/contact-issuing-bank.yaml:{line}:5: warning: said twice: '请在收到处理决定之日起三十日内书面申请核查' "
        f"is 100% alike to '请在收到处理决定之日起三十日内书面申请核查' in letters/complaint "
        f"(content/letters/complaint.yaml:{there}:11): expected each statement typed in one file; hint: keep it in "
        "letters/complaint and link to it here with [[letters/complaint]], or list the pair under 'said_twice:' in "
        "rules/said-once.yaml with a reason",
    ]
    assert clean.returncode == 0, clean.stderr  # the real guide says each statement once


def test_kb_check_on_ten_thousand_synthetic_items(tmp_path: Path) -> None:
    root = tmp_path / "kb10k"
    generate(root, 10_000, seed=11)  # a seed whose random texts happen to contain no chance near-duplicates
    original = root / "content/remedies/reme-00001.yaml"
    text = original.read_text(encoding="utf-8")
    copy = re.sub(r'^role: .*$', 'role: "both"', text.replace('id: "reme-00001"', 'id: "reme-10000"'), flags=re.M)
    (root / "content/remedies/reme-10000.yaml").write_text(copy, encoding="utf-8")
    problem = root / "content/problems/prob-00000.yaml"
    steps = re.compile(r"^merchant_steps:(?: \[\])?\n", re.M)
    assert steps.search(problem.read_text(encoding="utf-8")), "fixture changed: no merchant_steps"
    problem.write_text(steps.sub('merchant_steps:\n  - "reme-10000"\n', problem.read_text(encoding="utf-8"), 1),
                       encoding="utf-8")
    result = run_kb("--root", str(root), "check", "--format", "json")
    assert result.returncode == 0, result.stderr[-2000:]
    warnings = [(d["path"], d["message"].split(" (")[0]) for d in json.loads(result.stdout)["diagnostics"]
                if d["code"] != "said-once"]  # the sampler reuses clauses; see test_bench
    assert warnings == [
        ("content/remedies/reme-00001.yaml", "near-duplicate: remedy 'reme-00001' is 100% similar to remedy "
                                             "'reme-10000'"),
        ("content/remedies/reme-10000.yaml", "near-duplicate: remedy 'reme-10000' is 100% similar to remedy "
                                             "'reme-00001'"),
    ]
