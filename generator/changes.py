"""What changed since the last build: the figures of each regency, by stable id, before and now.

The previous build's map ({regency code: {figure id: value}}) is kept by the build (in the cache
manifest); ``compare`` says which figures were added, changed (old -> new) or removed, and ``lines``
writes that for the terminal, in English like the CLI's other output:

    64.08 protected/2025-10-20/indeksmedia-2025-10-20: 93000 -> 93100
"""

from __future__ import annotations

from dataclasses import dataclass

Value = int | float | None
Figures = dict[str, dict[str, Value]]  # regency code -> figure id -> value


@dataclass(frozen=True)
class Change:
    regency: str
    figure: str
    old: Value = None
    new: Value = None


@dataclass(frozen=True)
class Changes:
    added: tuple[Change, ...] = ()
    changed: tuple[Change, ...] = ()
    removed: tuple[Change, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.added or self.changed or self.removed)


def figures(reports) -> Figures:
    """The map of this build, from its ``derive.Report``s (those with data)."""
    return {r.regency.code: {f.id: f.value for f in r.figures} for r in reports if r.data is not None}


def compare(before: Figures, after: Figures) -> Changes:
    """Added, changed and removed figures, by regency code then figure id. A regency that appears or
    disappears has all its figures added or removed."""
    added, changed, removed = [], [], []
    for code in sorted(before.keys() | after.keys()):
        old, new = before.get(code, {}), after.get(code, {})
        for figure_id in sorted(old.keys() | new.keys()):
            if figure_id not in old:
                added.append(Change(code, figure_id, new=new[figure_id]))
            elif figure_id not in new:
                removed.append(Change(code, figure_id, old=old[figure_id]))
            elif old[figure_id] != new[figure_id]:
                changed.append(Change(code, figure_id, old[figure_id], new[figure_id]))
    return Changes(tuple(added), tuple(changed), tuple(removed))


def lines(changes: Changes, limit: int = 50) -> list[str]:
    """The changes as terminal lines: changed, added, removed, at most ``limit`` of them, then a count
    of the rest."""
    out = [f"{c.regency} {c.figure}: {_shown(c.old)} -> {_shown(c.new)}" for c in changes.changed]
    out += [f"{c.regency} {c.figure}: added ({_shown(c.new)})" for c in changes.added]
    out += [f"{c.regency} {c.figure}: removed (was {_shown(c.old)})" for c in changes.removed]
    if len(out) > limit:
        out = out[:limit] + [f"… and {len(out) - limit} more"]
    return out


def summary(changes: Changes) -> str:
    """One line: "figures since the last build: 1 changed, 2 added, 0 removed"."""
    if not changes:
        return "figures since the last build: no change"
    return (
        f"figures since the last build: {len(changes.changed)} changed, {len(changes.added)} added, "
        f"{len(changes.removed)} removed"
    )


def _shown(value: Value) -> str:
    """A value as written in the data: 93000, 62.0, "not reported"."""
    return "not reported" if value is None else repr(value)
