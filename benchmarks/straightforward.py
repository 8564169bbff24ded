"""The baseline: a regency site's charts drawn the plain way, in one process, writing nothing.

    .venv/bin/python benchmarks/straightforward.py ROOT

Why: to know what Jaring's faster build is worth, measure the obvious pipeline on the same site:
gather and validate the inputs, derive every regency's figures, then for each page build every chart
with Altair (validated by to_dict(), once per chart), draw each to SVG with vl-convert and the first
to a 2x PNG. The same charts as the site shows, source line included: each regency's own, and the
comparison of all regencies once (on the home page). Prints the number of charts and the seconds taken.
"""

from __future__ import annotations

import time

STARTED = time.perf_counter()  # before the imports: they are part of the cost

import argparse
import dataclasses
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout without installing

import vl_convert as vlc

from generator import charts, derive, engine, pages
from generator.build import gather
from generator.errors import JaringError
from generator.fmt import formatter


def page_specs(charts_of_page: list[charts.Chart]) -> list[dict]:
    """Every chart of one page as a Vega-Lite spec, each built with Altair and validated on its own."""
    return [charts.straightforward_spec(chart) for chart in charts_of_page]


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
        _, inputs = gather(args.root)
    except JaringError as exc:
        print("\n".join(map(str, exc.problems)), file=sys.stderr)
        return 1
    reports = [
        derive.report(regency, inputs.register, inputs.regencies.get(code))
        for code, regency in inputs.register.regencies.items()
    ]
    f = formatter(inputs.settings.editions[0])  # the default edition's pictures
    locale, time_locale = f.d3_format_locale(), f.d3_time_locale()
    site = [charts.regency_charts(report, f) for report in reports if report.data is not None]
    site.append([chart for chart in [charts.comparison(reports, f)] if chart is not None])  # the home page
    # the same pictures as the site's: each with its source line drawn in
    site = [
        [dataclasses.replace(c, source_line=pages.source_line(inputs, f, c.sources)) for c in page] for page in site
    ]
    count = 0
    for page in site:
        specs = page_specs(page)
        for spec in specs:
            vlc.vegalite_to_svg(spec, format_locale=locale, time_format_locale=time_locale, allowed_base_urls=[])
        if specs:
            vlc.vegalite_to_png(
                specs[0], scale=2, format_locale=locale, time_format_locale=time_locale, allowed_base_urls=[]
            )
        count += len(specs)
    print(
        f"straightforward{' (own fonts)' if args.own_fonts else ''}: {count} charts on {len(site)} pages "
        f"in {time.perf_counter() - STARTED:.1f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
