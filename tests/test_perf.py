"""The pieces of the national-scale work (issue 17): files streamed out as they are made, the stage
timers, the benchmark's synthetic data and its measurements. Timings themselves are not asserted."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator import build
from generator.errors import OutputError
from generator.write import MARKER, Spill, Spilled, read, update_site, write_site

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))

import run  # noqa: E402  (benchmarks/run.py)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_spilled_files_are_written_where_bytes_would_be_and_the_spill_goes(tmp_path):
    out = tmp_path / "output"
    with Spill(out) as spill:
        picture = spill.keep(b"\x89PNG one")
        assert isinstance(picture, Spilled) and picture.size == 8 and read(picture) == b"\x89PNG one"
        # one picture may stand at two paths (the same chart on two pages)
        write_site({"index.html": b"page", "a/p.png": picture, "b/p.png": picture}, out, tmp_path, [])
        assert spill.folder.is_dir()
    assert not spill.folder.exists()
    assert {k: v for k, v in snapshot(out).items() if k != MARKER} == {
        "index.html": b"page",
        "a/p.png": b"\x89PNG one",
        "b/p.png": b"\x89PNG one",
    }
    assert sorted(p.name for p in tmp_path.iterdir()) == ["output"]


def test_an_update_in_place_compares_and_moves_spilled_files(tmp_path):
    out = tmp_path / "output"
    write_site({"same.png": b"same", "changed.png": b"before"}, out, tmp_path, [], marker="one")
    with Spill(out) as spill:
        written = update_site(
            {"same.png": spill.keep(b"same"), "changed.png": spill.keep(b"after!")}, out, tmp_path, [], [], marker="two"
        )
    assert written == 1  # the unchanged spilled file was compared by its bytes, not moved again
    assert snapshot(out)["changed.png"] == b"after!" and snapshot(out)["same.png"] == b"same"


def test_a_spill_is_made_only_when_a_file_comes_and_clears_a_killed_builds(tmp_path):
    out = tmp_path / "output"
    stale = tmp_path / ".output-spill-99999999"
    stale.mkdir()
    (stale / "0000000").write_bytes(b"left by a killed build")
    spill = Spill(out)
    assert stale.exists() and not spill.folder.exists()  # nothing written: nothing touched
    spill.keep(b"x")
    assert not stale.exists() and spill.folder.is_dir()
    spill.close()
    assert not spill.folder.exists()


def test_writing_a_site_clears_a_killed_builds_spill_even_with_nothing_spilled(tmp_path):
    stale = tmp_path / ".output-spill-99999999"
    stale.mkdir()
    write_site({"index.html": b"x"}, tmp_path / "output", tmp_path, [])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["output"]


def test_a_spill_that_cannot_be_written_says_so_as_an_output_error(tmp_path):
    (tmp_path / "file").write_bytes(b"")
    with pytest.raises(OutputError, match="cannot write"):
        Spill(tmp_path / "file" / "output").keep(b"x")


def test_the_stopwatch_counts_a_stage_inside_another_once():
    clock = build.Stopwatch()
    with clock.stage("outer"):
        time.sleep(0.02)
        with clock.stage("inner"):
            time.sleep(0.05)
    with clock.stage("inner"):
        time.sleep(0.01)
    assert list(clock.seconds) == ["inner", "outer"]  # in the order they ended
    assert clock.seconds["inner"] >= 0.06
    assert 0.02 <= clock.seconds["outer"] < 0.05  # without the inner stage's 0.05 s


def test_the_profile_names_every_stage_of_a_build(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795219200")
    subprocess.run(
        [sys.executable, str(REPO / "benchmarks/synth.py"), str(tmp_path / "site"), "--regencies", "3"],
        check=True,
        capture_output=True,
    )
    summary = build.build(tmp_path / "site", tmp_path / "out", jobs=1)
    for stage in ("gather", "derive", "plan", "chart specs", "render", "draw", "write", "save"):
        assert stage in summary.timings, (stage, summary.timings)
    assert all(seconds >= 0 for seconds in summary.timings.values())
    assert (
        summary.timings["  chart PNG, summed over workers"] > 0
    )  # drawn in-process with one job, counted all the same


def test_synthetic_data_passes_the_check_and_uses_the_schema_of_today(tmp_path):
    root = tmp_path / "site"
    subprocess.run(
        [sys.executable, str(REPO / "benchmarks/synth.py"), str(root), "--regencies", "12"],
        check=True,
        capture_output=True,
    )
    checked = subprocess.run(
        [sys.executable, "-m", "generator", "check", "--root", str(root)],
        capture_output=True,
        text=True,
        env={**os.environ, "SOURCE_DATE_EPOCH": "1795219200"},
    )
    assert checked.returncode == 0, checked.stderr
    assert "warning" not in checked.stderr + checked.stdout
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted((root / "data/regencies").glob("*.yaml")))
    for used in (
        "payer: [apbd-provinsi]",
        "group: lebih-luas",
        "segment:",
        "premiums:",
        "workforce:",
        "disagreements:",
    ):
        assert used in text, used
    again = tmp_path / "again"
    subprocess.run(
        [sys.executable, str(REPO / "benchmarks/synth.py"), str(again), "--regencies", "12"],
        check=True,
        capture_output=True,
    )
    assert snapshot(root / "data") == snapshot(again / "data")  # seeded: the same files every time


def test_the_memory_of_a_process_tree_counts_its_children():
    child = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; b = bytearray(64 * 2**20); b[::4096] = b'x' * len(b[::4096]); "
            "print(1, flush=True); time.sleep(30)",
        ],
        stdout=subprocess.PIPE,
    )
    try:
        assert child.stdout is not None and child.stdout.readline()
        alone = run.process_memory_kb(os.getpid())
        tree = run.tree_memory_kb(os.getpid())
        assert tree >= alone + 60 * 1024  # the child's 64 MiB are in the tree's figure
        parts = run.tree_memory_by_kind(os.getpid())
        assert parts["other"] >= 60 * 1024 and parts["the command"] > 0  # the child, named by its kind
    finally:
        child.kill()
        child.wait()


def test_page_weight_counts_what_a_page_loads_at_once(tmp_path):
    page = tmp_path / "prov" / "kab"
    page.mkdir(parents=True)
    (tmp_path / "static").mkdir()
    (tmp_path / "static" / "style.css").write_text("body { color: black }\n" * 50)
    (page / "kartu.png").write_bytes(b"card")
    (page / "a.svg").write_text("<svg/>")
    (page / "lazy.svg").write_text("<svg>" + "x" * 5000 + "</svg>")
    (page / "index.html").write_text(
        '<link rel="stylesheet" href="../../static/style.css"><img src="a.svg" alt="">'
        '<img loading="lazy" src="lazy.svg" alt="">'
    )
    weight = run.page_weight(tmp_path)
    assert set(weight) == {"prov/kab/index.html", "static/style.css", "prov/kab/a.svg"}
    assert all(size > 0 for size in weight.values())


def test_finished_files_are_spilled_as_made_and_pages_held_until_their_pictures_are_placed(tmp_path):
    from generator.graph import NATIONAL
    from generator.site import Made

    with Spill(tmp_path / "output") as spill:
        made = Made(keep=spill.keep)
        made.put(NATIONAL, "data/angka.csv", b"kode_wilayah\n")
        made.hold(NATIONAL, "index.html", b"<p>\0chart:width+300\0</p>" * 200)
        assert made.files == {} and isinstance(made.spilled[NATIONAL]["data/angka.csv"], Spilled)
        assert len(made.held[NATIONAL]["index.html"]) < 200  # compressed while it waits
        made.hold(NATIONAL, "index.html", made.page(NATIONAL, "index.html").replace(b"\0chart:width+300\0", b"300"))
        made.finish_pages()
        assert made.held == {} and made.files == {}
        assert {path: read(data) for path, data in made.outputs(NATIONAL).items()} == {
            "data/angka.csv": b"kode_wilayah\n",
            "index.html": b"<p>300</p>" * 200,
        }
    plain = Made()  # without a spill: everything held, as bytes
    plain.put(NATIONAL, "robots.txt", b"User-agent: *\n")
    assert plain.outputs(NATIONAL) == {"robots.txt": b"User-agent: *\n"}


def test_a_share_of_the_downloads_is_kept_compressed_and_comes_back_the_same():
    from generator.datasets import Share, pack, unpack

    share = Share("a,b\r\n" * 500, ('{"angka": "protected"}', '{"nilai": 93000}'), "s\r\n", 3, "w\r\n", "{}", "")
    packed = pack(share)
    assert isinstance(packed, bytes) and len(packed) < 200
    assert unpack(packed) == share


def _fake_pagefind(folder: Path, pages: int, seconds: float, log: Path) -> list[str]:
    """A stand-in for Pagefind: notes when it starts and ends, and writes ``pages`` fragments."""
    script = (
        "import pathlib, sys, time; log = open(sys.argv[1], 'a'); log.write('start\\n'); log.flush(); "
        f"time.sleep({seconds}); f = pathlib.Path(sys.argv[2]) / 'fragment'; f.mkdir(parents=True); "
        f"[(f / str(i)).write_bytes(b'x') for i in range({pages})]; log.write('end\\n')"
    )
    return [sys.executable, "-c", script, str(log), str(folder)]


def test_the_editions_of_a_whole_site_are_indexed_in_turn(tmp_path):
    from generator.search import Indexing

    log = tmp_path / "log"
    first_folder, second_folder = tmp_path / "one", tmp_path / "two"
    first = Indexing(_fake_pagefind(first_folder, 2, 0.5, log), first_folder, 2)
    second = Indexing(_fake_pagefind(second_folder, 3, 0.0, log), second_folder, 3, after=first)
    time.sleep(0.2)
    assert first.process is not None and second.process is None  # waits for its turn
    assert first.finish() == first_folder and second.finish() == second_folder
    assert log.read_text().split() == ["start", "end", "start", "end"]  # never two at once


def test_an_indexing_cancelled_before_its_turn_never_starts(tmp_path):
    from generator.search import Indexing

    log = tmp_path / "log"
    first = Indexing(_fake_pagefind(tmp_path / "one", 1, 0.3, log), tmp_path / "one", 1)
    second = Indexing(_fake_pagefind(tmp_path / "two", 1, 0.0, log), tmp_path / "two", 1, after=first)
    second.cancel()
    first.finish()
    second.wait()
    assert second.process is None and log.read_text().split() == ["start", "end"]
    with pytest.raises(OutputError, match="not started"):
        second.finish()


def test_a_spill_kept_from_two_threads_at_once_gives_each_file_its_own_place(tmp_path):
    import concurrent.futures

    with Spill(tmp_path / "output") as spill:
        datas = [bytes([i % 256]) * (1000 + i) for i in range(400)]
        with concurrent.futures.ThreadPoolExecutor(2) as pool:
            kept = list(pool.map(spill.keep, datas))
        assert [read(k) for k in kept] == datas and len({k.path for k in kept}) == len(datas)


def test_what_a_build_froze_for_the_garbage_collector_is_let_go_when_it_ends(site_copy, tmp_path):
    """build._collected_less: objects made before ``settled()`` are left out of collections during the build
    only; after it (``jaring serve`` builds again in its process), and after a failed one, none stay frozen."""
    import gc

    assert gc.get_freeze_count() == 0
    with pytest.raises(RuntimeError), build._collected_less() as settled:
        settled()
        assert gc.get_freeze_count() > 0
        raise RuntimeError("a build that fails after its inputs were read")
    assert gc.get_freeze_count() == 0
    frozen = []
    real = gc.freeze
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(gc, "freeze", lambda: (real(), frozen.append(gc.get_freeze_count())))
        build.build(site_copy, tmp_path / "out")
    assert frozen and frozen[0] > 10_000  # the build froze what it had read...
    assert gc.get_freeze_count() == 0  # ...and let it go
