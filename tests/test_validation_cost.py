"""Validation cost (issue 15): the same errors as graphql-core's own ``validate``, for less work.

* Rules find their visitor methods through a table filled once per class
  (``codemods.validate._dispatch_table``): the errors must be exactly those
  graphql-core reports with its specified rules plus ``NoDeprecatedCustomRule``.
* Each distinct (schema, document text) is validated once per process: counted.
"""

import pytest
from graphql import NoDeprecatedCustomRule, parse, specified_rules, validate

from codemods import validate as validation
from codemods.houston_schema import HoustonSchema
from codemods.pipeline import BundledSchema, Options, process
from codemods.versions import VersionTable

DOCUMENTS = [
    "query Q($r: String) { deployments(releaseName: $r) { id airflowVersion nope } }",
    "mutation M($w: Uuid!, $v: String) { createDeployment(workspaceUuid: $w, type: \"airflow\", label: \"x\", "
    "airflowVersion: $v) { id releaseName } }",
    "query { deployments { ...F ...G } } fragment F on Deployment { id } fragment H on Deployment { id ...H }",
    "query A { workspaces { id } } query A { self { user { id } } }",
    "query ($x: Int) { deployments(releaseName: $y) @skip(if: true) @skip(if: false) { id @include } }",
    "{ deployments { id } } { workspaces { label } }",
    "subscription S { a b }",
    "query Q { deployments(releaseName: 3, releaseName: \"a\") { id { x } label(a: 1) } upsertDeployment }",
    "fragment F on Deployment { id label } fragment F on Workspace { idd }",
    "query Q($v: [String!]!) { deployments(releaseName: $v) { id ... on Workspace { label } } }",
]


def _plain(schema, text):
    return sorted((e.message, tuple((l.line, l.column) for l in e.locations or ())) for e in validate(
        schema, parse(text), [*specified_rules, NoDeprecatedCustomRule]
    ))


def _ours(schema, text):
    document = parse(text)
    rules = validation._tagged_rules("warning")
    return sorted((e.message, tuple((l.line, l.column) for l in e.locations or ())) for e in validate(schema, document, rules))


@pytest.mark.parametrize("text", DOCUMENTS)
def test_the_same_errors_as_graphql_core(text):
    schema = HoustonSchema.bundled(None).schema
    plain = _plain(schema, text)
    assert plain  # every document here is wrong somehow: the comparison sees errors
    assert _ours(schema, text) == plain


def test_each_distinct_document_is_validated_once_per_process():
    options = Options(schema=BundledSchema(None), versions=VersionTable.bundled(), validate=True, writing=False)
    text = b"query Repeated($r: String) { deployments(releaseName: $r) { id label nope } }\n"
    before = validation.validations
    results = [process(f"copy{i}.graphql", text, options) for i in range(5)]
    other = process("other.graphql", text.replace(b"label", b"releaseName"), options)
    assert validation.validations - before == 2
    codes = [[f.code for f in r.findings if f.severity == "error"] for r in results + [other]]
    assert codes == [["fields-on-correct-type"]] * 6  # every copy still gets its own finding
    assert {f.path for r in results for f in r.findings} == {f"copy{i}.graphql" for i in range(5)}
