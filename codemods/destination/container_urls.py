"""A URL read out of a table or a record written in the module stands for every value it can be.

Red team 20, report 12, f1, f2, f11.  The send's URL is often not a name bound to one string but
an entry of something the module writes out:

* a dict of per-environment URLs indexed with a run-time key, ``requests.post(CMDB_URLS[env], ...)``
  with ``CMDB_URLS = {"prod": "https://cmdb...", "staging": "https://cmdb.staging..."}`` (also
  ``HOUSTON_URLS[env]``, a URL per installation; ``CONFIGS[env]["url"]`` through a dict of dicts);
* a field of a record, ``CMDB.url`` with ``CMDB = SimpleNamespace(url="https://...")`` (also
  ``argparse.Namespace``, a ``namedtuple`` or ``typing.NamedTuple`` / ``@dataclass`` class of the
  module, given the field by keyword or position);
* a field of a loop variable over a module list of dicts or records, ``for m in MIRRORS:
  requests.post(m["url"], ...)`` (``m.url`` for records).

Read as one unknown value, such a send placed nothing and the file's Houston endpoint spoke for
another API's document (f1, f2), or a Houston document was undecided beside a GitHub send (f11).
Here the expression is read as each value written there: all another API's, against Houston;
all Houston's, for; mixed, the bindings disagree and the document is undecided
(``gather_binding._split``).  A run-time key stands for every value only when every value is a
URL expression (a string, a name, an environment read, an f-string), never a nested table or a
number: ``TABLES[name]`` of dicts is not a URL until its entry is read (``TABLES[name]["url"]``).

``values`` is the one reader (``gather_binding._words`` / ``_split`` and ``sent_url._strings``
ask it).  Bounded: at most ``_MAX`` values of a table, ``_MAX_DEPTH`` nested reads, each name
resolved through the finder's memo and ``loop_values``' once-per-module index: constant work per
URL expression.
"""

from __future__ import annotations

import ast
from typing import List, Optional, Sequence

from . import loop_values

_MAX = 16  # values of one table read; more is data, not a set of endpoints
_MAX_DEPTH = 3
# Record constructors whose keywords are its attributes (``SimpleNamespace(url=...).url``).
_KEYWORD_RECORDS = frozenset({"SimpleNamespace", "Namespace"})
# Values that are never a URL: a table of tables, a list, a number.
_NOT_URLS = (ast.Dict, ast.List, ast.Tuple, ast.Set, ast.ListComp, ast.DictComp, ast.SetComp, ast.Lambda)


def values(node: ast.AST, scope, finder, keys: Optional[Sequence[str]] = None) -> Optional[List[ast.AST]]:
    """The expressions the URL ``node`` (``T[k]``, ``R.url``, ``m["url"]``) may be, else None: not such a read.

    ``keys``: the strings a run-time key is known to take (a helper's caller passing ``"prod"``):
    only their entries."""
    if finder is None or not isinstance(node, (ast.Subscript, ast.Attribute)):
        return None
    found = _read(node, scope, finder, keys, 0)
    if not found or len(found) > _MAX:
        return None
    if any(isinstance(v, _NOT_URLS) or (isinstance(v, ast.Constant) and not isinstance(v.value, str)) for v in found):
        return None
    return found


def _read(node: ast.AST, scope, finder, keys, depth: int) -> Optional[List[ast.AST]]:
    if depth > _MAX_DEPTH:
        return None
    if isinstance(node, ast.Subscript):
        key = node.slice
        holders = _held(node.value, scope, finder, depth + 1)
        if not holders:
            return None
        found: List[ast.AST] = []
        for holder in holders:
            if isinstance(key, ast.Constant) and isinstance(key.value, str):
                entry = _entry(holder, key.value, finder)
                if entry is None:
                    return None  # one element without the key: not ours to guess
                found.append(entry)
            elif isinstance(key, ast.Constant):
                return None
            elif isinstance(holder, ast.Dict) and holder.keys and _all_keyed(holder, finder):
                if keys:  # the caller's key: that entry only
                    picked = [_entry(holder, k, finder) for k in keys]
                    if any(p is None for p in picked):
                        return None
                    found.extend(picked)
                else:
                    found.extend(holder.values[: _MAX + 1])
            else:
                return None
            if len(found) > _MAX:
                return None
        return found
    if isinstance(node, ast.Attribute):
        if isinstance(node.value, ast.Name) and node.value.id in ("self", "cls"):
            return None  # instance_url reads these
        holders = _held(node.value, scope, finder, depth + 1)
        if not holders:
            return None
        found = []
        for holder in holders:
            field = _field(holder, node.attr, finder)
            if field is None:
                return None
            found.append(field)
        return found
    return None


def _held(node: ast.AST, scope, finder, depth: int) -> Optional[List[ast.AST]]:
    """The dict literals or record constructions ``node`` may hold (a name, a loop variable, a nested read)."""
    if depth > _MAX_DEPTH:
        return None
    if isinstance(node, (ast.Dict, ast.Call)):
        return [node]
    if isinstance(node, ast.Subscript):
        return _read(node, scope, finder, None, depth + 1)
    if not isinstance(node, ast.Name) or scope is None:
        return None
    bound = [v for v in finder._resolve(node, scope)[: _MAX + 1] if v is not node]
    bound += loop_values.taken(finder, scope, node.id)
    if not bound or len(bound) > _MAX:
        return None
    found: List[ast.AST] = []
    for value in bound:
        if isinstance(value, (ast.Name, ast.Subscript)):
            inner = _held(value, scope, finder, depth + 1)
            if inner is None:
                return None
            found.extend(inner)
        elif isinstance(value, (ast.Dict, ast.Call)):
            found.append(value)
        else:
            return None
    return found[:_MAX] if len(found) <= _MAX else None


def _all_keyed(holder: ast.Dict, finder) -> bool:
    """No ``**spread`` in the dict literal: read once per literal (memo on the finder), not once per
    send through it (a table of N entries read by N sends was N x N, red team 23, report 12, f19)."""
    memo = finder.__dict__.setdefault("_container_urls_keyed", {})
    known = memo.get(id(holder))
    if known is None:
        known = memo[id(holder)] = all(k is not None for k in holder.keys)
    return known


def _entry(holder: ast.AST, key: str, finder) -> Optional[ast.AST]:
    if isinstance(holder, ast.Dict):
        return finder._dict_entry(holder, key)
    if isinstance(holder, ast.Call) and isinstance(holder.func, ast.Name) and holder.func.id == "dict" and not holder.args:
        return next((k.value for k in holder.keywords if k.arg == key), None)
    return None


def _field(holder: ast.AST, attr: str, finder) -> Optional[ast.AST]:
    """The value a record construction gives its field ``attr`` (keyword, else position), else None."""
    if not isinstance(holder, ast.Call) or not isinstance(holder.func, (ast.Name, ast.Attribute)):
        return None
    keyword = next((k.value for k in holder.keywords if k.arg == attr), None)
    if keyword is not None:
        return keyword
    name = holder.func.attr if isinstance(holder.func, ast.Attribute) else holder.func.id
    if name in _KEYWORD_RECORDS:
        return None
    fields = _fields(name, finder)
    if fields is None or attr not in fields:
        return None
    index = fields.index(attr)
    if any(isinstance(a, ast.Starred) for a in holder.args[: index + 1]) or index >= len(holder.args):
        return None
    return holder.args[index]


def _fields(name: str, finder) -> Optional[List[str]]:
    """The positional fields of the module's record type ``name``: a ``namedtuple("E", "url key")`` bound to
    it, or a ``NamedTuple`` / ``@dataclass`` class (its annotated names, in order).  Indexed once per module."""
    memo = finder.__dict__.get("_container_urls_records")
    if memo is None:
        memo = {}
        module = getattr(finder, "module", None)
        for statement in getattr(module, "body", ()):
            if isinstance(statement, ast.ClassDef):
                record = any(_last_name(b) == "NamedTuple" for b in statement.bases) or any(_last_name(d) == "dataclass" for d in statement.decorator_list)
                if record:
                    memo[statement.name] = [s.target.id for s in statement.body if isinstance(s, ast.AnnAssign) and isinstance(s.target, ast.Name)]
            elif (isinstance(statement, ast.Assign) and len(statement.targets) == 1 and isinstance(statement.targets[0], ast.Name)
                    and isinstance(statement.value, ast.Call) and _last_name(statement.value.func) == "namedtuple" and len(statement.value.args) >= 2):
                listed = statement.value.args[1]
                if isinstance(listed, ast.Constant) and isinstance(listed.value, str):
                    memo[statement.targets[0].id] = listed.value.replace(",", " ").split()[:64]
                elif isinstance(listed, (ast.List, ast.Tuple)) and all(isinstance(e, ast.Constant) and isinstance(e.value, str) for e in listed.elts):
                    memo[statement.targets[0].id] = [e.value for e in listed.elts[:64]]
        finder.__dict__["_container_urls_records"] = memo
    return memo.get(name)


def _last_name(node: ast.AST) -> str:
    if isinstance(node, ast.Call):
        node = node.func
    if isinstance(node, ast.Attribute):
        return node.attr
    return node.id if isinstance(node, ast.Name) else ""
