"""Roll every deployment of a workspace forward to a newer AC version (httpx).

    python upgrade_airflow_httpx.py <workspace-uuid> --to 2.3.4-11 [--only etl,reporting]

Houston records the target as ``desiredAirflowVersion``; the upgrade finishes when
the team deploys an image built FROM that ap-airflow tag.
"""
import argparse
import logging
import os
import sys

import httpx

log = logging.getLogger("upgrade-airflow")

LIST_DEPLOYMENTS = """
query ListDeployments($workspaceUuid: Uuid!) {
  workspaceDeployments(workspaceUuid: $workspaceUuid) {
    id
    label
    releaseName
    airflowVersion: runtimeAirflowVersion
    desiredAirflowVersion: desiredRuntimeVersion
  }
}
"""

UPGRADE_DEPLOYMENT = """
mutation UpgradeDeployment($id: Uuid!, $version: String!) {
  updateDeploymentAirflow: updateDeploymentRuntime(deploymentUuid: $id, desiredRuntimeVersion: $version) {
    id
    label
    releaseName
    airflowVersion: runtimeAirflowVersion
    desiredAirflowVersion: desiredRuntimeVersion
  }
}
"""


def version_tuple(ac_version):
    airflow, _, hotfix = ac_version.partition("-")
    return tuple(int(p) for p in airflow.split(".")) + (int(hotfix or 0),)


class Houston:
    def __init__(self, basedomain, token, timeout=60.0):
        self._client = httpx.Client(
            base_url=f"https://houston.{basedomain}",
            headers={"authorization": token, "Accept": "application/json"},
            timeout=timeout,
        )

    def graphql(self, query, variables=None):
        response = self._client.post("/v1", json={"query": query, "variables": variables or {}})
        response.raise_for_status()
        payload = response.json()
        if payload.get("errors"):
            raise RuntimeError(payload["errors"][0]["message"])
        return payload["data"]

    def close(self):
        self._client.close()


def main(argv=None):
    parser = argparse.ArgumentParser()
    parser.add_argument("workspace_uuid")
    parser.add_argument("--to", dest="target", default="2.3.4-11", help="target AC version")
    parser.add_argument("--only", help="comma separated deployment labels")
    parser.add_argument("--basedomain", default=os.environ.get("BASEDOMAIN", "astro.example.com"))
    parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)-7s %(message)s")

    only = set(args.only.split(",")) if args.only else None
    houston = Houston(args.basedomain, os.environ["HOUSTON_TOKEN"])
    try:
        deployments = houston.graphql(LIST_DEPLOYMENTS, {"workspaceUuid": args.workspace_uuid})["workspaceDeployments"]
        todo = []
        for dep in deployments:
            if only and dep["label"] not in only:
                continue
            current = dep["airflowVersion"]
            if not current:
                log.info("%-20s runs Astro Runtime, skipping", dep["label"])
                continue
            if version_tuple(current) >= version_tuple(args.target):
                log.info("%-20s already on %s", dep["label"], current)
                continue
            todo.append(dep)

        if not todo:
            log.info("nothing to upgrade")
            return 0
        for dep in todo:
            log.info("%-20s %s -> %s", dep["label"], dep["airflowVersion"], args.target)
        if not args.yes and input("proceed? [y/N] ").lower() != "y":
            return 1

        failures = 0
        for dep in todo:
            try:
                data = houston.graphql(UPGRADE_DEPLOYMENT, {"id": dep["id"], "version": args.target})
            except (httpx.HTTPError, RuntimeError) as err:
                log.error("%s: %s", dep["label"], err)
                failures += 1
                continue
            upgraded = data["updateDeploymentAirflow"]
            log.info("%s desiredAirflowVersion=%s (running %s)", upgraded["releaseName"],
                     upgraded["desiredAirflowVersion"], upgraded["airflowVersion"])
        return 1 if failures else 0
    finally:
        houston.close()


if __name__ == "__main__":
    sys.exit(main())
