"""The dependency graph: which outputs read which inputs, written out rather than guessed.

A *unit* is a group of outputs made together. Besides what every page shares (settings, register,
templates, Jaring itself: ``Stamp.common``), each unit reads exactly these files:

    regency/<code>    its data file and narratives     -> its pages, embed pages, chart files, cards, press kits
                      (the narrative of each edition: content/narratives/<code>.md, …/en/<code>.md)
                      (without a data file: the data files of its province's regencies, which its page lists)
    province/<code>   the data files of its regencies  -> the province page
    national          every data file                  -> home, compare, downloads and data/, feed, sitemap,
                                                           search page, 404, text pages, static files

A unit makes its outputs in every edition of the site (the default at the root, the others under
``en/``…): one change remakes them all. The search index of an edition reads its pages, so it is
rebuilt whenever any unit is.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .cache import Manifest, Stamp, key

UnitKind = Literal["regency", "province", "national"]


@dataclass(frozen=True, order=True)
class Unit:
    kind: UnitKind
    code: str = ""  # the regency's or province's Kemendagri code; "" for the national unit

    def __str__(self) -> str:  # the unit's name in the cache manifest: "regency/64.08", "national"
        return f"{self.kind}/{self.code}" if self.code else self.kind


NATIONAL = Unit("national")


def regency(code: str) -> Unit:
    return Unit("regency", code)


def province(code: str) -> Unit:
    return Unit("province", code)


def units(
    regencies: dict[str, str],
    provinces: list[str],
    files: dict[str, str],
    narratives: dict[str, tuple[str, ...]],
) -> dict[Unit, tuple[str, ...]]:
    """unit -> the input files it reads (names as in ``Stamp.files``), besides the common inputs.

    ``regencies``: regency code -> its province's code, as the register orders them; ``files``: regency
    code -> its data file; ``narratives``: regency code -> its narrative files (one per edition that has one)."""
    graph: dict[Unit, tuple[str, ...]] = {}
    by_province: dict[str, list[str]] = {}
    for code, province_code in regencies.items():
        graph[regency(code)] = tuple(f for f in (files.get(code), *narratives.get(code, ())) if f)
        if code in files:
            by_province.setdefault(province_code, []).append(files[code])
    for code, province_code in regencies.items():
        if code not in files:  # its page shows what is known nearby
            graph[regency(code)] += tuple(sorted(by_province.get(province_code, [])))
    for code in provinces:
        graph[province(code)] = tuple(sorted(by_province.get(code, [])))
    graph[NATIONAL] = tuple(sorted(files.values()))
    return graph


def keys(graph: dict[Unit, tuple[str, ...]], stamp: Stamp) -> dict[Unit, str]:
    """Each unit's key: the hash of the common inputs and of exactly the files it reads."""
    return {
        unit: key(stamp.common, *(f"{name}={stamp.files[name]}" for name in reads)) for unit, reads in graph.items()
    }


def dirty(unit_keys: dict[Unit, str], previous: Manifest | None) -> set[Unit]:
    """Units to build: new ones and changed ones. (That the output folder is still the one the last
    build made is the caller's to check: its marker file names the inputs it was built from.)"""
    if previous is None:
        return set(unit_keys)
    return {
        unit
        for unit, unit_key in unit_keys.items()
        if (old := previous.units.get(str(unit))) is None or old["key"] != unit_key
    }
