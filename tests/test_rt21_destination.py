"""Red team 19: another GraphQL API's document in a file that also talks to Houston, judged Houston.

The rule (codemods/destination): a document is Houston's only when the evidence of where it
is sent says so; where several URLs of different APIs could be in force at its send, or its
client cannot be traced, it is undecided (listed, neither rewritten nor validated).  The red
team found sends whose URL was read from ONE of its bindings only, so the other API's
document (its ``airflowVersion`` argument) was judged Houston and would be rewritten:

* F15: a module ``url`` rebound by ``global url; url = OTHER`` in a function (the finder bound
  it in the function's scope: the helper reading the module's ``url`` saw Houston's only);
* F19: an instance's URL stored after its construction (``c.url = OTHER``, ``c.endpoint = ...``,
  a library client's ``gq.endpoint = OTHER``): the construction's Houston URL alone was read
  (codemods/destination/attribute_stores.py);
* F14: a client a base class's ``__init__`` builds from the URL a subclass passes up
  (``self.client = GraphqlClient(endpoint=url)``, ``super().__init__(OTHER_URL)``): the subclass's
  URL was not read, so the file's Houston endpoint decided; two ``with Client(...) as c:`` blocks of
  one name: the first block's client spoke for both sends;
* F16: a function of another module returning a document (``from builders import apps_query``)
  whose result the importer sends to another API: judged by the defining module's Houston endpoint;
* F17: a client class re-exported by a package (``from pkg import Api``) and subclassed in the importer
  with another API's ``URL``: the inherited send was not traced (the re-exported class had no methods in
  the run's index), so the importer's Houston endpoint decided
  (codemods/destination/imported_instance.gather_subclasses);
* F1: gidgethub's ``gh.graphql(q)``, githubkit's ``github.graphql(q, v)`` /
  ``async_graphql``, python-gitlab's ``gitlab.GraphQL().execute(q)``: the library's own
  endpoint, which the file never writes (codemods/destination/sdk_sends.py).

Each case is a realistic file of a project talking to Houston AND another API; the
controls are the plain shapes that must stay Houston's (recall): ``requests.post(HOUSTON_URL,
json=...)``, a Houston client class, an env-configured Houston base, a library client whose
endpoint is never stored again, a ``global`` read without a rebinding.

One ``check --format json`` run of the installed CLI (``TRUST_CLI_UNDER_TEST`` points it
at another install) over one tree.
"""

import json
from pathlib import Path

from trust_cli import run_cli

_HEAD = '''import os
import requests

HOUSTON_URL = "https://houston.example.com/v1"
OTHER_URL = "https://api.example.com/graphql"

DEPLOYMENTS = """
query Deps($ws: Uuid!) {
  workspaceDeployments(workspaceUuid: $ws) { id airflowVersion }
}
"""

APPS = """
query Apps($airflowVersion: String!) {
  deployments(airflowVersion: $airflowVersion) { id airflowVersion }
}
"""
'''

_CLIENT = '''

class Client:
    def __init__(self, url):
        self.url = url

    def q(self, doc, variables=None):
        return requests.post(self.url, json={"query": doc, "variables": variables},
                             headers={"Authorization": os.environ["HOUSTON_API_TOKEN"]}).json()
'''

# The other API's document (APPS) must not be judged Houston's.
PRECISION = {
    # F15: the module's url rebound in a function (global), the helper posting to it
    "f15_global.py": _HEAD + '''
url = HOUSTON_URL


def post(q, v=None):
    return requests.post(url, json={"query": q, "variables": v}).json()


def use_inventory():
    global url
    url = OTHER_URL


def main(ws, v):
    post(DEPLOYMENTS, {"ws": ws})
    use_inventory()
    post(APPS, {"airflowVersion": v})
''',
    # F15: a nested helper rebinding its enclosing function's url (nonlocal)
    "f15_nonlocal.py": _HEAD + '''

def main(ws, v):
    url = HOUSTON_URL

    def post(q, variables=None):
        return requests.post(url, json={"query": q, "variables": variables}).json()

    def switch():
        nonlocal url
        url = OTHER_URL

    post(DEPLOYMENTS, {"ws": ws})
    switch()
    return post(APPS, {"airflowVersion": v})
''',
    # F19: the module's own client class, its url attribute stored after construction
    "f19_attr.py": _HEAD + _CLIENT + '''

def main(ws, v):
    c = Client(HOUSTON_URL)
    c.q(DEPLOYMENTS, {"ws": ws})
    c.url = OTHER_URL
    return c.q(APPS, {"airflowVersion": v})
''',
    "f19_setattr.py": _HEAD + _CLIENT + '''
inventory = Client(HOUSTON_URL)
setattr(inventory, "url", OTHER_URL)
inventory.q(APPS, {"airflowVersion": "2.5.0"})
''',
    # F19 / F15 with the other API's URL read from the environment (it names no Houston, but is concrete)
    "f19_attr_env.py": _HEAD + _CLIENT + '''

def main(ws, v):
    c = Client(HOUSTON_URL)
    c.q(DEPLOYMENTS, {"ws": ws})
    c.url = os.environ["INVENTORY_URL"]
    return c.q(APPS, {"airflowVersion": v})
''',
    "f19_library_env.py": _HEAD + '''
from python_graphql_client import GraphqlClient


def main(v):
    c = GraphqlClient(endpoint=HOUSTON_URL)
    c.endpoint = os.environ["INVENTORY_URL"]
    return c.execute(query=APPS, variables={"airflowVersion": v})
''',
    "f15_global_env.py": _HEAD + '''
url = HOUSTON_URL


def post(q, v=None):
    return requests.post(url, json={"query": q, "variables": v}).json()


def use_inventory():
    global url
    url = os.environ["INVENTORY_URL"]


def main(v):
    use_inventory()
    post(APPS, {"airflowVersion": v})
''',
    # F19: a library client's endpoint stored after construction
    "f19_library.py": _HEAD + '''
from python_graphql_client import GraphqlClient


def main(v):
    c = GraphqlClient(endpoint=HOUSTON_URL)
    c.endpoint = OTHER_URL
    return c.execute(query=APPS, variables={"airflowVersion": v})
''',
    "f19_transport.py": _HEAD + '''
from gql import Client, gql
from gql.transport.requests import RequestsHTTPTransport

client = Client(transport=RequestsHTTPTransport(url=HOUSTON_URL))


def main(v):
    client.transport = RequestsHTTPTransport(url=OTHER_URL)
    return client.execute(gql(APPS), variable_values={"airflowVersion": v})
''',
    # F14: a client stored on self in a base's __init__, given another API's URL by a subclass
    "f14_base_run.py": _HEAD + '''
from python_graphql_client import GraphqlClient


class Base:
    def __init__(self, url):
        self.client = GraphqlClient(endpoint=url)

    def run(self, q, v=None):
        return self.client.execute(query=q, variables=v)


class Houston(Base):
    def __init__(self):
        super().__init__(HOUSTON_URL)

    def deployments(self, ws):
        return self.run(DEPLOYMENTS, {"ws": ws})


class Inventory(Base):
    def __init__(self):
        super().__init__(OTHER_URL)

    def apps(self, v):
        return self.run(APPS, {"airflowVersion": v})
''',
    "f14_default.py": _HEAD + '''
from python_graphql_client import GraphqlClient


class Base:
    def __init__(self, url=HOUSTON_URL):
        self.client = GraphqlClient(endpoint=url)

    def run(self, q, v=None):
        return self.client.execute(query=q, variables=v)


class Inventory(Base):
    def __init__(self):
        super().__init__(OTHER_URL)

    def apps(self, v):
        return self.run(APPS, {"airflowVersion": v})


def main(ws, v):
    Base().run(DEPLOYMENTS, {"ws": ws})
    Inventory().apps(v)
''',
    # F14: with-targets of one name, each block its own client
    "f14_with.py": _HEAD + '''
from gql import Client, gql
from gql.transport.requests import RequestsHTTPTransport

with Client(transport=RequestsHTTPTransport(url=HOUSTON_URL)) as c:
    c.execute(gql(DEPLOYMENTS), variable_values={"ws": "w"})

with Client(transport=RequestsHTTPTransport(url=OTHER_URL)) as c:
    c.execute(gql(APPS), variable_values={"airflowVersion": "2.5.0"})
''',
    "f14_with_own.py": _HEAD + _CLIENT + '''
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def deployments(ws):
    with Client(url=HOUSTON_URL) as h:
        return h.q(DEPLOYMENTS, {"ws": ws})


def apps(v):
    with Client(url=OTHER_URL) as c:
        return c.q(APPS, {"airflowVersion": v})
''',
    # F1: GitHub's and GitLab's clients, whose endpoints the file never writes
    "f1_gidgethub.py": _HEAD + '''
import aiohttp
from gidgethub.aiohttp import GitHubAPI


def deployments(ws):
    return requests.post(HOUSTON_URL, json={"query": DEPLOYMENTS, "variables": {"ws": ws}}).json()


async def releases(v):
    async with aiohttp.ClientSession() as session:
        gh = GitHubAPI(session, "release-bot", oauth_token=os.environ["GH_TOKEN"])
        return await gh.graphql(APPS, airflowVersion=v)
''',
    "f1_gidgethub_param.py": _HEAD + '''
from gidgethub import routing

router = routing.Router()


def deployments(ws):
    return requests.post(HOUSTON_URL, json={"query": DEPLOYMENTS, "variables": {"ws": ws}}).json()


@router.register("release", action="published")
async def released(event, gh, *args, **kwargs):
    return await gh.graphql(APPS, airflowVersion=event.data["release"]["tag_name"])
''',
    "f1_githubkit.py": _HEAD + '''
from githubkit import GitHub

github = GitHub(os.environ["GH_TOKEN"])


def deployments(ws):
    return requests.post(HOUSTON_URL, json={"query": DEPLOYMENTS, "variables": {"ws": ws}}).json()


def releases(v):
    return github.graphql(APPS, {"airflowVersion": v})
''',
    "f1_githubkit_async.py": _HEAD + '''
from githubkit import GitHub

github = GitHub(os.environ["GH_TOKEN"])


def deployments(ws):
    return requests.post(HOUSTON_URL, json={"query": DEPLOYMENTS, "variables": {"ws": ws}}).json()


async def releases(v):
    return await github.async_graphql(APPS, variables={"airflowVersion": v})
''',
    "f1_gitlab.py": _HEAD + '''
import gitlab

gq = gitlab.GraphQL("https://gitlab.example.com", token=os.environ["GITLAB_TOKEN"])


def deployments(ws):
    return requests.post(HOUSTON_URL, json={"query": DEPLOYMENTS, "variables": {"ws": ws}}).json()


def releases(v):
    return gq.execute(APPS, variable_values={"airflowVersion": v})
''',
}

# Houston's document (DEPLOYMENTS) must stay Houston's: the plain shapes (recall).
RECALL = {
    "r_plain.py": _HEAD + '''
requests.post(HOUSTON_URL, json={"query": DEPLOYMENTS, "variables": {"ws": "w"}})
''',
    "r_client_class.py": _HEAD + _CLIENT + '''
houston = Client(HOUSTON_URL)
houston.q(DEPLOYMENTS, {"ws": "w"})
''',
    "r_env_base.py": _HEAD.replace('HOUSTON_URL = "https://houston.example.com/v1"',
                                   'HOUSTON_URL = os.environ["HOUSTON_BASE_URL"].rstrip("/") + "/v1"') + '''
requests.post(HOUSTON_URL, json={"query": DEPLOYMENTS, "variables": {"ws": "w"}})
''',
    # a global declared and only read (or rebound to Houston's own URL) changes nothing
    "r_global_read.py": _HEAD + '''
url = HOUSTON_URL


def configure():
    global url
    url = os.environ.get("HOUSTON_URL", HOUSTON_URL)


def post(q, v=None):
    global url
    return requests.post(url, json={"query": q, "variables": v}).json()


post(DEPLOYMENTS, {"ws": "w"})
''',
    # a module URL set lazily (None first, Houston's from the environment in a function): Houston's
    "r_global_lazy.py": _HEAD + '''
url = None


def configure():
    global url
    url = os.environ["HOUSTON_URL"]


def post(q, v=None):
    return requests.post(url, json={"query": q, "variables": v}).json()


post(DEPLOYMENTS, {"ws": "w"})
''',
    # a library client whose endpoint is never stored again; another instance's store is not its
    "r_library.py": _HEAD + '''
from python_graphql_client import GraphqlClient

houston = GraphqlClient(endpoint=HOUSTON_URL)
other = GraphqlClient(endpoint=HOUSTON_URL)
other.endpoint = OTHER_URL
other.headers = {"x": "y"}
houston.execute(query=DEPLOYMENTS, variables={"ws": "w"})
''',
    # the instance whose url is stored again is not the Houston one
    "r_two_instances.py": _HEAD + _CLIENT + '''
houston = Client(HOUSTON_URL)
houston.q(DEPLOYMENTS, {"ws": "w"})
inventory = Client(HOUSTON_URL)
inventory.url = OTHER_URL
houston.timeout = 30
''',
    # each with block's own client: Houston's send inside Houston's block stays Houston's
    "r_with.py": PRECISION["f14_with.py"],
    "r_with_own.py": PRECISION["f14_with_own.py"],
    "r_default.py": PRECISION["f14_default.py"],
    # a Houston send in a file importing gidgethub is still Houston's
    "r_gidgethub.py": PRECISION["f1_gidgethub.py"] + '''

deployments("w")
''',
}


def _check(root: Path):
    completed = run_cli("check", "--no-cache", "--format", "json", ".", cwd=root)
    assert completed.returncode in (0, 1), completed.stderr
    assert "Traceback" not in completed.stderr, completed.stderr
    verdicts = {}
    for document in json.loads(completed.stdout)["documents"]:
        verdicts.setdefault(Path(document["path"]).as_posix(), {})[document["operations"][0]] = document
    return verdicts


def test_other_apis_documents_are_never_houstons_and_houstons_stay(tmp_path):
    for name, text in {**PRECISION, **RECALL}.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    verdicts = _check(tmp_path)
    wrong = {}
    for path in PRECISION:
        apps = verdicts.get(path, {}).get("Apps")
        if apps is None or apps["houston"] is True:
            wrong[path] = apps and apps["evidence"]
    for path in RECALL:
        deps = verdicts.get(path, {}).get("Deps")
        if deps is None or deps["houston"] is not True:
            wrong[path] = deps and deps["evidence"]
    assert not wrong, json.dumps(wrong, indent=1)
    # the SDK's own endpoint is named, decisive where the client is traced, context where it is a parameter
    said = {path: " ".join(verdicts[path]["Apps"]["evidence"]) for path in PRECISION}
    assert "gidgethub" in said["f1_gidgethub.py"] and verdicts["f1_gidgethub.py"]["Apps"]["houston"] is False
    assert verdicts["f1_gidgethub_param.py"]["Apps"]["houston"] is None, said["f1_gidgethub_param.py"]
    assert "githubkit" in said["f1_githubkit.py"] and "python-gitlab" in said["f1_gitlab.py"]
    # a with block's own client: decided
    assert verdicts["f14_with.py"]["Apps"]["houston"] is False and verdicts["f14_with_own.py"]["Apps"]["houston"] is False
    # several URLs in force: undecided (listed), not "another API" guessed
    for path in ("f15_global.py", "f15_nonlocal.py", "f19_attr.py", "f19_library.py", "f19_transport.py", "f14_base_run.py",
                 "f19_attr_env.py", "f19_library_env.py", "f15_global_env.py"):
        assert verdicts[path]["Apps"]["houston"] is None, (path, verdicts[path]["Apps"]["evidence"])
        said = " ".join(verdicts[path]["Apps"]["evidence"])
        assert "api.example.com/graphql" in said or "INVENTORY_URL" in said, path


def test_the_other_apis_document_is_left_as_written(tmp_path):
    """``rewrite``: the other API's ``airflowVersion`` stays, Houston's plain send is migrated."""
    cases = {name: PRECISION[name] for name in ("f15_global.py", "f19_library.py", "f1_githubkit.py")}
    cases["r_plain.py"] = RECALL["r_plain.py"]
    for name, text in cases.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    completed = run_cli("rewrite", "--no-cache", ".", cwd=tmp_path)
    assert "Traceback" not in completed.stderr, completed.stderr
    for name, text in cases.items():
        if name.startswith("r_"):
            continue  # its APPS is sent nowhere: the file's Houston endpoint speaks for it
        after = (tmp_path / name).read_text(encoding="utf-8")
        apps = after[after.index("query Apps"):after.index('"""', after.index("query Apps"))]
        assert apps == text[text.index("query Apps"):text.index('"""', text.index("query Apps"))], (name, apps)
    assert "runtimeAirflowVersion" in (tmp_path / "r_plain.py").read_text(encoding="utf-8")


BUILDERS = '''import os
import requests

HOUSTON_URL = os.environ.get("HOUSTON_URL", "https://houston.example.com/v1")


def apps_query():
    return """
query Apps($airflowVersion: String!) {
  deployments(airflowVersion: $airflowVersion) { id airflowVersion }
}
"""


def deployments_query():
    return """
query Deps($ws: Uuid!) {
  workspaceDeployments(workspaceUuid: $ws) { id airflowVersion }
}
"""


def ping():
    return requests.get(HOUSTON_URL.replace("/v1", "/healthz")).ok
'''

SYNC = '''import os
import requests
from builders import apps_query, deployments_query

HOUSTON_URL = "https://houston.example.com/v1"
INVENTORY_URL = "https://api.example.com/graphql"


def deployments(ws):
    return requests.post(HOUSTON_URL, json={"query": deployments_query(), "variables": {"ws": ws}},
                         headers={"Authorization": os.environ["HOUSTON_API_TOKEN"]}).json()


def apps(v):
    q = apps_query()
    return requests.post(INVENTORY_URL, json={"query": q, "variables": {"airflowVersion": v}}).json()
'''


def test_an_imported_builders_document_goes_where_the_importer_sends_it(tmp_path):
    """F16: ``apps_query()`` of builders.py (a module naming Houston) is sent by its importer to another API:
    not Houston's where it is defined; ``deployments_query()``, sent to Houston, stays Houston's."""
    (tmp_path / "builders.py").write_text(BUILDERS, encoding="utf-8")
    (tmp_path / "sync.py").write_text(SYNC, encoding="utf-8")
    verdicts = _check(tmp_path)
    apps, deps = verdicts["builders.py"]["Apps"], verdicts["builders.py"]["Deps"]
    assert apps["houston"] is False, apps["evidence"]
    assert any("sync.py" in e and "INVENTORY_URL" in e for e in apps["evidence"]), apps["evidence"]
    assert deps["houston"] is True, deps["evidence"]


CLIENTS = '''import os
import requests


class Api:
    URL = "https://houston.example.com/v1"

    def query(self, doc, variables=None):
        return requests.post(self.URL, json={"query": doc, "variables": variables},
                             headers={"Authorization": os.environ.get("API_TOKEN", "")}).json()
'''

SUBCLASSES = '''import os
import requests
from pkg import Api

HOUSTON_URL = "https://houston.example.com/v1"

APPS = """
query Apps($airflowVersion: String!) {
  deployments(airflowVersion: $airflowVersion) { id airflowVersion }
}
"""

DEPLOYMENTS = """
query Deps($ws: Uuid!) {
  workspaceDeployments(workspaceUuid: $ws) { id airflowVersion }
}
"""


class Inventory(Api):
    URL = "https://api.example.com/graphql"


def apps(v):
    return Inventory().query(APPS, {"airflowVersion": v})


def health():
    return requests.get(HOUSTON_URL.replace("/v1", "/healthz")).ok
'''


def test_a_subclass_of_a_reexported_client_posts_where_it_says(tmp_path):
    """F17: ``class Api: URL = HOUSTON`` in pkg/clients.py, re-exported by pkg/__init__.py; an importer's
    ``class Inventory(Api): URL = OTHER`` sends APPS through the inherited ``query``: judged by Inventory's
    URL (a written one, or one from the environment), never by Api's; a subclass that keeps Api's URL,
    and Api itself, stay Houston's."""
    tree = {
        "pkg/__init__.py": "from .clients import Api\n",
        "pkg/clients.py": CLIENTS,
        "inventory.py": SUBCLASSES,
        "inventory_env.py": SUBCLASSES.replace('URL = "https://api.example.com/graphql"', 'URL = os.environ["INVENTORY_GRAPHQL_URL"]'),
        "ops.py": SUBCLASSES.replace('    URL = "https://api.example.com/graphql"\n', '    timeout = 30\n')
                            .replace("Inventory().query(APPS, {\"airflowVersion\": v})", "Inventory().query(DEPLOYMENTS, {\"ws\": v})"),
        "plain.py": SUBCLASSES.replace("Inventory().query(APPS, {\"airflowVersion\": v})", "Api().query(DEPLOYMENTS, {\"ws\": v})"),
    }
    for name, text in tree.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    verdicts = _check(tmp_path)
    for path in ("inventory.py", "inventory_env.py"):
        apps = verdicts[path]["Apps"]
        assert apps["houston"] is False, (path, apps["evidence"])
        assert any("Inventory sets it to" in e for e in apps["evidence"]), (path, apps["evidence"])
    for path in ("ops.py", "plain.py"):
        deps = verdicts[path]["Deps"]
        assert deps["houston"] is True, (path, deps["evidence"])
        assert any("Api.query()" in e for e in deps["evidence"]), (path, deps["evidence"])
