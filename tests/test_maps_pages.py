"""The tile-grid maps and the rankings on the built pages (issue 14): every cell a link to a page that
exists, every province its cells, every regency its locator, the size budget, the ranking's order and
its wider groups kept apart, and a rebuild that draws only the maps whose data changed."""

from __future__ import annotations

import datetime as dt
import gzip
import re
from pathlib import Path
from posixpath import normpath

import pytest
import yaml

from generator import engine, maps, pages
from generator.build import build
from generator.derive import report
from generator.fmt import formatter
from generator.register import load_register
from generator.schema import RegencyData

from conftest import REPO

ID = formatter("id")
SVG = re.compile(r"<svg\b.*?</svg>", re.S)
HREF = re.compile(r'<a href="([^"]+)"')


def _svgs(page: Path) -> dict[str, str]:
    """The inline SVGs of a built page, by id."""
    return {re.search(r'id="([^"]+)"', s)[1]: s for s in SVG.findall(page.read_text(encoding="utf-8"))}  # type: ignore[index]


def _target(output: Path, page: Path, href: str) -> Path:
    """Where a relative href of ``page`` leads in the output (a folder's index.html)."""
    folder = page.parent.relative_to(output).as_posix()
    return output / normpath(f"{folder}/{href}") / "index.html"


@pytest.fixture(scope="module")
def register():
    return load_register(REPO / "data" / "register")


def test_every_home_cell_links_to_an_existing_regency_page(seed_site, register):
    home = seed_site / "index.html"
    found = _svgs(home)
    assert set(found) == {"peta-status-svg", "peta-angka-svg"}
    for svg in found.values():
        links = HREF.findall(svg)
        named = re.findall(r'<a href="[^"]+" aria-label="[^"]+"', svg)
        assert len(named) == len(register.regencies) == len(set(links)) == 514  # one named link per regency
        for href in links:
            assert not href.startswith(("http:", "https:", "/")), href  # relative: right on any host
            assert _target(seed_site, home, href).is_file(), href
        assert "role=" not in svg.split(">", 1)[0] and 'aria-labelledby="' in svg  # a document of links
        assert 'width="' not in svg.split(">", 1)[0] and "viewBox=" in svg.split(">", 1)[0]  # responsive
        assert svg.count('tabindex="-1"') == len(links)  # the tables carry the same links for the keyboard
        assert "xlink:href" not in svg and "jaring.invalid" not in svg


def test_the_status_map_says_what_the_table_says(seed_site):
    text = (seed_site / "index.html").read_text(encoding="utf-8")
    status_map = _svgs(seed_site / "index.html")["peta-status-svg"]
    none, old, recent = maps.status_words(ID)
    # the seed: Kutai Barat counted within 12 months of the build date, three others older, 510 without
    assert status_map.count(f'fill="{maps.COLOURS[maps.RECENT]}"') == 1 + 1  # one cell, one legend square
    assert status_map.count(f'fill="{maps.COLOURS[maps.OLD]}"') == 3 + 1
    assert re.search(rf"<th scope=\"row\">{recent}</th><td[^>]*>1</td>", text)
    assert re.search(rf"<th scope=\"row\">{none}</th><td[^>]*>510</td>", text)
    assert 'aria-label="Kabupaten Kutai Barat: Angka dalam 12 bulan terakhir"' in status_map


def test_the_maps_keep_within_their_size_budget(seed_site):
    for svg in _svgs(seed_site / "index.html").values():
        data = svg.encode()
        assert len(data) <= 100_000 and len(gzip.compress(data)) <= 15_000, (len(data), len(gzip.compress(data)))


def test_every_province_page_has_its_cells_labelled_and_linked(seed_site, register):
    for code, province in register.provinces.items():
        page = seed_site / province.slug / "index.html"
        svg = _svgs(page)["peta-provinsi-svg"]
        mine = [r for r in register.regencies.values() if r.province_code == code]
        cells = HREF.findall(svg)
        # a named link per cell (in the tab order) and one per label (hidden from assistive tech: the same place)
        assert len(re.findall(r'<a href="[^"]+" aria-label="', svg)) == len(mine), province.name
        assert {_target(seed_site, page, h) for h in cells} == {
            seed_site / province.slug / r.slug / "index.html" for r in mine
        }
        for href in cells:
            assert _target(seed_site, page, href).is_file(), (province.name, href)


def test_every_regency_page_has_a_locator_with_its_cell_highlighted(seed_site, register):
    seen = 0
    for regency in register.regencies.values():
        province = register.provinces[regency.province_code]
        page = seed_site / province.slug / regency.slug / "index.html"
        svg = _svgs(page)["peta-lokasi-svg"]
        assert svg.count(f'fill="{maps.HIGHLIGHT}"') == 1, regency.name
        assert 'role="img"' in svg and "<a " not in svg
        assert len(svg.encode()) <= 15_000
        seen += 1
    assert seen == 514


def test_a_locator_highlights_the_regency_it_is_for():
    drawn = (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" version="1.1" '
        'class="marks" width="10" height="10" viewBox="0 0 10 10">'
        f'<a xlink:href="{maps.DRAWN_BASE}a/x/"><path d="M0,0h4.000001v4Z" fill="{maps.COLOURS[maps.NONE]}"/></a>'
        f'<a xlink:href="{maps.DRAWN_BASE}a/y/"><path d="M5,0h4v4Z" fill="{maps.COLOURS[maps.NONE]}"/></a></svg>'
    )
    out = maps.inline(drawn, "../", "m", {}, labelled_by="t", chosen=f"{maps.DRAWN_BASE}a/y/")
    assert out.startswith('<svg xmlns="http://www.w3.org/2000/svg" class="map-svg" id="m" viewBox="0 0 10 10"')
    assert '<path d="M5,0h4v4Z" fill="' + maps.HIGHLIGHT + '"/>' in out
    assert '<path d="M0,0h4v4Z" fill="' + maps.COLOURS[maps.NONE] + '"/>' in out  # rounded to a tenth
    linked = maps.inline(drawn, "../", "m", {f"{maps.DRAWN_BASE}a/x/": "X"}, labelled_by="t")
    assert '<a href="../a/x/" aria-label="X">' in linked and "jaring.invalid" not in linked


# --- rankings ---------------------------------------------------------------------------------------


def _data(code: str, counts: list[dict]) -> RegencyData:
    return RegencyData.model_validate(
        {
            "code": code,
            "sources": [
                {
                    "id": "a",
                    "publisher": "P",
                    "title": "T",
                    "kind": "berita",
                    "published": dt.date(2025, 1, 1),
                    "url": "https://x.example/a",
                    "accessed": dt.date(2026, 11, 21),
                }
            ],
            "protected": [{"source": "a", **c} for c in counts],
        }
    )


def test_the_ranking_orders_by_the_latest_count_and_keeps_wider_groups_apart(register):
    given = {
        "64.08": _data(
            "64.08", [{"value": 93000, "date": dt.date(2025, 10, 20)}, {"value": 40000, "date": dt.date(2024, 3, 1)}]
        ),
        "64.02": _data("64.02", [{"value": 51000, "year": 2023}]),
        "64.07": _data("64.07", [{"value": 51000, "date": dt.date(2025, 12, 17)}]),
        # a wider group only: more people, but not pekerja rentan, so not ranked with them
        "64.01": _data(
            "64.01", [{"value": 400000, "date": dt.date(2025, 6, 1), "group": "lebih-luas", "who": "semua peserta"}]
        ),
    }
    reports = [report(register.regencies[c], register, d) for c, d in given.items()]
    ranked = pages.ranking(ID, reports, lambda r: r.regency.slug + "/")
    assert [(r.rank, r.name, r.count.display) for r in ranked.rows] == [
        (1, "Kabupaten Kutai Timur", "93.000"),
        (2, "Kabupaten Kutai Barat", "51.000"),  # equal counts share a rank, then by name
        (2, "Kabupaten Kutai Kartanegara", "51.000"),
    ]
    kutim = ranked.rows[0]
    assert (kutim.change.display, kutim.change_since) == ("+53.000", "1 Maret 2024")  # type: ignore[union-attr]
    assert ranked.rows[1].change is None
    assert [(w.name, w.who, w.count.display) for w in ranked.wider] == [("Kabupaten Paser", "semua peserta", "400.000")]
    assert "Kabupaten Paser" not in {r.name for r in ranked.rows}


def test_the_home_page_ranks_the_seed_regencies(seed_site):
    text = (seed_site / "index.html").read_text(encoding="utf-8")
    table = text[text.index('<table class="sortable stack ranking"') :]
    table = table[: table.index("</table>")]
    names = re.findall(r'<th scope="row"><a href="[^"]+">([^<]+)</a>', table)
    counts = [int(v) for v in re.findall(r'data-label="Terlindungi" data-sort="(\d+)"', table)]
    assert counts == sorted(counts, reverse=True) and len(names) == len(counts) >= 3
    assert names[0] == "Kabupaten Kutai Timur"


# --- drawing only what changed ----------------------------------------------------------------------


def test_a_rebuild_draws_only_the_maps_whose_data_changed(cold_site_copy, tmp_path, monkeypatch):
    drawn: list[int] = []
    real = engine.vegalite_to_svg

    def counting(spec, *args):
        drawn.append(len(spec.get("datasets", {}).get("rows", [])))
        return real(spec, *args)

    monkeypatch.setattr(engine, "vegalite_to_svg", counting)  # maps are drawn in-process with jobs=1
    output = tmp_path / "out"
    build(cold_site_copy, output, jobs=1)
    provinces = len(load_register(REPO / "data" / "register").provinces)
    editions = len(yaml.safe_load((cold_site_copy / "data" / "site.yaml").read_text(encoding="utf-8"))["languages"])
    # in each edition (its words are drawn in): the two country maps, each province's map and its locator
    assert len(drawn) == editions * (2 + 2 * provinces)
    drawn.clear()
    build(cold_site_copy, output, jobs=1)
    assert drawn == []  # nothing changed: nothing drawn
    kutim = cold_site_copy / "data/regencies/64.08-kutai-timur.yaml"
    kutim.write_text(kutim.read_text(encoding="utf-8").replace("value: 93000", "value: 93500", 1), encoding="utf-8")

    def built_again(words):
        raise AssertionError(f"the map templates of {words} were built again, not taken from the store")

    monkeypatch.setattr(maps, "templates", built_again)  # made by the first build, kept in its store
    build(cold_site_copy, output, jobs=1)
    # only the count map draws its count: its status (recent) is as it was, so neither the status map nor
    # its province's map nor any locator is drawn again
    assert drawn == [514] * editions
