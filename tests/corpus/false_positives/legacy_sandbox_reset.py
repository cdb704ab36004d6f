"""Re-create the frozen AC 2.3.4 sandbox deployment on the old 0.28 cluster.

This one deliberately stays on Astronomer Certified: the old cluster runs
Software 0.28 and has no Runtime support, so the codemod must leave the
create mutation alone (see the marker above it).
"""
import logging
import os
import sys

import requests

log = logging.getLogger("legacy-sandbox")

OLD_CLUSTER = os.environ.get("LEGACY_BASEDOMAIN", "astro-legacy.example.com")
HOUSTON_URL = f"https://houston.{OLD_CLUSTER}/v1"

# houston-codemod: ignore
CREATE_SANDBOX = """
mutation CreateSandbox($workspaceUuid: Uuid!) {
  createDeployment(
    workspaceUuid: $workspaceUuid
    type: "airflow"
    label: "ac-sandbox"
    executor: LocalExecutor
    airflowVersion: "2.3.4-11"
  ) {
    id
    releaseName
    airflowVersion
  }
}
"""

DELETE_DEPLOYMENT = """
mutation DeleteDeployment($deploymentUuid: Uuid!) {
  deleteDeployment(deploymentUuid: $deploymentUuid, deploymentHardDelete: true) {
    id
  }
}
"""

FIND_SANDBOX = """
query FindSandbox($workspaceUuid: Uuid!) {
  workspaceDeployments(workspaceUuid: $workspaceUuid) {
    id
    label
    releaseName
  }
}
"""


def houston(query, variables):
    resp = requests.post(HOUSTON_URL, json={"query": query, "variables": variables},
                         headers={"authorization": os.environ["LEGACY_HOUSTON_TOKEN"]}, timeout=60)
    resp.raise_for_status()
    body = resp.json()
    if body.get("errors"):
        raise RuntimeError(body["errors"][0]["message"])
    return body["data"]


def main(workspace_uuid):
    logging.basicConfig(level=logging.INFO)
    for dep in houston(FIND_SANDBOX, {"workspaceUuid": workspace_uuid})["workspaceDeployments"]:
        if dep["label"] == "ac-sandbox":
            log.info("deleting old sandbox %s", dep["releaseName"])
            houston(DELETE_DEPLOYMENT, {"deploymentUuid": dep["id"]})
    created = houston(CREATE_SANDBOX, {"workspaceUuid": workspace_uuid})["createDeployment"]
    log.info("sandbox %s on AC %s", created["releaseName"], created["airflowVersion"])


if __name__ == "__main__":
    main(sys.argv[1])
