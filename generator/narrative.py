"""Markdown narratives and pages to safe HTML: Python-Markdown, then nh3 with an explicit allowlist.

Markdown passes raw HTML, ``<script>`` and ``javascript:`` links straight through, so its output is
never trusted: nh3 keeps only the tags and attributes below, and only http(s)/mailto links. No ``id``
written in the text survives: a narrative's headings get none, a page's get only those made here
from their titles, so no text can repeat an id of the page around it.

Python-Markdown takes time that grows with the square (or worse) of some constructs: unclosed ``[``
(20 KB of them took 41 s), ``<``, backticks, and lists or quotes nested hundreds deep end in a
RecursionError. ``limits`` finds them before parsing, so ``validate`` can refuse them with a place:
a file is at most MAX_BYTES, a paragraph at most MAX_BLOCK characters, and holds at most MAX_MARKS
of each of those characters; nesting goes at most MAX_DEPTH deep.
"""

from __future__ import annotations

import html as html_lib
import re
import secrets
from typing import TYPE_CHECKING

import markdown
import nh3

if TYPE_CHECKING:
    from .derive import Figure, Report
    from .fmt import Formatter

TAGS = {
    "p",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "li",
    "strong",
    "em",
    "blockquote",
    "a",
    "code",
    "pre",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "hr",
    "br",
}
ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}
PAGE_ATTRIBUTES = {**ATTRIBUTES, "h2": {"id"}, "h3": {"id"}, "h4": {"id"}}  # ids made here only (see to_html)
URL_SCHEMES = {"http", "https", "mailto"}
PAGE_IDS = {"isi", "cari-atas"}  # ids of templates/base.html, around every page: a heading never takes them

MAX_BYTES = 64 * 1024  # the real narratives and pages are 1.4-3.5 KB
MAX_BLOCK = 8 * 1024  # characters in one paragraph (lines between blank lines)
MAX_MARKS = {"[": 32, "<": 32, "`": 64}  # per paragraph; Markdown's time grows with the square of these
MAX_DEPTH = 16  # lists and quotes within each other
_NESTING = re.compile(r"[ \t]*(?:>|(?:[*+-]|\d+[.)])(?=\s|$))")
BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")

_HEADING = re.compile(r"<(/?)h([1-6])\b")
_TITLE = re.compile(r"\A\s*#\s+(.+?)\s*#*\s*$", re.MULTILINE)


def to_html(text: str, section: bool = False) -> str:
    """A whole page (headings get ids to link to), or with ``section`` a part of one: its ``##``
    headings drop a level to sit under the page's own ``<h2>``, and get no ids that could clash."""
    # The ids Markdown's toc makes start with a token no text can guess; nh3 keeps only those.
    token = "" if section else "t" + secrets.token_hex(8)
    extensions = ["tables", "sane_lists"] + ([] if section else ["toc"])
    configs = {} if section else {"toc": {"slugify": lambda value, sep: token + _slugify(value, sep)}}
    try:
        html = markdown.markdown(text, extensions=extensions, extension_configs=configs, output_format="html")
    except RecursionError:  # validate refuses deep nesting first (see limits); never let one escape
        html = "".join(f"<p>{html_lib.escape(part)}</p>" for part in text.split("\n\n") if part.strip())
    if section:
        html = _HEADING.sub(lambda m: f"<{m.group(1)}h{min(int(m.group(2)) + 1, 6)}", html)

    def made_here(element: str, attribute: str, value: str) -> str | None:
        if attribute == "href" and token and value.startswith("#" + token):  # a [TOC] of the page's headings
            return "#" + value[len(token) + 1 :]
        if attribute != "id":
            return value
        mine = token and value.startswith(token) and value[len(token) :] not in PAGE_IDS
        return value[len(token) :] if mine else None

    return nh3.clean(
        html,
        tags=TAGS,
        attributes=ATTRIBUTES if section else PAGE_ATTRIBUTES,
        attribute_filter=made_here,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


def _slugify(value: str, separator: str) -> str:
    from markdown.extensions.toc import slugify

    return slugify(value, separator)


def limits(text: str) -> list[tuple[int, int, str]]:
    """(line, column, message) for each construct over the limits above, checked before parsing:
    the first of each kind per paragraph, so a pathological file gives a few lines, not thousands."""
    found = []
    if (bidi := BIDI.search(text)) is not None:
        found.append(
            (
                *_place(text, bidi.start()),
                f"bidirectional control character U+{ord(bidi[0]):04X} is "
                "not allowed (it can make text display in a misleading order); "
                "delete it",
            )
        )
    start = 0
    for block in re.split(r"(\n[ \t]*\n)", text):
        if block.strip() and not block.startswith("\n"):
            found += _block_limits(text, start, block)
        start += len(block)
    return found


def _block_limits(text: str, start: int, block: str) -> list[tuple[int, int, str]]:
    found = []
    if len(block) > MAX_BLOCK:
        found.append(
            (
                *_place(text, start),
                f"this paragraph is {len(block):,} characters long, over the limit of "
                f"{MAX_BLOCK:,}; split it with a blank line",
            )
        )
    for mark, limit in MAX_MARKS.items():
        if block.count(mark) > limit:
            at = start + [i for i, c in enumerate(block) if c == mark][limit]
            found.append(
                (
                    *_place(text, at),
                    f"this paragraph has {block.count(mark):,} '{mark}' characters, over "
                    f"the limit of {limit} (Markdown slows down badly on many); "
                    "split the paragraph or write fewer",
                )
            )
    offset = 0
    for line in block.split("\n"):
        depth = _depth(line)
        if depth > MAX_DEPTH:
            found.append(
                (*_place(text, start + offset), f"lists or quotes nested {depth} deep, over the limit of {MAX_DEPTH}")
            )
            break
        offset += len(line) + 1
    return found


def _depth(line: str) -> int:
    """How deep a line nests: its list and quote markers, and its indentation in steps of 4 spaces."""
    expanded = line.expandtabs(4)
    depth, end = (len(expanded) - len(expanded.lstrip(" "))) // 4, 0
    while (marker := _NESTING.match(line, end)) is not None:
        depth, end = depth + 1, marker.end()
    return depth


def _place(text: str, index: int) -> tuple[int, int]:
    return text.count("\n", 0, index) + 1, index - (text.rfind("\n", 0, index) + 1) + 1


def split_title(text: str, fallback: str) -> tuple[str, str]:
    """A page's ``# Title`` line becomes its title; the rest is its body."""
    match = _TITLE.match(text)
    if match is None:
        return fallback, text
    return match.group(1), text[match.end() :]


def generated_summary(report: Report, f: Formatter) -> str:
    """A short summary made from a regency's data, for an edition without a narrative written in its language:
    its headline figures as the page shows them, each with its date and publishers, under a line that says the
    text was generated. Safe HTML (every value escaped); "" for a regency without data."""
    if report.data is None:
        return ""
    publishers = {f"{report.data.code}/{s.id}": s.publisher for s in report.data.sources}
    lines = []
    for figure in _summary_figures(report):
        said = f"{escape(f.label(figure))}: <strong>{escape(f.display(figure))}</strong>"
        details = [f.figure_when(figure)] if f.figure_when(figure) else []
        if figure.kind == "derived":
            details.append(f._("turunan: {formula}", formula=f.formula(figure.formula)))
        names = list(dict.fromkeys(publishers[k] for k in figure.sources if k in publishers))
        if names:
            details.append(f._("sumber: {publishers}", publishers=", ".join(names)))
        lines.append(f"<li>{said}" + (f" ({escape('; '.join(details))})" if details else "") + ".</li>")
    note = f._(
        "Ringkasan ini dibuat dari data, bukan ditulis oleh redaksi: angka utama {place} sebagaimana tercantum "
        "di halaman ini, masing-masing dengan tanggal dan sumbernya.",
        place=report.regency.name,
    )
    return (
        f'<p class="generated"><em>{escape(note)}</em></p>\n<ul class="generated-figures">\n'
        + "\n".join(lines)
        + "\n</ul>"
    )


def _summary_figures(report: Report) -> list[Figure]:
    """The headline figures (count, target, share of target, the latest budget), those that have a value."""
    chosen = [report.protected, report.target, report.first("share-of-target"), *report.budget_years()[-1:]]
    return [x for x in chosen if x is not None and x.value is not None]


def escape(text: str) -> str:
    return html_lib.escape(text, quote=True)
