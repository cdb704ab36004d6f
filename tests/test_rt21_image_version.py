"""Red team 20 (report 13): the image a script deploys and the version sent beside it.

F3: ``deploy_image.py`` builds the project's own Dockerfile (``docker build -t image .``) and sends it with
``updateDeploymentImage(image: $image, airflowVersion: "2.3.4-11")``.  When that Dockerfile's AC ``FROM``
is one the tool only reviews (its tag from ``ARG AC_VERSION``, a mirror registry), the script's version
was migrated alone to ``runtimeVersion: "5.5.0"``: an AC image deployed as Runtime.  Now the version is
held with ``review-ac-image-with-version`` naming the Dockerfile (``rules/built_images.py``).  Control:
a Dockerfile whose ``FROM`` is migrated lets the script's version migrate with it.

F14: ``updateDeploymentImage(releaseName:, image: <AC image>)`` with no version argument was never
reported, not even by ``check --houston-version 1.0.1``; now the image gets ``review-ac-image`` naming the
Runtime image.  Control: the project's own image sent that way gets nothing.
"""

import re
import subprocess

from trust_cli import run_cli

DEPLOY = '''import os
import subprocess

import requests

URL = "https://houston.%s/v1" % os.environ["BASEDOMAIN"]
HEADERS = {"authorization": os.environ["HOUSTON_API_TOKEN"]}
REGISTRY = "registry.%s" % os.environ["BASEDOMAIN"]

UPDATE_IMAGE = """
mutation UpdateImage($releaseName: String!, $image: String!, $airflowVersion: String) {
  updateDeploymentImage(releaseName: $releaseName, image: $image, airflowVersion: $airflowVersion) { id }
}
"""


def deploy(release, tag):
    image = f"{REGISTRY}/{release}/airflow:{tag}"
    subprocess.run(["docker", "build", "-t", image, "."], check=True)
    subprocess.run(["docker", "push", image], check=True)
    r = requests.post(URL, headers=HEADERS, json={
        "query": UPDATE_IMAGE,
        "variables": {"releaseName": release, "image": image, "airflowVersion": "2.3.4-11"},
    })
    return r.json()["data"]["updateDeploymentImage"]["id"]
'''

DOCKERFILES = {
    "arg": "ARG AC_VERSION=2.3.4-11\nFROM quay.io/astronomer/ap-airflow:${AC_VERSION}-onbuild\n",
    "mirror": "FROM artifactory.acme-corp.net/astronomer/ap-airflow:2.3.4-11-onbuild\n",
    "control": "FROM quay.io/astronomer/ap-airflow:2.3.4-11-onbuild\n",
}

ROLLBACK = '''import os

import requests

URL = "https://houston.example.com/v1"
LAST_GOOD = "quay.io/astronomer/ap-airflow:2.3.4-11-onbuild"
OWN = "registry.acme.net/etl/airflow:42"
DEPLOY = 'mutation Deploy($rel: String!, $image: String!) { updateDeploymentImage(releaseName: $rel, image: $image) { id } }'
OWN_DEPLOY = 'mutation Own($rel: String!, $image: String!) { updateDeploymentImage(releaseName: $rel, image: $image) { id } }'


def rollback(release):
    return requests.post(URL, json={"query": DEPLOY, "variables": {"rel": release, "image": LAST_GOOD}},
                         headers={"authorization": os.environ["HOUSTON_API_TOKEN"]}).json()


def smoke(release):
    q = 'mutation { updateDeploymentImage(releaseName: "%s", image: "quay.io/astronomer/ap-airflow:2.2.5") { id } }' % release
    return requests.post(URL, json={"query": q}, headers={"authorization": os.environ["HOUSTON_API_TOKEN"]}).json()


def own(release):
    return requests.post(URL, json={"query": OWN_DEPLOY, "variables": {"rel": release, "image": OWN}},
                         headers={"authorization": os.environ["HOUSTON_API_TOKEN"]}).json()
'''


def _findings(stderr):
    return [
        (m.group(1), int(m.group(2)), m.group(3), m.group(4))
        for m in re.finditer(r"^([\w./]+):(\d+):\d+: (?:warning|error) (\S+) (.*)$", stderr, re.M)
    ]


def test_a_built_dockerfile_left_on_ac_holds_the_version_sent_with_its_image(tmp_path):
    for name, dockerfile in DOCKERFILES.items():
        project = tmp_path / name
        project.mkdir()
        subprocess.run(["git", "init", "-q", str(project)], check=True)
        (project / "Dockerfile").write_text(dockerfile)
        (project / "deploy_image.py").write_text(DEPLOY)
        result = run_cli("rewrite", ".", cwd=project)
        assert "Traceback" not in result.stderr, result.stderr
        found = _findings(result.stderr)
        script = (project / "deploy_image.py").read_text()
        if name == "control":  # the FROM is migrated: the version migrates with it
            assert "astro-runtime:5.5.0" in (project / "Dockerfile").read_text()
            assert '"runtimeVersion": "5.5.0"' in script and "airflowVersion" not in script
            continue
        assert script == DEPLOY, name
        assert (project / "Dockerfile").read_text() == dockerfile
        held = [f for f in found if f[0] == "deploy_image.py" and f[2] == "review-ac-image-with-version"]
        assert held and "Dockerfile" in held[0][3], (name, result.stderr)


def test_an_ac_image_deployed_with_no_version_is_reviewed(tmp_path):
    (tmp_path / "rollback.py").write_text(ROLLBACK)
    for command in (("rewrite", "--diff", "."), ("check", "--houston-version", "1.0.1", ".")):
        result = run_cli(*command, cwd=tmp_path)
        assert "Traceback" not in result.stderr
        output = result.stdout + result.stderr  # check prints its findings on stdout
        found = [(line, code, message) for _path, line, code, message in _findings(output)]
        lines = ROLLBACK.splitlines()
        sent = next(n for n, text in enumerate(lines, 1) if '"image": LAST_GOOD' in text)
        written = next(n for n, text in enumerate(lines, 1) if "ap-airflow:2.2.5" in text)
        assert any(line == sent and code == "review-ac-image" and "astro-runtime:5.5.0" in message for line, code, message in found), output
        assert any(line == written and code == "review-ac-image" and "astro-runtime:4.2.9-base" in message for line, code, message in found), output
        own = next(n for n, text in enumerate(lines, 1) if '"image": OWN' in text)
        assert not any(line == own for line, _code, _message in found), output
    assert (tmp_path / "rollback.py").read_text() == ROLLBACK
