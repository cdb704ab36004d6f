"""Red team pass 19, report 11a, F2: ``rewrite --check --diff`` is refused, in either order.

The README gives ``rewrite [--diff | --check]``: alternatives.  Both options set one value, so the
last one given won and the other was dropped without a word (``--check --diff`` printed a diff,
``--diff --check`` a list).  Both together are now one line and exit 2, nothing written; each alone
keeps its own output and exit 1 when a file would change.
"""

from trust_cli import run_cli

SCRIPT = '''import requests

DOC = """
mutation { createDeployment(workspaceUuid: "w", label: "l", type: "airflow", airflowVersion: "2.3.4") { id } }
"""
requests.post("https://houston.example.com/v1", json={"query": DOC}, headers={"authorization": "t"})
'''


def test_both_modes_are_refused_and_each_alone_works(tmp_path):
    script = tmp_path / "deploy.py"
    script.write_text(SCRIPT)
    for order in (("--check", "--diff"), ("--diff", "--check")):
        done = run_cli("rewrite", *order, "--no-cache", ".", cwd=tmp_path)
        assert done.returncode == 2 and done.stdout == "", (order, done.returncode, done.stdout)
        assert done.stderr.splitlines() == [
            "houston-codemod: --diff and --check are alternatives: give one of them; nothing rewritten"
        ], done.stderr
        assert script.read_text() == SCRIPT
    listed = run_cli("rewrite", "--check", "--no-cache", ".", cwd=tmp_path)
    assert listed.returncode == 1 and listed.stdout.splitlines() == ["deploy.py"], (listed.stdout, listed.stderr)
    diffed = run_cli("rewrite", "--diff", "--no-cache", ".", cwd=tmp_path)
    assert diffed.returncode == 1 and "\n-mutation { createDeployment" in diffed.stdout and "runtimeVersion" in diffed.stdout
    assert script.read_text() == SCRIPT
