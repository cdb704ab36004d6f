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


def control(dep):   # documented form: reviewed
    target = os.environ.get("TARGET_VERSION", "2.4.3-6")
    houston(UPGRADE, {"id": dep, "desiredAirflowVersion": target})


def a(dep):
    target = os.environ.get("TARGET_VERSION", "2.4.3-6").strip()
    houston(UPGRADE, {"id": dep, "desiredAirflowVersion": target})


def b(dep):
    target = os.getenv("TARGET_VERSION") or "2.4.3-6"
    houston(UPGRADE, {"id": dep, "desiredAirflowVersion": target.strip()})


def c(dep):
    target = (sys.argv[2] if len(sys.argv) > 2 else "2.4.3-6").strip()
    houston(UPGRADE, {"id": dep, "desiredAirflowVersion": target})


def d(dep):
    target = str(os.environ.get("TARGET_VERSION", "2.4.3-6"))
    houston(UPGRADE, {"id": dep, "desiredAirflowVersion": target})
