"""Red team pass 21, report 11a, f13: ``-o FILE`` over an existing file keeps what ``rewrite`` keeps.

A 600 report came back 644 (readable by every local user), a read-only (444) report or a 400 schema
was replaced without a word, an ``-o`` file owned by someone else came back root's, and a hard-linked
one was split from its other name.  Now an existing report or schema keeps its mode, owner and group;
a read-only or hard-linked one is refused with one line, exit 2, the file untouched.
"""

import os
import stat

from houston_server import TOKEN as SERVER_TOKEN
from houston_server import HoustonServer
from trust_cli import run_cli

SCRIPT = '''import requests
CREATE = """
mutation {
  createDeployment(workspaceUuid: "w", label: "etl", type: "airflow", airflowVersion: "2.3.4-11") { id }
}
"""
def go(token):
    return requests.post("https://houston.example.com/v1", json={"query": CREATE}, headers={"authorization": token})
'''


def _mode(path):
    return stat.S_IMODE(path.stat().st_mode)


def _check(tmp_path, name, *extra):
    return run_cli("check", "--no-cache", "-j", "1", "--format", "json", *extra, "-o", name, "s.py", cwd=tmp_path)


def test_a_private_report_stays_private_and_keeps_its_owner(tmp_path):
    (tmp_path / "s.py").write_text(SCRIPT)
    report = tmp_path / "private-report.json"
    report.write_text("{}\n")
    report.chmod(0o600)
    done = _check(tmp_path, report.name)
    assert done.returncode in (0, 1), done.stderr
    assert "createDeployment" in report.read_text()
    assert _mode(report) == 0o600
    if os.geteuid() == 0:  # as root, the owner and group are kept too
        os.chown(report, 12345, 23456)
        report.chmod(0o640)
        done = _check(tmp_path, report.name)
        assert done.returncode in (0, 1), done.stderr
        status = report.stat()
        assert (status.st_uid, status.st_gid, stat.S_IMODE(status.st_mode)) == (12345, 23456, 0o640)
    explained = run_cli("check", "--no-cache", "-j", "1", "--explain", "s.py", "-o", report.name, cwd=tmp_path)
    assert explained.returncode == 0, explained.stderr
    assert _mode(report) in (0o600, 0o640) and "Houston" in report.read_text()


def test_a_read_only_report_is_refused_with_one_line(tmp_path):
    (tmp_path / "s.py").write_text(SCRIPT)
    report = tmp_path / "frozen-report.json"
    report.write_text("{}\n")
    report.chmod(0o444)
    done = _check(tmp_path, report.name)
    assert done.returncode == 2, done.stderr
    assert report.read_text() == "{}\n" and _mode(report) == 0o444
    assert done.stderr.splitlines() == [
        "houston-codemod: -o frozen-report.json: read-only (no write permission for its owner); nothing written"
    ], done.stderr


def test_a_hard_linked_report_is_refused_and_stays_linked(tmp_path):
    (tmp_path / "s.py").write_text(SCRIPT)
    report, other = tmp_path / "report.json", tmp_path / "archive.json"
    report.write_text("{}\n")
    os.link(report, other)
    done = _check(tmp_path, report.name)
    assert done.returncode == 2, done.stderr
    assert done.stderr.splitlines() == [
        "houston-codemod: -o report.json: has 1 other hard link(s); nothing written"
    ], done.stderr
    assert report.read_text() == "{}\n" and os.path.samefile(report, other)


def test_schema_fetch_keeps_the_mode_and_refuses_a_read_only_schema(tmp_path):
    private, frozen = tmp_path / "private.graphql", tmp_path / "houston.graphql"
    for path, mode in ((private, 0o600), (frozen, 0o400)):
        path.write_text("type Query { old: String }\n")
        path.chmod(mode)
    env = {"HOUSTON_API_TOKEN": SERVER_TOKEN}
    with HoustonServer(catalogue={}) as server:
        written = run_cli("schema", "fetch", server.url, "-o", private, env=env)
        refused = run_cli("schema", "fetch", server.url, "-o", frozen, env=env)
    assert written.returncode == 0, written.stderr
    assert "createDeployment" in private.read_text() and _mode(private) == 0o600
    assert refused.returncode == 2 and refused.stderr.count("\n") == 1, refused.stderr
    assert "read-only" in refused.stderr, refused.stderr
    assert frozen.read_text() == "type Query { old: String }\n" and _mode(frozen) == 0o400


def test_control_a_new_report_follows_the_umask(tmp_path):
    (tmp_path / "s.py").write_text(SCRIPT)
    old = os.umask(0o022)
    try:
        done = _check(tmp_path, "new-report.json")
    finally:
        os.umask(old)
    assert done.returncode in (0, 1), done.stderr
    assert _mode(tmp_path / "new-report.json") == 0o644
    assert "createDeployment" in (tmp_path / "new-report.json").read_text()


def test_a_writable_report_is_replaced_keeping_its_mode(tmp_path):
    (tmp_path / "s.py").write_text(SCRIPT)
    report = tmp_path / "report.json"
    report.write_text("{}\n")
    report.chmod(0o664)
    done = _check(tmp_path, report.name)
    assert done.returncode in (0, 1), done.stderr
    assert "createDeployment" in report.read_text() and _mode(report) == 0o664
