"""A script that reads an AC image file through an imported helper is told where the file is named
(red team 28, report 13, f11).

imagetools.py's base_tag() opens the Dockerfile and cuts its tag; deploy.py imports it and sends base_tag()
as airflowVersion.  The hold is right, but the Dockerfile's review-ac-image said "deploy.py names this file
on line 5" and deploy.py's review-ac-image-with-version said "Dockerfile, named on line 5": line 5 is the
mutation, and deploy.py never names the Dockerfile.  imagetools.py names it, on line 2.
"""

import json

from trust_cli import git_tree, run_cli

IMAGETOOLS = '''import re
def base_tag(path="Dockerfile"):
    with open(path) as f:
        m = re.search(r"^FROM\\s+\\S+:(\\S+)", f.read(), re.M)
    return m.group(1).replace("-onbuild", "")
'''
DEPLOY = '''import os, requests
from imagetools import base_tag
UPDATE = """
mutation Up($rel: String!, $img: String!, $v: String) {
  updateDeploymentImage(releaseName: $rel, image: $img, airflowVersion: $v) { id }
}
"""
def deploy(rel, img):
    requests.post(os.environ["HOUSTON_URL"], json={"query": UPDATE, "variables": {"rel": rel, "img": img, "v": base_tag()}},
                  headers={"Authorization": os.environ["HOUSTON_API_TOKEN"]})
'''


def test_the_reviews_name_the_module_that_names_the_file(tmp_path):
    git_tree(tmp_path, {
        "Dockerfile": "FROM quay.io/astronomer/ap-airflow:2.3.4-11-onbuild\n",
        "imagetools.py": IMAGETOOLS,
        "deploy.py": DEPLOY,
    })
    done = run_cli("check", "--no-cache", "--houston-version", "1.0.1", "--format", "json", ".", cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    findings = json.loads(done.stdout)["findings"]
    image = [f["message"] for f in findings if f["code"] == "review-ac-image" and f["path"] == "Dockerfile"]
    paired = [f["message"] for f in findings if f["code"] == "review-ac-image-with-version" and f["path"] == "deploy.py"]
    assert image and paired, findings
    assert "deploy.py names this file" not in image[0], image[0]
    assert "line 2 of imagetools.py" in image[0], image[0]
    for message in paired:  # still held, and told truly where the Dockerfile is named
        assert "named on line 5" not in message and "line 2 of imagetools.py" in message, message
    assert "airflowVersion: $v" in (tmp_path / "deploy.py").read_text()
