"""Walk a document's fields together with their schema definitions."""

from __future__ import annotations

from functools import lru_cache
from typing import Iterator, List, Optional, Tuple

from graphql import FieldNode, GraphQLField, TypeInfo, Visitor


class _FieldCollector(Visitor):
    def __init__(self, type_info: TypeInfo) -> None:
        super().__init__()
        self.type_info = type_info
        self.found: List[Tuple[FieldNode, Optional[GraphQLField]]] = []

    def enter_field(self, node: FieldNode, *_args) -> None:
        self.found.append((node, self.type_info.get_field_def()))


# A root field a Runtime-only Houston (1.0.1) no longer serves -> its Runtime twin, which returns
# the same type (both mutations return Deployment: update_deployment_runtime's docstring).
REMOVED_TWINS = {("Mutation", "updateDeploymentAirflow"): "updateDeploymentRuntime"}


class RuleTypeInfo(TypeInfo):
    """A TypeInfo that types the selection of a removed field as its twin's (its own definition stays None).

    Red team 22, report 13, f2: with ``--houston-version 1.0.1`` the schema has no
    ``updateDeploymentAirflow``, so the fields under it had no parent type: the rules
    renamed the mutation but not the ``desiredAirflowVersion`` it reads, and a second
    run (now under ``updateDeploymentRuntime``) changed the file again.  The rules
    judge the selection as it will be once the mutation is migrated.
    """

    def enter_field(self, node: FieldNode) -> None:
        super().enter_field(node)
        if self._type_stack[-1] is not None:
            return
        parent = self.get_parent_type()
        twin = REMOVED_TWINS.get((parent.name, node.name.value)) if parent is not None else None
        if twin is not None:
            definition = getattr(parent, "fields", {}).get(twin)
            if definition is not None:
                self._type_stack[-1] = definition.type


def fields_with_definitions(ctx) -> Iterator[Tuple[FieldNode, Optional[GraphQLField]]]:
    """Every field node of the document, with its definition in the schema (or None)."""
    if ctx.fields_cache is None:
        type_info = RuleTypeInfo(ctx.schema.schema)
        collector = _FieldCollector(type_info)
        typed_visit(ctx.document, type_info, collector)
        ctx.fields_cache = collector.found
    return iter(ctx.fields_cache)


def typed_visit(root, type_info: TypeInfo, visitor: Visitor) -> None:
    """``visit(root, TypeInfoVisitor(type_info, visitor))`` for a visitor that only reads.

    For visitors whose methods read the node (and the TypeInfo) and return None:
    the same nodes (graphql-core's default keys), depth first, the TypeInfo's
    method then the visitor's on entering, the visitor's then the TypeInfo's on
    leaving, as ``TypeInfoVisitor`` orders them.  The generic visit asked two
    visitors for each node's functions; here the TypeInfo's come from a table
    filled once per process (issue 15: rules walk every Houston document).  A
    loop with its own stack, as visit is: no depth limit of its own.
    """
    from graphql.language.ast import QUERY_DOCUMENT_KEYS

    table = type_info_table(type(type_info))
    functions = visitor.get_enter_leave_for_kind
    stack = [(root, False)]
    while stack:
        node, leaving = stack.pop()
        kind = node.kind
        type_enter, type_leave = table(kind)
        enter, leave = functions(kind)
        if leaving:
            if leave is not None:
                leave(node)
            if type_leave is not None:
                type_leave(type_info)  # TypeInfo's leave_* methods take no node
            continue
        if type_enter is not None:
            type_enter(type_info, node)
        if enter is not None:
            enter(node)
        stack.append((node, True))
        children = []
        for name in QUERY_DOCUMENT_KEYS.get(kind, ()):
            child = getattr(node, name, None)
            if child is None:
                continue
            if type(child) is tuple:
                children.extend(item for item in child if item is not None)
            else:
                children.append(child)
        stack.extend((child, False) for child in reversed(children))


@lru_cache(maxsize=None)
def type_info_table(type_info: type):
    """kind -> the TypeInfo class's (enter_KIND, leave_KIND) functions (None each if it has none), once.

    Shared with :mod:`codemods.validate`'s usage walk: one table per TypeInfo class.
    """
    table: dict = {}

    def get(kind: str):
        found = table.get(kind)
        if found is None:
            found = table[kind] = (getattr(type_info, f"enter_{kind}", None), getattr(type_info, f"leave_{kind}", None))
        return found

    return get
