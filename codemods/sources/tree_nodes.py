"""Every node of a parsed module, in ``ast.walk`` order, listed once per tree.

Several analyses of one file look at every node of its tree: the file-context
evidence (destination.gather_module), the prose blanking (destination.code_text),
the sends of read files (destination.read_sends).  ``ast.walk`` runs two Python
generators per node, and on the dense corpus those whole-tree walks, repeated per
analysis, were the largest cost of ours after parsing (issue 15: dense CPU).  So
the list is made once per tree with a plain loop, in exactly ``ast.walk``'s order
(breadth first, fields in ``_fields`` order), and every analysis iterates it.

The list is kept on the tree itself (without the tree in it, so no reference cycle
holds a large module alive past its last use), and dies with it.
"""

from __future__ import annotations

import ast
from itertools import chain
from typing import Iterable, List, Optional

_ATTRIBUTE = "_houston_codemod_nodes"
_AST = ast.AST
# Whole-tree listings made in this process: tests count them (one per tree, whatever asks).
listings = 0


def child_nodes(node: ast.AST) -> List[ast.AST]:
    """``ast.iter_child_nodes(node)`` as a list, without its two generator frames."""
    children = []
    for name in node._fields:
        value = getattr(node, name, None)
        if isinstance(value, _AST):
            children.append(value)
        elif isinstance(value, list):
            for item in value:
                if isinstance(item, _AST):
                    children.append(item)
    return children


def walk(tree: ast.AST) -> Iterable[ast.AST]:
    """``ast.walk(tree)``: the same nodes in the same order, listed on first use only."""
    global listings
    rest = tree.__dict__.get(_ATTRIBUTE)
    if rest is None:
        listings += 1
        rest = child_nodes(tree)
        index = 0
        while index < len(rest):
            node = rest[index]
            index += 1
            for name in node._fields:
                value = getattr(node, name, None)
                if isinstance(value, _AST):
                    rest.append(value)
                elif isinstance(value, list):
                    for item in value:
                        if isinstance(item, _AST):
                            rest.append(item)
        setattr(tree, _ATTRIBUTE, rest)
    return chain((tree,), rest)


def dotted_name(node: ast.AST) -> Optional[str]:
    """``client`` or ``pkg.settings.API_URL`` as written (names and attributes only), else None."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(node.id)
    return ".".join(reversed(parts))
