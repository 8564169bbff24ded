"""The orchestrator: gather and check everything in memory, and only then draw, render and write.

    data/*.yaml ─┐
    content/*.md ├─> load ─> validate ─> derive ─> charts ─> pages ─> render ─> write (atomic) ─> output/
    templates/ ──┘                                    draw (workers, cached)     └─> search index (Pagefind)

Builds are incremental: ``cache`` hashes every input; if nothing changed since the last build, nothing
is imported beyond this and nothing is written. Otherwise ``graph`` says which units of output read
what changed; only those are made again, the rest is carried over from the previous output.
"""

from __future__ import annotations

import concurrent.futures
import dataclasses
import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from . import cache, graph
from .errors import JaringError, OutputError, Problem
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


def gather(root: Path, store: cache.Store | None = None, memo: cache.Memo | None = None) -> tuple[Layout, Inputs]:
    """Load and validate every input; raises JaringError listing every problem. ``store`` keeps the
    register between builds, ``memo`` the checked regency files."""
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
    return where, check(where, register, build_date(), memo)


def build(root: Path, output: Path | None = None, strict: bool = False, clean: bool = False,
          jobs: int | None = None, progress: Progress = SILENT, wait: bool = True) -> Summary:
    """Build the site of ``root`` into ``output``, one build at a time per root and per output (see
    lock.py): another build of either waits for this one, or with ``wait=False`` fails at once."""
    from . import lock

    with lock.hold(layout(root).root / cache.FOLDER, (output or layout(root).root / "output").absolute(), wait):
        return _build_locked(root, output, strict, clean, jobs, progress)


def _build_locked(root: Path, output: Path | None, strict: bool, clean: bool, jobs: int | None,
                  progress: Progress) -> Summary:
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

    from . import draw

    with draw.Drawer(_workers(stamp, previous, jobs or os.cpu_count() or 1)) as drawer:
        return _build(where, output, stamp, previous, strict, clean, drawer, progress, started)


def _workers(stamp: cache.Stamp, previous: cache.Manifest | None, jobs: int) -> int:
    """How many drawing workers to start now, before anything says how many pictures are new (see
    draw.Drawer). A few changed data files need a few pictures: one worker, or none where this process
    has its engine running. Narratives alone need none."""
    from . import draw

    if jobs == 1:
        return 0
    if previous is None or previous.stamp is None or previous.stamp.common != stamp.common:
        return jobs
    changed = [name for name, digest in stamp.files.items() if previous.stamp.files.get(name) != digest
               and name.startswith("data/")]
    if len(changed) > 3:
        return jobs
    return 0 if not changed or draw.engine_running() else 1


def _build(where: Layout, output: Path, stamp: cache.Stamp, previous: cache.Manifest | None, strict: bool,
           clean: bool, drawer, progress: Progress, started: float) -> Summary:
    from .write import MARKER

    root = where.root
    store = cache.Store(where.root, reuse=not clean)
    memo = cache.Memo(where.root, stamp.common, reuse=not clean)
    where, inputs = gather(root, store, memo)
    if strict and inputs.warnings:
        raise JaringError(inputs.warnings)
    from . import datasets, derive, search, write

    def per_file(what: str, code: str, make_it):  # a result that reads one regency file only
        rel = inputs.files[code]
        return memo.remember(make_it, what, rel, stamp.files[rel])

    def report(code: str, regency) -> Report:
        if code not in inputs.files:
            return derive.report(regency, inputs.register, None)
        return per_file("report", code, lambda: derive.report(regency, inputs.register, inputs.regencies[code]))

    reports = [report(code, regency) for code, regency in inputs.register.regencies.items()]
    base_url = inputs.settings.base_url
    narratives = {code: cache.name(where.narratives / f"{code}.md", where.root) for code in inputs.narratives}
    keys = graph.keys(graph.units(inputs.register, inputs.files, narratives), stamp)
    documents = search.Documents(where.root / cache.FOLDER, reset=clean)
    # Update in place only an output that is exactly what the last build made (its marker says so).
    in_place = previous is not None and cache.output_digest(output, MARKER) == previous.digest
    todo = set(keys) if not in_place else graph.dirty(keys, previous) | {
        unit for unit, old in previous.units.items() if unit in keys and not documents.hold(old.get("search", {}))}

    def searched(unit: str, made: Made) -> dict[str, str]:  # the versions of a unit's search documents
        return {path: search.digest(doc) for path, doc in sorted(made.docs.get(unit, {}).items())} \
            if unit in todo else previous.units[unit].get("search", {})

    indexing: list[search.Indexing] = []

    def start_index(made: Made) -> None:  # once every page is rendered, while the pictures are drawn
        try:
            documents.update({path: doc for docs in made.docs.values() for path, doc in docs.items()},
                             {path: version for unit in keys for path, version in searched(unit, made).items()})
            unchanged = frozenset(path for unit in keys if unit in previous.units
                                  for path, version in searched(unit, made).items()
                                  if previous.units[unit].get("search", {}).get(path) == version) \
                if in_place else frozenset()
            indexing.append(documents.start_index(output, unchanged))
        except OSError as exc:
            raise OutputError(f"cannot write {output}: {exc.strerror or exc}; the previous output is unchanged") \
                from None

    try:
        made = make(where, inputs, reports, todo, store, drawer, progress,
                    lambda r: per_file("share", r.regency.code, lambda: datasets.share(r, base_url))
                    if r.data is not None else datasets.share(r, base_url), start_index)
        units = {unit: {"key": keys[unit],
                        "outputs": sorted(made.files[unit]) if unit in todo else previous.units[unit]["outputs"],
                        "search": searched(unit, made)} for unit in keys}

        def index(staging: Path) -> None:
            os.rename(indexing[0].finish(), staging / "pagefind")

        files = {path: data for outputs in made.files.values() for path, data in outputs.items()}
        folders = [where.data, where.narratives.parent, where.pages, where.templates]
        kept = 0
        if in_place and todo != set(keys):
            remove = sorted({path for unit in todo for path in previous.units[unit]["outputs"]} - files.keys())
            written = write.update_site(files, output, where.root, folders, remove, index, stamp.digest)
            kept = sum(len(unit["outputs"]) for unit in units.values()) - written
        else:
            write.write_site(files, output, where.root, folders, before_swap=index, marker=stamp.digest,
                             clear_in_background=True)
    finally:
        for running in indexing:
            running.cancel()  # a no-op once finished and moved in
    memo.save()
    cache.save(where.root, cache.Manifest(stamp.digest, units,
                                          [[w.path, w.line, w.col, w.message] for w in inputs.warnings], stamp))
    return Summary(inputs.warnings, made.pages, made.drawn, made.reused, kept, frozenset(todo),
                   time.perf_counter() - started)


@dataclass
class Made:
    files: dict[str, dict[str, bytes]] = field(default_factory=dict)  # unit -> path -> bytes
    docs: dict[str, dict[str, bytes]] = field(default_factory=dict)  # unit -> page path -> search document
    pages: int = 0
    drawn: int = 0
    reused: int = 0


def make(where: Layout, inputs: Inputs, reports: list[Report], todo: set[str], store: cache.Store, drawer,
         progress: Progress, share_of: Callable | None = None,
         rendered: Callable[[Made], None] = lambda made: None) -> Made:
    """The outputs of every unit in ``todo``.

    Pages do not wait for their pictures: a page needs only its pictures' sizes, which are filled in
    once drawn. So the pages of the search index are rendered first and ``rendered(made)`` starts the
    index (another process) while the pictures are drawn: by the drawer's workers, which started
    with the build, while the rest is rendered here; or here, after ``rendered`` (vl-convert holds
    the GIL while it makes a PNG, so a thread would not help)."""
    from . import charts, datasets, draw, pages

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
    pictures, new = draw.cached([*chart_tasks.values(), *card_tasks.values()], store)
    made.reused, made.drawn = len(pictures), len(new)
    advance = progress("Menggambar grafik dan kartu", len(pictures) + len(new))
    advance(len(pictures))

    with concurrent.futures.ThreadPoolExecutor(1) as waiter:
        drawing = waiter.submit(drawer.run, new, store, advance) if drawer.in_workers else None
        renderer = _Renderer(where, inputs, reports, todo, store, made, progress)
        renderer.indexed(wanted, share_of)
        rendered(made)
        if drawing:  # the workers draw meanwhile
            renderer.rest()
            pictures.update(drawing.result())
        else:
            pictures.update(drawer.run(new, store, advance))
            renderer.rest()

    drawn = {}  # (page path, chart id) -> the chart with its pictures
    for unit, page in renderer.charted:  # sizes into the pages (and embed pages), files beside them
        out = made.files[unit]
        for view in page.charts:
            key = chart_tasks[page.path, view.chart.id].key
            chart = drawn[page.path, view.chart.id] = dataclasses.replace(view.chart, svg=pictures[key][0],
                                                                          png=pictures[key][1])
            stem = page.url_path + view.files
            out[stem + ".svg"], out[stem + ".png"] = chart.svg.encode(), chart.png
            out[stem + ".csv"] = charts.to_csv(chart)
            out[stem + ".vl.json"] = json.dumps(charts.fill(kinds[chart.id]["vl"], chart), ensure_ascii=False,
                                                sort_keys=True).encode()
            for path in (page.path, f"{page.url_path}{view.embed_href}index.html"):
                out[path] = chart.fill_sizes(out[path])
    unfilled = [path for out in made.files.values() for path, data in out.items() if b"\0" in data and
                path.endswith(".html")]
    if unfilled:  # a picture's size left as a placeholder: a bug, never to be published
        raise RuntimeError(f"picture sizes were not filled in: {unfilled[:3]}")
    for unit, page in renderer.regencies:  # with data: a social card and a press kit
        out = made.files[unit]
        out[page.url_path + page.image] = pictures[card_tasks[page.report.regency.code].key][1]
        figures_csv, sources_csv = datasets.regency_csvs(inputs, page.report, inputs.settings.base_url)
        out[page.url_path + page.press_kit] = _press_kit(
            page, [drawn[page.path, v.chart.id] for v in page.charts], figures_csv, sources_csv, inputs)
    return made


class _Renderer:
    """Renders the pages and data files of the units to make, into ``made``: ``indexed()`` the pages
    of the search index (and the data files the downloads page lists), then ``rest()``. Remembers
    the pages with charts and the regency pages with data, whose pictures are added once drawn."""

    def __init__(self, where: Layout, inputs: Inputs, reports: list[Report], todo: set[str], store: cache.Store,
                 made: Made, progress: Progress):
        from . import render

        self.inputs, self.reports, self.todo, self.made = inputs, reports, todo, made
        self.assets = render.hashed_assets(where.static, {"vega.js": _vega_bundle(store)})
        self.env = render.environment(where.templates, {name: path for name, (path, _) in self.assets.items()},
                                      where.root / cache.FOLDER / "templates")
        self.advance = progress("Menulis halaman", len(todo))
        self.charted: list[tuple[str, Page]] = []
        self.regencies: list[tuple[str, Page]] = []
        self.site: list[Page] = []
        self.data_files: dict[str, bytes] = {}

    def html(self, unit: str, template: str, page: Page) -> Page:
        from . import render, search

        text = render.render(self.env, template, page)
        self.made.files.setdefault(unit, {})[page.path] = text.encode()
        if page.indexed:
            self.made.docs.setdefault(unit, {})[page.path] = search.document(text)
        self.made.pages += 1
        if getattr(page, "charts", ()) and template != "embed.html":
            self.charted.append((unit, page))
        return page

    def indexed(self, wanted: dict, share_of) -> None:
        from . import datasets, narrative, pages

        inputs, base_url = self.inputs, self.inputs.settings.base_url
        for r in (r for r in self.reports if f"regency/{r.regency.code}" in self.todo):
            unit, path = f"regency/{r.regency.code}", pages.regency_path(r) + "index.html"
            story = narrative.to_html(inputs.narratives.get(r.regency.code, ""), section=True)
            page = self.html(unit, "regency.html", pages.regency_page(inputs, r, wanted.get(path, []), story))
            if r.data is not None:
                self.regencies.append((unit, page))
                self.made.files[unit][f"data/wilayah/{r.regency.code}.json"] = datasets.regency_file(r, base_url)
            self.advance(1)
        for code, province in inputs.register.provinces.items():
            if f"province/{code}" in self.todo:
                self.html(f"province/{code}", "province.html", pages.province_page(
                    inputs, province, [r for r in self.reports if r.province.code == code]))
                self.advance(1)
        if "national" in self.todo:
            self.data_files = datasets.files(inputs, self.reports, base_url, per_regency=False, share_of=share_of)
            self.site.append(self.html("national", "home.html", pages.home_page(
                inputs, self.reports, (wanted.get("index.html") or [None])[0])))
            for slug, text in inputs.pages.items():
                title, body = narrative.split_title(text, slug.capitalize())
                self.site.append(self.html("national", "text.html",
                                           pages.text_page(inputs, slug, title, narrative.to_html(body))))
            self.site += [self.html("national", "compare.html", pages.compare_page(inputs, self.reports)),
                          self.html("national", "downloads.html", pages.downloads_page(inputs, self.data_files))]

    def rest(self) -> None:
        from . import feeds, pages

        inputs, reports, base_url = self.inputs, self.reports, self.inputs.settings.base_url
        for unit, page in self.charted:
            for view in page.charts:
                self.html(unit, "embed.html", pages.embed_page(inputs, page, view))
        if "national" in self.todo:
            self.site += [self.html("national", "search.html", pages.search_page(inputs)),
                          self.html("national", "404.html", pages.not_found_page(inputs))]
            listed = [p.url_path for p in self.site if p.indexed] \
                + [f"{p.slug}/" for p in inputs.register.provinces.values()] + [pages.regency_path(r) for r in reports]
            updated = {pages.regency_path(r): pages.data_date(r) for r in reports if r.data}
            national = self.made.files["national"]
            national.update(self.data_files)
            national.update({path: data for path, data in self.assets.values()})
            national.update({
                "sitemap.xml": feeds.sitemap(base_url, listed, updated), "robots.txt": feeds.robots(base_url),
                "feed.xml": feeds.feed(reports, base_url, inputs.settings.title, inputs.build_date)})
            self.advance(1)


def _card_svg(inputs: Inputs, report: Report) -> str:
    """The social card of a regency: its headline figure (the first one with a value), name and source."""
    from . import cards, pages

    figures = pages.headline(report)
    head = next((f for f in figures if f.value is not None), figures[0])
    meta = f"{head.kind.capitalize()} · {head.when}" if head.when else head.kind.capitalize()
    return cards.card_svg(inputs.settings.title, report.regency.name, report.province.name, head.label, head.display,
                          meta, pages.source_line(inputs, head.sources, signed=False))


def _press_kit(page, drawn: list, figures_csv: bytes, sources_csv: bytes, inputs: Inputs) -> bytes:
    from .presskit import press_kit

    return press_kit(page, drawn, figures_csv, sources_csv, inputs.build_date)


def _vega_bundle(store: cache.Store) -> bytes:
    """vl-convert's bundle of Vega, Vega-Lite and vega-embed: made once per vl-convert version (~2 s)."""
    found_key = cache.key("vega-bundle", cache.version("vl-convert-python"))
    bundle = store.get(found_key)
    if bundle is None:
        from .charts import javascript_bundle

        bundle = javascript_bundle()
        store.put(found_key, bundle)
    return bundle
