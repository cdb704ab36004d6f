"""Report formats, one module each, all rendering the same list of file results.

:func:`guard` is the choke point every report passes before it is printed or
written: no report shows ``HOUSTON_API_TOKEN`` or ``GITHUB_TOKEN`` in any
spelling, whatever the scanned files hold (a token hard-coded in a script, used
as an operation name, quoted in a diff).
"""

from __future__ import annotations

import importlib
import json
from typing import Optional

FORMATS = {
    "text": "text",
    "json": "json_report",
    "sarif": "sarif",
    "github": "github",
    "github-review": "github_review",
    "html": "html",
    "rdjson": "rdjson",
}


# The formats that carry fixes as edits of the file: applied to HEAD by a pull request's tools
# (reviewdog's suggestions, code scanning's fixes).  github-review places its items with ``diff``.
FIXING_FORMATS = ("sarif", "rdjson")


def render(format_name: str, results, files: int, diff=None, unfixed=frozenset()) -> str:
    """``diff``: the pull request's diff (``pr_diff.PullRequestDiff``), for the formats that place items on it.
    ``unfixed``: the paths (``FileResult.path``) whose fixes a fixing format leaves out (their working-tree
    copy is not the commit the fixes would be applied to: red team 28, report 11a, f3)."""
    module = importlib.import_module(f"{__name__}.{FORMATS[format_name]}")
    if diff is not None and format_name == "github-review":
        return module.render(results, files, diff=diff)
    if unfixed and format_name in FIXING_FORMATS:
        return module.render(results, files, unfixed=unfixed)
    return module.render(results, files)


# A fix or suggestion whose text holds a token is dropped rather than masked: applied, a
# masked one would write ``***`` into the person's file.
_APPLICABLE = ("fixes", "suggestions")


def guard(text: str) -> Optional[str]:
    """``text`` without any token in any spelling, everything else kept; None when it cannot be cut out.

    A JSON report (json, sarif, rdjson, github-review) is cleaned string by string
    and written again in the renderers' layout, so that it stays valid JSON; any
    other report (text, github, html, ``--explain``) line by line (``secret_scan.scrub``).
    """
    from ..houston_token import secrets
    from ..secret_scan import leaks, scrub

    held = secrets()
    if not held or not leaks(text, held):
        return text
    if text.lstrip().startswith("{"):
        try:
            data = json.loads(text)
        except (ValueError, RecursionError):
            data = None
        if isinstance(data, dict):
            ascii_only = text.isascii()
            cleaned = json.dumps(_clean(data, held), indent=2, ensure_ascii=ascii_only) + "\n"
            return None if leaks(cleaned, held) else cleaned
    return scrub(text, held)


def _clean(value, held):
    from ..secret_scan import leaks, scrub

    if isinstance(value, str):
        cleaned = scrub(value, held)
        return "***" if cleaned is None else cleaned
    if isinstance(value, list):
        return [_clean(item, held) for item in value]
    if isinstance(value, dict):
        return {
            _clean(key, held): (
                [item for item in entry if not leaks(json.dumps(item), held)]
                if key in _APPLICABLE and isinstance(entry, list)
                else _clean(entry, held)
            )
            for key, entry in value.items()
        }
    return value
