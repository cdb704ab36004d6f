"""Mirror the Houston deployment export into the platform-inventory Hasura DB.

The ``deployments`` table in Hasura has camelCase columns (``airflowVersion``,
``runtimeVersion``) because it was created from the Houston export JSON.  These
documents go to Hasura, not to Houston.
"""
import json
import logging
import os
import sys

import requests

log = logging.getLogger("hasura-sync")

HASURA_URL = os.environ.get("HASURA_URL", "https://hasura.platform.example.com/v1/graphql")
HEADERS = {"x-hasura-admin-secret": os.environ.get("HASURA_ADMIN_SECRET", "")}

UPSERT_DEPLOYMENTS = """
mutation UpsertDeployments($objects: [deployments_insert_input!]!) {
  insert_deployments(
    objects: $objects
    on_conflict: {
      constraint: deployments_pkey
      update_columns: [label, airflowVersion, runtimeVersion, status, updated_at]
    }
  ) {
    affected_rows
  }
}
"""

STILL_ON_AC = """
query StillOnAC($prefix: String!) {
  deployments(
    where: {airflowVersion: {_like: $prefix}, runtimeVersion: {_eq: ""}}
    order_by: {airflowVersion: asc}
  ) {
    releaseName
    label
    airflowVersion
  }
}
"""


def hasura(query, variables):
    resp = requests.post(
        HASURA_URL,
        data=json.dumps({"query": query, "variables": variables}),
        headers={**HEADERS, "Content-Type": "application/json"},
        timeout=30,
    )
    resp.raise_for_status()
    body = resp.json()
    if "errors" in body:
        raise RuntimeError(body["errors"])
    return body["data"]


def to_row(d):
    return {
        "releaseName": d["releaseName"],
        "label": d["label"],
        "airflowVersion": d.get("airflowVersion") or "",
        "runtimeVersion": d.get("runtimeVersion") or "",
        "status": d.get("status"),
    }


def main(export_path):
    logging.basicConfig(level=logging.INFO)
    with open(export_path) as fh:
        export = json.load(fh)
    rows = [to_row(d) for d in export["deployments"]]
    result = hasura(UPSERT_DEPLOYMENTS, {"objects": rows})
    log.info("upserted %d rows", result["insert_deployments"]["affected_rows"])

    for prefix in ("2.2.%", "2.3.%"):
        left = hasura(STILL_ON_AC, {"prefix": prefix})["deployments"]
        log.info("%s: %d deployments still on AC", prefix, len(left))
        for row in left:
            log.info("  %s (%s) airflowVersion=%s", row["releaseName"], row["label"], row["airflowVersion"])


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "houston-export.json")
