from gql import Client, gql

OLD = gql("""
mutation {
  createDeployment(workspaceUuid: "ws", label: "old", type: "airflow", airflowVersion: "2.1.4-2") { id }
}
""")

BOTH = gql("""
mutation {
  createDeployment(workspaceUuid: "ws", label: "x", type: "airflow", airflowVersion: "2.3.1", runtimeVersion: "5.0.2") { id }
}
""")
