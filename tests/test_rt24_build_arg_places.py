"""Red team 23 (report 11b), f3: the other places a build passes a Dockerfile's ARG.

``ARG BASE=<AC image>`` + ``FROM ${BASE}`` with BASE also set by skaffold.yaml ``docker: buildArgs:``, a dev
container's ``build.args``, a Tiltfile's ``build_args``, a package.json script's ``docker build --build-arg`` or a bake file a Makefile runs
with ``bake -f build/docker-bake.hcl``: the default is migrated and a ``review-ac-image-build-arg`` names that
place (as for bitbucket-pipelines.yml).  A place building another existing Dockerfile is not this one's.  All
run the installed command in a tmp work tree.
"""

import json
import subprocess

import pytest
from trust_cli import run_cli

AC = "quay.io/astronomer/ap-airflow:2.3.4-11-onbuild"
DOCKERFILE = f"ARG BASE={AC}\nFROM ${{BASE}}\nCOPY dags/ /usr/local/airflow/dags/\n"
OTHER = "FROM python:3.11-slim\nARG BASE=x\n"

SKAFFOLD = f"""apiVersion: skaffold/v2beta29
kind: Config
build:
  artifacts:
    - image: registry.acme.io/airflow
      context: CONTEXT
      docker:
        dockerfile: Dockerfile
        buildArgs:
          BASE: {AC}
"""
DEVCONTAINER = json.dumps({"name": "airflow", "build": {
    "dockerfile": "DOCKERFILE", "context": "..", "args": {"BASE": AC}}}, indent=2)
DEVCONTAINER_JSONC = """{
  // the dev image
  "name": "airflow",
  "build": {
    "dockerfile": "../Dockerfile",
    "args": { "BASE": "%s" },
  },
}
""" % AC
PACKAGE = json.dumps({"name": "dags", "scripts": {
    "test": "pytest", "build": f"docker build --build-arg BASE={AC} -t acme/airflow CONTEXT"}}, indent=2)
BAKE = f'target "airflow" {{\n  context = ".."\n  args = {{\n    BASE = "{AC}"\n  }}\n}}\n'
MAKEFILE = "build:\n\tdocker buildx bake -f build/docker-bake.hcl airflow\n"
TILTFILE = f"""docker_build(
    'acme/airflow',
    '.',
    build_args={{'BASE': '{AC}'}},
)
"""


def _findings(tmp_path, files):
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    for name, text in {"Dockerfile": DOCKERFILE, **files}.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    done = run_cli("rewrite", "--check", "--format", "json", "--no-cache", ".", cwd=tmp_path)
    assert "Traceback" not in done.stderr, done.stderr
    return [f for f in json.loads(done.stdout)["findings"] if f["code"] == "review-ac-image-build-arg"]


@pytest.mark.parametrize("files, place", [
    ({"skaffold.yaml": SKAFFOLD.replace("CONTEXT", ".")}, "skaffold.yaml:10"),
    ({"skaffold.yaml": SKAFFOLD.replace("CONTEXT", "airflow"), "airflow/Dockerfile": DOCKERFILE}, "skaffold.yaml:10"),
    ({".devcontainer/devcontainer.json": DEVCONTAINER.replace("DOCKERFILE", "../Dockerfile")}, ".devcontainer/devcontainer.json:7"),
    ({".devcontainer/devcontainer.json": DEVCONTAINER_JSONC}, ".devcontainer/devcontainer.json:6"),
    ({".devcontainer/airflow/devcontainer.json": DEVCONTAINER.replace("DOCKERFILE", "../../Dockerfile")},
     ".devcontainer/airflow/devcontainer.json:7"),
    ({"package.json": PACKAGE.replace("CONTEXT", ".")}, "package.json:5"),
    ({"build/docker-bake.hcl": BAKE, "Makefile": MAKEFILE}, "build/docker-bake.hcl:4"),
    ({"Tiltfile": TILTFILE}, "Tiltfile:4"),
], ids=["skaffold", "skaffold-context", "devcontainer", "devcontainer-jsonc", "devcontainer-named", "npm", "bake-f",
        "tiltfile"])
def test_place_setting_the_arg_is_named(tmp_path, files, place):
    found = _findings(tmp_path, files)
    dockerfile = "airflow/Dockerfile" if "airflow/Dockerfile" in files else "Dockerfile"
    named = [f for f in found if f["path"] == dockerfile]
    assert named and place in named[0]["message"], found


@pytest.mark.parametrize("files", [
    {"skaffold.yaml": SKAFFOLD.replace("CONTEXT", "other"), "other/Dockerfile": OTHER},
    {".devcontainer/devcontainer.json": DEVCONTAINER.replace("DOCKERFILE", "Dockerfile"), ".devcontainer/Dockerfile": OTHER},
    {"package.json": PACKAGE.replace("CONTEXT", "other"), "other/Dockerfile": OTHER},
    {"package.json": PACKAGE.replace("--build-arg BASE=" + AC, "--build-arg OTHER=1").replace("CONTEXT", ".")},
], ids=["skaffold-other", "devcontainer-other", "npm-other", "npm-other-arg"])
def test_place_building_another_dockerfile_is_not_named(tmp_path, files):
    assert [f for f in _findings(tmp_path, files) if f["path"] == "Dockerfile"] == []
