import os
import requests

URL = "https://houston.example.com/v1"
CREATE = """
mutation Create($ws: Uuid!, $v: String!) {
  createDeployment(workspaceUuid: $ws, label: "x", type: "airflow", runtimeVersion: $v) { id }
}
"""
LEGACY_AC = "2.3.4-11"


def create(ws, runtime_version):
    if runtime_version == LEGACY_AC:
        raise ValueError("send a Runtime version")
    return requests.post(URL, json={"query": CREATE, "variables": {"ws": ws, "v": runtime_version}},
                         headers={"authorization": os.environ["HOUSTON_API_TOKEN"]}).json()
