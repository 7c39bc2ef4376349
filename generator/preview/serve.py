"""Live preview: mkdocs serve with a thin hook (``mkdocs_hook.py``) that regenerates build/docs."""

from __future__ import annotations

from pathlib import Path
from typing import Callable
from urllib.parse import urlsplit

from ..output.site import DOCS_DIR, config_file
from ..pipeline import generate

HOOK = Path(__file__).with_name("mkdocs_hook.py")


def serve(root: Path, dev_addr: str, ready: Callable[[str], None] = lambda url: None) -> None:
    """Generate build/docs, call ``ready(url)`` with the preview's address, then serve until interrupted.

    Raises ContentError (writing nothing) if the content has errors at the start."""
    from mkdocs.commands.serve import serve as mk_serve
    from mkdocs.config import load_config

    (root / DOCS_DIR).mkdir(parents=True, exist_ok=True)  # mkdocs refuses a missing docs_dir (fresh clone)
    site_url = load_config(config_file=str(config_file(root)), docs_dir=str(root / DOCS_DIR)).site_url or ""
    generate(root, site_url)
    ready(f"http://{dev_addr}{urlsplit(site_url).path or '/'}")
    mk_serve(config_file=str(config_file(root)), docs_dir=str(root / DOCS_DIR), dev_addr=dev_addr,
             watch=[str(root / "content"), str(root / "rules")], hooks=[str(HOOK)], livereload=True)
