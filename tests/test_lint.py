"""The code's own checks, run with the tests (so the README's test command and CI run them): ruff's lint
rules and format, and mypy over generator/ (the configuration is in pyproject.toml)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO

BIN = Path(sys.executable).parent


@pytest.mark.parametrize(
    "command",
    [
        ["ruff", "check", "--no-cache", "."],
        ["ruff", "format", "--no-cache", "--check", "."],
        ["mypy", "--cache-dir", "{tmp}"],
    ],
    ids=["ruff check", "ruff format", "mypy"],
)
def test_the_code_passes_its_checks(command, tmp_path):
    tool = BIN / command[0]
    if not tool.exists():
        pytest.fail(f"{command[0]} is not installed beside this Python: pip install -e '.[test]'")
    args = [part.replace("{tmp}", str(tmp_path / "cache")) for part in command[1:]]  # no cache left in the repository
    done = subprocess.run([str(tool), *args], cwd=REPO, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
