"""Red team 20, report 12, F12: ``HOUSTON_API_URL`` beside ``DALLAS_API_URL`` / ``AUSTIN_API_URL`` is the city.

A civic-data script sends one ``permits`` query to three cities' gateways,
``os.environ["HOUSTON_API_URL"]``, ``["DALLAS_API_URL"]`` and ``["AUSTIN_API_URL"]``: the first was
"decisive" for Astronomer's Houston, so ``check`` reported a false schema error (exit 1), and the other
two were "not the file's Houston endpoint".  The README's city rule (``HOUSTON_QUERY`` beside
``DALLAS_QUERY``) covered document names only; ``gather_names.city_names`` now reads every name of the
file, and ``verdict`` reads evidence for Houston resting on such a name as a note.

Control (recall): ``HOUSTON_API_URL`` beside ``GITHUB_API_URL`` (no place) still decides for Houston:
a typo there is reported.
"""

import json

from trust_cli import run_cli

PERMITS = '''"""Pull open building permits from each city's open-data GraphQL gateway."""
import os
import requests

PERMITS = """
query Permits($status: String!) {
  permits(status: $status, first: 100) { id address issuedAt }
}
"""


def houston_permits():
    return requests.post(os.environ["HOUSTON_API_URL"], json={"query": PERMITS, "variables": {"status": "OPEN"}}).json()


def dallas_permits():
    return requests.post(os.environ["DALLAS_API_URL"], json={"query": PERMITS, "variables": {"status": "OPEN"}}).json()


def austin_permits():
    return requests.post(os.environ["AUSTIN_API_URL"], json={"query": PERMITS, "variables": {"status": "OPEN"}}).json()
'''

PLATFORM = '''import os
import requests

LIST = """
query List($ws: Uuid!) { workspaceDeploymnts(workspaceUuid: $ws) { id releaseName } }
"""

ISSUES = """
query Issues { viewer { login } }
"""


def deployments(ws):
    return requests.post(os.environ["HOUSTON_API_URL"], json={"query": LIST, "variables": {"ws": ws}}).json()


def issues():
    return requests.post(os.environ["GITHUB_API_URL"], json={"query": ISSUES}).json()
'''


def test_houston_the_city_among_other_cities_is_not_houstons_api(tmp_path):
    (tmp_path / "permits.py").write_text(PERMITS)
    result = run_cli("check", "--no-cache", "--format", "json", ".", cwd=tmp_path)
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 0, (result.stdout, result.stderr)
    report = json.loads(result.stdout)
    assert report["findings"] == []
    permits = report["documents"][0]
    assert permits["houston"] is not True, permits
    assert not any("Houston endpoint" in line and "names a place" not in line for line in permits["evidence"]), permits


def test_control_houston_api_url_beside_another_api_still_decides(tmp_path):
    (tmp_path / "platform.py").write_text(PLATFORM)
    result = run_cli("check", "--no-cache", "--format", "json", ".", cwd=tmp_path)
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 1, (result.stdout, result.stderr)
    report = json.loads(result.stdout)
    assert any("workspaceDeploymnts" in f["message"] for f in report["findings"]), report["findings"]
