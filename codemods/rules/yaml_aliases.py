"""Where a YAML file reads a node again through an alias, so an edit of that node is not local.

Red team pass 6, F7: ``image: &img quay.io/astronomer/ap-airflow:2.3.4`` read by
``AC_IMAGE: *img`` elsewhere is one node in YAML: rewriting the image bytes
also changes the environment variable (or whatever the alias feeds), which
the image rules must not do silently.  PyYAML's composer resolves an alias to
the anchored node and keeps no trace of it, so :class:`AliasRecordingLoader`
notes each alias as it is composed: the node it names, its line, the key it
is written under, and, for a ``<<`` merge (``<<: *x`` or ``<<: [*x, *y]``),
the mapping it is merged into.  :func:`foreign_uses` then says which of a
node's aliases are reads other than the image places the rule already
edits.  Recording costs one list entry per alias: linear in the file.

:func:`each_node` is the one walk of a whole file's nodes, and :func:`merged_entries` the one walk of a mapping's ``<<`` merges that the
image rules share (:mod:`compose_ci_images`, :mod:`image_variables`).
"""

from __future__ import annotations

from collections import deque
from typing import Dict, Iterable, Iterator, List, NamedTuple, Optional, Set, Tuple

import yaml

MERGE_TAG = "tag:yaml.org,2002:merge"


def each_node(roots: Iterable) -> Iterator[yaml.Node]:
    """Every node under ``roots`` once (an alias is the node it names): a sequence's items, a
    mapping's keys and values.  Iterative and linear in the composed file; the image rules' one walk
    of a whole file (:mod:`compose_ci_images`, :mod:`build_arg_overrides`)."""
    stack = [root for root in roots if root is not None]
    seen: Set[int] = set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        yield node
        if isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack.append(key)
                stack.append(value)


def merged_entries(mapping, seen: Optional[Set[int]] = None) -> Iterator[Tuple[yaml.MappingNode, yaml.Node, yaml.Node]]:
    """(owner, key, value) of ``mapping``'s entries, then of the mappings it ``<<`` merges, at any depth.

    The order is YAML's merge precedence (the mapping's own entries, then ``<<: [*a, *b]``'s ``a``
    with what ``a`` merges, then ``b``), so the first entry of a name is the one a loader keeps.
    ``seen`` holds the ids of mappings already walked (shared across calls when a caller reads
    every mapping once per role): each mapping is walked once, also when it is merged from many
    places or a merge loops back.  A deque keeps the pending merges, so each step is O(1) and the
    walk is linear in the entries it yields (the two copies it replaces, one of which took pending
    merges with ``list.pop(0)``, were red team 10's review finding).
    """
    if seen is None:
        seen = set()
    pending = deque([mapping])
    while pending:
        node = pending.popleft()
        if not isinstance(node, yaml.MappingNode) or id(node) in seen:
            continue
        seen.add(id(node))
        merges: List[yaml.Node] = []
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode) and key.tag == MERGE_TAG:
                merges.extend(value.value if isinstance(value, yaml.SequenceNode) else [value])
            else:
                yield node, key, value
        pending.extendleft(reversed(merges))  # depth first: a's merges come before b


class MergedKeys:
    """``get(mapping, name)``: the value ``name`` has in ``mapping`` once its ``<<`` merges apply, as
    :func:`merged_entries` would find it first, without walking the merges again for each question.

    Each mapping's own entries are indexed once, and each (mapping, name) is answered once and kept,
    from the answers of the mappings it merges (an explicit stack, no recursion; a merge loop counts
    as not having the name).  A chain of N anchored mappings, each merging the ones before it, then
    costs O(N) per name, where walking every mapping's merges again cost O(N**2).
    """

    def __init__(self) -> None:
        self._own: Dict[int, Tuple[Dict[str, yaml.Node], List[yaml.Node]]] = {}
        self._answers: Dict[Tuple[int, str], Optional[yaml.Node]] = {}

    def get(self, mapping, name: str) -> Optional[yaml.Node]:
        if not isinstance(mapping, yaml.MappingNode):
            return None
        answers = self._answers
        pending = deque([(mapping, False)])
        while pending:
            node, merged_done = pending.pop()
            if not isinstance(node, yaml.MappingNode):
                continue
            asked = (id(node), name)
            own, merges = self._index(node)
            if merged_done:
                answers[asked] = next(
                    (found for found in (answers.get((id(m), name)) for m in merges) if found is not None), None
                )
                continue
            if asked in answers:
                continue
            answers[asked] = own.get(name)  # also the answer while in progress: a loop reads as not set
            if asked[1] not in own and merges:
                pending.append((node, True))
                pending.extend((m, False) for m in merges)
        return answers.get((id(mapping), name))

    def _index(self, node) -> Tuple[Dict[str, yaml.Node], List[yaml.Node]]:
        if id(node) not in self._own:
            own: Dict[str, yaml.Node] = {}
            merges: List[yaml.Node] = []
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode) and key.tag == MERGE_TAG:
                    merges.extend(value.value if isinstance(value, yaml.SequenceNode) else [value])
                elif isinstance(key, yaml.ScalarNode):
                    own[key.value] = value  # a repeated key: the last one, as PyYAML reads it
            self._own[id(node)] = (own, merges)
        return self._own[id(node)]


class AliasUse(NamedTuple):
    line: int  # 1-based line of the alias
    text: str  # how it is written: "AC_IMAGE: *img", "<<: *common", "- *img"
    parent_id: int  # id() of the mapping or sequence the alias is written in
    key_id: int  # id() of the key it is the value of (0 when none)
    merged_into: Optional[int]  # id() of the mapping a << merge brings it into, else None


class AliasRecordingLoader(yaml.SafeLoader):
    """A SafeLoader whose composer records every alias: ``alias_uses[id(node)]`` lists its uses."""

    def __init__(self, stream):
        super().__init__(stream)
        self.alias_uses: Dict[int, List[AliasUse]] = {}
        self._depth = 0
        self._merges: List[Tuple[int, int]] = []  # (depth of a << value being composed, id of its mapping)

    def compose_node(self, parent, index):
        merge = isinstance(index, yaml.ScalarNode) and index.tag == MERGE_TAG
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            node = super().compose_node(parent, index)
            merged_into = None
            if merge:
                merged_into = id(parent)
            elif isinstance(parent, yaml.SequenceNode) and self._merges and self._merges[-1][0] == self._depth:
                merged_into = self._merges[-1][1]  # an item of a << [*a, *b] list
            if merge:
                text = f"<<: *{event.anchor}"
            elif isinstance(index, yaml.ScalarNode):
                text = f"{index.value[:60]}: *{event.anchor}"
            else:
                text = f"*{event.anchor}"
            use = AliasUse(event.start_mark.line + 1, text, id(parent), id(index) if isinstance(index, yaml.Node) else 0, merged_into)
            self.alias_uses.setdefault(id(node), []).append(use)
            return node
        self._depth += 1
        if merge:
            self._merges.append((self._depth, id(parent)))
        try:
            return super().compose_node(parent, index)
        finally:
            if merge:
                self._merges.pop()
            self._depth -= 1


def compose_recording(text: str) -> Tuple[list, "AliasRecordingLoader"]:
    """``text``'s YAML documents composed (nodes, not values), and the loader that recorded where
    each alias is used; raises what ``yaml.compose_all`` raises."""
    loader = None

    def recording(stream):
        nonlocal loader
        loader = AliasRecordingLoader(stream)
        return loader

    documents = list(yaml.compose_all(text, Loader=recording))
    return documents, loader


def foreign_uses(
    alias_uses: Dict[int, List[AliasUse]],
    nodes: Iterable,
    image_reads: Set[Tuple[int, int]],
    read_mappings: Set[int],
    memo: Optional[Dict[int, List[str]]] = None,
) -> List[str]:
    """How each alias of ``nodes`` that reads them somewhere other than an image place is written, with its line.

    An alias is an image read too (and editing is right) when it is the value of a key the
    rule edits (``(id(mapping), id(key))`` in ``image_reads``), or a ``<<`` merge into a
    mapping the image walk read (``read_mappings``: a service, a job ...).  ``memo`` keeps
    each node's answer, so a node reached from many places (``image: *img`` in N services)
    has its N aliases read once, not N times.
    """
    if memo is None:
        memo = {}
    found: List[str] = []
    total = 0
    for node in nodes:
        if id(node) not in memo:
            memo[id(node)] = [
                f"{use.text} at line {use.line}"
                for use in alias_uses.get(id(node), ())
                if (use.parent_id, use.key_id) not in image_reads
                and (use.merged_into is None or use.merged_into not in read_mappings)
            ]
        found.extend(memo[id(node)][:6])
        total += len(memo[id(node)])
    if total > 5:
        found[5:] = [f"{total - 5} more"]
    return found
