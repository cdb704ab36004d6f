"""Red team pass 12 (report 13), image files that other things build, name or read, through the installed CLI.

* F2: a compose service's ``image:`` whose ``build:`` is in the override file compose merges (either
  direction), or that a building service of another compose file ``extends:``, is reviewed, never edited.
* F4: an ``image:`` equal to the tag a ``build:`` service of the file or folder gives its build is reviewed.
* F3: a GitLab ``services:`` entry without ``alias:`` is reviewed (its hostname comes from the image name).
* F9: an image file a Python script of the run opens by a literal path and searches for ``ap-airflow``
  is reviewed at the image, naming the script and line.

Each case has a control that still migrates.
"""

import json
import shutil
import subprocess

import pytest

EXE = shutil.which("houston-codemod")
pytestmark = pytest.mark.skipif(EXE is None, reason="houston-codemod is not installed")

AC = "quay.io/astronomer/ap-airflow:2.3.4-onbuild"
RT = "quay.io/astronomer/astro-runtime:5.5.0"
AC_BASE = "quay.io/astronomer/ap-airflow:2.3.4"
RT_BASE = "quay.io/astronomer/astro-runtime:5.5.0-base"


def run(*args, cwd):
    return subprocess.run([EXE, *args], cwd=cwd, capture_output=True, text=True, timeout=120)


def write(root, files):
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)


def findings(cwd):
    result = run("check", "--no-cache", "-j", "1", "--format", "json", ".", cwd=cwd)
    assert result.returncode in (0, 1), result.stderr
    return json.loads(result.stdout)["findings"]


def of(items, path):
    return [(f["line"], f["code"]) for f in items if f["path"].replace("\\", "/").endswith(path)]


def rewrite_all(cwd):
    result = run("rewrite", "--no-cache", "-j", "1", ".", cwd=cwd)
    assert result.returncode == 0, result.stderr
    again = run("rewrite", "--check", "--no-cache", "-j", "1", ".", cwd=cwd)
    assert again.returncode == 0 and again.stdout == "", again.stdout  # idempotent


# ---- F2: build: from a file compose merges, or from extends: file:

MAIN_IMAGE = f"services:\n  af:\n    image: {AC}\n"
BUILD_ONLY = "services:\n  af:\n    build: .\n"


@pytest.mark.parametrize(
    "files, reviewed",
    [
        ({"docker-compose.yml": MAIN_IMAGE, "docker-compose.override.yml": BUILD_ONLY}, "docker-compose.yml"),  # y3
        ({"compose.yaml": BUILD_ONLY, "compose.override.yaml": MAIN_IMAGE}, "compose.override.yaml"),  # y10
    ],
)
def test_f2_an_image_whose_build_is_in_the_merged_compose_file_is_reviewed(tmp_path, files, reviewed):
    write(tmp_path, dict(files, Dockerfile=f"FROM {AC}\n"))
    items = findings(tmp_path)
    assert of(items, reviewed) == [(3, "review-ac-image")]
    message = next(f["message"] for f in items if f["path"].endswith(reviewed))
    assert "build: is in another compose file" in message and "line 2 has build:" in message and RT in message
    rewrite_all(tmp_path)
    for name, text in files.items():
        assert (tmp_path / name).read_text() == text  # byte for byte
    assert (tmp_path / "Dockerfile").read_text() == f"FROM {RT}\n"  # the base is migrated where it is


def test_f2_an_image_a_building_service_extends_from_another_file_is_reviewed(tmp_path):  # y11
    files = {
        "docker-compose.base.yml": MAIN_IMAGE,
        "docker-compose.yml": "services:\n  web:\n    extends:\n      file: docker-compose.base.yml\n"
        "      service: af\n    build: .\n",
    }
    write(tmp_path, files)
    items = findings(tmp_path)
    assert of(items, "docker-compose.base.yml") == [(3, "review-ac-image")]
    message = next(f["message"] for f in items if f["path"].endswith("docker-compose.base.yml"))
    assert "'web' in docker-compose.yml line 2 extends it" in message
    rewrite_all(tmp_path)
    assert (tmp_path / "docker-compose.base.yml").read_text() == MAIN_IMAGE


def test_f2_control_a_merged_file_that_builds_another_service_or_extends_elsewhere_leaves_the_edit(tmp_path):
    files = {
        "docker-compose.yml": MAIN_IMAGE,
        "docker-compose.override.yml": "services:\n  other:\n    build: .\n    image: mine/airflow:dev\n",
        "docker-compose.dev.yml": "services:\n  web:\n    extends:\n      file: elsewhere.yml\n      service: af\n"
        "    build: .\n",
    }
    write(tmp_path, files)
    assert of(findings(tmp_path), "docker-compose.yml") == [(3, "migrate-ac-image")]
    rewrite_all(tmp_path)
    assert (tmp_path / "docker-compose.yml").read_text() == MAIN_IMAGE.replace(AC, RT)


# ---- F4: the tag a build: service produces


def test_f4_an_image_equal_to_a_built_tag_is_reviewed_and_another_is_migrated(tmp_path):  # y4
    compose = (
        "services:\n"
        "  webserver:\n"  # above the building service: the tag is known all the same
        f"    image: {AC}\n    pull_policy: never\n    depends_on: [scheduler]\n"
        f"  scheduler:\n    build: .\n    image: {AC}\n"
        f"  worker:\n    image: {AC_BASE}\n"
    )
    write(tmp_path, {"docker-compose.yml": compose})
    items = findings(tmp_path)
    assert of(items, "docker-compose.yml") == [(3, "review-ac-image"), (8, "review-ac-image"), (10, "migrate-ac-image")]
    message = next(f["message"] for f in items if f["line"] == 3)
    assert "tag of the project's own build (service 'scheduler' on line 6 builds it)" in message
    rewrite_all(tmp_path)
    assert (tmp_path / "docker-compose.yml").read_text() == compose.replace(f"{AC_BASE}\n", f"{RT_BASE}\n")


def test_f4_a_tag_built_in_a_neighbouring_compose_file_is_reviewed(tmp_path):
    files = {
        "docker-compose.yml": f"services:\n  web:\n    image: {AC}\n",
        "docker-compose.build.yml": f"services:\n  builder:\n    build: .\n    image: {AC}\n",
    }
    write(tmp_path, files)
    items = findings(tmp_path)
    assert of(items, "docker-compose.yml") == [(3, "review-ac-image")]
    message = next(f["message"] for f in items if f["path"].endswith("/docker-compose.yml") or f["path"] == "docker-compose.yml")
    assert "service 'builder' in docker-compose.build.yml line 2 builds it" in message
    rewrite_all(tmp_path)
    assert (tmp_path / "docker-compose.yml").read_text() == files["docker-compose.yml"]


# ---- F3: GitLab services: without alias:

GITLAB = (
    "test:\n  image: python:3.11\n  services:\n"
    f"    - name: {AC_BASE}\n"
    '      command: ["airflow", "webserver"]\n'
    "  script:\n    - curl --retry 10 http://quay.io__astronomer__ap-airflow:8080/health\n"
)


def test_f3_a_gitlab_service_without_alias_is_reviewed_naming_its_hostnames(tmp_path):  # l2
    write(tmp_path, {".gitlab-ci.yml": GITLAB})
    items = findings(tmp_path)
    assert of(items, ".gitlab-ci.yml") == [(4, "review-ac-image")]
    message = items[0]["message"]
    assert "quay.io__astronomer__ap-airflow and quay.io-astronomer-ap-airflow" in message
    assert "add alias: quay.io__astronomer__ap-airflow" in message and RT_BASE in message
    rewrite_all(tmp_path)
    assert (tmp_path / ".gitlab-ci.yml").read_text() == GITLAB


def test_f3_the_string_form_is_reviewed_and_an_aliased_service_is_migrated(tmp_path):
    text = (
        f".base: &aliased\n  alias: af2\n"
        f"test:\n  services:\n    - {AC_BASE}\n"
        f"    - name: {AC_BASE}\n      alias: airflow\n"
        f"other:\n  services:\n    - <<: *aliased\n      name: {AC_BASE}\n"
    )
    write(tmp_path, {".gitlab-ci.yml": text})
    assert of(findings(tmp_path), ".gitlab-ci.yml") == [
        (5, "review-ac-image"), (6, "migrate-ac-image"), (11, "migrate-ac-image")
    ]
    rewrite_all(tmp_path)
    lines = (tmp_path / ".gitlab-ci.yml").read_text().splitlines()
    assert lines[4] == f"    - {AC_BASE}" and lines[5] == f"    - name: {RT_BASE}" and lines[10] == f"      name: {RT_BASE}"


# ---- F9: an image file a script of the run opens and searches for the AC image text

DEPLOY = (
    "import re\nimport requests\n\n"
    'HOUSTON_URL = "https://houston.example.com/v1"\n\n'
    'UPGRADE = """\n'
    "mutation Upgrade($deploymentUuid: Uuid!, $desiredAirflowVersion: String!) {\n"
    "  updateDeploymentAirflow(deploymentUuid: $deploymentUuid, desiredAirflowVersion: $desiredAirflowVersion) { id }\n"
    '}\n"""\n\n\n'
    "def version_from_dockerfile():\n"
    '    text = open("Dockerfile").read()\n'
    '    return re.search(r"ap-airflow:(\\d+\\.\\d+\\.\\d+(?:-\\d+)?)", text).group(1)\n\n\n'
    "def upgrade(dep):\n"
    "    v = version_from_dockerfile()\n"
    '    return requests.post(HOUSTON_URL, json={"query": UPGRADE, "variables": '
    '{"deploymentUuid": dep, "desiredAirflowVersion": v}}).json()\n'
)
AC_11 = "quay.io/astronomer/ap-airflow:2.3.4-11-onbuild"


@pytest.mark.parametrize("script", ["deploy.py", "tools/deploy.py"])  # beside it, or run from the project's root
def test_f9_a_dockerfile_a_script_parses_for_ap_airflow_is_reviewed_naming_the_script(tmp_path, script):  # c19
    write(tmp_path, {"Dockerfile": f"FROM {AC_11}\n", script: DEPLOY})
    items = findings(tmp_path)
    assert of(items, "Dockerfile") == [(1, "review-ac-image")]
    message = next(f["message"] for f in items if f["path"].endswith("Dockerfile"))
    assert f"{script} names this file on line 14 and holds 'ap-airflow' on line 15" in message and RT in message
    rewrite_all(tmp_path)
    assert (tmp_path / "Dockerfile").read_text() == f"FROM {AC_11}\n"


def test_f9_a_compose_file_a_script_reads_is_reviewed(tmp_path):
    reader = 'import yaml\nIMG = yaml.safe_load(open("docker-compose.yml"))["services"]["af"]["image"]\n' \
             'assert "ap-airflow" in IMG\n'
    compose = f"services:\n  af:\n    image: {AC_BASE}\n"
    write(tmp_path, {"docker-compose.yml": compose, "check_image.py": reader})
    items = findings(tmp_path)
    assert of(items, "docker-compose.yml") == [(3, "review-ac-image")]
    assert "check_image.py names this file on line 2 and holds 'ap-airflow' on line 3" in items[0]["message"]
    rewrite_all(tmp_path)
    assert (tmp_path / "docker-compose.yml").read_text() == compose


def test_f9_controls_a_script_without_the_ac_text_or_naming_another_file_leaves_the_edit(tmp_path):
    write(
        tmp_path,
        {
            "Dockerfile": f"FROM {AC_11}\n",
            "build.py": 'import subprocess\nsubprocess.run(["docker", "build", "-f", "Dockerfile", "."])\n',
            "other.py": 'print(open("sub/Dockerfile").read().count("ap-airflow"))\n',  # no such file in the run
        },
    )
    assert of(findings(tmp_path), "Dockerfile") == [(1, "migrate-ac-image")]
    rewrite_all(tmp_path)
    assert (tmp_path / "Dockerfile").read_text() == f"FROM {RT}\n"
