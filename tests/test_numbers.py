"""Indonesian numbers as journalists print them (generator/numbers.py), from real phrasings."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.numbers import find, parse

PRINTED = [
    ("150 ribu", 150000, "jumlah", None),
    ("93.000", 93000, "jumlah", None),
    ("20.965", 20965, "jumlah", None),
    ("7861", 7861, "jumlah", None),
    ("12. 656", 12656, "jumlah", None),
    ("Rp18 miliar", 18_000_000_000, "rupiah", None),
    ("Rp 18 miliar", 18_000_000_000, "rupiah", None),
    ("Rp1,9 miliar lebih", 1_900_000_000, "rupiah", "lebih dari"),
    ("Rp3 miliar 24 juta", 3_024_000_000, "rupiah", None),
    ("Rp 54.307.662.320", 54_307_662_320, "rupiah", None),
    ("Rp16.800 per bulan", 16800, "rupiah", None),
    ("77 persen", 77, "persen", None),
    ("63,47%", Decimal("63.47"), "persen", None),
    ("lebih dari 30 ribu", 30000, "jumlah", "lebih dari"),
    ("sekitar 5.084", 5084, "jumlah", "sekitar"),
    ("hingga Rp42 juta", 42_000_000, "rupiah", "hingga"),
    ("1,5 juta", 1_500_000, "jumlah", None),
    ("Rp1,008 miliar", 1_008_000_000, "rupiah", None),
    ("hampir 95.000", 95000, "jumlah", "hampir"),
    ("minimal 500", 500, "jumlah", "minimal"),
    ("Rp 7 Miliar", 7_000_000_000, "rupiah", None),
]


@pytest.mark.parametrize(("printed", "value", "unit", "qualifier"), PRINTED)
def test_real_phrasings(printed, value, unit, qualifier):
    number = parse(printed)
    assert (number.value, number.unit, number.qualifier) == (value, unit, qualifier)
    assert number.printed == printed  # exactly as in the text, qualifier and "per bulan" included


def test_premium_per_month():
    assert parse("Rp16.800 per bulan").per == "bulan"
    assert parse("iuran Rp16.800 per orang per bulan").per == "bulan"


@pytest.mark.parametrize(
    "text",
    [
        "pada 2025",
        "Perwali Nomor 23 Tahun 2023",
        "Inpres No. 2 Tahun 2021",
        "Senin (20/10/2025)",
        "Kamis (5/10)",
        "Rabu, 17 Desember 2025",
        "hubungi 0812 3456 7890",
        "telepon 0541-123456",
        "berusia 18 hingga 65 tahun",
        "di 15 kelurahan",
        "17 kampung",
        "pukul 10.00 WITA",
        "selama 12 bulan",
        "Pasal 5 ayat 2",
        "di 4 kecamatan",
        "tahun 2023 sampai 2025",
    ],
)
def test_not_figures(text):
    assert find(text) == []


def test_in_a_sentence():
    text = (
        "Pemkab menyiapkan Rp3 miliar 24 juta untuk 15 ribu pekerja rentan sesuai Perbup Nomor 12 Tahun 2024, "
        "Selasa (18/11/2025), dengan iuran Rp16.800 per bulan."
    )
    assert [(n.value, n.unit) for n in find(text)] == [(3_024_000_000, "rupiah"), (15000, "jumlah"), (16800, "rupiah")]


def _dotted(n: int) -> str:
    return f"{n:,}".replace(",", ".")


@given(st.integers(min_value=1000, max_value=10**12))
def test_any_integer_with_separators_parses_back(n):
    assert parse(_dotted(n)).value == n
    assert parse("Rp" + _dotted(n)).value == n
    assert parse("Rp " + _dotted(n)).value == n


@given(st.integers(min_value=1, max_value=999), st.integers(min_value=1, max_value=999))
def test_rupiah_in_miliar_and_juta(miliar, juta):
    assert parse(f"Rp{miliar} miliar {juta} juta").value == miliar * 10**9 + juta * 10**6
    assert parse(f"Rp{miliar} juta").value == miliar * 10**6


@given(st.integers(min_value=1, max_value=999), st.integers(min_value=1, max_value=999))
def test_decimal_comma_with_scale(whole, thousandths):
    assert parse(f"Rp{whole},{thousandths:03d} miliar").value == whole * 10**9 + thousandths * 10**6
    assert parse(f"{whole} ribu").value == whole * 1000
