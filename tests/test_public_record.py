"""The public record: the shipped data holds the articles of ../shared/articles/, every figure reaches its
regency's page with its publisher linked, totals never mislead, and the checks say what they found.

The first tests read the data files and the built pages; they hold whatever regencies are added. The
last ones pin what the articles of a few regencies say (series, disagreements, plausibility)."""

from __future__ import annotations

import html as htmllib
import re
from pathlib import Path

import pytest

from generator.build import gather
from generator.derive import report
from generator.fmt import formatter
from generator.urls import regency as regency_path

from conftest import BUILD_EPOCH, REPO

ARTICLES = REPO.parent / "shared" / "articles"
ID = formatter("id")


@pytest.fixture(scope="module")
def shipped():
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", BUILD_EPOCH)
        _, inputs = gather(REPO)
    reports = {
        code: report(inputs.register.regencies[code], inputs.register, data) for code, data in inputs.regencies.items()
    }
    return inputs, reports


def page_of(site: Path, r) -> str:
    return htmllib.unescape((site / regency_path(r.regency, r.province) / "index.html").read_text(encoding="utf-8"))


def test_at_least_the_seventeen_regencies_of_the_articles_have_data(shipped):
    inputs, _ = shipped
    assert len(inputs.regencies) >= 17


def test_every_source_has_a_url_and_no_warning_says_otherwise(shipped):
    inputs, _ = shipped
    assert all(source.url for data in inputs.regencies.values() for source in data.sources)
    assert not [w for w in inputs.warnings if "has no URL" in w.message]


@pytest.mark.skipif(not ARTICLES.is_dir(), reason="the fact sheets (../shared/articles) are not beside this checkout")
def test_every_article_of_the_fact_sheets_is_a_source_of_its_regency(shipped):
    """Each URL of a fact sheet is a source (or a twin of one) of the regency the sheet is about."""
    inputs, _ = shipped
    for sheet in sorted(ARTICLES.glob("[0-9][0-9].[0-9][0-9]-*.md")):
        code = sheet.name[:5]
        data = inputs.regencies[code]
        known = {s.url for s in data.sources} | {twin for s in data.sources for twin in s.twins}
        listed = re.findall(r"^- URL: (\S+)", sheet.read_text(encoding="utf-8"), re.M)
        missing = [url for url in listed if url not in known]
        assert not missing, f"{sheet.name}: {missing}"


def test_every_figure_is_on_its_page_with_its_publisher_linked(shipped, shipped_site):
    """Each figure of each data file: its value in Indonesian format, as printed, and a link to each source."""
    inputs, reports = shipped
    for code, r in reports.items():
        html = page_of(shipped_site, r)
        publishers = {f"{code}/{s.id}": s for s in inputs.regencies[code].sources}
        for figure in r.figures:
            row = re.search(rf'<tr id="tabel-{re.escape(figure.anchor)}">(.*?)</tr>', html, re.S)
            assert row, f"{code}: {figure.id} is not in the table of every figure"
            cells = row.group(1)
            assert ID.exact(figure) in cells, f"{code}: {figure.id} lacks {ID.exact(figure)}"
            if figure.printed:
                assert f"“{figure.printed}”" in cells, f"{code}: {figure.id} lacks its printed value"
            for key in figure.sources:
                anchor = "sumber-" + re.sub(r"[^a-z0-9]+", "-", key)
                assert f'<a href="#{anchor}">{publishers[key].publisher}</a>' in cells, f"{code}: {figure.id}, {key}"
        for source in inputs.regencies[code].sources:
            assert f'href="{source.url}"' in html, f"{code}: {source.url} is not linked"


def test_the_home_page_leads_with_coverage_and_sums_nothing(shipped_site, shipped):
    inputs, _ = shipped
    home = (shipped_site / "index.html").read_text(encoding="utf-8")
    first = re.search(r'<p class="card-label">(.*?)</p>\s*<p class="card-value">(.*?)</p>', home, re.S)
    assert "punya angka yang dipublikasikan" in first.group(1)
    assert first.group(2).startswith(f'{len(inputs.regencies)} <span class="of">dari 514')
    assert "Jumlah pekerja rentan" not in home and "tidak menjumlahkannya" in home


@pytest.mark.parametrize("code", ["64.74", "52.03", "64.08", "64.02"])
def test_regencies_with_a_series_show_it_over_time(shipped, shipped_site, code):
    _, reports = shipped
    r = reports[code]
    assert len([c for c in r.counts() if c.value]) >= 2
    assert 'id="grafik-perkembangan"' in page_of(shipped_site, r)


def test_kutai_kartanegara_shows_its_disagreeing_counts_side_by_side(shipped, shipped_site):
    _, reports = shipped
    r = reports["64.02"]
    html = page_of(shipped_site, r)
    section = re.search(r'<section aria-labelledby="sumber-berbeda">(.*?)</section>', html, re.S).group(1)
    blocks = re.findall(r'<div class="disagreement" id="beda-\d+">(.*?)</table>', section, re.S)
    assert len(blocks) == len(r.disagreements) >= 1
    counts = r.disagreements[0]
    values = {ID.display(r.by_id(fid)) for fid in counts.figures}
    assert len(values) >= 2 and all(v in blocks[0] for v in values)  # every value, none picked
    assert "51.000" in blocks[0] and "lebih dari 56.000" in blocks[0]


def test_the_plausibility_check_passes_ppu_and_flags_kukar_2023(shipped):
    _, reports = shipped
    ppu = [f for f in reports["64.09"].of("budget-check") if f.value == 3_024_000_000]
    assert ppu and not any(f.flagged for f in ppu)
    assert ID.formula(ppu[0].formula) == "15.000 × Rp16.800 × 12 bulan"
    kukar = [f for f in reports["64.02"].of("budget-check") if f.year == 2023]
    assert [round(f.value / 1e8) for f in kukar] == [103] and kukar[0].flagged  # Rp18 miliar against ~Rp10,3 miliar
    assert "periksa sumber" in ID.remark(kukar[0])
    [jayapura] = reports["91.71"].of("budget-check")
    assert jayapura.formula.operands[0].value == 8304  # the city's own 8.304, not the 2.700 of village funds


def test_a_wider_group_or_the_province_never_makes_the_headline(shipped):
    _, reports = shipped
    for r in reports.values():
        head = r.protected
        if head is not None and head.value is not None:
            assert head.group == "pekerja-rentan" and "apbd-provinsi" not in head.payer and head.segment is None
    assert reports["64.09"].protected.value == 15000  # not 20.614 (with the province's 5.614)


def test_check_prints_the_state_of_the_data(tmp_path):
    from click.testing import CliRunner

    from generator.cli import main

    result = CliRunner().invoke(main, ["check", "--root", str(REPO)], env={"SOURCE_DATE_EPOCH": BUILD_EPOCH})
    assert result.exit_code == 0, result.output
    assert re.search(r"^data: \d+ of 514 regencies; \d+ figures reported, \d+ derived", result.output, re.M)
    assert re.search(r"^plausibility: \d+ budgets far from count × premium", result.output, re.M)
    assert "64.02 Kabupaten Kutai Kartanegara: budget-check/" in result.output


def test_the_methodology_page_shows_the_state_of_the_data(shipped_site):
    about = (shipped_site / "tentang/index.html").read_text(encoding="utf-8")
    assert 'id="keadaan-data"' in about and "dari 514 kabupaten/kota punya angka" in about
    assert re.search(r'<a href="\.\./kalimantan-timur/kabupaten-kutai-kartanegara/#tabel-angka-budget-check', about)


def test_what_a_source_says_of_itself_is_on_the_page(shipped, shipped_site):
    """A source's twins are linked, an inferred date says so, and a date printed otherwise is quoted."""
    inputs, reports = shipped
    for code, r in reports.items():
        html = page_of(shipped_site, r)
        for source in inputs.regencies[code].sources:
            item = re.search(
                rf'<li id="sumber-{re.escape(code.replace(".", "-"))}-{re.escape(source.id)}">(.*?)</li>', html, re.S
            )
            assert item, f"{code}: {source.id} is not in the list of sources"
            text = item.group(1)
            assert all(f'href="{twin}"' in text for twin in source.twins), f"{code}: {source.id}'s twins"
            assert ("(disimpulkan)" in text) == source.date_inferred, f"{code}: {source.id}"
            if source.published_printed:
                assert f"(tercetak: “{source.published_printed}”)" in text, f"{code}: {source.id}"


def test_programmes_and_schemes_are_on_the_page(shipped, shipped_site):
    _, reports = shipped
    for r in reports.values():
        html = page_of(shipped_site, r)
        for figure in r.figures:
            row = re.search(rf'<tr id="tabel-{re.escape(figure.anchor)}">(.*?)</tr>', html, re.S).group(1)
            if figure.programmes:
                assert f"Program: {', '.join(figure.programmes)}" in row, figure.id
            if figure.scheme:
                assert f"Skema: {figure.scheme}" in row, figure.id


def test_kutai_timur_shows_its_pace_to_target_with_the_method(shipped, shipped_site):
    """The counts-over-time chart carries the pace to target as two rows of its own (a dashed line from the
    latest count to the target), and says the method in its description; without a target, none."""
    import json

    _, reports = shipped
    kutim = reports["64.08"]
    folder = shipped_site / regency_path(kutim.regency, kutim.province) / "grafik"
    spec = json.loads(next(folder.glob("*perkembangan.vl.json")).read_text(encoding="utf-8"))
    projected = [row for row in spec["datasets"]["rows"] if row["proyeksi"]]
    assert len(projected) == 2 and projected[1]["nilai"] == kutim.target.value
    assert "Laju linear" in page_of(shipped_site, kutim) and "tercapai sekitar" in page_of(shipped_site, kutim)
    bontang = reports["64.74"]  # no target printed: no projection
    folder = shipped_site / regency_path(bontang.regency, bontang.province) / "grafik"
    rows = json.loads(next(folder.glob("*perkembangan.vl.json")).read_text(encoding="utf-8"))["datasets"]["rows"]
    assert rows and not any(row["proyeksi"] for row in rows)


def test_the_first_card_is_the_headline_count_never_a_wider_group(shipped, shipped_site):
    """Kukar's latest figure in the file is a wider group's segment; its first card is its headline count."""
    _, reports = shipped
    for r in reports.values():
        first = re.search(r'<div class="card[^"]*" id="([^"]+)"', page_of(shipped_site, r)).group(1)
        assert first == r.protected.anchor, r.regency.name
