"""Issue 13, end to end through the installed ``houston-codemod``: ready for Houston 1.0.1.

After ``rewrite``, ``check --houston-version 1.0.1`` reports no error, or a
review finding at every line it left, on the realistic scripts, the notebook and
``.graphql`` cases and ``examples/``; the Astro project's images are migrated
wherever they are pinned; the rewrite's summary does not claim a schema check it
never made.
"""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "tests"
EXE = shutil.which("houston-codemod")
pytestmark = pytest.mark.skipif(EXE is None, reason="houston-codemod is not installed")


def run(*args, cwd=None):
    return subprocess.run([EXE, *args], capture_output=True, text=True, cwd=cwd, timeout=300)


def _review_lines(text):
    """(path, line) of every review finding in text output lines."""
    found = set()
    for line in text.splitlines():
        parts = line.split(":", 3)
        if len(parts) == 4 and " review-" in parts[3]:
            found.add((Path(parts[0]).name, int(parts[1])))
    return found


def _rewrite_then_check_101(directory):
    rewritten = run("rewrite", str(directory))
    assert rewritten.returncode == 0, rewritten.stderr
    checked = run("check", "--houston-version", "1.0.1", "--format", "json", str(directory))
    assert checked.returncode in (0, 1), checked.stderr
    report = json.loads(checked.stdout)
    errors = [f for f in report["findings"] if f["severity"] == "error"]
    reviewed = _review_lines(rewritten.stderr) | {
        (Path(f["path"]).name, f["line"]) for f in report["findings"] if f["code"].startswith("review-")
    }
    return rewritten, errors, reviewed


def test_examples_are_ready_for_houston_101(tmp_path):
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    rewritten, errors, _reviewed = _rewrite_then_check_101(tmp_path / "examples")
    assert errors == []
    text = (tmp_path / "examples" / "create_deployment.py").read_text()
    assert "    airflowVersion: runtimeAirflowVersion\n" in text
    assert "    desiredAirflowVersion: desiredRuntimeVersion\n" in text
    assert "review-desired-runtime-version" in rewritten.stderr


def test_every_corpus_script_notebook_and_graphql_case_is_ready_or_reviewed(tmp_path):
    shutil.copytree(TESTS / "corpus" / "scripts", tmp_path / "scripts")
    shutil.copytree(TESTS / "cases" / "notebooks", tmp_path / "notebooks")
    shutil.copytree(TESTS / "cases" / "graphql_files", tmp_path / "graphql_files")
    shutil.copytree(TESTS / "cases" / "runtime_read_fields", tmp_path / "runtime_read_fields")
    for expected in tmp_path.rglob("*.expected.*"):
        expected.unlink()
    _rewritten, errors, reviewed = _rewrite_then_check_101(tmp_path)
    unreviewed = [f"{f['path']}:{f['line']}: {f['message']}" for f in errors if (Path(f["path"]).name, f["line"]) not in reviewed]
    assert unreviewed == []
    # The read side is what 1.0.1 used to reject: no selection of an AC field is left unreviewed.
    assert not any("Cannot query field 'airflowVersion'" in f["message"] for f in errors if (Path(f["path"]).name, f["line"]) not in reviewed)


def test_rewrite_summary_says_it_did_not_validate(tmp_path):
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    rewritten = run("rewrite", "--diff", str(tmp_path / "examples"))
    assert rewritten.stderr.splitlines()[-1].endswith("; not checked against the schema: run `houston-codemod check`")
    checked = run("check", str(tmp_path / "examples"))
    assert "not checked" not in checked.stderr
    assert checked.stderr.splitlines()[-1].endswith(" errors")


def test_read_side_needs_the_runtime_fields_of_the_target_platform(tmp_path):
    script = tmp_path / "list.py"
    script.write_text(
        'Q = """query { workspaceDeployments(workspaceUuid: "w") { id airflowVersion desiredAirflowVersion } }"""\n'
    )
    old = run("rewrite", "--diff", "--houston-version", "0.28", str(script))
    assert old.returncode == 0 and old.stdout == ""  # 0.28 serves no Runtime field to read instead
    new = run("rewrite", "--diff", "--houston-version", "1.0.1", str(script))
    assert new.returncode == 1
    assert "airflowVersion: runtimeAirflowVersion desiredAirflowVersion: desiredRuntimeVersion" in new.stdout


def test_runtime_releases_queries_in_reviews_validate():
    from graphql import parse, validate

    from codemods.houston_schema import HoustonSchema
    from codemods.rules.deployment_config_images import REPLACEMENTS

    for version in ("0.29.0", "1.0.0", "1.0.1"):
        schema = HoustonSchema.bundled(version).schema
        for query, _reading in REPLACEMENTS.values():
            assert validate(schema, parse(query)) == [], (version, query)


HEREDOC_DOCKERFILE = """\
# syntax=docker/dockerfile:1.4
FROM quay.io/astronomer/ap-airflow:2.3.4-onbuild
RUN <<EOF
cat > /tmp/Dockerfile <<'X'
FROM quay.io/astronomer/ap-airflow:2.3.4-onbuild
X
EOF
COPY <<EOF /usr/local/airflow/Dockerfile.example
FROM quay.io/astronomer/ap-airflow:2.2.5
EOF
"""


def test_from_inside_a_heredoc_is_never_touched(tmp_path):
    dockerfile = tmp_path / "Dockerfile"
    dockerfile.write_bytes(HEREDOC_DOCKERFILE.encode())
    result = run("rewrite", str(tmp_path))
    assert result.returncode == 0, result.stderr
    expected = HEREDOC_DOCKERFILE.replace(
        "FROM quay.io/astronomer/ap-airflow:2.3.4-onbuild\nRUN", "FROM quay.io/astronomer/astro-runtime:5.5.0\nRUN", 1
    )
    assert dockerfile.read_text() == expected
    assert expected.count("ap-airflow") == 2  # both heredoc bodies kept their text
    assert run("rewrite", "--check", str(tmp_path)).returncode == 0


@pytest.mark.parametrize(
    "first, second, joined, equivalent",
    [
        ("quay.io/astronomer/ap-airflow:2.3.4", "-onbuild", "ap-airflow:2.3.4-onbuild", "astro-runtime:5.5.0"),
        ("quay.io/astronomer/ap-airflow:2.2", ".5-onbuild", "ap-airflow:2.2.5-onbuild", "astro-runtime:4.2.9"),
    ],
)
def test_a_reference_continued_mid_word_is_read_joined_and_reviewed(tmp_path, first, second, joined, equivalent):
    """Red team: BuildKit joins a continued line with nothing between, so ``2.3.4\\`` + ``-onbuild``
    is the tag ``2.3.4-onbuild``.  Reading a blank at the joint rewrote ``2.3.4`` to
    ``5.5.0-base`` and left ``-onbuild`` behind: ``astro-runtime:5.5.0-base-onbuild``, no such image.
    """
    dockerfile = tmp_path / "Dockerfile"
    original = f"FROM {first}\\\n{second}\n"
    dockerfile.write_text(original)
    result = run("rewrite", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert dockerfile.read_text() == original  # split across lines: told, not spliced
    assert f"{joined}: the reference is split across lines: use quay.io/astronomer/{equivalent}" in result.stderr
    assert "review-ac-image" in result.stderr


def test_a_quoted_heredoc_marker_opens_no_heredoc(tmp_path):
    """Red team: RUN echo "<<X" was read as a heredoc, so every later FROM was hidden, neither
    migrated nor reported.  Only an unquoted << starts one (a quoted delimiter, <<"EOT", does)."""
    dockerfile = tmp_path / "Dockerfile"
    dockerfile.write_text(
        'RUN echo "<<X"\n'
        "FROM quay.io/astronomer/ap-airflow:2.4.3 AS second\n"
        "RUN echo 'a <<Y' && true\n"
        "FROM quay.io/astronomer/ap-airflow:2.2.5-onbuild\n"
        'RUN <<"EOT" bash\n'
        "FROM quay.io/astronomer/ap-airflow:2.4.3\n"
        "EOT\n"
    )
    result = run("rewrite", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert dockerfile.read_text().splitlines() == [
        'RUN echo "<<X"',
        "FROM quay.io/astronomer/astro-runtime:6.10.0-base AS second",
        "RUN echo 'a <<Y' && true",
        "FROM quay.io/astronomer/astro-runtime:4.2.9",
        'RUN <<"EOT" bash',
        "FROM quay.io/astronomer/ap-airflow:2.4.3",  # a script's text, never an instruction
        "EOT",
    ]


CONFLICTING_FRAGMENT = """\
fragment D on Deployment {
  id
  airflowVersion
}

query A($ws: Uuid!) {
  workspaceDeployments(workspaceUuid: $ws) { ...D airflowVersion runtimeVersion }
}
"""


@pytest.mark.parametrize("name, text", [
    ("conflict.graphql", CONFLICTING_FRAGMENT),
    ("conflict.py", 'import requests\n\nQ = """' + CONFLICTING_FRAGMENT + '"""\n'
     'requests.post("https://houston.example.com/v1", json={"query": Q, "variables": {"ws": "w"}})\n'),
])
def test_a_rewrite_never_makes_a_valid_document_invalid(tmp_path, name, text):
    """Red team: the fragment's airflowVersion was aliased to runtimeAirflowVersion while the
    selection spreading it keeps its own airflowVersion beside runtimeVersion, so Houston would
    reject the query (overlapping-fields-can-be-merged).  The read-field rule now sees the
    fragment's field merged beside runtimeVersion and reviews it itself, before the pipeline's
    net (review-rewrite-invalid) has anything to catch."""
    (tmp_path / name).write_text(text)
    assert run("check", str(tmp_path)).returncode == 0
    result = run("rewrite", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / name).read_text() == text
    assert "review-read-field-replacement-selected" in result.stderr and "review-rewrite-invalid" not in result.stderr
    report = json.loads(run("check", "--format", "json", str(tmp_path)).stdout)
    assert not [f for f in report["findings"] if f["code"].startswith("migrate-")]  # no fix offered that breaks it


WORKFLOW = """\
name: build
on: push
jobs:
  test:
    runs-on: ubuntu-latest
    container:
      image: "quay.io/astronomer/ap-airflow:2.3.4-onbuild"
    services:
      airflow:
        image: quay.io/astronomer/ap-airflow:2.2.5  # plain AC image
    steps:
      - uses: actions/checkout@v4
      - run: docker build --build-arg IMAGE_NAME=quay.io/astronomer/ap-airflow:2.2.3 .
  lint:
    runs-on: ubuntu-latest
    container: quay.io/astronomer/ap-airflow:2.4.3-6-onbuild
"""


def test_project_images_in_workflows_compose_and_arg_defaults(tmp_path):
    yaml = pytest.importorskip("yaml")
    (tmp_path / ".git").mkdir()  # the repository root, where CI files are looked for
    workflows = tmp_path / ".github" / "workflows"
    workflows.mkdir(parents=True)
    (workflows / "build.yml").write_text(WORKFLOW)
    project = tmp_path / "project"
    project.mkdir()
    (project / "Dockerfile").write_text('ARG IMAGE_NAME="quay.io/astronomer/ap-airflow:2.2.3"\nFROM ${IMAGE_NAME}\n')
    (project / "compose.yaml").write_text("services:\n  web:\n    image: astronomerinc/ap-airflow:2.2.0-buster-onbuild\n")
    before = yaml.safe_load(WORKFLOW)

    result = run("rewrite", str(tmp_path))
    assert result.returncode == 0, result.stderr

    workflow = (workflows / "build.yml").read_text()
    assert workflow == (
        WORKFLOW.replace('"quay.io/astronomer/ap-airflow:2.3.4-onbuild"', '"quay.io/astronomer/astro-runtime:5.5.0"')
        .replace("image: quay.io/astronomer/ap-airflow:2.2.5  #", "image: quay.io/astronomer/astro-runtime:4.2.9-base  #")
        .replace("container: quay.io/astronomer/ap-airflow:2.4.3-6-onbuild", "container: quay.io/astronomer/astro-runtime:6.10.0")
    )
    after = yaml.safe_load(workflow)
    assert after["jobs"]["test"]["steps"] == before["jobs"]["test"]["steps"]  # a script line is reported, not edited
    assert after["jobs"]["lint"]["container"] == "quay.io/astronomer/astro-runtime:6.10.0"
    assert (project / "Dockerfile").read_text() == (
        'ARG IMAGE_NAME="quay.io/astronomer/astro-runtime:4.0.11-base"\nFROM ${IMAGE_NAME}\n'
    )
    assert (project / "compose.yaml").read_text() == "services:\n  web:\n    image: quay.io/astronomer/astro-runtime:4.0.1\n"
    # The ARG default is migrated, but CI passes its own value: the person is told where.
    override = [line for line in result.stderr.splitlines() if "review-ac-image-build-arg" in line]
    assert len(override) == 1 and ".github/workflows/build.yml:13" in override[0]
    assert any("build.yml:13:" in line and "review-ac-image" in line for line in result.stderr.splitlines())
    assert run("rewrite", "--check", str(tmp_path)).returncode == 0


def test_yaml_files_without_ac_images_are_not_read(tmp_path):
    (tmp_path / "docker-compose.yml").write_text("services:\n  db:\n    image: postgres:12\n")
    (tmp_path / "other.yml").write_text("image: quay.io/astronomer/ap-airflow:2.3.4\n")  # neither compose nor CI
    result = run("check", "--format", "json", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["findings"] == []
    assert result.stderr.startswith("1 files scanned") or "1 files scanned" in result.stderr


# -- property: image files never change outside an image reference, and never after one rewrite --
from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_IMAGES = st.sampled_from([
    "quay.io/astronomer/ap-airflow:2.3.4-onbuild", "quay.io/astronomer/ap-airflow:2.2.5",
    "astronomerinc/ap-airflow:1.10.12-alpine3.10", "quay.io/astronomer/ap-airflow:2.2.0-buster-onbuild",
    "quay.io/astronomer/ap-airflow:${V}-onbuild", "${IMAGE}", "$IMAGE", "python:3.11",
])
_DOCKER_LINES = st.one_of(
    _IMAGES.map(lambda image: f"FROM {image}"),
    _IMAGES.map(lambda image: f'ARG IMAGE="{image}"'),
    _IMAGES.map(lambda image: f"FROM \\\n  {image} AS s"),
    st.sampled_from(["RUN <<EOF", "EOF", "COPY <<-X /f", "\tX", "RUN echo \\", "# comment", "", "ARG V=2.3.4",
                     "# escape=`", "FROM `", "RUN cat <<'A' <<B", "A", "B"]),
)
_YAML_LINES = st.one_of(
    _IMAGES.map(lambda image: f"  image: {image}"),
    _IMAGES.map(lambda image: f'    container: "{image}"  # c'),
    _IMAGES.map(lambda image: f"      - run: docker pull {image}"),
    st.sampled_from(["services:", "  run: |", "    image: x", "image:", "  name: quay.io/astronomer/ap-airflow:2.3.4", "", "# x"]),
)


def _outside_references(text):
    from codemods.rules.ac_images import REFERENCE

    return REFERENCE.sub("<image>", text.replace("astro-runtime", "ap-airflow"))


def _no_error_but_bad_yaml(kind, result):
    """No error, except the one a compose/CI file holding an AC image that does not parse is (red team
    15, report 13, F7: bad input, exit 2), and then nothing changed."""
    if result.error is None:
        return True
    return kind != "Dockerfile" and "cannot parse YAML: " in result.error and not result.changed


@given(kind=st.sampled_from(["Dockerfile", "docker-compose.yml"]), data=st.data())
def test_image_files_change_only_inside_references_and_are_stable(kind, data, options):
    from codemods.pipeline import process

    lines = data.draw(st.lists(_DOCKER_LINES if kind == "Dockerfile" else _YAML_LINES, max_size=12))
    text = "\n".join(lines) + "\n"
    result = process(kind, text.encode(), options)
    assert _no_error_but_bad_yaml(kind, result)
    if not result.changed:
        return
    assert _outside_references(result.new_text) == _outside_references(text)
    again = process(kind, result.new_bytes(), options)
    assert again.error is None and not again.changed


@given(
    kind=st.sampled_from(["Dockerfile", "compose.yaml", ".gitlab-ci.yml"]),
    noise=st.lists(st.one_of(st.text(alphabet=" \t\n\r\\`'\"#:-${}<=|>a/", max_size=12), _IMAGES), max_size=10),
)
def test_image_files_survive_any_text(kind, noise, options):
    from codemods.pipeline import process

    text = "".join(noise) + "\nFROM quay.io/astronomer/ap-airflow:2.3.4\n"
    result = process(kind, text.encode("utf-8", "surrogatepass"), options)
    assert _no_error_but_bad_yaml(kind, result)
    if result.changed:
        assert _outside_references(result.new_text) == _outside_references(text)


BUILD_PUSH = """\
jobs:
  image:
    runs-on: ubuntu-latest
    steps:
      - uses: docker/build-push-action@v5
        with:
          build-args: |
            PYTHON_VERSION=3.9
            IMAGE_NAME=quay.io/astronomer/ap-airflow:2.2.3
      - run: docker compose build
"""


def test_build_args_of_build_push_action_and_compose_are_named(tmp_path):
    (tmp_path / ".git").mkdir()
    workflows = tmp_path / ".github" / "workflows"
    workflows.mkdir(parents=True)
    (workflows / "image.yaml").write_text(BUILD_PUSH)
    (tmp_path / "docker-compose.yml").write_text(
        "services:\n  app:\n    build:\n      context: .\n      args:\n        - IMAGE_NAME=quay.io/astronomer/astro-runtime:5.5.0\n"
    )
    (tmp_path / "Dockerfile").write_text("ARG IMAGE_NAME=quay.io/astronomer/ap-airflow:2.2.3\nFROM $IMAGE_NAME\n")
    (tmp_path / "Makefile").write_text("build:\n\tdocker build --build-arg=PYTHON_VERSION=3.9 .\n")
    result = run("check", str(tmp_path))
    override = [line for line in result.stderr.splitlines() + result.stdout.splitlines() if "review-ac-image-build-arg" in line]
    assert len(override) == 1, result.stdout
    assert ".github/workflows/image.yaml:9" in override[0] and "docker-compose.yml:6" in override[0]
    assert "Makefile" not in override[0]  # it passes another argument
