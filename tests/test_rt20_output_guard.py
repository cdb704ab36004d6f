"""Red team pass 19, report 11a, F1: ``-o`` never replaces a file of a kind the run reads.

The shell-step and image-reader scans read Makefiles, task files and shell scripts (``tox.ini``,
``justfile``, ``GNUmakefile``, ``*.mk``), the Jupytext pairing reads its configuration files, and the
entry-point index reads ``setup.cfg``; ``check -o tox.ini .`` replaced the file the report's own
finding came from.  Each is refused (one line, exit 2, the file untouched), whatever its case.
"""

import subprocess

from trust_cli import run_cli

KEPT = ("tox.ini", "tox.INI", "justfile", "Justfile", ".justfile", "GNUmakefile", "x.mk", "jupytext.toml",
        ".jupytext", ".jupytext.toml", "jupytext.json", "setup.cfg")


def test_output_onto_a_file_the_run_reads_is_refused(tmp_path):
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / "Dockerfile").write_text("FROM quay.io/astronomer/ap-airflow:2.3.4-11-onbuild\n")
    (tmp_path / "tox.ini").write_text('[testenv:bump]\ncommands = sed -i "s/ap-airflow:2.3.4-11/ap-airflow:{env:VER}/" Dockerfile\n')
    for name in KEPT:
        target = tmp_path / name
        before = target.read_bytes() if target.exists() else b"[keep]\n"
        target.write_bytes(before)
        done = run_cli("check", "--no-cache", "-o", name, ".", cwd=tmp_path)
        assert done.returncode == 2 and target.read_bytes() == before, (name, done.returncode, done.stderr)
        lines = done.stderr.splitlines()
        assert len(lines) == 1 and f"-o {name}: is an input of this run" in lines[0], (name, done.stderr)
    # a report's own name is still written over (a previous report is no input)
    (tmp_path / "report.txt").write_text("old report\n")
    done = run_cli("check", "--no-cache", "-o", "report.txt", ".", cwd=tmp_path)
    assert done.returncode in (0, 1) and "ap-airflow" in (tmp_path / "report.txt").read_text(), done.stderr
