"""Red team 28 (report 11b, "never edit anything other code also reads"), f2: a snapshot ``.graphql`` file a test
compares with a constant the tool holds.

``deploy.py`` sends ``CREATE`` (``airflowVersion: "2.3.4-11"``); ``tests/test_snap.py`` imports ``CREATE`` (so the
tool holds it: review-imported-constant) and asserts ``CREATE.strip() == (HERE / "snapshots" /
"create.graphql").read_text().strip()`` (or pytest-snapshot's ``snapshot.assert_match(CREATE, "create.graphql")``).
The snapshot was rewritten while ``CREATE`` was held: the test broke.  The snapshot is now held too, with a
review-template-fill naming the test's line.  Control: a test that imports only a function and compares nothing
with the file leaves the snapshot migrated as before.
"""

import sys

import pytest

from trust_cli import git_tree, run_cli

DEPLOY = '''import requests
CREATE = """
mutation Create($ws: Uuid!) {
  createDeployment(workspaceUuid: $ws, label: "etl", type: "airflow", airflowVersion: "2.3.4-11") { id }
}
"""
def run(ws):
    return requests.post("https://houston.example.com/v1", json={"query": CREATE, "variables": {"ws": ws}})
'''
SNAPSHOT = (
    'mutation Create($ws: Uuid!) {\n'
    '  createDeployment(workspaceUuid: $ws, label: "etl", type: "airflow", airflowVersion: "2.3.4-11") { id }\n}\n'
)
SNAP = "tests/snapshots/" + "create.graphql"
TESTS = {
    "read_text": (
        "tests/test_snap.py",
        "from pathlib import Path\nfrom deploy import CREATE\n\n\ndef test_snapshot():\n"
        "    snap = (Path(__file__).parent / \"snapshots\" / \"create" + ".graphql\").read_text()\n"
        "    assert CREATE.strip() == snap.strip()\n",
        6,
    ),
    "pytest_snapshot": (
        "tests/test_q.py",
        "from deploy import CREATE\n\n\ndef test_create(snapshot):\n    snapshot.snapshot_dir = \"tests/snapshots\"\n"
        "    snapshot.assert_match(CREATE, \"create" + ".graphql\")\n",
        6,
    ),
}


def _rewrite(tmp_path, test_name, test_text):
    git_tree(tmp_path, {"deploy.py": DEPLOY, SNAP: SNAPSHOT, test_name: test_text})
    completed = run_cli("rewrite", "--no-cache", "-j", "1", ".", cwd=tmp_path)
    assert completed.returncode in (0, 1) and "Traceback" not in completed.stderr, completed.stderr
    return completed.stdout + completed.stderr


@pytest.mark.parametrize("form", sorted(TESTS))
def test_snapshot_compared_with_a_held_constant_is_held(tmp_path, form):
    test_name, test_text, line = TESTS[form]
    said = _rewrite(tmp_path, test_name, test_text)
    assert (tmp_path / "deploy.py").read_text() == DEPLOY, said
    assert (tmp_path / SNAP).read_text() == SNAPSHOT, said
    reviews = [l for l in said.splitlines() if l.startswith(SNAP + ":") and "review-template-fill" in l]
    assert reviews and f"{test_name} (line {line})" in reviews[0] and "CREATE" in reviews[0], said
    again = run_cli("rewrite", "--no-cache", "-j", "1", ".", cwd=tmp_path)
    assert (tmp_path / SNAP).read_text() == SNAPSHOT and "review-template-fill" in again.stdout + again.stderr


def test_the_equality_still_holds_after_rewrite(tmp_path):
    test_name, test_text, _ = TESTS["read_text"]
    _rewrite(tmp_path, test_name, test_text)
    sys.path.insert(0, str(tmp_path))
    try:
        namespace = {}
        exec(compile((tmp_path / "deploy.py").read_text().replace("import requests", ""), "deploy.py", "exec"), namespace)
    finally:
        sys.path.remove(str(tmp_path))
    assert namespace["CREATE"].strip() == (tmp_path / SNAP).read_text().strip()


def test_a_test_comparing_nothing_with_the_file_leaves_it_migrated(tmp_path):
    said = _rewrite(tmp_path, "tests/test_run.py", (
        "from pathlib import Path\nfrom deploy import run\n\n\ndef test_run():\n"
        "    assert (Path(__file__).parent / \"snapshots\" / \"create" + ".graphql\").read_text().startswith(\"mutation\")\n"
    ))
    assert "runtimeVersion" in (tmp_path / SNAP).read_text(), said
