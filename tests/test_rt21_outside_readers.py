"""Red team 19 (pass 20, task B): readers of a file's bytes outside Python's own flow.

A Houston document (a ``.graphql`` file, a Python constant) or an AC image tag (a Dockerfile) that other
code reads or edits is held (a review naming the reader, the file untouched), never rewritten alone: the
reader's ``sed`` / ``grep`` / ``replace`` would silently stop matching.  Each case below is a reader the
tool did not see; the controls beside them (a file no one reads) must keep being rewritten (recall).

One ``rewrite`` run of the installed command over a folder per finding.
"""

import re

from trust_cli import run_cli
from verdicts_cli import write

DOC = '''mutation Create($ws: Uuid!, $label: String!) {
  createDeployment(workspaceUuid: $ws, label: $label, type: "airflow", airflowVersion: "2.3.4-11") { id }
}
'''
DOCKERFILE = "FROM quay.io/astronomer/ap-airflow:2.3.4-onbuild\n"
AIRFLOW = '''import pendulum
from airflow import DAG
from airflow.decorators import dag, task
from airflow.operators.bash import BashOperator
from airflow.providers.http.operators.http import HttpOperator
'''


def _rewrite(root):
    result = run_cli("rewrite", "--no-cache", ".", cwd=root)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    return result


def _held(root, name, result):
    """The file kept its AC text and a review names it."""
    text = (root / name).read_text()
    assert "2.3.4-11" in text or "ap-airflow" in text, f"{name} was rewritten:\n{text}"
    assert re.search(rf"^{re.escape(name)}:\d+:\d+: warning review-", result.stderr, re.M), (name, result.stderr)


def _migrated(root, name):
    text = (root / name).read_text()
    assert "2.3.4-11" not in text and "ap-airflow:" not in text, f"{name} was not rewritten:\n{text}"


# F4 / F15: an Airflow DAG's shell step or Jinja template reads or edits a document or a Dockerfile
DAGS = {
    "include/queries/pin.graphql": DOC,
    "include/queries/task.graphql": DOC,
    "include/queries/cmd.graphql": DOC,
    "include/queries/inc.graphql": DOC,
    "include/queries/rep.graphql": DOC,
    "include/queries/sh.graphql": DOC,
    "include/queries/free.graphql": DOC,  # control: no one reads it
    "include/queries/doc.graphql": DOC,  # control: only a docstring names it
    "Dockerfile": DOCKERFILE,
    "images/worker/Dockerfile": DOCKERFILE,  # control: no one reads it
    # a deployed path (the project is /usr/local/airflow in the image), a keyword after another keyword
    "dags/pin.py": AIRFLOW + '''
with DAG("pin", start_date=pendulum.datetime(2024, 1, 1), schedule=None):
    BashOperator(
        task_id="pin",
        bash_command="sed -i 's/2.3.4-11/{{ params.v }}/' /usr/local/airflow/include/queries/pin.graphql",
    )
    BashOperator(task_id="tag", bash_command="grep ap-airflow /usr/local/airflow/Dockerfile | cut -d: -f2")
''',
    # @task.bash runs the string its function returns
    "dags/bash_task.py": AIRFLOW + '''

@dag(start_date=pendulum.datetime(2024, 1, 1), schedule=None)
def bump():
    @task.bash
    def pin(v: str) -> str:
        return f"sed -i 's/2.3.4-11/{v}/' include/queries/task.graphql"

    pin("5.5.0")


bump()
''',
    # a command bound to a name, then passed
    "dags/cmd.py": AIRFLOW + '''
CMD = "grep -c airflowVersion include/queries/cmd.graphql"

with DAG("cmd", start_date=pendulum.datetime(2024, 1, 1), schedule=None):
    BashOperator(task_id="count", bash_command=CMD)
''',
    # Jinja: the file included in a template field, its AC text replaced by the filter
    "dags/jinja_include.py": AIRFLOW + '''
with DAG("inc", start_date=pendulum.datetime(2024, 1, 1), schedule=None, template_searchpath="/usr/local/airflow"):
    HttpOperator(
        task_id="create",
        http_conn_id="houston",
        data='{% filter replace("2.3.4-11", params.v) %}{% include "include/queries/inc.graphql" %}{% endfilter %}',
    )
''',
    # Jinja: the file read into params, its AC text replaced in the template
    "dags/jinja_replace.py": AIRFLOW + '''from pathlib import Path

with DAG("rep", start_date=pendulum.datetime(2024, 1, 1), schedule=None):
    HttpOperator(
        task_id="create",
        http_conn_id="houston",
        data='{"query": {{ params.q | replace("2.3.4-11", params.v) | tojson }}}',
        params={"q": Path("/usr/local/airflow/include/queries/rep.graphql").read_text(), "v": "2.5.0-1"},
    )
''',
    # a shell script the DAG runs as a template (Airflow renders it from the DAG's folder)
    "dags/scripts/pin.sh": '#!/bin/bash\nsed -i "s/2.3.4-11/{{ params.v }}/" "$AIRFLOW_HOME/include/queries/sh.graphql"\n',
    "dags/pin_script.py": AIRFLOW + '''
with DAG("pin_script", start_date=pendulum.datetime(2024, 1, 1), schedule=None):
    BashOperator(task_id="pin", bash_command="scripts/pin.sh ", params={"v": "2.5.0-1"})
''',
    "dags/documented.py": '''"""Bumps the pin: sed -i 's/2.3.4-11/NEW/' include/queries/doc.graphql (by hand, not run here)."""
''',
}


def test_dag_shell_steps_and_templates_hold_what_they_read(tmp_path):
    write(tmp_path, DAGS)
    result = _rewrite(tmp_path)
    for name in ("pin", "task", "cmd", "inc", "rep", "sh"):
        _held(tmp_path, f"include/queries/{name}.graphql", result)
    _held(tmp_path, "Dockerfile", result)
    _migrated(tmp_path, "include/queries/free.graphql")
    _migrated(tmp_path, "include/queries/doc.graphql")
    _migrated(tmp_path, "images/worker/Dockerfile")


# F9: a notebook or script runs another script in its own namespace, and that script fills the document
SEND = '''import os
import requests

HOUSTON = "https://houston.example.com/v1"
'''
POST = '''requests.post(HOUSTON, json={"query": q, "variables": {"ws": "w", "label": "x"}}, headers={"authorization": os.environ["HOUSTON_API_TOKEN"]})
'''
CREATE = 'CREATE = """\n' + DOC + '"""\n'


def _notebook(*cells):
    import json

    return json.dumps({
        "cells": [{"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [], "source": c} for c in cells],
        "metadata": {}, "nbformat": 4, "nbformat_minor": 5,
    }, indent=1)


NAMESPACES = {
    # the notebook defines the document; %run -i fill.py fills and sends it
    "nb/run.ipynb": _notebook(CREATE + 'VERSION = "2.5.0-1"\n', "%run -i fill.py\n"),
    "nb/fill.py": SEND + 'q = CREATE.replace("2.3.4-11", VERSION)\n' + POST,
    # runpy.run_path hands the document to send.py under another name
    "rp/runner.py": "import runpy\n\n" + CREATE + 'runpy.run_path("send.py", init_globals={"DOC": CREATE, "VERSION": "2.5.0-1"})\n',
    "rp/send.py": SEND + 'q = DOC.replace("2.3.4-11", VERSION)\n' + POST,
    # exec(open(...).read()) runs send.py with the caller's globals
    "ex/runner.py": CREATE + 'VERSION = "2.5.0-1"\nexec(open("send.py").read())\n',
    "ex/send.py": SEND + 'q = CREATE.replace("2.3.4-11", VERSION)\n' + POST,
    # controls: the script run reads only the version (run_path), or runs in its own namespace (%run without -i)
    "ctl/runner.py": "import runpy\n\n" + CREATE + 'runpy.run_path("send.py", init_globals={"VERSION": "2.5.0-1"})\n',
    "ctl/send.py": SEND + 'q = "query { deployments { id } }" + VERSION\n' + POST,
    "ctl/run.ipynb": _notebook(CREATE + 'VERSION = "2.5.0-1"\n', "%run send.py\n"),
}


def test_a_script_run_in_the_namespace_holds_the_documents_it_reads(tmp_path):
    write(tmp_path, NAMESPACES)
    result = _rewrite(tmp_path)
    for name in ("nb/run.ipynb", "rp/runner.py", "ex/runner.py"):
        _held(tmp_path, name, result)
    assert "fill.py reads it as CREATE" in result.stderr and "send.py reads it as DOC" in result.stderr
    _migrated(tmp_path, "ctl/runner.py")
    _migrated(tmp_path, "ctl/run.ipynb")


# F1: CI steps in files the tool did not follow (composite actions, GitLab local includes, CodeBuild)
CI = {
    "queries/action.graphql": DOC,
    "queries/gitlab.graphql": DOC,
    "queries/codebuild.graphql": DOC,
    "queries/free.graphql": DOC,  # control
    "docker/action/Dockerfile": DOCKERFILE,
    "docker/gitlab/Dockerfile": DOCKERFILE,
    "docker/codebuild/Dockerfile": DOCKERFILE,
    "docker/free/Dockerfile": DOCKERFILE,  # control
    ".github/actions/bump/action.yml": '''name: bump
inputs:
  version:
    required: true
runs:
  using: composite
  steps:
    - run: sed -i "s/2.3.4-11/${{ inputs.version }}/" queries/action.graphql
      shell: bash
    - run: echo "tag=$(grep ap-airflow docker/action/Dockerfile | cut -d: -f2)" >> "$GITHUB_OUTPUT"
      shell: bash
''',
    ".github/workflows/bump.yml": '''on: workflow_dispatch
jobs:
  bump:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: ./.github/actions/bump
        with:
          version: "2.5.0-1"
''',
    ".gitlab-ci.yml": '''include:
  - local: ci/bump.yml
stages: [bump]
''',
    "ci/bump.yml": '''bump:
  stage: bump
  script:
    - sed -i "s/2.3.4-11/$AIRFLOW_VERSION/" $CI_PROJECT_DIR/queries/gitlab.graphql
    - export TAG=$(sed -n 's/^FROM .*ap-airflow:\\(.*\\)$/\\1/p' docker/gitlab/Dockerfile)
''',
    "buildspec.yml": '''version: 0.2
phases:
  build:
    commands:
      - sed -i "s/2.3.4-11/$AIRFLOW_VERSION/" queries/codebuild.graphql
      - docker build -t app:$(grep -m1 ap-airflow docker/codebuild/Dockerfile | cut -d: -f2) docker/codebuild
''',
}


def test_ci_steps_of_composite_actions_gitlab_includes_and_codebuild_hold_what_they_read(tmp_path):
    write(tmp_path, CI)
    result = _rewrite(tmp_path)
    for name in ("action", "gitlab", "codebuild"):
        _held(tmp_path, f"queries/{name}.graphql", result)
        _held(tmp_path, f"docker/{name}/Dockerfile", result)
    _migrated(tmp_path, "queries/free.graphql")
    _migrated(tmp_path, "docker/free/Dockerfile")


# F7: the document handed to a child script of the repository through its environment
CHILD = SEND + 'q = os.environ["QUERY"].replace("2.3.4-11", os.environ["VERSION"])\n' + POST
ENVIRONMENTS = {
    "env_dict/runner.py": "import os\nimport subprocess\nimport sys\n\n" + CREATE
    + 'subprocess.run([sys.executable, "send.py"], env={**os.environ, "QUERY": CREATE, "VERSION": "2.5.0-1"}, check=True)\n',
    "env_dict/send.py": CHILD,
    "env_set/runner.py": "import os\nimport subprocess\n\n" + CREATE
    + '\n\ndef main():\n    os.environ["QUERY"] = CREATE\n    subprocess.check_call("python send.py", shell=True)\n',
    "env_set/send.py": CHILD,
    "env_shell/runner.py": "import os\nimport subprocess\n\n" + CREATE
    + 'subprocess.run(["bash", "scripts/send.sh"], env=dict(os.environ, QUERY=CREATE), check=True)\n',
    "env_shell/scripts/send.sh": '#!/bin/bash\nq="${QUERY//2.3.4-11/$VERSION}"\n'
    "jq -n --arg q \"$q\" '{query: $q}' | curl -s -H \"authorization: $HOUSTON_API_TOKEN\" -d @- https://houston.example.com/v1\n",
    # control: the child is given only the version; it sends its own document
    "env_ctl/runner.py": "import os\nimport subprocess\nimport sys\n\n" + CREATE
    + 'subprocess.run([sys.executable, "send.py"], env={**os.environ, "VERSION": "2.5.0-1"}, check=True)\n',
    "env_ctl/send.py": CHILD,
}


def test_a_child_reading_the_document_from_its_environment_holds_it(tmp_path):
    write(tmp_path, ENVIRONMENTS)
    result = _rewrite(tmp_path)
    for name in ("env_dict/runner.py", "env_set/runner.py", "env_shell/runner.py"):
        _held(tmp_path, name, result)
    assert "send.py reads it as QUERY, from its environment" in result.stderr
    _migrated(tmp_path, "env_ctl/runner.py")


# F13: the document written to a generated file that a CI step or another script then reads or edits
GENERATED = {
    "scripts/gen_queries.py": "from pathlib import Path\n\n" + CREATE + 'Path("gen/create.graphql").write_text(CREATE)\n',
    ".github/workflows/deploy.yml": '''on: workflow_dispatch
jobs:
  deploy:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: python scripts/gen_queries.py
      - run: sed -i "s/2.3.4-11/${{ vars.AIRFLOW_VERSION }}/" gen/create.graphql
''',
    "tools/gen_upgrade.py": CREATE + '\nwith open("build/upgrade.graphql", "w") as out:\n    out.write(CREATE)\n',
    "tools/send_upgrade.py": SEND + 'from pathlib import Path\n\nq = Path("build/upgrade.graphql").read_text().replace("2.3.4-11", "2.5.0-1")\n' + POST,
    # control: a generated file no one else reads
    "tools/gen_free.py": "from pathlib import Path\n\n" + CREATE + 'Path("build/free.graphql").write_text(CREATE)\n',
}


def test_a_document_written_to_a_file_other_code_reads_is_held(tmp_path):
    write(tmp_path, GENERATED)
    result = _rewrite(tmp_path)
    _held(tmp_path, "scripts/gen_queries.py", result)
    _held(tmp_path, "tools/gen_upgrade.py", result)
    assert "writes it to gen/create.graphql on line" in result.stderr
    _migrated(tmp_path, "tools/gen_free.py")


# F5: dockerfile-parse's DockerfileParser reads the FROM tag of the Dockerfile its path names (default ./Dockerfile)
PARSERS = {
    "Dockerfile": DOCKERFILE,
    "docker/prod/Dockerfile": DOCKERFILE,
    "docker/free/Dockerfile": DOCKERFILE,  # control: no parser names it
    "scripts/drift.py": '''import sys

from dockerfile_parse import DockerfileParser

tag = DockerfileParser().baseimage.rsplit(":", 1)[1]
if tag != sys.argv[1]:
    sys.exit(f"image {tag} is not the deployed {sys.argv[1]}")
''',
    "scripts/prod_tag.py": '''from dockerfile_parse import DockerfileParser

print(DockerfileParser(path="docker/prod").baseimage)
''',
}


def test_a_dockerfile_parser_reads_the_dockerfile_it_names(tmp_path):
    write(tmp_path, PARSERS)
    result = _rewrite(tmp_path)
    _held(tmp_path, "Dockerfile", result)
    _held(tmp_path, "docker/prod/Dockerfile", result)
    assert "scripts/drift.py names this file" in result.stderr
    _migrated(tmp_path, "docker/free/Dockerfile")
