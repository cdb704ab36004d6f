"""-o onto the result cache's signing key is refused (red team 17, report 11a, F2).

The README: ``-o`` refuses any existing file the run reads.  The key under
``$XDG_CACHE_HOME/houston-codemod/cache-key`` is read by every cached run; ``check -o`` onto it
replaced it with the report (mode 0600 -> 0644) and silently turned the cache off.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

CLI = shutil.which("houston-codemod") or str(Path(sys.executable).with_name("houston-codemod"))


def test_output_onto_the_cache_key_is_refused(tmp_path):
    (tmp_path / "deploy.py").write_text('import requests\nrequests.post("https://houston.example.com/v1", json={"query": "{ workspaces { id } }"})\n')
    env = {k: v for k, v in os.environ.items() if k != "HOUSTON_CODEMOD_NO_CACHE"}
    env["XDG_CACHE_HOME"] = str(tmp_path / "xdg")
    first = subprocess.run([CLI, "check", "deploy.py"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert first.returncode in (0, 1), first.stderr
    key = tmp_path / "xdg" / "houston-codemod" / "cache-key"
    before = key.read_bytes()
    refused = subprocess.run([CLI, "check", "-o", str(key), "deploy.py"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert refused.returncode == 2, refused.stderr
    assert "is an input of this run" in refused.stderr and "Traceback" not in refused.stderr
    assert key.read_bytes() == before and (key.stat().st_mode & 0o777) == 0o600
