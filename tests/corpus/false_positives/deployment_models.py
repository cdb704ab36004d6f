"""Typed models for Houston deployment payloads (shared by the platform tools).

Field names mirror the Houston JSON, so ``airflowVersion`` shows up as an alias
and as a dataclass attribute.  These are response shapes, not GraphQL.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import List, Optional

from pydantic import BaseModel, ConfigDict, Field, field_validator

AC_VERSION = re.compile(r"^(?P<airflow>\d+\.\d+\.\d+)(?:-(?P<hotfix>\d+))?$")


class DeploymentUrl(BaseModel):
    type: str
    url: str


class HoustonDeployment(BaseModel):
    """One item of ``workspaceDeployments`` as Houston returns it."""

    model_config = ConfigDict(populate_by_name=True, extra="ignore")

    id: str
    label: str
    release_name: str = Field(alias="releaseName")
    chart_version: Optional[str] = Field(default=None, alias="version")
    airflow_version: str = Field(default="", alias="airflowVersion")
    desired_airflow_version: str = Field(default="", alias="desiredAirflowVersion")
    runtime_version: str = Field(default="", alias="runtimeVersion")
    runtime_airflow_version: str = Field(default="", alias="runtimeAirflowVersion")
    urls: List[DeploymentUrl] = []

    @field_validator("airflow_version")
    @classmethod
    def _looks_like_ac(cls, value: str) -> str:
        if value and not AC_VERSION.match(value):
            raise ValueError(f"unexpected airflowVersion {value!r}")
        return value

    @property
    def on_certified(self) -> bool:
        return bool(self.airflow_version) and not self.runtime_version

    @property
    def effective_airflow(self) -> str:
        if self.runtime_version:
            return self.runtime_airflow_version
        match = AC_VERSION.match(self.airflow_version)
        return match.group("airflow") if match else ""


@dataclass
class DeploymentSpec:
    """Desired state kept in git (deployments/*.yaml); camelCase to match the YAML."""

    label: str
    releaseName: str
    executor: str = "CeleryExecutor"
    airflowVersion: str = "2.3.4-11"
    workers: int = 2
    tags: List[str] = field(default_factory=list)

    def differs_from(self, live: HoustonDeployment) -> List[str]:
        diffs = []
        if live.airflow_version and live.airflow_version != self.airflowVersion:
            diffs.append(f"airflowVersion {live.airflow_version} != {self.airflowVersion}")
        if live.label != self.label:
            diffs.append(f"label {live.label!r} != {self.label!r}")
        return diffs

    def to_json(self) -> dict:
        return asdict(self)


EXAMPLE = HoustonDeployment.model_validate(
    {
        "id": "ckxq2b6hx0001lp0y5k2n3m4p",
        "label": "ETL",
        "releaseName": "quasaric-sun-1234",
        "version": "0.25.2",
        "airflowVersion": "2.2.5-3",
        "runtimeVersion": "",
    }
)
