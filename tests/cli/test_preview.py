"""`kb serve`: one rebuild per edit, errors reported as file:line:col while the last good pages are
served, both stop signals clean up, and a build during a preview publishes no preview address."""

from __future__ import annotations

import json
import os
import signal
import time
from pathlib import Path

import pytest

from generator.model.kindspec import BY_KIND
from support import Preview, edit, run_kb

pytestmark = pytest.mark.slow  # live previews

PAGE = "causes/repeat-press.html"
CAUSE = "content/causes/repeat-press.yaml"
OLD_TITLE = "收银员重复操作"
NEW_TITLE = "收银员连按两次"
ERROR = (f"{CAUSE}:3:9: key 'status': expected one of verified, unverified, corrected, advice, got 'verifed'; hint: "
         "did you mean 'verified'?")


@pytest.fixture
def preview(small_kb: Path, tmp_path: Path):
    (tmp_path / "tmp").mkdir()
    running = Preview(small_kb, tmp_path / "serve.log", env={"TMPDIR": str(tmp_path / "tmp")})
    running.wait_for(PAGE, OLD_TITLE)
    yield running
    running.stop()


def errors_file(tmp_path: Path) -> Path:
    """The error list the preview writes into the site it serves (ProperDocs' folder in TMPDIR)."""
    [found] = (tmp_path / "tmp").glob("properdocs_*/kb-preview-errors.json")
    return found


def replace_text(path: Path, old: str, new: str, scratch: Path) -> None:
    """Save an edit as editors do, in one file-system event: a new file renamed over the old one (written in
    ``scratch``, outside the watched folders, on the same file system)."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture changed: {old!r} not in {path}"
    saved = scratch / path.name
    saved.write_text(text.replace(old, new, 1), encoding="utf-8")
    os.replace(saved, path)


def test_an_edit_rebuilds_once(preview: Preview, small_kb: Path, tmp_path: Path) -> None:
    """One save, one rebuild. A preview that rebuilt on its own output would write the site again right after
    the first rebuild (asked for while that one wrote), taking about as long: so the site is watched for three
    times as long as the first rebuild took (at least 4 s), a bound that grows with the machine's load. The save
    is one file-system event, so a correct preview has no reason to rebuild twice however slow it runs."""
    built = errors_file(tmp_path).with_name("sitemap.xml")  # rewritten at the end of every rebuild
    stamps = {built.stat().st_mtime_ns}
    started = time.monotonic()
    replace_text(small_kb / CAUSE, f"title: {OLD_TITLE}", f"title: {NEW_TITLE}", tmp_path)
    preview.wait_for(PAGE, NEW_TITLE)
    while len(stamps) < 2:  # the first rebuild has ended
        assert time.monotonic() < started + 120, preview.output()
        stamps.add(built.stat().st_mtime_ns)
        time.sleep(0.02)
    settle = time.monotonic() + max(4.0, 3 * (time.monotonic() - started))
    while time.monotonic() < settle:
        stamps.add(built.stat().st_mtime_ns)
        time.sleep(0.02)
    assert len(stamps) == 2, preview.output()


def test_a_content_error_is_printed_and_shown_while_the_last_good_pages_are_served(
        preview: Preview, small_kb: Path, tmp_path: Path) -> None:
    edit(small_kb / CAUSE, "status: unverified", "status: verifed")
    deadline = time.monotonic() + 120
    while ERROR not in preview.output().splitlines() and time.monotonic() < deadline:
        time.sleep(0.1)
    log = preview.output().splitlines()
    assert log[-3:] == [ERROR, "1 error(s), 0 warning(s) in 1 file(s)",
                        "the preview keeps showing the last version without errors, with these errors on every page"]
    for _ in range(3):  # every request is answered, with the last good page
        assert OLD_TITLE in (preview.get(PAGE, timeout=5) or "")
    assert json.loads(preview.wait_for("kb-preview-errors.json", "verifed")) == [ERROR]
    edit(small_kb / CAUSE, "status: verifed", "status: unverified")
    assert json.loads(preview.wait_for("kb-preview-errors.json", "[]")) == []
    assert preview.output().splitlines()[-1] == "fixed: the preview shows the new content again"


def test_the_search_index_answers_pasted_text_as_the_build_does(small_kb: Path, tmp_path: Path) -> None:
    """The preview's kb-search.json holds the table of pages answering pasted text (shape_answers), as a
    build's does: a scam message pasted into the search of `kb serve` puts the page for it first."""
    tip = small_kb / "content" / "prevention" / "keep-slips.yaml"
    tip.write_text(tip.read_text("utf-8") + "search_shape: scam\nsearch_note: 先看这一页\n", encoding="utf-8")
    (tmp_path / "tmp").mkdir()
    running = Preview(small_kb, tmp_path / "serve.log", env={"TMPDIR": str(tmp_path / "tmp")})
    try:
        settings = json.loads(running.wait_for("pagefind/kb-search.json", "scam"))
    finally:
        running.stop()
    assert settings["shapes"] == {"scam": {"url": "prevention/keep-slips.html", "title": "保留签购单",
                                           "kind": BY_KIND["prevention"].label, "note": "先看这一页"}}


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_both_stop_signals_clean_up(preview: Preview, small_kb: Path, tmp_path: Path, signum: int) -> None:
    assert list((tmp_path / "tmp").glob("properdocs_*"))
    assert preview.stop(signum) == 0
    assert list((tmp_path / "tmp").iterdir()) == []
    assert (small_kb / "build" / "kb-serve.lock").read_text() == ""
    assert "Traceback" not in preview.output()


def test_a_second_preview_of_the_same_root_is_refused(preview: Preview, small_kb: Path, tmp_path: Path) -> None:
    second = Preview(small_kb, tmp_path / "second.log")
    assert second.proc.wait(timeout=120) == 1
    assert second.output().splitlines() == [
        f"kb serve: {small_kb / 'build' / 'kb-serve.lock'}: another kb serve (pid {preview.proc.pid}) is running in "
        "this folder; hint: wait for it to finish (or stop it), then run kb serve again"]


def test_a_build_during_a_preview_publishes_no_preview_address(preview: Preview, small_kb: Path,
                                                                tmp_path: Path) -> None:
    edit(small_kb / CAUSE, f"title: {OLD_TITLE}", f"title: {NEW_TITLE}")
    preview.wait_for(PAGE, NEW_TITLE)  # the preview has regenerated its docs with its own address
    address = f"127.0.0.1:{preview.port}"
    assert any(address in p.read_text("utf-8") for p in (small_kb / "build" / "preview-docs").rglob("*.md"))
    site = tmp_path / "site"
    result = run_kb("--root", str(small_kb), "build", "--site-dir", str(site))
    assert result.returncode == 0, result.stderr
    published = [p for p in site.rglob("*") if p.is_file() and address.encode() in p.read_bytes()]
    assert published == []
    docs = [p for p in (small_kb / "build" / "docs").rglob("*.md") if address in p.read_text("utf-8")]
    assert docs == []
    checklist = (site / "checklists" / "charged-twice" / "cardholder" / "index.html").read_text("utf-8")
    assert ("在线版：<span class=\"kb-url\">https://pos-kb.github.io/pos-kb/checklists/charged-twice/cardholder/"
            "</span>") in checklist


@pytest.mark.parametrize("folder", ["content", "rules"])
def test_a_folder_deleted_and_restored_is_followed(preview: Preview, small_kb: Path, tmp_path: Path,
                                                   folder: str) -> None:
    message = (f"kb serve: {folder}/ is missing: the preview keeps the last version and rebuilds when it is back; "
               f"hint: restore the folder (e.g. 'git checkout -- {folder}')")
    (small_kb / folder).rename(tmp_path / "away")  # a branch switch or a mv
    deadline = time.monotonic() + 120
    while message not in preview.output().splitlines() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert preview.output().splitlines()[-2:] == [
        message, "the preview keeps showing the last version without errors, with these errors on every page"]
    assert json.loads(preview.wait_for("kb-preview-errors.json", "is missing")) == [message[len("kb serve: "):]]
    assert OLD_TITLE in (preview.get(PAGE) or "")
    (tmp_path / "away").rename(small_kb / folder)
    assert json.loads(preview.wait_for("kb-preview-errors.json", "[]")) == []
    assert preview.output().splitlines()[-1] == "fixed: the preview shows the new content again"
    edit(small_kb / CAUSE, f"title: {OLD_TITLE}", f"title: {NEW_TITLE}")  # the next edit is rebuilt
    preview.wait_for(PAGE, NEW_TITLE)
    assert "Traceback" not in preview.output()


def test_fifty_previews_each_end_on_the_first_sigterm(small_kb: Path, tmp_path: Path) -> None:
    """Stopped at different moments: while starting, while serving, right after a request."""
    import socket

    (tmp_path / "tmp").mkdir()
    for cycle in range(50):
        running = Preview(small_kb, tmp_path / f"serve-{cycle}.log", env={"TMPDIR": str(tmp_path / "tmp")})
        if cycle % 2:
            running.wait_for(PAGE, OLD_TITLE)
        elif cycle % 4 == 0:
            deadline = time.monotonic() + 120  # stopped once it has said where it serves (mid-start)
            while "serving the guide" not in running.output() and time.monotonic() < deadline:
                assert running.proc.poll() is None, running.output()
                time.sleep(0.02)
        running.proc.send_signal(signal.SIGTERM)  # once: a hang would fail the wait below
        code = running.proc.wait(timeout=30)
        assert code in (0, -signal.SIGTERM), running.output()  # -SIGTERM: stopped before Python's handler
        assert "Traceback" not in running.output()
        assert list((tmp_path / "tmp").iterdir()) == []
        with socket.socket() as again:  # the port is free
            again.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            again.bind(("127.0.0.1", running.port))
    lock = small_kb / "build" / "kb-serve.lock"
    assert not lock.exists() or lock.read_text() == ""
