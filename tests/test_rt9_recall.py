"""Red team 9 (issue 12, recall): documents sent in ways the finder did not follow.

Every test runs the installed ``houston-codemod`` console script on files it writes
(``tmp_path``) and reads its JSON output or the files on disk.
"""

import json
import subprocess


def run(*args, cwd):
    return subprocess.run(["houston-codemod", *args], cwd=cwd, capture_output=True, text=True, timeout=120)


def check(cwd, *extra):
    completed = run("check", "--no-cache", "--format", "json", *extra, ".", cwd=cwd)
    assert completed.returncode in (0, 1), completed.stderr
    assert "Traceback" not in completed.stderr
    return completed.returncode, json.loads(completed.stdout)


def write(root, files):
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def errors(report):
    return [(f["path"], f["line"], f["code"]) for f in report["findings"] if f["severity"] == "error"]


def document_at(report, path, line):
    found = [d for d in report["documents"] if d["path"] == path and d["line"] == line]
    assert len(found) == 1, report["documents"]
    return found[0]


# -- F16: compositions passed to a helper positionally ------------------------------------------

HELPER = (
    "import os, requests\n"
    "def houston(q, **v):\n"
    '    return requests.post(os.environ["HOUSTON_URL"], json={"query": q, "variables": v}).json()\n'
    'GET = "{ deploymnts { ...D } }\\n"\n'
    'DEP = "fragment D on Deployment { id releaseName }\\n"\n'
)


def test_percent_composition_through_a_helper_is_read(tmp_path):
    write(tmp_path, {"a.py": HELPER + "def one():\n    houston(\"%s%s\" % (GET, DEP))\n"})
    code, report = check(tmp_path)
    assert code == 1
    assert ("a.py", 4, "fields-on-correct-type") in errors(report)
    sent = document_at(report, "a.py", 7)
    assert sent["houston"] is True
    assert any(e.startswith("sent by helper houston()") for e in sent["evidence"])


def test_fstring_composition_through_a_helper_is_read(tmp_path):
    write(tmp_path, {"a.py": HELPER + "def one():\n    houston(f\"{GET}{DEP}\")\n"})
    code, report = check(tmp_path)
    assert code == 1
    assert ("a.py", 4, "fields-on-correct-type") in errors(report)
    assert document_at(report, "a.py", 7)["houston"] is True


def test_percent_template_of_other_text_through_a_helper_is_not_a_document(tmp_path):
    # The template's fill decides: "%s" filled with SQL is not GraphQL.
    write(tmp_path, {"a.py": HELPER + 'SQL = "SELECT 1"\ndef one():\n    houston("%s" % (SQL,))\n'})
    _code, report = check(tmp_path)
    assert [d["line"] for d in report["documents"] if d["path"] == "a.py" and d["line"] == 8] == []


def test_query_keyword_of_a_helper_is_the_helpers_send(tmp_path):
    source = HELPER.replace("def houston(q, **v)", "def houston(query, **v)").replace('"query": q,', '"query": query,')
    write(tmp_path, {"a.py": source + "def one():\n    houston(query=f\"{GET}{DEP}\")\n"})
    code, report = check(tmp_path)
    assert code == 1
    sent = document_at(report, "a.py", 7)
    assert any(e.startswith("sent by helper houston()") for e in sent["evidence"])


# -- F8: an imported constant sent unchanged -----------------------------------------------------


def test_imported_constant_sent_unchanged_is_read_with_its_text(tmp_path):
    write(tmp_path, {
        "queries.py": 'WS = "{ workspces { id } }"\nDEPS = """query Deps { deployments { id releaseNme } }"""\n',
        "main.py": (
            "import os, requests\n"
            "from queries import WS, DEPS\n"
            'HOUSTON_URL = os.environ["HOUSTON_URL"]\n'
            "def main():\n"
            '    requests.post(HOUSTON_URL, json={"query": WS})\n'
            '    requests.post(HOUSTON_URL, json={"query": DEPS})\n'
        ),
    })
    code, report = check(tmp_path)
    assert code == 1
    assert {("main.py", 5, "fields-on-correct-type"), ("main.py", 6, "fields-on-correct-type")} <= set(errors(report))
    assert any(e.startswith("posted to HOUSTON_URL") for e in document_at(report, "main.py", 6)["evidence"])


def test_imported_constant_sent_is_never_edited_in_the_importer(tmp_path):
    create = 'CREATE = """mutation C($ws: Uuid!) { createDeployment(workspaceUuid: $ws, airflowVersion: "2.3.4-11") { id } }"""\n'
    main = (
        "import os, requests\nfrom queries import CREATE\n"
        'HOUSTON_URL = os.environ["HOUSTON_URL"]\n'
        'def create(ws):\n    return requests.post(HOUSTON_URL, json={"query": CREATE, "variables": {"ws": ws}})\n'
    )
    write(tmp_path, {"queries.py": create, "main.py": main})
    completed = run("rewrite", "--no-cache", ".", cwd=tmp_path)
    assert completed.returncode in (0, 1), completed.stderr
    assert (tmp_path / "main.py").read_text() == main
    assert (tmp_path / "queries.py").read_text() == create
    _code, report = check(tmp_path)
    assert any(f["path"] == "main.py" and f["code"] == "review-imported-constant" for f in report["findings"])


def test_a_parameter_shadowing_an_imported_name_is_not_the_constant(tmp_path):
    write(tmp_path, {
        "queries.py": 'WS = "{ workspces { id } }"\n',
        "main.py": (
            "import os, requests\nfrom queries import WS\n"
            'def main(WS):\n    requests.post(os.environ["HOUSTON_URL"], json={"query": WS})\n'
        ),
    })
    _code, report = check(tmp_path)
    assert [d for d in report["documents"] if d["path"] == "main.py"] == []


# -- F10: HOUSTON_* documents with syntax errors, HOUSTON_* dict entries -------------------------


def test_houston_named_documents_with_syntax_errors_are_reported(tmp_path):
    write(tmp_path, {"a.py": (
        'HOUSTON_A = "{ deployments { id releaseName }"\n'
        'HOUSTON_B = """query B { deployments { id releaseName }"""\n'
        'HOUSTON_HELP = "query the Houston API for deployments"\n'
        'NOTES = "{ deployments { id releaseName }"\n'
        'HOUSTON_HEADERS = \'{"Authorization": {"scheme": "Bearer"}\'\n'
        'HOUSTON_TEXT = "{ not graphql"\n'
    )})
    code, report = check(tmp_path)
    assert code == 1
    assert sorted(errors(report)) == [("a.py", 1, "graphql-syntax"), ("a.py", 2, "graphql-syntax")]


def test_entries_of_a_houston_named_dict_are_houston_documents(tmp_path):
    write(tmp_path, {"a.py": 'HOUSTON_QUERIES = {"deps": "{ deploymnts { id } }", "ws": "query W { workspces { id } }"}\n'})
    code, report = check(tmp_path)
    assert code == 1
    assert [d["houston"] for d in report["documents"]] == [True, True]
    assert len([e for e in errors(report) if e[2] == "fields-on-correct-type"]) == 2


# -- F11: a Houston document that does not parse is listed and explained ------------------------


def test_unparsed_houston_document_is_listed_and_explained(tmp_path):
    source = (
        "import httpx\n"
        "async def main():\n"
        '    async with httpx.AsyncClient(base_url="https://houston.acme.io") as c:\n'
        '        await c.post("/v1", json={"query": "query { workspaces { id label }"})\n'
    )
    write(tmp_path, {"a.py": source})
    code, report = check(tmp_path)
    assert code == 1
    assert errors(report) == [("a.py", 4, "graphql-syntax")]
    listed = document_at(report, "a.py", 4)
    assert listed["houston"] is True and listed["operations"] == [] and listed["evidence"]
    explained = run("check", "--no-cache", "--explain", "a.py:4", cwd=tmp_path)
    assert "no GraphQL document found" not in explained.stdout
    assert "a.py:4:" in explained.stdout and "does not parse" in explained.stdout
    as_json = json.loads(run("check", "--no-cache", "--explain", "a.py:4", "--format", "json", cwd=tmp_path).stdout)
    assert as_json["documents"][0]["explanation"][0].startswith("? does not parse (line 4)")


def test_unparsed_document_not_judged_houston_is_not_listed(tmp_path):
    write(tmp_path, {"a.py": (
        "import requests\n"
        'requests.post("https://api.example.com/graphql", json={"query": "query { users { id }"})\n'
    )})
    code, report = check(tmp_path)
    assert code == 0 and report["documents"] == [] and report["findings"] == []


# -- F14: textwrap.dedent / .strip() / inspect.cleandoc at the send -----------------------------


def test_text_keeping_calls_at_the_send_are_followed(tmp_path):
    write(tmp_path, {"a.py": (
        "import inspect, os, requests, textwrap\n"
        'HOUSTON_URL = os.environ["HOUSTON_URL"]\n'
        'Q1 = """\n    {\n      workspces { id }\n    }\n"""\n'
        'Q2 = "  { deploymnts { id } }  "\n'
        'Q3 = """\n    mutation Create($ws: Uuid!) {\n      createDeployment(workspaceUuid: $ws, label: "etl") { id }\n    }\n"""\n'
        'Q4 = """\n    { appConfg { version } }\n"""\n'
        "def a():\n"
        '    return requests.post(HOUSTON_URL, json={"query": textwrap.dedent(Q1)})\n'
        "def b():\n"
        '    return requests.post(HOUSTON_URL, json={"query": Q2.strip()})\n'
        "def c(ws):\n"
        '    return requests.post(HOUSTON_URL, json={"query": textwrap.dedent(Q3), "variables": {"ws": ws}})\n'
        "def d():\n"
        '    return requests.post(HOUSTON_URL, json={"query": inspect.cleandoc(Q4)})\n'
    )})
    code, report = check(tmp_path)
    assert code == 1
    assert {("a.py", 5), ("a.py", 8), ("a.py", 15)} <= {(p, l) for p, l, c in errors(report) if c == "fields-on-correct-type"}
    for line in (3, 8, 9, 14):
        assert any(e.startswith("posted to HOUSTON_URL") for e in document_at(report, "a.py", line)["evidence"])


def test_text_keeping_call_inside_a_helper_makes_its_parameter_a_document(tmp_path):
    write(tmp_path, {"a.py": (
        "import os, requests, textwrap\n"
        "def houston(q):\n"
        '    return requests.post(os.environ["HOUSTON_URL"], json={"query": textwrap.dedent(q)})\n'
        "def main():\n"
        '    houston("""\n        { deploymnts { id } }\n    """)\n'
    )})
    code, report = check(tmp_path)
    assert code == 1
    assert ("a.py", 6, "fields-on-correct-type") in errors(report)


# -- F15: .graphql files read through joined paths -----------------------------------------------

PATHLIB_READER = (
    "import os, requests\nfrom pathlib import Path\n"
    'HOUSTON_URL = os.environ["HOUSTON_URL"]\n'
    "def a():\n"
    '    q = (Path(__file__).parent / "queries" / "x.graphql").read_text()\n'
    '    return requests.post(HOUSTON_URL, json={"query": q})\n'
)
OS_PATH_READER = (
    "import os, requests\n"
    'HOUSTON_URL = os.environ["HOUSTON_URL"]\n'
    'QDIR = os.path.join(os.path.dirname(__file__), "queries")\n'
    "def a():\n"
    '    with open(os.path.join(QDIR, "x.graphql")) as f:\n'
    "        q = f.read()\n"
    '    return requests.post(HOUSTON_URL, json={"query": q})\n'
)


def test_graphql_file_read_through_a_joined_path_is_the_scripts(tmp_path):
    for name, script in (("pathlib", PATHLIB_READER), ("ospath", OS_PATH_READER)):
        root = tmp_path / name
        write(root, {"a.py": script, "queries/x.graphql": "query Ws { workspces { id } }\n"})
        code, report = check(root)
        assert code == 1, name
        assert ("queries/x.graphql", 1, "fields-on-correct-type") in errors(report), name
        listed = document_at(report, "queries/x.graphql", 1)
        assert listed["houston"] is True
        assert any(e.startswith("read by ../a.py (line 5)") for e in listed["evidence"]), name


def test_a_joined_path_naming_two_files_below_the_script_places_neither(tmp_path):
    # Red team 12 F7: the literal parts name queries/x.graphql exactly; the same-named old/x.graphql is
    # never taken for it.  A join whose folder is not a literal part places neither (test below).
    write(tmp_path, {
        "a.py": PATHLIB_READER,
        "queries/x.graphql": "query Ws { workspces { id } }\n",
        "old/x.graphql": "query Ws { workspces { id } }\n",
    })
    _code, report = check(tmp_path)
    assert any(e.startswith("read by ../a.py (line 5)") for e in document_at(report, "queries/x.graphql", 1)["evidence"])
    assert not any(e.startswith("read by") for e in document_at(report, "old/x.graphql", 1)["evidence"])


def test_a_joined_path_with_an_unknown_folder_naming_two_files_places_neither(tmp_path):
    write(tmp_path, {
        "a.py": PATHLIB_READER.replace('/ "queries" / "x.graphql"', '/ os.environ["QDIR"] / "x.graphql"'),
        "queries/x.graphql": "query Ws { workspces { id } }\n",
        "old/x.graphql": "query Ws { workspces { id } }\n",
    })
    _code, report = check(tmp_path)
    for path in ("queries/x.graphql", "old/x.graphql"):
        assert not any(e.startswith("read by") for e in document_at(report, path, 1)["evidence"])


# -- F9: an imported document run in process by its importer ------------------------------------

CREATE = (
    'CREATE = """\nmutation Create($ws: Uuid!) {\n'
    '  createDeployment(workspaceUuid: $ws, label: "etl", type: "airflow", airflowVersion: "2.3.4-11") { id airflowVersion }\n'
    '}\n"""\n'
)


def test_constant_an_importer_executes_in_process_is_not_houstons(tmp_path):
    test_server = (
        "from myserver.schema import schema\nfrom queries import CREATE\n"
        "def test_create():\n"
        '    r = schema.execute_sync(CREATE, variable_values={"ws": "w"})\n'
        '    assert r.data["createDeployment"]["airflowVersion"] == "2.3.4-11"\n'
    )
    write(tmp_path, {"tests/queries.py": CREATE, "tests/test_server.py": test_server})
    _code, report = check(tmp_path)
    listed = document_at(report, "tests/queries.py", 1)
    assert listed["houston"] is False
    assert "executed in process by tests/test_server.py: schema.execute_sync(CREATE) (line 4)" in listed["evidence"]
    rewritten = run("rewrite", "--no-cache", ".", cwd=tmp_path)
    assert rewritten.returncode == 0, rewritten.stderr
    assert (tmp_path / "tests/queries.py").read_text() == CREATE


def test_constant_an_importer_hands_elsewhere_is_checked_not_edited(tmp_path):
    # The importer holds no GraphQL of its own (the byte prefilter skips it), yet it imports the constant.
    use = (
        "from queries import CREATE\nimport subprocess\n"
        "def main(ws):\n"
        '    subprocess.run(["my-cli", "--endpoint", "https://api.acme.com/graphql", "--query", CREATE])\n'
    )
    write(tmp_path, {"queries.py": CREATE, "use.py": use})
    completed = run("rewrite", "--check", "--no-cache", ".", cwd=tmp_path)
    assert completed.returncode == 0, completed.stdout + completed.stderr
    _code, report = check(tmp_path)
    assert any(f["code"] == "review-imported-constant" and "use.py" in f["message"] for f in report["findings"])


def test_unparsed_graphql_file_read_by_a_houston_script_is_listed(tmp_path):
    write(tmp_path, {
        "a.py": (
            "import os, requests\n"
            'HOUSTON_URL = os.environ["HOUSTON_URL"]\n'
            "def a():\n"
            '    return requests.post(HOUSTON_URL, json={"query": open("q/deps.graphql").read()})\n'
        ),
        "q/deps.graphql": "query Deps { deployments { id releaseName }\n",
    })
    code, report = check(tmp_path)
    assert code == 1
    assert errors(report) == [("q/deps.graphql", 2, "graphql-syntax")]
    listed = document_at(report, "q/deps.graphql", 1)
    assert listed["houston"] is True and listed["operations"] == []
    assert any(e.startswith("read by ../a.py (line 4)") for e in listed["evidence"])
