import os
import sys
import requests

URL = "https://houston.example.com/v1"
UPGRADE = """
mutation Upgrade($id: Uuid!, $desiredAirflowVersion: String!) {
  updateDeploymentAirflow(deploymentUuid: $id, desiredAirflowVersion: $desiredAirflowVersion) { id }
}
"""


def houston(q, v):
    return requests.post(URL, json={"query": q, "variables": v},
                         headers={"authorization": os.environ["HOUSTON_API_TOKEN"]}).json()


def upgrade_or(dep, version=None):
    version = version or "2.4.3-6"
    return houston(UPGRADE, {"id": dep, "desiredAirflowVersion": version})


def upgrade_if(dep, version=None):
    if version is None:
        version = "2.4.3-6"
    return houston(UPGRADE, {"id": dep, "desiredAirflowVersion": version})


def upgrade_try(dep):
    try:
        version = os.environ["TARGET"]
    except KeyError:
        version = "2.4.3-6"
    return houston(UPGRADE, {"id": dep, "desiredAirflowVersion": version})


def upgrade_env(dep):  # control: documented `or` fallback
    version = os.environ.get("TARGET") or "2.4.3-6"
    return houston(UPGRADE, {"id": dep, "desiredAirflowVersion": version})


if __name__ == "__main__":
    upgrade_or(sys.argv[1])     # sends the default "2.4.3-6"
    upgrade_if(sys.argv[1])     # sends the default "2.4.3-6"
    upgrade_try(sys.argv[1])
    upgrade_env(sys.argv[1])
