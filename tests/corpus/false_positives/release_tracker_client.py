"""Client for the internal release-tracker (Apollo Server), used by CI.

The tracker's schema is ours: ``createDeployment`` and ``recordUpgrade`` take an
``airflowVersion`` argument because the tracker records which Airflow each service
was deployed with.  Same names as Houston, different API -- do not migrate.
"""
import logging
import os
import socket

from gql import Client, gql
from gql.transport.requests import RequestsHTTPTransport

log = logging.getLogger("release-tracker")

TRACKER_URL = os.environ.get("RELEASE_TRACKER_URL", "https://release-tracker.platform.example.com/graphql")

RECORD_DEPLOYMENT = gql(
    """
    mutation RecordDeployment($service: String!, $environment: Environment!, $airflowVersion: String!, $commit: String) {
      createDeployment(service: $service, environment: $environment, airflowVersion: $airflowVersion, commitSha: $commit) {
        id
        recordedAt
      }
    }
    """
)

RECORD_UPGRADE = gql(
    """
    mutation RecordUpgrade($service: String!, $from: String!, $to: String!) {
      recordUpgrade(service: $service, previousVersion: $from, airflowVersion: $to) {
        id
        recordedAt
        service {
          name
          owner
        }
      }
    }
    """
)


def tracker_client():
    transport = RequestsHTTPTransport(
        url=TRACKER_URL,
        headers={"x-api-key": os.environ["RELEASE_TRACKER_KEY"], "x-client": socket.gethostname()},
        retries=3,
        timeout=20,
    )
    return Client(transport=transport, fetch_schema_from_transport=False)


def record_deployment(service, environment, airflow_version, commit=None):
    with tracker_client() as session:
        result = session.execute(
            RECORD_DEPLOYMENT,
            variable_values={
                "service": service,
                "environment": environment.upper(),
                "airflowVersion": airflow_version,
                "commit": commit,
            },
        )
    log.info("recorded deployment %s", result["createDeployment"]["id"])
    return result["createDeployment"]


def record_upgrade(service, previous, new):
    with tracker_client() as session:
        result = session.execute(RECORD_UPGRADE, variable_values={"service": service, "from": previous, "to": new})
    log.info("recorded upgrade of %s: %s -> %s", service, previous, new)
    return result["recordUpgrade"]


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    record_deployment(
        os.environ.get("CI_PROJECT_NAME", "etl-core"),
        os.environ.get("CI_ENVIRONMENT_NAME", "staging"),
        os.environ.get("AIRFLOW_VERSION", "2.3.4-11"),
        os.environ.get("CI_COMMIT_SHA"),
    )
