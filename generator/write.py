"""Stage 6, write: into a sibling staging folder first, then into place.

A failed or killed build never touches the published ``output/``: until everything is ready, it
goes to ``.output-staging-<pid>`` beside it. A full build then swaps the whole folder in with one
atomic ``renameat2(RENAME_EXCHANGE)`` on Linux (two renames elsewhere). A rebuild after a small
change (``update_site``) moves in only the files that changed, one rename each: relinking 12 000
unchanged files into a new folder took seconds. Every write goes through ``_safe_path``, which
refuses anything that would land outside the folder written to, and no link is followed.

The big files of a build (pictures, press kits) need not be held in memory until then: a ``Spill``
writes each as it is made into a folder beside the output, and hands back a ``Spilled`` that stands
for its bytes; writing the site then links it into place.

The marker file (``.jaring-output``) is written last, once every file is in place: it names the
inputs' digest and a digest of the folder's listing (``cache.listing``: paths and kinds). A build
believes it only while the folder still matches: a file missing or added by hand, or a link placed
there, and the next build makes the whole folder anew (so it also removes what Jaring did not make).
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import errno
import os
import re
import shutil
import stat
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from .cache import listing
from .errors import OutputError

MARKER = ".jaring-output"  # says "this folder was made by Jaring and may be replaced"
_SEGMENT = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9._-]*$")


@dataclass(frozen=True)
class Spilled:
    """A finished file's bytes, written out by a ``Spill``: in the site's files in place of the bytes."""

    path: Path
    size: int

    def read_bytes(self) -> bytes:
        return self.path.read_bytes()


Content = bytes | Spilled  # what a site's files map their paths to


def read(content: Content) -> bytes:
    return content if isinstance(content, bytes) else content.read_bytes()


class Spill:
    """Files written out as soon as they are made, into ``.<output>-spill-<pid>`` beside the output
    (the same file system, so writing the site links them into place instead of copying). A cold build
    of the whole country made ~2 GB of pictures and press kits; held until the end, they were most of
    its memory. The folder is made at the first file (a build that fails on its inputs leaves nothing
    beside the output) and removed on ``close``; a killed build's, by the next build's first file."""

    def __init__(self, output: Path):
        self.output = output.absolute()
        self.folder = self.output.parent / f".{self.output.name}-spill-{os.getpid()}"
        self.count = 0
        self.lock = threading.Lock()  # pictures come from the drawing thread while pages come from the main one

    def keep(self, data: bytes) -> Spilled:
        """``data`` written out now; the returned ``Spilled`` stands for it. Safe from several threads:
        each file gets a number of its own."""
        try:
            with self.lock:
                number, self.count = self.count, self.count + 1
                if number == 0:
                    self.output.parent.mkdir(parents=True, exist_ok=True)
                    for stale in self.output.parent.glob(f".{self.output.name}-spill-*"):
                        shutil.rmtree(stale, ignore_errors=True)
                    self.folder.mkdir()
            path = self.folder / f"{number:07d}"
            path.write_bytes(data)
        except OSError as exc:
            raise OutputError(
                f"cannot write {self.output}: {exc.strerror or exc}; the previous output is unchanged"
            ) from None
        return Spilled(path, len(data))

    def close(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self) -> Spill:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def write_site(
    files: Mapping[str, Content],
    output: Path,
    root: Path,
    inputs: list[Path],
    before_swap: Callable[[Path], None] | None = None,
    marker: str = "",
    clear_in_background: bool = False,
) -> None:
    """Replace ``output`` with exactly ``files`` (relative path -> bytes, or a ``Spilled`` file).

    ``output`` may sit inside the site ``root`` but must neither hold nor sit inside an input folder.
    ``before_swap`` may add to the finished staging folder (the search index); if it fails, nothing is swapped.
    ``marker`` (the inputs' digest) is written into the marker file, so a later build can tell nothing changed.
    ``clear_in_background``: the previous site, swapped out, is deleted by a detached process (deleting
    thousands of files and folders took seconds here) under the name ``.<output>-old-<pid>``.
    """
    output = output.absolute()
    _check_target(output, root, inputs)
    with _staging(output) as staging:
        for old in output.parent.glob(f".{output.name}-old-*"):  # a previous site not yet cleared
            _clear(old, output, background=True)
        _write_files(staging, files)
        if before_swap is not None:
            before_swap(staging)
        (staging / MARKER).write_text(_marker_text(marker, listing(staging, skip=(MARKER,))))
        _swap(staging, output)
    _clear(staging, output, clear_in_background)  # after the swap it holds the previous site


def update_site(
    files: Mapping[str, Content],
    output: Path,
    root: Path,
    inputs: list[Path],
    remove: list[str],
    before_commit: Callable[[Path], None] | None = None,
    marker: str = "",
    indexes: tuple[str, ...] = ("pagefind",),
) -> int:
    """Bring the Jaring output folder ``output`` up to date in place: write ``files`` where they differ
    from what is there, delete ``remove``, and replace each search index (``indexes``: ``pagefind``,
    ``en/pagefind``, one per edition) by what ``before_commit`` made.
    Returns how many files were written.

    For a rebuild after a small change: everything is first written to a staging folder (a failure
    up to there changes nothing), then moved in by one rename per changed file, the search index by
    one atomic exchange. The marker loses its inputs digest before the first rename and gets the new
    one after the last, so a build killed in between leaves an output the next build rebuilds in full.
    Never follows a link placed in ``output`` (the caller updates in place only an output whose listing
    matches its marker; see cache.output_digest).
    """
    output = output.absolute()
    _check_target(output, root, inputs)
    if not (output / MARKER).is_file():
        raise OutputError(f"refusing to update {output}: it was not made by Jaring")
    with _staging(output) as staging:
        changed = sorted(rel for rel, data in files.items() if not _holds(_safe_path(output, rel), data))
        _write_files(staging, {rel: files[rel] for rel in changed})
        if before_commit is not None:
            before_commit(staging)
        (staging / MARKER).write_text(_marker_text(""))
    try:
        os.replace(staging / MARKER, output / MARKER)  # from here until the end: "being updated"
        made = {output}
        for rel in changed:
            target = _safe_path(output, rel)
            _folder(target.parent, made)
            os.replace(_safe_path(staging, rel), target)
        for rel in remove:
            target = _safe_path(output, rel)
            target.unlink(missing_ok=True)
            for folder in target.parents:  # and the folders it leaves empty
                if folder == output or any(folder.iterdir()):
                    break
                folder.rmdir()
        for index in indexes:
            if (staging / index).is_dir():
                _folder((output / index).parent, made)
                _swap(staging / index, output / index)
        # last, once every file is in place: the inputs it was built from, and what it now holds
        (staging / f"{MARKER}.new").write_text(_marker_text(marker, listing(output, skip=(MARKER,))))
        os.replace(staging / f"{MARKER}.new", output / MARKER)
    except OSError as exc:
        raise OutputError(
            f"cannot write {output}: {exc.strerror or exc}; it is partly updated, and the next "
            "build rebuilds it in full"
        ) from None
    _clear(staging, output, background=True)  # it holds the previous search index
    return len(changed)


@contextlib.contextmanager
def _staging(output: Path) -> Iterator[Path]:
    """A fresh staging folder beside ``output`` (clearing those killed builds left). If the work inside
    fails, the folder goes, and an OSError is told as an OutputError: the output was not touched."""
    staging = output.parent / f".{output.name}-staging-{os.getpid()}"
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        for stale in output.parent.glob(f".{output.name}-staging-*"):
            shutil.rmtree(stale, ignore_errors=True)
        for stale in output.parent.glob(f".{output.name}-spill-*"):  # a killed build's (this one's is in use)
            if stale.name != f".{output.name}-spill-{os.getpid()}":
                shutil.rmtree(stale, ignore_errors=True)
        staging.mkdir()
        yield staging
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise OutputError(f"cannot write {output}: {exc.strerror or exc}; the previous output is unchanged") from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _write_files(folder: Path, files: Mapping[str, Content]) -> None:
    made = {folder}
    for rel, data in sorted(files.items()):
        target = _safe_path(folder, rel)
        _folder(target.parent, made)
        if isinstance(data, bytes):
            target.write_bytes(data)
            continue
        try:  # a hard link: the spill is on the output's file system (it may stand at two paths)
            os.link(data.path, target)
        except OSError:
            shutil.copyfile(data.path, target)


def _holds(path: Path, data: Content) -> bool:
    """Whether the plain file at ``path`` (not a link) has exactly ``data`` (the size first: most
    changes change it)."""
    size = len(data) if isinstance(data, bytes) else data.size
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
    except OSError:
        return False
    with open(fd, "rb") as file:
        info = os.fstat(fd)
        return stat.S_ISREG(info.st_mode) and info.st_size == size and file.read() == read(data)


def _marker_text(digest: str, files: str = "") -> str:
    return (
        "Built by Jaring. This folder is replaced on every build.\n"
        + (f"inputs {digest}\n" if digest else "")
        + (f"files {files}\n" if digest and files else "")
    )


def _folder(folder: Path, made: set[Path]) -> None:
    """Make ``folder`` (inside a folder of ``made``), refusing to write through a link placed there."""
    if folder not in made:
        folder.mkdir(parents=True, exist_ok=True)
        for part in (folder, *folder.parents):
            if part in made:
                break
            if part.is_symlink():
                raise OutputError(f"refusing to write into {part}: it is a symbolic link")
            made.add(part)


def _clear(previous: Path, output: Path, background: bool) -> None:
    if not background:
        shutil.rmtree(previous, ignore_errors=True)
        return
    old = (
        previous
        if previous.name.startswith(f".{output.name}-old-")
        else output.parent / f".{output.name}-old-{os.getpid()}"
    )
    try:
        if old != previous:
            previous.rename(old)
        subprocess.Popen(
            [sys.executable, "-c", "import shutil, sys; shutil.rmtree(sys.argv[1], ignore_errors=True)", str(old)],
            start_new_session=True,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    except OSError:
        shutil.rmtree(previous, ignore_errors=True)


def _safe_path(staging: Path, rel: str) -> Path:
    """``staging/rel``, refusing anything but plain relative names: no "..", no hidden or absolute parts.
    (A string check, not ``resolve()``: the staging folder is Jaring's own, with no links in it, and
    resolving every one of thousands of paths cost seconds.)"""
    parts = rel.split("/")
    if not all(_SEGMENT.match(part) for part in parts):
        raise OutputError(f"refusing to write {rel!r}: not a plain relative path")
    return staging.joinpath(*parts)


def _check_target(output: Path, root: Path, inputs: list[Path]) -> None:
    for path in [root.absolute(), *(p.absolute() for p in inputs)]:
        if path.is_relative_to(output):
            raise OutputError(f"refusing to build into {output}: it holds {path}")
    for path in inputs:
        if output.is_relative_to(path.absolute()):
            raise OutputError(f"refusing to build into {output}: it is inside the input folder {path}")
    if output.exists() and not output.is_dir():
        raise OutputError(f"refusing to build into {output}: it is a file")
    if output.is_dir() and any(output.iterdir()) and not (output / MARKER).exists():
        raise OutputError(f"refusing to replace {output}: it is not empty and was not made by Jaring")


def _swap(staging: Path, output: Path) -> None:
    if not output.exists():
        os.rename(staging, output)
    elif not _exchange(staging, output):
        old = output.parent / f".{output.name}-old-{os.getpid()}"
        os.rename(output, old)
        os.rename(staging, output)
        os.rename(old, staging)


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two folders (Linux renameat2); False where the system cannot."""
    libc_name = ctypes.util.find_library("c")
    if libc_name is None:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    if not hasattr(libc, "renameat2"):
        return False
    at_fdcwd, rename_exchange = -100, 2
    if libc.renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL):
        return False
    raise OSError(err, os.strerror(err))
