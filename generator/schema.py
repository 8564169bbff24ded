"""The data model: what a regency file and ``data/site.yaml`` may hold (pydantic v2, strict).

Strict means no coercion: ``"93000"`` is not a number, ``93.000`` (a float in YAML) is not a count,
``64.08`` unquoted is not a code. Unknown keys are errors, so a typo never silently drops a figure.
Every figure cites a source by id; ``printed`` keeps a value exactly as the source printed it when
that differs from the clean number (see Kutai Kartanegara's "Rp 5.794.000").
The README's "Data schema" section documents these fields for data officers; keep the two in step.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

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
        raise ValueError(f"the url must not hold a user name or password before '@' (the link would lead to "
                         f"{parts.netloc.rsplit('@', 1)[1] or 'no host'}), got {value!r}")
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


class CountFigure(Dated):
    value: Count
    programmes: list[Programme] = []  # which programmes the count is for, when said
    scheme: Text | None = None  # e.g. "Program Bantuan Iuran (PBI), iuran ditanggung APBD"


class Start(Cited):
    year: Year
    printed: Text | None = None  # "akhir 2021"


class LegalBasis(Cited):
    title: Text


class Programmes(Cited):
    covered: list[Programme] = Field(min_length=1)
    funding: Text | None = None


class Budget(Cited):
    year: Year
    value: Rupiah


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
    kind: Literal["santunan kematian", "beasiswa", "perawatan", "lainnya"]
    description: Text
    value: Rupiah | None = None
    up_to: bool = False  # "hingga Rp42 juta"


class BenefitsPaid(Cited):
    year: Year
    value: Rupiah
    programmes: list[Programme] = Field(min_length=1)
    recipients: Text
    printed: Text | None = None


class Segment(Cited):
    name: Text


class Coverage(Cited):
    sector: Text
    percent: Annotated[int, Field(ge=0, le=100)]


class Event(Dated):
    kind: Literal["penyerahan kartu", "perluasan desa", "program 100 hari", "monitoring", "lainnya"]
    title: Text
    count: Count | None = None
    district: Text | None = None
    villages: list[Text] = []


class DataNote(Model):
    about: Text
    text: Text
    source: SourceId | None = None


class RegencyData(Model):
    """One file in ``data/regencies/``: everything published about one kabupaten/kota."""

    code: Annotated[str, Field(pattern=r"^\d{2}\.\d{2}$")]
    sources: list[Source] = Field(min_length=1)
    start: Start | None = None
    programmes: Programmes | None = None
    legal_basis: list[LegalBasis] = []
    targets: list[CountFigure] = []
    protected: list[CountFigure] = []
    budget: list[Budget] = []
    budget_changes: list[BudgetChange] = []
    benefits: list[Benefit] = []
    benefits_paid: list[BenefitsPaid] = []
    segments: list[Segment] = []
    coverage: list[Coverage] = []
    events: list[Event] = []
    data_notes: list[DataNote] = []


class SiteSettings(Model):
    """``data/site.yaml``: settings of the site as a whole, never of one regency."""

    title: Text
    tagline: Text
    base_url: Annotated[str, Field(pattern=r"^https?://[^\s<>\"']+/$"), AfterValidator(_plain_url)]
    language: Literal["id"]
