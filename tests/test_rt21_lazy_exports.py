"""Red team 20 (report 11b), F11: a package's lazy export table is read as re-exports.

``pkg/__init__.py`` serving ``pkg/docs.py``'s ``CREATE`` through PEP 562 (``_LAZY = {"CREATE_DEPLOYMENT":
("pkg.docs", "CREATE")}`` and a module ``__getattr__``), and ``run.py`` doing ``from pkg import
CREATE_DEPLOYMENT as CREATE`` then ``CREATE.replace("2.3.4-11", version)``: the table was not followed, so
``pkg/docs.py`` was migrated and the importer's fill silently stopped matching.  Now each entry counts as
``from pkg.docs import CREATE as CREATE_DEPLOYMENT``: the constant is held (``review-imported-constant``).

Side note of F11: with ``from .docs import CREATE as CREATE_DEPLOYMENT`` in the package, the review said
"CREATE is imported by pkg/__init__.py (line 1), where it is part of what is sent", although the package
sends nothing: the importer taking the name from the package (``run.py``) is now named, the package as
what it goes through.

Control (recall): a constant of the submodule the table does not name is still migrated.
"""

from trust_cli import run_cli

DOCS = '''CREATE = """
mutation Create($ws: Uuid!) {
  createDeployment(workspaceUuid: $ws, label: "etl", type: "airflow", airflowVersion: "2.3.4-11") { id }
}
"""
'''

RUN = '''import os
import requests
from pkg import CREATE_DEPLOYMENT as CREATE

URL = "https://houston.example.com/v1"


def main(ws, version):
    q = CREATE.replace("2.3.4-11", version)
    return requests.post(URL, json={"query": q, "variables": {"ws": ws}},
                         headers={"authorization": os.environ["HOUSTON_API_TOKEN"]}).json()
'''

LAZY = '''from importlib import import_module

_LAZY = {"CREATE_DEPLOYMENT": %s}


def __getattr__(name):
    mod, attr = _LAZY[name]
    return getattr(import_module(mod, __name__), attr)
'''

PACKAGES = {
    "absolute": LAZY % '("pkg.docs", "CREATE")',
    "relative": LAZY % '(".docs", "CREATE")',
    "plain": "from .docs import CREATE as CREATE_DEPLOYMENT\n",
}


def _project(root, package):
    (root / "pkg").mkdir(parents=True)
    (root / "pkg" / "docs.py").write_text(DOCS)
    (root / "pkg" / "__init__.py").write_text(package)
    (root / "run.py").write_text(RUN)


def test_a_lazy_export_table_holds_the_submodule_constant(tmp_path):
    for name, package in PACKAGES.items():
        root = tmp_path / name
        _project(root, package)
        result = run_cli("rewrite", ".", cwd=root)
        output = result.stdout + result.stderr
        assert "Traceback" not in output
        assert 'airflowVersion: "2.3.4-11"' in (root / "pkg" / "docs.py").read_text(), (name, output)
        assert "pkg/docs.py:3:" in output and "review-imported-constant" in output, (name, output)
        said = next(line for line in output.splitlines() if line.startswith("pkg/docs.py:3:"))
        assert "imported by run.py (line 3), through pkg/__init__.py" in said, (name, said)


def test_a_constant_the_table_does_not_name_is_migrated(tmp_path):
    root = tmp_path / "other"
    _project(root, LAZY % '("pkg.labels", "LABEL")')
    (root / "pkg" / "labels.py").write_text('LABEL = "etl"\n')
    (root / "pkg" / "docs.py").write_text(
        "import os\nimport requests\n\n" + DOCS + "\n\ndef create(ws):\n"
        "    return requests.post('https://houston.example.com/v1', json={'query': CREATE, 'variables': {'ws': ws}},\n"
        "                         headers={'authorization': os.environ['HOUSTON_API_TOKEN']}).json()\n"
    )
    (root / "run.py").write_text("from pkg import CREATE_DEPLOYMENT\n\nprint(CREATE_DEPLOYMENT)\n")
    result = run_cli("rewrite", ".", cwd=root)
    output = result.stdout + result.stderr
    assert "Traceback" not in output
    assert 'runtimeVersion: "5.5.0"' in (root / "pkg" / "docs.py").read_text(), output
    assert "review-imported-constant" not in output, output
