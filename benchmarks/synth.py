"""Write a synthetic Jaring site root: every kabupaten/kota of the register with seeded-random data.

    python benchmarks/synth.py OUT_DIR [--seed N] [--regencies N]

Why: the shipped site has four regencies; the real site will have up to 514. Benchmarks need a
site of that size whose files pass ``jaring check`` (so the build does all its work) and give every
regency page its charts: progress against target, counts over time, budget per year, coverage by
sector and the comparison. The numbers are made up but shaped like the real ones (counts rising
over 2023-2025 towards a target, budgets that pay roughly the yearly contribution), and they use
what the schema of generator/schema.py offers as the shipped files do: payers on every count, a
province-paid count of a wider group (``group: lebih-luas`` with its ``who``), a segment's count, a
printed premium and workforce (the denominator of a coverage share), figures with ``id`` and a
``disagreements`` entry naming two counts of one month from different sources.

Nothing here is real, and each file says so: a comment at its top, "SINTETIS" in every source
title, the publisher "Data sintetis (benchmark)", example.org URLs and a data note shown on the
page. The same seed always gives the same files; ``--regencies N`` writes the first N of the
same sequence.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout without installing

from generator.build import layout
from generator.register import Regency, Register, load_register

REPO = Path(__file__).resolve().parents[1]
PUBLISHER = "Data sintetis (benchmark)"
MARK = "# SINTETIS / SYNTHETIC"  # first line of every file written here
# Every date stays on or before this day, so the files pass any build date from February 2026 on
# (SOURCE_DATE_EPOCH=1795219200 is 2026-11-21). The latest count falls within a year of that date,
# so no "over 12 months old" warning.
LAST_DAY = dt.date(2026, 1, 31)
LATEST_COUNT = (dt.date(2025, 11, 25), dt.date(2025, 12, 31))
FIRST_COUNT = dt.date(2023, 1, 10)
CONTRIBUTION = 16_800  # rupiah per worker per month for JKK+JKM, the usual PBI premium

KINDS = ["berita", "siaran pers", "advertorial", "dokumen resmi"]
SEGMENTS = [
    "petani",
    "nelayan",
    "pedagang kecil",
    "pengemudi ojek",
    "buruh harian lepas",
    "marbot",
    "guru mengaji",
    "pekerja konstruksi",
    "pelaku UMKM",
    "tukang kebun",
    "perajin",
    "buruh tani",
]
SECTORS = ["pertanian", "perikanan", "perdagangan", "transportasi", "konstruksi", "keagamaan"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--regencies", type=int, default=None, help="write only the first N regencies")
    args = parser.parse_args(argv)
    count = write_site(args.out_dir, args.seed, args.regencies)
    print(f"wrote {count} synthetic regency files into {args.out_dir / 'data' / 'regencies'}")
    return 0


def write_site(out: Path, seed: int = 1, limit: int | None = None) -> int:
    """Write data/site.yaml and one file per regency; return how many regency files."""
    register = load_register(layout(out).register)  # the root's own register, else Jaring's
    folder = out / "data" / "regencies"
    real = [f.name for f in folder.glob("*.y*ml") if not f.read_text(encoding="utf-8").startswith(MARK)]
    if real:  # never overwrite a real site's data, e.g. when pointed at the repository by mistake
        sys.exit(f"{folder} holds files not written by synth.py ({', '.join(real[:3])}...); refusing to write there")
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.yaml"):  # a rerun with fewer regencies must not leave stale files
        old.unlink()
    site = (REPO / "data" / "site.yaml").read_text(encoding="utf-8")
    site = re.sub(r"(?m)^title: .*$", "title: Jaring (data sintetis untuk benchmark)", site)
    # a host that is not an example host (which the check warns about) and is never a real one (RFC 2606)
    site = re.sub(r"(?m)^base_url: .*$", "base_url: https://jaring-benchmark.test/", site)
    (out / "data" / "site.yaml").write_text(site, encoding="utf-8")
    rng = random.Random(seed)
    regencies = list(register.regencies.values())[:limit]
    for regency in regencies:
        (folder / file_name(regency)).write_text(regency_yaml(regency, register, rng, seed), encoding="utf-8")
    return len(regencies)


def file_name(regency: Regency) -> str:
    """As the repository names them (and as pages.py tells data officers): 64.08-kutai-timur.yaml."""
    return f"{regency.code}-{regency.slug.split('-', 1)[1]}.yaml"


def regency_yaml(regency: Regency, register: Register, rng: random.Random, seed: int) -> str:
    """One regency file, as YAML text with a comment at the top saying it is synthetic."""
    province = register.provinces[regency.province_code].name
    header = (
        f"{MARK}: made-up figures written by benchmarks/synth.py (seed {seed}) for\n"
        f"# performance tests. Not real data; do not publish. {regency.name} ({province}).\n"
    )
    return header + _yaml(regency_data(regency, register, rng))


def regency_data(regency: Regency, register: Register, rng: random.Random) -> dict:
    """The content of one file, valid against generator/schema.py and free of Jaring's warnings."""
    sources = _sources(regency, rng)
    ids = [s["id"] for s in sources]

    def cite(item: dict) -> dict:
        item["source"] = rng.choice(ids)
        if len(ids) > 1 and rng.random() < 0.2:
            item["also_in"] = [rng.choice([i for i in ids if i != item["source"]])]
        return item

    target = rng.randrange(5_000, 150_000, 500) if regency.kind == "Kabupaten" else rng.randrange(3_000, 60_000, 500)
    dates = _count_dates(rng, rng.randint(6, 12))
    latest = int(target * rng.uniform(0.3, 0.95))
    first = int(latest * rng.uniform(0.1, 0.45))
    steps = sorted(rng.sample(range(first + 1, latest), len(dates) - 2))
    values = [first, *steps, latest]
    protected = [
        cite({"value": value, "date": day, "programmes": ["JKK", "JKM"], "payer": ["apbd-kabupaten"]})
        for value, day in zip(values, dates)
    ]
    protected[-1]["scheme"] = "Program Bantuan Iuran (PBI), iuran ditanggung APBD"
    # Another source's count of the same month, a little different: the two are a disagreement (ids named)
    protected[-2]["id"] = "hitungan-sumber-pertama"
    rival = cite(
        {
            "id": "hitungan-sumber-kedua",
            "value": values[-2] + rng.randrange(50, 900, 10),
            "date": min(dates[-2] + dt.timedelta(days=1), dates[-1] - dt.timedelta(days=1)),
            "payer": ["apbd-kabupaten"],
        }
    )
    protected.insert(len(protected) - 1, rival)
    # Counts that are not the headline's: the province's programme for a wider group, and one segment
    province_count = cite(
        {
            "value": rng.randrange(2_000, 40_000, 100),
            "date": _day(rng, dt.date(2024, 6, 1), dt.date(2025, 10, 31)),
            "payer": ["apbd-provinsi"],
            "group": "lebih-luas",
            "who": f"Pekerja rentan dan bukan penerima upah di wilayah {regency.name} (program provinsi, sintetis)",
        }
    )
    segment_count = cite(
        {
            "value": rng.randrange(100, max(200, first), 10),
            "date": _day(rng, dt.date(2024, 1, 1), dt.date(2025, 10, 31)),
            "payer": ["apbd-kabupaten"],
            "segment": rng.choice(SEGMENTS),
        }
    )

    start = rng.randint(2021, 2023)
    per_year = {
        year: max((v for v, day in zip(values, dates) if day.year <= year), default=first) for year in range(2022, 2026)
    }
    budget = {year: round(per_year[year] * CONTRIBUTION * 12 * rng.uniform(0.9, 1.2), -6) for year in per_year}
    reported = sorted(budget) if rng.random() < 0.7 else sorted(budget)[1:]  # else 2022 is derived from a change

    villages = list(register.villages.get(regency.code, {}))
    events = [
        cite(
            {
                "kind": "penyerahan kartu",
                "title": f"Penyerahan kartu BPJS Ketenagakerjaan (sintetis) di {regency.name}",
                "date": _day(rng, dt.date(2024, 1, 1), dt.date(2025, 10, 31)),
                "count": rng.randrange(200, 3_000, 50),
                **({"villages": rng.sample(villages, min(len(villages), rng.randint(1, 3)))} if villages else {}),
            }
        ),
        cite(
            {
                "kind": "monitoring",
                "title": "Monitoring dan evaluasi perlindungan pekerja rentan (sintetis)",
                "date": dates[-1],
            }
        ),
    ]

    data = {
        "code": regency.code,
        "sources": sources,
        "start": cite({"year": start, "printed": f"sejak {start}"}),
        "programmes": cite(
            {"covered": ["JKK", "JKM"], "funding": "Program Bantuan Iuran (PBI), iuran ditanggung APBD"}
        ),
        "legal_basis": [
            cite(
                {
                    "title": f"Peraturan {'Bupati' if regency.kind == 'Kabupaten' else 'Wali Kota'} "
                    f"{regency.name.split(' ', 1)[1]} Nomor {rng.randint(1, 60)} Tahun {start} (sintetis)"
                }
            )
        ],
        "targets": [
            cite(
                {
                    "value": target,
                    "date": _day(rng, dt.date(2025, 1, 5), dt.date(2025, 3, 31)),
                    "payer": ["apbd-kabupaten"],
                }
            )
        ],
        "protected": sorted([*protected, province_count, segment_count], key=lambda item: item["date"]),
        "budget": [cite({"year": year, "value": int(budget[year]), "payer": ["apbd-kabupaten"]}) for year in reported],
        "budget_changes": []
        if 2022 in reported
        else [cite({"from_year": 2022, "to_year": 2023, "value": int(budget[2023] - budget[2022])})],
        "benefits": [
            cite(
                {
                    "kind": "santunan kematian",
                    "description": "Santunan kematian bagi ahli waris peserta",
                    "value": 42_000_000,
                    "up_to": True,
                }
            ),
            cite({"kind": "perawatan", "description": "Perawatan tanpa batas biaya akibat kecelakaan kerja"}),
        ],
        "benefits_paid": [
            cite(
                {
                    "year": year,
                    "value": rng.randrange(5, 400) * 42_000_000,
                    "programmes": ["JKK", "JKM"],
                    "recipients": "Ahli waris dan peserta pekerja rentan",
                }
            )
            for year in (2024, 2025)
        ],
        "premiums": [
            cite(
                {"value": CONTRIBUTION, "per": "bulan", "programmes": ["JKK", "JKM"], "year": rng.choice([2024, 2025])}
            )
        ],
        "workforce": [
            cite(
                {
                    "value": int(target * rng.uniform(1.5, 4.0)) // 100 * 100,
                    "who": "pekerja informal",
                    "year": 2024,
                }
            )
        ],
        "segments": [cite({"name": name}) for name in rng.sample(SEGMENTS, rng.randint(2, 4))],
        "coverage": [
            cite({"sector": sector, "percent": rng.randint(8, 90)}) for sector in rng.sample(SECTORS, rng.randint(2, 4))
        ],
        "events": events,
        "disagreements": [
            {
                "about": "Jumlah peserta pada bulan yang sama dari dua sumber (sintetis)",
                "figures": ["hitungan-sumber-pertama", "hitungan-sumber-kedua"],
                "text": "Dua sumber menyebut angka yang sedikit berbeda untuk bulan yang sama; keduanya ditampilkan.",
            }
        ],
        "data_notes": [
            {
                "about": "Data sintetis",
                "text": "Semua angka dalam berkas ini dibuat acak untuk uji kinerja Jaring (benchmark); "
                "bukan data sebenarnya.",
            }
        ],
    }
    return {key: value for key, value in data.items() if value != []}


def _sources(regency: Regency, rng: random.Random) -> list[dict]:
    sources = []
    for day in sorted(_day(rng, dt.date(2023, 1, 1), LAST_DAY) for _ in range(rng.randint(2, 4))):
        source_id = f"sintetis-{day.isoformat()}-{len(sources) + 1}"
        sources.append(
            {
                "id": source_id,
                "publisher": PUBLISHER,
                "title": f"[SINTETIS] Pekerja rentan {regency.name} terlindungi BPJS Ketenagakerjaan",
                "kind": rng.choice(KINDS),
                "published": day,
                "url": f"https://example.org/sintetis/{regency.code}/{source_id}",
                "accessed": LAST_DAY,
            }
        )
    return sources


def _count_dates(rng: random.Random, n: int) -> list[dt.date]:
    """n distinct days from early 2023 on, the last one late in 2025."""
    last = _day(rng, *LATEST_COUNT)
    earlier = rng.sample(range((LATEST_COUNT[0] - FIRST_COUNT).days), n - 1)
    return [FIRST_COUNT + dt.timedelta(days=d) for d in sorted(earlier)] + [last]


def _day(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    return first + dt.timedelta(days=rng.randint(0, (last - first).days))


def _yaml(value, indent: str = "") -> str:
    """Block-style YAML for the few types used here, readable like the hand-written files."""
    lines = []
    for key, item in value.items():
        if isinstance(item, list) and item and isinstance(item[0], dict):
            lines.append(f"{indent}{key}:")
            for entry in item:
                body = _yaml(entry, indent + "    ").rstrip("\n")
                lines.append(f"{indent}  - " + body[len(indent) + 4 :])
        elif isinstance(item, dict):
            lines.append(f"{indent}{key}:\n" + _yaml(item, indent + "  ").rstrip("\n"))
        else:
            lines.append(f"{indent}{key}: {_scalar(item)}")
        if not indent:
            lines.append("")
    return "\n".join(lines) + "\n"


def _scalar(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, dt.date)):
        return str(value)
    if isinstance(value, list):
        return "[" + ", ".join(_scalar(v) for v in value) + "]"
    if _PLAIN.fullmatch(value) and value.lower() not in ("true", "false", "null", "yes", "no", "on", "off"):
        return value
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a valid double-quoted YAML scalar


# Text that YAML reads back as the same text when written unquoted; anything else is quoted.
_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9 ()/.-]*[A-Za-z0-9)]")


if __name__ == "__main__":
    sys.exit(main())
