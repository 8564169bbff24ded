"""``jaring serve``: build, serve ``output/`` on localhost, rebuild on every change under the root,
and reload the open page.

The published site has no live-reload code: this server adds one external script,
``/_jaring/reload.js``, to the HTML it serves (allowed by the pages' CSP: same origin). The script
polls ``/_jaring/status``; a new build reloads the page, a failed one shows its problems in a banner.
A failed rebuild never stops the server: the previous site stays up, as ``output/`` does.

It answers only requests for ``127.0.0.1:PORT`` or ``localhost:PORT`` (a page of another site cannot
read the preview through a DNS name pointed at 127.0.0.1: 421), serves nothing that resolves outside
the output folder (a link placed there: 404), and redirects a folder asked for without its slash to
the slash form (301), as a static host does, so the page's relative links resolve.
"""

from __future__ import annotations

import http.server
import json
import threading
import urllib.parse
from collections.abc import Callable
from functools import partial
from pathlib import Path

RELOAD_JS = b"""(function () {
  var seen = null;
  function banner(text) {
    var box = document.getElementById("jaring-serve-error");
    if (!text) { if (box) box.remove(); return; }
    if (!box) {
      box = document.createElement("pre");
      box.id = "jaring-serve-error";
      box.setAttribute("role", "alert");
      box.className = "serve-error";
      document.body.prepend(box);
    }
    box.textContent = "jaring serve: the last rebuild failed; this is the previous site.\\n\\n" + text;
  }
  function poll() {
    fetch("/_jaring/status", { cache: "no-store" }).then(function (r) { return r.json(); }).then(function (s) {
      if (seen !== null && s.build !== seen) { location.reload(); return; }
      seen = s.build;
      banner(s.error);
    }).catch(function () {}).then(function () { setTimeout(poll, 700); });
  }
  poll();
})();
"""
TAG = b'<script src="/_jaring/reload.js" defer></script>'


class State:
    """The number of the last good build and the error of the last failed one, shared with requests."""

    def __init__(self):
        self.build, self.error, self.lock = 0, "", threading.Lock()

    def record(self, error: str) -> None:
        with self.lock:
            if error:
                self.error = error
            else:
                self.build, self.error = self.build + 1, ""


class Handler(http.server.SimpleHTTPRequestHandler):
    """With ``state=None``, the site as a static host serves it: no live-reload parts (the tests use that)."""

    def __init__(self, *args, state: State | None, **kwargs):
        self.state = state
        super().__init__(*args, **kwargs)

    def do_HEAD(self):
        if self._host_allowed():
            super().do_HEAD()

    def _host_allowed(self) -> bool:
        """Whether the request names this server as its host; else it is answered 400 or 421."""
        host, port = self.headers.get("Host"), self.server.server_address[1]  # type: ignore[index]  # (host, port)
        if host is None:
            self._send(400, "text/plain; charset=utf-8", b"Bad Request: no Host header\n")
            return False
        if host.lower() not in (f"127.0.0.1:{port}", f"localhost:{port}"):
            self._send(
                421,
                "text/plain; charset=utf-8",
                f"Misdirected Request: jaring serve answers only "
                f"http://127.0.0.1:{port}/ and http://localhost:{port}/\n".encode(),
            )
            return False
        return True

    def _inside(self, file: Path) -> bool:
        """Whether ``file`` resolves inside the served folder (no link out of it is followed)."""
        try:
            return file.resolve().is_relative_to(Path(self.directory).resolve())
        except (OSError, RuntimeError):
            return False

    def send_head(self):  # for what the stdlib serves itself (not HTML): never through a link out
        if not self._inside(Path(self.translate_path(self.path))):
            self._not_found()
            return None
        return super().send_head()

    def _not_found(self) -> None:
        missing = Path(self.directory) / "404.html"
        body = self._with_reload(missing.read_bytes()) if missing.is_file() and self._inside(missing) else b"Not found"
        self._send(404, "text/html; charset=utf-8", body)

    def do_GET(self):
        if not self._host_allowed():
            return None
        path, _, query = self.path.partition("?")
        path = path.partition("#")[0]
        if self.state is not None and path == "/_jaring/status":
            with self.state.lock:
                return self._send(
                    200, "application/json", json.dumps({"build": self.state.build, "error": self.state.error}).encode()
                )
        if self.state is not None and path == "/_jaring/reload.js":
            return self._send(200, "text/javascript", RELOAD_JS)
        file = Path(self.translate_path(path))
        if not self._inside(file) or not file.exists():
            return self._not_found()
        if file.is_dir():
            if not path.endswith("/"):  # as a static host does: else the page's relative links miss
                self.send_response(301)
                here = "/" + path.lstrip("/")  # never "//host/": that would send the browser elsewhere
                self.send_header("Location", urllib.parse.quote(here + "/", safe="/%") + (f"?{query}" if query else ""))
                self.send_header("Content-Length", "0")
                self.end_headers()
                return None
            file = file / "index.html"
            if not self._inside(file) or not file.is_file():
                return self._not_found()
        if file.suffix == ".html" and file.is_file():
            return self._send(200, "text/html; charset=utf-8", self._with_reload(file.read_bytes()))
        return super().do_GET()

    def _send(self, status: int, kind: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def _with_reload(self, html: bytes) -> bytes:
        return _with_reload(html) if self.state is not None else html

    def log_message(self, format, *args):
        pass


def _with_reload(html: bytes) -> bytes:
    return html.replace(b"</head>", TAG + b"\n</head>", 1)


def serve(root: Path, output: Path, port: int, rebuild: Callable[[], str], say: Callable[[str], None]) -> None:
    """Serve ``output`` and rebuild on changes under ``root`` until interrupted.

    ``rebuild()`` builds once and returns "" or the text of the problems found."""
    from watchfiles import watch

    state = State()
    state.record(rebuild())
    from .engine import start as start_engine

    start_engine()  # so rebuilds draw their few new pictures at once, in this process
    output.mkdir(parents=True, exist_ok=True)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), partial(Handler, directory=str(output), state=state))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    say(f"Serving {output} at http://127.0.0.1:{server.server_address[1]}/ (Ctrl+C stops)")
    ignored = (output.resolve(), (root / ".jaring-cache").resolve())

    def relevant(change, path: str) -> bool:
        """Inputs only: not the output, the cache, .git, virtual environments or editors' temporary files."""
        resolved = Path(path).resolve()
        if any(resolved.is_relative_to(folder) for folder in ignored) or not resolved.is_relative_to(root.resolve()):
            return False
        parts = resolved.relative_to(root.resolve()).parts
        return not any(
            part.startswith((".", "#")) or part in ("__pycache__", "node_modules") for part in parts
        ) and not path.endswith("~")

    try:
        for changes in watch(root, watch_filter=relevant, debounce=300, raise_interrupt=False):
            say(f"Changed: {', '.join(sorted({Path(p).name for _, p in changes}))}; rebuilding")
            state.record(rebuild())
    finally:
        server.shutdown()
