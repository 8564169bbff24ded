"""Problems found in the input, and the one exception that carries them to the CLI.

A problem is reported as ``path:line:col: message`` (path relative to the site root). That text is
part of Jaring's interface: tests pin it exactly, so change it deliberately.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int | None
    col: int | None
    message: str

    def __str__(self) -> str:
        if self.line is None:
            return f"{self.path}: {self.message}"
        return f"{self.path}:{self.line}:{self.col}: {self.message}"


class JaringError(Exception):
    """Input that cannot be built. Carries every problem found, not only the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=_sort_key)
        super().__init__("\n".join(str(p) for p in self.problems))


class OutputError(Exception):
    """The output folder cannot be written (unwritable, full disk, unsafe path)."""


def _sort_key(problem: Problem) -> tuple:
    return (problem.path, problem.line or 0, problem.col or 0, problem.message)
