"""A corpus of bad inputs: each one makes `kb check` and `kb build` exit 1 with an exact located message.

The previous site stays byte-for-byte untouched and no temporary folder is left
behind. Text that is allowed but looks like markup is tested at the end of this file:
it must come out of the built HTML as text.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Callable

import pytest

from support import FIXTURES, copy_rules, copy_tree, edit, run_kb

pytestmark = pytest.mark.slow  # a site build per case

CAUSE = "content/causes/repeat-press.yaml"
PROBLEM = "content/problems/charged-twice.yaml"
STAGE = "content/escalation/call-bank.yaml"
MARKER = "kb-tag-ran"
"""A file the os.system tag would create if the tag were ever constructed."""


def edit_in(root: Path, rel: str, old: str, new: str) -> None:
    edit(root / rel, old, new)


def write(rel: str, data: str | bytes) -> Callable[[Path], None]:
    def apply(root: Path) -> None:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return apply


def replace(rel: str, old: str, new: str) -> Callable[[Path], None]:
    return lambda root: edit_in(root, rel, old, new)


def text_field(value: str) -> Callable[[Path], None]:
    """Put ``value`` into the cause's explanation, as a double-quoted YAML string."""
    return replace(CAUSE, "explanation: 收银员多按了一次收款键。", "explanation: " + json.dumps(value, ensure_ascii=False))


def escalation_loop(root: Path) -> None:
    stage = (root / STAGE).read_text(encoding="utf-8")
    (root / "content/escalation/regulator.yaml").write_text(
        stage.replace("id: call-bank", "id: regulator") + "next: [call-bank]\n", encoding="utf-8")
    (root / STAGE).write_text(stage + "next: [regulator]\n", encoding="utf-8")


def symlink_outside(root: Path) -> None:
    outside = root.parent / "outside.yaml"
    outside.write_text((root / CAUSE).read_text(encoding="utf-8").replace("repeat-press", "linked"), encoding="utf-8")
    (root / "content/causes/linked.yaml").symlink_to(outside)


def alias_bomb() -> str:
    lines = ["id: bomb", 'a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    return "\n".join(lines) + "\n"


def deep() -> str:
    text, indent = "id: deep\nsigns:\n", "  "
    for level in range(14):
        text += f"{indent}- k{level}:\n"
        indent += "    "
    return text + f"{indent}- end\n"


# (case id, how to break the fixture, the exact error line expected)
CASES: list[tuple[str, Callable[[Path], None], str]] = [
    # YAML and structure
    ("yaml-syntax", replace(CAUSE, "title: 收银员重复操作", 'title: "收银员重复操作'),
     'content/causes/repeat-press.yaml:11:1: YAML syntax error: found unexpected end of stream '
     '(while scanning a quoted scalar at line 2, column 8); hint: check quoting and indentation on '
     'this line'),
    ("tab-indent", replace(CAUSE, "  - 两笔金额相同", "\t- 两笔金额相同"),
     'content/causes/repeat-press.yaml:6:1: YAML syntax error: found character that cannot start any '
     'token; hint: indent with spaces, never tabs'),
    ("duplicate-key", replace(CAUSE, "status: unverified\n", "status: unverified\nstatus: verified\n"),
     "content/causes/repeat-press.yaml:4:1: duplicate key 'status': expected each key once; hint: it "
     'is already set at line 3'),
    ("wrong-type", replace(CAUSE, "title: 收银员重复操作", "title: [收银员, 重复操作]"),
     "content/causes/repeat-press.yaml:2:8: key 'title': expected a non-empty text, got a list of 2; "
     'hint: Short title in Simplified Chinese, shown wherever the item is linked.'),
    ("wrong-type-number", replace(CAUSE, "signs:\n  - 两笔金额相同、时间相近", "signs: 3"),
     "content/causes/repeat-press.yaml:5:8: key 'signs': expected a list of texts, got a number (3); "
     "hint: write each entry on its own line starting with '- '"),
    ("unknown-field", replace(CAUSE, "    quote: 核对交易记录\n", "    quote: 核对交易记录\n    page: 3\n"),
     "content/causes/repeat-press.yaml:11:5: unknown key 'sources[0].page' in a source: expected one "
     'of article, quote, reference; hint: remove it or check the field reference'),
    ("missing-field", replace(CAUSE, "explanation: 收银员多按了一次收款键。\n", ""),
     "content/causes/repeat-press.yaml:1:1: missing required key 'explanation': expected a text in "
     "every cause (What goes wrong, in plain Chinese); hint: add 'explanation:'"),
    ("empty-file", write("content/causes/empty.yaml", b""),
     "content/causes/empty.yaml:1:1: file is empty: expected a mapping of fields; hint: run 'kb new "
     "KIND ID' to start from a template"),
    ("comment-only", write("content/causes/empty.yaml", "# only a comment\n"),
     "content/causes/empty.yaml:1:1: file is empty: expected a mapping of fields; hint: run 'kb new "
     "KIND ID' to start from a template"),
    ("two-documents", replace(CAUSE, "status: unverified\n", "status: unverified\n---\nx: 1\n"),
     'content/causes/repeat-press.yaml:4:1: more than one YAML document: expected one mapping per '
     "file; hint: remove the '---' line and what follows, or split the file"),
    ("not-a-mapping", write("content/causes/empty.yaml", "- a\n- b\n"),
     'content/causes/empty.yaml:1:1: expected a mapping of fields (key: value) for a cause, got a '
     "list of 2; hint: start from 'kb new'"),
    # references
    ("unknown-reference", replace(CAUSE, "remedies: [check-records]", "remedies: [check-records, call-police]"),

     "content/causes/repeat-press.yaml:7:27: key 'remedies[1]': unknown remedy 'call-police': "
     'expected the id of a file in content/remedies/; hint: create content/remedies/call-police.yaml '
     'or fix the id'),
    ("self-reference", replace(PROBLEM, "prevention: [keep-slips]\n",
                               "prevention: [keep-slips]\nrelated: [charged-twice]\n"),
     "content/problems/charged-twice.yaml:16:11: key 'related[0]': problem 'charged-twice' refers to "
     "itself: expected another item's id; hint: remove the entry"),
    ("escalation-loop", escalation_loop,
     "content/escalation/regulator.yaml:16:8: key 'next': escalation loop call-bank -> regulator -> "
     "call-bank: expected the ladder to move forward only; hint: remove one of these 'next' links"),
    # encodings and line endings
    ("not-utf8", write(CAUSE, "id: repeat-press\ntitle: 收银员\n".encode("gbk")),
     'content/causes/repeat-press.yaml:2:8: byte 0xca is not valid UTF-8: expected a UTF-8 text '
     'file; hint: re-save the file as UTF-8'),
    ("bom", lambda root: (root / CAUSE).write_bytes(b"\xef\xbb\xbf" + (root / CAUSE).read_bytes()),
     'content/causes/repeat-press.yaml:1:1: file starts with a byte-order mark: expected UTF-8 '
     "without BOM; hint: save the file as 'UTF-8' (not 'UTF-8 with BOM')"),
    ("mixed-newlines", replace(CAUSE, "status: unverified\n", "status: unverified\r\n"),
     'content/causes/repeat-press.yaml:3:19: carriage return found: expected Unix line endings (LF); '
     'hint: set your editor to LF line endings'),
    ("line-separator", replace(CAUSE, "收银员多按了一次收款键。", "收银员多按了\u2028一次收款键。"),
     'content/causes/repeat-press.yaml:4:20: line separator U+2028 found: expected Unix line endings '
     '(LF); hint: replace it with a normal line break'),
    ("nul-byte", replace(CAUSE, "收银员多按了一次收款键。", "收银员多按了\x00一次收款键。"),
     'content/causes/repeat-press.yaml:4:20: control character U+0000 found: expected printable '
     'text; hint: delete the invisible character'),
    # size and depth
    ("too-large", replace(CAUSE, "status: unverified\n", "status: unverified\n" + "# padding\n" * 7000),
     'content/causes/repeat-press.yaml:1:1: file is too large: expected at most 65536 bytes, got '
     '70243; hint: split the item'),
    ("long-string", text_field("多" * 5000),
     "content/causes/repeat-press.yaml:4:14: key 'explanation': expected at most 800 characters, got "
     '5000; hint: shorten it or split the item'),
    ("deep-nesting", write("content/causes/deep.yaml", deep()),
     'content/causes/deep.yaml:9:27: nesting is too deep: expected at most 12 levels; hint: flatten '
     'the structure'),
    ("alias-bomb", write("content/causes/bomb.yaml", alias_bomb()),
     "content/causes/bomb.yaml:2:5: anchor '&a0' is not allowed: expected plain values; hint: remove "
     'the anchor'),
    ("anchor", replace(CAUSE, "title: 收银员重复操作", "title: &t 收银员重复操作"),
     "content/causes/repeat-press.yaml:2:8: anchor '&t' is not allowed: expected plain values; hint: "
     'remove the anchor'),
    # tags: refused and never constructed
    ("python-tag", replace(CAUSE, "title: 收银员重复操作", f"title: !!python/object/apply:os.system ['touch {MARKER}']"),
     "content/causes/repeat-press.yaml:2:8: tag '!!python/object/apply:os.system' is not allowed: "
     'expected a plain list; hint: remove the tag'),
    ("python-name-tag", replace(CAUSE, "status: unverified", "status: !!python/name:os.system"),
     "content/causes/repeat-press.yaml:3:9: tag '!!python/name:os.system' is not allowed: expected "
     'plain text, numbers or true/false; hint: remove the tag'),
    ("custom-tag", replace(CAUSE, "title: 收银员重复操作", "title: !include /etc/passwd"),
     "content/causes/repeat-press.yaml:2:8: tag '!include' is not allowed: expected plain text, "
     'numbers or true/false; hint: remove the tag'),
    # files
    ("symlink-outside", symlink_outside,
     'content/causes/linked.yaml:1:1: symbolic link points outside content/: expected a regular '
     'file; hint: copy the file instead'),
    ("name-with-space", write("content/causes/repeat press.yaml", "id: x\n"),
     "content/causes/repeat press.yaml:1:1: bad file name 'repeat press.yaml': expected <id>.yaml "
     "where the id is lowercase ASCII letters and digits joined by '-'; hint: rename e.g. "
     "'network-delay.yaml'"),
    ("name-uppercase", write("content/causes/Repeat.yaml", "id: x\n"),
     "content/causes/Repeat.yaml:1:1: bad file name 'Repeat.yaml': expected <id>.yaml where the id "
     "is lowercase ASCII letters and digits joined by '-'; hint: rename e.g. 'network-delay.yaml'"),
    ("name-non-ascii", write("content/causes/重复.yaml", "id: x\n"),
     "content/causes/重复.yaml:1:1: bad file name '重复.yaml': expected <id>.yaml where the id is "
     "lowercase ASCII letters and digits joined by '-'; hint: rename e.g. 'network-delay.yaml'"),
    ("name-dot-dot", write("content/causes/a..b.yaml", "id: x\n"),
     "content/causes/a..b.yaml:1:1: bad file name 'a..b.yaml': expected <id>.yaml where the id is "
     "lowercase ASCII letters and digits joined by '-'; hint: rename e.g. 'network-delay.yaml'"),
    ("dangling-symlink", lambda root: (root / "content/causes/gone.yaml").symlink_to(root / "content/causes/x.yaml"),
     'content/causes/gone.yaml:1:1: not a regular file: expected a text file; hint: replace it with '
     'a plain file (no links to missing files)'),
    ("unknown-folder", write("content/notes/a.yaml", "id: a\n"),
     'content/notes/a.yaml:1:1: file is not in a known folder: expected content/<kind>/<id>.yaml '
     'with kind one of problems, causes, remedies, escalation, evidence, prevention, glossary, references, '
     'letters, articles, questions, outcomes; hint: move the file'),
    # text fields
    ("raw-html", text_field("收银员<b>多按</b>了"),
     "content/causes/repeat-press.yaml:4:18: key 'explanation': raw HTML is not allowed: expected "
     "plain text, got '<b>多按</b>了'; hint: write the text without tags"),
    ("script", text_field("<script>alert(1)</script>"),
     "content/causes/repeat-press.yaml:4:15: key 'explanation': raw HTML is not allowed: expected "
     "plain text, got '<script>alert(1)</sc'; hint: write the text without tags"),
    ("javascript-link", text_field("详见javascript:alert(1)"),
     "content/causes/repeat-press.yaml:4:17: key 'explanation': a script or data link is not "
     "allowed: expected plain text, got 'javascript:alert(1)'; hint: remove the link"),
    ("data-link", text_field("data:text/html;base64,PHNjcmlwdD4="),
     "content/causes/repeat-press.yaml:4:15: key 'explanation': a script or data link is not "
     "allowed: expected plain text, got 'data:text/html;base6'; hint: remove the link"),
    ("event-attribute", text_field("x onmouseover=alert(1)"),
     "content/causes/repeat-press.yaml:4:17: key 'explanation': an event-handler attribute is not "
     "allowed: expected plain text, got 'onmouseover=alert(1)'; hint: remove the 'on...=' text"),
    ("attribute-list", text_field("收银员多按了 {: onclick=alert(1) }"),
     "content/causes/repeat-press.yaml:4:25: key 'explanation': an event-handler attribute is not "
     "allowed: expected plain text, got 'onclick=alert(1) }'; hint: remove the 'on...=' text"),
    ("markdown-link", text_field("点[这里](https://example.com)"),
     "content/causes/repeat-press.yaml:4:19: key 'explanation': a Markdown link is not allowed: "
     "expected plain text, got '](https://example.co'; hint: write plain text; links are generated "
     'from references'),
    ("jinja-expression", text_field("{{ 7 * 7 }}"),
     "content/causes/repeat-press.yaml:4:15: key 'explanation': template syntax is not allowed: "
     "expected plain text, got '{{ 7 * 7 }}'; hint: remove the braces; content is never a template"),
    ("jinja-statement", text_field("{% include 'home.md.j2' %}"),
     "content/causes/repeat-press.yaml:4:15: key 'explanation': template syntax is not allowed: "
     "expected plain text, got '{% include 'home.md.'; hint: remove the braces; content is never a "
     'template'),
    ("zero-width", text_field("收银员\u200b多按了"),
     "content/causes/repeat-press.yaml:4:18: key 'explanation': a control character is not allowed: "
     "expected plain text, got '\\u200b多按了'; hint: delete the invisible character"),
]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A site built once from the good fixture, and the hash of every file in it."""
    base = tmp_path_factory.mktemp("good")
    root = copy_tree(FIXTURES / "kb-small", base / "kb")
    copy_rules(root)
    site = base / "out" / "site"
    result = run_kb("--root", str(root), "build", "--site-dir", str(site))
    assert result.returncode == 0, result.stderr
    return site, snapshot(site)


def snapshot(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


def errors(stderr: str) -> list[str]:
    """Error lines only: warnings from other checks and the summary are left out."""
    return [line for line in stderr.splitlines() if ": warning: " not in line and " error(s), " not in line]


@pytest.mark.parametrize(("case", "breaker", "expected"), CASES, ids=[c[0] for c in CASES])
def test_bad_input_is_refused_and_site_untouched(small_kb: Path, built: tuple[Path, dict[str, str]], case: str,
                                                 breaker: Callable[[Path], None], expected: str) -> None:
    site, before = built
    breaker(small_kb)
    check = run_kb("--root", str(small_kb), "check", cwd=small_kb)
    build = run_kb("--root", str(small_kb), "build", "--site-dir", str(site), cwd=small_kb)
    for result in (check, build):
        assert result.returncode == 1, result.stderr
        assert "Traceback" not in result.stderr
        assert expected in errors(result.stderr), result.stderr
    assert snapshot(site) == before
    assert sorted(p.name for p in site.parent.iterdir()) == ["site"]
    assert not (small_kb / MARKER).exists()


# Allowed text that looks like markup: escaped, so the built HTML shows it as text and keeps its structure.
ESCAPED = [
    ('!!! success "已核实"', '<p>&#33;!! success "已核实"</p>'),
    ('??? note "展开"', '<p>&#63;?? note "展开"</p>'),
    ("- 不是列表", "<p>&#45; 不是列表</p>"),
    ("1986. 不是编号", "<p>1986. 不是编号</p>"),
    ("---", "<p>&#45;--</p>"),
    ("收银员 {: .md-button #x }", "<p>收银员 {: .md-button #x }</p>"),
    ("&lt;script&gt; 是文字", "<p>&amp;lt;script&amp;gt; 是文字</p>"),
    ("1 < 2 > 0", "<p>1 &lt; 2 &gt; 0</p>"),
    ("A~B|C", "<p>A~B|C</p>"),
    ("`代码` **粗体** _斜体_", "<p>`代码` **粗体** _斜体_</p>"),
]


@pytest.mark.parametrize(("text", "fragment"), ESCAPED, ids=[f"escaped-{i}" for i in range(len(ESCAPED))])
def test_markup_like_text_is_shown_as_text(small_kb: Path, text: str, fragment: str) -> None:
    text_field(text)(small_kb)
    result = run_kb("--root", str(small_kb), "build", "--site-dir", str(small_kb / "site"))
    assert result.returncode == 0, result.stderr
    page = (small_kb / "site/causes/repeat-press.html").read_text(encoding="utf-8")
    assert fragment in page
    assert page.count('<div class="admonition ') == 1, "only the status box may be an admonition"
    assert "<details" not in page and "<hr" not in page.split('<article', 1)[1].split("</article>")[0]


@pytest.mark.parametrize(("text", "fragment"), ESCAPED, ids=[f"statement-escaped-{i}" for i in range(len(ESCAPED))])
def test_markup_like_reference_statement_is_shown_as_text(small_kb: Path, text: str, fragment: str) -> None:
    """A reference's statement is shown on its page (a template) and under 来源 of each item that cites it (the
    footer blocks built in Python, generator/render/blocks.py)."""
    replace("content/references/slip-spec.yaml", "text: 签购单载有商户编号、终端编号、凭证号和参考号。",
            "text: " + json.dumps(text, ensure_ascii=False))(small_kb)
    result = run_kb("--root", str(small_kb), "build", "--site-dir", str(small_kb / "site"))
    assert result.returncode == 0, result.stderr
    page = (small_kb / "site/evidence/slip.html").read_text(encoding="utf-8")
    item = fragment.removeprefix("<p>").removesuffix("</p>")
    assert f'<li><a href="../references/slip-spec.html#slip-fields">签购单字段</a>：{item}</li>' in page
    assert page.count('<div class="admonition ') == 1, "only the status box may be an admonition"
    reference = (small_kb / "site/references/slip-spec.html").read_text(encoding="utf-8")
    assert f'<li><span id="slip-fields"></span>{item}</li>' in reference
    assert '<div class="admonition ' not in reference and "<details" not in reference


def test_title_attribute_list_stays_text_in_heading(small_kb: Path) -> None:
    replace(CAUSE, "title: 收银员重复操作", 'title: "收银员重复操作 { .md-button #top }"')(small_kb)
    result = run_kb("--root", str(small_kb), "build", "--site-dir", str(small_kb / "site"))
    assert result.returncode == 0, result.stderr
    page = (small_kb / "site/causes/repeat-press.html").read_text(encoding="utf-8")
    assert '<h1 id="md-button-top">收银员重复操作 { .md-button #top }</h1>' in page


def test_quotes_are_escaped_in_raw_html_checklist(small_kb: Path) -> None:
    replace(PROBLEM, "summary: 刷一次卡，账上扣了两笔", """summary: '他说"退款"''取消''&'""")(small_kb)
    result = run_kb("--root", str(small_kb), "build", "--site-dir", str(small_kb / "site"))
    assert result.returncode == 0, result.stderr
    page = (small_kb / "site/checklists/charged-twice/cardholder/index.html").read_text(encoding="utf-8")
    assert '<p class="kb-checklist__summary">他说&quot;退款&quot;&#x27;取消&#x27;&amp;</p>' in page


def test_article_text_is_never_a_template_or_html(small_kb: Path) -> None:
    article = small_kb / "content/articles/t001.txt"
    article.write_text(article.read_text(encoding="utf-8")
                       + "拉卡拉pos官网申请 {{ 7*7 }} <script>alert(1)</script> {: onclick=alert(2) }\n",
                       encoding="utf-8")
    result = run_kb("--root", str(small_kb), "build", "--site-dir", str(small_kb / "site"))
    assert result.returncode == 0, result.stderr
    page = (small_kb / "site/sources/t001.html").read_text(encoding="utf-8")
    # The removed paragraph is counted on the reader's page, never shown, as text or as markup.
    assert "<td>广告推广</td>" in page
    assert "7*7" not in page and "49" not in page and "alert" not in page and "官网申请" not in page


def test_an_empty_source_date_epoch_counts_as_unset_and_a_malformed_one_is_one_clear_error(small_kb: Path,
                                                                                           tmp_path: Path) -> None:
    """The engines fail with a traceback on SOURCE_DATE_EPOCH that is not a number; kb reads it first."""
    site = tmp_path / "site"
    empty = run_kb("--root", str(small_kb), "build", "--site-dir", str(site), env={"SOURCE_DATE_EPOCH": ""})
    assert empty.returncode == 0, empty.stderr
    assert (site / "index.html").is_file()
    bad = run_kb("--root", str(small_kb), "build", "--site-dir", str(site), env={"SOURCE_DATE_EPOCH": "yesterday"})
    assert bad.returncode == 1
    assert bad.stderr == (
        "kb build: SOURCE_DATE_EPOCH='yesterday' is not a time: expected a whole number of seconds since "
        "1970-01-01 UTC, e.g. 1767225600; hint: unset it, or set it to the last commit's time with "
        "SOURCE_DATE_EPOCH=$(git log -1 --format=%ct)\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kb", "site"]  # the site kept, no temporary folder
    assert (site / "index.html").is_file()
