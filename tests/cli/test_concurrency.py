"""Builds that overlap: one build at a time per root (a lock with the holder's pid, a stale lock
taken over), and a build publishes the content it read at its start, never half of an edit."""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

import pytest

import generator
from generator import pipeline
from support import FIXED_EPOCH, KB, edit, frozen, run_kb

pytestmark = pytest.mark.slow  # concurrent builds

OLD_TITLE = "收银员重复操作"
NEW_TITLE = "收银员连按两次确认键"


def html_with(site: Path, text: str) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html") if text in p.read_text("utf-8"))


def lock_holder(root: Path) -> str:
    lock = root / "build" / "kb-build.lock"
    return lock.read_text("ascii").strip() if lock.exists() else ""


def test_a_second_build_fails_while_one_runs_and_the_first_publishes_its_own_content(small_kb: Path,
                                                                                     tmp_path: Path) -> None:
    env = {**os.environ, "SOURCE_DATE_EPOCH": FIXED_EPOCH, "NO_COLOR": "1"}
    first = subprocess.Popen([str(KB), "--root", str(small_kb), "build", "--site-dir", str(tmp_path / "a")], env=env,
                             stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while lock_holder(small_kb) != str(first.pid) and time.monotonic() < deadline:
        time.sleep(0.01)
    with frozen(first):  # the first build holds the lock until the second has run: nothing races its end
        second = run_kb("--root", str(small_kb), "build", "--site-dir", str(tmp_path / "b"))
    _, first_err = first.communicate(timeout=600)
    assert second.returncode == 1
    assert second.stderr.splitlines() == [
        f"kb build: {small_kb / 'build' / 'kb-build.lock'}: another kb build (pid {first.pid}) is running in this "
        "folder; hint: wait for it to finish (or stop it), then run kb build again"]
    assert not (tmp_path / "b").exists()
    assert first.returncode == 0, first_err
    assert lock_holder(small_kb) == ""  # released
    again = run_kb("--root", str(small_kb), "build", "--site-dir", str(tmp_path / "b"))
    assert again.returncode == 0, again.stderr


def test_a_lock_left_by_a_killed_build_is_taken_over_with_a_message(small_kb: Path, tmp_path: Path) -> None:
    dead = subprocess.Popen(["true"])
    dead.wait()
    (small_kb / "build").mkdir()
    (small_kb / "build" / "kb-build.lock").write_text(f"{dead.pid}\n", encoding="ascii")
    result = run_kb("--root", str(small_kb), "build", "--site-dir", str(tmp_path / "site"))
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines() == [
        f"build/kb-build.lock:1:1: warning: took over the lock left by process {dead.pid}, which is no longer "
        "running: a build or preview was stopped before it could clean up; hint: nothing to do",
        "0 error(s), 1 warning(s) in 1 file(s)",
        f"built 8 items into {tmp_path / 'site'}"]
    assert lock_holder(small_kb) == ""


def test_an_edit_during_a_build_is_published_by_the_next_build_only(small_kb: Path, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    cause = small_kb / "content" / "causes" / "repeat-press.yaml"
    render = pipeline.render_pages

    def edit_then_render(*args):  # the contributor saves a new title after the build has read content/
        edit(cause, f"title: {OLD_TITLE}", f"title: {NEW_TITLE}")
        monkeypatch.setattr(pipeline, "render_pages", render)
        return render(*args)

    monkeypatch.setattr(pipeline, "render_pages", edit_then_render)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", FIXED_EPOCH)
    site = tmp_path / "site"
    generator.build(small_kb, site)
    old_pages = html_with(site, OLD_TITLE)
    assert len(old_pages) >= 3  # its own page, the pages linking to it, the index
    assert html_with(site, NEW_TITLE) == []
    generator.build(small_kb, site)
    assert html_with(site, OLD_TITLE) == []
    assert html_with(site, NEW_TITLE) == old_pages
