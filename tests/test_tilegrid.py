"""The tile-grid layout: one cell for each regency of the register, none shared."""

from __future__ import annotations

import csv
import re
from pathlib import Path

REGISTER = Path(__file__).resolve().parent.parent / "data" / "register"


def _rows(name: str) -> list[dict[str, str]]:
    with open(REGISTER / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_every_regency_of_the_register_has_one_cell_of_its_own():
    with open(REGISTER / "tilegrid.csv", encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        assert next(reader) == ["code", "column", "row"]
        rows = list(reader)
    assert all(
        len(row) == 3 and re.fullmatch(r"\d\d\.\d\d", row[0]) and row[1].isdigit() and row[2].isdigit() for row in rows
    )
    codes = [row[0] for row in rows]
    assert len(codes) == len(set(codes)) == 514
    assert set(codes) == {r["code"] for r in _rows("regencies.csv")}
    cells = [(int(row[1]), int(row[2])) for row in rows]
    assert len(set(cells)) == len(cells)
    assert max(c for c, _ in cells) < 48 and max(r for _, r in cells) < 22
