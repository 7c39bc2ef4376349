#!/usr/bin/env python3
"""Performance benchmark of the generator and the site build (issue 7).

    python bench/run.py            # 100, 1,000, 5,000 and 10,000 items (several minutes)
    python bench/run.py --quick    # 100 and 1,000 items only (about a minute)

For every size it writes a synthetic knowledge base (bench/synth.py) into a
temporary root, then measures in fresh processes: `kb check`, each phase
(load, validate, render, mkdocs; bench/phases.py), `kb build` in full (wall
time, peak memory, HTML bytes per page, site size), and the same generated
Markdown built by a plain mkdocs-material configuration with full navigation.
It finishes with the scaling exponents, `kb check` and live preview on the
real content, PASS/FAIL for every target of the issue, and the cost of `kb ingest`
at every size (bench/ingest.py).
"""

from __future__ import annotations

import argparse
import math
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
VENV_PYTHON = REPO / ".venv" / "bin" / "python"
if Path(sys.prefix).resolve() != (REPO / ".venv").resolve() and VENV_PYTHON.exists():
    os.execv(str(VENV_PYTHON), [str(VENV_PYTHON), __file__, *sys.argv[1:]])  # run with the project's venv
sys.path.insert(0, str(REPO))

from bench import engines, measure, search, synth  # noqa: E402
from bench import ingest as ingest_bench  # noqa: E402

FULL_SIZES = (100, 1000, 5000, 10000)
QUICK_SIZES = (100, 1000)
BASELINE_SIZES = (100, 1000, 5000)
"""The full-navigation baseline is quadratic; at 10,000 items it would take far too long."""
PHASES = ("load", "validate", "said-once", "render", "mkdocs", "search")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="only 100 and 1,000 items")
    parser.add_argument("--sizes", type=lambda s: tuple(int(x) for x in s.split(",")),
                        help="comma-separated item counts instead of the defaults")
    parser.add_argument("--baseline-timeout", type=float, default=None,
                        help="stop the baseline build after this many seconds (default: 6x our build, "
                             "at least 120 s; 0 = never). A stopped baseline still bounds the ratio.")
    parser.add_argument("--no-baseline", action="store_true", help="skip the full-navigation baseline")
    parser.add_argument("--no-preview", action="store_true", help="skip the live-preview measurement")
    parser.add_argument("--no-plugin", action="store_true",
                        help="skip timing mkdocs-material's old search plugin on the same Markdown")
    parser.add_argument("--no-engines", action="store_true",
                        help="skip the second engine (kb build --engine zensical) side by side")
    parser.add_argument("--keep", action="store_true", help="keep the synthetic roots and print where")
    return parser.parse_args(argv)


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def measure_size(n: int, work: Path, args: argparse.Namespace) -> dict:
    root = work / f"kb-{n}"
    started = time.perf_counter()
    kinds = synth.generate(root, n)
    items = sum(kinds.values())
    say(f"[{n}] generated {items} items in {time.perf_counter() - started:.1f} s; kb check ...")
    row: dict = {"n": items}
    checks = [measure.kb(root, "check") for _ in range(3 if n <= 1000 else 1)]
    if any(c.returncode for c in checks):
        raise SystemExit(f"kb check failed at {n} items:\n{checks[0].stderr[-2000:]}")
    row["check"] = statistics.median(c.seconds for c in checks)
    say(f"[{n}] kb check {row['check']:.2f} s; phases ...")
    row.update(measure.phases(root, work / f"phases-site-{n}"))
    if "error" in row:
        raise SystemExit(f"phase worker failed at {n} items: {row['error']}")
    say(f"[{n}] " + ", ".join(f"{p} {row[p]:.2f} s" for p in PHASES) + "; kb build ...")
    site = work / f"site-{n}"
    build = measure.kb(root, "build", "--site-dir", str(site))
    if build.returncode:
        raise SystemExit(f"kb build failed at {n} items:\n{build.stderr[-2000:]}")
    row["build"] = build.seconds
    row["peak_mb"] = max(build.peak_mb, row["peak_mb"])
    row["site"] = measure.site_stats(site)
    row["index_bytes"] = search.index_bytes(site)
    say(f"[{n}] search index {row['index_bytes'] / 1e6:.2f} MB; a first visit and one search in chromium ...")
    row.update(search.reader_transfer(site))
    shutil.rmtree(site, ignore_errors=True)
    if not args.no_plugin:
        say(f"[{n}] the old search plugin on the same Markdown (two mkdocs builds) ...")
        row["plugin"] = search.plugin_seconds(root, work / f"plugin-{n}")
        shutil.rmtree(work / f"plugin-{n}", ignore_errors=True)
    say(f"[{n}] kb build {build.seconds:.1f} s, peak {row['peak_mb']:.0f} MB")
    row["label"] = f"{items:,}"
    if not args.no_engines:
        row["zensical"] = engines.measure_zensical(root, work)
        say(f"[{n}] kb build --engine zensical cold {row['zensical']['cold']:.1f} s, "
            f"warm {row['zensical']['warm']:.1f} s")
    if not args.no_baseline and n in BASELINE_SIZES:
        limit = args.baseline_timeout if args.baseline_timeout is not None else max(120.0, 6 * build.seconds)
        say(f"[{n}] full-navigation baseline (stopped after {limit:.0f} s) ...")
        run, stats = measure.baseline(root / "build" / "docs", work, limit or None)
        if run.returncode and not run.timed_out:
            raise SystemExit(f"baseline build failed at {n} items:\n{run.stderr[-2000:]}")
        row["baseline"] = (run.seconds, run.timed_out, stats)
        say(f"[{n}] baseline {'stopped after ' if run.timed_out else ''}{run.seconds:.1f} s")
    row["ingest"] = ingest_bench.measure(root)
    say(f"[{n}] kb ingest of one article {row['ingest']['command']:.2f} s (index {row['ingest']['index']:.2f} s, "
        f"article {row['ingest']['article']:.3f} s)")
    if not args.keep:
        shutil.rmtree(root, ignore_errors=True)
    return row


def measure_real_engines(work: Path) -> dict:
    """Both engines on the real content, in a clone of the repository's files."""
    root = work / "real"
    shutil.copytree(REPO, root, ignore=shutil.ignore_patterns(".git", ".venv", "node_modules", "site", "build",
                                                               "__pycache__", ".site*"))
    say("real content: kb build with each engine ...")
    site = work / "real-site"
    for _ in range(2):  # the second run, like the Zensical runs, finds build/docs written
        build = measure.kb(root, "build", "--site-dir", str(site))
    if build.returncode:
        raise SystemExit(f"kb build failed on the real content:\n{build.stderr[-2000:]}")
    row = {"label": "real content", "build": build.seconds, "site": measure.site_stats(site)}
    shutil.rmtree(site, ignore_errors=True)
    row["zensical"] = engines.measure_zensical(root, work)
    return row


def exponent(rows: list[dict], key: str) -> tuple[float, int, int] | None:
    """log(t2/t1) / log(n2/n1) between the two largest sizes measured (1,000 and 10,000 in a full run)."""
    if len(rows) < 2:
        return None
    by_n = {r["n"]: r for r in rows}
    a, b = (by_n[1000], by_n[10000]) if 1000 in by_n and 10000 in by_n else (rows[-2], rows[-1])
    t1, t2 = a[key], b[key]
    return math.log(t2 / t1) / math.log(b["n"] / a["n"]), a["n"], b["n"]


def print_report(rows: list[dict], real_check: list[float], preview: list[float] | None, quick: bool,
                 real: dict | None = None) -> bool:
    out = []
    out.append("Per size (seconds are wall clock; phases measured in one fresh process, "
               "kb check / kb build as the real command)")
    out.append("")
    out.append("| items | kb check | load | validate | said-once | render | mkdocs | kb build | gen % | peak MB "
               "| pages | HTML/page mean KB | max KB | site MB |")
    out.append("|---:" * 14 + "|")
    for r in rows:
        gen = (r["load"] + r["validate"] + r["render"]) / r["build"] * 100
        s = r["site"]
        out.append(f"| {r['n']:,} | {r['check']:.2f} | {r['load']:.2f} | {r['validate']:.2f} "
                   f"| {r['said-once']:.2f} | {r['render']:.2f} "
                   f"| {r['mkdocs']:.1f} | {r['build']:.1f} | {gen:.1f} | {r['peak_mb']:.0f} | {s.pages:,} "
                   f"| {s.mean_kb:.1f} | {s.max_kb:.1f} | {s.total_mb:.1f} |")
    out.append("")
    out.append("Largest page per size: " + "; ".join(f"{r['n']:,}: {r['site'].max_page}" for r in rows))
    base_rows = [r for r in rows if "baseline" in r]
    if base_rows:
        out.append("")
        out.append("Our build vs. plain mkdocs-material with full navigation, same Markdown, side by side")
        out.append("")
        out.append("| items | kb build s | baseline s | time ratio | our site MB | baseline MB | size ratio "
                   "| baseline HTML/page mean KB |")
        out.append("|---:" * 8 + "|")
        for r in base_rows:
            secs, stopped, stats = r["baseline"]
            ratio = r["build"] / secs
            time_cell = f"> {secs:.0f} (stopped)" if stopped else f"{secs:.1f}"
            ratio_cell = f"< {ratio:.3f}" if stopped else f"{ratio:.3f}"
            size = f"{stats.total_mb:.1f}" if stats else "n/a"
            size_ratio = f"{r['site'].total_mb / stats.total_mb:.3f}" if stats else "n/a"
            per_page = f"{stats.mean_kb:.1f}" if stats else "n/a"
            out.append(f"| {r['n']:,} | {r['build']:.1f} | {time_cell} | {ratio_cell} | {r['site'].total_mb:.1f} "
                       f"| {size} | {size_ratio} | {per_page} |")
        out.append("")
        out.append("The baseline is not run at 10,000 items (quadratic; it would take far longer than CI allows). "
                   "A stopped baseline is a lower bound on its time, so the ratio is an upper bound.")
    out += search_table(rows)
    out += engines.table([*rows, *([real] if real else [])])
    exps = {}
    out.append("")
    for key in ("check", *PHASES, "build"):
        found = exponent(rows, key)
        if found:
            exps[key] = found[0]
    if exps:
        a, b = (1000, 10000) if {1000, 10000} <= {r["n"] for r in rows} else (rows[-2]["n"], rows[-1]["n"])
        out.append(f"Scaling exponents log(t2/t1)/log(n2/n1) from {a:,} to {b:,} items: "
                   + ", ".join(f"{k} {v:.2f}" for k, v in exps.items()))
    out.append("")
    out.append(f"Real content: kb check median {statistics.median(real_check):.3f} s over {len(real_check)} runs"
               + (f"; live preview after one YAML edit: {', '.join(f'{x:.2f}' for x in preview)} s"
                  if preview else ""))
    print("\n".join(out))
    return print_targets(rows, real_check, preview, exps, quick)


def search_table(rows: list[dict]) -> list[str]:
    """Search per size: index, what a reader downloads (chromium, uncompressed), indexing time."""
    out = ["", "Search (Pagefind) per size: first visit to a problem page and one search in chromium, "
               "uncompressed; indexing time beside the old mkdocs-material search plugin on the same Markdown", "",
           "| items | index MB | first visit KB | search requests on first visit | one search KB "
           "| indexing s | share of kb build | old plugin s | indexing / old plugin |", "|---:" * 9 + "|"]
    for r in rows:
        plugin = r.get("plugin")
        old = f"{plugin['plugin']:.1f}{'' if plugin['jieba'] else ' (no jieba)'}" if plugin else "n/a"
        ratio = f"{r['search'] / plugin['plugin']:.2f}" if plugin and plugin["plugin"] > 0 else "n/a"
        out.append(f"| {r['n']:,} | {r['index_bytes'] / 1e6:.2f} | {r['visit_bytes'] / 1000:.0f} "
                   f"| {r['visit_search_requests']} | {r['search_bytes'] / 1000:.0f} | {r['search']:.2f} "
                   f"| {r['search'] / r['build']:.1%} | {old} | {ratio} |")
    return out


def search_targets(rows: list[dict], target) -> None:
    worst_visit = max(rows, key=lambda r: r["visit_bytes"])
    target("first visit to a problem page <= 400 KB and fetches no search file, at every size",
           worst_visit["visit_bytes"] <= 400_000 and not any(r["visit_search_requests"] for r in rows),
           f"max {worst_visit['visit_bytes'] / 1000:.0f} KB at {worst_visit['n']:,}")
    worst_search = max(rows, key=lambda r: r["search_bytes"])
    target("one search <= 300 KB at every size", worst_search["search_bytes"] <= 300_000,
           f"max {worst_search['search_bytes'] / 1000:.0f} KB at {worst_search['n']:,}")
    by_n = {r["n"]: r for r in rows}
    for n in (1000, 10000):
        r = by_n.get(n)
        if r and r.get("plugin"):
            target(f"search indexing at {n:,} items <= the old search plugin", r["search"] <= r["plugin"]["plugin"],
                   f"{r['search']:.1f} s vs {r['plugin']['plugin']:.1f} s")
        else:
            target(f"search indexing at {n:,} items <= the old search plugin", None, "not measured")


def print_targets(rows, real_check, preview, exps, quick) -> bool:
    by_n = {r["n"]: r for r in rows}
    results: list[tuple[str, bool | None, str]] = []

    def target(name: str, ok: bool | None, figure: str) -> None:
        results.append((name, ok, figure))

    real = statistics.median(real_check)
    target("kb check on the real content < 0.5 s", real < 0.5, f"{real:.3f} s")
    big = by_n.get(10000)
    target("kb check at 10,000 items < 5 s", big["check"] < 5 if big else None,
           f"{big['check']:.2f} s" if big else "not measured")
    shares = [(r["load"] + r["validate"] + r["render"]) / r["build"] for r in rows]
    target("generation (load+validate+render) <= 10% of kb build at every size", max(shares) <= 0.10,
           "max " + f"{max(shares):.1%}")
    full = {1000, 10000} <= set(by_n)
    if exps:
        worst = max(exps, key=exps.get)
        target("every phase exponent <= 1.15 from 1,000 to 10,000", exps[worst] <= 1.15 if full else None,
               f"worst {worst} {exps[worst]:.2f}" + ("" if full else " (not 1,000 to 10,000)"))
    worst_page = max(rows, key=lambda r: r["site"].max_kb)
    target("HTML per page < 60 KB at every size", worst_page["site"].max_kb < 60,
           f"max {worst_page['site'].max_kb:.1f} KB ({worst_page['site'].max_page} at {worst_page['n']:,})")
    target("peak memory at 10,000 items < 1 GB", big["peak_mb"] < 1024 if big else None,
           f"{big['peak_mb']:.0f} MB" if big else "not measured")
    mid = by_n.get(5000)
    if mid and "baseline" in mid:
        secs, stopped, _ = mid["baseline"]
        ratio = mid["build"] / secs
        target("at 5,000 items our build <= 1/3 of the full-navigation baseline", ratio <= 1 / 3,
               f"{'<' if stopped else ''}{ratio:.3f}")
    else:
        target("at 5,000 items our build <= 1/3 of the full-navigation baseline", None, "not measured")
    search_targets(rows, target)
    if preview:
        med = statistics.median(preview)
        target("live preview after one YAML edit on the real content < 2 s", med < 2, f"median {med:.2f} s")
    else:
        target("live preview after one YAML edit on the real content < 2 s", None, "not measured")
    print("")
    print("Targets")
    print("")
    for name, ok, figure in results:
        verdict = "PASS" if ok else ("SKIP" if ok is None else "FAIL")
        print(f"  {verdict}  {name}: {figure}" + (" (--quick)" if ok is None and quick else ""))
    return all(ok is not False for _n, ok, _f in results)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    sizes = args.sizes or (QUICK_SIZES if args.quick else FULL_SIZES)
    work = Path(tempfile.mkdtemp(prefix="kb-bench-"))
    try:
        say(f"kb check on the real content ({REPO}) ...")
        real_check = []
        for _ in range(5):
            run = measure.kb(REPO, "check")
            if run.returncode:
                raise SystemExit(f"kb check fails on the real content:\n{run.stderr[-2000:]}")
            real_check.append(run.seconds)
        preview = None
        if not args.no_preview:
            say("live preview: kb serve on a copy of the repository, then one YAML edit at a time ...")
            preview = measure.live_preview()
        real = None if args.no_engines else measure_real_engines(work)
        rows = [measure_size(n, work, args) for n in sorted(sizes)]
        ok = print_report(rows, real_check, preview, args.quick, real)
        print("\n## kb ingest (bench/ingest.py)\n")
        print("\n".join(ingest_bench.table([("real content", ingest_bench.measure(REPO))] +
                                           [(f"synthetic {r['label']}", r["ingest"]) for r in rows])))
    finally:
        if args.keep:
            say(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
