"""Walk a document's fields together with their schema definitions."""

from __future__ import annotations

from functools import lru_cache
from typing import Iterator, List, Optional, Tuple

from graphql import FieldNode, GraphQLField, TypeInfo, TypeInfoVisitor, Visitor, visit


class _FieldCollector(Visitor):
    def __init__(self, type_info: TypeInfo) -> None:
        super().__init__()
        self.type_info = type_info
        self.found: List[Tuple[FieldNode, Optional[GraphQLField]]] = []

    def enter_field(self, node: FieldNode, *_args) -> None:
        self.found.append((node, self.type_info.get_field_def()))


def fields_with_definitions(ctx) -> Iterator[Tuple[FieldNode, Optional[GraphQLField]]]:
    """Every field node of the document, with its definition in the schema (or None)."""
    if ctx.fields_cache is None:
        type_info = TypeInfo(ctx.schema.schema)
        found: List[Tuple[FieldNode, Optional[GraphQLField]]] = []
        try:
            _typed_fields(ctx.document, type_info, found)
        except RecursionError:  # deeper than a plain walk goes: graphql-core's visit (a loop) does it
            type_info = TypeInfo(ctx.schema.schema)
            collector = _FieldCollector(type_info)
            visit(ctx.document, TypeInfoVisitor(type_info, collector))
            found = collector.found
        ctx.fields_cache = found
    return iter(ctx.fields_cache)


def _typed_fields(node, type_info: TypeInfo, found: list) -> None:
    """What ``visit(node, TypeInfoVisitor(type_info, _FieldCollector(type_info)))`` collects, walked plainly.

    The generic visit asked for each node's functions through two visitors; this
    goes over the same children (graphql-core's default keys) making the same
    TypeInfo calls, in the same order (issue 15: a rule's walk of every document).
    """
    from graphql.language.ast import QUERY_DOCUMENT_KEYS

    tables = _type_info_table(type(type_info))

    def walk(node) -> None:
        kind = node.kind
        enter, leave = tables(kind)
        if enter is not None:
            enter(type_info, node)
        if kind == "field":
            found.append((node, type_info.get_field_def()))
        for name in QUERY_DOCUMENT_KEYS.get(kind, ()):
            child = getattr(node, name, None)
            if child is None:
                continue
            if type(child) is tuple:
                for item in child:
                    if item is not None:
                        walk(item)
            else:
                walk(child)
        if leave is not None:
            leave(type_info)  # TypeInfo's leave_* methods take no node

    walk(node)


@lru_cache(maxsize=None)
def _type_info_table(type_info: type):
    """kind -> the TypeInfo class's (enter_KIND, leave_KIND) functions (None each if it has none), once."""
    table: dict = {}

    def get(kind: str):
        found = table.get(kind)
        if found is None:
            found = table[kind] = (getattr(type_info, f"enter_{kind}", None), getattr(type_info, f"leave_{kind}", None))
        return found

    return get
