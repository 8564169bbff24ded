"""Stage 5, the site's units made: their pages (through the table of page kinds), data files and the
files of their pictures. ``build`` says which units to make; this module says what each is made of.

Each edition of the site (one per language of ``site.yaml``) is made by the same functions with its own
``Context``: its formatter, templates in its language, its base URL. Its outputs are at the paths its
pages know (``cari/index.html``), and ``build`` puts them in the edition's folder (``en/cari/index.html``).

Pages do not wait for their pictures: a page needs only its pictures' sizes, which are filled in once
drawn (``Chart.dimension``). So the pages the search index reads are rendered first, the index is
started while the pictures are drawn, and the rest follows.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field

from jinja2 import Environment

from . import charts, datasets, feeds, headers, maps, narrative, pages, render, search, urls, write
from .cards import card_svg
from .charts import Chart
from .derive import Report
from .fmt import Formatter
from .graph import NATIONAL, Unit, UnitKind, province, regency
from .history import NO_HISTORIES, Histories
from .pages import Page, RegencyPage
from .presskit import press_kit
from .quality import summary
from .validate import Inputs

# og:locale of each language: Open Graph wants a territory
OG_LOCALES = {"id": "id_ID", "en": "en_US"}
# a language named in itself, for the switcher: names, not messages to translate
NAMES = {"id": "Bahasa Indonesia", "en": "English"}


@dataclass(frozen=True)
class Switch:
    """A link to the same page in another edition."""

    language: str
    name: str
    href: str
    locale: str


@dataclass(frozen=True)
class Edition:
    """One language's edition of the site: where it lives, and how its pages point at the others
    (templates read it as ``edition``: ``edition.alternates(page)``, ``edition.others(page)``)."""

    language: str
    languages: tuple[str, ...]  # every edition's, the default first
    site_url: str  # the base URL of the whole site (the default edition's)

    @property
    def default(self) -> bool:
        return self.language == self.languages[0]

    @property
    def folder(self) -> str:
        return urls.edition(self.language, self.languages)

    @property
    def base_url(self) -> str:
        """This edition's root URL: what its pages' canonical and shared URLs start with."""
        return self.site_url + self.folder

    @property
    def locale(self) -> str:
        return OG_LOCALES[self.language]

    def alternates(self, page: Page) -> list[tuple[str, str]]:
        """(hreflang, absolute URL) of the page in every edition, and x-default (the default's); none
        when the site has one edition."""
        if len(self.languages) == 1:
            return []
        found = [
            (lang, self.site_url + urls.in_edition(page.url_path, lang, self.languages)) for lang in self.languages
        ]
        return [*found, ("x-default", found[0][1])]

    def home(self, page: Page) -> str:
        """The way from a page to the site's root, where the static files are (shared by every edition)."""
        return urls.site_root(page.root, self.language, self.languages)

    def others(self, page: Page) -> list[Switch]:
        """The page in each other edition, linked relatively (so the site works under a sub-path)."""
        home = self.home(page)
        return [
            Switch(lang, NAMES[lang], home + urls.in_edition(page.url_path, lang, self.languages), OG_LOCALES[lang])
            for lang in self.languages
            if lang != self.language
        ]


@dataclass(frozen=True)
class Context:
    """What every page of one edition of one build reads."""

    inputs: Inputs  # with the edition's base URL (see edition_inputs)
    reports: list[Report]
    f: Formatter
    env: Environment
    assets: dict[str, tuple[str, bytes]]  # static file name -> (hashed output path, bytes)
    charts: dict[str, list[Chart]]  # page path -> its charts, each with its source line
    share: Callable[[Report], datasets.Share]  # a regency's rows of the site-wide downloads (memoised)
    edition: Edition
    map_rows: list[dict] = field(default_factory=list)  # maps.rows, drawn hrefs (none without a tile grid)
    histories: Histories = NO_HISTORIES  # each regency's corrections (history.py)
    glances: pages.Glancer | None = None  # what the lists of regencies show of each (memoised); else worked out
    summaries: feeds.Summariser | None = None  # the feed entries' texts (memoised); else worked out

    @functools.cached_property
    def glance(self) -> pages.Glancer:
        return self.glances or pages.glancer(self.f)

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
    """The outputs of the units made so far.

    A finished file goes to ``keep`` as it is made (a ``write.Spill`` writes it out: held until the end,
    the files of both editions of the whole country were most of a cold build's memory). Pages are
    held, compressed (~100 MB of HTML for the country's two editions), until their pictures' sizes and
    maps are filled in (``place_pictures``), then go too."""

    files: dict[Unit, dict[str, bytes]] = field(default_factory=dict)  # unit -> path -> bytes
    held: dict[Unit, dict[str, bytes]] = field(default_factory=dict)  # unit -> page path -> compressed HTML
    spilled: dict[Unit, dict[str, write.Spilled]] = field(default_factory=dict)  # unit -> path -> written out
    docs: dict[Unit, dict[str, bytes]] = field(default_factory=dict)  # unit -> page path -> search document
    pages: int = 0
    charted: list[tuple[Unit, Page]] = field(default_factory=list)  # pages whose pictures are still to come
    regencies: list[tuple[Unit, RegencyPage]] = field(default_factory=list)  # with data: card and press kit to come
    listed: list[Page] = field(default_factory=list)  # national pages of the sitemap
    mapped: list[tuple[Unit, Page]] = field(default_factory=list)  # pages whose maps are still to come
    keep: Callable[[bytes], write.Content] = field(default=lambda data: data, repr=False)

    def outputs(self, unit: Unit) -> dict[str, write.Content]:
        """Every file of ``unit``: those held in memory and those written out already."""
        pages = {path: self.page(unit, path) for path in self.held.get(unit, {})}
        return {**self.files.get(unit, {}), **pages, **self.spilled.get(unit, {})}

    def hold(self, unit: Unit, path: str, page: bytes) -> None:
        """A page whose pictures are still to come (see ``page``, ``finish_pages``)."""
        self.held.setdefault(unit, {})[path] = zlib.compress(page, 1)

    def page(self, unit: Unit, path: str) -> bytes:
        return zlib.decompress(self.held[unit][path])

    def put(self, unit: Unit, path: str, content: write.Content) -> None:
        """A finished file of ``unit``: written out by ``keep``, or held as bytes when ``keep`` gives them back."""
        content = self.keep(content) if isinstance(content, bytes) else content
        if isinstance(content, bytes):
            self.files.setdefault(unit, {})[path] = content
        else:
            self.files.get(unit, {}).pop(path, None)
            self.spilled.setdefault(unit, {})[path] = content

    def finish_pages(self) -> None:
        """Every page held (its pictures placed) written out as a finished file; none with a picture's
        size left as a placeholder (a bug, never to be published)."""
        unfilled = []
        for unit, found in self.held.items():
            for path in found:
                page = self.page(unit, path)
                if b"\0" in page:
                    unfilled.append(path)
                self.put(unit, path, page)
        if unfilled:
            raise RuntimeError(f"picture sizes were not filled in: {unfilled[:3]}")
        self.held.clear()


@dataclass(frozen=True)
class PageKind:
    unit: UnitKind
    template: str
    pages: Callable[[Context, Unit], list[Page]]  # the contexts of this kind's pages in one unit


def _regency(ctx: Context, unit: Unit) -> list[Page]:
    r = ctx.by_code[unit.code]
    path = urls.regency(r.regency, r.province) + "index.html"
    story = _story(ctx, r)
    neighbours = tuple(x for x in ctx.by_province[r.province.code] if x is not r) if r.data is None else ()
    page = pages.regency_page(ctx.inputs, ctx.f, r, ctx.charts.get(path, []), story, neighbours, ctx.glance)
    locator = pages.locator_view(ctx.f, r.regency, r.province, ctx.map_rows)
    page = dataclasses.replace(page, map_views=(locator,) if locator else ())
    return [pages.with_history(page, ctx.f, r, ctx.histories.of(unit.code), ctx.inputs.settings.repository)]


def _province(ctx: Context, unit: Unit) -> list[Page]:
    mine = ctx.by_province.get(unit.code, [])
    province = ctx.inputs.register.provinces[unit.code]
    page = pages.province_page(ctx.inputs, ctx.f, province, mine, ctx.glance)
    shown = (pages.province_map_view(ctx.f, province, ctx.map_rows),) if ctx.map_rows else ()
    return [
        dataclasses.replace(
            page, map_views=shown, ranking=pages.ranking(ctx.f, mine, lambda r: r.regency.slug + "/", ctx.glance)
        )
    ]


def _home(ctx: Context, unit: Unit) -> list[Page]:
    page = pages.home_page(
        ctx.inputs, ctx.f, ctx.reports, next(iter(ctx.charts.get("index.html", [])), None), ctx.glance
    )
    return [
        dataclasses.replace(
            page,
            map_views=pages.home_maps(ctx.f, ctx.map_rows) if ctx.map_rows else (),
            map_statuses=pages.status_counts(ctx.f, ctx.map_rows),
            ranking=pages.ranking(ctx.f, ctx.reports, lambda r: urls.regency(r.regency, r.province), ctx.glance),
        )
    ]


def _text(ctx: Context, unit: Unit) -> list[Page]:
    made: list[Page] = []
    for slug, text in ctx.inputs.pages.items():
        own = ctx.inputs.pages_in.get(ctx.f.language, {}).get(slug) if not ctx.edition.default else text
        title, body = narrative.split_title(own or text, slug.capitalize())
        quality = summary(ctx.reports) if slug == pages.METHODOLOGY else None
        html = narrative.to_html(body) if own else _borrowed(ctx, narrative.to_html(body))
        page = pages.text_page(ctx.inputs, ctx.f, slug, title, html, quality)
        made.append(pages.with_history_statement(page, ctx.f, ctx.histories.available) if quality else page)
    return made


def _story(ctx: Context, r: Report) -> str:
    """A regency's narrative in the edition's language: its own file (content/narratives/en/<code>.md);
    else, with data, a summary generated from the figures (narrative.generated_summary); else the
    default edition's narrative, marked as being in its language."""
    code, original = r.regency.code, ctx.inputs.narratives.get(r.regency.code, "")
    if ctx.edition.default:
        return narrative.to_html(original, section=True)
    if (own := ctx.inputs.narratives_in.get(ctx.f.language, {}).get(code)) is not None:
        return narrative.to_html(own, section=True)
    if r.data is not None:
        return narrative.generated_summary(r, ctx.f)
    return _borrowed(ctx, narrative.to_html(original, section=True))


def _borrowed(ctx: Context, html: str) -> str:
    """Text of the default edition shown in another: marked with its language, for readers and tools."""
    return f'<div lang="{ctx.edition.languages[0]}">{html}</div>' if html.strip() else html


def edition_inputs(inputs: Inputs, edition: Edition) -> Inputs:
    """The inputs as an edition's pages read them: with the edition's root as the base URL, so every
    canonical, shared and embedded URL they make is the edition's own, and the site's title and tagline
    in the edition's language where site.yaml gives them (``translations``)."""
    if edition.default:
        return inputs
    words = next((w for lang, w in inputs.settings.translations.items() if lang == edition.language), None)
    own = {key: value for key, value in (words.model_dump() if words else {}).items() if value is not None}
    return dataclasses.replace(
        inputs, settings=inputs.settings.model_copy(update={"base_url": edition.base_url, **own})
    )


def _compare(ctx: Context, unit: Unit) -> list[Page]:
    return [pages.compare_page(ctx.inputs, ctx.f, ctx.reports, ctx.glance)]


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
                    made.put(
                        unit,
                        urls.regency_data(unit.code),
                        datasets.regency_file(
                            page.report, ctx.f, ctx.inputs.settings.base_url, ctx.histories.of(unit.code)
                        ),
                    )
        if unit == NATIONAL:
            data_files = datasets.files(
                ctx.inputs, ctx.reports, ctx.f, ctx.inputs.settings.base_url, per_regency=False, share_of=ctx.share
            )
            for path, data in data_files.items():
                made.put(unit, path, data)
            downloads = pages.downloads_page(ctx.inputs, ctx.f, {path: len(data) for path, data in data_files.items()})
            _html(ctx, made, unit, "downloads.html", downloads)
        advance(1)


def render_rest(ctx: Context, todo: list[Unit], made: Made) -> None:
    """Embed pages, the search and 404 pages, the sitemap, robots.txt, _headers, the feed and the static files."""
    for unit, page in list(made.charted):
        for view in page.charts:  # type: ignore[attr-defined]
            _html(ctx, made, unit, "embed.html", pages.embed_page(ctx.inputs, ctx.f, page, view))
    if NATIONAL not in todo:
        return
    for kind in UNSEARCHED:
        for page in kind.pages(ctx, NATIONAL):
            _html(ctx, made, NATIONAL, kind.template, page)
    inputs, base_url = ctx.inputs, ctx.inputs.settings.base_url
    made.put(
        NATIONAL,
        urls.FEED,
        feeds.feed(
            ctx.reports, ctx.f, base_url, inputs.settings.title, inputs.build_date, ctx.histories, ctx.summaries
        ),
    )
    if not ctx.edition.default:  # the static files, sitemap and robots.txt are the whole site's, at its root
        return
    listed = (
        [p.url_path for p in made.listed if p.indexed]
        + [urls.province(p) for p in inputs.register.provinces.values()]
        + [urls.regency(r.regency, r.province) for r in ctx.reports]
    )
    updated = {urls.regency(r.regency, r.province): pages.data_date(r) for r in ctx.reports if r.data}
    editions = {lang: urls.edition(lang, ctx.edition.languages) for lang in ctx.edition.languages}
    for path, data in (
        *ctx.assets.values(),
        (urls.SITEMAP, feeds.sitemap(base_url, listed, updated, editions)),
        (urls.ROBOTS, feeds.robots(base_url)),
        (urls.HEADERS, headers.headers_file(headers.rules(ctx.edition.languages))),
    ):
        made.put(NATIONAL, path, data)


def _html(ctx: Context, made: Made, unit: Unit, template: str, page: Page) -> None:
    text = render.render(ctx.env, template, page)
    made.hold(unit, page.path, text.encode())
    if page.indexed:
        made.docs.setdefault(unit, {})[page.path] = search.document(text)
    made.pages += 1
    if unit == NATIONAL and template != "embed.html":
        made.listed.append(page)
    if getattr(page, "charts", ()) and template != "embed.html":
        made.charted.append((unit, page))
    if isinstance(page, RegencyPage) and page.has_data:
        made.regencies.append((unit, page))
    if getattr(page, "map_views", ()) and template != "embed.html":
        made.mapped.append((unit, page))


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
    drawn_maps: dict[str, str] | None = None,
) -> None:
    """Drawn pictures into their pages (sizes) and beside them (files); cards and press kits; maps. The
    pages are finished then, and go to ``made.keep`` with the rest.

    ``pictures``: (page path, chart id) -> (svg, png); ``cards``: regency code -> PNG; a PNG may have
    been written out already (``write.Spilled``); ``drawn_maps``: a map's drawing name -> its SVG."""
    drawn = {}
    for unit, page in made.charted:
        for view in page.charts:  # type: ignore[attr-defined]
            svg, png = pictures[page.path, view.chart.id]
            chart = dataclasses.replace(view.chart, svg=svg)
            drawn[page.path, view.chart.id] = chart, png
            stem = page.url_path + view.files
            made.put(unit, stem + ".svg", chart.svg.encode())
            made.put(unit, stem + ".png", png)
            made.put(unit, stem + ".csv", charts.to_csv(chart))
            vegalite = charts.fill(templates[chart.id]["vl"], chart, ctx.f)
            made.put(unit, stem + ".vl.json", json.dumps(vegalite, ensure_ascii=False, sort_keys=True).encode())
            for path in (page.path, f"{page.url_path}{view.embed_href}index.html"):
                made.hold(unit, path, chart.fill_sizes(made.page(unit, path)))
    place_maps(made, drawn_maps or {})
    base_url = ctx.inputs.settings.base_url
    for unit, page in made.regencies:
        assert page.report is not None
        made.put(unit, page.url_path + page.image, cards[page.regency.code])
        figures_csv, sources_csv = datasets.regency_csvs(page.report, ctx.f, base_url, ctx.histories.of(unit.code))
        kit_charts = [
            dataclasses.replace(chart, png=write.read(png))
            for chart, png in (drawn[page.path, v.chart.id] for v in page.charts)
        ]
        made.put(
            unit,
            page.url_path + page.press_kit,
            press_kit(page, kit_charts, figures_csv, sources_csv, ctx.inputs.build_date, ctx.f),
        )
    made.finish_pages()


def place_maps(made: Made, drawn: dict[str, str]) -> None:
    """Each page's maps inlined where its template left their markers (see pages.MapView)."""
    for unit, page in made.mapped:
        text = made.page(unit, page.path).decode()
        for view in page.map_views:  # type: ignore[attr-defined]
            svg = maps.inline(
                drawn[view.drawing],
                page.root,
                view.dom_id + "-svg",
                dict(view.names),
                labelled_by=view.dom_id + "-judul",
                described_by=view.dom_id + "-keterangan",
                focusable=view.focusable,
                chosen=view.chosen or None,
            )
            text = text.replace(view.marker, svg)
        made.hold(unit, page.path, text.encode())
