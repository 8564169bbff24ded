"""Stage 3, derive: every figure of a regency in one long list, reported and derived alike.

A figure is data, never text: a value, its unit, its date or year, its kind, its sources and, when
derived here, its formula as a structure (an operation and the figures it reads), so any locale can
write it out ("93.000 ÷ 150.000 × 100%") and a reader can redo the sum. A figure nobody published is
"not reported" with no value: never 0. Pages, charts and downloads all read these lists, so a number
is computed once and shown the same everywhere.

Every figure has an id made from what it is, never from where it sits in a list: the kind of figure,
its date or year and its source ("protected/2025-10-20/indeksmedia-2025-10-20"), or the explicit
``id:`` its YAML entry gives. Adding an older or newer count renames nothing else.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from dataclasses import dataclass, field
from typing import Literal

from .register import Province, Regency, Register
from .schema import CountFigure, RegencyData

Kind = Literal["reported", "derived", "not-reported"]
Unit = Literal["orang", "rupiah", "persen", "kartu"]
Op = Literal["share", "difference", "sum", "growth", "per-worker"]

REPORTED: Kind = "reported"
DERIVED: Kind = "derived"
NOT_REPORTED: Kind = "not-reported"


@dataclass(frozen=True)
class Operand:
    figure: str  # the id of the figure read
    value: int | float
    unit: Unit


@dataclass(frozen=True)
class Formula:
    op: Op
    operands: tuple[Operand, ...]


@dataclass(frozen=True)
class Figure:
    id: str  # stable: "protected/2025-10-20/indeksmedia-2025-10-20", "share-of-target/2025-10-20"
    metric: str  # what it measures: "protected", "target", "budget", "share-of-target", ...
    value: int | float | None
    unit: Unit
    kind: Kind
    date: dt.date | None = None
    year: int | None = None
    sources: tuple[str, ...] = ()  # qualified source keys: "64.08/indeksmedia-2025-10-20"
    formula: Formula | None = None  # derived only
    printed: str | None = None  # as printed in the source, when that differs from the clean value
    note: str | None = None  # the data file's own note
    remark: str | None = None  # derived only: a key of Jaring's explanation (fmt.WORDS "remark.*")
    up_to: bool = False  # "hingga Rp42 juta"
    change: bool = False  # a difference: shown with its sign, "+Rp3 miliar"
    label_key: str = ""  # fmt.WORDS "label.<label_key>", filled with ``params``
    params: tuple[tuple[str, str], ...] = ()
    programmes: tuple[str, ...] = ()  # JKK, JKM, ... when the source says
    scheme: str | None = None  # e.g. "Program Bantuan Iuran (PBI), iuran ditanggung APBD"

    def __post_init__(self):
        if not self.label_key:
            object.__setattr__(self, "label_key", self.metric)

    @property
    def anchor(self) -> str:
        """The HTML id of the figure on its regency page: "angka-protected-2025-10-20-indeksmedia-…"."""
        return "angka-" + re.sub(r"[^a-z0-9]+", "-", self.id.lower()).strip("-")


@dataclass(frozen=True)
class Report:
    """One regency: register facts, and its figures when it has data."""

    regency: Regency
    province: Province
    data: RegencyData | None
    figures: list[Figure] = field(default_factory=list)

    def of(self, metric: str) -> list[Figure]:
        """Figures of one metric, in the order derived (counts and targets latest first)."""
        return [f for f in self.figures if f.metric == metric]

    def first(self, metric: str) -> Figure | None:
        return next((f for f in self.figures if f.metric == metric), None)

    def budget_years(self) -> list[Figure]:
        """The budget of each year, reported or derived, oldest first."""
        return sorted((f for f in self.of("budget") if f.year is not None), key=lambda f: f.year or 0)

    def counts(self) -> list[Figure]:
        """Every reported count of protected workers, latest first."""
        return [f for f in self.of("protected") if f.kind == REPORTED]

    @property
    def protected(self) -> Figure | None:
        """The latest count of protected workers, the headline figure (or its "not reported")."""
        return self.first("protected")

    @property
    def target(self) -> Figure | None:
        return self.first("target")


def report(regency: Regency, register: Register, data: RegencyData | None) -> Report:
    province = register.provinces[regency.province_code]
    if data is None:
        return Report(regency, province, None)
    figures = _counts(data) + _budget(data) + _benefits(data) + _coverage_and_events(data)
    return Report(regency, province, data, figures)


def _time(item) -> str:
    return item.date.isoformat() if item.date else str(item.year) if item.year else "undated"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _scope(item) -> list[str]:
    """What a figure is beyond its time and source, where it is not the list's default: a wider group,
    a segment, who pays, a status other than the default, a budget's basis. Part of its id, so the
    province's count and the regency's, or a plan and its realisation, never share one."""
    fields = type(item).model_fields
    parts = []
    if getattr(item, "group", "pekerja-rentan") != "pekerja-rentan":
        parts.append(item.group)
    if getattr(item, "segment", None):
        parts.append(_slug(item.segment))
    if getattr(item, "payer", None):
        parts.append("+".join(item.payer))
    if "status" in fields and item.status != fields["status"].default:
        parts.append(item.status)
    if getattr(item, "basis", "tahunan") != "tahunan":
        parts.append(item.basis)
    return parts


# Each list of a regency file whose entries are figures: (metric, what tells two entries apart besides
# their scope and source). The one place ids are made: ``validate`` asks for them too, to refuse two
# figures of one file with the same id (they then need an explicit ``id:``).
IDENTITY = {
    "protected": ("protected", _time),
    "targets": ("target", _time),
    "budget": ("budget", lambda b: b.year),
    "budget_changes": ("budget-change", lambda c: f"{c.from_year}-{c.to_year}"),
    "benefits": ("benefit", lambda b: _slug(b.kind)),
    "benefits_paid": ("benefits-paid", lambda p: p.year),
    "coverage": ("coverage", lambda c: _slug(c.sector)),
    "events": ("cards", _time),
}


def entry_id(list_name: str, item) -> str:
    """A reported figure's id: metric/its YAML ``id:`` if given, else metric/identity/scope/first source id:
    "protected/2025-03-28/apbd-provinsi/kaltimkita-2025-03-28"."""
    metric, identity = IDENTITY[list_name]
    explicit = getattr(item, "id", None)
    if explicit:
        return f"{metric}/{explicit}"
    return "/".join([metric, str(identity(item)), *_scope(item), item.source])


def entry_ids(data: RegencyData) -> list[tuple[str, int, str]]:
    """(list, index, id) of every entry that becomes a figure."""
    return [(name, index, entry_id(name, item)) for name in IDENTITY for index, item in enumerate(getattr(data, name))
            if name != "events" or (item.kind == "penyerahan kartu" and item.count is not None)]


def _count(data: RegencyData, metric: str, item: CountFigure) -> Figure:
    return Figure(entry_id("protected" if metric == "protected" else "targets", item), metric, item.value, "orang", REPORTED, item.date, item.year,
                  _keys(data.code, item), note=item.note, programmes=tuple(item.programmes), scheme=item.scheme)


def _operand(figure: Figure) -> Operand:
    assert figure.value is not None
    return Operand(figure.id, figure.value, figure.unit)


def _counts(data: RegencyData) -> list[Figure]:
    protected = [_count(data, "protected", c) for c in sorted(data.protected, key=lambda c: c.sort_key, reverse=True)]
    targets = [_count(data, "target", c) for c in sorted(data.targets, key=lambda c: c.sort_key, reverse=True)]
    figures = (protected or [_missing("protected", "orang")]) + (targets or [_missing("target", "orang")])
    if protected and targets:
        count, target = protected[0], targets[0]
        assert count.value is not None and target.value is not None
        when = count.date.isoformat() if count.date else str(count.year or "undated")
        sources = merged(count.sources, target.sources)
        if target.value > 0:
            figures.append(Figure(f"share-of-target/{when}", "share-of-target",
                                  round(count.value / target.value * 100, 1), "persen", DERIVED, count.date,
                                  count.year, sources, Formula("share", (_operand(count), _operand(target)))))
        if target.value >= count.value:
            figures.append(Figure(f"target-gap/{when}", "target-gap", target.value - count.value, "orang", DERIVED,
                                  count.date, count.year, sources,
                                  Formula("difference", (_operand(target), _operand(count)))))
    if len(protected) >= 2:
        new, old = protected[0], protected[1]
        assert new.value is not None and old.value is not None
        figures.append(Figure(f"protected-change/{_when_id(new)}/{_when_id(old)}", "protected-change",
                              new.value - old.value, "orang", DERIVED, new.date, new.year,
                              merged(new.sources, old.sources), Formula("difference", (_operand(new), _operand(old))),
                              change=True, params=(("since", _since(old)),)))
    return figures


def _when_id(figure: Figure) -> str:
    return figure.date.isoformat() if figure.date else str(figure.year or "undated")


def _since(figure: Figure) -> str:
    """The date a change is counted from, as the label shows it (formatted at render time)."""
    return f"@date:{figure.date.isoformat()}" if figure.date else str(figure.year or "")


def _budget_year(year: int, value: int, kind: Kind, sources: tuple[str, ...], fid: str, formula: Formula | None = None,
                 note: str | None = None) -> Figure:
    return Figure(fid, "budget", value, "rupiah", kind, year=year, sources=sources, formula=formula, note=note,
                  label_key="budget-year", params=(("year", str(year)),))


def _budget(data: RegencyData) -> list[Figure]:
    """APBD budget by year: reported years, years derived from a reported change, and the changes."""
    years = {b.year: _budget_year(b.year, b.value, REPORTED, _keys(data.code, b), entry_id("budget", b),
                                  note=b.note) for b in data.budget}
    changes = []
    for change in data.budget_changes:
        sources = _keys(data.code, change)
        span = (("from_year", str(change.from_year)), ("to_year", str(change.to_year)))
        reported = Figure(entry_id("budget_changes", change), "budget-change",
                          change.value, "rupiah", REPORTED, year=change.to_year, sources=sources, note=change.note,
                          change=True, params=span)
        changes.append(reported)
        before, after = years.get(change.from_year), years.get(change.to_year)
        if after is not None and before is None:
            assert after.value is not None
            years[change.from_year] = _budget_year(
                change.from_year, int(after.value) - change.value, DERIVED, merged(after.sources, sources),
                f"budget/{change.from_year}/derived", Formula("difference", (_operand(after), _operand(reported))))
        elif before is not None and after is None:
            assert before.value is not None
            years[change.to_year] = _budget_year(
                change.to_year, int(before.value) + change.value, DERIVED, merged(before.sources, sources),
                f"budget/{change.to_year}/derived", Formula("sum", (_operand(before), _operand(reported))))
    ordered = [years[y] for y in sorted(years)]
    for before, after in itertools.pairwise(ordered):
        assert before.year is not None and after.year is not None
        if before.value and after.value is not None and after.year == before.year + 1:
            changes.append(Figure(f"budget-growth/{before.year}-{after.year}", "budget-growth",
                                  round((after.value - before.value) / before.value * 100, 1), "persen", DERIVED,
                                  year=after.year, sources=merged(before.sources, after.sources),
                                  formula=Formula("growth", (_operand(after), _operand(before))), change=True,
                                  params=(("from_year", str(before.year)), ("to_year", str(after.year)))))
    figures = ordered + changes or [_missing("budget", "rupiah")]
    for item in data.protected:
        year = item.date.year if item.date else item.year
        budget = years.get(year) if year is not None else None
        if budget is not None and budget.kind == REPORTED and item.value > 0:
            count = _count(data, "protected", item)
            assert budget.value is not None
            figures.append(Figure(f"budget-per-worker/{year}", "budget-per-worker", round(budget.value / item.value),
                                  "rupiah", DERIVED, year=year, sources=merged(budget.sources, count.sources),
                                  formula=Formula("per-worker", (_operand(budget), _operand(count))),
                                  remark="per-worker", params=(("year", str(year)),)))
    return figures


def _benefits(data: RegencyData) -> list[Figure]:
    figures = []
    for item in data.benefits:
        if item.value is not None:
            figures.append(Figure(entry_id("benefits", item), "benefit", item.value, "rupiah",
                                  REPORTED, sources=_keys(data.code, item), note=item.description, up_to=item.up_to,
                                  params=(("benefit", item.kind.capitalize()),)))
    for paid in data.benefits_paid:
        figures.append(Figure(entry_id("benefits_paid", paid), "benefits-paid", paid.value, "rupiah",
                              REPORTED, year=paid.year, sources=_keys(data.code, paid), printed=paid.printed,
                              note=paid.note, label_key="benefits-paid-year", programmes=tuple(paid.programmes),
                              params=(("year", str(paid.year)), ("programmes", ", ".join(paid.programmes)),
                                      ("recipients", paid.recipients))))
    return figures or [_missing("benefits-paid", "rupiah")]


def _coverage_and_events(data: RegencyData) -> list[Figure]:
    figures = [Figure(entry_id("coverage", item), "coverage", item.percent, "persen", REPORTED,
                      sources=_keys(data.code, item), note=item.note, params=(("sector", item.sector),))
               for item in data.coverage]
    for event in data.events:
        if event.count is not None and event.kind == "penyerahan kartu":
            figures.append(Figure(entry_id("events", event), "cards", event.count, "kartu", REPORTED,
                                  event.date, event.year, _keys(data.code, event), note=event.note,
                                  params=(("title", event.title),)))
    return figures


def total_protected(latest: list[Figure]) -> Figure | None:
    """The sum of regencies' latest counts: derived, and honest that the dates differ."""
    counts = sorted((f for f in latest if f.value is not None), key=lambda f: -(f.value or 0))
    if not counts:
        return None
    if len(counts) == 1:
        return counts[0]  # a sum of one is the reported figure itself
    dates = sorted({_since(f) for f in counts})
    return Figure("protected-total", "protected-total", sum(f.value or 0 for f in counts), "orang", DERIVED,
                  sources=merged(*(f.sources for f in counts)),
                  formula=Formula("sum", tuple(_operand(f) for f in counts)),
                  remark=f"mixed-dates:{','.join(dates)}" if len(dates) > 1 else None)


def _keys(code: str, item) -> tuple[str, ...]:
    """Source ids are unique within one file; across the site they are qualified: "64.08/indeksmedia-...". """
    return tuple(f"{code}/{source_id}" for source_id in item.source_ids)


def _missing(metric: str, unit: Unit) -> Figure:
    return Figure(metric, metric, None, unit, NOT_REPORTED)


def merged(*groups: tuple[str, ...]) -> tuple[str, ...]:
    """Source keys of several figures, each once, in order of first citation."""
    return tuple(dict.fromkeys(key for group in groups for key in group))
