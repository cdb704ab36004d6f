"""Red team 25, report 12 ("Houston or not"), f1 f2 f3 f6 f7 f8 f10: another service's document sent through a route
the tool does not follow, in a file naming Houston, was judged Houston's on the file's context and its words.

A Houston-to-CMDB sync script posts ``LIST`` to Houston (``requests.post(HOUSTON_URL, ...)``: traced) and the CMDB's
own ``createDeployment(releaseName, label, airflowVersion)`` through ``GraphQLClient(os.environ["CMDB_URL"])``,
``functools.partial(requests.post, os.environ["CMDB_URL"])``, a parameter's default, ``url or CMDB_URL``,
``websockets.connect(os.environ["INVENTORY_WS_URL"])``, instances of a class of the run or a subclass overriding an
imported base's ``URL = None``, or an imported helper posting to ``os.environ["CMDB_GRAPHQL_URL"]``: check reported
false errors and rewrite renamed the CMDB's argument to runtimeVersion.  The precision guard
(``verdict._untraced_beside_another_service``): a document whose own send is not traced to Houston, in a file whose
code names another service's endpoint, is never Houston's on context and words; an imported helper posting to an
environment variable named for another service counts against (``cross_module._note_destinations``).  Controls:
``LIST`` (traced) stays Houston's, and an untraced Houston document in a file naming no other service keeps its
context.  f3: an imported helper posting to ``os.environ["HOUSTON_URL"]`` is said to post to that variable.

One ``check`` and one ``rewrite`` run of the installed CLI per tree (``TRUST_CLI_UNDER_TEST`` points it at another
install).
"""

import json
from pathlib import Path

from trust_cli import run_cli, check_by_operation

_HEAD = '''"""Mirror Astronomer deployments into the company CMDB."""
import functools
import os
import requests
{imports}

HOUSTON_URL = f"https://houston.{{os.environ['BASEDOMAIN']}}/v1"
HEADERS = {{"authorization": os.environ["HOUSTON_API_TOKEN"]}}
{setup}

LIST = """
query Deps($ws: Uuid!) {{
  workspaceDeployments(workspaceUuid: $ws) {{ id label releaseName }}
}}
"""

UPSERT = """
mutation Upsert($releaseName: String!, $label: String, $airflowVersion: String) {{
  createDeployment(releaseName: $releaseName, label: $label, airflowVersion: $airflowVersion) {{ id }}
}}
"""


async def main({params}):
    r = requests.post(HOUSTON_URL, json={{"query": LIST, "variables": {{"ws": os.environ["WS"]}}}}, headers=HEADERS)
    for d in r.json()["data"]["workspaceDeployments"]:
        {send}
'''

# name -> (imports, module setup, main's parameters, the CMDB send)
ROUTES = {
    "positional_client": ("from graphqlclient import GraphQLClient", 'cmdb = GraphQLClient(os.environ["CMDB_URL"])', "", "cmdb.execute(UPSERT, d)"),
    "positional_constant": ("from graphqlclient import GraphQLClient", 'CMDB_URL = os.getenv("CMDB_URL")\ncmdb = GraphQLClient(CMDB_URL)', "", "cmdb.execute(UPSERT, d)"),
    "partial": ("", 'cmdb_post = functools.partial(requests.post, os.environ["CMDB_URL"])', "", 'cmdb_post(json={"query": UPSERT, "variables": d})'),
    "parameter_default": ("", "", 'cmdb_url=os.environ["CMDB_URL"]', 'requests.post(cmdb_url, json={"query": UPSERT, "variables": d})'),
    "company_package": ("from acme_cmdb import Cmdb", "", "", 'Cmdb(base_url=os.environ["CMDB_URL"]).graphql(UPSERT, d)'),
    "url_or_constant": ("", 'CMDB_URL = os.environ["CMDB_URL"]\n\n\ndef push_to_cmdb(query, variables, url=None):\n'
                        '    return requests.post(url or CMDB_URL, json={"query": query, "variables": variables})', "",
                        "push_to_cmdb(UPSERT, d)"),
    "url_or_inline": ("", 'def push_to_cmdb(query, variables, url=None):\n'
                      '    return requests.post(url or os.environ["CMDB_URL"], json={"query": query, "variables": variables})', "",
                      "push_to_cmdb(UPSERT, d)"),
    "self_url_or": ("", 'class Cmdb:\n    def __init__(self, url=None):\n        self.url = url or os.environ["CMDB_URL"]\n\n'
                    '    def query(self, q, v):\n        return requests.post(self.url, json={"query": q, "variables": v})', "",
                    "Cmdb().query(UPSERT, d)"),
    "websocket": ("import json\nimport websockets", "", "",
                  'websockets.connect(os.environ["INVENTORY_WS_URL"]).send(json.dumps({"payload": {"query": UPSERT}}))'),
    "websocket_block": ("import json\nimport websockets", "", "",
                        'async with websockets.connect(os.environ["INVENTORY_WS_URL"], subprotocols=["graphql-ws"]) as ws:\n'
                        '            await ws.send(json.dumps({"type": "start", "id": "1", "payload": {"query": UPSERT}}))'),
    "imported_helper": ("from cmdb import push_to_cmdb", "", "", "push_to_cmdb(UPSERT, d)"),
    "imported_module_names_cmdb": ("from lib.cmdb_client import push", "", "", "push(UPSERT, d)"),
    "imported_helper_constant": ("from cmdb_const import push", "", "", "push(UPSERT, d)"),
    "readme_instances": ("from lib.clients import GraphQLClient",
                         'houston = GraphQLClient(os.environ["HOUSTON_URL"], os.environ["HOUSTON_API_TOKEN"])\n'
                         'cmdb = GraphQLClient(os.environ["CMDB_URL"], os.environ["CMDB_TOKEN"])', "", "cmdb.query(UPSERT, d)"),
    "service_object": ("from lib.clients import GraphQLClient",
                       'class Sync:\n    def __init__(self):\n        self.cmdb = GraphQLClient(os.environ["CMDB_URL"], os.environ["CMDB_TOKEN"])\n\n'
                       '    def push(self, d):\n        return self.cmdb.query(UPSERT, d)', "", "Sync().push(d)"),
    "subclass_of_abstract_base": ("from lib.api import Api", 'class Inventory(Api):\n    URL = "https://inventory.acme-corp.net/api"', "",
                                  'Inventory(os.environ["INVENTORY_TOKEN"]).query(UPSERT, d)'),
}

LIBRARY = {
    "cmdb.py": 'import os\nimport requests\n\n\ndef push_to_cmdb(query, variables):\n'
               '    return requests.post(os.environ["CMDB_GRAPHQL_URL"], json={"query": query, "variables": variables})\n',
    "cmdb_const.py": 'import os\nimport requests\n\nCMDB_URL = os.environ["CMDB_GRAPHQL_URL"]\n\n\ndef push(query, variables, url=CMDB_URL):\n'
                     '    return requests.post(url, json={"query": query, "variables": variables})\n',
    "lib/__init__.py": "",
    "lib/cmdb_client.py": 'import os\nfrom graphqlclient import GraphQLClient\n\ncmdb = GraphQLClient(os.environ["CMDB_URL"])\n\n\n'
                          'def push(query, variables):\n    return cmdb.execute(query, variables)\n',
    "lib/clients.py": 'import requests\n\n\nclass GraphQLClient:\n    def __init__(self, url, token):\n        self.url = url\n'
                      '        self.token = token\n\n    def query(self, q, variables=None):\n'
                      '        return requests.post(self.url, json={"query": q, "variables": variables}, headers={"authorization": self.token}).json()\n',
    "lib/api.py": 'import requests\n\n\nclass Api:\n    URL = None\n\n    def __init__(self, token):\n        self.token = token\n\n'
                  '    def query(self, q, variables=None):\n'
                  '        return requests.post(self.URL, json={"query": q, "variables": variables}, headers={"authorization": self.token}).json()\n',
}

# Recall control: an untraced Houston document in a file naming no other service keeps the file's context.
RECALL = '''import os
import requests

HOUSTON_URL = f"https://houston.{os.environ['BASEDOMAIN']}/v1"
QUERIES = {"deps": """
query Deps($ws: Uuid!) {
  workspaceDeployments(workspaceUuid: $ws) { id label relaseName }
}
"""}


def run(name, ws):
    body = {"query": QUERIES[name], "variables": {"ws": ws}}
    return requests.post(HOUSTON_URL, data=__import__("json").dumps(body))
'''


def _tree(root: Path) -> list:
    names = []
    for name, (imports, setup, params, send) in ROUTES.items():
        (root / f"{name}.py").write_text(_HEAD.format(imports=imports, setup=setup, params=params, send=send), encoding="utf-8")
        names.append(f"{name}.py")
    for name, text in LIBRARY.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return names


def _check(root: Path):
    return check_by_operation(root)[:2]


def test_a_document_sent_through_an_unfollowed_route_to_another_service_is_never_houstons(tmp_path):
    names = _tree(tmp_path)
    verdicts, errors = _check(tmp_path)
    wrong = {name: verdicts.get(name, {}).get("Upsert") for name in names
             if verdicts.get(name, {}).get("Upsert", {}).get("houston") is True}
    assert not wrong, json.dumps(wrong, indent=1)
    for name in names:
        assert not any("createDeployment" in m or "airflowVersion" in m for m in errors.get(name, [])), (name, errors[name])
        # the file's Houston query, whose send is traced, stays Houston's
        assert verdicts[name]["Deps"]["houston"] is True, (name, verdicts[name]["Deps"])


def test_the_undecided_document_says_why(tmp_path):
    _tree(tmp_path)
    verdicts, _errors = _check(tmp_path)
    for name in ("parameter_default.py", "company_package.py"):  # routes not followed: undecided, and why
        assert verdicts[name]["Upsert"]["houston"] is None, verdicts[name]["Upsert"]
        said = " ".join(verdicts[name]["Upsert"]["evidence"])
        assert "the file also sends to environment variable CMDB_URL" in said and "not traced" in said, said
    said = " ".join(verdicts["websocket.py"]["Upsert"]["evidence"])
    assert "INVENTORY_WS_URL" in said, said
    said = " ".join(verdicts["imported_helper.py"]["Upsert"]["evidence"])
    assert "environment variable CMDB_GRAPHQL_URL" in said, said
    assert verdicts["imported_helper.py"]["Upsert"]["houston"] is False, verdicts["imported_helper.py"]["Upsert"]


# Routes now followed to the other service: its document is not Houston's, not only undecided.
FOLLOWED = ("positional_client", "positional_constant", "partial", "url_or_constant", "url_or_inline", "self_url_or",
            "websocket_block", "imported_helper", "imported_helper_constant", "subclass_of_abstract_base",
            "readme_instances")


def test_cheap_routes_are_followed_to_the_other_service(tmp_path):
    _tree(tmp_path)
    verdicts, _errors = _check(tmp_path)
    wrong = {name: verdicts[f"{name}.py"]["Upsert"] for name in FOLLOWED if verdicts[f"{name}.py"]["Upsert"]["houston"] is not False}
    assert not wrong, json.dumps(wrong, indent=1)
    said = " ".join(verdicts["imported_module_names_cmdb.py"]["Upsert"]["evidence"])
    assert "push() of lib/cmdb_client.py" in said and "CMDB_URL" in said, said


def test_rewrite_leaves_the_other_services_documents_alone(tmp_path):
    names = _tree(tmp_path)
    before = {name: (tmp_path / name).read_text(encoding="utf-8") for name in names}
    completed = run_cli("rewrite", "--no-cache", "-j1", ".", cwd=tmp_path)
    assert "Traceback" not in completed.stderr, completed.stderr
    changed = [name for name in names if (tmp_path / name).read_text(encoding="utf-8") != before[name]]
    assert not changed, changed


def test_an_untraced_houston_document_in_a_file_naming_no_other_service_keeps_its_context(tmp_path):
    (tmp_path / "recall.py").write_text(RECALL, encoding="utf-8")
    verdicts, errors = _check(tmp_path)
    assert verdicts["recall.py"]["Deps"]["houston"] is True, verdicts["recall.py"]
    assert any("relaseName" in m for m in errors.get("recall.py", [])), errors


def test_a_graphql_file_handed_to_an_imported_helper_posting_elsewhere_is_not_houstons(tmp_path):
    """f2's .graphql variant: 'read by sync2.py, which names Houston's endpoint' was strong for Houston beside the helper."""
    (tmp_path / "cmdb.py").write_text(LIBRARY["cmdb.py"], encoding="utf-8")
    (tmp_path / "queries").mkdir()
    upsert = "mutation Upsert($releaseName: String!, $airflowVersion: String) {\n  createDeployment(releaseName: $releaseName, airflowVersion: $airflowVersion) { id }\n}\n"
    (tmp_path / "queries" / "upsert.graphql").write_text(upsert, encoding="utf-8")
    (tmp_path / "sync2.py").write_text(
        'import os\nfrom pathlib import Path\nimport requests\nfrom cmdb import push_to_cmdb\n\n'
        'HOUSTON_URL = f"https://houston.{os.environ[\'BASEDOMAIN\']}/v1"\nUPSERT = Path("queries/upsert.graphql").read_text()\n\n\n'
        'def main(d):\n    requests.post(HOUSTON_URL, json={"query": "{ workspaces { id } }"})\n    push_to_cmdb(UPSERT, d)\n', encoding="utf-8")
    verdicts, errors = _check(tmp_path)
    document = verdicts["queries/upsert.graphql"]["Upsert"]
    assert document["houston"] is False, document
    assert not errors.get("queries/upsert.graphql"), errors
    completed = run_cli("rewrite", "--no-cache", "-j1", ".", cwd=tmp_path)
    assert "Traceback" not in completed.stderr, completed.stderr
    assert (tmp_path / "queries" / "upsert.graphql").read_text(encoding="utf-8") == upsert


def test_a_chat_webhook_or_an_error_trackers_dsn_is_no_other_service(tmp_path):
    """Recall: where a Houston script reports (a Slack webhook, Sentry's DSN) never receives its documents."""
    text = RECALL.replace("import requests\n", 'import requests\nimport sentry_sdk\n\n'
                          'sentry_sdk.init(dsn="https://abc123@o1.ingest.sentry.io/42")\n'
                          'SLACK = os.environ["SLACK_WEBHOOK_URL"]\nTEAMS = "https://acme.webhook.office.com/webhookb2/x"\n', 1)
    text += '\n\ndef notify(msg):\n    requests.post(SLACK, json={"text": msg})\n'
    (tmp_path / "recall.py").write_text(text, encoding="utf-8")
    verdicts, errors = _check(tmp_path)
    assert verdicts["recall.py"]["Deps"]["houston"] is True, verdicts["recall.py"]
    assert any("relaseName" in m for m in errors.get("recall.py", [])), errors


def test_f3_an_imported_helper_posting_to_an_environment_variable_names_it(tmp_path):
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "__init__.py").write_text("", encoding="utf-8")
    (tmp_path / "lib" / "houston.py").write_text(
        'import os\nimport requests\n\n\ndef run_query(q, variables=None):\n'
        '    return requests.post(os.environ["HOUSTON_URL"], json={"query": q, "variables": variables}).json()\n\n\n'
        'def run_get(q):\n    return requests.post(os.getenv("HOUSTON_URL"), json={"query": q}).json()\n', encoding="utf-8")
    (tmp_path / "list.py").write_text(
        'from lib.houston import run_get, run_query\nDEPS = """\nquery Deps($ws: Uuid!) { workspaceDeployments(workspaceUuid: $ws) { id } }\n"""\n'
        'print(run_query(DEPS, {"ws": "x"}))\nprint(run_get(DEPS))\n', encoding="utf-8")
    verdicts, _errors = _check(tmp_path)
    deps = verdicts["list.py"]["Deps"]
    assert deps["houston"] is True, deps
    decisive = [line for line in deps["evidence"] if "run_query()" in line or "run_get()" in line]
    assert decisive and all("environment variable HOUSTON_URL" in line for line in decisive), decisive
