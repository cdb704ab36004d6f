#!/usr/bin/env python3
"""Create Airflow deployments on Astronomer Software from a CSV file.

CSV columns: workspace_uuid,label,executor[,description]

    export HOUSTON_API_KEY=...           # service-account API key
    python create_deployments_requests.py deployments.csv \
        --basedomain astro.example.com --airflow-version 2.3.4-11

Every deployment in the file gets the same Astronomer Certified version.
"""
import argparse
import csv
import logging
import os
import sys
import time

import requests

log = logging.getLogger("create-deployments")

CREATE_DEPLOYMENT = """
mutation CreateDeployment(
  $workspaceUuid: Uuid!
  $label: String!
  $description: String
  $executor: ExecutorType
  $runtimeVersion: String
) {
  createDeployment(
    workspaceUuid: $workspaceUuid
    type: "airflow"
    label: $label
    description: $description
    executor: $executor
    runtimeVersion: $runtimeVersion
  ) {
    id
    label
    releaseName
    airflowVersion: runtimeAirflowVersion
    urls {
      type
      url
    }
    createdAt
  }
}
"""

EXISTING_DEPLOYMENTS = """
query ExistingDeployments($workspaceUuid: Uuid!) {
  workspaceDeployments(workspaceUuid: $workspaceUuid) {
    id
    label
    releaseName
  }
}
"""

VALID_EXECUTORS = {"LocalExecutor", "CeleryExecutor", "KubernetesExecutor"}


class HoustonError(RuntimeError):
    pass


def houston_request(session, url, query, variables):
    response = session.post(url, json={"query": query, "variables": variables}, timeout=120)
    response.raise_for_status()
    body = response.json()
    if body.get("errors"):
        raise HoustonError(body["errors"][0]["message"])
    return body["data"]


def read_rows(path):
    with open(path, newline="") as handle:
        for row in csv.DictReader(handle):
            executor = (row.get("executor") or "CeleryExecutor").strip()
            if executor not in VALID_EXECUTORS:
                raise SystemExit(f"{path}: unknown executor {executor!r} for {row['label']}")
            yield {
                "workspaceUuid": row["workspace_uuid"].strip(),
                "label": row["label"].strip(),
                "executor": executor,
                "description": (row.get("description") or "").strip() or None,
            }


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description="Create Astronomer deployments from a CSV file")
    parser.add_argument("csv_file")
    parser.add_argument("--basedomain", default=os.environ.get("ASTRO_BASEDOMAIN"))
    parser.add_argument("--airflow-version", default="2.3.4-11",
                        help="Astronomer Certified version for the new deployments (default: %(default)s)")
    parser.add_argument("--dry-run", action="store_true")
    parser.add_argument("--sleep", type=float, default=2.0, help="seconds between creates")
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    if not args.basedomain:
        log.error("--basedomain or ASTRO_BASEDOMAIN is required")
        return 2

    url = f"https://houston.{args.basedomain}/v1"
    session = requests.Session()
    session.headers.update({"authorization": os.environ["HOUSTON_API_KEY"]})

    created = skipped = 0
    existing_by_workspace = {}
    for row in read_rows(args.csv_file):
        ws = row["workspaceUuid"]
        if ws not in existing_by_workspace:
            data = houston_request(session, url, EXISTING_DEPLOYMENTS, {"workspaceUuid": ws})
            existing_by_workspace[ws] = {d["label"] for d in data["workspaceDeployments"]}
        if row["label"] in existing_by_workspace[ws]:
            log.info("skip %s: already exists in workspace %s", row["label"], ws)
            skipped += 1
            continue
        variables = dict(row, runtimeVersion=args.airflow_version)
        if args.dry_run:
            log.info("would create %s", variables)
            continue
        try:
            data = houston_request(session, url, CREATE_DEPLOYMENT, variables)
        except HoustonError as err:
            log.error("creating %s failed: %s", row["label"], err)
            continue
        deployment = data["createDeployment"]
        log.info("created %s (%s) on AC %s", deployment["label"], deployment["releaseName"],
                 deployment["airflowVersion"])
        for link in deployment["urls"]:
            log.info("  %s: %s", link["type"], link["url"])
        existing_by_workspace[ws].add(row["label"])
        created += 1
        time.sleep(args.sleep)

    log.info("done: %d created, %d skipped", created, skipped)
    return 0


if __name__ == "__main__":
    sys.exit(main())
