"""The official register of regions (Kemendagri codes, from idn-area-data, ODbL).

Names always come from here, never from a regency file. Slugs are built from the official names
and must be unique: 26 names exist both as Kabupaten and as Kota (Bandung, Bogor, Malang, ...), so a
regency slug keeps its type: ``kabupaten-bandung`` and ``kota-bandung``.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from .errors import JaringError, Problem
from .paths import Refused, read_input

REGISTER_BYTES = 32 * 1024 * 1024  # a file of the register (villages.csv, the largest, is 2.8 MB)

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Province:
    code: str
    name: str
    slug: str


@dataclass(frozen=True)
class Regency:
    code: str
    province_code: str
    name: str  # "Kabupaten Kutai Timur"
    slug: str  # "kabupaten-kutai-timur"

    @property
    def kind(self) -> str:
        return "Kota" if self.name.startswith("Kota ") else "Kabupaten"


@dataclass(frozen=True)
class Register:
    provinces: dict[str, Province]  # by code, in register order
    regencies: dict[str, Regency]
    district_counts: dict[str, int]  # kecamatan per regency code
    village_counts: dict[str, int]  # desa/kelurahan per regency code
    villages: dict[str, dict[str, str]]  # regency code -> {village name: village code}


def slugify(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")


def load_register(folder: Path) -> Register:
    provinces = {
        row["code"]: Province(row["code"], row["name"], slugify(row["name"])) for row in _rows(folder / "provinces.csv")
    }
    regencies = {
        row["code"]: Regency(row["code"], row["province_code"], row["name"], slugify(row["name"]))
        for row in _rows(folder / "regencies.csv")
    }
    districts = {row["code"]: row["regency_code"] for row in _rows(folder / "districts.csv")}
    district_counts = Counter(districts.values())
    village_counts: Counter[str] = Counter()
    villages: dict[str, dict[str, str]] = {}
    for row in _rows(folder / "villages.csv"):
        regency = districts[row["district_code"]]
        village_counts[regency] += 1
        villages.setdefault(regency, {}).setdefault(row["name"], row["code"])
    register = Register(provinces, regencies, dict(district_counts), dict(village_counts), villages)
    _check_slugs(register, folder)
    return register


def _rows(path: Path) -> list[dict[str, str]]:
    try:  # a regular file of its folder, size checked before reading (see paths.read_input)
        data = read_input(path, path.parent, REGISTER_BYTES, f"{path.parent.name}/")
    except Refused as exc:
        raise JaringError([Problem(f"data/register/{path.name}", None, None, str(exc))]) from None
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))


def _check_slugs(register: Register, folder: Path) -> None:
    """Slugs become folders of the site: each must be well formed, and unique among its kind
    (regency slugs across all of Indonesia, so a slug alone names a regency)."""
    problems = []
    seen: dict[tuple[str, str], str] = {}
    items: list[Province | Regency] = [*register.provinces.values(), *register.regencies.values()]
    for item in items:
        scope = type(item).__name__
        if not SLUG.match(item.slug):
            problems.append(Problem(folder.name, None, None, f"{item.code} {item.name!r}: no usable slug"))
        elif (scope, item.slug) in seen:
            problems.append(
                Problem(
                    folder.name, None, None, f"{item.code} and {seen[scope, item.slug]} share the slug {item.slug!r}"
                )
            )
        seen[scope, item.slug] = item.code
    if problems:
        raise JaringError(problems)
