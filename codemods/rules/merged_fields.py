"""Which fields answer under the same response key once fragments are expanded.

Why this exists: GraphQL merges every field a selection set reaches, through
inline fragments and fragment spreads at any depth, into one response object
(the spec's "field selections merging", graphql-core's
OverlappingFieldsCanBeMerged).  A rule that renames a field at one spot changes
every selection set that reaches that spot: a fragment spread from three
places is rewritten for all three at once.  So before renaming, a rule must see
the whole merge closure of the field, not only the fields written beside it.

The model is a graph of *owners*, the selection sets that become one response
object: an operation's, a field's, and a fragment definition's.  Each owner
holds the fields written in it (directly or inside inline fragments, at any
depth) and the fragments it spreads.  Owners and fields are identified by the
file offset of their first token, so the same literal seen by several
documents of one Python module (a fragment constant concatenated into several
queries, or sent beside them) is one owner, and a fragment spread by a
document that does not define it resolves to the module's definitions of that
name.

Everything here is linear in the documents' size, except the response-key
groups, which cost (spread edges) x (distinct keys asked for); that work is
counted and bounded, and past the bound the graph says ``overflow`` so that a
rule can refuse to decide rather than take quadratic time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Dict, Iterable, List, Optional, Set, Tuple

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    OperationDefinitionNode,
    TypeInfo,
    Visitor,
)

# Key-group work allowed per element of the graph (plus a floor), before ``overflow``.
WORK_PER_ELEMENT = 16
WORK_FLOOR = 50_000


@dataclass
class FieldRef:
    """One field as written: where, under which response key, on which parent type."""

    offset: int  # file offset of the field's name: its identity
    name: str
    key: str
    parent: Optional[str]
    # The selection sets it is written in: more than one when the same characters are
    # spliced into several places (a constant concatenated twice, or into several documents).
    owners: List["Owner"]
    occurrences: List[Tuple[int, FieldNode]] = field(default_factory=list)  # (document index, node)

    @property
    def owner(self) -> "Owner":
        return self.owners[0]


@dataclass
class Owner:
    """A selection set whose fields land in one response object."""

    anchor: Tuple[str, int]  # ("operation" | "field" | "fragment", file offset of its first token)
    label: str  # "fragment G", "field deployment", "operation"
    fragment: Optional[str] = None
    fields: List[FieldRef] = field(default_factory=list)
    spreads: List[Tuple[str, int, int]] = field(default_factory=list)  # (name, document index, file offset)
    spread_names: Set[Tuple[str, int]] = field(default_factory=set)  # (name, document index): each once
    children: List["Owner"] = field(default_factory=list)  # fragments it spreads (resolved)
    spreaders: List["Owner"] = field(default_factory=list)  # owners spreading it (a fragment)
    unresolved: List[Tuple[str, int]] = field(default_factory=list)  # (fragment name, file offset)
    documents: Set[int] = field(default_factory=set)  # indexes of the documents it is written in
    # (document index, document offset of the top-level definition it is written in): which
    # operation or fragment of a document holds it (red team 22, report 13, f1).
    tops: Set[Tuple[int, int]] = field(default_factory=set)
    # (response key, anchor of the field's own selection set) for each field written here with a
    # selection set, recorded whatever ``keep`` says: same-key ones are one response object.
    subobjects: List[Tuple[str, Tuple[str, int]]] = field(default_factory=list)


class MergeGraph:
    """Owners of one or more documents of a file, with their fragment spreads resolved."""

    def __init__(self) -> None:
        self.owners: Dict[Tuple[str, int], Owner] = {}
        self.fields: Dict[int, FieldRef] = {}
        self._definitions: Dict[int, Dict[str, List[Owner]]] = {}  # document -> name -> its definitions
        self._file_definitions: Dict[str, List[Owner]] = {}
        self.unparsed_spreads: Dict[str, int] = {}  # fragment name -> file offset, in documents not parsed
        self.documents: int = 0
        self.cyclic = False
        self.overflow = False
        self._resolved = False

    # -- building ---------------------------------------------------------------------------------
    def add_document(self, index: int, document, schema, file_offset, keep=None) -> None:
        """Add a parsed document; ``file_offset`` maps a document offset to the file's.

        ``keep(parent type name, field node)`` says which fields a rule asks about
        (default: all); the others are not recorded, which keeps a large module's
        graph small.  Selection sets and spreads are always recorded.
        """
        from .walk import RuleTypeInfo, typed_visit

        type_info = RuleTypeInfo(schema)
        builder = _Builder(self, index, type_info, file_offset, keep)
        typed_visit(document, type_info, builder)  # visit(document, TypeInfoVisitor(type_info, builder)), for less
        self.documents += 1

    def add_unparsed_spreads(self, names: Iterable[Tuple[str, int]]) -> None:
        """Fragment names spread by a document that could not be parsed (a template, say)."""
        for name, offset in names:
            self.unparsed_spreads.setdefault(name, offset)

    def _owner(self, index: int, kind: str, offset: int, label: str, fragment: Optional[str] = None) -> Owner:
        anchor = (kind, offset)
        owner = self.owners.get(anchor)
        if owner is None:
            owner = self.owners[anchor] = Owner(anchor, label, fragment)
        owner.documents.add(index)
        return owner

    def _field(self, owner: Owner, index: int, node: FieldNode, parent: Optional[str], offset: int) -> FieldRef:
        ref = self.fields.get(offset)
        if ref is None:
            key = node.alias.value if node.alias else node.name.value
            ref = self.fields[offset] = FieldRef(offset, node.name.value, key, parent, [owner])
            owner.fields.append(ref)
        elif all(known is not owner for known in ref.owners):
            ref.owners.append(owner)
            owner.fields.append(ref)
        ref.occurrences.append((index, node))
        return ref

    def resolve(self) -> None:
        """Link each spread to the fragment it names: the document's own, else the file's."""
        if self._resolved:
            return
        self._resolved = True
        self._merge_same_key_objects()
        for owner in self.owners.values():
            seen: Set[Tuple[str, int]] = {c.anchor for c in owner.children}
            for name, index, offset in owner.spreads:
                targets = self._definitions.get(index, {}).get(name) or self._file_definitions.get(name) or []
                if not targets:
                    owner.unresolved.append((name, offset))
                for target in targets:
                    if target.anchor not in seen:
                        seen.add(target.anchor)
                        owner.children.append(target)
                        target.spreaders.append(owner)
        self._find_cycles()

    def _targets(self, name: str, index: int) -> List[Owner]:
        return self._definitions.get(index, {}).get(name) or self._file_definitions.get(name) or []

    def _merge_same_key_objects(self) -> None:
        """Make the selection sets of same-key fields of one response object one owner, recursively.

        GraphQL (CollectFields, then MergeSelectionSets) answers every field of a
        response object that has the same response key with ONE object built from
        all their selection sets: ``a { b { x } b { y } }`` gives ``b`` both ``x``
        and ``y``, and so does ``a { b { x } } a { b { y } }`` or a ``b`` written
        in a fragment spread into ``a``.  Congruence closure: a union-find over
        owners, each class holding one child per response key; when two classes
        join, their children under a shared key join too (smaller table moved
        into the larger, so n log n at worst).  A fragment joins the class of
        every owner spreading it, which can tie two owners spreading one
        fragment together: more fields judged as one group, never fewer.  Only
        the field owners joined through a shared key are merged into one Owner.
        """
        parent: Dict[Tuple[str, int], Tuple[str, int]] = {}

        def find(item):
            parent.setdefault(item, item)
            while parent[item] != item:
                parent[item] = parent[parent[item]]
                item = parent[item]
            return item

        slots: Dict[Tuple[str, int], Dict[str, Tuple[str, int]]] = {}
        pending: List[Tuple[Tuple[str, int], Tuple[str, int], bool]] = []  # (a, b, through a shared key)
        for owner in self.owners.values():
            table = slots[owner.anchor] = {}
            for key, child in owner.subobjects:
                if key in table:
                    pending.append((table[key], child, True))
                else:
                    table[key] = child
            for name, index, _offset in owner.spreads:
                for target in self._targets(name, index):
                    pending.append((owner.anchor, target.anchor, False))
        same: Dict[Tuple[str, int], Tuple[str, int]] = {}  # same-key joins only: anchor -> kept anchor

        def find_same(item):
            same.setdefault(item, item)
            while same[item] != item:
                same[item] = same[same[item]]
                item = same[item]
            return item

        while pending:
            a, b, by_key = pending.pop()
            if by_key:
                root_a, root_b = find_same(a), find_same(b)
                if root_a != root_b:
                    if root_b < root_a:
                        root_a, root_b = root_b, root_a
                    same[root_b] = root_a
            root_a, root_b = find(a), find(b)
            if root_a == root_b:
                continue
            if len(slots.get(root_a, ())) > len(slots.get(root_b, ())):
                root_a, root_b = root_b, root_a
            parent[root_a] = root_b
            small, big = slots.pop(root_a, {}), slots.setdefault(root_b, {})
            for key, child in small.items():
                if key in big:
                    pending.append((big[key], child, True))
                else:
                    big[key] = child
        for anchor in list(same):
            kept = find_same(anchor)
            if kept == anchor or anchor not in self.owners or kept not in self.owners:
                continue
            gone, into = self.owners.pop(anchor), self.owners[kept]
            into.documents |= gone.documents
            into.tops |= gone.tops
            for ref in gone.fields:
                ref.owners = [o for o in ref.owners if o is not gone]
                if all(o is not into for o in ref.owners):
                    ref.owners.append(into)
                    into.fields.append(ref)
            for name, index, offset in gone.spreads:
                if (name, index) not in into.spread_names:
                    into.spread_names.add((name, index))
                    into.spreads.append((name, index, offset))

    def _find_cycles(self) -> None:
        colour: Dict[Tuple[str, int], int] = {}
        for start in self.owners.values():
            if start.anchor in colour:
                continue
            colour[start.anchor] = 1
            stack = [(start, iter(start.children))]
            while stack:
                owner, children = stack[-1]
                child = next(children, None)
                if child is None:
                    colour[owner.anchor] = 2
                    stack.pop()
                elif colour.get(child.anchor) == 1:
                    self.cyclic = True
                elif child.anchor not in colour:
                    colour[child.anchor] = 1
                    stack.append((child, iter(child.children)))

    def _postorder(self) -> List[Owner]:
        """Owners with every fragment they spread before them (cycles broken arbitrarily)."""
        order: List[Owner] = []
        done: Set[Tuple[str, int]] = set()
        for start in self.owners.values():
            if start.anchor in done:
                continue
            done.add(start.anchor)
            stack = [(start, iter(start.children))]
            while stack:
                owner, children = stack[-1]
                child = next(children, None)
                if child is None:
                    order.append(owner)
                    stack.pop()
                elif child.anchor not in done:
                    done.add(child.anchor)
                    stack.append((child, iter(child.children)))
        return order

    # -- questions --------------------------------------------------------------------------------
    def reach_down(self, select) -> Dict[Tuple[str, int], Dict[str, FieldRef]]:
        """For each owner, the fields ``select`` picks in everything it merges, one per name."""
        self.resolve()
        found: Dict[Tuple[str, int], Dict[str, FieldRef]] = {}
        for owner in self._postorder():
            here: Dict[str, FieldRef] = {}
            for ref in owner.fields:
                if select(ref):
                    here.setdefault(ref.name, ref)
            for child in owner.children:
                for name, ref in found.get(child.anchor, {}).items():
                    here.setdefault(name, ref)
            found[owner.anchor] = here
        return found

    def merged_with(self, select) -> Dict[Tuple[str, int], Dict[str, FieldRef]]:
        """For each owner, the fields ``select`` picks in any response object its fields land in.

        A fragment's fields land in every owner that spreads it, directly or not;
        each such owner merges all it reaches.  ``select`` should pick few names:
        the tables are kept per name.
        """
        down = self.reach_down(select)
        up: Dict[Tuple[str, int], Dict[str, FieldRef]] = {}
        for owner in reversed(self._postorder()):  # spreaders before the fragments they spread
            here = dict(down.get(owner.anchor, {}))
            for spreader in owner.spreaders:
                for name, ref in up.get(spreader.anchor, {}).items():
                    here.setdefault(name, ref)
            up[owner.anchor] = here
        return up

    def open_contexts(self) -> Dict[Tuple[str, int], Tuple[str, int]]:
        """Owners some of whose merged fields cannot be seen: (fragment name, file offset) of the cause.

        A spread of a fragment defined nowhere in view, or a fragment a document
        that could not be parsed also spreads.
        """
        self.resolve()
        down: Dict[Tuple[str, int], Tuple[str, int]] = {}
        for owner in self._postorder():
            cause = owner.unresolved[0] if owner.unresolved else None
            if cause is None and owner.fragment is not None and owner.fragment in self.unparsed_spreads:
                cause = (owner.fragment, self.unparsed_spreads[owner.fragment])
            for child in owner.children:
                if cause is None:
                    cause = down.get(child.anchor)
            if cause is not None:
                down[owner.anchor] = cause
        return self.upward(lambda owner: down.get(owner.anchor))

    def upward(self, own) -> Dict[Tuple[str, int], object]:
        """For each owner, the first value ``own`` gives for it or any owner spreading it (transitively).

        ``own(owner)`` is None where there is nothing to say; each owner is asked once.
        """
        self.resolve()
        up: Dict[Tuple[str, int], object] = {}
        for owner in reversed(self._postorder()):  # spreaders before the fragments they spread
            value = own(owner)
            for spreader in owner.spreaders:
                if value is None:
                    value = up.get(spreader.anchor)
            if value is not None:
                up[owner.anchor] = value
        return up

    def key_groups(self, keys: Set[str]) -> "UnionFind":
        """Fields that answer under the same key in some response object, for the keys asked.

        Two fields are in one group when some owner merges both (transitively: a
        field merged with two others ties those two together).  Sets
        ``overflow`` when the work passes its bound; the groups are then partial.
        """
        self.resolve()
        groups = UnionFind()
        budget = WORK_FLOOR + WORK_PER_ELEMENT * (len(self.fields) + len(self.owners))
        work = 0
        present: Dict[Tuple[str, int], Set[str]] = {}
        order = self._postorder()
        # Fields written in one selection set first, for every owner: linear, and complete even
        # if the spreads below pass the bound (the owners without fragments are then exact).
        for owner in order:
            here: Set[str] = set()
            for ref in owner.fields:
                if ref.key in keys:
                    groups.union(("key", owner.anchor, ref.key), ("field", ref.offset))
                    here.add(ref.key)
            present[owner.anchor] = here
        for owner in order:
            here = present[owner.anchor]
            for child in owner.children:
                child_keys = present.get(child.anchor, ())
                work += len(child_keys) + 1
                if work > budget:
                    self.overflow = True
                    return groups
                for key in child_keys:
                    groups.union(("key", owner.anchor, key), ("key", child.anchor, key))
                    here.add(key)
            present[owner.anchor] = here
        return groups

    def involves_fragments(self, ref: FieldRef) -> bool:
        return any(o.fragment is not None or o.children or o.unresolved for o in ref.owners)


class UnionFind:
    """Disjoint sets over hashable items: union by size and path halving (near-constant per call)."""

    def __init__(self) -> None:
        self.parent: Dict[object, object] = {}
        self.size: Dict[object, int] = {}

    def find(self, item):
        parent = self.parent
        if item not in parent:
            parent[item] = item
            self.size[item] = 1
            return item
        while parent[item] != item:
            parent[item] = parent[parent[item]]
            item = parent[item]
        return item

    def union(self, a, b) -> None:
        root_a, root_b = self.find(a), self.find(b)
        if root_a == root_b:
            return
        if self.size[root_a] > self.size[root_b]:
            root_a, root_b = root_b, root_a
        self.parent[root_a] = root_b
        self.size[root_b] += self.size.pop(root_a)


class _Builder(Visitor):
    """Walks one document with its types, filling the graph's owners."""

    def __init__(self, graph: MergeGraph, index: int, type_info: TypeInfo, file_offset, keep) -> None:
        super().__init__()
        self.graph, self.index, self.type_info, self.file_offset = graph, index, type_info, file_offset
        self.keep = keep
        self.stack: List[Owner] = []
        self.pushed: List[bool] = []
        self.top = -1  # document offset of the top-level definition being walked
        self.definitions = graph._definitions.setdefault(index, {})

    def _at(self, node) -> int:
        return self.file_offset(node.loc.start)

    def _top(self, owner: Owner) -> Owner:
        owner.tops.add((self.index, self.top))
        return owner

    def enter_operation_definition(self, node: OperationDefinitionNode, *_args) -> None:
        self.top = node.loc.start
        self.stack.append(self._top(self.graph._owner(self.index, "operation", self._at(node), "operation")))

    def leave_operation_definition(self, *_args) -> None:
        self.stack.pop()

    def enter_fragment_definition(self, node: FragmentDefinitionNode, *_args) -> None:
        name = node.name.value
        self.top = node.loc.start
        owner = self._top(self.graph._owner(self.index, "fragment", self._at(node.name), f"fragment {name}", name))
        for table in (self.definitions, self.graph._file_definitions):
            same = table.setdefault(name, [])
            if owner not in same:
                same.append(owner)
        self.stack.append(owner)

    def leave_fragment_definition(self, *_args) -> None:
        self.stack.pop()

    def enter_field(self, node: FieldNode, *_args) -> None:
        parent = self.type_info.get_parent_type()
        parent_name = parent.name if parent is not None else None
        offset = self._at(node.name)
        if self.stack and (self.keep is None or self.keep(parent_name, node)):
            self.graph._field(self.stack[-1], self.index, node, parent_name, offset)
        if node.selection_set is not None:
            child = self._top(self.graph._owner(self.index, "field", offset, f"field {node.name.value}"))
            if self.stack:
                key = node.alias.value if node.alias else node.name.value
                if (key, child.anchor) not in self.stack[-1].subobjects:
                    self.stack[-1].subobjects.append((key, child.anchor))
            self.stack.append(child)
            self.pushed.append(True)
        else:
            self.pushed.append(False)

    def leave_field(self, *_args) -> None:
        if self.pushed.pop():
            self.stack.pop()

    def enter_fragment_spread(self, node: FragmentSpreadNode, *_args) -> None:
        if self.stack:
            owner = self.stack[-1]
            if (node.name.value, self.index) not in owner.spread_names:
                owner.spread_names.add((node.name.value, self.index))
                owner.spreads.append((node.name.value, self.index, self._at(node.name)))


__all__ = ["MergeGraph", "Owner", "FieldRef", "UnionFind"]
