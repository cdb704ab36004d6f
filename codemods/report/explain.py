"""``check --explain PATH[:LINE]``: each document's verdict and the evidence weighed for it.

One block per document, in text::

    scripts/deploy.py:12:9: Houston (mutation CreateDeployment)
      + url houston.example.com/v1 (call at line 40) [decisive]
      - only names any API has: users [weak]

``+`` points at Houston, ``-`` away from it, ``?`` is a note that weighs
nothing; the weight in brackets is what ``destination.verdict.weigh`` compares.
"""

from __future__ import annotations

import re
from typing import List, Optional, Tuple

VERDICT_WORDS = {True: "Houston", False: "not Houston", None: "undecided (not validated, not rewritten)"}


def split_target(target: str) -> Tuple[str, Optional[int]]:
    """``path/to/file.py:12`` -> (path, 12); a path without a line number -> (path, None)."""
    match = re.fullmatch(r"(.+):(\d+)", target)
    if match is not None:
        return match.group(1), int(match.group(2))
    return target, None


def render(results, line: Optional[int] = None) -> str:
    out: List[str] = []
    for result in results:
        for document in sorted(result.documents, key=lambda d: (d.line, d.column)):
            if line is not None and not document.line <= line <= max(document.end_line, document.line):
                continue
            operations = ", ".join(name or "(anonymous)" for name in document.operations) or "fragments only"
            out.append(f"{document.path}:{document.line}:{document.column}: {VERDICT_WORDS[document.verdict]} ({operations})")
            out.extend(f"  {item}" for item in document.explanation or ["no evidence either way"])
    if not out:
        where = f" at line {line}" if line is not None else ""
        out.append(f"no GraphQL document found{where}")
    return "\n".join(out) + "\n"
