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
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from . import (
    cache,
    changes,
    charts,
    datasets,
    derive,
    draw,
    engine,
    graph,
    lock,
    pace,
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
from .validate import Inputs, check

__all__ = ["SILENT", "Progress", "Summary", "build", "gather"]


def build(
    root: Path,
    output: Path | None = None,
    strict: bool = False,
    clean: bool = False,
    jobs: int | None = None,
    progress: Progress = SILENT,
    wait: bool = True,
) -> Summary:
    """Build the site of ``root`` into ``output``, one build at a time per root and per output (see
    lock.py): another build of either waits for this one, or with ``wait=False`` fails at once."""
    where = layout(root)
    output = (output or where.root / "output").absolute()
    with lock.hold(where.root / cache.FOLDER, output, wait):
        return _build_locked(root, output, strict, clean, jobs, progress)


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


def _build_locked(root: Path, output: Path, strict: bool, clean: bool, jobs: int | None, progress: Progress) -> Summary:
    started = time.perf_counter()
    clock = Stopwatch()
    where = layout(root)
    done, now = quick.up_to_date(root, output, strict, clean)  # a build we waited for may have made it
    if done is not None:
        return done
    if now.stamp.refused:  # an input that was not read (a FIFO, a device, too big): the check names it, now
        gather(root)

    with draw.Drawer(_workers(now, jobs or os.cpu_count() or 1)) as drawer, write.Spill(output) as spill:
        store = cache.Store(where.root, reuse=not clean)
        memo = cache.Memo(where.root, now.stamp.common, reuse=not clean)
        with clock.stage("gather"):
            where, inputs = gather(root, store, memo)  # load, validate
        if strict and inputs.warnings:
            raise JaringError(inputs.warnings)
        with clock.stage("derive"):
            reports = [_report(inputs, memo, now.stamp, code) for code in inputs.register.regencies]
        with clock.stage("plan"):
            plan = _plan(where, inputs, now, clean)  # which units to make
        made, indexing = _make(
            where, output, inputs, reports, plan, store, memo, now, drawer, spill, progress, clock
        )  # draw, render, index
        try:
            kept = _write(where, output, plan, made, indexing, now, clock)  # write, with the index
        finally:
            indexing.cancel()  # a no-op once finished and moved in
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


def gather(root: Path, store: cache.Store | None = None, memo: cache.Memo | None = None) -> tuple[Layout, Inputs]:
    """Load and validate every input; raises JaringError listing every problem. ``store`` keeps the
    register between builds, ``memo`` the checked regency files."""
    where = layout(root)
    return where, check(where, _register(where, store), build_date(), memo)


@dataclasses.dataclass
class Plan:
    """Which units this build makes, and what the search index of the others was."""

    keys: dict[Unit, str]  # every unit's key (graph.keys)
    todo: set[Unit]
    in_place: bool  # update the output in place (it is what the last build made), else write it anew
    previous: cache.Manifest | None
    documents: search.Documents
    drawn: int = 0
    reused: int = 0
    digests: dict[Unit, dict[str, str]] = dataclasses.field(default_factory=dict)  # made now, hashed once

    def outputs_before(self, unit: Unit) -> list[str]:
        assert self.previous is not None
        return self.previous.units[str(unit)]["outputs"]

    def searched(self, unit: Unit, made: site.Made) -> dict[str, str]:
        """The versions of a unit's search documents: made now, or as the last build left them."""
        if unit in self.todo:  # asked for the index, then twice for the manifest: the documents are done by then
            if unit not in self.digests:
                self.digests[unit] = {path: search.digest(doc) for path, doc in sorted(made.docs.get(unit, {}).items())}
            return self.digests[unit]
        assert self.previous is not None
        return self.previous.units[str(unit)].get("search", {})

    def record(self, made: site.Made) -> dict[str, dict]:
        """The manifest's units: each one's key, outputs and search documents."""
        return {
            str(unit): {
                "key": self.keys[unit],
                "outputs": sorted(made.outputs(unit)) if unit in self.todo else self.outputs_before(unit),
                "search": self.searched(unit, made),
            }
            for unit in self.keys
        }


def _plan(where: Layout, inputs: Inputs, now: quick.State, clean: bool) -> Plan:
    narratives = {code: cache.name(where.narratives / f"{code}.md", where.root) for code in inputs.narratives}
    regencies = {code: r.province_code for code, r in inputs.register.regencies.items()}
    keys = graph.keys(graph.units(regencies, list(inputs.register.provinces), inputs.files, narratives), now.stamp)
    documents = search.Documents(where.root / cache.FOLDER, reset=clean)
    previous = now.previous
    if not now.output_is_last_build or previous is None:
        return Plan(keys, set(keys), False, previous, documents)
    # a unit whose search documents are gone from the cache is made again, to index it
    todo = graph.dirty(keys, previous) | {
        unit
        for unit in keys
        if str(unit) in previous.units and not documents.hold(previous.units[str(unit)].get("search", {}))
    }
    return Plan(keys, todo, True, previous, documents)


def _make(
    where: Layout,
    output: Path,
    inputs: Inputs,
    reports: list[derive.Report],
    plan: Plan,
    store: cache.Store,
    memo: cache.Memo,
    now: quick.State,
    drawer: draw.Drawer,
    spill: write.Spill,
    progress: Progress,
    clock: Stopwatch,
) -> tuple[site.Made, search.Indexing]:
    """The outputs of every unit to make, and the search index, started as soon as its pages exist."""
    f = formatter(inputs.settings.language)
    todo = site.units_in_order(inputs, plan.todo)
    with clock.stage("chart specs"):
        wanted = _charts(inputs, reports, f, plan.todo)
        templates = draw.chart_templates(store) if wanted else {}
        chart_tasks = {
            (path, c.id): draw.chart_task(c.title, charts.vega(templates[c.id]["vega"], c), f.language)
            for path, found in wanted.items()
            for c in found
        }
        card_tasks = {
            r.regency.code: draw.card_task(site.card(inputs, f, r))
            for r in reports
            if r.data is not None and graph.regency(r.regency.code) in plan.todo
        }
        pictures, new = draw.cached([*chart_tasks.values(), *card_tasks.values()], store, spill.keep)
    plan.reused, plan.drawn = len(pictures), len(new)
    advance = progress("Menggambar grafik dan kartu", len(pictures) + len(new))
    advance(len(pictures))

    with clock.stage("render"):
        assets = render.hashed_assets(where.static, {"vega.js": _vega_bundle(store)})
        env = render.environment(
            where.templates,
            {name: path for name, (path, _) in assets.items()},
            where.root / cache.FOLDER / "templates",
            f.translations,
        )

    def share(r: derive.Report) -> datasets.Share:  # a regency's rows of the downloads, kept in the memo
        if r.data is None:
            return datasets.share(r, f, inputs.settings.base_url)
        rel = inputs.files[r.regency.code]
        return memo.remember(
            lambda: datasets.share(r, f, inputs.settings.base_url), "share", f.language, rel, now.stamp.files[rel]
        )

    ctx = site.Context(inputs, reports, f, env, assets, wanted, share)
    made = site.Made()

    def draw_all() -> dict[str, tuple[str, write.Content]]:
        with clock.stage("draw (alongside rendering)" if drawer.in_workers else "draw"):
            return drawer.run(new, store, advance, spill.keep)

    with concurrent.futures.ThreadPoolExecutor(1) as waiter:
        drawing = waiter.submit(draw_all) if drawer.in_workers else None  # workers draw
        with clock.stage("render"):
            site.render_searched(ctx, todo, made, progress("Menulis halaman", len(todo)))
        with clock.stage("search index (start)"):
            indexing = _start_index(plan, made, output, f.language)
        with clock.stage("render"):
            site.render_rest(ctx, todo, made)
        with clock.stage("draw (waited for)"):
            pictures.update(drawing.result() if drawing else draw_all())
    with clock.stage("place pictures, press kits"):
        site.place_pictures(
            ctx,
            made,
            {spot: pictures[task.key] for spot, task in chart_tasks.items()},
            templates,
            {code: pictures[task.key][1] for code, task in card_tasks.items()},
            spill.keep,
        )
    return made, indexing


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


def _start_index(plan: Plan, made: site.Made, output: Path, language: str) -> search.Indexing:
    """Pagefind, in its own process, over every page's search document (unchanged ones' fragments reused)."""
    output_docs = {path: doc for docs in made.docs.values() for path, doc in docs.items()}
    versions = {unit: plan.searched(unit, made) for unit in plan.keys}
    try:
        plan.documents.update(output_docs, {path: v for found in versions.values() for path, v in found.items()})
        unchanged = (
            frozenset(
                path
                for unit, found in versions.items()
                if plan.previous is not None and str(unit) in plan.previous.units
                for path, v in found.items()
                if plan.previous.units[str(unit)].get("search", {}).get(path) == v
            )
            if plan.in_place
            else frozenset()
        )
        return plan.documents.start_index(output, unchanged, language)
    except OSError as exc:
        raise OutputError(f"cannot write {output}: {exc.strerror or exc}; the previous output is unchanged") from None


def _write(
    where: Layout,
    output: Path,
    plan: Plan,
    made: site.Made,
    indexing: search.Indexing,
    now: quick.State,
    clock: Stopwatch,
) -> int:
    """Into the output: the changed files moved in (in place), or a whole new folder swapped in. Returns
    how many files were kept from the previous output."""

    def index(staging: Path) -> None:
        with clock.stage("search index (waited for)"):
            os.rename(indexing.finish(), staging / "pagefind")

    units = made.files.keys() | made.spilled.keys()
    files = {path: data for unit in units for path, data in made.outputs(unit).items()}
    folders = [where.data, where.narratives.parent, where.pages, where.templates]
    with clock.stage("write"):  # the search index's wait inside it is its own stage
        if plan.in_place and plan.todo != set(plan.keys):
            remove = sorted({path for unit in plan.todo for path in plan.outputs_before(unit)} - files.keys())
            written = write.update_site(files, output, where.root, folders, remove, index, now.stamp.digest)
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
    """vl-convert's bundle of Vega, Vega-Lite and vega-embed: made once per vl-convert version (~2 s)."""
    found_key = cache.key("vega-bundle", cache.version("vl-convert-python"))
    bundle = store.get(found_key)
    if bundle is None:
        bundle = engine.javascript_bundle()
        store.put(found_key, bundle)
    return bundle


def _warnings(inputs: Inputs) -> list[list]:
    return [[w.path, w.line, w.col, w.message] for w in inputs.warnings]


__all__ += ["Problem"]
