"""Shared fixtures: run the real `kb` command, copy fixture knowledge bases, build sites once."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
KB = Path(sys.executable).with_name("kb")
FIXED_EPOCH = "1700000000"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", default=False,
                     help="rewrite tests/golden/ from the current output instead of comparing")


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


@pytest.fixture
def small_kb(tmp_path: Path) -> Path:
    """A writable copy of the small fixture knowledge base, with the project's rules/."""
    root = copy_tree(FIXTURES / "kb-small", tmp_path / "kb")
    shutil.copytree(REPO / "rules", root / "rules")
    return root


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real guide, built once per test session with `kb build` into a temporary folder."""
    site = tmp_path_factory.mktemp("real") / "site"
    result = run_kb("build", "--site-dir", str(site))
    assert result.returncode == 0, result.stderr
    return site


@pytest.fixture(scope="session")
def site_url(real_site: Path):
    """Serve the built real site on a free localhost port for browser tests; yields the base URL."""
    import functools
    import http.server
    import threading

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:  # keep test output readable
            pass

    handler = functools.partial(Quiet, directory=str(real_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium driven by Playwright (Playwright cannot download its own browser here)."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (.ci/run does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()
