"""Template holes a Python module fills in by hand: ``.replace("$x", ...)``, ``string.Template``, Jinja.

Scripts write placeholders that look like GraphQL: ``deploymentUuid: "$deploymentId"``
or ``environmentVariables: [ $envVars ]``, filled by ``.replace("$envVars", ...)``
before the document is sent.  Read as GraphQL they are variables nobody
defined.  They are template holes, like f-string fields: opaque to
validation, never edited, and a version value coming from one gets a review
finding.  Which placeholders a document has is decided by what the module
does with that string (or a name bound to it):

* ``.replace(OLD, ...)`` with any literal ``OLD`` that holds a letter or digit
  (``"$x"``, ``"{{x}}"``, ``"AIRFLOW_VERSION"``, and also ``"2.3.0"``: a script
  that fills ``airflowVersion: "2.3.0"`` with ``.replace("2.3.0", ver)`` breaks
  if the tool rewrites the 2.3.0 it looks for): every occurrence of ``OLD``,
  on the string itself, through names bound to it, along a chain
  ``.replace(a, x).replace(b, y)``, through ``T.format(...)`` / ``T % args``, and into the module's own functions
  (``def fill(doc, v): return doc.replace("2.3.0", v)`` called as
  ``fill(DOC, ver)``).  ``OLD`` may be a name bound to one literal.
  Whitespace or punctuation only (``.replace("\\n", " ")``) is formatting,
  not a hole: the document stays readable;
* ``string.Template(DOC)``: ``$name`` and ``${name}`` (``$$`` is a dollar);
* ``jinja2.Template(DOC)`` or ``environment.from_string(DOC)``: ``{{ ... }}``;
* a fill whose effect the tool cannot read (red team 6, F3): ``re.sub(P, R, DOC)``
  / ``re.subn`` / ``re.compile(P).sub(R, DOC)``, or ``.replace(OLD, ...)`` whose
  ``OLD`` is no literal it can read (``OLD["version"]``).  The whole document is
  "filled at run time": every string value in it is a hole (a version value is
  kept and reviewed), and when the fill may refer to a name written in the
  document (a word of the pattern, or any name for an unreadable one) nothing in
  it is edited at all: each migration is a review (:func:`settle_rules`).

The text a fill works on is followed through names, ``str.replace(DOC, ...)``,
text-keeping calls (``textwrap.dedent(DOC)``, ``DOC.strip()``) and subscripts of
a container literal (``DOCS["upsert"]``).

Each document's characters keep their file positions; existing holes (f-string
fields) stay holes.
"""

from __future__ import annotations

import ast
import json
import re
from collections import deque
from typing import Dict, List, Optional, Set, Tuple

from . import handed_on
from .templates import placeholder
from .text_map import TextMap
from .tree_nodes import walk as tree_walk  # ast.walk's order, listed once per tree (shared by the analyses)

# A replaced text that is a hole has a letter or digit (not only spaces or punctuation).
_WORD = re.compile(r"\w")
# ``$$`` is string.Template's escaped dollar (it renders ``$``): matched first, so ``$$name`` is the text
# ``$name``, not a dollar and a hole (red team 18, report 11b, F8).  Disjoint literal starts: linear.
_STRING_TEMPLATE = r"\$(?:\$|[_A-Za-z]\w*|\{[_A-Za-z]\w*\})"
_TEMPLATE_ESCAPE = "$$"
_JINJA = r"\{\{[^{}]*\}\}"
# A GraphQL string value (block strings read as runs of these: still holes), and a name.
# Disjoint single-character alternatives, and the closing quote optional: a match never
# fails after it started, so finditer never rescans (an unclosed "\"\"\"... line was quadratic).
_STRING_VALUE = re.compile(r'"(?:[^"\\\n]|\\.)*"?')
_NAME = re.compile(r"[_A-Za-z][_0-9A-Za-z]*")
_REGEX_ESCAPE = re.compile(r"\\.")
# Calls whose result is their argument's (or receiver's) text, re-spaced: a replace after one
# still looks for its literal in the document.
# A re.sub pattern of spacing only (``\s+``, ``[ \t]+``, ``\n``): with a replacement of spacing or
# punctuation it just reformats, like ``.replace("\n", " ")``.  Disjoint alternatives: linear.
_SPACING = re.compile(r"(?:\\[snrt]|[ +*?\t\n\r]|\[(?:\\[snrt]|[ \t\n\r])+\])+")
_TEXT_KEEPING = frozenset({"dedent", "indent", "cleandoc", "strip", "lstrip", "rstrip", "str", "decode"})
TEMPLATE_METHODS = frozenset({"replace", "substitute", "safe_substitute", "render"})
# Calls that search their receiver's text for a literal (red team 15, report 11b, F8): ``v.join(DOC.split(OLD))``,
# ``i = DOC.index(OLD)`` then a splice.  Code that looks for ``OLD`` in the document depends on those bytes.
SEARCH_METHODS = frozenset({"split", "rsplit", "index", "rindex", "find", "rfind", "partition", "rpartition", "count"})
# A line of the document tested for how it starts or ends (red team 17, report 11b, F5):
# ``f"  airflowVersion: ..." if line.strip().startswith("airflowVersion:") else line for line in DOC.splitlines()``.
# Everyday code tests prefixes too (``url.startswith("https:")``): only a version or a camelCase name counts.
_EDGE_SEARCHES = frozenset({"startswith", "endswith"})
# ``re.search(P, DOC)`` and kin: P a plain literal once its escapes are read is searched for as is.
_RE_SEARCHES = frozenset({"search", "match", "fullmatch", "findall", "finditer", "split"})
_REGEX_SPECIAL = re.compile(r"[\\^$*+?{}\[\]|()]")  # "." left out: "2.3.4-11" as a pattern still finds itself
_CLASS_ESCAPE = re.compile(r"\\[0-9A-Za-z]")
# A searched literal not traced to a string is a hole only where it can be what an edit changes: an AC-like
# version (``2.3.4-11``), a camelCase name (``airflowVersion``) or a piece of text with punctuation
# (``airflowVersion: "``).  A bare lowercase word (``"id" in row``, ``line.split("data")``) is everyday code.
_VERSION_LIKE = re.compile(r"\d\.\d")
# Reads of the text keyed on a name (red team 18, report 11b, F1, F2, F4, F6, F7): a regex's words once its
# escapes, character classes and inline flags are blanked (``[Aa]irflow[Vv]ersion`` keeps ``irflow``,
# ``ersion``); each blanking regex is disjoint single-character alternatives, so linear.
_CHAR_CLASS = re.compile(r"\[(?:\\.|[^\]\\])*\]?")
_GROUP_FLAGS = re.compile(r"\(\?(?:P?<\w*>|[aiLmsux-]*)")
_FOLD = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")  # ASCII only: lengths kept
_CASE_FOLDING = frozenset({"lower", "casefold", "upper"})
_CAMEL = re.compile(r"[a-z][A-Z]")
_PUNCTUATED = re.compile(r"\w[^\w]|[^\w]\w")


def templated_base(node: ast.AST) -> Optional[ast.AST]:
    """The string expression a template call works on: ``DOC`` in ``DOC.replace(...)``, ``Template(DOC)``."""
    if not isinstance(node, ast.Call):
        return None
    func = node.func
    if isinstance(func, ast.Attribute) and func.attr in TEMPLATE_METHODS:
        return func.value
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
    if name in ("Template", "from_string") and node.args:
        return node.args[0]
    return None


class _FillsByString(dict):
    """id(string node) -> its Fills, plus the module's untraced literal fills, which every string gets.

    Red team 13 (report 11, F12): ``def up(i, version, doc=UPSERT): doc.replace("2.3.4-11", version)``
    fills ``UPSERT`` through a parameter default the flow below does not follow (nor a ``for`` target,
    ``functools.partial``, a lambda, a function's return, ``globals()["UPSERT"]``): the document was
    migrated to ``runtimeVersion: "5.5.0"`` and the fill went dead.  A ``.replace(OLD, ...)`` whose
    followed strings hold no ``OLD`` has not been traced to what it fills: ``OLD`` is a hole in every
    string of the module that holds it (kept, and reviewed where it is a version value).
    """

    untraced: Optional["Fills"] = None

    def get(self, key, default=None):
        own = super().get(key, default)
        if self.untraced is None:
            return own
        merged = Fills()
        merged.update(self.untraced)
        merged.untraced = set(self.untraced.untraced)
        if own:
            merged.update(own)
            merged.untraced -= set(own.literals)  # followed to this string: a hole wherever it stands
        return merged


def find(finder) -> Dict[int, "Fills"]:
    """id(string node) -> how the module fills that string's holes."""
    jinja = _imports(finder.module, "jinja2")
    found: _FillsByString = _FillsByString()
    calls_by_name: Optional[Dict[str, list]] = None  # callee name -> (call, scope), built when first needed
    memo: dict = {}  # what each expression reaches, shared by every template call (see _filled_strings)
    _note_containment(finder, found)  # "2.3.4-11" in DOC (F8)
    for call, scope in finder.collector.calls:
        fills = Fills()
        func = call.func
        base = None
        unread = _run_time_fill(finder, call, scope) or _reduced_fill(call)
        if unread is not None:
            base, fills = unread
        elif isinstance(func, ast.Attribute) and func.attr == "replace" and call.args:
            old = _replaced_text(finder, call.args[0], scope)
            if old is not None:
                shown = json.dumps(old if len(old) <= 40 else old[:37] + "...")  # one line, escapes shown
                fills.literals[old] = f"{shown}, which the script's .replace on line {call.lineno} fills in at run time"
        elif _record_reads(finder, call, scope):
            pass  # a read keyed on a name (RT18 11b F1/F2/F6): no hole; held where an edit changes it (settle_reads)
        elif isinstance(func, ast.Attribute) and (func.attr in SEARCH_METHODS | _EDGE_SEARCHES or _re_search(func)):
            searched = _searched(finder, call, scope)
            if searched is not None and func.attr in _EDGE_SEARCHES and not _edited_name(searched[1]):
                searched = None
            if searched is not None and _outside_text(finder, searched[0], 0):
                continue  # d["airflowVersion"].startswith("2.2"), os.environ.get(...): not a document's text
            if searched is None and func.attr in SEARCH_METHODS and _searches_a_parameter(call, scope):
                # def with_version(doc, v, old="2.3.4-11"): doc.partition(old) (RT17 11b, F3): what it looks
                # for is the caller's (or the default's): the text is filled at run time, as .replace(old, v)
                base = func.value
                fills.unread = f"the script's .{func.attr} on line {call.lineno} (it looks for a text its caller gives)"
                fills.names = None
            elif searched is not None:
                base, old = searched
                shown = json.dumps(old if len(old) <= 40 else old[:37] + "...")
                what = f"re.{func.attr}" if _re_search(func) else f".{func.attr}"
                fills.literals[old] = f"{shown}, which the script's {what} on line {call.lineno} looks for at run time"
        else:
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
            owner = func.value.id if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) else None
            if name == "from_string" or (name == "Template" and (owner == "jinja2" or (owner is None and jinja))):
                fills.patterns.add(_JINJA)
            elif name == "Template":
                fills.patterns.add(_STRING_TEMPLATE)
        bases = None
        if not fills:
            imported = _imported_fill(finder, call, scope)  # red team 14 (11b, F5): with_version(doc, v) imported
            if imported is None:
                continue
            bases, fills = imported  # what the argument holds too: fill({"query": DOC}) (red team 19, 11b F10)
        base = base if base is not None else templated_base(call)
        if base is None and bases is None:
            continue
        if calls_by_name is None:
            calls_by_name = {}
            for other, other_scope in finder.collector.calls:
                callee = other.func.attr if isinstance(other.func, ast.Attribute) else getattr(other.func, "id", None)
                calls_by_name.setdefault(callee, []).append((other, other_scope))
        reached = []
        for each in bases if bases is not None else [base]:
            reached.extend(_filled_strings(finder, each, scope, calls_by_name, memo))
        for value in reached:
            found.setdefault(id(value), Fills()).update(fills)
        untraced = {
            old: how for old, how in fills.literals.items()
            if not any(_holds(value, old) for value in reached) and (" fills in " in how or _may_be_edited(old))
        }
        if untraced:  # F12: what this replace fills was not followed to its string
            if found.untraced is None:
                found.untraced = Fills()
            found.untraced.literals.update((old, how) for old, how in untraced.items() if old not in found.untraced.literals)
            found.untraced.untraced.update(untraced)
    return found


def _re_search(func: ast.Attribute) -> bool:
    return func.attr in _RE_SEARCHES and isinstance(func.value, ast.Name) and func.value.id in ("re", "regex")


def pattern_words(text: str, insensitive: bool = False) -> Tuple[Set[str], Set[str], bool]:
    """(names written in a regular expression, fragments of names a character class splits, ignores case?).

    ``airflowVersion: "[^"]*"`` names ``airflowVersion``; ``[Aa]irflow[Vv]ersion`` has the fragments
    ``irflow`` and ``ersion`` (3+ characters), found inside a document's names; ``(?i)`` or a flag
    makes both compare without case (folded to ASCII lower case).  Linear regexes, one pass each.
    """
    for flags in _GROUP_FLAGS.finditer(text):
        if "<" not in flags.group() and "i" in flags.group().split("-")[0]:
            insensitive = True
    bare = _GROUP_FLAGS.sub(" ", _CHAR_CLASS.sub("\0", _REGEX_ESCAPE.sub(" ", text)))
    names: Set[str] = set()
    fragments: Set[str] = set()
    for token in _CLASSED_WORD.findall(bare):
        if "\0" in token:
            fragments.update(part for part in token.split("\0") if len(part) >= 3 and part[0].isalpha())
        elif _NAME.fullmatch(token):
            names.add(token)
    if insensitive:
        names = {n.translate(_FOLD) for n in names}
        fragments = {f.translate(_FOLD) for f in fragments}
    return names, fragments, insensitive


_CLASSED_WORD = re.compile(r"[\w\0]+")


def pattern_reads(text: str, flags) -> Tuple[Set[str], bool]:
    """(the names a regular expression reads that an edit may change, does it ignore case?): its camelCase
    names and the fragments a character class splits; any name of 4+ characters when it ignores case
    (``flags``: the flags arguments' nodes).  The one reading shared by in-file reads and read_sends."""
    names, fragments, insensitive = pattern_words(text, _ignores_case(flags))
    return fragments | {n for n in names if _CAMEL.search(n) or (insensitive and len(n) >= 4)}, insensitive


def _ignores_case(nodes) -> bool:
    """Does a flags argument name ``re.I`` / ``re.IGNORECASE`` (also inside ``re.I | re.M``)?"""
    for node in nodes:
        for part in ast.walk(node):
            if (isinstance(part, ast.Attribute) and part.attr in ("I", "IGNORECASE")) or (
                isinstance(part, ast.Name) and part.id in ("I", "IGNORECASE")
            ):
                return True
    return False


def _compiled(finder, node: ast.AST, scope) -> Optional[Tuple[ast.AST, List[ast.AST]]]:
    """(P, its flag expressions) of ``re.compile(P, flags)`` that ``node`` (a name bound to it, or the call) is."""
    values = finder._resolve(node, scope) if isinstance(node, (ast.Name, ast.Attribute)) else [node]
    if len(values) != 1:
        return None
    value = values[0]
    if isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute) and value.func.attr == "compile":
        pattern = _argument(value, 0, "pattern")
        if pattern is not None:
            return pattern, list(value.args[1:]) + [k.value for k in value.keywords if k.arg == "flags"]
    return None


def _record_reads(finder, call: ast.Call, scope) -> bool:
    """Record what a call reading a text looks for by name; True when it looks for a name an edit may change.

    Red team 18 (report 11b, F1, F2, F6, F7): ``re.search(r'airflowVersion: "([^"]+)"', q).group(1)``,
    ``q.find("airflowVersion")``, ``line.strip().startswith("airflowVersion:")``, ``"airflowversion" in
    q.lower()``, ``operator.contains(q, "airflowVersion")``, ``PIN.search(q)`` of a compiled pattern: code
    that reads the text by a name depends on that name.  It is no template hole (the document is checked
    as written: a hole there hid Houston's errors and made false ones), and no edit that changes the
    name lands (:func:`settle_reads`): wherever the module holds it, the document is reviewed instead.
    """
    func = call.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
    owner = func.value.id if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) else None
    pattern, flags, literal, folded = None, [], None, False
    if name in _RE_SEARCHES and owner in ("re", "regex"):
        pattern = _argument(call, 0, "pattern")
        flags = list(call.args[2:]) + [k.value for k in call.keywords if k.arg == "flags"]
    elif name in _RE_SEARCHES and isinstance(func, ast.Attribute):
        compiled = _compiled(finder, func.value, scope)
        if compiled is None:
            if name != "split":
                return False
        else:
            pattern, flags = compiled
    if pattern is None and name == "contains" and len(call.args) == 2 and owner in (None, "operator"):
        literal = call.args[1]
        folded = _case_folded(call.args[0])
    elif pattern is None and isinstance(func, ast.Attribute) and name in SEARCH_METHODS | _EDGE_SEARCHES | {"__contains__"}:
        if not call.args or isinstance(call.args[0], ast.Starred):
            return False
        literal = call.args[0]
        folded = _case_folded(func.value)
    if pattern is not None:
        text = _readable_text(finder, pattern, scope)
        if text is None:
            return False
        words, insensitive = pattern_reads(text, flags)
        return _note_reads(finder, words, insensitive, f"the script's {_shown_call(owner, name)} on line {call.lineno}")
    if literal is None:
        return False
    text = _readable_text(finder, literal, scope)
    if text is None:
        return False
    return _note_reads(finder, words_read(text, folded), folded, f"the script's {_shown_call(owner, name)} on line {call.lineno}")


def _shown_call(owner: Optional[str], name: str) -> str:
    return f"{owner}.{name}" if owner in ("re", "regex", "operator") else f".{name}"


def _case_folded(node: ast.AST) -> bool:
    """``q.lower()`` / ``.casefold()`` / ``.upper()``: a text compared without case."""
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in _CASE_FOLDING


def words_read(text: str, folded: bool) -> Set[str]:
    """The names a literal looked for holds that an edit may change: camelCase ones (any of 4+ characters
    when the text is compared without case, folded)."""
    if folded:
        return {w.translate(_FOLD) for w in _NAME.findall(text) if len(w) >= 4}
    return {w for w in _NAME.findall(text) if _CAMEL.search(w)}


def _note_reads(finder, words: Set[str], folded: bool, how: str) -> bool:
    """Add ``words`` to the module's reads (``finder.memo``), each with the first ``how`` that reads it."""
    if not words:
        return False
    reads = finder.memo.setdefault("placeholders.reads", ({}, {}))[1 if folded else 0]
    for word in words:
        reads.setdefault(word, f"{json.dumps(word)}, which {how} looks for")
    return True


def settle_reads(ctx, finder) -> None:
    """No edit that changes what the module's code reads the text by lands: the document is reviewed.

    ``re.search(r'airflowVersion: "([^"]+)"', q).group(1)`` found nothing after the rename and the script
    crashed; a per-line fill keyed on ``airflowVersion`` became a no-op (red team 18, report 11b, F1, F4,
    F7).  An edit changes a read when the read names found around it differ before and after it: the
    file's text from the longest read name before the edit to as far after it, searched once with the
    old bytes and once with the new (Aho-Corasick, and again ASCII-folded for reads without case).  So
    ``"createDeployment" in q`` does not hold an argument's rename, nor ``"deployment" in q.lower()`` the
    rename of ``updateDeploymentAirflow``.  Work per edit: its length plus twice the longest read name.
    """
    memo = getattr(finder, "memo", None)
    reads = memo.get("placeholders.reads") if memo is not None else None
    if not reads or not ctx.edits:
        return
    text = finder.file.text
    reach = max(len(word) for table in reads for word in table)
    automata = memo.get("placeholders.read_automata")
    if automata is None:  # built once per file, whatever the number of documents and edits
        automata = memo["placeholders.read_automata"] = [_automaton(table) if table else None for table in reads]
    for edit in ctx.edits:
        low, high = max(0, edit.start - reach), min(len(text), edit.end + reach)
        before = text[low:high]
        after = text[low : edit.start] + edit.replacement + text[edit.end : high]
        for table, fold, automaton in ((reads[0], False, automata[0]), (reads[1], True, automata[1])):
            if not table:
                continue
            old = _found_words(before.translate(_FOLD) if fold else before, table, automaton)
            new = _found_words(after.translate(_FOLD) if fold else after, table, automaton)
            if old != new:
                changed = sorted(set(old) ^ set(new) or set(old))[0]
                ctx.withdraw_edits(RUN_TIME_FILL, f"not rewritten: {changed} in this text, and the edit changes what it finds")
                return


def _found_words(text: str, table: Dict[str, str], automaton: tuple) -> List[str]:
    """The descriptions of the read names found in ``text``, in order (one per end position)."""
    return [description for _, _, description in _scan(automaton, text, table)]

def _searched(finder, call: ast.Call, scope) -> Optional[Tuple[ast.AST, str]]:
    """(the text searched, the literal looked for) of ``DOC.split(OLD)``, ``DOC.index(OLD)``, ``re.search(P, DOC)``
    (P plain once its escapes are read), with ``OLD`` a literal (str or bytes) that holds a letter or digit."""
    if _re_search(call.func):
        pattern, base = _argument(call, 0, "pattern"), _argument(call, 1, "string")
        text = _readable_text(finder, pattern, scope) if pattern is not None else None
        if text is None or base is None:
            return None
        if _REGEX_SPECIAL.search(_REGEX_ESCAPE.sub("", text)) or _CLASS_ESCAPE.search(text):
            return None  # a real pattern (``\\d+``, ``[^"]*``): not one text looked for
        text = _REGEX_ESCAPE.sub(lambda m: m.group()[1], text)  # 2\\.3\\.4-11 looks for 2.3.4-11
    else:
        if not call.args or isinstance(call.args[0], ast.Starred):
            return None
        base, text = call.func.value, _readable_text(finder, call.args[0], scope)
    if text is None or not _WORD.search(text):
        return None
    return base, text


_ENVIRONMENT_CALLS = frozenset({"getenv", "environ.get", "os.environ.get", "os.getenv"})
_MAX_OUTSIDE_STEPS = 4  # names / reads followed back from a searched text
# A Deployment's version fields: a value read under one of these keys is a version, never a document's text
# (``result["createDeployment"]["airflowVersion"]`` of a gql client's answer, ``dep.get("runtimeVersion")``).
_VERSION_KEYS = frozenset({"airflowVersion", "runtimeVersion", "runtimeAirflowVersion", "desiredAirflowVersion",
                           "desiredRuntimeVersion"})
_MAX_OUTSIDE_STORES = 4  # bindings of one name looked at


def _outside_text(finder, node: ast.AST, steps: int) -> bool:
    """Is the text a search looks in certainly not a document: an environment read, or a read of a parsed
    response (``r.json()[...]``, through names bound only to such reads or loops over them)?

    Red team 23 (report 13), f1: ``d["airflowVersion"].startswith("2.2")`` on a createDeployment response, or
    ``os.environ.get("LOCAL_AIRFLOW", "").startswith("2.3")``, was taken for an untraced search of the document
    (a search followed to no string is a hole wherever its text stands: F12 above), so the "2.2" of
    ``airflowVersion: "2.2.5-5"`` became a hole: the rewrite kept the AC literal in ``runtimeVersion:``, said it
    "gets the value of "2.2"", and ``check`` was silent.  Text that comes from the environment or from Houston's
    answer is not the document, so the search fills nothing.  A bounded walk back (steps, stores)."""
    if steps > _MAX_OUTSIDE_STEPS:
        return False
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        dotted = _dotted_name(node.func)
        if dotted in _ENVIRONMENT_CALLS or node.func.attr == "json" and not node.args:
            return True
        if node.func.attr == "get" and node.args and isinstance(node.args[0], ast.Constant) and node.args[0].value in _VERSION_KEYS:
            return True
        if node.func.attr in _TEXT_KEEPING | _CASE_FOLDING | {"get"}:  # .strip(), .lower(), resp.get("data")
            return _outside_text(finder, node.func.value, steps + 1)
        return False
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        if node.func.id == "getenv":
            return True
        if node.func.id == "str" and len(node.args) == 1:
            return _outside_text(finder, node.args[0], steps + 1)
        return False
    if isinstance(node, ast.Subscript):
        if _dotted_name(node.value) in ("os.environ", "environ"):
            return True
        if isinstance(node.slice, ast.Constant) and node.slice.value in _VERSION_KEYS:
            return True
        return _outside_text(finder, node.value, steps + 1)
    if isinstance(node, ast.Name):
        names = finder.names
        stores = names.uses_of_binding(node.id, "stores", node)
        if not stores or len(stores) > _MAX_OUTSIDE_STORES:
            return False
        for store in stores:
            parent = names.parent(store)
            if isinstance(parent, ast.Assign) and store in parent.targets:
                value = parent.value
            elif isinstance(parent, (ast.AnnAssign, ast.NamedExpr)) and parent.target is store:
                value = parent.value
            elif isinstance(parent, (ast.For, ast.comprehension)) and parent.target is store:
                value = parent.iter  # for dep in r.json()["data"]["deployments"]: an element of the response
            else:
                return False
            if value is None or not _outside_text(finder, value, steps + 1):
                return False
        return True
    return False


def _dotted_name(node: ast.AST) -> str:
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return ""
    parts.append(node.id)
    return ".".join(reversed(parts))


def _searches_a_parameter(call: ast.Call, scope) -> bool:
    """Is the text ``call`` looks for a parameter of the function it is written in (F3)?"""
    target = call.args[0] if call.args else None
    node = getattr(scope, "node", None)
    if not isinstance(target, ast.Name) or not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
        return False
    arguments = node.args
    return target.id in {a.arg for a in arguments.posonlyargs + arguments.args + arguments.kwonlyargs}


def _edited_name(old: str) -> bool:
    """A prefix or suffix tested that an edit may change: an AC-like version or a camelCase name (F5)."""
    return bool(_VERSION_LIKE.search(old) or _CAMEL.search(old))


def _reduced_fill(call: ast.Call) -> Optional[Tuple[ast.AST, "Fills"]]:
    """(the initial text, its Fills) of ``functools.reduce(lambda d, kv: d.replace(*kv), SUBS, DOC)``.

    Red team 17 (report 11b, F5): the best-known multi-replace idiom.  The lambda's ``.replace`` (or
    ``re.sub``) fills its first parameter, which ``reduce`` binds to ``DOC`` and then to each result:
    what it looks for comes from ``SUBS`` at run time (not read), so ``DOC`` is filled at run time.
    One walk of the lambda's body.
    """
    func = call.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
    if name != "reduce" or len(call.args) != 3 or not isinstance(call.args[0], ast.Lambda):
        return None
    function = call.args[0]
    parameters = function.args.posonlyargs + function.args.args
    if len(parameters) != 2:
        return None
    first = parameters[0].arg
    for node in ast.walk(function.body):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        text = None
        if node.func.attr == "replace":
            text = node.func.value
        elif node.func.attr in ("sub", "subn") and isinstance(node.func.value, ast.Name) and node.func.value.id in ("re", "regex"):
            text = _argument(node, 2, "string")
        if isinstance(text, ast.Name) and text.id == first:
            fills = Fills()
            fills.unread = f"the script's functools.reduce on line {call.lineno} (a .{node.func.attr} of each pair it is given)"
            fills.names = None
            return call.args[2], fills
    return None


def _may_be_edited(old: str) -> bool:
    """May a searched literal be what a migration edits (see ``_VERSION_LIKE``)?  Linear regexes."""
    return bool(_VERSION_LIKE.search(old) or _CAMEL.search(old) or _PUNCTUATED.search(old))


def _note_containment(finder, found: "_FillsByString") -> None:
    """``"2.3.4-11" in DOC`` / ``not in``: code that tests the text for a literal depends on it (F8); and
    ``operator.methodcaller("replace", OLD, v)`` (F9), a fill the calls above do not show.

    Not traced to a string (a comparison has no scope here): the literal is an untraced hole, kept
    and reviewed in every string of the module that holds it, when it may be what an edit changes.
    One walk of the module.
    """
    tables: Dict[str, list] = {}  # name -> dict / set literals bound to it: ``key in overrides`` (RT18 11b F7)
    lookups: List[Tuple[str, int]] = []
    for node in tree_walk(finder.module):
        if isinstance(node, ast.Assign) and isinstance(node.value, (ast.Dict, ast.Set)):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    tables.setdefault(target.id, []).append(node.value)
        if isinstance(node, ast.Compare) and isinstance(node.ops[0], (ast.In, ast.NotIn)) and isinstance(node.comparators[0], ast.Name):
            lookups.append((node.comparators[0].id, node.lineno))
        if _method_caller(node):  # operator.methodcaller("replace", "2.3.4-11", v)(DOC) (F9): not traced
            left, how = node.args[1], "fills in"
        elif isinstance(node, ast.Compare) and _compared_reads(finder, node):
            continue  # a name compared or looked for (RT18 11b F2, F6, F7): a read, no hole (settle_reads)
        elif isinstance(node, ast.Compare) and len(node.ops) == 1 and isinstance(node.ops[0], (ast.In, ast.NotIn)):
            left, how = node.left, "looks for"
        else:
            continue
        value = left.value if isinstance(left, ast.Constant) else None
        if isinstance(value, bytes):
            value = _decoded(value)
        if not isinstance(value, str) or not _WORD.search(value) or not (how == "fills in" or _may_be_edited(value)):
            continue
        shown = json.dumps(value if len(value) <= 40 else value[:37] + "...")
        if found.untraced is None:
            found.untraced = Fills()
        if value not in found.untraced.literals:
            what = "methodcaller" if how == "fills in" else "`in` test"
            found.untraced.literals[value] = f"{shown}, which the script's {what} on line {node.lineno} {how} at run time"
            found.untraced.untraced.add(value)
    for name, line in lookups:  # ``if key in overrides`` of a dict literal keyed by names: the keys are read
        for table in tables.get(name, ()):
            keys = table.keys if isinstance(table, ast.Dict) else table.elts
            for key in keys:
                if isinstance(key, ast.Constant) and isinstance(key.value, str):
                    _note_reads(finder, words_read(key.value, False), False, f"the script's lookup in {name} on line {line}")


def _compared_reads(finder, node: ast.Compare) -> bool:
    """Record the names a comparison reads a text by; True when ``node`` is such a read.

    ``"airflowVersion" in q`` (also ``in line``, ``in dep``: not followed to a string), ``"airflowversion"
    in q.lower()``, ``key == "airflowVersion"`` of a line's key, ``key in {"airflowVersion": v}`` / ``in
    {"airflowVersion", ...}``: whichever text it is, code that tests it for the name depends on that name.
    """
    how = f"the script's comparison on line {node.lineno}"
    found = False
    operands = [node.left] + list(node.comparators)
    for index, op in enumerate(node.ops):
        left, right = operands[index], operands[index + 1]
        if isinstance(op, (ast.In, ast.NotIn)):
            if isinstance(left, ast.Constant) and isinstance(left.value, str):
                folded = _case_folded(right)
                found |= _note_reads(finder, words_read(left.value, folded), folded, how)
            if isinstance(right, (ast.Set, ast.List, ast.Tuple, ast.Dict)):
                items = right.keys if isinstance(right, ast.Dict) else right.elts
                for item in items:
                    if isinstance(item, ast.Constant) and isinstance(item.value, str):
                        found |= _note_reads(finder, words_read(item.value, False), False, how)
        elif isinstance(op, (ast.Eq, ast.NotEq)):
            for side in (left, right):
                if isinstance(side, ast.Constant) and isinstance(side.value, str):
                    found |= _note_reads(finder, words_read(side.value, False), False, how)
    return found


def _method_caller(node: ast.AST) -> bool:
    """``methodcaller("replace", OLD, ...)`` / ``methodcaller("split", OLD)``: a fill or search made elsewhere."""
    if not isinstance(node, ast.Call) or len(node.args) < 2:
        return False
    name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", None)
    method = node.args[0]
    return name == "methodcaller" and isinstance(method, ast.Constant) and method.value in SEARCH_METHODS | {"replace"}


def _decoded(value: bytes) -> Optional[str]:
    try:
        return value.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _imported_fill(finder, call: ast.Call, scope) -> Optional[Tuple[List[ast.AST], "Fills"]]:
    """(the argument and what it holds, its Fills) for a call of a helper imported from a module of the run
    that fills the parameter that argument goes to (``sources.imported_fills``), else None.  The first such
    parameter only.  A wrapped document (``fill({"query": DOC})``, ``fill(Op())``, ``fill(**params)``) is
    filled too (``handed_on``, red team 19, 11b F10/F11)."""
    from .imported_fills import fills_of

    from .imported_fills import returned_fills

    helpers = getattr(getattr(finder, "file", None), "imported_helpers", None) or {}
    key = finder.imported_helper_key(call, scope) if hasattr(finder, "imported_helper_key") else None
    if key is None and helpers:
        key, call = _constructed_or_partial(call, helpers)
    words = None
    if key is None and helpers:  # fill = make_filler("airflowVersion", v); fill(DOC) (red team 19, 11b F14)
        key, words = returned_fills(call, helpers, lambda name: finder._resolve(name, scope)[:4] if hasattr(finder, "_resolve") else [])
    if key is None:
        return None
    definer, words = (helpers.get(key) or [None, {}]) if words is None else (helpers[key][0], words)
    fills = Fills()
    base = None
    for argument, kind, what, line in fills_of(handed_on.expanded(finder, call, scope), words or {}, ("literal", "unread", "reads", "readsre")):
        if kind in ("reads", "readsre"):  # "airflowVersion" in q there: a read of the document, no hole
            how = f"{key}() (imported from {definer}) on its line {line}"
            if kind == "reads":
                _note_reads(finder, words_read(what, False), False, how)
            else:
                found_words, insensitive = pattern_reads(what[1:], [ast.Name(id="I")] if what[:1] == "i" else [])
                _note_reads(finder, found_words, insensitive, how)
            continue
        if base is not None and argument is not base:
            continue
        base = argument
        if kind == "literal":
            shown = json.dumps(what if len(what) <= 40 else what[:37] + "...")
            fills.literals[what] = f"{shown}, which {key}() (imported from {definer}) fills in with .replace on its line {line} at run time"
        else:
            fills.unread = fills.unread or f"{key}() (imported from {definer}: its {what} on line {line})"
            fills.names = None
    if base is None or not fills:
        return None
    memo = finder.memo if hasattr(finder, "memo") else {}
    if "placeholders.classes" not in memo:
        memo["placeholders.classes"] = handed_on.top_classes(getattr(finder, "module", None))
    return handed_on.held_within(finder, base, scope, memo["placeholders.classes"]), fills


def _constructed_or_partial(call: ast.Call, helpers: dict) -> Tuple[Optional[str], ast.Call]:
    """(the imported helper's key, the call as that helper sees it) for two forms the index knows by
    another name (red team 17, report 11b): ``Op(UPSERT)`` of a class whose ``__init__`` stores what a
    method fills (key ``Op.__init__``, F7), and ``partial(with_version, version=v)(UPSERT)`` (F18): the
    partial's bound arguments come first.  Else (None, call).  Constant work per call."""
    func = call.func
    if isinstance(func, (ast.Name, ast.Attribute)):
        dotted = _dotted(func)
        if dotted and f"{dotted}.__init__" in helpers:
            return f"{dotted}.__init__", call
        return None, call
    if not (isinstance(func, ast.Call) and _dotted(func.func) in ("partial", "functools.partial") and func.args):
        return None, call
    inner = _dotted(func.args[0])
    if inner not in helpers:
        return None, call
    merged = ast.Call(func=func.args[0], args=list(func.args[1:]) + list(call.args), keywords=list(func.keywords) + list(call.keywords))
    return inner, merged


def _dotted(node: ast.AST) -> Optional[str]:
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    return ".".join([node.id] + parts[::-1]) if isinstance(node, ast.Name) else None


def _parse_printed_back(finder, func: ast.AST) -> bool:
    """``parse(DOC)`` / ``graphql.parse(DOC)`` in a module that prints a syntax tree back (``print_ast``):
    the document is edited through its tree.  Whether the module names print_ast is read once (memo)."""
    if not ((isinstance(func, ast.Name) and func.id == "parse") or (isinstance(func, ast.Attribute) and func.attr == "parse"
            and isinstance(func.value, ast.Name) and func.value.id in ("graphql", "language"))):
        return False
    memo = finder.memo
    if "placeholders.print_ast" not in memo:
        memo["placeholders.print_ast"] = "print_ast" in finder.file.text
    return memo["placeholders.print_ast"]


def _holds(node: ast.AST, old: str) -> bool:
    """Is ``node`` a string literal (or an f-string with a literal part) holding ``old``?"""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return old in node.value
    if isinstance(node, ast.JoinedStr):
        return any(isinstance(v, ast.Constant) and isinstance(v.value, str) and old in v.value for v in node.values)
    return False


class Fills:
    """The holes a module makes in one string: literal texts it replaces, template patterns it fills."""

    def __init__(self) -> None:
        self.literals: Dict[str, str] = {}  # replaced text -> how the finding names it
        self.patterns: Set[str] = set()  # regular expression sources (string.Template, Jinja)
        self.unread: str = ""  # a fill the tool cannot read ("re.sub on line 5"): see _run_time_fill
        self.names: Optional[Set[str]] = set()  # names that fill may refer to; None: any name
        self.untraced: Set[str] = set()  # literals of fills not followed to this string: whole words only (F12)
        self.fragments: Set[str] = set()  # pieces of names a pattern's character class splits (RT18 11b F4)
        self.folded = False  # the fill's pattern ignores case: names and fragments are ASCII lower case

    def __bool__(self) -> bool:
        return bool(self.literals or self.patterns or self.unread)

    def update(self, other: "Fills") -> None:
        for old, description in other.literals.items():
            self.literals.setdefault(old, description)
        self.patterns |= other.patterns
        if other.unread:
            self.unread = self.unread or other.unread
            if self.names is not None:
                self.names = None if other.names is None else self.names | other.names
            self.fragments |= other.fragments
            self.folded = self.folded or other.folded


def _run_time_fill(finder, call: ast.Call, scope) -> Optional[Tuple[ast.AST, "Fills"]]:
    """(the text it changes, its Fills) for a call that changes a text in a way the tool cannot read.

    ``re.sub(P, R, DOC)``, ``re.subn``, ``re.compile(P).sub(R, DOC)`` (the names P
    can match are its words; an unreadable P may match any), ``str.replace(DOC,
    OLD, NEW)``, and ``.replace(OLD, ...)`` with an ``OLD`` that is no literal the
    tool can read (``OLD["version"]``: it may be any text of the document).
    """
    func = call.func
    if isinstance(func, ast.Name):  # r = str.replace; r(DOC, OLD, NEW) (red team 13, F12)
        bound = scope.lookup(func.id)
        if len(bound) == 1 and isinstance(bound[0], ast.Attribute) and isinstance(bound[0].value, ast.Name):
            if bound[0].value.id == "str" and bound[0].attr == "replace":
                func = bound[0]
    if call.args and _parse_printed_back(finder, func):
        # Red team 16 (report 11b), F12: doc = parse(CREATE); an argument found by its name
        # ("airflowVersion") gets a new value; print_ast(doc) is sent.  What the edit looks for is a name
        # written in the document: held, each migration a review (any name: the lookup is not read).
        fills = Fills()
        fills.unread = f"the script's parse on line {call.lineno} (edited through its syntax tree, printed back by print_ast)"
        fills.names = None
        return call.args[0], fills
    if not isinstance(func, ast.Attribute):
        return None
    owner = func.value.id if isinstance(func.value, ast.Name) else None
    fills = Fills()
    if func.attr in ("sub", "subn"):
        if owner in ("re", "regex"):  # regex: the PyPI drop-in for re (red team 17, report 11b, F5)
            base, pattern = _argument(call, 2, "string"), _argument(call, 0, "pattern")
            flags = list(call.args[4:]) + [k.value for k in call.keywords if k.arg == "flags"]
        else:
            compiled = _compiled(finder, func.value, scope)
            base, pattern = _argument(call, 1, "string"), compiled[0] if compiled else None
            flags = compiled[1] if compiled else []
        if base is None:
            return None
        text = _readable_text(finder, pattern, scope) if pattern is not None else None
        replacement = _argument(call, 1 if owner in ("re", "regex") else 0, "repl")
        new = _readable_text(finder, replacement, scope) if replacement is not None else None
        if text is not None and new is not None and _SPACING.fullmatch(text) and not _WORD.search(new):
            return None  # re.sub(r"\s+", " ", DOC): reformatting, the document stays readable
        fills.unread = f"the script's re.{func.attr} on line {call.lineno}"
        if text is None:
            fills.names = None
        else:  # RT18 11b F4: (?i) / flags=re.I and [Aa]irflow[Vv]ersion look for airflowVersion too
            fills.names, fills.fragments, fills.folded = pattern_words(text, _ignores_case(flags))
        return base, fills
    if func.attr != "replace":
        return None
    if owner == "str":  # str.replace(DOC, OLD, NEW)
        if len(call.args) < 2:
            return None
        base, target = call.args[0], call.args[1]
    elif call.args:
        base, target = func.value, call.args[0]
    else:
        return None
    old = _readable_text(finder, target, scope)
    if old is None:
        fills.unread = f"the script's .replace on line {call.lineno} (its target is no literal the tool can read)"
        fills.names = None
    elif owner == "str" and _WORD.search(old):
        shown = json.dumps(old if len(old) <= 40 else old[:37] + "...")
        fills.literals[old] = f"{shown}, which the script's str.replace on line {call.lineno} fills in at run time"
    else:
        return None  # a readable .replace: the literal fills of find(); str.replace of punctuation: formatting
    return base, fills


def _argument(call: ast.Call, index: int, keyword: str) -> Optional[ast.AST]:
    for given in call.keywords:
        if given.arg == keyword:
            return given.value
    if index < len(call.args) and not any(isinstance(a, ast.Starred) for a in call.args[: index + 1]):
        return call.args[index]
    return None


def _readable_text(finder, node: ast.AST, scope) -> Optional[str]:
    """The text of a literal (bytes read as UTF-8), or of a name bound to one; None when the tool cannot read it."""
    if not (isinstance(node, ast.Constant) and isinstance(node.value, (str, bytes))):
        values = finder._resolve(node, scope) if isinstance(node, (ast.Name, ast.Attribute)) else []
        if len(values) != 1:
            return None
        node = values[0]
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.Constant) and isinstance(node.value, bytes):
        return _decoded(node.value)  # body.replace(b"2.3.4-11", ...) after .encode() (F8)
    return None


def _replaced_text(finder, node: ast.AST, scope) -> Optional[str]:
    """The text ``.replace(OLD, ...)`` looks for, when it is a literal (or a name bound to one) that can be a hole."""
    text = _readable_text(finder, node, scope)
    return text if text is not None and _WORD.search(text) else None


def _filled_strings(finder, base: ast.AST, scope, calls_by_name: Dict[str, list], memo: dict) -> List[ast.AST]:
    """What a template call works on: through names, ``.replace(..).replace(..)`` chains and parameters.

    ``q = DOC.replace(a, x)`` then ``q.replace(b, y)``: both fill holes in ``DOC``.
    ``def fill(doc, v): return doc.replace(a, v)``: every ``DOC`` a call ``fill(DOC, ...)``
    of this module passes.

    Linear over all the module's template calls together: what an expression
    reaches is kept in ``memo`` (shared by every call of one ``find``), so ``q2 =
    q1.replace(..)``, ``q3 = q2.replace(..)``, ... is walked once, not once per
    link.  A cycle (``x = x.replace(..)``) is walked from its first expression,
    which alone is kept (Tarjan's rule: a frame that reached a frame still open
    below it has seen only part of what it reaches).
    """
    frames: List[list] = []  # [key, successors, next index, reached {id: node}, lowest open frame reached]
    open_at: Dict[tuple, int] = {}
    reached: Dict[int, ast.AST] = {}

    def enter(node: ast.AST, where) -> None:
        key = (id(node), id(where))
        successors, strings = _successors(finder, node, where, calls_by_name, memo)
        open_at[key] = len(frames)
        frames.append([key, successors, 0, {id(v): v for v in strings}, len(frames)])

    start = (id(base), id(scope))
    if start in memo:
        return list(memo[start].values())
    enter(base, scope)
    while frames:
        frame = frames[-1]
        if frame[2] < len(frame[1]):
            node, where = frame[1][frame[2]]
            frame[2] += 1
            key = (id(node), id(where))
            if key in memo:
                frame[3].update(memo[key])
            elif key in open_at:
                frame[4] = min(frame[4], open_at[key])
            else:
                enter(node, where)
            continue
        frames.pop()
        del open_at[frame[0]]
        if frame[4] >= len(frames):
            memo[frame[0]] = frame[3]  # complete: nothing it reached was still open
        if frames:
            frames[-1][3].update(frame[3])
            frames[-1][4] = min(frames[-1][4], frame[4])
        else:
            reached = frame[3]
    return list(reached.values())


def _successors(finder, node: ast.AST, where, calls_by_name: Dict[str, list], memo: dict):
    """(expressions ``node``'s text comes from, strings it is) one step on."""
    inner = templated_base(node)
    if inner is not None:
        return [(inner, where)], []
    values = finder._resolve(node, where)
    following: List[tuple] = []
    strings: List[ast.AST] = []
    if isinstance(node, ast.Name):
        # A parameter also rebound in its function (``text = text.replace(old, new)`` in a loop, red
        # team 15, report 11b, F9) still holds what the callers pass: follow their arguments too.
        following.extend(_arguments_for(node.id, where, calls_by_name, memo))
    for value in values:
        inner = templated_base(value) or _formatted(value)
        if inner is not None:
            following.append((inner, where))
        elif _text_keeping(value) is not None:
            following.append((_text_keeping(value), where))
        elif isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute) and value.func.attr == "encode":
            following.append((value.func.value, where))  # DOC.encode().replace(b"2.3.4-11", ...): DOC's text (F8)
        elif isinstance(value, ast.Subscript):
            following.extend((item, where) for item in _subscripted(finder, value, where))
        else:
            strings.append(value)
    return following, strings


def text_kept(node: ast.AST) -> Optional[ast.AST]:
    """The string a text-keeping call re-spaces (``textwrap.dedent(DOC)``, ``DOC.strip()``), else None:
    what is sent is that string's document (red team 9, F14: the finder follows it too)."""
    return _text_keeping(node)


def _text_keeping(node: ast.AST) -> Optional[ast.AST]:
    """``DOC`` of ``textwrap.dedent(DOC)``, ``DOC.strip()``, ``str(DOC)``: the same text, re-spaced."""
    if not isinstance(node, ast.Call):
        return None
    func = node.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
    if name not in _TEXT_KEEPING:
        return None
    if isinstance(func, ast.Attribute) and name in ("strip", "lstrip", "rstrip", "decode"):
        return func.value  # b"{ deployments { id } }".decode(): the bytes' text (red team 11, report 13, F6)
    if name == "decode":
        return None  # decode(x): some function of this module's, not bytes.decode
    return node.args[0] if node.args and not isinstance(node.args[0], ast.Starred) else None


def _subscripted(finder, node: ast.Subscript, where) -> List[ast.AST]:
    """What ``DOCS["upsert"]`` may be: the entries of the container literals ``DOCS`` is bound to.

    A constant key picks that key's values from a dict literal; any other key, or a
    list or tuple, stands for every entry.
    """
    key = node.slice.value if isinstance(node.slice, ast.Constant) else None
    found: List[ast.AST] = []
    for container in finder._resolve(node.value, where) if isinstance(node.value, (ast.Name, ast.Attribute)) else []:
        if isinstance(container, ast.Dict):
            for k, v in zip(container.keys, container.values):
                if key is None or k is None or not isinstance(k, ast.Constant) or k.value == key:
                    found.append(v)
        elif isinstance(container, (ast.List, ast.Tuple)):
            found.extend(e for e in container.elts if not isinstance(e, ast.Starred))
    return found


def _formatted(node: ast.AST) -> Optional[ast.AST]:
    """``T`` of ``T.format(...)`` or ``T % args``: the replace then works on T's text, fields filled."""
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format":
        return node.func.value
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):
        return node.left
    return None


def _arguments_for(name: str, scope, calls_by_name: Dict[str, list], memo: dict) -> List[tuple]:
    """(argument, its scope) that the module's calls of the function of ``scope`` give its parameter ``name``.

    Once per function and parameter (kept in ``memo``): many replaces on ``doc`` scan the calls once.
    """
    function = getattr(scope, "node", None)
    if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return []
    key = ("parameter", id(function), name)
    if key not in memo:
        memo[key] = _scan_arguments(function, name, calls_by_name)
    return memo[key]


def _scan_arguments(function: ast.AST, name: str, calls_by_name: Dict[str, list]) -> List[tuple]:
    arguments = function.args
    positional = [a.arg for a in arguments.posonlyargs + arguments.args]
    if name not in positional and name not in [a.arg for a in arguments.kwonlyargs]:
        return []
    found = []
    for call, call_scope in calls_by_name.get(function.name, ()):
        for keyword in call.keywords:
            if keyword.arg == name:
                found.append((keyword.value, call_scope))
        if name not in positional:
            continue
        index = positional.index(name)
        if isinstance(call.func, ast.Attribute) and positional[:1] in (["self"], ["cls"]):
            index -= 1  # obj.fill(DOC): self is not among the call's arguments
        if 0 <= index < len(call.args) and not any(isinstance(a, ast.Starred) for a in call.args[: index + 1]):
            found.append((call.args[index], call_scope))
    return found


def _imports(module: ast.Module, package: str) -> bool:
    """Is ``Template`` imported from ``package`` (``from jinja2 import Template``)?"""
    for node in module.body:
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == package:
            if any(alias.name == "Template" for alias in node.names):
                return True
    return False


def apply(text_map: TextMap, fills: Optional[Fills], memo: Optional[dict] = None) -> TextMap:
    """``text_map`` with every placeholder turned into a hole (existing holes kept).

    A stretch where replaced texts overlap (``"2.3"`` and ``"3.0"`` in ``2.3.0``)
    is one hole: any of its characters may change at run time.

    A replaced text that straddles GraphQL tokens (``CREATE.replace('"etl", type', ...)``, ``.replace(': "2.3.4-11"',
    ...)``) made, as a placeholder name, a document that did not parse, so it went unchecked and unmigrated (red
    team 23, report 11b, f10).  When the document with its holes cannot be read (parsed, or read without its
    argument holes), such texts are no holes: the document is read as written, and each is a text the module's
    code looks for (``memo``'s reads, :func:`settle_reads`): an edit that changes it is withdrawn, reviewed.
    """
    result = _apply(text_map, fills, frozenset())
    if memo is None or result is text_map or not fills.literals or _readable(result):
        return result
    found = _literal_spans(text_map.text, fills.literals)
    straddling = _straddling(text_map.text, found)
    if not straddling:
        return result
    reads = memo.setdefault("placeholders.reads", ({}, {}))[0]
    for start, end, how in straddling:
        reads.setdefault(text_map.text[start:end], how.replace(" fills in at run time", " looks for"))
    return _apply(text_map, fills, frozenset((start, end) for start, end, _how in straddling))


def _readable(text_map: TextMap) -> bool:
    """Does the document with its holes parse, or parse once its argument holes are removed (hole_readings)?"""
    from graphql import GraphQLSyntaxError, parse

    from .hole_readings import without_argument_holes

    try:
        parse(text_map.text)
        return True
    except (GraphQLSyntaxError, RecursionError):
        pass
    reading = without_argument_holes(text_map.text, text_map.holes) if text_map.holes else None
    if reading is None:
        return False
    try:
        parse(reading[0])
        return True
    except (GraphQLSyntaxError, RecursionError):
        return False


def _apply(text_map: TextMap, fills: Optional[Fills], skip) -> TextMap:
    """``apply`` without the replaced texts at the spans of ``skip``."""
    if not fills:
        return text_map
    text = text_map.text
    found = [span for span in _literal_spans(text, fills.literals) if span[:2] not in skip]
    if fills.untraced:  # a fill not traced to this string: "airflow" is no hole inside "airflowVersion"
        glued = {fills.literals[old] for old in fills.untraced if old in fills.literals}
        found = [span for span in found if span[2] not in glued or not _inside_a_word(text, span[0], span[1])]
    if fills.unread:
        # Any value may be changed: each is a hole (kept, and reviewed where it is a version).
        how = f", which {fills.unread} may change at run time"
        found.extend((m.start(), m.end(), _short(m.group()) + how) for m in _STRING_VALUE.finditer(text))
    refers = fills.unread and (fills.names is None or _names_looked_for(text, fills))
    if fills.patterns:
        # Alternatives of single-class repetitions: linear.
        pattern = re.compile("|".join(sorted(fills.patterns, key=len, reverse=True)))
        escapes = _STRING_TEMPLATE in fills.patterns
        # an escape's expression is None: it stays text (one "$" over the two bytes), not a hole
        found.extend(
            (m.start(), m.end(), None if escapes and m.group() == _TEMPLATE_ESCAPE else m.group())
            for m in pattern.finditer(text) if m.end() > m.start()
        )
    merged: List[List] = []
    for start, end, expression in sorted(found, key=lambda span: span[:2]):
        if merged and start < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
            if merged[-1][2] is None:  # an escape overlapped by a replaced text: part of that hole
                merged[-1][2] = expression or text[merged[-1][0] : merged[-1][1]]
        else:
            merged.append([start, end, expression])
    spans = [
        (start, end, expression, text_map.starts[start], text_map.ends[end - 1])
        for start, end, expression in merged
        if text_map.hole_at(start, end) is None
    ]
    if not spans:
        if refers:
            text_map.run_time_fill = fills.unread
        return text_map
    spans.extend((h.doc_start, h.doc_end, h.expression, h.file_start, h.file_end) for h in text_map.holes)
    spans.sort(key=lambda span: span[:2])  # an escape's expression is None: never compared
    result = TextMap(inlined=list(text_map.inlined), pieces=list(text_map.pieces), format_style=text_map.format_style)
    position = 0
    for start, end, expression, file_start, file_end in spans:
        for i in range(position, start):
            result.add(text_map.chars[i], text_map.starts[i], text_map.ends[i])
        if expression is None:
            result.add("$", file_start, file_end)  # string.Template's $$
        else:
            result.add_hole(placeholder(len(result.holes)), expression, file_start, file_end)
        position = end
    for i in range(position, len(text_map.chars)):
        result.add(text_map.chars[i], text_map.starts[i], text_map.ends[i])
    result.file_end = text_map.file_end
    if refers:
        result.run_time_fill = fills.unread
    return result


def _straddling(text: str, spans: List[Tuple[int, int, str]]) -> List[Tuple[int, int, str]]:
    """The spans that do not lie within one GraphQL token of ``text`` (a piece of a name, of a string, a whole
    string).  One lexer pass: linear.  None when the text does not lex as it is."""
    from bisect import bisect_right

    from graphql import GraphQLSyntaxError, Source
    from graphql.language.lexer import Lexer
    from graphql.language.token_kind import TokenKind

    starts: List[int] = []
    ends: List[int] = []
    try:
        lexer = Lexer(Source(text))
        token = lexer.advance()
        while token.kind != TokenKind.EOF:
            starts.append(token.start)
            ends.append(token.end)
            token = lexer.advance()
    except GraphQLSyntaxError:
        return []  # not lexable as it is: read as before
    found = []
    for start, end, how in spans:
        i = bisect_right(starts, start) - 1
        if not (i >= 0 and end <= ends[i]):
            found.append((start, end, how))
    return found


def _names_looked_for(text: str, fills: "Fills") -> bool:
    """Does a fill's pattern name a name of ``text`` (or a piece of one its character classes split)?
    Folded to ASCII lower case when a pattern ignores case.  Linear: a set lookup per name, one
    Aho-Corasick pass for the fragments."""
    names, fragments = fills.names or set(), fills.fragments
    if fills.folded:
        text = text.translate(_FOLD)
        names = {n.translate(_FOLD) for n in names}
        fragments = {f.translate(_FOLD) for f in fragments}
    if any(m.group() in names for m in _NAME.finditer(text)):
        return True
    return bool(fragments) and bool(_literal_spans(text, {f: f for f in fragments}))


def _inside_a_word(text: str, start: int, end: int) -> bool:
    """Is ``text[start:end]`` glued to a name character it does not end (or start) a word with?"""
    before = start > 0 and (text[start - 1].isalnum() or text[start - 1] == "_") and (text[start].isalnum() or text[start] == "_")
    after = end < len(text) and (text[end].isalnum() or text[end] == "_") and (text[end - 1].isalnum() or text[end - 1] == "_")
    return before or after


def _short(text: str) -> str:
    return text if len(text) <= 40 else text[:37] + "..."


def settle_rules(ctx) -> None:
    """Nothing is edited in a document a fill the tool cannot read may change: each migration is a review.

    ``re.sub(r'airflowVersion: "[^"]*"', ..., DOC)`` looks for the name an edit
    would change: after a rename it matches nothing and the version is never
    filled in (red team 6, F3).  The person decides.
    """
    ctx.withdraw_edits(RUN_TIME_FILL, f"not rewritten: {ctx.source.text_map.run_time_fill} changes this document at run time and may look for what the edit changes")


RUN_TIME_FILL = "review-template-fill"


def _literal_spans(text: str, literals: Dict[str, str]) -> List[Tuple[int, int, str]]:
    """(start, end, description) of the longest replaced text ending at each position that ends one.

    Aho-Corasick over all the texts at once: linear in the document plus the
    texts, however many ``.replace`` calls there are (one ``str.find`` per text
    would be documents x calls).  Shorter texts ending at the same position lie
    inside the longest, so the union of the spans is the same.
    """
    if not literals:
        return []
    return _scan(_automaton(literals), text, literals)


def _automaton(literals: Dict[str, str]) -> tuple:
    """Aho-Corasick's goto, fail and longest-owner tables for ``literals``: built once, scanned many times."""
    goto: List[Dict[str, int]] = [{}]
    longest: List[int] = [0]  # length of the longest text that ends at this state (through fail links)
    owner: List[str] = [""]
    for old in literals:
        state = 0
        for char in old:
            following = goto[state].get(char)
            if following is None:
                following = len(goto)
                goto[state][char] = following
                goto.append({})
                longest.append(0)
                owner.append("")
            state = following
        if len(old) > longest[state]:
            longest[state], owner[state] = len(old), old
    fail = [0] * len(goto)
    queue = deque(goto[0].values())
    while queue:
        state = queue.popleft()
        if longest[fail[state]] > longest[state]:
            longest[state], owner[state] = longest[fail[state]], owner[fail[state]]
        for char, following in goto[state].items():
            queue.append(following)
            back = fail[state]
            while back and char not in goto[back]:
                back = fail[back]
            fail[following] = goto[back].get(char, 0)  # back is shallower: never ``following`` itself
    return goto, fail, longest, owner


def _scan(automaton: tuple, text: str, literals: Dict[str, str]) -> List[Tuple[int, int, str]]:
    """(start, end, description) of the longest of ``literals`` ending at each position of ``text``: linear."""
    goto, fail, longest, owner = automaton
    spans: List[Tuple[int, int, str]] = []
    state = 0
    for index, char in enumerate(text):
        while state and char not in goto[state]:
            state = fail[state]
        state = goto[state].get(char, 0)
        if longest[state]:
            spans.append((index + 1 - longest[state], index + 1, literals[owner[state]]))
    return spans
