"""Red team 16 (report 11a), F1: a module of many top-level documents, each sent by name, was
quadratic: finding the statements just before a send searched the module's whole body once per
document (``read_beside._block_of``), and asking whether the file names a data parser searched the
whole text once per document (``gather_names.read_as_data``).  Counted, never timed: the lines
``read_beside`` runs for N and 2N documents must grow about twice, not four times.
"""

import sys

from codemods.destination import gather_names, read_beside
from codemods.pipeline import BundledSchema, Options, process
from codemods.versions import VersionTable


def _module(documents: int) -> bytes:
    lines = ["import requests", 'URL = "https://houston.example.com/v1"']
    for i in range(documents):
        lines.append(f'Q{i} = "mutation {{ upsertDeployment(deploymentUuid: \\"x\\", airflowVersion: \\"2.3.0\\") {{ id }} }}"')
        lines.append(f'requests.post(URL, json={{"query": Q{i}}})')
    return ("\n".join(lines) + "\n").encode()


def _lines_run(documents: int, module) -> int:
    data = _module(documents)
    options = Options(schema=BundledSchema(None), versions=VersionTable.bundled(), validate=False)
    watched = module.__file__
    count = 0

    def tracer(frame, event, _arg):
        nonlocal count
        if frame.f_code.co_filename != watched:
            return None
        if event == "line":
            count += 1
        return tracer

    sys.settrace(tracer)
    try:
        result = process("deploy.py", data, options)
    finally:
        sys.settrace(None)
    assert result.error is None and len(result.documents) == documents
    return count


def test_statements_before_a_send_are_found_in_linear_work():
    small, large = _lines_run(150, read_beside), _lines_run(300, read_beside)
    assert small > 0
    assert large <= 2.3 * small, (small, large)


def test_the_data_parser_question_is_asked_of_the_text_once_per_file(monkeypatch):
    searched = []
    original = gather_names._names_a_parser

    def counting(finder):
        had = getattr(finder, "_names_a_parser", None)
        searched.append(had is None)
        return original(finder)

    monkeypatch.setattr(gather_names, "_names_a_parser", counting)
    process("deploy.py", _module(50), Options(schema=BundledSchema(None), versions=VersionTable.bundled(), validate=False))
    assert sum(searched) == 1 and len(searched) >= 50
