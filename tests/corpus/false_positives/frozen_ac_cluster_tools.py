# houston-codemod: ignore
"""Tools for the frozen Software 0.28 cluster (Astronomer Certified only).

That cluster is decommissioned at the end of the quarter and never gets Runtime,
so the whole file is excluded from the AC -> Runtime migration.
"""
import argparse
import logging
import os

import requests

log = logging.getLogger("frozen-ac")

HOUSTON_URL = "https://houston.astro-legacy.example.com/v1"

CREATE_DEPLOYMENT = """
mutation CreateDeployment($workspaceUuid: Uuid!, $label: String!, $airflowVersion: String) {
  createDeployment(
    workspaceUuid: $workspaceUuid
    type: "airflow"
    label: $label
    executor: CeleryExecutor
    airflowVersion: $airflowVersion
  ) {
    id
    releaseName
    airflowVersion
  }
}
"""

UPGRADE_AIRFLOW = """
mutation UpgradeAirflow($deploymentUuid: Uuid!, $desiredAirflowVersion: String!) {
  updateDeploymentAirflow(deploymentUuid: $deploymentUuid, desiredAirflowVersion: $desiredAirflowVersion) {
    id
    airflowVersion
    desiredAirflowVersion
  }
}
"""


def call(query, **variables):
    resp = requests.post(
        HOUSTON_URL,
        json={"query": query, "variables": variables},
        headers={"authorization": os.environ["LEGACY_HOUSTON_TOKEN"]},
        timeout=60,
    )
    resp.raise_for_status()
    return resp.json()["data"]


def main():
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="cmd", required=True)
    create = sub.add_parser("create")
    create.add_argument("workspace_uuid")
    create.add_argument("label")
    create.add_argument("--airflow-version", default="2.2.5-3")
    upgrade = sub.add_parser("upgrade")
    upgrade.add_argument("deployment_uuid")
    upgrade.add_argument("--airflow-version", default="2.3.4-11")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO)

    if args.cmd == "create":
        dep = call(CREATE_DEPLOYMENT, workspaceUuid=args.workspace_uuid, label=args.label,
                   airflowVersion=args.airflow_version)["createDeployment"]
        log.info("created %s on AC %s", dep["releaseName"], dep["airflowVersion"])
    else:
        dep = call(UPGRADE_AIRFLOW, deploymentUuid=args.deployment_uuid,
                   desiredAirflowVersion=args.airflow_version)["updateDeploymentAirflow"]
        log.info("%s: %s -> %s", dep["id"], dep["airflowVersion"], dep["desiredAirflowVersion"])


if __name__ == "__main__":
    main()
