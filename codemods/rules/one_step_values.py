"""AC versions one step from a literal, on the write side (red team 20, report 13, F2).

``check`` after ``rewrite`` reviews a value sent to a Runtime version argument when it reads as an AC
version: a literal, a name bound only to literals (``sent_values.bound_literal``), a conditional, a
dict constant's values (``ac_format_reads.value_texts``).  The most common shapes of a default version
in automation scripts are one step further, and a script sending ``runtimeVersion: "2.3.4-11"`` (which
Houston rejects) passed ``check --houston-version 1.0.1`` silently:

* a local alias of a module constant: ``AC_VERSION = "2.3.4-11"`` then ``version = AC_VERSION``;
* a parameter's default: ``def create(ws, version=AC_VERSION)`` / ``version="2.3.4-11"``;
* an environment or mapping default: ``target = os.environ.get("TARGET_AC", "2.4.3-6")``,
  ``dep.get("version", "2.4.3-6")`` (bound to a name or sent as it is);
* a loop over literal rows: ``for label, version in [("etl", "2.3.4-11"), ("ml", "2.2.5")]``;
* a module function returning one: ``target_version()`` with ``def target_version(): return "2.4.3-6"``
  (the ``return`` statements of its own body, every one readable).

:func:`texts` gives the strings such a value may be (each binding of the name in its own scope, one
step each, so the walk is bounded), in order; a name also bound to something that cannot be read
(``odd = "2.3.4"; odd = wanted``, a parameter with no default) gives nothing, as ``bound_literal`` does; the caller keeps those that read as AC versions and
names them with their Runtime equivalents ("it may be ...": a parameter may be given another value, a
default is only used when the variable is unset).  Names are looked up through the module's binding
index (``ModuleNames.uses_of_binding``): linear.

Red team 22 (report 13), f5: a parameter with no default, ``def upgrade(dep_id, version)`` sending
``{"desiredAirflowVersion": version}``, called by the module itself with AC literals (``upgrade("d1",
"2.4.3-6")``, ``upgrade("d2", version="2.3.4-11")``): rewrite renamed the key with one generic review and
check 1.0.1 afterwards was silent while the script sent AC versions as ``desiredRuntimeVersion``.  The tool
already reads what the module's calls pass for an image parameter and for a variables parameter
(``forwarded_variables.caller_arguments``); :func:`review_callers` reads them for the version too, and
reviews each AC version a call passes (a literal, or one step from one) where that call writes it, naming
its Runtime equivalent.  Only a parameter its function never rebinds (``version = normalise(version)``
would send something else); the calls are the module's own (another module's are not seen), so this
reviews what it sees and never edits a caller.

Red team 24 (report 13), f1/f2/f5: this is the one reader of "the AC values reaching this value", so the
forms it follows are followed by every review that uses it (a variables-dict value, a caller's argument, a
template hole's name): a name unpacked from rows at any depth, or in the loop's body (``for i, (dep, ver) in
enumerate(ROLLOUT)``, ``zip(DEPS, VERS)``, ``ROLLOUT[1:]``, ``dict(ROLLOUT).items()``, ``dep, ver = row``,
``row[1]``), and a name bound to a conditional expression or an ``or`` fallback, each branch or operand that
can be read (``sys.argv[2] if ... else "2.4.3-6"``, ``os.environ.get("TARGET_AC") or "2.4.3-6"``).  One
reading has a budget of visits (``_MAX_VISITS``), so chains of such names cost a constant per value.

Red team 25 (report 13), f1 f2 f5 f8 f9 f10 f11: a path into a value also takes a dict key (``row["ver"]``),
a record's field (``t.ver`` of ``Target("etl", "2.3.4-11")``, ``settings.target_version`` of ``Settings()``
with a field default) and "any element" (``SUPPORTED[i]``, ``max(SUPPORTED)``); ``.strip()`` / ``str()`` /
``f"{x}"`` give the same text; a name read in its own binding's value (``version = version or "..."``) is its
other bindings; a ``None`` default and an environment read are known values that are no version; callers
unpacking ``*row`` / ``**PLAN`` and a caller's parameter passed on are read (``caller_texts``).  Every reading
also tells whether it is whole (``reading``): what it cannot follow is counted, and ``untraced_versions`` is
the fallback that names the module's AC versions where a value feeding a Runtime argument is not whole.
"""

from __future__ import annotations

import ast
from typing import List, Optional, Tuple

from ..sources import cli_defaults  # what a command-line option holds when the script runs without it
from ..sources.forwarded_variables import _argument, caller_arguments  # what the module's calls pass for a parameter
from ..sources.helper_variables import parameters  # a def's positional names, *args, **kwargs
from . import ac_format_reads  # a module dict constant's values (VERSIONS[env])

_MAX_STORES = 8  # bindings of one name read
_MAX_TEXTS = 16  # strings listed for one value
_STEPS = 3  # names followed in a row (an alias of an alias of a constant; a forwarded parameter)


_MAX_VISITS = 256  # expressions one reading looks at: conditionals and rows multiply, this bounds them


class _Found(list):
    """The strings gathered, with the visits left to the whole reading (shared by the lists of its parts),
    so a chain of conditionals of names bound to conditionals costs a constant, not their product.

    ``misses`` (shared too) counts the places the reading could not follow (a parameter with callers it
    cannot see, a call's result, an attribute of an unknown object): a reading with none is complete, every
    value the argument may get is among the strings (red team 25, report 13: the fallback's guard)."""

    def __init__(self, left: List[int], misses: Optional[List[int]] = None, opens: Optional[List[int]] = None,
                 responses: Optional[List[int]] = None):
        super().__init__()
        self.left = left
        self.misses = misses if misses is not None else [0]
        self.opens = opens if opens is not None else [0]
        # reads of a response's body met (the server's values): the fallback's one reason to stay silent on a
        # reading that is not whole (red team 28, report 13, f1)
        self.responses = responses if responses is not None else [0]

    def fresh(self) -> "_Found":
        return _Found(self.left, self.misses, self.opens, self.responses)

    def miss(self) -> None:
        self.misses[0] += 1

    def open(self) -> None:
        """The value may also be one the module does not hold (the environment's, a caller's, ``None``): the
        strings are what it may be, never what it is (red team 27, report 13, f3)."""
        self.opens[0] += 1


def texts(finder, value: ast.AST) -> List[str]:
    """The strings ``value`` may be, one step from a literal (see the module); [] when none is readable."""
    return reading(finder, value)[0]


def reading(finder, value: ast.AST) -> Tuple[List[str], bool]:
    """(the strings ``value`` may be, whether they are all it may be).  Not all when a part of it cannot be
    followed; an environment read, a command-line argument or option, ``input()``, is the outside's value,
    not one of the module's, and leaves the reading whole."""
    found = _Found([_MAX_VISITS])
    _value(finder, value, found, _STEPS)
    return list(dict.fromkeys(found))[:_MAX_TEXTS], found.misses[0] == 0 and len(found) < _MAX_TEXTS


def sure(finder, value: ast.AST) -> Optional[str]:
    """The one string ``value`` is, when the reading is whole, finds one text and nothing else it may be (no
    environment or command-line value, no parameter a caller may give, no ``.get`` that may find nothing):
    a review may then say the value "is" it; else None, and a review says "may be" (red team 27, report 13,
    f3: a version bound in three branches was said to be the last one)."""
    found = _Found([_MAX_VISITS])
    _value(finder, value, found, _STEPS)
    texts = list(dict.fromkeys(found))
    if len(texts) == 1 and found.misses[0] == 0 and found.opens[0] == 0:
        return texts[0]
    return None


def elements(finder, value: ast.AST) -> List[str]:
    """The strings an element of ``value`` may be (``x in SUPPORTED``, ``x in [e["ver"] for e in ...]``)."""
    found = _Found([_MAX_VISITS])
    _value(finder, value, found, _STEPS, ((_ANY, None),))
    return list(dict.fromkeys(found))[:_MAX_TEXTS]


# A path into a value: (key, size) per level.  key: an index (``row[1]``), a dict key (``row["ver"]``),
# ("attr", name) for a record's field (``t.ver``), or _ANY for any element (``SUPPORTED[i]``,
# ``max(SUPPORTED)``); size is the length an unpacking target demands (``dep, ver = row`` fails on a row
# of three), None otherwise.
Path = Tuple[Tuple[object, Optional[int]], ...]
_ANY = ("any",)

# str methods and builtins that give back the same version text (red team 25, report 13, f5)
_SAME_TEXT = ("strip", "lstrip", "rstrip", "lower", "upper", "casefold")
_NAMESPACES = ("SimpleNamespace", "types.SimpleNamespace")
_PICKS = ("max", "min")  # max(SUPPORTED): one of its elements (red team 25, report 13, f8)
_ENVIRONMENTS = ("os.environ", "environ")
_ARGV = ("sys.argv", "argv")


def _dotted(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
        return f"{node.value.id}.{node.attr}"
    return ""


def _external(value: ast.AST) -> bool:
    """A value given to the script from outside (the environment, its command line, a prompt), with no
    default: ``os.environ["TARGET"]``, ``os.getenv("T")``, ``os.environ.get("T")``, ``sys.argv[2]``, ``input()``."""
    if isinstance(value, ast.Subscript):
        return _dotted(value.value) in _ENVIRONMENTS + _ARGV
    if not isinstance(value, ast.Call):
        return False
    called = _dotted(value.func)
    if called in ("os.getenv", "getenv", "input"):
        return len(value.args) <= 1 and not value.keywords
    return (
        isinstance(value.func, ast.Attribute) and value.func.attr == "get" and _dotted(value.func.value) in _ENVIRONMENTS
        and len(value.args) == 1 and not value.keywords
    )


def _environment_read(value: ast.AST) -> bool:
    """``os.environ["K"]``, ``os.environ.get("K"[, default])``, ``os.getenv(...)``: the environment's value."""
    if isinstance(value, ast.Subscript):
        return _dotted(value.value) in _ENVIRONMENTS
    if not isinstance(value, ast.Call):
        return False
    if _dotted(value.func) in ("os.getenv", "getenv"):
        return True
    return isinstance(value.func, ast.Attribute) and value.func.attr == "get" and _dotted(value.func.value) in _ENVIRONMENTS


def _value(finder, value: Optional[ast.AST], found: _Found, steps: int, path: Path = ()) -> None:
    """The strings at ``path`` inside ``value`` (``value`` itself when ``path`` is empty)."""
    if value is None or steps < 0 or len(found) >= _MAX_TEXTS or found.left[0] <= 0:
        found.miss()
        return
    found.left[0] -= 1
    if isinstance(value, ast.Constant):
        if isinstance(value.value, str) and not path:
            found.append(value.value)
        elif isinstance(value.value, str):
            found.miss()
        else:
            found.open()  # "2.4.3-6" if prod else None: the value may be None, no version
        return  # None, a number: no version text
    if path and isinstance(value, (ast.Tuple, ast.List, ast.Set)):
        _element(finder, value, found, steps, path)
        return
    if path and isinstance(value, ast.Dict):
        # {"dep": "etl", "ver": "2.3.4-11"} at "ver": its entry (red team 25, report 13, f2: dict rows)
        key = path[0][0]
        _cut(found, value.keys, _MAX_TEXTS * 2)
        for entry_key, entry in list(zip(value.keys, value.values))[: _MAX_TEXTS * 2]:
            if entry_key is None:
                found.miss()  # **extra: it may hold the key too
            elif key is _ANY or (isinstance(entry_key, ast.Constant) and entry_key.value == key):
                _value(finder, entry, found, steps, path[1:])
            elif not isinstance(entry_key, ast.Constant):
                found.miss()
        return
    if isinstance(value, ast.IfExp):
        # "2.4.3-6" if prod else "2.3.4-11", sys.argv[2] if ... else "2.4.3-6": each branch it may be, a
        # branch that cannot be read giving nothing, as a .get default does (red team 24, report 13, f2)
        _value(finder, value.body, found, steps, path)
        _value(finder, value.orelse, found, steps, path)
        return
    if isinstance(value, ast.BoolOp) and isinstance(value.op, ast.Or):
        # os.environ.get("TARGET_AC") or "2.4.3-6": any operand may be the value (red team 24, report 13, f2)
        _cut(found, value.values, _MAX_STORES)
        for operand in value.values[:_MAX_STORES]:
            _value(finder, operand, found, steps, path)
        return
    if _external(value):
        _set_before_run(finder, value, found, path, steps)  # the outside's value, or what the module puts there
        return
    if isinstance(value, ast.Subscript):
        if isinstance(value.slice, ast.Slice):  # ROLLOUT[1:][i]: some of the same rows
            if path and path[0][0] is _ANY:
                _value(finder, value.value, found, steps, path)
            else:
                found.miss()
            return
        key = _key(value.slice)
        # row[1], row["ver"], SUPPORTED[-1], SUPPORTED[i] (any element: red team 25, report 13, f2 f8)
        _value(finder, value.value, found, steps, ((key, None),) + path)
        return
    if isinstance(value, ast.JoinedStr):
        # f"{target}": the name's text (red team 25, report 13, f8); an f-string of literals only: its text
        parts = value.values
        if len(parts) == 1 and isinstance(parts[0], ast.FormattedValue) and parts[0].format_spec is None \
                and parts[0].conversion in (-1, 115) and not path:
            _value(finder, parts[0].value, found, steps, path)
        elif all(isinstance(part, ast.Constant) for part in parts) and not path:
            found.append("".join(str(part.value) for part in parts))
        else:
            _built(finder, value, found, path)
        return
    if isinstance(value, ast.BinOp) and isinstance(value.op, ast.Add):
        _built(finder, value, found, path)  # AIRFLOW + "-6" (red team 28, report 13, f2)
        return
    if isinstance(value, ast.Call):
        _called(finder, value, found, steps, path)
        return
    if isinstance(value, ast.Name):
        _name(finder, value, found, steps - 1, path)
    elif isinstance(value, ast.Attribute) and _parsed_arguments(finder, value.value):
        # args.airflow_version of p.add_argument("--airflow-version", default="2.4.3-6") (red team 23, report 13, f7)
        found.open()  # the command line's value, or the default
        for default in cli_defaults.attribute_defaults(finder, value):
            _value(finder, default, found, steps - 1, path)
        given, spread = _set_defaults(finder)
        for default in given.get(value.attr, ())[:_MAX_STORES]:  # p.set_defaults(version=...) (red team 28, 13, f3)
            _value(finder, default, found, steps - 1, path)
        if spread:
            found.miss()  # p.set_defaults(**DEFAULTS): it may set this dest too
    elif isinstance(value, ast.Attribute):
        _attribute(finder, value, found, steps, path)
    else:
        found.miss()


def _built(finder, value: ast.AST, found: _Found, path: Path) -> None:
    """Red team 28 (report 13), f2: ``f"{AIRFLOW}-{HOTFIX}"`` / ``AIRFLOW + "-6"`` with ``AIRFLOW = "2.4.3"``,
    ``HOTFIX = 6``: the text it is when every piece is one known text (a literal, a number, a name that is
    surely one); else a miss (never whole), so the fallback names the pieces' versions (``_pieces``)."""
    pieces = _joined_pieces(value)
    text = []
    for piece, formatted in pieces or ():
        known = _piece_text(finder, piece, formatted)
        if known is None:
            pieces = None
            break
        text.append(known)
    if pieces is None or path:
        found.miss()
        return
    found.append("".join(text))


def _joined_pieces(value: ast.AST) -> Optional[List[Tuple[ast.AST, bool]]]:
    """(piece, whether an f-string formats it) for the pieces an f-string or a chain of ``+`` joins, in order
    (at most ``_MAX_TEXTS``), else None."""
    pieces: List[Tuple[ast.AST, bool]] = []
    stack = [value]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            stack.extend((node.right, node.left))
        elif isinstance(node, ast.JoinedStr):
            stack.extend(reversed(node.values))
        elif isinstance(node, ast.FormattedValue):
            if node.format_spec is not None or node.conversion not in (-1, 115):
                return None
            pieces.append((node.value, True))  # f"{A + B}": one value, formatted (A + B may be numbers)
        else:
            pieces.append((node, False))
        if len(pieces) + len(stack) > _MAX_TEXTS:
            return None
    return pieces


def _piece_text(finder, piece: ast.AST, formatted: bool) -> Optional[str]:
    """The one text a piece of a built string is: a str literal, an int literal or a name bound once to one
    where an f-string formats it (``+`` of a number is no concatenation), or what ``sure`` reads; else None."""
    if isinstance(piece, ast.Constant) and (type(piece.value) is str or (formatted and type(piece.value) is int)):
        return str(piece.value)
    if isinstance(piece, ast.Name) and formatted:
        stores = finder.names.uses_of_binding(piece.id, "stores", piece)
        parent = finder.names.parent(stores[0]) if len(stores) == 1 else None
        if isinstance(parent, ast.Assign) and isinstance(parent.value, ast.Constant) and type(parent.value.value) is int \
                and not written_into(finder, piece):
            return str(parent.value.value)  # HOTFIX = 6
    return sure(finder, piece)


class SetBeforeRun(str):
    """A value the project's own launcher puts in the environment before it runs the script (a CI workflow's
    ``env:``, ``export`` in a Makefile running it): ``where`` is that setter's ``file:line``; ``how`` says who
    sets it (the module itself: "put into the environment on", ``where`` its line)."""

    where = ""
    how = "set by"


def shown(text: str) -> str:
    """A version as a review names it: quoted, and where the project sets it when it is a launcher's value."""
    where = getattr(text, "where", "")
    return f"{text!r} ({getattr(text, 'how', 'set by')} {where})" if where else repr(text)


def _set_before_run(finder, value: ast.AST, found: _Found, path: Path, steps: int = _STEPS) -> None:
    """Red team 25 (report 11b), f9: ``os.environ["AIRFLOW_VERSION"]`` (``os.getenv``, ``.get``) in a script the
    project's CI workflow runs with ``env: AIRFLOW_VERSION: "2.3.4-11"`` is that value on the runs the project
    makes itself: the launchers' values for the name (``launcher_env.script_values``) are what it may be, each
    named with its setter.  Other values stay possible (whoever runs it by hand), so the reading stays whole as
    an outside value; the values only add reviews.

    Red team 27 (report 13), f1: the module's own writes are setters too.  ``os.environ.setdefault("TARGET_AC",
    "2.4.3-6")`` (or ``os.environ["TARGET_AC"] = ...``, ``.update(TARGET_AC=...)``, ``|= {...}``) then
    ``os.environ["TARGET_AC"]`` sent as the version: the read is what the module put there (or the outside's
    value); each written value is read as any other (a literal, a name, a dict's entry), named with its line.  A
    write the tool cannot place (``os.environ[k] = v``, ``.update(cfg)`` of no readable entry) may be this
    variable: the reading is then not whole, and the fallback names the module's AC versions."""
    from ..sources import launcher_env

    found.open()  # whoever runs the script may set another value
    if path:
        return  # os.environ["ROWS"][0]: a piece of the variable's text, not a version
    call_args = value.args if isinstance(value, ast.Call) else None
    key = value.slice if isinstance(value, ast.Subscript) else (call_args[0] if call_args else None)
    if not (isinstance(key, ast.Constant) and isinstance(key.value, str)):
        return
    script = getattr(getattr(finder, "file", None), "path", None)
    memo = finder.memo.get("one_step_values.set_before_run")
    if memo is None:
        memo = finder.memo["one_step_values.set_before_run"] = launcher_env.script_values(script) if script else {}
    for text, where in memo.get(key.value, ())[:_MAX_STORES]:
        named = SetBeforeRun(text)
        named.where = where
        found.append(named)
    _environ_written(finder, key.value, found, steps)


def _environ_written(finder, name: str, found: _Found, steps: int) -> None:
    """The values the module's own writes to ``os.environ`` give the variable ``name`` (red team 27, report 13,
    f1), each named with its line; a write to a key the tool cannot read counts as a miss."""
    writes = _environ_writes(finder)
    if writes is None:
        found.miss()  # more writes than one reading follows: not whole
        return
    reading_now = finder.memo.setdefault("one_step_values.environ_reading", set())
    if name in reading_now:
        return  # os.environ["K"] = os.environ.get("K", "2.4.3-6").strip(): its own other values, read already
    reading_now.add(name)
    try:
        for written_key, value, line in writes:
            if written_key is _ANY:
                found.miss()  # os.environ[k] = v: it may be this variable
                continue
            own = found.fresh()
            if written_key is _MAPPING:  # os.environ.update(DEFAULTS): DEFAULTS' entry for the name
                _value(finder, value, own, steps - 1, ((name, None),))
            elif written_key == name:
                _value(finder, value, own, steps - 1)
            for text in own:
                if not getattr(text, "where", ""):
                    text = SetBeforeRun(text)
                    text.how, text.where = "put into the environment on", f"line {line}"
                found.append(text)
    finally:
        reading_now.discard(name)


_ENVIRON_SETTERS = ("setdefault", "update", "__setitem__", "__ior__")
_MAPPING = ("mapping",)  # a write of a whole mapping: its entry named for the variable is read
_MAX_ENVIRON_WRITES = 64  # writes to os.environ a module is read for (more: not whole)


def _environ_writes(finder) -> Optional[List[Tuple[object, ast.AST, int]]]:
    """(key, value, line) of each write the module makes to ``os.environ``: ``os.environ["K"] = v``,
    ``.setdefault("K", v)``, ``.update(K=v)`` / ``.update({"K": v})``, ``|= {"K": v}``; the key is _ANY where it
    is known only at run time, and _MAPPING for a mapping whose entries are read by name (``.update(cfg)``,
    ``**cfg``).  One walk of the module (memo); None when it holds more writes than are followed."""
    memo = finder.memo.get("one_step_values.environ_writes", False)
    if memo is not False:
        return memo
    found: List[Tuple[object, ast.AST, int]] = []

    def mapping(node: ast.AST, line: int) -> None:
        if isinstance(node, ast.Dict):
            for entry_key, entry in zip(node.keys, node.values):
                if entry_key is None:
                    found.append((_MAPPING, entry, line))  # {**cfg}
                else:
                    found.append((_key(entry_key) if isinstance(entry_key, ast.Constant) else _ANY, entry, line))
        else:
            found.append((_MAPPING, node, line))

    for node in ast.walk(finder.module):
        if isinstance(node, (ast.Assign, ast.AugAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                if isinstance(target, ast.Subscript) and _dotted(target.value) in _ENVIRONMENTS:
                    key = _key(target.slice)
                    found.append((key if isinstance(key, str) else _ANY, node.value, node.lineno))
                elif isinstance(node, ast.AugAssign) and _dotted(target) in _ENVIRONMENTS:
                    mapping(node.value, node.lineno)  # os.environ |= {"TARGET_AC": "2.4.3-6"}
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in _ENVIRON_SETTERS \
                and _dotted(node.func.value) in _ENVIRONMENTS:
            if node.func.attr in ("setdefault", "__setitem__") and len(node.args) == 2:
                key = _key(node.args[0])
                found.append((key if isinstance(key, str) else _ANY, node.args[1], node.lineno))
            elif node.func.attr in ("update", "__ior__"):
                for argument in node.args:
                    mapping(argument, node.lineno)
                for keyword in node.keywords:
                    if keyword.arg is None:
                        found.append((_MAPPING, keyword.value, node.lineno))
                    else:
                        found.append((keyword.arg, keyword.value, node.lineno))
            else:
                found.append((_ANY, node, node.lineno))
        if len(found) > _MAX_ENVIRON_WRITES:
            found = None
            break
    finder.memo["one_step_values.environ_writes"] = found
    return found


def _key(node: ast.AST):
    """A subscript's constant key (``1``, ``-1``, ``"ver"``), else _ANY."""
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub) and isinstance(node.operand, ast.Constant) \
            and type(node.operand.value) is int:
        return -node.operand.value  # SUPPORTED[-1]
    return node.value if isinstance(node, ast.Constant) and type(node.value) in (int, str) else _ANY


def _element(finder, value, found: _Found, steps: int, path: Path) -> None:
    """("d1", "2.3.4-11") at (1, 2): its second element (red team 24, report 13, f1: rows unpacked in steps);
    at _ANY, each element."""
    key, size = path[0]
    if any(isinstance(e, ast.Starred) for e in value.elts):
        found.miss()
        return
    if key is _ANY:
        _cut(found, value.elts)
        for element in value.elts[:_MAX_TEXTS]:
            _value(finder, element, found, steps, path[1:])
        return
    if type(key) is not int or isinstance(value, ast.Set) or (size is not None and len(value.elts) != size):
        # row["ver"] of a tuple, a row of another length: the script fails there, or the reader took the
        # wrong row (red team 28, report 13, f8: starmap's PLAN read as one row): not whole
        found.miss()
        return
    if -len(value.elts) <= key < len(value.elts):
        _value(finder, value.elts[key], found, steps, path[1:])
    else:
        found.miss()


def _cut(found: _Found, items, limit: int = _MAX_TEXTS) -> None:
    """A list of places longer than a reading follows: the ones left out make it not whole (red team 28,
    report 13: no silent truncation)."""
    if len(items) > limit:
        found.miss()


def _called(finder, value: ast.Call, found: _Found, steps: int, path: Path) -> None:
    """What a call gives: a .get default (and the mapping's entries), a str method or ``str()`` of a value
    (the same text), ``max``/``min`` of a module list (one of its elements), ``dict(k=...)``, a module
    record class built with a field, a module function's returns."""
    func = value.func
    method = func.attr if isinstance(func, ast.Attribute) else None
    called = func.id if isinstance(func, ast.Name) else None
    if _response(finder, value):
        found.responses[0] += 1
        return  # a response's data (resp.json(), a helper returning one): the server's values, not the module's
    if method in _SAME_TEXT:
        # os.environ.get("X", "2.4.3-6").strip(), target.lower() (red team 25, report 13, f5)
        _value(finder, func.value, found, steps, path)
        return
    if called == "str" and len(value.args) == 1 and not value.keywords and not path:
        _value(finder, value.args[0], found, steps, path)  # str(os.environ.get(..., "2.4.3-6"))
        return
    if called in _PICKS and len(value.args) == 1 and not value.keywords:
        _value(finder, value.args[0], found, steps, ((_ANY, None),) + path)  # max(SUPPORTED)
        return
    if called in _ORDERING and len(value.args) == 1 and path and (path[0][0] is _ANY or type(path[0][0]) is int):
        _value(finder, value.args[0], found, steps, ((_ANY, None),) + path[1:])  # sorted(SUPPORTED)[-1]
        return
    if method == "values" and not value.args and not value.keywords and path and path[0][0] is _ANY:
        _value(finder, func.value, found, steps, path)  # x in STORED.values(): any entry of STORED (red team 27, 13, f2)
        return
    if method == "choice" and len(value.args) == 1:
        _value(finder, value.args[0], found, steps, ((_ANY, None),) + path)  # random.choice(SUPPORTED)
        return
    default = _get_default(value)
    if method == "pop" and value.args and _dotted(func.value) not in _ENVIRONMENTS and (default is not None or (
        len(value.args) == 1 and isinstance(value.args[0], ast.Constant) and isinstance(value.args[0].value, str)
    )):
        # options.pop("version", "2.4.3-6"): the entry, or the default, as .get gives (red team 28, report 13, f9)
        found.open()
        if default is not None:
            _value(finder, default, found, steps - 1, path)
        key = value.args[0].value if isinstance(value.args[0], ast.Constant) and isinstance(value.args[0].value, str) else _ANY
        _value(finder, func.value, found, steps, ((key, None),) + path)
        return
    if method in ("get", "getenv"):
        found.open()  # the entry, or the default when there is none
        if default is not None:
            _value(finder, default, found, steps - 1, path)
        receiver = func.value
        if _dotted(receiver) in _ENVIRONMENTS or called == "getenv" or method == "getenv":
            _set_before_run(finder, value, found, path, steps)
            return  # the environment's value, or its default
        if method == "get" and value.args:
            # row.get("ver", ...), PINS.get(env): the mapping's entry (any of its values for a run-time key)
            key = value.args[0].value if isinstance(value.args[0], ast.Constant) and isinstance(value.args[0].value, str) else _ANY
            _value(finder, receiver, found, steps, ((key, None),) + path)
            return
        found.miss()
        return
    if called == "dict" and path and not value.args:
        key = path[0][0]
        for keyword in value.keywords:
            if keyword.arg is None:
                found.miss()
            elif key is _ANY or keyword.arg == key:
                _value(finder, keyword.value, found, steps, path[1:])
        return
    if _dotted(func) in _NAMESPACES and path and _is_field(path[0][0]) and not value.args:
        # SimpleNamespace(target="2.4.3-6").target: the keyword of that name (red team 28, report 13, f1)
        for keyword in value.keywords:
            if keyword.arg is None:
                found.miss()  # SimpleNamespace(**cfg): it may hold the field too
            elif keyword.arg == path[0][0][1]:
                _value(finder, keyword.value, found, steps, path[1:])
        return
    if path and isinstance(path[0][0], tuple) and path[0][0] is not _ANY and called is not None:
        _record_field(finder, value, called, path[0][0][1], found, steps, path[1:])  # Target("etl", "2.3.4-11").ver
        return
    if called is not None and not value.args and not value.keywords:
        _returned(finder, called, found, steps - 1, path)
        return
    found.miss()


def _response(finder, call: ast.Call) -> bool:
    """Is ``call`` a response's decoded body: ``.json()``, or a module function whose top-level returns all
    read one (``def houston(q, v): return requests.post(...).json()["data"]``)?  Once per function."""
    if isinstance(call.func, ast.Attribute) and call.func.attr == "json" and not call.args:
        return True
    if not isinstance(call.func, ast.Name):
        return False
    definition = finder.collector.function_defs.get(call.func.id)
    if definition is None or isinstance(definition, ast.Lambda):
        return False
    memo = finder.memo.setdefault("one_step_values.responses", {})
    if id(definition) not in memo:
        returns = [s.value for s in definition.body if isinstance(s, ast.Return) and s.value is not None]
        memo[id(definition)] = bool(returns) and all(_json_root(value) for value in returns)
    return memo[id(definition)]


def _json_root(node: ast.AST) -> bool:
    while isinstance(node, (ast.Subscript, ast.Attribute)) and not (isinstance(node, ast.Attribute) and node.attr == "json"):
        node = node.value
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "json" and not node.args


def _attribute(finder, value: ast.Attribute, found: _Found, steps: int, path: Path) -> None:
    """``t.ver`` of a record the module builds (a NamedTuple / dataclass row, ``settings = Settings()``): the
    field given or its default (red team 25, report 13, f2 f10); an attribute of an object the reader cannot
    place: the AC-style literals any class of the module declares for it (as a template hole's attribute is
    read, ``hole_bindings``), and the reading is not whole."""
    if isinstance(value.value, ast.Name) and value.value.id not in ("self", "cls"):
        own = found.fresh()
        _value(finder, value.value, own, steps, ((("attr", value.attr), None),) + path)
        if own:
            found.extend(own)
            return
    found.miss()
    if path:
        return
    from .hole_bindings import _class_attribute_literals  # built once per module

    for _klass, declared, _where in _class_attribute_literals(finder).get(value.attr, ())[:_MAX_STORES]:
        if isinstance(declared, ast.Constant) and isinstance(declared.value, str):
            found.append(declared.value)


def _record_field(finder, call: ast.Call, called: str, field: str, found: _Found, steps: int, path: Path) -> None:
    """The ``field`` of ``Target("etl", "2.3.4-11")`` / ``Settings()`` built from a record class of the module
    (its class-body fields, in order, with their defaults), when the class has no ``__init__`` of its own."""
    from .hole_bindings import _field_default

    klass = _record_classes(finder).get(called)
    if klass is None:
        found.miss()
        return
    fields = klass[1]
    names = [name for name, _default in fields]
    given = next((k.value for k in call.keywords if k.arg == field), None)
    if given is None and any(k.arg is None for k in call.keywords):
        found.miss()
        return
    if given is None and field in names:
        index = names.index(field)
        if any(isinstance(a, ast.Starred) for a in call.args[: index + 1]):
            found.miss()
            return
        given = call.args[index] if index < len(call.args) else _field_default(fields[index][1])
    _value(finder, given, found, steps, path)


def _record_classes(finder) -> dict:
    """class name -> (the class, [(field, its class-body value)]) for the module's classes defined once with no
    ``__init__`` (NamedTuple, dataclass, pydantic models and settings): indexed once per module."""
    index = finder.memo.get("one_step_values.records")
    if index is not None:
        return index
    index, seen = {}, {}
    for klass in ast.walk(finder.module):
        if not isinstance(klass, ast.ClassDef):
            continue
        seen[klass.name] = seen.get(klass.name, 0) + 1
        if any(isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef)) and s.name == "__init__" for s in klass.body):
            continue
        fields = []
        for statement in klass.body:
            if isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name):
                fields.append((statement.target.id, statement.value))
        index[klass.name] = (klass, fields)
    for name, count in seen.items():
        if count > 1:
            index.pop(name, None)
    finder.memo["one_step_values.records"] = index
    return index


_PARSERS = ("parse_args", "parse_known_args")
def _parsed_arguments(finder, base: ast.AST) -> bool:
    """Is ``base`` (the ``args`` of ``args.x``) bound only to ``parser.parse_args()`` (or
    ``parse_known_args()[0]``, or a parameter it is handed in as)?  One look at the name's own stores."""
    if not isinstance(base, ast.Name):
        return False
    names = finder.names
    stores = names.uses_of_binding(base.id, "stores", base)
    if not stores or len(stores) > _MAX_STORES:
        return False
    for store in stores:
        parent = names.parent(store)
        if isinstance(store, ast.arg):
            # red team 28 (report 13), f1 f5: every parameter passed here, so self.TARGET, cls.TARGET and
            # plan.version of ``def up(plan: Plan)`` read as a command line's option (whole, no value): only an
            # unannotated (or Namespace) parameter, not a method's own object, in a module that parses arguments
            if not _handed_arguments(finder, names, store, parent):
                return False
            continue
        value = parent.value if isinstance(parent, (ast.Assign, ast.AnnAssign)) else None
        if isinstance(parent, ast.Tuple):  # args, rest = p.parse_known_args()
            holder = names.parent(parent)
            value = holder.value if isinstance(holder, ast.Assign) and parent.elts and parent.elts[0] is store else None
        if isinstance(value, ast.Subscript):
            value = value.value
        if not (isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute) and value.func.attr in _PARSERS):
            return False
    return True


def _handed_arguments(finder, names, store: ast.arg, arguments) -> bool:
    """May the parameter ``store`` be the parsed arguments handed in (``def main(args)``)?  Not ``self`` /
    ``cls`` (nor a method's first parameter), not one annotated with another type, and only in a module that
    calls ``parse_args()`` itself (one walk of the module, memo)."""
    if store.arg in ("self", "cls"):
        return False
    function = names.parent(arguments) if isinstance(arguments, ast.arguments) else None
    positional = [*arguments.posonlyargs, *arguments.args] if isinstance(arguments, ast.arguments) else []
    if function is not None and id(function) in finder.collector.methods and positional and positional[0] is store:
        return False
    if store.annotation is not None and not _dotted(store.annotation).endswith("Namespace"):
        return False
    memo = finder.memo.get("one_step_values.parses")
    if memo is None:
        memo = finder.memo["one_step_values.parses"] = any(
            isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in _PARSERS
            for node in ast.walk(finder.module)
        )
    return memo


def _set_defaults(finder) -> Tuple[dict, bool]:
    """Red team 28 (report 13), f3: ``parser.set_defaults(version="2.4.3-6")``: dest -> [values] of the module's
    ``set_defaults`` calls, and whether one passes ``**mapping`` (then any dest may be set there).  One walk of
    the module (memo)."""
    memo = finder.memo.get("one_step_values.set_defaults")
    if memo is None:
        index: dict = {}
        spread = False
        for node in ast.walk(finder.module):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "set_defaults":
                for keyword in node.keywords:
                    if keyword.arg is None:
                        spread = True
                    else:
                        index.setdefault(keyword.arg, []).append(keyword.value)
                spread = spread or bool(node.args)
        memo = finder.memo["one_step_values.set_defaults"] = (index, spread)
    return memo


def _returned(finder, name: str, found: _Found, steps: int, path: Path = ()) -> None:
    """``target_version()`` of a module function ``def target_version(): return "2.4.3-6"``: what its own
    body's ``return`` statements give, every one readable (else nothing)."""
    definition = finder.collector.function_defs.get(name)
    if steps < 0 or definition is None or id(definition) in finder.collector.methods:
        found.miss()
        return
    if len(finder.collector.defs_named.get(name, ())) != 1 or isinstance(definition, ast.Lambda):
        found.miss()
        return  # redefined: which one runs is not known here
    returns = [statement for statement in definition.body if isinstance(statement, ast.Return)]
    if not returns or _nested_returns(finder, definition):
        found.miss()  # a return inside an if or a loop: not read here
    gathered = found.fresh()
    _cut(found, returns, _MAX_STORES)
    for statement in returns[:_MAX_STORES]:
        before = len(gathered)
        _value(finder, statement.value, gathered, steps, path)
        if len(gathered) == before:
            return
    found.extend(gathered)


def _nested_returns(finder, definition) -> bool:
    """Has the function a ``return`` below its top level (not in a nested function)?  Once per function."""
    memo = finder.memo.setdefault("one_step_values.nested_returns", {})
    if id(definition) not in memo:
        stack, nested = [child for statement in definition.body for child in ast.iter_child_nodes(statement)], False
        while stack and not nested:
            node = stack.pop()
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
                continue
            nested = isinstance(node, ast.Return)
            stack.extend(ast.iter_child_nodes(node))
        memo[id(definition)] = nested
    return memo[id(definition)]


def _get_default(value: ast.AST) -> Optional[ast.AST]:
    """The default of ``x.get(key, DEFAULT)`` / ``os.environ.get(NAME, DEFAULT)`` / ``os.getenv(NAME, DEFAULT)``."""
    if not isinstance(value, ast.Call) or not isinstance(value.func, ast.Attribute):
        return None
    if value.func.attr not in ("get", "getenv", "pop"):
        return None
    if len(value.args) >= 2:
        return value.args[1]
    return next((k.value for k in value.keywords if k.arg == "default"), None)


def _name(finder, name: ast.Name, found: _Found, steps: int, path: Path = ()) -> None:
    if steps < 0:
        found.miss()
        return
    names = finder.names
    # version = version or "2.4.3-6": the right side reads the name's other bindings, not this one (red team
    # 25, report 13, f9)
    stores = [store for store in names.uses_of_binding(name.id, "stores", name) if not _reads_itself(names, store, name)]
    if not stores or len(stores) > _MAX_STORES:
        found.miss()
        return
    gathered = found.fresh()
    for store in stores:
        before, missed = len(gathered), found.misses[0]
        _store(finder, names, store, gathered, steps, path, rebound=len(stores) > 1)
        if len(gathered) == before and found.misses[0] > missed:
            return  # also bound to something unreadable (odd = "2.3.4"; odd = wanted): nothing is known
    if path:
        _written(finder, names, name.id, stores[0], gathered, steps, path)
    found.extend(gathered)


# Methods that only read a container: a call of any other on it may change what its entries are.
_READS_ONLY = frozenset({"get", "keys", "values", "items", "copy", "count", "index", "__contains__", "__getitem__",
                         "__len__", "__iter__", "startswith", "endswith", "format", "join", "split"})
_REMOVES = frozenset({"pop", "popitem", "remove", "discard", "clear", "sort", "reverse"})  # no new value; places move
_MAX_WRITES = 32  # in-place writes to one container a reading follows (more: not whole)


def written_into(finder, name: ast.Name) -> bool:
    """Does the module change the container ``name`` is bound to in place (``X["k"] = v``, ``X.update(...)``,
    ``X |= {...}``) or bind it more than once?  Then an entry read from its display may be another value."""
    names = finder.names
    stores = names.uses_of_binding(name.id, "stores", name)
    if len(stores) != 1:
        return True
    return _container_writes(finder, names, name.id, stores[0]) != []


def _written(finder, names, name: str, store: ast.AST, found: _Found, steps: int, path: Path) -> None:
    """Red team 27 (report 13), f2: what the module stores into a container after binding it, at ``path``:
    ``TARGETS = {"dev": "2.3.4-11"}`` then ``TARGETS.update(prod="2.4.3-6")``, ``TARGETS["prod"] = ...``,
    ``.setdefault("prod", ...)``, ``SUPPORTED.append(...)`` / ``.extend(...)``, ``t.ver = ...``: ``TARGETS[env]``
    may be any of them too.  An entry at another key adds nothing; a write the reader cannot place (a method it
    does not know, a list whose places move, read at an index) counts as a miss, so the fallback speaks."""
    writes = _container_writes(finder, names, name, store)
    if writes is None:
        found.miss()
        return
    key = path[0][0]
    for kind, written_key, value in writes:
        if kind == "entry":  # X[k] = v, X.setdefault(k, v), X.update(k=v), t.ver = v
            if key is _ANY or written_key is _ANY or written_key == key:
                if written_key is _ANY and key is not _ANY:
                    found.open()  # X[k] = v may or may not be X["prod"]
                _value(finder, value, found, steps, path[1:])
        elif kind == "mapping":  # X.update(OTHER), X.update(**OTHER): OTHER's entries
            _value(finder, value, found, steps, path)
        elif kind in ("element", "elements") and key is _ANY:  # X.append(v) / X.add(v), X.extend(vs)
            _value(finder, value, found, steps, path[1:] if kind == "element" else path)
        elif kind in ("element", "elements", "moved") and type(key) is int:
            found.miss()  # SUPPORTED[-1] after an append, an insert or a sort: another element
        elif kind == "unknown":
            found.miss()


def _container_writes(finder, names, name: str, store: ast.AST) -> Optional[List[Tuple[str, object, ast.AST]]]:
    """(kind, key, value) of each in-place write to the binding of ``name`` made at ``store`` (its loads in the
    module's binding index, once per binding); None when there are more than are followed."""
    loads = names.loads_of_binding(name, store)
    memo = finder.memo.setdefault("one_step_values.container_writes", {})
    key = (name, id(loads))
    if key in memo:
        return memo[key][1]
    found: Optional[List[Tuple[str, object, ast.AST]]] = []
    for load in loads:
        user = names.parent(load)
        holder = names.parent(user) if user is not None else None
        if isinstance(user, ast.Subscript) and user.value is load and isinstance(user.ctx, ast.Store):
            written = _written_value(holder, user)
            found.append(("entry", _key(user.slice), written) if written is not None else ("unknown", None, user))
        elif isinstance(user, ast.Subscript) and user.value is load and isinstance(user.ctx, ast.Del):
            found.append(("moved", None, user))
        elif isinstance(user, ast.Attribute) and user.value is load and isinstance(user.ctx, ast.Store):
            written = _written_value(holder, user)  # settings.target_version = "2.4.3-6"
            found.append(("entry", ("attr", user.attr), written) if written is not None else ("unknown", None, user))
        elif isinstance(user, ast.Attribute) and user.value is load and user.attr not in _READS_ONLY:
            if not (isinstance(holder, ast.Call) and holder.func is user):
                continue  # t.ver, TARGETS.update passed on: a read, or a call the tool does not see
            _method_writes(user.attr, holder, found)
        if len(found) > _MAX_WRITES:
            found = None
            break
    memo[key] = (loads, found)  # the list kept alive with its id
    return found


def _written_value(holder: Optional[ast.AST], target: ast.AST) -> Optional[ast.AST]:
    """The value a plain assignment gives ``target`` (``X["k"] = v``, ``t.ver = v``), else None."""
    if isinstance(holder, (ast.Assign, ast.AnnAssign)) and holder.value is not None and (
        target is getattr(holder, "target", None) or any(target is t for t in getattr(holder, "targets", ()))
    ):
        return holder.value
    return None


def _method_writes(method: str, call: ast.Call, found: list) -> None:
    """The writes a method call on a container makes (see :func:`_container_writes`)."""
    if method in ("setdefault", "__setitem__") and len(call.args) == 2 and not call.keywords:
        found.append(("entry", _key(call.args[0]), call.args[1]))
    elif method == "setdefault" and len(call.args) == 1:
        return  # X.setdefault("k"): None, no version
    elif method in ("update", "__ior__"):
        for argument in call.args:
            if isinstance(argument, ast.Dict):
                for entry_key, entry in zip(argument.keys, argument.values):
                    found.append(("mapping", None, entry) if entry_key is None else ("entry", _key(entry_key), entry))
            else:
                found.append(("mapping", None, argument))
        for keyword in call.keywords:
            found.append(("mapping", None, keyword.value) if keyword.arg is None else ("entry", keyword.arg, keyword.value))
    elif method in ("append", "add") and len(call.args) == 1 and not call.keywords:
        found.append(("element", None, call.args[0]))
    elif method == "insert" and len(call.args) == 2 and not call.keywords:
        found.append(("element", None, call.args[1]))
        found.append(("moved", None, call))
    elif method == "extend" and len(call.args) == 1 and not call.keywords:
        found.append(("elements", None, call.args[0]))
    elif method not in _REMOVES:
        found.append(("unknown", None, call))
    elif method in ("pop", "remove", "sort", "reverse", "clear", "popitem", "discard"):
        found.append(("moved", None, call))


def _reads_itself(names, store: ast.AST, name: ast.Name) -> bool:
    """Is ``name`` read in the value of the assignment that makes ``store`` (``v = v or "2.4.3-6"``)?"""
    parent = names.parent(store)
    value = parent.value if isinstance(parent, (ast.Assign, ast.AnnAssign)) and parent.value is not None else None
    if value is None or not hasattr(name, "lineno"):
        return False
    return (value.lineno, value.col_offset) <= (name.lineno, name.col_offset) < (value.end_lineno, value.end_col_offset)


def _store(finder, names, store: ast.AST, found: _Found, steps: int, path: Path = (), rebound: bool = False) -> None:
    """The strings one binding of a name gives it (at ``path`` inside it).

    Red team 24 (report 13), f1: a name unpacked from a row at any depth (``for i, (dep, ver) in
    enumerate(ROLLOUT)``), or from a loop's row in the loop's body (``for row in ROLLOUT: dep, ver =
    row``), is the row's element at the same place: the target's shape is read as a path (``_target_path``)
    and the rows' elements at that path are what the name may be."""
    parent = names.parent(store)
    if isinstance(parent, (ast.Assign, ast.AnnAssign, ast.NamedExpr)) and (
        store is getattr(parent, "target", None) or store in getattr(parent, "targets", ())
    ):
        _value(finder, parent.value, found, steps, path)
    elif isinstance(store, ast.arg) and isinstance(parent, ast.arguments):
        _parameter(finder, names, store, parent, found, steps, path, rebound)
    elif isinstance(parent, (ast.Tuple, ast.List)):
        inner, target = _target_path(names, store)
        holder = names.parent(target) if target is not None else None
        if isinstance(holder, (ast.For, ast.comprehension)) and holder.target is target:
            _iterated(finder, holder.iter, found, steps, inner + path)  # for label, version in [(...), ...]
        elif isinstance(holder, ast.Assign) and target in holder.targets:
            _value(finder, holder.value, found, steps, inner + path)  # dep, ver = row
        else:
            found.miss()
    elif isinstance(parent, (ast.For, ast.comprehension)) and parent.target is store:
        _iterated(finder, parent.iter, found, steps, path)  # for version in ["2.3.4-11", "2.4.3-6"]
    elif isinstance(store, ast.ClassDef) and path and _is_field(path[0][0]):
        _class_body_value(finder, store, path[0][0][1], found, steps, path[1:])  # Cfg.PIN: the body's binding
    elif isinstance(parent, ast.AugAssign) and parent.target is store and path and (
        (isinstance(parent.op, ast.BitOr) and type(path[0][0]) is not int)
        or (isinstance(parent.op, ast.Add) and path[0][0] is _ANY)
    ):
        # TARGETS |= {"prod": "2.4.3-6"}, SUPPORTED += ["2.4.3-6"]: the entries added, beside the name's other
        # bindings' (red team 27, report 13, f2)
        _value(finder, parent.value, found, steps, path)
    else:
        found.miss()  # another augmented assignment, a with ... as, an import: not read


def _is_field(key) -> bool:
    return isinstance(key, tuple) and key is not _ANY and len(key) == 2 and key[0] == "attr"


def _class_body_value(finder, klass: ast.ClassDef, attribute: str, found: _Found, steps: int, path: Path) -> None:
    """``Cfg.PIN`` of ``class Cfg: PIN = "2.3.4-11"``: the class body's one plain binding of the attribute (a stored
    ``Cfg.PIN = ...`` elsewhere is added by :func:`_written`); else a miss (a method, a base's, several)."""
    memo = finder.memo.setdefault("one_step_values.class_bodies", {})
    if id(klass) not in memo:  # the body's bindings by name, and whether it has methods: once per class
        bindings: dict = {}
        for statement in klass.body:
            if isinstance(statement, (ast.Assign, ast.AnnAssign)) and statement.value is not None:
                for target in getattr(statement, "targets", [getattr(statement, "target", None)]):
                    if isinstance(target, ast.Name):
                        bindings.setdefault(target.id, []).append(statement.value)
        methods = any(isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef)) for statement in klass.body)
        memo[id(klass)] = (klass, bindings, methods)
    _klass, bindings, methods = memo[id(klass)]
    bound = bindings.get(attribute, [])
    if len(bound) != 1 or klass.bases or klass.decorator_list or methods:
        # a dataclass field is a default, an enum member is no string, a base may bind it, a method may rebind it
        found.miss()
        return
    _value(finder, bound[0], found, steps, path)


def _parameter(finder, names, store: ast.arg, arguments: ast.arguments, found: _Found, steps: int, path: Path, rebound: bool) -> None:
    """A parameter: its default (or the command-line option's), when a call may leave it.  Its callers: a
    parameter the function rebinds (``version = version or "2.4.3-6"``) gets what they pass read here too
    (one never rebound has them reviewed where they pass it, ``review_callers``); the reading is whole only
    when every call of the module can be read (red team 25, report 13: the fallback's guard)."""
    function = names.parent(arguments)
    default = _default_of(arguments, store)
    found.open()  # what a caller gives, or the default
    if default is None:  # def upgrade(deployment, airflow_version) under @click.option(..., default=...)
        # (red team 23, report 13, f7): what the command runs with
        defaults = cli_defaults.parameter_defaults(finder, function, store.arg)
        if len(defaults) == 1:
            _value(finder, defaults[0], found, steps, path)
        if defaults or _command(function):
            return  # a command's option: the command line's value, or its default
    else:
        _value(finder, default, found, steps, path)
    if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
        found.miss()
        return
    if rebound:
        for _node, argument, inner in _passed(finder, function, store.arg)[:_MAX_TEXTS]:
            _value(finder, argument, found, steps - 1, inner + path)
    if not _traced(finder, function, store.arg, path):
        found.miss()


def _command(function) -> bool:
    """A function a command-line framework calls (``@click.command``, ``@app.command()``, ``@click.option``)."""
    for decorator in getattr(function, "decorator_list", ()):
        called = decorator.func if isinstance(decorator, ast.Call) else decorator
        if isinstance(called, ast.Attribute) and called.attr in ("command", "option", "argument", "group", "callback"):
            return True
    return False


def _passed(finder, function, parameter: str) -> List[Tuple[ast.AST, ast.AST, Path]]:
    """(where, the value, the path into it) for what each of the module's calls of ``function`` passes for
    ``parameter``: the argument itself, or a row or a mapping it unpacks (``upgrade(*row)``,
    ``upgrade(**PLAN)``: red team 25, report 13, f1).  A call giving nothing there (its default) is left out."""
    memo = finder.memo.setdefault("one_step_values.passed", {})
    key = (id(function), parameter)
    if key in memo:
        return memo[key]
    memo[key] = found = []
    for call, _scope in _calls(finder, function):
        argument, told = _argument(function, call, parameter, id(function) in finder.collector.methods)
        if told:
            if argument is not None and argument is not call:
                found.append((argument, argument, ()))
            continue
        found.extend(_unpacked(function, call, parameter, id(function) in finder.collector.methods))
    return found


def _traced(finder, function, parameter: str, path: Path) -> bool:
    """Are all the values the module's calls pass for ``parameter`` read whole (every call told, each value
    readable)?  A function with no call in the module is called from somewhere the tool does not see.  Once
    per (function, parameter, path), with a budget of its own."""
    memo = finder.memo.setdefault("one_step_values.traced", {})
    key = (id(function), parameter, path)
    if key in memo:
        return memo[key]
    memo[key] = False  # a recursive call: not traced
    calls = _calls(finder, function)
    if not calls:
        return False
    passed = _passed(finder, function, parameter)
    own = _Found([_MAX_VISITS])
    for call, _scope in calls:
        argument, told = _argument(function, call, parameter, id(function) in finder.collector.methods)
        if argument is call:
            return False  # the keywords a **kwargs parameter gathers: not read here (red team 28, report 13, class)
        if not told and not any(node is not None for node, _v, _p in _unpacked(function, call, parameter, id(function) in finder.collector.methods)):
            return False
    for _node, argument, inner in passed[:_MAX_TEXTS]:
        _value(finder, argument, own, _STEPS, inner + path)
    memo[key] = own.misses[0] == 0 and len(passed) <= _MAX_TEXTS
    return memo[key]


def _calls(finder, function) -> list:
    """The module's calls that may run ``function`` (``forwarded_variables``' index, once per function)."""
    caller_arguments(finder, function, "")  # builds the memo
    return finder.memo.get("forwarded_variables.callers", {}).get(id(function), [])


def _unpacked(function, call: ast.Call, parameter: str, method: bool) -> List[Tuple[ast.AST, ast.AST, Path]]:
    """``upgrade(*row)``: the element of ``row`` at the parameter's place; ``upgrade(**PLAN)``: ``PLAN``'s
    entry named for it.  [] when neither can be told."""
    positional, _vararg, _kwarg = parameters(function)
    static = any(isinstance(d, ast.Name) and d.id == "staticmethod" for d in getattr(function, "decorator_list", ()))  # lambda: none (RT28 12 f1)
    if method and not static and positional:
        positional = positional[1:]
    found: List[Tuple[ast.AST, ast.AST, Path]] = []
    starred = [i for i, a in enumerate(call.args) if isinstance(a, ast.Starred)]
    if parameter in positional and len(starred) == 1 and starred[0] == len(call.args) - 1:
        index = positional.index(parameter) - starred[0]
        if index >= 0:
            # starmap(upgrade, PLAN): each row of PLAN unpacked (red team 28, report 13, f8)
            rows = ((_ANY, None),) if getattr(call, "each_row", False) else ()
            found.append((call.args[-1], call.args[-1].value, rows + ((index, None),)))
    if not found and not any(k.arg == parameter for k in call.keywords):
        splats = [k for k in call.keywords if k.arg is None]
        if len(splats) == 1 and (parameter not in positional or positional.index(parameter) >= len(call.args)) and not starred:
            found.append((splats[0], splats[0].value, ((parameter, None),)))
    return found


def _target_path(names, store: ast.AST):
    """(the path from the outermost unpacking target down to ``store``, that target), or ((), None) when a
    ``*rest`` makes the places unknown.  Bounded by the target's own nesting."""
    path: List[Tuple[int, Optional[int]]] = []
    node, parent = store, names.parent(store)
    while isinstance(parent, (ast.Tuple, ast.List)) and isinstance(parent.ctx, ast.Store):
        if any(isinstance(e, ast.Starred) for e in parent.elts):
            return (), None
        path.append((parent.elts.index(node), len(parent.elts)))
        node, parent = parent, names.parent(parent)
    return tuple(reversed(path)), node


_ORDERING = ("sorted", "list", "tuple", "reversed")


def _iterated(finder, iterated: ast.AST, found: _Found, steps: int, path: Path) -> None:
    """The strings at ``path`` inside each item a loop runs over: the elements of a list / tuple / set
    display, a dict display's keys, ``.items()`` (``(key, value)`` rows) or ``.values()``, written there or
    bound once to a name (red team 23, report 13, f3).

    Red team 24 (report 13), f1: also through what re-deals those rows: ``enumerate(ROWS[, start])``
    (``(index, row)``), ``zip(A, B)`` (``(a, b)``), a slice ``ROWS[1:]`` (some of the same rows),
    ``dict(PAIRS).items()`` / ``.values()`` (the pairs themselves), besides ``sorted`` / ``list`` /
    ``tuple`` / ``reversed``.  Each wrapper is unwrapped once, so the walk is bounded by the expression.
    What it cannot read counts as a miss (red team 25, report 13)."""
    if len(found) >= _MAX_TEXTS:
        found.miss()
        return
    if isinstance(iterated, ast.Call) and any(isinstance(a, ast.Starred) for a in iterated.args):
        found.miss()
        return
    if isinstance(iterated, ast.Subscript) and isinstance(iterated.slice, ast.Slice):
        _iterated(finder, iterated.value, found, steps, path)  # ROLLOUT[1:]
        return
    function = iterated.func.id if isinstance(iterated, ast.Call) and isinstance(iterated.func, ast.Name) else None
    if function in _ORDERING and len(iterated.args) == 1:
        _iterated(finder, iterated.args[0], found, steps, path)  # sorted(TARGETS.items()), list(ROLLOUT): the same rows
        return
    if function == "enumerate" and iterated.args and len(iterated.args) <= 2:
        if path and path[0][1] in (2, None) and path[0][0] in (1, -1):
            _iterated(finder, iterated.args[0], found, steps, path[1:])  # (index, row): the row
        elif not (path and path[0][0] in (0, -2)):
            found.miss()
        return
    if function == "zip" and iterated.args:
        if path and path[0][1] in (len(iterated.args), None) and type(path[0][0]) is int \
                and -len(iterated.args) <= path[0][0] < len(iterated.args):
            _iterated(finder, iterated.args[path[0][0]], found, steps, path[1:])  # (a, b): a row of A or of B
        else:
            found.miss()
        return
    method = None
    if isinstance(iterated, ast.Call) and isinstance(iterated.func, ast.Attribute) and not iterated.args and not iterated.keywords:
        method, iterated = iterated.func.attr, iterated.func.value
        if method not in ("items", "values", "keys"):
            found.miss()
            return
    if _dict_of_pairs(iterated):
        pairs = iterated.args[0]
        if not isinstance(_displayed(finder, pairs), ast.Dict):
            # dict(ROLLOUT).items(): ROLLOUT's own pairs (.values(): their second elements; the dict itself
            # or .keys(): their first)
            step = {"items": (), "values": ((1, 2),)}.get(method, ((0, 2),))
            _iterated(finder, pairs, found, steps, step + path)
            return
        iterated = pairs  # dict(TARGETS) of a dict display: the same entries
    shown = _displayed(finder, iterated)
    if method is None and isinstance(shown, (ast.List, ast.Tuple, ast.Set)):
        _cut(found, shown.elts)
        for row in shown.elts[:_MAX_TEXTS]:
            if not isinstance(row, ast.Starred):
                _value(finder, row, found, steps, path)
            else:
                found.miss()
        return
    if isinstance(shown, ast.Dict) and None not in shown.keys:
        _cut(found, shown.keys)
        for key, value in list(zip(shown.keys, shown.values))[:_MAX_TEXTS]:
            if method == "values":
                _value(finder, value, found, steps, path)
            elif method == "items":
                _value(finder, ast.Tuple(elts=[key, value], ctx=ast.Load()), found, steps, path)
            elif method == "keys" or method is None:
                _value(finder, key, found, steps, path)  # for version in TARGETS: its keys
        return
    found.miss()


def _dict_of_pairs(node: ast.AST) -> bool:
    """``dict(X)``: one positional argument, no keywords."""
    return (
        isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "dict"
        and len(node.args) == 1 and not node.keywords and not isinstance(node.args[0], ast.Starred)
    )


def _displayed(finder, node: ast.AST) -> ast.AST:
    """The display a name is bound to, when it is bound once (by a plain assignment) and never changed in
    place; else the node itself.  The name's stores and loads from the module's binding index: linear."""
    if not isinstance(node, ast.Name):
        return node
    names = finder.names
    stores = names.uses_of_binding(node.id, "stores", node)
    if len(stores) != 1:
        return node
    parent = names.parent(stores[0])
    if not (isinstance(parent, (ast.Assign, ast.AnnAssign)) and isinstance(parent.value, (ast.List, ast.Tuple, ast.Set, ast.Dict))):
        return node
    for load in names.loads_of_binding(node.id, stores[0]):
        user = names.parent(load)
        if isinstance(user, ast.Attribute) and user.attr not in ("items", "values", "keys", "get", "copy"):
            return node  # ROLLOUT.append(...), TARGETS.update(...): rows the loop reads are not only these
        if isinstance(user, ast.Subscript) and isinstance(user.ctx, (ast.Store, ast.Del)):
            return node  # TARGETS["x"] = ...
    return parent.value


def _default_of(arguments: ast.arguments, arg: ast.arg) -> Optional[ast.AST]:
    positional = [*arguments.posonlyargs, *arguments.args]
    if arg in positional:
        index = positional.index(arg) - (len(positional) - len(arguments.defaults))
        return arguments.defaults[index] if index >= 0 else None
    if arg in arguments.kwonlyargs:
        return arguments.kw_defaults[arguments.kwonlyargs.index(arg)]
    return None


def caller_texts(finder, value: ast.AST, _depth: int = 0) -> List[Tuple[ast.AST, str, str, str, str]]:
    """``(argument, string, function, parameter, how it is passed on)`` for each string the module's calls of
    the function pass for the parameter ``value`` names (a literal, or one step from one: :func:`texts`), when
    ``value`` is a parameter its function never rebinds; else [].

    Red team 25 (report 13), f1: a call unpacking a row or a mapping (``upgrade(*row)`` in ``for row in
    ROLLOUT``, ``upgrade(**PLAN)``) passes the row's element at the parameter's place, or the mapping's entry
    named for it.  f11: a call passing its own function's never-rebound parameter on (``def
    upgrade_with_log(dep, version): _upgrade(dep, version)``) passes what that function's callers give it:
    they are read too, two layers up at most, and the review says how the value is passed on."""
    if not isinstance(value, ast.Name) or finder is None:
        return []
    names = finder.names
    stores = names.uses_of_binding(value.id, "stores", value)
    if len(stores) != 1 or not isinstance(stores[0], ast.arg):
        return []
    arguments = names.parent(stores[0])
    function = names.parent(arguments) if isinstance(arguments, ast.arguments) else None
    if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return []
    parameter = stores[0].arg
    found: List[Tuple[ast.AST, str, str, str, str]] = []
    imported = ac_format_reads.imported_of(finder.file)
    for where, argument, path in _passed(finder, function, parameter)[:_MAX_TEXTS]:
        # VERSIONS[env], VERSIONS.get(env, "2.4.3-6"): every value of the module dict constant, as a
        # variables-dict value is read (red team 23, report 13, f8); else one step from a literal
        if path:
            own = _Found([_MAX_VISITS])
            _value(finder, argument, own, _STEPS, path)  # *row, **PLAN
            read = list(own)
        else:
            read = ac_format_reads.value_texts(finder.module, finder.memo, argument, imported) or texts(finder, argument)
        for text in dict.fromkeys(read):
            found.append((where, text, function.name, parameter, ""))
        if not path and _depth < 2 and isinstance(argument, ast.Name):
            for outer, text, called, given, how in caller_texts(finder, argument, _depth + 1):
                found.append((outer, text, called, given, f"{how}, which passes it for {parameter} of {function.name}()"))
    return found


def review_callers(
    ctx, value: ast.AST, key: str, migrating: bool = False, written_into: bool = False, line: Optional[int] = None
) -> None:
    """Review each AC version the module's calls pass for the parameter ``value`` (sent as ``key``, an Astro
    Runtime version argument) where the call writes it, naming its Runtime equivalent (red team 22, report 13,
    f5): from ``check`` on a migrated send, and from ``rewrite`` as it renames the key (``migrating``: the
    file's edits may still be held, so the review says the key is the migrated document's).

    ``written_into``: ``key`` is the argument's label (``updateDeploymentRuntime(desiredRuntimeVersion:)``)
    a template hole fills with the parameter on ``line`` (red team 24, report 13, f5)."""
    from ..versions import AC_VERSION
    from .context import REVIEW

    finder = ctx.python
    found = caller_texts(finder, value)
    if not found:
        return
    line = value.lineno if line is None else line
    sends = f"writes it into {key}" if written_into else f"sends it as '{key}'"
    by_argument: dict = {}
    for argument, text, function, parameter, how in found:
        if AC_VERSION.fullmatch(text) is None or ctx.versions.is_runtime(text):
            continue  # not an AC version (a Runtime one, a label): nothing to say
        by_argument.setdefault((id(argument), how), (argument, function, parameter, how, []))[4].append(text)
    for argument, function, parameter, how, versions in by_argument.values():
        # VERSIONS[env] may be any of the dict's AC versions: one review names each (red team 23, report 13, f8)
        text = versions[0]
        others = "".join(
            f"; it may also be {other!r} ({_equivalent(ctx, other).replace('send its ', '')})" for other in versions[1:]
        )
        start, end = finder.span_of(argument)
        shown = "" if isinstance(argument, ast.Constant) else f" ({finder.code_of(argument)}{_default_line(finder, argument)}{others})"
        # "is" only where the argument can be nothing else (red team 27, report 13, f3 class: a name bound in branches)
        certain = isinstance(argument, ast.Constant) or (len(versions) == 1 and sure(finder, argument) is not None)
        ctx.finding_at_file(
            start, end, REVIEW, "review-version-value",
            f"{text!r}{shown} {'is' if certain else 'may be'} passed for {parameter} of {function}(){how}, which {sends} (line {line}"
            f"{', once its document is migrated' if migrating else ''}), an Astro Runtime version argument, so Houston "
            f"rejects this AC version: {_equivalent(ctx, text)}",
        )


def _default_line(finder, argument: ast.AST) -> str:
    """", its default on line N" when ``argument`` is a parameter whose default is a literal (``def
    upgrade_all(deps, version="2.4.3-6")`` passing ``version`` on: red team 25, report 13, f11)."""
    if not isinstance(argument, ast.Name):
        return ""
    stores = finder.names.uses_of_binding(argument.id, "stores", argument)
    arguments = finder.names.parent(stores[0]) if len(stores) == 1 and isinstance(stores[0], ast.arg) else None
    default = _default_of(arguments, stores[0]) if isinstance(arguments, ast.arguments) else None
    return f", its default on line {default.lineno}" if isinstance(default, ast.Constant) else ""


def _equivalent(ctx, text: str) -> str:
    from .version_values import why_not_mapped

    runtime = ctx.versions.runtime_for(text)
    return f"send its Astro Runtime equivalent {runtime!r}" if runtime is not None else why_not_mapped(ctx, text)


_SHOWN = 6  # AC versions a fallback review names
_FILLS = ("substitute", "safe_substitute", "format", "format_map", "render", "replace")


def named_for(finder, values) -> set:
    """The strings the reviews of ``values`` (every value sent for one Runtime version argument) name: what
    each may be, a dict constant's values, what the module's calls pass for a parameter."""
    said: set = set()
    if finder is None:
        return said
    imported = ac_format_reads.imported_of(finder.file)
    for value in values[:_MAX_TEXTS]:
        said.update(reading(finder, value)[0])
        said.update(ac_format_reads.value_texts(finder.module, finder.memo, value, imported))
        said.update(entry[1] for entry in caller_texts(finder, value))
    return said


def untraced_versions(ctx, value: Optional[ast.AST], named=()) -> str:
    """Red team 25 (report 13): the sound fallback.  Each form the reader follows leaves another it does not
    (a call's result, an object's attribute, a caller it cannot see), so when ``value`` (what feeds an Astro
    Runtime version argument; None for a template hole the tool cannot read) cannot be read whole, the
    module's own AC versions that no other review of it names are named here, each with its line and its
    Runtime equivalent: "" when the reading is whole (every value known: literals, the environment's, the
    command line's) or the module holds none.  Only AC versions with a hotfix suffix or exactly in the AC
    table count, and not those compared with, written inside a longer string (a document, an image
    reference), a dict's keys (a conversion table's), a fill's own (``DOC.substitute(version="2.3.4")``) or
    bound to a name only ever put inside one (an image tag) or compared with (``if v == LEGACY_AC``).
    ``named``: what the reviews of the argument's other values name (``named_for``): a version one of them
    names is not said again."""
    finder = ctx.python
    if finder is None:
        return ""
    said = set(named)
    left = []
    if value is not None:
        found = _Found([_MAX_VISITS])
        _value(finder, value, found, _STEPS)
        if found.misses[0] == 0 and len(found) < _MAX_TEXTS:
            return ""
        # a read of a response (a Runtime release's version, a Deployment's): the server's value.  Only when the
        # reading met one, or the key read is a Houston version field: any other attribute or key read
        # (settings.target, options.pop("version", ...)) silenced the fallback (red team 28, report 13, f1 f9)
        if found.responses[0] or (not _environment_read(value) and _RESPONSE_VERSION_KEYS & ac_format_reads.value_keys(
            finder.module, finder.memo, value, ac_format_reads.imported_of(finder.file)
        )):  # os.environ["TARGET_AC"] is no response's key (red team 27, report 13, f1)
            return ""
        said |= named_for(finder, [value])
        left = [entry for entry in _pieces(ctx, finder, value) if entry[0] not in said]
        said |= {text for text, _line in left}
    for text, line in _counted_versions(ctx, finder):  # each version once, at its first line
        if text not in said:
            left.append((text, line))
            if len(left) > _SHOWN:
                break  # the said ones are few: a bounded walk per value, however many versions the module holds
    if not left:
        return ""
    shown = []
    for text, line in left[:_SHOWN]:
        runtime = ctx.versions.runtime_for(text)
        shown.append(f"{text!r} (line {line}, {'Astro Runtime equivalent ' + repr(runtime) if runtime else 'no Astro Runtime equivalent'})")
    more = " and more" if len(left) > _SHOWN else ""
    return (
        f"this module's AC version{'s' if len(left) > 1 else ''} {', '.join(shown)}{more} may be sent here: the tool "
        "cannot trace every value this argument gets; send an Astro Runtime version"
    )


# the Deployment fields a version is read back from.  Not "version": a RuntimeRelease's, but also the key of
# every config file and options dict (json.load(f)["version"]); a release read from a response the reading
# meets is silent through ``responses`` (red team 28, report 13)
_RESPONSE_VERSION_KEYS = frozenset({"airflowVersion", "runtimeAirflowVersion", "runtimeVersion", "desiredRuntimeVersion",
                                    "desiredAirflowVersion"})
_MAX_PIECES = 64  # nodes of a built value the fallback looks at


def _pieces(ctx, finder, value: ast.AST) -> List[Tuple[str, int]]:
    """Red team 28 (report 13), f2: the AC versions the names inside a built value hold (``f"{AIRFLOW}-{HOTFIX}"``,
    ``AIRFLOW + "-6"`` with ``AIRFLOW = "2.4.3"``), with their lines.  ``_module_versions`` leaves out a name only
    ever put inside a longer string (an image tag), so the fallback names these itself.  A bounded walk."""
    from ..versions import AC_VERSION

    if not isinstance(value, (ast.JoinedStr, ast.BinOp, ast.Call)):
        return []
    pieces, stack, seen = [], [value], 0
    while stack and seen < _MAX_PIECES:
        node = stack.pop()
        seen += 1
        if isinstance(node, ast.Name):
            stores = finder.names.uses_of_binding(node.id, "stores", node)
            line = stores[0].lineno if len(stores) == 1 and hasattr(stores[0], "lineno") else node.lineno
            for text in texts(finder, node):
                parsed = AC_VERSION.fullmatch(text)
                if parsed is not None and parsed.group("major") in ("1", "2") and not ctx.versions.is_runtime(text):
                    pieces.append((text, line))
        else:
            stack.extend(ast.iter_child_nodes(node))
    return list(dict.fromkeys(pieces))


def _counted_versions(ctx, finder) -> List[Tuple[str, int]]:
    """The module's counted AC versions (``_counted``), each once with its first line: once per module."""
    memo = finder.memo.get("one_step_values.counted_versions")
    if memo is None:
        first: dict = {}
        for text, line in _module_versions(finder):
            if text not in first and _counted(ctx, text):
                first[text] = line
        memo = finder.memo["one_step_values.counted_versions"] = list(first.items())
    return memo


def _counted(ctx, text: str) -> bool:
    """An AC version with a hotfix suffix (``2.3.4-11``) or one the AC table lists exactly (``2.2.5``)."""
    from ..versions import AC_VERSION

    parsed = AC_VERSION.fullmatch(text)
    if parsed is None or parsed.group("major") not in ("1", "2"):
        return False
    if parsed.group("dev") or parsed.group("distro") or parsed.group("python") or parsed.group("onbuild"):
        return False
    return parsed.group("hotfix") is not None or text in ctx.versions.equivalent


def _module_versions(finder) -> List[Tuple[str, int]]:
    """(text, line) of the module's string literals written as a version, in order, leaving out a literal
    compared with, a piece of a longer string, a docstring, or one bound to a name that is only ever put
    inside a longer string (``TAG = "2.3.4-11"`` in ``f"quay.io/astronomer/ap-airflow:{TAG}"``).  Once per
    module."""
    from ..versions import AC_VERSION

    memo = finder.memo.get("one_step_values.versions")
    if memo is not None:
        return memo
    memo = finder.memo["one_step_values.versions"] = []
    names = finder.names
    for node in ast.walk(finder.module):
        if not (isinstance(node, ast.Constant) and isinstance(node.value, str) and AC_VERSION.fullmatch(node.value)):
            continue
        parent = names.parent(node)
        if isinstance(parent, (ast.Compare, ast.JoinedStr, ast.BinOp, ast.Expr, ast.FormattedValue)):
            continue
        if isinstance(parent, ast.Dict) and any(key is node for key in parent.keys):
            continue  # AC_TO_RUNTIME = {"2.3.4-11": "5.5.0"}: a table's key, what a version is converted from
        call = names.parent(parent) if isinstance(parent, ast.keyword) else parent
        if isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) and call.func.attr in _FILLS and not (
            call.func.attr == "replace" and isinstance(parent, ast.keyword)
        ):  # str.replace takes no keyword: dataclasses.replace(plan, version=...) is a record's field (red team 28, 13)
            continue  # CREATE.substitute(version="2.3.4"), DOC.replace("2.3.4-11", v): that document's own (the rewrite's)
        if isinstance(parent, ast.Assign) and len(parent.targets) == 1 and isinstance(parent.targets[0], ast.Name):
            loads = names.loads_of_binding(parent.targets[0].id, parent.targets[0])
            if loads and all(isinstance(names.parent(load), (ast.FormattedValue, ast.BinOp, ast.Compare)) for load in loads):
                continue  # an image tag, a URL piece, a version only compared with: never sent alone
        memo.append((node.value, node.lineno))
    memo.sort(key=lambda entry: entry[1])
    return memo
