"""Red team 24 (report 11b, "shared bytes"), f5 f6 f8 f9 f11 f12: other code reading an image file's or a
``.graphql`` file's exact bytes holds it (a review naming the reader, nothing edited).

- f5: a CI step reading the compose image with ``yq`` (``jq``, ``dasel``) into ``--desired-airflow-version``;
- f6: a bump script finding Dockerfiles by a wildcard (``glob("**/Dockerfile*")``, ``rglob``, ``fnmatch``);
- f8: a test asserting ``'desiredAirflowVersion: "2.3.4-11"' in Q.read_text()`` of a ``.graphql`` file;
- f9: a GitLab job whose script reads its own image through ``$CI_JOB_IMAGE``;
- f11: a Makefile, workflow step or Python script cutting the Dockerfile's tag out for ``apache-airflow==``,
  with no AC text of its own;
- f12: an updatecli manifest whose targets match the AC ``FROM`` / write the compose image.

Each control (a reader of other text, a pattern naming other files) leaves the file migrated.  All run the
installed command (``TRUST_CLI_UNDER_TEST`` points them at another build).
"""

import pytest
from trust_cli import run_cli, project_tree

AC = "quay.io/astronomer/ap-airflow:2.3.4-11-onbuild"
DOCKERFILE = f"FROM {AC}\n"
COMPOSE = f"services:\n  airflow:\n    image: {AC}\n"


_project = project_tree  # trust_cli's: a .git folder and the files


def _rewrite(tmp_path):
    done = run_cli("rewrite", "--no-cache", ".", cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    return done.stdout + done.stderr


def _workflow(step):
    return ("on: workflow_dispatch\njobs:\n  upgrade:\n    runs-on: ubuntu-latest\n    steps:\n"
            f"      - uses: actions/checkout@v4\n      - run: |\n          {step}\n")


# ------------------------------------------------------------------------------------------------ f5

UPGRADE = 'astro deployment airflow upgrade --deployment-id "$DEP" --desired-airflow-version '
STRUCTURED = {
    "yq_split": UPGRADE + """"$(yq '.services.airflow.image | split(":") | .[1]' docker-compose.yml)\"""",
    "yq_sub": UPGRADE + """"$(yq '.services.airflow.image | sub(".*:", "")' docker-compose.yml)\"""",
    "jq": UPGRADE + """"$(yq -o json docker-compose.yml | jq -r '.services.airflow.image')\"""",
    "dasel": UPGRADE + """"$(dasel -f docker-compose.yml '.services.airflow.image')\"""",
}


@pytest.mark.parametrize("form", sorted(STRUCTURED))
def test_f5_a_structured_reader_of_the_compose_image_holds_it(tmp_path, form):
    _project(tmp_path, {"docker-compose.yml": COMPOSE, ".github/workflows/upgrade.yml": _workflow(STRUCTURED[form])})
    said = _rewrite(tmp_path)
    assert (tmp_path / "docker-compose.yml").read_text() == COMPOSE, said
    assert "review-ac-image" in said and ".github/workflows/upgrade.yml" in said, said


# ------------------------------------------------------------------------------------------------ f6

BUMP = ('{imports}\nfor p in {search}:\n    text = open(p).read()\n'
        '    open(p, "w").write(text.replace("ap-airflow:2.3.4-11", "ap-airflow:2.3.4-12"))\n')
WILDCARDS = {
    "glob": ("import glob", 'glob.glob("**/Dockerfile*", recursive=True)'),
    "rglob": ("from pathlib import Path", 'Path(".").rglob("Dockerfile*")'),
    "fnmatch": ("import os, fnmatch", '[f for f in os.listdir(".") if fnmatch.fnmatch(f, "Dockerfile*")]'),
    "question_mark": ("import glob", 'glob.glob("Dockerfil?")'),
}


@pytest.mark.parametrize("form", sorted(WILDCARDS))
def test_f6_a_wildcard_search_for_dockerfiles_holds_them(tmp_path, form):
    imports, search = WILDCARDS[form]
    _project(tmp_path, {"Dockerfile": DOCKERFILE, "bump_ac.py": BUMP.format(imports=imports, search=search)})
    said = _rewrite(tmp_path)
    assert (tmp_path / "Dockerfile").read_text() == DOCKERFILE, said
    assert "review-ac-image" in said and "bump_ac.py" in said, said


@pytest.mark.parametrize("search", ['glob.glob("**/*.py", recursive=True)', 'glob.glob("*")'])
def test_f6_a_wildcard_of_other_files_leaves_the_dockerfile_migrated(tmp_path, search):
    _project(tmp_path, {"Dockerfile": DOCKERFILE, "bump_ac.py": BUMP.format(imports="import glob", search=search)})
    said = _rewrite(tmp_path)
    assert "astro-runtime" in (tmp_path / "Dockerfile").read_text(), said


# ------------------------------------------------------------------------------------------------ f8

QUERY = '''mutation Upgrade($id: Uuid!) {
  updateDeploymentAirflow(deploymentUuid: $id, desiredAirflowVersion: "2.3.4-11") { id }
}
'''
PIN_TESTS = {
    "in_read": ('from pathlib import Path\nQ = Path(__file__).parents[1] / "queries" / "upgrade.graphql"\n\n'
                "def test_pinned_version():\n    assert 'desiredAirflowVersion: \"2.3.4-11\"' in Q.read_text()\n"),
    "in_name": ('from pathlib import Path\n\ndef test_upgrade_keeps_response_key():\n'
                '    text = Path("queries/upgrade.graphql").read_text()\n'
                '    assert "updateDeploymentAirflow(deploymentUuid" in text\n'),
    "not_in": ('from pathlib import Path\n\ndef test_no_runtime_yet():\n'
               '    text = Path("queries/upgrade.graphql").read_text()\n    assert "2.3.4-11" not in text or True\n'),
}


@pytest.mark.parametrize("form", sorted(PIN_TESTS))
def test_f8_an_in_test_of_the_file_text_holds_it(tmp_path, form):
    _project(tmp_path, {"queries/upgrade.graphql": QUERY, "tests/test_pin.py": PIN_TESTS[form]})
    said = _rewrite(tmp_path)
    assert (tmp_path / "queries/upgrade.graphql").read_text() == QUERY, said
    assert "review-template-fill" in said and "tests/test_pin.py" in said, said


def test_f8_an_in_test_of_untouched_text_leaves_the_file_migrated(tmp_path):
    test = ('from pathlib import Path\n\ndef test_selects_id():\n'
            '    assert "{ id }" in Path("queries/upgrade.graphql").read_text()\n')
    _project(tmp_path, {"queries/upgrade.graphql": QUERY, "tests/test_pin.py": test})
    said = _rewrite(tmp_path)
    assert "updateDeploymentRuntime" in (tmp_path / "queries/upgrade.graphql").read_text(), said


# ------------------------------------------------------------------------------------------------ f9

GITLAB = f'''upgrade-deployment:
  image: {AC}
  script:
    - AC_TAG="${{CI_JOB_IMAGE##*:}}"
    - astro deployment airflow upgrade --deployment-id "$DEPLOYMENT_ID" --desired-airflow-version "${{AC_TAG%-onbuild}}"
'''
GITLAB_DEFAULT = f'''default:
  image: {AC}

upgrade-deployment:
  script:
    - echo "running on $CI_JOB_IMAGE"
'''


@pytest.mark.parametrize("text", [GITLAB, GITLAB_DEFAULT], ids=["own-image", "default-image"])
def test_f9_a_job_reading_its_own_image_holds_it(tmp_path, text):
    _project(tmp_path, {".gitlab-ci.yml": text})
    said = _rewrite(tmp_path)
    assert (tmp_path / ".gitlab-ci.yml").read_text() == text, said
    assert "review-ac-image" in said and "CI_JOB_IMAGE" in said and "upgrade-deployment" in said, said


def test_f9_a_job_of_another_image_reading_it_leaves_the_ac_job_migrated(tmp_path):
    text = f'''build:
  image: {AC}
  script:
    - pytest

report:
  image: python:3.11
  script:
    - echo "$CI_JOB_IMAGE"
'''
    _project(tmp_path, {".gitlab-ci.yml": text})
    said = _rewrite(tmp_path)
    assert "astro-runtime" in (tmp_path / ".gitlab-ci.yml").read_text(), said


# ------------------------------------------------------------------------------------------------ f11

PIN = 'pip install "apache-airflow==$(AIRFLOW_VERSION)"'
CUTTERS = {
    "makefile": {"Makefile": "AIRFLOW_VERSION := $(shell head -1 Dockerfile | cut -d: -f2 | cut -d- -f1)\n\n"
                             f"dev-env:\n\t{PIN}\n"},
    "workflow": {".github/workflows/ci.yml": (
        "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n"
        "      - run: |\n          AF=$(head -1 Dockerfile | cut -d: -f2 | cut -d- -f1)\n"
        '          pip install "apache-airflow==${AF}"\n')},
    "awk": {"scripts/dev.sh": "#!/bin/sh\nAF=$(awk -F: '/^FROM/ {print $2}' Dockerfile)\npip install \"apache-airflow==$AF\"\n"},
    "python": {"setup_dev.py": (
        'import subprocess\nfrom pathlib import Path\n\ntag = Path("Dockerfile").read_text().split(":")[1]\n'
        'subprocess.run(["pip", "install", f"apache-airflow=={tag.split(\'-\')[0]}"], check=True)\n')},
}


@pytest.mark.parametrize("form", sorted(CUTTERS))
def test_f11_a_reader_cutting_the_tag_out_holds_the_dockerfile(tmp_path, form):
    _project(tmp_path, {"Dockerfile": DOCKERFILE, **CUTTERS[form]})
    said = _rewrite(tmp_path)
    assert (tmp_path / "Dockerfile").read_text() == DOCKERFILE, said
    assert "review-ac-image" in said and "cuts its image tag out" in said and next(iter(CUTTERS[form])) in said, said


@pytest.mark.parametrize("files", [
    {"Makefile": "build:\n\tdocker build -f Dockerfile -t app .\n"},  # no reader of the text
    {"Makefile": "lint:\n\tcat Dockerfile | hadolint -\n"},  # reads it whole, cuts nothing out
    {"setup_dev.py": 'from pathlib import Path\nprint(Path("Dockerfile").exists())\n'},
], ids=["docker-build", "cat-whole", "python-exists"])
def test_f11_other_uses_of_the_dockerfile_leave_it_migrated(tmp_path, files):
    _project(tmp_path, {"Dockerfile": DOCKERFILE, **files})
    said = _rewrite(tmp_path)
    assert "astro-runtime" in (tmp_path / "Dockerfile").read_text(), said


# ------------------------------------------------------------------------------------------------ f12

UPDATECLI = '''name: Bump Astronomer Certified hotfix
sources:
  ac:
    kind: dockerimage
    spec:
      image: quay.io/astronomer/ap-airflow
targets:
  dockerfile:
    kind: dockerfile
    sourceid: ac
    spec:
      file: Dockerfile
      instruction:
        keyword: FROM
        matcher: quay.io/astronomer/ap-airflow
  compose:
    kind: yaml
    sourceid: ac
    transformers:
      - addprefix: "quay.io/astronomer/ap-airflow:"
    spec:
      file: docker-compose.yml
      key: $.services.airflow.image
'''


@pytest.mark.parametrize("name", ["updatecli.d/ap-airflow.yaml", "updatecli.yaml", "updatecli.d/bump.yml"])
def test_f12_an_updatecli_manifest_holds_its_targets(tmp_path, name):
    _project(tmp_path, {"Dockerfile": DOCKERFILE, "docker-compose.yml": COMPOSE, name: UPDATECLI})
    said = _rewrite(tmp_path)
    assert (tmp_path / "Dockerfile").read_text() == DOCKERFILE, said
    assert (tmp_path / "docker-compose.yml").read_text() == COMPOSE, said
    assert said.count("review-template-fill") >= 2 and f"{name}:12" in said and f"{name}:22" in said, said


def test_f12_a_manifest_of_other_images_leaves_the_files_migrated(tmp_path):
    other = UPDATECLI.replace("quay.io/astronomer/ap-airflow", "python")
    _project(tmp_path, {"Dockerfile": DOCKERFILE, "updatecli.d/python.yaml": other})
    said = _rewrite(tmp_path)
    assert "astro-runtime" in (tmp_path / "Dockerfile").read_text(), said


AUTODISCOVERY = '''autodiscovery:
  crawlers:
    dockerfile:
      only:
        - images:
            - "quay.io/astronomer/ap-airflow"
'''


def test_f12_an_updatecli_autodiscovery_of_the_ac_image_holds_the_dockerfile(tmp_path):
    _project(tmp_path, {"docker/Dockerfile": DOCKERFILE, "updatecli.d/discover.yaml": AUTODISCOVERY})
    said = _rewrite(tmp_path)
    assert (tmp_path / "docker/Dockerfile").read_text() == DOCKERFILE, said
    assert "review-template-fill" in said and "updatecli.d/discover.yaml:1" in said, said


def test_f6_a_shell_wildcard_reading_dockerfiles_holds_them(tmp_path):
    step = UPGRADE + '''"$(sed -n 's|^FROM .*:||p' docker/Docker* | cut -d- -f1-2)"'''
    _project(tmp_path, {"docker/Dockerfile": DOCKERFILE, ".github/workflows/upgrade.yml": _workflow(step)})
    said = _rewrite(tmp_path)
    assert (tmp_path / "docker/Dockerfile").read_text() == DOCKERFILE, said
    assert "review-ac-image" in said and ".github/workflows/upgrade.yml" in said, said
