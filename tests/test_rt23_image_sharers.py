"""Red team 22 (report 11b): image files (Dockerfile, compose) edited while other project files read or set the image.

f3: a step reading the Dockerfile's tag and passing it to the astro CLI's AC flag (``--desired-airflow-version``)
is a reader; f4: ``--build-arg`` from every file whose steps the tool reads (scripts/, justfile, Taskfile.yml, a
composite action) and docker buildx bake ``args``; f6: a script a CI step runs by its path, wherever it lives;
f7: every bumpversion / pre-commit spelling that reaches the file; f9: a compose variable the project's own
launcher exports before ``docker compose``.  All run the installed command in a tmp work tree.
"""

import json

import pytest
from trust_cli import run_cli, git_tree

AC = "quay.io/astronomer/ap-airflow:2.3.4-11-onbuild"
AC_ARG = "quay.io/astronomer/ap-airflow:2.3.4-onbuild"


_tree = git_tree  # trust_cli's: a git work tree holding the files


def _findings(tmp_path):
    done = run_cli("rewrite", "--check", "--format", "json", "--no-cache", ".", cwd=tmp_path)
    assert "Traceback" not in done.stderr, done.stderr
    return json.loads(done.stdout)["findings"]


def _held(tmp_path, name, text, *named):
    """Run rewrite: ``name`` keeps ``text``, and a warning on it names each of ``named``."""
    done = run_cli("rewrite", "--no-cache", ".", cwd=tmp_path)
    assert "Traceback" not in done.stderr, done.stderr
    assert (tmp_path / name).read_text() == text, done.stdout + done.stderr
    said = done.stdout + done.stderr
    for place in named:
        assert place in said, said


# ------------------------------------------------------------------------------------------------ f3

UPGRADE_STEP = """name: deploy
on: push
jobs:
  deploy:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: |
          AC_VERSION=$(grep -m1 '^FROM' Dockerfile | cut -d: -f2 | sed 's/-onbuild$//')
          astro deployment airflow upgrade --deployment-id "$DEPLOYMENT_ID" --desired-airflow-version "$AC_VERSION" -f
"""
UPGRADE_MAKE = """AC_VERSION := $(shell grep -m1 '^FROM' Dockerfile | cut -d: -f2)

upgrade:
\tastro deployment airflow upgrade --deployment-id $(DEP) --desired-airflow-version $(AC_VERSION) -f
"""
UPGRADE_PY = """import subprocess
import sys
from pathlib import Path

line = next(l for l in Path("Dockerfile").read_text().splitlines() if l.startswith("FROM"))
subprocess.run(["astro", "deployment", "airflow", "upgrade", "--deployment-id", sys.argv[1],
                "--desired-airflow-version", line.split(":")[-1], "-f"], check=True)
"""


@pytest.mark.parametrize("name, text, line", [
    (".github/workflows/deploy.yml", UPGRADE_STEP, 9),
    ("Makefile", UPGRADE_MAKE, 1),
    ("upgrade.py", UPGRADE_PY, 5),
])
def test_f3_a_reader_passing_the_tag_to_the_astro_ac_flag_holds_the_dockerfile(tmp_path, name, text, line):
    dockerfile = f"FROM {AC}\n"
    _tree(tmp_path, {"Dockerfile": dockerfile, name: text})
    _held(tmp_path, "Dockerfile", dockerfile, f"{name} names this file on line {line}")


# ------------------------------------------------------------------------------------------------ f4

ARG_DOCKERFILE = f"ARG BASE_IMAGE={AC_ARG}\nFROM ${{BASE_IMAGE}}\n"
BUILD_LINE = f"docker build --build-arg BASE_IMAGE={AC_ARG} -t airflow ."
BAKE = f"""target "airflow" {{
  context    = "."
  dockerfile = "Dockerfile"
  args = {{
    BASE_IMAGE = "{AC_ARG}"
  }}
}}
"""
BAKE_JSON = '{"target": {"airflow": {"context": ".", "args": {"BASE_IMAGE": "%s"}}}}\n' % AC_ARG
ACTION = f"""name: build
runs:
  using: composite
  steps:
    - shell: bash
      run: {BUILD_LINE}
"""


@pytest.mark.parametrize("name, text, line", [
    ("scripts/build.sh", f"#!/bin/sh\nset -e\n{BUILD_LINE}\n", 3),
    ("justfile", f"build:\n    {BUILD_LINE}\n", 2),
    ("Taskfile.yml", f"version: '3'\ntasks:\n  build:\n    cmds:\n      - {BUILD_LINE}\n", 5),
    ("docker-bake.hcl", BAKE, 5),
    ("docker-bake.json", BAKE_JSON, 1),
    (".github/actions/build/action.yml", ACTION, 6),
    ("deploy/build.sh", f"#!/bin/sh\n{BUILD_LINE}\n", 2),  # run by path from the Makefile below (f6's class)
])
def test_f4_a_build_arg_from_any_step_file_or_bake_is_reviewed(tmp_path, name, text, line):
    files = {"Dockerfile": ARG_DOCKERFILE, name: text}
    if name.startswith("deploy/"):
        files["Makefile"] = "build:\n\tsh deploy/build.sh\n"
    _tree(tmp_path, files)
    found = [f for f in _findings(tmp_path) if f["code"] == "review-ac-image-build-arg"]
    assert found and f"{name}:{line}" in found[0]["message"], found


def test_f4_a_bake_target_building_another_dockerfile_does_not_count(tmp_path):
    other = BAKE.replace('context    = "."', 'context    = "other"')
    _tree(tmp_path, {"Dockerfile": ARG_DOCKERFILE, "other/Dockerfile": "FROM python:3.11\n", "docker-bake.hcl": other})
    assert not [f for f in _findings(tmp_path) if f["code"] == "review-ac-image-build-arg"]


# ------------------------------------------------------------------------------------------------ f6

BUMP = """#!/bin/sh
set -e
cd "$(dirname "$0")/.."
sed -i -E "s|(quay.io/astronomer/ap-airflow:)[0-9.]+-[0-9]+|\\1$1|" Dockerfile
"""
BUMP_QUERY = """#!/bin/sh
sed -i "s/2.3.4-11/$1/" queries/create.graphql
"""


@pytest.mark.parametrize("runner, run", [
    (".github/workflows/bump.yml",
     "on: workflow_dispatch\njobs:\n  bump:\n    runs-on: ubuntu-latest\n    steps:\n"
     "      - uses: actions/checkout@v4\n      - run: sh deploy/bump-ac.sh \"${{ inputs.version }}\"\n"),
    ("Makefile", "bump:\n\t./deploy/bump-ac.sh $(V)\n"),
    (".gitlab-ci.yml", "bump:\n  script:\n    - bash $CI_PROJECT_DIR/deploy/bump-ac.sh \"$V\"\n"),
])
def test_f6_a_script_run_by_path_is_read_wherever_it_lives(tmp_path, runner, run):
    dockerfile = f"FROM {AC}\n"
    _tree(tmp_path, {"Dockerfile": dockerfile, "deploy/bump-ac.sh": BUMP, runner: run})
    _held(tmp_path, "Dockerfile", dockerfile, "deploy/bump-ac.sh")


def test_f6_a_script_a_script_runs_edits_a_document(tmp_path):
    query = 'mutation { createDeployment(workspaceUuid: "w", label: "l", type: "airflow", airflowVersion: "2.3.4-11") { id } }\n'
    sender = ('import requests\nfrom pathlib import Path\nrequests.post("https://houston.example.com/v1", '
              'json={"query": Path("queries/create.graphql").read_text()})\n')
    _tree(tmp_path, {
        "queries/create.graphql": query, "send.py": sender, "release/pin.sh": BUMP_QUERY,
        "release/all.sh": "#!/bin/sh\nsh release/pin.sh \"$1\"\n", ".github/workflows/r.yml":
        "on: push\njobs:\n  r:\n    runs-on: ubuntu-latest\n    steps:\n      - run: sh release/all.sh 2.4.0-1\n",
    })
    _held(tmp_path, "queries/create.graphql", query, "release/pin.sh:2")


# ------------------------------------------------------------------------------------------------ f7

@pytest.mark.parametrize("name, text", [
    ("pyproject.toml", '[tool.bumpversion]\ncurrent_version = "2.3.4-11"\nfiles = [{filename = "Dockerfile"}]\n'),
    ("pyproject.toml", '[tool.bumpversion]\ncurrent_version = "2.3.4-11"\nfiles = [\n  {filename = "README.md"},\n'
                       '  {glob = "**/Dockerfile"},\n]\n'),
    (".bumpversion.toml", '[tool.bumpversion]\ncurrent_version = "2.3.4-11"\n\n[[tool.bumpversion.files]]\nglob = "Docker*"\n'),
    (".bumpversion.cfg", "[bumpversion]\ncurrent_version = 2.3.4-11\n\n[bumpversion:glob:Docker*]\n"),
    (".pre-commit-config.yaml", "repos:\n  - repo: local\n    hooks:\n      - id: ac-pin\n        name: pin\n"
                                "        language: system\n        entry: sed -i 's/ap-airflow:2.3.4-[0-9]*/ap-airflow:2.3.4-11/'\n"
                                "        files: ^Docker\n"),
    (".pre-commit-config.yaml", "repos:\n  - repo: local\n    hooks:\n      - id: ac-pin\n        name: pin\n"
                                "        language: system\n        entry: sed -i 's/2.3.4-11/2.3.4-12/'\n"
                                "        files: Dockerfile$\n"),
])
def test_f7_every_bump_spelling_reaching_the_dockerfile_holds_it(tmp_path, name, text):
    dockerfile = f"FROM {AC}\n"
    _tree(tmp_path, {"Dockerfile": dockerfile, name: text})
    _held(tmp_path, "Dockerfile", dockerfile, name)


def test_f7_a_glob_naming_other_files_does_not_hold(tmp_path):
    config = '[tool.bumpversion]\ncurrent_version = "2.3.4-11"\nfiles = [{glob = "docs/*.md"}]\n'
    _tree(tmp_path, {"Dockerfile": f"FROM {AC}\n", "pyproject.toml": config})
    done = run_cli("rewrite", "--no-cache", ".", cwd=tmp_path)
    assert "astro-runtime" in (tmp_path / "Dockerfile").read_text(), done.stdout + done.stderr


# ------------------------------------------------------------------------------------------------ f9

COMPOSE = f"services:\n  scheduler:\n    image: ${{AIRFLOW_IMAGE:-{AC_ARG}}}\n    command: scheduler\n"


@pytest.mark.parametrize("name, text, where", [
    ("Makefile", f"export AIRFLOW_IMAGE := {AC_ARG}\n\nup:\n\tdocker compose up -d\n", "Makefile:1"),
    ("Makefile", f"AIRFLOW_IMAGE ?= {AC_ARG}\nexport AIRFLOW_IMAGE\n\nup:\n\tdocker compose up -d\n", "Makefile:1"),
    ("run_local.py", f'import os\nimport subprocess\n\nos.environ.setdefault("AIRFLOW_IMAGE", "{AC_ARG}")\n'
                     'subprocess.run(["docker", "compose", "up", "-d"], check=True)\n', "run_local.py:4"),
    ("scripts/up.sh", f"#!/bin/sh\nexport AIRFLOW_IMAGE={AC_ARG}\ndocker-compose up -d\n", "scripts/up.sh:2"),
    ("scripts/up.sh", f"#!/bin/sh\nAIRFLOW_IMAGE={AC_ARG} docker compose up -d\n", "scripts/up.sh:2"),
])
def test_f9_a_launcher_setting_the_compose_variable_is_named(tmp_path, name, text, where):
    _tree(tmp_path, {"docker-compose.yml": COMPOSE, name: text})
    _held(tmp_path, "docker-compose.yml", COMPOSE, where, "astro-runtime:5.5.0")


def test_f9_a_file_that_never_runs_compose_sets_nothing(tmp_path):
    _tree(tmp_path, {"docker-compose.yml": COMPOSE, "Makefile": f"export AIRFLOW_IMAGE := {AC_ARG}\n\nx:\n\techo hi\n"})
    run_cli("rewrite", "--no-cache", ".", cwd=tmp_path)
    assert "astro-runtime" in (tmp_path / "docker-compose.yml").read_text()
