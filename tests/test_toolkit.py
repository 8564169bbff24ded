"""The journalist's toolkit, read from the built files: social cards, citations, press kits, chart
files, embeds, the downloads page, CSP and sub-path hosting. (What a reader does with them in a
browser is in test_browser.py; validity and the sitemap and feed in test_validity.py.)"""

from __future__ import annotations

import csv
import html as html_text
import io
import json
import re
import struct
import zipfile
from pathlib import Path

import pytest

GOLDEN = Path(__file__).parent / "golden" / "expected"  # built with base_url https://uji.example.org/jaring/
KUTIM = "kalimantan-timur/kabupaten-kutai-timur/"
KUKAR = "kalimantan-timur/kabupaten-kutai-kartanegara/"


def html(site: Path, rel: str) -> str:
    return (site / rel / "index.html" if not rel.endswith(".html") else site / rel).read_text(encoding="utf-8")


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_a_regency_page_has_a_social_card_of_1200_by_630(seed_site):
    page = html(seed_site, KUTIM)
    image = re.search(r'<meta property="og:image" content="([^"]+)">', page).group(1)
    assert image == f"https://jaring.example.org/{KUTIM}kartu.png"
    assert png_size((seed_site / KUTIM / "kartu.png").read_bytes()) == (1200, 630)
    for tag in (
        '<meta name="twitter:card" content="summary_large_image">',
        '<meta property="og:title" content="',
        '<meta property="og:description" content="Kabupaten Kutai Timur: 93.000 pekerja rentan',
    ):
        assert tag in page


def test_a_regency_without_data_has_no_card_and_says_so_in_its_description(seed_site):
    page = html(seed_site, "jawa-barat/kota-bandung/")
    assert "og:image" not in page and '<meta name="twitter:card" content="summary">' in page
    assert not (seed_site / "jawa-barat/kota-bandung/kartu.png").exists()


def test_cite_this_page_names_publisher_title_url_and_access_date(seed_site):
    page = html(seed_site, KUTIM)
    citation = re.sub(r"<[^>]+>", "", re.search(r'<p class="citation" id="kutipan">(.*?)</p>', page, re.S).group(1))
    assert citation == (
        "Jaring. “Kabupaten Kutai Timur: perlindungan BPJS Ketenagakerjaan bagi pekerja rentan.” "
        f"Data diperbarui 21 November 2026. https://jaring.example.org/{KUTIM} "
        "(diakses 21 November 2026)."
    )


def test_press_kit_holds_charts_their_numbers_sources_and_a_readme(seed_site):
    page = html(seed_site, KUKAR)
    kit = re.search(r'<a href="(paket-pers-[a-z-]+\.zip)" download>', page).group(1)
    archive = zipfile.ZipFile(seed_site / KUKAR / kit)
    names = set(archive.namelist())
    charts = re.findall(r'<img src="grafik/([a-z]+)\.svg"', page)
    assert charts == ["anggaran", "cakupan"]
    assert names == {"BACAAN.txt", "angka.csv", "sumber.csv"} | {
        f"grafik/kabupaten-kutai-kartanegara-{c}.{ext}" for c in charts for ext in ("png", "svg", "csv")
    }
    readme = archive.read("BACAAN.txt").decode()
    assert f"https://jaring.example.org/{KUKAR}" in readme and "Tribun Kaltim" in readme and "ODbL" in readme
    figures = list(csv.DictReader(io.StringIO(archive.read("angka.csv").decode())))
    assert {row["kode_wilayah"] for row in figures} == {"64.02"}
    assert any(
        row["angka"] == "budget/2023/tribunkaltim-2023-02-16" and row["nilai"] == "18000000000" for row in figures
    )
    assert (
        archive.read("grafik/kabupaten-kutai-kartanegara-anggaran.png")
        == (seed_site / KUKAR / "grafik/anggaran.png").read_bytes()
    )  # the same files the page offers
    assert all(info.date_time == (2026, 11, 21, 0, 0, 0) for info in archive.infolist())  # reproducible


def test_a_chart_csv_holds_exactly_the_numbers_the_chart_shows(seed_site):
    rows = list(csv.reader(io.StringIO((seed_site / KUKAR / "grafik/anggaran.csv").read_text(encoding="utf-8"))))
    assert rows == [
        ["tahun", "anggaran_rupiah", "jenis", "rumus", "sumber"],
        ["2022", "15000000000", "turunan", "Rp18 miliar − Rp3 miliar", "64.02/tribunkaltim-2023-02-16"],
        ["2023", "18000000000", "dilaporkan", "", "64.02/tribunkaltim-2023-02-16"],
    ]
    spec = json.loads((seed_site / KUKAR / "grafik/anggaran.vl.json").read_text(encoding="utf-8"))
    assert [row["miliar"] for row in spec["datasets"]["rows"]] == [15.0, 18.0]


def test_chart_pictures_carry_their_source_line(seed_site):
    svg = (seed_site / KUKAR / "grafik/anggaran.svg").read_text(encoding="utf-8")
    assert "Sumber: Tribun Kaltim (TRIBUNKALTIM.CO), 16 Februari 2023. Jaring" in re.sub(r"\s+", " ", svg)
    assert png_size((seed_site / KUKAR / "grafik/anggaran.png").read_bytes())[0] >= 1200  # sharp on a slide
    # and says what it is and where it is from: the finding, the place and the page's URL
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", svg))
    assert "Anggaran 2023: Rp18 miliar" in text and "Kabupaten Kutai Kartanegara" in text
    # drawn in lines broken only after a "/"
    assert "https://jaring.example.org/kalimantan-timur/kabupaten-kutai-kartanegara/" in text.replace("/ ", "/")
    assert "https://jaring.example.org/ kalimantan-timur/" in text or "kalimantan-timur/ kabupaten" in text


def test_an_embed_page_stands_alone_with_its_source_and_a_link_back(seed_site):
    page = html(seed_site, KUKAR + "sematkan/anggaran/")
    assert '<meta name="robots" content="noindex">' in page
    assert '<img src="../../grafik/anggaran.svg"' in page
    assert "Sumber: Tribun Kaltim (TRIBUNKALTIM.CO), 16 Februari 2023. Jaring" in page
    assert re.search(r'<a href="\.\./\.\./" target="_blank" rel="noopener">Lihat angka', page)


def test_the_downloads_page_describes_a_schema_org_dataset(seed_site):
    page = html(seed_site, "unduh/")
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1)
    dataset = json.loads(block)
    assert dataset["@type"] == "Dataset" and dataset["license"].startswith("https://opendatacommons.org/")
    urls = [d["contentUrl"] for d in dataset["distribution"]]
    assert "https://jaring.example.org/data/angka.csv" in urls
    for url in urls:
        assert (seed_site / url.removeprefix("https://jaring.example.org/")).is_file()
    for link in re.findall(r'<a href="(\.\./data/[^"]+)" download>', page):
        assert (seed_site / "unduh" / link).resolve().is_file()


def test_every_page_carries_a_strict_content_security_policy(seed_site):
    for file in seed_site.rglob("*.html"):
        policy = html_text.unescape(
            re.search(
                r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', file.read_text(encoding="utf-8")
            ).group(1)
        )
        assert policy.startswith("default-src 'self'; script-src 'self'"), file
        assert "unsafe-inline" not in policy and "'unsafe-eval'" not in policy, file
        assert ("'wasm-unsafe-eval'" in policy) == (
            file.relative_to(seed_site).as_posix().removeprefix("en/") == "cari/index.html"  # each edition's
        )


def test_print_stylesheet_is_linked_and_sets_a4(seed_site):
    page = html(seed_site, KUTIM)
    href = re.search(
        r'<link rel="stylesheet" href="\.\./\.\./(static/print\.[0-9a-f]+\.css)" media="print">', page
    ).group(1)
    css = (seed_site / href).read_text(encoding="utf-8")
    assert "size: A4" in css and ".site-header nav" in css and "attr(href)" in css


@pytest.mark.parametrize(
    "rel",
    ["index.html", "kalimantan-timur/index.html", KUTIM + "index.html", "bandingkan/index.html", "unduh/index.html"],
)
def test_under_a_sub_path_pages_link_relatively_and_canonically(rel):
    """The golden site's base_url is https://uji.example.org/jaring/: a host under a sub-path."""
    page = (GOLDEN / rel).read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="https://uji.example.org/jaring/{rel.removesuffix("index.html")}">' in page
    assert not re.search(r'(?:href|src)="/', page)


def test_the_404_page_links_from_the_sites_own_path():
    page = (GOLDEN / "404.html").read_text(encoding="utf-8")
    links = [link for link in re.findall(r'(?:href|src)="([^"#]*)', page) if link and ":" not in link]
    assert links and all(link.startswith("/jaring/") for link in links)
    for link in links:
        target = GOLDEN / link.removeprefix("/jaring/")
        assert target.is_file() or (target / "index.html").is_file(), link


def test_a_picture_names_a_publisher_once_with_the_span_of_its_dates(tmp_path):
    """Twenty releases of one publisher made twelve lines under a chart; now one line says it."""
    import subprocess
    import sys

    from generator import pages
    from generator.build import gather

    from conftest import REPO

    subprocess.run(
        [sys.executable, str(REPO / "benchmarks/synth.py"), str(tmp_path), "--regencies", "1"],
        check=True,
        capture_output=True,
    )
    _, inputs = gather(tmp_path)
    code, regency = next(iter(inputs.regencies.items()))
    keys = tuple(f"{code}/{s.id}" for s in regency.sources)
    days = sorted(s.published for s in regency.sources)
    assert len(keys) >= 2 and len({s.publisher for s in regency.sources}) == 1
    from generator.fmt import formatter

    f = formatter("id")
    assert pages.source_line(inputs, f, keys, signed=False) == (
        f"Sumber: {regency.sources[0].publisher}, {len(keys)} terbitan {f.date(days[0])}–{f.date(days[-1])}"
    )
    assert pages.source_line(inputs, f, keys[:1]).endswith(
        f", {f.date(regency.sources[0].published)}. {inputs.settings.title}"
    )


def test_a_search_document_is_the_pages_title_and_main_without_the_parts_marked_off():
    from generator.search import OFF, ON, document

    page = (
        f'<html><head><title>Kab. X</title><link rel="stylesheet"></head><body><nav>menu</nav>'
        f"<main><h1>Kab. X</h1>{OFF}<table>angka{OFF}<p>nested</p>{ON}</table>{ON}<p>narasi</p></main>"
        f"<footer>kaki</footer></body></html>"
    )
    doc = document(page).decode()
    assert "<title>Kab. X</title>" in doc and "<h1>Kab. X</h1>" in doc and "<p>narasi</p>" in doc
    assert not any(word in doc for word in ("menu", "angka", "nested", "kaki", "stylesheet"))
    with pytest.raises(ValueError, match="without"):
        document(f"<title>t</title><main>{OFF}open</main>")
    with pytest.raises(ValueError, match="without"):
        document(f"<title>t</title><main>close{ON}</main>")


def test_search_documents_leave_out_the_long_tables_but_keep_place_names(seed_site):
    """Pagefind reads these, not the pages: what a reader searches for must be in them."""
    from generator.search import document

    page = html(seed_site, "kalimantan-timur/kabupaten-kutai-timur/")
    doc = document(page).decode()
    assert "Kabupaten Kutai Timur" in doc and "Kalimantan Timur" in doc
    assert "Semua angka" in page and "Semua angka" not in doc  # the table of every figure is marked off
    assert "<figcaption" not in doc  # and so are the charts' captions, tables and embed codes
    # each figure card keeps its label and value, not its citation, share links or permalink text
    assert "Pekerja rentan terlindungi" in doc and "93.000" in doc
    for said in ("Dikutip dari", "Kutip angka ini", "Bagikan angka ini", "wa.me", "Tautan ke angka ini"):
        assert said in page and said not in doc, said


def test_the_search_index_keeps_a_term_apart_from_its_description(seed_site):
    """Pagefind 1.5 takes ``dt``/``dd`` for inline elements: the fact list's "Dasar hukum" ran into the law's
    title in every excerpt ("Dasar hukumInstruksi Presiden"). Read from the index Pagefind built (its
    fragments: gzip, "pagefind_dcd" + JSON)."""
    import gzip
    import json

    contents = {}
    for fragment in (seed_site / "pagefind/fragment").glob("*.pf_fragment"):
        found = json.loads(gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd"))
        contents[found["url"]] = found["content"]
    text = contents["/kalimantan-timur/kabupaten-kutai-kartanegara/"]
    assert "Dasar hukum: Instruksi Presiden No. 2 Tahun 2021" in text, text
    assert "Program berjalan: " in contents["/kalimantan-timur/kabupaten-kutai-timur/"]


@pytest.mark.parametrize(
    ("rupiah", "label"),
    [
        (18_000_000_000, "18"),
        (2_400_000_000, "2,4"),
        (54_307_662_320, "54,3"),
        (95_000_000, "0,095"),
        (40_000_000, "0,04"),
        (352_941, "Rp352.941"),
    ],
)
def test_budget_bars_are_labelled_in_the_axis_unit(rupiah, label):
    """ "Rp2,4 miliar" was wider than a bar: four years' labels ran into each other."""
    from generator.charts import _billions
    from generator.fmt import formatter

    f = formatter("id")
    assert _billions(f, rupiah, f.rupiah(rupiah)) == label
