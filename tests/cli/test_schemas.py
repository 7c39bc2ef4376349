"""JSON Schemas in schemas/: fresh, accept all content, reject bad cases; modelines and editor settings."""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match
from ruamel.yaml import YAML

from support import REPO, run_kb
from generator.model.kindspec import KIND_SPECS

CONTENT = sorted((REPO / "content").glob("*/*.yaml"))


def load_yaml(path: Path):
    return YAML(typ="safe", pure=False).load(path.read_text(encoding="utf-8"))


def validator(kind: str) -> Draft202012Validator:
    schema = json.loads((REPO / "schemas" / f"{kind}.schema.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def test_committed_schemas_and_reference_are_fresh() -> None:
    result = run_kb("docs", "--check")
    assert (result.returncode, result.stderr) == (0, "")
    assert sorted(f"schemas/{p.name}" for p in (REPO / "schemas").iterdir()) == sorted(s.schema for s in KIND_SPECS)


def test_stale_schema_is_reported_and_regenerated(tmp_path: Path) -> None:
    shutil.copytree(REPO / "schemas", tmp_path / "schemas")
    shutil.copy(REPO / "CONTRIBUTING.md", tmp_path / "CONTRIBUTING.md")
    target = tmp_path / "schemas/causes.schema.json"
    target.write_text(target.read_text(encoding="utf-8").replace('"maxLength": 60', '"maxLength": 61'),
                      encoding="utf-8")
    (tmp_path / "schemas/old.schema.json").write_text("{}\n", encoding="utf-8")
    result = run_kb("--root", str(tmp_path), "docs", "--check")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "schemas/causes.schema.json: stale: expected the output of 'kb docs'; hint: run 'kb docs' and commit the "
        "result",
        "schemas/old.schema.json: stale: expected the output of 'kb docs'; hint: run 'kb docs' and commit the result",
    ]
    assert run_kb("--root", str(tmp_path), "docs").stderr == "wrote schemas/causes.schema.json\n"
    assert target.read_bytes() == (REPO / "schemas/causes.schema.json").read_bytes()


@pytest.mark.parametrize("path", CONTENT, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_schema_accepts_content(path: Path) -> None:
    errors = [e.message for e in validator(path.parent.name).iter_errors(load_yaml(path))]
    assert errors == []


def _set(key: str, value):
    return lambda d: d.__setitem__(key, value)


def _source(i: int, key: str, value):
    return lambda d: d["sources"][i].__setitem__(key, value)


BAD_REMEDY = [
    ("unknown key", _set("actors", ["merchant"]),
     "Additional properties are not allowed ('actors' was unexpected)"),
    ("missing required", lambda d: d.pop("how"), "'how' is a required property"),
    ("bad choice", _set("status", "verifed"), "'verifed' is not one of ['verified', 'unverified', 'corrected', 'advice']"),
    ("bad role", _set("role", "bank"), "'bank' is not one of ['cardholder', 'merchant', 'both']"),
    ("bad choice in list", _set("evidence", ["sales-slip", 3]), "3 is not of type 'string'"),
    ("script without what to say", lambda d: d["script"].pop("say"), "'say' is a required property"),
    ("reference not an id", _set("evidence", ["Sales Slip"]), "'Sales Slip' does not match '^[a-z0-9]+(?:-[a-z0-9]+)*$'"),
    ("too long", _set("checklist_label", "联" * 31), f"'{'联' * 31}' is too long"),
    ("empty list", _set("how", []), "[] should be non-empty"),
    ("blank text", _set("title", "  "), "'  ' does not match '\\\\S'"),
    ("number instead of text", _set("title", 12), "12 is not of type 'string'"),
    ("corrected without correction", _set("status", "corrected"), "'correction' is a required property"),
    ("source with both", _set("sources", [{"article": "a000", "reference": "jrt-0001"}]),
     "{'article': 'a000', 'reference': 'jrt-0001'} is valid under each of {'required': ['reference']}, "
     "{'required': ['article']}"),
    ("source with neither", _set("sources", [{"quote": "说明"}]),
     "{'quote': '说明'} is not valid under any of the given schemas"),
    ("unknown key in source", _source(1, "page", 3), "Additional properties are not allowed ('page' was unexpected)"),
    ("suppression without reason", _set("not_duplicate_of", [{"id": "contact-issuing-bank"}]),
     "'reason' is a required property"),
]


@pytest.mark.parametrize(("mutate", "message"), [c[1:] for c in BAD_REMEDY], ids=[c[0] for c in BAD_REMEDY])
def test_schema_rejects_bad_remedy(mutate, message: str) -> None:
    data = copy.deepcopy(load_yaml(REPO / "content/remedies/contact-acquirer.yaml"))
    mutate(data)
    error = best_match(validator("remedies").iter_errors(data))
    assert error is not None
    assert error.message == message


@pytest.mark.parametrize("path", CONTENT, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_content_file_has_its_modeline(path: Path) -> None:
    first = path.read_text(encoding="utf-8").split("\n", 1)[0]
    assert first == f"# yaml-language-server: $schema=../../schemas/{path.parent.name}.schema.json"
    assert (path.parent / first.split("=", 1)[1]).resolve().is_file()


def test_vscode_maps_every_kind_to_its_schema() -> None:
    settings = json.loads((REPO / ".vscode/settings.json").read_text(encoding="utf-8"))
    assert settings["yaml.schemas"] == {f"./{s.schema}": [f"content/{s.kind}/*.yaml"] for s in KIND_SPECS}
