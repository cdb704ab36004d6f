"""A Houston that serves no Runtime release for an AC version is named as the reason (red team 28, report 13, f10).

``rewrite --versions-from URL`` asks that Houston one Airflow version at a time; when it lists no release
for Airflow 2.2.5 the review said "the AC-to-Runtime table lists the AC releases that have one (none), and
not 2.2.5 (an unknown or unreleased AC version)": untrue, since 2.3.4-11 was mapped by the same server
and AC 2.2.5 is a real release (the bundled table maps it to 4.2.9).
"""

import json

from houston_server import TOKEN, HoustonServer
from trust_cli import git_tree, run_cli

DOCUMENT = (
    "mutation C($ws: Uuid!) {\n"
    '  a: createDeployment(workspaceUuid: $ws, label: "x", type: "airflow", airflowVersion: "2.3.4-11") { id }\n'
    '  c: createDeployment(workspaceUuid: $ws, label: "x", type: "airflow", airflowVersion: "2.2.5") { id }\n'
    "}\n"
)


def test_a_served_table_without_the_version_names_the_server_not_the_version(tmp_path):
    git_tree(tmp_path, {"a.graphql": DOCUMENT})
    with HoustonServer(catalogue={"2.3.4": ["5.0.9"]}) as server:
        done = run_cli("rewrite", "--no-cache", "--check", "--format", "json", "--versions-from", server.url, ".", cwd=tmp_path,
                       env={"HOUSTON_API_TOKEN": TOKEN})
    assert done.returncode in (0, 1), done.stderr
    messages = [f["message"] for f in json.loads(done.stdout)["findings"] if "2.2.5" in f["message"]]
    assert messages, done.stdout
    for message in messages:
        assert "(none)" not in message and "unknown or unreleased" not in message, message
        assert "lists no Astro Runtime release that ships Airflow 2.2.5" in message, message
        assert "4.2.9" in message, message  # the bundled table's answer, so the user can compare
    assert TOKEN not in done.stdout + done.stderr
