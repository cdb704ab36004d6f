"""Python syntax newer than the running interpreter, made readable to its ``ast`` without moving anything.

The finder walks CPython's own ``ast``.  A test module written for Python
3.12 (``class Edge[T]:``, ``def first[T](items: list[T]) -> T``,
``type Pair = tuple[int, int]``) does not parse on 3.11, yet it is valid
Python, and LibCST's native parser reads it.  For such a file LibCST finds the
new constructs and they are masked byte for byte:

* type parameter lists ``[T, *Ts]`` become spaces;
* ``type`` opening a type alias becomes ``_ =`` (``_ = Pair = tuple[int, int]``).

Each masked character is replaced by as many spaces as its UTF-8 bytes, so
every line keeps its bytes where they were: the ``ast`` positions of
everything else, strings included, are those of the original file.  What
cannot be masked this way (PEP 701 f-strings, say) stays a parse failure,
reported as such.
"""

from __future__ import annotations

import re
from typing import List, Optional, Tuple

# A class or function with a type parameter list, or a type alias statement, at a line's start.
_NEWER_SYNTAX = re.compile(r"^[ \t]*(?:(?:async[ \t]+)?(?:class|def)[ \t]+\w+[ \t]*\[|type[ \t]+\w+)", re.MULTILINE)


def may_be_newer_syntax(text: str, error: str) -> bool:
    """Worth asking LibCST?  Never for input CPython found too deep: LibCST's native
    parser recurses without a bound and crashes the process on it."""
    if "too many" in error or "too deeply" in error:  # nested parentheses, indentation, blocks
        return False
    return _NEWER_SYNTAX.search(text) is not None


def older_equivalent(text: str) -> Optional[str]:
    """``text`` with 3.12+ type syntax masked, or None when LibCST rejects it too or there is nothing to mask."""
    try:
        import libcst as cst
        from libcst.metadata import MetadataWrapper, PositionProvider
    except ImportError:  # pragma: no cover - libcst is a dependency
        return None
    try:
        wrapper = MetadataWrapper(cst.parse_module(text), unsafe_skip_copy=True)
        positions = wrapper.resolve(PositionProvider)
    except Exception:  # LibCST rejects it too: not Python we can read
        return None
    spans: List[Tuple[Tuple[int, int], Tuple[int, int], str]] = []
    for node, where in positions.items():
        parameters = getattr(node, "type_parameters", None)
        if isinstance(node, (cst.ClassDef, cst.FunctionDef, cst.TypeAlias)) and parameters is not None:
            rng = positions[parameters]
            spans.append(((rng.start.line, rng.start.column), (rng.end.line, rng.end.column), " "))
        if isinstance(node, cst.TypeAlias):
            start = (where.start.line, where.start.column)
            spans.append((start, (start[0], start[1] + 4), "_ = "))
    if not spans:
        return None
    lines = text.splitlines(keepends=True)
    for (start_line, start_column), (end_line, end_column), replacement in sorted(spans, reverse=True):
        for number in range(start_line, end_line + 1):
            line = lines[number - 1]
            first = start_column if number == start_line else 0
            last = end_column if number == end_line else len(line.rstrip("\r\n"))
            if replacement == " ":
                masked = "".join(" " * len(ch.encode("utf-8")) if ch not in "\r\n" else ch for ch in line[first:last])
            else:
                masked = replacement
            lines[number - 1] = line[:first] + masked + line[last:]
    return "".join(lines)
