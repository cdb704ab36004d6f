"""The installed ``houston-codemod`` run over a directory, its JSON report read per file.

The "Houston or not" red-team tests (issue 12) all ask the same questions of one
``check --format json`` run: which documents of which file got which verdict and
evidence, and which findings. They share these helpers instead of each defining them.
"""

import json
import shutil
import subprocess
import sys
from pathlib import Path

CLI = shutil.which("houston-codemod") or str(Path(sys.executable).with_name("houston-codemod"))


def run(*args, cwd):
    return subprocess.run([CLI, *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=180)


def write(root: Path, contents: dict) -> None:
    for name, text in contents.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def check(root: Path, *extra):
    """``check --no-cache EXTRA --format json .`` in ``root``: (completed, {path: [document]}, findings)."""
    completed = run("check", "--no-cache", *extra, "--format", "json", ".", cwd=root)
    assert completed.returncode in (0, 1), completed.stderr
    assert "Traceback" not in completed.stderr, completed.stderr
    report = json.loads(completed.stdout)
    verdicts = {}
    for document in report["documents"]:
        verdicts.setdefault(Path(document["path"]).as_posix(), []).append(document)
    return completed, verdicts, report["findings"]


def at(verdicts, path, line):
    return next(d for d in verdicts[path] if d["line"] == line)
