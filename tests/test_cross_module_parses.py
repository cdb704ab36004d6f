"""The cross-module index parses a module for in-process executions only when it may name a schema (issue 15, warm row).

Every run, warm or cold, builds the index before any cached result is used.  A
Houston script made with gql's Client mentions "schema" only in
``fetch_schema_from_transport=``, a keyword that is never an expression, so it is not
parsed for ``schema.execute(...)`` calls.  Work is counted (modules parsed), never timed.
"""

from codemods.sources import cross_module

GQL_SCRIPT = (
    "from gql import Client, gql\n"
    "from gql.transport.requests import RequestsHTTPTransport\n"
    "from queries import CREATE\n"
    "client = Client(transport=RequestsHTTPTransport(url='https://houston.example.com/v1'),\n"
    "                fetch_schema_from_transport=False)\n"
    "client.execute(gql(CREATE))\n"
)
LOCAL_TEST = (
    "from queries import CREATE\n"
    "from app import schema\n"
    "def test_create():\n"
    "    assert schema.execute_sync(CREATE).errors is None\n"
)
QUERIES = "CREATE = 'mutation { createThing(name: \"x\") { id } }'\n"


def _build(tmp_path, monkeypatch, scripts):
    parsed = []
    real = cross_module._local_executions

    def counting(text, *rest):  # rest: the module's path (red team 20 F13: the executed schema's file is read beside it)
        parsed.append(text)
        return real(text, *rest)

    monkeypatch.setattr(cross_module, "_local_executions", counting)
    (tmp_path / "queries.py").write_text(QUERIES, encoding="utf-8")
    paths = [str(tmp_path / "queries.py")]
    for name, text in scripts.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        paths.append(str(tmp_path / name))
    return parsed, cross_module.build(paths)


def test_gql_client_scripts_are_not_parsed_for_executions(tmp_path, monkeypatch):
    parsed, _ = _build(tmp_path, monkeypatch, {f"s{i}.py": GQL_SCRIPT for i in range(20)})
    assert parsed == []


def test_a_schema_execution_is_still_found(tmp_path, monkeypatch):
    parsed, index = _build(tmp_path, monkeypatch, {"s0.py": GQL_SCRIPT, "test_app.py": LOCAL_TEST})
    assert parsed == [LOCAL_TEST]
    queries = next(entry for path, entry in index.items() if path.endswith("queries.py"))
    assert any("execute_sync" in said for said in queries["executed_by"]["CREATE"])


# sgqlc's code generator names the schema after its module: ``github_schema = sgqlc.types.Schema()`` in
# github_schema.py, then ``__schema__ = github_schema`` in every class (issue 15, size row).
SGQLC_LIKE = "import sgqlc.types\n\nbig_schema = sgqlc.types.Schema()\n\n" + "".join(
    f"class T{i}(sgqlc.types.Type):\n    __schema__ = big_schema\n    name = sgqlc.types.Field(str, graphql_name='name')\n\n"
    for i in range(200)
)


def _parses_for_mentions(tmp_path, monkeypatch, files):
    parsed = []
    real = cross_module._parsed
    monkeypatch.setattr(cross_module, "_parsed", lambda text: parsed.append(text) or real(text))
    paths = []
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        paths.append(str(tmp_path / name))
    cross_module.build(paths)
    return parsed


def test_a_module_naming_only_itself_is_not_parsed_for_mentions(tmp_path, monkeypatch):
    assert _parses_for_mentions(tmp_path, monkeypatch, {"big_schema.py": SGQLC_LIKE}) == []


def test_a_module_naming_another_module_of_the_run_is_still_parsed(tmp_path, monkeypatch):
    user = "import importlib\nschema = importlib.import_module('big_schema')\n"
    parsed = _parses_for_mentions(tmp_path, monkeypatch, {"big_schema.py": SGQLC_LIKE, "user.py": user})
    assert parsed == [user]
    # and two modules of one name: a mention in one may mean the other, so it is read
    (tmp_path / "pkg").mkdir()
    twin = {"big_schema.py": SGQLC_LIKE, "pkg/big_schema.py": SGQLC_LIKE}
    assert len(_parses_for_mentions(tmp_path, monkeypatch, twin)) == 2
