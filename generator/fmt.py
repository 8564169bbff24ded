"""Indonesian formatting of numbers, money, shares and dates (Babel, locale ``id``).

93000 -> "93.000"; 18000000000 -> "Rp18 miliar"; 0.62 -> "62,0%"; 2025-10-20 -> "20 Oktober 2025".
Charts get the same conventions through ``D3_LOCALE`` (d3 has no id-ID locale of its own).
"""

from __future__ import annotations

import datetime as dt
import functools

from babel import Locale
from babel.dates import format_date, get_day_names, get_month_names
from babel.numbers import format_compact_decimal, format_decimal

LOCALE = Locale.parse("id")  # parsed once: given as "id", Babel parsed it again on every call

# d3-format locale for vl-convert and vega-embed: "." groups thousands, "," marks decimals.
D3_LOCALE = {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["Rp", ""]}


def d3_time_locale() -> dict:
    """d3-time-format locale built from Babel's Indonesian names (d3 weeks start on Sunday)."""
    days, short_days = get_day_names("wide", locale=LOCALE), get_day_names("abbreviated", locale=LOCALE)
    sunday_first = [6, 0, 1, 2, 3, 4, 5]
    return {
        "dateTime": "%A, %e %B %Y %H.%M.%S", "date": "%d/%m/%Y", "time": "%H.%M.%S", "periods": ["AM", "PM"],
        "days": [days[i] for i in sunday_first], "shortDays": [short_days[i] for i in sunday_first],
        "months": [get_month_names("wide", locale=LOCALE)[m] for m in range(1, 13)],
        "shortMonths": [get_month_names("abbreviated", locale=LOCALE)[m] for m in range(1, 13)],
    }


@functools.lru_cache(maxsize=1 << 16)  # the same few thousand values, formatted again and again
def number(value: int | float) -> str:
    """93000 -> "93.000"."""
    return format_decimal(value, locale=LOCALE)


@functools.lru_cache(maxsize=1 << 16)
def rupiah(value: int) -> str:
    """Short form for headlines: "Rp18 miliar", "Rp54,3 miliar", "Rp40 juta"; below a million, exact."""
    sign = "−" if value < 0 else ""
    value = abs(value)
    if value < 1_000_000:
        return f"{sign}Rp{number(value)}"
    return f"{sign}Rp{format_compact_decimal(value, format_type='long', locale=LOCALE, fraction_digits=1)}"


def rupiah_exact(value: int) -> str:
    """Every digit: "Rp54.307.662.320"."""
    sign = "−" if value < 0 else ""
    return f"{sign}Rp{number(abs(value))}"


def is_rounded(value: int) -> bool:
    """True when the short form of ``value`` loses digits (so the exact one should be shown too)."""
    return rupiah(value) != rupiah_exact(value) and not _round_compact(abs(value))


@functools.lru_cache(maxsize=1 << 16)
def percent(share: float, digits: int = 1) -> str:
    """0.62 -> "62,0%"."""
    pattern = "#,##0." + "0" * digits if digits else "#,##0"
    return format_decimal(share * 100, format=pattern, locale=LOCALE) + "%"


def signed(text: str, value: int | float) -> str:
    """Prefix a plus sign to a formatted positive change."""
    return f"+{text}" if value > 0 else text


@functools.lru_cache(maxsize=1 << 16)
def date(value: dt.date) -> str:
    """2025-10-20 -> "20 Oktober 2025"."""
    return format_date(value, format="d MMMM y", locale=LOCALE)


def when(day: dt.date | None, year: int | None, undated: str = "") -> str:
    """A figure's time as readers see it: "20 Oktober 2025", else "2023", else ``undated``."""
    if day is not None:
        return date(day)
    return str(year) if year is not None else undated


def _round_compact(value: int) -> bool:
    """18000000000 is exactly "18 miliar"; 54307662320 is not exactly "54,3 miliar"."""
    for size in (10**12, 10**9, 10**6):
        if value >= size:
            return value % (size // 10) == 0
    return True
