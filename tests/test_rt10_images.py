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
