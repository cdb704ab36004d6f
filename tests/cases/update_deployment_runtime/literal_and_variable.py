import requests

HOUSTON = "https://houston.example.com/v1"

UPGRADE_LITERAL = """
mutation {
  updateDeploymentAirflow(deploymentUuid: "ckx1", desiredAirflowVersion: "2.2.4-1") {
    id
    desiredAirflowVersion
  }
}
"""

UPGRADE = """
mutation UpgradeAirflow($deploymentUuid: Uuid!, $desiredAirflowVersion: String!) {
  upgrade: updateDeploymentAirflow(deploymentUuid: $deploymentUuid, desiredAirflowVersion: $desiredAirflowVersion) {
    id
  }
}
"""


def upgrade(token, deployment):
    response = requests.post(
        HOUSTON,
        json={"query": UPGRADE, "variables": {"deploymentUuid": deployment, "desiredAirflowVersion": "2.3.2"}},
        headers={"authorization": token},
    )
    return response.json()["data"]["upgrade"]


def upgrade_literal(token):
    data = requests.post(HOUSTON, json={"query": UPGRADE_LITERAL}, headers={"authorization": token}).json()["data"]
    return data["updateDeploymentAirflow"]["id"]
