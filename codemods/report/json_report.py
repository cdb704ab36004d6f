"""One JSON object: files, documents, findings (the contract other tools read)."""

from __future__ import annotations

import json
from typing import List

from ..files import display_path
from ..pipeline import FileResult


def render(results: List[FileResult], files: int) -> str:
    documents = [
        {
            "path": display_path(d.path),  # a name that is not UTF-8 shows its bad bytes as \xNN
            "line": d.line,
            "column": d.column,
            "operations": d.operations,
            "houston": d.verdict,  # true, false, or null: undecided (neither validated nor rewritten)
            "evidence": d.evidence,
        }
        for result in results
        for d in result.documents
    ]
    findings = [
        {
            "path": display_path(f.path),
            "line": f.line,
            "column": f.column,
            "end_line": f.end_line,
            "end_column": f.end_column,
            "severity": f.severity,
            "code": f.code,
            "message": f.message,
        }
        for result in results
        for f in result.ordered_findings
    ]
    return json.dumps({"files": files, "documents": documents, "findings": findings}, indent=2) + "\n"
