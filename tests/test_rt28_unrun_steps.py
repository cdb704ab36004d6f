"""Red team 27 (report 11b), f7: text that never runs is no step reading or editing a file.

A disabled bump step kept as a comment (a workflow's ``# - run: sed -i 's/2.3.4-11/.../' Dockerfile``, a Makefile's
``#<TAB>sed ...``, a shell script's ``# sed ...``, a Python script's ``# subprocess.run(["sed", ..., "Dockerfile"])``)
or a sed command a script only prints (``echo "To bump by hand: sed -i ... Dockerfile"``) held the Dockerfile with
"a shell step reads or edits this file's AC text", which was untrue: nothing runs it.  Comments are cut per line
before a step is read, and an echo / printf's arguments are not read as a command.  Controls: the same step
uncommented, an echo piped into a shell, and an echo whose text runs a command substitution still hold the file.
"""

import pytest

from trust_cli import git_tree, run_cli

FROM = "FROM quay.io/astronomer/ap-airflow:2.3.4-11\nCOPY dags/ /usr/local/airflow/dags/\n"

WORKFLOW = """on: push
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
{step}
      - run: docker build -t me/airflow .
"""

NOT_RUN = {
    "yaml_comment": (".github/workflows/ci.yml", WORKFLOW.format(
        step="      # - run: sed -i 's/2.3.4-11/2.4.3-6/' @DF@   (old bump step, disabled)")),
    "gitlab_comment": (".gitlab-ci.yml", "build:\n  script:\n    # - sed -i 's/2.3.4-11/2.4.3-6/' @DF@\n"
                                         "    - docker build -t me/airflow .\n"),
    "make_comment": ("Makefile", "build:\n\tdocker build -t me/airflow .\n\n# bump:\n#\tsed -i 's/2.3.4-11/$(NEW)/' @DF@\n"),
    "make_recipe_comment": ("Makefile", "build:\n\t# sed -i 's/2.3.4-11/$(NEW)/' @DF@\n\tdocker build -t me/airflow .\n"),
    "sh_comment": ("scripts/build.sh", "#!/bin/sh\n# sed -i 's/2.3.4-11/2.4.3-6/' @DF@\ndocker build -t me/airflow .\n"),
    "sh_trailing_comment": ("scripts/build.sh", "#!/bin/sh\ndocker build -t me/airflow .  # then: sed -i 's/2.3.4-11/x/' @DF@\n"),
    "echo_string": ("scripts/help.sh", "#!/bin/sh\necho \"To bump Airflow by hand: sed -i 's/2.3.4-11/NEW/' @DF@\"\n"),
    "printf_string": ("scripts/help.sh", "#!/bin/sh\nprintf '%s\\n' \"run: grep ap-airflow @DF@\" >&2\n"),
    "echo_in_workflow": (".github/workflows/ci.yml", WORKFLOW.format(
        step="      - run: echo \"bump with sed -i 's/2.3.4-11/NEW/' @DF@\" >> $GITHUB_STEP_SUMMARY")),
    "py_comment": ("scripts/build.py", 'import subprocess\n'
                   '# subprocess.run(["sed", "-i", "s/2.3.4-11/2.4.3-6/", "@DF@"])  # old bump, no longer used\n'
                   'subprocess.run(["docker", "build", "-t", "me/airflow", "."], check=True)\n'),
}

RUN = {
    "yaml_step": (".github/workflows/ci.yml", WORKFLOW.format(step="      - run: sed -i 's/2.3.4-11/2.4.3-6/' @DF@")),
    "make_step": ("Makefile", "bump:\n\tsed -i 's/2.3.4-11/$(NEW)/' @DF@  # the bump\n"),
    "sh_step": ("scripts/build.sh", "#!/bin/sh\nsed -i 's/2.3.4-11/2.4.3-6/' @DF@ # bump\n"),
    "echo_piped_to_sh": ("scripts/bump.sh", "#!/bin/sh\necho \"sed -i 's/2.3.4-11/NEW/' @DF@\" | sh\n"),
    "echo_substitution": ("scripts/tag.sh", "#!/bin/sh\necho \"$(sed -n 's/.*ap-airflow:2.3.4-11//p' @DF@)\"\n"),
    "echo_then_step": ("scripts/bump.sh", "#!/bin/sh\necho bumping; sed -i 's/2.3.4-11/2.4.3-6/' @DF@\n"),
    "py_step": ("scripts/build.py", 'import subprocess\n'
                'subprocess.run(["sed", "-i", "s/2.3.4-11/2.4.3-6/", "@DF@"])  # the bump\n'),
}


def _rewrite(tmp_path, path, text):
    # the file's name is filled in here: a literal ``sed ... Dockerfile`` in this module is itself a command string the
    # tool reads (as a Python script near the checkout's Dockerfiles)
    git_tree(tmp_path, {"Dockerfile": FROM, path: text.replace("@DF@", "Dockerfile")})
    done = run_cli("rewrite", "--diff", "--no-cache", ".", cwd=tmp_path)
    assert "Traceback" not in done.stderr, done.stderr
    return done


@pytest.mark.parametrize("case", sorted(NOT_RUN))
def test_text_that_never_runs_does_not_hold_the_dockerfile(tmp_path, case):
    done = _rewrite(tmp_path, *NOT_RUN[case])
    assert done.returncode == 1, done.stdout + done.stderr
    assert "+FROM quay.io/astronomer/astro-runtime:5.5.0-base" in done.stdout, done.stdout + done.stderr
    assert "1 would be rewritten, 0 need review" in done.stderr, done.stderr
    assert "reads or edits this file" not in done.stderr and "review-" not in done.stderr, done.stderr


@pytest.mark.parametrize("case", sorted(RUN))
def test_a_step_that_runs_still_holds_the_dockerfile(tmp_path, case):
    done = _rewrite(tmp_path, *RUN[case])
    assert "+FROM quay.io/astronomer/astro-runtime" not in done.stdout, done.stdout
    assert "0 would be rewritten, 1 need review" in done.stderr, done.stderr
    assert NOT_RUN.get(case, RUN[case])[0] in done.stderr, done.stderr


ARG_FROM = "ARG AIRFLOW_IMAGE=quay.io/astronomer/ap-airflow:2.3.4-11\nFROM ${AIRFLOW_IMAGE}\n"
BUILD_ARG = "docker build --build-arg AIRFLOW_IMAGE=quay.io/astronomer/ap-airflow:2.3.4-11 ."


@pytest.mark.parametrize("commented", [True, False])
def test_a_commented_out_build_arg_passes_nothing(tmp_path, commented):
    """The same class for the build arguments a Dockerfile's ARG default is overridden by: a disabled ``# - run:
    docker build --build-arg AIRFLOW_IMAGE=...`` step named "also set by" the workflow (review-ac-image-build-arg)."""
    step = f"      {'# ' if commented else ''}- run: {BUILD_ARG}"
    git_tree(tmp_path, {"Dockerfile": ARG_FROM, ".github/workflows/ci.yml": WORKFLOW.format(step=step)})
    done = run_cli("rewrite", "--diff", "--no-cache", ".", cwd=tmp_path)
    assert "+ARG AIRFLOW_IMAGE=quay.io/astronomer/astro-runtime:5.5.0-base" in done.stdout, done.stdout + done.stderr
    named = "also set by .github/workflows/ci.yml:7" in done.stderr
    assert named is not commented, done.stderr


@pytest.mark.parametrize("disabled", [True, False])
def test_a_notebook_shell_cells_comment_and_echo_run_nothing(tmp_path, disabled):
    """A notebook's ``%%bash`` cell is shell lines: its ``# sed ...`` comment and ``echo "... sed ..."`` run nothing;
    the same sed as a line of the cell (the control) holds the Dockerfile."""
    import json

    step = "# sed -i 's/2.3.4-11/2.4.3-6/' @DF@" if disabled else "sed -i 's/2.3.4-11/2.4.3-6/' @DF@  # bump"
    source = ["%%bash\n", step + "\n", "echo \"bump: sed -i 's/2.3.4-11/NEW/' @DF@\"\n", "docker build -t me/airflow .\n"]
    cell = {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None, "source": source}
    notebook = {"cells": [cell], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    git_tree(tmp_path, {"Dockerfile": FROM, "build.ipynb": json.dumps(notebook).replace("@DF@", "Dockerfile")})
    done = run_cli("rewrite", "--diff", "--no-cache", ".", cwd=tmp_path)
    assert "Traceback" not in done.stderr, done.stderr
    migrated = "+FROM quay.io/astronomer/astro-runtime:5.5.0-base" in done.stdout
    assert migrated is disabled, done.stdout + done.stderr
    assert ("build.ipynb" in done.stderr) is not disabled, done.stderr


GENERATOR = '''import os
from pathlib import Path
import requests

CREATE = """
mutation Create($ws: Uuid!) {
  createDeployment(workspaceUuid: $ws, label: "etl", type: "airflow", airflowVersion: "2.3.4-11") { id }
}
"""
Path("gen/q.graphql").write_text(CREATE)
requests.post(os.environ["HOUSTON_URL"], json={"query": CREATE, "variables": {"ws": "x"}},
              headers={"authorization": os.environ["HOUSTON_API_TOKEN"]})
'''


@pytest.mark.parametrize("commented", [True, False])
def test_a_commented_out_read_of_a_generated_file_reads_nothing(tmp_path, commented):
    """A script's ``# q = Path("gen/q.graphql").read_text().replace("2.3.4-11", ...)`` comment held the document
    another script writes to that file ("which other code reads or edits (use.py:3)"); the same line as code (the
    control) still holds it."""
    read = 'q = Path("gen/q.graphql").read_text().replace("2.3.4-11", sys.argv[1])'
    use = f"import sys\nfrom pathlib import Path\n{'# ' if commented else ''}{read}\nprint(sys.argv)\n"
    git_tree(tmp_path, {"gen.py": GENERATOR, "use.py": use})
    done = run_cli("rewrite", "--diff", "--no-cache", ".", cwd=tmp_path)
    assert "Traceback" not in done.stderr, done.stderr
    assert ('+  createDeployment(workspaceUuid: $ws, label: "etl", type: "airflow", runtimeVersion: "5.5.0")'
            in done.stdout) is commented, done.stdout + done.stderr
    assert ("other code reads or edits (use.py:3)" in done.stderr) is not commented, done.stderr
