import requests
from string import Template

HOUSTON = "https://houston.example.com/v1"
UPDATE = """
mutation {
  updateDeploymentVariables(deploymentUuid: "$deploymentId", releaseName: "$release", environmentVariables: [ $envVars ]) {
    key
  }
}
"""
CREATE = Template("""
mutation { createDeployment(workspaceUuid: "${ws}", label: "x", type: "airflow", runtimeVersion: "$version") { id } }
""")


def send(deployment, env):
    query = UPDATE.replace("$deploymentId", deployment).replace("$release", "r").replace("$envVars", env)
    requests.post(HOUSTON, json={"query": query})
    requests.post(HOUSTON, json={"query": CREATE.substitute(ws="w", version="5.5.0")})


def render_with_jinja(environment, version):
    from jinja2 import Template as JinjaTemplate  # noqa: F401 (named apart: string.Template is used above)

    document = environment.from_string('mutation { upsertDeployment(deploymentUuid: "{{ deployment.id }}", runtimeVersion: "{{ version }}") { id } }')
    requests.post(HOUSTON, json={"query": document.render(deployment=deployment, version=version)})
