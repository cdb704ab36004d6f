"""Red team 22, report 12 ("Houston or not"): Houston documents missed, and context evidence quoting words
the file does not hold.

* f2: the URL read from a config section named for Houston (``HOUSTON = cfg["houston"]`` then
  ``requests.post(HOUSTON["url"], ...)``, ``cfg["houston"]["url"]``, ``cfg.get("houston", {}).get("url")``)
  was undecided while ``cfg["houston_url"]`` was Houston's (``gather_binding._section_word``);
* f9: a URL bound in another module of the run as an f-string (``f"https://houston.{BASEDOMAIN}/v1"``), a
  ``+`` chain or ``os.environ["HOUSTON_URL"]``, imported as a setting or as the URL of an imported client
  instance (``houston = GraphQLClient(f"https://houston.{...}/v1", token)``), was traced to nothing: only a
  string literal there was read (``sources/url_values.py``);
* f10: Houston's log subscription over its websocket (``async with websockets.connect(f"wss://houston.
  {...}/ws") as ws: ws.send(json.dumps({... "query": LOGS}))``) was "not Houston" (``read_beside``);
* f7: the context evidence quoted ``HOUSTON_URL`` for ``ASTRONOMER_HOUSTON_URL``, ``houston_url:`` for a
  field, ``houston.{os.environ`` for an f-string (``gather_module.endpoint_quote``).

Each misspelt field of a Houston document is an error once it is judged Houston's; the controls are
the same shapes for another API (never Houston's).  One ``check --format json`` run of the installed CLI
per tree (``TRUST_CLI_UNDER_TEST`` points it at another install).
"""

import json

from trust_cli import check_by_operation

_LIST = '''
LIST = """
query Deps($ws: Uuid!) {
  workspaceDeployments(workspaceUuid: $ws) {
    id
    lable
    releaseName
  }
}
"""
'''

_CONFIG = '''import os
import json

import requests
import yaml

with open("config.yaml") as f:
    cfg = yaml.safe_load(f)
''' + _LIST


CONFIG_SECTIONS = {
    "named_section.py": _CONFIG + '''HOUSTON = cfg["houston"]
requests.post(HOUSTON["url"], json={"query": LIST, "variables": {"ws": os.environ["WS"]}},
              headers={"authorization": os.path.expandvars(HOUSTON["token"])})
''',
    "section_at_call.py": _CONFIG + '''requests.post(cfg["houston"]["url"], json={"query": LIST, "variables": {"ws": "x"}})
''',
    "section_get.py": _CONFIG + '''requests.post(cfg.get("houston", {}).get("endpoint"), json={"query": LIST, "variables": {"ws": "x"}})
''',
    "section_read_at_once.py": '''import json
import requests
''' + _LIST + '''
conf = json.load(open("config.json"))["houston"]
requests.post(conf["url"], json={"query": LIST, "variables": {"ws": "x"}})
''',
}


_check = check_by_operation  # ({path: {operation: document}}, {path: [errors]}, completed)


def test_f2_a_config_section_named_houston_is_houstons_url(tmp_path):
    (tmp_path / "config.yaml").write_text("houston:\n  url: https://houston.astro.acme.com/v1\n  token: ${HOUSTON_API_TOKEN}\n")
    for name, text in CONFIG_SECTIONS.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    # control: another service's section, beside a send to Houston, is not Houston's
    (tmp_path / "catalog_section.py").write_text(_CONFIG + '''CATALOG = cfg["catalog"]
HOUSTON_URL = "https://houston.astro.acme.com/v1"
INVENTORY = """
query Inventory { assets(kind: "server") { id lable } }
"""
requests.post(CATALOG["url"], json={"query": INVENTORY})
requests.post(HOUSTON_URL, json={"query": LIST, "variables": {"ws": "x"}})
''', encoding="utf-8")
    verdicts, errors, completed = _check(tmp_path)
    wrong = {name: verdicts.get(name, {}).get("Deps") for name in CONFIG_SECTIONS
             if verdicts.get(name, {}).get("Deps", {}).get("houston") is not True}
    assert not wrong, json.dumps(wrong, indent=1)
    for name in CONFIG_SECTIONS:
        assert any("'lable'" in message for message in errors.get(name, [])), (name, errors)
    said = " ".join(verdicts["named_section.py"]["Deps"]["evidence"])
    assert 'HOUSTON["url"]' in said and 'cfg["houston"]' in said, said
    assert verdicts["catalog_section.py"]["Inventory"]["houston"] is not True, verdicts["catalog_section.py"]
    assert completed.returncode == 1


_SETTINGS = '''import os

BASEDOMAIN = os.environ["BASEDOMAIN"]
API_URL = f"https://houston.{BASEDOMAIN}/v1"
API_URL_CONCAT = "https://houston." + BASEDOMAIN + "/v1"
API_URL_ENV = os.environ["HOUSTON_URL"]
API_URL_GETENV = os.getenv("HOUSTON_URL")
CATALOG_URL = os.environ["CATALOG_GRAPHQL_URL"]
GITHUB_URL = f"https://api.github.com/{BASEDOMAIN}/graphql"
'''

_CLIENTS = '''import os

import requests


class GraphQLClient:
    def __init__(self, url, token):
        self.url = url
        self.token = token

    def run(self, query, variables=None):
        r = requests.post(self.url, json={"query": query, "variables": variables},
                          headers={"Authorization": self.token})
        r.raise_for_status()
        return r.json()["data"]


houston = GraphQLClient(f"https://houston.{os.environ['BASEDOMAIN']}/v1", os.environ["API_TOKEN"])
houston_concat = GraphQLClient("https://houston." + os.environ["BASEDOMAIN"] + "/v1", os.environ["API_TOKEN"])
'''


def _user(name: str) -> str:
    return f'''import os

import requests

from lib.settings import {name}
''' + _LIST + f'''
requests.post({name}, json={{"query": LIST, "variables": {{"ws": "x"}}}}, headers={{"authorization": os.environ["API_TOKEN"]}})
'''


def test_f9_urls_built_in_another_module_are_read_where_they_are_built(tmp_path):
    lib = tmp_path / "lib"
    lib.mkdir()
    (lib / "__init__.py").write_text("")
    (lib / "settings.py").write_text(_SETTINGS, encoding="utf-8")
    (lib / "clients.py").write_text(_CLIENTS, encoding="utf-8")
    houstons = ("API_URL", "API_URL_CONCAT", "API_URL_ENV", "API_URL_GETENV")
    for name in houstons:
        (tmp_path / f"use_{name}.py").write_text(_user(name), encoding="utf-8")
    (tmp_path / "attribute_import.py").write_text('''import requests

from lib import settings
''' + _LIST + '''
requests.post(settings.API_URL, json={"query": LIST, "variables": {"ws": "x"}})
''', encoding="utf-8")
    for client in ("houston", "houston_concat"):
        (tmp_path / f"instance_{client}.py").write_text(f'''import sys

from lib.clients import {client}
''' + _LIST + f'''
for d in {client}.run(LIST, {{"ws": sys.argv[1]}})["workspaceDeployments"]:
    print(d["releaseName"])
''', encoding="utf-8")
    # controls: another API's URL built there, or another service's environment variable, is no Houston's
    (tmp_path / "use_other.py").write_text('''import requests

from lib.settings import CATALOG_URL, GITHUB_URL

HOUSTON_URL = "https://houston.astro.acme.com/v1"
INVENTORY = """
query Inventory { assets(kind: "server") { id lable } }
"""
VIEWER = """
query Viewer { viewer { login lable } }
"""
requests.post(CATALOG_URL, json={"query": INVENTORY})
requests.post(GITHUB_URL, json={"query": VIEWER})
''', encoding="utf-8")
    verdicts, errors, completed = _check(tmp_path)
    expected = [f"use_{name}.py" for name in houstons] + ["attribute_import.py", "instance_houston.py", "instance_houston_concat.py"]
    wrong = {name: verdicts.get(name, {}).get("Deps") for name in expected
             if verdicts.get(name, {}).get("Deps", {}).get("houston") is not True}
    assert not wrong, json.dumps(wrong, indent=1)
    for name in expected:
        assert any("'lable'" in message for message in errors.get(name, [])), (name, errors)
    said = " ".join(verdicts["use_API_URL.py"]["Deps"]["evidence"])
    assert "houston.{BASEDOMAIN}/v1" in said, said  # the value speaks, as written there
    said = " ".join(verdicts["use_API_URL_ENV.py"]["Deps"]["evidence"])
    assert 'os.environ["HOUSTON_URL"]' in said, said
    said = " ".join(verdicts["instance_houston.py"]["Deps"]["evidence"])
    assert "houston.{os.environ['BASEDOMAIN']}/v1" in said, said
    other = verdicts["use_other.py"]
    assert other["Inventory"]["houston"] is not True and other["Viewer"]["houston"] is False, other
    assert "use_other.py" not in errors, errors
    assert completed.returncode == 1


_LOGS = '''"""Stream a deployment's scheduler logs from Houston."""
import asyncio
import json
import os
import sys

import websockets

LOGS = """
subscription Logs($deploymentUuid: Uuid!, $component: String) {
  log(deploymentUuid: $deploymentUuid, component: $component) {
    id
    timestamp
    level
    mesage
  }
}
"""
'''


def test_f10_a_websocket_to_houstons_host_is_houstons(tmp_path):
    (tmp_path / "tail_logs.py").write_text(_LOGS + '''

async def main(deployment_uuid):
    async with websockets.connect(f"wss://houston.{os.environ['BASEDOMAIN']}/ws", subprotocols=["graphql-ws"]) as ws:
        await ws.send(json.dumps({"type": "connection_init",
                                  "payload": {"authorization": os.environ["HOUSTON_API_TOKEN"]}}))
        await ws.send(json.dumps({"id": "1", "type": "start",
                                  "payload": {"query": LOGS,
                                              "variables": {"deploymentUuid": deployment_uuid}}}))
        async for message in ws:
            print(json.loads(message))


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1]))
''', encoding="utf-8")
    (tmp_path / "named_url.py").write_text(_LOGS + '''
WS_URL = "wss://houston.astro.acme.com/ws"


async def main(deployment_uuid):
    async with websockets.connect(WS_URL) as ws:
        await ws.send(json.dumps({"id": "1", "type": "start", "payload": {"query": LOGS}}))
''', encoding="utf-8")
    # controls: houston in another host's path, or in a message, says nothing; another API's socket is against
    (tmp_path / "weather.py").write_text(_LOGS + '''

async def main(deployment_uuid):
    async with websockets.connect("wss://weather.example.com/v1/cities/houston") as ws:
        await ws.send(json.dumps({"payload": {"query": LOGS}}))
    print("see https://houston.acme.com/v1 for the platform")
''', encoding="utf-8")
    (tmp_path / "chat.py").write_text(_LOGS + '''

async def main(deployment_uuid):
    async with websockets.connect("wss://chat.example/graphql") as ws:
        await ws.send(json.dumps({"payload": {"query": LOGS}}))
''', encoding="utf-8")
    verdicts, errors, completed = _check(tmp_path)
    for name in ("tail_logs.py", "named_url.py"):
        logs = verdicts[name]["Logs"]
        assert logs["houston"] is True, (name, logs)
        assert any("houston." in item and "/ws" in item for item in logs["evidence"]), logs
        assert any("Did you mean 'message'" in message for message in errors.get(name, [])), errors
    assert verdicts["weather.py"]["Logs"]["houston"] is not True, verdicts["weather.py"]
    assert verdicts["chat.py"]["Logs"]["houston"] is False, verdicts["chat.py"]
    assert "weather.py" not in errors and "chat.py" not in errors, errors
    assert completed.returncode == 1


def test_f7_context_evidence_quotes_the_files_own_words(tmp_path):
    (tmp_path / "deps.py").write_text('''import os
import requests

URL = os.environ["ASTRONOMER_HOUSTON_URL"]
Q = """
query Deps($ws: Uuid!) { workspaceDeployments(workspaceUuid: $ws) { id label } }
"""
requests.post(URL, json={"query": Q, "variables": {"ws": "x"}}, headers={"authorization": os.environ["TOKEN"]})
''', encoding="utf-8")
    (tmp_path / "field.py").write_text('''import requests
from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    houston_url: str = ""


Q = """
query Deps($ws: Uuid!) { workspaceDeployments(workspaceUuid: $ws) { id label } }
"""
requests.post(Settings().endpoint, json={"query": Q})
''', encoding="utf-8")
    (tmp_path / "fstring.py").write_text('''import os
import requests

URL = f"https://houston.{os.environ['BASEDOMAIN']}/v1"
Q = """
query Deps($ws: Uuid!) { workspaceDeployments(workspaceUuid: $ws) { id label } }
"""
requests.post(URL, json={"query": Q})
''', encoding="utf-8")
    verdicts, _errors, _completed = _check(tmp_path)
    quoted = {}
    for name in ("deps.py", "field.py", "fstring.py"):
        context = [item for item in verdicts[name]["Deps"]["evidence"] if item.startswith("Houston endpoint named in the file: ")]
        assert context, verdicts[name]
        quoted[name] = context[0][len("Houston endpoint named in the file: "):].rsplit(" (line", 1)[0]
    assert quoted == {
        "deps.py": "ASTRONOMER_HOUSTON_URL",
        "field.py": "houston_url",
        "fstring.py": "houston.{os.environ['BASEDOMAIN']}/v1",
    }, quoted
    for name, words in quoted.items():
        assert words in (tmp_path / name).read_text(encoding="utf-8"), (name, words)
