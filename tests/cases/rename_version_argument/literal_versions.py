import requests

CREATE = """
mutation CreateDeployment($ws: Uuid!) {
  createDeployment(workspaceUuid: $ws, label: "etl", type: "airflow", airflowVersion: "2.3.1") {
    id
  }
}
"""

UPSERT = '''mutation { upsertDeployment(workspaceUuid: "ws", airflowVersion: "2.2.5-3") { id } }'''

IMAGE = "mutation { updateDeploymentImage(releaseName: \"r\", image: \"img\", airflowVersion: \"2.3.4-11\") { releaseName } }"


def create(url, token):
    return requests.post(url, json={"query": CREATE, "variables": {"ws": "w1"}}, headers={"authorization": token})
