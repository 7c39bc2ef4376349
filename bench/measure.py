"""Measuring helpers for bench/run.py: timed subprocesses, site sizes, the baseline, live preview."""

from __future__ import annotations

import json
import re
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent
KB = Path(sys.executable).with_name("kb")
ENV = {**os.environ, "NO_COLOR": "1", "SOURCE_DATE_EPOCH": "1700000000"}


@dataclass
class Timed:
    """One finished (or stopped) subprocess."""

    seconds: float
    returncode: int
    peak_mb: float
    stdout: str
    stderr: str
    timed_out: bool = False


def timed(cmd: list[str], timeout: float | None = None, cwd: Path | None = None) -> Timed:
    """Run cmd; wall time and the peak RSS of that one child (os.wait4), killed after timeout seconds.

    Pending writes of earlier steps (a synthetic root just written, a site just deleted) are
    flushed first, so one measurement does not pay for the disk work of the one before.
    """
    os.sync()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, cwd=cwd, env=ENV, start_new_session=True)
        stopped = threading.Event()

        def stop() -> None:
            stopped.set()
            try:
                os.killpg(proc.pid, signal.SIGKILL)  # the group of the process we started, and only it
            except ProcessLookupError:
                pass

        timer = threading.Timer(timeout, stop) if timeout else None
        if timer:
            timer.start()
        _pid, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
        if timer:
            timer.cancel()
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Timed(seconds, proc.returncode, usage.ru_maxrss / 1024, out.read().decode("utf-8", "replace"),
                     err.read().decode("utf-8", "replace"), stopped.is_set())


def kb(root: Path, *args: str, timeout: float | None = None) -> Timed:
    """The real `kb` console script on a root."""
    return timed([str(KB), "--root", str(root), *args], timeout)


def phases(root: Path, site_dir: Path) -> dict:
    """Per-phase seconds and peak memory from bench/phases.py in a fresh process."""
    run = timed([sys.executable, str(BENCH / "phases.py"), str(root), str(site_dir)])
    lines = [line for line in run.stdout.splitlines() if line.startswith("{")]
    if run.returncode or not lines:
        return {"error": (run.stderr.strip().splitlines() or ["no output"])[-1]}
    data = json.loads(lines[-1])
    shutil.rmtree(site_dir, ignore_errors=True)
    return data


@dataclass
class SiteStats:
    pages: int
    mean_kb: float
    max_kb: float
    max_page: str
    total_mb: float


def site_stats(site: Path) -> SiteStats:
    """HTML bytes per page (.html files only, shared assets excluded) and the whole site's size."""
    sizes = {}
    total = 0
    for path in site.rglob("*"):
        if path.is_file():
            size = path.stat().st_size
            total += size
            if path.suffix == ".html":
                sizes[path.relative_to(site).as_posix()] = size
    biggest = max(sizes, key=sizes.get) if sizes else ""
    mean = sum(sizes.values()) / len(sizes) if sizes else 0
    return SiteStats(len(sizes), mean / 1024, sizes.get(biggest, 0) / 1024, biggest, total / 1024 / 1024)


def baseline_config(docs: Path, site: Path, path: Path) -> Path:
    """A plain mkdocs-material configuration: no nav (so every page is listed), default features."""
    path.write_text(
        "site_name: 基准站点（完整导航）\n"
        f"docs_dir: {json.dumps(str(docs))}\n"
        f"site_dir: {json.dumps(str(site))}\n"
        "theme:\n  name: material\n  language: zh\n"
        "plugins:\n  - search\n"
        "markdown_extensions: [admonition, attr_list, md_in_html, tables, pymdownx.details, toc]\n",
        "utf-8")
    return path


def baseline(docs: Path, work: Path, timeout: float | None) -> tuple[Timed, SiteStats | None]:
    """Build the same generated Markdown with the full-navigation baseline."""
    site = work / "baseline-site"
    cfg = baseline_config(docs, site, work / "baseline-mkdocs.yml")
    run = timed([sys.executable, "-m", "mkdocs", "build", "--quiet", "-f", str(cfg)], timeout)
    stats = site_stats(site) if run.returncode == 0 and not run.timed_out else None
    shutil.rmtree(site, ignore_errors=True)
    return run, stats


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=2) as resp:
            return resp.read().decode("utf-8", "replace")
    except OSError:
        return None


def _stop_group(proc: subprocess.Popen) -> None:
    """Stop the process we started (and its children, same session): TERM, then KILL."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(proc.pid, sig)
            proc.wait(timeout=10)
            return
        except ProcessLookupError:
            proc.wait()
            return
        except subprocess.TimeoutExpired:
            continue


def live_preview(edits: int = 3, limit: float = 60.0, root: Path | None = None,
                 start_limit: float = 600.0) -> list[float]:
    """Seconds from saving one YAML edit until `kb serve` serves the changed page, on a copy of the repo
    (or on ``root``, e.g. a synthetic knowledge base, edited in place)."""
    work = Path(tempfile.mkdtemp(prefix="kb-bench-serve-"))
    if root is None:
        root = work / "repo"
        root.mkdir()
        for name in ("content", "rules", "overrides", "search", "schemas"):
            if (REPO / name).is_dir():
                shutil.copytree(REPO / name, root / name)
        shutil.copy2(REPO / "mkdocs.yml", root / "mkdocs.yml")
    problem = sorted((root / "content/problems").glob("*.yaml"))[0]
    config = root / "mkdocs.yml" if (root / "mkdocs.yml").is_file() else REPO / "mkdocs.yml"
    found = re.search(r"^site_url:\s*(\S+)", config.read_text("utf-8"), re.M)
    mount = urllib.parse.urlsplit(found.group(1)).path if found else "/"  # mkdocs serve mounts the site here
    page = f"{mount.strip('/')}/problems/{problem.stem}.html".lstrip("/")
    port = _free_port()
    log = open(work / "serve.log", "wb")
    proc = subprocess.Popen([str(KB), "--root", str(root), "serve", "--dev-addr", f"127.0.0.1:{port}"],
                            stdout=log, stderr=subprocess.STDOUT, env=ENV, start_new_session=True)
    results: list[float] = []
    try:
        deadline = time.monotonic() + start_limit
        while _get(f"http://127.0.0.1:{port}/{page}") is None:
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"kb serve did not start; see {work / 'serve.log'}")
            time.sleep(0.1)
        original = problem.read_text("utf-8")
        for n in range(1, edits + 1):
            marker = f"基准标记{n}"
            problem.write_text(re.sub(r"^title: (\"?)", lambda m: f"title: {m[1]}{marker}", original, count=1,
                                      flags=re.M), "utf-8")
            started = time.perf_counter()
            while True:
                body = _get(f"http://127.0.0.1:{port}/{page}") or ""
                if marker in body:
                    results.append(time.perf_counter() - started)
                    break
                if time.perf_counter() - started > limit:
                    results.append(float("inf"))
                    break
                time.sleep(0.02)
            time.sleep(1.0)  # let the watcher settle before the next edit
        problem.write_text(original, "utf-8")
    finally:
        _stop_group(proc)
        log.close()
    shutil.rmtree(work, ignore_errors=True)
    return results
