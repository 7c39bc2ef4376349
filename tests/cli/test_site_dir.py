"""`kb build --site-dir DIR` replaces only a folder it wrote: absent, empty, or an earlier site with
its build-info.json. Anything else is refused before any work and left byte for byte, and a
command run from the wrong folder writes nothing at all."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from support import run_kb

HINT = "hint: pass --site-dir a new folder (or delete this one yourself if you mean to replace it)"


def state(folder: Path) -> dict[str, object]:
    """Every entry below folder: a file's bytes, a folder's mode, a link's target."""
    found: dict[str, object] = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        found[rel] = (os.readlink(path) if path.is_symlink() else path.read_bytes() if path.is_file()
                      else path.stat().st_mode)
    return found


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True,
                   env={**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
                        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"})


def refused(result, folder: Path, reason: str) -> None:
    assert result.returncode == 1, result.stderr
    assert result.stderr.splitlines() == [f"kb build: {folder}: refusing to replace this folder: {reason}; {HINT}"]


@pytest.mark.parametrize("name, reason", [
    ("content", "it is the project's content/ folder"),
    ("rules", "it is the project's rules/ folder"),
    ("content/causes", "it is inside the project's content/ folder"),
])
def test_the_roots_own_folders_are_refused(small_kb: Path, name: str, reason: str) -> None:
    before = state(small_kb)
    refused(run_kb("--root", str(small_kb), "build", "--site-dir", str(small_kb / name)), small_kb / name, reason)
    assert state(small_kb) == before  # not even build/ or a lock


def test_build_is_refused(small_kb: Path) -> None:
    (small_kb / "build" / "docs").mkdir(parents=True)
    (small_kb / "build" / "docs" / "index.md").write_text("# 旧\n", encoding="utf-8")
    before = state(small_kb)
    refused(run_kb("--root", str(small_kb), "build", "--site-dir", str(small_kb / "build")), small_kb / "build",
            "it is the project's build/ folder")
    assert state(small_kb) == before


def test_the_checkout_itself_is_refused_with_its_uncommitted_edit(small_kb: Path) -> None:
    git(small_kb, "init", "-q")
    git(small_kb, "add", "-A")
    git(small_kb, "commit", "-qm", "start")
    (small_kb / "content" / "causes" / "repeat-press.yaml").write_text("id: repeat-press\n# 未提交的修改\n",
                                                                       encoding="utf-8")
    before = state(small_kb)
    refused(run_kb("build", "--site-dir", ".", cwd=small_kb), small_kb, "it is the project root")
    refused(run_kb("--root", str(small_kb), "build", "--site-dir", str(small_kb.parent)), small_kb.parent,
            "it contains the project root")
    assert state(small_kb) == before


def notes(site: Path) -> None:
    site.mkdir()
    (site / "todo.txt").write_text("买打印纸\n", encoding="utf-8")


def a_file(site: Path) -> None:
    site.write_text("不是文件夹\n", encoding="utf-8")


def another_tools_site(site: Path) -> None:
    site.mkdir()
    (site / "build-info.json").write_text('{"generator": {"name": "other-tool"}}\n', encoding="utf-8")


NOT_OURS = "it is not a site written by kb build (it has no build-info.json from kb build)"


@pytest.mark.parametrize("make, reason", [(notes, NOT_OURS), (a_file, "it is not a folder"),
                                          (another_tools_site, NOT_OURS)], ids=["notes", "file", "other-tool"])
def test_a_folder_kb_did_not_write_is_refused(small_kb: Path, tmp_path: Path, make, reason: str) -> None:
    site = tmp_path / "site"
    make(site)
    before = state(tmp_path)
    refused(run_kb("--root", str(small_kb), "build", "--site-dir", str(site)), site, reason)
    assert state(tmp_path) == before


@pytest.mark.slow  # two builds
def test_an_earlier_site_is_replaced_but_not_one_holding_a_repository(small_kb: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()  # an empty folder is taken
    for _ in range(2):  # then the site it wrote
        result = run_kb("--root", str(small_kb), "build", "--site-dir", str(site))
        assert result.returncode == 0, result.stderr
        assert result.stderr.splitlines()[-1] == f"built 8 items into {site}"
    git(site, "init", "-q")  # e.g. a checkout of the published branch
    before = state(tmp_path)
    refused(run_kb("--root", str(small_kb), "build", "--site-dir", str(site)), site,
            "it holds a .git folder (a repository)")
    assert state(tmp_path) == before


@pytest.mark.parametrize("command", [["build"], ["serve", "--dev-addr", "127.0.0.1:1"], ["check"]])
@pytest.mark.slow  # the whole checkout copied per command
def test_a_command_run_in_a_subfolder_writes_nothing(small_kb: Path, command: list[str]) -> None:
    before = state(small_kb)
    result = run_kb(*command, cwd=small_kb / "content")
    assert result.returncode == 1
    assert "content:1:1: folder not found: expected content/ under the root; hint: pass --root DIR" in \
        result.stderr.splitlines()
    assert "Traceback" not in result.stderr
    assert state(small_kb) == before
    again = run_kb("--root", str(small_kb), "check")  # the root is as clean as before
    assert "kb-build.lock" not in again.stderr
