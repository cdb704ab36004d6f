"""Code elsewhere reading the names a file binds: its documents bound there are held, not rewritten.

Three hand-overs a file makes outside Python's imports, each to code of the repository the tool reads
as a separate file: a script run in its namespace (F9), a child process given its values in its
environment (F7), and a file it writes that other code reads (F13).  One module, one entry point
(:func:`settle`, and :func:`context` for the result cache), one way to hold: the migrations inside
the binding of each name read become ``review-template-fill`` naming the reader.

Red team 19, F9.  ``%run -i fill.py`` (IPython), ``exec(open("fill.py").read())`` (the caller's
globals by default) and ``runpy.run_path("send.py", init_globals={"DOC": CREATE})`` run another
script of the repository with this file's names in scope.  That script then reads a name it never
binds itself (``q = CREATE.replace("2.3.4-11", VERSION)``, ``DOC.replace(...)``): the document this
file binds to that name is filled, sent with variables, or searched there, by code the tool reads
only as a separate module.  Migrating the document alone makes the other script's fill match
nothing (the version input silently ignored) or send a variable the document no longer declares.
So a document bound (at any level of this file) to a name the run script reads unbound is held:
each migration inside that binding becomes ``review-template-fill`` naming the script.  (The other
way round, this file reading the names the run script binds, is the import-like case
:mod:`.cross_module` already follows: ``%run lib.py``, ``exec(open("lib.py").read())``,
``ns = runpy.run_path("lib.py")`` hold ``lib.py``'s documents.)

Red team 19, F7: the same hand-over through a child process's environment.
``subprocess.run([sys.executable, "send.py"], env={**os.environ, "QUERY": CREATE})`` (or
``os.environ["QUERY"] = CREATE`` before the child starts) gives the child script the document as
``os.environ["QUERY"]``; a child of the repository (a Python or shell script named by a literal word
ending in ``.py`` / ``.sh`` among the call's strings) reading that variable (``os.environ["QUERY"]``,
``os.getenv("QUERY")``, ``$QUERY``) holds the binding of ``CREATE`` here, as a script run in the
namespace reading ``CREATE`` does.

Red team 19, F13: the same hand-over through a file this one generates.
``Path("gen/q.graphql").write_text(CREATE)`` (``open(P, "w").write(CREATE)``, ``with open(P, "w")
as f: f.write(CREATE)``) makes ``CREATE``'s text the bytes of ``gen/q.graphql``, which a CI step or
script then reads or edits (``sed -i "s/2.3.4-11/$V/" gen/q.graphql``): the readers of that path are
found as :mod:`.outside_writers` finds a file's readers (:func:`.outside_writers.file_readers`), the
path resolved from this file's folder and from the work tree's root (the file need not exist: it
is generated), and a reader holds the binding of ``CREATE`` here.

Which names the run script can see: every name of this file for ``%run -i``, ``exec`` without a
globals argument (or with ``globals()``) and ``init_globals=globals()``; the keys of a dict
literal handed as ``exec``'s globals or ``run_path``'s ``init_globals`` otherwise, each mapped to
the name of this file its value is.  The script is named by a literal path, resolved from this
file's folder, then the folders above it up to the work tree's root (:mod:`.look_around`).  Each
script is read and parsed once per run (cached); this file's text is searched for ``%run`` /
``exec`` / ``run_path`` before it is parsed; every regex is linear.
"""

from __future__ import annotations

import ast
import builtins
import os
import re
from functools import lru_cache
from typing import Dict, FrozenSet, List, Optional, Tuple

from .look_around import folders_up, tree_root
from .parsed_modules import parsed
from .tree_nodes import walk

TEMPLATE_FILL = "review-template-fill"
_MAX_BYTES = 4 * 1024 * 1024
_MAX_LEVELS = 8
_MAX_NAMED = 3
_ALL = "*"  # every name of this file is visible to the script
# a cue that the file runs another script in its namespace, gives a child an environment, or writes a file (the
# file is parsed only then; reading os.environ, as nearly every Houston script does for its token, is no cue).
# Fixed words, one bounded run inside ``environ[...]``: linear
_CUE = re.compile(
    r"%run\b|\bexec\(|\brun_path\(|run_line_magic\(|\benv\s*=|\benviron\s*\[[^\]\n]{0,200}\]\s*=(?!=)"
    r"|\benviron\.(?:update|setdefault)\(|\bwrite(?:_text)?\("
)
# ``%run [options] path.py`` on a line of a notebook cell: the line's words after ``%run`` are split in
# Python (options start with ``-``; the script is the first other word); one bounded class: linear.
_RUN_LINE = re.compile(r"^[ \t]*%run[ \t]([^\n]*)$", re.MULTILINE)
_BUILTINS = frozenset(dir(builtins)) | {"__file__", "__name__", "__builtins__", "get_ipython", "display", "In", "Out"}


def settle(result, kind: str, path: str, text: str) -> None:
    """Hold the migrations inside this file's bindings of the names a script it runs in its namespace reads."""
    if kind not in ("python", "notebook") or not any(f.migrates for f in result.findings):
        return
    if _CUE.search(text) is None:
        return
    held = _held_spans(path, kind, text)
    if not held:
        return
    findings = []
    for finding in result.findings:
        reader = next((why for start, end, why in held if start <= finding.line <= end), None) if finding.migrates else None
        if reader is None:
            findings.append(finding)
            continue
        findings.append(finding.withdrawn(TEMPLATE_FILL, f"not rewritten: {reader}: once migrated here alone, what "
                                          "that script fills, searches or sends with it no longer matches; change the "
                                          "script and this document together"))
        result.new_text = None
    result.findings = findings


def _held_spans(path: str, kind: str, text: str) -> List[Tuple[int, int, str]]:
    """``[(first line, last line, why), ...]`` of this file's bindings a script it runs reads."""
    folder = os.path.dirname(os.path.normpath(os.path.abspath(path)))
    if kind == "notebook":
        from .cross_module import _notebook_code, _notebook_placed

        code, cells = _notebook_code(text)
        runs = [(script, line, _ALL) for script, line in _notebook_runs(code, cells)]
        python = _notebook_placed(code, cells)
    else:
        runs, python = [], text
    module = parsed(python)
    if module is None:
        return []
    runs.extend(_python_runs(module))
    writes = _file_writes(module) if _WRITE.search(python) else []
    if not runs and not writes:
        return []
    bindings = _bindings(module)
    held: List[Tuple[int, int, str]] = []
    root = tree_root(folder)
    if writes:
        from .outside_writers import file_readers

        this = os.path.normpath(os.path.abspath(path))
        for literal, line, here in writes:
            readers: List[Tuple[str, int]] = []
            for start in dict.fromkeys((folder, root)):
                written = os.path.normpath(os.path.join(start, os.path.expanduser(literal)))
                readers.extend(r for r in file_readers(written, this) if r not in readers)
            if readers:
                named = "; ".join(f"{script}:{number}" for script, number in readers[:_MAX_NAMED])
                for start, end in bindings.get(here, ()):
                    held.append((start, end, f"this file writes it to {literal} on line {line}, which other code reads or "
                                 f"edits ({named})"))
    for literal, line, visible in runs:
        script = _resolve(literal, folder, root)
        if script is None:
            continue
        child = isinstance(visible, tuple)  # a child process given an environment: the variables it reads
        free = _env_names(script) if child else _free_names(script)
        named = os.path.relpath(script)
        pairs = [(n, n) for n in sorted(free)] if visible == _ALL else [(k, v) for k, v in visible if k in free]
        for seen_as, here in pairs:
            for start, end in bindings.get(here, ()):
                how = "from its environment, started by this file" if child else "run in this file's namespace"
                why = f"{named} reads it as {seen_as}, {how} on line {line}"
                held.append((start, end, why))
                if len(held) >= 64:
                    return held
    return held


# a cue that the file writes a file (parsed for the writes only then)
_WRITE = re.compile(r"\bwrite(?:_text)?\(")


def _file_writes(module: ast.AST) -> List[Tuple[str, int, str]]:
    """``[(path literal, line, name written), ...]``: ``Path(P).write_text(NAME)``, ``open(P, "w").write(NAME)``
    and ``with open(P, "w") as f: f.write(NAME)`` (modes ``w``/``a``/``x``)."""
    found: List[Tuple[str, int, str]] = []
    handles: Dict[str, str] = {}  # with open(P, "w") as f: f -> P
    try:
        for node in walk(module):
            if isinstance(node, (ast.With, ast.AsyncWith)):
                for item in node.items:
                    literal = _opened_for_writing(item.context_expr)
                    if literal is not None and isinstance(item.optional_vars, ast.Name):
                        handles[item.optional_vars.id] = literal
                continue
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.args):
                continue
            value = node.args[0]
            if not isinstance(value, ast.Name):
                continue
            owner = node.func.value
            literal = None
            if node.func.attr == "write_text":
                literal = _literal(owner)
            elif node.func.attr == "write":
                literal = _opened_for_writing(owner)
                if literal is None and isinstance(owner, ast.Name):
                    literal = handles.get(owner.id)
            if literal is not None:
                found.append((literal, node.lineno, value.id))
    except RecursionError:
        return found
    return found


def _opened_for_writing(node) -> Optional[str]:
    """The literal path of ``open(P, "w")`` (or ``Path(P).open("w")``), else None."""
    if not isinstance(node, ast.Call):
        return None
    func = node.func
    if getattr(func, "id", "") == "open" and node.args:
        mode = node.args[1] if len(node.args) > 1 else next((k.value for k in node.keywords if k.arg == "mode"), None)
        if isinstance(mode, ast.Constant) and isinstance(mode.value, str) and set(mode.value) & set("wax"):
            return _literal(node.args[0])
    if isinstance(func, ast.Attribute) and func.attr == "open" and node.args:
        mode = node.args[0]
        if isinstance(mode, ast.Constant) and isinstance(mode.value, str) and set(mode.value) & set("wax"):
            return _literal(func.value)
    return None


def _notebook_runs(code: str, cells) -> List[Tuple[str, int]]:
    """``[(script, line in the .ipynb), ...]`` of the ``%run -i script.py`` lines of a notebook's code cells."""
    found = []
    for match in _RUN_LINE.finditer(code):
        words = match.group(1).split()
        options = [word for word in words if word.startswith("-")]
        scripts = [word.strip("\"'") for word in words if not word.startswith("-")]
        if not scripts or not scripts[0].endswith(".py") or len(scripts) > 1:
            continue
        if not any(o.startswith("-") and not o.startswith("--") and "i" in o[1:] for o in options):
            continue
        from bisect import bisect_right

        index = bisect_right(cells.starts, match.start()) - 1
        line = (cells.lines[index] + code.count("\n", cells.starts[index], match.start())) if index >= 0 else 1
        found.append((scripts[0], line))
    return found


def _python_runs(module: ast.AST) -> List[Tuple[str, int, object]]:
    """``[(script path literal, line, visible names), ...]`` of ``exec(open(P).read()[, G])`` and
    ``runpy.run_path(P, init_globals=G)`` calls (visible: :data:`_ALL` or ``[(name there, name here)]``)."""
    found = []
    children: List[Tuple[List[str], int, list]] = []  # (scripts, line, [(variable, name here)]) of child processes
    environ: List[Tuple[str, str]] = []  # os.environ["QUERY"] = CREATE anywhere in the file: every child inherits it
    try:
        for node in walk(module):
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Name):
                for target in node.targets:  # os.environ["QUERY"] = CREATE
                    if isinstance(target, ast.Subscript) and _is_environ(target.value) and _literal(target.slice) is not None:
                        environ.append((_literal(target.slice), node.value.id))
                continue
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            callee = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if isinstance(func, ast.Attribute) and _is_environ(func.value) and callee in ("update", "setdefault", "__setitem__"):
                if callee == "update":  # os.environ.update(QUERY=CREATE) / ({"QUERY": CREATE})
                    environ.extend(_visible(node.args[0], default_all=False) if node.args else [])
                    environ.extend((k.arg, k.value.id) for k in node.keywords if k.arg and isinstance(k.value, ast.Name))
                elif len(node.args) > 1 and _literal(node.args[0]) is not None and isinstance(node.args[1], ast.Name):
                    environ.append((_literal(node.args[0]), node.args[1].id))
            elif callee in _CHILD_CALLS:
                scripts = [w for part in (_words(a) for a in node.args) for w in part if w.endswith(_CHILD_SUFFIXES)]
                if scripts:
                    env = next((k.value for k in node.keywords if k.arg == "env"), None)
                    children.append((scripts, node.lineno, _visible(env, default_all=False) if env is not None else []))
            elif callee == "exec" and node.args:
                literal = _read_path(node.args[0])
                globals_node = node.args[1] if len(node.args) > 1 else next((k.value for k in node.keywords if k.arg == "globals"), None)
                if literal is not None:
                    found.append((literal, node.lineno, _visible(globals_node, default_all=True)))
            elif callee == "run_path" and node.args and _literal(node.args[0]) is not None:
                globals_node = node.args[1] if len(node.args) > 1 else next((k.value for k in node.keywords if k.arg == "init_globals"), None)
                visible = _visible(globals_node, default_all=False)
                if visible:
                    found.append((_literal(node.args[0]), node.lineno, visible))
            elif callee == "run_line_magic" and len(node.args) > 1 and _literal(node.args[0]) == "run":
                argument = _literal(node.args[1]) or ""
                words = argument.split()
                if words and words[-1].endswith(".py") and any(w.startswith("-") and "i" in w[1:] for w in words[:-1]):
                    found.append((words[-1], node.lineno, _ALL))
    except RecursionError:
        return found
    for scripts, line, pairs in children:
        for script in scripts:
            found.append((script, line, tuple(pairs + environ)))
    return found


# calls starting a child process (subprocess's, os's), and the scripts of the repository they may start
_CHILD_CALLS = frozenset({
    "run", "call", "check_call", "check_output", "Popen", "system", "popen", "execv", "execve", "execvp",
    "execvpe", "spawnv", "spawnve", "spawnl", "spawnle", "create_subprocess_exec", "create_subprocess_shell",
})
_CHILD_SUFFIXES = (".py", ".sh")


def _is_environ(node) -> bool:
    """``os.environ`` or ``environ``."""
    return (isinstance(node, ast.Attribute) and node.attr == "environ") or (isinstance(node, ast.Name) and node.id == "environ")


def _words(node) -> List[str]:
    """The words of a string argument, or of each string of a list or tuple argument."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value.split()[:64]
    if isinstance(node, (ast.List, ast.Tuple)):
        return [w for e in node.elts[:64] if isinstance(e, ast.Constant) and isinstance(e.value, str) for w in e.value.split()[:64]]
    return []


# a shell script's variable reads: $NAME, ${NAME...} (one class run after a fixed prefix: linear)
_SHELL_VARIABLE = re.compile(r"\$\{?([A-Za-z_][A-Za-z0-9_]*)")


@lru_cache(maxsize=1024)
def _env_names(script: str) -> FrozenSet[str]:
    """The environment variables ``script`` reads: ``os.environ["X"]``, ``os.environ.get("X")``,
    ``os.getenv("X")`` in Python, ``$X`` / ``${X}`` in a shell script.  One read of the script per run."""
    text = _read(script)
    if text is None:
        return frozenset()
    if script.endswith(".sh"):
        return frozenset(_SHELL_VARIABLE.findall(text))
    module = parsed(text) if "environ" in text or "getenv" in text else None
    if module is None:
        return frozenset()
    names = set()
    try:
        for node in walk(module):
            if isinstance(node, ast.Subscript) and _is_environ(node.value) and _literal(node.slice) is not None:
                names.add(_literal(node.slice))
            elif isinstance(node, ast.Call) and node.args and _literal(node.args[0]) is not None:
                func = node.func
                if isinstance(func, ast.Attribute) and func.attr in ("get", "pop") and _is_environ(func.value):
                    names.add(_literal(node.args[0]))
                elif (func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")) == "getenv":
                    names.add(_literal(node.args[0]))
    except RecursionError:
        return frozenset(names)
    return frozenset(names)


def _read(path: str) -> Optional[str]:
    try:
        if os.path.getsize(path) > _MAX_BYTES:
            return None
        with open(path, "rb") as handle:
            return handle.read(_MAX_BYTES).decode("utf-8", errors="replace")
    except (OSError, ValueError):
        return None


def _visible(node, default_all: bool):
    """What a globals argument lets the script see: :data:`_ALL`, ``[(key, name here), ...]``, or []."""
    if node is None:
        return _ALL if default_all else []
    if isinstance(node, ast.Call) and getattr(node.func, "id", "") in ("globals", "vars") and not node.args:
        return _ALL
    if isinstance(node, ast.Dict):  # {"DOC": CREATE}, {**os.environ, "QUERY": CREATE}
        pairs = []
        for key, value in zip(node.keys, node.values):
            if isinstance(key, ast.Constant) and isinstance(key.value, str) and isinstance(value, ast.Name):
                pairs.append((key.value, value.id))
            elif key is None and isinstance(value, ast.Call) and getattr(value.func, "id", "") in ("globals", "vars"):
                return _ALL  # {**globals(), ...}
        return pairs
    if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "dict":  # dict(os.environ, QUERY=CREATE)
        return [(k.arg, k.value.id) for k in node.keywords if k.arg and isinstance(k.value, ast.Name)]
    return []


def _literal(node) -> Optional[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.Call) and getattr(node.func, "id", "") in ("Path", "PurePath") and len(node.args) == 1:
        return _literal(node.args[0])
    return None


def _read_path(node) -> Optional[str]:
    """The literal path of ``open(P).read()``, ``Path(P).read_text()``, ``compile(<either>, ...)``."""
    if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "compile" and node.args:
        return _read_path(node.args[0])
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
        return None
    if node.func.attr == "read_text":
        return _literal(node.func.value)
    if node.func.attr == "read":
        opened = node.func.value
        if isinstance(opened, ast.Call) and getattr(opened.func, "id", "") in ("open", "io.open") and opened.args:
            return _literal(opened.args[0])
    return None


def _bindings(module: ast.AST) -> Dict[str, List[Tuple[int, int]]]:
    """name -> ``[(first line, last line), ...]`` of the statements binding it (``X = ...``, ``X: T = ...``)."""
    found: Dict[str, List[Tuple[int, int]]] = {}
    for node in walk(module):
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            targets = [node.target]
        else:
            continue
        for target in targets:
            for name in ([target] if isinstance(target, ast.Name) else getattr(target, "elts", [])):
                if isinstance(name, ast.Name):
                    found.setdefault(name.id, []).append((node.lineno, getattr(node, "end_lineno", node.lineno)))
    return found


def _resolve(literal: str, folder: str, root: str) -> Optional[str]:
    literal = os.path.expanduser(literal)
    if os.path.isabs(literal):
        return os.path.normpath(literal) if os.path.isfile(literal) else None
    for above in folders_up(folder, root, _MAX_LEVELS):
        candidate = os.path.normpath(os.path.join(above, literal))
        if os.path.isfile(candidate):
            return candidate
    return None


@lru_cache(maxsize=1024)
def _free_names(script: str) -> FrozenSet[str]:
    """The names ``script`` reads and never binds (nor imports, defines, takes as a parameter): those its
    runner's namespace supplies.  One parse of the script per run."""
    try:
        if os.path.getsize(script) > _MAX_BYTES:
            return frozenset()
        with open(script, "rb") as handle:
            text = handle.read(_MAX_BYTES).decode("utf-8", errors="replace")
    except (OSError, ValueError):
        return frozenset()
    module = parsed(text)
    if module is None:
        return frozenset()
    read, bound = set(), set()
    try:
        for node in walk(module):
            if isinstance(node, ast.Name):
                (read if isinstance(node.ctx, ast.Load) else bound).add(node.id)
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                bound.add(node.name)
            elif isinstance(node, ast.arg):
                bound.add(node.arg)
            elif isinstance(node, (ast.Import, ast.ImportFrom)):
                bound.update((a.asname or a.name).split(".")[0] for a in node.names)
            elif isinstance(node, ast.ExceptHandler) and node.name:
                bound.add(node.name)
    except RecursionError:
        return frozenset()
    return frozenset(read - bound - _BUILTINS)


def context(path: str) -> Optional[str]:
    """What of other files this file's result depends on, for the result cache's key: the scripts it runs in
    its namespace and the names each reads unbound (changed later, a cached result must not be reused)."""
    from ..files import file_kind

    kind = file_kind(path)
    if kind not in ("python", "notebook"):
        return None
    try:
        if os.path.getsize(path) > _MAX_BYTES:
            return None
        with open(path, "rb") as handle:
            text = handle.read(_MAX_BYTES).decode("utf-8", errors="replace")
    except (OSError, ValueError):
        return None
    if _CUE.search(text) is None:
        return None
    spans = _held_spans(path, kind, text)
    return None if not spans else " ".join(f"{start}-{end}:{why}" for start, end, why in spans)
