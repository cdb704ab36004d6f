"""Find the GraphQL documents in a Python module.

A string is taken for a GraphQL document on one of two kinds of evidence:

* **call**: it is used where GraphQL is sent: the gql library's ``gql(...)``, the
  first argument of a client's ``.execute(...)``, a ``query=`` keyword, or the
  ``"query"`` value of a JSON payload (``json=``/``data=`` or ``json.dumps``;
  a literal body or one built step by step, ``payload["query"] = Q``).  Names
  bound to literals in the same module are followed, and so are the module's own
  helper functions: a parameter the helper's body sends that way makes what a
  call passes there a document, whatever its first token (``houston("{ ... }")``),
  judged by the body and never by the helper's name (``document_parameters``).
* **content**: its text starts with ``query``/``mutation``/``subscription``/
  ``fragment`` and parses as an executable GraphQL document.

Docstrings never count: they describe, they are not sent.

The tree is CPython's own ``ast`` (built in C, exact start and end positions):
walking it costs a fraction of a LibCST parse, which is what lets a run over a
whole repository stay close to the cost of reading it.  Exact positions inside
literals come from :mod:`literal_scanner`.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from typing import Dict, Iterable, List, Optional, Tuple, Union

from ..ignore_header import MarkedLines, file_ignored, marked_comment_lines, unit_spans
from ..model import CallSite, Source
from ..source_file import SourceFile
from ..destination import factory_sender, instance_url  # what self.url is for an instance of a module class (RT15 F1-F3)
from ..destination.gather_calls import joined_base_path  # a base_url client's relative path joined on (RT27 12 f4)
from ..destination import attribute_stores  # a client's endpoint stored after its construction (RT19 F19)
from ..destination import houston_path  # a URL built from parts, as Python computes it (RT28 12 f6-f8)
from ..destination import loop_values  # what a loop variable takes: the documents a loop sends (RT17 13 F11)
from . import cross_module, flow_order, placeholders, templates
from . import helper_variables, json_body
from . import helper_decorators  # a send helper's decorators read as part of it (RT20 11b F5)
from . import log_mapping  # a logging call reading its single mapping argument by key (RT20 11b F1)
from . import forwarded_variables  # a send's variables that are its function's parameter: the callers' (RT20 13 F10)
from . import imported_fills  # fills a base class imported from another module makes (RT15 11b F11)
from . import handed_out  # what a module's functions return: an importer's send of it (RT19 F16)
from . import handed_on  # a helper run by an executor / thread / pool, as the call it makes (RT19 11b F16)
from . import indirect_calls  # a call through a partial, bound method or getattr, as the call it makes (RT22 11b f8/f10)
from .bindings import ModuleNames, other_uses_of_constant, reachable_class
from .tree_nodes import dotted_name

EXECUTE_METHODS = frozenset({"execute", "execute_async", "execute_sync", "subscribe", "subscribe_async"})
VARIABLE_KEYWORDS = ("variable_values", "variables")
PAYLOAD_KEYWORDS = ("json", "data", "content")
_HTTP_METHODS = frozenset({"GET", "POST", "PUT", "PATCH"})
# Keywords whose string or bytes is the request body as written: data=b'{"query": "..."}' (sources/json_body.py).
TEXT_BODY_KEYWORDS = ("data", "content", "body")
IGNORE_MARKER = re.compile(r"#\s*houston-codemod:\s*ignore\b")
# Comments run to their line's end and nowhere else, and a quote is followed by one
# unbounded run, not two that overlap: both patterns are linear (tests/test_regex_linearity.py).
_KEYWORD_START = re.compile(r"(?:\s|,|#[^\r\n]*[\r\n])*(query|mutation|subscription|fragment)(?![_0-9A-Za-z])")
_KEYWORD_ANYWHERE = re.compile(r"query|mutation|subscription|fragment")
# What a string passed to a document-sending helper opens with (a shorthand "{" too); same shape as _KEYWORD_START.
# str's own methods: a literal handed to one is compared, split or searched, never sent (red team 23, report 12, f10)
_STRING_METHODS = frozenset({
    "startswith", "endswith", "find", "rfind", "index", "rindex", "count", "split", "rsplit", "partition",
    "rpartition", "replace", "strip", "lstrip", "rstrip", "removeprefix", "removesuffix", "join", "format",
    "format_map", "encode", "translate", "maketrans", "sub", "subn", "match", "fullmatch", "search", "compile",
    "findall", "finditer", "escape",
})
_OPENS_LIKE_GRAPHQL = re.compile(r"(?:\s|,|#[^\r\n]*[\r\n])*(?:\{|(?:query|mutation|subscription|fragment)(?![_0-9A-Za-z]))")
# What a mistyped document opens with: a name (``mutaton``, ``quer``, a bare root field), then "{" or "(".  The
# name and the blank run after it cannot overlap (word characters, then blanks): linear, anchored at the start.
_OPENS_LIKE_BROKEN = re.compile(r"(?:\s|,|#[^\r\n]*[\r\n])*[A-Za-z_][0-9A-Za-z_]*[ \t\r\n]*[({]")
# A constant named HOUSTON_* holds something for Houston (a shorthand document in it is one).
_HOUSTON_NAME = "HOUSTON_"
# Functions that run a document against a schema object in this process: graphql_sync(schema, DATA).
_LOCAL_RUNNERS = frozenset({"graphql", "graphql_sync"})
# sgqlc's endpoint objects: ``ep = HTTPEndpoint(URL, headers); ep(Q, variables)`` posts Q to URL (red team 11, F3).
SGQLC_ENDPOINTS = frozenset({"HTTPEndpoint", "RequestsEndpoint", "WebSocketEndpoint"})
_SCHEMA_WORD = re.compile(r"schema", re.IGNORECASE)
# How many helpers deep a document parameter is followed (houston() -> run() -> deploy()).
HELPER_LEVELS = 3


def _relative_path(node: ast.AST) -> Optional[str]:
    """``"/graphql"`` or ``"v1"`` posted to on a client with a base URL, as a path; else None."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str) and "://" not in node.value and not node.value.startswith("//"):
        return node.value if node.value.startswith("/") or (node.value and node.value[0] not in ".") else None
    return None


_URL_START = re.compile(r"[rRfFbBuU]*['\"]{1,3}(?:\s*https?://|[^'\"]*houston)", re.IGNORECASE)
# A quoted plain word given as the URL itself ("houston" of post_graphql("houston", q)): a dict key, a
# name, a connection id; never a URL (red team 13, F12).  Inside a call (os.environ.get("HOUSTON_URL")) it names a setting.
_BARE_WORD = re.compile(r"[rRbBuU]?(['\"])[\w-]*\1")
_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
# Airflow's HTTP hooks and operators take a connection id, never a URL: the id is weighed as one
# (destination.gather_binding.connection_evidence), so ``http_conn_id="houston_weather"`` is no URL hint.
_CONNECTION_KEYWORDS = frozenset({"http_conn_id", "conn_id", "connection_id"})
_AIRFLOW_CONNECTED = frozenset({"HttpHook", "HttpAsyncHook", "SimpleHttpOperator", "HttpOperator", "HttpSensor", "get_connection", "get_hook"})


def _url_arguments(call: ast.Call) -> List[ast.AST]:
    """The arguments of a client's construction that may hold its URL: never an Airflow connection id.

    Red team 22, report 12, f13: ``hook = HttpHook(method="POST", http_conn_id="houston_weather")`` then
    ``hook.run(endpoint="v1", json={"query": Q})`` read the id as the URL the hook was built with
    ("setting houston_weather", decisive); the id is a name, weak when its other words are not Houston's."""
    func = call.func
    callee = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else None
    positional = [] if callee in _AIRFLOW_CONNECTED else list(call.args)
    return positional + [k.value for k in call.keywords if k.arg not in _CONNECTION_KEYWORDS]


# Keywords a client's construction takes its endpoint or host by: a string given by another keyword
# (``city="Houston, TX"``, ``office="houston"``) is no URL (red team 23, report 12, f17).
_ENDPOINT_KEYWORDS = frozenset({
    "url", "base_url", "endpoint", "uri", "host", "hostname", "api_url", "graphql_url", "server", "address", "domain",
    "base", "api", "api_base", "base_uri", "endpoint_url", "server_url", "service_url", "target", "netloc", "location",
})
# Calls that read a setting by its name: os.environ.get("HOUSTON_URL"), os.getenv, Variable.get, config.get,
# python-decouple's config("HOUSTON_URL"), environs' env("HOUSTON_URL") / env.str(...).
_SETTING_READERS = frozenset({"get", "getenv", "config", "env", "str", "url", "get_variable", "get_key", "getattr"})
_HTTP_START = re.compile(r"\s{0,8}(?:https?|wss?)://", re.IGNORECASE)
# A host written without its scheme: name labels, a dot or a port (houston.acme.com, houston:8871/v1).
_HOST_LIKE = re.compile(r"[rRbBuU]?(['\"])[\w-]+[.:][^'\"\s,]*\1")


def _may_name_endpoint(call: ast.Call, argument: ast.AST, hint: str) -> bool:
    """May ``hint``, found in ``argument`` of ``call`` (a client's construction, a setting's read; written there or
    a name bound to it, not a call's result, which its own level judged), say where the call's client posts?  A whole URL always; a host written without its scheme (``"houston.acme.com"``) as a
    positional or an endpoint keyword's value; a setting's name (``"HOUSTON_URL"``) read by a settings call
    (``os.environ.get``, ``Variable.get``, ``config.get``).  Never a word given to another keyword
    (``WeatherClient(city="Houston, TX")``, ``DirectoryClient(office="houston")``) nor a bare word or phrase given
    as the URL (red team 23, report 12, f17; the README: a quoted word given as the URL is never one).  Constant
    work: one linear pattern over the hint.
    """
    if _URL_START.match(hint) and "://" in hint[:40]:
        return True
    keyword = next((k.arg for k in call.keywords if k.value is argument), None)
    if keyword is not None and keyword.lower() not in _ENDPOINT_KEYWORDS:
        return False
    func = call.func
    callee = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else None
    if _BARE_WORD.fullmatch(hint):
        return keyword is None and callee in _SETTING_READERS
    if hint[:1] in "fF" and "{" in hint:
        return True  # f"{HOUSTON_BASE}/v1": a template over settings, read as a URL hint is
    return _HOST_LIKE.fullmatch(hint) is not None
_LOG_METHODS = frozenset({"debug", "info", "warning", "warn", "error", "exception", "critical", "log"})
# A name bound more often than this is a variable, not a document or payload constant.
MAX_BINDINGS = 8
# Names followed to names (``v1 = v0`` ... ``v499 = v498``, ``V = V`` rebound a thousand times): each link
# is a few Python frames, so a chain past this length is unknown (nothing followed), never a RecursionError.
MAX_RESOLVE_DEPTH = 100
_MAX_SAME_NAME = 8  # definitions sharing one name read for a call whose receiver is not placed


@dataclass
class _Scope:
    kind: str  # module | class | function
    parent: Optional["_Scope"]
    bindings: Dict[str, List[ast.AST]] = field(default_factory=dict)
    node: Optional[ast.AST] = None  # the def or class statement (None for the module)
    # (name, key) -> values stored as ``name["key"] = value``: a request body built step by step.
    key_stores: Dict[Tuple[str, str], List[ast.AST]] = field(default_factory=dict)
    # ``global url`` / ``nonlocal url`` in this function: the scope its assignments bind (red team 19, F15).
    declared: Dict[str, "_Scope"] = field(default_factory=dict)
    _parameters: Optional[frozenset] = field(default=None, repr=False)  # parameters(), built on first use
    _stored: Optional[frozenset] = field(default=None, repr=False)  # stored(), built on first use
    # A lambda's or comprehension's view of this scope (``shadowing``): the same bindings, but ``shadows``
    # (its parameters, its variables) are its own, never this scope's names (red team 29, report 12, f2 f8).
    base: Optional["_Scope"] = field(default=None, repr=False)
    shadows: frozenset = frozenset()

    def shadowing(self, names) -> "_Scope":
        """This scope as a lambda or comprehension inside it sees it: ``names`` are that lambda's or comprehension's."""
        view = _Scope(self.kind, self.parent, self.bindings, self.node, self.key_stores, self.declared)
        view.base, view.shadows = self, frozenset(names)
        return view

    def bind(self, name: str, value: ast.AST) -> None:
        """Bind ``name`` here, or where a ``global`` / ``nonlocal`` statement of this function sends it.

        Red team 19, F15: ``def use_inventory(): global url; url = OTHER`` rebinds the module's ``url``,
        so a helper posting to ``url`` may post to OTHER: both are its values (undecided), never only
        the module body's Houston URL.
        """
        target = self.declared.get(name, self)
        target.bindings.setdefault(name, []).append(value)

    def declare(self, statement: ast.AST) -> None:
        """Note a ``global`` (the module's scope) or ``nonlocal`` (the nearest enclosing function's) statement."""
        outer: Optional[_Scope] = self.parent
        if isinstance(statement, ast.Global):
            while outer is not None and outer.parent is not None:
                outer = outer.parent
        else:
            while outer is not None and outer.kind != "function":
                outer = outer.parent
        if outer is not None and self.kind == "function":
            for name in statement.names:
                self.declared[name] = outer

    def lookup(self, name: str) -> List[ast.AST]:
        """The values ``name`` has where this scope reads it: the nearest scope binding it.

        A function's parameter is a binding of that function: ``def houston(query): ...{"query": query}``
        never reads a module-level ``query`` of the same spelling (red team 27, report 12, f2: the module's
        CMDB mutation bound to ``query`` was taken as sent by the helper's Houston post).  Nothing is known
        of a parameter's value here: the caller's argument (or the default, ``_parameter_default``) says it.
        """
        scope: Optional[_Scope] = self
        first = True
        while scope is not None:
            if scope.base is not None:  # a lambda's parameter, a comprehension's variable: its own, nothing known
                if name in scope.shadows:
                    return []
                scope = scope.base
                continue
            # Like Python: a function body does not see its enclosing class's names.
            if (first or scope.kind != "class") and name in scope.bindings:
                return scope.bindings[name]
            if scope.kind == "function" and (name in scope.parameters() or name in scope.stored()):
                return []  # a local bound by a form not followed here (a, URL = ..., for URL in): not the module's
            first = False
            scope = scope.parent
        return []

    def local(self, name: str) -> bool:
        """Is ``name``, read here, a parameter of a function, a lambda or a comprehension's variable?  (A local
        assigned the helper, ``query = houston_query``, or a nested def stays followed: 0a1ded2.)"""
        scope: Optional[_Scope] = self
        while scope is not None:
            if scope.base is not None:
                if name in scope.shadows:
                    return True
                scope = scope.base
                continue
            if scope.kind == "module":
                return False
            if scope.kind == "function" and (name in scope.bindings or name in scope.stored()):
                return False
            if scope.kind == "function" and name in scope.parameters():
                return True
            scope = scope.parent
        return False

    def parameters(self) -> frozenset:
        """Every parameter name of this function scope's def or lambda (``*args`` and ``**kwargs`` too), read once."""
        if self.base is not None:
            return self.base.parameters()
        if self._parameters is None:
            arguments = getattr(self.node, "args", None)
            if not isinstance(arguments, ast.arguments):
                self._parameters = frozenset()
            else:
                every = list(getattr(arguments, "posonlyargs", [])) + list(arguments.args) + list(arguments.kwonlyargs)
                every += [a for a in (arguments.vararg, arguments.kwarg) if a is not None]
                self._parameters = frozenset(a.arg for a in every)
        return self._parameters

    def stored(self) -> frozenset:
        """Every other name this function's body binds, in any form (``_stored_names``), read once."""
        if self.base is not None:
            return self.base.stored()
        if self._stored is None:
            self._stored = _stored_names(self.node, self.declared)
        return self._stored

    def stored_at(self, name: str, key: str) -> List[ast.AST]:
        """Every value stored as ``name[key] = value`` in this scope and the ones it sees."""
        found: List[ast.AST] = []
        scope: Optional[_Scope] = self
        first = True
        while scope is not None:
            if first or scope.kind != "class":
                found.extend(scope.key_stores.get((name, key), ()))
            first = False
            scope = scope.parent
        return found


def _stored_names(function: ast.AST, declared) -> frozenset:
    """Names any statement of ``function``'s own body binds (``a, URL = ...``, ``for URL in``, ``with ... as URL``,
    ``(URL := ...)``), unless declared global or nonlocal: like Python, each makes the name local to the function,
    so a module-level ``URL`` of the same spelling is never what the body reads there (red team 28, report 12, f2).
    One walk of the body, nested defs, lambdas, classes and comprehensions (their own scopes) left out."""
    found = set()
    stack = list(getattr(function, "body", [])) if isinstance(getattr(function, "body", None), list) else []
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            found.add(node.name)
            continue
        if isinstance(node, (ast.Lambda, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)):
            if not isinstance(node, ast.Lambda):  # a walrus inside a comprehension binds in the function
                found.update(n.target.id for n in ast.walk(node) if isinstance(n, ast.NamedExpr) and isinstance(n.target, ast.Name))
            continue
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            found.add(node.id)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            found.update((a.asname or a.name).split(".")[0] for a in node.names if a.name != "*")
        elif isinstance(node, ast.ExceptHandler) and node.name:
            found.add(node.name)
        elif isinstance(node, (ast.MatchAs, ast.MatchStar)) if _MATCH else False:
            if node.name:  # case {"url": URL}: / case [first, *URL]: a capture binds (red team 29, report 12, f1)
                found.add(node.name)
        elif isinstance(node, ast.MatchMapping) if _MATCH else False:
            if node.rest:  # case {"kind": k, **URL}:
                found.add(node.rest)
        stack.extend(ast.iter_child_nodes(node))
    return frozenset(found - set(declared))


_MATCH = hasattr(ast, "MatchAs")  # Python 3.10+: match statements parse
_COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)


def _own_names(node: ast.AST) -> frozenset:
    """The names a lambda (its parameters) or a comprehension (its ``for`` targets) binds for itself; else empty."""
    if isinstance(node, ast.Lambda):
        arguments = node.args
        every = list(getattr(arguments, "posonlyargs", [])) + list(arguments.args) + list(arguments.kwonlyargs)
        every += [a for a in (arguments.vararg, arguments.kwarg) if a is not None]
        return frozenset(a.arg for a in every)
    if isinstance(node, _COMPREHENSIONS):
        return frozenset(
            n.id for generator in node.generators for n in ast.walk(generator.target)
            if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)
        )
    return frozenset()


def _split_parts(node: ast.AST, scope: "_Scope", inner: "_Scope") -> List[Tuple[ast.AST, "_Scope"]]:
    """A lambda's or comprehension's parts, each with the scope it is read in: like Python, its defaults and
    first iterable in the enclosing one, everything else in its own (``inner``)."""
    if isinstance(node, ast.Lambda):
        defaults = list(node.args.defaults) + [d for d in node.args.kw_defaults if d is not None]
        return [(d, scope) for d in defaults] + [(node.body, inner)]
    parts: List[Tuple[ast.AST, _Scope]] = []
    for index, generator in enumerate(node.generators):
        parts.append((generator.iter, scope if index == 0 else inner))
        parts.append((generator.target, inner))
        parts.extend((condition, inner) for condition in generator.ifs)
    if isinstance(node, ast.DictComp):
        parts.extend([(node.key, inner), (node.value, inner)])
    else:
        parts.append((node.elt, inner))
    return parts


class _Collector:
    """One walk: scopes and their bindings, calls, and top-level string expressions."""

    def __init__(self, module: ast.Module) -> None:
        self.module_scope = _Scope("module", None)
        self.class_scopes: List[_Scope] = []
        self.calls: List[Tuple[ast.Call, _Scope]] = []
        # Calls made inside each named function: where a helper sends what it is given.
        self.calls_in_function: Dict[str, List[Tuple[ast.Call, _Scope]]] = {}
        self.function_defs: Dict[str, ast.AST] = {}
        # The same, keyed by the definition itself, and every definition of each name (a method
        # name shared by n classes): ``Acme(URL).q(doc)`` reads Acme's q only (issue 10 E4, linear).
        self.calls_in_def: Dict[int, List[Tuple[ast.Call, _Scope]]] = {}
        self.defs_named: Dict[str, List[ast.AST]] = {}
        self.class_methods: Dict[str, Dict[str, ast.AST]] = {}  # class name -> method name -> its def
        self.strings: List[ast.AST] = []
        self.templates: Dict[int, str] = {}  # id(literal) -> "%" | "{}"
        self.fillers: List[Tuple[ast.AST, ast.AST]] = []  # (template literal, the % or .format filling it)
        # NAME.format(...) and NAME % (...): the literal is found once names are resolved.
        self.named_templates: List[Tuple[ast.Name, _Scope, str]] = []
        self.docstrings: set = set()
        # id(value) -> the names it is assigned to: "ASTRO_CLOUD_QUERY" says which API it is for.
        self.bound_names: Dict[int, List[str]] = {}
        # Where the name ``gql`` comes from: "gql" (the gql library), another module, "def" (the
        # module's own function, judged by its body), "bound" (assigned).  Absent: not bound here.
        self.gql_origin: Optional[str] = None
        self.gql_modules: set = set()  # local names of ``import gql`` (``gql.gql(...)``)
        self.methods: set = set()  # ids of defs inside a class: called as obj.name(...) without self
        # Local name -> where it is imported from (``houston`` -> ``mylib.houston_client.houston``).
        self.imported: Dict[str, str] = {}
        # id(literal) -> the name it is bound to when that name is then extended (``q += "..."``,
        # ``q = q + "..."``): the literal is only the first piece of what is sent (red team 10, F4).
        self.extended: Dict[int, str] = {}
        self._extended_upto: Dict[tuple, int] = {}  # (id(scope), name) -> bindings already noted by _note_extended
        self.def_scopes: Dict[int, _Scope] = {}  # id(def) -> its body's scope (what its returns are bound in)
        self._walk_body(module, self.module_scope, None)
        # create = functools.partial(houston, CREATE); create(v), r = DOC.replace; r(OLD, v): also the plain
        # call each makes, once every binding is known (red team 22, report 11b, f8, f10)
        for made, scope in indirect_calls.made_calls(self.calls, self.function_defs, imported=self.imported):
            self.calls.append((made, scope))
            function = getattr(scope, "node", None)
            if scope.kind == "function" and isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
                self.calls_in_function.setdefault(function.name, []).append((made, scope))
                self.calls_in_def.setdefault(id(function), []).append((made, scope))

    def _walk_body(self, owner: ast.AST, scope: _Scope, function: Optional[str]) -> None:
        body = owner.body
        if body and isinstance(body[0], ast.Expr) and templates.is_plain_literal(body[0].value):
            self.docstrings.add(id(body[0].value))
        for statement in body:
            self._walk(statement, scope, function)

    def _walk(self, node: ast.AST, scope: _Scope, function: Optional[str]) -> None:
        # An explicit stack: deep expressions must not exhaust Python's recursion limit.
        stack = [(node, scope)]
        while stack:
            node, scope = stack.pop()
            own = _own_names(node)
            if own:
                # A lambda's parameters and a comprehension's variables are its own (red team 29, report 12, f2 f8):
                # its body reads them, never the enclosing scope's name of the same spelling. Its defaults and
                # first iterable are read where it stands.
                stack.extend(reversed(_split_parts(node, scope, scope.shadowing(own))))
                continue
            if isinstance(node, _SCOPES):
                for part in node.decorator_list + _defaults(node):
                    stack.append((part, scope))
                kind = "class" if isinstance(node, ast.ClassDef) else "function"
                inner = _Scope(kind, scope, node=node)
                self.def_scopes[id(node)] = inner
                if kind == "class":
                    self.class_scopes.append(inner)
                    self._walk_body(node, inner, function)
                else:
                    self.function_defs[node.name] = node
                    self.calls_in_function.setdefault(node.name, [])
                    self.defs_named.setdefault(node.name, []).append(node)
                    if scope.kind == "class":
                        self.methods.add(id(node))
                        self.class_methods.setdefault(scope.node.name, {}).setdefault(node.name, node)
                    if node.name == "gql":
                        self.gql_origin = "def"
                    self._walk_body(node, inner, node.name)
                continue
            noted = self._note(node, scope, function)
            if noted is True:
                continue  # a string expression: its parts are not separate strings
            stack.extend((child, scope) for child in reversed(noted or list(ast.iter_child_nodes(node))))

    def _note(self, node: ast.AST, scope: _Scope, function: Optional[str]):
        """Record what matters about ``node``; True when its children need no walk, or the nodes to walk instead."""
        if (
            isinstance(node, ast.Assign) and isinstance(node.value, ast.Lambda) and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Name) and node.targets[0].id not in self.function_defs
        ):
            # houston = lambda q, **v: requests.post(URL, json={"query": q, "variables": v}): a helper
            # like a def, judged by its body (red team 12, R4).
            name, helper = node.targets[0].id, node.value
            scope.bind(name, helper)
            self.function_defs[name] = helper
            self.calls_in_function.setdefault(name, [])
            self.defs_named.setdefault(name, []).append(helper)
            if scope.kind == "class":
                self.methods.add(id(helper))
            if name == "gql":
                self.gql_origin = "def"  # gql = lambda url, q: ...: this module's own, judged by its body
            self._walk(helper.body, _Scope("function", scope, node=helper), name)
            return list(_defaults(helper)) + [node.targets[0]]
        if isinstance(node, ast.AugAssign) and isinstance(node.op, ast.Add) and isinstance(node.target, ast.Name):
            self._note_extended(node.target.id, scope)
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    if _extends(node.value, target.id):
                        self._note_extended(target.id, scope)
                    scope.bind(target.id, node.value)
                    self._note_name(target.id, node.value)
                    if target.id == "gql" and self.gql_origin != "def":
                        self.gql_origin = "bound"
                elif (
                    isinstance(target, ast.Subscript) and isinstance(target.value, ast.Name)
                    and isinstance(target.slice, ast.Constant) and isinstance(target.slice.value, str)
                ):
                    scope.key_stores.setdefault((target.value.id, target.slice.value), []).append(node.value)
        elif isinstance(node, (ast.Global, ast.Nonlocal)):
            scope.declare(node)  # before any assignment of its names in the function (Python requires it)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                local = alias.asname or alias.name.split(".")[0]
                if isinstance(node, ast.ImportFrom):
                    self.imported[local] = "." * node.level + (node.module + "." if node.module else "") + alias.name
                else:
                    self.imported[local] = alias.name if alias.asname else local
                if isinstance(node, ast.Import) and alias.name == "gql":
                    self.gql_modules.add(local)
                elif local == "gql" and self.gql_origin != "def":
                    source = (node.module or "") if isinstance(node, ast.ImportFrom) else alias.name
                    library = source.split(".")[0] == "gql" and not getattr(node, "level", 0)
                    self.gql_origin = "gql" if library else source or "."
        elif isinstance(node, ast.AnnAssign):
            if isinstance(node.target, ast.Name) and node.value is not None:
                scope.bind(node.target.id, node.value)
                self._note_name(node.target.id, node.value)
        elif isinstance(node, ast.Call):
            # pool.submit(fill, DOC, v): also the call fill(DOC, v) it makes (red team 19, 11b F16)
            for made in [node] + handed_on.dispatched(node):
                name = made.func.id if isinstance(made.func, ast.Name) else None
                if name is not None and (name in self.function_defs or name in self.imported) and scope.local(name):
                    # def fetch(houston, q): return houston(q): the parameter (any local) is called, never the
                    # module's helper or an imported one of the same spelling (red team 29, report 12, f4)
                    continue
                self.calls.append((made, scope))
                if function is not None:
                    self.calls_in_function[function].append((made, scope))
                    if scope.kind == "function":
                        self.calls_in_def.setdefault(id(scope.node), []).append((made, scope))
            literal = templates.template_literal(node)
            if literal is not None:
                self.templates[id(literal)] = "{}"
                self.fillers.append((literal, node))
            elif isinstance(templates.format_template(node), ast.Name):
                # DOC.format(...), DOC.format_map(m), Formatter().vformat(DOC, a, kw) (red team 18, 11b F5)
                self.named_templates.append((templates.format_template(node), scope, "{}"))
        elif (
            isinstance(node, ast.Attribute) and node.attr in templates.FORMAT_METHODS
            and isinstance(node.ctx, ast.Load) and not isinstance(node.value, ast.Call)
        ):
            # render = TEMPLATE.format; render(ws=ws): the method bound, not called here, reads TEMPLATE as a
            # str.format template all the same (red team 18, report 11b, F5). A called one is noted above
            # through its Call (this Attribute is then the call's func, noted again: the same template).
            if isinstance(node.value, ast.Name):
                self.named_templates.append((node.value, scope, "{}"))
            elif templates.is_plain_literal(node.value):
                self.templates[id(node.value)] = "{}"
        elif isinstance(node, ast.BinOp):
            literal = templates.template_literal(node)
            if literal is not None:
                self.templates[id(literal)] = "%"
                self.fillers.append((literal, node))
            elif isinstance(node.op, ast.Mod) and isinstance(node.left, ast.Name):
                self.named_templates.append((node.left, scope, "%"))
            elif isinstance(node.op, ast.Add) and templates.is_string_expression(node):
                self.strings.append(node)
                # The chain's own ``+`` levels are not strings of their own: walk only its
                # operands (a left-deep chain of n literals would otherwise be n strings, each
                # walked whole: quadratic).
                return templates.chain_operands(node)
        elif isinstance(node, ast.JoinedStr):
            self.strings.append(node)
            # Only the fields' expressions are code (they may hold calls); the text
            # parts are this string's own, not strings of their own.
            for value in node.values:
                if isinstance(value, ast.FormattedValue):
                    self._walk(value.value, scope, function)
            return True
        elif templates.is_plain_literal(node):
            self.strings.append(node)
            return True
        return False


    def _note_extended(self, name: str, scope: _Scope) -> None:
        """``name += ...``: each string value ``name`` had in this scope is only a piece of a longer text.

        Each binding is looked at once: the values noted by an earlier ``+=`` of the same name are passed
        over (red team 26, report 11a, f1: N lines of ``Q = Q + " f"`` looked at every earlier binding
        each time, quadratic: 25 s for 8,000 lines, a 520 KB file not done in 120 s).
        """
        values = scope.bindings.get(name, ())
        key = (id(scope), name)
        done = self._extended_upto.get(key, 0)
        for value in values[done:]:
            if templates.is_string_expression(value) or templates.is_literal(value):
                self.extended.setdefault(id(value), name)
        self._extended_upto[key] = len(values)

    def _note_name(self, name: str, value: ast.AST) -> None:
        """Remember the name under the literal itself, through gql(...) and template calls."""
        # textwrap.dedent(DOC), inspect.cleandoc(DOC), DOC.strip(): the same text, the same name (red team 10, F10).
        kept = value
        for _ in range(3):  # dedent(DOC).strip(): a few wrappers deep
            inner = placeholders.text_kept(kept)
            if inner is None:
                break
            kept = inner
        seen = set()
        for node in (value, _gql_argument(value), templates.template_literal(value), kept, _gql_argument(kept)):
            if node is not None and id(node) not in seen:
                seen.add(id(node))
                self.bound_names.setdefault(id(node), []).append(name)
        if (isinstance(value, ast.Dict) or _is_dict_call(value)) and name.upper().startswith(_HOUSTON_NAME):
            # HOUSTON_QUERIES = {"deps": "{ ... }"}: each entry is named for Houston too (red team 9, F10),
            # and so is each keyword of HOUSTON_QUERIES = dict(deps="{ ... }"), the same dict (red team 15, F9).
            entries = value.values if isinstance(value, ast.Dict) else [k.value for k in value.keywords if k.arg]
            for entry in entries:
                if entry is not None and templates.is_literal(entry):
                    self.bound_names.setdefault(id(entry), []).append(name)


def _extends(value: ast.AST, name: str) -> bool:
    """``name + ...`` (the leftmost operand of a ``+`` chain is ``name``): ``q = q + "..."``."""
    while isinstance(value, ast.BinOp) and isinstance(value.op, ast.Add):
        value = value.left
    return isinstance(value, ast.Name) and value.id == name


def _gql_argument(node: ast.AST) -> Optional[ast.AST]:
    if isinstance(node, ast.Call) and _callee_name(node.func) == "gql" and node.args:
        return node.args[0]
    return None


def _fill_values(node: ast.AST) -> List[ast.AST]:
    """What ``LIST % X`` / ``LIST.format(...)`` (``format_map``, ``vformat``) fills its template with."""
    if isinstance(node, ast.BinOp):
        return list(node.right.elts) if isinstance(node.right, ast.Tuple) else [node.right]
    fills = templates.format_fills(node)
    if fills is None:
        return [node]  # a mapping not read here: not a constant fill
    return [*fills[0], *fills[1].values()]


def _named_template(node: ast.AST) -> Optional[ast.Name]:
    """``LIST`` of ``LIST % FIELDS`` or ``LIST.format(FIELDS)``: a name used as a template, else None."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod) and isinstance(node.left, ast.Name):
        return node.left
    template = templates.format_template(node)
    return template if isinstance(template, ast.Name) else None


def _parameters(definition: ast.AST, method: bool) -> Tuple[List[str], frozenset]:
    """(positional parameter names as a call passes them, every parameter name) of a def.

    A method's first parameter (``self``, ``cls``) is not passed by the call, unless the
    method is a ``staticmethod``.
    """
    arguments = definition.args
    positional = [a.arg for a in list(getattr(arguments, "posonlyargs", [])) + list(arguments.args)]
    static = any(isinstance(d, ast.Name) and d.id == "staticmethod" for d in getattr(definition, "decorator_list", ()))
    if method and not static and positional:
        positional = positional[1:]
    return positional, frozenset(positional + [a.arg for a in arguments.kwonlyargs])


def _forwards_keywords(definition: ast.AST, call: ast.Call) -> bool:
    """``def houston(**v): requests.post(URL, json=v)`` (or ``data=json.dumps(v)``): the call's keywords are the body."""
    kwarg = getattr(getattr(definition, "args", None), "kwarg", None)
    if kwarg is None:
        return False
    for keyword in call.keywords:
        value = keyword.value
        if keyword.arg in PAYLOAD_KEYWORDS and isinstance(value, ast.Call) and _callee_name(value.func) == "dumps" and value.args:
            value = value.args[0]
        if keyword.arg in PAYLOAD_KEYWORDS and isinstance(value, ast.Name) and value.id == kwarg.arg:
            return True
    return False


def _may_send(call: ast.Call) -> bool:
    """Could ``_documents_sent_by`` find anything in this call?  (A superset, decided without resolving.)"""
    name = _callee_name(call.func)
    return (
        name in ("gql", "dumps") or name in EXECUTE_METHODS
        # requests.post(**kwargs): a splatted dict may hold json={"query": q} (red team 15, report 12, F6)
        or any(k.arg is None or k.arg == "query" or k.arg in PAYLOAD_KEYWORDS for k in call.keywords)
    )


def _defaults(node: ast.AST) -> List[ast.AST]:
    if isinstance(node, ast.ClassDef):
        return list(node.bases) + [k.value for k in node.keywords]
    arguments = node.args
    return [d for d in arguments.defaults + arguments.kw_defaults if d is not None]


@dataclass
class _Candidate:
    node: ast.AST
    format_style: str = ""
    sites: List[CallSite] = field(default_factory=list)
    evidence: str = "content"


# A line number ``dict_readers`` gives for "a class attribute other code may read" (0 is a
# module-level name's): red team 22, report 11b, f1.
CLASS_EXPORTED = -1
CLASS_EXPORTED_REASON = "a class attribute code outside the module may read through its class or instances"
CLASS_MENTIONS_READ = 64  # attribute mentions of a class attribute's name judged per dict (the rest: a use)


class PythonDocumentFinder:
    """Finds documents in one parsed module; keeps the tree for later stages."""

    def __init__(self, source_file: SourceFile, module: ast.Module) -> None:
        self.file = source_file
        self.module = module
        self._top_assigned: Optional[flow_order.FlowOrder] = None  # the module body's flow order (_in_force)
        self.collector = _Collector(module)
        helpers = {k for k in getattr(source_file, "imported_helpers", None) or () if k in self.collector.imported}
        if helpers:  # partial(houston, CREATE) of a helper imported from the run (red team 22, report 11b, f8)
            self.collector.calls.extend(indirect_calls.made_calls(self.collector.calls, helpers, imported_only=True))
        self._resolved: Dict[Tuple[int, int], List[ast.AST]] = {}
        self._resolve_depth = 0  # links of the chain _resolve is following now (bounded: MAX_RESOLVE_DEPTH)
        self._names: Optional[ModuleNames] = None
        self.found: List[Source] = []  # what sources() returned: every document of the module
        # id(document node) -> the constants imported from another module of the run spliced into
        # it, as (file start, file end, what): never edited here (sources/cross_module.py).
        self.imported_parts: Dict[int, List[Tuple[int, int, str]]] = {}
        self._senders_cache: Optional[Tuple[Dict[int, List[Tuple[Source, CallSite]]], set]] = None
        self._sent_splats: set = set()  # ids of the x in **x read as (part of) variables: sent, not other uses
        # Per-module results a rule computes once for all the module's documents (keyed by rule):
        # what keeps a dict shared by N documents linear work (see rename_version_variable).
        self.memo: Dict[str, dict] = {}
        # Attribute name -> its bindings in every class: one probe per self.X, never a scan of
        # the module's classes (tests/test_linear_lookups.py counts binding-table reads).
        self._class_attributes: Optional[Dict[str, List[Tuple[ast.AST, _Scope]]]] = None
        self._dict_entries: Dict[int, Dict[str, ast.AST]] = {}  # id(dict literal) -> its string keys' values
        self._document_parameters: Optional[Dict[str, List[Tuple[Optional[int], str]]]] = None
        # id(template literal) -> the ``%``/``.format`` expression filling it (None: filled in several places).
        self._fillers: Dict[int, Optional[ast.AST]] = {}

    @property
    def names(self) -> ModuleNames:
        """Every read, write and mention of each name in the module (built on first use)."""
        if self._names is None:
            self._names = ModuleNames(self.module)
        return self._names

    def shared_constant(self, inlined) -> Optional[List[int]]:
        """Lines where a constant spliced into a document is used otherwise; None if private.

        Inlined names are always module-level bindings (see ``sources``).
        """
        return other_uses_of_constant(self.names, inlined.name, inlined.literal, self.exported(inlined.name.id))

    def exported(self, name: str) -> bool:
        """Can code outside this text see module-level ``name``?

        In a module: any name, private (``_AC_VERSION``) or not, since other modules
        may import it (``from deploy import _AC_VERSION`` in a test, ``deploy._AC_VERSION``,
        ``import *`` of a module with ``__all__``).  Which modules do is not knowable
        from one file, and not all of them are in a run (red team 5, F5), so no
        module-level binding is ever edited: it is reviewed.  In a notebook cell
        (``words_elsewhere`` set): any name another code cell of the notebook
        mentions, since cells share one namespace and nothing imports a notebook.
        """
        words_elsewhere = getattr(self.file, "words_elsewhere", None)
        if words_elsewhere is None:
            return True
        return words_elsewhere[name] > 0

    def binding_exported(self, name: str, home: ast.AST) -> bool:
        """Can code outside this text reach ``name`` bound in scope ``home``?  A module-level name as
        ``exported`` says; an attribute of a module-level class too, through the class (``Deployer.DEFAULTS``,
        ``self.VERSION`` of an instance handed out): red team 22, report 11b, f1/f2.  A function's local is
        not, nor an attribute of a class defined in a function and used only where it is made."""
        if isinstance(home, ast.Module):
            return self.exported(name)
        if not isinstance(home, ast.ClassDef):
            return False
        outer = reachable_class(self.names, home)
        if outer is not None:
            return self.exported(outer.name) or self.exported(name)
        # A class defined in a function: private only while the class is used right where it is named
        # (``Job().go()``, ``Job.QUERY``); returned, stored or passed (``return Job``, ``j = Job()``), other code may read
        # the attribute through it where this module cannot see.  Its name's reads, indexed once.
        if isinstance(self.names.scope_of(home), ast.ClassDef):
            return True  # a class nested in one defined in a function: reached through the outer one
        for load in self.names.loads_of_binding(home.name, home):
            used = self.names.parent(load)
            if isinstance(used, ast.Call) and used.func is load:
                used = self.names.parent(used)  # Job().go(): the instance, used where it is made
            if not isinstance(used, ast.Attribute):
                return True
        return False

    def sent_elsewhere(self, name: str) -> bool:
        """In a notebook: is a document's name used by another cell (or an IPython line), which may send it?"""
        words_elsewhere = getattr(self.file, "words_elsewhere", None)
        return words_elsewhere is not None and words_elsewhere[name] > 0

    @property
    def exported_reason(self) -> str:
        if getattr(self.file, "words_elsewhere", None) is None:
            return "a module-level name other modules may import"
        return "used in another cell of this notebook"

    # positions ---------------------------------------------------------------
    def span_of(self, node: ast.AST) -> Tuple[int, int]:
        """Character offsets of a node in the file (``ast`` counts UTF-8 bytes per line)."""
        return (
            self.file.offset_at(node.lineno, node.col_offset),
            self.file.offset_at(node.end_lineno, node.end_col_offset),
        )

    def code_of(self, node: ast.AST) -> str:
        start, end = self.span_of(node)
        return self.file.text[start:end]

    def _head_code(self, node: ast.AST, size: int = 200) -> str:
        """The first ``size`` characters of a node's code: a bounded slice, whatever the node's length."""
        start, end = self.span_of(node)
        return self.file.text[start : min(end, start + size)]

    # finding -----------------------------------------------------------------
    def candidates(self) -> List[_Candidate]:
        styles = dict(self.collector.templates)
        for literal, filler in self.collector.fillers:
            self._note_filler(literal, filler)
        for name, scope, style in self.collector.named_templates:
            for value in self._resolve(name, scope):
                styles[id(value)] = style
        by_node: Dict[int, _Candidate] = {}
        for call, scope in self.collector.calls:
            for expression, site in self._documents_sent_by(call, scope):
                for node, style in self._resolve_string(expression, scope):
                    candidate = by_node.setdefault(id(node), _Candidate(node, style or styles.get(id(node), "")))
                    candidate.evidence = "call"
                    candidate.sites.append(site)
        # (document, call) pairs already recorded: a set, so that one document passed to a helper
        # N times costs N probes, not N**2 comparisons.
        recorded = {(id(c.node), id(site.call)) for c in by_node.values() for site in c.sites}
        for call, scope in self.collector.calls:
            for argument, index in self._helper_documents(call, scope) or self._imported_helper_documents(call, scope):
                for node, style in self._resolve_string(argument, scope):
                    candidate = by_node.get(id(node))
                    if candidate is None:
                        if not self._opens_like_graphql(node, style) and not self._broken_for_houston(node, call, scope):
                            continue  # helper("SELECT ..."): only GraphQL-looking text is taken for a document
                        candidate = by_node[id(node)] = _Candidate(node, style or styles.get(id(node), ""))
                    if (id(node), id(call)) in recorded:
                        # houston(query=Q): taken above for a query= keyword of any call; it is this
                        # module's helper, so the send is the helper's (red team 9, F16).
                        weak = [s for s in candidate.sites if s.call is call and s.kind == "query-keyword"]
                        if not weak:
                            continue
                        candidate.sites.remove(weak[0])
                    recorded.add((id(node), id(call)))
                    candidate.evidence = "call"
                    positional, keywords = _arguments(call)
                    hint = self._target_hint(positional, keywords, scope) or self._helper_target(call, scope)
                    candidate.sites.append(CallSite("helper", call, self._helper_variables(call, index), hint, scope))
        parts_of_larger = self._parts_of_templates()
        for node in self.collector.strings:
            if id(node) in by_node or id(node) in self.collector.docstrings or id(node) in parts_of_larger:
                continue
            if _starts_like_graphql(self._head_text(node)) or (
                # HOUSTON_DEPLOYMENTS = "{ deployments { ... } }": the name says it is Houston's, so a
                # shorthand query in it is a document even where this module does not send it (red team 12, R6).
                any(n.upper().startswith(_HOUSTON_NAME) for n in self.collector.bound_names.get(id(node), ()))
                and self._opens_like_graphql(node)
            ):
                by_node[id(node)] = _Candidate(node, styles.get(id(node), ""))
        self._add_helper_call_sites(by_node)
        return sorted(by_node.values(), key=lambda c: (c.node.lineno, c.node.col_offset))

    def sources(self) -> List[Source]:
        candidates = self.candidates()
        if not candidates:
            return []
        ignore_file = _header_ignores(self.file.text)
        module_scope = self.collector.module_scope
        filled_by_hand = placeholders.find(self)  # .replace("$x", ...), string.Template, jinja2
        imported_fills.add_subclass_fills(self, filled_by_hand)  # a base class imported fills QUERY (RT15 11b F11)
        found: List[Source] = []
        for candidate in candidates:
            text_map = templates.build(
                candidate.node,
                self.file.text,
                self.span_of,
                format_style=candidate.format_style,
                resolve=lambda name: self._resolve(name, module_scope),
                filled_by=self._fillers.get(id(candidate.node)) if candidate.format_style else None,
            )
            if not text_map.text.strip():
                # ``def houston(query="")``, ``QUERY = ""`` of an abstract base: a placeholder, no document
                # (red team 15, report 11b, F12: it was a false graphql-syntax error at 1:1, check exited 1).
                continue
            json_query = self.memo.get("json_query", {}).get(id(candidate.node))
            if json_query is not None:  # the document is the "query" string of a JSON body literal
                text_map = json_query[0]
                text_map.not_rewritten = json_body.FROZEN_WHY if json_query[1] else ""
            text_map = placeholders.apply(text_map, filled_by_hand.get(id(candidate.node)), self.memo)
            # ``GET + DEP`` after ``from queries import DEP``: DEP's text, read from that module (red team 8, 13-F2).
            text_map, spliced = cross_module.splice(text_map, getattr(self.file, "imported_constants", None))
            if spliced:
                self.imported_parts[id(candidate.node)] = spliced
            start = self.span_of(candidate.node)[0]
            found.append(
                Source(
                    text_map=text_map,
                    start=start,
                    evidence=candidate.evidence,
                    node=candidate.node,
                    sites=candidate.sites,
                    ignored=ignore_file or self._ignored_at(start) or self._variables_ignored(candidate.sites),
                    names=self.collector.bound_names.get(id(candidate.node), []),
                )
            )
            found[-1].extended_as = self.collector.extended.get(id(candidate.node))
        self._mark_parts(found)
        executed = getattr(self.file, "executed_elsewhere", None)
        if executed:  # another module of the run runs the constant in process (red team 9, F9)
            for source in found:
                source.elsewhere = cross_module.executed_evidence({"executed_by": executed}, source.names)
        sent = getattr(self.file, "sent_elsewhere", None)
        if sent:  # an importer of the run sends the constant to Houston (red team 14, report 12, F2)
            returned = self._returned_by(sent, found)  # or what a function of the module returns (red team 19, F16)
            for source in found:
                names = source.names + returned.get(id(source), [])
                source.elsewhere = list(getattr(source, "elsewhere", ())) + cross_module.sent_evidence({"sent_by": sent}, names)
        self.found = found
        return found

    def _returned_by(self, sent: dict, found: List[Source]) -> Dict[int, List[str]]:
        """id(source) -> the module's functions an importer sends the return of (``sent_by`` keys naming a
        function) whose ``return`` the source's literal is (red team 19, F16).  One look at each such
        function's returns (a few: the importers' placed names)."""
        keys = [key for key in sent if key in self.collector.function_defs][:_MAX_SAME_NAME]
        if not keys:
            return {}
        spans = {key: handed_out.returned_spans(self.module, self.span_of, {key}) for key in keys}
        return {
            id(source): names for source in found
            for names in [[key for key in keys if handed_out.held(source.start, spans[key])]] if names
        }

    def _mark_parts(self, found: List[Source]) -> None:
        """A document found by its words alone that is spliced into a document sent (``houston(GET + DEP)``)
        is a part: the composition is what is sent and checked, so the part's spreads of fragments
        another part defines are not errors of its own (issue 13)."""
        spliced: Dict[int, List[Source]] = {}
        for source in found:
            for inlined in source.text_map.inlined:
                wholes = spliced.setdefault(id(inlined.literal), [])
                if not wholes or wholes[-1] is not source:
                    wholes.append(source)
        if not spliced:
            return
        for source in found:
            # "{}{}".format(GET, DEP) is taken for a helper call of GET and DEP: it fills a template, sends nothing.
            own = [site for site in source.sites if not (site.kind == "helper" and templates.template_literal(site.call))]
            if id(source.node) in spliced and not own:
                source.composed = True
                source.wholes = [whole for whole in spliced[id(source.node)] if whole is not source]

    def string_text_map(self, node: ast.AST):
        """The decoded text of a literal (a dict value, a keyword value) with file offsets."""
        return templates.literal_text_map(self.file.text, *self.span_of(node))

    # helpers -----------------------------------------------------------------
    def _head_text(self, node: ast.AST) -> str:
        """The start of the decoded text: enough to see whether it starts like GraphQL.

        The keyword must be written as-is in the source (not split across
        literals or escaped): that keeps the byte prefilter exact, and nobody
        writes ``"mut" "ation"`` on purpose.
        """
        first = node
        while isinstance(first, ast.BinOp):
            first = first.left
        if not templates.is_literal(first):
            return ""
        start, end = self.span_of(first)
        if not _KEYWORD_ANYWHERE.search(self.file.text, start, end):
            return ""  # cheap: most strings are not GraphQL
        return templates.literal_text_map(self.file.text, start, end).text

    def _parts_of_templates(self) -> set:
        """Strings that are operands of a larger ``+`` template."""
        parts = set()
        for node in self.collector.strings:
            if isinstance(node, ast.BinOp):
                stack = [node.left, node.right]
                while stack:
                    item = stack.pop()
                    parts.add(id(item))
                    literal = templates.template_literal(item)
                    if literal is not None:  # '...{}...'.format(ws) + '...': its literal too (RT17 13 F14)
                        parts.add(id(literal))
                    if isinstance(item, ast.BinOp):
                        stack.extend([item.left, item.right])
        return parts

    def _ignored_at(self, offset: int) -> bool:
        # red team 17 (report 13), F8: a COMMENT token only, read once per file (a string that
        # mentions the marker, a help text or a log message, hides nothing)
        marked = self.memo.get("ignore_comment_lines")
        if marked is None:
            # red team 18 (report 13), F5: above a statement, every line of it (black's ``X = gql(``
            # with the string on the lines below); the module's tree, walked once per file
            lines = marked_comment_lines(self.file.text, "python")
            marked = self.memo["ignore_comment_lines"] = MarkedLines(
                lines, unit_spans(self.file.text, "python", lines, self.module)
            )
        if not marked:
            return False
        line, _ = self.file.line_col(offset)
        return line - 1 in marked  # the literal's own line, the one above, or its statement's

    def _variables_ignored(self, sites) -> bool:
        """Red team 14 (report 13), F3: the comment on or above the variables dict a send carries (the
        literal itself, or the one literal its name is bound to) skips that send's document as a unit:
        the document and the variables it goes with are one request, and editing either alone breaks it."""
        for site in sites or ():
            variables = getattr(site, "variables", None)
            if variables is None:
                continue
            dicts = [variables] if isinstance(variables, ast.Dict) else []
            if not dicts and isinstance(variables, ast.Name) and site.scope is not None:
                try:
                    dicts = self._resolve_dicts(variables, site.scope)[:4]
                except (RecursionError, AttributeError, TypeError):
                    dicts = []
            if any(hasattr(d, "lineno") and self._ignored_at(self.span_of(d)[0]) for d in dicts):
                return True
        return False

    def _documents_sent_by(self, call: ast.Call, scope: _Scope) -> Iterable[Tuple[ast.AST, CallSite]]:
        name = _callee_name(call.func)
        positional, keywords = _arguments(call)
        for splat in call.keywords:
            # requests.post(**kwargs), kwargs = {"url": URL, "json": {"query": Q}}: its entries are the
            # call's keywords (report 12, F8/F10); one dict literal the name is bound to, else nothing
            dicts = self._resolve_dicts(splat.value, scope)[:2] if splat.arg is None else []
            if len(dicts) == 1:
                for key, value in zip(dicts[0].keys, dicts[0].values):
                    if isinstance(key, ast.Constant) and isinstance(key.value, str):
                        keywords.setdefault(key.value, value)
        hint = self._target_hint(positional, keywords, scope, call)
        variables = next((keywords[k] for k in VARIABLE_KEYWORDS if k in keywords), None)
        if self._gql_library_call(call):
            document = positional[0] if positional else keywords.get("request_string")
            if document is not None:
                yield document, CallSite("gql", call, None, hint, scope)
            return
        if name in EXECUTE_METHODS and positional and not self.runs_own_helper(call, scope):
            if variables is None and len(positional) > 1:
                variables = positional[1]
            yield positional[0], CallSite("execute", call, variables, hint, scope)
        elif positional and self._endpoint_call(call, scope):
            # ep(Q, variables) with ep = HTTPEndpoint(URL): sent as client.execute(Q) is, to the URL the
            # endpoint was built with (destination.call_url), not a helper of this module (red team 11, F3)
            if variables is None and len(positional) > 1:
                variables = positional[1]
            yield positional[0], CallSite("execute", call, variables, hint, scope)
        if name in _LOCAL_RUNNERS and isinstance(call.func, ast.Name) and len(positional) > 1 and _SCHEMA_WORD.search(self._head_code(positional[0])):
            # graphql_sync(schema, {"query": Q}) (ariadne), graphql_sync(schema, Q) (graphql-core): run in
            # process against the module's schema, each document at its own call (red team 9, F13)
            data = [d for d in self._resolve_dicts(positional[1], scope) if _dict_value(d, "query") is not None]
            for dictionary in data:
                yield _dict_value(dictionary, "query"), CallSite("execute", call, _dict_value(dictionary, "variables"), hint, scope)
            if not data:
                yield positional[1], CallSite("execute", call, variables, hint, scope)
        if "query" in keywords:
            yield keywords["query"], CallSite("query-keyword", call, variables, hint, scope)
        if name == "get" and "params" in keywords:
            # GraphQL over GET: requests.get(URL, params={"query": Q}); only text that opens like
            # GraphQL (a search API's params={"query": "python"} is no document) (red team 10, F1)
            for dictionary in self._resolve_dicts(keywords["params"], scope):
                query = _dict_value(dictionary, "query")
                if query is not None and any(self._opens_like_graphql(n, st) for n, st in self._resolve_string(query, scope)[:4]):
                    yield query, CallSite("json-payload", call, _dict_value(dictionary, "variables"), hint, scope)
        payloads = [keywords[k] for k in PAYLOAD_KEYWORDS if k in keywords]
        if name == "dumps" and positional:
            payloads.append(positional[0])
        if name in ("post_json", "put_json", "patch_json") and len(positional) > 1:
            payloads.append(positional[1])  # WebTest: TestApp(app).post_json("/v1", {"query": Q}) (red team 10, F7)
        for payload in payloads:
            for dictionary in self._body_operations(payload, scope):
                query = _dict_value(dictionary, "query")
                if query is not None:
                    yield query, CallSite("json-payload", call, _dict_value(dictionary, "variables"), hint, scope)
            for query, variables in self._built_body(payload):
                yield query, CallSite("json-payload", call, variables, hint, scope)
            # payload = {}; payload["query"] = Q; post(json=payload): the body built step by step.  Its
            # variables are not followed (``_unreadable_call`` says why), so nothing renames them.
            if isinstance(payload, ast.Name):
                for query in scope.stored_at(payload.id, "query"):
                    yield query, CallSite("json-payload", call, None, hint, scope)
        for keyword in TEXT_BODY_KEYWORDS:
            # data=b'{"query": "{ deployments { id } }"}': the literal is the JSON body itself; its
            # "query" string is the document, read by sources/json_body.py (red team 11, report 13, F6).
            if keyword in keywords:
                for node in self._resolve(keywords[keyword], scope)[:4]:
                    if json_body.holds_json(node) and self.json_query(node) is not None:
                        yield node, CallSite("json-payload", call, None, hint, scope)

    def json_query(self, node: ast.AST):
        """(the "query" string's text map, whether the body has variables too) of a JSON body literal, or None."""
        memo = self.memo.setdefault("json_query", {})
        if id(node) not in memo:
            memo[id(node)] = json_body.query_text_map(self.string_text_map(node))
        return memo[id(node)]

    def _built_body(self, payload: ast.AST) -> List[Tuple[ast.AST, Optional[ast.AST]]]:
        """(document, variables) a body-building helper is given: ``json=body(q)`` with
        ``def body(q): return {"query": q}`` sends the call's argument for ``q`` (red team 12, R3).

        Only a parameter returned as ``"query"`` is followed.  Variables the helper's body
        holds in any other way (a dict of its own, a splat) are the call itself: not readable,
        so nothing renames what it may send.
        """
        if not isinstance(payload, ast.Call) or not isinstance(payload.func, ast.Name):
            return []
        definition = self.collector.function_defs.get(payload.func.id)
        if definition is None or id(definition) in self.collector.methods:
            return []
        positional, names = _parameters(definition, False)
        found = []
        for body in self._returned_dicts(definition):
            query = _dict_value(body, "query")
            argument = self._argument_for(payload, query, positional, names)
            if argument is None:
                continue
            variables = _dict_value(body, "variables")
            if variables is not None or any(key is None for key in body.keys):
                variables = self._argument_for(payload, variables, positional, names) or payload
            found.append((argument, variables))
        return found

    def _returned_dicts(self, definition: ast.AST) -> List[ast.Dict]:
        """The dict displays a helper returns as written: ``return {...}`` in its own body, or a lambda's.

        Kept per helper: N sends through one helper read its body once, not N times.
        """
        memo = self.memo.setdefault("_returned_dicts", {})
        if id(definition) not in memo:
            if isinstance(definition, ast.Lambda):
                memo[id(definition)] = [definition.body] if isinstance(definition.body, ast.Dict) else []
            else:
                memo[id(definition)] = [
                    statement.value for statement in definition.body
                    if isinstance(statement, ast.Return) and isinstance(statement.value, ast.Dict)
                ]
        return memo[id(definition)]

    @staticmethod
    def _argument_for(call: ast.Call, value: Optional[ast.AST], positional: List[str], names: frozenset) -> Optional[ast.AST]:
        """What ``call`` passes for the parameter ``value`` names, or None."""
        if not isinstance(value, ast.Name) or value.id not in names:
            return None
        for keyword in call.keywords:
            if keyword.arg == value.id:
                return keyword.value
        if value.id in positional:
            index = positional.index(value.id)
            if index < len(call.args) and not any(isinstance(a, ast.Starred) for a in call.args[: index + 1]):
                return call.args[index]
        return None

    def runs_own_helper(self, call: ast.Call, scope: Optional[_Scope] = None) -> bool:
        """Does ``execute(q)`` / ``client.execute(q)`` run a helper of the run, not a GraphQL library's execute?

        Red team 13, report 12, F2/F4/F5: a module's ``def execute(q, variables=None)`` posting over
        HTTP, a method ``execute`` of a class this module defines (``self.execute(q)``, ``c.execute(q)``
        with ``c = AcmeClient()``), or a function or class method imported from a module of the run
        (``sources.cross_module``'s index) is a helper: its body says where the document goes.  Read
        as gql's ``client.execute(DOC)`` instead, its first argument (the document) was taken for the
        URL.  A receiver that cannot be placed (``schema.execute``, ``client.execute``) stays a
        library call.  Constant work per call (at most four values of the receiver).
        """
        func = call.func
        if isinstance(func, ast.Name):
            if func.id in self.collector.imported and func.id not in self.collector.function_defs:
                return func.id in (getattr(self.file, "imported_helpers", None) or {})
            return bool(self.callee_definitions(call, scope))
        if not isinstance(func, ast.Attribute):
            return False
        owner = self._receiver_class(func.value, scope)
        if owner is not None and func.attr in self.collector.class_methods.get(owner, {}):
            return True
        key = self.imported_helper_key(call, scope)
        return key is not None and "." in key

    def _endpoint_call(self, call: ast.Call, scope: _Scope) -> bool:
        """Is ``call`` a call of an sgqlc endpoint object: ``ep(Q)`` with ``ep = HTTPEndpoint(URL)``, or
        ``RequestsEndpoint(URL)(Q)``?  Only in a module importing sgqlc; one bounded lookup per call."""
        uses = getattr(self, "_uses_sgqlc", None)
        if uses is None:
            uses = self._uses_sgqlc = any(v.split(".", 1)[0] == "sgqlc" for v in self.collector.imported.values())
        if not uses:
            return False
        func = call.func
        values = [func] if isinstance(func, ast.Call) else self._resolve(func, scope)[:4] if isinstance(func, ast.Name) else []
        return any(isinstance(v, ast.Call) and _callee_name(v.func) in SGQLC_ENDPOINTS for v in values)

    def _gql_library_call(self, call: ast.Call) -> bool:
        """Is this the gql library's ``gql(...)``, whose first argument is a document by its name?

        ``from gql import gql`` (or a ``gql`` this module does not bind: a notebook cell, a
        star import) and ``gql.gql(...)``.  A module's own ``def gql(url, query)`` is judged
        by its body like any helper (red team 6, F5: its URL was taken for a document), and
        a ``gql`` imported from elsewhere is not known to take a document first.
        """
        func = call.func
        if isinstance(func, ast.Name):
            return func.id == "gql" and self.collector.gql_origin in (None, "gql")
        return (
            isinstance(func, ast.Attribute) and func.attr == "gql"
            and isinstance(func.value, ast.Name) and func.value.id in self.collector.gql_modules
        )

    def _add_helper_call_sites(self, by_node: Dict[int, _Candidate]) -> None:
        """A document passed by name to any other call (``houston(QUERY, {...})``), or written in it
        (``houston("query { ... }")``: red team 23, report 12, f10).

        Scripts wrap the HTTP call in a helper; the variables then travel as the
        next positional argument, a ``variables=`` keyword, or the helper's own
        keywords when it gathers them (``def run(query, **variables)``).
        """
        recorded = {(id(c.node), id(site.call)) for c in by_node.values() for site in c.sites}
        for call, scope in self.collector.calls:
            if templates.template_literal(call) is not None:
                # "{} {}".format(HEAD, BODY) fills a template and sends nothing: its arguments are parts of the
                # composition, not documents sent on their own (a head alone is no valid document: red team 13, F6)
                continue
            positional, keywords = _arguments(call)
            for index, argument in enumerate(positional):
                if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
                    # houston("query { ... }"): a document written in the call is sent as the same document
                    # bound to a name first is (red team 23, report 12, f10); only one found on its own, with a
                    # selection set, handed to no string method (q.startswith("mutation C") tests a document)
                    if "{" not in argument.value[:2000] or _callee_name(call.func) in _STRING_METHODS:
                        continue
                    resolved = [(argument, "")]
                elif isinstance(argument, (ast.Name, ast.Attribute)):
                    resolved = self._resolve_string(argument, scope)
                else:
                    continue
                for node, _style in resolved:
                    candidate = by_node.get(id(node))
                    if candidate is None or (id(node), id(call)) in recorded:
                        continue
                    recorded.add((id(node), id(call)))
                    variables = next((keywords[k] for k in VARIABLE_KEYWORDS if k in keywords), None)
                    if variables is None and index + 1 < len(positional):
                        variables = positional[index + 1]
                    if variables is None and call.keywords and self._takes_keyword_variables(call):  # **{...} too
                        variables = call
                    hint = self._target_hint(positional, keywords, scope) or self._helper_target(call, scope)
                    candidate.sites.append(CallSite("helper", call, variables, hint, scope))

    def _helper_variables(self, call: ast.Call, index: Optional[int]) -> Optional[ast.AST]:
        """What a call to a helper sends as variables: ``variables=``, the positional after the
        document, or the call itself when the helper gathers its keywords (``**variables``)."""
        positional, keywords = _arguments(call)
        told, passed = self._passed_as_variables(call)
        if told:
            return passed
        variables = next((keywords[k] for k in VARIABLE_KEYWORDS if k in keywords), None)
        if variables is None and index is not None and index + 1 < len(positional):
            variables = positional[index + 1]
        if variables is None and call.keywords and self._takes_keyword_variables(call):  # **{...} too
            variables = call
        return variables

    def _passed_as_variables(self, call: ast.Call) -> Tuple[bool, Optional[ast.AST]]:
        """(True, what ``call`` passes for the parameter its module helper sends as variables) when the
        helper's own sends name one such parameter; (False, None) otherwise.

        Red team 27, report 13, f5: ``def houston(q, op, v)`` posting ``"variables": v``, called as
        ``houston(DOC, "Upgrade", {...})`` or ``houston(DOC, op="Create", v={...})``: the variables are
        what the call passes for ``v``, not the argument after the document (``"Upgrade"``)."""
        name = _callee_name(call.func) or ""
        function = self.collector.function_defs.get(name)
        if function is None or (id(function) in self.collector.methods) != isinstance(call.func, ast.Attribute):
            return False, None
        names = set()
        for send in self._helper_sends(function, name):
            variables, scope = send.variables, send.scope
            if not isinstance(variables, ast.Name) or getattr(scope, "node", None) is not function:
                return False, None
            if variables.id in scope.bindings or variables.id in getattr(scope, "declared", {}):
                return False, None  # rebound in the body (``v = v or {}``): not only what the caller passes
            names.add(variables.id)
        if len(names) != 1:
            return False, None
        name = names.pop()
        positional, _vararg, _kwarg = helper_variables.parameters(function)
        if name not in positional and name not in {a.arg for a in function.args.kwonlyargs}:
            return False, None  # **variables gathering keywords: _takes_keyword_variables reads those
        argument, told = forwarded_variables.argument_passed(function, call, name, id(function) in self.collector.methods)
        return (True, argument) if told and argument is not call else (False, None)

    def _helper_documents(self, call: ast.Call, scope: Optional[_Scope] = None) -> List[Tuple[ast.AST, Optional[int]]]:
        """(argument, its position) for each argument a call passes where a module helper sends a document."""
        name = _callee_name(call.func) or ""
        if name == "map" and isinstance(call.func, ast.Name) and len(call.args) == 2 and isinstance(call.args[0], ast.Name):
            # map(houston, QUERIES.values()): each element is handed to the helper's first parameter (red
            # team 17, report 13, F11); the elements of a written list, tuple, set or dict, as a loop's
            helper = self.collector.function_defs.get(call.args[0].id)
            if helper is None or id(helper) in self.collector.methods:
                return []
            if not any(index == 0 for index, _ in self.document_parameters().get(call.args[0].id, ())):
                return []
            return [(element, 0) for element in loop_values.iterated(self, call.args[1])]
        parameters = self.document_parameters().get(name)
        if not parameters and isinstance(call.func, ast.Name) and scope is not None and "__call__" in self.document_parameters():
            # client(Q): an instance called, its class's __call__ sends (red team 14, report 12, F9)
            dunder = self._instance_call(call.func, scope)
            if dunder is not None and self.collector.function_defs.get("__call__") is dunder:
                return self._arguments_for(call, self.document_parameters()["__call__"])
        if not parameters and isinstance(call.func, ast.Name) and scope is not None:
            # github = make_sender(GITHUB_URL); github(Q): the def the factory returns sends (red team 16, F8/F13)
            made = factory_sender.made_by(call.func, scope, self)
            inner = self.document_parameters().get(made[0].name) if made is not None else None
            if inner and self.collector.function_defs.get(made[0].name) is made[0]:
                return self._arguments_for(call, inner)
        if not parameters:
            return []
        # A method is called on an object (self.houston(q)); a module function by its name.
        if (id(self.collector.function_defs[name]) in self.collector.methods) != isinstance(call.func, ast.Attribute):
            return []
        return self._arguments_for(call, parameters)

    def _arguments_for(self, call: ast.Call, parameters) -> List[Tuple[ast.AST, Optional[int]]]:
        """The arguments ``call`` passes for the given (position, name) document parameters."""
        keywords = {k.arg: k.value for k in call.keywords if k.arg is not None}
        found = []
        for index, parameter in parameters:
            argument = keywords.get(parameter)
            if (
                argument is None and index is not None and index < len(call.args)
                and not any(isinstance(a, ast.Starred) for a in call.args[: index + 1])
            ):
                argument = call.args[index]
            if argument is not None:
                found.append((argument, index))
        return found

    def imported_helper_key(self, call: ast.Call, scope: Optional[_Scope] = None) -> Optional[str]:
        """The name the run's index (``imported_helpers``) knows the helper ``call`` runs by, or None.

        ``houston(q)``: ``houston``.  Red team 12, F6: a method of a class imported from a module
        of the run, ``PlatformClient().query(Q)``, ``c = PlatformClient(); c.query(Q)`` (``c`` bound in
        the scope) or ``platform.PlatformClient().query(Q)``: ``PlatformClient.query``.  At most four
        values of the receiver are looked at: constant work per call.
        """
        helpers = getattr(self.file, "imported_helpers", None) or {}
        if not helpers:
            return None
        if isinstance(call.func, ast.Name):
            if call.func.id in helpers:
                return call.func.id
            if f"{call.func.id}.__call__" in helpers:  # from lib.clients import catalog; catalog(doc) (RT17 report 12, F15)
                return f"{call.func.id}.__call__"
            # f = Filler(); f(doc, v): the instance's __call__ (red team 15, report 11b, F14)
            if scope is None or not any(key.endswith(".__call__") for key in helpers):
                return None
            values = self._resolve(call.func, scope)[:4]
            callers = [v.func for v in values if isinstance(v, ast.Call) and isinstance(v.func, (ast.Name, ast.Attribute))]
            return next((f"{dotted_name(f)}.__call__" for f in callers if f"{dotted_name(f)}.__call__" in helpers), None)
        if isinstance(call.func, ast.Call) and isinstance(call.func.func, (ast.Name, ast.Attribute)):
            key = f"{dotted_name(call.func.func)}.__call__"  # Filler()(doc, v) (F14)
            return key if key in helpers else None
        if not isinstance(call.func, ast.Attribute):
            return None
        if isinstance(call.func.value, (ast.Name, ast.Attribute)):
            key = f"{dotted_name(call.func.value)}.{call.func.attr}"  # Gql.with_version(doc, v): a static method (F14)
            if key in helpers:
                return key
        receivers = [call.func.value]
        if isinstance(call.func.value, ast.Name) and scope is not None:
            receivers.extend(self._resolve(call.func.value, scope)[:4])
        for receiver in receivers:
            if isinstance(receiver, ast.Call) and isinstance(receiver.func, (ast.Name, ast.Attribute)):
                dotted = dotted_name(receiver.func)
                key = f"{dotted}.{call.func.attr}" if dotted else None
                if key in helpers:
                    return key
        return call.func.attr if call.func.attr in helpers else None  # client.houston(q): by its last name

    def _imported_helper_documents(self, call: ast.Call, scope: Optional[_Scope] = None) -> List[Tuple[ast.AST, Optional[int]]]:
        """What a call to an imported helper named for Houston passes as its document.

        ``from mylib.houston_client import houston; houston(q)``: the helper's body is
        in another module, so its name is the evidence, as it is for a module's own
        ``def houston`` (red team 8, 12-R2).  Its document is the first positional
        argument or a ``query=``/``document=`` keyword; only text that opens like
        GraphQL is taken for one (``candidates``).
        """
        if not isinstance(call.func, ast.Name):
            # PlatformClient().query(Q): a method of an imported class that posts (red team 12, F6)
            key = self.imported_helper_key(call, scope) if isinstance(call.func, ast.Attribute) else None
            words = ((getattr(self.file, "imported_helpers", None) or {}).get(key) or [None, {}])[1] if key and "." in key else {}
            if not any(word.startswith(cross_module.SENDS) for word in words):
                return []
            name = key
        else:
            name = call.func.id
            if name in self.collector.function_defs:
                return []
            if name not in self.collector.imported and (
                self.collector.module_scope.lookup(name) or name not in (getattr(self.file, "imported_helpers", None) or {})
            ):
                return []  # a notebook's ``%run helpers.py`` binds no name the code shows: the run's index does (F15)
            # from lib.platform_client import run_query, whose body (read by sources.cross_module) posts
            # to an endpoint: its documents are followed too (red team 10, F8)
            words = ((getattr(self.file, "imported_helpers", None) or {}).get(name) or [None, {}])[1]
        if "houston" not in name.lower() and not any(key.startswith(cross_module.SENDS) for key in words):
            return []
        keywords = {k.arg: k.value for k in call.keywords if k.arg is not None}
        for keyword in ("query", "document"):
            if keyword in keywords:
                return [(keywords[keyword], None)]
        if call.args and not isinstance(call.args[0], ast.Starred):
            return [(call.args[0], 0)]
        return []

    def document_parameters(self) -> Dict[str, List[Tuple[Optional[int], str]]]:
        """Module helper -> (position or None if keyword-only, name) of each parameter it sends as a document.

        ``def houston(query, variables=None): return requests.post(URL, json={"query": query, ...})``:
        what a call passes there reaches a GraphQL send position, whatever its first token
        (red team 6, F2: ``houston("{ deployments { id } }")`` was not found).  Decided by
        the body, never by the helper's name (F5: a module's ``def gql(url, query)``).  A
        helper passing its parameter on to such a helper is one too, ``HELPER_LEVELS`` deep.
        Each function's calls are read once for the direct sends, then once per level.
        """
        if self._document_parameters is not None:
            return self._document_parameters
        found: Dict[str, List[Tuple[Optional[int], str]]] = {}
        self._document_parameters = found  # a helper's own calls to itself see what is known so far
        signatures = {
            name: _parameters(definition, id(definition) in self.collector.methods)
            for name, definition in self.collector.function_defs.items()
        }

        def note(name: str, expression: ast.AST, scope: _Scope) -> bool:
            positional, names = signatures[name]
            parameter = self._parameter_reached(expression, scope, names)
            if parameter is None or any(p == parameter for _i, p in found.get(name, [])):
                return False
            index = positional.index(parameter) if parameter in positional else None
            found.setdefault(name, []).append((index, parameter))
            return True

        for name, (_positional, names) in signatures.items():
            gathers = getattr(getattr(self.collector.function_defs[name], "args", None), "kwarg", None) is not None
            for call, scope in self.collector.calls_in_function.get(name, []) if names or gathers else ():
                if _may_send(call):  # cheap: most calls send nothing, and a send's URL is not needed here
                    for expression, _site in self._documents_sent_by(call, scope):
                        note(name, expression, scope)
                    if _forwards_keywords(self.collector.function_defs[name], call) and not any(p == "query" for _i, p in found.get(name, [])):
                        # def houston(**v): requests.post(URL, json=v): houston(query=Q) sends Q (RT9 F16)
                        found.setdefault(name, []).append((None, "query"))
        for _level in range(HELPER_LEVELS - 1):
            grew = False
            for name in signatures:
                for call, scope in self.collector.calls_in_function.get(name, []):
                    for argument, _index in self._helper_documents(call):
                        grew = note(name, argument, scope) or grew
            if not grew:
                break
        return found

    def _parameter_reached(self, expression: ast.AST, scope: _Scope, names: frozenset) -> Optional[str]:
        """The parameter ``expression`` is, directly or through a local name, ``gql(...)`` or ``.replace``."""
        node = expression
        for _step in range(4):
            base = placeholders.templated_base(node) or placeholders.text_kept(node)
            if base is not None:
                node = base
                continue
            if isinstance(node, ast.Call) and self._gql_library_call(node) and node.args:
                node = node.args[0]
                continue
            if not isinstance(node, ast.Name) or scope.kind != "function":
                return None
            values = scope.bindings.get(node.id)
            if values is None:
                return node.id if node.id in names else None
            if len(values) != 1:
                return None
            node = values[0]
        return None

    def _broken_for_houston(self, node: ast.AST, call: ast.Call, scope: _Scope) -> bool:
        """A literal handed to a helper that posts to Houston, opening like a mistyped document (red team 12, F8).

        ``houston("mutaton { ... }")``, ``houston("quer { ... }")``, ``houston("workspaces { id }")``:
        a name then ``{`` or ``(``.  Houston gets it, and answers with a syntax error: it is a
        document to report, not "no document".  Only when the helper's own send names Houston
        (``requests.post(HOUSTON_URL, ...)`` in this module, or an imported helper the run's index
        says posts to Houston), never for its name or the text's words alone.
        """
        if not templates.is_literal(node) or isinstance(node, ast.JoinedStr):
            return False
        start, end = self.span_of(node)
        if _OPENS_LIKE_BROKEN.match(templates.literal_text_map(self.file.text, start, end).text) is None:
            return False
        from ..destination.gather_calls import names_houston

        own_method = isinstance(call.func, ast.Attribute) and self.runs_own_helper(call, scope) and bool(self.callee_definitions(call, scope))
        if (isinstance(call.func, ast.Name) and call.func.id in self.collector.function_defs) or own_method:
            # c.run("quer {...}") with c = PlatformClient(): a method of the module's class, as a function (report 12, F22)
            for inner, inner_scope in self.calls_of_callee(call, scope)[:16]:
                positional, keywords = _arguments(inner)
                if not any(k in keywords for k in PAYLOAD_KEYWORDS + ("query", "body")):
                    continue
                if self._posts_to_houston(inner, inner_scope):
                    return True
                first = positional[0] if positional else None
                verb = isinstance(first, ast.Constant) and isinstance(first.value, str) and first.value.upper() in ("POST", "GET")
                url = keywords.get("url", positional[1] if verb and len(positional) > 1 else first)
                if url is None:
                    continue
                said = [url] + (self._resolve(url, inner_scope)[:4] if isinstance(url, ast.Name) else [])
                words = []  # names, attributes and strings of the URL and its values, at most 12 (constant work)
                for value in said:
                    for part in ast.walk(value):
                        if isinstance(part, ast.Name):
                            words.append(part.id)
                        elif isinstance(part, ast.Attribute):
                            words.append(part.attr)
                        elif isinstance(part, ast.Constant) and isinstance(part.value, str):
                            words.append(part.value[:200])
                        if len(words) >= 12:
                            break
                if any(names_houston(word) for word in words):
                    return True  # requests.post(HOUSTON_URL, ...), HOUSTON_URL = os.environ["HOUSTON_URL"]
            return False
        key = self.imported_helper_key(call, scope)
        words = ((getattr(self.file, "imported_helpers", None) or {}).get(key) or [None, {}])[1] if key else {}
        for word in words:  # def run_query(q, url=HOUSTON_URL) called with no URL: its default (RT15 F7)
            if word.startswith(cross_module.SENDS + cross_module.PARAMETER):
                index, parameter, default = (word[len(cross_module.SENDS + cross_module.PARAMETER):].split(" ", 3) + ["", "", ""])[:3]
                passed = any(k.arg in (parameter, None) for k in call.keywords) or not index.isdigit() or int(index) < len(call.args)
                if default == "houston" and not passed:
                    return True
        return any(word.startswith(cross_module.SENDS + "houston ") for word in words)

    def _posts_to_houston(self, inner: ast.Call, scope: _Scope) -> bool:
        """Does a helper's send name Houston as the destination code reads it: ``self.url`` bound to
        Houston's URL, ``HTTPSConnection("houston...").request("POST", "/v1", body=...)`` (report 12, F1/F22)?"""
        from ..destination import gather_binding, sent_url
        from ..destination.gather_calls import names_houston

        words = gather_binding.call_words(inner, scope, self)
        if words is not None and words.url_names_houston:
            return True
        _node, _scope, prefix = sent_url._url_expression(inner, scope, self)
        return bool(prefix) and names_houston(prefix)

    def _opens_like_graphql(self, node: ast.AST, style: str = "") -> bool:
        """Does the literal (the first of a ``+`` chain) open with ``{`` or a GraphQL keyword?

        A template (``"%s%s" % (GET, DEP)``) is read with what fills it, an f-string with the
        constants in its fields: the text sent is what opens (red team 9, F16).
        """
        filler = self._fillers.get(id(node)) if style else None
        if filler is not None or isinstance(node, ast.JoinedStr):  # f"{GET}{DEP}": its fields' text too
            # Once per literal: one name passed to N helper calls is read once, not N times.
            memo = self.memo.setdefault("_opens_like_graphql", {})
            if id(node) not in memo:
                module_scope = self.collector.module_scope
                text_map = templates.build(
                    node, self.file.text, self.span_of, format_style=style if filler is not None else "",
                    resolve=lambda name: self._resolve(name, module_scope), filled_by=filler,
                )
                memo[id(node)] = _OPENS_LIKE_GRAPHQL.match(text_map.text) is not None
            return memo[id(node)]
        first = node
        while isinstance(first, ast.BinOp):
            first = first.left
        parts = templates.join_parts(first)
        if parts is not None:
            first = parts[0]
        if isinstance(first, ast.Name):  # GET + DEP: the first constant's text
            values = self._resolve(first, self.collector.module_scope)
            first = values[0] if len(values) == 1 else first
        if isinstance(first, ast.Attribute) and self._imported_attribute(first, self.collector.module_scope):
            imported = (getattr(self.file, "imported_constants", None) or {}).get(self.code_of(first))  # queries.WS (F17)
            return imported is not None and _OPENS_LIKE_GRAPHQL.match(imported[0][:2000]) is not None
        if isinstance(first, ast.Name):  # houston(DEPS), DEPS imported from a module of the run (red team 10, F8)
            imported = (getattr(self.file, "imported_constants", None) or {}).get(first.id)
            return imported is not None and _OPENS_LIKE_GRAPHQL.match(imported[0][:2000]) is not None
        if not templates.is_literal(first):
            return False
        start, end = self.span_of(first)
        return _OPENS_LIKE_GRAPHQL.match(templates.literal_text_map(self.file.text, start, end).text) is not None

    def callee_definitions(self, call: ast.Call, scope: Optional[_Scope] = None) -> List[ast.AST]:
        """The module's own definitions ``call`` may run: ``name(...)``'s function, ``Acme(...).q``'s method.

        The receiver's class is read once per call (``Acme(URL)``, a name bound to it, ``self``);
        a method name shared by more than a few classes and a receiver that cannot be placed
        gives nothing: n classes each with ``def q`` and n calls ``C{i}(URL).q(doc)`` cost n
        lookups, not n * n (helper B's finding for issue 10, task E4).
        """
        func = call.func
        if isinstance(func, ast.Name):
            found = [d for d in self.collector.defs_named.get(func.id, [])[: _MAX_SAME_NAME + 1] if id(d) not in self.collector.methods]
            if not found:  # client(Q) with client = HoustonClient(...): its __call__ (red team 14, report 12, F9)
                made = factory_sender.made_by(func, scope, self)  # github = make_sender(URL): the def it returns (RT16 F8)
                if made is not None:
                    return [made[0]]
                dunder = self._instance_call(func, scope)
                return [dunder] if dunder is not None else []
            if scope is not None and scope.kind == "module" and len(found) > 1:
                # A call the module runs where it stands finds the definition made last BEFORE it: a notebook
                # helper redefined in a later cell is not the one an earlier cell's call ran (red team 15, F10).
                before = [d for d in found if d.lineno < getattr(call, "lineno", 0)]
                if before:
                    return before[-1:]
            return found[-1:]  # the last definition of the name is the one a call at run time finds
        if not isinstance(func, ast.Attribute):
            return []
        owner = self._receiver_class(func.value, scope)
        if owner is not None:
            method = self.collector.class_methods.get(owner, {}).get(func.attr)
            if method is None:  # HasuraClient(GraphQLClient) runs its base's query (red team 15, report 12, F1)
                method = instance_url.inherited_method(self, owner, func.attr)
            return [method] if method is not None else []
        named = self.collector.defs_named.get(func.attr, [])
        return named if len(named) <= _MAX_SAME_NAME else []

    def _receiver_class(self, receiver: ast.AST, scope: Optional[_Scope]) -> Optional[str]:
        """The name of the module's class a receiver is an instance of, when the module shows it."""
        if isinstance(receiver, ast.Name) and receiver.id in ("self", "cls"):
            inner = scope
            while inner is not None and inner.kind != "class":
                inner = inner.parent
            return inner.node.name if inner is not None and isinstance(inner.node, ast.ClassDef) else None
        values = [receiver] if isinstance(receiver, ast.Call) else self._resolve(receiver, scope)[:4] if isinstance(receiver, ast.Name) and scope is not None else []
        classes = instance_url.class_names(self)  # a subclass defining no method of its own too (RT15 F1)
        if isinstance(receiver, ast.Name) and (receiver.id in self.collector.class_methods or receiver.id in classes) and all(v is receiver for v in values):
            # GitHubOps.query(q), a classmethod/staticmethod called on the class itself: that class's, never a
            # sibling class's same-named method (red team 16, report 12, F15)
            return receiver.id
        built = {v.func.id for v in values if isinstance(v, ast.Call) and isinstance(v.func, ast.Name) and (v.func.id in self.collector.class_methods or v.func.id in classes)}
        return built.pop() if len(built) == 1 else None

    def _instance_call(self, func: ast.Name, scope: Optional[_Scope]) -> Optional[ast.AST]:
        """The ``__call__`` method a name bound to an instance of a module class runs when called, else None."""
        if scope is None or func.id in self.collector.function_defs and id(self.collector.function_defs[func.id]) not in self.collector.methods:
            return None
        owner = self._receiver_class(func, scope)
        return self.collector.class_methods.get(owner, {}).get("__call__") if owner is not None else None

    def calls_of_callee(self, call: ast.Call, scope: Optional[_Scope] = None) -> List[Tuple[ast.Call, _Scope]]:
        """The calls made in the definitions ``call`` may run (see ``callee_definitions``)."""
        return [inner for d in self.callee_definitions(call, scope) for inner in self.collector.calls_in_def.get(id(d), [])]

    def _helper_target(self, call: ast.Call, scope: Optional[_Scope] = None) -> Optional[str]:
        """The endpoint a module's own helper function posts to, if it names one."""
        outer = (call, scope)  # hasura.query(doc): its receiver says what the method's self.url is (RT15 F1)
        for inner, scope in self.calls_of_callee(call, scope):
            positional, keywords = _arguments(inner)
            for splat in inner.keywords if any(k.arg is None for k in inner.keywords) else ():
                # requests.post(**kwargs), kwargs = {"url": URL, "json": {...}}: as in _documents_sent_by (RT15 F6)
                dicts = self._resolve_dicts(splat.value, scope)[:2] if splat.arg is None else []
                for key, value in zip(dicts[0].keys, dicts[0].values) if len(dicts) == 1 else ():
                    if isinstance(key, ast.Constant) and isinstance(key.value, str):
                        keywords.setdefault(key.value, value)
            if any(k in keywords for k in PAYLOAD_KEYWORDS + ("query", "body")) or _callee_name(inner.func) in EXECUTE_METHODS:
                # body=json.dumps({"query": q}): urllib3, http.client, tornado (report 12, F1)
                hint = self._target_hint(positional, keywords, scope, inner, outer)
                if hint is not None:
                    return hint
        return None

    def _takes_keyword_variables(self, call: ast.Call) -> bool:
        """Is the callee a helper of this module that gathers its keywords (``**variables``)?"""
        definition = self.collector.function_defs.get(_callee_name(call.func) or "")
        return definition is not None and definition.args.kwarg is not None

    def variable_sites(self, source: Source) -> List[CallSite]:
        """The sends whose variables a document goes with: its call sites and, where a site's variables
        are a parameter of its function, each caller's send of them (``sources/forwarded_variables.py``)."""
        return forwarded_variables.sending_sites(self, source.sites)

    def variables_dicts(self, site: CallSite) -> Optional[List[ast.AST]]:
        """Every dict (literal, ``dict(...)`` call, keyword call) a site may send as variables, as far
        as they can be seen: a splat of something unknown is left out, not a reason to give up.

        This is who sends a dict (``dict_readers``); whether a rename is safe is ``read_variables``.
        An empty list: the site sends no variables.  None: it sends something we cannot read at all
        (a function's result, a parameter).
        """
        return self.read_variables(site, None)[0]

    def read_variables(self, site: CallSite, names: Optional[Iterable[str]] = ()) -> Tuple[Optional[List[ast.AST]], str]:
        """(every dict the site sends as variables, "") or (None, why ``names`` cannot be renamed in them).

        A ``**`` splat sends the splatted dict's entries too: ``{**base, "k": v}``,
        ``dict(base, k=v)``, ``helper(Q, **params)`` to a helper that gathers its
        keywords.  Where the splatted value is a dict literal of this module (through
        names), it is one more dict of the send, renamed with the others.  Anything
        else may carry a variable under its old name whatever we rename: a splat of a
        parameter or a call's result, ``*args``, a computed key, a key written in
        pieces, a splat in the request body (``json={"query": Q, **extra}``) or a
        splat into a call that then has no visible variables.  One exception: an
        entry written after an unknown splat or key in the same dict literal (or as a
        keyword of ``dict(row, k=v)``) wins over it, so ``names`` all written that way
        can be renamed.  ``names`` None: only list the dicts that can be seen.
        """
        call, scope = site.call, site.scope
        line = f"line {call.lineno}"
        lenient = names is None
        names = frozenset(names or ())
        if not lenient:
            why = self._unreadable_call(site)
            if why:
                return None, f"{why} on {line} may send it under its old name"
        if site.variables is None:
            return [], ""
        forward = forwarded_variables.of(self, site)
        if forward is not None:  # def upsert(variables): its callers' sends carry them (red team 20, report 13, F10)
            if forward.complete:
                return [], ""
            return None, f"the variables sent on {line} are the parameter {forward.parameter} of {forward.function.name}, and {forward.why}"
        if site.variables is site.call:
            containers = [site.call]
        else:
            containers = self._resolve(site.variables, scope)
            if not containers or not all(isinstance(v, ast.Dict) or _is_dict_call(v) for v in containers):
                return None, f"the variables sent on {line} are not a dict literal in this module"
        found: List[ast.AST] = []
        seen: set = set()
        gaps: List[Tuple[ast.AST, int, str, Optional[str]]] = []
        try:
            for container in containers:
                found.extend(self._expand(container, scope, seen, gaps, lenient))
        except _Unreadable as unreadable:
            return None, f"{unreadable} in the variables sent on {line} may send it under its old name"
        last_written: Dict[int, Dict[str, int]] = {}  # per dict: where each key is last written
        for container, position, why, key in [] if lenient else gaps:
            if id(container) not in last_written:
                last_written[id(container)] = _last_written(container)
            if not _overridden(last_written[id(container)], position, key, names):
                return None, f"{why} in the variables sent on {line} may send it under its old name"
        return found, ""

    def _unreadable_call(self, site: CallSite) -> str:
        """A splat in the sending call or its request body that may carry the variables, or ``""``."""
        call, scope = site.call, site.scope
        stars = [a.value for a in call.args if isinstance(a, ast.Starred)]
        if stars and (site.kind == "helper" or site.variables is None):
            return f"a * splat ({self.code_of(stars[0])})"
        if site.variables is not site.call:
            # A library call cannot be given an explicit keyword twice; a helper may read its **kw.
            helper = site.kind == "helper" or _callee_name(call.func) in self.collector.function_defs
            for splat in [k.value for k in call.keywords if k.arg is None] if helper or site.variables is None else []:
                try:
                    dicts = self._splatted(splat, scope, set(), None)
                except _Unreadable:
                    dicts = None
                if dicts is None or helper or any(
                    entry[0] in VARIABLE_KEYWORDS for d in dicts for entry in self.variable_entries(d)[0]
                ):
                    return f"a ** splat ({self.code_of(splat)})"
        if site.kind == "json-payload":
            positional, keywords = _arguments(call)
            for payload in [keywords[k] for k in PAYLOAD_KEYWORDS if k in keywords]:
                if isinstance(payload, ast.Name) and scope.stored_at(payload.id, "query"):
                    return f"a request body built step by step ({payload.id}[\"query\"] = ...)"
            for body in self._payload_dicts(call, scope):
                why = self._unreadable_body(body, scope)
                if why:
                    return why
        return ""

    def _splatted(
        self, value: ast.AST, scope: _Scope, seen: set, gaps: Optional[list], lenient: bool = False, copied: bool = False
    ) -> List[ast.AST]:
        """The dict literals ``**value`` spreads, each read; raises _Unreadable when it is not one.

        ``copied``: ``value`` is the mapping ``dict(value)`` copies, which is how the reason names it (red team
        24, report 13, f6: ``v = dict(extra)`` was described as "a ** splat (extra)", which the file does not have)."""
        values = self._resolve(value, scope)
        if not values or not all(isinstance(v, ast.Dict) or _is_dict_call(v) for v in values):
            code = self.code_of(value)
            raise _Unreadable(f"a copy of {code} (dict({code}))" if copied else f"a ** splat ({code})")
        found: List[ast.AST] = []
        for container in values:
            found.extend(self._expand(container, scope, seen, gaps, lenient))
        if gaps is not None:  # read as variables (not only looked at): a send of ``value``, not another use
            self._sent_splats.add(id(value))
        return found

    def _expand(self, container: ast.AST, scope: _Scope, seen: set, gaps: Optional[list], lenient: bool = False) -> List[ast.AST]:
        """``container`` and every dict it splats.

        What cannot be read goes to ``gaps`` as (container, position, why, literal key or None)
        when a later entry may still win over it, else raises _Unreadable (``gaps`` None: always).
        ``lenient`` (only listing the dicts that can be seen): a ``dict(..., **extra)`` splat that cannot be
        read is left out too, so the dict's own keywords are still seen (red team 24, report 13, f6).
        """
        if id(container) in seen:
            return []  # {**a} twice, or a cycle: each dict once
        seen.add(id(container))
        found = [container]

        def gap(position: int, why: str, key: Optional[str], reach) -> None:
            try:
                found.extend(reach())
            except _Unreadable as unreadable:
                if gaps is None:
                    raise
                gaps.append((container, position, why or str(unreadable), key))

        if isinstance(container, ast.Dict):
            editable = {id(value) for _key, _start, _end, value in self.variable_entries(container)[0]}
            for position, (key, value) in enumerate(zip(container.keys, container.values)):
                if key is None:
                    gap(position, "", None, lambda value=value: self._splatted(value, scope, seen, gaps, lenient))
                elif not (isinstance(key, ast.Constant) and isinstance(key.value, str)):
                    gap(position, f"a computed key ({self.code_of(key)})", None, _unreadable)
                elif id(value) not in editable:
                    gap(position, f"a key written in pieces ({self.code_of(key)})", key.value, _unreadable)
            return found
        for keyword in container.keywords:
            if keyword.arg is None:  # dict(**x, k=v) with k in x is a TypeError: no keyword wins over x
                try:
                    found.extend(self._splatted(keyword.value, scope, seen, gaps, lenient))
                except _Unreadable:
                    if not lenient:
                        raise
        for argument in container.args if _is_dict_call(container) else []:
            if isinstance(argument, ast.Starred):
                raise _Unreadable(f"a * splat ({self.code_of(argument.value)})")
            gap(-1, "", None, lambda argument=argument: self._splatted(argument, scope, seen, gaps, lenient, copied=True))
        return found

    def helper_reads(self, site: CallSite, keys: Iterable[str]) -> Optional[Tuple[str, Union[int, str]]]:
        """(helper name, line) when the module's helper a site calls may read one of ``keys`` itself.

        ``def houston(query, **variables): print(variables["airflowVersion"])``,
        ``variables.get("airflowVersion")``, ``"runtimeVersion" in variables``, or a
        parameter named like a key (``def houston(query, runtimeVersion=None, **kw)``
        binds that keyword to itself): renaming the key changes what the helper does.
        Any string constant equal to a key, or parameter named like one, inside the
        helper counts (over-cautious: it can only turn a rename into a review).
        """
        if site.kind != "helper":
            return None
        definition = self.collector.function_defs.get(_callee_name(site.call.func) or "")
        if definition is None:
            return self._imported_helper_reads(site, keys)
        # key -> (id(node) -> the first mention of the key inside it), built once per key and
        # module: N sends (or N documents) asking about one helper never rescan the N mentions.
        inside = self.memo.setdefault("helper_reads", {})
        for key in keys:
            if key not in inside:
                uses = self.names.get(key)
                inside[key] = self.names.first_inside(
                    node for node in uses.mentions + [n for n in uses.stores if isinstance(n, ast.arg)]
                    if hasattr(node, "lineno")
                )
            node = inside[key].get(id(definition))
            if node is not None:
                return getattr(definition, "name", _callee_name(site.call.func) or "lambda"), node.lineno
            # its decorators run first with the call's arguments (helper_decorators: RT20 11b, F5)
            for decorator in helper_decorators.of(definition, self.collector.function_defs, self.collector.methods):
                node = inside[key].get(id(decorator))
                written = self.memo.setdefault("decorator_keywords", {})
                if id(decorator) not in written:
                    written[id(decorator)] = helper_decorators.keyword_names(decorator)
                if node is not None or key in written[id(decorator)]:
                    name = getattr(definition, "name", _callee_name(site.call.func) or "lambda")
                    return f"{name} (through its decorator {decorator.name})", node.lineno if node is not None else written[id(decorator)][key]
        return None

    def helper_open_use(self, site: CallSite) -> Optional[Tuple[str, Union[int, str]]]:
        """(helper name, line) when the helper a site sends its variables through uses them in a way the
        tool cannot follow (``sources/helper_variables.py``: red team 10, F1/F2), or None."""
        if site.kind != "helper" or site.variables is None:
            return None
        name = _callee_name(site.call.func) or ""
        definition = self.collector.function_defs.get(name)
        if definition is None:
            return self._imported_helper_open_use(site)
        method = id(definition) in self.collector.methods
        parameter = helper_variables.parameter_for(definition, site.call, site.variables, method)
        label = getattr(definition, "name", name or "lambda")
        if parameter is None:
            return label, definition.lineno
        judge = self.memo.get("helper_open_use")
        if judge is None:  # one per module: each function walked once, each answer kept
            judge = self.memo["helper_open_use"] = helper_variables.Judge(self._module_function)
        line = judge.open_use(definition, parameter)
        return None if line is None else (label, line)

    def _module_function(self, call: ast.Call) -> Optional[ast.AST]:
        """The module-level function (not a method) a plain ``name(...)`` call runs, if this module defines it."""
        definition = self.collector.function_defs.get(call.func.id) if isinstance(call.func, ast.Name) else None
        return None if definition is None or id(definition) in self.collector.methods else definition

    def _imported_helper_open_use(self, site: CallSite) -> Optional[Tuple[str, Union[int, str]]]:
        """``helper_open_use`` for a helper imported from another module of the run: the run's index
        holds, per helper, the parameters (by position and name) it uses in a way not followed."""
        helpers = getattr(self.file, "imported_helpers", None)
        name = self.imported_helper_key(site.call, site.scope)
        if not helpers or name not in helpers:
            return None
        definer, words = helpers[name]
        call, argument = site.call, site.variables
        keys = [cross_module.OPEN + "**"] if argument is call else []
        for keyword in call.keywords:
            if keyword.value is argument:  # variables=v: that parameter, or the **kwargs gathering it
                keys = [cross_module.OPEN + (keyword.arg if keyword.arg in words else "**")]
        for index, value in enumerate(call.args):
            if isinstance(value, ast.Starred):
                break
            if value is argument:
                keys = [cross_module.OPEN + f"#{index}"]
                if index >= words.get(cross_module.POSITIONAL, 0):
                    keys.append(cross_module.OPEN + "*")
        if not keys:
            return f"{name} (imported from {definer})", call.lineno
        for key in keys:
            if key in words:  # the helper's own file and line (a notebook renumbers a bare line: F16)
                return f"{name} (imported from {definer})", f"{definer}:{words[key]}"
        return None

    def _imported_helper_reads(self, site: CallSite, keys: Iterable[str]) -> Optional[Tuple[str, Union[int, str]]]:
        """``helper_reads`` for a helper imported from another module of the run (red team 9, F5).

        ``from main import houston``: its body is in ``main.py``, whose words the
        run's index holds (``cross_module``: ``imported_helpers``, set by the pipeline).
        """
        helpers = getattr(self.file, "imported_helpers", None)
        name = self.imported_helper_key(site.call, site.scope)
        if not helpers or name not in helpers:
            return None
        definer, words = helpers[name]
        for key in keys:
            if key in words:  # the helper's own file and line (a notebook renumbers a bare line: F16)
                return f"{name} (imported from {definer})", f"{definer}:{words[key]}"
        return None

    def operations_run(self, site: CallSite) -> Optional[frozenset]:
        """The operation names a site selects (``"operationName": "Create"``,
        ``operation_name="Create"``), or None when it may run any operation of its document."""
        names = set()
        chosen = self._operation_choices(site)
        for value, scope in chosen:
            resolved = self._resolve(value, scope)
            if not resolved or not all(isinstance(v, ast.Constant) and isinstance(v.value, str) for v in resolved):
                return None  # chosen at run time: any operation may run
            names.update(v.value for v in resolved)
        return frozenset(names) if chosen else None

    def _operation_choices(self, site: CallSite, depth: int = 0) -> List[Tuple[ast.AST, object]]:
        """(the expression naming the operation, its scope) for each operationName the site gives.

        A caller's send of a helper's variables (``forwarded_variables``) gives what the helper's own
        send does, a parameter of the helper read as what this caller passes for it (red team 23,
        report 13, f2: ``_call("Releases", {...})`` runs Releases, not any operation)."""
        positional, keywords = _arguments(site.call)
        chosen = [(keywords[k], site.scope) for k in ("operation_name", "operationName") if k in keywords]
        if site.kind == "json-payload":
            for body in self._payload_dicts(site.call, site.scope):
                value = _dict_value(body, "operationName")
                if value is not None:
                    chosen.append((value, site.scope))
        original = forwarded_variables.original_site(self, site) if not chosen and depth < forwarded_variables.DEPTH else None
        if original is not None:
            for value, scope in self._operation_choices(original, depth + 1):
                passed = forwarded_variables.passed_for(self, site, value)
                chosen.append((passed, site.scope) if passed is not None else (value, scope))
        if not chosen and site.kind == "helper" and depth < forwarded_variables.DEPTH:
            chosen = self._helper_operation_choices(site, depth)
        return chosen

    def _helper_operation_choices(self, site: CallSite, depth: int) -> List[Tuple[ast.AST, object]]:
        """The operationName a module helper's own send gives, read for this call of it.

        Red team 27, report 13, f5: ``def houston(op, q, v)`` posting ``{"query": q, "variables": v,
        "operationName": op}``, called as ``houston("Upgrade", DOC, {...})``: that call runs Upgrade
        only, as ``_call("Releases", {...})`` of a helper with its own document does (red team 23,
        report 13, f2).  A parameter of the helper is what this call passes for it; when that cannot be
        told, or one of the helper's sends names no operation, the call may run any operation ([])."""
        name = _callee_name(site.call.func) or ""
        function = self.collector.function_defs.get(name)
        if function is None or (id(function) in self.collector.methods) != isinstance(site.call.func, ast.Attribute):
            return []
        sends = self._helper_sends(function, name)
        method = id(function) in self.collector.methods
        found: List[Tuple[ast.AST, object]] = []
        for send in sends:
            choices = self._operation_choices(send, depth + 1)
            if not choices:
                return []
            for value, scope in choices:
                passed = forwarded_variables.parameter_passed(function, scope, site.call, value, method)
                if passed is forwarded_variables.UNTOLD:
                    return []
                found.append((passed, site.scope) if passed is not None else (value, scope))
        return found

    def _helper_sends(self, function: ast.AST, name: str) -> List[CallSite]:
        """The sends in a module helper's body (``name``: a def, or a lambda bound to it) of a document it takes
        as a parameter (memoised per helper)."""
        memo = self.memo.setdefault("helper_sends", {})
        if id(function) in memo:
            return memo[id(function)]
        memo[id(function)] = sends = []
        documents = {p for _i, p in self.document_parameters().get(name, ())}
        _positional, names = _parameters(function, id(function) in self.collector.methods)
        for call, scope in self.collector.calls_in_function.get(name, []):
            if _may_send(call):
                for expression, send in self._documents_sent_by(call, scope):
                    if self._parameter_reached(expression, scope, names) in documents:
                        sends.append(send)
            for argument, index in self._helper_documents(call):  # def run(op, q, v): return _post(q, v, op)
                if self._parameter_reached(argument, scope, names) in documents:
                    sends.append(CallSite("helper", call, self._helper_variables(call, index), None, scope))
        return sends

    def dict_senders(self, container: ast.AST) -> List[Tuple[Source, CallSite]]:
        """Every (document, call) pair of the module that sends ``container`` (built once per module)."""
        return self._senders()[0].get(id(container), [])

    def _payload_dicts(self, call: ast.Call, scope: _Scope) -> List[ast.Dict]:
        """The operation dicts of a sending call's request body (each entry of a batched one)."""
        positional, keywords = _arguments(call)
        payloads = [keywords[k] for k in PAYLOAD_KEYWORDS if k in keywords]
        if _callee_name(call.func) == "dumps" and positional:
            payloads.append(positional[0])
        return [d for payload in payloads for d in self._body_operations(payload, scope)]

    def _unreadable_body(self, body: ast.Dict, scope: _Scope) -> str:
        """A request body entry that may carry the variables unseen: a splat (unless of a dict literal
        without "query" or "variables") or a computed key."""
        for key, value in zip(body.keys, body.values):
            if key is None:
                try:
                    dicts = self._splatted(value, scope, set(), None)
                except _Unreadable:
                    dicts = None
                if dicts is None or any(
                    entry[0] in ("query", "variables") for d in dicts for entry in self.variable_entries(d)[0]
                ):
                    return f"a ** splat ({self.code_of(value)}) in the request body"
            elif not (isinstance(key, ast.Constant) and isinstance(key.value, str)):
                return f"a computed key ({self.code_of(key)}) in the request body"
        return ""

    def dict_readers(
        self, container: ast.AST, source: Source, keys: Iterable[str] = ()
    ) -> Tuple[List[Tuple[Source, CallSite]], List[int]]:
        """Who else reads a variables dict: the other documents it is sent with, and other uses.

        The documents are every other document of the module one of whose
        call sites sends ``container``.  The other uses are the lines where a
        name bound to it is read by anything but such a call site
        (``params["airflowVersion"] = ...``, ``{**params}``, ``helper(params)``,
        ``return params``), mentioned (``global``, a string) or rebound, and
        line 0 when code outside this text can see it (``exported``).
        Reading or setting another literal key (``params["label"]``), printing
        or logging it are not uses that depend on ``keys``.
        """
        keys = frozenset(keys)
        senders, sending = self._senders()
        documents = [(other, site) for other, site in senders.get(id(container), []) if other is not source]
        lines: List[int] = []
        binding = self.names.parent(container)
        targets = binding.targets if isinstance(binding, ast.Assign) else [getattr(binding, "target", None)]
        is_dict = isinstance(container, ast.Dict) or _is_dict_call(container)  # not a helper's keywords
        if is_dict and isinstance(binding, (ast.Assign, ast.AnnAssign)) and binding.value is container:
            for target in targets:
                if not isinstance(target, ast.Name):
                    lines.append(target.lineno)  # obj.attr = {...}: read from anywhere
                    continue
                scope = self.names.scope_of(binding)
                lines.extend(self._other_uses(target.id, binding, scope, sending, keys))
                # variables = {...}; body = {"query": Q, "variables": variables}: body's readers read it too.
                lines.extend(
                    line for n in self.names.inside(target.id, "loads", scope) if id(n) in sending
                    for line in self._body_readers(n, container, keys)
                )
        if is_dict:
            lines.extend(self._body_readers(container, container, keys))
        return documents, sorted(set(lines))

    def _body_readers(self, placed: ast.AST, container: ast.AST, keys: frozenset) -> List[int]:
        """Lines reading a request body that holds the variables (``placed``) as one of its values.

        ``body = {"query": Q, "variables": {...}}`` then ``body["variables"]["airflowVersion"]``:
        renaming the key breaks that read.  Every use of the body's name counts but
        sending it in a call that sends ``container``, showing it, or reading another of
        its literal keys (``body["query"]``).
        """
        body = self.names.parent(placed)
        if not isinstance(body, ast.Dict) or not any(v is placed for v in body.values):
            return []
        if id(placed) in self._sent_splats:
            return []  # {**placed, "ws": ws}: one more variables dict of the same send, read with it
        binding = self.names.parent(body)
        if isinstance(binding, ast.keyword):
            return []  # json={"query": Q, "variables": {...}}: built and sent in place
        if isinstance(binding, ast.Call) and any(site.call is binding for _s, site in self._senders()[0].get(id(container), [])):
            return []  # json.dumps({"query": Q, "variables": {...}}): the same, through dumps
        if not isinstance(binding, (ast.Assign, ast.AnnAssign)) or binding.value is not body:
            return [body.lineno]  # a body inside something else: its readers cannot all be seen
        senders, _sending = self._senders()
        sent = set()
        for _source, site in senders.get(id(container), []):
            positional, keywords = _arguments(site.call)
            sent.update(id(keywords[k]) for k in PAYLOAD_KEYWORDS if k in keywords)
            if _callee_name(site.call.func) == "dumps" and positional:
                sent.add(id(positional[0]))
        own_keys = frozenset(
            k.value for k, v in zip(body.keys, body.values)
            if v is placed and isinstance(k, ast.Constant) and isinstance(k.value, str)
        )
        lines: List[int] = []
        targets = binding.targets if isinstance(binding, ast.Assign) else [binding.target]
        scope = self.names.scope_of(binding)
        for target in targets:
            if not isinstance(target, ast.Name):
                lines.append(target.lineno)
                continue
            lines.extend(self._other_uses(target.id, binding, scope, sent, own_keys or None))
        return lines

    def _other_uses(
        self, name: str, binding: ast.AST, scope: ast.AST, sent: set, keys: Optional[frozenset]
    ) -> List[int]:
        """Lines where ``name`` (bound by ``binding``) is used in ``scope`` other than being sent
        (ids in ``sent``), shown, or read at another literal key than ``keys`` (no key filter
        when None); 0 when it is a module name other modules may import."""
        uses = self.names.get(name)
        readers = [
            n for n in self.names.inside(name, "loads", scope)
            if id(n) not in sent
            and not self.only_displays(n, keys) and not (keys is not None and self._other_key(n, keys))
        ]
        rebinds = [n for n in self.names.inside(name, "stores", scope) if self.names.parent(n) is not binding]
        # Strings and attributes named like a local are not reads of it; ``nonlocal`` is.
        mentions = uses.mentions if scope is self.module else [
            n for n in self.names.inside(name, "mentions", scope) if isinstance(n, ast.Nonlocal)
        ]
        if isinstance(scope, ast.ClassDef):
            # A class attribute is read as an attribute from anywhere (``self.DEFAULTS["airflowVersion"]``,
            # ``Deployer.DEFAULTS``, ``cls.VARS``, ``type(self).VARS``, ``getattr(self, "VARS")``): each such
            # mention is a use, unless it is the send itself, shown, or a read of another key, the same
            # tests as a name's reads (red team 22, report 11b, f1: the key was renamed under them).
            # At most CLASS_MENTIONS_READ are looked at, one unexamined counting as a use (erring to a
            # review): N classes each sending its own self.VARS stay linear, not N dicts x N mentions.
            mentions = [
                n for n in uses.mentions[:CLASS_MENTIONS_READ]
                if not (isinstance(n, ast.Attribute) and (
                    id(n) in sent or self.only_displays(n, keys) or (keys is not None and self._other_key(n, keys))
                ))
            ] + uses.mentions[CLASS_MENTIONS_READ : CLASS_MENTIONS_READ + 1]
        lines = [n.lineno for n in readers + mentions + rebinds if hasattr(n, "lineno")]
        if scope is self.module and self.exported(name):
            lines.append(0)
        elif isinstance(scope, ast.ClassDef) and self.binding_exported(name, scope):
            lines.append(CLASS_EXPORTED)  # other modules reach it through the class (red team 22, 11b, f1)
        return lines

    def _senders(self) -> Tuple[Dict[int, List[Tuple[Source, CallSite]]], set]:
        """Once per module: each variables dict -> the (document, call) pairs sending it, and the ids
        of every expression a call site sends as variables."""
        if self._senders_cache is None:
            senders: Dict[int, List[Tuple[Source, CallSite]]] = {}
            sending: set = set()
            for other in self.found:
                for site in self.variable_sites(other):
                    if site.variables is not None:
                        sending.add(id(site.variables))
                    for container in {id(d): d for d in self.variables_dicts(site) or []}.values():
                        senders.setdefault(id(container), []).append((other, site))
            sending |= self._sent_splats  # helper(Q, **params), {**base, ...}: params and base are sent
            self._senders_cache = (senders, sending)
        return self._senders_cache

    def _other_key(self, load: ast.Name, keys: frozenset) -> bool:
        """``params["label"]`` read or set: an entry that is not one of ``keys``."""
        subscript = self.names.parent(load)
        key = subscript.slice if isinstance(subscript, ast.Subscript) else None
        if isinstance(key, ast.Index):  # Python 3.8 wraps the key
            key = key.value
        return (
            isinstance(key, ast.Constant) and isinstance(key.value, str) and key.value not in keys
            and subscript.value is load
        )

    def sent_documents(self) -> Dict[int, ast.Call]:
        """id of every expression a call of the module sends as a document (the ``q`` of ``houston(q, v)``,
        of ``json={"query": q}``, of ``client.execute(q)``) -> that call, found once per module: a name
        read inside one of them is part of what is sent (red team 10, F5: ``textwrap.dedent(C) + F``)."""
        found = self.memo.get("sent_documents")
        if found is None:
            found = self.memo["sent_documents"] = {}
            for call, scope in self.collector.calls:
                if _may_send(call):
                    found.update((id(expression), call) for expression, _site in self._documents_sent_by(call, scope))
                found.update((id(argument), call) for argument, _index in self._helper_documents(call))
                found.update((id(argument), call) for argument, _index in self._imported_helper_documents(call, scope))
        return found

    def only_displays(self, load: ast.Name, keys: Optional[frozenset] = None) -> bool:
        """``print(params)``, ``log.info("%s", params)``: shown, neither changed nor sent.  Not a logging
        call reading one of ``keys`` (any key when None) by name from it as its single mapping
        (``log.info("%(airflowVersion)s", params)``: ``sources/log_mapping.py``, red team 20, report 11b, F1)."""
        call = self.names.parent(load)
        return (
            isinstance(call, ast.Call)
            and load in call.args
            and (_callee_name(call.func) == "print" if isinstance(call.func, ast.Name) else _callee_name(call.func) in _LOG_METHODS)
            and not log_mapping.reads_key(call, load, keys)
        )

    def variable_entries(self, container: ast.AST) -> Tuple[List[Tuple[str, int, int, ast.AST]], bool]:
        """(key, key text start, key text end, value) of each entry, and whether that is all of them."""
        entries = []
        complete = True
        if isinstance(container, ast.Dict):
            for key, value in zip(container.keys, container.values):
                if key is not None and isinstance(key, ast.Constant) and isinstance(key.value, str):
                    key_map = self.string_text_map(key)
                    spans = key_map.file_spans(0, len(key_map.chars)) if key_map.chars else []
                    if len(spans) == 1:
                        entries.append((key.value, spans[0][0], spans[0][1], value))
                        continue
                complete = False  # **other, a computed key, or a key written in pieces
        else:
            for keyword in container.keywords:
                if keyword.arg is None:
                    complete = False
                    continue
                start = self.file.offset_at(keyword.lineno, keyword.col_offset)
                entries.append((keyword.arg, start, start + len(keyword.arg), keyword.value))
            if _is_dict_call(container) and container.args:
                complete = False
        return entries, complete

    def _target_hint(
        self,
        positional: List[ast.AST],
        keywords: Dict[str, ast.AST],
        scope: _Scope,
        call: Optional[ast.Call] = None,
        outer: Optional[Tuple[ast.Call, Optional[_Scope]]] = None,
    ) -> Optional[str]:
        """Text naming the endpoint a call talks to: its URL, or the URL its client was built with.

        ``outer``: the method call that led to ``call`` (``hasura.query(doc)``), whose receiver's own
        class and construction say what ``self.url`` is (``destination.instance_url``)."""
        candidates = [keywords.get("url"), positional[0] if positional else None]
        if len(positional) > 1 and isinstance(positional[0], ast.Constant) and str(positional[0].value).upper() in _HTTP_METHODS:
            candidates[1] = positional[1]  # http.request("POST", URL, body=...): the method, then the URL (report 12, F1/F9)
        if call is not None and isinstance(call.func, ast.Attribute):
            candidates.append(call.func.value)  # client.execute(...): the client's construction
        for index, node in enumerate(candidates):
            if node is not None:
                hint = self._instance_url(node, scope, outer)
                if hint is None:
                    hint = self._url_in(node, scope, depth=0)
                elif not hint:
                    continue
                if hint is not None and index >= 2 and positional and _relative_path(positional[0]) is not None:
                    # client.post("/graphql") on httpx.Client(base_url=f"https://houston.{...}"): the URL it posts
                    # to is the base with the path joined on (red team 27, report 12, f4)
                    hint = joined_base_path(hint, _relative_path(positional[0]))
                if hint is not None:
                    return hint
        return None

    def _instance_url(self, node: ast.AST, scope: _Scope, outer) -> Optional[str]:
        """``self.url`` in a method: the one URL every value its instance may hold agrees on; "" when they
        disagree or one is unknown (red team 15, report 12, F1-F3: never a sibling class's URL); None: not ``self.X``."""
        found = instance_url.of_instance(node, scope, self, *outer) if outer is not None else None
        if found is None:
            found = instance_url.values(node, scope, self)
        if found is None:
            return "" if instance_url.owner_class(node, scope, self) is not None else None
        texts = {self._url_in(value, value_scope, depth=0) if value_scope is not None else None for value, value_scope in found}
        hint = texts.pop() if len(texts) == 1 else None
        return hint if hint is not None else ""

    def _url_in(self, node: ast.AST, scope: _Scope, depth: int) -> Optional[str]:
        """A URL-looking string in ``node``, following names and the arguments of calls."""
        if depth > 3:
            return None
        found: List[str] = []
        for value in self._resolve(node, scope):
            hint = None
            built = houston_path.resolved(value, scope, self) if isinstance(value, (ast.BinOp, ast.Call)) else None
            if built is not None:
                # urljoin(BASE, "v1"), "https://" + HOST + ":8443/graphql", "{base}/v1".format(base=BASE), urlunsplit:
                # the URL Python computes, quoted as a literal (red team 28, report 12, f6-f8: the bare base, a host
                # alone or an f-string the file never wrote was the hint)
                hint = '"' + built + '"'
            elif templates.is_string_expression(value):
                text = self.code_of(value)
                if _URL_START.match(text) and (depth > 0 or not _BARE_WORD.fullmatch(text)):
                    hint = text
                    self._note_shadowed_fields(value, text, scope)
            elif isinstance(value, ast.Call):
                if attribute_stores.restored(value, self):
                    return None  # gq.endpoint = OTHER after it: no one URL (destination/attribute_stores, red team 19, F19)
                hint = self._formatted_url(value)
                for argument in _url_arguments(value) if hint is None else ():
                    hint = self._url_in(argument, scope, depth + 1)
                    below = isinstance(argument, ast.Call) or any(isinstance(v, ast.Call) for v in self._resolve(argument, scope)[:4])
                    if hint is not None and not below and not _may_name_endpoint(value, argument, hint):
                        hint = None  # WeatherClient(city="Houston, TX"), DirectoryClient(office="houston"): RT23 12 f17
                    if hint is not None:
                        break
            if hint is not None and hint not in found:
                found.append(hint)
        # ``url = HOUSTON_URL if api == "houston" else GITHUB_URL``, a name bound to either URL: no one URL
        # speaks for the call (the first one did, for every call: red team 16, report 12, F5); each is then
        # weighed where the send is followed (destination.sent_url), several APIs leaving it undecided.
        return found[0] if len(found) == 1 else None

    def _note_shadowed_fields(self, value: ast.AST, text: str, scope: _Scope) -> None:
        """Note the ``{name}`` fields of the f-string ``value`` that ``scope`` does not read from the module.

        ``def houston(host, q): requests.post(f"https://{host}/v1", ...)`` beside a module-level ``host =
        "api.monday.com"``: the field is the parameter, never the module's name of the same spelling, so
        ``destination.gather_calls.filled_fstring`` leaves it as written (red team 27, report 12, f2).  Keyed by
        the hint's text (what the destination reads); one probe per field.
        """
        if not isinstance(value, ast.JoinedStr):
            return
        module = self.collector.module_scope.bindings
        for part in value.values:
            field_value = getattr(part, "value", None)
            if isinstance(field_value, ast.Name) and field_value.id in module and scope.lookup(field_value.id) is not module[field_value.id]:
                self.memo.setdefault("shadowed_fields", {}).setdefault(text, set()).add(field_value.id)

    def _formatted_url(self, call: ast.Call) -> Optional[str]:
        """``"https://{}.{}/v1".format("houston", DOMAIN)``: the URL template with each string argument written in
        and any other argument as an f-string field, ``f"https://houston.{DOMAIN}/v1"`` (red team 23, report 12, f3:
        the argument ``"houston"`` alone was the hint, said as "setting houston").  None when ``call`` is no
        ``.format`` of a URL literal, or a field cannot be matched (``string.Formatter().parse``: linear)."""
        func = call.func
        if not (isinstance(func, ast.Attribute) and func.attr == "format" and isinstance(func.value, ast.Constant)
                and isinstance(func.value.value, str) and len(func.value.value) <= 2000 and _HTTP_START.match(func.value.value)):
            return None
        if any(isinstance(a, ast.Starred) for a in call.args) or any(k.arg is None for k in call.keywords):
            return None
        import string

        named = {k.arg: k.value for k in call.keywords}
        parts: List[str] = []
        automatic = 0
        try:
            pieces = list(string.Formatter().parse(func.value.value))
        except ValueError:
            return None
        for literal, field_name, spec, conversion in pieces:
            parts.append(literal.replace("{", "{{").replace("}", "}}"))
            if field_name is None:
                continue
            if spec or conversion:
                return None
            if field_name == "":
                index, automatic = automatic, automatic + 1
                value = call.args[index] if index < len(call.args) else None
            elif field_name.isdigit():
                value = call.args[int(field_name)] if int(field_name) < len(call.args) else None
            else:
                value = named.get(field_name)
            if value is None:
                return None
            if isinstance(value, ast.Constant) and isinstance(value.value, str) and not any(c in value.value for c in "{}\"'\n"):
                parts.append(value.value)
            else:
                parts.append("{" + self.code_of(value)[:200] + "}")
        return 'f"' + "".join(parts) + '"'

    def _resolve(self, node: ast.AST, scope: _Scope) -> List[ast.AST]:
        """Follow names (and ``gql(...)`` wrappers) to the expressions they stand for.

        Memoised, and cycle- and depth-bounded: real modules rebind the same
        names dozens of times (``node = node.parent``), which would otherwise
        make following them exponential.
        """
        key = (id(node), id(scope))
        if key not in self._resolved:
            self._resolved[key] = []  # a cycle back here resolves to nothing
            if self._resolve_depth >= MAX_RESOLVE_DEPTH:
                del self._resolved[key]  # reached by a shorter chain elsewhere, it is followed there
                return []  # a chain of names longer than any program's: unknown (red team 18, report 11a, N1)
            self._resolve_depth += 1
            try:
                # Each expression once: ``x = a if x else b`` chains would otherwise double the list at each link.
                self._resolved[key] = list({id(v): v for v in self._resolve_uncached(node, scope)}.values())
            finally:
                self._resolve_depth -= 1
        return self._resolved[key]

    def _class_attribute_index(self) -> Dict[str, List[Tuple[ast.AST, _Scope]]]:
        """Attribute name -> its bindings in every class of the module, built once.

        A generated sgqlc schema module has thousands of classes and a call per
        field: scanning every class for each ``self.X`` was quadratic in its size.
        """
        if self._class_attributes is None:
            index: Dict[str, List[Tuple[ast.AST, _Scope]]] = {}
            for class_scope in self.collector.class_scopes:
                for name, values in class_scope.bindings.items():
                    entries = index.setdefault(name, [])
                    for value in values:
                        entries.append((value, class_scope))
            self._class_attributes = index
        return self._class_attributes

    def _class_attributes_by_class(self) -> Dict[Tuple[str, str], List[Tuple[ast.AST, _Scope]]]:
        """(class name, attribute) -> its values in that class: ``Cls.ATTR`` read in its own class, indexed once."""
        index = self.__dict__.get("_class_attributes_named")
        if index is None:
            index = {}
            for name, values in self._class_attribute_index().items():
                for value, class_scope in values:
                    if isinstance(class_scope.node, ast.ClassDef):
                        index.setdefault((class_scope.node.name, name), []).append((value, class_scope))
            self.__dict__["_class_attributes_named"] = index
        return index

    def _in_force(self, values: List[ast.AST], use: ast.Name) -> List[ast.AST]:
        """The bindings of a module name that a use where the module runs it can see (red team 15, F10).

        ``URL = HOUSTON`` in one notebook cell, ``URL = INVENTORY`` in a later one: a send in between
        posts to Houston's.  A plain assignment of the module body before the use replaces every
        binding before it; one in a branch or loop (``if``: maybe) does not.  The module body's
        assignments are read once; each use filters at most MAX_BINDINGS values.
        """
        # Red team 16, report 12, F12: bindings after the use are not in force (unless a loop of the same
        # top-level statement runs them first); sources/flow_order.py, two binary searches a use.
        if self._top_assigned is None:
            self._top_assigned = flow_order.FlowOrder(self.module)
        return self._top_assigned.in_force(values, use)

    def _resolve_uncached(self, node: ast.AST, scope: _Scope) -> List[ast.AST]:
        if isinstance(node, ast.Name):
            values = scope.lookup(node.id)
            if not values and self._imported_constant(node, scope):
                return [node]  # its text is the other module's: the name is spliced (sources/cross_module.py)
            if scope.kind == "module" and len(values) > 1:
                values = self._in_force(values, node)  # before the bound: rebinding cell after cell is no variable
            if len(values) > MAX_BINDINGS:
                return []  # a variable, not a constant: nothing to follow
            return [r for v in values for r in self._resolve(v, scope)]
        if isinstance(node, ast.Attribute) and self._imported_attribute(node, scope):
            return [node]  # queries.WS after ``import queries``: the other module's text, spliced (red team 13, F17)
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            # Class.ATTR or self.ATTR: look the attribute up in the module's classes.
            values = self._class_attribute_index().get(node.attr, [])
            named = self._class_attributes_by_class().get((node.value.id, node.attr))
            if named:  # HoustonOps.URL: that class's, never a sibling class's URL (red team 16, report 12, F15)
                values = named
            if len(values) > MAX_BINDINGS:
                return []
            return [r for v, class_scope in values for r in self._resolve(v, class_scope)]
        if isinstance(node, ast.Call) and self._gql_library_call(node) and node.args:
            return self._resolve(node.args[0], scope)
        if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant) and isinstance(node.slice.value, str):
            # GH["q"] with GH = {"q": """query ..."""}: a document held in a dict of documents (task O item 5)
            found = []
            for held in self._resolve(node.value, scope):
                if isinstance(held, ast.Dict):
                    value = self._dict_entry(held, node.slice.value)
                    if value is not None:
                        found.extend(self._resolve(value, scope))
            if found:
                return found  # os.environ["URL"], cfg["url"]: no dict literal of the module holds it, kept as written
        # ``A if new else B``, ``override or DEFAULT``: the call may send either one, so it is a
        # send of each (a rename then has to agree with every document the call may pick).
        if isinstance(node, ast.IfExp):
            return self._resolve(node.body, scope) + self._resolve(node.orelse, scope)
        if isinstance(node, ast.BoolOp):
            return [r for value in node.values for r in self._resolve(value, scope)]
        return [node]

    def _dict_entry(self, held: ast.Dict, key: str) -> Optional[ast.AST]:
        """The value of ``key`` in a dict literal, from its string keys indexed once (a key written twice: the last)."""
        entries = self._dict_entries.get(id(held))
        if entries is None:
            entries = self._dict_entries[id(held)] = {
                k.value: v for k, v in zip(held.keys, held.values) if isinstance(k, ast.Constant) and isinstance(k.value, str)
            }
        return entries.get(key)

    def _imported_constant(self, name: ast.Name, scope: _Scope) -> bool:
        """``from queries import DEPS`` (a module of the run) and DEPS bound nowhere here, not even as a parameter.

        ``{"query": DEPS}`` then sends the other module's text unchanged: the name is the
        document of this send, read with that text (red team 9, F8), as ``DEPS + ""`` was.
        """
        imports = getattr(self.file, "imported_constants", None)
        if not imports or name.id not in imports:
            return False
        inner: Optional[_Scope] = scope
        while inner is not None:
            if inner.kind == "function" and inner.node is not None and name.id in _parameters(inner.node, False)[1]:
                return False
            inner = inner.parent
        return True

    def _parameter_default(self, node: ast.AST, scope: _Scope) -> List[ast.AST]:
        """``def list_ws(q=DOC): return houston(q)``: the default a parameter sends when the caller passes none.

        Red team 13, F18: the send of ``q`` was not traced to ``DOC``.  The innermost function with the
        parameter decides; its default is read in the scope the ``def`` stands in.  Names bound here
        resolve first (the caller of this method found none).
        """
        if not isinstance(node, ast.Name):
            return []
        inner: Optional[_Scope] = scope
        while inner is not None:
            definition = inner.node if inner.kind == "function" else None
            arguments = getattr(definition, "args", None)
            if arguments is not None:
                positional = list(getattr(arguments, "posonlyargs", [])) + list(arguments.args)
                pairs = list(zip(positional[len(positional) - len(arguments.defaults):], arguments.defaults))
                pairs += [(a, d) for a, d in zip(arguments.kwonlyargs, arguments.kw_defaults)]
                for argument, default in pairs:
                    if argument.arg == node.id:
                        return self._resolve(default, inner.parent) if default is not None and inner.parent is not None else []
                if node.id in _parameters(definition, False)[1]:
                    return []
            inner = inner.parent
        return []

    def _returned_values(self, value: ast.AST) -> Optional[List[ast.AST]]:
        """``ws_query()`` of a module function ``def ws_query(): return DOC``: the values its returns resolve to.

        None when ``value`` is no call of one of the module's own functions (a method, a lambda, a
        class, an import: not followed).  At most four returns, nested functions' left out; each is
        resolved in the function's scope (memoised, cycle-safe: ``_resolve``).
        """
        if not isinstance(value, ast.Call) or not isinstance(value.func, ast.Name):
            return None
        definitions = [d for d in self.collector.defs_named.get(value.func.id, []) if id(d) not in self.collector.methods]
        if not definitions or not isinstance(definitions[-1], (ast.FunctionDef, ast.AsyncFunctionDef)):
            return None
        definition = definitions[-1]
        inner = self.collector.def_scopes.get(id(definition))
        if inner is None:
            return None
        returns: List[ast.AST] = []
        stack = list(definition.body)
        while stack and len(returns) < 4:
            statement = stack.pop()
            if isinstance(statement, ast.Return) and statement.value is not None:
                returns.append(statement.value)
            elif not isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
                stack.extend(child for child in ast.iter_child_nodes(statement) if isinstance(child, ast.stmt))
        found: List[ast.AST] = []
        for returned in returns:
            found.extend(self._resolve(returned, inner) or self._parameter_default(returned, inner))
        return found

    def _imported_attribute(self, node: ast.Attribute, scope: _Scope) -> bool:
        """``import queries`` (a module of the run) then ``queries.WS``: a constant of that module, as
        ``from queries import WS`` then ``WS`` is (:meth:`_imported_constant`); the module's name is not a
        parameter or a variable of this module (red team 13, F17: the send was not carried to it).
        """
        imports = getattr(self.file, "imported_constants", None)
        if not imports:
            return False
        parts = [node.attr]
        value = node.value
        while isinstance(value, ast.Attribute) and len(parts) < 8:
            parts.append(value.attr)
            value = value.value
        if not isinstance(value, ast.Name):
            return False
        parts.append(value.id)
        if ".".join(reversed(parts)) not in imports or scope.lookup(value.id):
            return False
        inner: Optional[_Scope] = scope
        while inner is not None:
            if inner.kind == "function" and inner.node is not None and value.id in _parameters(inner.node, False)[1]:
                return False
            inner = inner.parent
        return True

    def _indirect_strings(self, node: ast.AST, scope: _Scope, depth: int) -> List[Tuple[ast.AST, str]]:
        """What a send reaches through a loop variable or a dict indexed with a run-time key.

        ``for q in (A, B)``, ``for q in QUERIES`` / ``QUERIES.values()`` / ``.items()`` (also in a
        comprehension), ``QUERIES[name]``: each element the loop or the key may pick is sent, so a
        shorthand ``{ ... }`` element is a document as it is when written at the send (red team 17,
        report 13, F11).  Only text opening like GraphQL is taken (``for term in TERMS:
        search(query=term)`` sends no document).  At most 16 elements each (loop_values), two levels.
        """
        if depth > 1:
            return []
        elements: List[ast.AST] = []
        if isinstance(node, ast.Name):
            elements = loop_values.taken(self, scope, node.id)
        elif isinstance(node, ast.Subscript) and not (isinstance(node.slice, ast.Constant) and isinstance(node.slice.value, str)):
            for held in self._resolve(node.value, scope)[:4]:
                if isinstance(held, ast.Dict) and not any(k is None for k in held.keys):
                    elements.extend(held.values[: loop_values.MAX_ELEMENTS])
        found: List[Tuple[ast.AST, str]] = []
        for element in elements:
            for literal, style in self._resolve_string(element, scope, depth + 1):
                if self._opens_like_graphql(literal, style):
                    found.append((literal, style))
        return found

    def _resolve_string(self, node: ast.AST, scope: _Scope, depth: int = 0) -> List[Tuple[ast.AST, str]]:
        """The string literals ``node`` stands for, through names and template calls, in source order.

        A stack of iterators, not recursion: ``DOC.replace(..)`` chained a thousand
        times is a thousand bases deep (red team 5, F16: it was a RecursionError).
        """
        start = self._resolve(node, scope) or self._parameter_default(node, scope)
        if not start or (len(start) == 1 and start[0] is node and isinstance(node, ast.Subscript)):
            # ``for q in QUERIES: send(q)``, ``send(QUERIES[name])``: the strings the loop or the run-time
            # key may pick (red team 17, report 13, F11).
            return self._indirect_strings(node, scope, depth)
        found = []
        stack: List[Tuple[object, Optional[set]]] = [(iter(start), None)]
        while stack:
            values, seen = stack[-1]
            value = next(values, None)
            if value is None:
                stack.pop()
                continue
            returned = self._returned_values(value)
            if returned is not None:  # houston(ws_query()): what the module's function returns (red team 13, F18)
                seen = seen if seen is not None else set()
                if id(value) not in seen:
                    seen.add(id(value))
                    stack.append((iter(returned), seen))
                continue
            # DOC.replace("$x", ...), Template(DOC).substitute(...): DOC is what is sent; and
            # textwrap.dedent(DOC), DOC.strip(): DOC re-spaced (red team 9, F14).
            base = placeholders.templated_base(value) or placeholders.text_kept(value)
            if base is not None:
                seen = seen if seen is not None else set()
                if id(base) not in seen:  # x = x.replace(...) refers to itself
                    seen.add(id(base))
                    stack.append((iter(self._resolve(base, scope)), seen))
                continue
            literal = templates.template_literal(value)
            named = _named_template(value) if literal is None else None
            if named is not None and not self._constant_fill(value, scope):
                # only a field list known here (LIST % FIELDS) is read: a fill with run-time values
                # (CREATE % {"label": label}, CREATE.format(label=label)) stays a fill the tool does
                # not read, and the document's edits are withdrawn (red team 10, F5; README)
                named = None
            if literal is not None:
                found.append((literal, "%" if isinstance(value, ast.BinOp) else "{}"))
                self._note_filler(literal, value)
            elif named is not None:
                # houston(LIST % FIELDS), houston(LIST_F.format(FIELDS)) with LIST a name bound to a literal:
                # the template is that literal, filled here, as when it is written at the send (red team 16,
                # report 12, F4: the send was not traced, the field list not checked)
                for bound in self._resolve(named, scope):
                    if templates.is_plain_literal(bound) and isinstance(bound.value, str):
                        found.append((bound, "%" if isinstance(value, ast.BinOp) else "{}"))
                        self._note_filler(bound, value)
            elif templates.is_string_expression(value) or self._composed(value):
                found.append((value, ""))
            elif isinstance(value, ast.Name):  # an imported constant (_imported_constant): sent as it is
                found.append((value, ""))
            elif isinstance(value, ast.Attribute) and self._imported_attribute(value, scope):  # queries.WS
                found.append((value, ""))
        return found

    def _imported_name(self, name: str) -> bool:
        """Is ``name`` bound at module level by an import (a constant of another module of the run)?"""
        imported = getattr(self, "_imported_names", None)
        if imported is None:
            imported = set()
            for statement in getattr(self.module, "body", ()):
                if isinstance(statement, ast.ImportFrom):
                    imported.update(alias.asname or alias.name for alias in statement.names)
            self._imported_names = imported
        return name in imported

    def _constant_fill(self, value: ast.AST, scope) -> bool:
        """Does ``value`` (``LIST % X``, ``LIST.format(...)``) fill its template only with string
        literals, or names bound only to them (a field list written in the module)?"""
        values = _fill_values(value)
        if not values:
            return False
        for filler in values:
            if isinstance(filler, ast.Constant) and isinstance(filler.value, str):
                continue
            if not isinstance(filler, ast.Name):
                return False
            if self._imported_name(filler.id):
                continue  # a constant of another module (from frags import DEP_FIELDS)
            bound = list(self._resolve(filler, scope))
            if not bound or not all(isinstance(b, ast.Constant) and isinstance(b.value, str) for b in bound):
                return False  # a parameter, a local computed at run time, a call's result
        return True

    def _note_filler(self, literal: ast.AST, filler: ast.AST) -> None:
        """``"{ deployments { %s } }" % FIELDS``: what fills the template, when only one thing does."""
        known = self._fillers.get(id(literal), filler)
        self._fillers[id(literal)] = filler if known is filler else None

    def _composed(self, value: ast.AST) -> bool:
        """A document composed at the send from module constants: ``GET + DEP``, ``"\\n".join([GET, DEP])``.

        At least one part must be a name bound to one string literal: the rest may be holes.
        """
        if templates.is_addition(value):
            parts = templates.addition_operands(value)
        else:
            parts = templates.join_parts(value) or []
        module_scope = self.collector.module_scope
        return any(templates.resolves_to_text(part, lambda name: self._resolve(name, module_scope)) for part in parts)

    def _resolve_dicts(self, node: ast.AST, scope: _Scope) -> List[ast.Dict]:
        return [v for v in self._resolve(node, scope) if isinstance(v, ast.Dict)]

    def _body_operations(self, node: ast.AST, scope: _Scope) -> List[ast.Dict]:
        """A request body's operation dicts: ``json={"query": Q}``, and each entry of a batched body
        ``json=[{"query": Q}, {"query": R}]`` (one request, several operations; red team 13, report 11,
        F14: only the dict form was followed, so a shorthand ``{ ... }`` document in a batch, which
        only its send makes a document, was not found)."""
        found: List[ast.Dict] = []
        for value in self._resolve(node, scope):
            if isinstance(value, ast.Dict):
                found.append(value)
            elif isinstance(value, (ast.List, ast.Tuple)):
                for entry in value.elts:
                    found.extend(self._resolve_dicts(entry, scope))
        return found


class _Unreadable(Exception):
    """Variables built in a way that cannot be read (the message names the part)."""


def _unreadable():
    raise _Unreadable("")


def _last_written(container: ast.AST) -> Dict[str, int]:
    """Key -> the position of its last literal entry (a ``dict(...)`` keyword: after every positional)."""
    if isinstance(container, ast.Dict):
        return {
            k.value: position for position, k in enumerate(container.keys)
            if isinstance(k, ast.Constant) and isinstance(k.value, str)
        }
    return {k.arg: 0 for k in container.keywords if k.arg is not None}


def _overridden(last_written: Dict[str, int], position: int, key: Optional[str], names: frozenset) -> bool:
    """Does an explicit entry for each of ``names`` win over the unread part at ``position``?

    ``{**base, "airflowVersion": v}`` and ``dict(row, airflowVersion=v)``: whatever ``base``
    or ``row`` holds, the later entry is what is sent (a positional of ``dict`` is at -1).
    A key written in pieces is read; it only must not be one of ``names`` (it could not be renamed).
    """
    if key is not None:
        return key not in names
    return bool(names) and all(last_written.get(name, -2) > position for name in names)


def _arguments(call: ast.Call) -> Tuple[List[ast.AST], Dict[str, ast.AST]]:
    positional = [a for a in call.args if not isinstance(a, ast.Starred)]
    keywords = {k.arg: k.value for k in call.keywords if k.arg is not None}
    return positional, keywords


def _callee_name(func: ast.AST) -> Optional[str]:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def _is_dict_call(node: ast.AST) -> bool:
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "dict"


def _dict_value(dictionary: ast.Dict, key: str) -> Optional[ast.AST]:
    for dict_key, value in zip(dictionary.keys, dictionary.values):
        if isinstance(dict_key, ast.Constant) and dict_key.value == key:
            return value
    return None


def _starts_like_graphql(head: str) -> bool:
    return _KEYWORD_START.match(head) is not None


def _header_ignores(text: str) -> bool:
    """The marker in the file's preamble: comments, blank lines and the module docstring (one rule for
    every kind, :mod:`codemods.ignore_header`; red team 15, report 13, F9)."""
    return file_ignored(text, "python")


