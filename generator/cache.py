"""Stage 0, cache: what the inputs are (by content), what the last build made of them, and a store
of expensive results (drawn charts, social cards) kept by the hash of what produced them.

Everything here is standard library, so ``jaring build`` can tell "nothing changed" without
importing the heavy stages. The cache lives in ``<root>/.jaring-cache/`` (git-ignored), and what depends
on no site in this user's (``user_folder``); deleting either, or ``jaring build --clean``, only costs time.

Nothing in the cache is trusted: every entry is signed (HMAC-SHA256) with the root's own key,
``.jaring-cache/key`` (made at random, mode 0600, by the first build), and an entry whose signature is
missing or wrong is a miss: made again, never loaded (``Seal``). So a planted or damaged entry, a
memo pickle above all, cannot run code or change the site; it only costs the time to remake it.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import hashlib
import hmac
import json
import os
import pickle
import re
import secrets
import stat as stat_mode
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__, paths
from .paths import OWN, Layout, Refused, read_input

FOLDER = ".jaring-cache"
FORMAT = 3  # bump when the manifest's shape changes
# Libraries whose versions change the output; a new version rebuilds everything.
LIBRARIES = ("altair", "vl-convert-python", "jinja2", "babel", "markdown", "nh3", "pydantic", "pyyaml", "pagefind")


@dataclass(frozen=True)
class Stamp:
    """The content of every input: per-file hashes, and the digest of what every page shares."""

    files: dict[str, str]  # "data/regencies/64.08-kutai-timur.yaml" -> sha256 of its bytes
    common: str  # settings, register, templates, static files, text pages, Jaring's code and catalogues, versions, date
    refused: tuple[str, ...] = ()  # inputs not read (a FIFO, a device, a link out of the root, too big)

    @property
    def digest(self) -> str:
        return _hash(self.common, *(f"{name}={value}" for name, value in sorted(self.files.items())))


@dataclass
class Manifest:
    """What the last successful build wrote, unit by unit (see graph.py), and what it warned about."""

    digest: str = ""
    units: dict[str, dict] = field(default_factory=dict)  # unit -> {"key", "outputs": [paths], "search": {}}
    warnings: list[list] = field(default_factory=list)  # [path, line, col, message]
    stamp: Stamp | None = None  # the inputs it was built from
    figures: dict[str, dict] = field(default_factory=dict)  # regency code -> figure id -> value (changes.py)


def stamp(where: Layout, build_date: str, base_url: str | None = None) -> Stamp:
    """Hash every input. Regency files and narratives are hashed one by one (a change rebuilds only
    what reads them); everything else goes into one common digest. An input that is not a regular
    file of the root, or is larger than any input may be, is not read: its hash says "refused" and
    it is named in ``refused``, for the check to report. ``base_url`` (``--base-url``) is part of
    what every page shares, like site.yaml."""
    files, refused = {}, []

    def hashed(path: Path) -> str:
        digest = file_hash(path, where.root if path.is_relative_to(where.root) else OWN.parent)
        if digest.startswith("refused"):
            refused.append(name(path, where.root))
        return digest

    # narratives of other editions too (content/narratives/en/): each is read by its regency's unit only
    for folder, pattern in (
        (where.data / "regencies", "*.y*ml"),
        (where.narratives, "*.md"),
        (where.narratives, "*/*.md"),
    ):
        for file in sorted(folder.glob(pattern)) if folder.is_dir() else ():
            files[name(file, where.root)] = hashed(file)
    shared = [
        where.data / "site.yaml",
        *_tree(where.register),
        *_tree(where.templates),
        *_tree(where.pages),
        *sorted(OWN.glob("*.py")),
        *sorted(paths.locale_folder().glob("*/LC_MESSAGES/*.po")),  # every edition's words
    ]
    common = _hash(
        f"format={FORMAT}",
        f"jaring={__version__}",
        f"date={build_date}",
        f"base_url={base_url}",
        *(f"{lib}={version(lib)}" for lib in LIBRARIES),
        *(f"{name(p, where.root)}={hashed(p)}" for p in shared if os.path.lexists(p)),
    )
    return Stamp(files, common, tuple(refused))


def load(root: Path) -> Manifest | None:
    """The manifest of the last build, if it is signed and of the right shape; else None (build everything)."""
    try:
        opened = Seal(root / FOLDER).open((root / FOLDER / "manifest.json").read_bytes(), "manifest")
        raw = json.loads(opened) if opened is not None else None
        if raw is None or not _well_formed(raw):
            return None
        figures = raw.get("figures", {})
        if not (isinstance(figures, dict) and all(isinstance(v, dict) for v in figures.values())):
            figures = {}  # a damaged list of figures only loses the "what changed" lines
        return Manifest(raw["digest"], raw["units"], raw["warnings"], Stamp(raw["files"], raw["common"]), figures)
    except (OSError, ValueError, KeyError, TypeError):
        return None  # no cache, or one we cannot read: build everything


def _well_formed(raw) -> bool:
    def strings(value, of=str) -> bool:
        return isinstance(value, dict) and all(isinstance(k, str) and isinstance(v, of) for k, v in value.items())

    return (
        isinstance(raw, dict)
        and raw.get("format") == FORMAT
        and isinstance(raw.get("digest"), str)
        and isinstance(raw.get("common"), str)
        and strings(raw.get("files"))
        and strings(raw.get("units"), dict)
        and all(
            isinstance(u.get("key"), str)
            and isinstance(u.get("outputs"), list)
            and all(isinstance(o, str) for o in u["outputs"])
            and strings(u.get("search"))
            for u in raw["units"].values()
        )
        and isinstance(raw.get("warnings"), list)
        and all(
            isinstance(w, list)
            and len(w) == 4
            and isinstance(w[0], str)
            and isinstance(w[3], str)
            and all(isinstance(n, int) or n is None for n in w[1:3])
            for w in raw["warnings"]
        )
    )


def save(root: Path, manifest: Manifest) -> None:
    data = {
        "format": FORMAT,
        "digest": manifest.digest,
        "units": manifest.units,
        "warnings": manifest.warnings,
        "files": manifest.stamp.files if manifest.stamp else {},
        "common": manifest.stamp.common if manifest.stamp else "",
        "figures": manifest.figures,
    }
    sealed = Seal(root / FOLDER).sign(json.dumps(data, sort_keys=True, separators=(",", ":")).encode(), "manifest")
    if sealed is not None:
        _write(root / FOLDER / "manifest.json", sealed)


def output_digest(output: Path, marker: str, folder: Path | None = None) -> str | None:
    """The digest a Jaring output folder says it was built from (in its marker file), if it still holds
    what the marker lists (see ``listing``): a file missing or added, or a link in it, and the marker
    is not believed. ``folder``: the root's cache folder, where ``Folders`` lets a check that finds the
    output's folders as they were skip the listing."""
    try:
        text = (output / marker).read_text(encoding="utf-8")
    except (OSError, ValueError):
        return None
    said = dict(line.split(" ", 1) for line in text.splitlines() if line.startswith(("inputs ", "files ")))
    if "inputs" not in said or "files" not in said:
        return None
    folders = Folders(folder, output) if folder is not None else None
    if folders is not None and folders.unchanged(said["files"]):
        return said["inputs"]
    found, times = _listing(output, skip=(marker, marker + ".new"))
    if found != said["files"]:
        return None
    if folders is not None:
        folders.keep(said["files"], times)
    return said["inputs"]


class Folders:
    """The output's folders as a check that listed it in full found them (each one's mtime), kept signed
    in the root's cache: adding, removing or renaming an entry changes the mtime of the folder it is in,
    so while every folder's mtime is as it was, the listing is as it was, and the next check stats the
    ~7 000 folders of the nationwide site (~0.05 s) instead of listing its ~33 000 entries (~0.13 s).

    Kept only when every folder is older than ``SETTLED`` seconds: a change within the file system's
    timestamp granularity of the folder's last change could leave its mtime as it was, and after that
    time any change gives a later one. So the check right after a build lists in full, and keeps the
    folders for the checks after it."""

    SETTLED = 2.0
    FILE = "output-folders.json"

    def __init__(self, folder: Path, output: Path):
        self.file, self.output = folder / self.FILE, output
        self.seal = Seal(folder)

    def unchanged(self, files: str) -> bool:
        """Whether every folder kept for the listing ``files`` is still a folder of the same mtime."""
        try:
            data = json.loads(self.seal.open(self.file.read_bytes(), self.FILE) or b"null")
            if not isinstance(data, dict) or data.get("output") != str(self.output) or data.get("files") != files:
                return False
            times = data["folders"]
            if not isinstance(times, dict) or not times:
                return False
            for rel, when in times.items():
                info = os.stat(self.output / rel, follow_symlinks=False)
                if not stat_mode.S_ISDIR(info.st_mode) or info.st_mtime_ns != when:
                    return False
            return True
        except (OSError, ValueError, TypeError, KeyError):
            return False

    def keep(self, files: str, times: dict[str, int]) -> None:
        settled = time.time_ns() - int(self.SETTLED * 1e9)
        if not times or any(when >= settled for when in times.values()):
            return
        data = {"output": str(self.output), "files": files, "folders": times}
        sealed = self.seal.sign(json.dumps(data, sort_keys=True, separators=(",", ":")).encode(), self.FILE)
        if sealed is not None:
            _write(self.file, sealed)


def listing(folder: Path, skip: tuple[str, ...] = ()) -> str:
    """A digest of what ``folder`` holds: every entry's path and kind (a link or other kind is named as
    such, never followed). ``skip``: top-level names left out. ~4 µs an entry, mostly the system's time:
    0.13 s for the 33 000 of the nationwide site in two editions (2026-12-03, a slow day)."""
    return _listing(folder, skip)[0]


def _listing(folder: Path, skip: tuple[str, ...] = ()) -> tuple[str, dict[str, int]]:
    """``listing``, and each folder's mtime (ns) by its path ("" for ``folder`` itself: see ``Folders``)."""
    entries = []
    times: dict[str, int] = {}
    stack = [("", str(folder))]
    try:
        while stack:
            prefix, path = stack.pop()
            times[prefix.removesuffix("/")] = os.stat(path, follow_symlinks=False).st_mtime_ns
            with os.scandir(path) as found:
                for entry in found:
                    rel = prefix + entry.name
                    if not prefix and entry.name in skip:
                        continue
                    if entry.is_dir(follow_symlinks=False):
                        entries.append(f"d {rel}")
                        stack.append((rel + "/", entry.path))
                    elif entry.is_file(follow_symlinks=False):
                        entries.append(f"f {rel}")
                    else:
                        entries.append(f"l {rel}")
    except OSError:
        return "unreadable", {}
    entries.sort()
    return hashlib.sha256("\0".join(entries).encode()).hexdigest(), times


class Seal:
    """Signs what the cache keeps with the root's key, and checks a signature before anything is used.

    The key (32 random bytes in ``<cache>/key``) is used only if it is a plain file of this user's, that
    no one else may read, in a cache folder of this user's; otherwise a new one is made, which turns
    every entry signed before into a miss. Where none can be made (a read-only or full cache), nothing
    is signed, so nothing is kept or reused: the build goes on without its cache."""

    MAGIC = b"jaring-sealed-1\n"

    def __init__(self, folder: Path):
        self.key = _key(folder)

    def _mac(self, name: str, data: bytes) -> bytes:
        assert self.key is not None  # callers check: without a key nothing is signed or opened
        mac = hmac.new(self.key, name.encode() + b"\0", hashlib.sha256)
        mac.update(data)
        return mac.digest()

    def sign(self, data: bytes, name: str) -> bytes | None:
        """``data`` with its signature; ``name`` (the entry's) is signed with it, so entries cannot be swapped."""
        return None if self.key is None else self.MAGIC + self._mac(name, data) + data

    def open(self, sealed: bytes | None, name: str) -> bytes | None:
        """The data ``sign`` sealed under ``name``, or None for anything else."""
        if self.key is None or sealed is None or not sealed.startswith(self.MAGIC):
            return None
        mac, data = sealed[len(self.MAGIC) : len(self.MAGIC) + 32], sealed[len(self.MAGIC) + 32 :]
        return data if hmac.compare_digest(mac, self._mac(name, data)) else None


def _key(folder: Path) -> bytes | None:
    file = folder / "key"
    try:
        if _mine(os.stat(folder)):
            fd = os.open(file, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
            try:
                info, key = os.fstat(fd), os.read(fd, 64)
            finally:
                os.close(fd)
            if stat_mode.S_ISREG(info.st_mode) and _mine(info) and len(key) == 32:
                return key
    except OSError:
        pass
    key = secrets.token_bytes(32)
    temporary = folder / f".key.{os.getpid()}.tmp"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if not _mine(os.stat(folder)):
            return None
        temporary.unlink(missing_ok=True)
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
        try:
            if os.write(fd, key) != len(key):
                raise OSError("short write")
        finally:
            os.close(fd)
        os.replace(temporary, file)
        return key
    except OSError:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)
        return None


def _mine(info: os.stat_result) -> bool:
    """Owned by this user, and neither readable nor writable by others if a file."""
    return info.st_uid == os.geteuid() and (stat_mode.S_ISDIR(info.st_mode) or not info.st_mode & 0o077)


class Store:
    """Results kept by the hash of what produced them: ``get``/``put`` bytes or Python objects.
    ``folder`` is a cache folder: a root's (``ROOT/.jaring-cache``) or this user's (``user_folder``)."""

    def __init__(self, folder: Path, reuse: bool = True):
        self.folder = folder / "store"
        self.reuse = reuse  # False for a clean build: make everything anew (and keep it for next time)
        self.seal = Seal(folder)

    def path(self, key: str) -> Path:
        return self.folder / key[:2] / key

    def get(self, key: str) -> bytes | None:
        if not self.reuse:
            return None
        try:
            return self.seal.open(self.path(key).read_bytes(), key)  # a damaged or planted entry: a miss
        except OSError:
            return None

    def put(self, key: str, data: bytes) -> None:
        sealed = self.seal.sign(data, key)
        if sealed is not None:
            _write(self.path(key), sealed)

    def remember(self, key: str, make: Callable[[], bytes]) -> bytes:
        """What is kept under ``key``, or ``make()``, kept there for next time."""
        found = self.get(key)
        if found is None:
            found = make()
            self.put(key, found)
        return found

    # Parsed documents and the register are pickled, and only ever unpickled once their signature
    # is checked (see Seal): what Jaring itself wrote for this root.
    def get_object(self, key: str):
        data = self.get(key)
        try:
            return pickle.loads(data) if data is not None else None
        except Exception:
            return None

    def put_object(self, key: str, value) -> None:
        self.put(key, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))


def user_folder() -> Path | None:
    """The cache folder of this user, for results that depend on Jaring and its libraries but on no site
    (vl-convert's bundle of Vega, the chart and map templates: ~2 s to make): kept once for every root,
    so a new root, a fresh clone or a test's site does not make them again. ``JARING_CACHE_DIR``, else
    ``$XDG_CACHE_HOME/jaring``, else ``~/.cache/jaring``; None where this user has no home folder (then
    a root's own cache keeps them). Trusted no more than a root's: it has its own key (``Seal``)."""
    if chosen := os.environ.get("JARING_CACHE_DIR"):
        return Path(chosen)
    if xdg := os.environ.get("XDG_CACHE_HOME"):
        return Path(xdg) / "jaring"
    try:
        return Path.home() / ".cache" / "jaring"
    except RuntimeError:  # no HOME, and no entry in the password database
        return None


class Memo:
    """Results of the pure per-file steps (a regency file checked, its figures derived, its rows of the
    downloads), kept between builds in one pickle: one read, where hundreds of store files cost ~0.5 s.

    Every key starts with ``common`` (Stamp.common: Jaring's code, the libraries, the register, the
    settings and the build date), so a result is reused only where all it was made from is the same.
    A build that worked out a few new results saves only those, beside the main file (rewriting all
    of it took ~0.3 s); when they grow past ``DELTA`` entries, the main file is rewritten with just
    the entries that build used, so the memo never grows past one site and a few edits."""

    DELTA = 60

    def __init__(self, root: Path, common: str, reuse: bool = True):
        self.main, self.delta = root / FOLDER / "memo.pickle", root / FOLDER / "memo-new.pickle"
        self.common = common
        self.seal = Seal(root / FOLDER)
        self.in_main, self.before = (self._read(self.main), self._read(self.delta)) if reuse else ({}, {})
        self.before = {**self.in_main, **self.before}
        self.used: dict = {}
        self.new = 0

    def _read(self, file: Path) -> dict:
        try:
            data = self.seal.open(file.read_bytes(), file.name)  # unpickled only if signed with the root's key
            with _no_collection():  # the nationwide memo is ~3 million objects: collecting while they come was 0.4 s
                found = pickle.loads(data) if data is not None else None
            return found if isinstance(found, dict) else {}
        except Exception:
            return {}

    def _keep(self, file: Path, value: dict) -> None:
        sealed = self.seal.sign(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL), file.name)
        if sealed is not None:
            _write(file, sealed)

    def remember(self, make, *parts: str | bytes):
        """The value ``make()`` returned for the same ``parts`` before, or ``make()`` now."""
        found_key = _hash(self.common, *parts)
        if found_key not in self.used:
            if found_key in self.before:
                self.used[found_key] = self.before[found_key]
            else:
                self.used[found_key] = make()
                self.new += 1
        return self.used[found_key]

    def save(self) -> None:
        if not self.new and self.used.keys() == self.before.keys():
            return
        outside = {k: v for k, v in self.used.items() if k not in self.in_main}
        if self.in_main and len(outside) <= self.DELTA:
            self._keep(self.delta, outside)
        else:
            self._keep(self.main, self.used)
            with contextlib.suppress(OSError):
                self.delta.unlink(missing_ok=True)


@contextlib.contextmanager
def _no_collection() -> Iterator[None]:
    """Python's cyclic garbage collector off for a while (as it was, after): while a large pickle is read,
    every object made counts towards a collection, and each collection walks the objects made so far."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def key(*parts: str | bytes) -> str:
    return _hash(*parts)


def _hash(*parts: str | bytes) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode() if isinstance(part, str) else part)
        digest.update(b"\0")
    return digest.hexdigest()


HASHED_BYTES = 64 * 1024 * 1024  # above every input's own cap (the register's villages.csv is 2.8 MB)


def file_hash(path: Path, inside: Path | None = None) -> str:
    """The sha256 of a regular file (of ``inside``, by default its own folder) up to HASHED_BYTES, read
    through paths.read_input: a FIFO, a device or a huge file is never read and hashes as "refused"."""
    try:
        return hashlib.sha256(read_input(path, inside or path.parent, HASHED_BYTES, "the site root")).hexdigest()
    except Refused:
        return "refused"  # validation will say why
    except OSError:
        return "unreadable"


def _tree(folder: Path) -> list[Path]:
    """Every file under ``folder``, regular or not (what is not is refused when hashed, not skipped)."""
    return sorted(p for p in folder.rglob("*") if p.is_symlink() or not p.is_dir()) if folder.is_dir() else []


def name(path: Path, root: Path) -> str:
    return (
        path.relative_to(root).as_posix()
        if path.is_relative_to(root)
        else "jaring:" + path.relative_to(OWN.parent).as_posix()
    )


def version(library: str) -> str:
    """The installed version of a distribution: from the name of its ``.dist-info`` folder, the first on
    ``sys.path`` (where importlib.metadata finds it too); importlib.metadata itself only where no such
    folder names it (an ``.egg-info``, say): importing it and parsing each METADATA file was ~0.1 s of
    every build, the no-change one included."""
    found = _installed().get(_normal(library))
    if found is not None:
        return found
    from importlib import metadata

    try:
        return metadata.version(library)
    except metadata.PackageNotFoundError:
        return "absent"


@functools.cache
def _installed() -> dict[str, str]:
    """Normalised distribution name -> version, from the ``NAME-VERSION.dist-info`` folders on ``sys.path``
    (PEP 427 names; once a process: its imported libraries are the ones it started with)."""
    found: dict[str, str] = {}
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for folder in names:
            if folder.endswith(".dist-info") and "-" in folder:
                name, _, number = folder.removesuffix(".dist-info").partition("-")
                found.setdefault(_normal(name), number)
    return found


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "_", name).lower()


def _write(path: Path, data: bytes) -> None:
    """Write through a temporary file, so a killed build never leaves half an entry. The cache only
    saves time: if it cannot be written (a full disk, a read-only root), the build goes on without it."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_bytes(data)
        os.replace(temporary, path)
    except OSError:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)


write = _write  # for the other modules keeping things in the cache (search documents, compiled templates)
