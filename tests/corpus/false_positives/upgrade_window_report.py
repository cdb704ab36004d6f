"""Turn the weekly Houston export into log lines for the #platform channel.

Input is the JSON written by the inventory job; this script only logs.  Several
messages start with "query"/"mutation" because they name the API calls teams
still have to migrate.
"""
import argparse
import json
import logging
import sys
from collections import Counter

log = logging.getLogger("upgrade-window")

EOL = {"2.1.4-2": "2022-12-31", "2.2.5-3": "2023-04-30", "2.3.4-11": "2023-09-30"}


def load(path):
    with open(path) as fh:
        return json.load(fh)["deployments"]


def report(deployments):
    by_version = Counter(d.get("airflowVersion") or "runtime" for d in deployments)
    for version, count in by_version.most_common():
        log.info("airflowVersion=%s deployments=%d eol=%s", version, count, EOL.get(version, "-"))

    for d in deployments:
        ac = d.get("airflowVersion")
        if not ac:
            continue
        log.warning(
            "mutation updateDeploymentAirflow is gone after Houston 1.0.1: %s still on airflowVersion %s",
            d["releaseName"], ac,
        )
        if ac == "2.1.4-2":
            log.error("query runtimeReleases(airflowVersion: %r) returns nothing for %s; upgrade AC first",
                      ac.split("-")[0], d["releaseName"])

    pending = [d for d in deployments if d.get("desiredAirflowVersion")]
    if pending:
        log.info("mutation backlog: %d deployments have a pending AC upgrade (desiredAirflowVersion set)", len(pending))
    log.info("query done: %d deployments, %d on AC", len(deployments), sum(v for k, v in by_version.items() if k != "runtime"))
    return by_version


def main(argv=None):
    parser = argparse.ArgumentParser()
    parser.add_argument("export", help="houston-export.json")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO,
        format="%(asctime)s %(name)s %(levelname)s %(message)s",
    )
    deployments = load(args.export)
    log.debug("loaded %d deployments from %s", len(deployments), args.export)
    counts = report(deployments)
    return 0 if counts.get("runtime", 0) == len(deployments) else 1


if __name__ == "__main__":
    sys.exit(main())
