"""Revision history from git: a changed value is a correction with its date and reason; nothing else."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pytest

from generator.history import UNAVAILABLE, available, file_history
from generator.register import load_register

REGISTER = load_register(Path(__file__).resolve().parent.parent / "data" / "register")
BUILT = dt.date(2026, 11, 21)
REL = "data/regencies/64.08-kutai-timur.yaml"
FILE = """code: "64.08"
sources:
  - id: a
    publisher: P
    title: T
    kind: berita
    published: 2025-10-20
    url: https://x.example/a
    accessed: 2026-11-21
protected:
  - value: {count}
    date: 2025-10-20
    source: a
targets:
  - value: 150000
    date: 2025-10-20
    source: a
"""

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


def _git(repo: Path, *args: str, date: str = "2025-10-21T09:30:00+08:00") -> None:
    env = {"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date, "PATH": "/usr/bin:/bin", "HOME": str(repo)}
    subprocess.run(
        [
            "git",
            "-C",
            str(repo),
            "-c",
            "user.name=T",
            "-c",
            "user.email=t@example.org",
            "-c",
            "commit.gpgsign=false",
            *args,
        ],
        check=True,
        capture_output=True,
        env=env,
    )


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    (root / "data/regencies").mkdir(parents=True)
    _git(root, "init", "-q")
    (root / REL).write_text(FILE.format(count=93000), encoding="utf-8")
    _git(root, "add", ".")
    _git(root, "commit", "-q", "-m", "Kutai Timur: first count")
    (root / REL).write_text("code: [broken\n", encoding="utf-8")  # a version that does not validate: skipped
    _git(root, "commit", "-q", "-am", "half-done edit", date="2025-10-22T08:00:00+08:00")
    (root / REL).write_text(FILE.format(count=93100), encoding="utf-8")
    _git(root, "commit", "-q", "-am", "Kutai Timur: 93.100 as the article prints it", date="2025-10-23T10:00:00+08:00")
    return root


def test_a_changed_value_is_one_correction_with_its_date_and_reason(repo):
    history = file_history(repo, REL, REGISTER, BUILT)
    assert history.available
    [fix] = [c for c in history.corrections if c.kind == "reported"]
    assert (fix.figure, fix.old, fix.new, fix.date, fix.reason) == (
        "protected/2025-10-20/a",
        93000,
        93100,
        "2025-10-23T10:00:00+08:00",
        "Kutai Timur: 93.100 as the article prints it",
    )
    assert history.of("protected/2025-10-20/a") == (fix,)
    # the target did not change: no history; the figures derived from the count changed with it
    assert history.of("target/2025-10-20/a") == ()
    assert {(c.figure, c.old, c.new, c.kind, c.commit) for c in history.corrections if c is not fix} == {
        ("share-of-target/2025-10-20", 62.0, 62.1, "derived", fix.commit),
        ("target-gap/2025-10-20", 57000, 56900, "derived", fix.commit),
    }
    assert file_history(repo, REL, REGISTER, BUILT) == history  # from the commits only


def test_no_repository_or_a_shallow_clone_has_no_history(repo, tmp_path):
    plain = tmp_path / "plain"
    (plain / "data/regencies").mkdir(parents=True)
    shutil.copy(repo / REL, plain / REL)
    assert not available(plain) and file_history(plain, REL, REGISTER, BUILT) == UNAVAILABLE
    shallow = tmp_path / "shallow"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{repo}", str(shallow)], check=True, capture_output=True
    )
    assert file_history(shallow, REL, REGISTER, BUILT) == UNAVAILABLE
    assert file_history(repo, REL, REGISTER, BUILT, usable=False) == UNAVAILABLE


def test_explicit_entries_give_a_found_correction_its_reason_once_or_stand_alone(repo):
    from generator.history import merge
    from generator.schema import RegencyData

    found = file_history(repo, REL, REGISTER, BUILT)
    base = {
        "code": "64.08",
        "sources": [
            {
                "id": "a",
                "publisher": "P",
                "title": "T",
                "kind": "berita",
                "published": dt.date(2025, 10, 20),
                "url": "",
                "accessed": BUILT,
            }
        ],
    }
    entry = {"figure": "protected/2025-10-20/a", "date": dt.date(2025, 10, 23), "reason": "Rilis mencetak 93.100"}
    data = RegencyData.model_validate(
        base | {"corrections": [entry | {"new": 93100, "source": "a"}, entry | {"old": 92000, "new": 93000}]}
    )
    merged = merge(found, data)
    fixed = [c for c in merged.of("protected/2025-10-20/a") if c.commit]
    assert [(c.old, c.new, c.reason, c.source, c.date) for c in fixed] == [
        (93000, 93100, "Rilis mencetak 93.100", "64.08/a", "2025-10-23T10:00:00+08:00")  # the commit's date kept
    ]
    [older] = [c for c in merged.of("protected/2025-10-20/a") if not c.commit]  # matched nothing: stands alone
    assert (older.old, older.new, older.date, older.reason) == (92000, 93000, "2025-10-23", "Rilis mencetak 93.100")
    # derived figures that changed with it keep the commit's subject; availability is git's
    assert all(c.reason == found.corrections[0].reason for c in merged.corrections if c.kind == "derived")
    assert merged.available and merge(UNAVAILABLE, data).available is False
