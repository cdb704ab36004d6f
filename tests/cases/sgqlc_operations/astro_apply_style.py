from sgqlc.endpoint.http import HTTPEndpoint
from sgqlc.operation import Operation

from client.houston_schema import houston_schema

endpoint = HTTPEndpoint("https://houston.example.com/v1", {"authorization": "token"})


def create(workspace_uuid, label):
    op = Operation(houston_schema.Mutation)
    op.create_deployment(workspace_uuid=workspace_uuid, label=label, type="airflow", airflow_version="2.3.2-1")
    return endpoint(op)


def upgrade(deployment_uuid, version):
    op = Operation(houston_schema.Mutation)
    op.update_deployment_airflow(deployment_uuid=deployment_uuid, desired_airflow_version=version)
    return endpoint(op)
