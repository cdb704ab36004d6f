"""A body for GitHub's "create a review" API that GitHub accepts: one-click suggestions on the diff.

Each comment's ```` ```suggestion ```` block holds the exact rewritten lines
of one whole fix (``fixes``: the edits that must land together, such as a
document's ``$airflowVersion`` rename and the dict key the script sends it
in), from its first edited line to its last.  Fixes on the same or adjacent
lines are joined into one suggestion (GitHub cannot apply two suggestions to
one line).  Review items without a fix become plain comments saying what to do.

Given the pull request's diff (``--changed-since REF``, see ``pr_diff``),
GitHub's rules decide where each item goes: a line comment only on lines the
diff shows on the RIGHT side, a multi-line suggestion only within one hunk.
A fix whose lines are not all in one hunk is never suggested in part: it goes
to the body whole, saying why.
Everything the diff does not show goes into the review body as a short
table: file, line, what to do, the suggested text.  Without a diff every line
counts as shown (right for a pull request that adds the files).

Every comment and table row carries a hidden marker,
``<!-- houston-codemod:CODE:HASH -->``, the rule code(s) and a hash of the
path, the lines and the suggestion, but not the line number: a re-run
recognises what it already posted even after the lines moved (see ``pr_review``).
Lines are numbered the way git and GitHub number them, by ``\\n``.
"""

from __future__ import annotations

import bisect
import hashlib
import html
import json
import re
from dataclasses import dataclass, field
from typing import List, Optional, Sequence, Set, Tuple

from ..apply import apply_edits
from ..files import display_path, printed
from ..fixes import Fix, fixes, merged
from ..model import Edit
from ..pipeline import FileResult

MARKER = re.compile(r"<!-- houston-codemod:([A-Za-z0-9+_-]{1,200}):([0-9a-f]{16}) -->")
MAX_ROWS = 100
MAX_BODY = 60_000  # GitHub caps a review body at 65,536 characters
MAX_CELL = 240
EVERY_LINE = [(1, 1 << 62)]


@dataclass
class Item:
    """One thing to tell: a line comment when the diff shows its lines, a body row otherwise."""

    marker: str
    path: str
    first: int
    last: int
    what: str
    suggested: Optional[str] = None  # the rewritten lines, or None for an item to review
    comment: Optional[dict] = None

    @property
    def is_fix(self) -> bool:
        return self.suggested is not None


@dataclass
class Review:
    items: List[Item] = field(default_factory=list)
    commit_id: str = ""

    @property
    def comments(self) -> List[Item]:
        return [item for item in self.items if item.comment is not None]

    @property
    def rows(self) -> List[Item]:
        return [item for item in self.items if item.comment is None]

    def payload(self, skip: Set[str] = frozenset(), refused: bool = False) -> Optional[dict]:
        """The request body for "create a review", leaving out what ``skip``'s markers say was posted.

        ``refused``: GitHub refused the line comments, so every item is a row of the body,
        and the body's first line counts them all (not the comments, of which there are none).
        """
        comments = [item for item in self.comments if item.marker not in skip]
        rows = [item for item in self.rows if item.marker not in skip]
        if not comments and not rows:
            return None
        comments, rows = _without_secrets(comments), _without_secrets(rows)
        # A comment whose path itself holds a token cannot be placed on that path: it becomes a row of
        # the body (GitHub refuses a whole review holding a null comment: red team 21, report 11a, f3).
        rows += [item for item in comments if item.comment is None]
        comments = [item for item in comments if item.comment is not None]
        body = _body(comments, rows, refused=refused)
        review = {"event": "COMMENT", "body": body, "comments": [item.comment for item in comments]}
        if self.commit_id:
            review["commit_id"] = self.commit_id
        return review


HIDDEN = (
    "not shown: its text holds HOUSTON_API_TOKEN or GITHUB_TOKEN (in some spelling); "
    "run `houston-codemod rewrite --diff` on your machine to see it"
)


def _without_secrets(items: List[Item]) -> List[Item]:
    """``items`` with any that would show a token replaced by one saying so (same marker, same lines).

    Its suggestion is dropped, not masked: applied, a suggestion with ``***`` in it
    would write that into the file.  A review is posted where the pull request's
    readers (and its author) see it.
    """
    from ..houston_token import secrets
    from ..secret_scan import leaks, scrub

    held = secrets()
    if not held:
        return items
    out = []
    for item in items:
        shown = "\n".join((item.path, item.what, item.suggested or "", json.dumps(item.comment or {})))
        if not leaks(shown, held):
            out.append(item)
            continue
        path = scrub(item.path, held)
        hidden = Item(marker=item.marker, path="***" if path is None else path, first=item.first, last=item.last, what=HIDDEN)
        if item.comment is not None and path == item.path:
            hidden.comment = dict(item.comment, body=f"{item.marker}\n{HIDDEN}")
        out.append(hidden)
    return out


def render(results: List[FileResult], files: int, diff=None) -> str:
    payload = build(results, diff).payload() or {"event": "COMMENT", "body": _body([], []), "comments": []}
    return json.dumps(payload, indent=2) + "\n"


def build(results: List[FileResult], diff=None) -> Review:
    """Every fix and review item of ``results``, placed where GitHub accepts it."""
    review = Review(commit_id=diff.head if diff is not None else "")
    for result in results:
        path = display_path(result.path)  # a name that is not UTF-8 shows its bad bytes as \xNN
        hunks = EVERY_LINE
        if diff is not None:
            relative = diff.relative(result.path)
            if relative is None or relative not in diff.hunks:
                continue  # not a file of the pull request
            if diff.differs_from_head(relative):
                continue  # its lines are not HEAD's: one line on stderr instead (``unreviewed``)
            path, hunks = relative, diff.hunks[relative]
        review.items.extend(_fixes(result, path, hunks))
        review.items.extend(_notes(result, path, hunks))
    return review


def unreviewed(results: List[FileResult], diff=None) -> List[str]:
    """One line per file of the pull request left out of the review because its working tree is not HEAD's.

    Red team 27, report 11a, f1: the review is posted against HEAD (``commit_id``) and GitHub
    places each comment on that commit's lines, but the run read the working tree; a file edited
    and not committed got its suggestions on the wrong lines, and accepting one broke the script.
    Such a file is refused (the others are still reviewed; the run exits 2): a CI checkout is
    clean, and a person with local edits commits or stashes them first.
    """
    if diff is None:
        return []
    lines = []
    for result in results:
        relative = diff.relative(result.path)
        if relative is not None and diff.differs_from_head(relative):
            lines.append(
                f"{display_path(result.path)}: not reviewed: the working tree's copy differs from HEAD ({diff.head[:12]}), "
                "the commit whose lines the review is posted on; commit or stash the change and run again"
            )
    return lines


# --------------------------------------------------------------------------- fixes


def _fixes(result: FileResult, path: str, hunks: Sequence[Tuple[int, int]]) -> List[Item]:
    """One suggestion per fix (``fixes``: the edits that must land together), or one body row.

    Fixes on the same or adjacent lines are joined (GitHub applies one suggestion
    per line, and two may not touch).  A fix is suggested whole, over every line
    from its first edit to its last, only when all of them lie in one hunk of the
    diff; otherwise no part of it is (committing a part would break the script:
    a renamed ``$airflowVersion`` whose dict still sends ``airflowVersion``), and
    it is one row of the body, saying why.
    """
    if result.original is None:
        return []
    text = result.original.text
    starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def lines(fix: Fix) -> Tuple[int, int]:
        return (min(_edit_lines(starts, e)[0] for e in fix.edits), max(_edit_lines(starts, e)[1] for e in fix.edits))

    items: List[Item] = []
    for fix in merged(fixes(result.findings), lines, gap=1):
        first, last = lines(fix)
        items.append(_fix_item(text, starts, path, first, last, fix, hunks))
    if not items and result.changed:
        items.append(_whole_change_item(result, path, hunks))
    return items


def _whole_change_item(result: FileResult, path: str, hunks: Sequence[Tuple[int, int]]) -> Item:
    """A rewrite whose findings carry no edits (a notebook: cell offsets mean nothing in its JSON), as one item.

    Red team 9, F7: ``review`` posted nothing for a notebook ``rewrite`` would migrate, and
    exited 0.  The change is the lines between the common first and last lines of the file
    before and after (linear), suggested whole: the notebook's edits may span cells that
    must change together, so no part of them is offered alone.
    """
    before, after = _lines(result.original.text), _lines(result.new_text)
    prefix = 0
    while prefix < min(len(before), len(after)) and before[prefix] == after[prefix]:
        prefix += 1
    suffix = 0
    while suffix < min(len(before), len(after)) - prefix and before[-1 - suffix] == after[-1 - suffix]:
        suffix += 1
    if prefix + suffix >= len(before):  # only lines added: the suggestion replaces a line next to them
        if prefix > 0:
            prefix -= 1
        else:
            suffix -= 1
    first, last = prefix + 1, len(before) - suffix
    old, new = before[prefix:len(before) - suffix], after[prefix:len(after) - suffix]
    moved = [f for f in result.ordered_findings if not f.needs_attention and f.code.startswith("migrate")]
    codes = "+".join(dict.fromkeys(f.code for f in moved)) or "migrate"
    marker = _marker(codes, path, "\n".join(old), "\n".join(new))
    reasons = "; ".join(f"`{f.code}`: {f.message}" for f in moved) or "`houston-codemod rewrite` changes these lines"
    what = f"the whole migration of this file, lines {first}–{last} (its parts must land together): {reasons}"
    shown = any(s <= first and last <= e for s, e in hunks)
    if _lone_cr("\n".join(result.original.text.split("\n")[first - 1:last])):
        return _unsuggested(marker, path, first, last, what, "".join(f"- `{f.code}`: {f.message}\n" for f in moved), shown)
    item = Item(marker=marker, path=path, first=first, last=last, what=what, suggested="\n".join(new))
    if shown:
        listed = "".join(f"- `{f.code}`: {f.message}\n" for f in moved)
        body = f"{marker}\n{listed}\n" + suggestion_block(new)
        item.comment = {"path": path, "line": last, "side": "RIGHT", "body": body}
        if first != last:
            item.comment.update(start_line=first, start_side="RIGHT")
    return item


def _edit_lines(starts: List[int], edit: Edit) -> Tuple[int, int]:
    return bisect.bisect_right(starts, edit.start), bisect.bisect_right(starts, max(edit.end - 1, edit.start))


def _fix_item(text, starts, path, first, last, fix: Fix, hunks) -> Item:
    begin = starts[first - 1]
    end = starts[last] if last < len(starts) else len(text)
    segment = text[begin:end]
    rewritten = apply_edits(segment, {Edit(e.start - begin, e.end - begin, e.replacement) for e in fix.edits})
    before, after = _lines(segment), _lines(rewritten)
    findings = fix.findings
    codes = "+".join(dict.fromkeys(f.code for f in findings))
    marker = _marker(codes, path, "\n".join(before), "\n".join(after))
    what = "; ".join(f"`{f.code}`: {f.message}" for f in findings)
    shown = any(s <= first and last <= e for s, e in hunks)
    if not shown and first != last and any(s <= e and first <= e and s <= last for s, e in hunks):
        what = (
            f"one fix over lines {first}–{last}, not all in one hunk of this diff (a part alone would break "
            f"the script): {what}"
        )
    if _lone_cr(segment):
        return _unsuggested(marker, path, first, last, what, "".join(f"- `{f.code}`: {f.message}\n" for f in findings), shown)
    item = Item(marker=marker, path=path, first=first, last=last, what=what, suggested="\n".join(after))
    if shown:
        reasons = "".join(f"- `{f.code}`: {f.message}\n" for f in findings)
        body = f"{marker}\n{reasons}\n" + suggestion_block(after)
        item.comment = {"path": path, "line": last, "side": "RIGHT", "body": body}
        if first != last:
            item.comment.update(start_line=first, start_side="RIGHT")
    return item


NOT_SUGGESTED = (
    "not suggested: these lines hold a carriage return that ends no line for git (a CR-only line ending), "
    "which a suggestion cannot keep; run `houston-codemod rewrite` on this file"
)


def _lone_cr(text: str) -> bool:
    """Does ``text`` hold a CR that is not part of a CRLF?

    Red team 27, report 11a, minor note (b): git and GitHub count lines by LF alone, so a CR-only
    file is one line; its suggestion replaced "line 1" with the whole file, its CRs inside a comment
    body that GitHub reads as line breaks, so accepting it rewrote every line ending of the file (and
    dropped its last CR).  Such lines get a plain comment instead, saying why.
    """
    return "\r" in text.replace("\r\n", "")


def _unsuggested(marker: str, path: str, first: int, last: int, what: str, reasons: str, shown: bool) -> Item:
    """A fix over lines a suggestion cannot hold: an item to review (a plain comment or a body row), saying why."""
    item = Item(marker=marker, path=path, first=first, last=last, what=f"{what}; {NOT_SUGGESTED}")
    if shown:
        item.comment = {"path": path, "line": last, "side": "RIGHT", "body": f"{marker}\n{reasons}\n{NOT_SUGGESTED}"}
        if first != last:
            item.comment.update(start_line=first, start_side="RIGHT")
    return item


_BACKTICKS = re.compile("`+")  # one character, repeated: linear


def suggestion_block(lines: List[str]) -> str:
    """A ``suggestion`` code block holding ``lines`` whole.

    Its fence is one backtick longer than the longest run of backticks in the lines (at least
    three): GitHub reads the block as CommonMark, where a line of three backticks inside (a
    Markdown fence in a GraphQL description, a help text) closes a three-backtick fence, so
    "Commit suggestion" replaced the whole span with the lines before it and dropped the rest
    (red team 20, report 11a, F2).
    """
    longest = max(map(len, _BACKTICKS.findall("\n".join(lines))), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}suggestion\n" + "".join(line + "\n" for line in lines) + fence


def _lines(text: str) -> List[str]:
    """Lines as git numbers them (split on ``\\n``), each without its line break."""
    if text.endswith("\n"):
        text = text[:-1]
    return [line[:-1] if line.endswith("\r") else line for line in text.split("\n")]


# --------------------------------------------------------------------------- items to review


def _notes(result: FileResult, path: str, hunks: Sequence[Tuple[int, int]]) -> List[Item]:
    items = []
    original = result.original
    lines = _lines(original.text) if original is not None else []
    starts = [0] + [m.end() for m in re.finditer("\n", original.text)] if original is not None else []
    for finding in result.ordered_findings:
        if finding.fix or not finding.needs_attention:
            continue
        line = finding.line
        if original is not None and 0 < line <= len(original.line_starts):
            # The finding's line as git numbers it (a lone CR starts a line for us, not for git).
            line = bisect.bisect_right(starts, original.line_starts[line - 1] + finding.column - 1)
        text = lines[line - 1] if 0 < line <= len(lines) else ""
        marker = _marker(finding.code, path, text, finding.message)
        what = f"**{finding.severity}** `{finding.code}`: {finding.message}"
        item = Item(marker=marker, path=path, first=line, last=line, what=what)
        if any(start <= line <= stop for start, stop in hunks):
            item.comment = {"path": path, "line": line, "side": "RIGHT", "body": f"{marker}\n{what}"}
        items.append(item)
    return items


def _marker(codes: str, path: str, before: str, after: str) -> str:
    digest = hashlib.sha256("\0".join((codes, path, before, after)).encode("utf-8", "surrogatepass")).hexdigest()
    return f"<!-- houston-codemod:{codes}:{digest[:16]} -->"


def markers_in(text: str) -> Set[str]:
    """The markers a posted comment or review body holds."""
    return {match.group(0) for match in MARKER.finditer(text or "")}


# --------------------------------------------------------------------------- the review body


def _body(comments: List[Item], rows: List[Item], refused: bool = False) -> str:
    counted = comments + rows if refused else comments  # what the first line counts: what the review carries
    fixes = sum(item.is_fix for item in counted)
    parts = [
        f"houston-codemod: {fixes} suggested change(s) to migrate Houston scripts to Astro Runtime, "
        f"{len(counted) - fixes} item(s) to review."
    ]
    if rows:
        rows = sorted(rows, key=lambda item: (item.path, item.first, item.last))
        where = (
            f"{len(rows)} item(s) in this table, because GitHub did not accept them as line comments"
            if refused
            else f"{len(rows)} more on lines this pull request's diff does not show (GitHub takes line comments only there)"
        )
        parts.append(
            f"\n\n{where}; run `houston-codemod rewrite` to apply the fixes:\n\n"
            "| File | Line | What to do | Suggested text |\n| --- | --- | --- | --- |\n"
        )
        size = sum(map(len, parts))
        shown: List[Item] = []
        for item in rows[:MAX_ROWS]:
            lines = str(item.first) if item.first == item.last else f"{item.first}–{item.last}"
            suggested = f"<code>{_cell(item.suggested)}</code>" if item.suggested is not None else "—"
            row = f"| <code>{_cell(printed(item.path))}</code> | {lines} | {_cell(item.what)} | {suggested} |\n"
            size += len(row) + len(item.marker) + 1
            if size > MAX_BODY - 200:
                break
            parts.append(row)
            shown.append(item)
        if len(shown) < len(rows):
            # Rows left out carry no marker here: a later run posts them.
            parts.append(f"\n… and {len(rows) - len(shown)} more: `houston-codemod rewrite --diff` lists them all.\n")
        parts.append("\n" + "\n".join(item.marker for item in shown))
    return "".join(parts)


def _cell(text: str) -> str:
    """Text that stays inside one table cell: HTML-escaped, pipes and line breaks neutralised, kept short."""
    if len(text) > MAX_CELL:
        text = text[: MAX_CELL - 1] + "…"
    text = html.escape(text, quote=False)
    return text.replace("|", "&#124;").replace("\r", "").replace("\n", "<br>")
