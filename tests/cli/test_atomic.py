"""Atomic output: `kb build` swaps a complete new site in, or leaves the old one byte-for-byte.

Covers a failure inside mkdocs, Ctrl-C (SIGINT) and SIGTERM in the middle of the mkdocs
build, and the temporary folder a SIGKILLed build leaves behind.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest

from support import FIXED_EPOCH, KB, REPO, default_signals, frozen, run_kb

pytestmark = pytest.mark.slow  # builds of the real guide


def snapshot(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


def siblings(site: Path) -> list[str]:
    return sorted(p.name for p in site.parent.iterdir())


@pytest.fixture(scope="module")
def guide(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A clone of the repository (the real guide: big enough that mkdocs takes a while)."""
    root = tmp_path_factory.mktemp("atomic") / "guide"
    subprocess.run(["git", "clone", "--quiet", str(REPO), str(root)], check=True)
    return root


@pytest.fixture(scope="module")
def pristine(guide: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The guide built once; each test gets a copy as its 'previous site'."""
    site = tmp_path_factory.mktemp("pristine") / "site"
    result = run_kb("--root", str(guide), "build", "--site-dir", str(site))
    assert result.returncode == 0, result.stderr
    return site


@pytest.fixture
def site(pristine: Path, tmp_path: Path) -> Path:
    site = tmp_path / "out" / "site"
    shutil.copytree(pristine, site)
    (site / "marker-from-previous-build.txt").write_text("old", encoding="utf-8")
    return site


def start_build(guide: Path, site: Path) -> subprocess.Popen:
    env = {**os.environ, "SOURCE_DATE_EPOCH": FIXED_EPOCH, "NO_COLOR": "1"}
    return subprocess.Popen([str(KB), "--root", str(guide), "build", "--site-dir", str(site)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, preexec_fn=default_signals)


def signal_mid_build(site: Path, proc: subprocess.Popen, sig: int) -> None:
    """Send sig while the build is mid-way: mkdocs has written a page into the temporary site. The build is
    frozen (SIGSTOP) while it is looked at, so the state seen is the state signalled: nothing races the
    build's end. The signal is delivered when it continues (SIGCONT)."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        with frozen(proc):
            assert proc.poll() is None, "the build finished before mkdocs wrote a page it could see"
            if any(next(tmp.rglob("*.html"), None) for tmp in site.parent.glob(f".{site.name}.tmp-*")):
                proc.send_signal(sig)
                return
        time.sleep(0.005)
    pytest.fail("mkdocs never wrote a page")


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_interrupted_build_leaves_old_site_and_no_temp_dirs(guide: Path, site: Path, sig: int) -> None:
    before = snapshot(site)
    proc = start_build(guide, site)
    signal_mid_build(site, proc, sig)
    _, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 130
    assert stderr.splitlines()[-1] == "interrupted; the previous site/ is unchanged"
    assert "Traceback" not in stderr
    assert snapshot(site) == before
    assert siblings(site) == ["site"]


def test_killed_build_leftovers_are_removed_by_the_next_build(guide: Path, site: Path) -> None:
    before = snapshot(site)
    proc = start_build(guide, site)
    signal_mid_build(site, proc, signal.SIGKILL)
    proc.communicate(timeout=60)
    assert snapshot(site) == before
    assert len(siblings(site)) == 2, "SIGKILL cannot be caught: the temporary site stays for now"
    result = run_kb("--root", str(guide), "build", "--site-dir", str(site))
    assert result.returncode == 0, result.stderr
    assert siblings(site) == ["site"]
    assert "marker-from-previous-build.txt" not in snapshot(site)


def test_mkdocs_failure_leaves_old_site(guide: Path, site: Path, tmp_path: Path) -> None:
    before = snapshot(site)
    config = guide / "mkdocs.yml"
    original = config.read_text(encoding="utf-8")
    try:
        config.write_text(original.replace("nav:\n", "nav:\n  - 缺失: missing.md\n", 1), encoding="utf-8")
        result = run_kb("--root", str(guide), "build", "--site-dir", str(site))
    finally:
        config.write_text(original, encoding="utf-8")
    assert result.returncode == 1
    assert "mkdocs.yml:1:1: properdocs: A reference to 'missing.md' is included in the 'nav' configuration, " \
           "which is not found in the documentation files." in result.stderr.splitlines()
    assert "Traceback" not in result.stderr
    assert snapshot(site) == before
    assert siblings(site) == ["site"]


@pytest.mark.parametrize("engine, message", [
    ("properdocs", "Config value 'theme': The path set in custom_dir ('{guide}/missing-overrides') does not exist."),
    ("zensical", "Custom theme directory does not exist: {guide}/missing-overrides"),
])
def test_engine_failure_leaves_old_site(guide: Path, site: Path, engine: str, message: str) -> None:
    before = snapshot(site)
    config = guide / "mkdocs.yml"
    original = config.read_text(encoding="utf-8")
    try:
        config.write_text(original.replace("custom_dir: overrides", "custom_dir: missing-overrides", 1),
                          encoding="utf-8")
        result = run_kb("--root", str(guide), "build", "--engine", engine, "--site-dir", str(site))
    finally:
        config.write_text(original, encoding="utf-8")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [f"mkdocs.yml:1:1: {engine}: {message.format(guide=guide)}",
                                          "1 error(s), 0 warning(s) in 1 file(s)"]
    assert snapshot(site) == before
    assert siblings(site) == ["site"]
    assert sorted(p.name for p in (guide / "build").iterdir() if p.name.startswith(".zensical")) == []


def test_successful_build_replaces_the_whole_site(guide: Path, site: Path) -> None:
    result = run_kb("--root", str(guide), "build", "--site-dir", str(site))
    assert result.returncode == 0, result.stderr
    files = snapshot(site)
    assert "marker-from-previous-build.txt" not in files
    assert "index.html" in files and "sitemap.xml.gz" in files
    assert siblings(site) == ["site"]
