"""Derived figures: computed once, with their formula, and never a 0 for "not reported"."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import REPO

from generator.build import gather
from generator.derive import DERIVED, NOT_REPORTED, REPORTED, report
from generator.pages import total_protected


@pytest.fixture(scope="module")
def reports():
    import os

    os.environ.setdefault("SOURCE_DATE_EPOCH", "1795219200")
    _, inputs = gather(REPO)
    return {code: report(inputs.register.regencies[code], inputs.register, data)
            for code, data in inputs.regencies.items()}


def test_kutai_timur_share_and_gap(reports):
    kutim = reports["64.08"]
    share, gap = kutim.get("share-of-target"), kutim.get("target-gap")
    assert (share.value, share.kind, share.display, share.formula) == (62.0, DERIVED, "62,0%", "93.000 ÷ 150.000 × 100%")
    assert (gap.value, gap.display, gap.formula) == (57000, "57.000", "150.000 − 93.000")
    assert share.date == dt.date(2025, 10, 20)
    assert set(share.sources) == {"64.08/indeksmedia-2025-10-20", "64.08/prokopimkutim-kartu-bumi-rapak"}


def test_kutai_kartanegara_budget_2022_is_derived_from_the_reported_rise(reports):
    kukar = reports["64.02"]
    b2022, b2023 = kukar.get("budget-2022"), kukar.get("budget-2023")
    assert (b2023.value, b2023.kind, b2023.display) == (18_000_000_000, REPORTED, "Rp18 miliar")
    assert (b2022.value, b2022.kind, b2022.formula) == (15_000_000_000, DERIVED, "Rp18 miliar − Rp3 miliar")
    growth = kukar.get("budget-growth-2022-2023")
    assert (growth.value, growth.display) == (20.0, "+20,0%")
    assert kukar.get("budget-change-2022-2023").display == "+Rp3 miliar"


def test_budget_per_worker_only_from_reported_figures_of_the_same_year(reports):
    per_worker = reports["64.02"].get("budget-per-worker-2023")
    assert per_worker.value == round(18_000_000_000 / 51_000) == 352_941
    assert per_worker.formula == "Rp18.000.000.000 ÷ 51.000 pekerja"
    assert reports["64.02"].get("budget-per-worker-2022") is None  # 2022 budget is derived and has no count


def test_odd_figure_kept_as_printed(reports):
    paid = [f for f in reports["64.02"].all("benefits-paid-") if f.value == 5_794_000]
    assert len(paid) == 1 and paid[0].printed == "Rp 5.794.000" and paid[0].kind == REPORTED


def test_not_reported_has_no_value(reports):
    target = reports["62.10"].get("target")
    assert target.kind == NOT_REPORTED and target.value is None and target.display == "Tidak dilaporkan"
    budget = reports["64.07"].get("budget")
    assert budget.value is None and budget.display == "Tidak dilaporkan"


def test_no_derived_share_without_a_target(reports):
    for code in ("64.02", "62.10", "64.07"):
        assert reports[code].get("share-of-target") is None
        assert reports[code].get("target-gap") is None


def test_reported_shares_are_whole_and_up_to_is_said(reports):
    assert [f.display for f in reports["64.02"].all("coverage-")] == ["77%", "48%"]
    assert [f.display for f in reports["64.07"].all("benefit-")] == ["hingga Rp42 juta", "hingga Rp174 juta"]


def test_national_total_is_a_derived_sum_that_admits_mixed_dates(reports):
    total = total_protected([reports[code] for code in ("64.08", "64.02", "64.07", "62.10")])  # the seed data
    assert total.value == 93_000 + 51_000 + 20_965 + 9_500
    assert total.kind == DERIVED and total.formula == "93.000 + 51.000 + 20.965 + 9.500"
    assert "tanggalnya berbeda" in total.note


def test_a_single_regency_total_is_its_reported_figure(reports):
    total = total_protected([reports["62.10"]])
    assert total.kind == REPORTED and total.value == 9500
