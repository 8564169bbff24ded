"""Where every output lives, relative to the site root: one place, so pages, data files, feeds and the
build agree. Paths of folders end in "/"; links on pages are made relative from these."""

from __future__ import annotations

from .register import Province, Regency


def province(p: Province) -> str:
    return f"{p.slug}/"


def regency(r: Regency, p: Province) -> str:
    """ "kalimantan-timur/kabupaten-kutai-timur/": the slug keeps the type (kota-bogor beside kabupaten-bogor)."""
    return f"{p.slug}/{r.slug}/"


def regency_data(code: str) -> str:
    return f"data/wilayah/{code}.json"


def chart_files(chart_id: str) -> str:
    """Relative to the page that shows the chart, without extension (+ .svg .png .csv .vl.json)."""
    return f"grafik/{chart_id}"


def download_name(place: str, chart_id: str) -> str:
    """What a chart's downloads are called, in a reader's folder and in a press kit:
    "kabupaten-kutai-timur-capaian" (+ .png .svg .csv)."""
    return f"{place}-{chart_id}"


def embed(chart_id: str) -> str:
    """The embed page of a chart, relative to the page that shows it."""
    return f"sematkan/{chart_id}/"


CARD = "kartu.png"  # a regency's social card, beside its page
HOME, COMPARE, SEARCH, DOWNLOADS, NOT_FOUND = "", "bandingkan/", "cari/", "unduh/", "404.html"
SITEMAP, ROBOTS, FEED = "sitemap.xml", "robots.txt", "feed.xml"
HEADERS = "_headers"  # HTTP headers for Netlify and Cloudflare Pages (headers.py)


def press_kit(r: Regency) -> str:
    return f"paket-pers-{r.slug}.zip"


def text_page(slug: str) -> str:
    return f"{slug}/"
