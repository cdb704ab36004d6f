"""Red team 21 (report 11a), f5: a credential in a script's Houston URL is not copied into the reports.

``requests.post("https://svc:Pa55word99@houston.example.com/v1?token=abcSECRET123", ...)`` had its user
information and query copied into the JSON and HTML evidence and ``--explain``; the evidence needs only
the host and path.
"""

import json

from trust_cli import run_cli

SCRIPT = '''import requests

CREATE = """mutation { createDeployment(workspaceUuid: "w", label: "l", type: "airflow", airflowVersion: "2.3.4-11") { id } }"""


def create():
    return requests.post(
        "https://svc:Pa55word99@houston.example.com/v1?token=abcSECRET123",
        json={"query": CREATE},
    ).json()
'''


def test_evidence_names_the_host_and_path_only(tmp_path):
    (tmp_path / "s.py").write_text(SCRIPT)
    report = run_cli("check", "--no-cache", "--format", "json", ".", cwd=tmp_path)
    evidence = [e for d in json.loads(report.stdout)["documents"] for e in d["evidence"]]
    assert any("houston.example.com/v1" in e for e in evidence), evidence
    html = run_cli("check", "--no-cache", "--format", "html", ".", cwd=tmp_path)
    explain = run_cli("check", "--no-cache", "--explain", "s.py", ".", cwd=tmp_path)
    for output in (report.stdout, html.stdout, explain.stdout):
        assert "Pa55word99" not in output and "abcSECRET123" not in output and "svc:" not in output
