"""Trust findings of red team 15 (report 11a), through the installed CLI.

F1: ``GITHUB_STEP_SUMMARY`` naming a symbolic or a hard link to an input script appended the job
summary's Markdown to the script (it no longer parsed) and exited 0; the name was compared, not
the file.  Now the file is judged: what a link resolves to, identity with the run's files, and a
file with other names is not appended to.
"""

import os

import pytest
from trust_cli import run_cli

SCRIPT = '''import os
import requests

DOC = """
mutation C($ws: Uuid!) {
  createDeployment(workspaceUuid: $ws, releaseName: "r", label: "etl", type: "airflow", airflowVersion: "2.3.4") { id }
}
"""
requests.post("https://houston.example.com/v1", json={"query": DOC, "variables": {"ws": "w"}},
              headers={"authorization": os.environ["HOUSTON_API_TOKEN"]})
'''


@pytest.mark.parametrize("link", ["hard", "symbolic"])
def test_a_summary_through_a_link_to_an_input_is_refused(tmp_path, link):
    (tmp_path / "scripts").mkdir()
    script = tmp_path / "scripts" / "create.py"
    script.write_text(SCRIPT)
    summary = tmp_path / "summary.md"
    if link == "hard":
        os.link(script, summary)
    else:
        summary.symlink_to("scripts/create.py")
    completed = run_cli("check", "--no-cache", "scripts", cwd=tmp_path, env={"GITHUB_STEP_SUMMARY": "summary.md"})
    assert "Traceback" not in completed.stderr
    assert "GITHUB_STEP_SUMMARY summary.md: is " in completed.stderr, completed.stderr
    assert "no summary written" in completed.stderr
    assert script.read_text() == SCRIPT


def test_a_summary_file_with_another_name_outside_the_run_is_refused(tmp_path):
    (tmp_path / "scripts").mkdir()
    (tmp_path / "scripts" / "create.py").write_text(SCRIPT)
    other = tmp_path / "notes.txt"
    other.write_text("kept\n")
    os.link(other, tmp_path / "summary.md")
    completed = run_cli("check", "--no-cache", "scripts", cwd=tmp_path, env={"GITHUB_STEP_SUMMARY": "summary.md"})
    assert "other names (hard links)" in completed.stderr, completed.stderr
    assert other.read_text() == "kept\n"


def test_a_plain_summary_file_is_still_appended_to(tmp_path):
    (tmp_path / "scripts").mkdir()
    (tmp_path / "scripts" / "create.py").write_text(SCRIPT)
    (tmp_path / "summary.md").write_text("earlier step\n")
    completed = run_cli("check", "--no-cache", "scripts", cwd=tmp_path, env={"GITHUB_STEP_SUMMARY": "summary.md"})
    assert "GITHUB_STEP_SUMMARY" not in completed.stderr, completed.stderr
    text = (tmp_path / "summary.md").read_text()
    assert text.startswith("earlier step\n") and "houston-codemod check" in text


@pytest.mark.parametrize("limit", ["-1", "-2", "0"])
def test_fleet_limit_below_one_is_one_line_and_exit_2(tmp_path, limit):
    """F2: all-repos slices the repositories with --limit, so -1 committed to all but the last and
    -2 did nothing with exit 0."""
    completed = run_cli("fleet", f"--limit={limit}", "--dry-run", cwd=tmp_path)
    assert completed.returncode == 2
    assert completed.stderr.strip().splitlines() == [
        f"houston-codemod: --limit {limit}: must be a whole number of repositories, 1 or more"
    ]


@pytest.mark.parametrize("sdl", [
    "type Mutation { createDeployment(label: String): String }\n",  # no query type at all
    "type Deployment { id: ID }\n",
])
def test_a_schema_file_graphql_cannot_validate_against_is_one_line_and_exit_2(tmp_path, sdl):
    """Red team 16 (report 11a), F2: an SDL with no query type built, then every file of the run
    ended in 'internal error: TypeError: Query root type must be provided.'; rewrite even exited 0."""
    (tmp_path / "schema.graphql").write_text(sdl)
    (tmp_path / "scripts").mkdir()
    (tmp_path / "scripts" / "create.py").write_text(SCRIPT)
    for command in ("check", "rewrite"):
        completed = run_cli(command, "--no-cache", "--schema", "schema.graphql", "scripts", cwd=tmp_path)
        assert completed.returncode == 2, (command, completed.stderr)
        assert completed.stderr.strip().splitlines() == [
            "houston-codemod: schema.graphql at 1.0.0: not a usable schema: Query root type must be provided."
        ], completed.stderr
        assert "internal error" not in completed.stderr
    assert (tmp_path / "scripts" / "create.py").read_text() == SCRIPT
