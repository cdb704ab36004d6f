"""Walk a document's fields together with their schema definitions."""

from __future__ import annotations

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
        collector = _FieldCollector(type_info)
        visit(ctx.document, TypeInfoVisitor(type_info, collector))
        ctx.fields_cache = collector.found
    return iter(ctx.fields_cache)
