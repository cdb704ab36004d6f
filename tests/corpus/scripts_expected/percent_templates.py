"""Nightly job (cron on the bastion): recreate the QA deployments from qa.ini.

Old-school script, Python 3 but written like the Python 2 original: documents are
%-formatted templates.

qa.ini:
    [houston]
    basedomain = astro.example.com
    workspace = ckbv7zvb100n10p8pzoz8wgw7
    [deployments]
    qa-etl = 2.3.4-11
    qa-ml = 2.2.5-3
"""
import configparser
import json
import logging
import os
import sys
import urllib.request

log = logging.getLogger("qa-recreate")

CREATE_TEMPLATE = """
mutation {
  createDeployment(
    workspaceUuid: "%s"
    type: "airflow"
    label: "%s"
    executor: KubernetesExecutor
    runtimeVersion: "%s"
  ) {
    id
    releaseName
  }
}
"""

UPGRADE_TEMPLATE = """
mutation {
  updateDeploymentAirflow: updateDeploymentRuntime(
    deploymentUuid: "%(deployment)s"
    desiredRuntimeVersion: "%(version)s"
  ) {
    id
    desiredAirflowVersion: desiredRuntimeVersion
  }
}
"""

LIST_TEMPLATE = """
query {
  workspaceDeployments(workspaceUuid: "%s") {
    id
    label
    airflowVersion: runtimeAirflowVersion
  }
}
"""


def houston(url, token, document):
    req = urllib.request.Request(
        url,
        data=json.dumps({"query": document}).encode("utf-8"),
        headers={"authorization": token, "Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(req, timeout=60) as resp:
        body = json.load(resp)
    if body.get("errors"):
        raise RuntimeError(body["errors"][0]["message"])
    return body["data"]


def main(config_path="qa.ini"):
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    cfg = configparser.ConfigParser()
    cfg.read(config_path)
    url = "https://houston.%s/v1" % cfg["houston"]["basedomain"]
    token = os.environ["HOUSTON_TOKEN"]
    workspace = cfg["houston"]["workspace"]

    existing = houston(url, token, LIST_TEMPLATE % workspace)["workspaceDeployments"]
    by_label = dict((d["label"], d) for d in existing)

    for label, version in cfg["deployments"].items():
        current = by_label.get(label)
        if current is None:
            data = houston(url, token, CREATE_TEMPLATE % (workspace, label, version))
            log.info("created %s as %s (%s)", label, data["createDeployment"]["releaseName"], version)
        elif current["airflowVersion"] != version:
            data = houston(url, token, UPGRADE_TEMPLATE % {"deployment": current["id"], "version": version})
            log.info("upgrading %s: %s -> %s", label, current["airflowVersion"],
                     data["updateDeploymentAirflow"]["desiredAirflowVersion"])
        else:
            log.info("%s is up to date (%s)", label, version)
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
