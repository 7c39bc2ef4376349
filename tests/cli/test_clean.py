"""`kb clean ARTICLE...`: the cleaned text, the removal report, JSON, and exact messages for bad input."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from support import REPO as ROOT
from generator.cli import main
from generator.rules.cleaner import clean_article
from generator.rules.loader import load_rules
from generator.rules.model import RuleSet


def kb(*argv: str) -> int:
    """Run `kb` in this process (capsys sees its output): the same parser and printing as the command."""
    return main(list(argv))


@pytest.fixture(scope="module")
def rules() -> RuleSet:
    loaded, diagnostics = load_rules(ROOT)
    assert diagnostics == []
    return loaded


def test_kb_clean_prints_the_cleaned_article(rules, capsys):
    path = ROOT / "content/articles/a002.txt"
    assert kb("clean", "--root", str(ROOT), str(path)) == 0
    out, err = capsys.readouterr()
    assert out == clean_article(path.read_text(), rules).text
    assert err == ""


def test_kb_clean_report_lists_rule_line_and_text(capsys):
    path = ROOT / "tests/fixtures/articles/strange-merchant-name.txt"
    assert kb("clean", "--report", "--root", str(ROOT), str(path)) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"{path}:1:3: misspell-ka-card: repaired 'KA卡' -> '卡'"
    assert f"{path}:8:1: inline-how-to-apply: removed 'POS机如何办理,'" in lines
    assert f"{path}:48:1: garbled-privacy: flagged '保护个人不公开的,避免在来历不明的网站上填写卡号和密码。'" in lines
    assert f"{path}:52:1: related-block: removed '相关POS机产品'" in lines


def test_kb_clean_json(rules, capsys):
    paths = [str(ROOT / "content/articles/a004.txt"), str(ROOT / "content/articles/a000.txt")]
    assert kb("clean", "--json", "--root", str(ROOT), *paths) == 0
    data = json.loads(capsys.readouterr().out)
    assert [a["path"] for a in data["articles"]] == paths
    first = clean_article(Path(paths[0]).read_text(), rules)
    assert data["articles"][0]["text"] == first.text
    assert data["articles"][0]["removals"][0] == {"rule_id": "toc-residue", "line": 3, "column": 1,
                                                  "action": "removed", "text": "本文目录导读:", "replacement": ""}
    assert len(data["articles"][0]["removals"]) == len(first.removals)


def test_kb_clean_several_articles_get_headers(capsys):
    paths = [str(ROOT / "content/articles/a000.txt"), str(ROOT / "content/articles/a001.txt")]
    assert kb("clean", "--root", str(ROOT), *paths) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"==> {paths[0]} <==\n拉卡拉pos多扣费怎么办\n")
    assert f"\n\n==> {paths[1]} <==\nPOS机刷卡多扣钱怎么办理?" in out


def test_kb_clean_missing_file_is_a_located_error(tmp_path, capsys):
    missing = str(tmp_path / "nope.txt")
    assert kb("clean", "--root", str(ROOT), missing) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err == (f"{missing}:1:1: file not found: expected an article text file; "
                   "hint: check the path, e.g. content/articles/a000.txt\n")


def test_kb_clean_bad_encoding_and_directory(tmp_path, capsys):
    bad = tmp_path / "bad.txt"
    bad.write_bytes("第一行\n第二行\xff".encode("utf-8")[:-2] + b"\xff\n")
    assert kb("clean", "--root", str(ROOT), str(bad), str(tmp_path)) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith(f"{bad}:2:")
    assert "is not valid UTF-8: expected a UTF-8 text file; hint: re-save the file as UTF-8" in err[0]
    assert err[1] == (f"{tmp_path}:1:1: is a directory: expected an article text file; "
                      "hint: pass the files, e.g. content/articles/*.txt")


def test_kb_clean_refuses_a_huge_file_and_a_pipe_as_content_files_are_refused(tmp_path, capsys):
    """An article is read by the same code as a content file, with the article's own size limit."""
    huge = tmp_path / "huge.txt"
    huge.write_bytes(b"x" * (1024 * 1024 + 1))
    pipe = tmp_path / "pipe.txt"
    os.mkfifo(pipe)  # reading it would wait forever for a writer
    assert kb("clean", "--root", str(ROOT), str(huge), str(pipe)) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err.splitlines() == [
        f"{huge}:1:1: file is too large: expected at most 1048576 bytes, got 1048577; hint: is this an article?",
        f"{pipe}:1:1: not a regular file: expected a text file; hint: replace it with a plain file (no links to "
        "missing files)",
    ]


def test_kb_clean_without_rules_folder(tmp_path, capsys):
    article = tmp_path / "a.txt"
    article.write_text("正文。\n")
    assert kb("clean", "--root", str(tmp_path), str(article)) == 1
    assert capsys.readouterr().err == ("rules:1:1: folder not found: expected rules/ under the root; "
                                       "hint: pass --root DIR\n")


def test_kb_console_entry_point_has_clean(capsys):
    path = ROOT / "content/articles/a003.txt"
    assert main(["--root", str(ROOT), "clean", "--report", str(path)]) == 0
    assert f"{path}:117:1: copy-notice: removed '微信复制成功'" in capsys.readouterr().out.splitlines()
