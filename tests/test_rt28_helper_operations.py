"""Red team 27 (report 13), f5: a send helper passing ``"operationName": op`` runs, for each caller, the operation
that caller passes, for its variables and values too.

``def houston(op, q, v)`` posts ``{"query": q, "variables": v, "operationName": op}``; the document holds
``mutation Upgrade($id, $v) { updateDeploymentAirflow(... desiredAirflowVersion: $v) }`` and ``mutation
Create($ws, $v) { createDeployment(... airflowVersion: $v) }``.  ``houston("Upgrade", DOC, {...})`` runs Upgrade
only and ``houston("Create", DOC, {...})`` Create only, so both migrate whole (variable, argument, key and
value), as the same file with ``"operationName"`` written inline does.  The red team's build renamed both
arguments but kept both AC values (each dict was "also sent with" the other mutation), and check afterwards
told the Create-only send it "feeds updateDeploymentRuntime".  Also: ``op`` passed by keyword or in another
position (where the variables are what the call passes for the helper's variables parameter, not the argument
after the document), a shared ``$airflowVersion``, and a fragment on Mutation spread by Upgrade only
("declared by Upgrade", not "Upgrade, Create").  Controls: a caller whose ``op`` is its own parameter may run
either operation (its dict is held and reviewed); check on a hand-written file reviews each operation's values.
"""

from trust_cli import run_cli

HEAD = '''import os
import requests


def houston({params}):
    r = requests.post(os.environ["HOUSTON_URL"], json={{"query": q, "variables": v, "operationName": op}})
    return r.json()["data"]


DOC = """
mutation Upgrade($id: Uuid!, ${var}: String!) {{ updateDeploymentAirflow(deploymentUuid: $id, desiredAirflowVersion: ${var}) {{ id }} }}
mutation Create($ws: Uuid!, ${var}: String!) {{
  createDeployment(workspaceUuid: $ws, label: "x", type: "airflow", airflowVersion: ${var}) {{ id }}
}}
"""


def upgrade(dep):
    return {upgrade}


def create(ws):
    return {create}
'''


def _module(params, upgrade, create, var="v"):
    return HEAD.format(params=params, upgrade=upgrade, create=create, var=var)


CASES = {
    # the red team's file: op first, positional
    "first.py": _module(
        "op, q, v", 'houston("Upgrade", DOC, {"id": dep, "v": "2.4.3-6"})', 'houston("Create", DOC, {"ws": ws, "v": "2.3.4-11"})'
    ),
    # op between the document and the variables
    "middle.py": _module(
        "q, op, v", 'houston(DOC, "Upgrade", {"id": dep, "v": "2.4.3-6"})', 'houston(DOC, "Create", {"ws": ws, "v": "2.3.4-11"})'
    ),
    # op (and the variables) by keyword
    "keyword.py": _module(
        "q, v=None, op=None",
        'houston(DOC, {"id": dep, "v": "2.4.3-6"}, op="Upgrade")',
        'houston(DOC, op="Create", v={"ws": ws, "v": "2.3.4-11"})',
    ),
}

SHARED = _module(
    "op, q, v",
    'houston("Upgrade", DOC, {"id": dep, "airflowVersion": "2.4.3-6"})',
    'houston("Create", DOC, {"ws": ws, "airflowVersion": "2.3.4-11"})',
    var="airflowVersion",
)

FRAGMENT = '''import os
import requests


def houston(op, q, v):
    return requests.post(os.environ["HOUSTON_URL"], json={"query": q, "variables": v, "operationName": op}).json()


DOC = """
fragment Up on Mutation { updateDeploymentAirflow(deploymentUuid: $id, desiredAirflowVersion: $v) { id } }
mutation Upgrade($id: Uuid!, $v: String!) { ...Up }
mutation Create($ws: Uuid!, $v: String!) {
  createDeployment(workspaceUuid: $ws, label: "x", type: "airflow", airflowVersion: $v) { id }
}
"""


def upgrade(dep):
    return houston("Upgrade", DOC, {"id": dep, "v": "2.4.3-6"})


def create(ws):
    return houston("Create", DOC, {"ws": ws, "v": "2.3.4-11"})
'''

# control: upgrade's op is its caller's choice, so its dict may run Create too
ANY = _module(
    "op, q, v", 'houston(which, DOC, {"id": dep, "v": "2.4.3-6"})', 'houston("Create", DOC, {"ws": ws, "v": "2.3.4-11"})'
).replace("def upgrade(dep):", "def upgrade(dep, which):")

# what a correct hand migration would have been, but for Create's value: check must judge Create's $v too
HAND = '''import os
import requests

DOC = """
mutation Upgrade($id: Uuid!, $v: String!) { updateDeploymentRuntime(deploymentUuid: $id, desiredRuntimeVersion: $v) { id } }
mutation Create($ws: Uuid!, $v: String!) {
  createDeployment(workspaceUuid: $ws, label: "x", type: "airflow", runtimeVersion: $v) { id }
}
"""


def _call(op, v):
    return requests.post(os.environ["HOUSTON_URL"], json={"query": DOC, "variables": v, "operationName": op}).json()


def upgrade(dep):
    return _call("Upgrade", {"id": dep, "v": "6.10.0"})


def create(ws):
    return _call("Create", {"ws": ws, "v": "2.3.4-11"})
'''


def _rows(done, name):
    return [line for line in (done.stdout + done.stderr).splitlines() if line.startswith(name + ":")]


def _rewrite_then_check(tmp_path, files, check_rc=0):
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    done = run_cli("rewrite", "--no-cache", ".", cwd=tmp_path)
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stdout + done.stderr
    again = run_cli("check", "--no-cache", "--houston-version", "1.0.1", ".", cwd=tmp_path)
    assert again.returncode == check_rc and "Traceback" not in again.stderr, again.stdout + again.stderr
    return done, again


def test_each_caller_runs_the_operation_it_passes(tmp_path):
    done, again = _rewrite_then_check(tmp_path, CASES)
    for name in CASES:
        text = (tmp_path / name).read_text()
        assert "desiredRuntimeVersion: $v" in text and "runtimeVersion: $v" in text, (name, text)
        assert '"v": "6.10.0"' in text and '"v": "5.5.0"' in text, (name, text)  # both values migrated
        assert "2.4.3-6" not in text and "2.3.4-11" not in text, (name, text)
        assert _rows(done, name) == [], (name, done.stderr)  # no "also sent with mutation Create" claims
        assert _rows(again, name) == [], (name, again.stdout)


def test_a_shared_ac_variable_name_migrates_per_operation(tmp_path):
    done, again = _rewrite_then_check(tmp_path, {"shared.py": SHARED})
    text = (tmp_path / "shared.py").read_text()
    assert "$airflowVersion" not in text and text.count("$runtimeVersion") == 4, text
    assert '"runtimeVersion": "6.10.0"' in text and '"runtimeVersion": "5.5.0"' in text, text
    assert _rows(done, "shared.py") == [] and _rows(again, "shared.py") == [], done.stderr + again.stdout


def test_a_fragment_names_only_the_operations_spreading_it(tmp_path):
    # check exits 1: the held fragment still selects updateDeploymentAirflow, gone from 1.0.1
    done, again = _rewrite_then_check(tmp_path, {"frag.py": FRAGMENT}, check_rc=1)
    text = (tmp_path / "frag.py").read_text()
    assert 'houston("Create", DOC, {"ws": ws, "v": "5.5.0"})' in text, text  # Create does not spread Up
    assert 'houston("Upgrade", DOC, {"id": dep, "v": "2.4.3-6"})' in text, text  # held with the fragment
    for result in (done, again):
        rows = [row for row in _rows(result, "frag.py") if " warning review-fragment-version-variable " in row]
        assert rows and "(declared by Upgrade)" in rows[0], result.stdout + result.stderr


def test_a_caller_choosing_at_run_time_may_run_either(tmp_path):
    done, again = _rewrite_then_check(tmp_path, {"any.py": ANY})
    text = (tmp_path / "any.py").read_text()
    assert '"v": "2.4.3-6"' in text, text  # may run Create or Upgrade: not changed
    line = next(n for n, row in enumerate(text.splitlines(), 1) if '"v": "2.4.3-6"' in row)
    for result in (done, again):
        assert any("review-" in row for row in _rows(result, f"any.py:{line}")), result.stdout + result.stderr


def test_check_judges_each_operations_variable(tmp_path):
    (tmp_path / "hand.py").write_text(HAND)
    again = run_cli("check", "--no-cache", "--houston-version", "1.0.1", ".", cwd=tmp_path)
    assert again.returncode == 0, again.stdout + again.stderr
    rows = _rows(again, "hand.py")
    assert len(rows) == 1 and "review-version-value" in rows[0] and "'2.3.4-11'" in rows[0], again.stdout
    assert "createDeployment(runtimeVersion:)" in rows[0] and "'5.5.0'" in rows[0], rows
