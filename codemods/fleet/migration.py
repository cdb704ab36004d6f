"""One repository's migration: computed in memory, written atomically, described for a commit.

The fleet works on two copies of each repository: all-repos' clone (read, to
decide and to describe) and a throw-away clone of the remote (written, then
committed).  Both are migrated by the same function over the same set of files
(those git tracks), so the description computed from the first is checked
against what the second really got before anything is committed.

A repository with any file that cannot be read, parsed or rewritten safely is
not migrated at all: a half-migrated repository would be committed as if it
were done.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass, field
from typing import List, Optional, Tuple

from ..files import StaleFile, discover, printed, write_atomically
from ..pipeline import FileResult, Options

SUBJECT = "houston-codemod: migrate Houston API calls to Astro Runtime"
MAX_LISTED = 60  # items listed per section of a commit message; a PR body has a size limit


@dataclass
class RepoMigration:
    """What migrating one working tree would do (or did)."""

    root: str
    changed: List[FileResult] = field(default_factory=list)  # files the rewrite changes
    migrated: List[str] = field(default_factory=list)  # "path:line: message", one per migrate-* finding
    review: List[str] = field(default_factory=list)  # "path:line:col: code message", needs a person
    errors: List[str] = field(default_factory=list)  # one line each: why this repository is skipped
    documents: int = 0  # Houston documents found

    @property
    def needs_commit(self) -> bool:
        return bool(self.changed) and not self.errors

    def fingerprint(self) -> Tuple:
        """What must be identical between the planned and the applied migration."""
        return (
            tuple((_relative(r.path, self.root), r.new_text) for r in self.changed),
            tuple(self.migrated),
            tuple(self.review),
            tuple(self.errors),
        )


class TrackedFilesError(Exception):
    pass


def tracked_files(root: str) -> List[str]:
    """The files the tool would read under ``root`` that git tracks (a clone's own content)."""
    try:
        completed = subprocess.run(
            ["git", "-C", root, "ls-files", "-z"], capture_output=True, check=False
        )
    except OSError as exc:
        raise TrackedFilesError(f"cannot run git: {exc.strerror}") from None
    if completed.returncode != 0:
        raise TrackedFilesError(" ".join(completed.stderr.decode("utf-8", "replace").split()) or "git ls-files failed")
    tracked = {os.path.normpath(os.path.join(root, os.fsdecode(n))) for n in completed.stdout.split(b"\0") if n}
    return [item.path for item in discover([root]) if not item.error and item.path in tracked]


def _excluded_by_repository(root: str):
    """The repository's own ``[tool.houston-codemod] exclude`` patterns, if its pyproject.toml has them."""
    from pathlib import Path

    from ..config import ConfigError, load

    if not os.path.isfile(os.path.join(root, "pyproject.toml")):
        return lambda path: False
    try:
        config = load(Path(root))
    except ConfigError:
        return lambda path: False  # the repository's problem; the migration does not depend on it
    if config.root is None or config.root.resolve() != Path(root).resolve():
        return lambda path: False
    return config.excluded


def iter_repo_results(root: str, options: Options, run):
    """Every result for the files git tracks under ``root``, the repository's own excludes honoured."""
    from ..files import Discovered
    from ..runner import iter_results

    excluded = _excluded_by_repository(root)
    found = [Discovered(p) for p in tracked_files(root) if not excluded(p)]
    return iter_results(found, options, run, jobs=1)


def plan(root: str, options: Options) -> RepoMigration:
    """Migrate ``root`` in memory: nothing is written."""
    from ..runner import Run

    migration = RepoMigration(root)
    run = Run()
    try:
        results = list(iter_repo_results(root, options, run))
    except TrackedFilesError as exc:
        migration.errors.append(f"cannot list files: {exc}")
        return migration
    for result in results:
        migration.documents += sum(d.houston for d in result.documents)
        for finding in result.ordered_findings:
            where = f"{_relative(finding.path, root)}:{finding.line}"
            if finding.code.startswith("migrate-"):
                migration.migrated.append(f"{where}: {finding.message}")
            elif finding.needs_attention:
                migration.review.append(f"{where}:{finding.column}: {finding.code} {finding.message}")
        if result.changed:
            migration.changed.append(result)
    migration.errors.extend(relative_error(error, root) for error in run.errors)
    return migration


def write(migration: RepoMigration) -> Optional[str]:
    """Write every changed file atomically; on the first refusal, put back what was written.

    Returns None when all files were written, or the one-line reason.
    """
    written: List[FileResult] = []
    for result in migration.changed:
        try:
            write_atomically(result.path, result.new_bytes(), result.original.data)
        except StaleFile as exc:
            problem = relative_error(str(exc), migration.root)
        except OSError as exc:
            problem = f"{_relative(result.path, migration.root)}: cannot write: {exc.strerror}"
        else:
            written.append(result)
            continue
        for done in reversed(written):
            try:
                write_atomically(done.path, done.original.data, done.new_bytes())
            except (StaleFile, OSError):
                problem += f"; {_relative(done.path, migration.root)} could not be put back"
        return problem
    return None


def commit_message(migration: RepoMigration, houston_version: Optional[str]) -> str:
    """Subject and body: the body becomes the pull request's description."""
    version = houston_version or "1.0.0"
    lines = [
        SUBJECT,
        "",
        f"Migrated by houston-codemod for Astronomer Software / Houston {version}: "
        "Astronomer Certified (airflowVersion, updateDeploymentAirflow, ap-airflow images) "
        "to Astro Runtime.",
        "",
        f"{len(migration.changed)} file(s) changed, {len(migration.migrated)} item(s) migrated, "
        f"{len(migration.review)} item(s) need review.",
        "",
        "Migrated:",
    ]
    lines.extend(_listed(migration.migrated))
    lines.append("")
    if migration.review:
        lines.append("Needs review (not changed; a person must decide):")
        lines.extend(_listed(migration.review))
    else:
        lines.append("Needs review: nothing.")
    return "\n".join(lines)


def _listed(items: List[str]) -> List[str]:
    from ..houston_token import scrub_line

    # The message is pushed and becomes the pull request's description: an item whose text holds a
    # token (a script using it as a field or variable name) is masked like every report's (red team 14,
    # report 11a, F4).
    # Each item on its own line whatever its file's name holds: a name with a line break wrote lines of its
    # choosing into the commit and the pull request ("Needs review: nothing.", a trailer) (red team 20,
    # report 11a, F3); ``printed`` escapes every control character, as every line-oriented output does.
    shown = [scrub_line(printed(f"- {item}")) for item in items[:MAX_LISTED]]
    if len(items) > MAX_LISTED:
        shown.append(f"- ... and {len(items) - MAX_LISTED} more (houston-codemod check lists them all)")
    return shown


def _relative(path: str, root: str) -> str:
    return os.path.relpath(path, root).replace(os.sep, "/")


def relative_error(error: str, root: str) -> str:
    prefix = root.rstrip(os.sep) + os.sep
    return error[len(prefix):] if error.startswith(prefix) else error
