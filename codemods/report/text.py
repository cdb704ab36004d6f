"""``PATH:LINE:COL: SEVERITY CODE message``, one finding a line."""

from __future__ import annotations

from typing import List

from ..pipeline import FileResult


def render(results: List[FileResult], files: int) -> str:
    lines = [finding.as_text() for result in results for finding in result.ordered_findings]
    return "".join(line + "\n" for line in lines)
