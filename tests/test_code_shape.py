"""The package's own code: no function or method defined twice in one scope.

Python keeps the later of two ``def``s of one name in a class or module without a word, so
a second helper given an existing name silently replaces the first everywhere it is called
(this session's regression: a second ``_payload_dicts`` in ``PythonDocumentFinder`` made every
request-body check read the wrong thing).  Properties' setters and ``typing.overload`` stubs
are the legitimate repeats.
"""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "codemods"


def _repeats(body, where):
    seen = {}
    found = []
    for node in body:
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        decorators = {ast.unparse(d) for d in node.decorator_list}
        if any(d.endswith((".setter", ".deleter")) or d in ("overload", "typing.overload") for d in decorators):
            continue
        if node.name in seen:
            found.append(f"{where}: {node.name} at lines {seen[node.name]} and {node.lineno}")
        seen[node.name] = node.lineno
    return found


def test_no_function_is_defined_twice_in_one_scope():
    problems = []
    files = sorted(PACKAGE.rglob("*.py"))
    assert len(files) > 50
    for path in files:
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        name = path.relative_to(PACKAGE.parent)
        problems += _repeats(tree.body, str(name))
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                problems += _repeats(node.body, f"{name} class {node.name}")
    assert problems == []


def test_the_check_sees_a_repeat():
    tree = ast.parse("class A:\n    def f(self): pass\n    def f(self): return 1\n")
    assert _repeats(tree.body[0].body, "A") == ["A: f at lines 2 and 3"]
