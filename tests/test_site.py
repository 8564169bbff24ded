"""The shipped site, built from the repository's data: what the issue promises a reader."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from conftest import REPO
from helpers import broken_links

KUTIM = "kalimantan-timur/kabupaten-kutai-timur/index.html"
KUKAR = "kalimantan-timur/kabupaten-kutai-kartanegara/index.html"
GUMAS = "kalimantan-tengah/kabupaten-gunung-mas/index.html"
KUBAR = "kalimantan-timur/kabupaten-kutai-barat/index.html"
DATA_PAGES = [KUTIM, KUKAR, GUMAS, KUBAR]
CODES_WITH_DATA = {
    yaml.safe_load(file.read_text(encoding="utf-8"))["code"] for file in (REPO / "data/regencies").glob("*.yaml")
}


def page(site: Path, rel: str) -> str:
    return (site / rel).read_text(encoding="utf-8")


def text(html: str) -> str:
    """Visible text without tags and SVG, whitespace folded: what a reader sees."""
    html = re.sub(r"<svg.*?</svg>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


NOT_REGIONS = {
    "kontribusi",
    "glosarium",
    "tentang",
    "static",
    "cari",
    "bandingkan",
    "unduh",
    "sematkan",
    "grafik",
    "data",
    "pagefind",
    "en",  # the English edition: the same pages (tests/test_editions.py)
}


def scripts_are_files_or_data(html: str) -> bool:
    """Every <script> loads a file of the site's own (static/) or is a data block (JSON-LD, or the JSON of
    jaring.js's words, which must parse as JSON): none runs inline."""
    for attrs, body in re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S):
        if 'type="application/ld+json"' in attrs:
            continue
        if 'type="application/json"' in attrs:
            json.loads(body)  # data, never run; a broken block would fail here
            continue
        if body.strip() or not re.search(r'\bsrc="(/|(\.\./)*)static/[a-z]+\.[0-9a-f]{10}\.js"', attrs):
            return False
    return True


def test_every_page_of_the_register_is_built(shipped_site):
    assert (shipped_site / "index.html").is_file()
    provinces = [p for p in shipped_site.glob("*/index.html") if p.parent.name not in NOT_REGIONS]
    regencies = [p for p in shipped_site.glob("*/*/index.html") if p.parent.parent.name not in NOT_REGIONS]
    assert len(provinces) == 38
    assert len(regencies) == 514
    assert (shipped_site / "tentang/index.html").is_file()


@pytest.mark.parametrize("rel", DATA_PAGES)
def test_a_headline_figure_names_its_kind_and_publisher_next_to_it(shipped_site, rel):
    html = page(shipped_site, rel)
    card = re.search(r'<div class="card" id="angka-protected[^"]*">.*?</div>', html, re.S).group(0)
    assert re.search(r'<span class="kind kind-reported">Dilaporkan</span>', card)
    assert re.search(r'<p class="card-source">Sumber: <a href="#sumber-[a-z0-9-]+">[^<]+</a>', card)


def test_not_reported_is_never_zero(shipped_site):
    for rel in DATA_PAGES:
        for value in re.findall(
            r'<div class="card card-missing"[^>]*>.*?<p class="card-value">([^<]*)<', page(shipped_site, rel), re.S
        ):
            assert value == "Tidak dilaporkan"


@pytest.mark.parametrize("rel", [KUTIM, KUKAR, "index.html"])
def test_each_chart_has_description_table_downloads_and_embed(shipped_site, rel):
    html = page(shipped_site, rel)
    folder = (shipped_site / rel).parent
    figures = re.findall(r'<figure class="chart".*?</figure>', html, re.S)
    assert figures
    for figure in figures:
        stem = re.search(r'<img src="(grafik/[a-z]+)\.svg" width="\d+" height="\d+" alt="[^"]+"', figure).group(1)
        assert re.search(r"<figcaption[^>]*>\s*<p id=\"keterangan-[a-z]+\">Diagram ", figure)
        assert "<table" in figure and "<tbody>" in figure
        for ext in ("png", "svg", "csv"):
            assert f'href="{stem}.{ext}" download' in figure
            assert (folder / f"{stem}.{ext}").stat().st_size > 100
        assert (folder / f"{stem}.svg").read_text(encoding="utf-8").startswith("<svg")
        assert "&lt;iframe src=&#34;https://jaring.example.org/" in figure  # the embed code, shown as text
        embed = re.search(r'<a href="(sematkan/[a-z]+/)">Pratinjau</a>', figure).group(1)
        assert (folder / embed / "index.html").is_file()


def test_a_regency_page_without_charts_links_to_the_comparison(shipped_site):
    """One bar or one point says nothing a card doesn't; such a page links to the national comparison."""
    pages = [
        page(shipped_site, p.relative_to(shipped_site).as_posix())
        for p in shipped_site.glob("*/*/index.html")
        if 'class="cards"' in p.read_text(encoding="utf-8")
    ]
    assert pages
    for html in pages:
        if '<figure class="chart"' not in html:
            assert 'href="../../#perbandingan"' in html


def test_required_charts_exist(shipped_site):
    assert 'id="grafik-capaian"' in page(shipped_site, KUTIM)
    assert 'id="grafik-anggaran"' in page(shipped_site, KUKAR)
    assert 'id="grafik-perbandingan"' in page(shipped_site, "index.html")


def test_charts_use_indonesian_number_format(shipped_site):
    svg = (shipped_site / "grafik/perbandingan.svg").read_text(encoding="utf-8")
    assert re.search(r">\d{1,3}\.\d{3}<", svg) and "50.000" in svg
    assert not re.search(r">\d{1,3},\d{3}<", svg)


def test_page_without_data_says_so_and_where_to_send_a_source(shipped_site):
    visible = text(page(shipped_site, "jawa-barat/kota-bandung/index.html"))
    assert "Belum ada data yang dipublikasikan" in visible and "Kirim sumber" in visible
    assert "data/regencies/" not in visible and "jaring check" not in visible  # that is on kontribusi/
    assert "data/regencies/" in text(page(shipped_site, "kontribusi/index.html"))
    assert "0 pekerja" not in visible


def test_namesakes_get_distinct_pages(shipped_site):
    assert "Kabupaten Bandung" in page(shipped_site, "jawa-barat/kabupaten-bandung/index.html")
    assert "Kota Bandung" in page(shipped_site, "jawa-barat/kota-bandung/index.html")


def test_national_page_lists_regencies_with_data_and_all_provinces(shipped_site):
    html = page(shipped_site, "index.html")
    for href in DATA_PAGES:
        assert f'href="{href.removesuffix("index.html")}"' in html
    assert html.count('<tr class="has-data">') == len({code[:2] for code in CODES_WITH_DATA})  # the provinces
    assert len(re.findall(r'<th scope="row"><a href="[a-z-]+/">', html)) == 38


def test_province_page_shows_data_status(shipped_site):
    visible = text(page(shipped_site, "kalimantan-timur/index.html"))
    assert visible.count("Ada data") == len([code for code in CODES_WITH_DATA if code.startswith("64.")])
    assert "Belum ada data yang dipublikasikan" in visible


def test_every_page_is_indonesian_and_self_contained(shipped_site):
    for file in shipped_site.rglob("*.html"):
        html = file.read_text(encoding="utf-8")
        lang = "en" if file.relative_to(shipped_site).parts[0] == "en" else "id"  # the English edition: en/
        assert html.startswith(f'<!doctype html>\n<html lang="{lang}">'), file
        assert not re.search(r'(src|href)="(https?:)?//[^"]*\.(js|css)', html), file
        assert scripts_are_files_or_data(html), file
        assert not re.search(r"\son[a-z]+=", html), file


def test_register_licence_is_credited(shipped_site):
    assert "idn-area-data" in page(shipped_site, "index.html") and "ODbL" in page(shipped_site, "index.html")
    assert "ODbL" in page(shipped_site, "tentang/index.html")


def test_internal_links_resolve_under_a_sub_path(golden_site):
    """The golden site's base_url is https://uji.example.org/jaring/; the shipped site's links are checked in
    test_validity.py, by the same helper."""
    checked, broken = broken_links(golden_site, "/jaring/")
    assert checked and all(checked.values())
    assert not broken, broken[:10]


@pytest.mark.parametrize("rel", DATA_PAGES)
def test_narrative_figures_match_the_data(shipped_site, rel):
    """Every number a narrative quotes also stands in the data-driven parts of the same page."""
    html = page(shipped_site, rel)
    story = re.search(r'<section class="prose" aria-labelledby="ringkasan">(.*?)</section>', html, re.S).group(1)
    rest = text(html.replace(story, ""))
    numbers = {n.rstrip(".,") for n in re.findall(r"\d[\d.,]*", text(story))}
    assert numbers, "a narrative without figures?"
    missing = sorted(n for n in numbers if n not in rest)
    assert not missing, f"{rel}: narrative numbers not in the page's data: {missing}"


def test_a_root_with_only_data_uses_jarings_pages_and_templates_but_not_its_narratives(tmp_path):
    from click.testing import CliRunner

    from generator.cli import main

    root = tmp_path / "site"
    (root / "data/regencies").mkdir(parents=True)
    (root / "data/site.yaml").write_text((REPO / "data/site.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    kubar = (REPO / "data/regencies/64.07-kutai-barat.yaml").read_text(encoding="utf-8")
    (root / "data/regencies/64.07.yaml").write_text(kubar, encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "--root", str(root)])
    assert result.exit_code == 0, result.output
    site = root / "output"
    assert (site / "tentang/index.html").is_file()
    assert len([p for p in site.glob("*/*/index.html") if p.parent.parent.name not in NOT_REGIONS]) == 514
    assert 'class="prose" aria-labelledby="ringkasan"' not in page(site, KUBAR)
    assert "20.965" in page(site, KUBAR)


def test_the_tests_server_serves_like_a_static_host(shipped_site):
    """conftest's SiteServer (the browser tests') is jaring serve's handler without its live-reload parts."""
    import urllib.error
    import urllib.request

    from conftest import SiteServer

    with SiteServer(shipped_site) as server:
        with urllib.request.urlopen(server.url + "kalimantan-timur/") as response:
            assert response.headers["Content-Type"] == "text/html; charset=utf-8"
            assert response.read() == (shipped_site / "kalimantan-timur/index.html").read_bytes()
        for missing in ("kalimantan-timur/tidak-ada/", "_jaring/status", "_jaring/reload.js"):
            with pytest.raises(urllib.error.HTTPError) as answer:
                urllib.request.urlopen(server.url + missing)
            assert answer.value.code == 404 and answer.value.read() == (shipped_site / "404.html").read_bytes()
