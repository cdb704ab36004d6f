"""Red team pass 10 findings on image rules (issue 13, report 13), through the installed CLI.

* F1: an AC image right after ``docker://`` / ``docker-image://`` (skopeo, crane, buildx) in
  a ``run:`` step, a compose ``command:`` or ``environment:`` value, and a ``uses: docker://``
  step written in flow style are reviewed (never edited).
* F13: the review's reason is the true one (flow content, a value on the line below its key,
  a GitHub ``${{ }}`` tag, a folded double-quoted value built from variables).
"""

import json
import shutil
import subprocess

import pytest

EXE = shutil.which("houston-codemod")
pytestmark = pytest.mark.skipif(EXE is None, reason="houston-codemod is not installed")
COMMON = ("--no-cache", "-j", "1")
AC = "quay.io/astronomer/ap-airflow:2.4.3"
RUNTIME = "quay.io/astronomer/astro-runtime:6.10.0-base"


def run(*args, cwd):
    return subprocess.run([EXE, *args, *COMMON, "."], cwd=cwd, capture_output=True, text=True, timeout=120)


def write(root, files):
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode())


def findings(root):
    result = run("check", "--format", "json", cwd=root)
    assert result.returncode in (0, 1), result.stderr
    return json.loads(result.stdout)["findings"]


def at(found, path, line):
    return [f for f in found if f["path"].endswith(path) and f["line"] == line]


def unchanged_by_rewrite(root, files):
    result = run("rewrite", cwd=root)
    assert result.returncode in (0, 1), result.stderr
    for name, text in files.items():
        assert (root / name).read_bytes().decode() == text, name


# --- F1: images after a transport scheme, and flow-style docker:// steps ------------------

F1 = {
    ".github/workflows/ci.yml": (
        "on: push\n"
        "jobs:\n"
        "  a:\n"
        "    runs-on: ubuntu-latest\n"
        "    steps:\n"
        f"      - run: skopeo copy docker://{AC} oci:x\n"
        f"      - {{uses: docker://{AC}}}\n"
        "  b:\n"
        "    runs-on: ubuntu-latest\n"
        f'    steps: [{{uses: "docker://{AC}"}}]\n'
        "  c:\n"
        "    runs-on: ubuntu-latest\n"
        "    steps:\n"
        f"      - run: docker buildx build --build-context base=docker-image://{AC} .\n"
    ),
    "docker-compose.yml": (
        "services:\n"
        "  a:\n"
        "    image: alpine\n"
        f"    command: skopeo copy docker://{AC} oci:x\n"
        "    environment:\n"
        f'      X: "docker-image://{AC}"\n'
    ),
}


def test_f1_images_after_docker_schemes_and_flow_uses_are_reviewed_not_edited(tmp_path):
    write(tmp_path, F1)
    found = findings(tmp_path)
    places = [(".github/workflows/ci.yml", 6), (".github/workflows/ci.yml", 7), (".github/workflows/ci.yml", 10),
              (".github/workflows/ci.yml", 14), ("docker-compose.yml", 4), ("docker-compose.yml", 6)]
    for path, line in places:
        here = at(found, path, line)
        assert [f["code"] for f in here] == ["review-ac-image"], (path, line, found)
        assert here[0]["severity"] == "warning"
        assert RUNTIME in here[0]["message"], here[0]["message"]
    # the reported span is the reference itself, not the scheme
    line6 = at(found, ".github/workflows/ci.yml", 6)[0]
    assert line6["column"] == len("      - run: skopeo copy docker://") + 1
    flow = at(found, ".github/workflows/ci.yml", 7)[0]["message"]
    assert "flow content" in flow and "not under an image" not in flow
    unchanged_by_rewrite(tmp_path, F1)


def test_f1_block_uses_docker_is_still_migrated_and_a_plain_url_path_is_not_an_image(tmp_path):
    files = {
        ".github/workflows/ci.yml": (
            "on: push\n"
            "jobs:\n"
            "  a:\n"
            "    runs-on: ubuntu-latest\n"
            "    steps:\n"
            f"      - uses: docker://{AC}\n"
            f"      - run: curl https://example.com/mirror/{AC}\n"
        ),
    }
    write(tmp_path, files)
    found = findings(tmp_path)
    assert [f["code"] for f in at(found, ".github/workflows/ci.yml", 6)] == ["migrate-ac-image"]
    assert at(found, ".github/workflows/ci.yml", 7) == []  # a path segment of a URL, not an image reference
    run("rewrite", cwd=tmp_path)
    assert f"uses: docker://{RUNTIME}\n" in (tmp_path / ".github/workflows/ci.yml").read_text()


# --- F13: true reasons ----------------------------------------------------------------

F13 = {
    "docker-compose.yml": (
        "services:\n"
        f"  k: {{image: {AC}, restart: always}}\n"
        "  b:\n"
        "    image:\n"
        f"      {AC}\n"
        "  c:\n"
        '    image: "${REG:-quay.io}/astronomer/ap-airflow:2.3.4\\\n'
        '      "\n'
    ),
    ".github/workflows/ci.yml": (
        "on: push\n"
        "jobs:\n"
        "  a:\n"
        "    runs-on: ubuntu-latest\n"
        "    container: quay.io/astronomer/ap-airflow:${{ env.V }}\n"
        "    steps:\n"
        "      - run: echo\n"
    ),
}


def test_f13_reviews_give_the_true_reason(tmp_path):
    write(tmp_path, F13)
    found = findings(tmp_path)
    flow = at(found, "docker-compose.yml", 2)
    assert len(flow) == 1 and "flow content" in flow[0]["message"], flow
    below = at(found, "docker-compose.yml", 5)
    assert len(below) == 1 and "on the line below the key" in below[0]["message"], below
    assert "not under an image" not in below[0]["message"]
    folded = at(found, "docker-compose.yml", 7)
    assert len(folded) == 1, folded
    assert "built from variables" in folded[0]["message"] and "more than an image reference" not in folded[0]["message"]
    assert "quay.io/astronomer/astro-runtime:5.5.0-base" in folded[0]["message"]
    expression = at(found, ".github/workflows/ci.yml", 5)
    assert len(expression) == 1, expression
    message = expression[0]["message"]
    assert "${{ }} expression" in message and "expands no $" not in message and "no AC version in the tag" not in message
    unchanged_by_rewrite(tmp_path, F13)


# --- F7: compose's .env accepts NAME: value ----------------------------------------------

@pytest.mark.parametrize("line", ["REG: mirror.example.com\n", "REG=mirror.example.com\n", "export REG :mirror.example.com\n"])
def test_f7_a_yaml_style_env_line_sets_the_registry(tmp_path, line):
    """compose-go's dotenv parser ends a name at '=' or ':' (compose-spec/compose-go dotenv/parser.go,
    locateKeyName: "library also supports yaml-style value declaration")."""
    files = {"docker-compose.yml": "services:\n  a:\n    image: ${REG:-quay.io}/astronomer/ap-airflow:2.3.4\n",
             ".env": line}
    write(tmp_path, files)
    found = at(findings(tmp_path), "docker-compose.yml", 3)
    assert [f["code"] for f in found] == ["review-ac-image"], found
    assert "mirror.example.com" in found[0]["message"] and ".env" in found[0]["message"]
    unchanged_by_rewrite(tmp_path, files)


def test_f7_env_colon_line_with_quay_still_migrates(tmp_path):
    files = {"docker-compose.yml": "services:\n  a:\n    image: ${REG:-quay.io}/astronomer/ap-airflow:2.3.4\n",
             ".env": "REG: quay.io\n"}
    write(tmp_path, files)
    found = at(findings(tmp_path), "docker-compose.yml", 3)
    assert [f["code"] for f in found] == ["migrate-ac-image"], found
    assert ".env" in found[0]["message"]  # the note says what still wins over the .env value


# --- F5 / F6: build-argument overrides linked to the Dockerfile they build ---------------------

ARG_DOCKERFILE = "ARG BASE=quay.io/astronomer/ap-airflow:2.3.4-onbuild\nFROM ${BASE}\n"


def build_arg_reviews(root, dockerfile="app/Dockerfile"):
    return [f for f in findings(root) if f["code"] == "review-ac-image-build-arg" and f["path"].endswith(dockerfile)]


@pytest.mark.parametrize("git", [False, True])
@pytest.mark.parametrize("value", ["quay.io/astronomer/ap-airflow:2.2.5-onbuild", "${BASE_IMAGE}", "x"])
def test_f5_compose_build_context_subdirectory_links_the_override(tmp_path, git, value):
    if git:
        (tmp_path / ".git").mkdir()
    write(tmp_path, {
        "app/Dockerfile": ARG_DOCKERFILE,
        "docker-compose.yml": f"services:\n  web:\n    build:\n      context: ./app\n      args:\n        BASE: {value}\n",
    })
    reviews = build_arg_reviews(tmp_path)
    assert len(reviews) == 1, reviews
    assert "docker-compose.yml:6" in reviews[0]["message"]


def test_f5_compose_dockerfile_key_and_another_context_are_told_apart(tmp_path):
    (tmp_path / ".git").mkdir()
    write(tmp_path, {
        "app/Dockerfile": ARG_DOCKERFILE,
        "app/other.Dockerfile": ARG_DOCKERFILE,
        "web/Dockerfile": ARG_DOCKERFILE,
        "docker-compose.yml": (
            "services:\n"
            "  a:\n"
            "    build:\n"
            "      context: app\n"
            "      dockerfile: other.Dockerfile\n"
            "      args:\n"
            "        BASE: x\n"
            "  w:\n"
            "    build:\n"
            "      context: ./web\n"
            "      args:\n"
            "        BASE: y\n"
        ),
    })
    found = findings(tmp_path)
    by_file = {}
    for f in found:
        if f["code"] == "review-ac-image-build-arg":
            by_file.setdefault(f["path"], []).append(f["message"])
    assert [p for p in by_file if p.endswith("app/Dockerfile")] == [], by_file  # nothing builds app/Dockerfile
    other = [m for p, ms in by_file.items() if p.endswith("app/other.Dockerfile") for m in ms]
    web = [m for p, ms in by_file.items() if p.endswith("web/Dockerfile") for m in ms]
    assert len(other) == 1 and "docker-compose.yml:7" in other[0], by_file
    assert len(web) == 1 and "docker-compose.yml:12" in web[0], by_file


@pytest.mark.parametrize("git", [False, True])
def test_f5_build_push_action_context_and_file_link_the_override(tmp_path, git):
    if git:
        (tmp_path / ".git").mkdir()
    write(tmp_path, {
        "app/Dockerfile": ARG_DOCKERFILE,
        "elsewhere/Dockerfile": "FROM alpine\n",
        ".github/workflows/ci.yml": (
            "on: push\n"
            "jobs:\n"
            "  b:\n"
            "    runs-on: ubuntu-latest\n"
            "    steps:\n"
            "      - uses: docker/build-push-action@v5\n"
            "        with:\n"
            "          context: ./app\n"
            "          build-args: |\n"
            "            BASE=x\n"
            "      - uses: docker/build-push-action@v5\n"
            "        with:\n"
            "          context: .\n"
            "          file: app/Dockerfile\n"
            "          build-args: BASE\n"
            "      - uses: docker/build-push-action@v5\n"
            "        with:\n"
            "          context: ./elsewhere\n"
            "          build-args: BASE=z\n"
        ),
    })
    reviews = build_arg_reviews(tmp_path)
    assert len(reviews) == 1, reviews
    message = reviews[0]["message"]
    assert "ci.yml:10" in message and "ci.yml:15" in message and "ci.yml:19" not in message, message


@pytest.mark.parametrize("git", [False, True])
def test_f5_docker_build_context_and_file_link_the_override(tmp_path, git):
    if git:
        (tmp_path / ".git").mkdir()
    write(tmp_path, {
        "app/Dockerfile": ARG_DOCKERFILE,
        "web/Dockerfile": "FROM alpine\n",
        "build.sh": (
            "#!/bin/sh\n"
            "docker build --build-arg BASE=x app/\n"
            "docker build -t me --build-arg BASE=y -f app/Dockerfile .\n"
            "docker build --build-arg BASE=z web/\n"
            "docker buildx build --build-arg BASE --push \\\n"
            "  app\n"
        ),
    })
    reviews = build_arg_reviews(tmp_path)
    assert len(reviews) == 1, reviews
    message = reviews[0]["message"]
    # line 4 builds web/; line 5's context is on the next line, not readable: it counts in the
    # repository (.git), not in a folder above the Dockerfile's (only places naming it count there)
    assert all(f"build.sh:{n}" in message for n in (2, 3)) and "build.sh:4" not in message, message
    assert ("build.sh:5" in message) == git, message


def test_f6_compose_args_list_entry_without_value_is_an_override(tmp_path):
    write(tmp_path, {
        "Dockerfile": ARG_DOCKERFILE,
        "docker-compose.yml": "services:\n  web:\n    build:\n      context: .\n      args:\n        - BASE\n        - \"OTHER=1\"\n",
        ".env": "BASE=quay.io/astronomer/ap-airflow:2.2.5-onbuild\n",
    })
    reviews = build_arg_reviews(tmp_path, "Dockerfile")
    assert len(reviews) == 1 and "docker-compose.yml:6" in reviews[0]["message"], reviews
    # a name that only starts the same (BASE_X) is another argument
    write(tmp_path, {"docker-compose.yml": "services:\n  web:\n    build:\n      context: .\n      args:\n        - BASE_X\n"})
    assert build_arg_reviews(tmp_path, "Dockerfile") == []


def test_f5_a_build_whose_dockerfile_is_not_there_or_runs_elsewhere_still_counts(tmp_path):
    """Only a place that provably builds another existing Dockerfile is told apart: `docker build .`
    naming no ./Dockerfile, or run after a cd, may well build this one."""
    (tmp_path / ".git").mkdir()
    write(tmp_path, {
        "app/Dockerfile": ARG_DOCKERFILE,
        "web/Dockerfile": "FROM alpine\n",
        "build.sh": "docker build --build-arg BASE=x .\ncd app && docker build --build-arg BASE=y ../web\n",
    })
    reviews = build_arg_reviews(tmp_path)
    assert len(reviews) == 1 and "build.sh:1" in reviews[0]["message"] and "build.sh:2" in reviews[0]["message"], reviews


# --- F11: a Dockerfile ARG default whose tag is built from another ARG -----------------------

def test_f11_arg_default_built_from_args_names_the_runtime_image_its_defaults_give(tmp_path):
    files = {"Dockerfile": "ARG TAG=2.3.4\nARG BASE=quay.io/astronomer/ap-airflow:${TAG}-onbuild\nFROM $BASE\n"}
    write(tmp_path, files)
    found = at(findings(tmp_path), "Dockerfile", 2)
    assert [f["code"] for f in found] == ["review-ac-image"], found
    message = found[0]["message"]
    assert "ARG TAG" in message and "quay.io/astronomer/ap-airflow:2.3.4-onbuild" in message, message
    assert "ARG BASE=quay.io/astronomer/astro-runtime:5.5.0 " in message, message
    unchanged_by_rewrite(tmp_path, files)


# --- F11 (GitLab): variables used in other variables; F4b: job variables over an extended image ----

F11_GITLAB = (
    "variables:\n"
    "  AC: quay.io/astronomer/ap-airflow:2.3.4-onbuild\n"
    "  IMG: $AC\n"
    "  TAG: 2.3.4-onbuild\n"
    "  FULL: quay.io/astronomer/ap-airflow:${TAG}\n"
    "j1:\n"
    "  image: $IMG\n"
    "  script: [echo]\n"
    "j2:\n"
    "  image: $FULL\n"
    "  script: [echo]\n"
)


def test_f11_gitlab_variable_indirection_is_reviewed_at_the_image(tmp_path):
    files = {".gitlab-ci.yml": F11_GITLAB}
    write(tmp_path, files)
    found = findings(tmp_path)
    for line, name in ((7, "IMG"), (10, "FULL")):
        here = at(found, ".gitlab-ci.yml", line)
        assert [f["code"] for f in here] == ["review-ac-image"], (line, found)
        message = here[0]["message"]
        assert f"{name}=quay.io/astronomer/ap-airflow:2.3.4-onbuild" in message, message
        assert "quay.io/astronomer/astro-runtime:5.5.0" in message, message
    assert "expanded through AC" in at(found, ".gitlab-ci.yml", 7)[0]["message"]
    assert "expanded through TAG" in at(found, ".gitlab-ci.yml", 10)[0]["message"]
    full = at(found, ".gitlab-ci.yml", 5)  # the FULL: line itself: the tag is a variable, not "no AC version"
    assert len(full) == 1 and "tag comes from a variable" in full[0]["message"], full
    assert "no AC version in the tag" not in full[0]["message"]
    unchanged_by_rewrite(tmp_path, files)


def test_f11_a_registry_reached_through_another_variable_is_reviewed_not_edited(tmp_path):
    files = {".gitlab-ci.yml": "variables:\n  Q: quay.io\n  REG: $Q\njob:\n  image: $REG/astronomer/ap-airflow:2.3.4\n  script: [echo]\n"}
    write(tmp_path, files)
    here = at(findings(tmp_path), ".gitlab-ci.yml", 5)
    assert [f["code"] for f in here] == ["review-ac-image"], here
    unchanged_by_rewrite(tmp_path, files)


def test_f11_a_long_or_cyclic_variable_chain_is_left_undecided(tmp_path):
    chain = "".join(f"  V{i}: $V{i + 1}\n" for i in range(3000))
    files = {".gitlab-ci.yml": (
        "variables:\n" + chain + "  V3000: quay.io/astronomer/ap-airflow:2.3.4\n  A: $B\n  B: $A\n"
        "j:\n  image: $V0\n  script: [echo]\nk:\n  image: $A\n  script: [echo]\n"
    )}
    write(tmp_path, files)
    result = run("check", "--format", "json", cwd=tmp_path)
    assert result.returncode in (0, 1) and "Traceback" not in result.stderr, result.stderr
    found = json.loads(result.stdout)["findings"]
    assert not [f for f in found if f["code"] == "migrate-ac-image"], found
    unchanged_by_rewrite(tmp_path, files)


F4B = (
    "variables:\n"
    "  REG: quay.io\n"
    ".base:\n"
    "  image: $REG/astronomer/ap-airflow:2.3.4\n"
    "job2:\n"
    "  extends: .base\n"
    "  variables:\n"
    "    REG: mirror.example.com\n"
    "  script: [echo]\n"
)


def test_f4b_job_variables_over_an_image_inherited_through_extends_are_a_review(tmp_path):
    files = {".gitlab-ci.yml": F4B}
    write(tmp_path, files)
    here = at(findings(tmp_path), ".gitlab-ci.yml", 4)
    assert [f["code"] for f in here] == ["review-ac-image"], here
    assert "mirror.example.com" in here[0]["message"] and "job2" in here[0]["message"], here
    unchanged_by_rewrite(tmp_path, files)


def test_f4b_extending_jobs_that_agree_still_migrate(tmp_path):
    files = {".gitlab-ci.yml": F4B.replace("mirror.example.com", "quay.io") + "job3:\n  extends: job2\n  script: [echo]\n"}
    write(tmp_path, files)
    here = at(findings(tmp_path), ".gitlab-ci.yml", 4)
    assert [f["code"] for f in here] == ["migrate-ac-image"], here
    run("rewrite", cwd=tmp_path)
    assert "image: $REG/astronomer/astro-runtime:5.5.0-base\n" in (tmp_path / ".gitlab-ci.yml").read_text()


def test_expansion_and_extends_work_is_linear_in_the_jobs(monkeypatch):
    """Counted, not timed: each image lookup expands through at most MAX_EXPANSIONS variables, and
    each job is listed once as an extender, so doubling the jobs doubles the lookups."""
    from codemods.rules import image_variables
    from codemods.rules.image_variables import GitlabVariables

    def lookups(jobs):
        chain = "".join(f"  V{i}: $V{i + 1}\n" for i in range(500))
        text = "variables:\n" + chain + "  V500: x\n.base:\n  image: $V0/ap-airflow:2.3.4\n" + "".join(
            f"j{n}:\n  extends: .base\n  variables:\n    V0: $V1\n  script: [echo]\n" for n in range(jobs))
        calls = [0]
        original = GitlabVariables._value

        def counting(self, sources, name):
            calls[0] += 1
            return original(self, sources, name)

        monkeypatch.setattr(GitlabVariables, "_value", counting)
        variables = GitlabVariables(text)
        base = text.index("$V0/ap-airflow")
        for n in range(jobs):  # one lookup per job, as the rule does for each job's image place
            variables.lookup(text.index(f"j{n}:"), "V0")
        variables.variants(base, ["V0"])
        monkeypatch.setattr(GitlabVariables, "_value", original)
        return calls[0]

    small, large = lookups(100), lookups(200)
    assert large <= 2 * small + 10, (small, large)
    assert small <= 100 * (image_variables.MAX_EXPANSIONS + 4), small
