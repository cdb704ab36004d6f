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
columns from 1 counted in UTF-8 bytes, ranges end-exclusive.  Lines are
numbered as git and GitHub number them, at LF alone: reviewdog matches them
against ``git diff`` and GitHub places the suggestion there, so in a file with a
CR that ends no line for git (a CR-only file is one line) the other formats'
line would put a suggestion on the wrong line, and accepting it broke the
script (red team 27, report 11a, minor note (b), its class).  A fix over git
lines holding such a CR is given no suggestion (GitHub would read the CRs in
it as line breaks): its diagnostic stays.
"""

from __future__ import annotations

import bisect
import json
import re
from typing import List, Optional

from ..apply import apply_edits
from ..files import display_path
from ..fixes import Fix, fixes, merged
from ..model import ERROR, WARNING, Edit, Finding
from ..pipeline import FileResult

SEVERITIES = {ERROR: "ERROR", WARNING: "WARNING"}  # info -> INFO
SOURCE = {"name": "houston-codemod", "url": "https://github.com/astronomer/houston-codemod"}


_LF = re.compile("\n")  # one character: linear


def render(results: List[FileResult], files: int, unfixed=frozenset()) -> str:
    """``unfixed``: paths whose findings carry no suggestion (their working tree is not HEAD's, see ``cli``)."""
    diagnostics = []
    for result in results:
        leads = {}
        starts = None
        if result.original is not None and result.path not in unfixed:
            # Fixes whose spans overlap are one suggestion: a suggestion replaces one span.
            found = merged(fixes(result.findings), lambda fix: (fix.start, fix.end - 1))
            leads = {id(fix.lead): fix for fix in found}
            starts = [0] + [m.end() for m in _LF.finditer(result.original.text)]  # git's lines, once per file
        diagnostics.extend(
            _diagnostic(result, finding, leads.get(id(finding)), starts) for finding in result.ordered_findings
        )
    return json.dumps({"source": SOURCE, "diagnostics": diagnostics}, indent=2, ensure_ascii=False) + "\n"


def _diagnostic(result: FileResult, finding: Finding, fix: Optional[Fix] = None, starts=None) -> dict:
    diagnostic = {
        "message": finding.message,
        "location": {
            "path": display_path(finding.path),  # a name that is not UTF-8 shows its bad bytes as \xNN
            "range": {
                "start": _position(result, finding.line, finding.column, starts),
                "end": _position(result, finding.end_line, finding.end_column, starts),
            },
        },
        "severity": SEVERITIES.get(finding.severity, "INFO"),
        "code": {"value": finding.code},
    }
    if fix is not None:
        suggestion = _suggestion(result, fix, starts)
        if suggestion is not None:
            diagnostic["suggestions"] = [suggestion]
    return diagnostic


def _suggestion(result: FileResult, fix: Fix, starts=None) -> Optional[dict]:
    """The whole fix as one replacement: from its first edit's start to its last edit's end.

    None when the git lines it touches hold a CR that ends no line for git: GitHub, reading the
    suggestion reviewdog makes of those whole lines, would turn each such CR into a line break.
    """
    original = result.original
    begin, end = fix.start, fix.end
    if starts is not None:
        first = starts[bisect.bisect_right(starts, begin) - 1]
        after = bisect.bisect_right(starts, max(end - 1, begin))
        last = starts[after] if after < len(starts) else len(original.text)
        if "\r" in original.text[first:last].replace("\r\n", ""):
            return None
    text = apply_edits(original.text[begin:end], {Edit(e.start - begin, e.end - begin, e.replacement) for e in fix.edits})
    start_at, end_at = original.line_col(begin), original.line_col(end)
    return {
        "range": {"start": _position(result, *start_at, starts), "end": _position(result, *end_at, starts)},
        "text": text,
    }


def _position(result: FileResult, line: int, column: int, starts=None) -> dict:
    """A (line, code-point column) position as git numbers its line, with its column counted in UTF-8 bytes."""
    original = result.original
    if original is None or not 1 <= line <= len(original.line_starts):
        return {"line": line, "column": column}
    offset = original.line_starts[line - 1] + column - 1
    if starts is not None:  # a lone CR starts a line for the finding, not for git
        line = bisect.bisect_right(starts, offset)
        start = starts[line - 1]
    else:
        start = original.line_starts[line - 1]
    prefix = original.text[start:offset]
    return {"line": line, "column": len(prefix.encode("utf-8", "surrogatepass")) + 1}
