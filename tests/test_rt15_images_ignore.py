"""Red team pass 14 (report 13), images of side files and the ignore comment, through the installed CLI.

* F4: a compose ``.env`` value that interpolates other variables (``IMG=${BASE}/ap-airflow:...``,
  ``TAG=${T2:-2.2.5}``) is expanded as compose does with the values set above it; the image it makes
  is reviewed (never edited: ``.env`` is not the tool's to change), naming the right Runtime image.
* F9: YAML files a ``.gitlab-ci.yml`` includes by ``include: local:`` are CI files, and one a compose
  file's ``extends: file:`` names is a compose file: their images are migrated (or reviewed) there.
* F11: a header-less ``.py`` whose same-stem notebook declares the Jupytext pair is held too.
* F3 / F13: ``# houston-codemod: ignore`` on or above a send's variables dict skips that send's
  document; above one operation of a ``.graphql`` file it skips that operation alone.

Each case runs the real console script once.
"""

import json

import pytest

from trust_cli import SCRIPT, run_cli

AC = "quay.io/astronomer/ap-airflow:2.3.4-onbuild"


def write(root, files):
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)


def check_json(root):
    result = run_cli("check", "--no-cache", "--format", "json", ".", cwd=root)
    assert "Traceback" not in result.stderr
    return result, json.loads(result.stdout)


def findings(report, path):
    return [f for f in report["findings"] if f["path"] == path]


def test_f4_env_value_built_from_earlier_variables_is_expanded_and_reviewed(tmp_path):
    write(tmp_path, {
        "docker-compose.yml": "services:\n  web:\n    image: ${IMG}\n"
        "  s2:\n    image: quay.io/astronomer/ap-airflow:${TAG:-2.3.4}\n",
        ".env": "BASE=quay.io/astronomer\nIMG=${BASE}/ap-airflow:2.3.4-onbuild\nTAG=${T2:-2.2.5}\n",
    })
    before = (tmp_path / "docker-compose.yml").read_text()
    _result, report = check_json(tmp_path)
    found = {f["line"]: f for f in findings(report, "docker-compose.yml")}
    assert found[3]["code"] == "review-ac-image" and AC in found[3]["message"]
    # .env sets TAG to 2.2.5: its Runtime equivalent, not 2.3.4's default
    assert "ap-airflow:2.2.5" in found[5]["message"] and "4.2.9-base" in found[5]["message"]
    assert "5.5.0-base" not in found[5]["message"]
    rewrite = run_cli("rewrite", "--no-cache", ".", cwd=tmp_path)
    assert rewrite.returncode in (0, 1) and "Traceback" not in rewrite.stderr
    assert (tmp_path / "docker-compose.yml").read_text() == before


@pytest.mark.parametrize("value", [
    "${REGISTRY:-quay.io}/astronomer/ap-airflow:2.3.4-onbuild",  # default of a variable .env does not set
    "${REG}/astronomer/ap-airflow:2.3.4-onbuild",  # no default: the environment decides, still AC
])
def test_f4_env_value_with_an_unset_variable_naming_an_ac_image_is_reviewed(tmp_path, value):
    write(tmp_path, {"docker-compose.yml": "services:\n  web:\n    image: ${IMG}\n", ".env": f"IMG={value}\n"})
    _result, report = check_json(tmp_path)
    found = findings(report, "docker-compose.yml")
    assert [f["code"] for f in found] == ["review-ac-image"], found


def test_f11_headerless_text_side_of_a_pair_the_notebook_declares_is_held(tmp_path):
    """F11: the notebook's metadata.jupytext.formats pairs it with py:percent; the .py beside it has no
    header (notebook_metadata_filter: -all): neither side is edited."""
    query = "{ deployments { id airflowVersion } }"
    send = f'requests.post("https://houston.example.com/v1", json={{"query": "{query}"}})'
    notebook = {
        "cells": [{"cell_type": "code", "execution_count": None, "id": "a", "metadata": {}, "outputs": [],
                   "source": ["import requests\n", send + "\n"]}],
        "metadata": {"jupytext": {"formats": "ipynb,py:percent"},
                     "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
        "nbformat": 4, "nbformat_minor": 5,
    }
    write(tmp_path, {"i.ipynb": json.dumps(notebook, indent=1), "i.py": f"# %%\nimport requests\n{send}\n"})
    before = (tmp_path / "i.py").read_text()
    result = run_cli("rewrite", "--no-cache", ".", cwd=tmp_path)
    assert "Traceback" not in result.stderr
    assert (tmp_path / "i.py").read_text() == before
    assert "review-jupytext-pair" in result.stdout + result.stderr


UP = '''"""
mutation Up($id: Uuid!, $airflowVersion: String) {
  upsertDeployment(deploymentUuid: $id, airflowVersion: $airflowVersion) { id }
}
"""'''


@pytest.mark.parametrize("marked", [
    '    # houston-codemod: ignore\n    variables = {"id": i, "airflowVersion": "2.3.3-2"}\n',
    '    variables = {"id": i, "airflowVersion": "2.3.3-2"}  # houston-codemod: ignore\n',
])
def test_f3_ignore_comment_on_or_above_the_variables_dict_skips_the_send(tmp_path, marked):
    """F3: the variables literal a send carries is marked: its document and the dict stay as written."""
    script = (
        f'import requests\n\nHOUSTON_URL = "https://houston.example.com/v1"\nUP = {UP}\n\n\ndef up(i):\n'
        f'{marked}    return requests.post(HOUSTON_URL, json={{"query": UP, "variables": variables}})\n'
    )
    write(tmp_path, {"a.py": script})
    result = run_cli("rewrite", "--no-cache", ".", cwd=tmp_path)
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stdout + result.stderr
    assert (tmp_path / "a.py").read_text() == script


def test_f13_ignore_comment_above_one_operation_of_a_graphql_file_skips_it(tmp_path):
    """F13: B is marked and left alone; A, unmarked, is still migrated."""
    ops = (
        "query A { deployments { id airflowVersion } }\n\n"
        "# houston-codemod: ignore\nquery B { deployments { id airflowVersion } }\n"
    )
    write(tmp_path, {
        "ops.graphql": ops,
        "run.py": 'import requests\nHOUSTON_URL = "https://houston.example.com/v1"\n'
        'requests.post(HOUSTON_URL, json={"query": open("ops.graphql").read(), "operationName": "A"})\n',
    })
    result = run_cli("rewrite", "--no-cache", ".", cwd=tmp_path)
    assert "Traceback" not in result.stderr
    lines = (tmp_path / "ops.graphql").read_text().splitlines()
    assert lines[0] == "query A { deployments { id airflowVersion: runtimeAirflowVersion } }"
    assert lines[3] == "query B { deployments { id airflowVersion } }"


def test_f13_a_marked_operation_sharing_a_fragment_holds_the_whole_file(tmp_path):
    """F13: B spreads F, which A spreads too: editing F would change B, so nothing is edited (review)."""
    ops = (
        "query A { deployments { ...F } }\n\n# houston-codemod: ignore\nquery B { deployments { ...F id } }\n\n"
        "fragment F on Deployment { id airflowVersion }\n"
    )
    write(tmp_path, {
        "ops.graphql": ops,
        "run.py": 'import requests\nHOUSTON_URL = "https://houston.example.com/v1"\n'
        'requests.post(HOUSTON_URL, json={"query": open("ops.graphql").read(), "operationName": "A"})\n',
    })
    result = run_cli("rewrite", "--no-cache", ".", cwd=tmp_path)
    assert "Traceback" not in result.stderr
    assert (tmp_path / "ops.graphql").read_text() == ops
    assert "review-ignored-definition" in result.stdout + result.stderr


@pytest.mark.parametrize("include", ["include:\n  - local: /ci/templates.yml\n", "include: ci/templates.yml\n"])
def test_f9_images_of_gitlab_include_local_files_are_migrated_or_reviewed_there(tmp_path, include):
    """F9: a job of .gitlab-ci.yml extends templates of an included file: their literal AC image is
    migrated in that file (tag bytes only); one built from variables is reviewed; one whose variable
    may come from the including file is reviewed, never edited."""
    (tmp_path / ".git").mkdir()
    templates = (
        ".base:\n  image: quay.io/astronomer/ap-airflow:2.3.4-onbuild\n"
        ".override:\n  image: quay.io/astronomer/ap-airflow:${OVR_TAG}\n  variables:\n    OVR_TAG: 2.2.5-onbuild\n"
        ".outer:\n  image: $REG/astronomer/ap-airflow:2.3.4\n"
    )
    write(tmp_path, {
        ".gitlab-ci.yml": include + "variables:\n  REG: mirror.example.com\n"
        "test:\n  extends: [.base, .override]\n  script: [airflow version]\n",
        "ci/templates.yml": templates,
        "other.yml": "job:\n  image: quay.io/astronomer/ap-airflow:2.3.4-onbuild\n",  # included by nobody
    })
    _result, report = check_json(tmp_path)
    found = {(f["line"], f["code"]) for f in findings(report, "ci/templates.yml")}
    assert (4, "review-ac-image") in found and (8, "review-ac-image") in found, found
    assert not findings(report, "other.yml")
    rewrite = run_cli("rewrite", "--no-cache", ".", cwd=tmp_path)
    assert rewrite.returncode == 0 and "Traceback" not in rewrite.stderr, rewrite.stdout + rewrite.stderr
    assert (tmp_path / "ci/templates.yml").read_text() == templates.replace(
        "ap-airflow:2.3.4-onbuild", "astro-runtime:5.5.0")
    assert "ap-airflow:2.3.4-onbuild" in (tmp_path / "other.yml").read_text()


def test_f9_compose_service_extended_from_another_file_has_its_image_migrated_there(tmp_path):
    """F9 (compose): web extends airflow of common-services.yml: that file's AC image is migrated in
    it; a YAML file no compose file names is still not read."""
    common = "services:\n  airflow:\n    image: quay.io/astronomer/ap-airflow:2.3.4-onbuild\n"
    write(tmp_path, {
        "docker-compose.yml": "services:\n  web:\n    extends:\n      file: common-services.yml\n"
        "      service: airflow\n    command: webserver\n",
        "common-services.yml": common,
        "unrelated.yml": common,
    })
    result = run_cli("rewrite", "--no-cache", ".", cwd=tmp_path)
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stdout + result.stderr
    assert (tmp_path / "common-services.yml").read_text() == common.replace(
        "ap-airflow:2.3.4-onbuild", "astro-runtime:5.5.0")
    assert (tmp_path / "unrelated.yml").read_text() == common
