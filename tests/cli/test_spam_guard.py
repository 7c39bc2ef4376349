"""Spam guard, round 3 (issue 28): the stronger normal form and contacts by shape, through `kb check --strict`
and `kb clean`, with exact located messages; and no false positives on ordinary wording.

Like test_evasions.py, every case is one list item of a remedy's ``how`` in a copy of the small
fixture knowledge base, in double quotes on its own line, so its text starts at column 6.
"""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import fields, is_dataclass
from pathlib import Path

import pytest

from generator.model.fields import choices_of, hints, shape
from generator.model.kindspec import KINDS
from generator.validate.schema import path_name
from bench.hostile import payloads, plant
from support import REPO, edit, run_kb
from test_evasions import COLUMN, CONTACT, FIRST_LINE, LINK, PATH, PHONE, PROMO, expected_lines

ENCODED = ("encoded text '{found}' (rule contact-encoded): expected readable text; hint: remove the encoded string; "
           "readers cannot read it and the rules cannot check it")

# (family, text as written, [(template, rule, reported text, extra fields)])
CASES = [
    # pinyin next to or in place of a character of a filtered word
    ("pinyin", "想要免fei申请的朋友", [(PROMO, "promo-apply", "免fei申请", {})]),
    ("pinyin", "可以tao现", [(PROMO, "promo-card-limit", "tao现", {})]),
    ("pinyin", "关注gong众号", [(CONTACT, "contact-wechat", "gong众号", {})]),
    ("pinyin", "免费shen请", [(PROMO, "promo-apply", "免费shen请", {})]),
    ("pinyin", "先mianfei申请", [(PROMO, "promo-apply", "mianfei申请", {})]),
    ("pinyin", "全国bao邮", [(PROMO, "promo-mail-order", "全国bao邮", {})]),
    # phone numbers written differently
    ("number", "拨一三八〇〇13 8000", [(PHONE, "contact-phone", "一三八〇〇13 8000", {})]),
    ("number", "拨138—0013—8000", [(PHONE, "contact-phone", "138—0013—8000", {})]),
    ("number", "打4OO-l23-4567", [(PHONE, "contact-phone", "4OO-l23-4567", {})]),
    ("number", "拨①③⑧⓪⓪①③⑧⓪⓪⓪", [(PHONE, "contact-phone", "①③⑧⓪⓪①③⑧⓪⓪⓪", {})]),
    ("number", "拨0755—8888 6666", [(PHONE, "contact-phone", "0755—8888 6666", {})]),
    ("number", "存号码9876543", [(PHONE, "contact-phone", "9876543", {})]),
    # hosts without a scheme
    ("host", "见posvip点cn", [(LINK, "links", "posvip点cn", {"why": "host 'posvip.cn' is not on the allowlist"})]),
    ("host", "访问 192.168.10.25 下载",
     [(LINK, "links", "192.168.10.25", {"why": "its host is the IP address 192.168.10.25"})]),
    ("host", "见 posvip dot com 说明",
     [(LINK, "links", "posvip dot com", {"why": "host 'posvip.com' is not on the allowlist"})]),
    ("host", "上传到 evidence-box(点)top",
     [(LINK, "links", "evidence-box(点)top", {"why": "host 'evidence-box.top' is not on the allowlist"})]),
    # brand look-alikes: a digit zero, Cyrillic and Greek letters
    ("look-alike", "个人申请P0S机", [(PROMO, "promo-pos-application", "申请P0S", {})]),
    ("look-alike", "一清РОS机", [(PROMO, "promo-settlement", "一清РОS", {})]),
    ("look-alike", "个人申请ＰΟＳ机", [(PROMO, "promo-pos-application", "申请ＰΟＳ", {})]),
    # contact hints without a number
    ("contact-hint", "长按识别二维码添加客服", [(CONTACT, "contact-wechat", "长按识别二维码添加客服", {})]),
    ("contact-hint", "+V：posvip888", [(CONTACT, "contact-wechat", "+V：posvip888", {})]),
    ("contact-hint", "wei xin posvip888", [(CONTACT, "contact-wechat", "wei xin posvip888", {})]),
    ("contact-hint", "V信 posvip888", [(CONTACT, "contact-wechat", "V信 posvip888", {})]),
    ("contact-hint", "扫一扫下方码加好友", [(CONTACT, "contact-wechat", "扫一扫下方码加好友", {})]),
    # noise inside a banned phrase
    ("noise", "免🔥费🔥申🔥请", [(PROMO, "promo-apply", "免🔥费🔥申🔥请", {})]),
    ("noise", "激⭐活⭐返⭐现", [(PROMO, "promo-cashback", "激⭐活⭐返⭐现", {})]),
    ("noise", "个人申请P O S机", [(PROMO, "promo-pos-application", "申请P O S", {})]),
    ("noise", "正规P-O-S机有哪些", [(PROMO, "promo-product-list", "正规P-O-S机有哪些", {})]),
    # encodings
    ("encoding", "&#20813;费申请", [(PROMO, "promo-apply", "&#20813;费申请", {})]),
    ("encoding", "&#x514d;&#x8d39;申请", [(PROMO, "promo-apply", "&#x514d;&#x8d39;申请", {})]),
    ("encoding", "见5b6u5L+h77yacG9zdmlwODg4。", [(ENCODED, "contact-encoded", "5b6u5L+h77yacG9zdmlwODg4", {})]),
    # ordinary wording that looks a little like the above: no finding
    ("ordinary", "依据第十八条处理", []),
    ("ordinary", "交易金额12000元", []),
    ("ordinary", "2023-06-03的交易", []),
    ("ordinary", "2019-2023年的账单", []),
    ("ordinary", "拨打12363投诉", []),
    ("ordinary", "签购单上参考号的后6位", []),
    ("ordinary", "POS机刷卡后核对", []),
    ("ordinary", "在微信里查看交易记录", []),
    ("ordinary", "扫码付款后核对金额", []),
    ("ordinary", "终端固件1.2.3版本", []),
]
SPLIT = ("key 'how[{first}]' and 'how[{second}]': phone number '13800138000' (rule contact-phone): split across two "
         "list entries: expected only the numbers allowlisted in rules/ with their facts.md reference; hint: remove "
         "the number and tell readers where to find the right one (card, slip, terminal, official app)")


def test_cases_cover_every_family() -> None:
    families = {family for family, _text, _hits in CASES}
    assert families == {"pinyin", "number", "host", "look-alike", "contact-hint", "noise", "encoding", "ordinary"}


@pytest.mark.slow  # every family in content
def test_every_family_is_an_error_at_the_text_as_written(small_kb: Path) -> None:
    items = "".join(f'  - "{text}"\n' for _family, text, _hits in CASES) + '  - "先联系13800"\n  - "138000办理"\n'
    edit(small_kb / PATH, "  - 对照签购单\n", "  - 对照签购单\n" + items)
    result = run_kb("--root", str(small_kb), "check", "--strict")
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if PATH in line and "(rule " in line]
    split_line = FIRST_LINE + len(CASES)
    split = f"{PATH}:{split_line}:{COLUMN + len('先联系')}: " + SPLIT.format(first=len(CASES) + 2, second=len(CASES) + 3)
    assert errors == expected_lines(CASES) + [split]


@pytest.mark.slow  # every family in an article
def test_every_family_is_removed_from_an_article_by_kb_clean(tmp_path: Path) -> None:
    article = tmp_path / "evasions.txt"
    article.write_text("如何核对签购单\n" + "".join(f"{text}\n" for _family, text, _hits in CASES), encoding="utf-8")
    report = run_kb("clean", "--report", str(article))
    assert report.returncode == 0, report.stderr
    expected = []
    for index, (_family, text, hits) in enumerate(CASES):
        if hits:
            rule = hits[0][1]
            expected.append(f"{article}:{index + 2}:1: {rule}: removed '{text}'")
    assert report.stdout.splitlines() == expected
    cleaned = run_kb("clean", str(article)).stdout
    assert cleaned == "\n".join(["如何核对签购单"] + [text for _f, text, hits in CASES if not hits]) + "\n"


@pytest.mark.slow  # kb check --strict of the real guide
def test_the_guide_itself_passes_strict() -> None:
    """No false positive on the real content: amounts, dates, article numbers, slip numbers, the hotlines."""
    result = run_kb("--root", str(REPO), "check", "--strict")
    assert result.returncode == 0, result.stderr
    assert re.fullmatch(r"ok: \d+ items checked in [\d.]+ s\n", result.stderr), result.stderr  # no finding at all


@pytest.mark.slow  # kb check --strict of a copy of the real guide
def test_every_hostile_payload_is_an_error_at_its_key_from_its_rule(tmp_path: Path) -> None:
    """tests/fixtures/hostile-payloads.yaml planted all at once in a copy of the guide (bench/hostile.py plants
    them one per run): each is an error in its file, at its key, from the rule it names, and nothing else is."""
    for name in ("content", "rules"):
        shutil.copytree(REPO / name, tmp_path / name)
    planted = payloads()
    for payload in planted:
        plant(tmp_path / "content", payload)
    result = run_kb("--root", str(tmp_path), "check", "--strict", "--format", "json")
    assert result.returncode == 1
    errors = json.loads(result.stdout)["diagnostics"]
    found = {(d["path"], d["message"].split("'")[1], d["code"]) for d in errors if d["severity"] == "error"}
    expected = set()
    for p in planted:  # a list payload (a number split across two entries) is reported at its first entry
        keys = tuple(p["keys"]) + ((0,) if isinstance(p["text"], list) else ())
        expected.add((f"content/{p['file']}", path_name(keys), p["rule"]))
    assert expected <= found
    assert {path for path, _key, _rule in found} == {path for path, _key, _rule in expected}


PROBE = "免fei申请"
"""A promotional phrase with a character written in pinyin: the lint must find it in any text field."""


def _probe(cls: type, keys: tuple, stem: str, linted: list[str]) -> dict:
    """A mapping for ``cls`` with every field given; each free-text field holds PROBE (its key recorded)."""
    data = {}
    for spec in fields(cls):
        found = shape(hints(cls)[spec.name])
        base = found.item if found.item is not None else found.type
        count = max(1, spec.metadata["min_items"]) if found.item is not None else 1
        values = []
        for i in range(count):
            path = keys + ((spec.name, i) if found.item is not None else (spec.name,))
            if is_dataclass(base):
                values.append(_probe(base, path, stem, linted))
            elif base is int:
                values.append(1)
            elif spec.metadata["choices"]:
                values.append(choices_of(spec)[0])
            elif spec.metadata["ref"] or spec.name == "id":
                values.append(stem)
            elif spec.name in ("quote", "url"):  # checked against the cleaned article and the allowlist
                values.append("https://www.pbc.gov.cn/" if spec.name == "url" else "仔细检查交易记录和对账单")
            else:
                assert (spec.metadata["max_len"] or 99) >= len(PROBE), (cls, spec.name)
                values.append(PROBE)
                linted.append(path_name(path))
        data[spec.name] = values if found.item is not None else values[0]
    return data


@pytest.mark.slow  # every text field of every kind
def test_every_text_field_of_every_kind_is_linted(small_kb: Path) -> None:
    """Derived from the schema: a text field added to any kind (or nested record) is linted without a list."""
    expected: dict[str, set[str]] = {}
    for kind, cls in KINDS.items():
        linted: list[str] = []
        data = _probe(cls, (), "probe", linted)
        folder = small_kb / "content" / kind
        folder.mkdir(exist_ok=True)
        (folder / "probe.yaml").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        expected[f"content/{kind}/probe.yaml"] = set(linted)
    assert sum(len(keys) for keys in expected.values()) > 60
    result = run_kb("--root", str(small_kb), "check", "--strict")
    found: dict[str, set[str]] = {path: set() for path in expected}
    for line in result.stderr.splitlines():
        path, _sep, rest = line.partition(":")
        if path in found and "(rule promo-apply)" in rest:
            found[path].add(rest.split("'")[1])
    assert found == expected


HANG_RULES = """rules:
  - id: nested-a
    description: a nested quantifier that backtracks exponentially in a backtracking engine
    kind: sentence
    patterns: ['(a+)+$', '(.+)+,']
    examples: {positive: ['结尾aaa'], negative: ['b']}
  - id: look-behind
    description: a lookbehind, which needs backtracking
    kind: sentence
    patterns: ['(?<!申请)提额']
    examples: {positive: ['提额'], negative: ['申请提额']}
"""


@pytest.mark.slow  # a long text against a catastrophic pattern
def test_a_catastrophic_rule_pattern_runs_in_linear_time_and_a_lookbehind_is_refused(small_kb: Path) -> None:
    (small_kb / "rules" / "hang.yaml").write_text(HANG_RULES, encoding="utf-8")
    hostile = ["a" * 60 + "b", "," + "x" * 60, "结尾aaa", "先核对,再付款"]
    edit(small_kb / PATH, "  - 对照签购单\n", "  - 对照签购单\n" + "".join(f'  - "{t}"\n' for t in hostile))
    result = run_kb("--root", str(small_kb), "check", "--strict")  # finishes: RE2 has no backtracking
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert ("rules/hang.yaml:10:16: pattern '(?<!申请)提额' uses a construct the linear-time engine (RE2) does not "
            "run: invalid perl operator: (?<!; expected RE2 syntax: no lookahead, lookbehind, backreferences, "
            "possessive quantifiers or atomic groups; hint: match the context too and name the part to report "
            "'(?P<hit>...)' (CONTRIBUTING.md, 'Spam rules')") in lines
    hits = [line for line in lines if "(rule nested-a)" in line and line.startswith(PATH)]
    assert hits == [
        f"{PATH}:{FIRST_LINE + 2}:8: key 'how[4]': " + PROMO.format(found="aaa", rule="nested-a"),
        f"{PATH}:{FIRST_LINE + 3}:6: key 'how[5]': " + PROMO.format(found="先核对,", rule="nested-a"),
        f"{PATH}:{FIRST_LINE + 8}:14: key 'instruction': "
        + PROMO.format(found="在银行 App 里找到这笔交易，", rule="nested-a")]
