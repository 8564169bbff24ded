"""Two editions from one build (issue 15): Indonesian at the root, English under en/, the same pages at the
same paths, linked both ways (hreflang alternates, the sitemap, a language switcher), each with its own
numbers, charts, feed and search index; and the Indonesian edition unchanged by the English one."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urljoin

import pytest

from generator.build import build

from conftest import GOLDEN, REPO, SEED, copy_inputs
from helpers import broken_links

BASE_URL = "https://jaring.example.org/"
KUTIM = "kalimantan-timur/kabupaten-kutai-timur/"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"

# What the English edition adds to an Indonesian page, line by line: the alternates, the second og:locale
# and the switcher's link. Nothing else may differ from a build without English.
ADDED = re.compile(
    r'^(<link rel="alternate" hreflang="(id|en|x-default)" href="[^"]+">'
    r'|<meta property="og:locale:alternate" content="en_US">'
    r'|    <a class="language-switch" href="[^"]+" hreflang="en" lang="en">English</a>)\n',
    re.MULTILINE,
)
ALTERNATE = re.compile(r'<link rel="alternate" hreflang="([a-z-]+)" href="([^"]+)">')


def _pages(site: Path) -> set[str]:
    """Every HTML page of the Indonesian edition (the root, less en/ and Pagefind's files)."""
    return {
        p.relative_to(site).as_posix()
        for p in site.rglob("*.html")
        if p.relative_to(site).parts[0] not in ("en", "pagefind")
    }


def _url(path: str) -> str:
    return BASE_URL + path.removesuffix("index.html")


def test_every_page_has_its_counterpart_and_back(seed_site):
    indonesian = _pages(seed_site)
    english = {
        p.relative_to(seed_site / "en").as_posix()
        for p in (seed_site / "en").rglob("*.html")
        if "pagefind" not in p.relative_to(seed_site / "en").parts
    }
    assert len(indonesian) > 514 + 38 and indonesian == english
    assert (seed_site / "en/pagefind/pagefind-entry.json").is_file() and (seed_site / "en/feed.xml").is_file()
    assert (seed_site / "en/data/wilayah/64.08.json").is_file() and (seed_site / "en" / KUTIM / "kartu.png").is_file()
    assert not (seed_site / "en/static").exists() and not (seed_site / "en/sitemap.xml").exists()  # the site's own


def test_every_page_names_both_editions_and_each_names_the_other(seed_site):
    for path in sorted(_pages(seed_site)):
        id_page = (seed_site / path).read_text(encoding="utf-8")
        en_page = (seed_site / "en" / path).read_text(encoding="utf-8")
        expected = [("id", _url(path)), ("en", _url("en/" + path)), ("x-default", _url(path))]
        assert ALTERNATE.findall(id_page) == expected, path
        assert ALTERNATE.findall(en_page) == expected, path
        assert '<html lang="id">' in id_page and '<html lang="en">' in en_page, path
        if path.endswith("index.html") and "sematkan/" not in path:  # embeds are framed: no header
            assert '<meta property="og:locale" content="id_ID">' in id_page, path
            assert '<meta property="og:locale:alternate" content="en_US">' in id_page, path
            assert '<meta property="og:locale" content="en_US">' in en_page, path
            assert '<meta property="og:locale:alternate" content="id_ID">' in en_page, path


@pytest.mark.parametrize("path", ["index.html", KUTIM + "index.html", "bandingkan/index.html", "tentang/index.html"])
def test_the_switcher_goes_to_the_same_page_in_the_other_language(seed_site, path):
    switch = re.compile(r'<a class="language-switch" href="([^"]+)" hreflang="(\w+)" lang="(\w+)">([^<]+)</a>')
    [(href, hreflang, lang, name)] = switch.findall((seed_site / path).read_text(encoding="utf-8"))
    assert (hreflang, lang, name) == ("en", "en", "English")
    assert urljoin(_url(path), href) == _url("en/" + path)
    [(href, hreflang, lang, name)] = switch.findall((seed_site / "en" / path).read_text(encoding="utf-8"))
    assert (hreflang, lang, name) == ("id", "id", "Bahasa Indonesia")
    assert urljoin(_url("en/" + path), href) == _url(path)


def test_the_404_pages_link_each_other_from_any_depth(seed_site):
    """404.html is served at any path, so its links are absolute from the base URL's path."""
    text = (seed_site / "en/404.html").read_text(encoding="utf-8")
    assert 'href="/404.html" hreflang="id"' in text and 'href="/static/style.' in text
    assert 'href="/en/404.html" hreflang="en"' in (seed_site / "404.html").read_text(encoding="utf-8")


def test_the_sitemap_lists_both_editions_with_reciprocal_alternates(seed_site):
    root = ET.parse(seed_site / "sitemap.xml").getroot()
    entries = {
        url.find(f"{SITEMAP}loc").text: [(x.get("hreflang"), x.get("href")) for x in url.findall(f"{XHTML}link")]
        for url in root.findall(f"{SITEMAP}url")
    }
    indexed = [p for p in _pages(seed_site) if "noindex" not in (seed_site / p).read_text(encoding="utf-8")]
    assert sorted(entries) == sorted([_url(p) for p in indexed] + [_url("en/" + p) for p in indexed])
    for path in indexed:
        expected = [("id", _url(path)), ("en", _url("en/" + path)), ("x-default", _url(path))]
        assert entries[_url(path)] == entries[_url("en/" + path)] == expected, path


def test_the_english_kutai_timur_page_has_english_numbers_chart_and_the_same_sources(seed_site):
    english = (seed_site / "en" / KUTIM / "index.html").read_text(encoding="utf-8")
    indonesian = (seed_site / KUTIM / "index.html").read_text(encoding="utf-8")
    assert "93,000" in english and "150,000" in english
    assert "93.000" in indonesian and "150.000" in indonesian and "93,000" not in indonesian
    # the chart's axis, in the picture: d3's locale of the edition
    assert "100,000" in (seed_site / "en" / KUTIM / "grafik/capaian.svg").read_text(encoding="utf-8")
    assert "100.000" in (seed_site / KUTIM / "grafik/capaian.svg").read_text(encoding="utf-8")

    assert '<link rel="canonical" href="https://jaring.example.org/en/' + KUTIM + '">' in english


def _sources(page: str) -> list[tuple[str, str]]:
    """The sources list of a page: each source's anchor and its URLs."""
    listed = page[page.index('<ol class="sources">') :]
    listed = listed[: listed.index("</ol>")]
    return [
        (anchor, ",".join(re.findall(r'href="([^"]+)"', item)))
        for anchor, item in re.findall(r'<li id="([^"]+)">(.*?)</li>', listed, re.DOTALL)
    ]


def test_the_english_page_cites_the_same_sources_at_the_same_urls(shipped_site):
    english = _sources((shipped_site / "en" / KUTIM / "index.html").read_text(encoding="utf-8"))
    indonesian = _sources((shipped_site / KUTIM / "index.html").read_text(encoding="utf-8"))
    assert english == indonesian and sum(1 for _, urls in english if urls.startswith("https://")) >= 3


def test_each_edition_has_its_own_feed_and_search_index(seed_site):
    feed = ET.parse(seed_site / "en/feed.xml").getroot()
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    links = [e.get("href") for e in feed.iter("{http://www.w3.org/2005/Atom}link")]
    assert links[0] == BASE_URL + "en/feed.xml" and all(link.startswith(BASE_URL + "en/") for link in links)
    entry = (seed_site / "en/pagefind/pagefind-entry.json").read_text(encoding="utf-8")
    assert '"en"' in entry and '"id"' not in entry
    assert '"id"' in (seed_site / "pagefind/pagefind-entry.json").read_text(encoding="utf-8")


def _without_english(site: Path) -> Path:
    (site / "data/site.yaml").write_text(
        (site / "data/site.yaml").read_text(encoding="utf-8").replace("languages: [id, en]", "language: id"),
        encoding="utf-8",
    )
    return site


def test_the_indonesian_edition_is_byte_identical_to_a_build_without_english(seed_site, tmp_path):
    assert "languages: [id, en]" in (SEED / "data/site.yaml").read_text(encoding="utf-8")
    alone = tmp_path / "out"
    build(_without_english(copy_inputs(SEED, tmp_path / "site", "data", "content")), alone)
    made = {p.relative_to(alone).as_posix() for p in alone.rglob("*") if p.is_file()}
    together = {p.relative_to(seed_site).as_posix() for p in seed_site.rglob("*") if p.is_file()}
    assert made == {p for p in together if not p.startswith("en/")}
    assert not (alone / "en").exists()
    stripped = 0
    # the sitemap and _headers are the whole site's: they list the English edition's pages and rules too
    for path in sorted(made - {".jaring-output", "sitemap.xml", "_headers"}):
        both = (seed_site / path).read_bytes()
        if path.endswith(".html"):
            text = both.decode()
            both, n = ADDED.subn("", text)
            assert n == 5 if "sematkan/" not in path else n == 3, (path, n)  # 3 alternates, og, switcher
            both = both.encode()
            stripped += 1
        assert both == (alone / path).read_bytes(), path
    assert stripped == len(_pages(seed_site))
    # and the sitemap without English lists the same pages, none of them twice
    locs = re.findall(r"<loc>([^<]+)</loc>", (alone / "sitemap.xml").read_text(encoding="utf-8"))
    assert "xhtml" not in (alone / "sitemap.xml").read_text(encoding="utf-8") and len(locs) == len(set(locs))


def test_english_texts_are_read_where_they_exist_and_the_indonesian_ones_marked_where_not(site_copy, tmp_path):
    (site_copy / "content/narratives/en").mkdir()
    (site_copy / "content/narratives/en/64.08.md").write_text(
        "Kutai Timur set a target of **150,000** workers.\n", encoding="utf-8"
    )
    (site_copy / "content/pages/en").mkdir(parents=True)
    for slug in ("tentang", "glosarium", "kontribusi"):
        (site_copy / "content/pages" / f"{slug}.md").write_bytes((REPO / "content/pages" / f"{slug}.md").read_bytes())
    (site_copy / "content/pages/en/tentang.md").write_text("# About\n\nHow Jaring works.\n", encoding="utf-8")
    output = tmp_path / "out"
    build(site_copy, output)
    kutim = (output / "en" / KUTIM / "index.html").read_text(encoding="utf-8")
    assert "Kutai Timur set a target of <strong>150,000</strong> workers." in kutim
    about = (output / "en/tentang/index.html").read_text(encoding="utf-8")
    assert "<h1>About</h1>" in about and "How Jaring works." in about and '<div lang="id">' not in about
    glossary = (output / "en/glosarium/index.html").read_text(encoding="utf-8")
    assert '<div lang="id">' in glossary  # no English glossary yet: the Indonesian one, marked as such
    assert '<div lang="id">' not in (output / "glosarium/index.html").read_text(encoding="utf-8")
    other = (output / "en/kalimantan-timur/kabupaten-kutai-kartanegara/index.html").read_text(encoding="utf-8")
    assert '<div lang="id">' in other or "generated" in other.lower()  # generated, once narrative.py has it


def test_a_change_remakes_both_editions_and_no_change_remakes_nothing(site_copy, tmp_path):
    output = tmp_path / "out"
    build(site_copy, output)
    kutim = site_copy / "data/regencies/64.08-kutai-timur.yaml"
    kutim.write_text(kutim.read_text(encoding="utf-8").replace("value: 93000", "value: 93500", 1), encoding="utf-8")
    again = build(site_copy, output)
    assert "regency/64.08" in again.units and "regency/64.02" not in again.units
    assert "93.500" in (output / KUTIM / "index.html").read_text(encoding="utf-8")
    assert "93,500" in (output / "en" / KUTIM / "index.html").read_text(encoding="utf-8")
    assert "93,500" in (output / "en/index.html").read_text(encoding="utf-8")
    assert "100,000" in (output / "en" / KUTIM / "grafik/capaian.svg").read_text(encoding="utf-8")
    assert again.charts > 0  # its pictures, in both editions (the others are not asked for)
    stamps = {p: p.stat().st_mtime_ns for p in output.rglob("*")}
    nothing = build(site_copy, output)
    assert nothing.unchanged and nothing.pages == 0
    assert {p: p.stat().st_mtime_ns for p in output.rglob("*")} == stamps
    # a clean build of the same inputs makes the same site, both editions
    clean = tmp_path / "clean"
    build(site_copy, clean, clean=True)
    for path in sorted(p.relative_to(clean) for p in clean.rglob("*") if p.is_file()):
        if path.parts[0] != "pagefind" and path.parts[:2] != ("en", "pagefind") and path.name != ".jaring-output":
            assert (clean / path).read_bytes() == (output / path).read_bytes(), path


def test_an_english_narrative_alone_remakes_its_regency(site_copy, tmp_path):
    output = tmp_path / "out"
    build(site_copy, output)
    (site_copy / "content/narratives/en").mkdir()
    (site_copy / "content/narratives/en/64.08.md").write_text("Written in English.\n", encoding="utf-8")
    again = build(site_copy, output)
    assert again.units == {"regency/64.08"}
    assert "Written in English." in (output / "en" / KUTIM / "index.html").read_text(encoding="utf-8")
    assert "Written in English." not in (output / KUTIM / "index.html").read_text(encoding="utf-8")


def test_the_cache_keeps_each_editions_pictures_apart_and_reuses_them_all(site_copy, tmp_path):
    first = build(site_copy, tmp_path / "one")
    english = (tmp_path / "one/en" / KUTIM / "grafik/capaian.svg").read_bytes()
    assert english != (tmp_path / "one" / KUTIM / "grafik/capaian.svg").read_bytes()  # not one picture for both
    again = build(site_copy, tmp_path / "two")  # a new output: every page made again, every picture in the cache
    assert again.charts == 0 and again.reused == first.charts + first.reused > 0
    assert (tmp_path / "two/en" / KUTIM / "grafik/capaian.svg").read_bytes() == english


def test_under_a_sub_path_every_link_of_both_editions_resolves(tmp_path):
    """The golden fixture site lives at /jaring/: the English 404 page's absolute links, the switcher and the
    shared static files all stay under it."""
    root = _with_english(copy_inputs(GOLDEN / "site", tmp_path / "site", "data", "content", "templates"))
    build(root, tmp_path / "out")
    checked, broken = broken_links(tmp_path / "out", "/jaring/")
    assert not broken, broken[:20]
    assert checked["en/404.html"] > 5 and checked["en/index.html"] > 5
    text = (tmp_path / "out/en/404.html").read_text(encoding="utf-8")
    assert 'href="/jaring/404.html" hreflang="id"' in text and 'href="/jaring/static/style.' in text


def _with_english(site: Path) -> Path:
    settings = site / "data/site.yaml"
    text = settings.read_text(encoding="utf-8")
    assert "\nlanguage: id\n" in text
    settings.write_text(text.replace("\nlanguage: id\n", "\nlanguages: [id, en]\n"), encoding="utf-8")
    return site
