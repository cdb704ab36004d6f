"""Scripts that read a Deployment's AC version fields."""
import requests

HOUSTON = "https://houston.example.com/v1"

# Plain selections: aliased to the Runtime fields, the response keys stay.
LIST = """
query List($ws: Uuid!) {
  workspaceDeployments(workspaceUuid: $ws) {
    id
    airflowVersion
    desiredAirflowVersion
  }
}
"""

# An alias of its own is kept.
ALIASED = 'query { workspaceDeployments(workspaceUuid: "w") { v: airflowVersion pending: desiredAirflowVersion } }'

# Already beside Runtime fields: the script tells AC from Runtime itself; review, no duplicate.
BESIDE = """
query Both($ws: Uuid!) {
  workspaceDeployments(workspaceUuid: $ws) {
    airflowVersion
    runtimeAirflowVersion
    runtimeVersion
  }
}
"""

# Selected twice, once under an alias: both migrated.
TWICE = 'query { workspaceDeployments(workspaceUuid: "w") { airflowVersion label: airflowVersion } }'

# RuntimeRelease.airflowVersion is Runtime's own field: never touched.
RELEASES = 'query { runtimeReleases(airflowVersion: "2.3.4") { version airflowVersion } }'

# A fragment on Deployment.
FRAGMENT = """
query One($ws: Uuid!) { workspaceDeployments(workspaceUuid: $ws) { ...Versions } }
fragment Versions on Deployment { id airflowVersion }
"""


def post(query, **variables):
    response = requests.post(HOUSTON, json={"query": query, "variables": variables})
    return response.json()["data"]


def report(ws):
    for d in post(LIST, ws=ws)["workspaceDeployments"]:
        if d["airflowVersion"] == "2.3.4-11":
            print("on the latest AC hotfix")
        if d.get("airflowVersion") in ("2.2.5-3", "2.2.4-4"):
            print("old")
        if d["airflowVersion"] == "2.3.4":  # already an Airflow version: fine
            print("2.3.4")
    for d in post(ALIASED)["workspaceDeployments"]:
        print(d["v"] != "2.2.5-1", d["pending"])
    print(post(BESIDE, ws=ws), post(TWICE), post(RELEASES), post(FRAGMENT, ws=ws))
