"""A script that reads a Dockerfile's AC tag, added after a cached run, still holds the Dockerfile.

Which scripts open an image file and parse its ``ap-airflow`` tag (``sources/image_readers.py``)
is a fact about other files, which a per-file cache key cannot hold.  Image files are therefore
never cached (``cache.CACHED_KINDS``); this pins that through the installed CLI with the cache
on, so a later change that caches them cannot bring back a stale "migrate" for the Dockerfile.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

CLI = shutil.which("houston-codemod") or str(Path(sys.executable).with_name("houston-codemod"))

DOCKERFILE = "FROM quay.io/astronomer/ap-airflow:2.3.4-onbuild\n"
SCRIPT = (
    "import requests\n"
    'requests.post("https://houston.example.com/v1", json={"query": '
    '"mutation { createDeployment(workspaceUuid: \\"w\\", releaseName: \\"r\\", label: \\"l\\", '
    'airflowVersion: \\"2.3.4\\") { id } }"})\n'
)
READER = (
    "import re\n"
    "from pathlib import Path\n"
    'tag = re.search(r"ap-airflow:(\\S+)", Path("Dockerfile").read_text()).group(1)\n'
    "print(tag)\n"
)


def _run(*args, cwd):
    env = {k: v for k, v in os.environ.items() if k != "HOUSTON_CODEMOD_NO_CACHE"}  # the suite turns the cache off
    env["XDG_CACHE_HOME"] = str(Path(cwd).parent / "xdg")
    return subprocess.run([CLI, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


def test_a_reader_added_after_a_cached_run_holds_the_dockerfile(tmp_path):
    cache = tmp_path / "cache"
    project = tmp_path / "p"
    project.mkdir()
    (project / "Dockerfile").write_text(DOCKERFILE)
    (project / "deploy.py").write_text(SCRIPT)
    first = _run("check", "--cache-dir", str(cache), ".", cwd=project)
    assert "migrate-ac-image" in first.stdout and "0 need review" in first.stderr, first.stderr
    assert any(cache.rglob("*.json")), "the first run stored nothing: this test would not test the cache"
    (project / "bump.py").write_text(READER)
    second = _run("check", "--cache-dir", str(cache), ".", cwd=project)
    assert "Traceback" not in second.stderr
    assert "1 need review" in second.stderr and "review-" in second.stdout, second.stderr
    _run("rewrite", "--cache-dir", str(cache), ".", cwd=project)
    assert (project / "Dockerfile").read_text() == DOCKERFILE
