"""Red team pass 6, compose / CI image findings (issue 13), through the installed CLI.

* F6: the ``image:`` of a compose service that has ``build:`` (its own or merged) names
  the image compose builds: reviewed, naming the Dockerfile FROM and the tag to rename,
  never edited.
* F7: an image value read elsewhere through a YAML alias (``AC_IMAGE: *img``, a ``<<``
  merge into a mapping that is not an image place) is reviewed naming the alias uses;
  an anchor with no alias, or whose aliases are image places themselves, is edited.
* F8: a GitHub step's ``uses: docker://<AC image>`` is migrated (the reference's bytes
  only) or reviewed; ``uses:`` anywhere else is never edited.
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


def run(*args, cwd):
    return subprocess.run([EXE, *args], cwd=cwd, capture_output=True, text=True, timeout=120)


def findings(cwd, *paths):
    result = run("check", "--no-cache", "-j", "1", "--format", "json", *paths, cwd=cwd)
    assert result.returncode in (0, 1), result.stderr
    return json.loads(result.stdout)["findings"]


def rewrite_all(cwd):
    result = run("rewrite", "--no-cache", "-j", "1", ".", cwd=cwd)
    assert result.returncode == 0, result.stderr
    again = run("rewrite", "--check", "--no-cache", "-j", "1", ".", cwd=cwd)
    assert again.returncode == 0 and again.stdout == "", again.stdout  # idempotent


# ---- F6: build: beside image:


def test_the_image_of_a_built_service_is_reviewed_and_the_dockerfile_from_is_migrated(tmp_path):
    compose = f"services:\n  airflow:\n    build: .\n    image: {AC_ONBUILD}\n"
    (tmp_path / "docker-compose.yml").write_text(compose)
    (tmp_path / "Dockerfile").write_text(f"FROM {AC_ONBUILD}\n")
    reviews = [f for f in findings(tmp_path, ".") if f["path"].endswith("docker-compose.yml")]
    assert [(f["line"], f["code"], f["severity"]) for f in reviews] == [(4, "review-ac-image", "warning")]
    message = reviews[0]["message"]
    assert "build:" in message and "FROM" in message and "rename this tag" in message and RT_ONBUILD in message
    rewrite_all(tmp_path)
    assert (tmp_path / "docker-compose.yml").read_text() == compose  # byte for byte
    assert (tmp_path / "Dockerfile").read_text() == f"FROM {RT_ONBUILD}\n"


def test_a_build_brought_in_by_a_merge_refuses_the_shared_image_and_a_service_without_build_is_edited(tmp_path):
    compose = (
        "x-base: &base\n  build:\n    context: .\n"
        f"x-img: &img\n  image: {AC}\n"
        "services:\n"
        "  plain:\n    <<: *img\n"  # the same scalar the built service names: editing it retags the build
        "  built:\n    <<: [*img, *base]\n"
        f"  other:\n    image: {AC_ONBUILD}\n"  # not the built tag (red team 12, F4: that one is reviewed)
    )
    (tmp_path / "compose.yaml").write_text(compose)
    by_line = {f["line"]: f for f in findings(tmp_path, "compose.yaml")}
    assert by_line[5]["code"] == "review-ac-image" and "build:" in by_line[5]["message"]
    assert by_line[12]["code"] == "migrate-ac-image"
    rewrite_all(tmp_path)
    assert (tmp_path / "compose.yaml").read_text() == compose.replace(
        f"    image: {AC_ONBUILD}\n", f"    image: {RT_ONBUILD}\n"
    )


# ---- F7: anchors read through aliases


def test_an_anchored_image_read_through_an_alias_is_reviewed_naming_the_alias(tmp_path):
    compose = (
        "services:\n  a:\n"
        f"    image: &img {AC}\n"
        "  b:\n    image: busybox\n    environment:\n      AC_IMAGE: *img\n"
        '    command: ["sh", "-c", "docker pull $$AC_IMAGE"]\n'
    )
    (tmp_path / "docker-compose.yml").write_text(compose)
    items = findings(tmp_path, "docker-compose.yml")
    assert [(f["line"], f["code"]) for f in items] == [(3, "review-ac-image")]
    assert "AC_IMAGE: *img at line 7" in items[0]["message"] and RT in items[0]["message"]
    rewrite_all(tmp_path)
    assert (tmp_path / "docker-compose.yml").read_text() == compose


def test_an_anchored_mapping_merged_into_environment_is_reviewed(tmp_path):
    compose = (
        f"x-img: &img\n  image: {AC}\n"
        "services:\n  a:\n    <<: *img\n"
        "  b:\n    image: busybox\n    environment:\n      <<: *img\n"
    )
    (tmp_path / "docker-compose.yml").write_text(compose)
    items = findings(tmp_path, "docker-compose.yml")
    assert [(f["line"], f["code"]) for f in items] == [(2, "review-ac-image")]
    assert "<<: *img at line 9" in items[0]["message"]
    rewrite_all(tmp_path)
    assert (tmp_path / "docker-compose.yml").read_text() == compose


@pytest.mark.parametrize(
    "compose",
    [
        f"services:\n  a:\n    image: &img {AC}\n",  # an anchor no alias reads
        f"services:\n  a:\n    image: &img {AC}\n  b:\n    image: *img\n",  # the alias is an image too
        f"x-img: &img\n  image: {AC}\nservices:\n  a:\n    <<: *img\n  b:\n    <<: [*img]\n",  # merged into services
        f"services:\n  a: &svc\n    image: {AC}\n  b: *svc\n",  # a whole service reused
    ],
    ids=["unused-anchor", "image-alias", "service-merges", "service-alias"],
)
def test_an_anchor_read_only_as_an_image_is_edited(tmp_path, compose):
    (tmp_path / "docker-compose.yml").write_text(compose)
    rewrite_all(tmp_path)
    assert (tmp_path / "docker-compose.yml").read_text() == compose.replace(AC, RT)


def test_an_image_alias_in_a_built_service_refuses_the_anchor(tmp_path):
    compose = f"services:\n  a:\n    image: &img {AC}\n  b:\n    build: .\n    image: *img\n"
    (tmp_path / "docker-compose.yml").write_text(compose)
    items = findings(tmp_path, "docker-compose.yml")
    assert [(f["line"], f["code"]) for f in items] == [(3, "review-ac-image")]
    rewrite_all(tmp_path)
    assert (tmp_path / "docker-compose.yml").read_text() == compose


def test_a_gitlab_image_anchor_read_as_a_variable_is_reviewed(tmp_path):
    ci = f"build:\n  image: &img {AC}\n  script: [echo]\nvariables:\n  AC: *img\n"
    (tmp_path / ".gitlab-ci.yml").write_text(ci)
    items = findings(tmp_path, ".gitlab-ci.yml")
    assert [(f["line"], f["code"]) for f in items] == [(2, "review-ac-image")]
    assert "AC: *img at line 5" in items[0]["message"]


def test_github_holders_reused_through_aliases_are_edited_and_an_env_alias_is_reviewed(tmp_path):
    (tmp_path / ".github" / "workflows").mkdir(parents=True)
    path = tmp_path / ".github" / "workflows" / "ci.yml"
    job_a = (
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n"
        f"    container: &c\n      image: {AC}\n"
        f"    services:\n      db: &svc\n        image: {AC}\n"
        f"    steps:\n      - &s\n        uses: docker://{AC}\n"
    )
    reused = job_a + "  b:\n    container: *c\n    services:\n      db: *svc\n    steps:\n      - *s\n"
    path.write_text(reused)
    rewrite_all(tmp_path)
    assert path.read_text() == reused.replace(AC, RT)
    leaked = job_a + "    env:\n      X: *c\n"
    path.write_text(leaked)
    items = findings(tmp_path, ".")
    assert [(f["line"], f["code"]) for f in items] == [(6, "review-ac-image"), (9, "migrate-ac-image"), (12, "migrate-ac-image")]
    assert "X: *c at line 14" in items[0]["message"]


# ---- F8: uses: docker://


def workflow(steps):
    return "on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n" + steps


def test_a_docker_step_image_is_migrated_byte_for_byte(tmp_path):
    (tmp_path / ".github" / "workflows").mkdir(parents=True)
    path = tmp_path / ".github" / "workflows" / "ci.yml"
    text = workflow(
        f"      - uses: docker://{AC_ONBUILD}\n        with:\n          args: airflow version\n"
        f"      - uses: 'docker://{AC}'   # quoted, commented\n"
    )
    path.write_text(text)
    items = findings(tmp_path, ".")
    assert [(f["line"], f["column"], f["code"]) for f in items] == [
        (6, 24, "migrate-ac-image"), (9, 25, "migrate-ac-image")
    ]
    diff = run("rewrite", "--diff", "--no-cache", "-j", "1", ".", cwd=tmp_path)
    assert diff.returncode == 1 and f"+      - uses: docker://{RT_ONBUILD}\n" in diff.stdout
    rewrite_all(tmp_path)
    assert path.read_text() == text.replace(AC_ONBUILD, RT_ONBUILD).replace(AC, RT)


def test_docker_uses_outside_a_step_or_not_a_plain_reference_is_only_reviewed(tmp_path):
    (tmp_path / ".github" / "workflows").mkdir(parents=True)
    path = tmp_path / ".github" / "workflows" / "ci.yml"
    text = (
        "on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n"
        f"      - uses: docker://{AC}@sha256:{'0' * 64}\n"  # pinned by digest
        f"      - uses: docker://${{{{ env.REG }}}}/astronomer/ap-airflow:2.3.4\n"  # an expression
        "      - uses: some/action@v1\n        with:\n"
        f"          uses: docker://{AC}\n"  # an input named uses, not a step's
    )
    path.write_text(text)
    items = findings(tmp_path, ".")
    assert [(f["line"], f["code"]) for f in items] == [
        (6, "review-ac-image"), (7, "review-ac-image"), (10, "review-ac-image")
    ]
    assert "steps[*].uses" in items[2]["message"]
    rewrite_all(tmp_path)
    assert path.read_text() == text


# ---- linear work


def test_many_aliases_and_merged_builds_are_read_a_bounded_number_of_times(monkeypatch):
    """N services reading one anchored image and merging a build anchor of N keys: alias uses and
    keys are read about N times each, not N*N."""
    from codemods.rules import compose_ci_images, yaml_aliases

    reads = []
    original_foreign, original_is_key = yaml_aliases.foreign_uses, compose_ci_images._is_key

    class Counting(dict):
        def get(self, key, default=None):
            for use in dict.get(self, key, default or ()):
                reads.append(1)
                yield use

    def foreign(alias_uses, *rest):
        return original_foreign(Counting(alias_uses), *rest)

    def is_key(node, names):
        reads.append(1)
        return original_is_key(node, names)

    monkeypatch.setattr(yaml_aliases, "foreign_uses", foreign)
    monkeypatch.setattr(compose_ci_images, "_is_key", is_key)
    for n in (300, 600):
        reads.clear()
        text = "\n".join(
            ["x-base: &base", "  build: ."] + [f"  k{i}: v{i}" for i in range(n)]
            + ["services:", f"  a:\n    image: &img {AC}"]
            + [f"  s{i}:\n    image: *img\n    environment:\n      X: *img" for i in range(n)]
            + [f"  b{i}:\n    <<: *base\n    image: busybox" for i in range(n)]
        ) + "\n"
        spans, refused, problem = compose_ci_images._image_value_places(text, "compose")
        assert problem is None and not spans and len(refused) == n + 1  # the anchored image and each built service's
        assert len(reads) <= 12 * n, (n, len(reads))
