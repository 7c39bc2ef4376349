"""One pass per build: `kb build --strict` checks the content once, with every check, inside the build lock (a
warning fails the build before any site is written), and a build asks git once for what it shows."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

from generator import pipeline
from generator.cli import commands
from generator.cli.main import main
from support import FIXED_EPOCH, KB, run_kb


def with_modelines(root: Path) -> Path:
    """The small fixture without its only warnings (no file has its schema modeline)."""
    for path in sorted((root / "content").glob("*/*.yaml")):
        modeline = f"# yaml-language-server: $schema=../../schemas/{path.parent.name}.schema.json\n"
        path.write_text(modeline + path.read_text(encoding="utf-8"), encoding="utf-8")
    return root


def test_a_warning_fails_a_strict_build_before_any_site_is_written(small_kb: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    result = run_kb("--root", str(small_kb), "build", "--strict", "--site-dir", str(site))
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert lines[0] == ("content/articles/t001.yaml:1:1: warning: missing schema modeline: expected the first line "
                        "to be '# yaml-language-server: $schema=../../schemas/articles.schema.json'; hint: editors "
                        "use it to complete and check fields ('kb new' writes it)")
    assert len(lines) == 9 and sum("missing schema modeline" in line for line in lines) == 7  # each once
    assert lines[-2:] == ["0 error(s), 7 warning(s) in 7 file(s)", "failed: 7 warning(s) and --strict"]
    assert not site.exists()


@pytest.mark.slow  # a site build
def test_a_strict_build_checks_once_inside_the_lock(small_kb: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    with_modelines(small_kb)
    lock = small_kb / "build" / "kb-build.lock"
    calls = []
    real_check = pipeline.check

    def counted(root: Path, extra_checks: bool = True) -> pipeline.CheckResult:
        held = lock.exists() and lock.read_text(encoding="ascii").strip() == str(os.getpid())
        calls.append((extra_checks, held))
        return real_check(root, extra_checks)

    monkeypatch.setattr(pipeline, "check", counted)
    monkeypatch.setattr(commands, "check", counted)
    site = tmp_path / "site"
    assert main(["--root", str(small_kb), "build", "--strict", "--site-dir", str(site)]) == 0
    assert capsys.readouterr().err.splitlines() == [f"built 8 items into {site}"]
    assert calls == [(True, True)]  # once, with the warning-only checks, while this build holds the lock
    assert (site / "build-info.json").is_file()


@pytest.mark.slow  # a site build
def test_a_build_asks_git_once_for_each_thing_it_shows(small_kb: Path, tmp_path: Path) -> None:
    """A `git` first on PATH that logs its arguments, then runs the real one."""
    real_git = shutil.which("git")
    wrapper = tmp_path / "bin" / "git"
    wrapper.parent.mkdir()
    wrapper.write_text(f'#!/bin/sh\necho "$*" >> {tmp_path}/git.log\nexec {real_git} "$@"\n', encoding="utf-8")
    wrapper.chmod(wrapper.stat().st_mode | stat.S_IXUSR)
    base = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    for epoch in (FIXED_EPOCH, None):  # without SOURCE_DATE_EPOCH the build date is the last commit's
        (tmp_path / "git.log").unlink(missing_ok=True)
        env = {**base, "PATH": f"{wrapper.parent}:{os.environ['PATH']}", **({"SOURCE_DATE_EPOCH": epoch} if epoch else {})}
        result = subprocess.run([str(KB), "--root", str(small_kb), "build", "--site-dir", str(tmp_path / "site")],
                                env=env, capture_output=True, text=True, timeout=600, check=False)
        assert result.returncode == 0, result.stderr
        calls = (tmp_path / "git.log").read_text(encoding="utf-8").splitlines()
        dated = [] if epoch else ["log -1 --format=%ct"]
        assert calls == [*dated, "rev-parse --short=8 HEAD",
                         "-c core.quotepath=off log --format=%x00%ct --name-only --no-renames --relative -- content"]
