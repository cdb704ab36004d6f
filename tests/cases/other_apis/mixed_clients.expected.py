import os

import requests
from gql import Client, gql
from gql.transport.requests import RequestsHTTPTransport

GITHUB = "https://api.github.com/graphql"
ASTRO_CLOUD = "https://api.astronomer.io/hub/v1"
HOUSTON = f"https://houston.{os.environ['BASEDOMAIN']}/v1"

# GitHub: unknown to Houston, and sent to GitHub.
REPOS = """
query Repos($login: String!) {
  organization(login: $login) { repositories(first: 10) { nodes { name } } }
}
"""

# Astro (cloud) API: 'deployments' exists in Houston too, but the URL says otherwise.
CLOUD_DEPLOYMENTS = """
query CloudDeployments($workspaceId: ID!) {
  deployments(workspaceId: $workspaceId, airflowVersion: "2.3.1") { id runtimeVersion }
}
"""

# houston-codemod: ignore
PINNED = 'mutation { createDeployment(workspaceUuid: "w", label: "l", type: "airflow", airflowVersion: "2.3.1") { id } }'

HOUSTON_CREATE = 'mutation { createDeployment(workspaceUuid: "w", label: "l", type: "airflow", runtimeVersion: "5.0.2") { id } }'

cloud = Client(transport=RequestsHTTPTransport(url=ASTRO_CLOUD))


def main():
    requests.post(GITHUB, json={"query": REPOS, "variables": {"login": "astronomer"}})
    cloud.execute(gql(CLOUD_DEPLOYMENTS), variable_values={"workspaceId": "w"})
    requests.post(HOUSTON, json={"query": HOUSTON_CREATE})
    requests.post(HOUSTON, json={"query": PINNED})
