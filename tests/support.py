"""Helpers shared by the tests: where things are, running the real `kb` command, editing fixture copies.

Import them with ``from support import ...`` (tests/ is on pytest's pythonpath).
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
KB = Path(sys.executable).with_name("kb")
FIXED_EPOCH = "1700000000"
#: The site engines of `kb build --engine`; every whole-site and browser test runs against each.
ENGINES = ("properdocs", "zensical")


def default_signals() -> None:
    """For a `kb` the tests interrupt: Ctrl-C as a terminal delivers it. A test run started as a
    background job of a shell inherits SIGINT ignored, and Python then installs no handler for it,
    so the tests of what SIGINT does would test nothing (Popen's ``preexec_fn``)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


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


MAKE_VARIABLES = ("MAKELEVEL", "MAKEFLAGS", "MFLAGS", "MAKEOVERRIDES")
"""What a parent make passes down: under `make test`, a make run by a test would print "make[1]: Entering
directory" and inherit the parent's flags."""


def make_env() -> dict[str, str]:
    """This environment without the parent make's variables: a make a test runs behaves as one typed in a shell."""
    return {key: value for key, value in os.environ.items() if key not in MAKE_VARIABLES}


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


def long_label(i: int) -> str:
    """A 30-character checklist label, the longest the schema allows."""
    return ("核对交易记录和对账单并保存凭证" * 2)[:28] + f"{i:02d}"


def copy_rules(root: Path) -> Path:
    """The project's rules/ for a knowledge base other than the real one: without rules/said-once.yaml,
    whose exceptions name the real content's items."""
    return Path(shutil.copytree(REPO / "rules", root / "rules", ignore=shutil.ignore_patterns("said-once.yaml")))


def long_checklist_kb(root: Path, steps: int) -> Path:
    """The small fixture with one problem of ``steps`` steps whose labels use all 30 characters."""
    copy_tree(FIXTURES / "kb-small", root)
    copy_rules(root)
    remedies = root / "content/remedies"
    template = (remedies / "check-records.yaml").read_text(encoding="utf-8")
    ids = ["check-records"]
    for i in range(1, steps):
        label = long_label(i)
        (remedies / f"step-{i:02d}.yaml").write_text(
            template.replace("id: check-records", f"id: step-{i:02d}")
                    .replace("checklist_label: 核对交易记录", f"checklist_label: {label}"), encoding="utf-8")
        ids.append(f"step-{i:02d}")
    problem = root / "content/problems/charged-twice.yaml"
    problem.write_text(problem.read_text(encoding="utf-8").replace(
        "cardholder_steps: [check-records]", f"cardholder_steps: [{', '.join(ids)}]"), encoding="utf-8")
    return root


@contextmanager
def frozen(proc: subprocess.Popen):
    """``proc`` stopped (SIGSTOP) for the block and continued (SIGCONT) after it: what the block sees of it
    cannot change, so a test can signal it mid-way, or run something while it holds a lock, without racing
    its end. Signals sent in the block are delivered when it continues."""
    proc.send_signal(signal.SIGSTOP)
    try:
        yield proc
    finally:
        proc.send_signal(signal.SIGCONT)


def kb_check(root: Path, *extra: str) -> tuple[int, list[str]]:
    """`kb check` of a root: its exit code and stderr lines, without the modeline warnings; never a traceback."""
    result = run_kb("--root", str(root), "check", *extra)
    assert "Traceback" not in result.stderr, result.stderr
    return result.returncode, without_modelines(result.stderr.splitlines())


class Preview:
    """`kb serve` of a root on a free port, started in its own session; stop() ends it with a signal.

    Its stderr goes to ``log``; ``url(page)`` is a page's address; ``get(page)`` its body or None."""

    def __init__(self, root: Path, log: Path, env: dict | None = None):
        import socket

        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.log = log
        full_env = {**os.environ, "SOURCE_DATE_EPOCH": FIXED_EPOCH, "NO_COLOR": "1", **(env or {})}
        with open(log, "wb") as out:
            self.proc = subprocess.Popen([str(KB), "--root", str(root), "serve", "--dev-addr",
                                          f"127.0.0.1:{self.port}"], stdout=out, stderr=subprocess.STDOUT,
                                         env=full_env, start_new_session=True, preexec_fn=default_signals)

    def url(self, page: str = "") -> str:
        return f"http://127.0.0.1:{self.port}/pos-kb/{page}"

    def get(self, page: str = "", timeout: float = 5) -> str | None:
        import urllib.error
        import urllib.request

        try:
            with urllib.request.urlopen(self.url(page), timeout=timeout) as response:
                return response.read().decode("utf-8")
        except (urllib.error.URLError, OSError):
            return None

    def wait_for(self, page: str, text: str, limit: float = 120) -> str:
        """The page's body once it contains text; fails after ``limit`` seconds."""
        import time

        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            body = self.get(page)
            if body is not None and text in body:
                return body
            assert self.proc.poll() is None, self.output()
            time.sleep(0.1)
        raise AssertionError(f"{text!r} not on {page} after {limit} s; log:\n{self.output()}")

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def stop(self, signum: int | None = None) -> int:
        """Send signum (SIGTERM by default) and wait for the preview to exit; its exit code."""
        import signal

        if self.proc.poll() is None:
            self.proc.send_signal(signum or signal.SIGTERM)
        try:
            return self.proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
            raise


SMALL_TRIAGE = {
    "questions/start.yaml": "id: start\ntitle: 多扣了几次？\nanswers:\n  - label: 一次\n    question: when\n"
                            "  - label: 两次以上\n    outcome: many\nunsure:\n  help: 看银行短信里的扣款条数。\n"
                            "  outcome: unsure-count\n",
    "questions/when.yaml": "id: when\ntitle: 是今天吗？\nanswers:\n  - label: 是\n    outcome: today\n"
                           "  - label: 不是\n    outcome: earlier\nunsure:\n  help: 看短信的日期。\n"
                           "  outcome: unsure-day\n",
    "evidence/complaints.yaml": "id: complaints\ntitle: 投诉记录\nstatus: advice\nchecklist_label: 投诉日期和受理编号\n"
                                "description: 每次投诉的日期和对方给的受理编号。\nwhere: 打电话或到柜台投诉时记下。\n"
                                "sources:\n  - reference: slip-spec\n"
                                "blanks:\n  - {label: 投诉日期, kind: date}\n  - {label: 受理编号}\n",
    "outcomes/many.yaml": "id: many\ntitle: 被扣了好几次\nproblem: charged-twice\nrole: cardholder\n"
                          "shown_as: main\nsteps: [check-records]\nevidence: [slip, complaints]\n",
    "outcomes/unsure-count.yaml": "id: unsure-count\ntitle: 不知道扣了几次\nproblem: charged-twice\n"
                                  "role: cardholder\nsteps: [check-records]\nevidence: [slip, complaints]\n",
    "outcomes/today.yaml": "id: today\ntitle: 今天被多扣了一次\nproblem: charged-twice\nrole: cardholder\n"
                           "cause: repeat-press\nwarning: 先别再刷卡。\nknown: [today]\nsteps: [check-records]\nevidence: [slip, complaints]\n",
    "outcomes/earlier.yaml": "id: earlier\ntitle: 几天前被多扣了一次\nproblem: charged-twice\nrole: cardholder\n"
                             "known: [earlier]\nsteps: [check-records]\nevidence: [slip, complaints]\n",
    "outcomes/unsure-day.yaml": "id: unsure-day\ntitle: 不知道哪天被多扣\nproblem: charged-twice\nrole: cardholder\n"
                                "steps: [check-records]\nevidence: [slip, complaints]\n",
}
"""A small triage for the kb-small fixture: start -> when -> outcomes, every 不确定 path an outcome. The
situations own the steps, so ``add_triage`` takes the problem's own cardholder_steps out."""


def add_triage(root: Path) -> Path:
    """Write SMALL_TRIAGE (with schema modelines) into a copy of the kb-small fixture."""
    for rel, text in SMALL_TRIAGE.items():
        path = root / "content" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        kind = rel.split("/")[0]
        path.write_text(f"# yaml-language-server: $schema=../../schemas/{kind}.schema.json\n{text}", encoding="utf-8")
    problem = root / "content/problems/charged-twice.yaml"
    problem.write_text(problem.read_text(encoding="utf-8").replace("cardholder_steps: [check-records]\n", ""),
                       encoding="utf-8")
    return root


PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+?)(?:\s*;\s*(.+?))?\s*\\?$")
HASH = re.compile(r"^\s+--hash=sha256:[0-9a-f]{64}\s*\\?$")
VIA_PYPROJECT = re.compile(r"^\s+#\s+(?:via\s+)?pos-kb \(pyproject\.toml\)$")


def parse_lock(path: Path) -> dict[str, dict]:
    """Each pinned package of a uv-compiled lock: version, hash count, whether pyproject asks for it.
    A package pinned twice under markers (numpy for Python 3.11 and for 3.12+) is the pin whose marker
    this interpreter meets."""
    from packaging.markers import Marker

    pins: dict[str, dict] = {}
    current = None
    for line in path.read_text(encoding="utf-8").splitlines():
        match = PIN.match(line)
        if match:
            current = {"version": match.group(2), "marker": match.group(3), "hashes": 0, "direct": False}
            name = re.sub(r"[-_.]+", "-", match.group(1)).lower()
            if name not in pins or not match.group(3) or Marker(match.group(3)).evaluate():
                pins[name] = current
        elif current is not None and HASH.match(line):
            current["hashes"] += 1
        elif current is not None and VIA_PYPROJECT.match(line):
            current["direct"] = True
    return pins
