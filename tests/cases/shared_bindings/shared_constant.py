"""AC_VERSION feeds a createDeployment argument, and also runtimeReleases, Helm values and pip.

Rewriting it would break those three, so it stays and both places are reported.
A private constant read only by the document is reviewed too: other modules may import it.
"""
import subprocess

import requests

HOUSTON = "https://houston.example.com/v1"
AC_VERSION = "2.3.1"
_ONLY_HERE = "2.3.4"


def create(workspace):
    doc = (
        'mutation { createDeployment(workspaceUuid: "' + workspace + '", label: "etl", type: "airflow", '
        'airflowVersion: "' + AC_VERSION + '") { id } }'
    )
    return requests.post(HOUSTON, json={"query": doc})


def releases():
    doc = 'query { runtimeReleases(airflowVersion: "' + AC_VERSION + '") { version } }'
    return requests.post(HOUSTON, json={"query": doc})


def create_pinned(workspace):
    doc = (
        'mutation { createDeployment(workspaceUuid: "' + workspace + '", label: "pinned", type: "airflow", '
        'airflowVersion: "' + _ONLY_HERE + '") { id } }'
    )
    return requests.post(HOUSTON, json={"query": doc})


HELM_VALUES = {"airflowVersion": AC_VERSION}
subprocess.run(["pip", "install", f"apache-airflow=={AC_VERSION}"], check=True)
