"""Links a Houston send makes across files (issue 12/11, red team 14, report 12: F2, F3, F8).

Through the installed CLI, one run per scenario:

* F2: a document constant defined in one module and sent to Houston by the module importing it is
  Houston's where it is defined too (the importer's send is carried back as strong evidence): it is
  checked there (its typo reported) and reviewed there, as the importer's review says; the same
  constant imported by a module that only prints it stays as its own words say.
"""

import json
import os

from trust_cli import run_cli

HOUSTON_HELPER = (
    "import os\nimport requests\n{imports}\n\nHOUSTON_URL = \"https://houston.acme.com/v1\"\n\n\n"
    "def houston(query, variables=None):\n"
    "    return requests.post(HOUSTON_URL, json={{\"query\": query, \"variables\": variables}},\n"
    "                         headers={{\"authorization\": os.environ[\"HOUSTON_API_TOKEN\"]}}).json()[\"data\"]\n\n\n"
)


def _write(root, files):
    for name, text in files.items():
        path = os.path.join(root, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(text)


def _check(cwd, *args):
    proc = run_cli("check", "--no-cache", "-j1", "--format", "json", *args, ".", cwd=cwd)
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc.returncode, json.loads(proc.stdout)


def _documents(report):
    return {(d["path"].replace("\\", "/"), d["line"]): d for d in report["documents"]}


def _findings(report, code=None):
    return sorted(
        (f["path"].replace("\\", "/"), f["line"], f["code"]) for f in report["findings"] if code is None or f["code"] == code
    )


# -- F2: an imported constant sent to Houston by its importer -----------------------------------------

QUERIES = (
    'LIST = """\nquery List {\n  workspaces { id labl deployments { releaseName airflowVersion } }\n}\n"""\n'
)


def test_f2_a_constant_an_importer_sends_to_houston_is_houston_where_defined(tmp_path):
    _write(tmp_path, {
        "queries.py": QUERIES,
        "run.py": HOUSTON_HELPER.format(imports="from queries import LIST") + "print(houston(LIST))\n",
    })
    code, report = _check(tmp_path)
    defined = _documents(report)[("queries.py", 1)]
    assert defined["houston"] is True, defined
    assert any("imported by run.py, where it is sent by helper houston()" in e for e in defined["evidence"]), defined
    # checked where it is defined (the typo) and reviewed there, as the importer's review says
    assert ("queries.py", 3, "fields-on-correct-type") in _findings(report), report["findings"]
    assert ("queries.py", 3, "review-imported-constant") in _findings(report), report["findings"]
    assert code == 1


def test_f2_a_constant_an_importer_only_prints_stays_as_its_words_say(tmp_path):
    _write(tmp_path, {
        "queries.py": QUERIES,
        "show.py": HOUSTON_HELPER.format(imports="from queries import LIST") + "print(houston('{ self { user { id } } }'), LIST)\n",
    })
    code, report = _check(tmp_path)
    defined = _documents(report)[("queries.py", 1)]
    assert defined["houston"] is False, defined
    assert not [f for f in _findings(report) if f[0] == "queries.py"], report["findings"]


# -- F8 / F3: .graphql files a Houston script loads by a computed name or a glob ------------------------

CREATE = (
    "mutation Create($ws: Uuid!, $label: String!, $airflowVersion: String) {\n"
    "  createDeployment(workspaceUuid: $ws, label: $label, type: \"airflow\", airflowVersion: $airflowVersion) {\n"
    "    id\n  }\n}\n"
)
SENDER = (
    "import os\nfrom pathlib import Path\nimport requests\n\n{loader}\n\n\n"
    "def houston({param}, **variables):\n"
    "    return requests.post(\"https://houston.acme.com/v1\", json={{\"query\": {query}, \"variables\": variables}},\n"
    "                         headers={{\"authorization\": os.environ[\"HOUSTON_API_TOKEN\"]}}).json()\n\n\n"
    "print(houston({argument}, ws=\"w\", label=\"etl\", airflowVersion=\"2.3.4-11\"))\n"
)
BY_NAME = SENDER.format(
    loader="QUERIES = Path(__file__).parent / \"queries\" / \"houston\"\n\n\n"
    "def load(name):\n    return (QUERIES / f\"{name}.graphql\").read_text()",
    param="name", query="load(name)", argument="\"create\"",
)
BY_GLOB = SENDER.format(
    loader="QUERIES = {p.stem: p.read_text() for p in (Path(__file__).parent / \"queries\").glob(\"*.graphql\")}",
    param="query", query="query", argument="QUERIES[\"create\"]",
)
BY_OWN_FOLDER = SENDER.format(
    loader="QUERIES = {p.stem: p.read_text() for p in Path(__file__).parent.glob(\"*.graphql\")}",
    param="query", query="query", argument="QUERIES[\"create\"]",
)


def _rewrite_holds(tmp_path, files, target):
    _write(tmp_path, files)
    proc = run_cli("rewrite", "--no-cache", "-j1", ".", cwd=tmp_path)
    assert "Traceback" not in proc.stderr, proc.stderr
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert (tmp_path / target).read_text() == CREATE  # the version variable the script sends is not renamed
    return proc.stdout + proc.stderr


def test_f8_a_file_the_houston_helper_loads_by_its_name_parameter_keeps_its_version_variable(tmp_path):
    said = _rewrite_holds(tmp_path, {"houston_cli.py": BY_NAME, "queries/houston/create.graphql": CREATE}, "queries/houston/create.graphql")
    assert "houston_cli.py:9:1: warning review-version-variable this line reads queries/houston/create.graphql" in said, said
    assert "read by ../../houston_cli.py (line 9)" in said, said


def test_f8_a_file_a_glob_loads_into_a_dict_keeps_its_version_variable(tmp_path):
    said = _rewrite_holds(tmp_path, {"houston_cli.py": BY_GLOB, "queries/create.graphql": CREATE}, "queries/create.graphql")
    assert "read by ../houston_cli.py (line 5), sent by helper houston() (line 13)" in said, said


def test_f8_a_glob_of_a_folder_not_named_in_the_path_still_holds_the_file(tmp_path):
    said = _rewrite_holds(tmp_path, {"houston_cli.py": BY_OWN_FOLDER, "create.graphql": CREATE}, "create.graphql")
    assert "this file is matched by '*.graphql' loaded by houston_cli.py (line 5), a script sending to Houston" in said, said


SYNC = (
    "import os\nfrom pathlib import Path\nimport requests\n\nHOUSTON_URL = \"https://houston.acme.com/v1\"\n\n\n"
    "def houston(query, variables=None):\n"
    "    return requests.post(HOUSTON_URL, json={\"query\": query, \"variables\": variables},\n"
    "                         headers={\"authorization\": os.environ[\"HOUSTON_API_TOKEN\"]}).json()\n\n\n"
    "for path in sorted(Path(__file__).parent.joinpath(\"queries\").glob(\"*.graphql\")):\n"
    "    print(path.name, houston(path.read_text()))\n"
)


def test_f3_a_typo_in_a_file_a_houston_script_globs_is_reported_and_a_subfolder_it_does_not_reach_is_not(tmp_path):
    _write(tmp_path, {
        "sync.py": SYNC,
        "queries/ws.graphql": "query Ws {\n  workspaces { id labl }\n}\n",
        "queries/cloud/ws.graphql": "query CloudWs($org: Id!) {\n  workspaces(organizationId: $org) { id name }\n}\n",
    })
    code, report = _check(tmp_path)
    assert _findings(report, "fields-on-correct-type") == [("queries/ws.graphql", 2, "fields-on-correct-type")], report["findings"]
    documents = _documents(report)
    assert documents[("queries/ws.graphql", 1)]["houston"] is True
    assert any(e.startswith("read by ../sync.py (line 13)") for e in documents[("queries/ws.graphql", 1)]["evidence"])
    assert documents[("queries/cloud/ws.graphql", 1)]["houston"] is not True
    assert code == 1


def test_f3_a_typo_in_a_file_the_houston_helper_loads_by_name_is_reported(tmp_path):
    sender = BY_NAME.replace(", ws=\"w\", label=\"etl\", airflowVersion=\"2.3.4-11\"", "").replace("\"create\"", "\"ws\"")
    _write(tmp_path, {"houston_cli.py": sender, "queries/houston/ws.graphql": "query Ws { workspaces { id labl } }\n"})
    code, report = _check(tmp_path)
    assert _findings(report, "fields-on-correct-type") == [("queries/houston/ws.graphql", 1, "fields-on-correct-type")], report
    assert code == 1
