import requests


def create(url, workspace, version):
    query = f"""
    mutation {{
      createDeployment(workspaceUuid: "{workspace}", label: "etl", type: "airflow", runtimeVersion: "{version}") {{
        id
      }}
    }}
    """
    return requests.post(url, json={"query": query})


PERCENT = 'mutation { upsertDeployment(deploymentUuid: "%s", runtimeVersion: "5.0.1") { id } }'
FORMAT = 'mutation {{ updateDeploymentImage(releaseName: "{release}", image: "{image}", runtimeVersion: "{0}") {{ releaseName }} }}'


def upsert(url, deployment):
    requests.post(url, json={"query": PERCENT % deployment})
    requests.post(url, json={"query": FORMAT.format("5.5.0", release="r", image="i")})
    doc = 'mutation { upsertDeployment(deploymentUuid: "' + deployment + '", runtimeVersion: "6.0.3") { id } }'
    return requests.post(url, json={"query": doc})
