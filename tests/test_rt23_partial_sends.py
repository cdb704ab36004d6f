"""Red team 22 (report 11b), f8: a send through ``functools.partial(helper, DOC)`` is a send of DOC.

``create = functools.partial(houston, CREATE)`` then ``create({"ws": ws, "airflowVersion": "2.3.4-11"})``:
the argument was renamed, ``$airflowVersion`` kept with "no call in this module sends this document with
its variables" (false), and the dict went on sending the AC value under the old key.  Now the partial's
call is read as ``houston(CREATE, {...})``: the variable, its key and its value migrate together, and
the script sends a Runtime version under ``runtimeVersion``.
"""

import subprocess
import sys

from trust_cli import run_cli

DEPLOY = '''import functools
import os

import requests

URL = "https://houston.example.com/v1"


def houston(query, variables=None):
    r = requests.post(URL, json={"query": query, "variables": variables or {}},
                      headers={"authorization": os.environ["HOUSTON_API_TOKEN"]})
    return r.json()["data"]


CREATE = """
mutation Create($ws: Uuid!, $airflowVersion: String) {
  createDeployment(workspaceUuid: $ws, label: "etl", type: "airflow", airflowVersion: $airflowVersion) { id }
}
"""

create = functools.partial(houston, CREATE)


def main(ws):
    return create({"ws": ws, "airflowVersion": "2.3.4-11"})


def main_local(ws):
    send = functools.partial(houston, CREATE)
    return send(variables={"ws": ws, "airflowVersion": "2.3.4-11"})
'''

RUN = '''import deploy
sent = []
deploy.houston = lambda q, variables=None: sent.append((q, variables))
deploy.create = __import__("functools").partial(deploy.houston, deploy.CREATE)
deploy.main("w1")
deploy.main_local("w2")
for query, variables in sent:
    print("runtimeVersion: $runtimeVersion" in query, sorted(variables.items()))
'''


def test_a_partial_of_the_send_helper_migrates_the_dict_it_is_called_with(tmp_path):
    (tmp_path / "deploy.py").write_text(DEPLOY)
    done = run_cli("rewrite", "--no-cache", ".", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    output = done.stdout + done.stderr
    assert "no call in this module sends" not in output, output
    text = (tmp_path / "deploy.py").read_text()
    assert "$runtimeVersion: String" in text and "runtimeVersion: $runtimeVersion" in text, text
    assert text.count('"runtimeVersion": "5.5.0"') == 2 and "airflowVersion" not in text, text
    sent = subprocess.run([sys.executable, "-c", RUN], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert sent.returncode == 0, sent.stderr
    assert sent.stdout.splitlines() == [
        "True [('runtimeVersion', '5.5.0'), ('ws', 'w1')]",
        "True [('runtimeVersion', '5.5.0'), ('ws', 'w2')]",
    ], sent.stdout
    again = run_cli("check", "--no-cache", ".", cwd=tmp_path)
    assert again.returncode == 0 and "review-" not in again.stdout + again.stderr, again.stdout + again.stderr
    assert run_cli("rewrite", "--no-cache", ".", cwd=tmp_path).returncode == 0
    assert (tmp_path / "deploy.py").read_text() == text  # idempotent


def test_a_partial_whose_dict_cannot_be_read_holds_the_variable_and_names_its_call(tmp_path):
    (tmp_path / "deploy.py").write_text(DEPLOY.replace(
        'return create({"ws": ws, "airflowVersion": "2.3.4-11"})', "return create(dict(**extra(ws)))"
    ) + "\n\ndef extra(ws):\n    return {\"ws\": ws, \"airflowVersion\": \"2.3.4-11\"}\n")
    done = run_cli("rewrite", "--no-cache", ".", cwd=tmp_path)
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    assert "no call in this module sends" not in output, output
    text = (tmp_path / "deploy.py").read_text()
    assert '"airflowVersion": "2.3.4-11"' in text  # the dict nobody can follow keeps its key
    assert "$airflowVersion" in text and "review-version-variable" in output, output


COMMON = '''import os
import requests

URL = "https://houston.example.com/v1"


def houston(query, variables=None):
    r = requests.post(URL, json={"query": query, "variables": variables or {}},
                      headers={"authorization": os.environ["HOUSTON_API_TOKEN"]})
    return r.json()["data"]
'''

IMPORTER = '''import functools

from common import houston

CREATE = """
mutation Create($ws: Uuid!, $airflowVersion: String) {
  createDeployment(workspaceUuid: $ws, label: "etl", type: "airflow", airflowVersion: $airflowVersion) { id }
}
"""

create = functools.partial(houston, CREATE)


def main(ws):
    return create({"ws": ws, "airflowVersion": "2.3.4-11"})
'''


def test_a_partial_of_a_helper_imported_from_the_run_is_followed_too(tmp_path):
    (tmp_path / "common.py").write_text(COMMON)
    (tmp_path / "deploy.py").write_text(IMPORTER)
    done = run_cli("rewrite", "--no-cache", ".", cwd=tmp_path)
    output = done.stdout + done.stderr
    assert done.returncode == 0 and "no call in this module sends" not in output, output
    text = (tmp_path / "deploy.py").read_text()
    assert "runtimeVersion: $runtimeVersion" in text and '"runtimeVersion": "5.5.0"' in text, text
    assert "airflowVersion" not in text, text
