"""The zygote's runs (tests/cli_zygote.py) are the console script's runs: same exit code, stdout, stderr and files.

Every other test trusts this: each command below runs once as a user starts it (a new interpreter
from the installed script) and once forked from the zygote, and the two must agree byte for byte.
"""

import os
import shutil
import subprocess

import cli_zygote

DOC = 'mutation { createDeployment(workspaceUuid: "w", releaseName: "x", label: "l", type: "airflow", airflowVersion: "2.3.4") { id } }'
SCRIPT = (
    "import os\nimport requests\n"
    f"Q = '{DOC}'\n"
    'requests.post("https://houston.example.com/v1", json={"query": Q}, headers={"authorization": os.environ["HOUSTON_API_TOKEN"]})\n'
)
BROKEN = SCRIPT.replace("createDeployment(", "createDeploymnt(").replace("Q = ", "R = ").replace('"query": Q', '"query": R')


def _tree(base):
    base.mkdir()
    (base / "deploy.py").write_text(SCRIPT)
    (base / "broken.py").write_text(BROKEN)
    (base / "Dockerfile").write_text("FROM quay.io/astronomer/ap-airflow:2.3.4-onbuild\n")
    return base


def _both(tmp_path, args, **kwargs):
    """(real run, zygote run) of ``houston-codemod ARGS``, each in its own copy of the tree."""
    cli = shutil.which("houston-codemod")
    env = {**os.environ, "HOUSTON_API_TOKEN": "not-a-real-token-0123456789"}
    outcomes = []
    for name, runner in (("real", cli_zygote._real_run), ("zygote", cli_zygote.run)):
        tree = _tree(tmp_path / f"{name}-{len(list(tmp_path.iterdir()))}")
        done = runner([cli, *args], cwd=tree, env=env, capture_output=True, **kwargs)
        files = {p.name: p.read_bytes() for p in sorted(tree.iterdir())}
        outcomes.append((done.returncode, done.stdout, done.stderr, files))
    return outcomes


def test_the_zygote_is_used_and_agrees_with_the_console_script(tmp_path):
    cases = [
        (["--version"], {}),
        (["check", "."], {}),
        (["check", "--format", "json", "."], {}),
        (["rewrite", "--diff", "."], {}),
        (["rewrite", "."], {}),
        (["rewrite", "-"], {"input": SCRIPT.encode()}),
        (["check", "--no-such-option"], {}),
        (["check", "missing-folder"], {}),
    ]
    for args, kwargs in cases:
        real, forked = _both(tmp_path, args, **kwargs)
        assert real == forked, (args, real[:3], forked[:3])
    assert cli_zygote._zygote is not None and cli_zygote._zygote.alive()  # the runs above went through it
    assert real[0] == 2 and b"missing-folder" in real[2]  # the last case is one line of trouble in both


def test_a_run_the_zygote_cannot_reproduce_gets_a_real_process(tmp_path):
    cli = shutil.which("houston-codemod")
    # an environment that changes how the interpreter starts: only a real start honours it
    assert not cli_zygote._eligible([cli, "--version"], {"env": {**os.environ, "PYTHONIOENCODING": "latin-1"}})
    assert not cli_zygote._eligible(["git", "--version"], {})
    assert cli_zygote._eligible([cli, "--version"], {"capture_output": True})
    done = subprocess.run([cli, "--version"], capture_output=True, env={**os.environ, "PYTHONIOENCODING": "latin-1"})
    assert done.returncode == 0 and done.stdout.startswith(b"houston-codemod")
