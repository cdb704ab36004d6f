"""A Markdown job summary for GitHub Actions, when ``GITHUB_STEP_SUMMARY`` names a file.

GitHub shows that file's Markdown on the run's page: the counts, the files
that would change, the items a person must review, and a link to the HTML
report when the workflow uploads one as an artifact (its name in
``HOUSTON_CODEMOD_REPORT_ARTIFACT``; the link is the run's artifact list).
The file is appended to, never replaced: other steps write there too.
A summary that cannot be written is one line on stderr, never a failed run.
"""

from __future__ import annotations

import os
import stat
from typing import List, Optional

from .files import printed

MAX_LINES = 50  # GitHub takes at most 1 MiB per step; a long list helps no one
ARTIFACT_ENV = "HOUSTON_CODEMOD_REPORT_ARTIFACT"  # the HTML report artifact the summary links to


def append(command: str, outcome, *, rewritten: int, verb: str) -> Optional[str]:
    """Append the summary; returns a one-line problem to report, or None."""
    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if not target:
        return None
    from .houston_token import scrub

    text = scrub(render(command, outcome, rewritten=rewritten, verb=verb))  # no token, whatever a file held
    if text is None:
        return "GITHUB_STEP_SUMMARY: not written: it would show a token in a form that cannot be cut out"
    from .side_files import why_kept

    # Red team 14, report 11a, F8: the summary was appended to an input script; red team 15, report
    # 11a, F1: through a symbolic or hard link to one.  The file is judged, not the name: by what its
    # link resolves to, by identity with the run's files, and a file with other names is not written.
    for name in dict.fromkeys((target, os.path.realpath(target))):
        kept = why_kept(name)
        if kept is not None:
            return f"GITHUB_STEP_SUMMARY {printed(target)}: is {kept}; no summary written"
    same = _input_at(target, outcome)
    if same is not None:
        return f"GITHUB_STEP_SUMMARY {printed(target)}: is {same}; no summary written"
    try:
        try:
            if not stat.S_ISREG(os.stat(target).st_mode):
                return f"GITHUB_STEP_SUMMARY {printed(target)}: not a regular file; no summary written"
        except FileNotFoundError:
            pass
        # Opened without blocking and checked again on the descriptor: a FIFO put in
        # the name's place after the stat must not hold the run.
        flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
        fd = os.open(target, flags, 0o666)
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            os.close(fd)
            return f"GITHUB_STEP_SUMMARY {printed(target)}: not a regular file; no summary written"
        os.set_blocking(fd, True)
        with os.fdopen(fd, "a", encoding="utf-8") as handle:
            handle.write(text)
    except OSError as exc:
        return f"GITHUB_STEP_SUMMARY {printed(target)}: cannot write the summary: {exc.strerror or exc}"
    from .env_values import BlankSetting, setting

    try:  # blank: one line, as every value-setting variable (red team 18, report 11a, F2); the summary is kept
        setting(ARTIFACT_ENV)
    except BlankSetting as exc:
        return f"{exc}; the summary has no report link"
    return None


def _input_at(target: str, outcome) -> Optional[str]:
    """The run's file (or another name) that ``target`` is the same file as, or None."""
    try:
        status = os.stat(target)
    except (OSError, ValueError):
        return None  # not there yet: GitHub's runner creates it, nothing can be lost
    if not stat.S_ISREG(status.st_mode):
        return None  # refused below, as not a regular file
    for result in outcome.results:
        try:
            other = os.stat(result.path)
        except (OSError, ValueError):
            continue
        if (other.st_dev, other.st_ino) == (status.st_dev, status.st_ino):
            return f"an input of this run ({printed(result.path)})"
    if status.st_nlink > 1:
        return "a file with other names (hard links): it may be any file of the checkout"
    return None


def render(command: str, outcome, *, rewritten: int, verb: str) -> str:
    findings = [f for r in outcome.results for f in r.findings]
    documents = [d for r in outcome.results for d in r.documents]
    review = [f for f in findings if f.needs_attention]
    errors = sum(f.severity == "error" for f in findings) + len(outcome.errors)
    lines = [
        f"### houston-codemod {command}",
        "",
        f"| Files scanned | Documents | For Houston | {verb.capitalize()} | Need review | Errors |",
        "| ---: | ---: | ---: | ---: | ---: | ---: |",
        f"| {outcome.files} | {len(documents)} | {sum(d.houston for d in documents)} | {rewritten} "
        f"| {sum(f.code.startswith('review-') for f in findings)} | {errors} |",
        "",
    ]
    changed = [r.path for r in outcome.results if r.changed]
    if changed:
        lines += [f"**Files to migrate** ({len(changed)}):", ""]
        lines += _bullets([f"`{_code(path)}`" for path in changed])
    if review or outcome.errors:
        items = [f"`{_code(f.path)}:{f.line}` **{f.code}**: {_text(f.message)}" for f in sorted(review, key=lambda f: f.sort_key())]
        items += [_text(error) for error in outcome.errors]
        lines += [f"**To review** ({len(items)}):", ""]
        lines += _bullets(items)
    link = _report_link()
    if link:
        lines += [link, ""]
    return "\n".join(lines) + "\n"


def _bullets(items: List[str]) -> List[str]:
    lines = [f"- {item}" for item in items[:MAX_LINES]]
    if len(items) > MAX_LINES:
        lines.append(f"- … and {len(items) - MAX_LINES} more")
    return lines + [""]


def _report_link() -> Optional[str]:
    artifact = os.environ.get(ARTIFACT_ENV)
    server, repository, run = (os.environ.get(n) for n in ("GITHUB_SERVER_URL", "GITHUB_REPOSITORY", "GITHUB_RUN_ID"))
    if not (artifact and server and repository and run):
        return None
    return f"HTML report: the [`{_code(artifact)}` artifact]({server}/{repository}/actions/runs/{run}#artifacts) of this run."


def _code(text: str) -> str:
    text = printed(text)  # a file name's control characters, escaped as in every output
    return text.replace("`", "'").replace("\n", " ").replace("\r", " ")


def _text(text: str) -> str:
    """Plain text inside Markdown: no HTML, one line."""
    return " ".join(text.replace("<", "&lt;").replace(">", "&gt;").split())
