"""What a rule sees of one document, and the only ways it can act: edit or report."""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from typing import Any, List, Optional, Tuple

from ..houston_schema import HoustonSchema
from ..model import ERROR, INFO, WARNING, Edit, Finding, Source
from ..sources import splice
from ..sources.text_map import Inlined, TextMap
from ..source_file import SourceFile
from ..versions import VersionTable

# A hole's placeholder in document text (``templates.placeholder``); bounded digits: linear.
_PLACEHOLDER = re.compile(r"__hole([0-9]{1,9})__")
REVIEW = WARNING  # needs-review findings are warnings: the rewrite left something to a person
SHARED_CONSTANT = "review-shared-constant"


@dataclass
class DocumentContext:
    file: SourceFile
    source: Source
    document: Any  # graphql.DocumentNode
    schema: HoustonSchema
    versions: VersionTable
    # The Python module and finder, for rules that follow a document to its call (None for .graphql).
    python: Any = None
    edits: List[Edit] = field(default_factory=list)
    findings: List[Finding] = field(default_factory=list)
    # Document-coordinate edits, so the applier can re-parse the rewritten document.
    document_edits: List[Tuple[int, int, str]] = field(default_factory=list)
    # Version arguments whose value is a variable, as (VariableNode, argument's new name):
    # filled by the argument rules, read by rename_version_variable.
    version_variables: List[Tuple[Any, str]] = field(default_factory=list)
    fields_cache: Any = None
    # Names of shared constants some rule wanted to edit and could not (``shared_binding`` found
    # one): the document's other edits are then withdrawn too (sources/composed.py, red team 9 F8).
    refused_shared: List[str] = field(default_factory=list)
    # Set by a rule when none of the document's edits may land (sources/composed.py ``settle`` withdraws
    # them all once every rule ran, with this reason): red team 10 F5, a composition read nowhere.
    withdraw_why: str = ""
    # Reviews that exist only once the document's edits are taken back (``held_note``): the AC value a
    # migrated dict sends, which nothing points at otherwise when the file is held (red team 23, 13, f9).
    held_notes: List[Finding] = field(default_factory=list)

    # -- editing --------------------------------------------------------------
    def replace(self, start: int, end: int, new: str) -> bool:
        """Replace document text [start, end) with ``new``; False if it touches a hole."""
        text_map = self.source.text_map
        if text_map.hole_at(start, end) is not None:
            return False
        old = text_map.text[start:end]
        if old == new:
            return True
        spans = text_map.file_spans(start, end)
        if len(spans) > 1:
            # The token is split across literals (or a line continuation): change only
            # the characters that differ, hoping they sit in one piece.
            prefix = _common_prefix(old, new)
            suffix = _common_prefix(old[prefix:][::-1], new[prefix:][::-1])
            start, end, new = start + prefix, end - suffix, new[prefix : len(new) - suffix]
            spans = text_map.file_spans(start, end)
        if self.shared_binding(start, end) is not None:
            # Never edit a constant something else reads.  Rules check their whole
            # migration first (``review_shared_binding``); this is the backstop.
            return False
        source_text = self.encoded(spans[0][0], spans[0][1], new)
        if source_text is None:
            return False  # not representable in that literal: callers check ``can_write`` first
        self.document_edits.append((start, end, new))
        first_start, first_end = spans[0]
        self.edits.append(Edit(first_start, first_end, source_text))
        for other_start, other_end in spans[1:]:
            self.edits.append(Edit(other_start, other_end, ""))
        return True

    def encoded(self, file_start: int, file_end: int, new: str) -> Optional[str]:
        """``new`` (document text) as file text for the literal at that span; None if impossible."""
        return encode_in(self.source.text_map, file_start, file_end, new)

    def can_write(self, start: int, end: int, new: str) -> bool:
        """Could document span [start, end) hold ``new``, escaped for the literal it sits in?"""
        spans = self.source.text_map.file_spans(start, end)
        return self.encoded(spans[0][0], spans[0][1], new) is not None

    def shared_binding(self, start: int, end: int, alone: bool = False) -> Optional[Tuple[Inlined, List[int]]]:
        """A constant spliced into document span [start, end) that something else reads.

        Returns the constant and the lines of its other uses (empty for a public
        module-level name that other modules may import), or None.  Found, the edit
        asked about is not made, which withdraws the document's other edits too
        (``refused_shared``), unless it stands ``alone`` (a read field's alias, the
        same whatever else the document does).
        """
        text_map = self.source.text_map
        if self.python is None or not text_map.inlined:
            return None
        spans = text_map.file_spans(start, end)
        for inlined in text_map.inlined:
            if any(s < inlined.file_end and inlined.file_start < max(e, s + 1) for s, e in spans):
                lines = self.python.shared_constant(inlined)
                if lines is not None:
                    if not alone:  # every caller asks before an edit: that edit will not be made
                        self.refused_shared.append(inlined.name.id)
                    return inlined, lines
        return None

    def replace_node(self, node: Any, new: str) -> bool:
        return self.replace(node.loc.start, node.loc.end, new)

    def edit_file(self, start: int, end: int, new: str) -> None:
        """An edit outside the document (the Python code around it)."""
        self.edits.append(Edit(start, end, new))

    # -- reporting ------------------------------------------------------------
    def finding_at_file(
        self, start: int, end: int, severity: str, code: str, message: str, fix: Tuple[Edit, ...] = ()
    ) -> Finding:
        line, column = self.file.line_col(start)
        end_line, end_column = self.file.line_col(max(end, start))
        if "__hole" in message:
            message = self.shown_holes(message)
        # Interned: a file's findings repeat a few messages, and a run keeps every finding to
        # the end (issue 15: 20,000 documents in one file kept one copy of each per document).
        message = sys.intern(message)
        finding = Finding(self.file.path, line, column, end_line, end_column, severity, code, message, fix)
        if fix:
            finding.fix_lines = fix_lines(self.file, fix)
            # A document's edits land together: they are validated as a whole, and its rules
            # build on each other's edits (``runtimeVersion: $airflowVersion`` needs the
            # variable's rename and the dict's new key and value).  Keyed by where it starts.
            finding.together = self.source.start + 1
        self.findings.append(finding)
        return finding

    def shown_holes(self, text: str) -> str:
        """``text`` with each template placeholder (``__hole1__``, how a hole reads inside the document)
        written as the code that fills it, ``{tag}`` (red team 20, report 13, F5: a review named the
        image ``ap-airflow:__hole1__``, a name the file does not hold)."""
        holes = self.source.text_map.holes

        def code(match: "re.Match[str]") -> str:
            index = int(match.group(1))
            return "{" + holes[index].expression.strip() + "}" if index < len(holes) else match.group(0)

        return _PLACEHOLDER.sub(code, text)

    def finding_at(
        self, start: int, end: int, severity: str, code: str, message: str, fix: Tuple[Edit, ...] = ()
    ) -> Finding:
        text_map = self.source.text_map
        return self.finding_at_file(
            text_map.file_offset(start), text_map.file_end_offset(end), severity, code, message, fix
        )

    def migrated(self, node: Any, code: str, message: str, since: int) -> None:
        """Record what the edits made since ``since`` do, as an info finding that carries them.

        ``check`` shows it, SARIF turns it into a fix, a review bot into a suggestion.
        """
        fix = tuple(self.edits[since:])
        if fix:
            self.finding_at(node.loc.start, node.loc.end, INFO, code, message, fix)

    def withdraw_edits(self, code: str, why: str) -> None:
        """Take back every edit of this document: each fix and migrate-* finding becomes a review.

        For documents the tool can read but not safely rewrite, found after the rules
        ran (a template hole that may hold arguments, ``sources/hole_readings.py``; a
        run-time fill that may look for what an edit changes, ``sources/placeholders.py``):
        the finding keeps its message with ``why`` added, becomes a warning with ``code``
        (or its own code, if already a review-*), and carries no fix.
        """
        self.edits.clear()
        self.document_edits.clear()
        notes, self.held_notes = self.held_notes, []
        self.findings[:] = [f.withdrawn(code, why) if f.migrates else f for f in self.findings] + [
            note.withdrawn(code, why) for note in notes
        ]

    def held_note(self, start: int, end: int, code: str, message: str) -> None:
        """A review at file offsets [start, end) said only if this document's edits are taken back."""
        self.held_notes.append(self.finding_at_file(start, end, REVIEW, code, message))
        self.findings.pop()

    def review(self, node: Any, code: str, message: str) -> Finding:
        return self.finding_at(node.loc.start, node.loc.end, REVIEW, code, message)

    def hole_in(self, node: Any):
        return self.source.text_map.hole_at(node.loc.start, node.loc.end)


def review_shared_binding(ctx: DocumentContext, node: Any, what: str) -> bool:
    """Report (at the document and at the constant) when ``node`` reads a shared constant."""
    found = ctx.shared_binding(node.loc.start, node.loc.end)
    if found is None:
        return False
    inlined, lines = found
    name = inlined.name.id
    others = describe_other_uses(lines, ctx.python.exported_reason)
    constant_line = ctx.file.line_col(inlined.file_start)[0]
    ctx.review(
        node,
        SHARED_CONSTANT,
        f"{what} comes from {name} (line {constant_line}), {others}: changing it would change those too; "
        "give this document its own Astro Runtime version",
    )
    document_line = ctx.file.line_col(ctx.source.text_map.file_offset(node.loc.start))[0]
    ctx.finding_at_file(
        inlined.file_start,
        inlined.file_end,
        REVIEW,
        SHARED_CONSTANT,
        f"{name} feeds {what} on line {document_line} and is {others}: not changed; "
        "give that document its own Astro Runtime version",
    )
    return True


def encode_in(text_map: TextMap, file_start: int, file_end: int, new: str) -> Optional[str]:
    """Text that reads back as ``new`` where file span [file_start, file_end) of ``text_map`` sits."""
    piece = text_map.piece_at(file_start, file_end)
    if piece is None:
        if not text_map.pieces or _PLAIN.fullmatch(new):
            return new  # a .graphql file, or a name that needs no escaping anywhere
        return None
    # A constant spliced into a template (``"{ deployments { %s } }" % FIELDS``) is not itself the
    # template: its text reaches the document as it is, so it gets no ``%%``/``{{`` escaping.
    spliced = any(i.file_start <= piece.body_start and piece.body_end <= i.file_end for i in text_map.inlined)
    return splice.python_source(new if spliced else splice.for_template(new, piece.template or text_map.format_style), piece)


_PLAIN = re.compile(r"[A-Za-z0-9_.:\- ]*")


def describe_other_uses(lines: List[int], exported_reason: str) -> str:
    if not lines:
        return exported_reason
    return f"also used on {line_list(lines)}"


def line_list(lines: List[int], shown: int = 3) -> str:
    """``line 8``, ``lines 8, 9, 12`` or ``lines 8, 9, 12 and 40 more``: at most ``shown`` lines are
    named, so a message stays short however many uses there are (N findings each listing N lines
    would be N*N output; red team 13 F12)."""
    more = f" and {len(lines) - shown} more" if len(lines) > shown else ""
    return f"line{'s' if len(lines) > 1 else ''} {', '.join(map(str, lines[:shown]))}{more}"


def fix_lines(source_file: SourceFile, fix: Tuple[Edit, ...]) -> Tuple[int, int]:
    return (
        min(source_file.line_col(e.start)[0] for e in fix),
        max(source_file.line_col(max(e.end - 1, e.start))[0] for e in fix),
    )


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n


__all__ = ["DocumentContext", "REVIEW", "ERROR", "WARNING", "INFO"]
