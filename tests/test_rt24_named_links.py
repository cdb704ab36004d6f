"""Red team 23, report 11a, f2: a link named on the command line follows the walk's rules.

``rewrite $(git ls-files)`` named tracked links ``scripts/client.py -> ../.venv/.../site-packages/pkg/
client.py`` and ``scripts/tool.py -> ../../outside/shared_tool.py`` and rewrote both targets, an installed
package's file and a file outside the repository, while ``rewrite .`` skipped them.  A named link is now
passed over when the walk from the working directory would not follow it.
"""

import os

from trust_cli import run_cli

AC = '''import requests
Q = 'mutation { createDeployment(workspaceUuid: "w", label: "l", type: "airflow", airflowVersion: "2.3.4-11") { id } }'
def go(token):
    return requests.post("https://houston.example.com/v1", json={"query": Q}, headers={"authorization": token})
'''


def test_named_links_out_of_the_tree_or_into_skipped_folders_are_not_written(tmp_path):
    repo = tmp_path / "repo"
    package = repo / ".venv" / "lib" / "python3.11" / "site-packages" / "pkg"
    package.mkdir(parents=True)
    (package / "client.py").write_text(AC)
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "shared_tool.py").write_text(AC)
    (repo / "scripts").mkdir()
    (repo / "scripts" / "own.py").write_text(AC)
    os.symlink("../.venv/lib/python3.11/site-packages/pkg/client.py", repo / "scripts" / "client.py")
    os.symlink("../../outside/shared_tool.py", repo / "scripts" / "tool.py")
    os.symlink("own.py", repo / "scripts" / "own_link.py")
    names = ["scripts/client.py", "scripts/tool.py", "scripts/own_link.py"]
    done = run_cli("rewrite", "--no-cache", *names, cwd=repo)
    assert done.returncode in (0, 1), done.stderr
    assert (package / "client.py").read_text() == AC and (tmp_path / "outside" / "shared_tool.py").read_text() == AC
    assert "runtimeVersion" in (repo / "scripts" / "own.py").read_text()  # a link inside the tree is followed
    listed = run_cli("check", "--no-cache", "--format", "json", "scripts/tool.py", cwd=repo)
    assert "shared_tool" not in listed.stdout and '"documents": []' in listed.stdout.replace("\n", "").replace("  ", "") or "0 documents" in listed.stderr
