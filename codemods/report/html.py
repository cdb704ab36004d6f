"""A self-contained HTML migration report for a one-off run over a repository.

No scripts, no external styles or fonts: the file opens from disk anywhere.
"""

from __future__ import annotations

import bisect
import html
from typing import List

from ..files import printed
from ..model import ERROR
from ..pipeline import FileResult
from ..unified_diff import unified

STYLE = """
body{font:14px/1.45 system-ui,sans-serif;margin:2rem;color:#1d1d1f;max-width:75rem}
h1{font-size:1.6rem}h2{font-size:1.15rem;margin-top:2.2rem;border-bottom:1px solid #ddd}
.summary{display:flex;gap:1rem;flex-wrap:wrap}.card{border:1px solid #ccd;border-radius:6px;padding:.6rem 1rem}
.card b{display:block;font-size:1.5rem}table{border-collapse:collapse;margin:.6rem 0}
td,th{border:1px solid #ccd;padding:.25rem .6rem;text-align:left}th{background:#f3f3f7}
.status-migrated{color:#0a6b2f}.status-review{color:#9a5b00}.status-error{color:#b00020}.status-ok{color:#444}
pre.diff{background:#f7f7f9;padding:.6rem;overflow-x:auto}.add{color:#0a6b2f}.del{color:#b00020}.hunk{color:#555}
li.review{margin:.3rem 0}code{background:#f3f3f7;padding:0 .2rem}
"""


def render(results: List[FileResult], files: int) -> str:
    counts = _counts(results, files)
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        "<title>houston-codemod migration report</title>",
        f"<style>{STYLE}</style></head><body>",
        "<h1>Houston scripts: migration to Astro Runtime</h1>",
        '<div class="summary">',
        *(f'<div class="card" id="count-{key}"><b>{value}</b>{label}</div>' for key, label, value in counts),
        "</div>",
    ]
    for result in results:
        if result.documents or result.findings or result.changed or result.error:
            parts.extend(_file_section(result))
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def _counts(results: List[FileResult], files: int):
    findings = [f for r in results for f in r.findings]
    return [
        ("files", "files scanned", files),
        ("documents", "GraphQL documents", sum(len(r.documents) for r in results)),
        ("houston", "bound for Houston", sum(d.houston for r in results for d in r.documents)),
        ("rewritten", "files to rewrite", sum(r.changed for r in results)),
        ("review", "items to review", sum(f.code.startswith("review-") for f in findings)),
        ("errors", "errors", sum(f.severity == ERROR for f in findings) + sum(bool(r.error) for r in results)),
    ] + _undecided_card(results)


def _undecided_card(results: List[FileResult]):
    """Documents nothing placed: shown only when there are some (see destination.verdict)."""
    undecided = sum(d.verdict is None for r in results for d in r.documents)
    return [("undecided", "undecided: not checked", undecided)] if undecided else []


def _file_section(result: FileResult) -> List[str]:
    esc = html.escape
    out = [f'<section class="file"><h2>{esc(printed(result.path))}</h2>']
    if result.error:
        out.append(f'<p class="status-error">Not processed: {esc(result.error)}</p>')
    if result.documents:
        out.append("<table><tr><th>line</th><th>operations</th><th>API</th><th>status</th><th>why</th></tr>")
        for document, findings in _by_document(result):
            status, label = _status(result, document, findings)
            operations = ", ".join(name or "(anonymous)" for name in document.operations) or "(fragments)"
            api = {True: "Houston", False: "other API", None: "undecided"}[document.verdict]
            why = "<br>".join(esc(e) for e in document.explanation) or "no evidence"
            out.append(
                f"<tr><td>{document.line}</td><td>{esc(operations)}</td><td>{api}</td>"
                f'<td class="status-{status}">{label}</td><td class="evidence">{why}</td></tr>'
            )
        out.append("</table>")
    reviews = [f for f in result.ordered_findings if f.needs_attention]
    if reviews:
        out.append("<h3>To do by hand</h3><ul>")
        out.extend(
            f'<li class="review">line {f.line}, column {f.column}: <code>{esc(f.code)}</code> {esc(f.message)}</li>'
            for f in reviews
        )
        out.append("</ul>")
    if result.changed:
        out.append("<h3>Rewrite</h3>")
        out.append('<pre class="diff">' + _diff_html(result) + "</pre>")
    out.append("</section>")
    return out


def _by_document(result: FileResult):
    """Each document with the findings that lie between its start and the next document's start."""
    documents = sorted(result.documents, key=lambda d: (d.line, d.column))
    starts = [(d.line, d.column) for d in documents]
    owned = {id(d): [] for d in documents}
    for finding in result.findings:
        index = bisect.bisect_right(starts, (finding.line, finding.column)) - 1
        if index >= 0:
            owned[id(documents[index])].append(finding)
    return [(d, owned[id(d)]) for d in documents]


def _status(result: FileResult, document, findings) -> tuple:
    if document.verdict is None:
        return "review", "undecided: not checked"
    if not document.houston:
        return "ok", "not Houston: left alone"
    if any(f.severity == ERROR for f in findings):
        return "error", "invalid"
    # By code, not by f.fix: notebook findings carry no file-offset edits.
    if result.changed and any(f.code.startswith("migrate-") for f in findings):
        return "migrated", "rewritten"
    if any(f.code.startswith("review-") for f in findings):
        return "review", "needs review"
    return "ok", "valid"


def _diff_html(result: FileResult) -> str:
    lines = unified(  # linear in the file, as --diff's (red team 17, report 11a, F1)
        result.original.text.splitlines(), result.new_text.splitlines(), printed(result.path), printed(result.path), ""
    )
    rendered = []
    for line in lines:
        kind = {"+": "add", "-": "del", "@": "hunk"}.get(line[:1], "")
        if line.startswith(("+++", "---")):
            kind = "hunk"
        rendered.append(f'<span class="{kind}">{html.escape(line)}</span>' if kind else html.escape(line))
    return "\n".join(rendered)
