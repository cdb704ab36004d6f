"""GitHub Actions workflow commands: one annotation per finding."""

from __future__ import annotations

from typing import List

from ..files import printed
from ..model import ERROR, WARNING
from ..pipeline import FileResult
from .workspace_paths import in_workspace

COMMANDS = {ERROR: "error", WARNING: "warning"}  # info -> notice


def render(results: List[FileResult], files: int) -> str:
    lines = []
    for result in results:
        for finding in result.ordered_findings:
            command = COMMANDS.get(finding.severity, "notice")
            lines.append(
                f"::{command} file={_property(printed(in_workspace(finding.path)))},line={finding.line},col={finding.column}::"
                f"{printed(_data(finding.code + ': ' + finding.message))}"  # line breaks as %0A, other controls escaped
            )
    return "".join(line + "\n" for line in lines)


def _data(text: str) -> str:
    """GitHub's workflow-command escaping: the text (already ``printed``: no control character) stays on its line."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    """A property value (``file=``): ``_data`` plus ``:`` and ``,``, which would end the property or the command."""
    return _data(text).replace(":", "%3A").replace(",", "%2C")
