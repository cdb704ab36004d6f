"""Python reads of a response value that only work on an AC version (``"2.3.4-11"``).

Why this exists: once ``runtime_read_fields`` aliases ``airflowVersion:
runtimeAirflowVersion`` (and ``desiredAirflowVersion: desiredRuntimeVersion``),
the script still gets its key, but the value has no AC hotfix suffix any more
(``"2.3.4"``, or the Runtime version ``"5.5.0"``).  Evidence: shared/houston
houston-facts.md section 2 (``runtimeAirflowVersion`` is the Airflow version
inside the Runtime image; AC versions are ``<airflow>-<hotfix>``).  Code that
compares the value with an AC-format literal or looks for the suffix then
silently takes another branch, or raises (``v, hotfix = v.split("-")``).  This
module finds such reads so the rule can put a review on each (red team 6 F10,
red team 7 F8).

A *value read* of a response key is ``x["key"]`` or ``x.get("key"[, default])``,
also through ``.strip()``/``.lower()``/... , ``str(...)``, ``a or b``,
``a if c else b`` and ``(v := ...)``, or a name bound to one (``v =
d["airflowVersion"]``, ``v, i = d["airflowVersion"], d["id"]``, ``for v in
[d["airflowVersion"] for d in ...]`` or over a name bound to such a
comprehension; up to three names deep).  Names are resolved by scope, as Python does: the function,
lambda or class body binding them, then the enclosing functions (up to 32),
then the module.  What is reported:

* comparisons (``reason`` COMPARED): ``==``/``!=``/``<``/``in`` ... between a value
  read and an AC-format literal, a name bound once to one, or to a tuple, list,
  set, frozenset or dict holding one (``if v in OLD``); a ``match`` on the
  value with a ``case "2.3.4-11"``; a lookup in a dict keyed by AC versions
  (``TABLE[v]``, ``TABLE.get(v)``);
* suffix reads (``reason`` SUFFIX): ``split``/``rsplit``/``partition``/
  ``rpartition``/``endswith``/``startswith``/``find``/``rfind``/``index``/
  ``rindex``/``count``/``replace`` with a ``-`` in a literal argument
  (positional or keyword: ``split(sep="-")``), ``"-" in v``, and ``re``
  functions or a compiled pattern (``re.compile(...)``, or a name bound once to
  one) whose pattern holds ``-``.

Also (red team 9 F5): a value read by attribute (``SimpleNamespace(**d).airflowVersion``,
a pydantic model or dataclass built with ``Deployment(**d)``), through pandas' ``.str``
accessor (``df["airflowVersion"].str.split("-")``), by ``itemgetter("airflowVersion")``
(called, or mapped over the deployments), ``str.split(v, "-")`` called unbound, and a
slice from the end of the value (``v[-3:]``, ``v[:-3]``: where the suffix is).  A read
whose object is shown to come only from another root (``runtimeReleases``), a file
loader or ``parse_args()`` is not a Deployment's and is not reported.

Also (red team 10 F8/F9): ``.removesuffix``/``.removeprefix``; ``Version``/``parse`` imported under
another name (``from packaging.version import Version as V``); a mapping pattern ``case
{"airflowVersion": "2.3.4-11"}``; ``==`` with a dict literal holding an AC value; ``max``/``min``
over the values; ``for k, v in X.items()`` over a dict comprehension of reads; the pieces of
``a, b, rest = v.split(".")`` and ``v.split(".")[i]``.  A comprehension is its own scope (its loop
variable is not the function's name of the same spelling), and a module function's return values
are followed back when judging where a read comes from (``releases()`` returning
``houston(R)["runtimeReleases"]``).

Also (red team 12 F6/F7, red team 11 F3): the value written into an AC image reference (``reason``
IMAGE: ``f"quay.io/astronomer/ap-airflow:{d['airflowVersion']}-onbuild"``, ``"ap-airflow:" + v``,
``"...ap-airflow:{}".format(v)``, ``% v``: the tag then names no AC image, or one without the hotfix);
a collection of read values looked up with an AC literal (``{d["k"]: d for d in deps}.get("2.3.4-11")``
or ``[...]``, ``"2.3.4-11" in {d["k"] for d in deps}``, ``vs.count("2.3.4-11")`` on a list or ``map``
of reads); ``operator.eq``/``ne``/...; AC literals written ``f"2.3.4-{11}"`` or ``"2.3.4-11".strip()``,
an entry of a module dict constant (``PINS["etl"]``), ``in EOL.keys()``; a value kept on ``self`` in
one method and read in another of the same class; ``for k, v in d.items()`` where ``k`` is compared
with the key name.

Also (red team 14 report 13, F1/F5/F10/F2/F17): ``d.pop("k")``, ``d.setdefault("k", ...)`` and
``dict.get(d, "k")`` are reads; a member of a container of reads built by a comprehension taken back
by index or key (``vers[dep_id]``, ``sorted({...})[-1]``), an entry of rows of dict literals
(``for r in [{"ver": d["k"]} for d in deps]: r["ver"]``), a position of unpacked tuples (``for name,
v in rows``, ``name, v = pair(d)``); AC literals held in a constant imported from a module of the run
(``index(module, imported)``), an ``os.environ.get``/``os.getenv`` default, a class attribute, an
enum member's ``.value``, ``self.x`` set once from a literal or a parameter's literal default.

Also (red team 15 report 13, F1/F3/F5/F8/F10): a value passed through a builtin keeps its origin:
``max``/``min``/``next(iter(...))`` of a container of reads and ``Counter(vs).most_common(n)[i][0]``
are one of its values; ``enumerate``/``zip`` (each position its own iterable), ``sorted``/``reversed``/
``iter`` hand out its elements to a loop; ``.extend``/``.update``/``|=``/``+=`` fill a container in
bulk; tuples compared with ``==`` are compared piece by piece, and a tuple holding a read on the right
of ``in`` member by member.  A module dict constant of literal values that nothing stores into, read
with a key known only at run time (``EXPECTED[ENV]``, ``.get(ENV, default)``), is one of its values;
``.values()`` all of them (F5, and F6 on the write side through ``value_texts``).

Plain reads (printing the value, passing it on) are not reported.

Cost: the module is walked once with an explicit stack (no recursion limit),
recording each scope's bindings; a second loop over the same nodes judges each
comparison, call, subscript and ``match``.  An expression is unwrapped only by
its nearest judged parent, names are followed through a fixed number of rounds
and a name holds at most a few keys, so the whole is linear in the module.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from typing import Dict, List, Optional, Set, Tuple

from ..destination import gather_calls
from ..sources import cli_defaults
from . import pandas_reads

COMPARED = "compared"
SUFFIX = "suffix"
IMAGE = "image"  # the value written into an AC image reference (red team 12 F6): detail says how
CROSS = "cross"  # airflowVersion compared with desiredAirflowVersion (red team 9, F11): detail is the other key
# Red team 18 (report 13) F7: a read that fails on an empty value ("" or null): ``.split(...)``, ``Version(v)``,
# a slice.  On a platform serving AC and Runtime Deployments side by side (0.29 .. 1.0.0), a Deployment still
# on AC answers the Runtime fields empty, so the migrated key is empty there: detail says what the read does.
EMPTY = "empty"
# Red team 20 (report 11b) F10: an EMPTY read that tests the value's truth (``if d["airflowVersion"]``, ``not v``,
# ``v or "runtime"``, ``v == ""``, ``v is None``, ``bool(v)``, ``filter(None, vs)``, ``any(vs)``): it takes the
# other branch on an empty value.  Before the rewrite the key was empty on Runtime Deployments, after it on AC
# ones, so the test now selects the opposite Deployments: the detail of such a read.
TRUTH_TEST = "a truth test"
_TRUTH_CALLS = frozenset({"any", "all"})  # any(d["airflowVersion"] for d in deps): each member tested
# str methods whose result a script goes on to use as a version's pieces (None has none of them).
_SHAPE_METHODS = frozenset({"split", "rsplit", "partition", "rpartition", "startswith", "endswith", "replace",
                            "find", "index", "count", "removeprefix", "removesuffix"})
# Once migrated, these two hold different kinds of version (an Airflow one, a Runtime one): never equal.
_CROSS_KEYS = frozenset({"airflowVersion", "desiredAirflowVersion"})
# Red team 18 (report 13) F3: the variables a script sends the Deployment's version in.  Once
# migrated they all carry a Runtime version ("5.5.0"), so a read of ``airflowVersion`` compared for
# equality with the very name the module sends under one of them (``{"desiredAirflowVersion": version}``
# then ``while dep["airflowVersion"] != version``) never matches: a CROSS read against desiredAirflowVersion.
# Red team 18 (report 13) F4: DeploymentConfig's AC catalogue (AC versions, "2.3.4-11", by the schema).  A read
# tested for membership in it (``d["airflowVersion"] not in set(data["deploymentConfig"]["airflowVersions"])``)
# is never in it once migrated: a CROSS read whose detail is this key.
CATALOGUE = "airflowVersions"
_SENT_VERSION_KEYS = frozenset({"desiredAirflowVersion", "airflowVersion", "desiredRuntimeVersion", "runtimeVersion"})
# Any two keys compared for equality are CROSS reads too (their fields may be those two under aliases:
# ``ver: airflowVersion``, ``want: desiredAirflowVersion``); the rule keeps the pairs whose keys answer
# for the two fields in its document.
_EQUALITY = (ast.Eq, ast.NotEq, ast.Is, ast.IsNot)

# An AC version carries a hotfix suffix ("2.3.4-11"); Airflow and Runtime versions never do.
AC_FORMAT = re.compile(r"\d+\.\d+\.\d+-\d+")
# AC's image repository (quay.io/astronomer/ap-airflow, astronomerinc/ap-airflow): a version written
# into text holding it is an AC image tag (red team 12 F6).
AC_IMAGE = "ap-airflow"
# Functions of ``operator`` that compare their two arguments (red team 12 F7: operator.eq(v, "2.3.4-11")).
_OPERATOR_COMPARE = frozenset({"eq", "ne", "lt", "le", "gt", "ge"})
# Calls on a collection of read values that look a literal up in it (red team 12 F7, red team 11 F3).
_LOOKUP_METHODS = frozenset({"get", "count", "index", "pop", "setdefault"})
# Builtins that keep a collection's members: set([...]), sorted(map(...)).
_COLLECTION_CALLS = frozenset({"list", "set", "frozenset", "tuple", "sorted"})
# HTTP calls whose .json() is a response of the URL they are given (red team 13 F14).
_SENDS = frozenset({"get", "post", "put", "patch", "request"})
# Counting collections (collections.Counter(versions)["2.3.4-11"]): keyed by the members (red team 13 F7).
_COUNTERS = frozenset({"Counter", "OrderedDict", "defaultdict"})
# Methods that put a value into a collection: by.setdefault(d["k"], []), seen.add(v), vs.append(v).
_FILLERS = frozenset({"setdefault", "add", "append", "appendleft", "insert"})
# Set methods testing a collection against another (versions.intersection({"2.3.4-11"})).
_SET_TESTS = frozenset({"intersection", "difference", "symmetric_difference", "issuperset", "isdisjoint", "issubset"})
# semver's comparing functions and methods: semver.compare(v, "2.3.4-11"), Version.parse(v).match("<2.3.4-11").
_SEMVER_COMPARE = frozenset({"compare", "match"})
# str methods whose literal argument holding "-" can only be about the suffix of a version.
SUFFIX_METHODS = frozenset(
    {"split", "rsplit", "partition", "rpartition", "endswith", "startswith", "find", "rfind", "index", "rindex",
     "count", "replace", "removesuffix", "removeprefix"}
)
# fnmatch's matchers: a shell pattern holding "-" ("2.3.4-*") is about an AC version's hotfix suffix.
_FNMATCH = frozenset({"fnmatch", "fnmatchcase", "filter"})
RE_FUNCTIONS = frozenset({"match", "fullmatch", "search", "split", "findall", "finditer", "sub", "subn"})
_RE_MODULES = frozenset({"re", "regex"})
# Methods that hand back the same version text (only re-cased or trimmed).
_TRANSPARENT = frozenset({"strip", "lstrip", "rstrip", "lower", "upper", "casefold"})
_NAME_ROUNDS = 3  # v = d["k"]; w = v.strip(); x = w or "" : names followed this deep
_ENCLOSING = 32  # enclosing function scopes a name is looked up in before the module
_MAX_KEYS = 8  # a name said to hold more keys than this is not a response value we can follow
_COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.GeneratorExp)  # for v in [d["k"] for d in ...]
_TRUTH_NODES = (ast.If, ast.While, ast.IfExp, ast.Assert, ast.comprehension, ast.UnaryOp, ast.BoolOp, ast.Compare, ast.Call)
_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)
# A comprehension is its own scope (red team 10 F9): its loop variable is not the function's name of
# the same spelling; only its first iterable is evaluated in the enclosing scope.
_COMPREHENSION_SCOPES = (ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp)
_SPLITTERS = frozenset({"split", "rsplit", "partition", "rpartition"})  # a, b, rest = v.split(".")
_EXTREMES = frozenset({"max", "min"})  # max(d["k"] for d in deps): one of the values
_TAKE_ONE = frozenset({"max", "min", "next"})  # max(versions), next(iter(versions)): one of a container's values
_MEMBER_CALLS = frozenset({"list", "tuple", "sorted", "reversed", "set", "frozenset", "dict", "iter"})  # keep the members
# Red team 15 (report 13) F3: builtins handing back the elements of their first argument, one by one.
_PASS_THROUGH = frozenset({"sorted", "reversed", "list", "tuple", "set", "frozenset", "iter"})
# Red team 15 (report 13) F8: methods filling a collection with every element of their argument.
_BULK_FILLERS = frozenset({"extend", "update"})
# methods that change a container in place: a dict constant so changed is no longer its display's entries
_IN_PLACE = frozenset({"update", "setdefault", "__setitem__", "__ior__", "__delitem__", "pop", "popitem", "clear",
                       "append", "extend", "insert", "add", "remove", "discard"})
_MAX_FILL_DEPTH = 4  # containers filled from loops over containers filled so, followed this deep (F3)
# Red team 15 (report 13) F8: ``seen |= {...}``, ``versions += [...]``: the same bulk fill.
_BULK_OPS = (ast.BitOr, ast.Add)
# Modules whose Version / parse are version parsers when imported under another name (Version as V).
_VERSION_MODULES = frozenset({"packaging.version", "pkg_resources", "distutils.version", "looseversion"})
# match/case came with Python 3.10; on 3.9 there is none to read (isinstance(x, ()) is False).
_MATCH, _MATCH_VALUE, _MATCH_OR, _MATCH_AS = (getattr(ast, n, ()) for n in ("Match", "MatchValue", "MatchOr", "MatchAs"))


@dataclass(frozen=True)
class Read:
    """One read to review: the node to report at, why, and what it holds against the value."""

    node: ast.AST
    reason: str  # COMPARED or SUFFIX
    detail: str  # COMPARED: the AC literal; SUFFIX: the operation (".split()", "re.match()", ...)
    how: str = ""  # COMPARED: "" for a comparison, else how the literal is met (a case, a lookup)


# A constant's value: a string, a collection of strings, a dict's string keys or a compiled pattern.
@dataclass(frozen=True)
class _Constant:
    kind: str  # "str", "strings", "keys", "pattern"
    values: Tuple[str, ...]


def index(module: ast.Module, imported: Optional[dict] = None) -> Dict[str, List[Read]]:
    """Response key -> the reads of its value that depend on the AC format, in source order.

    ``imported``: the string constants this module takes from modules of the run (``{local name or
    dotted use: [text, definer, line]}``, ``cross_module.build``'s "imports"), so a comparison with
    ``PINNED_AC`` or ``settings.PINNED_AC`` pinned in a ``settings.py`` reads its text (red team 14
    report 13, F2)."""
    return _Index(module, imported).reads()


def imported_of(source_file) -> Optional[dict]:
    """The constants a module takes from modules of the run, as ``index`` reads them: the string
    constants (``cross_module``'s "imports") and, red team 18 (report 13) F11, the containers of AC
    versions (``SUPPORTED_AC = {...}``, ``LATEST = {"prod": "2.4.3-6"}``: "ac_containers").  One dict
    per file, built once."""
    strings = getattr(source_file, "imported_constants", None) or {}
    containers = getattr(source_file, "imported_containers", None)
    if not containers:
        return strings or None
    merged = getattr(source_file, "_ac_imported", None)
    if merged is None:
        merged = dict(strings)
        for local, entry in containers.items():
            merged[local] = _Container(entry[0], tuple(entry[1]), tuple(entry[2]))
        source_file._ac_imported = merged
    return merged


@dataclass(frozen=True)
class _Container:
    """An imported container of AC versions (``imported_containers``): "strings" or "dict"."""

    kind: str
    keys: Tuple[str, ...]
    values: Tuple[str, ...]


def value_keys(module: ast.Module, memo: dict, node: ast.AST, imported: Optional[dict] = None) -> Set[str]:
    """The response keys a value of ``module`` holds a read of (``dep["airflowVersion"]``, a name bound to
    one, ...), as the reviews above follow them; reads of another root or API's response are left out.

    Red team 13 F6: a value re-sent as a Runtime version argument.  The module is indexed once (kept in
    ``memo``, the module's memo), and each node's scope looked up in one table: a constant per value.
    """
    walked, scope = _walked(module, memo, node, imported)
    return walked.keys_of(node, scope) if scope is not None else set()


def _walked(module: ast.Module, memo: dict, node: ast.AST, imported: Optional[dict] = None):
    """The module's index (built once, kept in its memo) and the scope ``node`` is read in.
    ``imported``: ``imported_of(file)`` (every caller passes it: the first builds the index)."""
    entry = memo.get("ac_format_reads.value_keys")
    if entry is None:
        walked = _Index(module, imported)
        entry = memo["ac_format_reads.value_keys"] = (walked, {id(n): scope for n, scope in walked.nodes})
    walked, scopes = entry
    return walked, scopes.get(id(node))


def value_texts(module: ast.Module, memo: dict, node: ast.AST, imported: Optional[dict] = None) -> List[str]:
    """Red team 14 (report 13) F6: the string literals a value sent may be, as the reviews above read
    them: a literal, a name bound once to one, an entry ``VERSIONS["prod"]`` of a module dict constant,
    a class attribute, the branches of ``a if c else b`` (each, two levels deep at most).  A constant
    per value (the module indexed once).

    Red team 15 (report 13) F6: also each value of a module dict constant read with a run-time key
    (``TARGETS[ENV]``, ``TARGETS.get(ENV, "2.3.4-11")`` with its default), directly or through a name
    bound once to such a lookup (``target = TARGETS[ENV]``).  A name bound to anything else gives
    nothing here (its literal is the callers' own business)."""
    walked, scope = _walked(module, memo, node, imported)
    if scope is None:
        return []
    found: List[str] = []
    work = [(node, scope, 0)]
    while work:
        current, scope, depth = work.pop()
        if isinstance(current, ast.IfExp) and depth < 2:
            work.extend(((current.orelse, scope, depth + 1), (current.body, scope, depth + 1)))
            continue
        if isinstance(current, ast.Name):
            slot = walked.resolve(scope, current.id)
            values = walked.values.get(slot, []) if slot is not None else []
            if slot is not None and slot[0] == 0 and not values and current.id in walked.imported:
                constant = walked._imported(current.id)  # from settings import PROD_AC (RT18 13, F11)
                if constant is not None and constant.kind == "str":
                    found.append(constant.values[0])
                continue
            if len(values) == 1 and walked.binds.get(slot) == 1 and depth < 2:
                value_scope = walked.value_scope.get(id(values[0]), slot[0])
                if walked._looked_up(values[0], value_scope) is not None:
                    work.append((values[0], value_scope, depth + 1))
            continue
        constant = walked.constant(current, scope)
        if constant is not None and constant.kind in ("str", "choices"):
            found.extend(constant.values if constant.kind == "choices" else constant.values[:1])
    return found


def release_airflow_read(module: ast.Module, memo: dict, node: ast.AST, imported: Optional[dict] = None) -> Optional[str]:
    """Red team 14 (report 13) F8: the read (``rel["airflowVersion"]``) when ``node`` is, or is a name
    bound to, the ``airflowVersion`` of a ``runtimeReleases`` entry: the Airflow version inside that
    Runtime release, never a Runtime version.  At most ``_ORIGIN_SOURCES`` values of a name."""
    walked, scope = _walked(module, memo, node, imported)
    if scope is None:
        return None
    candidates = [(node, scope)]
    if isinstance(node, ast.Name):
        slot = walked.resolve(scope, node.id)
        values = walked.values.get(slot, []) if slot is not None else []
        if len(values) <= _ORIGIN_SOURCES:
            candidates = [(value, walked.value_scope.get(id(value), slot[0])) for value in values]
    for candidate, candidate_scope in candidates:
        if read_key(candidate) == "airflowVersion" and walked._foreign(candidate, candidate_scope) \
                and walked.roots_seen & _RELEASE_ROOTS:
            return ast.unparse(candidate)
    return None


class _Index:
    def __init__(self, module: ast.Module, imported: Optional[dict] = None) -> None:
        self.imported = imported or {}  # constants of other modules of the run (red team 14 report 13, F2)
        self.classes: Dict[Tuple[int, str], int] = {}  # a class bound by class -> its body's scope (F17)
        self.defaults: Dict[Tuple[int, str], ast.AST] = {}  # a parameter -> its default value (F17)
        self.option_defaults: Dict[str, List[ast.AST]] = {}  # argparse dest -> the defaults declared for it
        # Scope 0 is the module; parent[i] is the enclosing scope, is_class[i] a class body.
        self.parent: List[Optional[int]] = [None]
        self.is_class: List[bool] = [False]
        self.is_comprehension: List[bool] = [False]
        self.defs: Dict[Tuple[int, str], int] = {}  # a function bound by def -> its own scope
        self.returns: Dict[int, List[ast.AST]] = {}  # a function's scope -> the values it returns
        self.yields: Dict[int, List[ast.AST]] = {}  # a generator's scope -> the values it yields (RT18 13, F10)
        self.comprehension_scope: Dict[int, int] = {}  # id(comprehension node) -> its scope
        self.lambda_scope: Dict[int, int] = {}  # id(lambda node) -> its scope (map(lambda d: d[k], deps))
        self.dict_entries: Dict[Tuple[int, str], Dict[str, ast.AST]] = {}  # PINS["etl"]: built once per dict
        self.value_scope: Dict[int, int] = {}  # id(value kept on self) -> the method it is computed in
        self.collections: Dict[Tuple[int, str], Set[str]] = {}  # a name's collection_keys, once per name
        self.item_pairs: Dict[Tuple[int, str], Tuple[int, str]] = {}  # for k, v in d.items(): v's slot -> k's
        self.name_literals: List[Tuple[int, str, str]] = []  # (scope, name, literal) of each name == "literal"
        self.version_names: Set[str] = set()  # local names of imported version parsers (V, vparse)
        self.returned_keys: Dict[int, Set[str]] = {}  # a function's scope -> keys its returns read
        self.in_returned = False
        self.semver_names: Set[str] = {"semver"}  # semver and the names imported from it (VersionInfo)
        # Red team 13 F7: what fills a collection by a method or a keyed store (by.setdefault(d["k"], []),
        # seen.add(v), by[d["k"]] = d): (scope, name, value) as written, grouped by the name's slot after the walk.
        self.fills: List[Tuple[int, str, ast.AST]] = []
        self.changes: List[Tuple[int, str]] = []  # TARGETS.update(prod=...), .setdefault(...): changed in place
        self.attribute_stores: List[Tuple[int, str, str]] = []  # Cfg.PIN = "2.4.3-6" outside the class body
        # Red team 15 (report 13) F8: bulk fills (vs.extend(gen), seen.update(gen), seen |= {...}):
        # (scope, name, collection, augmented), grouped by slot after the walk.
        self.bulk_fills: List[Tuple[int, str, ast.AST, bool]] = []
        self.dict_texts: Dict[Tuple[int, str], Optional[Tuple[str, ...]]] = {}  # TARGETS[ENV]: once per dict
        # Red team 13 F7: a lambda's parameter bound to the elements of what it is mapped or filtered over
        # (filter(lambda v: ..., versions)), and groupby's key bound to its key function's value:
        # (lambda node, parameter, iterable, scope of the call) / (lambda node, (scope, name)), after the walk.
        self.lambda_elements: List[Tuple[ast.Lambda, str, ast.AST, int]] = []
        self.group_keys: List[Tuple[ast.Lambda, Tuple[int, str]]] = []
        # Red team 13 F1: show(**d) into def show(airflowVersion, **_): (caller scope, function name, d).
        self.spreads: List[Tuple[int, str, ast.AST]] = []
        self.def_params: Dict[int, List[str]] = {}  # a function's scope -> its parameters' names
        # Red team 14 (report 13) F1/F5: a name given one position of what is unpacked into a tuple of names:
        # ``for name, v in rows`` (rows' elements), ``name, v = pair(d)`` (pair's returned tuples):
        # (scope, name, position, iterable or call, is_call), placed after the walk.
        self.positions: List[Tuple[int, str, int, ast.AST, bool]] = []
        # Red team 18 (report 13) F3: (scope, name, variable) of each name sent as a version variable
        # (``{"desiredAirflowVersion": version}``, ``desiredAirflowVersion=version``), by slot after the walk.
        self.sent_names: List[Tuple[int, str, str]] = []
        # Red team 28, report 13, f12: ``self.target`` sent as the version in one method and compared with the
        # response's airflowVersion in another (an object's own state): (scope, the attribute, the key)
        self.sent_attributes: List[Tuple[int, ast.Attribute, str]] = []
        # Red team 20 (report 13) F11: a function's scope -> the names its sends post to (requests.post(url, ...)).
        self.url_parameters: Dict[int, Set[str]] = {}
        first_iterables: Dict[int, int] = {}  # id(first iterable of a comprehension) -> the scope it is read in
        self.nodes: List[Tuple[ast.AST, int]] = []
        self.binds: Dict[Tuple[int, str], int] = {}  # every binding site of a name, counted
        self.values: Dict[Tuple[int, str], List[ast.AST]] = {}  # values assigned to it (= and :=)
        self.elements: Dict[Tuple[int, str], List[ast.AST]] = {}  # what it iterates over (for v in ...)
        stack: List[Tuple[ast.AST, int]] = [(module, 0)]
        while stack:
            node, scope = stack.pop()
            self.nodes.append((node, scope))
            inner = scope
            if isinstance(node, _SCOPES) or isinstance(node, _COMPREHENSION_SCOPES):
                if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                    self._bind(scope, node.name)
                self.parent.append(scope)
                self.is_class.append(isinstance(node, ast.ClassDef))
                self.is_comprehension.append(isinstance(node, _COMPREHENSION_SCOPES))
                inner = len(self.parent) - 1
                if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    self.defs[(scope, node.name)] = inner
                    self.def_params[inner] = [a.arg for a in (*node.args.args, *node.args.kwonlyargs)][:_MAX_PARAMS]
                    positional = [*node.args.posonlyargs, *node.args.args]
                    for parameter, default in (
                        *zip(positional[len(positional) - len(node.args.defaults):], node.args.defaults),
                        *zip(node.args.kwonlyargs, node.args.kw_defaults),
                    ):  # def __init__(self, pin="2.3.4-11") (red team 14 report 13, F17)
                        if default is not None:
                            self.defaults[(inner, parameter.arg)] = default
                    parameters = {a.arg for a in (*positional, *node.args.kwonlyargs)}
                    for decorator in node.decorator_list:  # @click.option("--expected", default=...) (RT17 13 F2)
                        option = cli_defaults.click_option(decorator)
                        if option is not None and option[0] in parameters:
                            self.defaults.setdefault((inner, option[0]), option[1])
                elif isinstance(node, ast.ClassDef):
                    self.classes[(scope, node.name)] = inner
                if isinstance(node, _COMPREHENSION_SCOPES):
                    self.comprehension_scope[id(node)] = inner
                    first_iterables[id(node.generators[0].iter)] = scope
                elif isinstance(node, ast.Lambda):
                    self.lambda_scope[id(node)] = inner
            elif isinstance(node, ast.NamedExpr):
                outer = scope
                while self.is_comprehension[outer]:  # (v := ...) in a comprehension binds outside it
                    outer = self.parent[outer]
                first_iterables[id(node.target)] = outer
            elif isinstance(node, ast.Return) and node.value is not None:
                self.returns.setdefault(scope, []).append(node.value)
            elif isinstance(node, ast.Yield) and node.value is not None and not self.is_comprehension[scope]:
                self.yields.setdefault(scope, []).append(node.value)
            elif isinstance(node, ast.Call):
                option = cli_defaults.argparse_option(node)  # p.add_argument("--expected", default=...) (RT17 13 F2)
                if option is not None:
                    self.option_defaults.setdefault(option[0], []).append(option[1])
                url = _send_url(node)  # requests.post(url, ...) in def gql(url, q): url's parameter (RT20 13, F11)
                if isinstance(url, ast.Name):
                    self.url_parameters.setdefault(scope, set()).add(url.id)
            self._note(node, scope)
            for child in ast.iter_child_nodes(node):
                stack.append((child, first_iterables.get(id(child), inner)))
        self._after_walk()
        self.constants = self._constants()
        self.item_keys = self._item_keys()
        self.name_keys = self._name_keys()

    # -- bindings ----------------------------------------------------------------------------------
    def _bind(self, scope: int, name: str, value: Optional[ast.AST] = None) -> None:
        self.binds[(scope, name)] = self.binds.get((scope, name), 0) + 1
        if value is not None:
            self.values.setdefault((scope, name), []).append(value)

    def _note(self, node: ast.AST, scope: int) -> None:
        if isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
            self._bind(scope, node.id)  # the value, if any, is recorded by its assignment below
        elif isinstance(node, ast.arg):
            self._bind(scope, node.arg)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                self._bind(scope, (alias.asname or alias.name).split(".")[0])
                if (
                    isinstance(node, ast.ImportFrom) and node.module in _VERSION_MODULES and alias.asname
                    and (alias.name in _VERSION_PARSERS or alias.name == "parse")
                ):  # from packaging.version import Version as V, parse as vparse (red team 10 F8)
                    self.version_names.add(alias.asname)
                if isinstance(node, ast.ImportFrom) and node.module == "packaging" and alias.name == "version":
                    self.version_names.add(alias.asname or alias.name)  # from packaging import version as pv
                elif isinstance(node, ast.Import) and alias.name == "packaging.version" and alias.asname:
                    self.version_names.add(alias.asname)  # import packaging.version as pv
                elif isinstance(node, ast.ImportFrom) and node.module == "semver":
                    self.semver_names.add(alias.asname or alias.name)  # from semver import VersionInfo
        elif isinstance(node, (ast.Global, ast.Nonlocal)):
            for name in node.names:  # bound elsewhere: never a constant of this scope
                self._bind(scope, name)
                self._bind(scope, name)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            self._bind(scope, node.name)
        elif isinstance(node, (_MATCH_AS, _MATCH_STAR)) and node.name:  # case {"airflowVersion": v}: v is bound
            self._bind(scope, node.name)
        elif isinstance(node, _MATCH_MAPPING) and node.rest:
            self._bind(scope, node.rest)
        elif isinstance(node, _MATCH):
            self._captures(node, scope)
        elif isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Store) and isinstance(node.value, ast.Name):
            self.fills.append((scope, node.value.id, node.slice))  # by[d["airflowVersion"]] = d (red team 13 F7)
        elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store) and isinstance(node.value, ast.Name):
            self.attribute_stores.append((scope, node.value.id, node.attr))
        elif isinstance(node, ast.Call):
            self._note_call(node, scope)
        elif (
            isinstance(node, ast.AugAssign) and isinstance(node.target, ast.Name) and isinstance(node.op, _BULK_OPS)
        ):  # seen |= {d["airflowVersion"] for d in deps} (red team 15 report 13, F8)
            self.bulk_fills.append((scope, node.target.id, node.value, True))
        elif isinstance(node, ast.withitem) and isinstance(node.optional_vars, ast.Name):
            self.values.setdefault((scope, node.optional_vars.id), []).append(node.context_expr)  # with open(p) as f
        if isinstance(node, ast.Assign):
            for target in node.targets:
                self._assigned(scope, target, node.value)
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            self._assigned(scope, node.target, node.value)
        elif isinstance(node, ast.NamedExpr):
            while self.is_comprehension[scope]:  # (v := ...) in a comprehension binds in the enclosing scope
                scope = self.parent[scope]
            self.values.setdefault((scope, node.target.id), []).append(node.value)
        elif isinstance(node, (ast.For, ast.AsyncFor, ast.comprehension)) and isinstance(node.target, ast.Name):
            self.elements.setdefault((scope, node.target.id), []).append(node.iter)
        elif (
            isinstance(node, (ast.For, ast.AsyncFor, ast.comprehension)) and isinstance(node.target, (ast.Tuple, ast.List))
            and not (isinstance(node.iter, ast.Call) and isinstance(node.iter.func, ast.Attribute)
                     and node.iter.func.attr == "items")
        ):  # for name, v in rows: v is the second piece of each of rows' elements (red team 14 report 13, F1)
            for position, sub_target in enumerate(node.target.elts[:_MAX_PARAMS]):
                if isinstance(sub_target, ast.Name):
                    self.positions.append((scope, sub_target.id, position, node.iter, False))
        elif (
            isinstance(node, (ast.For, ast.AsyncFor, ast.comprehension)) and isinstance(node.target, ast.Tuple)
            and len(node.target.elts) == 2 and isinstance(node.target.elts[1], ast.Name)
            and isinstance(node.iter, ast.Call) and isinstance(node.iter.func, ast.Attribute)
            and node.iter.func.attr == "items" and not node.iter.args
        ):  # for k, v in ver.items(): v is an element of ver.values() (red team 9 t2/r7)
            values = ast.Call(func=ast.Attribute(value=node.iter.func.value, attr="values", ctx=ast.Load()),
                              args=[], keywords=[])
            self.elements.setdefault((scope, node.target.elts[1].id), []).append(ast.copy_location(values, node.iter))
            if isinstance(node.target.elts[0], ast.Name):  # k == "airflowVersion" and v == "2.3.4-11" (red team 11 F3)
                self.item_pairs[(scope, node.target.elts[1].id)] = (scope, node.target.elts[0].id)
        if (
            isinstance(node, (ast.For, ast.AsyncFor, ast.comprehension)) and isinstance(node.target, ast.Tuple)
            and len(node.target.elts) == 2 and isinstance(node.target.elts[0], ast.Name)
            and isinstance(node.iter, ast.Call)
        ):  # for k, g in groupby(deps, key=lambda d: d["airflowVersion"]): k is the key's value (red team 13 F7)
            func = node.iter.func
            if (func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None) == "groupby":
                key = _keyword(node.iter, "key") or (node.iter.args[1] if len(node.iter.args) == 2 else None)
                if isinstance(key, ast.Lambda):
                    self.group_keys.append((key, (scope, node.target.elts[0].id)))
        if isinstance(node, ast.Dict):  # {"desiredAirflowVersion": version}: the name sent as the version (F3)
            for key_node, value in zip(node.keys[:_MAX_PARAMS], node.values[:_MAX_PARAMS]):
                key = _string(key_node) if key_node is not None else None
                if key in _SENT_VERSION_KEYS and isinstance(value, ast.Name):
                    self.sent_names.append((scope, value.id, key))
                elif key in _SENT_VERSION_KEYS and isinstance(value, ast.Attribute):  # self.target (RT28 13 f12)
                    self.sent_attributes.append((scope, value, key))
        elif isinstance(node, ast.Call):  # houston(UP, desiredAirflowVersion=version)
            for keyword in node.keywords[:_MAX_PARAMS]:
                if keyword.arg in _SENT_VERSION_KEYS and isinstance(keyword.value, ast.Name):
                    self.sent_names.append((scope, keyword.value.id, keyword.arg))
                elif keyword.arg in _SENT_VERSION_KEYS and isinstance(keyword.value, ast.Attribute):
                    self.sent_attributes.append((scope, keyword.value, keyword.arg))
        elif isinstance(node, ast.Assign) and isinstance(node.value, ast.Name):  # variables["desiredAirflowVersion"] = v
            for target in node.targets[:_MAX_PARAMS]:
                key = _string(target.slice) if isinstance(target, ast.Subscript) else None
                if key in _SENT_VERSION_KEYS:
                    self.sent_names.append((scope, node.value.id, key))
        if (
            isinstance(node, ast.Compare) and len(node.ops) == 1 and isinstance(node.ops[0], ast.Eq)
            and isinstance(node.left, ast.Name) and _string(node.comparators[0]) is not None
        ):
            self.name_literals.append((scope, node.left.id, node.comparators[0].value))

    def _captures(self, node: ast.AST, scope: int) -> None:
        """Red team 13 F5: a name a case pattern captures holds the part of the subject it matched
        (``case {"airflowVersion": v}``: ``subject["airflowVersion"]``; ``str(v)`` the same value;
        ``Deployment(airflowVersion=v)`` its attribute).  The value is a node made here, placed at the
        pattern, followed like any read (``_foreign`` judges the subject).  Each pattern node once."""
        for case in node.cases:
            work: List[Tuple[ast.AST, ast.AST]] = [(case.pattern, node.subject)]
            while work:
                pattern, value = work.pop()
                if isinstance(pattern, _MATCH_MAPPING):
                    for key_node, sub in zip(pattern.keys, pattern.patterns):
                        key = _string(key_node)
                        if key is not None:
                            part = ast.Subscript(value=value, slice=ast.Constant(key), ctx=ast.Load())
                            work.append((sub, ast.copy_location(part, sub)))
                elif isinstance(pattern, _MATCH_AS):
                    if pattern.name:
                        self.values.setdefault((scope, pattern.name), []).append(value)
                    if pattern.pattern is not None:
                        work.append((pattern.pattern, value))
                elif isinstance(pattern, _MATCH_OR):
                    work.extend((sub, value) for sub in pattern.patterns)
                elif isinstance(pattern, _MATCH_CLASS):
                    if isinstance(pattern.cls, ast.Name) and pattern.cls.id == "str" and len(pattern.patterns) == 1:
                        work.append((pattern.patterns[0], value))  # case {"k": str(v)}: the text itself
                    for attr, sub in zip(pattern.kwd_attrs, pattern.kwd_patterns):
                        part = ast.Attribute(value=value, attr=attr, ctx=ast.Load())
                        work.append((sub, ast.copy_location(part, sub)))

    def _note_call(self, node: ast.Call, scope: int) -> None:
        """Red team 13 F7: the calls that fill a collection, map a lambda over one or group by a key."""
        func = node.func
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.attr in _IN_PLACE:
            # TARGETS.update(prod="2.4.3-6") (keywords: no bulk fill below) is a store into it too (red team 27,
            # report 13, f2): its entries are no longer only the display's
            self.changes.append((scope, func.value.id))
        if isinstance(func, ast.Name):  # show(**d): each parameter of show gets d["<its name>"]
            spread = [k.value for k in node.keywords if k.arg is None]
            if len(spread) == 1:
                self.spreads.append((scope, func.id, spread[0]))
        if (
            isinstance(func, ast.Attribute) and func.attr in _BULK_FILLERS and len(node.args) == 1
            and isinstance(func.value, ast.Name) and not node.keywords
        ):  # versions.extend(d["airflowVersion"] for d in deps), seen.update(...) (red team 15 report 13, F8)
            self.bulk_fills.append((scope, func.value.id, node.args[0], False))
            return
        if isinstance(func, ast.Attribute) and func.attr in _FILLERS and node.args:
            owner = func.value
            if isinstance(owner, ast.Name):  # by.setdefault(d["k"], []), seen.add(v), vs.append(v)
                value = node.args[-1] if func.attr == "insert" else node.args[0]
                self.fills.append((scope, owner.id, value))
            elif isinstance(owner, ast.Subscript) and isinstance(owner.value, ast.Name) and func.attr != "setdefault":
                self.fills.append((scope, owner.value.id, owner.slice))  # by[d["k"]].append(d): a defaultdict
            return
        name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None
        key = _keyword(node, "key")
        if name in ("map", "filter") and len(node.args) >= 2 and isinstance(node.args[0], ast.Lambda):
            lam, iterable = node.args[0], node.args[1]
        elif name in ("sorted", "max", "min", "groupby") and node.args and isinstance(key, ast.Lambda):
            lam, iterable = key, node.args[0]
        elif name == "groupby" and len(node.args) == 2 and isinstance(node.args[1], ast.Lambda):
            lam, iterable = node.args[1], node.args[0]
        else:
            return
        if lam.args.args:
            self.lambda_elements.append((lam, lam.args.args[0].arg, iterable, scope))

    def _after_walk(self) -> None:
        """Bind what the walk could only place once every scope existed: collection fills by slot,
        a lambda's parameter to the elements it is given, groupby's key name to its key function."""
        self.filled: Dict[Tuple[int, str], List[Tuple[ast.AST, int]]] = {}
        for scope, name, value in self.fills:
            slot = self.resolve(scope, name)
            if slot is not None:
                self.filled.setdefault(slot, []).append((value, scope))
        self.bulk_filled: Dict[Tuple[int, str], List[Tuple[ast.AST, int]]] = {}
        self.augmented: Dict[Tuple[int, str], int] = {}  # seen |= ...: binds the name again, but only fills it
        self.changed: Set[Tuple[int, str]] = set()
        self.attributes_stored: Set[Tuple[Tuple[int, str], str]] = set()
        for scope, name, attribute in self.attribute_stores:
            slot = self.resolve(scope, name)
            if slot is not None:
                self.attributes_stored.add((slot, attribute))
        for scope, name in self.changes:
            slot = self.resolve(scope, name)
            if slot is not None:
                self.changed.add(slot)
        for scope, name, value, augmented in self.bulk_fills:
            slot = self.resolve(scope, name)
            if slot is not None:
                self.bulk_filled.setdefault(slot, []).append((value, scope))
                if augmented:
                    self.augmented[slot] = self.augmented.get(slot, 0) + 1
        for lam, parameter, iterable, scope in self.lambda_elements:
            inner = self.lambda_scope.get(id(lam))
            if inner is not None:
                self.elements.setdefault((inner, parameter), []).append(iterable)
        for lam, slot in self.group_keys:
            inner = self.lambda_scope.get(id(lam))
            if inner is not None:
                self.values.setdefault(slot, []).append(lam.body)
                self.value_scope[id(lam.body)] = inner
        for scope, name, spread in self.spreads:  # def show(airflowVersion, **_) called show(**d)
            function = self._defined(scope, name)
            for parameter in self.def_params.get(function, ()) if function is not None else ():
                part = ast.copy_location(ast.Subscript(value=spread, slice=ast.Constant(parameter), ctx=ast.Load()), spread)
                self.values.setdefault((function, parameter), []).append(part)
                self.value_scope[id(part)] = scope  # d is the caller's name
        # for k in d: if k == "airflowVersion": d[k] ... (red team 13 F1): the literals each name is compared with
        self.compared: Dict[Tuple[int, str], Set[str]] = {}
        for scope, name, literal in self.name_literals:
            slot = self.resolve(scope, name)
            if slot is not None:
                self.compared.setdefault(slot, set()).add(literal)
        self.held: Dict[Tuple[int, str], Set[str]] = {}
        self.sent: Dict[Tuple[int, str], str] = {}  # a name's slot -> the version variable it is sent as (F3)
        for scope, name, variable in self.sent_names:
            slot = self.resolve(scope, name)
            if slot is not None:
                self.sent.setdefault(slot, variable)
        for scope, attribute, variable in self.sent_attributes:
            slot = self._self_slot(attribute, scope)
            if slot is not None:
                self.sent.setdefault(slot, variable)

    def _held_keys(self, name: ast.Name, scope: int) -> Set[str]:
        """Red team 13 F1: the response keys a name used as a key holds: a name bound once to a string
        (``KEY = "airflowVersion"``), a loop variable over literal strings (``for key in ("airflowVersion",
        "id")``), or a loop variable compared with key names (``for k in d: if k == "airflowVersion"``).
        Once per name."""
        slot = self.resolve(scope, name.id)
        if slot is None:
            return set()
        if slot not in self.held:
            found: Set[str] = set()
            constant = self.constants.get(slot) if hasattr(self, "constants") else None
            if constant is not None and constant.kind == "str":
                found = set(constant.values)
            elif slot not in self.values and slot in self.elements:
                self.held[slot] = set()  # in progress: a loop of names filling each other reads as nothing
                for iterable in self.elements[slot][:_MAX_KEYS]:
                    literal = self.constant(iterable, slot[0]) if hasattr(self, "constants") else None
                    if literal is not None and literal.kind in ("strings", "keys"):
                        found.update(literal.values)
                    else:
                        found.update(self.compared.get(slot, ()))
                        found.update(self._filled_keys(iterable, slot[0]))
            self.held[slot] = found if len(found) <= _MAX_KEYS else set()
        return self.held[slot]

    def _filled_keys(self, iterable: ast.AST, scope: int) -> Set[str]:
        """Red team 19 (report 19), F3: the key names a container of reads is filled with after it is bound
        (``fields = []`` then ``for f in ("airflowVersion", ...): fields.append(f)``, ``.extend([...])``,
        ``+= [...]``), read when a loop walks it (``for f in fields: d[f]``): each item a string literal or a
        name holding key names itself (:meth:`_held_keys`).  Bounded by ``_MAX_KEYS`` items per container."""
        depth = getattr(self, "_fill_depth", 0)
        if not isinstance(iterable, ast.Name) or not hasattr(self, "filled") or depth >= _MAX_FILL_DEPTH:
            return set()
        slot = self.resolve(scope, iterable.id)
        if slot is None:
            return set()
        self._fill_depth = depth + 1
        try:
            return self._filled_items(slot)
        finally:
            self._fill_depth = depth

    def _filled_items(self, slot) -> Set[str]:
        found: Set[str] = set()
        for value, value_scope in self.filled.get(slot, [])[:_MAX_KEYS]:
            text = _string(value)
            if text is not None:
                found.add(text)
            elif isinstance(value, ast.Name):
                found.update(self._held_keys(value, value_scope))
        for value, value_scope in self.bulk_filled.get(slot, [])[:_MAX_KEYS]:
            literal = self.constant(value, value_scope) if hasattr(self, "constants") else None
            if literal is not None and literal.kind in ("strings", "keys"):
                found.update(literal.values)
            elif isinstance(value, (ast.List, ast.Tuple, ast.Set)):  # fields += [f] in a loop
                for element in value.elts[:_MAX_KEYS]:
                    text = _string(element)
                    if text is not None:
                        found.add(text)
                    elif isinstance(element, ast.Name):
                        found.update(self._held_keys(element, value_scope))
        return found

    def _read_keys(self, node: ast.AST, scope: int) -> Set[str]:
        """The keys ``node`` reads: ``read_key``'s, or a key held in a name (``d[KEY]``, ``d.get(key)``)."""
        key = read_key(node)
        if key is not None:
            return {key}
        if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Name):
            return self._held_keys(node.slice, scope)
        if (
            isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "get"
            and 1 <= len(node.args) <= 2 and isinstance(node.args[0], ast.Name) and not node.keywords
        ):
            return self._held_keys(node.args[0], scope)
        return set()

    def _assigned(self, scope: int, target: ast.AST, value: ast.AST) -> None:
        if isinstance(target, ast.Name):
            self.values.setdefault((scope, target.id), []).append(value)
        elif self._self_slot(target, scope) is not None:  # self.version = d["airflowVersion"] (red team 11 F3)
            slot = self._self_slot(target, scope)
            self._bind(*slot)
            self.values.setdefault(slot, []).append(value)
            self.value_scope[id(value)] = scope  # read in the method's scope, not the class body's
        elif (
            isinstance(target, (ast.Tuple, ast.List))
            and isinstance(value, (ast.Tuple, ast.List))
            and len(target.elts) == len(value.elts)
        ):
            for sub_target, sub_value in zip(target.elts, value.elts):  # v, i = d["k"], d["id"]
                if isinstance(sub_target, ast.Name):
                    self.values.setdefault((scope, sub_target.id), []).append(sub_value)
        elif (
            isinstance(target, (ast.Tuple, ast.List)) and isinstance(value, ast.Call)
            and isinstance(value.func, ast.Attribute) and value.func.attr in _SPLITTERS
        ):  # major, minor, rest = d["airflowVersion"].split("."): each piece is part of the value (t2/r10)
            for sub_target in target.elts:
                if isinstance(sub_target, ast.Name):
                    self.values.setdefault((scope, sub_target.id), []).append(value.func.value)
        elif isinstance(target, (ast.Tuple, ast.List)) and isinstance(value, ast.Call) and isinstance(value.func, ast.Name):
            # name, v = pair(d) with def pair(d): return d["releaseName"], d["airflowVersion"] (red team 14 report 13, F5)
            for position, sub_target in enumerate(target.elts[:_MAX_PARAMS]):
                if isinstance(sub_target, ast.Name):
                    self.positions.append((scope, sub_target.id, position, value, True))

    def _self_slot(self, node: ast.AST, scope: int) -> Optional[Tuple[int, str]]:
        """``self.x`` in a method (a function directly in a class body) -> the class's slot for it,
        so a value kept on ``self`` in one method is followed where another method reads it."""
        if not (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "self"):
            return None
        # a comprehension in the method (any(d["airflowVersion"] == self.target for d in deps)) sees the
        # method's self: its scopes are climbed, at most _ENCLOSING (red team 28, report 13, f12)
        for _ in range(_ENCLOSING):
            if not (0 < scope < len(self.is_comprehension) and self.is_comprehension[scope]):
                break
            scope = self.parent[scope]
        owner = self.parent[scope] if 0 < scope < len(self.parent) else None
        if owner is None or not self.is_class[owner] or self.is_class[scope]:
            return None
        return owner, "self." + node.attr

    def resolve(self, scope: int, name: str) -> Optional[Tuple[int, str]]:
        """The scope binding ``name`` as seen from ``scope`` (class bodies only see their own names).

        At most _ENCLOSING enclosing scopes are looked at before the module: a name
        used inside ``lambda: lambda: ...`` nested thousands deep costs a constant.
        """
        current: Optional[int] = scope
        for depth in range(_ENCLOSING + 1):
            if current is None or current == 0:
                break
            if (depth == 0 or not self.is_class[current]) and (current, name) in self.binds:
                return current, name
            current = self.parent[current]
        return (0, name) if (0, name) in self.binds else None

    def _constants(self) -> Dict[Tuple[int, str], _Constant]:
        """Names bound exactly once, by an assignment, to a literal this module can read."""
        found: Dict[Tuple[int, str], _Constant] = {}
        for slot, values in self.values.items():
            if self.binds.get(slot) == 1 and len(values) == 1:
                constant = _literal(values[0], self.version_names, self.semver_names)
                if constant is not None:
                    found[slot] = constant
        return found

    def _item_keys(self) -> Dict[Tuple[int, str], Set[str]]:
        """``for k, v in d.items()``: the key names ``k`` is compared with (``k == "airflowVersion"``),
        so ``v`` holds the value of those keys.  One pass over the recorded comparisons."""
        keys_of_key: Dict[Tuple[int, str], Set[str]] = {}
        wanted = set(self.item_pairs.values())
        for scope, name, literal in self.name_literals:
            slot = self.resolve(scope, name)
            if slot in wanted:
                keys_of_key.setdefault(slot, set()).add(literal)
        return {
            value: keys_of_key[key] for value, key in self.item_pairs.items()
            if key in keys_of_key and len(keys_of_key[key]) <= _MAX_KEYS
        }

    def _name_keys(self) -> Dict[Tuple[int, str], Set[str]]:
        """Name -> response keys it may hold, followed through names a fixed number of rounds."""
        direct: Dict[Tuple[int, str], Set[str]] = {key: set(keys) for key, keys in self.item_keys.items()}
        through: Dict[Tuple[int, str], Set[Tuple[int, str]]] = {}
        for slot, values in self.values.items():
            for value in values:
                keys, names = self._unwrap(value, self.value_scope.get(id(value), slot[0]))
                if keys:
                    direct.setdefault(slot, set()).update(keys)
                if names:
                    through.setdefault(slot, set()).update(names)
        for slot, iterables in self.elements.items():  # for v in [d["k"] for d in ...] (or a name bound to one)
            for iterable in iterables:
                for element, element_scope in self._elements_of(iterable, slot[0]):
                    keys, names = self._unwrap(element, element_scope)
                    if keys:
                        direct.setdefault(slot, set()).update(keys)
                    if names:
                        through.setdefault(slot, set()).update(names)
        for scope, name, position, source, is_call in self.positions:  # for name, v in rows; name, v = pair(d)
            slot = self.resolve(scope, name)
            if slot is None:
                continue
            for piece, piece_scope in self._pieces(source, scope, position, is_call):
                keys, names = self._unwrap(piece, piece_scope)
                if keys:
                    direct.setdefault(slot, set()).update(keys)
                if names:
                    through.setdefault(slot, set()).update(names)
        known = {slot: keys for slot, keys in direct.items() if len(keys) <= _MAX_KEYS}
        for _round in range(_NAME_ROUNDS - 1):
            grown = dict(known)
            for slot, names in through.items():
                keys = set(known.get(slot, ()))
                for name in names:
                    keys.update(known.get(name, ()))
                if keys and len(keys) <= _MAX_KEYS:
                    grown[slot] = keys
            known = grown
        return known

    def _pieces(self, source: ast.AST, scope: int, position: int, is_call: bool) -> List[Tuple[ast.AST, int]]:
        """Red team 14 (report 13) F1/F5: the expressions at ``position`` of the tuples a loop unpacks
        (``rows = [(d["releaseName"], d["airflowVersion"]) for d in deps]``) or a module function returns
        (``return d["releaseName"], d["airflowVersion"]``), with the scope each is read in.  At most
        ``_ORIGIN_SOURCES`` returns and the few elements ``_elements_of`` gives: a constant per name."""
        if is_call:
            function = self._defined(scope, source.func.id)
            returned = self.returns.get(function, []) if function is not None else []
            candidates = [(value, function) for value in returned] if len(returned) <= _ORIGIN_SOURCES else []
        else:
            zipped = self._zipped(source, scope, position)
            if zipped is not None:  # for i, v in enumerate(vs); for dep, v in zip(deps, vs) (F3)
                return self._elements_or_members(zipped, scope) if zipped is not source else []
            candidates = self._elements_of(source, scope) + self._members(source, scope)
        return [
            (candidate.elts[position], candidate_scope) for candidate, candidate_scope in candidates
            if isinstance(candidate, (ast.Tuple, ast.List)) and position < len(candidate.elts)
            and not any(isinstance(e, ast.Starred) for e in candidate.elts)
        ]

    def _zipped(self, source: ast.AST, scope: int, position: int) -> Optional[ast.AST]:
        """Red team 15 (report 13) F3: the iterable whose elements sit at ``position`` of the tuples
        ``enumerate(x[, start])`` (``x`` at 1) or ``zip(a, b, ...)`` (the ``position``-th) hand out;
        ``source`` itself for a position they fill with no element (an index), None for other calls."""
        if not (
            isinstance(source, ast.Call) and isinstance(source.func, ast.Name)
            and source.func.id in ("enumerate", "zip") and self.resolve(scope, source.func.id) is None
            and not any(isinstance(a, ast.Starred) for a in source.args)
        ):
            return None
        if source.func.id == "enumerate":
            return source.args[0] if position == 1 and source.args else source
        return source.args[position] if position < len(source.args) else source

    def _members(self, node: ast.AST, scope: int, depth: int = 0) -> List[Tuple[ast.AST, int]]:
        """Red team 14 (report 13) F1/F5: the values a container holds, as an index or key takes them
        out (``vers[dep_id]``, ``sorted({...})[-1]``, ``rows[0]``): a comprehension's element (a dict
        comprehension's value), through ``sorted()``/``list()``/``tuple()``/``reversed()``, or a name
        bound once to one.  Two steps at most: a constant per node."""
        if depth > 2:
            return []
        if isinstance(node, ast.Name):
            slot = self.resolve(scope, node.id)
            values = self.values.get(slot, []) if slot is not None else []
            if len(values) != 1 or self.binds.get(slot) != 1:
                return []
            return self._members(values[0], self.value_scope.get(id(values[0]), slot[0]), depth + 1)
        if isinstance(node, ast.DictComp):
            return [(node.value, self.comprehension_scope.get(id(node), scope))]
        if isinstance(node, _COMPREHENSIONS):
            return [(node.elt, self.comprehension_scope.get(id(node), scope))]
        if isinstance(node, ast.Call) and self._called(node, scope) is not None:  # versions()[name] (RT18 13, F10)
            function = self._called(node, scope)
            returned = self.returns.get(function, [])
            if len(returned) > _ORIGIN_SOURCES:
                return []
            return [member for value in returned for member in self._members(value, function, depth + 1)]
        if (
            isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "dict"
            and len(node.args) == 1 and not node.keywords and self.resolve(scope, "dict") is None
        ):  # dict(pairs())[name]: the second piece of each pair (RT18 13, F10)
            return [
                (element.elts[1], element_scope) for element, element_scope in self._elements_of(node.args[0], scope)
                if isinstance(element, ast.Tuple) and len(element.elts) == 2
            ]
        if (
            isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and len(node.args) == 1
            and node.func.id in _MEMBER_CALLS and self.resolve(scope, node.func.id) is None
        ):
            return self._members(node.args[0], scope, depth + 1)
        return []

    def _rows(self, node: ast.AST, scope: int) -> List[Tuple[ast.AST, int]]:
        """Red team 14 (report 13) F5: the dict literals ``node`` may be, one row of a comprehension of
        them (``for r in rows`` with ``rows = [{"ver": d["airflowVersion"]} for d in deps]``; ``rows[0]``)."""
        found: List[Tuple[ast.AST, int]] = []
        if isinstance(node, ast.Name):
            slot = self.resolve(scope, node.id)
            if slot is not None and slot not in self.values:
                for iterable in self.elements.get(slot, [])[:_MAX_KEYS]:
                    found.extend(self._elements_of(iterable, slot[0]))
        elif isinstance(node, ast.Subscript) and not isinstance(node.slice, ast.Slice) and _string(node.slice) is None:
            found.extend(self._members(node.value, scope))
        return [(row, row_scope) for row, row_scope in found if isinstance(row, ast.Dict)]

    def _elements_of(self, iterable: ast.AST, scope: int) -> List[Tuple[ast.AST, int]]:
        """The element expressions (with the scope they are read in) of a comprehension iterated over,
        directly or through a name; ``X.values()`` of a dict comprehension gives its values."""
        values_only = False
        if (
            isinstance(iterable, ast.Call) and isinstance(iterable.func, ast.Attribute)
            and iterable.func.attr == "values" and not iterable.args
        ):
            iterable, values_only = iterable.func.value, True
        candidates: List[Tuple[ast.AST, int]] = []
        direct: List[Tuple[ast.AST, int]] = []  # elements given as such: a generator's yielded values
        # Red team 15 (report 13) F3: sorted(vs, reverse=True), reversed(vs), iter(vs), a name bound to
        # one: the same elements.  At most three steps and _MAX_KEYS values a name: a constant per call.
        work = [(iterable, scope, 0)]
        visits = 0
        while work and visits < _ORIGIN_VISITS:
            visits += 1
            current, current_scope, depth = work.pop()
            if isinstance(current, ast.Name) and depth <= 3:
                slot = self.resolve(current_scope, current.id)
                bound = self.values.get(slot, []) if slot is not None else []
                if len(bound) <= _MAX_KEYS:  # a name bound many times is not one list
                    work.extend((value, self.value_scope.get(id(value), slot[0]), depth + 1) for value in bound)
            elif self._passed_through(current, current_scope) is not None and depth <= 3:
                work.append((self._passed_through(current, current_scope), current_scope, depth + 1))
            elif isinstance(current, ast.Call) and depth <= 3 and self._called(current, current_scope) is not None:
                # RT18 (report 13) F10: versions() returning [d["airflowVersion"] for d in deps()], or
                # yielding d["airflowVersion"] (its elements are the values yielded)
                function = self._called(current, current_scope)
                returned, yielded = self.returns.get(function, []), self.yields.get(function, [])
                if len(returned) <= _ORIGIN_SOURCES:
                    work.extend((value, function, depth + 1) for value in returned)
                if len(yielded) <= _ORIGIN_SOURCES and not values_only:
                    direct.extend((value, function) for value in yielded)
            elif not isinstance(current, ast.Name):
                candidates.append((current, current_scope))
        found: List[Tuple[ast.AST, int]] = list(direct)
        for candidate, scope in candidates:
            inner = self.comprehension_scope.get(id(candidate), scope)
            if isinstance(candidate, ast.DictComp) and values_only:
                found.append((candidate.value, inner))
            elif isinstance(candidate, _COMPREHENSIONS) and not values_only:
                found.append((candidate.elt, inner))
            elif not values_only:
                mapped = _mapped_getter(candidate)
                if mapped is not None:
                    found.append((mapped, scope))
        return found

    def _called(self, call: ast.Call, scope: int) -> Optional[int]:
        """RT18 (report 13) F10: the scope of the module function (``versions()``) or method of the
        enclosing class (``self.versions()``) ``call`` calls, when one ``def`` binds it.  A constant: at
        most _ENCLOSING scopes up to the class."""
        func = call.func
        if isinstance(func, ast.Name):
            return self._defined(scope, func.id)
        if not (isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id == "self"):
            return None
        current: Optional[int] = scope
        for _ in range(_ENCLOSING):
            if current is None or current == 0:
                return None
            if self.is_class[current]:
                slot = (current, func.attr)
                return self.defs.get(slot) if self.binds.get(slot) == 1 else None
            current = self.parent[current]
        return None

    def _passed_through(self, node: ast.AST, scope: int) -> Optional[ast.AST]:
        """``sorted(x, ...)``/``reversed(x)``/``list(x)``/``iter(x)`` (the builtins, not rebound) -> ``x``."""
        if (
            isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in _PASS_THROUGH
            and len(node.args) == 1 and self.resolve(scope, node.func.id) is None
        ):
            return node.args[0]
        return None

    def _elements_or_members(self, node: ast.AST, scope: int) -> List[Tuple[ast.AST, int]]:
        """The values a container of reads hands out (a comprehension's element, through names and
        pass-through builtins), as a loop or ``max``/``next`` takes them: a constant per node."""
        return self._elements_of(node, scope) + self._members(node, scope)

    # -- values ------------------------------------------------------------------------------------
    def _unwrap(self, node: ast.AST, scope: int) -> Tuple[Set[str], Set[Tuple[int, str]]]:
        """The keys an expression reads directly, and the names it passes on (resolved)."""
        keys: Set[str] = set()
        names: Set[Tuple[int, str]] = set()
        work = [(node, scope)]
        seen: Set[int] = set()  # x = [x[0] for _ in y]: a container's member may lead back to it
        while work:
            current, scope = work.pop()
            if id(current) in seen:
                continue
            seen.add(id(current))
            if isinstance(current, ast.Attribute) and current.attr == "str":
                work.append((current.value, scope))  # pandas: df["k"].str is the column's text
                continue
            kept = self._self_slot(current, scope)
            if kept is not None and kept in self.values and isinstance(current.ctx, ast.Load):
                names.add(kept)  # self.version, set from a read in another method
                continue
            entry = self._entry_of(current, scope)
            if entry is not None:  # info = {"v": d["airflowVersion"]}; info["v"] (red team 13 F7)
                work.append((entry, scope))
                continue
            rows = self._rows(current.value, scope) if isinstance(current, ast.Subscript) and _string(current.slice) else []
            if rows:  # for r in rows: r["ver"] with rows = [{"ver": d["airflowVersion"]} ...] (red team 14 report 13, F5)
                work.extend((entry, row_scope) for row, row_scope in rows for entry in _entry(row, current.slice.value))
                continue
            read = self._read_keys(current, scope)
            if not read and (
                (isinstance(current, ast.Subscript) and not isinstance(current.slice, ast.Slice))
                or (isinstance(current, ast.Call) and isinstance(current.func, ast.Attribute)
                    and current.func.attr in _TAKERS and current.args)
            ):  # vers[dep_id], sorted({...})[-1], vers.get(i): a member of a container of reads (F1/F5)
                members = self._members(current.value if isinstance(current, ast.Subscript) else current.func.value, scope)
                if members:
                    work.extend(members)
                    continue
            if read:
                if not self._foreign(current, scope):
                    keys |= read
            elif isinstance(current, ast.JoinedStr) and len(current.values) == 1:
                part = current.values[0]  # f"{d['airflowVersion']}": the same text (red team 13 F1)
                if isinstance(part, ast.FormattedValue) and part.format_spec is None and part.conversion in (-1, 115):
                    work.append((part.value, scope))
            elif isinstance(current, ast.Name):
                slot = self.resolve(scope, current.id)
                if slot is not None:
                    names.add(slot)
            elif isinstance(current, ast.Call):
                func = current.func
                if isinstance(func, ast.Attribute) and func.attr in _TRANSPARENT:
                    work.append((func.value, scope))
                elif isinstance(func, ast.Name) and func.id == "str" and len(current.args) == 1:
                    work.append((current.args[0], scope))
                elif isinstance(func, ast.Name) and not self.in_returned and self._defined(scope, func.id) is not None:
                    keys |= self._returned_keys(self._defined(scope, func.id))  # ver(d): def ver(d): return d[k]
                elif _version_call(current, self.version_names) or _semver_call(current, self.semver_names):
                    work.append((current.args[0], scope))  # Version(v) < MIN (red team 9, F4); VersionInfo.parse(v)
                elif (
                    isinstance(func, ast.Name) and func.id in _EXTREMES and len(current.args) == 1
                    and isinstance(current.args[0], _COMPREHENSIONS) and self.resolve(scope, func.id) is None
                ):  # max(x["k"] for x in deps) == "2.3.4-11": the result is one of the values
                    comprehension = current.args[0]
                    inner = self.comprehension_scope.get(id(comprehension), scope)
                    inner_keys, inner_names = self._unwrap(comprehension.elt, inner)
                    keys |= inner_keys
                    names |= inner_names
                elif (
                    isinstance(func, ast.Name) and func.id in _TAKE_ONE and current.args
                    and len(current.args) <= (2 if func.id == "next" else 1) and self.resolve(scope, func.id) is None
                ):  # max(versions), min(set(vs)), next(iter(vs)): one of a container's values (red team 15 report 13, F1/F3)
                    work.extend(self._elements_or_members(current.args[0], scope))
                    keys |= self._collected(current.args[0], scope)
            elif self._counted(current, scope) is not None:  # Counter(vs).most_common(1)[0][0] (F3)
                counted = self._counted(current, scope)
                work.extend(self._elements_or_members(counted, scope))
                keys |= self._collected(counted, scope)
            elif (
                isinstance(current, ast.Subscript) and isinstance(current.value, ast.Call)
                and isinstance(current.value.func, ast.Attribute) and current.value.func.attr in _SPLITTERS
            ):  # v.split(".")[2]: a piece of the value
                work.append((current.value.func.value, scope))
            elif isinstance(current, ast.BoolOp) and isinstance(current.op, ast.Or):
                work.extend((value, scope) for value in current.values)
            elif isinstance(current, ast.IfExp):
                work.extend(((current.body, scope), (current.orelse, scope)))
            elif isinstance(current, ast.NamedExpr):
                work.append((current.value, scope))
        return keys, names

    def _collected(self, node: ast.AST, scope: int) -> Set[str]:
        """``collection_keys`` once every name's keys are known (not while they are being gathered)."""
        return self.collection_keys(node, scope) if hasattr(self, "name_keys") else set()

    def _counted(self, node: ast.AST, scope: int) -> Optional[ast.AST]:
        """Red team 15 (report 13) F3: ``C.most_common(n)[i][0]`` with ``C`` a ``Counter(x)`` (or a name
        bound once to one): ``x``, whose values the first piece of each pair is."""
        if not (
            isinstance(node, ast.Subscript) and _int(node.slice) == 0 and isinstance(node.value, ast.Subscript)
            and isinstance(node.value.value, ast.Call) and isinstance(node.value.value.func, ast.Attribute)
            and node.value.value.func.attr == "most_common"
        ):
            return None
        counter = self._one_value(node.value.value.func.value, scope)
        if not (isinstance(counter, ast.Call) and len(counter.args) == 1):
            return None
        func = counter.func
        named = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None
        return counter.args[0] if named == "Counter" else None

    def _entry_of(self, node: ast.AST, scope: int) -> Optional[ast.AST]:
        """``info["v"]`` / ``info.get("v")`` where ``info`` is bound once to a dict literal with a ``"v"``
        entry: that entry's value (a read kept in a dict is still the read).  A constant per node."""
        if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name):
            name, key = node.value.id, _string(node.slice)
        elif (
            isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "get"
            and isinstance(node.func.value, ast.Name) and node.args
        ):
            name, key = node.func.value.id, _string(node.args[0])
        else:
            return None
        return self._entries(scope, name).get(key) if key is not None else None

    def _returned_keys(self, function: int) -> Set[str]:
        """Red team 11 F3: the keys a module function's return values read directly (``def ver(d):
        return d["airflowVersion"]``), at most ``_ORIGIN_SOURCES`` returns; once per function, and
        only its own reads (a helper calling a helper is not followed): a constant per call."""
        cached = self.returned_keys.get(function)
        if cached is None:
            self.returned_keys[function] = set()  # a function returning its own call: nothing
            cached = set()
            returned = self.returns.get(function, [])
            if len(returned) <= _ORIGIN_SOURCES:
                self.in_returned = True  # a helper's helper is not followed: no chain, no recursion
                try:
                    for value in returned:
                        cached |= self._unwrap(value, function)[0]
                finally:
                    self.in_returned = False
            self.returned_keys[function] = cached if len(cached) <= _MAX_KEYS else set()
        return self.returned_keys[function]

    def _foreign(self, read: ast.AST, scope: int) -> bool:
        """Is the object ``read`` takes its key from shown to be no Deployment of a Houston response?

        Red team 9, F8: ``r["airflowVersion"]`` for ``r`` in ``houston(R)["runtimeReleases"]`` is
        ``RuntimeRelease.airflowVersion`` (never touched), and ``yaml.safe_load(...)["airflowVersion"]``
        a Helm value: neither changes with the rewrite.  The object is followed back through
        subscripts, ``.get``, attributes, ``Model(**x)``, and a name bound to (or iterating over)
        at most ``_ORIGIN_SOURCES`` values, every one of which must lead there; at most
        ``_ORIGIN_STEPS`` steps deep and ``_ORIGIN_VISITS`` in all: a constant cost per read.
        """
        work = [(object_of(read), scope, 0)]
        visits = 0
        self.roots_seen: Set[str] = set()  # the other roots the paths end at (F8: runtimeReleases)
        while work:  # every path back must end at another root or a file: then the read is foreign
            node, scope, steps = work.pop()
            visits += 1
            if steps >= _ORIGIN_STEPS or visits > _ORIGIN_VISITS:
                return False
            key = read_key(node)
            if key is not None:
                if key not in _OTHER_ROOTS:
                    work.append((object_of(node), scope, steps + 1))
                else:
                    self.roots_seen.add(key)
            elif isinstance(node, ast.Subscript):
                work.append((node.value, scope, steps + 1))  # rel[0], deps[i]: the same objects
            elif isinstance(node, ast.Name):
                slot = self.resolve(scope, node.id)
                if slot is None:
                    return False
                sources = self.values.get(slot, []) + self.elements.get(slot, [])
                if not sources or len(sources) > _ORIGIN_SOURCES:
                    return False  # no value, or bound too often: not an origin to judge
                # for r in [SimpleNamespace(**r) for r in rels]: r is bound twice, both to releases
                work.extend((source, slot[0], steps + 1) for source in sources)
            elif isinstance(node, _COMPREHENSIONS) and len(node.generators) == 1:
                work.append((node.generators[0].iter, scope, steps + 1))
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and self._posted_elsewhere(node, scope):
                continue  # gql(CMDB, ENVS)["environments"]: the helper posts to another API's URL (RT20 13, F11)
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and self._defined(scope, node.func.id):
                # releases() returning houston(REL)["runtimeReleases"]: every value the function returns
                returned = self.returns.get(self._defined(scope, node.func.id), [])
                if not returned or len(returned) > _ORIGIN_SOURCES:
                    return False
                inner = self._defined(scope, node.func.id)
                work.extend((value, inner, steps + 1) for value in returned)
            elif isinstance(node, ast.Dict) and all(v is not None and _local_value(v) for v in node.values):
                continue  # {"airflowVersion": os.environ["AC_VERSION"]}: built here, no response (red team 11 F9)
            elif isinstance(node, ast.Call) and self._elsewhere(node, scope):
                continue  # json.load(open(...)), csv rows, another HTTP API's .json() (red team 11 F9)
            elif isinstance(node, ast.Call) and not _loads_a_file(node):
                spread = [k.value for k in node.keywords if k.arg is None]
                if len(spread) != 1 or node.args:
                    return False
                work.append((spread[0], scope, steps + 1))  # SimpleNamespace(**d), Deployment(**d): d
            elif not isinstance(node, ast.Call):
                return False
        return True

    def _elsewhere(self, call: ast.Call, scope: int) -> bool:
        """Red team 11 F9: a call whose value is shown to be no Houston response: ``json.load``/``loads``
        of a file's text, ``csv.DictReader``/``csv.reader`` rows, or ``.json()`` of a GET to a URL
        literal naming neither Houston nor GraphQL (AC's release feed).  Unknown calls are not."""
        func = call.func
        name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None
        if name in ("DictReader", "reader") and (
            isinstance(func, ast.Name) or (isinstance(func.value, ast.Name) and func.value.id == "csv")
        ):
            return True
        if name in ("load", "loads") and isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) \
                and func.value.id == "json" and call.args:
            return self._file_text(call.args[0], scope, 0)
        if name == "json" and isinstance(func, ast.Attribute) and not call.args:
            return self._foreign_get(func.value, scope)
        return False

    def _posted_elsewhere(self, call: ast.Call, scope: int) -> bool:
        """Red team 20 (report 13) F11: ``call`` calls a module function whose send posts to one of its
        parameters (``def gql(url, q): return requests.post(url, ...).json()["data"]``), and gives that
        parameter a URL the destination judge places decisively at another API (``gql(CMDB, ENVS)`` with
        ``CMDB = "https://cmdb.acme-corp.net/graphql"``, as the document ENVS is judged): its response,
        and every read of it, is that API's, as for a direct ``requests.post(CMDB, ...).json()``.  A read
        is tied to the send whose response it reads; only Houston's get read-side reviews.  A constant
        per call (the helper's send URLs are indexed once)."""
        function = self._defined(scope, call.func.id)
        wanted = self.url_parameters.get(function) if function is not None else None
        if not wanted:
            return False
        parameters = self.def_params.get(function, [])
        given = [
            *(value for name, value in zip(parameters, call.args) if name in wanted),
            *(k.value for k in call.keywords if k.arg in wanted),
        ]
        for value in given:
            constant = self.constant(value, scope)
            url = constant.values[0] if constant is not None and constant.kind == "str" else ""
            if "://" in url and gather_calls.url_direction(repr(url)) is False:  # a URL, not d.get(key)'s key
                return True
        return False

    def _one_value(self, node: ast.AST, scope: int) -> Optional[ast.AST]:
        """The value of a name bound once (by ``=`` or ``with ... as``), else the node itself."""
        if not isinstance(node, ast.Name):
            return node
        slot = self.resolve(scope, node.id)
        values = self.values.get(slot, []) if slot is not None else []
        return values[0] if slot is not None and len(values) == 1 and self.binds.get(slot) == 1 else None

    def _file_text(self, node: ast.AST, scope: int, depth: int) -> bool:
        """``open(...)``, ``Path(...).open()``/``.read_text()``/``.read_bytes()``, ``f.read()`` of one,
        or a name bound once to one (two steps at most)."""
        node = self._one_value(node, scope)
        if not isinstance(node, ast.Call) or depth > 2:
            return False
        func = node.func
        if isinstance(func, ast.Name):
            return func.id == "open" and self.resolve(scope, "open") is None
        if isinstance(func, ast.Attribute) and func.attr in ("read_text", "read_bytes", "open"):
            return True
        if isinstance(func, ast.Attribute) and func.attr in ("read", "readlines"):
            return self._file_text(func.value, scope, depth + 1)
        return False

    def _foreign_get(self, node: ast.AST, scope: int) -> bool:
        """``requests.get(URL)`` / ``session.get(URL)`` (or a name bound once to it) where the URL is a
        literal, or a name bound once to one, with a scheme and neither ``houston`` nor ``graphql``.

        Red team 13 F14: also any send (``post``, ``put``, ``request``) whose URL the destination judge
        places decisively at another API (``gather_calls.url_direction``: a known other API's host such
        as ``acme.hasura.app``, ``api.github.com``, a ``/graphql`` path with no Houston host), as for the
        document sent there: that response is not Houston's, whatever its keys.  A merely foreign-looking
        URL (``foreign_path``, strong evidence only) is not enough: dropping a review needs proof."""
        node = self._one_value(node, scope)
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in _SENDS):
            return False
        url_node = node.args[0] if node.args else _keyword(node, "url")
        if node.func.attr == "request" and len(node.args) >= 2:
            url_node = node.args[1]  # session.request("POST", URL)
        constant = self.constant(url_node, scope) if url_node is not None else None
        if constant is None or constant.kind != "str":
            return False
        url = constant.values[0]
        if node.func.attr == "get" and "://" in url and "houston" not in url.lower() and "graphql" not in url.lower():
            return True
        return gather_calls.url_direction(repr(url)) is False

    def _defined(self, scope: int, name: str) -> Optional[int]:
        """The scope of the function ``name`` names as seen from ``scope``, if a single ``def`` binds it."""
        slot = self.resolve(scope, name)
        if slot is None or self.binds.get(slot) != 1:
            return None
        return self.defs.get(slot)

    def _catalogue(self, node: ast.AST, scope: int, depth: int = 0) -> bool:
        """Red team 18 (report 13) F4: ``node`` is the AC catalogue (a read of ``airflowVersions``), also
        through ``set()``/``sorted()``/... or a name bound once to it; at most three steps: a constant."""
        if depth > 3:
            return False
        if read_key(node) == CATALOGUE:
            return True
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in _PASS_THROUGH and len(node.args) == 1:
            return self._catalogue(node.args[0], scope, depth + 1)
        if isinstance(node, ast.Name):
            slot = self.resolve(scope, node.id)
            values = self.values.get(slot, []) if slot is not None else []
            return len(values) == 1 and self.binds.get(slot) == 1 and self._catalogue(values[0], slot[0], depth + 1)
        return False

    def keys_of(self, node: ast.AST, scope: int) -> Set[str]:
        keys, names = self._unwrap(node, scope)
        for name in names:
            keys |= self.name_keys.get(name, set())
        return keys

    def constant(self, node: ast.AST, scope: int, depth: int = 0) -> Optional[_Constant]:
        if isinstance(node, ast.Name):
            slot = self.resolve(scope, node.id)
            if slot is None:
                return None
            found = self.constants.get(slot)
            if found is None and slot in self.defaults and self.binds.get(slot) == 1:
                found = _literal(self.defaults[slot], self.version_names, self.semver_names)  # pin="2.3.4-11"
            if found is None and self.binds.get(slot) == 1 and depth < 2:
                found = self._one_step(slot, depth)  # want = PINNED, expected=PINNED (red team 20 report 13, F9)
            if found is None and slot[0] == 0 and slot not in self.values and node.id in self.imported:
                found = self._imported(node.id)  # from settings import PINNED_AC (red team 14 report 13, F2)
            return found
        if isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Load) and depth < 2:
            found = self._attribute_constant(node, scope, depth)
            if found is not None:
                return found
            declared = self.option_defaults.get(node.attr, []) if isinstance(node.value, ast.Name) else []
            if len(declared) == 1:  # args.expected: what the script compares with when run with its defaults (F2)
                return _literal(declared[0], self.version_names, self.semver_names)
        if (
            isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name) and _string(node.slice) is not None
        ):  # PINS["etl"] with PINS = {"etl": "2.3.4-11"} bound once (red team 11 F3)
            entry = self._entries(scope, node.value.id).get(node.slice.value)
            if entry is None:  # LATEST["prod"], LATEST imported from a settings module (RT18 13, F11)
                table = self._imported_dict(scope, node.value.id)
                text = dict(zip(table.keys, table.values)).get(node.slice.value) if table is not None else None
                return _Constant("str", (text,)) if text is not None else None
            return _literal(entry, self.version_names, self.semver_names)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "keys" \
                and not node.args:  # "2.3.4-11" in EOL.keys(): the dict's keys
            found = self.constant(node.func.value, scope)
            return found if found is not None and found.kind == "keys" else None
        found = self._looked_up(node, scope)
        if found is not None:
            return found
        return _literal(node, self.version_names, self.semver_names)

    def _one_step(self, slot: Tuple[int, str], depth: int) -> Optional[_Constant]:
        """Red team 20 (report 13) F9: a name bound once, one name away from a constant: a local alias
        (``want = PINNED``) or a parameter whose default is a name (``def drift(dep_id, expected=PINNED)``),
        with ``PINNED = "2.3.4-11"`` (or any constant :meth:`constant` reads).  The alias is read in its
        own scope, the default in the scope enclosing the function (where Python evaluates it).  A
        parameter may be given another value; its default is what the script compares with when the
        caller leaves it, as for a literal default.  Two steps at most (``depth``): a constant per node."""
        values = self.values.get(slot, [])
        if len(values) == 1 and isinstance(values[0], ast.Name) and slot not in self.defaults:
            return self.constant(values[0], self.value_scope.get(id(values[0]), slot[0]), depth + 1)
        default = self.defaults.get(slot)
        outer = self.parent[slot[0]] if slot[0] < len(self.parent) else None
        if not values and isinstance(default, ast.Name) and outer is not None:
            return self.constant(default, outer, depth + 1)
        return None

    def _looked_up(self, node: ast.AST, scope: int) -> Optional[_Constant]:
        """Red team 15 (report 13) F5/F6: a module dict constant whose values are all string literals
        (``EXPECTED = {"prod": "2.3.4-11", "dev": "2.4.3-6"}``, never stored into) read with a key
        known only at run time: ``EXPECTED[ENV]`` is one of its values ("choices"),
        ``EXPECTED.get(ENV, "2.3.4-11")`` one of them or the default, ``EXPECTED.values()`` all of them
        ("strings").  A literal key found in the dict is its entry, as ``PINS["etl"]`` above.  The
        dict's texts are gathered once per dict: a constant per node."""
        if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name) and not isinstance(node.slice, ast.Slice):
            texts = self._dict_texts(scope, node.value.id)
            return _Constant("choices", texts) if texts else None
        if isinstance(node, ast.Subscript) and not isinstance(node.slice, ast.Slice):
            table = self._imported_attribute_dict(node.value, scope)  # settings.LATEST[env] (RT18 13, F11)
            if table is None:
                return None
            key = _string(node.slice)
            if key is not None:
                text = dict(zip(table.keys, table.values)).get(key)
                return _Constant("str", (text,)) if text is not None else None
            return _Constant("choices", tuple(dict.fromkeys(table.values)))
        if not (
            isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name) and not node.keywords
        ):
            return None
        texts = self._dict_texts(scope, node.func.value.id)
        if not texts:
            return None
        if node.func.attr == "values" and not node.args:
            return _Constant("strings", texts)
        if node.func.attr != "get" or not 1 <= len(node.args) <= 2:
            return None
        key = _string(node.args[0])
        if key is not None and key in self._entries(scope, node.func.value.id):
            return _literal(self._entries(scope, node.func.value.id)[key])
        default = _text(node.args[1]) if len(node.args) == 2 else None
        if len(node.args) == 2 and default is None:
            return None  # a default of unknown value: not only literals
        if key is not None:  # a literal key the dict lacks: the default, if any
            return _Constant("str", (default,)) if default is not None else None
        return _Constant("choices", texts + ((default,) if default is not None else ()))

    def _dict_texts(self, scope: int, name: str) -> Optional[Tuple[str, ...]]:
        """The values of the dict literal ``name`` is bound to once, when every one is a string literal
        and nothing stores into it (``X[k] = ...``, ``X.update(...)``); else None.  Once per dict."""
        slot = self.resolve(scope, name)
        if slot is None:
            return None
        if slot not in self.dict_texts and self._imported_dict(scope, name) is not None:  # RT18 13, F11
            self.dict_texts[slot] = tuple(dict.fromkeys(self._imported_dict(scope, name).values))
        if slot not in self.dict_texts:
            texts: Optional[Tuple[str, ...]] = None
            values = self.values.get(slot, [])
            if (
                self.binds.get(slot) == 1 and len(values) == 1 and isinstance(values[0], ast.Dict)
                and values[0].values and all(k is not None for k in values[0].keys)
                and slot not in self.filled and slot not in self.bulk_filled and slot not in self.changed
            ):
                found = [_text(value) for value in values[0].values[:_MAX_TEXTS]]
                if len(values[0].values) <= _MAX_TEXTS and all(text is not None for text in found):
                    texts = tuple(dict.fromkeys(found))
            self.dict_texts[slot] = texts
        return self.dict_texts[slot]

    def _imported_attribute_dict(self, node: ast.AST, scope: int) -> Optional[_Container]:
        """``settings.LATEST`` with ``import settings`` (a module-level import only binding it): the
        dict of string literals the run's ``settings`` module defines (RT18 13, F11)."""
        if not (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)):
            return None
        entry = self.imported.get(node.value.id + "." + node.attr)
        if not isinstance(entry, _Container) or entry.kind != "dict":
            return None
        slot = self.resolve(scope, node.value.id)
        return entry if slot is not None and slot[0] == 0 and slot not in self.values else None

    def _imported_dict(self, scope: int, name: str) -> Optional[_Container]:
        """A dict of string literals the module imports under ``name`` (``from settings import LATEST``),
        when ``name`` is bound only by that import (RT18 13, F11)."""
        entry = self.imported.get(name)
        if not isinstance(entry, _Container) or entry.kind != "dict":
            return None
        slot = self.resolve(scope, name)
        if slot is None or slot[0] != 0 or slot in self.values or self.binds.get(slot) != 1:
            return None
        return entry

    def _held_constant(self, node: ast.AST, scope: int) -> bool:
        """A name or attribute naming an AC version constant (``Cfg.PIN``, ``settings.PINNED_AC``,
        ``self.fixed``, ``EXPECTED = os.environ.get("AC_VERSION", "2.3.4-11")``)."""
        if isinstance(node, ast.Subscript) and self._imported_attribute_dict(node.value, scope) is not None:
            return True  # settings.LATEST[env] (RT18 13, F11)
        return isinstance(node, (ast.Attribute, ast.Name)) and self.ac_literal(node, scope, ("str", "strings", "keys")) is not None

    def _imported(self, name: str) -> Optional[_Constant]:
        entry = self.imported.get(name)
        if isinstance(entry, _Container):  # from settings import SUPPORTED_AC, LATEST (RT18 13, F11)
            return _Constant("strings", entry.values) if entry.kind == "strings" else _Constant("keys", entry.keys)
        text = entry[0] if isinstance(entry, (list, tuple)) and entry and isinstance(entry[0], str) else None
        return _Constant("str", (text,)) if text is not None else None

    def _attribute_constant(self, node: ast.Attribute, scope: int, depth: int) -> Optional[_Constant]:
        """Red team 14 (report 13) F2/F17: a constant read by attribute: ``settings.PINNED_AC`` of a module
        of the run, a class attribute ``Cfg.PIN`` or enum member ``AC.PROD.value`` of a class of this
        module, ``self.fixed`` set once from a literal (or from a parameter with a literal default) in
        a method of the class.  A constant per node."""
        kept = self._self_slot(node, scope)
        if kept is not None:
            if kept in self.constants:
                return self.constants[kept]
            values = self.values.get(kept, [])
            if len(values) == 1 and self.binds.get(kept) == 1 and isinstance(values[0], ast.Name):
                return self.constant(values[0], self.value_scope.get(id(values[0]), kept[0]), depth + 1)
            return None
        owner = node.value
        if node.attr == "value" and isinstance(owner, ast.Attribute):  # AC.PROD.value: the member's value
            node, owner = owner, owner.value
        if not isinstance(owner, ast.Name):
            return None
        slot = self.resolve(scope, owner.id)
        body = self.classes.get(slot) if slot is not None and self.binds.get(slot) == 1 else None
        if body is not None and (slot, node.attr) in self.attributes_stored:
            return None  # Cfg.PIN = "2.4.3-6" after the class: not the body's literal alone (red team 27, report 13, f2)
        if body is not None:
            return self.constants.get((body, node.attr))
        dotted = owner.id + "." + node.attr
        if slot is not None and slot[0] == 0 and slot not in self.values and dotted in self.imported:
            return self._imported(dotted)  # import settings; settings.PINNED_AC
        return None

    def _entries(self, scope: int, name: str) -> Dict[str, ast.AST]:
        """A name bound once to a dict literal: its string keys -> values, built once per dict."""
        slot = self.resolve(scope, name)
        if slot is None or self.binds.get(slot) != 1 or len(self.values.get(slot, ())) != 1:
            return {}
        if slot in self.filled or slot in self.bulk_filled or slot in self.changed:
            return {}  # PINS["prod"] = ... after the display: the entry may be another (red team 27, report 13, f2)
        entries = self.dict_entries.get(slot)
        if entries is None:
            value = self.values[slot][0]
            entries = {}
            if isinstance(value, ast.Dict):
                for key, item in zip(value.keys, value.values):
                    if key is not None and _string(key) is not None:
                        entries[key.value] = item
            self.dict_entries[slot] = entries
        return entries

    def collection_keys(self, node: ast.AST, scope: int, depth: int = 0) -> Set[str]:
        """Keys whose read values ``node`` collects (red team 12 F7, red team 11 F3): a comprehension
        of reads (``{d["k"] for d in deps}``, ``{d["k"]: d for d in deps}`` by its keys), ``map`` of a
        getter (``itemgetter("k")``, ``lambda d: d["k"]``), through ``list()``/``set()``/``sorted()``,
        ``.keys()`` and a name bound once to one.  At most two steps deep: a constant per node."""
        if depth > 2:
            return set()
        if isinstance(node, ast.Name):
            slot = self.resolve(scope, node.id)
            values = self.values.get(slot, []) if slot is not None else []
            if len(values) != 1 or self.binds.get(slot) != 1 + self.augmented.get(slot, 0):
                return set()
            if slot not in self.collections:  # once per name, however many lookups
                self.collections[slot] = set()
                found = self.collection_keys(values[0], slot[0], depth + 1)
                for value, value_scope in self.filled.get(slot, [])[:_MAX_KEYS]:  # by.setdefault(d["k"], [])
                    found = found | self.keys_of(value, value_scope)
                for value, value_scope in self.bulk_filled.get(slot, [])[:_MAX_KEYS]:  # vs.extend(gen) (F8)
                    found = found | self.collection_keys(value, value_scope, depth + 1)
                self.collections[slot] = found
            return self.collections[slot]
        if isinstance(node, (ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp)):
            inner = self.comprehension_scope.get(id(node), scope)
            return self.keys_of(node.key if isinstance(node, ast.DictComp) else node.elt, inner)
        if not isinstance(node, ast.Call):
            return set()
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr == "keys" and not node.args:
            return self.collection_keys(func.value, scope, depth + 1)
        if (
            (isinstance(func, ast.Attribute) and func.attr in _COUNTERS and isinstance(func.value, ast.Name)
             and func.value.id == "collections")
            or (isinstance(func, ast.Name) and func.id in _COUNTERS)
        ):  # collections.Counter(versions)["2.3.4-11"]: counted by the members (red team 13 F7)
            return self.collection_keys(node.args[0], scope, depth + 1) if len(node.args) == 1 else set()
        if not isinstance(func, ast.Name) or self.resolve(scope, func.id) is not None:
            return set()
        if (func.id in _COLLECTION_CALLS or func.id in _PASS_THROUGH) and len(node.args) == 1:
            return self.collection_keys(node.args[0], scope, depth + 1)
        if func.id == "map" and len(node.args) == 2:
            mapped = _mapped_getter(node)
            if mapped is not None:
                return self.keys_of(mapped, scope)
            getter = node.args[0]
            if isinstance(getter, ast.Lambda) and len(getter.args.args) == 1:
                return self.keys_of(getter.body, self.lambda_scope.get(id(getter), scope))
        return set()

    def image_text(self, node: ast.AST, scope: int) -> bool:
        """Text naming AC's image repository (``"quay.io/astronomer/ap-airflow:"``), a name bound once
        to such text, or the last piece of a ``+`` chain ending in it."""
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            node = node.right
        constant = self.constant(node, scope)
        return constant is not None and constant.kind == "str" and AC_IMAGE in constant.values[0]

    def ac_literal(self, node: ast.AST, scope: int, kinds=("str", "strings")) -> Optional[str]:
        if "strings" in kinds and isinstance(node, (ast.Tuple, ast.List, ast.Set)):  # (OLD, "2.2.5-3")
            return next((lit for e in node.elts for lit in [self.ac_literal(e, scope, ("str",))] if lit), None)
        constant = self.constant(node, scope)
        if constant is None or (constant.kind not in kinds and not (constant.kind == "choices" and "str" in kinds)):
            return None
        return next((v for v in constant.values if AC_FORMAT.fullmatch(v)), None)

    def dash(self, node: ast.AST, scope: int) -> bool:
        """A string (or a tuple of them, as endswith takes) with a ``-`` in it."""
        if isinstance(node, ast.Tuple):
            return any(self.dash(e, scope) for e in node.elts)
        constant = self.constant(node, scope)
        return constant is not None and constant.kind == "str" and "-" in constant.values[0]

    def pattern(self, node: ast.AST, scope: int) -> bool:
        """A compiled pattern holding ``-``: ``re.compile("...-...")`` or a name bound once to one."""
        constant = self.constant(node, scope)
        return constant is not None and constant.kind == "pattern" and "-" in constant.values[0]

    # -- judging -----------------------------------------------------------------------------------
    def reads(self) -> Dict[str, List[Read]]:
        found: Dict[str, List[Read]] = {}

        def add(keys: Set[str], read: Read) -> None:
            for key in keys:
                found.setdefault(key, []).append(read)

        tested: Set[int] = set()  # each tested expression once (if not v: the If and the Not both see v)
        for node, scope in self.nodes:
            if isinstance(node, _TRUTH_NODES):  # if d["airflowVersion"]: takes another branch on "" (RT20 11b, F10)
                self._truth_reads(node, scope, add, tested)
            if isinstance(node, ast.Call):  # v.split("."), Version(v): fail on an empty value (RT18 13, F7)
                self._empty_read(node, scope, add)
            if isinstance(node, (ast.Call, ast.Subscript)):  # df.query(...), value_counts().get(...) (RT20 13, F4)
                pandas_reads.judge(self, node, scope, add, Read, COMPARED, SUFFIX)
            if isinstance(node, ast.Compare):
                self._compare(node, scope, add)
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                self._call(node, scope, add)
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in _SEMVER_COMPARE:
                if node.func.id in self.semver_names:  # from semver import compare: compare(v, "2.3.4-11")
                    self._semver_compare(node, node.args, scope, add)
            elif isinstance(node, ast.BinOp) and isinstance(node.op, (ast.BitAnd, ast.Sub, ast.BitXor)):
                for one, other in ((node.left, node.right), (node.right, node.left)):  # versions & {"2.3.4-11"}
                    literal = self.ac_literal(other, scope, ("strings",))
                    if literal is not None:
                        add(self.collection_keys(one, scope), Read(node, COMPARED, literal, _AMONG_READS))
                        break
            elif isinstance(node, ast.Attribute) and node.attr in _PARSED_HOTFIX and isinstance(node.ctx, ast.Load):
                parsed = self._parsed(node.value, scope, _PARSED_HOTFIX[node.attr])
                if parsed is not None:  # Version(v).post: PEP 440 reads "2.3.4-11" as post release 11 (red team 11 F4)
                    add(self.keys_of(parsed, scope), Read(node, SUFFIX, f"the parsed version's .{node.attr}"))
            elif isinstance(node, ast.Subscript):
                if (
                    _string(node.slice) == "prerelease" and isinstance(node.value, ast.Call)
                    and self._semver_module_call(node.value, "parse") and len(node.value.args) == 1
                ):  # semver.parse(v)["prerelease"]: the hotfix of an AC version (red team 13 F10)
                    add(self.keys_of(node.value.args[0], scope), Read(node, SUFFIX, "semver.parse()['prerelease']"))
                    continue
                if isinstance(node.slice, ast.Slice):
                    if _negative(node.slice.lower) or _negative(node.slice.upper):  # v[-3:], v[:-3]
                        add(self.keys_of(node.value, scope), Read(node, SUFFIX, f"the slice [{ast.unparse(node.slice)}]"))
                    else:  # v[:3]: None cannot be sliced (RT18 13, F7)
                        add(self.keys_of(node.value, scope), Read(node, EMPTY, f"the slice [{ast.unparse(node.slice)}]"))
                    continue
                literal = self.ac_literal(node.value, scope, ("keys",))
                if literal is not None:
                    add(self.keys_of(node.slice, scope), Read(node, COMPARED, literal, _LOOKUP))
                    continue
                literal = self.ac_literal(node.slice, scope, ("str",))
                if literal is not None:  # by = {d["airflowVersion"]: d for d in deps}; by["2.3.4-11"] (red team 12 F7)
                    add(self.collection_keys(node.value, scope), Read(node, COMPARED, literal, _KEYED_BY_READS))
            elif isinstance(node, ast.JoinedStr):  # f"ap-airflow:{d['airflowVersion']}-onbuild" (red team 12 F6)
                if any(AC_IMAGE in (_string(part) or "") for part in node.values):
                    for part in node.values:
                        if isinstance(part, ast.FormattedValue):
                            add(self.keys_of(part.value, scope), Read(part.value, IMAGE, "an f-string"))
            elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):  # "ap-airflow:" + v
                if self.image_text(node.left, scope):
                    add(self.keys_of(node.right, scope), Read(node.right, IMAGE, "'+'"))
            elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):  # "ap-airflow:%s" % v
                if self.image_text(node.left, scope):
                    for value in node.right.elts if isinstance(node.right, ast.Tuple) else [node.right]:
                        add(self.keys_of(value, scope), Read(value, IMAGE, "'%'"))
            elif isinstance(node, _MATCH):
                keys = self.keys_of(node.subject, scope)
                if keys:
                    for case in node.cases:
                        literal = _case_literal(case.pattern)
                        if literal is not None:
                            add(keys, Read(case.pattern, COMPARED, literal, " (a case of its match)"))
                for case in node.cases:  # case {"airflowVersion": "2.3.4-11"}: a mapping pattern (red team 10 F8)
                    for key, literal, at in _mapping_literals(case.pattern):
                        add({key}, Read(at, COMPARED, literal, " (a case of its match)"))
        for reads in found.values():
            reads.sort(key=lambda r: (r.node.lineno, r.node.col_offset))
        return found

    def _truth_reads(self, node: ast.AST, scope: int, add, tested: Set[int]) -> None:
        """Red team 20 (report 11b) F10: the expressions ``node`` tests for truth (or for being empty), each
        read of a key among them an EMPTY read whose detail is ``TRUTH_TEST``.  ``and``/``or``/``not`` in a
        test are looked through; a constant number of nodes per node, each tested expression once."""
        work: List[ast.AST] = []
        collections: List[ast.AST] = []
        if isinstance(node, (ast.If, ast.While, ast.IfExp, ast.Assert)):
            work.append(node.test)
        elif isinstance(node, ast.comprehension):
            work.extend(node.ifs)  # [d["releaseName"] for d in deps if d["airflowVersion"]]
        elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            work.append(node.operand)
        elif isinstance(node, ast.BoolOp):
            work.extend(node.values[:-1])  # d["airflowVersion"] or "runtime": the last is not tested
        elif isinstance(node, ast.Compare) and len(node.ops) == 1 and isinstance(node.ops[0], _EQUALITY):
            for one, other in ((node.left, node.comparators[0]), (node.comparators[0], node.left)):
                if isinstance(other, ast.Constant) and (other.value is None or other.value == ""):
                    work.append(one)  # v == "", v is None
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and not node.keywords:
            if node.func.id == "bool" and len(node.args) == 1:
                work.append(node.args[0])
            elif node.func.id == "filter" and len(node.args) == 2 and isinstance(node.args[0], ast.Constant) and node.args[0].value is None:
                collections.append(node.args[1])  # filter(None, (d["airflowVersion"] for d in deps))
            elif node.func.id in _TRUTH_CALLS and len(node.args) == 1 and self.resolve(scope, node.func.id) is None:
                collections.append(node.args[0])
        while work:
            current = work.pop()
            if id(current) in tested:
                continue
            tested.add(id(current))
            if isinstance(current, ast.UnaryOp) and isinstance(current.op, ast.Not):
                work.append(current.operand)
            elif isinstance(current, ast.BoolOp):
                work.extend(current.values)
            else:
                keys = self.keys_of(current, scope)
                if keys:
                    add(keys, Read(current, EMPTY, TRUTH_TEST))
        for collection in collections:
            if id(collection) not in tested:
                tested.add(id(collection))
                keys = self.collection_keys(collection, scope)
                if keys:
                    add(keys, Read(collection, EMPTY, TRUTH_TEST))

    def _empty_read(self, node: ast.Call, scope: int, add) -> None:
        """Red team 18 (report 13) F7: ``v.split(".")`` (and the other shape methods) of a read, or the read
        parsed by ``Version``/``parse``: fails on an empty value.  A constant per call."""
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr in _SHAPE_METHODS:
            keys = self.keys_of(func.value, scope)
            if keys:
                add(keys, Read(node, EMPTY, f".{func.attr}()"))
        elif _version_call(node, self.version_names):
            keys = self.keys_of(node.args[0], scope)
            if keys:
                add(keys, Read(node, EMPTY, f"{ast.unparse(func)}()"))

    def _semver_module_call(self, node: ast.Call, attr: str) -> bool:
        """``semver.<attr>(...)`` (semver, or a name it is imported as)."""
        func = node.func
        return (
            isinstance(func, ast.Attribute) and func.attr == attr and isinstance(func.value, ast.Name)
            and func.value.id in self.semver_names and func.value.id not in _SEMVER_CLASSES
        )

    def _semver_compare(self, node: ast.Call, arguments, scope: int, add) -> None:
        """Red team 13 F10: ``semver.compare(a, b)`` / ``semver.match(v, "<2.3.4-11")`` and the parsed
        version's ``.compare(b)`` / ``.match(expr)``: a read met with an AC version (semver reads
        ``"2.3.4-11"`` as a pre-release of 2.3.4, so the migrated ``"2.3.4"`` compares greater)."""
        if len(arguments) != 2:
            return
        for one, other in (arguments, arguments[::-1]):
            literal = self._semver_literal(other, scope)
            keys = self.keys_of(one, scope) if literal is not None else set()
            if keys:
                add(keys, Read(node, COMPARED, literal))
                return

    def _semver_literal(self, node: ast.AST, scope: int) -> Optional[str]:
        """An AC version, also written as a semver match expression (``"<2.3.4-11"``, ``">=2.3.4-11"``)."""
        literal = self.ac_literal(node, scope, ("str",))
        if literal is not None:
            return literal
        constant = self.constant(node, scope)
        if constant is None or constant.kind != "str":
            return None
        text = constant.values[0].lstrip("<>=!")
        return text if AC_FORMAT.fullmatch(text) else None

    def _parsed(self, node: ast.AST, scope: int, parser: str) -> Optional[ast.AST]:
        """``node`` itself when it is a parsed version (``Version(v)``, ``version.parse(v)``; for
        ``semver``: ``VersionInfo.parse(v)``), or a name bound to one (its value read through
        ``keys_of``); else None."""
        candidates = [node]
        if isinstance(node, ast.Name):
            slot = self.resolve(scope, node.id)
            candidates = self.values.get(slot, [])[:_MAX_KEYS] if slot is not None else []
        for candidate in candidates:
            if isinstance(candidate, ast.Call) and (
                _version_call(candidate, self.version_names) if parser == _PACKAGING
                else _semver_call(candidate, self.semver_names)
            ):
                return node
        return None

    def _compare(self, node: ast.Compare, scope: int, add) -> None:
        operands = [node.left, *node.comparators]
        # Cfg.PIN, settings.PINNED_AC, EXPECTED (an env default): the AC literal, not a response key (F2/F17)
        keyed = [set() if self._held_constant(operand, scope) else self.keys_of(operand, scope) for operand in operands]
        keys = set().union(*keyed)
        if any(isinstance(op, (ast.Eq, ast.NotEq)) for op in node.ops):
            for operand in operands:  # d == {"id": "x", "airflowVersion": "2.3.4-11"} (red team 10 F8)
                if isinstance(operand, ast.Dict):
                    for key_node, value in zip(operand.keys, operand.values):
                        key, literal = _string(key_node) if key_node is not None else None, _string(value)
                        if key is not None and literal is not None and AC_FORMAT.fullmatch(literal):
                            add({key}, Read(value, COMPARED, literal, " (a value of the dict it is compared with)"))
        if (
            len(node.ops) == 1 and isinstance(node.ops[0], (ast.Eq, ast.NotEq)) and not keys
            and isinstance(node.left, ast.Tuple) and isinstance(node.comparators[0], ast.Tuple)
            and len(node.left.elts) == len(node.comparators[0].elts) <= _MAX_PARAMS
        ):  # (d["airflowVersion"], d["id"]) == ("2.3.4-11", "x"): compared piece by piece (red team 15 report 13, F3)
            for one, other in zip(node.left.elts, node.comparators[0].elts):
                for read, literal_side in ((one, other), (other, one)):
                    literal = self.ac_literal(literal_side, scope, ("str",))
                    read_keys = self.keys_of(read, scope) if literal is not None else set()
                    if read_keys:
                        add(read_keys, Read(node, COMPARED, literal))
            return
        if not keys:
            for i, op in enumerate(node.ops):  # "2.3.4-11" in {d["airflowVersion"] for d in deps} (red team 11 F3)
                if isinstance(op, (ast.In, ast.NotIn)):
                    literal = self.ac_literal(operands[i], scope, ("str",))
                    if literal is not None:
                        add(self.collection_keys(operands[i + 1], scope), Read(node, COMPARED, literal, _AMONG_READS))
            return
        for i in range(len(node.ops)):  # d["airflowVersion"] != d["desiredAirflowVersion"]
            right_keys = keyed[i + 1]
            if isinstance(node.ops[i], (ast.In, ast.NotIn)) and isinstance(operands[i + 1], (ast.Tuple, ast.List, ast.Set)):
                # want not in (None, d.get("airflowVersion")): each member is compared (red team 15 report 13, F10)
                right_keys = set().union(*(self.keys_of(e, scope) for e in operands[i + 1].elts[:_MAX_PARAMS]))
            left, right = keyed[i] & _CROSS_KEYS, right_keys & _CROSS_KEYS
            if left and right and left != right and len(left | right) == 2:
                for key in left | right:
                    add({key}, Read(node, CROSS, next(iter((left | right) - {key}))))
                return
        for i, op in enumerate(node.ops):  # d["airflowVersion"] not in set(data["deploymentConfig"]["airflowVersions"])
            if isinstance(op, (ast.In, ast.NotIn)) and keyed[i] and CATALOGUE not in keyed[i] and self._catalogue(operands[i + 1], scope):
                add(keyed[i] - {CATALOGUE}, Read(node, CROSS, CATALOGUE, " (the AC catalogue deploymentConfig.airflowVersions)"))
                return
        for i, op in enumerate(node.ops):  # dep["airflowVersion"] != version, version sent as the desired version (F3)
            if not isinstance(op, _EQUALITY):
                continue
            for read_side, other_side, other_keys in ((keyed[i], operands[i + 1], keyed[i + 1]), (keyed[i + 1], operands[i], keyed[i])):
                slot = self.resolve(scope, other_side.id) if isinstance(other_side, ast.Name) and not other_keys else None
                if slot is None and isinstance(other_side, ast.Attribute):
                    # self.target, sent by another method (red team 28, report 13, f12); its attribute name reads
                    # as a key (a record's field), so only a slot the module sends decides
                    slot = self._self_slot(other_side, scope)
                if read_side and slot in self.sent:
                    shown = other_side.id if isinstance(other_side, ast.Name) else f"self.{other_side.attr}"
                    how = f" ({shown}, the value this module sends as ${self.sent[slot]}, now a Runtime version)"
                    add(read_side, Read(node, CROSS, "desiredAirflowVersion", how))
                    return
        for i, op in enumerate(node.ops):  # d["ver"] != d["want"]: aliases (red team 11 F1), judged by the rule
            left, right = keyed[i], keyed[i + 1]
            if isinstance(op, _EQUALITY) and len(left) == 1 and len(right) == 1 and left != right:
                (one,), (other,) = left, right
                add({one}, Read(node, CROSS, other))
                add({other}, Read(node, CROSS, one))
                break
        literal = next(
            (lit for operand, k in zip(operands, keyed) if not k for lit in [self.ac_literal(operand, scope)] if lit),
            None,
        )
        if literal is None:  # d["airflowVersion"] in "2.3.4-11,2.4.3-6": one item of a list in a string (F4)
            literal = next(
                (found for i, op in enumerate(node.ops) if isinstance(op, (ast.In, ast.NotIn)) and keyed[i]
                 for constant in [self.constant(operands[i + 1], scope)]
                 if constant is not None and constant.kind == "str"
                 for found in [_listed(constant.values[0])] if found),
                None,
            )
        if literal is None:  # "2.3.4-11" in TABLE: a dict's keys
            literal = next(
                (self.ac_literal(operands[i + 1], scope, ("keys",)) for i, op in enumerate(node.ops)
                 if isinstance(op, (ast.In, ast.NotIn)) and keyed[i] and self.ac_literal(operands[i + 1], scope, ("keys",))),
                None,
            )
        if literal is not None:
            add(keys, Read(node, COMPARED, literal))
            return
        suffix: Set[str] = set()
        for i, op in enumerate(node.ops):  # "-" in d[key]
            if isinstance(op, (ast.In, ast.NotIn)) and self.dash(operands[i], scope):
                suffix |= keyed[i + 1]
        if suffix:
            add(suffix, Read(node, SUFFIX, "an 'in' test"))

    def _call(self, node: ast.Call, scope: int, add) -> None:
        func = node.func
        attr, owner = func.attr, func.value
        arguments = [*node.args, *(k.value for k in node.keywords)]
        if (
            attr in _OPERATOR_COMPARE and isinstance(owner, ast.Name) and owner.id == "operator"
            and len(node.args) == 2 and not node.keywords
        ):  # operator.eq(d["airflowVersion"], "2.3.4-11") (red team 12 F7)
            for one, other in (node.args, node.args[::-1]):
                literal = self.ac_literal(other, scope)
                keys = self.keys_of(one, scope) if literal is not None else set()
                if keys:
                    add(keys, Read(node, COMPARED, literal))
                    return
        if attr in _SEMVER_COMPARE and self._semver_module_call(node, attr):  # semver.compare(v, "2.3.4-11")
            self._semver_compare(node, node.args, scope, add)
            return
        if attr in _SEMVER_COMPARE and len(node.args) == 1 and self._parsed(owner, scope, _SEMVER) is not None:
            self._semver_compare(node, [owner, node.args[0]], scope, add)  # Version.parse(v).compare("2.3.4-11")
            return
        if attr in _SET_TESTS and len(node.args) == 1:  # versions.intersection({"2.3.4-11"}) (red team 13 F7)
            literal = self.ac_literal(node.args[0], scope, ("strings",))
            keys = self.collection_keys(owner, scope) if literal is not None else set()
            if keys:
                add(keys, Read(node, COMPARED, literal, _AMONG_READS))
                return
        if attr == "format" and self.image_text(owner, scope):  # "ap-airflow:{}-onbuild".format(v) (red team 12 F6)
            for value in arguments:
                add(self.keys_of(value, scope), Read(value, IMAGE, ".format()"))
            return
        if (
            isinstance(owner, ast.Name) and owner.id == "str" and node.args
            and self.resolve(scope, "str") is None and attr in SUFFIX_METHODS
        ):  # str.split(v, "-"): the method called unbound, the text first
            owner, arguments = node.args[0], arguments[1:]
        if attr in SUFFIX_METHODS and any(self.dash(a, scope) for a in arguments):
            keys = self.keys_of(owner, scope)
            if keys:
                add(keys, Read(node, SUFFIX, f".{attr}()"))
                return
        if (
            attr in _FNMATCH and isinstance(owner, ast.Name) and owner.id == "fnmatch"
            and len(node.args) == 2 and self.dash(node.args[1], scope)
        ):  # fnmatch.fnmatch(d["airflowVersion"], "2.3.4-*"): a pattern about the hotfix (red team 16, report 13, F5)
            keys = self.keys_of(node.args[0], scope) if attr != "filter" else self.collection_keys(node.args[0], scope)
            if keys:
                add(keys, Read(node, SUFFIX, f"fnmatch.{attr}()"))
                return
        if attr == "isin" and len(node.args) == 1:  # pandas: df.airflowVersion.isin(["2.3.4-11"]) (red team 14 report 13, F2)
            literal = self.ac_literal(node.args[0], scope, ("strings",))
            keys = self.keys_of(owner, scope) if literal is not None else set()
            if keys:
                add(keys, Read(node, COMPARED, literal, " (among the values given to .isin())"))
                return
        if attr == "get" and node.args:
            literal = self.ac_literal(owner, scope, ("keys",))
            if literal is not None:
                add(self.keys_of(node.args[0], scope), Read(node, COMPARED, literal, _LOOKUP))
                return
        if attr in _LOOKUP_METHODS and node.args:  # by_version.get("2.3.4-11"), vs.count("2.3.4-11") (red team 12 F7)
            literal = self.ac_literal(node.args[0], scope, ("str",))
            keys = self.collection_keys(owner, scope) if literal is not None else set()
            if keys:
                add(keys, Read(node, COMPARED, literal, _KEYED_BY_READS if attr != "count" else _AMONG_READS))
                return
        if attr not in RE_FUNCTIONS:
            return
        if isinstance(owner, ast.Name) and owner.id in _RE_MODULES and self.resolve(scope, owner.id) is not None:
            pattern = node.args[0] if node.args else _keyword(node, "pattern")
            if pattern is not None and self.dash(pattern, scope):
                strings = [*node.args[1:], *(k.value for k in node.keywords if k.arg == "string")]
                add(set().union(*(self.keys_of(s, scope) for s in strings)), Read(node, SUFFIX, f"re.{attr}()"))
        elif self.pattern(owner, scope):
            name = owner.id if isinstance(owner, ast.Name) else "re.compile(...)"
            strings = [*node.args, *(k.value for k in node.keywords if k.arg == "string")]
            add(set().union(*(self.keys_of(s, scope) for s in strings)), Read(node, SUFFIX, f"{name}.{attr}()"))


_LOOKUP = " (a key of the table it is looked up in)"
_KEYED_BY_READS = " (looked up in a dict keyed by its values)"
_AMONG_READS = " (looked for among its values)"
# Response keys under which an "airflowVersion" is not a Deployment's (the bundled schema: RuntimeRelease
# has its own airflowVersion; AirflowRelease and DeploymentConfig are not Deployments).
_OTHER_ROOTS = frozenset({"runtimeReleases", "airflowReleases", "airflowRelease", "deploymentConfig"})
_RELEASE_ROOTS = frozenset({"runtimeReleases"})  # RuntimeRelease { version airflowVersion } (F8)
_ORIGIN_STEPS = 8
_MAX_TEXTS = 64  # values of a dict constant read as "one of them" (TARGETS[ENV]): a pin table, not data
_MAX_PARAMS = 32  # parameters of a function a **spread call is followed into
_ORIGIN_SOURCES = 4
_ORIGIN_VISITS = 32
# Loaders of a file or a config, not of a Houston response (a Helm values.yaml, a .toml); json is not
# one of them: json.load(urlopen(...)) may well read a Houston response.
_FILE_LOADERS: Dict[str, Optional[frozenset]] = {
    "yaml": None,  # any yaml.* call
    "ruamel": None,
    "toml": None,
    "tomllib": None,
    "tomli": None,
    "configparser": None,
}


def _send_url(call: ast.Call) -> Optional[ast.AST]:
    """The URL a ``requests``-style send posts to: ``x.post(url, ...)``, ``x.request("POST", url)``, ``url=``."""
    func = call.func
    if not (isinstance(func, ast.Attribute) and func.attr in _SENDS):
        return None
    if func.attr == "request":
        return call.args[1] if len(call.args) >= 2 else _keyword(call, "url")
    return call.args[0] if call.args else _keyword(call, "url")


def _local_value(node: ast.AST) -> bool:
    """A literal, or the environment (``os.environ[...]``, ``os.environ.get(...)``, ``os.getenv(...)``)."""
    if isinstance(node, ast.Constant):
        return True
    if isinstance(node, ast.Subscript):
        node = node.value
    elif isinstance(node, ast.Call):
        if isinstance(node.func, ast.Attribute) and node.func.attr == "getenv":
            return isinstance(node.func.value, ast.Name) and node.func.value.id == "os"
        if not (isinstance(node.func, ast.Attribute) and node.func.attr == "get"):
            return False
        node = node.func.value
    return (isinstance(node, ast.Attribute) and node.attr == "environ" and isinstance(node.value, ast.Name)
            and node.value.id == "os")


def _loads_a_file(call: ast.Call) -> bool:
    func = call.func
    if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id in _FILE_LOADERS:
        only = _FILE_LOADERS[func.value.id]
        return only is None or func.attr in only
    if isinstance(func, ast.Attribute) and func.attr in ("parse_args", "parse_known_args"):
        return True  # argparse: the command line, not a response
    return isinstance(func, ast.Name) and func.id in ("safe_load", "load_yaml")


def read_key(node: ast.AST) -> Optional[str]:
    """``x["key"]``, ``x.get("key"[, default])``, ``x.key`` or ``itemgetter("key")(x)`` -> "key".

    ``x.key``: the response turned into objects (``SimpleNamespace(**d)`` as a json
    ``object_hook``, a pydantic model or dataclass built with ``Model(**d)``) is read by
    attribute (red team 9 F5).  ``object_of`` gives the object each form reads from.
    """
    if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant) and isinstance(node.slice.value, str):
        return node.slice.value
    if isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Load):
        return node.attr
    if isinstance(node, ast.Call) and len(node.args) == 1 and not node.keywords:
        key = _itemgetter_key(node.func)
        if key is not None:
            return key
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in _TAKERS
        and node.args
        and isinstance(node.args[0], ast.Constant)
        and isinstance(node.args[0].value, str)
    ):  # d.get("k"), d.pop("k"), d.setdefault("k", "") (red team 14 report 13, F10): the value under "k"
        return node.args[0].value
    if (
        isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in _TAKERS
        and isinstance(node.func.value, ast.Name) and node.func.value.id == "dict" and len(node.args) >= 2
    ):  # dict.get(d, "k"): the method called unbound, the mapping first
        return _string(node.args[1])
    return None


def object_of(read: ast.AST) -> ast.AST:
    """The object a ``read_key`` read takes its key from."""
    if isinstance(read, (ast.Subscript, ast.Attribute)):
        return read.value
    if isinstance(read.func, ast.Attribute):  # x.get("key"); dict.get(x, "key")
        unbound = isinstance(read.func.value, ast.Name) and read.func.value.id == "dict" and len(read.args) >= 2
        return read.args[0] if unbound else read.func.value
    return read.args[0]  # itemgetter("key")(x)


# Methods taking a key's value out of a mapping: d.get("k"), d.pop("k"), d.setdefault("k", "").
_TAKERS = frozenset({"get", "pop", "setdefault"})


def _itemgetter_key(node: ast.AST) -> Optional[str]:
    """``itemgetter("key")`` / ``operator.itemgetter("key")`` (one key) -> "key"."""
    if not (isinstance(node, ast.Call) and len(node.args) == 1 and not node.keywords):
        return None
    func = node.func
    name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None
    return _string(node.args[0]) if name == "itemgetter" else None


def _negative(node: Optional[ast.AST]) -> bool:
    """A literal negative index (``-3``): counted from the end of the text, where the suffix is."""
    return (
        isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub)
        and isinstance(node.operand, ast.Constant) and isinstance(node.operand.value, int)
    )


def _mapped_getter(node: ast.AST) -> Optional[ast.AST]:
    """``map(itemgetter("k"), xs)`` -> the read each element is: ``xs["k"]`` (a node made here, placed at
    the call; ``_foreign`` follows it to ``xs`` as it follows ``x[0]``)."""
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "map"
            and len(node.args) == 2 and not node.keywords):
        return None
    key = _itemgetter_key(node.args[0])
    if key is None:
        return None
    return ast.copy_location(ast.Subscript(value=node.args[1], slice=ast.Constant(key), ctx=ast.Load()), node)


def _environment_default(node: ast.AST) -> Optional[str]:
    """``os.environ.get(name, "...")`` / ``os.getenv(name, "...")``: the literal default (red team 14
    report 13, F2: an AC version there is the format the code expects the value in)."""
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and len(node.args) == 2):
        return None
    func = node.func
    if func.attr == "getenv" and isinstance(func.value, ast.Name) and func.value.id == "os":
        return _string(node.args[1])
    if func.attr == "get" and _local_value(node):
        return _string(node.args[1])
    return None


def _entry(row: ast.Dict, key: str) -> List[ast.AST]:
    """The value of a dict literal's entry ``key`` (none when it has no such entry)."""
    return [value for k, value in zip(row.keys, row.values) if k is not None and _string(k) == key][:1]


def _keyword(node: ast.Call, name: str) -> Optional[ast.AST]:
    return next((k.value for k in node.keywords if k.arg == name), None)


def _int(node: ast.AST) -> Optional[int]:
    return node.value if isinstance(node, ast.Constant) and type(node.value) is int else None


def _string(node: ast.AST) -> Optional[str]:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _text(node: ast.AST) -> Optional[str]:
    """A string literal, also written as an f-string of literals (``f"2.3.4-{11}"``) or trimmed /
    re-cased (``"2.3.4-11".strip()``): the text it is (red team 12 F7).  Constant work per node part."""
    text = _string(node)
    if text is not None:
        return text
    if isinstance(node, ast.JoinedStr):
        parts = []
        for part in node.values:
            if isinstance(part, ast.FormattedValue):
                if part.conversion != -1 or part.format_spec is not None or not isinstance(part.value, ast.Constant):
                    return None
                parts.append(str(part.value.value))
            else:
                piece = _string(part)
                if piece is None:
                    return None
                parts.append(piece)
        return "".join(parts)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):  # "2.3.4" + "-11" (red team 13 F1)
        left, right = _string(node.left), _string(node.right)
        return left + right if left is not None and right is not None else None
    if (
        isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in _TRANSPARENT
        and not node.args and not node.keywords
    ):
        inner = _string(node.func.value)
        if inner is not None:
            return getattr(inner, node.func.attr)()
    return None


# What separates the versions of a list written as one string ("2.3.4-11,2.4.3-6"): one class, linear.
_LIST_SEPARATORS = re.compile(r"[\s,;|]+")


def _split_literal(node: ast.AST) -> Optional[Tuple[str, ...]]:
    """``"2.3.4-11 2.4.3-6".split()`` / ``os.environ.get("ALLOWED", "2.3.4-11,2.4.3-6").split(",")``: the
    strings it makes (at most ``_MAX_TEXTS``), None when ``node`` is no split of a literal text (red team 17,
    report 13, F4: such an allow-list was not read, so ``v not in ALLOWED`` went unreviewed)."""
    if not (
        isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "split"
        and len(node.args) <= 1 and not node.keywords
    ):
        return None
    base = node.func.value
    text = _text(base)
    if text is None:
        text = _environment_default(base)
    separator = _string(node.args[0]) if node.args else None
    if text is None or (node.args and not separator):
        return None
    pieces = text.split(separator) if separator else text.split()
    return tuple(piece.strip() for piece in pieces[:_MAX_TEXTS] if piece.strip())


def _listed(text: str) -> Optional[str]:
    """An AC version written as one item of a list in one string (``"2.3.4-11,2.4.3-6"``), else None:
    ``v in "2.3.4-11,2.4.3-6"`` is a membership test against that list (red team 17, report 13, F4)."""
    for piece in _LIST_SEPARATORS.split(text[:4096])[:_MAX_TEXTS]:
        if AC_FORMAT.fullmatch(piece):
            return piece
    return None


def _literal(node: ast.AST, version_names=frozenset(), semver_names=frozenset({"semver"})) -> Optional[_Constant]:
    """A literal string, collection of strings, dict keyed by strings or compiled pattern."""
    text = _text(node)
    if text is not None:
        return _Constant("str", (text,))
    text = _environment_default(node)
    if text is not None:  # os.environ.get("AC_VERSION", "2.3.4-11"): the version the code expects (F2)
        return _Constant("str", (text,))
    parts = _split_literal(node)
    if parts is not None:  # "2.3.4-11 2.4.3-6".split(), os.environ.get(NAME, "a,b").split(","): an allow-list
        return _Constant("strings", parts) if parts else None
    if isinstance(node, ast.Call) and (
        _version_call(node, version_names) or _semver_call(node, semver_names)
    ):  # Version("2.3.4-11"), semver.Version.parse("2.3.4-11") (red team 13 F10): the version it parses
        text = _string(node.args[0])
        return _Constant("str", (text,)) if text is not None else None
    if isinstance(node, ast.Call):
        func = node.func
        if (
            isinstance(func, ast.Attribute)
            and func.attr == "compile"
            and isinstance(func.value, ast.Name)
            and func.value.id in _RE_MODULES
        ):  # re.compile(pattern[, flags])
            pattern = _string(node.args[0]) if node.args else None
            return _Constant("pattern", (pattern,)) if pattern is not None else None
        if isinstance(func, ast.Name) and func.id in ("frozenset", "set", "tuple", "list") and len(node.args) == 1:
            node = node.args[0]
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        strings = tuple(s for s in map(_string, node.elts) if s is not None)
        return _Constant("strings", strings) if strings else None
    if isinstance(node, ast.Dict):
        strings = tuple(s for s in map(_string, (k for k in node.keys if k is not None)) if s is not None)
        return _Constant("keys", strings) if strings else None
    return None


# Parsers of a version string (packaging.version.Version / parse, pkg_resources.parse_version,
# distutils' LooseVersion / StrictVersion): comparing the parsed value is comparing the text's version.
_VERSION_PARSERS = frozenset({"Version", "LooseVersion", "StrictVersion", "parse_version"})


_PACKAGING, _SEMVER = "packaging", "semver"
# Attributes of a parsed version that hold an AC version's hotfix: packaging reads "2.3.4-11" as post
# release 11 (and "2.3.4" has none), semver as prerelease "11" (red team 11 F4).
_PARSED_HOTFIX = {"post": _PACKAGING, "is_postrelease": _PACKAGING, "prerelease": _SEMVER}
_SEMVER_CLASSES = frozenset({"VersionInfo", "Version"})


def _semver_call(node: ast.Call, semver_names) -> bool:
    """``semver.VersionInfo.parse(x)``, ``semver.Version.parse(x)``, ``VersionInfo.parse(x)`` (imported
    from semver), ``semver.parse_version_info(x)``: one argument."""
    if len(node.args) != 1 or not isinstance(node.func, ast.Attribute):
        return False
    func = node.func
    owner = func.value
    if func.attr == "parse_version_info":
        return isinstance(owner, ast.Name) and owner.id in semver_names
    if func.attr != "parse":
        return False
    if isinstance(owner, ast.Attribute):
        return owner.attr in _SEMVER_CLASSES and isinstance(owner.value, ast.Name) and owner.value.id in semver_names
    return isinstance(owner, ast.Name) and owner.id in _SEMVER_CLASSES and owner.id in semver_names


def _version_call(node: ast.Call, version_names=frozenset()) -> bool:
    """``Version(x)``, ``version.Version(x)``, ``version.parse(x)``, ``parse_version(x)``: one argument;
    also a parser imported under another name (``version_names``: ``Version as V``, ``parse as vparse``)."""
    if len(node.args) != 1 or node.keywords:
        return False
    func = node.func
    if isinstance(func, ast.Name):
        return func.id in _VERSION_PARSERS or func.id in version_names
    return isinstance(func, ast.Attribute) and (
        func.attr in _VERSION_PARSERS
        or (func.attr == "parse" and isinstance(func.value, ast.Name) and (func.value.id == "version" or func.value.id in version_names))
        or (  # packaging.version.parse(v) written out (red team 13 F10)
            func.attr == "parse" and isinstance(func.value, ast.Attribute) and func.value.attr == "version"
            and isinstance(func.value.value, ast.Name) and func.value.value.id == "packaging"
        )
    )


_MATCH_MAPPING, _MATCH_CLASS, _MATCH_SEQUENCE, _MATCH_STAR = (
    getattr(ast, n, ()) for n in ("MatchMapping", "MatchClass", "MatchSequence", "MatchStar")
)


def _mapping_literals(pattern: ast.AST) -> List[Tuple[str, str, ast.AST]]:
    """(key, AC literal, pattern) for each ``{"key": "2.3.4-11"}`` in a case pattern, nested or not."""
    found: List[Tuple[str, str, ast.AST]] = []
    work = [pattern]
    while work:
        current = work.pop()
        if isinstance(current, _MATCH_MAPPING):
            for key_node, value in zip(current.keys, current.patterns):
                key, literal = _string(key_node), _case_literal(value)
                if key is not None and literal is not None:
                    found.append((key, literal, value))
            work.extend(current.patterns)
        elif isinstance(current, _MATCH_OR):
            work.extend(current.patterns)
        elif isinstance(current, _MATCH_AS) and current.pattern is not None:
            work.append(current.pattern)
        elif isinstance(current, _MATCH_SEQUENCE):
            work.extend(current.patterns)
        elif isinstance(current, _MATCH_CLASS):
            work.extend(current.patterns)
            work.extend(current.kwd_patterns)
    return found


def _case_literal(pattern: ast.AST) -> Optional[str]:
    """The AC-format literal a case pattern matches (``case "2.3.4-11"``, ``case "a" | "b"``)."""
    work = [pattern]
    while work:
        current = work.pop(0)
        if isinstance(current, _MATCH_VALUE):
            text = _string(current.value)
            if text is not None and AC_FORMAT.fullmatch(text):
                return text
        elif isinstance(current, _MATCH_OR):
            work.extend(current.patterns)
        elif isinstance(current, _MATCH_AS) and current.pattern is not None:
            work.append(current.pattern)
    return None
