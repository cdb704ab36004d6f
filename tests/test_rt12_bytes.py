"""Red team 11, report 13, F6: documents in bytes literals and in a request body's JSON text.

Every case runs the installed console script (``trust_cli.run_cli``) on a file in a
temporary directory: ``check --houston-version 1.0.1`` must report the field at its
own line and column (through the Python escapes of the literal and the JSON escapes
of the body), and ``rewrite`` must either write bytes that still parse, as JSON and as
Python, and read back as the migrated document, or leave the file alone with a review.
"""

import ast
import json
import re

from trust_cli import run_cli

HEAD = 'import os, requests\nURL = "https://houston.example.com/v1"\nH = {"authorization": os.environ["HOUSTON_API_TOKEN"]}\n'
ERROR = re.compile(r"^dep\.py:(\d+):(\d+): error fields-on-correct-type Cannot query field 'airflowVersion'", re.M)


def _write(tmp_path, body: str) -> str:
    text = HEAD + body
    (tmp_path / "dep.py").write_bytes(text.encode())
    return text


def _position(text: str, needle: str, nth: int = 0):
    """1-based (line, column) of the nth occurrence of ``needle`` in ``text``."""
    at = -1
    for _ in range(nth + 1):
        at = text.index(needle, at + 1)
    line = text.count("\n", 0, at) + 1
    return line, at - (text.rfind("\n", 0, at) + 1) + 1


def _errors(tmp_path):
    result = run_cli("check", "--houston-version", "1.0.1", "--no-cache", "-j1", ".", cwd=tmp_path)
    assert "Traceback" not in result.stdout + result.stderr
    return result, [(int(m.group(1)), int(m.group(2))) for m in ERROR.finditer(result.stdout)]


def _rewrite(tmp_path):
    result = run_cli("rewrite", "--no-cache", "-j1", ".", cwd=tmp_path)
    assert result.returncode in (0, 1), result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    return result, (tmp_path / "dep.py").read_bytes().decode()


def _sent(text: str, name: str):
    """The value bound to ``name`` in the module (a literal): what the script sends."""
    for node in ast.parse(text).body:
        if isinstance(node, ast.Assign) and node.targets[0].id == name:
            return ast.literal_eval(node.value)
    raise AssertionError(name)


def test_report_case_bytes_json_body_and_decoded_bytes_are_checked_at_the_field(tmp_path):
    text = _write(tmp_path, (
        "def a():\n"
        "    return requests.post(URL, data=b'{\"query\": \"{ deployments { id airflowVersion } }\"}', headers=H).json()\n"
        "def b():\n"
        "    return requests.post(URL, json={\"query\": b\"{ deployments { id airflowVersion } }\".decode()}, headers=H).json()\n"
    ))
    result, errors = _errors(tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert errors == [_position(text, "airflowVersion", 0), _position(text, "airflowVersion", 1)], result.stdout
    assert "2 documents found (2 for Houston)" in result.stderr


def test_json_escapes_and_python_escapes_map_to_the_file(tmp_path):
    # \\" is a JSON-escaped quote written in a non-raw bytes literal; \\u0061 a JSON escape for "a";
    # \\n a JSON newline between lines of the document.
    body = (
        'Q = b\'{"query": "query D($l: String) {\\\\n  deployments(label: \\\\"x\\\\") { id \\\\u0061irflowVersion }\\\\n}"}\'\n'
        "def a():\n"
        "    return requests.post(URL, data=Q, headers=H).json()\n"
    )
    text = _write(tmp_path, body)
    sent = json.loads(_sent(text, "Q"))["query"]
    assert 'deployments(label: "x") { id airflowVersion }' in sent  # the test writes what it means to
    result, errors = _errors(tmp_path)
    assert errors == [_position(text, "\\\\u0061irflowVersion")], result.stdout
    # rewrite: the alias is plain ASCII, so it is written over the escaped name; JSON and Python still read
    _, after = _rewrite(tmp_path)
    query = json.loads(_sent(after, "Q"))["query"]
    assert query == sent.replace("id airflowVersion", "id airflowVersion: runtimeAirflowVersion")
    assert after.replace(_sent_line(after), "") == text.replace(_sent_line(text), "")  # nothing else changed
    again = run_cli("rewrite", "--check", "--no-cache", "-j1", ".", cwd=tmp_path)
    assert again.returncode == 0, again.stdout + again.stderr  # idempotent
    _, errors = _errors(tmp_path)
    assert errors == []


def _sent_line(text: str) -> str:
    return next(line for line in text.splitlines() if line.startswith("Q = "))


def test_mutation_in_a_json_body_is_rewritten_byte_exact(tmp_path):
    body = (
        'Q = b\'{"query": "mutation { updateDeploymentAirflow(deploymentUuid: \\\\"d1\\\\", '
        'desiredAirflowVersion: \\\\"2.3.4-11\\\\") { id } }"}\'\n'
        "def a():\n"
        "    return requests.post(URL, data=Q, headers=H).json()\n"
    )
    text = _write(tmp_path, body)
    result, after = _rewrite(tmp_path)
    query = json.loads(_sent(after, "Q"))["query"]
    # the mutation keeps its response key (an alias), as for any other literal
    assert query == 'mutation { updateDeploymentAirflow: updateDeploymentRuntime(deploymentUuid: "d1", desiredRuntimeVersion: "5.5.0") { id } }', (
        result.stdout + result.stderr
    )
    assert after.startswith(HEAD) and after.endswith(text[text.index("def a"):])


def test_a_body_with_variables_is_reviewed_not_edited(tmp_path):
    body = (
        'Q = b\'{"query": "mutation U($v: String!) { updateDeploymentAirflow(deploymentUuid: \\\\"d1\\\\", '
        'desiredAirflowVersion: $v) { id } }", "variables": {"v": "2.3.4-11"}}\'\n'
        "def a():\n"
        "    return requests.post(URL, data=Q, headers=H).json()\n"
    )
    text = _write(tmp_path, body)
    result, after = _rewrite(tmp_path)
    assert after == text
    assert re.search(r"^dep\.py:4:\d+: warning review-json-body .*not rewritten: the request body's variables", result.stdout + result.stderr, re.M), (
        result.stdout + result.stderr
    )


def test_text_json_bodies_and_content_keyword_are_read_too(tmp_path):
    text = _write(tmp_path, (
        "def a():\n"
        "    return requests.post(URL, content='{\"query\": \"{ deployments { airflowVersion } }\"}', headers=H)\n"
    ))
    _, errors = _errors(tmp_path)
    assert errors == [_position(text, "airflowVersion")]


def test_bodies_that_are_no_json_document_are_not_documents(tmp_path):
    _write(tmp_path, (
        "def a():\n"
        "    requests.post(URL, data=b'{\"query\": 5, \"x\": \"{ deployments { airflowVersion } }\"}', headers=H)\n"
        "    requests.post(URL, data=b'{\"query\": \"{ deployments { airflowVersion } }\"', headers=H)\n"
        "    requests.post(URL, data=b'airflowVersion=1', headers=H)\n"
    ))
    result, errors = _errors(tmp_path)
    assert errors == [] and result.returncode == 0, result.stdout + result.stderr
    assert "0 documents found" in result.stderr


def test_non_ascii_is_never_written_into_bytes():
    from codemods.sources.splice import python_source
    from codemods.sources.text_map import LiteralPiece

    assert python_source("5.5.0", LiteralPiece(0, 0, "b", "'")) == "5.5.0"
    assert python_source("5.5.0\u00e9", LiteralPiece(0, 0, "b", "'")) is None  # would be \xe9: not UTF-8 é
    assert python_source("5.5.0\u00e9", LiteralPiece(0, 0, "", "'")) == "5.5.0\\xe9"
    assert python_source('a"b', LiteralPiece(0, 0, "b", "'", json=True)) is None  # needs a JSON escape too
