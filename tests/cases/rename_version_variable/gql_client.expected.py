from gql import Client, gql
from gql.transport.requests import RequestsHTTPTransport

client = Client(transport=RequestsHTTPTransport(url="https://houston.astro.example.org/v1", headers={"authorization": "x"}))

UPGRADE = gql(
    """
    mutation Upgrade($id: String!, $version: String!) {
      updateDeploymentImage(releaseName: $id, image: "quay.io/acme/airflow:1", runtimeVersion: $version) {
        releaseName
      }
    }
    """
)


def upgrade(release):
    return client.execute(UPGRADE, variable_values={"id": release, "version": "6.10.0"})
