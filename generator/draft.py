"""``jaring draft ARTICLE``: an article (pasted text, or a saved HTML page) to a draft regency file.

Every figure found becomes an entry in the schema's own shape, with the sentence it came from as a
comment above it and ``review: todo`` in it (and in the source), which ``jaring check`` refuses until
a person has checked the entry and deleted the line. Into an existing file (``--into``) the new
entries are inserted as text at the end of their lists, so every byte already there stays as it was.
The guesses (kind, payer, group, status, date) come from the words of the sentence; when unsure the
draft says less rather than more, and the reviewer decides.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from . import numbers, places, skeleton
from .errors import JaringError
from .load import parse_yaml
from .register import Regency, Register, slugify

MAX_BYTES = 4 * 1024 * 1024  # a saved article page; real ones are 50-500 KB
ORDER = ["sources", "targets", "protected", "budget", "premiums", "benefits", "benefits_paid", "workforce", "coverage"]
WEEKDAYS = {"senin": 0, "selasa": 1, "rabu": 2, "kamis": 3, "jumat": 4, "jum'at": 4, "sabtu": 5, "minggu": 6, "ahad": 6}
_MONTHS = "|".join(numbers.MONTHS)
_WEEKDAY = r"(?P<weekday>Senin|Selasa|Rabu|Kamis|Jum'?at|Sabtu|Minggu|Ahad)"
_SLASH_DATE = re.compile(rf"{_WEEKDAY}?\s*[,(]?\s*\(?(?P<d>\d{{1,2}})/(?P<m>\d{{1,2}})(?:/(?P<y>\d{{2,4}}))?\)?")
_LONG_DATE = re.compile(
    rf"(?:{_WEEKDAY},?\s*)?\(?(?P<d>\d{{1,2}})\s+(?P<m>{_MONTHS})\s+(?P<y>\d{{4}})\)?", re.IGNORECASE
)
_ISO_DATE = re.compile(r"\b(?P<y>20\d\d)-(?P<m>\d\d)-(?P<d>\d\d)\b")
_PER_MONTH = re.compile(
    rf"\b(?:per|hingga|sampai|s\.d\.?|pada)\s+(?:akhir\s+)?(?P<m>{_MONTHS})\s+(?P<y>\d{{4}})\b", re.IGNORECASE
)
_YEAR = re.compile(r"(?<![\d./-])(?:19|20)\d\d(?![\d./-])")
_DECREE_YEAR = re.compile(
    r"(?:Tahun|No\.?|Nomor)\s+\d+\s+Tahun\s+(?:19|20)\d\d|Tahun\s+(?:19|20)\d\d\s+tentang", re.IGNORECASE
)
_BUDGET_YEAR = re.compile(
    r"(?:APBD(?:-?P)?(?:\s+(?:Perubahan|murni|induk))?|tahun\s+anggaran|TA\.?|anggaran)"
    r"\s*(?:tahun\s*)?((?:19|20)\d\d)\b",
    re.IGNORECASE,
)
_SPAN = re.compile(
    r"(?:sejak|dari)\s+(?:tahun\s+)?(?:19|20)\d\d(?:\s*(?:-|–|hingga|sampai)\s*(?:19|20)?\d\d)?|"
    r"(?:19|20)\d\d\s*(?:-|–|hingga|sampai)\s*(?:19|20)\d\d"
)
_UNSAFE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff\u061c\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]"
)


class DraftError(ValueError):
    """Nothing was written: the message says why and what to do."""


@dataclass
class Article:
    title: str
    text: str
    site: str | None = None
    published: dt.date | None = None
    published_printed: str | None = None  # the date as printed
    date_inferred: str | None = None  # how the date was worked out, when it was
    url: str = ""


@dataclass
class Entry:
    """One drafted figure: its list, its keys in order, and the sentence it came from."""

    list: str
    keys: dict[str, Any]
    sentence: str
    hint: str | None = None  # a remark for the reviewer, written as a comment


@dataclass
class Draft:
    regency: Regency
    article: Article
    source: dict[str, Any]
    entries: list[Entry] = field(default_factory=list)


# --- reading the article --------------------------------------------------------------------------


def read_article(path: Path, url: str | None = None) -> Article:
    """The article's title and text (and for HTML its site, date): DraftError for an empty, binary or
    oversized file, or a page with no article in it."""
    try:
        size = os.stat(path).st_size
        if not path.is_file():
            raise DraftError(f"{path}: not a regular file")
        if size > MAX_BYTES:
            raise DraftError(f"{path}: {size:,} bytes, over the limit of {MAX_BYTES:,}; save the article alone")
        data = path.read_bytes()
    except OSError as exc:
        raise DraftError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    if not data.strip():
        raise DraftError(f"{path}: the file is empty; paste the article (headline first, then the text) into it")
    if b"\x00" in data:
        raise DraftError(f"{path}: not text (it holds NUL bytes); save the article as plain text (UTF-8) or HTML")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise DraftError(f"{path}: not UTF-8 text; save the article as plain text (UTF-8) or HTML") from None
        if sum(not (c.isprintable() or c.isspace()) for c in text) > len(text) // 100:
            raise DraftError(f"{path}: not text; save the article as plain text (UTF-8) or HTML") from None
    text = _UNSAFE.sub(" ", text.replace("\r\n", "\n").replace("\r", "\n"))
    if re.search(r"<(?:!doctype|html|head|body|article|div|p)\b", text[:8192], re.IGNORECASE):
        return _html(path, text, url)
    lines = [line.strip() for line in text.split("\n")]
    lines = [line for line in lines if line]
    return Article(title=lines[0], text="\n".join(lines[1:]) or lines[0], url=url or "")


def _html(path: Path, page: str, url: str | None) -> Article:
    import warnings

    import trafilatura

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        found: Any = trafilatura.bare_extraction(  # a trafilatura Document, or None
            page, url=url, with_metadata=True, include_comments=False, include_tables=True
        )
    text = getattr(found, "text", None) if found is not None else None
    if not text or len(text.split()) < 20:
        raise DraftError(
            f"{path}: no article text found in this HTML page; save the article's own page, or paste "
            "its text into a .txt file (headline first)"
        )
    title = (found.title or text.split("\n", 1)[0]).strip()
    article = Article(
        title=_UNSAFE.sub(" ", title),
        text=_UNSAFE.sub(" ", text),
        site=found.sitename or None,
        url=url or found.url or "",
    )
    if found.date:
        try:
            article.published = dt.date.fromisoformat(found.date[:10])
            article.published_printed = None
        except ValueError:
            pass
    return article


def find_date(article: Article) -> None:
    """The article's date as printed near its start ("Selasa (18/11/2025)", "Rabu, 17 Desember 2025",
    "Kamis (5/10)"): a day without a year takes the year only from the text, matching its weekday when
    printed, or stays open."""
    head = article.text[:700]
    for pattern in (_SLASH_DATE, _LONG_DATE, _ISO_DATE):
        match = pattern.search(head)
        if match is None or (pattern is _SLASH_DATE and not match["weekday"] and not match["y"]):
            continue
        day, month = int(match["d"]), match["m"]
        month = numbers.MONTHS[month.lower()] if not month.isdigit() else int(month)
        year = match["y"]
        printed = match.group(0).strip(" ,")
        if year is not None:
            year = int(year) + (2000 if len(year) == 2 else 0)
            try:
                article.published = dt.date(year, month, day)
            except ValueError:
                continue
            article.published_printed = printed
            article.date_inferred = None
            return
        weekday = WEEKDAYS.get((match["weekday"] or "").lower().replace("'", ""))
        article.published_printed = printed
        article.published = None
        years = sorted({int(y) for y in _YEAR.findall(article.text)})
        fits = []
        for candidate in years:
            try:
                day_ = dt.date(candidate, month, day)
            except ValueError:
                continue
            if weekday is None or day_.weekday() == weekday:
                fits.append(day_)
        if len(fits) == 1:
            article.published = fits[0]
            article.date_inferred = f'hanya "{printed}" tercetak; tahun {fits[0].year} diambil dari teks' + (
                " (cocok dengan nama harinya)" if weekday is not None else ""
            )
        return


# --- sentences and figures ------------------------------------------------------------------------

_ABBREV = {
    "kab",
    "no",
    "rp",
    "dr",
    "h",
    "hj",
    "st",
    "dll",
    "prof",
    "ir",
    "jl",
    "kec",
    "kel",
    "sdr",
    "bpk",
    "tgl",
    "dkk",
    "a.n",
    "s.e",
    "s.h",
    "m.si",
    "s.sos",
    "drs",
}


def sentences(text: str) -> Iterator[str]:
    for paragraph in text.split("\n"):
        start = 0
        for match in re.finditer(r"(?<=[.!?])[\"”']?\s+(?=[A-Z\"“(])", paragraph):
            word = re.search(
                r"([\w.]+)[.!?]$",
                paragraph[start : match.start() + 1]
                if paragraph[match.start()] in ".!?"
                else paragraph[start : match.start()],
            )
            if word and word.group(1).lower().rstrip(".") in _ABBREV:
                continue
            yield paragraph[start : match.end()].strip()
            start = match.end()
        if paragraph[start:].strip():
            yield paragraph[start:].strip()


_PEOPLE = re.compile(
    r"\s*(?:orang\s+)?(?:pekerja|orang|jiwa|peserta|warga|tenaga|nelayan|petani|buruh|pengemudi|"
    r"ojek|pedagang|kader|guru|marbot|imam|pelaku|penerima|masyarakat|KK|kepala\s+keluarga|"
    r"honorer|non-?\s?ASN|pegawai|karyawan|perangkat|ketua|anggota|penggali|relawan|linmas|mitra|"
    r"driver|sopir|kuli|penyandang|lansia|pemuda|rumah\s+tangga|keluarga|PBI|BPU|jemaah|petugas|"
    r"pengurus|RT|penjual|tukang|sopir|pemulung)\b",
    re.IGNORECASE,
)
_COUNT_CUE = re.compile(
    r"\b(?:sebanyak|sejumlah|mencapai|menjadi|total|jumlah|tercatat|terdapat|kuota|target|"
    r"sasaran|melindungi|mendaftarkan|menanggung|meng-?cover|bagi|untuk|kepada|baru|ditambah|"
    r"tambahan|telah|sudah|hingga\s+kini|sekitar|lebih\s+dari|hampir)\W*$",
    re.IGNORECASE,
)
_WIDER = re.compile(
    r"non-?\s?ASN|honorer|PPNPN|\bASN\b|RT/RW|ketua RT|perangkat desa|tenaga kontrak|TK2D|KPPS|"
    r"penyelenggara pemilu|badan ad ?hoc|pegawai|seluruh peserta|guru ngaji|marbot|imam masjid",
    re.IGNORECASE,
)
_WORKFORCE = re.compile(r"pekerja informal|sektor informal|angkatan kerja|potensi|populasi", re.IGNORECASE)
_TARGET_WORDS = [
    (r"target|ditargetkan|menargetkan|sasaran", "target"),
    (r"kuota|alokasi|dialokasikan|anggaran murni", "dialokasikan"),
    (r"usulan|diusulkan|mengusulkan|diajukan", "diusulkan"),
    (r"rencana|direncanakan|akan|anggaran perubahan|sisa data", "direncanakan"),
]
_PENDING = re.compile(
    r"belum dibayar|tervalidasi|didata|terdata|diverifikasi|verifikasi|pendataan|validasi", re.IGNORECASE
)
_BENEFIT = re.compile(
    r"santunan|beasiswa|manfaat|klaim|ahli waris|jaminan kematian|biaya pengobatan|perawatan", re.IGNORECASE
)
_PAID = re.compile(
    r"diserahkan|menyerahkan|disalurkan|menyalurkan|dibayarkan|membayarkan|dicairkan|pencairan|"
    r"telah menerima|diterimakan|total klaim",
    re.IGNORECASE,
)
_PREMIUM = re.compile(r"iuran|premi", re.IGNORECASE)
_CHANGE = re.compile(
    r"naik|meningkat|turun|kenaikan|penurunan|pertumbuhan|bunga|diskon|potongan|pajak|inflasi|"
    r"realisasi anggaran|serapan",
    re.IGNORECASE,
)
_PROVINCE = re.compile(
    r"APBD\s+(?:Pemerintah\s+)?Provinsi|APBD\s+Prov\b|Pemprov|Pemerintah\s+Provinsi|Gubernur", re.IGNORECASE
)
_PAYERS = [
    (re.compile(r"dana desa|\bADD\b|dana kampung|dana kelurahan|APBDes", re.IGNORECASE), "dana-desa"),
    (re.compile(r"DBHCHT|DBH ?CHT|cukai", re.IGNORECASE), "dbhcht"),
    (re.compile(r"\bCSR\b"), "csr"),
    (re.compile(r"Baznas|donasi|zakat|infak", re.IGNORECASE), "donasi"),
]
_OWN = re.compile(
    r"\bAPBD\b|Pemkab|Pemkot|Pemda|Pemerintah\s+(?:Kabupaten|Kota|Daerah)|Bupati|Wali\s?kota", re.IGNORECASE
)


def _payer(sentence: str) -> list[str]:
    payers = []
    if _PROVINCE.search(sentence):
        payers.append("apbd-provinsi")
    if _OWN.search(_PROVINCE.sub(" ", sentence)) and not payers:
        payers.append("apbd-kabupaten")
    payers += [name for pattern, name in _PAYERS if pattern.search(sentence)]
    return payers


def _nearest(window_before: str, window_after: str, table) -> str | None:
    """The value of the keyword nearest to the figure (before it counts first)."""
    best: tuple[int, str] | None = None
    for pattern, value in table:
        for match in re.finditer(rf"\b(?:{pattern})\b", window_before, re.IGNORECASE):
            distance = len(window_before) - match.end()
            if best is None or distance < best[0]:
                best = (distance, value)
        for match in re.finditer(rf"\b(?:{pattern})\b", window_after, re.IGNORECASE):
            distance = match.start() + 20  # words after weigh less
            if best is None or distance < best[0]:
                best = (distance, value)
    return best[1] if best else None


def _years(sentence: str) -> list[int]:
    cleaned = _DECREE_YEAR.sub(" ", sentence)
    return [int(y) for y in _YEAR.findall(cleaned)]


def figures(sentence: str, article: Article, build_date: dt.date) -> Iterator[Entry]:
    """The draft entries of one sentence."""
    found = numbers.find(sentence)
    counts = [n for n in found if n.unit == "jumlah"]
    for number in found:
        before = sentence[max(0, number.start - 70) : number.start]
        after = sentence[number.end : number.end + 50]
        keys: dict[str, Any] = {}
        entry = _classify(number, before, after, sentence, counts, article, build_date, keys)
        if entry is not None:
            yield entry


def _when(sentence: str, article: Article, keys: dict[str, Any], prefer_year: bool = False) -> str | None:
    """date or year for a dated figure: "per Januari 2025" as its first day, a year printed with it,
    else the article's date. Returns a remark for the reviewer."""
    if (match := _PER_MONTH.search(sentence)) is not None:
        keys["date"] = dt.date(int(match["y"]), numbers.MONTHS[match["m"].lower()], 1)
        return f'"{match.group(0)}" written as the first day of that month'
    years = _years(sentence)
    published = article.published
    if years and (prefer_year or published is None or max(years) < published.year):
        keys["year"] = max(years) if prefer_year else years[0]
        return None
    if published is not None:
        keys["date"] = published
    return None


def _classify(
    number: numbers.Number,
    before: str,
    after: str,
    sentence: str,
    counts,
    article: Article,
    build_date: dt.date,
    keys: dict[str, Any],
) -> Entry | None:
    window = before + " " + after
    hint = None
    if number.unit == "persen":
        if _CHANGE.search(before[-40:] + " " + after[:20]):
            return None
        sector = re.search(
            r"sektor\s+\w+|pekerja rentan|pekerja informal|\bBPU\b|pekerja bukan penerima upah", sentence, re.IGNORECASE
        )
        keys.update(
            sector=sector.group(0) if sector else "pekerja rentan", percent=number.number, printed=number.printed
        )
        if re.search(r"target|ditargetkan", window, re.IGNORECASE):
            keys["status"] = "target"
        hint = _when(sentence, article, keys)
        return Entry("coverage", keys, sentence, hint or "sector guessed: say what the share is of")
    if number.unit == "rupiah":
        return _money(number, before, after, sentence, counts, article, build_date, keys)
    # a count of people
    if not (
        _PEOPLE.match(sentence, number.end)
        or _COUNT_CUE.search(before[-35:])
        and re.search(r"pekerja|peserta|jiwa|orang|warga", sentence, re.IGNORECASE)
    ):
        return None
    keys.update(value=number.value, printed=number.printed)
    if number.qualifier:
        keys["qualifier"] = number.qualifier
    wider = _WIDER.search(window)
    workforce = _WORKFORCE.search(window)
    status = _nearest(before[-60:], after[:30], _TARGET_WORDS)
    if workforce and not status:
        keys["who"] = workforce.group(0)
        hint = _when(sentence, article, keys)
        return Entry("workforce", keys, sentence, hint)
    if status:
        keys["status"] = status
        payer = _payer(sentence)
        if payer:
            keys["payer"] = payer
        _group(keys, wider)
        hint = _when(sentence, article, keys, prefer_year=True)
        return Entry("targets", keys, sentence, hint)
    payer = _payer(sentence)
    if payer:
        keys["payer"] = payer
    if _PENDING.search(window):
        keys["status"] = "terdaftar-belum-dibayar"
    _group(keys, wider)
    hint = _when(sentence, article, keys)
    return Entry("protected", keys, sentence, hint)


def _group(keys: dict[str, Any], wider) -> None:
    if wider is not None:
        keys["group"] = "lebih-luas"
        keys["who"] = wider.group(0)


def _money(
    number: numbers.Number,
    before: str,
    after: str,
    sentence: str,
    counts,
    article: Article,
    build_date: dt.date,
    keys: dict[str, Any],
) -> Entry | None:
    value = number.value
    if (number.per in ("bulan", "orang") and value <= 200_000) or (
        number.per is None and value <= 200_000 and _PREMIUM.search(before + after)
    ):
        keys.update(value=value, per="bulan", printed=number.printed)
        payer = _payer(sentence)
        if payer:
            keys["payer"] = payer
        return Entry("premiums", keys, sentence, _when(sentence, article, keys))
    if number.per == "tahun" and value <= 2_400_000:
        keys.update(value=value, per="tahun", printed=number.printed)
        return Entry("premiums", keys, sentence, _when(sentence, article, keys))
    if _BENEFIT.search(before[-60:]) or _BENEFIT.search(after[:30]):
        text = before + after
        kind = (
            "beasiswa"
            if re.search("beasiswa", text, re.I)
            else "santunan kematian"
            if re.search("kematian|meninggal|ahli waris", text, re.I)
            else None
        )
        if _PAID.search(sentence) and number.qualifier != "hingga" and not re.search(r"berhak|akan", sentence):
            year, guessed = _budget_year(sentence, article, build_date)
            keys.update(year=year, value=value, printed=number.printed)
            keys["kind"] = kind or ("jkk" if re.search(r"kecelakaan kerja|JKK", text) else "lainnya")
            return Entry(
                "benefits_paid",
                keys,
                sentence,
                ("year guessed; " if guessed else "") + "claims are often for all participants: then "
                "group: lebih-luas with who",
            )
        perawatan = re.search("perawatan|pengobatan", text, re.I)
        keys.update(
            kind=kind or ("perawatan" if perawatan else "lainnya"),
            description=_description(kind, perawatan),
            value=value,
        )
        if number.qualifier == "hingga":
            keys["up_to"] = True
        keys["printed"] = number.printed
        return Entry("benefits", keys, sentence, "a benefit rule, not money paid out: check which")
    if _CHANGE.search(before[-25:]):
        return None
    year, guessed = _budget_year(sentence, article, build_date)
    keys.update(year=year, value=value, printed=number.printed)
    if number.qualifier:
        keys["qualifier"] = number.qualifier
    if number.per == "bulan" or re.match(r"\s*(?:setiap|tiap)\s+bulan|\s*sebulan", after, re.IGNORECASE):
        keys["basis"] = "bulanan"
    elif (span := _SPAN.search(sentence)) and not _BUDGET_YEAR.search(sentence):
        keys["basis"] = "kumulatif"
        keys["period"] = span.group(0)
    status = _nearest(
        before[-60:],
        after[:40],
        [
            (r"usulan|diusulkan|mengusulkan|RAPBD", "diusulkan"),
            (r"rencana|direncanakan|akan\s+dianggarkan|akan\s+dialokasikan", "direncanakan"),
            (
                r"realisasi|terealisasi|telah\s+dibayarkan|sudah\s+dibayarkan|dibayarkan|telah\s+disalurkan",
                "terealisasi",
            ),
        ],
    )
    if status:
        keys["status"] = status
    covered = next(
        (
            c
            for c in counts
            if c.start > number.end
            and re.search(
                r"(?:untuk|bagi|kepada|menanggung|meng-?cover)\s+(?:sebanyak\s+|sekitar\s+|lebih dari\s+)?$",
                sentence[max(0, c.start - 40) : c.start],
                re.IGNORECASE,
            )
        ),
        None,
    )
    if covered is not None:
        keys["covers"] = covered.value
    months = re.search(r"selama\s+(\d{1,2})\s+bulan", sentence)
    if months and 1 <= int(months.group(1)) <= 12:
        keys["months"] = int(months.group(1))
    payer = _payer(sentence)
    if payer:
        keys["payer"] = payer
    return Entry("budget", keys, sentence, "year guessed: the sentence and the article print none" if guessed else None)


def _description(kind: str | None, perawatan) -> str:
    if kind == "santunan kematian":
        return "Santunan kematian bagi ahli waris peserta"
    if kind == "beasiswa":
        return "Beasiswa pendidikan bagi anak peserta"
    return "Biaya perawatan dan pengobatan" if perawatan else "Manfaat bagi peserta"


def _budget_year(sentence: str, article: Article, build_date: dt.date) -> tuple[int, bool]:
    if (match := _BUDGET_YEAR.search(sentence)) is not None:
        return int(match.group(1)), False
    years = _years(sentence)
    if years:
        return years[0], False
    if article.published is not None:
        return article.published.year, False
    return build_date.year, True


def propose(article: Article, build_date: dt.date) -> list[Entry]:
    """Every figure of the article once: the first sentence printing a value of a kind wins."""
    entries, seen = [], set()
    for sentence in sentences(article.text + "\n" + article.title):
        for entry in figures(sentence, article, build_date):
            value = entry.keys.get("value", entry.keys.get("percent"))
            key = (entry.list, value, entry.keys.get("status"))
            if key in seen:
                continue
            seen.add(key)
            entries.append(entry)
    return entries


# --- the draft as YAML text -----------------------------------------------------------------------


def _scalar(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(_scalar(v) for v in value) + "]"
    if re.fullmatch(r"[a-z][a-z0-9-]*(?: [a-z][a-z0-9-]*)*", value) and value not in ("true", "false", "null"):
        return value  # a slug or a word of the schema: plain, as people write it (review: todo)
    return json.dumps(str(value), ensure_ascii=False)


def _comment(text: str, indent: str) -> list[str]:
    return [f"{indent}# {line}" for line in textwrap.wrap(text, 100 - len(indent), break_long_words=False)]


def entry_lines(keys: dict[str, Any], comments: list[str], indent: str = "  ") -> list[str]:
    lines = list(comments)
    for index, (key, value) in enumerate(keys.items()):
        lead = f"{indent}- " if index == 0 else f"{indent}  "
        lines.append(f"{lead}{key}: {_scalar(value)}")
    return lines


def source_entry(article: Article, source_id: str, publisher: str, build_date: dt.date) -> dict[str, Any]:
    keys: dict[str, Any] = {
        "id": source_id,
        "publisher": publisher,
        "title": article.title[:2000],
        "kind": "advertorial"
        if re.search(r"\b(?:ADV|advertorial|pariwara)\b", article.text + article.url)
        else "berita",
        "published": article.published,
    }
    if article.published_printed and (article.published is None or article.date_inferred):
        keys["published_printed"] = article.published_printed
    notes = []
    if article.date_inferred:
        keys["date_inferred"] = True
        notes.append(f"Tanggal disimpulkan: {article.date_inferred}.")
    elif article.published_printed:
        notes.append(f"Tanggal tercetak {article.published_printed}.")
    keys["url"] = article.url
    keys["accessed"] = build_date
    if notes:
        keys["note"] = " ".join(notes)
    keys["review"] = "todo"
    return keys


def _publisher(article: Article, given: str | None) -> str:
    if given:
        return given
    if article.site:
        return article.site
    host = urlsplit(article.url).hostname if article.url else None
    if host:
        return host.removeprefix("www.")
    raise DraftError("the article names no publisher: give it with --publisher NAME (and --url URL if you have it)")


def _unique(base: str, taken: set[str]) -> str:
    base = base[:80].strip("-")
    name, n = base, 2
    while name in taken:
        suffix = f"-{n}"
        name, n = base[: 80 - len(suffix)].rstrip("-") + suffix, n + 1
    taken.add(name)
    return name


def _figure_id(entry: Entry, taken: set[str]) -> str:
    short = {
        "protected": "peserta",
        "targets": "target",
        "budget": "anggaran",
        "premiums": "iuran",
        "benefits": "manfaat",
        "benefits_paid": "manfaat-dibayar",
        "workforce": "angkatan-kerja",
        "coverage": "cakupan",
    }[entry.list]
    value = entry.keys.get("value", entry.keys.get("percent"))
    when = entry.keys.get("date") or entry.keys.get("year") or ""
    return _unique(slugify(f"{short}-{value}-{when}"), taken)


def _ordered(entry: Entry, figure_id: str, source_id: str) -> dict[str, Any]:
    keys = {"id": figure_id} if entry.list not in ("benefits",) else {}
    if entry.list == "benefits":
        keys["id"] = figure_id
    keys.update(entry.keys)
    keys["source"] = source_id
    keys["review"] = "todo"
    return keys


def section_lines(draft: Draft, taken_ids: set[str]) -> dict[str, list[str]]:
    """The lines of each list's new entries (without the list's key)."""
    out: dict[str, list[str]] = {"sources": entry_lines(draft.source, [])}
    for entry in draft.entries:
        keys = _ordered(entry, _figure_id(entry, taken_ids), draft.source["id"])
        comments = _comment(f"«{entry.sentence}»", "  ")
        if entry.hint:
            comments += _comment(f"jaring draft: {entry.hint}", "  ")
        out.setdefault(entry.list, []).extend(entry_lines(keys, comments))
    return out


def new_file(draft: Draft, register: Register, article_name: str) -> str:
    regency = draft.regency
    province = register.provinces[regency.province_code].name
    sections = section_lines(draft, set())
    head = [
        f"# {regency.name} ({province}): BPJS Ketenagakerjaan bagi pekerja rentan.",
        f"# Drafted by jaring draft from {article_name}. Check every entry marked review: todo against the",
        "# sentence quoted above it, correct it, delete its line review: todo, then run jaring check.",
        f'code: "{regency.code}"',
    ]
    body = []
    for name in ORDER:
        if name in sections:
            body += ["", f"{name}:", *sections[name]]
    return "\n".join(head + body) + "\n"


def merged(existing: str, rel: str, draft: Draft) -> str:
    """``existing`` with the draft's entries inserted at the end of their lists (or new lists at the end):
    the lines already there are kept byte for byte."""
    try:
        doc = parse_yaml(existing, rel)
    except JaringError as exc:
        raise DraftError("; ".join(str(p) for p in exc.problems) + "; fix the file before drafting into it") from None
    value = doc.value if isinstance(doc.value, dict) else None
    if value is None:
        raise DraftError(f"{rel}: not a regency file (expected a mapping of keys at the top)")
    taken: set[str] = {
        item["id"]
        for name, items in value.items()
        if name != "sources" and isinstance(items, list)
        for item in items
        if isinstance(item, dict) and isinstance(item.get("id"), str)
    }
    source_ids = {s["id"] for s in value.get("sources") or [] if isinstance(s, dict) and isinstance(s.get("id"), str)}
    draft.source["id"] = _unique(draft.source["id"], set(source_ids))
    sections = section_lines(draft, set(taken))
    lines = existing.split("\n")
    trailing = existing.endswith("\n")
    if trailing:
        lines = lines[:-1]
    tops = sorted(mark.line for loc, mark in doc.key_marks.items() if len(loc) == 1)
    inserts: dict[int, list[str]] = {}  # after line n (1-based), these lines
    appended: list[str] = []
    for name in ORDER:
        if name not in sections:
            continue
        if name not in value or value[name] is None:
            if name in value:
                raise DraftError(
                    f"{rel}:{doc.key_marks[(name,)].line}: {name} is empty; delete the line or give "
                    "it entries before drafting into the file"
                )
            appended += ["", f"{name}:", *sections[name]]
            continue
        key_line = doc.key_marks[(name,)].line
        if not isinstance(value[name], list) or not value[name] or doc.marks[(name, 0)].line == key_line:
            raise DraftError(
                f"{rel}:{key_line}: {name} is not written as a block list (one '- ' entry a line); "
                "write it so before drafting into the file"
            )
        indent = " " * (doc.marks[(name, 0)].col - 3)
        later = [line for line in tops if line > key_line]
        end = (later[0] - 1) if later else len(lines)
        while end > key_line and (not lines[end - 1].strip() or lines[end - 1].startswith("#")):
            end -= 1
        inserts[end] = [indent + line[2:] if indent != "  " else line for line in sections[name]]
    out: list[str] = []
    for number, line in enumerate(lines, start=1):
        out.append(line)
        out += inserts.get(number, [])
    return "\n".join(out + appended) + "\n"


def make(
    article: Article,
    register: Register,
    regency: Regency,
    publisher: str | None,
    build_date: dt.date,
    taken_sources: set[str] | frozenset[str] = frozenset(),
) -> Draft:
    entries = propose(article, build_date)
    if not entries:
        raise DraftError(
            "no figure found in the article (counts of pekerja rentan, targets, budgets, premiums, "
            "benefits, coverage); nothing to draft"
        )
    name = _publisher(article, publisher)
    when = article.published.isoformat() if article.published else "tanpa-tanggal"
    source_id = slugify(f"{name.split('(')[0].removesuffix('.com').removesuffix('.id')}-{when}") or "sumber"
    return Draft(regency, article, source_entry(article, source_id, name, build_date), entries)


def place_of(article: Article, register: Register) -> Regency:
    found = places.detect(register, article.title + "\n" + article.text)
    if found.regency is not None:
        return found.regency
    named = ", ".join(f"{r.name} ({r.code}, {n}×)" for r, n in found.counts[:4])
    raise DraftError(
        "cannot tell which kabupaten/kota the article is about"
        + (f" (it names {named})" if named else " (it names none)")
        + '; give it with --place, e.g. --place "Kota Bontang" or --place 64.74'
    )


def existing_file(root: Path, regency: Regency) -> list[Path]:
    return skeleton.existing(root, regency.code)
