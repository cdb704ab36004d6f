"""Red team 25 (report 13), f4: Houston-only names count under an argument-less root field however deep.

``query AllDeployments { workspaces { id label deployments { releaseName airflowVersion desiredAirflowVersion } } }``
(valid Houston: Workspace.deployments) was judged "not Houston: only names any API has: workspaces", so it was
neither migrated nor reported, while the flat ``deployments { releaseName airflowVersion }`` was Houston's.  The
names only Houston uses now count at any depth below such a root field, when every selection set on the way down
selects only fields Houston's types have (so another platform's ``workspaces { id name ... }`` stays not Houston's).
"""

import json

import pytest

from trust_cli import run_cli, project_tree

NESTED = {
    "workspaces": "query AllDeployments {\n  workspaces {\n    id\n    label\n    deployments {\n      releaseName\n"
                  "      airflowVersion\n      desiredAirflowVersion\n    }\n  }\n}\n",
    "three_deep": "query { deployments { id workspace { id deployments { releaseName airflowVersion } } } }\n",
    "inline_fragment": "query { workspaces { id ... on Workspace { deployments { releaseName airflowVersion } } } }\n",
}
# another platform's documents: a field Houston's Workspace lacks on the way down, or no Houston-only name at all
FOREIGN = {
    "foreign_name.graphql": "query { workspaces { id name deployments { releaseName airflowVersion } } }\n",
    "foreign_projects.graphql": "query { workspaces { id label projects { name airflowVersion } } }\n",
    "generic_only.graphql": "query { workspaces { id label deployments { id label } } }\n",
}


_project = project_tree  # trust_cli's: a .git folder and the files


@pytest.mark.parametrize("form", sorted(NESTED))
def test_a_nested_houston_only_name_makes_the_document_houstons(tmp_path, form):
    files = {"queries/nested.graphql": NESTED[form], **{f"foreign/{n}": t for n, t in FOREIGN.items()}}
    _project(tmp_path, files)
    done = run_cli("check", "--no-cache", "--houston-version", "1.0.1", "--format", "json", ".", cwd=tmp_path)
    assert done.returncode == 1, done.stdout + done.stderr
    report = json.loads(done.stdout)
    verdicts = {d["path"]: d for d in report["documents"]}
    assert verdicts["queries/nested.graphql"]["houston"] is True, verdicts["queries/nested.graphql"]
    errors = [f for f in report["findings"] if f["path"] == "queries/nested.graphql" and f["severity"] == "error"]
    assert any("airflowVersion" in f["message"] for f in errors), report["findings"]
    # precision: the foreign documents beside it stay not Houston's, with no finding
    for name in FOREIGN:
        assert verdicts[f"foreign/{name}"]["houston"] is not True, verdicts[f"foreign/{name}"]
        assert not [f for f in report["findings"] if f["path"] == f"foreign/{name}"], report["findings"]


def test_rewrite_migrates_the_nested_document_and_explain_names_the_path(tmp_path):
    _project(tmp_path, {"queries/all_deployments.graphql": NESTED["workspaces"]})
    explained = run_cli("check", "--no-cache", "--explain", "queries/all_deployments.graphql", cwd=tmp_path)
    assert "workspaces { deployments { releaseName, airflowVersion" in explained.stdout + explained.stderr, explained.stdout
    done = run_cli("rewrite", "--no-cache", ".", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    text = (tmp_path / "queries/all_deployments.graphql").read_text()
    assert "airflowVersion: runtimeAirflowVersion" in text and "desiredAirflowVersion: desiredRuntimeVersion" in text, text
    again = run_cli("rewrite", "--no-cache", ".", cwd=tmp_path)  # idempotent
    assert again.returncode == 0 and (tmp_path / "queries/all_deployments.graphql").read_text() == text
    after = run_cli("check", "--no-cache", "--houston-version", "1.0.1", ".", cwd=tmp_path)
    assert after.returncode == 0, after.stdout + after.stderr
