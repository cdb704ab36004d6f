"""Red team 23 (report 11b), f9: a conftest fixture reads the Dockerfile and a test compares it with the AC image.

``tests/conftest.py`` returns ``(Path(__file__).parents[1] / "Dockerfile").read_text()`` and
``tests/test_image.py`` asserts the AC FROM is in it: the Dockerfile is held (``review-ac-image`` naming the test
and the fixture), as when the same read is written in the test module itself.  A test that requests another
fixture, or holds no AC text, leaves the Dockerfile to be migrated.  All run the installed command.
"""

import subprocess

import pytest
from trust_cli import run_cli

AC = "quay.io/astronomer/ap-airflow:2.3.4-11-onbuild"
DOCKERFILE = f"FROM {AC}\n"
CONFTEST = '''from pathlib import Path

import pytest


@pytest.fixture
def dockerfile_text():
    return (Path(__file__).parents[1] / "Dockerfile").read_text()


@pytest.fixture
def workspace():
    return "ws-1"
'''
CONFTEST_CONSTANT = '''from pathlib import Path

import pytest

DOCKERFILE = Path(__file__).parent / "Dockerfile"


@pytest.fixture(name="base_image")
def _base_image():
    return DOCKERFILE.read_text().split()[1]
'''
CONFTEST_CHAIN = '''from pathlib import Path

import pytest


@pytest.fixture
def dockerfile_path():
    return Path(__file__).parents[1] / "Dockerfile"


@pytest.fixture
def dockerfile_text(dockerfile_path):
    return dockerfile_path.read_text()


@pytest.fixture
def workspace():
    return "ws-1"
'''
TEST = f'''PROD_BASE = "{AC}"


def test_base_image_matches_prod(dockerfile_text):
    assert f"FROM {{PROD_BASE}}" in dockerfile_text
'''
TEST_ALIAS = f'''def test_base(base_image):
    assert base_image == "{AC}"
'''


def _run(tmp_path, files):
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    for name, text in {"Dockerfile": DOCKERFILE, **files}.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    done = run_cli("rewrite", "--no-cache", ".", cwd=tmp_path)
    assert "Traceback" not in done.stderr, done.stderr
    return done.stdout + done.stderr, (tmp_path / "Dockerfile").read_text()


@pytest.mark.parametrize("files, named", [
    ({"tests/conftest.py": CONFTEST, "tests/test_image.py": TEST}, ("tests/test_image.py", "tests/conftest.py")),
    ({"conftest.py": CONFTEST_CONSTANT, "tests/unit/test_image.py": TEST_ALIAS},
     ("tests/unit/test_image.py", "base_image")),
    ({"tests/conftest.py": CONFTEST_CHAIN, "tests/test_image.py": TEST}, ("tests/test_image.py", "dockerfile_text")),
    ({"tests/fixtures/images.py": CONFTEST.replace("parents[1]", "parents[2]"),
      "tests/conftest.py": 'pytest_plugins = ["tests.fixtures.images"]\n', "tests/test_image.py": TEST},
     ("tests/test_image.py", "tests/fixtures/images.py")),
], ids=["fixture-reads", "named-fixture-constant", "fixture-chain", "plugin-module"])
def test_fixture_read_holds_the_dockerfile(tmp_path, files, named):
    said, after = _run(tmp_path, files)
    assert after == DOCKERFILE, said
    assert "review-ac-image" in said and all(n in said for n in named), said


@pytest.mark.parametrize("files", [
    {"tests/conftest.py": CONFTEST, "tests/test_ws.py": f'IMAGE = "{AC}"\n\n\ndef test_ws(workspace):\n    assert workspace\n'},
    {"tests/conftest.py": CONFTEST, "tests/test_image.py": 'def test_from(dockerfile_text):\n    assert "FROM " in dockerfile_text\n'},
    {"tests/conftest.py": CONFTEST_CHAIN, "tests/test_ws.py": f'IMAGE = "{AC}"\n\n\ndef test_ws(workspace):\n    assert workspace\n'},
], ids=["other-fixture", "no-ac-text", "chain-other-fixture"])
def test_fixture_not_reading_leaves_it_migrated(tmp_path, files):
    said, after = _run(tmp_path, files)
    assert "astro-runtime" in after, said
