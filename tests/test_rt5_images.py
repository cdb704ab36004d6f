"""Red team pass 5, image findings (issue 13), through the installed CLI.

* F8: only files named like a Dockerfile are Dockerfiles: ``Dockerfile``,
  ``Containerfile``, ``Dockerfile.<variant>``, ``<variant>.Dockerfile``; documents,
  backups and patches named like one (``Dockerfile.md``, ``.bak``, ``.orig``, ``~`` ...)
  are neither read nor edited.
* F7: a key named ``image`` is an image only where compose / GitHub / GitLab read
  one; elsewhere an AC image is a review, byte for byte unchanged.
* F6: an ARG read by a FROM with text around the expansion is a review, and an
  ARG whose default is built from another ARG is resolved in order.
"""

import json
import os
import shutil
import subprocess

import pytest

EXE = shutil.which("houston-codemod")
pytestmark = pytest.mark.skipif(EXE is None, reason="houston-codemod is not installed")

AC_ONBUILD = "FROM quay.io/astronomer/ap-airflow:2.3.4-onbuild\n"
RT_ONBUILD = "FROM quay.io/astronomer/astro-runtime:5.5.0\n"


def run(*args, cwd):
    return subprocess.run([EXE, *args], cwd=cwd, capture_output=True, text=True, timeout=120)


def findings(tmp_path, *paths):
    result = run("check", "--no-cache", "-j", "1", "--format", "json", *paths, cwd=tmp_path)
    assert result.returncode in (0, 1), result.stderr
    report = json.loads(result.stdout)
    items = report["findings"] if isinstance(report, dict) else report
    return items


DOCKERFILES = ["Dockerfile", "dockerfile", "Containerfile", "Dockerfile.prod", "prod.Dockerfile",
               "Dockerfile.dev-3", "app.containerfile"]
NOT_DOCKERFILES = ["Dockerfile.md", "Dockerfile.txt", "Dockerfile.README", "Dockerfile.bak",
                   "Dockerfile.orig", "Dockerfile.rej", "Dockerfile.swp", "Dockerfile.tmp",
                   "Dockerfile.old", "Dockerfile.save", "Dockerfile~", "Dockerfile.ac-backup",
                   "Dockerfile.prod.bak", "Dockerfile.patch", "Containerfile.orig"]


def test_only_dockerfile_names_are_rewritten_and_backups_are_never_edited(tmp_path):
    for name in DOCKERFILES + NOT_DOCKERFILES:
        (tmp_path / name).write_text(AC_ONBUILD)
    result = run("rewrite", "--no-cache", "-j", "1", ".", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    for name in DOCKERFILES:
        assert (tmp_path / name).read_text() == RT_ONBUILD, name
    for name in NOT_DOCKERFILES:
        assert (tmp_path / name).read_text() == AC_ONBUILD, name
    again = run("rewrite", "--check", "--no-cache", "-j", "1", ".", cwd=tmp_path)
    assert again.returncode == 0 and again.stdout == "", again.stdout


def test_a_named_backup_is_not_edited_even_when_given_on_the_command_line(tmp_path):
    (tmp_path / "Dockerfile.bak").write_text(AC_ONBUILD)
    result = run("rewrite", "--no-cache", "-j", "1", "Dockerfile.bak", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "Dockerfile.bak").read_text() == AC_ONBUILD
