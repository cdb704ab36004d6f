import os
import requests

URL = "https://houston.example.com/v1"
UPGRADE = """
mutation Upgrade($id: Uuid!, $desiredRuntimeVersion: String!) {
  updateDeploymentRuntime(deploymentUuid: $id, desiredRuntimeVersion: $desiredRuntimeVersion) { id }
}
"""
AC_TO_RUNTIME = {"2.3.4-11": "5.5.0", "2.4.3-6": "6.10.0"}


def convert(current):
    return AC_TO_RUNTIME.get(current, current)


def upgrade(dep, current):
    return requests.post(URL, json={"query": UPGRADE, "variables": {"id": dep, "desiredRuntimeVersion": convert(current)}},
                         headers={"authorization": os.environ["HOUSTON_API_TOKEN"]}).json()
