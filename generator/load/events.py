"""Build plain Python values from YAML parser events, with positions.

Works on events, not composed nodes: nothing is ever constructed from a tag,
an alias is refused where it is written (so an alias bomb never expands), and
reading stops at the first level deeper than MAX_DEPTH, before the C parser's
cost for deep nesting (quadratic in the depth) can grow. One pass, no recursion.
"""

from __future__ import annotations

from typing import Any

from ruamel.yaml.events import (AliasEvent, DocumentStartEvent, MappingEndEvent, MappingStartEvent, ScalarEvent,
                                SequenceEndEvent, SequenceStartEvent)
from ruamel.yaml.nodes import ScalarNode

from ..diagnostics import Diagnostic, Pos

MAX_DEPTH = 12
_PLAIN_TAGS = {
    "tag:yaml.org,2002:str": "str",
    "tag:yaml.org,2002:int": "int",
    "tag:yaml.org,2002:float": "float",
    "tag:yaml.org,2002:bool": "bool",
    "tag:yaml.org,2002:null": "null",
}


_STR = "tag:yaml.org,2002:str"
_MAYBE_TYPED = frozenset("0123456789+-.~nNtTfFyYoO<=")
"""First characters of plain scalars that may resolve to something other than text."""


class Frame:
    """One open mapping or sequence while events stream in."""

    __slots__ = ("value", "keys", "depth", "skip", "is_key", "key", "key_skip", "expect_key")

    def __init__(self, value: Any, keys: tuple, depth: int, skip: bool, is_key: bool):
        self.value = value
        self.keys = keys
        self.depth = depth
        self.skip = skip
        """True when the result is discarded (refused tag, duplicate or complex key): record nothing."""
        self.is_key = is_key
        self.key: Any = None
        self.key_skip = False
        self.expect_key = isinstance(value, dict)


class Abort(Exception):
    """Stop reading a file: the rest cannot be trusted (anchor, alias, runaway nesting)."""


class EventBuilder:
    """Turns a stream of parser events into plain values, recording positions.

    Works on events, not composed nodes: nothing is ever constructed from a tag,
    an alias is refused where it is written (so an alias bomb never expands),
    and reading stops at the first level deeper than MAX_DEPTH, before the C
    parser's cost for deep nesting can grow. One pass, no recursion.

    With ``record=False`` no positions are kept; the values and the errors found
    are the same, but an error's hint may lack the line it refers back to.
    """

    def __init__(self, path: str, resolver: Any, record: bool = True):
        self.path = path
        self.resolver = resolver
        self.record = record
        self.positions: dict[tuple, Pos] = {}
        self.diagnostics: list[Diagnostic] = []
        self.stack: list[Frame] = []
        self.root: Any = None
        self.has_root = False
        """True once the document's top value is complete (it may be None, for a file holding '~')."""
        self.documents = 0

    @staticmethod
    def tag_name(tag: str) -> str:
        return "!!" + tag[len("tag:yaml.org,2002:"):] if tag.startswith("tag:yaml.org,2002:") else tag

    def error(self, event: Any, message: str) -> None:
        mark = event.start_mark
        self.diagnostics.append(Diagnostic(self.path, mark.line + 1, mark.column + 1, message, "yaml"))

    def feed(self, event: Any) -> None:
        if event.__class__ is ScalarEvent and self.stack and event.ctag is None and not event.anchor:
            parent = self.stack[-1]
            if not parent.expect_key:
                if parent.depth < MAX_DEPTH:
                    self.plain_value(event, parent)
                    return
            elif not event.implicit[0] or (event.value and event.value[0] not in _MAYBE_TYPED):
                self.set_key(event, parent)  # surely text, so not a merge key
                return
        self.feed_any(event)

    def plain_value(self, event: ScalarEvent, parent: Frame) -> None:
        """The common event, inlined: an untagged, unanchored scalar value inside a collection."""
        value = parent.value
        if self.record and not (parent.skip or parent.key_skip):
            keys = parent.keys + ((len(value),) if value.__class__ is list else (parent.key,))
            mark = event.start_mark
            self.positions[keys] = Pos(mark.line + 1, mark.column + 1)
        text = event.value
        scalar = text if not event.implicit[0] or (text and text[0] not in _MAYBE_TYPED) else self.scalar(event)
        if value.__class__ is list:
            value.append(scalar)
            return
        if not parent.key_skip:
            value[parent.key] = scalar
        parent.key, parent.key_skip, parent.expect_key = None, False, True

    def feed_any(self, event: Any) -> None:
        if isinstance(event, DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                self.error(event, "more than one YAML document: expected one mapping per file; "
                                  "hint: remove the '---' line and what follows, or split the file")
                raise Abort
            return
        if isinstance(event, (SequenceEndEvent, MappingEndEvent)):
            frame = self.stack.pop()
            self.deliver(frame.value if not frame.skip or frame.is_key else None, frame.is_key)
            return
        if not isinstance(event, (ScalarEvent, SequenceStartEvent, MappingStartEvent, AliasEvent)):
            return
        parent = self.stack[-1] if self.stack else None
        is_key = bool(parent and parent.expect_key)
        if isinstance(event, AliasEvent):
            self.error(event, f"alias '*{event.anchor}' is not allowed: expected plain values; "
                              "hint: write the value out")
            raise Abort
        if event.anchor:
            self.error(event, f"anchor '&{event.anchor}' is not allowed: expected plain values; "
                              "hint: remove the anchor")
            raise Abort
        if is_key:
            self.start_key(event, parent)
            return
        keys = self.child_keys(parent)
        depth = parent.depth + 1 if parent else 0
        skip = bool(parent and (parent.skip or parent.key_skip))
        if self.record and not skip:
            self.positions[keys] = Pos(event.start_mark.line + 1, event.start_mark.column + 1)
        if depth > MAX_DEPTH:
            self.error(event, f"nesting is too deep: expected at most {MAX_DEPTH} levels; hint: flatten the structure")
            raise Abort
        if isinstance(event, ScalarEvent):
            self.deliver(self.scalar(event), False)
            return
        is_map = isinstance(event, MappingStartEvent)
        tag = self.collection_tag(event, is_map)
        if tag is not None:
            what = "a plain mapping" if is_map else "a plain list"
            self.error(event, f"tag '{self.tag_name(tag)}' is not allowed: expected {what}; hint: remove the tag")
        self.stack.append(Frame({} if is_map else [], keys, depth, skip or tag is not None, False))

    def child_keys(self, parent: Frame | None) -> tuple:
        if parent is None:
            return ()
        if isinstance(parent.value, list):
            return parent.keys + (len(parent.value),)
        return parent.keys + (parent.key,)

    def collection_tag(self, event: Any, is_map: bool) -> str | None:
        """The explicit tag of a collection if it is not the plain one, else None."""
        tag = event.tag
        if tag is None or str(tag) == "!":
            return None
        plain = "tag:yaml.org,2002:map" if is_map else "tag:yaml.org,2002:seq"
        return None if str(tag) == plain else str(tag)

    def start_key(self, event: Any, parent: Frame) -> None:
        if not isinstance(event, ScalarEvent) or self.resolve(event) == "tag:yaml.org,2002:merge":
            self.error(event, "keys must be plain words: expected a name such as 'title'; "
                              "hint: merge keys (<<) and complex keys are not supported")
            if isinstance(event, ScalarEvent):
                parent.key, parent.key_skip, parent.expect_key = None, True, False
            elif parent.depth + 1 > MAX_DEPTH:
                self.error(event, f"nesting is too deep: expected at most {MAX_DEPTH} levels; "
                                  "hint: flatten the structure")
                raise Abort
            else:
                self.stack.append(Frame({} if isinstance(event, MappingStartEvent) else [], (), parent.depth + 1,
                                         True, True))
            return
        self.set_key(event, parent)

    def set_key(self, event: ScalarEvent, parent: Frame) -> None:
        """A text key: remember it for the value that follows; a repeated key is an error."""
        key = event.value
        parent.key, parent.expect_key, parent.key_skip = key, False, parent.skip
        if key in parent.value:
            key_pos = Pos(event.start_mark.line + 1, event.start_mark.column + 1)
            first = self.positions.get(parent.keys + (key, "<key>"), key_pos)
            self.error(event, f"duplicate key '{key}': expected each key once; "
                              f"hint: it is already set at line {first.line}")
            parent.key_skip = True
        elif self.record and not parent.skip:
            self.positions[parent.keys + (key, "<key>")] = Pos(event.start_mark.line + 1,
                                                                event.start_mark.column + 1)

    def deliver(self, value: Any, was_key: bool) -> None:
        """Attach a finished value to the open collection (or make it the document)."""
        if not self.stack:
            self.root, self.has_root = value, True
            return
        parent = self.stack[-1]
        if was_key:  # a complex key finished: its value is read and dropped
            parent.key, parent.key_skip, parent.expect_key = None, True, False
            return
        if isinstance(parent.value, list):
            parent.value.append(value)
            return
        if not parent.key_skip:
            parent.value[parent.key] = value
        parent.key, parent.key_skip, parent.expect_key = None, False, True

    def resolve(self, event: ScalarEvent) -> str:
        tag = event.tag
        if tag is None or str(tag) == "!":
            value = event.value
            # Fast path: quoted or block scalars, and plain ones whose first character cannot start
            # a number, null, bool or merge key, are text. Everything else asks the resolver.
            if not event.implicit[0] or (value and value[0] not in _MAYBE_TYPED):
                return _STR
            tag = self.resolver.resolve(ScalarNode, value, event.implicit)
        return str(tag)

    def scalar(self, event: ScalarEvent) -> Any:
        tag = self.resolve(event)
        kind = _PLAIN_TAGS.get(tag)
        if kind is None:
            self.error(event, f"tag '{self.tag_name(tag)}' is not allowed: expected plain text, numbers or "
                              "true/false; hint: remove the tag")
            return None
        value = event.value
        if kind == "str":
            return value
        if kind == "null":
            return None
        if kind == "bool":
            return value.lower() in ("true", "yes", "on")
        try:
            return int(value.replace("_", ""), 0) if kind == "int" else float(value.replace("_", ""))
        except ValueError:
            return value
