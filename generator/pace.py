"""Pace to target: at the pace the headline count grew, when would the regency reach its target?

A derived figure, computed here only where it means something: a target of pekerja rentan paid by the
regency (``Report.target`` with a value) and at least two realised, dated counts of the headline series
(``Report.counts()``: never planned counts, never a wider group or another payer's). The method is
linear and stated with the figure: the gain between two counts divided by the months between them.
Two figures at most: from the count of an earlier month before the latest to the latest, and from the
first count to the latest (when that is another pair). The outcome is one of:

- ``reached``: the count rose and the target is ahead: reached around a month (``reached`` param);
- ``passed``: the latest count is at or above the target;
- ``fell`` / ``flat``: the count fell or did not change: no projection.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math

from .derive import DERIVED, NOT_REPORTED, Figure, Formula, Report, merged, operand

DAYS_PER_MONTH = 365.25 / 12


def pace(report: Report) -> list[Figure]:
    """The pace figures of a report (none where the conditions above are not met)."""
    target = report.target
    if target is None or target.kind == NOT_REPORTED or target.value is None:
        return []
    series = [c for c in report.counts() if c.value is not None]  # latest first
    if len(series) < 2:
        return []
    latest = series[0]
    earlier = [c for c in series[1:] if _month(c) != _month(latest)]  # two counts of one month are no pace
    if not earlier:
        return []
    pairs = [("latest", earlier[0])]
    if earlier[-1] is not earlier[0]:
        pairs.append(("whole", earlier[-1]))
    return [_figure(report, target, latest, old, which) for which, old in pairs]


def _figure(report: Report, target: Figure, new: Figure, old: Figure, which: str) -> Figure:
    assert new.value is not None and old.value is not None and target.value is not None
    months = (new.axis_day - old.axis_day).days / DAYS_PER_MONTH
    gain = new.value - old.value
    rate = gain / months
    if new.value >= target.value:
        outcome, reached = "passed", ""
    elif gain < 0:
        outcome, reached = "fell", ""
    elif gain == 0:
        outcome, reached = "flat", ""
    else:
        outcome, reached = "reached", _reach(new.axis_day, (target.value - new.value) / rate)
    params: tuple[tuple[str, str], ...] = (
        ("start", old.when_param),
        ("end", new.when_param),
        ("gain", f"@number:{gain}"),
        ("months", f"@number:{round(months, 1)}"),
        ("target", f"@number:{target.value}"),
    )
    if reached:
        params += (("month", f"@month:{reached}"),)
    return Figure(
        f"pace-{which}/{new.when_id}/{old.when_id}",
        "pace",
        round(rate),
        "orang",
        DERIVED,
        new.date,
        new.year,
        merged(new.sources, old.sources, target.sources),
        Formula("difference", (operand(new), operand(old))),
        change=True,
        label_key=f"pace-{which}",
        params=(("since", old.when_param), ("outcome", outcome), ("reached", reached), ("target", target.id)),
        remark=f"pace-{outcome}",
        remark_params=params,
    )


def _reach(start: dt.date, months: float) -> str:
    """The month ``months`` after ``start``: "2027-03"."""
    day = start + dt.timedelta(days=math.ceil(months * DAYS_PER_MONTH))
    return f"{day.year:04d}-{day.month:02d}"


def _month(figure: Figure) -> tuple[int, int]:
    return figure.when_key[:2]


def attach(report: Report) -> Report:
    """The report with its pace figures added after its own (the build's stage after derive)."""
    found = pace(report)
    return dataclasses.replace(report, figures=[*report.figures, *found]) if found else report
