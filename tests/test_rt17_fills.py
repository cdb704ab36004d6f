"""Fills and templates (issue 11, red team 16: report 11b F1, F5, F6, F9, F12, F13, F15; report 12 F4, F17).

Through the installed CLI, one run per scenario.  Each test fails on the code before its fix.
"""

import os

from trust_cli import run_cli

CREATE_FILE = (
    "mutation Create($ws: Uuid!, $label: String!) {\n"
    '  createDeployment(workspaceUuid: $ws, label: $label, type: "airflow", airflowVersion: "2.3.4-11") {\n'
    "    id\n  }\n}\n"
)
SEND = (
    "    r = requests.post(HOUSTON_URL, json={\"query\": doc, \"variables\": {\"ws\": ws, \"label\": label}},\n"
    "                      headers={\"authorization\": os.environ[\"HOUSTON_API_TOKEN\"]})\n"
    "    return r.json()\n"
)
HEAD = "import os\n\nimport requests\n\nHOUSTON_URL = \"https://houston.example.com/v1\"\n\n\n"


def _write(root, files):
    for name, text in files.items():
        path = os.path.join(root, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(text)


def _read(root, name):
    with open(os.path.join(root, name), encoding="utf-8") as fh:
        return fh.read()


def _run(cwd, *args):
    proc = run_cli(*args, "--no-cache", "-j1", ".", cwd=cwd)
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc


# -- 11b F1: a file edited line by line (fileinput inplace, a for loop over the read) ------------------


def test_f1_fileinput_inplace_fill_holds_the_graphql_file(tmp_path):
    script = HEAD.replace("import os\n", "import fileinput\nimport os\n") + (
        "def create(ws, label, version):\n"
        "    for line in fileinput.input(\"queries/create.graphql\", inplace=True):\n"
        "        print(line.replace(\"2.3.4-11\", version), end=\"\")\n"
        "    with open(\"queries/create.graphql\") as fh:\n"
        "        doc = fh.read()\n" + SEND
    )
    _write(tmp_path, {"queries/create.graphql": CREATE_FILE, "deploy.py": script})
    proc = _run(tmp_path, "rewrite")
    assert _read(tmp_path, "queries/create.graphql") == CREATE_FILE  # the fill still finds "2.3.4-11"
    assert "review-template-fill" in proc.stderr and "line.replace" in proc.stderr, proc.stderr


def test_f1_loop_over_an_open_file_holds_the_graphql_file(tmp_path):
    script = HEAD + (
        "def create(ws, label, version):\n"
        "    out = []\n"
        "    with open(\"queries/create.graphql\") as fh:\n"
        "        for line in fh:\n"
        "            out.append(line.replace(\"2.3.4-11\", version))\n"
        "    doc = \"\".join(out)\n" + SEND
    )
    _write(tmp_path, {"queries/create.graphql": CREATE_FILE, "deploy.py": script})
    proc = _run(tmp_path, "rewrite")
    assert _read(tmp_path, "queries/create.graphql") == CREATE_FILE
    assert "review-template-fill" in proc.stderr, proc.stderr
