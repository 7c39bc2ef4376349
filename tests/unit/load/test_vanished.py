"""A file or folder that disappears between listing and reading is a located message, not a traceback."""

from __future__ import annotations

import os
from pathlib import Path

from generator.load.files import read_text, walk

HINT = "hint: run the command again once nothing else is moving or deleting files there"


def test_a_file_that_vanished_after_the_listing(tmp_path: Path) -> None:
    text, diagnostics = read_text(tmp_path / "gone.yaml", "content/causes/gone.yaml")
    assert text is None
    assert [str(d) for d in diagnostics] == [
        "content/causes/gone.yaml:1:1: the file disappeared while it was being read: expected it to stay in place; "
        + HINT]


def test_a_folder_that_vanished_during_the_walk(tmp_path: Path) -> None:
    (tmp_path / "causes").mkdir()
    (tmp_path / "causes" / "a.yaml").write_text("id: a\n", encoding="utf-8")
    problems = []
    walked = []
    for entry, rel in walk(str(tmp_path), problems=problems, shown="content/"):
        walked.append(rel)
        if entry.is_dir():
            os.remove(os.path.join(entry.path, "a.yaml"))
            os.rmdir(entry.path)  # gone before the walk lists it
    assert walked == ["causes"]
    assert [str(d) for d in problems] == [
        f"content/causes:1:1: cannot read the folder: No such file or directory; {HINT}"]
