"""Nightly CSV of every Deployment and the Airflow / Runtime version it runs.

Read-only: it only SELECTS ``airflowVersion`` (empty on Runtime deployments) next
to ``runtimeVersion`` so the migration dashboard can count what is left on AC.
"""
import csv
import datetime as dt
import logging
import os
import sys

import requests

log = logging.getLogger(__name__)

HOUSTON = "https://houston.{}/v1".format(os.environ["BASEDOMAIN"])
TOKEN = os.environ["HOUSTON_API_KEY"]

WORKSPACES = """
query Workspaces {
  workspaces {
    id
    label
  }
}
"""

WORKSPACE_DEPLOYMENTS = """
query WorkspaceDeployments($workspaceUuid: Uuid!) {
  workspaceDeployments(workspaceUuid: $workspaceUuid) {
    id
    label
    releaseName
    version
    airflowVersion
    desiredAirflowVersion
    runtimeVersion
    desiredRuntimeVersion
    runtimeAirflowVersion
    status
    updatedAt
  }
}
"""

FIELDS = ["workspace", "label", "releaseName", "chart", "platform", "airflowVersion",
          "runtimeVersion", "pending", "status", "updatedAt"]


def post(query, variables=None):
    resp = requests.post(HOUSTON, json={"query": query, "variables": variables},
                         headers={"authorization": TOKEN}, timeout=30)
    resp.raise_for_status()
    body = resp.json()
    if "errors" in body:
        raise SystemExit(body["errors"][0]["message"])
    return body["data"]


def rows():
    for ws in post(WORKSPACES)["workspaces"]:
        data = post(WORKSPACE_DEPLOYMENTS, {"workspaceUuid": ws["id"]})
        for d in data["workspaceDeployments"]:
            on_ac = bool(d["airflowVersion"]) and not d["runtimeVersion"]
            yield {
                "workspace": ws["label"],
                "label": d["label"],
                "releaseName": d["releaseName"],
                "chart": d["version"],
                "platform": "AC" if on_ac else "Runtime",
                "airflowVersion": d["airflowVersion"] or d["runtimeAirflowVersion"],
                "runtimeVersion": d["runtimeVersion"],
                "pending": d["desiredRuntimeVersion"] or d["desiredAirflowVersion"] or "",
                "status": d["status"],
                "updatedAt": d["updatedAt"],
            }


def main(out_dir="."):
    logging.basicConfig(level=logging.INFO)
    path = os.path.join(out_dir, f"deployments-{dt.date.today():%Y%m%d}.csv")
    count = on_ac = 0
    with open(path, "w", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=FIELDS)
        writer.writeheader()
        for row in rows():
            writer.writerow(row)
            count += 1
            on_ac += row["platform"] == "AC"
    log.info("%d deployments, %d still on Astronomer Certified -> %s", count, on_ac, path)


if __name__ == "__main__":
    main(*sys.argv[1:])
