"""Weekly refresh of the analytics sandbox deployments (Windows Task Scheduler).

Runs on the BI team's Windows jump box, hence the CRLF line endings.  Creates the
sandbox deployment for each analyst listed in analysts.txt if it is missing.

    py -3 crlf_windows_sandbox.py analysts.txt --workspace ckbv7zvb100n10p8pzoz8wgw7
"""
import argparse
import logging
import os
import sys
from pathlib import Path

import requests

LOG_FILE = Path(os.environ.get("LOCALAPPDATA", ".")) / "astro-sandbox" / "refresh.log"

SANDBOX_AC_VERSION = os.environ.get("SANDBOX_AC_VERSION", "2.3.4-11")

CREATE_SANDBOX = """
mutation CreateSandbox(
  $workspaceUuid: Uuid!
  $label: String!
  $description: String
  $runtimeVersion: String
) {
  createDeployment(
    workspaceUuid: $workspaceUuid
    type: "airflow"
    label: $label
    description: $description
    executor: LocalExecutor
    runtimeVersion: $runtimeVersion
  ) {
    id
    label
    releaseName
    airflowVersion: runtimeAirflowVersion
  }
}
"""

SANDBOXES = """
query Sandboxes($workspaceUuid: Uuid!) {
  workspaceDeployments(workspaceUuid: $workspaceUuid) {
    id
    label
    airflowVersion: runtimeAirflowVersion
  }
}
"""


def setup_logging():
    LOG_FILE.parent.mkdir(parents=True, exist_ok=True)
    logging.basicConfig(
        level=logging.INFO,
        format="%(asctime)s %(levelname)s %(message)s",
        handlers=[logging.FileHandler(LOG_FILE, encoding="utf-8"), logging.StreamHandler()],
    )


def houston(session, url, query, variables):
    r = session.post(url, json={"query": query, "variables": variables}, timeout=120)
    r.raise_for_status()
    body = r.json()
    if body.get("errors"):
        raise RuntimeError(body["errors"][0]["message"])
    return body["data"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("analysts", type=Path)
    parser.add_argument("--workspace", required=True)
    parser.add_argument("--basedomain", default=os.environ.get("ASTRO_BASEDOMAIN", "astro.example.com"))
    args = parser.parse_args()
    setup_logging()
    log = logging.getLogger("sandbox")

    session = requests.Session()
    session.headers["authorization"] = os.environ["HOUSTON_API_KEY"]
    session.verify = os.environ.get("REQUESTS_CA_BUNDLE", True)
    url = "https://houston.{}/v1".format(args.basedomain)

    existing = {d["label"] for d in houston(session, url, SANDBOXES, {"workspaceUuid": args.workspace})["workspaceDeployments"]}
    names = [line.strip() for line in args.analysts.read_text(encoding="utf-8").splitlines() if line.strip()]
    for name in names:
        label = "sandbox-" + name.lower()
        if label in existing:
            log.info("%s: ok", label)
            continue
        data = houston(session, url, CREATE_SANDBOX, {
            "workspaceUuid": args.workspace,
            "label": label,
            "description": "Personal sandbox of " + name,
            "runtimeVersion": SANDBOX_AC_VERSION,
        })
        dep = data["createDeployment"]
        log.info("%s: created %s (AC %s)", label, dep["releaseName"], dep["airflowVersion"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
