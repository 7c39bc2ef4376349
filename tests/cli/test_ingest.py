"""`kb ingest ARTICLE... [--json]` and `kb ingest --add ARTICLE`: verdicts, offsets, exact messages,
provenance added with formatting kept (a golden diff), and content/ unchanged when the check fails."""

from __future__ import annotations

import difflib
import json
import shutil
from pathlib import Path

import pytest

from support import REPO as ROOT
from generator.cli import main

ARTICLE = ROOT / "tests/fixtures/ingest/amount-differs.txt"
GOLDEN = ROOT / "tests/golden/ingest-add.diff"
"""What --add changes in content/ (update: pytest tests/cli/test_ingest.py --update-golden)."""


def kb(*argv: str) -> int:
    return main(list(argv))


def test_json_has_exactly_the_shape_and_offsets_into_the_text_as_written(capsys):
    assert kb("ingest", "--json", "--root", str(ROOT), str(ARTICLE)) == 0
    data = json.loads(capsys.readouterr().out)
    assert list(data) == ["articles"]
    [article] = data["articles"]
    assert list(article) == ["article", "passages"]
    assert article["article"] == str(ARTICLE)
    text = ARTICLE.read_text(encoding="utf-8")
    for p in article["passages"]:
        assert list(p) == ["start", "end", "text", "verdict", "items", "family"]
        assert text[p["start"]:p["end"]] == p["text"]
        assert p["verdict"] in ("covered", "new", "spam")
        assert (p["family"] is not None) == (p["verdict"] == "spam")
        assert bool(p["items"]) == (p["verdict"] == "covered")
        assert all(isinstance(m["score"], float) and "/" in m["id"] for m in p["items"])
        assert [m["score"] for m in p["items"]] == sorted((m["score"] for m in p["items"]), reverse=True)
    verdicts = [(p["text"][:8], p["verdict"], p["family"]) for p in article["passages"]]
    assert verdicts[1:4] == [("本文目录:", "spam", "toc-residue"), ("1. 原因", "spam", "toc-residue"),
                             ("2. 处理", "spam", "toc-residue")]
    assert verdicts[-1] == ("个人pos机申请", "spam", "promo-official-site")
    by_text = {p["text"][:12]: p for p in article["passages"]}
    assert by_text["2、商户操作失误:商户在"]["items"][0] == {"id": "causes/wrong-amount-entered", "score": 0.582}
    assert by_text["如果是外币消费,入账金额"]["verdict"] == "new"


def test_human_report_counts_then_passages_with_titles(capsys):
    assert kb("ingest", "--root", str(ROOT), str(ARTICLE)) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"{ARTICLE}: 10 passages: 5 covered, 1 new, 4 spam"
    assert lines[1] == "  1:1 covered: POS机刷ka卡金额和小票不一样怎么办?"
    assert lines[2] == "      problems/amount-mismatch 0.29 刷卡金额与消费金额不一致"
    assert "  3:1 spam (toc-residue): 本文目录:" in lines
    assert "  15:1 new: 如果是外币消费,入账金额还会受到汇率和结算日期的影响,和当时看到的数字有出入是…" in lines


@pytest.mark.slow  # every source article
def test_source_articles_run_and_several_articles_give_one_report_each(capsys):
    paths = [str(ROOT / "content/articles" / f"a00{i}.txt") for i in range(5)]
    assert kb("ingest", "--json", "--root", str(ROOT), *paths) == 0
    data = json.loads(capsys.readouterr().out)
    assert [a["article"] for a in data["articles"]] == paths
    for article in data["articles"]:  # every quoted article passage is found again
        assert sum(p["verdict"] == "covered" for p in article["passages"]) > 5


def test_unreadable_and_non_utf8_files_give_the_messages_of_kb_clean(tmp_path, capsys):
    missing = str(tmp_path / "nope.txt")
    bad = tmp_path / "bad.txt"
    bad.write_bytes("第一行\n".encode("utf-8") + b"\xff\n")
    assert kb("ingest", "--root", str(ROOT), missing, str(bad), str(ARTICLE)) == 1
    out, err = capsys.readouterr()
    lines = err.splitlines()  # sorted by file, as kb check prints them
    assert lines[0] == f"{bad}:2:1: byte 0xff is not valid UTF-8: expected a UTF-8 text file; hint: re-save the file as UTF-8"
    assert lines[1] == (f"{missing}:1:1: file not found: expected an article text file; "
                        "hint: check the path, e.g. content/articles/a000.txt")
    assert lines[2] == "2 error(s), 0 warning(s) in 2 file(s)"
    assert out.startswith(f"{ARTICLE}: 10 passages")  # the readable one is still reported


# ---------------------------------------------------------------- --add


@pytest.fixture
def root(tmp_path) -> Path:
    for name in ("content", "rules", "schemas"):
        shutil.copytree(ROOT / name, tmp_path / name)
    return tmp_path


def snapshot(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): p.read_text(encoding="utf-8")
            for p in sorted((root / "content").rglob("*")) if p.is_file()}


@pytest.mark.slow  # kb ingest --add and kb check of the real content
def test_add_copies_the_article_adds_provenance_keeping_formatting_and_writes_the_review(root, capsys, request):
    cause = root / "content/causes/wrong-amount-entered.yaml"  # comments of a contributor, which must stay
    cause.write_text(cause.read_text(encoding="utf-8")
                     .replace("title: 收款时输错了金额\n", "title: 收款时输错了金额  # the reader's words\n")
                     .replace("sources:\n", "# quotes from the cleaned articles\nsources:\n"), encoding="utf-8")
    before = snapshot(root)
    assert kb("ingest", "--add", "--root", str(root), str(ARTICLE)) == 0
    assert capsys.readouterr().err == (
        "added content/articles/a005.txt: 5 provenance source(s) in 4 item(s); 1 new passage(s) to review in "
        "build/ingest/a005.yaml; 'kb check' passed\n")
    after = snapshot(root)
    diff = []
    for name in sorted(before.keys() | after.keys()):
        diff += difflib.unified_diff(before.get(name, "").splitlines(keepends=True),
                                     after.get(name, "").splitlines(keepends=True), f"a/{name}", f"b/{name}")
    if request.config.getoption("--update-golden"):  # after an intended change; review the diff
        GOLDEN.write_text("".join(diff), encoding="utf-8")
    assert "".join(diff) == GOLDEN.read_text(encoding="utf-8")
    assert after["content/articles/a005.txt"] == ARTICLE.read_text(encoding="utf-8")
    kept = after["content/causes/wrong-amount-entered.yaml"]
    assert kept.startswith(before["content/causes/wrong-amount-entered.yaml"])  # only appended to
    assert "# the reader's words\n" in kept and "# quotes from the cleaned articles\nsources:\n" in kept
    review = (root / "build/ingest/a005.yaml").read_text(encoding="utf-8")
    assert "passage: 如果是外币消费,入账金额还会受到汇率和结算日期的影响,和当时看到的数字有出入是正常的。\n" in review
    assert main(["check", "--root", str(root)]) == 0


def test_add_leaves_content_unchanged_when_the_check_fails(root, capsys):
    (root / "content/remedies/check-transaction-records.yaml").write_text(
        (root / "content/remedies/check-transaction-records.yaml").read_text(encoding="utf-8")
        .replace("role: ", "role: nobody-", 1), encoding="utf-8")
    broken = snapshot(root)
    assert kb("ingest", "--add", "--root", str(root), str(ARTICLE)) == 1
    err = capsys.readouterr().err
    assert "content/remedies/check-transaction-records.yaml" in err
    assert snapshot(root) == broken
    assert not (root / "build/ingest").exists()


def test_add_rolls_back_an_article_that_breaks_the_check(root, tmp_path, capsys):
    only_new = tmp_path / "only-new.txt"
    only_new.write_text("外币消费的入账金额会受汇率影响。\n", encoding="utf-8")
    before = snapshot(root)
    assert kb("ingest", "--add", "--root", str(root), str(only_new)) == 1
    err = capsys.readouterr().err
    assert "the check failed after adding the article, so content/ was left unchanged" in err
    assert snapshot(root) == before


def test_only_items_that_can_take_an_article_quote_are_matched(root, tmp_path, capsys):
    """A question, an outcome or a reference cannot have an article as a source, so it is never a match
    (--add once failed with a KeyError on a question's missing 'sources')."""
    said = tmp_path / "said.txt"
    said.write_text("1、顾客付了钱，我没收到，到账的钱比顾客付的少。\n", encoding="utf-8")  # questions/merchant's words
    assert kb("ingest", "--json", "--root", str(root), str(said)) == 0
    [passage] = json.loads(capsys.readouterr().out)["articles"][0]["passages"]
    assert passage["verdict"] == "covered"
    assert [m["id"].split("/")[0] for m in passage["items"]] == ["problems", "problems"]
    assert kb("ingest", "--add", "--root", str(root), str(said)) == 0


def test_add_takes_one_article(capsys):
    assert kb("ingest", "--add", "--root", str(ROOT), str(ARTICLE), str(ARTICLE)) == 1
    assert capsys.readouterr().err == "kb ingest: --add takes one ARTICLE; hint: add the articles one at a time\n"


def test_github_format_annotates_each_passage_on_its_lines(capsys):
    assert kb("ingest", "--format", "github", "--root", str(ROOT), str(ARTICLE)) == 0
    lines = capsys.readouterr().out.splitlines()
    name = str(ARTICLE).replace(":", "%3A").replace(",", "%2C")
    assert len(lines) == 11
    assert lines[0] == (f"::notice file={name},line=1,endLine=1,col=1,endColumn=20,title=kb ingest%3A covered::"
                        "already said by problems/amount-mismatch (0.29) 刷卡金额与消费金额不一致; "
                        "causes/wrong-amount-entered (0.19) 收款时输错了金额")
    assert lines[1] == (f"::warning file={name},line=3,endLine=3,col=1,endColumn=5,title=kb ingest%3A spam "
                        "(toc-residue)::removed by the rule toc-residue: 本文目录:")
    assert lines[8].startswith(f"::notice file={name},line=15,endLine=15,col=1,endColumn=43,title=kb ingest%3A new::"
                               "no item says this yet: 如果是外币消费")
    assert lines[-1] == f"::notice file={name},title=kb ingest::{ARTICLE}: 10 passages: 5 covered, 1 new, 4 spam"


def test_content_errors_are_reported_and_no_article_is_judged(root, capsys):
    path = root / "content/remedies/check-transaction-records.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("role: ", "role: nobody-", 1), encoding="utf-8")
    assert kb("ingest", "--json", "--root", str(root), str(ARTICLE)) == 1
    out, err = capsys.readouterr()
    assert err.startswith("content/remedies/check-transaction-records.yaml:")
    assert json.loads(out) == {"articles": []}
