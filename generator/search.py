"""The search index: Pagefind reads the built pages (before they go live) and writes ``pagefind/``.

Pagefind indexes each page's ``<main data-pagefind-body>``; embeds, the search page and 404 have no
such mark and stay out. Long tables (every figure, sources, timeline) are ``data-pagefind-ignore``:
readers search for places, and indexing every number of 514 pages tripled the time. It runs on the staging folder, so a failed index leaves ``output/`` as it was.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .errors import OutputError


def index(site: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "pagefind", "--site", str(site), "--output-subdir", "pagefind",
                           "--force-language", "id",
                           "--glob", "{index.html,*/index.html,*/*/index.html}"], capture_output=True, text=True)
    if done.returncode != 0:
        raise OutputError(f"the search index could not be built (Pagefind): {done.stderr.strip() or done.stdout.strip()}")
