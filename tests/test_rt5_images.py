"""Red team pass 5, image findings (issue 13), through the installed CLI.

* F8: only files named like a Dockerfile are Dockerfiles: ``Dockerfile``,
  ``Containerfile``, ``Dockerfile.<variant>``, ``<variant>.Dockerfile``; documents,
  backups and patches named like one (``Dockerfile.md``, ``.bak``, ``.orig``, ``~`` ...)
  are neither read nor edited.
* F7: a key named ``image`` is an image only where compose / GitHub / GitLab read
  one; elsewhere an AC image is a review, byte for byte unchanged.
* F6: an ARG read by a FROM with text around the expansion is a review, and an
  ARG whose default is built from another ARG is resolved in order.
"""

import json
import shutil
import subprocess

import pytest

EXE = shutil.which("houston-codemod")
pytestmark = pytest.mark.skipif(EXE is None, reason="houston-codemod is not installed")

AC_ONBUILD = "FROM quay.io/astronomer/ap-airflow:2.3.4-onbuild\n"
RT_ONBUILD = "FROM quay.io/astronomer/astro-runtime:5.5.0\n"


def run(*args, cwd):
    return subprocess.run([EXE, *args], cwd=cwd, capture_output=True, text=True, timeout=120)


def findings(tmp_path, *paths):
    result = run("check", "--no-cache", "-j", "1", "--format", "json", *paths, cwd=tmp_path)
    assert result.returncode in (0, 1), result.stderr
    report = json.loads(result.stdout)
    items = report["findings"] if isinstance(report, dict) else report
    return items


DOCKERFILES = ["Dockerfile", "dockerfile", "Containerfile", "Dockerfile.prod", "prod.Dockerfile",
               "Dockerfile.dev-3", "app.containerfile"]
NOT_DOCKERFILES = ["Dockerfile.md", "Dockerfile.txt", "Dockerfile.README", "Dockerfile.bak",
                   "Dockerfile.orig", "Dockerfile.rej", "Dockerfile.swp", "Dockerfile.tmp",
                   "Dockerfile.old", "Dockerfile.save", "Dockerfile~", "Dockerfile.ac-backup",
                   "Dockerfile.prod.bak", "Dockerfile.patch", "Containerfile.orig", "Dockerfile.dockerignore"]


def test_only_dockerfile_names_are_rewritten_and_backups_are_never_edited(tmp_path):
    for name in DOCKERFILES + NOT_DOCKERFILES:
        (tmp_path / name).write_text(AC_ONBUILD)
    result = run("rewrite", "--no-cache", "-j", "1", ".", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    for name in DOCKERFILES:
        assert (tmp_path / name).read_text() == RT_ONBUILD, name
    for name in NOT_DOCKERFILES:
        assert (tmp_path / name).read_text() == AC_ONBUILD, name
    again = run("rewrite", "--check", "--no-cache", "-j", "1", ".", cwd=tmp_path)
    assert again.returncode == 0 and again.stdout == "", again.stdout


def test_a_named_backup_is_not_edited_even_when_given_on_the_command_line(tmp_path):
    (tmp_path / "Dockerfile.bak").write_text(AC_ONBUILD)
    result = run("rewrite", "--no-cache", "-j", "1", "Dockerfile.bak", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "Dockerfile.bak").read_text() == AC_ONBUILD


AC = "quay.io/astronomer/ap-airflow:2.3.4"
RT = "quay.io/astronomer/astro-runtime:5.5.0-base"

COMPOSE = f"""x-common: &common
  image: {AC}
services:
  scheduler:
    image: {AC}
    environment:
      image: {AC}
    labels:
      image: {AC}
  webserver:
    <<: *common
"""
COMPOSE_AFTER = f"""x-common: &common
  image: {RT}
services:
  scheduler:
    image: {RT}
    environment:
      image: {AC}
    labels:
      image: {AC}
  webserver:
    <<: *common
"""
WORKFLOW = f"""on: push
jobs:
  build:
    runs-on: ubuntu-latest
    container: {AC}
    services:
      db:
        image: {AC}
        env:
          image: {AC}
    steps:
      - uses: some/action@v1
        with:
          image: {AC}
      - run: echo hi
        env:
          image: {AC}
  test:
    container:
      image: {AC}
"""
GITLAB = f"""image: {AC}
variables:
  image: {AC}
default:
  image: {AC}
job:
  image:
    name: {AC}
  services:
    - name: {AC}
      alias: airflow
  variables:
    image: {AC}
  script: [echo]
"""  # alias: keeps the service's hostname (without one it is reviewed: red team 12, F3)


def _edited_lines(before, after):
    return [n for n, (a, b) in enumerate(zip(before.splitlines(), after.splitlines()), 1) if a != b]


@pytest.mark.parametrize(
    "path, text, edited_lines",
    [
        ("docker-compose.yml", COMPOSE, [2, 5]),
        (".github/workflows/ci.yml", WORKFLOW, [5, 8, 20]),
        (".gitlab-ci.yml", GITLAB, [1, 5, 8, 10]),
    ],
)
def test_only_keys_read_as_images_are_edited_other_image_keys_are_reviews(tmp_path, path, text, edited_lines):
    target = tmp_path / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(text.encode())
    result = run("rewrite", "--no-cache", "-j", "1", ".", cwd=tmp_path)
    assert result.returncode in (0, 1), result.stderr
    after = target.read_text()
    assert _edited_lines(text, after) == edited_lines, after
    for number in edited_lines:
        assert after.splitlines()[number - 1] == text.splitlines()[number - 1].replace(AC, RT)
    ac_lines = [n for n, line in enumerate(text.splitlines(), 1) if AC in line]
    reviewed = sorted(
        item["line"] for item in findings(tmp_path, ".") if item["code"] == "review-ac-image"
    )
    assert reviewed == [n for n in ac_lines if n not in edited_lines], reviewed
    if path == "docker-compose.yml":
        assert after == COMPOSE_AFTER
    again = run("rewrite", "--check", "--no-cache", "-j", "1", ".", cwd=tmp_path)
    assert again.returncode == 0 and again.stdout == "", again.stdout


@pytest.mark.parametrize(
    "dockerfile, named",
    [
        # text after the expansion: a new default would make astro-runtime:5.5.0-base-onbuild
        (f"ARG IMAGE={AC}\nFROM ${{IMAGE}}-onbuild\n", "FROM (line 2)"),
        # two FROMs disagree on how they use it
        (f"ARG IMAGE={AC}\nFROM ${{IMAGE}}\nFROM ${{IMAGE}}-onbuild\n", "FROM (line 3)"),
        # another ARG builds on it
        (f"ARG IMAGE={AC}\nARG IMAGE2=${{IMAGE}}-onbuild\nFROM ${{IMAGE2}}\n", "ARG IMAGE2 (line 2)"),
    ],
)
def test_an_arg_a_from_reads_with_text_around_it_is_a_review_naming_that_reader(tmp_path, dockerfile, named):
    (tmp_path / "Dockerfile").write_text(dockerfile)
    result = run("rewrite", "--no-cache", "-j", "1", ".", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "Dockerfile").read_text() == dockerfile
    reviews = [item for item in findings(tmp_path, ".") if item["code"] == "review-ac-image"]
    assert [item["line"] for item in reviews] == [1], reviews
    assert named in reviews[0]["message"], reviews[0]["message"]


def test_an_arg_built_from_a_registry_arg_is_resolved_in_order_and_migrated(tmp_path):
    before = "ARG REG=quay.io/astronomer\nARG IMAGE=${REG}/ap-airflow:2.3.4-onbuild\nFROM ${IMAGE}\n"
    (tmp_path / "Dockerfile").write_text(before)
    result = run("rewrite", "--no-cache", "-j", "1", ".", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "Dockerfile").read_text() == before.replace("ap-airflow:2.3.4-onbuild", "astro-runtime:5.5.0")
    again = run("rewrite", "--check", "--no-cache", "-j", "1", ".", cwd=tmp_path)
    assert again.returncode == 0 and again.stdout == "", again.stdout


def test_an_arg_built_from_a_mirror_registry_arg_is_a_review(tmp_path):
    before = "ARG REG=mirror.example.com/astronomer\nARG IMAGE=${REG}/ap-airflow:2.3.4-onbuild\nFROM ${IMAGE}\n"
    (tmp_path / "Dockerfile").write_text(before)
    result = run("rewrite", "--no-cache", "-j", "1", ".", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "Dockerfile").read_text() == before
    reviews = [item for item in findings(tmp_path, ".") if item["code"] == "review-ac-image"]
    assert [item["line"] for item in reviews] == [2] and "mirror.example.com/astronomer" in reviews[0]["message"]


def test_a_dash_default_names_the_image_not_a_registry_made_of_the_variable_name(tmp_path):
    # ${IMG-quay.io/...}: IMG is the variable, not part of a registry "IMG-quay.io" (a "mirror")
    dockerfile = f"FROM scratch\nCOPY --from=${{IMG-{AC}}} /a /b\n"
    (tmp_path / "Dockerfile").write_text(dockerfile)
    reviews = [item for item in findings(tmp_path, ".") if item["code"] == "review-ac-image"]
    assert [(item["line"], item["column"]) for item in reviews] == [(2, 19)], reviews
    assert reviews[0]["message"].startswith(AC + ":"), reviews[0]["message"]
    assert "IMG-" not in reviews[0]["message"] and "mirror" not in reviews[0]["message"]
    assert RT in reviews[0]["message"]


def test_a_shared_anchor_merged_into_every_service_is_read_once(monkeypatch):
    """N services each merging one anchored mapping of N keys: the path walk reads about 2N entries, not N*N."""
    from codemods.rules import compose_ci_images

    counted = []
    original = compose_ci_images._entries

    def counting(node, seen):
        for entry in original(node, seen):
            counted.append(1)
            yield entry

    monkeypatch.setattr(compose_ci_images, "_entries", counting)
    for n in (500, 1000):
        counted.clear()
        text = "\n".join(
            ["x-common: &common"] + [f"  k{i}: v{i}" for i in range(n)] + [f"  image: {AC}", "services:"]
            + [f"  s{i}:\n    <<: *common" for i in range(n)]
        ) + "\n"
        spans, problem = compose_ci_images._image_value_spans(text, "compose")
        assert problem is None and len(spans) == 1
        assert len(counted) <= 2 * n + 10, (n, len(counted))
