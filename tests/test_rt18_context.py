"""Red team 17 (report 11b): what a named-file run and pytest see (F9, F16, F8, F1, F2, F10, F13, F17).

A document another file fills must be held (reviewed, nothing written), whichever way that file
reaches it: a pytest fixture (a plugin module's, ``request.getfixturevalue``, a parametrized one), a
module importing it after another module moved ``sys.path``, a bump script whose Dockerfile path is an
imported constant; and a run naming only the document's file (pre-commit) must hold it as the
whole-tree run does.  Each test is one or two runs of the installed ``houston-codemod`` over a tree
of several small cases (the suite's time budget).
"""

import subprocess
from pathlib import Path

from trust_cli import run_cli

UPSERT_LITERAL = '''"""
mutation Upsert($id: Uuid!) {
  upsertDeployment(deploymentUuid: $id, airflowVersion: "2.3.4-11") {
    id
  }
}
"""'''
UPSERT_FILE = 'mutation Upsert($id: Uuid!) {\n  upsertDeployment(deploymentUuid: $id, airflowVersion: "2.3.4-11") { id }\n}\n'
SEND = (
    "    r = requests.post(\"https://houston.example.com/v1\", json={{\"query\": {doc}, \"variables\": {{\"id\": \"x\"}}}},\n"
    "                      headers={{\"authorization\": os.environ[\"HOUSTON_API_TOKEN\"]}})\n"
)


def _test_module(parameter: str, fill: str) -> str:
    return (
        "import os\n\nimport requests\n\n\n"
        f"def test_upgrade({parameter}):\n    doc = {fill}.replace(\"2.3.4-11\", \"2.4.3-6\")\n" + SEND.format(doc="doc") + "    assert r.ok\n"
    )


def _fixture(name: str, body: str = UPSERT_LITERAL, decorator: str = "@pytest.fixture") -> str:
    return f"import pytest\n\n\n{decorator}\ndef {name}():\n    return {body}\n"


def _write(root: Path, files: dict) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def _git(root: Path) -> None:
    subprocess.run(["git", "init", "-q", str(root)], check=True, capture_output=True)


def _held(root: Path, completed, held: list) -> None:
    """Every file of ``held`` is unchanged and named by a review; the run ended without trouble."""
    assert completed.returncode in (0, 1), completed.stderr
    assert "Traceback" not in completed.stderr, completed.stderr
    for name, before in held:
        assert (root / name).read_text(encoding="utf-8") == before, (name, completed.stdout, completed.stderr)
        assert any(line.startswith(f"{name}:") and "review-" in line for line in completed.stderr.splitlines()), (
            name, completed.stderr,
        )


def test_f1_f2_f10_f13_fixture_routes_and_path_helpers_hold_the_document(tmp_path: Path):
    """One tree run: each document is filled by a test or importer through a route pytest or Python follow."""
    plugin = _fixture("plugin_doc")
    lookup = "import pytest\n\n\n@pytest.fixture\ndef lookup_doc():\n    return " + UPSERT_LITERAL + "\n"
    params = (
        "import pytest\n\nPARAM_DOC = " + UPSERT_LITERAL + "\n\n\n"
        "@pytest.fixture(params=[PARAM_DOC], ids=[\"upsert\"])\ndef param_doc(request):\n    return request.param\n"
    )
    generated = (
        "GEN_DOC = " + UPSERT_LITERAL + "\n\n\n"
        "def pytest_generate_tests(metafunc):\n    if \"gen_doc\" in metafunc.fixturenames:\n"
        "        metafunc.parametrize(\"gen_doc\", [GEN_DOC])\n"
    )
    frags = "UPSERT = " + UPSERT_LITERAL + "\n"
    pathfix = "import sys\nfrom pathlib import Path\n\nsys.path.insert(0, str(Path(__file__).resolve().parent.parent / \"real\"))\n"
    importer = (
        "import _pathfix  # noqa: F401\nimport os\n\nimport requests\n\nfrom pathfrags import UPSERT\n\n\n"
        "def upgrade():\n    doc = UPSERT.replace(\"2.3.4-11\", os.environ[\"TARGET\"])\n" + SEND.format(doc="doc")
    )
    conftest_path = "import sys\nfrom pathlib import Path\n\nsys.path.insert(0, str(Path(__file__).resolve().parent.parent / \"real2\"))\n"
    files = {
        # F1: a pytest_plugins module's fixture (and one no conftest registers: -p / pytest11 alike)
        "plug/__init__.py": "",
        "plug/conftest.py": "pytest_plugins = [\"plug.fixtures.houston_docs\"]\n",
        "plug/fixtures/__init__.py": "",
        "plug/fixtures/houston_docs.py": plugin,
        "plug/test_plugin.py": _test_module("plugin_doc", "plugin_doc"),
        # F2: request.getfixturevalue("lookup_doc")
        "lookup/conftest.py": lookup,
        "lookup/test_lookup.py": _test_module("request", "request.getfixturevalue(\"lookup_doc\")"),
        # F10: params=[DOC] + request.param, and pytest_generate_tests
        "params/conftest.py": params,
        "params/test_params.py": _test_module("param_doc", "param_doc"),
        "gen/conftest.py": generated,
        "gen/test_gen.py": _test_module("gen_doc", "gen_doc"),
        # F13: sys.path moved by an imported helper module, and by a conftest.py above the test module
        "real/pathfrags.py": frags,
        "b/pathfrags.py": "UPSERT = \"{ deployments { id } }\"\n",
        "b/_pathfix.py": pathfix,
        "b/main.py": importer,
        "real2/morefrags.py": frags,
        "c/morefrags.py": "UPSERT = \"{ deployments { id } }\"\n",
        "c/conftest.py": conftest_path,
        "c/test_more.py": (
            "import os\n\nimport requests\n\nfrom morefrags import UPSERT\n\n\n"
            "def test_more():\n    doc = UPSERT.replace(\"2.3.4-11\", os.environ[\"TARGET\"])\n" + SEND.format(doc="doc")
        ),
    }
    _write(tmp_path, files)
    held = [
        (name, files[name])
        for name in (
            "plug/fixtures/houston_docs.py", "lookup/conftest.py", "params/conftest.py", "gen/conftest.py",
            "real/pathfrags.py", "real2/morefrags.py",
        )
    ]
    _held(tmp_path, run_cli("rewrite", "--no-cache", ".", cwd=tmp_path), held)


def _named_project(root: Path) -> dict:
    """F9, F16, F8 and F17 cases in one git work tree; the whole-tree run holds each."""
    conftest = _fixture("upsert_doc")
    reader_fixture = (
        "from pathlib import Path\n\nimport pytest\n\nHERE = Path(__file__).parent\n\n\n"
        "@pytest.fixture\ndef read_doc():\n    return (HERE / \"queries\" / \"fixture_read.graphql\").read_text()\n"
    )
    files = {
        # F9: a conftest.py named alone; a test and a sub-folder conftest fixture consume its fixture
        "tests/__init__.py": "",
        "tests/conftest.py": conftest,
        "tests/test_upsert.py": _test_module("upsert_doc", "upsert_doc"),
        "tests/integration/__init__.py": "",
        "tests/integration/conftest.py": (
            "import pytest\n\n\n@pytest.fixture\ndef target_doc(upsert_doc):\n"
            "    return upsert_doc.replace(\"2.3.4-11\", \"2.4.3-6\")\n"
        ),
        # F16: the .graphql path is a constant of an imported config module
        "queries/by_constant.graphql": UPSERT_FILE,
        "config.py": "from pathlib import Path\n\nQUERY_DIR = Path(__file__).parent / \"queries\"\nUPSERT_PATH = QUERY_DIR / \"by_constant.graphql\"\n",
        "upgrade.py": (
            "import os\n\nimport requests\n\nfrom config import UPSERT_PATH\n\n\ndef upgrade(dep, version):\n"
            "    doc = UPSERT_PATH.read_text().replace(\"2.3.4-11\", version)\n" + SEND.format(doc="doc")
        ),
        # F16: a loader function of an imported module
        "loaded/by_loader.graphql": UPSERT_FILE,
        "gqlutil.py": "from pathlib import Path\n\nHERE = Path(__file__).parent\n\n\ndef load(name):\n    return (HERE / \"loaded\" / f\"{name}.graphql\").read_text()\n",
        "loadmain.py": (
            "import os\n\nimport requests\n\nfrom gqlutil import load\n\n\ndef upgrade(dep, version):\n"
            "    doc = load(\"by_loader\").replace(\"2.3.4-11\", version)\n" + SEND.format(doc="doc")
        ),
        # F16: a conftest fixture returns the file's text, a test fills it
        "ft/conftest.py": reader_fixture,
        "ft/queries/fixture_read.graphql": UPSERT_FILE,
        "ft/test_read.py": _test_module("read_doc", "read_doc"),
        # F8: the reader reaches shared/linked.graphql through an in-tree link
        "shared/linked.graphql": UPSERT_FILE,
        "linkreader.py": (
            "import os\nfrom pathlib import Path\n\nimport requests\n\n\ndef upgrade(dep, version):\n"
            "    doc = (Path(__file__).parent / \"links\" / \"linked.graphql\").read_text().replace(\"2.3.4-11\", version)\n"
            + SEND.format(doc="doc")
        ),
        # F17: the Dockerfile's path is a constant of another module the bump script imports
        "image/Dockerfile": "FROM quay.io/astronomer/ap-airflow:2.3.4-11-onbuild\n",
        "scripts/paths.py": "from pathlib import Path\n\nROOT = Path(__file__).resolve().parents[1]\nDOCKERFILE = ROOT / \"image\" / \"Dockerfile\"\n",
        "scripts/bump.py": (
            "import sys\n\nfrom paths import DOCKERFILE\n\ntext = DOCKERFILE.read_text()\n"
            "DOCKERFILE.write_text(text.replace(\"ap-airflow:2.3.4-11\", f\"ap-airflow:{sys.argv[1]}\"))\n"
        ),
    }
    _write(root, files)
    (root / "links").mkdir()
    (root / "links" / "linked.graphql").symlink_to(Path("..") / "shared" / "linked.graphql")
    _git(root)
    return files


NAMED_GRAPHQL = ["queries/by_constant.graphql", "loaded/by_loader.graphql", "ft/queries/fixture_read.graphql", "shared/linked.graphql"]


def test_f9_f16_f8_f17_named_files_are_judged_with_their_readers(tmp_path: Path):
    """pre-commit names only the changed file: it must be held as the whole-tree run holds it."""
    files = _named_project(tmp_path)
    _held(tmp_path, run_cli("rewrite", "--no-cache", "tests/conftest.py", cwd=tmp_path), [("tests/conftest.py", files["tests/conftest.py"])])
    _held(
        tmp_path,
        run_cli("rewrite", "--no-cache", *NAMED_GRAPHQL, "image/Dockerfile", cwd=tmp_path),
        [(name, files[name]) for name in NAMED_GRAPHQL + ["image/Dockerfile"]],
    )


def test_f16_f8_folder_runs_hold_what_the_tree_run_holds(tmp_path: Path):
    """A folder run (``rewrite queries``) reads the same readers outside the folder; so does the tree run."""
    files = _named_project(tmp_path)
    folders = ["queries", "loaded", "ft/queries", "shared", "image"]
    _held(tmp_path, run_cli("rewrite", "--no-cache", *folders, cwd=tmp_path), [(name, files[name]) for name in NAMED_GRAPHQL + ["image/Dockerfile"]])
    tree = run_cli("rewrite", "--no-cache", ".", cwd=tmp_path)
    _held(tmp_path, tree, [(name, files[name]) for name in ["tests/conftest.py", "image/Dockerfile", *NAMED_GRAPHQL[:3]]])
