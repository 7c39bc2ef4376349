"""Helpers shared by the tests: where things are, running the real `kb` command, editing fixture copies.

Import them with ``from support import ...`` (tests/ is on pytest's pythonpath).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
KB = Path(sys.executable).with_name("kb")
FIXED_EPOCH = "1700000000"


@dataclass
class Run:
    """Result of one `kb` invocation."""

    returncode: int
    stdout: str
    stderr: str


def run_kb(*args: str, cwd: Path | None = None, env: dict | None = None, timeout: int = 600) -> Run:
    """Run the installed `kb` console script, the public entry point."""
    full_env = {**os.environ, "SOURCE_DATE_EPOCH": FIXED_EPOCH, "NO_COLOR": "1", **(env or {})}
    proc = subprocess.run([str(KB), *args], cwd=cwd or REPO, env=full_env, capture_output=True, text=True,
                          timeout=timeout, check=False)
    return Run(proc.returncode, proc.stdout, proc.stderr)


def edit(path: Path, old: str, new: str) -> None:
    """Replace the first ``old`` in a fixture file; fail loudly if the fixture no longer has it."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture changed: {old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def copy_tree(src: Path, dst: Path) -> Path:
    shutil.copytree(src, dst, ignore=shutil.ignore_patterns("build", "site", "__pycache__"))
    return dst


def without_modelines(lines: list[str]) -> list[str]:
    """Output lines without the modeline warnings: the small fixture's files have no schema modeline (a
    warning, tested in tests/cli/test_report.py), and `kb check` reports warnings together with errors."""
    return [line for line in lines if "missing schema modeline" not in line and "title=modeline::" not in line
            and "| modeline |" not in line]
