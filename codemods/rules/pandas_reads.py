"""pandas reads of the migrated ``airflowVersion`` column that only work on an AC version.

Red team 20 (report 13) F4: once ``airflowVersion`` is aliased to ``runtimeAirflowVersion`` a
DataFrame built from the response holds ``"2.3.4"`` where it held ``"2.3.4-11"``.  ``ac_format_reads``
reviewed ``df.airflowVersion == "2.3.4-11"``, ``.isin([...])`` and ``.str.split("-")``; these are the
same reads written the other pandas ways, which silently give an empty frame, 0 or a KeyError after the
rewrite:

* a query string comparing the column with an AC literal: ``df.query('airflowVersion == "2.3.4-11"')``
  (also ``in ["2.3.4-11"]``; the string is read as the Python expression pandas evaluates; a string
  that is no expression, such as SQL, is not);
* a count or group of the column looked up with an AC literal: ``df["airflowVersion"].value_counts()``
  then ``.get("2.3.4-11")``, ``["2.3.4-11"]``, ``.loc[...]``/``.at[...]``; ``df.groupby("airflowVersion")``
  followed by aggregations (``.size()``, ``["id"].count()``) then the same lookups, or ``.get_group(...)``;
* a ``.str`` method matching a pattern with a ``-`` (the hotfix suffix): ``.str.contains("-11")``,
  ``.str.extract(r"-(\\d+)$")``, ``.str.match``/``fullmatch``/``findall``/``extractall`` (``.str.split``,
  ``.endswith``, ... are ``ac_format_reads``' suffix methods already).

:func:`judge` is called by ``ac_format_reads`` for each call and subscript of the module; it uses that
index's readers (``keys_of``, ``ac_literal``, ``dash``), so names and constants are followed the same
way.  Each node is unwrapped at most ``_STEPS`` steps: linear in the module.
"""

from __future__ import annotations

import ast
from typing import Optional, Set

_STR_PATTERNS = frozenset({"contains", "extract", "extractall", "match", "fullmatch", "findall"})
# Aggregations keeping the grouped / counted values as the index: df.groupby(k).size(), ...["id"].count().
_AGGREGATES = frozenset({
    "size", "count", "sum", "mean", "min", "max", "first", "last", "nunique", "agg", "aggregate",
    "sort_index", "sort_values", "head", "tail", "to_dict", "unstack", "reset_index",
})
_INDEXERS = frozenset({"loc", "at"})  # counts.loc["2.3.4-11"]
_LOOKUPS = frozenset({"get", "get_group", "xs"})
_STEPS = 8


def judge(index, node: ast.AST, scope: int, add, read_type, compared: str, suffix: str) -> None:
    """Add the reads of ``node`` described in the module (``read_type`` is ``ac_format_reads.Read``)."""
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        func, owner = node.func, node.func.value
        if func.attr == "query" and len(node.args) == 1:
            _query(index, node, scope, add, read_type, compared)
        elif (
            func.attr in _STR_PATTERNS and isinstance(owner, ast.Attribute) and owner.attr == "str"
            and (node.args or node.keywords)
        ):
            pattern = node.args[0] if node.args else next((k.value for k in node.keywords if k.arg == "pat"), None)
            if pattern is not None and index.dash(pattern, scope):
                add(index.keys_of(owner, scope), read_type(node, suffix, f".str.{func.attr}()"))
        elif func.attr in _LOOKUPS and node.args:
            literal = index.ac_literal(node.args[0], scope, ("str",))
            if literal is not None:
                add(_indexed_by(index, owner, scope), read_type(node, compared, literal, _COUNTED))
    elif isinstance(node, ast.Subscript) and not isinstance(node.slice, ast.Slice):
        literal = index.ac_literal(node.slice, scope, ("str",))
        if literal is not None:
            owner = node.value
            if isinstance(owner, ast.Attribute) and owner.attr in _INDEXERS:
                owner = owner.value
            add(_indexed_by(index, owner, scope), read_type(node, compared, literal, _COUNTED))


_COUNTED = " (looked up among the counts or groups of its values)"


def _indexed_by(index, node: ast.AST, scope: int) -> Set[str]:
    """The response keys whose values index ``node``: ``X.value_counts()`` (X's keys), ``df.groupby(K)``
    (the column K), through aggregations, a column selected from a group and a name bound once."""
    for _ in range(_STEPS):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            attr, owner = node.func.attr, node.func.value
            if attr == "value_counts":
                return index.keys_of(owner, scope)
            if attr == "groupby":
                return _grouped(index, node, scope)
            if attr not in _AGGREGATES:
                return set()
            node = owner
        elif isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant) and isinstance(node.slice.value, str):
            node = node.value  # df.groupby("airflowVersion")["id"]: still grouped by the version
        elif isinstance(node, ast.Name):
            slot = index.resolve(scope, node.id)
            values = index.values.get(slot, []) if slot is not None else []
            if len(values) != 1 or index.binds.get(slot) != 1:
                return set()
            node, scope = values[0], slot[0]
        else:
            return set()
    return set()


def _grouped(index, call: ast.Call, scope: int) -> Set[str]:
    by: Optional[ast.AST] = call.args[0] if call.args else next((k.value for k in call.keywords if k.arg == "by"), None)
    if isinstance(by, ast.Constant) and isinstance(by.value, str):
        return {by.value}
    return index.keys_of(by, scope) if by is not None else set()  # df.groupby(df["airflowVersion"])


def _query(index, node: ast.Call, scope: int, add, read_type, compared: str) -> None:
    text = index.constant(node.args[0], scope)
    if text is None or text.kind != "str" or len(text.values[0]) > 10_000:
        return
    try:
        tree = ast.parse(text.values[0].strip(), mode="eval")
    except (SyntaxError, ValueError):
        return  # not an expression pandas evaluates (SQL, backquoted names): nothing to say
    for inner in ast.walk(tree):
        if not isinstance(inner, ast.Compare):
            continue
        operands = [inner.left, *inner.comparators]
        names = {o.id for o in operands if isinstance(o, ast.Name)}
        literals = [
            e.value for o in operands for e in ([o] if isinstance(o, ast.Constant) else getattr(o, "elts", []))
            if isinstance(e, ast.Constant) and isinstance(e.value, str)
        ]
        literal = next((lit for lit in literals if index.ac_literal(ast.Constant(lit), scope, ("str",))), None)
        if names and literal is not None:
            add(names, read_type(node, compared, literal, " (in the pandas query string)"))
