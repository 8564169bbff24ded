"""The writer: the published output is replaced whole or not at all, and never outside its folder."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.errors import OutputError
from generator.write import MARKER, write_site


def snapshot(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_swap_replaces_the_whole_site_and_leaves_no_staging(tmp_path):
    out = tmp_path / "output"
    write_site({"index.html": b"one", "old/index.html": b"gone soon"}, out, tmp_path, [])
    write_site({"index.html": b"two"}, out, tmp_path, [])
    assert snapshot(out) == {"index.html": b"two", MARKER: (out / MARKER).read_bytes()}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["output"]


@pytest.mark.parametrize("rel", ["../escape.html", "/etc/passwd", "a/../../b", ".hidden", "a//b", "a\\b"])
def test_paths_outside_the_output_are_refused(tmp_path, rel):
    with pytest.raises(OutputError, match="refusing to write"):
        write_site({rel: b"x"}, tmp_path / "output", tmp_path, [])
    assert not (tmp_path / "output").exists()


def test_a_folder_not_made_by_jaring_is_not_replaced(tmp_path):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "thesis.docx").write_bytes(b"precious")
    with pytest.raises(OutputError, match="not empty and was not made by Jaring"):
        write_site({"index.html": b"x"}, out, tmp_path, [])
    assert snapshot(out) == {"thesis.docx": b"precious"}


def test_output_may_not_hold_or_sit_in_the_inputs(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    with pytest.raises(OutputError, match="it holds"):
        write_site({"index.html": b"x"}, tmp_path, tmp_path, [data])
    with pytest.raises(OutputError, match="inside the input folder"):
        write_site({"index.html": b"x"}, data / "out", tmp_path, [data])


def test_unwritable_output_is_a_clear_error_and_keeps_the_old_site(site_copy, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    result = CliRunner().invoke(main, ["build", "--root", str(site_copy), "--output", str(blocker / "output")])
    assert result.exit_code == 1
    assert result.output.startswith(f"error: cannot write {blocker / 'output'}:")
    assert "Traceback" not in result.output
    assert blocker.read_text() == "not a folder"


def test_failed_build_leaves_previous_output_byte_for_byte(site_copy, tmp_path):
    out = tmp_path / "out"
    assert CliRunner().invoke(main, ["build", "--root", str(site_copy), "--output", str(out)]).exit_code == 0
    before = snapshot(out)
    regency = site_copy / "data/regencies/64.08-kutai-timur.yaml"
    regency.write_text(regency.read_text(encoding="utf-8").replace("value: 93000", "value: -93000"), encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "--root", str(site_copy), "--output", str(out)])
    assert result.exit_code == 1
    assert (
        "data/regencies/64.08-kutai-timur.yaml:37:12: protected[0].value: must not be negative, got -93000"
        in result.output
    )
    assert snapshot(out) == before


def test_strict_refuses_warnings_and_writes_nothing(site_copy, tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", "--strict", "--root", str(site_copy), "--output", str(out)])
    assert result.exit_code == 1
    assert "warning: village 'Sarerangan' is not in the register for Kabupaten Gunung Mas" in result.output
    assert not out.exists()


def test_a_build_killed_midway_leaves_the_output_intact(site_copy, tmp_path):
    import os
    import signal
    import subprocess
    import sys
    import time

    out = tmp_path / "out"
    assert CliRunner().invoke(main, ["build", "--root", str(site_copy), "--output", str(out)]).exit_code == 0
    before = snapshot(out)
    (site_copy / "data/site.yaml").write_text(
        (site_copy / "data/site.yaml").read_text(encoding="utf-8").replace("title: Jaring", "title: Jaring Baru"),
        encoding="utf-8",
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "build", "--root", str(site_copy), "--output", str(out)],
        stderr=subprocess.DEVNULL,
        env={**os.environ, "SOURCE_DATE_EPOCH": "1795219200"},
    )
    deadline = time.monotonic() + 60
    while not list(tmp_path.glob(".out-staging-*")) and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.002)
    process.send_signal(signal.SIGKILL)  # midway through writing the staging folder
    process.wait()
    assert process.returncode == -signal.SIGKILL, "the build finished before it could be killed"
    assert snapshot(out) == before
    assert list(tmp_path.glob(".out-staging-*"))  # the killed build's leftovers ...
    assert CliRunner().invoke(main, ["build", "--root", str(site_copy), "--output", str(out)]).exit_code == 0
    assert not list(tmp_path.glob(".out-staging-*"))  # ... are cleared by the next build
    assert "Jaring Baru" in (out / "index.html").read_text(encoding="utf-8")


def test_a_full_disk_is_a_clear_error_and_keeps_the_old_site(site_copy, tmp_path, monkeypatch):
    import errno
    import pathlib

    out = tmp_path / "out"
    assert CliRunner().invoke(main, ["build", "--root", str(site_copy), "--output", str(out)]).exit_code == 0
    before = snapshot(out)
    regency = site_copy / "data/regencies/64.08-kutai-timur.yaml"
    regency.write_text(regency.read_text(encoding="utf-8").replace("value: 93000", "value: 93100"), encoding="utf-8")
    real, written = pathlib.Path.write_bytes, []

    def filling(self, data):  # the disk fills up after a few files of the new site (and of the cache)
        written.append(self)
        if len(written) > 5:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(self, data)

    monkeypatch.setattr(pathlib.Path, "write_bytes", filling)
    result = CliRunner().invoke(main, ["build", "--root", str(site_copy), "--output", str(out)])
    monkeypatch.undo()
    assert result.exit_code == 1, result.output
    assert result.output.startswith(
        f"error: cannot write {out}: No space left on device; the previous output is unchanged"
    )
    assert "Traceback" not in result.output
    assert snapshot(out) == before
    assert not list(tmp_path.glob(".out-staging-*"))


def test_an_update_in_place_never_writes_or_reads_through_a_link(tmp_path):
    import shutil

    from generator.write import update_site

    out, elsewhere = tmp_path / "output", tmp_path / "elsewhere"
    write_site({"index.html": b"one", "a/index.html": b"a"}, out, tmp_path, [], marker="digest")
    elsewhere.mkdir()
    (elsewhere / "index.html").write_bytes(b"precious")
    shutil.rmtree(out / "a")
    (out / "a").symlink_to(elsewhere, target_is_directory=True)  # a folder of the site made a link
    with pytest.raises(OutputError, match=f"refusing to write into {out / 'a'}: it is a symbolic link"):
        update_site({"index.html": b"two", "a/index.html": b"changed"}, out, tmp_path, [], [], marker="d2")
    assert (elsewhere / "index.html").read_bytes() == b"precious"
    (out / "a").unlink()
    (out / "b.txt").symlink_to(elsewhere / "index.html")  # a file of the site made a link to the same bytes
    update_site({"index.html": b"two", "b.txt": b"precious"}, out, tmp_path, [], [], marker="d3")
    assert not (out / "b.txt").is_symlink() and (out / "b.txt").read_bytes() == b"precious"  # replaced, not kept
