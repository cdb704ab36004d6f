"""The few GitHub REST calls the review bot makes, with a total deadline and a token kept secret.

The token (``GITHUB_TOKEN``) goes only to the API URL the runner's environment
names (``GITHUB_API_URL``, https://api.github.com when unset), over HTTPS
(plain HTTP only to a loopback address, for tests).  A blank token is no token.  Redirects are not followed and a
pagination link pointing anywhere else is refused, so the token cannot be
carried to another host.  Every message that leaves this module has the token
redacted, and no header is ever printed.

All calls of one run share one deadline: each request runs in a worker thread
that the caller waits for only as long as the time left, so a server that
answers slowly, byte by byte, cannot hold the run past it.
"""

from __future__ import annotations

import http.client
import json
import re
import threading
import time
from typing import Any, Dict, Iterator, List, Optional, Tuple
from urllib.parse import urljoin, urlsplit

from . import secret_scan
from .houston_token import has_user_information, is_loopback, origin, shown

DEFAULT_API_URL = "https://api.github.com"
MAX_RESPONSE = 16 * 1024 * 1024
MAX_PAGES = 100  # 10,000 items at 100 a page: far more than a pull request holds
NEXT_LINK = re.compile(r'<([^<>]{1,2000})>\s*;\s*rel="?next"?')


def _printed(path: str) -> str:
    """A request path as an error line may print it: without ``;parameters`` (a ``;jsessionid=...`` of a
    ``GITHUB_API_URL`` is a session key; red team 24, report 11a, f2), as ``houston_token.shown`` cuts them
    from Houston's URLs.  No GitHub API path holds one."""
    return path.split(";", 1)[0]


_DEFAULT_PORTS = {"https": 443, "http": 80}


def _where(parts) -> Tuple[str, Optional[str], Optional[int]]:
    """(scheme, host, port) a request goes to, the port a scheme's default when the URL names none: so
    ``https://host`` and ``https://host:443`` are one origin.  ``parts.port`` raises ValueError on a bad port."""
    return parts.scheme, parts.hostname, parts.port or _DEFAULT_PORTS.get(parts.scheme)


def _origin_text(parts) -> str:
    """Where a URL sends a request, as a line may name it: scheme, host and port (when the URL names one),
    never its user information, path or query.  Red team 28, report 11a, f1: the port was dropped, so a
    next-page link to another port of GITHUB_API_URL's own host was named as GITHUB_API_URL's host."""
    host = parts.hostname or ""
    host = "".join(character if character.isprintable() and not character.isspace() else "?" for character in host)
    if ":" in host:  # IPv6
        host = f"[{host}]"
    return f"{parts.scheme}://{host}" + (f":{parts.port}" if parts.port is not None else "")


class GitHubError(Exception):
    """A call to GitHub failed; the message is one line and carries no secret."""

    def __init__(self, message: str, status: int = 0, echoed: bool = False) -> None:
        super().__init__(message)
        self.status = status  # the HTTP status GitHub answered with, 0 when it did not answer
        self.echoed = echoed  # the answer held the token: refused whole, never read as an ordinary status


class GitHub:
    def __init__(self, api_url: str, token: str, timeout: float = 60.0) -> None:
        # Every line names the URL as ``shown`` prints it: no password, query or parameters (red team 23,
        # report 11a, f1: "https://ci-bot:PASS@ghe..." was quoted whole on stderr)
        said = repr(shown(api_url))
        if has_user_information(api_url):
            raise GitHubError(f"GITHUB_API_URL {said} holds a user name or password, which this tool does not send")
        try:  # a bad port or an unclosed IPv6 bracket is a ValueError: one line, never "internal error" (RT22 11a f5)
            parts = urlsplit(api_url)
            parts.port
        except ValueError as exc:
            raise GitHubError(f"GITHUB_API_URL {said} is not an http(s) URL ({exc})") from None
        if parts.scheme not in ("https", "http") or not parts.hostname:
            raise GitHubError(f"GITHUB_API_URL {said} is not an http(s) URL")
        if origin(api_url) is None or api_url != api_url.strip():
            # blanks, control characters or a backslash: hosts read two ways (houston_token.origin)
            raise GitHubError(f"GITHUB_API_URL {said} is not an http(s) URL the token may be sent to")
        if parts.scheme == "http" and not is_loopback(parts.hostname):
            # A loopback address (127.0.0.0/8, ::1) or localhost; a name merely shaped like one
            # (127.999.0.1 would be looked up in DNS) is not.
            raise GitHubError(f"GITHUB_API_URL {said}: the token is sent over HTTPS only (plain http only to a loopback host)")
        if not token.strip():  # blank means absent: an empty credential is never sent
            state = "empty" if token else "not set"
            raise GitHubError(f"GITHUB_TOKEN is {state}: the review cannot be posted without it")
        token = token.strip()
        self.api_url = api_url.rstrip("/")
        self._origin = _where(parts)
        self._origin_text = _origin_text(parts)
        self._token = token
        self.timeout = timeout
        self._deadline = time.monotonic() + timeout
        self.requests = 0  # how many calls were made (tests count work, not time)

    # -- one call ---------------------------------------------------------------

    def request(self, method: str, path: str, body: Any = None) -> Tuple[Any, Dict[str, str]]:
        """``method`` on ``path`` (under the API URL) or a same-origin URL; the decoded JSON and the headers."""
        url = path if "://" in path else self.api_url + path
        try:
            parts = urlsplit(url)
            where = _where(parts)
        except ValueError:  # a next-page link GitHub (or a stand-in) gave with a bad port
            raise GitHubError("refusing to send the token to a URL that does not parse: not GITHUB_API_URL") from None
        if where != self._origin:
            raise GitHubError(f"refusing to send the token to {_origin_text(parts)}: not GITHUB_API_URL "
                              f"({self._origin_text})")
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        data = json.dumps(body).encode("utf-8") if body is not None else None
        headers = {
            "Accept": "application/vnd.github+json",
            "Authorization": f"Bearer {self._token}",
            "X-GitHub-Api-Version": "2022-11-28",
            "User-Agent": "houston-codemod",
        }
        if data is not None:
            headers["Content-Type"] = "application/json"
        outcome: Dict[str, Any] = {}

        def call() -> None:
            try:
                outcome["value"] = self._call(parts, method, target, data, headers)
            except BaseException as exc:  # handed to the waiting thread
                outcome["error"] = exc

        remaining = self._deadline - time.monotonic()
        if remaining <= 0:
            raise GitHubError(f"GitHub did not answer within {self.timeout:g} s")
        self.requests += 1
        worker = threading.Thread(target=call, daemon=True)
        worker.start()
        worker.join(remaining)
        if worker.is_alive() or isinstance(outcome.get("error"), TimeoutError):
            raise GitHubError(f"{method} {_printed(parts.path)}: GitHub did not answer within {self.timeout:g} s")
        error = outcome.get("error")
        if isinstance(error, GitHubError):
            raise GitHubError(self.redact(str(error)), error.status, error.echoed) from None
        if error is not None:
            reason = getattr(error, "strerror", None) or type(error).__name__
            raise GitHubError(self.redact(f"{method} {_printed(parts.path)}: cannot reach GitHub: {reason}")) from None
        status, reply_headers, payload = outcome["value"]
        if status >= 300:
            raise GitHubError(self.redact(f"{method} {_printed(parts.path)}: {_explain(status, payload)}"), status)
        return payload, reply_headers

    def _call(self, parts, method, target, data, headers):
        remaining = max(self._deadline - time.monotonic(), 0.001)
        factory = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
        connection = factory(parts.hostname, parts.port, timeout=remaining)
        try:
            connection.request(method, target, body=data, headers=headers)
            response = connection.getresponse()
            raw = response.read(MAX_RESPONSE + 1)
            if len(raw) > MAX_RESPONSE:
                raise GitHubError(f"{method} {_printed(parts.path)}: the answer is larger than {MAX_RESPONSE} bytes")
            reply_headers = {k.lower(): v for k, v in response.getheaders()}
            if secret_scan.leaks(raw.decode("utf-8", "replace") + "\n" + json.dumps(reply_headers), [self._token]):
                # Nothing derived from an answer that echoes the token is used or shown.
                raise GitHubError(
                    f"{method} {_printed(parts.path)}: HTTP {response.status}: the answer contains GITHUB_TOKEN "
                    "(in some spelling); it is refused and not shown",
                    response.status,
                    echoed=True,
                )
            try:
                payload = json.loads(raw.decode("utf-8")) if raw.strip() else None
            except ValueError:
                payload = None
            return response.status, reply_headers, payload
        finally:
            connection.close()

    def redact(self, text: str) -> str:
        """One line without the token in any spelling (the redactor Houston's messages use too)."""
        return secret_scan.redact(text, [self._token])

    # -- lists ------------------------------------------------------------------

    def paginate(self, path: str) -> Iterator[dict]:
        """Every item of a list endpoint, following its ``Link: rel="next"`` pages."""
        url: Optional[str] = path + ("&" if "?" in path else "?") + "per_page=100"
        for _ in range(MAX_PAGES):
            if url is None:
                return
            payload, headers = self.request("GET", url)
            if not isinstance(payload, list):
                raise GitHubError(f"GET {_printed(urlsplit(url).path)}: expected a list from GitHub")
            yield from (item for item in payload if isinstance(item, dict))
            match = NEXT_LINK.search(headers.get("link", ""))
            url = urljoin(self.api_url + "/", match.group(1)) if match else None
        raise GitHubError(f"GET {path}: more than {MAX_PAGES} pages")


def _explain(status: int, payload: Any) -> str:
    message = payload.get("message", "") if isinstance(payload, dict) else ""
    if status in (401, 403) and not (isinstance(payload, dict) and payload.get("errors")):
        return f"GitHub rejected the token (HTTP {status}): {message or 'no message'}"
    details = [_error_text(error) for error in _error_items(payload)]
    text = f"HTTP {status}: {message or 'no message'}"
    return text + (f" ({'; '.join(details)})" if details else "")


def _error_items(payload: Any) -> List[Any]:
    """GitHub's ``errors`` as a list of items, whatever shape the answer gave it (red team 14, F1:
    a null, a list or an object item ended in an internal error instead of the ``HTTP 422`` line)."""
    errors = payload.get("errors") if isinstance(payload, dict) else None
    if not errors:
        return []
    return list(errors) if isinstance(errors, list) else [errors]


def _error_text(error: Any) -> str:
    """One item of ``errors`` as text: a string as is, an object's string ``message``, anything else as JSON."""
    if isinstance(error, str):
        return error
    if isinstance(error, dict):
        message = error.get("message")
        if isinstance(message, str) and message:
            return message
        if message:
            return json.dumps(message, default=str)
    return json.dumps(error, default=str)
