"""Red team 24 (report 11b, "shared bytes"), f2 f3 f4: an AC image default (a Dockerfile ``ARG NAME=<AC image>``
used by ``FROM``, or compose ``image: ${NAME:-<AC image>}``) was migrated while another place of the project sets
the variable, so the edit was ineffective: the setter's value wins at build / run time, and nobody was told.

f2: the Docker SDK's ``client.images.build(path=".", buildargs={"NAME": "<AC image>"})`` and the low-level
``docker.APIClient().build(buildargs=...)`` are build-argument setters: the ARG default migration comes with
``review-ac-image-build-arg`` naming the script's line, and the AC value passed in ``buildargs`` is itself
``review-ac-image`` (as ``images.pull`` was).
f3: a shell launcher read with the shell's grammar (``NAME=v`` + a later ``export NAME``, ``set -a`` then a
sourced file, ``declare -x``, a sourced script's export, ``export $(cat FILE | xargs)``) and a Python launcher's
``os.environ.update(...)`` / ``putenv``.
f4: make's target-specific ``up: export NAME := v`` and ``override NAME := v`` + ``export NAME``; just's ``set
export``, ``$NAME="v"`` recipe parameters and the files a justfile imports.

The compose default is then a review naming the setter, never an edit.  Controls: a variable nobody exports is
still migrated.
"""

import json

import pytest
from trust_cli import run_cli, git_tree

AC = "quay.io/astronomer/ap-airflow:2.3.4-11-onbuild"
COMPOSE = "services:\n  airflow:\n    image: ${AIRFLOW_IMAGE:-" + AC + "}\n"
DOCKERFILE = "ARG AIRFLOW_IMAGE=" + AC + "\nFROM ${AIRFLOW_IMAGE}\n"


_tree = git_tree  # trust_cli's: a git work tree holding the files


def _findings(tmp_path):
    done = run_cli("rewrite", "--check", "--format", "json", "--no-cache", "-j", "1", ".", cwd=tmp_path)
    assert done.returncode in (0, 1) and "Traceback" not in done.stderr, done.stdout + done.stderr
    return json.loads(done.stdout)["findings"]


def _compose_reviewed(tmp_path, *named):
    """rewrite: the compose default is not edited; one review-ac-image names each of ``named``."""
    done = run_cli("rewrite", "--no-cache", "-j", "1", ".", cwd=tmp_path)
    said = done.stdout + done.stderr
    assert done.returncode == 0 and "Traceback" not in said, said
    assert (tmp_path / "docker-compose.yml").read_text() == COMPOSE, said
    assert "review-ac-image" in said, said
    for place in named:
        assert place in said, said


def _compose_migrated(tmp_path):
    done = run_cli("rewrite", "--no-cache", "-j", "1", ".", cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "astro-runtime" in (tmp_path / "docker-compose.yml").read_text(), done.stdout + done.stderr


# ---- f2: the Docker SDK's buildargs -----------------------------------------------------------------------

SDK_BUILDS = {
    "images_build": 'import docker\n\nclient = docker.from_env()\nclient.images.build(\n    path=".",\n'
                    '    tag="registry.example.com/airflow:latest",\n    buildargs={"AIRFLOW_IMAGE": "' + AC + '"},\n)\n',
    "api_client_dict_call": 'import docker\n\ndocker.APIClient().build(".", tag="x", buildargs=dict(AIRFLOW_IMAGE="' + AC + '"))\n',
    "filled_mapping": 'import docker\nimport os\n\nargs = {"PIP": "1"}\nargs["AIRFLOW_IMAGE"] = os.environ["BASE"]\n'
                      'docker.from_env().images.build(path=".", buildargs=args)\n',
}


@pytest.mark.parametrize("form", sorted(SDK_BUILDS))
def test_f2_sdk_buildargs_is_a_build_arg_setter(tmp_path, form):
    _tree(tmp_path, {"Dockerfile": DOCKERFILE, "build.py": SDK_BUILDS[form]})
    findings = _findings(tmp_path)
    held = [f for f in findings if f["code"] == "review-ac-image-build-arg"]
    assert held and "build.py:" in held[0]["message"], findings


def test_f2_sdk_buildargs_in_a_script_folder_and_its_ac_value_is_reviewed(tmp_path):
    _tree(tmp_path, {"Dockerfile": DOCKERFILE, "scripts/build.py": SDK_BUILDS["images_build"].replace('path="."', 'path=".."')})
    findings = _findings(tmp_path)
    assert any(f["code"] == "review-ac-image-build-arg" and "scripts/build.py:7" in f["message"] for f in findings), findings
    assert any(f["code"] == "review-ac-image" and f["path"].endswith("build.py") for f in findings), findings


def test_f2_control_sdk_build_of_another_dockerfile_does_not_count(tmp_path):
    _tree(tmp_path, {"Dockerfile": DOCKERFILE, "other/Dockerfile": "FROM python:3.11\n",
                     "build.py": SDK_BUILDS["images_build"].replace('path="."', 'path="other"').replace(AC, "python:3.11")})
    findings = _findings(tmp_path)
    assert [f["code"] for f in findings] == ["migrate-ac-image"], findings  # the default migrated, nothing held


# ---- f3: shell and Python launchers ----------------------------------------------------------------------

LAUNCHERS = {
    "export_on_a_later_line": ({"up.sh": "#!/bin/sh\nAIRFLOW_IMAGE=" + AC + "\nexport AIRFLOW_IMAGE\ndocker compose up -d\n"}, "up.sh:2"),
    "set_a_and_source": ({"up.sh": "#!/bin/sh\nset -a\n. ./local.env\nset +a\ndocker compose up -d\n",
                          "local.env": "AIRFLOW_IMAGE=" + AC + "\n"}, "local.env:1, sourced by up.sh:3"),
    "set_o_allexport": ({"up.sh": "#!/bin/bash\nset -o allexport\nAIRFLOW_IMAGE=" + AC + "  # pinned\nset +o allexport\n"
                                  "docker compose up -d\n"}, "up.sh:3"),
    "declare_x": ({"up.sh": "#!/bin/bash\ndeclare -x AIRFLOW_IMAGE=" + AC + "\ndocker compose up -d\n"}, "up.sh:2"),
    "typeset_rx": ({"up.sh": "#!/bin/bash\ntypeset -rx AIRFLOW_IMAGE='" + AC + "'\ndocker compose up -d\n"}, "up.sh:2"),
    "sourced_script_exports": ({"up.sh": "#!/bin/sh\n. ./scripts/env.sh\ndocker compose up -d\n",
                                "scripts/env.sh": "export AIRFLOW_IMAGE=" + AC + "\n"}, "scripts/env.sh:1, sourced by up.sh:2"),
    "source_under_a_variable": ({"bin/up.sh": '#!/bin/bash\nsource "$(dirname "$0")/env.sh"\ndocker compose up -d\n',
                                 "bin/env.sh": "export AIRFLOW_IMAGE=" + AC + "\n"}, "bin/env.sh:1"),
    "export_cat_xargs": ({"up.sh": "#!/bin/sh\nexport $(grep -v '^#' ci.env | xargs)\ndocker compose up -d\n",
                          "ci.env": "# CI\nAIRFLOW_IMAGE=" + AC + "\n"}, "ci.env:2, exported by up.sh:2"),
    "python_update_keywords": ({"up.py": 'import os, subprocess\nos.environ.update(AIRFLOW_IMAGE="' + AC + '")\n'
                                         'subprocess.run(["docker", "compose", "up", "-d"], check=True)\n'}, "up.py:2"),
    "python_update_dict": ({"up.py": 'import os, subprocess\nos.environ.update({\n    "AIRFLOW_IMAGE": "' + AC + '",\n})\n'
                                     'subprocess.run(["docker", "compose", "up", "-d"], check=True)\n'}, "up.py:3"),
    "python_putenv": ({"up.py": 'import os\nos.putenv("AIRFLOW_IMAGE", "' + AC + '")\nos.system("docker compose up -d")\n'}, "up.py:2"),
    "direnv_envrc": ({".envrc": "export AIRFLOW_IMAGE=" + AC + "\n"}, ".envrc:1"),
    "direnv_dotenv": ({".envrc": "dotenv ci.env\n", "ci.env": "AIRFLOW_IMAGE=" + AC + "\n"}, "ci.env:1, exported by .envrc:1"),
    "env_cat_xargs": ({"up.sh": "#!/bin/sh\nenv $(cat ci.env | xargs) docker compose up -d\n", "ci.env": "AIRFLOW_IMAGE=" + AC + "\n"},
                      "ci.env:1, exported by up.sh:2"),
    "make_recipe_set_a": ({"Makefile": "up:\n\t@set -a; . ./ci.env; set +a; docker compose up -d\n",
                           "ci.env": "AIRFLOW_IMAGE=" + AC + "\n"}, "ci.env:1, sourced by Makefile:2"),
}


@pytest.mark.parametrize("form", sorted(LAUNCHERS))
def test_f3_launcher_forms_hold_the_compose_default(tmp_path, form):
    files, where = LAUNCHERS[form]
    _tree(tmp_path, {"docker-compose.yml": COMPOSE, **files})
    _compose_reviewed(tmp_path, where)


@pytest.mark.parametrize("script", [
    "#!/bin/sh\nAIRFLOW_IMAGE=" + AC + "\ndocker compose up -d\n",  # a shell variable, never exported
    "#!/bin/sh\nset -a\nset +a\nAIRFLOW_IMAGE=" + AC + "\ndocker compose up -d\n",  # after allexport ended
    "#!/bin/sh\nAIRFLOW_IMAGE=" + AC + "\nexport -n AIRFLOW_IMAGE\ndocker compose up -d\n",
])
def test_f3_control_unexported_shell_variable_still_migrates(tmp_path, script):
    _tree(tmp_path, {"docker-compose.yml": COMPOSE, "up.sh": script})
    _compose_migrated(tmp_path)


# ---- f4: make and just ----------------------------------------------------------------------------------

MAKE_AND_JUST = {
    "make_target_specific_export": ({"Makefile": "up: export AIRFLOW_IMAGE := " + AC + "\nup:\n\tdocker compose up -d\n"}, "Makefile:1"),
    "make_override_then_export": ({"Makefile": "override AIRFLOW_IMAGE := " + AC + "\nexport AIRFLOW_IMAGE\nup:\n\tdocker compose up -d\n"},
                                  "Makefile:1"),
    "make_target_specific_with_global_export": ({"Makefile": "export AIRFLOW_IMAGE\nup: AIRFLOW_IMAGE = " + AC + "\nup:\n\tdocker compose up\n"},
                                                "Makefile:2"),
    "make_recipe_export": ({"Makefile": "up:\n\texport AIRFLOW_IMAGE=" + AC + " && docker compose up -d\n"}, "Makefile:2"),
    "just_set_export": ({"justfile": 'set export\nAIRFLOW_IMAGE := "' + AC + '"\nup:\n    docker compose up -d\n'}, "justfile:2"),
    "just_set_export_true_parameter": ({"justfile": 'set export := true\nup image="x" AIRFLOW_IMAGE="' + AC + '":\n    docker compose up -d\n'},
                                       "justfile:2"),
    "just_exported_parameter": ({"justfile": 'up $AIRFLOW_IMAGE="' + AC + '":\n    docker compose up -d\n'}, "justfile:1"),
    "just_import": ({"justfile": "import 'just/env.just'\nup:\n    docker compose up -d\n",
                     "just/env.just": 'export AIRFLOW_IMAGE := "' + AC + '"\n'}, "just/env.just:1, imported by justfile:1"),
    "just_optional_import_set_export": ({"justfile": "set export\nimport? 'env.just'\nup:\n    docker compose up -d\n",
                                         "env.just": 'AIRFLOW_IMAGE := "' + AC + '"\n'}, "env.just:1"),
}


@pytest.mark.parametrize("form", sorted(MAKE_AND_JUST))
def test_f4_make_and_just_forms_hold_the_compose_default(tmp_path, form):
    files, where = MAKE_AND_JUST[form]
    _tree(tmp_path, {"docker-compose.yml": COMPOSE, **files})
    _compose_reviewed(tmp_path, where)


def test_f4_just_expression_is_a_value_of_unknown_text(tmp_path):
    _tree(tmp_path, {"docker-compose.yml": COMPOSE,
                     "justfile": 'set export\nAIRFLOW_IMAGE := env_var_or_default("IMG", "' + AC + '")\nup:\n    docker compose up\n'})
    _compose_reviewed(tmp_path, "justfile:2")


@pytest.mark.parametrize("files", [
    {"justfile": 'AIRFLOW_IMAGE := "' + AC + '"\nup:\n    docker compose up -d\n'},  # just variable, not exported
    {"Makefile": "up: AIRFLOW_IMAGE := " + AC + "\nup:\n\tdocker compose up -d\n"},  # make variable, not exported
    {"Makefile": "unexport AIRFLOW_IMAGE\nup: unexport AIRFLOW_IMAGE := " + AC + "\nup:\n\tdocker compose up -d\n"},
    {"justfile": 'up AIRFLOW_IMAGE="' + AC + '":\n    docker compose up -d\n'},  # a parameter without $
])
def test_f4_control_unexported_make_or_just_variable_still_migrates(tmp_path, files):
    _tree(tmp_path, {"docker-compose.yml": COMPOSE, **files})
    _compose_migrated(tmp_path)


def test_f4_justfile_whose_imported_recipe_runs_compose(tmp_path):
    _tree(tmp_path, {"docker-compose.yml": COMPOSE,
                     "justfile": 'set export\nAIRFLOW_IMAGE := "' + AC + '"\nimport "just/stack.just"\n',
                     "just/stack.just": "up:\n    docker compose up -d\n"})
    _compose_reviewed(tmp_path, "justfile:2")


@pytest.mark.parametrize("name, text, where", [
    (".github/workflows/it.yml", "on: push\njobs:\n  it:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n"
     "      - run: |\n          set -a; . ./ci.env; set +a\n          docker compose up -d\n", "ci.env:1, sourced by .github/workflows/it.yml:8"),
    (".gitlab-ci.yml", "it:\n  script:\n    - export AIRFLOW_IMAGE=" + AC + "\n    - docker compose up -d\n", ".gitlab-ci.yml:3"),
])
def test_f3_class_ci_step_shell_lines(tmp_path, name, text, where):
    """The same shell grammar in a CI step's lines (a GitLab script item, a workflow's run block)."""
    _tree(tmp_path, {"docker-compose.yml": COMPOSE, "ci.env": "AIRFLOW_IMAGE=" + AC + "\n", name: text})
    _compose_reviewed(tmp_path, where)


def test_f2_class_argument_list_over_several_lines(tmp_path):
    """The class of f2 in a subprocess argument list: ``"--build-arg"`` and ``f"NAME={...}"`` on different lines."""
    _tree(tmp_path, {"Dockerfile": DOCKERFILE, "build.py": (
        'import subprocess\n\nIMAGE = "' + AC + '"\nsubprocess.run([\n    "docker", "build",\n    "--build-arg",\n'
        '    f"AIRFLOW_IMAGE={IMAGE}",\n    ".",\n], check=True)\n')})
    findings = _findings(tmp_path)
    assert any(f["code"] == "review-ac-image-build-arg" and "build.py:7" in f["message"] for f in findings), findings


def test_odd_launcher_lines_never_end_the_run(tmp_path):
    """Lines the new readers parse that are no assignment (a lone ``export``, ``declare -x`` alone, an unclosed
    quote, a form feed, ``set -`` flags, a recipe header with no parameter, a source of a missing file, a
    self-sourcing script) never end the run, and the setter among them still holds the default."""
    _tree(tmp_path, {
        "docker-compose.yml": COMPOSE,
        "up.sh": "#!/bin/bash\nexport\ndeclare -x\nset -\nset -o\n\x0c\n. ./missing.sh\n. ./up.sh\necho 'unclosed\n"
                 "export $(\nset -a\n. ./local.env\nset +a\ndocker compose up -d\n",
        "local.env": "AIRFLOW_IMAGE=" + AC + "\n=\nexport\n",
        "Makefile": "\x0c\nup: export\noverride\nup:\n\t@set -a\n\tdocker compose up\n",
        "justfile": "set export\n\x0c\nup:\nimport\nx $:\n    docker compose up\n",
    })
    _compose_reviewed(tmp_path, "local.env:1, sourced by up.sh:12")


@pytest.mark.parametrize("name, text, where", [
    ("build.py", 'from python_on_whales import docker\n\ndocker.build(".", tags=["x"], build_args={"AIRFLOW_IMAGE": "' + AC + '"})\n',
     "build.py:3"),
    ("build.py", 'from python_on_whales import docker\n\ndocker.buildx.build(\n    context_path=".",\n    build_args=dict(\n'
                 '        AIRFLOW_IMAGE="' + AC + '",\n    ),\n)\n', "build.py:6"),
    ("Makefile", "image:\n\tdocker buildx bake --set '*.args.AIRFLOW_IMAGE=" + AC + "' airflow\n", "Makefile:2"),
    (".github/workflows/build.yml", "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n"
     "      - uses: docker/bake-action@v5\n        with:\n          set: |\n            airflow.args.AIRFLOW_IMAGE=" + AC + "\n",
     ".github/workflows/build.yml:9"),
])
def test_f2_class_other_build_argument_setters(tmp_path, name, text, where):
    """The class of f2: python-on-whales' ``build_args=`` and a bake ``--set TARGET.args.NAME=`` set the ARG too."""
    _tree(tmp_path, {"Dockerfile": DOCKERFILE, name: text})
    findings = _findings(tmp_path)
    assert any(f["code"] == "review-ac-image-build-arg" and where in f["message"] for f in findings), findings
