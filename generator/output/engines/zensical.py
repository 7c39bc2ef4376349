"""Zensical, the second engine (``kb build --engine zensical``), run as its own command.

Zensical reads ``mkdocs.yml`` but wants every folder inside the folder of its configuration file
and given as a relative path (an absolute ``docs_dir`` makes 0.0.x panic), and it keeps a cache
(``.cache/``) there. So the engine writes a derived configuration next to ``docs_dir`` (in
``build/``), lets Zensical build into a scratch folder beside it, and moves the result into the
pipeline's temporary site folder. It runs in a child process: Zensical keeps global state and
prints from its Rust core, and a child gives clean output to report.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from . import SiteEngine

TIMEOUT_S = 3600
#: Lines of Zensical's own output that say nothing went wrong.
QUIET = ("Build started", "No issues found", "Build finished")


class Zensical(SiteEngine):
    name = "zensical"
    distributions = ("zensical",)

    def __init__(self, root: Path, config_path: Path) -> None:
        super().__init__(root, config_path)
        self._data: dict | None = None

    def configure(self, docs_dir: Path) -> None:
        try:
            data = YAML(typ="safe", pure=False).load(self.config_path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, YAMLError) as exc:
            raise self.fail([f"cannot read the configuration: {exc}"]) from None
        if not isinstance(data, dict) or not data.get("site_name"):
            raise self.fail(["the configuration needs a site_name"])
        self._data = data
        self.site_url = str(data.get("site_url") or "")

    def derived_config(self, docs_dir: Path, scratch: Path) -> dict:
        """Our mkdocs.yml with the folders Zensical needs, relative to docs_dir's parent."""
        data = json.loads(json.dumps(self._data))  # a deep copy of plain data
        base = docs_dir.parent
        data["docs_dir"] = docs_dir.name
        data["site_dir"] = scratch.name
        theme = data.setdefault("theme", {})
        if isinstance(theme, dict):
            # "classic" is Material for MkDocs' look, as ProperDocs builds it (the default,
            # "modern", has other fonts, icons and colours, and a nav link below contrast limits).
            theme.setdefault("variant", "classic")
            if theme.get("custom_dir"):
                custom = (self.config_path.parent / theme["custom_dir"]).resolve()
                theme["custom_dir"] = os.path.relpath(custom, base)
        # Zensical adds its own search even when `plugins` does not list it; ProperDocs does not.
        # Follow the configuration: without a search plugin there, no search index of Zensical's.
        plugins = data.get("plugins")
        if isinstance(plugins, list) and not any(plugin_name(entry) == "search" for entry in plugins):
            plugins.append({"search": {"enabled": False}})
        return data

    def build(self, docs_dir: Path, out_dir: Path, strict: bool) -> None:
        if self._data is None:
            self.configure(docs_dir)
        base = docs_dir.parent
        scratch = base / f".zensical-site-{os.getpid()}"
        config = base / f".zensical-{os.getpid()}.yml"
        shutil.rmtree(scratch, ignore_errors=True)
        try:
            # JSON is YAML: the derived configuration needs no YAML writer.
            config.write_text(json.dumps(self.derived_config(docs_dir, scratch), ensure_ascii=False, indent=1),
                              encoding="utf-8")
            self._run(config, strict)
            shutil.rmtree(out_dir, ignore_errors=True)  # as ProperDocs does, out_dir ends up holding this site only
            shutil.move(str(scratch), str(out_dir))
        finally:
            config.unlink(missing_ok=True)
            shutil.rmtree(scratch, ignore_errors=True)

    def _run(self, config: Path, strict: bool) -> None:
        command = [sys.executable, "-m", "zensical", "build", "--config-file", config.name]
        if strict:
            command.append("--strict")
        try:
            proc = subprocess.run(command, cwd=config.parent, capture_output=True, text=True, timeout=TIMEOUT_S,
                                  check=False)
        except (OSError, subprocess.SubprocessError) as exc:
            raise self.fail([f"did not run: {exc}"]) from None
        if proc.returncode != 0:
            raise self.fail([failure_message(proc.stderr or proc.stdout, proc.returncode)])
        issues = [line.strip() for line in proc.stdout.splitlines()
                  if line.strip() and not line.strip().startswith(QUIET)]
        if strict and issues:
            raise self.fail(issues)


def plugin_name(entry) -> str:
    """The name of one `plugins:` entry (a name, or a mapping of the name to its options)."""
    if isinstance(entry, dict) and len(entry) == 1:
        return str(next(iter(entry)))
    return str(entry)


def failure_message(output: str, returncode: int) -> str:
    """The one line that says why Zensical stopped: the exception's message, not its traceback."""
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    if not lines:
        return f"exit status {returncode}"
    last = lines[-1]
    for prefix in ("RuntimeError: ", "pyo3_runtime.PanicException: ", "Error: ", "ConfigurationError: "):
        if prefix in last:
            return last.split(prefix, 1)[1]
    return last
