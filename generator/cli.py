"""The ``jaring`` command: ``build``, ``check``, ``serve``, and ``new`` and ``draft`` for data officers.

Exit status: 0 all well, 1 invalid input or unwritable output, 2 usage error (click's own).
Problems go to stderr as ``path:line:col: message``, never as a traceback.
"""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path

import click

from .errors import JaringError, OutputError, shown

ROOT = click.option(
    "--root",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=Path("."),
    show_default=True,
    help="Site root: a folder holding data/ (content/ and templates/ optional).",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="jaring")
def main() -> None:
    """Jaring: a static transparency site of BPJS Ketenagakerjaan protection for pekerja rentan."""


@main.command()
@ROOT
@click.option(
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Where to write the site.  [default: ROOT/output]",
)
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option("--clean", is_flag=True, help="Ignore the cache (ROOT/.jaring-cache) and build everything.")
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes for drawing charts.  [default: the number of cores]",
)
@click.option(
    "--wait/--no-wait",
    default=True,
    show_default=True,
    help="While another build of this root or into this output runs, wait for it (or fail at once).",
)
@click.option(
    "--base-url",
    metavar="URL",
    default=None,
    help="The address the site is published at, instead of base_url in data/site.yaml (e.g. a preview deploy).",
)
@click.option("--profile", is_flag=True, help="Also print the seconds each stage of the build took.")
def build(
    root: Path,
    output: Path | None,
    strict: bool,
    clean: bool,
    jobs: int | None,
    wait: bool,
    base_url: str | None,
    profile: bool,
) -> None:
    """Check every input, then build the site into OUTPUT (replaced at once, only on success)."""
    from .quick import up_to_date

    done, _ = _run(lambda: up_to_date(root, output, strict, clean, base_url))  # nothing to do: nothing else imported
    if done is None:
        from .build import build as run_build

        with _progress() as progress:
            done = _run(lambda: run_build(root, output, strict, clean, jobs, progress, wait, base_url))
    summary = done
    for line in summary.changes:  # what a data officer is about to publish
        click.echo(line, err=True)
    _warn(summary.warnings)
    click.echo(_said(summary, output or root / "output"), err=True)
    if profile:
        for stage, seconds in summary.timings.items():
            click.echo(f"  {stage:<36} {seconds:7.2f} s", err=True)


@main.command()
@ROOT
def check(root: Path) -> None:
    """Validate data/ and content/ without writing anything."""
    from .build import gather

    _, inputs = _run(lambda: gather(root))
    _warn(inputs.warnings)
    from .derive import report
    from .quality import lines, summary

    reports = [
        report(regency, inputs.register, inputs.regencies.get(code))
        for code, regency in inputs.register.regencies.items()
    ]
    for line in lines(summary(reports)):
        click.echo(line, err=True)
    click.echo(
        f"OK: {len(inputs.regencies)} regency files, {len(inputs.narratives)} narratives, {len(inputs.pages)} pages",
        err=True,
    )


@main.command()
@ROOT
@click.option(
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Where to write the site.  [default: ROOT/output]",
)
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8000,
    show_default=True,
    help="Port on 127.0.0.1 (0 picks a free one).",
)
def serve(root: Path, output: Path | None, port: int) -> None:
    """Build, serve the site on localhost, and rebuild and reload the page on every change under ROOT."""
    from .build import build as run_build
    from .serve import serve as run_serve

    target = (output or root / "output").absolute()

    def rebuild() -> str:
        try:
            summary = run_build(root, target)
        except (JaringError, OutputError) as exc:
            text = "\n".join(str(p) for p in exc.problems) if isinstance(exc, JaringError) else f"error: {exc}"
            click.echo(text + "\nThe previous site is still served.", err=True)
            return text
        except Exception as exc:
            click.echo(f"error: the build failed unexpectedly: {exc!r}", err=True)
            return f"the build failed unexpectedly: {exc!r}"
        _warn(summary.warnings)
        click.echo(_said(summary, target), err=True)
        return ""

    run_serve(root.absolute(), target, port, rebuild, lambda text: click.echo(text, err=True))


@main.command()
@ROOT
@click.argument("place")
def new(root: Path, place: str) -> None:
    """A skeleton data file and narrative for PLACE (a code like 64.74, or a name: "Kota Bontang", "Kutim")."""
    from .places import PlaceError, resolve
    from .skeleton import Exists, create

    register = _register_of(root)
    try:
        regency = resolve(register, place)
        data, story = create(root, register, regency)
    except PlaceError as exc:
        _fail(str(exc))
    except Exists as exc:
        _fail(f"{exc} already exists; nothing was written (edit it, or draft into it with jaring draft --into)")
    except OSError as exc:
        _fail(f"cannot write: {exc}")
    click.echo(
        f"Created {data.relative_to(root).as_posix()} and {story.relative_to(root).as_posix()} for "
        f"{regency.name} ({regency.code}). Next: jaring draft ARTICLE --into "
        f"{data.relative_to(root).as_posix()}",
        err=True,
    )


@main.command()
@ROOT
@click.argument("article", type=click.Path(path_type=Path))
@click.option("--url", default=None, help="The article's address.")
@click.option("--publisher", default=None, help="Who published it (else the page's site name or the URL's host).")
@click.option("--title", default=None, help="Its title (else the first line, or the page's title).")
@click.option("--published", default=None, help="Its date, YYYY-MM-DD (else the date printed in it).")
@click.option("--place", default=None, help="The kabupaten/kota, when the text does not say clearly.")
@click.option(
    "--into",
    "into",
    type=click.Path(path_type=Path),
    default=None,
    help="An existing regency file to add the draft to (nothing in it is changed).",
)
def draft(root: Path, article: Path, url, publisher, title, published, place, into) -> None:
    """Draft a regency file from ARTICLE (plain text, headline first, or a saved HTML page): every figure
    with its sentence and review: todo, which check and build refuse until a person removes it."""
    import datetime as dt

    from . import draft as drafting
    from .paths import build_date
    from .places import PlaceError, resolve

    register = _register_of(root)
    try:
        text = drafting.read_article(article, url)
        if title:
            text.title = title
        if url:
            text.url = url
        if published:
            try:
                text.published = dt.date.fromisoformat(published)
                text.published_printed = text.date_inferred = None
            except ValueError:
                _fail(f"--published {published!r} is not a date written YYYY-MM-DD")
        elif text.published is None or text.published_printed is None:
            metadata = text.published
            drafting.find_date(text)
            if text.published is None:
                text.published = metadata
        today = build_date()
        target = into if into is None or into.is_absolute() else root / into
        if target is not None:
            _, code = _code_of(target)
            regency = register.regencies.get(code or "")
            if regency is None:
                _fail(f"{into}: its code {code!r} is not a kabupaten/kota in the register")
            if place and resolve(register, place).code != regency.code:
                _fail(f"--place {place!r} is not the regency of {into} ({regency.name}, {regency.code})")
        else:
            regency = resolve(register, place) if place else drafting.place_of(text, register)
            there = drafting.existing_file(root, regency)
            if there:
                _fail(
                    f"{there[0].relative_to(root).as_posix()} already exists for {regency.name}; add the draft to it "
                    f"with --into {there[0].relative_to(root).as_posix()}"
                )
        made = drafting.make(text, register, regency, publisher, today)
        if target is not None:
            before = target.read_text(encoding="utf-8")
            rel = target.relative_to(root).as_posix() if target.is_relative_to(root) else target.as_posix()
            output = drafting.merged(before, rel, made)
        else:
            from .skeleton import data_path

            target = data_path(root, regency)
            rel = target.relative_to(root).as_posix()
            output = drafting.new_file(made, register, article.name)
        _check_draft(rel, output, register, today)
    except (drafting.DraftError, PlaceError) as exc:
        _fail(str(exc))
    except OSError as exc:
        _fail(f"cannot read or write: {exc}")
    _write(target, output, into is not None)
    counts: dict[str, int] = {}
    for entry in made.entries:
        counts[entry.list] = counts.get(entry.list, 0) + 1
    listed = ", ".join(f"{n} {name}" for name, n in counts.items())
    click.echo(
        f"Drafted {len(made.entries)} figures ({listed}) for {regency.name} ({regency.code}) into {rel}, "
        f"dated {made.source['published'] or 'unknown (the article prints no date: fill in published)'}.\n"
        "Next: check each entry against the sentence above it, correct it, delete its line review: todo "
        "(and the source's), then run jaring check.",
        err=True,
    )


def _register_of(root: Path):
    from .paths import layout
    from .register import load_register

    return _run(lambda: load_register(layout(root).register))


def _code_of(file: Path) -> tuple[str, str | None]:
    import re

    if not file.is_file():
        _fail(f"{file}: no such regency file (without --into, jaring draft makes a new one)")
    found = re.search(r'^code:\s*"(\d{2}\.\d{2})"', file.read_text(encoding="utf-8", errors="replace"), re.M)
    return file.name, found.group(1) if found else None


def _check_draft(rel: str, text: str, register, today) -> None:
    """The draft must be a valid file but for its review markers: else it is Jaring's fault, or the file's."""
    from .validate import check_regency

    checked = check_regency(rel, text.encode("utf-8"), register, today)
    left = [str(p) for p in checked.problems if "not reviewed yet" not in p.message]
    if left:
        from .draft import DraftError

        raise DraftError("the draft would not be a valid file, so nothing was written:\n" + "\n".join(left))


def _write(target: Path, text: str, replace: bool) -> None:
    import os

    target.parent.mkdir(parents=True, exist_ok=True)
    if not replace:
        try:
            with target.open("x", encoding="utf-8") as handle:
                handle.write(text)
        except OSError as exc:
            _fail(f"cannot write {target}: {exc}")
        return
    temporary = target.with_name(f".{target.name}.draft-{os.getpid()}")
    try:
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, target)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        _fail(f"cannot write {target}: {exc}")


def _fail(message: str):
    click.echo(shown(f"error: {message}"), err=True)
    sys.exit(1)


def _said(summary, output: Path) -> str:
    """The one-line summary of a build."""
    if summary.unchanged:
        return f"Nothing changed since the last build; {output} is up to date ({summary.seconds:.2f} s)"
    return (
        f"Built {summary.pages} pages, drew {summary.charts} charts and cards, reused {summary.reused} from the "
        f"cache, kept {summary.kept} files in {summary.seconds:.1f} s into {output}"
    )


@contextlib.contextmanager
def _progress():
    """A progress bar on a terminal (rich); nothing at all when stderr is not one (CI, pipes)."""
    from .quick import SILENT

    if not sys.stderr.isatty():
        yield SILENT
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        transient=True,
        console=_console(),
    ) as bar:

        def start(label: str, total: int):
            task = bar.add_task(label, total=total)
            return lambda n: bar.advance(task, n)

        yield start


def _console():
    from rich.console import Console

    return Console(stderr=True)


def _warn(warnings) -> None:
    for warning in warnings:
        click.echo(str(warning), err=True)
    if warnings:
        click.echo(
            f"{len(warnings)} warning{'s' if len(warnings) != 1 else ''} (jaring build --strict refuses them)", err=True
        )


def _run(step):
    try:
        return step()
    except JaringError as exc:
        for problem in exc.problems:
            click.echo(str(problem), err=True)
        count = len(exc.problems)
        click.echo(f"{count} problem{'s' if count != 1 else ''} found; nothing was written.", err=True)
        sys.exit(1)
    except OutputError as exc:
        click.echo(shown(f"error: {exc}"), err=True)  # a path may hold control characters
        sys.exit(1)
