"""Red team 19 (pass 18, report 13), F4: the variable rename of a document is held over ALL its sends.

A document sent by several functions, one whose variables dict is completed after its literal
(``spec["airflowVersion"] = ...``, ``v.update(desiredAirflowVersion=...)``, ``v |= {...}``,
``v.setdefault(...)``) and one sending a dict literal: the tool renamed the document's variable and
the literal's key, leaving the other send sending a variable the document no longer declares (the
version silently lost, or a required variable missing).  The hold was decided over the dicts of all
sends at once ("another dict holds the key, so this complete dict can be left out"), which is only
true within one send.  Now the document keeps its variable, every send keeps its key, the held dict
gets ``review-shared-variables`` and the literal's value ``review-version-value``.

One ``rewrite`` run over a folder of cases (the installed command), with controls that must still
be renamed (recall).
"""

import re

from trust_cli import run_cli

_HOUSTON = '''import os
import requests

HOUSTON = "https://houston.example.com/v1"
'''

_SEND = '''

def gql(q, v):
    return requests.post(HOUSTON, json={"query": q, "variables": v}, headers={"authorization": os.environ["HOUSTON_API_TOKEN"]}).json()["data"]
'''

CREATE = '''CREATE = """
mutation Create($ws: Uuid!, $label: String!, $airflowVersion: String) {
  createDeployment(workspaceUuid: $ws, label: $label, type: "airflow", airflowVersion: $airflowVersion) { id }
}
"""
'''

UPGRADE = '''UPGRADE = """
mutation Upgrade($deploymentUuid: Uuid!, $desiredAirflowVersion: String!) {
  updateDeploymentAirflow(deploymentUuid: $deploymentUuid, desiredAirflowVersion: $desiredAirflowVersion) { id }
}
"""
'''

CASES = {
    # the report's w5: a subscript store in one function, a literal in another
    "clone.py": _HOUSTON + CREATE + _SEND + '''

def clone(ws, label, version):
    spec = {"ws": ws, "label": label}
    spec["airflowVersion"] = version
    return gql(CREATE, spec)


def clone2(ws, label):
    return gql(CREATE, {"ws": ws, "label": label, "airflowVersion": "2.3.4-11"})
''',
    # the report's w10: update / |= / setdefault beside a literal (a required variable)
    "up.py": _HOUSTON + UPGRADE + _SEND + '''

def upgrade_prod(dep):
    return gql(UPGRADE, {"deploymentUuid": dep, "desiredAirflowVersion": "2.4.3-6"})


def upgrade_a(dep, version):
    v = {"deploymentUuid": dep}
    v.update(desiredAirflowVersion=version)
    return gql(UPGRADE, v)
''',
    "up_or.py": _HOUSTON + UPGRADE + _SEND + '''

def upgrade_b(dep, version):
    v = {"deploymentUuid": dep}
    v |= {"desiredAirflowVersion": version}
    return gql(UPGRADE, v)


def upgrade_prod(dep):
    return gql(UPGRADE, {"deploymentUuid": dep, "desiredAirflowVersion": "2.4.3-6"})
''',
    "up_default.py": _HOUSTON + UPGRADE + _SEND + '''

def upgrade_prod(dep):
    return gql(UPGRADE, {"deploymentUuid": dep, "desiredAirflowVersion": "2.4.3-6"})


def upgrade_c(dep, version):
    v = {"deploymentUuid": dep}
    v.setdefault("desiredAirflowVersion", version)
    return gql(UPGRADE, v)
''',
    # controls (recall): two literal sends are both renamed; a module dict of known keys splatted
    # into one send's literal (red team 16 F1) does not hold the rename of either send
    "both.py": _HOUSTON + UPGRADE + _SEND + '''

def upgrade_prod(dep):
    return gql(UPGRADE, {"deploymentUuid": dep, "desiredAirflowVersion": "2.4.3-6"})


def upgrade_dev(dep):
    return gql(UPGRADE, {"deploymentUuid": dep, "desiredAirflowVersion": "2.4.3-6"})
''',
    "splat.py": _HOUSTON + CREATE + _SEND + '''
BASE = {"label": "etl"}


def create_a(ws):
    return gql(CREATE, {**BASE, "ws": ws, "airflowVersion": "2.3.4-11"})


def create_b(ws):
    return gql(CREATE, {"ws": ws, "label": "x", "airflowVersion": "2.3.4-11"})
''',
}


def _line_of(text, needle):
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


def test_a_document_held_by_one_send_is_held_for_every_send(tmp_path):
    for name, text in CASES.items():
        (tmp_path / name).write_text(text)
    result = run_cli("rewrite", ".", cwd=tmp_path)
    assert result.returncode == 0, result.stderr  # written, with reviews
    assert "Traceback" not in result.stderr
    findings = {}
    for match in re.finditer(r"^([\w.]+):(\d+):\d+: warning (\S+) ", result.stderr, re.M):
        findings.setdefault(match.group(1), set()).add((int(match.group(2)), match.group(3)))

    clone = (tmp_path / "clone.py").read_text()
    original = CASES["clone.py"]
    assert "$airflowVersion: String" in clone and "$runtimeVersion" not in clone
    assert "runtimeVersion: $airflowVersion" in clone  # the argument alone moves, as for one held send
    assert '"airflowVersion": "2.3.4-11"' in clone and '"runtimeVersion"' not in clone
    assert (_line_of(original, 'spec = {"ws"'), "review-shared-variables") in findings["clone.py"]
    assert (_line_of(original, '"airflowVersion": "2.3.4-11"'), "review-version-value") in findings["clone.py"]

    for name, held in (("up.py", "v.update("), ("up_or.py", "v |= "), ("up_default.py", "v.setdefault(")):
        text = (tmp_path / name).read_text()
        assert "$desiredAirflowVersion: String!" in text and "$desiredRuntimeVersion" not in text, name
        assert '"desiredAirflowVersion": "2.4.3-6"' in text and '"desiredRuntimeVersion"' not in text, name
        assert held in text, name
        original = CASES[name]
        assert (_line_of(original, 'v = {"deploymentUuid"'), "review-shared-variables") in findings[name], name
        assert (_line_of(original, '"desiredAirflowVersion": "2.4.3-6"'), "review-version-value") in findings[name], name

    both = (tmp_path / "both.py").read_text()
    assert "$desiredRuntimeVersion: String!" in both and "$desiredAirflowVersion" not in both
    assert both.count('"desiredRuntimeVersion": "6.10.0"') == 2
    splat = (tmp_path / "splat.py").read_text()
    assert "$runtimeVersion: String" in splat and splat.count('"runtimeVersion": ') == 2
    assert "airflowVersion" not in splat
