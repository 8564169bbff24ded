"""The country as a tile grid: one equal cell per kabupaten/kota (``data/register/tilegrid.csv``), filled
by the state of its data or by its latest count, each cell a link to the regency's page.

Like ``charts``, a map is data first (its rows, from the derived reports and a ``Formatter``) and a
Vega-Lite template built with Altair on named data "rows"; words drawn into the picture come in as
data (the status words are the colour scale's domain, passed in). Four pictures:

- ``country_template``: all 514 cells, filled by status (no published figure / older than 12 months /
  recent);
- ``count_template``: all cells, those with a count filled by it on a log scale, the others pale;
- ``province_template``: one province's cells, larger, each labelled with its regency's name;
- ``locator_template``: one province's cells, small, one regency highlighted.

Links: the SVG drawn by vl-convert keeps an ``<a xlink:href>`` per cell, but vl-convert resolves a
relative href against its own base URL (a vega-datasets address), and offers no option to change it,
so hrefs must be absolute: ``rows`` takes the site's absolute base URL. Without one, draw the map with
``links=False`` rows (no href) rather than publish wrong links.
"""

from __future__ import annotations

import copy
import csv
import datetime as dt
import html
import io
import json
import math
import re
from dataclasses import dataclass
from pathlib import Path

from . import urls
from .derive import NOT_REPORTED, Report
from .fmt import Formatter
from .paths import Refused, read_input

COLUMNS, ROWS = 48, 22  # the grid of scripts/tilegrid.py
CELL = 8  # px of a cell of the country map: 48 cells and padding fit a 400 px phone
PROVINCE_WIDTH, LOCATOR_WIDTH = 360, 120
GRID_BYTES = 1024 * 1024
NONE, OLD, RECENT = "none", "old", "recent"  # a regency's data status (the words come from fmt.WORDS "map.*")
STATUSES = (NONE, OLD, RECENT)
# colour-blind safe (amber and green differ in lightness too) and each at least 3:1 against the white page
# (3.4:1, 6.3:1); cells without a figure are white, their outline (#7b8794, 3.7:1) comes from style.css
COLOURS = {NONE: "#ffffff", OLD: "#c27c0e", RECENT: "#0b6e4f"}
INK, HIGHLIGHT = "#1f2933", "#b5470b"
FONT = "'Liberation Sans', Arial, Helvetica, sans-serif"
CONFIG = {
    "aria": False,
    "font": FONT,
    "background": "#ffffff",
    "view": {"stroke": None},
    "padding": {"left": 4, "right": 4, "top": 4, "bottom": 4},
    "legend": {
        "labelFontSize": 12,
        "titleFontSize": 12,
        "orient": "bottom",
        "labelColor": INK,
        "direction": "vertical",
        "labelLimit": 320,
    },
}


@dataclass(frozen=True)
class Cell:
    column: int
    row: int


def load_grid(folder: Path) -> dict[str, Cell]:
    """The cells of ``tilegrid.csv`` in a register folder, by regency code."""
    path = folder / "tilegrid.csv"
    try:
        data = read_input(path, folder, GRID_BYTES, f"{folder.name}/")
    except Refused as exc:
        from .errors import JaringError, Problem

        raise JaringError([Problem(f"data/register/{path.name}", None, None, str(exc))]) from None
    return {
        row["code"]: Cell(int(row["column"]), int(row["row"]))
        for row in csv.DictReader(io.StringIO(data.decode("utf-8"), newline=""))
    }


# --- rows -------------------------------------------------------------------------------------------


def status(report: Report, today: dt.date) -> str:
    """NONE without a published headline count; OLD when the latest is more than 12 months before
    ``today`` (a count printed with its year only counts from the year's last day); else RECENT."""
    count = report.protected
    if count is None or count.kind == NOT_REPORTED or count.value is None:
        return NONE
    when = count.date or dt.date(count.year or 1, 12, 31)
    return OLD if when < _year_before(today) else RECENT


def _year_before(day: dt.date) -> dt.date:
    return day.replace(year=day.year - 1) if not (day.month == 2 and day.day == 29) else dt.date(day.year - 1, 2, 28)


def status_words(f: Formatter) -> tuple[str, str, str]:
    """The legend's words, in the order of STATUSES: the status template's colour domain."""
    return tuple(f.word(f"map.{key}") for key in STATUSES)  # type: ignore[return-value]


def rows(
    reports: list[Report], grid: dict[str, Cell], f: Formatter, today: dt.date, base_url: str = "", links: bool = True
) -> list[dict]:
    """One row per regency of the grid, in register order of ``reports``: its cell, status word, name,
    link (``base_url`` + its page: absolute, see the module's note), latest count as text and number."""
    words = dict(zip(STATUSES, status_words(f)))
    out = []
    for report in reports:
        cell = grid.get(report.regency.code)
        if cell is None:
            continue
        state = status(report, today)
        count = report.protected if state != NONE else None
        row = {
            "code": report.regency.code,
            "province": report.province.code,
            "column": cell.column,
            "row": cell.row,
            "status": words[state],
            "label": report.regency.name,
            "count": f.display(count) if count else f.word("not-reported"),
            "when": f.figure_when(count) if count else "",
            "value": count.value if count else None,
        }
        if links:
            row["href"] = base_url.rstrip("/") + "/" + urls.regency(report.regency, report.province)
        out.append(row)
    return out


def province_rows(all_rows: list[dict], province: str, highlight: str | None = None) -> list[dict]:
    """The rows of one province, its cells moved to start at column 0 and row 0, with ``short`` names
    (for the labels) and ``chosen`` (the locator's highlighted regency)."""
    mine = [r for r in all_rows if r["province"] == province]
    if not mine:
        return []
    left, top = min(r["column"] for r in mine), min(r["row"] for r in mine)
    return [
        {
            **r,
            "column": r["column"] - left,
            "row": r["row"] - top,
            "short": short_name(r["label"]),
            "chosen": r["code"] == highlight,
        }
        for r in mine
    ]


def short_name(name: str) -> str:
    """ "Kabupaten Kutai Timur" -> "Kutai Timur"; "Kota Samarinda" -> "Kota Samarinda" (kota keep the word,
    so Kota Bogor and Bogor stay apart)."""
    return name.removeprefix("Kabupaten ").replace("Kota Administrasi ", "Kota ")


# --- pictures ---------------------------------------------------------------------------------------


def country_template(statuses: tuple[str, str, str]) -> dict:
    """All cells filled by status; ``statuses``: the three words, in the order of STATUSES."""
    import altair as alt

    chart = _cells(alt, COLUMNS, ROWS, CELL).encode(
        color=alt.Color(
            "status:N",
            title=None,
            sort=list(statuses),
            scale=alt.Scale(domain=list(statuses), range=[COLOURS[s] for s in STATUSES]),
        )
    )
    return _finish(chart)


def count_template() -> dict:
    """All cells; those with a count filled by it (log scale), the others pale."""
    import altair as alt

    base = _cells(alt, COLUMNS, ROWS, CELL).encode(color=alt.value(COLOURS[NONE]))
    counted = (
        _cells(alt, COLUMNS, ROWS, CELL)
        .transform_filter("isValid(datum.value) && datum.value > 0")
        .encode(
            color=alt.Color(
                "value:Q",
                title=None,
                scale=alt.Scale(type="log", scheme="greens"),
                legend=alt.Legend(format=",d", tickCount=4, gradientLength=200, direction="horizontal", padding=16),
            )
        )
    )
    return _finish(alt.layer(base, counted))


def province_template(statuses: tuple[str, str, str]) -> dict:
    """One province's cells with their names; width fixed, height set per province by ``sized``."""
    import altair as alt

    cells = _cells(alt, None, None, None, gap=0.06).encode(
        color=alt.Color(
            "status:N",
            title=None,
            sort=list(statuses),
            scale=alt.Scale(domain=list(statuses), range=[COLOURS[s] for s in STATUSES]),
        )
    )
    labels = (
        alt.Chart(alt.Data(name="rows"))
        .mark_text(fontSize=9, limit=70, lineBreak=" ")
        .encode(
            # white on the dark green of a recent figure, ink on the others (each at least 4.5:1)
            color=alt.condition(f"datum.status === {json.dumps(statuses[2])}", alt.value("#ffffff"), alt.value(INK)),
            x=alt.X("mx:Q", axis=None, scale=alt.Scale(zero=False, nice=False)),
            y=alt.Y("my:Q", axis=None, scale=alt.Scale(zero=False, nice=False, reverse=True)),
            text="short:N",
            href="href:N",
        )
        .transform_calculate(mx="datum.column + 0.5", my="datum.row + 0.5")
    )
    return _finish(alt.layer(cells, labels).properties(width=PROVINCE_WIDTH, height=PROVINCE_WIDTH))


def locator_template() -> dict:
    """One province's cells, small, the ``chosen`` regency highlighted."""
    import altair as alt

    chart = _cells(alt, None, None, None, gap=0.08).encode(
        color=alt.condition("datum.chosen", alt.value(HIGHLIGHT), alt.value(COLOURS[NONE]))
    )
    return _finish(chart.properties(width=LOCATOR_WIDTH, height=LOCATOR_WIDTH))


def spec(template: dict, data: list[dict], f: Formatter) -> dict:
    """A map's Vega-Lite spec: the template with its rows (as charts.fill: the rows are data only)."""
    out = copy.deepcopy(template)
    out["datasets"] = {"rows": copy.deepcopy(data)}
    out["usermeta"] = {
        **out.get("usermeta", {}),
        "formatLocale": f.d3_format_locale(),
        "timeFormatLocale": f.d3_time_locale(),
    }
    return out


def sized(template: dict, data: list[dict], width: int) -> dict:
    """A province or locator template with the height that keeps its cells square for these rows."""
    columns = max(r["column"] for r in data) + 1
    lines = max(r["row"] for r in data) + 1
    out = copy.deepcopy(template)
    out["width"], out["height"] = width, max(1, math.ceil(width * lines / columns))
    return out


def _cells(alt, columns: int | None, lines: int | None, step: int | None, gap: float = 0.1):
    """Cells as rectangles from (column, row) to (column + 1 - gap, row + 1 - gap), row 0 at the top, a
    link each (no tooltip: a drawn SVG shows none, and its words would redraw a map for every new count).
    With ``columns`` the scales cover the whole grid, else the rows' extent."""

    def scale(extent: int | None, reverse: bool = False):
        if extent is None:
            return alt.Scale(zero=False, nice=False, reverse=reverse)
        return alt.Scale(domain=[0, extent], nice=False, zero=False, reverse=reverse)

    chart = (
        alt.Chart(alt.Data(name="rows"))
        .mark_rect()
        .transform_calculate(x2=f"datum.column + {1 - gap}", y2=f"datum.row + {1 - gap}")
        .encode(
            x=alt.X("column:Q", axis=None, scale=scale(columns)),
            x2="x2:Q",
            y=alt.Y("row:Q", axis=None, scale=scale(lines, reverse=True)),
            y2="y2:Q",
            href="href:N",
        )
    )
    if columns is not None and lines is not None and step is not None:
        chart = chart.properties(width=columns * step, height=lines * step)
    return chart


def _finish(chart) -> dict:
    out = chart.configure(**CONFIG).to_dict()  # validated against the Vega-Lite schema
    out.pop("$schema", None)
    return out


# --- on the pages -----------------------------------------------------------------------------------
#
# The maps are inlined into their pages (an <img> SVG makes no link clickable, and the CSP allows no
# <object>). They are drawn with hrefs under DRAWN_BASE, a host that cannot exist, and ``inline`` turns
# that prefix into the page's relative path to the site root ("", "../", "../../"): the links are then
# right on whichever host and folder serves the site (the example base_url, a preview, a subfolder),
# the drawing does not depend on base_url, and one drawing serves every page that shows it.

DRAWN_BASE = "https://jaring.invalid/"
COUNTRY_STATUS, COUNTRY_COUNT = "negara-status", "negara-angka"


def province_map(code: str) -> str:
    return f"provinsi-{code}"


def locator_base(code: str) -> str:
    """The locator of a province with no cell chosen: drawn once, its regencies' locators made from it."""
    return f"lokasi-{code}"


def locator_rows(province_cells: list[dict]) -> list[dict]:
    """A locator's rows: where each cell is and its link, nothing that changes with the data (so a new
    count never redraws a locator)."""
    return [{**r, "chosen": False} for r in drawn(province_cells, "code")]


def drawn(all_rows: list[dict], *fields: str) -> list[dict]:
    """The rows as a picture draws them: each cell's place and link, and only the ``fields`` it shows. A
    drawing is kept by its spec, so what a map does not show (a count's words, its date) must not be in
    it: then a new count redraws the count maps only, and a status map only when a status changes."""
    return [{k: r[k] for k in ("column", "row", "href", *fields) if k in r} for r in all_rows]


def template_words(f: Formatter) -> tuple[str, str, str]:
    """The words an edition's map templates carry (the status legend): with the templates' code, what
    their cached copy is kept by (see ``templates``)."""
    return status_words(f)


def templates(words: tuple[str, str, str]) -> dict[str, dict]:
    """The four map templates of an edition (``template_words``), built with Altair and validated. A build
    keeps them in its store: Altair's import and validation took ~1 s per edition, on every rebuild."""
    return {
        "country": country_template(words),
        "count": count_template(),
        "province": province_template(words),
        "locator": locator_template(),
    }


def specs(
    all_rows: list[dict],
    f: Formatter,
    country: bool,
    provinces: list[str],
    locators: list[str],
    made: dict[str, dict] | None = None,
) -> dict[str, dict]:
    """The Vega-Lite specs of the maps to draw, by name: the two country maps (``country``), the listed
    provinces' labelled maps and their locators. ``all_rows`` from ``rows`` with base DRAWN_BASE;
    ``made``: the edition's ``templates`` (built here when not given)."""
    out: dict[str, dict] = {}
    if not (country or provinces or locators):
        return out
    found = made or templates(template_words(f))
    if country:
        out[COUNTRY_STATUS] = spec(found["country"], drawn(all_rows, "status"), f)
        out[COUNTRY_COUNT] = spec(found["count"], drawn(all_rows, "value"), f)
    for code in provinces:
        if mine := province_rows(all_rows, code):
            out[province_map(code)] = spec(
                sized(found["province"], mine, PROVINCE_WIDTH), drawn(mine, "status", "short"), f
            )
    for code in locators:
        if mine := province_rows(all_rows, code):
            few = locator_rows(mine)
            out[locator_base(code)] = spec(sized(found["locator"], few, LOCATOR_WIDTH), few, f)
    return out


_LINK = re.compile(r'<a xlink:href="([^"]*)">(.*?)</a>', re.S)
_NUMBER = re.compile(r"-?\d+\.\d{2,}")


def inline(
    svg: str,
    root: str,
    dom_id: str,
    names: dict[str, str],
    *,
    labelled_by: str,
    described_by: str = "",
    focusable: bool = True,
    chosen: str | None = None,
) -> str:
    """A drawn map made fit to sit in a page: responsive (its viewBox kept, width and height left to the
    CSS), its ids prefixed with ``dom_id`` (two maps on a page), no ARIA of Vega's own, numbers rounded
    to a tenth of a pixel (a third of the bytes of the country map).

    With ``chosen`` (a locator): an image without links, the chosen regency's cell highlighted. Otherwise
    links, each named from ``names`` (href -> accessible name), its href relative to ``root``;
    ``focusable=False`` keeps them out of the tab order (the 514 cells of the country map: the page's
    tables carry the same links)."""
    if not svg.startswith("<svg"):
        raise ValueError("not a drawn SVG")
    svg = re.sub(r'\s(d|transform)="([^"]*)"', lambda m: f' {m[1]}="{_NUMBER.sub(_tenth, m[2])}"', svg)
    svg = re.sub(r'\s(?:role|aria-roledescription|aria-label)="[^"]*"', "", svg)
    svg = re.sub(r'\sid="([^"]+)"', rf' id="{dom_id}-\1"', svg)
    svg = re.sub(r"url\(#([^)]+)\)", rf"url(#{dom_id}-\1)", svg)

    seen: set[str] = set()

    def link(match: re.Match) -> str:
        href, inner = match[1], match[2]
        if chosen is not None:
            return inner.replace(f'fill="{COLOURS[NONE]}"', f'fill="{HIGHLIGHT}"') if href == chosen else inner
        name = html.escape(names.get(href, ""), quote=True)
        relative = html.escape(root + href.removeprefix(DRAWN_BASE), quote=True)
        if href in seen:  # a cell's label, or a counted cell drawn over its pale one: one link per regency for AT
            return f'<a href="{relative}" tabindex="-1" aria-hidden="true">{inner}</a>'
        seen.add(href)
        return f'<a href="{relative}" aria-label="{name}"{_TAB[focusable]}>{inner}</a>'

    svg = _LINK.sub(link, svg)
    # a locator is one picture; a map of links keeps the SVG's own role (graphics-document: the Nu checker
    # allows no "group" on <svg>), named like the picture, its links each named
    aria = f'role="img" aria-labelledby="{labelled_by}"' if chosen is not None else f'aria-labelledby="{labelled_by}"'
    if described_by:
        aria += f' aria-describedby="{described_by}"'
    head = re.match(r"<svg[^>]*>", svg)
    box = re.search(r'viewBox="([^"]+)"', head[0]) if head else None
    if head is None or box is None:
        raise ValueError("a drawn SVG without a viewBox")
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="map-svg" id="{dom_id}" viewBox="{box[1]}" {aria}>'
        + svg[head.end() :]
    )


_TAB = {True: "", False: ' tabindex="-1"'}


def _tenth(number: re.Match) -> str:
    return f"{float(number[0]):.1f}".removesuffix(".0")
