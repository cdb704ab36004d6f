"""A logging call given one mapping reads that mapping's keys by name.

Red team 20 (report 11b), F1: ``log.info("creating in %(ws)s on AC %(airflowVersion)s", variables)``.
``logging`` formats a record as ``msg % args``, and when the only argument after the message is a
mapping it uses the mapping itself (``LogRecord.__init__``: ``if len(args) == 1 and isinstance(args[0],
Mapping) and args[0]: args = args[0]``), so each ``%(name)s`` field of the message is a read of the key
``name``: the same read as ``"%(airflowVersion)s" % variables``, which already keeps the key.  Once the key
is renamed, the record fails (``--- Logging error --- KeyError``) and the line is lost.

So "printing or logging the dict" is a display only when it is not that form.  This module answers, for
a call and one of its arguments, which keys the call reads by name:

* ``None``: the call is not a logging call taking the argument as its single mapping (``print(v)``,
  ``log.debug("%s %s", a, v)``, ``log.info("x", extra=v)``): no key is read by name;
* a frozenset of the ``%(name)`` fields of a literal message (empty when it names none: ``"%s"`` prints
  the dict whole);
* ``ANY_KEY`` when the message is not a string literal: any key may be read.

Methods: ``debug``/``info``/``warning``/``warn``/``error``/``exception``/``critical``/``fatal`` (message
first) and ``log`` (level, then message), on ``logging`` or any object (a logger, an adapter).  One regex
pass over the message (each ``%`` starts at most one field; the classes after it cannot overlap: linear).
"""

from __future__ import annotations

import ast
import re
from typing import FrozenSet, Optional

LOG_METHODS = frozenset({"debug", "info", "warning", "warn", "error", "exception", "critical", "fatal", "log"})
ANY_KEY: FrozenSet[str] = frozenset({"\0any"})  # the message cannot be read: any key may be
# %(name)s fields; "%%" is skipped as a whole so "%%(x)s" names nothing.  Linear: "%" then either "%" or
# "(" and a run of non-")" characters.
_NAMED_FIELD = re.compile(r"%(?:%|\(([^)]*)\))")


def mapping_keys(call: ast.AST, argument: ast.AST) -> Optional[FrozenSet[str]]:
    """The keys a logging ``call`` reads by name from ``argument``, its single mapping argument, or None."""
    if not isinstance(call, ast.Call) or not isinstance(call.func, ast.Attribute) or call.func.attr not in LOG_METHODS:
        return None
    first = 1 if call.func.attr == "log" else 0  # log.log(logging.INFO, msg, v)
    if len(call.args) != first + 2 or call.args[first + 1] is not argument:
        return None
    message = call.args[first]
    if isinstance(message, ast.Constant) and isinstance(message.value, str):
        return frozenset(m.group(1) for m in _NAMED_FIELD.finditer(message.value) if m.group(1) is not None)
    return ANY_KEY


def reads_key(call: ast.AST, argument: ast.AST, keys: Optional[FrozenSet[str]] = None) -> bool:
    """Does ``call`` read one of ``keys`` (any key by name when None) from ``argument`` as its log mapping?"""
    found = mapping_keys(call, argument)
    if not found:
        return False
    return keys is None or found is ANY_KEY or bool(found & keys)
