"""A reader's site (issue 12), read from the built files: what a page costs to load before any interaction,
the words it explains, what a page without data offers."""

from __future__ import annotations

import gzip
import re
from pathlib import Path
from urllib.parse import urljoin

import pytest

KUTIM = "kalimantan-timur/kabupaten-kutai-timur/"
BUDGET = 60 * 1024  # gzipped bytes a page may load before a reader does anything

# one page of every kind
KINDS = {
    "home": "index.html",
    "province": "kalimantan-timur/index.html",
    "regency": KUTIM + "index.html",
    "regency without data": "jawa-barat/kota-bandung/index.html",
    "embed": KUTIM + "sematkan/capaian/index.html",
    "compare": "bandingkan/index.html",
    "search": "cari/index.html",
    "downloads": "unduh/index.html",
    "text": "tentang/index.html",
    "404": "404.html",
}


def loaded_before_interaction(site: Path, rel: str) -> dict[str, int]:
    """The files a browser fetches for the page at once, each gzipped: the HTML, its stylesheets (print's too:
    browsers fetch it), scripts, icon and images. The Vega bundle is fetched only on a reader's request
    (button.live), Pagefind only when a search is made."""
    page = (site / rel).read_text(encoding="utf-8")
    found = {rel: len(gzip.compress(page.encode(), 9))}
    refs = (
        re.findall(r'<link rel="(?:stylesheet|icon)" href="([^"]+)"', page)
        + re.findall(r'<script src="([^"]+)"', page)
        + re.findall(r'<img src="([^"]+)"', page)
    )
    base = "https://x/" + rel
    for ref in refs:
        path = urljoin(base, ref).removeprefix("https://x/")
        if rel == "404.html":  # links from the site's path
            path = ref.lstrip("/") if ref.startswith("/") else path  # the seed site lives at "/"
        file = site / path
        assert file.is_file(), (rel, ref)
        found[path] = len(gzip.compress(file.read_bytes(), 9))
    return found


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_of_page_loads_at_most_60_kb_gzipped_before_interaction(seed_site, kind):
    files = loaded_before_interaction(seed_site, KINDS[kind])
    assert not any("vega" in name for name in files), files
    assert sum(files.values()) <= BUDGET, (kind, sum(files.values()), files)


def test_the_shipped_kutai_timur_page_keeps_the_budget(shipped_site):
    files = loaded_before_interaction(shipped_site, KUTIM + "index.html")
    assert sum(files.values()) <= BUDGET, (sum(files.values()), files)
