#!/usr/bin/env python3
# Stdlib-only (runs on the locked-down jump host where pip is not allowed).
# The documents were pasted from the Playground's "copy as JSON" output, which is
# why they are one-liners with escaped quotes.
import json
import os
import sys
import urllib.error
import urllib.request

HOUSTON = "https://houston.%s/v1" % os.environ.get("BASEDOMAIN", "astro.example.com")
TOKEN = os.environ.get("HOUSTON_TOKEN")

WORKSPACE = "ckbv7zvb100n10p8pzoz8wgw7"

CREATE_REPORTING = 'mutation { createDeployment(workspaceUuid: \"ckbv7zvb100n10p8pzoz8wgw7\", type: \"airflow\", label: \"reporting\", executor: LocalExecutor, runtimeVersion: \"5.5.0\") { id releaseName airflowVersion: runtimeAirflowVersion } }'

CREATE_SCRATCH = "mutation { createDeployment(workspaceUuid: \"ckbv7zvb100n10p8pzoz8wgw7\", type: \"airflow\", label: \"scratch\", executor: LocalExecutor, runtimeVersion: \"5.0.2\") { id releaseName } }"

UPGRADE_ONE = "mutation Upgrade($id: Uuid!) { updateDeploymentAirflow: updateDeploymentRuntime(deploymentUuid: $id, desiredRuntimeVersion: \"5.5.0\") { id desiredAirflowVersion: desiredRuntimeVersion } }"

LIST_ALL = 'query { workspaceDeployments(workspaceUuid: "ckbv7zvb100n10p8pzoz8wgw7") { id label releaseName airflowVersion: runtimeAirflowVersion } }'


def call(query, variables=None):
    body = json.dumps({"query": query, "variables": variables or {}}).encode()
    req = urllib.request.Request(HOUSTON, data=body, method="POST")
    req.add_header("Content-Type", "application/json")
    req.add_header("authorization", TOKEN)
    try:
        with urllib.request.urlopen(req, timeout=60) as resp:
            data = json.loads(resp.read().decode())
    except urllib.error.HTTPError as err:
        sys.exit("HTTP %s: %s" % (err.code, err.read().decode(errors="replace")))
    if data.get("errors"):
        sys.exit("Houston: %s" % data["errors"][0]["message"])
    return data["data"]


def ensure(label, document):
    existing = {d["label"]: d for d in call(LIST_ALL)["workspaceDeployments"]}
    if label in existing:
        print("%s exists (%s, AC %s)" % (label, existing[label]["releaseName"], existing[label]["airflowVersion"]))
        return existing[label]
    created = call(document)["createDeployment"]
    print("created %s: %s" % (label, created["releaseName"]))
    return created


def main(argv):
    if not TOKEN:
        sys.exit("set HOUSTON_TOKEN")
    if len(argv) > 1 and argv[1] == "upgrade":
        for dep_id in argv[2:]:
            res = call(UPGRADE_ONE, {"id": dep_id})["updateDeploymentAirflow"]
            print("%s -> %s" % (res["id"], res["desiredAirflowVersion"]))
        return 0
    ensure("reporting", CREATE_REPORTING)
    if "--with-scratch" in argv:
        ensure("scratch", CREATE_SCRATCH)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
