"""Every command the README gives works as written on a fresh clone.

The README's commands are its ```sh blocks and the `make …`, `kb …`, `python …` and `.venv/bin/…`
spans in its text. Each `make` target must exist (asked of make itself, `make -n`, in a copy of a
fresh clone's Makefile, locks and scripts: nothing runs); each `kb` subcommand and option must be
one `kb SUB --help` lists; each Python file or test path must exist. Within a block, the commands
run in order on a fresh clone: a `.venv/bin/` command needs an earlier `make` target of the same
block that installs what it uses, and no command is a bare `python` (Debian has only `python3`).
"""

from __future__ import annotations

import contextlib
import functools
import io
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest

from generator.cli.main import make_parser
from support import REPO, make_env

README = REPO / "README.md"
MAKE = shutil.which("make")
FRESH_CLONE_FILES = ("Makefile", "pyproject.toml", "package.json", "package-lock.json", "requirements", "tools")
SPAN = re.compile(r"`((?:make|kb|python3?|\.venv/bin/\S+) [^`]*)`")
BLOCK = re.compile(r"^```sh\n(.*?)^```", re.S | re.M)
OPTION = re.compile(r"--[a-z][\w-]*")


def blocks(text: str) -> list[list[str]]:
    """The commands of each ```sh block, comments and blank lines left out."""
    found = []
    for body in BLOCK.findall(text):
        commands = [line.split("  #")[0].strip() for line in body.splitlines()]
        found.append([c for c in commands if c and not c.startswith("#")])
    return found


def commands(text: str) -> list[str]:
    """Every command the README names: the lines of its blocks, then its inline spans."""
    spans = [m.group(1).replace("\\|", "|") for m in SPAN.finditer(BLOCK.sub("", text))]
    return [c for block in blocks(text) for c in block] + spans


@pytest.fixture(scope="module")
def fresh_clone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """What a fresh clone has for make to read: no .venv/, no node_modules/."""
    root = tmp_path_factory.mktemp("clone")
    for name in FRESH_CLONE_FILES:
        source = REPO / name
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, root / name)
    return root


def dry_run(root: Path, args: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([MAKE, "-n", *args], cwd=root, capture_output=True, text=True, timeout=60, check=False,
                          env=make_env())


@functools.cache
def kb_help(subcommand: str) -> str:
    """`kb SUBCOMMAND --help`, from kb's own parser (in this process: a `kb` start per subcommand is slow)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), pytest.raises(SystemExit) as end:
        make_parser().parse_args([subcommand, "--help"])
    assert end.value.code == 0, f"`kb {subcommand}` is not a kb command: {err.getvalue()}"
    return out.getvalue()


def test_the_readme_names_commands_of_every_kind() -> None:
    """The extraction finds what this test is for (else the other tests would check nothing)."""
    found = commands(README.read_text(encoding="utf-8"))
    for prefix in ("make site", "make test", "make test-quick", "make bench-quick", "kb build", "kb check",
                   ".venv/bin/python -m pytest", ".venv/bin/python bench/"):
        assert any(c.startswith(prefix) for c in found), prefix
    assert blocks(README.read_text(encoding="utf-8"))[0] == ["make site", "make test"]


def test_every_make_target_exists_on_a_fresh_clone(fresh_clone: Path) -> None:
    missing = []
    for command in sorted({c for c in commands(README.read_text(encoding="utf-8")) if c.startswith("make ")}):
        result = dry_run(fresh_clone, shlex.split(command)[1:])
        if result.returncode != 0:
            missing.append((command, result.stderr.strip()))
    assert missing == []


def test_every_kb_subcommand_and_option_exists() -> None:
    unknown = []
    for command in sorted({c for c in commands(README.read_text(encoding="utf-8")) if c.startswith("kb ")}):
        subcommand = command.split()[1]
        help_text = kb_help(subcommand)
        unknown += [(command, option) for option in OPTION.findall(command) if option not in help_text]
    assert unknown == []


def test_every_python_file_and_test_path_exists() -> None:
    missing = []
    for command in commands(README.read_text(encoding="utf-8")):
        words = shlex.split(command)
        if "python" not in words[0]:
            continue
        for word in words[1:]:
            if word.endswith(".py") or word.startswith(("tests/", "bench/")):
                missing += [] if (REPO / word.split("::")[0]).exists() else [(command, word)]
    assert missing == []


def installs_test_extras(root: Path, command: str) -> bool:
    """Whether `make …` on a fresh clone installs the test extras (requirements/test.txt)."""
    result = dry_run(root, shlex.split(command)[1:])
    return result.returncode == 0 and "-r requirements/test.txt" in result.stdout


def block_problems(root: Path, block: list[str]) -> list[tuple[str, str]]:
    """What stops a block's commands, run in order on a fresh clone."""
    problems = []
    installed = False
    for command in block:
        program = shlex.split(command)[0]
        if program == "python":
            problems.append((command, "bare `python`: a fresh Debian has only python3"))
        elif program == "make":
            installed = installed or installs_test_extras(root, command)
        elif program.startswith(".venv/bin/") and not installed:
            problems.append((command, "no earlier make target of its block installs the test extras"))
        elif not program.startswith((".venv/bin/", "make", "python3")):
            problems.append((command, f"unknown program {program!r}"))
    return problems


def test_each_block_runs_in_order_on_a_fresh_clone(fresh_clone: Path) -> None:
    assert [p for block in blocks(README.read_text(encoding="utf-8")) for p in block_problems(fresh_clone, block)] == []


def test_the_old_benchmark_block_is_caught(fresh_clone: Path) -> None:
    """`make site` installs only the runtime, so a benchmark right after it fails on a fresh clone."""
    old = ["make site", "python bench/run.py", ".venv/bin/python bench/run.py --quick"]
    assert block_problems(fresh_clone, old) == [
        ("python bench/run.py", "bare `python`: a fresh Debian has only python3"),
        (".venv/bin/python bench/run.py --quick", "no earlier make target of its block installs the test extras"),
    ]
