"""A Houston helper written as a lambda is judged like a def, never an internal error (red team 28, report 12, f1).

``houston = lambda q, v=None: requests.post(URL, json={"query": q, "variables": v}, ...).json()`` made check and
rewrite drop the whole file: "internal error: AttributeError: 'Lambda' object has no attribute 'decorator_list'"
(the variables reader asked the helper for decorators, as of a def). The class: every lambda helper form (a default
parameter, keyword-only, ``json=dict(...)``, ``data=json.dumps(...)``, ``**v``, a method of a class, in a test module),
called positionally, by keyword or without variables, is found, checked and migrated, once.
"""

import ast

from trust_cli import run_cli

DOCUMENT = '''"""
mutation Upgrade($deploymentUuid: Uuid!, $desiredAirflowVersion: String!) {
  updateDeploymentAirflow(deploymentUuid: $deploymentUuid, desiredAirflowVersion: $desiredAirflowVersion) {
    id
    releseName
  }
}
"""'''
HEAD = (
    'import json\nimport os\nimport requests\n\nURL = "https://houston.astro.acme-corp.com/v1"\n'
    'HEADERS = {"authorization": os.environ.get("HOUSTON_API_TOKEN", "")}\n\n'
)
FORMS = {
    "default": 'houston = lambda q, v=None: requests.post(URL, json={"query": q, "variables": v}, headers=HEADERS).json()',
    "kwonly": 'houston = lambda q, *, v=None: requests.post(URL, json={"query": q, "variables": v}, headers=HEADERS).json()',
    "dictcall": 'houston = lambda q, v=None: requests.post(URL, json=dict(query=q, variables=v), headers=HEADERS).json()',
    "data": 'houston = lambda q, v=None: requests.post(URL, data=json.dumps({"query": q, "variables": v}), headers=HEADERS).json()',
    "required": 'houston = lambda q, v: requests.post(URL, json={"query": q, "variables": v}, headers=HEADERS).json()',
}
VARIABLES = '{"deploymentUuid": "x", "desiredAirflowVersion": "2.4.3-6"}'
CALLS = {
    "pos": "houston(%s, " + VARIABLES + ")",
    "kw": "houston(%s, v=" + VARIABLES + ")",
    "none": "houston(%s)",
}


def _project(root):
    names = []
    for form, helper in FORMS.items():
        for how, call in CALLS.items():
            if (form == "kwonly" and how == "pos") or (form == "required" and how == "none"):
                continue  # not a valid call of that helper
            text = call % DOCUMENT
            module = HEAD + helper + '\n\nif __name__ == "__main__":\n    print(' + text + ")\n"
            method = HEAD + "class Client:\n    " + helper + "\n\n    def run(self):\n        return self." + text.replace("\n", "\n        ") + "\n"
            for name, source in ((f"{form}_{how}.py", module), (f"cls_{form}_{how}.py", method), (f"test_{form}_{how}.py", module)):
                (root / name).write_text(source)
                names.append(name)
    kwargs = HEAD + 'houston = lambda q, **v: requests.post(URL, json={"query": q, "variables": v}, headers=HEADERS).json()\n\nprint(houston(' + DOCUMENT + ', deploymentUuid="x", desiredAirflowVersion="2.4.3-6"))\n'
    (root / "kwargs.py").write_text(kwargs)
    names.append("kwargs.py")
    return names


def test_every_lambda_helper_form_is_checked_not_an_internal_error(tmp_path):
    names = _project(tmp_path)
    completed = run_cli("check", "--no-cache", "-j1", "--houston-version", "1.0.1", ".", cwd=tmp_path)
    assert "internal error" not in completed.stderr, completed.stderr
    assert "Traceback" not in completed.stderr, completed.stderr
    assert completed.returncode == 1, completed.stderr
    for name in names:
        errors = [line for line in completed.stdout.splitlines() if line.startswith(name + ":") and " error fields-on-correct-type " in line]
        assert len(errors) == 1, (name, completed.stdout)


def test_every_lambda_helper_form_is_migrated_once(tmp_path):
    names = _project(tmp_path)
    completed = run_cli("rewrite", "--no-cache", "-j1", ".", cwd=tmp_path)
    assert "internal error" not in completed.stderr, completed.stderr
    assert "Traceback" not in completed.stderr, completed.stderr
    first = {name: (tmp_path / name).read_text() for name in names}
    for name, text in first.items():
        ast.parse(text)
        assert "updateDeploymentRuntime" in text and "updateDeploymentAirflow(" not in text, (name, text)
    again = run_cli("rewrite", "--no-cache", "-j1", ".", cwd=tmp_path)
    assert "internal error" not in again.stderr, again.stderr
    assert {name: (tmp_path / name).read_text() for name in names} == first  # idempotent
