"""Red team 20 (report 11a), F5: under GitHub Actions, annotations and SARIF name files from the checkout's top.

A workflow step with ``working-directory: scripts`` ran ``check --format github`` / ``--format sarif``,
which named ``deploy.py``; GitHub resolves both from the top of the checkout (``GITHUB_WORKSPACE``),
so the annotation and the alert landed on the repository's other ``deploy.py``.  Outside Actions the
names stay as the run found them.
"""

import json
import subprocess

from trust_cli import run_cli

SCRIPT = '''import requests

q = """mutation { createDeployment(workspaceUuid: "w", label: "l", type: "airflow", airflowVersion: "2.3.4-11") { id } }"""
requests.post("https://houston.example.com/v1", json={"query": q}, headers={"authorization": "t"})
'''


def test_github_and_sarif_name_files_from_the_workspace(tmp_path):
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / "deploy.py").write_text('print("another script at the top")\n')
    (tmp_path / "scripts").mkdir()
    (tmp_path / "scripts" / "deploy.py").write_text(SCRIPT)
    scripts = tmp_path / "scripts"
    actions = {"GITHUB_WORKSPACE": str(tmp_path), "GITHUB_ACTIONS": "true"}
    github = run_cli("check", "--no-cache", "--format", "github", ".", cwd=scripts, env=actions)
    files = {part.split("file=", 1)[1].split(",", 1)[0] for part in github.stdout.splitlines()}
    assert files == {"scripts/deploy.py"}, github.stdout
    sarif = json.loads(run_cli("check", "--no-cache", "--format", "sarif", ".", cwd=scripts, env=actions).stdout)
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in sarif["runs"][0]["results"]}
    assert uris == {"scripts/deploy.py"}, uris
    # not under Actions: as the run found it
    local = run_cli("check", "--no-cache", "--format", "github", ".", cwd=scripts)
    assert {p.split("file=", 1)[1].split(",", 1)[0] for p in local.stdout.splitlines()} == {"deploy.py"}
