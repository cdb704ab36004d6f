import os
import requests

URL = "https://houston.example.com/v1"
UPGRADE = """
mutation Upgrade($id: Uuid!, $desiredAirflowVersion: String!) {
  updateDeploymentAirflow(deploymentUuid: $id, desiredAirflowVersion: $desiredAirflowVersion) { id }
}
"""


def _upgrade(dep, version):
    return requests.post(URL, json={"query": UPGRADE, "variables": {"id": dep, "desiredAirflowVersion": version}},
                         headers={"authorization": os.environ["HOUSTON_API_TOKEN"]}).json()


def upgrade_with_log(dep, version):
    print("upgrading", dep, "to", version)
    return _upgrade(dep, version)


def upgrade_all(deps, version="2.4.3-6"):
    for d in deps:
        upgrade_with_log(d, version)


def main():
    upgrade_with_log("etl", "2.3.4-11")
    upgrade_all(["a", "b"])
    _upgrade("direct", "2.2.5")      # control: a direct call of the sending function
