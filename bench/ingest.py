#!/usr/bin/env python3
"""Benchmark of ``kb ingest`` (issue 27): what one run costs, by part, at each size.

    python bench/ingest.py                  # the real content, 1,000 and 10,000 items
    python bench/ingest.py --sizes 1000     # other sizes

``bench/run.py`` calls ``measure`` for every size it builds. In a fresh process (``main``, run as
``python bench/ingest.py --worker ROOT ARTICLE``) it times the parts of one ``kb ingest`` run:
``check`` (load and validate the knowledge base, as every kb command does), ``index`` (the BM25
index over every item's prose and quotes, with the source-article sentence of each quote, built once
per run) and ``article`` (splitting, cleaning
and matching one article, ``content/articles/a002.txt``, 49 passages); a second and a third article
reuse the index, so ``article`` is what each further article costs. The whole ``kb ingest`` command
is timed too (wall clock, as a contributor waits for it).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
VENV_PYTHON = REPO / ".venv" / "bin" / "python"
if __name__ == "__main__" and Path(sys.prefix).resolve() != (REPO / ".venv").resolve() and VENV_PYTHON.exists():
    os.execv(str(VENV_PYTHON), [str(VENV_PYTHON), __file__, *sys.argv[1:]])  # run with the project's venv
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

ARTICLE = REPO / "content" / "articles" / "a002.txt"


def main(root: Path, article: Path) -> dict:
    """Seconds per part of one ingest run on ``root`` (in this process)."""
    from generator.ingest.index import MatchIndex
    from generator.ingest.run import judge
    from generator.pipeline import check

    started = time.perf_counter()
    result = check(root, extra_checks=False)
    times = {"check": time.perf_counter() - started}
    started = time.perf_counter()
    index = MatchIndex.of(result.kb)
    times["index"] = time.perf_counter() - started
    text = article.read_text(encoding="utf-8")
    runs = []
    for _ in range(3):
        started = time.perf_counter()
        passages = judge(text, index, result.rules)
        runs.append(time.perf_counter() - started)
    times["article"] = min(runs)
    return {**times, "units": len(index.norm), "passages": len(passages), "items": result.kb.count()}


def measure(root: Path) -> dict:
    """The parts (a fresh worker process) and the whole ``kb ingest`` command on ``root``."""
    from bench import measure as timing

    worker = timing.timed([sys.executable, str(Path(__file__)), "--worker", str(root), str(ARTICLE)])
    lines = [line for line in worker.stdout.splitlines() if line.startswith("{")]
    if worker.returncode or not lines:
        raise SystemExit(f"ingest worker failed on {root}:\n{worker.stderr[-2000:]}")
    row = json.loads(lines[-1])
    command = timing.kb(root, "ingest", "--json", str(ARTICLE))
    if command.returncode:
        raise SystemExit(f"kb ingest failed on {root}:\n{command.stderr[-2000:]}")
    row["command"] = command.seconds
    return row


def table(rows: list[tuple[str, dict]]) -> list[str]:
    """The rows as the Markdown table the README shows."""
    out = ["| knowledge base | items | distinct texts indexed | load + validate s | index s | one article s (49 passages) "
           "| `kb ingest` s |", "|---|---:|---:|---:|---:|---:|---:|"]
    for label, r in rows:
        out.append(f"| {label} | {r['items']:,} | {r['units']:,} | {r['check']:.2f} | {r['index']:.2f} | "
                   f"{r['article']:.3f} | {r['command']:.2f} |")
    return out


def run(sizes: list[int]) -> list[str]:
    from bench import synth

    rows = [("real content", measure(REPO))]
    with tempfile.TemporaryDirectory(prefix="kb-bench-ingest-") as work:
        for n in sizes:
            root = Path(work) / f"kb-{n}"
            synth.generate(root, n)
            rows.append((f"synthetic {n:,}", measure(root)))
    return table(rows)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--worker"]:
        print(json.dumps(main(Path(sys.argv[2]).resolve(), Path(sys.argv[3]).resolve())))
        sys.exit(0)
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=lambda s: [int(x) for x in s.split(",")], default=[1000, 10000])
    print("\n".join(run(parser.parse_args().sizes)))
