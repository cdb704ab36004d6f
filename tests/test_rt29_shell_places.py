"""Red team 28, report 11b, f3 f4 f5 f6 f8 f9: a reader of the AC image file that cuts the tag out of the Dockerfile
(``AF=$(head -1 Dockerfile | cut -d: -f2 | cut -d- -f1); pip install apache-airflow==$AF``) was held in a Makefile or
a ``.sh`` script but missed because of WHERE the command lived: a Buildkite / Gitea / Forgejo / Woodpecker / Concourse
/ Semaphore pipeline, an extensionless ``bin/`` script with a shebang, a poe / taskipy task, an npm script, a
pre-commit hook, a devcontainer command, a shell pipeline run from Python, a notebook cell, a job behind a GitLab
wildcard include.  The FROM was migrated and the step then pinned apache-airflow==5.5.0.  Each place is now read with
the same reader test: the FROM is held (review-ac-image naming the place), never migrated.  Through the installed CLI.
"""

import json

import pytest

from trust_cli import git_tree, run_cli

AC_FROM = "FROM quay.io/astronomer/ap-airflow:2.3.4-11-onbuild\n"
STEP = 'AF=$(head -1 Dockerfile | cut -d: -f2 | cut -d- -f1); pip install "apache-airflow==${AF}"'
CMD = "AF=$(head -1 Dockerfile | cut -d: -f2 | cut -d- -f1) && pip install apache-airflow==$AF"
WORKFLOW = "on: push\njobs:\n  pin:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n          " + STEP + "\n"


def _notebook():
    cells = [
        {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [],
         "source": ['tag = open("Dockerfile").readline().strip().split(":")[1]\n', 'print(tag)\n']},
    ]
    return json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}, indent=1)


def _bash_cell_notebook():
    cells = [
        {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [],
         "source": ["%%bash\n", "AF=$(head -1 Dockerfile | cut -d: -f2 | cut -d- -f1)\n", 'echo "apache-airflow==$AF"\n']},
    ]
    return json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}, indent=1)


PLACES = {
    # f3: CI systems whose pipelines were not read as CI files
    "buildkite": {".buildkite/pipeline.yml": "steps:\n  - label: pin\n    command: |\n      " + STEP + "\n"},
    "gitea": {".gitea/workflows/ci.yml": WORKFLOW},
    "forgejo": {".forgejo/workflows/ci.yml": WORKFLOW},
    "woodpecker": {".woodpecker.yml": "steps:\n  - name: pin\n    image: python:3.9\n    commands:\n      - " + STEP + "\n"},
    "woodpecker-folder": {".woodpecker/pin.yml": "steps:\n  - name: pin\n    image: python:3.9\n    commands:\n      - " + STEP + "\n"},
    "concourse": {"ci/pipeline.yml": "jobs:\n- name: pin\n  plan:\n  - task: pin\n    config:\n      run:\n        path: sh\n        args: [-c, '" + STEP.replace("'", "") + "']\n"},
    "semaphore": {".semaphore/semaphore.yml": "blocks:\n  - task:\n      jobs:\n        - name: pin\n          commands:\n            - " + STEP + "\n"},
    # f4: extensionless scripts run by path, told by their shebang
    "bin-bash": {"bin/pin-airflow": "#!/usr/bin/env bash\nset -eu\n" + STEP + "\n", "Makefile": "pin:\n\t./bin/pin-airflow\n"},
    "bin-python": {"bin/airflow-pin": '#!/usr/bin/env python3\ntag = open("Dockerfile").readline().strip().split(":")[1]\nprint(tag)\n',
                   "Makefile": "pin:\n\t./bin/airflow-pin\n"},
    # f5: task runners whose values are shell commands
    "poe": {"pyproject.toml": '[tool.poe.tasks]\npin = { shell = "' + CMD + '" }\n'},
    "taskipy": {"pyproject.toml": '[tool.taskipy.tasks]\npin = "' + CMD + '"\n'},
    "npm": {"package.json": '{"name":"x","scripts":{"pin":"' + CMD + '"}}\n'},
    "pre-commit": {".pre-commit-config.yaml": "repos:\n  - repo: local\n    hooks:\n      - id: pin\n        name: pin\n"
                   "        language: system\n        entry: bash -c '" + CMD + "'\n"},
    "nox": {"noxfile.py": 'import nox\n@nox.session\ndef pin(session):\n    session.run("bash", "-c", "' + CMD + '", external=True)\n'},
    "devcontainer": {".devcontainer/devcontainer.json": '{"name":"a","postCreateCommand":"' + CMD + '"}\n'},
    # f6: a shell pipeline run from Python
    "os-system": {"scripts/pin_airflow.py": "import os\nos.system('" + STEP + "')\n"},
    "os-popen": {"scripts/pin_airflow.py": 'import os\ntag = os.popen("head -1 Dockerfile | cut -d: -f2").read()\nprint(tag)\n'},
    "subprocess-shell": {"scripts/pin_airflow.py": 'import subprocess\ntag = subprocess.run("head -1 Dockerfile | cut -d: -f2", '
                         "shell=True, capture_output=True, text=True).stdout\nprint(tag)\n"},
    "bash-c": {"scripts/pin_airflow.py": "import subprocess\nsubprocess.check_call([\"bash\", \"-c\", '" + STEP + "'])\n"},
    # f8: notebook code cells
    "notebook-python": {"setup_env.ipynb": _notebook()},
    "notebook-bash": {"setup_env.ipynb": _bash_cell_notebook()},
    # f9: a GitLab wildcard local include
    "gitlab-wildcard": {".gitlab-ci.yml": "include:\n  - local: '.gitlab/ci/*.yml'\n",
                        ".gitlab/ci/pin.yml": "pin:\n  image: python:3.9\n  script:\n    - " + STEP + "\n"},
    "gitlab-double-wildcard": {".gitlab-ci.yml": "include:\n  - local: '.gitlab/**/*.yml'\n",
                               ".gitlab/ci/jobs/pin.yml": "pin:\n  image: python:3.9\n  script:\n    - " + STEP + "\n"},
}


@pytest.mark.parametrize("place", sorted(PLACES))
def test_a_tag_cutting_reader_holds_the_from_wherever_it_lives(tmp_path, place):
    files = dict(PLACES[place])
    git_tree(tmp_path, {"Dockerfile": AC_FROM, **files})
    before = {name: (tmp_path / name).read_bytes() for name in files}
    completed = run_cli("rewrite", "--no-cache", ".", cwd=tmp_path)
    out = completed.stdout + completed.stderr
    assert completed.returncode in (0, 1), out
    assert "Traceback" not in out
    assert (tmp_path / "Dockerfile").read_text() == AC_FROM, out  # held, not migrated
    assert "review-ac-image" in out, out
    assert all((tmp_path / name).read_bytes() == data for name, data in before.items())


@pytest.mark.parametrize("files", [
    {"bin/deploy": "#!/usr/bin/env bash\necho deploying\n"},  # a shebang script not reading the Dockerfile
    {"package.json": '{"name":"x","scripts":{"build":"docker build -t x ."}}\n'},
    {"scripts/run.py": 'import os\nos.system("docker build -f Dockerfile .")\n'},
])
def test_a_place_not_cutting_the_tag_leaves_the_from_migrated(tmp_path, files):
    """The places are read, not held wholesale: one that only names the Dockerfile (a build) is no reader."""
    git_tree(tmp_path, {"Dockerfile": AC_FROM, **files})
    completed = run_cli("rewrite", "--no-cache", ".", cwd=tmp_path)
    assert completed.returncode in (0, 1), completed.stderr
    assert "astro-runtime" in (tmp_path / "Dockerfile").read_text(), completed.stdout + completed.stderr
