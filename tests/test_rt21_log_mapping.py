"""Red team 20 (report 11b), F1: a logging call given the variables dict as its one mapping reads its keys.

``log.info("creating in %(ws)s on AC %(airflowVersion)s", variables)``: logging formats the record as
``msg % variables`` (a single mapping argument is used as the mapping), so the key is read by name, as
``"%(airflowVersion)s" % variables`` does, which already kept it.  The tool renamed the key with no
review and the log record then failed with ``KeyError`` at run time.  Now the dict keeps its key
(``review-shared-variables``), also inside the module's own ``**variables`` send helper
(``review-version-variable`` naming the helper's line), for ``logging.warning`` and ``log.log``.

Controls (recall): ``log.info("%s", variables)`` (the dict shown whole) and a message naming only other
keys (``%(ws)s``) are displays: the key is still renamed.  One ``rewrite`` run (the installed command).
"""

import re

from trust_cli import run_cli

_TOP = '''import logging
import os
import requests

log = logging.getLogger(__name__)
URL = "https://houston.example.com/v1"

CREATE = """
mutation Create($ws: Uuid!, $airflowVersion: String) {
  createDeployment(workspaceUuid: $ws, label: "etl", type: "airflow", airflowVersion: $airflowVersion) { id }
}
"""
'''

_POST = '''

def houston(query, variables):
    r = requests.post(URL, json={"query": query, "variables": variables},
                      headers={"authorization": os.environ["HOUSTON_API_TOKEN"]})
    return r.json()["data"]
'''


def _dict_case(log_line):
    return _TOP + _POST + f'''

def create(ws):
    variables = {{"ws": ws, "airflowVersion": "2.3.3-2"}}
    {log_line}
    return houston(CREATE, variables)
'''


def _helper_case(log_line):
    return _TOP + f'''

def houston(query, **variables):
    {log_line}
    r = requests.post(URL, json={{"query": query, "variables": variables}},
                      headers={{"authorization": os.environ["HOUSTON_API_TOKEN"]}})
    return r.json()["data"]


def create(ws):
    return houston(CREATE, ws=ws, airflowVersion="2.3.3-2")
'''


HELD = {
    "info.py": _dict_case('log.info("creating deployment in %(ws)s on AC %(airflowVersion)s", variables)'),
    "warning.py": _dict_case('logging.warning("creating %(ws)s %(airflowVersion)s", variables)'),
    "level.py": _dict_case('log.log(logging.INFO, "creating %(ws)s %(airflowVersion)s", variables)'),
    "helper.py": _helper_case('log.info("sending to %(ws)s with AC %(airflowVersion)s", variables)'),
}
RENAMED = {
    "shown.py": _dict_case('log.info("creating deployment: %s", variables)'),
    "other_key.py": _dict_case('log.info("creating deployment in %(ws)s", variables)'),
    "helper_shown.py": _helper_case('log.debug("sending %s", variables)'),
}


def test_a_logging_mapping_read_keeps_the_key(tmp_path):
    for name, text in {**HELD, **RENAMED}.items():
        (tmp_path / name).write_text(text)
    result = run_cli("rewrite", ".", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    findings = {}
    for match in re.finditer(r"^([\w.]+):(\d+):\d+: warning (\S+) ", result.stderr, re.M):
        findings.setdefault(match.group(1), set()).add(match.group(3))
    for name in HELD:
        text = (tmp_path / name).read_text()
        assert "$airflowVersion: String" in text and "$runtimeVersion" not in text, name
        assert "2.3.3-2" in text and "5.0.7" not in text, name  # the sent key and value stay as they were
        expected = "review-version-variable" if name == "helper.py" else "review-shared-variables"
        assert expected in findings.get(name, set()), (name, result.stderr)
    for name in RENAMED:
        text = (tmp_path / name).read_text()
        assert "$runtimeVersion: String" in text and "$airflowVersion" not in text, name
        assert "5.0.7" in text and "2.3.3-2" not in text, name
        assert name not in findings, (name, result.stderr)
