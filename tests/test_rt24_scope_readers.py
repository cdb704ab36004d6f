"""Red team 23 (report 11b), f1: ``locals()`` / ``vars()`` / ``eval`` / ``exec`` read every name of their scope.

``version = "2.3.4-11"`` read by an f-string ``createDeployment(... airflowVersion: "{version}")`` and, in the
same function, by ``"apache-airflow=={version}".format(**locals())`` (a pip pin), ``"%(ver)s" % locals()``,
``eval("v")`` or ``Template(...).substitute(vars())``: the literal became "5.5.0" with no review, so the other
reader silently got the Runtime version.  Such a call is a reader of each name of the scope: the binding is
shared, the argument stays, ``review-shared-constant`` names the line, from rewrite and from check.
"""

from trust_cli import run_cli

SCRIPT = '''import subprocess
from string import Template

import requests

HOUSTON = "https://houston.example.com/v1"


def houston(query, variables=None):
    r = requests.post(HOUSTON, json={"query": query, "variables": variables or {}}, headers={"authorization": "tok"})
    return r.json()["data"]


def create(ws):
    version = "2.3.4-11"
    doc = f'mutation {{ createDeployment(workspaceUuid: "{ws}", label: "a", type: "airflow", airflowVersion: "{version}") {{ id }} }}'
    subprocess.run(["pip", "install", "apache-airflow=={version}".format(**locals())], check=True)
    return houston(doc)


def upgrade(dep):
    ver = "2.4.3-6"
    doc = 'mutation {{ upsertDeployment(deploymentUuid: "{dep}", airflowVersion: "{ver}") {{ id }} }}'.format(dep=dep, ver=ver)
    print("constraints: constraints-%(ver)s.txt" % locals())
    return houston(doc)


def label(ws):
    v = "2.2.5"
    doc = f'mutation {{ createDeployment(workspaceUuid: "{ws}", label: "b", type: "airflow", airflowVersion: "{v}") {{ id }} }}'
    return houston(doc), eval("v")


def templated(ws):
    pin = "2.3.4-11"
    doc = f'mutation {{ createDeployment(workspaceUuid: "{ws}", label: "c", type: "airflow", airflowVersion: "{pin}") {{ id }} }}'
    print(Template("apache-airflow==$pin").substitute(vars()))
    return houston(doc)


def executed(ws):
    tag = "2.3.4-11"
    doc = f'mutation {{ createDeployment(workspaceUuid: "{ws}", label: "d", type: "airflow", airflowVersion: "{tag}") {{ id }} }}'
    exec("print(tag)")
    return houston(doc)
'''

PRIVATE = '''import requests

HOUSTON = "https://houston.example.com/v1"


def houston(query, variables=None):
    r = requests.post(HOUSTON, json={"query": query, "variables": variables or {}}, headers={"authorization": "tok"})
    return r.json()["data"]


def create(ws, obj):
    version = "2.3.4-11"
    doc = f'mutation {{ createDeployment(workspaceUuid: "{ws}", label: "a", type: "airflow", airflowVersion: "{version}") {{ id }} }}'
    print(vars(obj))
    return houston(doc)


def other():
    return eval("1 + 1")
'''


def _reviews(done, code):
    return sorted(line.split(" warning ")[0] for line in (done.stdout + done.stderr).splitlines() if f" {code} " in line)


def test_a_local_a_scope_reader_may_read_is_held_from_rewrite_and_check(tmp_path):
    (tmp_path / "deploy.py").write_text(SCRIPT)
    done = run_cli("rewrite", "--no-cache", ".", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "deploy.py").read_text() == SCRIPT, done.stdout  # no reader silently gets "5.5.0"
    held = _reviews(done, "review-shared-constant")
    assert len(held) == 5, done.stdout + done.stderr
    for line in (17, 24, 31, 37, 44):  # the pin, the % locals(), eval, substitute(vars()), exec
        assert f"also used on line {line}" in done.stdout + done.stderr, (line, done.stdout + done.stderr)
    again = run_cli("check", "--no-cache", ".", cwd=tmp_path)
    assert _reviews(again, "review-shared-constant") == held, again.stdout


def test_vars_of_an_object_and_another_functions_eval_do_not_share_a_local(tmp_path):
    (tmp_path / "deploy.py").write_text(PRIVATE)
    done = run_cli("rewrite", "--no-cache", ".", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    text = (tmp_path / "deploy.py").read_text()
    assert 'version = "5.5.0"' in text and "runtimeVersion" in text, done.stdout + text
    assert "review-" not in done.stdout + done.stderr, done.stdout
