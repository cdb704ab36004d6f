"""The look for scripts and shell steps around a file stops at the run's top (sources/look_around.py).

Outside a git work tree, the look for a script that edits a run's file (``outside_writers``) used to
go up to eight folders above it and list every folder beside each: ``check run`` read the scripts of
every folder next to ``run`` (in this suite, every other test's folder: most of its CPU time).  Now it
stops at what the run named, and a git work tree or a run on the parent still sees the script.
"""

import json
import subprocess

from test_rt16_shell_jupytext import SENDER  # an upsert with an AC version, sent to Houston
from trust_cli import run_cli

EDITOR = 'import subprocess\nsubprocess.run(["sed", "-i", "s/2.3.4-11/2.5.0/", "../run/deploy.py"], check=True)\n'


def _codes(done, name):
    report = json.loads(done.stdout)
    return {f["code"] for f in report["findings"] if f["path"].endswith(name)}


def _tree(base):
    (base / "run").mkdir(parents=True)
    (base / "sibling").mkdir()
    (base / "run" / "deploy.py").write_text(SENDER)
    (base / "sibling" / "build.py").write_text(EDITOR)


def test_a_script_beside_the_named_folder_is_not_read_outside_a_work_tree(tmp_path):
    _tree(tmp_path)
    named = run_cli("check", "--format", "json", "run", cwd=tmp_path)
    assert "migrate-version-argument" in _codes(named, "deploy.py") and "sibling" not in named.stdout, named.stdout
    # the run on the parent holds the script: the shell step editing the AC text holds the document
    whole = run_cli("check", "--format", "json", ".", cwd=tmp_path)
    assert "sibling/build.py" in whole.stdout and "migrate-version-argument" not in _codes(whole, "deploy.py"), whole.stdout


def test_a_git_work_tree_is_looked_at_whole_whatever_folder_is_named(tmp_path):
    _tree(tmp_path)
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    named = run_cli("check", "--format", "json", "run", cwd=tmp_path)
    assert "sibling/build.py" in named.stdout and "migrate-version-argument" not in _codes(named, "deploy.py"), named.stdout
