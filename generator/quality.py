"""The state of the data as a whole: how many regencies have data, figures by kind, sources without a
URL or with an inferred date, disagreements recorded, and budgets whose plausibility check fails.
Shown on the methodology page and printed by ``jaring check``."""

from __future__ import annotations

from dataclasses import dataclass

from .derive import DERIVED, NOT_REPORTED, REPORTED, Figure, Report


@dataclass(frozen=True)
class Quality:
    regencies: int  # in the register
    with_data: int
    reported: int
    derived: int
    not_reported: int
    sources: int
    without_url: int
    inferred_dates: int
    disagreements: int
    flagged: tuple[tuple[Report, Figure], ...]  # plausibility checks beyond the ratio: (regency, check)


def summary(reports: list[Report]) -> Quality:
    with_data = [r for r in reports if r.data is not None]
    figures = [f for r in with_data for f in r.figures]
    sources = [s for r in with_data if r.data for s in r.data.sources]
    return Quality(
        len(reports),
        len(with_data),
        sum(f.kind == REPORTED for f in figures),
        sum(f.kind == DERIVED for f in figures),
        sum(f.kind == NOT_REPORTED for f in figures),
        len(sources),
        sum(not s.url for s in sources),
        sum(s.date_inferred for s in sources),
        sum(len(r.disagreements) for r in with_data),
        tuple((r, f) for r in with_data for f in r.figures if f.flagged),
    )


def lines(q: Quality) -> list[str]:
    """The summary as ``jaring check`` prints it."""
    out = [
        f"data: {q.with_data} of {q.regencies} regencies; {q.reported} figures reported, {q.derived} derived, "
        f"{q.not_reported} not reported",
        f"sources: {q.sources}, {q.without_url} without URL, {q.inferred_dates} with an inferred date; "
        f"{q.disagreements} disagreements between sources recorded",
        f"plausibility: {len(q.flagged)} budgets far from count × premium (check the sources)",
    ]
    out += [f"  {r.regency.code} {r.regency.name}: {f.id}" for r, f in q.flagged]
    return out
