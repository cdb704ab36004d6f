"""The pull-request bot against a fake GitHub that enforces GitHub's review rules.

Every scenario builds a real git repository (a base branch and a pull request
branch), starts ``tests/fake_github.py`` on it, and runs the installed
``houston-codemod review --github`` the way a workflow does.  The fake refuses
a review whole (422) when one comment is off the diff, so "accepted" means
GitHub's rules held.  Applying every posted suggestion to the pull request's
head must give exactly what ``houston-codemod rewrite`` writes, on the lines
the diff shows, and leave every other line alone.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Dict, List, Tuple

from fake_github import FakeGitHub

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = (ROOT / "examples" / "create_deployment.py").read_text(encoding="utf-8")
CLI = shutil.which("houston-codemod") or str(Path(sys.executable).parent / "houston-codemod")
class _Suggestion:
    """What GitHub applies from a comment: its fenced ``suggestion`` block, read as CommonMark reads it.

    The block ends at the first line of only backticks at least as long as the opening fence (up to
    three spaces before them), not at the body's last fence: a line of three backticks inside a
    three-backtick block closes it (red team 20, report 11a, F2).  ``search(body)`` gives a match-like
    object whose ``group(1)`` is the suggested text with a final line break, or None.
    """

    _OPEN = re.compile(r" {0,3}(`{3,})suggestion[ \t]*")

    def search(self, body):
        lines = body.split("\n")
        for index, line in enumerate(lines):
            opened = self._OPEN.fullmatch(line)
            if opened is None:
                continue
            closing = re.compile(r" {0,3}`{%d,}[ \t]*" % len(opened.group(1)))
            end = next((k for k in range(index + 1, len(lines)) if closing.fullmatch(lines[k])), len(lines))
            return _Found("".join(inner + "\n" for inner in lines[index + 1 : end]))
        return None


class _Found:
    def __init__(self, text):
        self._text = text

    def group(self, number):
        assert number == 1
        return self._text


SUGGESTION = _Suggestion()
MARKER = re.compile(r"<!-- houston-codemod:[A-Za-z0-9+_-]+:[0-9a-f]{16} -->")
GIT_ENV = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@t",
           "GIT_CONFIG_NOSYSTEM": "1"}


def git(repo: Path, *args: str) -> str:
    env = dict(GIT_ENV, PATH=os.environ["PATH"], HOME=str(repo))
    return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True, env=env).stdout


def make_repo(tmp_path: Path, base_files: Dict[str, str], pr_files: Dict[str, str]) -> Path:
    """A repository with ``main`` holding ``base_files`` and branch ``pr`` (checked out) changing them."""
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    for name, text in base_files.items():
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text(text, encoding="utf-8")
    (repo / "README.md").write_text("dags\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "base")
    git(repo, "checkout", "-qb", "pr")
    for name, text in pr_files.items():
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text(text, encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "pull request")
    # The base branch moves on after the pull request branched off: GitHub's diff ignores that.
    git(repo, "checkout", "-q", "main")
    (repo / "README.md").write_text("dags, moved on\n")
    git(repo, "commit", "-qam", "main moves on")
    git(repo, "checkout", "-q", "pr")
    return repo


def bot_env(github: FakeGitHub, tmp_path: Path, **extra: str) -> Dict[str, str]:
    event = tmp_path / "event.json"
    event.write_text(json.dumps({"pull_request": {"number": github.number}}))
    env = {
        "PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin", "HOME": str(tmp_path),
        "GITHUB_TOKEN": github.token, "GITHUB_REPOSITORY": github.repository, "GITHUB_API_URL": github.url,
        "GITHUB_EVENT_PATH": str(event), "GITHUB_BASE_REF": "main", "GITHUB_ACTIONS": "true",
    }
    env.update(extra)
    return env


def run_bot(cwd: Path, env: Dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([CLI, "review", "--github", "--changed-since", "main", "-j", "1", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)


def rewritten(repo: Path) -> Path:
    """The pull request's head rewritten by ``houston-codemod rewrite`` (in a copy)."""
    copy = repo.parent / "rewritten"
    if copy.exists():
        return copy
    shutil.copytree(repo, copy, ignore=shutil.ignore_patterns(".git"))
    completed = subprocess.run([CLI, "rewrite", "-j", "1", "."], cwd=copy, capture_output=True, text=True, timeout=120)
    assert completed.returncode == 0, completed.stderr
    return copy


def apply_suggestions(text: str, comments: List[dict]) -> str:
    lines = text.split("\n")
    spans: List[Tuple[int, int]] = []
    for comment in sorted(comments, key=lambda c: c["line"], reverse=True):
        match = SUGGESTION.search(comment["body"])
        if not match:
            continue
        start, end = comment.get("start_line", comment["line"]), comment["line"]
        assert all(end < s or start > e for s, e in spans), "two suggestions on one line: GitHub applies only one"
        spans.append((start, end))
        lines[start - 1 : end] = match.group(1)[:-1].split("\n")
    return "\n".join(lines)


def check_suggestions(github: FakeGitHub, repo: Path, path: str) -> None:
    """Suggestions applied to the head == rewrite's output on the lines they cover; other lines untouched.

    Each suggestion lies in the diff, and covers whole fixes: a line the diff shows whose fix
    reaches lines it does not show gets no suggestion (red team 5, F9), so "covered", not "shown".
    """
    head = (repo / path).read_text(encoding="utf-8")
    expected = (rewritten(repo) / path).read_text(encoding="utf-8")
    mine = [c for c in github.comments if c["path"] == path]
    applied = apply_suggestions(head, mine)
    shown = set().union(*(h["RIGHT"] for h in github.pr.hunks[path]))
    covered = set()
    for comment in mine:
        if SUGGESTION.search(comment["body"]):
            covered.update(range(comment.get("start_line", comment["line"]), comment["line"] + 1))
    assert covered <= shown
    before, after, want = head.split("\n"), applied.split("\n"), expected.split("\n")
    assert len(after) == len(before) == len(want)
    for number, (old, new, wanted) in enumerate(zip(before, after, want), start=1):
        assert new == (wanted if number in covered else old), (path, number)


def suggestions(github: FakeGitHub) -> List[dict]:
    return [c for c in github.comments if SUGGESTION.search(c["body"])]


# --------------------------------------------------------------------------- scenarios


def test_a_new_houston_script_gets_every_fix_as_a_suggestion(tmp_path):
    repo = make_repo(tmp_path, {}, {"dags/create_deployment.py": EXAMPLE})
    with FakeGitHub(repo, "main", "pr") as github:
        completed = run_bot(repo, bot_env(github, tmp_path))
    assert completed.returncode == 1, completed.stderr  # 1: the pull request has something to migrate
    assert not github.rejected
    (review,) = github.reviews
    assert "0 more" not in review["body"] and "| File |" not in review["body"]  # nothing outside the diff
    # One suggestion per fix, whole (red team 5, F9): CREATE_DEPLOYMENT's argument and read field (lines 20-24),
    # and UPGRADE's variable rename with the dict the script sends it in (lines 30-52).
    spans = sorted((c.get("start_line", c["line"]), c["line"]) for c in suggestions(github))
    assert spans == [(20, 24), (30, 52)], spans
    check_suggestions(github, repo, "dags/create_deployment.py")
    after = apply_suggestions(EXAMPLE, github.comments)
    assert after == (rewritten(repo) / "dags/create_deployment.py").read_text(encoding="utf-8")
    assert all(MARKER.match(c["body"]) for c in github.comments)
    assert "posted a review on acme/dags#7" in completed.stderr


def test_a_change_outside_the_houston_lines_puts_the_migration_in_the_body(tmp_path):
    repo = make_repo(tmp_path, {"create_deployment.py": EXAMPLE}, {"create_deployment.py": "# owned by the data team\n" + EXAMPLE})
    with FakeGitHub(repo, "main", "pr") as github:
        completed = run_bot(repo, bot_env(github, tmp_path))
    assert completed.returncode == 1, completed.stderr
    assert not github.rejected and github.comments == []
    (review,) = github.reviews
    body = review["body"]
    assert "| File | Line | What to do | Suggested text |" in body
    # Each fix whole, over all its lines: the variable's rename reaches down to the dict on line 53.
    for lines, code, suggested in [("21–25", "migrate-version-argument", 'runtimeVersion: "5.5.0"'),
                                   ("31–53", "migrate-version-variable", "$desiredRuntimeVersion: String!")]:
        (row,) = [r for r in body.splitlines() if r.startswith(f"| <code>create_deployment.py</code> | {lines} ")]
        assert f"`{code}`" in row and suggested in row, row
    assert "review-desired-runtime-version" in body
    assert len(MARKER.findall(body)) == body.count("| <code>create_deployment.py</code>")


def test_a_diff_showing_part_of_a_multi_line_fix(tmp_path):
    # The PR edits line 34 of the UPGRADE document: its hunk shows lines 31-37, but UPGRADE's fix spans
    # lines 30-52 (the variable, the renamed field, the dict that sends it): no part of it is suggested
    # (red team 5, F9: a part alone breaks the script); the whole fix is one row of the body, saying why.
    changed = EXAMPLE.replace("    desiredAirflowVersion\n  }\n}", "    desiredAirflowVersion\n  }  # upgrade\n}")
    assert changed != EXAMPLE
    repo = make_repo(tmp_path, {"create_deployment.py": EXAMPLE}, {"create_deployment.py": changed})
    with FakeGitHub(repo, "main", "pr") as github:
        completed = run_bot(repo, bot_env(github, tmp_path))
    assert completed.returncode == 1, completed.stderr
    assert not github.rejected
    assert sorted(github.pr.hunks["create_deployment.py"][0]["RIGHT"]) == list(range(31, 38))
    assert suggestions(github) == []
    (review,) = github.reviews
    (row,) = [r for r in review["body"].splitlines() if r.startswith("| <code>create_deployment.py</code> | 30–52 ")]
    assert "$desiredRuntimeVersion" in row and "one fix over lines 30–52, not all in one hunk" in row
    check_suggestions(github, repo, "create_deployment.py")


def test_the_same_run_twice_posts_nothing_new(tmp_path):
    changed = EXAMPLE.replace("    desiredAirflowVersion\n  }\n}", "    desiredAirflowVersion\n  }  # upgrade\n}")
    repo = make_repo(tmp_path, {"create_deployment.py": EXAMPLE}, {"create_deployment.py": changed, "new.py": EXAMPLE})
    with FakeGitHub(repo, "main", "pr") as github:
        env = bot_env(github, tmp_path)
        first = run_bot(repo, env)
        posted = (len(github.reviews), len(github.comments))
        second = run_bot(repo, env)
    assert first.returncode == second.returncode == 1, first.stderr + second.stderr
    assert posted[0] == 1 and posted[1] >= 3  # new.py: two whole fixes and an item to review
    assert (len(github.reviews), len(github.comments)) == posted  # nothing new
    assert [m for m, p, _ in github.requests if m == "POST"] == ["POST"]
    # The lists were read page by page (the fake serves two items a page).
    assert sum(1 for m, p, _ in github.requests if p.endswith("/comments")) >= posted[1] // 2
    skipped = [line for line in second.stderr.splitlines() if "skipped, posted before:" in line]
    assert len(skipped) == posted[1] + len(MARKER.findall(github.reviews[0]["body"]))
    assert "nothing new to post on acme/dags#7" in second.stderr


def test_running_from_a_subdirectory(tmp_path):
    odd = "dags/etl/déploiement, staging: 100%.py"  # git quotes such names unless told not to
    repo = make_repo(tmp_path, {"dags/keep.py": "x = 1\n"},
                     {"dags/etl/create.py": EXAMPLE, odd: EXAMPLE, "dags/keep.py": "x = 2\n"})
    with FakeGitHub(repo, "main", "pr") as github:
        completed = run_bot(repo / "dags" / "etl", bot_env(github, tmp_path), ".")
    assert completed.returncode == 1, completed.stderr
    assert not github.rejected and github.comments
    assert {c["path"] for c in github.comments} == {"dags/etl/create.py", odd}
    check_suggestions(github, repo, "dags/etl/create.py")
    check_suggestions(github, repo, odd)


# --------------------------------------------------------------------------- the rules and the token


def test_the_fake_refuses_what_github_refuses(tmp_path):
    """Guard the fake itself: an off-diff comment, a backwards range, a foreign path, no token."""
    repo = make_repo(tmp_path, {"a.py": EXAMPLE}, {"a.py": "# x\n" + EXAMPLE})
    with FakeGitHub(repo, "main", "pr") as github:
        assert github.create_review({"body": "b", "comments": [{"path": "a.py", "line": 30, "body": "x"}]})[0] == 422
        assert github.create_review({"body": "b", "comments": [{"path": "a.py", "start_line": 3, "line": 2, "body": "x"}]})[0] == 422
        assert github.create_review({"body": "b", "comments": [{"path": "b.py", "line": 1, "body": "x"}]})[0] == 422
        status, answer = github.create_review({"body": "b", "comments": [{"path": "a.py", "start_line": 1, "line": 4, "body": "x"}]})
        assert status == 200 and answer["state"] == "COMMENTED"
        assert set(github.rejected[0]) == {"message", "errors", "documentation_url", "status"}
        assert github.rejected[0]["message"] == "Unprocessable Entity"
        env = bot_env(github, tmp_path, GITHUB_TOKEN="wrong-token")
        completed = run_bot(repo, env)
    assert completed.returncode == 2
    assert "rejected the token (HTTP 401)" in completed.stderr and "wrong-token" not in completed.stderr


def test_the_old_review_would_have_been_refused(tmp_path):
    """Without the diff (every line a comment), GitHub refuses the whole review: the bug this fixes."""
    repo = make_repo(tmp_path, {"a.py": EXAMPLE}, {"a.py": "# x\n" + EXAMPLE})
    undiffed = subprocess.run([CLI, "rewrite", "--check", "--format", "github-review", "-j", "1", "a.py"], cwd=repo,
                              capture_output=True, text=True, timeout=120)
    diffed = subprocess.run([CLI, "rewrite", "--check", "--format", "github-review", "--changed-since", "main", "-j", "1", "."],
                            cwd=repo, capture_output=True, text=True, timeout=120)
    with FakeGitHub(repo, "main", "pr") as github:
        assert github.create_review(json.loads(undiffed.stdout))[0] == 422
        assert github.create_review(json.loads(diffed.stdout))[0] == 200


def test_the_token_is_redacted_and_stays_on_the_api_host(tmp_path):
    repo = make_repo(tmp_path, {}, {"a.py": EXAMPLE})
    with FakeGitHub(repo, "main", "pr") as github:
        env = bot_env(github, tmp_path)
        github.leak_token_on_error = True
        leaked = run_bot(repo, env)
        github.leak_token_on_error = False
        github.comments.extend({"id": n, "body": "hello"} for n in range(5))  # enough for a second page
        github.next_link_host = "127.0.0.2:9"  # a next page on another host
        redirected = run_bot(repo, env)
        insecure = run_bot(repo, dict(env, GITHUB_API_URL="http://example.com"))
    assert leaked.returncode == 2 and github.token not in leaked.stderr + leaked.stdout
    assert "the answer contains GITHUB_TOKEN" in leaked.stderr and "not shown" in leaked.stderr  # refused whole
    assert redirected.returncode == 2 and "refusing to send the token to http://127.0.0.2" in redirected.stderr
    assert insecure.returncode == 2 and "HTTPS only" in insecure.stderr
    assert all(auth == f"Bearer {github.token}" for _m, _p, auth in github.requests)
    assert not github.reviews


def test_every_call_shares_one_deadline(tmp_path):
    repo = make_repo(tmp_path, {}, {"a.py": EXAMPLE})
    with FakeGitHub(repo, "main", "pr") as github:
        github.slow = 30.0  # drips its answer over 30 s
        completed = run_bot(repo, bot_env(github, tmp_path), "--timeout", "1")
        requests = len(github.requests)
    assert completed.returncode == 2
    assert "GitHub did not answer within 1 s" in completed.stderr
    assert requests == 1  # gave up on the first call instead of trying the next ones


def test_review_without_github_prints_the_review(tmp_path):
    repo = make_repo(tmp_path, {}, {"a.py": EXAMPLE})
    completed = subprocess.run([CLI, "review", "--changed-since", "main", "-j", "1"], cwd=repo, capture_output=True,
                               text=True, timeout=120, env={"PATH": os.environ["PATH"], "HOME": str(tmp_path)})
    assert completed.returncode == 1, completed.stderr
    review = json.loads(completed.stdout)
    assert review["commit_id"] == git(repo, "rev-parse", "HEAD").strip()
    assert {c["path"] for c in review["comments"]} == {"a.py"}


def test_review_needs_a_base(tmp_path):
    repo = make_repo(tmp_path, {}, {"a.py": EXAMPLE})
    completed = subprocess.run([CLI, "review"], cwd=repo, capture_output=True, text=True, timeout=120,
                               env={"PATH": os.environ["PATH"], "HOME": str(tmp_path)})
    assert completed.returncode == 2
    assert completed.stderr.startswith("houston-codemod: review needs the pull request's base branch")
    shallow = subprocess.run([CLI, "review", "--changed-since", "--output=x"], cwd=repo, capture_output=True, text=True,
                             timeout=120, env={"PATH": os.environ["PATH"], "HOME": str(tmp_path)})
    assert shallow.returncode == 2 and "Traceback" not in shallow.stderr
    # A ref that git would read as an option is refused before git sees it.
    assert shallow.stderr == "houston-codemod: --changed-since --output=x: '--output=x' is not a git ref\n"
    missing = subprocess.run([CLI, "review", "--changed-since", "no-such-ref"], cwd=repo, capture_output=True, text=True,
                             timeout=120, env={"PATH": os.environ["PATH"], "HOME": str(tmp_path)})
    assert missing.returncode == 2 and len(missing.stderr.splitlines()) == 1
    assert missing.stderr.startswith("houston-codemod: --changed-since no-such-ref: ")


# --------------------------------------------------------------------------- job summary


def test_job_summary_is_appended_with_counts_files_and_review_items(tmp_path):
    (tmp_path / "create.py").write_text(EXAMPLE, encoding="utf-8")
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n")
    env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), "GITHUB_STEP_SUMMARY": str(summary),
           "HOUSTON_CODEMOD_REPORT_ARTIFACT": "report", "GITHUB_SERVER_URL": "https://github.com",
           "GITHUB_REPOSITORY": "acme/dags", "GITHUB_RUN_ID": "9"}
    completed = subprocess.run([CLI, "check", "-j", "1", "."], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert completed.returncode == 0, completed.stderr
    text = summary.read_text()
    assert text.startswith("earlier step\n### houston-codemod check\n")
    assert "| 1 | 3 | 3 | 1 | 1 | 0 |" in text  # files, documents, for Houston, would change, review, errors
    assert "- `create.py`" in text
    assert "- `create.py:33` **review-desired-runtime-version**:" in text
    assert "[`report` artifact](https://github.com/acme/dags/actions/runs/9#artifacts)" in text
    # Not a regular file: one line, and the run's own result stands.
    directory = dict(env, GITHUB_STEP_SUMMARY=str(tmp_path))
    refused = subprocess.run([CLI, "check", "-j", "1", "create.py"], cwd=tmp_path, env=directory, capture_output=True,
                             text=True, timeout=120)
    assert refused.returncode == 0
    assert f"houston-codemod: GITHUB_STEP_SUMMARY {tmp_path}: not a regular file; no summary written" in refused.stderr


def test_a_shallow_clone_says_to_fetch_the_history(tmp_path):
    repo = make_repo(tmp_path, {"a.py": EXAMPLE}, {"a.py": "# x\n" + EXAMPLE})
    shallow = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth", "1", "--no-single-branch", repo.as_uri(), str(shallow))
    git(shallow, "checkout", "-q", "pr")
    completed = subprocess.run([CLI, "review", "--changed-since", "origin/main"], cwd=shallow, capture_output=True,
                               text=True, timeout=120, env={"PATH": os.environ["PATH"], "HOME": str(tmp_path)})
    assert completed.returncode == 2, completed.stderr
    assert "no merge base between origin/main and HEAD: fetch the whole history (actions/checkout with fetch-depth: 0)" \
        in completed.stderr


def test_a_long_migration_fits_githubs_body_limit_and_the_rest_follows(tmp_path):
    # Each row's suggested text escapes to about a kilobyte (every '<' becomes '&lt;').
    document = 'Q{n} = """mutation {{ createDeployment(workspaceUuid: "w", label: "{n}{label}", type: "airflow", airflowVersion: "2.3.1") {{ id }} }}"""\n'
    script = "".join(document.format(n=n, label="<" * 200) + "\n" * 7 for n in range(150))  # 8 lines apart: a row each
    repo = make_repo(tmp_path, {"many.py": script}, {"many.py": "# x\n" + script})
    with FakeGitHub(repo, "main", "pr") as github:
        env = bot_env(github, tmp_path)
        runs = [run_bot(repo, env) for _ in range(4)]
    assert not github.rejected
    bodies = [review["body"] for review in github.reviews]
    assert all(len(body) <= 65_536 for body in bodies)
    rows = [body.count("| <code>many.py</code> |") for body in bodies]
    assert len(bodies) == 3 and 40 < rows[0] < 100 and "more: `houston-codemod rewrite --diff` lists them all" in bodies[0]
    assert sum(rows) == 150 - 1  # the first document's line is in the diff: a suggestion, not a row
    assert "nothing new to post" in runs[-1].stderr


def test_lines_are_numbered_as_git_numbers_them(tmp_path):
    """A lone CR ends a line for Python, not for git: comments go on git's line numbers."""
    script = "# generated\r# on an old Mac\n" + EXAMPLE
    repo = make_repo(tmp_path, {}, {"cr.py": script})
    assert (repo / "cr.py").read_bytes().count(b"\r") == 1
    with FakeGitHub(repo, "main", "pr") as github:
        completed = run_bot(repo, bot_env(github, tmp_path))
    assert completed.returncode == 1, completed.stderr
    assert not github.rejected
    head = (repo / "cr.py").read_bytes().decode("utf-8")
    notes = [c for c in github.comments if "review-desired-runtime-version" in c["body"] and "```" not in c["body"]]
    assert [c["line"] for c in notes] == [34]  # line 33 of the example, after one git line of header
    assert "desiredAirflowVersion" in head.split("\n")[33]
    applied = apply_suggestions(head, github.comments)
    expected = (rewritten(repo) / "cr.py").read_bytes().decode("utf-8")
    assert applied == expected


def test_when_github_refuses_the_line_comments_everything_goes_in_the_body(tmp_path):
    """GitHub's diff is not git's here (it counts one commit less): the review is posted all the same."""
    repo = make_repo(tmp_path, {}, {"new.py": EXAMPLE})
    (repo / "new.py").write_text("# second commit\n" + EXAMPLE, encoding="utf-8")
    git(repo, "commit", "-qam", "second commit")
    with FakeGitHub(repo, "pr~1", "pr") as github:  # shows only the first line as changed
        completed = run_bot(repo, bot_env(github, tmp_path))
    assert completed.returncode == 1, completed.stderr
    assert len(github.rejected) == 1 and "Line could not be resolved" in completed.stderr
    assert "posted every item in the review body instead" in completed.stderr
    (review,) = github.reviews
    assert github.comments == [] and review["body"].count("| <code>new.py</code> |") >= 3


def test_a_suggestion_holding_a_fence_line_is_applied_whole(tmp_path):
    """Red team 20 (report 11a), F2: a document whose description holds a Markdown fence line
    (three backticks) was suggested in a three-backtick block, which GitHub closes at that line:
    "Commit suggestion" kept only the lines before it and dropped the rest of the span."""
    script = '''import os

import requests

HOUSTON = "https://houston.example.com/v1"


def create_deployment(workspace, version):
    query = """
mutation CreateDeployment($ws: Uuid!, $airflowVersion: String) {
  createDeployment(
    workspaceUuid: $ws
    label: "etl"
    type: "airflow"
    description: \\"\\"\\"
Managed by the data platform team. Rebuild with:
```
make deploy ENV=prod
````
\\"\\"\\"
    airflowVersion: $airflowVersion
  ) { id }
}
"""
    variables = {"ws": workspace, "airflowVersion": version}
    r = requests.post(HOUSTON, json={"query": query, "variables": variables},
                      headers={"authorization": os.environ["HOUSTON_API_TOKEN"]})
    return r.json()["data"]["createDeployment"]["id"]
'''
    repo = make_repo(tmp_path, {}, {"deploy.py": script})
    with FakeGitHub(repo, "main", "pr") as github:
        completed = run_bot(repo, bot_env(github, tmp_path))
    assert completed.returncode == 1, completed.stderr
    assert not github.rejected and suggestions(github), github.comments
    check_suggestions(github, repo, "deploy.py")
    applied = apply_suggestions(script, github.comments)
    compile(applied, "deploy.py", "exec")
    assert applied == (rewritten(repo) / "deploy.py").read_text(encoding="utf-8")


def test_file_names_git_quotes_or_that_hold_b_slash_keep_their_fixes(tmp_path):
    """Red team 20 (report 11a), F4 and F6: the diff's ``diff --git a/X b/Y`` headers were parsed for
    paths.  A changed file under a folder named ``option b`` stopped the whole review (exit 2,
    "cannot read git's diff"), and a script whose name git quotes (a double quote, a tab) lost
    every fix.  Paths now come from ``git diff --raw -z``."""
    repo = make_repo(
        tmp_path,
        {"docs/option b/notes.md": "old\n", "old name.py": "x = 1\n" * 5},
        {
            "docs/option b/notes.md": "new\n",
            'create "prod" deployment.py': EXAMPLE,
            "tab\tname.py": EXAMPLE,
            "dags/create_deployment.py": EXAMPLE,
        },
    )
    (repo / "new b").mkdir()
    git(repo, "mv", "old name.py", "new b/name.py")
    (repo / "new b" / "name.py").write_text("x = 1\n" * 5 + "y = 2\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "rename")
    with FakeGitHub(repo, "main", "pr") as github:
        completed = run_bot(repo, bot_env(github, tmp_path))
    assert completed.returncode == 1, completed.stderr
    assert not github.rejected, github.rejected
    for path in ('create "prod" deployment.py', "tab\tname.py", "dags/create_deployment.py"):
        assert {c["path"] for c in suggestions(github)} >= {path}, (path, [c["path"] for c in github.comments])
        check_suggestions(github, repo, path)


def test_a_path_holding_the_token_moves_its_item_to_the_body(tmp_path):
    """Red team 21 (report 11a), f3: a changed file under a folder named like the token kept its place in
    the review's comments as a JSON null, and GitHub refuses a whole review holding one.  The item is a
    row of the body, its path masked; the other files' comments stay."""
    token = "hTokSecretValue12345"
    repo = make_repo(tmp_path, {}, {"ok.py": EXAMPLE, f"clients/{token}/s.py": EXAMPLE})
    env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), "HOUSTON_API_TOKEN": token}
    for command in (["review", "--changed-since", "main"], ["rewrite", "--check", "--format", "github-review", "--changed-since", "main", "."]):
        completed = subprocess.run([CLI, *command, "-j", "1"], cwd=repo, capture_output=True, text=True, timeout=120, env=env)
        assert completed.returncode == 1, completed.stderr
        review = json.loads(completed.stdout)
        assert review["comments"] and all(isinstance(c, dict) for c in review["comments"]), review["comments"]
        assert {c["path"] for c in review["comments"]} == {"ok.py"}
        assert token not in completed.stdout and "not shown" in review["body"], review["body"]
