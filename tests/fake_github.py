"""A fake GitHub REST API on 127.0.0.1 that enforces the rules the real one enforces on reviews.

It serves the endpoints the review bot uses, for one pull request whose diff
it computes itself from a real git repository (``git diff`` from the merge
base of base and head to head, three lines of context, as GitHub does):

- ``POST /repos/{owner}/{repo}/pulls/{n}/reviews``: create a review;
- ``GET /repos/{owner}/{repo}/pulls/{n}/comments``: review comments;
- ``GET /repos/{owner}/{repo}/pulls/{n}/reviews``: reviews;
- ``GET /repos/{owner}/{repo}/pulls/{n}/files``: the pull request's files;
- ``GET /user``: the token's account.  As on GitHub, an installation token
  (the default here, like Actions' ``GITHUB_TOKEN``) gets 403 "Resource not
  accessible by integration", and what it posts is authored by
  ``github-actions[bot]`` (type ``Bot``); a personal token (``identity=``)
  gets its account, and what it posts is authored by it.  Every stored
  comment and review carries its author as ``user``; ``add_comment`` and
  ``add_review`` store ones written by other accounts (the pull request's
  author, say).

The lists are paginated with ``Link`` headers (a small page size, so that
pagination is exercised).  A review is refused whole, with GitHub's 422 shape
``{"message": "Unprocessable Entity", "errors": [...], "documentation_url": ...}``,
when a comment's ``line``/``start_line`` is not in the diff on its side, when
``start_line`` is not before ``line`` or the two lie in different hunks, when
``path`` is not a file of the pull request, or ``commit_id`` is not its head.
A request without the token gets 401.

The diff is parsed here with a plain ``@@`` header regex, independently of
the code under test.
"""

from __future__ import annotations

import json
import re
import subprocess
import time
from http.server import BaseHTTPRequestHandler
from typing import Dict, List, Optional, Tuple

from local_server import ThreadedServer
from urllib.parse import parse_qs, urlsplit

ACTIONS_BOT = {"login": "github-actions[bot]", "id": 41898282, "type": "Bot"}
HUNK = re.compile(r"^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@")
DOCS = "https://docs.github.com/rest/pulls/reviews#create-a-review-for-a-pull-request"


def git(repo, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True).stdout


class PullRequest:
    """The pull request's files and, per file and side, the lines of each hunk."""

    def __init__(self, repo, base: str, head: str):
        self.head = git(repo, "rev-parse", head).strip()
        merge_base = git(repo, "merge-base", base, self.head).strip()
        text = git(repo, "-c", "core.quotePath=false", "diff", "-U3", "--find-renames", merge_base, self.head)
        self.files: List[dict] = []
        # path -> list of hunks, each {"LEFT": set(lines), "RIGHT": set(lines)}
        self.hunks: Dict[str, List[Dict[str, set]]] = {}
        self._parse(text)

    def _parse(self, text: str) -> None:
        current: Optional[dict] = None
        old = new = 0
        for line in text.split("\n"):
            if line.startswith("diff --git "):
                current = {"filename": None, "status": "modified", "patch": []}
                self.files.append(current)
                continue
            if current is None:
                continue
            if line.startswith("new file mode"):
                current["status"] = "added"
            elif line.startswith("deleted file mode"):
                current["status"] = "removed"
            elif line.startswith("rename to "):
                current["status"] = "renamed"
            elif line.startswith("+++ "):
                name = _unquoted(line[4:].rstrip("\t"))
                current["filename"] = name[2:] if name.startswith("b/") else None
            elif line.startswith("--- "):
                name = _unquoted(line[4:].rstrip("\t"))
                if name.startswith("a/"):
                    current["previous"] = name[2:]
            elif HUNK.match(line):
                match = HUNK.match(line)
                old, new = int(match.group(1)), int(match.group(3))
                self.hunks.setdefault(current["filename"] or current.get("previous"), []).append({"LEFT": set(), "RIGHT": set()})
                current["patch"].append(line)
            elif current["patch"] and line[:1] in (" ", "+", "-", "\\"):
                hunk = self.hunks[current["filename"] or current.get("previous")][-1]
                if line[:1] in (" ", "-"):
                    hunk["LEFT"].add(old)
                    old += 1
                if line[:1] in (" ", "+"):
                    hunk["RIGHT"].add(new)
                    new += 1
                current["patch"].append(line)
        for entry in self.files:
            if entry["filename"] is None:
                entry["filename"] = entry.get("previous")
            entry["patch"] = "\n".join(entry["patch"])

    @property
    def filenames(self) -> List[str]:
        return [f["filename"] for f in self.files if f["status"] != "removed"]

    def hunk_of(self, path: str, side: str, line: int) -> Optional[int]:
        for index, hunk in enumerate(self.hunks.get(path, [])):
            if line in hunk[side]:
                return index
        return None


class FakeGitHub(ThreadedServer):
    """Start with ``with FakeGitHub(...) as github:``; ``github.url`` is the API URL."""

    path = ""  # GitHub's REST API is served from the root

    def __init__(self, repo, base: str, head: str = "HEAD", *, repository: str = "acme/dags", number: int = 7,
                 token: str = "ghs_fakeTokenValue1234567890", page_size: int = 2, identity: Optional[dict] = None):
        """``identity``: the account of a personal token (``{"login", "id", "type"}``); None: an installation token."""
        self.pr = PullRequest(repo, base, head)
        self.identity = identity
        self.repository, self.number, self.token, self.page_size = repository, number, token, page_size
        self.reviews: List[dict] = []
        self.comments: List[dict] = []
        self.requests: List[Tuple[str, str, Optional[str]]] = []  # method, path, Authorization header
        self.rejected: List[dict] = []  # the 422 answers given
        self.slow = 0.0  # seconds to take over each answer, sent a byte at a time
        self.leak_token_on_error = False  # answer 500 with the token in the message (redaction test)
        self.next_link_host: Optional[str] = None  # point Link: rel="next" at another host
        self.next_link_base: Optional[str] = None  # or at this prefix as written ("//host:port", no scheme)
        super().__init__(self._handler())

    @property
    def pulls(self) -> str:
        return f"/repos/{self.repository}/pulls/{self.number}"

    @property
    def author(self) -> dict:
        """Who GitHub records as the author of what this token posts."""
        return dict(self.identity or ACTIONS_BOT)

    def add_comment(self, body: str, user: dict, path: str = "", line: int = 1) -> None:
        """A review comment written by ``user`` (not through the bot)."""
        self.comments.append({"id": len(self.comments) + 1, "body": body, "user": dict(user), "path": path, "line": line,
                              "side": "RIGHT", "commit_id": self.pr.head})

    def add_review(self, body: str, user: dict) -> None:
        """A review written by ``user`` (not through the bot)."""
        self.reviews.append({"id": len(self.reviews) + 1, "body": body, "user": dict(user), "state": "COMMENTED",
                             "commit_id": self.pr.head})

    # -- the rules ----------------------------------------------------------------

    def create_review(self, review: dict) -> Tuple[int, dict]:
        errors = []
        if review.get("commit_id") not in (None, self.pr.head):
            errors.append("commit_id is not part of the pull request")
        if review.get("event", "COMMENT") not in ("COMMENT", "APPROVE", "REQUEST_CHANGES"):
            errors.append("event is not valid")
        if not review.get("body") and not review.get("comments"):
            errors.append("Review body or comments are required")
        for comment in review.get("comments", []):
            errors.extend(self._comment_errors(comment))
        if errors:
            answer = {"message": "Unprocessable Entity", "errors": errors, "documentation_url": DOCS, "status": "422"}
            self.rejected.append(answer)
            return 422, answer
        review_id = len(self.reviews) + 1
        stored = {"id": review_id, "body": review.get("body", ""), "state": "COMMENTED", "commit_id": self.pr.head,
                  "user": self.author,
                  "html_url": f"https://github.com/{self.repository}/pull/{self.number}#pullrequestreview-{review_id}"}
        self.reviews.append(stored)
        for comment in review.get("comments", []):
            self.comments.append(dict(comment, id=len(self.comments) + 1, pull_request_review_id=review_id,
                                      commit_id=self.pr.head, user=self.author))
        return 200, stored

    def _comment_errors(self, comment: dict) -> List[str]:
        path, line = comment.get("path"), comment.get("line")
        if path not in self.pr.filenames:
            return [f"Path could not be resolved: {path}"]
        if not isinstance(comment.get("body"), str) or not comment["body"]:
            return ["Body can't be blank"]
        side = comment.get("side", "RIGHT")
        if side not in ("LEFT", "RIGHT") or not isinstance(line, int):
            return ["Line could not be resolved"]
        hunk = self.pr.hunk_of(path, side, line)
        if hunk is None:
            return [f"Line could not be resolved: {path}:{line} is not part of the diff"]
        if "start_line" in comment:
            start, start_side = comment["start_line"], comment.get("start_side", side)
            if not isinstance(start, int) or start >= line:
                return ["start_line must precede the end line"]
            if start_side != side or self.pr.hunk_of(path, start_side, start) != hunk:
                return [f"Start line could not be resolved: {path}:{start}-{line} is not one hunk of the diff"]
        return []

    # -- HTTP -----------------------------------------------------------------------

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def _answer(self, status: int, payload, headers=None) -> None:
                data = json.dumps(payload).encode("utf-8")
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.end_headers()
                if fake.slow:
                    for index in range(len(data)):
                        self.wfile.write(data[index : index + 1])
                        self.wfile.flush()
                        time.sleep(fake.slow / max(len(data), 1))
                else:
                    self.wfile.write(data)

            def _route(self, method: str) -> None:
                parts = urlsplit(self.path)
                fake.requests.append((method, parts.path, self.headers.get("Authorization")))
                if self.headers.get("Authorization") not in (f"Bearer {fake.token}", f"token {fake.token}"):
                    self._answer(401, {"message": "Bad credentials", "documentation_url": "https://docs.github.com/rest"})
                    return
                if fake.leak_token_on_error:
                    self._answer(500, {"message": f"internal error for {self.headers.get('Authorization')}"})
                    return
                lists = {f"{fake.pulls}/comments": fake.comments, f"{fake.pulls}/reviews": fake.reviews,
                         f"{fake.pulls}/files": fake.pr.files}
                if method == "GET" and parts.path == "/user":
                    if fake.identity is None:  # an installation token cannot ask who it is
                        self._answer(403, {"message": "Resource not accessible by integration",
                                           "documentation_url": "https://docs.github.com/rest/users/users#get-the-authenticated-user",
                                           "status": "403"})
                    else:
                        self._answer(200, dict(fake.identity))
                elif method == "GET" and parts.path in lists:
                    self._page(parts, lists[parts.path])
                elif method == "POST" and parts.path == f"{fake.pulls}/reviews":
                    length = int(self.headers.get("Content-Length") or 0)
                    try:
                        review = json.loads(self.rfile.read(length))
                    except ValueError:
                        self._answer(400, {"message": "Problems parsing JSON"})
                        return
                    self._answer(*fake.create_review(review))
                else:
                    self._answer(404, {"message": "Not Found", "documentation_url": "https://docs.github.com/rest"})

            def _page(self, parts, items: list) -> None:
                query = parse_qs(parts.query)
                size = min(int(query.get("per_page", ["30"])[0]), fake.page_size)
                page = int(query.get("page", ["1"])[0])
                chunk = items[(page - 1) * size : page * size]
                headers = {}
                if page * size < len(items):
                    base = fake.next_link_base or f"http://{fake.next_link_host or f'127.0.0.1:{fake.port}'}"
                    headers["Link"] = f'<{base}{parts.path}?per_page={size}&page={page + 1}>; rel="next"'
                self._answer(200, chunk, headers)

            def do_GET(self) -> None:
                self._route("GET")

            def do_POST(self) -> None:
                self._route("POST")

        return Handler


def _unquoted(name: str) -> str:
    """A name as git writes it in a patch header: C-quoted (``"b/create \\"prod\\".py"``, octal
    escapes for bytes) when it holds a quote, a backslash or a control character.  GitHub knows
    the file's real name, so the fake does too."""
    if len(name) < 2 or not (name.startswith('"') and name.endswith('"')):
        return name
    return name[1:-1].encode("utf-8").decode("unicode_escape").encode("latin-1").decode("utf-8", "replace")

