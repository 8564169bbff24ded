"""Page contexts: one dataclass per page kind, built by plain functions. Templates only read them.

Every page knows its own path and ``root`` (the relative way back to the site root, "../../"), so
the site has no absolute links and works from any host and any sub-path.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import json
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

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


@dataclass(frozen=True, kw_only=True)
class Page:
    path: str  # output file, relative to the output folder
    title: str
    description: str
    root: str  # relative path back to the site root
    breadcrumbs: tuple[Link, ...]
    site_title: str
    built: str  # build date, formatted
    base_url: str  # "https://jaring.example.org/": canonical and shared links only; pages link relatively
    image: str = ""  # social card, relative to the page ("kartu.png")
    indexed: bool = True  # in the sitemap and the search index; embeds, search and 404 are not

    @property
    def url_path(self) -> str:
        return self.path.removesuffix("index.html")

    @property
    def canonical(self) -> str:
        return self.base_url + self.url_path

    @property
    def csp(self) -> str:
        """Only our own files; no inline script or style. The search page alone may compile Pagefind's
        WebAssembly ('wasm-unsafe-eval' is not 'unsafe-eval': it allows no eval of strings)."""
        wasm = " 'wasm-unsafe-eval'" if self.path == "cari/index.html" else ""
        return (f"default-src 'self'; script-src 'self'{wasm}; style-src 'self'; img-src 'self' data:; "
                "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'")


@dataclass(frozen=True)
class ChartView:
    """A chart as a page shows it: the picture, its downloads and its embed code."""

    chart: Chart
    files: str  # relative to the page, without extension: "grafik/capaian" (+ .svg .png .csv .vl.json)
    embed_href: str  # relative to the page: "sematkan/capaian/"
    embed_url: str  # absolute, for the iframe code
    source_line: str

    @property
    def embed_code(self) -> str:
        c = self.chart
        title = html.escape(c.title, quote=True)
        return (f'<iframe src="{self.embed_url}" title="{title}" width="{c.dimension("width")}" '
                f'height="{c.dimension("height", 150)}" style="border:0;width:100%;'
                f'max-width:{c.dimension("width", 40)}px" loading="lazy"></iframe>')


@dataclass(frozen=True)
class RegencyRow:
    code: str
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
    charts: tuple[ChartView, ...] = ()
    narrative: str = ""  # sanitised HTML
    sources: dict[str, SourceView] = field(default_factory=dict)
    events: tuple[tuple[str, Event], ...] = ()  # (date shown, event), dated first
    segments: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (segment, source ids)
    data_file: str = ""  # where a data officer adds this regency's data
    updated: str = ""  # the latest date a source of this page was accessed, formatted
    press_kit: str = ""  # relative to the page


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
    charts: tuple[ChartView, ...] = ()
    sources: dict[str, SourceView] = field(default_factory=dict)


@dataclass(frozen=True)
class TextPage(Page):
    html: str


@dataclass(frozen=True)
class EmbedPage(Page):
    """One chart alone, for an <iframe> in someone else's article; links back to its page."""

    chart: ChartView | None = None
    origin: Link | None = None


@dataclass(frozen=True)
class ComparePage(Page):
    choices: tuple[RegencyRow, ...] = ()  # regencies with data, by name


@dataclass(frozen=True)
class Download:
    href: str  # relative to the downloads page
    name: str
    title: str
    description: str
    format: str
    size: str


@dataclass(frozen=True)
class DownloadsPage(Page):
    files: tuple[Download, ...] = ()
    json_ld: str = ""  # schema.org Dataset, serialised and safe inside <script type="application/ld+json">


def _base(inputs: Inputs, path: str, title: str, description: str, crumbs: list[tuple[str, str]],
          root: str | None = None) -> dict:
    root = "../" * path.count("/") if root is None else root
    return dict(path=path, title=title, description=description, root=root,
                breadcrumbs=tuple(Link(t, root + h) for t, h in [("Beranda", ""), *crumbs]),
                site_title=inputs.settings.title, built=fmt.date(inputs.build_date),
                base_url=inputs.settings.base_url)


def chart_views(inputs: Inputs, page_path: str, charts: list[Chart]) -> tuple[ChartView, ...]:
    """Where each chart's files and embed page live, beside the page that shows it."""
    folder = page_path.removesuffix("index.html")
    return tuple(ChartView(c, f"grafik/{c.id}", f"sematkan/{c.id}/",
                           f"{inputs.settings.base_url}{folder}sematkan/{c.id}/", c.source_line) for c in charts)


def source_line(inputs: Inputs, keys: tuple[str, ...], signed: bool = True) -> str:
    """"Sumber: Indeksmedia, 20 Oktober 2025; …. Jaring": printed under a chart and inside its picture."""
    by_publisher: dict[str, list] = {}  # a publisher cited many times is named once, with its dates' span
    for key in dict.fromkeys(keys):
        code, source_id = key.split("/", 1)
        source = next(s for s in inputs.regencies[code].sources if s.id == source_id)
        by_publisher.setdefault(source.publisher, []).append(source.published)
    parts = []
    for publisher, days in by_publisher.items():
        dated = sorted(day for day in days if day is not None)
        if len(days) == 1:
            parts.append(f"{publisher}, {fmt.date(dated[0]) if dated else 'tanggal tidak tercantum'}")
        elif dated and dated[0] != dated[-1]:
            parts.append(f"{publisher}, {len(days)} terbitan {fmt.date(dated[0])}–{fmt.date(dated[-1])}")
        else:
            parts.append(f"{publisher}, {len(days)} terbitan" + (f" {fmt.date(dated[0])}" if dated else ""))
    line = f"Sumber: {'; '.join(parts)}"
    return f"{line}. {inputs.settings.title}" if signed else line


def embed_page(inputs: Inputs, page: Page, view: ChartView) -> EmbedPage:
    path = f"{page.url_path}{view.embed_href}index.html"
    root = "../" * path.count("/")
    return EmbedPage(**_base(inputs, path, view.chart.title, view.chart.description, [], root=root),
                     indexed=False, chart=dataclasses.replace(view, files="../../" + view.files),
                     origin=Link(page.title, "../../"))


def compare_page(inputs: Inputs, reports: list[Report]) -> ComparePage:
    rows = sorted((_row(r, regency_path(r)) for r in reports if r.data is not None), key=lambda row: row.name)
    return ComparePage(**_base(inputs, "bandingkan/index.html", "Bandingkan kabupaten/kota",
                               "Bandingkan angka perlindungan pekerja rentan dua sampai empat kabupaten/kota.",
                               [("Bandingkan", "bandingkan/")]), choices=tuple(rows))


def search_page(inputs: Inputs) -> Page:
    return Page(**_base(inputs, "cari/index.html", "Cari", "Cari kabupaten/kota, provinsi atau angka.",
                        [("Cari", "cari/")]), indexed=False)


def not_found_page(inputs: Inputs) -> Page:
    """Served for any missing path, at any depth: links start from the site's own path, not "../"."""
    root = urlsplit(inputs.settings.base_url).path
    return Page(**_base(inputs, "404.html", "Halaman tidak ditemukan",
                        "Halaman yang dicari tidak ada.", [], root=root), indexed=False)


def regency_path(report: Report) -> str:
    return f"{report.province.slug}/{report.regency.slug}/"


def regency_page(inputs: Inputs, report: Report, charts: list[Chart], narrative: str) -> RegencyPage:
    """A regency with data gets its charts, social card and press kit; one without, the way to add data."""
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
    common.update(image="kartu.png", press_kit=f"paket-pers-{regency.slug}.zip",
                  updated=fmt.date(data_date(report)))
    events = sorted(data.events, key=lambda e: (e.sort_key == (0, 0, 0), e.sort_key))
    segments: dict[str, list[str]] = {}
    for segment in data.segments:
        segments.setdefault(segment.name, []).extend(segment.source_ids)
    own = [f"{data.code}/{source.id}" for source in data.sources]
    return RegencyPage(
        **common, headline=headline(report), figures=tuple(report.figures), charts=chart_views(inputs, path, charts),
        narrative=narrative, sources=source_views(inputs, own + [k for c in charts for k in c.sources]),
        events=tuple((fmt.when(e.date, e.year, undated="Tanpa tanggal"), e) for e in events),
        segments=tuple((name, merged(tuple(ids))) for name, ids in segments.items()))


def data_date(report: Report) -> dt.date:
    """When a regency's data last changed: the latest day one of its sources was read."""
    return max(source.accessed for source in report.data.sources)


def headline(report: Report) -> tuple[Figure, ...]:
    """The figures of a regency's headline cards (and of its social card)."""
    found = [f for key in ("protected", "target", "share-of-target", "target-gap") if (f := report.get(key)) is not None]
    return tuple(found + report.budget_years()[-1:])


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
        total=total, charts=chart_views(inputs, "index.html", [chart] if chart else []), sources=sources)


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
    return RegencyRow(report.regency.code, report.regency.name, href, report.data is not None, report.province.name, report.protected,
                      report.get("target"), publishers)



DOWNLOADS = {  # file under data/ -> (title, description); the order is the order on the page
    "angka.csv": ("Semua angka", "Satu baris per angka per kabupaten/kota: nilai, satuan, tanggal atau tahun, "
                                 "jenis (dilaporkan, turunan, tidak dilaporkan), rumus angka turunan dan id sumbernya."),
    "angka.json": ("Semua angka (JSON)", "Isi yang sama dengan angka.csv, sebagai larik objek JSON."),
    "sumber.csv": ("Sumber", "Setiap sumber: penerbit, judul, jenis, tanggal terbit, URL dan tanggal diakses."),
    "wilayah.csv": ("Ringkasan semua kabupaten/kota", "Semua kabupaten/kota register Kemendagri dengan status "
                                                      "datanya, angka terlindungi terbaru dan target."),
    "wilayah.json": ("Ringkasan semua kabupaten/kota (JSON)", "Isi yang sama dengan wilayah.csv, sebagai JSON."),
    "datapackage.json": ("Deskripsi paket data", "Frictionless Data Package: skema setiap kolom, lisensi dan sumber."),
}
FORMATS = {"csv": ("CSV", "text/csv"), "json": ("JSON", "application/json")}


def downloads_page(inputs: Inputs, data_files: dict[str, bytes]) -> DownloadsPage:
    path = "unduh/index.html"
    title = "Unduh data"
    description = (f"Semua angka perlindungan BPJS Ketenagakerjaan bagi pekerja rentan di "
                   f"{len(inputs.register.regencies)} kabupaten/kota Indonesia, dengan jenis, tanggal dan sumbernya, "
                   "dalam CSV dan JSON.")
    files = tuple(Download(f"../data/{name}", name, label, text, FORMATS[name.rsplit('.', 1)[1]][0],
                           _size(len(data_files[f"data/{name}"])))
                  for name, (label, text) in DOWNLOADS.items() if f"data/{name}" in data_files)
    base = _base(inputs, path, title, description, [(title, "unduh/")])
    dataset = {
        "@context": "https://schema.org", "@type": "Dataset",
        "name": f"{inputs.settings.title}: perlindungan pekerja rentan per kabupaten/kota",
        "description": description + " Setiap angka dilaporkan sebagaimana tercetak di sumbernya atau diturunkan "
                                     "dengan rumus yang ditampilkan.",
        "url": inputs.settings.base_url + "unduh/", "inLanguage": "id", "isAccessibleForFree": True,
        "license": "https://opendatacommons.org/licenses/odbl/1-0/",
        "creator": {"@type": "Organization", "name": inputs.settings.title, "url": inputs.settings.base_url},
        "dateModified": inputs.build_date.isoformat(),
        "spatialCoverage": {"@type": "Place", "name": "Indonesia"},
        "keywords": ["BPJS Ketenagakerjaan", "pekerja rentan", "jaminan sosial", "kabupaten", "kota", "APBD"],
        "distribution": [{"@type": "DataDownload", "name": f.name, "encodingFormat": FORMATS[f.name.rsplit('.', 1)[1]][1],
                          "contentUrl": f"{inputs.settings.base_url}data/{f.name}"} for f in files],
    }
    # "<" escaped so no string in the data can close the <script> element that carries this
    json_ld = json.dumps(dataset, ensure_ascii=False, indent=1).replace("<", "\\u003c")
    return DownloadsPage(**base, files=files, json_ld=json_ld)


def _size(count: int) -> str:
    return f"{fmt.number(round(count / 1024, 1))} KB" if count < 1024 * 1024 else \
        f"{fmt.number(round(count / 1024 / 1024, 1))} MB"
