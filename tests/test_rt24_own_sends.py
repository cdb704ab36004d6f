"""Red team 23, report 12 ("Houston or not"): a document took the file's Houston context although its own
send was seen to go elsewhere.

* f21: ``platform = GraphQL(PLATFORM_URL, {"authorization": HOUSTON_API_TOKEN})`` beside ``directory =
  GraphQL(DIRECTORY_URL, {"x-api-key": ...})``: ``directory.query(...)`` was Houston's through the other
  instance's token (2 false errors), while the same sends as two functions were not.  Each instance is read
  with its own construction (``gather_binding._sibling_houston_line``);
* f14: ``monday = MondayClient(TOKEN)``; ``monday.custom.execute_custom_query(Q)`` (monday.com's SDK) beside a
  Houston helper: a document handed to a client built by another package, one that is no HTTP or GraphQL
  transport and no module of the run, and given no URL, is that package's (``sdk_sends._other_sdk``).

One ``check --format json`` run of the installed CLI per tree (``TRUST_CLI_UNDER_TEST`` points it at another install).
"""

import json
from pathlib import Path

from trust_cli import run_cli


def _check(root: Path):
    completed = run_cli("check", "--no-cache", "-j1", "--houston-version", "1.0.1", "--format", "json", ".", cwd=root)
    assert completed.returncode in (0, 1), completed.stderr
    assert "Traceback" not in completed.stderr, completed.stderr
    report = json.loads(completed.stdout)
    verdicts = {}
    for document in report["documents"]:
        verdicts.setdefault(Path(document["path"]).as_posix(), []).append(document)
    errors = {}
    for finding in report["findings"]:
        if finding.get("severity") == "error":
            errors.setdefault(Path(finding["path"]).as_posix(), []).append((finding["line"], finding["message"]))
    return verdicts, errors, completed


def test_f21_each_instance_is_judged_by_its_own_headers(tmp_path):
    (tmp_path / "sync.py").write_text('''import os
import requests


class GraphQL:
    def __init__(self, url, headers):
        self.url = url
        self.headers = headers

    def query(self, q, **v):
        return requests.post(self.url, json={"query": q, "variables": v}, headers=self.headers).json()["data"]


platform = GraphQL(os.environ["PLATFORM_URL"], {"authorization": os.environ["HOUSTON_API_TOKEN"]})
directory = GraphQL(os.environ["DIRECTORY_URL"], {"x-api-key": os.environ["DIRECTORY_API_KEY"]})


def main():
    ws = platform.query("query { workspaces { id lable } }")
    people = directory.query("query { users { id name email } }")
    return ws, people
''', encoding="utf-8")
    verdicts, errors, completed = _check(tmp_path)
    by_line = {d["line"]: d for d in verdicts["sync.py"]}
    assert by_line[20]["houston"] is not True, by_line[20]
    assert any("not to the file's Houston endpoint" in e for e in by_line[20]["evidence"]), by_line[20]
    assert [line for line, _ in errors.get("sync.py", [])] == [19], errors  # the platform's typo only
    assert by_line[19]["houston"] is True, by_line[19]


def test_f14_a_query_handed_to_another_packages_client_is_that_packages(tmp_path):
    (tmp_path / "sync.py").write_text('''"""Invite every monday.com user to our Astronomer workspace."""
import os
import requests
from monday import MondayClient

HOUSTON_URL = os.environ["HOUSTON_URL"]
monday = MondayClient(os.environ["MONDAY_API_TOKEN"])

MONDAY_USERS = """
query {
  users(kind: non_guests) { id name email }
}
"""

INVITE = """
mutation Invite($workspaceUuid: Uuid!, $email: String!) {
  workspaceAddUser(workspaceUuid: $workspaceUuid, email: $email, role: WORKSPACE_VIEWER) { id lable }
}
"""


def houston(q, **v):
    r = requests.post(HOUSTON_URL, json={"query": q, "variables": v},
                      headers={"authorization": os.environ["HOUSTON_API_TOKEN"]})
    return r.json()["data"]


def main(ws):
    people = monday.custom.execute_custom_query(MONDAY_USERS)["data"]["users"]
    for p in people:
        houston(INVITE, workspaceUuid=ws, email=p["email"])
''', encoding="utf-8")
    # control: a client class of the run (lib/platform.py), built with no URL, keeps the file's Houston context
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "__init__.py").write_text("")
    (tmp_path / "lib" / "platform.py").write_text('''import os
import requests


class Platform:
    def run(self, q):
        return requests.post(os.environ["HOUSTON_URL"], json={"query": q}).json()
''', encoding="utf-8")
    (tmp_path / "control.py").write_text('''import os
from lib.platform import Platform

HOUSTON_URL = os.environ["HOUSTON_URL"]
client = Platform()
LIST = "query { workspaces { id lable } }"
client.run(LIST)
''', encoding="utf-8")
    verdicts, errors, completed = _check(tmp_path)
    by_line = {d["line"]: d for d in verdicts["sync.py"]}
    monday = next(d for d in verdicts["sync.py"] if "users" in json.dumps(d).lower() and d["line"] < 14)
    assert monday["houston"] is not True, monday
    assert any("MondayClient" in e for e in monday["evidence"]), monday
    lines = [line for line, _ in errors.get("sync.py", [])]
    assert lines and all(line > 14 for line in lines), errors  # the Houston mutation's typo only
    assert verdicts["control.py"][0]["houston"] is True, verdicts["control.py"]
