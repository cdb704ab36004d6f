"""An AC image read through unpacking, a loop, a class attribute or a NamedTuple default holds the version
beside it (red team 28, report 13, f13 f14).

``repo, tag = IMAGES[env]`` then ``f"{repo}:{tag}"``, ``for env, (repo, tag) in IMAGES.items()``, ``row["image"]``
of ``for row in ROWS``, ``t.image`` of ``t = Target()`` (a NamedTuple field default) and ``self.IMAGE`` (a class
attribute) sent as updateDeploymentImage(image:) had airflowVersion migrated alone to runtimeVersion beside
the AC image.  Each is held whole with review-ac-image-with-version.
"""

import json

import pytest

from trust_cli import git_tree, run_cli

HEAD = '''import os, requests
from typing import NamedTuple
Q = """
mutation Up($rel: String!, $image: String!, $airflowVersion: String) {
  updateDeploymentImage(releaseName: $rel, image: $image, airflowVersion: $airflowVersion) { id }
}
"""
def send(v):
    return requests.post(os.environ["HOUSTON_URL"], json={"query": Q, "variables": v},
                         headers={"Authorization": os.environ["HOUSTON_API_TOKEN"]}).json()
'''
FORMS = {
    "unpacked": 'IMAGES = {"prod": ("quay.io/astronomer/ap-airflow", "2.3.4-11")}\n'
                'def push(rel, env):\n    repo, tag = IMAGES[env]\n'
                '    send({"rel": rel, "image": f"{repo}:{tag}", "airflowVersion": tag})\n',
    "loop_items": 'IMAGES = {"prod": ("quay.io/astronomer/ap-airflow", "2.3.4-11")}\n'
                  'def push_all(rel):\n    for env, (repo, tag) in IMAGES.items():\n'
                  '        send({"rel": rel, "image": f"{repo}:{tag}", "airflowVersion": tag})\n',
    "rows": 'ROWS = [{"rel": "etl", "image": "quay.io/astronomer/ap-airflow:2.3.4-11", "version": "2.3.4-11"}]\n'
            'def push_all():\n    for row in ROWS:\n'
            '        send({"rel": row["rel"], "image": row["image"], "airflowVersion": row["version"]})\n',
    "namedtuple": 'class Target(NamedTuple):\n    image: str = "quay.io/astronomer/ap-airflow:2.3.4-11"\n'
                  '    version: str = "2.3.4-11"\n'
                  'def push(rel):\n    t = Target()\n    send({"rel": rel, "image": t.image, "airflowVersion": t.version})\n',
    "class_attribute": 'class Deployer:\n    IMAGE = "quay.io/astronomer/ap-airflow:2.3.4-11"\n'
                       '    def push(self, rel, version):\n'
                       '        send({"rel": rel, "image": self.IMAGE, "airflowVersion": version})\n',
}


@pytest.mark.parametrize("form", sorted(FORMS))
def test_the_version_beside_an_ac_image_is_held_whole(tmp_path, form):
    text = HEAD + FORMS[form]
    git_tree(tmp_path, {"push.py": text})
    done = run_cli("rewrite", "--no-cache", ".", cwd=tmp_path)
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    assert (tmp_path / "push.py").read_text() == text, "rewrite changed a version held beside an AC image"
    assert "review-ac-image-with-version" in done.stdout + done.stderr, done.stdout + done.stderr
    checked = run_cli("check", "--no-cache", "--houston-version", "1.0.1", "--format", "json", ".", cwd=tmp_path)
    codes = {f["code"] for f in json.loads(checked.stdout)["findings"]}
    assert "review-ac-image-with-version" in codes, codes


def test_a_project_image_from_rows_still_migrates_the_version(tmp_path):
    text = HEAD + FORMS["rows"].replace("quay.io/astronomer/ap-airflow:2.3.4-11", "registry.acme.io/etl:7")
    git_tree(tmp_path, {"push.py": text})
    done = run_cli("rewrite", "--no-cache", ".", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "runtimeVersion" in (tmp_path / "push.py").read_text()
