"""Red team 23 (report 13): an AC version that reaches a Runtime version argument after ``rewrite`` gets a
review, so ``check --houston-version 1.0.1`` afterwards is never silent about it (issue 13's "Done when":
rewrite, then check 1.0.1 reports no errors or a review at every line it left).

* f1: ``d["airflowVersion"].startswith("2.2")`` on a response, ``os.environ.get(...).startswith("2.3")``: no
  search of the document, so the AC literal is migrated; a search that does keep a piece of the literal
  (``v.startswith("2.2")`` of a parameter) leaves a review naming the whole AC value, from rewrite and check.
* f3: ``TARGETS = {...}`` looped over with ``.items()``, ``ROLLOUT = [(...), ...]`` looped over by name.
* f5: an AC value written beside a ``**extra`` splat.
* f7: an argparse ``default=`` read as ``args.x`` and passed on; a click option's default on the sender.
* f8: ``VERSIONS[env]`` passed to a helper's version parameter.
"""

from trust_cli import run_cli


def _rewrite_then_check(tmp_path, name, text):
    (tmp_path / name).write_text(text)
    done = run_cli("rewrite", "--no-cache", ".", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    again = run_cli("check", "--no-cache", "--houston-version", "1.0.1", ".", cwd=tmp_path)
    assert again.returncode in (0, 1), again.stderr
    return done, again, (tmp_path / name).read_text()


def _at(done, name, line):
    return [row for row in (done.stdout + done.stderr).splitlines() if row.startswith(f"{name}:{line}:")]


RESPONSE_SEARCH = '''import os
import requests

HOUSTON = "https://houston.example.com/v1"

CREATE = """
mutation Create($ws: Uuid!, $label: String!) {
  createDeployment(workspaceUuid: $ws, label: $label, type: "airflow", airflowVersion: "2.2.5-5") {
    id
    airflowVersion
  }
}
"""


def main():
    if os.environ.get("LOCAL_AIRFLOW", "").strip().startswith("2.2"):
        print("local dev matches")
    r = requests.post(HOUSTON, json={"query": CREATE, "variables": {"ws": "w1", "label": "etl"}},
                      headers={"authorization": os.environ["HOUSTON_API_TOKEN"]})
    d = r.json()["data"]["createDeployment"]
    if d["airflowVersion"].startswith("2.2"):
        print("old")
    for dep in r.json()["data"].get("deployments", []):
        print(dep["airflowVersion"].endswith("2.2"))


def answered(client, doc):
    result = client.execute(doc)
    return result["createDeployment"]["airflowVersion"].startswith("2.2"), result.get("runtimeVersion").find("2.2")
'''


def test_f1_a_search_of_a_response_or_the_environment_is_no_fill_of_the_document(tmp_path):
    done, again, text = _rewrite_then_check(tmp_path, "deploy.py", RESPONSE_SEARCH)
    assert 'runtimeVersion: "2.2.5-5"' not in text and "runtimeVersion:" in text, done.stdout + text
    assert "2.2.5-5" not in text, text
    assert not _at(done, "deploy.py", 8), done.stdout  # no "now gets the value of "2.2""
    assert "review-template-version" not in done.stdout + again.stdout, done.stdout + again.stdout


PARAMETER_SEARCH = '''import os
import requests

CREATE = """
mutation Create($ws: Uuid!) {
  createDeployment(workspaceUuid: $ws, label: "x", type: "airflow", airflowVersion: "2.2.5-5") { id }
}
"""


def is_old(v):
    return v.startswith("2.2")


def main():
    r = requests.post("https://houston.example.com/v1", json={"query": CREATE, "variables": {"ws": "w"}},
                      headers={"authorization": os.environ["HOUSTON_API_TOKEN"]})
    print(is_old(r.text))
'''


def test_f1_a_kept_piece_of_an_ac_literal_is_reviewed_as_the_whole_value(tmp_path):
    done, again, text = _rewrite_then_check(tmp_path, "deploy.py", PARAMETER_SEARCH)
    assert 'runtimeVersion: "2.2.5-5"' in text, text  # the search may read the document: the text stays
    for result in (done, again):
        rows = _at(result, "deploy.py", 6)
        assert rows and "review-template-version" in rows[0], result.stdout
        assert "'2.2.5-5'" in rows[0] and "'4.2.9'" in rows[0], rows
        assert "now gets the value of" not in rows[0], rows
    idem = run_cli("rewrite", "--no-cache", ".", cwd=tmp_path)
    assert (tmp_path / "deploy.py").read_text() == text, idem.stdout


LOOPED = '''import os
import requests

URL = "https://houston.example.com/v1"

UPGRADE = """
mutation Upgrade($id: Uuid!, $version: String!) {
  updateDeploymentAirflow(deploymentUuid: $id, desiredAirflowVersion: $version) { id }
}
"""

# deployment id -> AC version to move it to
TARGETS = {
    "3f9c2a1e-etl": "2.3.4-11",
    "8d7e6b5a-ml": "2.4.3-6",
}

ROLLOUT = [("d1", "2.3.4-11"), ("d2", "2.4.3-6")]


def _post(query, variables):
    r = requests.post(URL, json={"query": query, "variables": variables},
                      headers={"authorization": os.environ["HOUSTON_API_TOKEN"]})
    r.raise_for_status()
    return r.json()["data"]


def _upgrade(dep_id, version):
    return _post(UPGRADE, {"id": dep_id, "version": version})


def main():
    for dep, ver in TARGETS.items():
        _upgrade(dep, ver)
    for dep, ver in ROLLOUT:
        _upgrade(dep, ver)
    for dep, ver in ROLLOUT:
        _post(UPGRADE, {"id": dep, "version": ver})
    for ver in TARGETS.values():
        _post(UPGRADE, {"id": "x", "version": ver})
    for dep, ver in sorted(TARGETS.items()):
        _upgrade(dep, ver)
'''


def test_f3_module_dict_and_row_constants_looped_over_are_reviewed_with_runtime_equivalents(tmp_path):
    done, again, _text = _rewrite_then_check(tmp_path, "up.py", LOOPED)
    for result in (done, again):
        for line in (34, 36, 38, 40, 42):
            rows = _at(result, "up.py", line)
            assert rows and "review-version-value" in rows[0], (line, result.stdout)
            assert "'5.5.0'" in rows[0] and "'6.10.0'" in rows[0], (line, rows)


SPLAT = '''import os
import requests

URL = "https://houston.example.com/v1"

DOC = """
fragment Dep on Deployment {
  id
  airflowVersion
}

mutation Create($ws: Uuid!, $airflowVersion: String!) {
  createDeployment(workspaceUuid: $ws, label: "etl", type: "airflow", airflowVersion: $airflowVersion) { ...Dep }
}

mutation Upgrade($id: Uuid!, $desiredAirflowVersion: String!) {
  updateDeploymentAirflow(deploymentUuid: $id, desiredAirflowVersion: $desiredAirflowVersion) { ...Dep }
}
"""


def gql(op, variables):
    r = requests.post(URL, json={"query": DOC, "operationName": op, "variables": variables},
                      headers={"authorization": os.environ["HOUSTON_API_TOKEN"]})
    return r.json()["data"]


def main(**extra):
    c = gql("Create", {"ws": "w", "airflowVersion": "2.3.4-11", **extra})
    gql("Upgrade", {"id": c["createDeployment"]["id"], "desiredAirflowVersion": "2.4.3-6", **extra})
'''


def test_f5_an_ac_value_written_beside_a_splat_is_reviewed(tmp_path):
    done, again, _text = _rewrite_then_check(tmp_path, "ops.py", SPLAT)
    for result in (done, again):
        for line, runtime in ((29, "'5.5.0'"), (30, "'6.10.0'")):
            rows = _at(result, "ops.py", line)
            assert rows and "review-version-value" in rows[0], (line, result.stdout)
            assert runtime in rows[0], rows


ARGPARSE = '''import argparse
import os
import requests

URL = "https://houston.example.com/v1"

UPGRADE = """
mutation Upgrade($id: Uuid!, $v: String!) {
  updateDeploymentAirflow(deploymentUuid: $id, desiredAirflowVersion: $v) { id }
}
"""


def _upgrade(dep_id, version):
    r = requests.post(URL, json={"query": UPGRADE, "variables": {"id": dep_id, "v": version}},
                      headers={"authorization": os.environ["HOUSTON_API_TOKEN"]})
    return r.json()


def main():
    p = argparse.ArgumentParser()
    p.add_argument("deployment")
    p.add_argument("--airflow-version", default="2.4.3-6", help="AC version to upgrade to")
    args = p.parse_args()
    _upgrade(args.deployment, args.airflow_version)
'''

CLICK = '''import os
import click
import requests

URL = "https://houston.example.com/v1"
UPGRADE = """
mutation Upgrade($id: Uuid!, $v: String!) {
  updateDeploymentAirflow(deploymentUuid: $id, desiredAirflowVersion: $v) { id }
}
"""


@click.command()
@click.argument("deployment")
@click.option("--airflow-version", default="2.4.3-6", show_default=True)
def upgrade(deployment, airflow_version):
    r = requests.post(URL, json={"query": UPGRADE, "variables": {"id": deployment, "v": airflow_version}},
                      headers={"authorization": os.environ["HOUSTON_API_TOKEN"]})
    click.echo(r.json())
'''


def test_f7_an_option_default_sent_as_the_runtime_version_is_reviewed(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    for folder, text, line in (("a", ARGPARSE, 25), ("b", CLICK, 17)):
        done, again, _text = _rewrite_then_check(tmp_path / folder, "cli.py", text)
        for result in (done, again):
            rows = _at(result, "cli.py", line)
            assert rows and "review-version-value" in rows[0], (folder, result.stdout)
            assert "'6.10.0'" in rows[0], (folder, rows)


LOOKED_UP = '''import os
import requests

URL = "https://houston.example.com/v1"
VERSIONS = {"prod": "2.3.4-11", "dev": "2.4.3-6"}

UPGRADE = """
mutation Upgrade($id: Uuid!, $v: String!) {
  updateDeploymentAirflow(deploymentUuid: $id, desiredAirflowVersion: $v) { id }
}
"""


def _upgrade(dep_id, version):
    r = requests.post(URL, json={"query": UPGRADE, "variables": {"id": dep_id, "v": version}},
                      headers={"authorization": os.environ["HOUSTON_API_TOKEN"]})
    return r.json()


def main(env):
    _upgrade("d1", VERSIONS[env])
    _upgrade("d2", VERSIONS.get(env, "2.4.3-6"))
'''


def test_f8_a_dict_constant_lookup_passed_to_the_sender_is_reviewed_at_the_call(tmp_path):
    done, again, _text = _rewrite_then_check(tmp_path, "up.py", LOOKED_UP)
    for result in (done, again):
        for line in (21, 22):
            rows = _at(result, "up.py", line)
            assert len(rows) == 1 and "review-version-value" in rows[0], (line, result.stdout)
            assert "'5.5.0'" in rows[0] and "'6.10.0'" in rows[0], (line, rows)
