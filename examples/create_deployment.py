"""Create an Airflow deployment in every workspace listed in workspaces.txt.

Written against Astronomer Software 0.28 (Astronomer Certified images).
"""
import os
import sys

import requests

HOUSTON_URL = f"https://houston.{os.environ['BASEDOMAIN']}/v1"
HEADERS = {"authorization": os.environ["HOUSTON_API_TOKEN"]}

CREATE_DEPLOYMENT = """
mutation CreateDeployment($workspaceUuid: Uuid!, $label: String!) {
  createDeployment(
    workspaceUuid: $workspaceUuid
    label: $label
    type: "airflow"
    executor: CeleryExecutor
    airflowVersion: "2.3.4-11"  # AC 2.3.4, hotfix 11
  ) {
    id
    releaseName
    airflowVersion
  }
}
"""

UPGRADE = """
mutation Upgrade($deploymentUuid: Uuid!, $desiredAirflowVersion: String!) {
  updateDeploymentAirflow(deploymentUuid: $deploymentUuid, desiredAirflowVersion: $desiredAirflowVersion) {
    id
    desiredAirflowVersion
  }
}
"""

# Runtime releases that ship a given Airflow version: airflowVersion here is a
# filter on the release, not the deployment's version.  It must not change.
RUNTIME_RELEASES = 'query Releases { runtimeReleases(airflowVersion: "2.3.4") { version airflowVersion } }'

HELM_VALUES = {"airflowVersion": "2.3.4", "executor": "CeleryExecutor"}


def houston(query, variables=None):
    response = requests.post(HOUSTON_URL, json={"query": query, "variables": variables or {}}, headers=HEADERS)
    response.raise_for_status()
    return response.json()["data"]


def upgrade(deployment_uuid):
    data = houston(UPGRADE, {"deploymentUuid": deployment_uuid, "desiredAirflowVersion": "2.4.3-6"})
    return data["updateDeploymentAirflow"]["id"]


def main(path):
    with open(path) as handle:
        for workspace in filter(None, (line.strip() for line in handle)):
            created = houston(CREATE_DEPLOYMENT, {"workspaceUuid": workspace, "label": "etl"})
            print(created["createDeployment"]["releaseName"])
    print(houston(RUNTIME_RELEASES))


if __name__ == "__main__":
    main(sys.argv[1])
