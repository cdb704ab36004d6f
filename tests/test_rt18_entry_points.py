"""Red team 17 (report 11b): the entry points other than ``rewrite PATHS`` hold what ``rewrite`` holds.

F14: LibCST's runner (``python -m libcst.tool codemod -x codemods.runtime_migration.MigrateToRuntime``)
reads one module at a time, with no project index.  It held module-level documents only, and edited,
with "0 warnings", documents a function returns (a conftest fixture too), a method stores on an
instance or class (``self.X = ...``, ``cls.X = ...`` in ``setUpClass``), and a document handed to a
fill helper imported from another module of the project: each is filled elsewhere, and the CLI holds
it (``review-imported-constant``, ``review-template-version``).  Without the index each is held with
``review-importers-unseen``.

F21: ``rewrite -`` (stdin) has no path and reads no project, like LibCST's runner, but edited
module-level and handed-out documents: it holds them too, with a note naming stdin.

One tree, one LibCST run and one stdin run.
"""

import os
import subprocess
import sys
import textwrap

from trust_cli import run_cli

DOC = 'mutation Upsert($id: Uuid!) { upsertDeployment(deploymentUuid: $id, airflowVersion: "2.3.4-11") { id } }'
SEND = 'requests.post("https://houston.example.com/v1", json={"query": doc, "variables": {"id": "x"}})'

FILES = {
    # a function returns its own literal: every importer calling it gets it (t59)
    "frags.py": f'def upsert_doc():\n    return """{DOC}"""\n',
    # a conftest fixture is such a function (t58)
    "tests/conftest.py": f'import pytest\n\n\n@pytest.fixture\ndef upsert_doc():\n    return """{DOC}"""\n',
    # an instance attribute set in __init__ (t60)
    "docs_cls.py": f'class Docs:\n    def __init__(self):\n        self.upsert = """{DOC}"""\n',
    # a class attribute set in setUpClass (the twin of self.X, F19's shape)
    "base.py": (
        "import unittest\n\n\nclass HoustonTestCase(unittest.TestCase):\n    @classmethod\n"
        f'    def setUpClass(cls):\n        cls.upsert_doc = """{DOC}"""\n'
    ),
    # filled by a helper imported from the project (t93)
    "gqlutil.py": 'def with_version(doc, version):\n    return doc.replace("2.3.4-11", version)\n',
    "main.py": textwrap.dedent(
        """\
        import requests

        from gqlutil import with_version


        def upgrade(dep, version):
            doc = with_version('mutation { upsertDeployment(deploymentUuid: "%s", airflowVersion: "2.3.4-11") { id } }' % dep, version)
            return requests.post("https://houston.example.com/v1", json={"query": doc})
        """
    ),
    # control: built and sent inside a function, handed to nothing of the project: edited by both runners
    "control.py": f'import requests\n\n\ndef upgrade():\n    doc = """{DOC}"""\n    {SEND}\n',
}


def _tree(root):
    for name, text in FILES.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return {name: (root / name).read_text() for name in FILES}


def test_libcst_runner_holds_what_only_the_project_index_could_clear(tmp_path):
    before = _tree(tmp_path)
    environment = dict(os.environ)
    environment["PYTHONPATH"] = os.pathsep.join(filter(None, [os.getcwd(), environment.get("PYTHONPATH")]))
    completed = subprocess.run(
        [sys.executable, "-m", "libcst.tool", "codemod", "-x", "--no-format",
         "codemods.runtime_migration.MigrateToRuntime", "."],
        cwd=tmp_path, capture_output=True, text=True, timeout=300, env=environment,
    )
    assert completed.returncode == 0, completed.stderr
    after = {name: (tmp_path / name).read_text() for name in FILES}
    changed = sorted(name for name in FILES if after[name] != before[name])
    assert changed == ["control.py"], completed.stderr  # before the fix: all but gqlutil.py were edited
    assert 'runtimeVersion: "' in after["control.py"]
    held = [line for line in completed.stderr.splitlines() if "review-importers-unseen" in line]
    assert len(held) == 5, completed.stderr
    warned = [line for line in completed.stderr.splitlines() if line.endswith(" with warnings")]
    for name in ("frags.py", "tests/conftest.py", "docs_cls.py", "base.py", "main.py"):
        assert any(line.endswith(f"{os.sep}{name} with warnings") for line in warned), (name, completed.stderr)
    assert "0 warnings were generated" not in completed.stderr


def test_stdin_holds_what_it_cannot_see_the_importers_of(tmp_path):
    _tree(tmp_path)
    module_level = f'UPSERT = """{DOC}"""\n'
    stdin = module_level + (tmp_path / "frags.py").read_text() + (tmp_path / "docs_cls.py").read_text()
    completed = run_cli("rewrite", "--diff", "-", cwd=tmp_path, stdin=stdin)
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout == ""  # before the fix: a diff renaming all three to runtimeVersion
    notes = [line for line in completed.stderr.splitlines() if "review-importers-unseen" in line]
    assert len(notes) == 3, completed.stderr
    assert all("`rewrite -` reads one script on stdin" in line for line in notes)
    assert "0 would be rewritten, 3 need review" in completed.stderr


F15_SCRIPT = textwrap.dedent(
    """\
    from string import Template

    import requests

    HOUSTON = "https://houston.example.com/v1"
    UPSERT = Template('mutation { upsertDeployment(deploymentUuid: "$dep", runtimeVersion: "$ver") { id } }')
    FORMAT = 'mutation {{ upsertDeployment(deploymentUuid: "{}", runtimeVersion: "{}") {{ id }} }}'


    def by_keyword(dep):
        ver = "2.3.4-11"
        doc = 'mutation {{ upsertDeployment(deploymentUuid: "{dep}", runtimeVersion: "{ver}") {{ id }} }}'.format(dep=dep, ver=ver)
        return requests.post(HOUSTON, json={"query": doc})


    def by_percent(dep):
        doc = 'mutation { upsertDeployment(deploymentUuid: "%s", runtimeVersion: "%s") { id } }' % (dep, "2.3.4-11")
        return requests.post(HOUSTON, json={"query": doc})


    def by_template(dep):
        return requests.post(HOUSTON, json={"query": UPSERT.substitute(dep=dep, ver="2.3.4-11")})


    def by_position(dep):
        return requests.post(HOUSTON, json={"query": FORMAT.format(dep, "2.3.4-11")})


    def control(dep, version):  # a parameter: cannot be told from a correct script, not reviewed
        doc = 'mutation {{ upsertDeployment(deploymentUuid: "{dep}", runtimeVersion: "{ver}") {{ id }} }}'.format(dep=dep, ver=version)
        return requests.post(HOUSTON, json={"query": doc})
    """
)


def test_check_after_rewrite_reviews_an_ac_literal_in_format_percent_and_template_holes(tmp_path):
    """F15: the f-string form was reviewed by ``check`` after ``rewrite``; these four were silent (exit 0)."""
    (tmp_path / "deploy.py").write_text(F15_SCRIPT)
    completed = run_cli("check", "--no-cache", "--format", "json", ".", cwd=tmp_path)
    import json

    findings = [f for f in json.loads(completed.stdout)["findings"] if f["code"] == "review-template-version"]
    lines = sorted(f["line"] for f in findings)
    assert lines == [6, 7, 12, 17], completed.stdout  # UPSERT, FORMAT, by_keyword, by_percent (not control's, 31)
    assert all("the AC version '2.3.4-11'" in f["message"] and "'5.5.0'" in f["message"] for f in findings)


ENTRY_DOC = f'UPSERT = """{DOC}"""\n'
ENTRY_POINTS = {
    # F12 (t46): pyproject.toml's entry point loads UPSERT; cli.py fills it (ep.load().replace(...))
    "a/pyproject.toml": '[project]\nname = "a"\n\n[project.entry-points."houston_ops.documents"]\nupsert = "houston_ops.queries:UPSERT"\n',
    "a/houston_ops/__init__.py": "",
    "a/houston_ops/queries.py": ENTRY_DOC,
    # t46b: the same in setup.py
    "b/setup.py": 'from setuptools import setup\n\nsetup(name="b", entry_points={"houston.documents": ["upsert = bops.bdocs:UPSERT"]})\n',
    "b/bops/__init__.py": "",
    "b/bops/bdocs.py": ENTRY_DOC,
    # setup.cfg
    "c/setup.cfg": "[metadata]\nname = c\n\n[options.entry_points]\nhouston.documents =\n    upsert = cops.cdocs:UPSERT\n",
    "c/cops/__init__.py": "",
    "c/cops/cdocs.py": ENTRY_DOC,
    # control: a command's entry point loads a callable to run, not a text: the module is edited
    "d/pyproject.toml": '[project]\nname = "d"\n\n[project.scripts]\ntool = "dops.ddocs:main"\n',
    "d/setup.py": 'from setuptools import setup\n\nsetup(name="d", entry_points={"console_scripts": ["tool2 = dops.ddocs:main"]})\n',
    "d/dops/__init__.py": "",
    "d/dops/ddocs.py": ENTRY_DOC + "\n\ndef main():\n    pass\n",
}


def test_a_document_named_by_a_package_entry_point_is_held(tmp_path):
    for name, text in ENTRY_POINTS.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    completed = run_cli("rewrite", "--check", "--no-cache", ".", cwd=tmp_path)
    would_change = sorted(line.replace(os.sep, "/") for line in completed.stdout.splitlines())
    assert would_change == ["d/dops/ddocs.py"], completed.stdout + completed.stderr  # before: a, b and c too
    for name, by in (("a/houston_ops/queries.py", "pyproject.toml"), ("b/bops/bdocs.py", "setup.py"), ("c/cops/cdocs.py", "setup.cfg")):
        assert any(line.startswith(name) and "review-imported-constant" in line and by in line
                   for line in completed.stderr.splitlines()), (name, completed.stderr)


TYPED_UPGRADE = textwrap.dedent(
    """\
    from typing import Dict

    import requests

    {import_line}

    UPGRADE = '''
    mutation Upgrade($deploymentUuid: Uuid!, $desiredAirflowVersion: String!) {{
      updateDeploymentAirflow(deploymentUuid: $deploymentUuid, desiredAirflowVersion: $desiredAirflowVersion) {{ id }}
    }}
    '''


    def upgrade(dep: str, target: str):
        variables: {annotation} = {{"deploymentUuid": dep, "desiredAirflowVersion": target}}
        return requests.post("https://houston.example.com/v1", json={{"query": UPGRADE, "variables": variables}})
    """
)


def test_a_variables_dict_typed_by_an_imported_typeddict_is_not_renamed_alone(tmp_path):
    """F11 (t43): the key was renamed while houston_types.py's TypedDict kept it (mypy: missing and extra key)."""
    (tmp_path / "houston_types.py").write_text(
        "from typing import TypedDict\n\n\nclass UpgradeVars(TypedDict):\n    deploymentUuid: str\n    desiredAirflowVersion: str\n"
    )
    (tmp_path / "typed.py").write_text(TYPED_UPGRADE.format(import_line="from houston_types import UpgradeVars", annotation="UpgradeVars"))
    (tmp_path / "plain.py").write_text(TYPED_UPGRADE.format(import_line="", annotation="Dict[str, str]"))  # control
    completed = run_cli("rewrite", "--no-cache", ".", cwd=tmp_path)
    typed, plain = (tmp_path / "typed.py").read_text(), (tmp_path / "plain.py").read_text()
    assert '"desiredAirflowVersion": target' in typed, typed  # the dict, the field and the variable stay
    assert "desiredRuntimeVersion: $desiredAirflowVersion" in typed
    assert any(line.startswith("typed.py") and "review-version-variable" in line and "UpgradeVars, imported from houston_types" in line
               for line in completed.stderr.splitlines()), completed.stderr
    assert '"desiredRuntimeVersion": target' in plain and "$desiredRuntimeVersion" in plain, plain  # control: renamed
