"""The baseline: the site's pictures drawn the plain way, one after another in one process, writing nothing.

    .venv/bin/python benchmarks/straightforward.py ROOT [--own-fonts]

Why: to know what Jaring's faster build is worth, measure the obvious pipeline drawing the same
pictures. It gathers and validates the inputs and derives every regency's figures as Jaring does,
then asks Jaring's own planner which charts each page shows (``build._charts``: each with its source
line and page URL drawn in), which regencies get a social card and which maps the pages show (the
country's, each province's, each province's locator), in every edition of the site. It then draws them
naively: each chart built with Altair (validated by ``to_dict()``), drawn to SVG with vl-convert, and
drawn again to a PNG at least 1200 px wide (Vega run a second time, as ``vegalite_to_png`` does);
each card rasterised; each map drawn to SVG. No cache, no worker pool, no picture shared between
languages. Prints how many pictures and the seconds taken. Rendering and writing pages are left out:
the baseline only draws, so the ratio flatters it.
"""

from __future__ import annotations

import time

STARTED = time.perf_counter()  # before the imports: they are part of the cost

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout without installing

import vl_convert as vlc

from generator import build, charts, derive, draw, engine, graph, site
from generator.errors import JaringError
from generator.fmt import formatter
from generator.paths import layout


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("root", type=Path)
    parser.add_argument(
        "--own-fonts",
        action="store_true",
        help="draw with vl-convert's own Liberation Sans, as Jaring does (see engine._own_fonts)",
    )
    args = parser.parse_args(argv)
    if args.own_fonts:
        engine.start()  # its fonts are set up for the whole process
    try:
        _, inputs = build.gather(args.root)
    except JaringError as exc:
        print("\n".join(map(str, exc.problems)), file=sys.stderr)
        return 1
    reports = [
        derive.report(regency, inputs.register, inputs.regencies.get(code))
        for code, regency in inputs.register.regencies.items()
    ]
    grid = build._map_grid(layout(args.root))
    every_unit = {graph.regency(code) for code in inputs.register.regencies} | {graph.NATIONAL}
    every_unit |= {graph.province(code) for code in inputs.register.provinces}
    counts = {"charts": 0, "cards": 0, "maps": 0}
    for language in inputs.settings.editions:
        f = formatter(language)
        edition = site.Edition(language, inputs.settings.editions, inputs.settings.base_url)
        seen = site.edition_inputs(inputs, edition)  # the edition's page URLs are drawn in
        locale = {"format_locale": f.d3_format_locale(), "time_format_locale": f.d3_time_locale()}
        for found in build._charts(seen, reports, f, every_unit).values():  # Jaring's list of charts
            for chart in found:
                spec = charts.straightforward_spec(chart)
                svg = vlc.vegalite_to_svg(spec, allowed_base_urls=[], **locale)
                vlc.vegalite_to_png(spec, scale=draw.png_scale(svg), allowed_base_urls=[], **locale)
                counts["charts"] += 1
        for report in reports:
            if report.data is not None:
                vlc.svg_to_png(site.card(seen, f, report), scale=1)
                counts["cards"] += 1
        rows = build._map_rows(grid, seen, reports, f)  # Jaring's list of maps: country, provinces, locators
        for spec in build._maps(seen, rows, f, every_unit).values():
            vlc.vegalite_to_svg(spec, allowed_base_urls=[], **locale)
            counts["maps"] += 1
    print(
        f"straightforward{' (own fonts)' if args.own_fonts else ''}: {counts['charts']} charts (SVG and PNG) "
        f"and {counts['cards']} cards and {counts['maps']} maps in {len(inputs.settings.editions)} language(s) "
        f"in {time.perf_counter() - STARTED:.1f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
