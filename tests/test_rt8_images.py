"""Red team pass 7 findings on image rules (issue 13), through the installed CLI.

* F7: a registry (or a whole image) from a variable takes the project's own value:
  GitLab's ``variables:`` (top level, job level winning, ``extends:``) and the ``.env``
  beside a compose file.  A mirror there is reviewed and left byte for byte; quay.io
  migrates; ``.env`` is never written.
* F9: a Dockerfile FROM split inside a word by a line continuation is found; it is
  migrated when its tag sits whole on one line (the continuation kept), else reviewed.
* F11: a double-quoted YAML image with escapes is read as YAML reads it; edited only
  when the changing characters are literal, else reviewed naming the parsed image.
* The reason given for AC versions with no Runtime equivalent is the true one.
"""

import json
import shutil
import subprocess

import pytest
import yaml

EXE = shutil.which("houston-codemod")
pytestmark = pytest.mark.skipif(EXE is None, reason="houston-codemod is not installed")
COMMON = ("--no-cache", "-j", "1")


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


def by_line(found, code=None):
    return {f["line"]: f for f in found if code is None or f["code"] == code}


def rewritten(root, files):
    result = run("rewrite", cwd=root)
    assert result.returncode in (0, 1), result.stderr
    again = run("rewrite", "--check", cwd=root)
    assert again.returncode == 0, again.stdout + again.stderr  # idempotent: nothing left to rewrite
    return {name: (root / name).read_bytes().decode() for name in files}


# --- F7: GitLab variables ------------------------------------------------------------

GITLAB = (
    "variables:\n"
    "  REG: mirror.example.com\n"
    "  QUAY: quay.io\n"
    "job2:\n"
    "  image: $REG/astronomer/ap-airflow:2.3.4\n"
    "  script: [echo]\n"
    "job3:\n"
    "  variables:\n"
    "    R2: harbor.corp\n"
    "  image: ${R2}/astronomer/ap-airflow:2.3.4\n"
    "  script: [echo]\n"
    "job4:\n"
    "  image: $QUAY/astronomer/ap-airflow:2.3.4\n"
    "  script: [echo]\n"
    "job5:\n"
    "  variables:\n"
    "    QUAY: {value: mirror.local, description: job's own}\n"
    "  image: $QUAY/astronomer/ap-airflow:2.2.5\n"
    "  script: [echo]\n"
    ".base:\n"
    "  variables:\n"
    "    R3: mirror.example.com\n"
    "job6:\n"
    "  extends: .base\n"
    "  image: $R3/astronomer/ap-airflow:2.3.4\n"
    "  script: [echo]\n"
    "job7:\n"
    "  image: $CI_REGISTRY/astronomer/ap-airflow:2.3.4\n"
    "  script: [echo]\n"
)


def test_gitlab_registry_from_the_files_variables(tmp_path):
    files = {".gitlab-ci.yml": GITLAB}
    write(tmp_path, files)
    found = by_line(findings(tmp_path))
    assert found[5]["code"] == "review-ac-image" and "'mirror.example.com'" in found[5]["message"]
    assert found[10]["code"] == "review-ac-image" and "'harbor.corp'" in found[10]["message"]
    assert "variables: of job job3" in found[10]["message"]
    assert found[13]["code"] == "migrate-ac-image"  # QUAY: quay.io at the top level
    assert "set to quay.io" in found[13]["message"]
    assert found[18]["code"] == "review-ac-image" and "'mirror.local'" in found[18]["message"]  # the job's value wins
    assert found[25]["code"] == "review-ac-image" and ".base" in found[25]["message"]  # through extends:
    # GitLab's predefined registry: the project's own, never quay.io (red team 9, F7): review, no edit.
    assert found[28]["code"] == "review-ac-image" and "GitLab sets" in found[28]["message"]
    after = rewritten(tmp_path, files)[".gitlab-ci.yml"].splitlines()
    before = GITLAB.splitlines()
    changed = [number + 1 for number, (old, new) in enumerate(zip(before, after)) if old != new]
    assert changed == [13]
    assert after[12] == "  image: $QUAY/astronomer/astro-runtime:5.5.0-base"


# --- F7: compose .env ------------------------------------------------------------------

COMPOSE = (
    "services:\n"
    "  a:\n"
    "    image: ${REG}/astronomer/ap-airflow:2.3.4\n"
    "  b:\n"
    "    image: ${AF_IMG:-quay.io/astronomer/ap-airflow:2.3.4}\n"
    "  c:\n"
    "    image: ${REG:-quay.io}/astronomer/ap-airflow:2.3.4\n"
    "  d:\n"
    "    image: ${UNSET:-quay.io/astronomer/ap-airflow:2.3.4}\n"
)


def test_compose_env_file_mirror_and_override_are_reviewed(tmp_path):
    env = "# settings\nREG=mirror.example.com\nexport AF_IMG='quay.io/astronomer/ap-airflow:2.2.5'\n"
    files = {"docker-compose.yml": COMPOSE, ".env": env}
    write(tmp_path, files)
    found = by_line(findings(tmp_path))
    assert found[3]["code"] == "review-ac-image" and "'mirror.example.com' in .env" in found[3]["message"]
    assert found[5]["code"] == "review-ac-image"
    assert "AF_IMG is set to 'quay.io/astronomer/ap-airflow:2.2.5' in .env" in found[5]["message"]
    assert "quay.io/astronomer/astro-runtime:4.2.9-base" in found[5]["message"]
    assert found[7]["code"] == "review-ac-image" and "'mirror.example.com' in .env" in found[7]["message"]
    assert found[9]["code"] == "migrate-ac-image"
    after = rewritten(tmp_path, files)
    assert after[".env"] == env
    assert after["docker-compose.yml"] == COMPOSE.replace(
        "${UNSET:-quay.io/astronomer/ap-airflow:2.3.4}", "${UNSET:-quay.io/astronomer/astro-runtime:5.5.0-base}"
    )


def test_compose_env_file_naming_quay_migrates(tmp_path):
    files = {"docker-compose.yml": COMPOSE, ".env": "REG=quay.io # Astronomer's\nAF_IMG=\n"}
    write(tmp_path, files)
    found = by_line(findings(tmp_path))
    assert {line: f["code"] for line, f in found.items()} == {
        3: "migrate-ac-image", 5: "migrate-ac-image", 7: "migrate-ac-image", 9: "migrate-ac-image"
    }
    assert "still wins over .env" in found[3]["message"]
    after = rewritten(tmp_path, files)["docker-compose.yml"]
    assert "${REG}/astronomer/astro-runtime:5.5.0-base" in after
    assert "${REG:-quay.io}/astronomer/astro-runtime:5.5.0-base" in after
    # AF_IMG= is set but empty: ${AF_IMG:-...} still takes its default, which is migrated
    assert "${AF_IMG:-quay.io/astronomer/astro-runtime:5.5.0-base}" in after


def test_without_env_file_the_registry_has_no_value(tmp_path):
    files = {"docker-compose.yml": COMPOSE}
    write(tmp_path, files)
    assert {f["code"] for f in findings(tmp_path)} == {"migrate-ac-image"}


# --- F9: Dockerfile continuation inside a word ------------------------------------------

DOCKERFILES = {
    "a/Dockerfile": "FROM quay.io/astronomer/ap-\\\nairflow:2.3.4-onbuild\nRUN echo hi\n",
    "crlf/Dockerfile": "FROM quay.io/astronomer/ap-\\\r\nairflow:2.3.4\r\nRUN echo hi\r\n",
    "comment/Dockerfile": "# escape=`\nFROM astronomerinc/ap-`\n  # note\n\nairflow:2.2.5-onbuild AS x\n",
    "tag/Dockerfile": "FROM quay.io/astronomer/ap-airflow:2.3.\\\n4-onbuild\nRUN echo hi\n",
}


def test_dockerfile_reference_split_by_a_continuation(tmp_path):
    write(tmp_path, DOCKERFILES)
    found = {f["path"]: f for f in findings(tmp_path)}
    assert found["a/Dockerfile"]["code"] == "migrate-ac-image"
    assert found["crlf/Dockerfile"]["code"] == "migrate-ac-image"
    assert found["comment/Dockerfile"]["code"] == "migrate-ac-image"
    assert found["tag/Dockerfile"]["code"] == "review-ac-image"
    assert "quay.io/astronomer/ap-airflow:2.3.4-onbuild" in found["tag/Dockerfile"]["message"]
    after = rewritten(tmp_path, DOCKERFILES)
    assert after["a/Dockerfile"] == "FROM quay.io/astronomer/\\\nastro-runtime:5.5.0\nRUN echo hi\n"
    assert after["crlf/Dockerfile"] == "FROM quay.io/astronomer/\\\r\nastro-runtime:5.5.0-base\r\nRUN echo hi\r\n"
    assert after["comment/Dockerfile"] == "# escape=`\nFROM `\n  # note\n\nquay.io/astronomer/astro-runtime:4.2.9 AS x\n"
    assert after["tag/Dockerfile"] == DOCKERFILES["tag/Dockerfile"]


# --- F11: YAML double-quoted escapes -----------------------------------------------------

ESCAPED = (
    "services:\n"
    "  a:\n"
    '    image: "quay.io/astronomer/ap-airfl\\u006fw:2.3.4"\n'
    "  b:\n"
    '    image: "quay.io\\/astronomer\\/ap-airflow:2.3.4-onbuild"\n'
    "  c:\n"
    '    image: "quay.io/astronomer/ap-airflow:2.3.\\x34"\n'
    "  d:\n"
    '    image: "quay.io/astronomer/\\\n'
    '      ap-airflow:2.2.5"\n'
    "  e:\n"
    '    image: "quay.io/astronomer/ap-airflow:2.3.4\\\n'
    '      -onbuild"\n'
)


def test_double_quoted_escapes_are_read_as_yaml_reads_them(tmp_path):
    files = {"docker-compose.yml": ESCAPED}
    write(tmp_path, files)
    found = by_line(findings(tmp_path))
    assert found[3]["code"] == "review-ac-image"
    assert found[3]["message"].startswith("quay.io/astronomer/ap-airflow:2.3.4:")
    assert found[5]["code"] == "migrate-ac-image"
    assert found[7]["code"] == "review-ac-image" and "astro-runtime:5.5.0-base" in found[7]["message"]
    assert found[10]["code"] == "migrate-ac-image"
    assert found[12]["code"] == "review-ac-image"
    assert found[12]["message"].startswith("quay.io/astronomer/ap-airflow:2.3.4-onbuild:")
    after = rewritten(tmp_path, files)["docker-compose.yml"]
    images = {name: service["image"] for name, service in yaml.safe_load(after)["services"].items()}
    assert images == {
        "a": "quay.io/astronomer/ap-airflow:2.3.4",
        "b": "quay.io/astronomer/astro-runtime:5.5.0",
        "c": "quay.io/astronomer/ap-airflow:2.3.4",
        "d": "quay.io/astronomer/astro-runtime:4.2.9-base",
        "e": "quay.io/astronomer/ap-airflow:2.3.4-onbuild",
    }
    assert '"quay.io\\/astronomer\\/astro-runtime:5.5.0"' in after  # the escapes kept


# --- the reason for versions with no Runtime equivalent --------------------------------------


def test_no_equivalent_reason_is_the_true_one(tmp_path):
    text = "".join(
        f"FROM quay.io/astronomer/ap-airflow:{tag} AS s{n}\n" for n, tag in enumerate(("2.3.9", "2.5.0", "2.1.4"))
    )
    write(tmp_path, {"Dockerfile": text})
    found = by_line(findings(tmp_path))
    for line in (1, 2):
        assert "upgrade to AC 2.2.0" not in found[line]["message"]
        assert "2.2.0 to 2.4.3" in found[line]["message"]
    assert "upgrade to AC 2.2.0 or later first" in found[3]["message"]


def test_spellings_across_continuations_and_escapes_stay_linear(tmp_path):
    """The prefilter's and the rules' search for ap-airflow across continuations and escapes, and
    the double-quoted decoder, on large files shaped against them: they finish (the subprocess
    timeout is the guard only a super-linear blow-up reaches) and the image is still found."""
    files = {
        "gaps/Dockerfile": "FROM scratch\n" + "RUN echo a\\\n" + "# c\n" * 40_000 + "p-airflo\\\n" * 5_000
        + "done\nFROM quay.io/astronomer/ap-\\\nairflow:2.3.4\n",
        "escapes/docker-compose.yml": "x-a: \"" + "ap-airfl\\u006" * 20_000 + "f\"\nservices:\n  a:\n"
        + "    image: \"quay.io/astronomer/ap-airfl\\u006fw:2.3.4" + "\\\n    " * 20_000 + "\"\n",
    }
    write(tmp_path, files)
    found = findings(tmp_path)
    assert {f["path"] for f in found if "ap-airflow:2.3.4" in f["message"]} == {
        "gaps/Dockerfile", "escapes/docker-compose.yml"
    }
