"""A regency's press kit: one ZIP with its charts (PNG, SVG), the numbers behind them (CSV), all its
figures and sources, and a README saying what is inside and how to cite it.

The archive is reproducible: entries in a fixed order, all dated the build date, fixed permissions.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from .charts import Chart, to_csv
from .fmt import Formatter
from .pages import RegencyPage
from .urls import download_name


def press_kit(
    page: RegencyPage, charts: list[Chart], figures_csv: bytes, sources_csv: bytes, built: dt.date, f: Formatter
) -> bytes:
    files = {"BACAAN.txt": _readme(page, charts, f).encode(), "angka.csv": figures_csv, "sumber.csv": sources_csv}
    for chart in charts:  # named as the page's downloads are
        name = download_name(page.regency.slug, chart.id)
        files[f"grafik/{name}.png"] = chart.png
        files[f"grafik/{name}.svg"] = chart.svg.encode()
        files[f"grafik/{name}.csv"] = to_csv(chart)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            entry = zipfile.ZipInfo(name, date_time=(built.year, built.month, built.day, 0, 0, 0))
            entry.external_attr = 0o644 << 16
            # PNGs are compressed already; deflating them again costs time and saves nothing
            entry.compress_type = zipfile.ZIP_STORED if name.endswith(".png") else zipfile.ZIP_DEFLATED
            archive.writestr(entry, data)
    return buffer.getvalue()


def _readme(page: RegencyPage, charts: list[Chart], f: Formatter) -> str:
    name = page.regency.name
    lines = [
        heading := f._("Paket pers: {place}", place=name),
        "=" * len(heading),
        "",
        f._("Dari {site}, {url}", site=page.site_title, url=page.canonical),
        f._("Data diperbarui {updated}; paket dibuat {built}.", updated=page.updated, built=page.built),
        "",
        contents := f._("Isi"),
        "-" * len(contents),
        *f._(
            "angka.csv    semua angka halaman ini: nilai, satuan, tanggal, jenis (dilaporkan/turunan/\n"
            "             tidak dilaporkan), rumus angka turunan, dan id sumbernya"
        ).split("\n"),
        f._("sumber.csv   sumber tiap angka: penerbit, judul, tanggal terbit, URL, tanggal diakses"),
    ]
    for chart in charts:
        lines.append(f"grafik/{download_name(page.regency.slug, chart.id)}.png, .svg, .csv")
        lines.append(f"    {chart.title}")
    lines += [
        "",
        f._("Setiap gambar grafik memuat baris sumbernya. Berkas CSV grafik berisi angka yang digambar."),
        "",
        citing := f._("Cara mengutip"),
        "-" * len(citing),
        f._(
            "{site}. “{place}: perlindungan BPJS Ketenagakerjaan bagi pekerja rentan.” "
            "Data diperbarui {updated}. {url}",
            site=page.site_title,
            place=name,
            updated=page.updated,
            url=page.canonical,
        ),
        f._("Sebutkan juga sumber asli angka yang Anda kutip:"),
        "",
    ]
    lines += [
        f"[{s.number}] {s.publisher}, “{s.title}”, {s.published}. {s.url or f._('URL tidak tersedia.')}"
        for s in page.sources.values()
    ]
    lines += ["", f._("Nama dan kode wilayah: idn-area-data (kode Kemendagri), Open Database License (ODbL) 1.0."), ""]
    return "\n".join(lines)
