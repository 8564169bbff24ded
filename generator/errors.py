"""Problems found in the input, and the one exception that carries them to the CLI.

A problem is reported as ``path:line:col: message`` (path relative to the site root). That text is
part of Jaring's interface: tests pin it exactly, so change it deliberately.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Characters never written raw to a terminal: controls (a newline would forge a line, ESC starts a
# terminal escape sequence), bidirectional and other format characters, line and paragraph separators.
_UNSHOWN = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]")


def shown(text: str) -> str:
    """``text`` safe to print: every control or format character escaped as Python writes it (``\\n``,
    ``\\x1b``, ``\\u202e``)."""
    if _UNSHOWN.search(text) is None:
        return text
    return _UNSHOWN.sub(
        lambda m: repr(m[0])[1:-1] if unicodedata.category(m[0]) == "Cc" or m[0] in "\n\t" else f"\\u{ord(m[0]):04x}",
        text,
    )


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int | None
    col: int | None
    message: str

    def __str__(self) -> str:
        if self.line is None:
            return shown(f"{self.path}: {self.message}")
        return shown(f"{self.path}:{self.line}:{self.col}: {self.message}")


class JaringError(Exception):
    """Input that cannot be built. Carries every problem found, not only the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=_sort_key)
        super().__init__("\n".join(str(p) for p in self.problems))


class OutputError(Exception):
    """The output folder cannot be written (unwritable, full disk, unsafe path)."""


def _sort_key(problem: Problem) -> tuple:
    return (problem.path, problem.line or 0, problem.col or 0, problem.message)
