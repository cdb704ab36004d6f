import argparse

import requests

URL = "https://houston.example.com/v1"

CREATE = """
mutation CreateDeployment($workspaceUuid: Uuid!, $label: String!, $airflowVersion: String) {
  createDeployment(workspaceUuid: $workspaceUuid, label: $label, type: "airflow", airflowVersion: $airflowVersion) {
    id
  }
}
"""


def create(token, workspace):
    variables = {"workspaceUuid": workspace, "label": "etl", "airflowVersion": "2.3.3-2"}
    return requests.post(URL, json={"query": CREATE, "variables": variables}, headers={"authorization": token})


def create_from_args(token):
    parser = argparse.ArgumentParser()
    parser.add_argument("--airflow-version")
    args = parser.parse_args()
    payload = {"query": CREATE, "variables": {"workspaceUuid": "w", "label": "x", "airflowVersion": args.airflow_version}}
    return requests.post(URL, json=payload, headers={"authorization": token})
