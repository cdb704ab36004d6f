"""Red team pass 15 (report 13), images in compose and CI files, through the installed CLI.

* F9: the file-level ``# houston-codemod: ignore`` is one rule for every kind of file: the comment
  before the file's first content, where the preamble (YAML ``---`` / ``%YAML``, a shebang, an encoding
  line, a Python module docstring) does not count as content.  A marker after content is a line marker.

Each scenario runs the real console script once.
"""

import json

from trust_cli import run_cli

AC = "quay.io/astronomer/ap-airflow:2.3.4"
MARK = "# houston-codemod: ignore\n"
SEND = 'import requests\nrequests.post("https://houston.example.com/v1", json={"query": "{ deployments { id airflowVersion } }"})\n'


def write(root, files):
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)


def test_f9_file_marker_after_the_preamble_skips_the_whole_file(tmp_path):
    ignored = {
        "a/docker-compose.yml": "---\n" + MARK + f"services:\n  a:\n    image: {AC}\n",
        ".gitlab-ci.yml": "%YAML 1.2\n---\n" + MARK + f"test:\n  image: {AC}\n  script: [echo]\n",
        ".github/workflows/ci.yml": "--- # houston-codemod: ignore\nname: ci\non: push\njobs:\n  t:\n"
        f"    runs-on: ubuntu-latest\n    container: {AC}\n    steps: [{{run: echo}}]\n",
        "one_line_doc.py": '"""Legacy AC tooling, kept on purpose."""\n' + MARK + SEND,
        "long_doc.py": '#!/usr/bin/env python3\n"""Legacy AC tooling.\n\n# not the marker\n"""\n\n' + MARK + SEND,
        "q.graphql": "# legacy, kept for AC\n" + MARK + "query { deployments { id airflowVersion } }\n",
    }
    controls = {  # the marker after content marks only its own line and the next (and the unit there)
        "b/docker-compose.yml": "---\nx-a: 1\n" + MARK + f"x-b: 2\nservices:\n  a:\n    image: {AC}\n",
        "after_code.py": SEND + MARK,
        "in_doc.py": '"""Doc.\n' + MARK + '"""\n' + SEND,
    }
    write(tmp_path, {**ignored, **controls})
    result = run_cli("rewrite", "--no-cache", ".", cwd=tmp_path)
    assert result.returncode == 0 and "Traceback" not in result.stderr
    for name, text in ignored.items():
        assert (tmp_path / name).read_text() == text, name
    for name, text in controls.items():
        assert (tmp_path / name).read_text() != text, name


def test_f4_compose_file_in_a_sub_folder_building_the_root_dockerfile_is_linked(tmp_path):
    (tmp_path / ".git").mkdir()
    compose = "services:\n  airflow:\n    build:\n      context: {context}\n      args:\n        BASE: {value}\n"
    write(tmp_path, {
        "Dockerfile": "ARG BASE=quay.io/astronomer/ap-airflow:2.3.4-onbuild\nFROM ${BASE}\n",
        "deploy/docker-compose.yml": compose.format(context="..", value="${AIRFLOW_BASE}"),
        "deploy/.env": "AIRFLOW_BASE=quay.io/astronomer/ap-airflow:2.2.5-onbuild\n",
        "ops/local/compose.yaml": compose.format(context="../..", value="quay.io/astronomer/ap-airflow:2.2.5-onbuild"),
        # another service's build: its own Dockerfile, or one that cannot be read: not this Dockerfile's
        "other/docker-compose.yml": compose.format(context=".", value="python:3.11"),
        "other/Dockerfile": "ARG BASE=python:3.10\nFROM ${BASE}\n",
        "svc/docker-compose.yml": compose.format(context="${CTX}", value="python:3.11"),
    })
    result = run_cli("check", "--no-cache", "--format", "json", ".", cwd=tmp_path)
    assert "Traceback" not in result.stderr
    report = json.loads(result.stdout)
    build_arg = [f for f in report["findings"] if f["path"] == "Dockerfile" and f["code"] == "review-ac-image-build-arg"]
    assert len(build_arg) == 1 and build_arg[0]["line"] == 1
    message = build_arg[0]["message"]
    assert "deploy/docker-compose.yml:6" in message and "ops/local/compose.yaml:6" in message
    assert "other/" not in message and "svc/" not in message


def test_f2_gitlab_review_names_every_value_a_variable_takes(tmp_path):
    write(tmp_path, {".gitlab-ci.yml": (
        'variables:\n  AC_TAG: "2.3.4-onbuild"\n'
        "deploy:\n  image: quay.io/astronomer/ap-airflow:$AC_TAG\n  script: [echo]\n"
        '  rules:\n    - if: $CI_COMMIT_BRANCH == "main"\n      variables:\n        AC_TAG: "2.2.5"\n'
        "matrix_only:\n  image: quay.io/astronomer/ap-airflow:$M_TAG\n  script: [echo]\n"
        '  parallel:\n    matrix:\n      - M_TAG:\n          - "2.3.4-onbuild"\n          - "2.2.5-onbuild"\n'
        "unset:\n  image: quay.io/astronomer/ap-airflow:$NOWHERE\n  script: [echo]\n"
    )})
    result = run_cli("check", "--no-cache", "--format", "json", ".", cwd=tmp_path)
    assert "Traceback" not in result.stderr
    found = {f["line"]: f["message"] for f in json.loads(result.stdout)["findings"] if f["code"] == "review-ac-image"}
    # the file's value and the rules: override, each with its Runtime image
    assert "AC_TAG=2.3.4-onbuild" in found[4] and "astro-runtime:5.5.0" in found[4]
    assert "AC_TAG=2.2.5 in variables: of a rules: entry" in found[4] and "astro-runtime:4.2.9-base" in found[4]
    # both matrix values; the unset case (an empty tag) is not printed as an image
    assert "M_TAG=2.3.4-onbuild" in found[11] and "M_TAG=2.2.5-onbuild" in found[11]
    assert "astro-runtime:4.2.9" in found[11] and "ap-airflow::" not in found[11]
    assert "ap-airflow::" not in found[19] and "NOWHERE" in found[19]


def test_f7_yaml_with_an_ac_image_that_does_not_parse_is_bad_input(tmp_path):
    broken = f"services:\n  a:\n    image: {AC}\n   bad: [\n"
    write(tmp_path, {
        "a/docker-compose.yml": broken,
        ".gitlab-ci.yml": f"test:\n  image: {AC}\n  script: [echo\n",
        "b/docker-compose.yml": f"services:\n  a:\n    image: {AC}\n",  # still processed
        "c/docker-compose.yml": "services:\n  a:\n    image: python:3.11\n   bad: [\n",  # no AC image: not ours
        "d/docker-compose.yml": MARK + broken,  # skipped by its owner
    })
    result = run_cli("rewrite", "--no-cache", ".", cwd=tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if "cannot parse YAML" in line]
    assert len(errors) == 2, result.stderr
    assert any("a/docker-compose.yml: cannot parse YAML: line 4" in e for e in errors)
    assert any(".gitlab-ci.yml: cannot parse YAML: line" in e for e in errors)
    assert "astro-runtime:5.5.0" in (tmp_path / "b/docker-compose.yml").read_text()
    assert (tmp_path / "a/docker-compose.yml").read_text() == broken
