"""The ``houston-codemod`` command line.  Options in, pipeline called, reporter chosen.

Heavy libraries (graphql-core, gql) are imported only where they are used, so that
``--help`` stays instant.

Exit codes: 0 fine; 1 ``check`` found an error, or ``rewrite --diff/--check``
would change a file; 2 usage errors and inputs that could not be read or
parsed (reported after every other file was processed); 130 interrupted
(Ctrl-C), after one line saying what had been written.
"""

from __future__ import annotations

import os
import stat
import sys
from dataclasses import dataclass
from typing import List, Optional

import click

from .guard import EXIT_TERMINATED, GuardedGroup, Terminated, write_stdout  # an unexpected exception: one redacted line, exit 2

EXIT_OK, EXIT_FINDINGS, EXIT_TROUBLE, EXIT_INTERRUPTED = 0, 1, 2, 130
FORMATS = ["text", "json", "sarif", "github", "github-review", "html", "rdjson"]


def _fail(message: str) -> None:
    from .files import display_line
    from .houston_token import scrub_line  # no line shows a token, whatever a file or server held

    click.echo(scrub_line(display_line(f"houston-codemod: {message}")), err=True)


def _stop(message: str) -> None:
    _fail(message)
    sys.exit(EXIT_TROUBLE)


@dataclass
class Settings:
    """Command line over configuration file over defaults."""

    paths: List[str]
    schema: Optional[str]
    format: str
    jobs: Optional[int]
    output: Optional[str]
    changed_since: Optional[str]
    houston_version: Optional[str]
    versions_from: Optional[str]
    config: object
    schema_identity: Optional[str] = None  # the fetched SDL's hash, for the cache key
    # ``check --explain PATH``: the file asked about is read whatever its kind (a name such as ``s.py:4``)
    any_kind: bool = False


def _settings(
    paths, schema, format_name, jobs, output, changed_since, houston_version=None, versions_from=None
) -> Settings:
    from .config import ConfigError, load

    try:
        config = load()
    except ConfigError as exc:
        _stop(str(exc))
    chosen_format = format_name or config.format or "text"
    if chosen_format not in FORMATS:
        _stop(f"{config.path}: [tool.houston-codemod] format: unknown format {chosen_format!r}; choose one of {', '.join(FORMATS)}")
    return Settings(
        paths=list(paths) or config.include or ["."],
        schema=schema or config.schema,
        format=chosen_format,
        jobs=jobs or config.jobs,
        output=output,
        changed_since=changed_since,
        houston_version=houston_version or config.houston_version,
        versions_from=versions_from,
        config=config,
    )


def _options(settings: Settings, *, validate: bool):
    from .houston_schema import HoustonSchema, SchemaError
    from .live import LiveError
    from .pipeline import BundledSchema, Options
    from .schema_versions import parse_version
    from .versions import VersionTable

    try:
        if settings.schema and "://" in settings.schema:
            from .live import fetch_sdl

            # The token goes to a URL the person gave, not to one only the configuration names.
            context = click.get_current_context(silent=True)
            given = settings.schema != settings.config.schema or bool(context and context.params.get("schema"))
            sdl = fetch_sdl(settings.schema, given_by_person=given)
            settings.schema_identity = _schema_hash(sdl.encode("utf-8", "surrogatepass"))
            schema = HoustonSchema.from_sdl(sdl, settings.schema)
        elif settings.schema:
            schema = HoustonSchema.from_file(settings.schema, settings.houston_version)  # errors now, not later
        else:
            if settings.houston_version:
                parse_version(settings.houston_version)
            schema = BundledSchema(settings.houston_version)  # built when a file needs it
        versions = VersionTable.bundled()
        if settings.versions_from:
            from .live import LiveVersionTable

            versions = LiveVersionTable(settings.versions_from)
            versions.releases("2.3.4")  # fail now, with one line, if the URL cannot answer
    except (SchemaError, LiveError) as exc:
        _stop(str(exc))
    # check only reports what rewrite would do; a result that could not be written is rewrite's refusal.
    return Options(schema=schema, versions=versions, rewrite=True, validate=validate, writing=not validate)


def _discover(settings: Settings):
    from .files import discover

    found = [f for f in discover(settings.paths, any_kind=settings.any_kind) if not settings.config.excluded(f.path)]
    if settings.changed_since is not None:  # "" is a bad ref too, not "no filter"
        from .git import GitError, changed_files

        shown_ref = " ".join(settings.changed_since.split())
        try:
            changed = changed_files(settings.changed_since)
        except GitError as exc:
            _stop(f"--changed-since {shown_ref}: {exc}")
        other = _in_another_repository(settings.paths)
        if other is not None:  # red team 22, report 11a, f2: a submodule or a sibling checkout scanned nothing, exit 0
            _stop(f"--changed-since {shown_ref}: {other[0]} is in another git repository ({other[1]}) than the one "
                  f"{shown_ref} is read in; run the check from there")
        found = [f for f in found if f.error or os.path.realpath(f.path) in changed]
    return found


def _in_another_repository(paths):
    """(a PATH, its work tree) for the first PATH whose git work tree is not the working directory's, else None.

    ``--changed-since REF`` lists the changes of the working directory's repository; a submodule or a sibling
    checkout has changes of its own, which that list never holds."""
    from .files import git_work_tree

    here = git_work_tree(os.path.realpath(os.getcwd()))
    for path in paths:
        if not os.path.lexists(path):
            continue
        real = os.path.realpath(path)
        top = git_work_tree(real if os.path.isdir(real) else os.path.dirname(real))
        if top is not None and top != here:
            return _display(path), _display(top)
    return None


def _inside_any(path: str, folders) -> bool:
    """Is ``path`` one of ``folders`` or below one (absolute, normalised; links not resolved)?"""
    absolute = os.path.normpath(os.path.abspath(path))
    for folder in folders:
        top = os.path.normpath(os.path.abspath(folder))
        if absolute == top or absolute.startswith(os.path.join(top, "")):
            return True
    return False


def _guard_output(settings: Settings, found) -> None:
    """Refuse ``-o`` onto any file this run reads: the report would replace the source."""
    if not settings.output:
        return
    try:
        output = os.stat(settings.output)
    except (OSError, ValueError):
        return  # not there yet: it cannot be an input
    if stat.S_ISREG(output.st_mode):
        from .files import existing_file_refusal

        refusal = existing_file_refusal(output)  # red team 21, report 11a, f13: before the run, not after it
        if refusal is not None:
            _stop(f"-o {settings.output}: {refusal}; nothing written")
    inputs = [f.path for f in found if not f.error]
    if settings.schema and "://" not in settings.schema:
        inputs.append(settings.schema)
    if getattr(settings.config, "path", None):
        inputs.append(str(settings.config.path))  # the configuration this run read
    from .cache import KEY_FILE, key_directory

    # The result cache's signing key is read by every cached run (red team 17, report 11a, F2: -o onto it
    # replaced it with the report and turned the cache off).
    inputs.append(os.path.join(key_directory(), KEY_FILE))
    for path in inputs:
        try:
            status = os.stat(path)
        except (OSError, ValueError):
            continue
        if (status.st_dev, status.st_ino) == (output.st_dev, output.st_ino):
            _stop(f"-o {settings.output}: is an input of this run ({path}); nothing written")
    from .side_files import why_read

    for name in dict.fromkeys((settings.output, os.path.realpath(settings.output))):
        why = why_read(name)
        if why is not None:  # red team 9, F10: a .env, CI file or config a rule reads beside the inputs
            _stop(f"-o {settings.output}: is an input of this run ({why}); nothing written")


def _results(settings: Settings, options, outcome, cached: bool = True, context_paths=None):
    """Stream results, with a progress bar when a person is watching a long run.

    ``cached``: results may come from (and go to) the persistent cache; ``rewrite``
    that writes passes False.  ``context_paths``: the run the files are judged in,
    when larger than the files processed (``check --explain``).
    """
    from .files import discover
    from .run_context import project_context
    from .runner import iter_results

    found = _discover(settings)
    _guard_output(settings, found)
    cache, where = _open_cache(settings, options) if cached else (None, "off")
    context = None
    if context_paths is not None:
        context = [f for f in discover(context_paths) if not f.error and not settings.config.excluded(f.path)]
    elif settings.changed_since is not None:
        # Red team 9, F9: the changed files are judged in the whole tree's indexes (a module that imports
        # a changed one may not have changed), so the PR bot decides as a full run does; and that tree in
        # its project's (red team 15, report 11b, F13: `--changed-since REF lib`).
        context = [f for f in discover(settings.paths) if not f.error and not settings.config.excluded(f.path)]
        seen = {os.path.normpath(os.path.abspath(f.path)) for f in context}
        for item in project_context(settings.paths, settings.config, context) or []:
            if os.path.normpath(os.path.abspath(item.path)) not in seen:
                context.append(item)
    else:
        context = project_context(settings.paths, settings.config, found)
    from .sources.look_around import tops_of

    config_root = str(settings.config.root) if getattr(settings.config, "root", None) else None
    options.look_around = tops_of(list(settings.paths) + list(context_paths or []), config_root)
    results = iter_results(found, options, outcome, settings.jobs, cache, context=context)
    if sys.stderr.isatty() and len(found) > 20:
        with click.progressbar(results, length=len(found), label="houston-codemod", file=sys.stderr) as bar:
            yield from bar
    else:
        yield from results
    if cache is not None and outcome.stored:
        cache.prune()
    from .cache import ENV_STATS

    if os.environ.get(ENV_STATS, "") not in ("", "0"):
        from .cache import tool_fingerprint

        _fail(
            f"cache: {outcome.analysed} analysed, {outcome.cached} from cache, {outcome.stored} stored ({where}); "
            f"tool {tool_fingerprint()[:12]}; workers {outcome.workers}"
            + (f"; facts {cache.facts_read} read, {cache.facts_answered} answered" if cache is not None else "")
        )


def _schema_hash(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()


def _open_cache(settings: Settings, options):
    """The persistent cache for this run (``cache.py``) and where it is, or (None, why not)."""
    from . import cache

    context = click.get_current_context(silent=True)
    meta = context.meta if context is not None else {}
    if meta.get("houston-codemod.no_cache") or cache.disabled_by_environment():
        return None, "off"
    if settings.versions_from:
        return None, "off: --versions-from answers may change between runs"
    version = settings.houston_version or ""
    if settings.schema and "://" in settings.schema:
        if not settings.schema_identity:
            return None, "off: schema not fetched"
        schema = f"sdl:{settings.schema_identity}:{version}"
    elif settings.schema:
        from .files import read_bytes

        try:
            schema = f"file:{_schema_hash(read_bytes(settings.schema))}:{version}"
        except OSError:
            return None, "off: schema file unreadable"
    else:
        schema = f"bundled:{version}"
    root = cache.project_root(str(settings.config.root) if getattr(settings.config, "root", None) else None)
    if not meta.get("houston-codemod.cache_dir"):  # the flag wins; a blank variable is never the default place
        from .env_values import BlankSetting, setting

        try:
            setting(cache.ENV_DIRECTORY)
        except BlankSetting as exc:
            _stop(str(exc))
    return cache.open_for_run(meta.get("houston-codemod.cache_dir"), root, cache.identity(options, schema))


def _summary(outcome, *, rewritten: int, verb: str, validated: bool = True) -> str:
    findings = [f for r in outcome.results for f in r.findings]
    documents = [d for r in outcome.results for d in r.documents]
    review = sum(f.code.startswith("review-") for f in findings)
    errors = sum(f.severity == "error" for f in findings) + len(outcome.errors)
    return (
        f"{outcome.files} files scanned, {len(documents)} documents found "
        f"({sum(d.houston for d in documents)} for Houston"
        + (f", {n} undecided: see check --explain" if (n := sum(d.verdict is None for d in documents)) else "")
        + f"), {rewritten} {verb}, "
        f"{review} need review, {errors} errors"
        # rewrite validates nothing: its error count must not read as a clean schema check.
        + ("" if validated else "; not checked against the schema: run `houston-codemod check`")
    )


def _emit(settings: Settings, text: str) -> None:
    from .files import display_path

    text = display_path(text)  # a file name that is not UTF-8, shown the same way in every format
    from .report import guard

    guarded = guard(text)  # the one choke point of reports: no token in any spelling
    if guarded is None:
        _stop("the report is withheld: it would show HOUSTON_API_TOKEN or GITHUB_TOKEN in a form that cannot be cut out")
    text = guarded
    if settings.output:
        from .files import write_new_file

        try:
            write_new_file(settings.output, text.encode("utf-8"))
        except OSError as exc:
            _stop(f"{settings.output}: cannot write report: {exc.strerror}")
    else:
        write_stdout(text)


def _remember(context, parameter, value):
    """Options the commands do not take as arguments: kept on the context for ``_open_cache``."""
    context.meta[f"houston-codemod.{parameter.name}"] = value
    return value


CACHE_DIR = click.option(
    "--cache-dir",
    metavar="DIR",
    expose_value=False,
    callback=_remember,
    help="Keep the result cache in DIR [default: .houston-codemod-cache at the project root; env HOUSTON_CODEMOD_CACHE_DIR].",
)
NO_CACHE = click.option(
    "--no-cache", is_flag=True, expose_value=False, callback=_remember, help="Neither read nor write the result cache."
)
JOBS = click.option(
    "-j", "--jobs", type=click.IntRange(min=1), default=None, help="Worker processes (default: number of cores)."
)
SCHEMA = click.option(
    "--schema", "schema", metavar="FILE|URL", help="Houston schema SDL file, or a Houston URL to introspect [default: bundled]."
)
VERSIONS_FROM = click.option(
    "--versions-from",
    metavar="URL",
    help="Ask this Houston's runtimeReleases for Runtime equivalents instead of the bundled table.",
)
FORMAT = click.option("--format", "format_name", type=click.Choice(FORMATS), default=None, help="Report format [default: text].")
OUTPUT = click.option("-o", "--output", metavar="FILE", help="Write the report to FILE instead of stdout.")
CHANGED = click.option("--changed-since", metavar="REF", help="Only files changed against this git ref.")
VERSION = click.option(
    "--houston-version",
    metavar="X.Y[.Z]",
    help="Astronomer Software / Houston platform version whose schema to use [default: 1.0.0].",
)


@click.group(cls=GuardedGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="houston-codemod")
def main() -> None:
    """Migrate Houston GraphQL in Python scripts from Astronomer Certified to Astro Runtime."""


def run_options(command):
    """The options ``rewrite`` and ``check`` share, in the order --help lists them."""
    for option in reversed((SCHEMA, VERSION, VERSIONS_FROM, FORMAT, OUTPUT, JOBS, CHANGED, CACHE_DIR, NO_CACHE)):
        command = option(command)
    return command


@main.command()
@click.option("--diff", "show_diff", is_flag=True, help="Print a unified diff; write nothing.")
@click.option("--check", "list_only", is_flag=True, help="List files that would change; write nothing.")
@run_options
@click.option("--fail-on-change", is_flag=True, help="Exit 1 when files were rewritten (for pre-commit).")
@click.argument("paths", nargs=-1)
def rewrite(
    show_diff, list_only, schema, format_name, output, jobs, changed_since, houston_version, versions_from,
    fail_on_change, paths
) -> None:
    """Rewrite airflowVersion to runtimeVersion in Houston documents under PATHS (default: .)."""
    if show_diff and list_only:
        # Red team 19 (report 11a, F2): the two wrote to one setting, so the last one given won,
        # silently.  They are alternatives (``rewrite [--diff | --check]``).
        _stop("--diff and --check are alternatives: give one of them; nothing rewritten")
    mode = "diff" if show_diff else "check" if list_only else None
    if format_name is not None and mode != "check":
        # Red team 8 (F5): a report was asked for, so the tree must not be rewritten instead.
        _stop(f"--format {format_name} writes a report, which rewrite makes only with --check; nothing rewritten")
    settings = _settings(paths, schema, format_name, jobs, output, changed_since, houston_version, versions_from)
    report_format = settings.format if mode == "check" and format_name else None
    if settings.output and report_format is None:
        _stop("-o/--output writes a report, which rewrite makes only with --check and --format")
    from .model import ERROR
    from .runner import Run

    outcome = Run()
    counts = {"changed": 0, "written": 0}
    interrupts = _Interrupts()
    results = None
    try:
        interrupts.install()
        options = _options(settings, validate=False)
        if settings.paths == ["-"]:
            sys.exit(_rewrite_stdin(settings, options, mode, report_format, fail_on_change))
        results = _results(settings, options, outcome, cached=mode is not None)
        for result in results:
            outcome.results.append(result)
            if report_format is None:
                _tell_attention(result)
            if not result.changed:
                continue
            counts["changed"] += 1
            if mode == "diff":
                patch = _diff(result)
                if not patch:  # withheld: it would show a token that cannot be cut out
                    outcome.errors.append(f"{result.path}: {DIFF_WITHHELD}")
                write_stdout(patch)
            elif mode == "check":
                if report_format is None:
                    write_stdout(_display(result.path) + "\n")  # a closed or full stdout is one line, exit 2
            else:
                with interrupts.held():  # written and counted, or neither: the summary stays true
                    _write(result, outcome, counts)
    except (KeyboardInterrupt, Terminated) as stop:
        # The full run's words (red team 22, report 11a, f3: "N changed so far" read as files changed on disk);
        # SIGTERM's line gives the same counts (red team 27, report 11a, minor note (a))
        what, verb = (f"{counts['written']} files rewritten", "changed so far") if mode is None else ("nothing written", "would be rewritten")
        _fail(f"{_stopped(stop)}: {what}; {_summary(outcome, rewritten=counts['changed'], verb=verb)}")
        _exit_interrupted(results, stop)
    if report_format is not None:
        from .report import render

        diff = _pr_diff(settings, report_format)
        unfixed, notes = _unfixed(settings, report_format, outcome.results)
        _emit(settings, render(report_format, outcome.results, outcome.files, diff=diff, unfixed=unfixed))
        for note in notes:
            _fail(note)
        outcome.errors.extend(_unreviewed(outcome.results, diff, settings))
    for error in outcome.errors:
        _fail(error)
    rewritten, verb = (counts["written"], "rewritten") if mode is None else (counts["changed"], "would be rewritten")
    _fail(_summary(outcome, rewritten=rewritten, verb=verb, validated=False))
    _step_summary("rewrite", outcome, rewritten=rewritten, verb=verb)
    # A document that does not parse could not be migrated: trouble, like a file that does not.
    if outcome.errors or any(f.severity == ERROR for r in outcome.results for f in r.findings):
        sys.exit(EXIT_TROUBLE)
    sys.exit(EXIT_FINDINGS if (mode or fail_on_change) and counts["changed"] else EXIT_OK)


def _write(result, outcome, counts) -> None:
    from .files import NotWritten, write_atomically

    try:
        write_atomically(result.path, result.new_bytes(), result.original.data)
    except NotWritten as exc:
        outcome.errors.append(str(exc))
    except OSError as exc:
        outcome.errors.append(f"{result.path}: cannot write: {exc.strerror or exc}")
    else:
        counts["written"] += 1


class _Interrupts:
    """Ctrl-C as KeyboardInterrupt, except while one file is being written and counted.

    A signal mask would not do: the pool's threads would take the signal, and
    Python raises KeyboardInterrupt in the main thread all the same.
    """

    def __init__(self) -> None:
        self.holding = False
        self.pending = False

    def install(self) -> None:
        import signal

        signal.signal(signal.SIGINT, self._handle)

    def _handle(self, signum, frame) -> None:
        if self.holding:
            self.pending = True
        else:
            raise KeyboardInterrupt

    def held(self):
        from contextlib import contextmanager

        from .guard import sigterm_held

        @contextmanager
        def holding():
            with sigterm_held():  # SIGTERM waits for the file too (then ends the run as Terminated)
                self.holding = True
                try:
                    yield
                finally:
                    self.holding = False
                if self.pending:
                    raise KeyboardInterrupt

        return holding()


def _stopped(stop) -> str:
    return "terminated" if isinstance(stop, Terminated) else "interrupted"


def _exit_interrupted(results, stop=None) -> None:
    """Exit 130 (143 for SIGTERM) once the line is out: the workers finish the files in hand (they write nothing).

    A second Ctrl-C (SIGTERM) while they do ends the process at once, quietly.
    """
    import signal

    if not isinstance(stop, Terminated):
        signal.signal(signal.SIGINT, signal.SIG_DFL)  # SIGTERM's handler did so for SIGTERM
    if results is not None:
        results.close()  # stops the pool now, not at interpreter exit
    sys.exit(EXIT_TERMINATED if isinstance(stop, Terminated) else EXIT_INTERRUPTED)


def _display(line: str) -> str:
    from .files import display_line
    from .houston_token import scrub_line

    return scrub_line(display_line(line))


def _tell_attention(result) -> None:
    """What ``rewrite`` tells a person on stderr: needs-review items and errors."""
    for finding in result.ordered_findings:
        if finding.needs_attention:
            click.echo(_display(finding.as_text()), err=True)


def _rewrite_stdin(settings: Settings, options, mode, report_format, fail_on_change: bool) -> int:
    """``rewrite -``: the same modes as for files, on one script read from stdin."""
    from .files import read_stream
    from .pipeline import process

    if sys.stdin is None:  # started with <&- (guard.closed_standard_streams leaves it None)
        _fail("-: stdin is closed; nothing read")
        return EXIT_TROUBLE
    if settings.output and _same_file(settings.output, sys.stdin):
        _fail(f"-o {settings.output}: is an input of this run (standard input); nothing written")
        return EXIT_TROUBLE
    try:
        data = read_stream(sys.stdin.buffer)
    except OSError as exc:
        # One line, like stdin closed, and nothing on stdout: stdin refused for its size may be
        # endless (`< /dev/zero`), so it is not echoed (red team 14, F3).
        _fail(f"-: cannot read: {exc.strerror or exc}")
        return EXIT_TROUBLE
    # No path, so no project: who imports, calls or fills this script's documents is unseen, as in
    # LibCST's runner; those documents are held (sources/unseen_importers.py; red team 17, 11b, F21).
    options.importers_unseen = True
    result = process("-", data, options)
    code = _rewrite_stdin_result(settings, result, data, mode, report_format, fail_on_change)
    from .runner import Run

    outcome = Run(results=[result], errors=[result.error] if result.error else [], files=1)
    verb = "rewritten" if mode is None and not result.error else "would be rewritten"
    _fail(_summary(outcome, rewritten=int(result.changed and not result.error), verb=verb, validated=False))
    return code


def _same_file(path: str, stream) -> bool:
    """Is ``path`` the file behind ``stream`` (``-o x.py - < x.py``)?"""
    try:
        mine, theirs = os.stat(path), os.fstat(stream.fileno())
    except (OSError, ValueError, AttributeError):
        return False
    return (mine.st_dev, mine.st_ino) == (theirs.st_dev, theirs.st_ino)


def _rewrite_stdin_result(settings: Settings, result, data: bytes, mode, report_format, fail_on_change: bool) -> int:
    from .model import ERROR

    if report_format is None:
        _tell_attention(result)
    if result.error:
        _fail(result.error)
        if mode is None:
            write_stdout(data)  # a filter passes on what it cannot change
        return EXIT_TROUBLE
    if report_format is not None:
        from .report import render

        _emit(settings, render(report_format, [result], 1))
    elif mode == "check":
        if result.changed:
            write_stdout("-\n")
    elif mode == "diff":
        if result.changed:
            patch = _diff(result)
            if not patch:
                _fail(f"-: {DIFF_WITHHELD}")
                return EXIT_TROUBLE
            write_stdout(patch)
    else:
        write_stdout(result.new_bytes() if result.changed else data)
    if any(f.severity == ERROR for f in result.findings):
        return EXIT_TROUBLE
    return EXIT_FINDINGS if result.changed and (mode or fail_on_change) else EXIT_OK


def _diff(result) -> bytes:
    """A unified diff of the file's bytes that ``git apply`` and ``patch`` accept.

    Lines are split where git splits them, at ``\\n`` only: a lone CR or a form
    feed is just a character in a line to git, and the file's own encoding and
    name bytes are kept.
    """
    from .unified_diff import unified

    name = os.fsencode(result.path)
    lines = unified(  # linear in the file (red team 17, report 11a, F1: difflib was quadratic on large files)
        _git_lines(result.original.data),
        _git_lines(result.new_bytes()),
        _patch_name(b"a/" + name),
        _patch_name(b"b/" + name),
        b"\n",
    )
    patch = b"".join(line if line.endswith(b"\n") else line + b"\n\\ No newline at end of file\n" for line in lines)
    return _scrub_patch(result.path, patch)


DIFF_WITHHELD = "diff not shown: it holds HOUSTON_API_TOKEN or GITHUB_TOKEN in a form that cannot be cut out"


def _scrub_patch(path: str, patch: bytes) -> bytes:
    """The patch with any token masked (the README: a diff line holding one is shown redacted)."""
    from .houston_token import scrub

    text = patch.decode("utf-8", "surrogateescape")
    cleaned = scrub(text)
    if cleaned == text:
        return patch
    if cleaned is None:
        return b""  # the caller says so, and the run ends with exit 2
    _fail(f"{path}: the diff shows *** where the file holds a token, so it will not apply as printed")
    return cleaned.encode("utf-8", "surrogateescape")


_C_ESCAPES = {ord("\t"): b"\\t", ord("\n"): b"\\n", ord('"'): b'\\"', ord("\\"): b"\\\\"}


def _patch_name(name: bytes) -> bytes:
    """A file name as git writes it in a patch header: C-quoted when it holds a
    control character, a quote or a backslash (a tab would otherwise end the name,
    a newline the header line); other bytes, UTF-8 or not, stay as they are."""
    if not any(byte < 0x20 or byte == 0x7F or byte in (0x22, 0x5C) for byte in name):
        return name
    quoted = b"".join(
        _C_ESCAPES.get(byte) or (b"\\%03o" % byte if byte < 0x20 or byte == 0x7F else bytes((byte,))) for byte in name
    )
    return b'"' + quoted + b'"'


def _git_lines(data: bytes) -> List[bytes]:
    lines = [line + b"\n" for line in data.split(b"\n")]
    lines[-1] = lines[-1][:-1]
    if not lines[-1]:
        lines.pop()
    return lines


@main.command()
@run_options
@click.option(
    "--explain",
    metavar="PATH[:LINE]",
    help="Print, for each document in PATH (or the one at LINE), whether it is bound for Houston and why.",
)
@click.argument("paths", nargs=-1)
def check(schema, format_name, output, jobs, changed_since, houston_version, versions_from, explain, paths) -> None:
    """Validate Houston documents under PATHS (default: .) against the Houston schema."""
    from .model import ERROR
    from .report import render
    from .runner import Run

    explain_line = None
    if explain:
        from .report.explain import TargetError, parse_target

        try:
            explain_path, explain_line = parse_target(explain)
        except TargetError as exc:
            _stop(f"--explain {explain}: {exc}")  # before the run: one line, nothing on stdout
        from .report.explain import FORMATS as EXPLAIN_FORMATS

        if format_name and format_name not in EXPLAIN_FORMATS:  # red team 6, F14: was ignored silently
            _stop(f"--explain prints text or json, not --format {format_name}; nothing run")
        run_paths, paths = paths, (explain_path,)
    settings = _settings(paths, schema, format_name, jobs, output, changed_since, houston_version, versions_from)
    settings.any_kind = bool(explain)
    # Red team 9, F6: the explained file is judged in the run `check PATHS` makes (default: the
    # configured include, or "."), so its project SDL and the scripts that read it speak as they do there.
    context_paths = (list(run_paths) or settings.config.include or ["."]) if explain else None
    if context_paths is not None and not _inside_any(explain_path, context_paths):
        # a file outside that run (`check --explain /tmp/x.py` from a checkout) is judged as `check
        # /tmp/x.py` judges it: the checkout's files have nothing to say about it, and reading them all
        # took a minute in a large one
        context_paths = None
    outcome = Run()
    try:
        _Interrupts().install()
        options = _options(settings, validate=True)
        outcome.results.extend(_results(settings, options, outcome, context_paths=context_paths))
    except (KeyboardInterrupt, Terminated) as stop:
        # what the files processed so far would have: not 0 (red team 22, report 11a, f3)
        changed = sum(r.changed for r in outcome.results)
        _fail(f"{_stopped(stop)}: nothing written; {_summary(outcome, rewritten=changed, verb='would be rewritten')}")
        _exit_interrupted(None, stop)
    if explain:
        from .report.explain import render as render_explanation, render_json as render_explanation_json

        # The command line's --format only: a configured report format is for reports.
        render_explain = render_explanation_json if format_name == "json" else render_explanation
        _emit(settings, render_explain(outcome.results, explain_line))
    else:
        diff = _pr_diff(settings, settings.format)
        unfixed, notes = _unfixed(settings, settings.format, outcome.results)
        _emit(settings, render(settings.format, outcome.results, outcome.files, diff=diff, unfixed=unfixed))
        for note in notes:
            _fail(note)
        outcome.errors.extend(_unreviewed(outcome.results, diff, settings))
    for error in outcome.errors:
        _fail(error)
    _fail(_summary(outcome, rewritten=sum(r.changed for r in outcome.results), verb="would be rewritten"))
    _step_summary("check", outcome, rewritten=sum(r.changed for r in outcome.results), verb="would be rewritten")
    if outcome.errors:
        sys.exit(EXIT_TROUBLE)
    has_error = any(f.severity == ERROR for r in outcome.results for f in r.findings)
    sys.exit(EXIT_FINDINGS if has_error else EXIT_OK)


@main.group()
def schema() -> None:
    """Houston schemas: compare platform versions, fetch a live one."""


@schema.command("diff")
@click.argument("old")
@click.argument("new")
def schema_diff(old: str, new: str) -> None:
    """Breaking and dangerous changes from platform version OLD to NEW (migration items first)."""
    from .houston_schema import SchemaError
    from .schema_diff import diff_versions

    try:
        changes = diff_versions(old, new)
    except SchemaError as exc:
        _stop(str(exc))
    for change in changes:
        write_stdout(change.as_text() + "\n")  # red team 14, report 11a, F7: click.echo lost it silently
    breaking = sum(change.breaking for change in changes)
    _fail(f"{breaking} breaking, {len(changes) - breaking} dangerous change(s) from {old} to {new}")
    sys.exit(EXIT_FINDINGS if breaking else EXIT_OK)


@schema.command("fetch")
@click.argument("url")
@click.option("-o", "--output", metavar="FILE", help="Write the SDL to FILE instead of stdout.")
@click.option("--timeout", type=click.IntRange(min=1, max=86400), default=30, show_default=True, help="Seconds to wait for Houston.")
def schema_fetch(url: str, output: Optional[str], timeout: int) -> None:
    """Introspect the Houston at URL (token from HOUSTON_API_TOKEN) and print its schema as SDL."""
    from .live import LiveError, fetch_sdl

    try:
        sdl = fetch_sdl(url, timeout)
    except LiveError as exc:
        _stop(str(exc))
    if output:
        from .files import write_new_file
        from .side_files import why_kept

        kept = why_kept(output, schema=True)
        if kept is not None:
            _stop(f"-o {output}: is {kept}; nothing written")
        try:
            write_new_file(output, sdl.encode("utf-8"))
        except OSError as exc:
            _stop(f"{output}: cannot write: {exc.strerror}")
    else:
        write_stdout(sdl)


def _pr_diff(settings: Settings, format_name: str):
    """The pull request's diff (base...HEAD from the merge base), for the review format only."""
    if format_name != "github-review" or not settings.changed_since:
        return None
    from .git import GitError
    from .pr_diff import pull_request_diff

    try:
        return pull_request_diff(settings.changed_since)
    except GitError as exc:
        _stop(f"--changed-since {settings.changed_since}: {exc}")


def _unreviewed(results, diff, settings):
    """The files a review left out because their working tree is not the commit it is posted on (red team 27,
    report 11a, f1): one line each, and the run exits 2.  A file of the pull request deleted in the working
    tree is one of them: the run never saw it, so the review would say nothing of what HEAD's copy needs."""
    if diff is None:
        return []
    from .files import PYTHON_SUFFIXES, GRAPHQL_SUFFIXES, NOTEBOOK_SUFFIXES, is_dockerfile_name
    from .report.github_review import unreviewed

    lines = unreviewed(results, diff)
    named = {relative for relative in diff.dirty if relative in diff.hunks}  # the pull request's own: lines of their own
    tops = [os.path.realpath(path) for path in settings.paths]
    for relative in sorted(diff.dirty):  # few: the files the working tree changed
        full = os.path.join(os.path.realpath(diff.root), relative)
        name = os.path.basename(relative).lower()
        # A file HEAD has that is a folder in the working tree is as unread as a deleted one (red team 28,
        # report 11a, f4, variant B: it was skipped with no line)
        folder = os.path.isdir(full) and not os.path.islink(full)
        if relative not in diff.hunks or (os.path.lexists(full) and not folder) or not _inside_any(full, tops):
            continue
        if settings.config.excluded(full):
            continue
        if name.endswith(PYTHON_SUFFIXES + GRAPHQL_SUFFIXES + NOTEBOOK_SUFFIXES) or is_dockerfile_name(name):
            what = "a folder in the working tree, while HEAD" if folder else "deleted in the working tree, while HEAD"
            lines.append(
                f"{os.path.relpath(full)}: not reviewed: {what} ({diff.head[:12]}) has it; restore it "
                f"(or commit the {'change' if folder else 'deletion'}) and run again"
            )
    note = _dirty_dependencies(diff.dirty - named, diff.head, "review")
    if note:
        _fail(note)  # a warning: the exit code stays the review's
    return lines


# Documentation the tool never reads: a local edit there changes no verdict.
_NEVER_READ = (".md", ".rst", ".adoc")


def _dirty_dependencies(paths, head: str, what: str) -> Optional[str]:
    """One line naming (up to three of) the repository's files other than the reviewed ones whose working-tree
    copy differs from HEAD, or None.  Red team 28, report 11a, f4: a file identical to HEAD was judged with an
    uncommitted copy of a module it imports (its URL edited to a Houston one) and got a migration
    suggestion on a commit whose code sends the document elsewhere.  The run reads the working tree; which
    of those files a verdict used is not tracked, so this warns, once, and leaves the exit code alone."""
    names = sorted(path for path in paths if not path.lower().endswith(_NEVER_READ))
    if not names:
        return None
    shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
    return (
        f"warning: {len(names)} other file(s) differ from HEAD ({head[:12]}) in the working tree ({shown}): the "
        f"{what} is of HEAD, but its verdicts may use those copies (a module a script imports, a file it reads); "
        f"commit or stash them for a {what} of HEAD alone"
    )


def _unfixed(settings: Settings, format_name: str, results):
    """(the paths whose fixes a SARIF or rdjson report leaves out, the lines saying so) with --changed-since.

    Red team 28, report 11a, f3: ``check --format rdjson --changed-since BASE`` computed its suggestions from an
    uncommitted working-tree copy; reviewdog places them on HEAD's lines (code scanning likewise applies SARIF
    fixes to the commit), and applied there the suggestion broke the document.  A file whose working-tree copy
    differs from HEAD keeps its findings (they are true of the file the run read) and loses its fixes, with
    one line each; the exit code is the check's.  Other files that differ get the one warning of a review.
    """
    from .report import FIXING_FORMATS

    if format_name not in FIXING_FORMATS or not settings.changed_since:
        return frozenset(), []
    from .files import display_path
    from .fixes import fixes
    from .git import GitError
    from .pr_diff import head_and_dirty

    fixing = [result for result in results if result.original is not None and fixes(result.findings)]
    try:
        root, head, dirty = head_and_dirty()
    except GitError as exc:  # no HEAD to compare with (a branch with no commit yet): no fix can be placed
        lines = [f"no fixes in the {format_name} report: the working tree cannot be compared with HEAD ({exc})"]
        return frozenset(result.path for result in fixing), lines if fixing else []
    top = os.path.realpath(root)
    unfixed, lines, named = set(), [], set()
    for result in fixing:
        relative = os.path.relpath(os.path.realpath(result.path), top).replace(os.sep, "/")
        if relative in dirty:
            unfixed.add(result.path)
            named.add(relative)
            lines.append(
                f"{display_path(result.path)}: no fixes in the {format_name} report: the working tree's copy differs "
                f"from HEAD ({head[:12]}), the commit a pull request's fixes are applied to; commit or stash the "
                "change and run again"
            )
    note = _dirty_dependencies(dirty - named, head, "report")
    return frozenset(unfixed), lines + ([note] if note else [])


def _step_summary(command: str, outcome, *, rewritten: int, verb: str) -> None:
    """GitHub Actions: a Markdown job summary when GITHUB_STEP_SUMMARY names a file."""
    if os.environ.get("GITHUB_STEP_SUMMARY"):
        from .step_summary import append

        problem = append(command, outcome, rewritten=rewritten, verb=verb)
        if problem:
            _fail(problem)


@main.command()
@click.option("--github", "post", is_flag=True, help="Post the review to the pull request with GITHUB_TOKEN.")
@click.option(
    "--changed-since",
    "--pr-base",
    "changed_since",
    metavar="REF",
    help="The pull request's base branch, for example origin/main [default: origin/$GITHUB_BASE_REF].",
)
@click.option("--pr", "pr_number", type=click.IntRange(min=1), help="Pull request number [default: from GITHUB_EVENT_PATH].")
@click.option(
    "--timeout", type=click.IntRange(min=1, max=86400), default=60, show_default=True, help="Seconds all calls to GitHub may take together."
)
@SCHEMA
@VERSION
@VERSIONS_FROM
@JOBS
@CACHE_DIR
@NO_CACHE
@click.argument("paths", nargs=-1)
def review(post, changed_since, pr_number, timeout, schema, houston_version, versions_from, jobs, paths) -> None:
    """Review a pull request: suggestions on the lines its diff shows, the rest in the review body.

    Without --github, print the review GitHub would get.  With --github, post it
    (GITHUB_TOKEN, GITHUB_REPOSITORY, GITHUB_API_URL), skipping what earlier runs posted.
    """
    from .report.github_review import build
    from .runner import Run

    base = changed_since or (f"origin/{os.environ['GITHUB_BASE_REF']}" if os.environ.get("GITHUB_BASE_REF") else None)
    if not base:
        _stop("review needs the pull request's base branch: --changed-since REF (set for you on pull_request events)")
    settings = _settings(paths, schema, "json", jobs, None, base, houston_version, versions_from)
    diff = _pr_diff(settings, "github-review")
    options = _options(settings, validate=False)
    outcome = Run()
    outcome.results.extend(_results(settings, options, outcome))
    built = build(outcome.results, diff)
    outcome.errors.extend(_unreviewed(outcome.results, diff, settings))
    if post:
        _post_review(built, pr_number, timeout)
    else:
        import json

        from .report import guard

        empty = {"event": "COMMENT", "body": "", "comments": []}
        printed = guard(json.dumps(built.payload() or empty, indent=2) + "\n")  # no token, as for every report
        if printed is None:
            _stop("the review is withheld: it would show HOUSTON_API_TOKEN or GITHUB_TOKEN in a form that cannot be cut out")
        write_stdout(printed)
    for error in outcome.errors:
        _fail(error)
    changed = sum(r.changed for r in outcome.results)
    _fail(_summary(outcome, rewritten=changed, verb="would be rewritten"))
    _step_summary("review", outcome, rewritten=changed, verb="would be rewritten")
    if outcome.errors:
        sys.exit(EXIT_TROUBLE)
    sys.exit(EXIT_FINDINGS if built.items else EXIT_OK)


def _post_review(built, pr_number, timeout) -> None:
    from .github_api import GitHubError
    from .pr_review import client, post, target

    try:
        repository, number = target(pr_number)
        posted = post(built, client(timeout), repository, number)
    except GitHubError as exc:
        _stop(str(exc))
    if posted.refused:
        _fail(f"GitHub refused the line comments ({posted.refused}); posted every item in the review body instead")
    for item in posted.moved:
        _fail(f"in the body, not on the line: {item.path}:{item.first} (GitHub does not list the file in the pull request)")
    if posted.foreign and posted.me is not None:
        _fail(
            f"ignored {posted.foreign} houston-codemod marker(s) in comments by accounts other than "
            f"{posted.me.login} ({posted.me.how}): only the bot's own comments count as posted before"
        )
    for item in posted.skipped:
        where = item.first if item.first == item.last else f"{item.first}-{item.last}"
        _fail(f"skipped, posted before: {item.path}:{where} {item.marker[len('<!-- houston-codemod:'):-len(' -->')]}")
    if posted.comments or posted.rows:
        _fail(
            f"posted a review on {repository}#{number}: {posted.comments} line comment(s), "
            f"{posted.rows} item(s) in its body, {len(posted.skipped)} skipped as posted before"
        )
    else:
        _fail(f"nothing new to post on {repository}#{number}: {len(posted.skipped)} item(s) posted before")


@main.command(
    "fleet",
    context_settings={"ignore_unknown_options": True, "allow_extra_args": True, "help_option_names": []},
    add_help_option=False,
)
@click.argument("arguments", nargs=-1, type=click.UNPROCESSED)
def fleet(arguments) -> None:
    """Every repository of an organisation, with all-repos (`fleet --help`, `fleet status --help`)."""
    from .fleet import main as fleet_main
    from .guard import scrubbed_stderr

    _refuse_empty_fleet_values(list(arguments))

    with scrubbed_stderr():  # argparse's usage errors quote what was typed: a token too (red team 5, F20)
        code = fleet_main(list(arguments))
    sys.exit(code)


def _refuse_empty_values(command: click.Command) -> None:
    """An option given an empty value is one line and exit 2 (red team 5, F14).

    ``--schema "$SCHEMA"`` with the variable unset used to mean the bundled schema,
    ``--houston-version ''`` 1.0.0, ``-o ''`` stdout: a silent default where the
    person named a value.  Every option that takes a value, of every command and
    subcommand (walked here, so an option added later is covered too), is checked
    on its raw text, before its type or callback reads it.
    """
    for param in command.params:
        if isinstance(param, click.Option) and not param.is_flag and not param.count:
            param.process_value = _non_empty(param, param.process_value)
    for sub in getattr(command, "commands", {}).values():
        _refuse_empty_values(sub)


def _non_empty(param: click.Option, process):
    name = max(param.opts, key=len)

    def process_value(ctx, value):
        given = value if isinstance(value, (tuple, list)) else (value,)
        if not ctx.resilient_parsing and any(isinstance(item, str) and not item.strip() for item in given):
            _stop(f"{name} is empty: give it a value, or leave the option out for its default")
        return process(ctx, value)

    return process_value


def _refuse_empty_fleet_values(arguments: List[str]) -> None:
    """fleet's options are all-repos' argparse ones, and fleet takes no positional argument: so a
    blank word (``--schema ''``, ``--repos a ''``) or a blank ``--option=`` is an empty value of the
    option before it, refused as for every other command."""
    option = None
    for word in arguments:
        name, equals, value = word.partition("=")
        if word.startswith("-") and equals and name.startswith("--") and not value.strip():
            _stop(f"{name} is empty: give it a value, or leave the option out for its default")
        if word.startswith("-") and word.strip("-"):
            option = word
        elif not word.strip():
            _stop(f"{option or 'an argument of fleet'} is empty: give it a value, or leave the option out for its default")


_refuse_empty_values(main)


if __name__ == "__main__":  # pragma: no cover
    main()
