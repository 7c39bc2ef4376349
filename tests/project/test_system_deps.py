"""`make test` sets up the system packages it needs, or stops before any test with the one command to run.

tools/system-deps.sh runs with PATH reduced to a folder of stub commands: `id` says who runs it,
`sudo` grants or refuses, `apt-get` records its arguments (and, asked to install, puts stub
chromium, pdftoppm, node, npm and fc-list in the folder, as the real packages would). Nothing is
installed for real.
"""

from __future__ import annotations

import shutil
import stat
import subprocess
from pathlib import Path

import pytest

from support import REPO, make_env

MAKE = shutil.which("make")
EVERYTHING = "chromium poppler-utils fonts-noto-cjk nodejs npm"
INSTALLED = {"chromium": "", "pdftoppm": "", "node": "", "npm": "",
             "fc-list": 'echo "Noto Sans CJK SC,Noto Sans CJK SC Regular"'}


def stub(folder: Path, name: str, body: str = "") -> None:
    path = folder / name
    path.write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The Makefile and tools/ of a fresh clone, with no .venv/ and no node_modules/."""
    root = tmp_path / "clone"
    (root / "tools").mkdir(parents=True)
    shutil.copy2(REPO / "Makefile", root / "Makefile")
    shutil.copy2(REPO / "tools" / "system-deps.sh", root / "tools" / "system-deps.sh")
    return root


@pytest.fixture
def bin_dir(tmp_path: Path) -> Path:
    """The only folder on PATH: apt-get logs to apt.log and installs stubs of what the packages provide."""
    folder = tmp_path / "bin"
    folder.mkdir()
    installs = "\n".join(f"printf '#!/bin/sh\\n{body}\\n' > {folder}/{name}; /bin/chmod +x {folder}/{name}"
                         for name, body in INSTALLED.items())
    stub(folder, "apt-get", f'echo "$*" >> {tmp_path}/apt.log\nif [ "$1" = install ]; then\n{installs}\nfi')
    return folder


def run(command: list[str], cwd: Path, bin_dir: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=cwd, env={"PATH": str(bin_dir), "LANG": "C.UTF-8"},
                          capture_output=True, text=True, timeout=60, check=False)


def apt_log(bin_dir: Path) -> list[str]:
    log = bin_dir.parent / "apt.log"
    return log.read_text(encoding="utf-8").splitlines() if log.exists() else []


def test_make_test_without_root_stops_before_any_test_with_the_install_command(project: Path, bin_dir: Path) -> None:
    stub(bin_dir, "id", "echo 1000")
    stub(bin_dir, "sudo", "echo 'sudo: a password is required' >&2; exit 1")
    stub(bin_dir, "chromium")  # present: not in the command
    result = run([MAKE, "test"], project, bin_dir)
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[0] == ("error: the tests need system packages that are missing: poppler-utils fonts-noto-cjk "
                        "nodejs npm; run `sudo apt-get update && sudo apt-get install -y --no-install-recommends "
                        "poppler-utils fonts-noto-cjk nodejs npm` (or run `make test` as root), then run "
                        "`make test` again")
    assert len(lines) == 2 and "system-deps" in lines[1]  # make's own "*** [Makefile:N: system-deps] Error 1"
    assert apt_log(bin_dir) == []
    assert sorted(p.name for p in project.iterdir()) == ["Makefile", "tools"]  # no .venv/, no node_modules/


def test_as_root_the_missing_packages_are_installed(project: Path, bin_dir: Path) -> None:
    stub(bin_dir, "id", "echo 0")
    result = run([MAKE, "system-deps"], project, bin_dir)
    assert (result.returncode, result.stdout) == (0, "")
    assert result.stderr == f"installing the system packages the tests need: {EVERYTHING}\n"
    assert apt_log(bin_dir) == ["update -qq", f"install -y -qq --no-install-recommends {EVERYTHING}"]


def test_with_passwordless_sudo_the_missing_packages_are_installed_through_it(project: Path, bin_dir: Path) -> None:
    stub(bin_dir, "id", "echo 1000")
    stub(bin_dir, "sudo", f'echo "sudo $*" >> {bin_dir.parent}/sudo.log\n[ "$1" = -n ] && shift\nexec /usr/bin/env PATH="$PATH:/bin" "$@"')
    for name in ("node", "npm", "pdftoppm"):
        stub(bin_dir, name)
    result = run(["tools/system-deps.sh"], project, bin_dir)
    assert (result.returncode, result.stdout) == (0, "")
    assert result.stderr == "installing the system packages the tests need: chromium fonts-noto-cjk\n"
    assert (bin_dir.parent / "sudo.log").read_text(encoding="utf-8").splitlines() == [
        "sudo -n true",
        "sudo -n DEBIAN_FRONTEND=noninteractive apt-get update -qq",
        "sudo -n DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-noto-cjk",
    ]


def test_when_everything_is_there_nothing_is_installed_or_printed(project: Path, bin_dir: Path) -> None:
    stub(bin_dir, "id", "echo 1000")
    for name, body in INSTALLED.items():
        stub(bin_dir, name, body)
    result = run(["tools/system-deps.sh"], project, bin_dir)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    assert apt_log(bin_dir) == []


def test_an_install_that_does_not_provide_the_commands_is_an_error(project: Path, bin_dir: Path) -> None:
    stub(bin_dir, "id", "echo 0")
    stub(bin_dir, "apt-get", "exit 0")  # "succeeds" and installs nothing
    result = run(["tools/system-deps.sh"], project, bin_dir)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [f"installing the system packages the tests need: {EVERYTHING}",
                                          f"error: still missing after apt-get install: {EVERYTHING}"]


def test_without_apt_get_the_message_names_the_debian_packages(project: Path, bin_dir: Path) -> None:
    (bin_dir / "apt-get").unlink()
    stub(bin_dir, "id", "echo 0")
    result = run(["tools/system-deps.sh"], project, bin_dir)
    assert result.returncode == 1
    assert result.stderr == (f"error: the tests need these system packages (Debian names): {EVERYTHING}; apt-get "
                             "is missing here: install them with this system's package manager, then run "
                             "`make test` again\n")


def test_ci_and_make_test_share_the_script() -> None:
    assert "tools/system-deps.sh\n" in (REPO / ".ci" / "run").read_text(encoding="utf-8")
    dry = subprocess.run([MAKE, "-n", "test"], cwd=REPO, capture_output=True, text=True, timeout=60, check=True,
                         env=make_env())
    assert dry.stdout.splitlines()[0] == "tools/system-deps.sh"
