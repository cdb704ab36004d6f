"""Which strings of a Python module are shell commands (or templates) that something runs on a file.

:mod:`.outside_writers` holds a file whose AC text a shell step reads or edits (``sed -i
's/2.3.4-11/$V/' queries/create.graphql``).  In Python the step is a string, and which strings are
run is decided here, once, for every reader of a file's bytes written in Python (scripts, DAGs,
notebooks' code):

- a call's string arguments, each alone and all joined with spaces (``subprocess.run("sed ...")``,
  ``os.system(f"sed ...")``, ``BashOperator(task_id="pin", bash_command="sed ...")``: red team 19,
  F4, the keyword's command came after ``pin`` once joined and was not seen);
- a list or tuple of strings, joined (``["sed", "-i", ...]``);
- a string a function returns or a name is bound to (red team 19, F15: Airflow's ``@task.bash`` runs
  the string its function returns; ``cmd = "sed ..."`` is passed as ``bash_command=cmd``), and a
  dict's values (an operator's keyword arguments spelled as a dict);
- Jinja an Airflow template field renders: ``{% include "queries/create.graphql" %}`` reads the file
  (the string is a command of that file), and ``{{ params.q | replace("2.3.4-11", params.v) }}``
  edits a value's AC text: in a module holding such a filter, every string naming a document or
  image file (``open("queries/create.graphql")`` feeding ``params.q``) is a read whose text is edited.

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
            elif isinstance(node, (ast.List, ast.Tuple)):  # cmd = ["sed", "-i", ...]
                joined = " ".join(part for part in (_string_of(e) for e in node.elts) if part)
                if runs(joined):
                    found.append((node.lineno, joined))
            elif isinstance(node, (ast.Return, ast.Assign, ast.AnnAssign)) and node.value is not None:
                text = _string_of(node.value)  # @task.bash's returned command, cmd = "sed ..."
                if runs(text):
                    found.append((node.lineno, text))
            elif isinstance(node, ast.Dict):
                for value in node.values:
                    text = _string_of(value) if value is not None else ""
                    if runs(text):
                        found.append((value.lineno, text))
            elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                if not replaced and _JINJA_REPLACE.search(node.value) and ac_text.search(node.value):
                    replaced = True
                if _names_read_file(node.value):
                    named.append((node.lineno, node.value.strip()))
    except RecursionError:
        return found
    if replaced:
        found.extend(named)
    return found


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
