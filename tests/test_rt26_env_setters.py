"""Red team 25 (report 11b, "shared bytes"), f9: the version a script sends is read from the environment, and
the project's own launcher sets that variable to an AC version before it runs the script.

``os.environ["AIRFLOW_VERSION"]`` sent as the version of ``createDeployment``, with the repository's workflow
running ``python deploy.py`` under ``env: AIRFLOW_VERSION: "2.3.4-11"``: rewrite renamed the argument with only
the generic "must now be an Astro Runtime version", and ``check --houston-version 1.0.1`` after it was silent,
while every deploy the project runs sends an AC version as ``runtimeVersion``.  The launcher's value is now one
the read may be: rewrite's review and check's review name it with its setter's line and Runtime equivalent.
Setters read: a workflow's ``env:``, a Makefile recipe's ``NAME=value python deploy.py`` prefix, a shell
script's ``export``.  Controls: a workflow that sets the variable but runs another script, and one that sets a
Runtime version, add nothing.
"""

import pytest

from trust_cli import git_tree, run_cli

SCRIPT = '''import os
import requests

HOUSTON_URL = f"https://houston.{os.environ['BASEDOMAIN']}/v1"


def houston(query, variables):
    r = requests.post(HOUSTON_URL, json={"query": query, "variables": variables},
                      headers={"authorization": os.environ["HOUSTON_API_TOKEN"]})
    return r.json()["data"]


CREATE = """
mutation Create($ws: Uuid!, $airflowVersion: String) {
  createDeployment(workspaceUuid: $ws, label: "etl", type: "airflow", airflowVersion: $airflowVersion) { id }
}
"""

if __name__ == "__main__":
    houston(CREATE, {"ws": os.environ["WORKSPACE"], "airflowVersion": READ})
'''


def _workflow(version, runs="python deploy.py"):
    return (
        "on: workflow_dispatch\nenv:\n  AIRFLOW_VERSION: \"" + version + "\"\njobs:\n  deploy:\n"
        "    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: " + runs + "\n"
    )


def _run(tmp_path, files):
    git_tree(tmp_path, files)
    rewrite = run_cli("rewrite", "--no-cache", "-j", "1", ".", cwd=tmp_path)
    assert rewrite.returncode in (0, 1) and "Traceback" not in rewrite.stderr, rewrite.stderr
    check = run_cli("check", "--no-cache", "-j", "1", "--houston-version", "1.0.1", ".", cwd=tmp_path)
    assert check.returncode in (0, 1) and "Traceback" not in check.stderr, check.stderr
    return rewrite.stdout + rewrite.stderr, check.stdout + check.stderr


def _reviews_setter(said, setter):
    lines = [line for line in said.splitlines() if "review-version-value" in line and "'2.3.4-11'" in line]
    return any(f"set by {setter}" in line and "'5.5.0'" in line for line in lines)


@pytest.mark.parametrize("script, read, launcher, launched, setter", [
    ("deploy.py", 'os.environ["AIRFLOW_VERSION"]', ".github/workflows/deploy.yml", _workflow("2.3.4-11"),
     ".github/workflows/deploy.yml:3"),
    ("scripts/deploy.py", 'os.getenv("AIRFLOW_VERSION")', "Makefile",
     "deploy:\n\tAIRFLOW_VERSION=2.3.4-11 python scripts/deploy.py\n", "Makefile:2"),
    ("deploy.py", 'os.environ.get("AIRFLOW_VERSION")', "run.sh",
     "#!/bin/sh\nexport AIRFLOW_VERSION=2.3.4-11\npython3 deploy.py \"$@\"\n", "run.sh:2"),
], ids=["workflow-env", "getenv-and-a-makefile-prefix", "a-shell-launcher-exporting-it"])
def test_the_launchers_setter_is_named_by_rewrite_and_by_check_after_it(tmp_path, script, read, launcher, launched, setter):
    rewrote, checked = _run(tmp_path, {script: SCRIPT.replace("READ", read), launcher: launched})
    assert "runtimeVersion" in (tmp_path / script).read_text()
    assert _reviews_setter(rewrote, setter), rewrote
    assert _reviews_setter(checked, setter), checked


def test_controls_another_script_and_a_runtime_version(tmp_path):
    first = tmp_path / "other"
    first.mkdir()
    _, checked = _run(first, {
        "deploy.py": SCRIPT.replace("READ", 'os.environ["AIRFLOW_VERSION"]'),
        ".github/workflows/deploy.yml": _workflow("2.3.4-11", runs="python redeploy.py"),
        "redeploy.py": "print('no Houston here')\n",
    })
    assert "set by" not in checked and "need review" in checked and " 0 need review" in checked, checked
    second = tmp_path / "runtime"
    second.mkdir()
    _, checked = _run(second, {
        "deploy.py": SCRIPT.replace("READ", 'os.environ["AIRFLOW_VERSION"]'),
        ".github/workflows/deploy.yml": _workflow("5.5.0"),
    })
    assert "set by" not in checked and " 0 need review" in checked, checked


HOLE_SCRIPT = '''import os
import requests

V = os.environ["AIRFLOW_VERSION"]
DOC = f"""
mutation {{
  createDeployment(workspaceUuid: "ws", label: "etl", type: "airflow", airflowVersion: "{V}") {{ id }}
}}
"""
requests.post("https://houston.example.com/v1", json={"query": DOC}, headers={"authorization": os.environ["HOUSTON_API_TOKEN"]})
'''


def test_a_template_hole_so_filled_is_held(tmp_path):
    workflow = "on: push\njobs:\n  d:\n    runs-on: x\n    env:\n      AIRFLOW_VERSION: 2.3.4-11\n    steps:\n      - run: python deploy.py\n"
    git_tree(tmp_path, {"deploy.py": HOLE_SCRIPT, ".github/workflows/d.yml": workflow})
    done = run_cli("rewrite", "--no-cache", "-j", "1", ".", cwd=tmp_path)
    assert done.returncode in (0, 1) and "Traceback" not in done.stderr, done.stderr
    assert (tmp_path / "deploy.py").read_text() == HOLE_SCRIPT
    assert "'2.3.4-11' (set by .github/workflows/d.yml:6)" in done.stdout + done.stderr
