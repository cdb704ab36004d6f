"""Houston or not (issue 12): every verdict comes from evidence, is explained, and decides what is checked.

Each test runs the installed console script on a small file and reads its
JSON report or its ``--explain`` text.
"""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

CLI = shutil.which("houston-codemod") or str(Path(sys.executable).with_name("houston-codemod"))
HOUSTON_POST = 'import requests\nrequests.post("https://houston.example.com/v1", json={{"query": {name}}})\n'


def run(*args, cwd=None):
    return subprocess.run([CLI, *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=120)


def check_json(path, *extra):
    completed = run("check", "--format", "json", *extra, path)
    return completed, json.loads(completed.stdout)


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text)
    return path


def test_typo_in_the_root_field_of_a_document_posted_to_houston_is_an_error(tmp_path):
    path = write(tmp_path, "s.py", 'Q = """\nmutation {\n  createDeploymnt(workspaceUuid: "w", label: "l") { id }\n}\n"""\n' + HOUSTON_POST.format(name="Q"))
    completed, report = check_json(path)
    assert completed.returncode == 1
    assert report["documents"][0]["houston"] is True
    assert any(e.startswith("url houston.example.com") for e in report["documents"][0]["evidence"])
    (error,) = [f for f in report["findings"] if f["severity"] == "error"]
    assert (error["line"], error["code"]) == (3, "fields-on-correct-type")
    assert "Did you mean 'createDeployment'" in error["message"]


def test_unknown_query_root_field_sent_to_houston_is_an_error(tmp_path):
    path = write(tmp_path, "s.py", 'Q = "{ deploymentz { id } }"\n' + HOUSTON_POST.format(name="Q"))
    completed, report = check_json(path)
    assert completed.returncode == 1
    assert [f["line"] for f in report["findings"] if f["severity"] == "error"] == [1]


def test_a_field_of_another_platform_version_names_that_version(tmp_path):
    path = write(tmp_path, "s.py", 'Q = "{ paginatedDeployments(take: 5) { id } }"\n' + HOUSTON_POST.format(name="Q"))
    completed, report = check_json(path, "--houston-version", "0.29")
    assert completed.returncode == 1
    (error,) = [f for f in report["findings"] if f["severity"] == "error"]
    assert "introduced in Houston 0.32.0" in error["message"] and "--houston-version 0.32.0" in error["message"]
    completed, report = check_json(path, "--houston-version", "0.32")
    assert completed.returncode == 0, report["findings"]


SERVER_TEST = '''import strawberry
from .schema import schema


def test_create_user():
    result = schema.execute_sync("""
        mutation { createUser(email: "a@b.c") { id } }
    """)
    assert result.errors is None


def test_users():
    result = schema.execute_sync("query { users { id email } }")
    assert result.data


QUERY = """
query Q { deployment(id: 1) { status } }
"""
'''


def test_a_server_test_module_is_not_houston_and_gets_no_finding(tmp_path):
    path = write(tmp_path, "test_schema.py", SERVER_TEST)
    completed, report = check_json(path)
    assert completed.returncode == 0, completed.stderr
    assert report["findings"] == []
    assert [d["houston"] for d in report["documents"]] == [False, False, False]
    evidence = report["documents"][0]["evidence"]
    assert "executed locally: schema.execute_sync (line 6)" in evidence
    assert any(e.startswith("GraphQL server framework imported: import strawberry (line 1)") for e in evidence)
    assert run("rewrite", "--check", path).returncode == 0


def test_a_fragment_on_a_shared_type_name_is_not_houston(tmp_path):
    path = write(tmp_path, "f.py", 'F = """\nfragment UserParts on User { id email nickname }\n"""\n')
    completed, report = check_json(path)
    assert completed.returncode == 0
    assert report["documents"][0]["houston"] is False
    assert report["findings"] == []


def test_undecided_document_is_listed_with_its_evidence_and_not_validated(tmp_path):
    path = write(tmp_path, "u.py", '# for Houston\nQ = "query { deploymentz { id nope } }"\nsend(Q)\n')
    completed, report = check_json(path)
    assert completed.returncode == 0
    (document,) = report["documents"]
    assert document["houston"] is None
    assert document["evidence"] == ["root field one typo from Houston's: deploymentz (Houston has deployment)"]
    assert report["findings"] == []
    assert "1 undecided" in completed.stderr


def test_syntax_errors_only_for_documents_bound_for_houston(tmp_path):
    broken = '{ repository(owner: "a", name: "b") { issues { id }'
    other = write(tmp_path, "gh.py", f'Q = """{broken}"""\nrequests.post("https://api.github.com/graphql", json={{"query": Q}})\n')
    completed, report = check_json(other)
    assert (completed.returncode, report["findings"]) == (0, [])
    mine = write(tmp_path, "h.py", 'Q = """{ deployments { id }"""\n' + HOUSTON_POST.format(name="Q"))
    completed, report = check_json(mine)
    assert completed.returncode == 1
    assert [f["code"] for f in report["findings"]] == ["graphql-syntax"]


def test_explain_prints_verdict_and_weighed_evidence(tmp_path):
    path = write(tmp_path, "s.py", 'Q = "{ deployments { id } }"\n' + HOUSTON_POST.format(name="Q") + 'G = "query { users { id } }"\nrequests.post("https://api.github.com/graphql", json={"query": G})\n')
    completed = run("check", "--explain", f"{path}:1")
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.splitlines() == [
        f"{path}:1:5: Houston ((anonymous))",
        "  + url houston.example.com/v1 (call at line 3) [decisive]",
        "  + Houston endpoint named in the file: houston.example.com/v1 (line 3) [context]",
        # A root field with no arguments is any platform's noun (red team 6, F1b): not Houston's own words.
        "  - only names any API has: deployments [weak]",
    ]
    whole = run("check", "--explain", path).stdout
    assert f"{path}:4:5: not Houston ((anonymous))\n  - url api.github.com/graphql (call at line 5) [decisive]\n" in whole


@pytest.mark.parametrize(
    "document, houston",
    [
        ('mutation { createDeployment(service: "api", environment: "prod") { id } }', False),  # arguments Houston never had
        ('mutation { createUser(email: "a@b.c") { id } }', False),  # generic name, fits the schema
        ("query { viewer { login } }", False),  # not Houston's
        ("query { __schema { types { name } } }", False),  # introspection
        ('query { workspace(workspaceUuid: "w") { id label } }', True),
        ("fragment D on Deployment { id releaseName }", True),
    ],
)
def test_the_documents_own_words_weigh_little_but_decide_alone(tmp_path, document, houston):
    # The comment only lets the file past the prefilter; comments are no evidence.
    path = write(tmp_path, "d.py", f'# Houston?\nQ = """{document}"""\n')
    _completed, report = check_json(path)
    assert report["documents"][0]["houston"] is houston


def test_replace_and_template_placeholders_are_holes_not_variables(tmp_path):
    """A public migration script fills "$envVars" with str.replace before sending: no undefined variable."""
    path = write(tmp_path, "fill.py", (Path(__file__).parent / "cases" / "templates" / "replace_and_string_template.py").read_text())
    completed, report = check_json(path)
    assert completed.returncode == 0, report["findings"]
    assert [d["houston"] for d in report["documents"]] == [True, True, True]
    assert not any("is not defined" in f["message"] for f in report["findings"])
    reviews = [(f["line"], f["code"]) for f in report["findings"] if f["code"].startswith("review-")]
    # line 13's $version is given the literal "2.3.4" by the one substitute(): it migrates with the
    # argument (red team 22, report 11b, f5); line 26's comes from a parameter
    assert reviews == [(26, "review-template-version")]


PY312 = '''from requests import post


class Edge[T]:
    node: T


def first[T: (int, str), *Ts](items: list[T]) -> T:
    return items[0]


type Pair[K] = tuple[K, K]
Q = "mutation { createDeployment(workspaceUuid: \\"w\\", label: \\"é\\", type: \\"airflow\\", airflowVersion: \\"2.3.4\\") { nope } }"
post("https://houston.example.com/v1", json={"query": Q})
'''


def test_python_newer_than_the_interpreter_is_read_with_exact_positions(tmp_path):
    path = write(tmp_path, "edges.py", PY312)
    completed, report = check_json(path)
    assert completed.returncode == 1, completed.stderr  # the document's error, not exit 2
    assert [(f["line"], f["column"], f["code"]) for f in report["findings"] if f["severity"] == "error"] == [
        (13, 118, "fields-on-correct-type")  # "nope", counted in characters (é is one)
    ]
    assert run("rewrite", path).returncode == 0
    assert path.read_text() == PY312.replace('airflowVersion: \\"2.3.4\\"', 'runtimeVersion: \\"5.5.0\\"')


def test_a_file_that_is_not_python_3_still_exits_2(tmp_path):
    path = write(tmp_path, "old.py", 'print "deployments"\nQ = "query { deployments { id } }"\n')
    completed = run("check", path)
    assert completed.returncode == 2
    assert "old.py: cannot parse Python: line 1" in completed.stderr


def test_a_test_client_posting_to_its_own_graphql_path_is_not_houston(tmp_path):
    path = write(tmp_path, "test_api.py", (
        "def test_query(client):\n"
        '    response = client.post("/graphql/", json={"query": "query { deployments { id name } }"})\n'
        "    assert response.status_code == 200\n"
    ))
    completed, report = check_json(path)
    assert (completed.returncode, report["findings"]) == (0, [])
    (document,) = report["documents"]
    assert document["houston"] is False
    assert document["evidence"][0] == "url /graphql/: a path of this project's own server (call at line 2)"
