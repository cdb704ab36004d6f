"""A fix: the set of edits that must land together, and the findings it resolves.

Every format that proposes fixes (github-review suggestions, SARIF ``fixes``,
rdjson ``suggestions``) proposes whole fixes, never part of one.  Part of one
can break a script that the whole fixes: renaming ``$airflowVersion`` in the
document without the dict key the script sends makes it send an undeclared
variable; renaming the argument without its value sends an AC version as a
Runtime version; changing the dict without the document does both.

What belongs together:

* the edits of one finding (its ``fix``);
* the fixes of every finding one document's rules made (``Finding.together``):
  the rules build on each other's edits (the argument rule leaves
  ``runtimeVersion: $airflowVersion`` for the variable rule, the read-field
  rename counts on the document no longer creating an AC deployment), and the
  rewrite checks a document's edits as a whole (``pipeline._rewrite_invalid``),
  never a part of them;
* fixes that share an edit, or whose edits overlap (a constant spliced into two
  documents is edited once for both).

A file's fixes are disjoint sets of edits whose union is the rewrite.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Dict, List, Tuple

from .model import Edit, Finding


@dataclass
class Fix:
    edits: Tuple[Edit, ...]  # sorted by position, each once
    findings: List[Finding] = field(default_factory=list)  # in report order; the first is the fix's lead

    @property
    def start(self) -> int:
        return self.edits[0].start

    @property
    def end(self) -> int:
        return max(edit.end for edit in self.edits)

    @property
    def lead(self) -> Finding:
        """The finding a format that attaches a fix to one finding attaches it to."""
        return self.findings[0]


def fixes(findings: List[Finding]) -> List[Fix]:
    """The fixes of one file's findings (those with edits), ordered by where they start."""
    with_edits = [f for f in sorted(findings, key=lambda f: f.sort_key()) if f.fix]
    parent = list(range(len(with_edits)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def join(i: int, j: int) -> None:
        a, b = root(i), root(j)
        if a != b:
            parent[max(a, b)] = min(a, b)

    by_document: Dict[int, int] = {}
    for index, finding in enumerate(with_edits):
        if finding.together:
            join(index, by_document.setdefault(finding.together, index))
    # Shared or overlapping edits: one sweep over the edits in position order (linear after the sort).
    spans = sorted((edit.start, edit.end, index) for index, finding in enumerate(with_edits) for edit in finding.fix)
    reach, owner = -1, -1
    for start, end, index in spans:
        if owner >= 0 and (start < reach or (start == reach and start == end)):
            join(index, owner)
        if end > reach or owner < 0:
            reach, owner = max(reach, end), index
    groups: Dict[int, List[Finding]] = {}
    for index, finding in enumerate(with_edits):
        groups.setdefault(root(index), []).append(finding)
    out = [
        Fix(tuple(sorted({edit for f in members for edit in f.fix}, key=lambda e: (e.start, e.end, e.replacement))), members)
        for members in groups.values()
    ]
    return sorted(out, key=lambda fix: (fix.start, fix.end))


def merged(found: List[Fix], span: Callable[[Fix], Tuple[int, int]], gap: int = 0) -> List[Fix]:
    """``found`` with fixes whose ``span`` (first, last) overlap or lie within ``gap`` of each other joined.

    A format that can show only one change per region (a GitHub suggestion
    replaces whole lines, and two may not touch) shows joined fixes as one:
    each stays whole inside it.
    """
    out: List[Fix] = []
    last = None
    for fix in sorted(found, key=span):
        first, end = span(fix)
        if out and first <= last + gap:
            previous = out[-1]
            edits = tuple(sorted(set(previous.edits) | set(fix.edits), key=lambda e: (e.start, e.end, e.replacement)))
            out[-1] = Fix(edits, previous.findings + [f for f in fix.findings if f not in previous.findings])
            last = max(last, end)
        else:
            out.append(fix)
            last = end
    return out
