import requests

CREATE = """
mutation CreateDeployment($ws: Uuid!) {
  createDeployment(workspaceUuid: $ws, label: "etl", type: "airflow", runtimeVersion: "5.0.2") {
    id
  }
}
"""

UPSERT = '''mutation { upsertDeployment(workspaceUuid: "ws", runtimeVersion: "4.2.9") { id } }'''

IMAGE = "mutation { updateDeploymentImage(releaseName: \"r\", image: \"img\", runtimeVersion: \"5.5.0\") { releaseName } }"


def create(url, token):
    return requests.post(url, json={"query": CREATE, "variables": {"ws": "w1"}}, headers={"authorization": token})
