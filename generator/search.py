"""The search index: Pagefind over one small *search document* per indexed page.

A search document is a page's ``<title>`` and ``<main>``, less the parts the templates mark
``<!--search:off-->`` … ``<!--search:on-->`` (the long tables of figures and sources, chart captions,
the citation toolkit, each figure's citation and share links): readers search for places and words, not
for every number. Pagefind's time grows with the bytes it parses: the 558 documents of an edition of the
synthetic nationwide site took it 1.5 s of CPU at 11 MB, 0.8 s at 5.4 MB without the figures' citations.

The documents are kept between builds in ``.jaring-cache/search/``, laid out like the site so that
Pagefind's result URLs are the pages' own; ``search.json`` beside it names the version (hash) of each
document in place. A rebuild writes only the documents of the pages it made again. Pagefind runs
while the pictures are drawn, into a folder beside the output that moves in with the rest of the
site; so a failed index leaves ``output/`` as it was.

Each edition of the site has its own documents (``search/``, ``search-en/``…), its own Pagefind run and
its own index in its folder (``pagefind/``, ``en/pagefind/``): an edition's search page loads the index
beside its root, and so finds that edition's pages only, in its language's stemming.

Nothing there is taken on trust: ``search.json`` is signed with the root's key (cache.Seal), and each
document it names is read and hashed before it counts as in place; one missing, changed or unnamed
is removed, and the pages whose documents are not in place are made again. When the cache cannot be
written (read-only, full), the documents are put together in a temporary folder instead.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import zlib
from pathlib import Path

from . import cache as cached
from .errors import OutputError

OFF, ON = "<!--search:off-->", "<!--search:on-->"


def document(page: str) -> bytes:
    """The search document of a rendered page (see above). Markers may nest."""
    title = page[page.index("<title>") : page.index("</title>") + len("</title>")]
    lang = re.search(r'<html lang="([a-z]{2,3}(?:-[A-Za-z]+)?)"', page)  # the page's own language
    main = page[page.index("<main") : page.index("</main>") + len("</main>")]
    kept, depth, at = [], 0, 0
    while True:
        off, on = main.find(OFF, at), main.find(ON, at)
        if off == -1 and on == -1:
            break
        if off != -1 and (on == -1 or off < on):
            if depth == 0:
                kept.append(main[at:off])
            depth, at = depth + 1, off + len(OFF)
        else:
            if depth == 0:
                raise ValueError(f"{ON} without {OFF}")
            depth, at = depth - 1, on + len(ON)
    if depth:
        raise ValueError(f"{OFF} without {ON}")
    kept.append(main[at:])
    return (
        f'<!doctype html>\n<html lang="{lang[1] if lang else "id"}">\n'
        f'<head><meta charset="utf-8">{title}</head>\n<body>\n' + _terms("".join(kept)) + "\n</body>\n</html>\n"
    ).encode()


def _terms(html: str) -> str:
    """A list of terms as paragraphs, "term: description": Pagefind 1.5 takes ``dt`` and ``dd`` for inline
    elements, so its excerpts ran a term into its description ("Dasar hukumPeraturan Bupati", Pagefind
    issue #736). Only the search document changes; the page keeps its ``<dl>``."""
    html = re.sub(r"<dt\b[^>]*>(.*?)</dt>", lambda m: f"<p>{m[1].rstrip().removesuffix(':')}:</p>", html, flags=re.S)
    return re.sub(r"<dd\b[^>]*>(.*?)</dd>", r"<p>\1</p>", html, flags=re.S)


def digest(doc: bytes) -> str:
    return hashlib.sha256(doc).hexdigest()


class Documents:
    """The search documents in ``<cache>/search/`` and which version of each is there."""

    def __init__(self, cache: Path, reset: bool = False, name: str = "search"):
        self.folder, self.state_file = cache / name, cache / f"{name}.json"
        self.seal = cached.Seal(cache)
        self.spare: Path | None = None  # where the documents are when the cache cannot hold them
        self.state: dict[str, str] = {}
        if not reset:
            with contextlib.suppress(OSError, ValueError, TypeError):
                self.state = json.loads(self.seal.open(self.state_file.read_bytes(), self.state_file.name) or b"")
        if not isinstance(self.state, dict) or not all(isinstance(v, str) for v in self.state.values()):
            self.state = {}
        self.state = self._verified() if self.state else {}
        if not self.state:
            with contextlib.suppress(OSError):
                self.state_file.unlink(missing_ok=True)
            shutil.rmtree(self.folder, ignore_errors=True)  # unknown contents: start afresh

    def _verified(self) -> dict[str, str]:
        """The documents of the state that are in place, as named; any other file there is removed."""
        held = {}
        for file in sorted(self.folder.rglob("*")) if self.folder.is_dir() else ():
            rel = file.relative_to(self.folder).as_posix()
            if file.is_symlink() or not file.is_file():
                if file.is_symlink():
                    file.unlink(missing_ok=True)
                continue
            try:
                if self.state.get(rel) == digest(file.read_bytes()):
                    held[rel] = self.state[rel]
                    continue
                file.unlink()
            except OSError:
                pass
        return held

    def hold(self, docs: dict[str, str]) -> bool:
        """Whether exactly these versions (path -> digest) are in place."""
        return all(self.state.get(path) == version for path, version in docs.items())

    def update(self, new: dict[str, bytes], wanted: dict[str, str]) -> None:
        """Write the ``new`` documents and remove those not ``wanted``; ``wanted`` is then the state.
        Every wanted document must be new or in place (``hold``)."""
        try:
            self.state_file.unlink(missing_ok=True)  # until this is done, what is in place is unknown
            for path, doc in new.items():
                target = self.folder / path
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(doc)
            for path in self.state.keys() - wanted.keys():
                (self.folder / path).unlink(missing_ok=True)
        except OSError:  # a read-only or full cache: the documents go to a folder of their own
            self._elsewhere(new, wanted)
            return
        self.state = dict(sorted(wanted.items()))
        sealed = self.seal.sign(json.dumps(self.state, indent=0).encode(), self.state_file.name)
        if sealed is not None:
            cached.write(self.state_file, sealed)

    def _elsewhere(self, new: dict[str, bytes], wanted: dict[str, str]) -> None:
        self.spare = Path(tempfile.mkdtemp(prefix="jaring-search-"))
        try:
            for path in wanted:
                target = self.spare / path
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(new[path] if path in new else (self.folder / path).read_bytes())
        except OSError:
            shutil.rmtree(self.spare, ignore_errors=True)
            raise
        self.folder, self.state = self.spare, dict(sorted(wanted.items()))

    def start_index(
        self,
        output: Path,
        reusable: frozenset[str] = frozenset(),
        language: str = "id",
        edition: str = "",
        after: Indexing | None = None,
    ) -> Indexing:
        """Start Pagefind over the documents, writing beside ``output`` (it is moved in with the site, to
        ``output/<edition>pagefind``: ``edition`` is the edition's folder, "" or "en/"); with ``after``,
        once that one has ended (one Pagefind at a time holds less memory).

        ``reusable``: documents (paths) unchanged since the index in ``output/pagefind`` was made. Their
        fragments are hard-linked into the new index, and Pagefind, which leaves a content-named file
        alone when it exists, writes only the rest: creating 556 small files cost ~0.5 s on this disk."""
        for stale in output.parent.glob(f".{output.name}-search-*"):  # left by a killed build (not this one's)
            if not stale.name.endswith(f"-{os.getpid()}"):
                shutil.rmtree(stale, ignore_errors=True)
        folder = output.parent / f".{output.name}-search-{edition.strip('/') or 'default'}-{os.getpid()}"
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        if reusable:
            _link_fragments(
                output / edition / "pagefind" / "fragment", folder / "fragment", {url(path) for path in reusable}
            )
        command = [*_pagefind(), "--site", str(self.folder), "--output-path", str(folder), "--force-language", language]
        return Indexing(
            command,
            folder,
            len(self.state),
            lambda: self.start_index(output, language=language, edition=edition) if reusable else None,
            self.spare,
            after,
        )


class Indexing:
    """A running Pagefind: ``finish()`` waits for the index folder; ``cancel()`` drops it.
    ``spare``: a temporary folder of documents (see Documents), removed once Pagefind is done.
    ``after``: started only once that one's process has ended (by a thread of its own, so that it
    still runs while the pictures are drawn)."""

    def __init__(
        self,
        command: list[str],
        folder: Path,
        pages: int,
        afresh=lambda: None,
        spare: Path | None = None,
        after: Indexing | None = None,
    ):
        self.command, self.folder, self.pages, self.afresh, self.spare = command, folder, pages, afresh, spare
        # what Pagefind prints: a file, as nobody reads a pipe while it runs (closed when the Indexing is collected)
        self.said = tempfile.TemporaryFile()  # noqa: SIM115
        self.process: subprocess.Popen | None = None
        self.cancelled = False
        self.lock = threading.Lock()
        self.turn: threading.Thread | None = None
        if after is None:
            self._start()
        else:
            self.turn = threading.Thread(target=self._start_after, args=(after,), daemon=True)
            self.turn.start()

    def _start(self) -> None:
        with self.lock:
            if not self.cancelled:
                self.process = subprocess.Popen(
                    self.command, stdout=self.said, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL
                )

    def _start_after(self, after: Indexing) -> None:
        after.wait()
        self._start()

    def wait(self) -> None:
        """Until this Pagefind has ended (or will never start)."""
        if self.turn is not None:
            self.turn.join()
        if self.process is not None:
            self.process.wait()

    def finish(self) -> Path:
        self.wait()
        if self.process is None:
            raise OutputError("the search index could not be built: Pagefind was not started")
        if self.process.returncode != 0:
            shutil.rmtree(self.folder, ignore_errors=True)
            self._drop_spare()
            self.said.seek(0)
            said = self.said.read().decode("utf-8", "replace").strip()
            raise OutputError(f"the search index could not be built (Pagefind): {said}")
        fragments = sum(1 for _ in (self.folder / "fragment").iterdir())
        if fragments != self.pages and (again := self.afresh()) is not None:
            # a linked fragment Pagefind did not make again: it no longer matches; index without links
            shutil.rmtree(self.folder, ignore_errors=True)
            return again.finish()
        if fragments != self.pages:  # never publish an index that misses pages
            shutil.rmtree(self.folder, ignore_errors=True)
            self._drop_spare()
            raise OutputError(
                f"the search index could not be built: Pagefind indexed {fragments} of {self.pages} pages"
            )
        self._drop_spare()
        return self.folder

    def cancel(self) -> None:
        """Stop and drop it, if it was not finished and moved in (then this does nothing)."""
        with self.lock:
            self.cancelled = True
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        shutil.rmtree(self.folder, ignore_errors=True)
        self._drop_spare()

    def _drop_spare(self) -> None:
        if self.spare is not None:
            shutil.rmtree(self.spare, ignore_errors=True)


def url(path: str) -> str:
    """The URL Pagefind gives the page at ``path``: "aceh/kota-banda-aceh/index.html" -> "/aceh/kota-banda-aceh/"."""
    return "/" + path.removesuffix("index.html")


_FRAGMENT_URL = re.compile(rb'^pagefind_dcd\{"url":"((?:[^"\\]|\\.)*)"')


def _link_fragments(source: Path, target: Path, urls: set[str]) -> None:
    """Hard-link the fragments of ``urls`` (a fragment is gzipped "pagefind_dcd" + JSON, url first)."""
    try:
        target.mkdir(parents=True, exist_ok=True)
        for fragment in source.iterdir():
            head = zlib.decompressobj(31).decompress(fragment.read_bytes(), 4096)
            found = _FRAGMENT_URL.match(head)
            if found and json.loads(b'"' + found[1] + b'"') in urls:
                os.link(fragment, target / fragment.name)
    except (OSError, zlib.error, ValueError):  # no index yet, another file system, a new format: make all
        shutil.rmtree(target, ignore_errors=True)


def _pagefind() -> list[str]:
    """The Pagefind binary of the pagefind[bin] package (run directly: ``python -m pagefind`` costs
    another interpreter start, ~0.1 s)."""
    try:
        from pagefind.service import get_executable  # the path its own ``python -m pagefind`` runs

        found = get_executable()
    except ImportError:  # a newer wrapper: let it find its binary
        found = None
    return [str(found)] if found is not None else [sys.executable, "-m", "pagefind"]
