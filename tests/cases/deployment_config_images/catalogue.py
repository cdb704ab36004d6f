"""Listing the AC images a platform offers (Software 0.28 era)."""
import requests

HOUSTON = "https://houston.example.com/v1"

DEPLOYMENT_INFO = """
query DeploymentInfo {
  deploymentConfig {
    airflowImages {
      version
      channel
      tag
    }
    airflowVersions
    defaultAirflowImageTag
    latestVersion
  }
}
"""


def images():
    data = requests.post(HOUSTON, json={"query": DEPLOYMENT_INFO}).json()["data"]
    return [image["tag"] for image in data["deploymentConfig"]["airflowImages"]]
