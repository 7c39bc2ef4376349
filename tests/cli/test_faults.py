"""File-system faults: each one is a message naming the path and what to do, exit 1, no traceback,
the previous site byte for byte and no temporary folder left.

Out-of-space and read-only cases mount a small tmpfs (root only); permission cases run `kb` as
the unprivileged user ``nobody`` (dropped to with setpriv, root only). Elsewhere they are skipped.
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from support import FIXED_EPOCH, KB, run_kb

pytestmark = pytest.mark.slow  # a build per fault

NOBODY = 65534
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
SETPRIV = shutil.which("setpriv")


def previous_site(site: Path) -> dict[str, bytes]:
    """Put a small 'previous site' at ``site`` (with the build-info.json of kb build, without which a
    build would refuse to replace it); return its files' bytes."""
    site.mkdir(parents=True)
    (site / "build-info.json").write_text('{"generator": {"name": "pos-kb", "version": "0"}}\n', encoding="utf-8")
    (site / "index.html").write_text("<p>旧版</p>\n", encoding="utf-8")
    (site / "assets").mkdir()
    (site / "assets" / "old.css").write_text("body{}\n", encoding="utf-8")
    return files_of(site)


def files_of(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def assert_clean_failure(result, message: str) -> None:
    assert result.returncode == 1, result.stderr
    assert message in result.stderr.splitlines(), result.stderr
    assert "Traceback" not in result.stderr


@pytest.fixture
def tmpfs(tmp_path: Path):
    """Mount a tmpfs of 1 MiB on a fresh folder (root only); unmounted afterwards."""
    if not IS_ROOT:
        pytest.skip("mounting a small tmpfs needs root")
    point = tmp_path / "small"
    point.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(point)], capture_output=True)
    if mounted.returncode:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    yield point
    subprocess.run(["umount", "-l", str(point)], check=False)


def fill(folder: Path) -> None:
    """Fill the file system holding folder to the last byte (unbuffered writes until ENOSPC)."""
    fd = os.open(folder / "filler", os.O_WRONLY | os.O_CREAT, 0o644)
    try:
        for size in (65536, 4096, 1):
            try:
                while True:
                    os.write(fd, b"\0" * size)
            except OSError as exc:
                assert exc.errno == errno.ENOSPC
    finally:
        os.close(fd)


@pytest.fixture
def world_tmp():
    """A folder that the unprivileged user can reach (pytest's tmp_path is private to root)."""
    folder = Path(tempfile.mkdtemp(prefix="kb-faults-"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def run_as_nobody(*args: str, cache: Path) -> subprocess.CompletedProcess:
    if not IS_ROOT or not SETPRIV:
        pytest.skip("dropping to an unprivileged user needs root and setpriv")
    env = {**os.environ, "SOURCE_DATE_EPOCH": FIXED_EPOCH, "NO_COLOR": "1", "HOME": "/nonexistent",
           "XDG_CACHE_HOME": str(cache)}
    return subprocess.run([SETPRIV, f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", "--",
                           str(KB), *args], env=env, capture_output=True, text=True, timeout=600, check=False)


# ------------------------------------------------------------------ content that cannot be read


def test_a_symlink_loop_among_content_files_is_located(small_kb: Path, tmp_path: Path) -> None:
    causes = small_kb / "content" / "causes"
    os.symlink("loop-b.yaml", causes / "loop-a.yaml")
    os.symlink("loop-a.yaml", causes / "loop-b.yaml")
    hint = "symbolic link loop: expected a regular file; hint: replace the link with the file it should point to"
    check = run_kb("--root", str(small_kb), "check")
    assert_clean_failure(check, f"content/causes/loop-a.yaml:1:1: {hint}")
    assert f"content/causes/loop-b.yaml:1:1: {hint}" in check.stderr.splitlines()
    site = tmp_path / "site"
    before = previous_site(site)
    build = run_kb("--root", str(small_kb), "build", "--site-dir", str(site))
    assert_clean_failure(build, f"content/causes/loop-a.yaml:1:1: {hint}")
    assert files_of(site) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kb", "site"]


def test_an_unreadable_content_folder_is_named(small_kb: Path, world_tmp: Path) -> None:
    root = shutil.copytree(small_kb, world_tmp / "kb")
    os.chmod(root / "content" / "remedies", 0o000)
    result = run_as_nobody("--root", str(root), "check", cache=world_tmp / "cache")
    assert_clean_failure(result, "content/remedies:1:1: cannot read the folder: Permission denied; hint: make it "
                                 "readable by the user running kb (e.g. chmod a+rx)")


# ------------------------------------------------------------------ places the site cannot be written to


def test_a_site_folder_without_write_permission(small_kb: Path, world_tmp: Path) -> None:
    root = shutil.copytree(small_kb, world_tmp / "kb")
    subprocess.run(["chown", "-R", f"{NOBODY}:{NOBODY}", str(root)], check=True)
    public = world_tmp / "public"  # owned by root, mode 0755: nobody may not create anything in it
    before = previous_site(public / "site")
    result = run_as_nobody("--root", str(root), "build", "--site-dir", str(public / "site"), cache=world_tmp / "c")
    assert_clean_failure(result, f"kb build: {public}: cannot make a temporary folder for the site: permission "
                                 "denied; hint: check the owner and permissions of the path and its folder, or use "
                                 "another place (--site-dir DIR for the site)")
    assert files_of(public / "site") == before
    assert sorted(p.name for p in public.iterdir()) == ["site"]


def test_a_read_only_file_system(small_kb: Path, tmpfs: Path) -> None:
    before = previous_site(tmpfs / "site")
    subprocess.run(["mount", "-o", "remount,ro", str(tmpfs)], check=True)
    result = run_kb("--root", str(small_kb), "build", "--site-dir", str(tmpfs / "site"))
    assert_clean_failure(result, f"kb build: {tmpfs}: cannot make a temporary folder for the site: the file system "
                                 "is read-only; hint: use a writable place (--site-dir DIR for the site)")
    assert files_of(tmpfs / "site") == before


def test_no_space_left_for_the_site(small_kb: Path, tmpfs: Path) -> None:
    before = previous_site(tmpfs / "site")
    result = run_kb("--root", str(small_kb), "build", "--site-dir", str(tmpfs / "site"))
    assert_clean_failure(result, f"kb build: {tmpfs / 'site'}: cannot write the site: no space left on the device; "
                                 "hint: free some disk space (or build elsewhere with --site-dir DIR), then run the "
                                 "command again")
    assert files_of(tmpfs / "site") == before
    assert sorted(p.name for p in tmpfs.iterdir()) == ["site"]


def test_no_space_left_for_the_generated_pages(small_kb: Path, tmpfs: Path, tmp_path: Path) -> None:
    docs = small_kb / "build" / "docs"
    docs.mkdir(parents=True)
    subprocess.run(["mount", "--bind", str(tmpfs), str(docs)], check=True)
    try:
        fill(docs)
        site = tmp_path / "out" / "site"
        before = previous_site(site)
        result = run_kb("--root", str(small_kb), "build", "--site-dir", str(site))
    finally:
        subprocess.run(["umount", "-l", str(docs)], check=False)
    assert_clean_failure(result, f"kb build: {small_kb / 'build' / 'docs'}: cannot write the generated pages: no "
                                 "space left on the device; hint: free some disk space (or build elsewhere with "
                                 "--site-dir DIR), then run the command again")
    assert files_of(site) == before
    assert sorted(p.name for p in site.parent.iterdir()) == ["site"]


def test_a_site_path_too_long(small_kb: Path, tmp_path: Path) -> None:
    site = tmp_path / ("长" * 100) / "site"  # 300 bytes: more than a file name may have
    result = run_kb("--root", str(small_kb), "build", "--site-dir", str(site))
    assert_clean_failure(result, f"kb build: {site.parent}: cannot make a temporary folder for the site: the path "
                                 "is too long; hint: use a shorter folder or file name")


# ------------------------------------------------------------------ what a build publishes


@pytest.mark.parametrize("umask, folders, files", [(0o022, 0o755, 0o644), (0o027, 0o750, 0o640)])
def test_the_site_has_normal_permissions(small_kb: Path, tmp_path: Path, umask: int, folders: int,
                                         files: int) -> None:
    site = tmp_path / "site"
    env = {**os.environ, "SOURCE_DATE_EPOCH": FIXED_EPOCH, "NO_COLOR": "1"}
    proc = subprocess.run([str(KB), "--root", str(small_kb), "build", "--site-dir", str(site)], env=env,
                          capture_output=True, text=True, timeout=600, preexec_fn=lambda: os.umask(umask))
    assert proc.returncode == 0, proc.stderr
    modes = {p.stat().st_mode & 0o777 for p in [site, *site.rglob("*")] if p.is_dir()}
    assert modes == {folders}
    assert {p.stat().st_mode & 0o777 for p in site.rglob("*") if p.is_file()} == {files}


def test_caches_live_in_the_users_cache_folder(small_kb: Path, tmp_path: Path) -> None:
    (tmp_path / "tmp").mkdir()
    result = run_kb("--root", str(small_kb), "build", "--site-dir", str(tmp_path / "site"),
                    env={"XDG_CACHE_HOME": str(tmp_path / "cache"), "TMPDIR": str(tmp_path / "tmp")})
    assert result.returncode == 0, result.stderr
    assert list((tmp_path / "tmp").iterdir()) == []  # nothing left in the shared temporary folder
    assert list((tmp_path / "cache" / "pos-kb" / "jinja").iterdir())  # the compiled page templates


# ------------------------------------------------------------------ one error per fault


def test_an_oversized_problem_is_one_error(small_kb: Path) -> None:
    """The problem is the only file that links the tips, stages and causes: while it cannot be read,
    they are not reported as 'not referenced'."""
    problem = small_kb / "content" / "problems" / "charged-twice.yaml"
    problem.write_text(problem.read_text(encoding="utf-8") + "# 填充\n" * 8000, encoding="utf-8")
    size = problem.stat().st_size
    result = run_kb("--root", str(small_kb), "check")
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if ": warning: " not in line]
    assert errors == [f"content/problems/charged-twice.yaml:1:1: file is too large: expected at most 65536 bytes, "
                      f"got {size}; hint: split the item", "1 error(s), 7 warning(s) in 8 file(s)"]


def test_an_unreadable_question_is_one_error(small_kb: Path, world_tmp: Path) -> None:
    from support import add_triage

    root = add_triage(shutil.copytree(small_kb, world_tmp / "kb"))
    os.chmod(root / "content" / "questions" / "when.yaml", 0o000)
    result = run_as_nobody("--root", str(root), "check", cache=world_tmp / "cache")
    errors = [line for line in result.stderr.splitlines() if ": warning: " not in line]
    assert errors[:-1] == ["content/questions/when.yaml:1:1: cannot read the file: Permission denied; hint: make it "
                           "readable by the user running kb (e.g. chmod a+r)"]
