"""Indonesian numbers as journalists print them, for ``jaring draft``.

"93.000" and "20.965" use the dot for thousands, "63,47%" the comma for decimals; "150 ribu",
"1,5 juta", "Rp1,008 miliar" and "Rp3 miliar 24 juta" spell out the scale; "12. 656" carries a stray
space pasted from a web page; a qualifier ("lebih dari", "sekitar", "hampir", "hingga", "minimal")
may stand before the number, and "lebih" after it ("Rp1,9 miliar lebih").

``find`` returns the figures of a text, each with its value, unit, the words exactly as printed and
its place. What only looks like a figure is left out: years (2025), decree numbers ("Nomor 23 Tahun
2023", "Inpres No. 2 Tahun 2021"), dates ("20/10/2025", "18 November"), clock times, phone numbers,
ages ("18 hingga 65 tahun"), spans of time ("3 bulan") and counts of places ("15 kelurahan").
Values are exact (``Decimal``), never floats rounded on the way: "Rp1,008 miliar" is 1008000000.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

Unit = Literal["rupiah", "persen", "jumlah"]

SCALES = {"ribu": 10**3, "rb": 10**3, "juta": 10**6, "jt": 10**6, "miliar": 10**9, "milyar": 10**9, "triliun": 10**12}
MONTHS = {
    "januari": 1,
    "februari": 2,
    "pebruari": 2,
    "maret": 3,
    "april": 4,
    "mei": 5,
    "juni": 6,
    "juli": 7,
    "agustus": 8,
    "september": 9,
    "oktober": 10,
    "november": 11,
    "nopember": 11,
    "desember": 12,
}
# The qualifier printed before a value, and the word of the schema it is (schema.Qualifier).
BEFORE = {
    "lebih dari": "lebih dari",
    "lebih kurang": "sekitar",
    "kurang lebih": "sekitar",
    "kurang dari": "kurang dari",
    "sekitar": "sekitar",
    "kira-kira": "sekitar",
    "hampir": "hampir",
    "nyaris": "hampir",
    "hingga": "hingga",
    "sampai": "hingga",
    "maksimal": "hingga",
    "minimal": "minimal",
    "sedikitnya": "minimal",
    "setidaknya": "minimal",
    "paling sedikit": "minimal",
}

# A number: dot-grouped thousands (a stray space after a dot is forgiven), or plain digits, with a decimal
# comma; or a decimal dot when a scale word follows ("1.5 juta", rare but printed).
_NUM = r"(?:\d{1,3}(?:\.\s?\d{3})+(?:,\d+)?|\d+\.\d{1,2}(?=\s*(?:ribu|juta|miliar|milyar|triliun)\b)|\d+(?:,\d+)?)"
_SCALE = r"(?:ribu|rb|juta|jt|miliar|milyar|triliun)\b"
_FIGURE = re.compile(
    rf"(?P<rp>\bRp\.?\s?)?(?P<num>{_NUM})(?P<scale>\s?{_SCALE}(?:\s{_NUM}\s?{_SCALE})*)?"
    rf"(?P<pct>\s?(?:%|persen\b))?(?P<lebih>\s+lebih\b)?",
    re.IGNORECASE,
)
_QUALIFIER = re.compile(
    r"(?:^|\W)(" + "|".join(sorted(map(re.escape, BEFORE), key=len, reverse=True)) + r")\s*$", re.IGNORECASE
)
_PER = re.compile(
    r"\s*(?:per|/|setiap|tiap)\s*(?:orang\s+(?:per\s+|setiap\s+)?)?(bulan|tahun|orang|peserta|jiwa)\b", re.IGNORECASE
)
# Words after a number that make it a span of time, an age, a count of places or things, not a figure.
_NOT_AFTER = re.compile(
    r"\s*(?:(?:hingga|sampai|-|–)\s*\d+\s*)?(?:tahun|thn|bulan|hari|minggu|pekan|jam|menit|detik|kali|tahap|"
    r"triwulan|semester|periode|kecamatan|kelurahan|desa|kampung|nagari|gampong|dusun|kabupaten|kota|provinsi|"
    r"kabupaten/kota|RT|RW|OPD|sektor|segmen|jenis|kategori|kelompok|unit|titik|lokasi|kegiatan|program|"
    r"perusahaan|kantor|cabang|sekolah|pasal|ayat|halaman|km|kilometer|meter|hektare|ha|kg|ton|poin|lantai|"
    r"besar|WIB|WITA|WIT)\b",
    re.IGNORECASE,
)
_NOT_BEFORE = re.compile(
    r"(?:\b(?:nomor|no|nomer|pasal|ayat|tahun|thn|TA|pukul|jam|ke|tanggal|tgl|RT|RW|Jl|jalan|"
    r"kode|telepon|telp|hp|wa)\.?\s*:?\s*|[-/+:]|\d[\s-])$",
    re.IGNORECASE,
)
_MONTH_AFTER = re.compile(r"\s*(?:" + "|".join(MONTHS) + r")\b", re.IGNORECASE)
_DECREE_AFTER = re.compile(r"\s*(?:tahun|th\.?|thn)\s*\d{4}\b", re.IGNORECASE)


@dataclass(frozen=True)
class Number:
    value: int | Decimal  # whole numbers as int; a percent may keep decimals
    unit: Unit
    printed: str  # exactly as in the text, qualifier included ("lebih dari 30 ribu")
    start: int  # where ``printed`` starts and ends in the text
    end: int
    qualifier: str | None = None  # the schema's word for it: "lebih dari", "sekitar", ...
    per: str | None = None  # "bulan", "tahun", "orang": an amount per month, per year, per person

    @property
    def number(self) -> int | float:
        """The value as YAML writes it: an int, or a float for a percent with decimals."""
        return self.value if isinstance(self.value, int) else float(self.value)


def to_decimal(digits: str) -> Decimal:
    """ "20.965" -> 20965, "63,47" -> 63.47, "12. 656" -> 12656, "1.5" (before a scale word) -> 1.5."""
    digits = digits.replace(" ", "")
    if re.fullmatch(r"\d+\.\d{1,2}", digits):
        return Decimal(digits)
    return Decimal(digits.replace(".", "").replace(",", "."))


def _amount(num: str, scale: str | None) -> Decimal:
    if not scale:
        return to_decimal(num)
    parts = re.findall(rf"({_NUM})\s?({_SCALE})", num + scale, re.IGNORECASE)
    total = Decimal(0)
    for digits, word in parts:
        total += to_decimal(digits or "1") * SCALES[word.lower()]
    return total


def _whole(value: Decimal) -> int | Decimal:
    return int(value) if value == value.to_integral_value() else value.normalize()


def find(text: str) -> list[Number]:
    """Every figure printed in ``text``, in order (see the module's docstring for what is left out)."""
    found = []
    for match in _FIGURE.finditer(text):
        start, end = match.start(), match.end()
        if start > 0 and (text[start - 1].isalnum() or text[start - 1] in "_.,"):
            continue  # inside a word or a longer number ("A1", "2.0")
        if end < len(text) and (text[end].isalnum() and not match["pct"]):
            continue
        rp, num, scale, pct = match["rp"], match["num"], match["scale"], match["pct"]
        if not rp and not pct and _not_a_figure(text, start, end, num, scale):
            continue
        lebih = match["lebih"]
        if lebih and not _next_is_noun_free(text, end):
            lebih = None
        printed_end = end if lebih else match.end("pct") if pct else match.end("scale") if scale else match.end("num")
        value = _amount(num, scale)
        unit: Unit = "rupiah" if rp else "persen" if pct else "jumlah"
        qualifier, printed_start = None, start
        before = _QUALIFIER.search(text[max(0, start - 30) : start])
        if before is not None:
            qualifier = BEFORE[before.group(1).lower()]
            printed_start = start - (len(text[max(0, start - 30) : start]) - before.start(1))
        if lebih:
            qualifier = qualifier or "lebih dari"
        if unit != "persen" and value != value.to_integral_value():
            continue  # "2,5 orang": not a count
        per = None
        if unit == "rupiah" and (after := _PER.match(text, printed_end)) is not None:
            per = {"peserta": "orang", "jiwa": "orang"}.get(after.group(1).lower(), after.group(1).lower())
            printed_end = after.end()
        found.append(
            Number(_whole(value), unit, text[printed_start:printed_end], printed_start, printed_end, qualifier, per)
        )
    return found


def _next_is_noun_free(text: str, end: int) -> bool:
    """ "25 ribu orang lebih": a trailing "lebih" qualifies the number; "lebih baik" does not."""
    return not re.match(r"\s*(?:baik|banyak|besar|cepat|tinggi|rendah|luas|dulu|lanjut)\b", text[end:])


def _not_a_figure(text: str, start: int, end: int, num: str, scale: str | None) -> bool:
    """A year, a date, a decree number, a time, an age, a phone number, a count of places or things."""
    before, after = text[max(0, start - 20) : start], text[end : end + 40]
    plain = num.replace(".", "").replace(" ", "")
    if scale is None:
        if re.fullmatch(r"(19|20)\d\d", plain) and "." not in num:
            return True  # a year
        if plain.startswith("0") and len(plain) > 1 or re.match(r"[-\s]?\d{3,}", after) and len(plain) >= 3:
            return True  # a phone number, an id
        if len(plain) >= 9 and "." not in num:
            return True  # an unseparated long number: a phone, an account, a registration number
        if re.match(r"\s*[/:]\s*\d", after) or re.match(r"\.\d\d\b", after):
            return True  # 20/10/2025, 10:00, 10.00 WITA
        if _MONTH_AFTER.match(after) or _DECREE_AFTER.match(after):
            return True  # 18 November 2025; Nomor 23 Tahun 2023
    if _NOT_BEFORE.search(before):
        return True
    return bool(_NOT_AFTER.match(after))


def parse(printed: str) -> Number:
    """The one figure ``printed`` holds ("Rp3 miliar 24 juta" -> 3024000000); ValueError if none or several."""
    numbers = find(printed)
    if len(numbers) != 1:
        raise ValueError(f"{printed!r} holds {len(numbers)} figures, not one")
    return numbers[0]
