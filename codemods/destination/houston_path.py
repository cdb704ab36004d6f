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
import posixpath
import string
import urllib.parse
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
        if isinstance(node.right, ast.Dict):  # "%(base)s/graphql" % {"base": BASE} (red team 28, report 12, f8)
            return _percent_named(node.left.value[:400], node.right, scope, finder, depth)
        values = node.right.elts if isinstance(node.right, ast.Tuple) else [node.right]
        pieces = node.left.value[:400].split("%s")
        if len(pieces) - 1 != len(values) or len(values) > _MAX_PARTS:
            return None
        out = [pieces[0]]
        for value, piece in zip(values, pieces[1:]):
            out.append(_field(value, scope, finder, depth))
            out.append(piece)
        return "".join(out)
    if isinstance(node, ast.Call) and not node.keywords and not any(isinstance(a, ast.Starred) for a in node.args):
        joined = _joined(node, scope, finder, depth)
        if joined is not None:
            return joined
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


def _joined(call: ast.Call, scope, finder, depth: int) -> Optional[str]:
    """``urljoin(BASE, "v1")``, ``posixpath.join(BASE, "v1")``, ``"/".join([BASE, "v1"])``, ``urlunsplit((...))`` /
    ``urlunparse((...))``: the URL Python computes from the parts' templates, else None (not such a call, a part
    unknown where it decides: the path of a join, the scheme of an unsplit).

    Red team 28, report 12, f6/f7: ``urljoin(BASE, "v1")`` was read as the bare base (``no endpoint path``) and
    ``urlunsplit(("https", HOST, "/graphql", "", ""))`` as its host alone (Houston's).  Python's own functions
    compute the result, so a leading ``/`` replaces the base's path and ``urljoin("https://h/api", "v1")`` is
    ``https://h/v1``; a ``{...}`` field holds no ``/``, so it stays one opaque part of the host or path."""
    func = call.func
    name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else None
    args = call.args
    if name == "urljoin" and len(args) == 2:
        parts = [template(a, scope, finder, depth + 1) for a in args]
        if None in parts or "{" in parts[1]:
            return None
        return urllib.parse.urljoin(parts[0], parts[1])
    if name == "join" and isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id == "posixpath" \
            and 2 <= len(args) <= _MAX_PARTS:
        parts = [template(a, scope, finder, depth + 1) for a in args]
        if None in parts or any("{" in p for p in parts[1:]):
            return None
        return posixpath.join(*parts)
    if name == "join" and isinstance(func, ast.Attribute) and isinstance(func.value, ast.Constant) and isinstance(func.value.value, str) \
            and len(args) == 1 and isinstance(args[0], (ast.List, ast.Tuple)) and len(args[0].elts) <= _MAX_PARTS:
        parts = [template(a, scope, finder, depth + 1) for a in args[0].elts]
        return None if None in parts else func.value.value.join(parts)
    if name in ("urlunsplit", "urlunparse") and len(args) == 1:
        size = 5 if name == "urlunsplit" else 6
        given = args[0]
        if isinstance(given, ast.Name):
            values = [v for v in finder._resolve(given, scope)[:3] if v is not given]
            given = values[0] if len(values) == 1 else None
        if not isinstance(given, (ast.Tuple, ast.List)) or len(given.elts) != size:
            return None
        parts = [template(a, scope, finder, depth + 1) for a in given.elts]
        if None in parts or "{" in parts[0]:
            return None
        return (urllib.parse.urlunsplit if size == 5 else urllib.parse.urlunparse)(tuple(parts))
    return None


def _percent_named(text: str, mapping: ast.Dict, scope, finder, depth: int) -> Optional[str]:
    """``"%(base)s/graphql" % {"base": BASE}``: the literal with each ``%(key)s`` filled from the dict, ``%%`` a
    percent; None for any other conversion or a key the dict does not write.  One pass over the literal."""
    entries = {}
    for key, value in zip(mapping.keys[:_MAX_PARTS], mapping.values[:_MAX_PARTS]):
        if not (isinstance(key, ast.Constant) and isinstance(key.value, str)):
            return None
        entries[key.value] = value
    out, index = [], 0
    while index < len(text):
        at = text.find("%", index)
        if at < 0:
            out.append(text[index:])
            break
        out.append(text[index:at])
        if text.startswith("%%", at):
            out.append("%")
            index = at + 2
            continue
        close = text.find(")s", at) if text.startswith("%(", at) else -1
        key = text[at + 2 : close] if close > 0 else None
        if key is None or key not in entries:
            return None
        out.append(_field(entries[key], scope, finder, depth))
        index = close + 2
    return "".join(out)


def resolved(node: ast.AST, scope, finder) -> Optional[str]:
    """The URL a built expression (``urljoin(BASE, "v1")``, ``"https://" + HOST + "/v1"``, ``"{base}/v1".format(...)``,
    ``"%(base)s/v1" % {...}``, ``urlunsplit(...)``) evaluates to when every part is a string known here, else None.

    Red team 28, report 12, f6-f8: the evidence quotes this URL, as Python computes it, never a template the file
    did not write; a ``{...}`` part or a text that is no ``http(s)://`` / ``ws(s)://`` URL gives None."""
    if finder is None:
        return None
    text = template(node, scope, finder, 0)
    if text is None or "{" in text or "}" in text or '"' in text or "\n" in text or len(text) > 400:
        return None
    return text if text.lower().startswith(("http://", "https://", "ws://", "wss://")) else None


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
