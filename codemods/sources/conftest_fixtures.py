"""pytest fixtures of a ``conftest.py`` or plugin module: documents handed to tests by name, with no import.

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
from .tree_nodes import walk as tree_walk  # ast.walk's order, listed once per tree (shared by the analyses)

_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
LEVELS_UP = 8  # conftest folders looked for above a test module (as sys.path entries are in cross_module)


def _is_fixture(definition) -> bool:
    for decorator in getattr(definition, "decorator_list", ()):  # a lambda has none (red team 28, report 12, f1)
        target = decorator.func if isinstance(decorator, ast.Call) else decorator
        if (isinstance(target, ast.Attribute) and target.attr == "fixture") or (isinstance(target, ast.Name) and target.id == "fixture"):
            return True
    return False


def fixture_functions(text: str) -> Dict[str, List[str]]:
    """A module's module-level fixtures: the name tests request (``@pytest.fixture(name="q")``, else the
    function's) -> the module's names whose value the test gets by it: the function, and (red team 17,
    report 11b, F10) each module-level name a parametrized fixture hands out through ``request.param``
    (``@pytest.fixture(params=[UPSERT])``) or ``pytest_generate_tests`` parametrizes the argument with
    (``metafunc.parametrize("doc", [UPSERT])``)."""
    module = parsed(text)
    if module is None:
        return {}
    fixtures: Dict[str, List[str]] = {}
    for statement in module.body:
        if not isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        if statement.name == "pytest_generate_tests":
            _note_generated(statement, fixtures)
        elif _is_fixture(statement):
            requested = statement.name
            handed = [statement.name]
            for decorator in statement.decorator_list:
                for keyword in getattr(decorator, "keywords", ()):
                    if keyword.arg == "name" and isinstance(keyword.value, ast.Constant) and isinstance(keyword.value.value, str):
                        requested = keyword.value.value
                    elif keyword.arg == "params":
                        handed.extend(_names_in(keyword.value))
            fixtures.setdefault(requested, []).extend(handed)
    return fixtures


def _names_in(node) -> List[str]:
    """The plain names written in ``node`` (``[UPSERT, (CREATE, 1)]``): values pytest hands out as they are."""
    return [inner.id for inner in ast.walk(node) if isinstance(inner, ast.Name)]


def _note_generated(function, fixtures: Dict[str, List[str]]) -> None:
    """``metafunc.parametrize("a, b", [(X, Y)])`` in ``pytest_generate_tests``: each argument may get each name."""
    for node in ast.walk(function):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "parametrize"):
            continue
        if len(node.args) < 2 or not isinstance(node.args[0], ast.Constant) or not isinstance(node.args[0].value, str):
            continue
        names = _names_in(node.args[1])
        for argument in node.args[0].value.replace(",", " ").split():
            fixtures.setdefault(argument, []).extend(names)


def is_test_module(path: str) -> bool:
    """A file pytest collects tests (or fixtures requesting fixtures) from by default."""
    name = os.path.basename(path)
    return name.endswith(".py") and (name.startswith("test_") or name.endswith("_test.py") or name == "conftest.py")


def requests(
    conftests: Dict[str, Tuple[str, Dict[str, List[str]]]],
    tests: Iterable[Tuple[str, str]],
    read: Callable[[str], Optional[str]],
    plugins: Iterable[Tuple[str, Dict[str, List[str]]]] = (),
) -> List[Tuple[str, str, str, int]]:
    """(test module, definer, "name as parameter", line) for each fixture a test module requests: a test
    function's parameter, or (red team 17, report 11b, F2) ``request.getfixturevalue("name")``, naming a
    fixture of the nearest conftest above it that defines that name, else of a plugin module.
    ``conftests``: folder -> (its conftest.py, fixtures); ``tests``: (absolute path, path as given) of
    the run's test modules; ``plugins``: (module, fixtures) of the run's other modules defining
    fixtures.  Red team 17 (report 11b, F1): a module named in ``pytest_plugins``, by ``-p`` in
    ``addopts`` or as a ``pytest11`` entry point hands its fixtures to every test with no import;
    which modules are registered is not resolved, so any module's fixture is offered where no
    conftest offers that name (holding a document, never editing one, is what a wrong link costs)."""
    links: List[Tuple[str, str, str, int]] = []
    fallback: Dict[str, List[Tuple[str, List[str]]]] = {}
    for module_path, fixtures in plugins:
        for requested, handed in fixtures.items():
            fallback.setdefault(requested, []).append((module_path, handed))
    if not conftests and not fallback:
        return links
    for absolute, path in tests:
        offered: Dict[str, List[Tuple[str, List[str]]]] = {}  # parameter -> [(definer, names)], nearest conftest first
        folder = os.path.dirname(absolute)
        for _ in range(LEVELS_UP):
            if folder in conftests:
                conftest, fixtures = conftests[folder]
                if conftest != path:
                    for requested, handed in fixtures.items():
                        offered.setdefault(requested, [(conftest, handed)])
            parent = os.path.dirname(folder)
            if parent == folder:
                break
            folder = parent
        if not offered and not fallback:
            continue
        text = read(path)
        if text is None:
            continue
        words = set(_WORD.findall(text))
        if words.isdisjoint(offered) and words.isdisjoint(fallback):  # each test's words once: linear
            continue
        for requested in words.intersection(fallback):  # a plugin's fixture where no conftest offers the name
            mine = [(definer, handed) for definer, handed in fallback[requested] if definer != path]
            if mine and requested not in offered:
                offered[requested] = mine
        module = parsed(text)
        if module is None:
            continue
        seen = set()
        for node in tree_walk(module):
            requested = []
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                arguments = node.args.posonlyargs + node.args.args + node.args.kwonlyargs
                requested = [argument.arg for argument in arguments]
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "getfixturevalue":
                if node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
                    requested = [node.args[0].value]
            for name in requested:
                if name in offered and name not in seen:
                    seen.add(name)
                    for definer, handed in offered[name]:
                        for value in dict.fromkeys(handed):
                            links.append((path, definer, value if value == name else f"{value} as {name}", node.lineno))
    return links
