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
from collections import OrderedDict

from graphql.language import Node

from array import array

from codemods import pipeline
from codemods import validate as validation
from codemods.rules import sgqlc_operations
from codemods.sources.text_map import TextMap
from codemods.pipeline import BundledSchema, Options, process
from codemods.versions import VersionTable

sys.path.insert(0, os.path.join(os.path.dirname(__file__), os.pardir, "benchmarks"))
import generated  # noqa: E402  (the benchmark's own generator)

VERIFIED = pipeline._verified
APPLIES = sgqlc_operations.applies
CACHED = 64


def _at_verification(monkeypatch, tmp_path, count):
    path = generated.many_documents(str(tmp_path / f"docs{count}.py"), count, seed=7)
    data = open(path, "rb").read()
    options = Options(schema=BundledSchema(None), versions=VersionTable.bundled(), validate=False)
    options.houston_schema()
    seen = {}
    original = VERIFIED
    # Text maps alive before this run belong to earlier tests of the same worker process
    # (pytest-xdist runs several test files in one process, in no fixed order): only the
    # maps this run makes are counted.
    gc.collect()
    earlier = {id(o) for o in gc.get_objects() if isinstance(o, TextMap)}

    def verified(*args):
        gc.collect()
        objects = gc.get_objects()
        seen["trees"] = sum(isinstance(o, Node) for o in objects)
        seen["maps after"] = sum(isinstance(o, TextMap) and id(o) not in earlier for o in objects)
        seen["validated"] = len(validation._VALIDATED)
        seen["bytes"] = tracemalloc.get_traced_memory()[0]
        return original(*args)

    def documents_done(text):
        # Right after the last document's turn, the module's tree and finder still alive:
        # the file's peak.  What the documents keep until then is counted here.
        gc.collect()
        maps = [o for o in gc.get_objects() if isinstance(o, TextMap) and id(o) not in earlier]
        seen["maps"] = len(maps)
        # characters whose file offsets are still kept one by one (8 bytes each)
        seen["per_character"] = sum(len(m.starts) for m in maps if isinstance(m.starts, array))
        return APPLIES(text)

    monkeypatch.setattr(sgqlc_operations, "applies", documents_done)

    monkeypatch.setattr(pipeline, "_verified", verified)
    # Validations are counted: start cold.  The results cache is bounded (4096 texts in a run);
    # bounded small here, so that what grows with the documents is all that is measured.
    monkeypatch.setattr(validation, "_VALIDATED", OrderedDict())
    monkeypatch.setattr(validation, "VALIDATED_ENTRIES", CACHED)
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        validations = validation.validations
        result = process("docs.py", data, options)
        seen["validations"] = validation.validations - validations
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
    assert 0 < per_document < 5_000, per_document  # about 2.5 KB now; 3.5 KB with per-character offsets; 25 KB in 0.1.0


def test_what_a_huge_file_keeps_per_document_is_counted(monkeypatch, tmp_path):
    """What stays alive until the last document is done: one text map per document, each a run
    of two numbers when read verbatim (these documents are); validation results bounded by the cache;
    the rewrite's own check validates each changed document twice (before and after its
    edits), never the whole file again."""
    _at_verification(monkeypatch, tmp_path, 20)
    small = _at_verification(monkeypatch, tmp_path, 200)
    large = _at_verification(monkeypatch, tmp_path, 400)
    assert small["maps"] >= 200 and large["maps"] - small["maps"] == 200  # one per document, nothing else
    assert small["per_character"] == large["per_character"] == 0
    assert small["maps after"] == large["maps after"] == 0  # and none once the documents are done
    assert large["validated"] == CACHED  # bounded
    assert 0 < large["validations"] <= 2 * 400
    assert large["validations"] - small["validations"] <= 2 * 200



def test_a_message_many_documents_repeat_is_kept_once(tmp_path):
    """Findings live until the run's end; the same message text (the same review, the same
    migration, at each of 400 documents) is one string object, not one copy per finding."""
    path = generated.many_documents(str(tmp_path / "docs400.py"), 400, seed=7)
    options = Options(schema=BundledSchema(None), versions=VersionTable.bundled(), validate=False)
    result = process("docs.py", open(path, "rb").read(), options)
    messages = [finding.message for finding in result.findings]
    assert len(messages) >= 400 and len(set(messages)) < len(messages) / 4  # they do repeat
    assert len({id(message) for message in messages}) == len(set(messages))


def test_evidence_many_documents_repeat_is_kept_once(tmp_path):
    """Each document's verdict evidence lives until the run's end too (DocumentInfo, for --explain,
    JSON and HTML): equal evidence lines of many documents are one string object each."""
    path = generated.many_documents(str(tmp_path / "docs400.py"), 400, seed=7)
    options = Options(schema=BundledSchema(None), versions=VersionTable.bundled(), validate=False)
    result = process("docs.py", open(path, "rb").read(), options)
    lines = [line for info in result.documents for line in [*info.evidence, *info.explanation]]
    assert len(result.documents) == 400 and len(set(lines)) < len(lines) * 3 / 4  # many repeat (others name a line)
    assert len({id(line) for line in lines}) == len(set(lines))
