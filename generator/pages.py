"""Page contexts: one dataclass per page kind, built by plain functions. Templates only read them.

Every page knows its own path and ``root`` (the relative way back to the site root, "../../"), so
the site has no absolute links and works from any host and any sub-path.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import fmt
from .charts import Chart
from .derive import DERIVED, Figure, Report, merged
from .register import Province
from .schema import Event
from .validate import Inputs

HOW_TO_ADD = "tentang/#cara-menambahkan-atau-mengoreksi-data"


@dataclass(frozen=True)
class Link:
    title: str
    href: str  # relative to the page


@dataclass(frozen=True)
class SourceView:
    number: int
    key: str  # "64.08/indeksmedia-2025-10-20"
    anchor: str  # "sumber-64-08-indeksmedia-2025-10-20"
    publisher: str
    title: str
    kind: str
    published: str  # "20 Oktober 2025" or "tanggal tidak tercantum"
    accessed: str
    url: str
    note: str | None


@dataclass(frozen=True)
class Page:
    path: str  # output file, relative to the output folder
    title: str
    description: str
    root: str  # relative path back to the site root
    breadcrumbs: tuple[Link, ...]
    site_title: str
    built: str  # build date, formatted

    @property
    def url_path(self) -> str:
        return self.path.removesuffix("index.html")


@dataclass(frozen=True)
class RegencyRow:
    name: str
    href: str
    has_data: bool
    province: str
    protected: Figure | None
    target: Figure | None
    publishers: str


@dataclass(frozen=True)
class RegencyPage(Page):
    report: Report
    province_href: str
    districts: int
    villages: int
    headline: tuple[Figure, ...] = ()
    figures: tuple[Figure, ...] = ()
    charts: tuple[Chart, ...] = ()
    narrative: str = ""  # sanitised HTML
    sources: dict[str, SourceView] = field(default_factory=dict)
    events: tuple[tuple[str, Event], ...] = ()  # (date shown, event), dated first
    segments: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (segment, source ids)
    data_file: str = ""  # where a data officer adds this regency's data


@dataclass(frozen=True)
class ProvinceRow:
    province: Province
    href: str
    regencies: int
    with_data: int
    protected: Figure | None  # sum of the latest counts of its regencies, derived


@dataclass(frozen=True)
class ProvincePage(Page):
    province: Province
    rows: tuple[RegencyRow, ...] = ()
    with_data: int = 0


@dataclass(frozen=True)
class HomePage(Page):
    tagline: str
    regencies_total: int
    provinces_total: int
    with_data: tuple[RegencyRow, ...]
    provinces: tuple[ProvinceRow, ...]
    provinces_with_data: int
    total: Figure | None
    chart: Chart | None
    sources: dict[str, SourceView] = field(default_factory=dict)


@dataclass(frozen=True)
class TextPage(Page):
    html: str


def _base(inputs: Inputs, path: str, title: str, description: str, crumbs: list[tuple[str, str]]) -> dict:
    root = "../" * path.count("/")
    return dict(path=path, title=title, description=description, root=root,
                breadcrumbs=tuple(Link(t, root + h) for t, h in [("Beranda", ""), *crumbs]),
                site_title=inputs.settings.title, built=fmt.date(inputs.build_date))


def regency_path(report: Report) -> str:
    return f"{report.province.slug}/{report.regency.slug}/"


def regency_page(inputs: Inputs, report: Report, charts: list[Chart], narrative: str) -> RegencyPage:
    regency, province = report.regency, report.province
    path = regency_path(report) + "index.html"
    crumbs = [(province.name, province.slug + "/"), (regency.name, regency_path(report))]
    head = report.protected
    description = (f"{regency.name}: {head.display} pekerja rentan terlindungi BPJS Ketenagakerjaan "
                   f"({head.when}), dengan sumbernya." if head and head.value is not None
                   else f"{regency.name}, {province.name}: belum ada data perlindungan pekerja rentan "
                        "yang dipublikasikan.")
    common = dict(_base(inputs, path, regency.name, description, crumbs), report=report,
                  province_href="../", districts=inputs.register.district_counts.get(regency.code, 0),
                  villages=inputs.register.village_counts.get(regency.code, 0),
                  data_file=f"data/regencies/{regency.code}-{regency.slug.split('-', 1)[1]}.yaml")
    if report.data is None:
        return RegencyPage(**common)
    data = report.data
    headline = [f for key in ("protected", "target", "share-of-target", "target-gap")
                if (f := report.get(key)) is not None]
    headline += report.budget_years()[-1:]
    events = sorted(data.events, key=lambda e: (e.sort_key == (0, 0, 0), e.sort_key))
    segments: dict[str, list[str]] = {}
    for segment in data.segments:
        segments.setdefault(segment.name, []).extend(segment.source_ids)
    own = [f"{data.code}/{source.id}" for source in data.sources]
    return RegencyPage(
        **common, headline=tuple(headline), figures=tuple(report.figures), charts=tuple(charts),
        narrative=narrative, sources=source_views(inputs, own + [k for c in charts for k in c.sources]),
        events=tuple((fmt.when(e.date, e.year, undated="Tanpa tanggal"), e) for e in events),
        segments=tuple((name, merged(tuple(ids))) for name, ids in segments.items()))


def province_page(inputs: Inputs, province: Province, reports: list[Report]) -> ProvincePage:
    path = f"{province.slug}/index.html"
    rows = tuple(_row(r, href=r.regency.slug + "/") for r in reports)
    with_data = sum(1 for r in reports if r.data is not None)
    return ProvincePage(
        **_base(inputs, path, f"Provinsi {province.name}",
                f"Perlindungan BPJS Ketenagakerjaan bagi pekerja rentan di {len(rows)} kabupaten/kota "
                f"Provinsi {province.name}: {with_data} dengan data.", [(province.name, province.slug + "/")]),
        province=province, rows=rows, with_data=with_data)


def home_page(inputs: Inputs, reports: list[Report], chart: Chart | None) -> HomePage:
    with_data = [r for r in reports if r.data is not None]
    by_province: dict[str, list[Report]] = {}
    for r in reports:
        by_province.setdefault(r.province.code, []).append(r)
    provinces = tuple(ProvinceRow(p, p.slug + "/", len(by_province.get(code, [])),
                                  sum(1 for r in by_province.get(code, []) if r.data is not None),
                                  total_protected(by_province.get(code, [])))
                      for code, p in inputs.register.provinces.items())
    total = total_protected(with_data)
    sources = source_views(inputs, [*(total.sources if total else ()), *(chart.sources if chart else ())])
    return HomePage(
        **_base(inputs, "index.html", inputs.settings.title, inputs.settings.tagline, []),
        tagline=inputs.settings.tagline, regencies_total=len(reports), provinces_total=len(provinces),
        with_data=tuple(sorted((_row(r, regency_path(r)) for r in with_data),
                               key=lambda row: -(row.protected.value or 0) if row.protected else 0)),
        provinces=provinces, provinces_with_data=sum(1 for p in provinces if p.with_data),
        total=total, chart=chart, sources=sources)


def text_page(inputs: Inputs, slug: str, title: str, html: str) -> TextPage:
    return TextPage(**_base(inputs, f"{slug}/index.html", title, f"{title}: {inputs.settings.title}",
                            [(title, slug + "/")]), html=html)


def total_protected(reports: list[Report]) -> Figure | None:
    """The sum of each regency's latest count: derived, and honest that the dates differ."""
    counts = [r.protected for r in reports if r.protected is not None and r.protected.value is not None]
    if not counts:
        return None
    if len(counts) == 1:
        return counts[0]  # a sum of one is the reported figure itself
    counts.sort(key=lambda f: -f.value)
    whens = sorted({f.when for f in counts})
    note = f"Menjumlahkan angka terbaru tiap daerah; tanggalnya berbeda ({', '.join(whens)})." \
        if len(whens) > 1 else None
    return Figure("protected-total", "Jumlah pekerja rentan terlindungi", sum(f.value for f in counts), "orang",
                  DERIVED, sources=merged(*(f.sources for f in counts)),
                  formula=" + ".join(fmt.number(f.value) for f in counts), note=note)


def source_views(inputs: Inputs, keys: list[str]) -> dict[str, SourceView]:
    """The sources a page cites, numbered in order of first citation, keyed by qualified id."""
    views = {}
    for key in dict.fromkeys(keys):
        code, source_id = key.split("/", 1)
        source = next(s for s in inputs.regencies[code].sources if s.id == source_id)
        views[key] = SourceView(
                len(views) + 1, key, "sumber-" + re.sub(r"[^a-z0-9]+", "-", key), source.publisher, source.title,
                source.kind,
                fmt.date(source.published) if source.published else "tanggal tidak tercantum",
                fmt.date(source.accessed), source.url, source.note)
    return views


def _row(report: Report, href: str) -> RegencyRow:
    publishers = ""
    if report.data is not None and report.protected is not None:
        by_id = {f"{report.data.code}/{s.id}": s.publisher for s in report.data.sources}
        publishers = ", ".join(by_id[s] for s in report.protected.sources)
    return RegencyRow(report.regency.name, href, report.data is not None, report.province.name, report.protected,
                      report.get("target"), publishers)

