"""The sitemap is written as text (feeds.sitemap) for speed: it must be the bytes ElementTree writes for
the same tree, for any path and base URL, escaping included."""

from __future__ import annotations

import datetime as dt
from xml.etree import ElementTree as ET

from hypothesis import given
from hypothesis import strategies as st

from generator import feeds


def _by_elementtree(base_url, paths, updated, editions):
    """The sitemap as feeds.sitemap wrote it with ElementTree before (the oracle)."""
    several = len(editions) > 1
    urlset = ET.Element("urlset", xmlns=feeds.SITEMAP_NS)
    if several:
        urlset.set("xmlns:xhtml", feeds.XHTML_NS)
    for folder in editions.values():
        for path in sorted(set(paths)):
            url = ET.SubElement(urlset, "url")
            ET.SubElement(url, "loc").text = base_url + folder + path
            if path in updated:
                ET.SubElement(url, "lastmod").text = updated[path].isoformat()
            for hreflang, other in [*editions.items(), ("x-default", next(iter(editions.values())))] if several else ():
                ET.SubElement(url, "xhtml:link", rel="alternate", hreflang=hreflang, href=base_url + other + path)
    ET.indent(urlset)
    return ET.tostring(urlset, encoding="utf-8", xml_declaration=True) + b"\n"


# XML 1.0 characters only (a path from the data never holds a control character: validate refuses them)
texts = st.text(st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from("&<>\"'\t\n\r"), max_size=12)


@given(
    base_url=texts.map(lambda t: "https://" + t),  # never empty: validate wants an absolute base URL
    paths=st.lists(texts, min_size=1, max_size=6),
    dated=st.lists(st.booleans(), max_size=6),
    editions=st.sampled_from([{"": ""}, {"id": "", "en": "en/"}, {"id": "", "en": "en/", "jv": "jv/"}]),
)
def test_the_sitemap_is_what_elementtree_writes(base_url, paths, dated, editions):
    updated = {path: dt.date(2025, 10, 20) for path, on in zip(paths, dated) if on}
    assert feeds.sitemap(base_url, paths, updated, editions) == _by_elementtree(base_url, paths, updated, editions)


def test_the_sitemap_reads_back_as_every_page_in_every_edition():
    written = feeds.sitemap("https://x.test/", ["", "a&b/"], {"a&b/": dt.date(2025, 10, 20)}, {"id": "", "en": "en/"})
    root = ET.fromstring(written)
    ns = {"s": feeds.SITEMAP_NS, "x": feeds.XHTML_NS}
    assert [e.text for e in root.findall("s:url/s:loc", ns)] == [
        "https://x.test/",
        "https://x.test/a&b/",
        "https://x.test/en/",
        "https://x.test/en/a&b/",
    ]
    assert [e.text for e in root.findall("s:url/s:lastmod", ns)] == ["2025-10-20", "2025-10-20"]
    assert root.find("s:url/x:link[@hreflang='x-default']", ns).get("href") == "https://x.test/"
