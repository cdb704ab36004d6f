"""Files reached by a pattern, templates in files, twins and readers (red team 14, report 11b; task X2).

Through the installed CLI (``rewrite --diff``, ``rewrite``, ``check``), one run per scenario:

* F2: a ``.graphql`` file a script loads by a computed name (``def load(name): open(os.path.join(HERE,
  "queries", name + ".graphql"))``) or a glob (``(HERE / "queries").glob("*.graphql")`` into a dict) and
  then fills with ``.replace`` is held: every file the pattern can match is reviewed
  (``review-template-fill`` naming the script), none is edited; a file outside the pattern's folder is
  still migrated.
* F7: Jupytext's ``[formats]`` table (``"notebooks/" = "ipynb"``, ``"scripts/" = "py:percent"``) in
  ``jupytext.toml`` and ``[tool.jupytext.formats]`` in ``pyproject.toml`` pairs like the tree string form:
  neither twin is edited, both are ``review-jupytext-pair``.
* F9: a script holding ``ap-airflow`` that searches for Dockerfiles by name (``rglob``, ``glob("**/...")``,
  ``os.walk``) holds every Dockerfile of its work tree (``review-ac-image`` naming it); one in another
  work tree is migrated.
* F11: a ``.graphql`` file a script fills with ``.format`` (``{{ }}``, ``{ws}``) is read as that template:
  no false ``graphql-syntax``, its migration a ``review-template-fill``, nothing edited.
* F8: ``check`` on the file ``rewrite`` left (``runtimeVersion: "2.3.4-11"`` filled by ``.replace``) says
  ``review-template-version`` again, at the same place.
* F10: a workflow step reading the Dockerfile's AC tag with ``sed`` holds the Dockerfile (review naming
  the workflow's line); without the read, the Dockerfile is migrated.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

# TRUST_CLI_UNDER_TEST points the tests at another install (an older checkout, to see them fail there).
CLI = os.environ.get("TRUST_CLI_UNDER_TEST") or shutil.which("houston-codemod") or str(Path(sys.executable).with_name("houston-codemod"))


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


CREATE_GRAPHQL = (
    "mutation CreateDeployment($ws: Uuid!) {\n"
    '  createDeployment(workspaceUuid: $ws, label: "etl", type: "airflow", airflowVersion: "2.3.4-11") {\n'
    "    id\n  }\n}\n"
)

# -- F2: .graphql files loaded by a computed name or a glob, then filled ---------------------------------

LOADER = '''import os

import requests

HOUSTON_URL = "https://houston.example.com/v1"
HERE = os.path.dirname(os.path.abspath(__file__))


def load(name):
    with open(os.path.join(HERE, "queries", name + ".graphql")) as fh:
        return fh.read()


def create(ws, version):
    doc = load("create_deployment").replace("2.3.4-11", version)
    return requests.post(HOUSTON_URL, json={"query": doc, "variables": {"ws": ws}}).json()
'''

GLOB = '''from pathlib import Path

import requests

HOUSTON_URL = "https://houston.example.com/v1"
QUERIES = {p.stem: p.read_text() for p in (Path(__file__).parent / "queries").glob("*.graphql")}


def create(ws, version):
    doc = QUERIES["create_deployment"].replace("2.3.4-11", version)
    return requests.post(HOUSTON_URL, json={"query": doc, "variables": {"ws": ws}}).json()
'''


def test_f2_graphql_files_loaded_by_a_computed_name_or_a_glob_and_filled_are_held(tmp_path):
    root = _tree(tmp_path, {
        "loader/deploy.py": LOADER,
        "loader/queries/create_deployment.graphql": CREATE_GRAPHQL,
        "loader/queries/other.graphql": CREATE_GRAPHQL.replace("CreateDeployment", "CreateOther"),
        "globbed/deploy.py": GLOB,
        "globbed/queries/create_deployment.graphql": CREATE_GRAPHQL,
        # not under any pattern's folder: nothing loads it by a pattern, so it is migrated as before
        "elsewhere/ops/create.graphql": CREATE_GRAPHQL,
    })
    before = _snapshot(root)
    run = _run(root, "rewrite", "--no-cache", ".")
    assert run.returncode in (0, 1), run.stderr
    after = _snapshot(root)
    for held in ("loader/queries/create_deployment.graphql", "loader/queries/other.graphql", "globbed/queries/create_deployment.graphql"):
        assert after[held] == before[held], held
        fill = [line for line in run.stderr.splitlines() if line.startswith(held + ":") and "review-template-fill" in line]
        assert fill, (held, run.stderr)
        script = held.split("/")[0] + "/deploy.py"
        assert script in fill[0] and ".replace(\"2.3.4-11\", version)" in fill[0], fill
    assert b'runtimeVersion: "5.5.0"' in after["elsewhere/ops/create.graphql"], run.stdout


# -- F7: Jupytext's [formats] table pairs like the string form -----------------------------------------

CELL = [
    "import requests\n",
    'HOUSTON_URL = "https://houston.example.com/v1"\n',
    "def create(ws):\n",
    '    q = """mutation Create($ws: Uuid!) { createDeployment(workspaceUuid: $ws, label: \\"etl\\", type: \\"airflow\\", '
    'airflowVersion: \\"2.3.4-11\\") { id } }"""\n',
    "    return requests.post(HOUSTON_URL, json={'query': q, 'variables': {'ws': ws}})",
]


def _notebook() -> str:
    import json

    cell = {"cell_type": "code", "execution_count": None, "id": "c0", "metadata": {}, "outputs": [], "source": CELL}
    return json.dumps({"cells": [cell], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}, indent=1) + "\n"


def test_f7_jupytext_formats_table_pairs_the_subfolder_twins(tmp_path):
    table = '[formats]\n"notebooks/" = "ipynb"\n"scripts/" = "py:percent"\n'
    pyproject = '[project]\nname = "x"\nversion = "0"\n\n[tool.jupytext.formats]\n"notebooks/" = "ipynb"\n"scripts/" = "py:percent"\n'
    files = {}
    for project, config_name, config in (("a", "jupytext.toml", table), ("b", "pyproject.toml", pyproject)):
        (tmp_path / project / ".git").mkdir(parents=True)
        files.update({
            f"{project}/{config_name}": config,
            f"{project}/notebooks/deploy.ipynb": _notebook(),
            f"{project}/scripts/deploy.py": "# %%\n" + "".join(CELL) + "\n",
        })
    root = _tree(tmp_path, files)
    before = _snapshot(root)
    run = _run(root, "rewrite", "--no-cache", ".")
    assert run.returncode in (0, 1), run.stderr
    assert _snapshot(root) == before, run.stdout  # neither side of either pair is edited
    for project in ("a", "b"):
        for side in ("notebooks/deploy.ipynb", "scripts/deploy.py"):
            assert any(line.startswith(f"{project}/{side}:") and "review-jupytext-pair" in line for line in run.stderr.splitlines()), (project, side, run.stderr)


# -- F9: a script that searches for Dockerfiles by name holds every one it can reach ------------------

DOCKERFILE = "FROM quay.io/astronomer/ap-airflow:2.3.4-11-onbuild\n"
SEARCHERS = {
    "rglob": 'for dockerfile in Path(__file__).resolve().parents[1].rglob("Dockerfile"):\n    text = dockerfile.read_text()\n',
    "globbed": 'for name in glob.glob("**/Dockerfile", recursive=True):\n    text = open(name).read()\n',
    "walked": 'for root, _dirs, files in os.walk(ROOT):\n    if "Dockerfile" in files:\n        text = open(os.path.join(root, "Dockerfile")).read()\n',
}


def test_f9_a_script_searching_for_dockerfiles_by_name_holds_each_it_reaches(tmp_path):
    files = {}
    for repo, loop in SEARCHERS.items():
        (tmp_path / repo / ".git").mkdir(parents=True)
        files[f"{repo}/tools/ac_version.py"] = (
            "import glob\nimport os\nimport re\nfrom pathlib import Path\n\nROOT = os.getcwd()\n"
            'AC_TAG = re.compile(r"ap-airflow:(\\d+\\.\\d+\\.\\d+(?:-\\d+)?)")\n' + loop + "    print(AC_TAG.search(text).group(1))\n"
        )
        files[f"{repo}/projects/etl/Dockerfile"] = DOCKERFILE
    (tmp_path / "other" / ".git").mkdir(parents=True)  # another work tree: no script of its own searches it
    files["other/Dockerfile"] = DOCKERFILE
    root = _tree(tmp_path, files)
    before = _snapshot(root)
    run = _run(root, "rewrite", "--no-cache", ".")
    assert run.returncode in (0, 1), run.stderr
    after = _snapshot(root)
    for repo in SEARCHERS:
        held = f"{repo}/projects/etl/Dockerfile"
        assert after[held] == before[held], (held, run.stderr)
        assert any(line.startswith(held + ":") and f"{repo}/tools/ac_version.py" in line for line in run.stderr.splitlines()), (held, run.stderr)
    assert b"astro-runtime" in after["other/Dockerfile"], run.stderr


# -- F11: a .graphql file a script fills with .format is read as that template -----------------------

FORMAT_GRAPHQL = (
    "mutation {{\n"
    '  createDeployment(workspaceUuid: "{ws}", label: "etl", type: "airflow", airflowVersion: "2.3.4-11") {{\n'
    "    id\n  }}\n}}\n"
)
FORMAT_SCRIPT = '''from pathlib import Path

import requests

HOUSTON_URL = "https://houston.example.com/v1"
TEMPLATE = (Path(__file__).parent / "queries" / "create.graphql").read_text()


def create(ws):
    return requests.post(HOUSTON_URL, json={"query": TEMPLATE.format(ws=ws)}).json()
'''


def test_f11_a_graphql_file_filled_by_format_is_read_as_a_template_not_a_syntax_error(tmp_path):
    root = _tree(tmp_path, {"deploy.py": FORMAT_SCRIPT, "queries/create.graphql": FORMAT_GRAPHQL})
    before = _snapshot(root)
    run = _run(root, "rewrite", "--no-cache", ".")
    assert run.returncode in (0, 1), run.stderr  # was 2: a false syntax error
    assert _snapshot(root) == before, run.stderr  # held: .format looks for what it was written with
    assert "graphql-syntax" not in run.stderr, run.stderr
    fill = [line for line in run.stderr.splitlines() if line.startswith("queries/create.graphql:2:") and "review-template-fill" in line]
    assert fill and "deploy.py" in fill[0] and "TEMPLATE.format(ws=ws)" in fill[0], run.stderr


# -- F8: review-template-version comes back in every check after the rewrite ---------------------------

REWRITTEN_FILL = '''import requests

HOUSTON_URL = "https://houston.example.com/v1"
CREATE = """mutation Create($ws: Uuid!) { createDeployment(workspaceUuid: $ws, label: "etl", type: "airflow", runtimeVersion: "2.3.4-11") { id } }"""


def create(ws, version):
    return requests.post(HOUSTON_URL, json={"query": CREATE.replace("2.3.4-11", version), "variables": {"ws": ws}}).json()
'''


def test_f8_check_after_rewrite_says_review_template_version_again(tmp_path):
    # m.py as `rewrite` leaves it: the AC text the .replace looks for is kept inside runtimeVersion
    _tree(tmp_path, {"m.py": REWRITTEN_FILL})
    run = _run(tmp_path, "check", "--no-cache", "--houston-version", "1.0.1", ".")
    assert run.returncode in (0, 1), run.stderr
    found = [line for line in (run.stdout + run.stderr).splitlines() if "review-template-version" in line]
    assert found and found[0].startswith("m.py:4:128:") and "line 8" in found[0], run.stdout + run.stderr


# -- F10: a CI step that reads the Dockerfile's AC tag with sed holds the Dockerfile ---------------------

WORKFLOW = """name: deploy
on: [push]
jobs:
  deploy:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - name: AC version of the image
        id: ac
        run: echo "version=$(sed -n 's|^FROM quay.io/astronomer/ap-airflow:\\\\([0-9.-]*\\\\)-onbuild|\\\\1|p' Dockerfile)" >> "$GITHUB_OUTPUT"
      - name: Upgrade the Deployment
        run: astro deployment airflow upgrade --deployment-id "$DEPLOYMENT_ID" --desired-airflow-version "${{ steps.ac.outputs.version }}"
"""


def test_f10_a_ci_step_reading_the_dockerfile_tag_with_sed_holds_the_dockerfile(tmp_path):
    (tmp_path / "read" / ".git").mkdir(parents=True)
    (tmp_path / "plain" / ".git").mkdir(parents=True)
    root = _tree(tmp_path, {
        "read/Dockerfile": DOCKERFILE,
        "read/.github/workflows/deploy.yml": WORKFLOW,
        # the same workflow without the sed step: nothing reads the Dockerfile's text, it is migrated
        "plain/Dockerfile": DOCKERFILE,
        "plain/.github/workflows/deploy.yml": WORKFLOW.replace("sed -n", "echo").replace(" Dockerfile)", ")"),
    })
    run = _run(root, "rewrite", "--no-cache", ".")
    assert run.returncode in (0, 1), run.stderr
    after = _snapshot(root)
    assert after["read/Dockerfile"] == DOCKERFILE.encode(), run.stderr
    held = [line for line in run.stderr.splitlines() if line.startswith("read/Dockerfile:1:")]
    assert held and "review-ac-image" in held[0] and "read/.github/workflows/deploy.yml names this file on line 10" in held[0], run.stderr
    assert b"astro-runtime" in after["plain/Dockerfile"], run.stderr
