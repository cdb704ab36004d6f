"""Red team 27, report 12 ("Houston or not"), f5: a gql client returned by a factory function of the run
(``def make_client(): ...; return Client(transport=RequestsHTTPTransport(url=f"https://houston.{...}/v1"))`` in
``lib/clients.py``, the importer doing ``client = make_client(); client.execute(gql(Q))``) was traced to nothing:
only the document's words spoke, "not Houston", and the typo ``labl`` went unreported (exit 0).  The client a
factory returns is traced, in the same module and imported, so the send is Houston's and ``labl`` is an error.
Precision: a factory returning another service's client (a CMDB URL written there, an environment variable named
for the CMDB as its parameter's default, another URL passed to it) is that service's: no finding.

Runs the installed CLI (``TRUST_CLI_UNDER_TEST`` points it at another install).
"""

from trust_cli import check_by_operation, project_tree

_FACTORY = '''import os
from gql import Client
from gql.transport.requests import RequestsHTTPTransport


def make_client():
    transport = RequestsHTTPTransport(
        url=f"https://houston.{os.environ['BASEDOMAIN']}/v1",
        headers={"authorization": os.environ["HOUSTON_API_TOKEN"]},
    )
    return Client(transport=transport, fetch_schema_from_transport=False)


def make_cmdb():
    transport = RequestsHTTPTransport(url="https://cmdb.acme-corp.net/graphql", headers={"x-key": os.environ["CMDB_KEY"]})
    return Client(transport=transport, fetch_schema_from_transport=False)
'''

_ENV_FACTORY = '''import os
from gql import Client
from gql.transport.requests import RequestsHTTPTransport


def get_client():
    return Client(transport=RequestsHTTPTransport(url=os.environ["HOUSTON_URL"]))


def get_other():
    return Client(transport=RequestsHTTPTransport(url=os.environ["CMDB_URL"]))
'''

_ENV_IMPORTER = '''import os
import requests
from gql import gql
from lib.env_clients import get_client, get_other

requests.post(os.environ["HOUSTON_URL"], json={"query": "query Mine { workspaces { id label } }"})
client = get_client()
print(client.execute(gql("query Ws { workspaces { id labl deployments { id releaseName } } }")))
other = get_other()
print(other.execute(gql("query Cmdb { workspaces { id labl2 deployments { id releaseName airflowVersion } } }")))
'''

_IMPORTER = '''from gql import gql
from lib.clients import make_client

client = make_client()
WS = gql("query Ws { workspaces { id labl deployments { id releaseName } } }")
print(client.execute(WS))
'''

_LOCAL = _FACTORY + '''

client = make_client()
WS = gql("query Ws { workspaces { id labl deployments { id releaseName } } }")
print(client.execute(WS))
'''.replace("from gql import Client", "from gql import Client, gql")

_OTHER_SERVICE_IMPORTED = '''import os
import requests
from gql import gql
from lib.clients import make_cmdb

HOUSTON_URL = f"https://houston.{os.environ['BASEDOMAIN']}/v1"
requests.post(HOUSTON_URL, json={"query": "query Mine { workspaces { id label } }"})
cmdb = make_cmdb()
print(cmdb.execute(gql("query Cmdb { workspaces { id labl deployments { id releaseName airflowVersion } } }")))
'''

_OTHER_SERVICE_LOCAL = '''import os
import requests
from gql import Client, gql
from gql.transport.requests import RequestsHTTPTransport

HOUSTON_URL = f"https://houston.{os.environ['BASEDOMAIN']}/v1"


def make_client(url=os.environ["CMDB_URL"]):
    return Client(transport=RequestsHTTPTransport(url=url))


requests.post(HOUSTON_URL, json={"query": "query Mine { workspaces { id label } }"})
cmdb = make_client()
inventory = make_client("https://inventory.acme-corp.net/graphql")
print(cmdb.execute(gql("query Cmdb { workspaces { id labl deployments { id releaseName airflowVersion } } }")))
print(inventory.execute(gql("query Inventory { workspaces { id labl2 deployments { id releaseName airflowVersion } } }")))
'''


def test_a_client_a_factory_returns_is_traced_to_its_url(tmp_path):
    project_tree(tmp_path, {"lib/__init__.py": "", "lib/clients.py": _FACTORY, "list_workspaces.py": _IMPORTER, "local.py": _LOCAL,
                            "lib/env_clients.py": _ENV_FACTORY, "env.py": _ENV_IMPORTER})
    verdicts, errors, completed = check_by_operation(tmp_path)
    assert completed.returncode == 1, completed.stdout[-3000:]
    for name in ("list_workspaces.py", "local.py", "env.py"):
        assert verdicts[name]["Ws"]["houston"] is True, verdicts[name]["Ws"]
        assert any("'labl'" in message for message in errors.get(name, [])), (name, errors)
    # the factory of a client read from CMDB_URL is the CMDB's: its document gets no finding
    assert verdicts["env.py"]["Cmdb"]["houston"] is not True, verdicts["env.py"]["Cmdb"]
    assert not any("labl2" in message or "airflowVersion" in message for message in errors.get("env.py", [])), errors


def test_a_factory_of_another_services_client_is_that_services(tmp_path):
    project_tree(tmp_path, {"lib/__init__.py": "", "lib/clients.py": _FACTORY, "sync.py": _OTHER_SERVICE_IMPORTED,
                            "local.py": _OTHER_SERVICE_LOCAL})
    verdicts, errors, completed = check_by_operation(tmp_path)
    assert completed.returncode == 0, (errors, completed.stdout[-3000:])
    assert verdicts["sync.py"]["Cmdb"]["houston"] is False, verdicts["sync.py"]["Cmdb"]
    assert verdicts["local.py"]["Cmdb"]["houston"] is not True, verdicts["local.py"]["Cmdb"]
    assert verdicts["local.py"]["Inventory"]["houston"] is False, verdicts["local.py"]["Inventory"]
    for name in ("sync.py", "local.py"):
        assert verdicts[name]["Mine"]["houston"] is True, verdicts[name]["Mine"]
