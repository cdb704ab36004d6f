"""Airflow connections a send uses, beyond ``http_conn_id="houston"`` (red team 17, report 12, F17, F26).

A DAG keeps its endpoints in Airflow connections, so the connection id a person
gave is all the file says of where a send goes (``gather_binding.connection_evidence``
reads an id naming an API).  Two more shapes:

* ``conn = BaseHook.get_connection("houston_api")``; ``url = f"https://{conn.host}/v1"``;
  ``requests.post(url, headers={"authorization": conn.password}, json={"query": Q})``:
  the send's URL and credentials come from that connection, so its id is read as
  ``HttpHook(http_conn_id=...)``'s is: strong, for Houston when it names Houston (F26).
* ``HttpOperator(http_conn_id="cmdb_graphql", data=json.dumps({"query": Q}))`` in a DAG
  whose other sends use a connection naming Houston (``http_conn_id="houston_api"``):
  the id names no Houston, so the file itself tells its destinations apart; strong,
  against, as a URL bound to a value naming no Houston is beside a Houston send (F17).

Cost: the connection uses of the module are listed once per file (memo on the
finder); a send's own arguments are read shallowly, through names bound in its
scope (two levels, a bounded number of nodes): linear in the file.
"""

from __future__ import annotations

import ast
import itertools
from typing import Dict, List, Optional, Tuple

from . import gather_binding, gather_names
from .evidence import NOTE, STRONG, Evidence

CONNECTION_KEYWORDS = frozenset({"http_conn_id", "conn_id", "connection_id"})
# BaseHook.get_connection(ID), Connection.get_connection_from_secrets(ID), BaseHook.get_hook(ID).
_GETTERS = frozenset({"get_connection", "get_connection_from_secrets", "get_hook"})
_NODES_READ = 200  # nodes of a send's arguments (and what their names are bound to) read at most


def _literal(node) -> Optional[str]:
    return node.value[:100] if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _getter_id(call: ast.AST) -> Optional[str]:
    """``BaseHook.get_connection("houston_api")``: the connection id, else None."""
    if not isinstance(call, ast.Call) or not isinstance(call.func, ast.Attribute) or call.func.attr not in _GETTERS:
        return None
    given = call.args[0] if call.args else next((k.value for k in call.keywords if k.arg in CONNECTION_KEYWORDS | {"conn_id"}), None)
    return _literal(given)


def _ids_of_call(call: ast.Call) -> List[str]:
    """The connection ids a call names itself: a connection keyword, or a getter's argument."""
    found = [_literal(k.value) for k in call.keywords if k.arg in CONNECTION_KEYWORDS]
    getter = _getter_id(call)
    if getter is not None:
        found.append(getter)
    return [value for value in found if value]


def houston_uses(finder) -> List[Tuple[ast.Call, int, str]]:
    """(call, line, id) of each call of the module naming a connection whose id names Houston (listed once)."""
    memo = finder.__dict__.setdefault("_airflow_houston_connections", {})
    if "uses" not in memo:
        uses = []
        for call, _scope in finder.collector.calls:
            for conn_id in _ids_of_call(call):
                if gather_names.direction(conn_id) is True and not gather_names.setting_foreign_words(conn_id):
                    uses.append((call, getattr(call, "lineno", 0), conn_id))
        memo["uses"] = uses
    return memo["uses"]


def _houston_senders(finder) -> list:
    """(call, line) of the module's sends whose URL or headers name Houston (``gather_binding``), listed once."""
    memo = finder.__dict__.setdefault("_airflow_houston_connections", {})
    if "senders" not in memo:
        memo["senders"] = gather_binding.houston_senders(finder)
    return memo["senders"]


def _connections_read(call: ast.Call, scope, finder) -> List[str]:
    """The ids of connections a send's arguments read (``conn.host``, ``conn.password`` of ``conn = get_connection(ID)``)."""
    found: List[str] = []
    seen = set()
    stack: List[Tuple[ast.AST, int]] = [(node, 0) for node in list(call.args) + [k.value for k in call.keywords]]
    budget = _NODES_READ
    while stack and budget > 0:
        node, depth = stack.pop()
        budget -= 1
        if id(node) in seen:
            continue
        seen.add(id(node))
        getter = _getter_id(node)
        if getter is not None:
            found.append(getter)
            continue
        if isinstance(node, ast.Name) and depth < 2:
            for value in finder._resolve(node, scope)[:4]:
                if value is not node:
                    stack.append((value, depth + 1))
            continue
        # At most the budget left: a module table of N entries (``URLS[name]``) is read once per
        # send, so pushing all its children cost N per send (red team 23, report 12, f19).
        stack.extend((child, depth) for child in itertools.islice(ast.iter_child_nodes(node), budget))
    return found


def gather(sites, finder) -> List[Evidence]:
    """The evidence of the Airflow connections each send of the document uses (see the module's words)."""
    if finder is None:
        return []
    found: List[Evidence] = []
    for site in sites:
        line = getattr(site.call, "lineno", 0)
        for call, scope in gather_binding._sending_calls(site, finder)[:2]:
            made = [call]
            receiver = call.func.value if isinstance(call.func, ast.Attribute) else None
            if isinstance(receiver, ast.Call):  # HttpHook(...).run(...)
                made.append(receiver)
            elif isinstance(receiver, ast.Name):  # hook = HttpHook(...); hook.run(...)
                made.extend(v for v in finder._resolve(receiver, scope)[:4] if isinstance(v, ast.Call))
            for conn_id in _connections_read(call, scope, finder):
                pointing = gather_names.direction(conn_id)
                if pointing is not None and not (pointing and gather_names.setting_foreign_words(conn_id)):
                    other = "" if pointing else " (another API)"
                    found.append(Evidence("connection", pointing, STRONG, f"Airflow connection {conn_id!r}{other} read by the send (get_connection, call at line {line})"))
            named = [conn_id for built in made for conn_id in _ids_of_call(built)]
            for conn_id in named:
                if gather_names.direction(conn_id) is not None or "houston" in conn_id.lower():
                    continue  # said by gather_binding.connection_evidence
                houston = next((use for use in houston_uses(finder) if use[0] not in made), None)
                if houston is not None:
                    found.append(Evidence(
                        "connection", False, STRONG,
                        f"Airflow connection {conn_id!r} names no Houston, while the call at line {houston[1]} uses {houston[2]!r} (call at line {line})",
                    ))
                    continue
                sender = next((use for use in _houston_senders(finder) if use[0] not in made), None)
                if sender is not None:  # requests.post(HOUSTON_URL, ...) beside it: the file tells them apart
                    found.append(Evidence(
                        "connection", False, STRONG,
                        f"Airflow connection {conn_id!r} names no Houston, while the call at line {sender[1]} posts to Houston (call at line {line})",
                    ))
                elif gather_binding.service_named([conn_id]):  # inventory_api: a Houston URL named elsewhere is not this send's (RT18 F3)
                    found.append(Evidence(gather_binding.ELSEWHERE, None, NOTE, f"sent through Airflow connection {conn_id!r} (call at line {line})"))
    seen: Dict[str, bool] = {}
    unique = []
    for item in found:
        if item.text not in seen:
            seen[item.text] = True
            unique.append(item)
    return unique
