"""Constants one module of the run imports from another: judged on both sides, never edited on one.

Red team 8, 13-F2: ``a.py`` holds ``DEP = "fragment D on Deployment { airflowVersion }"``
and ``b.py`` sends ``GET + DEP`` to Houston after ``from a import DEP``.  Read
one file at a time, the fragment was migrated in ``a.py`` on the strength of its
text alone, and ``b.py``'s document was checked without the fragment it spreads
(``Unknown fragment 'D'``).  A module-level constant other modules read is not
the defining module's alone: editing it changes every importer's document.

So, once per run and before any file is processed, :func:`build` reads the
run's Python files that may hold GraphQL (the same byte prefilter), finds their
``from X import NAME`` statements, resolves ``X`` to the files of the run it may
mean (the one beside a script or relative to a package when that is certain,
else every file of that module name: red team 13, F2), and reads the string
constants the importers take from the defining modules, and those their other
names hand out (``carried_constants``; each defining module parsed once).  Then:

* **the importer** (``b.py``): an imported constant spliced into a document is
  part of its text (:func:`splice`), so the document is found whole and
  checked; its characters stand at the name in ``b.py`` and are never edited
  there (:func:`settle`: any edit touching them withdraws the document's edits
  as review items naming the defining module);
* **the definer** (``a.py``): a document another module imports is checked but
  not edited, even when this module sends it itself (red team 9, F4: the
  importer may send it with its own variables dict, or ``.replace("2.3.4", v)``
  on it): each migration becomes a review item naming the importers.

``import a`` (or ``import pkg.a as m``) then ``a.DEP`` (red team 10, task A): the
definer's constant is imported all the same, so it is reviewed, never edited
on its side alone; the importer's document built from ``a.DEP`` is not read
as that text (its send is not found).  ``from a import *`` takes ``a``'s public functions and
constants (red team 16, report 12, F9).  Out of reach (noted, not guessed): modules outside the run.  Cost: one read of each candidate file, one
linear scan for imports, one parse per imported-from module: linear in the run.
"""

from __future__ import annotations

import ast
import json
import os
import re
from typing import Any, Callable, Dict, Iterable, List, Optional, Tuple

from . import conftest_fixtures, handed_out, imported_fills, in_process_executors, module_instances, settings_fields, url_values
from . import lazy_exports  # a package's lazy export table read as re-exports (RT20 11b, F11)
from . import helper_decorators  # a send helper's decorators read as part of it (RT20 11b, F5)
from .imported_containers import ac_containers
from .parsed_modules import parsed
from .tree_nodes import walk

# ``from .pkg.mod import A, B as C`` / ``from x import (A,\n B)`` at a line's start.  No two
# neighbouring repeats share a character, and a parenthesised list stops at the first ``)``: linear
# (tests/test_regex_linearity.py).
_FROM_IMPORT = re.compile(r"^[ \t]*from[ \t]+([A-Za-z0-9_.]+)[ \t]+import([ \t]*\([^)]*\)|[ \t][^\n#;]*)", re.MULTILINE)
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# ``import pkg.mod``, ``import a as b, c`` at a line's start: one class run to the line's end (linear).
_IMPORT = re.compile(r"^[ \t]*import[ \t]([^\n#;]*)", re.MULTILINE)
# ``a.b.NAME``: dotted names starting where no name or dot precedes (so no start inside another one),
# each step a dot then a name: linear (tests/test_regex_linearity.py).
_DOTTED = re.compile(r"(?<![A-Za-z0-9_.])[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)+")
# ``import_module("a.b").NAME`` / ``__import__("a").NAME``: a fixed-width lookbehind, then runs of
# disjoint classes, each ended by a character it cannot hold (linear: tests/test_regex_linearity.py).
_DYNAMIC_IMPORT = re.compile(
    r"(?<![A-Za-z0-9_])(?:import_module|__import__)\([ \t]*[\"']([A-Za-z0-9_.]+)[\"'][ \t]*"
    r"(?:,[ \t]*[\"']([A-Za-z0-9_.]+)[\"'][ \t]*)?\)\.([A-Za-z_][A-Za-z0-9_]*)"
)
# ``m = importlib.import_module("pkg.frags")`` (or ``(".frags", "pkg")``): a name bound to a module
# (red team 12, report 11, F1).  Runs of disjoint classes, each ended by a character it cannot hold.
_BOUND_MODULE = re.compile(
    r"(?<![A-Za-z0-9_.])([A-Za-z_][A-Za-z0-9_]*)[ \t]*=[ \t]*(?:importlib\.)?import_module\([ \t]*[\"']([A-Za-z0-9_.]+)[\"'][ \t]*"
    r"(?:,[ \t]*[\"']([A-Za-z0-9_.]+)[\"'][ \t]*)?\)"
)
# A word that can name a module where it stands: not a call (``main()``: a module is not callable)
# and not defined here (``def main``, ``class frags``).  One run of a class, then a lookahead over
# the blanks after it (each blank follows one word only): linear (tests/test_regex_linearity.py).
_MENTION = re.compile(r"(?<!def )(?<!class )(?<![A-Za-z0-9_])([A-Za-z_][A-Za-z0-9_]*)(?![A-Za-z0-9_]|[ \t]*\()")
# A quoted path to a GraphQL file (``"queries/x.graphql"``): one run of one class from the quote,
# which stops at the next quote or line end, so no character is scanned from two starts (linear).
_GRAPHQL_PATH = re.compile(r"[\"']([^\"'\n\\]*\.(?:graphql|gql))[\"']")
MAX_SAME_STEM = 16  # files of the run sharing a module's last name beyond which it is not resolved by name (F12)
MAX_LEVELS_UP = 8  # folders above the importer searched for an absolute module, as sys.path entries
IMPORTED_CONSTANT = "review-imported-constant"
# In a helper's words (``_words_inside``), keys no name can be (they start with a space): OPEN + "#2",
# OPEN + "v", OPEN + "**", OPEN + "*": the parameter (by position, by name, the **kwargs or *args) the
# helper uses in a way not followed (helper_variables: red team 10, F1/F2), at that line; POSITIONAL:
# how many positional parameters it has.
OPEN = " open "
# In a helper's words: the function builds an in-process GraphQL executor it hands out (RT17 report 12, F12).
BUILDS_EXECUTOR = " builds in process "
POSITIONAL = " positional"
# ``Cache.remembered``: (question, text, answer) -> the answer, computed or read back.
Remember = Callable[[str, str, Callable[[], Any]], Any]
MAX_REEXPORTS = 4  # package __init__ re-exports followed to a helper's definition (F3)


def build(paths: Iterable[str], documents: Optional[Iterable[str]] = None, remember: Optional[Remember] = None) -> Dict[str, dict]:
    """path -> {"imports": {local: [text, definer, line]}, "imported_by": {name: [[importer, line], ...]},
    "helpers": {local function name: [definer, {word inside it: line}]},
    "read_by": [[points at Houston, evidence text], ...]}.

    Each candidate file is read once and let go (only its import statements are
    kept), and each imported-from module is read and parsed once more.  ``documents``: the
    files that may hold a document (their prefilter passes; default: all), the only modules
    whose mention elsewhere matters (``reached_by``: nothing else of the run is edited).
    ``remember``: the persistent cache's ``Cache.remembered``, which answers the costliest per-module
    question (where an importer sends what it imports) from an earlier run's answer for the same text.
    """
    from ..files import file_kind, read_bytes
    from ..prefilter import PREFILTERS

    prefilter = PREFILTERS.get("python")
    paths = list(paths)
    graphql_files = {os.path.normpath(os.path.abspath(p)): p for p in paths if file_kind(p) == "graphql"}
    statements: Dict[str, List[Tuple[str, str, int]]] = {}  # importer -> (module, names, line)
    executions: Dict[str, Dict[str, List[str]]] = {}  # importer -> name -> how it runs it in process (F9)
    sending: Dict[str, Dict[str, Tuple[bool, str]]] = {}  # importer -> imported name -> where it sends it (12, F2)
    by_abspath: Dict[str, str] = {}
    found: Dict[str, dict] = {}
    by_name: Optional[Dict[str, List[str]]] = None  # .graphql file name -> its paths, for joined paths (F15)
    conftests: Dict[str, Tuple[str, Dict[str, str]]] = {}  # folder -> (its conftest.py, fixture -> test client it builds)
    unnamed_readers: List[str] = []  # scripts reading a .graphql path that do not name Houston's endpoint
    graphql_reads: Dict[str, List[Tuple[str, int]]] = {}  # script -> (.graphql file, line) it reads (RT16 11b F16)
    taken: Dict[str, Dict[str, List[Tuple[str, int]]]] = {}  # definer -> name -> (importer, line) taking it
    fixture_sources: Dict[str, Tuple[str, Dict[str, List[str]]]] = {}  # folder -> (its conftest.py, fixture -> names) (F4)
    plugin_fixtures: List[Tuple[str, Dict[str, List[str]]]] = []  # other modules defining fixtures (RT17 11b, F1)
    computed_fills: List[Tuple[str, list]] = []  # (script, fills of a read by a path written nowhere) (RT16 11b, F3)
    compared_reads: Dict[str, List[Tuple[str, int]]] = {}  # script -> (.graphql path it names, line), when it compares (RT28 11b f2)
    # Red team 12 (report 11, F1-F6): a module another file names in a way not resolved to names above.
    stems = _run_stems(paths if documents is None else list(documents))  # module name -> its modules and notebooks
    reachers: Dict[str, List[list]] = {}  # stem -> [file, line, how] of its unresolved mentions (a few)
    reaching: Dict[str, List[Tuple[str, int, str]]] = {}  # file -> (stem, line, how) it names unresolved
    versioned: set = set()  # modules and notebooks holding an AC version field's name
    path_edited: set = set()  # importers changing sys.path (report 11b, F4)
    path_editors: set = set()  # names of the modules changing sys.path when imported (RT17 11b, F13)
    plain_imports: Dict[str, set] = {}  # importer -> every module name it may import (RT17 11b, F13)
    path_conftests: set = set()  # folders whose conftest.py changes sys.path for the tests below (RT17 11b, F13)
    hooked: set = set()  # importers installing a notebook import hook (report 11b, F3)
    package_bindings: Dict[str, Dict[str, str]] = {}  # pkg/__init__.py -> name it binds -> module it may be (RT19 11b F3)
    reexported_constants: List[Tuple[str, str, str, str, int]] = []  # (importer, pkg/__init__.py, name, local, line) (RT20 11b F11)
    for path in paths:
        kind = file_kind(path)
        if kind == "notebook":  # red team 9, F3: its code cells import too (and %run reads a notebook)
            text = _read_candidate(path, read_bytes, None)
            if text is None:
                continue
            if _VERSION_FIELD in text:
                versioned.add(path)
            code, cell_lines = _notebook_code(text)
            spans: List[Tuple[int, int]] = []
            aliases: Dict[str, str] = {}
            if "import" in code or "%run" in code:  # %run helpers.py: every name of helpers.py (red team 13, F15)
                statements[path] = _notebook_imports(text) + _attribute_imports(code, cell_lines, spans, aliases)
                if "import_module" in code or "__import__" in code:
                    statements[path].extend(_dynamic_imports(code, cell_lines, spans))
            _note_mentions(path, code, spans, stems, cell_lines, reachers, reaching, aliases, cell_lines.starts)
            if graphql_files and (".graphql" in code or ".gql" in code):  # red team 13 F8: a cell sends a file
                if by_name is None:
                    by_name = suffix_index(graphql_files)
                _note_graphql_readers(
                    path, _notebook_placed(code, cell_lines), graphql_files, found, by_name, read_lines=graphql_reads.setdefault(path, [])
                )
            if statements.get(path) and _EXECUTES.search(code) and _may_name_a_schema(code):
                # red team 14 (report 13), F16: a cell runs an imported document in process
                executions[path] = _local_executions(_notebook_placed(code, cell_lines))
            if statements.get(path) and _HOUSTON_WORD.search(code):  # F16's class: where a cell sends an import
                sending[path] = _imported_sends(_notebook_placed(code, cell_lines), statements[path], remember)
            continue
        if kind != "python":
            continue
        # Every module's imports are read, GraphQL in sight or not: a test that only runs an imported
        # document against the project's schema says where that document goes (red team 9, F9).
        text = _read_candidate(path, read_bytes, None)
        if text is None:
            continue
        by_abspath[os.path.normpath(os.path.abspath(path))] = path
        if os.path.basename(path) == "conftest.py" and "fixture" in text:  # red team 10, F7
            clients = _test_client_fixtures(text)
            if clients:
                conftests[os.path.dirname(os.path.normpath(os.path.abspath(path)))] = (path, clients)
            if "return" in text or "yield" in text or "parametrize" in text:  # RT16 (11b, F4); RT17 (11b, F10)
                offered = conftest_fixtures.fixture_functions(text)
                if offered:
                    fixture_sources[os.path.dirname(os.path.normpath(os.path.abspath(path)))] = (path, offered)
        elif "fixture" in text and ("return" in text or "yield" in text) and not conftest_fixtures.is_test_module(path):
            offered = conftest_fixtures.fixture_functions(text)  # RT17 (11b, F1): a pytest plugin module's fixtures
            if offered:
                plugin_fixtures.append((path, offered))
        if _VERSION_FIELD in text:
            versioned.add(path)
        spans = []
        aliases = {}
        if "import" in text:
            lines = _LineCounter(text)
            statements[path] = [(m.group(1), m.group(2), lines.at(m.start())) for m in _FROM_IMPORT.finditer(text)]
            statements[path].extend(_attribute_imports(text, lines, spans, aliases))
            if "import_module" in text or "__import__" in text:
                statements[path].extend(_dynamic_imports(text, lines, spans))
            if "__getattr__" in text:  # RT20 (11b, F11): _LAZY = {"NAME": ("pkg.docs", "CREATE")} and def __getattr__
                statements[path].extend(lazy_exports.table_imports(text))
            if _PATH_EDIT.search(text):  # report 11b, F4: sys.path.insert(0, "../a") first
                if statements[path]:
                    path_edited.add(path)
                path_editors.add(module_stem(path))  # RT17 (11b, F13): import _pathfix edits it for its importer
                if os.path.basename(path) == "conftest.py":
                    path_conftests.add(os.path.dirname(os.path.abspath(path)))
            if statements[path]:
                plain_imports[path] = imported_stems(text)
            if os.path.basename(path) == "__init__.py":  # RT19 (11b, F3): from . import docs as queries
                package_bindings[path] = _package_bindings(text)
            if statements[path] and _NOTEBOOK_HOOK.search(text):  # report 11b, F3: an import hook loads notebooks
                hooked.add(path)
            if statements[path] and _EXECUTES.search(text) and _may_name_a_schema(text):
                executions[path] = _local_executions(text, path)  # kept: a few short lines, not the text
            if statements[path] and (_HOUSTON_WORD.search(text) or _SEND_CALL.search(text)):  # report 12, F2; RT16 12 F1
                sending[path] = _imported_sends(text, statements[path], remember)  # kept: a few short lines, not the text
        _note_mentions(path, text, spans, stems, _LineCounter(text), reachers, reaching, aliases)
        if graphql_files and len(computed_fills) < _MAX_PATTERN_READS and _COMPUTED_READ.search(text) and _LITERAL_FILL.search(text):
            from ..destination.read_sends import computed_read_fills

            fills_here = computed_read_fills(text)  # open(cfg["create_query"]).read().replace("2.3.4-11", v) (F3)
            if fills_here:
                computed_fills.append((path, fills_here))
        if graphql_files and (".graphql" in text or ".gql" in text):
            if by_name is None:
                by_name = suffix_index(graphql_files)
            passes = prefilter is None or prefilter(text.encode("utf-8", "surrogatepass"))
            # red team 12 F2a: a script the prefilter drops may still send a file of the run elsewhere
            noted = _note_graphql_readers(
                path, text, graphql_files, found, by_name, foreign_only=not passes, read_lines=graphql_reads.setdefault(path, [])
            )
            if not noted and "import" in text:
                # Red team 11 F6: its Houston URL may be an imported setting (``from config import API_URL``),
                # and the script itself need hold no GraphQL the prefilter sees (only ``json={"query": q}``)
                unnamed_readers.append(path)
            if "import" in text and _COMPARES.search(text) is not None:  # red team 28 (report 11b), f2
                counter = _LineCounter(text)
                compared_reads[path] = [(m.group(1), counter.at(m.start())) for m in _GRAPHQL_PATH.finditer(text)][:_MAX_PATTERN_READS]
    constants: Dict[str, Dict[str, Tuple[str, int]]] = {}  # definer -> its module-level string constants
    containers: Dict[str, Dict[str, list]] = {}  # definer -> its module-level containers of AC versions (RT18 13, F11)
    classes: Dict[str, Dict[str, List[str]]] = {}  # definer -> its classes -> names bound in their bodies (F4)
    helpers: Dict[str, Dict[str, Dict[str, int]]] = {}  # definer -> its functions -> words inside -> line
    imported: Dict[str, Dict[str, Tuple[str, str]]] = {}  # importer -> local name -> (definer, name there)
    by_stem: Optional[Dict[str, List[str]]] = None  # module's last name -> its files (F12), built when needed
    carries: Dict[str, Dict[str, List[str]]] = {}  # definer -> its names -> the string constants they hand out (F11)
    spliced: Dict[Tuple[str, str], Dict[str, Tuple[str, int]]] = {}  # (importer, local) -> definer -> (text, line) (F2)
    main_readers: set = set()  # definers reading ``__main__`` (a notebook importing one shares every name)
    returners: Dict[str, set] = {}  # definer -> its functions returning a string that may be a document (11b, F1)
    returned_imports: Dict[str, Dict[str, Tuple[str, str]]] = {}  # importer -> local -> (definer, such a function) (RT19 F16)
    wrapped: Dict[str, Dict[str, int]] = {}  # definer -> names bound to a value holding a document literal (RT16 11b F10)
    importer_reads: Dict[str, list] = {}  # importer -> its AC-format reads of a version key (RT15 11b F1), read once

    instances_read: Dict[str, dict] = {}  # definer -> its top-level instances (module_instances, RT15 F11)

    def _class_of(definer: str, class_name: str, line: int):
        """(file defining ``class_name``, its methods' words) as ``definer`` sees it: its own, or imported from the run."""
        if class_name in classes.get(definer, ()):
            return definer, helpers[definer]
        for module, names, at in statements.get(definer, ()):
            if class_name not in [local for _name, local in _imported_names(names)]:
                continue
            owners = _definers(definer, module, by_abspath) or []
            if len(owners) != 1 or owners[0] == definer:
                return None
            original = next(n for n, local in _imported_names(names) if local == class_name)
            _import_from(definer, owners[0], original, at, False)
            return (owners[0], {class_name + k[len(original):]: w for k, w in helpers[owners[0]].items() if k.startswith(original + ".")}) if original in classes.get(owners[0], ()) else None
        return None

    relative_paths: Dict[str, str] = {}  # path -> os.path.relpath(path): asked once per import of a name
    class_uses: set = set()  # (definer, class attribute, importer, line) noted in imported_by
    exported: Dict[str, Dict[str, Tuple[str, str]]] = {}  # module -> local name -> (module, name) it imports it as
    instance_urls: Dict[str, Dict[str, Dict[str, Tuple[str, int]]]] = {}  # settings = Settings(): its URL fields (RT17 12 F19)
    environments: Dict[str, Dict[str, Tuple[str, int]]] = {}  # definer -> NAME = os.environ["X"] there: X (RT22 12 f9)
    instance_environments: Dict[str, dict] = {}  # definer -> its pydantic-settings instances' variables (RT23 12 f13)
    factories: Dict[str, Dict[str, Tuple[str, int]]] = {}  # definer -> def make_client(): return Client(...): its URL (RT27 12 f5)

    dict_entries: Dict[str, Dict[str, List[Tuple[str, tuple]]]] = {}  # definer -> NAME -> ('["key"]', reading)

    def _dict_entries_of(definer: str) -> Dict[str, List[Tuple[str, tuple]]]:
        """The definer's ``NAME["key"]`` URL entries (``_dict_url_entries``) by NAME, indexed once per definer."""
        if definer not in dict_entries:
            index: Dict[str, List[Tuple[str, tuple]]] = {}
            for entry_name, reading in environments.get(definer, {}).items():
                if entry_name.endswith('"]') and '["' in entry_name:
                    name, _bracket, _key = entry_name.partition('["')
                    index.setdefault(name, []).append((entry_name[len(name):], reading))
            dict_entries[definer] = index
        return dict_entries[definer]

    def _relative(path: str) -> str:
        if path not in relative_paths:
            relative_paths[path] = os.path.relpath(path)
        return relative_paths[path]

    def _import_from(importer: str, definer: str, names: str, line: int, ambiguous: bool) -> None:
        """The names ``importer`` takes from ``definer`` (one of several candidates when ``ambiguous``)."""
        if definer not in constants:
            text = _read_candidate(definer, read_bytes, None)
            helpers[definer] = {}
            classes[definer] = {}
            carries[definer] = {}
            returners[definer] = set()
            wrapped[definer] = {}
            environments[definer] = {}
            constants[definer] = (
                _string_constants(text, helpers[definer], classes[definer], carries[definer], returners[definer], wrapped[definer], environments[definer])
                if text is not None else {}
            )
            containers[definer] = ac_containers(text) if text is not None else {}
            if text is not None and reads_main_namespace(text):
                main_readers.add(definer)
            instance_urls[definer] = settings_fields.instance_fields(parsed(text)) if text is not None and "://" in text else {}
            factories[definer] = factory_urls(parsed(text), constants[definer]) if text is not None and ("://" in text or "environ" in text or "getenv" in text) else {}
            # settings = HoustonSettings() with env_prefix="HOUSTON_": its fields' variables (red team 23, report 12, f13)
            instance_environments[definer] = (settings_fields.instance_environment(parsed(text))
                                              if text is not None and ("env_prefix" in text or "BaseSettings" in text) else {})
        if definer in main_readers and importer.lower().endswith(".ipynb"):
            # Red team 13 (report 11), F1 addendum 3: a module the notebook imports reads ``__main__``,
            # which is the notebook's own namespace: every notebook name may be read there.
            found.setdefault(importer, {"imports": {}, "imported_by": {}})["reads_main"] = _relative(definer)
        if names == RUN_NAMES:  # %run helpers.py: its module-level functions and string constants (F15)
            names = ", ".join(n for n in list(helpers[definer]) + list(constants[definer]) if "." not in n)
        elif names.strip() == "*":  # RT16 report 12, F9: from helpers import *: its public functions and constants
            names = ", ".join(n for n in dict.fromkeys(list(helpers[definer]) + list(constants[definer]) + list(environments.get(definer, ())))
                              if "." not in n and not n.startswith("_"))
        for name, local in _imported_names(names):
            users_of = taken.setdefault(definer, {}).setdefault(name, [])
            if len(users_of) < 4:  # a few say enough
                users_of.append((importer, line))
            if name in containers.get(definer, ()):  # RT18 (13) F11: from settings import SUPPORTED_AC, LATEST
                entry = found.setdefault(importer, {"imports": {}, "imported_by": {}})
                entry.setdefault("ac_containers", {})[local] = [*containers[definer][name][:3], _relative(definer), containers[definer][name][3]]
            if name in carries.get(definer, ()):  # red team 13, F11: get_dep() returning DEP, DEP2 = DEP, {"dep": DEP}
                _note_carried(found, importer, definer, line, local, carries[definer][name], constants[definer])
            if name in classes.get(definer, ()) and any(k.startswith(name + ".") for k in helpers[definer]):
                # red team 12, F6: from lib.platform import PlatformClient; PlatformClient().query(Q)
                entry = found.setdefault(importer, {"imports": {}, "imported_by": {}})
                for key, words in helpers[definer].items():
                    if key.startswith(name + "."):
                        entry.setdefault("helpers", {})[local + key[len(name):]] = [_relative(definer), words]
            if name in classes.get(definer, ()):  # from frags import Docs: Docs.CREATE, a subclass's self.CREATE
                handed_out.note(found, definer, name, INSTANCES_BY, importer, line)  # self.X = "..." (11b, F6)
                users = found.setdefault(definer, {"imports": {}, "imported_by": {}})["imported_by"]
                for attribute in classes[definer][name]:
                    use = [_relative(importer), line]
                    if (definer, attribute, use[0], line) not in class_uses:  # a set: many importers stay linear
                        class_uses.add((definer, attribute, use[0], line))
                        users.setdefault(attribute, []).append(use)
                if name + VERSIONED_SUFFIX in returners.get(definer, ()):  # the importer's side: its send of Docs.CREATE is not read
                    _add_reach(found, importer, definer, line, local)
                continue
            if name in wrapped.get(definer, ()) and name not in constants[definer]:
                # RT16 11b, F10: CREATE = dedent("..."), an f-string, CREATE, X = "...", "x": held where defined
                handed_out.note(found, definer, name, WRAPPED_BY, importer, line)
            if name in instance_urls.get(definer, ()):
                # from settings import settings; settings.catalog_url: the field's URL there (RT17 report 12, F19)
                entry = found.setdefault(importer, {"imports": {}, "imported_by": {}})
                for field, (value, defined_at) in instance_urls[definer][name].items():
                    entry["imports"].setdefault(f"{local}.{field}", [value, _relative(definer), defined_at])
            if name in instance_environments.get(definer, ()):
                # from app.config import houston_settings; houston_settings.api_url: HOUSTON_API_URL speaks, as
                # os.environ["HOUSTON_API_URL"] would (red team 23, report 12, f13)
                _class, fields, defined_at = instance_environments[definer][name]
                entry = found.setdefault(importer, {"imports": {}, "imported_by": {}})
                for field, read in fields.items():
                    variable = read.split(" ", 1)[0]  # then its URL default, if any: both are read
                    entry.setdefault("environment", {}).setdefault(
                        f"{local}.{field}", [variable, _relative(definer), defined_at, read.split(" ", 1), f"{variable} (a pydantic-settings field)"])
            if name in environments.get(definer, ()):
                # from lib.settings import API_URL, API_URL = os.environ["HOUSTON_URL"] there: the variable's name speaks
                # for the importer's send, as when read in the importer itself (red team 22, report 12, f9); the
                # words of a URL built over it too (red team 23, report 12, f15)
                variable, defined_at, words, written = environments[definer][name]
                entry = found.setdefault(importer, {"imports": {}, "imported_by": {}})
                entry.setdefault("environment", {})[local] = [variable, _relative(definer), defined_at, words, written]
                if name not in constants[definer]:  # an environment default URL is the imported value too (f4)
                    continue
            for suffix, (variable, defined_at, words, written) in _dict_entries_of(definer).get(name, ()):
                # from ops.settings import HOUSTON; HOUSTON["url"] (settings.HOUSTON["url"]): the entry's reading there
                # (red team 24, report 12, f10)
                entry = found.setdefault(importer, {"imports": {}, "imported_by": {}})
                entry.setdefault("environment", {})[local + suffix] = [variable, _relative(definer), defined_at, words, written]
            if name not in helpers[definer] and name not in constants[definer]:
                # from lib.clients import houston, houston = PlatformClient(URL) there: its methods (RT15 F11)
                methods = module_instances.instance_methods(definer, name, lambda d: _read_candidate(d, read_bytes, None), instances_read, _class_of)
                if methods:
                    entry = found.setdefault(importer, {"imports": {}, "imported_by": {}})
                    for method, (owner, words) in methods.items():
                        entry.setdefault("helpers", {})[f"{local}.{method}"] = [_relative(owner), words]
                    continue
                # from lib import houston, lib/__init__.py: from .client import houston (red team 10, F3)
                owner, original = _reexported(definer, name, statements, by_abspath, helpers, constants, exported)
                if owner is not None and original in helpers[owner]:
                    entry = found.setdefault(importer, {"imports": {}, "imported_by": {}})
                    entry.setdefault("helpers", {})[local] = [_relative(owner), helpers[owner][original]]
                elif owner is not None:  # from pkg import Api, pkg/__init__.py: from .clients import Api (RT19 F17)
                    entry = found.setdefault(importer, {"imports": {}, "imported_by": {}})
                    for key, words in _methods_of(helpers[owner], original):
                        entry.setdefault("helpers", {})[local + key[len(original):]] = [_relative(owner), words]
                elif os.path.basename(definer) == "__init__.py":  # RT20 (11b, F11 note): maybe a submodule's constant
                    reexported_constants.append((importer, definer, name, local, line))
                continue
            if name in helpers[definer]:  # red team 9, F5: a helper whose body the importer cannot see
                if definer in versioned and importer in versioned and importer.endswith(".py"):
                    _note_importer_reads(found, importer, definer, local, line, importer_reads)  # RT15 11b F1
                if name in returners.get(definer, ()):  # report 11b, F1: create_doc() hands out its own literal
                    handed_out.note(found, definer, name, RETURNED_BY, importer, line)
                    returned_imports.setdefault(importer, {})[local] = (definer, name)  # where its sends go (RT19 F16)
                    if name + VERSIONED_SUFFIX in returners[definer]:
                        _add_reach(found, importer, definer, line, f"{local}() returns its document")
                entry = found.setdefault(importer, {"imports": {}, "imported_by": {}})
                entry.setdefault("helpers", {})[local] = [_relative(definer), helpers[definer][name]]
                if name in factories.get(definer, ()):  # client = make_client(): the URL of the client it returns (RT27 12 f5)
                    made, defined_at = factories[definer][name]
                    if "://" in made:
                        entry["imports"].setdefault(local + "()", [made, _relative(definer), defined_at])
                    else:  # Client(transport=RequestsHTTPTransport(url=os.environ["HOUSTON_URL"])): the variable speaks
                        entry.setdefault("environment", {}).setdefault(
                            local + "()", [made, _relative(definer), defined_at, [made], f'os.environ["{made}"]'])
                if "." in local:  # client.houston(...): calls are looked up by their last name (red team 12, F5)
                    entry["helpers"].setdefault(name, entry["helpers"][local])
                continue
            if name not in constants[definer]:
                continue
            value, defined_at = constants[definer][name]
            entry = found.setdefault(importer, {"imports": {}, "imported_by": {}})
            if "." in local and _VERSION_FIELD in value:  # frags.CREATE: its send is not read here
                _add_reach(found, importer, definer, line, local)
            entry["imports"][local] = [value, _relative(definer), defined_at]
            if ambiguous:  # F2: which of the same-named modules is meant is not known here
                spliced.setdefault((importer, local), {})[definer] = (value, line)
            users = found.setdefault(definer, {"imports": {}, "imported_by": {}})["imported_by"]
            users.setdefault(name, []).append([_relative(importer), line])
            imported.setdefault(importer, {})[local] = (definer, name)

    path_memo: dict = {}  # imported_graphql_paths: definer -> its .graphql path constants, importer -> reads
    if path_editors:  # RT17 (11b, F13): `import _pathfix` (which runs sys.path.insert) edits the importer's path
        path_edited.update(importer for importer, stems in plain_imports.items() if not stems.isdisjoint(path_editors))
        # and pytest runs a conftest.py before every test module below it
        editing = path_conftests
        for importer in plain_imports if editing else ():
            folder = os.path.dirname(os.path.abspath(importer))
            for _ in range(conftest_fixtures.LEVELS_UP):
                if folder in editing and conftest_fixtures.is_test_module(importer):
                    path_edited.add(importer)
                    break
                folder, parent = os.path.dirname(folder), folder
                if folder == parent:
                    break
    plain_imports.clear()
    for importer, imports in statements.items():
        for module, names, line in imports:
            # Red team 14 (11b, F4): an importer editing sys.path may import another same-named module than
            # the one beside it: the sibling is no longer certain, every candidate of the run is weighed.
            definers = None if importer in path_edited and not module.startswith(".") else _definers(importer, module, by_abspath)
            if definers is None:
                if by_stem is None:
                    by_stem = _stem_index(by_abspath)
                definers = _same_name_modules(importer, module, by_stem, by_abspath)
            if not definers and package_bindings and "." in module and module.strip("."):
                # RT19 (11b, F3): pkg.queries is no file, but pkg/__init__.py binds queries to a submodule
                definers = _through_packages(importer, module, by_abspath, package_bindings)
            for definer in definers:
                if definer != importer:
                    _import_from(importer, definer, names, line, len(definers) > 1)
                    if graphql_files and importer in sending:  # RT16 13 F12: CREATE_PATH imported, read, sent here
                        _note_graphql_path_import(importer, definer, names, line, graphql_files, found, path_memo)
            if not definers or importer in hooked:  # red team 13, F5: import_ipynb / nbimporter / ipynb.fs load a notebook
                # by module name; report 11b F3: with a hook, a same-named .py elsewhere does not rule the notebook out
                _note_notebook_import(importer, module, line, stems, reachers, reaching)
    # RT20 (11b, F11 note): from pkg import NAME, which pkg/__init__.py takes from a submodule (from .docs import
    # CREATE as NAME, or its lazy table): the importer takes that constant as if from the submodule, so the
    # review names it (the one sending it), not only the package that passes it on.  One index per package.
    package_names: Dict[str, Dict[str, Tuple[str, str]]] = {}
    for importer, package, name, local, line in reexported_constants:
        if package not in package_names:
            package_names[package] = {
                bound: (module, original) for module, names, _at in statements.get(package, ())
                for original, bound in _imported_names(names)
            }
        module, original = package_names[package].get(name, (None, None))
        if module is None:
            continue
        owners = _definers(package, module, by_abspath)
        if owners is None:
            if by_stem is None:
                by_stem = _stem_index(by_abspath)
            owners = _same_name_modules(package, module, by_stem, by_abspath)
        for owner in owners:
            if owner not in (importer, package) and original in constants.get(owner, ()):
                _import_from(importer, owner, f"{original} as {local}", line, len(owners) > 1)
    # Red team 16 (report 11b, F3): a file read by a path written nowhere may be any .graphql file of the run;
    # graphql_fills holds a file only where its edits change what such a literal fill looks for
    for script, fills_here in computed_fills:
        for target in graphql_files.values():
            _note_fills(script, fills_here[0][0], target, fills_here, found)
    # Red team 16 (report 11b, F4): def test_create(create_query) takes conftest.py's fixture as an import would
    tests = [(absolute, path) for absolute, path in by_abspath.items() if conftest_fixtures.is_test_module(path)]
    for importer, definer, names, line in conftest_fixtures.requests(
        fixture_sources, tests, lambda p: _read_candidate(p, read_bytes, None), plugin_fixtures
    ):
        _import_from(importer, definer, names, line, False)
    for (importer, local), texts in spliced.items():
        if len({text for text, _line in texts.values()}) > 1:  # same-named modules disagree: its text is unknown (F2)
            del found[importer]["imports"][local]
            for definer, (_text, line) in texts.items():
                if definer in versioned:
                    _add_reach(found, importer, definer, line, local)
    imported_fills.hand_on(helpers, found)  # fill(q) -> set_version(q) imported from a third module (RT19 11b)
    _note_entry_points(paths, stems, reachers)  # "pkg.mod:NAME" in pyproject.toml / setup.cfg (RT17 11b, F12)
    _note_reached(stems, reachers, reaching, versioned, found)
    if conftests:
        _note_conftest_clients(by_abspath, conftests, found)
    for path in unnamed_readers:
        _note_imported_url_readers(path, graphql_files, found, by_name or {})
    for path, reads in graphql_reads.items():  # RT16 report 12, F10/F14: a read handed to an imported helper
        if reads and (found.get(path) or {}).get("helpers"):
            _note_helper_readers(path, graphql_files, found, by_name or {})
    for importer, names in imported.items():
        for local, said_all in executions.get(importer, {}).items():
            if local not in names:
                continue
            definer, name = names[local]
            executed = found[definer].setdefault("executed_by", {}).setdefault(name, [])
            for said in said_all:
                if said not in executed and len(executed) < 3:  # a few say enough
                    executed.append(f"executed in process by {os.path.relpath(importer)}: {said}")
    _note_importer_sends(imported, constants, sending, found, returned_imports)
    for script, reads in graphql_reads.items():
        if reads and taken.get(script):
            _note_handed_reads(script, reads, taken[script], found)
    if graphql_files:  # red team 27 (report 11b), f4: a JavaScript / TypeScript / Ruby script's fill of a read file
        from .program_fills import program_fills

        for script, line, target, fills_here in program_fills(graphql_files):
            _note_fills(script, line, target, fills_here, found)
    for script, named_reads in compared_reads.items():
        _note_compared_reads(script, named_reads, imported.get(script, {}), constants, graphql_files, by_name or {}, found)
    return found


# Red team 28 (report 11b), f2: a comparison of texts in a module (``==``, ``assertEqual``, pytest-snapshot's
# ``assert_match``, syrupy's ``snapshot``): fixed words, one alternation (linear)
_COMPARES = re.compile(r"==|\bassert(?:Equal|MultiLineEqual|_match)\b|\bsnapshot\b")


def _note_compared_reads(script: str, named_reads: List[Tuple[str, int]], names: Dict[str, Tuple[str, str]],
                         constants: Dict[str, Dict[str, Tuple[str, int]]], graphql_files: Dict[str, str],
                         by_name: Dict[str, List[str]], found: Dict[str, dict]) -> None:
    """Red team 28 (report 11b), f2: ``tests/test_snap.py`` imports ``CREATE`` from ``deploy.py`` (so ``CREATE`` is
    held: review-imported-constant) and compares it with ``tests/snapshots/create.graphql`` (``CREATE.strip() ==
    (HERE / "snapshots" / "create.graphql").read_text().strip()``, ``snapshot.assert_match(CREATE, "create.graphql")``).
    Rewriting the snapshot alone split the two sides of the equality: the test broke.  A ``.graphql`` file of the run
    that a comparing module names (a literal path, beside it, from the working directory or the one file below its
    folder ending so) while that module imports a string constant of the run is held with it: a fill of kind
    ``compared`` (:func:`.graphql_fills.settle` withdraws every edit as ``review-template-fill`` naming the module).
    Each named path looked up once (linear)."""
    taken = [(local, definer) for local, (definer, name) in names.items() if name in constants.get(definer, {})]
    if not taken:
        return
    local, definer = taken[0]
    said = f"{local} imported from {os.path.relpath(definer)}, which is held there"
    folder = os.path.dirname(os.path.abspath(script))
    for named, line in named_reads:
        if _is_pattern(named) or "{" in named:
            continue
        for candidate in (os.path.join(folder, named), os.path.abspath(named), _joined(folder, named, by_name)):
            target = graphql_files.get(os.path.normpath(candidate)) if candidate else None
            if target is not None:
                _note_fills(script, line, target, [(line, "compared", None, said)], found)
                break


def _note_handed_reads(script: str, reads: List[Tuple[str, int]], taken: Dict[str, List[Tuple[str, int]]], found) -> None:
    """Red team 16 (report 11b, F16): ``docs.py`` reads ``queries/create.graphql`` into what it hands to
    importers (``CREATE = (HERE / "queries" / "create.graphql").read_text()``, ``QUERIES = {p.stem: ...}``,
    ``def load(name): return ...read_text()``, ``CREATE_PATH = HERE / ...``), and ``app.py`` imports that name
    and fills or sends it (``CREATE.replace("2.3.4-11", v)``, its own ``{"airflowVersion": v}``).  The read's
    top-level statement (an assignment, a function, a class) binds the names it hands out; when an importer
    of the run takes one of them, the file is held as when the reading module fills it: a fill note whose
    target is not known (``graphql_fills.settle`` withdraws every edit as ``review-template-fill``).  One
    parse of a module that both reads a ``.graphql`` file and is imported; a binary search per read."""
    import bisect

    from ..files import read_bytes

    text = _read_candidate(script, read_bytes, None)
    module = parsed(text) if text is not None else None
    if module is None:
        return
    statements = []  # (first line, last line, names it binds)
    for statement in module.body:
        if isinstance(statement, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
            targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
            names = [name for target in targets for name in _bound_names(target)]
        elif isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names = [statement.name]
        else:
            continue
        first = min([statement.lineno] + [d.lineno for d in getattr(statement, "decorator_list", ())])
        statements.append((first, getattr(statement, "end_lineno", None) or statement.lineno, names))
    starts = [first for first, _last, _names in statements]
    for target, line in reads:
        at = bisect.bisect_right(starts, line) - 1
        if at < 0 or statements[at][1] < line:
            continue
        users = [(name, importer, where) for name in statements[at][2] for importer, where in taken.get(name, ())]
        if not users:
            continue
        name, importer, where = users[0]
        # its version variable held too, as for a pattern's file (rules.rename_version_variable): the importer
        # may send the old key with its own variables dict (lf7)
        entry = found.setdefault(target, {"imports": {}, "imported_by": {}})
        folder = os.path.dirname(os.path.abspath(target))
        said = f"read by {os.path.relpath(script, folder)} (line {line}) into {name}, imported by {os.path.relpath(importer, folder)} (line {where})"
        if said not in entry.setdefault("held_by", []) and len(entry["held_by"]) < 3:
            entry["held_by"].append(said)
        _note_fills(script, line, target, [[where, "imported", None, f"{name} is imported by {os.path.relpath(importer)}, which may fill it or send it with its own variables"]], found)


def _note_importer_reads(found, importer: str, definer: str, local: str, line: int, memo: Dict[str, list]) -> None:
    """Red team 15 (report 11b, F1): ``from houston import list_deployments`` in a module that compares
    ``d["airflowVersion"]`` with ``"2.3.4-11"`` or reads its hotfix suffix.  The helper's module selects a
    version field and may hand the response out: its documents' fields get the same AC-format read
    reviews a ``.graphql`` file read by a script gets (``reader_reads``, naming the importer's lines).
    The importer is read and walked once however many helpers it imports (``memo``)."""
    from ..files import read_bytes

    if importer not in memo:
        text = _read_candidate(importer, read_bytes, None)
        memo[importer] = [r for r in _ac_format_reads(text) if r[0] in _VERSION_KEYS] if text is not None else []
    if not memo[importer]:
        return
    entry = found.setdefault(definer, {"imports": {}, "imported_by": {}})
    reader = f"{os.path.relpath(importer)} (importing {local}() on line {line})"
    readers = entry.setdefault("reader_reads", [])
    if len(readers) < 3 and all(r[0] != reader for r in readers):  # a few say enough
        readers.append([reader, memo[importer]])


# A call that may send a document (``requests.post(``, ``client.execute(``, ``urlopen(``): an importer that names
# no Houston is read for where it sends what it imports only when it holds one (red team 16, report 12, F1).
# One word, then blanks and "(": linear.
_SEND_CALL = re.compile(r"\b(?:post|request|execute|execute_async|urlopen|Request|fetch)[ \t]*\(")


def _imported_sends(text: str, statements: List[Tuple[str, str, int]], remember: Optional[Remember] = None) -> Dict[str, Tuple[bool, str]]:
    """Imported name -> (sent to Houston, words) for the names a module takes by ``from X import``.

    Placed during the module's one read (``destination.constant_sends``: one more parse of a module that
    names Houston or sends, and imports).  Report 12, F2: a send placed at Houston; red team 16 (report 12),
    F1: a send placed at another API's URL too (``requests.post(INVENTORY_API, json={"query": DEPLOYMENTS})``),
    so the definition hears both, as a ``.graphql`` file hears the script sending it.
    """
    from ..destination.constant_sends import placed

    names = sorted({local for _module, listed, _line in statements for _name, local in _imported_names(listed) if local.isidentifier()})
    if not names:
        return {}

    def answer() -> list:
        return [[local, said[0], said[1]] for local, said in sorted(placed(text, names).items()) if said[0] in (True, False)]

    # A pure function of the text and the names: a warm run reads it back (issue 15: two thirds of its time)
    answered = answer() if remember is None else remember("imported-sends " + json.dumps(names), text, answer)
    return {local: (direction, words) for local, direction, words in answered}


def _note_importer_sends(imported, constants, sending, found: Dict[str, dict], returned_imports=None) -> None:
    """Red team 14 (report 12, F2): a document constant an importer sends to Houston is Houston's where defined.

    ``from queries import LIST`` then ``houston(LIST)``: the importer's send decides where the document
    goes (``_imported_sends``, placed when the importer was read); the definition gets ``sent_by``
    (name -> words naming the importer's send), strong evidence for Houston there, so it is checked and
    reviewed where it is defined, as the importer's review says.  Only a constant that may be a
    document (it holds a ``{``) counts, or a function returning one (red team 19, F16: ``from builders
    import apps_query`` then ``requests.post(INVENTORY_URL, json={"query": apps_query()})``: what
    ``apps_query`` returns is sent there; ``sources.python`` gives the function's name to the literals
    it returns).  No file is read again.
    """
    for importer, said_all in sending.items():
        for local, (direction, words) in said_all.items():
            returned = (returned_imports or {}).get(importer, {}).get(local)
            definer, name = returned or imported.get(importer, {}).get(local, (None, None))
            if definer is None or ("{" not in constants.get(definer, {}).get(name, ("", 0))[0] and returned is None):
                continue
            said = found.setdefault(definer, {"imports": {}, "imported_by": {}}).setdefault("sent_by", {}).setdefault(name, [])
            line = f"imported by {os.path.relpath(importer)}, where it is {words}"
            if direction is False:  # red team 16 (report 12), F1: sent to another API there: against, as strong
                line = [False, line]
            if line not in said and len(said) < 3:  # a few say enough
                said.append(line)


def sent_evidence(entry: Optional[dict], names) -> list:
    """Strong evidence for a constant an importer of the run sends (``_note_importer_sends``): for Houston when
    the send goes to Houston, against when it goes to another API (a ``[False, words]`` entry)."""
    from ..destination.evidence import STRONG, Evidence

    sent = (entry or {}).get("sent_by") or {}
    return [
        Evidence("sent-by-importer", False, STRONG, said[1]) if isinstance(said, list) else Evidence("sent-by-importer", True, STRONG, said)
        for name in names for said in sent.get(name, ())
    ]


# ``ipynb`` (the package): ``from ipynb.fs.full.frags import X`` / ``ipynb.fs.defs.frags`` loads frags.ipynb.
_IPYNB_PREFIXES = ("ipynb.fs.full.", "ipynb.fs.defs.")


def _note_notebook_import(importer: str, module: str, line: int, stems, reachers, reaching) -> None:
    """An import naming no Python module of the run but a notebook of it: the notebook's names are reached.

    Red team 13 (report 11, F5): ``import import_ipynb`` (or ``nbimporter``) then ``from frags import DEP``
    with ``frags.ipynb`` in the run and no ``frags.py``, or ``from ipynb.fs.defs.frags import DEP``: the
    notebook was migrated alone and the importer's ``DEP.replace("2.3.4-11", version)`` went dead.  Each
    notebook of the run with that name counts as mentioned by the importer (its module-level documents
    held and reviewed; the import reviewed when it holds an AC version field).  Only an import the run's
    Python modules do not answer gets here: a plain ``from frags import`` needs such a hook to load a
    notebook at all, and a module outside the run of that name only turns an edit into a review.
    """
    for prefix in _IPYNB_PREFIXES:
        if module.startswith(prefix):
            module = module[len(prefix):]
            break
    name = module.lstrip(".").rsplit(".", 1)[-1] + ".ipynb"
    if name not in stems or len(stems[name]) > MAX_SAME_STEM:
        return
    how = f"imports {module} ({name} through an import hook)"
    reaching.setdefault(importer, []).append((name, line, how))
    users = reachers.setdefault(name, [])
    if len(users) <= MAX_REACHERS:
        users.append([importer, line, how])


def _note_carried(found, importer: str, definer: str, line: int, local: str, carried: List[str], constants) -> None:
    """``importer`` takes ``local`` from ``definer``, whose value hands out ``carried`` (string constants of
    the definer): each is imported as its own name is (reviewed where defined, never edited there alone),
    and the importer, whose document is built from a value it cannot read, gets the review at the import
    when one of them holds an AC version field (red team 13, report 11, F11)."""
    users = found.setdefault(definer, {"imports": {}, "imported_by": {}})["imported_by"]
    for constant in carried:
        if [os.path.relpath(importer), line] not in users.setdefault(constant, []):
            users[constant].append([os.path.relpath(importer), line])
    if any(_VERSION_FIELD in constants[c][0] for c in carried if c in constants):
        _add_reach(found, importer, definer, line, local)


def _reexported(definer, name, statements, by_abspath, helpers, constants, exported=None) -> Tuple[Optional[str], str]:
    """(the module that defines the helper ``definer`` re-exports as ``name``, its name there), or (None, "").

    ``lib/__init__.py`` doing ``from .client import houston``: an importer of ``lib``'s
    ``houston`` calls ``client``'s (red team 10, F3).  At most ``MAX_REEXPORTS`` hops; each
    module read once (``helpers`` and ``constants`` are the run's, filled here too).
    """
    from ..files import read_bytes

    exported = {} if exported is None else exported
    for _hop in range(MAX_REEXPORTS):
        if definer not in exported:  # each module's imports indexed once, not scanned per name looked up
            names_here: Dict[str, Tuple[str, str]] = {}
            for module, names, _line in statements.get(definer, ()):
                for original, local in _imported_names(names):
                    names_here[local] = (module, original)  # the last import of a name wins, as Python's does
            exported[definer] = names_here
        following = exported[definer].get(name)
        if following is None:
            return None, ""
        module, name = following
        definer = _resolve_module(definer, module, by_abspath)
        if definer is None:
            return None, ""
        if definer not in constants:
            text = _read_candidate(definer, read_bytes, None)
            helpers[definer] = {}
            constants[definer] = _string_constants(text, helpers[definer]) if text is not None else {}
        if name in helpers[definer] or _methods_of(helpers[definer], name):  # a helper, or a class with sending methods
            return definer, name
        if name in constants[definer]:
            return None, ""
    return None, ""


def _methods_of(helpers: Dict[str, dict], class_name: str) -> List[Tuple[str, dict]]:
    """(``Class.method``, its words) of the helpers a module's class ``class_name`` has (red team 19, F17: a
    client class re-exported by a package).  One pass over that module's helpers, for a re-exported name only."""
    prefix = class_name + "."
    return [(key, words) for key, words in helpers.items() if key.startswith(prefix)]


# A call that may run a document in process (``_local_executions`` then reads the module).
_EXECUTES = re.compile(r"execute|subscribe|graphql_sync|graphql\(")
_SCHEMA = re.compile(r"schema", re.IGNORECASE)
# gql's Client keyword: the one "schema" of a typical Houston script, and never an expression.
_GQL_FETCH_SCHEMA = re.compile(r"fetch_schema_from_transport")


def _may_name_a_schema(text: str) -> bool:
    """Could a call's object or first argument mention a schema (``_local_executions``' own test)?

    Both need the word "schema" somewhere other than gql's ``fetch_schema_from_transport=``;
    without one the module is not parsed (issue 15, warm row: most Houston scripts use gql's
    Client, so every warm run parsed them only to find nothing).
    """
    return sum(1 for _ in _SCHEMA.finditer(text)) > sum(1 for _ in _GQL_FETCH_SCHEMA.finditer(text))


def _local_executions(text: str, path: Optional[str] = None) -> Dict[str, List[str]]:
    """Red team 9, F9: names a module runs in process against a schema object -> how (a few, each with its line).

    ``from queries import CREATE`` then ``schema.execute_sync(CREATE)`` (or
    ``graphql_sync(schema, CREATE)``): if CREATE is a constant of the run, the
    document is the project's own API's, which is strong evidence against Houston
    where it is defined (``executed_by`` on the definer).  Read during the one
    read of each module; the module is parsed only when it imports and mentions
    an executor.
    """
    import warnings

    from ..destination.gather_module import LOCAL_EXECUTORS
    from ..destination.gather_module import _mentions_schema as mentions_schema  # the file-level rule's own test

    from . import executed_schema

    found: Dict[str, List[str]] = {}
    module = parsed(text)
    if module is None:
        return found
    bindings: dict = {}  # module-level name -> its value, made when a schema is first read
    for node in walk(module):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        callee = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
        forms = []  # (the schema object, the document, how): schema.execute(D), then graphql_sync(schema, D)
        if isinstance(func, ast.Attribute) and callee in _SCHEMA_METHODS and node.args:
            forms.append((func.value, node.args[0], f"{_dotted(func)}({{}})"))
        if callee in LOCAL_EXECUTORS and len(node.args) > 1:
            forms.append((node.args[0], node.args[1], f"{callee}({_dotted(node.args[0])}, {{}})"))
        # Red team 20, report 12, F13: the schema executed is read, not its name: a copy of Houston's
        # (build_schema(open("tests/houston.graphql").read())) makes this a contract test of Houston's documents
        placed = None
        for schema, document, how in forms:
            if not isinstance(document, ast.Name):
                continue
            copy = executed_schema.houstons(schema, module, path, bindings)
            if copy is not None or mentions_schema(schema):
                placed = document, how, copy
                break
        if placed is None:
            continue
        document, how, copy = placed
        said = found.setdefault(document.id, [])
        if len(said) < 3:  # a few say enough
            said.append(f"{how.format(document.id)} (line {node.lineno})" + (f"{executed_schema.HOUSTON_COPY}{copy})" if copy else ""))
    return found


_SCHEMA_METHODS = frozenset({"execute", "execute_sync", "execute_async", "subscribe"})


def _dotted(node: ast.AST) -> str:
    """``schema`` or ``app.schema``: a short name for the object, never a long expression."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    parts.append(node.id if isinstance(node, ast.Name) else "...")
    return ".".join(reversed(parts))


def executed_evidence(entry: Optional[dict], names) -> list:
    """Strong evidence against Houston for a constant another module runs in process (``_note_local_executions``)."""
    from ..destination.evidence import STRONG, Evidence

    from .executed_schema import HOUSTON_COPY

    executed = (entry or {}).get("executed_by") or {}
    # red team 20, report 12, F13: run against a copy of Houston's schema (a contract test): for Houston
    return [Evidence("executed-locally", HOUSTON_COPY in said, STRONG, said) for name in names for said in executed.get(name, ())]


# ``%run helpers.py`` / ``%run ./lib/helpers.py`` alone on a cell's line: IPython runs the script in the
# notebook's namespace, so every module-level name it binds is the notebook's (red team 13, F15).  One
# class run for the path, ended by the line's end or a blank: linear.
_RUN_SCRIPT = re.compile(r"^[ \t]*%run[ \t]+(?:\./)?([A-Za-z0-9_][A-Za-z0-9_/]*\.py)[ \t]*$", re.MULTILINE)
RUN_NAMES = " %run"  # the names of a (module, names, line) statement for %run: every name the script binds


def _notebook_imports(text: str) -> List[Tuple[str, str, int]]:
    """(module, names, line in the .ipynb) of each ``from X import ...`` (and ``%run X.py``) in a notebook's code cells.

    The line is where the statement's first line stands in the JSON text (each
    source line is a JSON string there, or the cell's one string holds them all);
    found by searching forward from the last one, so the file is scanned once.
    """
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return []
    cells = data.get("cells") if isinstance(data, dict) else None
    found: List[Tuple[str, str, int]] = []
    position, lines = 0, _LineCounter(text)
    for cell in cells if isinstance(cells, list) else ():
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        source = cell.get("source")
        if isinstance(source, list):
            source = "".join(part for part in source if isinstance(part, str))
        if not isinstance(source, str) or ("import" not in source and "%run" not in source):
            continue
        for match in _RUN_SCRIPT.finditer(source):  # %run helpers.py: its names land in the notebook's namespace
            at = text.find(json.dumps(match.group(0).strip(), ensure_ascii=False)[1:-1], position)
            if at >= 0:
                position = at
            found.append((match.group(1)[:-3].replace("/", "."), RUN_NAMES, lines.at(position)))
        for match in _FROM_IMPORT.finditer(source):
            first = match.group(0).strip().split("\n", 1)[0]
            at = text.find(json.dumps(first, ensure_ascii=False)[1:-1], position)
            if at >= 0:
                position = at
            found.append((match.group(1), match.group(2), lines.at(position)))
    return found


def _read_candidate(path: str, read_bytes, prefilter) -> Optional[str]:
    """The text of a regular file that passes ``prefilter`` (None: unreadable, or no GraphQL in sight)."""
    try:
        data = read_bytes(path)
    except (OSError, ValueError):
        return None
    if prefilter is not None and not prefilter(data):
        return None
    return data.decode("utf-8", errors="replace")


class _LineCounter:
    """1-based line of increasing offsets, counting each newline once (matches come in order)."""

    def __init__(self, text: str) -> None:
        self.text, self.offset, self.line = text, 0, 1

    def at(self, offset: int) -> int:
        self.line += self.text.count("\n", self.offset, offset)
        self.offset = offset
        return self.line


def _note_imported_url_readers(script: str, graphql_files: Dict[str, str], found: Dict[str, dict], by_name) -> None:
    """Red team 11 F6: a script that names no Houston but sends a ``.graphql`` file to an imported setting.

    ``from config import API_URL`` with ``API_URL = "https://houston.acme.com/v1"`` in a
    module of the run: the send's URL is Houston's, as for a document written inline
    (``gather_binding.imported_value``).  Only scripts that import a constant naming
    Houston are read again (once each); only a read sent to Houston is noted.
    """
    from ..destination.gather_calls import names_houston
    from ..files import read_bytes

    imports = (found.get(script) or {}).get("imports") or {}
    imported = {local: (value, definer) for local, (value, definer, _line) in imports.items() if names_houston(value)}
    if not imported:
        return
    text = _read_candidate(script, read_bytes, None)
    if text is not None:
        _note_graphql_readers(script, text, graphql_files, found, by_name, imported)


def _note_helper_readers(script: str, graphql_files: Dict[str, str], found: Dict[str, dict], by_name) -> None:
    """Red team 16 (report 12, F10/F14): a script (or notebook) reading a ``.graphql`` file of the run and
    handing the text to a helper it imports from a module of the run (``from helpers import houston``;
    ``houston(Path("q.graphql").read_text())``).  The helper's own send says where it posts
    (``_note_destinations``: Houston's endpoint, or another API's URL): the read is sent there, evidence for
    or against the file as for a helper defined in the script.  A helper posting to both, or to a URL its
    caller passes, says nothing.  Only scripts that read a file of the run and import such a helper are read
    again (once each)."""
    from ..files import read_bytes

    destinations: Dict[str, Tuple[bool, str]] = {}
    for local, (definer, words) in (found.get(script) or {}).get("helpers", {}).items():
        # houston.query: a method of an instance imported from the run (lib.clients' houston = HoustonClient()),
        # called on that name, is a helper as run_query is (red team 24, report 12, f2); Class.method is not
        if not isinstance(words, dict) or ("." in local and not _instance_method_key(local)):
            continue
        # an instance's "given" send is read, with its construction's argument, into a houston/other one (module_instances)
        said = {(key[len(SENDS):].split(" ", 1)[0], key[len(SENDS):].split(" ", 1)[-1]) for key in words
                if key.startswith(SENDS) and not key.startswith(SENDS + GIVEN)}
        kinds = {kind for kind, _what in said}
        if len(kinds) == 1 and kinds <= {"houston", "other"}:
            what = sorted(what for _kind, what in said)[0]
            destinations[local] = (kinds == {"houston"}, f"{definer}, which posts to {what}")
    # Red team 17 (report 11b, F4): a helper filling the text handed to it (with_version(read, v)) fills the read
    fillers = {
        local: (definer, words) for local, (definer, words) in (found.get(script) or {}).get("helpers", {}).items()
        if isinstance(words, dict) and any(key.startswith(imported_fills.FILLS) for key in words)
    }
    if not destinations and not fillers:
        return
    text = _read_candidate(script, read_bytes, None)
    if text is None:
        return
    if script.lower().endswith(".ipynb"):
        code, cell_lines = _notebook_code(text)
        text = _notebook_placed(code, cell_lines)
    _note_graphql_readers(
        script, text, graphql_files, found, by_name, imported_helpers=destinations, fill_helpers=fillers, fills_only=not destinations
    )


def _instance_method_key(local: str) -> bool:
    """``houston.query``: one dot between two names, the first not a class's (a capitalised name): an instance's method."""
    owner, _dot, method = local.partition(".")
    return owner.isidentifier() and method.isidentifier() and not owner[:1].isupper()


def _code_endpoint_line(text: str, endpoint) -> Tuple[int, bool]:
    """The line of the first Houston endpoint the script's code names (``gather_module``: never in a comment or
    docstring, astro's argv, a child's environment, a membership test or a message; red team 18, report 12,
    F1/F3/F4), else 0; and whether one of those names a URL or host, not only a token.  ``endpoint``: the raw
    match (its line, for a script that does not parse)."""
    from ..destination.code_text import without_prose
    from ..destination.gather_module import _endpoint_matches, names_a_url

    module = parsed(text)
    if module is None:
        return _LineCounter(text).at(endpoint.start()), True
    code = without_prose(text, module)
    found = _endpoint_matches(code, module)
    return (_LineCounter(text).at(found[0].start()), names_a_url(code, found)) if found else (0, False)


def _note_graphql_readers(
    script: str,
    text: str,
    graphql_files: Dict[str, str],
    found: Dict[str, dict],
    by_name: Optional[Dict[str, List[str]]] = None,
    imported: Optional[Dict[str, Tuple[str, str]]] = None,
    foreign_only: bool = False,
    read_lines: Optional[List[Tuple[str, int]]] = None,
    imported_helpers: Optional[Dict[str, Tuple[bool, str]]] = None,
    fill_helpers: Optional[Dict[str, Tuple[str, Dict[str, int]]]] = None,
    fills_only: bool = False,
) -> bool:
    """12-R5: a ``.graphql`` file of the run that a script naming Houston's endpoint reads by a literal path.

    ``Path(__file__).with_name("x.graphql").read_text()`` or ``open("queries/x.graphql")``
    sent to Houston: the file holds the script's document, so the script's
    endpoint is evidence for it.  The path is looked for beside the script and
    from the working directory; only a file of this run counts.  With ``imported``
    (local name -> (value, its module) of constants naming Houston), a script that
    does not name Houston's endpoint itself: only reads sent to Houston are noted.
    False when the script names no Houston endpoint and nothing was imported.

    Red team 12 F2a: a script naming no Houston (or one the prefilter drops: ``foreign_only``) that
    posts a file of the run to another API (``https://acme.hasura.app/v1/graphql``) says where that
    file goes: only such reads, sent to a URL seen not to be Houston's, are noted (strong, against).
    The script is parsed only when a quoted path is a file of the run: bounded as before.
    """
    from ..destination.gather_module import HOUSTON_ENDPOINT

    endpoint = HOUSTON_ENDPOINT.search(text)
    foreign_only = foreign_only or (endpoint is None and not imported and not imported_helpers)
    folder = os.path.dirname(os.path.abspath(script))
    by_name = by_name if by_name is not None else suffix_index(graphql_files)
    endpoint_line = _LineCounter(text).at(endpoint.start()) if endpoint is not None else 0
    in_code: list = []  # the script's endpoint line as its code names it (_code_endpoint_line), found once, when a read asks
    lines = _LineCounter(text)
    sent = None  # where each read is sent (destination.read_sends), parsed once, when a path is the run's
    reads = None  # the script's AC-format reads of a version key (rules.ac_format_reads), found once
    built: Dict[Tuple[int, str], Tuple[Optional[str], Optional[str]]] = {}  # f-string paths resolved (F9)
    decisive: set = set()  # reads sent to a foreign URL literal written at the call (red team 12 F2a)
    fills: Dict[Tuple[int, str], list] = {}  # how the script edits each read's text (red team 13, report 11, F10)
    patterns: Dict[Tuple[int, str], List[str]] = {}  # reads by a computed name or a glob (red team 14, 11b F2)
    keyed: Dict[Tuple[int, str], tuple] = {}  # a glob loaded into a dict by file name: each key's send (RT27 12 f1)
    held_patterns = 0
    elsewhere: List[str] = []  # the script's first send to a URL not Houston's (red team 15, report 12, F8)

    def _names_endpoint_in_code() -> bool:
        """Does the script's code name Houston's endpoint (``gather_module``'s reading: never a comment, astro's
        argv, a child's environment, a guard or a message)?  Read once per script, from its shared tree."""
        if not in_code:
            in_code.extend(_code_endpoint_line(text, endpoint) if endpoint is not None else (0, False))
        return in_code[0] > 0

    def _link(target: str, line: int, named: str, placed: Optional[Tuple[Optional[bool], str]] = None) -> None:
        """``target`` is read at ``line`` by the path ``named`` (a literal path, or a pattern it matches); ``placed``:
        where its own entry of a dict of such reads is sent, when that is known (``read_sends._Reader.keyed``)."""
        nonlocal reads
        # Red team 9, F5: the URL that read is sent to speaks, not the script's Houston mention
        direction, words = placed if placed is not None else sent.get((line, named), (None, ""))
        _note_fills(script, line, target, fills.get((line, named)), found)  # whoever it is sent to
        if read_lines is not None:  # RT16 11b, F16: whether an importer takes what this read binds
            read_lines.append((target, line))
        if fills_only:  # RT17 11b, F4: the pass for imported fill helpers says nothing else
            return
        if imported_helpers and direction is None:  # the second pass speaks only of reads its helpers place
            return
        if imported_helpers and direction is False:  # another API's helper: against, as a foreign send is
            pass
        elif (foreign_only and direction is not False) or (endpoint is None and not foreign_only and direction is not True):
            return
        if direction is None and not _names_endpoint_in_code():
            return  # RT18 F1/F3/F4: Houston named only in a comment, for another program (astro login) or a person
        if direction is None and words and in_code[1]:
            from ..destination.read_sends import ELSEWHERE as sent_elsewhere

            if words.startswith(sent_elsewhere):
                return  # RT18 F1: sent to CMDB_URL = os.environ["CMDB_GRAPHQL_URL"], not to the script's Houston URL
        if direction is None and elsewhere:  # red team 15 F8: the script also sends to another API; no file-wide verdict
            if "irflowVersion" in text:
                _note_held_variables(script, line, target, found)
            return
        entry = found.setdefault(target, {"imports": {}, "imported_by": {}})
        if len(entry.get("read_by", ())) >= _MAX_READ_BY:  # a few say enough (many scripts globbing one folder)
            if direction is not False and "irflowVersion" in text:
                _note_held_variables(script, line, target, found)
            return
        reader = os.path.relpath(script, os.path.dirname(os.path.abspath(target)))
        if imported_helpers and direction is False:
            # handed to an imported helper posting to another API: the script's Houston endpoint, noted by the first
            # pass for this read, is not where it goes (red team 25, report 12, f2: both strong, undecided)
            context = f"read by {reader} (line {line}), which names Houston's endpoint "
            entry["read_by"] = [item for item in entry.get("read_by", []) if not str(item[1]).startswith(context)]
        if direction is None:
            entry.setdefault("read_by", []).append([True, f"read by {reader} (line {line}), which names Houston's endpoint (line {in_code[0]})"])
        elif [direction, f"read by {reader} (line {line}), {words}"] not in entry.setdefault("read_by", []):
            entry["read_by"].append([direction, f"read by {reader} (line {line}), {words}"])  # once (F2a's pass, then F6's)
            if (line, named) in decisive:  # the call's own endpoint: decisive, as for an inline document
                entry.setdefault("decisive_reads", []).append(entry["read_by"][-1][1])
        if direction is not False and "irflowVersion" in text:  # red team 13 F8: the sender's side of a held variable
            _note_held_variables(script, line, target, found)
        if direction is not False:  # red team 10 F2: how the script reads the response (AC-format reads)
            if reads is None:
                reads = _ac_format_reads(text)
            if reads:
                entry.setdefault("reader_reads", []).append([reader, reads])

    for match in _GRAPHQL_PATH.finditer(text):
        named = match.group(1)
        if held_patterns < _MAX_PATTERN_READS and (_is_pattern(named) or "{" in named):
            if sent is None:
                from ..destination.read_sends import sends

                sent = sends(text, imported, built, decisive, fills, patterns, elsewhere, imported_helpers, fill_helpers, keyed)
            line = lines.at(match.start())
            parts = patterns.get((line, named))
            if parts is not None:
                held_patterns += 1
                # Red team 14 (report 12, F3/F8): each file the pattern can load is read there, as by a
                # literal path; a pattern naming no folder (anything below the script) only holds.
                direction = sent.get((line, named), (None, ""))[0]
                below = "**" in named or "rglob(" in _line_of(text, match.start())
                loaded = set(_pattern_files(script, parts, graphql_files, below=below)) if parts else set()
                for target in _pattern_files(script, parts, graphql_files):
                    if not _name_may_match(named, target):
                        continue  # queries/houston_*.graphql never loads queries/directory_users.graphql (RT23 12 f18)
                    by_key = keyed.get((line, named))
                    if target in loaded and by_key is not None:
                        # QUERIES["deps"] to Houston, QUERIES["inventory"] to the CMDB: each file by its own key's
                        # sends; a file no send picks by its key is loaded, never sent (red team 27, report 12, f1)
                        name = os.path.basename(target)
                        placed = by_key[1].get(name if by_key[0] == "name" else os.path.splitext(name)[0])
                        if placed is not None:
                            _link(target, line, named, placed)
                        else:
                            _note_fills(script, line, target, fills.get((line, named)), found)
                            if read_lines is not None:
                                read_lines.append((target, line))
                    elif target in loaded:
                        _link(target, line, named)
                    else:  # a folder not known, or one the pattern does not reach: held, no evidence
                        _note_fills(script, line, target, fills.get((line, named)), found)
                        if read_lines is not None:
                            read_lines.append((target, line))
                        if not parts and not foreign_only and (direction is True or (direction is None and endpoint is not None and _names_endpoint_in_code())):
                            _note_pattern_hold(script, line, named, target, found)
                continue
        candidates: Tuple[Optional[str], ...] = (os.path.join(folder, named), os.path.abspath(named), _joined(folder, named, by_name))
        if "{" in named:  # red team 11 F9: f"{DIR}/x.graphql", f"queries/{name}.graphql": as far as it resolves
            if sent is None:
                from ..destination.read_sends import sends

                sent = sends(text, imported, built, decisive, fills, patterns, elsewhere, imported_helpers, fill_helpers, keyed)
            whole, tail = built.get((lines.at(match.start()), named), (None, None))
            if whole is not None:
                candidates = (os.path.join(folder, whole), os.path.abspath(whole), _joined(folder, whole, by_name))
            else:
                candidates = (_joined(folder, tail, by_name) if tail else None,)
        elif os.path.basename(named) in by_name:
            # Red team 12 F7: the last part of a joined path (Path(__file__).parent / "q3" / "deps.graphql",
            # os.path.join(HERE, "q3", "deps.graphql")) names the file by its parts, not its name alone
            if sent is None:
                from ..destination.read_sends import sends

                sent = sends(text, imported, built, decisive, fills, patterns, elsewhere, imported_helpers, fill_helpers, keyed)
            whole, tail = built.get((lines.at(match.start()), named), (None, None))
            if whole is not None and whole.startswith("./"):  # joined to the script's own folder
                candidates = (os.path.join(folder, whole),)
            elif whole is not None:
                candidates = (os.path.join(folder, whole), os.path.abspath(whole), _joined(folder, whole, by_name))
            elif tail is not None:
                candidates = (_joined(folder, tail, by_name),)
        for candidate in candidates:
            target = graphql_files.get(os.path.normpath(candidate)) if candidate else None
            if target is None:
                continue
            line = lines.at(match.start())
            if sent is None:
                from ..destination.read_sends import sends

                sent = sends(text, imported, built, decisive, fills, patterns, elsewhere, imported_helpers, fill_helpers, keyed)
            _link(target, line, named)
            break
    return not foreign_only


_MAX_PATTERN_READS = 20  # reads by a computed name or glob per script whose files are looked for (F2)
# A read (``open(``, ``.read_text(``) and a literal fill or search (``.replace(``, ``.split(``) in a script: the only
# scripts parsed for reads by a path written nowhere (red team 16, report 11b, F3).  Fixed words: linear.
_COMPUTED_READ = re.compile(r"\bopen\(|\.read_(?:text|bytes)\(")
_LITERAL_FILL = re.compile(r"\.(?:replace|r?split|r?index|r?find|r?partition|count)\(")
_MAX_READ_BY = 8  # scripts' reads noted per .graphql file (evidence takes 3; the hold needs one)


def _is_pattern(named: str) -> bool:
    from ..destination.read_sends import is_pattern

    return is_pattern(named)


def _note_pattern_hold(script: str, line: int, named: str, target: str, found: Dict[str, dict]) -> None:
    """Report 12, F8: a file a Houston script may load through a pattern whose folder is not known.

    ``{p.stem: p.read_text() for p in HERE.glob("*.graphql")}``: which folder ``HERE`` is, is not read,
    so the file is not said to be Houston's (no evidence), but a version variable in it is held
    (``held_by``, read by ``rules.rename_version_variable``) and the script's send reviewed, as for a
    file it reads by name: the script may send the old key with it.
    """
    entry = found.setdefault(target, {"imports": {}, "imported_by": {}})
    reader = os.path.relpath(script, os.path.dirname(os.path.abspath(target)))
    said = f"matched by '{named}' loaded by {reader} (line {line}), a script sending to Houston"
    if said not in entry.setdefault("held_by", []) and len(entry["held_by"]) < 3:
        entry["held_by"].append(said)
    _note_held_variables(script, line, target, found)


MAX_NAME_PATTERN = 300  # a longer file-name pattern is not matched (its length bounds the per-name work)


def _name_may_match(named: str, target: str) -> bool:
    """May the quoted path ``named`` (a glob, an f-string's template, a suffix) load the file ``target`` by its name?

    Red team 23, report 12, f18: ``glob.glob("queries/houston_*.graphql")`` was credited with reading every
    ``.graphql`` file of ``queries/`` (``directory_users.graphql``, another service's query, got "read by
    ../sync.py ..., which names Houston's endpoint" and false errors).  The pattern's last component is matched
    against the file's name as glob does (``*``, ``?``, ``[...]``; an f-string's ``{name}`` may be any text);
    a suffix alone (``name + ".graphql"``) matches any name with it.  At most ``MAX_NAME_PATTERN`` characters by
    the name's length (project_sdl's two-pointer match): constant work per file.
    """
    from ..destination.project_sdl import _component_matches

    last = named.replace("\\", "/").rsplit("/", 1)[-1]
    if last.startswith(".") and not any(c in last for c in "*?[{"):
        return os.path.basename(target).endswith(last)
    if len(last) > MAX_NAME_PATTERN or "{" in last and "}" not in last:
        return True
    pattern, depth = [], 0
    for char in last:  # f"houston_{name}.graphql" -> houston_*.graphql
        if char == "{":
            if depth == 0:
                pattern.append("*")
            depth += 1
        elif char == "}" and depth:
            depth -= 1
        elif depth == 0:
            pattern.append(char)
    return _component_matches("".join(pattern), os.path.basename(target))


def _line_of(text: str, offset: int) -> str:
    """The line of ``text`` holding ``offset`` (two searches from it)."""
    end = text.find("\n", offset)
    return text[text.rfind("\n", 0, offset) + 1 : end if end >= 0 else len(text)]


def _pattern_files(script: str, parts: List[str], graphql_files: Dict[str, str], below: bool = True) -> List[str]:
    """The run's ``.graphql`` files a read by a computed name or glob may load (red team 14, report 11b, F2).

    ``open(os.path.join(HERE, "queries", name + ".graphql"))``, ``(HERE / "queries").glob("*.graphql")``:
    which file is read is decided at run time, so every file the pattern can match counts: each file of
    the run whose folder holds the literal folder names written in the path (``queries``), in order and
    together, or, with none written, each file below the script's folder.  Holding too many files only
    turns edits into reviews.  One pass over the run's ``.graphql`` files.  With ``below`` False (a
    ``glob`` of one folder, a name joined to it: red team 14, report 12, F3) only files in a folder the
    names end: those the script can load, which are then read as by a literal path.
    """
    folder = os.path.dirname(os.path.abspath(script))
    wanted = tuple(parts)
    matched = []
    for absolute, path in graphql_files.items():
        directory = os.path.dirname(absolute)
        if not wanted:
            if directory == folder or directory.startswith(folder + os.sep):
                matched.append(path)
            continue
        components = tuple(directory.split(os.sep))
        if not below:  # a glob of one folder, a name joined to it: the folder the parts end (report 12, F3)
            if components[len(components) - len(wanted) :] == wanted:
                matched.append(path)
        elif any(components[i : i + len(wanted)] == wanted for i in range(len(components) - len(wanted) + 1)):
            matched.append(path)
    return matched


def _note_fills(script: str, line: int, target: str, fills: Optional[list], found: Dict[str, dict]) -> None:
    """Red team 13 (report 11), F10: the script edits the text it read from ``target`` before using it.

    ``DOC.replace("2.3.4-11", version)``, ``re.sub(...)``, ``Template(doc).substitute(...)``: a rewrite of
    the file must leave what the fill looks for as it is (``sources.graphql_fills`` settles it).  Noted
    for the file as [script, line of the read, line of the fill, kind, literal targets or None, code].
    """
    if not fills:
        return
    noted = found.setdefault(target, {"imports": {}, "imported_by": {}}).setdefault("fills", [])
    for fill_line, kind, targets, code in fills:
        item = [os.path.relpath(script), line, fill_line, kind, targets, code]
        if item not in noted and len(noted) < 16:
            noted.append(item)


_VERSION_KEYS = ("airflowVersion", "desiredAirflowVersion")
_VERSION_VARIABLE = re.compile(r"\$(desiredAirflowVersion|airflowVersion)(?![A-Za-z0-9_])")  # one literal alternation: linear


def _note_held_variables(script: str, line: int, target: str, found: Dict[str, dict]) -> None:
    """Red team 13 F8: the script (or notebook) sending a ``.graphql`` file that declares a version variable.

    The file's ``$airflowVersion`` is not renamed while a script of the run sends its variables
    (rules.rename_version_variable); the script's side gets a review at its read of the file, so the
    hold is seen from both files.  The file is read once more, the first time a script holding the
    key's name links to it (the variable it declares kept on its entry: many scripts globbing one
    folder read each file once, report 12 F8).
    """
    from ..files import read_bytes

    entry = found.setdefault(target, {"imports": {}, "imported_by": {}})
    if "version_variable" not in entry:
        try:
            text = read_bytes(target).decode("utf-8", errors="replace")
        except (OSError, ValueError):
            text = ""
        match = _VERSION_VARIABLE.search(text)
        entry["version_variable"] = match.group(1) if match is not None else None
    if entry["version_variable"] is None:
        return
    # Red team 20, report 12, F7: both sides or neither.  The script's review below says the file's
    # variable "is reviewed there, not renamed"; the file must hold it whatever the read's evidence was
    # (a loader shared by houston() and a helper posting to another API gives the file no read_by line).
    reader = os.path.relpath(script, os.path.dirname(os.path.abspath(target)))
    said = f"read by {reader} (line {line})"
    if not any(said in text for _direction, text in entry.get("read_by", ())):
        kept = entry.setdefault("held_by", [])
        if said not in kept and len(kept) < 3:
            kept.append(said)
    held = found.setdefault(script, {"imports": {}, "imported_by": {}}).setdefault("sends_held", [])
    if len(held) >= 8:
        return
    item = [os.path.relpath(target, os.path.dirname(os.path.abspath(script))), line, entry["version_variable"]]
    if item not in held and len(held) < 8:
        held.append(item)
MAX_READER_READS = 16  # reads of a script named to a .graphql file it reads (each is one review line)


def _ac_format_reads(text: str) -> list:
    """[key, reason, line, detail, how] for the script's reads of a version key that need an AC version.

    Red team 10 F2: a ``.graphql`` file's ``airflowVersion`` is migrated while the
    script reading the file compares the response value with ``"2.3.4-11"``; the
    document's rule names these reads (``rules.ac_format_reads``, one walk of the script).
    Red team 11 F2: the file may select the fields under aliases (``ver: airflowVersion``), so the
    reads of every key are kept, the version keys' first; the document's rule takes those of the keys
    its fields answer under.  Only a script reading a ``.graphql`` file of the run and naming Houston's
    endpoint gets here: one parse of it.
    """
    from ..rules import ac_format_reads

    module = parsed(text)
    if module is None:
        return []
    found = []
    for key, reads in ac_format_reads.index(module).items():
        found.extend([key, r.reason, r.node.lineno, r.detail, r.how] for r in reads)
    found.sort(key=lambda item: (item[0] not in _VERSION_KEYS, item[1] == ac_format_reads.CROSS, item[2], item[0]))
    return found[:MAX_READER_READS]


MAX_SAME_NAME = 16  # files of the run sharing a quoted name beyond which a joined path is not placed


def _joined(folder: str, named: str, index: Dict[str, List[str]]) -> Optional[str]:
    """The one file of the run below the script's folder whose path ends with ``named``, else None.

    Red team 9, F15: ``Path(__file__).parent / "queries" / "x.graphql"`` and
    ``os.path.join(QDIR, "ws.graphql")`` quote only the last part; the folders
    before it are names and expressions this scan does not evaluate.  A file of
    the run below the script whose path ends with the quoted part is what they
    name when it is the only one (two ``x.graphql`` below it: neither is taken).
    The index is built once per run (:func:`suffix_index`), so each quoted path
    costs one lookup.
    """
    tail = os.path.normpath(named)
    if tail.startswith(os.pardir) or os.path.isabs(tail):
        return None
    same_name = index.get(os.path.basename(tail), ())
    if len(same_name) > MAX_SAME_NAME:
        return None  # that many files share the name: which one is meant is not known (and M mentions stay M lookups)
    prefix = os.path.join(folder, "")
    found = [path for path in same_name if path.startswith(prefix) and path.endswith(os.sep + tail)]
    return found[0] if len(found) == 1 else None


def suffix_index(graphql_files: Dict[str, str]) -> Dict[str, List[str]]:
    """File name -> the run's .graphql files (absolute) with that name: built once per run (``build``)."""
    index: Dict[str, List[str]] = {}
    for path in graphql_files:
        index.setdefault(os.path.basename(path), []).append(path)
    return index


def reader_evidence(entry: Optional[dict]) -> list:
    """Evidence for a ``.graphql`` file from the scripts of the run that read it and say where they send it.

    A read posted to a URL literal written at the call and seen not to be Houston's is decisive against
    (red team 12 F2a), as that call's endpoint is for a document written inline; any other is strong.
    """
    from ..destination.evidence import DECISIVE, STRONG, Evidence

    found = []
    decisive = (entry or {}).get("decisive_reads") or ()
    for item in (entry or {}).get("read_by", [])[:3]:
        direction, text = (True, item) if isinstance(item, str) else item
        found.append(Evidence("read-by", bool(direction), DECISIVE if text in decisive else STRONG, text))
    return found


_HOUSTON_WORD = re.compile(r"houston", re.IGNORECASE)


# ``__main__`` named in code other than the ``if __name__ == "__main__":`` guard (the word, then no
# closing quote right after a comparison): ``import __main__``, ``__main__.AC``, ``sys.modules["__main__"]``.
_MAIN_WORD = re.compile(r"__main__")
_MAIN_GUARD = re.compile(r"__name__[ \t]*[=!]=[ \t]*['\"]__main__['\"]|['\"]__main__['\"][ \t]*[=!]=[ \t]*__name__")


def reads_main_namespace(text: str) -> bool:
    """Whether a module's text names ``__main__`` other than in the ``__name__ == "__main__"`` guard
    (the main module's namespace is a notebook's, when a notebook imports it)."""
    return len(_MAIN_WORD.findall(text)) > len(_MAIN_GUARD.findall(text))


def module_stem(path: str) -> str:
    """The last part of the module name a file is imported by (``pkg`` for ``pkg/__init__.py``)."""
    name = os.path.basename(path)
    if name == "__init__.py":
        return os.path.basename(os.path.dirname(os.path.abspath(path)))
    return name[:-3] if name.endswith(".py") else name


def imported_stems(text: str) -> set:
    """Every name of a module ``text`` may import (each part of ``from a.b import c`` and of
    ``import a.b``, and the imported names, which may be modules): where its definers can be."""
    found = set()
    for match in _FROM_IMPORT.finditer(text):
        found.update(part for part in match.group(1).split(".") if part)
        found.update(name for name, _local in _imported_names(match.group(2)))
    for match in _IMPORT.finditer(text):
        for item in match.group(1).split(","):
            words = item.split()
            if words:
                found.update(part for part in words[0].split(".") if part)
    return found


def imports_any(path: str, text: str, stems) -> bool:
    """Does the module or notebook ``path`` (its ``text``) import a module whose last name is in
    ``stems`` (``from x.lib import f``, ``from . import lib``, ``import x.lib as l``)?"""
    if path.lower().endswith(".ipynb"):
        return any(
            module.rsplit(".", 1)[-1] in stems or any(name in stems for name, _local in _imported_names(names))
            for module, names, _line in _notebook_imports(text)
        )
    for match in _FROM_IMPORT.finditer(text):
        if match.group(1).rsplit(".", 1)[-1] in stems:
            return True
        if any(name in stems for name, _local in _imported_names(match.group(2))):
            return True
    for match in _IMPORT.finditer(text):
        for item in match.group(1).split(","):
            words = item.split()
            if words and words[0].rsplit(".", 1)[-1] in stems:
                return True
    return False


def links_to_houston(entry: Optional[dict], reaching: bool = True) -> bool:
    """Does the module import a helper that posts to Houston, or a value naming Houston?

    Red team 12, F5: ``from lib import run_q`` (``run_q`` posts to ``HOUSTON_URL``) or
    ``from config import API`` (``API = "https://houston.acme.com/v1"``), then only
    documents whose root field is mistyped: the file names no Houston root field and
    no Houston name, so the prefilter alone would drop it, typo unreported.  Such a
    file is parsed whatever its prefilter says.
    """
    if not entry:
        return False
    if reaching and entry.get("reaches"):  # it names a module holding AC version fields (red team 12): the
        return True  # runner hands it on; the pipeline gives that review without parsing it (reaching=False)
    for _definer, words in (entry.get("helpers") or {}).values():
        if any(word.startswith(SENDS + "houston ") for word in words):
            return True
        if any(word.startswith(SENDS + PARAMETER) and word[len(SENDS + PARAMETER):].split(" ", 3)[2:3] == ["houston"] for word in words):
            return True  # def run_query(q, url=HOUSTON_URL): a call passing no URL posts to Houston (RT15 F7)
    return any(_HOUSTON_WORD.search(value) for value, _definer, _line in (entry.get("imports") or {}).values())


def context(entry: Optional[dict]) -> Optional[str]:
    """The entry as one string: part of a cache key (a file's result depends on it)."""
    return None if not entry else json.dumps(entry, sort_keys=True)


def _resolve_module(importer: str, module: str, by_abspath: Dict[str, str]) -> Optional[str]:
    dots = len(module) - len(module.lstrip("."))
    parts = [p for p in module[dots:].split(".") if p]
    if not parts:
        return None
    folder = os.path.dirname(os.path.normpath(os.path.abspath(importer)))
    if dots:
        for _ in range(dots - 1):
            folder = os.path.dirname(folder)
        folders = [folder]
    else:
        folders = []
        for _ in range(MAX_LEVELS_UP):
            folders.append(folder)
            parent = os.path.dirname(folder)
            if parent == folder:
                break
            folder = parent
    for base in folders:
        stem = os.path.join(base, *parts)
        for candidate in (stem + ".py", os.path.join(stem, "__init__.py")):
            if candidate in by_abspath:
                return by_abspath[candidate]
    return None


def _definers(importer: str, module: str, by_abspath: Dict[str, str]) -> Optional[List[str]]:
    """The file ``module`` means for ``importer`` when that is certain, as Python resolves it: a relative
    import (its package's folder), or a module beside an importer outside any package (a script's folder
    is ``sys.path[0]``; inside a package, ``from frags import X`` may mean a top-level ``frags`` instead).
    None when it is not certain: the caller weighs every file of the run of that name (red team 13, F2)."""
    if module.startswith("."):
        definer = _resolve_module(importer, module, by_abspath)
        return [definer] if definer is not None else []
    folder = os.path.dirname(os.path.normpath(os.path.abspath(importer)))
    if os.path.join(folder, "__init__.py") in by_abspath:
        return None  # a package's module: an absolute import does not look beside it unless run as a script
    stem = os.path.join(folder, *[p for p in module.split(".") if p])
    for candidate in (stem + ".py", os.path.join(stem, "__init__.py")):
        if candidate in by_abspath:
            return [by_abspath[candidate]]
    return None


def _package_bindings(text: str) -> Dict[str, str]:
    """Each name a package's ``__init__.py`` binds by an import -> the module it is when it is one.

    ``from . import docs as queries`` binds ``queries`` to ``pkg.docs`` (``.docs`` here), ``import
    pkg.docs as queries`` likewise, ``from .sub import docs`` to ``.sub.docs``: an importer reading
    ``pkg.queries.CREATE`` reads ``CREATE`` of that module (red team 19, report 11b, F3).  Names that
    are no module of the run resolve to nothing later.  One pass of each import regex (linear).
    """
    bound: Dict[str, str] = {}
    for match in _FROM_IMPORT.finditer(text):
        module, names = match.group(1), match.group(2)
        if "*" in names:
            continue
        for name, local in _imported_names(names):
            bound[local] = module + name if module.endswith(".") else module + "." + name  # the last binding wins
    for match in _IMPORT.finditer(text):
        for item in match.group(1).strip().strip("()").split(","):
            words = item.split()
            if len(words) == 3 and words[1] == "as" and _NAME.fullmatch(words[2]):
                bound[words[2]] = words[0]
    return bound


def _through_packages(
    importer: str, module: str, by_abspath: Dict[str, str], bindings: Dict[str, Dict[str, str]], hops: int = MAX_REEXPORTS
) -> List[str]:
    """The files ``module`` (``pkg.queries``, no file of its own) is when its package binds its last name
    to a submodule (``from . import docs as queries`` in ``pkg/__init__.py``): that submodule, followed
    through at most ``hops`` packages (red team 19, report 11b, F3).  Empty when nothing says so."""
    parent, _dot, last = module.rpartition(".")
    if not parent.strip("."):  # from . import queries: the importer's own package (or one above)
        folder = os.path.dirname(os.path.normpath(os.path.abspath(importer)))
        for _ in range(len(parent) - 1):
            folder = os.path.dirname(folder)
        init = os.path.join(folder, "__init__.py")
        packages = [by_abspath[init]] if init in by_abspath else []
    else:
        packages = _definers(importer, parent, by_abspath)
        if packages is None:
            nearest = _resolve_module(importer, parent, by_abspath)
            packages = [nearest] if nearest is not None else []
        if not packages and hops > 1 and "." in parent.lstrip("."):
            packages = _through_packages(importer, parent, by_abspath, bindings, hops - 1)
    found: List[str] = []
    for package in packages:
        target = bindings.get(package, {}).get(last)
        if target is None or target.lstrip(".") == "":
            continue
        definer = _resolve_module(package, target, by_abspath)
        if definer is None and hops > 1 and "." in target.lstrip("."):
            found.extend(d for d in _through_packages(package, target, by_abspath, bindings, hops - 1) if d not in found)
        elif definer is not None and definer != package and definer not in found:
            found.append(definer)
    return found


def _same_name_modules(importer: str, module: str, by_stem: Dict[str, List[str]], by_abspath: Dict[str, str]) -> List[str]:
    """Every file of the run an absolute ``module`` the importer's own folder does not hold may be.

    Red team 13 (report 11, F2): ``a/frags.py`` and ``c/frags.py`` both in the run, ``b/main.py`` doing
    ``sys.path.insert(0, "../a")`` then ``from frags import DEP``: which one is imported depends on
    ``sys.path`` at run time, which this scan does not know.  Taking neither edited both on their
    own; each is now taken as imported (reviewed, never edited alone), as is the one a folder above
    the importer holds (the nearest, formerly the only one taken).  Conservative: a wrong candidate
    only turns an edit into a review.  A name more than ``MAX_SAME_STEM`` files of the run end with
    is not guessed at (bounded work per import).
    """
    found: List[str] = []
    nearest = _resolve_module(importer, module, by_abspath)
    if nearest is not None:
        found.append(nearest)
    parts = [p for p in module.split(".") if p]
    candidates = by_stem.get(parts[-1], ()) if parts else ()
    if len(candidates) > MAX_SAME_STEM:
        return found
    tails = (os.sep + os.path.join(*parts) + ".py", os.sep + os.path.join(*parts, "__init__.py")) if parts else ()
    found.extend(by_abspath[a] for a in candidates if a.endswith(tails) and by_abspath[a] not in found)
    return found


def _stem_index(by_abspath: Dict[str, str]) -> Dict[str, List[str]]:
    """Last module name (``frags`` of ``src/frags.py``, ``pkg`` of ``pkg/__init__.py``) -> the run's files."""
    index: Dict[str, List[str]] = {}
    for absolute in by_abspath:
        folder, base = os.path.split(absolute)
        stem = os.path.basename(folder) if base == "__init__.py" else os.path.splitext(base)[0]
        index.setdefault(stem, []).append(absolute)
    return index


def _attribute_imports(
    text: str, lines, spans: Optional[List[Tuple[int, int]]] = None, aliases: Optional[Dict[str, str]] = None
) -> List[Tuple[str, str, int]]:
    """``import a`` / ``import pkg.a as m`` followed by ``a.NAME`` / ``m.NAME`` in the module, as the
    (module, "NAME", line) of a ``from a import NAME``: the names the module reads from ``a``.

    Red team 12 (report 11, F1): a module is bound by more than ``import``: ``from pkg import frags``
    and ``from . import frags as F`` (the child module ``pkg.frags`` when it is a file of the run),
    ``m = importlib.import_module("pkg.frags")`` (or relative, with its package); and ``import pkg``
    then ``pkg.frags.CREATE`` reads ``CREATE`` of ``pkg.frags``.  ``spans`` gets the statements and
    uses read here (each resolved mention of a module name, for :func:`_note_mentions`); ``aliases``
    each plain name bound here -> the last name of the module it may be (``F`` of ``import pkg.frags as F``).
    """
    bound: Dict[str, Tuple[str, int]] = {}  # local dotted prefix -> (module, line of the import)
    counter = _fresh(lines)
    for match in _IMPORT.finditer(text):
        if spans is not None:
            spans.append(match.span())
        for item in match.group(1).strip().strip("()").split(","):
            words = item.split()
            if len(words) == 1 and all(_NAME.fullmatch(p) for p in words[0].split(".")):
                bound.setdefault(words[0], (words[0], counter.at(match.start())))
            elif len(words) == 3 and words[1] == "as" and _NAME.fullmatch(words[2]):
                bound.setdefault(words[2], (words[0], counter.at(match.start())))
    counter = _fresh(lines)
    for match in _FROM_IMPORT.finditer(text):
        module, names = match.group(1), match.group(2)
        if "*" in names:
            continue  # from frags import *: every name, not resolved to any (a mention stays unresolved)
        if spans is not None:
            spans.append(match.span())
        for name, local in _imported_names(names):
            if "." not in local:  # the child module, if it is one (resolved later, or nothing)
                bound.setdefault(local, (module + name if module.endswith(".") else module + "." + name, counter.at(match.start())))
    if "import_module" in text:
        counter = _fresh(lines)
        for match in _BOUND_MODULE.finditer(text):
            if spans is not None:
                spans.append(match.span())
            bound.setdefault(match.group(1), (_absolute(match.group(2), match.group(3)), counter.at(match.start())))
    if not bound:
        return []
    if aliases is not None:
        for local, (module, _line) in bound.items():
            if "." not in local:
                aliases[local] = module.rsplit(".", 1)[-1]
    used: Dict[Tuple[str, int], List[Tuple[str, str]]] = {}
    for match in _DOTTED.finditer(text):
        parts = match.group().split(".")
        j = min(len(parts) - 1, MAX_DOTTED)
        while j > 0 and ".".join(parts[:j]) not in bound:
            j -= 1
        if j == 0:
            continue
        module, line = bound[".".join(parts[:j])]
        resolved = False
        for k in range(j, min(len(parts), j + 2)):  # pkg.frags.CREATE: (pkg, frags) and (pkg.frags, CREATE)
            name = parts[k]
            if name.startswith("__"):
                break  # frags.__dict__: every name, not one (the mention stays unresolved)
            child = module + "".join("." + p for p in parts[j:k])
            prefix = ".".join(parts[:k])
            key = (child, line)
            if (prefix, name) not in used.setdefault(key, []):
                used[key].append((prefix, name))
            resolved = True
        if resolved and spans is not None:
            spans.append(match.span())
    # "NAME as prefix.NAME": the importer's local name is dotted, which no name the importer binds
    # itself can equal, so nothing in the importer is read as the definer's text or helper.
    return [(module, ", ".join(f"{name} as {prefix}.{name}" for prefix, name in names), line)
            for (module, line), names in used.items() if names]


MAX_DOTTED = 6  # parts of a dotted name looked up as a bound module (a.b.c.d.e.f.NAME)


def _fresh(lines):
    """A line counter from the text's start again (a ``_LineCounter`` only moves forward)."""
    return _LineCounter(lines.text) if isinstance(lines, _LineCounter) else lines


def _absolute(module: str, package: Optional[str]) -> str:
    """``import_module(".frags", "pkg")``'s module: ``pkg.frags`` (a leading dot per package level up)."""
    dots = len(module) - len(module.lstrip("."))
    if not dots or not package:
        return module
    base = package.split(".")
    base = base[: max(len(base) - (dots - 1), 0)]
    return ".".join(base + [module[dots:]]) if module[dots:] else ".".join(base)


def _dynamic_imports(text: str, lines: "_LineCounter", spans: Optional[List[Tuple[int, int]]] = None) -> List[Tuple[str, str, int]]:
    """``importlib.import_module("frags").CREATE`` / ``__import__("frags").CREATE`` (a literal module
    name) as the (module, "CREATE as import_module.CREATE", line) of an ``import frags`` then
    ``frags.CREATE`` (red team 10, F10): the constant is imported, so its module is reviewed, never
    edited on its side alone; the dotted local name is one no name of the importer can equal.
    ``import_module(".frags", "pkg").CREATE``: relative to its package (red team 12, report 11, F1)."""
    found = []
    counter = _fresh(lines)
    for match in _DYNAMIC_IMPORT.finditer(text):
        module, name = _absolute(match.group(1), match.group(2)), match.group(3)
        if spans is not None and match.group().startswith("import_module") and not name.startswith("__"):
            spans.append(match.span())  # __import__("a.b") is a, not b; .__dict__ is every name (a mention)
        found.append((module, f"{name} as import_module.{name}", counter.at(match.start())))
    return found


# -- modules reached from elsewhere (red team 12, report 11, F1-F6) ----------------------------------

_VERSION_FIELD = "irflowVersion"  # airflowVersion, desiredAirflowVersion: a module the migration may edit
MAX_REACHERS = 3  # files named as reaching a module (and modules named as reached by a file): a few say enough
REACHED = "reached_by"
# ``sys.path.insert(...)``, ``sys.path[:0] = ...``, ``sys.path = [...]``: a module's import path changed in code (F4).
# One literal prefix, then one class run: linear.
_PATH_EDIT = re.compile(r"sys\.path(?:\.insert\(|\[[^\]\n]{0,20}\][ \t]*=|[ \t]*=[^=])")
# Notebook import hooks: ``import import_ipynb``, ``nbimporter``, ``importnb``, ``ipynb.fs`` (report 11b, F3). Literal words.
_NOTEBOOK_HOOK = re.compile(r"\b(?:import_ipynb|nbimporter|importnb|ipynb\.fs)\b")
REACHED_WHOLE = "reached_whole"  # a file of the run reads or runs this file's text (report 11b, F12)
RETURNED_BY = "returned_by"  # function -> importers calling it for the document it returns (report 11b, F1)
INSTANCES_BY = "instances_by"  # class -> importers holding its instances (report 11b, F6)
WRAPPED_BY = "wrapped_by"  # name bound to a value holding a document literal -> its importers (RT16 11b, F10)
VERSIONED_SUFFIX = " versioned"  # in a definer's returners: that function or class hands out an AC version field


def _run_stems(paths: List[str]) -> Dict[str, List[str]]:
    """Module name -> the run's Python modules and notebooks a mention of it may mean (``frags`` for
    ``pkg/frags.py``, ``pkg`` for ``pkg/__init__.py``; ``setup.ipynb`` for itself, as ``%run`` names it)."""
    from ..files import file_kind

    found: Dict[str, List[str]] = {}
    for path in paths:
        kind = file_kind(path)
        if kind == "python":
            stem = module_stem(path)
        elif kind == "notebook":  # only its file name reaches it (%run ./setup.ipynb): nothing imports a notebook
            stem = os.path.basename(path)
        else:
            continue
        if _NAME.fullmatch(stem.split(".", 1)[0]):
            found.setdefault(stem, []).append(path)
    return found


class _CellLines:
    """The ``.ipynb`` line of each code cell's first source line, by offset in the joined code cells."""

    def __init__(self, starts: List[int], lines: List[int]) -> None:
        self.starts, self.lines = starts, lines

    def at(self, offset: int) -> int:
        from bisect import bisect_right

        index = bisect_right(self.starts, offset) - 1
        return self.lines[index] if index >= 0 else 1


def _notebook_code(text: str) -> Tuple[str, "_CellLines"]:
    """A notebook's code cells joined (magic lines too: ``%run frags.py`` names ``frags``), and where
    each cell stands in the JSON text (found searching forward, so the text is scanned once)."""
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return "", _CellLines([], [])
    cells = data.get("cells") if isinstance(data, dict) else None
    parts: List[str] = []
    starts: List[int] = []
    json_lines: List[int] = []
    offset, position, lines = 0, 0, _LineCounter(text)
    for cell in cells if isinstance(cells, list) else ():
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        source = cell.get("source")
        if isinstance(source, list):
            source = "".join(part for part in source if isinstance(part, str))
        if not isinstance(source, str) or not source.strip():
            continue
        first = source.lstrip("\n").split("\n", 1)[0]
        at = text.find(json.dumps(first, ensure_ascii=False)[1:-1], position) if first else -1
        if at >= 0:
            position = at
        starts.append(offset)
        json_lines.append(lines.at(position))
        parts.append(source)
        offset += len(source) + 1
    return "\n".join(parts), _CellLines(starts, json_lines)


def notebook_python(text: str) -> str:
    """A notebook's (its JSON ``text``) code cells as one Python text whose lines are the ``.ipynb``
    file's lines (IPython lines masked): how the run-wide indexes that read Python text (fragments,
    image readers, in-process executions) read a notebook too (red team 14, report 13, F14-F16)."""
    return _notebook_placed(*_notebook_code(text))


def _notebook_placed(code: str, cell_lines: "_CellLines") -> str:
    """The code cells, IPython lines masked, each placed at its line of the ``.ipynb`` file (blank lines
    between them), so a notebook reads as one script whose lines are the file's (red team 13, F8).

    Cells stored one source line per JSON line (nbformat's way) land exactly; a cell stored as one
    string keeps its order and falls where it fits.  Grows the code by at most the file's line count.
    """
    from .notebook import mask

    placed: List[str] = []
    line = 1
    starts = cell_lines.starts
    for index, start in enumerate(starts):
        end = starts[index + 1] - 1 if index + 1 < len(starts) else len(code)
        cell = mask(code[start:end])[0]
        if cell_lines.lines[index] > line:
            placed.append("\n" * (cell_lines.lines[index] - line))
            line = cell_lines.lines[index]
        placed.append(cell + "\n")
        line += cell.count("\n") + 1
    return "".join(placed)


def _note_mentions(path, text, spans, stems, lines, reachers, reaching, aliases=None, cells=None) -> None:
    """Each module name of the run ``path`` names in its code outside the import statements and
    uses read as imports of named constants (``spans``), where the word can denote that module:
    ``getattr(frags, "X")``, ``vars(frags)``, ``F = frags``, ``%run frags.py``, or a string naming
    the module's file anywhere (``runpy.run_path("frags.py")``, ``exec(open("pkg/frags.py").read())``,
    ``%run ./setup.ipynb``) or its module name where a module name is loaded
    (``sys.modules["frags"]``, ``import_module("pkg.frags")``).  Such a file may read any
    module-level name of that module.

    Red team 13 (F16): a word spelled like a module is no mention where it denotes something else:
    a name the file binds itself (an assignment, a parameter, a ``for``/``with``/``except`` target, a
    ``def``/``class``; ``client = boto3.client("s3")``), an attribute (``x.client``), a keyword
    argument (``f(client=1)``), a dict key or other prose string (``{"client": 1}``,
    ``getLogger("client")``), a call (``main()``).  A name an import binds to a module of that name
    (``aliases``: ``from pkg import client``, ``F`` of ``import pkg.frags as F``) always mentions it.
    A file (a notebook cell: ``cells``, the offsets where each starts) that does not parse gives only
    its file-name strings, its module-name strings where a module is loaded, and its import-bound
    names.  Only a file holding a module's name as a word is parsed, once: linear.
    """
    if not stems:
        return
    words = set(_NAME.findall(text))
    present = set(stems.keys() & words)
    own = module_stem(path) if path.endswith(".py") else os.path.basename(path)
    if stems.get(own) == [path]:
        # A module naming itself reads nothing another file could lose (sgqlc's generated
        # ``github_schema = sgqlc.types.Schema()`` in github_schema.py, 900 times): a walk of a
        # 1 MB module for no mention at all (issue 15, the size row)
        present.discard(own)
    aliases = {alias: stem for alias, stem in (aliases or {}).items() if stem in stems and alias in words}
    present.update(aliases.values())
    present.update(stem + ".ipynb" for stem in words if stem + ".ipynb" in stems)
    if not present:
        return
    found: List[Tuple[int, str, Optional[str]]] = []  # (offset, module named, the bare name it is named by)
    bound: set = set()  # names the file binds itself
    starts = list(cells) if cells else [0]
    for index, start in enumerate(starts):
        end = starts[index + 1] - 1 if index + 1 < len(starts) else len(text)
        segment = text[start:end]
        if cells:
            from .notebook import mask

            segment, masked = mask(segment)
            _magic_mentions(text[start:end], masked, start, present, found)
        tree = _parsed(segment)
        if tree is None:
            _lexed_mentions(segment, start, present, aliases, found)
        else:
            _code_mentions(tree, segment, start, path, present, aliases, bound, found, stems)
    merged = _merged(spans)
    index = 0
    firsts: Dict[str, int] = {}
    for offset, word, name in sorted(found, key=lambda item: item[0]):
        if word not in present or word in firsts or (name is not None and name not in aliases and name in bound):
            continue
        while index < len(merged) and merged[index][1] <= offset:
            index += 1
        if index < len(merged) and merged[index][0] <= offset:
            continue  # inside a statement or use already read as an import of named constants
        firsts[word] = offset
        if len(firsts) == len(present):
            break
    counter = _fresh(lines)
    for stem, offset in sorted(firsts.items(), key=lambda item: item[1]):
        line_start = text.rfind("\n", max(0, offset - 200), offset) + 1
        line_end = text.find("\n", offset, offset + 200)
        how = " ".join(text[line_start : line_end if line_end >= 0 else offset + 200].split())[:100]
        line = counter.at(offset)
        reaching.setdefault(path, []).append((stem, line, how))
        users = reachers.setdefault(stem, [])
        if len(users) <= MAX_REACHERS:
            users.append([path, line, how])


# Where a string names a module to load (a bare or dotted module name counts only there): these
# calls' arguments, and ``sys.modules[...]`` / ``sys.modules.get(...)``.  Elsewhere ``"client"`` is
# prose, a key or a logger's name; a file name (``"frags.py"``) counts anywhere but as a dict key.
_MODULE_LOADERS = frozenset(
    {"import_module", "__import__", "run_module", "find_spec", "find_module", "find_loader", "get_loader", "load_module",
     "importorskip"}  # pytest.importorskip("src.deploy") (red team 15, report 11b, F5)
)
# Loaders whose string names a module and then an attribute of it (``pkgutil.resolve_name("pkg.frags:X")``,
# ``pydoc.locate("pkg.frags.X")``, Django's ``import_string``): any dotted part may be the module (red team 13, F15).
_ATTRIBUTE_LOADERS = frozenset({"resolve_name", "locate", "import_string", "import_object", "load_object", "symbol_by_name"})
# Framework configuration loaded from a module named by a string and then read by key or attribute
# (``app.config.from_object("config")`` then ``app.config["X"]``, Celery's ``config_from_object("proj.celeryconfig")``)
# and the settings module a framework imports by the name an environment variable holds
# (``os.environ.setdefault("DJANGO_SETTINGS_MODULE", "proj.settings")``, then ``settings.X``):
# each string names a module every module-level name of which may be read (red team 16, report 11b, F17).
_CONFIG_LOADERS = frozenset({"from_object", "config_from_object"})
_SETTINGS_VARIABLE = re.compile(r"[A-Z0-9_]*SETTINGS_MODULE")
# Calls whose string argument is Python code (``exec("from frags import X")``, ``eval("__import__('frags').X")``):
# every word of it that names a module of the run is a mention (red team 13, F15).
_CODE_RUNNERS = frozenset({"exec", "eval", "compile"})
# A shell command running Python code that imports (``python3 -c "from src.deploy import X"``): its words
# are code (red team 15, report 11b, F5).  One class run between fixed words: linear.
_PYTHON_C = re.compile(r"python[0-9.]*[ \t]+-c[ \t]+(?:[\"'][ \t]*)?(?:from|import)[ \t]")
_MODULE_TABLE = "modules"
_TABLE_METHODS = frozenset({"get", "pop", "setdefault", "__getitem__", "__contains__"})
_NEWLINE = re.compile(r"\r\n?|\n")


def _parsed(text: str):
    """The module ``text`` parses to, or None."""
    return parsed(text)


def _last_name(node) -> Optional[str]:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def _loads_a_module(func) -> bool:
    """``import_module(...)``, ``sys.modules.get(...)``: a call whose string argument is a module name."""
    name = _last_name(func)
    if name in _MODULE_LOADERS or name in _ATTRIBUTE_LOADERS or name in _CONFIG_LOADERS:
        return True
    return isinstance(func, ast.Attribute) and name in _TABLE_METHODS and _last_name(func.value) == _MODULE_TABLE


def _names_settings_variable(nodes) -> bool:
    """Whether the first of ``nodes`` is the string ``"DJANGO_SETTINGS_MODULE"`` (any ``*SETTINGS_MODULE``)."""
    return bool(nodes) and isinstance(nodes[0], ast.Constant) and isinstance(nodes[0].value, str) and (
        len(nodes[0].value) <= 80 and _SETTINGS_VARIABLE.fullmatch(nodes[0].value) is not None
    )


def _dotted_path_module(body: str, stems) -> Optional[str]:
    """The module ``"pkg.mod.NAME"`` names when ``pkg/mod.py`` (or ``pkg/mod/__init__.py``) is a module of the
    run (at least a package, a module and an attribute: ``"logging.INFO"`` names nothing here), else None.

    An entry point's object reference, ``"pkg.mod:NAME"`` (``"upsert = pkg.mod:NAME"`` in setup.py's
    ``entry_points``), names it too: ``importlib.metadata``'s ``ep.load()`` reads ``NAME`` (red team 17,
    report 11b, F12)."""
    if stems and ":" in body and len(body) <= 200:
        reference = body.rpartition("=")[2].strip() if "=" in body else body.strip()
        module, _, attribute = reference.partition(":")
        attribute = attribute.split("[", 1)[0].strip()  # "pkg.mod:NAME [extra]"
        if "." in module and _DOTTED.fullmatch(module) and _DOTTED.fullmatch("x." + attribute):
            body = f"{module}.{attribute}"
    if not stems or body.count(".") < 2 or len(body) > 200 or not _DOTTED.fullmatch(body):
        return None
    parts = body.split(".")
    wanted = "/" + "/".join(parts[:-1])
    for path in stems.get(parts[-2], ()):
        shown = "/" + os.path.normpath(path).replace(os.sep, "/")
        for suffix in (".py", "/__init__.py"):
            if shown.endswith(wanted + suffix):
                return parts[-2]
    return None


def _file_named(body: str) -> Optional[str]:
    """The module or notebook a file-name string names (``"pkg/frags.py"``, ``"./setup.ipynb"``)."""
    if not body.endswith((".py", ".ipynb")):
        return None
    return _module_named(body)


class _Positions:
    """An AST node's (line, UTF-8 column) -> its offset in the parsed text (each line measured once)."""

    def __init__(self, text: str, base: int) -> None:
        self.text, self.base = text, base
        self.starts = [0] + [m.end() for m in _NEWLINE.finditer(text)]
        self.columns: Dict[int, Optional[List[int]]] = {}

    def at(self, line: int, column: int) -> int:
        if line < 1 or line > len(self.starts):
            return self.base
        start = self.starts[line - 1]
        if line not in self.columns:
            end = self.starts[line] if line < len(self.starts) else len(self.text)
            piece = self.text[start:end]
            chars: Optional[List[int]] = None
            if not piece.isascii():
                chars = []
                for i, char in enumerate(piece):
                    chars.extend([i] * len(char.encode("utf-8", "surrogatepass")))
            self.columns[line] = chars
        chars = self.columns[line]
        if chars is not None:
            column = chars[column] if 0 <= column < len(chars) else len(chars)
        return self.base + start + column


def _code_mentions(tree, text: str, base: int, path: str, present, aliases, bound: set, found: list, stems=None) -> None:
    """The mentions in a parsed module (or cell): one walk, parents before children.  With ``stems``, a
    string that is a full dotted path of a module of the run and an attribute (``"app.docs.CREATE"`` in a
    settings dict later given to ``import_string``) mentions that module wherever it is written
    (report 11b, F13); a shorter one (``"docs.CREATE"``) only where a module is loaded."""
    positions = _Positions(text, base)
    called: set = set()  # Name nodes called: a module is not callable
    keys: set = set()  # dict keys
    loading: set = set()  # strings where a module name is loaded
    code: set = set()  # strings run as Python code (exec, eval, compile)
    read_from: set = set()  # attribute chains an attribute is read off (``lib.queries`` in ``lib.queries.X``)
    whole: List[Tuple[ast.Attribute, str]] = []  # (``lib.queries`` used as a value, its dotted text) (RT15 F4)
    dotted_imports: set = set()  # ``import lib.queries``: the dotted module names bound whole
    for node in walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Load):
            if not node.attr.startswith("__"):  # lib.queries.__dict__: every name, the module used whole
                read_from.add(id(node.value))
            if id(node) not in read_from and node.attr in present:
                dotted = _dotted(node)
                if dotted is not None:
                    whole.append((node, dotted))
        if isinstance(node, ast.Name):
            if isinstance(node.ctx, ast.Load):
                if id(node) not in called and (node.id in present or node.id in aliases):
                    found.append((positions.at(node.lineno, node.col_offset), aliases.get(node.id, node.id), node.id))
            else:
                bound.add(node.id)
        elif isinstance(node, ast.Constant):
            if isinstance(node.value, str) and id(node) in code:
                at = positions.at(node.lineno, node.col_offset)
                found.extend((at, word, None) for word in set(_NAME.findall(node.value)) & present)
            elif isinstance(node.value, str) and _PYTHON_C.search(node.value):  # "python -c 'import src.deploy'" (F5)
                at = positions.at(node.lineno, node.col_offset)
                found.extend((at, word, None) for word in set(_NAME.findall(node.value)) & present)
            elif isinstance(node.value, str) and id(node) not in keys and len(node.value) <= 200:
                if id(node) in loading:
                    words = _loaded_modules(node.value)
                else:
                    words = [_file_named(node.value), _dotted_path_module(node.value, stems)]
                for word in words:
                    if word is not None and word in present:
                        found.append((positions.at(node.lineno, node.col_offset), word, None))
        elif isinstance(node, ast.Call):
            if isinstance(node.func, ast.Name):
                called.add(id(node.func))
            if _loads_a_module(node.func):
                loading.update(id(a) for a in node.args)
                loading.update(id(k.value) for k in node.keywords)
            elif _last_name(node.func) in _CODE_RUNNERS and node.args:
                code.add(id(node.args[0]))
            elif _names_settings_variable(node.args[:1]):  # environ.setdefault("DJANGO_SETTINGS_MODULE", "proj.settings")
                loading.update(id(a) for a in node.args[1:])
        elif isinstance(node, ast.Assign):  # os.environ["DJANGO_SETTINGS_MODULE"] = "proj.settings" (F17)
            if any(isinstance(t, ast.Subscript) and _names_settings_variable([t.slice]) for t in node.targets):
                loading.add(id(node.value))
        elif isinstance(node, (ast.List, ast.Tuple)):  # [sys.executable, "-c", "from src.deploy import X"] (F5)
            for flag, argument in zip(node.elts, node.elts[1:]):
                if isinstance(flag, ast.Constant) and flag.value == "-c":
                    code.add(id(argument))
        elif isinstance(node, ast.Subscript):
            if _last_name(node.value) == _MODULE_TABLE:
                loading.add(id(node.slice))
        elif isinstance(node, ast.Dict):
            keys.update(id(k) for k in node.keys if k is not None)
            for key, value in zip(node.keys, node.values):  # env={"DJANGO_SETTINGS_MODULE": "proj.settings"} (F17)
                if key is not None and _names_settings_variable([key]):
                    loading.add(id(value))
                elif isinstance(key, ast.Constant) and key.value in ("console_scripts", "gui_scripts"):
                    # setup.py's command entry points load a callable to run, not a text (RT17 11b, F12)
                    keys.update(id(item) for item in getattr(value, "elts", ()))
        elif isinstance(node, ast.arg):
            bound.add(node.arg)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            bound.add(node.name)
        elif isinstance(node, ast.ExceptHandler):
            if node.name:
                bound.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                if alias.name == "*":  # from pkg.frags import *: every name of frags
                    stem = _star_module(node, path)
                    if stem is not None:
                        found.append((positions.at(node.lineno, node.col_offset), stem, None))
                else:
                    bound.add(alias.asname or alias.name.split(".")[0])
                    if isinstance(node, ast.Import) and alias.asname is None and "." in alias.name:
                        dotted_imports.add(alias.name)
        else:
            for field in ("name", "rest"):  # match patterns' captures, type parameters
                value = getattr(node, field, None) if isinstance(node, _OTHER_BINDERS) else None
                if isinstance(value, str):
                    bound.add(value)
    # Red team 15 (report 11b, F4): after ``import lib.queries``, ``getattr(lib.queries, name)``,
    # ``mock.patch.object(lib.queries, ...)``, ``importlib.reload(lib.queries)``, ``vars(lib.queries)`` or
    # ``f(lib.queries)`` hand the module object out whole: a mention of every name it holds, as
    # ``getattr(queries, name)`` is after ``from lib import queries``.  ``lib.queries.X`` reads only X.
    for node, dotted in whole:
        if dotted in dotted_imports:
            found.append((positions.at(node.lineno, node.col_offset), node.attr, None))


_OTHER_BINDERS = tuple(
    getattr(ast, name) for name in ("MatchAs", "MatchStar", "MatchMapping", "TypeVar", "ParamSpec", "TypeVarTuple") if hasattr(ast, name)
)


def _star_module(node, path: str) -> Optional[str]:
    """The last name of the module ``from X import *`` reads (``from . import *``: the package's folder)."""
    if node.module:
        return node.module.rsplit(".", 1)[-1]
    folder = os.path.dirname(os.path.abspath(path))
    for _ in range(max(node.level - 1, 0)):
        folder = os.path.dirname(folder)
    name = os.path.basename(folder)
    return name if _NAME.fullmatch(name) else None


def _magic_mentions(cell: str, masked, base: int, present, found: list) -> None:
    """A notebook cell's IPython lines: ``%run frags.py``, ``%run -m pkg.frags``, ``%run ./setup.ipynb``
    (every name of the module or notebook run), and any file name on another magic line."""
    if not masked:
        return
    offset = 0
    for number, line in enumerate(cell.split("\n")):
        if number in masked:
            command = line.lstrip(" \t%")
            runs = command.startswith(("run ", "run\t"))
            for token in line.split():
                token = token.strip("\"'")
                word = _module_named(token) if runs and not token.startswith(("%", "-")) else _file_named(token)
                if word is not None and word in present:
                    found.append((base + offset + max(line.find(token), 0), word, None))
        offset += len(line) + 1


def _lexed_mentions(text: str, base: int, present, aliases, found: list) -> None:
    """A file (or cell) that does not parse: its file-name strings, its module-name strings where a
    module is loaded, and the names its imports bind to a module (one lexing pass)."""
    for match in _LEX.finditer(text):
        word = match.group(3)
        if word is None:
            quoted = match.group(2)
            if quoted is None or "f" in match.group(1).lower() or "b" in match.group(1).lower():
                continue  # a comment, an f-string, bytes
            if text[match.end() : match.end() + 8].lstrip(" \t")[:1] == ":":
                continue  # a dict key
            body = quoted[3:-3] if quoted[:3] in ('"""', "\'\'\'") else quoted[1:-1]
            before = _loader_before(text, match.start())
            if before == "code":  # exec("from frags import X"): every module word of the code
                words: List[Optional[str]] = list(set(_NAME.findall(body)) & present)
            else:
                words = _loaded_modules(body) if before else [_file_named(body)]
            for word in words:
                if word is not None and word in present:
                    found.append((base + match.start(), word, None))
            continue
        if word not in aliases:
            continue
        if text.endswith(("def ", "class "), max(0, match.start() - 6), match.start()):
            continue
        if text[max(0, match.start() - 8) : match.start()].rstrip(" \t").endswith("."):
            continue  # an attribute
        after = text[match.end() : match.end() + 8].lstrip(" \t")
        if after[:1] == "(" or (after[:1] == "=" and after[:2] != "=="):
            continue  # a call, a keyword argument or an assignment
        found.append((base + match.start(), aliases[word], word))


def _loader_before(text: str, start: int):
    """Whether the string at ``start`` is the first argument of a module loader or a ``modules[...]`` key
    (looked at over a bounded window before it): True, or "code" for the code ``exec``/``eval`` run."""
    window = text[max(0, start - 80) : start].rstrip(" \t")
    if not window.endswith(("(", "[")):
        return False
    head = window[:-1].rstrip(" \t")
    i = len(head)
    while i > 0 and (head[i - 1].isalnum() or head[i - 1] == "_"):
        i -= 1
    name = head[i:]
    if window.endswith("["):
        return name == _MODULE_TABLE
    if name in _CODE_RUNNERS:
        return "code"
    if name in _CONFIG_LOADERS:
        return True
    return name in _MODULE_LOADERS or name in _ATTRIBUTE_LOADERS or (name in _TABLE_METHODS and head[:i].endswith(_MODULE_TABLE + "."))


def _loaded_modules(body: str) -> List[Optional[str]]:
    """The modules a string handed to a loader may name: ``frags`` of "pkg.frags" (as before), and every
    dotted part of "pkg.frags:UPSERT" / "pkg.frags.UPSERT", whose module part is not known from the
    string alone (``pkgutil.resolve_name``, entry points: red team 13, F15)."""
    module, colon, _attribute = body.partition(":")
    if colon:
        return [part for part in module.split(".") if _NAME.fullmatch(part)]
    words = [_module_named(body)]
    if "." in body and _PATHLIKE.fullmatch(body) and not body.endswith((".py", ".ipynb")) and "/" not in body:
        words.extend(part for part in body.split(".")[:-1] if _NAME.fullmatch(part))
    return words


def _module_named(body: str) -> Optional[str]:
    """The module a short string names: ``frags`` for "frags", "pkg.frags", ".frags", "frags.py",
    "./pkg/frags.py", "setup.ipynb"; None for prose ("upgrade the AC deployment")."""
    if len(body) > 200 or not _PATHLIKE.fullmatch(body):
        return None
    last = body.replace("\\", "/").rsplit("/", 1)[-1]
    if last.endswith(".ipynb"):
        return last
    if last.endswith(".py"):
        return last[:-3] or None
    last = last.rsplit(".", 1)[-1]
    return last if _NAME.fullmatch(last) else None


# A comment, a string (group 1 its prefix, group 2 it quoted) or a word of code (group 3).  Each
# string body is a repeat of disjoint alternatives (a plain character, an escape, a quote not
# closing it), so each character is read once from each start (tests/test_regex_linearity.py).
_LEX = re.compile(
    r"#[^\n]*"
    r"|([rRbBuUfF]{0,2})(\"\"\"(?:[^\"\\]|\\[\s\S]|\"(?!\"\"))*\"\"\"|\'\'\'(?:[^\'\\]|\\[\s\S]|\'(?!\'\'))*\'\'\'"
    r"|\"(?:[^\"\\\n]|\\[\s\S])*\"|\'(?:[^\'\\\n]|\\[\s\S])*\')"
    r"|([A-Za-z_][A-Za-z0-9_]*)"
)
_PATHLIKE = re.compile(r"[A-Za-z0-9_./\\-]+")


def _merged(spans: List[Tuple[int, int]]) -> List[Tuple[int, int]]:
    """``spans`` sorted, overlapping ones joined."""
    merged: List[Tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


# An entry point's object reference in packaging metadata: ``"pkg.mod:NAME"`` / ``upsert = pkg.mod:NAME``.
# A fixed-width lookbehind, then runs of disjoint classes (``\w`` has no ``.`` or ``:``): linear.
_ENTRY_POINT = re.compile(r"(?<![\w.])[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+:[A-Za-z_]\w*")
_PACKAGING_FILES = ("pyproject.toml", "setup.cfg")
_MAX_PACKAGING_BYTES = 1 << 20


def _note_entry_points(paths, stems, reachers) -> None:
    """Each module of the run an entry point names (``[project.entry-points."g"] upsert = "pkg.mod:NAME"``
    in ``pyproject.toml``, ``upsert = pkg.mod:NAME`` in ``setup.cfg``) gets that file as a reacher.

    Red team 17 (report 11b, F12): ``importlib.metadata``'s ``ep.load()`` reads ``NAME`` and a script of
    the project fills it (``docs[name].replace("2.3.4-11", v)``) without ever importing the module; the
    definer alone was migrated.  The same reference written in setup.py is a string of the run
    (``_dotted_path_module``).  One stat per folder of the run or above it, each such file read once (1 MiB at most)."""
    if not stems:
        return
    from ..files import read_bytes

    folders: set = set()
    for path in paths:  # each folder of the run and those above it (the project's root), each once
        folder = os.path.dirname(os.path.abspath(path))
        while folder not in folders:
            folders.add(folder)
            folder = os.path.dirname(folder)
    for folder in sorted(folders):
        for name in _PACKAGING_FILES:
            config = os.path.join(folder, name)
            try:
                if not os.path.isfile(config) or os.path.getsize(config) > _MAX_PACKAGING_BYTES:
                    continue
                text = read_bytes(config).decode("utf-8", errors="replace")
            except (OSError, ValueError):
                continue
            if ":" not in text:
                continue
            group = ""  # the table (``[project.scripts]``) or setup.cfg key (``console_scripts =``) a line is under
            for number, line in enumerate(text.splitlines(), 1):
                stripped = line.strip()
                if stripped.startswith("["):
                    group = stripped
                elif line[:1].isalpha() and stripped.endswith("="):
                    group = stripped
                if "scripts" in group or ":" not in line:
                    continue  # a command's entry point loads a callable to run, not a text
                for match in _ENTRY_POINT.finditer(line):
                    stem = _dotted_path_module(match.group(0), stems)
                    users = reachers.setdefault(stem, []) if stem is not None else None
                    if users is not None and len(users) <= MAX_REACHERS:
                        users.append([config, number, " ".join(line.split())[:100]])


def _note_reached(stems, reachers, reaching, versioned, found) -> None:
    """Each module another file names unresolved gets ``reached_by`` (those files: its module-level
    documents are reviewed, not edited, :func:`settle`); each such file gets ``reaches`` (the modules
    holding an AC version field it names: the review on its side, :func:`reach_findings`)."""
    for stem, users in reachers.items():
        for module in stems.get(stem, ()):
            others = [[os.path.relpath(f), line, how] for f, line, how in users if f != module][:MAX_REACHERS]
            if others:
                entry = found.setdefault(module, {"imports": {}, "imported_by": {}})
                entry[REACHED] = others
                # Report 11b, F12: a line naming the file itself (a text read, exec, run_path, %run) reads it whole.
                if any(os.path.basename(module) in how for f, _line, how in users if f != module):
                    entry[REACHED_WHOLE] = True
    with_versions = {stem: [m for m in modules if m in versioned] for stem, modules in stems.items()}
    for path, items in reaching.items():
        for stem, line, how in items:
            for module in with_versions.get(stem, ()):
                if module != path:
                    _add_reach(found, path, module, line, how)


def _add_reach(found, path: str, module: str, line: int, how: str) -> None:
    """Note on ``path``'s entry that it reaches ``module``'s names at ``line`` (``how``), a few per file."""
    reaches = found.setdefault(path, {"imports": {}, "imported_by": {}}).setdefault("reaches", [])
    item = [os.path.relpath(module), line, how]
    if len(reaches) < MAX_REACHERS and item not in reaches:
        reaches.append(item)


def reach_findings(path: str, entry: Optional[dict]) -> list:
    """The importer's side of a reached module (red team 12, report 11): a review at each mention."""
    from ..model import WARNING, Finding

    findings = []
    for definer, line, how in (entry or {}).get("reaches") or ():
        findings.append(Finding(
            path, line, 1, line, 1, WARNING, IMPORTED_CONSTANT,
            f"this line reaches the module-level names of {definer} ({how}), where the AC version fields of the "
            "documents it hands out (module-level names, what its functions return, what its instances hold) are "
            "reviewed, not migrated: migrate both sides together",
        ))
    for graphql, line, variable in (entry or {}).get("sends_held") or ():  # red team 13 F8: the sender's side
        findings.append(Finding(
            path, line, 1, line, 1, WARNING, "review-version-variable",
            f"this line reads {graphql}, sent with this code's variables: its ${variable} is reviewed there, not "
            f"renamed; migrate the '{variable}' key sent here together with it (Houston ignores a variable the "
            "document does not declare)",
        ))
    return findings


def _module_level_spans(finder) -> List[Tuple[int, int]]:
    """File spans of the module's top-level assignments and of those in its top-level classes' bodies."""
    spans = getattr(finder, "_module_level_spans", None)
    if spans is None:
        spans = []
        module = getattr(finder, "module", None)
        for statement in getattr(module, "body", ()):
            inner = statement.body if isinstance(statement, ast.ClassDef) else [statement]
            for node in inner:
                if isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
                    spans.append(finder.span_of(node))
        finder._module_level_spans = spans = _merged(spans)
    return spans


def _handed_out_spans(finder) -> List[Tuple[int, int]]:
    """:func:`_module_level_spans` plus what the module's functions return and its instances hold (F1/F6)."""
    spans = getattr(finder, "_handed_out_spans", None)
    if spans is None:
        from . import handed_out

        module = getattr(finder, "module", None)
        spans = list(_module_level_spans(finder))
        if module is not None:
            spans += handed_out.returned_spans(module, finder.span_of) + handed_out.attribute_spans(module, finder.span_of)
        finder._handed_out_spans = spans = _merged(spans)
    return spans


def _imported_names(names: str) -> List[Tuple[str, str]]:
    """(name in the defining module, local name) of each ``A`` or ``A as B`` in an import list."""
    found = []
    for item in names.strip().strip("()").split(","):  # " (A,\n B)" or " A, B as C"
        words = _NAME.findall(item)
        if "." in item:  # "A as mod.A" from _attribute_imports (an import list holds no dot)
            dotted = item.split()
            if len(dotted) == 3 and dotted[1] == "as":
                found.append((dotted[0], dotted[2]))
        elif len(words) == 1:
            found.append((words[0], words[0]))
        elif len(words) == 3 and words[1] == "as":
            found.append((words[0], words[2]))
    return found


def _holds_document(value: ast.AST) -> bool:
    """Whether ``value`` holds a string (or bytes) literal with a ``{``: it may be or contain a document."""
    return any(
        isinstance(node, ast.Constant) and isinstance(node.value, (str, bytes)) and "{" in str(node.value)
        for node in walk(value)
    )


def _bound_names(target: ast.AST) -> List[str]:
    """The plain names an assignment target binds (``A``, ``A, B = ...``, ``[A, *B] = ...``)."""
    return [node.id for node in walk(target) if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store)]


def _wrapping_statements(module: ast.Module) -> List[Tuple[List[str], ast.AST]]:
    """(names bound, statement) for each module-level binding whose value holds a document literal: the
    module's top-level assignments (tuple targets too) and, in its top-level functions, assignments to
    names they declare ``global``.  One walk of the module body and of each top-level function."""
    found: List[Tuple[List[str], ast.AST]] = []
    for statement in getattr(module, "body", ()):
        if isinstance(statement, (ast.Assign, ast.AnnAssign)) and statement.value is not None:
            targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
            names = [name for target in targets for name in _bound_names(target)]
            if names and _holds_document(statement.value):
                found.append((names, statement))
        elif isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef)):
            declared = set()
            assigns = []
            for node in walk(statement):
                if isinstance(node, ast.Global):
                    declared.update(node.names)
                elif isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
                    assigns.append(node)
            for node in assigns if declared else ():
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                names = [name for target in targets for name in _bound_names(target) if name in declared]
                if names and _holds_document(node.value):
                    found.append((names, node))
    return found


def wrapping_bindings(module: ast.Module) -> Dict[str, int]:
    """Red team 16 (report 11b, F10): module name -> line of its first binding to a value HOLDING a document
    literal, however wrapped (``dedent(DOC_LITERAL)``, ``DOC_LITERAL.strip()``, ``Template(...)``, an f-string,
    ``b'...'.decode()``, tuple unpacking, a ``global`` set in a function, ``{"k": dedent(...)}``).  Such a
    name is that document for an importer: its binding is held like a plain literal constant's."""
    found: Dict[str, int] = {}
    for names, statement in _wrapping_statements(module):
        for name in names:
            found.setdefault(name, statement.lineno)
    return found


def wrapping_spans(module: ast.Module, span_of, names) -> List[Tuple[int, int]]:
    """File spans of the bindings :func:`wrapping_bindings` finds for ``names``."""
    return [span_of(statement) for bound, statement in _wrapping_statements(module) if any(n in names for n in bound)]


def _string_constants(
    text: str, functions: Optional[Dict[str, Dict[str, int]]] = None, classes: Optional[Dict[str, List[str]]] = None,
    carries: Optional[Dict[str, List[str]]] = None, returners: Optional[set] = None,
    wrapped: Optional[Dict[str, int]] = None, environment: Optional[Dict[str, Tuple[str, int]]] = None,
) -> Dict[str, Tuple[str, int]]:
    """Module-level names bound exactly once, to a plain string literal: name -> (its text, its line).

    With ``functions``, each module-level function's words are put there too:
    every string constant shaped like a name, and every parameter name, inside it,
    with the line of its first mention (red team 9, F5: an importer renaming the
    key ``airflowVersion`` of the dict it hands ``houston`` breaks a ``houston``
    that reads ``v["airflowVersion"]``).  Over-cautious, as within one module.  With ``classes``, each module-level class's name -> the
    names its body binds (red team 12, report 11, F4: ``from frags import Docs`` reads ``Docs.CREATE``).
    """
    module = parsed(text)
    if module is None:
        return {}
    bound: Dict[str, int] = {}
    values: Dict[str, Tuple[str, int]] = {}
    lines = _NEWLINE.split(text) if environment is not None else []  # once per module (RT23 12 f15)
    for statement in module.body:
        targets: List[ast.AST] = []
        value = None
        if isinstance(statement, ast.Assign):
            targets, value = statement.targets, statement.value
        elif isinstance(statement, ast.AnnAssign) and statement.value is not None:
            targets, value = [statement.target], statement.value
        for target in targets:
            if isinstance(target, ast.Name):
                bound[target.id] = bound.get(target.id, 0) + 1
                if isinstance(value, ast.Constant) and isinstance(value.value, str):
                    values[target.id] = (value.value, statement.lineno)
                elif _env_default_url(value) is not None:  # red team 10, F12: the URL importers post to by default
                    values[target.id] = (_env_default_url(value), statement.lineno)
                    if environment is not None and url_values.reading(value, values, environment) is not None:
                        # and the variable's name speaks, as where the send reads it itself: HOUSTON_URL with a
                        # localhost port-forward default (red team 23, report 12, f4)
                        environment[target.id] = _reading(value, values, environment, statement.lineno, lines)
                elif _client_url(value, values) is not None:  # red team 13, F20: a client importers execute with
                    values[target.id] = (_client_url(value, values), statement.lineno)
                elif url_values.rendered(value, values) is not None:
                    # API_URL = f"https://houston.{BASEDOMAIN}/v1", "https://houston." + BASEDOMAIN + "/v1": the URL
                    # importers post to, its run-time parts shown as code (red team 22, report 12, f9)
                    values[target.id] = (url_values.rendered(value, values), statement.lineno)
                elif environment is not None and url_values.reading(value, values, environment) is not None:
                    # os.environ["HOUSTON_URL"] (f9), and built over it as a script may write it: .rstrip("/"),
                    # f"{os.environ['HOUSTON_BASE']}/v1", + "/v1", .format, urljoin (red team 23, report 12, f15)
                    environment[target.id] = _reading(value, values, environment, statement.lineno, lines)
                elif environment is not None and url_values.environment_variable(client_url_node(value)) is not None:
                    # houston_client = Client(transport=RequestsHTTPTransport(url=os.environ["HOUSTON_URL"])) (f9)
                    variable = url_values.environment_variable(client_url_node(value))
                    environment[target.id] = (variable, statement.lineno, [variable], f'os.environ["{variable}"]')
                if environment is not None and isinstance(value, ast.Dict):
                    # HOUSTON = {"url": os.environ.get("HOUSTON_URL", "https://houston.../v1"), ...}: each URL entry,
                    # read as the same value bound to a name is, for an importer's HOUSTON["url"] (RT24 12 f10)
                    for entry_name, reading in _dict_url_entries(target.id, value, values, environment, statement.lineno, lines):
                        bound[entry_name] = bound.get(entry_name, 0) + 1
                        environment[entry_name] = reading
        if functions is not None and _lambda_helper(statement) is not None:
            # run_query = lambda q, **v: requests.post(URL, json={"query": q, ...}): a helper as a def is
            # (red team 14, report 12, F5); how it uses its parameters is not judged: all count as open
            name, function = _lambda_helper(statement)
            words = functions[name] = _words_inside(function)
            words[POSITIONAL] = len(function.args.posonlyargs + function.args.args)
            words[OPEN + "*"] = words[OPEN + "**"] = statement.lineno
            imported_fills.note_parameter_fills(function, words)  # with_version = lambda d, v: d.replace(...) (RT15 F14)
        if functions is not None and imported_fills.partial_fills(statement) is not None:
            name, words = imported_fills.partial_fills(statement)  # with_version = partial(re.sub, P) (RT16 11b F15)
            functions.setdefault(name, {}).update(words)
        if functions is not None and isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef)):
            functions[statement.name] = _words_inside(statement)
            executor = in_process_executors.builds_executor(statement, text)  # get_engine(): tartiflette's (RT17 F12)
            if executor is not None:
                functions[statement.name][BUILDS_EXECUTOR + executor] = statement.lineno
            imported_fills.note_parameter_fills(statement, functions[statement.name])  # report 11b, F5
            if returners is not None and handed_out.returns_text(statement):  # report 11b, F1
                returners.add(statement.name)
                if handed_out.returns_text(statement, _VERSION_FIELD):  # the importer is told only then
                    returners.add(statement.name + VERSIONED_SUFFIX)
        if returners is not None and isinstance(statement, ast.ClassDef) and handed_out.class_hands_out(statement, _VERSION_FIELD):
            returners.add(statement.name + VERSIONED_SUFFIX)  # report 11b, F6: its instances hand out a version field
        if functions is not None and isinstance(statement, ast.ClassDef):
            # Red team 12, F6: ``class PlatformClient: def query(self, q)`` posting to Houston is a helper an
            # importer calls as ``PlatformClient().query(Q)``: "Class.method" -> its words.  How a method uses
            # its parameters is not judged: every variables argument counts as used openly (over-cautious).
            methods: Dict[str, Dict[str, int]] = {}
            for inner in statement.body:
                if isinstance(inner, (ast.FunctionDef, ast.AsyncFunctionDef)) and inner.name == "__call__":
                    fills: Dict[str, int] = {}  # Filler()(doc, v): an instance's call fills its parameter (RT15 F14)
                    imported_fills.note_parameter_fills(inner, fills)
                    if fills:
                        functions[f"{statement.name}.__call__"] = fills
                if isinstance(inner, (ast.FunctionDef, ast.AsyncFunctionDef)) and (not inner.name.startswith("__") or inner.name == "__call__"):
                    # __call__ too: catalog = GraphQL(CATALOG_URL) imported and called, catalog(doc) (RT17 report 12, F15)
                    words = _words_inside(inner)
                    words[POSITIONAL] = 0
                    words[OPEN + "*"] = words[OPEN + "**"] = inner.lineno
                    imported_fills.note_parameter_fills(inner, words)  # Gql.with_version(doc, v) (RT15 F14)
                    imported_fills.note_self_fills(statement, inner, words)  # self.QUERY.replace(...) (RT15 F11)
                    functions[f"{statement.name}.{inner.name}"] = methods[inner.name] = words
            # Op(UPSERT).render(v): __init__ stores what render fills (red team 17, report 11b, F7)
            made = imported_fills.constructor_fills(statement, methods)
            if made:
                functions[f"{statement.name}.__init__"] = made
        if classes is not None and isinstance(statement, ast.ClassDef):
            classes[statement.name] = [
                target.id
                for inner in statement.body if isinstance(inner, (ast.Assign, ast.AnnAssign))
                for target in (inner.targets if isinstance(inner, ast.Assign) else [inner.target]) if isinstance(target, ast.Name)
            ]
    if functions:
        _note_open_parameters(module, functions)
        _note_destinations(module, functions)
        imported_fills.propagate(module, functions)  # visit(node) -> self.visit_text(node) fills (RT19 11b F12)
    constants = {name: value for name, value in values.items() if bound[name] == 1}
    if environment:
        for name in [name for name in environment if bound[name] != 1]:
            del environment[name]
    if wrapped is not None:
        wrapped.update((name, line) for name, line in wrapping_bindings(module).items() if name not in constants)
    if carries is not None and constants:  # red team 13, F11: other names handing these constants out
        from .carried_constants import carried

        carries.update(carried(module, constants))
    return constants


_MAX_DICT_ENTRIES = 16  # entries of a settings dict read for URLs: a table past this is data, not settings


def _dict_url_entries(name: str, value: ast.Dict, values, environment, line: int, lines: List[str]) -> List[Tuple[str, tuple]]:
    """(``NAME["key"]``, the reading ``_reading`` gives) of each string-keyed entry of a module dict holding a URL:
    read over an environment variable (``url_values.reading``), a URL string or a rendered f-string / ``+`` chain.

    Red team 24, report 12, f10: ``ops/settings.py`` binds ``HOUSTON = {"url": os.environ.get("HOUSTON_URL",
    "https://houston.astro.acme-corp.net/v1"), "token": ...}`` and a script posts to ``HOUSTON["url"]`` after
    ``from ops.settings import HOUSTON`` (or ``settings.HOUSTON["url"]``): the same dict in the script was decisive,
    imported it said nothing.  At most ``_MAX_DICT_ENTRIES`` entries, each read in constant work."""
    found: List[Tuple[str, tuple]] = []
    for key, entry in list(zip(value.keys, value.values))[:_MAX_DICT_ENTRIES]:
        if not (isinstance(key, ast.Constant) and isinstance(key.value, str) and _NAME.fullmatch(key.value[:60])):
            continue
        entry_name = f'{name}["{key.value}"]'
        if url_values.reading(entry, values, environment) is not None:
            found.append((entry_name, _reading(entry, values, environment, getattr(entry, "lineno", line), lines)))
            continue
        text = entry.value if isinstance(entry, ast.Constant) and isinstance(entry.value, str) else url_values.rendered(entry, values)
        if isinstance(text, str) and "://" in text[:200] and not any(c.isspace() for c in text[:200]):
            found.append((entry_name, ("", getattr(entry, "lineno", line), [text[:200]], text[:80])))
    return found


def _reading(value: ast.AST, values, environment, line: int, lines: List[str]) -> Tuple[str, int, List[str], str]:
    """(first environment variable read, line, the words an importer's send reads, the code as written) of a
    module-level URL over an environment read (``url_values.reading``; red team 23, report 12, f15).
    ``lines``: the module's lines, split once per module."""
    words = url_values.reading(value, values, environment) or []
    variable = next((w for w in words if w.isidentifier()), words[0] if words else "")
    written = None
    if getattr(value, "end_lineno", None) == value.lineno and 0 < value.lineno <= len(lines):
        # as written (the evidence of the same binding in the importer quotes it so); offsets count UTF-8 bytes
        written = lines[value.lineno - 1].encode("utf-8")[value.col_offset : value.end_col_offset].decode("utf-8", "replace")
    written = written or ast.unparse(value)  # bounded by the binding's own text, once per binding
    return variable, line, words, written if len(written) <= 80 else written[:77] + "..."


# In a helper's words: SENDS + "houston " + what / SENDS + "other " + what -> line: the helper itself posts
# to Houston's endpoint (``requests.post(HOUSTON_URL, ...)``), or to another API's URL (red team 10, F8).
SENDS = " sends "
_SEND_CALLS = frozenset({"post", "request", "urlopen", "Request", "execute", "put", "patch", "HTTPEndpoint", "RequestsEndpoint"})
MAX_URL_WORDS = 12  # names and strings read from one call's URL argument (and the module values its names have)


def _note_destinations(module: ast.Module, functions: Dict[str, Dict[str, int]]) -> None:
    """Add to each module-level function's words where it posts: Houston, another API, or nothing said.

    The URL argument of each sending call inside it (the first argument, the second of
    ``request("POST", URL)``, ``url=``) is read with the module-level values its names are
    bound to (``HOUSTON_URL = os.environ["HOUSTON_URL"]``): a word naming Houston marks
    the helper as Houston's, a known other API's host or a whole URL on a foreign host as
    another API's.  A parameter (``def _send(url, q)``) says nothing.  One walk of each
    function, one of the module's top level: linear.
    """
    from ..destination.gather_calls import foreign_path, names_houston, url_direction

    values: Dict[str, List[str]] = {}
    for statement in module.body:
        if isinstance(statement, ast.Assign) and len(statement.targets) == 1 and isinstance(statement.targets[0], ast.Name):
            strings = [n.value[:200] for n in walk(statement.value) if isinstance(n, ast.Constant) and isinstance(n.value, str)]
            values[statement.targets[0].id] = strings[:MAX_URL_WORDS]
    bodies = []  # (name in ``functions``, its definition, the values its class binds to self attributes)
    given: Dict[str, Dict[str, Tuple[int, str]]] = {}  # "Class.method" -> self attribute -> constructor parameter
    hooks: Dict[str, str] = {}  # "Class.method" -> the Airflow connection id its hook class's __init__ passes up (RT24 12 f12)
    unset: Dict[str, set] = {}  # class -> its attributes bound to None in its body (URL = None: a subclass sets it)
    for statement in module.body:
        if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef)) and statement.name in functions:
            bodies.append((statement.name, statement, {}))
        elif _lambda_helper(statement) is not None and _lambda_helper(statement)[0] in functions:
            bodies.append((_lambda_helper(statement)[0], statement.value, {}))  # houston = lambda q: ... (F5)
        elif isinstance(statement, ast.ClassDef):
            unset[statement.name] = _unset_attributes(statement)
            attributes = _self_attribute_values(statement, values)
            parameters = _constructor_parameters(statement)
            connection = _hook_connection(statement)
            for inner in statement.body:
                if isinstance(inner, (ast.FunctionDef, ast.AsyncFunctionDef)) and f"{statement.name}.{inner.name}" in functions:
                    bodies.append((f"{statement.name}.{inner.name}", inner, attributes))
                    given[f"{statement.name}.{inner.name}"] = parameters
                    if connection is not None:
                        hooks[f"{statement.name}.{inner.name}"] = connection
    for name, statement, attributes in bodies:
        words = functions[name]
        local = _locals_once(statement)  # url = Variable.get("houston_url") in the helper (red team 28, report 12, f4)
        for node in walk(statement):
            if not isinstance(node, ast.Call):
                continue
            callee = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if callee == "run" and name in hooks and isinstance(node.func, ast.Attribute) and isinstance(node.func.value, ast.Name):
                # self.run("v1", data=...) of class HoustonHook(HttpHook) passing http_conn_id="houston_default" up:
                # the connection's id says where it posts, as HttpHook(http_conn_id=...) does in the file (RT24 12 f12)
                direction = _connection_direction(hooks[name])
                if direction is not None:
                    words.setdefault(SENDS + ("houston " if direction else "other ") + f"the Airflow connection {hooks[name]!r}", node.lineno)
                continue
            if callee not in _SEND_CALLS:
                continue
            url = next((k.value for k in node.keywords if k.arg in ("url", "endpoint")), None)
            if url is None and node.args and callee != "execute":  # execute(DOC): the document, never a URL (report 12, F3)
                first = node.args[0]
                is_verb = isinstance(first, ast.Constant) and isinstance(first.value, str) and first.value.upper() in ("POST", "GET", "PUT", "PATCH")
                url = node.args[1] if is_verb and len(node.args) > 1 else first
            if url is None:
                continue
            said: List[str] = []
            written: List[str] = []  # the strings read, never a name: an environment variable's is a setting's name
            for part in walk(url):
                if isinstance(part, ast.Name):
                    said.append(part.id)
                    said.extend(values.get(part.id, ()))
                    written.extend(([part.id] if part.id in values else []) + values.get(part.id, [])[:MAX_URL_WORDS])
                    if part.id in local:  # the local's value speaks, as the same expression written at the send
                        held_words = _value_words(local[part.id], values)
                        said.extend(held_words)
                        written.extend(held_words)
                elif isinstance(part, ast.Attribute):
                    said.append(part.attr)
                    if isinstance(part.value, ast.Name) and part.value.id == "self":
                        said.extend(attributes.get(part.attr, ()))  # self.url = os.environ["HOUSTON_URL"] (F6)
                        written.extend(attributes.get(part.attr, ()))
                elif isinstance(part, ast.Constant) and isinstance(part.value, str):
                    said.append(part.value[:200])
                    written.append(part.value[:200])
                if len(said) >= MAX_URL_WORDS:
                    break
            if isinstance(url, ast.Name) and isinstance(local.get(url.id), ast.expr):
                url = local[url.id]  # shown by what the local holds, never "url" (red team 28, report 12, f4)
            literal = isinstance(url, ast.Constant) and isinstance(url.value, str)
            variable = _environment_read(url)
            # os.environ["HOUSTON_URL"] is shown by the variable's name, which decides (red team 25, report 12, f3)
            airflow = _airflow_variable(url)
            shown = _dotted(url) if isinstance(url, (ast.Name, ast.Attribute)) else (
                url.value[:80] if literal else f"environment variable {variable}" if variable
                else f"Airflow Variable {airflow}" if airflow else "a URL")
            held = next((w for w in attributes.get(url.attr, ()) if w.isidentifier() and names_houston(w)), None) if (
                isinstance(url, ast.Attribute) and isinstance(url.value, ast.Name) and url.value.id == "self") else None
            if held is not None:  # self.url = config.HOUSTON_DC1_URL: the setting's name is shown, and weighed as
                shown += f" = {held}"  # where a send names it itself (another service's: red team 23, report 12, f16)
            if any(names_houston(word) for word in said):
                words.setdefault(SENDS + "houston " + shown, node.lineno)
            elif any(url_direction(word) is False or foreign_path(word) is not None for word in said):
                words.setdefault(SENDS + "other " + shown, node.lineno)
            elif any(word.isidentifier() and _another_services_variable(word) for word in written[:MAX_URL_WORDS]):
                # os.environ["CMDB_GRAPHQL_URL"], CMDB_URL bound to it, self.url = os.environ[...]: a variable named
                # for another service, as the same helper in the file is read (red team 25, report 12, f2)
                words.setdefault(SENDS + "other " + shown, node.lineno)
            elif isinstance(url, ast.Name) and "." not in name and isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef)):
                # def run_query(query, url=HOUSTON_URL): each call posts to its own url, or the default (RT15 F7)
                word = _url_parameter(statement, url.id, values)
                if word is not None:
                    words.setdefault(SENDS + PARAMETER + word, node.lineno)
            elif isinstance(url, ast.Attribute) and isinstance(url.value, ast.Name) and url.value.id == "self" and url.attr in given.get(name, {}):
                # self.url = url in __init__: each instance posts where its constructor call says (report 12, F7)
                index, parameter = given[name][url.attr]
                words.setdefault(f"{SENDS}{GIVEN}{index} {parameter} self.{url.attr}", node.lineno)
            elif (isinstance(url, ast.Attribute) and isinstance(url.value, ast.Name) and url.value.id == "self"
                    and "." in name and url.attr in unset.get(name.split(".")[0], ())):
                # class Api: URL = None, posting to self.URL: an abstract base whose subclass sets the URL; said
                # neither way, so an importer's class Inventory(Api): URL = "https://..." is read (RT25 12 f10)
                words.setdefault(f"{SENDS}none self.{url.attr}", node.lineno)
    instances = {
        statement.targets[0].id: statement.value.func.id
        for statement in module.body
        if isinstance(statement, ast.Assign) and len(statement.targets) == 1 and isinstance(statement.targets[0], ast.Name)
        and isinstance(statement.value, ast.Call) and isinstance(statement.value.func, ast.Name)
    }
    _note_delegations(bodies, functions, instances)
    _note_other_service(module, functions)


# In every helper's words of a module: NAMES_OTHER + what -> line: the module's code names another service's endpoint
# (``file_sends.endpoint_in_module``), so a document an importer hands to one of its helpers, whose send is not traced
# to Houston, is never Houston's on the importer's context (red team 25, report 12, f2 f8 f10).
NAMES_OTHER = " names other "


def _note_other_service(module: ast.Module, functions: Dict[str, Dict[str, int]]) -> None:
    """Note on each helper of ``module`` the first endpoint of another service its code names.  One walk."""
    if not functions:
        return
    from ..destination import file_sends

    found = file_sends.endpoint_in_module(module)
    if found is None:
        return
    what, line = found
    for words in functions.values():
        if isinstance(words, dict):
            words.setdefault(NAMES_OTHER + what, line)


def _unset_attributes(klass: ast.ClassDef) -> set:
    """The names ``klass``'s body binds to None (``URL = None``, ``url: Optional[str] = None``).  One look at its body."""
    found = set()
    for statement in klass.body:
        value = getattr(statement, "value", None)
        if not (isinstance(value, ast.Constant) and value.value is None):
            continue
        targets = statement.targets if isinstance(statement, ast.Assign) else [getattr(statement, "target", None)]
        found.update(t.id for t in targets if isinstance(t, ast.Name))
    return found


def _locals_once(function: ast.AST) -> Dict[str, ast.AST]:
    """A function's locals bound exactly once (``url = Variable.get("houston_url")``, ``base = os.environ[...]``):
    name -> value; never a parameter, a ``global`` / ``nonlocal`` name or one bound twice.  Red team 28, report 12,
    f4/f5: a helper's URL read into a local first was not followed, while the same read at the send was.  One walk of
    the function (nested definitions are the function's text too: a name they bind counts as bound there)."""
    arguments = getattr(function, "args", None)
    if not isinstance(arguments, ast.arguments):
        return {}
    excluded = {a.arg for a in arguments.posonlyargs + arguments.args + arguments.kwonlyargs}
    excluded.update(a.arg for a in (arguments.vararg, arguments.kwarg) if a is not None)
    counts: Dict[str, int] = {}
    found: Dict[str, ast.AST] = {}
    for node in walk(function):
        if isinstance(node, (ast.Global, ast.Nonlocal)):
            excluded.update(node.names)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            counts[node.id] = counts.get(node.id, 0) + 1
        elif isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            found[node.targets[0].id] = node.value
    return {k: v for k, v in found.items() if counts.get(k) == 1 and k not in excluded}


def _value_words(value: ast.AST, values: Dict[str, List[str]]) -> List[str]:
    """The strings, names (with their module values) and attribute names of a local's value, at most
    ``MAX_URL_WORDS``: read as the same expression written where the local is used."""
    said: List[str] = []
    for part in walk(value):
        if len(said) >= MAX_URL_WORDS:
            break
        if isinstance(part, ast.Constant) and isinstance(part.value, str):
            said.append(part.value[:200])
        elif isinstance(part, ast.Name):
            said.append(part.id)
            said.extend(values.get(part.id, ())[:MAX_URL_WORDS])
        elif isinstance(part, ast.Attribute):
            said.append(part.attr)
    return said[:MAX_URL_WORDS]


def _airflow_variable(url: ast.AST) -> Optional[str]:
    """``key`` of Airflow's ``Variable.get("key")``, else None."""
    if (isinstance(url, ast.Call) and isinstance(url.func, ast.Attribute) and url.func.attr == "get" and url.args
            and getattr(url.func.value, "id", getattr(url.func.value, "attr", "")) == "Variable"
            and isinstance(url.args[0], ast.Constant) and isinstance(url.args[0].value, str)):
        return url.args[0].value[:80]
    return None


def _environment_read(url: ast.AST) -> Optional[str]:
    """``NAME`` of ``os.environ["NAME"]``, ``os.environ.get("NAME", ...)`` or ``os.getenv("NAME")``, else None."""
    key = None
    if isinstance(url, ast.Subscript) and getattr(url.value, "attr", getattr(url.value, "id", "")) == "environ":
        key = url.slice
    elif isinstance(url, ast.Call) and url.args and isinstance(url.func, ast.Attribute) and (
            url.func.attr == "getenv" or (url.func.attr == "get" and getattr(url.func.value, "attr", getattr(url.func.value, "id", "")) == "environ")):
        key = url.args[0]
    if isinstance(key, ast.Constant) and isinstance(key.value, str) and key.value.isidentifier():
        return key.value
    return None


def _another_services_variable(word: str) -> bool:
    """Is ``word`` an endpoint's setting named for another service (``CMDB_GRAPHQL_URL``)?  As the file reads one."""
    from ..destination import file_sends

    return file_sends.service_endpoint_name(word)


_AIRFLOW_HOOKS = frozenset({"HttpHook", "HttpAsyncHook"})
_CONNECTION_KEYWORDS = frozenset({"http_conn_id", "conn_id", "connection_id"})


def _hook_connection(klass: ast.ClassDef) -> Optional[str]:
    """The Airflow connection id ``class HoustonHook(HttpHook)`` uses: the ``http_conn_id`` its ``__init__`` passes to
    ``super().__init__(...)``, written there or its parameter's default (a string, or a name the class body binds
    once to one: ``default_conn_name = "houston_default"``); else None.  Red team 24, report 12, f12.  One look at
    the class body and its ``__init__``'s top-level statements."""
    if not any((b.id if isinstance(b, ast.Name) else getattr(b, "attr", "")) in _AIRFLOW_HOOKS for b in klass.bases):
        return None
    attributes: Dict[str, List[ast.AST]] = {}
    init = None
    for statement in klass.body:
        if isinstance(statement, ast.Assign) and len(statement.targets) == 1 and isinstance(statement.targets[0], ast.Name):
            attributes.setdefault(statement.targets[0].id, []).append(statement.value)
        elif isinstance(statement, ast.FunctionDef) and statement.name == "__init__":
            init = statement
    if init is None:
        return None
    value = None
    for statement in init.body:
        call = statement.value if isinstance(statement, ast.Expr) else None
        if (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) and call.func.attr == "__init__"
                and isinstance(call.func.value, ast.Call) and getattr(call.func.value.func, "id", "") == "super"):
            value = next((k.value for k in call.keywords if k.arg in _CONNECTION_KEYWORDS), None)
            break
    if isinstance(value, ast.Name):  # houston_conn_id: str = default_conn_name: the parameter's default
        arguments = init.args
        positional = arguments.posonlyargs + arguments.args
        pairs = list(zip(positional[len(positional) - len(arguments.defaults):], arguments.defaults))
        pairs += [(a, d) for a, d in zip(arguments.kwonlyargs, arguments.kw_defaults) if d is not None]
        value = next((d for a, d in pairs if a.arg == value.id), None)
    if isinstance(value, ast.Name) and len(attributes.get(value.id, ())) == 1:
        value = attributes[value.id][0]
    if isinstance(value, ast.Constant) and isinstance(value.value, str) and 0 < len(value.value) <= 100:
        return value.value
    return None


def _connection_direction(connection: str) -> Optional[bool]:
    """Houston's (True), another API's (False) or nothing said (None), as the file reads an id it sees
    (``gather_binding.connection_evidence``); an id whose other words are another service's (houston_dc1) says nothing."""
    from ..destination import gather_names

    pointing = gather_names.direction(connection)
    if pointing and gather_names.setting_foreign_words(connection):
        return None
    return pointing


# In a function's words: SENDS + PARAMETER + "INDEX NAME DEFAULT SHOWN" -> line: it posts to the URL its caller
# passes for parameter NAME (position INDEX, "-" when keyword-only), else to its default, which names Houston
# (DEFAULT "houston"), another API ("other") or nothing known ("none"); SHOWN is the default as written.
PARAMETER = "parameter "


def _url_parameter(function: ast.AST, parameter: str, values: Dict[str, List[str]]) -> Optional[str]:
    """``def run_query(query, variables=None, url=HOUSTON_URL)``: how an importer's call reaches the URL it posts to.

    Red team 15, report 12, F7: a URL taken as a parameter said nothing, so an imported helper with a
    Houston default was not followed at all.  Now the parameter's place and its default's direction
    are noted; each importer's call is judged by what it passes there (``destination.url_parameter``).
    A parameter rebound in the body is not the URL as given: nothing is noted.  One walk of the function.
    """
    memo = function.__dict__.setdefault("_url_parameters", {})  # once per (function, parameter): linear
    if parameter not in memo:
        memo[parameter] = _url_parameter_word(function, parameter, values)
    return memo[parameter]


def _url_parameter_word(function: ast.AST, parameter: str, values: Dict[str, List[str]]) -> Optional[str]:
    from ..destination.gather_calls import foreign_path, names_houston, url_direction

    arguments = function.args
    positional = [a.arg for a in arguments.posonlyargs + arguments.args]
    keyword_only = [a.arg for a in arguments.kwonlyargs]
    if parameter in positional:
        index = str(positional.index(parameter))
        offset = len(positional) - len(arguments.defaults)
        default = arguments.defaults[positional.index(parameter) - offset] if positional.index(parameter) >= offset else None
    elif parameter in keyword_only:
        index, default = "-", arguments.kw_defaults[keyword_only.index(parameter)]
    else:
        return None
    rebound = function.__dict__.get("_rebound_names")
    if rebound is None:  # every name the body assigns, one walk of the function
        rebound = function.__dict__["_rebound_names"] = {
            t.id for node in walk(function) if isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign))
            for t in (node.targets if isinstance(node, ast.Assign) else [node.target]) if isinstance(t, ast.Name)
        }
    if parameter in rebound:
        return None
    said: List[str] = []
    for part in walk(default) if default is not None else ():
        if isinstance(part, ast.Name):
            said.append(part.id)
            said.extend(values.get(part.id, ()))
        elif isinstance(part, ast.Constant) and isinstance(part.value, str):
            said.append(part.value[:200])
        if len(said) >= MAX_URL_WORDS:
            break
    if any(names_houston(word) for word in said):
        direction = "houston"
    elif any(url_direction(word) is False or foreign_path(word) is not None for word in said):
        direction = "other"
    elif any(word.isidentifier() and _another_services_variable(word) for word in said):
        direction = "other"  # url=CMDB_URL bound to os.environ["CMDB_GRAPHQL_URL"] (red team 25, report 12, f2)
    else:
        direction = "none"
    literal = isinstance(default, ast.Constant) and isinstance(default.value, str)
    shown = _dotted(default) if isinstance(default, (ast.Name, ast.Attribute)) else (default.value[:80] if literal else "-")
    return f"{index} {parameter} {direction} {shown or '-'}"


def _lambda_helper(statement: ast.AST) -> Optional[Tuple[str, ast.Lambda]]:
    """(name, lambda) of a module-level ``name = lambda ...: ...``, else None."""
    if (
        isinstance(statement, ast.Assign) and len(statement.targets) == 1 and isinstance(statement.targets[0], ast.Name)
        and isinstance(statement.value, ast.Lambda)
    ):
        return statement.targets[0].id, statement.value
    return None


# In a method's words: SENDS + GIVEN + "INDEX PARAMETER self.ATTR" -> line: it posts to the URL its class's
# constructor was given for PARAMETER (position INDEX after self), which each importer's instance shows.
GIVEN = "given "


def _constructor_parameters(cls: ast.ClassDef) -> Dict[str, Tuple[int, str]]:
    """``def __init__(self, url, token=None): self.url = url``: attribute -> (position after self, parameter).

    Only a parameter assigned as it is (red team 14, report 12, F7: an imported client class
    built once with Houston's URL and once with GitHub's; each instance is judged by its own).
    """
    for node in cls.body:
        if isinstance(node, ast.FunctionDef) and node.name == "__init__" and node.args.args:
            me = node.args.args[0].arg
            positional = [a.arg for a in node.args.posonlyargs + node.args.args][1:]
            found: Dict[str, Tuple[int, str]] = {}
            for inner in walk(node):
                if (
                    isinstance(inner, ast.Assign) and len(inner.targets) == 1 and isinstance(inner.value, ast.Name)
                    and inner.value.id in positional and isinstance(inner.targets[0], ast.Attribute)
                    and isinstance(inner.targets[0].value, ast.Name) and inner.targets[0].value.id == me
                ):
                    found.setdefault(inner.targets[0].attr, (positional.index(inner.value.id), inner.value.id))
            return found
    return {}


def _self_attribute_values(cls: ast.ClassDef, values: Dict[str, List[str]]) -> Dict[str, List[str]]:
    """What a class binds to its attributes (``url = "..."`` in its body, ``self.url = ...`` in a method):
    attribute -> the strings written there and the module values of the names read (one walk of the class)."""
    found: Dict[str, List[str]] = {}
    defaults: Dict[str, List[str]] = {}  # def __init__(self, url="https://..."): self.url = url (report 12, F3)
    for node in cls.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            positional = node.args.posonlyargs + node.args.args
            pairs = list(zip(positional[len(positional) - len(node.args.defaults):], node.args.defaults))
            pairs += [(a, d) for a, d in zip(node.args.kwonlyargs, node.args.kw_defaults) if d is not None]
            for argument, default in pairs:
                if isinstance(default, ast.Constant) and isinstance(default.value, str):
                    defaults.setdefault(argument.arg, []).append(default.value[:200])
                elif isinstance(default, ast.Name):
                    defaults.setdefault(argument.arg, []).extend(values.get(default.id, ()))
    owners: Dict[int, Dict[str, ast.AST]] = {}  # id of an assignment in a method -> that method's locals bound once
    for method in cls.body:
        if isinstance(method, (ast.FunctionDef, ast.AsyncFunctionDef)):
            local = _locals_once(method)
            if local:
                for inner in walk(method):
                    if isinstance(inner, ast.Assign):
                        owners[id(inner)] = local
    for node in walk(cls):
        if not isinstance(node, ast.Assign) or len(node.targets) != 1:
            continue
        target = node.targets[0]
        if isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name) and target.value.id == "self":
            name = target.attr
        elif isinstance(target, ast.Name) and node in cls.body:
            name = target.id
        else:
            continue
        said = found.setdefault(name, [])
        for part in walk(node.value):
            if len(said) >= MAX_URL_WORDS:
                break
            if isinstance(part, ast.Constant) and isinstance(part.value, str):
                said.append(part.value[:200])
            elif isinstance(part, ast.Name):
                said.append(part.id)
                held = owners.get(id(node), {}).get(part.id)
                if held is not None:  # base = os.environ["HOUSTON_BASE"].rstrip("/"); self.url = f"{base}/v1" (RT28 12 f5)
                    said.extend(_value_words(held, values))
                else:
                    said.extend(values.get(part.id, ()) or defaults.get(part.id, ())[:MAX_URL_WORDS])
            elif isinstance(part, ast.Attribute) and not (isinstance(part.value, ast.Name) and part.value.id == "self"):
                # self.url = config.HOUSTON_URL: the imported module's setting speaks by its name, as
                # self.url = HOUSTON_URL imported by name does, and as a send's own URL's attribute does
                # (red team 23, report 12, f16); self.x is the class's own, read where it is bound
                said.append(part.attr)
    return found


def _note_delegations(bodies, functions: Dict[str, Dict[str, int]], module_instances: Optional[Dict[str, str]] = None) -> None:
    """A function or method that sends nothing itself but calls a method of the module that does (one level).

    ``def run_query(q): return PlatformClient().query(q)``, ``c = PlatformClient(); c.query(q)``, and in a
    class ``self.query(q)``: the caller posts where that method posts (red team 12, F6).  Each body is
    walked once more: linear.
    """
    def sends(words):
        return [(key, line) for key, line in words.items() if key.startswith(SENDS)]

    for name, statement, _attributes in bodies:
        words = functions[name]
        if sends(words):
            continue
        owner = name.split(".")[0] if "." in name else None
        # local name -> class it is bound to (c = PlatformClient()); a module-level instance too
        # (default_client = AcmeClient(); def execute(q): return default_client.execute(q): report 12, F3)
        instances: Dict[str, str] = dict(module_instances or {})
        for node in walk(statement):
            if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
                if isinstance(node.value, ast.Call) and isinstance(node.value.func, ast.Name):
                    instances[node.targets[0].id] = node.value.func.id
        for node in walk(statement):
            if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
                continue
            receiver = node.func.value
            cls = None
            if isinstance(receiver, ast.Call) and isinstance(receiver.func, ast.Name):
                cls = receiver.func.id
            elif isinstance(receiver, ast.Name):
                cls = owner if receiver.id == "self" else instances.get(receiver.id)
            target = functions.get(f"{cls}.{node.func.attr}") if cls else None
            if target is None or target is words:
                continue
            for key, _line in sends(target):
                words.setdefault(f"{key} through {cls}.{node.func.attr}()", node.lineno)


IN_PROCESS = "in-process executor "  # a conftest fixture's words when it builds one (gather_calls._executed_locally)


def _test_client_fixtures(text: str) -> Dict[str, str]:
    """A ``conftest.py``'s fixtures that build a test client of the project's own server: name -> what they build.

    ``def client(): return app.test_client()``, ``@pytest.fixture(name="gql")`` around
    ``TestClient(app)``, and a fixture taking such a fixture (``def api(client): def call(q):
    return client.post("/api", ...)``) (red team 10, F7).  One parse, one walk of each fixture.
    """
    from ..destination.gather_calls import IN_PROCESS_TRANSPORTS, TEST_CLIENTS, _is_fixture

    module = parsed(text)
    if module is None:
        return {}
    fixtures = []
    for statement in module.body:
        if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef)) and _is_fixture(statement):
            names = [statement.name]
            for decorator in statement.decorator_list:
                for keyword in getattr(decorator, "keywords", ()):
                    if keyword.arg == "name" and isinstance(keyword.value, ast.Constant) and isinstance(keyword.value.value, str):
                        names = [keyword.value.value]
            built = None
            for node in walk(statement):
                if isinstance(node, ast.Call):
                    callee = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
                    if callee in TEST_CLIENTS or callee in IN_PROCESS_TRANSPORTS:
                        built = f"{callee}(...)"
                        break
            if built is None:  # await create_engine(sdl), graphene.test's Client(schema): run in process (RT17 F12, F13)
                executor = in_process_executors.builds_executor(statement, text)
                built = IN_PROCESS + executor if executor is not None else None
            fixtures.append((names[0], statement, built))
    clients = {name: built for name, _, built in fixtures if built}
    for name, statement, built in fixtures:  # def api(client): a fixture taking one that builds a client
        if not built:
            taken = [a.arg for a in statement.args.args if a.arg in clients]
            if taken:
                clients[name] = f"{clients[taken[0]]} from fixture {taken[0]}"
    return clients


def _note_conftest_clients(by_abspath: Dict[str, str], conftests, found: Dict[str, dict]) -> None:
    """Each Python file of the run gets the test-client fixtures of the ``conftest.py`` files above it (nearest wins).

    At most ``MAX_LEVELS_UP`` folders per file: linear in the run's files.
    """
    for absolute, path in by_abspath.items():
        if os.path.basename(path) == "conftest.py":
            continue
        clients: Dict[str, List[str]] = {}
        folder = os.path.dirname(absolute)
        for _ in range(MAX_LEVELS_UP):
            if folder in conftests:
                conftest, fixtures = conftests[folder]
                for name, built in fixtures.items():
                    clients.setdefault(name, [os.path.relpath(conftest), built])
            parent = os.path.dirname(folder)
            if parent == folder:
                break
            folder = parent
        if clients:
            found.setdefault(path, {"imports": {}, "imported_by": {}})["conftest_clients"] = clients


def _env_default_url(value) -> Optional[str]:
    """``os.environ.get("NAME", "https://houston.acme.com/v1")`` / ``os.getenv(NAME, URL)``: the default URL."""
    if not isinstance(value, ast.Call) or len(value.args) != 2 or not isinstance(value.func, ast.Attribute):
        return None
    if value.func.attr not in ("get", "getenv") or not _dotted(value.func.value).split(".")[-1] in ("environ", "os"):
        return None
    default = value.args[1]
    if isinstance(default, ast.Constant) and isinstance(default.value, str) and "://" in default.value[:200]:
        return default.value
    return None


_FACTORY_STATEMENTS = 32  # statements of a factory's body read: a factory builds its client in a few


def factory_urls(module: Optional[ast.Module], values: Dict[str, Tuple[str, int]]) -> Dict[str, Tuple[str, int]]:
    """``{name: (URL or the environment variable it is read from, line)}`` for each module-level function returning a
    GraphQL client it builds (``def make_client():
    transport = RequestsHTTPTransport(url=f"https://houston.{os.environ['BASEDOMAIN']}/v1", ...); return
    Client(transport=transport)``), read as a module-level client's URL is (``_client_url``).

    Red team 27, report 12, f5: an importer's ``client = make_client(); client.execute(gql(Q))`` was traced to nothing
    (only a factory named for Houston spoke, by its name), so a Houston typo was "not Houston".  The client each
    ``return`` hands out, directly or through a name its body binds once (the client, its transport); every return
    must agree on one URL.  A URL that is a parameter is the caller's and not read here.  At most
    ``_FACTORY_STATEMENTS`` statements of each function, nested defs not entered: linear in the module."""
    found: Dict[str, Tuple[str, int]] = {}
    if module is None:
        return found
    for statement in module.body:
        if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef)):
            url = _factory_url(statement, values)
            if url is not None:
                found[statement.name] = (url, statement.lineno)
    return found


def _factory_url(definition, values: Dict[str, Tuple[str, int]]) -> Optional[str]:
    local: Dict[str, Optional[ast.AST]] = {}
    returns: List[ast.AST] = []
    stack = list(reversed(definition.body[:_FACTORY_STATEMENTS]))
    seen = 0
    while stack and seen < _FACTORY_STATEMENTS * 4:
        statement = stack.pop()
        seen += 1
        if isinstance(statement, ast.Assign) and len(statement.targets) == 1 and isinstance(statement.targets[0], ast.Name):
            name = statement.targets[0].id
            local[name] = None if name in local else statement.value  # bound twice: not one value
        elif isinstance(statement, ast.Return) and statement.value is not None:
            returns.append(statement.value)
        elif not isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            stack.extend(reversed([child for child in ast.iter_child_nodes(statement) if isinstance(child, ast.stmt)]))
    urls = set()
    for value in returns[:4]:
        if isinstance(value, ast.Name):
            value = local.get(value.id)
        if not isinstance(value, ast.Call):
            return None
        transport = next((k.value for k in value.keywords if k.arg == "transport"), None)
        if isinstance(transport, ast.Name) and isinstance(local.get(transport.id), ast.Call):
            value = local[transport.id]  # Client(transport=transport): the transport's construction holds the URL
        url = _client_url(value, values) or url_values.environment_variable(client_url_node(value))
        if url is None:
            return None
        urls.add(url)
    return urls.pop() if len(urls) == 1 else None


# gql's Client(transport=...), python-graphql-client's GraphqlClient(endpoint=...), sgqlc's endpoints.
_CLIENT_URL_KEYWORDS = ("url", "endpoint", "base_url")


def _client_url(value, values: Dict[str, Tuple[str, int]]) -> Optional[str]:
    """The whole URL a module-level GraphQL client is built to post to, else None (red team 13, F20).

    ``houston_client = Client(transport=RequestsHTTPTransport(url="https://..."))`` (or the URL a
    module constant above, an environment default, an f-string or ``+`` chain: red team 22, report 12,
    f9), ``GraphqlClient(endpoint=URL)``, ``HTTPEndpoint(URL)``:
    an importer's ``houston_client.execute(...)`` posts there, whatever the client's name says.
    """
    url = client_url_node(value)
    if url is None:
        return None
    if isinstance(url, ast.Constant) and isinstance(url.value, str):
        text = url.value
    elif isinstance(url, ast.Name) and url.id in values:
        text = values[url.id][0]
    else:
        text = _env_default_url(url) or url_values.rendered(url, values)
    return text if text is not None and "://" in text[:200] else None


def client_url_node(value) -> Optional[ast.AST]:
    """The URL argument of a module-level GraphQL client's construction (``_client_url``), else None."""
    if not isinstance(value, ast.Call):
        return None
    transport = next((k.value for k in value.keywords if k.arg == "transport"), None)
    if transport is not None and _dotted(value.func).rsplit(".", 1)[-1].endswith("Client"):
        value = transport
    if not isinstance(value, ast.Call):
        return None
    name = _dotted(value.func).rsplit(".", 1)[-1]
    based = name.endswith(("Client", "Session")) and any(k.arg == "base_url" for k in value.keywords)
    if not (name.endswith(("Transport", "Endpoint", "GraphqlClient")) or based):
        # httpx.Client(base_url=URL), aiohttp.ClientSession(base_url=URL): an importer's
        # houston_http.post("", ...) posts to the base URL (red team 17, report 12, F9)
        return None
    url = next((k.value for k in value.keywords if k.arg in _CLIENT_URL_KEYWORDS), None)
    if url is None and value.args and not isinstance(value.args[0], ast.Starred):
        url = value.args[0]
    return url


def _note_open_parameters(module: ast.Module, functions: Dict[str, Dict[str, int]]) -> None:
    """Add to each module-level function's words the parameters it uses in a way not followed (``OPEN``).

    An importer then keeps the key of the dict it hands that parameter (red team 10, F1/F2), as a
    module does for its own helpers (``PythonDocumentFinder.helper_open_use``).  One judge per
    module: each function walked once.
    """
    from .helper_variables import Judge, parameters

    defs = {s.name: s for s in module.body if isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef))}
    judge = Judge(lambda call: defs.get(call.func.id) if isinstance(call.func, ast.Name) else None)
    for name, definition in defs.items():
        words = functions.get(name)
        if words is None:
            continue
        for decorator in helper_decorators.of(definition, defs, ()):  # its wrapper runs first (RT20 11b, F5)
            for word, line in list(_words_inside(decorator).items()) + list(helper_decorators.keyword_names(decorator).items()):
                words.setdefault(word, line)
        positional, vararg, kwarg = parameters(definition)
        words[POSITIONAL] = len(positional)
        if vararg is not None:
            words[OPEN + "*"] = definition.lineno
        for index, parameter in enumerate(positional):
            line = judge.open_use(definition, parameter)
            if line is not None:
                words[OPEN + f"#{index}"] = words[OPEN + parameter] = line
        for argument in definition.args.kwonlyargs:
            line = judge.open_use(definition, argument.arg)
            if line is not None:
                words[OPEN + argument.arg] = line
        if kwarg is not None:
            line = judge.open_use(definition, kwarg)
            if line is not None:
                words[OPEN + "**"] = line


def _words_inside(function: ast.AST) -> Dict[str, int]:
    """Name-shaped string constants and parameter names inside ``function``, with their first line."""
    words: Dict[str, int] = {}
    for node in walk(function):
        if isinstance(node, ast.arg):
            word = node.arg
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and len(node.value) <= 100:
            word = node.value
        else:
            continue
        if _NAME.fullmatch(word) and (word not in words or node.lineno < words[word]):
            words[word] = node.lineno
    return words


# -- the importer: the imported text is part of the document --------------------------------------


def splice(text_map, imports: Optional[dict]):
    """``text_map`` with each hole that is a bare imported constant replaced by the constant's text.

    The characters stand at the name in this file (an error in them is reported
    there); returns the map and the (file start, file end, description) of each
    spliced part, for :func:`settle`.
    """
    from .text_map import TextMap

    if not imports or not text_map.holes:
        return text_map, []
    chosen = {id(h): imports[h.expression] for h in text_map.holes if h.expression in imports}
    if not chosen:
        return text_map, []
    text = text_map.text
    result = TextMap(holes=[])
    parts = []
    position = 0

    def copy(upto: int) -> None:
        for i in range(position, upto):
            result.add(text[i], text_map.starts[i], text_map.ends[i])

    for hole in text_map.holes:
        copy(hole.doc_start)
        position = hole.doc_end
        if id(hole) in chosen:
            value, definer, line = chosen[id(hole)]
            for char in value:
                result.add(char, hole.file_start, hole.file_end)
            parts.append((hole.file_start, hole.file_end, f"{hole.expression} (imported from {definer}:{line})"))
        else:
            doc_start = len(result.chars)
            for char in text[hole.doc_start : hole.doc_end]:
                result.add(char, hole.file_start, hole.file_end)
            result.holes.append(type(hole)(hole.index, hole.expression, hole.file_start, hole.file_end, doc_start, len(result.chars)))
    copy(len(text))
    result.file_end = text_map.file_end
    result.inlined = text_map.inlined
    result.pieces = text_map.pieces
    result.format_style = text_map.format_style
    result.run_time_fill = text_map.run_time_fill
    return result, parts


# -- after the rules: nothing imported or imported-from is edited alone ---------------------------


def _review_import_sites(ctx, parts: List[Tuple[int, int, str]]) -> None:
    """Red team 10 F12: the importer's side of ``review-imported-constant``.

    An AC version field (``airflowVersion``, ``desiredAirflowVersion``) of the imported text is
    migrated or reviewed where the constant is defined, never here; this document reads the
    response it shapes, so the import site gets the review naming the definer (the README:
    both sides get it).  One walk of the document's selections; one review per imported part.
    """
    from ..model import WARNING

    if ctx.document is None:
        return
    text_map = ctx.source.text_map
    reported = set()
    stack = [d.selection_set for d in ctx.document.definitions if getattr(d, "selection_set", None)]
    while stack and len(reported) < len(parts):
        selection_set = stack.pop()
        for selection in selection_set.selections:
            if getattr(selection, "selection_set", None) is not None:
                stack.append(selection.selection_set)
            name = getattr(getattr(selection, "name", None), "value", None)
            if name not in _VERSION_KEYS or selection.loc is None:
                continue
            at = text_map.file_offset(selection.loc.start)
            for index, (start, end, what) in enumerate(parts):
                if index not in reported and start <= at < max(end, start + 1):
                    reported.add(index)
                    ctx.finding_at_file(
                        start, end, WARNING, IMPORTED_CONSTANT,
                        f"part of this document is {what}: its {name} is migrated or reviewed there, not here "
                        "(after the migration it holds a Runtime-image value, not an AC version): check what this "
                        "module reads from the response, and migrate both sides together",
                    )


def settle(ctx, entry: Optional[dict], parts: List[Tuple[int, int, str]], finder=None) -> None:
    """Withdraw the document's edits when they would change text another module owns or reads."""
    if parts:
        _review_import_sites(ctx, parts)
    if not ctx.edits and not ctx.document_edits:
        return
    for start, end, what in parts:
        if any(e.start < end and start < max(e.end, e.start + 1) for e in ctx.edits):
            ctx.withdraw_edits(IMPORTED_CONSTANT, f"not rewritten: part of this document is {what}; migrate it there, with every document that uses it")
            return
    reached = (entry or {}).get(REACHED)
    touched = [ctx.source.start] + [e.start for e in ctx.edits]
    if reached and finder is not None:
        # Red team 12 (report 11): another file names this module in a way not read as named imports,
        # so any module-level name may be read there: an edit in a module-level binding is one-sided.
        # Red team 14 (11b, F1/F6/F12): what its functions return and its instances hold are read there
        # too, and a file whose text is read or run (``"deploy.py"``, ``%run lib.py``) is read whole.
        spans = _handed_out_spans(finder)
        if entry.get(REACHED_WHOLE) or any(start <= at < end for at in touched for start, end in spans):
            by = "; ".join(f"{path} (line {line}: {how})" for path, line, how in reached)
            ctx.withdraw_edits(
                IMPORTED_CONSTANT,
                f"not rewritten: this module is named by {by}, which may read "
                + ("its whole text" if entry.get(REACHED_WHOLE) else "its module-level names and what its functions return")
                + "; migrate it with that code",
            )
            return
    if finder is not None and ((entry or {}).get(RETURNED_BY) or (entry or {}).get(INSTANCES_BY)):
        # Red team 14 (11b, F1/F6): an imported function returning this document, an imported class whose
        # instances hold it (``self.create_doc = ...``): the importer may fill it or send it with its own variables.
        from . import handed_out

        module = getattr(finder, "module", None)
        for field, spans_of in ((RETURNED_BY, handed_out.returned_spans), (INSTANCES_BY, handed_out.attribute_spans)):
            users = entry.get(field) or {}
            if not users or module is None:
                continue
            if field == INSTANCES_BY:  # the class's methods' returns too (``Docs().create_doc()``)
                spans = spans_of(module, finder.span_of, users) + handed_out.returned_spans(module, finder.span_of, users)
            else:
                spans = spans_of(module, finder.span_of, users)
            if any(handed_out.held(at, spans) for at in touched):
                by = "; ".join(
                    f"{key} (imported by " + ", ".join(f"{path}, line {line}" for path, line in where) + ")" for key, where in users.items()
                )
                ctx.withdraw_edits(
                    IMPORTED_CONSTANT,
                    f"not rewritten: this document is handed out by {by}, where it may be filled or sent with other variables; "
                    "migrate it with that code",
                )
                return
    wrapped_users = (entry or {}).get(WRAPPED_BY) or {}
    module = getattr(finder, "module", None)
    if wrapped_users and module is not None:
        # RT16 11b, F10: CREATE = dedent("...") (any wrapping) imported and filled or sent elsewhere
        from . import handed_out

        if any(handed_out.held(at, wrapping_spans(module, finder.span_of, wrapped_users)) for at in touched):
            by = "; ".join(
                f"{name} is imported by " + ", ".join(f"{path} (line {line})" for path, line in where) for name, where in wrapped_users.items()
            )
            ctx.withdraw_edits(IMPORTED_CONSTANT, f"not rewritten: {by}, where it may be filled or sent with other variables; migrate it with that code")
            return
    imported_by = (entry or {}).get("imported_by") or {}
    names = [n for n in ctx.source.names if n in imported_by]
    if not names:
        return
    # Even when this module sends it itself (red team 9, F4): an importer may send it with its own
    # variables dict (whose key would not be renamed) or ``.replace("2.3.4", v)`` on it (which the
    # new value defeats), so the edit would land on one side only.
    # Red team 23, report 13, f9: "where it is part of what is sent" only of a name an importer is seen
    # sending (``sent_by``); ``print(UPGRADE)`` there reads it, and an edit here changes what it reads.
    sent = (entry or {}).get("sent_by") or {}
    sending = [name for name in names if sent.get(name)]
    reading = [name for name in names if not sent.get(name)]
    said = []
    if sending:
        said.append("; ".join(_importers_said(name, imported_by[name]) for name in sending) + ", where it is part of what is sent")
    if reading:
        said.append(
            "; ".join(_importers_said(name, imported_by[name]) for name in reading)
            + ", which reads it (no send of it is seen there), so an edit here changes what it reads"
        )
    users = "; ".join(said)
    ctx.withdraw_edits(IMPORTED_CONSTANT, f"not rewritten: {users}; migrate it with that code")


def _importers_said(name: str, users) -> str:
    """``CREATE is imported by run.py (line 3), through pkg/__init__.py (line 1)``: a package's ``__init__.py``
    passing the name on is said to pass it on when a module importing it from there is known (RT20 11b, F11
    note: the package was named as where it is sent, the sending importer not at all)."""
    said = lambda where: ", ".join(f"{path} (line {line})" for path, line in where)  # noqa: E731
    packages = [u for u in users if os.path.basename(u[0]) == "__init__.py"]
    others = [u for u in users if os.path.basename(u[0]) != "__init__.py"]
    if packages and others:
        return f"{name} is imported by {said(others)}, through {said(packages)}"
    return f"{name} is imported by {said(users)}"


def _note_graphql_path_import(importer, definer, names, line, graphql_files, found, memo) -> None:
    """Red team 16 (report 13), F12: ``from config import CREATE_PATH`` where ``CREATE_PATH`` quotes a
    ``.graphql`` file of the run (``sources.imported_graphql_paths``): the file is held as if read here."""
    from ..files import read_bytes
    from . import imported_graphql_paths

    if definer not in memo:
        memo[definer] = imported_graphql_paths.path_constants(_read_candidate(definer, read_bytes, None))
    if not memo[definer]:
        return
    if "by_name" not in memo:
        memo["by_name"] = suffix_index(graphql_files)

    def resolve(where: str, quoted: str):
        folder = os.path.dirname(os.path.abspath(where))
        for candidate in (os.path.join(folder, quoted), _joined(folder, quoted, memo["by_name"])):
            if candidate and os.path.normpath(candidate) in graphql_files:
                return graphql_files[os.path.normpath(candidate)]
        return None

    def reads(script: str) -> list:
        key = ("reads", script)
        if key not in memo:
            text = _read_candidate(script, read_bytes, None)
            memo[key] = _ac_format_reads(text) if text is not None else []
        return memo[key]

    imported_graphql_paths.note(
        importer, definer, _imported_names(names), line, memo[definer], resolve, found,
        lambda script, at, target: _note_held_variables(script, at, target, found), reads,
    )
