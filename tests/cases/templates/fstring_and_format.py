import requests


def create(url, workspace, version):
    query = f"""
    mutation {{
      createDeployment(workspaceUuid: "{workspace}", label: "etl", type: "airflow", airflowVersion: "{version}") {{
        id
      }}
    }}
    """
    return requests.post(url, json={"query": query})


PERCENT = 'mutation { upsertDeployment(deploymentUuid: "%s", airflowVersion: "2.3.0") { id } }'
FORMAT = 'mutation {{ updateDeploymentImage(releaseName: "{release}", image: "{image}", airflowVersion: "{0}") {{ releaseName }} }}'


def upsert(url, deployment):
    requests.post(url, json={"query": PERCENT % deployment})
    requests.post(url, json={"query": FORMAT.format("2.3.4", release="r", image="i")})
    doc = 'mutation { upsertDeployment(deploymentUuid: "' + deployment + '", airflowVersion: "2.4.2") { id } }'
    return requests.post(url, json={"query": doc})
