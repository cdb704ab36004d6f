"""Is a schema of the project a copy of Houston's?  Weighed on the whole schema, never on one word.

A schema kept in the project is evidence about its documents two ways: the project's own API (its
clients' documents are not Houston's: ``project_sdl``) or a copy of Houston's schema kept for codegen,
an IDE or a contract test (its documents *are* Houston's).  Which one it is was decided by a word:

* red team 20, report 12, F10: an inventory SDL declaring ``workspaceUuid: String`` (keyed by Astronomer
  workspaces) was discarded as "a Houston schema kept there", although it contradicts Houston's schema
  (``workspaceUuid`` is Houston's ``Uuid``, ``upsertDeployment`` takes no ``owner``), so its client's
  document was judged Houston's, got a false error and was rewritten;
* F13: a contract test executing Houston documents against a stub of Houston's schema
  (``build_schema(open("tests/houston.graphql").read())``, ``graphql_sync(SCHEMA, CREATE)``) counted as
  execution against the project's own API, evidence against Houston, unless the variable was named
  ``HOUSTON_STUB``.

The rule, in one place: a schema is Houston's when every root field it declares (query, mutation,
subscription) is a root field of Houston's (any platform version: the bundled SDL's union), and each of
their arguments is an argument Houston's field takes, of the same named type, and some argument has one
of Houston's own types (``workspaceUuid: Uuid!``): a schema of built-in scalars only
(``upsertDeployment(releaseName: String!, airflowVersion: String)``, a catalog mirroring Houston's names)
cannot be told from the project's own API, which the project's SDL always counted as.  One root field of
its own, or one argument Houston's field lacks or types otherwise, and it is another API's.  Linear in the schema's
root fields and arguments; Houston's schema is built once per process.
"""

from __future__ import annotations

import re
from typing import Optional

# A Houston word in an SDL text: only such a text is built to be compared (one search of the text).
_HOUSTON_WORDS = re.compile(r"\b(?:workspaceUuid|deploymentUuid|releaseName|airflowVersion|runtimeVersion|Uuid)\b")


_BUILT_IN = frozenset({"String", "Int", "Float", "Boolean", "ID"})


def _named(type_):
    while hasattr(type_, "of_type"):
        type_ = type_.of_type
    return getattr(type_, "name", None)


def agrees(schema) -> bool:
    """Every root field of ``schema`` is Houston's, with arguments Houston's field takes, of the same named types."""
    from .gather_vocabulary import every_version_schema

    houston = every_version_schema()
    roots = typed = 0
    for mine, theirs in ((schema.query_type, houston.query_type), (schema.mutation_type, houston.mutation_type),
                         (schema.subscription_type, houston.subscription_type)):
        if mine is None:
            continue
        for name, field in mine.fields.items():
            other = theirs.fields.get(name) if theirs is not None else None
            if other is None:
                return False
            for argument, value in field.args.items():
                given = other.args.get(argument)
                if given is None or _named(given.type) != _named(value.type):
                    return False
                typed += _named(value.type) not in _BUILT_IN
            roots += 1
    return roots > 0 and typed > 0


def sdl_is_houstons(text: str) -> Optional[bool]:
    """Is this SDL text a copy of Houston's schema?  False when it names no Houston word; None when it
    names one but does not build (a fragment): the caller keeps its former, conservative answer."""
    if _HOUSTON_WORDS.search(text) is None:
        return False
    from graphql import GraphQLError

    from .project_sdl import _built_sdl

    try:
        schema = _built_sdl(text)
    except (GraphQLError, TypeError, ValueError, RecursionError, KeyError, AttributeError):
        return None
    return agrees(schema)
