#!/usr/bin/env python3
"""Stress benchmark of the parallel path and the live preview (issue 18).

    python bench/stress.py                     # 30 builds of a 1,000-item knowledge base
    python bench/stress.py --builds 5 --items 500
    python bench/stress.py --builds 0 --preview   # live preview at 1,000 items and on the real content

Each build is the real `kb build` in a fresh process with a hard timeout: a build that does not
finish in time counts as hung and is killed. Any "Traceback" or "KeyboardInterrupt" on stderr
counts as a worker traceback. The preview is `kb serve`; the figure is the time from saving one
YAML edit to the changed page being served (targets: 5 s at 1,000 items, 2 s on the real content).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
VENV_PYTHON = REPO / ".venv" / "bin" / "python"
if Path(sys.prefix).resolve() != (REPO / ".venv").resolve() and VENV_PYTHON.exists():
    os.execv(str(VENV_PYTHON), [str(VENV_PYTHON), __file__, *sys.argv[1:]])  # run with the project's venv
sys.path.insert(0, str(REPO))

from bench import measure, synth  # noqa: E402


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--builds", type=int, default=30, help="builds to run (default 30)")
    parser.add_argument("--items", type=int, default=1000, help="items of the synthetic knowledge base (1000)")
    parser.add_argument("--timeout", type=float, default=600, help="seconds before a build counts as hung (600)")
    parser.add_argument("--preview", action="store_true", help="also measure the live preview")
    return parser.parse_args(argv)


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def builds(root: Path, items: int, work: Path, count: int, timeout: float) -> list[str]:
    """Run the builds; the report lines."""
    seconds, hung, failed, tracebacks = [], 0, 0, 0
    for n in range(1, count + 1):
        run = measure.kb(root, "build", "--site-dir", str(work / "site"), timeout=timeout)
        hung += run.timed_out
        failed += bool(run.returncode) and not run.timed_out
        tracebacks += "Traceback" in run.stderr or "KeyboardInterrupt" in run.stderr
        if not run.timed_out:
            seconds.append(run.seconds)
        say(f"build {n}/{count}: {'HUNG (killed)' if run.timed_out else f'{run.seconds:.1f} s'}, "
            f"exit {run.returncode}")
    times = (f"median {statistics.median(seconds):.1f} s, max {max(seconds):.1f} s" if seconds else "none finished")
    return [f"{count} builds of {items:,} items: {count - hung} finished ({times}), {hung} hung, "
            f"{failed} failed, {tracebacks} with a traceback on stderr",
            f"  {'PASS' if hung == failed == tracebacks == 0 else 'FAIL'}  no build hangs or prints a traceback"]


def preview(root: Path, items: int) -> list[str]:
    """Preview times at the synthetic size and on the real content; the report lines."""
    lines = []
    for name, where, target in ((f"{items:,} items", root, 5.0), ("the real content", None, 2.0)):
        say(f"live preview on {name} ...")
        times = measure.live_preview(root=where)
        med = statistics.median(times)
        lines.append(f"live preview after one YAML edit, {name}: {', '.join(f'{t:.2f}' for t in times)} s")
        lines.append(f"  {'PASS' if med < target else 'FAIL'}  edit visible within {target:.0f} s: median "
                     f"{med:.2f} s")
    return lines


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="kb-stress-"))
    try:
        root = work / "kb"
        items = sum(synth.generate(root, args.items).values())
        report = builds(root, items, work, args.builds, args.timeout) if args.builds else []
        if args.preview:
            report += preview(root, items)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print("\n".join(report))
    return 0 if all("FAIL" not in line for line in report) else 1


if __name__ == "__main__":
    sys.exit(main())
