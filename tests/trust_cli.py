"""Run the installed ``houston-codemod`` console script, as a person or a bot would.

The trust regression tests (issue 11) go through the real entry point in a
child process: a traceback, a hang or a leaked token there is what a user sees.
"""

import os
import shutil
import subprocess
import sys

# TRUST_CLI_UNDER_TEST points the tests at another install (e.g. 0.1.0 in a venv, to see them fail there).
SCRIPT = (
    os.environ.get("TRUST_CLI_UNDER_TEST")
    or shutil.which("houston-codemod")
    or os.path.join(os.path.dirname(sys.executable), "houston-codemod")
)


def run_cli(*args, cwd=None, env=None, timeout=120, stdin=None):
    """``houston-codemod ARGS`` with ``env`` added to a clean copy of the environment."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("HOUSTON_", "HTTP_PROXY", "HTTPS_PROXY"))}
    environment.update({k.upper(): "" for k in ("http_proxy", "https_proxy")})
    environment["NO_PROXY"] = environment["no_proxy"] = "127.0.0.1,localhost"
    environment.update(env or {})
    return subprocess.run(
        [SCRIPT, *map(str, args)], cwd=cwd, env=environment, capture_output=True, text=True,
        timeout=timeout, input=stdin, errors="replace",
    )


def check_by_file(root):
    """``check --no-cache -j1 --houston-version 1.0.1 --format json .`` in ``root``, read per file:
    ({path: its document}, {path: [error messages]}, the completed process)."""
    import json
    from pathlib import Path

    completed = run_cli("check", "--no-cache", "-j1", "--houston-version", "1.0.1", "--format", "json", ".", cwd=root)
    assert completed.returncode in (0, 1), completed.stderr
    assert "Traceback" not in completed.stderr, completed.stderr
    report = json.loads(completed.stdout)
    verdicts = {Path(d["path"]).as_posix(): d for d in report["documents"]}
    errors = {}
    for finding in report["findings"]:
        if finding.get("severity") == "error":
            errors.setdefault(Path(finding["path"]).as_posix(), []).append(finding["message"])
    return verdicts, errors, completed


def check_by_operation(root, *extra):
    """``check --no-cache -j1 --houston-version 1.0.1 --format json EXTRA .`` in ``root``, read per file and
    operation: ({path: {operation: its document}}, {path: [error messages]}, the completed process)."""
    import json
    from pathlib import Path

    completed = run_cli("check", "--no-cache", "-j1", "--houston-version", "1.0.1", "--format", "json", *extra, ".", cwd=root)
    assert completed.returncode in (0, 1), completed.stderr
    assert "Traceback" not in completed.stderr, completed.stderr
    report = json.loads(completed.stdout)
    verdicts = {}
    for document in report["documents"]:
        verdicts.setdefault(Path(document["path"]).as_posix(), {})[document["operations"][0]] = document
    errors = {}
    for finding in report["findings"]:
        if finding.get("severity") == "error":
            errors.setdefault(Path(finding["path"]).as_posix(), []).append(finding["message"])
    return verdicts, errors, completed


def rewrite_then_check(root):
    """``rewrite`` of ``root``, then ``check --houston-version 1.0.1`` of what it wrote (both ``--no-cache -j 1``):
    (rewrite's output, check's output), stdout and stderr each; neither may trace back or exit 2."""
    done = run_cli("rewrite", "--no-cache", "-j", "1", ".", cwd=root)
    assert done.returncode in (0, 1), done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    again = run_cli("check", "--no-cache", "-j", "1", "--houston-version", "1.0.1", ".", cwd=root)
    assert again.returncode in (0, 1), again.stderr
    assert "Traceback" not in again.stderr, again.stderr
    return done.stdout + done.stderr, again.stdout + again.stderr


def git_tree(root, files):
    """A git work tree at ``root`` holding ``files`` ({relative path: text}), folders made as needed."""
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def project_tree(root, files):
    """A project at ``root``: a ``.git`` folder (the work tree's top, as far as the tool looks) and ``files``
    ({relative path: text}), folders made as needed."""
    (root / ".git").mkdir()
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
