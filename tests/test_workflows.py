"""The documented workflows (docs/workflows/*.yml), run step by step as GitHub would run them.

A small runner reads each workflow, evaluates the ``${{ }}`` expressions its
steps use from a pull-request context, and runs every ``run:`` step as written
with bash (``-eo pipefail``, GitHub's default shell) and the environment that
step gets, against the fake GitHub (``tests/fake_github.py``).  Our own Action
(``astronomer/houston-codemod@v1``) is expanded into the steps of
``action.yml`` and run the same way, except its install step: the package under
test is installed already.  Other actions are stood in for by checks of what
they would be handed (the SARIF file for upload-sarif, the report for
upload-artifact, a changed work tree for create-pull-request); reviewdog by a
recording stand-in on PATH, since no registry here ships its binary.

Each workflow runs on a real clone: ``origin`` holds ``main`` and the pull
request's branch, the work tree is the pull request's head.
"""

from __future__ import annotations

import json
import re
import stat
import subprocess
import sys
from pathlib import Path
from typing import Dict, List

import pytest
import yaml
from fake_github import FakeGitHub
from test_pr_bot import EXAMPLE, git, make_repo

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = ROOT / "docs" / "workflows"
EXPRESSION = re.compile(r"\$\{\{\s*([^{}]+?)\s*\}\}")
KNOWN_ACTIONS = {"actions/checkout", "actions/setup-python", "actions/upload-artifact", "github/codeql-action/upload-sarif",
                 "peter-evans/create-pull-request", "reviewdog/action-setup"}
REVIEWDOG_STANDIN = """#!/bin/sh
# Records how the workflow calls reviewdog and what it is fed.
printf '%s\\n' "$@" > "$REVIEWDOG_RECORD.args"
cat > "$REVIEWDOG_RECORD.input"
"""


def load(name: str) -> dict:
    workflow = yaml.load((WORKFLOWS / name).read_text(), Loader=yaml.BaseLoader)  # "on" stays a string key
    return workflow


class Runner:
    def __init__(self, tmp_path: Path, github: FakeGitHub, work: Path, event: dict):
        self.tmp, self.github, self.work = tmp_path, github, work
        self.summary = tmp_path / "step_summary.md"
        self.summary.touch()
        self.temp = tmp_path / "runner_temp"
        self.temp.mkdir()
        event_path = tmp_path / "event.json"
        event_path.write_text(json.dumps(event))
        bin_dir = tmp_path / "bin"
        bin_dir.mkdir()
        standin = bin_dir / "reviewdog"
        standin.write_text(REVIEWDOG_STANDIN)
        standin.chmod(standin.stat().st_mode | stat.S_IXUSR)
        self.reviewdog_record = tmp_path / "reviewdog"
        pull = event.get("pull_request", {})
        self.context = {
            "github.token": github.token,
            "github.base_ref": pull.get("base", {}).get("ref", ""),
            "github.event.pull_request.number": str(pull.get("number", "")),
            "github.event.pull_request.head.sha": pull.get("head", {}).get("sha", ""),
            "github.workspace": str(work),
            "runner.temp": str(self.temp),
        }
        self.env = {
            "PATH": f"{bin_dir}:{Path(sys.executable).parent}:/usr/bin:/bin",
            "HOME": str(tmp_path),
            "CI": "true",
            "GITHUB_ACTIONS": "true",
            "GITHUB_REPOSITORY": github.repository,
            "GITHUB_API_URL": github.url,
            "GITHUB_SERVER_URL": "https://github.com",
            "GITHUB_RUN_ID": "4242",
            "GITHUB_EVENT_PATH": str(event_path),
            "GITHUB_BASE_REF": self.context["github.base_ref"],
            "GITHUB_WORKSPACE": str(work),
            "GITHUB_STEP_SUMMARY": str(self.summary),
            "RUNNER_TEMP": str(self.temp),
            "REVIEWDOG_RECORD": str(self.reviewdog_record),
        }
        self.handed: List[dict] = []  # what stood-in actions were given
        self.outputs: List[subprocess.CompletedProcess] = []

    def evaluate(self, text: str, inputs: Dict[str, str]) -> str:
        def value(match):
            name = match.group(1)
            if name.startswith("inputs."):
                return inputs[name[len("inputs."):]]
            assert name in self.context, f"the test runner does not know ${{{{ {name} }}}}"
            return self.context[name]

        return EXPRESSION.sub(value, text)

    def condition(self, expression: str, inputs: Dict[str, str]) -> bool:
        verdict = True
        for term in expression.replace("${{", "").replace("}}", "").split("&&"):
            term = term.strip()
            if term == "always()":
                continue
            match = re.fullmatch(r"([\w.-]+)\s*(==|!=)\s*'([^']*)'", term)
            assert match, f"the test runner cannot evaluate {term!r}"
            left = self.evaluate("${{ " + match.group(1) + " }}", inputs)
            verdict &= (left == match.group(3)) == (match.group(2) == "==")
        return verdict

    def run_steps(self, steps: List[dict], inputs: Dict[str, str], env: Dict[str, str]) -> None:
        for step in steps:
            if "if" in step and not self.condition(step["if"], inputs):
                continue
            step_env = dict(env, **{k: self.evaluate(v, inputs) for k, v in step.get("env", {}).items()})
            if "run" in step:
                assert "${{" not in step["run"], "expressions go through env:, never into the script"
                if step.get("name") == "Install houston-codemod":
                    assert 'pip install' in step["run"] and "$GITHUB_ACTION_PATH" in step["run"]
                    continue  # installed already, editable, by the test setup
                completed = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
                                           cwd=self.work, env=dict(self.env, **step_env), capture_output=True,
                                           text=True, timeout=300, stdin=subprocess.DEVNULL)
                self.outputs.append(completed)
                assert completed.returncode == 0, f"step {step.get('name')!r}: {completed.stderr[-3000:]}"
            else:
                self.use(step, inputs, env)

    def use(self, step: dict, inputs: Dict[str, str], env: Dict[str, str]) -> None:
        action, _, _version = step["uses"].partition("@")
        given = {k: self.evaluate(v, inputs) for k, v in step.get("with", {}).items()}
        if action == "astronomer/houston-codemod":
            definition = yaml.load((ROOT / "action.yml").read_text(), Loader=yaml.BaseLoader)
            declared = definition["inputs"]
            assert set(given) <= set(declared), set(given) - set(declared)
            action_inputs = {name: given.get(name, self.evaluate(spec.get("default", ""), {})) for name, spec in declared.items()}
            self.run_steps(definition["runs"]["steps"], action_inputs, {"GITHUB_ACTION_PATH": str(ROOT)})
            return
        assert action in KNOWN_ACTIONS, f"unknown action {action}"
        self.handed.append({"uses": action, "with": given})


def clone(tmp_path: Path, origin: Path, ref: str) -> Path:
    work = tmp_path / "work"
    git(tmp_path, "clone", "-q", str(origin), str(work))
    git(work, "checkout", "-q", "--detach", git(origin, "rev-parse", ref).strip())
    return work


def pull_request_run(tmp_path: Path, base_files, pr_files):
    origin = make_repo(tmp_path, base_files, pr_files)
    work = clone(tmp_path, origin, "pr")
    event = {"pull_request": {"number": 7, "base": {"ref": "main"}, "head": {"sha": git(origin, "rev-parse", "pr").strip()}}}
    return origin, work, event


def run_workflow(name: str, runner: Runner) -> None:
    workflow = load(name)
    (job,) = workflow["jobs"].values()
    runner.run_steps(job["steps"], {}, {k: runner.evaluate(v, {}) for k, v in job.get("env", {}).items()})


def test_every_documented_workflow_is_tested():
    assert sorted(p.name for p in WORKFLOWS.glob("*.yml")) == sorted(
        ["houston-check.yml", "houston-review.yml", "houston-reviewdog.yml", "houston-code-scanning.yml", "houston-migrate.yml"]
    )


def test_check_workflow_annotates_and_summarises(tmp_path):
    broken = EXAMPLE.replace("    releaseName\n", "    releaseName\n    notAField\n")
    origin, work, event = pull_request_run(tmp_path, {"keep.py": EXAMPLE}, {"new.py": broken})
    with FakeGitHub(origin, "main", "pr") as github:
        runner = Runner(tmp_path, github, work, event)
        with pytest.raises(AssertionError, match="step 'Run houston-codemod'"):
            run_workflow("houston-check.yml", runner)  # the invalid document fails the job...
    annotations = runner.outputs[-1].stdout.splitlines()
    assert any(line.startswith("::error file=new.py,line=") for line in annotations)  # ...with its annotation
    assert not any("keep.py" in line for line in annotations)  # a file the pull request did not change
    summary = runner.summary.read_text()
    assert summary.startswith("### houston-codemod check") and "`new.py`" in summary
    assert "[`houston-codemod-report` artifact](https://github.com/acme/dags/actions/runs/4242#artifacts)" in summary
    assert (runner.temp / "houston-codemod-report.html").read_text().startswith("<!DOCTYPE html>")


def test_check_workflow_passes_a_clean_pull_request(tmp_path):
    origin, work, event = pull_request_run(tmp_path, {}, {"new.py": EXAMPLE})
    with FakeGitHub(origin, "main", "pr") as github:
        runner = Runner(tmp_path, github, work, event)
        run_workflow("houston-check.yml", runner)
    assert any(h["uses"] == "actions/upload-artifact" and h["with"]["name"] == "houston-codemod-report" for h in runner.handed)
    (upload,) = [h for h in runner.handed if h["uses"] == "actions/upload-artifact"]
    assert Path(upload["with"]["path"]).is_file()


def test_review_workflow_posts_once(tmp_path):
    origin, work, event = pull_request_run(tmp_path, {"old.py": EXAMPLE}, {"old.py": "# x\n" + EXAMPLE, "new.py": EXAMPLE})
    with FakeGitHub(origin, "main", "pr") as github:
        runner = Runner(tmp_path, github, work, event)
        run_workflow("houston-review.yml", runner)
        first = (len(github.reviews), len(github.comments))
        run_workflow("houston-review.yml", runner)
    assert not github.rejected
    assert first[0] == 1 and first[1] >= 3  # new.py: two whole fixes (one per document) and an item to review
    assert (len(github.reviews), len(github.comments)) == first
    assert "| <code>old.py</code> |" in github.reviews[0]["body"]  # the untouched lines' migration, in the body
    assert "nothing new to post" in runner.outputs[-1].stderr
    assert runner.summary.read_text().count("### houston-codemod review") == 2


def test_reviewdog_workflow_hands_rdjson_to_reviewdog(tmp_path):
    origin, work, event = pull_request_run(tmp_path, {}, {"new.py": EXAMPLE})
    with FakeGitHub(origin, "main", "pr") as github:
        runner = Runner(tmp_path, github, work, event)
        run_workflow("houston-reviewdog.yml", runner)
    assert {"uses": "reviewdog/action-setup", "with": {}} in runner.handed
    arguments = (tmp_path / "reviewdog.args").read_text().splitlines()
    assert arguments == ["-f=rdjson", "-name=houston-codemod", "-reporter=github-pr-review", "-filter-mode=added", "-fail-level=none"]
    report = json.loads((tmp_path / "reviewdog.input").read_text())
    assert {d["location"]["path"] for d in report["diagnostics"]} == {"new.py"}
    assert any(d.get("suggestions") for d in report["diagnostics"])


def test_code_scanning_workflow_uploads_sarif(tmp_path):
    origin, work, event = pull_request_run(tmp_path, {}, {"new.py": EXAMPLE})
    with FakeGitHub(origin, "main", "pr") as github:
        runner = Runner(tmp_path, github, work, event)
        run_workflow("houston-code-scanning.yml", runner)
    (upload,) = [h for h in runner.handed if h["uses"] == "github/codeql-action/upload-sarif"]
    assert upload["with"]["category"] == "houston-codemod" and upload["with"]["checkout_path"] == str(work)
    sarif = json.loads((work / upload["with"]["sarif_file"]).read_text())
    results = sarif["runs"][0]["results"]
    assert results and all("primaryLocationLineHash" in r["partialFingerprints"] for r in results)


def test_migrate_workflow_rewrites_and_writes_the_pull_request_text(tmp_path):
    origin, work, event = pull_request_run(tmp_path, {}, {"create.py": EXAMPLE})
    with FakeGitHub(origin, "main", "pr") as github:
        runner = Runner(tmp_path, github, work, event)
        run_workflow("houston-migrate.yml", runner)
    (opened,) = [h for h in runner.handed if h["uses"] == "peter-evans/create-pull-request"]
    body = Path(opened["with"]["body-path"]).read_text()
    assert "review-desired-runtime-version" in body
    assert "runtimeVersion" in (work / "create.py").read_text()
    assert git(work, "status", "--porcelain").strip() == "M create.py"  # what create-pull-request commits
    assert "### houston-codemod rewrite" in runner.summary.read_text()


@pytest.mark.parametrize("name", ["houston-check.yml", "houston-review.yml", "houston-reviewdog.yml",
                                  "houston-code-scanning.yml", "houston-migrate.yml"])
def test_workflows_ask_only_for_the_permissions_they_use(name):
    workflow = load(name)
    permissions = workflow["permissions"]
    assert permissions["contents"] in ("read", "write")
    writes = {k for k, v in permissions.items() if v == "write"}
    expected = {
        "houston-check.yml": set(),
        "houston-review.yml": {"pull-requests"},
        "houston-reviewdog.yml": {"pull-requests"},
        "houston-code-scanning.yml": {"security-events"},
        "houston-migrate.yml": {"contents", "pull-requests"},
    }[name]
    assert writes == expected
