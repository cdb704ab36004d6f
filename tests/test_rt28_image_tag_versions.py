"""Red team 27 (report 13), f4: a version a script takes from an AC image file it reads is held with that image.

``deploy.py`` reads ``docker-compose.yml`` (``image: quay.io/astronomer/ap-airflow:2.3.4-11``), cuts the tag out
(``yaml.safe_load(...)["image"].rsplit(":", 1)[1]``) and sends it as ``desiredAirflowVersion``.  The compose image
is held (the script reads it), but the red team's build migrated the mutation to
``updateDeploymentRuntime(desiredRuntimeVersion: $v)``, so the script sent ``2.3.4-11`` as a Runtime version, and
check --houston-version 1.0.1 afterwards said nothing at the send.  As for a script building its image from a held
Dockerfile, the version is held too (``review-ac-image-with-version``, naming the image file), and check on a file
already migrated keeps a review at the send.  Same with a Dockerfile's ``FROM`` tag sent for createDeployment's
version.  Control: the same script sending a literal AC version migrates it (the value is read, it is no tag).
"""

from trust_cli import project_tree, run_cli

COMPOSE = """services:
  airflow:
    image: quay.io/astronomer/ap-airflow:2.3.4-11
"""

DEPLOY = '''import os, yaml, requests

UPGRADE = """
mutation Upgrade($id: Uuid!, $v: String!) {
  updateDeploymentAirflow(deploymentUuid: $id, desiredAirflowVersion: $v) { id }
}
"""

def target_version():
    with open("docker-compose.yml") as f:
        image = yaml.safe_load(f)["services"]["airflow"]["image"]
    return image.rsplit(":", 1)[1]

def up(dep):
    return requests.post(os.environ["HOUSTON_URL"], json={"query": UPGRADE, "variables": {"id": dep, "v": target_version()}}).json()
'''

# what the red team's build wrote: check must keep a review at the send
MIGRATED = DEPLOY.replace(
    "updateDeploymentAirflow(deploymentUuid: $id, desiredAirflowVersion: $v)",
    "updateDeploymentAirflow: updateDeploymentRuntime(deploymentUuid: $id, desiredRuntimeVersion: $v)",
)

LITERAL = DEPLOY.replace('"v": target_version()', '"v": "2.4.3-6", "note": target_version()')

DOCKERFILE = "FROM quay.io/astronomer/ap-airflow:2.3.4-11-onbuild\n"

UPGRADE_FROM_DOCKERFILE = '''import os, requests
from pathlib import Path

UPGRADE = """
mutation Upgrade($id: Uuid!, $v: String!) {
  updateDeploymentAirflow(deploymentUuid: $id, desiredAirflowVersion: $v) { id }
}
"""

def tag():
    return Path("Dockerfile").read_text().split(":")[1].split("-onbuild")[0].strip()

def up(dep):
    version = tag()
    return requests.post(os.environ["HOUSTON_URL"], json={"query": UPGRADE, "variables": {"id": dep, "v": version}}).json()
'''


def _rows(done, prefix):
    return [line for line in (done.stdout + done.stderr).splitlines() if line.startswith(prefix)]


def _send_line(text, marker):
    return next(n for n, row in enumerate(text.splitlines(), 1) if marker in row)


def test_a_version_cut_from_a_held_compose_image_is_held(tmp_path):
    project_tree(tmp_path, {"docker-compose.yml": COMPOSE, "deploy.py": DEPLOY})
    done = run_cli("rewrite", "--no-cache", ".", cwd=tmp_path)
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stdout + done.stderr
    assert (tmp_path / "deploy.py").read_text() == DEPLOY  # nothing migrated alone
    assert (tmp_path / "docker-compose.yml").read_text() == COMPOSE
    send = _send_line(DEPLOY, '"v": target_version()')
    rows = _rows(done, f"deploy.py:{send}:")
    assert rows and "review-ac-image-with-version" in rows[0] and "docker-compose.yml" in rows[0], done.stderr
    again = run_cli("check", "--no-cache", "--houston-version", "1.0.1", ".", cwd=tmp_path)
    assert "Traceback" not in again.stderr
    assert any("review-ac-image-with-version" in row for row in _rows(again, f"deploy.py:{send}:")), again.stdout


def test_check_reviews_the_send_of_a_file_already_migrated(tmp_path):
    project_tree(tmp_path, {"docker-compose.yml": COMPOSE, "deploy.py": MIGRATED})
    again = run_cli("check", "--no-cache", "--houston-version", "1.0.1", ".", cwd=tmp_path)
    assert again.returncode == 0 and "Traceback" not in again.stderr, again.stdout + again.stderr
    rows = _rows(again, f"deploy.py:{_send_line(MIGRATED, 'target_version()}')}:")
    assert rows and "review-ac-image-with-version" in rows[0], again.stdout
    assert "docker-compose.yml" in rows[0] and "desiredRuntimeVersion" in rows[0], rows


def test_a_dockerfile_from_tag_sent_as_the_version_is_held(tmp_path):
    project_tree(tmp_path, {"Dockerfile": DOCKERFILE, "up.py": UPGRADE_FROM_DOCKERFILE})
    done = run_cli("rewrite", "--no-cache", ".", cwd=tmp_path)
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stdout + done.stderr
    assert (tmp_path / "up.py").read_text() == UPGRADE_FROM_DOCKERFILE
    send = _send_line(UPGRADE_FROM_DOCKERFILE, '"v": version')
    rows = _rows(done, f"up.py:{send}:")
    assert rows and "review-ac-image-with-version" in rows[0] and "Dockerfile" in rows[0], done.stderr


def test_control_a_literal_version_beside_the_read_still_migrates(tmp_path):
    project_tree(tmp_path, {"docker-compose.yml": COMPOSE, "deploy.py": LITERAL})
    done = run_cli("rewrite", "--no-cache", ".", cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    text = (tmp_path / "deploy.py").read_text()
    assert "desiredRuntimeVersion: $v" in text and '"v": "6.10.0"' in text, text
