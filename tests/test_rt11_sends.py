"""Sends whose URL is known only at run time, and bodies built by a call (issue 12, red team 11, F1, F2).

Through the installed CLI.  Every precision case below has a Houston helper in the same file (so the
file names Houston); the other send must still be judged by its own URL:

* F1: a URL from ``sys.argv``, ``input()``, argparse's ``args.x``, a ``json.load``ed config
  (``cfg["a"]["url"]``, ``CONF.get(...)``) or ``Catalog(argv[1])``'s ``self.url`` names no Houston:
  the document is not Houston's, ``check`` reports nothing, ``rewrite`` leaves the file alone, and
  ``--explain`` names the send;
* F2: a body built as ``data=json.dumps({...})`` (``.encode()``), ``json=dict(query=Q)``, a payload
  dict held in a name and dumped, or urllib ``Request(URL, data=...)`` is the send of its document:
  a foreign URL is not Houston; an imported Houston URL is Houston (the typo is reported).
"""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

CLI = shutil.which("houston-codemod") or str(Path(sys.executable).with_name("houston-codemod"))

PREAMBLE = '''import os, sys, json, argparse, requests, urllib.request
HOUSTON_URL = os.environ["HOUSTON_URL"]

def houston(q):
    return requests.post(HOUSTON_URL, json={"query": q}).json()

houston("query { workspaces { id } }")
CATALOG_Q = """
query { deployments { id name tier } }
"""
'''

RUN_TIME = {
    "argv": 'def catalog():\n    return requests.post(sys.argv[1], json={"query": CATALOG_Q})\n',
    "argv-name": 'CATALOG = sys.argv[1]\ndef catalog():\n    return requests.post(CATALOG, json={"query": CATALOG_Q})\n',
    "input": 'def catalog():\n    url = input("url: ")\n    return requests.post(url, json={"query": CATALOG_Q})\n',
    "argparse": 'def catalog():\n    p = argparse.ArgumentParser()\n    p.add_argument("--url")\n    args = p.parse_args()\n'
                '    return requests.post(args.url, json={"query": CATALOG_Q})\n',
    "json-subscript": 'cfg = json.load(open("c.json"))\ndef catalog():\n    return requests.post(cfg["catalog"]["url"], json={"query": CATALOG_Q})\n',
    "json-get": 'CONF = json.load(open("c.json"))\ndef catalog():\n    return requests.post(CONF.get("catalog_url"), json={"query": CATALOG_Q})\n',
    "instance": 'class Catalog:\n    def __init__(self, url):\n        self.url = url\n    def q(self):\n'
                '        return requests.post(self.url, json={"query": CATALOG_Q})\nCatalog(sys.argv[1]).q()\n',
}

BODIES = {
    "dumps": 'data=json.dumps({"query": CATALOG_Q})',
    "dumps-encode": 'data=json.dumps({"query": CATALOG_Q}).encode()',
    "dumps-dict": 'data=json.dumps(dict(query=CATALOG_Q))',
    "dict-call": 'json=dict(query=CATALOG_Q)',
}


def run(*args, cwd):
    return subprocess.run([CLI, *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=180)


def documents(root: Path):
    result = run("check", "--no-cache", "--jobs", "1", "--format", "json", ".", cwd=root)
    assert result.returncode in (0, 1), result.stderr
    return result.returncode, json.loads(result.stdout)



@pytest.mark.parametrize("form", sorted(RUN_TIME))
def test_a_run_time_url_is_not_houston(tmp_path, form):
    (tmp_path / "sync.py").write_text(PREAMBLE + RUN_TIME[form], encoding="utf-8")
    code, report = documents(tmp_path)
    assert code == 0, report["findings"]
    assert report["findings"] == []
    verdicts = sorted(d["houston"] for d in report["documents"])
    assert verdicts == [False, True], report["documents"]
    foreign = next(d for d in report["documents"] if d["houston"] is False)
    assert any("not to the file's Houston endpoint" in e for e in foreign["evidence"]), foreign["evidence"]


def test_explain_names_the_argv_send(tmp_path):
    (tmp_path / "sync.py").write_text(PREAMBLE + RUN_TIME["argv"], encoding="utf-8")
    result = run("check", "--no-cache", "--explain", "sync.py:8", cwd=tmp_path)
    lines = result.stdout.splitlines()
    assert lines[0].startswith("sync.py:8:") and "not Houston" in lines[0], result.stdout + result.stderr
    assert any("posted to sys.argv[1]" in line and line.endswith("[strong]") for line in lines), result.stdout


MIRROR = '''import os
import sys
import requests

HOUSTON_URL = os.environ["HOUSTON_URL"]


def houston(q):
    return requests.post(HOUSTON_URL, json={"query": q}).json()


INVENTORY_RECORD = """
mutation Rec($id: ID!) {
  upsertDeployment(deploymentUuid: $id, airflowVersion: "2.3.4", owner: "data-eng") { id }
}
"""


def main():
    inventory_url = URL_SOURCE
    for d in houston("query { workspaces { id } }")["data"]["workspaces"]:
        requests.post(inventory_url, BODY)


main()
'''


@pytest.mark.parametrize("source, body", [
    ("sys.argv[1]", 'json={"query": INVENTORY_RECORD, "variables": {"id": d["id"]}}'),
    ('os.environ["INVENTORY_URL"]', 'data=json.dumps({"query": INVENTORY_RECORD, "variables": {"id": d["id"]}})'),
])
def test_rewrite_leaves_the_other_apis_mutation_alone(tmp_path, source, body):
    text = MIRROR.replace("URL_SOURCE", source).replace("BODY", body)
    if "json.dumps" in body:
        text = "import json\n" + text
    (tmp_path / "mirror.py").write_text(text, encoding="utf-8")
    result = run("rewrite", "--no-cache", "--diff", ".", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "runtimeVersion" not in result.stdout
    assert (tmp_path / "mirror.py").read_text(encoding="utf-8") == text


@pytest.mark.parametrize("form", sorted(BODIES))
def test_a_body_built_by_a_call_is_judged_by_its_foreign_url(tmp_path, form):
    send = f'CATALOG = os.environ["CATALOG_URL"]\ndef catalog():\n    return requests.post(CATALOG, {BODIES[form]})\n'
    (tmp_path / "sync.py").write_text(PREAMBLE + send, encoding="utf-8")
    code, report = documents(tmp_path)
    assert code == 0 and report["findings"] == [], report
    foreign = [d for d in report["documents"] if d["houston"] is False]
    assert len(foreign) == 1 and any("CATALOG_URL" in e for e in foreign[0]["evidence"]), report["documents"]


TYPO = 'Q = "query { workspaceDeployments(workspaceUuid: \\"a\\") { id releaseNam } }"\n'


@pytest.mark.parametrize("send", [
    'requests.post(API_URL, data=json.dumps({"query": Q}), headers={"content-type": "application/json"})',
    'requests.post(API_URL, json=dict(query=Q))',
    'urllib.request.urlopen(urllib.request.Request(API_URL, data=json.dumps({"query": Q}).encode()))',
])
def test_a_body_built_by_a_call_to_an_imported_houston_url_is_houston(tmp_path, send):
    (tmp_path / "config.py").write_text('API_URL = "https://houston.acme.com/v1"\n', encoding="utf-8")
    (tmp_path / "deploy.py").write_text(
        "import json, requests, urllib.request\nfrom config import API_URL\n" + TYPO + f"def a():\n    return {send}\n", encoding="utf-8")
    code, report = documents(tmp_path)
    assert code == 1, report
    assert [d["houston"] for d in report["documents"] if d["path"] == "deploy.py"] == [True]
    assert any("releaseName" in f["message"] for f in report["findings"]), report["findings"]


def test_a_payload_dict_held_in_a_name_and_dumped(tmp_path):
    (tmp_path / "config.py").write_text('API_URL = "https://houston.acme.com/v1"\n', encoding="utf-8")
    (tmp_path / "deploy.py").write_text(
        "import json, requests\nfrom config import API_URL\n" + TYPO
        + 'def a():\n    payload = {"query": Q}\n    return requests.post(API_URL, data=json.dumps(payload))\n', encoding="utf-8")
    code, report = documents(tmp_path)
    assert code == 1 and any("releaseName" in f["message"] for f in report["findings"]), report


@pytest.mark.parametrize("body", [
    '    payload = json.dumps({"query": Q})\n    return requests.post(API_URL, data=payload)\n',
    '    body = json.dumps({"query": Q}).encode()\n    return urllib.request.urlopen(API_URL, body)\n',
])
def test_a_dumped_body_held_in_a_name_goes_where_its_send_goes(tmp_path, body):
    (tmp_path / "config.py").write_text('API_URL = "https://houston.acme.com/v1"\n', encoding="utf-8")
    (tmp_path / "deploy.py").write_text("import json, requests, urllib.request\nfrom config import API_URL\n" + TYPO + "def a():\n" + body, encoding="utf-8")
    code, report = documents(tmp_path)
    assert code == 1 and any("releaseName" in f["message"] for f in report["findings"]), report
    # the same body posted to another API's URL while the file's helper posts to Houston: not Houston
    foreign = PREAMBLE + 'CATALOG = os.environ["CATALOG_URL"]\ndef catalog():\n' + body.replace("API_URL", "CATALOG").replace('"query": Q', '"query": CATALOG_Q')
    (tmp_path / "config.py").unlink()
    (tmp_path / "deploy.py").write_text(foreign, encoding="utf-8")
    code, report = documents(tmp_path)
    assert code == 0 and report["findings"] == [], report
    assert sorted(d["houston"] for d in report["documents"]) == [False, True], report["documents"]
