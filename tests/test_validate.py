"""Validation errors land on the exact file position of the offending token."""

import pytest
from helpers import rewrite_bytes


def _errors(code: str, options):
    result = rewrite_bytes("s.py", code.encode(), options)
    assert result.error is None
    return [(f.line, f.column, f.code) for f in result.findings if f.severity == "error"]


def test_error_position_through_concatenation_and_escapes(options):
    code = (
        "import requests\n"
        "DOC = ('query {\\n'\n"
        "       '  deployments {\\n'\n"
        "       '    id \\x6eoSuchField\\n'\n"
        "       '  }\\n'\n"
        "       '}')\n"
        "requests.post('https://houston.x/v1', json={'query': DOC})\n"
    )
    assert _errors(code, options) == [(4, 16, "fields-on-correct-type")]


def test_every_error_names_its_rule(options):
    code = (
        'Q = """\n'
        "query Dup($unused: String, $id: Uuid!) {\n"
        "  deployments(bogus: 1) { id id: label }\n"
        "  workspace(workspaceUuid: $missing) { nope }\n"
        "}\n"
        "query Dup { deployments { id } }\n"
        '"""\n'
        # Sent to Houston: with a bogus argument, its own words alone would not say so.
        'requests.post("https://houston.example.com/v1", json={"query": Q})\n'
    )
    codes = {code for _line, _column, code in _errors(code, options)}
    assert "invalid" not in codes
    assert {
        "unique-operation-names",
        "no-unused-variables",
        "known-argument-names",
        "overlapping-fields-can-be-merged",
        "no-undefined-variables",
    } <= codes


def test_syntax_error_in_a_gql_call_is_an_error_at_its_position(options):
    # releaseName after the root field is Houston's own word (a bare "deployments { id" is any
    # platform's noun, and a document that does not parse is then judged by its send: red team 14 F6).
    code = 'from gql import gql\nQ = gql("""\nquery {\n  deployments { id releaseName\n""")\n'
    assert _errors(code, options) == [(5, 1, "graphql-syntax")]


@pytest.mark.parametrize(
    "code",
    [
        'SQL = "query plan for SELECT * FROM deployments"\n',
        'def f():\n    """query the API for deployments { id }"""\n',
        'cursor.execute("SELECT 1")\n',
        'params = {"query": "airflow dag list"}\n',
    ],
)
def test_strings_that_merely_mention_query_get_no_finding(code, options):
    result = rewrite_bytes("s.py", code.encode(), options)
    assert result.findings == [] and result.documents == []


def test_a_fragment_library_is_not_reported_as_unused(options):
    code = 'FIELDS = """\nfragment DeploymentFields on Deployment {\n  id\n  label\n}\n"""\n'
    assert _errors(code, options) == []
    # Inside an operation document, an unused fragment is still an error.
    code = 'Q = """\nquery { deployments { id } }\nfragment Unused on Deployment { id }\n"""\n'
    assert _errors(code, options) == [(3, 1, "no-unused-fragments")]
