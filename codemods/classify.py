"""Is a document bound for Houston, or for another GraphQL API?

Evidence, strongest first:

1. the URL of the call that sends it (one naming ``houston`` is Houston; one of
   a known other GraphQL API, or with a ``/graphql`` path, which Houston never
   serves, is not);
2. the name the script gives it: ``HOUSTON_WORKSPACES`` is Houston's,
   ``ASTRO_CLOUD_WORKSPACES`` or ``GITHUB_QUERY`` another API's (scripts that
   talk to both often keep all their documents in one constants module);
3. the file: a file that never mentions Houston and whose URLs all belong to
   other GraphQL APIs talks to those APIs;
4. the document's root fields: none of them Houston's means another API, and so
   does a root field called with arguments that are mostly unknown to Houston
   (``createDeployment(service:, environment:)`` on an in-house tracker).

A URL we cannot place decides nothing: Houston often sits behind a company's
own host name.
"""

from __future__ import annotations

import re
from typing import Iterable, Optional

from .houston_schema import HoustonSchema
from .model import Source

_HOUSTON_URL = re.compile(r"houston", re.IGNORECASE)
# Astro (cloud) API, GitHub, and the /graphql path of most other servers (Houston serves /v1).
_OTHER_API_URL = re.compile(r"api\.astronomer\.io|api\.github\.com|/graphql\b", re.IGNORECASE)


def url_verdict(hints: Iterable[Optional[str]]) -> Optional[bool]:
    """True/False when a call site's URL decides it, None when no URL is known."""
    verdict = None
    for hint in hints:
        if hint is None:
            continue
        if _HOUSTON_URL.search(hint):
            return True
        if _OTHER_API_URL.search(hint):
            verdict = False
    return verdict


_URL = re.compile(r"https?://[^\s'\"]+", re.IGNORECASE)


# Houston named as a host (houston.example.com, f"houston.{domain}") or an endpoint
# setting (HOUSTON_URL, houston_api); prose that merely compares with Houston is not.
_HOUSTON_ENDPOINT = re.compile(r"houston\.|houston_?(?:url|host|api|endpoint|domain)", re.IGNORECASE)


# Words of a Python name that point at another GraphQL API than Houston.
_OTHER_API_WORDS = frozenset({"cloud", "github", "gitlab", "hasura", "hub"})
_WORD = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+")


def name_verdict(names: Iterable[str]) -> Optional[bool]:
    """True for HOUSTON_*, False for ASTRO_CLOUD_* / GITHUB_* and the like, else None."""
    words = [{w.lower() for w in _WORD.findall(name)} for name in names]
    if any("houston" in w for w in words):
        return True
    if any(w & _OTHER_API_WORDS for w in words):
        return False
    return None


def file_verdict(text: str) -> Optional[bool]:
    """False when a file never names a Houston endpoint and all its URLs are other GraphQL APIs'."""
    if _HOUSTON_ENDPOINT.search(text):
        return None
    urls = _URL.findall(text)
    if urls and all(_OTHER_API_URL.search(url) for url in urls):
        return False


def _arguments_fit(selection, definition) -> bool:
    """At least half of the arguments given are ones Houston's field declares."""
    given = [argument.name.value for argument in selection.arguments or ()]
    known = sum(name in definition.args for name in given)
    return not given or known * 2 >= len(given)
    return None


def is_houston(document, schema: HoustonSchema, source: Optional[Source] = None) -> bool:
    from graphql import FragmentDefinitionNode, OperationDefinitionNode

    if source is not None:
        verdict = url_verdict(site.target_hint for site in source.sites)
        if verdict is None:
            verdict = name_verdict(source.names)
        if verdict is None:
            verdict = source.file_verdict
        if verdict is not None:
            return verdict
    for definition in document.definitions:
        if isinstance(definition, OperationDefinitionNode):
            root = schema.root_type(definition.operation.value)
            for selection in definition.selection_set.selections:
                name = getattr(getattr(selection, "name", None), "value", None)
                if root is not None and name in root.fields and _arguments_fit(selection, root.fields[name]):
                    return True
        elif isinstance(definition, FragmentDefinitionNode):
            if schema.has_type(definition.type_condition.name.value):
                return True
    return False
