"""``houston-codemod fleet status``: where every repository of the organisation stands.

Read-only: it runs ``check`` (with the rewrite computed but never written)
over each of all-repos' clones, as all-repos-clone last left them, and asks
git for the last migration commit.  One row per repository, totals last.

Counts are taken against the bundled schema at Houston 1.0.0, the newest
platform version that serves both sides, where every Astronomer Certified
item a document uses is reported as deprecated:

* ``documents``: Houston documents found;
* ``ac_items``: Astronomer Certified items still used (arguments, variables,
  ``updateDeploymentAirflow``, AC fields a document selects, ``ap-airflow``
  images).  What the rewrite leaves to a person stays counted: it is what
  breaks on Houston 1.0.1;
* ``pending``: files a fleet run would still rewrite;
* ``review``: items that need a person (``review-*``);
* ``errors``: files that could not be read or parsed, and schema errors.

Exit codes: 0; 1 when a document has a schema error; 2 when a repository or
a file could not be read (its row says why).
"""

from __future__ import annotations

import html
import json
import os
import subprocess
import sys
from dataclasses import asdict, dataclass, field
from typing import Dict, List, Optional, Sequence

from .migration import SUBJECT, TrackedFilesError, iter_repo_results, relative_error

FORMATS = ("text", "json", "html")
STATUS_VERSION = "1.0.0"
AC_IMAGE_CODES = frozenset({"migrate-ac-image", "review-ac-image"})
COUNTS = ("documents", "ac_items", "pending", "review", "errors")
HEADINGS = {
    "documents": "documents", "ac_items": "AC items left", "pending": "files to migrate",
    "review": "review items", "errors": "errors",
}


@dataclass
class Row:
    repository: str
    documents: int = 0
    ac_items: int = 0
    pending: int = 0
    review: int = 0
    errors: int = 0
    last_migration: Optional[Dict[str, str]] = None  # commit, date, subject
    problems: List[str] = field(default_factory=list)  # one line each: what could not be read
    schema_errors: int = 0


def _git(root: str, *arguments: str) -> Optional[str]:
    completed = subprocess.run(["git", "-C", root, *arguments], capture_output=True, check=False)
    if completed.returncode != 0:
        return None
    return completed.stdout.decode("utf-8", "replace")


def last_migration(root: str) -> Optional[Dict[str, str]]:
    """The newest commit on the checked-out branch whose message holds the fleet's subject."""
    out = _git(root, "log", "-1", "--fixed-strings", f"--grep={SUBJECT}", "--format=%H%x00%cs%x00%s", "HEAD")
    if not out or not out.strip():
        return None
    commit, date, subject = out.strip("\n").split("\0", 2)
    return {"commit": commit, "date": date, "subject": subject}


def repository_row(name: str, root: str) -> Row:
    from ..model import ERROR
    from ..pipeline import BundledSchema, Options
    from ..runner import Run
    from ..versions import VersionTable

    row = Row(name)
    if not os.path.isdir(os.path.join(root, ".git")):
        row.problems.append("not cloned: run all-repos-clone")
        row.errors = 1
        return row
    if _git(root, "rev-parse", "--verify", "--quiet", "HEAD") is None:
        if _git(root, "for-each-ref", "--count=1", "--format=%(refname)", "refs") == "":
            return row  # an empty repository: nothing to count
        # red team 19, report 11a, F4: git cannot read the clone (objects gone, an interrupted clone):
        # a problem of that repository, never a clean row
        row.problems.append("git cannot read this clone: run all-repos-clone again")
        row.errors = 1
        return row
    options = Options(BundledSchema(STATUS_VERSION), VersionTable.bundled(), rewrite=True, validate=True)
    run = Run()
    try:
        for result in iter_repo_results(root, options, run):
            row.documents += sum(d.houston for d in result.documents)
            row.pending += result.changed
            for finding in result.findings:
                if finding.code == "deprecated" or finding.code in AC_IMAGE_CODES:
                    row.ac_items += 1
                if finding.code.startswith("review-"):
                    row.review += 1
                if finding.severity == ERROR:
                    row.schema_errors += 1
    except TrackedFilesError as exc:
        run.errors.append(f"cannot list files: {exc}")
    row.problems.extend(relative_error(error, root) for error in run.errors)
    row.errors = len(row.problems) + row.schema_errors
    row.last_migration = last_migration(root)
    return row


def _reads(output: str, config_filename: str, config) -> Optional[str]:
    """Why ``-o output`` would replace something this command reads, or None.

    The all-repos configuration, its repository list and every clone are read, and
    "changes nothing" is the promise: a report must land somewhere else.
    """
    target = os.path.realpath(output)
    for name, what in ((config_filename, "is the all-repos configuration"),
                       (getattr(config.source_settings, "filename", None), "is the repository list")):
        if name and os.path.realpath(name) == target:
            return what
    clones = os.path.realpath(config.output_dir)
    if target == clones or target.startswith(clones.rstrip(os.sep) + os.sep):
        return f"is inside the clones folder {config.output_dir}"
    from ..side_files import why_kept

    kept = why_kept(output)  # red team 14, report 11a, F6: a script or configuration is no report
    return None if kept is None else f"is {kept}"


def _row_for(item, output_dir: str) -> Row:
    name, _remote = item
    return repository_row(name, os.path.join(output_dir, name))


def rows_for(config, jobs: int = 1, config_filename: str = "all-repos.json") -> List[Row]:
    import functools

    from all_repos import mapper

    from .clones import cloned_repos

    repos = cloned_repos(config, config_filename)  # NoClones: one line, no table
    with mapper.process_mapper(jobs) as do_map:
        return list(do_map(functools.partial(_row_for, output_dir=config.output_dir), sorted(repos.items())))


def totals(rows: List[Row]) -> Dict[str, int]:
    counted = {key: sum(getattr(row, key) for row in rows) for key in COUNTS}
    counted["repositories"] = len(rows)
    counted["migrated"] = sum(row.last_migration is not None for row in rows)
    return counted


def render_text(rows: List[Row]) -> str:
    header = ["repository", *(HEADINGS[key] for key in COUNTS), "last migration"]
    table = [header]
    for row in rows:
        table.append([row.repository, *(str(getattr(row, key)) for key in COUNTS), _migration_text(row)])
    total = totals(rows)
    table.append([f"total ({total['repositories']})", *(str(total[key]) for key in COUNTS),
                  f"{total['migrated']} migrated"])
    widths = [max(len(line[i]) for line in table) for i in range(len(header))]
    lines = []
    for index, line in enumerate(table):
        cells = [line[0].ljust(widths[0])] + [cell.rjust(w) for cell, w in zip(line[1:-1], widths[1:-1])] + [line[-1]]
        lines.append("  ".join(cells).rstrip())
        if index == 0 or index == len(table) - 2:
            lines.append("  ".join("-" * w for w in widths))
    for row in rows:
        for problem in row.problems:
            lines.append(f"{row.repository}: {problem}")
    return "\n".join(lines) + "\n"


def _migration_text(row: Row) -> str:
    if row.last_migration is None:
        return "-"
    return f"{row.last_migration['commit'][:10]} {row.last_migration['date']}"


def render_json(rows: List[Row]) -> str:
    repositories = []
    for row in rows:
        data = asdict(row)
        del data["schema_errors"]
        repositories.append(data)
    return json.dumps({"repositories": repositories, "totals": totals(rows)}, indent=2) + "\n"


STYLE = (
    "body{font:14px/1.45 system-ui,sans-serif;margin:2rem;color:#1d1d1f}"
    "table{border-collapse:collapse}td,th{border:1px solid #ccd;padding:.25rem .6rem}"
    "th{background:#f3f3f7;text-align:left}td.n{text-align:right}tfoot td{font-weight:bold}"
    ".done{color:#0a6b2f}.todo{color:#9a5b00}.bad{color:#b00020}"
)


def render_html(rows: List[Row]) -> str:
    esc = html.escape
    total = totals(rows)
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        "<title>houston-codemod: organisation migration status</title>",
        f"<style>{STYLE}</style></head><body>",
        "<h1>Migration to Astro Runtime: every repository</h1>",
        "<table><thead><tr><th>repository</th>",
        *(f"<th>{esc(HEADINGS[key])}</th>" for key in COUNTS),
        "<th>last migration</th><th>problems</th></tr></thead><tbody>",
    ]
    for row in rows:
        state = "bad" if row.errors else "todo" if row.pending or row.review else "done"
        parts.append(f'<tr class="{state}"><td>{esc(row.repository)}</td>')
        parts.extend(f'<td class="n">{getattr(row, key)}</td>' for key in COUNTS)
        if row.last_migration:
            parts.append(
                f'<td><code>{esc(row.last_migration["commit"][:10])}</code> {esc(row.last_migration["date"])}</td>'
            )
        else:
            parts.append("<td>-</td>")
        parts.append(f"<td>{'<br>'.join(esc(p) for p in row.problems)}</td></tr>")
    parts.append(f"</tbody><tfoot><tr><td>total ({total['repositories']})</td>")
    parts.extend(f'<td class="n">{total[key]}</td>' for key in COUNTS)
    parts.append(f"<td>{total['migrated']} migrated</td><td></td></tr></tfoot></table></body></html>")
    return "\n".join(parts) + "\n"


RENDERERS = {"text": render_text, "json": render_json, "html": render_html}


def main(argv: Optional[Sequence[str]] = None, prog: str = "houston-codemod fleet status") -> int:
    from all_repos import cli

    from ..guard import StdoutArgumentParser
    from .autofix import _load_config

    parser = StdoutArgumentParser(
        prog=prog,
        description="One row per repository of an all-repos configuration: what is migrated, what is left. "
        "Reads the clones; changes nothing.",
    )
    cli.add_common_args(parser)
    cli.add_jobs_arg(parser, default=1)
    parser.add_argument("--format", choices=FORMATS, default="text", help="report format [default: text]")
    parser.add_argument("-o", "--output", metavar="FILE", help="write the report to FILE instead of stdout")
    args = parser.parse_args(argv)
    config = _load_config(args.config_filename)
    refused = _reads(args.output, args.config_filename, config) if args.output else None
    if refused:
        print(f"houston-codemod: -o {args.output}: {refused}; nothing written", file=sys.stderr)
        return 2
    from .clones import NoClones

    try:
        rows = rows_for(config, args.jobs, args.config_filename)
    except NoClones as exc:
        print(f"houston-codemod: {exc}", file=sys.stderr)
        return 2
    text = RENDERERS[args.format](rows)
    if args.output:
        from ..files import write_new_file

        try:
            write_new_file(args.output, text.encode("utf-8"))
        except OSError as exc:
            print(f"houston-codemod: {args.output}: cannot write report: {exc.strerror}", file=sys.stderr)
            return 2
    else:
        from ..guard import write_stdout

        write_stdout(text)  # a reader that leaves part way is noticed (exit 2 from the guard)
    total = totals(rows)
    print(
        f"houston-codemod: {total['repositories']} repositories, {total['migrated']} with a migration commit, "
        f"{total['pending']} files to migrate, {total['review']} review items, {total['errors']} errors",
        file=sys.stderr,
    )
    if any(row.problems for row in rows):
        return 2
    return 1 if any(row.schema_errors for row in rows) else 0
