"""Which platform version serves a schema element a document uses but the selected version lacks.

A Houston document is validated against one platform version's schema.  When
it uses a field, argument, enum value or type that version does not serve,
graphql-core says "Cannot query field" or "Unknown argument"; if another
platform version does serve it, that is almost always the real problem (the
script targets a newer or older Houston), so the error says which version
introduced or removed the element and how to select one that serves it.

The facts come from the annotated bundled SDL (``@since``/``@removed``, see
:mod:`schema_versions`); an element with neither annotation was always
served, so it gets no hint.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Dict, Optional, Tuple

Span = Tuple[Optional[str], Optional[str]]  # (since, removed)

_PATTERNS = (
    (re.compile(r"^Cannot query field '(\w+)' on type '(\w+)'"), lambda m: f"{m.group(2)}.{m.group(1)}"),
    (re.compile(r"^Unknown argument '(\w+)' on field '(\w+)\.(\w+)'"), lambda m: f"{m.group(2)}.{m.group(3)}({m.group(1)}:)"),
    (re.compile(r"^Value '(\w+)' does not exist in '(\w+)' enum"), lambda m: f"{m.group(2)}.{m.group(1)}"),
    (re.compile(r"^Field '(\w+)\.(\w+)' is not defined by type"), lambda m: f"{m.group(1)}.{m.group(2)}"),
    (re.compile(r"^Unknown type '(\w+)'"), lambda m: m.group(1)),
)


@lru_cache(maxsize=1)
def _served() -> Dict[str, Span]:
    """Schema coordinate (``Query.deployments``, ``Mutation.createDeployment(runtimeVersion:)``) -> (since, removed)."""
    from graphql import parse

    from .schema_versions import bundled_sdl

    spans: Dict[str, Span] = {}

    def span(node) -> Span:
        found = {d.name.value: d.arguments[0].value.value for d in node.directives or () if d.name.value in ("since", "removed")}
        return found.get("since"), found.get("removed")

    for definition in parse(bundled_sdl()).definitions:
        name = getattr(getattr(definition, "name", None), "value", None)
        if name is None:
            continue
        spans[name] = span(definition)
        for field in getattr(definition, "fields", None) or ():
            spans[f"{name}.{field.name.value}"] = span(field)
            for argument in getattr(field, "arguments", None) or ():
                spans[f"{name}.{field.name.value}({argument.name.value}:)"] = span(argument)
        for value in getattr(definition, "values", None) or ():
            spans[f"{name}.{value.name.value}"] = span(value)
    return spans


def hint(message: str) -> Optional[str]:
    """A sentence to add to a validation error, or None when no platform version explains it."""
    for pattern, coordinate in _PATTERNS:
        match = pattern.match(message)
        if match is None:
            continue
        where = coordinate(match)
        since, removed = _served().get(where, (None, None))
        if since and removed:
            return (
                f"{where} is served from Houston {since} until {removed} (removed there): "
                f"select such a platform version with --houston-version {since}."
            )
        if since:
            return f"{where} was introduced in Houston {since}: select it with --houston-version {since} or later."
        if removed:
            return f"{where} was removed in Houston {removed}: --houston-version with an earlier version still serves it."
        return None
    return None
