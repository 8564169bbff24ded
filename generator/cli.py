"""The ``jaring`` command: ``build`` and ``check``.

Exit status: 0 all well, 1 invalid input or unwritable output, 2 usage error (click's own).
Problems go to stderr as ``path:line:col: message``, never as a traceback.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .errors import JaringError, OutputError

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
def build(root: Path, output: Path | None, strict: bool) -> None:
    """Check every input, then build the site into OUTPUT (replaced at once, only on success)."""
    from .build import build as run_build

    summary = _run(lambda: run_build(root, output, strict))
    _warn(summary.warnings)
    click.echo(f"Built {summary.pages} pages with {summary.charts} charts in {summary.seconds:.1f} s "
               f"into {output or root / 'output'}", err=True)


@main.command()
@ROOT
def check(root: Path) -> None:
    """Validate data/ and content/ without writing anything."""
    from .build import gather

    _, inputs = _run(lambda: gather(root))
    _warn(inputs.warnings)
    click.echo(f"OK: {len(inputs.regencies)} regency files, {len(inputs.narratives)} narratives, "
               f"{len(inputs.pages)} pages", err=True)


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
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
