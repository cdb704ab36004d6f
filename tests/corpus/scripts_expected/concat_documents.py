"""Disaster-recovery helper: rebuild a workspace's deployments on the DR cluster.

Reads the JSON backup written by backup_workspace.py and re-creates each
deployment with the same label, executor and AC version.  The documents are
assembled from pieces (adjacent literals, ``+``, raw strings) because the
original author wanted "one line per argument".
"""
import argparse
import json
import logging
import os
import sys

import requests

log = logging.getLogger("dr-restore")

# Adjacent literals: Python joins them at compile time.
CREATE_FROM_BACKUP = (
    "mutation RestoreDeployment($workspaceUuid: Uuid!, $label: String!, "
    "$executor: ExecutorType, $runtimeVersion: String, $config: JSON) {\n"
    "  createDeployment(\n"
    "    workspaceUuid: $workspaceUuid\n"
    '    type: "airflow"\n'
    "    label: $label\n"
    "    executor: $executor\n"
    "    runtimeVersion: $runtimeVersion\n"
    "    config: $config\n"
    "  ) {\n"
    "    id\n"
    "    releaseName\n"
    "    airflowVersion: runtimeAirflowVersion\n"
    "  }\n"
    "}\n"
)

# Raw strings keep the backslash in the regex-looking description intact.
SELECTION = r"""{
    id
    releaseName
    airflowVersion
    desiredAirflowVersion
  }"""

UPGRADE_AFTER_RESTORE = (
    r"mutation UpgradeAfterRestore($deploymentUuid: Uuid!) {" + "\n"
    + r'  updateDeploymentAirflow: updateDeploymentRuntime(deploymentUuid: $deploymentUuid, desiredRuntimeVersion: "5.5.0") '
    + SELECTION
    + "\n}"
)


def pinned_create(label_prefix, version):
    """Document for a deployment pinned to one AC version (no variables for it)."""
    return (
        "mutation PinnedCreate($workspaceUuid: Uuid!) {\n"
        "  createDeployment(workspaceUuid: $workspaceUuid, type: \"airflow\", "
        'label: "' + label_prefix + "-" + version.replace(".", "") + '", '
        "executor: CeleryExecutor, runtimeVersion: \"" + version + "\") {\n"
        "    id\n"
        "    releaseName\n"
        "  }\n"
        "}\n"
    )


def houston(url, token, query, variables=None):
    resp = requests.post(url, json={"query": query, "variables": variables or {}},
                         headers={"authorization": token}, timeout=120)
    resp.raise_for_status()
    body = resp.json()
    if body.get("errors"):
        raise RuntimeError(body["errors"][0]["message"])
    return body["data"]


def restore(backup, url, token, workspace_uuid, upgrade):
    restored = []
    for item in backup["deployments"]:
        variables = {
            "workspaceUuid": workspace_uuid,
            "label": item["label"],
            "executor": item.get("executor", "CeleryExecutor"),
            "runtimeVersion": item["airflowVersion"],
            "config": item.get("config"),
        }
        dep = houston(url, token, CREATE_FROM_BACKUP, variables)["createDeployment"]
        log.info("restored %s as %s (%s)", item["label"], dep["releaseName"], dep["airflowVersion"])
        if upgrade and dep["airflowVersion"] != "2.3.4-11":
            upgraded = houston(url, token, UPGRADE_AFTER_RESTORE, {"deploymentUuid": dep["id"]})
            log.info("  queued upgrade to %s", upgraded["updateDeploymentAirflow"]["desiredAirflowVersion"])
        restored.append(dep)
    return restored


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("backup")
    parser.add_argument("--workspace", required=True)
    parser.add_argument("--dr-domain", default=os.environ.get("DR_BASEDOMAIN", "dr.astro.example.com"))
    parser.add_argument("--upgrade", action="store_true", help="queue AC 2.3.4-11 after restoring")
    parser.add_argument("--canary", metavar="VERSION", help="also create a pinned canary deployment")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO)

    url = "https://houston." + args.dr_domain + "/v1"
    token = os.environ["DR_HOUSTON_TOKEN"]
    with open(args.backup) as fh:
        backup = json.load(fh)
    restored = restore(backup, url, token, args.workspace, args.upgrade)
    if args.canary:
        canary = houston(url, token, pinned_create("canary", args.canary), {"workspaceUuid": args.workspace})
        log.info("canary: %s", canary["createDeployment"]["releaseName"])
    print(json.dumps([d["releaseName"] for d in restored]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
