"""Issue 12 verdicts, red team pass 15 (report 12: F8, F4, F10, F9).

Each scenario is one run of the installed ``houston-codemod`` over a small project
(``tests/verdicts_cli.py``), asserting the verdicts, their evidence and the findings.
"""

from pathlib import Path

from verdicts_cli import at, check, write

# F9: a HOUSTON_* dict written dict(key="...") is the same dict as the {...} literal.
DICT_CALL = '''HOUSTON_MUTATIONS = dict(
    create="mutation { createDeploymnt(label: \\"x\\") { id } }",
    ws="{ workspacez { id } }",
)
'''


def test_f9_entries_of_a_houston_dict_call_are_named_for_houston(tmp_path: Path):
    write(tmp_path, {"consts.py": DICT_CALL})
    completed, verdicts, findings = check(tmp_path)
    for line in (2, 3):
        document = at(verdicts, "consts.py", line)
        assert document["houston"] is True and "name HOUSTON_MUTATIONS" in document["evidence"][0], document
    assert {(f["line"], f["code"]) for f in findings} == {(2, "fields-on-correct-type"), (3, "fields-on-correct-type")}, findings
    assert completed.returncode == 1


# F8: a script loading queries/*.graphql and sending to Houston AND to Hasura gives no file-wide verdict.
TWO_DESTINATIONS = '''import glob, os
import requests

URL = "https://houston.astro.acme.com/v1"
HASURA = "https://acme.hasura.app/v1/graphql"
QUERIES = {}
for path in glob.glob("queries/*.graphql"):
    with open(path) as fh:
        QUERIES[os.path.basename(path)[:-8]] = fh.read()

def houston(q):
    return requests.post(URL, json={"query": q}).json()

def hasura(q):
    return requests.post(HASURA, json={"query": q}).json()

houston(QUERIES["deps"])
hasura(QUERIES["inventory"])
'''


def test_f8_a_read_of_a_script_with_two_destinations_is_not_judged_by_the_scripts_houston_endpoint(tmp_path: Path):
    write(tmp_path, {"run.py": TWO_DESTINATIONS, "queries/inventory.graphql": "query Inv { deployments { id name region owner } }\n"})
    completed, verdicts, findings = check(tmp_path)
    document = at(verdicts, "queries/inventory.graphql", 1)
    assert document["houston"] is not True, document
    assert not any("names Houston's endpoint" in e for e in document["evidence"]), document
    assert findings == [] and completed.returncode == 0, findings
    # the same script sending only to Houston still speaks for the files it loads
    write(tmp_path, {"run.py": TWO_DESTINATIONS.replace("acme.hasura.app/v1/graphql", "houston.astro.acme.com/v1")})
    completed, verdicts, findings = check(tmp_path)
    document = at(verdicts, "queries/inventory.graphql", 1)
    assert document["houston"] is True and any("names Houston's endpoint" in e for e in document["evidence"]), document
    assert completed.returncode == 1


# F4: the send's own Airflow connection names another API; a Houston endpoint named elsewhere in the DAG does not outweigh it.
DAG_TWO_CONNECTIONS = '''import json
from airflow import DAG
from airflow.providers.http.operators.http import SimpleHttpOperator
import pendulum

HOUSTON_URL = "https://houston.astro.acme.com/v1"

with DAG("sync", start_date=pendulum.datetime(2024, 1, 1), schedule=None) as dag:
    SimpleHttpOperator(
        task_id="hasura",
        http_conn_id="hasura_default",
        endpoint="v1/graphql",
        method="POST",
        data=json.dumps({"query": "query { deployments { id name region } }"}),
    )
    SimpleHttpOperator(
        task_id="houston",
        http_conn_id="houston",
        endpoint="v1",
        method="POST",
        data=json.dumps({"query": "query { deploymnts { id } }"}),
    )
'''


def test_f4_the_sends_own_connection_outweighs_a_houston_endpoint_named_in_the_file(tmp_path: Path):
    write(tmp_path, {"dag.py": DAG_TWO_CONNECTIONS})
    completed, verdicts, findings = check(tmp_path)
    hasura = at(verdicts, "dag.py", 14)
    assert hasura["houston"] is False, hasura
    # weighed above the file's endpoint (its endpoint "v1/graphql", a /graphql path, is decisive before it: RT18 report 12, F5)
    connection = next(i for i, e in enumerate(hasura["evidence"]) if "http_conn_id='hasura_default' (another API)" in e)
    assert not any(e.startswith("Houston endpoint named") for e in hasura["evidence"][:connection]), hasura
    houston = at(verdicts, "dag.py", 21)
    assert houston["houston"] is True, houston
    assert [f["line"] for f in findings] == [21], findings
    assert completed.returncode == 1


# F10: a notebook helper redefined in a later cell; a call in an earlier cell runs the definition in force there.
def _notebook(*cells):
    import json

    return json.dumps({
        "cells": [
            {"cell_type": kind, "metadata": {}, "source": text, **({"outputs": [], "execution_count": None} if kind == "code" else {})}
            for kind, text in cells
        ],
        "metadata": {}, "nbformat": 4, "nbformat_minor": 5,
    }, indent=1)


REDEFINED = _notebook(
    ("code", "import os, requests\nHOUSTON = 'https://houston.astro.acme.com/v1'\ndef run(q):\n"
             "    return requests.post(HOUSTON, json={'query': q}, headers={'authorization': os.environ['HOUSTON_API_TOKEN']}).json()\n"),
    ("code", "run('{ workspacs { id } }')\n"),
    ("markdown", "## Now the inventory service"),
    ("code", "INVENTORY = 'https://inventory.acme-corp.net/graphql'\ndef run(q):\n    return requests.post(INVENTORY, json={'query': q}).json()\n"),
    ("code", "run('{ deployments { id name region } }')\n"),
)


def test_f10_a_call_runs_the_helper_defined_before_it_not_a_later_cells(tmp_path: Path):
    write(tmp_path, {"explore.ipynb": REDEFINED})
    completed, verdicts, findings = check(tmp_path)
    earlier, later = sorted(verdicts["explore.ipynb"], key=lambda d: d["line"])
    assert earlier["houston"] is True, earlier
    assert any("houston.astro.acme.com/v1 (call at line 1 of cell 2)" in e for e in earlier["evidence"]), earlier
    assert not any("inventory" in e for e in earlier["evidence"]), earlier
    assert later["houston"] is False and any("inventory.acme-corp.net" in e for e in later["evidence"]), later
    assert [f["line"] for f in findings] == [earlier["line"]] and "workspacs" in findings[0]["message"], findings
    assert completed.returncode == 1


# F10, the same class for a module name: URL rebound in a later cell; a send in between posts to the URL in force.
REBOUND = _notebook(
    ("code", "import requests\nURL = 'https://houston.astro.acme.com/v1'\n"),
    ("code", "requests.post(URL, json={'query': '{ workspacs { id } }'})\n"),
    ("code", "URL = 'https://inventory.acme-corp.net/graphql'\n"),
    ("code", "requests.post(URL, json={'query': '{ deployments { id name region } }'})\n"),
)


def test_f10_a_send_posts_to_the_url_bound_before_it_not_a_later_cells(tmp_path: Path):
    write(tmp_path, {"nb.ipynb": REBOUND})
    completed, verdicts, findings = check(tmp_path)
    houston, inventory = verdicts["nb.ipynb"]
    assert houston["houston"] is True and not any("inventory" in e for e in houston["evidence"]), houston
    assert inventory["houston"] is False and any("inventory.acme-corp.net" in e for e in inventory["evidence"]), inventory
    assert len(findings) == 1 and "workspacs" in findings[0]["message"], findings
    assert completed.returncode == 1
