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
