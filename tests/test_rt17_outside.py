"""Red team pass 16, report 11b (issue 11): F2, F14, F8, F7 -- outside writers and readers, through the
installed CLI.

F2: a ``sed -i`` on a document file's AC text run from Python (``subprocess.run([...])``,
``os.system(f"...")``) or from a notebook (``!sed``, a ``%%bash`` cell) holds that file, as the same
step in a Makefile or CI file does.
F14: a bump step editing the Dockerfile's AC tag (a Makefile ``sed -i "s/2.3.4-11/$(NEW)/" Dockerfile``,
a Python script replacing ``"2.3.4-11"`` in the file it names) holds the Dockerfile.
F8: a drift check comparing a Deployment's ``airflowVersion`` with the tag it parses from the Dockerfile:
both the Dockerfile and the script's document are reviewed, neither migrated.
F7: a Jupytext pairing set in ``.jupytext.py`` (read with ``ast``, never run) holds both sides.
"""

import json
import subprocess

from trust_cli import run_cli

GRAPHQL = (
    "mutation Create($ws: Uuid!, $label: String!) {\n"
    '  createDeployment(workspaceUuid: $ws, label: $label, type: "airflow", airflowVersion: "2.3.4-11") {\n'
    "    id\n  }\n}\n"
)
POST = (
    '    doc = open("{path}").read()\n'
    '    return requests.post("https://houston.example.com/v1", json={{"query": doc, "variables": {{"ws": ws, "label": label}}}},\n'
    '                         headers={{"authorization": os.environ["HOUSTON_API_TOKEN"]}})\n'
)
DOCKERFILE = "FROM quay.io/astronomer/ap-airflow:2.3.4-11-onbuild\n"


def _project(tmp_path, name, files):
    project = tmp_path / name
    project.mkdir()
    subprocess.run(["git", "init", "-q", str(project)], check=True)
    for path, text in files.items():
        (project / path).parent.mkdir(parents=True, exist_ok=True)
        (project / path).write_text(text)
    return project


def _script(path, command):
    return "import os\nimport subprocess\nimport requests\n\ndef create(ws, label, version):\n" + command + POST.format(path=path)


def _notebook(cells):
    return json.dumps({
        "cells": [{"cell_type": "code", "execution_count": None, "id": f"c{n}", "metadata": {}, "outputs": [],
                   "source": text.splitlines(True)} for n, text in enumerate(cells)],
        "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}},
        "nbformat": 4, "nbformat_minor": 5,
    }, indent=1) + "\n"


def _lines(stderr, name):
    return [line for line in stderr.splitlines() if line.startswith(name + ":")]


def test_f2_sed_run_from_python_or_a_notebook_holds_the_document(tmp_path):
    notebook_send = 'import os, requests\ndoc = open("queries/{0}.graphql").read()\nrequests.post("https://houston.example.com/v1", json={{"query": doc}}, headers={{"authorization": os.environ["HOUSTON_API_TOKEN"]}})\n'
    project = _project(tmp_path, "p", {
        **{f"queries/{name}.graphql": GRAPHQL for name in ("run", "system", "bang", "bash", "control")},
        "send_run.py": _script("queries/run.graphql", '    subprocess.run(\n        ["sed", "-i", f"s/2.3.4-11/{version}/",\n         "queries/run.graphql"], check=True)\n'),
        "send_system.py": _script("queries/system.graphql", "    os.system(f\"sed -i 's/2.3.4-11/{version}/' queries/system.graphql\")\n"),
        "send_control.py": _script("queries/control.graphql", '    subprocess.run(["sed", "-i", "s/label: $label/label: \\"x\\"/", "queries/control.graphql"])\n'),
        "deploy.ipynb": _notebook([
            'VERSION = "5.5.0"\n',
            '!sed -i "s/2.3.4-11/$VERSION/" queries/bang.graphql\n',
            notebook_send.format("bang"),
            '%%bash -s "$VERSION"\nsed -i "s/2.3.4-11/$1/" queries/bash.graphql\n',
            notebook_send.format("bash"),
        ]),
    })
    done = run_cli("rewrite", "--no-cache", ".", cwd=project)
    assert done.returncode == 0, done.stderr
    for name, place in (("run", "send_run.py:7"), ("system", "send_system.py:6"), ("bang", "deploy.ipynb:"), ("bash", "deploy.ipynb:")):
        path = f"queries/{name}.graphql"
        assert (project / path).read_text() == GRAPHQL, (path, done.stderr)
        lines = _lines(done.stderr, path)
        assert lines and all("review-template-fill" in line and place in line for line in lines), (path, done.stderr)
    # control: a sed that does not touch the AC text leaves the migration alone
    assert "runtimeVersion" in (project / "queries/control.graphql").read_text(), done.stderr


def test_f14_a_bump_step_editing_the_dockerfile_tag_holds_it(tmp_path):
    bump = (
        "import sys\nfrom pathlib import Path\n\nCURRENT = \"2.3.4-11\"\n\n"
        "def main(new):\n    df = Path(__file__).parent / \"Dockerfile.prod\"\n"
        "    df.write_text(df.read_text().replace(CURRENT, new))\n"
    )
    project = _project(tmp_path, "p", {
        "Dockerfile": DOCKERFILE,
        "Dockerfile.prod": DOCKERFILE,
        "Dockerfile.dev": DOCKERFILE,  # control: no step edits or reads it
        "Makefile": 'bump:\n\tsed -i "s/2.3.4-11/$(NEW)/" Dockerfile\nimage:\n\tdocker build -f Dockerfile.dev .\n',
        "bump.py": bump,
    })
    done = run_cli("rewrite", "--no-cache", ".", cwd=project)
    assert done.returncode == 0, done.stderr
    for name, named in (("Dockerfile", "Makefile:2"), ("Dockerfile.prod", "bump.py names this file on line 7 and holds '2.3.4-11' on line 4")):
        assert (project / name).read_text() == DOCKERFILE, (name, done.stderr)
        lines = _lines(done.stderr, name)
        assert lines and all(named in line for line in lines), (name, done.stderr)
    assert "astro-runtime" in (project / "Dockerfile.dev").read_text(), done.stderr


def test_f8_drift_check_holds_the_dockerfile_and_the_script(tmp_path):
    drift = (
        "import os\nimport re\nimport requests\n\n"
        'DEP = """query Dep($id: Uuid!) { deployment(where: {id: $id}) { id airflowVersion } }"""\n\n'
        "def dockerfile_version():\n"
        '    with open("Dockerfile") as fh:\n'
        '        return re.search(r"^FROM \\S+:(\\d+\\.\\d+\\.\\d+(?:-\\d+)?)", fh.read(), re.M).group(1)\n\n'
        "def check(dep_id):\n"
        '    d = requests.post("https://houston.example.com/v1", json={"query": DEP, "variables": {"id": dep_id}},\n'
        '                      headers={"authorization": os.environ["HOUSTON_API_TOKEN"]}).json()["data"]["deployment"]\n'
        '    if d["airflowVersion"] != dockerfile_version():\n'
        '        raise SystemExit("drift")\n'
    )
    # control: a script reading the same field that opens no image file is migrated as before
    listing = drift.replace('open("Dockerfile")', "open(os.environ['SOMEWHERE'])")
    project = _project(tmp_path, "p", {"Dockerfile": DOCKERFILE, "drift.py": drift, "listing.py": listing})
    done = run_cli("rewrite", "--no-cache", ".", cwd=project)
    assert done.returncode == 0, done.stderr
    assert (project / "Dockerfile").read_text() == DOCKERFILE, done.stderr
    assert (project / "drift.py").read_text() == drift, done.stderr
    assert any("drift.py names this file" in line for line in _lines(done.stderr, "Dockerfile")), done.stderr
    lines = _lines(done.stderr, "drift.py")
    assert lines and all("review-ac-version-comparison" in line and "Dockerfile on line 8" in line for line in lines), done.stderr
    assert "runtimeAirflowVersion" in (project / "listing.py").read_text(), done.stderr


def test_f7_jupytext_py_config_pairs_without_running_it(tmp_path):
    sender = (
        "import os\nimport requests\n"
        "CREATE = 'mutation { createDeployment(workspaceUuid: \"w\", label: \"x\", type: \"airflow\", airflowVersion: \"2.3.4-11\") { id } }'\n"
        'requests.post("https://houston.example.com/v1", json={"query": CREATE}, headers={"authorization": os.environ["HOUSTON_API_TOKEN"]})\n'
    )
    config = 'import pathlib\npathlib.Path("EXECUTED").write_text("x")\nc.formats = "ipynb,py:percent"\n'
    files = {"deploy.ipynb": _notebook([sender]), "deploy.py": "# %%\n" + sender}
    project = _project(tmp_path, "p", {**files, ".jupytext.py": config})
    before = {name: (project / name).read_text() for name in files}
    done = run_cli("rewrite", "--no-cache", ".", cwd=project)
    assert done.returncode == 0, done.stderr
    for name in files:
        assert (project / name).read_text() == before[name], (name, done.stderr)
        assert "review-jupytext-pair" in " ".join(_lines(done.stderr, name)), done.stderr
    assert not (project / "EXECUTED").exists()  # read, never executed
    # control: a formats value computed at run time is not read (no pairing known): both migrated
    other = _project(tmp_path, "other", {**files, ".jupytext.py": 'c.formats = ",".join(["ipynb", "py:percent"])\n'})
    done = run_cli("rewrite", "--no-cache", ".", cwd=other)
    assert "runtimeVersion" in (other / "deploy.py").read_text(), done.stderr
