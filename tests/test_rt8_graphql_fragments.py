"""Red team 8, F1 repro C: fragments across the run's ``.graphql`` files are judged together.

``queries/deployment.graphql`` selects ``airflowVersion`` beside ``...DeploymentFields`` and
``queries/fragments.graphql`` defines that fragment with ``airflowVersion``.  ``rewrite .``
renamed the fragment file alone, so the two files concatenated (as codegen and loaders do)
failed overlapping-fields-can-be-merged.  Now the operation is checked with the fragment it
spreads (sources/graphql_fragments_index.py) and neither half is renamed alone: both files
get ``review-shared-fragment`` naming the other.  Every test runs the installed command.
"""

import json
import os
import subprocess
from pathlib import Path

OPERATION = (
    "query DeploymentInfo($id: String!) {\n"
    "  deployment(where: {id: $id}) {\n"
    "    id\n"
    "    airflowVersion\n"
    "    ...DeploymentFields\n"
    "  }\n"
    "}\n"
)
FRAGMENT = "fragment DeploymentFields on Deployment {\n  releaseName\n  airflowVersion\n}\n"


def _cli(*args, cwd):
    return subprocess.run(["houston-codemod", *args], cwd=cwd, capture_output=True, text=True, timeout=120)


def _tree(root: Path, files: dict) -> dict:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return {name: (root / name).read_bytes() for name in files}


def _check_json(root: Path, *paths):
    proc = _cli("check", "--format", "json", *(paths or (".",)), cwd=root)
    assert proc.returncode in (0, 1), proc.stderr
    return json.loads(proc.stdout)


def _concatenation_problems(root: Path, names) -> list:
    """What ``check --houston-version 1.0.1`` says of the files concatenated, as codegen does."""
    joined = root.parent / (root.name + "-joined.graphql")
    joined.write_text("".join((root / name).read_text() for name in names))
    proc = _cli("check", "--houston-version", "1.0.1", "--format", "json", str(joined), cwd=root.parent)
    assert proc.returncode in (0, 1), proc.stderr
    return [f["code"] for f in json.loads(proc.stdout)["findings"] if f["severity"] == "error"]


def _rewrite_twice(root: Path) -> None:
    first = _cli("rewrite", ".", cwd=root)
    assert first.returncode in (0, 1), first.stderr
    before = {p: p.read_bytes() for p in root.rglob("*.graphql")}
    second = _cli("rewrite", ".", cwd=root)
    assert second.returncode in (0, 1), second.stderr
    assert {p: p.read_bytes() for p in root.rglob("*.graphql")} == before  # idempotent


def test_repro_neither_half_is_renamed_and_each_names_the_other(tmp_path):
    root = tmp_path / "t20"
    original = _tree(root, {"queries/deployment.graphql": OPERATION, "queries/fragments.graphql": FRAGMENT})
    report = _check_json(root)
    by_path = {}
    for finding in report["findings"]:
        by_path.setdefault(finding["path"], []).append(finding)
    operation = by_path[os.path.join("queries", "deployment.graphql")]
    fragment = by_path[os.path.join("queries", "fragments.graphql")]
    # The operation is checked with the fragment it spreads: no "Unknown fragment" any more.
    assert not [f for f in operation if f["code"] == "known-fragment-names"]
    shared_op = [f for f in operation if f["code"] == "review-shared-fragment"]
    shared_frag = [f for f in fragment if f["code"] == "review-shared-fragment"]
    assert shared_op and all("queries/fragments.graphql" in f["message"] for f in shared_op)
    assert [f["line"] for f in shared_frag] == [3]
    assert "queries/deployment.graphql (line 5)" in shared_frag[0]["message"]
    assert not [f for f in report["findings"] if f["code"].startswith("migrate-")]
    _rewrite_twice(root)
    assert {name: (root / name).read_bytes() for name in original} == original  # neither file edited
    problems = _concatenation_problems(root, ["queries/deployment.graphql", "queries/fragments.graphql"])
    assert "overlapping-fields-can-be-merged" not in problems


def test_spread_only_layout_and_two_users_in_other_folders(tmp_path):
    """The operation reads airflowVersion only through the fragment, from another folder; two users."""
    root = tmp_path / "t20b"
    spread_only = OPERATION.replace("    airflowVersion\n", "")
    other = OPERATION.replace("DeploymentInfo", "Other")
    original = _tree(root, {"ops/a.graphql": spread_only, "ops/b/b.graphql": other, "lib/fragments.graphql": FRAGMENT})
    report = _check_json(root)
    fragment = [f for f in report["findings"] if f["path"] == os.path.join("lib", "fragments.graphql")]
    shared = [f for f in fragment if f["code"] == "review-shared-fragment"]
    assert shared and "ops/a.graphql (line 4)" in shared[0]["message"] and "ops/b/b.graphql (line 5)" in shared[0]["message"]
    assert not [f for f in report["findings"] if f["code"] in ("known-fragment-names", "migrate-read-field")]
    _rewrite_twice(root)
    assert {name: (root / name).read_bytes() for name in original} == original
    for user in ("ops/a.graphql", "ops/b/b.graphql"):
        assert "overlapping-fields-can-be-merged" not in _concatenation_problems(root, [user, "lib/fragments.graphql"])


def test_fields_not_merged_with_the_fragment_are_still_renamed(tmp_path):
    """A fragment without airflowVersion: the operation's own field is renamed; the joined files are clean at 1.0.1."""
    root = tmp_path / "t20c"
    _tree(root, {"q/op.graphql": OPERATION, "q/frag.graphql": "fragment DeploymentFields on Deployment {\n  releaseName\n}\n"})
    _rewrite_twice(root)
    assert "airflowVersion: runtimeAirflowVersion" in (root / "q/op.graphql").read_text()
    assert (root / "q/frag.graphql").read_text() == "fragment DeploymentFields on Deployment {\n  releaseName\n}\n"
    assert _concatenation_problems(root, ["q/op.graphql", "q/frag.graphql"]) == []


def test_fragment_spread_nowhere_in_the_run_is_reviewed(tmp_path):
    root = tmp_path / "lonely"
    original = _tree(root, {"fragments.graphql": FRAGMENT})
    report = _check_json(root)
    shared = [f for f in report["findings"] if f["code"] == "review-shared-fragment"]
    assert shared and "no file of this run spreads fragment DeploymentFields" in shared[0]["message"]
    _rewrite_twice(root)
    assert (root / "fragments.graphql").read_bytes() == original["fragments.graphql"]


def test_same_file_fragment_and_operation_still_renamed_alike(tmp_path):
    """Inside one file nothing changes: both sides renamed by the merge-group rule."""
    root = tmp_path / "one"
    _tree(root, {"all.graphql": OPERATION + FRAGMENT})
    _rewrite_twice(root)
    assert (root / "all.graphql").read_text().count("airflowVersion: runtimeAirflowVersion") == 2
    assert _concatenation_problems(root, ["all.graphql"]) == []


def test_python_spread_of_a_graphql_fragment_and_the_reverse(tmp_path):
    root = tmp_path / "mixed"
    script = (
        "import requests\n"
        'URL = "https://houston.example.com/v1"\n'
        'Q = """query Q($id: String!) { deployment(where: {id: $id}) { ...DeploymentFields } }"""\n'
        "def f(i):\n"
        '    return requests.post(URL, json={"query": Q + open("frag.graphql").read(), "variables": {"id": i}})\n'
    )
    python_fragment = (
        "import requests\n"
        'URL = "https://houston.example.com/v1"\n'
        'F = """fragment PyFields on Deployment { airflowVersion }"""\n'
        "def f():\n"
        '    return requests.post(URL, json={"query": F})\n'
    )
    original = _tree(root, {
        "send.py": script, "frag.graphql": FRAGMENT, "lib.py": python_fragment,
        "use.graphql": "query U { deployment(where: {id: \"x\"}) { id ...PyFields } }\n",
    })
    report = _check_json(root)
    shared = {f["path"]: f["message"] for f in report["findings"] if f["code"] == "review-shared-fragment"}
    assert "send.py (line 3)" in shared["frag.graphql"]
    assert "use.graphql (line 1)" in shared["lib.py"]
    _rewrite_twice(root)
    assert (root / "frag.graphql").read_bytes() == original["frag.graphql"]
    assert (root / "lib.py").read_bytes() == original["lib.py"]


def test_index_reads_each_file_once_and_parses_the_definer_once(tmp_path, monkeypatch):
    """Linear: 300 files spreading one fragment cost one parse of its file (counted, not timed)."""
    from codemods.sources import graphql_fragments_index as index

    paths = []
    for i in range(300):
        path = tmp_path / f"op{i}.graphql"
        path.write_text(OPERATION.replace("DeploymentInfo", f"Q{i}"))
        paths.append(str(path))
    (tmp_path / "fragments.graphql").write_text(FRAGMENT)
    paths.append(str(tmp_path / "fragments.graphql"))
    parsed = []
    real = index._definitions
    monkeypatch.setattr(index, "_definitions", lambda path: parsed.append(path) or real(path))
    found = index.build(paths)
    assert parsed == [str(tmp_path / "fragments.graphql")]
    assert len(found[str(tmp_path / "fragments.graphql")]["used_by"]["DeploymentFields"]) == 300
    assert all(len(found[p]["needs"]) == 1 for p in paths[:-1])
