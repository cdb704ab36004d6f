"""Live features against a real GraphQL server on 127.0.0.1 (no mocked transport)."""

import json
from pathlib import Path

import pytest
from graphql import build_schema, find_breaking_changes
from helpers import cli_runner
from houston_server import TOKEN, HoustonServer

from codemods.cli import main
from codemods.houston_schema import HoustonSchema

TABLE = json.loads((Path(__file__).parent.parent / "schema" / "ac-runtime-equivalence.json").read_text())
SCRIPT = 'Q = """mutation { createDeployment(workspaceUuid: "w", label: "l", type: "airflow", airflowVersion: "2.3.4-11") { id } }"""\n'


def invoke(*args, token=TOKEN):
    env = {"HOUSTON_API_TOKEN": token} if token else {"HOUSTON_API_TOKEN": ""}
    return cli_runner().invoke(main, list(args), env=env)


@pytest.fixture
def houston():
    with HoustonServer(catalogue=TABLE["airflow_to_runtime_releases"]) as server:
        yield server


def test_schema_fetch_round_trips_the_served_schema(houston, tmp_path):
    result = invoke("schema", "fetch", houston.url, "-o", str(tmp_path / "live.graphql"))
    assert result.exit_code == 0, result.output
    fetched = build_schema((tmp_path / "live.graphql").read_text())
    served = HoustonSchema.bundled().schema
    assert find_breaking_changes(served, fetched) == [] and find_breaking_changes(fetched, served) == []
    # Deprecated arguments survive the trip (introspection asked for them).
    assert fetched.mutation_type.fields["createDeployment"].args["airflowVersion"].deprecation_reason
    assert houston.requests[0]["headers"]["authorization"] == TOKEN


def test_check_against_the_live_schema(houston, tmp_path):
    # Sent to a Houston URL: a field Houston's types lack makes a words-only document undecided (red team 6, F1c).
    (tmp_path / "bad.py").write_text('Q = "query { deployments { nope } }"\nimport requests\nrequests.post("https://houston.example.com/v1", json={"query": Q})\n')
    result = invoke("check", "--schema", houston.url, str(tmp_path))
    assert result.exit_code == 1
    assert "error fields-on-correct-type Cannot query field 'nope' on type 'Deployment'." in result.stdout


def test_runtime_equivalents_from_the_live_catalogue(tmp_path):
    # This install's catalogue stops at 5.0.9 for Airflow 2.3.4: the live answer wins over the table.
    catalogue = {"2.3.4": ["5.0.8", "5.0.10", "5.0.9"]}
    with HoustonServer(catalogue=catalogue) as server:
        (tmp_path / "s.py").write_text(SCRIPT)
        result = invoke("rewrite", "--versions-from", server.url, str(tmp_path))
    assert result.exit_code == 0, result.output
    assert 'runtimeVersion: "5.0.10"' in (tmp_path / "s.py").read_text()


@pytest.mark.parametrize(
    "command", [["schema", "fetch", "{url}"], ["check", "--schema", "{url}", "{path}"], ["rewrite", "--versions-from", "{url}", "{path}"]]
)
def test_rejected_token_is_one_line_and_never_printed(command, tmp_path):
    secret = "wrong-secret-7f3e9b"
    with HoustonServer(catalogue={}, echo_token_in_errors=True) as server:
        result = invoke(*(c.format(url=server.url, path=tmp_path) for c in command), token=secret)
    assert result.exit_code == 2
    assert "token was rejected" in result.stderr
    assert secret not in result.output and secret not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_introspection_disabled_is_one_line(tmp_path):
    with HoustonServer(catalogue={}, introspection=False) as server:
        result = invoke("schema", "fetch", server.url)
    assert result.exit_code == 2
    assert "introspection is disabled" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_unreachable_url_is_one_line():
    result = invoke("schema", "fetch", "http://127.0.0.1:9/v1")
    assert result.exit_code == 2
    assert result.stderr.strip() == "houston-codemod: http://127.0.0.1:9/v1: unreachable: [Errno 111] Connection refused"


def test_timeout_is_one_line():
    with HoustonServer(catalogue={}, delay=2.0) as server:
        result = invoke("schema", "fetch", "--timeout", "1", server.url)
    assert result.exit_code == 2
    assert result.stderr.strip() == f"houston-codemod: {server.url}: no answer within 1 s"


def test_token_never_reaches_reports_or_files(houston, tmp_path):
    (tmp_path / "s.py").write_text(SCRIPT)
    outputs = []
    for fmt in ("text", "json", "sarif", "github", "github-review", "html"):
        report = tmp_path / f"report.{fmt}"
        result = invoke("check", "--schema", houston.url, "--versions-from", houston.url, "--format", fmt, "-o", str(report), str(tmp_path / "s.py"))
        outputs += [result.output, report.read_text()]
    result = invoke("rewrite", "--versions-from", houston.url, str(tmp_path))
    outputs += [result.output, (tmp_path / "s.py").read_text()]
    assert all(TOKEN not in text for text in outputs)
