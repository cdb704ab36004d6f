"""Reports placed on HEAD, made from a working tree that is not HEAD's (red team 28, report 11a, f3 and f4).

f3: ``check --format rdjson --changed-since BASE`` (and SARIF, and ``rewrite --check`` with either) computed
its suggestions from an uncommitted working-tree copy; reviewdog places them on HEAD's lines (code scanning
applies SARIF fixes to the commit), and applied there the suggestion broke the document, exit 0, no word.  Now
such a file keeps its findings but loses its fixes, with one line naming it; the exit code is the check's.

f4: ``review`` judged a file identical to HEAD with an uncommitted copy of the module it imports (the helper's
URL edited to a Houston one) and posted a migration suggestion, no word.  Now one warning names the other files
that differ from HEAD (exit code unchanged).  Variant B: a file of the pull request that is a folder in the
working tree was skipped with no line; it now gets its line, like a deleted one, exit 2.
"""

import json
import os
import sys

import pytest

sys.path.insert(0, os.path.dirname(__file__))

from test_rt28_review_commit import edit_uncommitted, git, pull_request  # noqa: E402
from trust_cli import run_cli  # noqa: E402


def _suggested(report_format, report):
    """The paths that carry a fix in a SARIF or rdjson report."""
    if report_format == "rdjson":
        return sorted(d["location"]["path"] for d in report["diagnostics"] if d.get("suggestions"))
    results = report["runs"][0]["results"]
    return sorted(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results if r.get("fixes"))


def _lines(stderr, words):
    return [line for line in stderr.splitlines() if words in line]


@pytest.mark.parametrize("command", [("check",), ("rewrite", "--check")], ids=["check", "rewrite-check"])
@pytest.mark.parametrize("report_format", ["rdjson", "sarif"])
def test_a_file_edited_after_head_gets_no_fix(tmp_path, report_format, command):
    repo = pull_request(tmp_path)
    edit_uncommitted(repo)
    done = run_cli(*command, "--format", report_format, "--changed-since", "main", "--no-cache", "-j1", ".", cwd=repo)
    assert done.returncode == (0 if command == ("check",) else 1), done.stderr
    assert "Traceback" not in done.stderr
    (line,) = _lines(done.stderr, "no fixes in the")
    assert line.startswith("houston-codemod: deploy.py: no fixes") and "differs from HEAD" in line, line
    report = json.loads(done.stdout)
    assert _suggested(report_format, report) == ["other.py"]  # the clean file keeps its fix
    assert "deploy.py" in done.stdout  # its findings are still reported
    assert not _lines(done.stderr, "warning:")  # the edited file has its own line


@pytest.mark.parametrize("report_format", ["rdjson", "sarif"])
def test_control_a_clean_tree_keeps_every_fix(tmp_path, report_format):
    repo = pull_request(tmp_path)
    done = run_cli("check", "--format", report_format, "--changed-since", "main", "--no-cache", "-j1", ".", cwd=repo)
    assert done.returncode == 0, done.stderr
    assert not _lines(done.stderr, "no fixes in the") and not _lines(done.stderr, "warning:")
    assert _suggested(report_format, json.loads(done.stdout)) == ["deploy.py", "other.py"]


HELPER = '''import requests

URL = "https://cmdb.acme-corp.net/graphql"

def send(query, variables=None):
    return requests.post(URL, json={"query": query, "variables": variables or {}}).json()
'''
JOB = '''from lib.client import send

Q = """
query Deps($ws: Uuid!) {
  workspaceDeployments(workspaceUuid: $ws) {
    id
    airflowVersion
  }
}
"""

def run(ws):
    return send(Q, {"ws": ws})
'''


def _helper_repository(tmp_path):
    """``main`` with lib/client.py posting to a CMDB; ``pr`` adding job.py, which sends its document through it."""
    repo = pull_request(tmp_path)
    (repo / "lib").mkdir()
    (repo / "lib" / "__init__.py").write_text("")
    (repo / "lib" / "client.py").write_text(HELPER)
    git(repo, "add", "lib")
    git(repo, "commit", "-qm", "helper")
    git(repo, "branch", "-f", "main")
    (repo / "job.py").write_text(JOB)
    git(repo, "add", "job.py")
    git(repo, "commit", "-qm", "job")
    return repo


@pytest.mark.parametrize("command", [("review",), ("check", "--format", "github-review"), ("check", "--format", "rdjson")],
                         ids=["review", "check-github-review", "check-rdjson"])
def test_a_helper_edited_after_head_is_named_once(tmp_path, command):
    repo = _helper_repository(tmp_path)
    clean = run_cli(*command, "--changed-since", "main", "--no-cache", "-j1", ".", cwd=repo)
    assert not _lines(clean.stderr, "warning:"), clean.stderr
    (repo / "lib" / "client.py").write_text(HELPER.replace("https://cmdb.acme-corp.net/graphql", "https://houston.acme-corp.io/v1"))
    (repo / "README.md").write_text("edited docs: never read\n")
    done = run_cli(*command, "--changed-since", "main", "--no-cache", "-j1", ".", cwd=repo)
    assert "Traceback" not in done.stderr
    (line,) = _lines(done.stderr, "warning:")
    assert "1 other file(s) differ from HEAD" in line and "(lib/client.py)" in line and "README" not in line, line
    assert done.returncode in (0, 1), done.stderr  # a warning: the exit code is the run's verdicts'


def test_a_file_of_the_pull_request_that_is_a_folder_in_the_working_tree_is_named(tmp_path):
    repo = pull_request(tmp_path)
    (repo / "other.py").unlink()
    (repo / "other.py").mkdir()
    (repo / "other.py" / "inner.py").write_text("x = 1\n")
    done = run_cli("review", "--changed-since", "main", "--no-cache", "-j1", ".", cwd=repo)
    assert done.returncode == 2, done.stderr
    (line,) = _lines(done.stderr, "not reviewed")
    assert line.startswith("houston-codemod: other.py: not reviewed: a folder in the working tree"), line
    assert "Traceback" not in done.stderr
    assert [c["path"] for c in json.loads(done.stdout)["comments"]] == ["deploy.py"]
