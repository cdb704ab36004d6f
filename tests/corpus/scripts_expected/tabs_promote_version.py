"""Promote a deployment's AC version from staging to production.

Reads the staging deployment's AC version and applies it to production:
upgrade if production exists, create it otherwise.  Indented with tabs
(the repo's .editorconfig says so).
"""
import argparse
import logging
import os
import sys

import requests

log = logging.getLogger("promote")

GET_DEPLOYMENT = """
query GetDeployment($workspaceUuid: Uuid!, $releaseName: String!) {
	workspaceDeployment(workspaceUuid: $workspaceUuid, releaseName: $releaseName) {
		id
		label
		releaseName
		airflowVersion: runtimeAirflowVersion
		desiredAirflowVersion: desiredRuntimeVersion
		executor
	}
}
"""

UPGRADE = """
mutation Promote($deploymentUuid: Uuid!, $desiredRuntimeVersion: String!) {
	updateDeploymentAirflow: updateDeploymentRuntime(deploymentUuid: $deploymentUuid, desiredRuntimeVersion: $desiredRuntimeVersion) {
		id
		releaseName
		desiredAirflowVersion: desiredRuntimeVersion
	}
}
"""

CREATE = """
mutation CreateProd($workspaceUuid: Uuid!, $releaseName: String, $label: String!, $executor: ExecutorType) {
	createDeployment(
		workspaceUuid: $workspaceUuid
		type: "airflow"
		label: $label
		releaseName: $releaseName
		executor: $executor
		runtimeVersion: "5.0.2"
	) {
		id
		releaseName
		airflowVersion: runtimeAirflowVersion
	}
}
"""


class Houston(object):
	def __init__(self, domain, token):
		self.url = "https://houston.%s/v1" % domain
		self.headers = {"authorization": token}

	def run(self, query, **variables):
		resp = requests.post(self.url, json={"query": query, "variables": variables}, headers=self.headers, timeout=60)
		resp.raise_for_status()
		body = resp.json()
		if body.get("errors"):
			raise RuntimeError(body["errors"][0]["message"])
		return body["data"]


def promote(h, workspace, staging_release, prod_release, dry_run=False):
	staging = h.run(GET_DEPLOYMENT, workspaceUuid=workspace, releaseName=staging_release)["workspaceDeployment"]
	if staging is None or not staging["airflowVersion"]:
		raise SystemExit("staging deployment %s not found or not on AC" % staging_release)
	version = staging["airflowVersion"]
	prod = h.run(GET_DEPLOYMENT, workspaceUuid=workspace, releaseName=prod_release)["workspaceDeployment"]
	if prod is None:
		log.info("production %s missing, creating it", prod_release)
		if dry_run:
			return None
		created = h.run(CREATE, workspaceUuid=workspace, releaseName=prod_release,
			label=staging["label"] + " (prod)", executor=staging["executor"])["createDeployment"]
		if created["airflowVersion"] != version:
			log.info("new production is on %s, promoting to %s", created["airflowVersion"], version)
			h.run(UPGRADE, deploymentUuid=created["id"], desiredRuntimeVersion=version)
		return created
	if prod["airflowVersion"] == version:
		log.info("production already on %s", version)
		return prod
	log.info("promoting %s: %s -> %s", prod_release, prod["airflowVersion"], version)
	if dry_run:
		return prod
	return h.run(UPGRADE, deploymentUuid=prod["id"], desiredRuntimeVersion=version)["updateDeploymentAirflow"]


def main():
	parser = argparse.ArgumentParser()
	parser.add_argument("workspace")
	parser.add_argument("staging_release")
	parser.add_argument("prod_release")
	parser.add_argument("--dry-run", action="store_true")
	args = parser.parse_args()
	logging.basicConfig(level=logging.INFO)
	h = Houston(os.environ["BASEDOMAIN"], os.environ["HOUSTON_TOKEN"])
	promote(h, args.workspace, args.staging_release, args.prod_release, args.dry_run)
	return 0


if __name__ == "__main__":
	sys.exit(main())
