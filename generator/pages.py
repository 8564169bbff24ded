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
from dataclasses import dataclass, field
from urllib.parse import quote, urlsplit

from markupsafe import Markup, escape

from . import urls
from .charts import Chart
from .derive import Figure, Report, merged
from .fmt import Formatter
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
        abbreviated(f.label(figure)),
        programmes=", ".join(figure.programmes),
        scheme=figure.scheme or "",
    )


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
        cited = [*cited[:2], f"dan {f.number(len(cited) - 2)} sumber lain"]
    according = f", {f.word('according-to')} {'; '.join(cited)}" if cited else ""
    return f"{place}: {view.label} {view.display}{when}{according}. Dikutip dari {site}, {page_url}#{view.anchor}"


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


@dataclass(frozen=True)
class TextPage(Page):
    html: str
    quality: QualityView | None = None  # on the methodology page (tentang)


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
        breadcrumbs=tuple(Link(t, root + h) for t, h in [("Beranda", urls.HOME), *crumbs]),
        site_title=inputs.settings.title,
        built=f.date(inputs.build_date),
        base_url=inputs.settings.base_url,
        language=f.language,
        footer=tuple(Link(t, root + urls.text_page(slug)) for slug, t in FOOTER.items() if slug in inputs.pages),
    )


FOOTER = {"glosarium": "Glosarium", "kontribusi": "Kirim sumber atau koreksi"}  # content pages, when present


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
            parts.append(f"{publisher}, {len(days)} terbitan {f.date(dated[0])}–{f.date(dated[-1])}")
        else:
            parts.append(f"{publisher}, {len(days)} terbitan" + (f" {f.date(dated[0])}" if dated else ""))
    line = f"Sumber: {'; '.join(parts)}"
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


def compare_page(inputs: Inputs, f: Formatter, reports: list[Report]) -> ComparePage:
    rows = sorted(
        (_row(f, r, urls.regency(r.regency, r.province)) for r in reports if r.data is not None),
        key=lambda row: row.name,
    )
    return ComparePage(
        **_base(
            inputs,
            f,
            urls.COMPARE + "index.html",
            "Bandingkan kabupaten/kota",
            "Bandingkan angka perlindungan pekerja rentan dua sampai empat kabupaten/kota.",
            [("Bandingkan", urls.COMPARE)],
        ),
        choices=tuple(rows),
    )


def search_page(inputs: Inputs, f: Formatter) -> Page:
    return Page(
        **_base(
            inputs,
            f,
            urls.SEARCH + "index.html",
            "Cari",
            "Cari kabupaten/kota, provinsi atau angka.",
            [("Cari", urls.SEARCH)],
        ),
        indexed=False,
    )


def not_found_page(inputs: Inputs, f: Formatter) -> Page:
    """Served for any missing path, at any depth: links start from the site's own path, not "../"."""
    root = urlsplit(inputs.settings.base_url).path
    return Page(
        **_base(inputs, f, urls.NOT_FOUND, "Halaman tidak ditemukan", "Halaman yang dicari tidak ada.", [], root=root),
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
) -> RegencyPage:
    """A regency with data gets its charts, social card and press kit; one without, what is known nearby
    (``neighbours``: its province's regencies) and a way to send a source."""
    regency, province = report.regency, report.province
    path = urls.regency(regency, province) + "index.html"
    crumbs = [(province.name, urls.province(province)), (regency.name, urls.regency(regency, province))]
    head = report.protected
    description = (
        f"{regency.name}: {f.display(head)} pekerja rentan terlindungi BPJS Ketenagakerjaan "
        f"({f.figure_when(head)}), dengan sumbernya."
        if head and head.value is not None
        else f"{regency.name}, {province.name}: belum ada data perlindungan pekerja rentan yang dipublikasikan."
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
        search_status="Ada data" if report.data is not None else "Belum ada data",
        search_figure=f"{f.display(head)} pekerja rentan terlindungi ({f.figure_when(head)})"
        if head and head.value is not None
        else "",
        data_file=f"data/regencies/{regency.code}-{regency.slug.split('-', 1)[1]}.yaml",
    )
    data = report.data
    if data is None:
        contact = inputs.settings.contact
        subject = quote(f"Sumber data perlindungan pekerja rentan: {regency.name} ({regency.code})")
        send = (
            f"mailto:{contact}?subject={subject}"
            if contact
            else (f"{common['root']}{urls.text_page('kontribusi')}" if "kontribusi" in inputs.pages else "")
        )
        nearby = tuple(_row(f, r, f"../{r.regency.slug}/") for r in neighbours if r.data is not None)
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
        facts.append(Fact("Program berjalan", data.start.printed or str(data.start.year), own(data.start)))
    if data.programmes:
        covered = ", ".join(data.programmes.covered)
        funding = f"; {data.programmes.funding}" if data.programmes.funding else ""
        facts.append(Fact("Program jaminan", covered + funding, own(data.programmes)))
    for law in data.legal_basis:  # its number and date when printed apart from the title
        apart = [
            part for part in (law.number, f.date(law.date) if law.date else None) if part and part not in law.title
        ]
        facts.append(Fact("Dasar hukum", law.title + (f" ({', '.join(apart)})" if apart else ""), own(law)))
    benefits = tuple(
        BenefitView(
            b.kind.capitalize(),
            "" if b.value is None else (f"{f.word('up-to')} " if b.up_to else "") + f.rupiah(b.value),
            b.description,
            own(b),
        )
        for b in data.benefits
    )
    events = tuple(
        EventView(
            f.when(e.date, e.year, undated=f.word("undated")),
            e.kind.capitalize(),
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


def data_date(report: Report) -> dt.date:
    """When a regency's data last changed: the latest day one of its sources was read."""
    assert report.data is not None
    return max(source.accessed for source in report.data.sources)


def headline(report: Report) -> tuple[Figure, ...]:
    """The figures of a regency's headline cards (and of its social card)."""
    # the headline count and target as derive defines them (never the latest figure of any group or payer)
    chosen = (report.protected, report.target, report.first("share-of-target"), report.first("target-gap"))
    return tuple([x for x in chosen if x is not None] + report.budget_years()[-1:])


def province_page(inputs: Inputs, f: Formatter, province: Province, reports: list[Report]) -> ProvincePage:
    path = urls.province(province) + "index.html"
    rows = tuple(_row(f, r, href=r.regency.slug + "/") for r in reports)
    with_data = sum(1 for r in reports if r.data is not None)
    return ProvincePage(
        **_base(
            inputs,
            f,
            path,
            f"Provinsi {province.name}",
            f"Perlindungan BPJS Ketenagakerjaan bagi pekerja rentan di {len(rows)} kabupaten/kota "
            f"Provinsi {province.name}: {with_data} dengan data.",
            [(province.name, urls.province(province))],
        ),
        province=province,
        rows=rows,
        with_data=with_data,
    )


def home_page(inputs: Inputs, f: Formatter, reports: list[Report], chart: Chart | None) -> HomePage:
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
    rows = sorted(
        (_row(f, r, urls.regency(r.regency, r.province)) for r in with_data),
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
            source.kind,
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


def _row(f: Formatter, report: Report, href: str) -> RegencyRow:
    publishers = ""
    if report.data is not None and report.protected is not None:
        by_id = {f"{report.data.code}/{s.id}": s.publisher for s in report.data.sources}
        publishers = ", ".join(by_id[s] for s in report.protected.sources)
    protected, target = report.protected, report.target
    return RegencyRow(
        report.regency.code,
        report.regency.name,
        href,
        report.data is not None,
        report.province.name,
        figure_view(f, protected) if protected else None,
        figure_view(f, target) if target else None,
        publishers,
    )


DOWNLOADS = {  # file under data/ -> (title, description); the order is the order on the page
    "angka.csv": (
        "Semua angka",
        "Satu baris per angka per kabupaten/kota: nilai, satuan, tanggal atau tahun, "
        "jenis (dilaporkan, turunan, tidak dilaporkan), rumus angka turunan dan id sumbernya.",
    ),
    "angka.json": ("Semua angka (JSON)", "Isi yang sama dengan angka.csv, sebagai larik objek JSON."),
    "sumber.csv": ("Sumber", "Setiap sumber: penerbit, judul, jenis, tanggal terbit, URL dan tanggal diakses."),
    "wilayah.csv": (
        "Ringkasan semua kabupaten/kota",
        "Semua kabupaten/kota register Kemendagri dengan status datanya, angka terlindungi terbaru dan target.",
    ),
    "wilayah.json": ("Ringkasan semua kabupaten/kota (JSON)", "Isi yang sama dengan wilayah.csv, sebagai JSON."),
    "datapackage.json": ("Deskripsi paket data", "Frictionless Data Package: skema setiap kolom, lisensi dan sumber."),
}
FORMATS = {"csv": ("CSV", "text/csv"), "json": ("JSON", "application/json")}


def downloads_page(inputs: Inputs, f: Formatter, data_files: dict[str, bytes]) -> DownloadsPage:
    path = urls.DOWNLOADS + "index.html"
    title = "Unduh data"
    description = (
        f"Semua angka perlindungan BPJS Ketenagakerjaan bagi pekerja rentan di "
        f"{len(inputs.register.regencies)} kabupaten/kota Indonesia, dengan jenis, tanggal dan sumbernya, "
        "dalam CSV dan JSON."
    )
    files = tuple(
        Download(
            f"../data/{name}",
            name,
            label,
            text,
            FORMATS[name.rsplit(".", 1)[1]][0],
            _size(f, len(data_files[f"data/{name}"])),
        )
        for name, (label, text) in DOWNLOADS.items()
        if f"data/{name}" in data_files
    )
    base = _base(inputs, f, path, title, description, [(title, urls.DOWNLOADS)])
    dataset = {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": f"{inputs.settings.title}: perlindungan pekerja rentan per kabupaten/kota",
        "description": description + " Setiap angka dilaporkan sebagaimana tercetak di sumbernya atau diturunkan "
        "dengan rumus yang ditampilkan.",
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
