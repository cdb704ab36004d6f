"""Same-module fills and empty documents (issue 11, red team 15, report 11b: F8, F9, F12).

Through the installed CLI, one run per scenario:

* F9: a module's own multi-replace helper (``for old, new in subs.items(): text = text.replace(old, new)``)
  fills the document handed to it, as the same helper imported from another module does: the
  document (a Python constant, or a ``.graphql`` file the script reads and hands to it) is held,
  ``review-template-fill``, nothing edited;
* F8: a literal the module searches the document's text for (bytes ``.replace`` after ``.encode()``,
  ``.split``, ``.index`` splice, ``in``) is a place the code depends on: kept and reviewed;
* F12: an empty or whitespace-only string (``def houston(query="")``, ``QUERY = ""``) is no
  document: no ``graphql-syntax`` error, ``check`` exits 0.
"""

import os

from trust_cli import run_cli

DOC = "'mutation Up($id: Uuid!) { upsertDeployment(deploymentUuid: $id, airflowVersion: \"2.3.4-11\") { id } }'"
HEAD = (
    "import os\n\nimport requests\n\nURL = \"https://houston.example.com/v1\"\n"
    "DOC = " + DOC + "\n\n\n"
    "def send(doc, dep):\n"
    "    return requests.post(URL, json={\"query\": doc, \"variables\": {\"id\": dep}},\n"
    "                         headers={\"authorization\": os.environ[\"HOUSTON_API_TOKEN\"]}).json()\n\n\n"
)
MULTIREPLACE = (
    "def multireplace(text, subs):\n"
    "    for old, new in subs.items():\n"
    "        text = text.replace(old, new)\n"
    "    return text\n\n\n"
)


def _write(root, files):
    for name, text in files.items():
        path = os.path.join(root, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(text)


def _rewrite(cwd):
    """Plain ``rewrite`` (it writes): the tree afterwards tells what was edited."""
    proc = run_cli("rewrite", "--no-cache", "-j1", ".", cwd=cwd)
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc


def _read(root, name):
    with open(os.path.join(root, name), encoding="utf-8") as fh:
        return fh.read()


# -- F9: the module's own multi-replace helper --------------------------------------------------------


def test_f9_own_multireplace_helper_holds_the_python_document(tmp_path):
    source = HEAD + MULTIREPLACE + "def up(dep, v):\n    return send(multireplace(DOC, {\"2.3.4-11\": v}), dep)\n"
    _write(tmp_path, {"deploy.py": source})
    proc = _rewrite(tmp_path)
    assert _read(tmp_path, "deploy.py") == source  # the fill still finds "2.3.4-11"
    assert "review-template-fill" in proc.stderr, proc.stderr
    assert "line 16" in proc.stderr  # names the helper's .replace


def test_f9_own_multireplace_helper_holds_the_graphql_file_it_is_handed(tmp_path):
    query = 'mutation Up($id: Uuid!) {\n  upsertDeployment(deploymentUuid: $id, airflowVersion: "2.3.4-11") { id }\n}\n'
    script = (
        "import os\nfrom pathlib import Path\n\nimport requests\n\nURL = \"https://houston.example.com/v1\"\n\n\n"
        + MULTIREPLACE
        + "def up(dep, v):\n"
        "    doc = multireplace(Path(\"queries/upsert.graphql\").read_text(), {\"2.3.4-11\": v})\n"
        "    return requests.post(URL, json={\"query\": doc, \"variables\": {\"id\": dep}},\n"
        "                         headers={\"authorization\": os.environ[\"HOUSTON_API_TOKEN\"]}).json()\n"
    )
    _write(tmp_path, {"queries/upsert.graphql": query, "deploy.py": script})
    proc = _rewrite(tmp_path)
    assert _read(tmp_path, "queries/upsert.graphql") == query
    assert "review-template-fill" in proc.stderr and "multireplace()" in proc.stderr, proc.stderr


# -- F12: an empty string is no document --------------------------------------------------------------


def test_f12_empty_query_default_and_placeholder_are_no_documents(tmp_path):
    _write(tmp_path, {
        "base2.py": (
            "import os\n\nimport requests\n\nURL = \"https://houston.example.com/v1\"\n\n\n"
            "def houston(query=\"\", variables=None):\n"
            "    r = requests.post(URL, json={\"query\": query, \"variables\": variables or {}},\n"
            "                      headers={\"authorization\": os.environ[\"HOUSTON_API_TOKEN\"]})\n"
            "    return r.json()[\"data\"]\n"
        ),
        "base.py": (
            "import os\n\nimport requests\n\nURL = \"https://houston.example.com/v1\"\n\n\n"
            "class HoustonOp:\n    QUERY = \"  \\n\"\n\n"
            "    def run(self, dep):\n"
            "        r = requests.post(URL, json={\"query\": self.QUERY, \"variables\": {\"id\": dep}},\n"
            "                          headers={\"authorization\": os.environ[\"HOUSTON_API_TOKEN\"]})\n"
            "        return r.json()[\"data\"]\n"
        ),
    })
    proc = run_cli("check", "--no-cache", "-j1", ".", cwd=tmp_path)
    assert "Traceback" not in proc.stderr, proc.stderr
    assert "graphql-syntax" not in proc.stdout + proc.stderr, proc.stdout + proc.stderr
    assert proc.returncode == 0, proc.stdout + proc.stderr


# -- F8: literals the module searches the document's text for ----------------------------------------


def test_f8_searches_of_the_document_keep_the_version_they_look_for(tmp_path):
    bodies = {
        "bytesrep.py": "    body = DOC.encode().replace(b\"2.3.4-11\", v.encode())\n    return send(body.decode(), dep)\n",
        "splitjoin.py": "    return send(v.join(DOC.split(\"2.3.4-11\")), dep)\n",
        "splice.py": "    i = DOC.index(\"2.3.4-11\")\n    return send(DOC[:i] + v + DOC[i + len(\"2.3.4-11\"):], dep)\n",
        "research.py": "    m = re.search(r\"2\\.3\\.4-11\", DOC)\n    return send(DOC[:m.start()] + v + DOC[m.end():], dep)\n",
        "contains.py": "    assert \"2.3.4-11\" in DOC\n    return send(DOC, dep)\n",
    }
    _write(tmp_path, {name: "import re\n" + HEAD + "def up(dep, v):\n" + body for name, body in bodies.items()})
    _write(tmp_path, {"prepared.py": (
        "import os\n\nimport requests\n\nURL = \"https://houston.example.com/v1\"\nDOC = " + DOC + "\n\n\n"
        "def up(dep, v):\n"
        "    req = requests.Request(\"POST\", URL, json={\"query\": DOC, \"variables\": {\"id\": dep}},\n"
        "                           headers={\"authorization\": os.environ[\"HOUSTON_API_TOKEN\"]}).prepare()\n"
        "    req.body = req.body.replace(b\"2.3.4-11\", v.encode())\n"
        "    return requests.Session().send(req).json()\n"
    )})
    # Control: everyday searches for a lowercase word do not hold a document.
    _write(tmp_path, {"everyday.py": HEAD + "def up(dep, row):\n    if \"id\" in row and row.split(\"data\"):\n        return send(DOC, dep)\n"})
    _rewrite(tmp_path)
    for name in list(bodies) + ["prepared.py"]:
        text = _read(tmp_path, name)
        assert "\"2.3.4-11\") { id }" in text, (name, text)  # the fill still finds its literal
        assert "5.5.0" not in text, (name, text)
    assert "runtimeVersion: \"5.5.0\"" in _read(tmp_path, "everyday.py")


def test_f8_a_graphql_file_whose_read_is_split_on_its_version_is_held(tmp_path):
    query = 'mutation Up($id: Uuid!) {\n  upsertDeployment(deploymentUuid: $id, airflowVersion: "2.3.4-11") { id }\n}\n'
    script = (
        "import os\nfrom pathlib import Path\n\nimport requests\n\nURL = \"https://houston.example.com/v1\"\n\n\n"
        "def up(dep, v):\n"
        "    text = Path(\"queries/upsert.graphql\").read_text()\n"
        "    doc = v.join(text.split(\"2.3.4-11\"))\n"
        "    return requests.post(URL, json={\"query\": doc, \"variables\": {\"id\": dep}},\n"
        "                         headers={\"authorization\": os.environ[\"HOUSTON_API_TOKEN\"]}).json()\n"
    )
    _write(tmp_path, {"queries/upsert.graphql": query, "deploy.py": script})
    proc = _rewrite(tmp_path)
    assert _read(tmp_path, "queries/upsert.graphql") == query
    assert "review-template-fill" in proc.stderr and "text.split" in proc.stderr, proc.stderr


def test_f9_methodcaller_replace_keeps_the_version_it_fills(tmp_path):
    source = (
        "import operator\n" + HEAD
        + "def up(dep, v):\n    fill = operator.methodcaller(\"replace\", \"2.3.4-11\", v)\n    return send(fill(DOC), dep)\n"
    )
    _write(tmp_path, {"deploy.py": source})
    proc = _rewrite(tmp_path)
    text = _read(tmp_path, "deploy.py")
    assert "\"2.3.4-11\") { id }" in text and "5.5.0" not in text, text
    assert "review-template-version" in proc.stderr and "methodcaller" in proc.stderr, proc.stderr
