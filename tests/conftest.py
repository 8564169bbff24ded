"""Shared fixtures. Builds pin their date with SOURCE_DATE_EPOCH so output is reproducible."""

from __future__ import annotations

import functools
import http.server
import io
import shutil
import threading
from pathlib import Path
from typing import ClassVar

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


# --- Serving a built site, and a real browser (tests/test_browser.py) ---------------------------------------

class SiteServer:
    """A static server on 127.0.0.1 over one built site, in a thread. Like a real host, it answers a missing
    path with 404.html and status 404 (at any depth), and serves index.html for a folder."""

    TYPES: ClassVar[dict[str, str]] = {".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8",
                                       ".js": "text/javascript; charset=utf-8", ".json": "application/json",
                                       ".svg": "image/svg+xml", ".png": "image/png", ".zip": "application/zip",
                                       ".csv": "text/csv; charset=utf-8", ".txt": "text/plain; charset=utf-8",
                                       ".xml": "application/xml", ".wasm": "application/wasm"}

    def __init__(self, folder: Path):
        server = self

        class Handler(http.server.SimpleHTTPRequestHandler):
            extensions_map: ClassVar[dict[str, str]] = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                                                        **SiteServer.TYPES}

            def send_head(self):
                local = Path(self.translate_path(self.path))
                if not (local.is_file() or (local.is_dir() and (local / "index.html").is_file())):
                    body = (folder / "404.html").read_bytes()
                    self.send_response(404)
                    self.send_header("Content-Type", "text/html; charset=utf-8")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    return io.BytesIO(body)
                return super().send_head()

            def log_message(self, format, *args):  # keep pytest's output clean
                server.log.append(format % args)

        self.log: list[str] = []
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(folder)))
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
def site_server(shipped_site):
    """The shipped site over HTTP; ``site_server.url`` is "http://127.0.0.1:PORT/"."""
    with SiteServer(shipped_site) as server:
        yield server


CHROMIUM = "/usr/bin/chromium"  # Debian's Chromium (.ci/run installs it); Playwright's own download is not used


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
