"""Bounds: lists and texts longer than the pages and checklists can hold are located errors in their
own file, with no knock-on errors in files nobody touched."""

from __future__ import annotations

from pathlib import Path

import pytest

from support import edit, run_kb, without_modelines

HINT = "hint: the pages show every entry: keep the most important ones, or split the item"


def errors(root: Path) -> list[str]:
    result = run_kb("--root", str(root), "check")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    return [line for line in without_modelines(result.stderr.splitlines()) if " error(s), " not in line]


def test_a_very_long_title_is_one_error_in_its_own_file(small_kb: Path) -> None:
    edit(small_kb / "content/causes/repeat-press.yaml", "title: 收银员重复操作", "title: " + "长" * 10_000)
    assert errors(small_kb) == ["content/causes/repeat-press.yaml:2:8: key 'title': expected at most 60 characters, "
                                "got 10000; hint: shorten it or split the item"]


@pytest.mark.slow  # a build
def test_more_symptoms_than_the_home_page_shows(small_kb: Path, tmp_path: Path) -> None:
    symptoms = "".join(f"  - 症状{n}\n" for n in range(1000))
    edit(small_kb / "content/problems/charged-twice.yaml", "  - 扣了两次\n  - 重复扣款\n", symptoms)
    assert errors(small_kb) == ["content/problems/charged-twice.yaml:8:3: key 'symptoms': expected at most 12 "
                                "entries, got 1000; hint: What the reader sees or says, in their own words. Shown on "
                                "the home page triage and searched."]
    build = run_kb("--root", str(small_kb), "build", "--site-dir", str(tmp_path / "site"))
    assert build.returncode == 1
    assert not (tmp_path / "site").exists()


def test_every_list_has_a_limit(small_kb: Path) -> None:
    signs = "".join(f"  - 迹象{n}\n" for n in range(31))
    edit(small_kb / "content/causes/repeat-press.yaml", "  - 两笔金额相同、时间相近\n", signs)
    assert errors(small_kb) == [f"content/causes/repeat-press.yaml:6:3: key 'signs': expected at most 30 entries, "
                                f"got 31; {HINT}"]
