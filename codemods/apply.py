"""Splice edits into the original text.  The tree is never re-printed."""

from __future__ import annotations

from typing import Iterable, List, Tuple

from .model import Edit


class OverlappingEdits(Exception):
    """Two rules want the same characters: a bug to report, not to guess at."""


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    ordered = sorted(set(edits), key=lambda e: (e.start, e.end))
    pieces: List[str] = []
    position = 0
    for edit in ordered:
        if edit.start < position:
            raise OverlappingEdits(f"edits overlap at character {edit.start}")
        pieces.append(text[position : edit.start])
        pieces.append(edit.replacement)
        position = edit.end
    pieces.append(text[position:])
    return "".join(pieces)


def apply_document_edits(text: str, edits: Iterable[Tuple[int, int, str]]) -> str:
    return apply_edits(text, (Edit(s, e, r) for s, e, r in edits))
