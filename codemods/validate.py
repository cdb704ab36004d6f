"""Validate documents with graphql-core's own rules; report at file positions.

Every error carries the code of the rule that found it (``FieldsOnCorrectTypeRule``
-> ``fields-on-correct-type``).  Use of a deprecated schema item (the AC side of
the migration) is a warning, not an error.  Errors that point into a template
hole are dropped: the hole's value is not known until the script runs.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterator, List, Tuple

from graphql import (
    GraphQLError,
    NoDeprecatedCustomRule,
    NoUnusedFragmentsRule,
    OperationDefinitionNode,
    specified_rules,
    validate,
)

from .model import ERROR, WARNING
from .rules.context import DocumentContext

DEPRECATED_CODE = "deprecated"


def rule_code(rule: type) -> str:
    name = re.sub(r"Rule$", "", rule.__name__)
    return re.sub(r"(?<!^)(?=[A-Z])", "-", name).lower()


class _TaggingContext:
    """The validation context as one rule sees it: errors it reports carry its code."""

    def __init__(self, context, code: str, severity: str) -> None:
        self._context, self._code, self._severity = context, code, severity

    def report_error(self, error: GraphQLError) -> None:
        error.extensions = {"code": self._code, "severity": self._severity}
        self._context.report_error(error)

    def __getattr__(self, name: str):
        return getattr(self._context, name)


@lru_cache(maxsize=None)
def _tagged_rules(deprecation_severity: str) -> Tuple[type, ...]:
    """Each rule as a subclass whose context stamps its code and severity on its errors."""
    tagged = []
    for rule, code, severity in [(r, rule_code(r), ERROR) for r in specified_rules] + [
        (NoDeprecatedCustomRule, DEPRECATED_CODE, deprecation_severity)
    ]:

        def __init__(self, context, _rule=rule, _code=code, _severity=severity) -> None:
            _rule.__init__(self, _TaggingContext(context, _code, _severity))

        tagged.append(type(rule.__name__, (rule,), {"__init__": __init__}))
    return tuple(tagged)


def validate_document(ctx: DocumentContext, *, deprecation_severity: str = WARNING) -> None:
    rules = _tagged_rules(deprecation_severity)
    if not any(isinstance(d, OperationDefinitionNode) for d in ctx.document.definitions):
        # A fragment library (FIELDS = "fragment F on Deployment {...}") is spliced into
        # operations elsewhere: its fragments are used there, not here.
        rules = tuple(rule for rule in rules if not issubclass(rule, NoUnusedFragmentsRule))
    errors = validate(ctx.schema.schema, ctx.document, rules)
    for error, start, end in _located(ctx, errors):
        extensions = error.extensions or {}
        ctx.finding_at(
            start, end, extensions.get("severity", ERROR), extensions.get("code", "invalid"), _message(error)
        )


def _located(ctx: DocumentContext, errors: List[GraphQLError]) -> Iterator[Tuple[GraphQLError, int, int]]:
    text_map = ctx.source.text_map
    for error in errors:
        nodes = [n for n in error.nodes or () if n.loc is not None]
        if nodes:
            start, end = nodes[0].loc.start, nodes[0].loc.end
            if any(_touches_hole(text_map, n) for n in nodes):
                continue
        elif error.positions:
            start = end = error.positions[0]
        else:
            start = end = 0
        yield error, start, end


def _touches_hole(text_map, node) -> bool:
    """Does the node's own token (its name, or the whole node if nameless) sit in a hole?"""
    name = getattr(node, "name", None)
    span = name.loc if name is not None and name.loc is not None else node.loc
    return text_map.hole_at(span.start, span.end) is not None


# What replaces an Astronomer Certified item a Runtime-only Houston (1.0.1+) no longer serves.
_AC_HINTS = {
    "'airflowVersion' on field": "pass runtimeVersion instead (houston-codemod rewrite does it)",
    "'desiredAirflowVersion' on field": "pass desiredRuntimeVersion instead (houston-codemod rewrite does it)",
    "field 'updateDeploymentAirflow'": "call updateDeploymentRuntime instead (houston-codemod rewrite does it)",
    "field 'airflowVersion'": "select runtimeVersion or runtimeAirflowVersion instead",
    "field 'desiredAirflowVersion'": "select desiredRuntimeVersion instead",
    "field 'airflowImages'": "query runtimeReleases instead",
    "field 'airflowVersions'": "query runtimeReleases instead",
    "field 'defaultAirflowImageTag'": "query runtimeReleases instead",
}


def _message(error: GraphQLError) -> str:
    from .version_hints import hint as version_hint

    message = " ".join(error.message.split())
    for needle, hint in _AC_HINTS.items():
        if needle in message and message.startswith(("Unknown argument", "Cannot query field")):
            return f"{message} Astronomer Certified items are gone from Houston 1.0.1: {hint}."
    served = version_hint(message)
    return f"{message} {served}" if served else message
