"""Jupyter notebooks: each code cell is a small Python file.

The notebook JSON is written back only in the layout it was read in: we find
the ``json.dumps`` settings that reproduce the original bytes exactly (Jupyter
writes ``indent=1``, sorted keys, non-ASCII kept) and refuse to rewrite a
notebook whose layout we cannot reproduce, so nothing outside the edited cell
lines ever changes.

IPython syntax (``%magic``, ``!shell``, ``obj?``) is masked as comments of the
same length before parsing, so positions stay exact and edits never touch it.
Findings are reported at the notebook file's own line: with Jupyter's layout
each source line is one JSON line.
"""

from __future__ import annotations

import json
import re
from typing import Callable, List, Optional

from ..source_file import SourceFile

_MAGIC_LINE = re.compile(r"^([ \t]*)([%!?].*|.*\?)$", re.MULTILINE)
_LAYOUTS = [
    {"indent": 1, "sort_keys": True, "ensure_ascii": False},
    {"indent": 1, "sort_keys": False, "ensure_ascii": False},
    {"indent": 2, "sort_keys": False, "ensure_ascii": False},
    {"indent": 2, "sort_keys": True, "ensure_ascii": False},
    {"indent": 1, "sort_keys": True, "ensure_ascii": True},
    {"indent": 2, "sort_keys": False, "ensure_ascii": True},
]


class NotebookError(Exception):
    pass


def process_notebook(result, source_file: SourceFile, options, run_python: Callable) -> None:
    from ..pipeline import FileError, FileResult

    try:
        notebook = json.loads(source_file.text)
        cells = notebook["cells"]
    except (ValueError, KeyError, TypeError) as exc:
        raise FileError(f"not a Jupyter notebook: {' '.join(str(exc).split())}") from None
    source_lines = _source_line_numbers(source_file.text)
    changed = False
    for index, cell in enumerate(cells):
        if cell.get("cell_type") != "code":
            continue
        original = _cell_text(cell)
        if original.lstrip().startswith("%%"):
            continue  # a cell magic: the whole cell is another language
        masked = _MAGIC_LINE.sub(lambda m: m.group(1) + "#" * len(m.group(2)), original)
        cell_file = SourceFile(source_file.path, masked.encode("utf-8"), "utf-8", masked)
        cell_result = FileResult(source_file.path, original=cell_file)
        try:
            run_python(cell_result, cell_file, options)
        except FileError as exc:
            raise FileError(f"cell {index + 1}: {exc}") from None
        first_line = source_lines[index] if index < len(source_lines) else None
        cell_lines = original.splitlines()
        for finding in cell_result.findings:
            finding.column = _json_column(source_file.text, first_line, cell_lines, finding.line, finding.column)
            finding.end_column = _json_column(source_file.text, first_line, cell_lines, finding.end_line, finding.end_column)
            finding.line, finding.end_line = _json_line(first_line, finding.line), _json_line(first_line, finding.end_line)
            finding.message = f"[cell {index + 1}] {finding.message}"
            finding.fix, finding.fix_lines = (), (0, 0)  # cell offsets mean nothing in the JSON file
            result.findings.append(finding)
        for document in cell_result.documents:
            document.line = _json_line(first_line, document.line)
            result.documents.append(document)
        if cell_result.new_text is not None and cell_result.new_text != masked:
            _set_cell_text(cell, _unmask(original, masked, cell_result.new_text))
            changed = True
    if changed:
        result.new_text = _dump_like(notebook, source_file.text)


def _cell_text(cell) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def _set_cell_text(cell, text: str) -> None:
    if isinstance(cell.get("source"), list):
        cell["source"] = text.splitlines(keepends=True)
    else:
        cell["source"] = text


def _unmask(original: str, masked: str, rewritten: str) -> str:
    """Put the masked IPython lines back: edits never touch them, so lines align."""
    original_lines = original.splitlines(keepends=True)
    masked_lines = masked.splitlines(keepends=True)
    rewritten_lines = rewritten.splitlines(keepends=True)
    if len(rewritten_lines) != len(original_lines):
        return rewritten
    return "".join(o if o != m else r for o, m, r in zip(original_lines, masked_lines, rewritten_lines))


def _source_line_numbers(text: str) -> List[Optional[int]]:
    """1-based JSON line of each cell's first source line (None when not on its own line)."""
    lines: List[Optional[int]] = []
    for match in re.finditer(r'"source":\s*(\[?)', text):
        line = text.count("\n", 0, match.end()) + 1
        lines.append(line + 1 if match.group(1) and text[match.end() : match.end() + 1] in "\r\n" else None)
    return lines


def _json_line(first_line: Optional[int], cell_line: int) -> int:
    return first_line + cell_line - 1 if first_line is not None else 1


def _json_column(text: str, first_line: Optional[int], cell_lines: List[str], line: int, column: int) -> int:
    """Column in the JSON file: the string's indentation, its quote, then the escaped prefix."""
    if first_line is None or not 0 < line <= len(cell_lines):
        return column
    json_lines = text.splitlines()
    json_line = json_lines[first_line + line - 2] if first_line + line - 2 < len(json_lines) else ""
    indent = len(json_line) - len(json_line.lstrip())
    escaped_prefix = json.dumps(cell_lines[line - 1][: column - 1], ensure_ascii=False)[1:-1]
    return indent + 1 + len(escaped_prefix) + 1


def _dump_like(notebook, original: str) -> str:
    for layout in _LAYOUTS:
        for ending in ("\n", ""):
            reference = json.dumps(json.loads(original), **layout) + ending
            if reference == original:
                return json.dumps(notebook, **layout) + ending
    from ..pipeline import FileError

    raise FileError("notebook JSON layout is not one we can reproduce byte for byte; not rewritten")
