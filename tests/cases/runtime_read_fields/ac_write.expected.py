"""A document that still writes an AC version keeps reading the AC fields."""
import requests

HOUSTON = "https://houston.example.com/v1"

# AC 2.1.4 has no Runtime equivalent: the Deployment stays AC, so its reads stay too.
CREATE_OLD = 'mutation { createDeployment(workspaceUuid: "w", label: "old", type: "airflow", airflowVersion: "2.1.4-2") { id airflowVersion } }'

# AC 2.3.4 migrates: the Deployment will run Runtime, so the read follows.
CREATE_NEW = 'mutation { createDeployment(workspaceUuid: "w", label: "new", type: "airflow", runtimeVersion: "5.5.0") { id airflowVersion: runtimeAirflowVersion } }'


def create():
    for query in (CREATE_OLD, CREATE_NEW):
        print(requests.post(HOUSTON, json={"query": query}).json()["data"]["createDeployment"]["airflowVersion"])
