"""HOUSTON_API_TOKEN: which URLs may receive it, and how it is kept out of every message.

The token is the person's own Houston credential.  It is sent only to a URL that
person gave: on the command line (``--schema URL``, ``--versions-from URL``,
``schema fetch URL``) or in the ``HOUSTON_URL`` environment variable (a URL of the
same origin, scheme + host + port, counts as that one).  A URL that only a file
in the repository names (``[tool.houston-codemod] schema``) is someone else's
choice, and in a pull-request bot that someone is the pull request's author: it
gets no token.  Plain http carries the token only to a loopback host.

Every message that may contain text from a server or from an exception passes
through :func:`redact`, which removes the token in any letter case, percent-encoded,
JSON-escaped and base64-encoded.
"""

from __future__ import annotations

import base64
import ipaddress
import json
import os
import re
from typing import Optional, Tuple
from urllib.parse import quote, quote_plus, urlsplit

TOKEN_ENV = "HOUSTON_API_TOKEN"
URL_ENV = "HOUSTON_URL"


def token() -> Optional[str]:
    return os.environ.get(TOKEN_ENV) or None


def origin(url: str) -> Optional[Tuple[str, str, int]]:
    """(scheme, host, port) of an http(s) URL, or None if it is not one."""
    try:
        parts = urlsplit(url.strip())
        scheme = parts.scheme.lower()
        if scheme not in ("http", "https") or not parts.hostname:
            return None
        return scheme, parts.hostname.lower(), parts.port or (443 if scheme == "https" else 80)
    except ValueError:  # a bad port, say
        return None


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def token_for(url: str, *, given_by_person: bool) -> Tuple[Optional[str], Optional[str]]:
    """(token to send to ``url`` or None, one-line reason when a token exists but is withheld)."""
    secret = token()
    if not secret:
        return None, None
    where = origin(url)
    if where is None:
        return None, f"{url}: not an http(s) URL; {TOKEN_ENV} not sent"
    trusted = os.environ.get(URL_ENV, "")
    if not given_by_person and not (trusted and origin(trusted) == where):
        return None, (
            f"{url}: named only by a configuration file, so {TOKEN_ENV} is not sent there; "
            f"pass it with --schema or set {URL_ENV} to it to send the token"
        )
    if where[0] == "http" and not is_loopback(where[1]):
        return None, f"{url}: plain http; {TOKEN_ENV} is sent only over https (or to a loopback host)"
    return secret, None


def may_follow_with_token(old_url: str, new_url: str) -> bool:
    """A redirect keeps the token only on the same host and port, or the same host upgraded to https."""
    old, new = origin(old_url), origin(new_url)
    if old is None or new is None or old[1] != new[1]:
        return False
    if new == old:
        return True
    return old[0] == "http" and new[0] == "https" and old[2] == 80 and new[2] == 443


def _spellings(secret: str):
    encoded = secret.encode("utf-8", "surrogatepass")
    forms = {
        secret,
        quote(secret, safe=""),
        quote_plus(secret),
        quote(secret),
        json.dumps(secret)[1:-1],
        base64.b64encode(encoded).decode("ascii"),
        base64.urlsafe_b64encode(encoded).decode("ascii"),
        base64.b64encode(encoded).decode("ascii").rstrip("="),
        secret.encode("unicode_escape").decode("ascii"),
        " ".join(secret.split()),  # as it reads once a message is put on one line
    }
    return sorted((form for form in forms if form), key=len, reverse=True)


def redact(text: object) -> str:
    """``text`` on one line, with the token (in every spelling we know of) replaced by ``***``."""
    secret = token()
    line = str(text)
    if secret:
        line = _without(line, secret)
    line = " ".join(line.split())
    return _without(line, secret) if secret else line


def _without(text: str, secret: str) -> str:
    for form in _spellings(secret):
        text = re.sub(re.escape(form), "***", text, flags=re.IGNORECASE)  # a literal: linear
    return text
