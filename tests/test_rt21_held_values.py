"""Red team 20 (report 13), F12: a variable held by one send's unreadable variables still points at
the values the other sends write.

One document sent by several functions: one send's dict carries a ``**extra`` splat (or a computed
key ``{KEY: ver}``), so the variable cannot be renamed for any send and every key stays.  The
argument still becomes ``desiredRuntimeVersion: $desiredAirflowVersion``, so another send's literal
AC value (``"2.4.3-6"``) and parameter value (``version``) now feed a Runtime argument.  ``rewrite``
said nothing about them (only a later ``check`` named the literal); now each gets
``review-version-value``, as when the hold comes from a dict completed after its literal (pass 19).

Control (recall): the same sends without the splat are renamed, and the literal becomes 6.10.0.
"""

import re

from trust_cli import run_cli

_HEAD = '''import os
import requests

KEY = "desiredAirflowVersion"
UPGRADE = """
mutation Upgrade($deploymentUuid: Uuid!, $desiredAirflowVersion: String!) {
  updateDeploymentAirflow(deploymentUuid: $deploymentUuid, desiredAirflowVersion: $desiredAirflowVersion) { id }
}
"""


def houston(q, v):
    return requests.post("https://houston.example.com/v1", json={"query": q, "variables": v},
                         headers={"authorization": os.environ["HOUSTON_API_TOKEN"]}).json()
'''

_OTHERS = '''

def upgrade(dep, version):
    houston(UPGRADE, {"deploymentUuid": dep, "desiredAirflowVersion": version})


def pin(dep):
    houston(UPGRADE, {"deploymentUuid": dep, "desiredAirflowVersion": "2.4.3-6"})
'''

CASES = {
    "splat.py": _HEAD + '''

def upgrade_with(dep, extra):
    houston(UPGRADE, {"deploymentUuid": dep, **extra})
''' + _OTHERS,
    "computed.py": _HEAD + '''

def upgrade_key(dep, ver):
    houston(UPGRADE, {"deploymentUuid": dep, KEY: ver})
''' + _OTHERS,
    "control.py": _HEAD + _OTHERS,
}


def _line_of(text, needle):
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


def test_other_sends_values_are_reviewed_when_one_send_holds_the_variable(tmp_path):
    for name, text in CASES.items():
        (tmp_path / name).write_text(text)
    result = run_cli("rewrite", ".", cwd=tmp_path)
    assert "Traceback" not in result.stderr
    assert result.returncode == 0, result.stderr
    findings = {}
    for match in re.finditer(r"^([\w.]+):(\d+):\d+: warning (\S+) (.*)$", result.stderr, re.M):
        findings.setdefault(match.group(1), []).append((int(match.group(2)), match.group(3), match.group(4)))
    for name in ("splat.py", "computed.py"):
        text = (tmp_path / name).read_text()
        original = CASES[name]
        assert "$desiredAirflowVersion: String!" in text and '"desiredAirflowVersion": "2.4.3-6"' in text, name
        got = {(line, code) for line, code, _ in findings.get(name, ())}
        assert (_line_of(original, '"desiredAirflowVersion": version'), "review-version-value") in got, (name, result.stderr)
        literal = _line_of(original, '"desiredAirflowVersion": "2.4.3-6"')
        assert (literal, "review-version-value") in got, (name, result.stderr)
        assert any(line == literal and "6.10.0" in message for line, _code, message in findings[name]), name
    control = (tmp_path / "control.py").read_text()
    assert "$desiredRuntimeVersion: String!" in control and '"desiredRuntimeVersion": "6.10.0"' in control
    assert '"desiredAirflowVersion":' not in control
