"""Talking to a live Houston with gql: its schema, and its Runtime releases.

The token comes from ``HOUSTON_API_TOKEN`` and is sent as the ``authorization``
header, the way the Astro CLI sends it.  It never appears in anything we print
or write: every message that leaves this module passes through ``_redact``.
Nothing here runs unless the person gave a URL.
"""

from __future__ import annotations

import os
import re
from typing import Dict, List, Optional

from .houston_schema import one_line
from .versions import VersionTable

TOKEN_ENV = "HOUSTON_API_TOKEN"
TIMEOUT = 30
RUNTIME_RELEASES = "query RuntimeReleases($airflowVersion: String) { runtimeReleases(airflowVersion: $airflowVersion) { version } }"


class LiveError(Exception):
    """A live Houston could not answer; the message is one line and carries no secret."""


def _token() -> Optional[str]:
    return os.environ.get(TOKEN_ENV) or None


def _redact(text: str) -> str:
    token = _token()
    text = one_line(text)
    return text.replace(token, "***") if token else text


def _execute(url: str, document: str, variables: Optional[dict] = None, timeout: int = TIMEOUT) -> dict:
    """Run one operation; map every failure to a one-line LiveError."""
    import requests
    from gql import Client, GraphQLRequest
    from gql.transport.exceptions import TransportConnectionFailed, TransportQueryError, TransportServerError
    from gql.transport.requests import RequestsHTTPTransport

    headers = {"authorization": _token()} if _token() else {}
    transport = RequestsHTTPTransport(url=url, headers=headers, timeout=timeout, retries=0)
    try:
        with Client(transport=transport, execute_timeout=timeout) as session:
            return session.execute(GraphQLRequest(document, variable_values=variables))
    except TransportServerError as exc:
        code = getattr(exc, "code", None)
        if code in (401, 403):
            raise LiveError(f"{url}: the token was rejected (HTTP {code}); set {TOKEN_ENV} to a valid API token") from None
        raise LiveError(f"{url}: server error: {_redact(str(exc))}") from None
    except TransportQueryError as exc:
        raise LiveError(f"{url}: {_query_error(exc)}") from None
    except requests.exceptions.Timeout:
        raise LiveError(f"{url}: no answer within {timeout} s") from None
    except (requests.exceptions.RequestException, TransportConnectionFailed) as exc:
        if "timed out" in str(exc).lower():
            raise LiveError(f"{url}: no answer within {timeout} s") from None
        raise LiveError(f"{url}: unreachable: {_reason(exc)}") from None
    except Exception as exc:  # gql wraps transport failures in several ways
        raise LiveError(f"{url}: {type(exc).__name__}: {_redact(str(exc)) or 'request failed'}") from None


def _query_error(exc) -> str:
    errors = getattr(exc, "errors", None) or []
    message = errors[0].get("message", "") if errors and isinstance(errors[0], dict) else str(exc)
    if re.search(r"introspection", message, re.IGNORECASE):
        return f"introspection is disabled on this Houston ({_redact(message)}); use a schema file instead"
    if re.search(r"auth|token|permission", message, re.IGNORECASE):
        return f"the token was rejected: {_redact(message)}"
    return _redact(message)


def _reason(exc) -> str:
    text = str(exc)
    match = re.search(r"\[Errno [^\]]+\] [^')\"]+|Connection refused|Name or service not known|timed out", text)
    return _redact(match.group(0) if match else type(exc).__name__)


def fetch_sdl(url: str, timeout: int = TIMEOUT) -> str:
    """Introspect ``url`` (deprecated arguments and input fields included) and print SDL."""
    from graphql import build_client_schema, get_introspection_query, print_schema

    result = _execute(url, get_introspection_query(input_value_deprecation=True), timeout=timeout)
    if "__schema" not in (result or {}):
        raise LiveError(f"{url}: the answer holds no schema; introspection may be disabled")
    try:
        return print_schema(build_client_schema(result)) + "\n"
    except Exception as exc:
        raise LiveError(f"{url}: the introspection result does not build a schema: {_redact(str(exc))}") from None


def _version_key(version: str):
    return tuple(int(part) if part.isdigit() else 0 for part in re.split(r"[.\-]", version))


class LiveVersionTable(VersionTable):
    """AC -> Runtime from Houston's own ``runtimeReleases(airflowVersion:)``: the highest release.

    That is what ``astro deployment runtime migrate`` requests, so the answer
    matches the platform's own catalogue (which an install can override).
    """

    def __init__(self, url: str, timeout: int = TIMEOUT) -> None:
        super().__init__({})
        self.url = url
        self.timeout = timeout
        self.cache: Dict[str, List[str]] = {}

    def releases(self, airflow: str) -> List[str]:
        if airflow not in self.cache:
            data = _execute(self.url, RUNTIME_RELEASES, {"airflowVersion": airflow}, self.timeout)
            self.cache[airflow] = [r["version"] for r in data.get("runtimeReleases") or () if r and r.get("version")]
        return self.cache[airflow]

    def runtime_for(self, ac_version: str) -> Optional[str]:
        releases = self.releases(ac_version.strip().split("-", 1)[0])
        return max(releases, key=_version_key) if releases else None
