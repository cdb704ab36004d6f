"""A body for GitHub's "create a review" API: one-click suggestions for every fix.

Each comment's ```` ```suggestion ```` block holds the exact rewritten lines.
Edits that touch the same or adjacent lines are merged into one suggestion
(GitHub cannot apply two suggestions to one line); edits far apart get their
own, even when one finding made them.  Review items without a
fix become plain comments saying what to do.
"""

from __future__ import annotations

import json
import re
from typing import List, Tuple

from ..apply import apply_edits
from ..model import Edit, Finding
from ..pipeline import FileResult

_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def render(results: List[FileResult], files: int) -> str:
    comments = []
    for result in results:
        comments.extend(_suggestions(result))
        comments.extend(_notes(result))
    fixes = sum(1 for c in comments if "```suggestion" in c["body"])
    body = (
        f"houston-codemod: {fixes} suggested change(s) to migrate Houston scripts to Astro Runtime, "
        f"{len(comments) - fixes} item(s) to review."
    )
    return json.dumps({"event": "COMMENT", "body": body, "comments": comments}, indent=2) + "\n"


def _suggestions(result: FileResult) -> List[dict]:
    """One suggestion per cluster of touched lines, whichever findings the edits came from.

    A variable rename edits the document and, far below, the dict that sends it:
    two small suggestions, each on lines a pull request's diff is likely to show.
    """
    if result.original is None:
        return []
    touched = sorted(
        ((_edit_lines(result, edit), edit, finding) for finding in result.findings for edit in finding.fix),
        key=lambda item: (item[0], item[1].start),
    )
    groups: List[Tuple[int, int, List[Edit], List[Finding]]] = []
    for (start, end), edit, finding in touched:
        if groups and start <= groups[-1][1] + 1:
            first, last, edits, members = groups[-1]
            groups[-1] = (first, max(last, end), edits + [edit], members + [f for f in [finding] if f not in members])
        else:
            groups.append((start, end, [edit], [finding]))
    return [_suggestion(result, start, end, edits, members) for start, end, edits, members in groups]


def _edit_lines(result: FileResult, edit: Edit) -> Tuple[int, int]:
    # The lines an edit touches (edits never add or remove line breaks).
    return result.original.line_col(edit.start)[0], result.original.line_col(max(edit.end - 1, edit.start))[0]


def _suggestion(result: FileResult, start: int, end: int, edits: List[Edit], members: List[Finding]) -> dict:
    original = result.original
    new_text = apply_edits(original.text, edits)
    first = original.line_starts[start - 1]
    last = original.line_starts[end] if end < len(original.line_starts) else len(original.text)
    delta = sum(len(e.replacement) - (e.end - e.start) for e in set(edits))
    # Split on the line breaks that number lines (str.splitlines also splits on form feeds, U+2028...).
    lines = _LINE_BREAK.split(new_text[first : last + delta])
    if lines and lines[-1] == "":
        lines.pop()
    reasons = "".join(f"- `{f.code}`: {f.message}\n" for f in members)
    comment = {
        "path": result.path,
        "line": end,
        "side": "RIGHT",
        "body": f"{reasons}\n```suggestion\n" + "\n".join(lines) + "\n```",
    }
    if start != end:
        comment.update(start_line=start, start_side="RIGHT")
    return comment


def _notes(result: FileResult) -> List[dict]:
    return [
        {"path": result.path, "line": f.line, "side": "RIGHT", "body": f"**{f.severity}** `{f.code}`: {f.message}"}
        for f in result.ordered_findings
        if not f.fix and f.needs_attention
    ]
