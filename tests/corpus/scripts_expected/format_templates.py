"""Create short-lived preview deployments for pull requests (called from CI).

    python format_templates.py open  --workspace <uuid> --pr 1234
    python format_templates.py close --workspace <uuid> --pr 1234

Documents are str.format() templates; literal braces are doubled.
"""
import argparse
import logging
import os
import sys

import requests

log = logging.getLogger("pr-preview")

HOUSTON = "https://houston.{domain}/v1"

# Previews always use the same AC image as production.
PREVIEW_TEMPLATE = """
mutation CreatePreview {{
  createDeployment(
    workspaceUuid: "{workspace}"
    type: "airflow"
    label: "{label}"
    description: "Preview for PR #{pr}"
    executor: LocalExecutor
    runtimeVersion: "5.5.0"
  ) {{
    id
    releaseName
    urls {{
      type
      url
    }}
  }}
}}
"""

# Used by the "rebase" command when main moved to a newer AC version.
UPGRADE_TEMPLATE = (
    'mutation {{ updateDeploymentAirflow: updateDeploymentRuntime(deploymentUuid: "{0}", '
    'desiredRuntimeVersion: "{1}") {{ id desiredAirflowVersion: desiredRuntimeVersion }} }}'
)

FIND_TEMPLATE = """
query FindPreview {{
  workspaceDeployments(workspaceUuid: "{workspace}") {{
    id
    label
    releaseName
    airflowVersion: runtimeAirflowVersion
  }}
}}
"""

DELETE_TEMPLATE = """
mutation DeletePreview {{
  deleteDeployment(deploymentUuid: "{id}", deploymentHardDelete: true) {{
    id
  }}
}}
"""


def run(document, domain):
    resp = requests.post(
        HOUSTON.format(domain=domain),
        json={"query": document},
        headers={"authorization": os.environ["HOUSTON_API_KEY"]},
        timeout=90,
    )
    resp.raise_for_status()
    payload = resp.json()
    if payload.get("errors"):
        raise SystemExit("Houston error: {}".format(payload["errors"][0]["message"]))
    return payload["data"]


def find_preview(workspace, label, domain):
    data = run(FIND_TEMPLATE.format(workspace=workspace), domain)
    return next((d for d in data["workspaceDeployments"] if d["label"] == label), None)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("action", choices=["open", "close", "rebase"])
    parser.add_argument("--workspace", required=True)
    parser.add_argument("--pr", required=True, type=int)
    parser.add_argument("--to-version", default=os.environ.get("AC_VERSION", "2.3.4-11"))
    parser.add_argument("--domain", default=os.environ.get("BASEDOMAIN", "astro.example.com"))
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO)
    label = "pr-{}".format(args.pr)

    existing = find_preview(args.workspace, label, args.domain)
    if args.action == "open":
        if existing:
            log.info("preview %s already exists: %s", label, existing["releaseName"])
            return 0
        doc = PREVIEW_TEMPLATE.format(workspace=args.workspace, label=label, pr=args.pr)
        created = run(doc, args.domain)["createDeployment"]
        for url in created["urls"]:
            print("{type}: {url}".format(**url))
    elif args.action == "rebase":
        if existing and existing["airflowVersion"] != args.to_version:
            run(UPGRADE_TEMPLATE.format(existing["id"], args.to_version), args.domain)
            log.info("preview %s -> %s", label, args.to_version)
    elif existing:
        run(DELETE_TEMPLATE.format(id=existing["id"]), args.domain)
        log.info("deleted %s", existing["releaseName"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
