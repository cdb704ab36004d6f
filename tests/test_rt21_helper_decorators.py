"""Red team 20 (report 11b), F5: a decorator of the module's send helper is read as part of the helper.

``@require_supported_version`` on ``def houston(query, **variables)``, whose ``wrapper(query,
**variables)`` reads ``variables["airflowVersion"]``: the call ``houston(CREATE, ws=ws,
airflowVersion="2.3.3-2")`` runs the wrapper first, with the call's keywords.  The tool looked only at
``houston``'s body, renamed the keyword with no review, and every call died with ``KeyError`` in the
wrapper.  Now a mention of the key (a string, or a keyword: ``variables.update(airflowVersion=...)``) in a decorator (``@deco`` or a factory ``@deco(...)``, a function of
the module) holds the rename as the same read inside the helper does (``review-version-variable``).

Controls (recall): a decorator that only forwards the call (``return fn(*args, **kwargs)``) or reads
another key does not hold it: the keyword is still renamed.  One ``rewrite`` run (the installed command).
"""

import re

from trust_cli import run_cli

_TOP = '''import functools
import os
import requests

URL = "https://houston.example.com/v1"

CREATE = """
mutation Create($ws: Uuid!, $airflowVersion: String) {
  createDeployment(workspaceUuid: $ws, label: "etl", type: "airflow", airflowVersion: $airflowVersion) { id }
}
"""
'''


def _case(decorator, applied):
    return _TOP + decorator + f'''

{applied}
def houston(query, **variables):
    r = requests.post(URL, json={{"query": query, "variables": variables}},
                      headers={{"authorization": os.environ["HOUSTON_API_TOKEN"]}})
    return r.json()["data"]


def create(ws):
    return houston(CREATE, ws=ws, airflowVersion="2.3.3-2")
'''


HELD = {
    "guard.py": _case('''

def require_supported_version(fn):
    @functools.wraps(fn)
    def wrapper(query, **variables):
        if variables["airflowVersion"] not in ("2.3.3-2", "2.4.3-6"):
            raise SystemExit("unsupported AC version")
        return fn(query, **variables)
    return wrapper
''', "@require_supported_version"),
    "factory.py": _case('''

def audited(label):
    def decorate(fn):
        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            print(label, kwargs.get("airflowVersion"))
            return fn(*args, **kwargs)
        return wrapper
    return decorate
''', '@audited("houston")'),
    "writes.py": _case('''

def defaults(fn):
    @functools.wraps(fn)
    def wrapper(query, **variables):
        variables.update(airflowVersion=variables.pop("version", None) or "2.3.3-2")
        return fn(query, **variables)
    return wrapper
''', "@defaults"),
}
RENAMED = {
    "forward.py": _case('''

def retried(fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        for _ in range(3):
            try:
                return fn(*args, **kwargs)
            except requests.ConnectionError:
                pass
        return fn(*args, **kwargs)
    return wrapper
''', "@retried"),
    "other_key.py": _case('''

def require_workspace(fn):
    @functools.wraps(fn)
    def wrapper(query, **variables):
        if not variables["ws"]:
            raise SystemExit("no workspace")
        return fn(query, **variables)
    return wrapper
''', "@require_workspace"),
}


def test_a_decorator_of_the_send_helper_reading_the_key_holds_it(tmp_path):
    for name, text in {**HELD, **RENAMED}.items():
        (tmp_path / name).write_text(text)
    result = run_cli("rewrite", ".", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    findings = {}
    for match in re.finditer(r"^([\w.]+):(\d+):\d+: warning (\S+) ", result.stdout + result.stderr, re.M):
        findings.setdefault(match.group(1), set()).add(match.group(3))
    for name in HELD:
        text = (tmp_path / name).read_text()
        assert 'airflowVersion="2.3.3-2"' in text and "runtimeVersion=" not in text, (name, result.stderr)
        assert "$airflowVersion: String" in text, name
        assert "review-version-variable" in findings.get(name, set()), (name, result.stderr)
    for name in RENAMED:
        text = (tmp_path / name).read_text()
        assert 'runtimeVersion="5.0.7"' in text and "$runtimeVersion: String" in text, (name, result.stderr)
        assert name not in findings, (name, result.stderr)


_LIB = '''import functools
import os
import requests

URL = "https://houston.example.com/v1"

%s

@%s
def houston(query, variables):
    r = requests.post(URL, json={"query": query, "variables": variables},
                      headers={"authorization": os.environ["HOUSTON_API_TOKEN"]})
    return r.json()["data"]
'''

_IMPORTER = '''from lib import houston

CREATE = """
mutation Create($ws: Uuid!, $airflowVersion: String) {
  createDeployment(workspaceUuid: $ws, label: "etl", type: "airflow", airflowVersion: $airflowVersion) { id }
}
"""


def create(ws):
    return houston(CREATE, {"ws": ws, "airflowVersion": "2.3.3-2"})
'''

_GUARD = '''def require_supported_version(fn):
    @functools.wraps(fn)
    def wrapper(query, variables):
        if variables["airflowVersion"] not in ("2.3.3-2", "2.4.3-6"):
            raise SystemExit("unsupported AC version")
        return fn(query, variables)
    return wrapper
'''

_FORWARD = '''def logged(fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        print("sending")
        return fn(*args, **kwargs)
    return wrapper
'''


def test_the_decorator_of_an_imported_send_helper_is_read_too(tmp_path):
    for name, decorator, applied in (("guard", _GUARD, "require_supported_version"), ("forward", _FORWARD, "logged")):
        root = tmp_path / name
        root.mkdir()
        (root / "lib.py").write_text(_LIB % (decorator, applied))
        (root / "deploy.py").write_text(_IMPORTER)
        result = run_cli("rewrite", ".", cwd=root)
        output = result.stdout + result.stderr
        assert "Traceback" not in output
        text = (root / "deploy.py").read_text()
        if name == "guard":
            assert '"airflowVersion": "2.3.3-2"' in text and "$airflowVersion: String" in text, output
            assert "review-version-variable" in output and "lib.py:" in output, output
        else:  # control: a decorator that only forwards the call does not hold the rename
            assert '"runtimeVersion": "5.0.7"' in text and "$runtimeVersion: String" in text, output
