"""Markdown narratives and pages to safe HTML: Python-Markdown, then nh3 with an explicit allowlist.

Markdown passes raw HTML, ``<script>`` and ``javascript:`` links straight through, so its output is
never trusted: nh3 keeps only the tags and attributes below, and only http(s)/mailto links.
"""

from __future__ import annotations

import re

import markdown
import nh3

TAGS = {"p", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "strong", "em", "blockquote", "a", "code", "pre",
        "table", "thead", "tbody", "tr", "th", "td", "hr", "br"}
ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}, "h2": {"id"}, "h3": {"id"}, "h4": {"id"}}
URL_SCHEMES = {"http", "https", "mailto"}

_HEADING = re.compile(r"<(/?)h([1-6])\b")
_TITLE = re.compile(r"\A\s*#\s+(.+?)\s*#*\s*$", re.MULTILINE)


def to_html(text: str, section: bool = False) -> str:
    """A whole page (headings get ids to link to), or with ``section`` a part of one: its ``##``
    headings drop a level to sit under the page's own ``<h2>``, and get no ids that could clash."""
    extensions = ["tables", "sane_lists"] + ([] if section else ["toc"])
    html = markdown.markdown(text, extensions=extensions, output_format="html")
    if section:
        html = _HEADING.sub(lambda m: f"<{m.group(1)}h{min(int(m.group(2)) + 1, 6)}", html)
    return nh3.clean(html, tags=TAGS, attributes=ATTRIBUTES, url_schemes=URL_SCHEMES,
                     link_rel="noopener noreferrer nofollow", strip_comments=True)


def split_title(text: str, fallback: str) -> tuple[str, str]:
    """A page's ``# Title`` line becomes its title; the rest is its body."""
    match = _TITLE.match(text)
    if match is None:
        return fallback, text
    return match.group(1), text[match.end():]
