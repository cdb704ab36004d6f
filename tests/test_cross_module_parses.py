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
