"""Derived figures: computed once, with their formula as a structure; stable ids; never a 0 for "not reported".

The figures are those of the seed fixture site (tests/fixtures/seed-site), which does not change when
the shipped data grows; the text is the Indonesian formatter's."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest

from generator.build import gather
from generator.derive import DERIVED, NOT_REPORTED, REPORTED, Formula, Operand, entry_ids, report
from generator.fmt import formatter

from conftest import SEED

ID = formatter("id")


@pytest.fixture(scope="module")
def reports():
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", "1795219200")
        _, inputs = gather(SEED)
    return {
        code: report(inputs.register.regencies[code], inputs.register, data) for code, data in inputs.regencies.items()
    }


def test_kutai_timur_share_and_gap(reports):
    kutim = reports["64.08"]
    share, gap = kutim.first("share-of-target"), kutim.first("target-gap")
    assert (share.value, share.kind, ID.display(share), ID.formula(share.formula)) == (
        62.0,
        DERIVED,
        "62,0%",
        "93.000 ÷ 150.000 × 100%",
    )
    assert share.formula == Formula(
        "share",
        (
            Operand("protected/2025-10-20/indeksmedia-2025-10-20", 93000, "orang"),
            Operand("target/2025-10-20/indeksmedia-2025-10-20", 150000, "orang"),
        ),
    )
    assert (gap.value, ID.display(gap), ID.formula(gap.formula)) == (57000, "57.000", "150.000 − 93.000")
    assert share.date == dt.date(2025, 10, 20) and share.id == "share-of-target/2025-10-20"


def test_kutai_kartanegara_budget_2022_is_derived_from_the_reported_rise(reports):
    kukar = reports["64.02"]
    b2022, b2023 = kukar.budget_years()
    assert (b2023.value, b2023.kind, ID.display(b2023), b2023.id) == (
        18_000_000_000,
        REPORTED,
        "Rp18 miliar",
        "budget/2023/tribunkaltim-2023-02-16",
    )
    assert (b2022.value, b2022.kind, ID.formula(b2022.formula), b2022.id) == (
        15_000_000_000,
        DERIVED,
        "Rp18 miliar − Rp3 miliar",
        "budget/2022/derived",
    )
    growth = kukar.first("budget-growth")
    assert (growth.value, ID.display(growth), ID.label(growth)) == (
        20.0,
        "+20,0%",
        "Perubahan anggaran 2022–2023 (persen)",
    )
    assert ID.display(kukar.first("budget-change")) == "+Rp3 miliar"


def test_a_budget_is_checked_against_its_count_at_the_premium(reports):
    """Rp18 miliar for 51.000 workers: at Rp16.800 a month for 12 months that is ~Rp10,3 miliar, 1,75×."""
    [check] = reports["64.02"].of("budget-check")
    assert check.year == 2023 and check.kind == DERIVED and check.value == 51_000 * 16_800 * 12
    assert ID.formula(check.formula) == "51.000 × Rp16.800 × 12 bulan" and check.flagged
    assert ID.remark(check).startswith("Anggaran yang tercetak 1,75× hitungan ini: selisih besar; periksa sumber.")
    assert "sumber daerah ini tidak mencetak iurannya" in ID.remark(check)  # the premium is the common one


def test_odd_figure_kept_as_printed(reports):
    paid = [f for f in reports["64.02"].of("benefits-paid") if f.value == 5_794_000]
    assert len(paid) == 1 and paid[0].printed == "Rp 5.794.000" and paid[0].kind == REPORTED
    assert paid[0].id == "benefits-paid/non-asn-dan-pekerja-rentan-2022"  # its YAML id


def test_not_reported_has_no_value(reports):
    target = reports["62.10"].target
    assert target.kind == NOT_REPORTED and target.value is None and ID.display(target) == "Tidak dilaporkan"
    budget = reports["64.07"].first("budget")
    assert budget.value is None and ID.display(budget) == "Tidak dilaporkan"


def test_no_derived_share_without_a_target(reports):
    for code in ("62.10", "64.02", "64.07"):
        assert reports[code].first("share-of-target") is None
        assert reports[code].first("target-gap") is None


def test_reported_shares_are_whole_and_up_to_is_said(reports):
    assert [ID.display(f) for f in reports["64.02"].of("coverage")] == ["77%", "48%"]
    assert [ID.display(f) for f in reports["64.07"].of("benefit")] == ["hingga Rp42 juta", "hingga Rp174 juta"]


def test_ids_come_from_what_a_figure_is_not_where_it_sits(tmp_path):
    """Adding a count dated earlier than the others renames no other figure (angka.csv keys on ids)."""
    site = tmp_path / "site"
    shutil.copytree(SEED, site)
    path = site / "data/regencies/64.08-kutai-timur.yaml"

    def ids() -> list[str]:
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("SOURCE_DATE_EPOCH", "1795219200")
            _, inputs = gather(site)
        r = report(inputs.register.regencies["64.08"], inputs.register, inputs.regencies["64.08"])
        return [f.id for f in r.figures]

    before = ids()
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace(
            "protected:\n",
            "protected:\n  - value: 14000\n    date: 2024-05-22\n    source: indeksmedia-2025-10-20\n",
            1,
        ),
        encoding="utf-8",
    )
    after = ids()
    added = set(after) - set(before)
    assert set(before) <= set(after)  # every figure keeps its id
    # the new count, and the change between the two latest counts, which is a new figure
    assert added == {"protected/2024-05-22/indeksmedia-2025-10-20", "protected-change/2025-10-20/2024-05-22"}


def test_entry_ids_tell_a_plan_from_a_count_and_one_payer_from_another():
    from generator.schema import RegencyData

    data = RegencyData.model_validate(
        {
            "code": "64.09",
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
                {"value": 15000, "date": dt.date(2025, 3, 28), "payer": ["apbd-kabupaten"], "source": "a"},
                {"value": 5614, "date": dt.date(2025, 3, 28), "payer": ["apbd-provinsi"], "source": "a"},
                {"value": 5000, "year": 2025, "status": "direncanakan", "source": "a"},
            ],
        }
    )
    assert [i for _, _, i in entry_ids(data)] == [
        "protected/2025-03-28/apbd-kabupaten/a",
        "protected/2025-03-28/apbd-provinsi/a",
        "protected/2025/direncanakan/a",
    ]
