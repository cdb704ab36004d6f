"""Where an imported helper posts when its URL is a parameter: what this call passes there, else its default.

A shared utility module of the run takes the URL as a parameter with a default::

    # lib/gqlutil.py
    HOUSTON_URL = os.environ.get("HOUSTON_URL", "https://houston.acme.com/v1")

    def run_query(query, variables=None, url=HOUSTON_URL):
        return requests.post(url, json={"query": query, "variables": variables}).json()

    # scripts/sync.py
    run_query("{ workspaces { id } }")                      # Houston: the default
    run_query(CATALOG_Q, url="https://catalog.acme.net/graphql")   # another API

The run's module index (``sources.cross_module``) noted that ``run_query`` posts to its
parameter ``url`` (position 2) and that the default names Houston.  Each call here is
judged by the argument it passes for that parameter (red team 15, report 12, F7): read
as a call's URL is (names followed in this module), Houston's URL decisive for, a known
other API's decisive against, a whole URL on a foreign host strong against.  A call
passing nothing there posts to the default: decisive for Houston when it names Houston,
strong against when it names another API.  A splat (``**options``, ``*args`` before the
place) may pass anything: nothing is said.  Constant work per call.
"""

from __future__ import annotations

import ast
from typing import List, Optional

from .evidence import DECISIVE, STRONG, Evidence
from .gather_binding import _words
from .gather_calls import describe_url, foreign_path, names_houston, url_direction

# sources.cross_module.SENDS + PARAMETER (text: no import of sources)
_PARAMETER = " sends parameter "


def gather(site, key: Optional[str], finder) -> List[Evidence]:
    """Evidence for one helper site whose helper, imported from a module of the run, posts to a URL parameter."""
    if key is None or not isinstance(site.call, ast.Call):
        return []
    entry = (getattr(getattr(finder, "file", None), "imported_helpers", None) or {}).get(key)
    if not entry:
        return []
    definer, words = entry[0], entry[1]
    line = getattr(site.call, "lineno", 0)
    found: List[Evidence] = []
    for word, at in list(words.items()):
        if not word.startswith(_PARAMETER):
            continue
        parts = word[len(_PARAMETER):].split(" ", 3)
        if len(parts) != 4:
            continue
        index, parameter, default, shown = parts
        passed = _argument(site.call, index, parameter)
        if passed is _UNKNOWN:
            continue
        posts = f"sent by {key}() of {definer}, which posts to its parameter {parameter} ({definer}:{at})"
        if passed is None:
            if default == "houston":
                found.append(Evidence("helper", True, DECISIVE, f"{posts}; this call passes none: its default {shown} (call at line {line})"))
            elif default == "other":
                found.append(Evidence("helper", False, STRONG, f"{posts}; this call passes none: its default {shown}, not Houston's (call at line {line})"))
            continue
        direction, weight = _judged(passed, site.scope, finder)
        if direction is not None:
            found.append(Evidence("helper", direction, weight, f"{posts}; this call passes {_shown(passed, finder)} (call at line {line})"))
    return found


_UNKNOWN = object()


def _argument(call: ast.Call, index: str, parameter: str):
    """What ``call`` passes for the parameter: its node, None when nothing, ``_UNKNOWN`` behind a splat."""
    for keyword in call.keywords:
        if keyword.arg == parameter:
            return keyword.value
    if any(keyword.arg is None for keyword in call.keywords):
        return _UNKNOWN
    if not index.isdigit():
        return None
    position = int(index)
    if any(isinstance(argument, ast.Starred) for argument in call.args[: position + 1]):
        return _UNKNOWN
    return call.args[position] if position < len(call.args) else None


def _judged(argument: ast.AST, scope, finder):
    """(direction, weight) of the URL a call passes, read as a call's URL is (names followed in this module)."""
    said: List[str] = []
    _words(argument, scope, finder, said, 0)
    if any(names_houston(word) for word in said):
        return True, DECISIVE
    if any(url_direction(word) is False for word in said):
        return False, DECISIVE
    if any(foreign_path(word) is not None for word in said):
        return False, STRONG
    return None, 0


def _shown(argument: ast.AST, finder) -> str:
    try:
        start, end = finder.span_of(argument)
        return describe_url(finder.file.text[start : min(end, start + 120)])
    except Exception:  # a node the finder cannot place
        return type(argument).__name__
