"""Red team 9 destination findings (issue 12, "Houston or not"), through the installed CLI.

* F1: ``request("POST", URL)``: the URL is the second argument, not the method.
* F2: ``client.execute(gql(DOC))``: the URL is the client's transport URL, not the document.
* F3: a whole URL whose host is seen and is not Houston's is evidence against, even on ``/v1``.
* F5: a ``.graphql`` file read by a script that names Houston follows where that read is sent.
* F6: ``check --explain FILE.graphql`` gives the verdict and evidence ``check .`` gives.
* F7: a URL bound to ``HOUSTON_URL`` is decisive: it outranks an ``ASTRO_*`` document name.
* F12: a city (``houston.tx``), an e-mail address or a module path is no Houston endpoint.

Each group is one ``check --format json`` run over a directory, read per file.
"""

import json
from pathlib import Path

from verdicts_cli import run, write


def check(root: Path, *extra):
    completed = run("check", "--no-cache", *extra, "--format", "json", ".", cwd=root)
    assert completed.returncode in (0, 1), completed.stderr
    report = json.loads(completed.stdout)
    verdicts = {}
    for document in report["documents"]:
        verdicts.setdefault(Path(document["path"]).as_posix(), []).append(document)
    return completed, verdicts, report["findings"]


def errors_at(findings, path):
    return sorted(f["line"] for f in findings if f["path"] == path and f["severity"] == "error")


REQUEST_METHOD = '''import os, requests, httpx
HOUSTON_URL = os.environ["HOUSTON_URL"]
S = requests.Session()
CREATE = """
mutation Create($ws: Uuid!) {
  createDeployment(workspaceUuid: $ws, label: "etl", type: "airflow", airflowVersion: "2.3.4-11") { id }
}
"""
def list_ws():
    return S.post(HOUSTON_URL, json={"query": "{ workspaces { id } }"}).json()
def create(ws):
    return S.request("POST", HOUSTON_URL, json={"query": CREATE, "variables": {"ws": ws}}).json()
def b():
    return httpx.request("POST", HOUSTON_URL, json={"query": "query B { deploymnts { id } }"})
def c():
    return requests.request(method="POST", url=HOUSTON_URL, json={"query": "query C { workspces { id } }"})
'''
REQUEST_LITERAL = '''import httpx
def b():
    return httpx.request("POST", "https://houston.acme.io/v1", json={"query": "query B { deploymnts { id } }"})
'''


def test_f1_the_url_of_request_is_its_second_argument(tmp_path):
    write(tmp_path, {"deploy.py": REQUEST_METHOD, "literal.py": REQUEST_LITERAL})
    completed, verdicts, findings = check(tmp_path)
    for document in verdicts["deploy.py"]:
        assert document["houston"] is True, document
        assert not any('"POST"' in e for e in document["evidence"]), document
    create = next(d for d in verdicts["deploy.py"] if d["operations"] == ["Create"])
    assert 'posted to HOUSTON_URL = os.environ["HOUSTON_URL"] (call at line 12)' in create["evidence"]
    assert errors_at(findings, "deploy.py") == [14, 16]  # deploymnts, workspces
    [literal] = verdicts["literal.py"]
    assert literal["houston"] is True and "url houston.acme.io/v1 (call at line 3)" in literal["evidence"], literal
    assert errors_at(findings, "literal.py") == [3]
    diff = run("rewrite", "--no-cache", "--diff", "deploy.py", cwd=tmp_path).stdout
    assert '+  createDeployment(workspaceUuid: $ws, label: "etl", type: "airflow", runtimeVersion:' in diff, diff


GQL_CLIENT = '''import os, requests
from gql import gql, Client
from gql.transport.requests import RequestsHTTPTransport
HOUSTON_URL = os.environ["HOUSTON_URL"]
HEADERS = {"authorization": os.environ["HOUSTON_API_TOKEN"]}
houston = Client(transport=RequestsHTTPTransport(url=HOUSTON_URL, headers=HEADERS))
CREATE = gql("""
mutation Create($ws: Uuid!) {
  createDeployment(workspaceUuid: $ws, label: "etl", type: "airflow", airflowVersion: "2.3.4-11") { id }
}
""")
def ping():
    return requests.post(HOUSTON_URL, json={"query": "{ appConfig { version } }"}, headers=HEADERS).json()
def create(ws):
    return houston.execute(CREATE, variable_values={"ws": ws})
def typo():
    return houston.execute(gql("{ workspces { id } }"))
'''
GQL_FOREIGN = '''import os, requests
from gql import gql, Client
from gql.transport.requests import RequestsHTTPTransport
acme = Client(transport=RequestsHTTPTransport(url="https://api.acme.com/v1"))
def houston(q):
    return requests.post(os.environ["HOUSTON_URL"], json={"query": q}).json()
def main():
    houston("{ workspaces { id } }")
    acme.execute(gql("{ deployments { id name } }"))
'''


def test_f2_a_gql_clients_transport_url_is_where_it_posts(tmp_path):
    write(tmp_path, {"houston.py": GQL_CLIENT, "foreign.py": GQL_FOREIGN})
    completed, verdicts, findings = check(tmp_path)
    for document in verdicts["houston.py"]:
        assert document["houston"] is True, document
        assert not any("posted to \"" in e or "mutation Create" in e for e in document["evidence"]), document
    create, ping, typo = verdicts["houston.py"]
    assert 'posted to HOUSTON_URL = os.environ["HOUSTON_URL"] (call at line 15)' in create["evidence"], create
    assert 'posted to HOUSTON_URL = os.environ["HOUSTON_URL"] (call at line 17)' in typo["evidence"], typo
    assert errors_at(findings, "houston.py") == [17]
    assert errors_at(run_check_version(tmp_path, "1.0.1"), "houston.py") == [9, 17]  # airflowVersion is gone in 1.0.1
    ws, deps = verdicts["foreign.py"]
    assert ws["houston"] is True and deps["houston"] is False, deps
    assert "endpoint api.acme.com/v1: a host that is not Houston's (call at line 9)" in deps["evidence"], deps
    assert not any('posted to "{' in e for e in deps["evidence"]), deps
    assert errors_at(findings, "foreign.py") == []


def run_check_version(root, version):
    completed = run("check", "--no-cache", "--houston-version", version, "--format", "json", ".", cwd=root)
    assert completed.returncode in (0, 1), completed.stderr
    return json.loads(completed.stdout)["findings"]


FOREIGN_V1_BOUND = '''import os, requests
HOUSTON_URL = os.environ["HOUSTON_URL"]
INVENTORY = "https://inventory.acme-internal.com/v1"
def houston(q, v=None):
    return requests.post(HOUSTON_URL, json={"query": q, "variables": v}).json()
def inventory(q):
    return requests.post(INVENTORY, json={"query": q}).json()
def main():
    houston("{ workspaces { id label } }")
    rows = inventory("{ deployments { id releaseName airflowVersion } }")
    inventory("query { workspaces { id slug owner { email } } }")
    return [r["airflowVersion"] for r in rows["data"]["deployments"]]
'''
FOREIGN_V1_INLINE = '''import os, aiohttp
HOUSTON_URL = os.environ["HOUSTON_URL"]
async def main():
    async with aiohttp.ClientSession() as s:
        await s.post(HOUSTON_URL, json={"query": "{ workspaces { id } }"})
        await s.post(url="https://api.acme.com/v1", json={"query": "{ deployments { id name } }"})
'''
# Kept as before: a gateway's /astro/v1, a local Houston on its port, a URL built from an env value.
KEPT = {
    "gateway.py": 'import requests\nQ = "{ deployments { id releaseName airflowVersion } }"\n'
    'requests.post("https://gateway.corp.example.com/astro/v1", json={"query": Q})\n',
    "local.py": 'import requests\nQ = "{ deployments { id releaseName airflowVersion } }"\n'
    'requests.post("http://localhost:8871/v1", json={"query": Q})\n',
    "env.py": 'import os, requests\nHOUSTON_URL = os.environ["HOUSTON_URL"]\nBASE = os.environ["BASE"]\n'
    'Q = "{ deployments { id releaseName airflowVersion } }"\n'
    'requests.post(HOUSTON_URL, json={"query": "{ workspaces { id } }"})\nrequests.post(BASE + "/v1", json={"query": Q})\n',
}


def test_f3_a_visible_foreign_host_on_v1_is_not_houston(tmp_path):
    write(tmp_path, {"bound.py": FOREIGN_V1_BOUND, "inline.py": FOREIGN_V1_INLINE, **KEPT})
    completed, verdicts, findings = check(tmp_path)
    ws, deps, inv_ws = verdicts["bound.py"]
    assert ws["houston"] is True
    for document in (deps, inv_ws):
        assert document["houston"] is False, document
        assert "endpoint inventory.acme-internal.com/v1: a host that is not Houston's (call at line %d)" % document["line"] in document["evidence"]
        assert any(e.startswith('posted to INVENTORY = "https://inventory.acme-internal.com/v1"') and "not to the file's Houston endpoint" in e for e in document["evidence"])
    houston_ws, foreign = verdicts["inline.py"]
    assert houston_ws["houston"] is True and foreign["houston"] is False, foreign
    assert errors_at(findings, "bound.py") == [] and errors_at(findings, "inline.py") == []
    # the inventory API's query is not migrated to Houston's runtimeAirflowVersion
    assert run("rewrite", "--no-cache", "--diff", "bound.py", "inline.py", cwd=tmp_path).stdout == ""
    for name in KEPT:
        assert all(d["houston"] is True for d in verdicts[name]), (name, verdicts[name])


ASTRO_NAMED = '''import os, requests
ASTRO_CREATE = """
mutation Create($ws: Uuid!) {
  createDeployment(workspaceUuid: $ws, label: "etl", type: "airflow", airflowVersion: "2.3.4-11") { id }
}
"""
ASTRO_DEPLOYMENTS = "{ deployments { id releaseNme } }"
def create(ws):
    return requests.post(os.environ["HOUSTON_URL"], json={"query": ASTRO_CREATE, "variables": {"ws": ws}},
                         headers={"authorization": os.environ["HOUSTON_API_TOKEN"]}).json()
def deployments():
    return requests.post(os.environ["HOUSTON_URL"], json={"query": ASTRO_DEPLOYMENTS}).json()
'''
ASTRO_ELSEWHERE = '''import os, requests
ASTRO_DEPLOYMENTS = "{ deployments { id releaseNme } }"
requests.post(os.environ["STATUS_API"], json={"query": ASTRO_DEPLOYMENTS})
'''


def test_f7_a_url_bound_to_houston_outranks_an_astro_name(tmp_path):
    write(tmp_path, {"a.py": ASTRO_NAMED, "other.py": ASTRO_ELSEWHERE})
    completed, verdicts, findings = check(tmp_path)
    create, deployments = verdicts["a.py"]
    for document in (create, deployments):
        assert document["houston"] is True, document
        assert any(e.startswith('posted to os.environ["HOUSTON_URL"]') for e in document["evidence"])
    assert errors_at(findings, "a.py") == [7]  # releaseNme
    explained = run("check", "--no-cache", "--explain", "a.py:2", ".", cwd=tmp_path).stdout
    assert '+ posted to os.environ["HOUSTON_URL"] (call at line 9) [decisive]' in explained, explained
    [other] = verdicts["other.py"]  # the name still decides where the URL does not name Houston
    assert other["houston"] is False, other
    assert "-ASTRO_CREATE" not in run("rewrite", "--no-cache", "--diff", "other.py", cwd=tmp_path).stdout
    assert 'runtimeVersion:' in run("rewrite", "--no-cache", "--diff", "a.py", cwd=tmp_path).stdout


NOT_ENDPOINTS = {
    "city.py": 'import os, requests, logging\nlog = logging.getLogger("houston")\nCITY = "houston.tx"\n'
    'def main():\n    return requests.post(os.environ["TRANSIT_API"], json={"query": "{ users { id name } }"}).json()\n',
    "email.py": 'import os, requests\nEMAIL = "ops@houston.acme.com"\n'
    'def main():\n    return requests.post(os.environ["TRANSIT_API"], json={"query": "{ users { id name } }"}).json()\n',
    "module.py": 'import os, requests\nfrom mock_houston.main import app\n'
    'def main():\n    return requests.post(os.environ["TRANSIT_API"], json={"query": "{ users { id name } }"}).json()\n',
}
ENDPOINTS = {
    "host.py": 'import os, requests\nHOST = "houston.acme.io"\n'
    'def main():\n    return requests.post(os.environ["API"], json={"query": "{ deployments { id releaseName } }"}).json()\n',
    "template.py": 'import os, requests\nHOST = f"houston.{os.environ[\'BASEDOMAIN\']}"\n'
    'def main():\n    return requests.post(os.environ["API"], json={"query": "{ deployments { id releaseName } }"}).json()\n',
}


def test_f12_only_a_url_or_host_form_names_a_houston_endpoint(tmp_path):
    write(tmp_path, {**NOT_ENDPOINTS, **ENDPOINTS})
    completed, verdicts, findings = check(tmp_path)
    for name in NOT_ENDPOINTS:
        [document] = verdicts[name]
        assert document["houston"] is not True, (name, document)
        assert not any("Houston endpoint" in e for e in document["evidence"]), (name, document)
        assert errors_at(findings, name) == []
    assert "Houston endpoint named in the file: houston.acme.io (line 2)" in verdicts["host.py"][0]["evidence"]
    assert any(e.startswith("Houston endpoint named in the file: houston.{") for e in verdicts["template.py"][0]["evidence"])


READS = {
    "sync.py": '''import os, requests
from pathlib import Path
HOUSTON_URL = os.environ["HOUSTON_URL"]
INVENTORY_URL = os.environ["INVENTORY_URL"]
HERE = Path(__file__).parent
def main():
    ws = requests.post(HOUSTON_URL, json={"query": (HERE / "queries/ws.graphql").read_text()})
    inv = requests.post(INVENTORY_URL, json={"query": (HERE / "queries/inventory.graphql").read_text()})
''',
    "queries/ws.graphql": "query Ws { workspces { id label } }\n",
    "queries/inventory.graphql": "query Inv { deployments { id releaseName airflowVersion } }\n",
    "gh.py": '''import os, requests
def houston(q):
    return requests.post(os.environ["HOUSTON_URL"], json={"query": q}).json()
def main():
    houston("{ workspaces { id } }")
    q = open("gh/repo.graphql").read()
    requests.post("https://api.github.com/graphql", json={"query": q})
''',
    "gh/repo.graphql": 'query Repo { repository(owner: "a", name: "b") { deployments(first: 3) { nodes { id name } } } }\n',
}


def test_f5_a_read_graphql_file_follows_where_that_read_is_sent(tmp_path):
    write(tmp_path, READS)
    completed, verdicts, findings = check(tmp_path)
    [ws] = verdicts["queries/ws.graphql"]
    assert ws["houston"] is True, ws
    assert 'read by ../sync.py (line 7), sent to HOUSTON_URL = os.environ["HOUSTON_URL"] (line 7)' in ws["evidence"]
    [inventory] = verdicts["queries/inventory.graphql"]
    assert inventory["houston"] is False, inventory
    assert 'read by ../sync.py (line 8), sent to INVENTORY_URL = os.environ["INVENTORY_URL"] (line 8), which names no Houston' in inventory["evidence"]
    [repo] = verdicts["gh/repo.graphql"]
    assert repo["houston"] is False, repo
    assert 'read by ../gh.py (line 6), sent to "https://api.github.com/graphql" (line 7), which names no Houston' in repo["evidence"]
    assert errors_at(findings, "queries/ws.graphql") == [1]  # workspces: the Houston read is still checked
    assert errors_at(findings, "queries/inventory.graphql") == [] and errors_at(findings, "gh/repo.graphql") == []
    diff = run("rewrite", "--no-cache", "--diff", ".", cwd=tmp_path).stdout
    assert "inventory.graphql" not in diff, diff  # the inventory API's airflowVersion is not renamed


def test_f6_explain_judges_a_graphql_file_in_the_run_check_makes(tmp_path):
    write(tmp_path, READS)
    completed, verdicts, findings = check(tmp_path)
    for target, args in (
        ("queries/ws.graphql", ("queries/ws.graphql", ".")),
        ("queries/inventory.graphql", ("./queries/inventory.graphql", ".")),
        ("gh/repo.graphql", ("gh/repo.graphql",)),  # no PATHS: check's default, "."
    ):
        explained = run("check", "--no-cache", "--format", "json", "--explain", *args, cwd=tmp_path)
        [document] = json.loads(explained.stdout)["documents"]
        [expected] = verdicts[target]
        assert (document["houston"], document["evidence"]) == (expected["houston"], expected["evidence"]), (target, document)
        assert explained.returncode == (1 if errors_at(findings, target) else 0), (target, explained.stderr)
    text = run("check", "--no-cache", "--explain", "queries/ws.graphql", ".", cwd=tmp_path).stdout
    assert text.startswith("queries/ws.graphql:1:1: Houston (Ws)\n"), text
    assert '  + read by ../sync.py (line 7), sent to HOUSTON_URL = os.environ["HOUSTON_URL"] (line 7) [strong]' in text


TRACED = {
    "settings.py": 'import os\nCATALOG_API = os.environ.get("CATALOG_API", "https://catalog.acme.com/query")\nCATALOG_URL = CATALOG_API\n',
    "imported.py": '''import os, requests
from settings import CATALOG_API
HOUSTON_URL = os.environ["HOUSTON_URL"]
def main():
    requests.post(HOUSTON_URL, json={"query": "{ workspaces { id } }"})
    requests.post(CATALOG_API, json={"query": "{ deployments { id name status } }"})
''',
    "helper.py": '''import os, requests
import settings
HOUSTON_URL = os.environ["HOUSTON_URL"]
def gql_post(url, q, **v):
    return requests.post(url, json={"query": q, "variables": v}).json()
def main():
    gql_post(HOUSTON_URL, "{ workspces { id } }")
    gql_post(settings.CATALOG_URL, "{ deployments { id name } }")
    gql_post(os.environ["CATALOG_URL"], "{ users { id name } }")
''',
    "base_url.py": '''import os, httpx
houston = httpx.Client(base_url=os.environ["HOUSTON_URL"])
acme = httpx.Client(base_url="https://api.acme.com")
def main():
    houston.post("", json={"query": "{ deploymnts { id } }"})
    acme.post("/v1", json={"query": "{ deployments { id name } }"})
''',
}


def test_f4_the_url_is_traced_through_imports_helper_parameters_and_base_url(tmp_path):
    write(tmp_path, TRACED)
    completed, verdicts, findings = check(tmp_path)
    houston, catalog = verdicts["imported.py"]
    assert houston["houston"] is True and catalog["houston"] is False, catalog
    assert "posted to CATALOG_API (call at line 6), not to the file's Houston endpoint (call at line 5)" in catalog["evidence"]
    typo, by_setting, by_env = verdicts["helper.py"]
    assert typo["houston"] is True, typo
    assert 'posted to HOUSTON_URL = os.environ["HOUSTON_URL"] (call at line 7)' in typo["evidence"]
    assert by_setting["houston"] is False and by_env["houston"] is False, (by_setting, by_env)
    assert "posted to settings.CATALOG_URL = CATALOG_API (imported, call at line 8), not to the file's Houston endpoint (call at line 7)" in by_setting["evidence"]
    typo, acme = verdicts["base_url.py"]
    assert typo["houston"] is True and 'posted to os.environ["HOUSTON_URL"] (call at line 5)' in typo["evidence"], typo
    assert acme["houston"] is False, acme
    # only the Houston documents' typos are errors: the other APIs' `name` fields are not
    assert {f["path"]: f["line"] for f in findings if f["severity"] == "error"} == {"helper.py": 7, "base_url.py": 5}
