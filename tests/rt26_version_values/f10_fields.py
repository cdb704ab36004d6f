import os
from dataclasses import dataclass
from pydantic_settings import BaseSettings
import requests

URL = "https://houston.example.com/v1"
UPGRADE = """
mutation Upgrade($id: Uuid!, $desiredAirflowVersion: String!) {
  updateDeploymentAirflow(deploymentUuid: $id, desiredAirflowVersion: $desiredAirflowVersion) { id }
}
"""


class Settings(BaseSettings):
    target_version: str = "2.4.3-6"


@dataclass
class Cfg:
    target: str = "2.2.5"


settings = Settings()


def houston(q, v=None):
    return requests.post(URL, json={"query": q, "variables": v or {}},
                         headers={"authorization": os.environ["HOUSTON_API_TOKEN"]}).json()


def dict_dataclass(dep):
    cfg = Cfg()
    houston(UPGRADE, {"id": dep, "desiredAirflowVersion": cfg.target})


def dict_settings(dep):
    houston(UPGRADE, {"id": dep, "desiredAirflowVersion": settings.target_version})


def hole_settings(dep):  # control: same attribute in a template hole
    houston(f'mutation {{ updateDeploymentAirflow(deploymentUuid: "{dep}", desiredAirflowVersion: "{settings.target_version}") {{ id }} }}')
