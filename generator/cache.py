"""Stage 0, cache: what the inputs are (by content), what the last build made of them, and a store
of expensive results (drawn charts, social cards) kept by the hash of what produced them.

Everything here is standard library, so ``jaring build`` can tell "nothing changed" without
importing the heavy stages. The cache lives in ``<root>/.jaring-cache/`` (git-ignored); deleting it,
or ``jaring build --clean``, only costs time.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from . import __version__
from .paths import OWN, Layout, Refused, read_input

FOLDER = ".jaring-cache"
FORMAT = 2  # bump when the manifest's shape changes
# Libraries whose versions change the output; a new version rebuilds everything.
LIBRARIES = ("altair", "vl-convert-python", "jinja2", "babel", "markdown", "nh3", "pydantic", "pyyaml", "pagefind")


@dataclass(frozen=True)
class Stamp:
    """The content of every input: per-file hashes, and the digest of what every page shares."""

    files: dict[str, str]  # "data/regencies/64.08-kutai-timur.yaml" -> sha256 of its bytes
    common: str  # settings, register, templates, static files, text pages, Jaring's code, versions, build date
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


def stamp(where: Layout, build_date: str) -> Stamp:
    """Hash every input. Regency files and narratives are hashed one by one (a change rebuilds only
    what reads them); everything else goes into one common digest. An input that is not a regular
    file of the root, or is larger than any input may be, is not read: its hash says "refused" and
    it is named in ``refused``, for the check to report."""
    files, refused = {}, []

    def hashed(path: Path) -> str:
        digest = file_hash(path, where.root if path.is_relative_to(where.root) else OWN.parent)
        if digest.startswith("refused"):
            refused.append(name(path, where.root))
        return digest

    for folder, pattern in ((where.data / "regencies", "*.y*ml"), (where.narratives, "*.md")):
        for file in sorted(folder.glob(pattern)) if folder.is_dir() else ():
            files[name(file, where.root)] = hashed(file)
    shared = [where.data / "site.yaml", *_tree(where.register), *_tree(where.templates), *_tree(where.pages),
              *sorted(OWN.glob("*.py"))]
    common = _hash(f"format={FORMAT}", f"jaring={__version__}", f"date={build_date}",
                   *(f"{lib}={version(lib)}" for lib in LIBRARIES),
                   *(f"{name(p, where.root)}={hashed(p)}" for p in shared if os.path.lexists(p)))
    return Stamp(files, common, tuple(refused))


def load(root: Path) -> Manifest | None:
    try:
        raw = json.loads((root / FOLDER / "manifest.json").read_text(encoding="utf-8"))
        return Manifest(raw["digest"], raw["units"], raw["warnings"], Stamp(raw["files"], raw["common"])) \
            if raw.get("format") == FORMAT else None
    except (OSError, ValueError, KeyError, TypeError):
        return None  # no cache, or one we cannot read: build everything


def save(root: Path, manifest: Manifest) -> None:
    data = {"format": FORMAT, "digest": manifest.digest, "units": manifest.units, "warnings": manifest.warnings,
            "files": manifest.stamp.files if manifest.stamp else {},
            "common": manifest.stamp.common if manifest.stamp else ""}
    _write(root / FOLDER / "manifest.json", json.dumps(data, sort_keys=True, separators=(",", ":")).encode())


def output_digest(output: Path, marker: str) -> str | None:
    """The digest a Jaring output folder says it was built from (in its marker file)."""
    try:
        text = (output / marker).read_text(encoding="utf-8")
    except OSError:
        return None
    return next((line.split(" ", 1)[1] for line in text.splitlines() if line.startswith("inputs ")), None)


class Store:
    """Results kept by the hash of what produced them: ``get``/``put`` bytes or Python objects."""

    def __init__(self, root: Path, reuse: bool = True):
        self.folder = root / FOLDER / "store"
        self.reuse = reuse  # False for a clean build: make everything anew (and keep it for next time)

    def path(self, key: str) -> Path:
        return self.folder / key[:2] / key

    def get(self, key: str) -> bytes | None:
        if not self.reuse:
            return None
        try:
            return self.path(key).read_bytes()
        except OSError:
            return None

    def put(self, key: str, data: bytes) -> None:
        _write(self.path(key), data)

    # Parsed documents and the register are pickled: the cache is written by Jaring alone, inside a
    # site root whose templates are trusted code anyway; it is never published or committed.
    def get_object(self, key: str):
        data = self.get(key)
        try:
            return pickle.loads(data) if data is not None else None
        except Exception:  # noqa: BLE001 - a damaged entry is a miss
            return None

    def put_object(self, key: str, value) -> None:
        self.put(key, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))


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
        self.in_main, self.before = (self._read(self.main), self._read(self.delta)) if reuse else ({}, {})
        self.before = {**self.in_main, **self.before}
        self.used: dict = {}
        self.new = 0

    @staticmethod
    def _read(file: Path) -> dict:
        try:
            found = pickle.loads(file.read_bytes())
            return found if isinstance(found, dict) else {}
        except Exception:  # noqa: BLE001 - no memo, or a damaged one: work everything out
            return {}

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
            _write(self.delta, pickle.dumps(outside, protocol=pickle.HIGHEST_PROTOCOL))
        else:
            _write(self.main, pickle.dumps(self.used, protocol=pickle.HIGHEST_PROTOCOL))
            self.delta.unlink(missing_ok=True)


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
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else \
        "jaring:" + path.relative_to(OWN.parent).as_posix()


def version(library: str) -> str:
    try:
        return metadata.version(library)
    except metadata.PackageNotFoundError:
        return "absent"


def _write(path: Path, data: bytes) -> None:
    """Write through a temporary file, so a killed build never leaves half an entry. The cache only
    saves time: if it cannot be written (a full disk, a read-only root), the build goes on without it."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_bytes(data)
        os.replace(temporary, path)
    except OSError:
        temporary.unlink(missing_ok=True)
