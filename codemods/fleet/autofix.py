"""``houston-codemod fleet``: the migration as an all-repos autofixer.

all-repos (``all_repos.autofix_lib``) does the multi-repository work: the
standard fixer arguments, a fresh clone of each repository's remote, the
branch, ``git commit``, and the push module the all-repos configuration names
(a pull request, a merge, or nothing).  This module adds what is particular to
this migration:

1. candidates come from all-repos' grep (``candidates.py``);
2. each candidate is migrated in memory in all-repos' clone (``migration.plan``),
   which decides whether it needs a commit at all and writes that commit's
   message: what was migrated, what needs review, the counts.  A repository
   with a file that cannot be processed is reported and skipped: nothing is
   written for it anywhere;
3. each repository that needs a commit goes through ``autofix_lib.fix`` on its
   own, because the message is per repository.  In all-repos' fresh clone the
   migration runs again, in-process, and is written atomically; if it differs
   from the plan (the remote moved since ``all-repos-clone``) or a write is
   refused, the clone is put back and the repository is reported instead of
   committed;
4. the push goes through the configured push module, after the branch
   all-repos made (``all-repos_autofix_<name>``) is renamed to
   ``houston-codemod/runtime-migration``, so pull requests come from that branch.

Exit codes follow the tool's contract: 0 done, 1 ``--dry-run`` found
repositories that would be committed to, 2 usage errors and repositories that
were reported and skipped.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import hashlib
import os
import re
import subprocess
import sys
from dataclasses import dataclass, field
from typing import List, Optional, Sequence, Tuple

from .migration import commit_message, plan, write

BRANCH = "houston-codemod/runtime-migration"
EXIT_OK, EXIT_FINDINGS, EXIT_TROUBLE = 0, 1, 2


def _say(message: str) -> None:
    from ..houston_token import scrub_line  # a clone's path or a server's error may hold the token

    print(scrub_line(f"houston-codemod: {message}"), file=sys.stderr, flush=True)


WITHHELD = b"houston-codemod: all-repos' output not shown: it holds HOUSTON_API_TOKEN or GITHUB_TOKEN in a form that cannot be cut out\n"


def _through_redactor(call) -> None:
    """Run ``call`` with this process's stdout and stderr (file descriptors 1 and 2) caught, then
    pass what it printed on, without any token.

    all-repos prints each repository's ``git diff`` and the ``git commit -m`` command (the
    message lists the migrated items) from its own subprocesses, straight to file
    descriptor 1; a script that holds the token in its text (an operation, field or variable
    name) would show it in CI logs (red team 14, report 11a, F4).  Not for ``--interactive``,
    whose prompts need the terminal.
    """
    import tempfile

    sys.stdout.flush()
    sys.stderr.flush()
    saved = os.dup(1), os.dup(2)
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        try:
            os.dup2(out.fileno(), 1)
            os.dup2(err.fileno(), 2)
            call()
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os.dup2(saved[0], 1)
            os.dup2(saved[1], 2)
            os.close(saved[0])
            os.close(saved[1])
            _pass_on(out, err)  # also when the call raised (red team 21, report 11a, f4: it was dropped)


def _pass_on(out, err) -> None:
    from ..houston_token import scrub

    for caught, fd in ((out, 1), (err, 2)):
        caught.seek(0)
        text = caught.read().decode("utf-8", "surrogateescape")
        if not text:
            continue
        cleaned = scrub(text)
        data = WITHHELD if cleaned is None else cleaned.encode("utf-8", "surrogateescape")
        while data:
            data = data[os.write(fd, data):]


# --- all-repos' failures as one line ----------------------------------------------------------


class NoAnswer(Exception):
    """``--interactive`` with no answer to read: standard input closed or at its end."""


class _Caught:
    """Stands in for ``traceback`` in ``all_repos.autofix_lib``: its ``repo_context`` prints any
    exception of a repository with ``traceback.print_exc()``; here it is kept, and told as one line
    (red team 21, report 11a, f9: a failed ``git commit`` printed all-repos' traceback, the whole
    commit message in it)."""

    def __init__(self) -> None:
        self.errors: List[BaseException] = []

    def print_exc(self, *args, **kwargs) -> None:
        error = sys.exc_info()[1]
        if error is not None:
            self.errors.append(error)


def _run_keeping_stderr(run, *cmd: str, **kwargs):
    """all-repos' ``autofix_lib.run`` (``run``) with the command's stderr kept on a failure, for the
    one line; a command that succeeds has its stderr passed on as before."""
    if "stderr" in kwargs or "capture_output" in kwargs:
        return run(*cmd, **kwargs)
    check = kwargs.pop("check", True)
    completed = run(*cmd, stderr=subprocess.PIPE, check=False, **kwargs)
    if check and completed.returncode:
        raise subprocess.CalledProcessError(completed.returncode, cmd, completed.stdout, completed.stderr)
    if completed.stderr:
        sys.stderr.flush()
        data = completed.stderr
        while data:
            data = data[os.write(2, data):]
    return completed


def _answer(prompt: str = "") -> str:
    """``input`` for all-repos' ``--interactive`` prompt: no answer to read is this repository's
    failure, not a traceback (stdin closed) nor an end of the run without its summary (EOF)
    (red team 21, report 11a, f8)."""
    if sys.stdin is None:
        print(prompt, flush=True)
        raise NoAnswer("no answer to the --interactive prompt: standard input is closed (nothing committed)")
    try:
        return input(prompt)
    except EOFError:
        print(flush=True)
        raise NoAnswer("no answer to the --interactive prompt: standard input ended (nothing committed)") from None


@contextlib.contextmanager
def _all_repos_hooks():
    """all-repos' ``autofix_lib`` with its exceptions kept (not printed), the failing git
    command's message kept, and the prompt's missing answer a failure: yields the kept list."""
    from all_repos import autofix_lib

    caught = _Caught()
    saved = autofix_lib.traceback, autofix_lib.run
    autofix_lib.traceback = caught
    autofix_lib.run = functools.partial(_run_keeping_stderr, autofix_lib.run)
    autofix_lib.input = _answer  # read before the builtin by _interactive_check
    try:
        yield caught.errors
    finally:
        autofix_lib.traceback, autofix_lib.run = saved
        del autofix_lib.input


def _git_message(stderr) -> str:
    """git's own message, on one line: its ``fatal:``/``error:`` lines, else its last line."""
    if isinstance(stderr, bytes):
        stderr = stderr.decode("utf-8", "replace")
    lines = [line.strip() for line in (stderr or "").splitlines() if line.strip()]
    chosen = [line for line in lines if line.startswith(("fatal:", "error:"))] or lines[-1:]
    return " ".join(" ".join(chosen).split())


def _cause(error: BaseException) -> str:
    """One line for what ended a repository inside all-repos."""
    if isinstance(error, NoAnswer):
        return str(error)
    if isinstance(error, subprocess.CalledProcessError):
        words = [str(word) for word in (error.cmd if isinstance(error.cmd, (list, tuple)) else [error.cmd])]
        if words[1:2] == ["-C"]:  # git -C PATH ...
            words = words[:1] + words[3:]
        if words[1:] == ["config", "remote.origin.url"]:
            return "it has no remote 'origin' (not a clone made by all-repos-clone)"
        command = " ".join(words[:2])
        message = _git_message(error.stderr)
        return f"`{command}` failed (exit {error.returncode})" + (f": {message}" if message else "")
    return f"{type(error).__name__}: {' '.join(str(error).split())}"


_USERINFO = re.compile(r"(\b[A-Za-z][A-Za-z0-9+.-]*://)[^\s/]*@")


def _without_userinfo(text: str) -> str:
    """A URL's ``user:password@`` (git may name a remote's URL) as ``***@``."""
    return _USERINFO.sub(r"\1***@", text)


def git_identity_problem(author: Optional[str]) -> Optional[str]:
    """Why ``git commit`` would refuse here for want of an identity (``git var``), or None."""
    names = ["GIT_COMMITTER_IDENT"] + ([] if author else ["GIT_AUTHOR_IDENT"])
    for name in names:
        completed = subprocess.run(["git", "var", name], capture_output=True)
        if completed.returncode:
            message = _git_message(completed.stderr) or f"git var {name} exited {completed.returncode}"
            return (
                f"git has no identity to commit with ({message}); set user.name and user.email "
                "(git config --global) or GIT_COMMITTER_NAME and GIT_COMMITTER_EMAIL (nothing committed)"
            )
    return None


AUTHOR = re.compile(r"\s*[^<>\s][^<>]*<[^<>]*>\s*")


def author_problem(author: Optional[str]) -> Optional[str]:
    """``--author`` must be git's ``Name <email>``: anything else git reads as a name to look up
    in the repository's history, and refuses when none matches (red team 21, report 11a, f9)."""
    if author is None or AUTHOR.fullmatch(author):
        return None
    return f"--author {author!r}: must be git's form 'Name <email>', e.g. 'Migration Bot <bot@example.com>'"


def build_parser(prog: str) -> argparse.ArgumentParser:
    from all_repos import autofix_lib

    from ..guard import StdoutArgumentParser

    parser = StdoutArgumentParser(
        prog=prog,
        description=(
            "Migrate every repository of an all-repos configuration from Astronomer Certified to "
            "Astro Runtime: one commit per repository that needs it, on branch "
            f"{BRANCH}, pushed with the configuration's push module.  "
            f"`{prog} status` shows where the organisation stands."
        ),
    )
    autofix_lib.add_fixer_args(parser)
    parser.add_argument(
        "--houston-version", metavar="X.Y[.Z]",
        help="Astronomer Software / Houston platform version whose schema to use [default: 1.0.0].",
    )
    parser.add_argument(
        "--schema", metavar="FILE|URL",
        help="Houston schema SDL file, or a Houston URL to introspect [default: bundled].",
    )
    return parser


# --- the schema, built once per process from a picklable recipe ---------------------------


@functools.lru_cache(maxsize=None)
def _options(recipe: Tuple[str, str, Optional[str]]):
    """``recipe``: ("bundled", "", version) | ("file", path, version) | ("sdl", text, origin)."""
    from ..houston_schema import HoustonSchema
    from ..pipeline import BundledSchema, Options
    from ..versions import VersionTable

    kind, value, extra = recipe
    if kind == "bundled":
        schema = BundledSchema(extra)
    elif kind == "file":
        schema = HoustonSchema.from_file(value, extra)
    else:
        schema = HoustonSchema.from_sdl(value, extra or "schema")
    return Options(schema=schema, versions=VersionTable.bundled(), rewrite=True, validate=False)


def _recipe(schema: Optional[str], version: Optional[str]) -> Tuple[str, str, Optional[str]]:
    """Check the schema options now (one line and exit 2 if wrong) and say how to rebuild them."""
    from ..houston_schema import HoustonSchema, SchemaError
    from ..live import LiveError
    from ..schema_versions import parse_version

    try:
        if schema and "://" in schema:
            from ..live import fetch_sdl

            sdl = fetch_sdl(schema)
            HoustonSchema.from_sdl(sdl, schema)
            return ("sdl", sdl, schema)
        if schema:
            HoustonSchema.from_file(schema, version)
            return ("file", schema, version)
        if version:
            parse_version(version)
        return ("bundled", "", version)
    except (SchemaError, LiveError) as exc:
        _say(str(exc))
        raise SystemExit(EXIT_TROUBLE) from None


# --- one repository -------------------------------------------------------------------------


@dataclass
class Planned:
    """What the parent needs to know about one candidate, small enough to pass between processes."""

    repo: str
    message: str = ""
    fingerprint: str = ""
    files: int = 0
    migrated: int = 0
    review: int = 0
    errors: List[str] = field(default_factory=list)

    @property
    def needs_commit(self) -> bool:
        return self.files > 0 and not self.errors


@dataclass
class Outcome:
    """What happened in all-repos' fresh clone of one repository."""

    repo: str
    applied: bool = False  # the migration was written in the fresh clone
    committing: bool = False  # all-repos saw the change and is about to commit it
    pushed: bool = False
    error: Optional[str] = None


def _digest(fingerprint) -> str:
    return hashlib.sha256(repr(fingerprint).encode("utf-8", "surrogatepass")).hexdigest()


def plan_repo(repo: str, *, recipe, houston_version: Optional[str]) -> Planned:
    migration = plan(repo, _options(recipe))
    planned = Planned(
        repo,
        files=len(migration.changed),
        migrated=len(migration.migrated),
        review=len(migration.review),
        errors=list(migration.errors),
        fingerprint=_digest(migration.fingerprint()),
    )
    if migration.needs_commit:
        planned.message = commit_message(migration, houston_version)
    return planned


def _apply_fix(*, outcome: Outcome, recipe, expected: str, author: Optional[str] = None) -> None:
    """all-repos' ``apply_fix``: runs in its fresh clone of the remote (the working directory)."""
    identity = git_identity_problem(author)  # git commit would fail after the write (red team 21, report 11a, f9)
    if identity is not None:
        outcome.error = identity
        return
    migration = plan(".", _options(recipe))
    if migration.errors:
        outcome.error = migration.errors[0]
        return
    if _digest(migration.fingerprint()) != expected:
        outcome.error = (
            "the remote's default branch differs from the all-repos clone; "
            "run all-repos-clone again (nothing committed)"
        )
        return
    problem = write(migration)
    if problem is not None:
        outcome.error = f"{problem} (nothing committed)"
        return
    outcome.applied = True


class NotMigrated(Exception):
    """Raised in ``check_fix`` to stop all-repos from committing a clone we did not fully migrate."""


def _check_fix(*, outcome: Outcome) -> None:
    """all-repos' ``check_fix``: called only when the fresh clone really changed (all-repos then
    prints the diff and the ``git commit`` command with the message, in a dry run too).

    The clone changed although the migration was not applied whole only if putting files
    back failed as well; all-repos must then not commit (it reports the exception).
    """
    if not outcome.applied:
        raise NotMigrated(outcome.error or "the migration was not applied")
    outcome.committing = True


def _push(settings, branch_name: str, *, push, outcome: Outcome) -> None:
    """Rename all-repos' branch to ours, then hand over to the configured push module."""
    try:
        subprocess.run(["git", "branch", "-M", branch_name, BRANCH], check=True, capture_output=True)
        push(settings, BRANCH)
    except Exception as exc:  # the push module's own failures: one line, the others go on
        reason = _redacted(" ".join(str(exc).split()), settings)
        outcome.error = (
            f"push failed ({reason}); if {BRANCH} is already on the remote, "
            "its pull request is probably still open (nothing pushed)"
        )
    else:
        outcome.pushed = True


def _redacted(text: str, settings) -> str:
    secrets = [getattr(settings, "api_key", None)]
    env = getattr(settings, "api_key_env", None)
    if env:
        secrets.append(os.environ.get(env))
    from ..secret_scan import redact  # the shared redactor: every spelling of the key, not only the plain one

    return redact(text, [secret for secret in secrets if secret])


def fix_repo(planned: Planned, *, config, autofix_settings, author: Optional[str], recipe) -> Outcome:
    """One ``autofix_lib.fix`` call for one repository, with its own commit message."""
    from all_repos import autofix_lib

    outcome = Outcome(planned.repo)
    fix = functools.partial(
        autofix_lib.fix,
        [planned.repo],
        apply_fix=functools.partial(
            _apply_fix, outcome=outcome, recipe=recipe, expected=planned.fingerprint, author=author
        ),
        check_fix=functools.partial(_check_fix, outcome=outcome),
        config=config._replace(push=functools.partial(_push, push=config.push, outcome=outcome)),
        commit=autofix_lib.Commit(msg=planned.message, branch_name=BRANCH, author=author),
        autofix_settings=autofix_settings._replace(jobs=1, limit=None),
    )
    with _all_repos_hooks() as errors:
        try:
            if autofix_settings.interactive:
                fix()
            else:
                _through_redactor(fix)
        except RuntimeError:
            # all-repos' repo_context catches a failed clone or fetch of the remote and returns without
            # yielding, which contextlib turns into "generator didn't yield": this repository's failure,
            # before anything was applied (red team 19, report 11a, F3: it ended the whole run)
            if outcome.applied and not errors:
                raise
    # all-repos' repo_context caught what ended this repository (kept by _all_repos_hooks, not printed)
    cause = _redacted(_without_userinfo(_cause(errors[0])), config.push_settings) if errors else None
    if outcome.error is None:
        if not outcome.applied:
            outcome.error = (
                cause if cause and isinstance(errors[0], NoAnswer)
                else f"all-repos could not prepare its clone: {cause}" if cause
                else "all-repos could not prepare its clone"
            )
        elif not outcome.committing:
            outcome.error = "the fresh clone did not change (nothing committed)"
        elif cause:
            outcome.error = cause if isinstance(errors[0], NoAnswer) else f"commit failed: {cause} (nothing committed)"
        elif not autofix_settings.dry_run and not outcome.pushed and not autofix_settings.interactive:
            outcome.error = "commit failed (nothing committed)"
    return outcome


# --- the whole run ----------------------------------------------------------------------------


def _load_config(filename: str):
    from all_repos.config import load_config

    # Red team 29 (report 11a), f3: all-repos opens the file as it is, so a FIFO nobody writes to blocked
    # the run for ever (and a SIGTERM then printed "cfg.json: 143"); only a regular file is read.
    import stat

    try:
        mode = os.stat(filename).st_mode
    except FileNotFoundError:
        mode = None
    except OSError as exc:
        _say(f"{filename}: cannot use this all-repos configuration: {exc.strerror or type(exc).__name__}")
        raise SystemExit(EXIT_TROUBLE)
    if mode is not None and not stat.S_ISREG(mode):
        _say(f"{filename}: not a regular file; all-repos configuration not read")
        raise SystemExit(EXIT_TROUBLE)
    try:
        return load_config(filename)
    except SystemExit as exc:  # all-repos' own one-line refusals (file permissions, output_dir)
        _say(f"{filename}: {exc.code}")
    except FileNotFoundError:
        _say(f"{filename}: no such all-repos configuration (give one with -C)")
    except (OSError, ValueError, KeyError, TypeError, ImportError) as exc:
        _say(f"{filename}: cannot use this all-repos configuration: {type(exc).__name__}: {' '.join(str(exc).split())}")
    raise SystemExit(EXIT_TROUBLE)


def _name(repo: str, config) -> str:
    relative = os.path.relpath(os.path.abspath(repo), config.output_dir)
    return repo if relative.startswith("..") else relative


def main(argv: Optional[Sequence[str]] = None, prog: str = "houston-codemod fleet") -> int:
    from all_repos import autofix_lib, mapper
    from all_repos.grep import GrepError

    from .candidates import find_repos

    args = build_parser(prog).parse_args(argv)
    if args.limit is not None and args.limit < 1:
        # red team 15, report 11a, F2: all-repos slices with it, so -1 meant "all but the last"
        _say(f"--limit {args.limit}: must be a whole number of repositories, 1 or more")
        return EXIT_TROUBLE
    bad_author = author_problem(args.author)
    if bad_author is not None:
        _say(bad_author)
        return EXIT_TROUBLE
    recipe = _recipe(args.schema, args.houston_version)
    config = _load_config(args.config_filename)
    settings = autofix_lib.AutofixSettings.from_cli(args)
    absent: List[Planned] = []
    if args.repos is None:
        from .clones import NoClones, cloned_repos, missing_clones

        try:
            missing = missing_clones(config, cloned_repos(config, args.config_filename))
        except NoClones as exc:
            _say(str(exc))
            return EXIT_TROUBLE
        if missing:  # git grep would fail in it, and say neither where nor why
            more = f" (and {len(missing) - 1} more)" if len(missing) > 1 else ""
            _say(f"{missing[0]}: not cloned{more}; run all-repos-clone -C {args.config_filename}")
            return EXIT_TROUBLE
    else:
        absent = [
            Planned(repo, errors=[f"no such clone; run all-repos-clone -C {args.config_filename}"])
            for repo in args.repos
            if not os.path.isdir(repo)
        ]
    try:
        candidates = list(autofix_lib.filter_repos(config, args.repos, find_repos))
    except GrepError as exc:
        _say(f"git grep failed (exit {exc.args[0]}) in one of the clones; run all-repos-clone again")
        return EXIT_TROUBLE
    candidates = [repo for repo in candidates if all(repo != p.repo for p in absent)]

    plan_one = functools.partial(plan_repo, recipe=recipe, houston_version=args.houston_version)
    with mapper.process_mapper(settings.jobs) as do_map:
        planned = absent + list(do_map(plan_one, candidates))
    skipped = [p for p in planned if p.errors]
    for p in skipped:
        for error in p.errors:
            _say(f"{_name(p.repo, config)}: skipped: {error}")
    todo = [p for p in planned if p.needs_commit][: settings.limit]

    fix_one = functools.partial(
        fix_repo, config=config, autofix_settings=settings, author=args.author, recipe=recipe
    )
    with mapper.process_mapper(settings.jobs) as do_map:
        outcomes = list(do_map(fix_one, todo))
    failed = [o for o in outcomes if o.error]
    for o in failed:
        _say(f"{_name(o.repo, config)}: skipped: {o.error}")
    done = [o for o in outcomes if not o.error and (o.pushed or settings.dry_run)]

    verb = "would be committed to" if settings.dry_run else "committed and pushed"
    _say(
        f"{len(candidates)} candidate repositories, {len(done)} {verb}, "
        f"{sum(not p.errors and not p.needs_commit for p in planned)} with nothing to migrate, "
        f"{len(skipped) + len(failed)} skipped with errors"
    )
    if skipped or failed:
        return EXIT_TROUBLE
    return EXIT_FINDINGS if settings.dry_run and done else EXIT_OK
