# Implicit concatenation, escapes and prefixes all map back to the file.
DOC = ('mutation {\n'
       '  createDeployment(workspaceUuid: "ws", label: "l", type: "airflow", '
       'airflow' "Version: \"2.3.0\") { id }\n"
       '}')
RAW = r'mutation { updateDeploymentImage(releaseName: "r", image: "i", airflowVersion: "2.4.3-6") { releaseName } }'
ESCAPED = "mutation { upsertDeployment(workspaceUuid: \x22ws\x22, \x61irflowVersion: \u0022" "2.2.0\") { id } }"
