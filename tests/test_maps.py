"""The tile-grid maps: rows from reports, templates that validate, one drawn SVG with a link per cell."""

from __future__ import annotations

import datetime as dt
import gzip
import re
from pathlib import Path

import pytest

from generator import engine, maps
from generator.derive import report
from generator.fmt import formatter
from generator.register import load_register
from generator.schema import RegencyData

ID = formatter("id")
ROOT = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 11, 21)


def _data(code: str, day: dt.date, value: int) -> RegencyData:
    return RegencyData.model_validate(
        {
            "code": code,
            "sources": [
                {
                    "id": "a",
                    "publisher": "P",
                    "title": "T",
                    "kind": "berita",
                    "published": day,
                    "url": "https://x.example/a",
                    "accessed": dt.date(2026, 11, 21),
                }
            ],
            "protected": [{"value": value, "date": day, "source": "a"}],
        }
    )


@pytest.fixture(scope="module")
def world():
    register = load_register(ROOT / "data" / "register")
    given = {"64.08": _data("64.08", dt.date(2026, 10, 20), 93000), "64.02": _data("64.02", dt.date(2024, 5, 1), 51000)}
    reports = [report(r, register, given.get(code)) for code, r in register.regencies.items()]
    grid = maps.load_grid(ROOT / "data" / "register")
    return reports, maps.rows(reports, grid, ID, TODAY, "https://jaring.example/sub/")


def test_rows_say_status_name_link_and_count(world):
    _, rows = world
    assert len(rows) == 514 and len({(r["column"], r["row"]) for r in rows}) == 514
    by = {r["code"]: r for r in rows}
    none, old, recent = maps.status_words(ID)
    assert by["64.08"] | {"column": 0, "row": 0} == {
        "code": "64.08",
        "province": "64",
        "column": 0,
        "row": 0,
        "status": recent,
        "label": "Kabupaten Kutai Timur",
        "count": "93.000",
        "when": "20 Oktober 2026",
        "value": 93000,
        "href": "https://jaring.example/sub/kalimantan-timur/kabupaten-kutai-timur/",
    }
    assert (by["64.02"]["status"], by["64.02"]["count"]) == (old, "51.000")
    assert (by["11.01"]["status"], by["11.01"]["value"], by["11.01"]["count"]) == (none, None, "Tidak dilaporkan")


def test_status_a_year_back_and_a_count_with_its_year_only():
    register = load_register(ROOT / "data" / "register")
    r = register.regencies["64.08"]
    assert maps.status(report(r, register, _data("64.08", dt.date(2025, 11, 21), 1)), TODAY) == maps.RECENT
    assert maps.status(report(r, register, _data("64.08", dt.date(2025, 11, 20), 1)), TODAY) == maps.OLD
    assert maps.status(report(r, register, None), TODAY) == maps.NONE


def test_province_rows_start_at_the_corner_and_mark_the_chosen(world):
    _, rows = world
    mine = maps.province_rows(rows, "64", highlight="64.08")
    assert len(mine) == 10 and min(r["column"] for r in mine) == 0 and min(r["row"] for r in mine) == 0
    assert [r["code"] for r in mine if r["chosen"]] == ["64.08"]
    assert {r["short"] for r in mine} >= {"Kutai Timur", "Kota Samarinda"}


def test_templates_build_and_the_country_map_is_small_with_a_link_per_cell(world):
    _, rows = world
    template = maps.country_template(maps.status_words(ID))
    assert template["data"] == {"name": "rows"}
    assert template["encoding"]["color"]["scale"]["domain"] == list(maps.status_words(ID))
    for other in (
        maps.count_template(),
        maps.province_template(maps.status_words(ID)),
        maps.locator_template(),
    ):
        assert "layer" in other or other["data"] == {"name": "rows"}
    svg = engine.vegalite_to_svg(maps.spec(template, rows, ID), ID.d3_format_locale(), ID.d3_time_locale())
    links = re.findall(r'<a xlink:href="([^"]+)"', svg)
    assert len(links) == 514 and "https://jaring.example/sub/kalimantan-timur/kabupaten-kutai-timur/" in links
    assert len(svg.encode()) <= 100_000 and len(gzip.compress(svg.encode())) <= 15_000
    for word in maps.status_words(ID):
        assert word in svg  # the legend, in the page's language
