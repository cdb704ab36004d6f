#!/usr/bin/env python3
"""Quick-and-dirty deployment tool: builds the GraphQL text with f-strings.

    ./fstring_documents.py create <workspace-uuid> <label> [--version 2.3.4-11]
    ./fstring_documents.py upgrade <deployment-uuid> --version 2.3.4-11
"""
import argparse
import json
import os
import sys

import requests

BASEDOMAIN = os.getenv("BASEDOMAIN", "astro.example.com")
URL = f"https://houston.{BASEDOMAIN}/v1"
HEADERS = {"authorization": os.getenv("HOUSTON_TOKEN", ""), "Content-Type": "application/json"}


def create_mutation(workspace_uuid, label, version, executor="CeleryExecutor", workers=2):
    return f"""
    mutation {{
      createDeployment(
        workspaceUuid: "{workspace_uuid}"
        type: "airflow"
        label: "{label}"
        executor: {executor}
        runtimeVersion: "{version}"
        workers: {{ replicas: {workers} }}
      ) {{
        id
        label
        releaseName
        airflowVersion: runtimeAirflowVersion
      }}
    }}
    """


def upgrade_mutation(deployment_uuid, version):
    return f'mutation {{ updateDeploymentAirflow: updateDeploymentRuntime(deploymentUuid: "{deployment_uuid}", desiredRuntimeVersion: "{version}") {{ id releaseName airflowVersion: runtimeAirflowVersion desiredAirflowVersion: desiredRuntimeVersion }} }}'


def status_query(workspace_uuid):
    return f"""
    {{
      workspaceDeployments(workspaceUuid: "{workspace_uuid}") {{
        releaseName
        airflowVersion: runtimeAirflowVersion
        desiredAirflowVersion: desiredRuntimeVersion
        status
      }}
    }}
    """


def post(document):
    resp = requests.post(URL, data=json.dumps({"query": document}), headers=HEADERS, timeout=60)
    resp.raise_for_status()
    body = resp.json()
    if "errors" in body:
        sys.exit("Houston: " + body["errors"][0]["message"])
    return body["data"]


def main():
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command", required=True)
    c = sub.add_parser("create")
    c.add_argument("workspace_uuid")
    c.add_argument("label")
    c.add_argument("--version", default="2.3.4-11")
    c.add_argument("--executor", default="CeleryExecutor",
                   choices=["LocalExecutor", "CeleryExecutor", "KubernetesExecutor"])
    c.add_argument("--workers", type=int, default=2)
    u = sub.add_parser("upgrade")
    u.add_argument("deployment_uuid")
    u.add_argument("--version", required=True)
    s = sub.add_parser("status")
    s.add_argument("workspace_uuid")
    args = parser.parse_args()

    if args.command == "create":
        data = post(create_mutation(args.workspace_uuid, args.label, args.version, args.executor, args.workers))
        dep = data["createDeployment"]
        print(f"{dep['label']}: {dep['releaseName']} (AC {dep['airflowVersion']})")
    elif args.command == "upgrade":
        dep = post(upgrade_mutation(args.deployment_uuid, args.version))["updateDeploymentAirflow"]
        print(f"{dep['releaseName']}: {dep['airflowVersion']} -> {dep['desiredAirflowVersion']}")
    else:
        for dep in post(status_query(args.workspace_uuid))["workspaceDeployments"]:
            pending = f" (-> {dep['desiredAirflowVersion']})" if dep["desiredAirflowVersion"] else ""
            print(f"{dep['releaseName']:<30} {dep['airflowVersion'] or '-':<10}{pending} {dep['status']}")


if __name__ == "__main__":
    main()
