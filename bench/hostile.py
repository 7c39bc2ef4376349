"""How many hostile payloads `kb check --strict` rejects, one payload per run in a copy of the content.

    python -m bench.hostile [--code DIR] [--root DIR]

Each payload of tests/fixtures/hostile-payloads.yaml is written into a fresh copy of ``--root``'s
content/ and rules/ (the value at its keys replaced), and ``kb check --strict --format json`` of
the generator in ``--code`` (default: this checkout; give another checkout to compare) runs on it.
A payload counts as rejected when the check fails with an error in the payload's file.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from ruamel.yaml import YAML

REPO = Path(__file__).resolve().parent.parent
PAYLOADS = REPO / "tests" / "fixtures" / "hostile-payloads.yaml"


def payloads() -> list[dict]:
    return YAML(typ="safe").load(PAYLOADS.read_text("utf-8"))["payloads"]


def plant(content: Path, payload: dict) -> None:
    """Write one payload into a content folder: the value at its keys replaced (round trip, comments kept)."""
    yaml = YAML()
    yaml.width = 4096
    path = content / payload["file"]
    data = yaml.load(path.read_text("utf-8"))
    node = data
    keys = payload["keys"]
    for key in keys[:-1]:
        node = node[key]
    node[keys[-1]] = payload["text"]
    with path.open("w", encoding="utf-8") as out:
        yaml.dump(data, out)


def rejected(code: Path, root: Path, payload: dict | None) -> tuple[bool, list[str]]:
    """(rejected, messages in the payload's file) of one run with ``payload`` planted (None: none)."""
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp)
        for name in ("content", "rules"):
            shutil.copytree(root / name, copy / name)
        if payload is not None:
            plant(copy / "content", payload)
        env = dict(os.environ, PYTHONPATH=str(code))
        run = subprocess.run([sys.executable, "-c", "import sys, generator.cli; sys.exit(generator.cli.main())",
                              "check", "--strict", "--format", "json",
                              "--root", str(copy)], cwd=code, env=env, capture_output=True, text=True)
    if payload is None:
        return run.returncode != 0, [run.stderr[-500:]]
    try:
        found = json.loads(run.stdout or "[]")
    except json.JSONDecodeError:
        found = []
    items = found.get("diagnostics", []) if isinstance(found, dict) else found
    target = f"content/{payload['file']}"
    messages = [f"{d.get('line')}:{d.get('column')}: {d.get('message')}" for d in items
                if isinstance(d, dict) and d.get("path") == target]
    return run.returncode != 0 and bool(messages), messages


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--code", type=Path, default=REPO, help="checkout whose generator runs the check")
    parser.add_argument("--root", type=Path, default=REPO, help="folder with the content/ and rules/ to copy")
    args = parser.parse_args(argv)
    clean, why = rejected(args.code, args.root, None)
    if clean:
        print(f"the content fails without a payload: {why[0]}")
        return 1
    count = 0
    for payload in payloads():
        hit, messages = rejected(args.code, args.root, payload)
        count += hit
        where = f"{payload['file']} {'.'.join(map(str, payload['keys']))}"
        print(f"{'rejected' if hit else 'ACCEPTED'}  {where}: {payload['text']}")
    print(f"{count} of {len(payloads())} payloads rejected")
    return 0


if __name__ == "__main__":
    sys.exit(main())
