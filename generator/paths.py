"""Where a site's inputs live, and the build date: light enough to import before deciding to build."""

from __future__ import annotations

import datetime as dt
import errno
import os
import stat
from dataclasses import dataclass
from pathlib import Path

OWN = Path(__file__).resolve().parent  # Jaring's own defaults: packaged, or the repository's


@dataclass(frozen=True)
class Layout:
    """Where a site's inputs live. Pages, templates and the register fall back to Jaring's own;
    narratives never do (they belong to one site's data)."""

    root: Path
    data: Path
    register: Path
    narratives: Path  # content/narratives/ of the root (may not exist)
    pages: Path  # content/pages/
    templates: Path
    static: Path


def layout(root: Path) -> Layout:
    """A site root holds data/; content/pages/, templates/ and data/register/ fall back to Jaring's own."""
    root = root.absolute()

    def own(*parts: str) -> Path:
        for base in (OWN / "_defaults", OWN.parent):
            if (base.joinpath(*parts)).is_dir():
                return base.joinpath(*parts)
        return OWN.parent.joinpath(*parts)

    def pick(local: Path, *parts: str) -> Path:
        return local if local.is_dir() else own(*parts)

    data = root / "data"
    templates = pick(root / "templates", "templates")
    return Layout(
        root,
        data,
        pick(data / "register", "data", "register"),
        root / "content" / "narratives",
        pick(root / "content" / "pages", "content", "pages"),
        templates,
        templates / "static",
    )


def locale_folder() -> Path:
    """Jaring's gettext catalogues (content/locale of a checkout, or of the wheel's defaults): the
    interface's words are the program's, not a site's."""
    for base in (OWN / "_defaults", OWN.parent):
        if (base / "content" / "locale").is_dir():
            return base / "content" / "locale"
    return OWN.parent / "content" / "locale"


def build_date() -> dt.date:
    """SOURCE_DATE_EPOCH when set (reproducible builds), else today in UTC."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    now = dt.datetime.fromtimestamp(int(epoch), dt.UTC) if epoch else dt.datetime.now(dt.UTC)
    return now.date()


class Refused(Exception):
    """An input refused before any byte of it was read; the message says why (the caller names the file)."""


_KINDS = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISDIR, "a folder"),
)


def read_input(file: Path, inside: Path, limit: int, inside_shown: str) -> bytes:
    """The bytes of ``file``: every input is read here, and only when it is a regular file (no FIFO,
    device, socket or folder) which, its symbolic links resolved, stays inside the folder ``inside``
    (``inside_shown`` in messages), of at most ``limit`` bytes. All of that is checked with ``stat``
    before a byte is read, and the file is opened with O_NONBLOCK, so a FIFO put in its place between
    the check and the open cannot block: it is refused by ``fstat`` on the open file. Raises Refused."""
    # with os.path, not pathlib: a build checks ~600 inputs before it knows that nothing changed, and
    # Path.resolve and is_relative_to took a third of that no-change build (~0.15 s)
    real, home = os.path.realpath(file), os.path.realpath(inside)
    if real != home and not real.startswith(home.rstrip(os.sep) + os.sep):
        raise Refused(f"points outside {inside_shown} (a symbolic link?); refused")
    try:
        info = os.stat(file)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise Refused("is not a readable file (a loop of symbolic links?); refused") from None
        raise Refused("is not a readable file (a broken symbolic link or a folder?); refused") from None
    _regular(info, limit)
    try:
        fd = os.open(file, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise Refused(f"cannot be read: {exc.strerror}") from None
    try:
        _regular(os.fstat(fd), limit)  # what was opened, which may not be what was checked
        chunks, left = [], limit + 1
        while left > 0 and (chunk := os.read(fd, min(left, 1 << 20))):
            chunks.append(chunk)
            left -= len(chunk)
    except OSError as exc:
        if exc.errno in (errno.EAGAIN, errno.EWOULDBLOCK):
            raise Refused("is not a regular file; refused") from None
        raise Refused(f"cannot be read: {exc.strerror}") from None
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if len(data) > limit:  # it grew after the check
        raise Refused(f"file is over the limit of {limit:,} bytes; refused before parsing")
    return data


def _regular(info: os.stat_result, limit: int) -> None:
    if not stat.S_ISREG(info.st_mode):
        kind = next((name for test, name in _KINDS if test(info.st_mode)), "not a regular file")
        if kind == "a folder":
            raise Refused("is not a readable file (a broken symbolic link or a folder?); refused")
        raise Refused(f"is {kind}, not a regular file; refused before reading")
    if info.st_size > limit:
        raise Refused(f"file is {info.st_size:,} bytes, over the limit of {limit:,}; refused before parsing")
