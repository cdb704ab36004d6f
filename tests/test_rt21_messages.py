"""Red team 20 (report 13), F5 and F8: review texts say what the file and the table hold.

F5: an image built in a template (``image: "quay.io/astronomer/ap-airflow:{tag}"`` in an f-string) was
named ``ap-airflow:__hole1__``, the tool's internal placeholder, a text the file does not hold.  Every
finding now writes a hole as the code that fills it: ``{tag}``.
F8: with ``--versions-from``, a table that starts above Airflow 2.2 told AC 2.2.5 to "upgrade to AC
2.2.0 or later first", which it already is.
"""

import json

from houston_server import TOKEN, HoustonServer
from trust_cli import run_cli

TEMPLATE = '''import os
import requests

URL = "https://houston.example.com/v1"


def deploy(release, tag="2.3.4-11-onbuild"):
    q = f\'\'\'mutation {{ updateDeploymentImage(releaseName: "{release}", image: "quay.io/astronomer/ap-airflow:{tag}", airflowVersion: "2.3.4") {{ id }} }}\'\'\'
    return requests.post(URL, json={"query": q}, headers={"authorization": os.environ["HOUSTON_API_TOKEN"]}).json()
'''


def test_a_hole_is_named_by_its_code_in_every_message(tmp_path):
    (tmp_path / "deploy.py").write_text(TEMPLATE)
    for command in (("check",), ("rewrite", "--check")):
        done = run_cli(*command, "--no-cache", "--format", "json", ".", cwd=tmp_path)
        messages = [f["message"] for f in json.loads(done.stdout)["findings"]]
        assert messages and not any("__hole" in m for m in messages), messages
        assert any("'quay.io/astronomer/ap-airflow:{tag}'" in m for m in messages), messages


def test_a_served_table_that_starts_above_the_version_says_so(tmp_path):
    (tmp_path / "Dockerfile").write_text("FROM quay.io/astronomer/ap-airflow:2.2.5-onbuild\n")
    with HoustonServer(catalogue={"2.4.3": ["6.0.5"], "2.5.1": ["7.2.0"]}) as server:
        done = run_cli("check", "--no-cache", "--versions-from", server.url, ".", cwd=tmp_path,
                       env={"HOUSTON_API_TOKEN": TOKEN})
    assert "upgrade to AC 2.2.0 or later" not in done.stdout, done.stdout
    assert "ships Airflow 2.2.5" in done.stdout, done.stdout + done.stderr


def test_an_image_whose_tag_is_an_expression_is_named_as_written(tmp_path):
    """F1: ``quay.io/astronomer/ap-airflow:${AC_VERSION}-onbuild`` (GitLab variables) and
    ``...:${{ matrix.ac }}`` (a GitHub container) were reviewed as ``ap-airflow::``, a name no file holds."""
    (tmp_path / ".gitlab-ci.yml").write_text(
        'variables:\n  AC_VERSION: "2.3.4-11"\n  AIRFLOW_IMAGE: quay.io/astronomer/ap-airflow:${AC_VERSION}-onbuild\n\n'
        "build:\n  image: docker:24\n  script:\n    - docker build --build-arg BASE_IMAGE=$AIRFLOW_IMAGE .\n"
    )
    (tmp_path / ".github" / "workflows").mkdir(parents=True)
    (tmp_path / ".github" / "workflows" / "t.yml").write_text(
        "on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    strategy:\n      matrix:\n"
        '        ac: ["2.3.4-11"]\n    container: quay.io/astronomer/ap-airflow:${{ matrix.ac }}\n'
        "    steps:\n      - run: airflow version\n"
    )
    done = run_cli("check", "--no-cache", "--format", "json", ".", cwd=tmp_path)
    messages = [f["message"] for f in json.loads(done.stdout)["findings"] if f["code"] == "review-ac-image"]
    assert len(messages) == 2 and not any("ap-airflow::" in m for m in messages), messages
    assert any(m.startswith("quay.io/astronomer/ap-airflow:${AC_VERSION}-onbuild:") for m in messages), messages
    assert any(m.startswith("quay.io/astronomer/ap-airflow:${{ matrix.ac }}:") for m in messages), messages
