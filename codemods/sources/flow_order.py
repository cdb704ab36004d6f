"""Which bindings of a module name a use in the module body can see, in flow order (red team 16, report 12, F12).

A notebook (or a script) rebinds the same names cell after cell::

    url = GITHUB; q = "query { user ... }"; requests.post(url, json={"query": q})
    url = HOUSTON; q = "{ workspaces ... }"; requests.post(url, json={"query": q})

Python runs the module body top to bottom: a use sees the last plain assignment of
the module body before it, and the bindings (in a branch: maybe) between that one
and the use.  A binding after the use is seen only when the use and the binding
are in the same top-level statement holding a loop (``for ...: send(url); url = X``).
Bindings after the use were kept before, so a cell's document was matched to an
earlier cell's send, and past ``MAX_BINDINGS`` values the name was dropped as "a
variable" and every send of the notebook became untraced (the file's Houston
endpoint then spoke for another API's documents).

Cost: per name, its values are sorted once and a prefix index of the last plain
assignment is built; each use is two binary searches plus the slice it returns.
The module body's statement spans are indexed once.  Linear (times a log) in the module.
"""

from __future__ import annotations

import ast
from bisect import bisect_left, bisect_right
from typing import Dict, List, Tuple

_LOOPS = (ast.For, ast.AsyncFor, ast.While)


def _position(node: ast.AST) -> Tuple[int, int]:
    return (getattr(node, "lineno", 0), getattr(node, "col_offset", 0))


class FlowOrder:
    """Per module: the bindings of a module-level name in force at a use of the module body."""

    def __init__(self, module: ast.Module) -> None:
        self.module = module
        self._top_assigned = {
            id(statement.value) for statement in module.body
            if isinstance(statement, (ast.Assign, ast.AnnAssign)) and statement.value is not None
        }
        self._starts = [statement.lineno for statement in module.body]
        self._ends = [getattr(statement, "end_lineno", statement.lineno) or statement.lineno for statement in module.body]
        self._loops: Dict[int, bool] = {}  # index of a top-level statement -> holds a loop (computed on demand)
        self._names: Dict[int, tuple] = {}  # id(values list) -> (sorted values, positions, last plain assignment index)

    def _index(self, values: List[ast.AST]) -> tuple:
        entry = self._names.get(id(values))
        if entry is None or entry[3] is not values or len(entry[0]) != len(values):
            ordered = sorted(values, key=_position)
            positions = [_position(v) for v in ordered]
            last_plain: List[int] = []
            last = -1
            for index, value in enumerate(ordered):
                if id(value) in self._top_assigned:
                    last = index
                last_plain.append(last)
            entry = (ordered, positions, last_plain, values)
            self._names[id(values)] = entry
        return entry

    def _statement(self, line: int) -> int:
        """Index of the top-level statement spanning ``line``, or -1."""
        index = bisect_right(self._starts, line) - 1
        if index >= 0 and self._ends[index] >= line:
            return index
        return -1

    def _holds_loop(self, index: int) -> bool:
        if index not in self._loops:
            self._loops[index] = any(isinstance(node, _LOOPS) for node in ast.walk(self.module.body[index]))
        return self._loops[index]

    def in_force(self, values: List[ast.AST], use: ast.AST) -> List[ast.AST]:
        """The values of ``values`` (one module name's bindings) a use at ``use`` can see."""
        ordered, positions, last_plain, _ = self._index(values)
        here = _position(use)
        before = bisect_left(positions, here)
        if before == 0:
            return values  # bound nowhere before the use: as written (nothing to order)
        start = last_plain[before - 1]
        seen = ordered[start if start >= 0 else 0:before]
        statement = self._statement(here[0])
        if statement >= 0 and self._holds_loop(statement):
            end = bisect_right(positions, (self._ends[statement], 1 << 30))
            seen = seen + ordered[before:end]  # a later binding of the same loop runs before the next pass
        return seen
