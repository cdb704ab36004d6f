"""Red team 24, report 12 ("Houston or not", recall, category 7): real Houston scripts whose route to Houston
was not followed, so the broken document was judged "not Houston" or undecided and its error silently missed.

* f8: ``HOUSTON_URL = os.environ.get("HOUSTON_URL") or "http://localhost:8871/v1"`` is the ``.get(NAME, default)``
  spelling: the variable's name speaks, a localhost fallback places nothing, another API's fallback is said against.
* f16: ``self.base = f"https://houston.{domain}"; self.endpoint = f"{self.base}/v1"`` in ``__init__``, the send posting
  to ``self.endpoint``: an attribute built over another attribute of the same instance is that instance's.
* f3: ``def post(section, q): requests.post(CFG[section]["url"], ...)`` called as ``post("houston", Q)``: the section the
  caller's argument (or the parameter's default) picks, read as ``CFG["houston"]["url"]`` written at the call is.
* f10: ``HOUSTON = {"url": os.environ.get("HOUSTON_URL", "https://houston.../v1")}`` in ``ops/settings.py``, posted to as
  ``HOUSTON["url"]`` (``from ops.settings import HOUSTON``) or ``settings.HOUSTON["url"]``: the entry, read there.
* f12: an Airflow connection id reached through a hook subclass (``class HoustonHook(HttpHook)`` passing
  ``http_conn_id=houston_conn_id`` up, its default the class's ``default_conn_name = "houston_default"``; in the file
  or imported) or a helper's parameter default (``def run_query(q, conn_id="houston")``) names the send's connection.
* f2: ``houston.query(Path("queries/workspaces.graphql").read_text())`` with ``houston = HoustonClient()`` imported from
  ``lib/clients.py``: the read is sent where that instance posts, as through an imported helper wrapping it.

Each test builds a small project and runs ``check --format json`` of the installed CLI once
(``TRUST_CLI_UNDER_TEST`` points it at another install, to see the tests fail on the red team's build).
"""

import json
from pathlib import Path

from trust_cli import check_by_file, run_cli

_TYPO = 'Q = """\nquery Workspaces { workspaces { id label deploymentz { id releaseName } } }\n"""\n'
_UPGRADE = ('UP = """\nmutation Up($id: Uuid!) {\n  updateDeploymentAirflow(deploymentUuid: $id, '
            'desiredAirflowVersion: "2.4.3-6") { id labl }\n}\n"""\n')


def _houston(verdicts, errors, path, word="deploymentz"):
    assert verdicts[path]["houston"] is True, (path, verdicts[path]["evidence"])
    assert any(word in message for message in errors.get(path, ())), (path, errors)


def test_f8_an_environment_read_or_a_fallback_is_its_get_default(tmp_path):
    fallbacks = {
        "or_localhost": 'os.environ.get("HOUSTON_URL") or "http://localhost:8871/v1"',
        "getenv_or_localhost": 'os.getenv("HOUSTON_URL") or "http://127.0.0.1:8871/v1"',
        "get_localhost": 'os.environ.get("HOUSTON_URL", "http://localhost:8871/v1")',
    }
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "__init__.py").write_text("")
    (tmp_path / "lib" / "settings.py").write_text(
        "import os\n\nHOUSTON_URL = os.environ.get(\"HOUSTON_URL\") or \"http://localhost:8871/v1\"\n"
        "MC_URL = os.environ.get(\"HOUSTON_URL\") or \"https://mission-control.acme.io/graphql\"\n")
    for name, expression in fallbacks.items():
        (tmp_path / f"{name}.py").write_text(
            f"import os\n\nimport requests\n\nHOUSTON_URL = {expression}\n{_TYPO}"
            "print(requests.post(HOUSTON_URL, json={'query': Q}, headers={'authorization': os.environ['HOUSTON_API_TOKEN']}).json())\n")
    (tmp_path / "up.py").write_text(
        f"import os\n\nimport requests\n\nHOUSTON_URL = {fallbacks['or_localhost']}\n{_UPGRADE}"
        "requests.post(HOUSTON_URL, json={'query': UP, 'variables': {'id': os.environ['DEPLOYMENT_ID']}})\n")
    (tmp_path / "imported.py").write_text(
        f"import requests\n\nfrom lib.settings import HOUSTON_URL\n\n{_TYPO}requests.post(HOUSTON_URL, json={{'query': Q}})\n")
    # precision: another API's fallback is said against, written here or imported, as its .get() default is
    (tmp_path / "other.py").write_text(
        f"import os\n\nimport requests\n\nURL = os.environ.get(\"HOUSTON_URL\") or \"https://mission-control.acme.io/graphql\"\n"
        f"{_TYPO}requests.post(URL, json={{'query': Q}})\n")
    (tmp_path / "other_imported.py").write_text(
        f"import requests\n\nfrom lib.settings import MC_URL\n\n{_TYPO}requests.post(MC_URL, json={{'query': Q}})\n")
    verdicts, errors, _ = check_by_file(tmp_path)
    for name in fallbacks:
        _houston(verdicts, errors, f"{name}.py")
    _houston(verdicts, errors, "imported.py")
    _houston(verdicts, errors, "up.py", "updateDeploymentAirflow")
    for path in ("other.py", "other_imported.py"):
        assert verdicts[path]["houston"] is not True, (path, verdicts[path]["evidence"])
        assert path not in errors, errors


def _by_operation(root: Path):
    """({(path, operation): document}, {path: [error messages]}) of one ``check --format json`` run."""
    completed = run_cli("check", "--no-cache", "-j1", "--houston-version", "1.0.1", "--format", "json", ".", cwd=root)
    assert completed.returncode in (0, 1) and "Traceback" not in completed.stderr, completed.stderr
    report = json.loads(completed.stdout)
    documents = {(Path(d["path"]).as_posix(), (d.get("operations") or ["?"])[0]): d for d in report["documents"]}
    errors = {}
    for finding in report["findings"]:
        if finding.get("severity") == "error":
            errors.setdefault(Path(finding["path"]).as_posix(), []).append(finding["message"])
    return documents, errors


_F16_REPORT = '''import os

import requests


class Houston:
    def __init__(self, domain=None, token=None):
        domain = domain or os.environ["BASEDOMAIN"]
        self.base = f"https://houston.{domain}"
        self.endpoint = f"{self.base}/v1"
        self.session = requests.Session()
        self.session.headers.update({"authorization": token or os.environ["HOUSTON_API_TOKEN"]})

    def gql(self, q, **variables):
        r = self.session.post(self.endpoint, json={"query": q, "variables": variables})
        r.raise_for_status()
        return r.json()["data"]


UPGRADE = """
mutation Up($id: Uuid!) {
  updateDeploymentAirflow(deploymentUuid: $id, desiredAirflowVersion: "2.4.3-6") { id labl }
}
"""
COMMENT = """
mutation Comment($id: ID!, $body: String!) { addComment(input: {subjectId: $id, body: $body}) { clientMutationId } }
"""

if __name__ == "__main__":
    Houston().gql(UPGRADE, id=os.environ["DEPLOYMENT_ID"])
    requests.post("https://api.github.com/graphql",
                  json={"query": COMMENT, "variables": {"id": os.environ["ISSUE_ID"], "body": "upgraded"}},
                  headers={"authorization": "bearer " + os.environ["GITHUB_TOKEN"]})
'''

_F16_TWO = '''import os

import requests


class Client:
    def __init__(self, base, token=None):
        self.base = base.rstrip("/")
        self.endpoint = f"{self.base}/v1"
        self.headers = {"authorization": token or ""}

    def gql(self, q):
        return requests.post(self.endpoint, json={"query": q}, headers=self.headers).json()


WS = """
query Workspaces { workspaces { id label deploymentz { id releaseName } } }
"""
CAT = """
query Items { workspaces { id label deploymentz { id releaseName } } }
"""
houston = Client(f"https://houston.{os.environ['BASEDOMAIN']}", os.environ["HOUSTON_API_TOKEN"])
catalog = Client("https://catalog.acme-corp.net")
houston.gql(WS)
catalog.gql(CAT)
'''


def test_f16_an_attribute_built_over_another_attribute_of_the_instance_is_traced(tmp_path):
    (tmp_path / "upgrade_report.py").write_text(_F16_REPORT)
    (tmp_path / "two.py").write_text(_F16_TWO)
    documents, errors = _by_operation(tmp_path)
    upgrade = documents[("upgrade_report.py", "Up")]
    assert upgrade["houston"] is True, upgrade["evidence"]
    assert any('self.endpoint = f"{self.base}/v1"' in item for item in upgrade["evidence"]), upgrade["evidence"]
    assert any("updateDeploymentAirflow" in message for message in errors.get("upgrade_report.py", ())), errors
    assert documents[("upgrade_report.py", "Comment")]["houston"] is not True
    # each instance by its own construction: Houston's base for one, the catalog's for the other
    assert documents[("two.py", "Workspaces")]["houston"] is True, documents[("two.py", "Workspaces")]["evidence"]
    items = documents[("two.py", "Items")]
    assert items["houston"] is False, items["evidence"]
    assert len(errors.get("two.py", ())) == 1, errors
    completed = run_cli("rewrite", "--no-cache", "--diff", ".", cwd=tmp_path)
    assert "updateDeploymentRuntime" in completed.stdout, completed.stdout + completed.stderr


_F3_YAML = ("houston:\n  url: https://houston.astro.acme-corp.net/v1\n  token_env: ASTRO_SOFTWARE_TOKEN\n"
            "catalog:\n  url: https://catalog.acme-corp.net/graphql\n  token_env: CATALOG_TOKEN\n")
_F3_LOADED = '''import os

import requests
import yaml

with open("config.yaml") as fh:
    CFG = yaml.safe_load(fh)

DEPLOYMENTS = """
query Deps { workspaces { id label deploymentz { id releaseName } } }
"""
ITEMS = """
query Items { workspaces { id label deploymentz { id releaseName } } }
"""


def post(section, q):
    return requests.post(
        CFG[section]["url"],
        json={"query": q},
        headers={"authorization": os.environ[CFG[section]["token_env"]]},
    ).json()


print(post("houston", DEPLOYMENTS))
print(post("catalog", ITEMS))
'''
_F3_LITERAL = '''import requests

CFG = {
    "houston": {"url": "https://houston.astro.acme-corp.net/v1"},
    "catalog": {"url": "https://catalog.acme-corp.net/graphql"},
}
DEPLOYMENTS = """
query Deps { workspaces { id label deploymentz { id releaseName } } }
"""
ITEMS = """
query Items { workspaces { id label deploymentz { id releaseName } } }
"""


def post(q, section="houston"):
    return requests.post(CFG[section]["url"], json={"query": q}).json()


print(post(DEPLOYMENTS))
print(post(ITEMS, section="catalog"))
'''


def test_f3_a_config_section_picked_by_a_helpers_parameter_is_judged_per_call(tmp_path):
    (tmp_path / "config.yaml").write_text(_F3_YAML)
    (tmp_path / "loaded.py").write_text(_F3_LOADED)
    (tmp_path / "literal.py").write_text(_F3_LITERAL)
    documents, errors = _by_operation(tmp_path)
    for path in ("loaded.py", "literal.py"):
        deps, items = documents[(path, "Deps")], documents[(path, "Items")]
        assert deps["houston"] is True, (path, deps["evidence"])
        assert any('CFG["houston"]["url"]' in item for item in deps["evidence"]), deps["evidence"]
        # the catalog's section, picked by the same helper, is not Houston's: its typo is not reported
        assert items["houston"] is False, (path, items["evidence"])
        assert len(errors.get(path, ())) == 1, errors


_F10_SETTINGS = '''import os

HOUSTON = {
    "url": os.environ.get("HOUSTON_URL", "https://houston.astro.acme-corp.net/v1"),
    "token": os.environ.get("HOUSTON_API_TOKEN", ""),
}
BUILT = {"url": f"https://houston.{os.environ['BASEDOMAIN']}/v1"}
CATALOG = {"url": os.environ["CATALOG_URL"], "token": os.environ.get("CATALOG_TOKEN", "")}
GITHUB = {"url": "https://api.github.com/graphql"}
'''


def test_f10_an_imported_settings_dicts_url_entry_is_read_there(tmp_path):
    (tmp_path / "ops").mkdir()
    (tmp_path / "ops" / "__init__.py").write_text("")
    (tmp_path / "ops" / "settings.py").write_text(_F10_SETTINGS)
    for name in ("HOUSTON", "BUILT", "CATALOG", "GITHUB"):
        (tmp_path / "ops" / f"by_name_{name.lower()}.py").write_text(
            f"import requests\n\nfrom ops.settings import {name}\n\n{_TYPO}"
            f"r = requests.post({name}[\"url\"], json={{'query': Q}}, headers={{'authorization': {name}.get('token', '')}})\n")
    (tmp_path / "ops" / "upgrade.py").write_text(
        f"import requests\n\nfrom ops import settings\n\n{_UPGRADE}"
        "r = requests.post(settings.HOUSTON[\"url\"], json={'query': UP, 'variables': {'id': 'x'}},\n"
        "                  headers={'authorization': settings.HOUSTON['token']})\n")
    verdicts, errors, _ = check_by_file(tmp_path)
    for path in ("ops/by_name_houston.py", "ops/by_name_built.py"):
        _houston(verdicts, errors, path)
    _houston(verdicts, errors, "ops/upgrade.py", "updateDeploymentAirflow")
    said = " ".join(verdicts["ops/upgrade.py"]["evidence"])
    assert 'settings.HOUSTON["url"] = os.environ.get("HOUSTON_URL"' in said, said
    # precision: another service's settings dict, imported, is not Houston's
    for path in ("ops/by_name_catalog.py", "ops/by_name_github.py"):
        assert verdicts[path]["houston"] is not True, (path, verdicts[path]["evidence"])
        assert path not in errors, errors


_F12_HOOK = '''import json

from airflow.providers.http.hooks.http import HttpHook


class HoustonHook(HttpHook):
    """Astronomer Software's Houston API, through the 'houston_default' HTTP connection."""

    default_conn_name = "houston_default"

    def __init__(self, houston_conn_id: str = default_conn_name):
        super().__init__(method="POST", http_conn_id=houston_conn_id)

    def query(self, q, variables=None):
        resp = self.run("v1", data=json.dumps({"query": q, "variables": variables or {}}),
                        headers={"Content-Type": "application/json"})
        return resp.json()["data"]
'''
_F12_DOCS = '''WS = """
query Ws { workspaces { id label deploymentz { id releaseName } } }
"""
ITEMS = """
query Items { workspaces { id label deploymentz { id releaseName } } }
"""
'''


def test_f12_a_connection_id_reached_through_a_hook_subclass_or_a_parameter_default(tmp_path):
    (tmp_path / "include").mkdir()
    (tmp_path / "dags").mkdir()
    (tmp_path / "include" / "__init__.py").write_text("")
    (tmp_path / "include" / "houston_hook.py").write_text(_F12_HOOK)
    (tmp_path / "include" / "catalog_hook.py").write_text(
        _F12_HOOK.replace("HoustonHook", "CatalogHook").replace("houston_default", "catalog_graphql").replace("houston_conn_id", "catalog_conn_id"))
    (tmp_path / "dags" / "imported_hooks.py").write_text(
        "from include.catalog_hook import CatalogHook\nfrom include.houston_hook import HoustonHook\n\n" + _F12_DOCS
        + "\n\ndef report():\n    HoustonHook().query(WS)\n    return CatalogHook().query(ITEMS)\n")
    (tmp_path / "dags" / "own_hook.py").write_text(
        _F12_HOOK + "\n\n" + _F12_DOCS + "\n\ndef report():\n    return HoustonHook().query(WS)\n")
    (tmp_path / "dags" / "helper_default.py").write_text(
        "import json\n\nfrom airflow.providers.http.hooks.http import HttpHook\n\n" + _F12_DOCS + '''

def run_query(q, conn_id="houston"):
    hook = HttpHook(method="POST", http_conn_id=conn_id)
    return hook.run("v1", data=json.dumps({"query": q})).json()["data"]


def task_callable():
    run_query(WS)
    return run_query(ITEMS, conn_id="cmdb_graphql")
''')
    documents, errors = _by_operation(tmp_path)
    for path in ("dags/imported_hooks.py", "dags/own_hook.py", "dags/helper_default.py"):
        ws = documents[(path, "Ws")]
        assert ws["houston"] is True, (path, ws["evidence"])
        assert any("houston_default" in item or "'houston'" in item for item in ws["evidence"]), ws["evidence"]
        assert len(errors.get(path, ())) == 1, (path, errors)
    # precision: another connection, by the same helper's argument or another hook subclass's default
    for path in ("dags/imported_hooks.py", "dags/helper_default.py"):
        assert documents[(path, "Items")]["houston"] is not True, (path, documents[(path, "Items")]["evidence"])


_F2_CLIENTS = '''import os
import requests


class HoustonClient:
    def __init__(self):
        self.url = f"https://houston.{os.environ['BASEDOMAIN']}/v1"
        self.session = requests.Session()
        self.session.headers["authorization"] = os.environ["HOUSTON_API_TOKEN"]

    def query(self, q, **variables):
        r = self.session.post(self.url, json={"query": q, "variables": variables})
        r.raise_for_status()
        return r.json()["data"]


class GraphQLClient:
    def __init__(self, url, token=""):
        self.url = url
        self.token = token

    def query(self, q):
        return requests.post(self.url, json={"query": q}, headers={"authorization": self.token}).json()


houston = HoustonClient()
platform = GraphQLClient(f"https://houston.{os.environ['BASEDOMAIN']}/v1", os.environ["HOUSTON_API_TOKEN"])
catalog = GraphQLClient("https://catalog.acme-corp.net/graphql", os.environ["CATALOG_TOKEN"])
'''


def test_f2_a_graphql_file_handed_to_an_imported_client_instances_method(tmp_path):
    (tmp_path / "lib").mkdir()
    (tmp_path / "queries").mkdir()
    (tmp_path / "lib" / "__init__.py").write_text("")
    (tmp_path / "lib" / "clients.py").write_text(_F2_CLIENTS)
    for name in ("workspaces", "platform", "items"):
        (tmp_path / "queries" / f"{name}.graphql").write_text(
            f"query {name.title()} {{\n  workspaces {{ id label deploymentz {{ id releaseName }} }}\n}}\n")
    (tmp_path / "list_workspaces.py").write_text(
        "from pathlib import Path\n\nfrom lib.clients import catalog, houston, platform\n\n"
        "print(houston.query(Path(\"queries/workspaces.graphql\").read_text()))\n"
        "print(platform.query(Path(\"queries/platform.graphql\").read_text()))\n"
        "print(catalog.query(Path(\"queries/items.graphql\").read_text()))\n")
    verdicts, errors, _ = check_by_file(tmp_path)
    for path in ("queries/workspaces.graphql", "queries/platform.graphql"):
        _houston(verdicts, errors, path)
    said = " ".join(verdicts["queries/workspaces.graphql"]["evidence"])
    assert "sent by houston.query() (line 5) of lib/clients.py" in said, said
    # precision: the catalog instance of the same class, handed its own file, posts elsewhere
    items = verdicts["queries/items.graphql"]
    assert items["houston"] is False, items["evidence"]
    assert any("catalog.acme-corp.net" in item for item in items["evidence"]), items["evidence"]
    assert "queries/items.graphql" not in errors, errors
