"""Red team pass 13 (reports 13 and 11), image files, through the installed CLI.

* 13/F15: ``\\<<EOF`` (escaped), ``x<<EOF`` open no heredoc (BuildKit matches the whole word): the
  FROM lines after them are instructions.
* 13/F8: ``# houston-codemod: ignore`` skips an image in Dockerfiles and compose/CI YAML (top of the
  file, the image's line, the line above), as in ``.py`` and ``.graphql`` files.
* 13/F9: a Dockerfile a script opens through a joined path (``Path(...) / "docker" / "Dockerfile"``,
  ``os.path.join(ROOT, "docker", "Dockerfile")``) is reviewed like one opened by a plain literal.
* 13/F13: an ``ARG`` default split by a line continuation is read joined (migrated when the tag sits
  whole on one line, else reviewed); a continued ``COPY --from=`` is reviewed.

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


def rewrite(cwd):
    """rewrite, then the JSON findings of a check of the result (what is left: reviews)."""
    result = run("rewrite", "--no-cache", "-j", "1", ".", cwd=cwd)
    assert result.returncode == 0, result.stderr
    checked = run("check", "--no-cache", "-j", "1", "--format", "json", ".", cwd=cwd)
    assert checked.returncode in (0, 1), checked.stderr
    return json.loads(checked.stdout)["findings"]


def of(items, path):
    return sorted((f["line"], f["code"]) for f in items if f["path"].replace("\\", "/").endswith(path))


# ---- 13/F15: an escaped or embedded << opens no heredoc


def test_f15_escaped_heredoc_marker_opens_none(tmp_path):
    write(tmp_path, {
        "a/Dockerfile": f"FROM {AC}\nRUN echo x \\<<EOF\nFROM {AC_BASE} AS k2\n",
        "b/Dockerfile": f"FROM {AC}\nRUN echo x<<EOF\nFROM {AC_BASE} AS k2\n",
        # control: a real heredoc's body is never an instruction
        "c/Dockerfile": f"FROM {AC}\nRUN cat <<EOF\nFROM {AC_BASE} AS k2\nEOF\n",
    })
    left = rewrite(tmp_path)
    for folder in ("a", "b"):
        lines = (tmp_path / folder / "Dockerfile").read_text().splitlines()
        assert lines[0] == f"FROM {RT}" and lines[2] == f"FROM {RT_BASE} AS k2", (folder, lines)
    lines = (tmp_path / "c/Dockerfile").read_text().splitlines()
    assert lines[0] == f"FROM {RT}" and lines[2] == f"FROM {AC_BASE} AS k2"
    assert left == []


# ---- 13/F8: the ignore comment in image files


def test_f8_ignore_comment_in_dockerfile_compose_and_ci(tmp_path):
    files = {
        "a/Dockerfile": f"# houston-codemod: ignore\nFROM {AC}\n",
        "b/Dockerfile": f"FROM {AC} AS legacy  # houston-codemod: ignore\nRUN echo\nFROM {AC_BASE}\n",
        "c/docker-compose.yml": f"services:\n  a:\n    # houston-codemod: ignore\n    image: {AC}\n  b:\n    image: {AC_BASE}\n",
        "d/.gitlab-ci.yml": f"# houston-codemod: ignore\nbuild:\n  image: {AC_BASE}\n  script: [echo]\n",
        "e/docker-compose.yml": f"services:\n  a:\n    image: {AC}  # houston-codemod: ignore\n",
        # control: a comment that is not the marker skips nothing
        "f/Dockerfile": f"# houston-codemod: something else\nFROM {AC}\n",
    }
    write(tmp_path, files)
    left = rewrite(tmp_path)
    for name in ("a/Dockerfile", "d/.gitlab-ci.yml", "e/docker-compose.yml"):
        assert (tmp_path / name).read_text() == files[name], name
    assert (tmp_path / "b/Dockerfile").read_text() == f"FROM {AC} AS legacy  # houston-codemod: ignore\nRUN echo\nFROM {RT_BASE}\n"
    compose = (tmp_path / "c/docker-compose.yml").read_text()
    assert f"image: {AC}\n" in compose and f"image: {RT_BASE}\n" in compose
    assert (tmp_path / "f/Dockerfile").read_text() == f"# houston-codemod: something else\nFROM {RT}\n"
    assert left == []  # ignored images are not reported either


# ---- 13/F9: a Dockerfile a script opens through a joined path


def test_f9_joined_paths_to_a_dockerfile_read_by_a_script_are_reviewed(tmp_path):
    files = {
        "p/docker/Dockerfile": f"FROM {AC}\n",
        "p/deploy.py": (
            "import re\nfrom pathlib import Path\n"
            'DF = Path(__file__).parent / "docker" / "Dockerfile"\n'
            'def tag():\n    return re.search(r"ap-airflow:(.+)", DF.read_text()).group(1)\n'
        ),
        "o/docker/Dockerfile": f"FROM {AC}\n",
        "o/tools/deploy.py": (
            "import os, re\nROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))\n"
            'with open(os.path.join(ROOT, "docker", "Dockerfile")) as f:\n'
            '    m = re.search(r"ap-airflow:([0-9.]+)", f.read())\n'
        ),
        "f/docker/Dockerfile": f"FROM {AC}\n",
        "f/deploy.py": (
            "import os, re\nROOT = os.path.dirname(__file__)\n"
            'print(re.search("ap-airflow:(.*)", open(f"{ROOT}/docker/Dockerfile").read()).group(1))\n'
        ),
        # control: the script joins a path to another folder's Dockerfile, which holds no AC image
        "c/docker/Dockerfile": f"FROM {AC}\n",
        "c/other/Dockerfile": "FROM python:3.11\n",
        "c/deploy.py": (
            "import os, re\n"
            'PATH = os.path.join(os.path.dirname(__file__), "other", "Dockerfile")\n'
            'print(re.search("ap-airflow", open(PATH).read()))\n'
        ),
    }
    write(tmp_path, files)
    left = rewrite(tmp_path)
    for name in ("p/docker/Dockerfile", "o/docker/Dockerfile", "f/docker/Dockerfile"):
        assert (tmp_path / name).read_text() == files[name], name
        assert of(left, name) == [(1, "review-ac-image")], left
    review = next(f for f in left if f["path"].replace("\\", "/").endswith("o/docker/Dockerfile"))
    assert "tools/deploy.py names this file on line 3" in review["message"].replace("\\", "/")
    assert (tmp_path / "c/docker/Dockerfile").read_text() == f"FROM {RT}\n"
    assert of(left, "c/docker/Dockerfile") == []


# ---- 13/F13: ARG defaults and COPY --from= split by a line continuation


def test_f13_continued_arg_default_and_copy_from(tmp_path):
    files = {
        "a/Dockerfile": "ARG IMG=quay.io/astronomer/\\\nap-airflow:2.3.4\nFROM ${IMG}\n",
        "b/Dockerfile": "ARG IMG=quay.io/astronomer/ap-airflow:2.3.4-\\\n11-onbuild\nFROM ${IMG}\n",
        "c/Dockerfile": f"FROM python:3.11\nCOPY --from=quay.io/astronomer/\\\nap-airflow:2.3.4 /usr/local/airflow /x\n",
        # control: the same default on one line
        "e/Dockerfile": f"ARG IMG={AC_BASE}\nFROM ${{IMG}}\n",
    }
    write(tmp_path, files)
    left = rewrite(tmp_path)
    # the tag whole on line 2: migrated there, the continuation kept; BuildKit joins it to the Runtime image
    assert (tmp_path / "a/Dockerfile").read_text() == "ARG IMG=quay.io/astronomer/\\\nastro-runtime:5.5.0-base\nFROM ${IMG}\n"
    assert (tmp_path / "e/Dockerfile").read_text() == f"ARG IMG={RT_BASE}\nFROM ${{IMG}}\n"
    for name in ("b/Dockerfile", "c/Dockerfile"):
        assert (tmp_path / name).read_text() == files[name], name
    assert of(left, "b/Dockerfile") == [(1, "review-ac-image")]
    assert "split across lines" in next(f["message"] for f in left if f["path"].endswith("b/Dockerfile"))
    assert of(left, "c/Dockerfile") == [(2, "review-ac-image")]
    assert of(left, "a/Dockerfile") == [] and of(left, "e/Dockerfile") == []


# ---- 13/F2, F3: compose tags a build gets through same-file extends: or build.tags


def test_f2_f3_compose_build_tags_through_extends_and_build_tags(tmp_path):
    files = {
        "Dockerfile": "FROM python:3.11\n",
        # F2: b builds and inherits a's image: that is b's build tag
        "x/Dockerfile": "FROM python:3.11\n",
        "x/docker-compose.yml": f"services:\n  a:\n    image: {AC_BASE}\n  b:\n    extends: a\n    build: .\n",
        # F2 addendum: app2 builds through extends (base has build:); other runs that tag
        "y/Dockerfile": "FROM python:3.11\n",
        "y/docker-compose.yml": (
            f"services:\n  base:\n    build: .\n  app:\n    extends: base\n    image: {AC_BASE}\n"
            f"  app2:\n    extends:\n      service: app\n  other:\n    image: {AC_BASE}\n    depends_on: [app2]\n"
        ),
        # F3: worker runs the tag builder gives its build in build.tags
        "z/Dockerfile": "FROM python:3.11\n",
        "z/docker-compose.yml": (
            "services:\n  builder:\n    image: acme/airflow:dev\n    build:\n      context: .\n      tags:\n"
            f"        - {AC_BASE}-11\n  worker:\n    image: {AC_BASE}-11\n    pull_policy: never\n"
        ),
        # control: the extending service does not build, another image is untouched by any tag
        "w/docker-compose.yml": (
            f"services:\n  a:\n    image: {AC_BASE}\n  b:\n    extends: a\n    command: x\n"
            f"  c:\n    image: {AC}\n"
        ),
    }
    write(tmp_path, files)
    left = rewrite(tmp_path)
    for name in ("x/docker-compose.yml", "y/docker-compose.yml", "z/docker-compose.yml"):
        assert (tmp_path / name).read_text() == files[name], name
    assert of(left, "x/docker-compose.yml") == [(3, "review-ac-image")]
    message = next(f["message"] for f in left if f["path"].endswith("x/docker-compose.yml"))
    assert "service 'b' on line 4 extends it and builds" in message
    assert of(left, "y/docker-compose.yml") == [(6, "review-ac-image"), (11, "review-ac-image")]
    assert any("tag of the project's own build" in f["message"] for f in left if f["path"].endswith("y/docker-compose.yml"))
    assert (9, "review-ac-image") in of(left, "z/docker-compose.yml")
    assert any("build.tags" in f["message"] for f in left if f["path"].endswith("z/docker-compose.yml"))
    # b extends a without building: a's image: is a base both pull, migrated
    assert (tmp_path / "w/docker-compose.yml").read_text() == files["w/docker-compose.yml"].replace(AC, RT).replace(AC_BASE, RT_BASE)
    assert of(left, "w/docker-compose.yml") == []


# ---- 11/F3, F3b: GitLab variables from include: local: files, templates defined there, parallel: matrix:

GL_IMAGE = "${REG}/astronomer/ap-airflow:2.3.4-11"


def test_gitlab_includes_extends_and_matrix_set_the_registry(tmp_path):
    job = f"  image: {GL_IMAGE}\n  script: [echo hi]\n"
    files = {
        # F3: the template extended is in a local include and sets a mirror
        "a/.gitlab-ci.yml": f"include:\n  - local: ci/mirror.yml\nbuild:\n  extends: .mirror\n{job}",
        "a/ci/mirror.yml": ".mirror:\n  variables:\n    REG: mirror.acme.com\n",
        # F3 variant: the included file's top-level variables (string form, nested include)
        "d/.gitlab-ci.yml": f"include: /ci/outer.yml\nbuild:\n{job}",
        "d/ci/outer.yml": "include:\n  - local: ci/vars.yml\n",
        "d/ci/vars.yml": "variables:\n  REG: mirror.acme.com\n",
        # anything the tool cannot read may set it: a remote include, a template defined nowhere
        "r/.gitlab-ci.yml": f"include:\n  - remote: https://example.com/ci.yml\nbuild:\n{job}",
        "t/.gitlab-ci.yml": f"build:\n  extends: .nowhere\n{job}",
        # F3b: a matrix entry sets the registry to a mirror
        "m/.gitlab-ci.yml": (
            "variables:\n  REG: quay.io\nbuild:\n  parallel:\n    matrix:\n"
            f"      - REG: [quay.io, mirror.acme.com]\n{job}"
        ),
        # a trigger: job runs this same file as a child pipeline with a mirror registry
        "n/.gitlab-ci.yml": f"build:\n{job}up:\n  trigger:\n    include: .gitlab-ci.yml\n  variables:\n    REG: mirror.acme.com\n",
        # controls: an include setting quay.io, a matrix that does not touch REG -> migrated
        "c/.gitlab-ci.yml": f"include:\n  - local: ci/vars.yml\nbuild:\n  parallel:\n    matrix:\n      - PY: ['3.10', '3.11']\n{job}",
        "c/ci/vars.yml": "variables:\n  REG: quay.io\n",
    }
    write(tmp_path, files)
    left = rewrite(tmp_path)
    for folder in "adrtmn":
        name = f"{folder}/.gitlab-ci.yml"
        assert (tmp_path / name).read_text() == files[name], name
        assert [code for _, code in of(left, name)] == ["review-ac-image"], (name, left)
    messages = {f["path"].replace("\\", "/").split("/")[-2]: f["message"] for f in left}
    assert "variables: of .mirror (extended by build)" in messages["a"]
    assert "ci/vars.yml (included)" in messages["d"]
    assert "include: remote: https://example.com/ci.yml" in messages["r"]
    assert ".nowhere" in messages["t"]
    assert "parallel: matrix: of job build" in messages["m"] and "mirror.acme.com" in messages["m"]
    assert "trigger job up" in messages["n"]
    assert (tmp_path / "c/.gitlab-ci.yml").read_text() == files["c/.gitlab-ci.yml"].replace(
        "ap-airflow:2.3.4-11", "astro-runtime:5.5.0-base")
    assert of(left, "c/.gitlab-ci.yml") == []
