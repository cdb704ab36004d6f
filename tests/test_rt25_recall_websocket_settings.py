"""Red team 23, report 12 ("Houston or not", recall), f7: Houston's deployment-log subscription sent over
``websockets.connect(URL)``.  With the URL a literal ``wss://houston...`` host the document was Houston's and
its typo reported; with ``URL = os.getenv("HOUSTON_WS", "wss://houston...")`` or ``os.environ["HOUSTON_WS_URL"]``
it was "not Houston" with no evidence at all (``requests.post`` to the same reads is decisive).
``read_beside._environment_said`` reads the connection's URL when it is an environment read, its variable's
name speaking as at a traced send.

Controls: a token read from ``HOUSTON_API_TOKEN`` for the message places nothing when the URL is another
service's (``CHAT_WS_URL``); ``HOUSTON_DC1_WS`` with a document Houston never declared stays a note; a
``HOUSTON_WS`` whose default is another API's ``/graphql`` URL says nothing.
One ``check --format json`` run of the installed CLI per tree (``TRUST_CLI_UNDER_TEST`` points it at another install).
"""

from pathlib import Path

from trust_cli import check_by_file

_TAIL = '''import asyncio, json, os
import websockets

URL_BINDING
LOGS = """
DOCUMENT
"""


async def tail(dep):
    async with websockets.connect(CONNECT, subprotocols=["graphql-ws"]) as ws:
        await ws.send(json.dumps({"type": "connection_init", "payload": {"authorization": os.environ["HOUSTON_API_TOKEN"]}}))
        await ws.send(json.dumps({"id": "1", "type": "start", "payload": {"query": LOGS, "variables": {"deploymentUuid": dep}}}))
        async for m in ws:
            print(m)
'''
_LOGS = 'subscription Logs($deploymentUuid: Uuid!) {\n  log(deploymentUuid: $deploymentUuid, component: "scheduler") { id messag }\n}'
_TICKETS = 'subscription Tickets($status: String!) {\n  tickets(status: $status) { id title }\n}'


def _write(root: Path, name: str, binding: str, document: str, connect: str = "HOUSTON_WS") -> None:
    (root / name).write_text(_TAIL.replace("URL_BINDING", binding).replace("DOCUMENT", document).replace("CONNECT", connect))


def test_f7_a_websocket_url_read_from_a_houston_setting_is_houstons(tmp_path):
    _write(tmp_path, "literal.py", 'HOUSTON_WS = "wss://houston.astro.acme.com/ws"', _LOGS)
    _write(tmp_path, "getenv_default.py", 'HOUSTON_WS = os.getenv("HOUSTON_WS", "wss://houston.astro.acme.com/ws")', _LOGS)
    _write(tmp_path, "environ.py", 'HOUSTON_WS = os.environ["HOUSTON_WS_URL"]', _LOGS)
    _write(tmp_path, "stripped.py", 'HOUSTON_WS = os.environ["HOUSTON_WS_URL"].rstrip("/")', _LOGS)
    _write(tmp_path, "at_connect.py", "", _LOGS, 'os.environ.get("HOUSTON_WS_URL")')
    verdicts, errors, _ = check_by_file(tmp_path)
    for path in ("literal.py", "getenv_default.py", "environ.py", "stripped.py", "at_connect.py"):
        assert verdicts[path]["houston"] is True, (path, verdicts[path]["evidence"])
        assert any("messag" in message for message in errors.get(path, ())), (path, errors)
    said = " ".join(verdicts["environ.py"]["evidence"])
    assert "beside environment variable HOUSTON_WS_URL" in said, said


def test_a_websocket_url_of_another_setting_places_nothing_for_houston(tmp_path):
    # the message's HOUSTON_API_TOKEN is no URL; CHAT_WS_URL is another service's
    _write(tmp_path, "chat.py", 'CHAT_WS = os.environ["CHAT_WS_URL"]', _LOGS, "CHAT_WS")
    _write(tmp_path, "dc1.py", 'HOUSTON_WS = os.environ["HOUSTON_DC1_WS"]', _TICKETS)
    _write(tmp_path, "elsewhere.py", 'HOUSTON_WS = os.getenv("HOUSTON_WS", "wss://mission-control.acme.io/graphql")', _LOGS)
    verdicts, errors, _ = check_by_file(tmp_path)
    assert not [p for p, d in verdicts.items() if d["houston"] is True], verdicts
    assert not errors, errors
