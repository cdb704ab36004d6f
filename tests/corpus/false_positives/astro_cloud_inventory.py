"""Inventory of our Astro (cloud) deployments, for the Software -> Astro comparison.

The Astro cloud control plane has its own GraphQL API (https://api.astronomer.io/hub/v1)
whose ``workspaces``/``deployments``/``runtimeReleases`` fields look like Houston's
but are a different schema: ``deployments(input:)``, ``runtimeRelease { airflowVersion }``,
``runtimeReleases(channel:)``.  Nothing here is sent to Houston.
"""
import json
import logging
import os

import requests

log = logging.getLogger("astro-cloud")

ASTRO_API = "https://api.astronomer.io/hub/v1"

GET_WORKSPACES = """
query GetWorkspaces {
  workspaces {
    id
    label
    organizationId
  }
}
"""

WORKSPACE_DEPLOYMENTS = """
query WorkspaceDeployments($deploymentsInput: DeploymentsInput) {
  deployments(input: $deploymentsInput) {
    id
    label
    releaseName
    createdAt
    runtimeRelease {
      version
      airflowVersion
    }
    deploymentSpec {
      image {
        tag
      }
      webserver {
        url
      }
    }
  }
}
"""

RUNTIME_RELEASES = """
query RuntimeReleasesQuery($channel: String) {
  runtimeReleases(channel: $channel) {
    version
    channel
  }
}
"""


def astro(query, variables=None):
    resp = requests.post(
        "https://api.astronomer.io/hub/v1",
        json={"query": query, "variables": variables or {}},
        headers={"authorization": "Bearer " + os.environ["ASTRO_API_TOKEN"]},
        timeout=30,
    )
    resp.raise_for_status()
    return resp.json()["data"]


def collect():
    latest = max(
        (r["version"] for r in astro(RUNTIME_RELEASES, {"channel": "stable"})["runtimeReleases"]),
        key=lambda v: tuple(map(int, v.split("."))),
    )
    out = []
    for ws in astro(GET_WORKSPACES)["workspaces"]:
        deployments = astro(WORKSPACE_DEPLOYMENTS, {"deploymentsInput": {"workspaceId": ws["id"]}})
        for dep in deployments["deployments"]:
            release = dep["runtimeRelease"]
            out.append({
                "workspace": ws["label"],
                "deployment": dep["label"],
                "runtimeVersion": release["version"],
                "airflowVersion": release["airflowVersion"],
                "behindLatest": release["version"] != latest,
            })
    return out


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    rows = collect()
    print(json.dumps(rows, indent=2))
    log.info("%d Astro deployments (source: %s)", len(rows), ASTRO_API)
