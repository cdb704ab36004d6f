"""Untraced sends are not judged by the file's context when the file also sends elsewhere (issue 12, red team 12, F1).

Through the installed CLI.  Each file below names Houston (a ``HOUSTON_URL`` helper or call) and
also sends GraphQL to another API; the other API's document is sent in a form whose URL the
document's own call does not carry (a dict entry, a loop variable, an enum's ``.value``, a
function's return value, ``" ".join(Q.split())``, ``TEMPLATE.format(...)``, a gql client kept on
``self``, a batched body, a lambda mapped over a pool).  The file's "Houston endpoint named in the
file" is no evidence about such a document: ``check`` exits 0 with no finding, the document is not
Houston's (``houston`` null or false), its evidence names the other send, and ``rewrite`` leaves the
file alone.  A Houston-only file keeps its verdicts: a typo in an untraced document there is still
reported.
"""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

CLI = shutil.which("houston-codemod") or str(Path(sys.executable).with_name("houston-codemod"))

MONDAY_Q = '"query { workspaces(ids: [1]) { id name kind } }"'
HOUSTON_HELPER = 'HOUSTON_URL = os.environ["HOUSTON_URL"]\ndef houston(q):\n    return requests.post(HOUSTON_URL, json={"query": q}).json()\n'
HOUSTON_CALL = '    requests.post(HOUSTON_URL, json={"query": "query { workspaces { id label } }"})\n'

# name -> (source, the other API's host its evidence must name)
FORMS = {
    "gh_dict_entry": (
        'import os, requests\nHOUSTON_URL = os.environ["HOUSTON_URL"]\n'
        'GH_QUERIES = {"user": \'query { user(login: "octocat") { name company } }\'}\n'
        'def gh(name):\n    return requests.post("https://api.github.com/graphql", json={"query": GH_QUERIES[name]}).json()\n'
        'def houston_ws():\n    return requests.post(HOUSTON_URL, json={"query": "query { workspaces { id label } }"}).json()\n',
        "api.github.com",
    ),
    "hasura_dict_entry": (
        'import os, requests\nHOUSTON_URL = os.environ["HOUSTON_URL"]\nHASURA_URL = "https://acme-inventory.hasura.app/v1/graphql"\n'
        'INVENTORY_QUERIES = {\n    "all": """\nquery {\n  deployments {\n    id\n    releaseName\n    airflowVersion\n  }\n}\n""",\n}\n'
        'def inventory(name):\n    r = requests.post(HASURA_URL, json={"query": INVENTORY_QUERIES[name]},\n'
        '                      headers={"x-hasura-admin-secret": os.environ["HASURA_SECRET"]})\n    return r.json()\n'
        'def houston_workspaces():\n    return requests.post(HOUSTON_URL, json={"query": "query { workspaces { id label } }"},\n'
        '                         headers={"authorization": os.environ["HOUSTON_API_TOKEN"]}).json()\n',
        "hasura.app",
    ),
    "literal_key": (
        f'import os, requests\nHOUSTON_URL = os.environ["HOUSTON_URL"]\nQUERIES = {{\n    "monday_ws": {MONDAY_Q},\n}}\n'
        'def main():\n    requests.post("https://api.monday.com/v2", json={"query": QUERIES["monday_ws"]})\n' + HOUSTON_CALL,
        "monday.com",
    ),
    "list_loop": (
        f'import os, requests\nHOUSTON_URL = os.environ["HOUSTON_URL"]\nMONDAY_QS = [{MONDAY_Q}]\n'
        'def main():\n    for q in MONDAY_QS:\n        requests.post("https://api.monday.com/v2", json={"query": q})\n' + HOUSTON_CALL,
        "monday.com",
    ),
    "enum_value": (
        f'import os, requests, enum\nHOUSTON_URL = os.environ["HOUSTON_URL"]\nclass MondayQuery(str, enum.Enum):\n    WORKSPACES = {MONDAY_Q}\n'
        'def main():\n    requests.post("https://api.monday.com/v2", json={"query": MondayQuery.WORKSPACES.value})\n' + HOUSTON_CALL,
        "monday.com",
    ),
    "function_return": (
        f'import os, requests\nHOUSTON_URL = os.environ["HOUSTON_URL"]\ndef monday_query():\n    return {MONDAY_Q}\n'
        'def main():\n    requests.post("https://api.monday.com/v2", json={"query": monday_query()})\n' + HOUSTON_CALL,
        "monday.com",
    ),
    "minify": (
        f'import os, json, requests\n{HOUSTON_HELPER}MQ = {MONDAY_Q}\n'
        'def main():\n    return requests.post("https://api.monday.com/v2", json={"query": " ".join(MQ.split())})\n',
        "monday.com",
    ),
    "tuple_loop": (
        f'import os, json, requests\n{HOUSTON_HELPER}MQ = {MONDAY_Q}\n'
        'def main():\n    for url, q in [("https://api.monday.com/v2", MQ)]:\n        requests.post(url, json={"query": q})\n',
        "monday.com",
    ),
    "pool_lambda": (
        f'import os, json, requests\nfrom concurrent.futures import ThreadPoolExecutor\n{HOUSTON_HELPER}MQ = {MONDAY_Q}\n'
        'def main():\n    with ThreadPoolExecutor(2) as ex:\n'
        '        return list(ex.map(lambda q: requests.post("https://api.monday.com/v2", json={"query": q}), [MQ]))\n',
        "monday.com",
    ),
    "batch": (
        f'import os, json, requests\n{HOUSTON_HELPER}INV = "query {{ deployments {{ id releaseName airflowVersion }} }}"\n'
        'HASURA = "https://acme.hasura.app/v1/graphql"\ndef main():\n    return requests.post(HASURA, json=[{"query": INV}])\n',
        "hasura.app",
    ),
    "format": (
        f'import os, json, requests\n{HOUSTON_HELPER}TEMPLATE = "query {{{{ workspaces(ids: [{{wid}}]) {{{{ id name kind }}}} }}}}"\n'
        'def main():\n    return requests.post("https://api.monday.com/v2", json={"query": TEMPLATE.format(wid=5)})\n',
        "monday.com",
    ),
    "self_gql_client": (
        'import os, json, requests\nfrom gql import gql, Client\nfrom gql.transport.requests import RequestsHTTPTransport\n'
        f'{HOUSTON_HELPER}class Monday:\n    def __init__(self):\n'
        '        self.client = Client(transport=RequestsHTTPTransport(url="https://api.monday.com/v2"))\n'
        f'    def workspaces(self):\n        return self.client.execute(gql({MONDAY_Q}))\n',
        "monday.com",
    ),
    "run_time_url": (
        f'import os, requests\n{HOUSTON_HELPER}QUERIES = {{"ws": {MONDAY_Q}}}\n'
        'def other(name):\n    return requests.post(os.environ["BOARD_API"], json={"query": QUERIES[name]})\n',
        "BOARD_API",
    ),
}


def run(*args, cwd):
    return subprocess.run([CLI, *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=180)


def _documents(cwd, name):
    done = run("check", "--format", "json", name, cwd=cwd)
    assert "Traceback" not in done.stderr
    return done, json.loads(done.stdout)


@pytest.mark.parametrize("form", sorted(FORMS))
def test_other_apis_document_is_not_judged_by_the_files_houston_endpoint(tmp_path, form):
    source, host = FORMS[form]
    (tmp_path / "script.py").write_text(source)
    done, report = _documents(tmp_path, "script.py")
    assert done.returncode == 0, (done.stdout, done.stderr)
    assert report["findings"] == []
    foreign = [d for d in report["documents"] if "label" not in source[_offset(source, d["line"], d["column"]):][:80]]
    assert foreign, report["documents"]
    for document in foreign:
        assert document["houston"] is not True, document
        assert any(host in item for item in document["evidence"]), document["evidence"]
    # the Houston call of the same file is still Houston's
    houston = [d for d in report["documents"] if d not in foreign]
    assert all(d["houston"] is True for d in houston), houston
    rewritten = run("rewrite", "script.py", cwd=tmp_path)
    assert rewritten.returncode == 0, (rewritten.stdout, rewritten.stderr)
    assert (tmp_path / "script.py").read_text() == source


def _offset(source, line, column):
    lines = source.splitlines(keepends=True)
    return sum(len(text) for text in lines[: line - 1]) + column - 1


def test_evidence_names_the_other_send_and_says_the_document_was_not_traced(tmp_path):
    # a form no tracing follows (the document handed over by a call the tool does not know)
    (tmp_path / "script.py").write_text(
        f'import os, requests\n{HOUSTON_HELPER}MQ = {MONDAY_Q}\n'
        'def main(pick):\n    requests.post("https://api.monday.com/v2", json={"query": pick(MQ)})\n'
    )
    done = run("check", "--explain", "script.py:5", cwd=tmp_path)
    assert done.returncode == 0, (done.stdout, done.stderr)
    assert "undecided" in done.stdout
    assert '- the file also sends to "https://api.monday.com/v2" (line 7); this document\'s send was not traced [context]' in done.stdout
    assert "+ Houston endpoint named in the file: HOUSTON_URL (line 2) [context]" in done.stdout


HOUSTON_ONLY = {
    "dict_entry": 'QUERIES = {"ws": "query { workspacz { id } }"}\ndef ws(name):\n    return requests.post(HOUSTON_URL, json={"query": QUERIES[name]})\n',
    # a webhook that carries no GraphQL is no other destination
    "dict_entry_and_webhook": 'QUERIES = {"ws": "query { workspacz { id } }"}\ndef ws(name):\n    return requests.post(HOUSTON_URL, json={"query": QUERIES[name]})\n'
                              'def notify(text):\n    requests.post(os.environ["SLACK_WEBHOOK"], json={"text": text})\n',
    "loop": 'QS = ["query { workspacz { id } }"]\ndef main():\n    for q in QS:\n        houston(q)\n',
    "unsent_constant": 'WS = "query { workspacz { id } }"\n',
}


@pytest.mark.parametrize("form", sorted(HOUSTON_ONLY))
def test_houston_only_file_keeps_its_verdicts(tmp_path, form):
    (tmp_path / "ops.py").write_text(f"import os, requests\n{HOUSTON_HELPER}" + HOUSTON_ONLY[form])
    done, report = _documents(tmp_path, "ops.py")
    assert done.returncode == 1, (done.stdout, done.stderr)
    typo = [f for f in report["findings"] if "workspacz" in f["message"]]
    assert typo, report["findings"]
    assert all(d["houston"] is True for d in report["documents"]), report["documents"]


def test_traced_forms_decide_outright_both_ways_in_a_file_sending_to_two_apis(tmp_path):
    # each document's own send is followed (dict entry, loop variable of its own function, format,
    # function return): Houston's typos are reported, GitHub's documents are not Houston's
    source = (
        'import os, requests\nHOUSTON_URL = os.environ["HOUSTON_URL"]\nGH = "https://api.github.com/graphql"\n'
        'H_QUERIES = {"ws": "query { workspacz { id } }"}\n'
        'GH_QUERIES = {"me": "query { viewer { login } }"}\n'
        'H_LIST = ["query { deploymentz { id } }"]\n'
        'GH_LIST = ["query { user(login: \\"x\\") { name } }"]\n'
        'def h(name):\n    return requests.post(HOUSTON_URL, json={"query": H_QUERIES[name]})\n'
        'def g(name):\n    return requests.post(GH, json={"query": GH_QUERIES[name]})\n'
        'def h_all():\n    for q in H_LIST:\n        requests.post(HOUSTON_URL, json={"query": q})\n'
        'def g_all():\n    for q in GH_LIST:\n        requests.post(GH, json={"query": q})\n'
    )
    (tmp_path / "two.py").write_text(source)
    done, report = _documents(tmp_path, "two.py")
    assert done.returncode == 1, (done.stdout, done.stderr)
    by_line = {d["line"]: d for d in report["documents"]}
    assert by_line[4]["houston"] is True and by_line[6]["houston"] is True, report["documents"]
    assert by_line[5]["houston"] is False and by_line[7]["houston"] is False, report["documents"]
    # red team 17 (report 13, F11): a string a loop or a run-time key sends is found at that send, so
    # its evidence names the call itself (before: "sending H_QUERIES[name]" / "sending q", followed later)
    assert any("HOUSTON_URL" in e and "call at line 9" in e for e in by_line[4]["evidence"]), by_line[4]["evidence"]
    assert any("api.github.com" in e and "call at line 17" in e for e in by_line[7]["evidence"]), by_line[7]["evidence"]
    assert sorted(f["line"] for f in report["findings"] if f["severity"] == "error") == [4, 6], report["findings"]


def test_following_sent_values_is_bounded_per_send(monkeypatch):
    """Work is counted, not timed: many sends of entries of a large dict read a bounded number of
    expressions each (send_forms' budget), never the whole dict once per send."""
    from codemods.destination import send_forms
    from codemods.pipeline import BundledSchema, Options, process
    from codemods.versions import VersionTable

    calls = [0]
    real = send_forms._literals

    def counting(*args, **kwargs):
        calls[0] += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(send_forms, "_literals", counting)
    sends, entries = 60, 1000
    lines = ['import os, requests', 'HOUSTON_URL = os.environ["HOUSTON_URL"]', 'requests.post(HOUSTON_URL, json={"query": "query { workspaces { id } }"})']
    lines.append("Q = {" + ", ".join(f'"k{i}": "query {{ viewer {{ f{i} }} }}"' for i in range(entries)) + "}")
    lines += [f'def s{i}(k):\n    return requests.post("https://api.github.com/graphql", json={{"query": Q[k]}})' for i in range(sends)]
    data = ("\n".join(lines) + "\n").encode()
    process("big.py", data, Options(schema=BundledSchema(None), versions=VersionTable.bundled()))
    assert 0 < calls[0] <= sends * send_forms._BUDGET
