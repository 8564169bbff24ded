"""Hostile input from many hands never becomes live markup on a page."""

from __future__ import annotations

import re
import zipfile

import pytest
from click.testing import CliRunner
from test_site import scripts_are_files_or_data

from generator.cli import main
from generator.narrative import to_html

PAYLOADS = [
    '<script>alert("x")</script>',
    '"><img src=x onerror=alert(1)>',
    "<svg onload=alert(1)>",
    '<a href="javascript:alert(1)">klik</a>',
    "<iframe src=//evil.example></iframe>",
]

FORMULA = '=HYPERLINK("http://x","y")'
LIVE = re.compile(r"<script|<iframe|<img|onerror=|onload=|onclick=|javascript:", re.I)


def test_narrative_markup_is_sanitised():
    html = to_html("\n\n".join(PAYLOADS) + "\n\n[klik](javascript:alert(1)) [ok](https://example.org)", section=True)
    assert not LIVE.search(html)
    assert '<a href="https://example.org" rel="noopener noreferrer nofollow">ok</a>' in html


def test_hostile_narrative_and_yaml_strings_reach_no_page(site_copy, tmp_path):
    regency = site_copy / "data/regencies/64.08-kutai-timur.yaml"
    text = regency.read_text(encoding="utf-8")
    text = text.replace("publisher: ProkopimKutim", f"publisher: '{PAYLOADS[0]}'")
    text = text.replace("- {name: petani mandiri,", f"- {{name: '{PAYLOADS[1]}',")
    text = text.replace("title: Peluncuran 2.000 kartu", f"title: {PAYLOADS[2]} Peluncuran 2.000 kartu")
    regency.write_text(text, encoding="utf-8")
    other = site_copy / "data/regencies/64.07-kutai-barat.yaml"  # a formula where a spreadsheet would run it
    other.write_text(
        other.read_text(encoding="utf-8").replace("publisher: Dailykaltim.co", f"publisher: '{FORMULA}'"),
        encoding="utf-8",
    )
    narrative = site_copy / "content/narratives/64.08.md"
    narrative.write_text("\n\n".join(PAYLOADS) + "\n\n[x](javascript:alert(1))\n", encoding="utf-8")
    output = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", "--root", str(site_copy), "--output", str(output)])
    assert result.exit_code == 0, result.output
    html = (output / "kalimantan-timur/kabupaten-kutai-timur/index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html  # shown as text, escaped
    for page in output.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert scripts_are_files_or_data(html), page
        assert not re.search(r"<[^>]*(alert|evil\.example)", html), page  # no payload inside a live tag
    sources = (output / "data/sumber.csv").read_text(encoding="utf-8")
    assert f'"\'{FORMULA.replace(chr(34), 2 * chr(34))}"' in sources  # neutralised, quoted by the csv module
    assert "=HYPERLINK" not in sources.replace("'=HYPERLINK", "")
    kit = output / "kalimantan-timur/kabupaten-kutai-barat/paket-pers-kabupaten-kutai-barat.zip"
    with zipfile.ZipFile(kit) as archive:
        assert "=HYPERLINK" not in archive.read("sumber.csv").decode().replace("'=HYPERLINK", "")
        assert "'=HYPERLINK" in archive.read("sumber.csv").decode()


def test_javascript_url_in_data_is_refused(site_copy):
    regency = site_copy / "data/regencies/64.07-kutai-barat.yaml"
    regency.write_text(
        regency.read_text(encoding="utf-8").replace('url: ""', 'url: "javascript:alert(1)"'), encoding="utf-8"
    )
    result = CliRunner().invoke(main, ["check", "--root", str(site_copy)])
    assert result.exit_code == 1
    assert (
        "data/regencies/64.07-kutai-barat.yaml:11:10: sources[0].url: the url must start with http:// or "
        "https:// (or be empty), got 'javascript:alert(1)'"
    ) in result.output


def _expressions(node) -> list[str]:
    """Every Vega(-Lite) expression string in a spec."""
    found = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("expr", "test", "calculate", "filter", "signal") and isinstance(value, str):
                found.append(value)
            else:
                found += _expressions(value)
    elif isinstance(node, list):
        for value in node:
            found += _expressions(value)
    return found


def test_no_vega_expression_is_built_from_data(shipped_site):
    """Data travels as data: each published spec has exactly its kind's template expressions."""
    import json

    from generator import charts

    templates = charts.templates()
    specs = list(shipped_site.rglob("*.vl.json"))
    assert len(specs) >= 3
    for file in specs:
        spec = json.loads(file.read_text(encoding="utf-8"))
        assert sorted(_expressions(spec)) == sorted(_expressions(templates[file.name.split(".")[0]])), file
        assert not any(
            row_value in expression
            for expression in _expressions(spec)
            for row in spec["datasets"]["rows"]
            for row_value in map(str, row.values())
            if len(row_value) > 3
        )


# Spreadsheet formulas in CSV cells (OWASP CSV injection) -----------------------------------------


@pytest.mark.parametrize("text", [FORMULA, "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx", "-", "=", "-x"])
def test_text_cells_a_spreadsheet_would_run_are_neutralised(text):
    from generator.datasets import neutral

    assert neutral(text) == "'" + text


@pytest.mark.parametrize("text", ["-3000000000", "93000", "-1.5", "+7", "62.0", "1e6", "", "Rp18 miliar", "a=b"])
def test_numbers_and_plain_text_stay_as_they_are(text):
    from generator.datasets import neutral

    assert neutral(text) == text


def test_chart_csv_neutralises_text_but_not_numbers():
    from generator.charts import Chart, to_csv

    chart = Chart.__new__(Chart)
    object.__setattr__(
        chart, "csv", (("tahun", "nilai", "sumber"), (2024, -3000000000, FORMULA), ("-3000000000", "-x", "@y"))
    )
    assert to_csv(chart).decode().splitlines() == [
        "tahun,nilai,sumber",
        f'2024,-3000000000,"\'{FORMULA.replace(chr(34), 2 * chr(34))}"',
        "-3000000000,'-x,'@y",
    ]


def test_dataset_rows_neutralise_text_cells():
    from generator.datasets import ANGKA, _csv_lines

    row = {name: None for name, _, _ in ANGKA} | {"nilai": -3000000000, "label": "=1+1", "catatan": "@x"}
    line = _csv_lines(ANGKA, [row])
    assert ",-3000000000," in line and ",'=1+1," in line and ",'@x," in line


# Ids written in the text never reach the page ----------------------------------------------------


def test_narrative_ids_never_survive():
    html = to_html('<h3 id="kutipan">a</h3>\n\n## Judul {#kutipan}\n\n<p id="isi">b</p>\n\n### Sumber', section=True)
    assert " id=" not in html
    assert "<h4>Sumber</h4>" in html


def test_page_keeps_only_the_heading_ids_it_makes():
    html = to_html('## Metode\n\n<h2 id="kutipan">x</h2>\n\n<h3 id="isi">y</h3>\n\n## Isi\n\n[TOC]\n')
    assert re.findall(r' id="([^"]*)"', html) == ["metode"]  # "isi" is the page's <main>: no heading takes it
    assert '<a href="#metode"' in html
