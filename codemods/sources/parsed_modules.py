"""One ``ast.parse`` per Python text while the run's project index is built.

The project index (``sources.cross_module``) asks several questions of each script: what it
imports and sends, which ``.graphql`` files it reads and how it fills them, what a module it
imports from defines.  Each question lives in its own module and used to parse the text
itself, so one script was parsed up to five times, and parsing was a third of the index's
cost on the test corpus (issue 15; the suite's ``--jobs`` test tripled in time).  Here the
trees of the texts seen last are kept while the indexes are built (``keep`` .. ``forget``, by the
runner), so a second question about the same text reuses it.

The trees are shared: no caller may change a node (they only read; ``tree_nodes.walk``
keeps its node list on the tree, which sharing makes cheaper still).  Memory is bounded by
the source characters held, not the number of files, so a run over a large repository
keeps a few megabytes of source worth of trees, the latest ones.
"""

from __future__ import annotations

import ast
import warnings
from collections import OrderedDict
from typing import Callable, Dict, Optional, TypeVar

_T = TypeVar("_T")

# Source characters whose trees are kept: a tree takes some 25 bytes per character (measured with
# tracemalloc on 3.4 MB of a public project's modules), so at most about 200 MB while the index is built.
_BUDGET = 8_000_000
_kept: "OrderedDict[str, Optional[ast.Module]]" = OrderedDict()
_held = 0
_derived: Dict[int, Dict[str, object]] = {}  # id(kept tree) -> what analyses made of it, let go with it
_keeping = False  # trees are kept only while the run's indexes are built (keep() .. forget())
# Parses made in this process: tests count them (one per distinct text while it is kept).
parses = 0


def parsed(text: str) -> Optional[ast.Module]:
    """The module ``text`` parses to (shared: never change it), or None when it does not parse."""
    global _held, parses
    if text in _kept:
        _kept.move_to_end(text)
        return _kept[text]
    parses += 1
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # invalid escapes and the like are the script's business
            module: Optional[ast.Module] = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        module = None
    if _keeping and len(text) <= _BUDGET:
        _kept[text] = module
        _held += len(text)
        if module is not None:
            _derived[id(module)] = {}
        while _held > _BUDGET:
            dropped, tree = _kept.popitem(last=False)
            _held -= len(dropped)
            _derived.pop(id(tree), None)
    return module


def derived(module: ast.Module, name: str, make: Callable[[ast.Module], _T]) -> _T:
    """``make(module)``, made once per kept tree (an index of its names, say) and let go with the tree.

    Kept beside the tree, not on it: an index pointing back at its tree would make a reference cycle.
    """
    made = _derived.get(id(module))
    if made is None:  # a tree not kept here (too large, or parsed elsewhere)
        return make(module)
    if name not in made:
        made[name] = make(module)
    return made[name]  # type: ignore[return-value]


def keep() -> None:
    """Keep trees from now on (the run's indexes are about to be built)."""
    global _keeping
    _keeping = True


def forget() -> None:
    """Let every kept tree go and keep no more (the indexes are built; files are processed one by one,
    and a question asked while processing, such as ``outside_writers``', parses what it reads itself)."""
    global _held, _keeping
    _keeping = False
    _kept.clear()
    _derived.clear()
    _held = 0
