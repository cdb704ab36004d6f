"""Legacy Tiller-era installer for the analytics team's Airflow (pyhelm).

Still used by the nightly job that rebuilds the QA cluster.  pyhelm passes the
values as a YAML document to Tiller; ``airflowVersion`` is a chart value.
"""
import logging
import os

import yaml
from pyhelm.chartbuilder import ChartBuilder
from pyhelm.tiller import Tiller

logger = logging.getLogger(__name__)

TILLER_HOST = os.environ.get("TILLER_HOST", "tiller-deploy.kube-system")
NAMESPACE = os.environ.get("AIRFLOW_NAMESPACE", "analytics-qa")

CHART_SOURCE = {
    "name": "airflow",
    "source": {
        "type": "repo",
        "location": "https://helm.astronomer.io",
    },
}

# AC image the QA cluster pins.  Bump together with requirements-qa.txt.
AC_IMAGE_TAG = "2.2.5-3"


def release_values(image_tag=AC_IMAGE_TAG):
    airflow_version = image_tag.split("-", 1)[0]
    return {
        "airflowVersion": airflow_version,
        "defaultAirflowTag": image_tag,
        "images": {
            "airflow": {
                "repository": "quay.io/astronomer/ap-airflow",
                "tag": image_tag,
            }
        },
        "env": [{"name": "AIRFLOW__CORE__LOAD_EXAMPLES", "value": "False"}],
    }


def install(release_name="analytics-qa", dry_run=False):
    tiller = Tiller(TILLER_HOST)
    chart = ChartBuilder(CHART_SOURCE)
    values = release_values()
    logger.info("installing %s with airflowVersion %s", release_name, values["airflowVersion"])
    logger.debug("values:\n%s", yaml.safe_dump(values, default_flow_style=False))
    return tiller.install_release(
        chart.get_helm_chart(),
        namespace=NAMESPACE,
        name=release_name,
        dry_run=dry_run,
        values=values,
    )


def upgrade(release_name, image_tag):
    tiller = Tiller(TILLER_HOST)
    chart = ChartBuilder(CHART_SOURCE)
    return tiller.update_release(
        chart.get_helm_chart(),
        namespace=NAMESPACE,
        name=release_name,
        values={"airflowVersion": image_tag.split("-")[0], "defaultAirflowTag": image_tag},
    )


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    install(dry_run=bool(os.environ.get("DRY_RUN")))
