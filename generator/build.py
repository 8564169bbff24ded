"""The orchestrator: gather and check everything in memory, and only then draw, render and write.

    data/*.yaml ─┐
    content/*.md ├─> load ─> validate ─> derive ─> charts ─> pages ─> render ─> write (atomic) ─> output/
    templates/ ──┘                                    draw (workers, cached)     └─> search index (Pagefind)

Builds are incremental: ``cache`` hashes every input; if nothing changed since the last build, nothing
is imported beyond this and nothing is written. Otherwise ``graph`` says which units of output read
what changed; only those are made again, the rest is carried over from the previous output.
"""

from __future__ import annotations

import dataclasses
import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from . import cache, graph
from .errors import JaringError, Problem
from .paths import Layout, build_date, layout  # noqa: F401 - layout and build_date are part of this API

if TYPE_CHECKING:
    from .derive import Report
    from .pages import Page
    from .validate import Inputs

# A progress reporter: start(label, total) returns advance(n). The default says nothing.
Progress = Callable[[str, int], Callable[[int], None]]
SILENT: Progress = lambda label, total: (lambda n: None)  # noqa: E731


@dataclass(frozen=True)
class Summary:
    warnings: list[Problem]
    pages: int  # HTML pages written this run
    charts: int  # pictures (charts and cards) drawn this run
    reused: int  # pictures taken from the cache
    kept: int  # files carried over unchanged from the previous output
    units: frozenset[str] = frozenset()  # what was rebuilt (see graph.py); empty when nothing changed
    seconds: float = 0.0
    unchanged: bool = False


def gather(root: Path, store: cache.Store | None = None) -> tuple[Layout, Inputs]:
    """Load and validate every input; raises JaringError listing every problem."""
    from .register import load_register
    from .validate import check

    where = layout(root)
    register = None
    if store is not None:  # the register (83 000 villages) is read once per version of its files
        found_key = cache.key("register", Path(__file__).with_name("register.py").read_bytes(),
                              *(f"{p.name}={cache.file_hash(p)}" for p in sorted(where.register.glob("*.csv"))))
        register = store.get_object(found_key)
    if register is None:
        register = load_register(where.register)
        if store is not None:
            store.put_object(found_key, register)
    return where, check(where, register, build_date(), store)


def build(root: Path, output: Path | None = None, strict: bool = False, clean: bool = False,
          jobs: int | None = None, progress: Progress = SILENT) -> Summary:
    started = time.perf_counter()
    where = layout(root)
    output = (output or where.root / "output").absolute()
    stamp = cache.stamp(where, build_date().isoformat())
    previous = None if clean else cache.load(where.root)
    from .write import MARKER

    if previous and previous.digest == stamp.digest and cache.output_digest(output, MARKER) == stamp.digest:
        warnings = [Problem(*w) for w in previous.warnings]
        if strict and warnings:
            raise JaringError(warnings)
        return Summary(warnings, 0, 0, 0, 0, seconds=time.perf_counter() - started, unchanged=True)

    store = cache.Store(where.root, reuse=not clean)
    where, inputs = gather(root, store)
    if strict and inputs.warnings:
        raise JaringError(inputs.warnings)
    from . import derive, search, write

    reports = [derive.report(regency, inputs.register, inputs.regencies.get(code))
               for code, regency in inputs.register.regencies.items()]
    narratives = {code: cache.name(where.narratives / f"{code}.md", where.root) for code in inputs.narratives}
    units = graph.units(inputs.register, inputs.files, narratives)
    keys = graph.keys(units, stamp)
    present = write.present(output) if previous else set()
    todo = graph.dirty(keys, previous, present)

    made = make(where, inputs, reports, todo, store, jobs or os.cpu_count() or 1, progress)
    keep = sorted({path for unit in keys if unit not in todo for path in previous.units[unit]["outputs"]})
    files = {path: data for outputs in made.files.values() for path, data in outputs.items()}
    write.write_site(files, output, where.root, [where.data, where.narratives.parent, where.pages, where.templates],
                     before_swap=search.index, keep=keep, marker=stamp.digest, clear_in_background=True)
    cache.save(where.root, cache.Manifest(
        stamp.digest, {unit: {"key": keys[unit], "outputs": sorted(made.files[unit]) if unit in made.files
                              else previous.units[unit]["outputs"]} for unit in keys},
        [[w.path, w.line, w.col, w.message] for w in inputs.warnings]))
    return Summary(inputs.warnings, made.pages, made.drawn, made.reused, len(keep), frozenset(todo),
                   time.perf_counter() - started)


@dataclass
class Made:
    files: dict[str, dict[str, bytes]] = field(default_factory=dict)  # unit -> path -> bytes
    pages: int = 0
    drawn: int = 0
    reused: int = 0


def make(where: Layout, inputs: Inputs, reports: list[Report], todo: set[str], store: cache.Store, jobs: int,
         progress: Progress) -> Made:
    """The outputs of every unit in ``todo``: draw their pictures, then render their pages and files."""
    from . import charts, datasets, draw, feeds, narrative, pages, render

    made = Made()
    mine = [r for r in reports if f"regency/{r.regency.code}" in todo]
    wanted = {pages.regency_path(r) + "index.html": charts.regency_charts(r) for r in mine if r.data is not None}
    if "national" in todo and (national := charts.comparison(reports)) is not None:
        wanted["index.html"] = [national]
    wanted = {path: [dataclasses.replace(c, source_line=pages.source_line(inputs, c.sources)) for c in found]
              for path, found in wanted.items() if found}
    kinds = draw.kinds(store) if wanted else {}
    chart_tasks = {(path, c.id): draw.chart_task(c, charts.vega(kinds[c.id]["vega"], c))
                   for path, found in wanted.items() for c in found}
    card_tasks = {r.regency.code: draw.card_task(_card_svg(inputs, r)) for r in mine if r.data is not None}
    tasks = [*chart_tasks.values(), *card_tasks.values()]
    pictures, made.reused = draw.run(tasks, store, jobs, progress("Menggambar grafik dan kartu", len(tasks)))
    made.drawn = len({t.key for t in tasks}) - made.reused
    drawn = {path: [dataclasses.replace(c, svg=pictures[chart_tasks[path, c.id].key][0],
                                        png=pictures[chart_tasks[path, c.id].key][1]) for c in found]
             for path, found in wanted.items()}

    assets = render.hashed_assets(where.static, {"vega.js": _vega_bundle(store)})
    env = render.environment(where.templates, {name: path for name, (path, _) in assets.items()})
    advance = progress("Menulis halaman", len(todo))

    def html(unit: str, template: str, page: Page) -> Page:
        made.files.setdefault(unit, {})[page.path] = render.render(env, template, page).encode()
        made.pages += 1
        return page

    def chart_files(unit: str, page: Page) -> None:
        for view in getattr(page, "charts", ()):
            chart, stem = view.chart, page.url_path + view.files
            out = made.files.setdefault(unit, {})
            out[stem + ".svg"], out[stem + ".png"] = chart.svg.encode(), chart.png
            out[stem + ".csv"] = charts.to_csv(chart)
            out[stem + ".vl.json"] = json.dumps(charts.fill(kinds[chart.id]["vl"], chart), ensure_ascii=False,
                                                sort_keys=True).encode()
            html(unit, "embed.html", pages.embed_page(inputs, page, view))

    for r in mine:
        unit, path = f"regency/{r.regency.code}", pages.regency_path(r) + "index.html"
        story = narrative.to_html(inputs.narratives.get(r.regency.code, ""), section=True)
        page = html(unit, "regency.html", pages.regency_page(inputs, r, drawn.get(path, []), story))
        made.files.setdefault(unit, {})
        if r.data is not None:
            chart_files(unit, page)
            out = made.files[unit]
            out[page.url_path + page.image] = pictures[card_tasks[r.regency.code].key][1]
            out[f"data/wilayah/{r.regency.code}.json"] = datasets.regency_file(r, inputs.settings.base_url)
            figures_csv, sources_csv = datasets.regency_csvs(inputs, r, inputs.settings.base_url)
            out[page.url_path + page.press_kit] = _press_kit(page, figures_csv, sources_csv, inputs)
        advance(1)
    for code, province in inputs.register.provinces.items():
        if f"province/{code}" in todo:
            html(f"province/{code}", "province.html", pages.province_page(
                inputs, province, [r for r in reports if r.province.code == code]))
            advance(1)
    if "national" in todo:
        data_files = datasets.files(inputs, reports, inputs.settings.base_url, per_regency=False)
        home = html("national", "home.html", pages.home_page(inputs, reports, (drawn.get("index.html") or [None])[0]))
        chart_files("national", home)
        site = [home]
        for slug, text in inputs.pages.items():
            title, body = narrative.split_title(text, slug.capitalize())
            site.append(html("national", "text.html", pages.text_page(inputs, slug, title, narrative.to_html(body))))
        site += [html("national", "compare.html", pages.compare_page(inputs, reports)),
                 html("national", "downloads.html", pages.downloads_page(inputs, data_files)),
                 html("national", "search.html", pages.search_page(inputs)),
                 html("national", "404.html", pages.not_found_page(inputs))]
        base_url = inputs.settings.base_url
        listed = [p.url_path for p in site if p.indexed] + [f"{p.slug}/" for p in inputs.register.provinces.values()] \
            + [pages.regency_path(r) for r in reports]
        updated = {pages.regency_path(r): pages.data_date(r) for r in reports if r.data}
        made.files["national"].update(data_files)
        made.files["national"].update({path: data for path, data in assets.values()})
        made.files["national"].update({
            "sitemap.xml": feeds.sitemap(base_url, listed, updated), "robots.txt": feeds.robots(base_url),
            "feed.xml": feeds.feed(reports, base_url, inputs.settings.title, inputs.build_date)})
        advance(1)
    return made


def _card_svg(inputs: Inputs, report: Report) -> str:
    """The social card of a regency: its headline figure (the first one with a value), name and source."""
    from . import cards, pages

    figures = pages.headline(report)
    head = next((f for f in figures if f.value is not None), figures[0])
    meta = f"{head.kind.capitalize()} · {head.when}" if head.when else head.kind.capitalize()
    return cards.card_svg(inputs.settings.title, report.regency.name, report.province.name, head.label, head.display,
                          meta, pages.source_line(inputs, head.sources, signed=False))


def _press_kit(page, figures_csv: bytes, sources_csv: bytes, inputs: Inputs) -> bytes:
    from .presskit import press_kit

    return press_kit(page, [v.chart for v in page.charts], figures_csv, sources_csv, inputs.build_date)


def _vega_bundle(store: cache.Store) -> bytes:
    """vl-convert's bundle of Vega, Vega-Lite and vega-embed: made once per vl-convert version (~2 s)."""
    found_key = cache.key("vega-bundle", cache.version("vl-convert-python"))
    bundle = store.get(found_key)
    if bundle is None:
        from .charts import javascript_bundle

        bundle = javascript_bundle()
        store.put(found_key, bundle)
    return bundle
