"""Where an instance of an imported client class posts: the URL its constructor call was given.

A shared client lives in a library module of the run and is built once per API::

    # lib/gql_client.py
    class GraphQLClient:
        def __init__(self, url, token=None):
            self.url = url
        def query(self, q, **variables):
            return self.session.post(self.url, json={"query": q, "variables": variables})

    # sync.py
    houston = GraphQLClient(os.environ.get("HOUSTON_URL", "https://houston.acme.com/v1"))
    github = GraphQLClient("https://api.github.com/graphql")
    houston.query("{ workspaces { id label } }")
    github.query(USER_Q, login="octocat")

The run's module index (``sources.cross_module``) noted that ``GraphQLClient.query``
posts to the URL given to the constructor for ``url`` (its first parameter after
``self``).  Each call here is judged by the argument its own receiver was built with
(red team 14, report 12, F7): Houston's URL is decisive for Houston, a known other
API's host decisive against, a whole URL on a foreign host or a name of another API
strong against; a value naming nothing is a note.  The file's Houston endpoint then no
longer speaks for GitHub's document.  Constant work per call: at most four values of
the receiver are looked at.
"""

from __future__ import annotations

import ast
from typing import List, Optional, Tuple

from . import gather_names
from .gather_binding import _words
from .evidence import DECISIVE, NOTE, STRONG, Evidence
from .gather_calls import describe_url, foreign_path, names_houston, url_direction

# sources.cross_module.SENDS + GIVEN: a method posting to what its constructor was given (text: no import of sources)
_GIVEN = " sends given "


def gather(sites, finder) -> List[Evidence]:
    found: List[Evidence] = []
    for site in sites:
        if site.kind != "helper" or not isinstance(site.call.func, ast.Attribute):
            continue
        key = finder.imported_helper_key(site.call, site.scope) if hasattr(finder, "imported_helper_key") else None
        entry = (getattr(getattr(finder, "file", None), "imported_helpers", None) or {}).get(key) if key else None
        if not entry or "." not in key:
            continue
        definer, words = entry[0], entry[1]
        for word, at in words.items():
            if not word.startswith(_GIVEN):
                continue
            index_text, parameter, attribute = (word[len(_GIVEN):].split(" ", 2) + ["", ""])[:3]
            built = _constructor_call(site, finder, key)
            if built is None or not index_text.isdigit():
                continue
            argument = _argument(built, int(index_text), parameter)
            if argument is None:
                continue
            line = getattr(site.call, "lineno", 0)
            item = _judged(argument, site.scope, finder)
            shown = _shown(argument, finder)
            where = (
                f"sent by {key}() of {definer}, which posts to {attribute} ({definer}:{at}); "
                f"this instance was given {shown} (line {getattr(built, 'lineno', 0)}) (call at line {line})"
            )
            direction, weight = item
            found.append(Evidence("instance-url", direction, weight, where))
    return found


def _constructor_call(site, finder, key: str) -> Optional[ast.Call]:
    """The ``Class(...)`` call the receiver of ``site.call`` was built by (``houston = GraphQLClient(...)``)."""
    receiver = site.call.func.value
    values = [receiver]
    if isinstance(receiver, ast.Name) and site.scope is not None:
        values.extend(finder._resolve(receiver, site.scope)[:4])
    class_name = key.rsplit(".", 1)[0]
    built = [v for v in values if isinstance(v, ast.Call) and _dotted(v.func).endswith(class_name.rsplit(".", 1)[-1])]
    return built[0] if len(built) == 1 else None  # two constructions of one name: not ours to pick


def _dotted(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{_dotted(node.value)}.{node.attr}"
    return ""


def _argument(call: ast.Call, index: int, parameter: str) -> Optional[ast.AST]:
    for keyword in call.keywords:
        if keyword.arg == parameter:
            return keyword.value
    if any(isinstance(a, ast.Starred) for a in call.args[: index + 1]) or any(k.arg is None for k in call.keywords):
        return None
    return call.args[index] if index < len(call.args) else None


def _judged(argument: ast.AST, scope, finder) -> Tuple[Optional[bool], int]:
    """(direction, weight) of the URL given, read as gather_binding reads a call's URL (names followed)."""
    said: List[str] = []
    _words(argument, scope, finder, said, 0)
    if any(names_houston(word) for word in said):
        return True, DECISIVE
    if any(url_direction(word) is False for word in said):
        return False, DECISIVE
    if any(foreign_path(word) is not None for word in said):
        return False, STRONG
    if any(gather_names.direction(word) is False for word in said if word.isidentifier()):
        return False, STRONG
    return None, NOTE


def _shown(argument: ast.AST, finder) -> str:
    try:
        start, end = finder.span_of(argument)
        text = finder.file.text[start : min(end, start + 120)]
    except Exception:  # a node the finder cannot place
        return type(argument).__name__
    return describe_url(text)
