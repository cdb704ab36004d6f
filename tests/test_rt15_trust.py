"""Red team 14 (report 11a): trust findings outside the migration rules, through the installed command.

F4: ``fleet`` passes all-repos' output (each repository's diff, the ``git commit -m`` command) and
the commit message it pushes through the token redactor, as every report is.
F2: ``schema fetch`` refuses an introspection answer with no query type (nothing written, exit 2).
F6: ``schema fetch -o`` and ``fleet status -o`` never replace a script, Dockerfile or configuration.
"""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("all_repos")

from test_fleet import World, console_script  # noqa: E402  (the real all-repos world of the fleet tests)
from test_trust_secrets_more import TOKEN, assert_clean  # noqa: E402

EXAMPLE = (Path(__file__).resolve().parent.parent / "examples" / "create_deployment.py").read_bytes()
# A script selecting a field named like the token (the README's "used as a field name" case),
# and passing it as a variable: both the diff and the review items would show it.
HOLDS_TOKEN = EXAMPLE.replace(b"    releaseName\n", f"    releaseName\n    {TOKEN}\n".encode(), 1) + f'''

CREATE_AS = """
mutation CreateAs($ws: Uuid!, ${TOKEN}: String!) {{
  createDeployment(workspaceUuid: $ws, label: "l", type: "airflow", airflowVersion: ${TOKEN}) {{ id }}
}}
"""


def create_as(ws, {TOKEN}):
    return requests.post(HOUSTON_URL, json={{"query": CREATE_AS, "variables": {{"ws": ws, "{TOKEN}": {TOKEN}}}}},
                         headers=HEADERS)
'''.encode()


def test_fleet_shows_and_pushes_no_token(tmp_path):
    assert TOKEN.encode() in HOLDS_TOKEN
    world = World(tmp_path, {"org/holds-token": {"deploy.py": (HOLDS_TOKEN, b"")}})
    world.clone()
    env = {"HOUSTON_API_TOKEN": TOKEN}
    dry = world.fleet("--dry-run", env=env)
    assert dry.returncode == 1, dry.stderr
    assert "diff --git" in dry.stdout and "***" in dry.stdout  # the diff is still shown, masked
    assert_clean(dry.stdout + dry.stderr)
    before = world.heads()
    done = world.fleet(env=env)
    assert done.returncode == 0, done.stderr
    assert_clean(done.stdout + done.stderr)
    assert world.heads() != before
    message = world.git(world.origins / "org/holds-token", "log", "--all", "--format=%B")  # merge_to_master merges
    assert "Migrated:" in message and "***" in message
    assert_clean(message)
    # The file itself is the user's: its real bytes, token and all, are what was committed.
    pushed = world.git(world.origins / "org/holds-token", "show", "HEAD:deploy.py")
    assert TOKEN in pushed and 'runtimeVersion: "' in pushed


# --------------------------------------------------------------------------- F2, F6: what -o may replace

from houston_server import TOKEN as SERVER_TOKEN  # noqa: E402
from houston_server import HoustonServer  # noqa: E402
from trust_cli import run_cli  # noqa: E402


def test_schema_fetch_replaces_a_schema_file_and_nothing_else(tmp_path):
    script, dockerfile, config = tmp_path / "deploy.py", tmp_path / "Dockerfile", tmp_path / "pyproject.toml"
    operations, schema, report = tmp_path / "ops.graphql", tmp_path / "houston.graphql", tmp_path / "notes.txt"
    originals = {
        script: EXAMPLE,
        dockerfile: b"FROM quay.io/astronomer/ap-airflow:2.3.4\n",
        config: b"[tool.houston-codemod]\n",
        operations: b"query Q { deployments { id } }\n",
    }
    for path, data in originals.items():
        path.write_bytes(data)
    schema.write_bytes(b"type Query { old: String }\n")
    report.write_bytes(b"an earlier note\n")
    env = {"HOUSTON_API_TOKEN": SERVER_TOKEN}
    with HoustonServer(catalogue={}) as server:
        for path in originals:
            refused = run_cli("schema", "fetch", server.url, "-o", path, env=env)
            assert refused.returncode == 2 and refused.stderr.count("\n") == 1, refused.stderr
            assert "nothing written" in refused.stderr and path.read_bytes() == originals[path]
        for path in (schema, report, tmp_path / "new.graphql"):  # its documented use, and any report name
            written = run_cli("schema", "fetch", server.url, "-o", path, env=env)
            assert written.returncode == 0, written.stderr
            assert "type Query" in path.read_text() and "createDeployment" in path.read_text()
    with HoustonServer(catalogue={}, answer={"data": {"__schema": {"queryType": None, "types": []}}}) as empty:
        answered = run_cli("schema", "fetch", empty.url, "-o", schema, env=env)
    assert answered.returncode == 2 and "no query type" in answered.stderr, answered.stderr
    assert "createDeployment" in schema.read_text()  # the schema fetched before is kept


def test_fleet_status_output_is_never_a_script(tmp_path):
    world = World(tmp_path, {"org/holds-token": {"deploy.py": (EXAMPLE, b"")}})
    world.clone()
    script = tmp_path / "x.py"
    script.write_bytes(EXAMPLE)
    refused = world.run(console_script("houston-codemod"), "fleet", "status", "-C", str(world.config), "-o", str(script))
    assert refused.returncode == 2 and "nothing written" in refused.stderr, refused.stderr
    assert script.read_bytes() == EXAMPLE


# --------------------------------------------------------------------------- F11: -o through a checkout's link


def test_a_report_is_never_written_through_a_link_the_checkout_holds(tmp_path):
    outside = tmp_path / "outside.txt"
    outside.write_text("precious\n")
    project = tmp_path / "proj"
    (project / ".git" / "hooks").mkdir(parents=True)
    hook = project / ".git" / "hooks" / "pre-commit"
    hook.write_text("#!/bin/sh\n")
    hook.chmod(0o755)
    (project / "s.py").write_bytes(EXAMPLE)
    (project / "houston.sarif").symlink_to("../outside.txt")
    (project / "dangling.sarif").symlink_to("../newfile.txt")
    (project / "report.html").symlink_to(".git/hooks/pre-commit")
    (project / "reports").symlink_to(tmp_path)  # a folder link: -o reports/x.json lands outside
    runs = [
        ("check", "--format", "sarif", "-o", "houston.sarif", "."),
        ("check", "--format", "sarif", "-o", "dangling.sarif", "."),
        ("check", "--format", "html", "-o", "report.html", "."),
        ("rewrite", "--check", "--format", "github-review", "-o", "reports/review.json", "."),
    ]
    for args in runs:
        completed = run_cli(*args, cwd=project)
        assert completed.returncode == 2, (args, completed.stderr)
        assert "is a symbolic link" in completed.stderr and completed.stderr.count("\n") == 1, completed.stderr
    assert outside.read_text() == "precious\n" and not (tmp_path / "newfile.txt").exists()
    assert hook.read_text() == "#!/bin/sh\n" and hook.stat().st_mode & 0o777 == 0o755
    assert not (tmp_path / "review.json").exists()
    # The same reports under their own names are written.
    written = run_cli("check", "--format", "sarif", "-o", "real.sarif", ".", cwd=project)
    assert written.returncode == 0 and (project / "real.sarif").is_file(), written.stderr


# --------------------------------------------------------------------------- F8: the job summary's file


def test_the_job_summary_is_never_appended_to_a_script(tmp_path):
    (tmp_path / "s1.py").write_bytes(EXAMPLE)
    (tmp_path / "s2.py").write_bytes(EXAMPLE)
    summary = tmp_path / "step_summary_1a2b"  # the runner's own file: no kind the tool reads
    for target, written in ((tmp_path / "s1.py", False), (summary, True)):
        completed = run_cli("check", ".", cwd=tmp_path, env={"GITHUB_STEP_SUMMARY": str(target)})
        assert completed.returncode == 0, completed.stderr
        if written:
            assert "houston-codemod" in summary.read_text()
        else:
            assert "no summary written" in completed.stderr and (tmp_path / "s1.py").read_bytes() == EXAMPLE


# --------------------------------------------------------------------------- F10: Ctrl-C in any command

import signal  # noqa: E402
import subprocess  # noqa: E402
import time  # noqa: E402

from trust_cli import SCRIPT  # noqa: E402


def test_ctrl_c_during_schema_fetch_is_exit_130_and_one_line(tmp_path):
    out = tmp_path / "live.graphql"
    with HoustonServer(catalogue={}, drip=1.0) as server:
        process = subprocess.Popen([SCRIPT, "schema", "fetch", server.url, "-o", str(out), "--timeout", "60"],
                                   env={**__import__("os").environ, "HOUSTON_API_TOKEN": SERVER_TOKEN},
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 30
        while not server.requests and time.monotonic() < deadline:  # the request is in flight
            time.sleep(0.05)
        assert server.requests
        time.sleep(0.3)
        process.send_signal(signal.SIGINT)
        stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, (process.returncode, stderr)
    assert stderr.splitlines() == ["houston-codemod: interrupted"] and "Aborted" not in stderr
    assert not out.exists()


# --------------------------------------------------------------------------- F7: output that cannot be written


IN_A_FUNCTION = b'''import requests


def deploy():
    doc = """
mutation { createDeployment(workspaceUuid: "w", label: "x", type: "airflow", airflowVersion: "2.3.1") { id } }
"""
    requests.post("https://houston.example.com/v1", json={"query": doc})
'''


@pytest.mark.parametrize("args", [("rewrite", "--check", "."), ("rewrite", "--check", "-"), ("schema", "diff", "1.0.0", "1.0.1")])
def test_a_closed_or_full_stdout_is_exit_2_and_one_line(tmp_path, args):
    import os

    # On stdin a module-level document is held (no project: red team 17, 11b, F21), so the stdin case
    # sends one built inside a function, which --check still finds to change and reports on stdout.
    (tmp_path / "s.py").write_bytes(EXAMPLE if "-" not in args else IN_A_FUNCTION)
    for where, expected in (("closed", "stdout is closed"), ("full", "No space left on device")):
        with open(tmp_path / "s.py", "rb") as stdin, open("/dev/full", "wb") as full:
            completed = subprocess.run(
                [SCRIPT, *args], cwd=tmp_path, stdin=stdin, stderr=subprocess.PIPE, text=True, timeout=120,
                stdout=full if where == "full" else None,
                preexec_fn=(lambda: os.close(1)) if where == "closed" else None,
            )
        assert completed.returncode == 2, (where, completed.stderr)
        assert expected in completed.stderr and "internal error" not in completed.stderr, completed.stderr
