import os
from typing import NamedTuple
import requests

URL = "https://houston.example.com/v1"

UPGRADE = """
mutation Upgrade($id: Uuid!, $desiredAirflowVersion: String!) {
  updateDeploymentAirflow(deploymentUuid: $id, desiredAirflowVersion: $desiredAirflowVersion) { id }
}
"""
TEMPLATE = """
mutation {{ updateDeploymentAirflow(deploymentUuid: "{dep}", desiredAirflowVersion: "{ver}") {{ id }} }}
"""

ROLLOUT = [
    {"dep": "etl", "ver": "2.3.4-11"},
    {"dep": "ml", "ver": "2.4.3-6"},
]


class Target(NamedTuple):
    dep: str
    ver: str


TARGETS = [Target("etl", "2.3.4-11"), Target("ml", "2.4.3-6")]


def houston(q, v=None):
    return requests.post(URL, json={"query": q, "variables": v or {}},
                         headers={"authorization": os.environ["HOUSTON_API_TOKEN"]}).json()


def by_key():
    for row in ROLLOUT:
        houston(UPGRADE, {"id": row["dep"], "desiredAirflowVersion": row["ver"]})


def by_format():
    for row in ROLLOUT:
        houston(TEMPLATE.format(**row))


def by_namedtuple():
    for t in TARGETS:
        houston(UPGRADE, {"id": t.dep, "desiredAirflowVersion": t.ver})
