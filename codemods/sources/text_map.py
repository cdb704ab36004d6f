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
from bisect import bisect_right
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
    # The literal's text is a JSON request body and the document a string in it (sources/json_body.py):
    # only text both JSON and Python keep as it is may be written there.
    json: bool = False
    # "%" or "{}": this piece is the literal of a ``%``/``.format`` template joined by ``+`` to other
    # text (``('...%s...' % ws) + "\n"``): text written here is escaped for that template, whatever
    # the whole document's own style (red team 17, report 13, F14).
    template: str = ""


class _Run:
    """The offsets first, first + 1, ... (``count`` of them), read like the array they replace."""

    __slots__ = ("first", "count")

    def __init__(self, first: int, count: int) -> None:
        self.first, self.count = first, count

    def __len__(self) -> int:
        return self.count

    def __getitem__(self, index):
        if isinstance(index, slice):
            return array("i", range(self.first, self.first + self.count))[index]
        if index < 0:
            index += self.count
        if not 0 <= index < self.count:
            raise IndexError("offset index out of range")
        return self.first + index

    def __iter__(self):
        return iter(range(self.first, self.first + self.count))

    def __eq__(self, other: object) -> bool:
        try:
            return len(other) == self.count and all(a == b for a, b in zip(self, other))  # type: ignore[arg-type]
        except TypeError:
            return NotImplemented

    __hash__ = None  # type: ignore[assignment]  (like the array it stands for)

    def __reduce__(self):
        return _Run, (self.first, self.count)


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
    # Set when the module changes the document's text in a way the tool cannot read
    # (``re.sub`` with a pattern naming its words, ``.replace(OLD[k], ...)``): why, for the
    # review.  Such a document is never edited (placeholders.settle_rules).
    run_time_fill: str = ""
    # Set when the document can be read but not safely edited in place (a JSON body literal that
    # also holds the variables, sources/json_body.py): why, for the review.
    not_rewritten: str = ""

    # -- building -------------------------------------------------------------
    def _growing(self) -> List[str]:
        if isinstance(self.chars, str):
            self.chars = list(self.chars)
        if not isinstance(self.starts, array):  # compacted once read (``_compact``): growing again
            self.starts, self.ends = array("i", self.starts), array("i", self.ends)
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
            self._compact()
        return self.chars

    def _compact(self) -> None:
        """A document read verbatim from one literal (the usual case) maps character i to
        file offset first + i: its offsets are then kept as that one run, two numbers
        instead of 8 bytes a character (issue 15: a run keeps every document's map)."""
        starts, ends = self.starts, self.ends
        count = len(starts)
        if not count or not isinstance(starts, array) or starts[-1] - starts[0] != count - 1:
            return
        first = starts[0]
        if starts == array("i", range(first, first + count)) and ends == array("i", range(first + 1, first + count + 1)):
            self.starts, self.ends = _Run(first, count), _Run(first + 1, count)

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
        """The first hole overlapping document span [start, end) (an empty span: the char at start).

        Holes are added in document order, so their ends are sorted and the answer is the
        first hole ending after ``start``, found by bisection: a rule asks this once per
        token or edit, and a template of thousands of holes and edits (red team 14, F5)
        made a scan over every hole quadratic.  A hole list not in order (never built by
        this module) falls back to the scan."""
        ends = self._hole_ends()
        if ends is None:
            for hole in self.holes:
                if hole.doc_start < max(end, start + 1) and start < hole.doc_end:
                    return hole
            return None
        i = bisect_right(ends, start)
        if i < len(self.holes):
            hole = self.holes[i]
            if hole.doc_start < max(end, start + 1):
                return hole
        return None

    def _hole_ends(self) -> "Optional[List[int]]":
        """The holes' document ends, kept across calls and extended as holes are appended;
        None when the holes are not in document order."""
        holes = self.holes
        cache = self.__dict__.get("_hole_index")
        if cache is None or cache[0] is not holes or len(cache[1]) > len(holes):
            cache = (holes, [], [True])
            self.__dict__["_hole_index"] = cache
        _, ends, ordered = cache
        if ordered[0] and len(ends) < len(holes):
            last_start = holes[len(ends) - 1].doc_start if ends else -1
            last_end = ends[-1] if ends else -1
            for hole in holes[len(ends):]:
                if hole.doc_start < last_start or hole.doc_end < last_end or hole.doc_end < hole.doc_start:
                    ordered[0] = False
                    break
                ends.append(hole.doc_end)
                last_start, last_end = hole.doc_start, hole.doc_end
        return ends if ordered[0] else None

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
