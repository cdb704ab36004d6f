"""Provision a new team: workspace + standard deployments, using the gql client.

    python gql_provision_workspace.py "Data Science" --owner jane@example.com
"""
import argparse
import logging
import os

from gql import Client, gql
from gql.transport.exceptions import TransportQueryError
from gql.transport.requests import RequestsHTTPTransport

log = logging.getLogger("provision")

CREATE_WORKSPACE = """
mutation CreateWorkspace($label: String!, $description: String) {
  createWorkspace(label: $label, description: $description) {
    id
    label
  }
}
"""

ADD_USER = """
mutation AddUser($workspaceUuid: Uuid!, $email: String!, $role: Role!) {
  workspaceAddUser(workspaceUuid: $workspaceUuid, email: $email, role: $role, bypassInvite: true) {
    id
  }
}
"""

# Standard deployment every team starts with: AC 2.3.1 on Celery.
CREATE_STANDARD_DEPLOYMENT = """
mutation CreateStandardDeployment($workspaceUuid: Uuid!, $label: String!, $workers: Int) {
  createDeployment(
    workspaceUuid: $workspaceUuid
    type: "airflow"
    label: $label
    executor: CeleryExecutor
    runtimeVersion: "5.0.2"
    workers: { replicas: $workers }
    scheduler: { replicas: 2 }
  ) {
    id
    releaseName
    airflowVersion: runtimeAirflowVersion
    deploymentStatus {
      status
    }
  }
}
"""

STANDARD_DEPLOYMENTS = [("dev", 1), ("prod", 3)]


def houston_client(basedomain, token):
    transport = RequestsHTTPTransport(
        url=f"https://houston.{basedomain}/v1",
        headers={"authorization": token},
        verify=True,
        retries=3,
        timeout=60,
    )
    return Client(transport=transport, fetch_schema_from_transport=False)


def provision(client, team, owners, description=None):
    workspace = client.execute(
        gql(CREATE_WORKSPACE), variable_values={"label": team, "description": description}
    )["createWorkspace"]
    log.info("workspace %s (%s)", workspace["label"], workspace["id"])

    for email in owners:
        client.execute(
            gql(ADD_USER),
            variable_values={"workspaceUuid": workspace["id"], "email": email, "role": "WORKSPACE_ADMIN"},
        )
        log.info("  admin %s", email)

    created = []
    for suffix, workers in STANDARD_DEPLOYMENTS:
        label = f"{team.lower().replace(' ', '-')}-{suffix}"
        try:
            result = client.execute(
                gql(CREATE_STANDARD_DEPLOYMENT),
                variable_values={"workspaceUuid": workspace["id"], "label": label, "workers": workers},
            )
        except TransportQueryError as err:
            log.error("  %s: %s", label, err.errors[0]["message"] if err.errors else err)
            continue
        deployment = result["createDeployment"]
        log.info("  deployment %s -> %s (AC %s)", label, deployment["releaseName"], deployment["airflowVersion"])
        created.append(deployment)
    return workspace, created


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("team")
    parser.add_argument("--owner", action="append", default=[])
    parser.add_argument("--description")
    parser.add_argument("--basedomain", default=os.environ.get("BASEDOMAIN", "astro.example.com"))
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    client = houston_client(args.basedomain, os.environ["HOUSTON_API_KEY"])
    workspace, created = provision(client, args.team, args.owner, args.description)
    print(f"{workspace['id']}: {len(created)} deployments")


if __name__ == "__main__":
    main()
