"""Incremental, parallel, deterministic builds: the dependency graph, the cache and its invalidation,
no work when nothing changed, byte-identical output however it was made, and `jaring serve`."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from generator import cache
from generator.build import build

from conftest import BUILD_EPOCH, REPO

KUTIM = "data/regencies/64.08-kutai-timur.yaml"


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def edit(root: Path, rel: str, old: str, new: str) -> None:
    file = root / rel
    text = file.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {rel}"
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_changed_regency_rebuilds_exactly_its_page_province_national_downloads_and_feed(site_copy, tmp_path):
    output = tmp_path / "out"
    first = build(site_copy, output)
    assert first.units == frozenset(graph_units(site_copy))  # a first build makes everything
    before = tree(output)
    edit(site_copy, KUTIM, "value: 93000", "value: 93500")
    second = build(site_copy, output)
    # and the pages without data of its province, which list its latest figure
    without_data = _without_data(site_copy)
    assert second.units == {"regency/64.08", "province/64", "national"} | without_data
    after = tree(output)
    changed = {name for name in after if before.get(name) != after[name]}
    mine = "kalimantan-timur/kabupaten-kutai-timur/"
    neighbours = tuple(
        f"kalimantan-timur/{r.slug}/" for code, r in _register().regencies.items() if f"regency/{code}" in without_data
    )
    outside = sorted(
        name
        for name in (name.removeprefix("en/") for name in changed)  # the English edition: the same files
        if not name.startswith((mine, "pagefind/", "data/", "grafik/", "sematkan/", "static/vega.", *neighbours))
        and name
        not in {
            "index.html",
            "kalimantan-timur/index.html",
            "feed.xml",
            "sitemap.xml",
            "bandingkan/index.html",
            "unduh/index.html",
            ".jaring-output",
        }
    )
    assert not outside, f"files changed outside the graph's units: {outside}"
    assert {
        mine + "index.html",
        mine + "kartu.png",
        "index.html",
        "kalimantan-timur/index.html",
        "feed.xml",
        "data/angka.csv",
        "data/wilayah/64.08.json",
    } <= changed
    assert "93.500" in (output / mine / "index.html").read_text(encoding="utf-8")
    assert "93.500" in (output / "index.html").read_text(encoding="utf-8")
    assert second.kept >= len(graph_units(site_copy) - second.units)  # each other unit's page was carried over


def _without_data(root: Path, province: str = "64") -> set[str]:
    """The units of a province's regencies without data: their pages list the province's figures."""
    with_data = {path.name[:5] for path in (root / "data/regencies").glob("*.yaml")}
    return {
        f"regency/{code}"
        for code, r in _register().regencies.items()
        if r.province_code == province and code not in with_data
    }


def _register():
    from generator.register import load_register

    return load_register(REPO / "data/register")


def graph_units(root: Path) -> set[str]:
    from generator.register import load_register

    register = load_register(REPO / "data/register")
    return {f"regency/{c}" for c in register.regencies} | {f"province/{c}" for c in register.provinces} | {"national"}


def test_nothing_changed_means_nothing_written_and_no_chart_library_imported(site_copy, tmp_path):
    output = tmp_path / "out"
    edit(site_copy, KUTIM, "value: 93000", "value: 193000")  # above its target: one warning at least
    first = build(site_copy, output)
    assert first.warnings
    stamps = {p: p.stat().st_mtime_ns for p in output.rglob("*")}
    script = (
        "import sys; from pathlib import Path; from generator.build import build; "
        f"s = build(Path({str(site_copy)!r}), Path({str(output)!r})); "
        "print(s.unchanged, 'altair' in sys.modules, 'vl_convert' in sys.modules, len(s.warnings))"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env={**os.environ, "SOURCE_DATE_EPOCH": BUILD_EPOCH},
        check=True,
    )
    assert done.stdout.split() == ["True", "False", "False", str(len(first.warnings))]  # the warnings are still told
    assert {p: p.stat().st_mtime_ns for p in output.rglob("*")} == stamps


def test_an_incremental_build_equals_a_clean_build(site_copy, tmp_path):
    """Updated in place (changed files moved in, search fragments of unchanged pages linked), the
    output is byte for byte what a clean build makes: after edits, and after a regency's data is removed."""
    build(site_copy, tmp_path / "a")
    edit(site_copy, "data/regencies/64.02-kutai-kartanegara.yaml", "value: 51000", "value: 52000")
    edit(site_copy, "content/narratives/64.08.md", "Kutai Timur", "Kutai Timur (diperbarui)")
    incremental = build(site_copy, tmp_path / "a")
    assert incremental.units == {"regency/64.02", "regency/64.08", "province/64", "national"} | _without_data(site_copy)
    assert incremental.kept >= len(graph_units(site_copy) - incremental.units)
    build(site_copy, tmp_path / "b", clean=True)
    assert tree(tmp_path / "a") == tree(tmp_path / "b")

    kukar = tmp_path / "a/kalimantan-timur/kabupaten-kutai-kartanegara"
    assert (kukar / "grafik").is_dir() and (kukar / "kartu.png").is_file()
    (site_copy / "data/regencies/64.02-kutai-kartanegara.yaml").unlink()
    (site_copy / "content/narratives/64.02.md").unlink()
    edit(site_copy, KUTIM, "value: 93000", "value: 93500")
    again = build(site_copy, tmp_path / "a")
    assert again.units == {"regency/64.08", "province/64", "national"} | _without_data(site_copy)  # 64.02 among them
    assert not (kukar / "grafik").exists() and not (kukar / "kartu.png").exists()  # its files, and their folders
    build(site_copy, tmp_path / "c", clean=True)
    assert tree(tmp_path / "a") == tree(tmp_path / "c")
    assert not [p for p in tmp_path.glob(".a-*") if "-old-" not in p.name]  # no staging or index folder left


def test_an_update_cut_short_is_followed_by_a_full_build(site_copy, tmp_path):
    """While files move in, the marker names no inputs; an output left so is rebuilt whole."""
    from generator.write import MARKER

    output = tmp_path / "out"
    build(site_copy, output)
    (output / MARKER).write_text("Built by Jaring. This folder is replaced on every build.\n")
    edit(site_copy, KUTIM, "value: 93000", "value: 93500")
    again = build(site_copy, output)
    assert again.units == frozenset(graph_units(site_copy)) and again.kept == 0
    build(site_copy, tmp_path / "clean", clean=True)
    assert tree(output) == tree(tmp_path / "clean")


def test_a_failed_search_index_leaves_the_output_as_it_was(site_copy, tmp_path, monkeypatch):
    from generator import search
    from generator.errors import OutputError

    output = tmp_path / "out"
    build(site_copy, output)
    before = tree(output)
    edit(site_copy, KUTIM, "value: 93000", "value: 93500")
    monkeypatch.setattr(search, "_pagefind", lambda: [sys.executable, "-c", "import sys; sys.exit('no index')"])
    with pytest.raises(OutputError, match="the search index could not be built"):
        build(site_copy, output)
    assert tree(output) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "site"]


def test_the_memo_saves_few_new_results_beside_the_rest(tmp_path):
    made = []

    def make(value):
        made.append(value)
        return value

    memo = cache.Memo(tmp_path, "common")
    assert [memo.remember(lambda v=v: make(v), "n", str(v)) for v in range(3)] == [0, 1, 2]
    memo.save()
    memo = cache.Memo(tmp_path, "common")
    assert [memo.remember(lambda v=v: make(v), "n", str(v)) for v in range(4)] == [0, 1, 2, 3]
    assert made == [0, 1, 2, 3]  # only the new one was worked out
    main = (tmp_path / cache.FOLDER / "memo.pickle").stat().st_mtime_ns
    memo.save()  # one new entry: written beside the main file, which stays as it was
    assert (tmp_path / cache.FOLDER / "memo-new.pickle").is_file()
    assert (tmp_path / cache.FOLDER / "memo.pickle").stat().st_mtime_ns == main
    assert cache.Memo(tmp_path, "other").remember(lambda: "fresh", "n", "0") == "fresh"  # another common key

    memo = cache.Memo(tmp_path, "common")
    for v in range(cache.Memo.DELTA + 1):  # past DELTA new entries: one main file again, of what was used
        memo.remember(lambda v=v: v, "m", str(v))
    memo.save()
    assert not (tmp_path / cache.FOLDER / "memo-new.pickle").exists()
    assert len(cache.Memo(tmp_path, "common").before) == cache.Memo.DELTA + 1


@pytest.mark.parametrize("change", ["template", "static", "library", "settings", "build date"])
def test_a_shared_input_or_a_library_version_rebuilds_everything(site_copy, tmp_path, monkeypatch, change):
    output = tmp_path / "out"
    build(site_copy, output)
    if change in ("template", "static"):
        (site_copy / "templates").mkdir()
        import shutil

        shutil.copytree(REPO / "templates", site_copy / "templates", dirs_exist_ok=True)
        if change == "template":
            edit(site_copy, "templates/base.html", "Langsung ke isi", "Lompat ke isi")
        else:
            edit(site_copy, "templates/static/style.css", "--ink: #1f2933", "--ink: #1f2934")
    elif change == "library":
        real = cache.version
        monkeypatch.setattr(cache, "version", lambda lib: "999.0" if lib == "vl-convert-python" else real(lib))
    elif change == "settings":
        edit(site_copy, "data/site.yaml", "title: Jaring", "title: Jaring Nusantara")
    else:
        monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(BUILD_EPOCH) + 86400))
    again = build(site_copy, output)
    assert again.units == frozenset(graph_units(site_copy))
    assert again.kept == 0


def test_clean_ignores_the_cache(site_copy, tmp_path):
    build(site_copy, tmp_path / "out")
    clean = build(site_copy, tmp_path / "out", clean=True)
    assert not clean.unchanged and clean.reused == 0 and clean.charts > 0 and clean.kept == 0


def test_builds_are_identical_across_hash_seeds_and_worker_counts(tmp_path):
    """A synthetic site big enough for the worker pool, built in subprocesses with different hash seeds."""
    root = tmp_path / "synthetic"
    subprocess.run(
        [sys.executable, str(REPO / "benchmarks/synth.py"), str(root), "--regencies", "6"],
        check=True,
        capture_output=True,
    )
    outputs = []
    for seed, extra in (("1", ["--jobs", "2"]), ("4242", ["--jobs", "1", "--clean"])):
        out = tmp_path / f"out-{seed}"
        subprocess.run(
            [sys.executable, "-m", "generator", "build", "--root", str(root), "--output", str(out), *extra],
            check=True,
            capture_output=True,
            env={**os.environ, "PYTHONHASHSEED": seed, "SOURCE_DATE_EPOCH": BUILD_EPOCH},
        )
        outputs.append(tree(out))
    assert outputs[0] == outputs[1]
    # six regencies with data, in both editions
    assert len([name for name in outputs[0] if name.endswith("/grafik/capaian.png") and name[:3] != "en/"]) == 6
    assert len([name for name in outputs[0] if name.endswith("/grafik/capaian.png")]) == 12


def test_serve_rebuilds_on_change_and_survives_a_broken_file(site_copy, tmp_path):
    output = tmp_path / "out"
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "--root", str(site_copy), "--output", str(output), "--port", "0"],
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "SOURCE_DATE_EPOCH": BUILD_EPOCH},
    )
    told: list[str] = []  # what jaring serve printed on stderr
    try:
        url = None
        deadline = time.monotonic() + 60
        while url is None and time.monotonic() < deadline:
            told.append(line := process.stderr.readline())
            if found := re.search(r"at (http://127\.0\.0\.1:\d+/)", line):
                url = found.group(1)
        assert url, "jaring serve did not start"

        def status() -> dict:
            with urllib.request.urlopen(url + "_jaring/status") as response:
                return json.load(response)

        def wait(condition) -> dict:
            end = time.monotonic() + 60
            while time.monotonic() < end:
                if condition(now := status()):
                    return now
                time.sleep(0.3)
            raise AssertionError(f"timed out; last status {now}")

        first = status()
        page = url + "kalimantan-timur/kabupaten-kutai-timur/"
        with urllib.request.urlopen(page) as response:
            assert b"/_jaring/reload.js" in response.read()
        edit(site_copy, KUTIM, "value: 93000", "value: 94000")
        rebuilt = wait(lambda s: s["build"] > first["build"])
        with urllib.request.urlopen(page) as response:
            assert "94.000" in response.read().decode()
        (site_copy / "data/site.yaml").write_text("title: [\n", encoding="utf-8")
        broken = wait(lambda s: s["error"])
        assert re.search(r"^data/site\.yaml:\d+:\d+: ", broken["error"], re.MULTILINE), broken["error"]
        assert "Traceback" not in broken["error"] and broken["build"] == rebuilt["build"]  # no new site
        with urllib.request.urlopen(page) as response:  # the previous site is still served
            assert "94.000" in response.read().decode()
        assert process.poll() is None, "jaring serve stopped"
    finally:
        process.terminate()
        told.append(process.communicate(timeout=10)[1])
    told_text = "".join(told)
    assert "data/site.yaml" in told_text and "The previous site is still served." in told_text, told_text
    assert "Traceback" not in told_text and "failed unexpectedly" not in told_text, told_text


def test_the_picture_keys_include_the_source_of_the_drawing_code(tmp_path, monkeypatch):
    """No version constant to bump by hand: a change to any module that decides how a picture is made
    changes every picture's cache key, so the next build draws them afresh."""
    import shutil

    from generator import draw

    here = Path(draw.__file__).parent
    present = [name for name in draw.DRAWING_MODULES if (here / name).is_file()]
    assert {"draw.py", "charts.py", "cards.py"} <= set(present)
    for name in present:
        shutil.copy(here / name, tmp_path / name)
    assert draw.drawing_code(tmp_path) == draw.DRAWING
    keys = {draw.DRAWING}
    for name in present:
        source = (tmp_path / name).read_bytes()
        (tmp_path / name).write_bytes(source + b"\n# changed\n")
        keys.add(draw.drawing_code(tmp_path))
        (tmp_path / name).write_bytes(source)
    assert len(keys) == len(present) + 1
    before = draw.card_task("<svg/>").key
    monkeypatch.setattr(draw, "DRAWING", "another drawing code")
    assert draw.card_task("<svg/>").key != before


def test_a_rebuild_works_out_the_lists_glance_of_the_changed_regency_only(site_copy, tmp_path, monkeypatch):
    """The home, compare and province lists show each regency's glance (pages.glance), kept in the memo
    by data file: after one regency changed, only its glance is worked out anew, once per edition."""
    from generator import pages

    made: list[tuple[str, str]] = []
    real = pages.glance

    def counted(f, report):
        made.append((f.language, report.regency.code))
        return real(f, report)

    monkeypatch.setattr(pages, "glance", counted)
    build(site_copy, tmp_path / "out")
    with_data = {code for _, code in made}
    assert "64.08" in with_data and len(made) == 2 * len(with_data)  # each once, in each of the two editions
    made.clear()
    edit(site_copy, KUTIM, "value: 93000", "value: 93500")
    build(site_copy, tmp_path / "out")
    assert sorted(made) == [("en", "64.08"), ("id", "64.08")]
    home = (tmp_path / "out/index.html").read_text(encoding="utf-8")
    assert "93.500" in home  # the memo's glance of the new version, not the old one


def test_a_rebuild_writes_the_feed_entries_of_the_changed_regency_only(site_copy, tmp_path, monkeypatch):
    """The feed is made again whenever any regency changes; each entry's text (feeds.summary: every figure
    its source is cited for) is kept in the memo by data file and source, so only the changed regency's
    entries are written anew, in each edition, and the feed carries the new figure."""
    from generator import feeds

    made: list[tuple[str, str]] = []
    real = feeds.summary

    def counted(f, report, source):
        made.append((f.language, report.regency.code))
        return real(f, report, source)

    monkeypatch.setattr(feeds, "summary", counted)
    build(site_copy, tmp_path / "out")
    assert ("id", "64.08") in made and ("en", "64.08") in made
    assert {code for _, code in made} - {"64.08"}  # other regencies' entries were summarised too
    made.clear()
    edit(site_copy, KUTIM, "value: 93000", "value: 93500")
    build(site_copy, tmp_path / "out")
    assert made and {code for _, code in made} == {"64.08"}
    assert {language for language, _ in made} == {"id", "en"}
    feed = (tmp_path / "out/feed.xml").read_text(encoding="utf-8")
    assert "93.500" in feed  # the new version's text, not the memo's of the old one


def test_a_changed_translation_rebuilds_the_edition_that_reads_it(site_copy, tmp_path, monkeypatch):
    """The catalogues are Jaring's own (beside the package, not in the site), and part of what every page
    shares: a translator's fix shows at the next build, not only after a --clean."""
    import shutil

    from generator import fmt, i18n, paths

    def forget() -> None:  # a catalogue is compiled, and a formatter made, once per process
        i18n.translations.cache_clear()
        fmt.formatter.cache_clear()

    catalogues = site_copy / "catalogues"  # (hashed as any input is: inside the root or Jaring's folder)
    shutil.copytree(REPO / "content" / "locale", catalogues)
    monkeypatch.setattr(paths, "locale_folder", lambda: catalogues)
    forget()
    try:
        build(site_copy, tmp_path / "out")
        po = catalogues / "en/LC_MESSAGES/messages.po"
        before = 'msgid "Peringkat"\nmsgstr "Rank"'
        assert before in po.read_text(encoding="utf-8")
        po.write_text(po.read_text(encoding="utf-8").replace(before, 'msgid "Peringkat"\nmsgstr "Place"'), "utf-8")
        forget()
        again = build(site_copy, tmp_path / "out")
    finally:
        forget()
    assert not again.unchanged and again.pages > 0
    home = (tmp_path / "out/en/index.html").read_text(encoding="utf-8")
    assert 'data-label="Place"' in home and 'data-label="Rank"' not in home


def test_the_library_versions_in_the_stamp_are_what_importlib_metadata_says(tmp_path, monkeypatch):
    """cache.version reads the versions from the .dist-info folders' names (importlib.metadata was ~0.1 s of
    every build); it must say what importlib.metadata says, for every library the stamp names."""
    from importlib import metadata

    for library in (*cache.LIBRARIES, "vl-convert-python", "MarkupSafe", "no-such-library-here"):
        try:
            expected = metadata.version(library)
        except metadata.PackageNotFoundError:
            expected = "absent"
        assert cache.version(library) == expected, library
    # a distribution with only an .egg-info (no .dist-info) is left to importlib.metadata
    (tmp_path / "Old.Style_Lib.egg-info").mkdir()
    (tmp_path / "Old.Style_Lib.egg-info" / "PKG-INFO").write_text(
        "Metadata-Version: 1.0\nName: Old.Style_Lib\nVersion: 2.5\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    cache._installed.cache_clear()
    try:
        assert cache.version("old-style-lib") == "2.5"
    finally:
        cache._installed.cache_clear()
