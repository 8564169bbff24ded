"""Drawing: every chart to SVG and a 2x PNG, every social card to PNG, in worker processes.

What was drawn before is taken from the cache store (kept by the hash of the exact Vega spec, or
card SVG, the locale, the drawing code and the vl-convert version), so only new pictures are drawn:
by a ``Drawer``, in worker processes started with the build (see there), or in this process when
its engine is running. vl-convert itself is behind ``engine``; this module never imports it.
"""

from __future__ import annotations

import dataclasses
import html
import json
import math
import multiprocessing
import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from . import cache
from .write import Content

# The modules that decide how a picture is made (scale, title element, fonts, locales, ...): their source is
# part of every picture's cache key, so a change to any of them draws afresh. Name a new such module here.
DRAWING_MODULES = ("draw.py", "engine.py", "charts.py", "cards.py", "fmt.py")


def drawing_code(folder: Path = Path(__file__).parent) -> str:
    """The digest of the source of DRAWING_MODULES (those present in ``folder``)."""
    return cache.key(
        *(f"{name}={cache.key((folder / name).read_bytes())}" for name in DRAWING_MODULES if (folder / name).is_file())
    )


DRAWING = drawing_code()
BATCH = 8  # pictures per task sent to a worker


@dataclasses.dataclass(frozen=True)
class Task:
    key: str
    kind: str  # "chart", "card" or "map"
    spec: str  # Vega JSON for a chart, SVG for a card, Vega-Lite JSON for a map
    title: str = ""
    language: str = "id"  # the d3 locales a chart is drawn with


def chart_templates(store: cache.Store) -> dict[str, dict]:
    """{chart kind: {"vl": Vega-Lite template, "vega": compiled}}, made once per Altair/vl-convert/Jaring version."""

    def make() -> bytes:
        from . import charts, engine

        made = {
            kind: {"vl": template, "vega": engine.vegalite_to_vega({**template, "datasets": {"rows": []}})}
            for kind, template in charts.templates().items()
        }
        return json.dumps(made, sort_keys=True).encode()

    return json.loads(
        store.remember(cache.key("kinds", DRAWING, cache.version("altair"), cache.version("vl-convert-python")), make)
    )


def chart_task(title: str, vega: dict, language: str) -> Task:
    spec = json.dumps(vega, sort_keys=True, ensure_ascii=False)
    return Task(
        cache.key("chart", DRAWING, cache.version("vl-convert-python"), language, title, spec),
        "chart",
        spec,
        title,
        language,
    )


def map_task(name: str, vegalite: dict, language: str) -> Task:
    """A map (maps.specs): SVG only, inlined into its pages (no PNG: nothing downloads it)."""
    spec = json.dumps(vegalite, sort_keys=True, ensure_ascii=False)
    return Task(
        cache.key("map", DRAWING, cache.version("vl-convert-python"), language, spec), "map", spec, name, language
    )


def card_task(svg: str) -> Task:
    return Task(cache.key("card", DRAWING, cache.version("vl-convert-python"), svg), "card", svg)


def cached(
    tasks: list[Task], store: cache.Store, hold: Callable[[bytes], Content] = lambda png: png
) -> tuple[dict[str, tuple[str, Content]], list[Task]]:
    """key -> (svg, png) of the pictures drawn before (svg is "" for cards), and the tasks still to draw.
    ``hold`` takes each PNG as it is read (a ``write.Spill`` writes it out rather than keep it in memory)."""
    done: dict[str, tuple[str, Content]] = {}
    new = []
    for task in {t.key: t for t in tasks}.values():
        png = store.get(task.key + ".png") if task.kind != "map" else b""
        svg = store.get(task.key + ".svg") if task.kind != "card" else b""
        if png is not None and svg is not None:
            done[task.key] = (svg.decode(), hold(png) if png else png)
        else:
            new.append(task)
    return done, new


class Drawer:
    """Draws pictures, in ``workers`` processes or (0) in this one.

    Workers are started with ``spawn`` (vl-convert's engine deadlocks in a child made by ``fork``) when
    the build starts, and each starts its engine at once (~0.5 s, which holds this process's GIL if
    done here): so that happens while the inputs are checked, on another core. A process that has
    drawn before (``jaring serve``) has its engine running and draws in-process."""

    def __init__(self, workers: int):
        self.pool = multiprocessing.get_context("spawn").Pool(workers, initializer=_start) if workers else None
        self.seconds: dict[str, float] = {}  # drawing seconds per kind of picture, summed over the workers

    @property
    def in_workers(self) -> bool:
        return self.pool is not None

    def run(
        self,
        new: list[Task],
        store: cache.Store,
        advance: Callable[[int], None] = lambda n: None,
        hold: Callable[[bytes], Content] = lambda png: png,
    ) -> dict[str, tuple[str, Content]]:
        """Draw ``new`` (see ``cached``) and keep each picture in the store: key -> (svg, png). ``hold``
        takes each PNG as it arrives (a ``write.Spill`` writes it out: the PNGs of the whole country
        were ~1 GB). The tasks are taken out of ``new`` as they are sent (their specs were ~50 MB for the country)."""
        done: dict[str, tuple[str, Content]] = {}
        batches = _taken(new)
        for drawn, seconds in self.pool.imap(_draw, batches) if self.pool else map(_draw, batches):
            _keep(drawn, done, store, advance, hold)
            for kind, took in seconds.items():
                self.seconds[kind] = self.seconds.get(kind, 0.0) + took
        return done

    def close(self) -> None:
        """Stop the workers (at once: a worker may still be starting, with nothing to draw). A build
        does so as soon as its pictures are drawn: each worker holds a JavaScript engine (~120 MB)."""
        if self.pool is not None:
            self.pool.terminate()
            self.pool.join()
            self.pool = None

    def __enter__(self) -> Drawer:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _taken(new: list[Task]) -> Iterator[list[Task]]:
    """Batches of ``new``, each removed from it as it is taken (the pool sends them as workers are free)."""
    new.reverse()
    while new:
        yield [new.pop() for _ in range(min(BATCH, len(new)))]


def _start() -> None:
    """In a new worker: vl-convert's fonts and engine, before the first picture arrives. Never raises
    (a pool restarts a worker whose start failed, forever): trouble shows when a picture is drawn."""
    try:
        from . import engine

        engine.start()
    except Exception:
        pass


def _keep(drawn, done, store, advance, hold) -> None:
    for key, svg, png in drawn:
        if svg:
            store.put(key + ".svg", svg.encode())
        if png:  # a map has none
            store.put(key + ".png", png)
        done[key] = (svg, hold(png) if png else png)
    advance(len(drawn))


def _draw(batch: list[Task]) -> tuple[list[tuple[str, str, bytes]], dict[str, float]]:
    """In a worker (or in-process): draw each picture of the batch. Also returns the seconds each
    kind of drawing took (for ``jaring build --profile``)."""
    from . import engine
    from .fmt import formatter

    out = []
    seconds = {"chart SVG": 0.0, "chart PNG": 0.0, "card PNG": 0.0, "map SVG": 0.0}
    for task in batch:
        started = time.perf_counter()
        if task.kind == "chart":
            f = formatter(task.language)
            svg = labelled(
                task.title, engine.vega_to_svg(json.loads(task.spec), f.d3_format_locale(), f.d3_time_locale())
            )
            drawn = time.perf_counter()
            seconds["chart SVG"] += drawn - started
            out.append((task.key, svg, engine.svg_to_png(svg, scale=png_scale(svg))))
            seconds["chart PNG"] += time.perf_counter() - drawn
        elif task.kind == "map":
            f = formatter(task.language)
            out.append(
                (task.key, engine.vegalite_to_svg(json.loads(task.spec), f.d3_format_locale(), f.d3_time_locale()), b"")
            )
            seconds["map SVG"] += time.perf_counter() - started
        else:
            out.append((task.key, "", card_png(task.spec)))
            seconds["card PNG"] += time.perf_counter() - started
    return out, seconds


PNG_WIDTH = 1200  # a downloaded chart is at least this wide: sharp in a print layout or a slide


def png_scale(svg: str) -> float:
    """The scale that draws ``svg`` at least PNG_WIDTH pixels wide (and at least 2x)."""
    found = re.search(r'<svg[^>]*?width="([\d.]+)"', svg)
    width = float(found[1]) if found else 360.0
    return max(2.0, math.ceil(PNG_WIDTH / width * 1000) / 1000)


def card_png(svg: str) -> bytes:
    """A social card (cards.card_svg) rasterised to a 1200×630 PNG."""
    from . import engine

    return engine.svg_to_png(svg, scale=1)


def labelled(title: str, svg: str) -> str:
    """Name the picture, for when the SVG is opened on its own."""
    return re.sub(r"(<svg[^>]*>)", rf"\1<title>{html.escape(title, quote=False)}</title>", svg, count=1)
