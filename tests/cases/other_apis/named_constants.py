"""Queries for both control planes, kept in one module and sent from others."""

ASTRO_CLOUD_API = "https://api.astronomer.io/hub/v1"

HOUSTON_CREATE_DEPLOYMENT = """
mutation createDeployment($workspaceUuid: Uuid!, $label: String!) {
  createDeployment(workspaceUuid: $workspaceUuid, label: $label, type: "airflow", airflowVersion: "2.4.3-6") {
    id
  }
}
"""

# Same root field as Houston, different schema: the name says which API it is for.
ASTRO_CLOUD_WORKSPACES = """
query workspaces {
  workspaces {
    id
    organization { id shortName }
    workspaceCapabilities { canCreateDeployment }
  }
}
"""

githubReleaseQuery = """
query releases($owner: String!) {
  users(login: $owner) { releases(last: 5) { nodes { tagName } } }
}
"""
