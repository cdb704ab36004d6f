# houston-codemod: ignore
# This module pins AC deployments on purpose until the platform team migrates them.
LEGACY = 'mutation { createDeployment(workspaceUuid: "w", label: "l", type: "airflow", airflowVersion: "2.2.5") { id } }'
