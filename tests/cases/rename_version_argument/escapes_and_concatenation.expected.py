# Implicit concatenation, escapes and prefixes all map back to the file.
DOC = ('mutation {\n'
       '  createDeployment(workspaceUuid: "ws", label: "l", type: "airflow", '
       'runtime' "Version: \"5.0.1\") { id }\n"
       '}')
RAW = r'mutation { updateDeploymentImage(releaseName: "r", image: "i", runtimeVersion: "6.10.0") { releaseName } }'
ESCAPED = "mutation { upsertDeployment(workspaceUuid: \x22ws\x22, runtimeVersion: \u0022" "4.0.1\") { id } }"
