"""The orchestrator: gather and check everything in memory, and only then render and write.

    data/*.yaml ─┐
    content/*.md ├─> load ─> validate ─> derive ─> charts ─> render ─> write (atomic) ─> output/
    templates/ ──┘
"""

from __future__ import annotations

import datetime as dt
import os
import time
from dataclasses import dataclass
from pathlib import Path

from . import derive, narrative, pages
from .errors import JaringError, Problem
from .register import load_register
from .validate import Inputs, Layout, check

OWN = Path(__file__).resolve().parent  # Jaring's own defaults: packaged, or the repository's


@dataclass(frozen=True)
class Summary:
    warnings: list[Problem]
    pages: int
    charts: int
    seconds: float


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


def gather(root: Path) -> tuple[Layout, Inputs]:
    """Load and validate every input; raises JaringError listing every problem."""
    where = layout(root)
    return where, check(where, load_register(where.register), build_date())


def build(root: Path, output: Path | None = None, strict: bool = False) -> Summary:
    started = time.perf_counter()
    where, inputs = gather(root)
    if strict and inputs.warnings:
        raise JaringError(inputs.warnings)
    from . import charts, render, write  # the heavy stages, imported only when a build needs them

    reports = [derive.report(regency, inputs.register, inputs.regencies.get(code))
               for code, regency in inputs.register.regencies.items()]
    chart_lists = {r.regency.code: charts.render_svgs(charts.regency_charts(r, reports))
                   for r in reports if r.data is not None}
    national = charts.render_svgs([charts.comparison(reports)])[0] if chart_lists else None

    assets = render.hashed_assets(where.static)
    env = render.environment(where.templates, {name: path for name, (path, _) in assets.items()})
    site: list[tuple[str, pages.Page]] = [("home.html", pages.home_page(inputs, reports, national))]
    for code, province in inputs.register.provinces.items():
        site.append(("province.html", pages.province_page(
            inputs, province, [r for r in reports if r.province.code == code])))
    for r in reports:
        story = narrative.to_html(inputs.narratives.get(r.regency.code, ""), section=True)
        site.append(("regency.html", pages.regency_page(inputs, r, chart_lists.get(r.regency.code, []), story)))
    for slug, text in inputs.pages.items():
        title, body = narrative.split_title(text, slug.capitalize())
        site.append(("text.html", pages.text_page(inputs, slug, title, narrative.to_html(body))))

    files = {page.path: render.render(env, template, page).encode() for template, page in site}
    files.update({path: data for path, data in assets.values()})
    write.write_site(files, output or where.root / "output", where.root,
                     [where.data, where.narratives.parent, where.pages, where.templates])
    return Summary(inputs.warnings, len(site), sum(len(cs) for cs in chart_lists.values()) + bool(national),
                   time.perf_counter() - started)
