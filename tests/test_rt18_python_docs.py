"""Python documents the finder missed or misread (red team 17, report 13), through the installed CLI.

* F11: a shorthand ``{ ... }`` document is a document when it reaches a send, also when the send names
  it only through a loop variable (``for q in (A, B)``, a module list, ``.items()``/``.values()``, a
  comprehension), ``map(helper, QUERIES.values())``, ``QUERIES[name]`` with a run-time key, or
  ``client.execute(gql(q))`` in a loop.  Before, none was found and ``check --houston-version 1.0.1``
  exited 0.  Precision: plain words a loop hands to ``query=`` are no document.
* F14: a ``%``/``.format`` template joined by ``+`` (Python's ``(A % x) + B``) is read as Python
  evaluates it: the template filled, then joined; before, the whole operand was one hole and the
  document "did not parse", so its AC argument was neither migrated nor checked.

One ``check --format json`` and one ``rewrite --diff`` over one tree of small cases.
"""

import json

import pytest

from verdicts_cli import run, write

HEAD = 'import os\nimport requests\n\nURL = os.environ["HOUSTON_URL"]\n'
DEPS = '"{ workspaceDeployments(workspaceUuid: \\"w\\") { id airflowVersion } }"'
CATALOGUE = '"{ deploymentConfig { defaultAirflowImageTag } }"'
HELPER = '\n\ndef houston(q):\n    return requests.post(URL, json={"query": q}).json()\n'

CASES = {
    # module level, a tuple of names
    "f11_module_tuple.py": HEAD + f"A = {DEPS}\nB = {CATALOGUE}\n\nfor q in (A, B):\n    requests.post(URL, json={{\"query\": q}})\n",
    # a module list looped over in a function
    "f11_function_list.py": HEAD + f"QS = [\n    {DEPS},\n]\n\n\ndef main():\n    for q in QS:\n        requests.post(URL, json={{\"query\": q}})\n",
    # .items() in a for loop
    "f11_items.py": HEAD + f"QUERIES = {{\n    \"deps\": {DEPS},\n}}\n\n\ndef main():\n    for name, q in QUERIES.items():\n        print(name, requests.post(URL, json={{\"query\": q}}))\n",
    # .values() in a comprehension through a helper
    "f11_comprehension.py": HEAD + f"QUERIES = {{\n    \"deps\": {DEPS},\n}}" + HELPER + "\n\ndef main():\n    return [houston(q) for q in QUERIES.values()]\n",
    # map(helper, ...)
    "f11_map.py": HEAD + f"QUERIES = {{\n    \"deps\": {DEPS},\n}}" + HELPER + "\n\ndef main():\n    return list(map(houston, QUERIES.values()))\n",
    # a run-time key
    "f11_runtime_key.py": HEAD + f"QUERIES = {{\n    \"deps\": {DEPS},\n    \"cfg\": {CATALOGUE},\n}}\n\n\ndef run(name):\n    return requests.post(URL, json={{\"query\": QUERIES[name]}})\n",
    # gql(q) in a loop, the client's transport on Houston's URL
    "f11_gql.py": (
        "import os\n\nfrom gql import Client, gql\nfrom gql.transport.requests import RequestsHTTPTransport\n\n"
        "client = Client(transport=RequestsHTTPTransport(url=os.environ[\"HOUSTON_URL\"]))\n"
        f"QUERIES = [\n    {DEPS},\n]\n\nfor q in QUERIES:\n    print(client.execute(gql(q)))\n"
    ),
    # precision: words a loop hands to query= (a search API) and labels a loop posts are no document
    "f11_words.py": HEAD + 'TERMS = ["deployments near houston", "weekly report"]\nLABELS = {"a": "nightly etl"}\n\n\n'
    "def search(es, name):\n    for term in TERMS:\n        es.search(query=term)\n    for label in LABELS.values():\n"
    "        requests.post(URL, json={\"query\": label})\n    return es.search(query=LABELS[name])\n",
    # F14: % then +, % of a tuple then +, .format then +, + then .format
    "f14_joined.py": HEAD + (
        "\n\ndef f(ws):\n"
        "    q = ('mutation { createDeployment(workspaceUuid: \"%s\", label: \"etl\", type: \"airflow\", airflowVersion: \"2.3.4-11\") { id } }' % ws) + \"\\n\"\n"
        "    requests.post(URL, json={\"query\": q})\n"
        "\n\ndef g(ws, label):\n"
        "    q = 'mutation { createDeployment(workspaceUuid: \"%s\", label: \"%s\", ' % (ws, label) + 'type: \"airflow\", airflowVersion: \"2.3.4-11\") { id } }'\n"
        "    requests.post(URL, json={\"query\": q})\n"
        "\n\ndef h(ws):\n"
        "    q = 'mutation {{ createDeployment(workspaceUuid: \"{}\", label: \"etl\", '.format(ws) + 'type: \"airflow\", airflowVersion: \"2.3.4-11\") { id } }'\n"
        "    requests.post(URL, json={\"query\": q})\n"
        "\n\ndef k(ws):\n"
        "    q = \"\\n\" + 'mutation {{ createDeployment(workspaceUuid: \"{}\", label: \"etl\", type: \"airflow\", airflowVersion: \"2.3.4-11\") {{ id }} }}'.format(ws)\n"
        "    requests.post(URL, json={\"query\": q})\n"
    ),
}


@pytest.fixture(scope="module")
def tree(tmp_path_factory):
    root = tmp_path_factory.mktemp("rt18_docs")
    write(root, CASES)
    completed = run("check", "--no-cache", "--houston-version", "1.0.1", "--format", "json", ".", cwd=root)
    assert "Traceback" not in completed.stderr, completed.stderr
    assert completed.returncode == 1, completed.stderr
    report = json.loads(completed.stdout)
    diff = run("rewrite", "--diff", "--no-cache", ".", cwd=root)
    assert "Traceback" not in diff.stderr, diff.stderr
    return report, diff.stdout


def _documents(report, path):
    return [d for d in report["documents"] if d["path"] == path]


def _codes(report, path):
    return [(f["line"], f["code"]) for f in report["findings"] if f["path"] == path]


@pytest.mark.parametrize("path, lines", [
    ("f11_module_tuple.py", [5, 6]),
    ("f11_function_list.py", [6]),
    ("f11_items.py", [6]),
    ("f11_comprehension.py", [6]),
    ("f11_map.py", [6]),
    ("f11_runtime_key.py", [6, 7]),
    ("f11_gql.py", [8]),
])
def test_f11_shorthand_documents_sent_indirectly_are_found_and_fail_on_101(tree, path, lines):
    report, _diff = tree
    documents = _documents(report, path)
    assert sorted(d["line"] for d in documents) == lines, documents
    assert all(d["houston"] is True for d in documents), documents
    errors = {line for line, code in _codes(report, path) if code == "fields-on-correct-type"}
    assert errors == set(lines), _codes(report, path)


def test_f11_words_a_loop_sends_are_no_documents(tree):
    report, _diff = tree
    assert _documents(report, "f11_words.py") == []
    assert _codes(report, "f11_words.py") == []


def test_f11_rewrite_aliases_the_looped_documents(tree):
    _report, diff = tree
    assert '-A = "{ workspaceDeployments(workspaceUuid: \\"w\\") { id airflowVersion } }"' in diff
    assert '+A = "{ workspaceDeployments(workspaceUuid: \\"w\\") { id airflowVersion: runtimeAirflowVersion } }"' in diff
    assert '+    "deps": "{ workspaceDeployments(workspaceUuid: \\"w\\") { id airflowVersion: runtimeAirflowVersion } }",' in diff


def test_f14_templates_joined_by_plus_are_checked(tree):
    report, _diff = tree
    documents = _documents(report, "f14_joined.py")
    assert sorted(d["line"] for d in documents) == [8, 13, 18, 23], documents
    codes = _codes(report, "f14_joined.py")
    assert not any(code == "template-not-parsed" for _line, code in codes), codes
    assert sorted(line for line, code in codes if code == "known-argument-names") == [8, 13, 18, 23], codes


def test_f14_templates_joined_by_plus_are_migrated_in_their_own_escaping(tree):
    _report, diff = tree
    added = [line for line in diff.splitlines() if line.startswith("+    q = ")]
    assert len(added) == 4, diff
    assert all('runtimeVersion: "5.5.0"' in line and "airflowVersion" not in line for line in added), added
    # the .format template keeps its doubled braces and its one field; the % template its %s fields
    assert any("'mutation {{ createDeployment(workspaceUuid: \"{}\", label: \"etl\", '.format(ws) + 'type:" in line for line in added), added
    assert any('{{ id }} }}\'.format(ws)' in line for line in added), added
    assert any("label: \"%s\", ' % (ws, label) + 'type: \"airflow\", runtimeVersion: \"5.5.0\") { id } }'" in line for line in added), added


# F18: updateDeploymentImage whose image is, or may be, an AC image through an argparse or click option
# default, a constant imported from a module of the run, or ``image or DEFAULT``: the version is held and
# reviewed (review-ac-image-with-version), never migrated beside it.  Control: a Runtime default migrates.
DEPLOY = (
    'import os\n\nimport requests\n\nURL = os.environ["HOUSTON_URL"]\n'
    'DEPLOY = """\nmutation Deploy($releaseName: String!, $image: String!) {\n'
    '  updateDeploymentImage(releaseName: $releaseName, image: $image, airflowVersion: "2.3.4-11") { id }\n}\n"""\n'
)
AC_IMAGE = "quay.io/astronomer/ap-airflow:2.3.4-11-onbuild"
SEND = '    requests.post(URL, json={"query": DEPLOY, "variables": {"releaseName": %s, "image": %s}})\n'
IMAGES = {
    "f18_argparse.py": "import argparse\n" + DEPLOY + "\n\ndef main():\n    p = argparse.ArgumentParser()\n"
    f'    p.add_argument("release")\n    p.add_argument("--image", "-i", default="{AC_IMAGE}")\n    args = p.parse_args()\n'
    + SEND % ("args.release", "args.image"),
    "f18_click.py": "import click\n" + DEPLOY + f'\n\n@click.command()\n@click.argument("release")\n@click.option("--image", default="{AC_IMAGE}")\n'
    "def main(release, image):\n" + SEND % ("release", "image"),
    "settings.py": f'AIRFLOW_IMAGE = "{AC_IMAGE}"\n',
    "f18_imported.py": "from settings import AIRFLOW_IMAGE\n" + DEPLOY + "\n\ndef main(release):\n" + SEND % ("release", "AIRFLOW_IMAGE"),
    "f18_or.py": DEPLOY + f'IMG = "{AC_IMAGE}"\n\n\ndef main(release, image=None):\n' + SEND % ("release", "image or IMG"),
    "f18_runtime_default.py": "import argparse\n" + DEPLOY + "\n\ndef main():\n    p = argparse.ArgumentParser()\n"
    '    p.add_argument("--image", default="registry.example.com/acme/airflow:ci")\n    args = p.parse_args()\n'
    + SEND % ('"etl"', "args.image"),
}


@pytest.fixture(scope="module")
def images(tmp_path_factory):
    root = tmp_path_factory.mktemp("rt18_images")
    write(root, IMAGES)
    done = run("rewrite", "--diff", "--no-cache", ".", cwd=root)
    assert "Traceback" not in done.stderr, done.stderr
    return done


@pytest.mark.parametrize("path", ["f18_argparse.py", "f18_click.py", "f18_imported.py", "f18_or.py"])
def test_f18_version_beside_an_ac_image_default_is_held(images, path):
    assert f"+++ b/{path}" not in images.stdout, images.stdout
    reviewed = [line for line in (images.stdout + images.stderr).splitlines() if path in line and "review-ac-image-with-version" in line]
    assert reviewed, (images.stdout, images.stderr)


def test_f18_a_runtime_default_still_migrates(images):
    assert "+++ b/f18_runtime_default.py" in images.stdout, images.stdout
    assert '+  updateDeploymentImage(releaseName: $releaseName, image: $image, runtimeVersion: "5.5.0") { id }' in images.stdout


# F2 / F4: AC versions a drift or allow-list check compares Deployments' airflowVersion with, written as
# a command-line option default or as a list split from one string: review-ac-version-comparison at the
# comparison.  Controls: a Runtime-format default and a split list of Runtime versions are not reviewed.
READ_HEAD = (
    'import os\n\nimport requests\n\nHOUSTON_URL = "https://houston.astro.example.com/v1"\n'
    'Q = "{ workspaceDeployments(workspaceUuid: \\"ws\\") { id releaseName airflowVersion } }"\n\n\n'
    'def deps():\n    r = requests.post(HOUSTON_URL, json={"query": Q})\n    return r.json()["data"]["workspaceDeployments"]\n'
)
READS = {
    "f2_argparse.py": "import argparse\n" + READ_HEAD + "\n\ndef main():\n    p = argparse.ArgumentParser()\n"
    '    p.add_argument("--expected", default="2.3.4-11")\n    args = p.parse_args()\n    for d in deps():\n'
    '        if d["airflowVersion"] != args.expected:\n            print("drift", d["releaseName"])\n',
    "f2_click.py": "import click\n" + READ_HEAD + '\n\n@click.command()\n@click.option("--expected", default="2.3.4-11", show_default=True)\n'
    'def main(expected):\n    for d in deps():\n        if d["airflowVersion"] != expected:\n            click.echo(d["releaseName"])\n',
    "f2_runtime.py": "import argparse\n" + READ_HEAD + "\n\ndef main():\n    p = argparse.ArgumentParser()\n"
    '    p.add_argument("--expected", default="2.3.4")\n    args = p.parse_args()\n    for d in deps():\n'
    '        if d["airflowVersion"] != args.expected:\n            print("drift", d["releaseName"])\n',
    "f4_split.py": READ_HEAD.replace("\n\n\ndef deps", '\nALLOWED = "2.3.4-11 2.4.3-6".split()\nRUNTIME = "2.3.4 2.4.3".split()\n\n\ndef deps', 1)
    + '\n\ndef c():\n    allowed = os.environ.get("ALLOWED_AC", "2.3.4-11,2.4.3-6").split(",")\n'
    '    return [d for d in deps() if d["airflowVersion"] not in allowed]\n'
    '\n\ndef e():\n    return [d for d in deps() if d["airflowVersion"] not in ALLOWED]\n'
    '\n\ndef h():\n    return [d for d in deps() if d["airflowVersion"] in "2.3.4-11,2.4.3-6"]\n'
    '\n\ndef r():\n    return [d for d in deps() if d["airflowVersion"] in RUNTIME]\n',
}


@pytest.fixture(scope="module")
def reads(tmp_path_factory):
    root = tmp_path_factory.mktemp("rt18_reads")
    write(root, READS)
    completed = run("check", "--no-cache", "--format", "json", ".", cwd=root)
    assert "Traceback" not in completed.stderr, completed.stderr
    return json.loads(completed.stdout)


def _compared(report, path):
    return sorted(f["line"] for f in report["findings"] if f["path"] == path and f["code"] == "review-ac-version-comparison")


def test_f2_option_defaults_compared_with_reads_are_reviewed(reads):
    assert _compared(reads, "f2_argparse.py") == [20], reads["findings"]
    assert _compared(reads, "f2_click.py") == [19], reads["findings"]
    assert _compared(reads, "f2_runtime.py") == [], reads["findings"]


def test_f4_split_allow_lists_are_reviewed(reads):
    source = READS["f4_split.py"].splitlines()
    expected = [i + 1 for i, line in enumerate(source) if "not in allowed" in line or "not in ALLOWED" in line or 'in "2.3.4-11,' in line]
    assert len(expected) == 3
    assert _compared(reads, "f4_split.py") == expected, reads["findings"]
