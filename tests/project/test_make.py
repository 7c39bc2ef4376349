"""What `make test` and `make test-quick` run (make's dry run, nothing executed): the system packages
first, then the lint (import layers, unused names), then pytest — everything, or the fast selection."""

from __future__ import annotations

import shutil
import subprocess

from support import REPO, make_env

LINT = [".venv/bin/lint-imports", ".venv/bin/ruff check --quiet --select F401,F841 generator bench"]


def dry_run(target: str) -> list[str]:
    result = subprocess.run([shutil.which("make"), "-n", target], cwd=REPO, capture_output=True, text=True,
                            timeout=60, check=True, env=make_env())
    return result.stdout.splitlines()


def test_make_test_sets_up_lints_then_runs_every_test() -> None:
    assert dry_run("test") == ["tools/system-deps.sh", *LINT, ".venv/bin/python -m pytest"]


def test_make_test_quick_lints_then_runs_the_fast_selection_without_system_packages() -> None:
    assert dry_run("test-quick") == [*LINT, '.venv/bin/python -m pytest -q -m "not browser and not slow" tests/unit '
                                            "tests/cli"]


def test_the_quick_selection_leaves_out_every_browser_test_and_keeps_the_unit_and_command_tests() -> None:
    def collected(*args: str) -> set[str]:
        result = subprocess.run([".venv/bin/python", "-m", "pytest", "-q", "-p", "no:cacheprovider", "--collect-only",
                                 *args], cwd=REPO, capture_output=True, text=True, timeout=300, check=True)
        return {line.split("::")[0] for line in result.stdout.splitlines() if "::" in line}

    quick = collected("-m", "not browser and not slow", "tests/unit", "tests/cli")
    assert quick and not any(path.startswith("tests/browser/") for path in quick)
    assert "tests/cli/test_errors.py" in quick and "tests/unit/test_forking.py" in quick
    assert "tests/cli/test_swap_faults.py" not in quick  # slow, every test
    browser = collected("-m", "browser", "tests/browser")
    assert browser == {str(p.relative_to(REPO)) for p in (REPO / "tests" / "browser").glob("test_*.py")}

