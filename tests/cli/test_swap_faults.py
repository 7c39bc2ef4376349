"""A build killed at any step of publishing its site: the next command starts with a complete site.

Fault injection, not timing: `kb` runs with its file-system steps of the swap (the exchange, each
rename, the deletion of the old copy) wrapped so that step N sends SIGKILL to the process itself,
once with the kernel's atomic exchange and once with the two-rename fallback (a file system
without RENAME_EXCHANGE). The next `kb build` then fails on a content error, after its start:
what it left shows what the start did. The site must be exactly the previous or the new one,
nothing else may be left beside it, and no complete copy may be deleted while it is the last.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from support import FIXED_EPOCH, FIXTURES, copy_rules, copy_tree, edit, run_kb

pytestmark = pytest.mark.slow  # two builds per step of the swap

DRIVER = r"""
import os, shutil, signal, sys
from generator.output import atomic
from generator.cli.main import main

kill_at = int(os.environ.get("KB_KILL_AT", "0"))
count = 0

def step(name, function, half=False):
    def run(*args, **kwargs):
        global count
        count += 1
        os.write(2, f"step {count}: {name}\n".encode())
        if count == kill_at:
            if half:  # deleting a folder: half of its files go, then the process dies
                files = sorted(p for p in __import__("pathlib").Path(args[0]).rglob("*") if p.is_file())
                for path in files[: len(files) // 2]:
                    path.unlink()
            os.kill(os.getpid(), signal.SIGKILL)
        return function(*args, **kwargs)
    return run

class Proxy:
    def __init__(self, module, **steps):
        self.module, self.steps = module, steps
    def __getattr__(self, name):
        return self.steps.get(name) or getattr(self.module, name)

atomic.os = Proxy(os, replace=step("rename", os.replace), unlink=step("unlink marker", os.unlink))
atomic.shutil = Proxy(shutil, rmtree=step("delete folder", shutil.rmtree, half=True))
if os.environ.get("KB_NO_EXCHANGE"):
    atomic.exchange = lambda first, second: False
else:
    atomic.exchange = step("exchange", atomic.exchange)
sys.exit(main(sys.argv[1:]))
"""


def snapshot(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


def kb_killed_at(step: int, root: Path, site: Path, fallback: bool) -> subprocess.CompletedProcess:
    """`kb build` that kills itself at its step-th swap step (0: never)."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": FIXED_EPOCH, "NO_COLOR": "1", "KB_KILL_AT": str(step)}
    if fallback:
        env["KB_NO_EXCHANGE"] = "1"
    return subprocess.run([sys.executable, "-c", DRIVER, "--root", str(root), "build", "--site-dir", str(site)],
                          env=env, capture_output=True, text=True, timeout=600, check=False)


def steps_of(run: subprocess.CompletedProcess) -> list[str]:
    return [line.split(": ", 1)[1] for line in run.stderr.splitlines() if line.startswith("step ")]


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small knowledge base built once: what every build of it publishes."""
    root = copy_tree(FIXTURES / "kb-small", tmp_path_factory.mktemp("swap") / "kb")
    copy_rules(root)
    site = root.parent / "site"
    first = run_kb("--root", str(root), "build", "--site-dir", str(site))
    assert first.returncode == 0, first.stderr
    return site


@pytest.fixture
def sites(pristine: Path, tmp_path: Path) -> tuple[Path, dict, dict]:
    """A previous site at tmp_path/out/site (a build, with one extra file) and the new site's files."""
    site = shutil.copytree(pristine, tmp_path / "out" / "site")
    new = snapshot(site)
    (site / "previous.txt").write_text("the previous site\n", encoding="utf-8")
    return site, snapshot(site), new


SWAPS = {
    False: ["exchange", "unlink marker", "delete folder"],
    True: ["rename", "rename", "unlink marker", "delete folder"],
}
EXPECTED = {  # the site the next command starts with, after a kill at each step
    False: ["previous", "new", "new"],
    True: ["previous", "new, put back", "new", "new"],
}


def start_next_command(root: Path, site: Path):
    """The next `kb build` (failing on a content error after its start)."""
    cause = root / "content" / "causes" / "repeat-press.yaml"
    edit(cause, "status: unverified", "status: verifed")
    try:
        return run_kb("--root", str(root), "build", "--site-dir", str(site))
    finally:
        edit(cause, "status: verifed", "status: unverified")


@pytest.mark.parametrize("fallback", [False, True], ids=["exchange", "two-renames"])
def test_the_swap_steps_are_the_ones_injected(small_kb: Path, sites, fallback: bool) -> None:
    site, _previous, new = sites
    run = kb_killed_at(0, small_kb, site, fallback)
    assert run.returncode == 0, run.stderr
    assert steps_of(run) == SWAPS[fallback]
    assert snapshot(site) == new
    assert sorted(p.name for p in site.parent.iterdir()) == ["site"]


@pytest.mark.parametrize("fallback, step", [(False, n) for n in (1, 2, 3)] + [(True, n) for n in (1, 2, 3, 4)],
                         ids=lambda v: str(v))
def test_a_build_killed_at_each_swap_step_leaves_a_complete_site(small_kb: Path, sites, fallback: bool,
                                                                 step: int) -> None:
    site, previous, new = sites
    killed = kb_killed_at(step, small_kb, site, fallback)
    assert killed.returncode == -9, killed.stderr
    assert steps_of(killed)[-1] == SWAPS[fallback][step - 1]
    expected = EXPECTED[fallback][step - 1]
    if expected == "new, put back":  # the only instant without site/: both complete copies are beside it
        assert not site.exists()
        assert len(list(site.parent.iterdir())) == 2
    after = start_next_command(small_kb, site)
    assert after.returncode == 1
    assert "Traceback" not in after.stderr
    assert snapshot(site) == (previous if expected == "previous" else new)
    assert sorted(p.name for p in site.parent.iterdir()) == ["site"]
    put_back = [line for line in after.stderr.splitlines() if "put back" in line]
    if expected == "new, put back":
        [line] = put_back
        assert line.startswith(f"{site}:1:1: warning: the folder was missing after an interrupted build: put back "
                               f"the complete site left in .site.tmp-")
        assert line.endswith("; hint: nothing to do")
    else:
        assert put_back == []


@pytest.mark.parametrize("step", [1, 2, 3])
def test_a_start_killed_while_it_puts_the_site_back_loses_nothing(small_kb: Path, sites, step: int) -> None:
    """The build killed between the two renames, then the next one killed at each step of its start
    (putting the new copy back, deleting the old one): the one after that starts with the new site."""
    site, _previous, new = sites
    assert kb_killed_at(2, small_kb, site, fallback=True).returncode == -9
    cause = small_kb / "content" / "causes" / "repeat-press.yaml"
    edit(cause, "status: unverified", "status: verifed")  # the second command is killed at its start
    second = kb_killed_at(step, small_kb, site, fallback=True)
    edit(cause, "status: verifed", "status: unverified")
    assert second.returncode == -9, second.stderr
    assert steps_of(second)[-1] == ["rename", "unlink marker", "delete folder"][step - 1]
    after = start_next_command(small_kb, site)
    assert after.returncode == 1
    assert snapshot(site) == new
    assert sorted(p.name for p in site.parent.iterdir()) == ["site"]
