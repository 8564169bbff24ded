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


# --- editions --------------------------------------------------------------------------------------
# Every edition has the same pages at the same paths; the first language's is at the root of the site,
# each other one in a folder named by its code ("en/kalimantan-timur/kabupaten-kutai-timur/").


def edition(language: str, languages: tuple[str, ...]) -> str:
    """The folder of a language's edition, relative to the site root: "" for the default, "en/"."""
    return "" if language == languages[0] else f"{language}/"


def in_edition(path: str, language: str, languages: tuple[str, ...]) -> str:
    """A path of an edition (as its pages know it) as a path of the site: "cari/" -> "en/cari/"."""
    return edition(language, languages) + path


def site_root(page_root: str, language: str, languages: tuple[str, ...]) -> str:
    """From a page's way back to its edition's root ("../../", or "/jaring/en/" on a 404 page) to the
    way back to the site's root, where the static files, the sitemap and the other editions are."""
    folder = edition(language, languages)
    if page_root.startswith("/"):
        return page_root.removesuffix(folder)
    return page_root + "../" * folder.count("/")
