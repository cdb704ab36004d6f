"""Red team 9 (issue 11, part 2): constants shared between documents and modules are never half-migrated.

* F8: a module constant composed into the document at the send (``CREATE + FRAG``,
  ``f"{CREATE}{FRAG}"``, ``"%s\\n%s" % (CREATE, FRAG)``) cannot be edited through the
  composition; its own literal's document must then not edit it either (the dict
  would still send the AC version): all of a document's edits land, or none.
* F4: a constant another module of the run imports is not edited, even when its
  own module sends it: the importer may send it with its own dict, or
  ``.replace("2.3.4", v)`` on it.

Every test runs the installed ``houston-codemod`` console script and reads back what is on disk.
"""

import json
import subprocess

HEAD = '''import requests
HOUSTON_URL = "https://houston.example.com/v1"
CREATE = """mutation C($ws: Uuid!, $airflowVersion: String) {
  createDeployment(workspaceUuid: $ws, label: "l", type: "airflow", airflowVersion: $airflowVersion) { ...F }
}"""
FRAG = "fragment F on Deployment { id }"
def houston(q, v=None):
    return requests.post(HOUSTON_URL, json={"query": q, "variables": v}).json()
'''

COMPOSED = {
    "plus": 'def one(ws):\n    return houston(CREATE + FRAG, {"ws": ws, "airflowVersion": "2.3.4"})\n',
    "fstring": 'def one(ws):\n    return houston(f"{CREATE}{FRAG}", {"ws": ws, "airflowVersion": "2.3.4"})\n',
    "percent": 'def one(ws):\n    doc = "%s\\n%s" % (CREATE, FRAG)\n    return houston(doc, {"ws": ws, "airflowVersion": "2.3.4"})\n',
}


def run(*args, cwd):
    return subprocess.run(["houston-codemod", *args], cwd=cwd, capture_output=True, text=True, timeout=180)


def findings(cwd, *paths):
    checked = run("check", "--no-cache", "--format", "json", *paths, cwd=cwd)
    assert checked.returncode in (0, 1), checked.stderr
    return json.loads(checked.stdout)["findings"]


def test_f8_a_composed_constant_is_not_half_migrated(tmp_path):
    for name, send in COMPOSED.items():
        path = tmp_path / f"{name}.py"
        path.write_text(HEAD + send)
        rewritten = run("rewrite", "--no-cache", path.name, cwd=tmp_path)
        assert rewritten.returncode == 0, (name, rewritten.stdout, rewritten.stderr)
        assert path.read_text() == HEAD + send, name  # neither the argument, nor the variable, nor the dict
        reviews = [f for f in findings(tmp_path, path.name) if f["code"] == "review-shared-constant"]
        assert any("CREATE is also part of the document composed on line" in f["message"] for f in reviews), (name, reviews)
        assert not [f for f in findings(tmp_path, path.name) if f["code"].startswith("migrate-")], name


def test_f8_the_same_constant_sent_alone_is_still_migrated_whole(tmp_path):
    """Control: without composition the constant, its variable, the dict's key and value move together."""
    text = HEAD.replace(" { ...F }", " { id }") + 'def one(ws):\n    return houston(CREATE, {"ws": ws, "airflowVersion": "2.3.4"})\n'
    path = tmp_path / "m1.py"
    path.write_text(text)
    rewritten = run("rewrite", "--no-cache", "m1.py", cwd=tmp_path)
    assert rewritten.returncode == 0, rewritten.stderr
    after = path.read_text()
    assert "runtimeVersion: $runtimeVersion" in after and "$runtimeVersion: String" in after
    assert '"runtimeVersion": "5.5.0"' in after and "airflowVersion" not in after
    assert run("rewrite", "--no-cache", "m1.py", cwd=tmp_path).returncode == 0 and path.read_text() == after


MAIN_F4A = '''import requests
HOUSTON_URL = "https://houston.example.com/v1"
CREATE = """mutation C($ws: Uuid!, $airflowVersion: String) {
  createDeployment(workspaceUuid: $ws, label: "l", type: "airflow", airflowVersion: $airflowVersion) { id }
}"""
def houston(q, v=None):
    return requests.post(HOUSTON_URL, json={"query": q, "variables": v}).json()
def create(ws):
    return houston(CREATE, {"ws": ws, "airflowVersion": "2.3.4"})
'''
OTHER_F4A = '''import requests
from main import CREATE
def send(ws, v):
    return requests.post("https://houston.example.com/v1", json={"query": CREATE, "variables": {"ws": ws, "airflowVersion": v}}).json()
'''
FRAGS_F4B = '''import requests
HOUSTON_URL = "https://houston.example.com/v1"
UPSERT = 'mutation { upsertDeployment(deploymentUuid: "x", airflowVersion: "2.3.4") { id } }'
def default():
    return requests.post(HOUSTON_URL, json={"query": UPSERT}).json()
'''
MAIN_F4B = '''import sys, requests
from frags import UPSERT, HOUSTON_URL
def pinned(version):
    return requests.post(HOUSTON_URL, json={"query": UPSERT.replace("2.3.4", version)}).json()
'''


def _reviewed_on_both_sides_and_unchanged(root, files, definer, importer, name):
    for file, text in files.items():
        (root / file).write_text(text)
    rewritten = run("rewrite", "--no-cache", ".", cwd=root)
    assert rewritten.returncode == 0, rewritten.stdout + rewritten.stderr
    for file, text in files.items():
        assert (root / file).read_text() == text, file
    found = findings(root, ".")
    reviews = {(f["path"], f["message"]) for f in found if f["code"] == "review-imported-constant"}
    assert any(p == definer and f"{name} is imported by {importer} (line 2)" in m for p, m in reviews), reviews
    assert any(p == importer and f"{name} (imported from {definer}:3)" in m for p, m in reviews), reviews
    assert not [f for f in found if f["code"].startswith("migrate-")]


def test_f4a_a_constant_its_module_sends_is_not_edited_when_another_module_sends_it_with_its_own_dict(tmp_path):
    _reviewed_on_both_sides_and_unchanged(tmp_path, {"main.py": MAIN_F4A, "other.py": OTHER_F4A}, "main.py", "other.py", "CREATE")


def test_f4b_a_constant_the_importer_replaces_a_version_in_is_not_edited(tmp_path):
    _reviewed_on_both_sides_and_unchanged(tmp_path, {"frags.py": FRAGS_F4B, "main.py": MAIN_F4B}, "frags.py", "main.py", "UPSERT")


def test_f4_without_the_importer_in_the_run_the_module_is_migrated(tmp_path):
    """Control: the definer alone (no importer in the run) is migrated whole, dict included."""
    (tmp_path / "main.py").write_text(MAIN_F4A)
    (tmp_path / "other.py").write_text(OTHER_F4A)
    assert run("rewrite", "--no-cache", "main.py", cwd=tmp_path).returncode == 0
    after = (tmp_path / "main.py").read_text()
    assert '"runtimeVersion": "5.5.0"' in after and "runtimeVersion: $runtimeVersion" in after


HELPER_F5 = '''import requests
HOUSTON_URL = "https://houston.example.com/v1"
def houston(q, v):
    print("deploying Airflow", v["airflowVersion"])
    return requests.post(HOUSTON_URL, json={"query": q, "variables": v}).json()
'''
CALLER_F5 = '''from main import houston
CREATE = """mutation C($ws: Uuid!, $airflowVersion: String) {
  createDeployment(workspaceUuid: $ws, label: "l", type: "airflow", airflowVersion: $airflowVersion) { id }
}"""
def create(ws):
    return houston(CREATE, {"ws": ws, "airflowVersion": "2.3.4"})
'''


def test_f5_an_imported_helper_that_reads_the_key_keeps_it(tmp_path):
    """As within one file: the key the helper reads is not renamed, and that is reviewed naming the helper."""
    (tmp_path / "main.py").write_text(HELPER_F5)
    (tmp_path / "other.py").write_text(CALLER_F5)
    planned = run("rewrite", "--check", "--no-cache", "--format", "json", ".", cwd=tmp_path)
    assert planned.returncode == 1, planned.stderr
    reviews = [f["message"] for f in json.loads(planned.stdout)["findings"] if f["code"] == "review-version-variable"]
    assert run("rewrite", "--no-cache", ".", cwd=tmp_path).returncode in (0, 1)
    after = (tmp_path / "other.py").read_text()
    assert '{"ws": ws, "airflowVersion": "2.3.4"}' in after and "$airflowVersion: String" in after
    assert any("the helper houston (imported from main.py)" in m and "at main.py:4" in m for m in reviews), reviews


def test_f5_an_imported_helper_that_does_not_read_the_key_lets_it_be_renamed(tmp_path):
    """Control: the same helper without the read; the variable, key and value are migrated together."""
    (tmp_path / "main.py").write_text(HELPER_F5.replace('    print("deploying Airflow", v["airflowVersion"])\n', ""))
    (tmp_path / "other.py").write_text(CALLER_F5)
    assert run("rewrite", "--no-cache", ".", cwd=tmp_path).returncode == 0
    after = (tmp_path / "other.py").read_text()
    assert '{"ws": ws, "runtimeVersion": "5.5.0"}' in after and "runtimeVersion: $runtimeVersion" in after


def test_f12_a_module_found_only_by_its_unique_name_is_an_import(tmp_path):
    """``from frags import DEP`` in scripts/ with frags.py under src/ (pythonpath = ["src"]): the only
    frags of the run is the one imported, so its fragment is reviewed on both sides, not edited."""
    (tmp_path / "src").mkdir()
    (tmp_path / "scripts").mkdir()
    frags = 'DEP = """\nfragment D on Deployment { id airflowVersion }\n"""\n'
    main = (
        "import requests\nfrom frags import DEP as FR\n"
        'HOUSTON_URL = "https://houston.example.com/v1"\n'
        'GET = """query G { deployment(where: {id: "x"}) { ...D runtimeVersion } }"""\n'
        "def houston(q, v=None):\n"
        '    return requests.post(HOUSTON_URL, json={"query": q, "variables": v}).json()\n'
        "houston(GET + FR)\n"
    )
    (tmp_path / "src" / "frags.py").write_text(frags)
    (tmp_path / "scripts" / "main.py").write_text(main)
    rewritten = run("rewrite", "--no-cache", ".", cwd=tmp_path)
    assert rewritten.returncode == 0, rewritten.stdout + rewritten.stderr
    assert (tmp_path / "src" / "frags.py").read_text() == frags
    assert (tmp_path / "scripts" / "main.py").read_text() == main
    reviews = [f for f in findings(tmp_path, ".") if f["code"] == "review-imported-constant"]
    assert any(f["path"] == "src/frags.py" and "DEP is imported by scripts/main.py (line 2)" in f["message"] for f in reviews), reviews


def _git(root, *args):
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false", *args],
        cwd=root, check=True, capture_output=True, timeout=60,
    )


def test_f9_changed_since_judges_the_changed_files_in_the_whole_tree(tmp_path):
    """PR-bot mode: frags.py changed, main.py (its importer) did not; the decision is the full run's."""
    frags = 'DEP = """\nfragment D on Deployment { id airflowVersion }\n"""\n'
    main = (
        "import requests\nfrom frags import DEP as FR\n"
        'HOUSTON_URL = "https://houston.example.com/v1"\n'
        'GET = """query G { deployment(where: {id: "x"}) { ...D runtimeVersion } }"""\n'
        "def houston(q, v=None):\n"
        '    return requests.post(HOUSTON_URL, json={"query": q, "variables": v}).json()\n'
        "houston(GET + FR)\n"
    )
    _git(tmp_path, "init", "-q")
    (tmp_path / "frags.py").write_text(frags.replace(" airflowVersion", ""))
    (tmp_path / "main.py").write_text(main)
    _git(tmp_path, "add", "frags.py", "main.py")
    _git(tmp_path, "commit", "-q", "-m", "base")
    (tmp_path / "frags.py").write_text(frags)
    _git(tmp_path, "commit", "-q", "-am", "airflowVersion")
    planned = run("rewrite", "--check", "--no-cache", "--format", "json", "--changed-since", "HEAD~1", ".", cwd=tmp_path)
    assert planned.returncode == 0, planned.stdout + planned.stderr
    report = json.loads(planned.stdout)
    assert {f["path"] for f in report["findings"]} == {"frags.py"}  # only the changed file is processed
    assert [f["code"] for f in report["findings"]] == ["review-imported-constant"]
    assert "DEP is imported by main.py (line 2)" in report["findings"][0]["message"]
    assert run("rewrite", "--no-cache", "--changed-since", "HEAD~1", ".", cwd=tmp_path).returncode == 0
    assert (tmp_path / "frags.py").read_text() == frags


def test_f3_a_notebook_importing_a_module_of_the_run_is_an_importer(tmp_path):
    """``from frags import DEP`` in a code cell: frags.py's fragment is reviewed naming the notebook, not edited."""
    frags = 'DEP = """\nfragment D on Deployment { id airflowVersion }\n"""\n'
    cell = (
        "import requests\nfrom frags import DEP\n"
        'HOUSTON_URL = "https://houston.example.com/v1"\n'
        'GET = """query G { deployment(where: {id: "x"}) { ...D runtimeVersion } }"""\n'
        "def houston(q, v=None):\n"
        '    return requests.post(HOUSTON_URL, json={"query": q, "variables": v}).json()\n'
        "houston(GET + DEP)\n"
    )
    cells = [{"cell_type": "markdown", "metadata": {}, "source": ["# notes\n"]},
             {"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [], "source": cell.splitlines(True)}]
    notebook = json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}, indent=1) + "\n"
    (tmp_path / "frags.py").write_text(frags)
    (tmp_path / "n.ipynb").write_text(notebook)
    rewritten = run("rewrite", "--no-cache", ".", cwd=tmp_path)
    assert rewritten.returncode == 0, rewritten.stdout + rewritten.stderr
    assert (tmp_path / "frags.py").read_text() == frags and (tmp_path / "n.ipynb").read_text() == notebook
    line = notebook.splitlines().index('    "from frags import DEP\\n",') + 1
    reviews = [f for f in findings(tmp_path, ".") if f["code"] == "review-imported-constant"]
    assert any(f["path"] == "frags.py" and f"DEP is imported by n.ipynb (line {line})" in f["message"] for f in reviews), reviews
