"""HOUSTON_API_TOKEN: which URLs may receive it, and how it is kept out of every message.

The token is the person's own Houston credential.  It is sent only to a URL that
person gave: on the command line (``--schema URL``, ``--versions-from URL``,
``schema fetch URL``) or in the ``HOUSTON_URL`` environment variable (a URL of the
same origin, scheme + host + port, counts as that one).  A URL that only a file
in the repository names (``[tool.houston-codemod] schema``) is someone else's
choice, and in a pull-request bot that someone is the pull request's author: it
gets no token.  Plain http carries the token only to a loopback host.  A token
that is set but blank counts as not set: an empty credential is never sent.

What the tool prints is cleaned at its choke points (``scrub`` for whole outputs,
``scrub_line`` for stderr lines), so a token that sits in the scanned files
themselves is not printed either.

Every message that may contain text from a server or from an exception passes
through :func:`redact`, which removes the token in any letter case and encoding
(see ``secret_scan``: percent, base64 behind any prefix, hex, HTML entities,
JSON escapes, split over lines, or a long part of it).
"""

from __future__ import annotations

import ipaddress
import os
import re
from typing import List, Optional, Tuple
from urllib.parse import urlsplit

from . import secret_scan

TOKEN_ENV = "HOUSTON_API_TOKEN"
URL_ENV = "HOUSTON_URL"


def token() -> Optional[str]:
    """The token, without the spaces or line break a shell or a secret store may add around it.

    Set but blank (empty or only whitespace) counts as not set: an empty credential
    is never sent (``authorization: `` would only earn a confusing 401).
    """
    return (os.environ.get(TOKEN_ENV) or "").strip() or None


def blank() -> bool:
    """Is the token set but empty or only whitespace?"""
    value = os.environ.get(TOKEN_ENV)
    return value is not None and not value.strip()


def origin(url: str) -> Optional[Tuple[str, str, int]]:
    """(scheme, host, port) of an http(s) URL, or None if it is not one the token may go to.

    Red team 13, F4: ``http://127.0.0.2:18712\\@127.0.0.1:18711/v1`` is host 127.0.0.1 to
    ``urlsplit`` (after the ``@``) and 127.0.0.2 to the HTTP client (a ``\\`` ends the host for
    it), so a redirect or a repository's URL passed the same-host test and the token went to
    the other host.  A URL with a backslash, user information (``@``), whitespace or control
    characters is never one the token goes to, and the host must be the one the HTTP client
    itself parses (urllib3, which requests uses) as well as ``urlsplit``'s.
    """
    url = url.strip()
    if any(char == "\\" or char.isspace() or ord(char) < 0x20 or ord(char) == 0x7F for char in url):
        return None
    try:
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme not in ("http", "https") or not parts.hostname or "@" in parts.netloc:
            return None
        host, port = parts.hostname.lower(), parts.port or (443 if scheme == "https" else 80)
        from urllib3.util import parse_url

        client = parse_url(url)
        if (client.host or "").lower().strip("[]") != host.strip("[]") or (client.port or port) != port:
            return None
        return scheme, host, port
    except ValueError:  # a bad port, say (urllib3's LocationParseError is a ValueError too)
        return None


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def shown(url: str) -> str:
    """``url`` as it may be printed: its user information (a password) masked, as the request reads it.

    The user information is what precedes the LAST ``@`` of the authority (``user:p@ss@host``: the
    password holds an ``@``), the authority ending at the first ``/``, ``?`` or ``#``, as urllib reads it
    (an ``@`` in a fragment or a query is no user information: red team 21, report 11a, f2).  An
    authority that is no host and port (a password holding ``/``: ``bob:pa55/word@host``) is masked up to
    the URL's last ``@``.  Red team 20, report 11a, F1.
    """
    start = url.find("://")
    if start < 0:
        return url
    rest = url[start + 3 :]
    # Nor its query, parameters or fragment, where keys live (red team 23, report 11a, f3: an error line
    # printed "...?api_key=...;jsessionid=..." into CI logs while evidence lines already cut them).
    word = rest.split(None, 1)[0] if rest.strip() else ""
    return url[: start + 3] + _url_without_credentials(word) + rest[len(word):]


def has_user_information(url: str) -> bool:
    """Does ``url`` hold a user name or password (read as ``shown`` reads it)?"""
    start = url.find("://")
    return start >= 0 and _user_information_end(url[start + 3 :]) >= 0


def _user_information_end(rest: str) -> int:
    """The index of the ``@`` ending the user information in what follows ``://``, or -1."""
    token = rest.split(None, 1)[0] if rest.strip() else ""
    end = min((i for i in (token.find(c) for c in "/?#") if i >= 0), default=len(token))
    authority = token[:end]
    at = authority.rfind("@")
    if at < 0:
        at = token.rfind("@") if "@" in token and _HOST_PORT.fullmatch(authority) is None else -1
    return at


# Where a URL quoted in a sentence ends: a blank, a quote, an angle bracket, a backtick or a closing parenthesis.
_URL_END = frozenset(" \t\r\n\f\v'\"<>`)")


def without_credentials(text: str) -> str:
    """``text`` with every URL in it cut to scheme, host and path: no user information, parameters
    (``;jsessionid=``), query or fragment, where keys and passwords live.

    Evidence quotes the scanned files' URLs, and reports travel further than the scripts (red team 22,
    report 11a, f7: a helper's ``https://svc:PASS@houston.../v1?api_key=...`` reached the JSON, the
    HTML report and ``--explain``).  A URL already cut short inside its user information
    (``https://svc-bot:Pa55...``: a colon and no port) loses its whole authority.  One pass: linear.
    """
    if "://" not in text:
        return _hosts_without_credentials(text) if ("?" in text or "@" in text or ";" in text or "#" in text) else text
    out = []
    at = 0
    while True:
        start = text.find("://", at)
        if start < 0:
            out.append(text[at:])
            return "".join(out)
        end = start + 3
        while end < len(text) and text[end] not in _URL_END:
            end += 1
        out.append(text[at : start + 3])
        out.append(_url_without_credentials(text[start + 3 : end]))
        at = end


_BLANKS = re.compile(r"(\s+)")  # one class run: linear


def _hosts_without_credentials(text: str) -> str:
    """A URL written without its scheme (``houston.acme.com/v1?api_key=...``, as the file-context evidence
    quotes a host): each blank-separated word whose first part is a host (it holds a dot) and that goes on
    with a path is cut as a URL is."""
    words = _BLANKS.split(text)
    for index, word in enumerate(words):
        slash = word.find("/")
        if slash > 0 and "." in word[:slash] and any(c in word for c in "?#;@"):
            words[index] = _url_without_credentials(word)
    return "".join(words)


def _url_without_credentials(rest: str) -> str:
    """What follows ``://`` in a quoted URL, credentials left out (see ``without_credentials``): the user
    information as ``shown`` reads it (a password holding ``/`` or ``@`` included), then the parameters,
    query and fragment."""
    prefix = ""
    at = _user_information_end(rest)
    if at >= 0:
        prefix, rest = "***@", rest[at + 1 :]
    authority_end = min((i for i in (rest.find(c) for c in "/?#;") if i >= 0), default=len(rest))
    authority, path = rest[:authority_end], rest[authority_end:]
    if not prefix and ":" in authority and not authority.startswith("["):
        port = authority.rpartition(":")[2]
        if not (port.isdigit() or port.startswith("{")):  # "host:8080" and "host:{port}" are no password
            authority = "***"
    cut = min((i for i in (path.find(c) for c in "?#;") if i >= 0), default=len(path))
    return prefix + authority + path[:cut]


# A plain authority: a host (or a bracketed IPv6 address) and an optional numeric port; bounded runs.
_HOST_PORT = re.compile(r"(?:\[[0-9A-Fa-f:.]{2,64}\]|[^:\[\]@]{0,255})(?::[0-9]{0,5})?")


def token_for(url: str, *, given_by_person: bool) -> Tuple[Optional[str], Optional[str]]:
    """(token to send to ``url`` or None, one-line reason when a token exists but is withheld)."""
    secret = token()
    if not secret:
        return None, (f"{TOKEN_ENV} is empty: {shown(url)} is asked without a token" if blank() else None)
    where = origin(url)
    if where is None:
        if has_user_information(url):
            return None, f"{shown(url)}: holds a user name or password, which this tool does not send; {TOKEN_ENV} not sent"
        return None, f"{shown(url)}: not an http(s) URL; {TOKEN_ENV} not sent"
    trusted = os.environ.get(URL_ENV, "")
    if not given_by_person and not (trusted and origin(trusted) == where):
        return None, (
            f"{shown(url)}: named only by a configuration file, so {TOKEN_ENV} is not sent there; "
            f"pass it with --schema or set {URL_ENV} to it to send the token"
        )
    if where[0] == "http" and not is_loopback(where[1]):
        return None, f"{shown(url)}: plain http; {TOKEN_ENV} is sent only over https (or to a loopback host)"
    return secret, None


def may_follow_with_token(old_url: str, new_url: str) -> bool:
    """A redirect keeps the token only on the same host and port, or the same host upgraded to https."""
    old, new = origin(old_url), origin(new_url)
    if old is None or new is None or old[1] != new[1]:
        return False
    if new == old:
        return True
    return old[0] == "http" and new[0] == "https" and old[2] == 80 and new[2] == 443


def secrets() -> List[str]:
    """Every secret this process holds: the Houston token, and GitHub's when the review bot runs."""
    values = (token(), (os.environ.get("GITHUB_TOKEN") or "").strip())
    return list(dict.fromkeys(value for value in values if value))


def redact(text: object) -> str:
    """``text`` on one line, with every word holding a token (in any spelling) replaced by ``***``."""
    return secret_scan.redact(text, secrets())


def leaks(text: object, deadline: Optional[float] = None) -> bool:
    """Does ``text`` (a server's answer, say) hold a token in any spelling?  ``secret_scan.ScanTimeout``
    once ``deadline`` (``time.monotonic``) passes."""
    return secret_scan.leaks(str(text), secrets(), deadline)


def scrub(text: str) -> Optional[str]:
    """A whole output (a report, a diff) without any token in any spelling, else unchanged;
    None when a token is spread so that it cannot be cut out (see ``secret_scan.scrub``)."""
    return secret_scan.scrub(text, secrets())


def scrub_line(text: str) -> str:
    """One line of output (an error, a finding on stderr) with any token masked, or withheld whole."""
    cleaned = secret_scan.scrub(text, secrets())
    return secret_scan.WITHHELD if cleaned is None else cleaned
