"""Red team 27 (report 11b), f8: an Earthfile and a Terraform ``docker_image`` pass the ARG the Dockerfile's FROM reads.

``ARG AIRFLOW_IMAGE=quay.io/astronomer/ap-airflow:2.3.4-11`` / ``FROM ${AIRFLOW_IMAGE}``: when ``cloudbuild.yaml``
passes ``--build-arg AIRFLOW_IMAGE=...`` the migrated default gets ``review-ac-image-build-arg`` naming it, since
that value wins at build time.  An Earthfile's ``FROM DOCKERFILE --build-arg AIRFLOW_IMAGE=<AC> .`` and a Terraform
kreuzwerker/docker ``docker_image`` with ``build { build_args = { AIRFLOW_IMAGE : "<AC>" } }`` pass it the same way,
but the default was migrated with "0 need review": every Earthly / Terraform build still made the AC image.  Both
are now read (root, the Dockerfile's folder, the folders below the root); controls: one building another existing
Dockerfile, and one passing another argument, add nothing.
"""

import pytest

from trust_cli import git_tree, run_cli

DOCKERFILE = "ARG AIRFLOW_IMAGE=quay.io/astronomer/ap-airflow:2.3.4-11\nFROM ${AIRFLOW_IMAGE}\nCOPY dags/ /usr/local/airflow/dags/\n"
AC = "quay.io/astronomer/ap-airflow:2.3.4-11"
OTHER = "FROM python:3.11-slim\n"

TF = """resource "docker_image" "airflow" {{
  name = "registry.example.com/airflow:latest"
  build {{
    context = "{context}"
{dockerfile}    build_args = {{
      {name} : "{value}"
    }}
  }}
}}
"""

SET = {
    "earthly_build_arg": ("Earthfile", f"VERSION 0.7\nimage:\n    FROM DOCKERFILE --build-arg AIRFLOW_IMAGE={AC} .\n"
                                       "    SAVE IMAGE --push registry.example.com/airflow:latest\n", "Earthfile:3"),
    "earthly_dashed": ("Earthfile", f"VERSION 0.7\nimage:\n    FROM DOCKERFILE \\\n        --AIRFLOW_IMAGE={AC} \\\n        .\n", "Earthfile:3"),
    "terraform_below": ("infra/image.tf", TF.format(context="..", dockerfile="", name="AIRFLOW_IMAGE", value=AC), "infra/image.tf:6"),
    "terraform_module_path": ("deploy/tf/main.tf", TF.format(context="${path.module}/../..", dockerfile='    dockerfile = "Dockerfile"\n',
                                                             name="AIRFLOW_IMAGE", value=AC), "deploy/tf/main.tf:7"),
    "terraform_root_inline": ("main.tf", 'resource "docker_image" "airflow" {\n  name = "airflow"\n  build {\n    context = "."\n'
                                         f'    build_args = {{ AIRFLOW_IMAGE = "{AC}" }}\n  }}\n}}\n', "main.tf:5"),
}

NOT_SET = {
    "earthly_other_dockerfile": ("Earthfile", f"image:\n    FROM DOCKERFILE -f tools/Dockerfile --build-arg AIRFLOW_IMAGE={AC} tools\n"),
    "earthly_other_argument": ("Earthfile", "image:\n    FROM DOCKERFILE --build-arg PIP_INDEX=https://pypi.org/simple .\n"),
    "terraform_other_context": ("infra/image.tf", TF.format(context="../tools", dockerfile="", name="AIRFLOW_IMAGE", value=AC)),
    "terraform_other_argument": ("infra/image.tf", TF.format(context="..", dockerfile="", name="PIP_INDEX", value="x")),
}


def _rewrite(tmp_path, path, text):
    git_tree(tmp_path, {"Dockerfile": DOCKERFILE, "tools/Dockerfile": OTHER, path: text})
    done = run_cli("rewrite", "--diff", "--no-cache", ".", cwd=tmp_path)
    assert "Traceback" not in done.stderr, done.stderr
    assert "+ARG AIRFLOW_IMAGE=quay.io/astronomer/astro-runtime:5.5.0-base" in done.stdout, done.stdout + done.stderr
    return done


@pytest.mark.parametrize("case", sorted(SET))
def test_a_build_definition_passing_the_argument_is_named(tmp_path, case):
    path, text, where = SET[case]
    done = _rewrite(tmp_path, path, text)
    reviews = [line for line in done.stderr.splitlines() if "review-ac-image-build-arg" in line]
    assert reviews and reviews[0].startswith("Dockerfile:1:"), done.stderr
    assert f"also set by {where}" in reviews[0], reviews[0]
    assert "1 would be rewritten, 1 need review" in done.stderr, done.stderr


@pytest.mark.parametrize("case", sorted(NOT_SET))
def test_a_build_of_something_else_adds_nothing(tmp_path, case):
    done = _rewrite(tmp_path, *NOT_SET[case])
    assert "review-ac-image-build-arg" not in done.stderr, done.stderr
    assert "1 would be rewritten, 0 need review" in done.stderr, done.stderr
