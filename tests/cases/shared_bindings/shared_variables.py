"""The same params dict is sent with Create and with Releases: renaming its key for Create
would lose Releases its variable, so neither side changes and both are reported."""
from gql import Client, gql

CREATE = gql("""mutation Create($ws: Uuid!, $airflowVersion: String) {
  createDeployment(workspaceUuid: $ws, label: "etl", type: "airflow", airflowVersion: $airflowVersion) { id }
}""")
RELEASES = gql("""query Releases($airflowVersion: String) {
  runtimeReleases(airflowVersion: $airflowVersion) { version }
}""")


def run(client, ws):
    params = {"ws": ws, "airflowVersion": "2.3.1"}
    client.execute(CREATE, variable_values=params)
    return client.execute(RELEASES, variable_values=params)
