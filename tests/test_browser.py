"""The site in a real browser (Debian's Chromium, headless, through Playwright) over a local HTTP server:
search, downloads, embeds, compare, tooltips, sorting, no console errors, nothing fetched from elsewhere,
hostile content inert, keyboard use, accessibility (axe-core) and print.

One server and one browser serve the whole session (conftest.py: ``site_server``, ``browser``).
"""

from __future__ import annotations

import io
import math
import re
import shutil
import struct
import zipfile
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import Page, expect

from conftest import BUILD_EPOCH, REPO, SEED, SiteServer

pytestmark = pytest.mark.browser

KUTIM = "kalimantan-timur/kabupaten-kutai-timur/"
KUKAR = "kalimantan-timur/kabupaten-kutai-kartanegara/"
GUMAS = "kalimantan-tengah/kabupaten-gunung-mas/"
BANDUNG = "jawa-barat/kota-bandung/"  # no data
PROVINCE = "kalimantan-timur/"
COMPARE = "bandingkan/?w=64.08&w=64.02"
EMBED = KUTIM + "sematkan/capaian/"
MISSING = "kalimantan-timur/tidak-ada-halaman-ini/"  # answered with 404.html, status 404
BASE_URL = yaml.safe_load((REPO / "data/site.yaml").read_text(encoding="utf-8"))["base_url"]  # og:image is absolute

# Everything jaring.js enhances is done: sort buttons in place, "Tampilkan interaktif" offered under each chart
# (the Vega bundle loads only when a reader asks; the compare page draws its chart at once).
SETTLED = """() => document.readyState === "complete" && document.documentElement.hasAttribute("data-ready")
    && [...document.querySelectorAll("table.sortable thead th")].every(th => th.querySelector("button.sort"))
    && [...document.querySelectorAll("button.live")].every(b => !b.hidden)"""


def live(page: Page, chart: str = "") -> Page:
    """Ask for the interactive chart(s), as a reader does, and wait until Vega drew them."""
    for button in page.locator(f"{chart} button.live".strip()).all():
        button.click()
    page.wait_for_function(
        """sel => [...document.querySelectorAll(sel + " .chart-image")].every(
        c => c.classList.contains("is-live") && c.querySelector("svg"))""",
        arg=chart or "body",
    )
    return page


def visit(page: Page, url: str) -> Page:
    """Open a page and wait until the enhancements are done (the compare and search pages: their results)."""
    page.goto(url)
    if "/bandingkan/?" in url:
        page.wait_for_selector("#hasil .chart-image.is-live svg")
    if "/cari/?" in url:
        page.wait_for_selector("#hasil-cari .search-count")
    page.wait_for_function(SETTLED)
    return page


# --- 1. Search --------------------------------------------------------------------------------------------


def test_search_from_the_search_page_and_the_header_box(context, site_server, seed_site):
    assert (seed_site / "pagefind/pagefind.js").is_file() and (seed_site / "pagefind/pagefind-entry.json").is_file()
    page = context.new_page()
    loaded = []
    page.on("response", lambda r: loaded.append((r.url, r.status)) if "/pagefind/" in r.url else None)

    visit(page, site_server.url + "cari/?q=kutai")
    results = page.locator("#hasil-cari .search-results li > a")
    titles = results.all_inner_texts()
    assert "Kabupaten Kutai Timur" in titles, titles
    assert "Kabupaten Kutai Kartanegara" in titles, titles
    assert page.input_value("#cari-halaman") == "kutai"
    href = results.filter(has_text="Kabupaten Kutai Timur").first.evaluate("a => a.href")
    assert href == site_server.url + KUTIM
    # the index itself was fetched: entry, wasm, index chunks (not a cached or canned answer)
    assert any("/pagefind-entry.json" in u and s == 200 for u, s in loaded), loaded
    assert any(".pf_" in u and s == 200 for u, s in loaded), loaded

    visit(page, site_server.url)
    page.fill("#cari-atas", "gunung mas")
    page.locator("form.search-box button[type=submit]").click()
    page.wait_for_url(re.compile(r"/cari/\?q=gunung\+mas$"))
    visit(page, page.url)
    results = page.locator("#hasil-cari .search-results li > a")
    assert results.first.inner_text() == "Kabupaten Gunung Mas", results.all_inner_texts()
    results.first.click()
    page.wait_for_url(site_server.url + GUMAS)
    assert page.locator("h1").inner_text() == "Kabupaten Gunung Mas"


def test_the_english_search_page_finds_the_english_pages(context, site_server, seed_site):
    """Each edition has its own index (en/pagefind/): an English search answers with English pages."""
    page = context.new_page()
    loaded = []
    page.on("response", lambda r: loaded.append(r.url) if "/pagefind/" in r.url else None)
    visit(page, site_server.url + "en/cari/?q=kutai")
    page.wait_for_selector("#hasil-cari .search-results li > a")
    results = page.locator("#hasil-cari .search-results li > a")
    assert "Kabupaten Kutai Timur" in results.all_inner_texts(), results.all_inner_texts()
    hrefs = results.evaluate_all("all => all.map(a => a.href)")
    assert site_server.url + "en/" + KUTIM in hrefs and all(h.startswith(site_server.url + "en/") for h in hrefs)
    assert loaded and all(u.startswith(site_server.url + "en/pagefind/") for u in loaded), loaded


# --- 2. Downloads -----------------------------------------------------------------------------------------


def _png_size(body: bytes) -> tuple[int, int]:
    assert body[:8] == b"\x89PNG\r\n\x1a\n" and body[12:16] == b"IHDR", body[:16]
    return struct.unpack(">II", body[16:24])


@pytest.mark.parametrize("rel, charts", [(KUTIM, 1), (KUKAR, 2)])
def test_every_download_on_a_regency_page_resolves(context, site_server, rel, charts):
    page = context.new_page()
    page.goto(site_server.url + rel)
    links = page.eval_on_selector_all("a[download]", "links => links.map(a => a.href)")
    slug = rel.rstrip("/").rsplit("/", 1)[1]
    names = page.eval_on_selector_all("figure.chart a[download]", "links => links.map(a => a.download)")
    assert names and all(name.startswith(slug + "-") for name in names), names  # a reader's folder says what it is
    kinds = sorted(Path(href).suffix for href in links)
    assert kinds == sorted([".png", ".svg", ".csv"] * charts + [".zip"]), links
    og_image = page.get_attribute('meta[property="og:image"]', "content")
    assert og_image == f"{BASE_URL}{rel}kartu.png"
    for url in [*links, og_image.replace(BASE_URL, site_server.url)]:
        response = page.request.get(url)
        assert response.status == 200, url
        body, kind = response.body(), response.headers["content-type"]
        assert len(body) > 100, url
        if url.endswith(".png"):
            assert kind == "image/png" and _png_size(body)[0] >= (600 if url.endswith("kartu.png") else 1200), url
            if url.endswith("kartu.png"):
                assert _png_size(body) == (1200, 630)
        elif url.endswith(".svg"):
            assert kind == "image/svg+xml" and body.lstrip().startswith(b"<svg"), url
            assert b"<script" not in body
        elif url.endswith(".csv"):
            assert kind.startswith("text/csv"), url
            header, first = body.decode("utf-8").splitlines()[:2]
            assert re.fullmatch(r"[a-z_]+(,[a-z_]+)+", header) and header.count(",") == first.count(","), header
            assert header.endswith(",sumber"), header
        elif url.endswith(".zip"):
            assert kind == "application/zip" and body[:4] == b"PK\x03\x04", url
            with zipfile.ZipFile(io.BytesIO(body)) as z:
                assert z.testzip() is None
                names = z.namelist()
            assert {"BACAAN.txt", "angka.csv", "sumber.csv"} <= set(names), names  # BACAAN: the README
            assert sum(n.endswith(".png") for n in names) == charts, names


# --- 3. Embed page ------------------------------------------------------------------------------------------


def test_an_embed_page_renders_its_chart_its_source_and_the_link_back(context, site_server):
    page = visit(context.new_page(), site_server.url + EMBED)
    assert page.eval_on_selector(".chart-image img", "img => img.complete && img.naturalWidth") > 0
    live(page)
    live_svg = page.locator(".chart-image.is-live svg")
    expect(live_svg).to_be_visible()
    assert live_svg.bounding_box()["width"] > 200
    drawn = live_svg.text_content()
    assert "93.000" in drawn and "150.000" in drawn  # Indonesian numbers in the live chart too
    assert "Sumber: Indeks Media Kaltim" in drawn and "Jaring" in drawn  # the source line travels with the chart
    # and stands under it in the page's text, for screen readers and search engines
    assert (
        "Sumber: Indeks Media Kaltim (INDEKSMEDIA.ID), 20 Oktober 2025" in page.locator(".chart-source").text_content()
    )
    back = page.locator(".chart-source a")
    assert back.get_attribute("target") == "_blank"
    assert back.evaluate("a => a.href") == site_server.url + KUTIM
    assert "Lihat angka, sumber dan data" in back.inner_text()
    assert page.request.get(back.evaluate("a => a.href")).status == 200


# --- 4. Compare -------------------------------------------------------------------------------------------


def _compare_heads(page: Page) -> list[str]:
    return page.locator("#hasil table.compare thead th").all_inner_texts()


def test_compare_from_the_address_and_from_the_form(context, site_server):
    page = visit(context.new_page(), site_server.url + COMPARE)
    assert _compare_heads(page) == ["Angka", "Kabupaten Kutai Timur", "Kabupaten Kutai Kartanegara"]
    assert page.input_value("#w1") == "64.08" and page.input_value("#w2") == "64.02"
    table = page.locator("#hasil table.compare").inner_text()
    assert "93.000" in table and "51.000" in table and "Tidak dilaporkan" in table
    chart = page.locator("#hasil .chart-image.is-live svg")
    expect(chart).to_be_visible()
    assert "Kab" in chart.text_content() and "93.000" in chart.text_content()

    visit(page, site_server.url + "bandingkan/")
    assert page.locator("#hasil table").count() == 0
    page.select_option("#w1", "62.10")
    page.select_option("#w2", "64.07")
    page.locator("form[data-compare] button[type=submit]").click()
    page.wait_for_url(re.compile(r"/bandingkan/\?w=62\.10&w=64\.07"))
    visit(page, page.url)
    assert _compare_heads(page) == ["Angka", "Kabupaten Gunung Mas", "Kabupaten Kutai Barat"]
    expect(page.locator("#hasil .chart-image.is-live svg")).to_be_visible()
    link = page.locator("#hasil thead a", has_text="Kabupaten Gunung Mas")
    assert link.evaluate("a => a.href") == site_server.url + GUMAS


# --- 5. Tooltips ------------------------------------------------------------------------------------------


def test_hovering_a_bar_shows_its_value(context, site_server):
    page = visit(context.new_page(), site_server.url + KUTIM)
    loaded = []
    page.on("request", lambda r: loaded.append(r.url) if "/static/vega." in r.url else None)
    page.wait_for_timeout(300)
    assert not loaded  # nothing heavy before the reader asks
    live(page, "#grafik-capaian")
    assert loaded
    bars = page.locator("#grafik-capaian .chart-live .mark-rect path")
    assert bars.count() == 2
    tooltip = page.locator("#vg-tooltip-element")
    for bar, expected in zip(bars.all(), [("Terlindungi", "93.000"), ("Target", "150.000")]):
        bar.hover()
        expect(tooltip).to_be_visible()
        expect(tooltip).to_have_class(re.compile(r"\bvisible\b"))
        for text in expected:
            expect(tooltip).to_contain_text(text)
    page.mouse.move(0, 0)
    expect(tooltip).to_be_hidden()


# --- 6. Sortable tables -------------------------------------------------------------------------------------


def test_clicking_a_column_header_sorts_the_table(context, site_server):
    page = visit(context.new_page(), site_server.url)
    table = page.locator("section[aria-labelledby=dengan-data] table.sortable")
    head = table.locator("thead th", has_text=re.compile(r"^Terlindungi"))

    def names() -> list[str]:
        return table.locator("tbody th").all_inner_texts()

    assert names()[0] == "Kabupaten Kutai Timur"  # as built: largest count first
    assert head.get_attribute("aria-sort") is None

    head.locator("button.sort").click()  # a column of numbers: largest first on the first click
    assert head.get_attribute("aria-sort") == "descending"
    assert names() == [
        "Kabupaten Kutai Timur",
        "Kabupaten Kutai Kartanegara",
        "Kabupaten Kutai Barat",
        "Kabupaten Gunung Mas",
    ]
    head.locator("button.sort").click()
    assert head.get_attribute("aria-sort") == "ascending"
    assert names() == [
        "Kabupaten Gunung Mas",
        "Kabupaten Kutai Barat",
        "Kabupaten Kutai Kartanegara",
        "Kabupaten Kutai Timur",
    ]
    first = table.locator("thead th").first
    first.locator("button.sort").click()
    assert first.get_attribute("aria-sort") == "ascending" and head.get_attribute("aria-sort") is None
    assert names() == sorted(names())


# --- 7, 8 and 11. Console, network and accessibility over a tour of the site --------------------------------

TOUR = ["", PROVINCE, KUTIM, KUKAR, BANDUNG, COMPARE, "cari/?q=kutai", "unduh/", EMBED, "tentang/", MISSING]
TOUR += ["en/" + KUTIM, "en/" + COMPARE, "en/cari/?q=kutai", "en/tentang/"]  # a sample of the English edition

# Records what the page's own code cannot hide: Content-Security-Policy violations, as they happen.
CSP_LISTENER = """window.__csp = [];
document.addEventListener("securitypolicyviolation",
    e => window.__csp.push(`${e.effectiveDirective} blocked ${e.blockedURI || "(inline)"} at ${e.sourceFile}:${e.lineNumber}`));"""

AXE_RUN = """() => axe.run(document, {
    runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}, resultTypes: ["violations"]})"""


def _axe_source() -> str:
    import axe_playwright_python  # ships axe.min.js (axe-core)

    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")


@pytest.fixture(scope="module", params=["light", "dark"])
def tour(request, browser, site_server):
    """Every kind of page, visited once with its Content-Security-Policy in force: what the browser logged and
    fetched, and what axe-core found once the page was settled (its <details> opened, to check what they hide).
    Once in each colour scheme (prefers-color-scheme), so axe checks the dark pages' contrast too."""
    context = browser.new_context(locale="id-ID", color_scheme=request.param)
    context.add_init_script(CSP_LISTENER)
    # axe-core comes in as an init script, which Playwright runs whatever the page's CSP says: so axe checks each
    # page as readers get it. (page.add_script_tag would be refused by the policy; a bypass_csp context would
    # be needed for it, and would no longer be the page readers get.) axe makes no request and logs nothing.
    context.add_init_script(_axe_source())
    seen = {"problems": [], "requests": [], "statuses": {}, "styled": {}, "axe": {}}
    context.on("request", lambda r: seen["requests"].append(r.url))
    for rel in TOUR:
        page = context.new_page()
        url = site_server.url + rel

        def console(message, rel=rel, url=url):
            if message.type != "error":
                return
            if rel == MISSING and message.location.get("url") == url and "status of 404" in message.text:
                return  # the page itself answers 404, as it should
            seen["problems"].append(
                f"{rel or '/'}: console {message.type}: {message.text} ({message.location.get('url')})"
            )

        page.on("console", console)
        page.on("pageerror", lambda error, rel=rel: seen["problems"].append(f"{rel or '/'}: uncaught {error}"))
        response = page.goto(url)
        seen["statuses"][rel] = response.status
        if "bandingkan/?" in rel:
            page.wait_for_selector("#hasil .chart-image.is-live svg")
        if "cari/?" in rel:
            page.wait_for_selector("#hasil-cari .search-results li")
        page.wait_for_function(SETTLED)  # axe then runs for a second: late errors are caught too
        if rel in (KUTIM, EMBED):  # the interactive chart, as a reader asks for it
            live(page)
        seen["styled"][rel] = page.evaluate(
            "[...document.styleSheets].some(s => /\\/static\\/style\\.[0-9a-f]+\\.css$/.test(s.href) && s.cssRules.length > 10)"
        )
        page.locator("details").evaluate_all("all => all.forEach(d => d.open = true)")
        seen["axe"][rel] = page.evaluate(AXE_RUN)
        seen["problems"] += [f"{rel or '/'}: CSP violation: {v}" for v in page.evaluate("window.__csp")]
        page.close()
    context.close()
    return seen


def test_no_console_error_or_csp_violation_on_any_kind_of_page(tour):
    assert not tour["problems"], "\n".join(tour["problems"])
    assert tour["statuses"] == {rel: 404 if rel == MISSING else 200 for rel in TOUR}
    assert all(tour["styled"].values()), tour["styled"]  # style.css applies everywhere, the deep 404 page too


def test_no_request_leaves_the_local_server(tour, site_server):
    assert len(tour["requests"]) > 30
    elsewhere = sorted({u for u in tour["requests"] if not u.startswith(site_server.origin + "/")})
    assert not elsewhere, elsewhere
    fetched = " ".join(tour["requests"])
    for own in (
        "/static/vega.",
        "/static/jaring.",
        "/pagefind/",
        "/data/wilayah/64.08.json",
        "/grafik/capaian.vl.json",
    ):
        assert own in fetched, own  # the tour exercised every kind of fetch


def _readable(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"[{v['impact']}] {v['id']}: {v['help']} ({v['helpUrl']})")
        for node in v["nodes"][:8]:
            lines.append(f"    {' '.join(map(str, node['target']))}: {node['html'][:160]}")
            lines.append("      " + node["failureSummary"].replace("\n", "\n      "))
    return "\n".join(lines)


@pytest.mark.parametrize("rel", TOUR)
def test_axe_finds_no_wcag_a_or_aa_violation(tour, rel):
    """WCAG 2.0 and 2.1, levels A and AA. The compare page is checked with a selection, after it rendered."""
    result = tour["axe"][rel]
    assert result["testEngine"]["name"] == "axe-core" and result["toolOptions"]["runOnly"]["values"]
    assert not result["violations"], f"axe on /{rel}:\n{_readable(result['violations'])}"


# --- 9. Hostile content ---------------------------------------------------------------------------------------

# Each payload, if it ever ran, would set window.__pwned and open a dialog.
PAYLOADS = [
    '<script>window.__pwned="script";alert("script")</script>',
    "\"><img src=x onerror=\"window.__pwned='img';alert('img')\">",
    "<svg onload=\"window.__pwned='svg';alert('svg')\">",
    "<a href=\"javascript:window.__pwned='link';alert('link')\">klik</a>",
    "<iframe src=\"javascript:parent.__pwned='iframe'\"></iframe>",
    "</textarea><style>body{display:none}</style>",
]
SOURCE_URL = "https://kaltim.tribunnews.example/2023/02/16/pemkab-kukar-lindungi-51-ribu-pekerja-rentan"
STORY_URL = "https://kaltim.tribunnews.example/artikel-lain"


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


@pytest.fixture(scope="session")
def variant_site(tmp_path_factory):
    """The seed fixture site changed two ways, built once and served:
    Kutai Timur carries script payloads in its YAML strings and narrative (as in test_security.py);
    Kutai Kartanegara gets what the shipped data lacks for the print check: a source URL and a narrative link."""
    import os

    from generator.build import build

    root = tmp_path_factory.mktemp("variant") / "site"
    shutil.copytree(SEED / "data", root / "data")
    shutil.copytree(SEED / "content", root / "content")
    shutil.copytree(REPO / "templates", root / "templates")  # the same templates as the shipped site
    kutim = root / "data/regencies/64.08-kutai-timur.yaml"
    text = kutim.read_text(encoding="utf-8")
    for line, payload in [
        (r"publisher: Indeks Media Kaltim \(INDEKSMEDIA\.ID\)", PAYLOADS[0] + " Indeks Media"),
        (r"publisher: ProkopimKutim", PAYLOADS[1]),
        (r"title: Target 150 Ribu[^\n]*", PAYLOADS[4] + " Target 150 Ribu"),
        (r"title: Peluncuran 2\.000 kartu[^\n]*", PAYLOADS[3] + PAYLOADS[5] + " Peluncuran"),
    ]:
        key = line.split(":")[0]
        text, found = re.subn(line, lambda m, k=key, p=payload: f"{k}: {_quoted(p)}", text, count=1)
        assert found == 1, line
    text = text.replace("- {name: petani mandiri,", f"- {{name: {_quoted(PAYLOADS[2])},", 1)
    kutim.write_text(text, encoding="utf-8")
    (root / "content/narratives/64.08.md").write_text(
        "\n\n".join(PAYLOADS) + "\n\n[x](javascript:window.__pwned='md')\n", encoding="utf-8"
    )
    kukar = root / "data/regencies/64.02-kutai-kartanegara.yaml"
    kukar.write_text(kukar.read_text(encoding="utf-8").replace('url: ""', f"url: {SOURCE_URL}", 1), encoding="utf-8")
    story = root / "content/narratives/64.02.md"
    story.write_text(
        story.read_text(encoding="utf-8") + f"\n\nBaca juga [artikel lain]({STORY_URL}).\n", encoding="utf-8"
    )

    output = root.parent / "output"
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = BUILD_EPOCH
    try:
        build(root, output)
    finally:
        if previous is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous
    with SiteServer(output) as server:
        yield server


# What injected markup would leave in the DOM, whether or not it ran.
INJECTED = """() => {
    const own = /\\/static\\/(jaring|vega)\\.[0-9a-f]{10}\\.js$/;
    const found = [];
    for (const el of document.querySelectorAll("*")) {
        for (const attr of el.getAttributeNames()) if (/^on/i.test(attr)) found.push(`${el.tagName} ${attr}`);
        const words = el.type === "application/json" && el.id === "jaring-words" && el.parentNode === document.head;  // jaring.js's words: data
        if (el.tagName === "SCRIPT" && !(own.test(el.src) || el.type === "application/ld+json" || words)) found.push("script " + el.outerHTML.slice(0, 80));
        if (["IFRAME", "STYLE", "OBJECT", "EMBED"].includes(el.tagName)) found.push(el.tagName);
        if (el.tagName === "IMG" && /\\/x$/.test(el.src)) found.push("img src=x");
        if (el.tagName === "A" && /^\\s*javascript:/i.test(el.getAttribute("href") || "")) found.push("javascript: link");
    }
    if (getComputedStyle(document.body).display === "none") found.push("body hidden by injected style");
    return found;
}"""


@pytest.mark.parametrize("csp", ["with CSP", "without CSP"])
def test_hostile_content_executes_nothing(browser, variant_site, csp):
    """Escaping alone must hold: the same check runs with the Content-Security-Policy switched off."""
    context = browser.new_context(bypass_csp=csp == "without CSP")
    context.add_init_script(CSP_LISTENER)
    dialogs, errors = [], []
    try:
        for rel in [KUTIM, EMBED, "", PROVINCE, COMPARE, "cari/?q=pwned"]:
            page = context.new_page()
            page.on("dialog", lambda d, rel=rel: (dialogs.append(f"{rel}: {d.message}"), d.dismiss()))
            page.on("pageerror", lambda e, rel=rel: errors.append(f"{rel}: {e}"))
            visit(page, variant_site.url + rel)
            if rel.startswith("cari/"):
                page.wait_for_selector("#hasil-cari .search-results li")
                assert "Kabupaten Kutai Timur" in page.locator("#hasil-cari").inner_text()
            page.wait_for_timeout(100)
            assert page.evaluate("window.__pwned") is None, rel
            assert page.evaluate(INJECTED) == [], rel
            assert page.evaluate("window.__csp") == [], rel
            if rel == KUTIM:
                shown = page.locator("main").inner_text()
                assert PAYLOADS[0] in shown and "onerror=" in shown  # the strings are there, as text
            page.close()
    finally:
        context.close()
    assert not dialogs, dialogs
    assert not errors, errors


# --- 10. Keyboard only ----------------------------------------------------------------------------------------

# Everything a keyboard user should reach, in document order: rendered, enabled, not taken out of the tab order.
TAB_STOPS = """() => {
    const all = document.querySelectorAll("a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]");
    window.__stops = [...all].filter(el => !el.disabled && el.tabIndex >= 0
        && el.checkVisibility({visibilityProperty: true}));
    window.__plain = window.__stops.map(el => { const s = getComputedStyle(el); return [s.outlineStyle, s.outlineWidth, s.boxShadow]; });
    return window.__stops.length;
}"""

FOCUSED = """() => {
    const el = document.activeElement, i = window.__stops.indexOf(el), s = getComputedStyle(el), r = el.getBoundingClientRect();
    const label = `${el.tagName.toLowerCase()} "${(el.textContent || el.value || el.getAttribute("href") || "").trim().slice(0, 40)}"`;
    const width = parseFloat(s.outlineWidth);
    const outline = s.outlineStyle !== "none" && width >= 2 && !/rgba\\(.*, 0\\)$/.test(s.outlineColor);
    const changed = i >= 0 && (window.__plain[i][0] !== s.outlineStyle || window.__plain[i][1] !== s.outlineWidth
        || window.__plain[i][2] !== s.boxShadow);
    const inView = r.width > 0 && r.height > 0 && r.right > 0 && r.bottom > 0 && r.left < innerWidth && r.top < innerHeight;
    return {index: i, label, indicator: (outline || s.boxShadow !== "none") && changed, inView};
}"""


@pytest.mark.parametrize("rel", ["", KUTIM])
def test_keyboard_reaches_everything_in_order_with_a_visible_focus(context, site_server, rel):
    page = visit(context.new_page(), site_server.url + rel)
    count = page.evaluate(TAB_STOPS)
    assert count > 30
    skip = page.locator("a.skip")
    assert skip.bounding_box()["x"] + skip.bounding_box()["width"] <= 0  # off screen until focused
    problems = []
    for step in range(count):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused["index"] != step:
            problems.append(
                f"Tab {step + 1}: focus on {focused['label']} (stop {focused['index']}), expected stop {step}"
            )
            break
        if not focused["indicator"]:
            problems.append(f"Tab {step + 1}: {focused['label']} shows no focus indicator")
        if not focused["inView"]:
            problems.append(f"Tab {step + 1}: {focused['label']} is focused out of sight")
        if step == 0:
            assert focused["label"].startswith('a "Langsung ke isi"'), focused
            box = skip.bounding_box()
            assert box["x"] >= 0 and box["width"] > 20 and skip.is_visible()
    assert not problems, "\n".join(problems)

    # the skip link works: from it, the next Tab lands inside <main>
    page.goto(site_server.url + rel)
    page.wait_for_function(SETTLED)
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('main') !== null"), page.evaluate(
        "document.activeElement.outerHTML"
    )


# --- 12. Print ------------------------------------------------------------------------------------------------


def test_a_regency_page_prints_without_controls_with_vector_charts_and_written_out_links(context, variant_site):
    page = visit(context.new_page(), variant_site.url + KUKAR)
    page.emulate_media(media="print")
    for hidden in (
        ".skip",
        ".site-header nav",
        ".search-box",
        ".crumbs",
        "button",
        ".downloads",
        "details.embed",
        ".chart-live",
        "details > summary",
    ):
        shown = [e for e in page.locator(hidden).all() if e.is_visible()]
        assert not shown, f"{hidden} is printed"
    images = page.locator("figure.chart .chart-image img")
    assert images.count() == 2
    for img in images.all():
        assert img.is_visible() and img.get_attribute("src").endswith(".svg")
        assert img.evaluate("i => i.complete && i.naturalWidth") > 0
    # the numbers behind each chart: on paper in "Semua angka" (a chart's own table repeats them, and is left out)
    tables = page.locator("figure.chart details table")
    assert tables.count() == 2 and not any(t.is_visible() for t in tables.all())
    figures = page.locator("section:has(#semua-angka) table.figures").inner_text()
    for value in page.locator("figure.chart details table tbody tr td:nth-child(2)").all_inner_texts():
        assert value.strip() in figures, value
    assert SOURCE_URL in page.locator(".sources").inner_text()
    story_link = page.locator(f'.prose a[href="{STORY_URL}"]')
    assert STORY_URL in story_link.evaluate("a => getComputedStyle(a, '::after').content")

    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF-")
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert 2 <= pages <= 10, pages
    assert re.search(rb"/MediaBox\s*\[0 0 59[45](\.\d+)? 84[12](\.\d+)?\]", pdf)  # A4 in points

    page.emulate_media(media="screen")
    assert not page.locator("figure.chart details[open]").count()  # back as the reader left them


# Headings on paper with nothing printed under them (in their section or figure)
EMPTY_HEADINGS = """() => [...document.querySelectorAll("main h2, main h3")].filter(h => h.checkVisibility()
    && ![...h.parentElement.children].some(c => c !== h && c.checkVisibility() && c.textContent.trim()))
    .map(h => h.textContent.trim())"""


def test_the_shipped_kutai_timur_page_prints_to_few_pages(context, shipped_site):
    """Print is compact (issue 12): at most 2 A4 pages, plus one per chart beyond the first, plus one per
    started group of 25 sources; no heading stands over nothing; the footer says where and when it was
    printed."""
    import datetime as dt

    with SiteServer(shipped_site) as server:
        page = visit(context.new_page(), server.url + KUTIM)
        page.emulate_media(media="print")
        charts = page.locator("figure.chart").count()
        sources = page.locator("ol.sources > li").count()
        assert charts and sources
        assert page.evaluate(EMPTY_HEADINGS) == []
        assert all(img.is_visible() for img in page.locator("figure.chart .chart-image img").all())
        assert page.locator(".cards .card").count() == page.locator(".cards .card .card-value").count()
        footer = page.locator("footer").inner_text()
        canonical = page.locator("link[rel=canonical]").get_attribute("href")
        assert f"Dicetak dari {canonical}" in footer
        months = [
            "Januari",
            "Februari",
            "Maret",
            "April",
            "Mei",
            "Juni",
            "Juli",
            "Agustus",
            "September",
            "Oktober",
            "November",
            "Desember",
        ]
        today = page.evaluate("new Date().toLocaleDateString('en-CA')")  # the reader's day, YYYY-MM-DD
        day = dt.date.fromisoformat(today)
        assert f"Dicetak pada {day.day} {months[day.month - 1]} {day.year}." in footer, footer
        pdf = page.pdf(format="A4")
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    bound = 2 + (charts - 1) + math.ceil(sources / 25)
    assert pages <= bound, (pages, bound, charts, sources)


# --- 13. A reader's site (issue 12) ---------------------------------------------------------------------------

# Every cell of every table: its content fits its box, and the box stands inside the window (nothing cut,
# nothing to scroll sideways to).
CLIPPED = """() => {
    const bad = [];
    for (const cell of document.querySelectorAll("main table td, main table th")) {
        const r = cell.getBoundingClientRect();
        if (!r.width) continue;
        if (cell.scrollWidth > cell.clientWidth + 1) bad.push(`overflows: ${cell.textContent.trim().slice(0, 40)}`);
        if (r.right > innerWidth + 0.5 || r.left < -0.5) bad.push(`outside the window: ${cell.textContent.trim().slice(0, 40)}`);
    }
    if (document.documentElement.scrollWidth > innerWidth + 1) bad.push(`page scrolls sideways: ${document.documentElement.scrollWidth}`);
    return bad;
}"""


@pytest.mark.parametrize("width", [320, 390, 1280])
def test_no_number_in_any_table_is_cut(browser, site_server, width):
    context = browser.new_context(locale="id-ID", viewport={"width": width, "height": 900})
    try:
        for rel in ["", PROVINCE, KUTIM, KUKAR, "unduh/", COMPARE]:
            page = visit(context.new_page(), site_server.url + rel)
            page.locator("details").evaluate_all("all => all.forEach(d => d.open = true)")
            assert page.evaluate(CLIPPED) == [], (rel, width)
            page.close()
    finally:
        context.close()


def test_an_embed_fits_its_iframe_and_tells_the_host_its_height(browser, site_server):
    """The embed code as an article would carry it, in a 700 px column: as wide as the column, as tall as
    its content (the embed page reports its height; the code's few lines set it)."""
    import html as html_lib

    context = browser.new_context(viewport={"width": 1000, "height": 900})
    page = context.new_page()
    source = context.new_page()
    source.goto(site_server.url + KUTIM)
    code = html_lib.unescape(source.locator("#sematkan-capaian").input_value())
    code = code.replace("https://jaring.example.org/", site_server.url).replace(
        '"https://jaring.example.org"', f'"{site_server.origin}"'
    )
    page.route(
        site_server.url + "artikel.html",
        lambda route: route.fulfill(
            content_type="text/html",
            body=f'<!doctype html><body style="margin:0"><div style="width:700px">{code}</div></body>',
        ),
    )
    page.goto(site_server.url + "artikel.html")
    frame = page.locator("iframe")
    page.wait_for_function("""() => { const f = document.querySelector("iframe");
        return f.style.height && f.contentDocument && f.contentDocument.readyState === "complete"; }""")
    page.wait_for_timeout(300)
    box = frame.bounding_box()
    inner = page.frames[1].evaluate("Math.ceil(document.documentElement.getBoundingClientRect().height)")
    assert box["width"] == 700
    assert abs(box["height"] - inner) <= 10, (box, inner)
    assert page.frames[1].evaluate("document.documentElement.scrollWidth") <= 700
    context.close()


@pytest.mark.parametrize("width", [300, 390, 900])
def test_embed_text_is_never_under_11_px(browser, site_server, width):
    """The SVG is scaled to the window: its smallest text, as drawn at this width."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    try:
        page = context.new_page()
        for rel in [EMBED, KUKAR + "sematkan/anggaran/"]:
            page.goto(site_server.url + rel)
            img = page.locator(".chart-image img")
            shown = img.bounding_box()["width"]
            svg = page.request.get(img.evaluate("i => i.src")).text()
            natural = float(re.search(r'<svg[^>]*?width="([\d.]+)"', svg)[1])
            smallest = min(float(px) for px in re.findall(r'font-size="([\d.]+)px"', svg))
            assert smallest * shown / natural >= 11, (rel, width, smallest, shown, natural)
            assert shown <= width
    finally:
        context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [300, 320, 390, 900])
def test_chart_text_on_a_page_is_never_under_11_px(browser, site_server, width, scheme):
    """Every chart picture of a page, scaled to its box at this window width (in dark mode it sits on a light
    panel): its smallest text as the reader sees it."""
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    try:
        page, measured = context.new_page(), 0
        for rel in ["", KUTIM, KUKAR, GUMAS]:
            visit(page, site_server.url + rel)
            images = page.locator("figure.chart .chart-image img")
            measured += images.count()
            for img in images.all():
                shown = img.bounding_box()["width"]
                svg = page.request.get(img.evaluate("i => i.src")).text()
                natural = float(re.search(r'<svg[^>]*?width="([\d.]+)"', svg)[1])
                smallest = min(float(px) for px in re.findall(r'font-size="([\d.]+)px"', svg))
                assert smallest * shown / natural >= 11, (rel, img.get_attribute("src"), smallest, shown, natural)
                assert shown <= width
        assert measured >= 4
    finally:
        context.close()


@pytest.mark.parametrize(
    "query, first",
    [
        ("kutim", "Kabupaten Kutai Timur"),
        ("kukar", "Kabupaten Kutai Kartanegara"),
        ("gumas", "Kabupaten Gunung Mas"),
        ("pemkab kutai barat", "Kabupaten Kutai Barat"),
    ],
)
def test_search_finds_the_names_people_use(context, site_server, query, first):
    page = visit(context.new_page(), site_server.url + "cari/?q=" + query.replace(" ", "+"))
    results = page.locator("#hasil-cari .search-results li > a")
    assert results.first.inner_text() == first, results.all_inner_texts()


def test_search_puts_pages_with_data_first_and_says_what_each_holds(context, site_server):
    page = visit(context.new_page(), site_server.url + "cari/?q=bpjs")
    items = page.locator("#hasil-cari .search-results li")
    facts = items.first.locator(".search-facts").inner_text()
    assert "Ada data" in facts and "Provinsi" in facts and "pekerja rentan terlindungi" in facts, facts
    assert re.search(r"\d{4}\)", facts), facts  # the figure's date
    statuses = list(items.locator(".search-facts").all_inner_texts())
    with_data = [("Ada data" in t) for t in statuses if "data" in t]
    assert with_data == sorted(with_data, reverse=True), statuses  # no page with data after one without
    assert items.count() <= 10
    more = page.locator("#hasil-cari button.more")
    if more.count():
        more.click()
        expect(page.locator("#hasil-cari .search-results li").nth(10)).to_be_attached()


def test_a_page_without_data_serves_readers(context, site_server):
    page = visit(context.new_page(), site_server.url + BANDUNG)
    main = page.locator("main").inner_text()
    assert "jaring check" not in main and "data/regencies" not in main  # nothing for developers
    send = page.locator("main a.send-source")
    href = send.get_attribute("href")
    assert send.inner_text() == "Kirim sumber" and href.startswith("mailto:redaksi@jaring.example.org?subject=")
    assert "Kota%20Bandung" in href
    assert page.locator("main a[href$='kontribusi/']").count()
    kontribusi = page.locator("footer a", has_text="Kirim sumber atau koreksi").evaluate("a => a.href")
    assert page.request.get(kontribusi).status == 200
    assert "Kecamatan" in main  # the register's facts


def test_a_page_without_data_lists_what_is_known_in_its_province(context, site_server):
    page = visit(context.new_page(), site_server.url + "kalimantan-timur/kabupaten-berau/")
    nearby = page.locator("ul.nearby li")
    assert "Kabupaten Kutai Timur: 93.000 pekerja rentan terlindungi" in nearby.all_inner_texts()[-1] or any(
        "Kabupaten Kutai Timur: 93.000" in t for t in nearby.all_inner_texts()
    )
    assert page.request.get(nearby.locator("a").first.evaluate("a => a.href")).status == 200


def test_kutip_angka_ini_copies_the_figure_with_its_source_and_the_permalink_is_the_card(browser, site_server):
    context = browser.new_context(locale="id-ID", permissions=["clipboard-read", "clipboard-write"])
    try:
        page = visit(context.new_page(), site_server.url + KUTIM)
        card = page.locator(".cards .card").first
        anchor = card.get_attribute("id")
        assert anchor.startswith("angka-")
        permalink = card.locator("a.permalink")
        assert permalink.get_attribute("href") == "#" + anchor
        assert "Tautan ke angka ini" in permalink.inner_text()  # its accessible name
        card.get_by_role("button", name="Kutip angka ini").click()
        expect(card.get_by_role("button", name="Tersalin")).to_be_visible()
        copied = page.evaluate("navigator.clipboard.readText()")
        value = card.locator(".card-value").inner_text()
        first_source = card.locator(".card-source a").first.get_attribute("href")
        source = page.locator(first_source)
        link = source.locator("a[href^='http']")  # a source without URL is cited by its date
        cited = link.get_attribute("href") if link.count() else source.locator("strong").inner_text()
        assert value in copied and cited in copied and "Kabupaten Kutai Timur" in copied, copied
        assert copied.endswith(f"/{KUTIM}#{anchor}"), copied
        assert page.locator("p.updated").inner_text().startswith("Diperbarui ")
        assert page.locator("abbr[title='Anggaran Pendapatan dan Belanja Daerah']").count()
    finally:
        context.close()


def test_share_links_are_plain_well_formed_links(context, site_server):
    from urllib.parse import parse_qs, urlsplit

    page = visit(context.new_page(), site_server.url + KUTIM)
    canonical = page.locator("link[rel=canonical]").get_attribute("href")
    hrefs = page.locator(".toolkit .share a").evaluate_all("all => all.map(a => a.getAttribute('href'))")
    assert len(hrefs) == 4
    wa, x, fb, mail = (urlsplit(h) for h in hrefs)
    assert (wa.scheme, wa.netloc, wa.path) == ("https", "wa.me", "/")
    assert parse_qs(wa.query)["text"][0].endswith(" " + canonical)
    assert (x.netloc, x.path) == ("twitter.com", "/intent/tweet") and parse_qs(x.query)["url"] == [canonical]
    assert parse_qs(x.query)["text"][0].startswith("Kabupaten Kutai Timur")
    assert (fb.netloc, fb.path) == ("www.facebook.com", "/sharer/sharer.php") and parse_qs(fb.query)["u"] == [canonical]
    assert mail.scheme == "mailto" and set(parse_qs(mail.query)) == {"subject", "body"}
    assert parse_qs(mail.query)["body"][0].endswith("\n" + canonical)
    assert all(" " not in h for h in hrefs)  # percent-encoded
    card = page.locator(".cards .card").first
    figure = canonical + "#" + card.get_attribute("id")
    shared = card.locator(".card-share a").evaluate_all("all => all.map(a => a.getAttribute('href'))")
    assert parse_qs(urlsplit(shared[2]).query)["u"] == [figure]
    assert page.locator("#tautan-halaman").text_content() == canonical
    assert page.get_by_role("button", name="Salin tautan").is_visible()


def test_a_not_reported_card_offers_nothing_to_quote_or_share(context, site_server):
    """ "Tidak dilaporkan" is no figure: its card has neither "Kutip angka ini" nor share links; the cards
    beside it keep theirs."""
    page = visit(context.new_page(), site_server.url + KUKAR)
    missing = page.locator(".cards .card-missing")
    assert missing.count(), "the seed's Kutai Kartanegara has a target not reported"
    for card in missing.all():
        assert "Tidak dilaporkan" in card.locator(".card-value").inner_text()
        assert not card.locator("button.copy, .card-quote, .card-share, .share a").count()
    reported = page.locator(".cards .card:not(.card-missing)")
    assert reported.count()
    for card in reported.all():
        expect(card.get_by_role("button", name="Kutip angka ini")).to_be_visible()
        assert card.locator(".card-share a").count() == 4
