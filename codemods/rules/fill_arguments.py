"""A run-time fill whose search text holds a version ARGUMENT, not only its value (red team 19, report 19, F11).

Houston change: as for :mod:`rename_version_argument` (Houston API 1.0.1 has no ``airflowVersion`` /
``desiredAirflowVersion`` argument).  ``CREATE.replace('airflowVersion: "2.3.4-11"', 'airflowVersion: "%s"'
% v)`` makes the argument itself a hole of the document: the text the script sends is whatever the fill
writes there.  Read as a hole in argument position (:mod:`sources.hole_readings`), the document was checked
without it, so neither ``check`` (any platform) nor ``rewrite`` said anything, while the script keeps sending
an AC argument Houston 1.0.1 rejects.

Nothing is edited (the fill would no longer match): each such hole gets ``review-template-version`` naming
the argument its search text holds and the fill, so the literal and the fill are migrated together by hand.
Linear: one look at each hole's own text.
"""

from __future__ import annotations

import re

from .context import REVIEW, DocumentContext
from .version_values import TEMPLATE_VERSION

_ARGUMENT = re.compile(r"\b(desiredAirflowVersion|airflowVersion)[ \t\r\n]*:(?![ \t\r\n]*(?:runtimeAirflowVersion|desiredRuntimeVersion)\b)")
_RUNTIME = {"airflowVersion": "runtimeVersion", "desiredAirflowVersion": "desiredRuntimeVersion"}


def run(ctx: DocumentContext) -> None:
    if not ctx.source.text_map.holes or not ctx.schema.serves_runtime():
        return  # (a platform before 0.29 takes only the AC argument: nothing to migrate to)
    text = ctx.file.text
    for hole in ctx.source.text_map.holes:
        written = text[hole.file_start : hole.file_end]
        match = _ARGUMENT.search(written) if "irflowVersion" in written else None
        if match is None:
            continue
        old = match.group(1)
        ctx.finding_at_file(
            hole.file_start, hole.file_end, REVIEW, TEMPLATE_VERSION,
            f"the version argument {old}: is part of the text {hole.expression}: the document sends what that "
            f"fill writes, and Houston 1.0.1 has no {old} argument: make the fill write {_RUNTIME[old]} with an "
            "Astro Runtime version, and change this text with it (the tool edits neither, or the fill would stop "
            "matching)",
        )
