"""A Jupytext twin added after a cached run is not met with the older result (red team 12, F8 follow-up).

Whether a notebook or module is half of a pair depends on the other file (the ``.py`` twin's
header, the ``.ipynb`` twin's presence), which the result cache's key did not hold: a notebook
checked alone, cached as "migrate", then given a paired ``.py`` twin, was rewritten alone.
Through the installed CLI, with the cache on.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

from test_rt12_notebooks_libcst import DOC_CELL, FUNCTION_CELL, HEADER, _notebook

CLI = shutil.which("houston-codemod") or str(Path(sys.executable).with_name("houston-codemod"))


def _run(*args, cwd):
    env = {k: v for k, v in os.environ.items() if k != "HOUSTON_CODEMOD_NO_CACHE"}  # the suite turns the cache off
    env["XDG_CACHE_HOME"] = str(Path(cwd).parent / "xdg")  # the cache's signing key, kept out of the user's home
    return subprocess.run([CLI, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


def test_a_twin_added_later_holds_the_cached_notebook(tmp_path):
    cache = tmp_path / "cache"
    project = tmp_path / "p"
    project.mkdir()
    before = _notebook(project / "deploy.ipynb", DOC_CELL)
    first = _run("check", "--cache-dir", str(cache), ".", cwd=project)
    assert "migrate-" in first.stdout and "review-jupytext-pair" not in first.stdout
    (project / "deploy.py").write_text(HEADER + "# %%\n" + FUNCTION_CELL)
    second = _run("check", "--cache-dir", str(cache), ".", cwd=project)
    assert "Traceback" not in second.stderr
    assert "review-jupytext-pair" in second.stdout
    rewritten = _run("rewrite", "--cache-dir", str(cache), ".", cwd=project)
    assert (project / "deploy.ipynb").read_text() == before


def test_a_notebook_added_beside_a_cached_module_holds_it(tmp_path):
    cache = tmp_path / "cache"
    project = tmp_path / "p"
    project.mkdir()
    module = HEADER.replace("formats: ipynb,py:percent", "formats: py:percent") + "# %%\n" + FUNCTION_CELL
    (project / "deploy.py").write_text(module)
    first = _run("check", "--cache-dir", str(cache), "deploy.py", cwd=project)
    assert "review-jupytext-pair" not in first.stdout
    _notebook(project / "deploy.ipynb", DOC_CELL)
    second = _run("check", "--cache-dir", str(cache), "deploy.py", cwd=project)
    assert "review-jupytext-pair" in second.stdout
    _run("rewrite", "--cache-dir", str(cache), "deploy.py", cwd=project)
    assert (project / "deploy.py").read_text() == module
