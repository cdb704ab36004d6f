"""The path a send posts to on a Houston host, where the URL is built over a name (red team 27, report 12, f4).

README: a ``houston.`` host counts as Houston's endpoint only at ``/v1`` or ``/ws``; any other path is said against
at the same weight, so the document is undecided.  ``gather_calls`` reads that of a URL written at the call.  A URL
built over a base bound elsewhere, ``BASE = f"https://houston.{os.environ['CORP_DOMAIN']}"`` then
``requests.post(f"{BASE}/graphql")``, ``BASE + "/graphql"``, ``"%s/graphql" % BASE``, ``"{}/graphql".format(BASE)``,
or a client's ``base_url`` with the relative path its send posts to (``client.post("/api/query")``), was read by the
base's words alone: a Houston host, decisive for Houston.  Here the URL is rendered as one template (each part that
is not a string known here a ``{...}`` field) and judged by the same rule (``gather_calls.houston_host_graphql_path``).

Cost: at most ``_MAX_DEPTH`` names followed and ``_MAX_PARTS`` parts a level, each name to at most two values: constant
work a send.
"""

from __future__ import annotations

import ast
import string
from typing import Optional

from . import call_url
from .gather_calls import houston_host_graphql_path

_MAX_DEPTH = 4
_MAX_PARTS = 8
_STRIPS = frozenset({"rstrip", "strip", "lstrip", "removesuffix"})


def wrong_path(call: ast.Call, scope, finder) -> Optional[str]:
    """The whole URL ``call`` posts to when it is a Houston host at a path Houston never serves (``/graphql``,
    ``/api/query``), rendered as a template (``https://houston.{os.environ}/graphql``); else None."""
    if finder is None or not isinstance(call, ast.Call):
        return None
    node = call_url.url_node(call, scope, finder)
    if node is None:
        return None
    text = template(node, scope, finder, 0)
    if text is None or "://" not in text:
        return None
    first = call.args[0] if call.args else None
    own = list(call.args) + [k.value for k in call.keywords]
    if first is not None and not any(node is argument for argument in own) and isinstance(call.func, ast.Attribute) and isinstance(first, ast.Constant) and isinstance(first.value, str) \
            and "://" not in first.value and (call_url.is_relative(first) or call_url.is_base_path(first)):
        # client.post("/graphql") on httpx.Client(base_url=...): the base with the path joined on
        if first.value.strip("/"):
            text = text.rstrip("/") + "/" + first.value.lstrip("/")
    if '"' in text or "\n" in text:
        return None
    found = houston_host_graphql_path('"' + text[:400] + '"')
    return text if found is not None else None


def template(node: ast.AST, scope, finder, depth: int) -> Optional[str]:
    """``node``'s text with each part not known here as a ``{...}`` field, or None when it is no string built here."""
    if depth > _MAX_DEPTH or node is None:
        return None
    if isinstance(node, ast.Constant):
        return node.value[:400] if isinstance(node.value, str) else None
    if isinstance(node, ast.JoinedStr):
        parts = []
        for part in node.values[:_MAX_PARTS]:
            if isinstance(part, ast.Constant):
                parts.append(str(part.value))
            elif isinstance(part, ast.FormattedValue):
                parts.append(_field(part.value, scope, finder, depth) if part.format_spec is None and part.conversion == -1 else "{...}")
        return "".join(parts)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left = template(node.left, scope, finder, depth + 1)
        right = template(node.right, scope, finder, depth + 1)
        if left is None and right is None:
            return None
        return (left if left is not None else "{...}") + (right if right is not None else "{...}")
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod) and isinstance(node.left, ast.Constant) \
            and isinstance(node.left.value, str):
        values = node.right.elts if isinstance(node.right, ast.Tuple) else [node.right]
        pieces = node.left.value[:400].split("%s")
        if len(pieces) - 1 != len(values) or len(values) > _MAX_PARTS:
            return None
        out = [pieces[0]]
        for value, piece in zip(values, pieces[1:]):
            out.append(_field(value, scope, finder, depth))
            out.append(piece)
        return "".join(out)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        owner = node.func.value
        if node.func.attr == "format" and isinstance(owner, ast.Constant) and isinstance(owner.value, str):
            return _formatted(owner.value[:400], node, scope, finder, depth)
        if node.func.attr in _STRIPS and len(node.args) <= 1 and not node.keywords:
            return template(owner, scope, finder, depth + 1)  # BASE.rstrip("/"): the URL's path is read the same
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "str" and len(node.args) == 1:
        return template(node.args[0], scope, finder, depth + 1)
    if isinstance(node, ast.Name):
        values = [v for v in finder._resolve(node, scope)[:3] if v is not node]
        if len(values) == 1:
            return template(values[0], scope, finder, depth + 1)
    return None


def _field(node: ast.AST, scope, finder, depth: int) -> str:
    text = template(node, scope, finder, depth + 1)
    return text if text is not None else "{...}"


def _formatted(text: str, call: ast.Call, scope, finder, depth: int) -> Optional[str]:
    """``"{}/graphql".format(BASE)``: the literal with each field filled (``string.Formatter().parse``: linear)."""
    if any(isinstance(a, ast.Starred) for a in call.args) or any(k.arg is None for k in call.keywords):
        return None
    named = {k.arg: k.value for k in call.keywords}
    try:
        pieces = list(string.Formatter().parse(text))
    except ValueError:
        return None
    out, automatic = [], 0
    for literal, name, spec, conversion in pieces[: _MAX_PARTS * 2]:
        out.append(literal)
        if name is None:
            continue
        if name == "":
            value, automatic = (call.args[automatic] if automatic < len(call.args) else None), automatic + 1
        elif name.isdigit():
            value = call.args[int(name)] if int(name) < len(call.args) else None
        else:
            value = named.get(name)
        out.append("{...}" if value is None or spec or conversion else _field(value, scope, finder, depth))
    return "".join(out)
