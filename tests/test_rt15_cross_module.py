"""Red team 14 (report 11b: F1, F5, F6, F12, ...): a document another module of the run is handed is never edited alone.

Before, the cross-module guard covered only module-level and class-body names.  A function's own
literal returned to an importer (``def create_doc(): return '''...'''``, with ``@lru_cache`` or through
``%run``), a document on instances of an imported class (``self.create_doc = '''...'''``), a file whose
text another script reads: each was migrated on the definer's side while the importer's
``.replace("2.3.4-11", version)`` went dead (and the importer was told "reviewed, not migrated").
Each scenario: one run of the installed ``houston-codemod rewrite`` over a small tree; what is on
disk and what is reported are read back.  Controls (nothing handed out) are still migrated.
"""

import json

from trust_cli import run_cli

DOC = 'mutation Create($ws: Uuid!) { createDeployment(workspaceUuid: $ws, label: "etl", type: "airflow", airflowVersion: "2.3.4-11") { id } }'
URL = 'HOUSTON_URL = "https://houston.example.com/v1"\n'
HOUSTON = "\n\ndef houston(q, v):\n    return requests.post(HOUSTON_URL, json={'query': q, 'variables': v}).json()\n"


def _tree(root, files):
    for path, text in files.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)


def _rewrite(root):
    result = run_cli("rewrite", "--no-cache", ".", cwd=root)
    assert "Traceback" not in result.stderr
    return result


def _held(root, path, result):
    """The definer's AC text is on disk as it was, and both the definer and another file got a review."""
    text = (root / path).read_text()
    if path.endswith(".ipynb"):
        text = "".join("".join(cell["source"]) for cell in json.loads(text)["cells"])
    assert 'airflowVersion: "2.3.4-11"' in text and "runtimeVersion" not in text, text
    assert f"{path}:" in (result.stdout + result.stderr) and "review-imported-constant" in (result.stdout + result.stderr), (result.stdout + result.stderr)


def test_a_function_returning_its_own_document_to_an_importer_is_not_edited(tmp_path):
    _tree(tmp_path, {
        "frags.py": f"import requests\n{URL}\n\ndef create_doc():\n    q = '''{DOC}'''\n    return q.strip()\n{HOUSTON}",
        "main.py": "from frags import create_doc, houston\n\n\ndef create_with(ws, version):\n"
                   "    return houston(create_doc().replace(\"2.3.4-11\", version), {\"ws\": ws})\n",
    })
    result = _rewrite(tmp_path)
    _held(tmp_path, "frags.py", result)
    assert "main.py:1:" in (result.stdout + result.stderr)  # the importer's side is told, and it is true


def test_an_lru_cached_function_reached_as_module_attribute_is_not_edited(tmp_path):
    _tree(tmp_path, {
        "frags.py": f"import functools\nimport requests\n{URL}\n\n@functools.lru_cache()\ndef create_doc():\n    return '''{DOC}'''\n{HOUSTON}",
        "main.py": "import frags\n\n\ndef create_with(ws, version):\n"
                   "    return frags.houston(frags.create_doc().replace(\"2.3.4-11\", version), {\"ws\": ws})\n",
    })
    _held(tmp_path, "frags.py", _rewrite(tmp_path))


def test_a_notebook_running_a_module_holds_what_its_functions_return(tmp_path):
    cells = [
        {"cell_type": "code", "execution_count": None, "id": "a", "metadata": {}, "outputs": [], "source": ["%run lib.py"]},
        {"cell_type": "code", "execution_count": None, "id": "b", "metadata": {}, "outputs": [],
         "source": ["houston(create_doc().replace(\"2.3.4-11\", \"2.4.3-6\"), {\"ws\": \"w\"})"]},
    ]
    notebook = {"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    _tree(tmp_path, {
        "lib.py": f"import requests\n{URL}\n\ndef create_doc():\n    return '''{DOC}'''\n{HOUSTON}",
        "use.ipynb": json.dumps(notebook, indent=1) + "\n",
    })
    _held(tmp_path, "lib.py", _rewrite(tmp_path))


def test_an_instance_attribute_of_an_imported_class_is_not_edited(tmp_path):
    _tree(tmp_path, {
        "client.py": "import requests\n\n\nclass Houston:\n    def __init__(self, url=\"https://houston.example.com/v1\"):\n"
                     f"        self.url = url\n        self.create_doc = '''{DOC}'''\n\n    def run(self, q, v=None):\n"
                     "        return requests.post(self.url, json={'query': q, 'variables': v or {}}).json()\n\n"
                     "    def create(self, ws):\n        return self.run(self.create_doc, {'ws': ws})\n",
        "main.py": "from client import Houston\n\n\ndef create(ws, version):\n    h = Houston()\n"
                   "    return h.run(h.create_doc.replace(\"2.3.4-11\", version), {\"ws\": ws})\n",
    })
    _held(tmp_path, "client.py", _rewrite(tmp_path))


def test_a_file_whose_text_another_script_reads_is_not_edited_even_inside_a_function(tmp_path):
    _tree(tmp_path, {
        "deploy.py": f"import requests\n{URL}\n\ndef create(ws):\n    q = '''{DOC}'''\n"
                     "    return requests.post(HOUSTON_URL, json={'query': q, 'variables': {'ws': ws}}).json()\n",
        "tools/pinned_version.py": "import re\nfrom pathlib import Path\n\n"
                                   "text = (Path(__file__).resolve().parents[1] / \"deploy.py\").read_text()\n"
                                   "print(re.search(r'airflowVersion: \"([^\"]+)\"', text).group(1))\n",
    })
    result = _rewrite(tmp_path)
    _held(tmp_path, "deploy.py", result)
    assert "its whole text" in (result.stdout + result.stderr)


def test_an_imported_function_sending_its_own_document_is_still_migrated(tmp_path):
    """Control: the importer calls create(ws), which builds, sends and returns the response: nothing is handed out."""
    _tree(tmp_path, {
        "deploy.py": f"import requests\n{URL}\n\ndef create(ws):\n    q = '''{DOC}'''\n"
                     "    return requests.post(HOUSTON_URL, json={'query': q, 'variables': {'ws': ws}}).json()\n",
        "main.py": "from deploy import create\n\nprint(create('w'))\n",
    })
    result = _rewrite(tmp_path)
    text = (tmp_path / "deploy.py").read_text()
    assert 'runtimeVersion: "5.5.0"' in text, (result.stdout + result.stderr)
    assert "review-imported-constant" not in (result.stdout + result.stderr)


def test_a_document_passed_to_an_imported_replace_helper_keeps_the_filled_value(tmp_path):
    """F5: as in one module (the helper's .replace looks for "2.3.4-11"): the value is kept and reviewed."""
    _tree(tmp_path, {
        "gqlutil.py": "def with_version(doc, version):\n    return doc.replace(\"2.3.4-11\", version)\n",
        "main.py": f"import requests\nimport gqlutil\n{URL}\n\ndef create(ws, version):\n    doc = '''{DOC}'''\n"
                   "    return requests.post(HOUSTON_URL, json={'query': gqlutil.with_version(doc, version), 'variables': {'ws': ws}}).json()\n",
    })
    result = _rewrite(tmp_path)
    text = (tmp_path / "main.py").read_text()
    assert '"2.3.4-11"' in text and '"5.5.0"' not in text, text
    out = result.stdout + result.stderr
    assert "review-template-version" in out and "imported from gqlutil.py" in out, out


def test_a_document_passed_to_an_imported_re_sub_helper_is_not_edited(tmp_path):
    """F5 variant: the helper's re.sub pattern names airflowVersion: nothing in the document is edited."""
    _tree(tmp_path, {
        "gqlutil.py": "import re\n\n\ndef pin(doc, version):\n"
                      "    return re.sub(r'airflowVersion: \"[^\"]*\"', f'airflowVersion: \"{version}\"', doc)\n",
        "main.py": f"import requests\nfrom gqlutil import pin\n{URL}\n\ndef create(ws, version):\n    doc = '''{DOC}'''\n"
                   "    return requests.post(HOUSTON_URL, json={'query': pin(doc, version=version), 'variables': {'ws': ws}}).json()\n",
    })
    result = _rewrite(tmp_path)
    text = (tmp_path / "main.py").read_text()
    assert 'airflowVersion: "2.3.4-11"' in text and "runtimeVersion" not in text, text
    assert "review-template-fill" in result.stdout + result.stderr


def test_an_imported_class_whose_instances_hold_no_ac_field_is_migrated_and_nobody_is_told_otherwise(tmp_path):
    """Control for the false "reviewed, not migrated" message (F6/F12): the class's method builds and sends its
    own document, its instances hand out none; it is migrated, and the importer gets no review saying it was not."""
    _tree(tmp_path, {
        "client.py": "import requests\n\n\nclass Houston:\n    def __init__(self, url=\"https://houston.example.com/v1\"):\n"
                     "        self.url = url\n\n    def create(self, ws):\n"
                     f"        q = '''{DOC}'''\n"
                     "        return requests.post(self.url, json={'query': q, 'variables': {'ws': ws}}).json()\n",
        "main.py": "from client import Houston\n\nprint(Houston().create('w'))\n",
    })
    result = _rewrite(tmp_path)
    assert 'runtimeVersion: "5.5.0"' in (tmp_path / "client.py").read_text(), result.stdout + result.stderr
    assert "reviewed, not migrated" not in result.stdout + result.stderr


CREATE = f"CREATE = '''{DOC}'''\n"


def test_an_importer_inserting_another_folder_on_sys_path_holds_every_same_named_module(tmp_path):
    """F4: sys.path.insert(0, "../a") puts a/frags.py before the sibling b/frags.py: both are reviewed, none edited."""
    _tree(tmp_path, {
        "a/frags.py": CREATE,
        "b/frags.py": f"import requests\n{URL}{CREATE}\n\ndef create(ws):\n"
                      "    return requests.post(HOUSTON_URL, json={'query': CREATE, 'variables': {'ws': ws}}).json()\n",
        "b/main.py": "import sys\nsys.path.insert(0, \"../a\")\nimport requests\nfrom frags import CREATE\n" + URL
                     + "\n\ndef create(ws, v):\n"
                     "    return requests.post(HOUSTON_URL, json={'query': CREATE.replace(\"2.3.4-11\", v), 'variables': {'ws': ws}}).json()\n",
    })
    result = _rewrite(tmp_path)
    _held(tmp_path, "a/frags.py", result)
    _held(tmp_path, "b/frags.py", result)


def test_a_notebook_loaded_by_an_import_hook_is_held_beside_a_same_named_module_elsewhere(tmp_path):
    """F3: nb/run.py imports queries through import_ipynb; other/queries.py (not on its path) does not rule out nb/queries.ipynb."""
    cell = {"cell_type": "code", "execution_count": None, "id": "a", "metadata": {}, "outputs": [], "source": [CREATE]}
    _tree(tmp_path, {
        "nb/queries.ipynb": json.dumps({"cells": [cell], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}, indent=1) + "\n",
        "nb/run.py": "import import_ipynb  # noqa: F401\nimport requests\nimport queries\n" + URL + "\n\ndef create(ws, version):\n"
                     "    doc = queries.CREATE.replace(\"2.3.4-11\", version)\n"
                     "    return requests.post(HOUSTON_URL, json={'query': doc, 'variables': {'ws': ws}}).json()\n",
        "other/queries.py": "SQL_DEPLOYMENTS = \"select id from deployments\"\n",
    })
    _held(tmp_path, "nb/queries.ipynb", _rewrite(tmp_path))


def test_a_full_dotted_path_kept_in_settings_mentions_its_module(tmp_path):
    """F13: HOUSTON_DOCUMENTS = {"create": "app.docs.CREATE"} resolved elsewhere by import_string(settings.X[name])."""
    _tree(tmp_path, {
        "app/__init__.py": "",
        "app/docs.py": f"import requests\n{URL}{CREATE}",
        "app/settings.py": "HOUSTON_DOCUMENTS = {\"create\": \"app.docs.CREATE\"}\nLOG_LEVEL = \"logging.INFO\"\n",
        "app/runner.py": "import requests\nfrom django.utils.module_loading import import_string\nfrom app import settings\n" + URL
                         + "\n\ndef run(name, ws, version):\n"
                         "    doc = import_string(settings.HOUSTON_DOCUMENTS[name]).replace(\"2.3.4-11\", version)\n"
                         "    return requests.post(HOUSTON_URL, json={'query': doc, 'variables': {'ws': ws}}).json()\n",
    })
    result = _rewrite(tmp_path)
    _held(tmp_path, "app/docs.py", result)
    assert "app/settings.py:1:" in result.stdout + result.stderr


def test_a_dotted_string_naming_no_module_of_the_run_holds_nothing(tmp_path):
    """Control for F13: "other.docs.CREATE" (no other/docs.py in the run) is prose; app/docs.py is migrated."""
    _tree(tmp_path, {
        "app/__init__.py": "",
        "app/docs.py": f"import requests\n{URL}{CREATE}\n\ndef create(ws):\n"
                       "    return requests.post(HOUSTON_URL, json={'query': CREATE, 'variables': {'ws': ws}}).json()\n",
        "app/settings.py": "HOUSTON_DOCUMENTS = {\"create\": \"other.docs.CREATE\"}\n",
    })
    result = _rewrite(tmp_path)
    assert 'runtimeVersion: "5.5.0"' in (tmp_path / "app/docs.py").read_text(), result.stdout + result.stderr
