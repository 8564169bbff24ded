"""``jaring serve``: build, serve ``output/`` on localhost, rebuild on every change under the root,
and reload the open page.

The published site has no live-reload code: this server adds one external script,
``/_jaring/reload.js``, to the HTML it serves (allowed by the pages' CSP: same origin). The script
polls ``/_jaring/status``; a new build reloads the page, a failed one shows its problems in a banner.
A failed rebuild never stops the server: the previous site stays up, as ``output/`` does.
"""

from __future__ import annotations

import http.server
import json
import threading
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

    def do_GET(self):  # noqa: N802 - the stdlib's name
        path = self.path.split("?", 1)[0]
        if self.state is not None and path == "/_jaring/status":
            with self.state.lock:
                return self._send(200, "application/json", json.dumps(
                    {"build": self.state.build, "error": self.state.error}).encode())
        if self.state is not None and path == "/_jaring/reload.js":
            return self._send(200, "text/javascript", RELOAD_JS)
        file = Path(self.translate_path(path))
        if file.is_dir():
            file = file / "index.html"
        if file.suffix == ".html" and file.is_file():
            return self._send(200, "text/html; charset=utf-8", self._with_reload(file.read_bytes()))
        if not file.exists():
            missing = Path(self.directory) / "404.html"
            body = self._with_reload(missing.read_bytes()) if missing.is_file() else b"Not found"
            return self._send(404, "text/html; charset=utf-8", body)
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

    def log_message(self, format, *args):  # noqa: A002 - quiet: the terminal is for builds
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
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port),
                                             partial(Handler, directory=str(output), state=state))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    say(f"Serving {output} at http://127.0.0.1:{server.server_address[1]}/ (Ctrl+C stops)")
    ignored = (output.resolve(), (root / ".jaring-cache").resolve())

    def relevant(change, path: str) -> bool:
        """Inputs only: not the output, the cache, .git, virtual environments or editors' temporary files."""
        resolved = Path(path).resolve()
        if any(resolved.is_relative_to(folder) for folder in ignored) or not resolved.is_relative_to(root.resolve()):
            return False
        parts = resolved.relative_to(root.resolve()).parts
        return not any(part.startswith((".", "#")) or part in ("__pycache__", "node_modules") for part in parts) \
            and not path.endswith("~")

    try:
        for changes in watch(root, watch_filter=relevant, debounce=300, raise_interrupt=False):
            say(f"Changed: {', '.join(sorted({Path(p).name for _, p in changes}))}; rebuilding")
            state.record(rebuild())
    finally:
        server.shutdown()
