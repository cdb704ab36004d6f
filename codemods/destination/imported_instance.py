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

from . import gather_names, instance_url
from .file_sends import service_endpoint_name
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


# sources.cross_module.SENDS: how a method's words say where it posts (text: no import of sources)
_SENDS = " sends "


def gather_subclasses(sites, finder) -> List[Evidence]:
    """Red team 19, F17: a module class deriving from a client class imported from the run, its send the base's.

    ``from pkg import Api`` (``class Api: URL = HOUSTON; def query(self, doc): requests.post(self.URL, ...)``
    in ``pkg/clients.py``, re-exported by ``pkg/__init__.py``), then here ``class Inventory(Api): URL =
    "https://api.example.com/graphql"`` and ``Inventory().query(APPS)``: the run's index says ``Api.query``
    posts to ``self.URL``; this instance's ``self.URL`` is what its own class binds (an override of the
    module's MRO: a class attribute, ``self.URL = ...``), else the base's, so the send is judged by that value
    (the base's Houston URL said nothing of the subclass; before, the send was not traced and the file's
    Houston endpoint decided).  Constant work per call: one construction, at most ``_MAX_MRO`` classes.
    """
    if finder is None:
        return []
    helpers = getattr(getattr(finder, "file", None), "imported_helpers", None) or {}
    imported = getattr(finder.collector, "imported", {}) or {}
    if not helpers or not imported:
        return []
    found: List[Evidence] = []
    for site in sites:
        if site.kind != "helper" or not isinstance(site.call.func, ast.Attribute):
            continue
        method = site.call.func.attr
        instance = instance_url.instance_of(site.call, site.scope, finder)
        if instance is None or instance_url.inherited_method(finder, instance[0].node.name, method) is not None:
            continue  # not an instance of a module class, or the module's own method sends (instance_url)
        base = next((b for b in _imported_bases(instance[0]) if b in imported and f"{b}.{method}" in helpers), None)
        if base is None:
            continue
        definer, words = helpers[f"{base}.{method}"][0], helpers[f"{base}.{method}"][1]
        line = getattr(site.call, "lineno", 0)
        for word, at in list(words.items())[:16]:
            if not word.startswith(_SENDS) or " self." not in word:
                continue
            attribute = word.rsplit(" self.", 1)[1].split(" ", 1)[0]
            values = instance_url.own_values(instance, attribute, finder)
            where = f"sent by {base}.{method}() of {definer}, which posts to self.{attribute} ({definer}:{at})"
            if not values:  # not bound here: the base's own value, as the index read it
                direction = True if word.startswith(_SENDS + "houston ") else False if word.startswith(_SENDS + "other ") else None
                if direction is not None:
                    found.append(Evidence("instance-url", direction, DECISIVE if direction else STRONG,
                                          f"{where}, inherited by {instance[0].node.name} (call at line {line})"))
                continue
            for value, value_scope in values[:4]:
                direction, weight = _judged(value, value_scope, finder) if value_scope is not None else (None, NOTE)
                if direction is None and value_scope is not None and _concrete(value, value_scope, finder):
                    # URL = os.environ["INVENTORY_URL"]: a setting naming no Houston, not the base's URL
                    direction, weight = False, STRONG
                found.append(Evidence("instance-url", direction, weight,
                                      f"{where}; {instance[0].node.name} sets it to {_shown(value, finder)} "
                                      f"(line {getattr(value, 'lineno', 0)}) (call at line {line})"))
    return found


def _concrete(value: ast.AST, scope, finder) -> bool:
    """Is ``value`` a URL setting read as the call's URL is (a string, an environment variable), not a parameter?"""
    said: List[str] = []
    return bool(_words(value, scope, finder, said, 0)) and bool(said)


def _imported_bases(klass) -> List[str]:
    """The base names (``Api``, ``pkg.Api``'s last part) of the classes of ``klass``'s module MRO that are no class of the module."""
    names: List[str] = []
    for member in instance_url.module_mro(klass):
        for base in member.node.bases:
            if isinstance(base, ast.Name) and base.id not in names and not any(b.node.name == base.id for b in member.bases):
                names.append(base.id)
    return names


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
    if any(word.isidentifier() and service_endpoint_name(word) for word in said):
        # cmdb = GraphQLClient(os.environ["CMDB_URL"], ...): an endpoint's variable named for another service, as a
        # send to it in the file is read (red team 25, report 12, f8: a note, the CMDB's mutation rewritten)
        return False, STRONG
    return None, NOTE


def _shown(argument: ast.AST, finder) -> str:
    try:
        start, end = finder.span_of(argument)
        text = finder.file.text[start : min(end, start + 120)]
    except Exception:  # a node the finder cannot place
        return type(argument).__name__
    return describe_url(text)
