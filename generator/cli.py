"""The ``jaring`` command: ``build``, ``check`` and ``serve``.

Exit status: 0 all well, 1 invalid input or unwritable output, 2 usage error (click's own).
Problems go to stderr as ``path:line:col: message``, never as a traceback.
"""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path

import click

from .errors import JaringError, OutputError, shown

ROOT = click.option("--root", type=click.Path(exists=True, file_okay=False, path_type=Path), default=Path("."),
                    show_default=True, help="Site root: a folder holding data/ (content/ and templates/ optional).")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="jaring")
def main() -> None:
    """Jaring: a static transparency site of BPJS Ketenagakerjaan protection for pekerja rentan."""


@main.command()
@ROOT
@click.option("--output", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where to write the site.  [default: ROOT/output]")
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option("--clean", is_flag=True, help="Ignore the cache (ROOT/.jaring-cache) and build everything.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Worker processes for drawing charts.  [default: the number of cores]")
@click.option("--wait/--no-wait", default=True, show_default=True,
              help="While another build of this root or into this output runs, wait for it (or fail at once).")
def build(root: Path, output: Path | None, strict: bool, clean: bool, jobs: int | None, wait: bool) -> None:
    """Check every input, then build the site into OUTPUT (replaced at once, only on success)."""
    from .quick import up_to_date

    done, _ = _run(lambda: up_to_date(root, output, strict, clean))  # nothing to do: nothing else imported
    if done is None:
        from .build import build as run_build

        with _progress() as progress:
            done = _run(lambda: run_build(root, output, strict, clean, jobs, progress, wait))
    summary = done
    _warn(summary.warnings)
    click.echo(_said(summary, output or root / "output"), err=True)


@main.command()
@ROOT
def check(root: Path) -> None:
    """Validate data/ and content/ without writing anything."""
    from .build import gather

    _, inputs = _run(lambda: gather(root))
    _warn(inputs.warnings)
    from .derive import report
    from .quality import lines, summary

    reports = [report(regency, inputs.register, inputs.regencies.get(code))
               for code, regency in inputs.register.regencies.items()]
    for line in lines(summary(reports)):
        click.echo(line, err=True)
    click.echo(f"OK: {len(inputs.regencies)} regency files, {len(inputs.narratives)} narratives, "
               f"{len(inputs.pages)} pages", err=True)


@main.command()
@ROOT
@click.option("--output", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where to write the site.  [default: ROOT/output]")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="Port on 127.0.0.1 (0 picks a free one).")
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
        except Exception as exc:  # noqa: BLE001 - a bug must not take the preview down with it
            click.echo(f"error: the build failed unexpectedly: {exc!r}", err=True)
            return f"the build failed unexpectedly: {exc!r}"
        _warn(summary.warnings)
        click.echo(_said(summary, target), err=True)
        return ""

    run_serve(root.absolute(), target, port, rebuild, lambda text: click.echo(text, err=True))


def _said(summary, output: Path) -> str:
    """The one-line summary of a build."""
    if summary.unchanged:
        return f"Nothing changed since the last build; {output} is up to date ({summary.seconds:.2f} s)"
    return (f"Built {summary.pages} pages, drew {summary.charts} charts and cards, reused {summary.reused} from the "
            f"cache, kept {summary.kept} files in {summary.seconds:.1f} s into {output}")


@contextlib.contextmanager
def _progress():
    """A progress bar on a terminal (rich); nothing at all when stderr is not one (CI, pipes)."""
    from .quick import SILENT

    if not sys.stderr.isatty():
        yield SILENT
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  transient=True, console=_console()) as bar:
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
        click.echo(f"{len(warnings)} warning{'s' if len(warnings) != 1 else ''} (jaring build --strict refuses them)",
                   err=True)


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
