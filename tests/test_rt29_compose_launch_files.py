"""Red team 28 (report 11b, "never edit anything other code also reads"), f7: a launcher merges a compose file of
another folder with ``-f``.

Root ``docker-compose.yml``'s ``scheduler`` has ``image: <AC image>``; ``ci/compose.build.yml`` gives ``scheduler``
a ``build:``; the Makefile (or a CI step, or ``COMPOSE_FILE=... docker compose up``) runs ``docker compose -f
docker-compose.yml -f ci/compose.build.yml up --build``.  The image is the tag compose gives the local build: it
was migrated (0 reviews), so ``make up`` tagged the project's build as the official Runtime image.  It is now held
with review-ac-image naming the overlay and the launcher's line.  Controls: the same overlay that no launcher
merges with the file, and a launcher naming a file outside the work tree, leave the image migrated.
"""

import pytest

from trust_cli import git_tree, run_cli

AC = "quay.io/astronomer/ap-airflow:2.3.4-11-onbuild"
COMPOSE = "services:\n  scheduler:\n    image: " + AC + "\n    command: scheduler\n"
OVERLAY = "services:\n  scheduler:\n    build:\n      context: ..\n      dockerfile: Dockerfile\n"
DOCKERFILE = "FROM python:3.9\nRUN pip install apache-airflow==2.3.4\n"
WORKFLOW = (
    "on: push\njobs:\n  up:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n"
    "      - run: |\n          docker compose \\\n            -f docker-compose.yml \\\n"
    "            --file=ci/compose.build.yml up --build -d\n"
)

LAUNCHERS = {
    "makefile": {"Makefile": "up:\n\tdocker compose -f docker-compose.yml -f ci/compose.build.yml up --build\n"},
    "workflow": {".github/workflows/up.yml": WORKFLOW},
    "script": {"scripts/up.sh": "#!/bin/sh\ncd \"$(dirname \"$0\")/..\"\ndocker-compose -f ./docker-compose.yml -f ci/compose.build.yml up\n"},
    "compose_file": {"Makefile": "up:\n\tCOMPOSE_FILE=docker-compose.yml:ci/compose.build.yml docker compose up --build\n"},
    "python": {"up.py": "import subprocess\nsubprocess.run([\"docker\", \"compose\", \"-f\", \"docker-compose.yml\", \"-f\", \"ci/compose.build.yml\", \"up\"])\n"},
}


def _rewrite(tmp_path, files):
    git_tree(tmp_path, {"docker-compose.yml": COMPOSE, "ci/compose.build.yml": OVERLAY, "Dockerfile": DOCKERFILE, **files})
    completed = run_cli("rewrite", "--no-cache", "-j", "1", ".", cwd=tmp_path)
    assert completed.returncode in (0, 1) and "Traceback" not in completed.stderr, completed.stderr
    return completed.stdout + completed.stderr, (tmp_path / "docker-compose.yml").read_text()


@pytest.mark.parametrize("launcher", sorted(LAUNCHERS))
def test_image_built_by_an_overlay_a_launcher_merges_is_held(tmp_path, launcher):
    said, compose = _rewrite(tmp_path, LAUNCHERS[launcher])
    assert compose == COMPOSE, compose
    reviews = [line for line in said.splitlines() if "review-ac-image" in line and "docker-compose.yml:3" in line]
    assert reviews and "ci/compose.build.yml" in reviews[0], said


def test_idempotent_and_check_agrees(tmp_path):
    _rewrite(tmp_path, LAUNCHERS["makefile"])
    again = run_cli("rewrite", "--no-cache", "-j", "1", ".", cwd=tmp_path)
    assert (tmp_path / "docker-compose.yml").read_text() == COMPOSE
    assert "review-ac-image" in again.stdout + again.stderr


def test_overlay_no_launcher_merges_with_it_is_no_reason(tmp_path):
    # the Makefile merges the overlay with another compose file, not with this one
    said, compose = _rewrite(tmp_path, {
        "Makefile": "up:\n\tdocker compose -f other.yml -f ci/compose.build.yml up\n",
        "other.yml": "services:\n  web:\n    image: nginx\n",
    })
    assert "astro-runtime" in compose and AC not in compose, said


def test_file_outside_the_work_tree_is_not_read(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "build.yml").write_text(OVERLAY)
    project = tmp_path / "proj"
    project.mkdir()
    said, compose = _rewrite(project, {"Makefile": "up:\n\tdocker compose -f docker-compose.yml -f ../outside/build.yml up\n"})
    assert "astro-runtime" in compose, said
