"""Dense files (issue 15): a module's whole-tree work is done once per module, counted, not timed.

The file-context evidence (the prose blanking and the tree's imports and calls) and
the in-process executions of the cross-module pass each looked at every node of the
tree through ``ast.walk``; now the tree is listed once (``sources/tree_nodes.py``)
and every such analysis of the module reads that one listing.  The listing must be
exactly ``ast.walk``'s (same nodes, same order), so that nothing reported changes.
"""

import ast
import os
import random
import sys

from codemods.pipeline import BundledSchema, Options, process
from codemods.sources import bindings, tree_nodes
from codemods.versions import VersionTable

from trust_cli import run_cli

sys.path.insert(0, os.path.join(os.path.dirname(__file__), os.pardir, "benchmarks"))
import dense_corpus  # noqa: E402  (the benchmark's own generator)


def _scripts(count):
    return [dense_corpus.script(random.Random(1000 + index), index) for index in range(count)]


def test_the_listing_is_ast_walk_and_is_made_once_per_tree():
    for text in _scripts(3) + [open(tree_nodes.__file__, encoding="utf-8").read()]:
        tree = ast.parse(text)
        before = tree_nodes.listings
        first = [id(node) for node in tree_nodes.walk(tree)]
        again = [id(node) for node in tree_nodes.walk(tree)]
        assert first == again == [id(node) for node in ast.walk(tree)]
        assert tree_nodes.listings - before == 1
        for node in ast.walk(tree):
            assert [id(c) for c in tree_nodes.child_nodes(node)] == [id(c) for c in ast.iter_child_nodes(node)]


def _counted(monkeypatch, texts):
    options = Options(schema=BundledSchema(None), versions=VersionTable.bundled(), validate=False)
    names = []
    original = bindings.ModuleNames.__init__

    def counting(self, module):
        names.append(id(module))
        original(self, module)

    monkeypatch.setattr(bindings.ModuleNames, "__init__", counting)
    per_file = []  # (tree listings, name indexes) made for each file
    for i, text in enumerate(texts):
        listed, built = tree_nodes.listings, len(names)
        result = process(f"script_{i}.py", text.encode(), options)
        assert result.error is None and result.changed
        per_file.append((tree_nodes.listings - listed, len(names) - built))
    return per_file


def test_each_module_is_listed_once_however_many_analyses_read_it(monkeypatch, tmp_path):
    """The file's evidence reads the tree three times (prose, imports and calls, HTTP clients): one
    listing per module, and the name index is built at most once per module, at N and 2N files."""
    # The files are named relative to an empty folder: the look for scripts around a file (outside_writers)
    # would otherwise list every script of the working directory's project on the first file only.
    monkeypatch.chdir(tmp_path)
    small = _counted(monkeypatch, _scripts(4))
    large = _counted(monkeypatch, _scripts(8))
    assert small == large[:4]  # the same files cost the same, whatever else the run holds
    assert all(listed == 1 for listed, _built in large)  # the files name Houston: read from the tree, once
    assert all(built <= 1 for _listed, built in large)


def test_dense_script_through_the_cli_is_unchanged_by_the_shared_listing(tmp_path):
    """The installed tool on a dense script: the rewrite is the one the in-process pipeline makes
    with ``ast.walk`` itself (the listing only changes how often the tree is walked)."""
    text = _scripts(1)[0]
    path = tmp_path / "script_0.py"
    path.write_text(text, encoding="utf-8")
    done = run_cli("rewrite", "--no-cache", str(path))
    assert done.returncode in (0, 1), done.stderr
    options = Options(schema=BundledSchema(None), versions=VersionTable.bundled(), validate=False)
    import codemods.destination.code_text as code_text
    import codemods.destination.gather_module as gather_module
    from codemods.sources import cross_module

    saved = code_text.walk, gather_module.walk, cross_module.walk
    try:
        code_text.walk = gather_module.walk = cross_module.walk = ast.walk
        expected = process(str(path), text.encode(), options)
    finally:
        code_text.walk, gather_module.walk, cross_module.walk = saved
    assert expected.changed
    assert path.read_text(encoding="utf-8") == expected.new_text
