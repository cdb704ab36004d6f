"""Which strings of a Python module are shell commands (or templates) that something runs on a file.

:mod:`.outside_writers` holds a file whose AC text a shell step reads or edits (``sed -i
's/2.3.4-11/$V/' queries/create.graphql``).  In Python the step is a string, and which strings are
run is decided here, once, for every reader of a file's bytes written in Python (scripts, DAGs,
notebooks' code):

- a call's string arguments, each alone and all joined with spaces (``subprocess.run("sed ...")``,
  ``os.system(f"sed ...")``, ``BashOperator(task_id="pin", bash_command="sed ...")``: red team 19,
  F4, the keyword's command came after ``pin`` once joined and was not seen);
- a list or tuple of strings, joined (``["sed", "-i", ...]``);
- a string a function decorated ``@task.bash`` / ``@bash_task`` returns (red team 19, F15: Airflow
  runs it), one a name is bound to when that name is passed to a call (``CMD = "sed ..."`` then
  ``bash_command=CMD``), and a dict's value under a command key (``{"bash_command": "sed ..."}``, an
  operator's arguments spelled as a dict); a string merely bound (a fixture file's text, a CI file
  written by a test) or returned by another function is no command;
- Jinja an Airflow template field renders: ``{% include "queries/create.graphql" %}`` reads the file
  (the string is a command of that file), and ``{{ params.q | replace("2.3.4-11", params.v) }}``
  passed to a call (an operator's field) edits a value's AC text: in a module passing such a
  template, every document or image file a call names first (``open("queries/create.graphql")``,
  ``Path(...)`` feeding ``params.q``) is a read whose text is edited.

A string alone (a docstring, an expression statement) is no command.  A string counts when a text
reader or editor stands where a command starts and it holds AC text (both patterns are the
caller's).  Each node is read once; every pattern is linear.
"""

from __future__ import annotations

import ast
import re
from typing import List, Pattern, Tuple

from .tree_nodes import walk

_JINJA_INCLUDE = re.compile(r"\{%-?[ \t]*include\b")
_JINJA_REPLACE = re.compile(r"\|[ \t]*replace\(")
_READ_FILES = (".graphql", ".gql")


def commands(module: ast.AST, reader: Pattern, ac_text: Pattern) -> List[Tuple[int, str]]:
    """``[(line, command text), ...]`` of the strings of ``module`` run as commands on files (see the module)."""
    found: List[Tuple[int, str]] = []
    replaced = False  # a Jinja replace filter of AC text somewhere in the module
    named: List[Tuple[int, str]] = []  # strings naming a document or image file (for that filter)
    passed: set = set()  # names passed to a call (positionally or by keyword)
    bound: List[Tuple[str, int, str]] = []  # (name, line, command text) of names bound to a command string

    def runs(text: str) -> bool:
        return bool(text) and (reader.search(text) is not None or _JINJA_INCLUDE.search(text) is not None) and (
            ac_text.search(text) is not None
        )

    # red team 20, F4: a name bound to a string (``QUERY_FILE = "queries/create.graphql"``) stands for it
    # in a command (``subprocess.run(["sed", "-i", f"s/{OLD}/{v}/", QUERY_FILE])``); every value a name is given
    constants = _constants(module)

    def _string_of(node) -> str:
        return _text_of(node, constants)

    try:
        for node in walk(module):
            if isinstance(node, ast.Call):
                parts = [_string_of(a) for a in node.args] + [_string_of(k.value) for k in node.keywords]
                alone = [part for part in parts if runs(part)]
                joined = " ".join(part for part in parts if part)
                found.extend((node.lineno, part) for part in alone)
                if not alone and runs(joined):
                    found.append((node.lineno, joined))
                # a template an operator renders: data='{{ params.q | replace("2.3.4-11", params.v) }}'
                for value in [*node.args, *(k.value for k in node.keywords)]:
                    if isinstance(value, ast.Constant) and isinstance(value.value, str) and not replaced:
                        replaced = _JINJA_REPLACE.search(value.value) is not None and ac_text.search(value.value) is not None
                # a file a call opens or names first: open("include/queries/create.graphql"), Path(...)
                first = node.args[0] if node.args else None
                if isinstance(first, ast.Constant) and isinstance(first.value, str) and _names_read_file(first.value):
                    named.append((first.lineno, first.value.strip()))
                # a name passed to a call: CMD in bash_command=CMD, subprocess.run(CMD)
                passed.update(a.id for a in node.args if isinstance(a, ast.Name))
                passed.update(k.value.id for k in node.keywords if isinstance(k.value, ast.Name))
            elif isinstance(node, (ast.List, ast.Tuple)):  # cmd = ["sed", "-i", ...]
                joined = " ".join(part for part in (_string_of(e) for e in node.elts) if part)
                if runs(joined):
                    found.append((node.lineno, joined))
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and any(map(_runs_return, node.decorator_list)):
                for inner in ast.walk(node):  # @task.bash: the string it returns is the command run
                    if isinstance(inner, ast.Return) and inner.value is not None and runs(_string_of(inner.value)):
                        found.append((inner.lineno, _string_of(inner.value)))
            elif isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
                text = _string_of(node.value)  # CMD = "sed ...", kept if CMD is passed to a call
                if runs(text):
                    targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                    for target in targets:
                        if isinstance(target, ast.Name):
                            bound.append((target.id, node.lineno, text))
            elif isinstance(node, ast.Dict):  # an operator's keyword arguments as a dict: {"bash_command": "sed ..."}
                for key, value in zip(node.keys, node.values):
                    if isinstance(key, ast.Constant) and key.value in _COMMAND_KEYS and runs(_string_of(value)):
                        found.append((value.lineno, _string_of(value)))
    except RecursionError:
        return found
    found.extend((line, text) for name, line, text in bound if name in passed)
    if replaced:
        found.extend(named)
    return found


# keys of a dict of an operator's arguments that hold a command (Airflow's BashOperator, SSHOperator,
# DockerOperator, KubernetesPodOperator; a GitLab-like job spelled in Python)
_COMMAND_KEYS = frozenset({"bash_command", "command", "cmd", "cmds", "arguments", "script", "entrypoint"})


def _runs_return(decorator) -> bool:
    """Is a decorator one that runs the string its function returns (Airflow's ``@task.bash``, ``@bash_task``)?"""
    if isinstance(decorator, ast.Call):
        decorator = decorator.func
    name = decorator.attr if isinstance(decorator, ast.Attribute) else getattr(decorator, "id", "")
    return name in ("bash", "bash_task")


def _names_read_file(text: str) -> bool:
    """Does the string name a document or image file (``queries/create.graphql``, ``docker/Dockerfile``)?"""
    from ..files import is_dockerfile_name

    text = text.strip()
    if not text or len(text) > 400 or "\n" in text:
        return False
    return text.endswith(_READ_FILES) or is_dockerfile_name(text.rsplit("/", 1)[-1].lower())


def _constants(module: ast.AST) -> dict:
    """name -> the string literals it is bound to anywhere in the module (joined by spaces), one walk."""
    found: dict = {}
    try:
        for node in walk(module):
            if isinstance(node, (ast.Assign, ast.AnnAssign)) and isinstance(node.value, ast.Constant):
                if isinstance(node.value.value, str) and len(node.value.value) <= 400:
                    targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                    for target in targets:
                        if isinstance(target, ast.Name):
                            kept = found.setdefault(target.id, [])
                            if len(kept) < 4 and node.value.value not in kept:
                                kept.append(node.value.value)
    except RecursionError:
        pass
    return {name: " ".join(values) for name, values in found.items()}


def _string_of(node, constants=None) -> str:
    return _text_of(node, constants or {})


def _text_of(node, constants: dict, inner: bool = False) -> str:
    """The text of a string literal, an f-string (holes as spaces), a ``+`` of them, or a list of them
    (joined), else ''.  Inside a list, an f-string or a ``+`` (``["sed", ..., QUERY_FILE]``), a name bound
    to a string is that string (red team 20, F4); a name alone is no command text (a bound string is a
    command only when passed as one, see :func:`commands`)."""
    if isinstance(node, ast.Constant):
        return node.value if isinstance(node.value, str) else ""
    if isinstance(node, ast.Name):
        return constants.get(node.id, "") if inner else ""
    if isinstance(node, ast.JoinedStr):
        return "".join(
            v.value if isinstance(v, ast.Constant) and isinstance(v.value, str)
            else (constants.get(v.value.id, " ") or " ") if isinstance(v, ast.FormattedValue) and isinstance(v.value, ast.Name)
            else " " for v in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):  # "sed -i 's/2.3.4-11/" + v + "/' f"
        parts, stack = [], [node]
        while stack and len(parts) < 64:
            current = stack.pop()
            if isinstance(current, ast.BinOp) and isinstance(current.op, ast.Add):
                stack.extend((current.right, current.left))
            else:
                parts.append(_text_of(current, constants, True) if isinstance(current, (ast.Constant, ast.JoinedStr, ast.Name)) else " ")
        return "".join(parts)
    if isinstance(node, (ast.List, ast.Tuple)):
        return " ".join(_text_of(e, constants, True) for e in node.elts if isinstance(e, (ast.Constant, ast.JoinedStr, ast.Name)))
    return ""
