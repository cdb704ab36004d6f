CREATE = """
mutation Create($ws: Uuid!, $airflowVersion: String!) {
  createDeployment(workspaceUuid: $ws, type: "airflow", label: $airflowVersion, airflowVersion: $airflowVersion) { id }
}
"""
