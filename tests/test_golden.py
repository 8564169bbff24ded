"""Golden output: a small fixture site (its own 4-regency register) built and compared byte for byte
with tests/golden/expected. After an intended change, regenerate and review the diff:

    python -m pytest tests/test_golden.py --update-golden && git diff tests/golden/expected
"""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

from generator.build import build

from conftest import GOLDEN, copy_inputs

# Binary or third-party output is listed by name only (in expected/_binary.txt), not kept byte for byte:
# PNGs and ZIPs, Pagefind's index, the Vega bundle and the output marker.
# test_two_builds_are_byte_identical covers their bytes.
LISTED = "_binary.txt"


def _binary(name: str) -> bool:
    # the marker holds the inputs' digest, which includes Jaring's own code: it changes with every edit
    return name.endswith((".png", ".zip")) or name.startswith(("pagefind/", "static/vega.")) or name == ".jaring-output"


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_fixture_site_matches_golden_output(golden_site, request):
    built = _tree(golden_site)
    actual = {name: data for name, data in built.items() if not _binary(name)}
    actual[LISTED] = "".join(f"{name}\n" for name in built if _binary(name)).encode()
    if request.config.getoption("--update-golden"):
        shutil.rmtree(GOLDEN / "expected", ignore_errors=True)
        for name, data in actual.items():
            (GOLDEN / "expected" / name).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / "expected" / name).write_bytes(data)
        return
    expected = _tree(GOLDEN / "expected")
    assert sorted(actual) == sorted(expected), "the set of files differs"
    diffs = []
    for name in sorted(expected):
        if actual[name] != expected[name]:
            diffs.append(
                "".join(
                    difflib.unified_diff(
                        expected[name].decode().splitlines(keepends=True),
                        actual[name].decode().splitlines(keepends=True),
                        fromfile=f"expected/{name}",
                        tofile=f"actual/{name}",
                        n=2,
                    )
                )
            )
    assert not diffs, (
        "output differs from tests/golden/expected (regenerate with --update-golden if intended):\n"
        + "\n".join(diffs)[:20000]
    )


def test_two_builds_are_byte_identical(golden_site, tmp_path):
    """A second build, from another copy of the inputs: neither the run nor the root's path shows in the output."""
    build(copy_inputs(GOLDEN / "site", tmp_path / "elsewhere", "data", "content", "templates"), tmp_path / "b")
    assert _tree(golden_site) == _tree(tmp_path / "b")
