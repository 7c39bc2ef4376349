"""Editor support: every content YAML starts with a yaml-language-server modeline.

The modeline points the YAML extension of VS Code (and other editors using
yaml-language-server) at the kind's JSON Schema in schemas/, which gives
field completion, hover documentation and live errors.
"""

from __future__ import annotations

from typing import Any

from ..diagnostics import Diagnostic
from ..model.kindspec import BY_KIND
from .knowledge import KnowledgeBase


def check_modelines(kb: KnowledgeBase, _rules: Any = None) -> list[Diagnostic]:
    """Warn about content files whose first line is not their kind's modeline."""
    diags = []
    for (kind, _item_id), doc in sorted(kb.documents.items()):
        want = BY_KIND[kind].modeline
        first = doc.text.split("\n", 1)[0]
        if first == want:
            continue
        what = "wrong schema modeline" if "yaml-language-server" in first else "missing schema modeline"
        diags.append(Diagnostic(doc.path, 1, 1, f"{what}: expected the first line to be '{want}'; hint: "
                                f"editors use it to complete and check fields ('kb new' writes it)",
                                "modeline", "warning"))
    return diags
