"""Page contexts: one dataclass per page kind, built by plain functions. Templates only read them.

A context carries every text its template shows, already formatted for the page's locale by the
``Formatter`` it was built with: templates compute nothing and never see the data model's schema
objects. Every page knows its own path and ``root`` (the relative way back to the site root,
"../../"), so the site has no absolute links and works from any host and any sub-path.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import quote, urlsplit

from markupsafe import Markup, escape

from . import maps, urls
from .charts import Chart
from .derive import CHECK_RATIO, Figure, Report, merged
from .fmt import Formatter
from .history import Correction, History
from .i18n import N_
from .quality import Quality
from .register import Province, Regency
from .validate import Inputs


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
    published_printed: str = ""  # the date as printed, when not a full date ("Jumat")
    date_inferred: bool = False  # published was worked out; the note says how
    title_from_url: bool = False  # the title was rebuilt from the URL
    twins: tuple[str, ...] = ()  # other addresses of the same text


@dataclass(frozen=True)
class FigureView:
    """A figure as readers see it, every text formatted."""

    id: str  # stable id (derive.Figure.id)
    anchor: str  # HTML id on the regency page
    label: str
    display: str  # "93.000", "Rp18 miliar", "Tidak dilaporkan"
    exact: str  # every digit: "Rp54.307.662.320"
    when: str  # "20 Oktober 2025", "2023" or ""
    kind: str  # "dilaporkan", "turunan", "tidak dilaporkan"
    kind_code: str  # "reported", "derived", "not-reported": for CSS classes
    formula: str
    printed: str | None
    note: str | None
    sources: tuple[str, ...]
    value: int | float | None
    sort_when: str  # "2025-10-20", "2023" or "", for sortable tables
    payer: str = ""  # "APBD kabupaten/kota", "" when the source does not say
    period: str = ""  # a span as printed
    disputed: str = ""  # the anchor of the disagreement it is part of
    flagged: bool = False  # a plausibility check far off: "periksa sumber"
    label_html: Markup = Markup("")  # the label with its abbreviations explained (<abbr title>)
    quote: str = ""  # headline cards: the sentence "Kutip angka ini" copies (figure, place, date, source, URL)
    programmes: str = ""  # "JKK, JKM" when the source says which programmes the figure is for
    scheme: str = ""  # the funding scheme the source names
    share: tuple[Link, ...] = ()  # headline cards: links that share the figure
    revised: tuple[str, ...] = ()  # "Diperbarui: sebelumnya …, kini …": one sentence per correction

    @property
    def missing(self) -> bool:
        return self.value is None


def figure_view(f: Formatter, figure: Figure, disputed: str = "") -> FigureView:
    return FigureView(
        figure.id,
        figure.anchor,
        f.label(figure),
        f.display(figure),
        f.exact(figure),
        f.figure_when(figure),
        f.kind(figure),
        figure.kind,
        f.formula(figure.formula),
        figure.printed,
        f.remark(figure),
        figure.sources,
        figure.value,
        figure.date.isoformat() if figure.date else str(figure.year or ""),
        " + ".join(f.word("payer." + p) for p in figure.payer),
        figure.period or "",
        disputed,
        figure.flagged,
        _data_words(abbreviated(f.label(figure)), f, figure),
        programmes=", ".join(figure.programmes),
        scheme=figure.scheme or "",
    )


def _data_words(label: Markup, f: Formatter, figure: Figure) -> Markup:
    """In an edition in another language, the Indonesian words a label quotes from the data (who is counted,
    a segment, a period as printed, what a benefit was for) marked lang="id"; the Indonesian edition's labels
    stay as they were."""
    if f.language == "id":
        return label
    params = [v for _k, v in figure.params if not v.startswith("@")]  # text of the data, not a date or number
    for quoted in dict.fromkeys(x for x in (figure.who, figure.segment, figure.period, *params) if x):
        label = Markup(label.replace(escape(quoted), Markup('<span lang="id">{}</span>').format(quoted)))
    return label


# abbreviations in labels Jaring writes, explained where they appear (the glossary, glosarium/, says more)
ABBREVIATIONS = {
    "JKK": "Jaminan Kecelakaan Kerja",
    "JKM": "Jaminan Kematian",
    "JHT": "Jaminan Hari Tua",
    "JP": "Jaminan Pensiun",
    "JKP": "Jaminan Kehilangan Pekerjaan",
    "PBI": "Penerima Bantuan Iuran",
    "BPU": "Bukan Penerima Upah",
    "DBHCHT": "Dana Bagi Hasil Cukai Hasil Tembakau",
    "APBD": "Anggaran Pendapatan dan Belanja Daerah",
    "Inpres": "Instruksi Presiden",
}
_ABBREVIATED = re.compile(r"\b(" + "|".join(ABBREVIATIONS) + r")\b")


def abbreviated(text: str) -> Markup:
    """``text`` escaped, each known abbreviation in an <abbr> with its meaning."""
    parts = _ABBREVIATED.split(text)
    return Markup("").join(
        Markup('<abbr title="{}">{}</abbr>').format(ABBREVIATIONS[part], part) if i % 2 else escape(part)
        for i, part in enumerate(parts)
    )


def share_links(url: str, text: str) -> tuple[Link, ...]:
    """Plain links that share ``url`` with ``text`` (no third-party script; every part percent-encoded)."""
    u, t = quote(url, safe=""), quote(text, safe="")
    return (
        Link("WhatsApp", f"https://wa.me/?text={quote(f'{text} {url}', safe='')}"),
        Link("X", f"https://twitter.com/intent/tweet?url={u}&text={t}"),
        Link("Facebook", f"https://www.facebook.com/sharer/sharer.php?u={u}"),
        Link("E-mail", f"mailto:?subject={t}&body={quote(text + chr(10) + url, safe='')}"),
    )


def figure_quote(
    f: Formatter, view: FigureView, place: str, sources: dict[str, SourceView], site: str, page_url: str
) -> str:
    """The sentence a reader pastes: "Kabupaten Kutai Timur: pekerja rentan terlindungi 93.000 (20 Oktober
    2025), menurut Indeks Media Kaltim, “…”, https://…. Dikutip dari Jaring, https://…#angka-…"."""
    when = f" ({view.when})" if view.when else ""
    cited = [f"{s.publisher}, “{s.title}”, {s.url or s.published}" for key in view.sources if (s := sources.get(key))]
    if len(cited) > 2:  # a sentence to paste: the first sources, and how many more the page lists
        more = len(cited) - 2
        cited = [*cited[:2], f.ngettext("dan {n} sumber lain", "dan {n} sumber lain", more, n=f.number(more))]
    according = f", {f.word('according-to')} {'; '.join(cited)}" if cited else ""
    cited_from = f._("Dikutip dari {site}, {url}", site=site, url=page_url + "#" + view.anchor)
    return f"{place}: {view.label} {view.display}{when}{according}. {cited_from}"


@dataclass(frozen=True)
class DisagreementView:
    """Figures of sources that disagree, side by side."""

    anchor: str  # "beda-1"
    about: str
    text: str
    figures: tuple[FigureView, ...]


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
    language: str = "id"  # <html lang>
    image: str = ""  # social card, relative to the page ("kartu.png")
    indexed: bool = True  # in the sitemap and the search index; embeds, search and 404 are not
    footer: tuple[Link, ...] = ()  # the glossary and the contribution page, where the site has them

    @property
    def url_path(self) -> str:
        return self.path.removesuffix("index.html")

    @property
    def canonical(self) -> str:
        return self.base_url + self.url_path

    @property
    def csp(self) -> str:
        return content_security_policy(search=self.path == urls.SEARCH + "index.html")


def content_security_policy(search: bool = False) -> str:
    """Only our own files; no inline script or style. The search page alone may compile Pagefind's
    WebAssembly ('wasm-unsafe-eval' is not 'unsafe-eval': it allows no eval of strings). The pages carry it
    in a <meta>; headers.py sends it as a header too, with what a <meta> cannot say (frame-ancestors)."""
    wasm = " 'wasm-unsafe-eval'" if search else ""
    return (
        f"default-src 'self'; script-src 'self'{wasm}; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'"
    )


@dataclass(frozen=True)
class ChartView:
    """A chart as a page shows it: the picture, its downloads and its embed code."""

    chart: Chart
    files: str  # relative to the page, without extension: "grafik/capaian" (+ .svg .png .csv .vl.json)
    embed_href: str  # relative to the page: "sematkan/capaian/"
    embed_url: str  # absolute, for the iframe code
    source_line: str
    name: str = ""  # what a download is called: "kabupaten-kutai-timur-capaian" (+ .png .svg .csv)

    @property
    def embed_code(self) -> str:
        """An <iframe> as wide as the article, and a few lines for the article's page that set its height
        to what the embed page reports (it sends only its height; the listener checks where it comes from)."""
        c = self.chart
        title = html.escape(c.title, quote=True)
        origin = "/".join(self.embed_url.split("/")[:3])
        return (
            f'<iframe src="{self.embed_url}" title="{title}" width="100%" '
            f'height="{c.dimension("height", 60)}" style="border:0;width:100%;max-width:900px" '
            f'scrolling="no" loading="lazy"></iframe>'
            '<script>window.addEventListener("message",function(e){'
            f'if(e.origin!=="{origin}"||!e.data||e.data.jaring!=="height")return;'
            'document.querySelectorAll("iframe").forEach(function(f){'
            'if(f.contentWindow===e.source)f.style.height=e.data.height+"px";});});</script>'
        )


@dataclass(frozen=True)
class RegencyRow:
    code: str
    name: str
    href: str
    has_data: bool
    province: str
    protected: FigureView | None
    target: FigureView | None
    publishers: str


@dataclass(frozen=True)
class Fact:
    """A line of facts about a programme: its start, the programmes covered, a legal basis."""

    term: str
    text: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class BenefitView:
    kind: str
    value: str  # "hingga Rp42 juta", or "" when the source gives no amount
    description: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class EventView:
    when: str  # "20 Oktober 2025", "2024" or "Tanpa tanggal"
    kind: str
    title: str
    count: str  # formatted, or ""
    district: str | None
    villages: str  # "Bumi Rapak, …", or ""
    note: str | None
    sources: tuple[str, ...]


@dataclass(frozen=True)
class NoteView:
    about: str
    text: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class RevisionView:
    """One correction of a figure, as the page's "Riwayat perubahan" lists it."""

    label: str
    href: str  # the figure's row in the table of every figure ("" when the figure is gone)
    old: str
    new: str
    date: str
    reason: str
    commit: str  # the commit's short hash, "" for a correction written in the file about an older change
    commit_href: str  # on the site's repository (site.yaml repository:), else ""
    sources: tuple[str, ...]  # the source of the correction, when the file names one
    url: str  # where the correction was published, when the file says


@dataclass(frozen=True)
class RegencyPage(Page):
    regency: Regency
    province: Province
    has_data: bool
    province_href: str
    districts: str  # formatted counts from the register
    villages: str
    aliases: tuple[str, ...] = ()  # what people call it: "Kutim", "Pemkab Kutai Timur"
    nearby: tuple[RegencyRow, ...] = ()  # without data: the province's regencies with data, with their latest figures
    send_source: str = ""  # without data: a mailto: link with the subject naming the regency, or the contribution page
    search_status: str = ""  # for the search result: "Ada data" or "Belum ada data"
    search_figure: str = ""  # its latest headline figure with its date, for the search result
    report: Report | None = None  # for the build's cards and press kit; templates read the fields below
    headline: tuple[FigureView, ...] = ()
    figures: tuple[FigureView, ...] = ()
    facts: tuple[Fact, ...] = ()
    charts: tuple[ChartView, ...] = ()
    narrative: str = ""  # sanitised HTML
    sources: dict[str, SourceView] = field(default_factory=dict)
    benefits: tuple[BenefitView, ...] = ()
    events: tuple[EventView, ...] = ()  # dated first
    segments: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (segment, source keys)
    notes: tuple[NoteView, ...] = ()
    disagreements: tuple[DisagreementView, ...] = ()
    data_file: str = ""  # where a data officer adds this regency's data
    data_json: str = ""  # this regency's JSON download, relative to the site root
    updated: str = ""  # the latest date a source of this page was accessed, formatted
    press_kit: str = ""  # relative to the page
    share: tuple[Link, ...] = ()  # links that share this page
    map_views: tuple[MapView, ...] = ()  # its locator
    revisions: tuple[RevisionView, ...] = ()  # "Riwayat perubahan": every correction of the page's figures


@dataclass(frozen=True)
class ProvinceRow:
    province: Province
    href: str
    regencies: str  # formatted
    with_data: int
    with_data_text: str
    regencies_count: int


@dataclass(frozen=True)
class ProvincePage(Page):
    province: Province
    rows: tuple[RegencyRow, ...] = ()
    with_data: int = 0
    map_views: tuple[MapView, ...] = ()
    ranking: Ranking | None = None


@dataclass(frozen=True)
class HomePage(Page):
    tagline: str
    regencies_total: str
    provinces_total: str
    provinces_count: int
    with_data: tuple[RegencyRow, ...]
    with_data_count: str
    provinces: tuple[ProvinceRow, ...]
    provinces_with_data: str
    counted: str  # regencies whose latest count is known
    dates: str  # the years those latest counts span: "2023–2025"
    charts: tuple[ChartView, ...] = ()
    sources: dict[str, SourceView] = field(default_factory=dict)
    map_views: tuple[MapView, ...] = ()
    map_statuses: tuple[StatusCount, ...] = ()
    ranking: Ranking | None = None


@dataclass(frozen=True)
class FlaggedView:
    regency: str
    href: str  # relative to the page, to the figure on the regency's page
    label: str
    display: str
    remark: str


@dataclass(frozen=True)
class QualityView:
    """The state of the data (quality.Quality), formatted: on the methodology page."""

    with_data: str
    regencies: str
    reported: str
    derived: str
    not_reported: str
    sources: str
    without_url: str
    inferred_dates: str
    disagreements: str
    flagged: tuple[FlaggedView, ...]
    check_ratio: str = ""  # how far off a budget is flagged: derive.CHECK_RATIO, formatted ("1,5")


@dataclass(frozen=True)
class TextPage(Page):
    html: str
    quality: QualityView | None = None  # on the methodology page (tentang)
    history: str = ""  # on the methodology page: where the revision history comes from, or that it is not available


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


def _base(
    inputs: Inputs,
    f: Formatter,
    path: str,
    title: str,
    description: str,
    crumbs: list[tuple[str, str]],
    root: str | None = None,
) -> dict:
    root = "../" * path.count("/") if root is None else root
    return dict(
        path=path,
        title=title,
        description=description,
        root=root,
        breadcrumbs=tuple(Link(t, root + h) for t, h in [(f._("Beranda"), urls.HOME), *crumbs]),
        site_title=inputs.settings.title,
        built=f.date(inputs.build_date),
        base_url=inputs.settings.base_url,
        language=f.language,
        footer=tuple(Link(f._(t), root + urls.text_page(slug)) for slug, t in FOOTER.items() if slug in inputs.pages),
    )


FOOTER = {"glosarium": N_("Glosarium"), "kontribusi": N_("Kirim sumber atau koreksi")}  # content pages, when present


def chart_views(inputs: Inputs, page_path: str, charts: list[Chart], place: str) -> tuple[ChartView, ...]:
    """Where each chart's files and embed page live, beside the page that shows it; ``place`` (a slug) names
    its downloads."""
    folder = page_path.removesuffix("index.html")
    return tuple(
        ChartView(
            c,
            urls.chart_files(c.id),
            urls.embed(c.id),
            f"{inputs.settings.base_url}{folder}{urls.embed(c.id)}",
            c.source_line,
            urls.download_name(place, c.id),
        )
        for c in charts
    )


def source_line(inputs: Inputs, f: Formatter, keys: tuple[str, ...], signed: bool = True) -> str:
    """ "Sumber: Indeksmedia, 20 Oktober 2025; …. Jaring": printed under a chart and inside its picture
    (``signed``: followed by the site's name; a social card carries that name apart)."""
    by_publisher: dict[str, list] = {}  # a publisher cited many times is named once, with its dates' span
    for key in dict.fromkeys(keys):
        code, source_id = key.split("/", 1)
        source = next(s for s in inputs.regencies[code].sources if s.id == source_id)
        by_publisher.setdefault(source.publisher, []).append(source.published)
    parts = []
    undated = f.word("no-date-printed")
    for publisher, days in by_publisher.items():
        dated = sorted(day for day in days if day is not None)
        if len(days) == 1:
            parts.append(f"{publisher}, {f.date(dated[0]) if dated else undated}")
        elif dated and dated[0] != dated[-1]:
            issues = f.ngettext(
                "{count} terbitan {first}–{last}",
                "{count} terbitan {first}–{last}",
                len(days),
                first=f.date(dated[0]),
                last=f.date(dated[-1]),
            )
            parts.append(f"{publisher}, {issues}")
        elif dated:
            issues = f.ngettext("{count} terbitan {day}", "{count} terbitan {day}", len(days), day=f.date(dated[0]))
            parts.append(f"{publisher}, {issues}")
        else:
            issues = f.ngettext("{count} terbitan", "{count} terbitan", len(days))
            parts.append(f"{publisher}, {issues}")
    line = f._("Sumber: {sources}", sources="; ".join(parts))
    return f"{line}. {inputs.settings.title}" if signed else line


def embed_page(inputs: Inputs, f: Formatter, page: Page, view: ChartView) -> EmbedPage:
    path = f"{page.url_path}{view.embed_href}index.html"
    root = "../" * path.count("/")
    return EmbedPage(
        **_base(inputs, f, path, view.chart.title, view.chart.description, [], root=root),
        indexed=False,
        chart=dataclasses.replace(view, files="../../" + view.files),
        origin=Link(page.title, "../../"),
    )


def compare_page(inputs: Inputs, f: Formatter, reports: list[Report], glances: Glancer | None = None) -> ComparePage:
    seen = glances or glancer(f)
    rows = sorted(
        (_row(r, urls.regency(r.regency, r.province), seen(r)) for r in reports if r.data is not None),
        key=lambda row: row.name,
    )
    return ComparePage(
        **_base(
            inputs,
            f,
            urls.COMPARE + "index.html",
            f._("Bandingkan kabupaten/kota"),
            f._("Bandingkan angka perlindungan pekerja rentan dua sampai empat kabupaten/kota."),
            [(f._("Bandingkan"), urls.COMPARE)],
        ),
        choices=tuple(rows),
    )


def search_page(inputs: Inputs, f: Formatter) -> Page:
    return Page(
        **_base(
            inputs,
            f,
            urls.SEARCH + "index.html",
            f._("Cari"),
            f._("Cari kabupaten/kota, provinsi atau angka."),
            [(f._("Cari"), urls.SEARCH)],
        ),
        indexed=False,
    )


def not_found_page(inputs: Inputs, f: Formatter) -> Page:
    """Served for any missing path, at any depth: links start from the site's own path, not "../"."""
    root = urlsplit(inputs.settings.base_url).path
    return Page(
        **_base(
            inputs,
            f,
            urls.NOT_FOUND,
            f._("Halaman tidak ditemukan"),
            f._("Halaman yang dicari tidak ada."),
            [],
            root=root,
        ),
        indexed=False,
    )


# What people and the press call a regency besides its name (its official name and "Kab."/"Pemkab"/"Pemkot"
# forms are added for every regency by ``aliases``).
SHORT_NAMES = {
    "Kabupaten Kutai Timur": ("Kutim",),
    "Kabupaten Kutai Kartanegara": ("Kukar",),
    "Kabupaten Kutai Barat": ("Kubar",),
    "Kabupaten Gunung Mas": ("Gumas",),
    "Kabupaten Penajam Paser Utara": ("PPU",),
    "Kabupaten Mahakam Ulu": ("Mahulu",),
    "Kabupaten Kotawaringin Timur": ("Kotim",),
    "Kabupaten Kotawaringin Barat": ("Kobar",),
    "Kabupaten Hulu Sungai Selatan": ("HSS",),
    "Kabupaten Hulu Sungai Tengah": ("HST",),
    "Kabupaten Hulu Sungai Utara": ("HSU",),
    "Kabupaten Ogan Komering Ilir": ("OKI",),
    "Kabupaten Ogan Komering Ulu": ("OKU",),
    "Kabupaten Musi Banyuasin": ("Muba",),
    "Kabupaten Tanjung Jabung Timur": ("Tanjabtim",),
    "Kabupaten Lombok Timur": ("Lotim",),
    "Kabupaten Lombok Barat": ("Lobar",),
    "Kabupaten Lombok Tengah": ("Loteng",),
    "Kabupaten Lombok Utara": ("KLU",),
    "Kabupaten Tapanuli Utara": ("Taput",),
    "Kabupaten Tapanuli Selatan": ("Tapsel",),
    "Kabupaten Deli Serdang": ("Deliserdang",),
}


def aliases(regency: Regency) -> tuple[str, ...]:
    """ "Kabupaten Kutai Timur" -> ("Kutim", "Kab. Kutai Timur", "Pemkab Kutai Timur"); "Kota Bogor" ->
    ("Pemkot Bogor",): in the page, so a search for what people write finds it."""
    found = list(SHORT_NAMES.get(regency.name, ()))
    if regency.name.startswith("Kabupaten "):
        plain = regency.name.removeprefix("Kabupaten ")
        found += [f"Kab. {plain}", f"Pemkab {plain}"]
    elif regency.name.startswith("Kota "):
        found.append(f"Pemkot {regency.name.removeprefix('Kota ')}")
    return tuple(found)


def regency_page(
    inputs: Inputs,
    f: Formatter,
    report: Report,
    charts: list[Chart],
    narrative: str,
    neighbours: tuple[Report, ...] = (),
    glances: Glancer | None = None,
) -> RegencyPage:
    """A regency with data gets its charts, social card and press kit; one without, what is known nearby
    (``neighbours``: its province's regencies) and a way to send a source."""
    regency, province = report.regency, report.province
    path = urls.regency(regency, province) + "index.html"
    crumbs = [(province.name, urls.province(province)), (regency.name, urls.regency(regency, province))]
    head = report.protected
    description = (
        f._(
            "{place}: {count} pekerja rentan terlindungi BPJS Ketenagakerjaan ({when}), dengan sumbernya.",
            place=regency.name,
            count=f.display(head),
            when=f.figure_when(head),
        )
        if head and head.value is not None
        else f._(
            "{place}, {province}: belum ada data perlindungan pekerja rentan yang dipublikasikan.",
            place=regency.name,
            province=province.name,
        )
    )
    common = dict(
        _base(inputs, f, path, regency.name, description, crumbs),
        regency=regency,
        province=province,
        has_data=report.data is not None,
        province_href="../",
        districts=f.number(inputs.register.district_counts.get(regency.code, 0)),
        villages=f.number(inputs.register.village_counts.get(regency.code, 0)),
        aliases=aliases(regency),
        search_status=f._("Ada data") if report.data is not None else f._("Belum ada data"),
        search_figure=f._(
            "{count} pekerja rentan terlindungi ({when})", count=f.display(head), when=f.figure_when(head)
        )
        if head and head.value is not None
        else "",
        data_file=f"data/regencies/{regency.code}-{regency.slug.split('-', 1)[1]}.yaml",
    )
    data = report.data
    if data is None:
        contact = inputs.settings.contact
        subject = quote(
            f._("Sumber data perlindungan pekerja rentan: {place} ({code})", place=regency.name, code=regency.code)
        )
        send = (
            f"mailto:{contact}?subject={subject}"
            if contact
            else (f"{common['root']}{urls.text_page('kontribusi')}" if "kontribusi" in inputs.pages else "")
        )
        seen = glances or glancer(f)
        nearby = tuple(_row(r, f"../{r.regency.slug}/", seen(r)) for r in neighbours if r.data is not None)
        return RegencyPage(**common, nearby=nearby, send_source=send)
    common.update(
        image=urls.CARD,
        press_kit=urls.press_kit(regency),
        updated=f.date(data_date(report)),
        data_json=urls.regency_data(regency.code),
        report=report,
    )

    def own(item) -> tuple[str, ...]:
        return tuple(f"{data.code}/{source_id}" for source_id in item.source_ids)

    facts = []
    if data.start:
        facts.append(Fact(f._("Program berjalan"), data.start.printed or str(data.start.year), own(data.start)))
    if data.programmes:
        covered = ", ".join(data.programmes.covered)
        funding = f"; {data.programmes.funding}" if data.programmes.funding else ""
        facts.append(Fact(f._("Program jaminan"), covered + funding, own(data.programmes)))
    for law in data.legal_basis:  # its number and date when printed apart from the title
        apart = [
            part for part in (law.number, f.date(law.date) if law.date else None) if part and part not in law.title
        ]
        facts.append(Fact(f._("Dasar hukum"), law.title + (f" ({', '.join(apart)})" if apart else ""), own(law)))
    benefits = tuple(
        BenefitView(
            f.kind_word("benefit", b.kind).capitalize(),
            "" if b.value is None else (f"{f.word('up-to')} " if b.up_to else "") + f.rupiah(b.value),
            b.description,
            own(b),
        )
        for b in data.benefits
    )
    events = tuple(
        EventView(
            f.when(e.date, e.year, undated=f.word("undated")),
            f.kind_word("event", e.kind).capitalize(),
            e.title,
            f.number(e.count) if e.count is not None else "",
            e.district,
            ", ".join(e.villages),
            e.note,
            own(e),
        )
        for e in sorted(data.events, key=lambda e: (e.sort_key == (0, 0, 0), e.sort_key))
    )
    segments: dict[str, list[str]] = {}
    for segment in data.segments:
        segments.setdefault(segment.name, []).extend(own(segment))
    notes = tuple(NoteView(n.about, n.text, (f"{data.code}/{n.source}",) if n.source else ()) for n in data.data_notes)
    cited = [f"{data.code}/{source.id}" for source in data.sources]
    where = {fid: f"beda-{i}" for i, d in enumerate(report.disagreements, 1) for fid in d.figures}
    disagreements = tuple(
        DisagreementView(
            f"beda-{i}", d.about, d.text, tuple(figure_view(f, x) for fid in d.figures if (x := report.by_id(fid)))
        )
        for i, d in enumerate(report.disagreements, 1)
    )
    sources = source_views(inputs, f, cited + [k for c in charts for k in c.sources])
    page_url = inputs.settings.base_url + urls.regency(regency, province)
    cards = []
    for h in headline(report):
        view = figure_view(f, h, where.get(h.id, ""))
        if view.missing:  # "Tidak dilaporkan": no figure to quote or share
            cards.append(view)
            continue
        said = figure_quote(f, view, regency.name, sources, inputs.settings.title, page_url)
        cards.append(
            dataclasses.replace(
                view,
                quote=said,
                share=share_links(f"{page_url}#{view.anchor}", f"{regency.name}: {view.label} {view.display}"),
            )
        )
    return RegencyPage(
        **common,
        share=share_links(page_url, description),
        headline=tuple(cards),
        figures=tuple(figure_view(f, x, where.get(x.id, "")) for x in report.figures),
        facts=tuple(facts),
        disagreements=disagreements,
        charts=chart_views(inputs, path, charts, regency.slug),
        narrative=narrative,
        sources=sources,
        benefits=benefits,
        events=events,
        segments=tuple((name, merged(tuple(ids))) for name, ids in segments.items()),
        notes=notes,
    )


def with_history(
    page: RegencyPage, f: Formatter, report: Report, history: History, repository: str | None = None
) -> RegencyPage:
    """The page with its figures' corrections: a sentence by each corrected figure (its card and its row)
    and the list of them all. A figure that never changed shows nothing."""
    if not history.corrections:
        return page
    sentences: dict[str, list[str]] = {}
    for c in history.corrections:
        sentences.setdefault(c.figure, []).append(revised(f, report, c))

    def marked(view: FigureView) -> FigureView:
        found = sentences.get(view.id)
        return dataclasses.replace(view, revised=tuple(found)) if found else view

    rows = tuple(
        RevisionView(
            f.label(x) if (x := report.by_id(c.figure)) else c.figure,
            f"#tabel-{x.anchor}" if x else "",
            _revised_value(f, report, c, c.old),
            _revised_value(f, report, c, c.new),
            f.date(c.day),
            c.reason,
            c.commit[:7],
            f"{repository.rstrip('/')}/commit/{c.commit}" if repository and c.commit else "",
            (c.source,) if c.source else (),
            c.url,
        )
        for c in reversed(history.corrections)  # newest first
    )
    return dataclasses.replace(
        page,
        headline=tuple(map(marked, page.headline)),
        figures=tuple(map(marked, page.figures)),
        revisions=rows,  # a correction's source is one of the file's, which the page lists (page.sources)
    )


def revised(f: Formatter, report: Report, correction: Correction) -> str:
    """ "Diperbarui: sebelumnya 93.000, kini 93.100, pada 23 Oktober 2025, karena <reason>"."""
    return (
        f._(
            "Diperbarui: sebelumnya {old}, kini {new}, pada {date}, karena {reason}",
            old=_revised_value(f, report, correction, correction.old),
            new=_revised_value(f, report, correction, correction.new),
            date=f.date(correction.day),
            reason=correction.reason.rstrip(". "),  # as the commit or the file says it
        )
        + "."
    )


def _revised_value(f: Formatter, report: Report, correction: Correction, value: int | float | None) -> str:
    """A value before or after a correction, written like the figure's own value."""
    if value is None:
        return f.word("kind.not-reported") if correction.commit else f._("tidak tercatat")
    figure = report.by_id(correction.figure)
    return f.value(value, figure.unit) if figure else f.number(value)


def with_history_statement(page: TextPage, f: Formatter, available: bool) -> TextPage:
    """The methodology page says where the revision history comes from, or that this build has none."""
    if available:
        said = f._(
            "Riwayat perubahan setiap angka diambil dari riwayat git berkas data: bila nilai sebuah angka "
            "berbeda di antara dua versi berkas, halaman wilayahnya menampilkan nilai lama dan baru, tanggal "
            "commit, dan pesan commit sebagai alasannya. Berkas data dapat menambahkan alasan atau sumber "
            "koreksi, atau mencatat koreksi yang lebih tua dari repositori (corrections:)."
        )
    else:
        said = f._(
            "Riwayat perubahan angka tidak tersedia untuk situs ini: situs dibangun tanpa riwayat git "
            "berkas data (tanpa git, di luar repositori, atau dari salinan dangkal). Hanya koreksi yang "
            "dicatat di berkas data (corrections:) yang ditampilkan."
        )
    return dataclasses.replace(page, history=said)


def data_date(report: Report) -> dt.date:
    """When a regency's data last changed: the latest day one of its sources was read."""
    assert report.data is not None
    return max(source.accessed for source in report.data.sources)


def headline(report: Report) -> tuple[Figure, ...]:
    """The figures of a regency's headline cards (and of its social card)."""
    # the headline count and target as derive defines them (never the latest figure of any group or payer)
    chosen = (report.protected, report.target, report.first("share-of-target"), report.first("target-gap"))
    return tuple([x for x in chosen if x is not None] + report.budget_years()[-1:])


def province_page(
    inputs: Inputs, f: Formatter, province: Province, reports: list[Report], glances: Glancer | None = None
) -> ProvincePage:
    path = urls.province(province) + "index.html"
    seen = glances or glancer(f)
    rows = tuple(_row(r, r.regency.slug + "/", seen(r) if r.data is not None else NO_GLANCE) for r in reports)
    with_data = sum(1 for r in reports if r.data is not None)
    return ProvincePage(
        **_base(
            inputs,
            f,
            path,
            f._("Provinsi {province}", province=province.name),
            f._(
                "Perlindungan BPJS Ketenagakerjaan bagi pekerja rentan di {count} kabupaten/kota "
                "Provinsi {province}: {with_data} dengan data.",
                count=len(rows),
                province=province.name,
                with_data=with_data,
            ),
            [(province.name, urls.province(province))],
        ),
        province=province,
        rows=rows,
        with_data=with_data,
    )


def home_page(
    inputs: Inputs, f: Formatter, reports: list[Report], chart: Chart | None, glances: Glancer | None = None
) -> HomePage:
    with_data = [r for r in reports if r.data is not None]
    by_province: dict[str, list[Report]] = {}
    for r in reports:
        by_province.setdefault(r.province.code, []).append(r)
    provinces = []
    for code, p in inputs.register.provinces.items():
        mine = by_province.get(code, [])
        counted = sum(1 for r in mine if r.data is not None)
        provinces.append(ProvinceRow(p, urls.province(p), f.number(len(mine)), counted, f.number(counted), len(mine)))
    sources = source_views(inputs, f, list(chart.sources) if chart else [])
    seen = glances or glancer(f)
    rows = sorted(
        (_row(r, urls.regency(r.regency, r.province), seen(r)) for r in with_data),
        key=lambda row: -(row.protected.value or 0) if row.protected else 0,
    )
    # no sum of counts: they are of different dates (and a reader would quote it as a national figure)
    days = sorted(
        r.protected.date or dt.date(r.protected.year or 1, 12, 31)
        for r in with_data
        if r.protected is not None and r.protected.value is not None
    )
    return HomePage(
        **_base(inputs, f, "index.html", inputs.settings.title, inputs.settings.tagline, []),
        tagline=inputs.settings.tagline,
        regencies_total=f.number(len(reports)),
        provinces_total=f.number(len(provinces)),
        provinces_count=len(provinces),
        with_data=tuple(rows),
        with_data_count=f.number(len(with_data)),
        provinces=tuple(provinces),
        provinces_with_data=f.number(sum(1 for p in provinces if p.with_data)),
        counted=f.number(len(days)),
        dates=f"{f.when(None, days[0].year)}–{f.when(None, days[-1].year)}"
        if days and days[0].year != days[-1].year
        else (str(days[0].year) if days else ""),
        charts=chart_views(inputs, "index.html", [chart] if chart else [], "indonesia"),
        sources=sources,
    )


METHODOLOGY = "tentang"  # the text page that shows the state of the data


def text_page(
    inputs: Inputs, f: Formatter, slug: str, title: str, html_text: str, quality: Quality | None = None
) -> TextPage:
    path = urls.text_page(slug) + "index.html"
    root = "../" * path.count("/")
    view = None
    if quality is not None:
        n = f.number
        view = QualityView(
            n(quality.with_data),
            n(quality.regencies),
            n(quality.reported),
            n(quality.derived),
            n(quality.not_reported),
            n(quality.sources),
            n(quality.without_url),
            n(quality.inferred_dates),
            n(quality.disagreements),
            tuple(
                FlaggedView(
                    r.regency.name,
                    f"{root}{urls.regency(r.regency, r.province)}#tabel-{x.anchor}",
                    f.label(x),
                    f.display(x),
                    f.remark(x) or "",
                )
                for r, x in quality.flagged
            ),
            check_ratio=f.number(CHECK_RATIO),
        )
    return TextPage(
        **_base(inputs, f, path, title, f"{title}: {inputs.settings.title}", [(title, urls.text_page(slug))]),
        html=html_text,
        quality=view,
    )


def source_views(inputs: Inputs, f: Formatter, keys: list[str]) -> dict[str, SourceView]:
    """The sources a page cites, numbered in order of first citation, keyed by qualified id."""
    views: dict[str, SourceView] = {}
    for key in dict.fromkeys(keys):
        code, source_id = key.split("/", 1)
        source = next(s for s in inputs.regencies[code].sources if s.id == source_id)
        views[key] = SourceView(
            len(views) + 1,
            key,
            "sumber-" + re.sub(r"[^a-z0-9]+", "-", key),
            source.publisher,
            source.title,
            f.kind_word("source-kind", source.kind),
            f.date(source.published) if source.published else f.word("no-date-printed"),
            f.date(source.accessed),
            source.url,
            source.note,
            source.published_printed or "",
            source.date_inferred,
            source.title_from_url,
            tuple(source.twins),
        )
    return views


@dataclass(frozen=True)
class Glance:
    """What the tables and rankings of the home, compare and province pages show of one regency with data,
    in one edition's words. The same for every page that lists the regency, and it reads only the
    regency's own figures: the build works it out once per version of its data file (kept in the memo),
    where a nationwide page would otherwise format ~4 000 figures anew whenever any one regency changed."""

    protected: FigureView | None  # the headline count
    target: FigureView | None
    publishers: str  # who published the headline count
    share: FigureView | None  # the coverage share, for the ranking
    change: FigureView | None  # the change since the previous count
    change_since: str  # "20 Mei 2024": the previous count's date
    wider: tuple[str, FigureView] | None  # the latest realised count of a wider group: who is counted, the count


def glance(f: Formatter, report: Report) -> Glance:
    publishers = ""
    if report.data is not None and report.protected is not None:
        by_id = {f"{report.data.code}/{s.id}": s.publisher for s in report.data.sources}
        publishers = ", ".join(by_id[s] for s in report.protected.sources)
    protected, target = report.protected, report.target
    change, share = report.first("protected-change"), report.first("coverage-share")
    since = dict(change.params).get("since", "") if change else ""
    wider = next(
        (
            x
            for x in report.of("protected")
            if x.group != "pekerja-rentan" and x.status == "terealisasi" and x.value is not None
        ),
        None,
    )
    return Glance(
        figure_view(f, protected) if protected else None,
        figure_view(f, target) if target else None,
        publishers,
        figure_view(f, share) if share else None,
        figure_view(f, change) if change else None,
        f.param(since) if since else "",
        (wider.who or "", figure_view(f, wider)) if wider else None,
    )


Glancer = Callable[[Report], Glance]  # a regency's glance in an edition (memoised by the build)
NO_GLANCE = Glance(None, None, "", None, None, "", None)  # a regency without data


def glancer(f: Formatter) -> Glancer:
    """Glances worked out as asked for (the build passes its memoised ones instead)."""
    return lambda report: glance(f, report)


def _row(report: Report, href: str, seen: Glance) -> RegencyRow:
    return RegencyRow(
        report.regency.code,
        report.regency.name,
        href,
        report.data is not None,
        report.province.name,
        seen.protected,
        seen.target,
        seen.publishers,
    )


DOWNLOADS = {  # file under data/ -> (title, description); the order is the order on the page
    "angka.csv": (
        N_("Semua angka"),
        N_(
            "Satu baris per angka per kabupaten/kota: nilai, satuan, tanggal atau tahun, "
            "jenis (dilaporkan, turunan, tidak dilaporkan), rumus angka turunan dan id sumbernya."
        ),
    ),
    "angka.json": (N_("Semua angka (JSON)"), N_("Isi yang sama dengan angka.csv, sebagai larik objek JSON.")),
    "sumber.csv": (N_("Sumber"), N_("Setiap sumber: penerbit, judul, jenis, tanggal terbit, URL dan tanggal diakses.")),
    "wilayah.csv": (
        N_("Ringkasan semua kabupaten/kota"),
        N_("Semua kabupaten/kota register Kemendagri dengan status datanya, angka terlindungi terbaru dan target."),
    ),
    "wilayah.json": (
        N_("Ringkasan semua kabupaten/kota (JSON)"),
        N_("Isi yang sama dengan wilayah.csv, sebagai JSON."),
    ),
    "datapackage.json": (
        N_("Deskripsi paket data"),
        N_("Frictionless Data Package: skema setiap kolom, lisensi dan sumber."),
    ),
}
FORMATS = {"csv": ("CSV", "text/csv"), "json": ("JSON", "application/json")}


def downloads_page(inputs: Inputs, f: Formatter, data_files: dict[str, int]) -> DownloadsPage:
    """The downloads page, describing ``data_files`` (site path -> size in bytes)."""
    path = urls.DOWNLOADS + "index.html"
    title = f._("Unduh data")
    description = f._(
        "Semua angka perlindungan BPJS Ketenagakerjaan bagi pekerja rentan di {count} kabupaten/kota "
        "Indonesia, dengan jenis, tanggal dan sumbernya, dalam CSV dan JSON.",
        count=len(inputs.register.regencies),
    )
    files = tuple(
        Download(
            f"../data/{name}",
            name,
            f._(label),
            f._(text),
            FORMATS[name.rsplit(".", 1)[1]][0],
            _size(f, data_files[f"data/{name}"]),
        )
        for name, (label, text) in DOWNLOADS.items()
        if f"data/{name}" in data_files
    )
    if "data/revisi.csv" in data_files:  # the corrections of figures (history.py)
        files += (
            Download(
                "../data/revisi.csv",
                "revisi.csv",
                f._("Koreksi angka"),
                f._(
                    "Satu baris per koreksi nilai sebuah angka: nilai lama dan baru, tanggal, alasan, commit "
                    "git dan sumber koreksi bila disebut. Kolom revisi di angka.csv menghitung koreksinya."
                ),
                "CSV",
                _size(f, data_files["data/revisi.csv"]),
            ),
        )
    base = _base(inputs, f, path, title, description, [(title, urls.DOWNLOADS)])
    dataset = {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": f._("{site}: perlindungan pekerja rentan per kabupaten/kota", site=inputs.settings.title),
        "description": description
        + " "
        + f._(
            "Setiap angka dilaporkan sebagaimana tercetak di sumbernya atau diturunkan dengan rumus yang ditampilkan."
        ),
        "url": inputs.settings.base_url + urls.DOWNLOADS,
        "inLanguage": f.language,
        "isAccessibleForFree": True,
        "license": "https://opendatacommons.org/licenses/odbl/1-0/",
        "creator": {"@type": "Organization", "name": inputs.settings.title, "url": inputs.settings.base_url},
        "dateModified": inputs.build_date.isoformat(),
        "spatialCoverage": {"@type": "Place", "name": "Indonesia"},
        "keywords": ["BPJS Ketenagakerjaan", "pekerja rentan", "jaminan sosial", "kabupaten", "kota", "APBD"],
        "distribution": [
            {
                "@type": "DataDownload",
                "name": d.name,
                "encodingFormat": FORMATS[d.name.rsplit(".", 1)[1]][1],
                "contentUrl": f"{inputs.settings.base_url}data/{d.name}",
            }
            for d in files
        ],
    }
    # "<" escaped so no string in the data can close the <script> element that carries this
    json_ld = json.dumps(dataset, ensure_ascii=False, indent=1).replace("<", "\\u003c")
    return DownloadsPage(**base, files=files, json_ld=json_ld)


def _size(f: Formatter, count: int) -> str:
    return (
        f"{f.number(round(count / 1024, 1))} KB"
        if count < 1024 * 1024
        else f"{f.number(round(count / 1024 / 1024, 1))} MB"
    )


# --- maps and rankings ------------------------------------------------------------------------------
# (issue 14) Views only: the maps' rows and drawings are maps.py's; site.py puts them on the pages.


@dataclass(frozen=True)
class MapView:
    """A tile-grid map on a page. The page is rendered with ``marker`` where the map goes; once drawn,
    the map's SVG (maps.inline) replaces it."""

    drawing: str  # the name of its drawing (maps.specs)
    dom_id: str  # "peta-status"
    title: str
    description: str  # what it shows, in words: the SVG is described by it
    size: str  # CSS class: "map-country", "map-province", "map-locator"
    names: tuple[tuple[str, str], ...] = ()  # drawn href -> the link's accessible name
    focusable: bool = True  # its links in the tab order (not the 514 of the country maps)
    chosen: str = ""  # a locator: the drawn href of the regency it shows

    @property
    def marker(self) -> Markup:
        return Markup(f"\0map:{self.dom_id}\0")


@dataclass(frozen=True)
class StatusCount:
    status: str  # the legend's word
    count: str  # formatted
    value: int


@dataclass(frozen=True)
class RankedRow:
    """A regency in the ranking: its latest headline count (pekerja rentan, realised, its own
    programme), and beside it the coverage share and the change since the previous count, where known."""

    rank: int
    name: str
    href: str  # relative to the page
    province: str
    count: FigureView
    share: FigureView | None
    change: FigureView | None
    change_since: str  # "20 Mei 2024": the previous count's date


@dataclass(frozen=True)
class WiderRow:
    """A count of a wider group than pekerja rentan: shown apart, never ranked with them."""

    name: str
    href: str
    province: str
    who: str
    count: FigureView


@dataclass(frozen=True)
class Ranking:
    rows: tuple[RankedRow, ...] = ()
    wider: tuple[WiderRow, ...] = ()


def ranking(
    f: Formatter, reports: list[Report], href: Callable[[Report], str], glances: Glancer | None = None
) -> Ranking:
    """Regencies by their latest headline count, largest first (equal counts share a rank, then by
    name); the latest realised count of a wider group apart, for regencies that print one."""
    seen = glances or glancer(f)
    counted = sorted(
        (r for r in reports if r.protected is not None and r.protected.headline and r.protected.value is not None),
        key=lambda r: (-(r.protected.value or 0), r.regency.name),  # type: ignore[union-attr]
    )
    rows: list[RankedRow] = []
    for i, r in enumerate(counted):
        g = seen(r)
        assert g.protected is not None
        rank = rows[-1].rank if rows and rows[-1].count.value == g.protected.value else i + 1
        rows.append(
            RankedRow(rank, r.regency.name, href(r), r.province.name, g.protected, g.share, g.change, g.change_since)
        )
    wider = [
        WiderRow(r.regency.name, href(r), r.province.name, *g.wider)
        for r in reports
        if r.data is not None and (g := seen(r)).wider is not None
    ]
    return Ranking(tuple(rows), tuple(sorted(wider, key=lambda w: (-(w.count.value or 0), w.name))))


def status_counts(f: Formatter, map_rows: list[dict]) -> tuple[StatusCount, ...]:
    """How many regencies have each data status: the map's legend as a table."""
    found = [sum(1 for r in map_rows if r["status"] == word) for word in maps.status_words(f)]
    return tuple(StatusCount(word, f.number(n), n) for word, n in zip(maps.status_words(f), found))


def _names(map_rows: list[dict], f: Formatter, by_count: bool = False) -> tuple[tuple[str, str], ...]:
    """Each cell's link named by its regency and what its colour says."""
    return tuple(
        (r["href"], f"{r['label']}: {r['count'] if by_count and r['value'] is not None else r['status']}")
        for r in map_rows
    )


def home_maps(f: Formatter, map_rows: list[dict]) -> tuple[MapView, ...]:
    counts = status_counts(f, map_rows)
    told = "; ".join(f"{c.status}: {c.count}" for c in counts)
    return (
        MapView(
            maps.COUNTRY_STATUS,
            "peta-status",
            f._("Peta status data kabupaten/kota"),
            f._(
                "Peta petak skematis, bukan peta batas wilayah: satu petak per kabupaten/kota, "
                "kira-kira di letak geografisnya, dikelompokkan per provinsi. Warna menunjukkan status "
                "datanya ({told}). Setiap petak bertaut ke halaman kabupaten/kotanya; tabel di bawah "
                "memuat hal yang sama.",
                told=told,
            ),
            "map-country",
            _names(map_rows, f),
            focusable=False,
        ),
        MapView(
            maps.COUNTRY_COUNT,
            "peta-angka",
            f._("Peta angka terlindungi terbaru"),
            f._(
                "Petak yang sama, diwarnai menurut angka terbaru pekerja rentan terlindungi (skala "
                "logaritmik); petak putih belum punya angka. Angka-angka ini dari tanggal berbeda: "
                "lihat peringkat di bawah untuk tanggal masing-masing."
            ),
            "map-country",
            _names(map_rows, f, by_count=True),
            focusable=False,
        ),
    )


def province_map_view(f: Formatter, province: Province, map_rows: list[dict]) -> MapView:
    mine = [r for r in map_rows if r["province"] == province.code]
    counts = status_counts(f, mine)
    return MapView(
        maps.province_map(province.code),
        "peta-provinsi",
        f._("Peta kabupaten/kota Provinsi {name}", name=province.name),
        f._(
            "Peta petak skematis: satu petak per kabupaten/kota, kira-kira di letak geografisnya, "
            "diwarnai menurut status datanya ({told}). Setiap petak bertaut ke halamannya.",
            told="; ".join(f"{c.status}: {c.count}" for c in counts if c.value),
        ),
        "map-province",
        _names(mine, f),
    )


def locator_view(f: Formatter, regency: Regency, province: Province, map_rows: list[dict]) -> MapView | None:
    mine = next((r for r in map_rows if r["code"] == regency.code), None)
    if mine is None:
        return None
    return MapView(
        maps.locator_base(province.code),
        "peta-lokasi",
        f._("Letak {name} di Provinsi {province}", name=regency.name, province=province.name),
        f._(
            "Peta petak skematis Provinsi {province}: satu petak per kabupaten/kota; petak {name} disorot.",
            name=regency.name,
            province=province.name,
        ),
        "map-locator",
        chosen=mine["href"],
    )
