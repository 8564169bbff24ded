"""Social cards: 1200×630 PNGs whose text stays text and stays on the card."""

from __future__ import annotations

import struct
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import cards, draw

SVG = "{http://www.w3.org/2000/svg}"
KUTIM = (
    "Jaring",
    "Kabupaten Kutai Timur",
    "Kalimantan Timur",
    "Pekerja rentan terlindungi",
    "93.000",
    "Dilaporkan · 20 Oktober 2025",
    "Sumber: Indeksmedia, 20 Oktober 2025",
)
LONG_NAME = "Kabupaten Kepulauan Siau Tagulandang Biaro"
LONG_SOURCE = (
    "Sumber: Pemerintah Kabupaten Kepulauan Siau Tagulandang Biaro, siaran pers Dinas Tenaga Kerja "
    "tentang perlindungan pekerja rentan melalui BPJS Ketenagakerjaan, 3 Februari 2025"
)


def png_size(png: bytes) -> tuple[int, int]:
    """Width and height from the IHDR chunk, which a valid PNG has first."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    length, kind, width, height = struct.unpack(">I4sII", png[8:24])
    assert (length, kind) == (13, b"IHDR")
    return width, height


def texts(svg: str) -> list[ET.Element]:
    return list(ET.fromstring(svg).iter(f"{SVG}text"))


def extent(el: ET.Element) -> tuple[float, float]:
    """Left and right edge of a text element, by the module's (generous) width estimate."""
    x, width = float(el.get("x")), cards.text_width(el.text or "", float(el.get("font-size")))
    return (x - width, x) if el.get("text-anchor") == "end" else (x, x + width)


@pytest.mark.parametrize(
    "args",
    [
        KUTIM,
        ("Jaring", LONG_NAME, "Sulawesi Utara", "Anggaran APBD", "Rp18 miliar", "Turunan · 2024", LONG_SOURCE),
        (
            "Jaring",
            LONG_NAME * 3,
            "Sulawesi Utara " * 9,
            "Iuran per pekerja " * 6,
            "Rp352.941",
            "2025 " * 40,
            LONG_SOURCE * 3,
        ),
    ],
)
def test_card_is_a_1200_by_630_png(args):
    assert png_size(draw.card_png(cards.card_svg(*args))) == (1200, 630)


@pytest.mark.parametrize("value", ["93.000", "Rp18 miliar", "Rp352.941", "Rp54.307.662.320", "62,0%"])
@pytest.mark.parametrize("region, source", [(KUTIM[1], KUTIM[6]), (LONG_NAME, LONG_SOURCE)])
def test_every_line_stays_inside_the_margins(value, region, source):
    svg = cards.card_svg("Jaring", region, "Sulawesi Utara", "Pekerja rentan terlindungi", value, KUTIM[5], source)
    for el in texts(svg):
        left, right = extent(el)
        assert left >= cards.MARGIN - 0.05 * float(el.get("font-size")) and right <= cards.W - cards.MARGIN, el.text
    figure = max(texts(svg), key=lambda el: float(el.get("font-size")))
    assert figure.text == value and float(figure.get("font-size")) >= 96  # big even as a thumbnail


def test_a_long_name_wraps_onto_two_lines_whole():
    lines = [el.text for el in texts(cards.card_svg(KUTIM[0], LONG_NAME, *KUTIM[2:]))]
    assert lines[:2] == ["Kabupaten Kepulauan Siau", "Tagulandang Biaro"]


HOSTILE = (
    "<b>Jaring</b>",
    "<script>alert('x')</script> & \"K\"",
    "Prov & <i>",
    "a < b > c",
    "Rp1 & 2",
    "Dilaporkan · 'x' \"y\"",
    "Sumber: A&B <script>alert(1)</script>",
)


def test_hostile_strings_stay_text():
    svg = cards.card_svg(*HOSTILE)
    root = ET.fromstring(svg)
    assert {el.tag for el in root.iter()} == {f"{SVG}svg", f"{SVG}rect", f"{SVG}text"}
    assert "<script" not in svg
    assert {el.text for el in texts(svg)} == set(HOSTILE)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(max_size=120), min_size=7, max_size=7))
def test_any_text_gives_parseable_svg_of_text_only(args):
    root = ET.fromstring(cards.card_svg(*args))
    assert {el.tag for el in root.iter()} <= {f"{SVG}svg", f"{SVG}rect", f"{SVG}text"}


@pytest.mark.parametrize(
    "text, size, width, joiner",
    [
        (LONG_NAME, 60, 1072, " "),
        (LONG_SOURCE, 23, 800, " "),  # words kept whole: lines break at spaces
        ("Tanpaspasisamasekali" * 8, 40, 300, ""),
        ("W" * 50, 30, 200, ""),  # no spaces: split where needed
    ],
)
def test_wrap_keeps_every_line_within_the_width(text, size, width, joiner):
    lines = cards.wrap(text, size, width)
    assert len(lines) > 1 and all(cards.text_width(line, size) <= width for line in lines)
    assert joiner.join(lines) == text  # nothing lost, nothing added


@given(st.text(), st.integers(10, 100), st.integers(110, 1200))  # a line always has room for one glyph
def test_wrap_property(text, size, width):
    lines = cards.wrap(text, size, width)
    assert all(line and cards.text_width(line, size) <= width for line in lines)
    assert "".join("".join(lines).split()) == "".join(text.split())


def test_wrap_breaks_at_spaces():
    assert cards.wrap("Kutai Timur Kalimantan", 20, cards.text_width("Kutai Timur", 20)) == [
        "Kutai Timur",
        "Kalimantan",
    ]


# Advance widths (em) read from LiberationSans-Bold.ttf / -Regular.ttf: the estimate must not fall short.
@pytest.mark.parametrize(
    "ch, em",
    [
        ("0", 0.556),
        ("m", 0.889),
        ("w", 0.778),
        ("W", 0.944),
        ("M", 0.833),
        ("G", 0.778),
        ("@", 1.015),
        ("r", 0.389),
        ("i", 0.278),
        (" ", 0.278),
        ("·", 0.278),
        ("…", 1.0),
    ],
)
def test_width_estimate_is_never_narrower_than_liberation_sans(ch, em):
    assert cards.text_width(ch, 100) >= em * 100


def test_fit_shrinks_before_it_cuts():
    assert cards.fit("Kabupaten Kutai Timur", 1072, (60, 42), 1) == (60, ["Kabupaten Kutai Timur"])
    size, lines = cards.fit(LONG_NAME * 4, 1072, (60, 42), 2)
    assert size == 42 and len(lines) == 2 and lines[-1].endswith("…")
    assert all(cards.text_width(line, size) <= 1072 for line in lines)
