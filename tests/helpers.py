"""Helpers shared by several test files (imported as ``helpers``, beside conftest)."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit


class _Links(HTMLParser):
    """Every URL a page points to (href, src, data-spec) and every id it defines."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.urls: list[tuple[str, str]] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name == "id" and value:
                self.ids.add(value)
            elif name in ("href", "src", "data-spec") and value is not None:
                self.urls.append((f"<{tag} {name}>", value))
            elif tag == "a" and name == "name" and value:
                self.ids.add(value)


def _parse(file: Path) -> _Links:
    parser = _Links()
    parser.feed(file.read_text(encoding="utf-8"))
    parser.close()
    return parser


def broken_links(site: Path, root_path: str) -> tuple[dict[str, int], list[str]]:
    """Every internal link and #fragment of every HTML page of a built site (Pagefind's own files aside):
    ({page: internal links checked}, [what is broken]).

    Relative links are resolved from where each page sits, "/"-rooted links (the 404 page's: it is served at
    any depth) from ``root_path``, the path of the site's base_url; ?query is dropped; a folder means its
    index.html; a #fragment must be an id in the target page. Links to other hosts must be http(s),
    mailto or data URLs."""
    site = site.resolve()
    pages = {p: _parse(p) for p in sorted(site.rglob("*.html")) if "pagefind" not in p.relative_to(site).parts}
    broken: list[str] = []
    checked: dict[str, int] = {}
    for file, parsed in pages.items():
        name = file.relative_to(site).as_posix()
        checked[name] = 0
        for where, url in parsed.urls:
            parts = urlsplit(url)
            if parts.scheme or parts.netloc:
                if parts.scheme not in ("http", "https", "mailto", "data"):
                    broken.append(f"{name}: {where} {url} (scheme {parts.scheme!r})")
                continue
            path = unquote(parts.path)
            if path.startswith("/"):
                if not path.startswith(root_path):
                    broken.append(f"{name}: {where} {url} is outside the site's path {root_path}")
                    continue
                target = site / path.removeprefix(root_path)
            elif path:
                target = file.parent / path
            else:
                target = file  # "#fragment" or "?query" on the page itself
            target = target.resolve()
            if not target.is_relative_to(site):
                broken.append(f"{name}: {where} {url} leaves the site")
                continue
            if target.is_dir():
                target = target / "index.html"
            checked[name] += 1
            if not target.is_file():
                broken.append(f"{name}: {where} {url} (no {target.relative_to(site)})")
                continue
            if parts.fragment and target.suffix == ".html":
                ids = pages[target].ids if target in pages else _parse(target).ids
                if unquote(parts.fragment) not in ids:
                    broken.append(f"{name}: {where} {url} (no id {parts.fragment!r})")
    return checked, broken
