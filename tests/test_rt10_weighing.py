"""Red team 10 (issue 12, report 12): how evidence is weighed, and what counts as a Houston endpoint named.

Every test runs the installed ``houston-codemod`` console script on files it writes
(``tmp_path``) and reads its JSON output, its ``--explain`` output or the files on disk.
"""

import json
import subprocess

PREAMBLE = '''import os, json, requests, urllib.request, functools, http.client
HOUSTON_URL = os.environ["HOUSTON_URL"]

def houston(q):
    return requests.post(HOUSTON_URL, json={"query": q}).json()

def list_ws():
    return houston("query { workspaces { id label } }")
'''


def run(*args, cwd):
    return subprocess.run(["houston-codemod", *args], cwd=cwd, capture_output=True, text=True, timeout=120)


def check(cwd, *extra):
    completed = run("check", "--no-cache", "--format", "json", *extra, ".", cwd=cwd)
    assert completed.returncode in (0, 1), completed.stderr
    assert "Traceback" not in completed.stderr
    return completed.returncode, json.loads(completed.stdout)


def write(root, files):
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def errors(report):
    return [(f["path"], f["line"], f["code"]) for f in report["findings"] if f["severity"] == "error"]


def documents_of(report, path):
    return {d["line"]: d for d in report["documents"] if d["path"] == path}


# -- 1. a document whose own words cannot be Houston's outweighs a Houston endpoint merely named ---------

FOREIGN_SENDS = {
    # sends the finder does not follow to their URL: only the file's HOUSTON_URL spoke for Houston
    "urllib_gh.py": PREAMBLE + '''
GH_Q = "query { viewer { login } }"
req = urllib.request.Request("https://api.github.com/graphql", data=json.dumps({"query": GH_Q}).encode())
urllib.request.urlopen(req)
''',
    "httpclient_gh.py": PREAMBLE + '''
GH_Q = "query { viewer { login } }"
c = http.client.HTTPSConnection("api.github.com")
c.request("POST", "/graphql", body=json.dumps({"query": GH_Q}))
''',
    "partial_gh.py": PREAMBLE + '''
gh_post = functools.partial(requests.post, "https://api.github.com/graphql")
GH_Q = "query { viewer { login } repository(owner: \\"a\\", name: \\"b\\") { id } }"
gh_post(json={"query": GH_Q})
''',
    "fragment_only.py": PREAMBLE + '''
FRAG = """fragment R on Repository { name }"""
requests.get("https://api.example-corp.com/graphql", params={"query": FRAG})
''',
}


def test_foreign_vocabulary_outweighs_a_houston_endpoint_named_in_the_file(tmp_path):
    write(tmp_path, FOREIGN_SENDS)
    code, report = check(tmp_path)
    assert errors(report) == [], report["findings"]
    assert code == 0, report["findings"]
    for path in FOREIGN_SENDS:
        documents = documents_of(report, path)
        assert documents[8]["houston"] is True  # the file's own Houston query is still Houston's
        [foreign] = [d for line, d in documents.items() if line != 8]
        assert foreign["houston"] is not True, foreign
        assert any(e.startswith(("root fields Houston never had, none a typo of Houston's: viewer", "fragments on types Houston never had: Repository")) for e in foreign["evidence"]), foreign
    # the same line, as --explain shows it: weighed as context, against
    explained = run("check", "--no-cache", "--explain", "urllib_gh.py:10", cwd=tmp_path)
    assert explained.returncode == 0, explained.stderr
    assert "- root fields Houston never had, none a typo of Houston's: viewer [context]" in explained.stdout, explained.stdout
    # rewrite leaves every file alone
    rewritten = run("rewrite", "--no-cache", ".", cwd=tmp_path)
    assert rewritten.returncode == 0, rewritten.stdout + rewritten.stderr
    for path, text in FOREIGN_SENDS.items():
        assert (tmp_path / path).read_text(encoding="utf-8") == text


TYPOS = PREAMBLE + '''
def main():
    houston("query { workspacs { id } }")
    urllib.request.urlopen(urllib.request.Request(HOUSTON_URL, data=json.dumps({"query": "query { deploymentz { id } }"}).encode()))
    c = http.client.HTTPSConnection("houston.acme.com")
    c.request("POST", "/v1", body=json.dumps({"query": 'mutation { createDeploymnt(workspaceUuid: "w", label: "x") { id } }'}))
'''

DECISIVE = '''import requests
requests.post("https://houston.acme.com/v1", json={"query": "query { viewer { login } }"})
'''


def test_houston_typos_under_context_stay_houston_and_a_decisive_url_still_reports_any_root_field(tmp_path):
    write(tmp_path, {"typos.py": TYPOS, "decisive.py": DECISIVE})
    code, report = check(tmp_path)
    assert code == 1
    found = errors(report)
    for line in (11, 12, 14):
        assert ("typos.py", line, "fields-on-correct-type") in found, report["findings"]
    messages = {f["line"]: f["message"] for f in report["findings"] if f["path"] == "typos.py"}
    assert "Did you mean 'createDeployment'" in messages[14]
    assert "Did you mean 'workspace'" in messages[11]
    # a Houston URL is decisive: even a root field no Houston ever had is Houston's error
    [viewer] = [f for f in report["findings"] if f["path"] == "decisive.py"]
    assert viewer["severity"] == "error" and "viewer" in viewer["message"]
    assert documents_of(report, "decisive.py")[2]["houston"] is True


# -- 2. what is not a Houston endpoint named in the file ---------------------------------------------

NOT_ENDPOINTS = {
    "onlyimport.py": "import lib.houston_api\nfrom acme.api import client\ndef main():\n    client.execute('query { viewer { login } }')\n",
    "fromimport.py": "from lib.houston_api import x\nfrom acme.api import client\ndef main():\n    client.execute('query { viewer { login } }')\n",
    "kw.py": "from acme.api import client\ndef f(houston_url=None):\n    return client.execute('query { viewer { login } }')\n",
    "pattern.py": 'from acme.api import client\nHOUSTON_URL_PATTERN = r"^https://houston\\."\ndef f():\n    return client.execute("query { viewer { login } }")\n',
    "pop.py": 'from acme.api import client\nimport os\nos.environ.pop("HOUSTON_API_TOKEN", None)\ndef f():\n    return client.execute("query { viewer { login } }")\n',
    "fn.py": "from acme.api import client\ndef houston_url():\n    return None\ndef f():\n    return client.execute('query { viewer { login } }', houston_url())\n",
}


def test_module_paths_parameters_patterns_removed_tokens_and_function_names_name_no_endpoint(tmp_path):
    write(tmp_path, NOT_ENDPOINTS)
    code, report = check(tmp_path)
    assert code == 0 and errors(report) == [], report["findings"]
    for document in report["documents"]:
        assert not any(e.startswith("Houston endpoint named in the file") for e in document["evidence"]), document


NAMED_ENDPOINTS = {
    # the README's positives: each still names Houston's endpoint (with a typo reported through it)
    "setting.py": 'import os, requests\nHOUSTON_URL = os.environ["HOUSTON_URL"]\ndef send(u, q):\n    return requests.post(u, json={"query": q})\nsend(HOUSTON_URL, "query { deploymentz { id } }")\n',
    "token.py": 'import os, requests\nT = os.environ["HOUSTON_TOKEN"]\nrequests.post(os.environ["API"], headers={"authorization": T}, json={"query": "query { deploymentz { id } }"})\n',
    "host.py": 'import requests\nURL = "https://houston.example.com/v1"\nrequests.post(URL, json={"query": "query { deploymentz { id } }"})\n',
    "fstring.py": 'import os, requests\ndomain = os.environ["D"]\nurl = f"https://houston.{domain}/v1"\nrequests.post(url, json={"query": "query { deploymentz { id } }"})\n',
    "func.py": 'import os, requests\nD = os.environ["D"]\ndef houston_url():\n    return f"https://houston.{D}/v1"\nrequests.post(houston_url(), json={"query": "query { deploymentz { id } }"})\n',
}


def test_readme_endpoint_positives_still_count_and_the_evidence_quotes_the_endpoint(tmp_path):
    write(tmp_path, NAMED_ENDPOINTS)
    code, report = check(tmp_path)
    assert code == 1
    assert sorted(path for path, _line, _code in errors(report)) == sorted(NAMED_ENDPOINTS), report["findings"]
    quoted = {d["path"]: [e for e in d["evidence"] if e.startswith("Houston endpoint named in the file")] for d in report["documents"]}
    assert quoted["setting.py"] == ["Houston endpoint named in the file: HOUSTON_URL (line 2)"]
    assert quoted["token.py"] == ["Houston endpoint named in the file: HOUSTON_TOKEN (line 2)"]
    assert quoted["host.py"] == ["Houston endpoint named in the file: houston.example.com/v1 (line 2)"]
    assert quoted["fstring.py"] == ["Houston endpoint named in the file: houston.{domain}/v1 (line 3)"]
    # the function's name is no endpoint: the URL it returns is quoted
    assert quoted["func.py"] == ["Houston endpoint named in the file: houston.{D}/v1 (line 4)"], quoted["func.py"]


# -- 3. a HOUSTON_* name through a text-keeping call ----------------------------------------------------

WRAPPED = '''import inspect
import textwrap
HOUSTON_CREATE = textwrap.dedent("""
    mutation { createDeploymnt(workspaceUuid: "w", label: "x", type: "airflow") { id } }
""")
HOUSTON_LIST = inspect.cleandoc("""
    query { deploymentz { id } }
""")
HOUSTON_WS = """
    query { workspacs { id } }
""".strip()
'''


def test_houston_names_survive_dedent_cleandoc_and_strip(tmp_path):
    write(tmp_path, {"consts.py": WRAPPED})
    code, report = check(tmp_path)
    assert code == 1
    assert sorted(line for _path, line, _code in errors(report)) == [4, 7, 10], report["findings"]
    names = sorted(e for d in report["documents"] for e in d["evidence"] if e.startswith("name "))
    assert names == ["name HOUSTON_CREATE", "name HOUSTON_LIST", "name HOUSTON_WS"]


# -- 4. parts of a composition sent to another API ------------------------------------------------------

COMPOSED = PREAMBLE + '''
GH = "https://api.github.com/graphql"
FRAG = "fragment R on Repository { name }"
Q = "query { viewer { repositories(first: 1) { nodes { ...R } } } }"
P = "query { viewer { login } }"
FIELDS = "query { organization(login: \\"x\\") { id } }"
def main():
    requests.post(GH, json={"query": Q + FRAG})
    requests.post(GH, json={"query": f"{P}{FRAG}"})
    requests.post(GH, json={"query": "\\n".join([FIELDS, FRAG])})
'''

COMPOSED_HOUSTON = '''import os, requests
HOUSTON_URL = os.environ["HOUSTON_URL"]
FRAG = "fragment D on Deployment { id labl }"
Q = "query { deployments { ...D } }"
requests.post(HOUSTON_URL, json={"query": Q + FRAG})
'''


def test_parts_of_a_composition_sent_elsewhere_take_its_verdict(tmp_path):
    write(tmp_path, {"composed.py": COMPOSED, "houston_parts.py": COMPOSED_HOUSTON})
    code, report = check(tmp_path)
    documents = documents_of(report, "composed.py")
    for line in (11, 12, 13, 14):
        assert documents[line]["houston"] is False, documents[line]
        assert any(e.startswith("part of a document sent: url api.github.com/graphql") for e in documents[line]["evidence"]), documents[line]
    assert not [f for f in report["findings"] if f["path"] == "composed.py"], report["findings"]
    # the same composition sent to Houston: its parts are Houston's, the typo reported once
    parts = documents_of(report, "houston_parts.py")
    assert parts[3]["houston"] is True and parts[4]["houston"] is True
    assert errors(report) == [("houston_parts.py", 3, "fields-on-correct-type")], report["findings"]
    assert code == 1


# -- 5. sgqlc: a whole URL on another domain, and the verdict listed and explained -------------------------

SGQLC = '''import os
from sgqlc.endpoint.http import HTTPEndpoint
from sgqlc.endpoint.requests import RequestsEndpoint
from sgqlc.operation import Operation
from acme_schema import acme_schema as schema

HOUSTON_TOKEN = os.environ.get("HOUSTON_API_TOKEN")
ep = ENDPOINT("https://api.acme-corp.com/v1")

def f():
    op = Operation(schema.Mutation)
    op.create_deployment(workspace_uuid="w", label="x", type="airflow", airflow_version="2.3.4-11")
    return ep(op)
'''
SGQLC_HOUSTON = SGQLC.replace("https://api.acme-corp.com/v1", "https://houston.acme-corp.com/v1")


def test_sgqlc_foreign_v1_endpoint_counts_against_and_the_verdict_is_listed_and_explained(tmp_path):
    write(tmp_path, {
        "http_ep.py": SGQLC.replace("ENDPOINT", "HTTPEndpoint"),
        "requests_ep.py": SGQLC.replace("ENDPOINT", "RequestsEndpoint"),
        "houston_ep.py": SGQLC_HOUSTON.replace("ENDPOINT", "HTTPEndpoint"),
    })
    code, report = check(tmp_path)
    assert [(f["path"], f["code"]) for f in report["findings"]] == [("houston_ep.py", "review-sgqlc-operation")], report["findings"]
    listed = {d["path"]: d for d in report["documents"]}
    for path in ("http_ep.py", "requests_ep.py"):
        assert listed[path]["houston"] is False and listed[path]["line"] == 12, listed[path]
        assert listed[path]["operations"] == ["sgqlc create_deployment"]
        assert any(e.startswith("endpoint api.acme-corp.com/v1: a host that is not Houston's") for e in listed[path]["evidence"]), listed[path]
    assert listed["houston_ep.py"]["houston"] is True
    explained = run("check", "--no-cache", "--explain", "http_ep.py:12", cwd=tmp_path)
    assert explained.returncode == 0, explained.stderr
    lines = explained.stdout.splitlines()
    assert lines[0] == "http_ep.py:12:5: not Houston (sgqlc create_deployment)", explained.stdout
    assert "  - endpoint api.acme-corp.com/v1: a host that is not Houston's (HTTPEndpoint at line 8) [strong]" in lines
