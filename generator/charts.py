"""Stage 4, charts: the numbers of each chart from the derived figures, drawn by Altair and vl-convert.

A chart is data first: its rows, the table under it, the CSV behind it and its description, all from
the same figures. The picture comes from a Vega-Lite *template* per chart kind, built with Altair and
validated once, into which each region's rows and a few placeholders are filled as plain data (never
spliced into a Vega expression). vl-convert draws the SVG; the 2x PNG is made from that SVG.
Charts are narrow with large type, so they stay legible when a phone scales them down: no text is
drawn under 16 px (``TEXT_SIZE``) in a picture at most ~385 px wide, so in the 268 px a page leaves it in a
300 px window (the narrowest embed or phone) it is still 11 px.
Each picture carries its context drawn in: its finding as a title, the place, the source line and the
page's URL, so a downloaded PNG or SVG says where it comes from.
"""

from __future__ import annotations

import copy
import csv
import io
import math
import re
import textwrap
from dataclasses import dataclass, field
from typing import Any

from .derive import Figure, Report, merged
from .fmt import Formatter
from .i18n import N_

WIDTH = 340
TEXT_SIZE = 16  # the smallest text drawn: see the module's docstring
# vl-convert measures text to lay out a chart; the reader's browser then draws it. Name the font
# vl-convert measures with, then its metric twins (Arial, Helvetica), so labels fit in both.
FONT = "'Liberation Sans', Arial, Helvetica, sans-serif"
# Marks have at least 3:1 contrast against white (WCAG 1.4.11), and the pairs drawn side by side differ
# in lightness and in the blue-yellow axis, so readers with red-green colour blindness tell them apart.
INK, ACCENT, MUTED, PALE = "#1f2933", "#0b6e4f", "#616e7c", "#3d6fb6"  # PALE: derived figures (blue, 5:1)
SECOND = "#7b8794"  # the target bar beside the count (3.5:1)
DISPUTED = "#b5470b"  # points of sources that disagree: orange-brown and a diamond, apart from the green circles
CONFIG = {
    # No ARIA descriptions inside the picture: the page names it (alt, caption, table), and Vega's
    # generated descriptions would splice the axis title into expressions.
    "aria": False,
    "font": FONT,
    "background": "#ffffff",
    "padding": {"left": 12, "right": 12, "top": 6, "bottom": 6},
    "view": {"stroke": None},
    "axis": {
        "labelFontSize": TEXT_SIZE,
        "titleFontSize": TEXT_SIZE,
        "labelColor": INK,
        "titleColor": INK,
        "gridColor": "#e4e7eb",
        "domainColor": MUTED,
        "tickColor": MUTED,
    },
    "legend": {
        "labelFontSize": TEXT_SIZE,
        "titleFontSize": TEXT_SIZE,
        "labelLimit": WIDTH,  # a label is a few words: never cut
        "orient": "top",
        "direction": "vertical",
    },
    "text": {"fontSize": TEXT_SIZE, "color": INK},
    "title": {"anchor": "start", "fontSize": TEXT_SIZE, "fontWeight": "normal", "color": "#52606d"},
    "concat": {"spacing": 0},
}
# Placeholders in a template, replaced by each region's values (see fill()).
AXIS_TITLE, SOURCE_LINE, DOMAIN_MAX = "@axis-title", "@source-line", 987654321.5
CHART_TITLE, CHART_SUBTITLE, PAGE_URL = "@chart-title", "@chart-subtitle", "@page-url"  # drawn above and below
TITLE_SIZE = 18
REPORTED_WORD, DERIVED_WORD = "@reported", "@derived"  # the budget legend's kinds, in the page's language
AGREED_WORD, DISPUTED_WORD = "@agreed", "@disputed"  # the series' points: one source's, or sources that differ
# The templates' own words (axis and tooltip titles), written in Indonesian: ``_replace`` puts each chart's
# translation in their place, so one compiled template still serves every language.
TEMPLATE_WORDS = (
    N_("Angka"),
    N_("Nilai"),
    N_("Pekerja rentan terlindungi"),
    N_("Tanggal"),
    N_("Terlindungi"),
    N_("Sumber"),
    N_("Catatan"),
    N_("Anggaran (Rp miliar)"),
    N_("Tahun"),
    N_("Anggaran"),
    N_("Jenis"),
    N_("Jenis angka"),
    N_("Cakupan (%)"),
    N_("Sektor"),
    N_("Cakupan"),
    N_("Wilayah"),
    N_("Per tanggal"),
)


def _legend(f: Formatter, **words: str) -> dict[str, str]:
    """A chart's placeholders -> words: the template's own, translated, and ``words`` (placeholder -> word)."""
    return {word: f._(word) for word in TEMPLATE_WORDS} | {
        {"reported": REPORTED_WORD, "derived": DERIVED_WORD, "agreed": AGREED_WORD, "disputed": DISPUTED_WORD}[k]: v
        for k, v in words.items()
    }


@dataclass(frozen=True)
class Chart:
    id: str  # the chart kind and its name within a page: "capaian", "perbandingan"
    title: str  # its finding, from the data: "62,0% dari target tercapai"
    description: str  # the chart said in words, from the same data
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]  # formatted, as in the table under the chart
    values: tuple[dict, ...]  # the rows the picture draws
    csv: tuple[tuple, ...]  # header, then the numbers it shows, machine-readable
    sources: tuple[str, ...]
    axis_title: str = ""
    domain_max: float = 0.0
    legend: dict[str, str] = field(default_factory=dict)  # placeholder -> its word, for a legend in the page's language
    subtitle: str = ""  # the place and what is counted: "Kabupaten Kutai Timur · pekerja rentan terlindungi …"
    source_line: str = ""  # "Sumber: Indeksmedia, 20 Oktober 2025. Jaring": set by the build from the sources
    page_url: str = ""  # the page that shows it, absolute: set by the build
    svg: str = ""
    png: bytes = b""

    @property
    def size(self) -> tuple[int | str, int | str]:
        """Width and height of the SVG, for the <img> that shows it (see ``dimension``)."""
        return self.dimension("width"), self.dimension("height")

    def dimension(self, which: str, plus: int = 0) -> int | str:
        """The picture's width or height (+ ``plus``). Pages are rendered while their pictures are drawn:
        until then this is a placeholder that ``fill_sizes`` replaces. NUL never comes from data (the
        loader refuses control characters), so no text can forge one."""
        if not self.svg:
            return f"\0{self.id}:{which}+{plus}\0"
        found = re.search(r'<svg[^>]*?width="([\d.]+)"[^>]*?height="([\d.]+)"', self.svg)
        width, height = (round(float(found[1])), round(float(found[2]))) if found else (WIDTH, 200)
        return (width if which == "width" else height) + plus

    def fill_sizes(self, text: bytes) -> bytes:
        """``text`` with this (drawn) chart's placeholders replaced by its sizes."""
        return re.sub(
            rb"\0" + re.escape(self.id.encode()) + rb":(width|height)\+(\d+)\0",
            lambda m: str(self.dimension(m[1].decode(), int(m[2]))).encode(),
            text,
        )


def regency_charts(report: Report, f: Formatter) -> list[Chart]:
    """A regency's own charts; they read nothing of other regencies, so an edit elsewhere keeps them."""
    charts = [_progress(report, f), _over_time(report, f), _budget(report, f), _coverage(report, f)]
    return [chart for chart in charts if chart is not None]


def comparison(reports: list[Report], f: Formatter, limit: int = 15) -> Chart | None:
    """Protected workers in the regencies with the largest published counts (latest figure each).

    At most ``limit`` bars: a phone cannot show 514, and the sortable table below lists them all."""
    latest = {r.regency.code: r.protected for r in reports if r.protected and r.protected.value is not None}
    with_counts = sorted(
        (r for r in reports if r.regency.code in latest),
        key=lambda r: (-(latest[r.regency.code].value or 0), r.regency.name),
    )
    if not with_counts:
        return None
    shown = with_counts[:limit]
    heads = [latest[r.regency.code] for r in shown]
    # the counts are of different dates: each bar's label says its own, under the number ("93.000\nNov 2025")
    rows: list[dict[str, Any]] = [
        {
            "wilayah": _abbreviated(r.regency.name),
            "nilai": h.value,
            "label": f.display(h),
            "tanggal": f.figure_when(h),
            "teks": f"{f.display(h)}\n{f.short_when(h.date, h.year)}",
        }
        for r, h in zip(shown, heads)
    ]
    said = "; ".join(f"{row['wilayah']} {row['label']} ({row['tanggal']})" for row in rows)
    part = (
        f._(
            "{shown} kabupaten/kota dengan angka terbesar dari {total} yang mempublikasikan angka",
            shown=len(shown),
            total=len(with_counts),
        )
        if len(shown) < len(with_counts)
        else f._("kabupaten/kota yang mempublikasikan angka")
    )
    top = rows[0]
    return Chart(
        "perbandingan",
        f._(
            "{place} mencatat angka terbesar: {value} ({when})",
            place=top["wilayah"],
            value=top["label"],
            when=top["tanggal"],
        ),
        f._(
            "Diagram batang pekerja rentan terlindungi menurut angka terbaru yang dipublikasikan: {bars}. "
            "Tanggal angka berbeda antar daerah.",
            bars=said,
        ),
        (f._("Kabupaten/kota"), f._("Pekerja rentan terlindungi"), f._("Per tanggal")),
        tuple((row["wilayah"], row["label"], row["tanggal"]) for row in rows),
        tuple(rows),
        (
            ("kode_wilayah", "wilayah", "terlindungi", "tanggal", "sumber"),
            *((r.regency.code, r.regency.name, h.value, _iso(h), ";".join(h.sources)) for r, h in zip(shown, heads)),
        ),
        merged(*(h.sources for h in heads)),
        subtitle=f._("Indonesia · pekerja rentan terlindungi di {which}", which=part),
        domain_max=_headroom((row["nilai"] for row in rows), 1.75),
        legend=_legend(f),
    )


def _progress(report: Report, f: Formatter) -> Chart | None:
    count, target, share = report.protected, report.target, report.first("share-of-target")
    if not (count and target and share and count.value is not None and target.value is not None):
        return None
    when = f.figure_when(count)
    rows: list[dict[str, Any]] = [
        {"baris": f._("Terlindungi"), "nilai": count.value, "label": f.display(count), "jenis": "a"},
        {"baris": f._("Target"), "nilai": target.value, "label": f.display(target), "jenis": "b"},
    ]
    place = report.regency.name
    return Chart(
        "capaian",
        f._("{share} dari target tercapai", share=f.display(share)),
        f._(
            "Diagram batang: {count} pekerja rentan terlindungi per {when}, dari target {target}. "
            "Capaian {share} (angka turunan: {formula}).",
            count=f.display(count),
            when=when,
            target=f.display(target),
            share=f.display(share),
            formula=f.formula(share.formula),
        ),
        (f._("Angka"), f._("Nilai"), f._("Jenis")),
        (
            (f._("Terlindungi ({when})", when=when), f.display(count), f.kind(count)),
            (f._("Target"), f.display(target), f.kind(target)),
            (f._("Capaian"), f.display(share), f.kind(share)),
        ),
        tuple(rows),
        (
            ("angka", "nilai", "satuan", "tanggal", "jenis", "sumber"),
            *((x.id, x.value, x.unit, _iso(x), f.kind(x), ";".join(x.sources)) for x in (count, target, share)),
        ),
        merged(count.sources, target.sources),
        subtitle=f._(
            "{place} · pekerja rentan terlindungi per {when}, terhadap target {target}",
            place=place,
            when=when,
            target=f.display(target),
        ),
        axis_title=f._("Pekerja rentan, per {when}", when=when),
        domain_max=_headroom(row["nilai"] for row in rows),
        legend=_legend(f),
    )


def _over_time(report: Report, f: Formatter) -> Chart | None:
    """The headline series as reported, each count with its date and source; a count printed only with
    its year stands at mid-year. Counts of sources that disagree are marked, never dropped."""
    counts = sorted(report.counts(), key=lambda x: (x.axis_day, x.id))
    if len(counts) < 2:
        return None
    disputed = report.disputed()
    words = (f.word("series.agreed"), f.word("series.disputed"))
    rows: list[dict[str, Any]] = [
        {
            "tanggal": x.axis_day.isoformat(),
            "nilai": x.value,
            "label": f.display(x),
            "teks": f.figure_when(x),
            "sumber": _publishers(report, x.sources),
            "beda": words[x.id in disputed],
            "proyeksi": False,
        }
        for x in counts
    ]
    said = "; ".join(
        f"{row['teks']}: {row['label']} ({row['sumber']}{'; ' + row['beda'] if row['beda'] == words[1] else ''})"
        for row in rows
    )
    # pace to target (pace.py), drawn as a dashed line from the latest count to the target, with its method
    pace = next((p for p in report.of("pace") if p.label_key == "pace-latest"), None)
    reached = dict(pace.params).get("reached", "") if pace is not None else ""
    target = report.by_id(dict(pace.params)["target"]) if pace is not None else None
    projection: list[dict[str, Any]] = []
    if pace is not None and reached and target is not None and target.value is not None:
        when = f.param(f"@month:{reached}")
        projection = [
            {**rows[-1], "proyeksi": True},
            {
                "tanggal": f"{reached}-01",
                "nilai": target.value,
                "label": f.display(target),
                "beda": "",
                "teks": f"{when} ({f.kind(pace)})",
                "sumber": f.remark(pace) or "",
                "proyeksi": True,
            },
        ]
        said += f". {(f.remark(pace) or '').rstrip('.')}"
    first, last = rows[0], rows[-1]
    ends = dict(first=first["label"], first_when=first["teks"], last=last["label"], last_when=last["teks"])
    if last["nilai"] > first["nilai"]:
        finding = f._("Naik dari {first} ({first_when}) menjadi {last} ({last_when})", **ends)
    elif last["nilai"] < first["nilai"]:
        finding = f._("Turun dari {first} ({first_when}) menjadi {last} ({last_when})", **ends)
    else:
        finding = f._("Tetap {last} dari {first_when} sampai {last_when}", **ends)
    return Chart(
        "perkembangan",
        finding,
        f._("Diagram garis jumlah pekerja rentan terlindungi menurut tanggal: {points}.", points=said),
        (f._("Tanggal"), f._("Pekerja rentan terlindungi"), f._("Sumber"), f._("Catatan")),
        tuple(
            (row["teks"], row["label"], row["sumber"], row["beda"] if row["beda"] == words[1] else "—") for row in rows
        )
        + tuple((row["teks"], row["label"], row["sumber"], "—") for row in projection[1:]),
        tuple(rows + projection),
        (
            ("tanggal", "terlindungi", "tercetak", "jenis", "berbeda_antar_sumber", "sumber"),
            *(
                (
                    _iso(x),
                    x.value,
                    x.printed or "",
                    f.kind(x),
                    "true" if x.id in disputed else "false",
                    ";".join(x.sources),
                )
                for x in counts
            ),
            *(
                (row["tanggal"], row["nilai"], "", f.kind(pace), "false", ";".join(pace.sources))
                for row in projection[1:]
                if pace is not None
            ),
        ),
        merged(*(x.sources for x in counts), *((pace.sources,) if projection and pace is not None else ())),
        legend=_legend(f, agreed=words[0], disputed=words[1]),
        subtitle=f._("{place} · pekerja rentan terlindungi, sebagaimana dilaporkan", place=report.regency.name),
    )


def _publishers(report: Report, keys: tuple[str, ...]) -> str:
    assert report.data is not None
    by_key = {f"{report.data.code}/{s.id}": s.publisher for s in report.data.sources}
    return "; ".join(dict.fromkeys(by_key[k] for k in keys if k in by_key))


def _budget(report: Report, f: Formatter) -> Chart | None:
    years = report.budget_years()
    if not years:
        return None
    # the bars are labelled in the axis's unit ("2,4", the axis says "Rp miliar"): "Rp2,4 miliar" was
    # wider than a bar, and with four years the labels ran into each other; the tooltip says it in full
    rows: list[dict[str, Any]] = [
        {
            "tahun": str(x.year),
            "miliar": (x.value or 0) / 1e9,
            "label": f.display(x),
            "angka": _billions(f, int(x.value or 0), f.display(x)),
            "jenis": f.kind(x).capitalize(),
            "sumber": _publishers(report, x.sources),
        }
        for x in years
    ]  # two budgets of one year: side by side
    said = "; ".join(
        f"{x.year} {f.display(x)} ({f.kind(x)}{', ' + f.formula(x.formula) if x.formula else ''})" for x in years
    )
    last, before = years[-1], [x for x in years if x.year != years[-1].year][-1:]
    finding = (
        f._(
            "Anggaran {year}: {value}, dari {before} pada {before_year}",
            year=last.year,
            value=f.display(last),
            before=f.display(before[0]),
            before_year=before[0].year,
        )
        if before
        else f._("Anggaran {year}: {value}", year=last.year, value=f.display(last))
    )
    return Chart(
        "anggaran",
        finding,
        f._("Diagram batang anggaran per tahun: {bars}.", bars=said),
        (f._("Tahun"), f._("Anggaran"), f._("Jenis"), f._("Rumus atau sumber")),
        tuple(
            (str(x.year), f.exact(x), f.kind(x), f.formula(x.formula) or _publishers(report, x.sources)) for x in years
        ),
        tuple(rows),
        (
            ("tahun", "anggaran_rupiah", "jenis", "rumus", "sumber"),
            *((x.year, x.value, f.kind(x), f.formula(x.formula), ";".join(x.sources)) for x in years),
        ),
        merged(*(x.sources for x in years)),
        domain_max=_headroom(row["miliar"] for row in rows),
        subtitle=f._("{place} · anggaran APBD untuk perlindungan pekerja rentan per tahun", place=report.regency.name),
        legend=_legend(f, reported=f.word("kind.reported").capitalize(), derived=f.word("kind.derived").capitalize()),
    )


def _billions(f: Formatter, rupiah: int, display: str) -> str:
    """A budget in billions of rupiah, as the chart's axis counts: 2_400_000_000 -> "2,4";
    95_000_000 -> "0,095". Under Rp1 juta that would read 0: then ``display`` ("Rp352.941")."""
    billions = rupiah / 1e9
    if billions == 0 or abs(billions) >= 0.1:
        return f.number(round(billions, 1))
    if abs(billions) < 0.001:
        return display
    return f.number(round(billions, 1 - math.floor(math.log10(abs(billions)))))  # two significant digits


def _coverage(report: Report, f: Formatter) -> Chart | None:
    shares = report.of("coverage")
    if not shares:
        return None
    rows: list[dict[str, Any]] = [
        {"sektor": dict(x.params)["sector"], "persen": x.value, "label": f.display(x)} for x in shares
    ]
    for row, x in zip(rows, shares):  # one sector counted at several times: each bar says when (never stacked)
        if sum(other["sektor"] == row["sektor"] for other in rows) > 1:
            row["sektor"] = f"{row['sektor']} ({f.short_when(x.date, x.year)})"
    for i, row in enumerate(rows):
        if any(other["sektor"] == row["sektor"] for other in rows[:i]):
            row["sektor"] = f"{row['sektor']} [{i + 1}]"
    said = "; ".join(f"{row['sektor']} {row['label']}" for row in rows)
    best = max(rows, key=lambda row: row["persen"] or 0)
    return Chart(
        "cakupan",
        f._("Cakupan tertinggi: {sector}, {share}", sector=best["sektor"], share=best["label"]),
        f._(
            "Diagram batang cakupan perlindungan jaminan sosial ketenagakerjaan sebagaimana dilaporkan: {bars}.",
            bars=said,
        ),
        (f._("Sektor"), f._("Cakupan"), f._("Jenis")),
        tuple((row["sektor"], row["label"], f.kind(x)) for row, x in zip(rows, shares)),
        tuple(rows),
        (
            ("sektor", "cakupan_persen", "jenis", "sumber"),
            *((row["sektor"], x.value, f.kind(x), ";".join(x.sources)) for row, x in zip(rows, shares)),
        ),
        merged(*(x.sources for x in shares)),
        subtitle=f._(
            "{place} · cakupan perlindungan jaminan sosial ketenagakerjaan menurut sektor", place=report.regency.name
        ),
        legend=_legend(f),
    )


def _iso(figure: Figure) -> str:
    return figure.date.isoformat() if figure.date else str(figure.year or "")


def _abbreviated(name: str) -> str:
    """ "Kabupaten Kutai Kartanegara" -> "Kab. Kutai Kartanegara": fits a phone-width axis."""
    return "Kab. " + name.removeprefix("Kabupaten ") if name.startswith("Kabupaten ") else name


def _headroom(values, room: float = 1.2) -> float:
    """An axis maximum with room above the tallest bar for its value label."""
    return max(values) * room


def to_csv(chart: Chart) -> bytes:
    from .datasets import neutral  # text cells a spreadsheet cannot take for a formula

    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(
        [neutral(cell) if isinstance(cell, str) else cell for cell in row] for row in chart.csv
    )
    return out.getvalue().encode()


# --- pictures -------------------------------------------------------------------------------------


def templates() -> dict[str, dict]:
    """One validated Vega-Lite template per chart kind, with named data "rows" and placeholders."""
    import altair as alt  # imported only when charts are drawn

    data = alt.Data(name="rows")
    return {
        kind: _finish(
            _framed(alt, build(alt, data, AXIS_TITLE, DOMAIN_MAX), CHART_TITLE, CHART_SUBTITLE, SOURCE_LINE, PAGE_URL)
        )
        for kind, build in KINDS.items()
    }


def _framed(alt, picture, title, subtitle, source, url):
    """The picture with its context drawn in: the finding and the place above, source and URL below."""
    below = alt.TitleParams(
        text=source,
        subtitle=url,
        orient="bottom",
        anchor="start",
        fontSize=TEXT_SIZE,
        subtitleFontSize=TEXT_SIZE,
        color="#52606d",
        subtitleColor="#52606d",
        offset=12,
    )
    above = alt.TitleParams(
        text=title,
        subtitle=subtitle,
        orient="top",
        anchor="start",
        fontSize=TITLE_SIZE,
        fontWeight="bold",
        color=INK,
        subtitleFontSize=TEXT_SIZE,
        subtitleColor="#52606d",
        offset=10,
    )
    return alt.vconcat(picture.properties(title=below)).properties(title=above)


def straightforward_spec(chart: Chart) -> dict:
    """The same picture built the plain way (Altair and validation per chart): the benchmarks' baseline."""
    import altair as alt

    picture = KINDS[chart.id](alt, alt.Data(values=list(chart.values)), chart.axis_title, chart.domain_max)
    framed = _framed(
        alt,
        picture,
        _lines(chart.title, 30),
        _lines(chart.subtitle),
        _lines(chart.source_line),
        _url_lines(chart.page_url),
    )
    return _replace(_finish(framed), chart)  # the legend's words


def fill(template: dict, chart: Chart, f: Formatter) -> dict:
    """A region's Vega-Lite spec (published beside the chart, for vega-embed and the Vega editor)."""
    spec = _replace(template, chart)
    spec["datasets"] = {"rows": copy.deepcopy(list(chart.values))}
    # for vega-embed in the reader's browser, which has no Indonesian locale of its own
    spec["usermeta"] = {"formatLocale": f.d3_format_locale(), "timeFormatLocale": f.d3_time_locale()}
    return spec


def vega(template: dict, chart: Chart) -> dict:
    """A region's Vega spec: the kind's compiled template with its rows and placeholders put in, as data."""
    spec = _replace(template, chart)
    for data in spec["data"]:
        if data.get("name") == "rows":
            data["values"] = copy.deepcopy(list(chart.values))
    return spec


def _replace(node, chart: Chart, values: dict | None = None):
    if values is None:  # the placeholders' values, worked out once per chart
        values = {
            AXIS_TITLE: chart.axis_title,
            SOURCE_LINE: _lines(chart.source_line),
            DOMAIN_MAX: chart.domain_max,
            CHART_TITLE: _lines(chart.title, 30),
            CHART_SUBTITLE: _lines(chart.subtitle),
            PAGE_URL: _url_lines(chart.page_url),
            **chart.legend,
        }
    if isinstance(node, dict):
        return {key: _replace(value, chart, values) for key, value in node.items()}
    if isinstance(node, list):
        return [_replace(value, chart, values) for value in node]
    if isinstance(node, (str, float)) and node in values:
        return values[node]
    return node


def _lines(text: str, width: int = 40) -> list[str]:
    """A long line wrapped to the chart's width (about 8.5 px a character at 16 px; 10 px in bold at 18 px)."""
    return textwrap.wrap(text, width) or [""]


def _url_lines(url: str, width: int = 40) -> list[str]:
    """A URL in lines of at most ``width`` characters, broken after a "/" (a reader can still type it)."""
    lines = [""]
    for part in re.findall(r"[^/]*/|[^/]+$", url) or [" "]:
        if lines[-1] and len(lines[-1]) + len(part) > width:
            lines.append("")
        lines[-1] += part
    return lines


def _finish(chart) -> dict:
    spec = chart.configure(**CONFIG).to_dict()  # to_dict() validates against the Vega-Lite schema
    spec.pop("$schema", None)
    return spec


def _progress_chart(alt, data, axis_title, domain_max):
    base = alt.Chart(data).encode(
        y=alt.Y("baris:N", sort=None, title=None),
        x=alt.X(
            "nilai:Q",
            title=axis_title,
            axis=alt.Axis(format=",d", tickCount=3, grid=False),
            scale=alt.Scale(domainMax=domain_max),
        ),
        tooltip=[alt.Tooltip("baris:N", title="Angka"), alt.Tooltip("label:N", title="Nilai")],
    )
    return (
        base.mark_bar().encode(
            color=alt.Color("jenis:N", legend=None, scale=alt.Scale(domain=["a", "b"], range=[ACCENT, SECOND]))
        )
        + base.mark_text(align="left", dx=4).encode(text="label:N")
    ).properties(width=WIDTH - 100)


def _over_time_chart(alt, data, axis_title, domain_max):
    base = alt.Chart(data).encode(
        x=alt.X("tanggal:T", title=None, axis=alt.Axis(format="%b %Y", tickCount=4, labelAngle=0)),
        y=alt.Y("nilai:Q", title="Pekerja rentan terlindungi", axis=alt.Axis(format=",d", tickCount=5)),
        tooltip=[
            alt.Tooltip("teks:N", title="Tanggal"),
            alt.Tooltip("label:N", title="Terlindungi"),
            alt.Tooltip("sumber:N", title="Sumber"),
            alt.Tooltip("beda:N", title="Catatan"),
        ],
    )
    points = base.mark_point(filled=True, size=80).encode(
        color=alt.Color(
            "beda:N", title=None, scale=alt.Scale(domain=[AGREED_WORD, DISPUTED_WORD], range=[ACCENT, DISPUTED])
        ),
        shape=alt.Shape(
            "beda:N", title=None, scale=alt.Scale(domain=[AGREED_WORD, DISPUTED_WORD], range=["circle", "diamond"])
        ),
    )
    counted = "!datum.proyeksi"  # constants of the template (no data in an expression): the reported counts,
    projected = "datum.proyeksi"  # and the pace to target (two rows: the latest count, the target)
    projection = base.mark_line(color=MUTED, strokeDash=[5, 4], strokeWidth=1.5).transform_filter(projected)
    return (
        base.mark_line(color=ACCENT, strokeWidth=1.5).transform_filter(counted)
        + points.transform_filter(counted)
        + projection
    ).properties(width=WIDTH - 100, height=220)


def _budget_chart(alt, data, axis_title, domain_max):
    base = alt.Chart(data).encode(
        x=alt.X("tahun:O", title=None, axis=alt.Axis(labelAngle=0)),
        y=alt.Y(
            "miliar:Q",
            title="Anggaran (Rp miliar)",
            axis=alt.Axis(format=",d", tickCount=4, grid=False),
            scale=alt.Scale(domainMax=domain_max),
        ),
        tooltip=[
            alt.Tooltip("tahun:N", title="Tahun"),
            alt.Tooltip("label:N", title="Anggaran"),
            alt.Tooltip("jenis:N", title="Jenis"),
        ],
    )
    return (
        base.mark_bar().encode(
            xOffset="sumber:N",
            color=alt.Color(
                "jenis:N",
                title="Jenis angka",
                scale=alt.Scale(domain=[REPORTED_WORD, DERIVED_WORD], range=[ACCENT, PALE]),
            ),
        )
        + base.mark_text(dy=-8).encode(text="angka:N", xOffset="sumber:N")
    ).properties(width=WIDTH - 120, height=220)


def _coverage_chart(alt, data, axis_title, domain_max):
    base = alt.Chart(data).encode(
        y=alt.Y("sektor:N", sort=None, title=None, axis=alt.Axis(labelLimit=150)),
        x=alt.X(
            "persen:Q",
            title="Cakupan (%)",
            stack=None,
            scale=alt.Scale(domain=[0, 100]),
            axis=alt.Axis(tickCount=5, grid=False),
        ),
        tooltip=[alt.Tooltip("sektor:N", title="Sektor"), alt.Tooltip("label:N", title="Cakupan")],
    )
    return (base.mark_bar(color=ACCENT) + base.mark_text(align="left", dx=4).encode(text="label:N")).properties(
        width=WIDTH - 200
    )


def _comparison_chart(alt, data, axis_title, domain_max):
    base = alt.Chart(data).encode(
        y=alt.Y("wilayah:N", sort=None, title=None, axis=alt.Axis(labelLimit=165)),
        x=alt.X(
            "nilai:Q",
            title="Pekerja rentan terlindungi",
            axis=alt.Axis(format=",d", tickCount=3, grid=False),
            scale=alt.Scale(domainMax=domain_max),
        ),
        tooltip=[
            alt.Tooltip("wilayah:N", title="Wilayah"),
            alt.Tooltip("label:N", title="Terlindungi"),
            alt.Tooltip("tanggal:N", title="Per tanggal"),
        ],
    )
    return (
        base.mark_bar(color=ACCENT) + base.mark_text(align="left", dx=4, dy=-8, lineBreak="\n").encode(text="teks:N")
    ).properties(width=WIDTH - 200, height=alt.Step(40))


KINDS = {
    "capaian": _progress_chart,
    "perkembangan": _over_time_chart,
    "anggaran": _budget_chart,
    "cakupan": _coverage_chart,
    "perbandingan": _comparison_chart,
}
