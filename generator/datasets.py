"""The data downloads: every figure and source of the site as CSV and JSON, with a Data Package.

Rows are made from the same derived figures the pages show, so a download never disagrees with a
page. A figure nobody published has an empty value (CSV "" / JSON null), never 0. Output is
deterministic: rows sorted by region code then figure order, no timestamp but the build date.
The register is ODbL (idn-area-data), and so are databases derived from it: so is this package.

    data/angka.csv, angka.json     every figure, one row each
    data/sumber.csv                every source, qualified id "64.08/<id>"
    data/wilayah.csv, wilayah.json all 514 kabupaten/kota, with or without data
    data/wilayah/<code>.json       one regency's figures (with display text) and sources
    data/revisi.csv                every correction of a figure (history.py), one row each
    data/datapackage.json          Frictionless Data Package describing the tables
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json
import pickle
import re
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import get_args

from . import urls
from .derive import Figure, Report, Unit
from .fmt import WORDS, Formatter
from .history import UNAVAILABLE, History
from .i18n import N_
from .schema import Source
from .validate import Inputs

# One table per list: (column, Table Schema type, description: its Indonesian text is the message id). CSV
# headers, JSON keys and the Data Package schemas all come from here, so they cannot drift apart.
ANGKA = [
    ("kode_wilayah", "string", N_("Kode Kemendagri kabupaten/kota, mis. 64.08")),
    ("nama_wilayah", "string", N_("Nama resmi kabupaten/kota")),
    ("kode_provinsi", "string", N_("Kode Kemendagri provinsi")),
    ("nama_provinsi", "string", N_("Nama provinsi")),
    (
        "angka",
        "string",
        N_(
            "Id tetap angka, unik dalam satu wilayah: jenis angka, tanggal atau tahun, dan id sumbernya "
            "(protected/2025-10-20/indeksmedia-2025-10-20, budget/2023/…, share-of-target/2025-10-20)"
        ),
    ),
    ("label", "string", N_("Keterangan angka dalam bahasa Indonesia")),
    ("nilai", "number", N_("Nilai angka (titik sebagai desimal); kosong bila tidak dilaporkan, bukan 0")),
    ("hingga", "boolean", N_('true bila sumber menyebut nilai sebagai batas atas ("hingga")')),
    ("satuan", "string", N_("Satuan nilai")),
    ("tanggal", "date", N_("Tanggal angka bila sumber menyebutnya")),
    ("tahun", "year", N_("Tahun angka (dari tanggal bila ada)")),
    (
        "jenis",
        "string",
        N_(
            "dilaporkan: seperti tercetak di sumber; turunan: dihitung Jaring dengan rumus; "
            "tidak dilaporkan: tidak ada sumber yang memuatnya"
        ),
    ),
    ("sumber", "string", N_("Id sumber (lihat sumber.csv), dipisah titik koma")),
    ("rumus", "string", N_("Rumus perhitungan angka turunan, dengan masukannya")),
    ("tercetak", "string", N_("Nilai persis seperti tercetak di sumber, bila berbeda")),
    ("catatan", "string", N_("Catatan tentang angka")),
    (
        "program",
        "string",
        N_("Program jaminan yang dicakup angka (JKK, JKM, …), dipisah titik koma, bila sumber menyebutnya"),
    ),
    ("skema", "string", N_("Skema pembiayaan yang disebut sumber, bila ada")),
    (
        "kualifikasi",
        "string",
        N_("Kata yang tercetak bersama nilai (lebih dari, sekitar, hampir, hingga, minimal, kurang dari)"),
    ),
    (
        "pembayar",
        "string",
        N_(
            "Siapa yang membayar (apbd-kabupaten, apbd-provinsi, dbhcht, dana-desa, csr, donasi, bpjs, "
            "lainnya), dipisah titik koma; kosong bila sumber tidak menyebutnya"
        ),
    ),
    ("kelompok", "string", N_("Siapa yang dihitung: pekerja-rentan, atau lebih-luas (lihat kolom siapa)")),
    ("siapa", "string", N_("Siapa persisnya, sebagaimana disebut sumber")),
    ("status", "string", N_("terealisasi, terdaftar-belum-dibayar, direncanakan, dialokasikan, diusulkan atau target")),
    ("segmen", "string", N_("Segmen pekerja bila angka ini bagian dari jumlah yang lebih besar")),
    ("periode", "string", N_("Rentang waktu angka sebagaimana tercetak")),
    (
        "angka_utama",
        "boolean",
        N_(
            "true bila angka ini termasuk deret angka utama daerah (terealisasi, pekerja rentan, "
            "dibayar program daerah sendiri)"
        ),
    ),
    ("halaman", "string", N_("Alamat halaman wilayah di situs")),
    ("revisi", "integer", N_("Banyaknya koreksi nilai angka ini (rinciannya di revisi.csv)")),
]
REVISI = [
    ("kode_wilayah", "string", N_("Kode Kemendagri kabupaten/kota")),
    ("angka", "string", N_("Id tetap angka yang dikoreksi (lihat angka.csv)")),
    ("label", "string", N_("Keterangan angka dalam bahasa Indonesia")),
    ("nilai_lama", "number", N_("Nilai sebelum koreksi; kosong bila tidak dilaporkan atau tidak tercatat")),
    ("nilai_baru", "number", N_("Nilai sesudah koreksi; kosong bila tidak dilaporkan atau tidak tercatat")),
    ("tanggal", "date", N_("Tanggal koreksi: tanggal commit berkas data, atau tanggal yang ditulis di berkas")),
    ("alasan", "string", N_("Alasan koreksi: pesan commit, atau alasan yang ditulis di berkas (corrections:)")),
    ("commit", "string", N_("Commit git yang membuat koreksi; kosong bila koreksi lebih tua dari repositori")),
    ("sumber", "string", N_("Id sumber koreksi (lihat sumber.csv), bila disebut")),
    ("url", "string", N_("Alamat terbitan koreksi, bila disebut")),
]
SUMBER = [
    ("kode_wilayah", "string", N_("Kode Kemendagri kabupaten/kota yang mengutip sumber")),
    ("id", "string", N_("Id sumber, unik di seluruh situs: kode wilayah/id dalam berkas")),
    ("penerbit", "string", N_("Penerbit")),
    ("judul", "string", N_("Judul artikel atau dokumen")),
    ("jenis", "string", N_("Jenis sumber")),
    ("tanggal_terbit", "date", N_("Tanggal terbit; kosong bila sumber tidak mencantumkannya")),
    ("tanggal_akses", "date", N_("Tanggal sumber diakses")),
    ("url", "string", N_("Alamat sumber; kosong bila tidak diketahui")),
    ("catatan", "string", N_("Catatan tentang sumber")),
    ("tanggal_tercetak", "string", N_('Tanggal persis seperti tercetak bila bukan tanggal lengkap (mis. "Jumat")')),
    ("tanggal_disimpulkan", "boolean", N_("true bila tanggal terbit disimpulkan (alasannya di catatan)")),
    ("judul_dari_url", "boolean", N_("true bila judul disusun dari alamat URL, bukan dibaca dari halamannya")),
    ("salinan", "string", N_("Alamat lain dari teks yang sama (satu siaran pers di beberapa situs), dipisah spasi")),
]
WILAYAH = [
    ("kode_wilayah", "string", N_("Kode Kemendagri kabupaten/kota")),
    ("nama_wilayah", "string", N_("Nama resmi kabupaten/kota")),
    ("jenis_wilayah", "string", N_("Kabupaten atau Kota")),
    ("kode_provinsi", "string", N_("Kode Kemendagri provinsi")),
    ("nama_provinsi", "string", N_("Nama provinsi")),
    ("status_data", "string", N_("ada data / belum ada data")),
    ("terlindungi", "integer", N_("Jumlah pekerja rentan terlindungi menurut angka terbaru; kosong bila tidak ada")),
    ("tanggal_terlindungi", "date", N_("Tanggal angka terlindungi, bila sumber menyebut tanggal")),
    ("tahun_terlindungi", "year", N_("Tahun angka terlindungi")),
    ("target", "integer", N_("Target pekerja rentan terlindungi menurut angka terbaru")),
    ("capaian_persen", "number", N_("Terlindungi ÷ target × 100 (angka turunan)")),
    ("jumlah_sumber", "integer", N_("Banyaknya sumber yang dikutip untuk wilayah ini")),
    ("halaman", "string", N_("Jalur halaman wilayah, relatif terhadap akar situs")),
    ("url", "string", N_("Alamat lengkap halaman wilayah")),
]
ENUMS = {  # per table; taken from the code that makes the values, so they stay true
    "angka": {
        "jenis": [WORDS[f"kind.{k}"] for k in ("reported", "derived", "not-reported")],
        "satuan": list(get_args(Unit)),
    },
    "sumber": {"jenis": list(get_args(Source.model_fields["kind"].annotation))},
    "wilayah": {"jenis_wilayah": ["Kabupaten", "Kota"], "status_data": ["ada data", "belum ada data"]},
    "revisi": {},
}
REGISTER = "https://github.com/fityannugroho/idn-area-data"


@dataclass(frozen=True)
class Share:
    """One regency's lines of the site-wide downloads, ready to be joined (and kept by the build's memo,
    so a rebuild after one file changed writes out the rest without working them out again)."""

    figures_csv: str
    figures_json: tuple[str, ...]
    sources_csv: str
    sources: int
    region_csv: str
    region_json: str
    revisions_csv: str = ""


def pack(found: Share) -> bytes:
    """A share as the build's memo keeps it: compressed (the whole country's shares, both editions, were
    44 MB of Python strings held all build long, and as much of memo to read and write on every rebuild).
    Pickled, inside the memo's own signed pickle: reading strings back from JSON took twice as long."""
    return zlib.compress(pickle.dumps(dataclasses.astuple(found), protocol=pickle.HIGHEST_PROTOCOL), 1)


def unpack(packed: bytes) -> Share:
    return Share(*pickle.loads(zlib.decompress(packed)))


def share(report: Report, f: Formatter, base_url: str, history: History = UNAVAILABLE) -> Share:
    figures = (
        [_figure_row(report, x, f, base_url, len(history.of(x.id))) for x in report.figures]
        if report.data is not None
        else []
    )
    sources = [_source_row(report.regency.code, s) for s in report.data.sources] if report.data is not None else []
    region = _region_row(report, base_url)
    return Share(
        _csv_lines(ANGKA, figures),
        tuple(map(_json_line, figures)),
        _csv_lines(SUMBER, sources),
        len(sources),
        _csv_lines(WILAYAH, [region]),
        _json_line(region),
        _csv_lines(REVISI, revision_rows(report, f, history)),
    )


def revision_rows(report: Report, f: Formatter, history: History) -> list[dict]:
    """One row per correction of a regency's figures, oldest first (as history.merge orders them)."""
    labels = {x.id: f.label(x) for x in report.figures}
    return [
        {
            "kode_wilayah": report.regency.code,
            "angka": c.figure,
            "label": labels.get(c.figure, c.figure),
            "nilai_lama": c.old,
            "nilai_baru": c.new,
            "tanggal": c.day.isoformat(),
            "alasan": c.reason,
            "commit": c.commit or None,
            "sumber": c.source or None,
            "url": c.url or None,
        }
        for c in history.corrections
    ]


def files(
    inputs: Inputs,
    reports: list[Report],
    f: Formatter,
    base_url: str,
    per_regency: bool = True,
    share_of: Callable[[Report], Share] | None = None,
) -> dict[str, bytes]:
    """Output-relative path -> bytes of every data download (``per_regency=False``: without the files
    ``data/wilayah/<code>.json``, which the build makes with each regency's page; see ``regency_file``).
    ``share_of`` may give a regency's share from a cache; by default it is worked out."""
    reports = sorted(reports, key=lambda r: r.regency.code)
    shares = [(share_of or (lambda r: share(r, f, base_url)))(r) for r in reports]
    sources = sum(s.sources for s in shares)
    out = {
        "data/angka.csv": _header(ANGKA) + "".join(s.figures_csv for s in shares).encode(),
        "data/angka.json": _json_array([line for s in shares for line in s.figures_json]),
        "data/sumber.csv": _header(SUMBER) + "".join(s.sources_csv for s in shares).encode(),
        "data/wilayah.csv": _header(WILAYAH) + "".join(s.region_csv for s in shares).encode(),
        "data/wilayah.json": _json_array([s.region_json for s in shares]),
        "data/revisi.csv": _header(REVISI) + "".join(s.revisions_csv for s in shares).encode(),
        "data/datapackage.json": _package(inputs, f, base_url, sources, len(shares)),
    }
    for r in reports if per_regency else ():
        if r.data is not None:
            out[urls.regency_data(r.regency.code)] = regency_file(r, f, base_url)
    return out


def regency_csvs(report: Report, f: Formatter, base_url: str, history: History = UNAVAILABLE) -> tuple[bytes, bytes]:
    """One regency's (angka.csv, sumber.csv), same columns as the site-wide files: for its press kit."""
    sources = report.data.sources if report.data is not None else []
    return (
        _csv(ANGKA, [_figure_row(report, x, f, base_url, len(history.of(x.id))) for x in report.figures]),
        _csv(SUMBER, [_source_row(report.regency.code, s) for s in sources]),
    )


def _figure_row(report: Report, figure: Figure, f: Formatter, base_url: str, revisions: int = 0) -> dict:
    year = figure.year if figure.year is not None else (figure.date.year if figure.date else None)
    return {
        "kode_wilayah": report.regency.code,
        "nama_wilayah": report.regency.name,
        "kode_provinsi": report.province.code,
        "nama_provinsi": report.province.name,
        "angka": figure.id,
        "label": f.label(figure),
        "nilai": figure.value,
        "hingga": figure.up_to,
        "satuan": figure.unit,
        "tanggal": _iso(figure.date),
        "tahun": year,
        "jenis": f.kind(figure),
        "sumber": ";".join(figure.sources) or None,
        "rumus": f.formula(figure.formula) or None,
        "tercetak": figure.printed or None,
        "catatan": f.remark(figure) or None,
        "program": ";".join(figure.programmes) or None,
        "skema": figure.scheme,
        "kualifikasi": figure.qualifier,
        "pembayar": ";".join(figure.payer) or None,
        "kelompok": figure.group if figure.kind != "not-reported" else None,
        "siapa": figure.who,
        "status": figure.status,
        "segmen": figure.segment,
        "periode": figure.period,
        "angka_utama": figure.headline,
        "halaman": base_url + urls.regency(report.regency, report.province),
        "revisi": revisions,
    }


def _source_row(code: str, source: Source) -> dict:
    return {
        "kode_wilayah": code,
        "id": f"{code}/{source.id}",
        "penerbit": source.publisher,
        "judul": source.title,
        "jenis": source.kind,
        "tanggal_terbit": _iso(source.published),
        "tanggal_akses": _iso(source.accessed),
        "url": source.url or None,
        "catatan": source.note or None,
        "tanggal_tercetak": source.published_printed,
        "tanggal_disimpulkan": source.date_inferred,
        "judul_dari_url": source.title_from_url,
        "salinan": " ".join(source.twins) or None,
    }


def _region_row(report: Report, base_url: str) -> dict:
    head = report.protected if report.protected and report.protected.value is not None else None
    target, share = report.target, report.first("share-of-target")
    path = urls.regency(report.regency, report.province)
    return {
        "kode_wilayah": report.regency.code,
        "nama_wilayah": report.regency.name,
        "jenis_wilayah": report.regency.kind,
        "kode_provinsi": report.province.code,
        "nama_provinsi": report.province.name,
        "status_data": "ada data" if report.data is not None else "belum ada data",
        "terlindungi": head.value if head else None,
        "tanggal_terlindungi": _iso(head.date) if head else None,
        # a count dated by day has no .year of its own: give its year too, so every count has one
        "tahun_terlindungi": (head.year or (head.date.year if head.date else None)) if head else None,
        "target": target.value if target else None,
        "capaian_persen": share.value if share else None,
        "jumlah_sumber": len(report.data.sources) if report.data is not None else 0,
        "halaman": path,
        "url": base_url + path,
    }


def regency_file(report: Report, f: Formatter, base_url: str, history: History = UNAVAILABLE) -> bytes:
    """What the compare page loads for one regency: rows as in angka.json, plus the text readers see."""
    assert report.data is not None
    rows = [
        _figure_row(report, x, f, base_url, len(history.of(x.id)))
        | {"tampil": f.display(x), "kapan": f.figure_when(x) or None, "jenis_kode": x.kind}
        for x in report.figures
    ]
    latest = {
        "protected": report.protected,
        "target": report.target,
        "share-of-target": report.first("share-of-target"),
        "target-gap": report.first("target-gap"),
        "budget": report.budget_years()[-1] if report.budget_years() else report.first("budget"),
    }
    body = {
        "kode": report.regency.code,
        "nama": report.regency.name,
        "provinsi": report.province.name,
        "halaman": urls.regency(report.regency, report.province),
        "angka": rows,
        # the figure the compare page shows for each of its rows (metric -> figure id)
        "utama": {metric: x.id for metric, x in latest.items() if x is not None},
        "sumber": [_source_row(report.regency.code, s) for s in report.data.sources],
    }
    return (json.dumps(body, ensure_ascii=False, separators=(",", ":")) + "\n").encode()


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day is not None else None


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):  # before int: bool is an int in Python
        return "true" if value else "false"
    return neutral(str(value))  # ints stay plain ("93000"), floats use "." ("62.0")


_NUMBER = re.compile(r"[-+]?\d+(\.\d+)?([eE][-+]?\d+)?")


def neutral(text: str) -> str:
    """A CSV cell a spreadsheet cannot take for a formula (OWASP's advice): text beginning with
    ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading ``'``. Numbers, negative
    ones included (``-3000000000``), stay numbers."""
    if text[:1] in ("=", "+", "-", "@", "\t", "\r") and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


def _csv(columns: list[tuple[str, str, str]], rows: list[dict]) -> bytes:
    return _header(columns) + _csv_lines(columns, rows).encode()


def _header(columns: list[tuple[str, str, str]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(name for name, _, _ in columns)
    return buffer.getvalue().encode()


def _csv_lines(columns: list[tuple[str, str, str]], rows: list[dict]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")  # QUOTE_MINIMAL is the default
    writer.writerows([_cell(row[name]) for name, _, _ in columns] for row in rows)
    return buffer.getvalue()


def _json_line(row: dict) -> str:
    return json.dumps(row, ensure_ascii=False, separators=(",", ":"))


def _json_array(lines: list[str]) -> bytes:
    """A JSON array with one row per line: compact, yet a change shows as a one-line diff."""
    return ("[\n" + ",\n".join(lines) + "\n]\n").encode()


def _schema(f: Formatter, columns: list[tuple[str, str, str]], key: list[str], table: str) -> dict:
    fields = []
    for name, kind, description in columns:
        field = {"name": name, "type": kind, "description": f._(description)}
        constraints: dict[str, object] = {"required": True} if name in key else {}
        if name in ENUMS[table]:
            constraints["enum"] = (
                ENUMS[table][name] if (table, name) != ("angka", "jenis") else [f._(k) for k in ENUMS[table][name]]
            )
        fields.append(field | ({"constraints": constraints} if constraints else {}))
    return {"fields": fields, "missingValues": [""]} | ({"primaryKey": key} if key else {})


def _package(inputs: Inputs, f: Formatter, base_url: str, source_count: int, region_count: int) -> bytes:
    def resource(name: str, path: str, title: str, columns, key: list[str], table: str) -> dict:
        fmt = path.rsplit(".", 1)[1]
        return {
            "name": name,
            "path": path,
            "title": title,
            "profile": "tabular-data-resource",
            "format": fmt,
            "mediatype": "text/csv" if fmt == "csv" else "application/json",
            "encoding": "utf-8",
            "schema": _schema(f, columns, key, table),
        }

    package = {
        "profile": "tabular-data-package",
        "name": "jaring-perlindungan-pekerja-rentan",
        "title": f._("{site}: angka perlindungan BPJS Ketenagakerjaan bagi pekerja rentan", site=inputs.settings.title),
        "description": f._(
            "{tagline}. Setiap angka membawa sumbernya; angka turunan membawa rumusnya; angka yang tidak "
            "dilaporkan dibiarkan kosong, bukan 0. Berkas per wilayah (wilayah/<kode>.json) memuat angka yang "
            "sama dengan teks tampilannya.",
            tagline=inputs.settings.tagline.rstrip("."),
        ),
        "homepage": base_url,
        "created": f"{inputs.build_date.isoformat()}T00:00:00Z",  # the build date, so rebuilds match
        "licenses": [
            {
                "name": "ODbL-1.0",
                "title": "Open Data Commons Open Database License 1.0",
                "path": "https://opendatacommons.org/licenses/odbl/1-0/",
            }
        ],
        "sources": [
            {"title": f._("idn-area-data: daftar wilayah Kemendagri (ODbL)"), "path": REGISTER},
            {
                "title": f._(
                    "Berita, siaran pers, advertorial dan dokumen resmi ({count} sumber; rincian di sumber.csv)",
                    count=source_count,
                )
            },
        ],
        "resources": [
            resource("angka", "angka.csv", f._("Semua angka"), ANGKA, ["kode_wilayah", "angka"], "angka"),
            resource("angka-json", "angka.json", f._("Semua angka (JSON)"), ANGKA, ["kode_wilayah", "angka"], "angka"),
            resource("sumber", "sumber.csv", f._("Semua sumber"), SUMBER, ["id"], "sumber"),
            resource(
                "wilayah",
                "wilayah.csv",
                f._("Ringkasan {count} kabupaten/kota", count=region_count),
                WILAYAH,
                ["kode_wilayah"],
                "wilayah",
            ),
            resource(
                "wilayah-json",
                "wilayah.json",
                f._("Ringkasan {count} kabupaten/kota (JSON)", count=region_count),
                WILAYAH,
                ["kode_wilayah"],
                "wilayah",
            ),
            # no key: a figure may be corrected twice in one commit's day, or before the repository
            resource("revisi", "revisi.csv", "Koreksi angka", REVISI, [], "revisi"),
        ],
    }
    return (json.dumps(package, ensure_ascii=False, indent=2) + "\n").encode()
