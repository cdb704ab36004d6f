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
"""

from __future__ import annotations

import io
import re
import tokenize
from bisect import bisect_right
from typing import FrozenSet, List, Tuple

__all__ = ["file_ignored", "IGNORE_MARKER", "marked_comment_lines"]

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
