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
"""

from __future__ import annotations

import io
import re
import tokenize

__all__ = ["file_ignored", "IGNORE_MARKER"]

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
