"""Publishing the way static hosts expect (issue 17): the ``_headers`` file, ``--base-url``, the example host
refused by ``--strict``, the GitHub Pages workflow."""

from __future__ import annotations

import html
import re
from pathlib import Path

import yaml

from conftest import REPO


def parse_headers(text: str) -> list[tuple[str, list[str], list[tuple[str, str]]]]:
    """``_headers`` as (path, detached header names, headers) in file order."""
    rules: list[tuple[str, list[str], list[tuple[str, str]]]] = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            rules.append((line.strip(), [], []))
        elif line.strip().startswith("!"):
            rules[-1][1].append(line.strip()[1:].strip().lower())
        else:
            name, value = line.strip().split(":", 1)
            rules[-1][2].append((name.strip().lower(), value.strip()))
    return rules


def pattern(path: str) -> re.Pattern:
    """A host's path pattern: "*" any characters (slashes too), ":name" one path segment."""
    parts = re.split(r"(\*|:[a-z]+)", path)
    return re.compile(
        "".join(".*" if p == "*" else "[^/]+" if p.startswith(":") else re.escape(p) for p in parts) + r"\Z"
    )


def served(rules, path: str) -> dict[str, list[str]]:
    """The headers a request for ``path`` gets: every matching rule's, in order; a detached header drops
    what broader rules set (Cloudflare Pages' documented semantics)."""
    got: dict[str, list[str]] = {}
    for rule, detached, headers in rules:
        if pattern(rule).match(path):
            for name in detached:
                got.pop(name, None)
            for name, value in headers:
                got.setdefault(name, []).append(value)
    return got


def meta_csp(page: Path) -> str:
    found = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', page.read_text("utf-8"))
    assert found, page
    return html.unescape(found[1])


def test_the_headers_csp_is_each_pages_meta_csp_with_who_may_frame_it(seed_site):
    rules = parse_headers((seed_site / "_headers").read_text(encoding="utf-8"))
    pages = sorted(seed_site.rglob("*.html"))
    embeds = [p for p in pages if "/sematkan/" in p.as_posix()]
    assert embeds and len(pages) > len(embeds) + 500
    for page in pages:
        rel = page.relative_to(seed_site).as_posix()
        url = "/" + rel.removesuffix("index.html")  # how a reader asks for it
        framing = "frame-ancestors *" if page in embeds else "frame-ancestors 'self'"
        for asked in {url, "/" + rel}:
            got = served(rules, asked)
            assert got["content-security-policy"] == [f"{meta_csp(page)}; {framing}"], asked
            assert got["x-content-type-options"] == ["nosniff"]
            assert got["referrer-policy"] == ["strict-origin-when-cross-origin"]
            assert "cache-control" not in got, asked  # pages change under one name


def test_hashed_static_files_are_cached_for_a_year_and_nothing_else_is(seed_site):
    rules = parse_headers((seed_site / "_headers").read_text(encoding="utf-8"))
    static = sorted(p for p in (seed_site / "static").iterdir())
    assert static
    for file in static:
        assert re.search(r"\.[0-9a-f]{8,}(\.|$)", file.name), file.name  # content-hashed
        got = served(rules, "/static/" + file.name)
        assert got["cache-control"] == ["public, max-age=31536000, immutable"]
    for rel in ["feed.xml", "data/angka.csv", "pagefind/pagefind.js", "sitemap.xml"]:
        assert (seed_site / rel).exists(), rel
        assert "cache-control" not in served(rules, "/" + rel), rel


def test_the_shipped_site_settings_name_the_example_host():
    """The warning and --strict refusal below are about this host: keep the test honest if it changes."""
    settings = yaml.safe_load((REPO / "data/site.yaml").read_text(encoding="utf-8"))
    assert settings["base_url"] == "https://jaring.example.org/"
