"""Red team 29, report 13, f7 f8: a shell step editing a file's AC release written bare (``2.3.4``).

* f7: ``sed -i "s/2.3.4/${AC:?}/" queries/create.graphql`` (a script, a GitHub ``run:`` step, a Makefile's
  ``perl -pi``) before sending ``airflowVersion: "2.3.4"``: rewrite migrated the file to ``runtimeVersion: "5.5.0"``
  with no review and the step silently matched nothing from then on (held when written ``2.3.4-11``).
* f8: ``sed -i "s/2.3.4/$1/" Dockerfile`` beside ``FROM quay.io/astronomer/ap-airflow:2.3.4-onbuild``: the FROM
  was migrated with no review.

A step's (or a version bumper's ``current_version``) bare version counts when the rewrite removes it from the file; a step on another file, or one whose
pattern is not in what the rewrite changes, holds nothing.  One ``rewrite`` of the installed CLI per project
(``TRUST_CLI_UNDER_TEST`` points it at another install).
"""

import subprocess
from pathlib import Path

from trust_cli import project_tree, run_cli

DOCUMENT = (
    "mutation Create($ws: Uuid!) {\n"
    '  createDeployment(workspaceUuid: $ws, label: "etl", type: "airflow", airflowVersion: "2.3.4") { id }\n'
    "}\n"
)
SEND = (
    "jq -Rs '{query: ., variables: {ws: env.WS}}' queries/create.graphql \\\n"
    '  | curl -sf "$HOUSTON_URL" -H "authorization: $HOUSTON_API_TOKEN" -d @-\n'
)
SCRIPT = '#!/bin/sh\nset -e\nsed -i "s/2.3.4/${AC:?}/" queries/create.graphql\n' + SEND
WORKFLOW = (
    "on: push\njobs:\n  create:\n    runs-on: ubuntu-latest\n    steps:\n"
    '      - run: sed -i "s/2.3.4/${AC}/" queries/create.graphql\n'
)
MAKEFILE = "bump:\n\tperl -pi -e 's/2\\.3\\.4/$(AC)/' queries/create.graphql\n"
DOCKERFILE = "FROM quay.io/astronomer/ap-airflow:2.3.4-onbuild\n"
BUMP = '#!/bin/sh\nset -e\nsed -i "s/2.3.4/$1/" Dockerfile\n'


def _rewrite(root: Path, name: str, files: dict):
    folder = root / name
    folder.mkdir()
    project_tree(folder, files)
    completed = run_cli("rewrite", "--no-cache", "-j1", ".", cwd=folder)
    assert completed.returncode in (0, 1), completed.stderr
    assert "Traceback" not in completed.stderr, completed.stderr
    return folder, completed.stdout + completed.stderr


def test_a_step_editing_the_bare_ac_version_of_a_document_holds_it(tmp_path):
    for name, step_file, step in (
        ("script", "scripts/create_deployment.sh", SCRIPT),
        ("workflow", ".github/workflows/create.yml", WORKFLOW),
        ("makefile", "Makefile", MAKEFILE),
    ):
        folder, completed = _rewrite(tmp_path, name, {"queries/create.graphql": DOCUMENT, step_file: step})
        assert (folder / "queries/create.graphql").read_text() == DOCUMENT, (name, completed)
        assert "review-template-fill" in completed, (name, completed)
        assert step_file in completed, (name, completed)


def test_a_bump_script_editing_the_bare_ac_tag_holds_the_from(tmp_path):
    folder, completed = _rewrite(tmp_path, "docker", {"Dockerfile": DOCKERFILE, "scripts/bump_airflow.sh": BUMP})
    assert (folder / "Dockerfile").read_text() == DOCKERFILE, completed
    assert "review-template-fill" in completed and "scripts/bump_airflow.sh:3" in completed


def test_controls_a_step_on_another_file_or_another_version_holds_nothing(tmp_path):
    controls = {
        "other_file": {"queries/create.graphql": DOCUMENT,
                       "scripts/bump.sh": '#!/bin/sh\nsed -i "s/2.3.4/$1/" queries/other.graphql\n'},
        "other_version": {"queries/create.graphql": DOCUMENT,
                          "scripts/bump.sh": '#!/bin/sh\nsed -i "s/9.9.9/$1/" queries/create.graphql\n'},
        "docker_other_file": {"Dockerfile": DOCKERFILE, "scripts/bump.sh": '#!/bin/sh\nsed -i "s/2.3.4/$1/" setup.cfg\n'},
    }
    for name, files in controls.items():
        folder, completed = _rewrite(tmp_path, name, files)
        edited = "queries/create.graphql" if "queries/create.graphql" in files else "Dockerfile"
        assert (folder / edited).read_text() != files[edited], (name, completed)
        assert "review-template-fill" not in completed, (name, completed)


def test_a_version_bumper_whose_current_version_is_the_bare_ac_tag_holds_the_from(tmp_path):
    bumper = "[bumpversion]\ncurrent_version = {}\n\n[bumpversion:file:Dockerfile]\n"
    folder, completed = _rewrite(tmp_path, "held", {"Dockerfile": DOCKERFILE, ".bumpversion.cfg": bumper.format("2.3.4")})
    assert (folder / "Dockerfile").read_text() == DOCKERFILE, completed
    assert "review-template-fill" in completed and ".bumpversion.cfg" in completed
    # control: the project's own version (not in what the rewrite changes) holds nothing
    folder, completed = _rewrite(tmp_path, "own", {"Dockerfile": DOCKERFILE, ".bumpversion.cfg": bumper.format("1.0.7")})
    assert (folder / "Dockerfile").read_text() != DOCKERFILE, completed
    assert "review-template-fill" not in completed, completed


def test_a_python_script_running_sed_on_the_bare_ac_tag_holds_the_from(tmp_path):
    bump = 'import subprocess, sys\nsubprocess.run(["sed", "-i", f"s/2.3.4/{sys.argv[1]}/", "{}"], check=True)\n'
    folder, completed = _rewrite(tmp_path, "held", {"Dockerfile": DOCKERFILE, "bump.py": bump.replace("{}", "Dockerfile")})
    assert (folder / "Dockerfile").read_text() == DOCKERFILE, completed
    assert "review-template-fill" in completed and "bump.py:2" in completed
    # control: the same command on another file
    folder, completed = _rewrite(tmp_path, "other", {"Dockerfile": DOCKERFILE, "bump.py": bump.replace("{}", "setup.cfg")})
    assert (folder / "Dockerfile").read_text() != DOCKERFILE, completed
    assert "review-template-fill" not in completed, completed
