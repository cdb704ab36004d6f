"""Print which Astro Runtime releases ship the Airflow version of an AC image.

Reads the public release feed (updates.astronomer.io), which looks like::

    {"runtimeVersions": {"5.0.2": {"metadata": {"airflowVersion": "2.3.1",
                                                "channel": "stable",
                                                "releaseDate": "2022-05-31"},
                                   "migrations": {"airflowDatabase": true}}}}

Usage: python runtime_release_catalog.py 2.3.4-11 2.2.5-3 2.3.1
"""
import argparse
import json
import logging
import sys

import requests
from packaging.version import Version

FEED_URL = "https://updates.astronomer.io/astronomer-runtime"

log = logging.getLogger("runtime-catalog")


def load_feed(path=None):
    if path:
        with open(path) as fh:
            return json.load(fh)
    resp = requests.get(FEED_URL, timeout=30)
    resp.raise_for_status()
    return resp.json()


def releases_by_airflow(feed, include_channels=("stable",)):
    table = {}
    for runtime_version, info in feed.get("runtimeVersions", {}).items():
        metadata = info.get("metadata", {})
        if metadata.get("channel") not in include_channels:
            continue
        airflow_version = metadata["airflowVersion"]
        table.setdefault(airflow_version, []).append(runtime_version)
    for versions in table.values():
        versions.sort(key=Version)
    return table


def airflow_part(ac_version):
    """'2.3.4-11' -> '2.3.4' (the AC hotfix suffix is not part of the Airflow version)."""
    return ac_version.split("-", 1)[0]


def main(argv=None):
    parser = argparse.ArgumentParser()
    parser.add_argument("ac_versions", nargs="+", help="AC versions such as 2.3.4-11")
    parser.add_argument("--feed-file", help="use a saved copy of the feed")
    parser.add_argument("--channel", action="append", default=["stable"])
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO)

    table = releases_by_airflow(load_feed(args.feed_file), tuple(args.channel))
    status = 0
    for ac_version in args.ac_versions:
        runtimes = table.get(airflow_part(ac_version), [])
        if not runtimes:
            log.warning("AC %s: no Runtime release ships Airflow %s", ac_version, airflow_part(ac_version))
            status = 1
            continue
        print(json.dumps({
            "acVersion": ac_version,
            "airflowVersion": airflow_part(ac_version),
            "runtimeVersions": runtimes,
            "latest": runtimes[-1],
        }))
    return status


if __name__ == "__main__":
    sys.exit(main())
