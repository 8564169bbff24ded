"""The orchestrator: gather and check everything in memory, and only then render and write.

    data/*.yaml ─┐
    content/*.md ├─> load ─> validate ─> derive ─> charts ─> pages ─> render ─> write (atomic) ─> output/
    templates/ ──┘                                                            └─> search index (Pagefind)
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
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
    from . import charts, datasets, render, search, write  # the heavy stages, imported only when a build needs them

    reports = [derive.report(regency, inputs.register, inputs.regencies.get(code))
               for code, regency in inputs.register.regencies.items()]
    drawn = draw(inputs, reports)
    data_files = datasets.files(inputs, reports, inputs.settings.base_url)
    site = site_pages(inputs, reports, drawn, data_files)
    assets = render.hashed_assets(where.static, {"vega.js": charts.javascript_bundle()})
    env = render.environment(where.templates, {name: path for name, (path, _) in assets.items()})
    files = {page.path: render.render(env, template, page).encode() for template, page in site}
    files.update({path: data for path, data in assets.values()})
    files.update(data_files)
    files.update(downloads(inputs, reports, [page for _, page in site]))
    write.write_site(files, output or where.root / "output", where.root,
                     [where.data, where.narratives.parent, where.pages, where.templates],
                     before_swap=search.index)
    return Summary(inputs.warnings, len(site), sum(len(cs) for cs in drawn.values()), time.perf_counter() - started)


def draw(inputs: Inputs, reports: list[derive.Report]) -> dict[str, list]:
    """Every chart of the site, drawn, by the path of the page that shows it."""
    from . import charts

    wanted = {pages.regency_path(r) + "index.html": charts.regency_charts(r) for r in reports if r.data is not None}
    if (national := charts.comparison(reports)) is not None:
        wanted["index.html"] = [national]
    kinds = charts.templates()
    return {path: charts.render([dataclasses.replace(c, source_line=pages.source_line(inputs, c.sources))
                                 for c in found], kinds)
            for path, found in wanted.items() if found}


def site_pages(inputs: Inputs, reports: list[derive.Report], drawn: dict[str, list],
               data_files: dict[str, bytes]) -> list[tuple[str, pages.Page]]:
    """(template, page context) for every HTML page: home, provinces, regencies, embeds, the rest."""
    site: list[tuple[str, pages.Page]] = [
        ("home.html", pages.home_page(inputs, reports, (drawn.get("index.html") or [None])[0]))]
    for code, province in inputs.register.provinces.items():
        site.append(("province.html", pages.province_page(
            inputs, province, [r for r in reports if r.province.code == code])))
    for r in reports:
        story = narrative.to_html(inputs.narratives.get(r.regency.code, ""), section=True)
        path = pages.regency_path(r) + "index.html"
        site.append(("regency.html", pages.regency_page(inputs, r, drawn.get(path, []), story)))
    for slug, text in inputs.pages.items():
        title, body = narrative.split_title(text, slug.capitalize())
        site.append(("text.html", pages.text_page(inputs, slug, title, narrative.to_html(body))))
    site += [("compare.html", pages.compare_page(inputs, reports)), ("search.html", pages.search_page(inputs)),
             ("downloads.html", pages.downloads_page(inputs, data_files)),
             ("404.html", pages.not_found_page(inputs))]
    site += [("embed.html", pages.embed_page(inputs, page, view))
             for _, page in list(site) for view in getattr(page, "charts", ())]
    return site


def downloads(inputs: Inputs, reports: list[derive.Report], site: list[pages.Page]) -> dict[str, bytes]:
    """The files beside the pages: chart files, social cards, press kits, sitemap, robots.txt, feed."""
    from . import cards, charts, datasets, feeds, presskit

    base_url = inputs.settings.base_url
    files: dict[str, bytes] = {}
    kinds = None
    for page in site:
        for view in getattr(page, "charts", ()):
            chart, stem = view.chart, page.url_path + view.files
            files[stem + ".svg"], files[stem + ".png"] = chart.svg.encode(), chart.png
            files[stem + ".csv"] = charts.to_csv(chart)
            kinds = kinds or charts.templates()
            files[stem + ".vl.json"] = json.dumps(charts.fill(kinds[chart.id], chart), ensure_ascii=False,
                                                  sort_keys=True).encode()
        if isinstance(page, pages.RegencyPage) and page.report.data is not None:
            head = next((f for f in page.headline if f.value is not None), page.headline[0])
            files[page.url_path + page.image] = cards.card_png(cards.card_svg(
                inputs.settings.title, page.report.regency.name, page.report.province.name, head.label, head.display,
                f"{head.kind.capitalize()} · {head.when}" if head.when else head.kind.capitalize(),
                pages.source_line(inputs, head.sources, signed=False)))
            figures_csv, sources_csv = datasets.regency_csvs(inputs, page.report, base_url)
            files[page.url_path + page.press_kit] = presskit.press_kit(
                page, [v.chart for v in page.charts], figures_csv, sources_csv, inputs.build_date)
    updated = {p.url_path: max(s.accessed for s in r.data.sources)
               for p in site if isinstance(p, pages.RegencyPage) and (r := p.report).data is not None}
    files["sitemap.xml"] = feeds.sitemap(site, updated)
    files["robots.txt"] = feeds.robots(base_url)
    files["feed.xml"] = feeds.feed(reports, base_url, inputs.settings.title, inputs.build_date)
    return files
