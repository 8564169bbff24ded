"""Change since the last build: figures added, changed and removed, by regency and stable id."""

from __future__ import annotations

from generator.changes import Change, Changes, compare, lines, summary

ID = "protected/2025-10-20/indeksmedia-2025-10-20"


def test_added_changed_removed_and_unchanged():
    before = {
        "64.08": {ID: 93000, "target/2025-10-20/a": 150000, "budget": None, "gone/2024": 5},
        "64.02": {"protected/2023/a": 51000},
    }
    after = {
        "64.08": {ID: 93100, "target/2025-10-20/a": 150000, "budget": None, "new/2025": 7},
        "12.71": {"protected/2025/b": 14000},
    }
    changes = compare(before, after)
    assert changes.changed == (Change("64.08", ID, 93000, 93100),)
    assert changes.added == (Change("12.71", "protected/2025/b", new=14000), Change("64.08", "new/2025", new=7))
    assert changes.removed == (Change("64.02", "protected/2023/a", old=51000), Change("64.08", "gone/2024", old=5))
    assert lines(changes) == [
        "64.08 protected/2025-10-20/indeksmedia-2025-10-20: 93000 -> 93100",
        "12.71 protected/2025/b: added (14000)",
        "64.08 new/2025: added (7)",
        "64.02 protected/2023/a: removed (was 51000)",
        "64.08 gone/2024: removed (was 5)",
    ]
    assert summary(changes) == "figures since the last build: 1 changed, 2 added, 2 removed"


def test_nothing_changed_and_a_value_now_reported():
    same = {"64.08": {ID: 93000, "budget": None}}
    assert compare(same, same) == Changes() and not compare(same, same)
    assert summary(compare(same, same)) == "figures since the last build: no change"
    fixed = compare({"64.08": {"x": None}}, {"64.08": {"x": 5}})
    assert lines(fixed) == ["64.08 x: not reported -> 5"]


def test_a_long_list_is_cut():
    changes = compare({}, {"64.08": {f"f{i:03d}": i for i in range(60)}})
    out = lines(changes, limit=50)
    assert len(out) == 51 and out[-1] == "… and 10 more"


def test_a_build_says_which_figures_changed_since_the_last(site_copy, tmp_path):
    """What a data officer is about to publish: the figure ids with old -> new, from the cache's manifest."""
    from generator.build import build

    output = tmp_path / "out"
    assert build(site_copy, output).changes == ()  # a first build has nothing to compare with
    regency = site_copy / "data/regencies/64.08-kutai-timur.yaml"
    regency.write_text(regency.read_text(encoding="utf-8").replace("value: 93000", "value: 93100"), encoding="utf-8")
    said = build(site_copy, output).changes
    assert said[0] == "figures since the last build: 3 changed, 0 added, 0 removed"
    assert "64.08 protected/2025-10-20/indeksmedia-2025-10-20: 93000 -> 93100" in said
