"""Things that say airflowVersion but are not Houston arguments to migrate.

Example (documentation only, never sent):

    mutation { createDeployment(airflowVersion: "2.3.1") { id } }
"""
import boto3

# Helm values: airflowVersion is the chart's value, not Houston's argument.
values = {"airflowVersion": "2.3.4", "executor": "CeleryExecutor"}

mwaa = boto3.client("mwaa")
mwaa.create_environment(Name="etl", AirflowVersion="2.5.1")

RELEASES = 'query { runtimeReleases(airflowVersion: "2.3.4") { version airflowVersion } }'
UPGRADE_CHART = 'mutation { upgradeDeployment(deploymentUuid: "d", version: "1.0.0") { id } }'
SQL = "query plan: SELECT airflowVersion FROM deployments"
