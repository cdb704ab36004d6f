import os
from multiprocessing.pool import ThreadPool
import requests

URL = "https://houston.example.com/v1"
UPGRADE = """
mutation Upgrade($id: Uuid!, $desiredAirflowVersion: String!) {
  updateDeploymentAirflow(deploymentUuid: $id, desiredAirflowVersion: $desiredAirflowVersion) { id }
}
"""
ROLLOUT = [("etl", "2.3.4-11"), ("ml", "2.4.3-6")]
OLD_IMAGE_TAG = "2.2.5-8"
IMAGE = f"quay.io/astronomer/ap-airflow:{OLD_IMAGE_TAG}"


def upgrade(dep, version):
    return requests.post(URL, json={"query": UPGRADE, "variables": {"id": dep, "desiredAirflowVersion": version}},
                         headers={"authorization": os.environ["HOUSTON_API_TOKEN"]}).json()


def pick(dep):
    if dep.startswith("etl"):
        return "2.2.5"
    return "2.1.1"


def computed(dep):
    return requests.post(URL, json={"query": UPGRADE, "variables": {"id": dep, "desiredAirflowVersion": pick(dep)}},
                         headers={"authorization": os.environ["HOUSTON_API_TOKEN"]}).json()


def main():
    with ThreadPool(4) as pool:
        pool.starmap(upgrade, ROLLOUT)
