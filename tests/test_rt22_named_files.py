"""Red team pass 21, report 11a, f10: a file named on the command line is read only if it is of a kind
the tool reads.

``check $(git ls-files)`` (a CI, lint-staged or pre-commit shape) named a README.md that shows a Houston
mutation: "cannot parse Python", exit 2.  A JSON request body (``curl -d @body.json``) named was parsed
as a Python expression and rewritten: its argument renamed while the AC value it sends stayed.  Now a
named file of a kind the walk does not read is skipped as the walk skips it; the kinds it reads (and a
``.pyw`` script, and a script without an extension whose first line is a Python shebang) are still read
when named.
"""

import os
import subprocess

from trust_cli import run_cli

SCRIPT = '''import requests
CREATE = """
mutation {
  createDeployment(workspaceUuid: "w", label: "etl", type: "airflow", airflowVersion: "2.3.4-11") { id }
}
"""
def go(token):
    return requests.post("https://houston.example.com/v1", json={"query": CREATE}, headers={"authorization": token})
'''

README = '''# Deploy scripts

`create.py` creates a Deployment with:

```graphql
mutation {
  createDeployment(workspaceUuid: "w", label: "etl", type: "airflow", airflowVersion: "2.3.4-11") { id }
}
```
'''

BODY = (
    '{\n  "query": "mutation Create($v: String) {\\n  createDeployment(workspaceUuid: \\"w\\", label: \\"etl\\", '
    'type: \\"airflow\\", airflowVersion: $v) { id }\\n}",\n  "variables": {"v": "2.3.4-11"}\n}\n'
)

NOT_READ = {
    "README.md": README,
    "body.json": BODY,
    "deploy.sh": "#!/bin/sh\ncurl -H \"authorization: $HOUSTON_API_TOKEN\" https://houston.example.com/v1 -d @body.json\n",
    "notes.txt": SCRIPT,
    "create.py.bak": SCRIPT,
    "config.yaml": "query: |\n  mutation { createDeployment(airflowVersion: \"2.3.4-11\") { id } }\n",
    "notes": SCRIPT,  # no extension, no Python shebang
    "run-me": "#!/bin/bash\n" + SCRIPT,
}

READ = {
    "create.py": SCRIPT,
    "tool.pyw": SCRIPT,
    "deploy": "#!/usr/bin/env python3\n" + SCRIPT,
    "deploy2": "#!/usr/bin/python3.11 -u\n" + SCRIPT,
    "deploy3": "#!/usr/bin/env -S PYTHONUTF8=1 python3 -u\n" + SCRIPT,
    "ops.graphql": 'mutation {\n  createDeployment(workspaceUuid: "w", label: "etl", type: "airflow", airflowVersion: "2.3.4-11") { id }\n}\n',
    "Dockerfile": "FROM quay.io/astronomer/ap-airflow:2.3.4-onbuild\n",
}


def _tree(tmp_path):
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    for name, text in {**NOT_READ, **READ}.items():
        (tmp_path / name).write_text(text)
    return sorted([*NOT_READ, *READ])


def test_check_of_every_tracked_file_reads_only_the_kinds_it_reads(tmp_path):
    names = _tree(tmp_path)
    done = run_cli("check", "--no-cache", "-j", "1", *names, cwd=tmp_path)
    assert "Traceback" not in done.stderr
    assert "cannot parse" not in done.stderr, done.stderr
    for name in NOT_READ:
        assert f"{name}:" not in done.stdout and f"{name}:" not in done.stderr, (name, done.stdout, done.stderr)
    # controls: what the tool reads is still read when named
    for name in READ:
        assert f"{name}:" in done.stdout, (name, done.stdout)
    assert "7 files scanned" in done.stderr, done.stderr
    assert done.returncode in (0, 1), done.stderr


def test_rewrite_of_a_named_json_body_leaves_it_alone(tmp_path):
    names = _tree(tmp_path)
    done = run_cli("rewrite", "--no-cache", "-j", "1", *names, cwd=tmp_path)
    for name, text in NOT_READ.items():
        assert (tmp_path / name).read_text() == text, name
    assert done.returncode == 0, done.stderr
    for name in READ:
        after = (tmp_path / name).read_text()
        assert "airflowVersion" not in after and ("runtimeVersion" in after or "astro-runtime" in after), (name, after)


def test_named_files_that_cannot_be_read_still_get_their_line(tmp_path):
    os.mkfifo(tmp_path / "pipe.md")
    done = run_cli("check", "--no-cache", "-j", "1", "missing.md", "pipe.md", cwd=tmp_path, timeout=60)
    assert done.returncode == 2, done.stderr
    assert "missing.md: no such file or directory" in done.stderr, done.stderr
    assert "pipe.md:" in done.stderr and "FIFO" in done.stderr, done.stderr
