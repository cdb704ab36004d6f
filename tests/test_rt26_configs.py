"""Red team 25, report 12 ("Houston or not"), f4 f5: GraphQL configurations the README says are read.

* f5: graphql-config's TOML form (``.graphqlrc.toml``, ``graphql.config.toml``; also ``.graphqlrc.json5``) was not
  read: an inventory project's ``deployments { id releaseName airflowVersion }`` was Houston's on its words and
  rewritten, and a ``.graphqlrc.toml`` naming Houston's endpoint left a typo unreported.
* f4: a configuration's ``schema: https://api.acme-corp.net/v1`` (another domain, versioned at ``/v1``) gave no
  evidence, while a Python send to the same URL is strong against: the project's own query was rewritten.

One ``check`` / ``rewrite`` run of the installed CLI per tree, each project its own git work tree
(``TRUST_CLI_UNDER_TEST`` points it at another install).
"""

import json
import subprocess
from pathlib import Path

from trust_cli import run_cli

INVENTORY = "query InventoryDeployments {\n  deployments {\n    id\n    releaseName\n    airflowVersion\n  }\n}\n"
TYPO = "query Q {\n  workspaces { id label deploymnts { id } }\n}\n"

OTHER_APIS = {
    "toml": (".graphqlrc.toml", 'schema = "https://inventory.acme-corp.net/graphql"\ndocuments = "src/**/*.graphql"\n'),
    "config_toml": ("graphql.config.toml", '[projects.app]\nschema = "https://inventory.acme-corp.net/graphql"\n'),
    "json5": (".graphqlrc.json5", "{\n  // our inventory API\n  schema: 'https://inventory.acme-corp.net/graphql',\n}\n"),
    "codegen_v1": ("codegen.yml", "schema: https://api.acme-corp.net/v1\ndocuments: src/**/*.graphql\n"),
    "graphqlrc_v1": (".graphqlrc.yml", "schema: https://api.acme-corp.net/v1\n"),
}


def _project(root: Path, name: str, config: str, text: str, operation: str) -> Path:
    folder = root / name
    (folder / "src").mkdir(parents=True)
    subprocess.run(["git", "init", "-q", str(folder)], check=True)
    (folder / config).write_text(text, encoding="utf-8")
    (folder / "src" / "q.graphql").write_text(operation, encoding="utf-8")
    return folder


def _check(folder: Path):
    completed = run_cli("check", "--no-cache", "-j1", "--houston-version", "1.0.1", "--format", "json", ".", cwd=folder)
    assert completed.returncode in (0, 1), completed.stderr
    assert "Traceback" not in completed.stderr, completed.stderr
    return completed, json.loads(completed.stdout)


def test_another_apis_schema_in_toml_json5_or_at_v1_holds_its_operations(tmp_path):
    for name, (config, text) in OTHER_APIS.items():
        folder = _project(tmp_path, name, config, text, INVENTORY)
        completed, report = _check(folder)
        document = report["documents"][0]
        assert document["houston"] is False, (name, document)
        assert any(config in e for e in document["evidence"]), (name, document["evidence"])
        assert completed.returncode == 0 and not [f for f in report["findings"] if f.get("severity") == "error"], (name, report)
        rewritten = run_cli("rewrite", "--no-cache", "-j1", ".", cwd=folder)
        assert "Traceback" not in rewritten.stderr, rewritten.stderr
        assert (folder / "src" / "q.graphql").read_text(encoding="utf-8") == INVENTORY, name


def test_a_toml_configuration_naming_houston_makes_its_operations_houstons(tmp_path):
    for config in (".graphqlrc.toml", "graphql.config.toml"):
        folder = _project(tmp_path, config.strip("."), config, 'schema = "https://houston.astro.acme.com/v1"\n', TYPO)
        completed, report = _check(folder)
        assert report["documents"][0]["houston"] is True, (config, report["documents"])
        assert completed.returncode == 1 and any("deploymnts" in f["message"] for f in report["findings"]), (config, report)


def test_a_houston_schema_url_at_v1_still_counts_for_houston(tmp_path):
    # control for f4: only another domain's /v1 counts against; Houston's own endpoint is still Houston's
    folder = _project(tmp_path, "houston_v1", "codegen.yml", "schema: https://houston.astro.acme.com/v1\n", TYPO)
    completed, report = _check(folder)
    assert report["documents"][0]["houston"] is True, report["documents"]
    assert completed.returncode == 1, report


# f9: a config's houston section with one subsection per environment (CFG["houston"]["prod"]["url"]).
PROMOTE = '''import requests
import yaml

with open("platforms.yaml") as fh:
    CFG = yaml.safe_load(fh)

CREATE = """
mutation Create($workspaceUuid: Uuid!, $label: String!) {
  createDeployment(workspaceUuid: $workspaceUuid, label: $label, type: "airflow") { id relaseName }
}
"""
USERS = """
query { users { id emailz } }
"""


def main(ws):
    requests.post(CFG["houston"]["prod"]["url"], json={"query": CREATE, "variables": {"workspaceUuid": ws, "label": "x"}},
                  headers={"authorization": CFG["houston"]["prod"]["token"]})
    requests.post(CFG["houston"]["staging"]["url"], json={"query": USERS})
    requests.post(CFG["houston"]["url"], json={"query": USERS})
'''


def test_f9_a_subsection_per_environment_under_the_houston_section_is_houstons(tmp_path):
    (tmp_path / "promote.py").write_text(PROMOTE, encoding="utf-8")
    completed, report = _check(tmp_path)
    create = next(d for d in report["documents"] if d["operations"][0] == "Create")
    assert create["houston"] is True, create
    assert any('CFG["houston"]["prod"]["url"]' in e for e in create["evidence"]), create
    assert any("relaseName" in f["message"] for f in report["findings"]), report["findings"]
    users = next(d for d in report["documents"] if d["operations"][0] != "Create")
    assert not any("not to the file's Houston endpoint" in e for e in users["evidence"]), users
