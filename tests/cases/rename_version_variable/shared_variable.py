import requests

# $airflowVersion also filters runtimeReleases: it cannot simply be renamed.
DOC = """
mutation Create($airflowVersion: String) {
  createDeployment(workspaceUuid: "w", label: "l", type: "airflow", airflowVersion: $airflowVersion) { id }
}
"""
RELEASES = """
query Both($airflowVersion: String) {
  runtimeReleases(airflowVersion: $airflowVersion) { version }
  deployments { id }
}
"""


def send(url, doc, variables):
    return requests.post(url, json={"query": doc, "variables": variables})


def main(url, version):
    send(url, DOC, {"airflowVersion": version})
