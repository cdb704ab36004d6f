"""Red team pass 19, report 11b, F3: a submodule a package binds under another name is that module.

``pkg/__init__.py`` doing ``from . import docs as queries`` and an importer doing ``from pkg import
queries`` then ``queries.CREATE.replace("2.3.4-11", version)``: ``pkg.queries`` is no file, so the
import was resolved to nothing and ``pkg/docs.py`` was migrated alone, the importer's fill silently
matching nothing afterwards.  Every way a package binds a submodule to a name (``from . import X as
Y``, ``import pkg.X as Y``, ``from .sub import X as Y``, through a sub-package's own re-export) and
every way an importer reads it (``from pkg import Y``, ``import pkg`` + ``pkg.Y.NAME``, ``from pkg
import Y as q``, a module inside the package) now holds the document; a package binding the alias that
nobody imports leaves its document migrated (precision).  One ``rewrite`` run over all cases.
"""

import subprocess

from trust_cli import run_cli

DOC = '''CREATE = """
mutation Create($ws: Uuid!) {
  createDeployment(workspaceUuid: $ws, label: "etl", type: "airflow", airflowVersion: "2.3.4-11") { id }
}
"""
'''

FILL = '''import os
import requests
{imports}
CREATE_DOC = {read}


def create(ws, version):
    doc = CREATE_DOC.replace("2.3.4-11", version)
    r = requests.post(os.environ["HOUSTON_URL"], json={{"query": doc, "variables": {{"ws": ws}}}},
                      headers={{"authorization": os.environ["HOUSTON_API_TOKEN"]}})
    return r.json()
'''

# case -> (files of its package: path -> text, the importer's path, its import lines, how it reads CREATE)
CASES = {
    "from_import_as": ({"pkga/__init__.py": "from . import docs as queries\n", "pkga/docs.py": DOC},
                       "main_a.py", "from pkga import queries", "queries.CREATE"),
    "package_attribute": ({"pkgb/__init__.py": "from . import docs as queries\n", "pkgb/docs.py": DOC},
                          "main_b.py", "import pkgb", "pkgb.queries.CREATE"),
    "aliased_again": ({"pkgc/__init__.py": "from . import docs as queries\n", "pkgc/docs.py": DOC},
                      "main_c.py", "from pkgc import queries as q", "q.CREATE"),
    "import_dotted_as": ({"pkgd/__init__.py": "import pkgd.docs as queries\n", "pkgd/docs.py": DOC},
                         "main_d.py", "from pkgd import queries", "queries.CREATE"),
    "from_subpackage": ({"pkge/__init__.py": "from .sub import docs as queries\n", "pkge/sub/__init__.py": "",
                         "pkge/sub/docs.py": DOC}, "main_e.py", "from pkge import queries", "queries.CREATE"),
    "two_packages": ({"pkgf/__init__.py": "from .inner import queries\n",
                      "pkgf/inner/__init__.py": "from . import docs as queries\n", "pkgf/inner/docs.py": DOC},
                     "main_f.py", "from pkgf import queries", "queries.CREATE"),
    "inside_the_package": ({"pkgg/__init__.py": "from . import docs as queries\n", "pkgg/docs.py": DOC},
                           "pkgg/cli.py", "from . import queries", "queries.CREATE"),
}


def test_submodule_reexported_under_another_name_is_held_with_its_importer(tmp_path):
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    documents = {}
    for case, (files, importer, imports, read) in CASES.items():
        for path, text in files.items():
            (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / path).write_text(text)
            if text == DOC:
                documents[case] = path
        (tmp_path / importer).write_text(FILL.format(imports=imports, read=read))
    # control: the same alias, imported by nobody: its document is migrated as before
    (tmp_path / "pkgz").mkdir()
    (tmp_path / "pkgz/__init__.py").write_text("from . import docs as queries\n")
    (tmp_path / "pkgz/docs.py").write_text(DOC)

    done = run_cli("rewrite", "--no-cache", ".", cwd=tmp_path)
    assert done.returncode in (0, 1), done.stderr
    assert "Traceback" not in done.stderr
    kept = [case for case, path in documents.items() if (tmp_path / path).read_text() == DOC]
    assert kept == list(CASES), (sorted(set(CASES) - set(kept)), done.stdout, done.stderr)
    for case, path in documents.items():
        held = [line for line in (done.stdout + done.stderr).splitlines() if line.startswith(path + ":") and "review-imported-constant" in line]
        assert held, (case, done.stdout, done.stderr)
    assert 'runtimeVersion: "' in (tmp_path / "pkgz/docs.py").read_text(), done.stdout


# Red team pass 19, report 11b, F11: a document an imported function (or a conftest fixture) returns
# inside a dict / list display it builds is handed out as a bare return is: held where it is written.
WRAPPED_RETURNS = {
    "reg/docs_dict.py": 'def queries():\n    return {\n        "create": ' + DOC.split("=", 1)[1].strip() + ',\n    }\n',
    "reg/docs_local.py": 'def queries():\n    found = {"all": [' + DOC.split("=", 1)[1].strip() + ']}\n    return found\n',
    "reg/tests/conftest.py": 'import pytest\n\n\n@pytest.fixture\ndef houston_docs():\n    return {"create": '
                             + DOC.split("=", 1)[1].strip() + '}\n',
}
WRAPPED_READERS = {
    "reg/main_dict.py": ("from docs_dict import queries", 'queries()["create"]'),
    "reg/main_local.py": ("from docs_local import queries", 'queries()["all"][0]'),
}
SMOKE = '''import os

import pytest
import requests


@pytest.mark.parametrize("version", ["2.3.4-11", "2.4.3-6"])
def test_create(houston_docs, version):
    doc = houston_docs["create"].replace("2.3.4-11", version)
    r = requests.post(os.environ["HOUSTON_URL"], json={"query": doc, "variables": {"ws": "w"}},
                      headers={"authorization": os.environ["HOUSTON_API_TOKEN"]})
    assert r.json()
'''


def test_document_returned_inside_a_built_container_is_held_with_its_importer(tmp_path):
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    for path, text in WRAPPED_RETURNS.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(text)
    for path, (imports, read) in WRAPPED_READERS.items():
        (tmp_path / path).write_text(FILL.format(imports=imports, read=read))
    (tmp_path / "reg/tests/test_smoke.py").write_text(SMOKE)
    done = run_cli("rewrite", "--no-cache", ".", cwd=tmp_path)
    assert done.returncode in (0, 1) and "Traceback" not in done.stderr, done.stderr
    changed = [path for path, text in WRAPPED_RETURNS.items() if (tmp_path / path).read_text() != text]
    assert changed == [], (changed, done.stdout, done.stderr)
    said = done.stdout + done.stderr
    for path in WRAPPED_RETURNS:
        assert any(line.startswith(path + ":") and "review-imported-constant" in line for line in said.splitlines()), (path, said)
