"""Shared fixtures: the options of the test run, a writable small knowledge base, the real site built once.

Helpers (running `kb`, editing fixtures) live in support.py; browser fixtures in browser/conftest.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from support import ENGINES, FIXTURES, copy_rules, copy_tree, run_kb


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", default=False,
                     help="rewrite tests/golden/ from the current output instead of comparing")


BROWSER_TESTS = Path(__file__).resolve().parent / "browser"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test under tests/browser/ is a `browser` test (`make test-quick` leaves them out)."""
    for item in items:
        if BROWSER_TESTS in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture
def small_kb(tmp_path: Path) -> Path:
    """A writable copy of the small fixture knowledge base, with the project's rules/."""
    root = copy_tree(FIXTURES / "kb-small", tmp_path / "kb")
    copy_rules(root)
    return root


@pytest.fixture(scope="session", params=ENGINES)
def engine(request: pytest.FixtureRequest) -> str:
    """The site engine of this test run (the tests that use the real site run once per engine)."""
    return request.param


@pytest.fixture(scope="session")
def real_site(engine: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real guide, built once per engine and test session with `kb build` into a temporary folder."""
    site = tmp_path_factory.mktemp(f"real-{engine}") / "site"
    result = run_kb("build", "--engine", engine, "--site-dir", str(site))
    assert result.returncode == 0, result.stderr
    return site
