"""The fast path: is the output already what these inputs make? Standard library only, so a build with
nothing to do imports none of the pipeline (pydantic, Jinja, Babel, Altair, vl-convert) and writes nothing
to the output (the output's folders' times may be kept in the cache, see cache.Folders)."""

from __future__ import annotations

import dataclasses
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from . import cache, history
from .errors import Problem
from .paths import Layout, build_date
from .write import MARKER

# A progress reporter: start(label, total) returns advance(n). The default says nothing.
Progress = Callable[[str, int], Callable[[int], None]]


def _silent(label: str, total: int) -> Callable[[int], None]:
    return lambda n: None


SILENT: Progress = _silent


@dataclass(frozen=True)
class Summary:
    warnings: list[Problem]
    pages: int  # HTML pages written this run
    charts: int  # pictures (charts and cards) drawn this run
    reused: int  # pictures taken from the cache
    kept: int  # files carried over unchanged from the previous output
    units: frozenset[str] = frozenset()  # what was rebuilt (see graph.py); empty when nothing changed
    seconds: float = 0.0
    unchanged: bool = False
    changes: tuple[str, ...] = ()  # figures added, changed or removed since the last build (changes.lines)
    timings: dict[str, float] = field(default_factory=dict)  # wall seconds per stage (build.Stopwatch)


@dataclass(frozen=True)
class State:
    """What the inputs are now, what the last build recorded, and what the output folder says it holds."""

    stamp: cache.Stamp
    previous: cache.Manifest | None
    output_digest: str | None

    @property
    def unchanged(self) -> bool:
        return self.previous is not None and self.previous.digest == self.stamp.digest == self.output_digest

    @property
    def output_is_last_build(self) -> bool:
        """The output is exactly what the last build made (so it may be updated in place)."""
        return self.previous is not None and self.output_digest == self.previous.digest


def up_to_date(
    root: Path, output: Path | None, strict: bool, clean: bool, base_url: str | None = None
) -> tuple[Summary | None, State]:
    """A build's summary when the output already is what the inputs make (raising JaringError for the
    warnings when ``strict``), else None; and the state, for the build that follows. ``base_url``
    overrides site.yaml's (``jaring build --base-url``)."""
    from .paths import layout

    started = time.perf_counter()
    where = layout(root)
    now = state(where, (output or where.root / "output").absolute(), clean, base_url)
    if not now.unchanged:
        return None, now
    assert now.previous is not None
    warnings = warnings_of(now.previous)
    if strict and warnings:
        from .errors import JaringError

        raise JaringError(warnings)
    return Summary(warnings, 0, 0, 0, 0, seconds=time.perf_counter() - started, unchanged=True), now


def state(where: Layout, output: Path, clean: bool, base_url: str | None = None) -> State:
    stamp = cache.stamp(where, build_date().isoformat(), base_url)
    # each data file's commits (two git commands for them all): a new commit rebuilds what shows its history
    commits = history.stamp(where.root, os.path.relpath(where.data / "regencies", where.root))
    stamp = dataclasses.replace(stamp, files={**stamp.files, **commits})
    return State(
        stamp, None if clean else cache.load(where.root), cache.output_digest(output, MARKER, where.root / cache.FOLDER)
    )


def warnings_of(manifest: cache.Manifest) -> list[Problem]:
    return [Problem(*w) for w in manifest.warnings]
