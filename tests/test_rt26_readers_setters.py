"""Red team 25 (report 11b, "shared bytes"), f2 f3 f4: other code reads or sets what the tool migrates.

f2: a Dockerfile's AC tag read by a program the tool did not see as a reader: a Python here-document in a shell
script (``AIRFLOW_VERSION=$(python3 <<'PY' ... open("Dockerfile") ... PY)``) or in a GitHub ``run: |`` step
(``python3 - <<'PY'``), a poethepoet task of ``pyproject.toml``, a node bump script in ``scripts/``.  The same
reader as ``python3 -c`` in a Makefile was held; these are now too (the Dockerfile is not edited, a review names
the reader).  Controls: a here-document that is data (``cat <<EOF``, ``python3 app.py <<EOF``) holds nothing.
f4: ``docker build --build-arg \\`` with ``NAME=<image> \\`` on the next line (Makefile, build.sh) sets the ARG: the
default's migration comes with ``review-ac-image-build-arg`` naming the value's line, as the one-line form did.
f3: compose ``${AIRFLOW_IMAGE:-<AC>}`` where a ``package.json`` script, a GitHub step writing ``$GITHUB_ENV`` or a
GitLab ``artifacts: reports: dotenv:`` file sets the variable (CircleCI's ``$BASH_ENV`` and Azure's
``##vso[task.setvariable]`` too): the default is a review naming the setter.
Controls: ``$GITHUB_OUTPUT`` and a plain file are no environment; a package script not running compose sets
nothing for it.
"""


import pytest
from trust_cli import run_cli, git_tree

AC = "quay.io/astronomer/ap-airflow:2.3.4-11-onbuild"
DOCKERFILE = f"FROM {AC}\n"
ARG_DOCKERFILE = "ARG AIRFLOW_IMAGE=" + AC + "\nFROM ${AIRFLOW_IMAGE}\n"
COMPOSE = "services:\n  airflow:\n    image: ${AIRFLOW_IMAGE:-" + AC + "}\n    ports: [\"8080:8080\"]\n"
OTHER = "quay.io/astronomer/ap-airflow:2.4.3-6-onbuild"


_tree = git_tree  # trust_cli's: a git work tree holding the files


def _rewrite(tmp_path):
    done = run_cli("rewrite", "--no-cache", "-j", "1", ".", cwd=tmp_path)
    said = done.stdout + done.stderr
    assert done.returncode in (0, 1) and "Traceback" not in said, said
    return said


# ---------------------------------------------------------------------------------------------------- f2

PIN_SCRIPT = """#!/bin/sh
# install the Airflow version the Astro image runs
AIRFLOW_VERSION=$(python3 <<'PY'
import re
print(re.search(r"ap-airflow:(\\d+\\.\\d+\\.\\d+)", open("Dockerfile").read()).group(1))
PY
)
pip install "apache-airflow==${AIRFLOW_VERSION}"
"""

WORKFLOW = """on: push
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - name: Install the Airflow that the image runs
        run: |
          AIRFLOW_VERSION=$(python3 - <<'PY'
          import re
          print(re.search(r"ap-airflow:(\\d+\\.\\d+\\.\\d+)", open("Dockerfile").read()).group(1))
          PY
          )
          pip install "apache-airflow==${AIRFLOW_VERSION}"
"""

READERS = {
    "script_heredoc": ({"scripts/pin-airflow.sh": PIN_SCRIPT}, "scripts/pin-airflow.sh:3"),
    "workflow_heredoc": ({".github/workflows/ci.yml": WORKFLOW}, ".github/workflows/ci.yml:9"),
    "node_heredoc": ({"scripts/pin.sh": "V=$(node - <<'JS'\nconst fs = require('fs');\n"
                      "console.log(/ap-airflow:([\\d.]+)/.exec(fs.readFileSync('Dockerfile', 'utf8'))[1]);\nJS\n)\n"},
                     "scripts/pin.sh:1"),
    "poe_task": ({"pyproject.toml": "[tool.poe.tasks]\nairflow-version = { shell = \"grep -o 'ap-airflow:[^ ]*' "
                  "Dockerfile | cut -d: -f2\" }\n"}, "pyproject.toml:2"),
    "pdm_script": ({"pyproject.toml": "[project]\nname = \"x\"\n\n[tool.pdm.scripts]\npin = {cmd = [\"sed\", \"-i\", "
                    "\"s/ap-airflow:2.3.4-11/ap-airflow:2.4.3-6/\", \"Dockerfile\"]}\n"}, "pyproject.toml:5"),
    "node_script": ({"scripts/bump-airflow.js": "const fs = require(\"fs\");\nconst v = process.argv[2];\n"
                     "fs.writeFileSync(\"Dockerfile\", fs.readFileSync(\"Dockerfile\", \"utf8\")"
                     ".replace(/ap-airflow:[\\d.]+-\\d+/, `ap-airflow:${v}`));\n"}, "scripts/bump-airflow.js"),
}


@pytest.mark.parametrize("form", sorted(READERS))
def test_f2_a_reader_of_the_dockerfile_holds_it(tmp_path, form):
    files, named = READERS[form]
    _tree(tmp_path, {"Dockerfile": DOCKERFILE, **files})
    said = _rewrite(tmp_path)
    assert (tmp_path / "Dockerfile").read_text() == DOCKERFILE, said
    assert named in said, said


DATA_HEREDOCS = {
    "cat": "#!/bin/sh\ncat <<EOF > notes.txt\nthe image reads open(\"Dockerfile\") and ap-airflow\nEOF\n",
    "python_script_reads_data": "#!/bin/sh\npython3 tools/report.py <<EOF\nopen(\"Dockerfile\") ap-airflow\nEOF\n",
}


@pytest.mark.parametrize("form", sorted(DATA_HEREDOCS))
def test_f2_control_a_heredoc_of_data_holds_nothing(tmp_path, form):
    _tree(tmp_path, {"Dockerfile": DOCKERFILE, "scripts/notes.sh": DATA_HEREDOCS[form]})
    said = _rewrite(tmp_path)
    assert "astro-runtime" in (tmp_path / "Dockerfile").read_text(), said


# ---------------------------------------------------------------------------------------------------- f4

SPLIT = {
    "makefile": ("Makefile", "build:\n\tdocker build \\\n\t  --build-arg \\\n\t  AIRFLOW_IMAGE=registry.acme.io/mirror/"
                 "ap-airflow:2.3.4-11-onbuild \\\n\t  -t acme/airflow .\n", "Makefile:4"),
    "script": ("build.sh", "#!/bin/sh\ndocker build --build-arg \\\n  AIRFLOW_IMAGE=registry.acme.io/mirror/ap-airflow:"
               "2.3.4-11-onbuild \\\n  -t acme/airflow .\n", "build.sh:3"),
    "quoted": ("build.sh", "#!/bin/sh\ndocker build --build-arg \\\n  \"AIRFLOW_IMAGE=$MIRROR\" .\n", "build.sh:3"),
}


@pytest.mark.parametrize("form", sorted(SPLIT))
def test_f4_build_arg_continued_to_its_value(tmp_path, form):
    name, text, place = SPLIT[form]
    _tree(tmp_path, {"Dockerfile": ARG_DOCKERFILE, name: text})
    said = _rewrite(tmp_path)
    assert "review-ac-image-build-arg" in said and place in said, said


def test_f4_control_another_build_arg_continued_is_not_this_one(tmp_path):
    text = "#!/bin/sh\ndocker build --build-arg \\\n  PIP_INDEX=https://pypi.acme.io \\\n  -t acme/airflow .\n"
    _tree(tmp_path, {"Dockerfile": ARG_DOCKERFILE, "build.sh": text})
    said = _rewrite(tmp_path)
    assert "review-ac-image-build-arg" not in said, said
    assert "astro-runtime" in (tmp_path / "Dockerfile").read_text(), said


# ---------------------------------------------------------------------------------------------------- f3

SETTERS = {
    "package_json": ("package.json", '{"name": "airflow-dev", "private": true,\n "scripts": {"up": "AIRFLOW_IMAGE='
                     + OTHER + ' docker compose up -d"}}\n', "package.json:2"),
    "package_json_cross_env": ("package.json", '{"scripts": {\n  "lint": "eslint .",\n  "up": "cross-env AIRFLOW_IMAGE='
                               + OTHER + ' docker compose up -d"\n}}\n', "package.json:3"),
    "github_env": (".github/workflows/ci.yml", "on: push\njobs:\n  it:\n    runs-on: ubuntu-latest\n    steps:\n"
                   "      - uses: actions/checkout@v4\n      - run: echo \"AIRFLOW_IMAGE=" + OTHER + "\" >> \"$GITHUB_ENV\"\n"
                   "      - run: docker compose up -d\n", ".github/workflows/ci.yml:7"),
    "github_env_tee": (".github/workflows/ci.yml", "on: push\njobs:\n  it:\n    runs-on: ubuntu-latest\n    steps:\n"
                       "      - run: |\n          echo \"AIRFLOW_IMAGE=" + OTHER + "\" | tee -a ${GITHUB_ENV}\n"
                       "      - run: docker compose up -d\n", ".github/workflows/ci.yml:7"),
    "circleci_bash_env": (".circleci/config.yml", "version: 2.1\njobs:\n  it:\n    machine: true\n    steps:\n"
                          "      - checkout\n      - run: echo 'export AIRFLOW_IMAGE=" + OTHER + "' >> \"$BASH_ENV\"\n"
                          "      - run: docker compose up -d\n", ".circleci/config.yml:7"),
    "azure_setvariable": ("azure-pipelines.yml", "steps:\n  - script: echo \"##vso[task.setvariable variable=AIRFLOW_IMAGE]"
                          + OTHER + "\"\n  - script: docker compose up -d\n", "azure-pipelines.yml:2"),
    "gitlab_dotenv": (".gitlab-ci.yml", "prepare:\n  script:\n    - echo \"AIRFLOW_IMAGE=" + OTHER + "\" > build.env\n"
                      "  artifacts:\n    reports:\n      dotenv: build.env\nit:\n  needs: [prepare]\n  script:\n"
                      "    - docker compose up -d\n", ".gitlab-ci.yml:3"),
}


@pytest.mark.parametrize("form", sorted(SETTERS))
def test_f3_a_setter_holds_the_compose_default(tmp_path, form):
    name, text, place = SETTERS[form]
    _tree(tmp_path, {"docker-compose.yml": COMPOSE, name: text})
    said = _rewrite(tmp_path)
    assert (tmp_path / "docker-compose.yml").read_text() == COMPOSE, said
    assert "compose uses that instead of this default" in said and place in said, said


NOT_SETTERS = {
    "github_output": (".github/workflows/ci.yml", "on: push\njobs:\n  it:\n    runs-on: ubuntu-latest\n    steps:\n"
                      "      - run: echo \"AIRFLOW_IMAGE=" + OTHER + "\" >> \"$GITHUB_OUTPUT\"\n"
                      "      - run: docker compose up -d\n"),
    "plain_file": (".gitlab-ci.yml", "prepare:\n  script:\n    - echo \"AIRFLOW_IMAGE=" + OTHER + "\" > notes.txt\n"
                   "it:\n  script:\n    - docker compose up -d\n"),
    "package_script_without_compose": ("package.json", '{"scripts": {"pull": "AIRFLOW_IMAGE=' + OTHER
                                       + ' ./pull.sh", "up": "docker compose up -d"}}\n'),
}


@pytest.mark.parametrize("form", sorted(NOT_SETTERS))
def test_f3_control_no_environment_set_migrates(tmp_path, form):
    name, text = NOT_SETTERS[form]
    _tree(tmp_path, {"docker-compose.yml": COMPOSE, name: text})
    said = _rewrite(tmp_path)
    assert "astro-runtime" in (tmp_path / "docker-compose.yml").read_text(), said
