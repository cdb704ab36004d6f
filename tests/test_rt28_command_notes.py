"""The command's own minor notes (red team 27, report 11a, minor notes a, b, c).

(a) SIGTERM ended ``rewrite`` with ``houston-codemod: terminated`` alone, where Ctrl-C's line says how
many files were rewritten; now it says the same counts, exit 143, and a file being written when the
signal came is finished and counted.
(b) A CR-only file is one line for git and GitHub: its review suggestion replaced "line 1" with the
whole file, its CRs inside a comment GitHub reads as line breaks; now such a fix is a plain comment
saying why it is not suggested.
(c) ``include = []`` in ``[tool.houston-codemod]`` ran on the whole tree; now it is one line, exit 2.
"""

import json
import os
import signal
import subprocess
import sys

import pytest

sys.path.insert(0, os.path.dirname(__file__))

from test_rt28_review_commit import DEPLOY, git, pull_request  # noqa: E402
from test_trust_files import _heavy_tree, _rewritten, _wait_until_rewritten  # noqa: E402
from trust_cli import SCRIPT, project_tree, run_cli  # noqa: E402


@pytest.mark.skipif(not hasattr(os, "killpg"), reason="needs process groups")
def test_a_sigterm_ends_rewrite_with_the_count_of_files_rewritten(tmp_path):
    originals = _heavy_tree(tmp_path / "tree", 150)
    process = subprocess.Popen(
        [SCRIPT, "rewrite", "--no-cache", "--jobs", "1", str(tmp_path / "tree")],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
    )
    try:
        _wait_until_rewritten(process, originals, 3)
        os.kill(process.pid, signal.SIGTERM)  # what `timeout` and a cancelled CI job send: the parent
        stdout, stderr = process.communicate(timeout=120)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 143, stderr[-2000:]
    done = _rewritten(originals)
    assert 3 <= len(done) < len(originals)
    text = stderr.decode("utf-8")
    assert "Traceback" not in text
    (line,) = text.splitlines()
    assert line.startswith(f"houston-codemod: terminated: {len(done)} files rewritten; "), line
    assert stdout == b""
    assert [p for p in (tmp_path / "tree").iterdir() if p.suffix != ".py"] == []  # no temporary file left


@pytest.mark.skipif(not hasattr(os, "killpg"), reason="needs process groups")
def test_a_sigterm_ends_rewrite_check_with_what_would_be_rewritten(tmp_path):
    originals = _heavy_tree(tmp_path / "tree", 150)
    process = subprocess.Popen(
        [SCRIPT, "rewrite", "--check", "--no-cache", "--jobs", "1", str(tmp_path / "tree")],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
    )
    try:
        listed = [process.stdout.readline() for _ in range(3)]  # the paths it would rewrite, as it goes
        assert all(listed), "ended before listing three files"
        os.kill(process.pid, signal.SIGTERM)
        stdout, stderr = process.communicate(timeout=120)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 143
    total = len(listed) + len(stdout.splitlines())
    (line,) = stderr.decode("utf-8").splitlines()
    assert line.startswith("houston-codemod: terminated: nothing written; ") and f", {total} would be rewritten, " in line, line
    assert not _rewritten(originals)


def _review_comments(tmp_path, newline, message):
    """The pull request's review comments by path, its deploy.py committed with ``newline`` line endings."""
    repo = pull_request(tmp_path)
    (repo / "deploy.py").write_bytes(DEPLOY.replace("\n", newline).encode())
    git(repo, "commit", "-qam", message)
    completed = run_cli("review", "--changed-since", "main", "--no-cache", "-j1", ".", cwd=repo)
    assert completed.returncode == 1, completed.stderr
    return {c["path"]: c for c in json.loads(completed.stdout)["comments"]}


def test_a_cr_only_file_gets_a_plain_comment_not_a_whole_file_suggestion(tmp_path):
    comments = _review_comments(tmp_path, "\r", "CR-only line endings")
    assert "```suggestion" not in comments["deploy.py"]["body"]
    assert "CR-only line ending" in comments["deploy.py"]["body"] and "houston-codemod rewrite" in comments["deploy.py"]["body"]
    # control: the LF file beside it keeps its one-line suggestion
    assert comments["other.py"]["line"] == 8 and "```suggestion\n" in comments["other.py"]["body"]


def test_a_crlf_file_keeps_its_suggestion(tmp_path):
    comments = _review_comments(tmp_path, "\r\n", "CRLF line endings")
    assert comments["deploy.py"]["line"] == 8 and "```suggestion\n" in comments["deploy.py"]["body"]


def test_an_empty_include_list_is_one_line_and_exit_2(tmp_path):
    project_tree(tmp_path, {"pyproject.toml": "[tool.houston-codemod]\ninclude = []\n", "deploy.py": DEPLOY})
    for command in (["check"], ["rewrite", "--check"], ["check", "."]):
        completed = run_cli(*command, "--no-cache", cwd=tmp_path)
        assert completed.returncode == 2, (command, completed.stderr)
        (line,) = completed.stderr.splitlines()
        assert "include is empty" in line and "pyproject.toml" in line, line
        assert completed.stdout == ""
    assert (tmp_path / "deploy.py").read_text() == DEPLOY
    # control: a list naming a folder, and no include at all, still run
    (tmp_path / "pyproject.toml").write_text('[tool.houston-codemod]\ninclude = ["."]\n')
    assert run_cli("rewrite", "--check", "--no-cache", cwd=tmp_path).returncode == 1
    (tmp_path / "pyproject.toml").write_text("[tool.houston-codemod]\nexclude = []\n")
    assert run_cli("rewrite", "--check", "--no-cache", cwd=tmp_path).returncode == 1


def _git_offset(text, position):
    """An rdjson position read as reviewdog and GitHub read it: lines at LF alone, columns in UTF-8 bytes."""
    starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]
    start = starts[position["line"] - 1]
    return start + len(text[start:].encode("utf-8")[: position["column"] - 1].decode("utf-8"))


def test_rdjson_numbers_lines_as_git_does_and_gives_no_suggestion_over_a_lone_cr(tmp_path):
    """The class of note (b) through reviewdog: its suggestion went on the finding's line counted with the
    lone CR as a break, one line below git's (`}` instead of the createDeployment line)."""
    header = "# generated\r# on an old Mac\n"
    project_tree(tmp_path, {})
    (tmp_path / "head.py").write_bytes((header + DEPLOY).encode())
    (tmp_path / "cronly.py").write_bytes(DEPLOY.replace("\n", "\r").encode())
    (tmp_path / "plain.py").write_text(DEPLOY)
    completed = run_cli("check", "--format", "rdjson", "--no-cache", "-j1", ".", cwd=tmp_path)
    assert completed.returncode == 0, completed.stderr
    migrations = {
        d["location"]["path"]: d for d in json.loads(completed.stdout)["diagnostics"] if d["code"]["value"] == "migrate-version-argument"
    }
    expected = DEPLOY.replace('airflowVersion: "2.3.4-11"', 'runtimeVersion: "5.5.0"')
    for path, text, migrated in (("head.py", header + DEPLOY, header + expected), ("plain.py", DEPLOY, expected)):
        diagnostic = migrations[path]
        line = text.split("\n")[diagnostic["location"]["range"]["start"]["line"] - 1]
        assert "createDeployment" in line, (path, diagnostic["location"])
        (suggestion,) = diagnostic["suggestions"]
        start, end = (_git_offset(text, suggestion["range"][k]) for k in ("start", "end"))
        assert text[:start] + suggestion["text"] + text[end:] == migrated, path
    # a CR-only file is one git line: the diagnostic is there, on line 1, with no suggestion
    assert migrations["cronly.py"]["location"]["range"]["start"]["line"] == 1
    assert "suggestions" not in migrations["cronly.py"]
