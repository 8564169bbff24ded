"""Revision history of each figure, from the repository's own history of the data files.

Each version of a regency file that git knows (``git log --follow``) is parsed with Jaring's own strict
loader and schema (as ``validate`` does; a version that does not validate is skipped) and its figures
derived (``derive.report``). Between two consecutive versions, a figure with the same stable id and a
different value is a *correction*: its old and new value, the date of the commit that made it (the
author date, ISO 8601) and the commit's subject as its reason. Derived figures that read a corrected
figure change with it, and are listed too (with their kind), under the same commit.

Without git, outside a repository, or in a shallow clone (whose oldest versions are missing, so a
history would be wrong rather than short), the history is empty and says it is unavailable: it never
fails a build. Everything comes from the commits, never from the clock, so the output is the same on
every run. One ``git log`` per file and one ``git show`` per version: the build keeps each file's
history in its memo, keyed by the list of commits that touched the file (``stamp``: one ``git log``
for the whole data folder, which the fast path also reads, so a new commit is a change like any
other). An explicit ``corrections:`` entry of the file (``merge``) gives a found correction its reason
or source, or stands alone where the change predates the repository.

This module imports only the standard library at its top (quick.py reads ``stamp``); the loader,
schema and derivation are imported when a version of a file is read.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import subprocess
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .register import Register
    from .schema import CorrectionEntry, RegencyData

GIT_TIMEOUT = 60  # seconds for one git command


@dataclass(frozen=True)
class Correction:
    figure: str  # the figure's stable id
    old: int | float | None
    new: int | float | None
    date: str  # the commit's author date, ISO 8601: "2025-10-21T09:30:00+08:00"
    reason: str  # the commit's subject
    commit: str
    kind: str = "reported"  # the figure's kind: a derived figure changes with the figures it reads
    source: str = ""  # an explicit entry's source of the correction: "64.08/<source id>"
    url: str = ""  # an explicit entry's URL of the correction

    @property
    def day(self) -> dt.date:
        """The day of the correction, in the committer's own time zone (as the date says)."""
        return dt.date.fromisoformat(self.date[:10])


@dataclass(frozen=True)
class History:
    available: bool  # False: no git, not a repository, or a shallow clone
    corrections: tuple[Correction, ...] = ()  # oldest first

    def of(self, figure_id: str) -> tuple[Correction, ...]:
        return tuple(c for c in self.corrections if c.figure == figure_id)


UNAVAILABLE = History(False)


@dataclass(frozen=True)
class Histories:
    """Every regency file's history in one build: whether git could give any, and each one's."""

    available: bool = False
    by_code: dict[str, History] | None = None  # regency code -> its history (explicit entries included)

    def of(self, code: str) -> History:
        return (self.by_code or {}).get(code, History(self.available))


NO_HISTORIES = Histories()


def available(root: Path) -> bool:
    """Whether ``root`` is inside a full (not shallow) git repository that git can read."""
    out = _git(root, "rev-parse", "--is-shallow-repository")
    return out is not None and out.strip() == b"false"


def file_history(root: Path, rel: str, register: Register, build_date: dt.date, usable: bool | None = None) -> History:
    """The corrections of one data file (``rel``: relative to ``root``). Each version is checked as the
    build checks files (``build_date``: the build's, never the clock here). ``usable``: the answer of
    ``available(root)`` when the caller asked it once for every file."""
    if not (available(root) if usable is None else usable):
        return UNAVAILABLE
    log = _git(root, "log", "--follow", "--name-only", "--format=%x1e%H%x00%aI%x00%s", "--", rel)
    if log is None:
        return UNAVAILABLE
    versions = []  # oldest first: (commit, author date, subject, {figure id: value})
    for record in reversed(log.decode("utf-8", "replace").split("\x1e")[1:]):
        head, _, names = record.partition("\n")
        commit, date, subject = head.split("\x00", 2)
        path = next((n for n in names.splitlines() if n.strip()), None)
        values = _values(root, commit, path, register, build_date) if path else None
        if values is not None:
            versions.append((commit, date, subject, values))
    corrections = []
    for (_, _, _, before), (commit, date, subject, after) in zip(versions, versions[1:]):
        for figure_id, (new, kind) in after.items():
            if figure_id in before and before[figure_id][0] != new:
                corrections.append(Correction(figure_id, before[figure_id][0], new, date, subject, commit, kind))
    return History(True, tuple(corrections))


def _values(root: Path, commit: str, path: str, register: Register, build_date: dt.date) -> dict | None:
    """{figure id: (value, kind)} of the file as it was at ``commit``, or None if that version does not validate."""
    from .derive import report
    from .validate import check_regency  # the same strict parse as a build's

    data = _git(root, "show", f"{commit}:{path}")
    if data is None:
        return None
    checked = check_regency(path, data, register, build_date)
    model = checked.model
    if model is None or checked.problems or model.code not in register.regencies:
        return None
    return {f.id: (f.value, f.kind) for f in report(register.regencies[model.code], register, model).figures}


# --- the build's view: what to key the cache by, and explicit entries -------------------------------

STAMP = "history:"  # names of the stamp's entries: "history:" (available or not), "history:<data file>"


def stamp(root: Path, folder: str) -> dict[str, str]:
    """Entries for the inputs' stamp (cache.Stamp.files): whether history is available, and for each
    data file under ``folder`` (relative to ``root``) a digest of the commits that touched it. Two git
    commands however many files there are. Without history: only ``{"history:": "unavailable"}``."""
    if not available(root):
        return {STAMP: "unavailable"}
    log = _git(root, "log", "--relative", "--name-only", "--format=%x1e%H", "--", folder)
    if log is None:
        return {STAMP: "unavailable"}
    commits: dict[str, list[str]] = {}
    for record in log.decode("utf-8", "replace").split("\x1e")[1:]:
        commit, _, names = record.partition("\n")
        for name in filter(None, (n.strip() for n in names.splitlines())):
            commits.setdefault(name, []).append(commit.strip())
    found = {STAMP + name: hashlib.sha256(" ".join(c).encode()).hexdigest() for name, c in commits.items()}
    return {STAMP: "available", **found}


def merge(found: History, data: RegencyData) -> History:
    """The history of a file with its explicit ``corrections:`` entries. An entry names a figure (and,
    when given, its old and new value): it gives the found correction of that figure with those values
    (or, without values, of the same day) its reason and source, keeping the commit's date; an entry
    that matches none stands alone, for a change older than the repository. Each found correction takes
    one entry at most. Oldest first; availability is git's."""
    corrections = list(found.corrections)
    taken: set[int] = set()
    alone = []
    for entry in data.corrections:
        source = f"{data.code}/{entry.source}" if entry.source else ""
        match = next((i for i, c in enumerate(corrections) if i not in taken and _matches(entry, c)), None)
        if match is None:
            alone.append(
                Correction(
                    entry.figure,
                    entry.old,
                    entry.new,
                    entry.date.isoformat(),
                    entry.reason,
                    commit="",
                    source=source,
                    url=entry.url or "",
                )
            )
        else:
            taken.add(match)
            corrections[match] = replace(corrections[match], reason=entry.reason, source=source, url=entry.url or "")
    merged = sorted(corrections + alone, key=lambda c: c.date[:10])  # stable: commits keep their order
    return History(found.available, tuple(merged))


def _matches(entry: CorrectionEntry, correction: Correction) -> bool:
    """Whether an explicit entry is about a found correction: the same figure, and the values it gives
    (old, new or both), or the same day when it gives none."""
    if entry.figure != correction.figure:
        return False
    if entry.old is None and entry.new is None:
        return correction.day == entry.date
    return entry.old in (None, correction.old) and entry.new in (None, correction.new)


def _git(root: Path, *args: str) -> bytes | None:
    """A git command's output, or None when git is missing or the command fails."""
    env = {**os.environ, "LC_ALL": "C", "GIT_TERMINAL_PROMPT": "0"}
    try:
        done = subprocess.run(
            ["git", "-C", str(root), "-c", "core.quotepath=off", *args],
            capture_output=True,
            env=env,
            timeout=GIT_TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout if done.returncode == 0 else None
