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
}


def render(format_name: str, results, files: int) -> str:
    module = importlib.import_module(f"{__name__}.{FORMATS[format_name]}")
    return module.render(results, files)
