"""Small helpers around Houston used by the onboarding notebook.

History: until Software 0.28 a deployment was created like this (kept here for
people comparing with old runbooks)::

    mutation {
      createDeployment(
        workspaceUuid: "ckbv7zvb100n10p8pzoz8wgw7"
        type: "airflow"
        label: "etl"
        executor: CeleryExecutor
        airflowVersion: "2.3.4-11"
      ) { id }
    }

Since 0.29 the version argument is ``runtimeVersion``.  This module does not
create deployments at all; it only scales them.
"""
import logging
import os

import requests

log = logging.getLogger(__name__)

# NOTE: the old AC upgrade call was
#   mutation { updateDeploymentAirflow(deploymentUuid: "...", desiredAirflowVersion: "2.3.4-11") { id } }
# and is not used anywhere any more.

SCALE_WORKERS = """
mutation ScaleWorkers($deploymentUuid: Uuid!, $replicas: Int!) {
  updateDeployment(deploymentUuid: $deploymentUuid, workers: {replicas: $replicas}) {
    id
    releaseName
    workers {
      replicas
    }
  }
}
"""


def houston_url(basedomain=None):
    """Houston's GraphQL endpoint, e.g. ``https://houston.astro.example.com/v1``."""
    return "https://houston.%s/v1" % (basedomain or os.environ["BASEDOMAIN"])


def scale_workers(deployment_uuid, replicas, token=None):
    """Set the Celery worker count of a deployment.

    The equivalent in the Playground (for reference only)::

        mutation {
          updateDeployment(deploymentUuid: "<uuid>", workers: {replicas: 3}) { id }
        }

    Do not confuse with ``createDeployment(..., airflowVersion: "2.2.5-3")`` from
    the old docs, which pinned the AC image.
    """
    resp = requests.post(
        houston_url(),
        json={"query": SCALE_WORKERS, "variables": {"deploymentUuid": deployment_uuid, "replicas": replicas}},
        headers={"authorization": token or os.environ["HOUSTON_TOKEN"]},
        timeout=30,
    )
    resp.raise_for_status()
    deployment = resp.json()["data"]["updateDeployment"]
    log.info("%s now has %s workers", deployment["releaseName"], deployment["workers"]["replicas"])
    return deployment


def describe_version(deployment):
    """Human readable version string.

    >>> describe_version({"airflowVersion": "2.3.4-11", "runtimeVersion": ""})
    'Astronomer-Certified-2.3.4-11'
    >>> describe_version({"airflowVersion": "", "runtimeVersion": "5.0.13"})
    'Runtime-5.0.13'
    """
    if deployment.get("airflowVersion"):
        return "Astronomer-Certified-" + deployment["airflowVersion"]
    return "Runtime-" + deployment["runtimeVersion"]
