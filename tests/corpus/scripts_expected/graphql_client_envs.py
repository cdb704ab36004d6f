"""Stamp out dev/stage/prod deployments for each project in projects.yaml.

Uses python-graphql-client (``pip install python-graphql-client``).

projects.yaml:
    workspace: ckbv7zvb100n10p8pzoz8wgw7
    projects:
      - name: billing
        executor: KubernetesExecutor
      - name: crm-sync
        airflow_version: 2.3.4-11   # overrides the default below
"""
import logging
import os
import sys

import yaml
from python_graphql_client import GraphqlClient

log = logging.getLogger("stamp-envs")

ENVIRONMENTS = ("dev", "stage", "prod")

# The default AC version lives in the document; projects may override it.
CREATE_ENV = """
mutation CreateEnvironment(
  $workspaceUuid: Uuid!
  $label: String!
  $releaseName: String
  $executor: ExecutorType = CeleryExecutor
  $airflowVersion: String = "4.2.9"
) {
  createDeployment(
    workspaceUuid: $workspaceUuid
    type: "airflow"
    label: $label
    releaseName: $releaseName
    executor: $executor
    runtimeVersion: $airflowVersion
  ) {
    id
    releaseName
    airflowVersion: runtimeAirflowVersion
  }
}
"""

SET_VARIABLES = """
mutation SetVariables($deploymentUuid: Uuid!, $releaseName: String!, $env: [InputEnvironmentVariable]!) {
  updateDeploymentVariables(deploymentUuid: $deploymentUuid, releaseName: $releaseName, environmentVariables: $env) {
    key
    value
    isSecret
  }
}
"""


def make_client():
    return GraphqlClient(
        endpoint="https://houston.%s/v1" % os.environ["BASEDOMAIN"],
        headers={"authorization": os.environ["HOUSTON_API_KEY"]},
    )


def environment_variables(project, env):
    return [
        {"key": "ENVIRONMENT", "value": env, "isSecret": False},
        {"key": "PROJECT", "value": project["name"], "isSecret": False},
    ]


def stamp(client, workspace, project):
    for env in ENVIRONMENTS:
        variables = {
            "workspaceUuid": workspace,
            "label": f"{project['name']}-{env}",
            "releaseName": f"{project['name']}-{env}",
        }
        if project.get("executor"):
            variables["executor"] = project["executor"]
        if project.get("airflow_version"):
            variables["airflowVersion"] = str(project["airflow_version"])
        result = client.execute(query=CREATE_ENV, variables=variables)
        if "errors" in result:
            log.error("%s: %s", variables["label"], result["errors"][0]["message"])
            continue
        deployment = result["data"]["createDeployment"]
        log.info("%s -> %s on %s", variables["label"], deployment["releaseName"], deployment["airflowVersion"])
        client.execute(
            query=SET_VARIABLES,
            variables={
                "deploymentUuid": deployment["id"],
                "releaseName": deployment["releaseName"],
                "env": environment_variables(project, env),
            },
        )


def main(path="projects.yaml"):
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    with open(path) as fh:
        config = yaml.safe_load(fh)
    client = make_client()
    for project in config["projects"]:
        stamp(client, config["workspace"], project)
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
