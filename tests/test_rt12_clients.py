"""Client objects as sends (issue 12, red team 11, F3, F4, F7, F8), through the installed CLI.

* F3: a raw query string sent through an sgqlc endpoint object (``ep = HTTPEndpoint(URL, headers);
  ep(Q)``, ``RequestsEndpoint(URL)(Q)``) goes to the endpoint's URL: a foreign one (literal or an
  environment variable, beside a Houston helper) is not Houston; an imported Houston URL is, and the
  document's typo is reported;
* F4: gql sessions (``with client as session``, ``async with client as session``, ``session = await
  client.connect_async()``) post to their client's transport URL, whether a foreign environment
  variable or an imported Houston URL;
* F7: ``httpx.AsyncClient(base_url=os.environ["CATALOG_URL"])`` posting ``""``: the evidence names the
  base URL's source, not the empty path;
* F8: graphene's test ``Client(schema).execute(Q)`` runs the document in process: evidence against.

Each tree is checked once (module fixtures); the tests read its JSON report.
"""

import pytest

from verdicts_cli import check, write

HOUSTON_HELPER = '''import os, requests
from gql import Client, gql
from gql.transport.aiohttp import AIOHTTPTransport
HOUSTON_URL = os.environ["HOUSTON_URL"]
def houston(q):
    return requests.post(HOUSTON_URL, json={"query": q}).json()
houston("query { workspaces { id } }")
CATALOG_Q = "query { deployments { id name tier } }"
'''
SENDER = HOUSTON_HELPER.replace('CATALOG_Q = "query { deployments { id name tier } }"\n', "")  # without the unsent catalog query
CATALOG_CLIENT = 'client = Client(transport=AIOHTTPTransport(url=os.environ["CATALOG_URL"]))\n'

FOREIGN = {
    "shop_literal.py": SENDER.replace("import os, requests", "import os, requests\nfrom sgqlc.endpoint.http import HTTPEndpoint")
    + 'shop = HTTPEndpoint("https://acme.myshopify.com/admin/api/2024-01/graphql.json", {"X-Shopify-Access-Token": "t"})\n'
    'SHOP_Q = "query { deployments(first: 5) { edges { node { id title } } } }"\n'
    "def go():\n    return shop(SHOP_Q)\n",
    "shop_env.py": SENDER.replace("import os, requests", "import os, requests\nfrom sgqlc.endpoint.requests import RequestsEndpoint")
    + 'SHOP_Q = "query { deployments(first: 5) { edges { node { id title } } } }"\n'
    'def go():\n    return RequestsEndpoint(os.environ["SHOP_URL"])(SHOP_Q)\n',
    "session_async.py": HOUSTON_HELPER + CATALOG_CLIENT
    + "async def catalog():\n    async with client as session:\n        return await session.execute(gql(CATALOG_Q))\n",
    "session_with.py": HOUSTON_HELPER + CATALOG_CLIENT
    + "def catalog():\n    with client as session:\n        return session.execute(gql(CATALOG_Q))\n",
    "session_connect.py": HOUSTON_HELPER + CATALOG_CLIENT
    + "async def catalog():\n    session = await client.connect_async()\n    return await session.execute(gql(CATALOG_Q))\n",
    "base_url.py": HOUSTON_HELPER.replace("import os, requests", "import os, requests, httpx")
    + 'async def catalog():\n    async with httpx.AsyncClient(base_url=os.environ["CATALOG_URL"]) as c:\n'
    '        return await c.post("", json={"query": CATALOG_Q})\n',
    "tests/test_api.py": 'import os\nfrom graphene.test import Client\nfrom myapp.schema import schema\n'
    'HOUSTON_URL = os.environ.get("HOUSTON_URL")\nQ = """\nquery { deployments { id name tier } }\n"""\n'
    'def test_deps():\n    client = Client(schema)\n    assert client.execute(Q)["data"]\n',
}

TYPO = 'query { workspaceDeployments(workspaceUuid: \\"a\\") { id releaseNam } }'
HOUSTON = {
    "config.py": 'API_URL = "https://houston.acme.com/v1"\n',
    "endpoint_name.py": "from sgqlc.endpoint.requests import RequestsEndpoint\nfrom config import API_URL\n"
    f'ep = RequestsEndpoint(API_URL, {{"authorization": "x"}})\nQ = "{TYPO}"\ndef go():\n    return ep(Q)\n',
    "endpoint_call.py": "from sgqlc.endpoint.http import HTTPEndpoint\nfrom config import API_URL\n"
    f'Q = "{TYPO}"\ndef go():\n    return HTTPEndpoint(API_URL)(Q, {{}})\n',
    "session_with.py": "from gql import Client, gql\nfrom gql.transport.requests import RequestsHTTPTransport\nfrom config import API_URL\n"
    f'Q = gql("{TYPO}")\ndef go():\n    client = Client(transport=RequestsHTTPTransport(url=API_URL))\n'
    "    with client as session:\n        return session.execute(Q)\n",
    "session_async.py": "from gql import Client, gql\nfrom gql.transport.aiohttp import AIOHTTPTransport\nfrom config import API_URL\n"
    f'client = Client(transport=AIOHTTPTransport(url=API_URL))\nQ = gql("{TYPO}")\nasync def go():\n'
    "    async with client as session:\n        return await session.execute(Q)\n",
    "session_connect.py": "from gql import Client, gql\nfrom gql.transport.aiohttp import AIOHTTPTransport\nfrom config import API_URL\n"
    f'client = Client(transport=AIOHTTPTransport(url=API_URL))\nQ = gql("{TYPO}")\nasync def go():\n'
    "    session = await client.connect_async()\n    return await session.execute(Q)\n",
}


@pytest.fixture(scope="module")
def foreign(tmp_path_factory):
    root = tmp_path_factory.mktemp("foreign")
    write(root, FOREIGN)
    completed, verdicts, findings = check(root, "--jobs", "1")
    return completed, verdicts, findings


@pytest.fixture(scope="module")
def houston(tmp_path_factory):
    root = tmp_path_factory.mktemp("houston")
    write(root, HOUSTON)
    completed, verdicts, findings = check(root, "--jobs", "1")
    return completed, verdicts, findings


def _other(verdicts, path):
    """The file's documents other than the Houston helper's ``workspaces`` query."""
    return [d for d in verdicts[path] if not any("sent by helper houston()" in e for e in d["evidence"])]


def test_foreign_clients_report_nothing(foreign):
    completed, verdicts, findings = foreign
    assert findings == [], findings
    assert completed.returncode == 0, completed.stdout
    for path in FOREIGN:
        documents = _other(verdicts, path)
        assert documents and all(d["houston"] is False for d in documents), (path, documents)


@pytest.mark.parametrize("path, said", [
    ("shop_literal.py", "url acme.myshopify.com/admin/api/2024-01/graphql"),
    ("shop_env.py", 'posted to os.environ["SHOP_URL"] (call at line 11), not to the file\'s Houston endpoint'),
    ("session_async.py", 'posted to os.environ["CATALOG_URL"] (call at line 12), not to the file\'s Houston endpoint'),
    ("session_with.py", 'posted to os.environ["CATALOG_URL"] (call at line 12), not to the file\'s Houston endpoint'),
    ("session_connect.py", 'posted to os.environ["CATALOG_URL"] (call at line 12), not to the file\'s Houston endpoint'),
    ("base_url.py", 'posted to os.environ["CATALOG_URL"] (call at line 11), not to the file\'s Houston endpoint'),
    ("tests/test_api.py", "executed locally: Client(schema).execute (line 10)"),
])
def test_the_evidence_names_what_decided(foreign, path, said):
    _completed, verdicts, _findings = foreign
    evidence = [e for d in _other(verdicts, path) for e in d["evidence"]]
    assert any(e.startswith(said) for e in evidence), evidence
    assert not any('posted to ""' in e for e in evidence), evidence  # F7: never the empty path


@pytest.mark.parametrize("path", sorted(p for p in HOUSTON if p != "config.py"))
def test_a_houston_url_reports_the_typo(houston, path):
    completed, verdicts, findings = houston
    assert completed.returncode == 1, completed.stdout
    documents = verdicts[path]
    assert [d["houston"] for d in documents] == [True], documents
    assert any(e.startswith("posted to API_URL (call at line") for e in documents[0]["evidence"]), documents[0]["evidence"]
    mine = [f for f in findings if f["path"] == path]
    assert [f["code"] for f in mine] == ["fields-on-correct-type"], mine
    assert "Did you mean 'releaseName'?" in mine[0]["message"]
