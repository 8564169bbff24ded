"""Stage 3, derive: every figure of a regency in one long list, reported and derived alike.

A reported figure is the source's number. A derived figure is computed here and carries its formula
with the inputs written out ("93.000 ÷ 150.000"), so a reader can redo the sum. A figure nobody
published is "tidak dilaporkan" with no value: never 0. Pages, charts and downloads all read these
lists, so a number is computed once and shown the same everywhere.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from dataclasses import dataclass, field
from typing import Literal

from . import fmt
from .register import Province, Regency, Register
from .schema import CountFigure, RegencyData

Kind = Literal["dilaporkan", "turunan", "tidak dilaporkan"]
Unit = Literal["orang", "rupiah", "persen", "kartu"]

REPORTED: Kind = "dilaporkan"
DERIVED: Kind = "turunan"
NOT_REPORTED: Kind = "tidak dilaporkan"


@dataclass(frozen=True)
class Figure:
    key: str  # stable machine name: "protected", "budget-2023", ...
    label: str  # Indonesian label shown to readers
    value: int | float | None
    unit: Unit
    kind: Kind
    date: dt.date | None = None
    year: int | None = None
    sources: tuple[str, ...] = ()
    formula: str = ""  # derived only: the computation with its inputs written out
    printed: str | None = None  # as printed in the source, when that differs from the clean value
    note: str | None = None
    up_to: bool = False  # "hingga Rp42 juta"
    change: bool = False  # a difference: shown with its sign, "+Rp3 miliar"

    @property
    def display(self) -> str:
        if self.value is None:
            return "Tidak dilaporkan"
        text = {"rupiah": fmt.rupiah, "persen": _percent}.get(self.unit, fmt.number)(self.value)
        if self.change:
            return fmt.signed(text, self.value)
        return f"hingga {text}" if self.up_to else text

    @property
    def exact(self) -> str:
        """Every digit, for tables (rupiah only differs from ``display``)."""
        if self.unit == "rupiah" and self.value is not None:
            text = fmt.rupiah_exact(int(self.value))
            return fmt.signed(text, self.value) if self.change else ("hingga " if self.up_to else "") + text
        return self.display

    @property
    def when(self) -> str:
        return fmt.when(self.date, self.year)


@dataclass(frozen=True)
class Report:
    """One regency: register facts, and its figures when it has data."""

    regency: Regency
    province: Province
    data: RegencyData | None
    figures: list[Figure] = field(default_factory=list)

    def get(self, key: str) -> Figure | None:
        return next((f for f in self.figures if f.key == key), None)

    def all(self, prefix: str) -> list[Figure]:
        return [f for f in self.figures if f.key.startswith(prefix)]

    def budget_years(self) -> list[Figure]:
        """The budget of each year, reported or derived, oldest first."""
        return sorted((f for f in self.all("budget-") if f.key.removeprefix("budget-").isdigit()),
                      key=lambda f: f.year)

    def counts(self) -> list[Figure]:
        """Every reported count of protected workers, latest first ("protected", "protected-1", ...)."""
        return [f for f in self.figures if f.key == "protected" or re.fullmatch(r"protected-\d+", f.key)]

    @property
    def protected(self) -> Figure | None:
        """The latest count of protected workers, the headline figure."""
        return self.get("protected")


def report(regency: Regency, register: Register, data: RegencyData | None) -> Report:
    province = register.provinces[regency.province_code]
    if data is None:
        return Report(regency, province, None)
    figures = _counts(data) + _budget(data) + _benefits(data) + _coverage_and_events(data)
    return Report(regency, province, data, figures)


def _count(data: RegencyData, key: str, label: str, item: CountFigure, unit: Unit = "orang") -> Figure:
    return Figure(key, label, item.value, unit, REPORTED, item.date, item.year, _keys(data.code, item),
                  note=item.note)


def _counts(data: RegencyData) -> list[Figure]:
    protected = sorted(data.protected, key=lambda c: c.sort_key, reverse=True)
    targets = sorted(data.targets, key=lambda c: c.sort_key, reverse=True)
    figures = [_missing("protected", "Pekerja rentan terlindungi", "orang")] if not protected else []
    for index, item in enumerate(protected):
        key = "protected" if index == 0 else f"protected-{index}"
        figures.append(_count(data, key, "Pekerja rentan terlindungi", item))
    figures += [_count(data, "target" if i == 0 else f"target-{i}", "Target pekerja rentan terlindungi", item)
                for i, item in enumerate(targets)] or [_missing("target", "Target pekerja rentan terlindungi", "orang")]
    if protected and targets:
        count, target = protected[0], targets[0]
        sources = merged(_keys(data.code, count), _keys(data.code, target))
        if target.value > 0:
            figures.append(Figure("share-of-target", "Capaian terhadap target", round(count.value / target.value * 100, 1),
                                  "persen", DERIVED, count.date, count.year, sources,
                                  f"{fmt.number(count.value)} ÷ {fmt.number(target.value)} × 100%"))
        if target.value >= count.value:
            figures.append(Figure("target-gap", "Sisa menuju target", target.value - count.value, "orang", DERIVED,
                                  count.date, count.year, sources,
                                  f"{fmt.number(target.value)} − {fmt.number(count.value)}"))
    if len(protected) >= 2:
        new, old = protected[0], protected[1]
        figures.append(Figure("protected-change", f"Perubahan sejak {fmt.when(old.date, old.year)}", new.value - old.value, "orang",
                              DERIVED, new.date, new.year, merged(_keys(data.code, new), _keys(data.code, old)),
                              f"{fmt.number(new.value)} − {fmt.number(old.value)}", change=True))
    return figures


def _budget(data: RegencyData) -> list[Figure]:
    """APBD budget by year: reported years, years derived from a reported change, and the changes."""
    years = {b.year: Figure(f"budget-{b.year}", f"Anggaran (APBD) {b.year}", b.value, "rupiah", REPORTED,
                            year=b.year, sources=_keys(data.code, b), note=b.note) for b in data.budget}
    changes = []
    for change in data.budget_changes:
        sources = _keys(data.code, change)
        changes.append(Figure(f"budget-change-{change.from_year}-{change.to_year}",
                              f"Perubahan anggaran {change.from_year}–{change.to_year}", change.value, "rupiah",
                              REPORTED, year=change.to_year, sources=sources, note=change.note, change=True))
        before, after = years.get(change.from_year), years.get(change.to_year)
        if after is not None and before is None:
            years[change.from_year] = Figure(
                f"budget-{change.from_year}", f"Anggaran (APBD) {change.from_year}", after.value - change.value,
                "rupiah", DERIVED, year=change.from_year, sources=merged(after.sources, sources),
                formula=f"{fmt.rupiah(after.value)} − {fmt.rupiah(change.value)}")
        elif before is not None and after is None:
            years[change.to_year] = Figure(
                f"budget-{change.to_year}", f"Anggaran (APBD) {change.to_year}", before.value + change.value,
                "rupiah", DERIVED, year=change.to_year, sources=merged(before.sources, sources),
                formula=f"{fmt.rupiah(before.value)} + {fmt.rupiah(change.value)}")
    ordered = [years[y] for y in sorted(years)]
    for before, after in itertools.pairwise(ordered):
        if before.value and after.year == before.year + 1:
            sources = merged(before.sources, after.sources)
            changes.append(Figure(f"budget-growth-{before.year}-{after.year}",
                                  f"Perubahan anggaran {before.year}–{after.year} (persen)",
                                  round((after.value - before.value) / before.value * 100, 1), "persen", DERIVED,
                                  year=after.year, sources=sources,
                                  formula=f"({fmt.rupiah(after.value)} − {fmt.rupiah(before.value)}) "
                                          f"÷ {fmt.rupiah(before.value)} × 100%", change=True))
    figures = ordered + changes or [_missing("budget", "Anggaran (APBD)", "rupiah")]
    for count in data.protected:
        year = count.date.year if count.date else count.year
        budget = years.get(year)
        if budget is not None and budget.kind == REPORTED and count.value > 0:
            figures.append(Figure(f"budget-per-worker-{year}", f"Anggaran {year} per pekerja terlindungi",
                                  round(budget.value / count.value), "rupiah", DERIVED, year=year,
                                  sources=merged(budget.sources, _keys(data.code, count)),
                                  formula=f"{fmt.rupiah_exact(budget.value)} ÷ {fmt.number(count.value)} pekerja",
                                  note="Anggaran setahun dibagi jumlah pekerja terlindungi pada tahun yang sama; "
                                       "bukan besaran iuran per orang."))
    return figures


def _benefits(data: RegencyData) -> list[Figure]:
    figures = []
    for index, item in enumerate(data.benefits):
        if item.value is not None:
            figures.append(Figure(f"benefit-{index}", item.kind.capitalize(), item.value, "rupiah", REPORTED,
                                  sources=_keys(data.code, item), note=item.description, up_to=item.up_to))
    for index, paid in enumerate(data.benefits_paid):
        figures.append(Figure(f"benefits-paid-{index}", f"Manfaat dibayarkan {paid.year}: {', '.join(paid.programmes)} "
                              f"({paid.recipients})", paid.value, "rupiah", REPORTED, year=paid.year,
                              sources=_keys(data.code, paid), printed=paid.printed, note=paid.note))
    return figures or [_missing("benefits-paid", "Manfaat dibayarkan", "rupiah")]


def _coverage_and_events(data: RegencyData) -> list[Figure]:
    figures = [Figure(f"coverage-{index}", f"Cakupan {item.sector}", item.percent, "persen", REPORTED,
                      sources=_keys(data.code, item), note=item.note) for index, item in enumerate(data.coverage)]
    for index, event in enumerate(data.events):
        if event.count is not None and event.kind == "penyerahan kartu":
            figures.append(Figure(f"cards-{index}", f"Kartu diserahkan: {event.title}", event.count, "kartu",
                                  REPORTED, event.date, event.year, _keys(data.code, event), note=event.note))
    return figures


def _percent(value: int | float) -> str:
    """Reported shares are printed whole ("77%"); derived ones keep one decimal ("62,0%")."""
    return fmt.percent(value / 100, digits=0 if isinstance(value, int) else 1)


def _keys(code: str, item) -> tuple[str, ...]:
    """Source ids are unique within one file; across the site they are qualified: "64.08/indeksmedia-...". """
    return tuple(f"{code}/{source_id}" for source_id in item.source_ids)


def _missing(key: str, label: str, unit: Unit) -> Figure:
    return Figure(key, label, None, unit, NOT_REPORTED)


def merged(*groups: tuple[str, ...]) -> tuple[str, ...]:
    """Source keys of several figures, each once, in order of first citation."""
    return tuple(dict.fromkeys(key for group in groups for key in group))
