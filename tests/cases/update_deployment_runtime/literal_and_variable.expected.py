import requests

HOUSTON = "https://houston.example.com/v1"

UPGRADE_LITERAL = """
mutation {
  updateDeploymentAirflow: updateDeploymentRuntime(deploymentUuid: "ckx1", desiredRuntimeVersion: "4.2.1") {
    id
    desiredAirflowVersion: desiredRuntimeVersion
  }
}
"""

UPGRADE = """
mutation UpgradeAirflow($deploymentUuid: Uuid!, $desiredRuntimeVersion: String!) {
  upgrade: updateDeploymentRuntime(deploymentUuid: $deploymentUuid, desiredRuntimeVersion: $desiredRuntimeVersion) {
    id
  }
}
"""


def upgrade(token, deployment):
    response = requests.post(
        HOUSTON,
        json={"query": UPGRADE, "variables": {"deploymentUuid": deployment, "desiredRuntimeVersion": "5.0.5"}},
        headers={"authorization": token},
    )
    return response.json()["data"]["upgrade"]


def upgrade_literal(token):
    data = requests.post(HOUSTON, json={"query": UPGRADE_LITERAL}, headers={"authorization": token}).json()["data"]
    return data["updateDeploymentAirflow"]["id"]
