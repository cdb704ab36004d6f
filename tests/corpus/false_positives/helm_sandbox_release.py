#!/usr/bin/env python3
"""Install or upgrade a standalone Airflow release in the on-prem sandbox cluster.

The sandbox does not run Astronomer Software: we install astronomer/airflow-chart
directly with Helm 3 (or through pyhelm/Tiller on the old QA cluster, --tiller).
That chart takes ``airflowVersion`` and ``defaultAirflowTag`` as plain values, so
nothing here talks to Houston.

    python helm_sandbox_release.py --release etl-sandbox --namespace sandbox \
        --airflow-version 2.3.4 --image-tag 2.3.4-11
"""
import argparse
import json
import logging
import shlex
import subprocess
import sys

log = logging.getLogger("helm-sandbox")

CHART = "astronomer/airflow"
CHART_REPO = "https://helm.astronomer.io"
CHART_VERSION = "1.6.0"

# Baseline values shared by every sandbox release.  Keys follow the chart's
# values.yaml, hence the camelCase.
DEFAULT_VALUES = {
    "airflowVersion": "2.3.4",
    "defaultAirflowRepository": "quay.io/astronomer/ap-airflow",
    "defaultAirflowTag": "2.3.4-11",
    "executor": "CeleryExecutor",
    "workers": {"replicas": 2},
    "webserver": {"defaultUser": {"enabled": False}},
}


def build_values(airflow_version, image_tag, extra):
    values = json.loads(json.dumps(DEFAULT_VALUES))  # cheap deep copy
    values["airflowVersion"] = airflow_version
    values["defaultAirflowTag"] = image_tag
    values.update(extra)
    return values


def helm_command(release, namespace, values, dry_run=False):
    cmd = [
        "helm", "upgrade", "--install", release, CHART,
        "--namespace", namespace,
        "--create-namespace",
        "--version", CHART_VERSION,
        "--set", f"airflowVersion={values['airflowVersion']}",
        "--set", f"defaultAirflowTag={values['defaultAirflowTag']}",
        "--set", "executor=" + values["executor"],
        "--set-json", "workers=" + json.dumps(values["workers"]),
        "--wait", "--timeout", "10m",
    ]
    if dry_run:
        cmd.append("--dry-run")
    return cmd


def install_with_tiller(release, namespace, values, tiller_host):
    # Helm 2 only; imported lazily so Helm 3 users do not need pyhelm.
    from pyhelm.chartbuilder import ChartBuilder
    from pyhelm.tiller import Tiller

    chart = ChartBuilder({"name": "airflow", "source": {"type": "repo", "location": CHART_REPO}})
    return Tiller(tiller_host).install_release(
        chart.get_helm_chart(),
        namespace=namespace,
        name=release,
        values={"airflowVersion": values["airflowVersion"], "defaultAirflowTag": values["defaultAirflowTag"]},
    )


def ensure_repo():
    subprocess.run(["helm", "repo", "add", "astronomer", CHART_REPO], check=False)
    subprocess.run(["helm", "repo", "update", "astronomer"], check=True)


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--release", required=True)
    parser.add_argument("--namespace", default="sandbox")
    parser.add_argument("--airflow-version", default=DEFAULT_VALUES["airflowVersion"])
    parser.add_argument("--image-tag", default=DEFAULT_VALUES["defaultAirflowTag"])
    parser.add_argument("--set", dest="extra", action="append", default=[],
                        help="extra KEY=JSON values, e.g. --set 'scheduler={\"replicas\": 2}'")
    parser.add_argument("--dry-run", action="store_true")
    parser.add_argument("--tiller", metavar="HOST", help="install through Tiller (Helm 2) at HOST")
    return parser.parse_args(argv)


def main(argv=None):
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s")
    args = parse_args(argv)
    extra = {}
    for item in args.extra:
        key, _, raw = item.partition("=")
        extra[key] = json.loads(raw)

    values = build_values(args.airflow_version, args.image_tag, extra)
    if args.tiller:
        install_with_tiller(args.release, args.namespace, values, args.tiller)
        log.info("installed %s through Tiller", args.release)
        return 0
    cmd = helm_command(args.release, args.namespace, values, dry_run=args.dry_run)
    log.info("running: %s", " ".join(shlex.quote(part) for part in cmd))
    ensure_repo()
    result = subprocess.run(cmd, capture_output=True, text=True)
    if result.returncode != 0:
        log.error("helm failed: %s", result.stderr.strip())
        return result.returncode
    log.info("release %s now on airflowVersion=%s", args.release, values["airflowVersion"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
