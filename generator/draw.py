"""Drawing: every chart to SVG and a 2x PNG, every social card to PNG, in worker processes.

What was drawn before is taken from the cache store (kept by the hash of the exact Vega spec, or
card SVG, and the vl-convert version), so only new pictures are drawn: by a ``Drawer``, in worker
processes started with the build (see there), or in this process when its engine is running.
"""

from __future__ import annotations

import dataclasses
import html
import json
import multiprocessing
import re
import os
import shutil
from collections.abc import Callable
from pathlib import Path

from typing import TYPE_CHECKING

from . import cache, fmt

if TYPE_CHECKING:  # not imported at run time: a worker needs none of the data model (pydantic: ~0.2 s)
    from .charts import Chart

# The modules that decide how a picture is made (scale, title element, fonts, ...): their source is part of
# every picture's cache key, so a change to any of them draws afresh. Name a new such module here.
DRAWING_MODULES = ("draw.py", "charts.py", "cards.py", "engine.py")


def drawing_code(folder: Path = Path(__file__).parent) -> str:
    """The digest of the source of DRAWING_MODULES (those present in ``folder``)."""
    return cache.key(*(f"{name}={cache.key((folder / name).read_bytes())}" for name in DRAWING_MODULES
                       if (folder / name).is_file()))


DRAWING = drawing_code()
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


def own_fonts() -> None:
    """Make vl-convert draw with the Liberation Sans it carries (in memory), not the machine's fonts.

    vl-convert's font library reads fontconfig's configuration once, at its first use. Pointed at one
    that names only an empty folder, it holds just vl-convert's own Liberation Sans, so pictures come
    out the same on every machine, whatever fonts it has. And drawing got 2-3 times faster: with the
    machine's fonts, the font library opened and mapped the font file once per glyph (strace: ~700
    times per PNG). Called in every process before it draws; the environment is left as it was."""
    global _OWN_FONTS
    if _OWN_FONTS:
        return
    import tempfile

    import vl_convert as vlc

    folder = Path(tempfile.mkdtemp(prefix="jaring-fonts-"))
    config = folder / "fonts.conf"
    config.write_text(f'<?xml version="1.0"?>\n<fontconfig><dir>{folder}</dir></fontconfig>\n', encoding="utf-8")
    before = os.environ.get("FONTCONFIG_FILE")
    os.environ["FONTCONFIG_FILE"] = str(config)
    try:
        with_text = vlc.svg_to_png(_PROBE.format(text="Jaring 93.000"))
    finally:
        if before is None:
            os.environ.pop("FONTCONFIG_FILE", None)
        else:
            os.environ["FONTCONFIG_FILE"] = before
        shutil.rmtree(folder, ignore_errors=True)
    if with_text == vlc.svg_to_png(_PROBE.format(text="")):
        raise RuntimeError("vl-convert drew no text with its own fonts (a version without Liberation Sans?); "
                           "pictures would have no labels")
    _OWN_FONTS = True


_OWN_FONTS = False
_ENGINE_RUNNING = False
_PROBE = ('<svg xmlns="http://www.w3.org/2000/svg" width="120" height="30"><text x="4" y="22" '
          'font-family="Liberation Sans" font-size="20">{text}</text></svg>')


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


class Drawer:
    """Draws pictures, in ``workers`` processes or (0) in this one.

    Workers are started with ``spawn`` (vl-convert's engine deadlocks in a child made by ``fork``) when
    the build starts, and each starts its engine at once (~0.5 s, which holds this process's GIL if
    done here): so that happens while the inputs are checked, on another core. A process that has
    drawn before (``jaring serve``) has its engine running and draws in-process."""

    def __init__(self, workers: int):
        self.pool = multiprocessing.get_context("spawn").Pool(workers, initializer=_start) if workers else None

    @property
    def in_workers(self) -> bool:
        return self.pool is not None

    def run(self, new: list[Task], store: cache.Store,
            advance: Callable[[int], None] = lambda n: None) -> dict[str, tuple[str, bytes]]:
        """Draw ``new`` (see ``cached``) and keep each picture in the store: key -> (svg, png)."""
        done: dict[str, tuple[str, bytes]] = {}
        batches = [new[i:i + BATCH] for i in range(0, len(new), BATCH)]
        for drawn in (self.pool.imap(_draw, batches) if self.pool else map(_draw, batches)):
            _keep(drawn, done, store, advance)
        return done

    def close(self) -> None:
        """Stop the workers (at once: a worker may still be starting, with nothing to draw)."""
        if self.pool is not None:
            self.pool.terminate()
            self.pool.join()

    def __enter__(self) -> Drawer:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def start_engine() -> None:
    """Start vl-convert's engine in this process now (~0.5 s), for a process that builds again and
    again (``jaring serve``): its rebuilds then draw their few new pictures here, at once."""
    global _ENGINE_RUNNING
    _start()
    _ENGINE_RUNNING = True


def engine_running() -> bool:
    """Whether this process has drawn before, so its vl-convert engine is running."""
    return _ENGINE_RUNNING


def _start() -> None:
    """In a new worker: vl-convert's fonts and engine, before the first picture arrives. Never raises
    (a pool restarts a worker whose start failed, forever): trouble shows when a picture is drawn."""
    try:
        import vl_convert as vlc

        own_fonts()
        vlc.vega_to_svg({"width": 1, "height": 1, "marks": []})
    except Exception:  # noqa: BLE001, S110
        pass


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

    global _ENGINE_RUNNING
    own_fonts()
    _ENGINE_RUNNING = True

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


def labelled(title: str, svg: str) -> str:
    """Name the picture, for when the SVG is opened on its own."""
    return re.sub(r"(<svg[^>]*>)", rf"\1<title>{html.escape(title, quote=False)}</title>", svg, count=1)


_LOCALES = json.dumps([fmt.D3_LOCALE, fmt.d3_time_locale()], sort_keys=True)
