"""Live preview: mkdocs serve with a thin hook that regenerates build/docs."""

from __future__ import annotations

import sys
from urllib.parse import urlsplit
from pathlib import Path

from .build import DOCS_DIR, config_file, generate
from .errors import ContentError
from .report import human

HOOK = Path(__file__).with_name("mkdocs_hook.py")


def serve(root: Path, dev_addr: str) -> int:
    from mkdocs.commands.serve import serve as mk_serve
    from mkdocs.config import load_config

    (root / DOCS_DIR).mkdir(parents=True, exist_ok=True)  # mkdocs refuses a missing docs_dir (fresh clone)
    site_url = load_config(config_file=str(config_file(root)), docs_dir=str(root / DOCS_DIR)).site_url or ""
    try:
        generate(root, site_url)
    except ContentError as exc:
        human(exc.diagnostics, sys.stderr)
        return 1
    path = urlsplit(site_url).path or "/"
    print(f"serving the guide on http://{dev_addr}{path} (Ctrl-C to stop); edits to content/ and rules/ "
          "rebuild it", file=sys.stderr)
    mk_serve(config_file=str(config_file(root)), docs_dir=str(root / DOCS_DIR), dev_addr=dev_addr,
             watch=[str(root / "content"), str(root / "rules")], hooks=[str(HOOK)], livereload=True)
    return 0
