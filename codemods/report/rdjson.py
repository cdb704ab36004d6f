"""reviewdog's Diagnostic Format (rdjson): one ``DiagnosticResult`` for reviewdog to post.

reviewdog already knows what GitHub accepts: it keeps the diagnostics inside
the pull request's diff (``-filter-mode``), drops duplicates of what it posted
before, and turns ``suggestions`` into GitHub suggestions.  So each finding
becomes one diagnostic, and each of its fix's edits one suggestion carrying
the exact replacement text over the exact range it replaces.

Positions follow the format's definition (reviewdog.proto): lines from 1,
columns from 1 counted in UTF-8 bytes, ranges end-exclusive.
"""

from __future__ import annotations

import json
from typing import List

from ..files import display_path
from ..model import ERROR, WARNING, Edit, Finding
from ..pipeline import FileResult

SEVERITIES = {ERROR: "ERROR", WARNING: "WARNING"}  # info -> INFO
SOURCE = {"name": "houston-codemod", "url": "https://github.com/astronomer/houston-codemod"}


def render(results: List[FileResult], files: int) -> str:
    diagnostics = [_diagnostic(result, finding) for result in results for finding in result.ordered_findings]
    return json.dumps({"source": SOURCE, "diagnostics": diagnostics}, indent=2, ensure_ascii=False) + "\n"


def _diagnostic(result: FileResult, finding: Finding) -> dict:
    diagnostic = {
        "message": finding.message,
        "location": {
            "path": display_path(finding.path),  # a name that is not UTF-8 shows its bad bytes as \xNN
            "range": {
                "start": _position(result, finding.line, finding.column),
                "end": _position(result, finding.end_line, finding.end_column),
            },
        },
        "severity": SEVERITIES.get(finding.severity, "INFO"),
        "code": {"value": finding.code},
    }
    if finding.fix and result.original is not None:
        diagnostic["suggestions"] = [_suggestion(result, edit) for edit in sorted(set(finding.fix), key=_edit_key)]
    return diagnostic


def _edit_key(edit: Edit):
    return edit.start, edit.end


def _suggestion(result: FileResult, edit: Edit) -> dict:
    original = result.original
    start, end = original.line_col(edit.start), original.line_col(edit.end)
    return {
        "range": {"start": _position(result, *start), "end": _position(result, *end)},
        "text": edit.replacement,
    }


def _position(result: FileResult, line: int, column: int) -> dict:
    """A (line, code-point column) position with its column counted in UTF-8 bytes."""
    original = result.original
    if original is None or not 1 <= line <= len(original.line_starts):
        return {"line": line, "column": column}
    start = original.line_starts[line - 1]
    prefix = original.text[start : start + column - 1]
    return {"line": line, "column": len(prefix.encode("utf-8", "surrogatepass")) + 1}
