"""Fills the project index did not follow (issue 11, red team 17, report 11b: F22, F4, F3, F18, F7, F19, F5).

Through the installed CLI, one ``rewrite`` per tree of many small cases (the tree afterwards tells what
was edited; a case with no fill in each tree proves the run still migrates what nobody fills):

* F22: a ``.graphql`` file read through the project-root idiom (``ROOT = Path(__file__).resolve().parents[1]``,
  ``.parent.parent``, nested ``os.path.dirname``, ``Path.cwd()``, ``.absolute()``, a folder name bound to
  one) and filled by the script is held, ``review-template-fill``, as with ``/ ".."``;
* F3 / F4: an imported helper searching its parameter (split/join, partition, index splice, a module
  constant or a default as the text looked for, ``fill = str.replace``) fills the document it is given,
  also a ``.graphql`` file a script or notebook reads and hands to it (``.replace`` or split helpers);
* F5: ``functools.reduce(lambda d, kv: d.replace(*kv), ...)``, ``regex.sub`` and a line-wise
  ``startswith("airflowVersion:")`` edit hold the document (an everyday ``startswith("https:")`` does not);
* F7 / F18 / F19: a class imported whose ``__init__`` stores what a method fills (``Op(DOC).render(v)``),
  ``self.__class__.QUERY`` / ``getattr(self, "QUERY")`` in an imported base, ``partial(helper, ...)(DOC)``,
  batch helpers over a list or dict, and ``cls.X = "..."`` in an imported ``setUpClass``.
"""

import os

from trust_cli import run_cli

QUERY = 'mutation Up($id: Uuid!) {\n  upsertDeployment(deploymentUuid: $id, airflowVersion: "2.3.4-11") { id }\n}\n'
HEAD = 'import os\nfrom pathlib import Path\n\nimport requests\n\nHOUSTON = "https://houston.example.com/v1"\n'
SEND = (
    '    return requests.post(HOUSTON, json={"query": doc, "variables": {"id": dep}},\n'
    '                         headers={"authorization": os.environ["HOUSTON_API_TOKEN"]}).json()\n'
)


def _write(root, files):
    for name, text in files.items():
        path = os.path.join(root, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(text)


def _read(root, name):
    with open(os.path.join(root, name), encoding="utf-8") as fh:
        return fh.read()


def _rewrite(cwd):
    """Plain ``rewrite`` (it writes), one run for the whole tree."""
    proc = run_cli("rewrite", "--no-cache", "-j1", ".", cwd=cwd)
    assert "Traceback" not in proc.stderr, proc.stderr
    assert proc.returncode in (0, 1), proc.stderr
    return proc


def _script(setup, read):
    return HEAD + setup + "\n\ndef up(dep, version):\n    doc = " + read + "\n" + SEND


# -- F22: the project-root idiom ------------------------------------------------------------------

ROOTED = {  # tools/NAME.py reads queries/NAME.graphql (or services/a/queries/...) and fills it
    "parents1": ("ROOT = Path(__file__).resolve().parents[1]", '(ROOT / "queries" / "parents1.graphql").read_text()'),
    "parentparent": ("", '(Path(__file__).resolve().parent.parent / "queries" / "parentparent.graphql").read_text()'),
    "bareparents": ("", '(Path(__file__).parents[1] / "queries" / "bareparents.graphql").read_text()'),
    "dirnames": (
        "",
        'open(os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "queries", "dirnames.graphql")).read()',
    ),
    "cwd": ("", '(Path.cwd() / "queries" / "cwd.graphql").read_text()'),
    "absolute": ("", '(Path(__file__).absolute().parent.parent / "queries" / "absolute.graphql").read_text()'),
    "folder": ('QUERIES = Path(__file__).resolve().parents[1] / "queries"', '(QUERIES / "folder.graphql").read_text()'),
    "monorepo": (
        "ROOT = Path(__file__).resolve().parents[1]",
        '(ROOT / "services" / "a" / "queries" / "monorepo.graphql").read_text()',
    ),
}


def test_f22_project_root_reads_hold_the_file_they_fill(tmp_path):
    files = {}
    for name, (setup, read) in ROOTED.items():
        folder = "services/a/queries" if name == "monorepo" else "queries"
        files[f"{folder}/{name}.graphql"] = QUERY
        files[f"tools/{name}.py"] = _script(setup, read + '.replace("2.3.4-11", version)')
    # control: the same root read with no fill is migrated
    files["queries/plain.graphql"] = QUERY
    files["tools/plain.py"] = _script("ROOT = Path(__file__).resolve().parents[1]", '(ROOT / "queries" / "plain.graphql").read_text()')
    _write(tmp_path, files)
    proc = _rewrite(tmp_path)
    for name in ROOTED:
        folder = "services/a/queries" if name == "monorepo" else "queries"
        assert _read(tmp_path, f"{folder}/{name}.graphql") == QUERY, (name, proc.stderr)
        assert f"tools/{name}.py (line 10) reads this file and edits its text" in proc.stderr, (name, proc.stderr)
    assert "runtimeVersion" in _read(tmp_path, "queries/plain.graphql"), proc.stderr


# -- F3 / F4: fills in imported helpers (searches, str.replace alias), and .graphql files handed to them ----------

PY_DOC = 'UPSERT = """\nmutation Up($id: Uuid!) {\n  upsertDeployment(deploymentUuid: $id, airflowVersion: "2.3.4-11") { id }\n}\n"""\n'
GQLUTIL = (
    'AC_DEFAULT = "2.3.4-11"\nOLD = "2.3.4-11"\nfill = str.replace\n\n\n'
    "def with_version(doc, v):\n    return doc.replace(\"2.3.4-11\", v)\n\n\n"
    "def by_split(doc, v):\n    return v.join(doc.split(\"2.3.4-11\"))\n\n\n"
    "def by_partition(doc, v):\n    head, sep, tail = doc.partition(\"2.3.4-11\")\n    return head + v + tail if sep else doc\n\n\n"
    "def by_constant(doc, v):\n    return v.join(doc.split(AC_DEFAULT))\n\n\n"
    "def by_index(doc, v):\n    i = doc.index(OLD)\n    return doc[:i] + v + doc[i + len(OLD):]\n\n\n"
    "def by_default(doc, v, old=\"2.3.4-11\"):\n    head, sep, tail = doc.partition(old)\n    return head + v + tail if sep else doc\n"
)
IMPORTED_FILLS = {  # module name -> how it fills its UPSERT
    "m_split": ("from gqlutil import by_split", "by_split(UPSERT, version)"),
    "m_partition": ("from gqlutil import by_partition", "by_partition(UPSERT, version)"),
    "m_constant": ("from gqlutil import by_constant", "by_constant(UPSERT, version)"),
    "m_index": ("from gqlutil import by_index", "by_index(UPSERT, version)"),
    "m_default": ("from gqlutil import by_default", "by_default(UPSERT, version)"),
    "m_alias": ("from gqlutil import fill", 'fill(UPSERT, "2.3.4-11", version)'),
    "m_own_default": (
        'def own(doc, v, old="2.3.4-11"):\n    head, sep, tail = doc.partition(old)\n    return head + v + tail if sep else doc\n',
        "own(UPSERT, version)",
    ),
}


def _notebook(*cells):
    import json

    return json.dumps({
        "cells": [{"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [], "source": c} for c in cells],
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
        "nbformat": 4, "nbformat_minor": 5,
    })


def test_f3_f4_imported_search_fills_hold_python_and_graphql_documents(tmp_path):
    files = {"gqlutil.py": GQLUTIL}
    for name, (setup, fill) in IMPORTED_FILLS.items():
        files[f"{name}.py"] = HEAD + setup + "\n" + PY_DOC + "\n\ndef up(dep, version):\n    doc = " + fill + "\n" + SEND
    files["m_plain.py"] = HEAD + PY_DOC + "\n\ndef up(dep, version):\n    doc = UPSERT\n" + SEND  # control
    # F4: .graphql files read by a script (or notebook) and handed to an imported fill helper
    for name, helper in (("g_replace", "with_version"), ("g_split", "by_split")):
        files[f"queries/{name}.graphql"] = QUERY
        files[f"{name}.py"] = _script(
            f"from gqlutil import {helper}", f'{helper}((Path(__file__).parent / "queries" / "{name}.graphql").read_text(), version)'
        )
    files["queries/g_bound.graphql"] = QUERY
    files["g_bound.py"] = _script(
        "from gqlutil import with_version", 'Path("queries/g_bound.graphql").read_text()\n    doc = with_version(doc, version)'
    )
    files["queries/g_notebook.graphql"] = QUERY
    files["g_notebook.ipynb"] = _notebook(
        "import os\nfrom pathlib import Path\n\nimport requests\nfrom gqlutil import with_version\n",
        'doc = with_version(Path("queries/g_notebook.graphql").read_text(), "2.4.3-6")\n'
        'requests.post("https://houston.example.com/v1", json={"query": doc, "variables": {"id": "x"}},\n'
        '              headers={"authorization": os.environ["HOUSTON_API_TOKEN"]})\n',
    )
    files["queries/g_plain.graphql"] = QUERY  # control: read and sent as it is
    files["g_plain.py"] = _script("", 'Path("queries/g_plain.graphql").read_text()')
    _write(tmp_path, files)
    proc = _rewrite(tmp_path)
    for name in IMPORTED_FILLS:
        text = _read(tmp_path, f"{name}.py")
        assert '"2.3.4-11"' in text and "5.5.0" not in text, (name, text, proc.stderr)  # the fill still finds its text
    assert 'runtimeVersion: "5.5.0"' in _read(tmp_path, "m_plain.py"), proc.stderr
    for name in ("g_replace", "g_split", "g_bound", "g_notebook"):
        assert _read(tmp_path, f"queries/{name}.graphql") == QUERY, (name, proc.stderr)
    assert "imported from gqlutil.py" in proc.stderr, proc.stderr
    assert "runtimeVersion" in _read(tmp_path, "queries/g_plain.graphql"), proc.stderr


# -- F5: same-module fills: functools.reduce, line-wise startswith, regex.sub --------------------------------------

SAME_MODULE_FILLS = {
    "reduce": ("from functools import reduce", 'reduce(lambda d, kv: d.replace(*kv), {"2.3.4-11": version}.items(), UPSERT)'),
    "regex": ("import regex", 'regex.sub(r"2\\.3\\.4-11", version, UPSERT)'),
}


def test_f5_reduce_and_regex_fills_hold_the_document(tmp_path):
    files = {}
    for name, (setup, fill) in SAME_MODULE_FILLS.items():
        files[f"{name}.py"] = HEAD + setup + "\n" + PY_DOC + "\n\ndef up(dep, version):\n    doc = " + fill + "\n" + SEND
    lines = (
        '"\\n".join(f"  airflowVersion: \\"{version}\\"" if line.strip().startswith("airflowVersion:") else line'
        " for line in UPSERT.splitlines())"
    )
    files["startswith.py"] = HEAD + PY_DOC + "\n\ndef up(dep, version):\n    doc = " + lines + "\n" + SEND
    prefix = 'doc = UPSERT if HOUSTON.startswith("https:") else ""'  # control: an everyday prefix test fills nothing
    files["prefix.py"] = HEAD + PY_DOC + "\n\ndef up(dep, version):\n    " + prefix + "\n" + SEND
    _write(tmp_path, files)
    proc = _rewrite(tmp_path)
    for name in SAME_MODULE_FILLS:
        text = _read(tmp_path, f"{name}.py")
        assert '"2.3.4-11"' in text and "5.5.0" not in text, (name, text, proc.stderr)
    assert "functools.reduce on line" in proc.stderr, proc.stderr
    assert _read(tmp_path, "startswith.py") == files["startswith.py"], proc.stderr  # the line test still matches
    assert 'runtimeVersion: "5.5.0"' in _read(tmp_path, "prefix.py"), proc.stderr


# -- F7 / F18 / F19: imported classes, partial and batch fills, cls.X in setUpClass ------------------------------

OPS = (
    "import requests\n\n\n"
    "class Op:\n    def __init__(self, query):\n        self.query = query\n\n"
    "    def render(self, version):\n        return self.query.replace(\"2.3.4-11\", version)\n\n\n"
    "class HoustonOp:\n    QUERY = \"\"\n\n"
    "    def run(self, version):\n        return self.__class__.QUERY.replace(\"2.3.4-11\", version)\n\n\n"
    "class ByName:\n    QUERY = \"\"\n\n"
    "    def run(self, version):\n        return getattr(self, \"QUERY\").replace(\"2.3.4-11\", version)\n\n\n"
    "def with_version(doc, version):\n    return doc.replace(\"2.3.4-11\", version)\n\n\n"
    "def with_versions(docs, version):\n    return [d.replace(\"2.3.4-11\", version) for d in docs]\n\n\n"
    "def with_named(docs, version):\n    return {k: d.replace(\"2.3.4-11\", version) for k, d in docs.items()}\n"
)
CLASS_BODY_DOC = '    QUERY = """\nmutation Up($id: Uuid!) {\n  upsertDeployment(deploymentUuid: $id, airflowVersion: "2.3.4-11") { id }\n}\n"""\n'
CLASS_FILLS = {  # module -> (import, fill); the module's UPSERT is what the imported code fills
    "c_init": ("from ops import Op", "Op(UPSERT).render(version)"),
    "c_partial": ("from functools import partial\nfrom ops import with_version", "partial(with_version, version=version)(UPSERT)"),
    "c_list": ("from ops import with_versions", "with_versions([UPSERT], version)[0]"),
    "c_dict": ("from ops import with_named", 'with_named({"up": UPSERT}, version)["up"]'),
}
BASE = (
    "import unittest\n\n\nclass HoustonTestCase(unittest.TestCase):\n    @classmethod\n    def setUpClass(cls):\n"
    '        cls.upsert_doc = """\nmutation Up($id: Uuid!) {\n  upsertDeployment(deploymentUuid: $id, airflowVersion: "2.3.4-11") { id }\n}\n"""\n'
)
TEST_UPGRADE = (
    "import requests\n\nfrom tests.base import HoustonTestCase\n\n\nclass UpgradeTest(HoustonTestCase):\n"
    "    def test_upgrade(self):\n        doc = self.upsert_doc.replace(\"2.3.4-11\", \"2.4.3-6\")\n"
    '        r = requests.post("https://houston.example.com/v1", json={"query": doc, "variables": {"id": "x"}})\n'
    "        self.assertTrue(r.ok)\n"
)


def test_f7_f18_f19_imported_classes_partials_batches_and_setupclass_hold_the_document(tmp_path):
    files = {"ops.py": OPS, "tests/__init__.py": "", "tests/base.py": BASE, "tests/test_upgrade.py": TEST_UPGRADE}
    for name, (setup, fill) in CLASS_FILLS.items():
        files[f"{name}.py"] = HEAD + setup + "\n" + PY_DOC + "\n\ndef up(dep, version):\n    doc = " + fill + "\n" + SEND
    for name, base in (("c_class_attr", "HoustonOp"), ("c_getattr", "ByName")):
        files[f"{name}.py"] = (
            HEAD + f"from ops import {base}\n\n\nclass Upgrade({base}):\n" + CLASS_BODY_DOC
            + "\n\ndef up(dep, version):\n    doc = Upgrade().run(version)\n" + SEND
        )
    files["c_plain.py"] = HEAD + "from ops import Op\n" + PY_DOC + "\n\ndef up(dep, version):\n    doc = UPSERT\n" + SEND
    _write(tmp_path, files)
    proc = _rewrite(tmp_path)
    for name in list(CLASS_FILLS) + ["c_class_attr", "c_getattr"]:
        text = _read(tmp_path, f"{name}.py")
        assert '"2.3.4-11"' in text and "5.5.0" not in text, (name, text, proc.stderr)  # the fill still finds its text
    assert "Op.__init__() (imported from ops.py)" in proc.stderr, proc.stderr
    assert _read(tmp_path, "tests/base.py") == BASE, proc.stderr  # F19: cls.X in setUpClass, filled by the test
    # control: a document the imported code is not handed is migrated
    assert 'runtimeVersion: "5.5.0"' in _read(tmp_path, "c_plain.py"), proc.stderr
