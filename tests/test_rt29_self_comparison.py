"""A version kept on self, sent by one method and compared by another, is reviewed (red team 28, report 13, f12).

class Upgrader: start() sends self.target as desiredAirflowVersion, finished() tests
any(d["airflowVersion"] == self.target for d in deps).  After migration the send is a Runtime version
and the read the Runtime image's Airflow version: the wait loop never ends.  The same logic in one
function was reviewed (review-ac-version-comparison); the object's own state was not.
"""

import json

from trust_cli import git_tree, run_cli

UPGRADER = '''import os, time, requests
UPGRADE = """
mutation Upgrade($id: Uuid!, $desiredAirflowVersion: String!) {
  updateDeploymentAirflow(deploymentUuid: $id, desiredAirflowVersion: $desiredAirflowVersion) { id }
}
"""
GET = """
query Get($ws: Uuid!) { workspaceDeployments(workspaceUuid: $ws) { id airflowVersion } }
"""
def houston(q, v):
    return requests.post(os.environ["HOUSTON_URL"], json={"query": q, "variables": v},
                         headers={"Authorization": os.environ["HOUSTON_API_TOKEN"]}).json()["data"]

class Upgrader:
    def __init__(self, ws, dep, target):
        self.ws, self.dep, self.target = ws, dep, target

    def start(self):
        houston(UPGRADE, {"id": self.dep, "desiredAirflowVersion": self.target})

    def finished(self):
        deps = houston(GET, {"ws": self.ws})["workspaceDeployments"]
        return any(d["id"] == self.dep and d["airflowVersion"] == self.target for d in deps)

    def finished_plainly(self):
        for d in houston(GET, {"ws": self.ws})["workspaceDeployments"]:
            if d["airflowVersion"] != self.target:
                return False
        return True
'''


def _comparisons(root, *command):
    done = run_cli(*command, "--no-cache", "--format", "json", ".", cwd=root)
    assert done.returncode in (0, 1), done.stderr
    return sorted(f["line"] for f in json.loads(done.stdout)["findings"] if f["code"] == "review-ac-version-comparison")


def test_an_attribute_sent_and_compared_on_self_is_reviewed(tmp_path):
    git_tree(tmp_path, {"upgrader.py": UPGRADER})
    assert _comparisons(tmp_path, "check") == [23, 27]
    assert _comparisons(tmp_path, "check", "--houston-version", "1.0.1") == [23, 27]


def test_an_attribute_never_sent_is_not_reviewed(tmp_path):
    git_tree(tmp_path, {"upgrader.py": UPGRADER.replace('"desiredAirflowVersion": self.target', '"desiredAirflowVersion": target_of(self)')
                        .replace("class Upgrader:", "def target_of(u):\n    return u.other\n\nclass Upgrader:")})
    assert _comparisons(tmp_path, "check") == []
