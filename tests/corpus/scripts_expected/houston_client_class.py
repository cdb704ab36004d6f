"""Thin Houston client shared by the platform team's scripts (platform_tools/houston.py).

Queries are class attributes so subclasses (e.g. the test double) can override
them.  Typical use::

    hc = HoustonClient.from_env()
    dep = hc.create_deployment(ws, "etl", airflow_version="2.3.4-11")
    hc.upgrade_airflow(dep["id"], "2.3.4-11")
"""
import logging
import os
from typing import Any, Dict, List, Optional

import requests

log = logging.getLogger(__name__)


class HoustonError(Exception):
    def __init__(self, errors: List[Dict[str, Any]]):
        super().__init__(errors[0].get("message", "unknown Houston error"))
        self.errors = errors


class HoustonClient:
    CREATE_DEPLOYMENT = """
        mutation createDeployment(
            $workspaceUuid: Uuid!
            $label: String!
            $executor: ExecutorType!
            $runtimeVersion: String!
            $namespace: String
        ) {
            createDeployment(
                workspaceUuid: $workspaceUuid
                type: "airflow"
                label: $label
                executor: $executor
                runtimeVersion: $runtimeVersion
                namespace: $namespace
            ) {
                id
                label
                releaseName
                airflowVersion: runtimeAirflowVersion
                namespace
            }
        }
    """

    UPGRADE_AIRFLOW = """
        mutation updateDeploymentAirflow($deploymentUuid: Uuid!, $desiredRuntimeVersion: String!) {
            updateDeploymentAirflow: updateDeploymentRuntime(deploymentUuid: $deploymentUuid, desiredRuntimeVersion: $desiredRuntimeVersion) {
                id
                releaseName
                airflowVersion: runtimeAirflowVersion
                desiredAirflowVersion: desiredRuntimeVersion
            }
        }
    """

    GET_DEPLOYMENT = """
        query deployment($workspaceUuid: Uuid!, $releaseName: String!) {
            workspaceDeployment(workspaceUuid: $workspaceUuid, releaseName: $releaseName) {
                id
                label
                releaseName
                airflowVersion: runtimeAirflowVersion
                desiredAirflowVersion: desiredRuntimeVersion
                status
            }
        }
    """

    DELETE_DEPLOYMENT = """
        mutation deleteDeployment($deploymentUuid: Uuid!) {
            deleteDeployment(deploymentUuid: $deploymentUuid) {
                id
            }
        }
    """

    def __init__(self, basedomain: str, token: str, timeout: float = 60):
        self.url = f"https://houston.{basedomain}/v1"
        self.timeout = timeout
        self.session = requests.Session()
        self.session.headers["authorization"] = token

    @classmethod
    def from_env(cls) -> "HoustonClient":
        return cls(os.environ["ASTRO_BASEDOMAIN"], os.environ["HOUSTON_API_KEY"])

    def execute(self, query: str, variables: Optional[Dict[str, Any]] = None) -> Dict[str, Any]:
        resp = self.session.post(self.url, json={"query": query, "variables": variables or {}},
                                 timeout=self.timeout)
        resp.raise_for_status()
        body = resp.json()
        if body.get("errors"):
            raise HoustonError(body["errors"])
        return body["data"]

    def create_deployment(self, workspace_uuid: str, label: str, airflow_version: str = "2.3.4-11",
                          executor: str = "CeleryExecutor", namespace: Optional[str] = None) -> Dict[str, Any]:
        data = self.execute(self.CREATE_DEPLOYMENT, {
            "workspaceUuid": workspace_uuid,
            "label": label,
            "executor": executor,
            "runtimeVersion": airflow_version,
            "namespace": namespace,
        })
        log.info("created %s (%s)", data["createDeployment"]["releaseName"], airflow_version)
        return data["createDeployment"]

    def upgrade_airflow(self, deployment_uuid: str, version: str) -> Dict[str, Any]:
        data = self.execute(HoustonClient.UPGRADE_AIRFLOW,
                            {"deploymentUuid": deployment_uuid, "desiredRuntimeVersion": version})
        return data["updateDeploymentAirflow"]

    def get_deployment(self, workspace_uuid: str, release_name: str) -> Optional[Dict[str, Any]]:
        return self.execute(self.GET_DEPLOYMENT, {"workspaceUuid": workspace_uuid,
                                                  "releaseName": release_name})["workspaceDeployment"]

    def delete_deployment(self, deployment_uuid: str) -> None:
        self.execute(self.DELETE_DEPLOYMENT, {"deploymentUuid": deployment_uuid})


if __name__ == "__main__":
    import sys

    logging.basicConfig(level=logging.INFO)
    client = HoustonClient.from_env()
    workspace, release = sys.argv[1:3]
    deployment = client.get_deployment(workspace, release)
    if deployment and deployment["airflowVersion"] != "2.3.4-11":
        print(client.upgrade_airflow(deployment["id"], "2.3.4-11"))
