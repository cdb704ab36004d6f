"""One file through the whole pipeline: read, find, rewrite, validate, verify.

Data moves forward only.  Each file is independent: whatever goes wrong in one
becomes that file's one-line error and never stops the others.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from typing import List, Optional, Tuple

from .houston_schema import HoustonSchema
from .model import ERROR, INFO, WARNING, Finding, Source
from .prefilter import PREFILTERS
from .source_file import SourceFile, UnreadableFile
from .versions import VersionTable

# Call sites that other libraries share (SQL cursors, search APIs): a string sent
# there is GraphQL only if it starts like GraphQL.
WEAK_SITES = frozenset({"execute", "query-keyword"})
# Characters past which a Python file's tree is collected before its rewrite is re-parsed.
LARGE_FILE = 1_000_000
# The review item for a rewrite refused because it would add a schema error.
REWRITE_INVALID = "review-rewrite-invalid"
# The review item for a document read from a JSON body literal that also holds its variables.
NOT_REWRITTEN = "review-json-body"
# Files that pin an Astro project's image rather than hold GraphQL.
IMAGE_KINDS = frozenset({"dockerfile", "compose", "ci"})
# A comment runs to its line's end and nowhere else: linear, not 2**lines.
_LOOKS_LIKE_GRAPHQL = re.compile(r"\s*(?:#[^\r\n]*[\r\n]\s*)*(?:\{|query\b|mutation\b|subscription\b|fragment\b)")
# "{ field { ...": a shorthand document's opening (a name, then a nested selection before any quote).
# Anchored (match), and no two neighbouring repeats share a character: linear.
_NESTED_SELECTION = re.compile(r"\s*\{\s*[_A-Za-z][^{}\"']*\{")


@dataclass
class Options:
    """What every file is processed with.

    ``schema`` may be given as a ``BundledSchema`` recipe instead of a built
    schema: it is then built on first use, so a run whose files all fail the
    prefilter never imports graphql-core (and workers build their own copy
    instead of receiving one).
    """

    schema: "HoustonSchema | BundledSchema"
    versions: VersionTable
    rewrite: bool = True
    validate: bool = True
    deprecation_severity: str = "warning"
    # False for check: it reports what rewrite would do, and refuses nothing it read fine.
    writing: bool = True
    # .graphql path -> "SDL type definitions in the project: ..." (destination.project_sdl), set by the walker.
    project_sdl: Optional[dict] = None
    # Python path -> the string constants it imports from the run's other modules, and the ones
    # they import from it (sources.cross_module), set by the walker.
    cross_module: Optional[dict] = None
    # path -> the fragments it spreads from the run's other .graphql files, and the files spreading its
    # own (sources.graphql_fragments_index), set by the walker.
    graphql_fragments: Optional[dict] = None
    # True where no run index can be built (LibCST's own runner, one module at a time): any
    # module-level name may be imported, so its documents are reviewed (sources.unseen_importers).
    importers_unseen: bool = False
    # image file path -> the run's scripts that open it and handle AC image text (sources.image_readers),
    # set by the walker.
    image_readers: Optional[dict] = None
    # script (absolute path) -> the image files of the run it reads: image_readers the other way round,
    # for a drift check held on both sides (red team 16, report 11b, F8); set by the walker.
    image_scripts: Optional[dict] = None
    # The folders the run was pointed at (sources.look_around): the look for scripts and shell
    # steps around a file stops there when no git work tree holds it.  Set by the CLI.
    look_around: Tuple[str, ...] = ()

    def houston_schema(self) -> HoustonSchema:
        if isinstance(self.schema, BundledSchema):
            self.schema = self.schema.build()
        return self.schema


@dataclass(frozen=True)
class BundledSchema:
    """The bundled schema at a platform version, not yet built."""

    version: Optional[str] = None

    def build(self) -> HoustonSchema:
        return HoustonSchema.bundled(self.version)


# The first explanation line of a Houston document that does not parse (``_unparsed_document``).
NOT_PARSED_NOTE = "does not parse"


@dataclass
class DocumentInfo:
    path: str
    line: int
    column: int
    operations: List[Optional[str]]
    houston: bool  # bound for Houston (True only when the verdict is)
    # The verdict itself (True, False, or None: undecided) and the evidence it weighed.
    verdict: Optional[bool] = None
    evidence: List[str] = field(default_factory=list)
    explanation: List[str] = field(default_factory=list)  # evidence with direction and weight
    end_line: int = 0


@dataclass
class FileResult:
    path: str
    original: Optional[SourceFile] = None
    new_text: Optional[str] = None
    findings: List[Finding] = field(default_factory=list)
    documents: List[DocumentInfo] = field(default_factory=list)
    error: Optional[str] = None  # one line: the file could not be processed
    unread: bool = False  # the file could not even be read
    # Why rewrite refuses this file though check reads it (a notebook layout it cannot reproduce): check's
    # errors name it, and no migrate-* item promises an edit rewrite never makes (red team 28, report 13, f7).
    refused: Optional[str] = None

    @property
    def ordered_findings(self) -> List[Finding]:
        """Findings in report order: by position, then code."""
        return sorted(self.findings, key=lambda f: f.sort_key())

    @property
    def changed(self) -> bool:
        return self.original is not None and self.new_text is not None and self.new_text != self.original.text

    def new_bytes(self) -> bytes:
        assert self.original is not None and self.new_text is not None
        return self.original.encode(self.new_text)


class FileError(Exception):
    """This file cannot be processed; the message says why, in one line."""


def process(path: str, data: bytes, options: Options) -> FileResult:
    result = FileResult(path)
    try:
        _process(result, path, data, options)
        if any(f.code == REWRITE_INVALID for f in result.findings):
            _withdraw_rewrite(result)
        elif result.refused:
            _name_refusal(result)
        from .validate import settle_rewrite_hints  # "rewrite does it" only where it does (RT23 13 f6)

        result.findings = settle_rewrite_hints(result.findings, result.changed, result.refused)
    except FileError as exc:
        result.error = f"{path}: {exc}"
    except Exception as exc:  # never lose the other files' results to one bug
        result.error = f"{path}: internal error: {type(exc).__name__}: {' '.join(str(exc).split())}"
        result.new_text = None
    return result


def _name_refusal(result: FileResult) -> None:
    """Check's migrate-* items in a file rewrite refuses say so, and carry no edit (red team 28, report 13, f7:
    "createDeployment(airflowVersion:) becomes runtimeVersion" of a notebook rewrite leaves byte for byte)."""
    from dataclasses import replace

    result.new_text = None
    result.findings = [
        replace(f.as_held(), fix=(), fix_lines=(0, 0), message=f"{f.message} (houston-codemod rewrite refuses this file: {result.refused})")
        if f.code.startswith("migrate-") else f.as_held()
        for f in result.findings
    ]


def _withdraw_rewrite(result: FileResult) -> None:
    """A rewrite never makes a document the schema accepted into one it rejects.

    Each rule edits one spot; together, or through a fragment another selection
    also spreads, the edits can conflict (a fragment's ``airflowVersion`` aliased
    to ``runtimeAirflowVersion`` beside a selection's own ``airflowVersion``:
    overlapping-fields-can-be-merged).  So every document the rewrite changes is
    validated again (``_rewrite_invalid``), and if any has an error its original
    did not, nothing in the file is rewritten: the new errors are review items,
    and the ``migrate-*`` fixes that would have caused them are withdrawn.
    """
    result.new_text = None
    # A review worded for the migrated file says what it would be once migrated (red team 22, 13, f7).
    result.findings = [f.as_held() for f in result.findings if not f.code.startswith("migrate-")]


def _rewrite_invalid(ctx, options: Options) -> List[Finding]:
    """The review items for the errors a document's edits would add (none: the edits stand).

    Only a document whose text the edits change is validated again, and what its
    original text gave is reused: documents the rewrite leaves alone cost nothing,
    and each distinct text is validated once per process.  The items point at the
    original file, which is what stays on disk.  FileError if the edited document
    would not even parse.
    """
    from graphql import GraphQLError

    from .validate import added_errors

    try:
        # check writes nothing: a document its edits provably keep valid is not validated again (issue 15)
        added = added_errors(ctx, options.deprecation_severity, prove=not options.writing)
    except GraphQLError as exc:
        raise FileError(f"internal error: rewritten document would not parse ({exc.message}); file left unchanged") from None
    findings = []
    for start, end, code, message in added:
        message = (
            f"migrating this file would make a document invalid ({code}: {message}); "
            "nothing in the file was rewritten: migrate it by hand"
        )
        findings.append(ctx.finding_at(start, end, WARNING, REWRITE_INVALID, message))
    return findings


def _process(result: FileResult, path: str, data: bytes, options: Options) -> None:
    from .files import file_kind

    kind = file_kind(path) or "python"  # an explicit path or stdin is read as Python
    prefilter = PREFILTERS.get(kind)
    if prefilter is not None and not prefilter(data):
        from .sources import cross_module

        entry = (options.cross_module or {}).get(path)
        if not cross_module.links_to_houston(entry, reaching=False):
            # Only named a module holding AC fields (red team 12): that review, and no parse (a file the
            # prefilter drops may be no Python 3 at all, and was never an error).
            if kind in ("python", "notebook"):
                result.findings.extend(cross_module.reach_findings(path, entry))
            return
    try:
        source_file = SourceFile.from_bytes(path, data, python=kind == "python")
    except UnreadableFile as exc:
        raise FileError(str(exc)) from None
    result.original = source_file
    if kind in ("python", "notebook") and options.cross_module and path in options.cross_module:
        from .sources import cross_module  # this file names a module of the run not as an import (red team 12)

        result.findings.extend(cross_module.reach_findings(path, options.cross_module[path]))
    if kind == "graphql":
        from .sources.graphql_file import find_sources

        from .sources import graphql_fragments_index

        sources = find_sources(source_file)
        if sources and options.cross_module and source_file.path in options.cross_module:
            from .sources import graphql_fills  # a script fills this file with .format / %: it is a template (11b F11)

            sources[0].text_map = graphql_fills.as_template(sources[0].text_map, options.cross_module[source_file.path].get("fills"))
        parts = []  # fragments other .graphql files of the run define, appended (red team 8, F1 repro C)
        entry = (options.graphql_fragments or {}).get(source_file.path)
        if sources and entry:
            sources[0].text_map, parts = graphql_fragments_index.splice(
                sources[0].text_map, entry, len(source_file.text)
            )
        _run_documents(result, source_file, sources, None, options, fragment_parts=parts)
    elif kind in IMAGE_KINDS:
        _run_images(result, source_file, options, kind)
    elif kind == "notebook":
        from .sources.notebook import process_notebook

        process_notebook(result, source_file, options, _run_python)
    else:
        _run_python(result, source_file, options)
    if kind in ("notebook", "python") and options.rewrite:
        from .sources import jupytext_pairs  # a notebook and its Jupytext text twin: both or neither

        jupytext_pairs.settle(result, kind, path, source_file.text)
    if kind != "notebook":  # a shell step edits its AC text, or a notebook cell generates it (red team 15, 11b, F2/F6)
        from .sources import outside_writers

        outside_writers.settle(result, kind, path)
    if kind in ("notebook", "python"):  # a script, child or file it hands its names to reads them (RT19 F9/F7/F13)
        from .sources import handovers

        handovers.settle(result, kind, path, source_file.text)
    if kind in ("notebook", "python") and options.image_scripts:  # it reads an AC image file (red team 16, 11b, F8)
        from .sources import image_readers

        image_readers.settle_script(result, path, source_file.text, options.image_scripts)


def _run_python(result: FileResult, source_file: SourceFile, options: Options) -> None:
    from .sources.python import PythonDocumentFinder

    from .rules import gql_dsl_operations, sgqlc_operations

    module = _parse_python(source_file.text)
    if options.cross_module and source_file.path in options.cross_module:
        source_file.imported_constants = options.cross_module[source_file.path]["imports"]
        source_file.imported_containers = options.cross_module[source_file.path].get("ac_containers")  # RT18 13 F11
        source_file.imported_helpers = options.cross_module[source_file.path].get("helpers")  # F5
        source_file.imported_environment = options.cross_module[source_file.path].get("environment")  # RT22 12 f9
        source_file.executed_elsewhere = options.cross_module[source_file.path].get("executed_by")  # F9
        source_file.sent_elsewhere = options.cross_module[source_file.path].get("sent_by")  # report 12, F2
        source_file.conftest_clients = options.cross_module[source_file.path].get("conftest_clients")  # RT10 F7
        source_file.reader_reads = options.cross_module[source_file.path].get("reader_reads")  # RT15 11b F1: importers' reads
    if options.image_scripts:  # the AC image files of the run it reads (red team 27, report 13, f4)
        import os

        source_file.image_files_read = options.image_scripts.get(os.path.normpath(os.path.abspath(source_file.path)))
    finder = PythonDocumentFinder(source_file, module)
    sources = finder.sources()
    spliced = {}  # fragments .graphql files of the run define, appended to the documents spreading them
    entry = (options.graphql_fragments or {}).get(source_file.path)
    if entry and entry.get("needs"):
        from .sources import graphql_fragments_index

        spliced = graphql_fragments_index.splice_documents(sources, entry, len(source_file.text))
    edits = _run_documents(result, source_file, sources, finder, options, verify=False, spliced=spliced)
    operations = []
    if sgqlc_operations.applies(source_file.text):
        reviewed, listed = sgqlc_operations.review(finder, options.versions)
        result.findings.extend(reviewed)
        operations += [(call, f"sgqlc {method}", verdict) for call, method, verdict in listed]
    if gql_dsl_operations.applies(source_file.text):  # gql.dsl's DSLSchema operations (red team 20, report 13, F6)
        reviewed, listed = gql_dsl_operations.review(finder, options.versions)
        result.findings.extend(reviewed)
        operations += listed
    for call, operation, verdict in operations:  # listed like documents, so --explain shows the verdict (red team 10, F11)
        start, end = finder.span_of(call)
        line, column = source_file.line_col(start)
        result.documents.append(
            DocumentInfo(
                source_file.path, line, column, [operation], verdict.houston is True, verdict.houston,
                [str(e) for e in verdict.evidence], verdict.explain(), source_file.line_col(end)[0],
            )
        )
    if "ap-airflow" in source_file.text and options.houston_schema().serves_runtime():
        from .rules import python_images  # an AC image a build script names (red team 19, report 19, F1)

        taken = {finding.line for finding in result.findings if finding.path == source_file.path}
        result.findings.extend(python_images.review(finder, module, options.versions, taken))
    if edits:
        # The module's tree is done with: let it go before the rewritten text is parsed, so
        # that a huge file never holds two trees at once (issue 15: peak memory).
        del finder, module, sources, spliced  # the documents and their text maps too
        if len(source_file.text) > LARGE_FILE:
            import gc

            gc.collect()
        result.new_text = _verified(source_file, edits, [], True)


def _run_images(result: FileResult, source_file: SourceFile, options: Options, kind: str) -> None:
    """An Astro project's image pins: the Dockerfile, compose and CI files (rules.ac_images maps them)."""
    from .rules import project_images

    if not options.houston_schema().serves_runtime():
        return  # a platform before 0.29 serves AC only: no image is migrated (red team 7, F5)
    readers = (options.image_readers or {}).get(source_file.path)  # scripts reading it (red team 12, F9)
    found = project_images.migrations(kind, source_file, options.versions, readers)
    problem = project_images.parse_problem(kind, source_file, found)
    if problem:  # bad input: one line, exit 2, the other files still processed (red team 15, F7)
        raise FileError(f"cannot parse YAML: {problem} (it holds an AC image: nothing in it is migrated)")
    result.findings.extend(migration.finding(source_file) for migration in found)
    edits = project_images.edits(found)
    if options.rewrite and edits:
        from .apply import apply_edits

        new_text = apply_edits(source_file.text, edits)
        problem = project_images.rewrite_problem(kind, source_file, new_text, options.versions)
        if problem:
            raise FileError(f"internal error: {problem}; file left unchanged")
        result.new_text = new_text


def _parse_python(text: str):
    """CPython's own parser: exact positions, and fast enough to parse every candidate file."""
    import ast
    import warnings

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # invalid escapes and the like are the file's business
            return ast.parse(text)
    except SyntaxError as exc:
        from .sources.newer_syntax import may_be_newer_syntax, older_equivalent

        # LibCST's native parser overflows its stack (SIGSEGV, the whole run lost) on input
        # CPython refuses as too deep, so it only sees files that may hold 3.12 type syntax.
        masked = older_equivalent(text) if may_be_newer_syntax(text, str(exc.msg)) else None
        if masked is not None:
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    return ast.parse(masked)
            except (SyntaxError, ValueError, RecursionError, MemoryError):
                pass
        raise FileError(f"cannot parse Python: line {exc.lineno}: {' '.join(str(exc.msg).split())}") from None
    except RecursionError:  # CPython's own limit (a + chain of ~3,000 literals on 3.11): no walk of ours could help
        raise FileError("cannot parse Python: expression too deeply nested for Python's parser") from None
    except (ValueError, MemoryError) as exc:
        raise FileError(f"cannot parse Python: {' '.join(str(exc).split()) or type(exc).__name__}") from None


def _end_line(source_file, end: int) -> int:
    """The line of a document's last character (``end`` is exclusive).

    Red team 12, F12: a ``.graphql`` file's document ends at the end of the file, after its
    last newline; that offset starts no line of the file (``--explain FILE:LINE`` refuses it),
    so the end is the line the newline closes.
    """
    line = source_file.line_col(end)[0]
    if end > 0 and end == len(source_file.text) and source_file.text.endswith("\n"):
        line -= 1
    return line


def _run_documents(
    result, source_file, sources: List[Source], finder, options: Options, verify: bool = True, fragment_parts=(),
    spliced=None,
):
    """Each document in turn: verdict, rules, validation.  The file's edits, or None.

    With ``verify`` (the default) the edited text is checked and set as ``new_text``
    here; otherwise the caller does it once it has let go of what it no longer needs.
    """
    from graphql import GraphQLSyntaxError, OperationDefinitionNode, parse

    from .destination import FileFacts, decide
    from .rules import RULES
    from .rules.context import DocumentContext
    from .sources import composed, graphql_fragments_index, hole_readings, placeholders
    from .validate import validate_document

    edits = []
    frozen = None  # the shared constants composed at this file's sends (sources/composed.py), read once
    invalid = 0  # schema errors the edits would add (each one a review item)
    shown = set()  # (line, column, code, message) of the file's findings that carry no fix
    facts = FileFacts.gather(source_file, finder) if any(not s.ignored for s in sources) else None
    if facts is not None and options.project_sdl and source_file.path in options.project_sdl:
        from .destination import project_sdl

        context = options.project_sdl[source_file.path]
        if project_sdl.judged_by_fit(context):  # a Python client of the project's own API (13-F10), a sibling's SDL (F7)
            facts.project = project_sdl.schema_of(context)
        elif finder is None:
            facts.module.against.append(project_sdl.evidence(context))
    if finder is None and facts is not None and options.cross_module and source_file.path in options.cross_module:
        from .sources import cross_module  # a script of the run that names Houston reads this file (12-R5)

        facts.module.against.extend(cross_module.reader_evidence(options.cross_module[source_file.path]))
        # red team 10 F2: the reading scripts' AC-format reads, named by the rules that migrate a version field
        source_file.reader_reads = options.cross_module[source_file.path].get("reader_reads")
        # red team 10 F3: the scripts sending this file's text carry its variables (rename_version_variable)
        source_file.read_by = options.cross_module[source_file.path].get("read_by")
        source_file.held_by = options.cross_module[source_file.path].get("held_by")  # report 12, F8: a pattern's file
    for source in sources:
        if source.ignored:
            continue
        if source.extended_as:
            _not_read_extended(result, source_file, source, facts)
            continue
        own_length = len(source.text)
        if spliced and id(source) in spliced:  # a Python document given a .graphql file's fragments
            fragment_parts, own_length = spliced[id(source)]
        elif spliced is not None:
            fragment_parts = ()
        blanked = None  # holes read as "no arguments" (hole_readings): checked, never edited
        try:
            document = parse(source.text)
        except RecursionError:
            _too_deep(result, source_file, source)  # graphql-core 3.2's parser recurses without a limit
            continue
        except GraphQLSyntaxError as exc:
            reading = hole_readings.read(source) if source.text_map.holes else None
            if reading is None:
                if "nested too deeply" in exc.message:
                    _too_deep(result, source_file, source)
                # Only a document bound for Houston is ours to call broken.
                else:
                    verdict = decide(None, source, facts)
                    if verdict.houston is True and _syntax_error(result, source_file, source, exc):
                        _unparsed_document(result, source_file, source, verdict, exc)
                continue
            document, blanked = reading
        schema = options.houston_schema()
        ctx = DocumentContext(source_file, source, document, schema, options.versions, python=finder)
        verdict = decide(document, source, facts)
        line, column = source_file.line_col(source.start)
        operations = [
            d.name.value if d.name else None for d in document.definitions if isinstance(d, OperationDefinitionNode)
        ]
        result.documents.append(
            DocumentInfo(
                source_file.path, line, column, operations, verdict.houston is True, verdict.houston,
                # Interned, as findings' messages are: documents of one file repeat the same evidence
                # (issue 15: 20,000 documents kept 80,000 equal strings to the end of the run)
                [sys.intern(str(e)) for e in verdict.evidence], [sys.intern(line) for line in verdict.explain()],
                _end_line(source_file, source.text_map.file_end_offset(own_length)
                          if not fragment_parts or finder is not None else len(source_file.text)),
            )
        )
        if verdict.houston is not True:
            continue  # another API's, or undecided: neither rewritten nor validated
        if options.rewrite:
            for rule in RULES:
                rule(ctx)
            if blanked:
                hole_readings.settle_rules(ctx, blanked)
            elif source.text_map.run_time_fill:  # re.sub(r'airflowVersion...', ..., DOC): checked, never edited
                placeholders.settle_rules(ctx)
            if finder is not None:  # code reading the text by a name an edit changes (RT18 11b F1, F7)
                placeholders.settle_reads(ctx, finder)
            if source.text_map.not_rewritten:  # data=b'{"query": ..., "variables": ...}' (sources/json_body.py)
                ctx.withdraw_edits(NOT_REWRITTEN, f"not rewritten: {source.text_map.not_rewritten}")
            if finder is not None:  # a shared constant composed at a send: all of a document's edits or none
                if frozen is None:
                    frozen = composed.frozen_constants(sources, finder, source_file, facts)
                composed.settle(ctx, frozen)
            if finder is not None and options.cross_module:  # a constant another module of the run owns or reads
                from .sources import cross_module

                parts = getattr(finder, "imported_parts", {}).get(id(source.node), [])
                cross_module.settle(ctx, options.cross_module.get(source_file.path), parts, finder)
            if finder is not None and options.importers_unseen and getattr(source_file, "words_elsewhere", None) is None:
                from .sources import unseen_importers  # no index: who imports a module-level name is unknown

                unseen_importers.settle(ctx, finder)
            if options.graphql_fragments is not None:  # a fragment another file of the run defines or spreads
                graphql_fragments_index.settle(
                    ctx, options.graphql_fragments.get(source_file.path), fragment_parts, finder is None
                )
            if finder is None and options.cross_module and source_file.path in options.cross_module:
                from .sources import graphql_fills  # a script of the run edits this file's text at run time (F10)

                graphql_fills.settle(ctx, options.cross_module[source_file.path].get("fills"), source_file.text)
            if finder is None and source.evidence == "file":  # a definition the ignore comment marks (F13)
                from .sources import graphql_file

                graphql_file.settle_edits(ctx)
            if ctx.edits or ctx.document_edits:  # a shared literal is edited once, by one document
                # Checked now, so that no document's tree outlives its own turn (issue 15:
                # 20,000 documents in one file kept every tree alive to the end).
                invalid += len(_rewrite_invalid(ctx, options))
                edits.extend(ctx.edits)
        if options.validate:
            validate_document(ctx, deprecation_severity=options.deprecation_severity)
            if blanked:
                hole_readings.settle_validation(ctx, document, blanked)
        if finder is None and source.evidence == "file":  # a marked definition is skipped (red team 14, F13)
            from .sources import graphql_file

            graphql_file.drop_findings(ctx)
        checked_parts = _parts_checked_elsewhere(source, finder, source_file)
        for finding in ctx.findings:
            if checked_parts and finding.severity == ERROR and (finding.line, finding.column) in checked_parts and finding.code not in _COMPOSITION_CODES:
                continue  # inside an imported part that is a document of its own: reported where it is written
            if finding.code == "known-fragment-names" and options.graphql_fragments and (
                finder is None or (options.graphql_fragments.get(source_file.path) or {}).get("too_many")
            ):
                finding = graphql_fragments_index.defined_in_python(
                    finding, options.graphql_fragments.get(source_file.path)
                )
            if fragment_parts:  # inside a fragment appended from another file: shown at its spread, or there
                finding = graphql_fragments_index.relocate(finding, source_file, fragment_parts)
                if finding is None:
                    continue
            # A constant spliced into a document composed at the send (houston(GET + DEP)) is checked
            # on its own and inside the composition: the same finding at the same place is shown once.
            key = (finding.line, finding.column, finding.code, finding.message)
            if not finding.fix and key in shown and source.text_map.inlined:
                continue
            if not finding.fix:
                shown.add(key)
            result.findings.append(finding)
    if invalid:
        return None  # the rewrite would add schema errors: nothing in the file is rewritten
    if edits and verify:
        result.new_text = _verified(source_file, edits, [], finder is not None)
    return edits or None


def _not_read_extended(result: FileResult, source_file: SourceFile, source: Source, facts) -> None:
    """``q = "query { a "; q += "b }"``: the literal is the first piece of the text sent (red team 10, F4).

    Read alone it is not what is sent (a false syntax error, or an edit of half a document), so it is
    neither checked nor edited; said only when it looks like GraphQL, as an info (no exit 1 or 2).

    Red team 27 (report 11a, a note): such a piece bound for Houston that holds AC names (``airflowVersion``,
    ``updateDeploymentAirflow``) sends them whatever is added after it, and Houston 1.0.1 serves none: an
    info alone let ``check --houston-version 1.0.1`` pass a script Houston rejects.  It is a review then
    (``review-document-not-read``), naming the AC name; still neither checked nor edited.
    """
    if not _LOOKS_LIKE_GRAPHQL.match(source.text):
        return
    line, column = source_file.line_col(source.start)
    from .sources.shell_steps import AC_NAME

    named = AC_NAME.search(source.text)
    if named is not None and facts is not None:
        from .destination.verdict import decide

        if decide(None, source, facts).houston is True:
            message = (
                f"document built step by step ({source.extended_as} += ...), bound for Houston, holds the AC name "
                f"'{named.group(0)}', which Houston serves no more once Deployments run Astro Runtime (and 1.0.1 not at "
                "all): the tool reads only its first piece, so it is neither checked nor migrated; write it as one "
                "string to have it read, or migrate it by hand"
            )
            result.findings.append(
                Finding(source_file.path, line, column, line, column, WARNING, "review-document-not-read", message)
            )
            return
    message = (
        f"document built step by step ({source.extended_as} += ...): only its first piece is seen here, "
        "so it is not checked and not migrated; write it as one string to have it read"
    )
    result.findings.append(Finding(source_file.path, line, column, line, column, INFO, "template-not-parsed", message))


def _too_deep(result: FileResult, source_file: SourceFile, source: Source) -> None:
    """A document nested deeper than the GraphQL parser goes: say so, whoever it is for.

    Nothing in it can be checked or migrated, and staying silent would make it
    look checked.
    """
    line, column = source_file.line_col(source.start)
    message = "document too deeply nested for the GraphQL parser: not checked, not migrated"
    result.findings.append(Finding(source_file.path, line, column, line, column, ERROR, "graphql-too-deep", message))


def _syntax_error(result: FileResult, source_file: SourceFile, source: Source, exc) -> bool:
    """Report a document that does not parse, if we are sure it was meant as GraphQL (True: reported)."""
    if source.evidence == "content" and not source.sites and not _houston_named(source):
        return False  # it only looked like GraphQL, and nothing sends it: a sentence starting with "query", say
    if all(site.kind in WEAK_SITES for site in source.sites) and not _LOOKS_LIKE_GRAPHQL.match(source.text):
        return False  # cursor.execute("SELECT ...") and friends: another language at a look-alike call
    text_map = source.text_map
    position = exc.positions[0] if exc.positions else 0
    if source.text_map.holes or _jinja_marked(source.text, position):
        severity, code = INFO, "template-not-parsed"
        message = "template does not parse as GraphQL with its holes as placeholders; not checked"
    else:
        severity, code, message = ERROR, "graphql-syntax", " ".join(exc.message.split())
    start = text_map.file_offset(position)
    line, column = source_file.line_col(start)
    result.findings.append(Finding(source_file.path, line, column, line, column, severity, code, message))
    return True


# Findings about how a document's parts fit together (a fragment unused, a variable not defined): they
# belong to the composition, not to the part's own text.
_COMPOSITION_CODES = frozenset({
    "no-unused-fragments", "known-fragment-names", "no-unused-variables", "no-undefined-variables",
    "unique-fragment-names", "unique-operation-names", "lone-anonymous-operation", "graphql-syntax",
    "no-fragment-cycles",
})


def _parts_checked_elsewhere(source: Source, finder, source_file: SourceFile) -> set:
    """(line, column) of the imported constants spliced into ``source`` that are documents of their own.

    Red team 16 (report 12), F17: ``houston(LIST + DEP_FIELDS)`` with ``from frags import DEP_FIELDS``:
    DEP_FIELDS's characters stand at the name here (``cross_module.splice``), so a typo in it was
    reported twice, in frags.py and at the importer's send.  A part that opens like GraphQL is found and
    checked in its own module; an error about its text is shown there only (reviews stay; a field list such as
    ``"id releaseNme"`` is checked nowhere else: kept).  One pass over the document's characters.
    """
    parts = getattr(finder, "imported_parts", {}).get(id(source.node)) if finder is not None else None
    if not parts:
        return set()
    starts = {start for start, _end, _what in parts}
    heads: dict = {}
    composed = False  # does any non-blank character of the document come from outside the parts?
    text_map = source.text_map
    for char, start in zip(text_map.chars, text_map.starts):
        if start in starts:
            head = heads.setdefault(start, [])
            if len(head) < 200:
                head.append(char)
        elif not char.isspace():
            composed = True
    if not composed and len(heads) == 1:
        # one imported document sent as it is (``houston(CREATE)``), not composed: it is this send's
        # document, checked on both sides (red team 10, test_rt10_trust), nothing left to the definer
        return set()
    return {source_file.line_col(start) for start, head in heads.items() if _LOOKS_LIKE_GRAPHQL.match("".join(head))}


def _jinja_marked(text: str, position: int) -> bool:
    """Does a Jinja marker (``{% ... %}`` or ``{{ ... }}``) open at or before where the parse failed?

    Red team 16 (report 11b), F6/F9: a ``.graphql`` file a ``FileSystemLoader`` renders, or a DAG's
    ``SimpleHttpOperator(data=...)`` document Airflow renders with Jinja, holds ``{% if %}`` blocks: the
    template, not GraphQL, is what is written (neither marker is GraphQL), so it is the info
    ``template-not-parsed``, as the same text a module renders with jinja2 is, not a ``graphql-syntax``
    error.  Two ``str.find`` per marker kind: linear.
    """
    # A marker inside a GraphQL string (``runtimeVersion: "{{RUNTIME_VER}}"``, a docs placeholder) is
    # not a template: one left-to-right pass keeps whether a double-quoted string is open on the line.
    quoted = False
    limit = min(position, len(text) - 2)
    index = 0
    while index <= limit:
        char = text[index]
        if char == "\n":
            quoted = False
        elif char == "\\" and quoted:
            index += 2
            continue
        elif char == '"':
            quoted = not quoted
        elif char == "{" and not quoted and text[index + 1] in "%{":
            closing = "%}" if text[index + 1] == "%" else "}}"
            return text.find(closing, index + 2) >= 0
        index += 1
    return False


def _houston_named(source: Source) -> bool:
    """``HOUSTON_A = "{ ..."``: a name saying the text is Houston's is as good as a send (red team 9, F10).

    Only text shaped like a document: a keyword then a selection set (``HOUSTON_HELP = "query
    the API for ..."`` is a sentence), or ``{`` then a field with a selection of its own
    (``HOUSTON_HEADERS = '{"a": 1}'`` or ``"{ not graphql"`` is something else)."""
    if not any(name.upper().startswith("HOUSTON_") for name in source.names):
        return False
    if source.text.lstrip().startswith("{"):
        return _NESTED_SELECTION.match(source.text) is not None
    return "{" in source.text


def _unparsed_document(result: FileResult, source_file: SourceFile, source: Source, verdict, exc) -> None:
    """A document judged Houston's that does not parse is still a document of the report (red team 9, F11).

    Its syntax error was reported because of that verdict, so the verdict and its
    evidence are listed like any document's; no operation could be read (``operations``
    is empty) and the explanation opens with the parse error, a note that weighs nothing.
    """
    line, column = source_file.line_col(source.start)
    position = exc.positions[0] if exc.positions else 0
    error_line = source_file.line_col(source.text_map.file_offset(position))[0]
    note = f"{NOT_PARSED_NOTE} (line {error_line}): {' '.join(exc.message.split())}"
    result.documents.append(
        DocumentInfo(
            source_file.path, line, column, [], True, verdict.houston,
            [str(e) for e in verdict.evidence], [f"? {note}"] + list(verdict.explain()),
            source_file.line_col(source.text_map.file_end_offset(len(source.text)))[0],
        )
    )


def _compiles(text: str) -> bool:
    """Does the text compile?  Cheaper in memory than a Python tree (a third less at 5 MB).

    False is not a verdict: compiling refuses some things parsing accepts (a
    ``return`` outside a function), so the caller parses before refusing.
    """
    import warnings

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            compile(text, "<rewritten>", "exec", dont_inherit=True)
        return True
    except (SyntaxError, ValueError, RecursionError, MemoryError, OverflowError):
        return False


def _verified(source_file: SourceFile, edits, rewritten, python: bool) -> str:
    """The rewritten text, or FileError if it would not parse (the file is left alone)."""
    from graphql import GraphQLError, parse

    from .apply import OverlappingEdits, apply_document_edits, apply_edits

    try:
        new_text = apply_edits(source_file.text, edits)
    except OverlappingEdits as exc:
        raise FileError(f"internal error: {exc}; file left unchanged") from None
    for ctx in rewritten:
        try:
            parse(apply_document_edits(ctx.source.text, ctx.document_edits))
        except GraphQLError as exc:
            raise FileError(f"internal error: rewritten document would not parse ({exc.message}); file left unchanged") from None
    if python and not _compiles(new_text):
        try:
            _parse_python(new_text)
        except FileError as exc:
            raise FileError(f"internal error: rewritten file would not parse ({exc}); file left unchanged") from None
        # It parses but does not compile (``f(a=1, a=2)``: keyword argument repeated, which
        # ast.parse accepts).  Refused unless the original did not compile either (a
        # ``return`` outside a function, newer syntax): only then is that not ours.
        if _compiles(source_file.text):
            raise FileError("internal error: rewritten file would not compile; file left unchanged")
    return new_text
