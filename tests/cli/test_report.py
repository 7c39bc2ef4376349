"""`kb check --format human|github|json`: exact output, escaping, step summary, colour."""

from __future__ import annotations

import json
import os
import pty
import subprocess
from pathlib import Path

from support import FIXED_EPOCH, KB, edit, run_kb, without_modelines


def three_mistakes(root: Path) -> None:
    """Three different mistakes in two files: a bad choice, an unknown id, a text too long."""
    cause = root / "content/causes/repeat-press.yaml"
    edit(cause, "status: unverified", "status: verifed")
    edit(cause, "remedies: [check-records]", "remedies: [check-record]")
    edit(root / "content/remedies/check-records.yaml", "checklist_label: 核对交易记录\n",
         "checklist_label: 核对交易记录并且逐笔对照签购单上的金额和时间还要核对银行短信通知\n")


ANNOTATIONS = [
    "::error file=content/causes/repeat-press.yaml,line=3,col=9,title=schema::key 'status': expected one of "
    "verified, unverified, corrected, advice, got 'verifed'; hint: did you mean 'verified'?",
    "::error file=content/causes/repeat-press.yaml,line=7,col=12,title=reference::key 'remedies[0]': unknown "
    "remedy 'check-record': expected the id of a file in content/remedies/; hint: did you mean 'check-records'?",
    "::error file=content/remedies/check-records.yaml,line=4,col=18,title=schema::key 'checklist_label': expected "
    "at most 30 characters, got 32; hint: shorten it or split the item",
    "3 error(s), 5 warning(s) in 7 file(s)",
]


def test_three_mistakes_in_two_files_give_three_annotations(small_kb: Path, tmp_path: Path) -> None:
    three_mistakes(small_kb)
    summary = tmp_path / "summary.md"
    summary.write_text("## earlier step\n", encoding="utf-8")
    result = run_kb("--root", str(small_kb), "check", "--format", "github", env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert result.returncode == 1
    assert without_modelines(result.stdout.splitlines()) == ANNOTATIONS
    assert result.stderr == ""
    assert "\n".join(without_modelines(summary.read_text(encoding="utf-8").split("\n"))) == (
        "## earlier step\n"
        "## kb check\n\n"
        "3 error(s), 5 warning(s) in 7 file(s)\n\n"
        "| location | severity | code | message |\n"
        "|---|---|---|---|\n"
        "| `content/causes/repeat-press.yaml:3:9` | error | schema | key 'status': expected one of verified, "
        "unverified, corrected, advice, got 'verifed'; hint: did you mean 'verified'? |\n"
        "| `content/causes/repeat-press.yaml:7:12` | error | reference | key 'remedies[0]': unknown remedy "
        "'check-record': expected the id of a file in content/remedies/; hint: did you mean 'check-records'? |\n"
        "| `content/remedies/check-records.yaml:4:18` | error | schema | key 'checklist_label': expected at most 30 "
        "characters, got 32; hint: shorten it or split the item |\n\n")


def test_human_format_is_the_default_and_groups_by_file(small_kb: Path) -> None:
    three_mistakes(small_kb)
    result = run_kb("--root", str(small_kb), "check")
    assert result.returncode == 1
    assert result.stdout == ""
    assert without_modelines(result.stderr.splitlines()) == [
        "content/causes/repeat-press.yaml:3:9: key 'status': expected one of verified, unverified, corrected, advice, got "
        "'verifed'; hint: did you mean 'verified'?",
        "content/causes/repeat-press.yaml:7:12: key 'remedies[0]': unknown remedy 'check-record': expected the id of "
        "a file in content/remedies/; hint: did you mean 'check-records'?",
        "content/remedies/check-records.yaml:4:18: key 'checklist_label': expected at most 30 characters, got 32; "
        "hint: shorten it or split the item",
        "3 error(s), 5 warning(s) in 7 file(s)",
    ]


def test_json_format(small_kb: Path) -> None:
    three_mistakes(small_kb)
    result = run_kb("--root", str(small_kb), "check", "--format", "json")
    assert result.returncode == 1
    doc = json.loads(result.stdout)
    assert (doc["version"], doc["errors"], doc["warnings"]) == (1, 3, 5)
    doc["diagnostics"] = [d for d in doc["diagnostics"] if d["code"] != "modeline"]
    assert doc["diagnostics"][2] == {
        "path": "content/remedies/check-records.yaml", "line": 4, "column": 18, "severity": "error",
        "code": "schema", "message": "key 'checklist_label': expected at most 30 characters, got 32; hint: shorten "
                                     "it or split the item"}
    assert [d["code"] for d in doc["diagnostics"]] == ["schema", "reference", "schema"]


def test_github_escapes_properties_and_data(small_kb: Path) -> None:
    # A comma in a file name (a property) and '%' plus a line break in a received value (the data).
    (small_kb / "content/causes/a,b.yaml").write_text("id: x\n", encoding="utf-8")
    edit(small_kb / "content/causes/repeat-press.yaml", "status: unverified", 'status: "50%\\nsure"')
    result = run_kb("--root", str(small_kb), "check", "--format", "github")
    assert result.returncode == 1
    assert without_modelines(result.stdout.splitlines()) == [
        "::error file=content/causes/a%2Cb.yaml,line=1,col=1,title=layout::bad file name 'a,b.yaml': expected "
        "<id>.yaml where the id is lowercase ASCII letters and digits joined by '-'; hint: rename e.g. "
        "'network-delay.yaml'",
        "::error file=content/causes/repeat-press.yaml,line=3,col=9,title=schema::key 'status': expected one of "
        "verified, unverified, corrected, advice, got '50%25%0Asure'; hint: The status of the item's own text: advice (plain "
        "guidance that asserts no fact; shown without a box), verified (an outside reference confirms it: at least "
        "one source must be a reference), unverified (only the articles say it) or corrected (an article said "
        "something wrong; 'correction' says what is true). Put a factual statement that differs from the rest in "
        "'claims'.",
        "2 error(s), 6 warning(s) in 8 file(s)",
    ]


def test_warnings_pass_unless_strict(small_kb: Path) -> None:
    # The small fixture has files without the schema modeline: warnings, not errors.
    result = run_kb("--root", str(small_kb), "check", "--format", "github")
    assert result.returncode == 0
    assert result.stdout.splitlines()[0] == (
        "::warning file=content/articles/t001.yaml,line=1,col=1,title=modeline::missing schema modeline: expected "
        "the first line to be '# yaml-language-server: $schema=../../schemas/articles.schema.json'; hint: editors "
        "use it to complete and check fields ('kb new' writes it)")
    strict = run_kb("--root", str(small_kb), "check", "--strict")
    assert strict.returncode == 1
    assert strict.stderr.splitlines()[-2:] == ["0 error(s), 7 warning(s) in 7 file(s)",
                                              "failed: 7 warning(s) and --strict"]


def test_real_content_has_no_warnings() -> None:
    result = run_kb("check", "--strict")
    assert result.returncode == 0, result.stderr
    assert result.stderr.startswith("ok: ")


def run_on_tty(root: Path, extra_env: dict) -> str:
    """Run `kb check` with stderr on a pseudo-terminal; return what it printed there."""
    leader, follower = pty.openpty()
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    env.update({"SOURCE_DATE_EPOCH": FIXED_EPOCH, **extra_env})
    proc = subprocess.run([str(KB), "--root", str(root), "check"], stderr=follower, stdout=subprocess.DEVNULL,
                          env=env, timeout=120, check=False)
    os.close(follower)
    chunks = []
    try:
        while chunk := os.read(leader, 65536):
            chunks.append(chunk)
    except OSError:  # EIO once the terminal is drained
        pass
    os.close(leader)
    assert proc.returncode == 1
    return b"".join(chunks).decode("utf-8")


def test_colour_on_a_terminal_only_without_no_color(small_kb: Path) -> None:
    three_mistakes(small_kb)
    coloured = run_on_tty(small_kb, {})
    assert "\x1b[1mcontent/causes/repeat-press.yaml\x1b[0m\r\n" in coloured
    assert ("  \x1b[31mcontent/remedies/check-records.yaml:4:18: key 'checklist_label': expected at most 30 "
            "characters, got 32; hint: shorten it or split the item\x1b[0m\r\n") in coloured
    plain = run_on_tty(small_kb, {"NO_COLOR": "1"})
    assert "\x1b[" not in plain
    assert plain.endswith("3 error(s), 5 warning(s) in 7 file(s)\r\n")
