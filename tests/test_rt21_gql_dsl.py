"""Red team 20 (pass 20, report 13), F6: gql's DSL operations posting to Houston were invisible.

``DSLSchema(client.schema).Mutation.updateDeploymentAirflow.args(desiredAirflowVersion=...)`` with
``dsl_gql(...)`` over a ``RequestsHTTPTransport(url="https://houston.example.com/v1")``: 0 documents
found, no finding, while ``updateDeploymentAirflow``, ``desiredAirflowVersion`` and
``Deployment.airflowVersion`` are gone in Houston 1.0.1.  Like sgqlc operations, each use is now
reviewed (``review-gql-dsl-operation``) with the change to make, never rewritten, and listed for
``--explain``.  Controls: the Runtime fields are not reviewed; the same DSL over another API's transport
(its own ``Deployment`` type) gets no finding; sgqlc keeps its review.
"""

import re

from trust_cli import run_cli

_HEAD = '''import os

from gql import Client
from gql.dsl import DSLMutation, DSLQuery, DSLSchema, dsl_gql
from gql.transport.requests import RequestsHTTPTransport

transport = RequestsHTTPTransport(url="{url}", headers={{"authorization": os.environ["TOKEN"]}})
client = Client(transport=transport, fetch_schema_from_transport=True)
'''

_BODY = '''

def upgrade(dep_id, version="2.4.3-6"):
    with client as session:
        ds = DSLSchema(client.schema)
        op = DSLMutation(
            ds.Mutation.updateDeploymentAirflow.args(deploymentUuid=dep_id, desiredAirflowVersion="2.4.3-6").select(  # F6 op
                ds.Deployment.id, ds.Deployment.desiredAirflowVersion  # F6 selection
            )
        )
        return session.execute(dsl_gql(op))


def upgrade_default(dep_id, version="2.4.3-6"):
    ds = DSLSchema(client.schema)
    return dsl_gql(DSLMutation(ds.Mutation.updateDeploymentAirflow.args(deploymentUuid=dep_id, desiredAirflowVersion=version)))  # F6 default


def create(ws):
    with client as session:
        ds = DSLSchema(client.schema)
        op = DSLMutation(ds.Mutation.createDeployment.args(workspaceUuid=ws, label="x", airflowVersion="2.3.4-11").select(ds.Deployment.id))  # F6 create
        return session.execute(dsl_gql(op))


def fine(dep_id):
    with client as session:
        ds = DSLSchema(client.schema)
        op = DSLMutation(ds.Mutation.updateDeploymentRuntime.args(deploymentUuid=dep_id, desiredRuntimeVersion="6.10.0").select(ds.Deployment.runtimeVersion))  # control runtime
        return session.execute(dsl_gql(op))
'''

SGQLC = '''from sgqlc.endpoint.http import HTTPEndpoint
from sgqlc.operation import Operation
from houston_schema import houston_schema as schema

endpoint = HTTPEndpoint("https://houston.example.com/v1")


def upgrade_default(dep_id, version="2.4.3-6"):
    ds = DSLSchema(client.schema)
    return dsl_gql(DSLMutation(ds.Mutation.updateDeploymentAirflow.args(deploymentUuid=dep_id, desiredAirflowVersion=version)))  # F6 default


def create(ws):
    op = Operation(schema.Mutation)
    op.create_deployment(workspace_uuid=ws, label="x", airflow_version="2.3.4-11")  # control sgqlc
    return endpoint(op)
'''


def _line_of(text, needle):
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


def test_gql_dsl_operations_are_reviewed_for_houston_only(tmp_path):
    houston = _HEAD.format(url="https://houston.example.com/v1") + _BODY
    other = _HEAD.format(url="https://cmdb.acme-corp.net/graphql") + _BODY
    (tmp_path / "dsl.py").write_text(houston)
    (tmp_path / "other.py").write_text(other)
    (tmp_path / "sg.py").write_text(SGQLC)
    result = run_cli("check", "--no-cache", "--houston-version", "1.0.1", ".", cwd=tmp_path)
    assert "Traceback" not in result.stderr, result.stderr
    found = {}
    for match in re.finditer(r"^([\w.]+):(\d+):\d+: warning (\S+) (.*)$", result.stderr + result.stdout, re.M):
        found.setdefault(match.group(1), {})[int(match.group(2))] = (match.group(3), match.group(4))
    dsl = found.get("dsl.py", {})
    code, message = dsl.get(_line_of(houston, "# F6 op"), (None, ""))
    assert code == "review-gql-dsl-operation" and "updateDeploymentRuntime" in message and '"6.10.0"' in message, result.stderr
    code, message = dsl.get(_line_of(houston, "# F6 selection"), (None, ""))
    assert code == "review-gql-dsl-operation" and "desiredRuntimeVersion" in message, result.stderr
    code, message = dsl.get(_line_of(houston, "# F6 default"), (None, ""))
    assert code == "review-gql-dsl-operation" and '"6.10.0" for its value \'2.4.3-6\'' in message, result.stderr
    code, message = dsl.get(_line_of(houston, "# F6 create"), (None, ""))
    assert code == "review-gql-dsl-operation" and 'runtimeVersion="5.5.0"' in message, result.stderr
    assert _line_of(houston, "# control runtime") not in dsl, result.stderr
    assert "other.py" not in found, result.stderr  # another API's DSL: its own Deployment type
    assert found.get("sg.py", {}).get(_line_of(SGQLC, "# control sgqlc"), (None,))[0] == "review-sgqlc-operation", result.stderr
    explained = run_cli("check", "--explain", "dsl.py", cwd=tmp_path)
    assert "gql DSL Mutation.updateDeploymentAirflow" in explained.stdout + explained.stderr
