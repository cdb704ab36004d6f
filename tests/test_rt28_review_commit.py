"""A review posted against a commit is computed from that commit's content (red team 27, report 11a, f1).

``review`` (also with ``--github``), ``rewrite --check --format github-review --changed-since`` and
``check --format github-review --changed-since`` name ``commit_id`` = HEAD, and GitHub places each
comment on that commit's lines; but the run reads the working tree.  With two comment lines added
at the top of ``deploy.py`` and not committed, the suggestion went on HEAD's line 10, the closing
triple quote: accepting it broke the script, with exit 1 and no word.  Now a file of the pull
request whose working tree differs from HEAD (edited, staged) is not reviewed: one line naming it,
exit 2, and the other files of the pull request are still reviewed, on HEAD's lines.
"""

import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(__file__))

from trust_cli import git_tree, run_cli  # noqa: E402

DEPLOY = '''import requests

HOUSTON = "https://houston.example.com/v1"

def create(ws):
    q = """
mutation Create($ws: Uuid!) {
  createDeployment(workspaceUuid: $ws, label: "etl", type: "airflow", airflowVersion: "2.3.4-11") { id }
}
"""
    return requests.post(HOUSTON, json={"query": q, "variables": {"ws": ws}}).json()
'''
OTHER = DEPLOY.replace('"etl"', '"other"')
GIT_ENV = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@t",
           "GIT_CONFIG_NOSYSTEM": "1"}


def git(repo, *args):
    env = dict(os.environ, **GIT_ENV, HOME=str(repo))
    return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True, env=env).stdout


def pull_request(tmp_path):
    """``main`` with a README, branch ``pr`` (checked out) adding deploy.py and other.py, committed."""
    repo = tmp_path / "repo"
    git_tree(repo, {"README.md": "hi\n"})
    git(repo, "checkout", "-qb", "main")
    git(repo, "add", "README.md")
    git(repo, "commit", "-qm", "base")
    git(repo, "checkout", "-qb", "pr")
    (repo / "deploy.py").write_text(DEPLOY)
    (repo / "other.py").write_text(OTHER)
    git(repo, "add", "deploy.py", "other.py")
    git(repo, "commit", "-qm", "add deploy scripts")
    return repo


def edit_uncommitted(repo):
    (repo / "deploy.py").write_text("# TODO: retry\n# owner: data-platform\n" + DEPLOY)


def on_head_lines(repo, review):
    """Each suggestion's comment, checked against the line of ``commit_id`` it is posted on: the path and the
    HEAD line it replaces (which must be the line the suggestion migrates)."""
    placed = []
    for comment in review["comments"]:
        head = git(repo, "show", f"{review['commit_id']}:{comment['path']}").split("\n")
        line = head[comment["line"] - 1]
        suggestion = comment["body"].split("```suggestion\n", 1)[1].split("\n```", 1)[0]
        assert "createDeployment" in line, (comment["path"], comment["line"], line)
        assert suggestion == line.replace('airflowVersion: "2.3.4-11"', 'runtimeVersion: "5.5.0"')
        placed.append((comment["path"], comment["line"]))
    return placed


def refused_lines(stderr):
    return [line for line in stderr.splitlines() if "not reviewed" in line]


def test_review_refuses_a_file_edited_after_head_and_reviews_the_rest(tmp_path):
    repo = pull_request(tmp_path)
    edit_uncommitted(repo)
    completed = run_cli("review", "--changed-since", "main", "--no-cache", "-j1", ".", cwd=repo)
    assert completed.returncode == 2, completed.stderr
    assert "Traceback" not in completed.stderr
    (line,) = refused_lines(completed.stderr)
    assert line.startswith("houston-codemod: deploy.py: not reviewed") and "differs from HEAD" in line
    review = json.loads(completed.stdout)
    assert on_head_lines(repo, review) == [("other.py", 8)]  # the clean file: on HEAD's line
    assert "deploy.py" not in completed.stdout


def test_rewrite_check_github_review_refuses_it_too(tmp_path):
    repo = pull_request(tmp_path)
    edit_uncommitted(repo)
    completed = run_cli(
        "rewrite", "--check", "--format", "github-review", "--changed-since", "main", "--no-cache", "-j1", ".", cwd=repo
    )
    assert completed.returncode == 2, completed.stderr
    assert len(refused_lines(completed.stderr)) == 1
    review = json.loads(completed.stdout)
    assert on_head_lines(repo, review) == [("other.py", 8)]
    assert "deploy.py" not in completed.stdout


def test_check_github_review_refuses_it_too(tmp_path):
    repo = pull_request(tmp_path)
    edit_uncommitted(repo)
    completed = run_cli("check", "--format", "github-review", "--changed-since", "main", "--no-cache", "-j1", ".", cwd=repo)
    assert completed.returncode == 2, completed.stderr
    assert len(refused_lines(completed.stderr)) == 1
    assert on_head_lines(repo, json.loads(completed.stdout)) == [("other.py", 8)]


def test_a_staged_change_is_not_head_either(tmp_path):
    repo = pull_request(tmp_path)
    edit_uncommitted(repo)
    git(repo, "add", "deploy.py")
    completed = run_cli("review", "--changed-since", "main", "--no-cache", "-j1", ".", cwd=repo)
    assert completed.returncode == 2, completed.stderr
    assert len(refused_lines(completed.stderr)) == 1
    assert "deploy.py" not in completed.stdout


def test_a_file_of_the_pull_request_deleted_in_the_working_tree_is_named(tmp_path):
    """The run never saw it: without a line, the review said nothing of what HEAD's copy needs, exit 1 or 0."""
    repo = pull_request(tmp_path)
    (repo / "other.py").unlink()
    (repo / "notes.md").write_text("a file the run does not read\n")
    git(repo, "add", "notes.md")
    git(repo, "commit", "-qm", "notes")
    (repo / "notes.md").unlink()  # not a kind the run reads: no line
    completed = run_cli("review", "--changed-since", "main", "--no-cache", "-j1", ".", cwd=repo)
    assert completed.returncode == 2, completed.stderr
    (line,) = refused_lines(completed.stderr)
    assert line.startswith("houston-codemod: other.py: not reviewed: deleted in the working tree"), line
    assert on_head_lines(repo, json.loads(completed.stdout)) == [("deploy.py", 8)]


def test_review_github_posts_the_clean_files_only(tmp_path):
    from fake_github import FakeGitHub

    repo = pull_request(tmp_path)
    edit_uncommitted(repo)
    event = tmp_path / "event.json"
    with FakeGitHub(repo, "main", "pr") as github:
        event.write_text(json.dumps({"pull_request": {"number": github.number}}))
        env = {"GITHUB_TOKEN": github.token, "GITHUB_REPOSITORY": github.repository, "GITHUB_API_URL": github.url,
               "GITHUB_EVENT_PATH": str(event), "GITHUB_ACTIONS": "true"}
        completed = run_cli("review", "--github", "--changed-since", "main", "--no-cache", "-j1", ".", cwd=repo, env=env)
    assert completed.returncode == 2, completed.stderr
    assert len(refused_lines(completed.stderr)) == 1
    assert not github.rejected
    assert [(c["path"], c["line"]) for c in github.comments] == [("other.py", 8)]
    assert all("deploy.py" not in review["body"] for review in github.reviews)


def test_controls_a_clean_checkout_and_a_touched_file_are_reviewed_whole(tmp_path):
    repo = pull_request(tmp_path)
    os.utime(repo / "deploy.py", (1, 1))  # only its time changed: the same content as HEAD's
    os.chmod(repo / "other.py", 0o755)  # only its mode: the same lines as HEAD's
    completed = run_cli("review", "--changed-since", "main", "--no-cache", "-j1", ".", cwd=repo)
    assert completed.returncode == 1, completed.stderr
    assert not refused_lines(completed.stderr)
    assert sorted(on_head_lines(repo, json.loads(completed.stdout))) == [("deploy.py", 8), ("other.py", 8)]
    # an untracked file is no file of the pull request: not reviewed, not refused
    (repo / "scratch.py").write_text(DEPLOY)
    completed = run_cli("review", "--changed-since", "main", "--no-cache", "-j1", ".", cwd=repo)
    assert completed.returncode == 1, completed.stderr
    assert not refused_lines(completed.stderr)
