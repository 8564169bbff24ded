"""Pace to target: only from a target and two realised counts of the headline series, its method said."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from generator.derive import DERIVED, report
from generator.fmt import formatter
from generator.pace import pace
from generator.register import load_register
from generator.schema import RegencyData

ID = formatter("id")
REGISTER = load_register(Path(__file__).resolve().parent.parent / "data" / "register")


def _report(counts, target=150000, **extra):
    data = RegencyData.model_validate(
        {
            "code": "64.08",
            "sources": [
                {
                    "id": "a",
                    "publisher": "P",
                    "title": "T",
                    "kind": "berita",
                    "published": dt.date(2025, 3, 28),
                    "url": "https://x.example/a",
                    "accessed": dt.date(2026, 11, 21),
                }
            ],
            "protected": [
                {"value": v, "date": d, "source": "a", **more}
                for d, v, *rest in counts
                for more in [rest[0] if rest else {}]
            ],
            "targets": [{"value": target, "date": dt.date(2025, 1, 10), "source": "a"}] if target else [],
            **extra,
        }
    )
    return report(REGISTER.regencies["64.08"], REGISTER, data)


def test_a_rising_series_gets_a_month():
    r = _report([(dt.date(2025, 1, 20), 60000), (dt.date(2025, 7, 20), 90000), (dt.date(2025, 10, 20), 105000)])
    latest, whole = pace(r)
    assert (latest.id, latest.kind, latest.unit, latest.value) == (
        "pace-latest/2025-10-20/2025-07-20",
        DERIVED,
        "orang",
        4963,
    )
    assert ID.formula(latest.formula) == "105.000 − 90.000" and ID.display(latest) == "+4.963"
    # 45.000 to go at 15.000 in 3,0 months: about 9 months after 20 October 2025
    assert ID.remark(latest) == (
        "Laju linear: 15.000 orang dalam 3 bulan (20 Juli 2025 sampai 20 Oktober 2025). "
        "Dengan laju ini target 150.000 tercapai sekitar Juli 2026."
    )
    assert dict(latest.params)["reached"] == "2026-07" and dict(latest.params)["outcome"] == "reached"
    assert (
        whole.id == "pace-whole/2025-10-20/2025-01-20"
        and ID.label(whole) == "Laju sejak angka pertama, 20 Januari 2025 (per bulan)"
    )
    assert dict(whole.params)["reached"] == "2026-07"  # 45.000 in 9 months, and 45.000 to go


def test_a_fallen_count_gets_no_projection():
    [figure] = pace(_report([(dt.date(2025, 3, 1), 90000), (dt.date(2025, 9, 1), 80000)]))
    assert dict(figure.params)["outcome"] == "fell" and dict(figure.params)["reached"] == ""
    assert (
        ID.remark(figure) == "Jumlah terlindungi turun dari 1 Maret 2025 sampai 1 September 2025: tidak ada proyeksi."
    )
    assert figure.value < 0


def test_a_passed_target_says_so():
    [figure] = pace(_report([(dt.date(2025, 3, 1), 140000), (dt.date(2025, 9, 1), 152000)]))
    assert dict(figure.params)["outcome"] == "passed"
    assert ID.remark(figure).endswith("Target 150.000 sudah terlampaui.")


def test_a_single_count_or_no_target_or_one_month_gets_nothing():
    assert pace(_report([(dt.date(2025, 3, 1), 90000)])) == []
    assert pace(_report([(dt.date(2025, 3, 1), 90000), (dt.date(2025, 9, 1), 100000)], target=None)) == []
    assert pace(_report([(dt.date(2025, 9, 1), 90000), (dt.date(2025, 9, 20), 100000)])) == []


@pytest.mark.parametrize(
    "other", [{"status": "direncanakan"}, {"group": "lebih-luas", "who": "non-ASN"}, {"payer": ["apbd-provinsi"]}]
)
def test_planned_counts_and_wider_groups_are_not_a_pace(other):
    assert pace(_report([(dt.date(2025, 3, 1), 90000, other), (dt.date(2025, 9, 1), 100000)])) == []
