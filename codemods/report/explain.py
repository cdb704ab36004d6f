"""``check --explain PATH[:LINE]``: each document's verdict and the evidence weighed for it.

One block per document, in text::

    scripts/deploy.py:12:9: Houston (mutation CreateDeployment)
      + url houston.example.com/v1 (call at line 40) [decisive]
      - only names any API has: users [weak]

``+`` points at Houston, ``-`` away from it, ``?`` is a note that weighs
nothing; the weight in brackets is what ``destination.verdict.weigh`` compares.
"""

from __future__ import annotations

import os
from typing import List, Optional, Tuple

from ..files import printed
from ..pipeline import NOT_PARSED_NOTE

VERDICT_WORDS = {True: "Houston", False: "not Houston", None: "undecided (not validated, not rewritten)"}


class TargetError(ValueError):
    """``--explain`` names no file, or a line the file does not have: the one-line cause."""


def parse_target(target: str) -> Tuple[str, Optional[int]]:
    """``path/to/file.py:12`` -> (path, 12); an existing path without a line number -> (path, None).

    A name that exists as given is a path, colon or not.  Otherwise the part after
    the last colon must be a line of the file: from 1 to its last line.  Anything
    else is a :class:`TargetError`, so that ``FILE:0`` or ``FILE:999999`` is never
    answered with "no GraphQL document found" and exit 0.
    """
    if os.path.lexists(target):
        return target, None
    path, colon, line = target.rpartition(":")
    if not colon or not path:
        raise TargetError("no such file or directory")
    if not os.path.lexists(path):
        raise TargetError(f"{path}: no such file or directory")
    if not (line.isascii() and line.isdigit()):
        raise TargetError(f"{line!r} is not a line number (PATH:LINE, lines count from 1)")
    number = int(line)
    if number < 1:
        raise TargetError(f"line {number}: lines count from 1")
    if os.path.isdir(path):
        raise TargetError(f"{path} is a folder: a line number needs a file")
    from ..files import read_bytes

    try:
        data = read_bytes(path)
    except OSError as exc:
        raise TargetError(f"{path}: cannot read: {exc.strerror or exc}") from None
    lines = max(len(data.splitlines()), data.count(b"\n") + (not data.endswith(b"\n")))
    if number > lines:
        raise TargetError(f"line {number} is past the end of {path} ({lines} line{'s' if lines != 1 else ''})")
    return path, number


FORMATS = ("text", "json")  # what --explain prints; any other --format is refused (one line, exit 2)


def _explained(results, line: Optional[int]):
    """Each document of ``results`` (the one at ``line``, when given), in file order."""
    for result in results:
        for document in sorted(result.documents, key=lambda d: (d.line, d.column)):
            if line is not None and not document.line <= line <= max(document.end_line, document.line):
                continue
            yield document


def render_json(results, line: Optional[int] = None) -> str:
    """``--explain --format json``: the report's document fields, plus the weighed lines.

    ``houston`` and ``evidence`` mean what they mean in ``check --format json``;
    ``explanation`` is the text form's lines (``+``/``-``/``?``, weight in brackets).
    """
    import json

    from ..files import display_path

    documents = [
        {
            "path": display_path(d.path),
            "line": d.line,
            "column": d.column,
            "end_line": max(d.end_line, d.line),
            "operations": d.operations,
            "houston": d.verdict,
            "evidence": d.evidence,
            "explanation": list(d.explanation or []),
        }
        for d in _explained(results, line)
    ]
    return json.dumps({"line": line, "documents": documents}, indent=2) + "\n"


def render(results, line: Optional[int] = None) -> str:
    out: List[str] = []
    for result in results:
        for document in _explained([result], line):
            operations = ", ".join(name or "(anonymous)" for name in document.operations) or "fragments only"
            if not document.operations and (document.explanation or [""])[0].startswith(f"? {NOT_PARSED_NOTE}"):
                operations = "does not parse"  # reported as graphql-syntax: the verdict that made it ours
            out.append(printed(f"{document.path}:{document.line}:{document.column}: {VERDICT_WORDS[document.verdict]} ({operations})"))
            out.extend(f"  {item}" for item in document.explanation or ["no evidence either way"])
    if not out:
        where = f" at line {line}" if line is not None else ""
        out.append(f"no GraphQL document found{where}")
    return "\n".join(out) + "\n"
