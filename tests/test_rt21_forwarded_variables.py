"""Red team 20 (report 13), F10: variables that are a parameter of the function sending them are what
its callers pass (``sources/forwarded_variables.py``).

``def upsert(variables): requests.post(URL, json={"query": UPSERT, "variables": variables})`` called
as ``upsert({"id": dep, "image": "quay.io/astronomer/ap-airflow:2.3.4-11-onbuild", ...})``: the
caller's dict was never read, so the AC image was not seen and ``airflowVersion`` became
``runtimeVersion: $airflowVersion`` beside it; for ``updateDeploymentAirflow`` the caller's
``"2.4.3-6"`` kept feeding ``desiredRuntimeVersion`` with no value review.  Same with
``def upsert(**variables)``, a client method, ``run(name, variables)`` and gql's
``client.execute(doc, variable_values=variables)``.

Now each caller's argument is one more send of the document: an AC image there holds the version
with ``review-ac-image-with-version`` at both places, and each AC value left is reviewed with its
Runtime equivalent.  A module-level function or a method may be called by other modules too, so
its variable is not renamed; a nested function called only where it is defined is renamed with its
callers' dicts (recall), and one also used as a callback is held.  Controls: the two-parameter
helper with a non-AC image is still renamed.
"""

import re

from trust_cli import run_cli

_HEAD = '''import os

import requests

URL = "https://houston.example.com/v1"
AUTH = {"authorization": os.environ.get("HOUSTON_API_TOKEN", "")}
'''

_UPSERT = '''UPSERT = """
mutation Pin($id: Uuid!, $image: String, $airflowVersion: String) {
  upsertDeployment(deploymentUuid: $id, image: $image, airflowVersion: $airflowVersion) { id }
}
"""
'''

_UPGRADE = '''UPGRADE = """
mutation Upgrade($deploymentUuid: Uuid!, $desiredAirflowVersion: String!) {
  updateDeploymentAirflow(deploymentUuid: $deploymentUuid, desiredAirflowVersion: $desiredAirflowVersion) { id }
}
"""
'''

AC_IMAGE = "quay.io/astronomer/ap-airflow:2.3.4-11-onbuild"

CASES = {
    "pin_image.py": _HEAD + _UPSERT + f'''

def upsert(variables):
    return requests.post(URL, json={{"query": UPSERT, "variables": variables}}, headers=AUTH).json()


def pin(dep):
    return upsert({{"id": dep, "image": "{AC_IMAGE}", "airflowVersion": "2.3.4"}})
''',
    "kw.py": _HEAD + _UPSERT + f'''

def upsert(**variables):
    return requests.post(URL, json={{"query": UPSERT, "variables": variables}}, headers=AUTH).json()


def pin(dep):
    return upsert(id=dep, image="{AC_IMAGE}", airflowVersion="2.3.4")
''',
    "upgrade_vars.py": _HEAD + _UPGRADE + '''

def upgrade(variables):
    return requests.post(URL, json={"query": UPGRADE, "variables": variables}, headers=AUTH).json()


def main(dep):
    return upgrade({"deploymentUuid": dep, "desiredAirflowVersion": "2.4.3-6"})
''',
    "method.py": _HEAD + _UPGRADE + '''

class Houston:
    def _run(self, query, variables):
        return requests.post(URL, json={"query": query, "variables": variables}, headers=AUTH).json()

    def upgrade(self, variables):
        return self._run(UPGRADE, variables)


def main(dep):
    Houston().upgrade({"deploymentUuid": dep, "desiredAirflowVersion": "2.4.3-6"})
''',
    "named.py": _HEAD + '''QUERIES = {"upgrade": """
mutation Upgrade($deploymentUuid: Uuid!, $desiredAirflowVersion: String!) {
  updateDeploymentAirflow(deploymentUuid: $deploymentUuid, desiredAirflowVersion: $desiredAirflowVersion) { id }
}
"""}


def run(name, variables):
    return requests.post(URL, json={"query": QUERIES[name], "variables": variables}, headers=AUTH).json()


def upgrade(dep):
    return run("upgrade", {"deploymentUuid": dep, "desiredAirflowVersion": "2.4.3-6"})
''',
    "gql_execute.py": '''import os

from gql import Client, gql
from gql.transport.requests import RequestsHTTPTransport

client = Client(transport=RequestsHTTPTransport(url="https://houston.example.com/v1", headers={"authorization": os.environ["HOUSTON_API_TOKEN"]}))

UPGRADE = gql("""
mutation Upgrade($deploymentUuid: Uuid!, $desiredAirflowVersion: String!) {
  updateDeploymentAirflow(deploymentUuid: $deploymentUuid, desiredAirflowVersion: $desiredAirflowVersion) { id }
}
""")


def upgrade(variables):
    return client.execute(UPGRADE, variable_values=variables)


def main(dep):
    upgrade({"deploymentUuid": dep, "desiredAirflowVersion": "2.4.3-6"})
''',
    # a nested function used as a callback too: its other callers cannot be followed, held
    "callback.py": _HEAD + _UPGRADE + '''

def main(dep, pool):
    def upgrade(variables):
        return requests.post(URL, json={"query": UPGRADE, "variables": variables}, headers=AUTH).json()

    upgrade({"deploymentUuid": dep, "desiredAirflowVersion": "2.4.3-6"})
    pool.map(upgrade, [])
''',
    # controls (recall): a nested function called only where it is defined is renamed with its
    # callers' dicts; the two-parameter helper with the project's own image is renamed as before
    "nested.py": _HEAD + _UPGRADE + '''

def main(dep):
    def upgrade(variables):
        return requests.post(URL, json={"query": UPGRADE, "variables": variables}, headers=AUTH).json()

    upgrade({"deploymentUuid": dep, "desiredAirflowVersion": "2.4.3-6"})
    upgrade({"deploymentUuid": dep, "desiredAirflowVersion": "2.3.4-11"})
''',
    "two_params.py": _HEAD + _UPSERT + '''

def upsert(q, variables):
    return requests.post(URL, json={"query": q, "variables": variables}, headers=AUTH).json()


def pin(dep):
    return upsert(UPSERT, {"id": dep, "image": "registry.acme.net/etl:42", "airflowVersion": "2.3.4-11"})
''',
}


def _line_of(text, needle):
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


def test_callers_dicts_are_the_sends_of_a_variables_parameter(tmp_path):
    for name, text in CASES.items():
        (tmp_path / name).write_text(text)
    result = run_cli("rewrite", ".", cwd=tmp_path)
    assert "Traceback" not in result.stderr
    assert result.returncode == 0, result.stderr
    findings = {}
    for match in re.finditer(r"^([\w.]+):(\d+):\d+: warning (\S+) (.*)$", result.stderr, re.M):
        findings.setdefault(match.group(1), []).append((int(match.group(2)), match.group(3), match.group(4)))

    def got(name):
        return {(line, code) for line, code, _ in findings.get(name, ())}

    for name in ("pin_image.py", "kw.py"):  # the AC image the caller sends holds the version: both reviewed
        assert (tmp_path / name).read_text() == CASES[name], name
        image_line = _line_of(CASES[name], AC_IMAGE)
        assert (image_line, "review-ac-image-with-version") in got(name), (name, result.stderr)
        assert (_line_of(CASES[name], "upsertDeployment("), "review-ac-image-with-version") in got(name), name

    for name in ("upgrade_vars.py", "method.py", "named.py", "gql_execute.py", "callback.py"):
        text = (tmp_path / name).read_text()
        assert "$desiredAirflowVersion: String!" in text and '"desiredAirflowVersion": "2.4.3-6"' in text, name
        literal = _line_of(CASES[name], '"desiredAirflowVersion": "2.4.3-6"')
        assert (literal, "review-version-value") in got(name), (name, result.stderr)
        assert any(line == literal and "6.10.0" in message for line, _c, message in findings[name]), name

    nested = (tmp_path / "nested.py").read_text()
    assert "$desiredRuntimeVersion: String!" in nested and "$desiredAirflowVersion" not in nested
    assert '"desiredRuntimeVersion": "6.10.0"' in nested and '"desiredRuntimeVersion": "5.5.0"' in nested
    two = (tmp_path / "two_params.py").read_text()
    assert "runtimeVersion: $runtimeVersion" in two and '"runtimeVersion": "5.5.0"' in two


_UPDATE_IMAGE = '''UPDATE_IMAGE = """
mutation UpdateImage($releaseName: String!, $image: String!, $airflowVersion: String) {
  updateDeploymentImage(releaseName: $releaseName, image: $image, airflowVersion: $airflowVersion) { id }
}
"""


def houston(q, v):
    return requests.post(URL, json={"query": q, "variables": v}, headers=AUTH).json()


def deploy_image(release, image, version):
    return houston(UPDATE_IMAGE, {"releaseName": release, "image": image, "airflowVersion": version})
'''


def test_an_image_parameter_is_what_the_callers_pass(tmp_path):
    """The report's related case: the image a helper sends is its parameter, given by the module's calls."""
    held = _HEAD + _UPDATE_IMAGE + f'''

if __name__ == "__main__":
    deploy_image("etl-prod", "{AC_IMAGE}", "2.3.4-11")
'''
    own = _HEAD + _UPDATE_IMAGE + '''

if __name__ == "__main__":
    deploy_image("etl-prod", "registry.acme.net/etl:42", "2.3.4-11")
'''
    (tmp_path / "held.py").write_text(held)
    (tmp_path / "own.py").write_text(own)
    result = run_cli("rewrite", ".", cwd=tmp_path)
    assert "Traceback" not in result.stderr
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "held.py").read_text() == held
    version_line = _line_of(held, "updateDeploymentImage(")
    assert re.search(rf"^held\.py:{version_line}:\d+: warning review-ac-image-with-version .*{AC_IMAGE}", result.stderr, re.M), result.stderr
    rewritten = (tmp_path / "own.py").read_text()  # control: the project's own image lets the version migrate
    assert "runtimeVersion: $runtimeVersion" in rewritten and '"runtimeVersion": version' in rewritten
