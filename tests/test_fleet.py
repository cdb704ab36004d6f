"""The organisation-wide use: ``houston-codemod fleet`` over real git repositories and a real all-repos.

Offline: the origins are local repositories (``receive.denyCurrentBranch
updateInstead``, so they accept pushes), reached through GitHub-style remotes
(``git@github.com:org/NAME``) that a test git configuration rewrites
(``url.<origins>.insteadOf``).  all-repos lists them with its ``json_file``
source and clones them; the fleet runs through the installed console script.
The pull-request test points all-repos' own ``github_pull_request`` push at a
local fake GitHub API (its ``base_url`` setting).
"""

from __future__ import annotations

import http.server
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from local_server import ThreadedServer

pytest.importorskip("all_repos")

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "tests" / "cases"
CORPUS = ROOT / "tests" / "corpus"
SUBJECT = "houston-codemod: migrate Houston API calls to Astro Runtime"
BRANCH = "houston-codemod/runtime-migration"


def console_script(name: str) -> str:
    """The installed script beside this interpreter (a virtualenv need not be activated)."""
    beside = Path(sys.executable).parent / name
    found = str(beside) if beside.exists() else shutil.which(name)
    assert found, f"{name} is not installed"
    return found


def case(name: str, expected: str = ""):
    """(original, expected) bytes of a test case; expected defaults to the .expected twin."""
    path = CASES / name
    if not expected:
        expected = path.with_name(path.name.replace(".", ".expected.", 1) if path.suffix else path.name + ".expected")
        if path.name == "Dockerfile":
            expected = path.with_name("Dockerfile.expected")
    return path.read_bytes(), Path(expected).read_bytes()


def corpus(name: str):
    return (CORPUS / "scripts" / name).read_bytes(), (CORPUS / "scripts_expected" / name).read_bytes()


def same(data: bytes):
    return data, data


BROKEN = b'''QUERY = """
mutation { createDeployment(workspaceUuid: "w", label: "x", type: "airflow", airflowVersion: "2.3.4") { id } }
"""
def oops(:
    pass
'''
HELM_VALUES = b"airflowVersion: 2.3.4\nexecutor: CeleryExecutor\nimages:\n  airflow:\n    repository: quay.io/astronomer/ap-airflow\n"
UNRELATED = b"class Service:\n    def start(self):\n    \treturn {'self': self}\n"

# Repository name -> {path in the repository: (content before, content expected after)}.
# None: a repository with no commit at all.
FLEET = {
    "org/deploy-scripts": {"scripts/literal_versions.py": case("rename_version_argument/literal_versions.py")},
    "org/payloads": {"requests_payload.py": case("rename_version_variable/requests_payload.py")},
    "org/gql-client": {"gql_client.py": case("rename_version_variable/gql_client.py")},
    "org/upgrade-bot": {"bot/upgrade.py": case("update_deployment_runtime/literal_and_variable.py")},
    "org/templates": {"fstring_and_format.py": case("templates/fstring_and_format.py")},
    "org/needs-review": {"needs_review.py": case("rename_version_argument/needs_review.py")},
    "org/notebooks": {"notebooks/upgrade.ipynb": case("notebooks/upgrade.ipynb")},
    "org/graphql-queries": {"queries/create.graphql": case("graphql_files/create.graphql")},
    "org/astro-project": {"Dockerfile": case("dockerfile_from/Dockerfile"), "dags/etl.py": same(UNRELATED)},
    "org/astro-multistage": {"multistage.Dockerfile": case("dockerfile_from/multistage.Dockerfile")},
    "org/platform-tools": {
        "tools/houston_client_class.py": corpus("houston_client_class.py"),
        "image/Dockerfile": case("dockerfile_from/Dockerfile"),
        "queries/create.graphql": case("graphql_files/create.graphql"),
        "notebooks/upgrade.ipynb": case("notebooks/upgrade.ipynb"),
    },
    "org/corpus-scripts": {
        f"ops/{name}": corpus(name)
        for name in ("create_deployments_requests.py", "upgrade_airflow_httpx.py", "crlf_windows_sandbox.py",
                     "latin1_provision_donnees.py")
    },
    "org/helm-chart": {"chart/values.yaml": same(HELM_VALUES), "README.md": same(b"# chart\n")},
    "org/helm-python": {
        "helm_sandbox_release.py": same((CORPUS / "false_positives" / "helm_sandbox_release.py").read_bytes()),
        "mwaa_environments.py": same((CORPUS / "false_positives" / "mwaa_environments.py").read_bytes()),
    },
    "org/broken": {"good.py": same(case("rename_version_argument/literal_versions.py")[0]), "broken.py": same(BROKEN)},
    "org/empty": None,
    "org/readme-only": {"README.md": same(b"nothing here\n")},
    "org/already-migrated": {"deploy.py": same(case("rename_version_argument/literal_versions.py")[1])},
    "org/unrelated-python": {"service.py": same(UNRELATED)},
    "org/ignored": {"ignored_file.py": case("other_apis/ignored_file.py")},
    "org/provisioning": {"provision/gql_provision_workspace.py": corpus("gql_provision_workspace.py")},
    "org/sgqlc": {"astro_apply_style.py": case("sgqlc_operations/astro_apply_style.py")},
    "org/ci-images": {  # docker-compose and CI files pin the Astro project's image too
        "docker-compose.yml": case("compose_ci_images/docker-compose.yml"),
        ".gitlab-ci.yml": case("compose_ci_images/.gitlab-ci.yml", CASES / "compose_ci_images" / ".gitlab-ci.expected.yml"),
    },
    "org/vendored": {  # the repository's own [tool.houston-codemod] exclude is honoured
        "pyproject.toml": same(b'[tool.houston-codemod]\nexclude = ["vendor/*"]\n'),
        "vendor/upstream.py": same(case("rename_version_argument/literal_versions.py")[0]),
        "app/deploy.py": case("rename_version_argument/literal_versions.py"),
    },
}
# Review items each repository's commit message must list: (path, the case's .findings file).
REVIEW_FINDINGS = {
    "org/payloads": ("requests_payload.py", CASES / "rename_version_variable" / "requests_payload.findings"),
    "org/templates": ("fstring_and_format.py", CASES / "templates" / "fstring_and_format.findings"),
}


def needs_commit(files) -> bool:
    return files is not None and any(before != after for before, after in files.values())


class World:
    """Origins, a git configuration that reaches them as GitHub remotes, and an all-repos config."""

    def __init__(self, tmp: Path, repos, push="all_repos.push.merge_to_master", push_settings=None):
        self.tmp = tmp
        self.origins = tmp / "origins"
        self.repos = repos
        gitconfig = tmp / "gitconfig"
        gitconfig.write_text(
            "[user]\n\tname = Fleet Test\n\temail = fleet@example.com\n"
            "[init]\n\tdefaultBranch = main\n"
            f'[url "{self.origins}/"]\n\tinsteadOf = git@github.com:\n'
            "[advice]\n\tdetachedHead = false\n"
        )
        self.env = {
            key: value for key, value in os.environ.items()
            if not key.startswith("GIT_") and "proxy" not in key.lower()
        }
        self.env.update(GIT_CONFIG_GLOBAL=str(gitconfig), GIT_CONFIG_NOSYSTEM="1", HOME=str(tmp), NO_PROXY="*")
        listing = {}
        for name, files in repos.items():
            origin = self.origins / name
            origin.mkdir(parents=True)
            self.git(origin, "init", "--quiet")
            self.git(origin, "config", "receive.denyCurrentBranch", "updateInstead")
            listing[name] = f"git@github.com:{name}"
            if files is None:
                continue
            for path, (before, _after) in files.items():
                (origin / path).parent.mkdir(parents=True, exist_ok=True)
                (origin / path).write_bytes(before)
            self.git(origin, "add", ".")
            self.git(origin, "commit", "--quiet", "-m", "initial")
        (tmp / "repos.json").write_text(json.dumps(listing))
        self.config = tmp / "all-repos.json"
        self.config.write_text(json.dumps({
            "output_dir": "clones",
            "source": "all_repos.source.json_file",
            "source_settings": {"filename": str(tmp / "repos.json")},
            "push": push,
            "push_settings": push_settings or {},
        }))
        self.config.chmod(0o600)

    def git(self, where: Path, *args: str) -> str:
        return subprocess.run(
            ["git", "-C", str(where), *args], env=self.env, check=True, capture_output=True, text=True
        ).stdout

    def run(self, *args: str, env=None):
        return subprocess.run(
            [*args], cwd=self.tmp, env={**self.env, **(env or {})}, capture_output=True, text=True, timeout=300
        )

    def clone(self):
        completed = self.run(console_script("all-repos-clone"), "-C", str(self.config), "-j", "8")
        assert completed.returncode == 0, completed.stderr

    def fleet(self, *args: str, env=None):
        return self.run(console_script("houston-codemod"), "fleet", "-C", str(self.config), *args, env=env)

    def status(self, fmt: str = "json"):
        completed = self.run(console_script("houston-codemod"), "fleet", "status", "-C", str(self.config),
                             "--format", fmt, "-j", "2")
        return completed

    def heads(self):
        """Every ref of every origin: what a push would change."""
        return {
            name: self.git(self.origins / name, "for-each-ref", "--format=%(refname) %(objectname)")
            for name in self.repos
        }


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    world = World(tmp_path_factory.mktemp("fleet"), FLEET)
    world.clone()
    return world


def rows_by_name(completed):
    report = json.loads(completed.stdout)
    return {row["repository"]: row for row in report["repositories"]}, report["totals"]


def expected_counts(world):
    """Per repository, the same counts from the single-repository command, ``check``, over the origins."""
    completed = world.run(console_script("houston-codemod"), "check", "--format", "json", "--houston-version",
                          "1.0.0", "--jobs", "2", str(world.origins))
    report = json.loads(completed.stdout)
    counts = {name: {"documents": 0, "ac_items": 0, "review": 0} for name in world.repos}

    def repository(path):
        relative = Path(path).resolve().relative_to(world.origins.resolve()).parts
        return "/".join(relative[:2])

    for document in report["documents"]:
        counts[repository(document["path"])]["documents"] += document["houston"] is True
    for finding in report["findings"]:
        row = counts[repository(finding["path"])]
        row["ac_items"] += finding["code"] in ("deprecated", "migrate-ac-image", "review-ac-image")
        row["review"] += finding["code"].startswith("review-")
    return counts


def test_fleet_end_to_end(world):
    committed = sorted(name for name, files in FLEET.items() if needs_commit(files))
    assert len(FLEET) >= 20 and len(committed) >= 10

    # Status before: every repository, counts as the single-repository check counts them.
    before = world.status()
    assert before.returncode == 2, before.stderr  # the broken repository cannot be read
    rows, totals = rows_by_name(before)
    assert sorted(rows) == sorted(FLEET) and totals["repositories"] == len(FLEET)
    expected = expected_counts(world)
    for name, row in rows.items():
        for key in ("documents", "ac_items", "review"):
            if name not in ("org/broken", "org/vendored"):  # check here ignores the repository's exclude
                assert row[key] == expected[name][key], (name, key)
        assert row["last_migration"] is None
        assert (row["pending"] > 0) == (name in committed or name == "org/broken"), name
    for name in ("org/helm-chart", "org/helm-python", "org/empty", "org/readme-only", "org/unrelated-python"):
        assert (rows[name]["documents"], rows[name]["ac_items"], rows[name]["errors"]) == (0, 0, 0), name
    assert rows["org/broken"]["errors"] == 1 and "broken.py: cannot parse Python" in rows["org/broken"]["problems"][0]
    assert totals["migrated"] == 0 and totals["pending"] == sum(r["pending"] for r in rows.values())
    for name in FLEET:  # status reads the clones and changes nothing
        assert world.git(world.tmp / "clones" / name, "status", "--porcelain", "--ignored") == "", name

    # The grep cut keeps every repository that needs a commit and drops those with no marker.
    found = candidates(world)
    assert set(committed) <= found
    for name in ("org/helm-chart", "org/empty", "org/readme-only", "org/unrelated-python"):
        assert name not in found

    # Dry run: all-repos commits in its throw-away clones and pushes nothing.
    heads = world.heads()
    dry = world.fleet("--dry-run")
    assert dry.returncode == 2, dry.stderr  # 2: the broken repository was reported
    assert world.heads() == heads
    assert dry.stdout.count(f"$ git commit --quiet -a -m '{SUBJECT}") == len(committed)
    assert "org/broken: skipped: broken.py: cannot parse Python: line 4" in dry.stderr
    assert f"{len(committed)} would be committed to" in dry.stderr
    assert "Traceback" not in dry.stdout + dry.stderr

    # The real run: a commit in exactly the repositories that need one, with the expected content.
    real = world.fleet("-j", "4")
    assert real.returncode == 2, real.stderr
    assert f"{len(committed)} committed and pushed" in real.stderr
    assert "1 skipped with errors" in real.stderr and "Traceback" not in real.stdout + real.stderr
    after_heads = world.heads()
    for name, files in FLEET.items():
        origin = world.origins / name
        if name not in committed:
            assert after_heads[name] == heads[name], name
            continue
        assert after_heads[name] != heads[name], name
        for path, (_before, after) in files.items():
            assert (origin / path).read_bytes() == after, (name, path)
        assert world.git(origin, "status", "--porcelain") == ""
        merge = world.git(origin, "log", "-1", "--format=%s", "HEAD")
        assert BRANCH in merge, merge  # merge_to_master merged our branch
        message = world.git(origin, "log", "-1", "--format=%B", "HEAD^2")
        assert message.startswith(SUBJECT + "\n\n"), message
        changed = sum(before != after for before, after in files.values())
        assert f"{changed} file(s) changed" in message
        assert "Committed via https://github.com/asottile/all-repos" in message
        if name in REVIEW_FINDINGS:
            path, findings = REVIEW_FINDINGS[name]
            for line in findings.read_text().splitlines():
                where, _, rest = line.partition(": warning ")
                _file, lineno, column = where.rsplit(":", 2)
                if rest.startswith("review-"):
                    assert f"- {path}:{lineno}:{column}: {rest}" in message, (name, line)
        else:
            assert "Needs review: nothing." in message or "Needs review (" in message
    # The broken repository: reported, not committed, and all-repos' clone of it left clean.
    assert "org/broken: skipped: broken.py: cannot parse Python" in real.stderr
    assert world.git(world.tmp / "clones" / "org" / "broken", "status", "--porcelain") == ""
    assert (world.origins / "org" / "broken" / "good.py").read_bytes() == FLEET["org/broken"]["good.py"][0]

    # Status after (all-repos-clone brings the clones up to date first).
    world.clone()
    after = world.status()
    rows_after, totals_after = rows_by_name(after)
    for name in FLEET:
        row = rows_after[name]
        if name in committed:
            assert row["last_migration"] is not None and row["last_migration"]["subject"] == SUBJECT, name
            assert row["pending"] == 0 and row["ac_items"] < rows[name]["ac_items"], name
            assert row["documents"] == rows[name]["documents"], name
        else:
            assert row == rows[name], name
    assert totals_after["migrated"] == len(committed)
    assert totals_after["pending"] == rows["org/broken"]["pending"]

    # A second run over the migrated fleet changes nothing.
    second = world.fleet("-j", "4")
    assert world.heads() == after_heads
    assert "0 committed and pushed" in second.stderr and "1 skipped with errors" in second.stderr
    assert second.returncode == 2 and "org/broken: skipped" in second.stderr  # the broken one again


def test_status_text_and_html(world):
    text = world.status("text")
    lines = text.stdout.splitlines()
    assert lines[0].split()[:3] == ["repository", "documents", "AC"]
    assert any(line.startswith("org/helm-chart ") for line in lines)
    assert lines[-2].startswith("total (") or any(line.startswith("total (") for line in lines)
    assert "org/broken: broken.py: cannot parse Python" in text.stdout
    page = world.status("html").stdout
    assert page.startswith("<!DOCTYPE html>") and page.count("<tr class=") == len(FLEET)
    assert "<script" not in page and "org/notebooks" in page


def test_status_output_never_replaces_what_it_reads(world):
    """Red team pass 4: ``fleet status -o all-repos.json`` replaced the configuration (and its 600
    mode), ``-o repos.json`` the repository list, ``-o clones/org/x/s.py`` a file in a clone."""
    clone_file = next(p for p in (world.tmp / "clones").rglob("*.py") if ".git" not in p.parts)
    watched = [world.config, world.tmp / "repos.json", clone_file]
    before = {p: p.read_bytes() for p in watched}
    mode = world.config.stat().st_mode
    for target in (world.config, world.tmp / "repos.json", clone_file, world.tmp / "clones" / "new-report.json"):
        result = world.run(console_script("houston-codemod"), "fleet", "status", "-C", str(world.config),
                           "--format", "json", "-o", str(target))
        assert result.returncode == 2, result.stderr
        assert result.stderr.strip().splitlines() == [
            next(line for line in result.stderr.splitlines() if line.startswith(f"houston-codemod: -o {target}: "))
        ] and result.stderr.strip().endswith("; nothing written")
    assert {p: p.read_bytes() for p in watched} == before and world.config.stat().st_mode == mode
    assert not (world.tmp / "clones" / "new-report.json").exists()
    fine = world.run(console_script("houston-codemod"), "fleet", "status", "-C", str(world.config),
                     "--format", "json", "-o", str(world.tmp / "status.json"))
    assert fine.returncode in (0, 1, 2) and json.loads((world.tmp / "status.json").read_text())


def candidates(world):
    """The fleet's grep cut, called in-process on the world's clones."""
    from all_repos.config import load_config

    from codemods.fleet.candidates import find_repos

    found = find_repos(load_config(str(world.config)))
    return {os.path.relpath(p, world.tmp / "clones") for p in found}


def test_grep_markers_find_every_file_rewrite_changes(tmp_path):
    """Every test input that ``rewrite`` changes is a candidate of both greps (no repository is missed)."""
    from codemods.fleet.candidates import AC_MARKERS, PREFILTER_MARKERS, candidate_files, grep_args

    repo = tmp_path / "repo"
    inputs = [p for p in CASES.rglob("*") if p.is_file() and ".expected" not in p.name and p.suffix != ".findings"]
    for path in inputs:  # names and folders kept: they decide a file's kind
        (repo / "cases" / path.relative_to(CASES)).parent.mkdir(parents=True, exist_ok=True)
        (repo / "cases" / path.relative_to(CASES)).write_bytes(path.read_bytes())
    (repo / "scripts").mkdir()
    for path in sorted((CORPUS / "scripts").glob("*.py")):
        (repo / "scripts" / path.name).write_bytes(path.read_bytes())
    subprocess.run(["git", "init", "--quiet", str(repo)], check=True)
    subprocess.run(["git", "-C", str(repo), "add", "."], check=True)
    rewrite = subprocess.run([console_script("houston-codemod"), "rewrite", "--check", "--jobs", "1", "."],
                             cwd=repo, capture_output=True, text=True)
    would_change = {os.path.normpath(line.strip()) for line in rewrite.stdout.splitlines() if line.strip()}
    kinds = {Path(name).suffix or Path(name).name for name in would_change}
    assert len(would_change) >= 25 and {".py", ".graphql", ".ipynb", "Dockerfile", ".yml"} <= kinds, kinds

    def listing(markers):
        return subprocess.run(["git", "-C", str(repo), "grep", *grep_args(markers)], capture_output=True).stdout

    listed = set(candidate_files(listing(AC_MARKERS), listing(PREFILTER_MARKERS)))
    assert would_change <= listed, would_change - listed
    assert "cases/compose_ci_images/.gitlab-ci.yml" in listed


class FakeGitHub(http.server.BaseHTTPRequestHandler):
    requests = []

    def do_POST(self):  # noqa: N802 - http.server's naming
        body = self.rfile.read(int(self.headers["Content-Length"]))
        FakeGitHub.requests.append({
            "path": self.path, "authorization": self.headers["Authorization"], "json": json.loads(body),
        })
        answer = json.dumps({"html_url": f"https://github.example{self.path}/1"}).encode()
        self.send_response(201)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *args):
        pass


def test_github_pull_request_push(tmp_path):
    """all-repos' own github_pull_request push, against a local fake GitHub API: the request it sends."""
    server = ThreadedServer(FakeGitHub)
    server.thread.start()
    token = "ghp_fleet-test-token-0123456789"
    try:
        repos = {name: FLEET[name] for name in ("org/templates", "org/astro-project", "org/helm-chart")}
        world = World(tmp_path, repos, push="all_repos.push.github_pull_request", push_settings={
            "username": "migration-bot",
            "base_url": f"http://127.0.0.1:{server.port}/api/v3",
            "api_key_env": "FLEET_GITHUB_TOKEN",
        })
        world.clone()
        FakeGitHub.requests.clear()
        completed = world.fleet(env={"FLEET_GITHUB_TOKEN": token})
        first_requests = list(FakeGitHub.requests)
        # Before the pull requests are merged, a second run cannot push the branch again: reported, no request.
        # A later second: within the same second the new commit would equal the pushed one
        # (same tree, parent and dates), the push would be a no-op, and the test would pass or
        # fail with the clock.
        later = {"GIT_AUTHOR_DATE": "2030-01-01T00:00:00Z", "GIT_COMMITTER_DATE": "2030-01-01T00:00:00Z"}
        again = world.fleet(env={"FLEET_GITHUB_TOKEN": token, **later})
    finally:
        server.close()
    assert completed.returncode == 0, completed.stderr
    assert token not in completed.stdout + completed.stderr + again.stdout + again.stderr
    assert again.returncode == 2 and FakeGitHub.requests == first_requests
    assert again.stderr.count(f"push failed (") == 2 and f"if {BRANCH} is already on the remote" in again.stderr
    requests = {r["path"]: r for r in first_requests}
    assert sorted(requests) == ["/api/v3/repos/org/astro-project/pulls", "/api/v3/repos/org/templates/pulls"]
    for name in ("org/templates", "org/astro-project"):
        request = requests[f"/api/v3/repos/{name}/pulls"]
        assert request["authorization"] == f"token {token}"
        body = request["json"]
        assert body["title"] == SUBJECT
        assert body["head"] == BRANCH and body["base"] == "main" and body["draft"] is False
        assert "item(s) migrated" in body["body"] and "Migrated:" in body["body"]
        origin = world.origins / name
        # The branch the pull request comes from holds the migration; main is untouched.
        pushed = world.git(origin, "show", f"{BRANCH}:{next(iter(repos[name]))}").encode()
        assert pushed == next(iter(repos[name].values()))[1]
        assert world.git(origin, "rev-list", "--count", "main").strip() == "1"
    review = requests["/api/v3/repos/org/templates/pulls"]["json"]["body"]
    assert "Needs review (not changed; a person must decide):" in review
    assert "1 file(s) changed, " in review and ", 1 item(s) need review." in review  # {0} gets a literal: migrated (RT22 11b f5)
    for line in (CASES / "templates" / "fstring_and_format.findings").read_text().splitlines():
        where, _, rest = line.partition(": warning ")
        assert f"- {where}: {rest}" in review
    assert "Needs review: nothing." in requests["/api/v3/repos/org/astro-project/pulls"]["json"]["body"]


def test_usage_errors_are_one_line_and_exit_2(tmp_path):
    missing = subprocess.run([console_script("houston-codemod"), "fleet", "-C", str(tmp_path / "nope.json")],
                             capture_output=True, text=True)
    assert missing.returncode == 2 and missing.stderr.count("\n") == 1 and "nope.json" in missing.stderr
    loose = tmp_path / "all-repos.json"
    loose.write_text("{}")
    loose.chmod(0o644)
    status = subprocess.run([console_script("houston-codemod"), "fleet", "status", "-C", str(loose)],
                            capture_output=True, text=True)
    assert status.returncode == 2 and "permissions" in status.stderr and "Traceback" not in status.stderr
    bad_version = subprocess.run([console_script("houston-codemod"), "fleet", "-C", str(loose),
                                  "--houston-version", "banana"], capture_output=True, text=True)
    assert bad_version.returncode == 2 and "not a Houston version" in bad_version.stderr


def test_module_entry_point_and_help():
    helped = subprocess.run([sys.executable, "-m", "codemods.fleet", "--help"], capture_output=True, text=True,
                            cwd=ROOT)
    assert helped.returncode == 0
    for flag in ("--config-filename", "--dry-run", "--interactive", "--jobs", "--limit", "--author", "--repos",
                 "--color", "--houston-version", "--schema"):
        assert flag in helped.stdout, flag
    status_help = subprocess.run([console_script("houston-codemod"), "fleet", "status", "--help"],
                                 capture_output=True, text=True)
    assert status_help.returncode == 0 and "--format" in status_help.stdout


def test_a_clone_older_than_its_remote_is_reported_not_committed(tmp_path):
    """The commit message is planned on all-repos' clone; if the remote moved since, nothing is committed."""
    repos = {name: FLEET[name] for name in ("org/deploy-scripts", "org/graphql-queries")}
    world = World(tmp_path, repos)
    world.clone()
    moved = world.origins / "org" / "deploy-scripts"
    (moved / "more.py").write_bytes(case("update_deployment_runtime/literal_and_variable.py")[0])
    world.git(moved, "add", "more.py")
    world.git(moved, "commit", "--quiet", "-m", "more AC code after the clone")
    heads = world.heads()
    completed = world.fleet()
    assert completed.returncode == 2
    assert "org/deploy-scripts: skipped: the remote's default branch differs from the all-repos clone" in completed.stderr
    after = world.heads()
    assert after["org/deploy-scripts"] == heads["org/deploy-scripts"]
    assert after["org/graphql-queries"] != heads["org/graphql-queries"]
    assert world.git(moved, "status", "--porcelain") == ""
    world.clone()  # up to date again: the next run goes through
    assert world.fleet().returncode == 0
    assert (moved / "more.py").read_bytes() == case("update_deployment_runtime/literal_and_variable.py")[1]


def test_a_refused_write_puts_back_what_was_written(tmp_path):
    """In all-repos' fresh clone the files are written one by one, atomically; if one is refused
    (it changed on disk since it was read), those already written are put back: no half migration."""
    from codemods.fleet.autofix import _options
    from codemods.fleet.migration import plan, write

    original = case("rename_version_argument/literal_versions.py")[0]
    for name in ("a.py", "b.py", "c.py"):
        (tmp_path / name).write_bytes(original)
    subprocess.run(["git", "init", "--quiet", str(tmp_path)], check=True)
    subprocess.run(["git", "-C", str(tmp_path), "add", "."], check=True)
    migration = plan(str(tmp_path), _options(("bundled", "", None)))
    assert [Path(r.path).name for r in migration.changed] == ["a.py", "b.py", "c.py"]
    (tmp_path / "b.py").write_bytes(original + b"# edited meanwhile\n")
    problem = write(migration)
    assert problem == "b.py: changed on disk since it was read; not written"
    assert (tmp_path / "a.py").read_bytes() == original
    assert (tmp_path / "b.py").read_bytes() == original + b"# edited meanwhile\n"
    assert (tmp_path / "c.py").read_bytes() == original
    assert sorted(p.name for p in tmp_path.iterdir()) == [".git", "a.py", "b.py", "c.py"]  # no temporary left


def test_limit_and_repos_choose_the_repositories(tmp_path):
    """--limit N commits to at most N repositories; --repos names clones instead of the grep's candidates."""
    repos = {name: FLEET[name] for name in ("org/deploy-scripts", "org/graphql-queries", "org/astro-project")}
    world = World(tmp_path, repos)
    world.clone()
    heads = world.heads()
    first = world.fleet("--limit", "1")
    assert first.returncode == 0, first.stderr
    moved = {name for name, refs in world.heads().items() if refs != heads[name]}
    assert len(moved) == 1
    (other,) = sorted(set(repos) - moved)[:1]
    chosen = world.fleet("--repos", str(tmp_path / "clones" / other))
    assert chosen.returncode == 0, chosen.stderr
    assert {name for name, refs in world.heads().items() if refs != heads[name]} == moved | {other}


def test_a_remote_that_cannot_be_fetched_skips_its_repository_only(tmp_path):
    """Red team 19, report 11a, F3: a clone whose remote moved away (renamed, deleted, access revoked)
    ended the whole run with "internal error: RuntimeError: generator didn't yield" (all-repos' clone
    preparation returns without yielding); now that repository gets one line and the others go on."""
    repos = {name: FLEET[name] for name in ("org/deploy-scripts", "org/graphql-queries")}
    world = World(tmp_path, repos)
    world.clone()
    world.git(tmp_path / "clones" / "org" / "deploy-scripts", "remote", "set-url", "origin", str(tmp_path / "moved-away"))
    heads = world.heads()
    completed = world.fleet()
    assert completed.returncode == 2, completed.stderr
    assert "internal error" not in completed.stderr and "Traceback" not in completed.stderr + completed.stdout
    assert "org/deploy-scripts: skipped: all-repos could not prepare its clone" in completed.stderr, completed.stderr
    after = world.heads()
    assert after["org/deploy-scripts"] == heads["org/deploy-scripts"]
    assert after["org/graphql-queries"] != heads["org/graphql-queries"]  # the other repository was migrated and pushed


def test_status_of_a_clone_git_cannot_read_is_a_problem(tmp_path):
    """Red team 19, report 11a, F4: a clone whose objects are gone was a clean row, exit 0."""
    import shutil

    repos = {name: FLEET[name] for name in ("org/deploy-scripts", "org/graphql-queries")}
    world = World(tmp_path, repos)
    world.clone()
    shutil.rmtree(tmp_path / "clones" / "org" / "graphql-queries" / ".git" / "objects")
    completed = world.status()
    assert completed.returncode == 2, completed.stderr
    rows, _totals = rows_by_name(completed)
    assert rows["org/graphql-queries"]["problems"] == ["git cannot read this clone: run all-repos-clone again"]
    assert rows["org/deploy-scripts"]["problems"] == [] and rows["org/deploy-scripts"]["documents"] > 0


def test_a_file_name_cannot_add_lines_to_the_commit_message(tmp_path):
    """Red team 20 (report 11a), F3: the commit message (the pull request's description with
    github_pull_request) listed file names raw, so a name holding line breaks wrote lines of its
    choosing ("Needs review: nothing.", a trailer).  Every item stays on its own line."""
    from codemods.fleet.autofix import _options
    from codemods.fleet.migration import commit_message, plan

    original = case("rename_version_argument/literal_versions.py")[0]
    name = "x.py\n\nNeeds review: nothing.\nCo-authored-by: someone <s@example.com>\n.py"
    (tmp_path / name).write_bytes(original)
    subprocess.run(["git", "init", "--quiet", str(tmp_path)], check=True)
    subprocess.run(["git", "-C", str(tmp_path), "add", "."], check=True)
    migration = plan(str(tmp_path), _options(("bundled", "", None)))
    assert migration.migrated, migration.errors
    message = commit_message(migration, None)
    lines = message.split("\n")
    assert lines.count("Needs review: nothing.") == 1 and lines[-1] == "Needs review: nothing."  # the real one
    assert not any(line.startswith("Co-authored-by") for line in lines), message
    assert any(line.startswith("- x.py\\n\\nNeeds review: nothing.\\nCo-authored-by") for line in lines), message


def _small_world(tmp_path, names=("org/deploy-scripts",)):
    world = World(tmp_path, {name: FLEET[name] for name in names})
    world.clone()
    return world


def test_no_git_identity_is_one_line_and_the_repository_skipped(tmp_path):
    """Red team 21, report 11a, f9: with no git identity (a fresh CI runner) ``git commit`` failed
    inside all-repos, which printed its traceback with the whole commit message in it.  Now
    ``git var`` in the fresh clone finds it first: one line, skipped, exit 2; the dry run says the same."""
    world = _small_world(tmp_path)
    anonymous = tmp_path / "gitconfig-anonymous"  # no [user]; auto-detection off, as where git cannot guess
    anonymous.write_text(
        "[user]\n\tuseConfigOnly = true\n[init]\n\tdefaultBranch = main\n"
        f'[url "{world.origins}/"]\n\tinsteadOf = git@github.com:\n'
    )
    env = {"GIT_CONFIG_GLOBAL": str(anonymous), "EMAIL": ""}
    heads = world.heads()
    for args, verb in (((), "0 committed and pushed"), (("--dry-run",), "0 would be committed to")):
        completed = world.fleet(*args, env=env)
        output = completed.stdout + completed.stderr
        assert completed.returncode == 2, output
        assert "Traceback" not in output and "***Errored" not in output, output
        lines = completed.stderr.splitlines()
        assert lines[0].startswith("houston-codemod: org/deploy-scripts: skipped: git has no identity to commit "
                                   "with (fatal: "), lines
        assert lines[1:] == [f"houston-codemod: 1 candidate repositories, {verb}, 0 with nothing to migrate, "
                             "1 skipped with errors"], lines
    assert world.heads() == heads


def test_author_without_an_email_is_a_usage_error(tmp_path):
    """f9 variant: ``--dry-run --author 'Name'`` printed a traceback and '1 would be committed to'
    while the real run skipped the repository; git's form is 'Name <email>'."""
    world = _small_world(tmp_path)
    heads = world.heads()
    for args in (("--dry-run", "--author", "Migration Bot"), ("--author", "Migration Bot <bot@example.com")):
        completed = world.fleet(*args)
        assert completed.returncode == 2, completed.stderr
        assert completed.stdout == "" and completed.stderr.count("\n") == 1, completed.stderr
        assert "must be git's form 'Name <email>'" in completed.stderr
    assert world.heads() == heads
    fine = world.fleet("--author", "Migration Bot <bot@example.com>")
    assert fine.returncode == 0, fine.stderr
    merged = world.git(world.origins / "org" / "deploy-scripts", "log", "-1", "--format=%an <%ae>", "HEAD^2")
    assert merged.strip() == "Migration Bot <bot@example.com>"


def test_a_refused_commit_is_one_line_with_gits_message(tmp_path):
    """f9, any other failure of ``git commit`` (here a pre-commit hook): one line naming the cause, no traceback."""
    world = _small_world(tmp_path)
    hooks = tmp_path / "hooks"
    hooks.mkdir()
    (hooks / "pre-commit").write_text("#!/bin/sh\necho 'commits are frozen today' >&2\nexit 1\n")
    (hooks / "pre-commit").chmod(0o755)
    heads = world.heads()
    completed = world.fleet(env={"GIT_CONFIG_COUNT": "1", "GIT_CONFIG_KEY_0": "core.hooksPath",
                                 "GIT_CONFIG_VALUE_0": str(hooks)})
    output = completed.stdout + completed.stderr
    assert completed.returncode == 2 and "Traceback" not in output, output
    assert ("houston-codemod: org/deploy-scripts: skipped: commit failed: `git commit` failed (exit 1): "
            "commits are frozen today (nothing committed)") in completed.stderr.splitlines(), completed.stderr
    assert "1 skipped with errors" in completed.stderr and world.heads() == heads


def test_interactive_without_an_answer_skips_the_repository(tmp_path):
    """Red team 21, report 11a, f8: ``-i`` with stdin closed printed all-repos' traceback, counted the
    repository nowhere and exited 0; at end of file the run ended with no summary."""
    world = _small_world(tmp_path)
    heads = world.heads()
    script = console_script("houston-codemod")
    closed = subprocess.run(["sh", "-c", 'exec "$0" "$@" <&-', script, "fleet", "-C", str(world.config), "-i"],
                            cwd=tmp_path, env=world.env, capture_output=True, text=True, timeout=300)
    at_eof = subprocess.run([script, "fleet", "-C", str(world.config), "-i"], stdin=subprocess.DEVNULL,
                            cwd=tmp_path, env=world.env, capture_output=True, text=True, timeout=300)
    for completed, why in ((closed, "standard input is closed"), (at_eof, "standard input ended")):
        assert completed.returncode == 2, completed.stderr
        assert "Traceback" not in completed.stdout + completed.stderr
        assert completed.stderr.splitlines() == [
            f"houston-codemod: org/deploy-scripts: skipped: no answer to the --interactive prompt: {why} "
            "(nothing committed)",
            "houston-codemod: 1 candidate repositories, 0 committed and pushed, 0 with nothing to migrate, "
            "1 skipped with errors",
        ], completed.stderr
    assert world.heads() == heads


def test_repos_path_all_repos_cannot_prepare_says_why(tmp_path):
    """Red team 21, report 11a, f4: ``--repos`` with a git repository that has no origin said
    "(see its output above)" with nothing above."""
    world = _small_world(tmp_path)
    heads = world.heads()
    completed = world.fleet("--repos", str(world.origins / "org" / "deploy-scripts"))
    assert completed.returncode == 2, completed.stderr
    assert "see its output above" not in completed.stderr and "Traceback" not in completed.stdout + completed.stderr
    assert "all-repos could not prepare its clone: it has no remote 'origin' (not a clone made by all-repos-clone)" \
        in completed.stderr, completed.stderr
    assert world.heads() == heads
