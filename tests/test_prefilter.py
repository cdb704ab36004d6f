"""The byte prefilter never drops a file that holds something we would find."""

import re
from pathlib import Path

import pytest

from codemods import pipeline
from codemods.files import file_kind

TESTS = Path(__file__).parent
INPUTS = sorted(
    p for p in (TESTS / "cases").rglob("*") if p.is_file() and file_kind(p.name) is not None
) + sorted(p for p in (TESTS / "corpus").rglob("*") if p.is_file() and file_kind(p.name) is not None)


@pytest.mark.parametrize("path", INPUTS, ids=lambda p: str(p.relative_to(TESTS)))
def test_prefilter_keeps_every_file_with_findings(path, options, monkeypatch):
    data = path.read_bytes()
    with_prefilter = pipeline.process(path.name, data, options)
    monkeypatch.setattr(pipeline, "PREFILTERS", {kind: re.compile(rb"") for kind in pipeline.PREFILTERS})
    without_prefilter = pipeline.process(path.name, data, options)
    assert with_prefilter.documents == without_prefilter.documents
    assert with_prefilter.findings == without_prefilter.findings
    assert with_prefilter.new_text == without_prefilter.new_text


def test_prefilter_skips_plain_python(options, monkeypatch):
    calls = []
    monkeypatch.setattr(pipeline, "_run_python", lambda *args: calls.append(args))
    pipeline.process("plain.py", b"import os\nprint(os.getcwd())\n", options)
    assert calls == []
