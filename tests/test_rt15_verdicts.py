"""Issue 12 verdicts, red team pass 14 (report 12: F7, F1, F6, F4, F5, F9).

Each scenario is one run of the installed ``houston-codemod`` over a small project
(``tests/verdicts_cli.py``), asserting the verdicts, their evidence and the findings.
"""

from pathlib import Path

from verdicts_cli import at, check, write

# F6: another API's half-written query (closing brace missing) whose root field is any platform's noun.
UNFINISHED = '''import os
import requests


def run_query(query, variables=None):
    resp = requests.post(os.environ["API_URL"], json={"query": query, "variables": variables})
    return resp.json()["data"]


print(run_query("query { workspaces { id name } "))
print(run_query("query { deployments { id releaseName "))
'''


def test_f6_an_unfinished_document_is_not_houstons_for_a_noun_any_platform_has(tmp_path: Path):
    write(tmp_path, {"client.py": UNFINISHED, "src/graphql/workspaces.graphql": "query Workspaces {\n  workspaces {\n    id\n    name\n    slug\n}\n"})
    completed, verdicts, findings = check(tmp_path)
    generic = at(verdicts, "client.py", 10) if any(d["line"] == 10 for d in verdicts.get("client.py", [])) else None
    assert generic is None or generic["houston"] is not True, generic
    assert "src/graphql/workspaces.graphql" not in verdicts or all(d["houston"] is not True for d in verdicts["src/graphql/workspaces.graphql"])
    assert not any("Houston-only root field workspaces" in e for ds in verdicts.values() for d in ds for e in d["evidence"])
    # a name only Houston uses after the noun still makes the unfinished document Houston's
    own = at(verdicts, "client.py", 11)
    assert own["houston"] is True and any("releaseName" in e for e in own["evidence"]), own
    assert [f["line"] for f in findings if f["code"] == "graphql-syntax"] == [11], findings
    assert completed.returncode == 1


# F4: HOUSTON_ names a store's city beside its sibling cities, all sent to an inventory API.
STORES = '''import os
import requests

INVENTORY_API = os.environ["INVENTORY_API"]

DALLAS_QUERY = '{ store(code: "DAL") { skus { id onHand } } }'
AUSTIN_QUERY = '{ store(code: "AUS") { skus { id onHand } } }'
HOUSTON_QUERY = '{ store(code: "HOU") { skus { id onHand } } }'
SAN_ANTONIO_STATUS = '{ store(code: "SAT") { open } }'
HOUSTON_STATUS = '{ store(code: "HOU") { open } }'


def snapshot(query):
    return requests.post(INVENTORY_API, json={"query": query}).json()


for q in (DALLAS_QUERY, AUSTIN_QUERY, HOUSTON_QUERY, SAN_ANTONIO_STATUS, HOUSTON_STATUS):
    print(snapshot(q))
'''


def test_f4_a_houston_name_beside_other_cities_names_a_place_not_the_api(tmp_path: Path):
    write(tmp_path, {"stores.py": STORES, "ops.py": "HOUSTON_QUERY = '{ store(code: \"HOU\") { skus { id } } }'\nGITHUB_QUERY = '{ viewer { login } }'\n"})
    completed, verdicts, findings = check(tmp_path)
    for line in (8, 10):
        place = at(verdicts, "stores.py", line)
        assert place["houston"] is not True, place
        assert any("a place's name" in e for e in place["evidence"]), place["evidence"]
    assert not [f for f in findings if f["path"] == "stores.py"], findings
    # beside another API's name (not a place), HOUSTON_QUERY still names Houston's API
    named = at(verdicts, "ops.py", 1)
    assert named["houston"] is True and "name HOUSTON_QUERY" in named["evidence"], named
    assert completed.returncode == 1


# F7: one client class in lib/, imported, built once for Houston and once for GitHub.
GQL_CLIENT = '''import requests


class GraphQLClient:
    def __init__(self, url, token=None):
        self.url = url
        self.session = requests.Session()

    def query(self, q, **variables):
        r = self.session.post(self.url, json={"query": q, "variables": variables})
        return r.json()["data"]
'''
SYNC = '''import os
from lib.gql_client import GraphQLClient

houston = GraphQLClient(os.environ.get("HOUSTON_URL", "https://houston.acme.com/v1"), os.environ["HOUSTON_API_TOKEN"])
github = GraphQLClient(url="https://api.github.com/graphql")

USER_Q = """
query User($login: String!) {
  user(login: $login) { name company }
}
"""

print(houston.query("{ workspaces { id labl } }"))
print(github.query(USER_Q, login="octocat"))
'''


def test_f7_each_instance_of_an_imported_client_class_posts_where_it_was_built_to(tmp_path: Path):
    write(tmp_path, {"lib/__init__.py": "", "lib/gql_client.py": GQL_CLIENT, "sync.py": SYNC})
    completed, verdicts, findings = check(tmp_path)
    github = at(verdicts, "sync.py", 7)
    assert github["houston"] is False, github
    assert any("api.github.com" in e and "line 5" in e for e in github["evidence"]), github["evidence"]
    houston = at(verdicts, "sync.py", 13)
    assert houston["houston"] is True, houston
    assert any("houston.acme.com" in e and "self.url" in e for e in houston["evidence"]), houston["evidence"]
    errors = [(f["line"], f["message"]) for f in findings if f["severity"] == "error"]
    assert errors == [(13, "Cannot query field 'labl' on type 'Workspace'. Did you mean 'label'?")], findings
    assert completed.returncode == 1


# F1: GitHub's query sent by a channel the tool does not read as a send, in a file with a Houston helper.
HEADER = '''import json, os, subprocess
import requests

HOUSTON_URL = "https://houston.acme.io/v1"


def houston(query, variables=None):
    return requests.post(HOUSTON_URL, json={"query": query, "variables": variables or {}}).json()["data"]


USER_Q = """
query User($login: String!) {
  user(login: $login) { name company }
}
"""
'''
UNTRACED_SENDS = {
    "gh_cli.py": HEADER + '''

def gh_user(login):
    out = subprocess.run(["gh", "api", "graphql", "-f", f"query={USER_Q}", "-F", f"login={login}"], capture_output=True)
    return json.loads(out.stdout)
''',
    "pygithub.py": HEADER + '''

def gh_user(g):
    return g._Github__requester.requestJsonAndCheck("POST", "/graphql", input={"query": USER_Q})
''',
    "pycurl_send.py": HEADER + '''
import pycurl
c = pycurl.Curl()
c.setopt(c.URL, "https://api.github.com/graphql")
c.setopt(c.POSTFIELDS, json.dumps({"query": USER_Q}))
c.perform()
''',
    "subscription.py": HEADER + '''
import websockets


async def watch():
    async with websockets.connect("wss://realtime.acme-chat.io/graphql") as ws:
        await ws.send(json.dumps({"type": "start", "payload": {"query": USER_Q}}))
''',
    "client_at_call.py": HEADER + '''
from urllib.parse import urljoin


class GitHubAPI:
    def __init__(self, api):
        self.api = api

    def graphql(self, query, **variables):
        return requests.post(urljoin(self.api, "graphql"), json={"query": query, "variables": variables}).json()


print(GitHubAPI("https://api.github.com/").graphql(USER_Q, login="x"))
''',
    "client_default.py": HEADER + '''
from urllib.parse import urljoin


class GitHubAPI:
    def __init__(self, api="https://api.github.com/"):
        self.api = api

    def graphql(self, query, **variables):
        return requests.post(urljoin(self.api, "graphql"), json={"query": query, "variables": variables}).json()


print(GitHubAPI().graphql(USER_Q, login="x"))
''',
}


def test_f1_a_send_the_tool_cannot_read_that_names_another_api_outweighs_the_files_houston_helper(tmp_path: Path):
    files = {name: text + '\nprint(houston("{ workspaces { id label } }"))\n' for name, text in UNTRACED_SENDS.items()}
    write(tmp_path, files)
    completed, verdicts, findings = check(tmp_path)
    for name in files:
        user = at(verdicts, name, 11)
        assert user["houston"] is False, (name, user)
        assert any("this send is not traced" in e or "url api.github.com/graphql (call at line" in e for e in user["evidence"]), (name, user["evidence"])
        assert any(d["houston"] is True for d in verdicts[name] if d["line"] != 11), (name, verdicts[name])
    assert not [f for f in findings if f["severity"] == "error"], findings
    assert completed.returncode == 0


# F5: a lambda helper imported from a module of the run, posting to Houston.
def test_f5_an_imported_lambda_helper_is_followed_as_a_def_is(tmp_path: Path):
    write(tmp_path, {
        "lib/__init__.py": "",
        "lib/api.py": 'import requests\nrun_query = lambda q, **v: requests.post("https://houston.acme.com/v1", json={"query": q, "variables": v}).json()\n',
        "main.py": 'from lib.api import run_query\nrun_query("{ workspaces { id labl } }")\n',
    })
    completed, verdicts, findings = check(tmp_path)
    sent = at(verdicts, "main.py", 2)
    assert sent["houston"] is True and any("run_query() of lib/api.py" in e for e in sent["evidence"]), sent
    assert [(f["path"], f["line"]) for f in findings if f["severity"] == "error"] == [("main.py", 2)], findings
    assert completed.returncode == 1


# F9: a client instance called directly, its __call__ delegating to the method that posts.
CALLED_CLIENT = '''import os
import requests


class HoustonClient:
    def __init__(self, domain):
        self.domain = domain

    @property
    def url(self):
        return f"https://houston.{self.domain}/v1"

    def query(self, q, **v):
        return requests.post(self.url, json={"query": q, "variables": v}).json()

    def __call__(self, q, **v):
        return self.query(q, **v)


client = HoustonClient(os.environ["BASEDOMAIN"])
client.query("{ workspaces { id labl } }")
client("{ deployments { id releaseNam } }")
'''


def test_f9_a_client_instance_called_directly_sends_through_its_call_method(tmp_path: Path):
    write(tmp_path, {"a.py": CALLED_CLIENT})
    completed, verdicts, findings = check(tmp_path)
    called = at(verdicts, "a.py", 22)
    assert called["houston"] is True, called
    errors = sorted((f["line"], f["message"].split(".")[0]) for f in findings if f["severity"] == "error")
    assert errors == [(21, "Cannot query field 'labl' on type 'Workspace'"), (22, "Cannot query field 'releaseNam' on type 'Deployment'")], findings
    assert completed.returncode == 1
