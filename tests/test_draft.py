"""``jaring new`` and ``jaring draft`` (issue 13): from an article to a checked data file, each drafted
figure refused by ``jaring check`` until a person has reviewed it. Every run writes into ``tmp_path``."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main

EPOCH = "1795219200"  # 2026-11-21
SITE_YAML = "title: Jaring\ntagline: x\nbase_url: https://jaring.example.org/\nlanguage: id\n"
PPU = """\
Pemkab PPU Tambah Perlindungan Pekerja Rentan
PENAJAM – Pemerintah Kabupaten Penajam Paser Utara menyiapkan Rp3 miliar 24 juta untuk 15 ribu pekerja rentan
dalam anggaran murni APBD 2025, kata kepala dinas dalam sosialisasi Selasa (18/11/2025).
Iuran yang ditanggung daerah Rp16.800 per bulan untuk setiap peserta program JKK dan JKM.
Peserta berusia 18 hingga 65 tahun dan tersebar di 4 kecamatan.
"""


def run(*args: str):
    return CliRunner().invoke(main, list(args), env={"SOURCE_DATE_EPOCH": EPOCH}, catch_exceptions=True)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    (site / "data" / "regencies").mkdir(parents=True)
    (site / "data" / "site.yaml").write_text(SITE_YAML, encoding="utf-8")
    return site


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def refused(result) -> None:
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)


def test_draft_of_an_article_about_penajam_paser_utara(root, tmp_path):
    article = tmp_path / "ppu.txt"
    article.write_text(PPU, encoding="utf-8")
    result = run(
        "draft",
        str(article),
        "--root",
        str(root),
        "--publisher",
        "Contoh Berita",
        "--url",
        "https://contoh.example/ppu",
    )
    assert result.exit_code == 0, result.output
    draft = root / "data/regencies/64.09-penajam-paser-utara.yaml"
    text = draft.read_text(encoding="utf-8")
    import yaml

    data = yaml.safe_load(text)
    assert data["code"] == "64.09"
    assert data["sources"][0]["published"].isoformat() == "2025-11-18"
    counts = [c for c in data["protected"] + data.get("targets", []) if c["value"] == 15000]
    assert counts and counts[0]["date"].isoformat() == "2025-11-18"
    budget = next(b for b in data["budget"] if b["value"] == 3024000000)
    assert (budget["year"], budget["covers"], budget["printed"]) == (2025, 15000, "Rp3 miliar 24 juta")
    premium = data["premiums"][0]
    assert (premium["value"], premium["per"], premium["printed"]) == (16800, "bulan", "Rp16.800 per bulan")
    entries = [e for name in ("sources", "protected", "targets", "budget", "premiums") for e in data.get(name, [])]
    assert all(e["review"] == "todo" for e in entries)
    assert "# «PENAJAM – Pemerintah Kabupaten" in text  # the sentence above its figures
    assert not any(v in text for v in ("value: 18\n", "value: 65\n", "value: 4\n"))  # ages, kecamatan

    refused_check = run("check", "--root", str(root))
    refused(refused_check)
    assert "not reviewed yet" in refused_check.stderr
    assert f"{len(entries)} problems found" in refused_check.stderr
    build = run("build", "--root", str(root), "--output", str(tmp_path / "out"))
    refused(build)
    assert not (tmp_path / "out").exists()

    draft.write_text(
        "".join(line for line in text.splitlines(keepends=True) if line.strip() != "review: todo"), encoding="utf-8"
    )
    accepted = run("check", "--root", str(root))
    assert accepted.exit_code == 0, accepted.output


def test_draft_into_an_existing_file_keeps_it_byte_for_byte(root, tmp_path):
    shipped = Path(__file__).resolve().parents[1] / "data/regencies/64.09-penajam-paser-utara.yaml"
    target = root / "data/regencies/64.09-penajam-paser-utara.yaml"
    target.write_bytes(shipped.read_bytes())
    before = target.read_bytes()
    article = tmp_path / "ppu.txt"
    article.write_text(PPU, encoding="utf-8")
    result = run("draft", str(article), "--root", str(root), "--publisher", "Contoh Berita", "--into", str(target))
    assert result.exit_code == 0, result.output
    after = target.read_bytes()
    before_lines, after_lines = before.splitlines(keepends=True), after.splitlines(keepends=True)
    # every line that was there is still there, in order; only drafted lines were inserted
    iterator = iter(after_lines)
    assert all(any(line == other for other in iterator) for line in before_lines)
    inserted = [line for line in after_lines if line not in before_lines]
    assert any(b"review: todo" in line for line in inserted)
    check = run("check", "--root", str(root))
    refused(check)
    assert all("not reviewed yet" in line for line in check.stderr.splitlines()[:-1]), check.stderr


def test_draft_without_a_clear_place_asks_for_it(root, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text(
        "Pekerja rentan dilindungi\nSebanyak 5.000 pekerja rentan di Pekalongan dilindungi, Senin (20/10/2025).\n",
        encoding="utf-8",
    )
    result = run("draft", str(article), "--root", str(root), "--publisher", "X")
    refused(result)
    assert "--place" in result.stderr and "Kabupaten Pekalongan (33.26" in result.stderr
    assert list((root / "data/regencies").iterdir()) == []
    ok = run("draft", str(article), "--root", str(root), "--publisher", "X", "--place", "Kota Pekalongan")
    assert ok.exit_code == 0, ok.output
    assert (root / "data/regencies/33.75-pekalongan.yaml").exists()


def test_pekalongan_alone_is_ambiguous(root):
    result = run("new", "Pekalongan", "--root", str(root))
    refused(result)
    assert "Kabupaten Pekalongan (33.26)" in result.stderr and "Kota Pekalongan (33.75)" in result.stderr
    assert files(root / "data/regencies") == {}


@pytest.mark.parametrize(
    ("place", "code"),
    [
        ("Kota Pekalongan", "33.75"),
        ("Kab. Pekalongan", "33.26"),
        ("Kutim", "64.08"),
        ("PPU", "64.09"),
        ("Pemkot Makassar", "73.71"),
        ("Pemkab Jember", "35.09"),
        ("Bontang", "64.74"),
    ],
)
def test_places_resolve(place, code):
    from generator.paths import layout
    from generator.places import resolve
    from generator.register import load_register

    register = load_register(layout(Path(__file__).resolve().parents[1]).register)
    assert resolve(register, place).code == code


def test_new_twice_refuses_to_overwrite(root):
    first = run("new", "64.74", "--root", str(root))
    assert first.exit_code == 0, first.output
    data = root / "data/regencies/64.74-bontang.yaml"
    story = root / "content/narratives/64.74.md"
    assert data.exists() and story.exists()
    made = files(root)
    second = run("new", "64.74", "--root", str(root))
    refused(second)
    assert "already exists" in second.stderr
    assert files(root) == made


def test_new_skeleton_says_what_to_do_and_its_narrative_is_not_written_yet(root):
    assert run("new", "Kota Bontang", "--root", str(root)).exit_code == 0
    check = run("check", "--root", str(root))
    refused(check)
    lines = check.stderr.splitlines()
    assert any(
        line.startswith(
            "data/regencies/64.74-bontang.yaml:6:9: review: not reviewed yet: this file is a skeleton from jaring new"
        )
        for line in lines
    ), lines
    assert not any("narratives" in line for line in lines)  # the placeholder narrative is accepted
    from generator.narrative import to_html

    assert to_html((root / "content/narratives/64.74.md").read_text(encoding="utf-8"), section=True) == ""


@pytest.mark.parametrize(
    ("name", "content", "said"),
    [
        ("empty.txt", b"", "empty"),
        ("blank.txt", b"\n  \n", "empty"),
        ("binary.bin", bytes(range(256)) * 4, "not text"),
        (
            "nav.html",
            b"<!doctype html><html><head><title>Beranda</title></head><body><nav><a href='/'>Beranda</a>"
            b"</nav></body></html>",
            "no article text",
        ),
        (
            "other.txt",
            b"Program beasiswa kampus dibuka\nPendaftaran program beasiswa kampus di Kota Bontang dibuka "
            b"bagi mahasiswa baru, kata panitia, Senin (20/10/2025).\n",
            "no figure",
        ),
    ],
)
def test_bad_articles_are_refused_without_writing(root, tmp_path, name, content, said):
    article = tmp_path / name
    article.write_bytes(content)
    before = files(root)
    result = run("draft", str(article), "--root", str(root), "--publisher", "X")
    refused(result)
    assert said in result.stderr, result.stderr
    assert files(root) == before


def test_missing_article_is_refused(root, tmp_path):
    result = run("draft", str(tmp_path / "nothing.txt"), "--root", str(root))
    refused(result)
    assert "cannot be read" in result.stderr


def test_html_article_through_trafilatura(root, tmp_path):
    body = "".join(f"<p>{line}</p>" for line in PPU.splitlines()[1:])
    page = (
        f"<!doctype html><html><head><title>Pemkab PPU Tambah Perlindungan</title>"
        f"<meta property='og:site_name' content='Berita Contoh'></head><body><nav>Beranda</nav>"
        f"<article><h1>Pemkab PPU Tambah Perlindungan</h1>{body}</article></body></html>"
    )
    article = tmp_path / "ppu.html"
    article.write_text(page, encoding="utf-8")
    result = run("draft", str(article), "--root", str(root), "--url", "https://contoh.example/ppu")
    assert result.exit_code == 0, result.output
    text = (root / "data/regencies/64.09-penajam-paser-utara.yaml").read_text(encoding="utf-8")
    assert 'publisher: "Berita Contoh"' in text and "value: 3024000000" in text and "2025-11-18" in text
