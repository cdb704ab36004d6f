"""Red team 8 (issues 12 and 13): documents, helpers and fragments split across notebook cells and modules.

Every test runs the installed ``houston-codemod`` console script on files it
writes, and reads back what is on disk.
"""

import json
import os
import subprocess

HOUSTON = "https://houston.example.com/v1"


def run(*args, cwd):
    return subprocess.run(["houston-codemod", *args], cwd=cwd, capture_output=True, text=True, timeout=120)


def notebook(*sources) -> str:
    cells = [
        {"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [], "source": source.splitlines(True)}
        for source in sources
    ]
    data = {"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    return json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def cells_of(path) -> list:
    return ["".join(c["source"]) for c in json.loads(path.read_text(encoding="utf-8"))["cells"]]


def documents(completed) -> list:
    return json.loads(completed.stdout)["documents"]


# -- notebooks: the code cells are one module -----------------------------------------------------

HELPER_CELL = (
    "import requests\n"
    f'HOUSTON_URL = "{HOUSTON}"\n'
    "def houston(q):\n"
    '    return requests.post(HOUSTON_URL, json={"query": q}).json()\n'
)


def test_a_helper_defined_in_one_cell_sends_what_a_later_cell_passes_it(tmp_path):
    """12-R1: the send in cell 3 goes through cell 1's helper, so its document is Houston's."""
    path = tmp_path / "n.ipynb"
    path.write_text(notebook(HELPER_CELL, "x = 1\n", 'd = houston("""{ deployments { airflowVersion } }""")\n'))
    checked = run("check", "--format", "json", "n.ipynb", cwd=tmp_path)
    assert checked.returncode in (0, 1), checked.stderr  # warnings and migrations only: no error
    [document] = documents(checked)
    assert document["houston"] is True
    assert "sent by helper houston() (line 1 of cell 3)" in document["evidence"]  # RT9 F13: evidence names the cell
    assert "Houston endpoint named in the file: HOUSTON_URL (line 2 of cell 1)" in document["evidence"]
    findings = json.loads(checked.stdout)["findings"]
    assert {f["code"] for f in findings} >= {"migrate-read-field", "deprecated"}
    assert all(f["message"].startswith("[cell 3] ") for f in findings)
    rewritten = run("rewrite", "n.ipynb", cwd=tmp_path)
    assert rewritten.returncode == 0, rewritten.stderr
    cells = cells_of(path)
    assert cells[0] == HELPER_CELL and cells[1] == "x = 1\n"
    assert cells[2] == 'd = houston("""{ deployments { airflowVersion: runtimeAirflowVersion } }""")\n'


def test_without_the_helper_cell_the_document_is_not_houston(tmp_path):
    """The verdict comes from the helper cell: without it nothing says Houston."""
    path = tmp_path / "n.ipynb"
    path.write_text(notebook("x = 1\n", 'd = houston("""{ deployments { airflowVersion } }""")\n'))
    checked = run("check", "--format", "json", "n.ipynb", cwd=tmp_path)
    assert checked.returncode == 0, checked.stderr
    assert [d["houston"] for d in documents(checked)] in ([], [None], [False])


FRAGMENT_CELL = f'import requests\nURL = "{HOUSTON}"\nDEP = "fragment D on Deployment {{ airflowVersion }}"\n'
SEND_CELL = 'GET = "query G { workspaces { deployments { ...D } } }\\n"\nr = requests.post(URL, json={"query": GET + DEP})\n'


def test_a_fragment_in_one_cell_spliced_into_a_document_sent_in_another(tmp_path):
    """13-F3: the composed document is found and checked; the fragment is migrated once, and again is a no-op."""
    path = tmp_path / "n.ipynb"
    path.write_text(notebook(FRAGMENT_CELL, SEND_CELL))
    checked = run("check", "--format", "json", "n.ipynb", cwd=tmp_path)
    assert checked.returncode in (0, 1), checked.stderr  # warnings and migrations only: no error
    sent = [d for d in documents(checked) if d["operations"] == ["G"] and any(e.startswith("url ") for e in d["evidence"])]
    assert sent and sent[0]["houston"] is True
    assert not [f for f in json.loads(checked.stdout)["findings"] if f["code"] == "known-fragment-names"]
    assert run("rewrite", "n.ipynb", cwd=tmp_path).returncode == 0
    cells = cells_of(path)
    assert cells[0] == FRAGMENT_CELL.replace("{ airflowVersion }", "{ airflowVersion: runtimeAirflowVersion }")
    assert cells[1] == SEND_CELL
    after = path.read_bytes()
    final = run("check", "--houston-version", "1.0.1", "n.ipynb", cwd=tmp_path)
    assert final.returncode == 0, final.stdout + final.stderr
    assert run("rewrite", "n.ipynb", cwd=tmp_path).returncode == 0
    assert path.read_bytes() == after


SENT = (
    "Q = '''mutation C($ws: Uuid!, $airflowVersion: String) { createDeployment(workspaceUuid: $ws, "
    "label: \"l\", type: \"airflow\", airflowVersion: $airflowVersion) { id } }'''\n"
    "params = {'ws': ws, 'airflowVersion': '2.3.1'}\n"
    "client.execute(gql(Q), variable_values=params)\n"
)


def test_a_document_sent_again_in_another_cell_is_migrated_with_both_sends(tmp_path):
    """Both sends are seen: the variable is renamed, and so is each variables dict's key (the unknown value reviewed)."""
    path = tmp_path / "n.ipynb"
    path.write_text(notebook(SENT, "client.execute(gql(Q), variable_values={'ws': w, 'airflowVersion': v})\n"))
    completed = run("rewrite", "n.ipynb", cwd=tmp_path)
    assert completed.returncode == 0, completed.stderr
    cells = cells_of(path)
    assert "$runtimeVersion: String" in cells[0] and "'runtimeVersion': '5.0.2'" in cells[0]
    assert cells[1] == "client.execute(gql(Q), variable_values={'ws': w, 'runtimeVersion': v})\n"
    assert "[cell 2] the value sent as 'runtimeVersion' must now be an Astro Runtime version" in completed.stderr


def test_cells_that_do_not_parse_as_one_module_are_read_one_by_one(tmp_path):
    """``from __future__`` in a later cell parses alone but not joined: each cell is still checked."""
    path = tmp_path / "n.ipynb"
    document = 'mutation { createDeployment(workspaceUuid: "w", label: "l", type: "airflow", airflowVersion: "2.3.1") { id } }'
    path.write_text(notebook("x = 1\n", f"from __future__ import annotations\nclient.execute(gql('{document}'))\n"))
    completed = run("rewrite", "n.ipynb", cwd=tmp_path)
    assert completed.returncode == 0, completed.stderr
    assert cells_of(path)[1] == (
        "from __future__ import annotations\nclient.execute(gql('"
        + document.replace('airflowVersion: "2.3.1"', 'runtimeVersion: "5.0.2"')
        + "'))\n"
    )


# -- helpers imported under a Houston name -------------------------------------------------------


def test_a_helper_imported_under_a_houston_name_is_houston_evidence(tmp_path):
    """12-R2: ``from mylib.houston_client import houston`` counts like a module's own ``def houston``."""
    (tmp_path / "use.py").write_text(
        "from mylib.houston_client import houston\n"
        "from mylib.clients import run_query\n"
        'houston("{ workspaces { id lable } }")\n'
        'run_query("{ workspaces { id lable } }")\n'
    )
    checked = run("check", "--format", "json", "use.py", cwd=tmp_path)
    assert checked.returncode == 1, checked.stderr
    by_line = {d["line"]: d for d in documents(checked)}
    assert by_line[3]["houston"] is True and "sent by helper houston() (line 3)" in by_line[3]["evidence"]
    assert 4 not in by_line or by_line[4]["houston"] is not True  # another imported name says nothing
    errors = [(f["line"], f["code"]) for f in json.loads(checked.stdout)["findings"] if f["severity"] == "error"]
    assert errors == [(3, "fields-on-correct-type")]


def test_an_imported_houston_helper_document_is_migrated(tmp_path):
    path = tmp_path / "s.py"
    path.write_text('from lib import query as houston_query\nq = """{ deployments { airflowVersion } }"""\nhouston_query(q)\n')
    assert run("rewrite", "s.py", cwd=tmp_path).returncode == 0
    assert path.read_text() == (
        'from lib import query as houston_query\nq = """{ deployments { airflowVersion: runtimeAirflowVersion } }"""\nhouston_query(q)\n'
    )


def test_a_local_function_shadowing_the_import_is_judged_by_its_body(tmp_path):
    """A module's own ``def houston`` that sends nothing GraphQL-like is not made a helper by its import."""
    (tmp_path / "s.py").write_text(
        "from lib import houston\n"
        "def houston(text):\n"
        "    print(text)\n"
        'houston("{ workspaces { id lable } }")\n'
    )
    checked = run("check", "--format", "json", "s.py", cwd=tmp_path)
    assert checked.returncode == 0, checked.stderr
    assert documents(checked) == []


# -- constants imported from another module of the run ------------------------------------------

FRAGMENT_MODULE = 'DEP = "fragment D on Deployment { airflowVersion }"\n'
SENDING_MODULE = (
    "import requests\n"
    "from frags import DEP\n"
    "\n"
    'GET = "query G { workspaces { deployments { ...D } } }\\n"\n'
    "\n"
    "def run():\n"
    f'    return requests.post("{HOUSTON}", json={{"query": GET + DEP}})\n'
)


def fragment_project(root):
    (root / "frags.py").write_text(FRAGMENT_MODULE)
    (root / "tool.py").write_text(SENDING_MODULE)


def test_a_fragment_imported_by_another_module_is_reviewed_on_both_sides_and_never_edited(tmp_path):
    """13-F2: the importer's document is found whole and checked; neither side is edited alone."""
    fragment_project(tmp_path)
    checked = run("check", "--format", "json", ".", cwd=tmp_path)
    assert checked.returncode in (0, 1), checked.stderr
    report = json.loads(checked.stdout)
    sent = [d for d in report["documents"] if d["path"] == "tool.py" and any(e.startswith("url ") for e in d["evidence"])]
    assert len(sent) == 1 and sent[0]["houston"] is True
    assert "Houston-only vocabulary: fragment on Deployment" in sent[0]["evidence"]  # the fragment's text is read
    codes = {(f["path"], f["line"], f["code"]) for f in report["findings"]}
    assert ("tool.py", 7, "deprecated") in codes  # checked: airflowVersion reached through DEP
    assert not [f for f in report["findings"] if f["code"] == "known-fragment-names"]
    messages = {f["path"]: f["message"] for f in report["findings"] if f["code"] == "review-imported-constant"}
    assert "DEP is imported by tool.py (line 2)" in messages["frags.py"]
    assert "DEP (imported from frags.py:1)" in messages["tool.py"]
    assert not [f for f in report["findings"] if f["code"].startswith("migrate-")]
    rewritten = run("rewrite", ".", cwd=tmp_path)
    assert rewritten.returncode == 0, rewritten.stderr
    assert (tmp_path / "frags.py").read_text() == FRAGMENT_MODULE
    assert (tmp_path / "tool.py").read_text() == SENDING_MODULE


def test_the_definer_alone_is_migrated_as_before(tmp_path):
    """With no importer in the run nothing says the fragment is shared: its own evidence decides, as before."""
    fragment_project(tmp_path)
    rewritten = run("rewrite", "frags.py", cwd=tmp_path)
    assert rewritten.returncode == 0, rewritten.stderr
    assert (tmp_path / "frags.py").read_text() == FRAGMENT_MODULE.replace("{ airflowVersion }", "{ airflowVersion: runtimeAirflowVersion }")


def test_an_operation_its_own_module_sends_is_reviewed_not_edited_when_imported(tmp_path):
    """Red team 9 F4: even sent by its own module, an imported document is not edited (the importer may
    send it otherwise); its migration is a review item naming the importer."""
    queries = (
        "import requests\n"
        'Q = "query L { workspaces { deployments { airflowVersion } } }"\n'
        f'def run():\n    return requests.post("{HOUSTON}", json={{"query": Q}})\n'
    )
    (tmp_path / "queries.py").write_text(queries)
    (tmp_path / "other.py").write_text("from queries import Q\nprint(len(Q))\n")
    rewritten = run("rewrite", ".", cwd=tmp_path)
    assert rewritten.returncode == 0, rewritten.stderr
    assert (tmp_path / "queries.py").read_text() == queries
    checked = run("check", "--format", "json", ".", cwd=tmp_path)
    reviews = [f for f in json.loads(checked.stdout)["findings"] if f["code"] == "review-imported-constant"]
    assert [f["path"] for f in reviews] == ["queries.py"] and "Q is imported by other.py (line 1)" in reviews[0]["message"]


def test_the_importers_cached_result_follows_the_imported_module(tmp_path):
    """The importer's result depends on the other module: a change there is seen through the cache."""
    fragment_project(tmp_path)
    first = run("check", "--format", "json", ".", cwd=tmp_path)
    again = run("check", "--format", "json", ".", cwd=tmp_path)
    assert json.loads(first.stdout)["findings"] == json.loads(again.stdout)["findings"]
    (tmp_path / "frags.py").write_text(FRAGMENT_MODULE.replace("{ airflowVersion }", "{ airflowVersion: runtimeAirflowVersion }"))
    after = run("check", "--format", "json", ".", cwd=tmp_path)
    assert after.returncode == 0, after.stdout + after.stderr
    assert [f for f in json.loads(after.stdout)["findings"] if f["path"] == "tool.py"] == []


def test_relative_and_package_imports_are_resolved_inside_the_run(tmp_path):
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "frags.py").write_text(FRAGMENT_MODULE)
    (package / "tool.py").write_text(SENDING_MODULE.replace("from frags import DEP", "from .frags import (\n    DEP as FRAGMENT,\n)").replace("GET + DEP", "GET + FRAGMENT"))
    (tmp_path / "main.py").write_text(SENDING_MODULE.replace("from frags import DEP", "from pkg.frags import DEP"))
    checked = run("check", "--format", "json", ".", cwd=tmp_path)
    report = json.loads(checked.stdout)
    messages = [f["message"] for f in report["findings"] if f["code"] == "review-imported-constant" and f["path"] == "pkg/frags.py"]
    assert messages and "DEP is imported by " in messages[0]
    assert "main.py (line 2)" in messages[0] and "pkg/tool.py (line 2)" in messages[0]
    assert not [f for f in report["findings"] if f["code"] == "known-fragment-names"]


# -- .graphql files a Houston script reads ------------------------------------------------------

GRAPHQL_OPERATION = "query Deployments($ws: Uuid!) {\n  workspaceDeployments(workspaceUuid: $ws) {\n    id\n    releaseNme\n  }\n}\n"


def test_a_graphql_file_read_by_a_houston_script_is_houstons(tmp_path):
    """12-R5: the script names Houston's endpoint and reads the file by a literal path: the file's typo is an error."""
    (tmp_path / "deployments.graphql").write_text(GRAPHQL_OPERATION)
    (tmp_path / "queries").mkdir()
    (tmp_path / "queries" / "other.graphql").write_text(GRAPHQL_OPERATION)
    (tmp_path / "run.py").write_text(
        "import pathlib, requests\n"
        f'HOUSTON_URL = "{HOUSTON}"\n'
        'Q = pathlib.Path(__file__).with_name("deployments.graphql").read_text()\n'
        'Q2 = open("queries/other.graphql").read()\n'
        'requests.post(HOUSTON_URL, json={"query": Q})\n'
        'requests.post(HOUSTON_URL, json={"query": Q2})\n'
    )
    checked = run("check", "--format", "json", ".", cwd=tmp_path)
    assert checked.returncode == 1, checked.stdout + checked.stderr
    report = json.loads(checked.stdout)
    verdicts = {d["path"]: d for d in report["documents"]}
    assert verdicts["deployments.graphql"]["houston"] is True
    # red team 9, F5: the evidence names where that read is sent, not only the script's Houston mention
    assert 'read by run.py (line 3), sent to HOUSTON_URL = "https://houston.example.com/v1" (line 5)' in verdicts["deployments.graphql"]["evidence"]
    assert 'read by ../run.py (line 4), sent to HOUSTON_URL = "https://houston.example.com/v1" (line 6)' in verdicts["queries/other.graphql"]["evidence"]
    errors = sorted((f["path"], f["line"], f["code"]) for f in report["findings"] if f["severity"] == "error")
    assert errors == [("deployments.graphql", 4, "fields-on-correct-type"), ("queries/other.graphql", 4, "fields-on-correct-type")]


def test_a_graphql_file_read_by_a_script_that_does_not_name_houston_stays_undecided(tmp_path):
    (tmp_path / "deployments.graphql").write_text(GRAPHQL_OPERATION)
    (tmp_path / "run.py").write_text(
        "import pathlib, requests\n"
        'Q = pathlib.Path(__file__).with_name("deployments.graphql").read_text()\n'
        'requests.post("https://api.example.org/graphql", json={"query": Q})\n'
    )
    checked = run("check", "--format", "json", ".", cwd=tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    [document] = json.loads(checked.stdout)["documents"]
    # Red team 12 F2a: the read's own destination (a URL literal naming no Houston) is now evidence against.
    assert document["houston"] is False
    assert [e for e in document["evidence"] if e.startswith("read by")] == [
        'read by run.py (line 2), sent to "https://api.example.org/graphql" (line 3), which names no Houston'
    ]


def test_the_index_reads_each_module_once_and_parses_each_imported_module_once(tmp_path, monkeypatch):
    """Linear work: 300 importers of one module cost one parse of it, and every file is read at most twice."""
    from codemods import files
    from codemods.sources import cross_module

    (tmp_path / "frags.py").write_text(FRAGMENT_MODULE)
    paths = [str(tmp_path / "frags.py")]
    for number in range(300):
        path = tmp_path / f"tool{number}.py"
        path.write_text(SENDING_MODULE + "from frags import DEP as OTHER\n" * 5)
        paths.append(str(path))
    parsed, read = [], []
    real_constants, real_read = cross_module._string_constants, files.read_bytes
    monkeypatch.setattr(cross_module, "_string_constants", lambda text, *more: parsed.append(1) or real_constants(text, *more))
    monkeypatch.setattr(files, "read_bytes", lambda path, *a: read.append(path) or real_read(path, *a))
    index = cross_module.build(paths)
    assert len(parsed) == 1
    assert len(read) == len(paths) + 1  # every file once, and the imported-from module once more to parse it
    assert len(index[paths[0]]["imported_by"]["DEP"]) == 300 * 6
    assert index[paths[1]]["imports"]["OTHER"] == ["fragment D on Deployment { airflowVersion }", os.path.relpath(paths[0]), 1]
