"""Indonesian formatting (Babel): numbers, rupiah, shares and dates."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.fmt import formatter

fmt = formatter("id")  # the Indonesian formatter, as the site's first language uses


@pytest.mark.parametrize(
    "value, expected",
    [
        (93000, "93.000"),
        (150000, "150.000"),
        (9500, "9.500"),
        (20965, "20.965"),
        (0, "0"),
        (54307662320, "54.307.662.320"),
    ],
)
def test_number(value, expected):
    assert fmt.number(value) == expected


@pytest.mark.parametrize(
    "value, short, exact",
    [
        (18_000_000_000, "Rp18 miliar", "Rp18.000.000.000"),
        (54_307_662_320, "Rp54,3 miliar", "Rp54.307.662.320"),
        (40_000_000, "Rp40 juta", "Rp40.000.000"),
        (5_794_000, "Rp5,8 juta", "Rp5.794.000"),
        (352_941, "Rp352.941", "Rp352.941"),
        (1_500_000_000_000, "Rp1,5 triliun", "Rp1.500.000.000.000"),
        (-3_000_000_000, "−Rp3 miliar", "−Rp3.000.000.000"),
    ],
)
def test_rupiah(value, short, exact):
    assert fmt.rupiah(value) == short
    assert fmt.rupiah_exact(value) == exact


def test_percent_and_date():
    assert fmt.percent(0.62) == "62,0%"
    assert fmt.percent(0.77, digits=0) == "77%"
    assert fmt.date(dt.date(2025, 10, 20)) == "20 Oktober 2025"
    assert fmt.date(dt.date(2025, 6, 3)) == "3 Juni 2025"
    assert fmt.date(dt.date(2023, 2, 16)) == "16 Februari 2023"


def test_d3_time_locale_is_indonesian_and_sunday_first():
    locale = fmt.d3_time_locale()
    assert locale["months"][9] == "Oktober" and locale["days"][0] == "Minggu" and locale["days"][1] == "Senin"


@given(st.integers(min_value=0, max_value=10**15))
def test_number_reads_back(value):
    text = fmt.number(value)
    assert int(text.replace(".", "")) == value
    assert "," not in text


@given(st.integers(min_value=0, max_value=10**15))
def test_exact_rupiah_reads_back_and_short_form_is_close(value):
    assert int(fmt.rupiah_exact(value).removeprefix("Rp").replace(".", "")) == value
    short = fmt.rupiah(value).removeprefix("Rp")
    if value < 1_000_000:
        assert int(short.replace(".", "")) == value
    else:
        number, word = short.split(" ")
        scale = {"juta": 10**6, "miliar": 10**9, "triliun": 10**12}[word]
        assert abs(float(number.replace(",", ".")) * scale - value) <= 0.05 * scale + 1
