"""The data downloads, built from the shipped data: what a journalist or analyst gets in data/."""

from __future__ import annotations

import csv
import io
import json

import frictionless
import pytest

from generator.build import gather
from generator.datasets import ANGKA, SUMBER, WILAYAH, files, regency_csvs
from generator.derive import report
from generator.fmt import formatter

from conftest import BUILD_EPOCH, SEED

BASE = "https://jaring.example.org/"
ID = formatter("id")
WITH_DATA = ["62.10", "64.02", "64.07", "64.08"]
KUTIM = "kalimantan-timur/kabupaten-kutai-timur/"


@pytest.fixture(scope="module")
def built():
    with pytest.MonkeyPatch.context() as patch:  # the seed data is dated; pin "today" as conftest does
        patch.setenv("SOURCE_DATE_EPOCH", BUILD_EPOCH)
        _, inputs = gather(SEED)
    reports = [
        report(regency, inputs.register, inputs.regencies.get(code))
        for code, regency in inputs.register.regencies.items()
    ]
    return inputs, reports, files(inputs, reports, ID, BASE)


@pytest.fixture(scope="module")
def out(built):
    return built[2]


def table(out: dict[str, bytes], path: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(out[path].decode("utf-8"), newline="")))


def row(rows: list[dict], code: str, metric: str) -> dict:
    """The first row of a kind of figure ("protected", "share-of-target"): figure ids start with it."""
    return next(r for r in rows if r["kode_wilayah"] == code and r["angka"].split("/")[0] == metric)


def test_the_files_are_the_promised_ones(out):
    assert sorted(out) == sorted(
        [
            "data/angka.csv",
            "data/angka.json",
            "data/sumber.csv",
            "data/wilayah.csv",
            "data/wilayah.json",
            "data/revisi.csv",
            "data/datapackage.json",
            *(f"data/wilayah/{code}.json" for code in WITH_DATA),
        ]
    )


def test_summary_has_every_regency_of_the_register_and_four_with_data(built, out):
    inputs = built[0]
    rows = table(out, "data/wilayah.csv")
    assert len(rows) == 514
    assert [r["kode_wilayah"] for r in rows] == sorted(inputs.register.regencies)
    assert [r["kode_wilayah"] for r in rows if r["status_data"] == "ada data"] == WITH_DATA
    assert {r["status_data"] for r in rows} == {"ada data", "belum ada data"}
    bandung = {r["nama_wilayah"]: r for r in rows if r["nama_wilayah"].endswith(" Bandung")}
    assert bandung["Kota Bandung"]["jenis_wilayah"] == "Kota"
    assert bandung["Kabupaten Bandung"]["halaman"] == "jawa-barat/kabupaten-bandung/"
    empty = [r for r in rows if r["status_data"] == "belum ada data"]
    # no data means empty cells, not zeros; only the count of sources is a true 0
    assert all(r["terlindungi"] == r["target"] == r["capaian_persen"] == "" for r in empty)
    assert all(r["jumlah_sumber"] == "0" for r in empty)


def test_kutai_timur_summary(out):
    kutim = next(r for r in table(out, "data/wilayah.csv") if r["kode_wilayah"] == "64.08")
    assert kutim == {
        "kode_wilayah": "64.08",
        "nama_wilayah": "Kabupaten Kutai Timur",
        "jenis_wilayah": "Kabupaten",
        "kode_provinsi": "64",
        "nama_provinsi": "Kalimantan Timur",
        "status_data": "ada data",
        "terlindungi": "93000",
        "tanggal_terlindungi": "2025-10-20",
        "tahun_terlindungi": "2025",
        "target": "150000",
        "capaian_persen": "62.0",
        "jumlah_sumber": "2",
        "halaman": KUTIM,
        "url": BASE + KUTIM,
    }
    kukar = next(r for r in table(out, "data/wilayah.csv") if r["kode_wilayah"] == "64.02")
    assert (kukar["terlindungi"], kukar["tanggal_terlindungi"], kukar["tahun_terlindungi"]) == ("51000", "", "2023")


def test_kutai_timur_figures_with_their_sources_and_formula(out):
    rows = table(out, "data/angka.csv")
    protected, target = row(rows, "64.08", "protected"), row(rows, "64.08", "target")
    assert (protected["nilai"], protected["jenis"], protected["tanggal"], protected["sumber"]) == (
        "93000",
        "dilaporkan",
        "2025-10-20",
        "64.08/indeksmedia-2025-10-20",
    )
    assert (target["nilai"], target["jenis"], target["sumber"]) == (
        "150000",
        "dilaporkan",
        "64.08/indeksmedia-2025-10-20;64.08/prokopimkutim-kartu-bumi-rapak",
    )
    share = row(rows, "64.08", "share-of-target")
    assert (share["nilai"], share["satuan"], share["jenis"], share["rumus"]) == (
        "62.0",
        "persen",
        "turunan",
        "93.000 ÷ 150.000 × 100%",
    )
    assert protected["rumus"] == "" and protected["halaman"] == BASE + KUTIM
    assert (protected["nama_wilayah"], protected["kode_provinsi"], protected["nama_provinsi"]) == (
        "Kabupaten Kutai Timur",
        "64",
        "Kalimantan Timur",
    )
    # rows follow region code, then the order of figures in derive
    keys = [(r["kode_wilayah"], r["angka"].split("/")[0]) for r in rows]
    assert keys[:2] == [("62.10", "protected"), ("62.10", "target")]
    assert [k for c, k in keys if c == "64.08"][:4] == ["protected", "target", "share-of-target", "target-gap"]


def test_printed_notes_and_upper_bounds_travel_with_the_value(out):
    rows = table(out, "data/angka.csv")
    by_id = {(r["kode_wilayah"], r["angka"]): r for r in rows}
    paid = by_id["64.02", "benefits-paid/non-asn-dan-pekerja-rentan-2022"]
    assert (paid["nilai"], paid["tercetak"], paid["tahun"]) == ("5794000", "Rp 5.794.000", "2022")
    assert by_id["64.02", "budget/2022/derived"]["rumus"] == "Rp18 miliar − Rp3 miliar"
    scholarship = [r for r in rows if r["kode_wilayah"] == "64.07" and r["nilai"] == "42000000"]
    assert [r["hingga"] for r in scholarship] == ["true"]
    assert row(rows, "64.08", "benefit")["hingga"] == "false"


def test_not_reported_is_empty_never_zero(out):
    rows = table(out, "data/angka.csv")
    budget = row(rows, "64.08", "budget")
    assert (budget["nilai"], budget["jenis"], budget["sumber"]) == ("", "tidak dilaporkan", "")
    # both ways round: empty exactly when not reported
    assert all((r["nilai"] == "") == (r["jenis"] == "tidak dilaporkan") for r in rows)
    assert "0" not in {r["nilai"] for r in rows}
    [json_budget] = [
        r for r in json.loads(out["data/angka.json"]) if (r["kode_wilayah"], r["angka"]) == ("64.08", "budget")
    ]
    assert json_budget["nilai"] is None


def test_every_cited_source_is_listed(built, out):
    sources = table(out, "data/sumber.csv")
    ids = [s["id"] for s in sources]
    assert len(ids) == len(set(ids)) == sum(len(d.sources) for d in built[0].regencies.values())
    cited = {key for r in table(out, "data/angka.csv") for key in r["sumber"].split(";") if key}
    assert cited and cited <= set(ids)
    indeks = next(s for s in sources if s["id"] == "64.08/indeksmedia-2025-10-20")
    assert (
        indeks["kode_wilayah"],
        indeks["penerbit"],
        indeks["jenis"],
        indeks["tanggal_terbit"],
        indeks["tanggal_akses"],
        indeks["url"],
    ) == ("64.08", "Indeks Media Kaltim (INDEKSMEDIA.ID)", "berita", "2025-10-20", "2026-11-21", "")
    assert next(s for s in sources if s["id"] == "64.08/prokopimkutim-kartu-bumi-rapak")["tanggal_terbit"] == ""


def csv_cell(value) -> str:
    return "" if value is None else ("true" if value else "false") if isinstance(value, bool) else str(value)


@pytest.mark.parametrize("name", ["angka", "wilayah"])
def test_json_holds_the_same_rows_as_csv(out, name):
    rows = json.loads(out[f"data/{name}.json"])
    assert [{k: csv_cell(v) for k, v in r.items()} for r in rows] == table(out, f"data/{name}.csv")
    kutim = next(
        r for r in rows if r["kode_wilayah"] == "64.08" and r.get("angka", "protected").startswith("protected")
    )
    assert isinstance(kutim["terlindungi" if name == "wilayah" else "nilai"], int)  # numbers as numbers


def test_regency_file_for_the_compare_page(out):
    kutim = json.loads(out["data/wilayah/64.08.json"])
    assert (kutim["kode"], kutim["nama"], kutim["provinsi"], kutim["halaman"]) == (
        "64.08",
        "Kabupaten Kutai Timur",
        "Kalimantan Timur",
        KUTIM,
    )
    shown = {r["angka"]: (r["tampil"], r["kapan"]) for r in kutim["angka"]}
    assert shown["protected/2025-10-20/indeksmedia-2025-10-20"] == ("93.000", "20 Oktober 2025")
    assert shown["share-of-target/2025-10-20"] == ("62,0%", "20 Oktober 2025")
    assert shown["budget"] == ("Tidak dilaporkan", None)
    # the same rows as angka.json, plus the display text
    same = [r for r in json.loads(out["data/angka.json"]) if r["kode_wilayah"] == "64.08"]
    assert [{k: v for k, v in r.items() if k not in ("tampil", "kapan", "jenis_kode")} for r in kutim["angka"]] == same
    assert [s["id"] for s in kutim["sumber"]] == [
        "64.08/prokopimkutim-kartu-bumi-rapak",
        "64.08/indeksmedia-2025-10-20",
    ]
    kukar = {r["angka"]: r["tampil"] for r in json.loads(out["data/wilayah/64.02.json"])["angka"]}
    assert (kukar["budget/2023/tribunkaltim-2023-02-16"], kukar["budget-change/2022-2023/tribunkaltim-2023-02-16"]) == (
        "Rp18 miliar",
        "+Rp3 miliar",
    )


def test_press_kit_tables_are_the_regency_slice_of_the_site_wide_ones(built, out):
    inputs, reports, _ = built
    kutim = next(r for r in reports if r.regency.code == "64.08")
    figures, sources = regency_csvs(kutim, ID, BASE)
    for mine, everything in ((figures, "data/angka.csv"), (sources, "data/sumber.csv")):
        header, *lines = out[everything].decode().splitlines()
        assert mine.decode().splitlines() == [header, *(line for line in lines if line.startswith("64.08,"))]
    assert len(figures.decode().splitlines()) == 1 + len(kutim.figures)


@pytest.mark.parametrize(
    "path, columns", [("data/angka.csv", ANGKA), ("data/sumber.csv", SUMBER), ("data/wilayah.csv", WILAYAH)]
)
def test_csv_encoding_and_shape(out, path, columns):
    data = out[path]
    assert not data.startswith(b"\xef\xbb\xbf") and b"\r" not in data and data.endswith(b"\n")
    text = data.decode("utf-8")
    assert text.splitlines()[0] == ",".join(name for name, _, _ in columns)
    parsed = list(csv.reader(io.StringIO(text, newline="")))
    assert {len(r) for r in parsed} == {len(columns)}  # commas inside labels are quoted, not split


def test_base_url_only_changes_page_urls(built):
    inputs, reports, out = built
    other = files(inputs, reports, ID, "https://data.example.id/jaring/")
    kutim = row(table(other, "data/angka.csv"), "64.08", "protected")
    assert kutim["halaman"] == "https://data.example.id/jaring/" + KUTIM
    assert json.loads(other["data/datapackage.json"])["homepage"] == "https://data.example.id/jaring/"
    assert other["data/sumber.csv"] == out["data/sumber.csv"]


def test_same_input_same_bytes(built, out):
    inputs, reports, _ = built
    assert files(inputs, reports, ID, BASE) == out
    assert files(inputs, list(reversed(reports)), ID, BASE) == out  # order comes from codes, not from the caller


def test_datapackage_describes_the_tables(out):
    package = json.loads(out["data/datapackage.json"])
    assert package["profile"] == "tabular-data-package"
    assert package["homepage"] == BASE and package["created"] == "2026-11-21T00:00:00Z"
    assert [lic["name"] for lic in package["licenses"]] == ["ODbL-1.0"]
    assert any(s.get("path") == "https://github.com/fityannugroho/idn-area-data" for s in package["sources"])
    for resource in package["resources"]:
        header = out["data/" + resource["path"]].decode().splitlines()[0] if resource["format"] == "csv" else None
        names = [f["name"] for f in resource["schema"]["fields"]]
        assert header is None or header == ",".join(names)
        assert all(f["description"] for f in resource["schema"]["fields"])
    assert {r["path"] for r in package["resources"]} == {
        "angka.csv",
        "angka.json",
        "sumber.csv",
        "wilayah.csv",
        "wilayah.json",
        "revisi.csv",
    }


def write(out: dict[str, bytes], folder) -> None:
    for path, data in out.items():
        (folder / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / path).write_bytes(data)


def validate(folder) -> tuple[frictionless.Report, list[tuple]]:
    """The report, and its errors as (resource, field, error type, message)."""
    result = frictionless.validate(str(folder / "data" / "datapackage.json"))
    errors = [
        (task.name, getattr(e, "field_name", None), e.type, e.message) for task in result.tasks for e in task.errors
    ] + [(None, None, e.type, e.message) for e in result.errors]
    return result, errors


def test_datapackage_passes_frictionless_validation(out, tmp_path):
    write(out, tmp_path)
    result, errors = validate(tmp_path)
    assert result.valid, "\n".join(map(str, errors))
    assert sorted(task.name for task in result.tasks) == [
        "angka",
        "angka-json",
        "revisi",
        "sumber",
        "wilayah",
        "wilayah-json",
    ]


def test_frictionless_would_catch_a_broken_table(out, tmp_path):
    """The validation above is only worth something if it fails on bad data."""
    broken = dict(out)
    broken["data/angka.csv"] = out["data/angka.csv"].replace(b",93000,", b",sembilan puluh tiga ribu,")
    broken["data/wilayah.json"] = out["data/wilayah.json"].replace(b'"status_data":"ada data"', b'"status_data":"?"')
    write(broken, tmp_path)
    result, errors = validate(tmp_path)
    found = {error[:3] for error in errors}
    assert not result.valid
    assert ("angka", "nilai", "type-error") in found
    assert ("wilayah-json", "status_data", "constraint-error") in found
