"""Red team 12 (issue 12), F3/F4/F6/F8: project schemas, test clients, client classes, broken keywords.

Each test runs the installed console script over a directory (``check --format json``, or ``rewrite``).

* F3: a graphql-config / codegen ``schema:`` that is another host's URL (never fetched) or a local
  introspection ``schema.json`` binds the project's documents to that schema: evidence against Houston,
  so they are neither reported nor rewritten.  Houston's own URL or introspection stays no evidence.
"""

import json

import pytest
from verdicts_cli import at, check, run, write

DEPLOYMENTS = "query AllDeployments {\n  deployments {\n    id\n    releaseName\n    airflowVersion\n  }\n}\n"


def _introspection(fields):
    """A minimal introspection result declaring ``Deployment { fields }`` and ``Query.deployments``."""
    def field(name, kind="SCALAR", type_name="String", of=None):
        return {"name": name, "description": None, "args": [], "isDeprecated": False, "deprecationReason": None,
                "type": of or {"kind": kind, "name": type_name, "ofType": None}}

    listed = {"kind": "LIST", "name": None, "ofType": {"kind": "OBJECT", "name": "Deployment", "ofType": None}}
    types = [
        {"kind": "OBJECT", "name": "Deployment", "description": None, "fields": [field(f) for f in fields],
         "inputFields": None, "interfaces": [], "enumValues": None, "possibleTypes": None},
        {"kind": "OBJECT", "name": "Query", "description": None, "fields": [field("deployments", of=listed)],
         "inputFields": None, "interfaces": [], "enumValues": None, "possibleTypes": None},
        {"kind": "SCALAR", "name": "String", "description": None, "fields": None, "inputFields": None,
         "interfaces": None, "enumValues": None, "possibleTypes": None},
    ]
    return json.dumps({"data": {"__schema": {"queryType": {"name": "Query"}, "mutationType": None,
                                              "subscriptionType": None, "types": types, "directives": []}}})


@pytest.mark.parametrize(
    "config, extra, words",
    [
        ("codegen.yml", {}, "another API's URL: https://fleet.acme-corp.net/graphql"),
        (".graphqlrc.yml", {}, "another API's URL: https://fleet.acme-corp.net/graphql"),
        ("codegen.yml", {"schema.json": _introspection(["id", "releaseName", "airflowVersion"])}, "introspection schema"),
    ],
)
def test_f3_config_schema_url_or_introspection_is_against_houston(tmp_path, config, extra, words):
    schema = "./schema.json" if extra else '"https://fleet.acme-corp.net/graphql"'
    write(tmp_path, {config: f'schema: {schema}\ndocuments: "src/**/*.graphql"\n', "src/queries/deployments.graphql": DEPLOYMENTS, **extra})
    completed, verdicts, findings = check(tmp_path)
    document = at(verdicts, "src/queries/deployments.graphql", 1)
    assert document["houston"] is False, document
    assert any(words in e and f"named by {config}" in e for e in document["evidence"]), document
    assert findings == [] and completed.returncode == 0
    rewritten = run("rewrite", "--no-cache", ".", cwd=tmp_path)
    assert rewritten.returncode == 0, rewritten.stderr
    assert (tmp_path / "src/queries/deployments.graphql").read_text() == DEPLOYMENTS  # not migrated


@pytest.mark.parametrize(
    "schema, extra",
    [
        ('"https://houston.acme.com/v1"', {}),  # Houston's own endpoint
        ("./schema.json", {"schema.json": _introspection(["id", "releaseName", "airflowVersion", "workspaceUuid"])}),
        ("./schema.json", {"schema.json": '{"not": "an introspection result"}'}),
    ],
)
def test_f3_houston_schema_url_or_introspection_is_no_evidence(tmp_path, schema, extra):
    write(tmp_path, {"codegen.yml": f"schema: {schema}\n", "src/queries/deployments.graphql": DEPLOYMENTS, **extra})
    completed, verdicts, findings = check(tmp_path)
    document = at(verdicts, "src/queries/deployments.graphql", 1)
    assert document["houston"] is True, document  # Houston-only vocabulary, nothing against it
    assert any(f["code"] == "deprecated" for f in findings), findings
