import os
import requests

URL = "https://houston.example.com/v1"
UPGRADE = """
mutation Upgrade($id: Uuid!, $desiredRuntimeVersion: String!) {
  updateDeploymentRuntime(deploymentUuid: $id, desiredRuntimeVersion: $desiredRuntimeVersion) { id }
}
"""
OLD = {"etl": "2.3.4-11"}


def upgrade(dep):
    target = "5.5.0" if dep == "etl" else os.environ["RUNTIME_VERSION"]
    if OLD.get(dep) == "2.3.4-11":
        print("was AC")
    return requests.post(URL, json={"query": UPGRADE, "variables": {"id": dep, "desiredRuntimeVersion": target}},
                         headers={"authorization": os.environ["HOUSTON_API_TOKEN"]}).json()


def main():
    upgrade("etl")
