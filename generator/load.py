"""Stage 1, load: read one YAML file into plain Python values, remembering where each value stood.

Files under ``data/`` come from many hands, so the loader is strict. It builds values straight from
libyaml's event stream (the C parser: fast), which lets it refuse, with the exact position:
anchors and aliases (no alias bombs), explicit tags (no ``!!python/...``), duplicate keys, merge
keys, ``.nan``/``.inf``, impossible dates, and more than one document. Only ``true``/``false`` are
booleans (``yes``/``no``/``on``/``off`` stay strings) and only plain decimal digits are integers.
The size is capped before parsing and the text must be UTF-8 (a BOM and CRLF line ends are fine).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import JaringError, Problem
from .paths import Refused, read_input

MAX_BYTES = 1024 * 1024
MAX_DEPTH = 32

_INT = re.compile(r"[-+]?(0|[1-9][0-9]*)")
_FLOAT = re.compile(r"[-+]?(\d+\.\d*|\.\d+|\d+(\.\d*)?[eE][-+]?\d+)")
_SPECIAL_FLOAT = re.compile(r"[-+]?\.(inf|Inf|INF|nan|NaN|NAN)")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_SEPARATORS = {"\u2028": "line separator", "\u2029": "paragraph separator", "\x85": "next-line character"}
_INVISIBLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)
_BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")  # they reorder how text displays
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")  # tab and line breaks are text
_NULL = {"", "~", "null", "Null", "NULL"}
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}

Path_ = tuple  # a path into the document: ("protected", 0, "value")


@dataclass(frozen=True)
class Mark:
    line: int  # 1-based
    col: int  # 1-based
    raw: str | None = None  # the scalar as written, for messages


@dataclass
class Document:
    """A parsed file: its values, and the position of every value and every mapping key."""

    path: str
    value: Any
    marks: dict[Path_, Mark] = field(default_factory=dict)
    key_marks: dict[Path_, Mark] = field(default_factory=dict)

    def mark(self, loc: Path_) -> Mark | None:
        """The nearest known position for ``loc``: itself, else its closest parent."""
        for end in range(len(loc), -1, -1):
            if loc[:end] in self.marks:
                return self.marks[loc[:end]]
        return None


class _Refused(Exception):
    def __init__(self, mark: Any, message: str):
        self.line, self.col = mark.line + 1, mark.column + 1
        self.message = message


def read_yaml(file: Path, root: Path, inside: Path) -> Document:
    """Read ``file`` (which must stay inside the folder ``inside``), naming it relative to ``root``."""
    rel, data = read_bytes(file, root, inside)
    return parse_yaml(decode(data, rel), rel)


def read_bytes(file: Path, root: Path, inside: Path, limit: int = MAX_BYTES) -> tuple[str, bytes]:
    """``file``'s name relative to ``root`` and its bytes, refusing links out of ``inside``, folders,
    FIFOs, devices and anything over the size cap, all before reading it (see paths.read_input)."""
    rel = relative(file, root)
    try:
        return rel, read_input(file, inside, limit, f"{relative(inside, root)}/")
    except Refused as exc:
        raise JaringError([Problem(rel, None, None, str(exc))]) from None


def decode(data: bytes, rel: str) -> str:
    """UTF-8 text (a leading BOM is dropped), or a problem pointing at the first bad byte."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        line = data.count(b"\n", 0, exc.start) + 1
        col = len(data[line_start : exc.start].decode("utf-8", errors="replace")) + 1  # characters, as editors count
        bad = data[exc.start]
        raise JaringError(
            [Problem(rel, line, col, f"not valid UTF-8 (byte 0x{bad:02x}); save the file as UTF-8")]
        ) from None


def parse_yaml(text: str, rel: str) -> Document:
    doc = Document(rel, None)
    _refuse_invisible(text, rel)
    try:
        events = _Peekable(yaml.parse(text, Loader=yaml.CSafeLoader))
        doc.value = _stream(events, doc)
    except _Refused as exc:
        raise JaringError([Problem(rel, exc.line, exc.col, exc.message)]) from None
    except yaml.MarkedYAMLError as exc:
        raise JaringError([_syntax_problem(rel, text, exc)]) from None
    except yaml.YAMLError as exc:  # a reader error without a mark, e.g. a control character
        raise JaringError([Problem(rel, None, None, f"invalid YAML: {exc}")]) from None
    return doc


def _stream(events: _Peekable, doc: Document) -> Any:
    next(events)  # StreamStartEvent
    start = next(events)
    if isinstance(start, yaml.StreamEndEvent):
        raise _Refused(start.start_mark, "file is empty; expected a mapping of keys and values")
    value = _node(events, doc, (), 0)
    next(events)  # DocumentEndEvent
    extra = next(events)
    if isinstance(extra, yaml.DocumentStartEvent):
        raise _Refused(extra.start_mark, "more than one YAML document in the file; keep one")
    return value


def _node(events: _Peekable, doc: Document, path: Path_, depth: int) -> Any:
    event = next(events)
    if isinstance(event, yaml.AliasEvent):
        raise _Refused(event.start_mark, f"aliases (*{event.anchor}) are not allowed; write the value out")
    if event.anchor is not None:
        raise _Refused(event.start_mark, f"anchors (&{event.anchor}) are not allowed; write the value out")
    if event.tag is not None and not (isinstance(event, yaml.ScalarEvent) and event.implicit[0]):
        raise _Refused(event.start_mark, f"tags ({_shown_tag(event.tag)}) are not allowed")
    if depth > MAX_DEPTH:
        raise _Refused(event.start_mark, f"nested deeper than {MAX_DEPTH} levels")
    mark = event.start_mark
    if isinstance(event, yaml.ScalarEvent):
        value = _scalar(event)
        doc.marks[path] = Mark(mark.line + 1, mark.column + 1, event.value)
        return value
    doc.marks[path] = Mark(mark.line + 1, mark.column + 1)
    if isinstance(event, yaml.SequenceStartEvent):
        items: list[Any] = []
        while not isinstance(events.peek(), yaml.SequenceEndEvent):
            items.append(_node(events, doc, path + (len(items),), depth + 1))
        next(events)
        return items
    return _mapping(events, doc, path, depth)


def _mapping(events: _Peekable, doc: Document, path: Path_, depth: int) -> dict:
    result: dict[str, Any] = {}
    while True:
        key_event = next(events)
        if isinstance(key_event, yaml.MappingEndEvent):
            return result
        if (
            not isinstance(key_event, yaml.ScalarEvent)
            or key_event.anchor
            or key_event.tag
            and not key_event.implicit[0]
        ):
            raise _Refused(key_event.start_mark, "mapping keys must be plain names")
        key = key_event.value
        if key == "<<" and key_event.implicit[0]:
            raise _Refused(key_event.start_mark, "merge keys (<<) are not allowed; write the values out")
        key_mark = Mark(key_event.start_mark.line + 1, key_event.start_mark.column + 1, key)
        if key in result:
            first = doc.key_marks[path + (key,)]
            raise _Refused(key_event.start_mark, f"duplicate key '{key}' (first at line {first.line})")
        doc.key_marks[path + (key,)] = key_mark
        result[key] = _node(events, doc, path + (key,), depth + 1)


def _scalar(event: yaml.ScalarEvent) -> Any:
    text = event.value
    if not event.implicit[0]:  # quoted or block scalar: always a string
        if (found := _CONTROL.search(text)) is not None:  # an escape such as "\0" or "\x07" in quotes
            raise _Refused(
                event.start_mark,
                f"control character U+{ord(found[0]):04X} is not allowed (written "
                "here as an escape in quotes); delete it",
            )
        if (found := _BIDI.search(text)) is not None:  # "\u202e" written as an escape
            raise _Refused(
                event.start_mark,
                f"bidirectional control character U+{ord(found[0]):04X} is not allowed "
                "(written here as an escape in quotes); delete it",
            )
        return text
    if text in _NULL:
        return None
    if text in _BOOL:
        return _BOOL[text]
    if _INT.fullmatch(text):
        try:
            return int(text)
        except ValueError:  # over Python's limit of digits for int(): no figure is anywhere near
            raise _Refused(
                event.start_mark,
                f"a number of {len(text.lstrip('+-')):,} digits is far too large to be a figure; check the value",
            ) from None
    if _SPECIAL_FLOAT.fullmatch(text):
        raise _Refused(event.start_mark, f"{text} is not a number Jaring accepts")
    if _FLOAT.fullmatch(text):
        return float(text)
    if _DATE.fullmatch(text):
        try:
            return dt.date.fromisoformat(text)
        except ValueError as exc:
            raise _Refused(event.start_mark, f"{text} is not a real date ({exc})") from None
    return text


def _syntax_problem(rel: str, text: str, exc: yaml.MarkedYAMLError) -> Problem:
    """libyaml's wording made plain, pointing where a data officer should look."""
    mark, opened = exc.problem_mark or exc.context_mark, exc.context_mark
    problem, context = exc.problem or "syntax error", exc.context or ""
    if "tab character" in problem or (mark is not None and text[mark.index : mark.index + 1] == "\t"):
        message = "a tab character cannot indent YAML; use spaces"
    elif problem.startswith("did not find expected") and context.startswith("while parsing a flow") and opened:
        brackets = "{}" if "mapping" in context else "[]"
        message = (
            f"this {brackets[0]} is not closed: expected , or {brackets[1]} before line {mark.line + 1}, "
            f"column {mark.column + 1}"
        )
        mark = opened
    elif problem in ("did not find expected '-' indicator", "did not find expected key"):
        message = "the indentation here does not match the lines above; line it up using spaces"
    elif problem == "found unexpected end of stream" and context == "while scanning a quoted scalar" and opened:
        message = (
            f"the quoted text starting here is never closed; the file ends before its closing "
            f"{text[opened.index : opened.index + 1]}"
        )
        mark = opened
    else:
        message = problem + (f" ({context})" if context else "")
    if mark is None:
        return Problem(rel, None, None, f"invalid YAML: {message}")
    return Problem(rel, mark.line + 1, mark.column + 1, f"invalid YAML: {message}")


def _refuse_invisible(text: str, rel: str) -> None:
    """Characters libyaml rejects without a position, or takes for line breaks the editor does not show."""
    match = _INVISIBLE.search(text)
    if match is None:
        return
    index, char = match.start(), match.group()
    line, col = text.count("\n", 0, index) + 1, index - (text.rfind("\n", 0, index) + 1) + 1
    name = _SEPARATORS.get(char)
    if _BIDI.match(char):
        message = (
            f"bidirectional control character U+{ord(char):04X} is not allowed (it can make text display in "
            "a misleading order); delete it"
        )
    elif name:
        message = (
            f"{name} U+{ord(char):04X} is not allowed (often pasted from a web page); delete it or replace it "
            "with a space"
        )
    else:
        message = f"control character U+{ord(char):04X} is not allowed (it may be invisible in your editor); delete it"
    raise JaringError([Problem(rel, line, col, message)])


def _shown_tag(tag: str) -> str:
    """A tag as it was written: "tag:yaml.org,2002:python/object" -> "!!python/object"."""
    return "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml.org,2002:") else tag


def relative(file: Path, root: Path) -> str:
    """``file`` as shown in messages: relative to the site root when inside it."""
    try:
        return file.relative_to(root).as_posix()
    except ValueError:
        return file.as_posix()


class _Peekable:
    """libyaml's event generator with one event of look-ahead."""

    def __init__(self, it: Iterator[yaml.Event]):
        self._it, self._next = it, None

    def __iter__(self):
        return self

    def __next__(self) -> yaml.Event:
        if self._next is not None:
            event, self._next = self._next, None
            return event
        return next(self._it)

    def peek(self) -> yaml.Event:
        if self._next is None:
            self._next = next(self._it)
        return self._next
