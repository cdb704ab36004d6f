"""Document text that remembers where each of its characters came from.

A GraphQL document found in a Python file is rarely a verbatim slice of the
file: escapes (``\\n``, ``\\x41``), implicit concatenation of adjacent literals,
f-string ``{{`` escapes and template holes all sit between what GraphQL parses
and what the file holds.  A :class:`TextMap` keeps, for every character of the
document, the span of file text that produced it, so that a GraphQL token can
be reported at its real ``line:col`` and edited in place.
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass, field
from typing import Any, List, Optional, Tuple


@dataclass(frozen=True)
class Hole:
    """A template placeholder: a Python expression inside the document text."""

    index: int
    expression: str  # the Python source of the expression, e.g. ``version``
    file_start: int
    file_end: int
    doc_start: int
    doc_end: int


@dataclass(frozen=True)
class Inlined:
    """A name whose single literal value was spliced into the document (``"..." + SELECTION``).

    Its characters are the binding's own: editing them edits every reader of
    the name, so rules ask whether anything else reads it first.
    """

    name: Any  # the ast.Name read in the document expression
    literal: Any  # the ast node of the literal it is bound to
    file_start: int
    file_end: int


@dataclass(frozen=True)
class LiteralPiece:
    """One string literal the document's characters were read from: where its body is, how it is quoted."""

    body_start: int
    body_end: int
    prefix: str
    quote: str


@dataclass
class TextMap:
    """Document text plus the file span (``starts[i]``, ``ends[i]``) of every char."""

    # A list while the map is built, the text itself (a str) once it is read: a run keeps
    # every document's map (issue 15: 20,000 documents in one file), and a list costs 8
    # bytes a character.  Offsets are C ints, 4 bytes each (a list of int objects: ~36).
    chars: "List[str] | str" = field(default_factory=list)
    starts: "array[int]" = field(default_factory=lambda: array("i"))
    ends: "array[int]" = field(default_factory=lambda: array("i"))
    holes: List[Hole] = field(default_factory=list)
    inlined: List[Inlined] = field(default_factory=list)
    pieces: List[LiteralPiece] = field(default_factory=list)
    # "{}" or "%" when the literal is a str.format / % template (its text escapes braces or %).
    format_style: str = ""
    # File offset just past the last piece added; used to map an empty span at
    # the very end of the document.
    file_end: int = 0

    # -- building -------------------------------------------------------------
    def _growing(self) -> List[str]:
        if isinstance(self.chars, str):
            self.chars = list(self.chars)
        return self.chars

    def add(self, char: str, file_start: int, file_end: int) -> None:
        self._growing().append(char)
        self.starts.append(file_start)
        self.ends.append(file_end)
        self.file_end = file_end

    def add_verbatim(self, text: str, file_start: int) -> None:
        """Characters that stand in the file exactly as they are in the document."""
        self._growing().extend(text)
        self.starts.extend(range(file_start, file_start + len(text)))
        self.ends.extend(range(file_start + 1, file_start + len(text) + 1))
        self.file_end = file_start + len(text)

    def add_hole(self, placeholder: str, expression: str, file_start: int, file_end: int) -> Hole:
        doc_start = len(self.chars)
        for char in placeholder:
            self.add(char, file_start, file_end)
        hole = Hole(len(self.holes), expression, file_start, file_end, doc_start, len(self.chars))
        self.holes.append(hole)
        return hole

    # -- reading --------------------------------------------------------------
    @property
    def text(self) -> str:
        if not isinstance(self.chars, str):
            self.chars = "".join(self.chars)
        return self.chars

    def file_offset(self, doc_offset: int) -> int:
        """Where a document offset (a token's start) sits in the file."""
        if doc_offset < len(self.starts):
            return self.starts[doc_offset]
        return self.file_end

    def file_end_offset(self, doc_end: int) -> int:
        """Where a document end offset (exclusive) sits in the file."""
        if doc_end <= 0:
            return self.file_offset(0)
        return self.ends[doc_end - 1]

    def piece_at(self, file_start: int, file_end: int) -> Optional[LiteralPiece]:
        """The literal whose body holds file span [file_start, file_end), if any."""
        for piece in self.pieces:
            if piece.body_start <= file_start and file_end <= piece.body_end:
                return piece
        return None

    def hole_at(self, start: int, end: int) -> Optional[Hole]:
        for hole in self.holes:
            if hole.doc_start < max(end, start + 1) and start < hole.doc_end:
                return hole
        return None

    def file_spans(self, start: int, end: int) -> List[Tuple[int, int]]:
        """The file spans that document span [start, end) occupies, in order.

        One span when the characters stand side by side in the file; more when
        the document span crosses from one concatenated literal to the next or
        over a backslash-newline continuation.
        """
        if start >= end:
            offset = self.file_offset(start)
            return [(offset, offset)]
        spans: List[Tuple[int, int]] = []
        run_start, run_end = self.starts[start], self.ends[start]
        for i in range(start + 1, end):
            if self.starts[i] == run_end:
                run_end = self.ends[i]
            else:
                spans.append((run_start, run_end))
                run_start, run_end = self.starts[i], self.ends[i]
        spans.append((run_start, run_end))
        return spans
