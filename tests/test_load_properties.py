"""Property tests for the strict YAML loader (``generator.load.parse_yaml``).

Structures of mappings, lists and scalars are generated, written out as YAML by the small emitter
below (block and flow style, plain and quoted strings), and then either read back as they are or,
with one fault put in (an anchor, an alias, a tag, a duplicate key, a tab, a cut, flipped bytes),
refused. Whatever the text, the loader returns a Document or raises JaringError whose problems name
the file, and a line, and nothing else ever escapes.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from dataclasses import dataclass, field

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from generator.errors import JaringError
from generator.load import Document, decode, parse_yaml

REL = "data/regencies/test.yaml"
FAST = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# -- values --------------------------------------------------------------------------------------

KEYS = st.from_regex(r"[a-z][a-z0-9_]{0,6}", fullmatch=True)
RESERVED = {"true", "false", "null"}  # plain words that are not text (lowercase only are generated)
PLAIN_TEXT = st.sampled_from(
    ["yes", "no", "on", "off", "y", "n", "petani", "ojek daring", "Kutai Timur"]
) | st.from_regex(r"[a-z]{1,8}( [a-z]{1,8}){0,2}", fullmatch=True).filter(lambda s: s not in RESERVED)
# Any text but control characters (tab and line breaks excepted) and bidirectional controls, which the
# loader refuses even written as escapes in quotes: see test_escaped_control_characters_are_refused_with_a_place.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")  # and bidi
ANY_TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=20).filter(lambda s: not CONTROL.search(s))
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=False, allow_infinity=False, width=64),
    st.dates(),
    PLAIN_TEXT,
    ANY_TEXT,
)
TREES = st.recursive(
    SCALARS,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(KEYS, children, max_size=4),
    max_leaves=12,
)
MAPPINGS = st.dictionaries(KEYS, TREES, min_size=1, max_size=5)


def same(a, b) -> bool:
    """Equal, and of the same types all the way down (True == 1 and 1.0 == 1 do not count)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    return a == b


# -- a small YAML emitter ------------------------------------------------------------------------

_PLAIN = re.compile(r"[A-Za-z]+( [A-Za-z]+)*")


def _printable(o: int) -> bool:
    """Characters YAML lets stand as themselves inside quotes (no line breaks of any kind, no BOM)."""
    return (
        0x20 <= o <= 0x7E
        or 0xA0 <= o <= 0xD7FF
        and o not in (0x2028, 0x2029)
        or 0xE000 <= o <= 0xFFFD
        and o != 0xFEFF
        or o >= 0x10000
    )


def double_quoted(text: str) -> str:
    out = []
    for ch in text:
        o = ord(ch)
        if ch in '"\\':
            out.append("\\" + ch)
        elif _printable(o):
            out.append(ch)
        elif o <= 0xFF:
            out.append(f"\\x{o:02x}")
        else:
            out.append(f"\\u{o:04x}")
    return '"' + "".join(out) + '"'


@dataclass
class Emitter:
    """Writes a value as YAML lines, choosing styles at random, and remembers each block mapping
    (the column of its keys, its first key, its last line) so faults can be put into it."""

    rnd: random.Random
    lines: list[str] = field(default_factory=list)
    mappings: list[tuple[int, str, int]] = field(default_factory=list)

    def scalar(self, value, in_flow: bool) -> str:
        if value is None:
            return self.rnd.choice(["null", "~", "Null"])
        if isinstance(value, bool):
            return self.rnd.choice([["false", "False", "FALSE"], ["true", "True", "TRUE"]][value])
        if isinstance(value, int):
            return f"+{value}" if value > 0 and self.rnd.random() < 0.1 else str(value)
        if isinstance(value, float):
            return repr(value)
        if isinstance(value, dt.date):
            return value.isoformat()
        if (
            _PLAIN.fullmatch(value)
            and value not in RESERVED
            and value.lower() not in RESERVED
            and self.rnd.random() < 0.7
        ):
            return value
        if all(_printable(ord(ch)) for ch in value) and self.rnd.random() < 0.3:
            return "'" + value.replace("'", "''") + "'"
        return double_quoted(value)

    def inline(self, value) -> str:
        if isinstance(value, dict):
            return "{" + ", ".join(f"{k}: {self.inline(v)}" for k, v in value.items()) + "}"
        if isinstance(value, list):
            return "[" + ", ".join(self.inline(v) for v in value) + "]"
        return self.scalar(value, True)

    def _inline_ok(self, value) -> bool:
        return not isinstance(value, (dict, list)) or not value or self.rnd.random() < 0.2

    def block(self, value, indent: int) -> None:
        pad = " " * indent
        if isinstance(value, dict) and value:
            for k, v in value.items():
                if self._inline_ok(v):
                    self.lines.append(
                        f"{pad}{k}: {self.inline(v)}".rstrip()
                        if v is not None or self.rnd.random() < 0.7
                        else f"{pad}{k}:"
                    )
                else:
                    self.lines.append(f"{pad}{k}:")
                    same_indent = isinstance(v, list) and self.rnd.random() < 0.3
                    self.block(v, indent if same_indent else indent + 2)
            self.mappings.append((indent, next(iter(value)), len(self.lines) - 1))
        elif isinstance(value, list) and value:
            for item in value:
                if self._inline_ok(item):
                    self.lines.append(f"{pad}- {self.inline(item)}")
                else:
                    first = len(self.lines)
                    self.block(item, indent + 2)
                    self.lines[first] = f"{pad}- " + self.lines[first][indent + 2 :]
        else:
            self.lines.append(pad + self.inline(value))


def emit(value, rnd: random.Random) -> Emitter:
    emitter = Emitter(rnd)
    emitter.block(value, 0)
    return emitter


def text_of(emitter: Emitter) -> str:
    return "\n".join(emitter.lines) + "\n"


# -- checks --------------------------------------------------------------------------------------


def load(text: str) -> Document | JaringError:
    """parse_yaml's answer; any exception other than JaringError fails the test."""
    try:
        return parse_yaml(text, REL)
    except JaringError as exc:
        return exc


def assert_located(error: JaringError, need_line: bool = True) -> None:
    assert error.problems, "a JaringError must carry at least one problem"
    for problem in error.problems:
        assert problem.path == REL
        assert problem.message and "\n" not in problem.message, problem
        assert "Traceback" not in problem.message
        if need_line:
            assert problem.line is not None and problem.line >= 1, f"no line for: {problem}"
            assert problem.col is not None and problem.col >= 1, f"no column for: {problem}"


def assert_key_marks(doc: Document, value, text: str, path: tuple = ()) -> None:
    """Every key's mark points at that key in the text, and every value has a mark."""
    lines = text.split("\n")
    assert path in doc.marks, path
    if isinstance(value, dict):
        for k, v in value.items():
            mark = doc.key_marks[path + (k,)]
            assert lines[mark.line - 1][mark.col - 1 :].startswith(k), (k, mark, lines[mark.line - 1])
            assert_key_marks(doc, v, text, path + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            assert_key_marks(doc, v, text, path + (i,))


# -- valid text reads back as written ------------------------------------------------------------


@FAST
@given(value=TREES, rnd=st.randoms(use_true_random=False))
def test_valid_yaml_round_trips(value, rnd):
    emitter = emit(value, rnd)
    text = text_of(emitter)
    doc = load(text)
    assert isinstance(doc, Document), f"refused valid YAML:\n{text}\n{doc}"
    assert doc.path == REL
    assert same(doc.value, value), f"\n{text}\nread as {doc.value!r}"
    assert_key_marks(doc, value, text)


@FAST
@given(value=MAPPINGS, rnd=st.randoms(use_true_random=False), bom=st.booleans(), crlf=st.booleans())
def test_bom_and_crlf_change_nothing(value, rnd, bom, crlf):
    text = text_of(emit(value, rnd))
    data = (b"\xef\xbb\xbf" if bom else b"") + (text.replace("\n", "\r\n") if crlf else text).encode()
    doc = parse_yaml(decode(data, REL), REL)
    assert same(doc.value, value)


@FAST
@given(word=st.sampled_from(["yes", "no", "on", "off", "y", "n", "Yes", "NO", "On", "OFF"]), key=KEYS)
def test_only_true_and_false_are_booleans(word, key):
    assert parse_yaml(f"{key}: {word}\n", REL).value == {key: word}


@FAST
@given(text=st.from_regex(r"[-+]?(0[0-9]+|[0-9]+_[0-9]+|0x[0-9a-f]+|0o[0-7]+|[0-9]+(:[0-5][0-9])+)", fullmatch=True))
def test_only_plain_decimal_digits_are_integers(text):
    value = parse_yaml(f"n: {text}\n", REL).value["n"]
    assert isinstance(value, str), (text, value)


# -- refused text is refused with a place --------------------------------------------------------

_KEY_LINE = re.compile(r"^(\s*(?:- )*)([a-z][a-z0-9_]*):( .*)?$")


def _key_lines(lines: list[str]) -> list[int]:
    return [i for i, line in enumerate(lines) if _KEY_LINE.match(line)]


def _with_value_prefix(line: str, prefix: str) -> str:
    lead, key, rest = _KEY_LINE.match(line).groups()
    return f"{lead}{key}: {prefix}{(rest or '').lstrip()}".rstrip()


@FAST
@given(
    value=MAPPINGS,
    rnd=st.randoms(use_true_random=False),
    pick=st.integers(min_value=0),
    fault=st.sampled_from(["anchor+alias", "alias", "tag", "python-tag", "local-tag"]),
)
def test_anchors_aliases_and_tags_are_refused_where_written(value, rnd, pick, fault):
    lines = emit(value, rnd).lines
    index = _key_lines(lines)[pick % len(_key_lines(lines))]
    if fault == "anchor+alias":
        lines[index] = _with_value_prefix(lines[index], "&a ")
        lines.append("zz_alias: *a")
    elif fault == "alias":
        lead, key, _ = _KEY_LINE.match(lines[index]).groups()
        lines[index] = f"{lead}{key}: *a"
        nested = index + 1 < len(lines) and len(lines[index + 1]) - len(lines[index + 1].lstrip(" -")) > len(lead)
        assume(not nested)  # an alias cannot also have a block under it
    else:
        tag = {"tag": "!!str ", "python-tag": "!!python/object/apply:os.system ", "local-tag": "!local "}[fault]
        lines[index] = _with_value_prefix(lines[index], tag)
    error = load("\n".join(lines) + "\n")
    assert isinstance(error, JaringError), "\n".join(lines)
    assert_located(error)
    word = {"anchor+alias": "anchor", "alias": "alias"}.get(fault, "tag")
    assert [p.line for p in error.problems] == [index + 1], (error, lines)
    assert word in error.problems[0].message


@FAST
@given(value=MAPPINGS, rnd=st.randoms(use_true_random=False), pick=st.integers(min_value=0))
def test_duplicate_keys_are_refused_at_the_second(value, rnd, pick):
    emitter = emit(value, rnd)
    col, first_key, last = emitter.mappings[pick % len(emitter.mappings)]
    lines = emitter.lines
    lines.insert(last + 1, " " * col + f"{first_key}: 1")
    error = load("\n".join(lines) + "\n")
    assert isinstance(error, JaringError), "\n".join(lines)
    assert_located(error)
    assert [(p.line, p.col) for p in error.problems] == [(last + 2, col + 1)]
    assert f"duplicate key '{first_key}'" in error.problems[0].message


@FAST
@given(value=MAPPINGS, rnd=st.randoms(use_true_random=False), pick=st.integers(min_value=0))
def test_tab_indentation_is_refused(value, rnd, pick):
    lines = emit(value, rnd).lines
    indented = [i for i, line in enumerate(lines) if line.startswith(" ")]
    assume(indented)
    index = indented[pick % len(indented)]
    lines[index] = "\t" + lines[index].lstrip(" ")
    error = load("\n".join(lines) + "\n")
    assert isinstance(error, JaringError), "\n".join(lines)
    assert_located(error)
    assert error.problems[0].line == index + 1, (error, lines)


@FAST
@given(value=MAPPINGS, rnd=st.randoms(use_true_random=False), cut=st.integers(min_value=0))
def test_truncated_text_is_read_or_refused_with_a_place(value, rnd, cut):
    text = text_of(emit(value, rnd))
    result = load(text[: cut % len(text)])
    if isinstance(result, JaringError):
        assert_located(result)


@settings(max_examples=300, deadline=None)
@given(
    value=MAPPINGS,
    rnd=st.randoms(use_true_random=False),
    flips=st.lists(
        st.tuples(st.integers(min_value=0), st.integers(min_value=1, max_value=255)), min_size=1, max_size=3
    ),
)
def test_flipped_bytes_are_read_or_refused_with_a_place(value, rnd, flips):
    data = bytearray(text_of(emit(value, rnd)).encode())
    for where, mask in flips:
        data[where % len(data)] ^= mask
    try:
        doc = parse_yaml(decode(bytes(data), REL), REL)
    except JaringError as exc:
        assert_located(exc)
    else:
        assert doc.path == REL


@FAST
@given(year=st.integers(1000, 9999), month=st.integers(0, 99), day=st.integers(0, 99))
def test_dates_are_real_or_refused(year, month, day):
    text = f"date: {year:04d}-{month:02d}-{day:02d}\n"
    try:
        real = dt.date(year, month, day)
    except ValueError:
        real = None
    result = load(text)
    if real is None:
        assert isinstance(result, JaringError)
        assert_located(result)
        assert "is not a real date" in result.problems[0].message
    else:
        assert result.value == {"date": real}


@FAST
@given(
    word=st.sampled_from([".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF", "-.inf", "+.inf", "-.Inf"]),
    flow=st.booleans(),
)
def test_nan_and_infinity_are_refused(word, flow):
    result = load(f"value: [{word}]\n" if flow else f"value: {word}\n")
    assert isinstance(result, JaringError)
    assert_located(result)


@FAST
@given(depth=st.integers(min_value=1, max_value=200), flow=st.booleans())
def test_deep_nesting_is_read_or_refused_with_a_place(depth, flow):
    if flow:
        text = "[" * depth + "]" * depth + "\n"
    else:
        text = "".join(" " * i + f"k{i}:\n" for i in range(depth))
    result = load(text)
    if isinstance(result, JaringError):
        assert_located(result)
        assert "nested deeper" in result.problems[0].message
        assert depth > 20
    else:
        assert depth <= 40


@FAST
@given(
    value=MAPPINGS,
    rnd=st.randoms(use_true_random=False),
    pick=st.integers(min_value=0),
    char=st.sampled_from(["\x00", "\x01", "\x08", "\x1b", "\x7f", "\x9f"]),
)
def test_control_characters_are_refused_with_a_place(value, rnd, pick, char):
    lines = emit(value, rnd).lines
    index = pick % len(lines)
    lines[index] += " x" + char
    error = load("\n".join(lines) + "\n")
    assert isinstance(error, JaringError)
    assert_located(error)
    assert error.problems[0].line == index + 1


@FAST
@given(
    value=MAPPINGS,
    rnd=st.randoms(use_true_random=False),
    pick=st.integers(min_value=0),
    char=st.sampled_from(["\x00", "\x01", "\x08", "\x1b", "\x7f", "\x9f"]),
)
def test_escaped_control_characters_are_refused_with_a_place(value, rnd, pick, char):
    lines = emit(value, rnd).lines
    index = 0 if pick % 2 else len(lines)  # a key of its own at the top level, first or last
    lines.insert(index, f"escaped: {double_quoted('ada' + char + 'di sini')}")
    error = load("\n".join(lines) + "\n")
    assert isinstance(error, JaringError)
    assert_located(error)
    assert (error.problems[0].line, error.problems[0].col) == (index + 1, 10)
    assert error.problems[0].message.startswith(f"control character U+{ord(char):04X} is not allowed")


BIDI = [
    "\u061c",
    "\u200e",
    "\u200f",
    "\u202a",
    "\u202b",
    "\u202c",
    "\u202d",
    "\u202e",
    "\u2066",
    "\u2067",
    "\u2068",
    "\u2069",
]


@FAST
@given(
    value=MAPPINGS,
    rnd=st.randoms(use_true_random=False),
    pick=st.integers(min_value=0),
    char=st.sampled_from(BIDI),
    escaped=st.booleans(),
)
def test_bidirectional_controls_are_refused_with_a_place(value, rnd, pick, char, escaped):
    lines = emit(value, rnd).lines
    index = 0 if pick % 2 else len(lines)
    written = double_quoted("ada" + char + "di sini") if escaped else "ada" + char + "di sini"
    lines.insert(index, f"teks: {written}")
    error = load("\n".join(lines) + "\n")
    assert isinstance(error, JaringError)
    assert_located(error)
    assert error.problems[0].line == index + 1
    assert error.problems[0].message.startswith(f"bidirectional control character U+{ord(char):04X} is not allowed")


@FAST
@given(digits=st.integers(min_value=4301, max_value=20000), sign=st.sampled_from(["", "-", "+"]))
def test_integers_too_long_for_python_are_refused_with_a_place(digits, sign):
    error = load(f"code: x\nvalue: {sign}{'7' * digits}\n")
    assert isinstance(error, JaringError)
    assert [(p.line, p.col, p.message) for p in error.problems] == [
        (2, 8, f"a number of {digits:,} digits is far too large to be a figure; check the value")
    ]


@pytest.mark.parametrize("text", ["", "\n", "# only a comment\n", "\ufeff"])
def test_empty_text_is_refused_with_a_place(text):
    error = load(text)
    assert isinstance(error, JaringError)
    assert_located(error)
