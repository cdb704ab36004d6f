"""What a command-line option holds when the script runs without it: the default it declares.

A deploy or drift-check script often pins its AC image or version as an option default
(red team 17, report 13, F2/F18): ``p.add_argument("--image", default="quay.io/astronomer/ap-airflow:...")``
then ``args.image``, or ``@click.option("--image", default=...)`` on ``def main(image)``.  Run with
its defaults, the script sends or compares that value, so it is read like a parameter default.

* argparse: ``add_argument`` calls; the value is read as ``<anything>.<dest>``, ``dest`` being the
  ``dest=`` keyword, else the first long option (``--foo-bar`` -> ``foo_bar``), else the first short one.
* click (and typer's ``Option`` written as a decorator the same way): ``@click.option(...)`` /
  ``@click.argument(...)`` on a function; the parameter is the name given without dashes, else the
  first long option's, else the first short one's.

Built once per module from the module's call list (``read_sends.module_index``: one walk per tree),
memoised on the finder: linear in the module.
"""

from __future__ import annotations

import ast
from typing import Dict, List, Optional, Tuple

from ..destination.read_sends import module_index

_CLICK_DECORATORS = frozenset({"option", "argument"})


def _option_name(strings: List[str]) -> Optional[str]:
    """argparse's / click's name for an option from its flag strings: a plain name, else the first long flag, else a short one."""
    plain = [s for s in strings if not s.startswith("-")]
    if plain:
        return plain[0]
    long = [s for s in strings if s.startswith("--")]
    chosen = long[0][2:] if long else (strings[0].lstrip("-") if strings else "")
    name = chosen.replace("-", "_")
    return name if name.isidentifier() else None


def _flags(call: ast.Call) -> List[str]:
    return [a.value for a in call.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]


def _default(call: ast.Call) -> Optional[ast.AST]:
    return next((k.value for k in call.keywords if k.arg == "default"), None)


def argparse_option(call: ast.AST) -> Optional[Tuple[str, ast.AST]]:
    """``parser.add_argument("--expected", default=X)``: ``("expected", X)``; None for any other call."""
    if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) and call.func.attr == "add_argument"):
        return None
    default = _default(call)
    if default is None:
        return None
    dest = next((k.value.value for k in call.keywords if k.arg == "dest" and isinstance(k.value, ast.Constant)), None)
    name = dest if isinstance(dest, str) else _option_name(_flags(call))
    return (name, default) if name else None


def click_option(decorator: ast.AST) -> Optional[Tuple[str, ast.AST]]:
    """``@click.option("--expected", default=X)``: ``("expected", X)`` (the parameter it fills); None otherwise."""
    if not (
        isinstance(decorator, ast.Call) and isinstance(decorator.func, ast.Attribute)
        and decorator.func.attr in _CLICK_DECORATORS
    ):
        return None
    default = _default(decorator)
    name = _option_name(_flags(decorator))
    return (name, default) if default is not None and name else None


def _index(finder) -> Tuple[Dict[str, List[ast.AST]], Dict[Tuple[int, str], List[ast.AST]]]:
    memo = finder.memo.get("cli_defaults")
    if memo is not None:
        return memo
    argparse: Dict[str, List[ast.AST]] = {}
    click: Dict[Tuple[int, str], List[ast.AST]] = {}
    module = finder.module
    for call in module_index(module).calls:
        option = argparse_option(call)
        if option is not None:
            argparse.setdefault(option[0], []).append(option[1])
    for definition in _decorated(module):
        for decorator in definition.decorator_list:
            option = click_option(decorator)
            if option is not None:
                click.setdefault((id(definition), option[0]), []).append(option[1])
    memo = finder.memo["cli_defaults"] = (argparse, click)
    return memo


def _decorated(module: ast.Module) -> List[ast.AST]:
    """Every function definition with a decorator, from the module's one index (its helpers are first definitions only)."""
    found = []
    stack = list(module.body)
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            if node.decorator_list:
                found.append(node)
            stack.extend(node.body)
        elif isinstance(node, ast.ClassDef):
            stack.extend(node.body)
        elif isinstance(node, (ast.If, ast.Try)):
            stack.extend(getattr(node, "body", []) + getattr(node, "orelse", []) + getattr(node, "finalbody", []))
    return found


def attribute_defaults(finder, node: ast.AST) -> List[ast.AST]:
    """``args.image``: the defaults argparse options with that destination declare (empty if none)."""
    if not isinstance(node, ast.Attribute) or not isinstance(node.value, ast.Name):
        return []
    return _index(finder)[0].get(node.attr, [])[:4]


def parameter_defaults(finder, function: Optional[ast.AST], name: str) -> List[ast.AST]:
    """``def main(image)`` under ``@click.option("--image", default=X)``: ``[X]`` (empty if none)."""
    if function is None:
        return []
    return _index(finder)[1].get((id(function), name), [])[:4]
