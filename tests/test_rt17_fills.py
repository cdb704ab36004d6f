"""Fills and templates (issue 11, red team 16: report 11b F1, F5, F6, F9, F12, F13, F15; report 12 F4, F17).

Through the installed CLI, one run per scenario.  Each test fails on the code before its fix.
"""

import os

from trust_cli import run_cli

CREATE_FILE = (
    "mutation Create($ws: Uuid!, $label: String!) {\n"
    '  createDeployment(workspaceUuid: $ws, label: $label, type: "airflow", airflowVersion: "2.3.4-11") {\n'
    "    id\n  }\n}\n"
)
SEND = (
    "    r = requests.post(HOUSTON_URL, json={\"query\": doc, \"variables\": {\"ws\": ws, \"label\": label}},\n"
    "                      headers={\"authorization\": os.environ[\"HOUSTON_API_TOKEN\"]})\n"
    "    return r.json()\n"
)
HEAD = "import os\n\nimport requests\n\nHOUSTON_URL = \"https://houston.example.com/v1\"\n\n\n"


def _write(root, files):
    for name, text in files.items():
        path = os.path.join(root, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(text)


def _read(root, name):
    with open(os.path.join(root, name), encoding="utf-8") as fh:
        return fh.read()


def _run(cwd, *args):
    proc = run_cli(*args, "--no-cache", "-j1", ".", cwd=cwd)
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc


# -- 11b F1: a file edited line by line (fileinput inplace, a for loop over the read) ------------------


def test_f1_fileinput_inplace_fill_holds_the_graphql_file(tmp_path):
    script = HEAD.replace("import os\n", "import fileinput\nimport os\n") + (
        "def create(ws, label, version):\n"
        "    for line in fileinput.input(\"queries/create.graphql\", inplace=True):\n"
        "        print(line.replace(\"2.3.4-11\", version), end=\"\")\n"
        "    with open(\"queries/create.graphql\") as fh:\n"
        "        doc = fh.read()\n" + SEND
    )
    _write(tmp_path, {"queries/create.graphql": CREATE_FILE, "deploy.py": script})
    proc = _run(tmp_path, "rewrite")
    assert _read(tmp_path, "queries/create.graphql") == CREATE_FILE  # the fill still finds "2.3.4-11"
    assert "review-template-fill" in proc.stderr and "line.replace" in proc.stderr, proc.stderr


def test_f1_loop_over_an_open_file_holds_the_graphql_file(tmp_path):
    script = HEAD + (
        "def create(ws, label, version):\n"
        "    out = []\n"
        "    with open(\"queries/create.graphql\") as fh:\n"
        "        for line in fh:\n"
        "            out.append(line.replace(\"2.3.4-11\", version))\n"
        "    doc = \"\".join(out)\n" + SEND
    )
    _write(tmp_path, {"queries/create.graphql": CREATE_FILE, "deploy.py": script})
    proc = _run(tmp_path, "rewrite")
    assert _read(tmp_path, "queries/create.graphql") == CREATE_FILE
    assert "review-template-fill" in proc.stderr, proc.stderr


# -- 11b F5: a .graphql file string.Template fills: $name is a hole, not an undefined variable ----------

TEMPLATE_FILE = (
    "mutation {\n"
    '  createDeployment(workspaceUuid: "w", label: "etl", type: "airflow", airflowVersion: $version) { id }\n'
    "}\n"
)
TEMPLATE_SCRIPT = HEAD.replace("import requests\n", "import requests\nfrom string import Template\n") + (
    "def create(ws, label, version):\n"
    "    with open(\"queries/create.graphql\") as fh:\n"
    "        doc = Template(fh.read()).substitute(version='\"%s\"' % version)\n" + SEND
)


def test_f5_string_template_hole_in_a_graphql_file_is_no_undefined_variable(tmp_path):
    _write(tmp_path, {"queries/create.graphql": TEMPLATE_FILE, "deploy.py": TEMPLATE_SCRIPT})
    proc = _run(tmp_path, "check")
    assert "no-undefined-variables" not in proc.stdout + proc.stderr, proc.stdout + proc.stderr
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_f5_string_template_version_hole_is_reviewed_when_renamed(tmp_path):
    _write(tmp_path, {"queries/create.graphql": TEMPLATE_FILE, "deploy.py": TEMPLATE_SCRIPT})
    proc = _run(tmp_path, "rewrite")
    out = proc.stdout + proc.stderr
    assert "review-template-version" in out and "$version" in out, out
    assert "runtimeVersion: $version" in _read(tmp_path, "queries/create.graphql")  # the hole itself untouched


# -- 11b F6/F9: Jinja markers ({% if %}) are a template, not a GraphQL syntax error --------------------


def test_f6_jinja_rendered_graphql_file_with_blocks_is_template_not_parsed(tmp_path):
    query = (
        "mutation Create($ws: Uuid!) {\n"
        '  createDeployment(workspaceUuid: $ws, label: "{{ label }}", type: "airflow", airflowVersion: "{{ version }}"'
        "{% if executor %}, executor: {{ executor }}{% endif %}) { id }\n}\n"
    )
    script = HEAD.replace("import requests\n", "import jinja2\nimport requests\n") + (
        "def create(ws, label, version, executor=None):\n"
        "    with open(\"queries/create.graphql\") as fh:\n"
        "        doc = jinja2.Environment().from_string(fh.read()).render(label=label, version=version, executor=executor)\n"
        + SEND
    )
    _write(tmp_path, {"queries/create.graphql": query, "deploy.py": script})
    proc = _run(tmp_path, "check")
    out = proc.stdout + proc.stderr
    assert "graphql-syntax" not in out and "template-not-parsed" in out, out
    assert proc.returncode == 0, out


def test_f9_airflow_templated_data_document_is_template_not_parsed(tmp_path):
    dag = (
        "import json\nfrom datetime import datetime\n\nfrom airflow import DAG\n"
        "from airflow.providers.http.operators.http import SimpleHttpOperator\n\n"
        'CREATE = """\nmutation {\n  createDeployment(workspaceUuid: "{{ var.value.workspace }}", label: "{{ ds_nodash }}", '
        'type: "airflow", airflowVersion: "2.3.4-11"{% if params.executor %}, executor: {{ params.executor }}{% endif %}) { id }\n}\n"""\n\n'
        'with DAG("create_deployment", start_date=datetime(2022, 1, 1), schedule_interval=None) as dag:\n'
        '    SimpleHttpOperator(task_id="create", http_conn_id="houston", endpoint="v1", method="POST",\n'
        '                       data=json.dumps({"query": CREATE}), headers={"Content-Type": "application/json"})\n'
    )
    _write(tmp_path, {"dags/create_dag.py": dag})
    proc = _run(tmp_path, "check")
    out = proc.stdout + proc.stderr
    assert "graphql-syntax" not in out and "template-not-parsed" in out, out
    assert proc.returncode == 0, out
    proc = _run(tmp_path, "rewrite")
    assert proc.returncode == 0, proc.stdout + proc.stderr


# -- 11b F13: a hole bound only to an AC literal in runtimeVersion: is reviewed again by check ---------


def test_f13_check_after_rewrite_reviews_a_hole_bound_to_an_ac_literal(tmp_path):
    script = HEAD + (
        "def create(ws, label):\n"
        "    version = \"2.3.4-11\"\n"
        "    doc = f'mutation {{ createDeployment(workspaceUuid: \"{ws}\", label: \"{label}\", type: \"airflow\", "
        "airflowVersion: \"{version}\") {{ id }} }}'\n"
        "    image = f\"quay.io/astronomer/ap-airflow:{version}-onbuild\"\n"
        "    print(image)\n"
        "    r = requests.post(HOUSTON_URL, json={\"query\": doc}, headers={\"authorization\": os.environ[\"HOUSTON_API_TOKEN\"]})\n"
        "    return r.json()\n"
    )
    _write(tmp_path, {"deploy.py": script})
    rewritten = _run(tmp_path, "rewrite")
    # Red team 20 (11b, F7): ``version`` is also read by the image line, so the argument is no longer
    # renamed around it (that sent an AC version as a Runtime version): held, naming the binding.
    assert "review-shared-constant" in rewritten.stdout + rewritten.stderr
    assert 'airflowVersion: "{version}"' in _read(tmp_path, "deploy.py")
    proc = _run(tmp_path, "check")
    out = proc.stdout + proc.stderr
    assert "review-shared-constant" in out and "'2.3.4-11'" in out and "deploy.py:10:" in out, out


# -- 11b F15: a fill helper imported as functools.partial(re.sub, P) ----------------------------------


def test_f15_imported_partial_re_sub_holds_the_importers_document(tmp_path):
    app = (
        "import os\n\nimport requests\n\nfrom gqlutil import with_version\n\n"
        "URL = \"https://houston.example.com/v1\"\n"
        "DOC = \"\"\"mutation { createDeployment(workspaceUuid: \"w\", label: \"etl\", type: \"airflow\", "
        "airflowVersion: \"2.3.4-11\") { id } }\"\"\"\n\n\n"
        "def send(q):\n"
        "    return requests.post(URL, json={\"query\": q}, headers={\"authorization\": os.environ[\"HOUSTON_API_TOKEN\"]}).json()\n\n\n"
        "def run(v):\n    return send(with_version(v, DOC))\n"
    )
    util = "import re\nfrom functools import partial\n\nwith_version = partial(re.sub, r\"2\\.3\\.4-11\")\n"
    _write(tmp_path, {"app.py": app, "gqlutil.py": util})
    proc = _run(tmp_path, "rewrite")
    assert _read(tmp_path, "app.py") == app  # with_version still finds 2.3.4-11
    out = proc.stdout + proc.stderr
    assert "review-template-fill" in out and "with_version()" in out and "re.sub" in out, out


# -- report 12 F4: a template held in a module constant, filled with a field list at the send -----------

FIELDS_SCRIPT = (
    "import os\n\nimport requests\n\nHOUSTON = \"https://houston.acme.io/v1\"\n"
    "FIELDS = \"id releaseName airflowVersionn\"\n"
    "LIST = \"query { deployments { %s } }\"\n"
    "LIST_F = \"query {{ deployments {{ {} }} }}\"\n\n\n"
    "def houston(q):\n"
    "    return requests.post(HOUSTON, json={\"query\": q}, headers={\"authorization\": os.environ[\"HOUSTON_API_TOKEN\"]}).json()\n\n\n"
    "def a():\n    return houston(LIST % FIELDS)\n\n\n"
    "def b():\n    return houston(LIST_F.format(FIELDS))\n"
)


def test_r12_f4_constant_template_filled_at_the_send_is_checked(tmp_path):
    _write(tmp_path, {"fields.py": FIELDS_SCRIPT})
    proc = _run(tmp_path, "check")
    out = proc.stdout + proc.stderr
    assert "fields.py:6:" in out and "airflowVersionn" in out and "fields-on-correct-type" in out, out
    assert proc.returncode == 1, out


def test_r12_f4_constant_format_template_alone_is_checked(tmp_path):
    _write(tmp_path, {"fields.py": FIELDS_SCRIPT.replace("def a():\n    return houston(LIST % FIELDS)\n\n\n", "")})
    proc = _run(tmp_path, "check")
    out = proc.stdout + proc.stderr
    assert "fields.py:6:" in out and "airflowVersionn" in out, out


def test_r12_f4_ac_field_in_the_list_is_reviewed_by_rewrite(tmp_path):
    _write(tmp_path, {"fields.py": FIELDS_SCRIPT.replace("airflowVersionn", "airflowVersion")})
    proc = _run(tmp_path, "rewrite")
    out = proc.stdout + proc.stderr
    assert "review-read-field-template" in out and "fields.py:6:" in out, out


# -- 11b F12: a document edited through its graphql-core syntax tree (parse, set by name, print_ast) ---

AST_EDIT = (
    "def create(ws, label, version):\n"
    "    doc = parse(SOURCE)\n"
    "    for arg in doc.definitions[0].selection_set.selections[0].arguments:\n"
    "        if arg.name.value == \"airflowVersion\":\n"
    "            arg.value = StringValueNode(value=version)\n"
    "    r = requests.post(HOUSTON_URL, json={\"query\": print_ast(doc), \"variables\": {\"ws\": ws, \"label\": label}},\n"
    "                      headers={\"authorization\": os.environ[\"HOUSTON_API_TOKEN\"]})\n"
    "    return r.json()\n"
)


def test_f12_document_edited_through_its_syntax_tree_is_held(tmp_path):
    script = HEAD.replace("import requests\n", "import requests\nfrom graphql import StringValueNode, parse, print_ast\n") + (
        "CREATE = \"\"\"mutation Create($ws: Uuid!, $label: String!) { createDeployment(workspaceUuid: $ws, label: $label, "
        "type: \"airflow\", airflowVersion: \"2.3.4-11\") { id } }\"\"\"\n\n\n" + AST_EDIT.replace("SOURCE", "CREATE")
    )
    _write(tmp_path, {"deploy.py": script})
    proc = _run(tmp_path, "rewrite")
    assert _read(tmp_path, "deploy.py") == script  # the lookup by name still finds airflowVersion
    out = proc.stdout + proc.stderr
    assert "review-template-fill" in out and "print_ast" in out, out


def test_f12_graphql_file_edited_through_its_syntax_tree_is_held(tmp_path):
    script = HEAD.replace("import requests\n", "import requests\nfrom pathlib import Path\nfrom graphql import StringValueNode, parse, print_ast\n") + (
        AST_EDIT.replace("SOURCE", "Path(\"queries/create.graphql\").read_text()")
    )
    _write(tmp_path, {"queries/create.graphql": CREATE_FILE, "deploy.py": script})
    proc = _run(tmp_path, "rewrite")
    assert _read(tmp_path, "queries/create.graphql") == CREATE_FILE
    assert "review-template-fill" in proc.stdout + proc.stderr, proc.stdout + proc.stderr


# -- report 12 F17: a typo in an imported fragment is shown once, where it is written -----------------

RUN_FRAGMENT = (
    "import requests\n\nfrom frags import DEP_FIELDS\n\nHOUSTON_URL = \"https://houston.acme.io/v1\"\n"
    "LIST = \"\"\"\nquery List { deployments { ...DepFields } }\n\"\"\"\n\n\n"
    "def houston(q):\n    return requests.post(HOUSTON_URL, json={\"query\": q}).json()\n\n\n"
    "houston(LIST + DEP_FIELDS)\n"
)


def test_r12_f17_typo_in_an_imported_fragment_is_reported_once(tmp_path):
    frags = "DEP_FIELDS = \"\"\"\nfragment DepFields on Deployment { id releaseName releaseNme }\n\"\"\"\n"
    _write(tmp_path, {"run.py": RUN_FRAGMENT, "frags.py": frags})
    proc = _run(tmp_path, "check")
    out = proc.stdout + proc.stderr
    assert out.count("'releaseNme'") == 1 and "frags.py:2:" in out, out
    assert proc.returncode == 1, out


def test_r12_f17_typo_in_an_imported_field_list_is_still_reported_at_the_send(tmp_path):
    run = RUN_FRAGMENT.replace("...DepFields", "%s").replace("houston(LIST + DEP_FIELDS)", "houston(LIST % DEP_FIELDS)")
    _write(tmp_path, {"run.py": run, "frags.py": "DEP_FIELDS = \"id releaseName releaseNme\"\n"})
    proc = _run(tmp_path, "check")
    out = proc.stdout + proc.stderr
    assert "'releaseNme'" in out, out
