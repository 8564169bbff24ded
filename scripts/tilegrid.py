"""Lay out the 514 kabupaten/kota as a tile grid: one equal cell each, near its place on the map, its
province kept together. Run once; the result is committed as ``data/register/tilegrid.csv``.

Jaring has no boundaries, so each regency gets one point, from two packages under the ODbL:

1. ``countrystatecity-countries`` (PyPI, 2.0.1; data of the countries-states-cities database): points
   named "Kabupaten X" / "Kota X", or a town named X (the kota itself, or the kabupaten's namesake town
   when no kota of that name exists), matched by name within the province;
2. otherwise, the mean of its towns in that package whose names are kecamatan or desa/kelurahan of
   that regency and of no other of its province in the register (``districts.csv``, ``villages.csv``):
   a town named after its kecamatan or kelurahan lies in it (often the regency's seat);
3. otherwise, the mean of its islands in ``idn-area-data`` (npm, 4.0.1, ``data/islands.csv``), which
   carries Kemendagri regency codes.

The points are scaled to a grid of COLUMNS × ROWS cells (longitude and latitude in equal degrees, which
is near enough at the equator) and cells are assigned by ``scipy.optimize.linear_sum_assignment`` on
the squared distance, plus PULL × the squared distance from the cell to the province's centre, which
keeps a province's cells together. The script prints the mean and largest shift of a regency from its
scaled point and how many provinces come out in one piece.

    pip download --no-deps -d /tmp/csc countrystatecity-countries==2.0.1
    npm pack idn-area-data@4.0.1   # into /tmp/idn
    python scripts/tilegrid.py /tmp/csc/countrystatecity_countries-2.0.1-py3-none-any.whl \\
        /tmp/idn/idn-area-data-4.0.1.tgz > data/register/tilegrid.csv

Needs numpy and scipy (not dependencies of Jaring: only this script uses them).
"""

from __future__ import annotations

import csv
import io
import json
import re
import statistics
import sys
import tarfile
import unicodedata
import zipfile
from collections import defaultdict
from pathlib import Path

import numpy as np
from scipy.optimize import linear_sum_assignment

REGISTER = Path(__file__).resolve().parent.parent / "data" / "register"
COLUMNS, ROWS = 48, 22
PULL = 100  # weight of the province's centre against the regency's own point (first pass only)
LON, LAT = (94.5, 141.5), (-11.5, 6.5)  # Indonesia, with a margin
PROVINCE_ALIASES = {"dki jakarta": "daerah khusus ibukota jakarta", "di yogyakarta": "daerah istimewa yogyakarta"}


def words(name: str) -> str:
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


def norm(name: str) -> str:
    return words(name).replace(" ", "")  # "Padang Panjang" and "Padangpanjang" are one name


def register() -> tuple[dict, dict, dict]:
    def rows(name):
        with open(REGISTER / name, encoding="utf-8", newline="") as handle:
            return list(csv.DictReader(handle))

    provinces = {r["code"]: r["name"] for r in rows("provinces.csv")}
    regencies = {r["code"]: (r["province_code"], r["name"]) for r in rows("regencies.csv")}
    districts, regency_of = defaultdict(list), {}
    for r in rows("districts.csv"):
        districts[r["regency_code"]].append(r["name"])
        regency_of[r["code"]] = r["regency_code"]
    villages = defaultdict(list)
    for r in rows("villages.csv"):
        villages[regency_of[r["district_code"]]].append(r["name"])
    return provinces, regencies, {code: (districts[code], villages[code]) for code in regencies}


def towns(wheel: Path, provinces: dict[str, str]) -> dict[str, list[tuple[str, float, float]]]:
    """Points of the package by register province code: (normalised name, lon, lat). A point filed under
    an older or wider province ("Papua", "Jawa") is offered to every province it may belong to."""
    by_name = {PROVINCE_ALIASES.get(words(n), words(n)): code for code, n in provinces.items()}
    found: dict[str, list[tuple[str, float, float]]] = defaultdict(list)
    prefix = "countrystatecity_countries/data/by-country/ID/"
    with zipfile.ZipFile(wheel) as archive:
        states = {s["state_code"]: words(s["name"]) for s in json.loads(archive.read(prefix + "states.json"))}
        for name in archive.namelist():
            if not (name.startswith(prefix + "states/") and name.endswith("/cities.json")):
                continue
            for town in json.loads(archive.read(name)):
                state = PROVINCE_ALIASES.get(states[town["state_code"]], states[town["state_code"]])
                codes = [by_name[state]] if state in by_name else []
                if state == "papua" or not codes:  # Papua before 2022, or a group such as "Jawa"
                    codes = [c for n, c in by_name.items() if n.split()[0] == state.split()[0]]
                for code in codes:
                    name = re.sub(r" (city|regency)$", "", words(town["name"]))  # "Jambi City"
                    found[code].append((norm(name), float(town["longitude"]), float(town["latitude"])))
    return found


def islands(tgz: Path) -> dict[str, list[tuple[float, float]]]:
    def degrees(text: str) -> float:
        d, m, s, hemisphere = re.match(r"""\s*(\d+)°(\d+)'([\d.]+)"\s*([NSEW])""", text).groups()
        value = int(d) + int(m) / 60 + float(s) / 3600
        return -value if hemisphere in "SW" else value

    found: dict[str, list[tuple[float, float]]] = defaultdict(list)
    with tarfile.open(tgz) as archive:
        text = archive.extractfile("package/data/islands.csv").read().decode("utf-8")
    for row in csv.DictReader(io.StringIO(text)):
        parts = re.findall(r"""\d+°\d+'[\d.]+"\s*[NSEW]""", row["coordinate"])
        if row["regency_code"] and len(parts) == 2:
            lat, lon = degrees(parts[0]), degrees(parts[1])
            found[row["regency_code"]].append((lon, lat))
    return found


def points(wheel: Path, tgz: Path) -> tuple[dict[str, tuple[float, float]], dict[str, str], dict[str, str]]:
    """(lon, lat) of every regency it can place, and how each was placed."""
    provinces, regencies, districts = register()
    by_province, by_island = towns(wheel, provinces), islands(tgz)
    kota_names = {
        (p, norm(re.sub(r"^Kota( Administrasi)? ", "", n))) for p, n in regencies.values() if n.startswith("Kota ")
    }
    placed, how = {}, {}
    for code, (province, name) in regencies.items():
        candidates = by_province.get(province, [])
        named = {n: (lon, lat) for n, lon, lat in candidates}
        bare = norm(re.sub(r"^(Kabupaten|Kota)( Administrasi)? ", "", name))
        kota = name.startswith("Kota ")
        exact = named.get(norm(name))
        if exact is None and (kota or (province, bare) not in kota_names):
            exact = named.get(bare)
        if exact is not None:
            placed[code], how[code] = exact, "named"
            continue
        hits = []
        for level in (0, 1):  # kecamatan, then desa/kelurahan
            mine = {norm(d) for d in districts[code][level]}
            others = {
                norm(d) for c, (p, _) in regencies.items() if p == province and c != code for d in districts[c][level]
            }
            hits = [(lon, lat) for n, lon, lat in candidates if n in mine and n not in others]
            if hits:
                break
        if hits:
            placed[code], how[code] = _mean(hits), f"places:{len(hits)}"
        elif by_island.get(code):
            placed[code], how[code] = _mean(by_island[code]), f"islands:{len(by_island[code])}"
    return placed, how, {code: p for code, (p, _) in regencies.items()}


def _mean(values: list[tuple[float, float]]) -> tuple[float, float]:
    return statistics.fmean(v[0] for v in values), statistics.fmean(v[1] for v in values)


def layout(placed: dict[str, tuple[float, float]], province_of: dict[str, str]):
    """Cells by code, and the shift of each placed regency from its scaled point (in cells). A regency
    without a point wants its province's centre (and adds nothing to the shifts)."""
    codes = list(province_of)
    scaled = {
        c: ((lon - LON[0]) / (LON[1] - LON[0]) * (COLUMNS - 1), (LAT[1] - lat) / (LAT[1] - LAT[0]) * (ROWS - 1))
        for c, (lon, lat) in placed.items()
    }
    centre = {
        p: np.mean([scaled[c] for c in codes if province_of[c] == p and c in scaled], axis=0)
        for p in set(province_of.values())
    }
    xy = np.array([scaled.get(c, centre[province_of[c]]) for c in codes])
    home = np.array([centre[province_of[c]] for c in codes])
    cells = np.array([(x, y) for y in range(ROWS) for x in range(COLUMNS)], dtype=float)
    cost = ((xy[:, None, :] - cells[None]) ** 2).sum(-1) + PULL * ((home[:, None, :] - cells[None]) ** 2).sum(-1)
    rows, cols = linear_sum_assignment(cost)
    taken = dict(zip(rows, cols))
    for p in set(province_of.values()):  # then, within each province's cells, each regency nearest its point
        mine = [i for i, c in enumerate(codes) if province_of[c] == p]
        theirs = [taken[i] for i in mine]
        inner_rows, inner_cols = linear_sum_assignment(((xy[mine][:, None, :] - cells[theirs][None]) ** 2).sum(-1))
        for r, c in zip(inner_rows, inner_cols):
            taken[mine[r]] = theirs[c]
    grid = {codes[r]: (int(cells[c][0]), int(cells[c][1])) for r, c in taken.items()}
    shift = {c: float(np.hypot(grid[c][0] - scaled[c][0], grid[c][1] - scaled[c][1])) for c in scaled}
    return grid, shift


def pieces(grid: dict[str, tuple[int, int]], province_of: dict[str, str]) -> dict[str, int]:
    """How many 4-connected pieces each province's cells make."""
    where = {cell: code for code, cell in grid.items()}
    count: dict[str, int] = defaultdict(int)
    seen = set()
    for code in grid:
        if code in seen:
            continue
        count[province_of[code]] += 1
        stack = [code]
        seen.add(code)
        while stack:
            x, y = grid[stack.pop()]
            for nxt in ((x + 1, y), (x - 1, y), (x, y + 1), (x, y - 1)):
                other = where.get(nxt)
                if other and other not in seen and province_of[other] == province_of[code]:
                    seen.add(other)
                    stack.append(other)
    return dict(count)


def main(wheel: str, tgz: str) -> None:
    placed, how, province_of = points(Path(wheel), Path(tgz))
    missing = [code for code in province_of if code not in placed]
    grid, shift = layout(placed, province_of)
    split = {p: n for p, n in pieces(grid, province_of).items() if n > 1}
    methods = defaultdict(int)
    for value in how.values():
        methods[value.split(":")[0]] += 1
    worst = max(shift, key=shift.get)
    print(
        f"placed by: {dict(methods)}; without a point (near their province's centre): {len(missing)} "
        f"({', '.join(missing)}); grid {COLUMNS}x{ROWS}, pull {PULL}; shift mean "
        f"{statistics.fmean(shift.values()):.2f} cells, median {statistics.median(shift.values()):.2f}, "
        f"max {shift[worst]:.2f} ({worst}); provinces in more than one piece: {split or 'none'}",
        file=sys.stderr,
    )
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(("code", "column", "row"))
    for code in province_of:  # register order
        out.writerow((code, *grid[code]))


if __name__ == "__main__":
    main(*sys.argv[1:3])
