"""The generator behind the ``kb`` command: YAML content -> validated model -> Markdown -> site.

The public API: ``check`` (load, clean articles, validate), ``generate`` (also render and write
build/docs) and ``build`` (also the site), with the ``Diagnostic`` they report and the
``ContentError`` they raise. The stages are subpackages, in pipeline order: load, rules,
validate, render, output; see ``pipeline`` and ARCHITECTURE.md.
"""

from .diagnostics import ContentError, Diagnostic, KbError
from .pipeline import CheckResult, build, check, generate

__all__ = ["CheckResult", "ContentError", "Diagnostic", "KbError", "build", "check", "generate"]
