"""Red team pass 7, image rules (issue 13), through the installed CLI.

* F5: before Software 0.29 the platform serves Astronomer Certified only, so no image
  pin is migrated or reviewed (the same ``HoustonSchema.serves_runtime`` test as the
  AC catalogue rule): Dockerfile FROM, ARG defaults and their build-arg overrides,
  compose, GitHub and GitLab files are left byte for byte with ``--houston-version 0.28``;
  0.29 and the default version migrate them as before.
* F6: the ``image:`` of a compose service with ``extends:`` (same file or another one)
  may name the image compose builds: reviewed, never edited.
"""

import json
import shutil
import subprocess

import pytest

EXE = shutil.which("houston-codemod")
pytestmark = pytest.mark.skipif(EXE is None, reason="houston-codemod is not installed")

AC = "quay.io/astronomer/ap-airflow:2.3.4"
RT = "quay.io/astronomer/astro-runtime:5.5.0-base"
AC_ONBUILD = AC + "-onbuild"
RT_ONBUILD = "quay.io/astronomer/astro-runtime:5.5.0"

# One file of every image kind, each with a pin the default version rewrites.
PROJECT = {
    "tab/Dockerfile": f"from\t{AC_ONBUILD}\n",
    "arg/Dockerfile": f"ARG BASE={AC_ONBUILD}\nFROM ${{BASE}}\n",
    "arg/docker-compose.yaml": f"services:\n  a:\n    build:\n      context: .\n      args:\n        - BASE={AC_ONBUILD}\n",
    "compose/docker-compose.yml": f"services:\n  web:\n    image: {AC}\n",
    "gh/.github/workflows/ci.yml": (
        f"on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    container: {AC_ONBUILD}\n"
        f"    steps:\n      - uses: docker://{AC}\n"
    ),
    "gl/.gitlab-ci.yml": f"image: {AC_ONBUILD}\njob:\n  image: {AC}\n  script: [echo]\n",
}


def run(*args, cwd):
    return subprocess.run([EXE, *args], cwd=cwd, capture_output=True, text=True, timeout=120)


def write(root, files):
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def contents(root):
    return {name: (root / name).read_text() for name in PROJECT}


def test_before_029_no_image_is_rewritten_or_reviewed(tmp_path):
    write(tmp_path, PROJECT)
    common = ("--houston-version", "0.28", "--no-cache", "-j", "1")
    checked = run("rewrite", "--check", *common, ".", cwd=tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stdout == ""
    report = run("check", "--format", "json", *common, ".", cwd=tmp_path)
    assert report.returncode == 0, report.stderr
    assert json.loads(report.stdout)["findings"] == []
    written = run("rewrite", *common, ".", cwd=tmp_path)
    assert written.returncode == 0, written.stderr
    assert contents(tmp_path) == PROJECT


@pytest.mark.parametrize("version", [("--houston-version", "0.29"), ()])
def test_from_029_and_by_default_every_kind_is_rewritten(tmp_path, version):
    write(tmp_path, PROJECT)
    common = (*version, "--no-cache", "-j", "1")
    checked = run("rewrite", "--check", *common, ".", cwd=tmp_path)
    assert checked.returncode == 1, checked.stderr
    written = run("rewrite", *common, ".", cwd=tmp_path)
    assert written.returncode in (0, 1), written.stderr
    after = contents(tmp_path)
    assert after["tab/Dockerfile"] == f"from\t{RT_ONBUILD}\n"
    assert after["arg/Dockerfile"].startswith(f"ARG BASE={RT_ONBUILD}\n")
    assert f"image: {RT}\n" in after["compose/docker-compose.yml"]
    assert f"container: {RT_ONBUILD}\n" in after["gh/.github/workflows/ci.yml"]
    assert f"uses: docker://{RT}\n" in after["gh/.github/workflows/ci.yml"]
    assert after["gl/.gitlab-ci.yml"].startswith(f"image: {RT_ONBUILD}\njob:\n  image: {RT}\n")


EXTENDS = {
    "docker-compose.yml": (
        "services:\n  builder:\n    build: .\n"
        f"  web:\n    extends:\n      service: builder\n    image: {AC}\n"
        f"  other:\n    extends:\n      file: base.yml\n      service: builder\n    image: {AC_ONBUILD}\n"
        # not web's tag (red team 13, F2 addendum: a tag built through extends: is reviewed where another service names it)
        f"  plain:\n    image: {AC}-11\n"
    ),
    "base.yml": "services:\n  builder:\n    build: .\n",
}


def test_extends_image_is_reviewed_not_rewritten(tmp_path):
    write(tmp_path, EXTENDS)
    report = run("check", "--format", "json", "--no-cache", "-j", "1", "docker-compose.yml", cwd=tmp_path)
    assert report.returncode in (0, 1), report.stderr
    reviews = {f["line"]: f["message"] for f in json.loads(report.stdout)["findings"] if f["code"] == "review-ac-image"}
    assert set(reviews) == {7, 12}
    assert all("extends:" in message for message in reviews.values())
    written = run("rewrite", "--no-cache", "-j", "1", "docker-compose.yml", cwd=tmp_path)
    assert written.returncode in (0, 1), written.stderr
    after = (tmp_path / "docker-compose.yml").read_text()
    expected = EXTENDS["docker-compose.yml"].replace(f"  plain:\n    image: {AC}-11\n", f"  plain:\n    image: {RT}\n")
    assert after == expected  # only the service without extends: is migrated
