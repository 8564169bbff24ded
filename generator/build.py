"""The orchestrator: gather and check everything in memory, and only then draw, render and write.

    data/*.yaml ─┐
    content/*.md ├─> load ─> validate ─> derive ─> plan units ─> charts ─> pages ─> render ─> write ─> output/
    templates/ ──┘                                                 draw (workers, cached)   └─> search index

Builds are incremental: ``quick`` tells whether the output already is what the inputs make (then
nothing else is imported and nothing written). Otherwise ``graph`` says which units of output read
what changed; only those are made again, the rest is carried over from the previous output.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import dataclasses
import gc
import json
import os
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

from . import (
    cache,
    changes,
    charts,
    datasets,
    derive,
    draw,
    engine,
    feeds,
    graph,
    history,
    lock,
    maps,
    pace,
    pages,
    quick,
    render,
    search,
    site,
    urls,
    write,
)
from .errors import JaringError, OutputError, Problem
from .fmt import formatter
from .graph import NATIONAL, Unit
from .pages import source_line
from .paths import Layout, build_date, layout
from .quick import SILENT, Progress, Summary
from .register import Register, load_register
from .schema import Source
from .validate import Inputs, check

__all__ = ["SILENT", "Progress", "Summary", "build", "gather"]

T = TypeVar("T")


def build(
    root: Path,
    output: Path | None = None,
    strict: bool = False,
    clean: bool = False,
    jobs: int | None = None,
    progress: Progress = SILENT,
    wait: bool = True,
    base_url: str | None = None,
) -> Summary:
    """Build the site of ``root`` into ``output``, one build at a time per root and per output (see
    lock.py): another build of either waits for this one, or with ``wait=False`` fails at once.
    ``base_url`` replaces site.yaml's (a preview deploy)."""
    where = layout(root)
    output = (output or where.root / "output").absolute()
    with lock.hold(where.root / cache.FOLDER, output, wait):
        return _build_locked(root, output, strict, clean, jobs, progress, base_url)


class Stopwatch:
    """Wall seconds of each stage of one build, in the order they first ended (``Summary.timings``, printed by
    ``jaring build --profile``). A stage inside another is not counted in the outer one, so the stages
    of this thread add up to the build. Drawing runs in workers alongside rendering, so it has two
    entries: how long it ran (in its own thread), and how long the build waited for it afterwards."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self._inner = threading.local()  # per thread: seconds spent in stages inside the current one

    @contextlib.contextmanager
    def stage(self, name: str) -> Iterator[None]:
        outer = getattr(self._inner, "seconds", 0.0)
        self._inner.seconds = 0.0
        started = time.perf_counter()
        try:
            yield
        finally:
            took = time.perf_counter() - started
            self.seconds[name] = self.seconds.get(name, 0.0) + took - self._inner.seconds
            self._inner.seconds = outer + took


def _build_locked(
    root: Path, output: Path, strict: bool, clean: bool, jobs: int | None, progress: Progress, base_url: str | None
) -> Summary:
    started = time.perf_counter()
    clock = Stopwatch()
    where = layout(root)
    done, now = quick.up_to_date(root, output, strict, clean, base_url)  # a build we waited for may have made it
    if done is not None:
        return done
    if now.stamp.refused:  # an input that was not read (a FIFO, a device, too big): the check names it, now
        gather(root, base_url=base_url)

    with (
        draw.Drawer(_workers(now, jobs or os.cpu_count() or 1)) as drawer,
        write.Spill(output) as spill,
        _collected_less() as settled,
    ):
        store, shared = _stores(where, clean)
        memo = cache.Memo(where.root, now.stamp.common, reuse=not clean)
        with clock.stage("gather"):
            where, inputs = gather(root, store, memo, base_url)  # load, validate
        if strict and inputs.warnings:
            raise JaringError(inputs.warnings)
        with clock.stage("derive"):
            reports = [_report(inputs, memo, now.stamp, code) for code in inputs.register.regencies]
        with clock.stage("history"):
            histories = _histories(where, inputs, memo, now.stamp)  # each figure's corrections
        settled()  # the inputs, memo and reports live to the end of the build
        with clock.stage("plan"):
            plan = _plan(where, inputs, now, clean)  # which units to make
        made, indexing = _make(
            where, output, inputs, reports, histories, plan, store, shared, memo, now, drawer, spill, progress, clock
        )  # draw, render, index
        try:
            kept = _write(where, output, plan, made, indexing, now, clock)  # write, with the indexes
        finally:
            for _, running in indexing:
                running.cancel()  # a no-op once finished and moved in
        drawer_seconds = drawer.seconds
    with clock.stage("save"):
        memo.save()
        figures = changes.figures(reports)
        since = changes.compare(now.previous.figures, figures) if now.previous is not None else changes.Changes()
        manifest = cache.Manifest(now.stamp.digest, plan.record(made), _warnings(inputs), now.stamp, figures)
        cache.save(where.root, manifest)
    return Summary(
        inputs.warnings,
        made.pages,
        plan.drawn,
        plan.reused,
        kept,
        frozenset(map(str, plan.todo)),
        time.perf_counter() - started,
        changes=(changes.summary(since), *changes.lines(since)) if now.previous is not None else (),
        timings={**clock.seconds, **{f"  {kind}, summed over workers": took for kind, took in drawer_seconds.items()}},
    )


@contextlib.contextmanager
def _collected_less() -> Iterator[Callable[[], None]]:
    """Gives ``settled()``, which tells Python's cyclic garbage collector to leave alone every object made so far
    (``gc.freeze``) until the build ends: the memo and reports of the whole country are millions of objects
    that live to the end, and each full collection walked them all (with the memo read while collections are
    off, see cache.Memo, this took ~1.6 s off a one-regency rebuild of the country)."""
    frozen = False

    def settled() -> None:
        nonlocal frozen
        gc.freeze()
        frozen = True

    try:
        yield settled
    finally:
        if frozen:
            gc.unfreeze()  # ``jaring serve`` builds again in this process: what was frozen may go now


def gather(
    root: Path, store: cache.Store | None = None, memo: cache.Memo | None = None, base_url: str | None = None
) -> tuple[Layout, Inputs]:
    """Load and validate every input; raises JaringError listing every problem. ``store`` keeps the
    register between builds, ``memo`` the checked regency files; ``base_url`` replaces site.yaml's."""
    where = layout(root)
    return where, check(where, _register(where, store), build_date(), memo, base_url)


@dataclasses.dataclass
class Plan:
    """Which units this build makes, and what the search index of the others was."""

    keys: dict[Unit, str]  # every unit's key (graph.keys)
    todo: set[Unit]
    in_place: bool  # update the output in place (it is what the last build made), else write it anew
    previous: cache.Manifest | None
    documents: dict[str, search.Documents]  # each edition's (by language)
    languages: tuple[str, ...]  # the editions', the default first
    drawn: int = 0
    reused: int = 0
    digests: dict[Unit, dict[str, str]] = dataclasses.field(default_factory=dict)  # made now, hashed once

    def outputs_before(self, unit: Unit) -> list[str]:
        assert self.previous is not None
        return self.previous.units[str(unit)]["outputs"]

    def searched(self, unit: Unit, docs: dict[Unit, dict[str, bytes]]) -> dict[str, str]:
        """The versions of a unit's search documents (site paths): made now (``docs``, one edition's at a
        time as each is indexed, each hashed once; the manifest asks once all are), or as the last build left them."""
        if unit in self.todo:
            found = self.digests.setdefault(unit, {})
            for path, doc in docs.get(unit, {}).items():
                if path not in found:
                    found[path] = search.digest(doc)
            return dict(sorted(found.items()))
        assert self.previous is not None
        return self.previous.units[str(unit)].get("search", {})

    def record(self, made: site.Made) -> dict[str, dict]:
        """The manifest's units: each one's key, outputs and search documents."""
        return {
            str(unit): {
                "key": self.keys[unit],
                "outputs": sorted(made.outputs(unit)) if unit in self.todo else self.outputs_before(unit),
                "search": self.searched(unit, made.docs),
            }
            for unit in self.keys
        }


def _plan(where: Layout, inputs: Inputs, now: quick.State, clean: bool) -> Plan:
    languages = inputs.settings.editions
    narratives = {
        code: tuple(
            cache.name(where.narratives / folder / f"{code}.md", where.root)
            for lang in languages
            if (folder := urls.edition(lang, languages)) == "" or code in inputs.narratives_in.get(lang, {})
        )
        for code in inputs.narratives
    }
    regencies = {code: r.province_code for code, r in inputs.register.regencies.items()}
    reads = graph.units(regencies, list(inputs.register.provinces), inputs.files, narratives)
    keys = graph.keys(_reading_history(reads, inputs, now.stamp), now.stamp)
    documents = {
        lang: search.Documents(where.root / cache.FOLDER, reset=clean, name=_documents_name(lang, languages))
        for lang in languages
    }
    previous = now.previous
    if not now.output_is_last_build or previous is None:
        return Plan(keys, set(keys), False, previous, documents, languages)

    def indexed(unit: Unit) -> bool:  # every edition's documents of the unit are in the cache
        found = _by_edition(previous.units[str(unit)].get("search", {}), languages)
        return all(documents[lang].hold(found[lang]) for lang in languages)

    # a unit whose search documents are gone from the cache is made again, to index it
    todo = graph.dirty(keys, previous) | {unit for unit in keys if str(unit) in previous.units and not indexed(unit)}
    return Plan(keys, todo, True, previous, documents, languages)


def _documents_name(language: str, languages: tuple[str, ...]) -> str:
    """The cache folder of an edition's search documents: "search" (the default's), "search-en"."""
    folder = urls.edition(language, languages).strip("/")
    return f"search-{folder}" if folder else "search"


def _by_edition(found: dict[str, T], languages: tuple[str, ...]) -> dict[str, dict[str, T]]:
    """Site paths -> values, split by edition (language -> the paths as the edition's pages know them).
    A path of the default edition never starts with another's folder: validate keeps those names free."""
    split: dict[str, dict[str, T]] = {lang: {} for lang in languages}
    for path, value in found.items():
        lang = next((x for x in languages[1:] if path.startswith(urls.edition(x, languages))), languages[0])
        split[lang][path.removeprefix(urls.edition(lang, languages))] = value
    return split


def _make(
    where: Layout,
    output: Path,
    inputs: Inputs,
    reports: list[derive.Report],
    histories: history.Histories,
    plan: Plan,
    store: cache.Store,
    shared: cache.Store,
    memo: cache.Memo,
    now: quick.State,
    drawer: draw.Drawer,
    spill: write.Spill,
    progress: Progress,
    clock: Stopwatch,
) -> tuple[site.Made, list[tuple[str, search.Indexing]]]:
    """The outputs of every unit to make in every edition (site paths), and each edition's search index
    (with the edition's folder), started as soon as its pages exist."""
    todo = site.units_in_order(inputs, plan.todo)
    editions = [site.Edition(lang, plan.languages, inputs.settings.base_url) for lang in plan.languages]
    contexts: list[site.Context] = []
    chart_tasks: dict[str, dict[tuple[str, str], draw.Task]] = {}  # language -> (page path, chart id) -> task
    card_tasks: dict[str, dict[str, draw.Task]] = {}  # language -> regency code -> task
    map_tasks: dict[str, dict[str, draw.Task]] = {}  # language -> drawing name -> task
    assets = render.hashed_assets(where.static, {"vega.js": _vega_bundle(shared)})
    templates: dict[str, dict] = {}
    grid = _map_grid(where)
    for edition in editions:
        f = formatter(edition.language)
        seen = site.edition_inputs(inputs, edition)
        with clock.stage("chart specs"):
            wanted = _charts(seen, reports, f, plan.todo)
            templates = templates or (draw.chart_templates(shared) if wanted else {})
            chart_tasks[edition.language] = {
                (path, c.id): draw.chart_task(c.title, charts.vega(templates[c.id]["vega"], c), f.language)
                for path, found in wanted.items()
                for c in found
            }
            card_tasks[edition.language] = {
                r.regency.code: draw.card_task(site.card(seen, f, r))
                for r in reports
                if r.data is not None and graph.regency(r.regency.code) in plan.todo
            }
            map_rows = _map_rows(grid, seen, reports, f)
            map_tasks[edition.language] = {
                name: draw.map_task(name, spec, f.language)
                for name, spec in _maps(seen, map_rows, f, plan.todo, shared).items()
            }
        env = render.environment(  # the static files are the whole site's: templates reach them by edition.home
            where.templates,
            {name: path for name, (path, _) in assets.items()},
            where.root / cache.FOLDER / "templates",
            f.translations,
        )
        env.globals["edition"] = edition
        share = _share(seen, f, memo, now, histories)
        contexts.append(
            site.Context(
                seen,
                reports,
                f,
                env,
                assets,
                wanted,
                share,
                edition,
                map_rows,
                histories,
                _glances(seen, f, memo, now),
                _summaries(seen, f, memo, now),
            )
        )
    tasks = [t for found in chart_tasks.values() for t in found.values()]
    tasks += [t for found in card_tasks.values() for t in found.values()]
    tasks += [t for found in map_tasks.values() for t in found.values()]
    pictures, new = draw.cached(tasks, store, spill.keep)
    plan.reused, plan.drawn = len(pictures), len(new)
    # from here on a picture is known by its key: the specs go with the tasks the workers take (draw.Drawer.run)
    chart_keys = {lang: {spot: t.key for spot, t in found.items()} for lang, found in chart_tasks.items()}
    card_keys = {lang: {code: t.key for code, t in found.items()} for lang, found in card_tasks.items()}
    map_keys = {lang: {name: t.key for name, t in found.items()} for lang, found in map_tasks.items()}
    del tasks, chart_tasks, card_tasks, map_tasks
    advance = progress("Menggambar grafik dan kartu", len(pictures) + len(new))
    advance(len(pictures))

    made = {edition.language: site.Made(keep=spill.keep) for edition in editions}
    indexing: list[tuple[str, search.Indexing]] = []

    def draw_all() -> dict[str, tuple[str, write.Content]]:
        with clock.stage("draw (alongside rendering)" if drawer.in_workers else "draw"):
            return drawer.run(new, store, advance, spill.keep)

    with concurrent.futures.ThreadPoolExecutor(1) as waiter:
        drawing = waiter.submit(draw_all) if drawer.in_workers else None  # workers draw
        writing = progress("Menulis halaman", len(todo) * len(editions))
        try:
            whole = not plan.in_place or len(plan.todo) == len(plan.keys)  # the whole site made: its pages held
            for ctx, edition in zip(contexts, editions, strict=True):
                with clock.stage("render"):
                    site.render_searched(ctx, todo, made[edition.language], writing)
                # each edition's Pagefind starts as soon as its documents exist, while the next edition renders;
                # a whole site's editions are indexed in turn: each Pagefind holds its edition's index (~150 MB)
                with clock.stage("search index (start)"):
                    docs = _in_site(made, [edition], lambda m: m.docs)
                    after = indexing[-1][1] if indexing and whole else None
                    indexing.append((edition.folder, _start_index(plan, docs, output, edition, after)))
                # written out for Pagefind, and their digests taken (plan.searched): not needed again
                del docs
                made[edition.language].docs.clear()
            with clock.stage("render"):
                for ctx in contexts:
                    site.render_rest(ctx, todo, made[ctx.edition.language])
            with clock.stage("draw (waited for)"):
                pictures.update(drawing.result() if drawing else draw_all())
            drawer.close()  # its workers' memory is not needed for the rest
        except BaseException:
            for _, running in indexing:
                running.cancel()
            raise
    with clock.stage("place pictures, press kits"):
        for ctx in contexts:
            lang = ctx.edition.language
            site.place_pictures(
                ctx,
                made[lang],
                {spot: pictures[key] for spot, key in chart_keys[lang].items()},
                templates,
                {code: pictures[key][1] for code, key in card_keys[lang].items()},
                {name: pictures[key][0] for name, key in map_keys[lang].items()},
            )
    together = site.Made(
        files=_in_site(made, editions, lambda m: m.files),
        spilled=_in_site(made, editions, lambda m: m.spilled),
        pages=sum(m.pages for m in made.values()),
    )
    return together, indexing


def _in_site(
    made: dict[str, site.Made], editions: list[site.Edition], part: Callable[[site.Made], dict[Unit, dict[str, T]]]
) -> dict[Unit, dict[str, T]]:
    """Each edition's outputs (or search documents) per unit, at their paths in the site ("en/…")."""
    together: dict[Unit, dict[str, T]] = {}
    for edition in editions:
        for unit, found in part(made[edition.language]).items():
            together.setdefault(unit, {}).update({edition.folder + path: data for path, data in found.items()})
    return together


def _share(
    seen: Inputs, f, memo: cache.Memo, now: quick.State, histories: history.Histories
) -> Callable[[derive.Report], datasets.Share]:
    """A regency's rows of an edition's downloads, kept in the memo (by language, data file and history)."""

    def share(r: derive.Report) -> datasets.Share:
        if r.data is None:
            return datasets.share(r, f, seen.settings.base_url)
        rel = seen.files[r.regency.code]
        found = histories.of(r.regency.code)
        packed = memo.remember(
            lambda: datasets.pack(datasets.share(r, f, seen.settings.base_url, found)),
            "share",
            f.language,
            rel,
            now.stamp.files[rel],
            now.stamp.files.get(history.STAMP + rel, ""),
        )
        return datasets.unpack(packed)

    return share


def _glances(seen: Inputs, f, memo: cache.Memo, now: quick.State) -> pages.Glancer:
    """What the lists of regencies show of each in an edition (pages.glance), kept in the memo by language
    and data file: a nationwide page lists every regency, and most of them did not change."""

    def glanced(r: derive.Report) -> pages.Glance:
        if r.data is None:
            return pages.glance(f, r)
        rel = seen.files[r.regency.code]
        return memo.remember(lambda: pages.glance(f, r), "glance", f.language, rel, now.stamp.files[rel])

    return glanced


def _summaries(seen: Inputs, f, memo: cache.Memo, now: quick.State) -> feeds.Summariser:
    """The feed's entry texts (feeds.summary), kept in the memo by language, data file and source: the
    feed is made again whenever any regency changes, and its entries mostly did not (each formats every
    figure its source is cited for, ~0.3 s an edition)."""

    def summarised(r: derive.Report, source: Source) -> str:
        rel = seen.files[r.regency.code]
        return memo.remember(
            lambda: feeds.summary(f, r, source), "feed-summary", f.language, rel, now.stamp.files[rel], source.id
        )

    return summarised


def _charts(inputs: Inputs, reports: list[derive.Report], f, todo: set[Unit]) -> dict[str, list[charts.Chart]]:
    """Page path -> the charts it shows, each with its source line."""
    wanted = {
        urls.regency(r.regency, r.province) + "index.html": charts.regency_charts(r, f)
        for r in reports
        if r.data is not None and graph.regency(r.regency.code) in todo
    }
    if NATIONAL in todo and (national := charts.comparison(reports, f)) is not None:
        wanted["index.html"] = [national]
    return {
        path: [
            dataclasses.replace(
                c,
                source_line=source_line(inputs, f, c.sources),
                page_url=inputs.settings.base_url + path.removesuffix("index.html"),
            )
            for c in found
        ]
        for path, found in wanted.items()
        if found
    }


def _map_grid(where: Layout) -> dict[str, maps.Cell] | None:
    """The register's tile grid, read once a build (every edition's maps share it); none without one."""
    return maps.load_grid(where.register) if (where.register / "tilegrid.csv").is_file() else None


def _map_rows(grid: dict[str, maps.Cell] | None, inputs: Inputs, reports: list[derive.Report], f) -> list[dict]:
    """The tile-grid maps' rows (maps.rows, with the drawn hrefs that pages make relative), or none for a
    register without a tile grid."""
    if grid is None:
        return []
    return maps.rows(reports, grid, f, inputs.build_date, maps.DRAWN_BASE)


def _maps(
    inputs: Inputs, map_rows: list[dict], f, todo: set[Unit], store: cache.Store | None = None
) -> dict[str, dict]:
    """The maps the units to make show: the country's (home), each province's, and the locator of the
    province of each regency made (one drawing per province; maps.inline picks the regency)."""
    if not map_rows:
        return {}
    regencies = inputs.register.regencies
    provinces = [code for code in inputs.register.provinces if graph.province(code) in todo]
    located = sorted({regencies[u.code].province_code for u in todo if u.kind == "regency" and u.code in regencies})
    country = NATIONAL in todo
    if not (country or provinces or located):
        return {}
    made = _map_templates(store, maps.template_words(f)) if store is not None else None
    return maps.specs(map_rows, f, country, provinces, located, made)


def _map_templates(store: cache.Store, words: tuple[str, str, str]) -> dict[str, dict]:
    """An edition's map templates (maps.templates), made once per version of maps.py, Altair and their words."""
    found_key = cache.key(
        "map-templates",
        Path(maps.__file__).read_bytes(),
        cache.version("altair"),
        json.dumps(words, ensure_ascii=False),
    )
    made = store.remember(
        found_key, lambda: json.dumps(maps.templates(words), sort_keys=True, ensure_ascii=False).encode()
    )
    return json.loads(made)


def _start_index(
    plan: Plan,
    docs: dict[Unit, dict[str, bytes]],
    output: Path,
    edition: site.Edition,
    after: search.Indexing | None = None,
) -> search.Indexing:
    """Pagefind, in its own process, over an edition's search documents (unchanged ones' fragments reused);
    once ``after`` has ended, if given."""
    lang, languages = edition.language, plan.languages
    output_docs = _by_edition({path: doc for found in docs.values() for path, doc in found.items()}, languages)[lang]
    versions = {unit: _by_edition(plan.searched(unit, docs), languages)[lang] for unit in plan.keys}
    documents = plan.documents[lang]
    try:
        documents.update(output_docs, {path: v for found in versions.values() for path, v in found.items()})
        unchanged = (
            frozenset(
                path
                for unit, found in versions.items()
                if plan.previous is not None and str(unit) in plan.previous.units
                for path, v in found.items()
                if _by_edition(plan.previous.units[str(unit)].get("search", {}), languages)[lang].get(path) == v
            )
            if plan.in_place
            else frozenset()
        )
        return documents.start_index(output, unchanged, lang, edition.folder, after)
    except OSError as exc:
        raise OutputError(f"cannot write {output}: {exc.strerror or exc}; the previous output is unchanged") from None


def _write(
    where: Layout,
    output: Path,
    plan: Plan,
    made: site.Made,
    indexing: list[tuple[str, search.Indexing]],
    now: quick.State,
    clock: Stopwatch,
) -> int:
    """Into the output: the changed files moved in (in place), or a whole new folder swapped in, with
    each edition's search index. Returns how many files were kept from the previous output."""

    def index(staging: Path) -> None:
        with clock.stage("search index (waited for)"):
            for folder, running in indexing:
                (staging / folder).mkdir(parents=True, exist_ok=True)
                os.rename(running.finish(), staging / folder / "pagefind")

    units = made.files.keys() | made.spilled.keys()
    files = {path: data for unit in units for path, data in made.outputs(unit).items()}
    folders = [where.data, where.narratives.parent, where.pages, where.templates]
    with clock.stage("write"):  # the search index's wait inside it is its own stage
        if plan.in_place and plan.todo != set(plan.keys):
            remove = sorted({path for unit in plan.todo for path in plan.outputs_before(unit)} - files.keys())
            indexes = tuple(folder + "pagefind" for folder, _ in indexing)
            written = write.update_site(files, output, where.root, folders, remove, index, now.stamp.digest, indexes)
            return sum(len(unit["outputs"]) for unit in plan.record(made).values()) - written
        write.write_site(
            files, output, where.root, folders, before_swap=index, marker=now.stamp.digest, clear_in_background=True
        )
    return 0


def _workers(now: quick.State, jobs: int) -> int:
    """How many drawing workers to start now, before anything says how many pictures are new (see
    draw.Drawer). A few changed data files need a few pictures: one worker, or none where this process
    has its engine running. Narratives alone need none."""
    previous = now.previous
    if jobs == 1:
        return 0
    if previous is None or previous.stamp is None or previous.stamp.common != now.stamp.common:
        return jobs
    changed = [
        name
        for name, digest in now.stamp.files.items()
        if previous.stamp.files.get(name) != digest and name.startswith("data/")
    ]
    if len(changed) > 3:
        return jobs
    return 0 if not changed or engine.running() else 1


def _report(inputs: Inputs, memo: cache.Memo, stamp: cache.Stamp, code: str) -> derive.Report:
    """A regency's figures, kept in the memo by its data file's content (it reads nothing else)."""
    regency = inputs.register.regencies[code]
    if code not in inputs.files:
        return derive.report(regency, inputs.register, None)
    rel = inputs.files[code]
    return memo.remember(
        lambda: pace.attach(derive.report(regency, inputs.register, inputs.regencies[code])),
        "report",
        rel,
        stamp.files[rel],
    )


def _histories(where: Layout, inputs: Inputs, memo: cache.Memo, stamp: cache.Stamp) -> history.Histories:
    """Each regency file's corrections: from git (kept in the memo by the file's commits, see
    history.stamp) and from its own ``corrections:`` entries."""
    usable = stamp.files.get(history.STAMP) == "available"
    found = {}
    for code, rel in inputs.files.items():
        commits = stamp.files.get(history.STAMP + rel)
        git = (
            memo.remember(
                lambda rel=rel: history.file_history(where.root, rel, inputs.register, inputs.build_date, usable=True),
                "history",
                rel,
                commits,
            )
            if usable and commits
            else history.History(usable)
        )
        found[code] = history.merge(git, inputs.regencies[code])
    return history.Histories(usable, found)


def _reading_history(
    reads: dict[Unit, tuple[str, ...]], inputs: Inputs, stamp: cache.Stamp
) -> dict[Unit, tuple[str, ...]]:
    """The units' inputs with the histories they show: a regency's page its own file's, the national
    unit (feed, downloads, methodology page) every file's and whether history is available at all."""
    known = [name for name in (history.STAMP + rel for rel in sorted(inputs.files.values())) if name in stamp.files]
    out = dict(reads)
    for code, rel in inputs.files.items():
        if history.STAMP + rel in stamp.files:
            out[graph.regency(code)] += (history.STAMP + rel,)
    out[NATIONAL] += tuple(name for name in (history.STAMP, *known) if name in stamp.files)
    return out


def _register(where: Layout, store: cache.Store | None) -> Register:
    """The register (83 000 villages), read once per version of its files."""
    if store is None:
        return load_register(where.register)
    found_key = cache.key(
        "register",
        Path(__file__).with_name("register.py").read_bytes(),
        *(f"{p.name}={cache.file_hash(p)}" for p in sorted(where.register.glob("*.csv"))),
    )
    register = store.get_object(found_key)
    if register is None:
        register = load_register(where.register)
        store.put_object(found_key, register)
    return register


def _vega_bundle(store: cache.Store) -> bytes:
    """vl-convert's bundle of Vega, Vega-Lite and vega-embed: made once per vl-convert version (~1 s)."""
    return store.remember(cache.key("vega-bundle", cache.version("vl-convert-python")), engine.javascript_bundle)


def _stores(where: Layout, clean: bool) -> tuple[cache.Store, cache.Store]:
    """The root's store, and the one for what depends on no site (this user's: cache.user_folder), which
    is the root's where this user has none that can be written."""
    own = cache.Store(where.root / cache.FOLDER, reuse=not clean)
    folder = cache.user_folder()
    shared = cache.Store(folder, reuse=not clean) if folder is not None else own
    return own, shared if shared.seal.key is not None else own


def _warnings(inputs: Inputs) -> list[list]:
    return [[w.path, w.line, w.col, w.message] for w in inputs.warnings]


__all__ += ["Problem"]
