"""Red team 22, report 11a, f1: a file link into a folder the walk skips is skipped too.

``scripts/houston_client.py -> ../.venv/lib/python3.11/site-packages/acme_houston/client.py`` and
``scripts/node_client.py -> ../node_modules/pkg/client.py`` had ``rewrite .`` edit an installed package
and a dependency the walk itself never enters ("2 rewritten", exit 0).  A link into a skipped folder
(by name, or a virtualenv by its ``pyvenv.cfg``) is now passed over as the folder is; a link to a file
of the project is still read once.
"""

import os

from trust_cli import run_cli

AC = '''import requests
Q = 'mutation { createDeployment(workspaceUuid: "w", label: "l", type: "airflow", airflowVersion: "2.3.4-11") { id } }'
def go(token):
    return requests.post("https://houston.example.com/v1", json={"query": Q}, headers={"authorization": token})
'''


def test_links_into_skipped_folders_are_never_written(tmp_path):
    package = tmp_path / "env" / "lib" / "python3.11" / "site-packages" / "acme_houston"
    package.mkdir(parents=True)
    (tmp_path / "env" / "pyvenv.cfg").write_text("home = /usr/bin\n")
    (package / "client.py").write_text(AC)
    modules = tmp_path / "node_modules" / "pkg"
    modules.mkdir(parents=True)
    (modules / "client.py").write_text(AC)
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "own.py").write_text(AC)
    scripts = tmp_path / "scripts"
    scripts.mkdir()
    os.symlink("../env/lib/python3.11/site-packages/acme_houston/client.py", scripts / "houston_client.py")
    os.symlink("../node_modules/pkg/client.py", scripts / "node_client.py")
    os.symlink("../lib/own.py", scripts / "own_link.py")  # the project's own file: read once, by one name
    done = run_cli("rewrite", "--no-cache", ".", cwd=tmp_path)
    assert done.returncode in (0, 1), done.stderr
    assert (package / "client.py").read_text() == AC and (modules / "client.py").read_text() == AC
    assert "runtimeVersion" in (tmp_path / "lib" / "own.py").read_text()
    assert "1 rewritten" in done.stderr, done.stderr
