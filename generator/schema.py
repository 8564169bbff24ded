"""The data model: what a regency file and ``data/site.yaml`` may hold (pydantic v2, strict).

Strict means no coercion: ``"93000"`` is not a number, ``93.000`` (a float in YAML) is not a count,
``64.08`` unquoted is not a code. Unknown keys are errors, so a typo never silently drops a figure.
Every figure cites a source by id; ``printed`` keeps a value exactly as the source printed it when
that differs from the clean number (see Kutai Kartanegara's "Rp 5.794.000").
The README's "Data schema" section documents these fields for data officers; keep the two in step.

Version 2 (issue 11) adds what real articles say about a figure beyond its number: who pays it
(``payer``), whom it counts (``group``/``who``), whether it happened or is only planned (``status``),
the word printed with it (``qualifier``), a span it covers, and explicit ``id``s so that sources that
disagree can be named side by side (``disagreements``). Every addition is optional, so a file written
for version 1 is still valid; the defaults say what a version-1 file meant.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

# Largest figures accepted, far above any real one, so a slip of extra digits is caught and numbers
# stay within what the formatting (Babel's decimals) handles: a count of people is at most a billion
# (Indonesia has 280 million people); rupiah at most Rp1.000 triliun (10**15), above the whole budget
# of any region (DKI Jakarta's APBD is about Rp80 triliun) and below the national APBN (~Rp3.600 triliun).
MAX_COUNT = 1_000_000_000
MAX_RUPIAH = 10**15


def _plain_url(value: str) -> str:
    """An http(s) URL that shows its real host: no user name before an ``@`` (which makes
    ``https://bpjsketenagakerjaan.go.id@evil.example/`` lead to evil.example), a host, no backslash
    (browsers read it as ``/``)."""
    if not value:
        return value
    if "\\" in value:
        raise ValueError(f"the url must not contain a backslash (\\), got {value!r}")
    parts = urlsplit(value)
    if "@" in parts.netloc:
        raise ValueError(
            f"the url must not hold a user name or password before '@' (the link would lead to "
            f"{parts.netloc.rsplit('@', 1)[1] or 'no host'}), got {value!r}"
        )
    if not parts.hostname:
        raise ValueError(f"the url has no host name after {parts.scheme}://, got {value!r}")
    return value


Text = Annotated[str, Field(min_length=1, max_length=2000)]
Count = Annotated[int, Field(ge=0, le=MAX_COUNT)]
Rupiah = Annotated[int, Field(ge=0, le=MAX_RUPIAH)]
Year = Annotated[int, Field(ge=1945, le=2100)]
SourceId = Annotated[str, Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=80)]
Url = Annotated[str, Field(pattern=r"^(https?://[^\s<>\"']+)?$", max_length=500), AfterValidator(_plain_url)]
Programme = Literal["JKK", "JKM", "JHT", "JP", "JKP"]
FigureId = Annotated[str, Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=80)]
# A twin's URL is never empty: a twin without an address is no twin at all.
Link = Annotated[str, Field(pattern=r"^https?://[^\s<>\"']+$", max_length=500)]
# Given, a list of programmes names at least one; omitted, it is [] ("the source does not say"), which
# keeps version-1 files (that omit it) valid and code that joins the names working.
Programmes_ = Annotated[list[Programme], Field(min_length=1)]

Payer = Literal["apbd-kabupaten", "apbd-provinsi", "dbhcht", "dana-desa", "csr", "donasi", "bpjs", "lainnya"]
Group = Literal["pekerja-rentan", "lebih-luas"]
# terdaftar-belum-dibayar also holds counts "didata", "tervalidasi" or awaiting verification: people on a
# list whose contributions nobody has paid yet.
Status = Literal["terealisasi", "terdaftar-belum-dibayar", "direncanakan", "dialokasikan", "diusulkan", "target"]
# Approximate forms ("kurang lebih", "lebih kurang", "90 ribuan", "sekian") are "sekitar"; printed keeps the words.
Qualifier = Literal["lebih dari", "sekitar", "hampir", "hingga", "minimal", "kurang dari"]
# ``jaring draft`` and ``jaring new`` write ``review: todo`` on what they made: validate.review_problems
# refuses it, so no figure reaches the site before a person has checked it against its sentence.
Review = Literal["todo"] | None


def _number(value):
    """A percent may have decimals (63,47%), but is still a number: no text, no true/false. Checked
    before the int-or-float union so that a wrong type gives one plain message, not one per member."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise PydanticCustomError("float_type", "Input should be a valid number")
    return value


# int stays int, so a share printed whole ("77%") is shown whole.
Percent = Annotated[int | float, Field(ge=0, le=100), BeforeValidator(_number)]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Cited(Model):
    """Anything taken from a source: the source id, other sources that print the same, a note."""

    source: SourceId
    also_in: list[SourceId] = []
    note: Text | None = None

    @property
    def source_ids(self) -> list[str]:
        return [self.source, *self.also_in]


class Source(Model):
    id: SourceId
    publisher: Text
    title: Text
    kind: Literal["berita", "advertorial", "siaran pers", "dokumen resmi"]
    published: dt.date | None  # as printed; null when the source prints no date
    url: Url  # "" when the source gives none
    accessed: dt.date
    note: Text | None = None
    published_printed: Text | None = None  # "Rabu (5/10)": the date as printed when it is not a full date
    date_inferred: bool = False  # published was worked out (weekday only, no year, the URL path); note says how
    title_from_url: bool = False  # the title was rebuilt from the URL slug, not read on the page
    twins: list[Link] = []  # other addresses of the same text (one press release, many sites)
    review: Review = None  # drafted, not yet checked by a person

    @model_validator(mode="after")
    def _inferred(self):
        if self.date_inferred and self.published is None:
            raise ValueError("date_inferred is true but published is null: give the inferred day")
        if self.date_inferred and self.note is None:
            raise ValueError("note is required when date_inferred is true: say how the date was inferred")
        return self


class Dated(Cited):
    """A figure at a point in time: a day when the source gives one, else a year."""

    date: dt.date | None = None
    year: Year | None = None

    @model_validator(mode="after")
    def _one_time(self):
        if self.date is not None and self.year is not None:
            raise ValueError("give either date or year, not both")
        return self

    @property
    def sort_key(self) -> tuple[int, int, int]:
        if self.date is not None:
            return (self.date.year, self.date.month, self.date.day)
        return (self.year or 0, 0, 0)


class Figure(Cited):
    """What every figure may say beyond its number (version 2). A figure is the number of one payer,
    one group, one status: real articles mix the regency's count with the province's, pekerja rentan
    with all non-ASN, the planned with the paid, and these keys keep them apart."""

    id: FigureId | None = None  # stable name, for disagreements and for two figures that look alike
    printed: Text | None = None  # "lebih dari 56 ribu": the value exactly as printed
    qualifier: Qualifier | None = None  # the word printed with the value; the value is without it
    payer: list[Payer] = []  # who pays; several for a combined total; [] when the source does not say
    group: Group = "pekerja-rentan"
    who: Text | None = None  # exactly whom, as printed; required for a wider group
    status: Status | None = None  # subclasses give the default their list means
    cumulative: bool = False  # counted over a span ("terhitung 2023 sampai 2025"), given in period
    period: Text | None = None  # "Oktober 2023 – September 2024"
    review: Review = None  # drafted, not yet checked by a person

    @model_validator(mode="after")
    def _scope(self):
        if self.group == "lebih-luas" and self.who is None:
            raise ValueError("who is required when group is lebih-luas: say whom the figure counts, as printed")
        if self.cumulative and self.period is None:
            raise ValueError("period is required when cumulative is true: give the span it is counted over")
        twice = next((payer for payer in self.payer if self.payer.count(payer) > 1), None)
        if twice is not None:
            raise ValueError(f"payer names '{twice}' twice")
        return self


class DatedFigure(Figure, Dated):
    pass


class CountFigure(DatedFigure):
    value: Count
    programmes: Programmes_ = []  # which programmes the count is for, when said
    scheme: Text | None = None  # e.g. "Program Bantuan Iuran (PBI), iuran ditanggung APBD"
    segment: Text | None = None  # a sub-count of one segment ("buruh tani"): never part of the total series


class ProtectedCount(CountFigure):
    """A count in ``protected``: done unless said otherwise. A target belongs in ``targets``."""

    status: Literal["terealisasi", "terdaftar-belum-dibayar", "direncanakan", "dialokasikan", "diusulkan"] = (
        "terealisasi"
    )


class TargetCount(CountFigure):
    """A count in ``targets``: something to reach. A realised count belongs in ``protected``."""

    status: Literal["target", "direncanakan", "dialokasikan", "diusulkan"] = "target"


class Start(Cited):
    year: Year
    printed: Text | None = None  # "akhir 2021"


class LegalBasis(Cited):
    title: Text
    number: Text | None = None  # "Nomor 23 Tahun 2023"
    date: dt.date | None = None  # when the source prints it


class Programmes(Cited):
    covered: list[Programme] = Field(min_length=1)
    funding: Text | None = None


class Budget(Figure):
    """Money in a budget year. ``basis`` says what span the amount is for: articles print a year's
    budget, a month's, several years' together or one payment, and only a year's can be charted as one."""

    year: Year
    value: Rupiah
    status: Literal["terealisasi", "direncanakan", "dialokasikan", "diusulkan"] = "dialokasikan"
    basis: Literal["tahunan", "bulanan", "kumulatif", "sekali"] = "tahunan"
    covers: Count | None = None  # "untuk 15 ribu pekerja rentan": the people the amount is for
    months: Annotated[int, Field(ge=1, le=120)] | None = None  # months it pays for, when printed

    @model_validator(mode="after")
    def _basis(self):
        if self.basis == "kumulatif" and self.period is None:
            raise ValueError("period is required when basis is kumulatif: give the years the amount covers")
        if self.cumulative and self.basis != "kumulatif":
            raise ValueError("a budget over several years is written basis: kumulatif, not cumulative: true")
        if self.months is not None and self.months > 12 and self.basis != "kumulatif":
            raise ValueError(
                f"months: {self.months} is more than a year; a budget over several years has basis: kumulatif"
            )
        return self

    @property
    def months_covered(self) -> int | None:
        return self.months if self.months is not None else (12 if self.basis == "tahunan" else None)


class Premium(DatedFigure):
    """The contribution (iuran) per person: Rp16.800 a month for JKK + JKM in most regencies."""

    value: Rupiah
    per: Literal["bulan", "tahun"] = "bulan"
    programmes: Programmes_ = []


class BudgetChange(Cited):
    from_year: Year
    to_year: Year
    value: Annotated[int, Field(ge=-MAX_RUPIAH, le=MAX_RUPIAH)]  # rupiah; negative when the budget fell

    @model_validator(mode="after")
    def _order(self):
        if self.to_year <= self.from_year:
            raise ValueError("to_year must come after from_year")
        return self


class Benefit(Cited):
    """A benefit rule ("santunan kematian Rp42 juta"), not money paid out: that is ``benefits_paid``."""

    id: FigureId | None = None
    kind: Literal["santunan kematian", "beasiswa", "perawatan", "lainnya"]
    description: Text
    value: Rupiah | None = None
    up_to: bool = False  # "hingga Rp42 juta"
    printed: Text | None = None
    review: Review = None  # drafted, not yet checked by a person


class BenefitsPaid(Figure):
    """Benefits paid out, or projected. Claims are usually for all participants of a regency, not only
    pekerja rentan: such a figure says ``group: lebih-luas``."""

    year: Year
    value: Rupiah
    date: dt.date | None = None  # as-of day, when printed besides the year
    programmes: Programmes_ = []
    recipients: Text | None = None
    count: Count | None = None  # claims, heirs or recipients, when printed
    unit_of_count: Literal["klaim", "ahli waris", "anak", "orang"] | None = None
    kind: Literal["santunan kematian", "beasiswa", "jkk", "lainnya"] | None = None
    status: Literal["terealisasi", "direncanakan"] = "terealisasi"

    @model_validator(mode="after")
    def _count(self):
        if self.unit_of_count is not None and self.count is None:
            raise ValueError("unit_of_count is given without count: the number it is the unit of")
        return self


class Workforce(DatedFigure):
    """A denominator printed by a source ("1 juta pekerja informal"): coverage shares are derived from it."""

    value: Count
    who: Text  # always: a workforce of nobody in particular cannot divide anything


class Segment(DatedFigure):
    name: Text
    count: Count | None = None  # people in that segment, when printed


class Coverage(DatedFigure):
    sector: Text
    percent: Percent


class Event(Dated):
    id: FigureId | None = None
    kind: Literal[
        "penyerahan kartu",
        "perluasan desa",
        "program 100 hari",
        "monitoring",
        "sosialisasi",
        "penyerahan santunan",
        "lainnya",
    ]
    title: Text
    count: Count | None = None
    printed: Text | None = None
    district: Text | None = None
    villages: list[Text] = []


class Disagreement(Model):
    """Sources that disagree: both figures stay, side by side, with a neutral explanation; none is picked.
    That the ids exist (and are at least two) is checked against the whole file in validate.py."""

    about: Text
    figures: list[FigureId]
    text: Text


class DataNote(Model):
    about: Text
    text: Text
    source: SourceId | None = None


class CorrectionEntry(Model):
    """A correction of a figure, said in the file: its reason or source for a change git found, or the
    record of a change made before the file was in the repository (history.merge)."""

    figure: Annotated[str, Field(pattern=r"^[a-z0-9-]+(/[a-z0-9.-]+)+$", max_length=300)]  # its id, as in angka.csv
    old: Annotated[int | float, BeforeValidator(_number)] | None = None  # the value before, when known
    new: Annotated[int | float, BeforeValidator(_number)] | None = None  # the value after
    date: dt.date
    reason: Text
    source: SourceId | None = None  # the source that gave the corrected value, one of the file's sources
    url: Annotated[Link, AfterValidator(_plain_url)] | None = None  # where the correction was published


class RegencyData(Model):
    """One file in ``data/regencies/``: everything published about one kabupaten/kota."""

    code: Annotated[str, Field(pattern=r"^\d{2}\.\d{2}$")]
    review: Review = None  # a skeleton from jaring new, not filled in yet
    sources: list[Source] = Field(min_length=1)
    start: Start | None = None
    programmes: Programmes | None = None
    legal_basis: list[LegalBasis] = []
    targets: list[TargetCount] = []
    protected: list[ProtectedCount] = []
    budget: list[Budget] = []
    budget_changes: list[BudgetChange] = []
    premiums: list[Premium] = []
    benefits: list[Benefit] = []
    benefits_paid: list[BenefitsPaid] = []
    workforce: list[Workforce] = []
    segments: list[Segment] = []
    coverage: list[Coverage] = []
    events: list[Event] = []
    disagreements: list[Disagreement] = []
    data_notes: list[DataNote] = []
    corrections: list[CorrectionEntry] = []


Language = Literal["id", "en"]


class EditionWords(Model):
    """The site's own words in another edition's language (``translations: {en: {tagline: …}}``)."""

    title: Text | None = None
    tagline: Text | None = None


class SiteSettings(Model):
    """``data/site.yaml``: settings of the site as a whole, never of one regency."""

    title: Text
    tagline: Text
    base_url: Annotated[str, Field(pattern=r"^https?://[^\s<>\"']+/$"), AfterValidator(_plain_url)]
    # the site's editions: one language (``language: id``), or several (``languages: [id, en]``), the
    # first at the root of the site and each other under its code (``en/``); give one key or the other
    language: Language | None = None
    languages: list[Language] | None = None
    # where readers send a source for a regency without data ("Kirim sumber": a mailto: link); optional
    contact: Annotated[str, Field(pattern=r"^[^@\s<>\"'?&]+@[^@\s<>\"'?&]+\.[a-z]{2,}$")] | None = None
    # the data's public repository (https://github.com/<owner>/<name>): corrections link to their commits
    repository: Annotated[Link, AfterValidator(_plain_url)] | None = None
    # the title and tagline in each other edition's language; without them an edition shows the default's
    translations: dict[Language, EditionWords] = {}

    @model_validator(mode="after")
    def _editions(self):
        if (self.language is None) == (self.languages is None):
            raise ValueError("give exactly one of language (one edition) and languages (a list, the first at the root)")
        return self

    @field_validator("languages")
    @classmethod
    def _each_once(cls, value: list[str] | None) -> list[str] | None:
        if value is not None and not value:
            raise ValueError("no language listed: give at least one (the first is at the root of the site)")
        if value is not None and len(set(value)) != len(value):
            raise ValueError("a language is listed twice: give each edition once")
        return value

    @property
    def editions(self) -> tuple[str, ...]:
        """The languages of the site's editions, the default (at the root) first."""
        return tuple(self.languages) if self.languages is not None else (self.language or "id",)
