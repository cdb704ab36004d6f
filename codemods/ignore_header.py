"""The file-level ``# houston-codemod: ignore`` rule, one rule for every kind of file.

A user pins something on purpose (a legacy AC stage, a script kept for AC) by putting the comment at
the top of the file.  "At the top" means: before the file's first content, where the file's preamble
does not count as content.  The preamble is what a linter or the language puts first and a person
does not think of as the file's content (red team 15, report 13, F9; `---` is yamllint's default
first line):

* every kind: blank lines and ``#`` comment lines (so a shebang, a PEP 263 encoding line and a
  Dockerfile ``# syntax=`` / ``# escape=`` directive are preamble);
* YAML (compose, CI): document markers ``---`` (alone or followed by a comment) and ``%YAML`` /
  ``%TAG`` directives;
* Python: the module docstring (the first statement, a string literal alone, one or more lines).

One pass over the preamble only (it stops at the first content line), so linear in the file.

The line form (the marker on or above one literal, image or definition) counts only in a real comment
of the file's own language (red team 17, report 13, F8/F8b): a Python ``COMMENT`` token (a notebook's
code cells are Python), a Dockerfile ``#`` line outside a heredoc body, a YAML comment (outside every
scalar, quoted or block), a GraphQL ``#`` outside strings.  A help text, a log message, a ``RUN echo``,
a label value or a GraphQL argument that merely mentions the marker hid the next line's document from
``rewrite`` and ``check``.  :func:`marked_comment_lines` reads the file once: linear.

A marker reaches a whole unit, not one physical line (red team 18, report 13, F2/F5): on the line
right above (or on the first line of) a Python statement, a Dockerfile instruction or a YAML mapping
entry / sequence item, it covers every line of that unit.  Black lays ``X = gql(`` and its string
out over several lines, a ``FROM \\`` continuation puts the image on the next line, and a user exempts
a GitHub job by marking its key: the literal or image sits lines below the marker in each.
:func:`unit_spans` reads each unit once (one walk of the tree, the instructions or the YAML events):
linear; :class:`MarkedLines` answers a line by bisection over the merged spans.
"""

from __future__ import annotations

import io
import re
import tokenize
from bisect import bisect_right
from typing import FrozenSet, List, Tuple

from .sources.tree_nodes import walk as tree_walk  # ast.walk's order, listed once per tree (shared by the analyses)

__all__ = ["file_ignored", "IGNORE_MARKER", "marked_comment_lines", "MarkedLines", "unit_spans"]

IGNORE_MARKER = re.compile(r"#\s*houston-codemod:\s*ignore\b")

_YAML_PREAMBLE = re.compile(r"---[ \t]*(?:#.*)?|%(?:YAML|TAG)\b.*")


def file_ignored(text: str, kind: str) -> bool:
    """Whether the marker sits in the preamble of ``text``; ``kind``: ``python``, ``yaml``,
    ``dockerfile`` or ``graphql``."""
    if IGNORE_MARKER.search(text) is None:
        return False
    if kind == "python":
        return _python_header(text)
    yaml = kind == "yaml"
    for line in text.splitlines():
        stripped = line.strip().lstrip("\ufeff")
        if not stripped:
            continue
        if stripped.startswith("#"):
            if IGNORE_MARKER.search(stripped):
                return True
            continue
        if yaml and _YAML_PREAMBLE.fullmatch(stripped):
            if IGNORE_MARKER.search(stripped):  # `--- # houston-codemod: ignore`
                return True
            continue
        return False
    return False


def _python_header(text: str) -> bool:
    """Comments, blank lines and the module docstring, read as tokens (a docstring may span lines and
    hold a ``#``); stops at the first other token."""
    docstring_seen = False
    pending = False  # string tokens read as the first statement, its line not yet ended
    marked = False  # the marker on that line, after the string: decided when the line ends
    try:
        for token in tokenize.generate_tokens(io.StringIO(text.lstrip("\ufeff")).readline):
            kind = token.type
            if kind == tokenize.COMMENT:
                if IGNORE_MARKER.search(token.string):
                    if not pending:
                        return True
                    marked = True
                continue
            if kind in (tokenize.NL, tokenize.ENCODING):
                continue
            if kind == tokenize.NEWLINE:
                if pending:
                    if marked:
                        return True
                    pending, docstring_seen = False, True
                continue
            if kind == tokenize.STRING and not docstring_seen and not marked:
                pending = True  # also `"a" "b"`, one implicitly joined docstring
                continue
            return False
    except (tokenize.TokenError, SyntaxError):
        return False
    return False


def marked_comment_lines(text: str, kind: str) -> FrozenSet[int]:
    """The 0-based numbers of the lines where the marker sits in a real comment of ``kind``
    (``python``, ``dockerfile``, ``yaml``, ``graphql``).  One pass over the file."""
    if IGNORE_MARKER.search(text) is None:
        return frozenset()
    if kind == "python":
        return _python_comment_lines(text)
    if kind == "dockerfile":
        return _dockerfile_comment_lines(text)
    if kind == "graphql":
        return _graphql_comment_lines(text)
    return _yaml_comment_lines(text)


def _python_comment_lines(text: str) -> FrozenSet[int]:
    found = set()
    try:
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            if token.type == tokenize.COMMENT and IGNORE_MARKER.search(token.string):
                found.add(token.start[0] - 1)
    except (tokenize.TokenError, SyntaxError):
        pass  # a file Python cannot read is reported as such; the comments before the fault count
    return frozenset(found)


def _line_starts(text: str) -> List[int]:
    return [0] + [newline.end() for newline in re.finditer("\n", text)]


def _dockerfile_comment_lines(text: str) -> FrozenSet[int]:
    """``#`` lines (leading blanks allowed, as BuildKit allows them), outside heredoc bodies, which are
    a script's or a file's content.  ``RUN echo "# ..."`` is an instruction, not a comment."""
    from .sources.dockerfile import instructions

    bodies = sorted(span for instruction in instructions(text) for span in instruction.bodies)
    found = set()
    for number, start in enumerate(_line_starts(text)):
        end = text.find("\n", start)
        line = text[start : end if end >= 0 else len(text)]
        if not line.lstrip(" \t\ufeff").startswith("#") or not IGNORE_MARKER.search(line):
            continue
        inside = bisect_right(bodies, (start, len(text) + 1)) - 1
        if inside >= 0 and bodies[inside][0] <= start < bodies[inside][1]:
            continue
        found.add(number)
    return frozenset(found)


def _yaml_comment_lines(text: str) -> FrozenSet[int]:
    """A YAML comment starts at a ``#`` at the line's start or after a blank, outside every scalar
    (a quoted one, a block scalar's lines): PyYAML's scanner gives the scalars' spans.  A file it
    cannot scan keeps the plain line reading (the tool reports such a file when it acts on it)."""
    import yaml

    starts = _line_starts(text)
    hits = [(m.start(), bisect_right(starts, m.start()) - 1) for m in IGNORE_MARKER.finditer(text)]
    spans: List[Tuple[int, int]] = []
    scanned = len(text) + 1  # hits from here on are past a fault the scanner stopped at
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            if isinstance(token, yaml.ScalarToken):
                spans.append((token.start_mark.index, token.end_mark.index))
    except (yaml.YAMLError, ValueError, RecursionError):
        scanned = spans[-1][1] if spans else 0
    found = set()
    span = 0
    for at, number in hits:  # both in file order: one sweep
        if at >= scanned:
            found.add(number)  # not scanned: the plain line reading
            continue
        while span < len(spans) and spans[span][1] <= at:
            span += 1
        if span < len(spans) and spans[span][0] <= at:
            continue  # inside a scalar: its text, not a comment
        if at == starts[number] or text[at - 1] in " \t\ufeff":
            found.add(number)
    return frozenset(found)


def _graphql_comment_lines(text: str) -> FrozenSet[int]:
    """GraphQL: ``#`` to the end of the line, outside ``"..."`` and ``\"\"\"...\"\"\"`` strings
    (the GraphQL lexer's rule).  One pass: each step jumps to the next ``#`` or ``"``."""
    found = set()
    index, length, line, counted = 0, len(text), 0, 0
    while True:
        match = _GRAPHQL_STOP.search(text, index)
        if match is None:
            break
        index = match.start()
        line += text.count("\n", counted, index)
        counted = index
        if text[index] == "#":
            end = text.find("\n", index)
            end = length if end < 0 else end
            if IGNORE_MARKER.search(text, index, end):
                found.add(line)
            index = end
        elif text.startswith('"""', index):
            close = index + 3
            while True:  # \""" does not close a block string
                close = text.find('"""', close)
                if close < 0 or text[close - 1] != "\\":
                    break
                close += 3
            index = length if close < 0 else close + 3
        else:
            index = _GRAPHQL_STRING.match(text, index).end()
    return frozenset(found)


_GRAPHQL_STOP = re.compile(r'[#"]')
_GRAPHQL_STRING = re.compile(r'"(?:[^"\\\n]|\\.)*"?')  # one alternative per character: linear


class MarkedLines:
    """The 0-based lines a file's markers cover: each marker's own line and the one below, and every
    line of the unit (statement, instruction, mapping entry) that starts on one of those two lines."""

    def __init__(self, marked, spans: List[Tuple[int, int]]) -> None:
        self._marked = frozenset(marked)
        merged: List[List[int]] = []
        for first, last in sorted(spans):
            if merged and first <= merged[-1][1] + 1:
                merged[-1][1] = max(merged[-1][1], last)
            else:
                merged.append([first, last])
        self._firsts = [first for first, _ in merged]
        self._lasts = [last for _, last in merged]

    def __bool__(self) -> bool:
        return bool(self._marked)

    def __contains__(self, line: int) -> bool:
        if line in self._marked or line - 1 in self._marked:
            return True
        at = bisect_right(self._firsts, line) - 1
        return at >= 0 and line <= self._lasts[at]


def unit_spans(text: str, kind: str, marked, module=None) -> List[Tuple[int, int]]:
    """``(first, last)`` 0-based lines of each unit that starts on a marked line or the line below one;
    ``module``: the parsed Python tree (``kind`` ``python``)."""
    if not marked:
        return []
    # a marker after code on its line (``image: X  # ...``) reaches the unit of that line only, never
    # the next line's (the next service or job); a comment line reaches the unit right below it
    line_starts = _line_starts(text)
    starts = set(marked)
    for line in marked:
        if line < len(line_starts) and text.startswith("#", _skip_blanks(text, line_starts[line])):
            starts.add(line + 1)
    if kind == "python":
        return _python_units(module, starts) if module is not None else []
    if kind == "dockerfile":
        return _dockerfile_units(text, starts)
    if kind == "yaml":
        return _yaml_units(text, starts)
    return []


def _skip_blanks(text: str, at: int) -> int:
    while at < len(text) and text[at] in " \t\ufeff":
        at += 1
    return at


def _python_units(module, starts) -> List[Tuple[int, int]]:
    """A simple statement: all its lines; a compound one (``def``, ``with``, ``if``...): its header,
    up to the line before its body (a marker above ``def`` is not a marker on each line of the body)."""
    import ast

    spans = []
    for node in tree_walk(module):
        if not isinstance(node, ast.stmt) or node.lineno - 1 not in starts:
            continue
        last = getattr(node, "end_lineno", None) or node.lineno
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.stmt):
            last = max(node.lineno, body[0].lineno - 1)
        elif isinstance(node, getattr(ast, "Match", ())) and node.cases:
            last = max(node.lineno, node.cases[0].pattern.lineno - 1)
        spans.append((node.lineno - 1, last - 1))
    return spans


def _dockerfile_units(text: str, starts) -> List[Tuple[int, int]]:
    """An instruction and its continuation lines (``FROM \\`` then the image, ``ARG IMAGE=\\``)."""
    from .sources.dockerfile import instructions

    line_starts = _line_starts(text)
    spans = []
    for instruction in instructions(text):
        first = bisect_right(line_starts, instruction.start) - 1
        if first not in starts:
            continue
        end = max((word.offsets[-1] for word in instruction.words if word.offsets), default=instruction.start)
        spans.append((first, bisect_right(line_starts, end) - 1))
    return spans


def _yaml_units(text: str, starts) -> List[Tuple[int, int]]:
    """A mapping entry (its key and every line of its value: a job, ``container:``, ``image:`` with
    the value below) or a sequence item, read from PyYAML's event stream: one pass, aliases are
    events (never expanded).  A file it cannot parse keeps the units read before the fault."""
    import yaml

    spans: List[Tuple[int, int]] = []
    stack: List[list] = []  # per open collection: [is_map, key_next, pending unit start, own role, flow]
    last = [0]  # line of the last content read (a scalar, an alias, a flow collection's close)

    def end_line(mark) -> int:
        if mark.column == 0 and mark.line > 0:  # a block scalar ends at the next line's start
            return mark.line - 1
        return mark.line

    def begin(event) -> str:
        if not stack:
            return "root"
        parent = stack[-1]
        if parent[0]:
            if parent[1]:
                parent[1] = False
                if event.start_mark.line in starts:
                    parent[2] = event.start_mark.line
                return "key"
            parent[1] = True
            return "value"
        if event.start_mark.line in starts:
            parent[2] = event.start_mark.line
        return "item"

    def done(role: str) -> None:
        if role in ("value", "item") and stack and stack[-1][2] is not None:
            spans.append((stack[-1][2], max(stack[-1][2], last[0])))
            stack[-1][2] = None

    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, (yaml.ScalarEvent, yaml.AliasEvent)):
                role = begin(event)
                last[0] = end_line(event.end_mark)
                done(role)
            elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                role = begin(event)
                stack.append([isinstance(event, yaml.MappingStartEvent), True, None, role, bool(event.flow_style)])
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)) and stack:
                frame = stack.pop()
                if frame[4]:
                    last[0] = end_line(event.end_mark)
                done(frame[3])
    except (yaml.YAMLError, ValueError, RecursionError):
        pass
    return spans
