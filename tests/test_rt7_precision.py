"""Red team 7 precision findings F1, F3, F4 (issue 12, "Houston or not"), through the installed CLI.

* F1: a comment or docstring that mentions Houston (``# Migrated off Houston:
  HOUSTON_URL is gone``) is no Houston endpoint named in the file; the same
  name in code still is, and its line is reported as before.
* F4: ``houston`` in a URL's path (``/v1/cities/houston``) is nothing; a host
  label ``houston`` is decisive.
* F3: ``ASTRO_*`` document names and a helper ``astro(...)`` speak against
  Houston (``HOUSTON_*`` first; ``ASTRO_SOFTWARE_*`` is no evidence).

Each group is one ``check --format json`` run over a directory, read per file.
"""

import json
import shutil
import subprocess
import sys
from pathlib import Path

CLI = shutil.which("houston-codemod") or str(Path(sys.executable).with_name("houston-codemod"))


def run(*args, cwd):
    return subprocess.run([CLI, *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=180)


def check(root: Path, contents: dict):
    for name, text in contents.items():
        (root / name).write_text(text, encoding="utf-8")
    completed = run("check", "--no-cache", "--format", "json", ".", cwd=root)
    assert completed.returncode in (0, 1), completed.stderr
    verdicts = {}
    for document in json.loads(completed.stdout)["documents"]:
        verdicts.setdefault(Path(document["path"]).name, []).append(document)
    return completed, verdicts


MIGRATED_COMMENT = '''import os
import requests
# Migrated off Houston: HOUSTON_URL is gone, we now use our own platform API.
PLATFORM = os.environ["PLATFORM_API"]
Q = """
mutation {
  createDeployment(name: "etl", airflowVersion: "2.3.4") { id airflowVersion }
}
"""
requests.post(PLATFORM, json={"query": Q})
'''
DOCSTRING_URL = '''"""Sync repository metadata.

Unlike scripts/houston_sync.py, which talks to https://houston.example.com/v1,
this one only talks to our GitHub Enterprise server.
"""
import os
import requests

ENDPOINT = os.environ["GHE_ENDPOINT"]
Q = "query Repos { organization(login: \\"acme\\") { repositories(first: 50) { nodes { name } } } }"

def main():
    """Not houston.example.com either."""
    return requests.post(ENDPOINT, json={"query": Q}).json()
'''
# A string statement after non-ASCII text on its line: blanked at the right characters.
NON_ASCII_STATEMENT = '''import os, requests
label = "Zürich ✓"; "see https://houston.example.com/v1 for the old API"
Q = "query Open { incidents(status: OPEN) { id title } }"
requests.post(os.environ["INCIDENT_API"], json={"query": Q})
'''
# Controls: the name in code (with a comment beside it) is still the endpoint, on its own line.
IN_CODE = '''"""Talks to Houston; see HOUSTON_URL below."""
import os
import requests
# Houston's address
URL = os.environ["HOUSTON_URL"]  # HOUSTON_URL: set by the platform team
Q = """
mutation {
  createDeployment(workspaceUuid: "w", releaseName: "etl", airflowVersion: "2.3.4") { id }
}
"""
requests.post(URL, json={"query": Q})
'''
SGQLC_COMMENT = '''# HOUSTON_URL moved to the other repository; this module talks to our platform API.
from sgqlc.endpoint.http import HTTPEndpoint
from sgqlc.operation import Operation
from platform_schema import platform_schema as schema
endpoint = HTTPEndpoint("https://platform.acme.com/api", {"Authorization": "bearer x"})
op = Operation(schema.Mutation)
op.create_deployment(name="etl", airflow_version="2.3.4")
endpoint(op)
'''


def test_f1_comments_and_docstrings_name_no_houston_endpoint(tmp_path):
    completed, verdicts = check(tmp_path, {
        "migrated.py": MIGRATED_COMMENT, "docstring.py": DOCSTRING_URL, "non_ascii.py": NON_ASCII_STATEMENT,
        "in_code.py": IN_CODE, "sg.py": SGQLC_COMMENT,
    })
    for name in ("migrated.py", "docstring.py", "non_ascii.py"):
        [document] = verdicts[name]
        assert document["houston"] is False, (name, document)
        assert not any("Houston endpoint" in e for e in document["evidence"]), (name, document)
    [document] = verdicts["in_code.py"]
    assert document["houston"] is True
    assert "Houston endpoint named in the file: HOUSTON_URL (line 5)" in document["evidence"]
    # the sgqlc operation is not reviewed as Houston's: listed (red team 10, F11) as another API's, no finding
    report = json.loads(completed.stdout)
    assert not [f for f in report["findings"] if f["path"] == "sg.py"], report["findings"]
    [operation] = verdicts["sg.py"]
    assert operation["houston"] is False and not any("Houston endpoint" in e for e in operation["evidence"]), operation
    assert completed.returncode == 1  # in_code.py would be rewritten
    # rewrite leaves the migrated script's airflowVersion alone
    assert run("rewrite", "--no-cache", "--diff", "migrated.py", cwd=tmp_path).stdout == ""


WEATHER = '''import requests
URL = "https://weather.example.com/v1/cities/houston?near=houston"
Q = "query Forecast { forecast(days: 3) { high low } }"
def go():
    return requests.post(URL, json={"query": Q}).json()
'''
HOUSTON_HOST = '''import os, requests
Q = "query Forecast { forecast(days: 3) { high low } }"
requests.post("http://houston:8871/v1", json={"query": Q})
'''
HOUSTON_TEMPLATE_HOST = '''import os, requests
Q = "query Forecast { forecast(days: 3) { high low } }"
requests.post(f"https://houston.{os.environ['BASEDOMAIN']}/v1", json={"query": Q})
'''
HOUSTON_SETTING = '''import os, requests
Q = "query Forecast { forecast(days: 3) { high low } }"
requests.post(os.environ.get("HOUSTON_URL", "https://localhost:8871/v1/cities"), json={"query": Q})
'''


def test_f4_houston_in_a_url_path_is_nothing_a_host_label_is_decisive(tmp_path):
    completed, verdicts = check(tmp_path, {
        "weather.py": WEATHER, "host.py": HOUSTON_HOST, "template.py": HOUSTON_TEMPLATE_HOST, "setting.py": HOUSTON_SETTING,
    })
    [weather] = verdicts["weather.py"]
    assert weather["houston"] is False
    assert not any(e.startswith("url ") for e in weather["evidence"]), weather
    for name in ("host.py", "template.py", "setting.py"):
        [document] = verdicts[name]
        assert document["houston"] is True, (name, document)
        # the URL, or the environment variable it is read from (red team 17, report 12, F20: the name is not a URL)
        assert any(e.startswith(("url ", "environment variable ")) for e in document["evidence"]), (name, document)


MIGRATION = '''"""Copy Deployments from Astronomer Software (Houston) to Astro."""
import os
import requests

HOUSTON_URL = os.environ["HOUSTON_URL"]
ASTRO_API_URL = os.environ["ASTRO_API_URL"]

LIST = """
query Deps($ws: Uuid!) { workspaceDeployments(workspaceUuid: $ws) { id label releaseName } }
"""

ASTRO_CREATE = """
mutation CreateDeployment($input: CreateDeploymentInput!) {
  createDeployment(input: $input) { id }
}
"""

def houston(q, v):
    return requests.post(HOUSTON_URL, json={"query": q, "variables": v}).json()

def astro(q, v):
    return requests.post(ASTRO_API_URL, json={"query": q, "variables": v}).json()

for d in houston(LIST, {"ws": os.environ["WS"]})["data"]["workspaceDeployments"]:
    astro(ASTRO_CREATE, {"input": {"label": d["label"]}})
'''
NAMES = '''import os, requests
ASTRO_DEPLOYMENTS = "mutation { createDeployment(input: {}) { id } }"
ASTRO_HOUSTON_DEPLOYMENTS = "mutation { createDeployment(input: {}) { id } }"
ASTRO_SOFTWARE_DEPLOYMENTS = "mutation { createDeployment(input: {}) { id } }"
for q in (ASTRO_DEPLOYMENTS, ASTRO_HOUSTON_DEPLOYMENTS, ASTRO_SOFTWARE_DEPLOYMENTS):
    requests.post(os.environ["HOUSTON_URL"], json={"query": q})
'''


def test_f3_astro_names_and_helpers_speak_against_houston(tmp_path):
    completed, verdicts = check(tmp_path, {"migration.py": MIGRATION, "names.py": NAMES})
    listing, create = verdicts["migration.py"]
    assert listing["houston"] is True
    assert create["houston"] is False
    assert "name ASTRO_CREATE (another API)" in create["evidence"]
    assert any(e.startswith("sent by helper astro() (another API)") for e in create["evidence"])
    evidence = {d["line"]: d["evidence"] for d in verdicts["names.py"]}
    assert "name ASTRO_DEPLOYMENTS (another API)" in evidence[2]
    assert "name ASTRO_HOUSTON_DEPLOYMENTS" in evidence[3]  # HOUSTON_ first
    assert not any(e.startswith("name ") for e in evidence[4])  # Astronomer Software is Houston's platform
