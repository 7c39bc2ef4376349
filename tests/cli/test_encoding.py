"""A stdout that cannot take UTF-8 (PYTHONIOENCODING=ascii, a POSIX locale without UTF-8 coercion):
JSON comes out with ASCII escapes, the other formats with backslash escapes that keep
``path:line:col`` intact, and nothing raises."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from support import edit, run_kb, without_modelines

ASCII = {"PYTHONIOENCODING": "ascii"}
STATUS = ("key 'status': expected one of verified, unverified, corrected, advice, got '已验证'; hint: The status of "
          "the item's own text")


@pytest.fixture
def broken(small_kb: Path) -> Path:
    """An error whose message quotes Chinese, and a file whose path is Chinese."""
    edit(small_kb / "content" / "causes" / "repeat-press.yaml", "status: unverified", "status: 已验证")
    (small_kb / "content" / "原因").mkdir()
    (small_kb / "content" / "原因" / "x.yaml").write_text("id: x\n", encoding="utf-8")
    return small_kb


def escaped(text: str) -> str:
    return text.encode("ascii", "backslashreplace").decode("ascii")


def test_json_is_ascii_with_json_escapes(broken: Path) -> None:
    result = run_kb("--root", str(broken), "check", "--format", "json", env=ASCII)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stdout.isascii()
    assert "\\u5df2\\u9a8c\\u8bc1" in result.stdout
    same = run_kb("--root", str(broken), "check", "--format", "json")
    assert not same.stdout.isascii()
    assert json.loads(result.stdout) == json.loads(same.stdout)


def test_github_and_human_keep_the_location(broken: Path) -> None:
    utf8 = run_kb("--root", str(broken), "check", "--format", "github")
    result = run_kb("--root", str(broken), "check", "--format", "github", env=ASCII)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stdout == escaped(utf8.stdout)
    lines = without_modelines(result.stdout.splitlines())
    assert lines[0].startswith("::error file=content/causes/repeat-press.yaml,line=3,col=9,title=schema::key "
                               "'status': expected one of verified, unverified, corrected, advice, got "
                               "'\\u5df2\\u9a8c\\u8bc1'; hint: ")
    assert lines[1].startswith("::error file=content/\\u539f\\u56e0/x.yaml,line=1,col=1,title=layout::file is not "
                               "in a known folder")
    human = run_kb("--root", str(broken), "check", env=ASCII)
    assert human.returncode == 1 and "Traceback" not in human.stderr
    assert any(line.startswith(f"content/causes/repeat-press.yaml:3:9: {escaped(STATUS)}")
               for line in human.stderr.splitlines())
    assert any(line.startswith("content/\\u539f\\u56e0/x.yaml:1:1: file is not in a known folder")
               for line in human.stderr.splitlines())


@pytest.mark.slow  # cleans a whole article
@pytest.mark.parametrize("options", [[], ["--json"], ["--report"]])
def test_clean_an_article(small_kb: Path, options: list[str]) -> None:
    article = str(small_kb / "content" / "articles" / "t001.txt")
    utf8 = run_kb("--root", str(small_kb), "clean", *options, article)
    result = run_kb("--root", str(small_kb), "clean", *options, article, env=ASCII)
    assert result.returncode == utf8.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout.isascii() and not utf8.stdout.isascii()
    if options == ["--json"]:
        assert json.loads(result.stdout) == json.loads(utf8.stdout)
    else:
        assert result.stdout == escaped(utf8.stdout)
