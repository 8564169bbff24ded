"""The cache is verified, not trusted: a planted entry never runs, a damaged or missing one is made
again, and a cache that cannot be written is done without; the output is always a clean build's.
Also: a build killed at any moment is followed by a complete search index, and an output that no
longer holds what its marker lists (a file added, removed, a link placed there) is made anew.
Built from the small golden fixture site."""

from __future__ import annotations

import errno
import json
import os
import pathlib
import pickle
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator import cache
from generator.build import build

from conftest import BUILD_EPOCH

GOLDEN = Path(__file__).parent / "golden" / "site"
KUTIM = "data/regencies/64.08-kutai-timur.yaml"
PROOF = "pwned"  # what a planted entry would create, if it ran


class Exploit:
    def __init__(self, proof: Path):
        self.proof = proof

    def __reduce__(self):
        return (os.system, (f"touch {self.proof}",))


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def fresh_root(tmp_path: Path, name: str = "site") -> Path:
    root = tmp_path / name
    shutil.copytree(GOLDEN / "data", root / "data")
    shutil.copytree(GOLDEN / "content", root / "content")
    return root


def clean_build_of(root: Path, tmp_path: Path) -> dict[str, bytes]:
    """What a clean build of ``root``'s inputs makes, from a copy (so ``root``'s cache stays as it is)."""
    copy = tmp_path / "reference"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(root / "data", copy / "data")
    shutil.copytree(root / "content", copy / "content")
    build(copy, copy / "output", clean=True)
    return tree(copy / "output")


def page_count(output: Path) -> int:
    entry = json.loads((output / "pagefind/pagefind-entry.json").read_text(encoding="utf-8"))
    return sum(language["page_count"] for language in entry["languages"].values())


@pytest.fixture(scope="module")
def expected(tmp_path_factory) -> dict[str, bytes]:
    """The golden site, built clean once for this module."""
    tmp = tmp_path_factory.mktemp("expected")
    os.environ["SOURCE_DATE_EPOCH"] = BUILD_EPOCH
    return clean_build_of(fresh_root(tmp), tmp)


@pytest.fixture
def built(tmp_path, expected) -> Path:
    root = fresh_root(tmp_path)
    build(root, root / "output")
    assert tree(root / "output") == expected
    return root


def edit(root: Path) -> None:
    file = root / KUTIM
    text = file.read_text(encoding="utf-8")
    assert "value: 93000" in text
    file.write_text(text.replace("value: 93000", "value: 93500", 1), encoding="utf-8")


def test_a_planted_memo_or_register_pickle_never_runs(built, tmp_path, expected):
    proof = tmp_path / PROOF
    folder = built / cache.FOLDER
    payload = pickle.dumps({"x": Exploit(proof)})
    (folder / "memo.pickle").write_bytes(payload)
    (folder / "memo-new.pickle").write_bytes(payload)
    for entry in (folder / "store").rglob("*"):
        if entry.is_file():
            entry.write_bytes(payload)  # the register and the pictures: all replaced
    edit(built)
    build(built, built / "output")
    assert not proof.exists()
    assert tree(built / "output") == clean_build_of(built, tmp_path)


def test_a_planted_compiled_template_never_runs(built, tmp_path):
    """Even one with Jinja's header and the right source checksum (all Jinja itself checks)."""
    import marshal

    from jinja2 import BytecodeCache
    from jinja2.bccache import bc_magic

    from generator.paths import layout

    proof = tmp_path / PROOF
    code = compile(f"import os; os.system('touch {proof}')", "<planted>", "exec")
    templates = layout(built).templates
    folder = built / cache.FOLDER / "templates"
    replaced = 0
    for template in templates.glob("*.html"):
        key = BytecodeCache.get_cache_key(None, template.name, str(template))
        checksum = BytecodeCache.get_source_checksum(None, template.read_text(encoding="utf-8"))
        replaced += (folder / key).is_file()  # the entry Jaring keeps for it
        (folder / key).write_bytes(bc_magic + pickle.dumps(checksum, 2) + marshal.dumps(code))
    assert replaced >= 5
    edit(built)
    build(built, built / "output")
    assert not proof.exists()
    assert tree(built / "output") == clean_build_of(built, tmp_path)


def test_damaged_pictures_and_a_manifest_of_wrong_types_are_remade(built, tmp_path, expected):
    for entry in (built / cache.FOLDER / "store").rglob("*.png"):
        entry.write_bytes(entry.read_bytes()[: len(entry.read_bytes()) // 2])  # truncated
    manifest = built / cache.FOLDER / "manifest.json"
    data = manifest.read_bytes()
    body = json.loads(data[len(cache.Seal.MAGIC) + 32 :])
    body["units"] = None
    manifest.write_bytes(data[: len(cache.Seal.MAGIC) + 32] + json.dumps(body).encode())
    assert cache.load(built) is None
    edit(built)
    summary = build(built, built / "output")
    assert summary.charts > 0  # the pictures were drawn again
    assert tree(built / "output") == clean_build_of(built, tmp_path)
    # and a manifest of wrong types, even signed, is refused rather than used
    seal = cache.Seal(built / cache.FOLDER)
    for units in (None, [], {"national": None}, {"national": {"key": 1, "outputs": [], "search": {}}}):
        body = json.loads(seal.open(manifest.read_bytes(), "manifest"))
        body["units"] = units
        manifest.write_bytes(seal.sign(json.dumps(body).encode(), "manifest"))
        assert cache.load(built) is None


def test_missing_or_changed_search_documents_are_made_again(built, tmp_path, expected):
    pages = page_count(built / "output")
    assert pages > 5
    documents = sorted((built / cache.FOLDER / "search").rglob("*.html"))
    documents[0].write_text("changed", encoding="utf-8")
    documents[1].unlink()
    edit(built)
    build(built, built / "output")
    assert page_count(built / "output") == pages
    assert tree(built / "output") == clean_build_of(built, tmp_path)
    shutil.rmtree(built / cache.FOLDER / "search")
    edit_back = built / KUTIM
    edit_back.write_text(
        edit_back.read_text(encoding="utf-8").replace("value: 93500", "value: 93000"), encoding="utf-8"
    )
    build(built, built / "output")
    assert page_count(built / "output") == pages
    assert tree(built / "output") == expected


@pytest.mark.parametrize("trouble", [errno.EROFS, errno.ENOSPC])
def test_a_read_only_or_full_cache_is_done_without(built, tmp_path, monkeypatch, trouble):
    """Every write into the cache folder fails (a read-only root, a full disk): the build goes on."""
    folder = str(built / cache.FOLDER)
    real = {name: getattr(pathlib.Path, name) for name in ("write_bytes", "write_text", "mkdir")}
    real_open = os.open

    def refusing(name):
        def call(self, *args, **kwargs):
            if str(self).startswith(folder):
                raise OSError(trouble, os.strerror(trouble))
            return real[name](self, *args, **kwargs)

        return call

    def opening(path, flags, *args, **kwargs):
        if str(path).startswith(folder) and flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
            raise OSError(trouble, os.strerror(trouble))
        return real_open(path, flags, *args, **kwargs)

    for name in real:
        monkeypatch.setattr(pathlib.Path, name, refusing(name))
    monkeypatch.setattr(os, "open", opening)
    edit(built)
    summary = build(built, built / "output")
    assert not summary.unchanged
    build(built, built / "output", clean=True)
    monkeypatch.undo()
    assert tree(built / "output") == clean_build_of(built, tmp_path)
    assert page_count(built / "output") > 5
    assert not list(Path(os.environ.get("TMPDIR", "/tmp")).glob(f"jaring-search-*/{KUTIM}"))


def test_an_output_that_lost_or_gained_files_is_made_anew(built, tmp_path, expected):
    """The marker lists what Jaring made: a file removed, one added, a link placed there, and the next
    build neither says "nothing changed" nor updates in place, nor follows the link."""
    output = built / "output"
    (output / "404.html").unlink()
    assert not build(built, output).unchanged
    assert tree(output) == expected

    secret = tmp_path / "secret.txt"
    secret.write_text("do not publish", encoding="utf-8")
    (output / "notes.txt").write_text("not Jaring's", encoding="utf-8")
    (output / "kalimantan-timur" / "passwd").symlink_to(secret)
    (output / "feed.xml").unlink()
    (output / "feed.xml").symlink_to(secret)
    edit(built)
    summary = build(built, output)
    assert summary.kept == 0  # made anew, not updated in place
    assert secret.read_text(encoding="utf-8") == "do not publish"
    assert not [p for p in output.rglob("*") if p.is_symlink()]
    assert tree(output) == clean_build_of(built, tmp_path)


def test_a_check_that_finds_the_folders_as_they_were_skips_the_listing_and_sees_any_change(
    built, tmp_path, monkeypatch
):
    """cache.Folders: once a full listing matched, the output's folders' mtimes are kept; while they are as
    they were, the check does not list. Any entry added, removed or replaced changes its folder's mtime,
    and the next check lists again and sees it."""
    output = built / "output"
    kept = built / cache.FOLDER / cache.Folders.FILE
    assert build(built, output).unchanged and not kept.exists()  # the folders just written: not yet settled
    monkeypatch.setattr(cache.Folders, "SETTLED", 0.0)
    assert build(built, output).unchanged and kept.is_file()
    real = cache._listing
    listed: list[Path] = []
    monkeypatch.setattr(cache, "_listing", lambda folder, skip=(): listed.append(folder) or real(folder, skip))
    assert build(built, output).unchanged and listed == []  # the folders as they were: no listing
    (output / "kalimantan-timur" / "notes.txt").write_text("not Jaring's", encoding="utf-8")
    assert not build(built, output).unchanged and listed  # listed, and made anew
    assert not (output / "kalimantan-timur" / "notes.txt").exists()

    listed.clear()
    assert build(built, output).unchanged and listed  # the check after a build lists, and keeps the folders
    listed.clear()
    assert build(built, output).unchanged and listed == []
    page = next(output.rglob("grafik/*.svg"))
    page.unlink()
    page.symlink_to(tmp_path)  # the same name, now a link: its folder's mtime changed
    assert not build(built, output).unchanged and listed
    assert not page.is_symlink()

    kept.write_bytes(kept.read_bytes().replace(b'"files":"', b'"files":"0'))  # the signature no longer holds
    listed.clear()
    assert build(built, output).unchanged and listed


def test_a_clean_build_killed_at_any_moment_is_followed_by_a_complete_search_index(built, tmp_path, expected):
    pages = page_count(built / "output")
    narrative = built / "content/narratives/64.08.md"
    env = {**os.environ, "SOURCE_DATE_EPOCH": BUILD_EPOCH}
    for moment in (0.4, 0.9, 1.4, 1.9):
        narrative.write_text(narrative.read_text(encoding="utf-8") + f"\nx{moment}\n", encoding="utf-8")
        process = subprocess.Popen(
            [sys.executable, "-m", "generator", "build", "--clean", "--root", str(built)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=env,
        )
        time.sleep(moment)
        process.send_signal(signal.SIGKILL)
        process.wait()
        build(built, built / "output")
        assert page_count(built / "output") == pages, f"killed after {moment} s"
    assert tree(built / "output") == clean_build_of(built, tmp_path)


# --- This user's cache: what depends on no site (cache.user_folder) ------------------------------------------


def made_counter(monkeypatch) -> dict[str, int]:
    """How often the Vega bundle and the chart templates are made (not taken from a cache) from now on."""
    from generator import charts, engine

    made = {"bundle": 0, "templates": 0}

    def counted(name, real):
        def call(*args, **kwargs):
            made[name] += 1
            return real(*args, **kwargs)

        return call

    monkeypatch.setattr(engine, "javascript_bundle", counted("bundle", engine.javascript_bundle))
    monkeypatch.setattr(charts, "templates", counted("templates", charts.templates))
    return made


def test_what_depends_on_no_site_is_made_once_for_every_root_and_anew_by_clean(tmp_path, monkeypatch, expected):
    user = tmp_path / "user-cache"
    monkeypatch.setenv("JARING_CACHE_DIR", str(user))
    made = made_counter(monkeypatch)
    first, second = fresh_root(tmp_path, "first"), fresh_root(tmp_path, "second")
    build(first, first / "output")
    assert made == {"bundle": 1, "templates": 1}
    assert (user / "key").stat().st_mode & 0o777 == 0o600
    build(second, second / "output")
    assert made == {"bundle": 1, "templates": 1}  # a new root: taken from this user's cache
    assert tree(second / "output") == expected
    kept = {entry.name for entry in (user / "store").rglob("*") if entry.is_file()}
    assert len(kept) == 2 and not kept & {entry.name for entry in (second / cache.FOLDER / "store").rglob("*")}
    build(second, second / "output", clean=True)
    assert made == {"bundle": 2, "templates": 2}  # --clean makes everything anew
    assert tree(second / "output") == expected


def test_a_planted_or_foreign_entry_in_the_users_cache_never_reaches_the_site(tmp_path, monkeypatch, expected):
    user = tmp_path / "user-cache"
    monkeypatch.setenv("JARING_CACHE_DIR", str(user))
    first = fresh_root(tmp_path, "first")
    build(first, first / "output")
    entries = [entry for entry in (user / "store").rglob("*") if entry.is_file()]
    assert len(entries) == 2  # the Vega bundle and the chart templates
    planted = b"alert('planted')"
    foreign = cache.Seal(tmp_path / "elsewhere")  # signed, but with another user's key
    entries[0].write_bytes(foreign.sign(planted, entries[0].name))
    entries[1].write_bytes(planted)
    made = made_counter(monkeypatch)
    second = fresh_root(tmp_path, "second")
    build(second, second / "output")
    assert made == {"bundle": 1, "templates": 1}  # both misses: made again
    assert tree(second / "output") == expected
    assert not any(planted in data for data in tree(second / "output").values())


@pytest.mark.parametrize("where", ["a file", "someone else's folder"])
def test_without_a_users_cache_that_can_be_used_the_roots_own_keeps_it(tmp_path, monkeypatch, expected, where):
    user = tmp_path / "user-cache"
    if where == "a file":
        user.write_bytes(b"not a folder")
    else:
        user.mkdir()
        theirs, mine = user.stat().st_ino, cache._mine
        monkeypatch.setattr(cache, "_mine", lambda info: info.st_ino != theirs and mine(info))
    monkeypatch.setenv("JARING_CACHE_DIR", str(user))
    made = made_counter(monkeypatch)
    root = fresh_root(tmp_path)
    build(root, root / "output")
    edit(root)
    build(root, root / "output")
    assert made == {"bundle": 1, "templates": 1}  # kept in the root's cache instead
    assert tree(root / "output") == clean_build_of(root, tmp_path)
