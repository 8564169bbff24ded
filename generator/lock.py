"""One build at a time: advisory locks (``fcntl.flock``) held for the whole of a build.

A build takes two locks, always in this order: its site root's (``<root>/.jaring-cache/lock``: the
manifest, the memo, the store and the search documents are shared by every build of that root,
whatever its output) and its output's (``.<output>.lock`` beside the output folder: two roots may be
built into one output). A second build waits for the first, saying so on stderr, or with
``wait=False`` fails at once. The lock file holds the holder's pid and output, for that message, and
is removed by its holder as it finishes; a waiter that then finds it gone locks the new one instead.

Locks are released by the kernel when their process ends, however it ends (SIGKILL included).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from .errors import OutputError


def _stderr(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


@contextlib.contextmanager
def hold(cache_folder: Path, output: Path, wait: bool = True, say: Callable[[str], None] = _stderr) -> Iterator[None]:
    """Hold the root's lock (in ``cache_folder``) and the output's for the block.

    A cache folder that cannot be written (a read-only root) has no lock: the builds of such a root
    cannot write their cache either. An output whose folder cannot be written is an OutputError."""
    output = output.absolute()
    try:
        cache_folder.mkdir(parents=True, exist_ok=True)
        root_lock = _acquire(cache_folder / "lock", output, wait, say)
    except OSError:
        root_lock = None
    try:
        try:
            output.parent.mkdir(parents=True, exist_ok=True)
            output_lock = _acquire(output.parent / f".{output.name}.lock", output, wait, say)
        except OSError as exc:
            raise OutputError(
                f"cannot write {output}: {exc.strerror or exc}; the previous output is unchanged"
            ) from None
        try:
            yield
        finally:
            _release(*output_lock)
    finally:
        if root_lock is not None:
            _release(*root_lock)


def _acquire(path: Path, output: Path, wait: bool, say: Callable[[str], None]) -> tuple[Path, int]:
    told = False
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                pid, where = _holder(fd)
                if not wait:
                    raise OutputError(
                        f"another build (pid {pid}) is writing {where}; run again when it is done, or with --wait"
                    ) from None
                if not told:
                    say(f"waiting for the build in progress (pid {pid}) into {where}…")
                    told = True
                fcntl.flock(fd, fcntl.LOCK_EX)
            try:
                same = os.stat(path, follow_symlinks=False)
            except FileNotFoundError:
                same = None
            mine = os.fstat(fd)
            if same is None or (same.st_dev, same.st_ino) != (mine.st_dev, mine.st_ino):
                os.close(fd)  # its holder removed it as it finished: lock the one there now
                continue
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n{output}\n".encode(), 0)
            return path, fd
        except BaseException:
            with contextlib.suppress(OSError):
                os.close(fd)
            raise


def _release(path: Path, fd: int) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)  # while still locked: whoever waits on this file then sees it is gone
    os.close(fd)


def _holder(fd: int) -> tuple[str, str]:
    """The pid and output the holder wrote (it may not have yet: a moment after it locked)."""
    for _ in range(25):
        lines = os.pread(fd, 4096, 0).decode(errors="replace").splitlines()
        if len(lines) >= 2:
            return lines[0], lines[1]
        time.sleep(0.02)
    return "unknown", "this output"
