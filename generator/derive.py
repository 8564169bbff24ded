"""Stage 3, derive: every figure of a regency in one long list, reported and derived alike.

A figure is data, never text: a value, its unit, its date or year, its kind, its sources, what it
counts (payer, group, status, segment) and, when derived here, its formula as a structure (an
operation and the figures it reads), so any locale can write it out ("93.000 ÷ 150.000 × 100%") and a
reader can redo the sum. A figure nobody published is "not reported" with no value: never 0.

Real articles mix the regency's own count with the province's, pekerja rentan with all non-ASN, the
planned with the paid. The *headline* of a regency is only ever a realised count of pekerja rentan
paid from the regency's own budget (``headline``), and every derived figure reads like with like.

Every figure has an id made from what it is, never from where it sits in a list: the kind of figure,
its date or year, its scope and its source ("protected/2025-10-20/indeksmedia-2025-10-20"), or the
explicit ``id:`` its YAML entry gives. Adding an older or newer count renames nothing else.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from dataclasses import dataclass, field
from typing import Literal

from .register import Province, Regency, Register
from .schema import RegencyData

Kind = Literal["reported", "derived", "not-reported"]
Unit = Literal["orang", "rupiah", "persen", "kartu", "bulan"]
Op = Literal["share", "difference", "sum", "growth", "premium-check"]

REPORTED: Kind = "reported"
DERIVED: Kind = "derived"
NOT_REPORTED: Kind = "not-reported"

OWN_PAYERS = frozenset({"apbd-kabupaten", "dbhcht"})  # the regency's own budget (DBHCHT reaches it through the APBD)
PREMIUM = 16800  # Rp a month for JKK + JKM, as several sources print it: the check's premium where none is printed
CHECK_RATIO = 1.5  # a printed budget beyond this many times the one implied by its count, or below, is flagged


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
    printed: str | None = None  # as printed in the source
    note: str | None = None  # the data file's own note
    remark: str | None = None  # derived only: a key of Jaring's explanation (fmt.WORDS "remark.*")
    remark_params: tuple[tuple[str, str], ...] = ()  # its values (see fmt.Formatter.param)
    up_to: bool = False  # "hingga Rp42 juta"
    change: bool = False  # a difference: shown with its sign, "+Rp3 miliar"
    label_key: str = ""  # fmt.WORDS "label.<label_key>", filled with ``params``
    params: tuple[tuple[str, str], ...] = ()
    programmes: tuple[str, ...] = ()  # JKK, JKM, ... when the source says
    scheme: str | None = None  # e.g. "Program Bantuan Iuran (PBI), iuran ditanggung APBD"
    qualifier: str | None = None  # "lebih dari", "sekitar", ... as printed with the value
    payer: tuple[str, ...] = ()  # who pays, when said
    group: str = "pekerja-rentan"  # or "lebih-luas", with ``who``
    who: str | None = None
    status: str | None = None  # "terealisasi", "direncanakan", ... (see schema.Status)
    segment: str | None = None  # a sub-count of one segment
    period: str | None = None  # the span as printed
    cumulative: bool = False
    flagged: bool = False  # a plausibility check beyond CHECK_RATIO: "periksa sumber"

    def __post_init__(self):
        if not self.label_key:
            object.__setattr__(self, "label_key", self.metric)

    @property
    def anchor(self) -> str:
        """The HTML id of the figure on its regency page: "angka-protected-2025-10-20-indeksmedia-…"."""
        return "angka-" + re.sub(r"[^a-z0-9]+", "-", self.id.lower()).strip("-")

    @property
    def own_payer(self) -> bool:
        """Paid from the regency's own budget, or the source does not say (the programme is the regency's)."""
        return set(self.payer) <= OWN_PAYERS

    @property
    def regency_programme(self) -> bool:
        """Paid under the regency's programme: by its own budget, or by it together with village funds
        (a kota's kampung, say); not by the province, and not counted over several years."""
        payer = set(self.payer)
        return (
            payer <= OWN_PAYERS or (bool(payer & OWN_PAYERS) and "apbd-provinsi" not in payer)
        ) and not self.cumulative

    @property
    def headline(self) -> bool:
        """A count that belongs to the regency's headline series: done, of pekerja rentan, not a
        sub-count, dated, under the regency's own programme."""
        return (
            self.metric == "protected"
            and self.kind == REPORTED
            and self.status == "terealisasi"
            and self.group == "pekerja-rentan"
            and self.segment is None
            and self.regency_programme
            and (self.date is not None or self.year is not None)
        )

    @property
    def when_key(self) -> tuple[int, int, int]:
        if self.date is not None:
            return (self.date.year, self.date.month, self.date.day)
        return (self.year or 0, 0, 0)

    @property
    def when_id(self) -> str:
        """Its time as part of an id: "2025-10-20", "2023" or "undated"."""
        return self.date.isoformat() if self.date else str(self.year or "undated")

    @property
    def when_param(self) -> str:
        """Its time as a label's parameter, formatted at render time: "@date:2025-10-20" or "2023"."""
        return f"@date:{self.date.isoformat()}" if self.date else str(self.year or "")

    @property
    def axis_day(self) -> dt.date:
        """Where it stands on a time axis: its day, or the middle of its year."""
        return self.date or dt.date(self.year or 1, 7, 1)


@dataclass(frozen=True)
class Disagreement:
    """Sources that disagree: the figures side by side, none picked."""

    about: str
    text: str
    figures: tuple[str, ...]  # figure ids


@dataclass(frozen=True)
class Report:
    """One regency: register facts, and its figures when it has data."""

    regency: Regency
    province: Province
    data: RegencyData | None
    figures: list[Figure] = field(default_factory=list)
    disagreements: tuple[Disagreement, ...] = ()

    def of(self, metric: str) -> list[Figure]:
        """Figures of one metric, in the order derived (counts and targets latest first)."""
        return [f for f in self.figures if f.metric == metric]

    def first(self, metric: str) -> Figure | None:
        return next((f for f in self.figures if f.metric == metric), None)

    def by_id(self, figure_id: str) -> Figure | None:
        return next((f for f in self.figures if f.id == figure_id), None)

    def budget_years(self) -> list[Figure]:
        """The annual budgets from the regency's own APBD, reported or derived, oldest first."""
        return sorted(
            (
                f
                for f in self.of("budget")
                if f.own_payer and dict(f.params).get("basis") == "tahunan" and f.value is not None
            ),
            key=lambda f: (f.year or 0, f.id),
        )

    def counts(self) -> list[Figure]:
        """The headline series: realised, dated counts of pekerja rentan under the regency's own programme,
        latest first."""
        return [f for f in self.figures if f.headline]

    def disputed(self) -> set[str]:
        return {fid for d in self.disagreements for fid in d.figures}

    @property
    def protected(self) -> Figure | None:
        """The latest count of the headline series (or its "not reported")."""
        return next(
            (f for f in self.figures if f.headline or (f.metric == "protected" and f.kind == NOT_REPORTED)), None
        )

    @property
    def target(self) -> Figure | None:
        """The latest target of pekerja rentan paid by the regency (or its "not reported")."""
        return next(
            (f for f in self.figures if f.metric == "target" and (f.kind == NOT_REPORTED or _own_target(f))), None
        )


def report(regency: Regency, register: Register, data: RegencyData | None) -> Report:
    province = register.provinces[regency.province_code]
    if data is None:
        return Report(regency, province, None)
    figures = _counts(data)
    figures += _budget(data, figures) + _money(data) + _shares(data, figures) + _events(data)
    ids = {f.id for f in figures}
    disagreements = tuple(
        Disagreement(d.about, d.text, tuple(fid for fid in _named(figures, d.figures) if fid in ids))
        for d in data.disagreements
    )
    return Report(regency, province, data, figures, disagreements)


# --- ids --------------------------------------------------------------------------------------------


def _time(item) -> str:
    return item.date.isoformat() if getattr(item, "date", None) else str(item.year) if item.year else "undated"


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
    "premiums": ("premium", _time),
    "benefits": ("benefit", lambda b: _slug(b.kind)),
    "benefits_paid": ("benefits-paid", lambda p: p.year),
    "workforce": ("workforce", _time),
    "coverage": ("coverage", lambda c: _slug(c.sector)),
    "segments": ("segment", lambda s: _slug(s.name)),
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


def _figure_entry(name: str, item) -> bool:
    """Whether an entry of the list becomes a figure (events only with cards counted, segments with a count,
    benefits with an amount)."""
    if name == "events":
        return item.kind == "penyerahan kartu" and item.count is not None
    if name == "segments":
        return item.count is not None
    if name == "benefits":
        return item.value is not None
    return True


def entry_ids(data: RegencyData) -> list[tuple[str, int, str]]:
    """(list, index, id) of every entry that becomes a figure."""
    return [
        (name, index, entry_id(name, item))
        for name in IDENTITY
        for index, item in enumerate(getattr(data, name))
        if _figure_entry(name, item)
    ]


def _named(figures: list[Figure], explicit: list[str]) -> list[str]:
    """Full ids of the figures a disagreement names by their YAML ids."""
    by_explicit = {f.id.split("/", 1)[1]: f.id for f in figures if "/" in f.id}
    return [by_explicit.get(name, name) for name in explicit]


# --- figures ----------------------------------------------------------------------------------------


def _reported(data: RegencyData, name: str, item, unit: Unit, value, **extra) -> Figure:
    metric = IDENTITY[name][0]
    return Figure(
        entry_id(name, item),
        metric,
        value,
        unit,
        REPORTED,
        getattr(item, "date", None),
        getattr(item, "year", None),
        _keys(data.code, item),
        printed=getattr(item, "printed", None),
        note=item.note,
        qualifier=getattr(item, "qualifier", None),
        payer=tuple(getattr(item, "payer", ())),
        group=getattr(item, "group", "pekerja-rentan"),
        who=getattr(item, "who", None),
        status=getattr(item, "status", None),
        segment=getattr(item, "segment", None),
        period=getattr(item, "period", None),
        cumulative=getattr(item, "cumulative", False),
        programmes=tuple(getattr(item, "programmes", ())),
        **extra,
    )


_STATUS_LABEL = {
    "terealisasi": "",
    "target": "",
    "terdaftar-belum-dibayar": "-registered",
    "direncanakan": "-planned",
    "dialokasikan": "-allocated",
    "diusulkan": "-proposed",
}


def operand(figure: Figure) -> Operand:
    """A figure as a formula reads it: its id, value and unit."""
    assert figure.value is not None
    return Operand(figure.id, figure.value, figure.unit)


def _latest(figures: list[Figure]) -> list[Figure]:
    return sorted(figures, key=lambda f: f.when_key, reverse=True)


def _own_target(f: Figure) -> bool:
    return f.status == "target" and f.group == "pekerja-rentan" and f.segment is None and f.own_payer


def _counts(data: RegencyData) -> list[Figure]:
    def label(c, metric: str) -> str:  # a wider group is never called "pekerja rentan"
        return ("wider-" if c.group != "pekerja-rentan" else "") + metric + _STATUS_LABEL[c.status]

    protected = _latest(
        [
            _reported(data, "protected", c, "orang", c.value, scheme=c.scheme, label_key=label(c, "protected"))
            for c in data.protected
        ]
    )
    targets = _latest(
        [
            _reported(data, "targets", c, "orang", c.value, scheme=c.scheme, label_key=label(c, "target"))
            for c in data.targets
        ]
    )
    series = [f for f in protected if f.headline]
    goals = [f for f in targets if _own_target(f)]
    figures = (protected if series else [_missing("protected", "orang"), *protected]) + (
        targets if goals else [_missing("target", "orang"), *targets]
    )
    if series and goals:
        count, target = series[0], goals[0]
        assert count.value is not None and target.value is not None
        sources = merged(count.sources, target.sources)
        if target.value > 0:
            figures.append(
                Figure(
                    f"share-of-target/{count.when_id}",
                    "share-of-target",
                    round(count.value / target.value * 100, 1),
                    "persen",
                    DERIVED,
                    count.date,
                    count.year,
                    sources,
                    Formula("share", (operand(count), operand(target))),
                )
            )
        if target.value >= count.value:
            figures.append(
                Figure(
                    f"target-gap/{count.when_id}",
                    "target-gap",
                    target.value - count.value,
                    "orang",
                    DERIVED,
                    count.date,
                    count.year,
                    sources,
                    Formula("difference", (operand(target), operand(count))),
                )
            )
    earlier = [f for f in series[1:] if f.when_key[:2] != series[0].when_key[:2]] if series else []
    if earlier:  # since the latest count of an earlier month (two reports of one month are no change)
        new, old = series[0], earlier[0]
        assert new.value is not None and old.value is not None
        figures.append(
            Figure(
                f"protected-change/{new.when_id}/{old.when_id}",
                "protected-change",
                new.value - old.value,
                "orang",
                DERIVED,
                new.date,
                new.year,
                merged(new.sources, old.sources),
                Formula("difference", (operand(new), operand(old))),
                change=True,
                params=(("since", old.when_param),),
                remark="approximate" if new.qualifier or old.qualifier else None,
            )
        )
    return figures


def _budget_label(basis: str, status: str) -> str:
    return {"bulanan": "budget-monthly", "kumulatif": "budget-cumulative", "sekali": "budget-once"}.get(
        basis, "budget-year"
    ) + ("" if status == "dialokasikan" else _STATUS_LABEL.get(status, "") or "-realised")


def _budget(data: RegencyData, counts: list[Figure]) -> list[Figure]:
    """APBD money by year: reported amounts (annual ones, and monthly, cumulative or one-off ones apart),
    years derived from a reported change, the changes, and each amount checked against its count."""
    reported = [
        _reported(
            data,
            "budget",
            b,
            "rupiah",
            b.value,
            label_key=_budget_label(b.basis, b.status),
            params=(("year", str(b.year)), ("basis", b.basis), ("period", b.period or "")),
        )
        for b in data.budget
    ]
    annual: dict[int, list[Figure]] = {}
    for f in reported:
        if f.own_payer and dict(f.params)["basis"] == "tahunan":
            annual.setdefault(f.year or 0, []).append(f)
    changes, derived = [], []
    for change in data.budget_changes:
        sources = _keys(data.code, change)
        span = (("from_year", str(change.from_year)), ("to_year", str(change.to_year)))
        step = Figure(
            entry_id("budget_changes", change),
            "budget-change",
            change.value,
            "rupiah",
            REPORTED,
            year=change.to_year,
            sources=sources,
            note=change.note,
            change=True,
            params=span,
        )
        changes.append(step)
        before, after = annual.get(change.from_year, []), annual.get(change.to_year, [])
        if len(after) == 1 and not before:  # one budget to start from, and nothing printed for the other year
            value = int(after[0].value or 0) - change.value
            derived.append(
                _derived_budget(
                    change.from_year,
                    value,
                    merged(after[0].sources, sources),
                    Formula("difference", (operand(after[0]), operand(step))),
                )
            )
        elif len(before) == 1 and not after:
            value = int(before[0].value or 0) + change.value
            derived.append(
                _derived_budget(
                    change.to_year,
                    value,
                    merged(before[0].sources, sources),
                    Formula("sum", (operand(before[0]), operand(step))),
                )
            )
    for f in derived:
        annual.setdefault(f.year or 0, []).append(f)
    single = [found[0] for _, found in sorted(annual.items()) if len(found) == 1]
    for old, new in itertools.pairwise(single):
        assert old.year is not None and new.year is not None
        if old.value and new.value is not None and new.year == old.year + 1:
            changes.append(
                Figure(
                    f"budget-growth/{old.year}-{new.year}",
                    "budget-growth",
                    round((new.value - old.value) / old.value * 100, 1),
                    "persen",
                    DERIVED,
                    year=new.year,
                    sources=merged(old.sources, new.sources),
                    formula=Formula("growth", (operand(new), operand(old))),
                    change=True,
                    params=(("from_year", str(old.year)), ("to_year", str(new.year))),
                )
            )
    money = sorted(reported + derived, key=lambda f: (f.year or 0, f.id))
    figures = money + changes if money else [_missing("budget", "rupiah")] + changes
    premium = _premium(data)
    for budget in reported:
        check = _check(data, budget, counts, premium)
        if check is not None:
            figures.append(check)
    return figures


def _derived_budget(year: int, value: int, sources: tuple[str, ...], formula: Formula) -> Figure:
    return Figure(
        f"budget/{year}/derived",
        "budget",
        value,
        "rupiah",
        DERIVED,
        year=year,
        sources=sources,
        formula=formula,
        label_key="budget-year",
        params=(("year", str(year)), ("basis", "tahunan"), ("period", "")),
    )


def _premium(data: RegencyData) -> Figure:
    """The monthly premium a check uses: the regency's own as printed (the latest), else PREMIUM."""
    printed = _latest([_reported(data, "premiums", p, "rupiah", p.value) for p in data.premiums if p.per == "bulan"])
    if printed:
        return printed[0]
    return Figure("premium/default", "premium", PREMIUM, "rupiah", DERIVED, remark="default-premium")


def _check(data: RegencyData, budget: Figure, counts: list[Figure], premium: Figure) -> Figure | None:
    """The budget implied by the count it pays for: count × premium × months (12 unless printed), beside
    the printed amount, flagged beyond CHECK_RATIO either way. Only for amounts of a year or of one payment
    from the regency's budget, against a count of the same year paid (at least) by the regency: the one
    printed with the amount ("untuk 15 ribu"), else one of the same source, else the latest of that year."""
    item = next(b for b in data.budget if entry_id("budget", b) == budget.id)
    if item.basis not in ("tahunan", "sekali") or not (set(item.payer) & OWN_PAYERS or not item.payer):
        return None
    if item.covers is not None:
        count = Operand(budget.id, item.covers, "orang")
    else:
        same_year = [
            c
            for c in counts
            if c.kind == REPORTED
            and c.value
            and (c.date.year if c.date else c.year) == item.year
            and (not c.payer or set(c.payer) & OWN_PAYERS)
        ]
        if not same_year:
            return None
        best = min(
            same_year,
            key=lambda c: (
                not c.own_payer,
                item.source not in {s.split("/", 1)[1] for s in c.sources},
                not c.headline,
                tuple(-n for n in c.when_key),
            ),
        )
        count = operand(best)
    months = item.months or 12
    implied = int(count.value) * int(premium.value or 0) * months
    ratio = item.value / implied if implied else 0.0
    flagged = not (1 / CHECK_RATIO <= ratio <= CHECK_RATIO)
    return Figure(
        f"budget-check/{budget.id.split('/', 1)[1]}",
        "budget-check",
        implied,
        "rupiah",
        DERIVED,
        year=item.year,
        sources=merged(budget.sources, premium.sources),
        formula=Formula("premium-check", (count, operand(premium), Operand("", months, "bulan"))),
        remark=("check-flag" if flagged else "check-ok") + ("-default" if premium.kind == DERIVED else ""),
        remark_params=(("ratio", f"@ratio:{ratio:.2f}"), ("budget", budget.id)),
        flagged=flagged,
        params=(("year", str(item.year)),),
    )


def _money(data: RegencyData) -> list[Figure]:
    """Premiums, benefit rules and benefits paid."""
    figures = [_reported(data, "premiums", p, "rupiah", p.value, label_key=f"premium-{p.per}") for p in data.premiums]
    for item in data.benefits:
        if item.value is not None:
            figures.append(
                Figure(
                    entry_id("benefits", item),
                    "benefit",
                    item.value,
                    "rupiah",
                    REPORTED,
                    sources=_keys(data.code, item),
                    note=item.description,
                    up_to=item.up_to,
                    printed=item.printed,
                    params=(("benefit", item.kind.capitalize()),),
                )
            )
    for paid in data.benefits_paid:
        what = paid.kind.capitalize() if paid.kind else ", ".join(paid.programmes)
        whom = paid.recipients or paid.who or ""
        counted = f"{paid.count} {paid.unit_of_count or ''}".strip() if paid.count is not None else ""
        figures.append(
            _reported(
                data,
                "benefits_paid",
                paid,
                "rupiah",
                paid.value,
                label_key="benefits-paid" + ("-planned" if paid.status == "direncanakan" else ""),
                params=(("year", str(paid.year)), ("what", what), ("whom", whom), ("counted", counted)),
            )
        )
    return figures or [_missing("benefits-paid", "rupiah")]


def _shares(data: RegencyData, counts: list[Figure]) -> list[Figure]:
    """Coverage shares as printed, denominators, segments counted, and the share of a denominator the
    latest headline count covers (derived)."""
    figures = [
        _reported(data, "coverage", c, "persen", c.percent, params=(("sector", c.sector),)) for c in data.coverage
    ]
    workforce = _latest(
        [_reported(data, "workforce", w, "orang", w.value, params=(("who", w.who),)) for w in data.workforce]
    )
    figures += workforce
    figures += [
        _reported(data, "segments", s, "orang", s.count, params=(("name", s.name),))
        for s in data.segments
        if s.count is not None
    ]
    series = [c for c in counts if c.headline]
    denominators = [w for w in workforce if w.group == "pekerja-rentan" and w.value]
    if series and denominators:
        count, whole = series[0], denominators[0]
        assert count.value is not None and whole.value
        figures.append(
            Figure(
                f"coverage-share/{count.when_id}",
                "coverage-share",
                round(count.value / whole.value * 100, 1),
                "persen",
                DERIVED,
                count.date,
                count.year,
                merged(count.sources, whole.sources),
                Formula("share", (operand(count), operand(whole))),
                params=(("who", whole.who or ""),),
                remark=None if count.when_id[:4] == whole.when_id[:4] else "other-year",
            )
        )
    return figures


def _events(data: RegencyData) -> list[Figure]:
    return [
        _reported(data, "events", e, "kartu", e.count, params=(("title", e.title),))
        for e in data.events
        if _figure_entry("events", e)
    ]


def _keys(code: str, item) -> tuple[str, ...]:
    """Source ids are unique within one file; across the site they are qualified: "64.08/indeksmedia-..."."""
    return tuple(f"{code}/{source_id}" for source_id in item.source_ids)


def _missing(metric: str, unit: Unit) -> Figure:
    return Figure(metric, metric, None, unit, NOT_REPORTED)


def merged(*groups: tuple[str, ...]) -> tuple[str, ...]:
    """Source keys of several figures, each once, in order of first citation."""
    return tuple(dict.fromkeys(key for group in groups for key in group))
