#!/usr/bin/env python3
"""CI step: push the project image to our own registry and point Houston at it.

Astronomer Software with a bring-your-own registry
(deployments.enableUpdateDeploymentImageEndpoint + upsertDeploymentEnabled).

For a new environment the deployment is created with ``upsertDeployment``; an
existing one gets the new image through ``updateDeploymentImage``.  The AC version
comes from the image label io.astronomer.docker.airflow.version.

    python byo_registry_deploy.py --workspace <uuid> --release-name etl-prod \
        --image registry.example.com/data/etl:$CI_COMMIT_SHA
"""
import argparse
import json
import logging
import os
import subprocess
import sys

import requests

log = logging.getLogger("byo-deploy")

AIRFLOW_LABEL = "io.astronomer.docker.airflow.version"

FIND = """
query Find($workspaceUuid: Uuid!, $releaseName: String!) {
  workspaceDeployments(workspaceUuid: $workspaceUuid, releaseName: $releaseName) {
    id
    releaseName
    airflowVersion: runtimeAirflowVersion
  }
}
"""

UPSERT = """
mutation upsertDeployment(
  $workspaceUuid: Uuid
  $label: String
  $releaseName: String
  $image: String
  $executor: ExecutorType
  $runtimeVersion: String
  $environmentVariables: [InputEnvironmentVariable]
) {
  upsertDeployment(
    workspaceUuid: $workspaceUuid
    label: $label
    releaseName: $releaseName
    image: $image
    executor: $executor
    runtimeVersion: $runtimeVersion
    environmentVariables: $environmentVariables
  ) {
    id
    releaseName
    airflowVersion: runtimeAirflowVersion
  }
}
"""

UPDATE_IMAGE = """
mutation updateDeploymentImage($releaseName: String!, $image: String!, $runtimeVersion: String) {
  updateDeploymentImage(releaseName: $releaseName, image: $image, runtimeVersion: $runtimeVersion) {
    id
    releaseName
    airflowVersion: runtimeAirflowVersion
  }
}
"""


def sh(*cmd):
    log.info("$ %s", " ".join(cmd))
    return subprocess.run(cmd, check=True, capture_output=True, text=True).stdout.strip()


def image_airflow_version(image, default="2.3.4-11"):
    labels = json.loads(sh("docker", "inspect", "--format", "{{json .Config.Labels}}", image) or "{}")
    return (labels or {}).get(AIRFLOW_LABEL, default)


def houston(query, variables):
    resp = requests.post(
        "https://houston.{}/v1".format(os.environ["ASTRO_BASEDOMAIN"]),
        json={"query": query, "variables": variables},
        headers={"authorization": os.environ["HOUSTON_SERVICE_ACCOUNT_KEY"]},
        timeout=300,
    )
    resp.raise_for_status()
    body = resp.json()
    if body.get("errors"):
        raise RuntimeError(body["errors"][0]["message"])
    return body["data"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--workspace", required=True)
    parser.add_argument("--release-name", required=True)
    parser.add_argument("--image", required=True)
    parser.add_argument("--label")
    parser.add_argument("--executor", default="KubernetesExecutor")
    parser.add_argument("--no-push", action="store_true")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s")

    if not args.no_push:
        sh("docker", "push", args.image)
    airflow_version = image_airflow_version(args.image)
    log.info("image %s is AC %s", args.image, airflow_version)

    found = houston(FIND, {"workspaceUuid": args.workspace, "releaseName": args.release_name})
    if not found["workspaceDeployments"]:
        created = houston(UPSERT, {
            "workspaceUuid": args.workspace,
            "label": args.label or args.release_name,
            "releaseName": args.release_name,
            "image": args.image,
            "executor": args.executor,
            "runtimeVersion": airflow_version,
            "environmentVariables": [{"key": "DEPLOYED_BY", "value": "ci", "isSecret": False}],
        })["upsertDeployment"]
        log.info("created %s (%s)", created["releaseName"], created["airflowVersion"])
        return 0

    updated = houston(UPDATE_IMAGE, {
        "releaseName": args.release_name,
        "image": args.image,
        "runtimeVersion": airflow_version,
    })["updateDeploymentImage"]
    log.info("%s now runs %s (AC %s)", updated["releaseName"], args.image, updated["airflowVersion"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
