"""Two builds on one root at once: the second waits for the first (lock.py), each ends, and the
output is then exactly a clean build's. Built from the small golden fixture site."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from conftest import BUILD_EPOCH

GOLDEN = Path(__file__).parent / "golden" / "site"
PAIRS = 3


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def jaring(root: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "generator", "build", "--root", str(root), *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "SOURCE_DATE_EPOCH": BUILD_EPOCH},
    )


def root_in(folder: Path) -> Path:
    shutil.copytree(GOLDEN / "data", folder / "data")
    shutil.copytree(GOLDEN / "content", folder / "content")
    return folder


def test_concurrent_clean_builds_wait_for_each_other_and_leave_a_clean_build(tmp_path):
    reference = root_in(tmp_path / "reference")
    assert jaring(reference, "--clean").wait(60) == 0
    expected = tree(reference / "output")

    root = root_in(tmp_path / "site")
    assert jaring(root).wait(60) == 0
    for pair in range(PAIRS):
        started = time.monotonic()
        first = jaring(root, "--clean")
        time.sleep(0.5 + 0.4 * pair)
        second = jaring(root, "--clean")
        said = []
        for process in (first, second):
            _, err = process.communicate(timeout=60)
            assert process.returncode == 0, err
            assert "Traceback" not in err
            said.append(err)
        assert time.monotonic() - started < 60
        # one waited for the other (the second, unless the first was still starting)
        assert (
            f"waiting for the build in progress (pid {first.pid}) into {root / 'output'}…" in said[1]
            or f"waiting for the build in progress (pid {second.pid}) into {root / 'output'}…" in said[0]
        ), said
        assert tree(root / "output") == expected, f"pair {pair}"
        assert not list(tmp_path.glob("site/.output-staging-*"))
    assert not (root / ".jaring-cache" / "lock").exists() and not (tmp_path / "site" / ".output.lock").exists()


def test_a_second_build_says_it_waits_or_with_no_wait_fails_at_once(tmp_path):
    root = root_in(tmp_path / "site")
    first = jaring(root, "--clean")
    lock = root / ".jaring-cache" / "lock"
    deadline = time.monotonic() + 30
    while not (lock.is_file() and lock.read_text()) and time.monotonic() < deadline:
        time.sleep(0.01)
    refused = jaring(root, "--no-wait")
    _, refused_err = refused.communicate(timeout=60)
    waiting = jaring(root)
    _, waiting_err = waiting.communicate(timeout=60)
    _, first_err = first.communicate(timeout=60)
    assert first.returncode == 0, first_err
    output = root / "output"
    assert refused.returncode == 1
    assert (
        refused_err == f"error: another build (pid {first.pid}) is writing {output}; run again when it is done, "
        "or with --wait\n"
    )
    assert waiting.returncode == 0, waiting_err
    assert waiting_err.startswith(f"waiting for the build in progress (pid {first.pid}) into {output}…\n")
    assert "Nothing changed since the last build" in waiting_err  # it waited, then found the first's site
    assert not lock.exists() and not (tmp_path / "site" / ".output.lock").exists()
