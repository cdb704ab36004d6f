"""Red team 20 (report 11b), F10: a truth test of the migrated airflowVersion read is reviewed.

``[d["releaseName"] for d in deps if d["airflowVersion"]]`` ("Deployments still on AC report an AC
version"): once the field is aliased to ``runtimeAirflowVersion``, AC Deployments answer it empty and
Runtime ones answer it set, the reverse of before (``airflowVersion`` is "" on Runtime Deployments), so
the test silently selects the opposite Deployments.  README "Empty for AC Deployments": a read that takes
another branch on an empty value is ``review-read-empty-on-ac-deployment``; truth tests now count, from
``rewrite`` and from ``check`` after it.

Controls (recall): printing the read, or a truth test of another key, gets no review; every field is
still rewritten.  One ``rewrite`` and one ``check`` run (the installed command).
"""

import re

from trust_cli import run_cli

_TOP = '''import os
import requests

URL = "https://houston.example.com/v1"

DEPLOYMENTS = """
query Deployments($ws: Uuid!) {
  workspaceDeployments(workspaceUuid: $ws) {
    id
    releaseName
    airflowVersion
  }
}
"""


def deployments(ws):
    r = requests.post(URL, json={"query": DEPLOYMENTS, "variables": {"ws": ws}},
                      headers={"authorization": os.environ["HOUSTON_API_TOKEN"]})
    return r.json()["data"]["workspaceDeployments"]
'''

HELD = {
    "comprehension.py": '''

def ac_deployments(ws):
    return [d["releaseName"] for d in deployments(ws) if d["airflowVersion"]]
''',
    "skip.py": '''

def ac_deployments(ws):
    found = []
    for d in deployments(ws):
        if not d["airflowVersion"]:
            continue
        found.append(d["releaseName"])
    return found
''',
    "filtered.py": '''

def ac_versions(ws):
    return list(filter(None, (d["airflowVersion"] for d in deployments(ws))))
''',
    "fallback.py": '''

def kinds(ws):
    return {d["releaseName"]: d["airflowVersion"] or "runtime" for d in deployments(ws)}
''',
}
CONTROLS = {
    "printed.py": '''

def show(ws):
    for d in deployments(ws):
        print(d["releaseName"], d["airflowVersion"])
''',
    "other_key.py": '''

def named(ws):
    return [d["airflowVersion"] for d in deployments(ws) if d["releaseName"]]
''',
}


def _findings(result):
    found = {}
    for match in re.finditer(r"^([\w.]+):(\d+):\d+: warning (\S+) ", result.stdout + result.stderr, re.M):
        found.setdefault(match.group(1), set()).add((int(match.group(2)), match.group(3)))
    return found


def _line_of(text, needle):
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


def test_a_truth_test_of_the_migrated_read_is_reviewed(tmp_path):
    cases = {name: _TOP + body for name, body in {**HELD, **CONTROLS}.items()}
    for name, text in cases.items():
        (tmp_path / name).write_text(text)
    rewritten = run_cli("rewrite", ".", cwd=tmp_path)
    assert rewritten.returncode == 0, rewritten.stderr
    checked = run_cli("check", ".", cwd=tmp_path)
    for result in (rewritten, checked):
        assert "Traceback" not in result.stderr
        findings = _findings(result)
        for name in HELD:
            line = _line_of(cases[name], 'd["airflowVersion"]' if name != "skip.py" else 'if not d["airflowVersion"]')
            assert (line, "review-read-empty-on-ac-deployment") in findings.get(name, set()), (name, result.stderr)
        for name in CONTROLS:
            assert name not in findings, (name, result.stderr)
    for name in cases:
        assert "airflowVersion: runtimeAirflowVersion" in (tmp_path / name).read_text(), name
