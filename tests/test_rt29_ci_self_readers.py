"""Red team 28 (report 11b, "never edit anything other code also reads"), f1: a CI file whose own step reads its
image with a structured reader.

``.github/workflows/ci.yml`` runs its tests in ``container: <AC image>`` and another job of the SAME file runs
``AF=$(yq '.jobs.test.container' .github/workflows/ci.yml | cut -d: -f2 | cut -d- -f1); pip install
apache-airflow==$AF`` (GitLab: the same yq read of the job's ``image:``).  The image was migrated with 0 reviews (the
step then pinned apache-airflow==5.5.0), while the same step in another workflow file was held.  A CI file reading
itself with yq / jq / dasel / an inline ``yaml.safe_load`` now holds its image with review-ac-image naming the step's
line.  Control: a step that only lints or hashes the workflow (``cat``, ``yamllint``) does not hold it.
"""

import pytest

from trust_cli import git_tree, run_cli

AC = "quay.io/astronomer/ap-airflow:2.3.4-11"


def _workflow(step):
    return (
        "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    container: " + AC + "\n    steps:\n"
        "      - uses: actions/checkout@v4\n      - run: pytest\n  constraints:\n    runs-on: ubuntu-latest\n"
        "    steps:\n      - uses: actions/checkout@v4\n      - run: |\n          " + step + "\n"
        "          pip install \"apache-airflow==${AF}\"\n"
    )


GITHUB = ".github/workflows/" + "ci.yml"
STEPS = {
    "yq": "AF=$(yq '.jobs.test.container' " + GITHUB + " | cut -d: -f2 | cut -d- -f1)",
    "dasel": "AF=$(dasel -f " + GITHUB + " -r yaml '.jobs.test.container' | cut -d: -f2 | cut -d- -f1)",
    "python": "AF=$(python3 -c \"import yaml; print(yaml.safe_load(open('" + GITHUB + "'))['jobs']['test']['container'].split(':')[1])\")",
}
# the file names are joined at run time: a literal reader line here would be a reader of tests/cases' CI files
GITLAB_CI = ".gitlab" + "-ci.yml"
GITLAB = (
    "test:\n  image: " + AC + "\n  script:\n    - pytest\npin:\n  image: python:3.9\n  script:\n"
    "    - AF=$(yq '.test.image' " + GITLAB_CI + " | cut -d: -f2 | cut -d- -f1)\n"
    "    - pip install \"apache-airflow==${AF}\"\n"
)


def _rewrite(tmp_path, name, text):
    git_tree(tmp_path, {name: text})
    completed = run_cli("rewrite", "--no-cache", "-j", "1", ".", cwd=tmp_path)
    assert completed.returncode in (0, 1) and "Traceback" not in completed.stderr, completed.stderr
    return completed.stdout + completed.stderr, (tmp_path / name).read_text()


@pytest.mark.parametrize("reader", sorted(STEPS))
def test_workflow_reading_its_own_image_holds_it(tmp_path, reader):
    text = _workflow(STEPS[reader])
    said, after = _rewrite(tmp_path, GITHUB, text)
    assert after == text, after
    reviews = [line for line in said.splitlines() if "review-ac-image" in line and line.startswith(GITHUB + ":5:")]
    assert reviews and "line 14" in reviews[0], said


def test_gitlab_job_reading_its_own_image_holds_it(tmp_path):
    said, after = _rewrite(tmp_path, GITLAB_CI, GITLAB)
    assert after == GITLAB, after
    assert any("review-ac-image" in line and line.startswith(".gitlab-ci.yml:2:") and "line 8" in line
               for line in said.splitlines()), said
    again = run_cli("rewrite", "--no-cache", "-j", "1", ".", cwd=tmp_path)
    assert (tmp_path / GITLAB_CI).read_text() == GITLAB and "review-ac-image" in again.stdout + again.stderr


@pytest.mark.parametrize("step", ["sha256sum " + GITHUB, "cat " + GITHUB, "yamllint " + GITHUB])
def test_a_step_not_reading_the_image_structurally_does_not_hold_it(tmp_path, step):
    said, after = _rewrite(tmp_path, GITHUB, _workflow(step))
    assert "astro-runtime" in after and AC not in after, said
