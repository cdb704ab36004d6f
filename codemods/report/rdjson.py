"""reviewdog's Diagnostic Format (rdjson): one ``DiagnosticResult`` for reviewdog to post.

reviewdog already knows what GitHub accepts: it keeps the diagnostics inside
the pull request's diff (``-filter-mode``), drops duplicates of what it posted
before, and turns ``suggestions`` into GitHub suggestions.  So each finding
becomes one diagnostic.  A fix (``codemods.fixes``: the edits that must land
together, such as a document's variable rename and the dict key the script
sends) is one suggestion, whole, on the first diagnostic it resolves: the
exact replacement text over the range from its first edit to its last.
reviewdog turns a suggestion into a GitHub suggestion only when its lines are
the diagnostic's own, so a fix spanning other lines is shown as text, never
committed in part.  Fixes whose ranges overlap are one suggestion.

Positions follow the format's definition (reviewdog.proto): lines from 1,
columns from 1 counted in UTF-8 bytes, ranges end-exclusive.
"""

from __future__ import annotations

import json
from typing import List, Optional

from ..apply import apply_edits
from ..files import display_path
from ..fixes import Fix, fixes, merged
from ..model import ERROR, WARNING, Edit, Finding
from ..pipeline import FileResult

SEVERITIES = {ERROR: "ERROR", WARNING: "WARNING"}  # info -> INFO
SOURCE = {"name": "houston-codemod", "url": "https://github.com/astronomer/houston-codemod"}


def render(results: List[FileResult], files: int) -> str:
    diagnostics = []
    for result in results:
        leads = {}
        if result.original is not None:
            # Fixes whose spans overlap are one suggestion: a suggestion replaces one span.
            found = merged(fixes(result.findings), lambda fix: (fix.start, fix.end - 1))
            leads = {id(fix.lead): fix for fix in found}
        diagnostics.extend(_diagnostic(result, finding, leads.get(id(finding))) for finding in result.ordered_findings)
    return json.dumps({"source": SOURCE, "diagnostics": diagnostics}, indent=2, ensure_ascii=False) + "\n"


def _diagnostic(result: FileResult, finding: Finding, fix: Optional[Fix] = None) -> dict:
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
    if fix is not None:
        diagnostic["suggestions"] = [_suggestion(result, fix)]
    return diagnostic


def _suggestion(result: FileResult, fix: Fix) -> dict:
    """The whole fix as one replacement: from its first edit's start to its last edit's end."""
    original = result.original
    begin, end = fix.start, fix.end
    text = apply_edits(original.text[begin:end], {Edit(e.start - begin, e.end - begin, e.replacement) for e in fix.edits})
    start_at, end_at = original.line_col(begin), original.line_col(end)
    return {
        "range": {"start": _position(result, *start_at), "end": _position(result, *end_at)},
        "text": text,
    }


def _position(result: FileResult, line: int, column: int) -> dict:
    """A (line, code-point column) position with its column counted in UTF-8 bytes."""
    original = result.original
    if original is None or not 1 <= line <= len(original.line_starts):
        return {"line": line, "column": column}
    start = original.line_starts[line - 1]
    prefix = original.text[start : start + column - 1]
    return {"line": line, "column": len(prefix.encode("utf-8", "surrogatepass")) + 1}
