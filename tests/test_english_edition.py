"""The English edition of the seed fixture site (under en/) reads in English: no Indonesian interface word is left
on its pages outside what the data says (names, titles, figures as printed), which is marked lang="id"."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import html as lxml_html

# Interface words of the Indonesian edition that an English page must not show
INDONESIAN = (
    "Beranda",
    "Sumber",
    "Unduh",
    "Belum ada data",
    "Dilaporkan",
    "Turunan",
    "Tidak dilaporkan",
    "Diperbarui",
    "Kutip",
    "Tampilkan",
    "Unduhan",
    "Terlindungi",
    "Sasaran",
    "Bandingkan",
    "Cari",
    "Pekerja rentan",
    "pekerja rentan terlindungi",
    "Angka utama",
    "Rumus",
    "tanggal",
    "dari target",
    "Tersalin",
    "Memuat",
)


@pytest.fixture(scope="module")
def english_site(seed_site) -> Path:
    """The English edition of the seed fixture site (its site.yaml lists languages [id, en])."""
    return seed_site / "en"


def interface_text(page: bytes) -> str:
    """A page's text without what the data says: elements marked lang="id" (titles, notes, figures as
    printed) and proper names of places and publishers (links to pages and sources). The site's tagline
    is site.yaml's ``translations: en:``."""
    tree = lxml_html.fromstring(page)
    for node in tree.xpath('//*[@lang="id"] | //script | //style'):
        if node.tag != "html":
            node.drop_tree()
    words = tree.xpath("//text()") + tree.xpath("//@aria-label | //@title | //@alt | //@placeholder")
    return re.sub(r"\s+", " ", " ".join(words))


def test_english_pages_have_english_language_and_words(english_site):
    regency = english_site / "kalimantan-timur" / "kabupaten-kutai-timur" / "index.html"
    page = regency.read_bytes()
    assert b'<html lang="en">' in page
    assert b"Cite this page" in page and b"Headline figures" in page and b"Vulnerable workers protected" in page
    assert b"93,000" in page  # numbers in English
    words = english_site / "index.html"
    assert b'"copied": "Copied"' in words.read_bytes()  # jaring.js's words


def test_no_indonesian_interface_word_on_any_english_page(english_site):
    found = {}
    for path in sorted(english_site.rglob("*.html")):
        text = interface_text(path.read_bytes())
        # place names hold Indonesian words ("Kabupaten Kutai Timur", "Provinsi"): dropped with the names
        text = re.sub(r"\b(Kabupaten|Kota|Provinsi) [A-Z][\w-]*( [A-Z][\w-]*)*", "", text)
        hits = [w for w in INDONESIAN if re.search(rf"\b{re.escape(w)}\b", text)]
        if hits:
            found[str(path.relative_to(english_site))] = hits
    assert not found, found


def test_a_regency_without_an_english_narrative_gets_a_summary_marked_as_generated(english_site):
    page = (english_site / "kalimantan-timur" / "kabupaten-kutai-kartanegara" / "index.html").read_text()
    assert "This summary was generated from the data" in page
    assert 'class="generated-figures"' in page


def test_the_english_home_page_has_the_tagline_site_yaml_gives_in_english(english_site):
    home = (english_site / "index.html").read_text(encoding="utf-8")
    assert '<p class="lead">Figures on BPJS Ketenagakerjaan protection for vulnerable workers' in home
    assert "Angka perlindungan BPJS" not in home


def test_the_english_edition_reads_its_own_pages(english_site):
    about = (english_site / "tentang" / "index.html").read_text()
    assert "Methodology" in about or "methodology" in about


def test_jaring_js_writes_the_words_of_the_page_it_runs_in(english_site, browser):
    """The compare page and the search, drawn by jaring.js in the reader's browser, read in English: the
    script keeps no words of its own (it reads templates/words.html's block)."""
    from conftest import SiteServer

    with SiteServer(english_site.parent) as server:  # the static files are the whole site's
        page = browser.new_page()
        try:
            page.goto(server.url + "en/bandingkan/?w=64.08&w=64.02")
            page.wait_for_selector("#hasil .chart-image.is-live svg")
            shown = page.locator("#hasil").inner_text()
            assert "Comparison" in shown and "Source: " in shown and "Vulnerable workers protected" in shown
            assert "93,000" in shown and "Sumber" not in shown and "Hasil perbandingan" not in shown
            page.goto(server.url + "en/cari/?q=kutai")
            page.wait_for_selector("#hasil-cari .search-count")
            assert re.fullmatch(r"\d+ pages? match(es)? “kutai”\.", page.locator(".search-count").inner_text())
        finally:
            page.close()
