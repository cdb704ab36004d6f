"""Red team 20, report 12, F6: ``deployment(where: { id: $id })`` is any generated CRUD API's, not Houston-only.

Keystone, Prisma 1 / OpenCRUD, Hygraph and GraphCMS generate ``deployment(where: ...)`` for a model named
Deployment; Houston, built on Prisma 1, has the same shape.  The tool counted it as "Houston-only
vocabulary", so a release tracker's script that never names Houston got a false schema error (exit 1).
Now arguments every CRUD API has (``gather_vocabulary.GENERIC_ARGUMENTS``: ``where``, ``first``,
``orderBy`` ...) say nothing of whose API it is: the field counts for Houston only with an argument set
only Houston has, or with Houston's own names selected under it.

Controls (recall): the same root field selecting Houston's own names (``releaseName``, ``airflowVersion``)
is still Houston's, and ``workspaceDeployments(workspaceUuid:)`` still is.
"""

import json

from trust_cli import run_cli

TRACKER = '''"""Mark a release as shipped in our Keystone-based release tracker."""
import os
import requests

TRACKER_URL = os.environ["TRACKER_API"]

GET = """
query GetDeployment($id: ID!) {
  deployment(where: { id: $id }) { id status label createdAt }
}
"""

FIRST = """
query Recent { deployment(where: { id: "x" }) { id label } }
"""


def get(dep_id):
    r = requests.post(TRACKER_URL, json={"query": GET, "variables": {"id": dep_id}})
    requests.post(TRACKER_URL, json={"query": FIRST})
    return r.json()["data"]["deployment"]
'''

HOUSTONS = '''import os
import requests

API = os.environ["API"]

ONE = """
query One($id: String!) { deployment(where: { id: $id }) { id releaseName airflowVersion } }
"""

LIST = """
query List($ws: Uuid!) { workspaceDeployments(workspaceUuid: $ws) { id label } }
"""


def run():
    requests.post(API, json={"query": ONE, "variables": {"id": "d"}})
    requests.post(API, json={"query": LIST, "variables": {"ws": "w"}})
'''


def _check(tmp_path, name, text):
    (tmp_path / name).write_text(text)
    result = run_cli("check", "--no-cache", "--format", "json", name, cwd=tmp_path)
    assert "Traceback" not in result.stderr, result.stderr
    return result, json.loads(result.stdout)


def test_a_crud_apis_deployment_where_is_not_houston_only(tmp_path):
    result, report = _check(tmp_path, "tracker.py", TRACKER)
    assert result.returncode == 0, (result.stdout, result.stderr)
    assert report["findings"] == []
    for document in report["documents"]:
        assert document["houston"] is not True, document
        assert not any(line.startswith("Houston-only vocabulary") for line in document["evidence"]), document


def test_control_houstons_own_names_still_count(tmp_path):
    _result, report = _check(tmp_path, "ops.py", HOUSTONS)
    assert [d["houston"] for d in report["documents"]] == [True, True], report["documents"]
