"""``.graphql`` files and what the run knows about them (red team 13 and 12; task 14 B).

Through the installed CLI (``check --format json``, ``check --explain``, ``rewrite``):

* pass-12 report 12, F12: a ``.graphql`` document's ``end_line`` is the line of its last character,
  never the empty place after the file's last newline (``--explain FILE:END_LINE`` is accepted);
* report 13, F4: a ``.graphql`` operation spreading a fragment a Python module of the run defines is
  checked with that definition (no false ``Unknown fragment``; a rename it needs is a
  ``review-shared-fragment`` naming the module); a definition written in a form not read (an f-string)
  makes the ``known-fragment-names`` finding an info naming the module, not an error;
* report 11, F10: a ``.graphql`` file a script of the run reads and then fills (``.replace``,
  ``re.sub``, ``string.Template``, ``.format``, ``%``) is held: nothing in it is edited, each migration
  it needs is a review naming the script and the fill's line; a fill whose target is provably not
  in the file, or that only reformats, does not hold it;
* report 12 (pass 13), F7: graphql-config in ``package.json`` (``graphql`` key), the legacy
  ``.graphqlconfig`` / ``.graphqlconfig.yml`` and ``apollo.config.js`` name another API's schema:
  the operations are not Houston's and are not rewritten.
"""

import json
import shutil
import subprocess
import sys
from pathlib import Path

CLI = shutil.which("houston-codemod") or str(Path(sys.executable).with_name("houston-codemod"))


def _run(root: Path, *args):
    run = subprocess.run([CLI, *args], cwd=root, capture_output=True, text=True, timeout=120)
    assert "Traceback" not in run.stderr, run.stderr
    return run


def _tree(root: Path, files: dict) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


def _snapshot(root: Path) -> dict:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file() and ".houston" not in str(p)}


# -- F12: end_line of a .graphql document -----------------------------------------------------------

INVENTORY = "query AllDeployments {\n  deployments {\n    id\n    releaseName\n    airflowVersion\n  }\n}\n"


def test_f12_graphql_end_line_is_the_last_line_of_the_file(tmp_path):
    _tree(tmp_path, {"ops/inv.graphql": INVENTORY, "ops/two.graphql": INVENTORY.rstrip("\n")})
    run = _run(tmp_path, "check", "--no-cache", "--explain", "ops", "--format", "json")
    assert run.returncode in (0, 1), run.stderr
    documents = {d["path"]: d for d in json.loads(run.stdout)["documents"]}
    assert documents["ops/inv.graphql"]["end_line"] == 7  # 7 lines, the last one ending with "\n"
    assert documents["ops/two.graphql"]["end_line"] == 7  # the same without the final newline
    last = _run(tmp_path, "check", "--no-cache", "--explain", "ops/inv.graphql:7")
    assert last.returncode in (0, 1) and "AllDeployments" in last.stdout, last.stderr


# -- F4: a .graphql operation spreading a Python module's fragment ------------------------------------

F4_FRAG = '''import os
import requests

HOUSTON_URL = "https://houston.example.com/v1"
FRAG = """
fragment D on Deployment { airflowVersion }
"""
LIST = """
query L($ws: Uuid!) { workspaceDeployments(workspaceUuid: $ws) { ...D } }
"""

def go():
    return requests.post(HOUSTON_URL, json={"query": LIST + FRAG, "variables": {"ws": "x"}},
                         headers={"authorization": os.environ["HOUSTON_API_TOKEN"]}).json()
'''
F4_LIST = "query X($ws: Uuid!) {\n  workspaceDeployments(workspaceUuid: $ws) { id ...D }\n}\n"


def test_f4_graphql_operation_sees_a_python_fragment(tmp_path):
    _tree(tmp_path, {"frag.py": F4_FRAG, "q/list.graphql": F4_LIST})
    run = _run(tmp_path, "check", "--no-cache", "--houston-version", "1.0.1", ".", "--format", "json")
    findings = json.loads(run.stdout)["findings"]
    mine = [f for f in findings if f["path"] == "q/list.graphql"]
    assert not [f for f in mine if f["code"] == "known-fragment-names"], mine
    shared = [f for f in mine if f["code"] == "review-shared-fragment"]
    assert shared and "defined in frag.py, line 6" in shared[0]["message"], mine
    assert shared[0]["line"] == 2
    # the Python side still has its own error and review
    assert any(f["path"] == "frag.py" and f["code"] == "fields-on-correct-type" for f in findings)
    before = _snapshot(tmp_path)
    _run(tmp_path, "rewrite", "--no-cache", ".")
    assert _snapshot(tmp_path) == before  # neither side renamed alone


def test_f4_unread_python_fragment_is_an_info_naming_the_module(tmp_path):
    frag = F4_FRAG.replace('FRAG = """\nfragment D on Deployment { airflowVersion }\n"""', 'F = "id"\nFRAG = f"fragment D on Deployment {{ {F} }}"')
    assert frag != F4_FRAG
    _tree(tmp_path, {"frag.py": frag, "q/list.graphql": F4_LIST})
    run = _run(tmp_path, "check", "--no-cache", ".", "--format", "json")
    mine = [f for f in json.loads(run.stdout)["findings"] if f["path"] == "q/list.graphql"]
    unknown = [f for f in mine if f["code"] == "known-fragment-names"]
    assert unknown and unknown[0]["severity"] == "info" and "frag.py" in unknown[0]["message"], mine
    assert not [f for f in mine if f["severity"] == "error"], mine


# -- F7: graphql-config in package.json, the legacy .graphqlconfig, apollo.config.js ------------------

F7_DOC = "query Deps {\n  deployments { id label airflowVersion }\n}\n"
F7_TREE = {
    "pj/package.json": json.dumps({"name": "web", "scripts": {"build": "tsc"},
                                   "graphql": {"schema": "https://api.acme-corp.net/graphql", "documents": "queries/*.graphql"}}),
    "pj/queries/deps.graphql": F7_DOC,
    "legacy/.graphqlconfig": json.dumps({"schemaPath": "schema.graphql",
                                         "extensions": {"endpoints": {"default": "https://api.acme-corp.net/graphql"}}}),
    "legacy/ops/deps.graphql": F7_DOC,
    "legacyyml/.graphqlconfig.yml": "schemaPath: schema.graphql\nextensions:\n  endpoints:\n    dev:\n      url: https://api.acme-corp.net/graphql\n",
    "legacyyml/ops/deps.graphql": F7_DOC,
    "apollo/apollo.config.js": "module.exports = {\n  client: {\n    service: { name: 'acme-platform', url: 'https://api.acme-corp.net/graphql' },\n"
                               "    includes: ['ops/**/*.graphql'],\n  },\n  engine: { endpoint: 'https://engine.example.net/api' },\n};\n",
    "apollo/ops/deps.graphql": F7_DOC,
    # Houston named by the configuration: still Houston's
    "hpj/package.json": json.dumps({"name": "ops", "graphql": {"schema": "https://houston.acme.com/v1"}}),
    "hpj/q/deps.graphql": F7_DOC,
    # a "schema" key outside package.json's graphql / apollo objects is some other tool's
    "npj/package.json": json.dumps({"name": "x", "config": {"schema": "https://api.acme-corp.net/graphql"}}),
    "npj/q/deps.graphql": F7_DOC,
    # a config naming Houston's and another API's schema: which documents are whose is not read: no URL evidence
    "mixed/.graphqlconfig": json.dumps({"projects": {"h": {"extensions": {"endpoints": {"d": "https://houston.acme.com/v1"}}},
                                                     "o": {"extensions": {"endpoints": {"d": "https://api.acme-corp.net/graphql"}}}}}),
    "mixed/q/deps.graphql": F7_DOC,
}


def test_f7_graphql_config_locations_name_another_api(tmp_path):
    _tree(tmp_path, F7_TREE)
    run = _run(tmp_path, "check", "--no-cache", ".", "--format", "json")
    documents = {d["path"]: d for d in json.loads(run.stdout)["documents"]}
    for path, config in (("pj/queries/deps.graphql", "package.json"), ("legacy/ops/deps.graphql", ".graphqlconfig"),
                         ("legacyyml/ops/deps.graphql", ".graphqlconfig.yml"), ("apollo/ops/deps.graphql", "apollo.config.js")):
        assert documents[path]["houston"] is False, documents[path]
        said = " ".join(documents[path]["evidence"])
        assert "https://api.acme-corp.net/graphql" in said and f"named by {path.split('/')[0]}/{config}" in said, said
    for path in ("hpj/q/deps.graphql", "npj/q/deps.graphql", "mixed/q/deps.graphql"):
        assert documents[path]["houston"] is True, documents[path]
    assert "engine.example.net" not in run.stdout
    before = _snapshot(tmp_path)
    rewrite = _run(tmp_path, "rewrite", "--no-cache", ".")
    assert rewrite.returncode in (0, 1), rewrite.stderr
    after = _snapshot(tmp_path)
    changed = sorted(path for path in before if before[path] != after[path])
    assert changed == ["hpj/q/deps.graphql", "mixed/q/deps.graphql", "npj/q/deps.graphql"], changed


# -- F10: a .graphql file a script fills at run time ----------------------------------------------------

UP = 'mutation Up($id: Uuid!) {\n  upsertDeployment(deploymentUuid: $id, airflowVersion: "2.3.4-11") { id }\n}\n'
F10_TREE = {
    "q/up.graphql": UP,
    "q/up2.graphql": UP,
    "q/list.graphql": "query L { deployments { id airflowVersion } }\n",
    "q/tpl.graphql": 'mutation { upsertDeployment(deploymentUuid: "$dep", airflowVersion: "2.3.4") { id } }\n',
    "q/safe.graphql": 'mutation { upsertDeployment(deploymentUuid: "DEPLOYMENT_ID", airflowVersion: "2.3.4") { id } }\n',
    "q/fmt.graphql": 'mutation { upsertDeployment(deploymentUuid: "x", airflowVersion: "2.3.4") { id } }\n',
    "q/ws.graphql": 'query W {\n  deployments {\n    id\n    airflowVersion\n  }\n}\n',
    # a joined path, read at module level, filled by .replace of the version in a function
    "run.py": 'import requests\nfrom pathlib import Path\nURL = "https://houston.example.com/v1"\n'
              'DOC = Path(__file__).parent.joinpath("q", "up.graphql").read_text()\n\n'
              'def upgrade(dep_id, version):\n'
              '    return requests.post(URL, json={"query": DOC.replace("2.3.4-11", version), "variables": {"id": dep_id}})\n',
    # with open(...) as fh, re-bound, then re.sub on a field name
    "run2.py": 'import re\nimport requests\nURL = "https://houston.example.com/v1"\n\n'
               'def upgrade(dep_id, version):\n    with open("q/up2.graphql") as fh:\n        doc = fh.read()\n'
               '    doc = re.sub(r\'airflowVersion: "[^"]*"\', f\'airflowVersion: "{version}"\', doc)\n'
               '    return requests.post(URL, json={"query": doc, "variables": {"id": dep_id}})\n',
    # the read's own expression replaced: an alias would be replaced too
    "run3.py": 'import requests\nURL = "https://houston.example.com/v1"\n\ndef ls():\n'
               '    q = open("q/list.graphql").read().replace("airflowVersion", "airflowVersion releaseName")\n'
               '    return requests.post(URL, json={"query": q}).json()["data"]["deployments"]\n',
    # string.Template through a path held in a module constant: $dep is not touched by the rename
    "run4.py": 'import string\nimport requests\nURL = "https://houston.example.com/v1"\nTPL = "q/tpl.graphql"\n\n'
               'def up(dep):\n    doc = string.Template(open(TPL).read()).substitute(dep=dep)\n'
               '    return requests.post(URL, json={"query": doc})\n',
    # a replace of a text the rewrite does not touch; and a .format, whose fields are not read
    "run5.py": 'import requests\nURL = "https://houston.example.com/v1"\n\ndef up_safe(dep):\n'
               '    return requests.post(URL, json={"query": open("q/safe.graphql").read().replace("DEPLOYMENT_ID", dep)})\n\n'
               'def up_fmt(**kw):\n    return requests.post(URL, json={"query": open("q/fmt.graphql").read().format(**kw)})\n\n'
               'def ws():\n    return requests.post(URL, json={"query": open("q/ws.graphql").read().replace("\\n", " ")})\n',
}


def test_f10_graphql_file_filled_by_a_script_is_held(tmp_path):
    _tree(tmp_path, F10_TREE)
    before = _snapshot(tmp_path)
    run = _run(tmp_path, "rewrite", "--no-cache", ".")
    assert run.returncode in (0, 1), run.stderr
    after = _snapshot(tmp_path)
    fills = {}
    for line in run.stderr.splitlines():  # rewrite's findings: path:line:column: severity code message
        place, _, said = line.partition(": warning review-template-fill ")
        if said:
            fills[place.split(":")[0]] = said
    for path in ("q/up.graphql", "q/up2.graphql", "q/list.graphql", "q/fmt.graphql"):
        assert after[path] == before[path], path  # held: nothing in the file is edited
    assert 'run.py (line 4) reads this file and edits its text at run time (line 7: DOC.replace("2.3.4-11", version))' in fills["q/up.graphql"]
    assert "run2.py (line 6)" in fills["q/up2.graphql"] and "(line 8: re.sub(" in fills["q/up2.graphql"]
    assert "run3.py (line 5)" in fills["q/list.graphql"] and 'replace("airflowVersion"' in fills["q/list.graphql"]
    assert "run5.py (line 8)" in fills["q/fmt.graphql"] and ".format(**kw)" in fills["q/fmt.graphql"]
    # fills the rewrite provably leaves working: the files are migrated
    assert b"runtimeVersion" in after["q/tpl.graphql"] and b'"$dep"' in after["q/tpl.graphql"]
    assert b"runtimeVersion" in after["q/safe.graphql"] and b'"DEPLOYMENT_ID"' in after["q/safe.graphql"]
    assert b"airflowVersion: runtimeAirflowVersion" in after["q/ws.graphql"]  # .replace("\n", " ") only reformats
    assert "q/tpl.graphql" not in fills and "q/safe.graphql" not in fills and "q/ws.graphql" not in fills
    assert all(after[p] == before[p] for p in before if p.endswith(".py"))
