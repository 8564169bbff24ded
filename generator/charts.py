"""Stage 4, charts: Altair specs from the derived figures, rendered to static SVG by vl-convert.

Each chart comes with a text description and a table made from the same rows as its spec, so a
reader without sight of the picture (or without the picture) gets the same numbers. Values and
labels travel as data (already formatted by Babel), never spliced into a Vega expression. Charts
are narrow with large type, so they stay legible when a phone scales them down.
"""

from __future__ import annotations

import dataclasses
import html
from dataclasses import dataclass

import altair as alt
import vl_convert as vlc

from . import fmt
from .derive import DERIVED, Report, merged

WIDTH = 360
# vl-convert measures text to lay out a chart; the reader's browser then draws it. Name the font
# vl-convert measures with, then its metric twins (Arial, Helvetica), so labels fit in both.
FONT = "'Liberation Sans', Arial, Helvetica, sans-serif"
INK, ACCENT, MUTED, PALE = "#1f2933", "#0b6e4f", "#7b8794", "#a7d7c5"
CONFIG = {
    "font": FONT,
    "padding": {"left": 12, "right": 12, "top": 6, "bottom": 6},
    "view": {"stroke": None},
    "axis": {"labelFontSize": 13, "titleFontSize": 13, "labelColor": INK, "titleColor": INK,
             "gridColor": "#e4e7eb", "domainColor": MUTED, "tickColor": MUTED},
    "legend": {"labelFontSize": 13, "titleFontSize": 13, "orient": "bottom"},
    "text": {"fontSize": 13, "color": INK},
}


@dataclass(frozen=True)
class Chart:
    id: str  # unique within its page, e.g. "progress"
    title: str
    description: str  # the chart said in words, from the same data
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]  # formatted, as in the table under the chart
    spec: dict  # Vega-Lite
    sources: tuple[str, ...]
    svg: str = ""


def regency_charts(report: Report, reports: list[Report]) -> list[Chart]:
    charts = [_progress(report), _over_time(report), _budget(report), _coverage(report)]
    if report.protected and report.protected.value is not None:
        charts.append(comparison(reports, highlight=report.regency.code))
    return [chart for chart in charts if chart is not None]


def comparison(reports: list[Report], highlight: str | None = None) -> Chart:
    """Protected workers in every regency with a published count (latest figure each)."""
    with_counts = sorted((r for r in reports if r.protected and r.protected.value is not None),
                         key=lambda r: (-r.protected.value, r.regency.name))
    rows = [{"wilayah": _abbreviated(r.regency.name), "nilai": r.protected.value, "label": r.protected.display,
             "tanggal": r.protected.when, "sorot": r.regency.code == highlight} for r in with_counts]
    said = "; ".join(f"{row['wilayah']} {row['label']} ({row['tanggal']})" for row in rows)
    base = alt.Chart(alt.Data(values=rows)).encode(
        y=alt.Y("wilayah:N", sort=None, title=None, axis=alt.Axis(labelLimit=170)),
        x=alt.X("nilai:Q", title="Pekerja rentan terlindungi", axis=alt.Axis(format=",d", tickCount=3),
                scale=alt.Scale(domainMax=_headroom(row["nilai"] for row in rows))),
    )
    color = alt.condition("datum.sorot", alt.value(ACCENT), alt.value(PALE)) if highlight else alt.value(ACCENT)
    chart = (base.mark_bar().encode(color=color)
             + base.mark_text(align="left", dx=4).encode(text="label:N")).properties(width=WIDTH - 170)
    sources = merged(*(r.protected.sources for r in with_counts))
    return Chart(
        "perbandingan", "Pekerja rentan terlindungi di kabupaten/kota yang mempublikasikan angka",
        f"Diagram batang pekerja rentan terlindungi menurut angka terbaru yang dipublikasikan: {said}. "
        "Tanggal angka berbeda antar daerah.",
        ("Kabupaten/kota", "Pekerja rentan terlindungi", "Per tanggal"),
        tuple((row["wilayah"], row["label"], row["tanggal"]) for row in rows),
        _spec(chart), sources)


def _progress(report: Report) -> Chart | None:
    count, target, share = report.protected, report.get("target"), report.get("share-of-target")
    if not (count and target and share and count.value is not None and target.value is not None):
        return None
    rows = [{"baris": "Terlindungi", "nilai": count.value, "label": count.display, "jenis": "a"},
            {"baris": "Target", "nilai": target.value, "label": target.display, "jenis": "b"}]
    base = alt.Chart(alt.Data(values=rows)).encode(
        y=alt.Y("baris:N", sort=None, title=None),
        x=alt.X("nilai:Q", title=f"Pekerja rentan, per {count.when}", axis=alt.Axis(format=",d", tickCount=3),
                scale=alt.Scale(domainMax=_headroom(row["nilai"] for row in rows))),
    )
    chart = (base.mark_bar().encode(color=alt.Color("jenis:N", legend=None,
                                                    scale=alt.Scale(domain=["a", "b"], range=[ACCENT, "#cbd2d9"])))
             + base.mark_text(align="left", dx=4).encode(text="label:N")).properties(width=WIDTH - 100)
    return Chart(
        "capaian", "Capaian terhadap target",
        f"Diagram batang: {count.display} pekerja rentan terlindungi per {count.when}, dari target "
        f"{target.display}. Capaian {share.display} (angka turunan: {share.formula}).",
        ("Angka", "Nilai", "Jenis"),
        ((f"Terlindungi ({count.when})", count.display, count.kind), ("Target", target.display, target.kind),
         ("Capaian", share.display, share.kind)),
        _spec(chart), merged(count.sources, target.sources))


def _over_time(report: Report) -> Chart | None:
    counts = sorted((f for f in report.counts() if f.date is not None), key=lambda f: f.date)
    if len(counts) < 2:
        return None
    rows = [{"tanggal": f.date.isoformat(), "nilai": f.value, "label": f.display, "teks": f.when} for f in counts]
    chart = alt.Chart(alt.Data(values=rows)).mark_line(point=True, color=ACCENT).encode(
        x=alt.X("tanggal:T", title=None, axis=alt.Axis(format="%b %Y", tickCount=4, labelAngle=0)),
        y=alt.Y("nilai:Q", title="Pekerja rentan terlindungi", axis=alt.Axis(format=",d", tickCount=5)),
    ).properties(width=WIDTH - 60, height=220)
    said = "; ".join(f"{row['teks']}: {row['label']}" for row in rows)
    return Chart(
        "perkembangan", "Pekerja rentan terlindungi dari waktu ke waktu",
        f"Diagram garis jumlah pekerja rentan terlindungi menurut tanggal: {said}.",
        ("Tanggal", "Pekerja rentan terlindungi"), tuple((row["teks"], row["label"]) for row in rows),
        _spec(chart), merged(*(f.sources for f in counts)))


def _budget(report: Report) -> Chart | None:
    years = report.budget_years()
    if not years:
        return None
    rows = [{"tahun": str(f.year), "miliar": f.value / 1e9, "label": f.display,
             "jenis": "Turunan" if f.kind == DERIVED else "Dilaporkan"} for f in years]
    base = alt.Chart(alt.Data(values=rows)).encode(
        x=alt.X("tahun:O", title=None, axis=alt.Axis(labelAngle=0)),
        y=alt.Y("miliar:Q", title="Anggaran (Rp miliar)", axis=alt.Axis(format=",d", tickCount=4),
                scale=alt.Scale(domainMax=_headroom(row["miliar"] for row in rows))),
    )
    chart = (base.mark_bar(width=56).encode(color=alt.Color(
        "jenis:N", title="Jenis angka", scale=alt.Scale(domain=["Dilaporkan", "Turunan"], range=[ACCENT, PALE])))
             + base.mark_text(dy=-8).encode(text="label:N")).properties(width=WIDTH - 120, height=220)
    said = "; ".join(f"{f.year} {f.display} ({f.kind}{', ' + f.formula if f.formula else ''})" for f in years)
    return Chart(
        "anggaran", "Anggaran APBD untuk perlindungan pekerja rentan per tahun",
        f"Diagram batang anggaran per tahun: {said}.",
        ("Tahun", "Anggaran", "Jenis", "Rumus"),
        tuple((str(f.year), f.exact, f.kind, f.formula or "—") for f in years),
        _spec(chart), merged(*(f.sources for f in years)))


def _coverage(report: Report) -> Chart | None:
    shares = report.all("coverage-")
    if not shares:
        return None
    rows = [{"sektor": f.label.removeprefix("Cakupan "), "persen": f.value, "label": f.display} for f in shares]
    base = alt.Chart(alt.Data(values=rows)).encode(
        y=alt.Y("sektor:N", sort=None, title=None),
        x=alt.X("persen:Q", title="Cakupan (%)", scale=alt.Scale(domain=[0, 100]), axis=alt.Axis(tickCount=5)),
    )
    chart = (base.mark_bar(color=ACCENT) + base.mark_text(align="left", dx=4).encode(text="label:N")
             ).properties(width=WIDTH - 140)
    said = "; ".join(f"{row['sektor']} {row['label']}" for row in rows)
    return Chart(
        "cakupan", "Cakupan perlindungan menurut sektor",
        f"Diagram batang cakupan perlindungan jaminan sosial ketenagakerjaan sebagaimana dilaporkan: {said}.",
        ("Sektor", "Cakupan", "Jenis"), tuple((row["sektor"], row["label"], "dilaporkan") for row in rows),
        _spec(chart), merged(*(f.sources for f in shares)))


def _abbreviated(name: str) -> str:
    """"Kabupaten Kutai Kartanegara" -> "Kab. Kutai Kartanegara": fits a phone-width axis."""
    return "Kab. " + name.removeprefix("Kabupaten ") if name.startswith("Kabupaten ") else name


def _headroom(values) -> float:
    """An axis maximum with room above the tallest bar for its value label."""
    return max(values) * 1.2


def _spec(chart) -> dict:
    spec = chart.configure(**CONFIG).to_dict()
    spec.pop("$schema", None)
    return spec


def render_svgs(charts: list[Chart]) -> list[Chart]:
    """Render every chart to SVG (vl-convert; no network: external data URLs are refused)."""
    time_locale = fmt.d3_time_locale()
    return [dataclasses.replace(chart, svg=_labelled(chart, vlc.vegalite_to_svg(
        chart.spec, format_locale=fmt.D3_LOCALE, time_format_locale=time_locale, allowed_base_urls=[])))
        for chart in charts]


def _labelled(chart: Chart, svg: str) -> str:
    """Name the picture for screen readers; the figcaption beside it says what it shows."""
    label = html.escape(chart.title, quote=True)
    return svg.replace("<svg ", f'<svg role="img" aria-label="{label}" ', 1)
