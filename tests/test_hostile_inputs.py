"""Inputs that are not plain files, or are built to make the build hang, crash or slow down.

Each is refused with its file named, exit status 1, no traceback, within seconds and little memory,
and a previous output is left exactly as it was. Special files (a FIFO, a link to /dev/zero, a 3 GB
sparse file, names holding control characters) are made here in ``tmp_path``; the rest of the
bad-input corpus is in ``tests/bad_input/``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_bad_input import EPOCH, REGENCY, assert_refused, check, run, valid_root

from generator import narrative

TIME = shutil.which("time") or "/usr/bin/time"
NARRATIVE = "content/narratives/64.08.md"
PAGE = "content/pages/tentang.md"
GOOD_NARRATIVE = "Kutai Timur melindungi 93.000 pekerja rentan, menurut Indeks Media Kaltim.\n"


def _previous_output(tmp_path: Path) -> tuple[Path, dict]:
    out = tmp_path / "out"
    out.mkdir()
    (out / ".jaring-output").write_text("Built by Jaring. This folder is replaced on every build.\n")
    (out / "index.html").write_text("old")
    return out, _files(out)


def _files(folder: Path) -> dict:
    return {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*")}


def _build_process(root: Path, out: Path) -> tuple[subprocess.CompletedProcess, float, int | None]:
    """``jaring build`` in a real process with a timeout: its result, seconds, and peak memory in KB
    (from /usr/bin/time, when there is one)."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    measure = Path(TIME).exists()
    memory = root.parent / "memory.txt"
    command = [sys.executable, "-m", "generator", "build", "--root", str(root), "--output", str(out)]
    if measure:
        command = [TIME, "-f", "%M", "-o", str(memory), *command]
    started = time.perf_counter()
    proc = subprocess.run(command, capture_output=True, text=True, env=env, timeout=30, check=False)
    seconds = time.perf_counter() - started
    return proc, seconds, int(memory.read_text().split()[-1]) if measure else None


def _special(kind: str, file: Path) -> None:
    file.parent.mkdir(parents=True, exist_ok=True)
    if kind == "fifo":
        os.mkfifo(file)
    elif kind == "devzero":
        file.symlink_to("/dev/zero")
    else:  # 3 GB, sparse: costs no disk, and would cost 3 GB of memory if read
        subprocess.run(["truncate", "-s", "3G", str(file)], check=True)


EXPECTED = {
    "fifo": "is a named pipe (FIFO), not a regular file; refused before reading",
    "devzero": "points outside {inside} (a symbolic link?); refused",
    "big": "file is 3,221,225,472 bytes, over the limit of {limit}; refused before parsing",
}
PLACES = {  # where the special file goes: (path, folder it must stay in, its size cap)
    "regency": ("data/regencies/64.07-kutai-barat.yaml", "data/", "1,048,576"),
    "narrative": (NARRATIVE, "content/", "65,536"),
    "page": ("content/pages/kontak.md", "content/", "65,536"),
}


@pytest.mark.parametrize("place", sorted(PLACES))
@pytest.mark.parametrize("kind", sorted(EXPECTED))
def test_build_refuses_special_files_quickly(kind, place, tmp_path):
    root = valid_root(tmp_path)
    path, inside, limit = PLACES[place]
    if place == "page":
        (root / "content/pages").mkdir(parents=True)
        (root / PAGE).write_text("# Tentang\n\nTeks.\n", encoding="utf-8")
    _special(kind, root / path)
    out, before = _previous_output(tmp_path)
    proc, seconds, memory = _build_process(root, out)
    message = f"{path}: " + EXPECTED[kind].format(inside=inside, limit=limit)
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout
    assert proc.stderr.splitlines() == [message, "1 problem found; nothing was written."]
    assert seconds < 5, f"{kind} in {place}: {seconds:.1f} s"
    assert memory is None or memory < 200 * 1024, f"{kind} in {place}: {memory} KB"
    assert _files(out) == before
    assert_refused(check(root), [message])


def test_fifo_as_site_settings_is_refused(tmp_path):
    root = valid_root(tmp_path)
    (root / "data/site.yaml").unlink()
    os.mkfifo(root / "data/site.yaml")
    out, before = _previous_output(tmp_path)
    proc, seconds, _ = _build_process(root, out)
    assert proc.returncode == 1 and seconds < 5, proc.stderr
    assert (
        proc.stderr.splitlines()[0] == "data/site.yaml: is a named pipe (FIFO), not a regular file; refused "
        "before reading"
    )
    assert _files(out) == before


def test_static_file_linked_outside_the_root_is_refused(tmp_path):
    root = valid_root(tmp_path)
    shutil.copytree(Path(__file__).resolve().parents[1] / "templates", root / "templates")
    secret = tmp_path / "elsewhere" / "secret.txt"
    secret.parent.mkdir()
    secret.write_text("RAHASIA")
    (root / "templates/static/secret.txt").symlink_to(secret)
    message = "templates/static/secret.txt: points outside the site root (a symbolic link?); refused"
    assert_refused(check(root), [message])
    out, before = _previous_output(tmp_path)
    assert_refused(run("build", "--root", str(root), "--output", str(out)), [message])
    assert _files(out) == before


def test_fifo_among_static_files_is_refused(tmp_path):
    root = valid_root(tmp_path)
    shutil.copytree(Path(__file__).resolve().parents[1] / "templates", root / "templates")
    os.mkfifo(root / "templates/static/pipe.css")
    out, before = _previous_output(tmp_path)
    proc, seconds, _ = _build_process(root, out)
    assert proc.returncode == 1 and seconds < 5, proc.stderr
    assert proc.stderr.splitlines()[0] == (
        "templates/static/pipe.css: is a named pipe (FIFO), not a regular file; refused before reading"
    )
    assert _files(out) == before


# File names that would forge lines or reach the terminal raw ---------------------------------------

NAMES = [
    ("data/regencies/64.08-kutai-timur\n64.07.yaml", r"data/regencies/64.08-kutai-timur\n64.07.yaml", r"'\n'"),
    ("data/regencies/64.07-\x1b[31mmerah.yaml", r"data/regencies/64.07-\x1b[31mmerah.yaml", r"'\x1b'"),
    ("content/narratives/64.08\u202e.md", r"content/narratives/64.08\u202e.md", r"'\u202e'"),
    ("content/pages/tentang2\n.md", r"content/pages/tentang2\n.md", r"'\n'"),
    ("content/pages/tentang 2.md", "content/pages/tentang 2.md", "' '"),
]


@pytest.mark.parametrize(("name", "shown", "char"), NAMES)
def test_odd_file_names_are_refused_and_shown_escaped(name, shown, char, tmp_path):
    root = valid_root(tmp_path)
    file = root / name
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text((root / REGENCY).read_text() if name.endswith(".yaml") else "# Judul\n\nTeks.\n")
    result = check(root)
    message = f"{shown}: file name has a character outside letters, digits, '.', '-' and '_' ({char}); rename the file"
    assert_refused(result, [message])
    assert not any(c in result.output for c in "\x1b\u202e"), repr(result.output)


def test_control_characters_in_messages_are_escaped():
    from generator.errors import Problem

    assert str(Problem("a\nb.yaml", 1, 2, "got \x1b[2J\u202e")) == r"a\nb.yaml:1:2: got \x1b[2J\u202e"


# Markdown that would take minutes, or recurse too deep ----------------------------------------------


def _narrative_root(tmp_path: Path, text: str) -> Path:
    root = valid_root(tmp_path)
    (root / NARRATIVE).parent.mkdir(parents=True)
    (root / NARRATIVE).write_text(text, encoding="utf-8")
    return root


def test_pathological_narrative_over_the_cap_is_refused_by_size(tmp_path):
    root = _narrative_root(tmp_path, "[" * 100_000)
    started = time.perf_counter()
    assert_refused(
        check(root), [f"{NARRATIVE}: file is 100,000 bytes, over the limit of 65,536; refused before parsing"]
    )
    assert time.perf_counter() - started < 5


def _paragraphs(start: str, fill: str = "kata ") -> str:
    """Paragraphs as long as allowed, each starting with ``start``, up to the size cap."""
    block = (start + fill * narrative.MAX_BLOCK)[: narrative.MAX_BLOCK - 1]
    return "\n\n".join([block] * (narrative.MAX_BYTES // (narrative.MAX_BLOCK + 2)))


AT_THE_LIMITS = {  # Python-Markdown is super-linear on each of these: they stay under the limits
    "brackets": _paragraphs("[" * 32),
    "links": _paragraphs("[x](" * 32),
    "angle brackets": _paragraphs("<a " * 32),
    "autolinks": _paragraphs("<http://a " * 32),
    "backticks": _paragraphs("`` `" * 21),
    "all marks": _paragraphs("[" * 32 + "<" * 32 + "`" * 64),
    "emphasis": _paragraphs("", "*_"),
    "stars": _paragraphs("", "*a"),
    "backslashes": _paragraphs("", "\\"),
    "nested lists": _paragraphs("", "1. " * 16 + "x\n"),
    "nested quotes": _paragraphs("", "> " * 16 + "x\n"),
    "indented lists": _paragraphs("", "".join(" " * (4 * i) + "- a\n" for i in range(16))),
}


@pytest.mark.parametrize("case", sorted(AT_THE_LIMITS))
def test_markdown_at_the_limits_is_accepted_and_fast(case):
    text = AT_THE_LIMITS[case]
    assert len(text.encode()) <= narrative.MAX_BYTES
    assert narrative.limits(text) == []
    for section in (True, False):
        started = time.perf_counter()
        narrative.to_html(text, section=section)
        assert time.perf_counter() - started < 5, case  # ~0.6 s at worst, unloaded


OVER_THE_LIMITS = {
    "brackets": (
        "[" * 20_000,
        "3:33: this paragraph has 20,000 '[' characters, over the limit of 32 (Markdown "
        "slows down badly on many); split the paragraph or write fewer",
    ),
    "angle brackets": (
        "<a " * 100,
        "3:97: this paragraph has 100 '<' characters, over the limit of 32 (Markdown "
        "slows down badly on many); split the paragraph or write fewer",
    ),
    "backticks": (
        "`` `" * 100,
        "3:86: this paragraph has 300 '`' characters, over the limit of 64 (Markdown "
        "slows down badly on many); split the paragraph or write fewer",
    ),
    "ordered lists": ("1. " * 20_000, "3:1: lists or quotes nested 20000 deep, over the limit of 16"),
    "lists": ("- a\n" + "- " * 30_000 + "x", "4:1: lists or quotes nested 29998 deep, over the limit of 16"),
    "quotes": (">" * 50_000, "3:1: lists or quotes nested 50000 deep, over the limit of 16"),
}


@pytest.mark.parametrize("case", sorted(OVER_THE_LIMITS))
def test_markdown_over_the_limits_is_refused_with_a_place(case, tmp_path):
    body, message = OVER_THE_LIMITS[case]
    root = _narrative_root(tmp_path, GOOD_NARRATIVE + "\n" + body[:60_000] + "\n")
    started = time.perf_counter()
    result = check(root)
    assert time.perf_counter() - started < 5
    lines = result.stderr.splitlines()
    assert f"{NARRATIVE}:{message}" in lines, lines
    assert result.exit_code == 1 and "Traceback" not in result.output


def test_recursion_in_markdown_never_escapes():
    html = narrative.to_html("1. " * 5000 + "<script>x</script>")
    assert "<script" not in html and "1. 1." in html
