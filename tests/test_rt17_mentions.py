"""Red team 16 (report 11b: F3, F4, F11, F17): documents reached by names the code does not import.

A framework loads a settings module by the dotted name a string holds (``DJANGO_SETTINGS_MODULE``,
Flask's ``app.config.from_object("config")``) and hands its names out by attribute or key; pytest hands
a ``conftest.py`` fixture's return value to every test below it that names the fixture as a parameter.
No import statement links the two sides, yet the consumer fills or re-sends the document: its AC text
must be kept (reviewed), or the consumer's ``.replace("2.3.4-11", v)`` finds nothing after the edit.
Each scenario: one run of the installed ``houston-codemod rewrite`` over a small git-less tree; the
file on disk and the output are read back.  Controls (nothing reaching the document) still migrate.
"""

from trust_cli import run_cli

CREATE = (
    'mutation { createDeployment(workspaceUuid: "w", label: "etl", type: "airflow", '
    'airflowVersion: "2.3.4-11") { id } }'
)
POST = (
    "import os\n\nimport requests\n\n\n"
    "def houston(query, variables=None):\n"
    "    return requests.post(\"https://houston.example.com/v1\", json={\"query\": query, \"variables\": variables or {}},\n"
    "                         headers={\"authorization\": os.environ[\"HOUSTON_API_TOKEN\"]}).json()\n"
)


def _tree(root, files):
    for path, text in files.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)


def _rewrite(root, *paths):
    result = run_cli("rewrite", "--no-cache", *(paths or (".",)), cwd=root)
    assert "Traceback" not in result.stderr
    return result


def _kept(root, path, result, code):
    """The AC version text is still in ``path`` and ``code`` names it on the output."""
    text = (root / path).read_text()
    assert "2.3.4-11" in text, text
    out = result.stdout + result.stderr
    assert f"{path}:" in out and code in out, out


def _migrated(root, path):
    text = (root / path).read_text()
    assert "2.3.4-11" not in text and "runtimeVersion" in text, text


# F17: a settings module named by a string for a framework to import


DJANGO_CONSUMER = (
    "import os\n\nimport requests\nfrom django.conf import settings\n\n\n"
    "def create(version):\n"
    "    q = settings.HOUSTON_CREATE.replace(\"2.3.4-11\", version)\n"
    "    return requests.post(\"https://houston.example.com/v1\", json={\"query\": q},\n"
    "                         headers={\"authorization\": os.environ[\"HOUSTON_API_TOKEN\"]}).json()\n"
)


def test_a_django_settings_module_named_by_the_environment_keeps_its_document(tmp_path):
    _tree(tmp_path, {
        "proj/__init__.py": "",
        "proj/settings.py": f"DEBUG = False\nHOUSTON_CREATE = '{CREATE}'\n",
        "manage.py": "import os\n\nos.environ.setdefault(\"DJANGO_SETTINGS_MODULE\", \"proj.settings\")\n",
        "ops/__init__.py": "",
        "ops/houston.py": DJANGO_CONSUMER,
    })
    _kept(tmp_path, "proj/settings.py", _rewrite(tmp_path), "review-imported-constant")


def test_a_settings_module_set_by_environ_item_or_env_dict_keeps_its_document(tmp_path):
    _tree(tmp_path, {
        "proj/__init__.py": "",
        "proj/settings.py": f"HOUSTON_CREATE = '{CREATE}'\n",
        "wsgi.py": "import os\n\nos.environ[\"DJANGO_SETTINGS_MODULE\"] = \"proj.settings\"\n",
        "ops.py": DJANGO_CONSUMER,
    })
    _kept(tmp_path, "proj/settings.py", _rewrite(tmp_path), "review-imported-constant")


def test_a_flask_config_object_named_by_string_keeps_its_document(tmp_path):
    _tree(tmp_path, {
        "config.py": f"HOUSTON_CREATE = '{CREATE}'\n",
        "web.py": (
            "import os\n\nimport requests\nfrom flask import Flask, current_app, request\n\n"
            "app = Flask(__name__)\napp.config.from_object(\"config\")\n\n\n"
            "@app.post(\"/deployments\")\ndef create():\n"
            "    q = current_app.config[\"HOUSTON_CREATE\"].replace(\"2.3.4-11\", request.json[\"version\"])\n"
            "    return requests.post(\"https://houston.example.com/v1\", json={\"query\": q},\n"
            "                         headers={\"authorization\": os.environ[\"HOUSTON_API_TOKEN\"]}).json()\n"
        ),
    })
    _kept(tmp_path, "config.py", _rewrite(tmp_path), "review-imported-constant")


def test_a_settings_module_nobody_names_still_migrates(tmp_path):
    _tree(tmp_path, {
        "proj/__init__.py": "",
        "proj/settings.py": f"DEBUG = False\n\n\ndef create():\n    from send import houston\n    return houston('{CREATE}')\n",
        "send.py": POST,
        "manage.py": "import os\n\nos.environ.setdefault(\"LOG_LEVEL\", \"proj.settings\")\n",
    })
    _rewrite(tmp_path)
    _migrated(tmp_path, "proj/settings.py")


# F4: a conftest.py fixture hands its document to tests by parameter name


def _fixture(name, body, decorator="@pytest.fixture"):
    return f"import pytest\n\n\n{decorator}\ndef {name}():\n{body}"


TEST_FILLS = (
    "from deploy import houston\n\n\n"
    "def test_create({param}):\n"
    "    q = {param}.replace(\"2.3.4-11\", \"2.4.3-6\")\n"
    "    assert houston(q, {{\"ws\": \"w\"}})\n"
)


def test_a_conftest_fixture_requested_by_a_test_keeps_its_document(tmp_path):
    _tree(tmp_path, {
        "deploy.py": POST,
        "tests/conftest.py": _fixture("create_query", f"    return '{CREATE}'\n"),
        "tests/test_smoke.py": TEST_FILLS.format(param="create_query"),
    })
    _kept(tmp_path, "tests/conftest.py", _rewrite(tmp_path), "review-imported-constant")


def test_a_renamed_fixture_constant_in_a_parent_conftest_keeps_its_document(tmp_path):
    _tree(tmp_path, {
        "deploy.py": POST,
        "conftest.py": f"import pytest\n\nCREATE = '{CREATE}'\n\n\n@pytest.fixture(name=\"doc\")\ndef _doc():\n    return CREATE\n",
        "tests/unit/test_smoke.py": TEST_FILLS.format(param="doc"),
    })
    _kept(tmp_path, "conftest.py", _rewrite(tmp_path), "review-imported-constant")


def test_a_fixture_no_test_requests_still_migrates(tmp_path):
    _tree(tmp_path, {
        "deploy.py": POST,
        "tests/conftest.py": _fixture("create_query", f"    from deploy import houston\n    return houston('{CREATE}')\n"),
        "tests/test_smoke.py": TEST_FILLS.format(param="other_query"),
    })
    _rewrite(tmp_path)
    _migrated(tmp_path, "tests/conftest.py")


# F3: a .graphql file read by a path the script does not write (it comes from a config file), then filled

GRAPHQL = (
    'mutation Create($ws: Uuid!) {\n  createDeployment(workspaceUuid: $ws, label: "etl", type: "airflow", '
    'airflowVersion: "2.3.4-11") { id }\n}\n'
)
CONFIG_READ = (
    "\n\nimport yaml\n\n\ndef create(ws, version):\n"
    "    cfg = yaml.safe_load(open(\"config.yaml\"))\n"
    "    doc = open(cfg[\"create_query\"]).read().replace({old!r}, {new})\n"
    "    return houston(doc, {{\"ws\": ws}})\n"
)


def test_a_graphql_file_read_by_a_configured_path_and_filled_is_held(tmp_path):
    _tree(tmp_path, {
        "config.yaml": "create_query: queries/create.graphql\n",
        "queries/create.graphql": GRAPHQL,
        "deploy.py": POST + CONFIG_READ.format(old="2.3.4-11", new="version"),
    })
    _kept(tmp_path, "queries/create.graphql", _rewrite(tmp_path), "review-template-fill")


def test_a_graphql_file_read_by_a_parameter_with_a_split_fill_is_held(tmp_path):
    _tree(tmp_path, {
        "queries/create.graphql": GRAPHQL,
        "deploy.py": POST + (
            "\n\ndef create(path, ws, version):\n    with open(path) as fh:\n        doc = fh.read()\n"
            "    head, tail = doc.split(\"2.3.4-11\")\n    return houston(head + version + tail, {\"ws\": ws})\n"
        ),
    })
    _kept(tmp_path, "queries/create.graphql", _rewrite(tmp_path), "review-template-fill")


def test_a_configured_read_whose_fill_no_edit_touches_still_migrates(tmp_path):
    _tree(tmp_path, {
        "config.yaml": "create_query: queries/create.graphql\n",
        "queries/create.graphql": GRAPHQL.replace('label: "etl"', 'label: "LABEL"'),
        "deploy.py": POST + CONFIG_READ.format(old="LABEL", new="ws"),
    })
    _rewrite(tmp_path)
    _migrated(tmp_path, "queries/create.graphql")


# F11: a TypedDict typing the variables dict declares the key the rename would change

TYPED = (
    "import os\nfrom typing import TypedDict\n\nimport requests\n\n"
    "UPGRADE = '''mutation Up($deploymentUuid: Uuid!, $desiredAirflowVersion: String!) {\n"
    "  updateDeploymentAirflow(deploymentUuid: $deploymentUuid, desiredAirflowVersion: $desiredAirflowVersion) { id }\n}'''\n\n\n"
    "class UpgradeVars(TypedDict):\n    deploymentUuid: str\n    FIELD: str\n\n\n"
    "def upgrade(dep: str, version: str):\n"
    "    variables: UpgradeVars = {\"deploymentUuid\": dep, \"desiredAirflowVersion\": version}\n"
    "    return requests.post(\"https://houston.example.com/v1\", json={\"query\": UPGRADE, \"variables\": variables},\n"
    "                         headers={\"authorization\": os.environ[\"HOUSTON_API_TOKEN\"]}).json()\n"
)


def test_a_typed_dict_declaring_the_key_holds_the_variable_rename(tmp_path):
    _tree(tmp_path, {"deploy.py": TYPED.replace("FIELD", "desiredAirflowVersion")})
    result = _rewrite(tmp_path)
    text = (tmp_path / "deploy.py").read_text()
    assert '"desiredAirflowVersion": version' in text and "$desiredAirflowVersion: String!" in text, text
    assert "desiredRuntimeVersion" not in text.split("class UpgradeVars")[1], text
    out = result.stdout + result.stderr
    assert "review-version-variable" in out and "TypedDict UpgradeVars" in out, out


def test_a_typed_dict_without_the_key_leaves_the_rename(tmp_path):
    _tree(tmp_path, {"deploy.py": TYPED.replace("FIELD", "label")})
    _rewrite(tmp_path)
    text = (tmp_path / "deploy.py").read_text()
    assert '"desiredRuntimeVersion": version' in text and "$desiredRuntimeVersion: String!" in text, text
