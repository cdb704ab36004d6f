"""Red team 5 (issue 11, classes 2 and 3): variables-dict renames and shared constants.

Each case is a script the tool used to break silently; every test runs the installed
``houston-codemod`` over a directory of them (one run per group: the suite's budget) and
reads the files back.

* F1: one dict sent with two operations of the SAME document (``operationName``) keeps its key.
* F2: the new key already in the dict or call (a duplicate key, a repeated keyword) is review;
  a rewritten file that parses but does not compile is refused.
* F3: a helper that reads the key itself (or has a parameter named like it) is review.
* F4: ``v = dict(...); houston(Q, **v)`` is renamed on both sides.
* F5: a "private" module-level constant another module imports is never rewritten.
* F11: a dict shared by N documents: bounded messages, linear work.
* F17: an AC version default of a variable feeding a migrated argument is migrated.
"""

import ast
import json
import subprocess
import textwrap
from pathlib import Path

import pytest

from work_count import lines_run, under

HEAD = 'import requests\nU = "https://houston.example.com/v1"\n'
CREATE = (
    'CREATE = """\nmutation Create($ws: Uuid!, $airflowVersion: String) {\n'
    '  createDeployment(workspaceUuid: $ws, label: "etl", type: "airflow", airflowVersion: $airflowVersion) { id }\n}\n"""\n'
)
BOTH = (
    'DOC = """\nquery Releases($airflowVersion: String) {\n  runtimeReleases(airflowVersion: $airflowVersion) { version }\n}\n'
    'mutation Create($ws: Uuid!, $airflowVersion: String) {\n'
    '  createDeployment(workspaceUuid: $ws, label: "etl", type: "airflow", airflowVersion: $airflowVersion) { id }\n}\n"""\n'
)


def run(*args, cwd):
    return subprocess.run(["houston-codemod", *args], cwd=cwd, capture_output=True, text=True, timeout=300)


def write_all(root: Path, files):
    for name, text in files.items():
        (root / name).write_text(HEAD + text)


def documents(path: Path):
    """Module-level string constants of a (rewritten) script, read without running it."""
    found = {}
    for node in ast.parse(path.read_text()).body:
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
            found[node.targets[0].id] = node.value.value
    return found


KEPT = {
    # F1: one dict, two operations of one document, chosen by operationName
    "f1_same_document.py": BOTH + textwrap.dedent("""
        def run(ws):
            v = {"ws": ws, "airflowVersion": "2.3.4"}
            rel = requests.post(U, json={"query": DOC, "operationName": "Releases", "variables": v}).json()
            dep = requests.post(U, json={"query": DOC, "operationName": "Create", "variables": v}).json()
            return rel, dep
        """),
    # F1: without operationName, any operation of the document may run with the dict
    "f1_no_operation_name.py": BOTH + textwrap.dedent("""
        def run(ws):
            v = {"ws": ws, "airflowVersion": "2.3.4"}
            return requests.post(U, json={"query": DOC, "variables": v}).json()
        """),
    # F2: the new key is already in the dict / the call / a splatted dict
    "f2_dict.py": CREATE + textwrap.dedent("""
        def run(ws):
            v = {"ws": ws, "airflowVersion": "2.3.4", "runtimeVersion": None}
            return requests.post(U, json={"query": CREATE, "variables": v}).json()
        """),
    "f2_splat.py": CREATE + textwrap.dedent("""
        def run(ws):
            return requests.post(U, json={"query": CREATE, "variables": dict(ws=ws, airflowVersion="2.3.4", **{"runtimeVersion": ""})}).json()
        """),
    "f2_keywords.py": CREATE + textwrap.dedent("""
        def houston(q, **kw):
            return requests.post(U, json={"query": q, "variables": kw}).json()
        def run(ws):
            return houston(CREATE, ws=ws, airflowVersion="2.3.4", runtimeVersion=None)
        """),
    # F3: the helper reads the key, or has a parameter named like the new one
    "f3_reads_kwargs.py": CREATE + textwrap.dedent("""
        def houston(query, **variables):
            print("version", variables["airflowVersion"])
            return requests.post(U, json={"query": query, "variables": variables}).json()
        def create(ws):
            return houston(CREATE, ws=ws, airflowVersion="2.3.4")
        """),
    "f3_reads_positional.py": CREATE + textwrap.dedent("""
        def houston(query, variables):
            if not variables.get("airflowVersion", "").startswith("2."):
                raise ValueError("unsupported Airflow version")
            return requests.post(U, json={"query": query, "variables": variables}).json()
        def create(ws):
            return houston(CREATE, {"ws": ws, "airflowVersion": "2.3.4"})
        """),
    "f3_parameter.py": CREATE + textwrap.dedent("""
        def houston(query, runtimeVersion=None, **variables):
            if runtimeVersion:
                print("expecting runtime", runtimeVersion)
            return requests.post(U, json={"query": query, "variables": variables}).json()
        def create(ws):
            return houston(CREATE, ws=ws, airflowVersion="2.3.4")
        """),
    # F5 (variables): a module-level dict, private or not, may be imported elsewhere
    "f5_module_dict.py": CREATE + textwrap.dedent("""
        _BASE = {"airflowVersion": "2.3.1"}
        def helper(query, variables=None):
            return requests.post(U, json={"query": query, "variables": variables})
        def run(ws):
            return helper(CREATE, {**_BASE, "ws": ws})
        """),
}

RENAMED = {
    # F1 control: each operation gets its own dict, the Create one is renamed
    "f1_own_dicts.py": BOTH + textwrap.dedent("""
        def run(ws):
            rel = requests.post(U, json={"query": DOC, "operationName": "Releases", "variables": {"airflowVersion": "2.3.4"}}).json()
            dep = requests.post(U, json={"query": DOC, "operationName": "Create", "variables": {"ws": ws, "airflowVersion": "2.3.4"}}).json()
            return rel, dep
        """),
    # F4: a dict bound to a name and splatted into the helper's keywords
    "f4_splat_name.py": CREATE + textwrap.dedent("""
        def houston(query, **kw):
            return requests.post(U, json={"query": query, "variables": kw}).json()
        def create(ws):
            return houston(CREATE, ws=ws, airflowVersion="2.3.4")
        def create_from_settings(ws):
            v = dict(ws=ws, airflowVersion="2.4.3")
            return houston(CREATE, **v)
        """),
}


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    root = tmp_path_factory.mktemp("rt5vars")
    write_all(root, {**KEPT, **RENAMED})
    before = {name: (root / name).read_bytes() for name in {**KEPT, **RENAMED}}
    completed = run("rewrite", ".", cwd=root)
    assert completed.returncode in (0, 1), completed.stderr
    assert "Traceback" not in completed.stderr
    again = run("rewrite", ".", cwd=root)
    assert again.returncode == 0 and "rewritten, " in again.stderr and " 0 rewritten" in again.stderr, again.stderr
    return root, before, completed.stderr


@pytest.mark.parametrize("name", sorted(KEPT))
def test_a_dict_something_else_reads_keeps_its_key_and_the_document_its_variable(batch, name):
    root, before, stderr = batch
    path = root / name
    text = path.read_text()
    # Only the argument changed: the variable and every key stay as they were.
    assert "$runtimeVersion" not in text, text
    assert text.replace("runtimeVersion: $airflowVersion", "airflowVersion: $airflowVersion") == before[name].decode()
    compile(text, name, "exec", dont_inherit=True)
    reviews = [line for line in stderr.splitlines() if line.startswith(f"{name}:") and "review-version-variable" in line]
    assert reviews, stderr


def test_the_reasons_name_what_holds_the_dict_back(batch):
    _root, _before, stderr = batch
    lines = {line.split(":", 1)[0]: line for line in stderr.splitlines() if "review-version-variable" in line}
    assert "also sent with query Releases of the same document on line 14" in lines["f1_same_document.py"]
    assert "query Releases of the same document" in lines["f1_no_operation_name.py"]
    assert "'runtimeVersion' is already sent on line" in lines["f2_dict.py"]
    assert "'runtimeVersion' is already sent on line 12" in lines["f2_keywords.py"]
    assert "'runtimeVersion' is already sent on line 10" in lines["f2_splat.py"]
    assert "the helper houston it is sent through (line 13) reads" in lines["f3_reads_kwargs.py"]
    assert "itself on line 10" in lines["f3_reads_positional.py"] and "the helper houston" in lines["f3_reads_positional.py"]
    assert "the helper houston" in lines["f3_parameter.py"] and "itself on line 9" in lines["f3_parameter.py"]
    assert "a module-level name other modules may import" in lines["f5_module_dict.py"]


@pytest.mark.parametrize("name", sorted(RENAMED))
def test_a_dict_every_operation_agrees_on_is_renamed_on_both_sides(batch, name):
    root, _before, stderr = batch
    path = root / name
    text = path.read_text()
    docs = documents(path)
    create = docs.get("CREATE") or docs["DOC"]
    assert "$runtimeVersion: String" in create and "runtimeVersion: $runtimeVersion" in create
    if name == "f1_own_dicts.py":
        # Releases keeps its own variable and dict
        assert "query Releases($airflowVersion: String)" in create
        assert '"operationName": "Releases", "variables": {"airflowVersion": "2.3.4"}' in text
        assert '"variables": {"ws": ws, "runtimeVersion": "5.5.0"}' in text
    else:
        assert "airflowVersion=" not in text, text
        assert 'v = dict(ws=ws, runtimeVersion="6.10.0")' in text
        assert 'houston(CREATE, ws=ws, runtimeVersion="5.5.0")' in text
    assert not [line for line in stderr.splitlines() if line.startswith(f"{name}:") and "review-" in line], stderr


def test_a_result_that_parses_but_does_not_compile_is_refused():
    """F2, the backstop: f(a=1, a=2) parses (ast.parse) but does not compile; the pipeline's
    check compiles, so such a result is never written (the file is left as it was)."""
    from codemods.model import Edit
    from codemods.pipeline import FileError, _verified
    from codemods.source_file import SourceFile

    text = "def f(**kw):\n    pass\nf(a=1, b=2)\n"
    source_file = SourceFile.from_bytes("x.py", text.encode(), python=True)
    start = text.index("b=2")
    with pytest.raises(FileError, match="would not compile"):
        _verified(source_file, [Edit(start, start + 1, "a")], [], True)
    # the same edit on a file that never compiled is not ours to refuse
    broken = "return 1\nf(a=1, b=2)\n"
    start = broken.index("b=2")
    assert "a=2" in _verified(SourceFile.from_bytes("y.py", broken.encode(), python=True), [Edit(start, start + 1, "a")], [], True)


def test_a_private_constant_another_module_imports_is_never_rewritten(tmp_path):
    """F5: deploy.py splices _AC_VERSION into a createDeployment; test_deploy.py imports it."""
    (tmp_path / "deploy.py").write_text(
        HEAD + '_AC_VERSION = "2.3.4"\n\ndef create(ws):\n'
        "    doc = 'mutation { createDeployment(workspaceUuid: \"' + ws + '\", airflowVersion: \"' + _AC_VERSION + '\") { id } }'\n"
        '    return requests.post(U, json={"query": doc})\n'
    )
    (tmp_path / "test_deploy.py").write_text(
        "from deploy import _AC_VERSION\nimport subprocess\n\ndef build():\n"
        '    subprocess.run(["pip", "install", "apache-airflow==" + _AC_VERSION])\n'
    )
    before = (tmp_path / "deploy.py").read_text()
    completed = run("rewrite", ".", cwd=tmp_path)
    assert completed.returncode == 0, completed.stderr
    assert (tmp_path / "deploy.py").read_text() == before
    assert "deploy.py:3:15: warning review-shared-constant _AC_VERSION feeds airflowVersion" in completed.stderr
    assert "a module-level name other modules may import" in completed.stderr


GRAPHQL_DEFAULTS = {
    "user_named.graphql": (
        'mutation Create($ws: Uuid!, $v: String = "2.3.4-11") {\n'
        '  createDeployment(workspaceUuid: $ws, label: "etl", type: "airflow", airflowVersion: $v) { id }\n}\n',
        '$v: String = "5.5.0"',
    ),
    "update.graphql": (
        'mutation Up($id: Uuid!, $v: String! = "2.4.3") {\n'
        "  updateDeploymentAirflow(deploymentUuid: $id, desiredAirflowVersion: $v) { id }\n}\n",
        '$v: String! = "6.10.0"',
    ),
}


def test_the_default_of_a_variable_feeding_a_migrated_argument_is_migrated(tmp_path):
    """F17: a user-chosen name ($v) used to keep its AC default while the argument became runtimeVersion."""
    for name, (text, _expected) in GRAPHQL_DEFAULTS.items():
        (tmp_path / name).write_text(text)
    completed = run("rewrite", ".", cwd=tmp_path)
    assert completed.returncode in (0, 1) and "Traceback" not in completed.stderr, completed.stderr
    for name, (_text, expected) in GRAPHQL_DEFAULTS.items():
        assert expected in (tmp_path / name).read_text(), name
    again = run("rewrite", ".", cwd=tmp_path)
    assert " 0 rewritten" in again.stderr, again.stderr


def _shared_dict_module(count: int) -> str:
    parts = [HEAD, 'V = {"ws": "w", "airflowVersion": "2.3.4"}\n']
    for i in range(count):
        parts.append(
            f'D{i} = """\nmutation C{i}($ws: Uuid!, $airflowVersion: String) {{\n'
            f'  createDeployment(workspaceUuid: $ws, label: "l", type: "airflow", airflowVersion: $airflowVersion) {{ id }}\n}}\n"""\n'
            f'def f{i}():\n    return requests.post(U, json={{"query": D{i}, "variables": V}})\n'
        )
    return "".join(parts)


def test_a_dict_shared_by_many_documents_gives_bounded_messages(tmp_path):
    """F11: each review names at most three other sends, then 'and N more' (was every send: 98 MB at 1,000)."""
    (tmp_path / "many.py").write_text(_shared_dict_module(60))
    completed = run("check", "--format", "json", "many.py", cwd=tmp_path)
    assert completed.returncode in (0, 1), completed.stderr
    findings = [f for f in json.loads(completed.stdout)["findings"] if f["code"] == "review-shared-variables"]
    assert len(findings) == 60
    for finding in findings:
        assert len(finding["message"]) < 600, finding["message"]
        assert "and 56 more documents" in finding["message"]
        assert finding["message"].count("sent with mutation") == 4  # its own, then three others


def _lines_run(data: bytes, options) -> int:
    """Lines executed in codemods/rules/ and codemods/sources/ for one module (work counted, not timed)."""
    return lines_run("many.py", data, options, (under("rules"), under("sources")))


def test_a_dict_shared_by_many_documents_costs_linear_work(options):
    """F11: the readers of a dict are grouped once per module.  Before, each document listed every
    other send (N**2 steps); the lines run at 20, 40 and 60 documents now lie on a line."""
    _lines_run(_shared_dict_module(5).encode(), options)  # once-per-process work (folder indexes of side files) first
    counts = [_lines_run(_shared_dict_module(n).encode(), options) for n in (20, 40, 60)]
    assert counts[1] > 1.8 * counts[0]  # the work does grow with the documents
    assert abs(counts[2] - 2 * counts[1] + counts[0]) <= counts[0] // 50, counts
