"""Bounded memory (issue 15): what one document leaves behind does not include its tree.

Counted, not timed: when the last document of a file is done (the moment its
rewrite is checked), the GraphQL syntax trees still alive must not grow with
the number of documents, and what is retained per document stays under a few
kilobytes.  Checked at N and 2N documents, after a warm-up run.
"""

import gc
import os
import sys
import tracemalloc

from graphql.language import Node

from codemods import pipeline
from codemods.pipeline import BundledSchema, Options, process
from codemods.versions import VersionTable

sys.path.insert(0, os.path.join(os.path.dirname(__file__), os.pardir, "benchmarks"))
import generated  # noqa: E402  (the benchmark's own generator)

VERIFIED = pipeline._verified


def _at_verification(monkeypatch, tmp_path, count):
    path = generated.many_documents(str(tmp_path / f"docs{count}.py"), count, seed=7)
    data = open(path, "rb").read()
    options = Options(schema=BundledSchema(None), versions=VersionTable.bundled(), validate=False)
    options.houston_schema()
    seen = {}
    original = VERIFIED

    def verified(*args):
        gc.collect()
        seen["trees"] = sum(isinstance(o, Node) for o in gc.get_objects())
        seen["bytes"] = tracemalloc.get_traced_memory()[0]
        return original(*args)

    monkeypatch.setattr(pipeline, "_verified", verified)
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        result = process("docs.py", data, options)
        seen["bytes"] -= before
    finally:
        tracemalloc.stop()
    assert result.error is None and result.changed and len(result.documents) == count
    return seen


def test_no_document_tree_outlives_its_turn_and_memory_per_document_stays_flat(monkeypatch, tmp_path):
    _at_verification(monkeypatch, tmp_path, 20)  # first use: imports and caches, not documents
    small = _at_verification(monkeypatch, tmp_path, 200)
    large = _at_verification(monkeypatch, tmp_path, 400)
    assert large["trees"] <= small["trees"] + 50, (small, large)  # every rewritten document's tree: ~60 nodes each
    per_document = (large["bytes"] - small["bytes"]) / 200
    assert 0 < per_document < 8_000, per_document  # about 3.5 KB now; about 25 KB in 0.1.0
