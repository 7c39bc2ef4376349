"""ProperDocs with Material for MkDocs, the default engine, run in this process through ProperDocs' API.

Material's theme and plugins import ``mkdocs.*``. Importing ``properdocs.replacement`` first
makes every such import resolve to ProperDocs, so one maintained MkDocs 1.x core runs them all
(the ``mkdocs`` distribution that Material still requires is installed but never imported).
"""

from __future__ import annotations

from pathlib import Path
from . import CollectWarnings, SiteEngine

#: ProperDocs logs under its own name; Material's plugins log under "mkdocs.*".
LOGGERS = ("properdocs", "mkdocs")


def _api():
    import properdocs.replacement  # noqa: F401 - mkdocs.* imports (Material's) resolve to ProperDocs
    from properdocs.commands.build import build
    from properdocs.config import load_config
    from properdocs.exceptions import ProperDocsException

    return load_config, build, ProperDocsException


class ProperDocs(SiteEngine):
    name = "properdocs"
    distributions = ("properdocs", "mkdocs-material")

    def __init__(self, root: Path, config_path: Path) -> None:
        super().__init__(root, config_path)
        self._config = None
        self._docs_dir: Path | None = None

    def _load(self, docs_dir: Path, **overrides):
        load_config, _, error = _api()
        with CollectWarnings(*LOGGERS) as collect:
            try:
                return load_config(config_file=str(self.config_path), docs_dir=str(docs_dir), **overrides)
            except (error, SystemExit) as exc:  # SystemExit: ProperDocs' Abort
                raise self.fail(collect.messages or [str(exc) or "configuration rejected"]) from None

    def configure(self, docs_dir: Path) -> None:
        docs_dir.mkdir(parents=True, exist_ok=True)  # ProperDocs refuses a missing docs_dir (fresh clone)
        self._config = self._load(docs_dir, strict=True)
        self._docs_dir = docs_dir
        self.site_url = self._config.site_url or ""

    def build(self, docs_dir: Path, out_dir: Path, strict: bool) -> None:
        _, build, error = _api()
        if self._config is None or docs_dir != self._docs_dir:
            self.configure(docs_dir)
        config = self._config
        config["site_dir"] = str(out_dir)
        config["strict"] = strict
        with CollectWarnings(*LOGGERS) as collect:
            try:
                build(config)
                failure = None
            except (error, SystemExit) as exc:  # SystemExit: ProperDocs' Abort
                failure = str(exc) or "build aborted"
        if failure or (strict and collect.messages):
            raise self.fail(collect.messages or [failure])


def serve(config_path: Path, docs_dir: Path, dev_addr: str, watch: list[Path], hook: Path) -> None:
    """ProperDocs' live server on ``dev_addr`` with ``hook`` (a ProperDocs hook file): dirty rebuilds
    (only changed pages) on edits to ``watch``, not strict; returns when interrupted. Used by
    ``kb serve`` (generator.preview)."""
    _api()
    from properdocs.commands.serve import serve as pd_serve

    pd_serve(config_file=str(config_path), docs_dir=str(docs_dir), dev_addr=dev_addr, strict=False,
             build_type="dirty", watch=[str(path) for path in watch], hooks=[str(hook)], livereload=True)

