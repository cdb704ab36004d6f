import os
import requests

HOUSTON_URL = os.environ["HOUSTON_URL"]

ROLLOUT = [
    ("etl-prod", "2.3.4-11"),
    ("ml-prod", "2.4.3-6"),
]

PLAN = {"dep": "reporting", "version": "2.2.5-8"}


def upgrade(dep, version):
    doc = f'''
    mutation {{
      updateDeploymentAirflow(deploymentUuid: "{dep}", desiredAirflowVersion: "{version}") {{ id }}
    }}
    '''
    return requests.post(HOUSTON_URL, json={"query": doc},
                         headers={"authorization": os.environ["HOUSTON_API_TOKEN"]}).json()


def main():
    for row in ROLLOUT:
        upgrade(*row)          # sends "2.3.4-11", "2.4.3-6" as desiredRuntimeVersion after rewrite
    upgrade(**PLAN)            # sends "2.2.5-8"


if __name__ == "__main__":
    main()
