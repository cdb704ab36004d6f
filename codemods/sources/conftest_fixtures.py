"""pytest fixtures of a ``conftest.py``: documents handed to tests by parameter name, with no import.

pytest gives the value a ``conftest.py`` fixture returns to every test below that folder that names
the fixture as a parameter (``def test_create(create_query): create_query.replace("2.3.4-11", v)``).
That is an import of the fixture function in all but spelling: a document the fixture returns is
handed out, and the test may fill it or send it with its own variables, so editing it where it is
written would leave the test's fill matching nothing (red team 16, report 11b, F4).  This module
finds those links so ``sources.cross_module`` reads them as ``from conftest import create_query``:
each conftest is parsed once, and each test module below one is read and parsed once, only when it
holds one of the fixture names as a word.  Linear in the run's files.
"""

from __future__ import annotations

import ast
import os
import re
from typing import Callable, Dict, Iterable, List, Optional, Tuple

from .parsed_modules import parsed

_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
LEVELS_UP = 8  # conftest folders looked for above a test module (as sys.path entries are in cross_module)


def _is_fixture(definition) -> bool:
    for decorator in definition.decorator_list:
        target = decorator.func if isinstance(decorator, ast.Call) else decorator
        if (isinstance(target, ast.Attribute) and target.attr == "fixture") or (isinstance(target, ast.Name) and target.id == "fixture"):
            return True
    return False


def fixture_functions(text: str) -> Dict[str, str]:
    """A conftest's module-level fixtures: the name tests request (``@pytest.fixture(name="q")``, else the
    function's) -> the function's name."""
    module = parsed(text)
    if module is None:
        return {}
    fixtures: Dict[str, str] = {}
    for statement in module.body:
        if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef)) and _is_fixture(statement):
            requested = statement.name
            for decorator in statement.decorator_list:
                for keyword in getattr(decorator, "keywords", ()):
                    if keyword.arg == "name" and isinstance(keyword.value, ast.Constant) and isinstance(keyword.value.value, str):
                        requested = keyword.value.value
            fixtures[requested] = statement.name
    return fixtures


def is_test_module(path: str) -> bool:
    """A file pytest collects tests (or fixtures requesting fixtures) from by default."""
    name = os.path.basename(path)
    return name.endswith(".py") and (name.startswith("test_") or name.endswith("_test.py") or name == "conftest.py")


def requests(
    conftests: Dict[str, Tuple[str, Dict[str, str]]], tests: Iterable[Tuple[str, str]], read: Callable[[str], Optional[str]]
) -> List[Tuple[str, str, str, int]]:
    """(test module, conftest, "function as parameter", line) for each test function parameter naming a
    fixture of the nearest conftest above it that defines that name.  ``conftests``: folder -> (its
    conftest.py, fixtures); ``tests``: (absolute path, path as given) of the run's test modules."""
    links: List[Tuple[str, str, str, int]] = []
    if not conftests:
        return links
    for absolute, path in tests:
        offered: Dict[str, Tuple[str, str]] = {}  # parameter -> (conftest, function), nearest first
        folder = os.path.dirname(absolute)
        for _ in range(LEVELS_UP):
            if folder in conftests:
                conftest, fixtures = conftests[folder]
                if conftest != path:
                    for requested, function in fixtures.items():
                        offered.setdefault(requested, (conftest, function))
            parent = os.path.dirname(folder)
            if parent == folder:
                break
            folder = parent
        if not offered:
            continue
        text = read(path)
        if text is None or not offered.keys() & set(_WORD.findall(text)):
            continue
        module = parsed(text)
        if module is None:
            continue
        seen = set()
        for node in ast.walk(module):
            if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            arguments = node.args.posonlyargs + node.args.args + node.args.kwonlyargs
            for argument in arguments:
                if argument.arg in offered and argument.arg not in seen:
                    seen.add(argument.arg)
                    conftest, function = offered[argument.arg]
                    named = function if function == argument.arg else f"{function} as {argument.arg}"
                    links.append((path, conftest, named, node.lineno))
    return links
