"""Formatting for readers, one ``Formatter`` per locale: numbers, money, shares, dates and the words
that name figures, their kinds and their formulas.

The data model (``derive``) holds numbers, dates and codes only; a page, chart, card, feed or download
turns them into text through the formatter it is given. For Indonesian (``Formatter("id")``):
93000 -> "93.000"; 18000000000 -> "Rp18 miliar"; 0.62 -> "62,0%"; 2025-10-20 -> "20 Oktober 2025".
Charts get the same conventions through ``d3_format_locale`` and ``d3_time_locale`` (d3 has no id-ID
locale of its own). The words live in ``WORDS``, keyed, in Indonesian; the catalogue translates them.
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import TYPE_CHECKING

from babel import Locale
from babel.dates import format_date, get_day_names, get_month_names
from babel.numbers import format_compact_decimal, format_decimal

from . import i18n
from .i18n import N_

if TYPE_CHECKING:
    from .derive import Figure, Formula, Operand

# The words Jaring itself says about figures, by key; their text is the Indonesian message id, translated by
# ``Formatter.word`` through the catalogue (N_ marks them for extraction). Data values are never translated here.
WORDS: dict[str, str] = {
    "kind.reported": N_("dilaporkan"),
    "kind.derived": N_("turunan"),
    "kind.not-reported": N_("tidak dilaporkan"),
    "not-reported": N_("Tidak dilaporkan"),
    "up-to": N_("hingga"),
    "according-to": N_("menurut"),
    "undated": N_("Tanpa tanggal"),
    "no-date-printed": N_("tanggal tidak tercantum"),
    "workers": N_("pekerja"),
    "label.protected": N_("Pekerja rentan terlindungi"),
    "label.protected-registered": N_("Pekerja rentan terdaftar, iuran belum dibayar"),
    "label.protected-planned": N_("Rencana pekerja rentan dilindungi"),
    "label.protected-allocated": N_("Kuota pekerja rentan dilindungi"),
    "label.protected-proposed": N_("Usulan pekerja rentan dilindungi"),
    "label.target": N_("Target pekerja rentan terlindungi"),
    "label.wider-protected": N_("Peserta terlindungi"),
    "label.wider-protected-registered": N_("Peserta terdaftar, iuran belum dibayar"),
    "label.wider-protected-planned": N_("Rencana peserta dilindungi"),
    "label.wider-protected-allocated": N_("Kuota peserta dilindungi"),
    "label.wider-protected-proposed": N_("Usulan peserta dilindungi"),
    "label.wider-target": N_("Target peserta terlindungi"),
    "label.wider-target-planned": N_("Target peserta (rencana)"),
    "label.wider-target-allocated": N_("Target peserta (kuota anggaran)"),
    "label.wider-target-proposed": N_("Target peserta (usulan)"),
    "label.target-planned": N_("Target pekerja rentan (rencana)"),
    "label.target-allocated": N_("Target pekerja rentan (kuota anggaran)"),
    "label.target-proposed": N_("Target pekerja rentan (usulan)"),
    "label.share-of-target": N_("Capaian terhadap target"),
    "label.target-gap": N_("Sisa menuju target"),
    "label.protected-change": N_("Perubahan sejak {since}"),
    "label.budget": N_("Anggaran (APBD)"),
    "label.budget-year": N_("Anggaran (APBD) {year}"),
    "label.budget-year-realised": N_("Realisasi anggaran {year}"),
    "label.budget-year-planned": N_("Rencana anggaran {year}"),
    "label.budget-year-proposed": N_("Usulan anggaran {year}"),
    "label.budget-monthly": N_("Pembayaran iuran per bulan, {year}"),
    "label.budget-monthly-realised": N_("Pembayaran iuran per bulan, {year}"),
    "label.budget-monthly-planned": N_("Rencana pembayaran iuran per bulan, {year}"),
    "label.budget-monthly-proposed": N_("Usulan pembayaran iuran per bulan, {year}"),
    "label.budget-cumulative": N_("Anggaran beberapa tahun ({period})"),
    "label.budget-cumulative-realised": N_("Realisasi anggaran beberapa tahun ({period})"),
    "label.budget-cumulative-planned": N_("Rencana anggaran beberapa tahun ({period})"),
    "label.budget-cumulative-proposed": N_("Usulan anggaran beberapa tahun ({period})"),
    "label.budget-once": N_("Anggaran {year}, periode tidak disebut"),
    "label.budget-once-realised": N_("Dana dibayarkan {year}, periode tidak disebut"),
    "label.budget-once-planned": N_("Rencana dana {year}, periode tidak disebut"),
    "label.budget-once-proposed": N_("Usulan dana {year}, periode tidak disebut"),
    "label.budget-change": N_("Perubahan anggaran {from_year}–{to_year}"),
    "label.budget-growth": N_("Perubahan anggaran {from_year}–{to_year} (persen)"),
    "label.budget-check": N_("Anggaran {year} menurut jumlah peserta × iuran (pemeriksaan)"),
    "label.premium-bulan": N_("Iuran per orang per bulan"),
    "label.premium-tahun": N_("Iuran per orang per tahun"),
    "label.premium": N_("Iuran per orang per bulan"),
    "label.benefit": N_("{benefit}"),
    "label.benefits-paid": N_("Manfaat dibayarkan {year}{what}{whom}{counted}"),
    "label.benefits-paid-planned": N_("Manfaat yang direncanakan {year}{what}{whom}{counted}"),
    "label.workforce": N_("Jumlah {who}"),
    "label.segment": N_("Segmen {name}"),
    "label.coverage": N_("Cakupan {sector}"),
    "label.coverage-share": N_("Cakupan terhadap {who}"),
    "label.cards": N_("Kartu diserahkan: {title}"),
    # what a label adds when the figure says more than its list's default
    "scope.wider": N_("kelompok lebih luas: {who}"),
    "scope.segment": N_("segmen {segment}"),
    "scope.payer": N_("dibayar {payers}"),
    "scope.cumulative": N_("kumulatif {period}"),
    "payer.apbd-kabupaten": N_("APBD kabupaten/kota"),
    "payer.apbd-provinsi": N_("APBD provinsi"),
    "payer.dbhcht": N_("DBHCHT"),
    "payer.dana-desa": N_("dana desa"),
    "payer.csr": N_("CSR"),
    "payer.donasi": N_("donasi"),
    "payer.bpjs": N_("BPJS Ketenagakerjaan"),
    "payer.lainnya": N_("sumber lain"),
    "remark.check-ok": N_("Anggaran yang tercetak {ratio}× hitungan ini: sejalan."),
    "remark.check-flag": N_("Anggaran yang tercetak {ratio}× hitungan ini: selisih besar; periksa sumber."),
    "remark.check-ok-default": N_(
        "Anggaran yang tercetak {ratio}× hitungan ini: sejalan. Iuran Rp16.800 per orang "
        "per bulan (JKK + JKM) seperti dicetak beberapa sumber; sumber daerah ini tidak "
        "mencetak iurannya."
    ),
    "remark.check-flag-default": N_(
        "Anggaran yang tercetak {ratio}× hitungan ini: selisih besar; periksa sumber. "
        "Iuran Rp16.800 per orang per bulan (JKK + JKM) seperti dicetak beberapa "
        "sumber; sumber daerah ini tidak mencetak iurannya."
    ),
    "remark.default-premium": N_("Iuran JKK + JKM seperti dicetak beberapa sumber; bukan angka daerah ini."),
    "remark.approximate": N_(
        'Salah satu angkanya tercetak sebagai perkiraan (mis. "sekitar"), jadi perubahan ini pun perkiraan.'
    ),
    "remark.other-year": N_("Angka terlindungi dan penyebutnya berasal dari tahun yang berbeda."),
    "month": N_("bulan"),
    "series.agreed": N_("Satu angka per tanggal"),
    "series.disputed": N_("Berbeda antar sumber"),
    # the country map's legend (maps.STATUSES)
    "map.none": N_("Belum ada angka terbit"),
    "map.old": N_("Angka terbaru lebih dari 12 bulan lalu"),
    "map.recent": N_("Angka dalam 12 bulan terakhir"),
    # pace to target (pace.py): a linear pace between two realised counts of the headline series
    "label.pace-latest": N_("Laju antara dua angka terakhir (per bulan)"),
    "label.pace-whole": N_("Laju sejak angka pertama, {since} (per bulan)"),
    "remark.pace-reached": N_(
        "Laju linear: {gain} orang dalam {months} bulan ({start} sampai {end}). Dengan laju "
        "ini target {target} tercapai sekitar {month}."
    ),
    "remark.pace-passed": N_(
        "Laju linear: {gain} orang dalam {months} bulan ({start} sampai {end}). Target {target} sudah terlampaui."
    ),
    "remark.pace-fell": N_("Jumlah terlindungi turun dari {start} sampai {end}: tidak ada proyeksi."),
    "remark.pace-flat": N_("Jumlah terlindungi tidak berubah dari {start} sampai {end}: tidak ada proyeksi."),
    # the schema's fixed values that readers see: kinds of sources, benefits and events, qualifiers
    "source-kind.berita": N_("berita"),
    "source-kind.advertorial": N_("advertorial"),
    "source-kind.siaran pers": N_("siaran pers"),
    "source-kind.dokumen resmi": N_("dokumen resmi"),
    "benefit.santunan kematian": N_("santunan kematian"),
    "benefit.beasiswa": N_("beasiswa"),
    "benefit.perawatan": N_("perawatan"),
    "benefit.jkk": N_("jkk"),
    "benefit.lainnya": N_("lainnya"),
    "event.penyerahan kartu": N_("penyerahan kartu"),
    "event.perluasan desa": N_("perluasan desa"),
    "event.program 100 hari": N_("program 100 hari"),
    "event.monitoring": N_("monitoring"),
    "event.sosialisasi": N_("sosialisasi"),
    "event.penyerahan santunan": N_("penyerahan santunan"),
    "event.lainnya": N_("lainnya"),
    "qualifier.lebih dari": N_("lebih dari"),
    "qualifier.sekitar": N_("sekitar"),
    "qualifier.hampir": N_("hampir"),
    "qualifier.hingga": N_("hingga"),
    "qualifier.minimal": N_("minimal"),
    "qualifier.kurang dari": N_("kurang dari"),
    # the register's kinds of regency (templates translate them: ``_(regency.kind)``)
    "regency-kind.Kabupaten": N_("Kabupaten"),
    "regency-kind.Kota": N_("Kota"),
}


class Formatter:
    """Text for readers of one locale. Cheap to pass around; parse it once per build and language."""

    def __init__(self, language: str):
        self.language = language
        self.locale = Locale.parse(language)  # parsed once: given as "id", Babel parsed it on every call
        self.translations = i18n.translations(language)
        # the same few thousand values are formatted again and again
        self.number = functools.lru_cache(maxsize=1 << 16)(self._number)
        self.rupiah = functools.lru_cache(maxsize=1 << 16)(self._rupiah)
        self.date = functools.lru_cache(maxsize=1 << 16)(self._date)
        self.percent = functools.lru_cache(maxsize=1 << 16)(self._percent)

    def _(self, message: str, **params: object) -> str:
        """An interface message in this language (its id is the Indonesian text), with ``{name}``
        parameters filled after translation so that a translation may move them."""
        text = self.translations.gettext(message)
        return text.format(**params) if params else text

    def ngettext(self, singular: str, plural: str, count: int, **params: object) -> str:
        """The same for a message whose form depends on a count (``{count}`` is filled in)."""
        text = self.translations.ngettext(singular, plural, count)
        return text.format(count=count, **params)

    def word(self, key: str, **params: object) -> str:
        """One of Jaring's words about figures (``WORDS``), in this language."""
        return self._(WORDS[key], **params)

    # --- numbers and dates ---------------------------------------------------------------------

    def _number(self, value: int | float) -> str:
        """93000 -> "93.000"."""
        return format_decimal(value, locale=self.locale)

    def _rupiah(self, value: int) -> str:
        """Short form for headlines: "Rp18 miliar", "Rp54,3 miliar", "Rp40 juta"; below a million, exact."""
        sign = "−" if value < 0 else ""
        value = abs(value)
        if value < 1_000_000:
            return f"{sign}Rp{self.number(value)}"
        return f"{sign}Rp{format_compact_decimal(value, format_type='long', locale=self.locale, fraction_digits=1)}"

    def rupiah_exact(self, value: int) -> str:
        """Every digit: "Rp54.307.662.320"."""
        sign = "−" if value < 0 else ""
        return f"{sign}Rp{self.number(abs(value))}"

    def _percent(self, share: float, digits: int = 1) -> str:
        """0.62 -> "62,0%"."""
        pattern = "#,##0." + "0" * digits if digits else "#,##0"
        return format_decimal(share * 100, format=pattern, locale=self.locale) + "%"

    def _date(self, value: dt.date) -> str:
        """2025-10-20 -> "20 Oktober 2025"."""
        return format_date(value, format="d MMMM y", locale=self.locale)

    def when(self, day: dt.date | None, year: int | None, undated: str = "") -> str:
        """A time as readers see it: "20 Oktober 2025", else "2023", else ``undated``."""
        if day is not None:
            return self.date(day)
        return str(year) if year is not None else undated

    def short_when(self, day: dt.date | None, year: int | None) -> str:
        """A time in few letters, for a chart's labels: "Nov 2025", else "2023"."""
        if day is not None:
            return f"{get_month_names('abbreviated', locale=self.locale)[day.month]} {day.year}"
        return str(year) if year is not None else ""

    @staticmethod
    def signed(text: str, value: int | float) -> str:
        """Prefix a plus sign to a formatted positive change."""
        return f"+{text}" if value > 0 else text

    # --- figures -------------------------------------------------------------------------------

    # label parameters that are only shown with their punctuation when they say something
    DECORATED = {"what": ": {}", "whom": " ({})", "counted": " — {}"}

    def label(self, figure: Figure) -> str:
        params = {k: self.param(v) for k, v in figure.params}
        params.update(
            {k: (self.DECORATED[k].format(params[k]) if params[k] else "") for k in self.DECORATED if k in params}
        )
        text = self.word("label." + figure.label_key, **params)
        extra = []
        if figure.group != "pekerja-rentan":
            extra.append(self.word("scope.wider", who=figure.who or ""))
        elif figure.who and figure.metric != "workforce":
            text += f" ({figure.who})"
        if figure.segment:
            extra.append(self.word("scope.segment", segment=figure.segment))
        if figure.cumulative:
            extra.append(self.word("scope.cumulative", period=figure.period or ""))
        if figure.payer and figure.kind == "reported":
            extra.append(self.word("scope.payer", payers=" + ".join(self.word("payer." + p) for p in figure.payer)))
        return " · ".join([text, *extra])

    def param(self, value: str) -> str:
        """A parameter of a label or remark: text as it is, or what the model keeps as data: a date
        ("@date:2025-10-20"), a number ("@number:1.75"), several dates or years ("@dates:@date:…,2023")."""
        if value.startswith("@date:"):
            return self.date(dt.date.fromisoformat(value.removeprefix("@date:")))
        if value.startswith("@number:"):
            return self.number(float(value.removeprefix("@number:")))
        if value.startswith("@ratio:"):  # always two decimals: "1,00", "1,75"
            return format_decimal(float(value.removeprefix("@ratio:")), format="#,##0.00", locale=self.locale)
        if value.startswith("@month:"):  # "@month:2027-03" -> "Maret 2027"
            return format_date(
                dt.date.fromisoformat(value.removeprefix("@month:") + "-01"), format="MMMM y", locale=self.locale
            )
        if value.startswith("@dates:"):
            return ", ".join(sorted({self.param(v) for v in value.removeprefix("@dates:").split(",")}))
        return value

    def display(self, figure: Figure) -> str:
        if figure.value is None:
            return self.word("not-reported")
        text = self.value(figure.value, figure.unit)
        if figure.change:
            return self.signed(text, figure.value)
        if figure.up_to:
            return f"{self.word('up-to')} {text}"
        return f"{self.qualifier(figure)} {text}" if figure.qualifier else text

    def exact(self, figure: Figure) -> str:
        """Every digit, for tables (rupiah only differs from ``display``)."""
        if figure.unit == "rupiah" and figure.value is not None:
            text = self.rupiah_exact(int(figure.value))
            if figure.change:
                return self.signed(text, figure.value)
            if figure.up_to:
                return f"{self.word('up-to')} {text}"
            return f"{self.qualifier(figure)} {text}" if figure.qualifier else text
        return self.display(figure)

    def qualifier(self, figure: Figure) -> str:
        """The word printed with a value ("sekitar"), in this language."""
        return self.kind_word("qualifier", figure.qualifier) if figure.qualifier else ""

    def kind_word(self, family: str, value: str) -> str:
        """A fixed value of the schema readers see ("siaran pers", "beasiswa"), in this language; ``family``
        is "source-kind", "benefit", "event" or "qualifier"."""
        return self.word(f"{family}.{value}") if f"{family}.{value}" in WORDS else value

    def figure_when(self, figure: Figure) -> str:
        return self.when(figure.date, figure.year)

    def kind(self, figure: Figure) -> str:
        return self.word("kind." + figure.kind)

    def value(self, value: int | float, unit: str) -> str:
        if unit == "rupiah":
            return self.rupiah(int(value))
        if unit == "persen":
            # a share as printed keeps its decimals ("77%", "63,47%"); derived ones have one ("62,0%")
            digits = 0 if isinstance(value, int) else max(1, len(repr(value).partition(".")[2]))
            return self.percent(value / 100, digits=digits)
        if unit == "bulan":
            return f"{self.number(value)} {self.word('month')}"
        return self.number(value)

    def formula(self, formula: Formula | None) -> str:
        """The computation with its inputs written out, so a reader can redo it: "93.000 ÷ 150.000 × 100%"."""
        if formula is None:
            return ""
        values = [self._operand(o) for o in formula.operands]
        if formula.op == "share":
            return f"{values[0]} ÷ {values[1]} × 100%"
        if formula.op == "difference":
            return f"{values[0]} − {values[1]}"
        if formula.op == "sum":
            return " + ".join(values)
        if formula.op == "growth":
            return f"({values[0]} − {values[1]}) ÷ {values[1]} × 100%"
        if formula.op == "premium-check":
            return " × ".join(values)
        raise ValueError(f"unknown formula {formula.op!r}")

    def _operand(self, operand: Operand) -> str:
        return self.value(operand.value, operand.unit) if operand.unit != "persen" else self.number(operand.value)

    def remark(self, figure: Figure) -> str | None:
        """A figure's note: the source's, or Jaring's own explanation of a derived figure."""
        if figure.remark:
            return self.word("remark." + figure.remark, **{k: self.param(v) for k, v in figure.remark_params})
        return figure.note

    # --- charts --------------------------------------------------------------------------------

    def d3_format_locale(self) -> dict:
        """d3-format locale for vl-convert and vega-embed: for id, "." groups thousands, "," marks decimals."""
        symbols = self.locale.number_symbols.get("latn", self.locale.number_symbols)
        return {"decimal": symbols["decimal"], "thousands": symbols["group"], "grouping": [3], "currency": ["Rp", ""]}

    def d3_time_locale(self) -> dict:
        """d3-time-format locale built from Babel's names (d3 weeks start on Sunday)."""
        days = get_day_names("wide", locale=self.locale)
        short_days = get_day_names("abbreviated", locale=self.locale)
        sunday_first = [6, 0, 1, 2, 3, 4, 5]
        return {
            "dateTime": "%A, %e %B %Y %H.%M.%S",
            "date": "%d/%m/%Y",
            "time": "%H.%M.%S",
            "periods": ["AM", "PM"],
            "days": [days[i] for i in sunday_first],
            "shortDays": [short_days[i] for i in sunday_first],
            "months": [get_month_names("wide", locale=self.locale)[m] for m in range(1, 13)],
            "shortMonths": [get_month_names("abbreviated", locale=self.locale)[m] for m in range(1, 13)],
        }


@functools.cache
def formatter(language: str) -> Formatter:
    """The formatter of a language, made once per process."""
    return Formatter(language)
