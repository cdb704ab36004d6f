"""Red team pass 14, report 13 (issue 13): F7, F14, F15, F16, through the installed CLI.

F7: ``updateDeploymentImage`` / ``upsertDeployment`` whose ``image`` is not one plain literal but is
built from pieces naming ``ap-airflow`` (f-string, ``%``, ``+``, ``"/".join``, a parameter default,
an ``os.environ.get`` default, a ``$image`` default in the document, a template image in the
document): the version beside it is held and reviewed, never migrated alone.
F14: a ``.graphql`` operation spreading a fragment a notebook defines: the fragment is shared
(reviewed, not renamed alone), and ``check`` does not call it unknown.
F15: a notebook that opens the Dockerfile / compose file and handles its AC image text is a reader.
F16: a notebook running a document in process (``schema.execute_sync``) is evidence against Houston.
"""

import json

from trust_cli import run_cli

UPDATE = (
    'UPDATE = """\n'
    "mutation Img($releaseName: String!, $image: String!, $airflowVersion: String) {\n"
    "  updateDeploymentImage(releaseName: $releaseName, image: $image, airflowVersion: $airflowVersion) { id }\n"
    '}\n"""\n'
)
SEND = (
    '    return requests.post(URL, json={"query": UPDATE, "variables": '
    '{"releaseName": release, "image": image, "airflowVersion": "2.3.4"}})\n'
)
HEAD = 'import os\nimport requests\nURL = "https://houston.example.com/v1"\nREGISTRY = "quay.io/astronomer"\n'

# One module per way of building the image; each must keep its version and be reviewed.
F7_FORMS = {
    "fstring.py": 'def deploy(release, ver):\n    image = f"{REGISTRY}/ap-airflow:{ver}-onbuild"\n' + SEND,
    "percent.py": 'def deploy(release):\n    image = "quay.io/astronomer/ap-airflow:%s-onbuild" % "2.3.4"\n' + SEND,
    "join.py": 'def deploy(release):\n    image = "/".join([REGISTRY, "ap-airflow:2.3.4-onbuild"])\n' + SEND,
    "plus.py": 'def deploy(release, tag):\n    image = REGISTRY + "/ap-airflow:" + tag\n' + SEND,
    "param.py": 'def deploy(release, image="quay.io/astronomer/ap-airflow:2.3.4-onbuild"):\n' + SEND,
    "subscript.py": (
        'IMAGES = {"prod": "quay.io/astronomer/ap-airflow:2.3.4-onbuild", "dev": "registry.example.com/x:1"}\n'
        "def deploy(release, env):\n    image = IMAGES[env]\n" + SEND
    ),
    "environ.py": (
        'IMG = os.environ.get("AIRFLOW_IMAGE", "quay.io/astronomer/ap-airflow:2.3.4-onbuild")\n'
        "def deploy(release):\n    image = IMG\n" + SEND
    ),
}


def test_f7_image_built_from_ac_pieces_holds_the_version(tmp_path):
    for name, body in F7_FORMS.items():
        (tmp_path / name).write_text(HEAD + UPDATE + body)
    # the control: a project image (not AC) beside the version still migrates it
    (tmp_path / "own.py").write_text(
        HEAD + UPDATE + 'def deploy(release, tag):\n    image = f"registry.example.com/data/etl:{tag}"\n' + SEND
    )
    result = run_cli("rewrite", "--no-cache", ".", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    for name in F7_FORMS:
        text = (tmp_path / name).read_text()
        assert "runtimeVersion" not in text, (name, text)
    assert "review-ac-image-with-version" not in "\n".join(
        line for line in result.stderr.splitlines() if line.startswith("own.py")
    )
    assert '"runtimeVersion": "5.5.0"' in (tmp_path / "own.py").read_text()
    for name in F7_FORMS:
        lines = [l for l in result.stderr.splitlines() if l.startswith(name + ":")]
        assert any("review-ac-image-with-version" in l for l in lines), (name, result.stderr)


def test_f7_image_in_the_document_template_or_variable_default(tmp_path):
    (tmp_path / "doc.py").write_text(
        HEAD
        + "def houston(query, **variables):\n"
        '    return requests.post(URL, json={"query": query, "variables": variables}).json()\n'
        "def deploy(release, tag):\n"
        '    q = f"""mutation {{\n'
        '  updateDeploymentImage(releaseName: "{release}", image: "quay.io/astronomer/ap-airflow:{tag}", '
        'airflowVersion: "2.3.4") {{ id }}\n}}"""\n'
        "    return houston(q)\n"
        'UP = """\n'
        'mutation Img($releaseName: String!, $image: String = "quay.io/astronomer/ap-airflow:2.3.4-onbuild", '
        "$airflowVersion: String) {\n"
        "  updateDeploymentImage(releaseName: $releaseName, image: $image, airflowVersion: $airflowVersion) { id }\n"
        '}\n"""\n'
        "def deploy2(release):\n"
        '    return houston(UP, releaseName=release, airflowVersion="2.3.4")\n'
    )
    before = (tmp_path / "doc.py").read_text()
    result = run_cli("rewrite", "--no-cache", ".", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "doc.py").read_text() == before
    assert result.stderr.count("review-ac-image-with-version") >= 4, result.stderr


def _notebook(path, source):
    """A one-cell Python notebook, one source line per JSON line (nbformat's way)."""
    lines = source.splitlines(keepends=True)
    path.write_text(json.dumps({
        "cells": [{"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [], "source": lines}],
        "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
                     "language_info": {"name": "python"}},
        "nbformat": 4, "nbformat_minor": 5,
    }, indent=1) + "\n")


def test_f14_graphql_operation_spreading_a_notebook_fragment(tmp_path):
    (tmp_path / "list.graphql").write_text('query L { workspaceDeployments(workspaceUuid: "w") { ...DepF airflowVersion } }\n')
    _notebook(tmp_path / "nb.ipynb", (
        "import requests\n"
        'HOUSTON_URL = "https://houston.example.com/v1"\n'
        'FRAG = """fragment DepF on Deployment { id airflowVersion }"""\n'
        'Q = open("list.graphql").read() + FRAG\n'
        'deps = requests.post(HOUSTON_URL, json={"query": Q}).json()\n'
    ))
    before = {p.name: p.read_text() for p in tmp_path.iterdir()}
    result = run_cli("rewrite", "--no-cache", ".", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert {p.name: p.read_text() for p in tmp_path.iterdir()} == before  # neither half renamed alone
    notebook_lines = [l for l in result.stderr.splitlines() if l.startswith("nb.ipynb:")]
    assert any("review-shared-fragment" in l and "list.graphql" in l for l in notebook_lines), result.stderr
    assert "defined in nb.ipynb" in result.stderr, result.stderr
    checked = run_cli("check", "--no-cache", ".", cwd=tmp_path)  # the .graphql operation is given the fragment
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "known-fragment-names" not in checked.stdout + checked.stderr


def test_f14_notebook_document_spreading_a_graphql_fragment(tmp_path):
    (tmp_path / "frag.graphql").write_text("fragment DepF on Deployment { id airflowVersion }\n")
    _notebook(tmp_path / "nb.ipynb", (
        "import requests\n"
        'HOUSTON_URL = "https://houston.example.com/v1"\n'
        'Q = """query L { workspaceDeployments(workspaceUuid: "w") { ...DepF airflowVersion } }"""\n'
        'FR = open("frag.graphql").read()\n'
        'deps = requests.post(HOUSTON_URL, json={"query": Q + FR}).json()\n'
    ))
    result = run_cli("check", "--no-cache", ".", cwd=tmp_path)
    out = result.stdout + result.stderr
    notebook_lines = [l for l in out.splitlines() if l.startswith("nb.ipynb:")]
    assert any("review-shared-fragment" in l and "frag.graphql" in l for l in notebook_lines), out
    assert "review-read-field-fragment-unseen" not in out, out


def test_f15_notebook_reading_the_dockerfile_and_compose_image(tmp_path):
    (tmp_path / "Dockerfile").write_text("FROM quay.io/astronomer/ap-airflow:2.3.4-onbuild\n")
    (tmp_path / "docker-compose.yml").write_text("services:\n  web:\n    image: quay.io/astronomer/ap-airflow:2.3.4\n")
    _notebook(tmp_path / "nb.ipynb", (
        "import re\nimport yaml\nfrom pathlib import Path\n"
        'text = Path("Dockerfile").read_text()\n'
        'tag = re.search(r"ap-airflow:(\\S+)", text).group(1)\n'
        'cfg = yaml.safe_load(open("docker-compose.yml"))\n'
        'assert cfg["services"]["web"]["image"].startswith("quay.io/astronomer/ap-airflow:")\n'
    ))
    before = {p.name: p.read_text() for p in tmp_path.iterdir()}
    result = run_cli("rewrite", "--no-cache", ".", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert {p.name: p.read_text() for p in tmp_path.iterdir()} == before, result.stderr
    for name in ("Dockerfile:", "docker-compose.yml:"):
        lines = [l for l in result.stderr.splitlines() if l.startswith(name)]
        assert any("review-ac-image" in l and "nb.ipynb names this file on line" in l for l in lines), result.stderr


def test_f16_notebook_executing_a_document_in_process(tmp_path):
    (tmp_path / "queries.py").write_text('DEPLOYMENTS = """query Deps { deployments { id releaseName airflowVersion } }"""\n')
    _notebook(tmp_path / "explore.ipynb", (
        "from queries import DEPLOYMENTS\nfrom myapp.schema import schema\nres = schema.execute_sync(DEPLOYMENTS)\n"
    ))
    result = run_cli("check", "--no-cache", "--houston-version", "1.0.1", "--explain", "queries.py", ".", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "executed in process by explore.ipynb" in result.stdout + result.stderr
    assert "fields-on-correct-type" not in result.stderr, result.stderr


def test_f7_check_names_a_built_ac_image_beside_runtime_version(tmp_path):
    # what rewrite made of such a file before the fix: check must keep saying it (README: check after rewrite)
    (tmp_path / "done.py").write_text(
        HEAD
        + UPDATE.replace("$airflowVersion", "$runtimeVersion").replace("airflowVersion:", "runtimeVersion:")
        + 'def deploy(release, ver):\n    image = f"{REGISTRY}/ap-airflow:{ver}-onbuild"\n'
        + SEND.replace('"airflowVersion": "2.3.4"', '"runtimeVersion": "5.5.0"')
    )
    result = run_cli("check", "--no-cache", "--houston-version", "1.0.1", ".", cwd=tmp_path)
    out = result.stdout + result.stderr
    assert "runtimeVersion: $runtimeVersion" in (tmp_path / "done.py").read_text()
    assert "review-ac-image-with-version" in out and "updateDeploymentImage(runtimeVersion:)" in out, out


def test_f16_class_notebook_sending_an_imported_document_to_houston(tmp_path):
    (tmp_path / "queries.py").write_text('LIST = """query L { deployments { id label } }"""\n')
    _notebook(tmp_path / "nb.ipynb", (
        "import requests\nfrom queries import LIST\n"
        'HOUSTON_URL = "https://houston.example.com/v1"\n'
        'r = requests.post(HOUSTON_URL, json={"query": LIST})\n'
    ))
    result = run_cli("check", "--no-cache", "--explain", "queries.py", ".", cwd=tmp_path)
    out = result.stdout + result.stderr
    assert "Houston (L)" in out and "not Houston" not in out, out
    assert "imported by nb.ipynb, where it is sent to HOUSTON_URL" in out, out
