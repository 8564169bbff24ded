"""The official register and the slugs built from it."""

from __future__ import annotations

import pytest

from generator.errors import JaringError
from generator.register import SLUG, load_register, slugify

from conftest import REPO


@pytest.fixture(scope="module")
def register():
    return load_register(REPO / "data" / "register")


def test_register_has_38_provinces_and_514_regencies(register):
    assert len(register.provinces) == 38
    assert len(register.regencies) == 514


def test_all_514_regency_slugs_are_unique_and_well_formed(register):
    slugs = [r.slug for r in register.regencies.values()]
    assert len(set(slugs)) == 514
    assert all(SLUG.match(s) for s in slugs)
    assert len({p.slug for p in register.provinces.values()}) == 38


def test_namesakes_keep_their_type(register):
    by_name = {r.name: r.slug for r in register.regencies.values()}
    assert by_name["Kabupaten Bandung"] == "kabupaten-bandung"
    assert by_name["Kota Bandung"] == "kota-bandung"
    assert by_name["Kabupaten Kutai Timur"] == "kabupaten-kutai-timur"
    assert register.provinces["64"].slug == "kalimantan-timur"


def test_slugify_handles_punctuation_and_accents():
    assert slugify("Kabupaten Toli-Toli") == "kabupaten-toli-toli"
    assert slugify("Kota Bau-Bau ") == "kota-bau-bau"
    assert slugify("Daerah Istimewa Yogyakarta") == "daerah-istimewa-yogyakarta"
    assert slugify("Pulau Pé") == "pulau-pe"


def test_register_counts_districts_and_villages(register):
    assert register.district_counts["64.08"] == 18
    assert register.villages["64.08"]["Bumi Rapak"] == "64.08.15.2002"


def test_clashing_slugs_are_refused(tmp_path):
    (tmp_path / "provinces.csv").write_text("code,name\n32,Jawa Barat\n")
    (tmp_path / "regencies.csv").write_text("code,province_code,name\n32.01,32,Kota Bandung\n32.02,32,Kota  Bandung\n")
    (tmp_path / "districts.csv").write_text("code,regency_code,name\n")
    (tmp_path / "villages.csv").write_text("code,district_code,name\n")
    with pytest.raises(JaringError, match="32.02 and 32.01 share the slug 'kota-bandung'"):
        load_register(tmp_path)
