#!/usr/bin/env python3
"""List the Astro Runtime releases our Houston offers for a given Airflow version.

``runtimeReleases(airflowVersion: ...)`` filters Runtime releases by the Apache
Airflow version they ship.  It is the query the Astro CLI itself uses before
``astro deployment runtime migrate``; the argument is correct as written.
"""
import argparse
import logging
import os
import sys

import requests

log = logging.getLogger("runtime-releases")

BASEDOMAIN = os.environ.get("ASTRO_BASEDOMAIN", "astro.example.com")
HOUSTON_URL = f"https://houston.{BASEDOMAIN}/v1"

# Everything the platform knows about Airflow 2.3.4.
RELEASES_FOR_234 = """
query RuntimeReleasesFor234 {
  runtimeReleases(airflowVersion: "2.3.4") {
    version
    airflowVersion
    airflowDatabaseMigrations
  }
}
"""

RELEASES_FOR_VERSION = """
query RuntimeReleases($airflowVersion: String, $clusterId: Uuid) {
  runtimeReleases(airflowVersion: $airflowVersion, clusterId: $clusterId) {
    version
    airflowVersion
    airflowDatabaseMigrations
  }
}
"""


def houston(query, variables=None):
    resp = requests.post(
        HOUSTON_URL,
        json={"query": query, "variables": variables or {}},
        headers={"authorization": os.environ["HOUSTON_TOKEN"]},
        timeout=60,
    )
    resp.raise_for_status()
    payload = resp.json()
    if payload.get("errors"):
        raise RuntimeError(payload["errors"][0]["message"])
    return payload["data"]


def version_key(version):
    return tuple(int(part) for part in version.split("."))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--airflow-version", help="Airflow version, e.g. 2.3.4 (an AC tag such as 2.3.4-11 works too)")
    parser.add_argument("--cluster-id", help="Houston 1.0+ cluster UUID")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO)

    if args.airflow_version:
        airflow_version = args.airflow_version.split("-")[0]
        variables = {"airflowVersion": airflow_version}
        if args.cluster_id:
            variables["clusterId"] = args.cluster_id
        data = houston(RELEASES_FOR_VERSION, variables)
    else:
        data = houston(RELEASES_FOR_234)

    releases = sorted(data["runtimeReleases"] or [], key=lambda r: version_key(r["version"]))
    if not releases:
        log.error("Houston returned no Runtime release for that Airflow version")
        return 1
    for release in releases:
        flag = " (db migration)" if release["airflowDatabaseMigrations"] else ""
        print(f"{release['version']:>8}  Airflow {release['airflowVersion']}{flag}")
    log.info("highest: %s", releases[-1]["version"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
