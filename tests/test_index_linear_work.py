"""The project index (``sources.cross_module.build``) does linear work in what it indexes (issue 15).

Three steps were quadratic, found while profiling the suite (its corpus tests took twice as long
as at the start of the session before):

* a package ``__init__.py`` re-exporting N helpers, each imported by name elsewhere: every lookup
  scanned all of ``__init__``'s import statements (``_reexported``);
* a class imported by N modules: each importer's line was searched for in a growing list before it
  was added (``imported_by``); a class of N attributes: each binding of the class body was searched
  for in the body's list (``handed_out.class_hands_out``);
* a script's name bindings followed from a read: every use scanned all the module's bindings
  (``read_sends._Reader._sends_given`` and ``fills``).

Counted, never timed (tests/work_count.py): the lines the index's own modules run for N and 2N
must grow about twice, not four times.  And each file is parsed once however many of the index's
questions read it (``sources.parsed_modules``).
"""

import os

from work_count import traced_lines, under

from codemods.sources import cross_module, parsed_modules

INDEX = (under("sources"), under("destination"))


def _reexporting_package(tmp_path, n):
    package = tmp_path / f"reexport{n}" / "lib"
    package.mkdir(parents=True)
    (package / "client.py").write_text(
        "import requests\n" + "".join(f"def h{i}(q):\n    return requests.post('https://houston.example.com/v1', json={{'query': q}})\n" for i in range(n))
    )
    (package / "__init__.py").write_text("".join(f"from .client import h{i}\n" for i in range(n)))
    (package.parent / "run.py").write_text(
        "from lib import " + ", ".join(f"h{i}" for i in range(n)) + "\n" + "".join(f"h{i}('{{ workspaces {{ id }} }}')\n" for i in range(n))
    )
    return [str(p) for p in sorted(package.parent.rglob("*.py"))]


def _class_for(tmp_path, name, attributes, importers):
    root = tmp_path / name
    root.mkdir()
    (root / "docs.py").write_text("class Docs:\n" + "".join(f"    Q{i} = '{{ workspaces {{ id }} }}'\n" for i in range(attributes)))
    for i in range(importers):
        (root / f"use{i}.py").write_text("from docs import Docs\nprint(Docs.Q0)\n")
    return [str(p) for p in sorted(root.rglob("*.py"))]


def _class_of_many_attributes(tmp_path, n):
    return _class_for(tmp_path, f"attributes{n}", n, 4)


def _class_imported_by_many(tmp_path, n):
    return _class_for(tmp_path, f"importers{n}", 4, n)


def _script_with_many_bindings(tmp_path, n):
    root = tmp_path / f"bindings{n}"
    root.mkdir()
    (root / "create.graphql").write_text('mutation { upsertDeployment(airflowVersion: "2.3.0") { id } }\n')
    body = ["import requests", "URL = 'https://houston.example.com/v1'", "def run():"]
    for i in range(n):
        body.append(f"    v{i} = open('create.graphql').read()")
        body.append(f"    w{i} = v{i}.strip()")
        body.append(f"    requests.post(URL, json={{'query': w{i}}})")
    (root / "run.py").write_text("\n".join(body) + "\n")
    return [str(root / "run.py"), str(root / "create.graphql")]


def _work(make, tmp_path, n):
    paths = make(tmp_path, n)
    here = os.getcwd()
    os.chdir(tmp_path)
    try:
        parsed_modules.keep()
        count, index = traced_lines(lambda: cross_module.build(paths), INDEX)
    finally:
        os.chdir(here)
        parsed_modules.forget()
    return count, index


def _assert_linear(make, tmp_path, n=120):
    small, _ = _work(make, tmp_path, n)
    large, _ = _work(make, tmp_path, 2 * n)
    assert small > 0
    assert large <= 2.3 * small, (make.__name__, small, large)


def test_reexported_helpers_are_looked_up_in_linear_work(tmp_path):
    _, index = _work(_reexporting_package, tmp_path, 3)
    run = next(entry for path, entry in index.items() if path.endswith("run.py"))
    assert set(run["helpers"]) >= {"h0", "h1", "h2"}  # the lookups the count below is about happen
    _assert_linear(_reexporting_package, tmp_path)


def test_a_class_imported_by_many_modules_is_indexed_in_linear_work(tmp_path):
    _, index = _work(_class_imported_by_many, tmp_path, 3)
    docs = next(entry for path, entry in index.items() if path.endswith("docs.py"))
    assert len(docs["imported_by"]["Q0"]) == 3
    _assert_linear(_class_imported_by_many, tmp_path)
    _assert_linear(_class_of_many_attributes, tmp_path)


def test_bindings_followed_from_reads_in_linear_work(tmp_path):
    _, index = _work(_script_with_many_bindings, tmp_path, 3)
    assert any(path.endswith("create.graphql") and entry.get("read_by") for path, entry in index.items())
    _assert_linear(_script_with_many_bindings, tmp_path, n=60)


def test_each_script_is_parsed_once_whatever_the_index_asks_of_it(tmp_path):
    paths = _script_with_many_bindings(tmp_path, 3) + _reexporting_package(tmp_path, 3)
    scripts = [p for p in paths if p.endswith(".py")]
    here = os.getcwd()
    os.chdir(tmp_path)
    try:
        parsed_modules.keep()
        before = parsed_modules.parses
        cross_module.build(paths)
        parsed = parsed_modules.parses - before
    finally:
        os.chdir(here)
        parsed_modules.forget()
    assert 0 < parsed <= len(scripts), (parsed, scripts)
