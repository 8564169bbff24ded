"""Shared fixtures. Builds pin their date with SOURCE_DATE_EPOCH so output is reproducible."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
BUILD_EPOCH = "1795219200"  # 2026-11-21, the day the seed data was entered


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true",
                     help="Rewrite tests/golden/expected from the current build instead of comparing.")


@pytest.fixture(autouse=True)
def pinned_date(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", BUILD_EPOCH)


@pytest.fixture(scope="session")
def shipped_site(tmp_path_factory) -> Path:
    """The real site, built once from the repository's own data into a temporary folder."""
    import os

    from generator.build import build

    output = tmp_path_factory.mktemp("site") / "output"
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = BUILD_EPOCH
    try:
        build(REPO, output)
    finally:
        if previous is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous
    return output


@pytest.fixture
def site_copy(tmp_path) -> Path:
    """A writable copy of the repository's data and content, for tests that change inputs."""
    root = tmp_path / "site"
    shutil.copytree(REPO / "data", root / "data")
    shutil.copytree(REPO / "content", root / "content")
    return root
