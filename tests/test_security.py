"""Hostile input from many hands never becomes live markup on a page."""

from __future__ import annotations

import re

from click.testing import CliRunner

from generator.cli import main
from generator.narrative import to_html
from test_site import scripts_are_files_or_data

PAYLOADS = ['<script>alert("x")</script>', '"><img src=x onerror=alert(1)>', "<svg onload=alert(1)>",
            "<a href=\"javascript:alert(1)\">klik</a>", "<iframe src=//evil.example></iframe>"]

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


def test_javascript_url_in_data_is_refused(site_copy):
    regency = site_copy / "data/regencies/64.07-kutai-barat.yaml"
    regency.write_text(regency.read_text(encoding="utf-8").replace('url: ""', 'url: "javascript:alert(1)"'),
                       encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--root", str(site_copy)])
    assert result.exit_code == 1
    assert ("data/regencies/64.07-kutai-barat.yaml:11:10: sources[0].url: the url must start with http:// or "
            "https:// (or be empty), got 'javascript:alert(1)'") in result.output


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
        assert not any(row_value in expression for expression in _expressions(spec)
                       for row in spec["datasets"]["rows"] for row_value in map(str, row.values()) if len(row_value) > 3)
