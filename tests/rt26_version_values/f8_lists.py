import os
import requests

URL = "https://houston.example.com/v1"
UPGRADE = """
mutation Upgrade($id: Uuid!, $desiredAirflowVersion: String!) {
  updateDeploymentAirflow(deploymentUuid: $id, desiredAirflowVersion: $desiredAirflowVersion) { id }
}
"""
SUPPORTED = ["2.3.4-11", "2.4.3-6"]
LATEST = SUPPORTED[-1]
PINS = {"latest": "2.4.3-6"}


def houston(q, v):
    return requests.post(URL, json={"query": q, "variables": v},
                         headers={"authorization": os.environ["HOUSTON_API_TOKEN"]}).json()


def latest(dep):
    houston(UPGRADE, {"id": dep, "desiredAirflowVersion": LATEST})


def highest(dep):
    houston(UPGRADE, {"id": dep, "desiredAirflowVersion": max(SUPPORTED)})


def pick(dep, i):
    houston(UPGRADE, {"id": dep, "desiredAirflowVersion": SUPPORTED[i]})


def fstr(dep):
    target = "2.4.3-6"
    houston(UPGRADE, {"id": dep, "desiredAirflowVersion": f"{target}"})


def control_dict(dep):
    houston(UPGRADE, {"id": dep, "desiredAirflowVersion": PINS["latest"]})


def control_local(dep):
    target = "2.4.3-6"
    houston(UPGRADE, {"id": dep, "desiredAirflowVersion": target})
