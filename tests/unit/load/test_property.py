"""Property tests: whatever text or structure comes in, the loader and validator return a model or
located errors, never another exception. Plus memory bounds for the alias bomb and deep nesting.

The budget is fixed (max_examples, derandomize) so every run checks the same examples. No test
asserts a time: speed is measured in bench/.
"""

from __future__ import annotations

import re
import shutil
import tracemalloc
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from support import REPO
from generator.diagnostics import Diagnostic
from generator.load.corpus import Corpus, Document, load
from generator.load.parse import parse_yaml
from generator.model.kindspec import KINDS
from generator.pipeline import clean_articles
from generator.rules.loader import load_rules
from generator.validate.validator import validate

BUDGET = settings(max_examples=150, deadline=None, derandomize=True,
                  suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
RULES, _ = load_rules(REPO)
LOCATED = re.compile(r"^[^\n]+:\d+:\d+: [^\n]+$")

FRAGMENTS = [
    "id: ", "title: ", "status: ", "sources:\n", "  - ", "- ", "[", "]", "{", "}", ": ", ", ", "\n", "  ", "\t",
    "&a ", "*a", "!!python/object/apply:os.system ", "!!str ", "!x ", "'", '"', "# c\n", "---\n", "...\n", "? ",
    "<<: ", "{{ x }}", "{% if %}", "<script>", "javascript:", "收银员", "\u2028", "\x00", "\ufeff", "\r", "1e999",
    "0x1F", "~", "null", "yes", "%YAML 1.1\n", "%TAG ! tag:x,2000:\n", "|\n", ">-\n", "\\u00e9", "repeat-press",
    "unverified", "article: t001", "quote: 核对",
]
yamlish = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=8)), max_size=40).map("".join)

plain = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=30),
              st.sampled_from(["repeat-press", "t001", "unverified", "check-records", "核对交易记录"])),
    lambda inner: st.one_of(st.lists(inner, max_size=4),
                            st.dictionaries(st.sampled_from(["id", "title", "status", "sources", "article",
                                                             "quote", "signs", "remedies", "explanation",
                                                             "next", "x"]) | st.text(max_size=6),
                                            inner, max_size=5)),
    max_leaves=20,
)


def assert_located(diagnostics: list[Diagnostic]) -> None:
    for diag in diagnostics:
        assert isinstance(diag, Diagnostic)
        assert diag.line >= 1 and diag.column >= 1
        assert LOCATED.match(str(diag)), str(diag)


def assert_plain(value: object) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            assert isinstance(key, str)
            assert_plain(item)
    elif isinstance(value, list):
        for item in value:
            assert_plain(item)
    else:
        assert value is None or isinstance(value, (str, int, float, bool))


@BUDGET
@given(text=yamlish)
def test_parse_yaml_returns_plain_values_or_located_errors(text: str) -> None:
    data, positions, diagnostics = parse_yaml(text, "content/causes/x.yaml")
    assert_located(diagnostics)
    assert all(d.path == "content/causes/x.yaml" for d in diagnostics)
    if not diagnostics:
        assert_plain(data)
        assert () in positions
    # Loading without positions gives the same values and the same messages (repr: NaN != NaN).
    without = parse_yaml(text, "content/causes/x.yaml", positions=False)
    assert repr(without) == repr((data, positions if diagnostics else {}, diagnostics))


@BUDGET
@given(kind=st.sampled_from(sorted(KINDS)), data=plain)
def test_validate_returns_a_model_or_located_errors(kind: str, data: object) -> None:
    yaml = YAML(typ="safe", pure=True)
    text = dump(yaml, data)
    rel = f"content/{kind}/repeat-press.yaml"
    value, positions, diagnostics = parse_yaml(text, rel)
    corpus = Corpus(root=Path("."), documents=[Document(rel, kind, "repeat-press", value, positions, text)],
                    diagnostics=diagnostics)
    kb, found = validate(corpus, RULES, clean_articles(corpus, RULES))
    assert_located(found)
    made = "repeat-press" in kb.items[kind]
    assert made or any(d.path == rel and d.is_error for d in found)
    if made:
        assert isinstance(kb.items[kind]["repeat-press"], KINDS[kind])


def dump(yaml: YAML, data: object) -> str:
    import io

    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


names = st.text(st.characters(blacklist_characters="/\x00", blacklist_categories=("Cs",)), min_size=1, max_size=12)


@BUDGET
@given(files=st.lists(st.tuples(st.sampled_from(sorted(KINDS) + ["notes"]), names,
                                st.one_of(yamlish.map(lambda t: t.encode("utf-8")), st.binary(max_size=64))),
                      max_size=4))
def test_load_and_validate_any_tree(tmp_path_factory, files: list[tuple[str, str, bytes]]) -> None:
    root = tmp_path_factory.mktemp("tree")
    for kind, name, raw in files:
        if name in (".", "..") or len(name.encode("utf-8")) > 200:
            continue
        folder = root / "content" / kind
        folder.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(raw)
    (root / "content").mkdir(exist_ok=True)
    try:
        corpus = load(root)
        kb, found = validate(corpus, RULES, clean_articles(corpus, RULES))
        assert_located(found)
    finally:
        shutil.rmtree(root, ignore_errors=True)


def bomb(levels: int, width: int = 9) -> str:
    lines = ["id: bomb", "a0: &a0 [" + ", ".join(['"lol"'] * width) + "]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * width) + "]" for i in range(1, levels)]
    return "\n".join(lines) + "\n"


def measured(text: str) -> tuple[list[Diagnostic], int]:
    """The diagnostics of parsing text, and the peak memory it took."""
    tracemalloc.start()
    try:
        _, _, diagnostics = parse_yaml(text, "content/causes/bomb.yaml")
        return diagnostics, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_alias_bomb_is_refused_with_bounded_memory() -> None:
    # 9**30 strings if expanded; refused at the first anchor instead.
    diagnostics, peak = measured(bomb(30))
    assert [str(d) for d in diagnostics] == [
        "content/causes/bomb.yaml:2:5: anchor '&a0' is not allowed: expected plain values; hint: remove the anchor"]
    assert peak < 1024 * 1024


def test_alias_alone_is_refused_where_written() -> None:
    diagnostics, _ = measured("id: x\ntitle: *t\n")
    assert [str(d) for d in diagnostics] == [
        "content/causes/bomb.yaml:2:8: alias '*t' is not allowed: expected plain values; hint: write the value out"]


def test_deep_nesting_is_refused_early() -> None:
    # 30,000 nested lists fit in 64 KiB; the C parser's cost grows with the square of the depth
    # (and its stack overflowed near 100,000 levels), so reading must stop at level 13.
    diagnostics, peak = measured("a: " + "[" * 30000 + "]" * 30000 + "\n")
    assert [str(d) for d in diagnostics] == [
        "content/causes/bomb.yaml:1:16: nesting is too deep: expected at most 12 levels; hint: flatten the structure"]
    assert peak < 1024 * 1024
