"""Time Jaring's builds on a synthetic site of every regency, each as a whole process.

    .venv/bin/python benchmarks/run.py [--root DIR] [--runs N] [--languages id,en] [--profile]
                                       [--baseline both|own-fonts|none] [--jaring PATH] [--quick]

Figures: a cold build (cache ignored), a rebuild with nothing changed, a rebuild after one count
in one regency file changed, the gzipped weight of a regency page with data before any interaction,
and the straightforward pipeline (benchmarks/straightforward.py, drawing the same pictures as
Jaring's planner lists) as the baseline: as anyone would run it, and with the one vl-convert setting
Jaring makes (drawing with vl-convert's own Liberation Sans, see generator/engine.py), to show what
that setting is worth and what the rest of the design is. Whole processes, because start-up and
imports are part of what a data officer waits for. Each figure is run --runs times (after one
warm-up for the cold build, which also fills the OS file cache and __pycache__); the table shows
median, min and max wall seconds and the peak memory of the process tree.

Memory: every 50 ms the sampler lists the build's process and all its descendants (parents read
from /proc/*/stat: the drawing workers, Pagefind, the multiprocessing helpers) and sums their PSS
(/proc/PID/smaps_rollup: each page shared between N processes counts 1/N in each, so the sum is what
the tree as a whole holds; VmRSS summed would count the shared interpreter and libraries once per
worker). The peak of those sums is the figure. (``getrusage(RUSAGE_CHILDREN).ru_maxrss`` would be the
largest single process, not the tree.) Where smaps_rollup is not readable it falls back to VmRSS.

--languages id,en sets ``languages`` in the synthetic site's site.yaml (the English edition: every
page and chart twice; --languages id, the Indonesian edition alone, to see what the second costs).
--profile adds one cold build run with ``jaring build --profile`` and
prints the seconds of each stage. Before each run it waits until the site the previous build
replaced has been deleted (in the background, see write.py).

Without --root the site is written by synth.py into a temporary folder and removed afterwards;
with --root an existing site is reused (or written there when the folder has no data/). The
edited regency file is put back as it was at the end; ROOT/.jaring-cache is removed at the start
(so an earlier session's cache cannot hold the edited pictures) and left as the last build made it.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from synth import write_site

EPOCH = "1795219200"  # 2026-11-21: the build date of every run, so runs are comparable
CACHE = ".jaring-cache"


@dataclass
class Run:
    seconds: float
    peak_mb: float
    said: str  # what the process printed (stdout, then stderr)
    peak_parts: dict[str, float] = field(default_factory=dict)  # MB by kind of process, at the peak


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", type=Path, help="site root to reuse (written by synth.py when it has no data/)")
    parser.add_argument("--runs", type=int, default=3, help="timed runs per figure (default 3)")
    parser.add_argument(
        "--jaring",
        default=str(Path(sys.executable).with_name("jaring")),
        help="the jaring command (default: the one beside this Python)",
    )
    parser.add_argument("--quick", action="store_true", help="a smoke run: only the first 40 regencies")
    parser.add_argument(
        "--languages", default="", help="editions to build, e.g. id,en (sets languages in site.yaml; default: as it is)"
    )
    parser.add_argument("--profile", action="store_true", help="also one cold build with --profile: seconds per stage")
    parser.add_argument(
        "--baseline",
        choices=("both", "own-fonts", "none"),
        default="both",
        help="which straightforward pipelines to run (default both; each is the slowest figure)",
    )
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")

    scratch = Path(tempfile.mkdtemp(prefix="jaring-bench-"))
    try:
        root = args.root.resolve() if args.root else scratch / "site"
        if not (root / "data" / "regencies").is_dir():
            count = write_site(root, seed=1, limit=40 if args.quick else None)
            print(f"synthetic site: {count} regencies in {root}", flush=True)
        else:
            print(f"reusing {root}", flush=True)
        with editions(root, args) as said:
            print(said, flush=True)
            measure_all(root, scratch / "output", args)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return 0


def measure_all(root: Path, output: Path, args) -> None:
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
    build = [args.jaring, "build", "--root", str(root), "--output", str(output)]
    usage = subprocess.run([args.jaring, "build", "--help"], capture_output=True, text=True, check=True).stdout
    has_clean, has_profile = "--clean" in usage, "--profile" in usage

    # A cache left by an earlier session may hold the pictures of the edits made below (--clean
    # ignores the cache but keeps its store), which would make "one regency changed" draw nothing.
    shutil.rmtree(root / CACHE, ignore_errors=True)

    def cold() -> list[str]:
        if not has_clean:
            shutil.rmtree(root / CACHE, ignore_errors=True)
        return build + ["--clean"] if has_clean else build

    edit = Editor(root)
    straightforward = [sys.executable, str(HERE / "straightforward.py"), str(root)]
    figures = [
        (COLD + ("" if has_clean else f" (no --clean: {CACHE} removed)"), cold, True),
        ("no-change rebuild", lambda: build, False),
        ("one regency changed", lambda: edit.next() or build, False),
    ]
    if args.baseline == "both":
        figures.append((PLAIN, lambda: straightforward, False))
    if args.baseline != "none":
        # the same, with the one vl-convert setting Jaring makes (its own fonts): what the rest is worth
        figures.append((OWN_FONTS, lambda: [*straightforward, "--own-fonts"], False))
    results = {}
    load_before = os.getloadavg()
    weight: dict[str, int] = {}
    try:
        for name, command, warm_up in figures:
            print(f"{name}: ", end="", flush=True)
            runs = []
            for _ in range(args.runs + warm_up):
                settle(output)
                runs.append(timed(command(), env))
            runs = runs[warm_up:]
            print(" ".join(f"{r.seconds:.1f}s" for r in runs), flush=True)
            results[name] = runs
            if name.startswith(COLD):  # the output is a whole site now
                weight = page_weight(output)
    finally:
        edit.restore()
    if args.profile and not has_profile:
        print("--profile: this Jaring's build has no --profile; no profile", flush=True)
    profile = timed(cold() + ["--profile"], env).said if args.profile and has_profile else ""
    report(results, root, weight, (load_before, os.getloadavg()), profile)


COLD = "cold build"
PLAIN = "straightforward pipeline"
OWN_FONTS = "straightforward pipeline, vl-convert's own fonts"


@contextlib.contextmanager
def editions(root: Path, args) -> Iterator[str]:
    """With --languages: ``languages`` set in the site's site.yaml for the run (put back afterwards).
    Yields what was done."""
    wanted = [code.strip() for code in args.languages.split(",") if code.strip()]
    settings = root / "data" / "site.yaml"
    original = settings.read_text(encoding="utf-8")
    if not wanted:
        yield "editions: as site.yaml says"
        return
    kept = re.sub(r"(?m)^languages?:.*\n", "", original)
    settings.write_text(kept.rstrip("\n") + f"\nlanguages: [{', '.join(wanted)}]\n", encoding="utf-8")
    try:
        yield f"editions: {', '.join(wanted)} (languages set in site.yaml)"
    finally:
        settings.write_text(original, encoding="utf-8")


def page_weight(output: Path) -> dict[str, int]:
    """What a browser fetches at once for the first regency page with data (it has a social card),
    each file gzipped (level 9): the HTML, its stylesheets, icon, scripts and images not marked
    loading="lazy". The Vega bundle is fetched only when a reader asks for the interactive chart."""
    cards = sorted(output.glob("*/*/kartu.png"))
    if not cards:
        return {}
    rel = cards[0].parent.relative_to(output).as_posix() + "/index.html"
    page = (output / rel).read_text(encoding="utf-8")
    found = {rel: len(gzip.compress(page.encode(), 9))}
    refs = (
        re.findall(r'<link rel="(?:stylesheet|icon)" href="([^"]+)"', page)
        + re.findall(r'<script src="([^"]+)"', page)
        + re.findall(r'<img (?![^>]*loading="lazy")[^>]*?src="([^"]+)"', page)
    )
    for ref in refs:
        path = urljoin("https://x/" + rel, ref).removeprefix("https://x/")
        if (output / path).is_file():
            found[path] = len(gzip.compress((output / path).read_bytes(), 9))
    return found


class Editor:
    """Changes the latest count of the first regency file (the headline figure, as when an officer
    adds a new count) to a value not used before in this session, so every run is a real change.
    Alternating between two values would not do: Jaring's cache keeps pictures by the hash of their
    spec, so from the third run on both versions would be drawn already."""

    def __init__(self, root: Path):
        self.file = min((root / "data" / "regencies").glob("*.yaml"))
        self.original = self.file.read_text(encoding="utf-8")
        # the last "- value: N" under protected: (synth.py writes counts oldest first)
        block = re.search(r"(?ms)^protected:\n.*?(?=^\S)", self.original)
        last = list(re.finditer(r"- value: (\d+)", block[0]))[-1]
        self.at = block.start() + last.start(1), block.start() + last.end(1)
        self.value = int(last[1])
        self.step = 0

    def next(self) -> None:
        self.step += 1  # the count grows by one each run; it stays below the target
        text = self.original[: self.at[0]] + str(self.value + self.step) + self.original[self.at[1] :]
        self.file.write_text(text, encoding="utf-8")

    def restore(self) -> None:
        self.file.write_text(self.original, encoding="utf-8")


def settle(output: Path, limit: float = 60.0) -> None:
    """Wait until the site a previous build replaced has been deleted (a detached process does it, see
    write.py), so its disk work is not counted in the next figure."""
    deadline = time.monotonic() + limit
    while list(output.parent.glob(f".{output.name}-old-*")) and time.monotonic() < deadline:
        time.sleep(0.1)


def timed(command: list[str], env: dict) -> Run:
    """Run one command to the end; wall seconds and the peak memory (PSS) of its whole process tree."""
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak: list = [0, {}]
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.05):
            parts = tree_memory_by_kind(process.pid)
            if sum(parts.values()) > peak[0]:
                peak[:] = [sum(parts.values()), parts]

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stdout, stderr = process.communicate()
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    if process.returncode != 0:
        sys.exit(f"\n{' '.join(command)} failed with status {process.returncode}:\n{stdout}{stderr}")
    return Run(seconds, peak[0] / 1024, stdout + stderr, {kind: kb / 1024 for kind, kb in peak[1].items()})


def tree_memory_kb(pid: int) -> int:
    """PSS summed over ``pid`` and all its descendants (no psutil: parents read from /proc/*/stat)."""
    return sum(tree_memory_by_kind(pid).values())


def tree_memory_by_kind(pid: int) -> dict[str, int]:
    """PSS of ``pid`` ("the command") and its descendants, summed by kind of process (``process_kind``)."""
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                with open(f"/proc/{entry.name}/stat") as handle:
                    ppid = int(handle.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue  # the process ended meanwhile
            children.setdefault(ppid, []).append(int(entry.name))
    found: dict[str, int] = {}
    todo = [pid]
    while todo:
        current = todo.pop()
        todo += children.get(current, [])
        kind = "the command" if current == pid else process_kind(current)
        found[kind] = found.get(kind, 0) + process_memory_kb(current)
    return found


def process_kind(pid: int) -> str:
    """What a descendant of a build is, from its command line: a drawing worker, Pagefind, or other."""
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as handle:
            command = handle.read().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return "other"
    if "pagefind" in command.split(" ", 1)[0]:
        return "Pagefind"
    if "spawn_main" in command:
        return "drawing workers"
    return "other"


def process_memory_kb(pid: int) -> int:
    """A process's PSS (its private pages plus its share of the shared ones), else its VmRSS; 0 once ended."""
    for file, name in ((f"/proc/{pid}/smaps_rollup", "Pss:"), (f"/proc/{pid}/status", "VmRSS:")):
        try:
            with open(file) as handle:
                found = next((int(line.split()[1]) for line in handle if line.startswith(name)), None)
        except OSError:
            continue
        if found is not None:
            return found
    return 0


def report(
    results: dict[str, list[Run]], root: Path, weight: dict[str, int], load: tuple[tuple, tuple], profile: str
) -> None:
    regencies = len(list((root / "data" / "regencies").glob("*.yaml")))
    print(
        f"\nJaring benchmark: {regencies} synthetic regencies, SOURCE_DATE_EPOCH={EPOCH}, "
        f"timed runs per figure: {len(next(iter(results.values())))}"
    )
    print(
        f"machine: {cpu_model()}, {os.cpu_count()} cores; Python {platform.python_version()}; load average "
        f"(1, 5, 15 min) {'/'.join(f'{x:.1f}' for x in load[0])} before, "
        f"{'/'.join(f'{x:.1f}' for x in load[1])} after (other processes skew the times)\n"
    )
    print(f"{'figure':<48} {'median s':>9} {'min s':>8} {'max s':>8} {'peak MB':>8}")
    for name, runs in results.items():
        seconds = [r.seconds for r in runs]
        print(
            f"{name:<48} {statistics.median(seconds):>9.2f} {min(seconds):>8.2f} {max(seconds):>8.2f} "
            f"{max(r.peak_mb for r in runs):>8.0f}"
        )
    print("(peak MB: the largest sum of PSS over the whole process tree, see the module's docstring)")
    for name, runs in results.items():
        top = max(runs, key=lambda r: r.peak_mb)
        if name.startswith(COLD) and top.peak_parts:
            parts = ", ".join(f"{kind} {mb:.0f} MB" for kind, mb in sorted(top.peak_parts.items(), key=lambda x: -x[1]))
            print(f"at the cold build's peak: {parts}")
    cold = statistics.median(r.seconds for name, runs in results.items() if name.startswith(COLD) for r in runs)
    for name in (PLAIN, OWN_FONTS):
        if name in results:
            print(f"{name} / cold build (medians): {statistics.median(r.seconds for r in results[name]) / cold:.2f}")
    if weight:
        page = next(iter(weight))
        print(f"\na regency page with data before interaction ({page}): {sum(weight.values()) / 1024:.1f} KB gzipped")
        for path, size in weight.items():
            print(f"  {size / 1024:7.1f} KB  {path}")
    print()
    for name, runs in results.items():  # what each process said about itself, e.g. pages and charts
        last = runs[-1].said.strip().splitlines()[-1:] or [""]
        print(f"  {name}: {last[0]}")
    if profile:
        print("\nwhere a cold build's time goes (jaring build --clean --profile, wall seconds):")
        print("\n".join(line for line in profile.splitlines() if line.startswith("  ")))


def cpu_model() -> str:
    try:
        with open("/proc/cpuinfo") as handle:
            return next(
                (line.split(":", 1)[1].strip() for line in handle if line.startswith("model name")),
                platform.processor() or "unknown CPU",
            )
    except OSError:
        return platform.processor() or "unknown CPU"


if __name__ == "__main__":
    sys.exit(main())
