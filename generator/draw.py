"""Drawing: every chart to SVG and a 2x PNG, every social card to PNG, in worker processes.

What was drawn before is taken from the cache store (kept by the hash of the exact Vega spec, or
card SVG, and the vl-convert version), so only new pictures are drawn. New ones are drawn in one
process per core, started with ``spawn``: vl-convert's V8 deadlocks in a child made by ``fork``, and
the parent never draws before the pool is running. A handful of pictures is drawn in-process:
starting workers would cost more than it saves.
"""

from __future__ import annotations

import concurrent.futures
import dataclasses
import json
import multiprocessing
from collections.abc import Callable
from pathlib import Path

from . import cache, fmt
from .charts import Chart

DRAWING = "2"  # bump when the way a picture is made changes (scale, title element, ...)
IN_PROCESS = 12  # at most this many new pictures are drawn without starting workers
BATCH = 8  # pictures per task sent to a worker


@dataclasses.dataclass(frozen=True)
class Task:
    key: str
    kind: str  # "chart" or "card"
    spec: str  # Vega JSON for a chart, SVG for a card
    title: str = ""


def kinds(store: cache.Store) -> dict[str, dict]:
    """{kind: {"vl": Vega-Lite template, "vega": compiled}}, built once per Altair/vl-convert/Jaring version."""
    found_key = cache.key("kinds", DRAWING, cache.version("altair"), cache.version("vl-convert-python"),
                          Path(__file__).with_name("charts.py").read_bytes())
    found = store.get(found_key)
    if found is not None:
        return json.loads(found)
    from . import charts

    lite = charts.templates()
    vega = charts.compiled(lite)
    made = {kind: {"vl": lite[kind], "vega": vega[kind]} for kind in lite}
    store.put(found_key, json.dumps(made, sort_keys=True).encode())
    return made


def warm_up() -> None:
    """Start vl-convert's JavaScript engine in a background thread. Its first call costs ~0.5 s; vl-convert
    releases the GIL while it works, so this overlaps with checking the inputs. (Workers are spawned
    processes with their own engine: this does not touch them.)"""
    import threading

    import vl_convert as vlc  # here, not in the thread: imported in the thread, it held up the main thread here

    def first_call() -> None:
        try:
            vlc.vega_to_svg({"width": 1, "height": 1, "marks": []})
        except Exception:  # noqa: BLE001 - only a head start: a real call reports real trouble
            pass

    threading.Thread(target=first_call, name="vl-convert-warm-up", daemon=True).start()


def chart_task(chart: Chart, vega: dict) -> Task:
    spec = json.dumps(vega, sort_keys=True, ensure_ascii=False)
    return Task(cache.key("chart", DRAWING, cache.version("vl-convert-python"), _LOCALES, chart.title, spec),
                "chart", spec, chart.title)


def card_task(svg: str) -> Task:
    return Task(cache.key("card", DRAWING, cache.version("vl-convert-python"), svg), "card", svg)


def cached(tasks: list[Task], store: cache.Store) -> tuple[dict[str, tuple[str, bytes]], list[Task]]:
    """key -> (svg, png) of the pictures drawn before (svg is "" for cards), and the tasks still to draw."""
    done: dict[str, tuple[str, bytes]] = {}
    new = []
    for task in {t.key: t for t in tasks}.values():
        png, svg = store.get(task.key + ".png"), store.get(task.key + ".svg") if task.kind == "chart" else b""
        if png is not None and svg is not None:
            done[task.key] = (svg.decode(), png)
        else:
            new.append(task)
    return done, new


def in_workers(new: list[Task], jobs: int) -> bool:
    """Whether ``new`` is drawn by worker processes (else in this one: starting workers costs ~1 s)."""
    return jobs > 1 and len(new) > IN_PROCESS


def run(new: list[Task], store: cache.Store, jobs: int,
        advance: Callable[[int], None] = lambda n: None) -> dict[str, tuple[str, bytes]]:
    """Draw ``new`` (see ``cached``) and keep each picture in the store: key -> (svg, png)."""
    done: dict[str, tuple[str, bytes]] = {}
    batches = [new[i:i + BATCH] for i in range(0, len(new), BATCH)]
    if in_workers(new, jobs):
        context = multiprocessing.get_context("spawn")
        with concurrent.futures.ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
            for drawn in pool.map(_draw, batches):
                _keep(drawn, done, store, advance)
    else:
        for batch in batches:
            _keep(_draw(batch), done, store, advance)
    return done


def _keep(drawn, done, store, advance) -> None:
    for key, svg, png in drawn:
        if svg:
            store.put(key + ".svg", svg.encode())
        store.put(key + ".png", png)
        done[key] = (svg, png)
    advance(len(drawn))


def _draw(batch: list[Task]) -> list[tuple[str, str, bytes]]:
    """In a worker (or in-process): draw each picture of the batch."""
    import vl_convert as vlc

    from .cards import card_png
    from .charts import labelled

    time_locale = fmt.d3_time_locale()
    out = []
    for task in batch:
        if task.kind == "chart":
            svg = labelled(task.title, vlc.vega_to_svg(json.loads(task.spec), format_locale=fmt.D3_LOCALE,
                                                       time_format_locale=time_locale, allowed_base_urls=[]))
            out.append((task.key, svg, vlc.svg_to_png(svg, scale=2)))
        else:
            out.append((task.key, "", card_png(task.spec)))
    return out


_LOCALES = json.dumps([fmt.D3_LOCALE, fmt.d3_time_locale()], sort_keys=True)
