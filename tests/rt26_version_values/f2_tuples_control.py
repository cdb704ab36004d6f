import os
import requests

URL = "https://houston.example.com/v1"
UPGRADE = """
mutation Upgrade($id: Uuid!, $desiredAirflowVersion: String!) {
  updateDeploymentAirflow(deploymentUuid: $id, desiredAirflowVersion: $desiredAirflowVersion) { id }
}
"""
ROLLOUT = [("etl", "2.3.4-11"), ("ml", "2.4.3-6")]


def houston(q, v=None):
    return requests.post(URL, json={"query": q, "variables": v or {}},
                         headers={"authorization": os.environ["HOUSTON_API_TOKEN"]}).json()


def by_index():
    for row in ROLLOUT:
        houston(UPGRADE, {"id": row[0], "desiredAirflowVersion": row[1]})
