"""Red team 16 (report 11b: F10, F16; report 12: F9, F10): documents and .graphql text across modules.

A module-level document another module imports is held where it is defined, however its value is
written (``dedent(...)``, ``.strip()``, an f-string, tuple unpacking, ``b'...'.decode()``, a ``global``
set in a function, a dict entry wrapped in ``dedent``): the importer may fill it
(``CREATE.replace("2.3.4-11", v)``) or send it with its own variables, which an edit on one side
breaks.  Likewise a ``.graphql`` file one module reads into what it hands to importers (a constant,
a dict, a loader function, a path constant) is held as when that module fills it itself.
Each scenario: one run of the installed ``houston-codemod``; what is on disk and reported is read back.
Controls (nobody importing the binding) still migrate.
"""

import json

import pytest

from trust_cli import run_cli

DOC = 'mutation { createDeployment(workspaceUuid: "w", label: "etl", type: "airflow", airflowVersion: "2.3.4-11") { id } }'
FSTRING_DOC = DOC.replace("{ ", "{{ ").replace(" }", " }}").replace('"w"', '"{WS}"')
SEND = (
    "import os\n\nimport requests\n\nURL = \"https://houston.example.com/v1\"\n\n\n"
    "def send(q, v=None):\n"
    "    return requests.post(URL, json={\"query\": q, \"variables\": v or {}},\n"
    "                         headers={\"authorization\": os.environ[\"HOUSTON_API_TOKEN\"]}).json()\n"
)
FILL = SEND + "\n\nfrom docs import CREATE\n\n\ndef run(v):\n    return send(CREATE.replace(\"2.3.4-11\", v))\n"


def _tree(root, files):
    for path, text in files.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)


def _rewrite(root):
    result = run_cli("rewrite", "--no-cache", ".", cwd=root)
    assert "Traceback" not in result.stderr and result.returncode in (0, 1), result.stderr
    return result.stdout + result.stderr


# 11b F10: the class -- a module name whose value CONTAINS a document literal is that document

WRAPPED = {
    "dedent": f'import textwrap\nCREATE = textwrap.dedent("""\n    {DOC}\n""")\n',
    "strip": f'CREATE = """\n{DOC}\n""".strip()\n',
    "fstring": f"WS = \"w\"\nCREATE = f'{FSTRING_DOC}'\n",
    "tuple": f"CREATE, OTHER = '{DOC}', \"x\"\n",
    "decode": f"CREATE = b'{DOC}'.decode()\n",
    "global": f'CREATE = None\n\n\ndef _load():\n    global CREATE\n    CREATE = """\n{DOC}\n"""\n\n\n_load()\n',
    "join": f"CREATE = ' '.join('''{DOC}'''.split())\n",
    "template": f"from string import Template\nCREATE = Template('{DOC}')\n",
}


@pytest.mark.parametrize("form", sorted(WRAPPED))
def test_an_imported_wrapped_document_is_held_where_defined(tmp_path, form):
    importer = FILL.replace("CREATE.replace", "CREATE.template.replace") if form == "template" else FILL
    _tree(tmp_path, {"docs.py": WRAPPED[form], "app.py": importer})
    result = _rewrite(tmp_path)
    assert "2.3.4-11" in (tmp_path / "docs.py").read_text()
    assert "docs.py:" in result and "review-imported-constant" in result, result
    assert "imported by app.py" in result


def test_a_dict_entry_wrapped_in_dedent_imported_by_a_notebook_is_held(tmp_path):
    cell = {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [],
            "source": FILL.replace("from docs import CREATE", "from docs import DOCS").replace("CREATE.replace", "DOCS['create'].replace")}
    notebook = {"cells": [cell], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    _tree(tmp_path, {
        "docs.py": f'from textwrap import dedent\nDOCS = {{"create": dedent("""\n    {DOC}\n""")}}\n',
        "run.ipynb": json.dumps(notebook),
    })
    result = _rewrite(tmp_path)
    assert "2.3.4-11" in (tmp_path / "docs.py").read_text()
    assert "imported by run.ipynb" in result, result


def test_a_wrapped_document_sent_batched_by_an_importer_keeps_its_variable(tmp_path):
    upgrade = (
        "mutation Up($id: Uuid!, $desiredAirflowVersion: String!) {\n"
        "  updateDeploymentAirflow(deploymentUuid: $id, desiredAirflowVersion: $desiredAirflowVersion) { id }\n}\n"
    )
    _tree(tmp_path, {
        "docs.py": SEND + f'\nfrom textwrap import dedent\nUPGRADE = dedent("""\n{upgrade}""")\n\n\n'
        'def upgrade(i, v):\n    return send(UPGRADE, {"id": i, "desiredAirflowVersion": v})\n',
        "bulk.py": "import requests\n\nfrom docs import UPGRADE, URL\n\n\ndef bulk(pairs):\n"
        "    return requests.post(URL, json=[{\"query\": UPGRADE, \"variables\": {\"id\": i, \"desiredAirflowVersion\": v}} for i, v in pairs])\n",
    })
    result = _rewrite(tmp_path)
    text = (tmp_path / "docs.py").read_text()
    assert "$desiredAirflowVersion: String!" in text and '"desiredAirflowVersion": v' in text, text
    assert "imported by bulk.py" in result, result


def test_a_wrapped_document_nobody_imports_is_migrated(tmp_path):
    _tree(tmp_path, {"docs.py": SEND + WRAPPED["dedent"] + "\n\ndef run():\n    return send(CREATE)\n"})
    _rewrite(tmp_path)
    text = (tmp_path / "docs.py").read_text()
    assert "2.3.4-11" not in text and "runtimeVersion" in text, text


# 11b F16: a .graphql file read by one module into what it hands to an importer

FILE_DOC = 'mutation Create($ws: Uuid!) {\n  createDeployment(workspaceUuid: $ws, label: "etl", type: "airflow", airflowVersion: "2.3.4-11") { id }\n}\n'
VARIABLE_DOC = (
    "mutation Create($ws: Uuid!, $airflowVersion: String!) {\n"
    '  createDeployment(workspaceUuid: $ws, label: "etl", type: "airflow", airflowVersion: $airflowVersion) { id }\n}\n'
)
HERE = "from pathlib import Path\n\nHERE = Path(__file__).parent\n"
LOADERS = {
    "constant": (HERE + 'CREATE = (HERE / "queries" / "create.graphql").read_text()\n', "CREATE", "CREATE"),
    "dict": (HERE + 'QUERIES = {p.stem: p.read_text() for p in (HERE / "queries").glob("*.graphql")}\n', "QUERIES", 'QUERIES["create"]'),
    "function": (HERE + '\n\ndef load(name):\n    return (HERE / "queries" / f"{name}.graphql").read_text()\n', "load", 'load("create")'),
    "path": (HERE + 'CREATE_PATH = HERE / "queries" / "create.graphql"\n', "CREATE_PATH", "CREATE_PATH.read_text()"),
}


@pytest.mark.parametrize("form", sorted(LOADERS))
def test_a_graphql_file_loaded_by_a_module_and_filled_by_its_importer_is_held(tmp_path, form):
    loader, name, text = LOADERS[form]
    _tree(tmp_path, {
        "queries/create.graphql": FILE_DOC,
        "docs.py": loader,
        "app.py": SEND + f"\n\nfrom docs import {name}\n\n\ndef run(ws, v):\n"
        f"    return send({text}.replace(\"2.3.4-11\", v), {{\"ws\": ws}})\n",
    })
    result = _rewrite(tmp_path)
    assert (tmp_path / "queries/create.graphql").read_text() == FILE_DOC
    assert "review-template-fill" in result and "docs.py" in result, result


def test_a_graphql_file_loaded_by_a_module_keeps_the_variable_its_importer_sends(tmp_path):
    _tree(tmp_path, {
        "queries/create.graphql": VARIABLE_DOC,
        "docs.py": LOADERS["constant"][0],
        "app.py": "import os\n\nimport requests\n\nfrom docs import CREATE\n\nURL = \"https://houston.example.com/v1\"\n\n\n"
        "def create(ws, v):\n    return requests.post(URL, json={\"query\": CREATE, \"variables\": {\"ws\": ws, \"airflowVersion\": v}},\n"
        "                         headers={\"authorization\": os.environ[\"HOUSTON_API_TOKEN\"]}).json()\n",
    })
    result = _rewrite(tmp_path)
    assert (tmp_path / "queries/create.graphql").read_text() == VARIABLE_DOC
    assert "queries/create.graphql:" in result and "app.py" in result and "docs.py" in result, result
    assert "is now $runtimeVersion" not in result, result  # no review speaking of a rename that was not made


def test_a_graphql_file_read_by_a_module_whose_read_nobody_imports_is_migrated(tmp_path):
    _tree(tmp_path, {
        "queries/create.graphql": FILE_DOC,
        "docs.py": SEND + LOADERS["constant"][0] + "\n\ndef run(ws):\n    return send(CREATE, {\"ws\": ws})\n",
        "app.py": "from docs import URL\n\nprint(URL)\n",
    })
    _rewrite(tmp_path)
    text = (tmp_path / "queries/create.graphql").read_text()
    assert "2.3.4-11" not in text and "runtimeVersion" in text, text


# report 12, F9 / F10 / F14: helpers imported from a module of the run, by `*`, and given a .graphql read

HELPERS = (
    "import os\n\nimport requests\n\nHOUSTON_URL = \"https://houston.acme.io/v1\"\n\n\n"
    "def houston(query, **variables):\n"
    "    return requests.post(HOUSTON_URL, json={\"query\": query, \"variables\": variables},\n"
    "                         headers={\"authorization\": os.environ[\"HOUSTON_API_TOKEN\"]}).json()[\"data\"]\n"
)
TYPO_FILE = "query Ws {\n  workspaces { id lable }\n}\n"


def _check(root):
    result = run_cli("check", "--no-cache", ".", cwd=root)
    assert "Traceback" not in result.stderr
    return result.returncode, result.stdout + result.stderr


def test_a_helper_imported_with_a_star_is_followed_from_a_script(tmp_path):
    _tree(tmp_path, {
        "helpers.py": HELPERS,
        "run.py": 'from helpers import *\n\nhouston("{ workspacs { id } }")\nhouston("query { deployments { id releaseNme } }")\n',
    })
    code, out = _check(tmp_path)
    assert code == 1 and "run.py:3:" in out and "workspacs" in out and "run.py:4:" in out and "releaseNme" in out, out


def test_a_graphql_file_read_by_a_notebook_and_handed_to_a_star_imported_helper_is_checked(tmp_path):
    cells = [
        {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [], "source": "from helpers import *\nfrom pathlib import Path\n"},
        {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [], "source": 'houston(Path("queries/ws.graphql").read_text())\n'},
    ]
    _tree(tmp_path, {
        "helpers.py": HELPERS,
        "queries/ws.graphql": TYPO_FILE,
        "nb.ipynb": json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}),
    })
    code, out = _check(tmp_path)
    assert code == 1 and "queries/ws.graphql:2:" in out and "lable" in out, out


def test_a_graphql_file_read_and_handed_to_an_imported_houston_helper_is_checked(tmp_path):
    _tree(tmp_path, {
        "helpers.py": HELPERS,
        "queries/ws.graphql": TYPO_FILE,
        "run.py": 'from pathlib import Path\n\nfrom helpers import houston\n\nhouston(Path("queries/ws.graphql").read_text())\n',
    })
    code, out = _check(tmp_path)
    assert code == 1 and "queries/ws.graphql:2:" in out and "lable" in out, out


def test_a_graphql_file_handed_to_an_imported_helper_of_another_api_is_not_rewritten(tmp_path):
    original = "query Inventory {\n  deployments { id releaseName airflowVersion }\n}\n"
    _tree(tmp_path, {
        "lib/__init__.py": "",
        "lib/inventory.py": "import requests\n\nINVENTORY_URL = \"https://inventory.acme-corp.net/graphql\"\n\n\n"
        "def run(query, **variables):\n"
        "    return requests.post(INVENTORY_URL, json={\"query\": query, \"variables\": variables}, timeout=30).json()[\"data\"]\n",
        "ops/inv.graphql": original,
        "sync.py": "from pathlib import Path\n\nfrom lib.inventory import run\n\nHERE = Path(__file__).parent\n\n\n"
        "def inventory():\n    return run((HERE / \"ops\" / \"inv.graphql\").read_text())[\"deployments\"]\n",
    })
    _rewrite(tmp_path)
    assert (tmp_path / "ops/inv.graphql").read_text() == original


def test_a_graphql_file_loaded_into_a_dict_keeps_the_variable_and_says_who_sends_it(tmp_path):
    _tree(tmp_path, {
        "queries/create.graphql": VARIABLE_DOC,
        "docs.py": LOADERS["dict"][0],
        "app.py": "import os\n\nimport requests\n\nfrom docs import QUERIES\n\nURL = \"https://houston.example.com/v1\"\n\n\n"
        "def create(ws, v):\n    return requests.post(URL, json={\"query\": QUERIES[\"create\"], \"variables\": {\"ws\": ws, \"airflowVersion\": v}},\n"
        "                         headers={\"authorization\": os.environ[\"HOUSTON_API_TOKEN\"]}).json()\n",
    })
    result = _rewrite(tmp_path)
    assert (tmp_path / "queries/create.graphql").read_text() == VARIABLE_DOC
    assert "into QUERIES, imported by ../app.py" in result and "is now $runtimeVersion" not in result, result
