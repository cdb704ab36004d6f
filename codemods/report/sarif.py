"""SARIF 2.1.0 for code scanning, with the rewrite itself as ``fixes``.

One rule per finding code.  Columns are Unicode code points
(``columnKind: unicodeCodePoints``), the unit every other format here uses.

Each result carries ``partialFingerprints.primaryLocationLineHash``, which
code scanning uses to follow an alert from one upload to the next: a hash of
the rule, the file and the finding's line text (whitespace-insensitive), with
the occurrence number of that triple.  It does not hold the line number, so an
alert survives lines added above it and edits elsewhere in the file; it
changes when the line itself changes, which is when the alert should too.

A result's ``fixes`` hold a whole fix (``codemods.fixes``: every edit that must
land with it, such as a document's variable rename and the dict key the script
sends), so applying one fix never leaves a script half migrated.  Each fix is
given once, on the first of the results it resolves (its description names
them all); the other results carry none, so applying every fix of a log gives
exactly the rewrite.
"""

from __future__ import annotations

import hashlib
import json
import os
import pathlib
from typing import Dict, List, Optional, Tuple
from urllib.parse import quote

from .. import __version__
from ..fixes import Fix, fixes
from ..model import ERROR, WARNING, Edit, Finding
from ..pipeline import FileResult
from .workspace_paths import in_workspace

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {ERROR: "error", WARNING: "warning"}  # info -> note


def render(results: List[FileResult], files: int, unfixed=frozenset()) -> str:
    """``unfixed``: paths whose results carry no ``fixes`` (their working tree is not HEAD's, see ``cli``)."""
    findings = [(r, f) for r in results for f in r.ordered_findings]
    codes = sorted({f.code for _r, f in findings})
    rule_index: Dict[str, int] = {code: i for i, code in enumerate(codes)}
    run = {
        "tool": {
            "driver": {
                "name": "houston-codemod",
                "version": __version__,
                "informationUri": "https://github.com/astronomer/houston-codemod",
                "rules": [{"id": code, "shortDescription": {"text": _describe(code)}} for code in codes],
            }
        },
        "columnKind": "unicodeCodePoints",
        "results": _results(findings, rule_index, unfixed),
    }
    log = {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}
    return json.dumps(log, indent=2) + "\n"


def _results(findings: List[Tuple[FileResult, Finding]], rule_index: Dict[str, int], unfixed=frozenset()) -> List[dict]:
    seen: Dict[str, int] = {}
    results = []
    # Each fix (the edits that must land together, ``fixes``) once, whole, on its first finding.
    leads: Dict[int, Fix] = {}
    for result in {id(r): r for r, _f in findings}.values():
        if result.original is not None and result.path not in unfixed:
            leads.update((id(fix.lead), fix) for fix in fixes(result.findings))
    for result, finding in findings:
        sarif = _result(result, finding, rule_index, leads.get(id(finding)))
        key = _line_key(result, finding)
        seen[key] = seen.get(key, 0) + 1
        sarif["partialFingerprints"] = {"primaryLocationLineHash": f"{key}:{seen[key]}"}
        results.append(sarif)
    return results


def _line_key(result: FileResult, finding: Finding) -> str:
    """Rule, file and the finding's line without its whitespace: what identifies an alert across commits."""
    line = ""
    original = result.original
    if original is not None and 1 <= finding.line <= len(original.line_starts):
        start = original.line_starts[finding.line - 1]
        end = original.line_starts[finding.line] if finding.line < len(original.line_starts) else len(original.text)
        line = "".join(original.text[start:end].split())
    text = "\0".join((finding.code, in_workspace(finding.path), line))
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def _result(result: FileResult, finding: Finding, rule_index: Dict[str, int], fix: Optional[Fix] = None) -> dict:
    sarif = {
        "ruleId": finding.code,
        "ruleIndex": rule_index[finding.code],
        "level": LEVELS.get(finding.severity, "note"),
        "message": {"text": finding.message},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": _uri(finding.path)},
                    "region": {
                        "startLine": finding.line,
                        "startColumn": finding.column,
                        "endLine": finding.end_line,
                        "endColumn": finding.end_column,
                    },
                }
            }
        ],
    }
    if fix is not None:
        sarif["fixes"] = [
            {
                "description": {"text": "; ".join(dict.fromkeys(f.message for f in fix.findings))},
                "artifactChanges": [
                    {
                        "artifactLocation": {"uri": _uri(finding.path)},
                        "replacements": [_replacement(result, edit) for edit in fix.edits],
                    }
                ],
            }
        ]
    return sarif


def _replacement(result: FileResult, edit: Edit) -> dict:
    start_line, start_column = result.original.line_col(edit.start)
    end_line, end_column = result.original.line_col(edit.end)
    return {
        "deletedRegion": {
            "startLine": start_line,
            "startColumn": start_column,
            "endLine": end_line,
            "endColumn": end_column,
        },
        "insertedContent": {"text": edit.replacement},
    }


def _uri(path: str) -> str:
    """A valid URI reference (RFC 3986): relative paths percent-encoded, absolute ones as file: URIs.

    Under GitHub Actions, a file of the checkout is named from its top (``workspace_paths``)."""
    path = in_workspace(path)
    if os.path.isabs(path):
        return pathlib.Path(path).as_uri()
    uri = path.replace("\\", "/")
    uri = uri[2:] if uri.startswith("./") else uri
    # Spaces, '%', '#', ':' (a scheme, in a first segment) and non-ASCII are not allowed as they are.
    # The name's own bytes are encoded: a name that is not UTF-8 (b"bad\\xff.py") is bad%FF.py.
    return quote(os.fsencode(uri), safe="/")


def _describe(code: str) -> str:
    if code.startswith("review-"):
        return "Needs review: " + code[len("review-") :].replace("-", " ")
    if code.startswith("migrate-"):
        return "Migration to Astro Runtime: " + code[len("migrate-") :].replace("-", " ")
    return "GraphQL validation: " + code.replace("-", " ")
