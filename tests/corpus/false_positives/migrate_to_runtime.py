#!/usr/bin/env python3
"""Move one AC Deployment to its equivalent Astro Runtime (already Runtime-era code).

Does what ``astro deployment runtime migrate`` does:

1. read the deployment's ``airflowVersion`` (AC) and ``runtimeVersion``;
2. ask ``runtimeReleases(airflowVersion: ...)`` for Runtime releases that ship it;
3. pick the highest and call ``updateDeploymentRuntime``.

Written for Software 0.29+, nothing in here is Astronomer Certified API.
"""
import argparse
import logging
import os
import sys

import requests

log = logging.getLogger("migrate-to-runtime")

GET_DEPLOYMENT = """
query GetDeployment($workspaceUuid: Uuid!, $releaseName: String!) {
  workspaceDeployment(workspaceUuid: $workspaceUuid, releaseName: $releaseName) {
    id
    label
    releaseName
    airflowVersion
    runtimeVersion
    desiredRuntimeVersion
  }
}
"""

RUNTIME_RELEASES = """
query runtimeReleases($airflowVersion: String) {
  runtimeReleases(airflowVersion: $airflowVersion) {
    version
    airflowVersion
    airflowDatabaseMigrations
  }
}
"""

UPDATE_RUNTIME = """
mutation updateDeploymentRuntime($deploymentUuid: Uuid!, $desiredRuntimeVersion: String!) {
  updateDeploymentRuntime(deploymentUuid: $deploymentUuid, desiredRuntimeVersion: $desiredRuntimeVersion) {
    id
    label
    version
    releaseName
    runtimeVersion
    desiredRuntimeVersion
    runtimeAirflowVersion
  }
}
"""


class Houston:
    def __init__(self, basedomain, token):
        self.url = f"https://houston.{basedomain}/v1"
        self.session = requests.Session()
        self.session.headers.update({"authorization": token, "Accept": "application/json"})

    def __call__(self, query, **variables):
        resp = self.session.post(self.url, json={"query": query, "variables": variables})
        resp.raise_for_status()
        body = resp.json()
        if body.get("errors"):
            raise RuntimeError(body["errors"][0]["message"])
        return body["data"]


def semver(text):
    return tuple(int(x) for x in text.split("."))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("workspace_uuid")
    parser.add_argument("release_name")
    parser.add_argument("--dry-run", action="store_true")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")

    houston = Houston(os.environ["BASEDOMAIN"], os.environ["HOUSTON_TOKEN"])
    deployment = houston(GET_DEPLOYMENT, workspaceUuid=args.workspace_uuid,
                         releaseName=args.release_name)["workspaceDeployment"]
    if deployment["runtimeVersion"]:
        log.info("%s already runs Runtime %s", deployment["releaseName"], deployment["runtimeVersion"])
        return 0
    if not deployment["airflowVersion"]:
        log.error("%s reports neither airflowVersion nor runtimeVersion", deployment["releaseName"])
        return 2

    releases = houston(RUNTIME_RELEASES, airflowVersion=deployment["airflowVersion"])["runtimeReleases"]
    if not releases:
        log.error("no Runtime release ships Airflow %s; upgrade the AC deployment first",
                  deployment["airflowVersion"])
        return 1
    target = max((r["version"] for r in releases), key=semver)
    log.info("%s: AC %s -> Runtime %s", deployment["releaseName"], deployment["airflowVersion"], target)
    if args.dry_run:
        return 0
    updated = houston(UPDATE_RUNTIME, deploymentUuid=deployment["id"],
                      desiredRuntimeVersion=target)["updateDeploymentRuntime"]
    log.info("desiredRuntimeVersion is now %s; deploy a %s image to finish",
             updated["desiredRuntimeVersion"], target)
    return 0


if __name__ == "__main__":
    sys.exit(main())
