"""Time Jaring's builds on a synthetic site of every regency, each as a whole process.

    .venv/bin/python benchmarks/run.py [--root DIR] [--runs N] [--jaring PATH] [--quick]

Figures: a cold build (cache ignored), a rebuild with nothing changed, a rebuild after one count
in one regency file changed, and the straightforward pipeline (benchmarks/straightforward.py) as
the baseline: as anyone would run it, and with the one vl-convert setting Jaring makes (drawing
with vl-convert's own Liberation Sans, see generator/draw.py), to show what that setting is worth
and what the rest of the design is. Whole processes, because start-up and imports are part of what a data officer waits
for. Each figure is run --runs times (after one warm-up for the cold build, which also fills the
OS file cache and __pycache__); the table shows median, min and max wall seconds and the peak
memory of the process tree (VmRSS summed over the process and its descendants, sampled every
20 ms; pages shared between processes count in each, so it is an upper bound). Before each run it
waits until the site the previous build replaced has been deleted (in the background, see write.py).

Without --root the site is written by synth.py into a temporary folder and removed afterwards;
with --root an existing site is reused (or written there when the folder has no data/). The
edited regency file is put back as it was at the end; ROOT/.jaring-cache is removed at the start
(so an earlier session's cache cannot hold the edited pictures) and left as the last build made it.
"""

from __future__ import annotations

import argparse
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
from dataclasses import dataclass
from pathlib import Path

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
        measure_all(root, scratch / "output", args)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return 0


def measure_all(root: Path, output: Path, args) -> None:
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
    build = [args.jaring, "build", "--root", str(root), "--output", str(output)]
    has_clean = (
        "--clean" in subprocess.run([args.jaring, "build", "--help"], capture_output=True, text=True, check=True).stdout
    )

    # A cache left by an earlier session may hold the pictures of the edits made below (--clean
    # ignores the cache but keeps its store), which would make "one regency changed" draw nothing.
    shutil.rmtree(root / CACHE, ignore_errors=True)

    def cold() -> list[str]:
        if not has_clean:
            shutil.rmtree(root / CACHE, ignore_errors=True)
        return build + ["--clean"] if has_clean else build

    edit = Editor(root)
    figures = [
        ("cold build" + ("" if has_clean else f" (no --clean: {CACHE} removed)"), cold, True),
        ("no-change rebuild", lambda: build, False),
        ("one regency changed", lambda: edit.next() or build, False),
        ("straightforward pipeline", lambda: [sys.executable, str(HERE / "straightforward.py"), str(root)], False),
        # the same, with the one vl-convert setting Jaring makes (its own fonts): what the rest is worth
        (
            "straightforward pipeline, vl-convert's own fonts",
            lambda: [sys.executable, str(HERE / "straightforward.py"), str(root), "--own-fonts"],
            False,
        ),
    ]
    results = {}
    load_before = os.getloadavg()[0]
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
    finally:
        edit.restore()
    report(results, root, figures, (load_before, os.getloadavg()[0]))


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
    """Run one command to the end; wall seconds and the peak RSS of its whole process tree."""
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = [0]
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.02):
            peak[0] = max(peak[0], tree_rss_kb(process.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stdout, stderr = process.communicate()
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    if process.returncode != 0:
        sys.exit(f"\n{' '.join(command)} failed with status {process.returncode}:\n{stdout}{stderr}")
    return Run(seconds, peak[0] / 1024, stdout + stderr)


def tree_rss_kb(pid: int) -> int:
    """VmRSS summed over ``pid`` and all its descendants (no psutil: parents read from /proc/*/stat)."""
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                with open(f"/proc/{entry.name}/stat") as handle:
                    ppid = int(handle.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue  # the process ended meanwhile
            children.setdefault(ppid, []).append(int(entry.name))
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        todo += children.get(current, [])
        try:
            with open(f"/proc/{current}/status") as handle:
                total += next((int(line.split()[1]) for line in handle if line.startswith("VmRSS:")), 0)
        except OSError:
            pass
    return total


def report(results: dict[str, list[Run]], root: Path, figures, load: tuple[float, float]) -> None:
    regencies = len(list((root / "data" / "regencies").glob("*.yaml")))
    print(
        f"\nJaring benchmark: {regencies} synthetic regencies, SOURCE_DATE_EPOCH={EPOCH}, "
        f"timed runs per figure: {len(next(iter(results.values())))}"
    )
    print(
        f"machine: {cpu_model()}, {os.cpu_count()} cores; Python {platform.python_version()}; "
        f"load average {load[0]:.1f} before, {load[1]:.1f} after (other processes skew the times)\n"
    )
    print(f"{'figure':<48} {'median s':>9} {'min s':>8} {'max s':>8} {'peak MB':>8}")
    for name, runs in results.items():
        seconds = [r.seconds for r in runs]
        print(
            f"{name:<48} {statistics.median(seconds):>9.2f} {min(seconds):>8.2f} {max(seconds):>8.2f} "
            f"{max(r.peak_mb for r in runs):>8.0f}"
        )
    cold, plain, own = (
        statistics.median(r.seconds for r in results[name]) for name in (figures[0][0], figures[3][0], figures[4][0])
    )
    print(f"\nstraightforward / cold build (medians): {plain / cold:.2f}")
    print(f"straightforward with vl-convert's own fonts / cold build (medians): {own / cold:.2f}")
    for name, runs in results.items():  # what each process said about itself, e.g. pages and charts
        last = runs[-1].said.strip().splitlines()[-1:] or [""]
        print(f"  {name}: {last[0]}")


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
