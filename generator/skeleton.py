"""``jaring new PLACE``: a regency file and a narrative to fill in, never over an existing one.

The data file holds ``code`` and a top-level ``review: todo`` (so ``jaring check`` says what is left
to do rather than publishing an empty regency), and the schema as comments, one example entry per
list. The narrative is an HTML comment: it renders to nothing, so the page shows no narrative until
someone writes one.
"""

from __future__ import annotations

from pathlib import Path

from .places import bare
from .register import Regency, Register, slugify


class Exists(ValueError):
    """A file ``jaring new`` would write is already there."""


def data_path(root: Path, regency: Regency) -> Path:
    return root / "data" / "regencies" / f"{regency.code}-{slugify(bare(regency.name))}.yaml"


def existing(root: Path, code: str) -> list[Path]:
    """Data files of ``code`` already in the root (by the name's code: ``64.74-*.yaml``)."""
    folder = root / "data" / "regencies"
    return sorted(p for p in [*folder.glob(f"{code}-*.yaml"), *folder.glob(f"{code}.yaml")] if p.exists())


def create(root: Path, register: Register, regency: Regency) -> tuple[Path, Path]:
    """Write the skeleton and the narrative placeholder; Exists (writing nothing) if either is there."""
    data, story = data_path(root, regency), root / "content" / "narratives" / f"{regency.code}.md"
    there = existing(root, regency.code) + ([story] if story.exists() or story.is_symlink() else [])
    if there:
        raise Exists(", ".join(p.relative_to(root).as_posix() for p in there))
    province = register.provinces[regency.province_code].name
    data.parent.mkdir(parents=True, exist_ok=True)
    story.parent.mkdir(parents=True, exist_ok=True)
    with data.open("x", encoding="utf-8") as handle:
        handle.write(
            SKELETON.format(
                name=regency.name, province=province, code=regency.code, file=data.relative_to(root).as_posix()
            )
        )
    try:
        with story.open("x", encoding="utf-8") as handle:
            handle.write(NARRATIVE.format(name=regency.name))
    except OSError:
        data.unlink()
        raise
    return data, story


NARRATIVE = """\
<!-- Narasi {name}: belum ditulis. Tulis di sini narasi singkat yang netral dalam bahasa Indonesia,
angka persis seperti di data, masing-masing dengan penerbitnya. Selama berkas ini hanya berisi
komentar ini, halaman tidak menampilkan narasi. -->
"""

SKELETON = """\
# {name} ({province}): BPJS Ketenagakerjaan bagi pekerja rentan.
# Made by jaring new. Fill it from articles: jaring draft ARTICLE --into {file}
# then check every drafted figure against its sentence, delete each review: todo, and run jaring check.
# The schema is in the README ("Data schema"); the lists below are examples, all commented out.
code: "{code}"
review: todo  # delete this line once the file holds its sources and figures

# sources:
#   - id: penerbit-2025-11-18
#     publisher: Nama Penerbit
#     title: Judul artikel persis seperti tercetak
#     kind: berita  # berita, advertorial, siaran pers, dokumen resmi
#     published: 2025-11-18  # null when the article prints no date
#     url: https://contoh.example/berita
#     accessed: 2025-11-20

# start: {{year: 2023, printed: sejak 2023, source: penerbit-2025-11-18}}

# programmes: {{covered: [JKK, JKM], funding: Iuran dibayar APBD, source: penerbit-2025-11-18}}

# legal_basis:
#   - {{title: Peraturan Bupati tentang ..., number: Nomor 1 Tahun 2024, source: penerbit-2025-11-18}}

# targets:
#   - {{value: 20000, printed: "20 ribu", year: 2025, status: target, source: penerbit-2025-11-18}}

# protected:
#   - {{value: 15000, printed: "15.000 jiwa", date: 2025-11-18, payer: [apbd-kabupaten], source: penerbit-2025-11-18}}

# budget:
#   - {{year: 2025, value: 3024000000, printed: "Rp3 miliar 24 juta", covers: 15000, source: penerbit-2025-11-18}}

# budget_changes:
#   - {{from_year: 2024, to_year: 2025, value: 500000000, source: penerbit-2025-11-18}}

# premiums:
#   - {{value: 16800, per: bulan, printed: "Rp16.800 per bulan", year: 2025, source: penerbit-2025-11-18}}

# benefits:
#   - {{kind: santunan kematian, description: Santunan kematian, value: 42000000, up_to: true,
#      printed: "hingga Rp42 juta", source: penerbit-2025-11-18}}

# benefits_paid:
#   - {{year: 2025, value: 42000000, printed: "Rp42 juta", kind: santunan kematian, group: lebih-luas,
#      who: peserta BPJS Ketenagakerjaan, source: penerbit-2025-11-18}}

# workforce:
#   - {{value: 100000, printed: "100 ribu", who: pekerja informal, year: 2025, source: penerbit-2025-11-18}}

# segments:
#   - {{name: nelayan, source: penerbit-2025-11-18}}

# coverage:
#   - {{sector: pekerja rentan, percent: 63.47, printed: "63,47%", date: 2025-11-18, source: penerbit-2025-11-18}}

# events:
#   - {{kind: penyerahan kartu, title: Penyerahan kartu peserta, date: 2025-11-18, count: 500,
#      source: penerbit-2025-11-18}}

# disagreements:
#   - {{about: Jumlah peserta 2025, figures: [id-angka-satu, id-angka-dua], text: Kedua sumber berbeda ...}}

# data_notes:
#   - {{about: Angka yang janggal, text: Dibiarkan sebagaimana tercetak ..., source: penerbit-2025-11-18}}
"""
