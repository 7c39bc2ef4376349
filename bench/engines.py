"""The two site engines side by side: `kb build` with ProperDocs (the default) and with Zensical.

Both build the same generated Markdown of one root with the real command. ProperDocs' figure is
the size's `kb build` run; Zensical runs twice, first with no cache in build/.cache (cold), then
with it (warm, as a contributor's second build). Ratios are Zensical's time over ProperDocs'.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from bench import measure


def measure_zensical(root: Path, work: Path) -> dict:
    """Cold and warm `kb build --engine zensical` of ``root``: seconds and site stats."""
    shutil.rmtree(root / "build" / ".cache", ignore_errors=True)
    site = work / f"zensical-site-{root.name}"
    found: dict = {}
    for label in ("cold", "warm"):
        run = measure.kb(root, "build", "--engine", "zensical", "--site-dir", str(site))
        if run.returncode:
            raise SystemExit(f"kb build --engine zensical failed on {root}:\n{run.stderr[-2000:]}")
        found[label] = run.seconds
    found["site"] = measure.site_stats(site)
    shutil.rmtree(site, ignore_errors=True)
    return found


def table(rows: list[dict]) -> list[str]:
    """The side-by-side table for every row that has a Zensical measurement."""
    rows = [r for r in rows if "zensical" in r]
    if not rows:
        return []
    out = ["", "Site engines side by side: kb build --engine properdocs (default) vs. --engine zensical, "
           "same Markdown", "",
           "| items | ProperDocs s | Zensical cold s | ratio | Zensical warm s | ratio | ProperDocs MB "
           "| Zensical MB | HTML/page KB ProperDocs / Zensical |",
           "|---:" * 9 + "|"]
    for r in rows:
        z = r["zensical"]
        out.append(f"| {r['label']} | {r['build']:.1f} | {z['cold']:.1f} | {z['cold'] / r['build']:.2f} "
                   f"| {z['warm']:.1f} | {z['warm'] / r['build']:.2f} | {r['site'].total_mb:.1f} "
                   f"| {z['site'].total_mb:.1f} | {r['site'].mean_kb:.1f} / {z['site'].mean_kb:.1f} |")
    return out
