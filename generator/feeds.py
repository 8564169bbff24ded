"""Site plumbing for machines: sitemap.xml, robots.txt and the Atom feed of data updates.

All three carry absolute URLs from ``base_url`` (crawlers and feed readers need them); the pages
themselves link relatively. The feed is built with ElementTree, so names from the data are escaped;
the sitemap, ~15 000 elements, is written as text with the same escaping.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from xml.etree import ElementTree as ET
from xml.sax.saxutils import escape

from . import urls
from .derive import Report
from .fmt import Formatter
from .history import NO_HISTORIES, Correction, Histories
from .pages import revised  # the sentence the page shows beside the corrected figure
from .schema import Source

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
ATOM_NS = "http://www.w3.org/2005/Atom"
XHTML_NS = "http://www.w3.org/1999/xhtml"
ENTRIES = 100  # the newest data updates in feed.xml

Summariser = Callable[[Report, Source], str]  # an entry's text in an edition (memoised by the build)


def sitemap(
    base_url: str, paths: list[str], updated: dict[str, dt.date], editions: dict[str, str] | None = None
) -> bytes:
    """Every page worth finding ("" is the home page); ``lastmod`` where a page's data has a date
    (the latest day a source of it was read). ``editions``: language -> its folder ("" for the default,
    first; "en/"): each page is listed in every edition, with the others as ``xhtml:link`` alternates
    (and x-default, the default's), as search engines read them."""
    editions = editions or {"": ""}
    several = len(editions) > 1
    alternates = [*editions.items(), ("x-default", next(iter(editions.values())))] if several else []
    # written as text, not with ElementTree: ~15 000 elements for the nationwide site in two editions took
    # ElementTree 0.4 s, on every rebuild; the same bytes (its indent and escaping, see escape and _attribute)
    lines = [
        "<?xml version='1.0' encoding='utf-8'?>",
        f'<urlset xmlns="{SITEMAP_NS}"' + (f' xmlns:xhtml="{XHTML_NS}">' if several else ">"),
    ]
    for folder in editions.values():
        for path in sorted(set(paths)):
            lines += ["  <url>", f"    <loc>{escape(base_url + folder + path)}</loc>"]
            if path in updated:
                lines.append(f"    <lastmod>{updated[path].isoformat()}</lastmod>")
            for lang, to in alternates:
                href = _attribute(base_url + to + path)
                lines.append(f'    <xhtml:link rel="alternate" hreflang="{_attribute(lang)}" href="{href}" />')
            lines.append("  </url>")
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode()


def _attribute(value: str) -> str:
    """An attribute's value escaped as ElementTree escapes it (its text: ``escape`` alone)."""
    return escape(value, _ATTRIBUTE)


_ATTRIBUTE = {'"': "&quot;", "\r": "&#13;", "\n": "&#10;", "\t": "&#09;"}


def robots(base_url: str) -> bytes:
    return (f"User-agent: *\nAllow: /\nDisallow: /*/sematkan/\n\nSitemap: {base_url}sitemap.xml\n").encode()


def feed(
    reports: list[Report],
    f: Formatter,
    base_url: str,
    title: str,
    built: dt.date,
    histories: Histories = NO_HISTORIES,
    summaries: Summariser | None = None,
) -> bytes:
    """The latest ``ENTRIES`` data updates, newest first: each source that entered a regency's file, on
    the day it was read, and each correction of a figure, on its day (history.py). (Feed readers want
    what is new; the whole history is in data/sumber.csv and data/revisi.csv.) ``summaries``: each
    entry's text (``summary``), kept by the build between runs; else worked out."""
    summaries = summaries or (lambda report, source: summary(f, report, source))
    updates: list[tuple[dt.date, Report, Source | Correction]] = [
        (source.accessed, report, source)
        for report in reports
        if report.data is not None
        for source in report.data.sources
    ]
    updates += [
        (c.day, report, c)
        for report in reports
        if report.data is not None
        for c in histories.of(report.regency.code).corrections
    ]
    entries = sorted(updates, key=lambda e: (-e[0].toordinal(), e[1].regency.code, _order(e[2])))[:ENTRIES]
    host = base_url.split("//", 1)[1].split("/", 1)[0]

    root = ET.Element("feed", xmlns=ATOM_NS)
    root.set("xml:lang", f.language)
    ET.SubElement(root, "title").text = f._("{site}: pembaruan data", site=title)
    ET.SubElement(root, "subtitle").text = f._("Angka perlindungan pekerja rentan yang baru masuk, dengan sumbernya.")
    ET.SubElement(root, "id").text = base_url
    ET.SubElement(root, "link", rel="self", href=f"{base_url}feed.xml")
    ET.SubElement(root, "link", rel="alternate", href=base_url)
    ET.SubElement(root, "updated").text = _stamp(entries[0][0] if entries else built)
    ET.SubElement(ET.SubElement(root, "author"), "name").text = title
    for accessed, report, source in entries:
        assert report.data is not None
        if isinstance(source, Correction):
            _correction_entry(root, f, report, source, base_url, host)
            continue
        url = base_url + urls.regency(report.regency, report.province)
        entry = ET.SubElement(root, "entry")
        ET.SubElement(entry, "title").text = f._(
            "{place}: data dari {publisher}", place=report.regency.name, publisher=source.publisher
        )
        ET.SubElement(entry, "id").text = f"tag:{host},{accessed.isoformat()}:{report.data.code}/{source.id}"
        ET.SubElement(entry, "link", rel="alternate", href=url)
        ET.SubElement(entry, "updated").text = _stamp(accessed)
        if source.published:
            ET.SubElement(entry, "published").text = _stamp(source.published)
        ET.SubElement(entry, "summary").text = summaries(report, source)
        ET.SubElement(entry, "category", term=report.province.slug, label=report.province.name)
    return _xml(root)


def summary(f: Formatter, report: Report, source: Source) -> str:
    """An entry's text: the source, and each figure of the page it is cited for, with its date."""
    assert report.data is not None
    cited = [x for x in report.figures if f"{report.data.code}/{source.id}" in x.sources]
    said = "; ".join(
        f"{f.label(x)}: {f.display(x)}" + (f" ({when})" if (when := f.figure_when(x)) else "") for x in cited
    )
    return f"{source.publisher}, “{source.title}”. " + (
        f._("Angka: {figures}.", figures=said) if said else f._("Sumber pendukung.")
    )


def _order(update: Source | Correction) -> tuple:
    """Within a day and a regency: sources by id, then corrections in the order they were made."""
    return (0, update.id, "") if isinstance(update, Source) else (1, update.date, update.figure)


def _correction_entry(root: ET.Element, f: Formatter, report: Report, c: Correction, base_url: str, host: str) -> None:
    """One correction of a figure: its id names the figure and the commit (or, for a correction written in
    the file about an older change, its date), so a feed reader sees each once."""
    figure = report.by_id(c.figure)
    label = f.label(figure) if figure else c.figure
    entry = ET.SubElement(root, "entry")
    ET.SubElement(entry, "title").text = f._("{regency}: koreksi {label}", regency=report.regency.name, label=label)
    made = c.commit or c.day.isoformat()
    ET.SubElement(entry, "id").text = f"tag:{host},{c.day.isoformat()}:{report.regency.code}/{c.figure}/{made}"
    page = base_url + urls.regency(report.regency, report.province)
    ET.SubElement(entry, "link", rel="alternate", href=f"{page}#riwayat-perubahan")
    ET.SubElement(entry, "updated").text = _stamp(c.day)
    ET.SubElement(entry, "summary").text = revised(f, report, c)
    ET.SubElement(entry, "category", term=report.province.slug, label=report.province.name)


def _stamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def _xml(element: ET.Element) -> bytes:
    ET.indent(element)
    return ET.tostring(element, encoding="utf-8", xml_declaration=True) + b"\n"
