"""Where a site's inputs live, and the build date: light enough to import before deciding to build."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

OWN = Path(__file__).resolve().parent  # Jaring's own defaults: packaged, or the repository's


@dataclass(frozen=True)
class Layout:
    """Where a site's inputs live. Pages, templates and the register fall back to Jaring's own;
    narratives never do (they belong to one site's data)."""

    root: Path
    data: Path
    register: Path
    narratives: Path  # content/narratives/ of the root (may not exist)
    pages: Path  # content/pages/
    templates: Path
    static: Path


def layout(root: Path) -> Layout:
    """A site root holds data/; content/pages/, templates/ and data/register/ fall back to Jaring's own."""
    root = root.absolute()

    def own(*parts: str) -> Path:
        for base in (OWN / "_defaults", OWN.parent):
            if (base.joinpath(*parts)).is_dir():
                return base.joinpath(*parts)
        return OWN.parent.joinpath(*parts)

    def pick(local: Path, *parts: str) -> Path:
        return local if local.is_dir() else own(*parts)

    data = root / "data"
    templates = pick(root / "templates", "templates")
    return Layout(root, data, pick(data / "register", "data", "register"), root / "content" / "narratives",
                  pick(root / "content" / "pages", "content", "pages"), templates, templates / "static")


def build_date() -> dt.date:
    """SOURCE_DATE_EPOCH when set (reproducible builds), else today in UTC."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    now = dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc) if epoch else dt.datetime.now(dt.timezone.utc)
    return now.date()
