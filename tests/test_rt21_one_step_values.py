"""Red team 20 (report 13), F2: AC versions one step from a literal, on the write side
(``rules/one_step_values.py``).

``version = AC_VERSION`` (a local alias of ``AC_VERSION = "2.3.4-11"``), ``def create(ws,
version=AC_VERSION)``, ``target = os.environ.get("TARGET_AC", "2.4.3-6")``, a loop over literal rows and
``dep.get("version", "2.4.3-6")`` and a module function returning a literal, each sent for ``airflowVersion`` / ``desiredAirflowVersion``: ``rewrite``
renamed the key with only the generic review, and ``check --houston-version 1.0.1`` on the rewritten
file was silent while the script sends an AC version as a Runtime one (Houston rejects it).  Now
``rewrite`` names the AC value and its Runtime equivalent, and ``check`` after it keeps
``review-version-value`` at the value.  Control: the same shapes bound to a Runtime version say nothing
after the rewrite.
"""

import re

from trust_cli import run_cli

_HEAD = '''import os
import requests

HOUSTON = "https://houston.example.com/v1"
AC_VERSION = "2.3.4-11"
RUNTIME = "5.5.0"
CREATE = """
mutation Create($ws: Uuid!, $airflowVersion: String) {
  createDeployment(workspaceUuid: $ws, label: "x", type: "airflow", airflowVersion: $airflowVersion) { id }
}
"""


def send(variables):
    pass
'''

_POST = 'requests.post(HOUSTON, json={"query": CREATE, "variables": {"ws": ws, "airflowVersion": %s}})'

CASES = {
    "alias.py": "\n\ndef create(ws):\n    version = AC_VERSION\n    return " + _POST % "version" + "\n",
    "param.py": "\n\ndef create(ws, version=AC_VERSION):\n    return " + _POST % "version" + "\n",
    "env.py": '\n\ndef create(ws):\n    target = os.environ.get("TARGET_AC", "2.4.3-6")\n    return ' + _POST % "target" + "\n",
    "loop.py": '\n\ndef seed(ws):\n    for label, version in [("etl", "2.3.4-11"), ("ml", "2.2.5")]:\n        ' + _POST % "version" + "\n",
    "get.py": '\n\ndef create(ws, dep):\n    return ' + _POST % 'dep.get("version", "2.4.3-6")' + "\n",
    "returned.py": '\n\ndef target_version():\n    return "2.4.3-6"\n\n\ndef create(ws):\n    return ' + _POST % "target_version()" + "\n",
    # control: the same shape bound to a Runtime version
    "runtime_alias.py": "\n\ndef create(ws):\n    version = RUNTIME\n    return " + _POST % "version" + "\n",
}

_EXPECTED = {
    "alias.py": "5.5.0", "param.py": "5.5.0", "env.py": "6.10.0", "loop.py": "5.5.0", "get.py": "6.10.0", "returned.py": "6.10.0",
}


def _findings(output):
    found = {}
    for match in re.finditer(r"^([\w.]+):(\d+):\d+: warning (\S+) (.*)$", output, re.M):
        found.setdefault(match.group(1), []).append((match.group(3), match.group(4)))
    return found


def test_values_one_step_from_an_ac_literal_are_named_by_rewrite_and_check(tmp_path):
    for name, body in CASES.items():
        (tmp_path / name).write_text(_HEAD + body)
    rewritten = run_cli("rewrite", ".", cwd=tmp_path)
    assert "Traceback" not in rewritten.stderr
    assert rewritten.returncode == 0, rewritten.stderr
    said = _findings(rewritten.stdout + rewritten.stderr)
    for name, runtime in _EXPECTED.items():
        assert '"runtimeVersion": ' in (tmp_path / name).read_text(), name
        assert any(code == "review-version-value" and runtime in message for code, message in said.get(name, ())), (name, rewritten.stderr)
    checked = run_cli("check", "--houston-version", "1.0.1", ".", cwd=tmp_path)
    assert "Traceback" not in checked.stderr
    after = _findings(checked.stdout + checked.stderr)
    for name, runtime in _EXPECTED.items():
        # "is" only where nothing else can be sent (an alias of a constant, a function's one return); a parameter
        # default, an environment or .get default, rows: "may be" (red team 27, report 13, f3)
        said = "is the AC version" if name in ("alias.py", "returned.py") else "may be the AC version"
        assert any(
            code == "review-version-value" and said in message and runtime in message
            for code, message in after.get(name, ())
        ), (name, checked.stdout + checked.stderr)
    assert not any(code == "review-version-value" for code, _m in after.get("runtime_alias.py", ())), checked.stdout


def test_another_functions_local_of_the_same_name_is_not_named_as_a_read(tmp_path):
    """The report's side issue: ``create()``'s ``version = AC_VERSION`` and ``create2(ws, version=AC_VERSION)``
    are two names; the review of one said "version is also read on line N", N the other's send."""
    body = (
        "\n\ndef create(ws):\n    version = AC_VERSION\n    return " + _POST % "version" + "\n"
        "\n\ndef create2(ws, version=AC_VERSION):\n    return " + _POST % "version" + "\n"
    )
    (tmp_path / "two.py").write_text(_HEAD + body)
    result = run_cli("rewrite", ".", cwd=tmp_path)
    assert "Traceback" not in result.stderr
    said = _findings(result.stdout + result.stderr).get("two.py", [])
    values = [message for code, message in said if code == "review-version-value"]
    assert len(values) == 2, result.stderr
    assert not any("is also read on line" in message for message in values), result.stderr
    assert all("5.5.0" in message for message in values), result.stderr
