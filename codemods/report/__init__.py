"""Report formats, one module each, all rendering the same list of file results."""

from __future__ import annotations

import importlib

FORMATS = {
    "text": "text",
    "json": "json_report",
    "sarif": "sarif",
    "github": "github",
    "github-review": "github_review",
    "html": "html",
    "rdjson": "rdjson",
}


def render(format_name: str, results, files: int, diff=None) -> str:
    """``diff``: the pull request's diff (``pr_diff.PullRequestDiff``), for the formats that place items on it."""
    module = importlib.import_module(f"{__name__}.{FORMATS[format_name]}")
    if diff is not None and format_name == "github-review":
        return module.render(results, files, diff=diff)
    return module.render(results, files)
