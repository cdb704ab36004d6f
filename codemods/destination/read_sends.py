"""Where a script sends the text of a ``.graphql`` file it reads (red team 9, F5).

A script that names Houston may read two query files and send one to Houston
and the other to GitHub or an inventory service::

    ws = requests.post(HOUSTON_URL, json={"query": (HERE / "queries/ws.graphql").read_text()})
    inv = requests.post(INVENTORY_URL, json={"query": (HERE / "queries/inventory.graphql").read_text()})

The file's Houston mention says nothing about the second file: the URL of the
call that sends *that read's* text does.  For each quoted ``.graphql``/``.gql``
path in the script this module finds that call: the call the path is written
in, or a call in the same function (or module) given a name the read is bound
to (``q = open("x.graphql").read()``, through at most a few re-bindings), or a
helper of the module it is passed to.  The call's URL (``call_url``) is then
placed: naming Houston (``HOUSTON_URL``, ``houston.acme.io``), another API or a
concrete value naming no Houston (an environment variable, a whole URL), or
nothing known (a parameter).

One parse and one walk of the script, a parent table, and per path a bounded
search: linear in the script.
"""

from __future__ import annotations

import ast
import re
from typing import Dict, List, Optional, Tuple

from ..sources.parsed_modules import derived, parsed
from ..sources.tree_nodes import child_nodes, walk
from . import call_url
from .gather_calls import foreign_path, names_houston, url_direction

_SENDING = frozenset({"post", "put", "patch", "request", "urlopen", "Request", "fetch"}) | call_url.EXECUTE_METHODS
_PAYLOAD = ("json", "data", "content", "body")
_MAX_REBINDINGS = 3
# The words of a read sent (direction None) to a URL named for another service, read from the environment
# (``CMDB_URL = os.environ["CMDB_GRAPHQL_URL"]``): a Houston URL the script names is not where it goes (RT18 F1).
ELSEWHERE = "sent to a URL named for another service: "
_IDENTIFIERS = re.compile(r"[A-Za-z_]\w*")
_MAX_SENDS = 4
_MAX_KEYED_USES = 32  # uses of a dict of files keyed by name read per key (red team 27, report 12, f1)
_MAX_BUILT = 50  # f-string paths per script resolved (each a bounded search)
# Searches of the text read (the edits must leave what they look for in place, as for a .replace target).
_SEARCHES = frozenset({"split", "rsplit", "index", "rindex", "find", "rfind", "partition", "rpartition", "count"})
# Reads of a text keyed on a name (red team 18, report 11b, F1, F7): regex searches and a line's prefix test.
_READS_BY_NAME = frozenset({"search", "match", "fullmatch", "findall", "finditer", "startswith", "endswith"})
_MAX_FILLS = 8  # fills of one read noted (each is one line of a review)
_MAX_LOADER_CALLS = 16  # calls of a loader function followed to their fills (red team 14, report 11b, F2)


def sends(
    text: str,
    imported: Optional[Dict[str, Tuple[str, str]]] = None,
    resolved: Optional[Dict[Tuple[int, str], Tuple[Optional[str], Optional[str]]]] = None,
    decisive: Optional[set] = None,
    fills: Optional[Dict[Tuple[int, str], list]] = None,
    patterns: Optional[Dict[Tuple[int, str], List[str]]] = None,
    elsewhere: Optional[List[str]] = None,
    imported_helpers: Optional[Dict[str, Tuple[bool, str]]] = None,
    fill_helpers: Optional[Dict[str, Tuple[str, Dict[str, int]]]] = None,
    keyed: Optional[Dict[Tuple[int, str], Tuple[str, Dict[str, Tuple[Optional[bool], str]]]]] = None,
) -> Dict[Tuple[int, str], Tuple[Optional[bool], str]]:
    """(line, path as written) -> (direction, words) for each quoted GraphQL file path in ``text``.

    direction: True (the read is sent to Houston), False (to a URL naming no
    Houston), None (the send or its URL is not seen).  Nothing for a script
    that does not parse.  ``imported``: local name -> (value, defining module) of
    constants the script imports from modules of the run (red team 11, F6).

    A path built by an f-string (``f"{DIR}/x.graphql"``, red team 11, F9) is keyed
    by its text inside the quotes; with ``resolved``, that key -> (the whole path
    when every placeholder is known, else the part after the last unknown one's
    folder when only folders are unknown, else None) -- see ``_Reader.resolve``.

    ``decisive`` gets the keys whose read is sent only to URLs written out at the call and seen not to
    be Houston's (``requests.post("https://acme.hasura.app/v1/graphql", ...)``, red team 12 F2a): the
    call's own endpoint, as for a document written inline.

    ``fills`` gets, per key, the script's edits of the text it read there (:meth:`_Reader.fills`,
    red team 13, report 11, F10): [line, kind, literal targets or None, code as written].

    ``patterns`` gets the keys whose path names no one file but a set (red team 14, report 11b, F2):
    a computed name (``name + ".graphql"``, ``f"{name}.graphql"``) or a glob (``glob("*.graphql")``),
    each with the literal folder names its path expression holds (``"queries"``): see ``folder_parts``.

    ``elsewhere`` gets the words of the script's first GraphQL send to a URL seen not to be Houston's
    (red team 15, report 12, F8): a script sending to Houston and to Hasura says nothing file-wide
    about where a read it does not trace goes.

    ``imported_helpers``: local name -> (sent to Houston, words) of helpers the script imports from modules
    of the run that post to one URL (red team 16, report 12, F10/F14): a read handed to one is sent there.

    ``fill_helpers``: local name -> (defining module, words) of helpers the script imports that fill a
    parameter (``sources.imported_fills``; red team 17, report 11b, F4): a read handed to one is filled there.

    ``keyed`` gets, for a glob loaded into a dict keyed by file name and read only by written keys, where each
    key's entry is sent (``_Reader.keyed``; red team 27, report 12, f1).
    """
    module = parsed(text)
    if module is None:
        return {}
    index = module_index(module)
    paths, built = index.paths, index.built
    reader = _Reader(text, module, index.parents, index.helpers, index.assigns(_READ_BINDINGS))
    reader.loads = index.loads
    reader.calls = index.calls
    reader.imported = imported or {}
    reader.imported_helpers = imported_helpers or {}
    reader.fill_helpers = fill_helpers or {}
    found = {(node.lineno, node.value): reader.where(node) for node in paths[:200]}
    if resolved is not None:  # red team 12 F7: Path(__file__).parent / "q3" / "deps.graphql"
        for node in paths[:200]:
            parts = reader.joined(node)
            if parts is not None:
                resolved[(node.lineno, node.value)] = parts
    if decisive is not None:
        decisive.update(key for key, (direction, words) in found.items() if direction is False and words in reader.written)
    for node in built[:_MAX_BUILT]:
        key = (node.lineno, _inside_quotes(_segment(reader.lines, node, limit=None)))
        found[key] = reader.where(node)
        if resolved is not None:
            resolved[key] = reader.resolve(node)
        if fills is not None:
            fills[key] = reader.fills(node)
    if fills is not None:
        for node in paths[:200]:
            fills[(node.lineno, node.value)] = reader.fills(node)
    if patterns is not None:
        for node in paths[:200]:
            if is_pattern(node.value):
                patterns[(node.lineno, node.value)] = reader.folder_parts(node)
                by_key = reader.keyed(node) if keyed is not None else None
                if by_key is not None:
                    keyed[(node.lineno, node.value)] = by_key
        for node in built[:_MAX_BUILT]:
            key = (node.lineno, _inside_quotes(_segment(reader.lines, node, limit=None)))
            if resolved is not None and resolved.get(key) == (None, None):  # the file name itself is computed
                patterns[key] = reader.folder_parts(node)
    if elsewhere is not None:
        elsewhere.extend(reader.sent_elsewhere()[:1])
    return found


_READERS = frozenset({"read_text", "read_bytes"})
_MAX_COMPUTED_READS = 16  # reads by a computed path per script followed to their fills


def computed_read_fills(text: str) -> List[list]:
    """The literal ``.replace``/search fills of the text a script reads by a path written nowhere in it.

    Red team 16 (report 11b), F3: ``doc = open(cfg["create_query"]).read().replace("2.3.4-11", version)``,
    the path coming from ``config.yaml``: which file is read is not known, and it may be any ``.graphql``
    file of the run.  A read is ``open(P)`` / ``io.open(P)`` or ``P.read_text()`` / ``Path(P).read_text()``
    whose path expression holds no file or folder name (no string with ``.``, ``/`` or ``\\``: a key
    such as ``"create_query"``, a parameter, ``sys.argv[1]``).  Only fills whose targets are literals
    (``.replace(OLD, ...)``, ``.split(OLD)``) are returned, as [line, kind, targets, code]: a rewrite of
    a file is held only where it changes what they look for (``sources.graphql_fills``), so a script
    reading some other file so costs nothing.  One parse and one walk; at most ``_MAX_COMPUTED_READS``
    reads followed, each as a read by a literal path is (``_Reader.fills``).
    """
    module = parsed(text)
    if module is None:
        return []
    index = module_index(module)
    reads: List[ast.AST] = []
    for node in index.calls:
        if len(reads) >= _MAX_COMPUTED_READS:
            break
        name = call_url.callee(node)
        path = None
        if name == "open" and node.args and _dotted(node.func) in ("open", "io.open", "codecs.open"):
            path = node.args[0]
        elif name in _READERS and isinstance(node.func, ast.Attribute) and not node.args:
            path = node.func.value
            if isinstance(path, ast.Call) and call_url.callee(path) in _PATH_TYPES and path.args:
                path = path.args[0]
        if path is not None and not _names_a_file(path):
            reads.append(path)
    iterated = index.iterated
    # ``for p in (HERE / "queries").glob("*.graphql"): p.read_text()``: the files a loop over a named
    # folder reads are that folder's, which the glob reading of the run follows (cross_module); not a
    # read of any file of the run
    reads = [
        path for path in reads
        if not (isinstance(path, ast.Name) and any(_names_a_file(over) for over in iterated.get(path.id, ())))
    ]
    if not reads:
        return []
    reader = _Reader(text, module, index.parents, index.helpers, index.assigns(_OPENED_BINDINGS))
    reader.loads = index.loads
    reader.calls = index.calls
    found: List[list] = []
    for path in reads:
        for fill in reader.fills(path):
            if fill[1] == "replace" and fill[2] and fill not in found:
                found.append(fill)
    return found[:_MAX_FILLS]


# Which bindings a reader follows from a name to the value it holds: ``q = ...`` always; ``with open(P)
# as fh`` for reads (red team 10, F4); ``for line in fh`` for the files a script reads (RT16 11b F1).
_ASSIGNED, _WITH, _LOOP = "assigned", "with", "loop"
_READ_BINDINGS = (_ASSIGNED, _WITH, _LOOP)
_OPENED_BINDINGS = (_ASSIGNED, _WITH)
ASSIGNED_ONLY = (_ASSIGNED,)


class ModuleIndex:
    """What a reader looks up in a module, from one walk of its tree (shared by ``sends``,
    ``computed_read_fills`` and ``constant_sends``, and made once per tree: ``parsed_modules.derived``).

    parents: id(node) -> its parent; loads: name -> its loads; helpers: function name -> its first
    definition; paths / built: string literals and f-strings ending ``.graphql``/``.gql``; calls: every
    call; iterated: loop and comprehension target -> what it runs over; each in ``ast.walk`` order.
    """

    def __init__(self, module: ast.Module) -> None:
        self.parents: Dict[int, ast.AST] = {}
        self.loads: Dict[str, List[ast.Name]] = {}
        self.helpers: Dict[str, ast.AST] = {}
        self.paths: List[ast.Constant] = []
        self.built: List[ast.JoinedStr] = []
        self.calls: List[ast.Call] = []
        self.iterated: Dict[str, List[ast.AST]] = {}
        self._bindings: Dict[str, List[Tuple[str, ast.AST]]] = {}  # name -> (how, value) in walk order
        self._assigns: Dict[Tuple[str, ...], Dict[str, List[ast.AST]]] = {}
        parents, bindings = self.parents, self._bindings
        for node in walk(module):
            for child in child_nodes(node):
                parents[id(child)] = node
            if isinstance(node, ast.Name):
                if isinstance(node.ctx, ast.Load):
                    self.loads.setdefault(node.id, []).append(node)
            elif isinstance(node, ast.Call):
                self.calls.append(node)
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                self.helpers.setdefault(node.name, node)
            elif isinstance(node, ast.Assign):
                if len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
                    bindings.setdefault(node.targets[0].id, []).append((_ASSIGNED, node.value))
            elif isinstance(node, (ast.With, ast.AsyncWith)):
                for item in node.items:
                    if isinstance(item.optional_vars, ast.Name):
                        bindings.setdefault(item.optional_vars.id, []).append((_WITH, item.context_expr))
            elif isinstance(node, (ast.For, ast.AsyncFor, ast.comprehension)):
                if isinstance(node.target, ast.Name):
                    self.iterated.setdefault(node.target.id, []).append(node.iter)
                    if not isinstance(node, ast.comprehension):
                        bindings.setdefault(node.target.id, []).append((_LOOP, node.iter))
            elif isinstance(node, ast.Constant):
                if isinstance(node.value, str) and node.value.endswith((".graphql", ".gql")):
                    self.paths.append(node)
            elif isinstance(node, ast.JoinedStr) and node.values and _ends_graphql(node.values[-1]):
                self.built.append(node)

    def assigns(self, kinds: Tuple[str, ...]) -> Dict[str, List[ast.AST]]:
        """name -> the values it is bound to by the bindings of ``kinds``, in walk order (made once per kinds)."""
        if kinds not in self._assigns:
            chosen: Dict[str, List[ast.AST]] = {}
            for name, bound in self._bindings.items():
                values = [value for how, value in bound if how in kinds]
                if values:
                    chosen[name] = values
            self._assigns[kinds] = chosen
        return self._assigns[kinds]


def module_index(module: ast.Module) -> ModuleIndex:
    return derived(module, "read_sends.index", ModuleIndex)


def _names_a_file(path: ast.AST) -> bool:
    """Whether a path expression writes a file or folder name (a string holding ``.``, ``/`` or ``\\``), or is
    ``__file__`` (the script itself)."""
    for node in ast.walk(path):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and any(c in node.value for c in "./\\"):
            return True
        if isinstance(node, ast.Name) and node.id == "__file__":
            return True
    return False


def is_pattern(path: str) -> bool:
    """A quoted path naming a set of files: the suffix alone (``name + ".graphql"``) or a glob (``*.graphql``)."""
    return path.rsplit("/", 1)[-1].startswith(".") or any(c in path for c in "*?[")


# Calls and operators a path expression is built with: the folder names written in them are the path's.
_PATH_BUILDERS = frozenset({"join", "joinpath", "Path", "PurePath", "PosixPath", "glob", "rglob", "iglob", "fspath", "str"})
_FOLDER_NAME = re.compile(r"[\w.-]+")


def _path_expression(node: ast.AST) -> bool:
    """``HERE / "queries"``, ``os.path.join(HERE, "queries")``, ``Path(__file__).parent``: a folder's path."""
    if isinstance(node, ast.BinOp):
        return isinstance(node.op, ast.Div)
    if isinstance(node, ast.Attribute):
        return node.attr == "parent" or _path_expression(node.value)
    return isinstance(node, ast.Call) and call_url.callee(node) in _PATH_BUILDERS | {"dirname", "abspath", "resolve"}


def _ends_graphql(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.endswith((".graphql", ".gql"))


def _inside_quotes(segment: str) -> str:
    """``f"{DIR}/x.graphql"`` -> ``{DIR}/x.graphql``: the text the run's path scan quotes (cross_module)."""
    segment = segment.lstrip("rRfFbBuU")
    quote = segment[:3] if segment[:3] in ('"""', "'''") else segment[:1]
    return segment[len(quote) : len(segment) - len(quote)] if segment.endswith(quote) and len(segment) >= 2 * len(quote) else segment


def _dotted_call(call: ast.Call) -> Optional[str]:
    """``houston.query`` of ``houston.query(...)`` (a name's method), else None: how the run's index keys an
    imported instance's method (``sources.module_instances``) or an imported module's helper."""
    func = call.func
    if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
        return f"{func.value.id}.{func.attr}"
    return None


class _Reader:
    def __init__(self, text, module, parents, helpers, assigns) -> None:
        self.lines = text.splitlines()
        self.module, self.parents, self.helpers, self.assigns = module, parents, helpers, assigns
        self._scope_calls: Dict[int, List[ast.Call]] = {}
        self._houston_sends: Optional[List[ast.Call]] = None
        self.loads: Dict[str, List[ast.Name]] = {}
        self.imported: Dict[str, Tuple[str, str]] = {}
        self.imported_helpers: Dict[str, Tuple[bool, str]] = {}  # imported helper -> where it posts (RT16 12 F10)
        self.written: set = set()  # words of sends to a foreign URL literal written at the call (F2a)
        self._scope_fills: Dict[int, Dict[int, List[tuple]]] = {}
        self._calls_by_name: Optional[Dict[str, List[ast.Call]]] = None
        self._function_words: Optional[Dict[str, Dict[str, int]]] = None  # own function -> its parameter fills (F9)
        self._helper_calls: Dict[int, tuple] = {}  # id(call of such a function) -> (call, its name)
        # Imported helper (local name, dotted) -> (its module, its parameter fills): RT17 11b, F4
        self.fill_helpers: Dict[str, Tuple[str, Dict[str, int]]] = {}
        self._imported_from: Dict[str, str] = {}
        # Indexes built once per reader so a use is a few lookups, not a scan of the module's bindings:
        self._bound_from: Optional[Dict[str, List[str]]] = None  # name -> names whose value mentions it
        self._owners: Optional[Dict[int, List[str]]] = None  # id(bound value) -> the names it is bound to
        self._call_names: Dict[int, frozenset] = {}  # id(call) -> the names its arguments mention
        self._scope_sends: Dict[int, Dict[str, List[int]]] = {}  # id(scope) -> ``_sends_by_name``
        self._function_returns: Dict[int, List[ast.Return]] = {}
        self.calls: Optional[List[ast.Call]] = None  # every call of the module, when indexed (``ModuleIndex``)

    def where(self, path: ast.Constant) -> Tuple[Optional[bool], str]:
        call, names, scope = self._enclosing(path)
        if call is None and names:
            names = self._within_with(path, names)
        found = [call] if call is not None else []
        if call is None and scope is self.module:
            found = self._sends_of_uses(names)
        if call is None and not found:
            found = self._sends_given(names, scope)
        return self._settle(found)

    def keyed(self, path: ast.Constant) -> Optional[Tuple[str, Dict[str, Tuple[Optional[bool], str]]]]:
        """(``"stem"`` or ``"name"``, key -> where the entry of that key is sent) for a glob loaded into a dict
        keyed by each file's name, every use of which picks one entry by a written key; None otherwise.

        Red team 27, report 12, f1: ``QUERIES = {p.stem: p.read_text() for p in (HERE / "queries").glob("*.graphql")}``
        with ``QUERIES["deps"]`` posted to Houston and ``QUERIES["inventory"]`` to ``os.environ["CMDB_GRAPHQL_URL"]``:
        the glob's one placement (both sends: none) dropped both traces, so ``inventory.graphql`` was judged
        Houston's on its words and rewritten.  Each entry goes where the sends of its own key go, as a read per
        name does (``INVENTORY = (HERE / "inventory.graphql").read_text()``).  A key a send picks at run time
        (``QUERIES[name]``), the dict handed anywhere whole, or more than ``_MAX_KEYED_USES`` uses: None (the
        glob's placement, as before).  One walk up from the path, then a lookup per use.
        """
        below, child, parent = None, path, self.parents.get(id(path))
        while parent is not None and not isinstance(parent, (ast.stmt, ast.DictComp)):
            below, child, parent = child, parent, self.parents.get(id(parent))
        if not (isinstance(parent, ast.DictComp) and len(parent.generators) == 1 and parent.generators[0] is child
                and child.iter is below):
            return None  # the glob is what the one loop of a dict comprehension runs over, not its filter
        target, key = parent.generators[0].target, parent.key
        if not (isinstance(target, ast.Name) and isinstance(key, ast.Attribute) and key.attr in ("stem", "name")
                and isinstance(key.value, ast.Name) and key.value.id == target.id):
            return None
        statement = self.parents.get(id(parent))
        if not (isinstance(statement, ast.Assign) and statement.value is parent and len(statement.targets) == 1
                and isinstance(statement.targets[0], ast.Name)):
            return None
        table = statement.targets[0].id
        if len(self.assigns.get(table, ())) != 1:
            return None  # bound again (or in a loop): not this dict everywhere
        sends: Dict[str, List[ast.Call]] = {}
        uses = self.loads.get(table, [])
        if len(uses) > _MAX_KEYED_USES:
            return None
        for use in uses:
            picked = self.parents.get(id(use))
            entry = None
            if isinstance(picked, ast.Subscript) and picked.value is use and isinstance(picked.ctx, ast.Load):
                entry = picked.slice
            elif isinstance(picked, ast.Attribute) and picked.attr == "get":
                got = self.parents.get(id(picked))
                if isinstance(got, ast.Call) and got.func is picked and got.args:
                    picked, entry = got, got.args[0]
            if not (isinstance(entry, ast.Constant) and isinstance(entry.value, str)):
                return None  # QUERIES[name], for q in QUERIES.values(), houston(QUERIES): any entry may go there
            call, names, scope = self._enclosing(picked)
            found = [call] if call is not None else []
            if call is None and scope is self.module:
                found = self._sends_of_uses(names)
            if call is None and not found:
                found = self._sends_given(names, scope)
            sends.setdefault(entry.value, []).extend(found)
        return key.attr, {entry: self._settle(found) for entry, found in sends.items()}

    def _settle(self, found: List[ast.Call]) -> Tuple[Optional[bool], str]:
        """Where a read goes, from the sends given it: one direction, else none (with the words of a send
        to a URL named for another service when every send is one)."""
        placed = [self._place(send) for send in found[:_MAX_SENDS]]
        directions = {direction for direction, _ in placed if direction is not None}
        if not directions and placed and all(words.startswith(ELSEWHERE) for _, words in placed):
            return None, placed[0][1]  # every send to a URL named for another service (RT18 F1)
        if len(directions) != 1:
            return None, ""
        direction = directions.pop()
        return direction, next(words for d, words in placed if d is direction)

    def fills(self, path: ast.AST, depth: int = 0) -> list:
        """How the script edits the text it reads from ``path`` before it uses it: [line, kind, targets, code].

        Red team 13 (report 11), F10: ``DOC = (HERE / "q" / "up.graphql").read_text()`` then
        ``DOC.replace("2.3.4-11", version)``, ``re.sub(r'airflowVersion: "[^"]*"', ..., doc)``,
        ``string.Template(doc).substitute(...)``, ``doc.format(...)``, ``doc % (...)``: a rewrite of the
        file changes what the fill looks for.  The read is the path's own expression (``open(P).read()
        .replace(...)``) or a name its statement binds, followed through a few re-bindings; with the
        path held by a module constant, each of its uses.  kind: ``replace`` (targets: the literal texts
        looked for, None when one is not a literal), ``template`` (``$name``), ``percent`` (``%s``),
        or ``re.sub``, ``format``, ``jinja`` (targets None: what they look for is not read).
        Bounded: the scope's fills are indexed once (``_fills_in``); a path marks its loads' parent
        chains (each node once) and looks those nodes up.

        Red team 14 (report 11b), F2: a loader function returning what it read (``def load(name): with
        open(os.path.join(HERE, "queries", name + ".graphql")) as fh: return fh.read()``) hands the text
        to its callers: the fills of each call's result (``load("x").replace(...)``) are the read's too.
        One level of loader, at most ``_MAX_LOADER_CALLS`` calls each.
        """
        ancestors = set()
        node: Optional[ast.AST] = path
        statement = None
        while node is not None:
            ancestors.add(id(node))
            if statement is None and isinstance(node, ast.stmt):
                statement = node
            node = self.parents.get(id(node))
        names = set()
        if isinstance(statement, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
            targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
            names = {t.id for t in targets if isinstance(t, ast.Name)}
        elif isinstance(statement, (ast.With, ast.AsyncWith)):
            names = {i.optional_vars.id for i in statement.items if isinstance(i.optional_vars, ast.Name)}
        elif isinstance(statement, (ast.For, ast.AsyncFor)) and id(statement.iter) in ancestors:
            # ``for line in fileinput.input(P, inplace=True): print(line.replace(OLD, v))`` edits the file
            # itself line by line (red team 16, report 11b, F1): the loop's name is the text read
            names = {t.id for t in ast.walk(statement.target) if isinstance(t, ast.Name)}
        scope = statement
        while scope is not None and not isinstance(scope, (ast.FunctionDef, ast.AsyncFunctionDef)):
            scope = self.parents.get(id(scope))
        scope = self.module if scope is None or statement is None or isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef)) else scope

        # Every node holding a load of one of ``names``: each load's parent chain marked once, stopping at
        # a node already marked, so the whole set costs one pass over the script (not one walk per call).
        # A name bound from a marked value joins (doc = fh.read(); doc = re.sub(..., doc)): a few rounds.
        mentioning: set = set()
        bound: set = set()  # names one of whose first values is a marked node
        owners = self._value_owners()
        fresh = set(names)
        for _ in range(_MAX_REBINDINGS + 1):
            for name in fresh:
                for load in self.loads.get(name, ()):
                    node = load
                    while node is not None and id(node) not in mentioning:
                        mentioning.add(id(node))
                        bound.update(owners.get(id(node), ()))
                        node = self.parents.get(id(node))
            names |= fresh
            fresh = bound - names
            if not fresh:
                break

        index = self._fills_in(scope)
        hits = {}
        for key in ancestors | mentioning:  # the scope's fills whose text is this read: a lookup per marked node
            for node, kind, targets in index.get(key, ()):
                hits[id(node)] = [node.lineno, kind, targets, _segment(self.lines, node, limit=60)]
        for fill in self._helper_fills(ancestors | mentioning):  # multireplace(read, {...}) (RT15 11b, F9)
            hits.setdefault((fill[0], fill[3]), fill)
        if depth == 0 and isinstance(scope, (ast.FunctionDef, ast.AsyncFunctionDef)):
            marked = ancestors | mentioning
            if any(isinstance(n, ast.Return) and id(n) in marked for n in self._returns(scope)):
                for call in self._calls_of(scope.name)[:_MAX_LOADER_CALLS]:  # F2: the loader's callers
                    for fill in self.fills(call, depth + 1):
                        hits.setdefault((fill[0], fill[3]), fill)
        return sorted(hits.values(), key=lambda fill: (fill[0], fill[3]))[:_MAX_FILLS]

    def _helper_fills(self, marked: set) -> list:
        """Fills the script's own functions make in a parameter that a call hands the read to.

        Red team 15 (report 11b), F9: ``doc = multireplace(Path("q/up.graphql").read_text(), {"2.3.4-11": v})``
        with ``def multireplace(text, subs): for old, new in subs.items(): text = text.replace(old, new)``
        in the same script: the fill is the helper's, on its parameter.  The same notes an imported helper
        gets (``sources.imported_fills``), read once per function; a call is looked at only when it is a
        marked node (it holds the read), so the cost is one lookup per marked node.
        """
        from ..sources.imported_fills import fills_of, note_parameter_fills

        if self._function_words is None:
            self._function_words, self._helper_calls = {}, {}
            for node in walk(self.module):
                if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name not in self._function_words:
                    words: Dict[str, int] = {}
                    note_parameter_fills(node, words)
                    if words:
                        self._function_words[node.name] = words
            for local, (definer, words) in self.fill_helpers.items():  # RT17 11b, F4: with_version imported
                local = local[: -len(".__init__")] if local.endswith(".__init__") else local  # Op(read): its constructor
                if local not in self._function_words:  # a function of the script shadows the import
                    self._function_words[local] = words
                    self._imported_from[local] = definer
            for node in self._calls_in(self.module) if self._function_words else ():
                callee = _dotted(node.func) if isinstance(node.func, ast.Attribute) else None
                if callee not in self._function_words:
                    callee = node.func.id if isinstance(node.func, ast.Name) else node.func.attr if isinstance(node.func, ast.Attribute) else None
                if callee in self._function_words:
                    self._helper_calls[id(node)] = (node, callee)
        found = []
        calls = self._helper_calls
        for key in (marked if len(marked) < len(calls) else list(calls)):
            if key not in calls or key not in marked:
                continue
            node, callee = calls[key]
            for argument, kind, what, line in fills_of(node, self._function_words[callee]):
                if id(argument) in marked:
                    where = f" (imported from {self._imported_from[callee]})" if callee in self._imported_from else ""
                    code = f"{callee}(){where} {'.replace(' + repr(what) + ', ...)' if kind == 'literal' else what} on line {line}"
                    found.append([node.lineno, "replace" if kind == "literal" else "re.sub", [what] if kind == "literal" else None, code])
        return found

    def folder_parts(self, path: ast.AST) -> List[str]:
        """The literal folder names of the path expression ``path`` ends (red team 14, report 11b, F2).

        ``os.path.join(HERE, "queries", name + ".graphql")`` -> ["queries"];
        ``(Path(__file__).parent / "queries").glob("*.graphql")`` -> ["queries"]; ``f"q/{name}.graphql"``
        -> ["q"].  The expression is the path's ancestors while they are ``/``, ``+``, an f-string or a
        path-building call (``join``, ``Path``, ``glob`` and its receiver); every string literal in it is
        split at ``/`` and each plain name kept (not ``.``/``..``, no glob characters, no file name).
        Bounded: a few ancestors, each walked once.
        """
        top = path
        for _ in range(8):
            parent = self.parents.get(id(top))
            if isinstance(parent, (ast.BinOp, ast.JoinedStr, ast.FormattedValue)) and (
                not isinstance(parent, ast.BinOp) or isinstance(parent.op, (ast.Div, ast.Add))
            ):
                top = parent
            elif isinstance(parent, ast.Call) and call_url.callee(parent) in _PATH_BUILDERS:
                top = parent
            elif isinstance(parent, ast.Attribute) and isinstance(self.parents.get(id(parent)), ast.Call):
                top = parent  # (HERE / "queries").glob(...): the receiver, then the call
            else:
                break
        parts: List[str] = []
        for node in self._path_literals(top):
            for part in node.value.split("/"):
                if part not in ("", ".", "..") and _FOLDER_NAME.fullmatch(part) and not part.endswith((".graphql", ".gql")):
                    parts.append(part)
        return parts[:8]

    def _path_literals(self, top: ast.AST, depth: int = 0) -> List[ast.Constant]:
        """The string literals of the path expression ``top`` in the order they are joined (report 12, F8).

        A name bound once to a path expression (``QUERIES = Path(__file__).parent / "queries" / "houston"``,
        then ``QUERIES / f"{name}.graphql"``) stands for that expression's literals, two names deep; a
        name in an f-string's hole (the file name) or bound to anything else stands for nothing.
        """
        found: List[Tuple[Tuple[int, int], list]] = []
        for node in ast.walk(top):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                found.append(((node.lineno, node.col_offset), [node]))
            elif isinstance(node, ast.Name) and depth < 2 and not isinstance(self.parents.get(id(node)), ast.FormattedValue):
                values = self.assigns.get(node.id, [])
                if len(values) == 1 and _path_expression(values[0]):
                    found.append(((node.lineno, node.col_offset), self._path_literals(values[0], depth + 1)))
        return [literal for _at, literals in sorted(found, key=lambda item: item[0]) for literal in literals]

    def _returns(self, function) -> List[ast.Return]:
        """The ``return`` statements of ``function`` itself (not of functions nested in it): found once per function."""
        if id(function) in self._function_returns:
            return self._function_returns[id(function)]
        found, stack = [], list(function.body)
        while stack:
            node = stack.pop()
            if isinstance(node, ast.Return):
                found.append(node)
            elif not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
                stack.extend(c for c in ast.iter_child_nodes(node) if isinstance(c, ast.stmt))
        self._function_returns[id(function)] = found
        return found

    def _calls_of(self, name: str) -> List[ast.Call]:
        """Calls of the script's function ``name`` (``load(...)``, ``self.load(...)``): indexed once."""
        if self._calls_by_name is None:
            self._calls_by_name = {}
            for node in walk(self.module):
                if isinstance(node, ast.Call):
                    callee = node.func.id if isinstance(node.func, ast.Name) else node.func.attr if isinstance(node.func, ast.Attribute) else None
                    if callee is not None:
                        self._calls_by_name.setdefault(callee, []).append(node)
        return self._calls_by_name.get(name, [])

    def _fills_in(self, scope) -> Dict[int, List[tuple]]:
        """id(the text a fill edits) -> [(its call or ``%``, kind, targets)] for the fills of ``scope``: once per scope."""
        if id(scope) not in self._scope_fills:
            index: Dict[int, List[tuple]] = {}
            for node in ast.walk(scope):
                if isinstance(node, ast.Call) or (isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod)):
                    shape = self._fill(node)
                    if shape is not None and shape[0] is not None:
                        index.setdefault(id(shape[0]), []).append((node, shape[1], shape[2]))
                elif isinstance(node, ast.Compare):
                    for text, literal in self._contains_tests(node):
                        index.setdefault(id(text), []).append((node, "search", [literal]))
            self._scope_fills[id(scope)] = index
        return self._scope_fills[id(scope)]

    def _contains_tests(self, node: ast.Compare) -> List[Tuple[ast.AST, str]]:
        """``[(the text searched, the literal looked for), ...]`` of ``LITERAL in TEXT`` / ``not in`` tests.

        Red team 24 (report 11b), f8: ``assert 'desiredAirflowVersion: "2.3.4-11"' in Q.read_text()`` (or
        ``"updateDeploymentAirflow(deploymentUuid" in text``) looks for that text in the file as ``re.search``
        and ``.find`` do: a rewrite must leave each occurrence as it is (``graphql_fills._kept``).  A literal of
        spacing only looks for nothing a rename changes."""
        found = []
        left = node.left
        for op, right in zip(node.ops, node.comparators):
            if isinstance(op, (ast.In, ast.NotIn)) and not isinstance(right, (ast.Tuple, ast.List, ast.Set, ast.Dict)):
                literal = self._text_of(left)
                if literal is not None and literal.strip():
                    found.append((right, literal))
            left = right
        return found

    def _fill(self, node: ast.AST) -> Optional[Tuple[Optional[ast.AST], str, Optional[List[str]]]]:
        """(the text it edits, kind, literal targets or None) when ``node`` is a fill, else None."""
        if isinstance(node, ast.BinOp):
            return node.left, "percent", None
        name = call_url.callee(node)
        receiver = node.func.value if isinstance(node.func, ast.Attribute) else None
        args = list(node.args)
        if name == "replace":
            if _dotted(node.func) == "str.replace" and args:
                receiver, args = args[0], args[1:]
            target = args[0] if args else next((k.value for k in node.keywords if k.arg == "old"), None)
            literal = self._text_of(target)
            if literal is not None and not literal.strip():
                return None  # .replace("\n", " "): spacing only, which a rename never needs (as for a Python document)
            return receiver, "replace", None if literal is None else [literal]
        if name in _SEARCHES and receiver is not None and args:
            literal = self._text_of(args[0])  # text.split("2.3.4-11"), text.index(OLD) splice (RT15 11b, F8)
            return (receiver, "replace", [literal]) if literal is not None and literal.strip() else None
        if name in _READS_BY_NAME and args:
            return self._read_by_name(node, name, receiver, args)
        if name in ("sub", "subn"):
            module = receiver is None or _dotted(receiver) in ("re", "regex")  # re.sub(P, R, S) / P.sub(R, S)
            given = (args[2] if len(args) > 2 else None) if module else (args[1] if len(args) > 1 else None)
            given = next((k.value for k in node.keywords if k.arg == "string"), given)
            pattern = args[0] if module and args else None
            replacement = args[1] if module and len(args) > 1 else (args[0] if args else None)
            if _spacing_only(self._text_of(pattern)) and _spacing_only(self._text_of(replacement), empty=True):
                return None  # re.sub(r"\s+", " ", doc): spacing only, as .replace("\n", " ")
            return given, "re.sub", None
        if name in ("format", "format_map", "vformat"):
            # also string.Formatter().vformat(TEXT, args, kwargs) / Formatter().format(TEXT, ...): TEXT is the
            # template (red team 18, report 11b, F5)
            from ..sources.templates import format_template

            return format_template(node), "format", None
        if name == "parse" and args and (receiver is None or _dotted(receiver) in ("graphql", "language")) and self._prints_ast():
            return args[0], "print_ast", None  # parse(P.read_text()) edited through its tree (RT16 11b, F12)
        if name in ("Template", "from_string"):
            jinja = name == "from_string" or "jinja" in _dotted(node.func)
            return (args[0] if args else None), ("jinja" if jinja else "template"), None
        return None

    def _read_by_name(self, node: ast.Call, name: str, receiver, args) -> Optional[Tuple[Optional[ast.AST], str, Optional[List[str]]]]:
        """(the text read, "search", the names it reads by) for a read of the text keyed on a name.

        Red team 18 (report 11b, F1, F7): ``re.search(r'airflowVersion: "([^"]+)"', doc).group(1)`` (also a
        compiled pattern's ``.search``), ``line.strip().startswith("airflowVersion:")`` of the file's lines:
        the rename makes the read find nothing.  The camelCase names of the literal or pattern (and the
        pieces of names a character class splits) must stay as they are; a pattern that ignores case
        names no text (targets None: no edit is proved safe).  None when it reads by no such name.
        """
        from ..sources.placeholders import pattern_reads, words_read

        if name in ("startswith", "endswith"):
            literal = self._text_of(args[0]) if receiver is not None else None
            words = sorted(words_read(literal or "", False))
            return (receiver, "search", words) if words else None
        module = receiver is None or _dotted(receiver) in ("re", "regex")
        flags = [k.value for k in node.keywords if k.arg == "flags"]
        if module:
            pattern, given = args[0], args[1] if len(args) > 1 else None
            flags += args[2:]
        else:
            bound = self.assigns.get(receiver.id, []) if isinstance(receiver, ast.Name) else [receiver]
            compiled = bound[0] if len(bound) == 1 else None
            if not (isinstance(compiled, ast.Call) and call_url.callee(compiled) == "compile" and compiled.args):
                return None
            pattern, given = compiled.args[0], args[0]
            flags += compiled.args[1:] + [k.value for k in compiled.keywords if k.arg == "flags"]
        text = self._text_of(pattern)
        if text is None or given is None:
            return None
        read, insensitive = pattern_reads(text, flags)
        words = sorted(read)
        if not words:
            return None
        return given, "search", None if insensitive else words

    def _prints_ast(self) -> bool:
        """Does the script print a syntax tree back (``print_ast``)?  Read once."""
        if not hasattr(self, "_print_ast"):
            self._print_ast = any("print_ast" in line for line in self.lines)
        return self._print_ast

    def _text_of(self, node: Optional[ast.AST]) -> Optional[str]:
        """A string literal (bytes read as UTF-8), or a name bound once (in this script) to one."""
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return node.value
        if isinstance(node, ast.Constant) and isinstance(node.value, bytes):
            try:
                return node.value.decode("utf-8")
            except UnicodeDecodeError:
                return None
        if isinstance(node, ast.Name):
            values = self.assigns.get(node.id, [])
            if len(values) == 1 and isinstance(values[0], ast.Constant) and isinstance(values[0].value, str):
                return values[0].value
        return None

    def _enclosing(self, node: ast.AST):
        """The send the path is written in, else the names its statement binds and the scope around it."""
        child = node
        parent = self.parents.get(id(node))
        while parent is not None and not isinstance(parent, ast.stmt):
            if isinstance(parent, ast.Call) and child is not parent.func and self._is_send(parent):
                return parent, set(), None
            child, parent = parent, self.parents.get(id(parent))
        names = set()
        if isinstance(parent, (ast.Assign, ast.AnnAssign, ast.With, ast.AsyncWith)):
            targets = parent.targets if isinstance(parent, ast.Assign) else [getattr(parent, "target", None)]
            if isinstance(parent, (ast.With, ast.AsyncWith)):
                targets = [item.optional_vars for item in parent.items]
            names = {t.id for t in targets if isinstance(t, ast.Name)}
        scope = parent
        while scope is not None and not isinstance(scope, (ast.FunctionDef, ast.AsyncFunctionDef)):
            scope = self.parents.get(id(scope))
        return None, names, scope if scope is not None else self.module

    def _within_with(self, path: ast.AST, names: set) -> set:
        """Red team 20, report 12, F8: ``with open(P) as f:`` binds ``f`` to this read only in its body.

        ``with open("queries/create.graphql") as f: CREATE = f.read()`` and the same with ``f`` for
        ``record.graphql``: every other use of ``f`` in the module is another file's read, so following
        ``f`` (to ``CREATE`` and ``RECORD`` both) named ``houston(CREATE)`` as the send of ``record.graphql``.
        For a path in a ``with`` item, the names are the ``as`` names used in that body and the names the
        body binds from them; a path elsewhere keeps its names.  One walk of the ``with`` statement.
        """
        node, parent = path, self.parents.get(id(path))
        while parent is not None and not isinstance(parent, ast.stmt):
            node, parent = parent, self.parents.get(id(parent))
        if not isinstance(parent, (ast.With, ast.AsyncWith)) or not any(node is item.context_expr or node is item for item in parent.items):
            return names
        narrowed = set()
        for statement in parent.body:
            for inner in ast.walk(statement):
                if isinstance(inner, (ast.Assign, ast.AnnAssign, ast.AugAssign)) and inner.value is not None:
                    if any(isinstance(n, ast.Name) and n.id in names for n in ast.walk(inner.value)):
                        targets = inner.targets if isinstance(inner, ast.Assign) else [inner.target]
                        narrowed |= {t.id for t in targets if isinstance(t, ast.Name)}
                elif isinstance(inner, ast.Call) and self._is_send(inner) and names & self._names_in_arguments(inner):
                    return names  # sent in the body itself (houston(f.read())): the name's own sends, as before
        return narrowed

    def _sends_of_uses(self, names) -> List[ast.Call]:
        """``INV_FILE = "ops/inv.graphql"`` at module level: the sends of each place the name is used, each
        judged where it is (``with open(INV_FILE) as fh`` in a function), not every call of the module
        that mentions a name alike (red team 10, F4).  At most a few uses, each a bounded search."""
        found: List[ast.Call] = []
        for name in sorted(names):
            for use in self.loads.get(name, [])[:_MAX_SENDS]:
                call, used_names, scope = self._enclosing(use)
                if call is not None:
                    found.append(call)
                elif scope is not self.module:
                    found.extend(self._sends_given(used_names, scope))
        return found[:_MAX_SENDS]

    def _sends_given(self, names, scope) -> List[ast.Call]:
        """Sends in ``scope`` given one of ``names`` or a name bound from one (``q = f.read()``)."""
        if not names:
            return []
        calls = self._calls_in(scope)
        bound_from = self._bindings_from()
        names, fresh = set(names), set(names)
        for _ in range(_MAX_REBINDINGS):  # q = open(P); text = q.read(): follow a few re-bindings
            fresh = {bound for name in fresh for bound in bound_from.get(name, ())} - names
            if not fresh:
                break
            names |= fresh
        sends_by_name = self._sends_by_name(scope, calls)
        positions = sorted({at for name in names for at in sends_by_name.get(name, ())})
        return [calls[at] for at in positions[:_MAX_SENDS]]

    def _sends_by_name(self, scope, calls: List[ast.Call]) -> Dict[str, List[int]]:
        """name -> the positions in ``calls`` of the sends whose arguments mention it: made once per scope,
        so a read looks its names up instead of testing every call of the scope (a function of many reads
        and sends stays linear)."""
        if id(scope) not in self._scope_sends:
            index: Dict[str, List[int]] = {}
            for at, call in enumerate(calls):
                if self._is_send(call):
                    for name in self._names_in_arguments(call):
                        index.setdefault(name, []).append(at)
            self._scope_sends[id(scope)] = index
        return self._scope_sends[id(scope)]

    def _bindings_from(self) -> Dict[str, List[str]]:
        """name -> the names bound from a value mentioning it (``text = q.read()``: q -> [text]); first four values."""
        if self._bound_from is None:
            self._bound_from = {}
            for bound, values in self.assigns.items():
                mentioned = {n.id for value in values[:4] for n in ast.walk(value) if isinstance(n, ast.Name)}
                for name in mentioned:
                    self._bound_from.setdefault(name, []).append(bound)
        return self._bound_from

    def _value_owners(self) -> Dict[int, List[str]]:
        """id(value) -> the names bound to it, for each name's first four values."""
        if self._owners is None:
            self._owners = {}
            for bound, values in self.assigns.items():
                for value in values[:4]:
                    self._owners.setdefault(id(value), []).append(bound)
        return self._owners

    def _names_in_arguments(self, call: ast.Call) -> frozenset:
        if id(call) not in self._call_names:
            arguments = list(call.args) + [k.value for k in call.keywords]
            self._call_names[id(call)] = frozenset(
                n.id for a in arguments for n in ast.walk(a) if isinstance(n, ast.Name)
            )
        return self._call_names[id(call)]

    def _calls_in(self, scope) -> List[ast.Call]:
        if scope is self.module and self.calls is not None:
            return self.calls
        if id(scope) not in self._scope_calls:
            self._scope_calls[id(scope)] = [n for n in ast.walk(scope) if isinstance(n, ast.Call)]
        return self._scope_calls[id(scope)]

    def _is_send(self, call: ast.Call) -> bool:
        name = call_url.callee(call)
        if name in self.helpers and isinstance(call.func, ast.Name):
            return True
        if isinstance(call.func, ast.Name) and name in self.imported_helpers:
            return True
        if _dotted_call(call) in self.imported_helpers:  # houston.query(read): an imported instance's method (RT24 12 f2)
            return True
        if name in call_url.EXECUTE_METHODS or name in ("urlopen", "Request"):
            return True
        return name in _SENDING and any(k.arg in _PAYLOAD + ("query",) for k in call.keywords)

    def _place(self, call: ast.Call) -> Tuple[Optional[bool], str]:
        name = call_url.callee(call)
        line = call.lineno
        if isinstance(call.func, ast.Name) and name in self.helpers:
            if "houston" in name.lower():
                return True, f"sent by helper {name}() (line {line})"
            inner = [c for c in self._calls_in(self.helpers[name]) if self._is_send(c) and not (isinstance(c.func, ast.Name) and c.func.id in self.helpers)]
            placed = [self._place_url(c, line, self._argument_for(self.helpers[name], c, call)) for c in inner[:2]]
            directions = {d for d, _ in placed}
            return placed[0] if len(directions) == 1 else (None, "")
        if isinstance(call.func, ast.Name) and name in self.imported_helpers:
            direction, words = self.imported_helpers[name]
            return direction, f"sent by {name}() (line {line}) of {words}"
        dotted = _dotted_call(call)
        if dotted in self.imported_helpers:  # from lib.clients import houston; houston.query(read) (RT24 12 f2)
            direction, words = self.imported_helpers[dotted]
            return direction, f"sent by {dotted}() (line {line}) of {words}"
        return self._place_url(call, line)

    @staticmethod
    def _argument_for(helper, inner: ast.Call, call: ast.Call) -> Optional[ast.AST]:
        """Red team 20, report 12, F8: ``def post(url, payload): requests.post(url, json=payload)`` called as
        ``post(CMDB_URL, {...})``: the inner send's URL is the helper's parameter, so the call's argument
        for it is where the read goes (else None: the inner send's own URL is placed, as before)."""
        node = call_url.url_node(inner, None, None)
        if not isinstance(node, ast.Name) or not isinstance(helper, (ast.FunctionDef, ast.AsyncFunctionDef)):
            return None
        arguments = helper.args.posonlyargs + helper.args.args
        at = next((i for i, a in enumerate(arguments) if a.arg == node.id), None)
        if at is None and not any(a.arg == node.id for a in helper.args.kwonlyargs):
            return None
        given = next((k.value for k in call.keywords if k.arg == node.id), None)
        if given is None and at is not None and at < len(call.args) and not any(isinstance(a, ast.Starred) for a in call.args[: at + 1]):
            given = call.args[at]
        return given

    def _place_url(self, call: ast.Call, line: int, node: Optional[ast.AST] = None) -> Tuple[Optional[bool], str]:
        node = node if node is not None else call_url.url_node(call, None, None)
        if node is None:
            return None, ""
        described = self._describe(node)
        if names_houston(described):
            return True, f"sent to {described} (line {line})"
        value = self._value(node)  # red team 12 F2b: INVENTORY_URL = "https://inventory.acme-corp.net/api"
        if any(url_direction(said) is False or foreign_path(said) is not None for said in (described, value) if said):
            words = f"sent to {described} (line {line}), which names no Houston"
            if isinstance(node, ast.Constant):
                self.written.add(words)
            return False, words
        if "environ" in described or "getenv" in described:
            # Red team 11 F5: a value naming no Houston is evidence against only while the call's other
            # arguments (headers, token) name no Houston and another send of the script posts to Houston
            # (as gather_binding weighs an inline document's send).
            others = [_segment(self.lines, k.value) for k in call.keywords if k.arg not in _PAYLOAD + ("query",)]
            token = next((words for words in others if names_houston(words)), None)
            if token is not None:
                return True, f"sent to {described} with {token} (line {line})"
            if self._houston_send_elsewhere(call):
                return False, f"sent to {described} (line {line}), which names no Houston"
            from .gather_binding import service_named

            if service_named(_IDENTIFIERS.findall(described)[:8]) is not None:
                # RT18 F1: CMDB_URL = os.environ["CMDB_GRAPHQL_URL"]: placed nowhere, but not to the script's Houston URL
                return None, f"{ELSEWHERE}{described} (line {line})"
        return None, ""

    def sent_elsewhere(self) -> List[str]:
        """The words of the script's first send (not a call of its own helper) placed at a URL not Houston's.

        One pass over the module's calls; each send's URL placed once, as ``_place_url`` places a read's.
        """
        for call in self._calls_in(self.module):
            if self._is_send(call) and not (isinstance(call.func, ast.Name) and call.func.id in self.helpers):
                direction, words = self._place_url(call, call.lineno)
                if direction is False:
                    return [words]
        return []

    def _houston_send_elsewhere(self, call: ast.Call) -> bool:
        """Another sending call of the script whose URL names Houston (found once per script)."""
        if self._houston_sends is None:
            self._houston_sends = []
            for other in self._calls_in(self.module):
                if len(self._houston_sends) >= _MAX_SENDS or not self._is_send(other):
                    continue
                if isinstance(other.func, ast.Name) and other.func.id in self.helpers:
                    continue
                node = call_url.url_node(other, None, None)
                if node is not None and names_houston(self._describe(node)):
                    self._houston_sends.append(other)
        return any(other is not call for other in self._houston_sends)

    def resolve(self, node: ast.JoinedStr) -> Tuple[Optional[str], Optional[str]]:
        """(whole path, known tail) of an f-string path: each ``{NAME}`` is a string constant bound once,
        or a parameter every call of its function (by name, in this script) passes the same literal.

        ``open(f"queries/{name}.graphql")`` with ``go("deps")`` its only call: ``queries/deps.graphql``.
        An unknown placeholder in a folder part (``f"{DIR}/deps.graphql"``, DIR computed) leaves the
        tail ``deps.graphql``, which cross_module places only when one file of the run below the
        script ends with it; an unknown one in the file name leaves nothing: not guessed.
        """
        parts: List[Optional[str]] = []
        for value in node.values:
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                parts.append(value.value)
            elif isinstance(value, ast.FormattedValue) and value.conversion == -1 and value.format_spec is None and isinstance(value.value, ast.Name):
                parts.append(self._literal(value.value, node))
            else:
                parts.append(None)
        if all(part is not None for part in parts):
            return "".join(parts), None
        last_unknown = max(i for i, part in enumerate(parts) if part is None)
        tail = "".join(parts[last_unknown + 1 :])  # type: ignore[arg-type]
        if "/" not in tail:
            return None, None
        tail = tail.split("/", 1)[1] if tail.startswith("/") else tail.rsplit("/", 1)[1]
        return None, tail or None

    def joined(self, node: ast.Constant) -> Optional[Tuple[Optional[str], Optional[str]]]:
        """(whole path, known tail) of a path joined from parts ending in ``node``, else None.

        Red team 12 F7: ``Path(__file__).parent / "q3" / "deps.graphql"``, ``os.path.join(HERE, "q3",
        "deps.graphql")``, ``base.joinpath("q3", "deps.graphql")``: the literal parts before the file name
        are read back to the first part that is not a literal, giving the tail ``q3/deps.graphql``;
        ``os.path.join("q3", "deps.graphql")`` or ``Path("q3", "deps.graphql")``, all literal, give the whole
        relative path.  A file name alone with an unknown head gives None (placed as before, by name).
        One step up the parent table per part: linear in the expression.
        """
        parent = self.parents.get(id(node))
        parts = [node.value]
        head: Optional[ast.AST] = None
        if isinstance(parent, ast.BinOp) and isinstance(parent.op, ast.Div) and parent.right is node:
            head = parent.left
            while isinstance(head, ast.BinOp) and isinstance(head.op, ast.Div) and _is_text(head.right):
                parts.append(head.right.value)
                head = head.left
            if _is_text(head):
                parts.append(head.value)
                head = None
            elif isinstance(head, ast.Call) and call_url.callee(head) in _PATH_TYPES and not head.keywords:
                head = self._literal_parts(head.args, parts)
        elif isinstance(parent, ast.Call) and parent.args and parent.args[-1] is node and not parent.keywords:
            name = call_url.callee(parent)
            if name == "joinpath" and isinstance(parent.func, ast.Attribute):
                head = self._literal_parts(parent.args[:-1], parts) or parent.func.value
            elif (name == "join" and _dotted(parent.func) in ("os.path.join", "path.join", "posixpath.join")) or name in _PATH_TYPES:
                head = self._literal_parts(parent.args[:-1], parts)
            else:
                return None
        else:
            return None
        relative = "/".join(reversed(parts))
        if head is not None and _working_folder(head):
            head = None  # red team 17 (report 11b, F22): Path.cwd() / "queries" / ...: relative to where it runs
        anchored = self._script_folder(head) if head is not None else None
        if anchored is not None:  # the script's own folder or one above it: cross_module looks there first
            return "./" + "/".join(anchored + [relative]), None
        if len(parts) == 1:
            return None
        return (relative, None) if head is None else (None, relative)

    def _script_folder(self, node: ast.AST, depth: int = 0) -> Optional[List[str]]:
        """The folder ``node`` names relative to the script's own, as path parts ([] for that folder,
        [".."] for the one above), or None when it names no folder found from ``__file__``.

        ``Path(__file__).parent``, ``Path(__file__).resolve().parent``, ``os.path.dirname(__file__)``,
        ``os.path.dirname(os.path.abspath(__file__))``; red team 17 (report 11b, F22) the project-root idiom
        going up: ``Path(__file__).resolve().parents[1]``, ``.parent.parent``, nested ``os.path.dirname``,
        ``HERE / ".."``; and a name bound once to one (``ROOT = ...``, ``QUERIES = ROOT / "queries"``).
        Bounded by the expression's size and two re-bindings.
        """
        parts = self._from_file(node, depth)
        return None if parts is None or _SELF in parts else parts

    def _from_file(self, node: ast.AST, depth: int) -> Optional[List[str]]:
        """Path parts of ``node`` relative to the script's folder, ``[_SELF]`` for the script itself."""
        if isinstance(node, ast.Name):
            if node.id == "__file__":
                return [_SELF]
            values = self.assigns.get(node.id, [])
            return self._from_file(values[0], depth + 1) if len(values) == 1 and depth < 2 else None
        if isinstance(node, ast.Attribute) and node.attr == "parent":
            inner = self._from_file(node.value, depth)
            return None if inner is None else _up(inner, 1)
        if (
            isinstance(node, ast.Subscript)
            and isinstance(node.value, ast.Attribute)
            and node.value.attr == "parents"
            and isinstance(node.slice, ast.Constant)
            and type(node.slice.value) is int
            and 0 <= node.slice.value < 16
        ):
            inner = self._from_file(node.value.value, depth)
            return None if inner is None else _up(inner, node.slice.value + 1)
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div) and _is_text(node.right):
            inner = self._from_file(node.left, depth)
            return None if inner is None else _down(inner, node.right.value)
        if not isinstance(node, ast.Call) or node.keywords:
            return None
        name = call_url.callee(node)
        if name in ("resolve", "absolute") and isinstance(node.func, ast.Attribute) and not node.args:
            return self._from_file(node.func.value, depth)
        if name in _PATH_TYPES | {"abspath", "realpath", "normpath", "fspath", "str"} and len(node.args) == 1:
            return self._from_file(node.args[0], depth)
        if name == "dirname" and len(node.args) == 1:
            inner = self._from_file(node.args[0], depth)
            return None if inner is None else _up(inner, 1)
        if (name == "join" and _dotted(node.func) in ("os.path.join", "path.join", "posixpath.join")) or name in _PATH_TYPES:
            if node.args and all(_is_text(arg) for arg in node.args[1:]):
                inner = self._from_file(node.args[0], depth)
                for arg in node.args[1:]:
                    inner = None if inner is None else _down(inner, arg.value)
                return inner
        return None

    @staticmethod
    def _literal_parts(args, parts: List[str]) -> Optional[ast.AST]:
        """Adds the literal arguments read from the last back (to ``parts``); the first that is not one."""
        for arg in reversed(args):
            if not _is_text(arg):
                return arg
            parts.append(arg.value)
        return None

    def _literal(self, name: ast.Name, node: ast.AST) -> Optional[str]:
        values = self.assigns.get(name.id, [])
        if len(values) == 1 and isinstance(values[0], ast.Constant) and isinstance(values[0].value, str):
            return values[0].value
        scope = self.parents.get(id(node))
        while scope is not None and not isinstance(scope, (ast.FunctionDef, ast.AsyncFunctionDef)):
            scope = self.parents.get(id(scope))
        if scope is None or values:
            return None
        params = [a.arg for a in scope.args.posonlyargs + scope.args.args]
        if name.id not in params and name.id not in [a.arg for a in scope.args.kwonlyargs]:
            return None
        position = params.index(name.id) if name.id in params else None
        passed = set()
        for call in self._calls_in(self.module):
            if not (isinstance(call.func, ast.Name) and call.func.id == scope.name):
                continue
            given = next((k.value for k in call.keywords if k.arg == name.id), None)
            if given is None and position is not None and position < len(call.args):
                given = call.args[position]
            if not (isinstance(given, ast.Constant) and isinstance(given.value, str)):
                return None  # a call passes something else (or nothing): the name is not known
            passed.add(given.value)
        return passed.pop() if len(passed) == 1 else None

    def _value(self, node: ast.AST) -> Optional[str]:
        """The URL string the node is when it is written out: a literal, a name bound once (in this script)
        to a literal, or a constant imported from a module of the run.  ``_describe`` shows ``NAME = "..."``,
        which ``foreign_path`` cannot place (it wants a URL from the start): the value itself is judged."""
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return node.value
        if isinstance(node, ast.Name):
            values = self.assigns.get(node.id, [])
            if len(values) == 1:
                only = values[0]
                return only.value if isinstance(only, ast.Constant) and isinstance(only.value, str) else None
            if not values and node.id in self.imported:
                return self.imported[node.id][0]
        if isinstance(node, ast.Attribute) and _dotted(node) in self.imported:
            return self.imported[_dotted(node)][0]
        return None

    def _describe(self, node: ast.AST) -> str:
        text = _segment(self.lines, node)
        if isinstance(node, ast.Name):
            values = self.assigns.get(node.id, [])
            if len(values) == 1:
                text = f"{node.id} = {_segment(self.lines, values[0])}"
            elif not values and node.id in self.imported:
                value, definer = self.imported[node.id]
                text = f"{node.id} = {value!r} (imported from {definer})"
        elif isinstance(node, ast.Attribute) and self.imported:
            # from pkg import settings; settings.API_URL: a module's attribute, as cross_module keys it
            dotted = _dotted(node)
            if dotted in self.imported:
                value, definer = self.imported[dotted]
                text = f"{dotted} = {value!r} (imported from {definer})"
        return text


_PATH_TYPES = frozenset({"Path", "PurePath", "PosixPath", "PurePosixPath"})


_SELF = "\0script"  # the script file itself among path parts (not a folder: nothing is joined to it)


def _up(parts: List[str], levels: int) -> List[str]:
    """``parts`` (relative to the script's folder) ``levels`` folders up: ``.parent`` of the script is its folder."""
    parts = list(parts)
    for _ in range(levels):
        if parts and parts[-1] != "..":
            parts.pop()
        else:
            parts.append("..")
    return parts


def _down(parts: List[str], literal: str) -> Optional[List[str]]:
    """``parts`` joined to a literal (``/ ".."`` goes up); None below the script file or from an absolute literal."""
    if literal.startswith("/") or (parts and parts[-1] == _SELF):
        return None
    result = list(parts)
    for part in literal.split("/"):
        if part == "..":
            result = _up(result, 1)
        elif part not in ("", "."):
            result.append(part)
    return result


def _working_folder(node: ast.AST) -> bool:
    """``Path.cwd()``, ``os.getcwd()``, ``Path(".")``: where the script runs (red team 17, report 11b, F22)."""
    if isinstance(node, ast.Call) and not node.args and not node.keywords:
        return call_url.callee(node) in ("cwd", "getcwd")
    if isinstance(node, ast.Call) and call_url.callee(node) in _PATH_TYPES and len(node.args) == 1:
        return _is_text(node.args[0]) and node.args[0].value in (".", "./")
    return False


def _is_text(node: Optional[ast.AST]) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


def _dotted(node: ast.AST) -> str:
    """``settings.API_URL`` / ``pkg.settings.API_URL`` as written; "" for anything but names and dots."""
    from ..sources.tree_nodes import dotted_name

    return dotted_name(node) or ""


def _spacing_only(text: Optional[str], empty: bool = False) -> bool:
    """A regular expression (or its replacement) that matches or writes spacing only: ``\\s+``, ``[ \\t]+``, ``" "``."""
    if text is None:
        return False
    if not text:
        return empty
    rest = text.replace("\\s", "").replace("\\n", "").replace("\\t", "").replace("\\r", "")
    return all(c in " \t\r\n+*?()[]|^$" for c in rest)


def _segment(lines: List[str], node: ast.AST, limit: Optional[int] = 70) -> str:
    """The node's code as written (its first line or two), from the script's lines split once."""
    try:
        first, last = node.lineno - 1, min(node.end_lineno - 1, node.lineno)
        if first == last:
            segment = lines[first].encode("utf-8")[node.col_offset : node.end_col_offset].decode("utf-8", "replace")
        else:
            segment = lines[first].encode("utf-8")[node.col_offset :].decode("utf-8", "replace") + " " + lines[last][:80]
    except (AttributeError, IndexError, TypeError):
        segment = getattr(node, "id", "")
    if limit is None:
        return segment
    segment = " ".join(segment.split())
    return segment if len(segment) <= limit else segment[: limit - 3] + "..."
