"""Red team 23 (report 11b), f6: a fill value that feeds the version hole and another hole of the document.

``'... label: "etl-{ver}" ... airflowVersion: "{ver}" ... value: "{ver}"'.format(ws=ws, ver="2.3.4-11")`` (also
``% {"ver": ...}``, ``Template(...).substitute(ver=...)``, a positional ``{1}`` used twice, a local passed as
``ver=ver``): the literal became "5.5.0" with no finding, so the label silently became etl-5.5.0.  The value is not
the version argument's alone: the argument stays, with ``review-shared-constant``, from rewrite and check, as for
the f-string that reads one local twice.  A value filling the version hole only still migrates with it.
"""

from trust_cli import run_cli

SCRIPT = '''from string import Template

import requests

HOUSTON = "https://houston.example.com/v1"


def houston(query, variables=None):
    r = requests.post(HOUSTON, json={"query": query, "variables": variables or {}}, headers={"authorization": "tok"})
    return r.json()["data"]


def create(ws):
    doc = \'\'\'mutation {{
  createDeployment(workspaceUuid: "{ws}", label: "etl-{ver}", type: "airflow", airflowVersion: "{ver}",
    environmentVariables: [{{key: "AC_VERSION", value: "{ver}"}}]) {{ id }}
}}\'\'\'.format(ws=ws, ver="2.3.4-11")
    return houston(doc)


def create_pct(ws):
    return houston('mutation { createDeployment(workspaceUuid: "%(ws)s", label: "etl-%(ver)s", type: "airflow", airflowVersion: "%(ver)s") { id } }' % {"ws": ws, "ver": "2.3.4-11"})


def create_tpl(ws):
    return houston(Template('mutation { createDeployment(workspaceUuid: "$ws", label: "etl-$ver", type: "airflow", airflowVersion: "$ver") { id } }').substitute(ws=ws, ver="2.3.4-11"))


def create_positional(ws):
    return houston('mutation {{ createDeployment(workspaceUuid: "{0}", label: "etl-{1}", type: "airflow", airflowVersion: "{1}") {{ id }} }}'.format(ws, "2.3.4-11"))


def create_local(ws):
    ver = "2.3.4-11"
    return houston('mutation {{ createDeployment(workspaceUuid: "{ws}", label: "etl-{ver}", type: "airflow", airflowVersion: "{ver}") {{ id }} }}'.format(ws=ws, ver=ver))
'''

ALONE = '''import requests

HOUSTON = "https://houston.example.com/v1"


def houston(query, variables=None):
    r = requests.post(HOUSTON, json={"query": query, "variables": variables or {}}, headers={"authorization": "tok"})
    return r.json()["data"]


def create(ws):
    return houston('mutation {{ createDeployment(workspaceUuid: "{ws}", label: "etl-{ws}", type: "airflow", airflowVersion: "{ver}") {{ id }} }}'.format(ws=ws, ver="2.3.4-11"))
'''


def _reviews(done, code):
    return sorted(line.split(" warning ")[0] for line in (done.stdout + done.stderr).splitlines() if f" {code} " in line)


def test_a_fill_value_feeding_another_hole_too_is_held_from_rewrite_and_check(tmp_path):
    (tmp_path / "deploy.py").write_text(SCRIPT)
    done = run_cli("rewrite", "--no-cache", ".", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "deploy.py").read_text() == SCRIPT, done.stdout + done.stderr  # no label becomes etl-5.5.0
    held = _reviews(done, "review-shared-constant")
    assert len(held) == 5, done.stdout + done.stderr
    assert "other place" in done.stdout + done.stderr
    again = run_cli("check", "--no-cache", ".", cwd=tmp_path)
    assert _reviews(again, "review-shared-constant") == held, again.stdout + again.stderr


def test_a_fill_value_of_the_version_hole_alone_still_migrates(tmp_path):
    (tmp_path / "deploy.py").write_text(ALONE)
    done = run_cli("rewrite", "--no-cache", ".", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    text = (tmp_path / "deploy.py").read_text()
    assert 'ver="5.5.0"' in text and "runtimeVersion" in text and "review-" not in done.stdout + done.stderr, done.stdout + done.stderr + text
