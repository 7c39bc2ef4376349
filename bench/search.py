"""Search figures for bench/run.py: index size, what a reader downloads, and the old search plugin.

``python bench/search.py plugin ROOT WORK`` builds ROOT's generated Markdown twice with mkdocs.yml,
without plugins and with mkdocs-material's search plugin as the guide configured it before Pagefind
(lang zh and its separator), and prints one JSON line with both times: the plugin's cost is their
difference. Material segments Chinese with jieba only when jieba is installed (it is no longer a
dependency): without it the plugin is faster than it was, so comparing against it is conservative.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench import measure, transfer  # noqa: E402

OLD_PLUGIN = {"search": {"lang": "zh", "separator": r"[\s\u200b\-，。、；：？！（）“”]+"}}
#: A reader's question, as in tests/browser/test_search.py; synthetic sites share the real wording.
QUERY = "商户说没收到钱但我这边扣了"


def index_bytes(site: Path) -> int:
    """Size of the search index on disk (everything Pagefind wrote into site/pagefind/)."""
    return sum(p.stat().st_size for p in (site / "pagefind").rglob("*") if p.is_file())


def reader_transfer(site: Path) -> dict:
    """Bytes of a first visit to a problem page, then of one search, in chromium."""
    page = next(p.relative_to(site).as_posix() for p in sorted((site / "problems").glob("*.html"))
                if p.name != "index.html")
    found = transfer.measure(site, page, QUERY)
    return {"visit_bytes": found["visit_bytes"], "search_bytes": found["search_bytes"],
            "visit_search_requests": sum(1 for path in found["visit"] if path.startswith("/pagefind/"))}


def plugin_seconds(root: Path, work: Path) -> dict:
    """The old search plugin's cost on the same Markdown, from this file run in a fresh process."""
    run = measure.timed([sys.executable, __file__, "plugin", str(root), str(work)])
    lines = [line for line in run.stdout.splitlines() if line.startswith("{")]
    if run.returncode or not lines:
        raise SystemExit(f"search plugin build failed:\n{run.stderr[-2000:]}")
    return json.loads(lines[-1])


def _plugin_builds(root: Path, work: Path) -> dict:
    import importlib.util
    import logging

    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    logging.getLogger("jieba").setLevel(logging.WARNING)
    times = {}
    for name, plugins in (("without", []), ("with", [OLD_PLUGIN])):
        cfg = load_config(config_file=str(REPO / "mkdocs.yml"), docs_dir=str(root / "build" / "docs"),
                          site_dir=str(work / f"plugin-{name}"), plugins=plugins, strict=False)
        started = time.perf_counter()
        build(cfg)
        times[name] = time.perf_counter() - started
    return {**times, "plugin": times["with"] - times["without"], "jieba": importlib.util.find_spec("jieba") is not None}


if __name__ == "__main__" and sys.argv[1:2] == ["plugin"]:
    print(json.dumps(_plugin_builds(Path(sys.argv[2]), Path(sys.argv[3]))))
