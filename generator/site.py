"""Stage 5, the site's units made: their pages (through the table of page kinds), data files and the
files of their pictures. ``build`` says which units to make; this module says what each is made of.

Pages do not wait for their pictures: a page needs only its pictures' sizes, which are filled in once
drawn (``Chart.dimension``). So the pages the search index reads are rendered first, the index is
started while the pictures are drawn, and the rest follows.
"""

from __future__ import annotations

import dataclasses
import functools
import json
from collections.abc import Callable
from dataclasses import dataclass, field

from jinja2 import Environment

from . import charts, datasets, feeds, narrative, pages, render, search, urls, write
from .cards import card_svg
from .charts import Chart
from .derive import Report
from .fmt import Formatter
from .graph import NATIONAL, Unit, UnitKind, province, regency
from .pages import Page, RegencyPage
from .presskit import press_kit
from .quality import summary
from .validate import Inputs


@dataclass(frozen=True)
class Context:
    """What every page of one build reads."""

    inputs: Inputs
    reports: list[Report]
    f: Formatter
    env: Environment
    assets: dict[str, tuple[str, bytes]]  # static file name -> (hashed output path, bytes)
    charts: dict[str, list[Chart]]  # page path -> its charts, each with its source line
    share: Callable[[Report], datasets.Share]  # a regency's rows of the site-wide downloads (memoised)

    @functools.cached_property
    def by_code(self) -> dict[str, Report]:
        return {r.regency.code: r for r in self.reports}

    @functools.cached_property
    def by_province(self) -> dict[str, list[Report]]:
        """Each province's reports, in the register's order (a page per regency would scan them all)."""
        found: dict[str, list[Report]] = {}
        for r in self.reports:
            found.setdefault(r.province.code, []).append(r)
        return found


@dataclass
class Made:
    """The outputs of the units made so far."""

    files: dict[Unit, dict[str, bytes]] = field(default_factory=dict)  # unit -> path -> bytes
    spilled: dict[Unit, dict[str, write.Spilled]] = field(default_factory=dict)  # unit -> path -> written out
    docs: dict[Unit, dict[str, bytes]] = field(default_factory=dict)  # unit -> page path -> search document
    pages: int = 0
    charted: list[tuple[Unit, Page]] = field(default_factory=list)  # pages whose pictures are still to come
    regencies: list[tuple[Unit, RegencyPage]] = field(default_factory=list)  # with data: card and press kit to come
    listed: list[Page] = field(default_factory=list)  # national pages of the sitemap

    def outputs(self, unit: Unit) -> dict[str, write.Content]:
        """Every file of ``unit``: those held in memory and those written out already (pictures, press kits)."""
        return {**self.files.get(unit, {}), **self.spilled.get(unit, {})}

    def put(self, unit: Unit, path: str, content: write.Content) -> None:
        if isinstance(content, bytes):
            self.files.setdefault(unit, {})[path] = content
        else:
            self.spilled.setdefault(unit, {})[path] = content


@dataclass(frozen=True)
class PageKind:
    unit: UnitKind
    template: str
    pages: Callable[[Context, Unit], list[Page]]  # the contexts of this kind's pages in one unit


def _regency(ctx: Context, unit: Unit) -> list[Page]:
    r = ctx.by_code[unit.code]
    path = urls.regency(r.regency, r.province) + "index.html"
    story = narrative.to_html(ctx.inputs.narratives.get(r.regency.code, ""), section=True)
    neighbours = tuple(x for x in ctx.by_province[r.province.code] if x is not r) if r.data is None else ()
    return [pages.regency_page(ctx.inputs, ctx.f, r, ctx.charts.get(path, []), story, neighbours)]


def _province(ctx: Context, unit: Unit) -> list[Page]:
    mine = ctx.by_province.get(unit.code, [])
    return [pages.province_page(ctx.inputs, ctx.f, ctx.inputs.register.provinces[unit.code], mine)]


def _home(ctx: Context, unit: Unit) -> list[Page]:
    return [pages.home_page(ctx.inputs, ctx.f, ctx.reports, next(iter(ctx.charts.get("index.html", [])), None))]


def _text(ctx: Context, unit: Unit) -> list[Page]:
    made: list[Page] = []
    for slug, text in ctx.inputs.pages.items():
        title, body = narrative.split_title(text, slug.capitalize())
        quality = summary(ctx.reports) if slug == pages.METHODOLOGY else None
        made.append(pages.text_page(ctx.inputs, ctx.f, slug, title, narrative.to_html(body), quality))
    return made


def _compare(ctx: Context, unit: Unit) -> list[Page]:
    return [pages.compare_page(ctx.inputs, ctx.f, ctx.reports)]


def _search(ctx: Context, unit: Unit) -> list[Page]:
    return [pages.search_page(ctx.inputs, ctx.f)]


def _not_found(ctx: Context, unit: Unit) -> list[Page]:
    return [pages.not_found_page(ctx.inputs, ctx.f)]


# The pages the search index reads, then the others. (The downloads page lists the data files, made
# with the national unit; the embed pages follow the pages whose charts they show.)
SEARCHED = [
    PageKind("regency", "regency.html", _regency),
    PageKind("province", "province.html", _province),
    PageKind("national", "home.html", _home),
    PageKind("national", "text.html", _text),
    PageKind("national", "compare.html", _compare),
]
UNSEARCHED = [PageKind("national", "search.html", _search), PageKind("national", "404.html", _not_found)]


def units_in_order(inputs: Inputs, todo: set[Unit]) -> list[Unit]:
    """The units to make in the register's order, so pages and files come out in the same order always."""
    every = (
        [regency(code) for code in inputs.register.regencies]
        + [province(code) for code in inputs.register.provinces]
        + [NATIONAL]
    )
    return [unit for unit in every if unit in todo]


def render_searched(ctx: Context, todo: list[Unit], made: Made, advance: Callable[[int], None]) -> None:
    """The pages of the search index, and the data files the downloads page describes."""
    for unit in todo:
        for kind in (k for k in SEARCHED if k.unit == unit.kind):
            for page in kind.pages(ctx, unit):
                _html(ctx, made, unit, kind.template, page)
                if isinstance(page, RegencyPage) and page.report is not None:  # with data: its JSON too
                    made.files[unit][urls.regency_data(unit.code)] = datasets.regency_file(
                        page.report, ctx.f, ctx.inputs.settings.base_url
                    )
        if unit == NATIONAL:
            made.files[unit].update(
                datasets.files(
                    ctx.inputs, ctx.reports, ctx.f, ctx.inputs.settings.base_url, per_regency=False, share_of=ctx.share
                )
            )
            downloads = pages.downloads_page(ctx.inputs, ctx.f, made.files[unit])
            _html(ctx, made, unit, "downloads.html", downloads)
        advance(1)


def render_rest(ctx: Context, todo: list[Unit], made: Made) -> None:
    """Embed pages, the search and 404 pages, the sitemap, robots.txt, the feed and the static files."""
    for unit, page in list(made.charted):
        for view in page.charts:  # type: ignore[attr-defined]
            _html(ctx, made, unit, "embed.html", pages.embed_page(ctx.inputs, ctx.f, page, view))
    if NATIONAL not in todo:
        return
    for kind in UNSEARCHED:
        for page in kind.pages(ctx, NATIONAL):
            _html(ctx, made, NATIONAL, kind.template, page)
    inputs, base_url = ctx.inputs, ctx.inputs.settings.base_url
    listed = (
        [p.url_path for p in made.listed if p.indexed]
        + [urls.province(p) for p in inputs.register.provinces.values()]
        + [urls.regency(r.regency, r.province) for r in ctx.reports]
    )
    updated = {urls.regency(r.regency, r.province): pages.data_date(r) for r in ctx.reports if r.data}
    national = made.files[NATIONAL]
    national.update(dict(ctx.assets.values()))
    national.update(
        {
            urls.SITEMAP: feeds.sitemap(base_url, listed, updated),
            urls.ROBOTS: feeds.robots(base_url),
            urls.FEED: feeds.feed(ctx.reports, ctx.f, base_url, inputs.settings.title, inputs.build_date),
        }
    )


def _html(ctx: Context, made: Made, unit: Unit, template: str, page: Page) -> None:
    text = render.render(ctx.env, template, page)
    made.files.setdefault(unit, {})[page.path] = text.encode()
    if page.indexed:
        made.docs.setdefault(unit, {})[page.path] = search.document(text)
    made.pages += 1
    if unit == NATIONAL and template != "embed.html":
        made.listed.append(page)
    if getattr(page, "charts", ()) and template != "embed.html":
        made.charted.append((unit, page))
    if isinstance(page, RegencyPage) and page.has_data:
        made.regencies.append((unit, page))


# --- pictures --------------------------------------------------------------------------------------


def card(inputs: Inputs, f: Formatter, report: Report) -> str:
    """The social card of a regency: its headline figure (the first one with a value), name and source."""
    figures = pages.headline(report)
    head = next((x for x in figures if x.value is not None), figures[0])
    when = f.figure_when(head)
    meta = f"{f.kind(head).capitalize()} · {when}" if when else f.kind(head).capitalize()
    return card_svg(
        inputs.settings.title,
        report.regency.name,
        report.province.name,
        f.label(head),
        f.display(head),
        meta,
        pages.source_line(inputs, f, head.sources, signed=False),
    )


def place_pictures(
    ctx: Context,
    made: Made,
    pictures: dict[tuple[str, str], tuple[str, write.Content]],
    templates: dict[str, dict],
    cards: dict[str, write.Content],
    keep: Callable[[bytes], write.Content] = lambda data: data,
) -> None:
    """Drawn pictures into their pages (sizes) and beside them (files); cards and press kits.

    ``pictures``: (page path, chart id) -> (svg, png); ``cards``: regency code -> PNG; a PNG may have
    been written out already (``write.Spilled``). ``keep`` takes each press kit as it is made (a
    ``write.Spill`` writes it out: together they were ~0.9 GB for the whole country)."""
    drawn = {}
    for unit, page in made.charted:
        out = made.files[unit]
        for view in page.charts:  # type: ignore[attr-defined]
            svg, png = pictures[page.path, view.chart.id]
            chart = dataclasses.replace(view.chart, svg=svg)
            drawn[page.path, view.chart.id] = chart, png
            stem = page.url_path + view.files
            out[stem + ".svg"] = chart.svg.encode()
            made.put(unit, stem + ".png", png)
            out[stem + ".csv"] = charts.to_csv(chart)
            out[stem + ".vl.json"] = json.dumps(
                charts.fill(templates[chart.id]["vl"], chart, ctx.f), ensure_ascii=False, sort_keys=True
            ).encode()
            for path in (page.path, f"{page.url_path}{view.embed_href}index.html"):
                out[path] = chart.fill_sizes(out[path])
    unfilled = [
        path for out in made.files.values() for path, data in out.items() if path.endswith(".html") and b"\0" in data
    ]
    if unfilled:  # a picture's size left as a placeholder: a bug, never to be published
        raise RuntimeError(f"picture sizes were not filled in: {unfilled[:3]}")
    base_url = ctx.inputs.settings.base_url
    for unit, page in made.regencies:
        assert page.report is not None
        made.put(unit, page.url_path + page.image, cards[page.regency.code])
        figures_csv, sources_csv = datasets.regency_csvs(page.report, ctx.f, base_url)
        kit_charts = [
            dataclasses.replace(chart, png=write.read(png))
            for chart, png in (drawn[page.path, v.chart.id] for v in page.charts)
        ]
        kit = press_kit(page, kit_charts, figures_csv, sources_csv, ctx.inputs.build_date)
        made.put(unit, page.url_path + page.press_kit, keep(kit))
