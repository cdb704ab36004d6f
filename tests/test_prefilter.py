"""The byte prefilter never drops a file that holds something we would find."""

from pathlib import Path

import pytest

from codemods import pipeline
from codemods.files import file_kind
from codemods.prefilter import covers, may_hold_houston
from codemods.schema_versions import boundaries, bundled_sdl, derive, format_version

TESTS = Path(__file__).parent
INPUTS = sorted(
    p for p in (TESTS / "cases").rglob("*") if p.is_file() and file_kind(p.name) is not None
) + sorted(p for p in (TESTS / "corpus").rglob("*") if p.is_file() and file_kind(p.name) is not None)


def _houston_view(result):
    """What the prefilter promises to keep: Houston documents, findings, the rewrite."""
    return (
        [d for d in result.documents if d.houston],
        [f.as_text() for f in result.findings],
        result.new_text if result.changed else None,
        result.error,
    )


@pytest.mark.parametrize("path", INPUTS, ids=lambda p: str(p.relative_to(TESTS)))
def test_prefilter_keeps_every_file_with_findings(path, options, monkeypatch):
    data = path.read_bytes()
    with_prefilter = pipeline.process(path.name, data, options)
    monkeypatch.setattr(pipeline, "PREFILTERS", {kind: (lambda data: True) for kind in pipeline.PREFILTERS})
    without_prefilter = pipeline.process(path.name, data, options)
    assert _houston_view(with_prefilter) == _houston_view(without_prefilter)


def test_every_root_field_of_every_platform_version_is_covered():
    sdl = bundled_sdl()
    for version in boundaries(sdl):
        schema = derive(sdl, format_version(version), "bundled").schema
        for root in (schema.query_type, schema.mutation_type, schema.subscription_type):
            missing = [name for name in root.fields if not covers(name)]
            assert missing == [], f"{format_version(version)} {root.name}: {missing}"


@pytest.mark.parametrize(
    "source",
    [
        b'Q = "{ self { user { id } } }"\nrequests.post(URL, json={"query": Q})\n',
        b'client.execute(gql("""\n  {\n    users { id }\n  }\n"""))\n',
        b"Q = 'query {\\n  email(token: \"t\") { address } }'\n",
    ],
)
def test_everyday_root_fields_pass_after_a_brace(source):
    assert may_hold_houston(source)


@pytest.mark.parametrize(
    "source",
    [
        b'Q = "query { deploymentsCount }"\n',  # not a Houston root field
        b'print(f"{self.deployment_id}")\nrequests.post(url, json={"query": q})\n',
        b'config = {"workspace": 1}\nclient.execute(q)\n',  # a dict key, not a selection
    ],
)
def test_lookalikes_are_skipped(source):
    assert not may_hold_houston(source)


def test_plain_python_is_skipped(options, monkeypatch):
    calls = []
    monkeypatch.setattr(pipeline, "_run_python", lambda *args: calls.append(args))
    pipeline.process("plain.py", b"import os\nprint(os.getcwd())  # no query here\n", options)
    pipeline.process("sql.py", b"cursor.execute('SELECT * FROM users')\n", options)
    assert calls == []
