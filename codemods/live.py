"""Talking to a live Houston: its schema, and its Runtime releases.

The token comes from ``HOUSTON_API_TOKEN`` and is sent as the ``authorization``
header, the way the Astro CLI sends it, but only where ``houston_token.token_for``
allows (a URL the person gave, https or loopback).  It never appears in anything
we print or write: every ``LiveError`` message passes through ``redact``.
Nothing here runs unless the person (or their configuration) gave a URL.

Every call has a total deadline (``--timeout``, ``HOUSTON_TIMEOUT``, default 30 s):
the request runs in a worker thread that the caller stops waiting for when the
deadline passes, and the worker itself stops reading at the deadline, so a
server that sends one byte a second cannot hold the run.  Answers are capped
in size, redirects are followed by hand (the token only to the same host), and
every Runtime version a server names must look like one (``RUNTIME_VERSION``)
before it is used: the versions are spliced into people's files.
"""

from __future__ import annotations

import json
import os
import re
import sys
import threading
import time
from typing import Dict, List, Optional
from urllib.parse import urljoin

from .houston_token import TOKEN_ENV, leaks, may_follow_with_token, redact, shown, token_for
from .secret_scan import ScanTimeout, json_text
from .versions import VersionTable

TIMEOUT = 30
TIMEOUT_ENV = "HOUSTON_TIMEOUT"
MAX_ANSWER = 64 * 1024 * 1024  # an introspection result is about 1 MB
MAX_REDIRECTS = 5
RUNTIME_RELEASES = (
    "query RuntimeReleases($airflowVersion: String) "
    "{ runtimeReleases(airflowVersion: $airflowVersion) { version airflowVersion } }"
)
# Astro Runtime versions are X.Y.Z (every release Houston's catalogue and our table list).
# ASCII digits only: str.isdigit and \d also accept other scripts' digits.
RUNTIME_VERSION = re.compile(r"[0-9]{1,4}\.[0-9]{1,4}\.[0-9]{1,4}")


class LiveError(Exception):
    """A live Houston could not answer; the message is one line and carries no secret."""

    def __init__(self, message: str) -> None:
        super().__init__(redact(message))


def default_timeout() -> float:
    """``HOUSTON_TIMEOUT`` seconds when set, else 30; a value that is not a positive number is an error.

    A typo (``HOUSTON_TIMEOUT=3o``, ``0``, ``nan``, empty) used to fall back to 30 s
    silently; now it stops the run with one line, like any other bad input.
    """
    text = os.environ.get(TIMEOUT_ENV)
    if text is None:
        return TIMEOUT
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not 0 < value <= 86400:  # also false for nan
        raise LiveError(f"{TIMEOUT_ENV}={text[:40]!r}: not a number of seconds between 0 and 86400")
    return value


_NOTICES_GIVEN = set()


def _notice(message: str) -> None:
    """One line on stderr, once per process (a catalogue is asked once per Airflow version)."""
    line = f"houston-codemod: {redact(message)}"
    if line not in _NOTICES_GIVEN:
        _NOTICES_GIVEN.add(line)
        sys.stderr.write(line + "\n")
        sys.stderr.flush()


def _seconds(timeout: float) -> str:
    return f"{timeout:g}"


# A backslash, whitespace or a control character: an http library and this tool's own reading of the
# authority may then disagree on the host (``http://localhost:8000\@127.0.0.1:9000/v1``).
_AMBIGUOUS = re.compile(r"[\\\s\x00-\x1f\x7f]")


def _refuse_ambiguous(url: str) -> None:
    """One line, nothing fetched, for a URL whose host a reader could take for another (red team 26, report
    11a, f2: every line named 127.0.0.1:P while the request went to localhost:Q; with a TAB the tool said
    "not an http(s) URL" and fetched it anyway).  A URL never needs these characters unencoded."""
    if _AMBIGUOUS.search(url):
        raise ValueError("the URL holds a backslash, a space or a control character (percent-encode it); nothing was fetched")


def _execute(
    url: str, document: str, variables: Optional[dict] = None, timeout: Optional[float] = None, *, given_by_person: bool = True
) -> dict:
    """Run one operation; map every failure to a one-line LiveError.  Total time: ``timeout``."""
    timeout = timeout or default_timeout()
    try:
        _refuse_ambiguous(url)  # before anything is said of its token: one line
    except ValueError as exc:
        raise LiveError(f"{shown(url)}: {exc}") from None
    secret, withheld = token_for(url, given_by_person=given_by_person)
    if withheld:
        _notice(withheld)
    deadline = time.monotonic() + timeout
    outcome: Dict[str, object] = {}

    def work() -> None:
        try:
            outcome["answer"] = _post(url, {"query": document, "variables": variables or {}}, secret, deadline)
        except BaseException as exc:  # handed to the caller, never raised in the thread
            outcome["error"] = exc

    worker = threading.Thread(target=work, name="houston-request", daemon=True)
    worker.start()
    worker.join(max(0.0, deadline - time.monotonic()))
    if worker.is_alive() or isinstance(outcome.get("error"), _Late):
        raise LiveError(f"{shown(url)}: no answer within {_seconds(timeout)} s")
    if "error" in outcome:
        raise LiveError(f"{shown(url)}: {_failure(outcome['error'], timeout)}")
    status, body, sent = outcome["answer"]
    unsent = None if sent else _why_unsent(sent, secret, withheld)
    return _result(url, status, body, unsent, deadline)


def _why_unsent(sent, secret, withheld) -> str:
    """Why no token went with the request, for a server that asks for one (red team 21, report 11a, f1:
    "the token was rejected" was said when none was set, or when the tool itself dropped it)."""
    if secret:
        return f"{TOKEN_ENV} was not sent to the host a redirect named (a token goes only to the URL's own host)"
    if withheld:
        return f"{TOKEN_ENV} was withheld, as said above"
    return f"{TOKEN_ENV} is not set"


class _Late(Exception):
    pass


def _post(url: str, payload: dict, secret: Optional[str], deadline: float):
    """POST, following redirects by hand; (status, body) read within ``deadline``."""
    _refuse_ambiguous(url)
    import requests

    data = json.dumps(payload).encode("utf-8")
    with requests.Session() as session:
        for _ in range(MAX_REDIRECTS + 1):
            left = deadline - time.monotonic()
            if left <= 0:
                raise _Late()
            headers = {"content-type": "application/json", "accept": "application/json"}
            if secret:
                headers["authorization"] = secret
            response = session.post(
                url, data=data, headers=headers, timeout=(left, left), stream=True, allow_redirects=False,
                proxies=_proxies(url, secret), auth=_no_netrc,
            )
            with response:
                location = response.headers.get("location")
                if response.status_code in (301, 302, 303, 307, 308) and location:
                    new_url = urljoin(url, location)
                    _refuse_ambiguous(new_url)  # a redirect's host is read one way too
                    if secret and not may_follow_with_token(url, new_url):
                        secret = None  # another host: it never sees the token
                    url = new_url
                    continue
                body = bytearray()
                for chunk in response.iter_content(64 * 1024):
                    body += chunk
                    if len(body) > MAX_ANSWER:
                        raise ValueError(f"the answer is larger than {MAX_ANSWER // (1024 * 1024)} MiB")
                    if time.monotonic() > deadline:
                        raise _Late()
                return response.status_code, bytes(body), secret is not None
    raise ValueError(f"more than {MAX_REDIRECTS} redirects")


def _no_netrc(request):
    """An authentication step that leaves the request as it is.

    Without one, requests looks the host up in ``~/.netrc`` and, on a match, replaces the
    ``authorization`` header with that entry's basic credentials: the token was then never sent,
    and a schema URL that only a repository file names (which gets no token) got the runner's
    netrc password for that host.  The only credential this tool sends is the token, where the
    person running it said.
    """
    return request


# Every environment proxy setting requests reads (HTTP_PROXY, HTTPS_PROXY, ALL_PROXY), turned off.
_DIRECT = {"http": None, "https": None, "all": None}


def _proxies(url: str, secret: Optional[str]) -> Optional[dict]:
    """No proxy for a request that carries the token over plain http (red team 18, report 11a, F4).

    The token goes over plain http only to a loopback host (``houston_token.token_for``); an
    ``HTTP_PROXY``/``ALL_PROXY`` from the environment would carry that request, header and all, in
    clear to the proxy's host instead.  Such a request connects straight to the URL's host, as the
    GitHub client always does.  An https request may go through an environment proxy: that is a
    CONNECT tunnel, the token travels inside TLS to the named host and the proxy sees only its name.
    """
    if secret and not url.lower().startswith("https:"):
        return dict(_DIRECT)
    return None


def _failure(exc: BaseException, timeout: float) -> str:
    import requests

    if isinstance(exc, requests.exceptions.Timeout) or "timed out" in str(exc).lower():
        return f"no answer within {_seconds(timeout)} s"
    if isinstance(exc, requests.exceptions.RequestException):
        return f"unreachable: {_reason(exc)}"
    if isinstance(exc, ValueError):
        return str(exc)
    return f"{type(exc).__name__}: {str(exc) or 'request failed'}"


def _result(url: str, status: int, body: bytes, unsent: Optional[str] = None, deadline: Optional[float] = None) -> dict:
    """The operation's ``data``, or the one line that says why there is none.

    An answer that holds the token in any spelling (a server that copies the
    ``authorization`` header into descriptions or error messages) is refused as
    a whole, before anything uses it (the JSON is parsed only to search all
    of its strings as one stream, see ``secret_scan.json_text``): no schema, release or message derived
    from it can then carry the token into output or files.
    """
    try:
        answer = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        answer = None
    # The whole answer as one stream too: a token spread over consecutive descriptions is whole there.
    try:  # the answer's search for the token is part of the call and its deadline (red team 25, report 11a, f6)
        leaked = leaks(body.decode("utf-8", "replace"), deadline) or (answer is not None and leaks(json_text(answer), deadline))
    except ScanTimeout:
        raise LiveError(f"{shown(url)}: no answer within the time given (the answer could not be searched for "
                        f"{TOKEN_ENV} in time; it is not used)") from None
    if leaked:
        if status in (401, 403):
            raise LiveError(
                f"{shown(url)}: the token was rejected (HTTP {status}); the server's message contains {TOKEN_ENV} "
                f"and is not shown; set {TOKEN_ENV} to a valid API token"
            )
        raise LiveError(f"{shown(url)}: HTTP {status}: the answer contains {TOKEN_ENV} (in some spelling); it is refused and not shown")
    errors = answer.get("errors") if isinstance(answer, dict) else None
    if status in (401, 403):
        detail = f": {_message(errors)}" if errors else ""
        if unsent:
            raise LiveError(f"{shown(url)}: the server asks for a token (HTTP {status}){detail}; none was sent: {unsent}")
        raise LiveError(f"{shown(url)}: the token was rejected (HTTP {status}){detail}; set {TOKEN_ENV} to a valid API token")
    if errors:
        raise LiveError(f"{shown(url)}: {_query_error(errors, unsent)}")
    if not isinstance(answer, dict) or status >= 400:
        raise LiveError(f"{shown(url)}: server error: HTTP {status}, {'no GraphQL answer' if answer is None else 'no data'}")
    data = answer.get("data")
    if not isinstance(data, dict):
        raise LiveError(f"{shown(url)}: the answer holds no data")
    return data


def _message(errors) -> str:
    """The first error's message, whatever shape the server gave it (null, an object, a list)."""
    first = errors[0] if isinstance(errors, list) and errors else errors
    message = first.get("message") if isinstance(first, dict) else first
    if isinstance(message, str) and message.strip():
        return message[:500]
    return "an error without a message"


def _query_error(errors, unsent: Optional[str] = None) -> str:
    message = _message(errors)
    if "introspection" in message.lower():
        return f"introspection is disabled on this Houston ({message}); use a schema file instead"
    lowered = message.lower()
    if any(word in lowered for word in ("auth", "token", "permission")):
        if unsent:
            return f"the server refused the request ({message}); no token was sent: {unsent}"
        return f"the token was rejected: {message}"
    return message


def _reason(exc) -> str:
    text = str(exc)
    for known in ("Connection refused", "Name or service not known", "No route to host", "Network is unreachable"):
        if known in text:
            errno = re.search(r"\[Errno [0-9]{1,5}\] ", text)  # a literal, then digits: linear
            return (errno.group(0) if errno else "") + known
    return type(exc).__name__


def fetch_sdl(url: str, timeout: Optional[float] = None, *, given_by_person: bool = True) -> str:
    """Introspect ``url`` (deprecated arguments and input fields included) and print SDL."""
    from graphql import build_client_schema, get_introspection_query, print_schema

    result = _execute(url, get_introspection_query(input_value_deprecation=True), timeout=timeout, given_by_person=given_by_person)
    if "__schema" not in result:
        raise LiveError(f"{shown(url)}: the answer holds no schema; introspection may be disabled")
    try:
        schema = build_client_schema(result)
    except Exception as exc:
        raise LiveError(f"{shown(url)}: the introspection result does not build a schema: {exc}") from None
    if schema.query_type is None:  # red team 14, report 11a, F2: an empty SDL was written, exit 0
        raise LiveError(f"{shown(url)}: the introspection result has no query type; no schema written")
    return print_schema(schema) + "\n"


def _version_key(version: str):
    return tuple(int(part) for part in version.split("."))


class LiveVersionTable(VersionTable):
    """AC -> Runtime from Houston's own ``runtimeReleases(airflowVersion:)``: the highest release.

    That is what ``astro deployment runtime migrate`` requests, so the answer
    matches the platform's own catalogue (which an install can override).
    A release whose version is not X.Y.Z is ignored, with one line per server.

    The server's filter is not trusted: the query selects each release's own
    ``airflowVersion`` too, and only a release that ships exactly the AC
    version's Airflow version is kept (a migration never changes Airflow).  A
    release with another, or no, ``airflowVersion`` is ignored, with one line
    per server; none left is the same as no equivalent (review).
    """

    def __init__(self, url: str, timeout: Optional[float] = None) -> None:
        super().__init__({})
        self.url = url
        self.timeout = timeout
        self.cache: Dict[str, List[str]] = {}
        self.warned = False
        self.warned_airflow = False

    def releases(self, airflow: str) -> List[str]:
        if airflow not in self.cache:
            data = _execute(self.url, RUNTIME_RELEASES, {"airflowVersion": airflow}, self.timeout)
            releases = data.get("runtimeReleases")
            listed = [r for r in releases if isinstance(r, dict)] if isinstance(releases, list) else []
            found = [r.get("version") for r in listed]
            valid = [v for v in found if isinstance(v, str) and RUNTIME_VERSION.fullmatch(v)]
            if len(valid) < len([v for v in found if v is not None]) and not self.warned:
                self.warned = True
                _notice(f"{self.url}: ignored runtimeReleases versions that are not Runtime versions (X.Y.Z)")
            kept = [
                r["version"] for r in listed
                if isinstance(r.get("version"), str) and RUNTIME_VERSION.fullmatch(r["version"])
                and r.get("airflowVersion") == airflow
            ]
            if len(kept) < len(valid) and not self.warned_airflow:
                self.warned_airflow = True
                _notice(
                    f"{self.url}: ignored runtimeReleases whose airflowVersion is not the Airflow version asked for "
                    "(a migration never changes the Airflow version)"
                )
            self.cache[airflow] = kept
        return self.cache[airflow]

    def _unmapped_reason(self, airflow: str) -> str:
        """This Houston's own answer, never a doubt on the AC version (red team 28, report 13, f10).

        The table is asked one Airflow version at a time, so it has no list of "the AC releases that
        have one" to quote; AC 2.2.5 is real even when a Houston serves no Runtime release for it.
        """
        bundled = VersionTable.bundled().runtime_for_airflow(airflow)
        also = f" (the bundled AC-to-Runtime table maps AC {airflow} to Runtime {bundled})" if bundled else ""
        return (
            f"the Houston at {shown(self.url)} lists no Astro Runtime release that ships Airflow {airflow} (asked "
            f'with runtimeReleases(airflowVersion: "{airflow}")){also}: choose an Astro Runtime '
            "version this Houston serves by hand, or upgrade the deployment to an Airflow version it lists"
        )

    def runtime_for_airflow(self, airflow: str) -> Optional[str]:
        """The highest release shipping ``airflow`` (asked only for an AC version ``mapping`` can read)."""
        releases = self.releases(airflow)
        return max(releases, key=_version_key) if releases else None
