"""Red team pass 15, report 11b (issue 11): F10, F2, F7, F3, F6, through the installed CLI.

F10: a Makefile or shell script of the project that reads the Dockerfile's AC tag (``sed``, ``grep``)
is a reader: the FROM line is held (review naming it), not migrated under it.
F2: a CI step, Makefile or shell script that edits a document file's AC version text with ``sed -i``
holds that document (review naming the step), as a Python ``.replace`` fill does.
F7: Jupytext's ``auto`` extension (``ipynb,auto:percent``) is the notebook's language extension
(``.py``): the headerless twin is held with the notebook.
F3: a notebook's metadata pair with a folder prefix (``notebooks//ipynb,scripts//py:percent``) holds
the twin it names, headerless or not.
F6: a module a notebook's ``%%writefile`` cell generates is held, the review naming the cell.
"""

import json
import os
import subprocess

from trust_cli import run_cli

DOC = 'mutation Up($id: Uuid!) { upsertDeployment(deploymentUuid: $id, airflowVersion: "2.3.4-11") { id } }'
SENDER = (
    "import os\nimport requests\n"
    f"UPSERT = '{DOC}'\n"
    "def upsert(dep):\n"
    '    return requests.post("https://houston.example.com/v1", json={"query": UPSERT, "variables": {"id": dep}},\n'
    '                         headers={"authorization": os.environ["HOUSTON_API_TOKEN"]})\n'
)


def _git(folder):
    subprocess.run(["git", "init", "-q", str(folder)], check=True)


def _write(folder, files):
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def test_f10_makefile_and_shell_script_reading_the_tag_hold_the_from_line(tmp_path):
    dockerfile = "FROM quay.io/astronomer/ap-airflow:2.3.4-11-onbuild\n"
    for name, reader in {
        "Makefile": "AC_TAG := $(shell sed -n 's|^FROM quay.io/astronomer/ap-airflow:\\(.*\\)-onbuild|\\1|p' Dockerfile)\n"
        "image:\n\tdocker build -t registry.example.com/etl/airflow:$(AC_TAG) .\n",
        "scripts/release.sh": "#!/bin/sh\nTAG=$(grep -o 'ap-airflow:[^ ]*' Dockerfile | cut -d: -f2)\n"
        'docker build -t "registry.example.com/etl/airflow:${TAG}" .\n',
    }.items():
        project = tmp_path / name.replace("/", "_")
        project.mkdir()
        _git(project)
        _write(project, {"Dockerfile": dockerfile, name: reader})
        done = run_cli("rewrite", "--no-cache", ".", cwd=project)
        assert done.returncode == 0, done.stderr
        assert (project / "Dockerfile").read_text() == dockerfile  # not migrated under the reader
        assert "review-ac-image" in done.stderr and name in done.stderr, done.stderr
    # control: a Makefile that only builds, reading no tag, leaves the migration alone
    project = tmp_path / "control"
    project.mkdir()
    _git(project)
    _write(project, {"Dockerfile": dockerfile, "Makefile": "image:\n\tdocker build -t x/airflow:latest .\n"})
    done = run_cli("rewrite", "--no-cache", ".", cwd=project)
    assert "astro-runtime" in (project / "Dockerfile").read_text(), done.stderr


def _notebook(source, jupytext=None):
    metadata = {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}}
    if jupytext is not None:
        metadata["jupytext"] = jupytext
    cells = [{"cell_type": "code", "execution_count": None, "id": f"c{n}", "metadata": {}, "outputs": [],
              "source": text.splitlines(True)} for n, text in enumerate(source)]
    return json.dumps({"cells": cells, "metadata": metadata, "nbformat": 4, "nbformat_minor": 5}, indent=1) + "\n"


def _held_both(project, files):
    before = {name: (project / name).read_text() for name in files}
    done = run_cli("rewrite", "--no-cache", ".", cwd=project)
    assert done.returncode == 0, done.stderr
    for name in files:
        assert (project / name).read_text() == before[name], (name, done.stderr)
        assert f"{name}:" in done.stderr and "review-jupytext-pair" in done.stderr, done.stderr
    return done


def test_f7_auto_extension_pairs_the_headerless_py_beside_the_notebook(tmp_path):
    twin = "# %%\n" + SENDER
    # A: the project's configuration; B: the notebook's own metadata
    for name, config, jupytext in (
        ("config", 'formats = "ipynb,auto:percent"\nnotebook_metadata_filter = "-all"\n', None),
        ("metadata", None, {"formats": "ipynb,auto:percent", "notebook_metadata_filter": "-all"}),
    ):
        project = tmp_path / name
        project.mkdir()
        _git(project)
        files = {"deploy.ipynb": _notebook([SENDER], jupytext), "deploy.py": twin}
        if config:
            files["jupytext.toml"] = config
        _write(project, files)
        _held_both(project, ["deploy.ipynb", "deploy.py"])


def test_f3_metadata_prefix_pair_holds_the_twin_it_names(tmp_path):
    project = tmp_path / "p"
    project.mkdir()
    _git(project)
    jupytext = {"formats": "notebooks//ipynb,scripts//py:percent", "notebook_metadata_filter": "-all"}
    _write(project, {"notebooks/deploy.ipynb": _notebook([SENDER], jupytext), "scripts/deploy.py": "# %%\n" + SENDER})
    done = _held_both(project, ["notebooks/deploy.ipynb", "scripts/deploy.py"])
    assert "notebooks/deploy.ipynb" in done.stderr.split("scripts/deploy.py:", 1)[1]  # names its notebook
    # the file named alone is judged the same way
    alone = run_cli("rewrite", "--no-cache", "--diff", "scripts/deploy.py", cwd=project)
    assert "review-jupytext-pair" in alone.stderr and "runtimeVersion" not in alone.stdout, alone.stderr
    # control: a notebook whose formats put its twin elsewhere does not hold this script
    other = tmp_path / "other"
    other.mkdir()
    _git(other)
    jupytext = {"formats": "notebooks//ipynb,python//py:percent"}
    _write(other, {"notebooks/deploy.ipynb": _notebook(["x = 1\n"], jupytext), "scripts/deploy.py": SENDER})
    done = run_cli("rewrite", "--no-cache", ".", cwd=other)
    assert "runtimeVersion" in (other / "scripts/deploy.py").read_text(), done.stderr


GRAPHQL = (
    "mutation Create($ws: Uuid!, $label: String!) {\n"
    '  createDeployment(workspaceUuid: $ws, label: $label, type: "airflow", airflowVersion: "2.3.4-11") {\n'
    "    id\n  }\n}\n"
)


def _poster(document):
    return (
        "import os\nfrom pathlib import Path\nimport requests\n"
        "def main(ws, label):\n"
        f'    doc = Path("{document}").read_text()\n'
        '    return requests.post("https://houston.example.com/v1", json={"query": doc, "variables": {"ws": ws, "label": label}},\n'
        '                         headers={"authorization": os.environ["HOUSTON_API_TOKEN"]})\n'
    )


def test_f2_shell_steps_editing_a_documents_ac_text_hold_it(tmp_path):
    project = tmp_path / "p"
    project.mkdir()
    _git(project)
    workflow = (
        "name: deploy\non: workflow_dispatch\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - uses: actions/checkout@v4\n"
        '      - run: sed -i "s/2.3.4-11/${{ inputs.ac_version }}/" queries/ci.graphql\n'
        '      - run: sed -i "s/label: \\$label/label: \\"x\\"/" queries/control.graphql\n'
    )
    files = {
        ".github/workflows/deploy.yml": workflow,
        "Makefile": "VERSION ?= 2.3.4-11\ndeploy:\n\tsed -i 's/2.3.4-11/$(VERSION)/' queries/make.graphql\n",
        "scripts/pin.sh": "#!/bin/sh\nperl -pi -e \"s/airflowVersion: \\\"2.3.4-11\\\"/airflowVersion: \\\"$1\\\"/\" deploy.py\n",
        "deploy.py": SENDER,
    }
    for name in ("ci", "make", "control"):
        files[f"queries/{name}.graphql"] = GRAPHQL
        files[f"send_{name}.py"] = _poster(f"queries/{name}.graphql")
    _write(project, files)
    done = run_cli("rewrite", "--no-cache", ".", cwd=project)
    assert done.returncode == 0, done.stderr
    for name, place in (
        ("queries/ci.graphql", ".github/workflows/deploy.yml:8"),
        ("queries/make.graphql", "Makefile:3"),
        ("deploy.py", "scripts/pin.sh:2"),
    ):
        assert "2.3.4-11" in (project / name).read_text() and "runtimeVersion" not in (project / name).read_text(), name
        lines = [line for line in done.stderr.splitlines() if line.startswith(name + ":")]
        assert lines and all("review-template-fill" in line and place in line for line in lines), (name, done.stderr)
    # control: a sed on the document that does not touch its AC text leaves the migration alone
    assert "runtimeVersion" in (project / "queries/control.graphql").read_text(), done.stderr


def test_f6_a_module_a_notebook_writefile_cell_generates_is_held(tmp_path):
    project = tmp_path / "p"
    project.mkdir()
    _git(project)
    _write(project, {
        "houston_ops.py": SENDER,
        "other_ops.py": SENDER,  # control: generated by no cell
        "build.ipynb": _notebook(
            ["%%writefile houston_ops.py\n" + SENDER, "import houston_ops\nhouston_ops.upsert('d1')\n"]
        ),
    })
    done = run_cli("rewrite", "--no-cache", ".", cwd=project)
    assert done.returncode == 0, done.stderr
    assert (project / "houston_ops.py").read_text() == SENDER, done.stderr
    lines = [line for line in done.stderr.splitlines() if line.startswith("houston_ops.py:")]
    assert lines and all("review-generated-file" in line and "build.ipynb [cell 1]" in line for line in lines), done.stderr
    assert "runtimeVersion" in (project / "other_ops.py").read_text(), done.stderr
