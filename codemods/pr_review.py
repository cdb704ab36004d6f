"""Posting the review to a pull request without repeating what an earlier run posted.

A workflow runs on every push to a pull request.  Before posting, the bot
reads the pull request's review comments and reviews (every page) and
collects the hidden markers (``<!-- houston-codemod:CODE:HASH -->``) the
earlier runs left; items whose marker is already there are skipped and named
on stderr.  A comment on a file that GitHub does not list among the pull
request's files moves to the review body, where it cannot be refused.
Nothing is posted when nothing is new.

Only the bot's own comments and reviews count: a marker anyone else wrote
(the pull request's author can paste them into a comment) is ignored, or
anybody could silence the bot.  Which account is "the bot" (``identity``):

1. ``HOUSTON_CODEMOD_BOT_LOGIN``, when the person running the bot sets it (the
   login of a GitHub App's bot, ``my-app[bot]``, whose installation token
   cannot ask GitHub who it is);
2. else ``GET /user``: the account a personal access token belongs to (its
   login and numeric id; the id is compared when GitHub gives both);
3. else, when that answers 403 (an installation token: GitHub Actions'
   ``GITHUB_TOKEN`` is one) and the run is in GitHub Actions
   (``GITHUB_ACTIONS=true``), ``github-actions[bot]``, of type ``Bot``: the
   author GitHub gives everything that token posts;
4. anything else (403 outside Actions) stops the run with one line: the bot
   will not guess whose markers to trust.

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

from .env_values import BlankSetting, setting
from .files import read_bytes
from .github_api import DEFAULT_API_URL, GitHub, GitHubError
from .report.github_review import Item, Review, markers_in

REPOSITORY = re.compile(r"^[A-Za-z0-9_.-]{1,100}/[A-Za-z0-9_.-]{1,100}$")
BOT_LOGIN_ENV = "HOUSTON_CODEMOD_BOT_LOGIN"
ACTIONS_BOT = "github-actions[bot]"
# A user's login, or an app's bot login (``name[bot]``): letters, digits and single hyphens.
LOGIN = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,98}[A-Za-z0-9])?(?:\[bot\])?")


@dataclass(frozen=True)
class Identity:
    """The account the token posts as: only its comments and reviews count as posted before."""

    login: str
    id: Optional[int] = None
    type: Optional[str] = None  # "Bot" for github-actions[bot]; None: any type
    how: str = ""  # how it was determined, for the one line on stderr

    def wrote(self, item: dict) -> bool:
        user = item.get("user")
        if not isinstance(user, dict):
            return False
        their_id = user.get("id")
        if self.id is not None and isinstance(their_id, int) and not isinstance(their_id, bool):
            return their_id == self.id
        login = user.get("login")
        if not isinstance(login, str) or login.casefold() != self.login.casefold():
            return False
        return self.type is None or user.get("type") == self.type


def identity(api: GitHub) -> Identity:
    """Who the token posts as (see the module docstring for the order and why)."""
    try:
        named = (setting(BOT_LOGIN_ENV) or "").strip()  # blank: one line, not "ask GitHub"
    except BlankSetting as exc:
        raise GitHubError(str(exc)) from None
    if named:
        if not LOGIN.fullmatch(named):
            raise GitHubError(f"{BOT_LOGIN_ENV}={named[:60]!r} is not a GitHub login")
        return Identity(named, how=f"{BOT_LOGIN_ENV}")
    try:
        user, _headers = api.request("GET", "/user")
    except GitHubError as exc:
        if exc.status != 403 or exc.echoed:  # a 403 that echoes the token is that refusal, not an app's token
            raise
        if os.environ.get("GITHUB_ACTIONS") == "true":
            return Identity(ACTIONS_BOT, type="Bot", how="GITHUB_TOKEN in GitHub Actions (GET /user: 403)")
        raise GitHubError(
            "cannot tell which account GITHUB_TOKEN posts as (GET /user: HTTP 403, an app's installation token?): "
            f"set {BOT_LOGIN_ENV} to its login (such as my-app[bot]); only its own earlier comments count as posted"
        ) from None
    login = user.get("login") if isinstance(user, dict) else None
    if not isinstance(login, str) or not LOGIN.fullmatch(login):
        raise GitHubError("GET /user: GitHub's answer names no login; cannot tell which comments are the bot's own")
    number = user.get("id")
    number = number if isinstance(number, int) and not isinstance(number, bool) else None
    return Identity(login, number, how="GET /user")


@dataclass
class Posted:
    comments: int = 0
    rows: int = 0
    skipped: List[Item] = field(default_factory=list)
    moved: List[Item] = field(default_factory=list)  # line comments on files GitHub does not list
    review_url: str = ""
    refused: str = ""  # why GitHub refused the line comments, when it did
    me: Optional[Identity] = None  # the account the bot posts as
    foreign: int = 0  # markers found in other accounts' comments and reviews: ignored


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
        if number is not None and (isinstance(number, bool) or not isinstance(number, int) or number < 1):
            # JSON true is a Python int (True == 1): it must not become pull request #1.
            raise GitHubError(f"GITHUB_EVENT_PATH {event_path}: pull_request.number is {json.dumps(number)[:40] if isinstance(number, (bool, int, float)) else type(number).__name__}, not a positive integer; give --pr NUMBER")
        if number is None:
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
    try:
        api_url = setting("GITHUB_API_URL")  # blank: one line, never the default host (README: blank values)
    except BlankSetting as exc:
        raise GitHubError(str(exc)) from None
    return GitHub(api_url or DEFAULT_API_URL, token.strip(), timeout)


def _send(api: GitHub, path: str, payload: dict):
    """POST the review, unless it would show a token (the last check before text leaves for GitHub)."""
    from .houston_token import leaks

    if leaks(json.dumps(payload)):
        raise GitHubError("the review would show HOUSTON_API_TOKEN or GITHUB_TOKEN (in some spelling); nothing posted")
    return api.request("POST", path, payload)


def post(review: Review, api: GitHub, repository: str, number: int) -> Posted:
    pulls = f"/repos/{repository}/pulls/{number}"
    me = identity(api)
    posted_before: Set[str] = set()
    foreign: Set[str] = set()
    for earlier in list(api.paginate(f"{pulls}/comments")) + list(api.paginate(f"{pulls}/reviews")):
        found = markers_in(earlier.get("body") if isinstance(earlier.get("body"), str) else "")
        if me.wrote(earlier):
            posted_before |= found
        else:
            foreign |= found  # anyone can paste a marker: only the bot's own count
    files = {entry.get("filename") for entry in api.paginate(f"{pulls}/files")}
    outcome = Posted(me=me, foreign=len(foreign - posted_before))
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
