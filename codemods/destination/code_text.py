"""A Python file's text with its prose blanked: comments, docstrings and bare string statements.

File-context evidence ("a Houston endpoint named in the file", gather_module)
must come from code: a name bound or read, a string used as a value.  A comment
or docstring that mentions Houston (``# Migrated off Houston: HOUSTON_URL is
gone``, ``Unlike houston_sync.py, which talks to https://houston.example.com``)
says where the documents do *not* go as often as where they do (red team 7, F1),
so it must not make the file's other documents Houston's.

The prose is replaced by spaces (line breaks kept), so every offset, and so every
line number reported, stays that of the original text.  One tokenizer pass for
comments and one walk of the tree for string statements: linear.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from typing import List, Tuple

from ..sources.tree_nodes import walk

_NOT_LINE_BREAK = re.compile(r"[^\r\n]+")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")  # as source_file reads lines


def without_prose(text: str, module: ast.Module) -> str:
    """``text`` (which ``module`` was parsed from) with comments and string statements blanked.

    If the tokenizer refuses the text (it parsed, so this is rare), comments are
    left as they are: the old reading, never a corrupted one.
    """
    starts = [0] + [m.end() for m in _LINE_BREAK.finditer(text)]
    lines = [text[starts[i] : starts[i + 1]] for i in range(len(starts) - 1)] + [text[starts[-1] :]]
    ascii_only = text.isascii()

    def offset_at(lineno: int, utf8_column: int) -> int:
        if ascii_only:
            return starts[lineno - 1] + utf8_column
        return starts[lineno - 1] + len(lines[lineno - 1].encode("utf-8", "surrogatepass")[:utf8_column].decode("utf-8", "ignore"))

    spans: List[Tuple[int, int]] = []
    try:
        for node in walk(module):  # the tree's one listing, shared with the file's other analyses
            if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
                end_line = getattr(node, "end_lineno", None)
                if end_line is not None:
                    spans.append((offset_at(node.lineno, node.col_offset), offset_at(end_line, node.end_col_offset)))
    except IndexError:  # a tree of another text: read it all, as before
        return text
    feed = iter(lines)
    try:
        for token in tokenize.generate_tokens(lambda: next(feed, "")):
            if token.type == tokenize.COMMENT:
                row, col = token.start
                start = starts[row - 1] + col
                spans.append((start, start + len(token.string)))
    except (tokenize.TokenError, SyntaxError, ValueError, IndexError):
        pass
    if not spans:
        return text
    spans.sort()
    pieces = []
    position = 0
    for start, end in spans:
        start = max(start, position)
        if end <= start:
            continue
        pieces.append(text[position:start])
        pieces.append(_NOT_LINE_BREAK.sub(lambda m: " " * len(m.group()), text[start:end]))
        position = end
    pieces.append(text[position:])
    return "".join(pieces)
