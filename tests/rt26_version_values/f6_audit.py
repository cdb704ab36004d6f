import os
import requests

HOUSTON = "https://houston.example.com/v1"
Q = """
query Deps($ws: Uuid!) {
  workspaceDeployments(workspaceUuid: $ws) { id releaseName airflowVersion }
}
"""
EXPECTED = [
    {"release": "etl", "ver": "2.3.4-11"},
    {"release": "ml", "ver": "2.4.3-6"},
]
PINS = {"etl": "2.3.4-11", "ml": "2.4.3-6"}


def deps(ws):
    r = requests.post(HOUSTON, json={"query": Q, "variables": {"ws": ws}},
                      headers={"authorization": os.environ["HOUSTON_API_TOKEN"]})
    return r.json()["data"]["workspaceDeployments"]


def drift_rows(ws):
    for d in deps(ws):
        for e in EXPECTED:
            if e["release"] == d["releaseName"] and e["ver"] != d["airflowVersion"]:
                print("drift", d["releaseName"])


def drift_dict(ws):  # control
    for d in deps(ws):
        if PINS.get(d["releaseName"]) != d["airflowVersion"]:
            print("drift", d["releaseName"])
