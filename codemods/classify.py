"""Is a document bound for Houston, or for another GraphQL API?

Evidence, strongest first: the URL the script posts it to (one naming
``houston`` is Houston; one of a known other GraphQL API, or ending in a
``/graphql`` path, which Houston never uses, is not), then the document's root
fields (Houston's, or none of them).  A URL we cannot place decides nothing:
Houston often sits behind a company's own host name.
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


def is_houston(document, schema: HoustonSchema, source: Optional[Source] = None) -> bool:
    from graphql import FragmentDefinitionNode, OperationDefinitionNode

    if source is not None:
        verdict = url_verdict(site.target_hint for site in source.sites)
        if verdict is not None:
            return verdict
    for definition in document.definitions:
        if isinstance(definition, OperationDefinitionNode):
            known = schema.root_field_names(definition.operation.value)
            for selection in definition.selection_set.selections:
                name = getattr(getattr(selection, "name", None), "value", None)
                if name is not None and name != "__typename" and name in known:
                    return True
        elif isinstance(definition, FragmentDefinitionNode):
            if schema.has_type(definition.type_condition.name.value):
                return True
    return False
