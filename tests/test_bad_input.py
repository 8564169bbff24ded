"""Bad input must be refused with ``path:line:col: message`` lines, exit status 1 and no traceback.

Each folder in ``tests/bad_input/`` is a tiny site root holding ``data/regencies/*.yaml`` (and
maybe ``data/site.yaml`` or ``content/narratives/*.md``) with exactly one thing broken, plus
``expected.txt``: the exact problem lines ``jaring check --root <case>`` must print on stderr, in
order, without the final "N problems found; nothing was written." line (checked here).
A case without its own ``data/site.yaml`` gets a valid one, unless it holds an empty file named
``no-site-yaml``. ``tests/good_input/`` holds odd but acceptable files that must pass.

To add a case: copy a folder, break one thing, run ``jaring check --root`` on a copy of it with
SOURCE_DATE_EPOCH=1795219200 and read the message before pinning it in ``expected.txt``.
Cases that need setup at run time (symbolic links, a file over the size cap) are made below.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main

HERE = Path(__file__).resolve().parent
BAD = HERE / "bad_input"
GOOD = HERE / "good_input"
EPOCH = "1795219200"  # 2026-11-21: the pinned build date
REGENCY = "data/regencies/64.08-kutai-timur.yaml"

VALID_SITE_YAML = """\
title: Jaring
tagline: Angka perlindungan BPJS Ketenagakerjaan bagi pekerja rentan, per kabupaten/kota
base_url: https://jaring.test/
language: id
"""

# The base every bad case starts from: valid, and with nothing to warn about on the build date.
VALID_REGENCY = (GOOD / "crlf" / REGENCY).read_bytes().decode().replace("\r\n", "\n")

BAD_CASES = sorted(p.name for p in BAD.iterdir() if p.is_dir())
GOOD_CASES = sorted(p.name for p in GOOD.iterdir() if p.is_dir())


def _count_line(n: int) -> str:
    return f"{n} problem{'s' if n != 1 else ''} found; nothing was written."


def make_root(case: Path, tmp_path: Path) -> Path:
    """A copy of ``case`` as a site root in ``tmp_path``, with a valid data/site.yaml if it has none."""
    root = tmp_path / "site"
    shutil.copytree(case, root, symlinks=True)
    (root / "expected.txt").unlink(missing_ok=True)
    marker = root / "no-site-yaml"
    if marker.exists():
        marker.unlink()
    elif not (root / "data" / "site.yaml").exists():
        (root / "data" / "site.yaml").write_text(VALID_SITE_YAML, encoding="utf-8")
    return root


def valid_root(tmp_path: Path) -> Path:
    """A valid site root holding data/ only."""
    root = tmp_path / "site"
    (root / "data" / "regencies").mkdir(parents=True)
    (root / "data" / "site.yaml").write_text(VALID_SITE_YAML, encoding="utf-8")
    (root / REGENCY).write_text(VALID_REGENCY, encoding="utf-8")
    return root


def run(*args: str):
    return CliRunner().invoke(main, list(args), env={"SOURCE_DATE_EPOCH": EPOCH}, catch_exceptions=True)


def check(root: Path):
    return run("check", "--root", str(root))


def expected_lines(case: str) -> list[str]:
    text = (BAD / case / "expected.txt").read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.strip()]


def assert_refused(result, problems: list[str]) -> None:
    assert "Traceback" not in result.output, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code == 1, result.output
    assert result.stderr.splitlines() == problems + [_count_line(len(problems))]


def test_corpus_is_complete():
    assert len(BAD_CASES) >= 32
    for case in BAD_CASES:
        assert (BAD / case / "data" / "regencies").is_dir(), case
        assert expected_lines(case), f"{case}: expected.txt is empty"
    assert len(GOOD_CASES) >= 2


@pytest.mark.parametrize("case", BAD_CASES)
def test_bad_input_is_refused(case, tmp_path):
    root = make_root(BAD / case, tmp_path)
    assert_refused(check(root), expected_lines(case))


def test_alias_bomb_is_refused_before_it_expands(tmp_path):
    """The loader refuses the first anchor, so a billion-laughs file (9^9 strings once expanded) never expands:
    reading it allocates a few megabytes at most (the read buffer of a file at the size cap)."""
    import tracemalloc

    from generator.errors import JaringError
    from generator.load import read_yaml

    root = make_root(BAD / "07-alias-bomb", tmp_path)
    tracemalloc.start()
    try:
        with pytest.raises(JaringError, match="anchors"):
            read_yaml(root / REGENCY, root, root / "data")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 8 * 1024 * 1024, f"{peak:,} bytes allocated"  # expanded, it would take gigabytes


@pytest.mark.parametrize("case", GOOD_CASES)
def test_good_input_is_accepted(case, tmp_path):
    result = check(make_root(GOOD / case, tmp_path))
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    assert "warning" not in result.stderr
    assert result.stderr.splitlines()[-1].startswith("OK: 1 regency files")


def test_good_input_really_has_bom_and_crlf():
    assert (GOOD / "bom" / REGENCY).read_bytes().startswith(b"\xef\xbb\xbf")
    crlf = (GOOD / "crlf" / REGENCY).read_bytes()
    assert crlf.count(b"\r\n") == crlf.count(b"\n") > 10


@pytest.mark.parametrize("case", ["05-duplicate-key", "15-count-indonesian-thousands", "22-unknown-region-code"])
def test_real_process_exits_1_without_traceback(case, tmp_path):
    """End to end: the installed interpreter, ``python -m generator``, real stderr and exit status."""
    root = make_root(BAD / case, tmp_path)
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
    proc = subprocess.run(
        [sys.executable, "-m", "generator", "check", "--root", str(root)],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout
    problems = expected_lines(case)
    assert proc.stderr.splitlines() == problems + [_count_line(len(problems))]


def test_build_on_bad_input_leaves_output_untouched(tmp_path):
    root = make_root(BAD / "15-count-indonesian-thousands", tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    (out / ".jaring-output").write_text("Built by Jaring. This folder is replaced on every build.\n")
    (out / "index.html").write_text("old")
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*")}
    result = run("build", "--root", str(root), "--output", str(out))
    assert_refused(result, expected_lines("15-count-indonesian-thousands"))
    assert {p.relative_to(out): p.read_bytes() for p in out.rglob("*")} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "site"]  # no staging folder left


# Cases made at run time ------------------------------------------------------------------------


def _pad_to(path: Path, size: int) -> None:
    text = path.read_bytes()
    filler = size - len(text) - len(b"# \n")
    path.write_bytes(text + b"# " + b"x" * filler + b"\n")
    assert path.stat().st_size == size


def test_file_over_size_cap_is_refused_before_parsing(tmp_path, monkeypatch):
    from generator import load

    root = valid_root(tmp_path)
    file = root / REGENCY
    _pad_to(file, 1024 * 1024 + 1)
    with file.open("ab") as handle:  # past the cap, so only a parse would notice: bytes YAML refuses
        handle.write(b"\x00\xff: [unclosed\n")
    size = file.stat().st_size
    parsed: list[str] = []
    for name in ("decode", "parse_yaml"):
        real = getattr(load, name)
        monkeypatch.setattr(load, name, lambda data, rel, real=real: parsed.append(rel) or real(data, rel))
    result = check(root)
    message = f"{REGENCY}: file is {size:,} bytes, over the limit of 1,048,576; refused before parsing"
    assert_refused(result, [message])
    assert REGENCY not in parsed


def test_file_at_size_cap_is_accepted(tmp_path):
    root = valid_root(tmp_path)
    _pad_to(root / REGENCY, 1024 * 1024)
    result = check(root)
    assert result.exit_code == 0, result.output


def test_regency_symlink_outside_data_is_refused(tmp_path):
    root = valid_root(tmp_path)
    secret = tmp_path / "elsewhere" / "secret.yaml"
    secret.parent.mkdir()
    secret.write_text(VALID_REGENCY.replace('"64.08"', '"64.07"').replace("Indeks Media", "RAHASIA"))
    (root / "data/regencies/64.07-kutai-barat.yaml").symlink_to(secret)
    result = check(root)
    assert_refused(result, ["data/regencies/64.07-kutai-barat.yaml: points outside data/ (a symbolic link?); refused"])
    assert "RAHASIA" not in result.output


def test_narrative_symlink_outside_content_is_refused(tmp_path):
    root = valid_root(tmp_path)
    secret = tmp_path / "elsewhere" / "secret.md"
    secret.parent.mkdir()
    secret.write_text("# RAHASIA\n")
    (root / "content" / "narratives").mkdir(parents=True)
    (root / "content/narratives/64.08.md").symlink_to(secret)
    result = check(root)
    assert_refused(result, ["content/narratives/64.08.md: points outside content/ (a symbolic link?); refused"])
    assert "RAHASIA" not in result.output


def test_site_root_without_content_folder_passes(tmp_path):
    """A site root holding only data/ is valid: Jaring's own narratives (for regencies this site
    has no data for) must not be reported as orphans at made-up paths like narratives/62.10.md."""
    result = check(valid_root(tmp_path))
    assert result.exit_code == 0, result.output


# Entries that cannot be read at all are still problems with a path, never a traceback. ---------


def _refused_cleanly(result, path: str) -> None:
    assert "Traceback" not in result.output, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"crashed instead of reporting a problem: {result.exception!r}"
    )
    assert result.exit_code == 1, result.output
    lines = result.stderr.splitlines()
    assert lines[-1] == _count_line(1), lines
    assert lines[0].startswith(f"{path}: "), lines


def test_broken_symlink_is_a_problem_not_a_traceback(tmp_path):
    root = valid_root(tmp_path)
    (root / "data/regencies/64.07-kutai-barat.yaml").symlink_to(root / "data/regencies/not-there.yaml")
    _refused_cleanly(check(root), "data/regencies/64.07-kutai-barat.yaml")


def test_folder_named_like_a_yaml_file_is_a_problem_not_a_traceback(tmp_path):
    root = valid_root(tmp_path)
    (root / "data/regencies/64.07-kutai-barat.yaml").mkdir()
    _refused_cleanly(check(root), "data/regencies/64.07-kutai-barat.yaml")


def test_broken_narrative_symlink_is_a_problem_not_a_traceback(tmp_path):
    root = valid_root(tmp_path)
    (root / "content" / "narratives").mkdir(parents=True)
    (root / "content/narratives/64.08.md").symlink_to(root / "content/narratives/not-there.md")
    _refused_cleanly(check(root), "content/narratives/64.08.md")
