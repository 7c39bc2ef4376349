"""The parallel path (forked load, render and write workers) never hangs and never prints a worker
traceback: repeated runs with a hard timeout each, and an interrupted build that stops at once.

The knowledge base is the smallest synthetic one that takes the parallel path in every stage
(forking.PARALLEL_FROM files and pages). Speed is the benchmark's business (bench/run.py --stress).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from support import FIXED_EPOCH, KB, REPO, default_signals, frozen
from generator import forking

pytestmark = pytest.mark.slow  # repeated builds of a base large enough to fork for

REPEATS = 8
TIMEOUT = 240
"""Seconds one run may take on a loaded machine before it counts as hung."""

GENERATE = "import sys; from pathlib import Path; import generator; generator.generate(Path(sys.argv[1]), " \
           "'https://example.org/kb/', Path(sys.argv[2]))"


@pytest.fixture(scope="module")
def parallel_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("parallel") / "kb"
    subprocess.run([sys.executable, str(REPO / "bench/synth.py"), str(root), str(forking.PARALLEL_FROM + 50)],
                   check=True, capture_output=True)
    return root


def env() -> dict[str, str]:
    return {**os.environ, "SOURCE_DATE_EPOCH": FIXED_EPOCH, "NO_COLOR": "1"}


def workers_of(marker: str) -> list[int]:
    """Processes whose command line mentions marker (a build's forked workers share its command line)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and int(entry.name) != os.getpid():
            try:
                if marker in (entry / "cmdline").read_bytes().decode(errors="replace"):
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


def test_the_parallel_path_is_taken(parallel_root: Path) -> None:
    files = sum(1 for p in (parallel_root / "content").rglob("*") if p.is_file())
    assert forking.workers_for(files, 2) == 2


def test_repeated_parallel_generation_never_hangs(parallel_root: Path, tmp_path: Path) -> None:
    for run in range(REPEATS):
        out = tmp_path / f"docs-{run % 2}"  # alternate: every page is new, then every page is unchanged
        proc = subprocess.run([sys.executable, "-c", GENERATE, str(parallel_root), str(out)], env=env(),
                              capture_output=True, text=True, timeout=TIMEOUT, check=False)
        assert (proc.returncode, proc.stderr) == (0, ""), f"run {run}: {proc.stderr}"
    pages = sum(1 for _ in (tmp_path / "docs-0").rglob("*.md"))
    assert pages >= forking.PARALLEL_FROM


def test_repeated_parallel_builds_finish_without_worker_tracebacks(parallel_root: Path, tmp_path: Path) -> None:
    for run in range(2):
        proc = subprocess.run([str(KB), "--root", str(parallel_root), "build", "--site-dir", str(tmp_path / "site")],
                              env=env(), capture_output=True, text=True, timeout=TIMEOUT, check=False)
        assert proc.returncode == 0, f"run {run}: {proc.stderr}"
        assert proc.stderr.splitlines() == [f"built 450 items into {tmp_path / 'site'}"]
    assert (tmp_path / "site" / "index.html").is_file()


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_an_interrupted_parallel_build_stops_promptly(parallel_root: Path, tmp_path: Path, signum: int) -> None:
    site = tmp_path / "site"
    proc = subprocess.Popen([str(KB), "--root", str(parallel_root), "build", "--site-dir", str(site)], env=env(),
                            stderr=subprocess.PIPE, text=True, start_new_session=True, preexec_fn=default_signals)
    deadline = time.monotonic() + TIMEOUT
    while len(workers_of(str(site))) < 2 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.02)  # until the first forked workers run
    with frozen(proc):  # nothing races the build's end: it is stopped while looked at and signalled
        assert proc.poll() is None, "the build finished before it could be interrupted"
        os.killpg(proc.pid, signum) if signum == signal.SIGINT else proc.send_signal(signum)  # Ctrl-C: the group
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130, stderr
    assert stderr.splitlines() == ["interrupted; the previous site/ is unchanged"]
    assert workers_of(str(site)) == []
    assert not site.exists()
    assert [p.name for p in tmp_path.iterdir()] == []
