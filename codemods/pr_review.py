"""Posting the review to a pull request without repeating what an earlier run posted.

A workflow runs on every push to a pull request.  Before posting, the bot
reads the pull request's review comments and reviews (every page) and
collects the hidden markers (``<!-- houston-codemod:CODE:HASH -->``) the
earlier runs left; items whose marker is already there are skipped and named
on stderr.  A comment on a file that GitHub does not list among the pull
request's files moves to the review body, where it cannot be refused.
Nothing is posted when nothing is new.

Should GitHub still refuse the line comments (422: its diff is not the one
git gave us, say a checkout of the merge commit instead of the head), the
review is posted again with every item in its body, so that a run never ends
with nothing posted.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from typing import List, Optional, Set

from .files import read_bytes
from .github_api import DEFAULT_API_URL, GitHub, GitHubError
from .report.github_review import Item, Review, markers_in

REPOSITORY = re.compile(r"^[A-Za-z0-9_.-]{1,100}/[A-Za-z0-9_.-]{1,100}$")


@dataclass
class Posted:
    comments: int = 0
    rows: int = 0
    skipped: List[Item] = field(default_factory=list)
    moved: List[Item] = field(default_factory=list)  # line comments on files GitHub does not list
    review_url: str = ""
    refused: str = ""  # why GitHub refused the line comments, when it did


def target(pr_number: Optional[int]) -> tuple:
    """Repository and pull request number from the runner's environment (or ``--pr``)."""
    repository = os.environ.get("GITHUB_REPOSITORY", "")
    if not REPOSITORY.match(repository):
        raise GitHubError("GITHUB_REPOSITORY must name the repository as OWNER/NAME")
    if pr_number is None:
        event_path = os.environ.get("GITHUB_EVENT_PATH", "")
        if not event_path:
            raise GitHubError("no pull request: give --pr NUMBER, or run on a pull_request event (GITHUB_EVENT_PATH)")
        try:
            # A regular file only (a FIFO would block the run for ever), at most 16 MiB.
            event = json.loads(read_bytes(event_path, 16 * 1024 * 1024))
        except (OSError, ValueError, RecursionError) as exc:
            raise GitHubError(f"GITHUB_EVENT_PATH {event_path}: cannot read the event: {getattr(exc, 'strerror', None) or exc}") from None
        number = (event.get("pull_request") or {}).get("number") if isinstance(event, dict) else None
        if not isinstance(number, int) or number < 1:
            raise GitHubError(f"GITHUB_EVENT_PATH {event_path}: not a pull_request event; give --pr NUMBER")
        pr_number = number
    return repository, pr_number


def client(timeout: float) -> GitHub:
    """The API client; a blank ``GITHUB_TOKEN`` counts as none (never sent as ``Bearer ``)."""
    token = os.environ.get("GITHUB_TOKEN")
    if token is None:
        raise GitHubError("GITHUB_TOKEN is not set: the review cannot be posted without it")
    if not token.strip():
        raise GitHubError("GITHUB_TOKEN is empty: the review cannot be posted without it")
    return GitHub(os.environ.get("GITHUB_API_URL") or DEFAULT_API_URL, token.strip(), timeout)


def _send(api: GitHub, path: str, payload: dict):
    """POST the review, unless it would show a token (the last check before text leaves for GitHub)."""
    from .houston_token import leaks

    if leaks(json.dumps(payload)):
        raise GitHubError("the review would show HOUSTON_API_TOKEN or GITHUB_TOKEN (in some spelling); nothing posted")
    return api.request("POST", path, payload)


def post(review: Review, api: GitHub, repository: str, number: int) -> Posted:
    pulls = f"/repos/{repository}/pulls/{number}"
    posted_before: Set[str] = set()
    for comment in api.paginate(f"{pulls}/comments"):
        posted_before |= markers_in(comment.get("body"))
    for earlier in api.paginate(f"{pulls}/reviews"):
        posted_before |= markers_in(earlier.get("body"))
    files = {entry.get("filename") for entry in api.paginate(f"{pulls}/files")}
    outcome = Posted()
    for item in review.items:
        if item.comment is not None and item.path not in files:
            item.comment = None
            outcome.moved.append(item)
    outcome.skipped = [item for item in review.items if item.marker in posted_before]
    payload = review.payload(skip=posted_before)
    if payload is None:
        return outcome
    try:
        answer, _headers = _send(api, f"{pulls}/reviews", payload)
    except GitHubError as exc:
        if exc.status != 422 or not payload["comments"]:
            raise
        outcome.refused = str(exc)
        for item in review.items:
            item.comment = None
        payload = review.payload(skip=posted_before, refused=True)
        answer, _headers = _send(api, f"{pulls}/reviews", payload)
    outcome.comments = len(payload["comments"])
    outcome.rows = len(markers_in(payload["body"]))  # the rows the body could hold
    if isinstance(answer, dict) and isinstance(answer.get("html_url"), str):
        outcome.review_url = answer["html_url"]
    return outcome
