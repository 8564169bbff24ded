"""Publishing the way static hosts expect (issue 17): the ``_headers`` file, ``--base-url``, the example host
refused by ``--strict``, the GitHub Pages workflow."""

from __future__ import annotations

import html
import re
from pathlib import Path

import yaml

from conftest import REPO


def parse_headers(text: str) -> list[tuple[str, list[str], list[tuple[str, str]]]]:
    """``_headers`` as (path, detached header names, headers) in file order."""
    rules: list[tuple[str, list[str], list[tuple[str, str]]]] = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            rules.append((line.strip(), [], []))
        elif line.strip().startswith("!"):
            rules[-1][1].append(line.strip()[1:].strip().lower())
        else:
            name, value = line.strip().split(":", 1)
            rules[-1][2].append((name.strip().lower(), value.strip()))
    return rules


def pattern(path: str) -> re.Pattern:
    """A host's path pattern: "*" any characters (slashes too), ":name" one path segment."""
    parts = re.split(r"(\*|:[a-z]+)", path)
    return re.compile(
        "".join(".*" if p == "*" else "[^/]+" if p.startswith(":") else re.escape(p) for p in parts) + r"\Z"
    )


def served(rules, path: str) -> dict[str, list[str]]:
    """The headers a request for ``path`` gets: every matching rule's, in order; a detached header drops
    what broader rules set (Cloudflare Pages' documented semantics)."""
    got: dict[str, list[str]] = {}
    for rule, detached, headers in rules:
        if pattern(rule).match(path):
            for name in detached:
                got.pop(name, None)
            for name, value in headers:
                got.setdefault(name, []).append(value)
    return got


def meta_csp(page: Path) -> str:
    found = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', page.read_text("utf-8"))
    assert found, page
    return html.unescape(found[1])


def test_the_headers_csp_is_each_pages_meta_csp_with_who_may_frame_it(seed_site):
    rules = parse_headers((seed_site / "_headers").read_text(encoding="utf-8"))
    pages = sorted(seed_site.rglob("*.html"))
    embeds = [p for p in pages if "/sematkan/" in p.as_posix()]
    assert embeds and len(pages) > len(embeds) + 500
    for page in pages:
        rel = page.relative_to(seed_site).as_posix()
        url = "/" + rel.removesuffix("index.html")  # how a reader asks for it
        framing = "frame-ancestors *" if page in embeds else "frame-ancestors 'self'"
        for asked in {url, "/" + rel}:
            got = served(rules, asked)
            assert got["content-security-policy"] == [f"{meta_csp(page)}; {framing}"], asked
            assert got["x-content-type-options"] == ["nosniff"]
            assert got["referrer-policy"] == ["strict-origin-when-cross-origin"]
            assert "cache-control" not in got, asked  # pages change under one name


def test_hashed_static_files_are_cached_for_a_year_and_nothing_else_is(seed_site):
    rules = parse_headers((seed_site / "_headers").read_text(encoding="utf-8"))
    static = sorted(p for p in (seed_site / "static").iterdir())
    assert static
    for file in static:
        assert re.search(r"\.[0-9a-f]{8,}(\.|$)", file.name), file.name  # content-hashed
        got = served(rules, "/static/" + file.name)
        assert got["cache-control"] == ["public, max-age=31536000, immutable"]
    for rel in ["feed.xml", "data/angka.csv", "pagefind/pagefind.js", "sitemap.xml"]:
        assert (seed_site / rel).exists(), rel
        assert "cache-control" not in served(rules, "/" + rel), rel


def test_the_shipped_site_settings_name_the_example_host():
    """The warning and --strict refusal below are about this host: keep the test honest if it changes."""
    settings = yaml.safe_load((REPO / "data/site.yaml").read_text(encoding="utf-8"))
    assert settings["base_url"] == "https://jaring.example.org/"


# --- jaring build --base-url, and the example host -----------------------------------------------------------

EXAMPLE_WARNING = (
    "base_url https://jaring.example.org/ is an example host: set base_url in data/site.yaml "
    "(or jaring build --base-url URL) to the address the site is published at"
)


def site_yaml_line(root: Path, key: str) -> tuple[int, int]:
    """Where ``key:``'s value stands in the root's data/site.yaml (line and column, from 1)."""
    for number, line in enumerate((root / "data/site.yaml").read_text(encoding="utf-8").splitlines(), 1):
        if line.startswith(key + ":"):
            return number, len(key) + 3
    raise AssertionError(key)


def build_cli(root: Path, out: Path, *args: str):
    from click.testing import CliRunner

    from generator.cli import main

    return CliRunner().invoke(main, ["build", "--root", str(root), "--output", str(out), *args])


def test_a_build_for_the_example_host_warns_in_one_line_what_to_set(site_copy, tmp_path):
    result = build_cli(site_copy, tmp_path / "out")
    assert result.exit_code == 0, result.output
    line, col = site_yaml_line(site_copy, "base_url")
    said = [text for text in result.output.splitlines() if "example host" in text]
    assert said == [f"data/site.yaml:{line}:{col}: warning: {EXAMPLE_WARNING}"]
    assert "https://jaring.example.org/" in (tmp_path / "out/index.html").read_text(encoding="utf-8")


def test_strict_refuses_the_example_host_and_writes_nothing(site_copy, tmp_path):
    settings = (site_copy / "data/site.yaml").read_text(encoding="utf-8")
    result = build_cli(site_copy, tmp_path / "out", "--strict")
    assert result.exit_code == 1 and EXAMPLE_WARNING in result.output
    result = build_cli(site_copy, tmp_path / "out", "--strict", "--base-url", "https://jaring.example.org/")
    assert result.exit_code == 1
    assert f"--base-url: warning: {EXAMPLE_WARNING}" in result.output
    assert "Traceback" not in result.output and not (tmp_path / "out").exists()
    # a real address: the host is no longer among the problems (the seed's village warning still is)
    result = build_cli(site_copy, tmp_path / "out", "--strict", "--base-url", "https://jaring.id/")
    assert result.exit_code == 1 and "example host" not in result.output and "Sarerangan" in result.output
    assert (site_copy / "data/site.yaml").read_text(encoding="utf-8") == settings


def test_base_url_overrides_site_yaml_for_a_preview_and_is_checked(site_copy, tmp_path):
    out = tmp_path / "out"
    preview = "https://pratinjau-42.jaring.id/"
    result = build_cli(site_copy, out, "--base-url", preview)
    assert result.exit_code == 0, result.output
    assert "example host" not in result.output
    home = (out / "index.html").read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{preview}">' in home and "jaring.example.org/" not in home.split("<body")[0]
    assert f"Sitemap: {preview}sitemap.xml" in (out / "robots.txt").read_text(encoding="utf-8")
    # the same inputs with site.yaml's address again: not "up to date", the pages are made anew
    again = build_cli(site_copy, out)
    assert again.exit_code == 0 and "example host" in again.output
    assert '<link rel="canonical" href="https://jaring.example.org/">' in (out / "index.html").read_text("utf-8")
    bad = build_cli(site_copy, tmp_path / "bad", "--base-url", "ftp://jaring.id")
    assert bad.exit_code == 1
    assert "--base-url: 'ftp://jaring.id': base_url must be an http(s) URL ending with /" in bad.output
    assert "Traceback" not in bad.output and not (tmp_path / "bad").exists()


# --- The README's test command on a machine without Chromium or Java -----------------------------------------


def run_pytest(*args: str, **env: str):
    import os
    import subprocess
    import sys

    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args],
        cwd=REPO,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_without_chromium_the_browser_tests_stop_at_once_in_one_line(tmp_path):
    done = run_pytest(
        "tests/test_browser.py::test_share_links_are_plain_well_formed_links",
        JARING_TEST_CHROMIUM=str(tmp_path / "no-chromium"),
    )
    assert done.returncode == 4, done.stdout + done.stderr
    said = [line for line in (done.stdout + done.stderr).splitlines() if "missing" in line]
    assert len(said) == 1, said
    assert f"chromium ({tmp_path / 'no-chromium'})" in said[0] and "apt-get install chromium" in said[0]
    assert "-m 'not browser and not validity'" in said[0] and ".ci/run" in said[0]
    assert "passed" not in done.stdout and "failed" not in done.stdout and "error" not in done.stdout.lower()


def test_without_java_the_validity_tests_stop_at_once_in_one_line():
    done = run_pytest("tests/test_validity.py", "-m", "validity", JARING_TEST_JAVA="no-such-java-here")
    assert done.returncode == 4, done.stdout + done.stderr
    said = [line for line in (done.stdout + done.stderr).splitlines() if "missing" in line]
    assert len(said) == 1 and "default-jre-headless (java)" in said[0], said


def test_tests_that_need_neither_run_on_such_a_machine(tmp_path):
    done = run_pytest(
        "tests/test_publishing.py::test_the_shipped_site_settings_name_the_example_host",
        "tests/test_browser.py",
        "-m",
        "not browser and not validity",
        JARING_TEST_CHROMIUM=str(tmp_path / "no-chromium"),
        JARING_TEST_JAVA="no-such-java-here",
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 passed" in done.stdout and "missing" not in done.stdout + done.stderr


def test_the_github_pages_workflow_builds_for_the_pages_address_and_deploys_the_output():
    workflow = yaml.safe_load((REPO / "docs/github-pages.yml").read_text(encoding="utf-8"))
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    uses = [step.get("uses", "").split("@")[0] for step in build["steps"]]
    assert {
        "actions/checkout",
        "actions/setup-python",
        "actions/configure-pages",
        "actions/upload-pages-artifact",
    } <= set(uses)
    runs = [step["run"] for step in build["steps"] if "run" in step]
    assert any("-c constraints.txt" in r and "pip install" in r for r in runs) and (REPO / "constraints.txt").is_file()
    pages_id = next(s["id"] for s in build["steps"] if s.get("uses", "").startswith("actions/configure-pages"))
    assert f'jaring build --base-url "${{{{ steps.{pages_id}.outputs.base_url }}}}/"' in runs
    upload = next(s for s in build["steps"] if s.get("uses", "").startswith("actions/upload-pages-artifact"))
    assert upload["with"]["path"] == "output"  # jaring build's default output
    assert deploy["needs"] == "build" and deploy["steps"][0]["uses"].startswith("actions/deploy-pages@")
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert "docs/github-pages.yml" in (REPO / "README.md").read_text(encoding="utf-8")
