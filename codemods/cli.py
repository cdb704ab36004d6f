"""The ``houston-codemod`` command line.  Options in, pipeline called, reporter chosen.

Heavy libraries (LibCST, graphql-core) are imported inside the commands so that
``--help`` stays instant.
"""

from __future__ import annotations

import difflib
import sys
from typing import List, Optional

import click

EXIT_OK, EXIT_FINDINGS, EXIT_TROUBLE = 0, 1, 2


def _fail(message: str) -> None:
    click.echo(f"houston-codemod: {message}", err=True)


def _options(schema_path: Optional[str], *, rewrite: bool, validate: bool):
    from .houston_schema import HoustonSchema, SchemaError
    from .pipeline import Options
    from .versions import VersionTable

    try:
        schema = HoustonSchema.from_file(schema_path) if schema_path else HoustonSchema.bundled()
    except SchemaError as exc:
        _fail(str(exc))
        sys.exit(EXIT_TROUBLE)
    return Options(schema=schema, versions=VersionTable.bundled(), rewrite=rewrite, validate=validate)


JOBS = click.option(
    "-j", "--jobs", type=click.IntRange(min=1), default=None, help="Worker processes (default: number of cores)."
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="houston-codemod")
def main() -> None:
    """Migrate Houston GraphQL in Python scripts from Astronomer Certified to Astro Runtime."""


@main.command()
@click.option("--diff", "mode", flag_value="diff", help="Print a unified diff; write nothing.")
@click.option("--check", "mode", flag_value="check", help="List files that would change; write nothing.")
@click.option("--schema", "schema_path", metavar="FILE", help="Houston schema SDL (default: the bundled one).")
@JOBS
@click.argument("paths", nargs=-1)
def rewrite(mode: Optional[str], schema_path: Optional[str], jobs: Optional[int], paths: List[str]) -> None:
    """Rewrite airflowVersion to runtimeVersion in Houston documents under PATHS (default: .)."""
    options = _options(schema_path, rewrite=True, validate=False)
    if list(paths) == ["-"]:
        sys.exit(_rewrite_stdin(options))
    from .files import StaleFile, write_atomically
    from .runner import Run, iter_results

    outcome = Run()
    changed = 0
    for result in iter_results(list(paths) or ["."], options, outcome, jobs):
        for finding in sorted(result.findings, key=lambda f: f.sort_key()):
            if finding.needs_attention:
                click.echo(finding.as_text(), err=True)
        if not result.changed:
            continue
        changed += 1
        if mode == "diff":
            click.echo(_diff(result), nl=False)
        elif mode == "check":
            click.echo(result.path)
        else:
            try:
                write_atomically(result.path, result.new_bytes(), result.original.data)
            except (StaleFile, OSError) as exc:
                outcome.errors.append(str(exc) if isinstance(exc, StaleFile) else f"{result.path}: cannot write: {exc.strerror}")
    for error in outcome.errors:
        _fail(error)
    if outcome.errors:
        sys.exit(EXIT_TROUBLE)
    sys.exit(EXIT_FINDINGS if mode and changed else EXIT_OK)


def _rewrite_stdin(options) -> int:
    from .pipeline import process

    data = sys.stdin.buffer.read()
    result = process("-", data, options)
    for finding in sorted(result.findings, key=lambda f: f.sort_key()):
        if finding.needs_attention:
            click.echo(finding.as_text(), err=True)
    if result.error:
        _fail(result.error)
        sys.stdout.buffer.write(data)
        return EXIT_TROUBLE
    sys.stdout.buffer.write(result.new_bytes() if result.changed else data)
    return EXIT_OK


def _diff(result) -> str:
    before = result.original.text.splitlines(keepends=True)
    after = result.new_text.splitlines(keepends=True)
    lines = difflib.unified_diff(before, after, f"a/{result.path}", f"b/{result.path}")
    return "".join(line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n" for line in lines)


@main.command()
@click.option("--schema", "schema_path", metavar="FILE", help="Houston schema SDL (default: the bundled one).")
@click.option("--format", "format_name", type=click.Choice(["text", "json"]), default="text", show_default=True)
@JOBS
@click.argument("paths", nargs=-1)
def check(schema_path: Optional[str], format_name: str, jobs: Optional[int], paths: List[str]) -> None:
    """Validate Houston documents under PATHS (default: .) against the Houston schema."""
    from .model import ERROR
    from .report import render
    from .runner import run

    options = _options(schema_path, rewrite=True, validate=True)
    outcome = run(list(paths) or ["."], options, jobs)
    click.echo(render(format_name, outcome.results, outcome.files), nl=False)
    for error in outcome.errors:
        _fail(error)
    if outcome.errors:
        sys.exit(EXIT_TROUBLE)
    has_error = any(f.severity == ERROR for r in outcome.results for f in r.findings)
    sys.exit(EXIT_FINDINGS if has_error else EXIT_OK)


if __name__ == "__main__":  # pragma: no cover
    main()
