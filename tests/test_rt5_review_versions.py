"""Red-team pass 5, findings F9, F10, F18 and F19, through the installed ``houston-codemod``.

- F18: ``--versions-from`` trusted the server's ``runtimeReleases(airflowVersion:)``
  filter; a release shipping another Airflow version became the migration target.
- F19: development, nightly, ``-pythonX.Y`` and Alpine builds, and text that is
  not an AC version (``" 2.3.4"``), were mapped to stable Runtime versions as
  GraphQL arguments while the same builds as image tags went to review.
- F9: review mode suggested one edit of a fix whose edits must land together
  (the document's ``$airflowVersion`` rename without the dict key, or the
  reverse), and SARIF / rdjson offered the same halves.
- F10: any pull-request comment holding the bot's hidden markers, whoever wrote
  it, suppressed the bot's items.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from houston_server import TOKEN, HoustonServer
from trust_cli import run_cli

TOKEN_ENV = {"HOUSTON_API_TOKEN": TOKEN}
CREATE = 'Q = """mutation {{ createDeployment(workspaceUuid: "w", label: "l", type: "airflow", airflowVersion: "{v}") {{ id }} }}"""\n'


# ---- F18: a release is used only when it ships the AC version's own Airflow version ------------------


def _releases_server(releases):
    return HoustonServer(catalogue={}, answer={"data": {"runtimeReleases": releases}})


def test_versions_from_keeps_only_releases_shipping_the_same_airflow(tmp_path):
    script = tmp_path / "s.py"
    script.write_text(CREATE.format(v="2.3.4"))
    (tmp_path / "Dockerfile").write_text("FROM quay.io/astronomer/ap-airflow:2.3.4-onbuild\n")
    releases = [{"version": "7.0.0", "airflowVersion": "2.5.0"}, {"version": "5.0.1", "airflowVersion": "2.3.4"},
                {"version": "6.0.0"}, {"version": "6.1.0", "airflowVersion": None}]
    with _releases_server(releases) as server:
        result = run_cli("rewrite", "--versions-from", server.url, tmp_path, cwd=tmp_path, env=TOKEN_ENV)
    assert result.returncode == 0, result.stderr
    assert 'runtimeVersion: "5.0.1"' in script.read_text()
    assert (tmp_path / "Dockerfile").read_text() == "FROM quay.io/astronomer/astro-runtime:5.0.1\n"
    # The query asks each release for its Airflow version, so the answer can be checked.
    assert all("airflowVersion }" in r["body"]["query"] for r in server.requests)
    notices = [line for line in result.stderr.splitlines() if "airflowVersion is not the Airflow version" in line]
    assert len(notices) == 1, result.stderr


@pytest.mark.parametrize("releases", [
    [{"version": "9.8.7", "airflowVersion": "2.5.0"}],
    [{"version": "9.8.7"}],
    [{"version": "9.8.7", "airflowVersion": "2.3.4-11"}],
    [{"version": "9.8.7", "airflowVersion": ["2.3.4"]}],
])
def test_versions_from_with_no_release_of_that_airflow_is_review(tmp_path, releases):
    script = tmp_path / "s.py"
    script.write_text(CREATE.format(v="2.3.4"))
    with _releases_server(releases) as server:
        result = run_cli("rewrite", "--versions-from", server.url, tmp_path, cwd=tmp_path, env=TOKEN_ENV)
    assert script.read_text() == CREATE.format(v="2.3.4")
    assert "review-no-runtime-equivalent" in result.stderr, result.stderr
    assert "9.8.7" not in result.stderr + result.stdout
    assert result.returncode == 0, result.stderr  # rewrite: review items are told, not a failure


# ---- F19: one notion of "an AC version the table can map", for arguments and image tags -------------

NOT_MAPPED = {
    "2.2.5-10.dev": "a development build of AC 2.2.5",
    "2.3.4-nightly-20220101": "a development build of AC 2.3.4",
    "2.3.4-1-python3.9": "unofficial local build on Python 3.9",
    "2.3.4-11-alpine3.10": "no Alpine images",
    " 2.3.4": "is not an AC version as written",
    "2.3.4 ": "is not an AC version as written",
    "v2.3.4": "is not an AC version as written",
    "02.3.4": "is not an AC version as written",
    "２.３.４": "is not an AC version as written",
    "1.10.15-4": "Airflow 1.x",
    "2.1.4": "has no Astro Runtime equivalent",
}


@pytest.mark.parametrize("version", sorted(NOT_MAPPED))
def test_an_argument_the_table_cannot_map_is_review_with_its_reason(tmp_path, version):
    script = tmp_path / "s.py"
    script.write_text(CREATE.format(v=version), encoding="utf-8")
    result = run_cli("rewrite", script, cwd=tmp_path)
    assert script.read_text(encoding="utf-8") == CREATE.format(v=version)
    assert result.returncode == 0, result.stderr  # rewrite: review items are told, not a failure
    (line,) = [line for line in result.stderr.splitlines() if "review-no-runtime-equivalent" in line]
    assert NOT_MAPPED[version] in line, line


@pytest.mark.parametrize("version, runtime", [("2.3.4", "5.5.0"), ("2.3.4-11", "5.5.0"), ("2.4.3-6", "6.10.0")])
def test_released_ac_versions_still_migrate(tmp_path, version, runtime):
    script = tmp_path / "s.py"
    script.write_text(CREATE.format(v=version))
    result = run_cli("rewrite", script, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert f'runtimeVersion: "{runtime}"' in script.read_text()


@pytest.mark.parametrize("tag", ["2.2.5-10.dev", "2.3.4-nightly-20220101", "2.3.4-1-python3.9", "2.3.4-11-alpine3.10",
                                 "2.3.4-11", "2.3.4-11-onbuild", "2.3.4-11-buster", "02.3.4", "2.1.4-2"])
def test_an_argument_and_an_image_tag_are_decided_alike(tmp_path, tag):
    """Whatever the image rule does with a tag, the argument rule does with the same text as a version."""
    (tmp_path / "s.py").write_text(CREATE.format(v=tag))
    (tmp_path / "Dockerfile").write_text(f"FROM quay.io/astronomer/ap-airflow:{tag}\n")
    result = run_cli("check", "--format", "json", ".", cwd=tmp_path)
    findings = json.loads(result.stdout)["findings"]
    codes = {path: {f["code"] for f in findings if f["path"] == path} for path in ("s.py", "Dockerfile")}
    image_migrates = "migrate-ac-image" in codes["Dockerfile"]
    argument_migrates = "migrate-version-argument" in codes["s.py"]
    assert image_migrates == argument_migrates, codes
    assert image_migrates == (tag in ("2.3.4-11", "2.3.4-11-onbuild", "2.3.4-11-buster")), codes


# ---- F10: only the bot's own comments and reviews count as "posted before" ---------------------------

from fake_github import FakeGitHub  # noqa: E402
from test_pr_bot import EXAMPLE, MARKER, bot_env, make_repo, run_bot  # noqa: E402

PR_AUTHOR = {"login": "pr-author", "id": 777, "type": "User"}
PERSONAL = {"login": "houston-bot", "id": 4242, "type": "User"}


def _first_run_markers(tmp_path) -> list:
    """The markers the bot posts on a fresh pull request adding EXAMPLE."""
    repo = make_repo(tmp_path / "first", {"README.md": "x\n"}, {"create_deployment.py": EXAMPLE})
    with FakeGitHub(repo, "main", "pr") as github:
        completed = run_bot(repo, bot_env(github, tmp_path / "first"))
        assert completed.returncode == 1, completed.stderr
        posted = [m for item in github.reviews + github.comments for m in MARKER.findall(item["body"])]
    assert posted
    return posted


@pytest.mark.parametrize("where", ["comment", "review"])
def test_markers_written_by_someone_else_do_not_silence_the_bot(tmp_path, where):
    (tmp_path / "first").mkdir()
    markers = _first_run_markers(tmp_path)
    repo = make_repo(tmp_path, {"README.md": "x\n"}, {"create_deployment.py": EXAMPLE})
    with FakeGitHub(repo, "main", "pr") as github:
        spoof = "lgtm " + " ".join(markers)
        if where == "comment":
            github.add_comment(spoof, PR_AUTHOR, path="create_deployment.py", line=1)
        else:
            github.add_review(spoof, PR_AUTHOR)
        # Same login as the bot but a person's account type: not the Actions bot either.
        github.add_comment(spoof, {"login": "github-actions[bot]", "id": 1, "type": "User"})
        completed = run_bot(repo, bot_env(github, tmp_path))
        posted = [m for item in github.reviews + github.comments if item["user"]["login"] == "github-actions[bot]"
                  and item["user"]["type"] == "Bot" for m in MARKER.findall(item["body"])]
    assert completed.returncode == 1, completed.stderr
    assert "skipped, posted before" not in completed.stderr
    assert sorted(posted) == sorted(markers)  # everything posted again, nothing taken as said
    (line,) = [line for line in completed.stderr.splitlines() if "marker(s) in comments by accounts other than" in line]
    assert "github-actions[bot]" in line


def test_the_bots_own_markers_still_count(tmp_path):
    """GITHUB_TOKEN in Actions: /user is 403, and what the token posted is github-actions[bot]'s."""
    repo = make_repo(tmp_path, {"README.md": "x\n"}, {"create_deployment.py": EXAMPLE})
    with FakeGitHub(repo, "main", "pr") as github:
        first = run_bot(repo, bot_env(github, tmp_path))
        github.add_comment("thanks!", PR_AUTHOR)
        second = run_bot(repo, bot_env(github, tmp_path))
        reviews = len(github.reviews)
        asked = [path for method, path, _auth in github.requests if path == "/user"]
    assert first.returncode == second.returncode == 1, second.stderr
    assert reviews == 1 and "nothing new to post" in second.stderr
    assert len(asked) == 2  # each run asked who it is


def test_a_personal_token_is_identified_by_get_user_and_its_id(tmp_path):
    repo = make_repo(tmp_path, {"README.md": "x\n"}, {"create_deployment.py": EXAMPLE})
    env_without_actions = {"GITHUB_ACTIONS": ""}
    with FakeGitHub(repo, "main", "pr", identity=PERSONAL) as github:
        first = run_bot(repo, bot_env(github, tmp_path, **env_without_actions))
        markers = [m for item in github.reviews + github.comments for m in MARKER.findall(item["body"])]
        second = run_bot(repo, bot_env(github, tmp_path, **env_without_actions))
        assert len(github.reviews) == 1 and "nothing new to post" in second.stderr, second.stderr
    assert first.returncode == 1, first.stderr
    # Another account with the same login spelling but another id (a renamed account) does not count.
    (tmp_path / "again").mkdir()
    repo2 = make_repo(tmp_path / "again", {"README.md": "x\n"}, {"create_deployment.py": EXAMPLE})
    with FakeGitHub(repo2, "main", "pr", identity=PERSONAL) as github:
        github.add_review(" ".join(markers), dict(PERSONAL, id=1))
        third = run_bot(repo2, bot_env(github, tmp_path / "again", **env_without_actions))
        assert len(github.reviews) == 2 and "skipped, posted before" not in third.stderr, third.stderr


def test_an_installation_token_outside_actions_is_one_line_and_posts_nothing(tmp_path):
    repo = make_repo(tmp_path, {"README.md": "x\n"}, {"create_deployment.py": EXAMPLE})
    with FakeGitHub(repo, "main", "pr") as github:
        completed = run_bot(repo, bot_env(github, tmp_path, GITHUB_ACTIONS=""))
        posts = [m for m, _p, _a in github.requests if m == "POST"]
    assert completed.returncode == 2
    assert posts == []
    (line,) = [line for line in completed.stderr.splitlines() if "cannot tell which account" in line]
    assert "HOUSTON_CODEMOD_BOT_LOGIN" in line and "Traceback" not in completed.stderr


def test_a_named_bot_login_is_the_one_whose_markers_count(tmp_path):
    (tmp_path / "first").mkdir()
    markers = _first_run_markers(tmp_path)
    app = {"login": "houston-app[bot]", "id": 5150, "type": "Bot"}
    repo = make_repo(tmp_path, {"README.md": "x\n"}, {"create_deployment.py": EXAMPLE})
    with FakeGitHub(repo, "main", "pr") as github:
        github.add_review(" ".join(markers), app)
        completed = run_bot(repo, bot_env(github, tmp_path, GITHUB_ACTIONS="", HOUSTON_CODEMOD_BOT_LOGIN="houston-app[bot]"))
        asked = [path for _m, path, _a in github.requests if path == "/user"]
        reviews = len(github.reviews)
    assert completed.returncode == 1, completed.stderr
    assert reviews == 1 and "nothing new to post" in completed.stderr
    assert asked == []  # named by the person running it: GitHub is not asked
    bad = run_bot(repo, bot_env(github, tmp_path, HOUSTON_CODEMOD_BOT_LOGIN="evil\nname"))
    assert bad.returncode == 2 and "is not a GitHub login" in bad.stderr


# ---- F9: a fix is the set of edits that must land together: proposed whole, or not at all -----------

from test_pr_bot import SUGGESTION, apply_suggestions, git  # noqa: E402

PADDED = '''import requests

HOUSTON_URL = "https://houston.example.com/v1"

CREATE = """
mutation Create($ws: Uuid!, $airflowVersion: String) {
  createDeployment(workspaceUuid: $ws, label: "etl", type: "airflow", airflowVersion: $airflowVersion) { id }
}
"""

# padding
# padding
# padding
# padding
# padding

def create(ws):
    variables = {"ws": ws, "airflowVersion": "VERSION"}
    r = requests.post(HOUSTON_URL, json={"query": CREATE, "variables": variables})
    return r.json()
'''
CONTINUED = '''import requests
HOUSTON = "https://houston.example.com/v1"
A = "mutation { createDeployment(workspaceUuid: \\"x\\", label: \\"l\\", type: \\"airflow\\", airflow\\
Version: \\"2.3.4\\") { id } }"
x = 1
y = 2
z = VALUE
requests.post(HOUSTON, json={"query": A})
'''


def _rewritten(tmp_path: Path, name: str, text: str) -> str:
    where = tmp_path / "rewritten"
    where.mkdir(exist_ok=True)
    (where / name).write_text(text)
    completed = run_cli("rewrite", name, cwd=where)
    assert completed.returncode == 0, completed.stderr
    return (where / name).read_text()


def _bot(tmp_path, base: str, head: str, name: str = "a.py"):
    repo = make_repo(tmp_path, {name: base}, {name: head})
    with FakeGitHub(repo, "main", "pr") as github:
        completed = run_bot(repo, bot_env(github, tmp_path))
        return completed, github, repo


def test_a_pr_touching_only_the_dict_gets_no_half_suggestion(tmp_path):
    """Red team 5, g4: the PR changes only line 18; the fix also renames $airflowVersion on lines 6-7."""
    base, head = PADDED.replace("VERSION", "2.3.3"), PADDED.replace("VERSION", "2.3.4")
    completed, github, repo = _bot(tmp_path, base, head)
    assert completed.returncode == 1, completed.stderr
    assert not github.rejected
    assert [c for c in github.comments if SUGGESTION.search(c["body"])] == []
    (review,) = github.reviews
    (row,) = [r for r in review["body"].splitlines() if r.startswith("| <code>a.py</code> | 6–18 ")]
    assert "not all in one hunk" in row and "`migrate-version-variable`" in row and "`migrate-version-argument`" in row
    # Committing whatever was suggested leaves the script as it was: consistent.
    assert apply_suggestions(head, github.comments) == head


def test_a_continued_literal_is_not_half_suggested(tmp_path):
    """Red team 5, g3: airflow\\<newline>Version: the name's edit (line 3) and the value's (line 4) are one fix."""
    base, head = CONTINUED.replace("VALUE", "3"), CONTINUED.replace("VALUE", "4")
    completed, github, _repo = _bot(tmp_path, base, head)
    assert completed.returncode == 1, completed.stderr
    assert not github.rejected and [c for c in github.comments if SUGGESTION.search(c["body"])] == []
    (review,) = github.reviews
    (row,) = [r for r in review["body"].splitlines() if r.startswith("| <code>a.py</code> | 3–4 ")]
    assert "5.5.0" in row


@pytest.mark.parametrize("text", [PADDED.replace("VERSION", "2.3.4"), CONTINUED.replace("VALUE", "4")])
def test_a_fix_the_diff_shows_whole_is_one_suggestion_equal_to_the_rewrite(tmp_path, text):
    completed, github, _repo = _bot(tmp_path, "", text)
    assert completed.returncode == 1 and not github.rejected, completed.stderr
    (comment,) = [c for c in github.comments if SUGGESTION.search(c["body"])]
    assert comment["line"] > comment["start_line"]
    assert apply_suggestions(text, github.comments) == _rewritten(tmp_path, "a.py", text)


def test_review_without_github_prints_the_same_whole_fix_rule(tmp_path):
    """``review --changed-since`` (the JSON payload on stdout) follows the same rule as the posted review."""
    repo = make_repo(tmp_path, {"a.py": PADDED.replace("VERSION", "2.3.3")}, {"a.py": PADDED.replace("VERSION", "2.3.4")})
    completed = run_cli("review", "--changed-since", "main", "-j", "1", ".", cwd=repo)
    assert completed.returncode == 1, completed.stderr
    payload = json.loads(completed.stdout)
    assert payload["comments"] == []
    assert "| <code>a.py</code> | 6–18 " in payload["body"]


def _offset(text: str, line: int, column: int, utf8: bool = False) -> int:
    start = sum(len(part) + 1 for part in text.split("\n")[: line - 1])
    if utf8:
        prefix = text[start:].encode("utf-8")[: column - 1].decode("utf-8")
        return start + len(prefix)
    return start + column - 1


def _apply(text: str, replacements) -> str:
    for start, end, new in sorted(replacements, reverse=True):
        text = text[:start] + new + text[end:]
    return text


TWO_DOCUMENTS = PADDED.replace("VERSION", "2.3.4") + '''
CLONE = 'mutation Clone { createDeployment(workspaceUuid: "w", label: "l", type: "airflow", airflowVersion: "2.4.3") { id } }'
requests.post(HOUSTON_URL, json={"query": CLONE})
'''


@pytest.mark.parametrize("text", [PADDED.replace("VERSION", "2.3.4"), CONTINUED.replace("VALUE", "4"), TWO_DOCUMENTS])
def test_sarif_and_rdjson_propose_whole_fixes(tmp_path, text):
    """Each proposed fix alone is a whole document's migration: applied alone, that document is fully migrated.

    Applying every fix gives the rewrite; applying any one gives a script whose ``check`` says that
    document has nothing left to migrate (no half-renamed variable, no AC version sent as Runtime).
    """
    (tmp_path / "a.py").write_text(text)
    expected = _rewritten(tmp_path, "a.py", text)
    sarif = json.loads(run_cli("check", "--format", "sarif", "a.py", cwd=tmp_path).stdout)
    rdjson = json.loads(run_cli("check", "--format", "rdjson", "a.py", cwd=tmp_path).stdout)
    sarif_fixes = [
        [(_offset(text, r["deletedRegion"]["startLine"], r["deletedRegion"]["startColumn"]),
          _offset(text, r["deletedRegion"]["endLine"], r["deletedRegion"]["endColumn"]), r["insertedContent"]["text"])
         for change in fix["artifactChanges"] for r in change["replacements"]]
        for result in sarif["runs"][0]["results"] for fix in result.get("fixes", [])
    ]
    rd_fixes = [
        [(_offset(text, s["range"]["start"]["line"], s["range"]["start"]["column"], True),
          _offset(text, s["range"]["end"]["line"], s["range"]["end"]["column"], True), s["text"])]
        for d in rdjson["diagnostics"] for s in d.get("suggestions", [])
    ]
    documents = 2 if text is TWO_DOCUMENTS else 1
    for found in (sarif_fixes, rd_fixes):
        assert len(found) == documents, found
        assert _apply(text, [r for fix in found for r in fix]) == expected
        for fix in found:
            alone = _apply(text, fix)
            (tmp_path / "b.py").write_text(alone)
            checked = json.loads(run_cli("check", "--format", "json", "b.py", cwd=tmp_path).stdout)
            bad = [f for f in checked["findings"] if f["code"].startswith("review-") or f["severity"] == "error"]
            assert bad == [], bad
            # A consistent intermediate state: the rest of the migration still lands on the same result.
            assert _rewritten(tmp_path, "b.py", alone) == expected


@pytest.mark.parametrize("version, reason", [("2.2.5-10.dev", "development build"), (" 2.3.4", "not an AC version"),
                                             ("2.3.4-11-alpine3.10", "Alpine")])
def test_a_variables_value_the_table_cannot_map_is_review_with_its_reason(tmp_path, version, reason):
    script = tmp_path / "a.py"
    text = PADDED.replace("VERSION", version)
    script.write_text(text)
    result = run_cli("rewrite", script, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    if version.strip() != version:
        # Not an AC version at all: the rename lands whole (document and key); the value is left for a person.
        assert f'"runtimeVersion": "{version}"' in script.read_text() and "$runtimeVersion" in script.read_text()
        (line,) = [line for line in result.stderr.splitlines() if "review-version-value" in line]
    else:
        # Red team 16 (report 13) F7: an AC version the table cannot map holds the argument, the variable
        # and the key back (renaming them would send an AC version as a Runtime one); the value is reviewed.
        assert script.read_text() == text
        (line,) = [line for line in result.stderr.splitlines() if "review-no-runtime-equivalent" in line and "sent as" in line]
    assert reason in line, line
