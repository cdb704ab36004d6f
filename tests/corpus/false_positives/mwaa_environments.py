"""Keep the AWS MWAA environments in step with the Astronomer deployments.

Finance runs two MWAA environments alongside our Astronomer Software install.
This script creates / upgrades them and writes a small inventory that the
platform dashboard merges with the Houston export (hence the camelCase keys).
"""
import argparse
import json
import logging
import time

import boto3
from botocore.exceptions import ClientError

log = logging.getLogger("mwaa")

ENVIRONMENTS = {
    "finance-prod": {"AirflowVersion": "2.5.1", "EnvironmentClass": "mw1.medium", "MaxWorkers": 10},
    "finance-dev": {"AirflowVersion": "2.5.1", "EnvironmentClass": "mw1.small", "MaxWorkers": 2},
}


def create_environment(client, name, spec, args):
    return client.create_environment(
        Name=name,
        AirflowVersion=spec["AirflowVersion"],
        EnvironmentClass=spec["EnvironmentClass"],
        MaxWorkers=spec["MaxWorkers"],
        ExecutionRoleArn=args.execution_role,
        SourceBucketArn=args.bucket_arn,
        DagS3Path="dags",
        RequirementsS3Path="requirements.txt",
        NetworkConfiguration={
            "SubnetIds": args.subnets.split(","),
            "SecurityGroupIds": [args.security_group],
        },
        WebserverAccessMode="PRIVATE_ONLY",
        Tags={"team": "finance", "managed-by": "mwaa-sync"},
    )


def upgrade_environment(client, name, target_version):
    log.info("upgrading %s to Airflow %s", name, target_version)
    client.update_environment(Name=name, AirflowVersion=target_version)
    while True:
        status = client.get_environment(Name=name)["Environment"]["Status"]
        if status in ("AVAILABLE", "UPDATE_FAILED"):
            return status
        time.sleep(60)


def sync(client, args):
    inventory = []
    for name, spec in ENVIRONMENTS.items():
        try:
            env = client.get_environment(Name=name)["Environment"]
        except ClientError as err:
            if err.response["Error"]["Code"] != "ResourceNotFoundException":
                raise
            log.info("creating %s", name)
            create_environment(client, name, spec, args)
            env = {"AirflowVersion": spec["AirflowVersion"], "Status": "CREATING"}
        else:
            if env["AirflowVersion"] != spec["AirflowVersion"]:
                upgrade_environment(client, name, spec["AirflowVersion"])
        inventory.append({
            "platform": "mwaa",
            "name": name,
            "airflowVersion": env["AirflowVersion"],
            "status": env.get("Status"),
        })
    return inventory


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--region", default="eu-west-1")
    parser.add_argument("--execution-role", required=True)
    parser.add_argument("--bucket-arn", required=True)
    parser.add_argument("--subnets", required=True)
    parser.add_argument("--security-group", required=True)
    parser.add_argument("--out", default="mwaa-inventory.json")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO)

    client = boto3.client("mwaa", region_name=args.region)
    inventory = sync(client, args)
    with open(args.out, "w") as fh:
        json.dump(inventory, fh, indent=2)
    log.info("wrote %d environments to %s", len(inventory), args.out)


if __name__ == "__main__":
    main()
