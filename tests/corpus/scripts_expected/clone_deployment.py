#!/usr/bin/env python3
"""Clone a deployment (settings + environment variables) into another workspace.

Before cloning it prints which Astro Runtime releases the platform offers for the
source's Airflow version, so the owners know their migration target.  The clone
itself is created on the same AC version as the source.

    python clone_deployment.py <src-workspace> <src-release> <dst-workspace> [--label NAME]
"""
import argparse
import logging
import os
import sys

import requests

log = logging.getLogger("clone-deployment")

SOURCE = """
query Source($workspaceUuid: Uuid!, $releaseName: String!) {
  workspaceDeployment(workspaceUuid: $workspaceUuid, releaseName: $releaseName) {
    id
    label
    description
    executor
    airflowVersion: runtimeAirflowVersion
    config
    workers {
      replicas
    }
  }
}
"""

SOURCE_VARIABLES = """
query SourceVariables($deploymentUuid: Uuid!, $releaseName: String) {
  deploymentVariables(deploymentUuid: $deploymentUuid, releaseName: $releaseName) {
    key
    value
    isSecret
  }
}
"""

# Informational only: Runtime releases that ship the source's Airflow version.
RUNTIME_OPTIONS = """
query RuntimeOptions($airflowVersion: String) {
  runtimeReleases(airflowVersion: $airflowVersion) {
    version
    airflowVersion
  }
}
"""

CREATE_CLONE = """
mutation CreateClone(
  $workspaceUuid: Uuid!
  $label: String!
  $description: String
  $executor: ExecutorType
  $runtimeVersion: String
  $config: JSON
  $workers: Workers
) {
  createDeployment(
    workspaceUuid: $workspaceUuid
    type: "airflow"
    label: $label
    description: $description
    executor: $executor
    runtimeVersion: $runtimeVersion
    config: $config
    workers: $workers
  ) {
    id
    releaseName
    airflowVersion: runtimeAirflowVersion
  }
}
"""

COPY_VARIABLES = """
mutation CopyVariables($deploymentUuid: Uuid!, $releaseName: String!, $environmentVariables: [InputEnvironmentVariable]!) {
  updateDeploymentVariables(
    deploymentUuid: $deploymentUuid
    releaseName: $releaseName
    environmentVariables: $environmentVariables
  ) {
    key
  }
}
"""


def gql_post(query, variables):
    url = "https://houston.{}/v1".format(os.environ["BASEDOMAIN"])
    resp = requests.post(url, json={"query": query, "variables": variables},
                         headers={"authorization": os.environ["HOUSTON_TOKEN"]}, timeout=120)
    resp.raise_for_status()
    body = resp.json()
    if body.get("errors"):
        raise RuntimeError(body["errors"][0]["message"])
    return body["data"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("src_workspace")
    parser.add_argument("src_release")
    parser.add_argument("dst_workspace")
    parser.add_argument("--label")
    parser.add_argument("--skip-secrets", action="store_true")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")

    src = gql_post(SOURCE, {"workspaceUuid": args.src_workspace, "releaseName": args.src_release})["workspaceDeployment"]
    if src is None:
        log.error("no deployment %s in workspace %s", args.src_release, args.src_workspace)
        return 1

    airflow = src["airflowVersion"].split("-")[0]
    options = gql_post(RUNTIME_OPTIONS, {"airflowVersion": airflow})["runtimeReleases"] or []
    if options:
        log.info("Runtime releases for Airflow %s: %s", airflow, ", ".join(r["version"] for r in options))
    else:
        log.warning("no Runtime release ships Airflow %s; plan an AC upgrade first", airflow)

    clone = gql_post(CREATE_CLONE, {
        "workspaceUuid": args.dst_workspace,
        "label": args.label or src["label"] + " (clone)",
        "description": src["description"],
        "executor": src["executor"],
        "runtimeVersion": src["airflowVersion"],
        "config": src["config"],
        "workers": {"replicas": src["workers"]["replicas"]} if src["workers"] else None,
    })["createDeployment"]
    log.info("created %s on AC %s", clone["releaseName"], clone["airflowVersion"])

    variables = gql_post(SOURCE_VARIABLES, {"deploymentUuid": src["id"], "releaseName": args.src_release})
    env = [v for v in variables["deploymentVariables"] if not (args.skip_secrets and v["isSecret"])]
    if env:
        gql_post(COPY_VARIABLES, {"deploymentUuid": clone["id"], "releaseName": clone["releaseName"],
                                  "environmentVariables": env})
        log.info("copied %d environment variables", len(env))
    return 0


if __name__ == "__main__":
    sys.exit(main())
